// Package discordtest is a fake Discord for tests of code built on
// discordgo: the REST API on an httptest server and a gateway (websocket)
// that speaks the real gateway protocol: HELLO, IDENTIFY or RESUME, READY or
// RESUMED, dispatches with sequence numbers, heartbeats and their ACKs,
// RECONNECT (op 7), INVALID SESSION (op 9) and the close codes 4004 and
// 4014. Only tests import it.
//
// A test starts a Server with New, points discordgo at it with Redirect,
// runs its client (which opens the gateway through GET /gateway as
// discordgo does), sends gateway events with Dispatch, forces a resume
// with Reconnect, and reads what the client posted with Messages,
// Callbacks, InteractionMessages, Threads, Reactions, Commands,
// MemberLookups and Requests.
//
// Where a client can get Discord wrong, the fake answers as Discord does
// (each rule cites its page of https://discord.com/developers/docs):
//
//   - rate limits (topics/rate-limits): RateLimit makes requests fail with
//     429, a Retry-After header, the X-RateLimit-* headers and a JSON body
//     with retry_after, as Discord sends them;
//   - the interaction deadline (interactions/receiving-and-responding): an
//     interaction must be answered at its callback within 3 seconds of the
//     INTERACTION_CREATE, else 404 Unknown interaction (10062); a second
//     answer gets 400 (40060); its token then serves the webhook endpoints
//     (edit the original response, follow-ups) for 15 minutes, and an
//     unanswered or expired token gets 404 Unknown Webhook (10015);
//   - threads (topics/threads, resources/channel): a thread started from a
//     message has the message's id, a message has at most one (400, 160004),
//     and a channel where the bot may not create threads answers 403
//     Missing Permissions (50013); the gateway then sends THREAD_CREATE;
//   - application commands (interactions/application-commands): names must
//     match Discord's pattern in lower case, or 400 Invalid Form Body.
//
// discordgo keeps its endpoints in package-level variables, so Redirect
// changes them for the whole process: tests that call it must not run in
// parallel with each other or with other tests that talk to Discord through
// discordgo.
package discordtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// Defaults of Options.
const (
	DefaultBotID     = "1100000000000000001"
	DefaultBotName   = "mspbot"
	DefaultSessionID = "discordtest-session-0001"
	// FirstMessageID is the id of the first message posted to the fake;
	// later ones count up from it in the order the posts arrive.
	FirstMessageID = 2000000000000000001
)

// Timeout bounds every wait of the Server's methods.
const Timeout = 10 * time.Second

// Options configure a Server. The zero value is a working fake that accepts
// any token.
type Options struct {
	// Token, when set, is the bot token the client must use (without the
	// "Bot " prefix). REST requests with another Authorization get 401; an
	// IDENTIFY or RESUME with another token closes the gateway with 4004
	// (Authentication failed).
	Token string
	// Ready is the data ("d") of the READY dispatch sent after IDENTIFY,
	// for instance a recorded one. Its session_id is the session a RESUME
	// must name (without one, every RESUME gets INVALID SESSION); its user
	// is the bot. Default: a READY for the bot BotID in no guilds, session
	// DefaultSessionID.
	Ready json.RawMessage
	// BotID and BotName are the bot's user: the author of the messages the
	// fake answers posts with, and the user of the default READY. BotID
	// defaults to the user id in Ready, else DefaultBotID.
	BotID, BotName string
	// DisallowedIntents are gateway intents the application may not use
	// (privileged intents not enabled in the Developer Portal): an IDENTIFY
	// asking for any of them is answered by closing the gateway with 4014
	// (Disallowed intent(s)), as Discord does.
	DisallowedIntents int
	// HeartbeatInterval is announced in HELLO, in milliseconds (default
	// 41250, Discord's).
	HeartbeatInterval int
	// InteractionDeadline is how long after an INTERACTION_CREATE its
	// callback is accepted (default 3s, Discord's; a test may shorten it).
	InteractionDeadline time.Duration
}

// Frame is a gateway payload as Discord sends it.
type Frame struct {
	Op int             `json:"op"`
	S  int64           `json:"s,omitempty"`
	T  string          `json:"t,omitempty"`
	D  json.RawMessage `json:"d"`
}

// Handshake is what a client sent to start a session on one gateway
// connection: IDENTIFY (op 2) or RESUME (op 6).
type Handshake struct {
	// Conn is the 0-based number of the gateway connection.
	Conn int
	// Op is 2 (IDENTIFY) or 6 (RESUME).
	Op        int
	Token     string // as sent: "Bot <token>"
	Intents   int    // IDENTIFY only
	SessionID string // RESUME only
	Seq       int64  // RESUME only: the last sequence number the client saw
	// Data is the payload's "d" as sent.
	Data json.RawMessage
	// Refused tells why the gateway refused it ("" when it did not): the
	// close code and reason, or "invalid session" (op 9).
	Refused string
}

// Request is one REST call the Server received.
type Request struct {
	Method, Path, Auth, ContentType string
	Body                            []byte
	// Time is when it arrived.
	Time time.Time
	// Limited tells that the fake answered it 429 (see RateLimit).
	Limited bool
}

// JSON returns the request's body as a JSON object; it fails the test when
// the body is not one.
func (r Request) JSON(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("%s %s: body is not a JSON object: %v: %s", r.Method, r.Path, err, r.Body)
	}
	return m
}

// Message is a message the client posted (POST /channels/{id}/messages).
type Message struct {
	// ID is the id the fake gave the message.
	ID        string
	ChannelID string
	Content   string
	// Reference is the message_reference: the message this one replies to.
	Reference *MessageReference
	// AllowedMentions is nil when the request had none.
	AllowedMentions *AllowedMentions
	Components      []ActionRow
	// Request is the request as received.
	Request Request
}

// MessageReference is a posted message's message_reference.
type MessageReference struct {
	MessageID       string `json:"message_id"`
	ChannelID       string `json:"channel_id"`
	GuildID         string `json:"guild_id"`
	FailIfNotExists *bool  `json:"fail_if_not_exists"`
}

// AllowedMentions is a posted message's allowed_mentions.
type AllowedMentions struct {
	Parse       []string `json:"parse"`
	Roles       []string `json:"roles"`
	Users       []string `json:"users"`
	RepliedUser bool     `json:"replied_user"`
}

// ActionRow is a row of message components (type 1).
type ActionRow struct {
	Type       int         `json:"type"`
	Components []Component `json:"components"`
}

// Component is one component of an action row; buttons are type 2.
type Component struct {
	Type     int    `json:"type"`
	Style    int    `json:"style"`
	Label    string `json:"label"`
	CustomID string `json:"custom_id"`
	URL      string `json:"url"`
	Disabled bool   `json:"disabled"`
}

// Callback is an interaction response the client sent
// (POST /interactions/{id}/{token}/callback).
type Callback struct {
	InteractionID, Token string
	// Type is the response type: 5 is a deferred channel message (the
	// user sees "thinking…"), 6 a deferred message update.
	Type int
	// Data is the response's "data", if any.
	Data json.RawMessage
	// Ephemeral tells that data.flags has EPHEMERAL (64).
	Ephemeral bool
	// Refused is why the fake refused it ("" when it took it): "10062
	// Unknown interaction" after the deadline or for an interaction never
	// delivered, "40060 already acknowledged", "50035 Invalid Form Body".
	Refused string
	// Late is how long after the INTERACTION_CREATE it arrived.
	Late    time.Duration
	Request Request
}

// MemberLookup is a GET /guilds/{guild}/members/{user} the client made.
type MemberLookup struct {
	Guild, User string
	// Found tells whether the fake knew the member (see SetMember).
	Found   bool
	Request Request
}

// Server is a fake Discord: REST API and gateway on one loopback port. Its
// methods are safe for concurrent use; the ones taking a testing.TB must be
// called from the test's goroutine.
type Server struct {
	opts      Options
	t         testing.TB
	srv       *httptest.Server
	sessionID string
	ready     json.RawMessage

	// sendMu orders writes to the gateway: sequence numbers go out in order.
	sendMu sync.Mutex

	mu      sync.Mutex
	changed chan struct{} // closed and replaced on every change below
	closing bool

	requests  []Request
	messages  []Message
	callbacks []Callback
	lookups   []MemberLookup
	nextID    int64
	members   map[string]string // "guild/user" -> member object
	roles     map[string]string // guild -> roles array
	forbidden map[string]bool   // channels that answer 403 to posts

	rest restState // rate limits, interactions, threads, commands, reactions

	conns      int                   // gateway connections so far
	open       map[*gatewayConn]bool // connections not yet ended
	cur        *gatewayConn          // the connection with a session, if any
	handshakes []Handshake
	seq        int64   // last sequence number given out in this session
	events     []Frame // dispatches of this session, by sequence number
	gwDone     sync.WaitGroup
}

// gatewayConn is one websocket connection of a client.
type gatewayConn struct {
	n          int
	ws         *websocket.Conn
	wmu        sync.Mutex
	heartbeats []int64 // the "d" of each heartbeat (op 1) received
	lastSeq    int64   // the sequence number of the last dispatch written
}

func (c *gatewayConn) write(v any) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_ = c.ws.SetWriteDeadline(time.Now().Add(Timeout))
	return c.ws.WriteJSON(v)
}

// New starts a fake Discord; it stops at the end of the test. It does not
// redirect discordgo: call Redirect for that.
func New(t testing.TB, opts Options) *Server {
	t.Helper()
	if opts.HeartbeatInterval <= 0 {
		opts.HeartbeatInterval = 41250
	}
	if opts.InteractionDeadline <= 0 {
		opts.InteractionDeadline = InteractionDeadline
	}
	s := &Server{
		opts:      opts,
		t:         t,
		changed:   make(chan struct{}),
		nextID:    FirstMessageID,
		members:   map[string]string{},
		roles:     map[string]string{},
		forbidden: map[string]bool{},
		open:      map[*gatewayConn]bool{},
		rest:      newRestState(),
	}
	var ready struct {
		SessionID string `json:"session_id"`
		User      struct {
			ID       string `json:"id"`
			Username string `json:"username"`
		} `json:"user"`
	}
	if opts.Ready != nil {
		if err := json.Unmarshal(opts.Ready, &ready); err != nil {
			t.Fatalf("discordtest: Options.Ready: %v", err)
		}
	}
	if s.opts.BotID == "" {
		s.opts.BotID = ready.User.ID
	}
	if s.opts.BotID == "" {
		s.opts.BotID = DefaultBotID
	}
	if s.opts.BotName == "" {
		s.opts.BotName = ready.User.Username
	}
	if s.opts.BotName == "" {
		s.opts.BotName = DefaultBotName
	}
	s.sessionID = ready.SessionID
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.ready = opts.Ready
	if s.ready == nil {
		s.sessionID = DefaultSessionID
		s.ready, _ = json.Marshal(map[string]any{
			"v":                  10,
			"user":               map[string]any{"id": s.opts.BotID, "username": s.opts.BotName, "discriminator": "0", "global_name": nil, "avatar": nil, "bot": true, "flags": 0},
			"guilds":             []any{},
			"session_id":         s.sessionID,
			"resume_gateway_url": s.gatewayURL(),
			"shard":              []int{0, 1},
			"application":        map[string]any{"id": s.opts.BotID, "flags": 0},
			"private_channels":   []any{},
		})
	}
	t.Cleanup(s.close)
	return s
}

// close ends the gateway connections and the server, and waits for the
// gateway's goroutines.
func (s *Server) close() {
	s.mu.Lock()
	s.closing = true
	for c := range s.open {
		_ = c.ws.Close()
	}
	s.mu.Unlock()
	s.srv.Close()
	s.gwDone.Wait()
}

// URL returns the server's base URL ("http://127.0.0.1:port").
func (s *Server) URL() string { return s.srv.URL }

func (s *Server) gatewayURL() string { return "ws://" + s.srv.Listener.Addr().String() + "/gateway-ws" }

// BotID returns the bot user's id.
func (s *Server) BotID() string { return s.opts.BotID }

// SessionID returns the gateway session id READY announces.
func (s *Server) SessionID() string { return s.sessionID }

// endpoints are discordgo's endpoint variables that hold URLs of the REST
// API (the URL builders that are functions read these when called).
var endpoints = []*string{
	&discordgo.EndpointDiscord, &discordgo.EndpointAPI,
	&discordgo.EndpointGuilds, &discordgo.EndpointChannels, &discordgo.EndpointUsers,
	&discordgo.EndpointGateway, &discordgo.EndpointGatewayBot, &discordgo.EndpointWebhooks,
	&discordgo.EndpointStickers, &discordgo.EndpointStageInstances, &discordgo.EndpointSKUs,
	&discordgo.EndpointVoice, &discordgo.EndpointVoiceRegions, &discordgo.EndpointNitroStickersPacks,
	&discordgo.EndpointGuildCreate, &discordgo.EndpointApplications,
	&discordgo.EndpointOAuth2, &discordgo.EndpointOAuth2Applications,
	&discordgo.EndpointOauth2, &discordgo.EndpointOauth2Applications,
}

// Redirect points discordgo's REST endpoint variables (EndpointDiscord,
// EndpointAPI and the ones built from them) at s for the rest of the test
// and restores them with t.Cleanup. Call it before the client makes its
// first request (discordgo.New makes none; Session.Open asks GET /gateway
// for the gateway's address).
//
// The variables are process-global: a test calling Redirect must not run
// in parallel (t.Parallel) with other tests that use discordgo, and the
// client must have stopped (its gateway closed, its requests done) before
// the test ends, or the race detector sees the restore.
func (s *Server) Redirect(t testing.TB) {
	t.Helper()
	saved := make([]string, len(endpoints))
	for i, v := range endpoints {
		saved[i] = *v
	}
	t.Cleanup(func() {
		for i, v := range endpoints {
			*v = saved[i]
		}
	})
	from := saved[0] // EndpointDiscord
	base := s.srv.URL + "/"
	for i, v := range endpoints {
		if rest, ok := strings.CutPrefix(saved[i], from); ok {
			*v = base + rest
		}
	}
}

// SetMember makes GET /guilds/{guild}/members/{user} answer member, a JSON
// guild member object. Unknown members get 404 Unknown Member (10007).
func (s *Server) SetMember(guild, user, member string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.members[guild+"/"+user] = member
}

// SetRoles makes GET /guilds/{guild}/roles answer roles, a JSON array of
// role objects (default []).
func (s *Server) SetRoles(guild, roles string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.roles[guild] = roles
}

// ForbidChannel makes posts to channel fail with 403 Missing Access (50001).
func (s *Server) ForbidChannel(channel string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.forbidden[channel] = true
}

// notifyLocked wakes the waiters; s.mu is held.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// wait waits until cond, called with s.mu held, reports true; it fails the
// test after Timeout.
func (s *Server) wait(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.NewTimer(Timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		ok := cond()
		ch := s.changed
		s.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-ch:
		case <-deadline.C:
			t.Fatalf("discordtest: %s: not within %v", what, Timeout)
		}
	}
}

// errorf reports a failure of the fake itself, unless the test is over.
func (s *Server) errorf(format string, args ...any) {
	s.mu.Lock()
	closing := s.closing
	s.mu.Unlock()
	if !closing {
		s.t.Errorf("discordtest: "+format, args...)
	}
}

// ---- REST

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if strings.TrimSuffix(r.URL.Path, "/") == "/gateway-ws" {
		s.serveGateway(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	req := Request{Method: r.Method, Path: r.URL.Path, Auth: r.Header.Get("Authorization"), ContentType: r.Header.Get("Content-Type"),
		Body: body, Time: time.Now()}
	s.mu.Lock()
	lim := s.limitLocked(req)
	req.Limited = lim != nil
	s.requests = append(s.requests, req)
	s.notifyLocked()
	s.mu.Unlock()
	if lim != nil {
		writeRateLimit(w, lim)
		return
	}

	w.Header().Set("Content-Type", "application/json")
	fail := func(status int, message string, code int) {
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(map[string]any{"message": message, "code": code})
	}
	path, ok := strings.CutPrefix(r.URL.Path, "/api/v"+discordgo.APIVersion+"/")
	if !ok {
		fail(http.StatusNotFound, "404: Not Found", 0)
		return
	}
	if s.opts.Token != "" && req.Auth != "Bot "+s.opts.Token {
		fail(http.StatusUnauthorized, "401: Unauthorized", 0)
		return
	}
	parts := strings.Split(path, "/")
	switch {
	case r.Method == http.MethodGet && path == "gateway":
		_ = json.NewEncoder(w).Encode(map[string]any{"url": s.gatewayURL()})
	case r.Method == http.MethodGet && path == "gateway/bot":
		_ = json.NewEncoder(w).Encode(map[string]any{
			"url": s.gatewayURL(), "shards": 1,
			"session_start_limit": map[string]any{"total": 1000, "remaining": 999, "reset_after": 14400000, "max_concurrency": 1},
		})
	case r.Method == http.MethodPost && len(parts) == 3 && parts[0] == "channels" && parts[2] == "messages":
		s.postMessage(w, req, parts[1])
	case r.Method == http.MethodPost && len(parts) == 4 && parts[0] == "interactions" && parts[3] == "callback":
		s.interactionCallback(w, req, parts[1], parts[2])
	case parts[0] == "webhooks" && len(parts) >= 3:
		s.webhook(w, r, req, parts[1:])
	case r.Method == http.MethodPut && parts[0] == "applications" && (len(parts) == 3 && parts[2] == "commands" ||
		len(parts) == 5 && parts[2] == "guilds" && parts[4] == "commands"):
		guild := ""
		if len(parts) == 5 {
			guild = parts[3]
		}
		s.putCommands(w, req, parts[1], guild)
	case r.Method == http.MethodPost && len(parts) == 5 && parts[0] == "channels" && parts[2] == "messages" && parts[4] == "threads":
		s.startThread(w, req, parts[1], parts[3])
	case r.Method == http.MethodPost && len(parts) == 3 && parts[0] == "channels" && parts[2] == "threads":
		s.startThread(w, req, parts[1], "")
	case r.Method == http.MethodPut && len(parts) == 4 && parts[0] == "channels" && parts[2] == "thread-members":
		s.addThreadMember(w, parts[1], parts[3])
	case r.Method == http.MethodPut && len(parts) == 7 && parts[0] == "channels" && parts[2] == "messages" &&
		parts[4] == "reactions" && parts[6] == "@me":
		s.addReaction(w, parts[1], parts[3], parts[5])
	case r.Method == http.MethodGet && len(parts) == 4 && parts[0] == "guilds" && parts[2] == "members":
		s.mu.Lock()
		m, found := s.members[parts[1]+"/"+parts[3]]
		s.lookups = append(s.lookups, MemberLookup{Guild: parts[1], User: parts[3], Found: found, Request: req})
		s.notifyLocked()
		s.mu.Unlock()
		if !found {
			fail(http.StatusNotFound, "Unknown Member", discordgo.ErrCodeUnknownMember)
			return
		}
		_, _ = io.WriteString(w, m)
	case r.Method == http.MethodGet && len(parts) == 3 && parts[0] == "guilds" && parts[2] == "roles":
		s.mu.Lock()
		roles, found := s.roles[parts[1]]
		s.mu.Unlock()
		if !found {
			roles = "[]"
		}
		_, _ = io.WriteString(w, roles)
	default:
		fail(http.StatusNotFound, "404: Not Found", 0)
	}
}

func (s *Server) postMessage(w http.ResponseWriter, req Request, channel string) {
	var in struct {
		Content         string            `json:"content"`
		Reference       *MessageReference `json:"message_reference"`
		AllowedMentions *AllowedMentions  `json:"allowed_mentions"`
		Components      json.RawMessage   `json:"components"`
	}
	if err := json.Unmarshal(req.Body, &in); err != nil {
		// discordgo sends multipart/form-data only with files, which the
		// fake does not take.
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, `{"message": "Invalid Form Body", "code": 50035}`)
		return
	}
	var rows []ActionRow
	if len(in.Components) > 0 && string(in.Components) != "null" {
		if err := json.Unmarshal(in.Components, &rows); err != nil {
			w.WriteHeader(http.StatusBadRequest)
			_, _ = io.WriteString(w, `{"message": "Invalid Form Body", "code": 50035}`)
			return
		}
	}
	s.mu.Lock()
	if s.forbidden[channel] {
		s.mu.Unlock()
		w.WriteHeader(http.StatusForbidden)
		_, _ = io.WriteString(w, `{"message": "Missing Access", "code": 50001}`)
		return
	}
	id := fmt.Sprint(s.nextID)
	s.nextID++
	s.messages = append(s.messages, Message{
		ID: id, ChannelID: channel, Content: in.Content, Reference: in.Reference,
		AllowedMentions: in.AllowedMentions, Components: rows, Request: req,
	})
	s.notifyLocked()
	s.mu.Unlock()
	out := map[string]any{
		"id": id, "channel_id": channel, "content": in.Content, "type": 0,
		"timestamp": time.Now().UTC().Format("2006-01-02T15:04:05.000000+00:00"),
		"author":    map[string]any{"id": s.opts.BotID, "username": s.opts.BotName, "bot": true},
		"mentions":  []any{}, "attachments": []any{}, "embeds": []any{},
	}
	if in.Reference != nil {
		out["type"] = 19 // a reply
		out["message_reference"] = map[string]any{"type": 0, "message_id": in.Reference.MessageID, "channel_id": channel}
	}
	_ = json.NewEncoder(w).Encode(out)
}

// Requests returns the REST requests received so far whose method is method
// (any when "") and whose path ends with suffix, in the order they arrived.
func (s *Server) Requests(method, suffix string) []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requestsLocked(method, suffix)
}

func (s *Server) requestsLocked(method, suffix string) []Request {
	var out []Request
	for _, r := range s.requests {
		if (method == "" || r.Method == method) && strings.HasSuffix(r.Path, suffix) {
			out = append(out, r)
		}
	}
	return out
}

// WaitRequest waits until a request like Requests(method, suffix) selects
// has arrived and returns the first one.
func (s *Server) WaitRequest(t testing.TB, method, suffix string) Request {
	t.Helper()
	var out []Request
	s.wait(t, fmt.Sprintf("a %s …%s", method, suffix), func() bool {
		out = s.requestsLocked(method, suffix)
		return len(out) > 0
	})
	return out[0]
}

// Messages returns the messages posted so far to channel (every channel
// when ""), in the order they arrived. Posts the fake refused are not
// among them.
func (s *Server) Messages(channel string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.messagesLocked(channel)
}

func (s *Server) messagesLocked(channel string) []Message {
	var out []Message
	for _, m := range s.messages {
		if channel == "" || m.ChannelID == channel {
			out = append(out, m)
		}
	}
	return out
}

// WaitMessages waits until at least n messages were posted to channel
// (every channel when "") and returns them all.
func (s *Server) WaitMessages(t testing.TB, channel string, n int) []Message {
	t.Helper()
	var out []Message
	s.wait(t, fmt.Sprintf("%d messages in channel %q", n, channel), func() bool {
		out = s.messagesLocked(channel)
		return len(out) >= n
	})
	return out
}

// Callbacks returns the interaction responses received so far, also those
// the fake refused (see Callback.Refused).
func (s *Server) Callbacks() []Callback {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Callback(nil), s.callbacks...)
}

// WaitCallback waits for the response to the interaction with id
// interactionID and returns the first.
func (s *Server) WaitCallback(t testing.TB, interactionID string) Callback {
	t.Helper()
	var out Callback
	s.wait(t, "a callback to interaction "+interactionID, func() bool {
		for _, c := range s.callbacks {
			if c.InteractionID == interactionID {
				out = c
				return true
			}
		}
		return false
	})
	return out
}

// MemberLookups returns the member lookups of user in guild so far; an
// empty guild or user matches any.
func (s *Server) MemberLookups(guild, user string) []MemberLookup {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []MemberLookup
	for _, l := range s.lookups {
		if (guild == "" || l.Guild == guild) && (user == "" || l.User == user) {
			out = append(out, l)
		}
	}
	return out
}

// ---- gateway

func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	up := websocket.Upgrader{}
	ws, err := up.Upgrade(w, r, nil)
	if err != nil {
		s.errorf("gateway upgrade: %v", err)
		return
	}
	s.mu.Lock()
	if s.closing {
		s.mu.Unlock()
		_ = ws.Close()
		return
	}
	c := &gatewayConn{n: s.conns, ws: ws}
	s.conns++
	s.open[c] = true
	s.gwDone.Add(1)
	s.mu.Unlock()
	defer func() {
		_ = ws.Close()
		s.mu.Lock()
		delete(s.open, c)
		if s.cur == c {
			s.cur = nil
		}
		s.notifyLocked()
		s.mu.Unlock()
		s.gwDone.Done()
	}()

	if err := c.write(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": s.opts.HeartbeatInterval}}); err != nil {
		s.errorf("gateway %d: HELLO: %v", c.n, err)
		return
	}
	if !s.handshake(c) {
		return
	}
	// Heartbeats until the client closes the connection.
	for {
		_, msg, err := ws.ReadMessage()
		if err != nil {
			return
		}
		var f struct {
			Op int             `json:"op"`
			D  json.RawMessage `json:"d"`
		}
		if json.Unmarshal(msg, &f) != nil || f.Op != 1 {
			continue
		}
		var seq int64
		_ = json.Unmarshal(f.D, &seq) // null before the first dispatch
		s.mu.Lock()
		c.heartbeats = append(c.heartbeats, seq)
		s.notifyLocked()
		s.mu.Unlock()
		if err := c.write(map[string]any{"op": 11}); err != nil {
			return
		}
	}
}

// handshake reads IDENTIFY or RESUME and answers it. It reports whether the
// connection now carries a session.
func (s *Server) handshake(c *gatewayConn) bool {
	for {
		_ = c.ws.SetReadDeadline(time.Now().Add(Timeout))
		var in struct {
			Op int             `json:"op"`
			D  json.RawMessage `json:"d"`
		}
		if err := c.ws.ReadJSON(&in); err != nil {
			return false // the client went away
		}
		_ = c.ws.SetReadDeadline(time.Time{})
		h := Handshake{Conn: c.n, Op: in.Op, Data: in.D}
		var d struct {
			Token     string `json:"token"`
			Intents   int    `json:"intents"`
			SessionID string `json:"session_id"`
			Seq       int64  `json:"seq"`
		}
		_ = json.Unmarshal(in.D, &d)
		h.Token, h.Intents, h.SessionID, h.Seq = d.Token, d.Intents, d.SessionID, d.Seq
		switch {
		case in.Op != 2 && in.Op != 6:
			s.refuse(c, h, 4002, "Error while decoding payload.")
			return false
		case s.opts.Token != "" && h.Token != "Bot "+s.opts.Token:
			s.refuse(c, h, 4004, "Authentication failed.")
			return false
		case in.Op == 2 && h.Intents&s.opts.DisallowedIntents != 0:
			s.refuse(c, h, 4014, "Disallowed intent(s).")
			return false
		case in.Op == 2:
			s.sendMu.Lock()
			s.mu.Lock()
			s.seq = 1
			ready := Frame{Op: 0, S: 1, T: "READY", D: s.ready}
			s.events = []Frame{ready}
			s.mu.Unlock()
			// recorded before the answer goes out, so that a client that
			// has read READY finds its IDENTIFY among Handshakes
			s.started(c, h, 1)
			err := c.write(ready)
			s.sendMu.Unlock()
			return err == nil
		default: // RESUME
			s.sendMu.Lock()
			s.mu.Lock()
			known := s.sessionID != "" && h.SessionID == s.sessionID && h.Seq <= s.seq && len(s.events) > 0
			var missed []Frame
			if known {
				for _, f := range s.events {
					if f.S > h.Seq {
						missed = append(missed, f)
					}
				}
				s.seq++
			}
			resumed := Frame{Op: 0, S: s.seq, T: "RESUMED", D: json.RawMessage(`{}`)}
			if known {
				s.events = append(s.events, resumed)
			}
			s.mu.Unlock()
			if !known {
				s.sendMu.Unlock()
				h.Refused = "invalid session"
				s.record(h)
				if c.write(Frame{Op: 9, D: json.RawMessage(`false`)}) != nil {
					return false
				}
				continue // the client identifies anew
			}
			// recorded before the answer goes out, so that a client that
			// has read RESUMED finds its RESUME among Handshakes
			s.started(c, h, resumed.S)
			var err error
			for _, f := range missed {
				if err == nil {
					err = c.write(f)
				}
			}
			if err == nil {
				err = c.write(resumed)
			}
			s.sendMu.Unlock()
			return err == nil
		}
	}
}

// started makes c the connection of the session; sendMu is held.
func (s *Server) started(c *gatewayConn, h Handshake, lastSeq int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c.lastSeq = lastSeq
	s.cur = c
	s.handshakes = append(s.handshakes, h)
	s.notifyLocked()
}

func (s *Server) record(h Handshake) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handshakes = append(s.handshakes, h)
	s.notifyLocked()
}

// refuse closes c with a gateway close code.
func (s *Server) refuse(c *gatewayConn, h Handshake, code int, reason string) {
	h.Refused = fmt.Sprintf("%d %s", code, reason)
	s.record(h)
	c.wmu.Lock()
	_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(time.Second))
	c.wmu.Unlock()
}

// Handshakes returns the IDENTIFY and RESUME payloads received so far, once
// the gateway has answered each.
func (s *Server) Handshakes() []Handshake {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Handshake(nil), s.handshakes...)
}

// WaitHandshake waits until the gateway has answered n IDENTIFY or RESUME
// payloads in all and returns the n-th (1-based).
func (s *Server) WaitHandshake(t testing.TB, n int) Handshake {
	t.Helper()
	var h Handshake
	s.wait(t, fmt.Sprintf("IDENTIFY or RESUME #%d", n), func() bool {
		if len(s.handshakes) < n {
			return false
		}
		h = s.handshakes[n-1]
		return true
	})
	return h
}

// connected waits for a connection with a session and returns it, with
// sendMu held. With beating, it also waits for the client's first heartbeat
// on that connection.
func (s *Server) connected(t testing.TB, beating bool) *gatewayConn {
	t.Helper()
	ready := func() bool { return s.cur != nil && (!beating || len(s.cur.heartbeats) > 0) }
	what := "a gateway session (did the client connect?)"
	if beating {
		what = "a gateway session and its first heartbeat"
	}
	for {
		s.wait(t, what, ready)
		s.sendMu.Lock()
		s.mu.Lock()
		c, ok := s.cur, ready()
		s.mu.Unlock()
		if ok {
			return c
		}
		s.sendMu.Unlock()
	}
}

// Dispatch sends the client a dispatch (op 0) of event type typ with data
// as its "d", with the next sequence number, which it returns. data is JSON
// when it is a json.RawMessage or a []byte, else it is marshalled. Dispatch
// waits (up to Timeout) for a connection with a session.
func (s *Server) Dispatch(t testing.TB, typ string, data any) int64 {
	t.Helper()
	var raw json.RawMessage
	switch d := data.(type) {
	case json.RawMessage:
		raw = d
	case []byte:
		raw = d
	default:
		b, err := json.Marshal(data)
		if err != nil {
			t.Fatalf("discordtest: %s data: %v", typ, err)
		}
		raw = b
	}
	if !json.Valid(raw) {
		t.Fatalf("discordtest: %s data is not JSON: %s", typ, raw)
	}
	if typ == "INTERACTION_CREATE" {
		s.received(raw)
	}
	c := s.connected(t, false)
	defer s.sendMu.Unlock()
	s.mu.Lock()
	s.seq++
	f := Frame{Op: 0, S: s.seq, T: typ, D: raw}
	s.events = append(s.events, f)
	c.lastSeq = f.S
	s.mu.Unlock()
	if err := c.write(f); err != nil {
		t.Fatalf("discordtest: dispatch %s: %v", typ, err)
	}
	return f.S
}

// Replay sends the dispatch with sequence number seq of this session once
// more, unchanged, as Discord may after a resume: the client sees the same
// event (same ids) twice.
func (s *Server) Replay(t testing.TB, seq int64) {
	t.Helper()
	c := s.connected(t, false)
	defer s.sendMu.Unlock()
	s.mu.Lock()
	var f *Frame
	for i := range s.events {
		if s.events[i].S == seq {
			f = &s.events[i]
		}
	}
	if f != nil {
		c.lastSeq = f.S
	}
	s.mu.Unlock()
	if f == nil {
		t.Fatalf("discordtest: replay: no dispatch with sequence number %d in this session", seq)
	}
	if err := c.write(*f); err != nil {
		t.Fatalf("discordtest: replay %d: %v", seq, err)
	}
}

// Reconnect asks the client to reconnect (op 7 RECONNECT), waits until it
// has come back on a new connection and returns what it sent there: a
// RESUME (op 6) with the session id and its last sequence number, as
// discordgo does. The gateway answers a RESUME of its session by sending
// the dispatches after that sequence number, then RESUMED; a RESUME of
// another session gets op 9 (INVALID SESSION), after which the client
// identifies anew (Handshakes lists both).
//
// Reconnect first waits for the client's first heartbeat on the current
// connection (discordgo sends it as soon as the connection is open): a
// RECONNECT that arrives before it makes discordgo's heartbeat goroutine
// fail on the closed connection and start a second reconnect of its own,
// which can outlive the test.
func (s *Server) Reconnect(t testing.TB) Handshake {
	t.Helper()
	c := s.connected(t, true)
	s.mu.Lock()
	s.cur = nil
	n := len(s.handshakes)
	s.mu.Unlock()
	err := c.write(Frame{Op: 7, D: json.RawMessage(`null`)})
	s.sendMu.Unlock()
	if err != nil {
		t.Fatalf("discordtest: RECONNECT: %v", err)
	}
	var h Handshake
	s.wait(t, "the client's return after RECONNECT", func() bool {
		for _, x := range s.handshakes[n:] {
			if x.Refused == "" {
				h = x
				return true
			}
		}
		return false
	})
	return h
}

// Sync waits until the client has read every frame sent so far: it sends a
// heartbeat request (op 1) and waits for the heartbeat that answers it,
// which carries the sequence number of the last dispatch sent. discordgo
// reads the gateway on one goroutine and answers op 1 there, so by then it
// has passed every earlier dispatch to its event handlers (and, with
// Session.SyncEvents set, run them). Like Reconnect, it first waits for the
// client's first heartbeat on the connection, so that heartbeat is not
// taken for the answer; discordgo's later periodic heartbeats come only
// every HeartbeatInterval.
func (s *Server) Sync(t testing.TB) {
	t.Helper()
	c := s.connected(t, true)
	s.mu.Lock()
	n := len(c.heartbeats)
	want := c.lastSeq
	s.mu.Unlock()
	err := c.write(Frame{Op: 1, D: json.RawMessage(`null`)})
	s.sendMu.Unlock()
	if err != nil {
		t.Fatalf("discordtest: heartbeat request: %v", err)
	}
	s.wait(t, fmt.Sprintf("a heartbeat at sequence %d", want), func() bool {
		for _, seq := range c.heartbeats[n:] {
			if seq == want {
				return true
			}
		}
		return false
	})
}
