// Package discord is mspbot's Discord adapter, built on discordgo.
//
// It keeps one gateway connection (discordgo reconnects and resumes it by
// itself), turns gateway events into bot.Events and hands each to the engine
// in a goroutine of its own, so discordgo's event loop never waits for a
// handler. The bot listens to
//
//   - every message in a direct message;
//   - messages in guild channels (and threads) that mention it or its
//     managed role (recognised by the role's tags.bot_id), or that reply to
//     one of its own messages;
//   - every message in a thread the bot started: a mention in a text
//     channel is answered in a thread started from the mentioning message
//     (its conversation from then on, like Slack's thread under a mention),
//     so that follow-ups there need no new mention; where the bot may not
//     start threads it answers in the channel, as a reply, and follow-ups
//     are replies to its messages;
//   - the slash command /mspbot (status, callback, appointment, protocol,
//     help), acknowledged within Discord's three seconds and answered
//     through the interaction, ephemeral where it concerns the user alone;
//   - reactions added to and removed from any message it can see;
//   - presses of the buttons it attached to its messages.
//
// Elsewhere it stays silent. Messages by bots (itself included) and
// webhooks are ignored, and so are the bot's own reactions. Replies go out
// through the REST API (Send), as replies to the message they answer;
// buttons become message components whose custom_id is "action|value".
// REST calls Discord refuses with 429 are retried after Retry-After, a
// bounded number of times (see backoff).
//
// Conversations: a direct message channel is one; a thread the bot started
// is the thread (Ref.Thread) of the channel it was started in (Ref.Channel),
// so that the channel's client mapping applies; any other channel or thread
// is a channel of its own.
//
// Event ids: a message is "msg:<message id>", so a MESSAGE_CREATE that the
// gateway replays after a resume is handled once by the engine's duplicate
// suppression. A reaction is "react:add|remove:<message>:<user>:<emoji>";
// adding the same reaction again within the engine's dedupe window (its
// SeenTTL) therefore counts as a replay and is not handled a second time. A
// button press or a slash command is "ia:<interaction id>".
package discord

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
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
// Without it (Options.WithoutMessageContent) Discord sends a guild
// message's text only when the message mentions the bot: direct messages,
// mentions, replies that ping the bot and slash commands still work, but
// follow-ups in the bot's threads and replies without the ping must then
// mention it
// (https://discord.com/developers/docs/events/gateway#message-content-intent).
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
	// Commands says where /mspbot is registered: "" or CommandsGlobal in
	// every server the bot is in and in direct messages (the default; a
	// change reaches clients within minutes), guild ids (comma-separated)
	// in those servers only (at once, not in direct messages), CommandsOff
	// not at all (the provider registers it, or does without).
	Commands string
	// WithoutMessageContent leaves out the privileged Message Content
	// intent (see Intents).
	WithoutMessageContent bool
	// NoThreads answers a mention in a text channel as a reply there
	// instead of in a thread started from it.
	NoThreads bool
	// Logger receives structured logs; never message text or the token
	// (default slog.Default()).
	Logger *slog.Logger
}

// commandScope is Options.Commands, parsed.
type commandScope struct {
	off    bool
	guilds []string // none: global
}

func parseCommands(s string) (commandScope, error) {
	switch s = strings.TrimSpace(s); strings.ToLower(s) {
	case "", CommandsGlobal:
		return commandScope{}, nil
	case CommandsOff:
		return commandScope{off: true}, nil
	}
	var c commandScope
	for _, g := range strings.Split(s, ",") {
		if g = strings.TrimSpace(g); g == "" {
			continue
		}
		if !isSnowflake(g) {
			return commandScope{}, fmt.Errorf("discord: commands %q: write global, off or guild ids", g)
		}
		c.guilds = append(c.guilds, g)
	}
	if len(c.guilds) == 0 {
		return commandScope{}, fmt.Errorf("discord: commands %q: write global, off or guild ids", s)
	}
	return c, nil
}

// Adapter connects mspbot to Discord. Build it with New, register it with
// the engine as the Sender of Platform, give the engine its Staff directory,
// then Run it. It is safe for concurrent use.
type Adapter struct {
	session   *discordgo.Session
	log       *slog.Logger
	staff     *staffDirectory
	roles     botRoles
	threads   threads
	commands  commandScope
	noThreads bool
	// pending are the slash commands being handled, by interaction id.
	pending sync.Map // string -> *pending
	// marked are the messages marked ⚠️ (see markUndelivered).
	marked markedSet

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
	scope, err := parseCommands(opts.Commands)
	if err != nil {
		return nil, err
	}
	s, err := discordgo.New("Bot " + token)
	if err != nil {
		return nil, fmt.Errorf("discord: new session: %w", err)
	}
	s.Identify.Intents = Intents
	if opts.WithoutMessageContent {
		s.Identify.Intents &^= discordgo.IntentsMessageContent
	}
	// The adapter's handlers only translate an event and start a goroutine,
	// so they can run on discordgo's event loop: events reach the adapter in
	// gateway order, and Wait covers every event the loop has delivered.
	s.SyncEvents = true
	// Keep only what the adapter reads from the state: the bot's own user
	// (from READY), the guilds' channels (from GUILD_CREATE: their types)
	// and threads (GUILD_CREATE lists the active ones; THREAD_CREATE,
	// THREAD_UPDATE, which also brings back an unarchived one, and
	// THREAD_LIST_SYNC keep them): a thread the bot started is known by its
	// owner_id.
	s.State.TrackChannels = false
	s.State.TrackEmojis = false
	s.State.TrackMembers = false
	s.State.TrackRoles = false
	s.State.TrackVoice = false
	s.State.TrackPresences = false
	s.State.TrackThreads = true
	s.State.TrackThreadMembers = false
	s.State.TrackStickers = false
	s.State.MaxMessageCount = 0

	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	log = log.With(slog.String("component", "discord"))
	// discordgo's own handling of 429 sleeps without a context and retries
	// without end; backoff does it instead (see backoff).
	s.ShouldRetryOnRateLimit = false
	s.Client = &http.Client{Timeout: 30 * time.Second, Transport: newBackoff(http.DefaultTransport, log)}
	a := &Adapter{
		session:      s,
		log:          log,
		commands:     scope,
		noThreads:    opts.NoThreads,
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
	var registered atomic.Bool
	removers := []func(){
		a.session.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) {
			a.log.Info("connected to the gateway", slog.Int("guilds", len(r.Guilds)))
			app := ""
			if r.Application != nil {
				app = r.Application.ID
			}
			if app == "" && r.User != nil {
				app = r.User.ID
			}
			if !a.commands.off && registered.CompareAndSwap(false, true) {
				a.background(base, func(ctx context.Context) { a.registerCommands(ctx, app) })
			}
		}),
		a.session.AddHandler(func(_ *discordgo.Session, ev *discordgo.Event) { a.roles.observe(ev) }),
		a.session.AddHandler(func(_ *discordgo.Session, t *discordgo.ThreadCreate) { a.onThreadCreate(t) }),
		a.session.AddHandler(func(_ *discordgo.Session, t *discordgo.ThreadDelete) { a.onThreadDelete(t) }),
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

// onMessage hands a message to the engine. A mention in a text channel
// first gets a thread of its own, started from the message.
func (a *Adapter) onMessage(base context.Context, e Engine, m *discordgo.MessageCreate) {
	ev, ok := a.messageEvent(m)
	if !ok {
		return
	}
	if m.GuildID != "" && m.Member != nil {
		a.staff.remember(m.GuildID, ev.Ref.User, m.Member.Roles)
	}
	opens := a.opensThread(m.Message, ev)
	a.background(base, func(ctx context.Context) {
		if opens {
			nick := ""
			if m.Member != nil {
				nick = m.Member.Nick
			}
			if thread, ok := a.startThread(ctx, ev.Ref.Channel, m.ID, ev.Ref.User, displayName(m.Author, nick)); ok {
				ev.Ref.Thread = thread
			}
		}
		a.handle(ctx, e, ev)
	})
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

// onInteraction takes a slash command (see onCommand) or a button press.
// A press is acknowledged at once with a deferred update (Discord expects
// an answer within three seconds: the button's message stays as it is and
// the user sees no error) and then handed to the engine, also when the
// acknowledgement failed: what the press does is posted in the channel.
func (a *Adapter) onInteraction(base context.Context, e Engine, i *discordgo.InteractionCreate) {
	received := a.now()
	if i != nil && i.GuildID != "" && i.Member != nil && i.Member.User != nil {
		a.staff.remember(i.GuildID, i.Member.User.ID, i.Member.Roles)
	}
	if c, ok := a.commandEvent(i); ok {
		a.onCommand(base, e, c, received)
		return
	}
	ev, ok := a.buttonEvent(i)
	if !ok {
		return
	}
	in := i.Interaction
	a.background(base, func(ctx context.Context) {
		err := a.respond(ctx, in, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}, received)
		if err != nil {
			a.log.LogAttrs(ctx, slog.LevelWarn, "acknowledging a button press failed",
				slog.String("event", ev.ID), slog.Any("err", err))
		}
		a.handle(ctx, e, ev)
	})
}
