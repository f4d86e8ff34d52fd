package discord

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/mspbot/mspbot/bot"
)

// Discord's limits on one message.
const (
	maxContent       = 2000 // characters of content
	maxButtonsPerRow = 5
	maxRows          = 5
	maxLabel         = 80 // characters of a button label
)

// Send implements bot.Sender. It posts r to the channel to.Channel (to.Thread
// when set: a Discord thread is a channel), as a reply to to.Message when
// that is set, except to the message a thread was started from, which
// heads the thread already. Buttons become message components in rows of
// five. Text longer than Discord's 2000 characters goes out in several
// messages, split at line or word ends; the buttons ride on the last one,
// whose id Sent.Ref carries.
//
// A reply to a slash command (to.Message names the interaction) goes
// through the interaction's token while the adapter handles it: the first
// edits the deferred response, later ones follow it, ephemeral when the
// response is (see onCommand). Once the interaction is over, such a Ref is
// posted to its channel.
//
// When Discord keeps refusing a reply with 429 until the back-off gives up
// (see backoff), the error wraps ErrRateLimited and the message it
// answered is marked with a ⚠️ reaction, which goes by another route.
//
// Mentions in the text notify users only; @everyone, @here and role
// mentions are never notified, whatever a client typed into text the bot
// repeats.
func (a *Adapter) Send(ctx context.Context, to bot.Ref, r bot.Reply) (bot.Sent, error) {
	if to.Platform != "" && to.Platform != Platform {
		return bot.Sent{}, fmt.Errorf("discord send: platform %q is not %q", to.Platform, Platform)
	}
	if id, ok := strings.CutPrefix(to.Message, interactionRef); ok {
		if p := a.live(id); p != nil {
			return a.sendInteraction(ctx, p, to, r)
		}
		to.Message = ""
	}
	channel := to.Channel
	if to.Thread != "" {
		channel = to.Thread
	}
	if channel == "" {
		return bot.Sent{}, errors.New("discord send: no channel")
	}
	components, chunks, mentioned, err := prepare(r)
	if err != nil {
		return bot.Sent{}, err
	}
	var last *discordgo.Message
	for n, chunk := range chunks {
		msg := &discordgo.MessageSend{
			Content: chunk,
			// Only the people the bot itself names are notified: a "<@…>"
			// a client typed and the bot repeats stays a silent mention.
			AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}, Users: mentioned, RepliedUser: true},
		}
		if n == 0 && to.Message != "" && to.Message != to.Thread {
			fail := false
			msg.Reference = &discordgo.MessageReference{
				MessageID: to.Message, ChannelID: channel, GuildID: to.Workspace, FailIfNotExists: &fail,
			}
		}
		if n == len(chunks)-1 {
			msg.Components = components
		}
		last, err = a.session.ChannelMessageSendComplex(channel, msg, discordgo.WithContext(ctx))
		if err != nil {
			op := fmt.Sprintf("discord send to channel %s (part %d of %d)", channel, n+1, len(chunks))
			if rl := rateLimited(op, err); rl != nil {
				a.markUndelivered(ctx, to, channel)
				return bot.Sent{}, rl
			}
			return bot.Sent{}, fmt.Errorf("%s: %w", op, err)
		}
		if last == nil {
			return bot.Sent{}, fmt.Errorf("discord send to channel %s: no message in the answer", channel)
		}
	}
	sent := bot.Sent{
		Ref:     bot.Ref{Platform: Platform, Workspace: to.Workspace, Channel: to.Channel, Thread: to.Thread, Message: last.ID},
		Text:    r.Text,
		Buttons: r.Buttons,
		Time:    last.Timestamp,
	}
	if sent.Time.IsZero() {
		sent.Time = time.Now().UTC()
	}
	return sent, nil
}

// buttonRows turns buttons into action rows of at most five buttons.
func buttonRows(buttons []bot.Button) ([]discordgo.MessageComponent, error) {
	if len(buttons) == 0 {
		return nil, nil
	}
	if len(buttons) > maxButtonsPerRow*maxRows {
		return nil, fmt.Errorf("%d buttons, Discord allows %d per message", len(buttons), maxButtonsPerRow*maxRows)
	}
	seen := make(map[string]bool, len(buttons))
	var rows []discordgo.MessageComponent
	var row []discordgo.MessageComponent
	for _, b := range buttons {
		if b.Action == "" || strings.Contains(b.Action, customIDSep) {
			return nil, fmt.Errorf("button %q: the action must be set and must not contain %q", b.Label, customIDSep)
		}
		id := customID(b.Action, b.Value)
		if utf8.RuneCountInString(id) > maxCustomID {
			return nil, fmt.Errorf("button %q: action and value are %d characters, Discord allows %d", b.Label, utf8.RuneCountInString(id), maxCustomID-1)
		}
		if seen[id] {
			return nil, fmt.Errorf("button %q: action %q with value %q appears twice", b.Label, b.Action, b.Value)
		}
		seen[id] = true
		label := b.Label
		if label == "" {
			label = b.Action
		}
		row = append(row, discordgo.Button{
			Label:    truncate(label, maxLabel),
			Style:    buttonStyle(b.Style),
			CustomID: id,
		})
		if len(row) == maxButtonsPerRow {
			rows = append(rows, discordgo.ActionsRow{Components: row})
			row = nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, discordgo.ActionsRow{Components: row})
	}
	return rows, nil
}

func buttonStyle(s string) discordgo.ButtonStyle {
	switch s {
	case "primary":
		return discordgo.PrimaryButton
	case "danger":
		return discordgo.DangerButton
	default:
		return discordgo.SecondaryButton
	}
}

// truncate cuts s to at most n characters, marking a cut with an ellipsis.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// splitText cuts text into pieces of at most n characters, preferring to
// cut after a line break, then after a space. Empty text gives no pieces.
func splitText(text string, n int) []string {
	text = strings.TrimSpace(text)
	var out []string
	for text != "" {
		// end is the byte offset just past the first n characters.
		end := 0
		for count := 0; end < len(text) && count < n; count++ {
			_, size := utf8.DecodeRuneInString(text[end:])
			end += size
		}
		if end == len(text) {
			out = append(out, text)
			break
		}
		head := text[:end]
		cut := strings.LastIndex(head, "\n")
		if cut < len(head)/2 {
			if sp := strings.LastIndex(head, " "); sp > len(head)/2 {
				cut = sp
			}
		}
		if cut < len(head)/2 {
			cut = len(head)
		}
		if piece := strings.TrimRight(head[:cut], " \n"); piece != "" {
			out = append(out, piece)
		}
		text = strings.TrimLeft(text[cut:], " \n")
	}
	return out
}

// botMentionRE finds a user mention the bot itself wrote (bot.MentionUser).
var botMentionRE = regexp.MustCompile("\x1e@([0-9]{1,25})\x1f")

// botMentions turns the bot's own mentions into Discord's "<@ID>" and
// returns their ids (at most 100, Discord's limit); stray marker bytes go.
func botMentions(s string) (string, []string) {
	var ids []string
	s = botMentionRE.ReplaceAllStringFunc(s, func(m string) string {
		id := botMentionRE.FindStringSubmatch(m)[1]
		if !slices.Contains(ids, id) && len(ids) < 100 {
			ids = append(ids, id)
		}
		return "<@" + id + ">"
	})
	return strings.NewReplacer("\x1e", "", "\x1f", "").Replace(s), ids
}

// warning is the reaction that tells a client their message got no answer.
const warning = "⚠️"

// markUndelivered tells the client whose message to.Message (in channel, or
// in to.Channel when it heads the thread to.Thread) the bot could not
// answer, with a ⚠️ reaction: reactions take another route than messages,
// so Discord's limit on the channel's messages does not hold them. Each
// message is marked once.
func (a *Adapter) markUndelivered(ctx context.Context, to bot.Ref, channel string) {
	if to.Message == "" {
		a.log.LogAttrs(ctx, slog.LevelWarn, "message not delivered: Discord rate limit", slog.String("channel", channel))
		return
	}
	where := channel
	if to.Message == to.Thread {
		where = to.Channel
	}
	if !a.marked.add(to.Message) {
		return
	}
	mctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	err := a.session.MessageReactionAdd(where, to.Message, warning, discordgo.WithContext(mctx))
	a.log.LogAttrs(ctx, slog.LevelWarn, "reply not delivered: Discord rate limit; the client's message is marked ⚠️",
		slog.String("channel", where), slog.String("message", to.Message), slog.Bool("marked", err == nil))
}

// markedSet holds the messages marked ⚠️ lately (at most maxThreads).
type markedSet struct {
	mu sync.Mutex
	m  map[string]bool
}

// add reports whether id was not marked yet, and notes it.
func (s *markedSet) add(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m[id] {
		return false
	}
	if s.m == nil || len(s.m) >= maxThreads {
		s.m = map[string]bool{}
	}
	s.m[id] = true
	return true
}

// live returns the slash command with interaction id id while its token
// serves, nil otherwise.
func (a *Adapter) live(id string) *pending {
	v, ok := a.pending.Load(id)
	if !ok {
		return nil
	}
	p := v.(*pending)
	if !a.now().Before(p.expires) {
		return nil
	}
	return p
}

// sendInteraction sends r through a slash command's token: the first part
// edits the deferred response, the others are follow-ups.
func (a *Adapter) sendInteraction(ctx context.Context, p *pending, to bot.Ref, r bot.Reply) (bot.Sent, error) {
	components, chunks, mentioned, err := prepare(r)
	if err != nil {
		return bot.Sent{}, err
	}
	allowed := &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}, Users: mentioned}
	var last *discordgo.Message
	for n, chunk := range chunks {
		var comps []discordgo.MessageComponent
		if n == len(chunks)-1 {
			comps = components
		}
		p.mu.Lock()
		first := !p.answered
		p.mu.Unlock()
		if first {
			edit := &discordgo.WebhookEdit{Content: &chunk, AllowedMentions: allowed}
			if len(comps) > 0 {
				edit.Components = &comps
			}
			last, err = a.session.InteractionResponseEdit(p.in, edit, discordgo.WithContext(ctx))
			if err == nil {
				p.mu.Lock()
				p.answered = true
				p.mu.Unlock()
			}
		} else {
			params := &discordgo.WebhookParams{Content: chunk, Components: comps, AllowedMentions: allowed}
			if p.ephemeral {
				params.Flags = discordgo.MessageFlagsEphemeral
			}
			last, err = a.session.FollowupMessageCreate(p.in, true, params, discordgo.WithContext(ctx))
		}
		if err != nil {
			op := fmt.Sprintf("discord send to interaction %s (part %d of %d)", p.in.ID, n+1, len(chunks))
			if rl := rateLimited(op, err); rl != nil {
				return bot.Sent{}, rl
			}
			return bot.Sent{}, fmt.Errorf("%s: %w", op, err)
		}
		if last == nil {
			return bot.Sent{}, fmt.Errorf("discord send to interaction %s: no message in the answer", p.in.ID)
		}
	}
	sent := bot.Sent{
		Ref:     bot.Ref{Platform: Platform, Workspace: to.Workspace, Channel: to.Channel, Thread: to.Thread, Message: last.ID},
		Text:    r.Text,
		Buttons: r.Buttons,
		Time:    last.Timestamp,
	}
	if sent.Time.IsZero() {
		sent.Time = a.now().UTC()
	}
	return sent, nil
}

// prepare turns a reply into what Discord takes: its buttons as component
// rows, its text in parts of at most maxContent (one empty part for
// buttons alone) and the users the bot itself mentions in it.
func prepare(r bot.Reply) (components []discordgo.MessageComponent, chunks, mentioned []string, err error) {
	if components, err = buttonRows(r.Buttons); err != nil {
		return nil, nil, nil, fmt.Errorf("discord send: %w", err)
	}
	text, mentioned := botMentions(r.Text)
	chunks = splitText(text, maxContent)
	if len(chunks) == 0 {
		if len(components) == 0 {
			return nil, nil, nil, errors.New("discord send: empty reply")
		}
		chunks = []string{""}
	}
	return components, chunks, mentioned, nil
}
