package discordtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// interaction is an INTERACTION_CREATE the fake delivered, and what became
// of it.
type interaction struct {
	id, token, app, channel string
	user                    json.RawMessage
	at                      time.Time // when it was delivered
	acked                   bool
	ackType                 int
	ephemeral               bool
	original                int // 1 + the index of the response message in restState.imsgs; 0: none yet
}

// InteractionMessage is a message the client sent through an interaction's
// token (https://discord.com/developers/docs/interactions/receiving-and-responding#followup-messages):
// the response itself (Original: the deferred "thinking…" message edited,
// PATCH /webhooks/{app}/{token}/messages/@original) or a follow-up (POST
// /webhooks/{app}/{token}).
type InteractionMessage struct {
	InteractionID string
	// ID is the message's id.
	ID string
	// Original tells the interaction's response from a follow-up.
	Original bool
	// Ephemeral: only the user who acted sees it. A response is ephemeral
	// when its deferral was; a follow-up when its flags say so.
	Ephemeral bool
	Content   string
	// Edited tells that the content was set (the deferred response's
	// "thinking…" replaced); Deleted that the client deleted it.
	Edited, Deleted bool
	Components      []ActionRow
	AllowedMentions *AllowedMentions
	Request         Request
}

// received notes an INTERACTION_CREATE being delivered now; a replay keeps
// the first delivery's time.
func (s *Server) received(raw json.RawMessage) {
	var d struct {
		ID      string          `json:"id"`
		Token   string          `json:"token"`
		App     string          `json:"application_id"`
		Channel string          `json:"channel_id"`
		User    json.RawMessage `json:"user"`
		Member  struct {
			User json.RawMessage `json:"user"`
		} `json:"member"`
	}
	if json.Unmarshal(raw, &d) != nil || d.ID == "" {
		return
	}
	user := d.User
	if len(d.Member.User) > 0 {
		user = d.Member.User
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.rest.interactions[d.ID]; ok {
		return
	}
	it := &interaction{id: d.ID, token: d.Token, app: d.App, channel: d.Channel, user: user, at: time.Now()}
	s.rest.interactions[d.ID] = it
	s.rest.byToken[d.Token] = it
}

// RegisterInteraction tells the fake that an INTERACTION_CREATE with data
// (JSON, or a value to marshal) reached the client just now, for tests that
// hand the event to the client's handler directly instead of through the
// gateway (Dispatch does this itself). The interaction's deadline runs from
// now.
func (s *Server) RegisterInteraction(t testing.TB, data any) {
	t.Helper()
	raw, ok := data.(json.RawMessage)
	if !ok {
		b, err := json.Marshal(data)
		if err != nil {
			t.Fatalf("discordtest: interaction: %v", err)
		}
		raw = b
	}
	s.received(raw)
}

func (s *Server) interactionCallback(w http.ResponseWriter, req Request, id, token string) {
	var in struct {
		Type int             `json:"type"`
		Data json.RawMessage `json:"data"`
	}
	err := json.Unmarshal(req.Body, &in)
	var data struct {
		Flags   int    `json:"flags"`
		Content string `json:"content"`
	}
	_ = json.Unmarshal(in.Data, &data)
	cb := Callback{InteractionID: id, Token: token, Type: in.Type, Data: in.Data, Ephemeral: data.Flags&64 != 0, Request: req}

	s.mu.Lock()
	it := s.rest.interactions[id]
	status, code, message := http.StatusNoContent, 0, ""
	switch {
	case it == nil || it.token != token:
		status, code, message = http.StatusNotFound, 10062, "Unknown interaction"
	case req.Time.Sub(it.at) > s.opts.InteractionDeadline:
		// "If the 3 second deadline is exceeded, the token will be
		// invalidated."
		status, code, message = http.StatusNotFound, 10062, "Unknown interaction"
	case it.acked:
		status, code, message = http.StatusBadRequest, 40060, "Interaction has already been acknowledged."
	case err != nil || in.Type < 4 || in.Type > 9:
		status, code, message = http.StatusBadRequest, 50035, "Invalid Form Body"
	default:
		it.acked, it.ackType, it.ephemeral = true, in.Type, cb.Ephemeral
		if in.Type == 4 || in.Type == 5 {
			// The response message: "thinking…" until edited (type 5), or
			// the message itself (type 4).
			m := InteractionMessage{InteractionID: id, ID: s.newIDLocked(), Original: true, Ephemeral: cb.Ephemeral, Request: req}
			if in.Type == 4 {
				m.Content, m.Edited = data.Content, true
			}
			s.rest.imsgs = append(s.rest.imsgs, m)
			it.original = len(s.rest.imsgs)
		}
	}
	if it != nil {
		cb.Late = req.Time.Sub(it.at)
	}
	if code != 0 {
		cb.Refused = fmt.Sprintf("%d %s", code, message)
	}
	s.callbacks = append(s.callbacks, cb)
	s.notifyLocked()
	s.mu.Unlock()
	if code != 0 {
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(map[string]any{"message": message, "code": code})
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// newIDLocked gives out the next message id; s.mu is held.
func (s *Server) newIDLocked() string {
	id := fmt.Sprint(s.nextID)
	s.nextID++
	return id
}

// webhook serves /webhooks/{app}/{token}[/messages/{id or @original}] for
// interaction tokens.
func (s *Server) webhook(w http.ResponseWriter, r *http.Request, req Request, parts []string) {
	app, token := parts[0], parts[1]
	fail := func(status, code int, message string) {
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(map[string]any{"message": message, "code": code})
	}
	s.mu.Lock()
	it := s.rest.byToken[token]
	if it == nil || it.app != app || !it.acked || time.Since(it.at) > TokenLifetime {
		s.mu.Unlock()
		fail(http.StatusNotFound, 10015, "Unknown Webhook")
		return
	}
	s.mu.Unlock()
	var in struct {
		Content         string           `json:"content"`
		Flags           int              `json:"flags"`
		Components      []ActionRow      `json:"components"`
		AllowedMentions *AllowedMentions `json:"allowed_mentions"`
	}
	if len(req.Body) > 0 && json.Unmarshal(req.Body, &in) != nil {
		fail(http.StatusBadRequest, 50035, "Invalid Form Body")
		return
	}
	target := ""
	if len(parts) == 4 && parts[2] == "messages" {
		target = parts[3]
	} else if len(parts) != 2 {
		fail(http.StatusNotFound, 0, "404: Not Found")
		return
	}

	s.mu.Lock()
	idx := -1 // of the message in s.rest.imsgs
	switch {
	case target == "" && r.Method == http.MethodPost:
		if it.ackType == 5 && it.original > 0 && !s.rest.imsgs[it.original-1].Edited {
			// "When using this endpoint directly after responding to an
			// interaction with DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE, this
			// endpoint will function as Edit Original Interaction
			// Response"; the ephemeral flag is ignored.
			idx = it.original - 1
		} else {
			s.rest.imsgs = append(s.rest.imsgs, InteractionMessage{InteractionID: it.id, ID: s.newIDLocked(), Ephemeral: in.Flags&64 != 0})
			idx = len(s.rest.imsgs) - 1
		}
	case target == "@original":
		idx = it.original - 1
	case target != "":
		for i := range s.rest.imsgs {
			if s.rest.imsgs[i].InteractionID == it.id && s.rest.imsgs[i].ID == target {
				idx = i
			}
		}
	}
	if idx < 0 || s.rest.imsgs[idx].Deleted {
		s.mu.Unlock()
		fail(http.StatusNotFound, 10008, "Unknown Message")
		return
	}
	m := &s.rest.imsgs[idx]
	switch r.Method {
	case http.MethodPost, http.MethodPatch:
		m.Content, m.Edited, m.Components, m.AllowedMentions, m.Request = in.Content, true, in.Components, in.AllowedMentions, req
	case http.MethodDelete:
		m.Deleted = true
	}
	out := *m
	s.notifyLocked()
	s.mu.Unlock()
	if r.Method == http.MethodDelete {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	flags := 0
	if out.Ephemeral {
		flags = 64
	}
	_ = json.NewEncoder(w).Encode(map[string]any{
		"id": out.ID, "type": 20, "channel_id": it.channel, "content": out.Content, "flags": flags,
		"timestamp":  time.Now().UTC().Format("2006-01-02T15:04:05.000000+00:00"),
		"author":     map[string]any{"id": s.opts.BotID, "username": s.opts.BotName, "bot": true},
		"webhook_id": it.app, "application_id": it.app,
		"interaction_metadata": map[string]any{"id": it.id, "type": 2, "user": it.user},
		"mentions":             []any{}, "attachments": []any{}, "embeds": []any{},
	})
}

// InteractionMessages returns the messages sent through the token of the
// interaction with id interactionID (every interaction when ""): its
// response first, then the follow-ups, as they stand now.
func (s *Server) InteractionMessages(interactionID string) []InteractionMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.interactionMessagesLocked(interactionID)
}

func (s *Server) interactionMessagesLocked(id string) []InteractionMessage {
	var out []InteractionMessage
	for _, m := range s.rest.imsgs {
		if id == "" || m.InteractionID == id {
			out = append(out, m)
		}
	}
	return out
}

// WaitInteractionMessages waits until the interaction's response has been
// edited and at least n messages (the response included) are there, and
// returns them.
func (s *Server) WaitInteractionMessages(t testing.TB, interactionID string, n int) []InteractionMessage {
	t.Helper()
	var out []InteractionMessage
	s.wait(t, fmt.Sprintf("%d messages of interaction %s", n, interactionID), func() bool {
		out = s.interactionMessagesLocked(interactionID)
		return len(out) >= n && out[0].Edited
	})
	return out
}

// commandName is Discord's pattern for the names of CHAT_INPUT commands
// and their options
// (https://discord.com/developers/docs/interactions/application-commands#application-command-object-application-command-naming).
var commandName = regexp.MustCompile(`^[-_'\p{L}\p{N}\p{Devanagari}\p{Thai}]{1,32}$`)

// putCommands serves the bulk overwrite of an application's global
// (guild "") or guild commands.
func (s *Server) putCommands(w http.ResponseWriter, req Request, app, guild string) {
	var cmds []*discordgo.ApplicationCommand
	err := json.Unmarshal(req.Body, &cmds)
	if err == nil {
		err = checkCommands(cmds)
	}
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]any{"message": "Invalid Form Body: " + err.Error(), "code": 50035})
		return
	}
	s.mu.Lock()
	for _, c := range cmds {
		c.ID, c.ApplicationID, c.GuildID, c.Version = s.newIDLocked(), app, guild, "1"
	}
	s.rest.commands[guild] = cmds
	s.notifyLocked()
	s.mu.Unlock()
	_ = json.NewEncoder(w).Encode(cmds)
}

func checkCommands(cmds []*discordgo.ApplicationCommand) error {
	if len(cmds) > 100 {
		return fmt.Errorf("%d commands, at most 100", len(cmds))
	}
	for _, c := range cmds {
		if c.Type != 0 && c.Type != discordgo.ChatApplicationCommand {
			continue
		}
		if err := checkName(c.Name, c.NameLocalizations); err != nil {
			return err
		}
		if n := utf8.RuneCountInString(c.Description); n < 1 || n > 100 {
			return fmt.Errorf("command %q: description of %d characters, 1 to 100", c.Name, n)
		}
		if err := checkOptions(c.Options); err != nil {
			return fmt.Errorf("command %q: %w", c.Name, err)
		}
	}
	return nil
}

func checkOptions(opts []*discordgo.ApplicationCommandOption) error {
	if len(opts) > 25 {
		return fmt.Errorf("%d options, at most 25", len(opts))
	}
	for _, o := range opts {
		loc := o.NameLocalizations
		if err := checkName(o.Name, &loc); err != nil {
			return err
		}
		if n := utf8.RuneCountInString(o.Description); n < 1 || n > 100 {
			return fmt.Errorf("option %q: description of %d characters, 1 to 100", o.Name, n)
		}
		for _, d := range o.DescriptionLocalizations {
			if n := utf8.RuneCountInString(d); n < 1 || n > 100 {
				return fmt.Errorf("option %q: localized description of %d characters", o.Name, n)
			}
		}
		if err := checkOptions(o.Options); err != nil {
			return fmt.Errorf("option %q: %w", o.Name, err)
		}
	}
	return nil
}

func checkName(name string, loc *map[discordgo.Locale]string) error {
	names := []string{name}
	if loc != nil {
		for _, n := range *loc {
			names = append(names, n)
		}
	}
	for _, n := range names {
		if !commandName.MatchString(n) || strings.ToLower(n) != n {
			return fmt.Errorf("name %q does not match %s in lower case", n, commandName)
		}
	}
	return nil
}

// Commands returns the application commands registered for guild, or the
// global ones for "", as the last bulk overwrite left them (nil when none
// was made).
func (s *Server) Commands(guild string) []*discordgo.ApplicationCommand {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rest.commands[guild]
}

// WaitCommands waits until commands for guild ("" for global ones) have
// been registered and returns them.
func (s *Server) WaitCommands(t testing.TB, guild string) []*discordgo.ApplicationCommand {
	t.Helper()
	var out []*discordgo.ApplicationCommand
	s.wait(t, "application commands for "+fmt.Sprintf("%q", guild), func() bool {
		out = s.rest.commands[guild]
		return out != nil
	})
	return out
}
