// Package staff is the staff page of the web front door (/staff): the place
// where a provider's staff, signed in with the provider's OpenID Connect
// identity provider (Entra ID, Google Workspace, Keycloak …), follow the
// web staff conversation live, press the same buttons chat staff press
// (claim a ticket, approve or decline a vendor slot) and look tickets,
// vendor appointments and protocols up by reference.
//
// It is an adapter like bot/web, whose routes it joins: it imports bot and
// the OpenID Connect client libraries only. Staff actions are events of the
// JSON API platform ("web") in the staff conversation, run by the engine as
// the signed-in staff member ("oidc:<sub>"); Directory makes that member
// staff for that event only. It is not a second chat: it writes nothing but
// the button presses staff make, and reads records only through a Finder.
//
// Security: sign-in is the authorisation code flow with PKCE, state and
// nonce; the session is an HMAC-signed, HttpOnly, SameSite=Lax cookie with
// an expiry; every POST must carry the session's CSRF token and come from
// the page's own origin.
package staff

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/mspbot/mspbot/bot"
)

// DefaultGroupClaim is the ID-token claim read for group membership when
// Options.GroupClaim is empty.
const DefaultGroupClaim = "groups"

// Engine runs events; *bot.Engine implements it.
type Engine interface {
	Handle(ctx context.Context, ev bot.Event) (bot.Outcome, error)
}

// Transcripts reads what the bot posted in a conversation.
type Transcripts interface {
	List(ctx context.Context, conv bot.Ref) ([]bot.Sent, error)
}

// ErrNotFound is what a Finder returns for a reference it does not know.
var ErrNotFound = errors.New("no such record")

// Finder looks a ticket, vendor appointment or protocol up by reference
// (CB-…, VA-…, PR-…) for staff, read-only.
type Finder interface {
	Find(ctx context.Context, ref string) (Record, error)
}

// Record is a found record as the page shows it.
type Record struct {
	Kind    string // "callback", "vendor", "protocol"
	ID      string
	State   string
	Fields  []Field
	History []Field // Name: when, Value: what and by whom
}

// Field is one labelled value of a Record.
type Field struct{ Name, Value string }

// Options configure the staff page. Without Issuer, ClientID and
// RedirectURL the page is off and says how to turn it on.
type Options struct {
	// Issuer is the identity provider's issuer URL; its discovery document
	// is read on the first sign-in (and again until it could be read).
	Issuer       string
	ClientID     string
	ClientSecret string // empty for a public client (PKCE only)
	// RedirectURL is the page's callback as registered at the identity
	// provider, ending in /staff/callback; its origin is the only origin
	// POSTs are accepted from, and its scheme decides the Secure flag.
	RedirectURL string
	// GroupClaim names the ID-token claim with the user's groups (default
	// "groups"); a member of Group is staff.
	GroupClaim string
	Group      string
	// Emails are staff by verified e-mail address (case-insensitive).
	Emails []string
	// SessionTTL is how long a sign-in lasts (default 8 hours).
	SessionTTL time.Duration
	// Key signs the cookies (HMAC-SHA256); every replica needs the same.
	// Empty: a random key of this process.
	Key []byte
	// Platform and Channel name the staff conversation whose transcript
	// the page shows and where button presses run (default "web" and
	// "staff").
	Platform, Channel string
	Transcripts       Transcripts
	Finder            Finder
	// HTTPClient talks to the identity provider (default: a client with a
	// 15-second timeout).
	HTTPClient *http.Client
	// PollInterval is how often the page asks for new posts (default 3s).
	PollInterval time.Duration
	Now          func() time.Time
	Logger       *slog.Logger
}

// Configured reports whether the options turn the page on.
func (o Options) Configured() bool {
	return o.Issuer != "" && o.ClientID != "" && o.RedirectURL != ""
}

// Page serves /staff.
type Page struct {
	opts   Options
	sign   signer
	origin string // scheme://host of RedirectURL
	secure bool

	mu       sync.Mutex
	provider *oidc.Provider
	endSess  string
}

// New returns the staff page.
func New(opts Options) *Page {
	if opts.GroupClaim == "" {
		opts.GroupClaim = DefaultGroupClaim
	}
	if opts.SessionTTL <= 0 {
		opts.SessionTTL = 8 * time.Hour
	}
	if len(opts.Key) == 0 {
		opts.Key = randomBytes(32)
	}
	if opts.Platform == "" {
		opts.Platform = "web"
	}
	if opts.Channel == "" {
		opts.Channel = "staff"
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{Timeout: 15 * time.Second}
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = 3 * time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	p := &Page{opts: opts, sign: signer{key: opts.Key}}
	if u, err := url.Parse(opts.RedirectURL); err == nil && u.Host != "" {
		p.origin = u.Scheme + "://" + u.Host
		p.secure = u.Scheme == "https"
	}
	return p
}

// Routes returns the page's handlers by ServeMux pattern, for
// web.Options.Routes.
func (p *Page) Routes(e Engine) map[string]http.Handler {
	h := p.Handler(e)
	return map[string]http.Handler{"/staff": h, "/staff/": h}
}

// Handler returns the handler of every /staff route.
func (p *Page) Handler(e Engine) http.Handler {
	mux := http.NewServeMux()
	if !p.opts.Configured() || p.origin == "" {
		mux.HandleFunc("/staff", p.off)
		mux.HandleFunc("/staff/", p.off)
		return pageHeaders(mux, "")
	}
	mux.HandleFunc("GET /staff/static/", p.static)
	mux.HandleFunc("GET /staff", p.home)
	mux.HandleFunc("GET /staff/{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/staff", http.StatusSeeOther)
	})
	mux.HandleFunc("GET /staff/login", p.login)
	mux.HandleFunc("GET /staff/callback", p.callback)
	mux.HandleFunc("GET /staff/search", p.search)
	mux.HandleFunc("GET /staff/messages", p.messages)
	mux.HandleFunc("POST /staff/buttons", func(w http.ResponseWriter, r *http.Request) { p.button(w, r, e) })
	mux.HandleFunc("POST /staff/logout", p.logout)
	return pageHeaders(mux, issuerOrigin(p.opts.Issuer))
}

// pageHeaders adds the page's Content-Security-Policy: its own scripts and
// styles only, no frames, forms to itself and (logout) the identity provider.
func pageHeaders(h http.Handler, idp string) http.Handler {
	csp := "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
		"base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
	if idp != "" {
		csp += " " + idp
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", csp)
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("X-Frame-Options", "DENY")
		// same-origin, not no-referrer: under no-referrer a browser sends
		// "Origin: null" with a form POST, and the Origin check refuses it.
		w.Header().Set("Referrer-Policy", "same-origin")
		h.ServeHTTP(w, r)
	})
}

func issuerOrigin(issuer string) string {
	u, err := url.Parse(issuer)
	if err != nil || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

func (p *Page) off(w http.ResponseWriter, r *http.Request) {
	p.render(w, http.StatusNotFound, "off", nil)
}

func (p *Page) home(w http.ResponseWriter, r *http.Request) {
	ses, err := p.sign.readSession(r, p.opts.Now())
	if err != nil {
		p.render(w, http.StatusOK, "signin", nil)
		return
	}
	p.render(w, http.StatusOK, "home", map[string]any{
		"Session": ses, "Who": who(ses), "Poll": p.opts.PollInterval.Milliseconds(),
	})
}

func who(s session) string {
	switch {
	case s.Name != "" && s.Email != "":
		return s.Name + " <" + s.Email + ">"
	case s.Email != "":
		return s.Email
	case s.Name != "":
		return s.Name
	}
	return s.User
}

// refRE is a record reference: CB-26-0001, VA-26-0007, PR-26-0001.
var refRE = regexp.MustCompile(`^[A-Z]{2}-[0-9]{2}-[0-9]{1,8}$`)

func (p *Page) search(w http.ResponseWriter, r *http.Request) {
	ses, err := p.sign.readSession(r, p.opts.Now())
	if err != nil {
		http.Redirect(w, r, "/staff", http.StatusSeeOther)
		return
	}
	ref := strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("ref")))
	data := map[string]any{"Session": ses, "Who": who(ses), "Ref": ref, "Poll": p.opts.PollInterval.Milliseconds()}
	status := http.StatusOK
	switch {
	case !refRE.MatchString(ref):
		data["Problem"] = "Give a reference such as CB-26-0001 (callback), VA-26-0001 (vendor appointment) or PR-26-0001 (protocol)."
		status = http.StatusBadRequest
	case p.opts.Finder == nil:
		data["Problem"] = "Looking records up is not available."
		status = http.StatusNotFound
	default:
		rec, err := p.opts.Finder.Find(r.Context(), ref)
		switch {
		case errors.Is(err, ErrNotFound):
			data["Problem"] = "Nothing found under " + ref + "."
			status = http.StatusNotFound
		case err != nil:
			p.opts.Logger.LogAttrs(r.Context(), slog.LevelError, "staff page lookup failed",
				slog.String("component", "staff"), slog.String("ref", ref), slog.Any("err", err))
			data["Problem"] = "Temporarily unavailable, please try again shortly."
			status = http.StatusServiceUnavailable
		default:
			data["Record"] = rec
		}
	}
	p.render(w, status, "search", data)
}

// messageJSON is a staff-conversation post as the page's script reads it.
type messageJSON struct {
	ID      string       `json:"id"`
	Text    string       `json:"text"`
	Time    string       `json:"time"`
	Buttons []bot.Button `json:"buttons,omitempty"`
	Record  *bot.Record  `json:"record,omitempty"`
}

func toJSON(ms []bot.Sent) []messageJSON {
	out := make([]messageJSON, 0, len(ms))
	for _, m := range ms {
		j := messageJSON{ID: m.Ref.Message, Text: m.Text, Time: m.Time.UTC().Format(time.RFC3339), Buttons: m.Buttons}
		if m.Meta != nil {
			j.Record = m.Meta.Record
		}
		out = append(out, j)
	}
	return out
}

func (p *Page) staffRoom() bot.Ref {
	return bot.Ref{Platform: p.opts.Platform, Channel: p.opts.Channel}
}

func (p *Page) messages(w http.ResponseWriter, r *http.Request) {
	if _, err := p.sign.readSession(r, p.opts.Now()); err != nil {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "signed out: reload the page to sign in again"})
		return
	}
	msgs, err := p.list(r.Context())
	if err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": "temporarily unavailable, please try again shortly"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"messages": toJSON(msgs)})
}

func (p *Page) list(ctx context.Context) ([]bot.Sent, error) {
	if p.opts.Transcripts == nil {
		return nil, nil
	}
	msgs, err := p.opts.Transcripts.List(ctx, p.staffRoom())
	if err != nil {
		p.opts.Logger.LogAttrs(ctx, slog.LevelError, "reading staff transcript failed",
			slog.String("component", "staff"), slog.Any("err", err))
	}
	return msgs, err
}

type buttonReq struct {
	MessageID string `json:"message_id"`
	Action    string `json:"action"`
	Value     string `json:"value"`
}

// button runs a button of a staff post as the signed-in staff member.
func (p *Page) button(w http.ResponseWriter, r *http.Request, e Engine) {
	ses, ok := p.guardPost(w, r)
	if !ok {
		return
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		writeJSON(w, http.StatusUnsupportedMediaType, map[string]string{"error": "send Content-Type: application/json"})
		return
	}
	var req buttonReq
	dec := json.NewDecoder(io.LimitReader(r.Body, 4<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "malformed request"})
		return
	}
	msgs, err := p.list(r.Context())
	if err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": "temporarily unavailable, please try again shortly"})
		return
	}
	// Only a button the bot put on a post of the staff conversation.
	i := slices.IndexFunc(msgs, func(m bot.Sent) bool { return m.Ref.Message == req.MessageID && req.MessageID != "" })
	if i < 0 || !slices.ContainsFunc(msgs[i].Buttons, func(b bot.Button) bool { return b.Action == req.Action && b.Value == req.Value }) {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "no such button on a staff post"})
		return
	}
	user := bot.Ref{Platform: p.opts.Platform, Channel: p.opts.Channel, User: ses.User}
	target := user.Conversation()
	target.Message = req.MessageID
	name := ses.Name
	if name == "" {
		name = ses.Email
	}
	ev := bot.Event{ID: "staff-" + bot.NewID(8), Kind: bot.KindButton, Ref: user, Target: target,
		Action: req.Action, Value: req.Value, UserName: name}
	out, err := e.Handle(withGrant(r.Context(), user), ev)
	if err != nil || (out.Failed && len(out.Replies) == 0) {
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{"error": "temporarily unavailable, please try again shortly", "replies": toJSON(out.Replies)})
		return
	}
	if out.Limited {
		w.Header().Set("Retry-After", "60")
		writeJSON(w, http.StatusTooManyRequests, map[string]any{"error": "too many presses: please slow down", "replies": toJSON(out.Replies)})
		return
	}
	p.opts.Logger.LogAttrs(r.Context(), slog.LevelInfo, "staff page action",
		slog.String("component", "staff"), slog.String("user", ses.User), slog.String("action", req.Action), slog.String("record", req.Value))
	writeJSON(w, http.StatusOK, map[string]any{"replies": toJSON(out.Replies)})
}

// guardPost lets a POST through only with a valid session, the session's
// CSRF token (header X-CSRF-Token or form field csrf) and the page's own
// Origin; anything else is refused with 401 or 403.
func (p *Page) guardPost(w http.ResponseWriter, r *http.Request) (session, bool) {
	ses, err := p.sign.readSession(r, p.opts.Now())
	if err != nil {
		p.refuse(r, "no valid staff session")
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "signed out: reload the page to sign in again"})
		return session{}, false
	}
	if origin := r.Header.Get("Origin"); origin == "" || origin != p.origin || r.Header.Get("Sec-Fetch-Site") == "cross-site" {
		p.refuse(r, "foreign or missing Origin")
		writeJSON(w, http.StatusForbidden, map[string]string{"error": "cross-site request refused"})
		return session{}, false
	}
	token := r.Header.Get("X-CSRF-Token")
	if token == "" && strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
		token = r.PostFormValue("csrf")
	}
	if token == "" || !hmac.Equal([]byte(token), []byte(ses.CSRF)) {
		p.refuse(r, "missing or wrong CSRF token")
		writeJSON(w, http.StatusForbidden, map[string]string{"error": "missing or wrong CSRF token: reload the page"})
		return session{}, false
	}
	return ses, true
}

func (p *Page) refuse(r *http.Request, reason string) {
	p.opts.Logger.LogAttrs(r.Context(), slog.LevelWarn, "request refused",
		slog.String("component", "staff"), slog.String("path", r.URL.Path),
		slog.String("reason", reason), slog.String("remote", r.RemoteAddr))
}

func (p *Page) setCookie(w http.ResponseWriter, name, value string, ttl time.Duration) {
	c := &http.Cookie{Name: name, Value: value, Path: "/staff", HttpOnly: true, Secure: p.secure,
		SameSite: http.SameSiteLaxMode, MaxAge: int(ttl.Seconds())}
	if ttl <= 0 {
		c.Value, c.MaxAge = "", -1
	} else {
		c.Expires = p.opts.Now().Add(ttl)
	}
	http.SetCookie(w, c)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// userID is the engine's user id of a staff member: "oidc:" and the subject
// when it is a plain id, else a hash of it.
func userID(sub string) string {
	if subRE.MatchString(sub) {
		return "oidc:" + sub
	}
	h := sha256.Sum256([]byte(sub))
	return "oidc:" + hex.EncodeToString(h[:20])
}

var subRE = regexp.MustCompile(`^[A-Za-z0-9._@-]{1,100}$`)

// providerFor returns the identity provider, reading its discovery
// document on first use (and again after a failure).
func (p *Page) providerFor(ctx context.Context) (*oidc.Provider, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.provider != nil {
		return p.provider, nil
	}
	ctx, cancel := context.WithTimeout(oidc.ClientContext(ctx, p.opts.HTTPClient), 15*time.Second)
	defer cancel()
	prov, err := oidc.NewProvider(ctx, p.opts.Issuer)
	if err != nil {
		return nil, err
	}
	var extra struct {
		EndSession string `json:"end_session_endpoint"`
	}
	_ = prov.Claims(&extra)
	p.provider, p.endSess = prov, extra.EndSession
	return prov, nil
}

func (p *Page) oauth(prov *oidc.Provider) *oauth2.Config {
	return &oauth2.Config{ClientID: p.opts.ClientID, ClientSecret: p.opts.ClientSecret, RedirectURL: p.opts.RedirectURL,
		Endpoint: prov.Endpoint(), Scopes: []string{oidc.ScopeOpenID, "profile", "email"}}
}
