// Package discord is mspbot's Discord adapter, built on discordgo.
//
// It keeps one gateway connection (discordgo reconnects and resumes it by
// itself), turns gateway events into bot.Events and hands each to the engine
// in a goroutine of its own, so discordgo's event loop never waits for a
// handler. The bot listens to
//
//   - messages in guild channels (and threads) that mention it, or that reply
//     to one of its own messages, and every message in a direct message;
//   - reactions added to and removed from any message it can see;
//   - presses of the buttons it attached to its messages.
//
// Messages by bots (itself included) and webhooks are ignored, and so are the
// bot's own reactions. Replies go out through the REST API (Send), as replies
// to the message they answer; buttons become message components whose
// custom_id is "action|value".
//
// Event ids: a message is "msg:<message id>", so a MESSAGE_CREATE that the
// gateway replays after a resume is handled once by the engine's duplicate
// suppression. A reaction is "react:add|remove:<message>:<user>:<emoji>";
// adding the same reaction again within the engine's dedupe window (its
// SeenTTL) therefore counts as a replay and is not handled a second time. A
// button press is "ia:<interaction id>".
package discord

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/mspbot/mspbot/bot"
)

// Platform is the platform name of Discord conversations in bot.Ref.
const Platform = "discord"

// Intents are the gateway intents the adapter asks for. MessageContent is a
// privileged intent: it must be enabled for the application in the Discord
// Developer Portal, or the gateway refuses the connection (close code 4014).
const Intents = discordgo.IntentsGuilds |
	discordgo.IntentsGuildMessages |
	discordgo.IntentsDirectMessages |
	discordgo.IntentsMessageContent |
	discordgo.IntentsGuildMessageReactions |
	discordgo.IntentsDirectMessageReactions

// defaultEventTimeout bounds the background work for one gateway event.
const defaultEventTimeout = 60 * time.Second

// Engine runs events; *bot.Engine implements it.
type Engine interface {
	Handle(ctx context.Context, ev bot.Event) (bot.Outcome, error)
}

// Options configure the adapter.
type Options struct {
	// Token is the bot token (DISCORD_BOT_TOKEN); required. A leading
	// "Bot " is accepted and dropped.
	Token string
	// StaffRoles maps a guild id to the staff role of that guild, given by
	// role id or by role name (matched without regard to case).
	StaffRoles map[string]string
	// StaffUsers are Discord user ids that are staff in every guild and in
	// direct messages.
	StaffUsers []string
	// Logger receives structured logs; never message text or the token
	// (default slog.Default()).
	Logger *slog.Logger
}

// Adapter connects mspbot to Discord. Build it with New, register it with
// the engine as the Sender of Platform, give the engine its Staff directory,
// then Run it. It is safe for concurrent use.
type Adapter struct {
	session *discordgo.Session
	log     *slog.Logger
	staff   *staffDirectory

	// eventTimeout bounds one event's background work (default 60s).
	eventTimeout time.Duration
	// now is the clock of the staff cache (default time.Now).
	now func() time.Time

	wg      sync.WaitGroup
	running atomic.Bool
}

// New returns an adapter for the bot with opts.Token. It does not connect;
// Run does.
func New(opts Options) (*Adapter, error) {
	token := strings.TrimSpace(opts.Token)
	token = strings.TrimSpace(strings.TrimPrefix(token, "Bot "))
	if token == "" {
		return nil, errors.New("discord: the bot token (DISCORD_BOT_TOKEN) is required")
	}
	for guild, role := range opts.StaffRoles {
		if strings.TrimSpace(guild) == "" || strings.TrimSpace(role) == "" {
			return nil, fmt.Errorf("discord: staff role %q for guild %q: both the guild id and the role must be given", role, guild)
		}
	}
	s, err := discordgo.New("Bot " + token)
	if err != nil {
		return nil, fmt.Errorf("discord: new session: %w", err)
	}
	s.Identify.Intents = Intents
	// The adapter's handlers only translate an event and start a goroutine,
	// so they can run on discordgo's event loop: events reach the adapter in
	// gateway order, and Wait covers every event the loop has delivered.
	s.SyncEvents = true
	// Keep only what the adapter reads from the state: the bot's own user
	// (from READY) and guild roles (to recognise a mention of the bot's
	// managed role).
	s.State.TrackChannels = false
	s.State.TrackEmojis = false
	s.State.TrackMembers = false
	s.State.TrackVoice = false
	s.State.TrackPresences = false
	s.State.TrackThreads = false
	s.State.TrackThreadMembers = false
	s.State.TrackStickers = false
	s.State.MaxMessageCount = 0

	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	log = log.With(slog.String("component", "discord"))
	a := &Adapter{
		session:      s,
		log:          log,
		eventTimeout: defaultEventTimeout,
		now:          time.Now,
	}
	a.staff = newStaffDirectory(a, opts.StaffRoles, opts.StaffUsers)
	return a, nil
}

// Run registers the event handlers, opens the gateway and blocks until ctx
// ends (one Run at a time); then it closes the gateway and returns nil. It returns an error when
// the gateway cannot be opened. While it runs, discordgo reconnects and
// resumes the session by itself after network failures.
//
// Events are handled in the background, each with its own deadline (60s)
// that does not end with ctx, so that work in flight can finish after Run
// returns; call Wait for it.
func (a *Adapter) Run(ctx context.Context, e Engine) error {
	if e == nil {
		return errors.New("discord: run: no engine")
	}
	if !a.running.CompareAndSwap(false, true) {
		return errors.New("discord: run: already running")
	}
	defer a.running.Store(false)
	base := context.WithoutCancel(ctx)
	removers := []func(){
		a.session.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) {
			a.log.Info("connected to the gateway", slog.Int("guilds", len(r.Guilds)))
		}),
		a.session.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) { a.onMessage(base, e, m) }),
		a.session.AddHandler(func(_ *discordgo.Session, r *discordgo.MessageReactionAdd) { a.onReactionAdd(base, e, r) }),
		a.session.AddHandler(func(_ *discordgo.Session, r *discordgo.MessageReactionRemove) { a.onReactionRemove(base, e, r) }),
		a.session.AddHandler(func(_ *discordgo.Session, i *discordgo.InteractionCreate) { a.onInteraction(base, e, i) }),
	}
	defer func() {
		for _, remove := range removers {
			remove()
		}
	}()
	if err := a.session.Open(); err != nil {
		return fmt.Errorf("discord: open gateway%s: %w", openHint(err), err)
	}
	<-ctx.Done()
	if err := a.session.Close(); err != nil {
		a.log.Warn("closing the gateway", slog.Any("err", err))
	}
	return nil
}

// openHint names the likely cause of the gateway's well-known close codes.
func openHint(err error) string {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "4014"):
		return " (disallowed intent: enable the Message Content intent for the bot in the Discord Developer Portal)"
	case strings.Contains(msg, "4004"), strings.Contains(msg, "401 Unauthorized"):
		return " (authentication failed: check DISCORD_BOT_TOKEN)"
	}
	return ""
}

// Wait waits until the events still being handled in the background are
// done.
func (a *Adapter) Wait() { a.wg.Wait() }

// selfID returns the bot's own user id, known once the gateway said READY.
func (a *Adapter) selfID() string {
	st := a.session.State
	st.RLock()
	defer st.RUnlock()
	if st.User == nil {
		return ""
	}
	return st.User.ID
}

// background runs fn in a goroutine tracked by Wait, with a context that
// keeps base's values but not its cancellation, bounded by eventTimeout.
func (a *Adapter) background(base context.Context, fn func(ctx context.Context)) {
	a.wg.Go(func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(base), a.eventTimeout)
		defer cancel()
		fn(ctx)
	})
}

// handle hands ev to the engine and logs a failure to run it.
func (a *Adapter) handle(ctx context.Context, e Engine, ev bot.Event) {
	out, err := e.Handle(ctx, ev)
	switch {
	case err == nil:
	case errors.Is(err, bot.ErrUnavailable):
		// The engine has logged it and told the user.
	default:
		a.log.LogAttrs(ctx, slog.LevelWarn, "event not handled",
			slog.String("kind", string(ev.Kind)), slog.String("event", ev.ID),
			slog.String("ref", out.Reference), slog.Any("err", err))
	}
}

func (a *Adapter) onMessage(base context.Context, e Engine, m *discordgo.MessageCreate) {
	ev, ok := a.messageEvent(m)
	if !ok {
		return
	}
	if m.GuildID != "" && m.Member != nil {
		a.staff.remember(m.GuildID, ev.Ref.User, m.Member.Roles)
	}
	a.background(base, func(ctx context.Context) { a.handle(ctx, e, ev) })
}

func (a *Adapter) onReactionAdd(base context.Context, e Engine, r *discordgo.MessageReactionAdd) {
	ev, ok := a.reactionAddEvent(r)
	if !ok {
		return
	}
	a.background(base, func(ctx context.Context) { a.handle(ctx, e, ev) })
}

func (a *Adapter) onReactionRemove(base context.Context, e Engine, r *discordgo.MessageReactionRemove) {
	ev, ok := a.reactionRemoveEvent(r)
	if !ok {
		return
	}
	a.background(base, func(ctx context.Context) { a.handle(ctx, e, ev) })
}

// onInteraction acknowledges a button press at once with a deferred update
// (Discord expects an answer within three seconds) and then hands the press
// to the engine.
func (a *Adapter) onInteraction(base context.Context, e Engine, i *discordgo.InteractionCreate) {
	ev, ok := a.buttonEvent(i)
	if !ok {
		return
	}
	if i.GuildID != "" && i.Member != nil {
		a.staff.remember(i.GuildID, ev.Ref.User, i.Member.Roles)
	}
	in := i.Interaction
	a.background(base, func(ctx context.Context) {
		if err := a.acknowledge(ctx, in); err != nil {
			a.log.LogAttrs(ctx, slog.LevelWarn, "acknowledging a button press failed",
				slog.String("event", ev.ID), slog.Any("err", err))
		}
		a.handle(ctx, e, ev)
	})
}

// acknowledge answers an interaction with a deferred message update: the
// button's message stays as it is and the user sees no error.
func (a *Adapter) acknowledge(ctx context.Context, in *discordgo.Interaction) error {
	actx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	err := a.session.InteractionRespond(in,
		&discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate},
		discordgo.WithContext(actx), discordgo.WithRestRetries(0))
	if err != nil {
		return fmt.Errorf("discord: acknowledge interaction %s: %w", in.ID, err)
	}
	return nil
}
