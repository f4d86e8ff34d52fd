// Package slack is mspbot's Slack adapter, built on slack-go. It receives
// events either over Socket Mode (RunSocketMode, with an app-level token) or
// over the HTTP Events API (EventsHandler, verified with the signing secret),
// normalises direct messages, mentions, replies in the threads the bot is in,
// reactions, button presses and the /mspbot slash command to bot.Events,
// acknowledges Slack at once and lets the engine handle each event in the
// background. Replies go out with chat.postMessage (Send), buttons as a Block
// Kit actions block; the answers to a slash command only to its user,
// through its response_url. A user who opens the App Home for the first time
// is welcomed (inbound.go). Slack's rate limits are waited out, bounded
// (retry.go).
//
// The adapter normalises and the engine decides: it drops only what is not
// meant for the bot (its own messages and reactions, message edits and other
// subtypes, channel chatter outside its threads without a mention) and never
// checks permissions. Redeliveries are passed on with Slack's event_id, so
// the engine's duplicate suppression handles each event once. It is not the
// place for conversation texts: those come from the handlers; the adapter
// has only its own few notes (texts.go).
package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/mspbot/mspbot/bot"
)

// Platform is the platform name of Slack refs.
const Platform = "slack"

// Defaults of the adapter's bounds.
const (
	// MaxBody is the largest Events API request body accepted; larger ones
	// are answered 413.
	MaxBody = 1 << 20
	// HandleTimeout bounds the background handling of one delivery.
	HandleTimeout = 60 * time.Second
	// StaffCacheTTL is how long the members of the staff user group are
	// remembered.
	StaffCacheTTL = 5 * time.Minute
	// MaxInFlight is how many deliveries may be handled at once; the HTTP
	// Events API answers 503 beyond it (Slack then retries), Socket Mode
	// waits for a free slot.
	MaxInFlight = 256
	// maxSkew is how far a request's timestamp may be from now.
	maxSkew = 5 * time.Minute
)

// Engine runs events; *bot.Engine implements it.
type Engine interface {
	Handle(ctx context.Context, ev bot.Event) (bot.Outcome, error)
}

// Options configure the adapter. Zero values mean the documented defaults.
type Options struct {
	// BotToken is the bot user OAuth token (SLACK_BOT_TOKEN, xoxb-...). It is
	// required.
	BotToken string
	// AppToken is the app-level token (SLACK_APP_TOKEN, xapp-...) with the
	// connections:write scope; when set, RunSocketMode can serve.
	AppToken string
	// SigningSecret (SLACK_SIGNING_SECRET) verifies Events API requests;
	// when set, EventsHandler can serve.
	SigningSecret string
	// APIURL is the Web API base URL (MSPBOT_SLACK_API_URL), for tests
	// against a slacktest server; empty means Slack's.
	APIURL string
	// StaffUsers are Slack user ids that are staff.
	StaffUsers []string
	// StaffGroup is a Slack user group id (S...) whose members are staff,
	// read with usergroups.users.list and cached for StaffCacheTTL.
	StaffGroup string
	// Logger receives structured logs, never message text or secrets
	// (default slog.Default()).
	Logger *slog.Logger
	// Now is the clock (default time.Now). It ages the staff cache, stamps
	// sent messages and judges request timestamps.
	Now func() time.Time

	// Marks remembers the threads the bot answered in and the users it
	// welcomed (redisstore.Marks); nil keeps them in memory, per process.
	Marks Marks
	// ThreadTTL is how long after its last post in a channel thread the bot
	// still follows it, answering without a new mention
	// (MSPBOT_SLACK_THREAD_TTL, default DefaultThreadTTL).
	ThreadTTL time.Duration
	// Lang is the workspace's language, "de" or "en" (MSPBOT_SLACK_LANG,
	// default German): of the welcome, of the adapter's own notes, and of a
	// slash command whose words do not show one ("/mspbot status").
	Lang string
	// MaxRetries is how often a call Slack refuses for its rate limit is
	// tried again (default DefaultMaxRetries); MaxRetryWait the longest
	// single wait (default DefaultMaxRetryWait).
	MaxRetries   int
	MaxRetryWait time.Duration
}

// DefaultThreadTTL is how long the bot follows a channel thread after its
// last post there.
const DefaultThreadTTL = 7 * 24 * time.Hour

// WelcomeTTL is how long the adapter remembers that it welcomed a user:
// someone who has not been welcomed for that long is welcomed again.
const WelcomeTTL = 365 * 24 * time.Hour

var _ bot.Sender = (*Adapter)(nil)

// identity is who the bot is in its workspace, learnt by Start.
type identity struct {
	user string // the bot user's id (U...), as mentioned in <@U...>
	bot  string // the bot id (B...), set on the bot's own messages
	team string
	name string // the bot user's name, for "/invite @name"
}

// Adapter connects mspbot to Slack. Create it with New, call Start once,
// then serve with EventsHandler or RunSocketMode; it is safe for concurrent
// use.
type Adapter struct {
	api   *slackapi.Client
	opts  Options
	log   *slog.Logger
	staff []string

	mu   sync.RWMutex
	self identity

	group groupCache
	// homes remembers the own team of users seen, for their reactions.
	homes homeCache

	// disp runs acknowledged deliveries in the background.
	disp *bot.Dispatcher

	marks Marks
	// asked remembers who wrote the messages being answered (see askers).
	asked askers
	// routes are the replies to slash commands and ephemeral buttons that
	// go through their response_url (see slash.go).
	routes routeTable
	// hooks is the HTTP client for response_url posts.
	hooks *http.Client
	// sleep waits out a rate limit (sleepCtx; tests replace it).
	sleep func(context.Context, time.Duration) error
}

// New validates opts and returns an adapter with a Web API client.
func New(opts Options) (*Adapter, error) {
	opts.BotToken = strings.TrimSpace(opts.BotToken)
	opts.AppToken = strings.TrimSpace(opts.AppToken)
	opts.SigningSecret = strings.TrimSpace(opts.SigningSecret)
	opts.StaffGroup = strings.TrimSpace(opts.StaffGroup)
	var errs []error
	switch {
	case opts.BotToken == "":
		errs = append(errs, errors.New("SLACK_BOT_TOKEN: missing; copy the Bot User OAuth Token (xoxb-...) from the app's OAuth & Permissions page"))
	case !strings.HasPrefix(opts.BotToken, "xoxb-"):
		errs = append(errs, errors.New("SLACK_BOT_TOKEN: not a bot token; it starts with xoxb-"))
	}
	if opts.AppToken != "" && !strings.HasPrefix(opts.AppToken, "xapp-") {
		errs = append(errs, errors.New("SLACK_APP_TOKEN: not an app-level token; it starts with xapp-"))
	}
	if opts.AppToken == "" && opts.SigningSecret == "" {
		errs = append(errs, errors.New("SLACK_APP_TOKEN or SLACK_SIGNING_SECRET: set one, the app token for Socket Mode or the signing secret for the Events API"))
	}
	if opts.APIURL != "" {
		u, err := url.Parse(opts.APIURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("MSPBOT_SLACK_API_URL: %q is not an http(s) URL", opts.APIURL))
		} else if !strings.HasSuffix(opts.APIURL, "/") {
			// slack-go appends the method name to the base URL.
			opts.APIURL += "/"
		}
	}
	if opts.StaffGroup != "" && strings.ContainsAny(opts.StaffGroup, " ,/") {
		errs = append(errs, fmt.Errorf("staff user group %q: give one user group id such as S0123ABC", opts.StaffGroup))
	}
	if l := strings.ToLower(strings.TrimSpace(opts.Lang)); l != "" && l != "de" && l != "en" {
		errs = append(errs, fmt.Errorf("MSPBOT_SLACK_LANG: %q: want de or en", opts.Lang))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("slack: %w", err)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.ThreadTTL <= 0 {
		opts.ThreadTTL = DefaultThreadTTL
	}
	if opts.MaxRetries <= 0 {
		opts.MaxRetries = DefaultMaxRetries
	}
	if opts.MaxRetryWait <= 0 {
		opts.MaxRetryWait = DefaultMaxRetryWait
	}
	opts.Lang = normLang(opts.Lang)
	log := opts.Logger.With(slog.String("component", "slack"))
	marks := opts.Marks
	if marks == nil {
		marks = newMemoryMarks(opts.Now)
	}

	var staff []string
	for _, u := range opts.StaffUsers {
		if u = strings.TrimSpace(u); u != "" {
			staff = append(staff, u)
		}
	}
	clientOpts := []slackapi.Option{
		slackapi.OptionHTTPClient(&http.Client{Timeout: 30 * time.Second}),
		slackapi.OptionLog(slog.NewLogLogger(log.Handler(), slog.LevelDebug)),
	}
	if opts.APIURL != "" {
		clientOpts = append(clientOpts, slackapi.OptionAPIURL(opts.APIURL))
	}
	if opts.AppToken != "" {
		clientOpts = append(clientOpts, slackapi.OptionAppLevelToken(opts.AppToken))
	}
	return &Adapter{
		api:   slackapi.New(opts.BotToken, clientOpts...),
		opts:  opts,
		log:   log,
		staff: staff,
		group: groupCache{lock: make(chan struct{}, 1)},
		disp:  bot.NewDispatcher(MaxInFlight, HandleTimeout, log),
		marks: marks,
		hooks: &http.Client{Timeout: 30 * time.Second},
		sleep: sleepCtx,
	}, nil
}

// Start calls auth.test to learn the bot's own user id, bot id and
// workspace, so that the adapter ignores the bot's own messages and
// reactions and recognises mentions of itself. Call it once before serving.
func (a *Adapter) Start(ctx context.Context) error {
	res, err := a.api.AuthTestContext(ctx)
	if err != nil {
		return fmt.Errorf("slack auth.test: %w", err)
	}
	if res.UserID == "" {
		return errors.New("slack auth.test: no user id in the answer; is SLACK_BOT_TOKEN a bot token?")
	}
	a.mu.Lock()
	a.self = identity{user: res.UserID, bot: res.BotID, team: res.TeamID, name: res.User}
	a.mu.Unlock()
	a.log.Info("connected to Slack", slog.String("team", res.TeamID), slog.String("bot_user", res.UserID), slog.String("bot_id", res.BotID))
	return nil
}

func (a *Adapter) identity() identity {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.self
}

// Wait waits for the events still being handled in the background. Call it
// after the HTTP server has shut down and RunSocketMode has returned, so that
// no new deliveries arrive meanwhile.
func (a *Adapter) Wait() { a.disp.Wait() }

// Staff returns the staff directory of Slack: the configured StaffUsers and
// the members of StaffGroup. Users of other platforms are never staff. When
// the group cannot be read the lookup fails, and the engine treats the user
// as a client.
func (a *Adapter) Staff() bot.StaffDirectory {
	return bot.StaffFunc(a.isStaff)
}

func (a *Adapter) isStaff(ctx context.Context, u bot.Ref) (bool, error) {
	if u.Platform != Platform || u.User == "" {
		return false, nil
	}
	if slices.Contains(a.staff, u.User) {
		return true, nil
	}
	if a.opts.StaffGroup == "" {
		return false, nil
	}
	members, err := a.groupMembers(ctx)
	if err != nil {
		return false, err
	}
	_, ok := members[u.User]
	return ok, nil
}

// groupCache remembers the staff group's members. lock is a one-slot
// channel, so that a caller waiting for another's refresh can give up when
// its context ends.
type groupCache struct {
	lock    chan struct{}
	members map[string]struct{}
	expires time.Time
}

func (a *Adapter) groupMembers(ctx context.Context) (map[string]struct{}, error) {
	select {
	case a.group.lock <- struct{}{}:
	case <-ctx.Done():
		return nil, fmt.Errorf("slack staff group: %w", ctx.Err())
	}
	defer func() { <-a.group.lock }()
	now := a.opts.Now()
	if a.group.members != nil && now.Before(a.group.expires) {
		return a.group.members, nil
	}
	ids, err := a.api.GetUserGroupMembersContext(ctx, a.opts.StaffGroup)
	if err != nil {
		return nil, fmt.Errorf("slack usergroups.users.list %s: %w", a.opts.StaffGroup, err)
	}
	members := make(map[string]struct{}, len(ids))
	for _, id := range ids {
		members[id] = struct{}{}
	}
	a.group.members = members
	a.group.expires = now.Add(StaffCacheTTL)
	a.log.LogAttrs(ctx, slog.LevelDebug, "staff group read", slog.String("group", a.opts.StaffGroup), slog.Int("members", len(ids)))
	return members, nil
}
