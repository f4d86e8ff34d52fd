// Package teams is mspbot's Microsoft Teams adapter. Microsoft's Go SDK for
// bots is gone, so it speaks the Bot Connector REST protocol itself: Teams
// POSTs Activities to the messaging endpoint (Handler, mounted at
// POST /teams/messages), each with a JWT of the Bot Connector service that is
// verified before anything in the request is read; replies and proactive
// posts go back through the conversation's serviceUrl with an access token
// of the bot's own identity, cached until shortly before it expires: a
// single-tenant app's client secret (the default; Azure creates no other
// bots since July 2025), an old multi-tenant app's secret, or a
// user-assigned managed identity. Refusals the connector means to be
// retried (429, 412, 502, 504) are retried a bounded number of times,
// honouring Retry-After.
//
// The adapter normalises and the engine decides: personal chats, channel and
// group-chat messages that mention the bot (with the mention stripped),
// replies in a channel thread the bot answered in (with the RSC permission
// ChannelMessage.Read.Group Teams delivers them without a mention),
// messageReaction activities and Adaptive Card buttons (Action.Execute and
// Action.Submit) become bot.Events; every request is acknowledged at once and
// handled in the background. Teams re-sends an activity it did not see
// answered in time; the activity id is the event id, so the engine handles it
// once. When the bot is installed or added to a team or chat it says once
// what it can do. Permissions are checked by the handlers, never here.
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
	// Audience is the resource a managed identity's token is requested
	// for: the Bot Connector.
	Audience = "https://api.botframework.com"
	// ChannelID is the Bot Framework channel id of Teams; only its
	// activities are taken, and only keys endorsed for it are trusted.
	ChannelID = "msteams"
)

// The kinds of bot identity (Azure's "Type of App", the Bot Framework's
// MicrosoftAppType).
const (
	// AppTypeSingleTenant is an app registered in the provider's own Entra
	// tenant with a client secret; its token comes from that tenant. Since
	// 31 July 2025 Azure creates no other kind of bot with a secret.
	AppTypeSingleTenant = "SingleTenant"
	// AppTypeMultiTenant is a bot registered as multi-tenant before Azure
	// stopped creating them; its token comes from botframework.com.
	AppTypeMultiTenant = "MultiTenant"
	// AppTypeManagedIdentity is a user-assigned managed identity of the
	// Azure resource mspbot runs on; its token comes from Azure's identity
	// endpoint and no secret is kept anywhere.
	AppTypeManagedIdentity = "UserAssignedMSI"
)

// DefaultTokenURL is Entra's token endpoint; {tenant} is replaced by the
// bot's tenant (botframework.com for a multi-tenant bot without one).
const DefaultTokenURL = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token"

// DefaultIdentityEndpoint is the Azure instance metadata service's token
// endpoint for managed identities (VMs, scale sets, AKS); App Service and
// Container Apps name their own in IDENTITY_ENDPOINT.
const DefaultIdentityEndpoint = "http://169.254.169.254/metadata/identity/oauth2/token"

// TokenURL returns the client-credentials token endpoint for tenant: the
// botframework.com tenant of multi-tenant bots when tenant is empty, else
// the bot's own tenant (single-tenant bots).
func TokenURL(tenant string) string { return tokenURL(DefaultTokenURL, tenant) }

// tokenURL fills the {tenant} of template.
func tokenURL(template, tenant string) string {
	if tenant == "" {
		tenant = "botframework.com"
	}
	return strings.ReplaceAll(template, "{tenant}", url.PathEscape(tenant))
}

// normalizeAppType returns the canonical spelling of an app type named in
// any case, and whether it is one.
func normalizeAppType(s string) (string, bool) {
	for _, t := range []string{AppTypeSingleTenant, AppTypeMultiTenant, AppTypeManagedIdentity} {
		if strings.EqualFold(strings.TrimSpace(s), t) {
			return t, true
		}
	}
	return "", false
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
	// AppType is how the bot proves who it is: AppTypeSingleTenant
	// (default), AppTypeMultiTenant or AppTypeManagedIdentity
	// (MSPBOT_TEAMS_APP_TYPE).
	AppType string
	// AppID is the bot's Microsoft App ID (TEAMS_APP_ID): the audience of
	// incoming tokens and the client id of outgoing ones; for a managed
	// identity its client id. Required.
	AppID string
	// AppPassword is the app's client secret (TEAMS_APP_PASSWORD);
	// required unless the bot is a managed identity, which has none.
	AppPassword string
	// Tenant is the Entra tenant id (or domain) the bot's app is
	// registered in (MSPBOT_TEAMS_TENANT); the access token is requested
	// there. Required for a single-tenant bot; a multi-tenant bot without
	// one uses botframework.com.
	Tenant string
	// OpenIDURL is the OpenID metadata URL (default DefaultOpenIDURL).
	OpenIDURL string
	// TokenURL is the token endpoint; {tenant} in it is replaced by Tenant
	// (default DefaultTokenURL).
	TokenURL string
	// IdentityEndpoint is the managed-identity token endpoint (default
	// DefaultIdentityEndpoint, the instance metadata service);
	// IdentityHeader, when set, is App Service's IDENTITY_HEADER and
	// switches to App Service's protocol. Read for AppTypeManagedIdentity
	// only.
	IdentityEndpoint string
	IdentityHeader   string
	// ServiceURL is the connector for conversations no activity has been
	// seen from since start (default DefaultServiceURL).
	ServiceURL string
	// StaffTeam is the id of the Teams team whose members are staff.
	StaffTeam string
	// StaffUsers are Entra (AAD) object ids of staff.
	StaffUsers []string
	// Lang is the language of the welcome ("de" or "en", default "de");
	// TenantLangs overrides it per Entra tenant id.
	Lang        string
	TenantLangs map[string]string
	// Marks remembers the channel threads the bot answered in and the
	// teams and chats it welcomed (redisstore.Marks); nil keeps them in
	// memory, per process.
	Marks Marks
	// ThreadTTL is how long after its last answer in a channel thread the
	// bot follows the thread's replies without a mention (default
	// DefaultThreadTTL).
	ThreadTTL time.Duration
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
	opts    Options
	log     *slog.Logger
	client  *http.Client
	tokens  *tokenSource
	staff   *staffDirectory
	welcome *welcomer
	marks   Marks
	// threadTTL is Options.ThreadTTL or its default.
	threadTTL time.Duration

	mu       sync.RWMutex
	verifier *verifier
	services map[string]string // conversation (channel) or team id -> serviceUrl

	// disp runs acknowledged activities in the background.
	disp *bot.Dispatcher
	// sleep waits between retries (a timer; tests replace it).
	sleep func(ctx context.Context, d time.Duration) error
	// greeting runs the welcomes being sent.
	greeting sync.WaitGroup
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
	if opts.ServiceURL == "" {
		opts.ServiceURL = DefaultServiceURL
	}
	errs := opts.checkIdentity()
	urls := map[string]string{"MSPBOT_TEAMS_OPENID_URL": opts.OpenIDURL, "MSPBOT_TEAMS_SERVICE_URL": opts.ServiceURL}
	if opts.AppType == AppTypeManagedIdentity {
		if err := checkIdentityURL(opts.IdentityEndpoint); err != nil {
			errs = append(errs, fmt.Errorf("IDENTITY_ENDPOINT: %w", err))
		}
	} else {
		urls["MSPBOT_TEAMS_TOKEN_URL"] = opts.TokenURL
	}
	for name, u := range urls {
		if err := CheckURL(u); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
		}
	}
	switch strings.ToLower(opts.Lang) {
	case "", "de", "en":
	default:
		errs = append(errs, fmt.Errorf("welcome language %q: want de or en", opts.Lang))
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
		sleep:    sleepCtx,
	}
	a.disp = bot.NewDispatcher(MaxInFlight, HandleTimeout, a.log)
	a.tokens = newTokenSource(opts.Now, a.fetcher())
	a.staff = newStaffDirectory(a, opts.StaffTeam, opts.StaffUsers)
	a.marks = opts.Marks
	if a.marks == nil {
		a.marks = newMemoryMarks(opts.Now)
	}
	a.threadTTL = opts.ThreadTTL
	if a.threadTTL <= 0 {
		a.threadTTL = DefaultThreadTTL
	}
	a.welcome = newWelcomer(opts.Lang, opts.TenantLangs)
	return a, nil
}

// checkIdentity checks the bot's identity settings for its app type and
// fills in the defaults (the token URL with its tenant, the identity
// endpoint). Each error names the setting and what to do.
func (opts *Options) checkIdentity() []error {
	var errs []error
	switch {
	case opts.AppID == "":
		errs = append(errs, errors.New("TEAMS_APP_ID: missing; copy the Microsoft App ID from the Azure Bot resource's Configuration page"))
	case !guidRE.MatchString(opts.AppID):
		errs = append(errs, fmt.Errorf("TEAMS_APP_ID: %q is not an app id (a GUID such as 00000000-0000-0000-0000-000000000000)", opts.AppID))
	}
	appType := AppTypeSingleTenant
	if opts.AppType != "" {
		t, ok := normalizeAppType(opts.AppType)
		if !ok {
			return append(errs, fmt.Errorf("MSPBOT_TEAMS_APP_TYPE: %q: want %s, %s or %s", opts.AppType, AppTypeSingleTenant, AppTypeMultiTenant, AppTypeManagedIdentity))
		}
		appType = t
	}
	opts.AppType = appType
	if opts.TokenURL == "" {
		opts.TokenURL = DefaultTokenURL
	}
	switch appType {
	case AppTypeSingleTenant:
		if opts.Tenant == "" {
			errs = append(errs, errors.New("MSPBOT_TEAMS_TENANT: missing; a single-tenant bot (the only kind Azure creates since July 2025) gets its token from its own tenant: "+
				"copy the Directory (tenant) ID from the Overview of the bot's app registration, or set MSPBOT_TEAMS_APP_TYPE=MultiTenant for a bot registered as multi-tenant before"))
		}
		if opts.AppPassword == "" {
			errs = append(errs, errors.New("TEAMS_APP_PASSWORD: missing; create a client secret for the app (Certificates & secrets)"))
		}
	case AppTypeMultiTenant:
		if opts.AppPassword == "" {
			errs = append(errs, errors.New("TEAMS_APP_PASSWORD: missing; create a client secret for the app (Certificates & secrets)"))
		}
	case AppTypeManagedIdentity:
		if opts.AppPassword != "" {
			errs = append(errs, errors.New("TEAMS_APP_PASSWORD: a managed identity has no secret; remove it, or set MSPBOT_TEAMS_APP_TYPE to the app's type"))
		}
		if opts.IdentityEndpoint == "" {
			opts.IdentityEndpoint = DefaultIdentityEndpoint
		}
	}
	opts.TokenURL = tokenURL(opts.TokenURL, opts.Tenant)
	return errs
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

// checkIdentityURL accepts the managed-identity endpoint: https, or http
// on a loopback or link-local address (the instance metadata service at
// 169.254.169.254, App Service's and Container Apps' local endpoints).
func checkIdentityURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return fmt.Errorf("%q is not a URL", s)
	}
	if u.Scheme == "https" {
		return nil
	}
	host := u.Hostname()
	ip := net.ParseIP(host)
	if u.Scheme == "http" && (host == "localhost" || (ip != nil && (ip.IsLoopback() || ip.IsLinkLocalUnicast()))) {
		return nil
	}
	return fmt.Errorf("%q: want https, or http on a loopback or link-local address", s)
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
	if a.opts.AppType == AppTypeMultiTenant {
		a.log.Warn("the Teams bot is registered multi-tenant: Azure creates no new multi-tenant bots since 31 July 2025, existing ones keep working; "+
			"a new registration is single-tenant (MSPBOT_TEAMS_APP_TYPE=SingleTenant with MSPBOT_TEAMS_TENANT)", slog.String("app_type", a.opts.AppType))
	}
	return nil
}

func (a *Adapter) currentVerifier() *verifier {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.verifier
}

// Wait waits for the activities still being handled in the background.
// Call it after the HTTP server has shut down.
func (a *Adapter) Wait() {
	a.disp.Wait()
	a.greeting.Wait()
}

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
