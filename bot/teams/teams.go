// Package teams is mspbot's Microsoft Teams adapter. Microsoft's Go SDK for
// bots is gone, so it speaks the Bot Connector REST protocol itself: Teams
// POSTs Activities to the messaging endpoint (Handler, mounted at
// POST /teams/messages), each with a JWT of the Bot Connector service that is
// verified before anything in the request is read; replies and proactive
// posts go back through the conversation's serviceUrl with an access token of
// the client-credentials flow (app id and secret), cached until shortly before
// it expires.
//
// The adapter normalises and the engine decides: personal chats, channel and
// group-chat messages that mention the bot (with the mention stripped),
// messageReaction activities and Adaptive Card buttons (Action.Execute and
// Action.Submit) become bot.Events; every request is acknowledged at once and
// handled in the background. Teams re-sends an activity it did not see
// answered in time; the activity id is the event id, so the engine handles it
// once. Permissions are checked by the handlers, never here.
package teams

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/mspbot/mspbot/bot"
)

// Platform is the platform name of Teams refs.
const Platform = "teams"

// Microsoft's endpoints and the values its tokens carry.
const (
	// DefaultOpenIDURL is the OpenID metadata of the Bot Connector service,
	// which names the key set that signs the tokens Teams sends.
	DefaultOpenIDURL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
	// DefaultServiceURL is the global Teams connector, used for proactive
	// posts into a conversation no activity has been seen from yet.
	DefaultServiceURL = "https://smba.trafficmanager.net/teams/"
	// Issuer is the issuer of every token the Bot Connector sends.
	Issuer = "https://api.botframework.com"
	// Scope is what the bot's own access token is requested for.
	Scope = "https://api.botframework.com/.default"
	// ChannelID is the Bot Framework channel id of Teams; only its
	// activities are taken, and only keys endorsed for it are trusted.
	ChannelID = "msteams"
)

// TokenURL returns the client-credentials token endpoint for tenant: the
// botframework.com tenant of multi-tenant bots when tenant is empty, else
// the bot's own tenant (single-tenant bots).
func TokenURL(tenant string) string {
	if tenant == "" {
		tenant = "botframework.com"
	}
	return "https://login.microsoftonline.com/" + url.PathEscape(tenant) + "/oauth2/v2.0/token"
}

// Bounds of the adapter.
const (
	// MaxBody is the largest request body accepted; larger ones are
	// answered 413.
	MaxBody = 1 << 20
	// HandleTimeout bounds the background handling of one activity.
	HandleTimeout = 60 * time.Second
	// MaxInFlight is how many activities may be handled at once; beyond it
	// requests are answered 503 and the connector retries.
	MaxInFlight = 256
	// StaffCacheTTL is how long the members of the staff team are
	// remembered.
	StaffCacheTTL = 5 * time.Minute
	// ClockSkew is how far a token's expiry and not-before may be off.
	ClockSkew = 5 * time.Minute
	// tokenMargin is how long before its expiry an access token is renewed.
	tokenMargin = 5 * time.Minute
	// maxServiceURLs bounds the remembered serviceUrls per conversation.
	maxServiceURLs = 10000
)

// Engine runs events; *bot.Engine implements it.
type Engine interface {
	Handle(ctx context.Context, ev bot.Event) (bot.Outcome, error)
}

// Options configure the adapter. Zero values mean the documented defaults.
type Options struct {
	// AppID is the bot's Microsoft App ID (TEAMS_APP_ID): the audience of
	// incoming tokens and the client id of outgoing ones. Required.
	AppID string
	// AppPassword is the app's client secret (TEAMS_APP_PASSWORD). Required.
	AppPassword string
	// Tenant, for a single-tenant bot, is its Entra tenant id; the access
	// token is then requested there. Empty: botframework.com (multi-tenant).
	Tenant string
	// OpenIDURL is the OpenID metadata URL (default DefaultOpenIDURL).
	OpenIDURL string
	// TokenURL is the token endpoint (default TokenURL(Tenant)).
	TokenURL string
	// ServiceURL is the connector for conversations no activity has been
	// seen from since start (default DefaultServiceURL).
	ServiceURL string
	// StaffTeam is the id of the Teams team whose members are staff.
	StaffTeam string
	// StaffUsers are Entra (AAD) object ids of staff.
	StaffUsers []string
	// HTTPClient makes every outgoing request (default: a client with a
	// 30-second timeout).
	HTTPClient *http.Client
	// Logger receives structured logs, never message text or secrets
	// (default slog.Default()).
	Logger *slog.Logger
	// Now is the clock (default time.Now): token expiry, caches, stamps.
	Now func() time.Time
}

var _ bot.Sender = (*Adapter)(nil)

// Adapter connects mspbot to Teams. Create it with New, call Start (which
// loads the signing keys), then serve Handler; it is safe for concurrent use.
type Adapter struct {
	opts   Options
	log    *slog.Logger
	client *http.Client
	tokens *tokenSource
	staff  *staffDirectory

	mu       sync.RWMutex
	verifier *verifier
	services map[string]string // conversation (channel) or team id -> serviceUrl

	// disp runs acknowledged activities in the background.
	disp *bot.Dispatcher
}

var guidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// New validates opts and returns an adapter. It makes no request; Start
// loads the keys.
func New(opts Options) (*Adapter, error) {
	opts.AppID = strings.TrimSpace(opts.AppID)
	opts.Tenant = strings.TrimSpace(opts.Tenant)
	opts.StaffTeam = strings.TrimSpace(opts.StaffTeam)
	if opts.OpenIDURL == "" {
		opts.OpenIDURL = DefaultOpenIDURL
	}
	if opts.TokenURL == "" {
		opts.TokenURL = TokenURL(opts.Tenant)
	}
	if opts.ServiceURL == "" {
		opts.ServiceURL = DefaultServiceURL
	}
	var errs []error
	switch {
	case opts.AppID == "":
		errs = append(errs, errors.New("TEAMS_APP_ID: missing; copy the Microsoft App ID from the Azure Bot resource's Configuration page"))
	case !guidRE.MatchString(opts.AppID):
		errs = append(errs, fmt.Errorf("TEAMS_APP_ID: %q is not an app id (a GUID such as 00000000-0000-0000-0000-000000000000)", opts.AppID))
	}
	if opts.AppPassword == "" {
		errs = append(errs, errors.New("TEAMS_APP_PASSWORD: missing; create a client secret for the app (Certificates & secrets)"))
	}
	for name, u := range map[string]string{"MSPBOT_TEAMS_OPENID_URL": opts.OpenIDURL, "MSPBOT_TEAMS_TOKEN_URL": opts.TokenURL, "MSPBOT_TEAMS_SERVICE_URL": opts.ServiceURL} {
		if err := CheckURL(u); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("teams: %w", err)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	client := opts.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	a := &Adapter{
		opts:     opts,
		log:      opts.Logger.With(slog.String("component", "teams")),
		client:   client,
		services: make(map[string]string),
	}
	a.disp = bot.NewDispatcher(MaxInFlight, HandleTimeout, a.log)
	a.tokens = newTokenSource(client, opts.TokenURL, opts.AppID, opts.AppPassword, opts.Now)
	a.staff = newStaffDirectory(a, opts.StaffTeam, opts.StaffUsers)
	return a, nil
}

// CheckURL accepts an https URL, or an http URL on a loopback host (for
// local test servers).
func CheckURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return fmt.Errorf("%q is not a URL", s)
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		host := u.Hostname()
		if ip := net.ParseIP(host); host == "localhost" || (ip != nil && ip.IsLoopback()) {
			return nil
		}
		return fmt.Errorf("%q: use https (http only for a loopback test server)", s)
	}
	return fmt.Errorf("%q: want an https URL", s)
}

// Start reads the OpenID metadata and the key set it names, and keeps the
// keys fresh (hourly, and at most every five minutes when a token names an
// unknown key) until ctx ends. Until Start has succeeded every request is
// answered 503, so the connector retries.
func (a *Adapter) Start(ctx context.Context) error {
	v, err := newVerifier(ctx, a.client, a.opts.OpenIDURL, a.opts.AppID, a.opts.Now, a.log)
	if err != nil {
		return fmt.Errorf("teams signing keys: %w", err)
	}
	a.mu.Lock()
	a.verifier = v
	a.mu.Unlock()
	a.log.Info("Teams signing keys loaded", slog.String("openid", a.opts.OpenIDURL))
	return nil
}

func (a *Adapter) currentVerifier() *verifier {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.verifier
}

// Wait waits for the activities still being handled in the background.
// Call it after the HTTP server has shut down.
func (a *Adapter) Wait() { a.disp.Wait() }

// learn remembers the serviceUrl of a verified activity for its
// conversation and its team, so that later proactive posts and staff
// lookups go to the right regional connector.
func (a *Adapter) learn(serviceURL string, keys ...string) {
	if serviceURL == "" {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.services) >= maxServiceURLs {
		clear(a.services)
	}
	for _, k := range keys {
		if k != "" {
			a.services[k] = serviceURL
		}
	}
}

// serviceURL returns the connector for a conversation or team id.
func (a *Adapter) serviceURL(key string) string {
	a.mu.RLock()
	defer a.mu.RUnlock()
	if s, ok := a.services[key]; ok {
		return s
	}
	return a.opts.ServiceURL
}
