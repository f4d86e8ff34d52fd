// Package web is mspbot's HTTP adapter: the JSON API for integrations and
// tests, the web chat page for a provider's site, and the health, readiness
// and metrics endpoints.
//
// Two platforms are served. "web" is the JSON API: it trusts the user it is
// given, so it demands a bearer token whenever the server listens beyond
// loopback, and its staff are the configured user ids; without a token it
// answers only requests addressed to a loopback host name (see HostAllowed).
// "webchat" is the chat page: a visitor is identified only by a cookie the
// server issued and signed (see visitor.go), is never staff, and is limited
// per client address (see limit.go).
package web

import (
	"bytes"
	"context"
	"crypto/subtle"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/netip"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/mspbot/mspbot/bot"
)

// Platform names of the two front doors this adapter serves.
const (
	PlatformAPI  = "web"
	PlatformChat = "webchat"
)

// Message ids tell who wrote a transcript entry: the bot's messages get
// BotMessagePrefix (Send), a web-chat visitor's own messages
// VisitorMessagePrefix. Both are kept in the conversation's one transcript,
// so they share its length limit and its expiry, and a client's wish to be
// forgotten deletes both.
const (
	BotMessagePrefix     = "m-"
	VisitorMessagePrefix = "u-"
)

// MaxBody is the largest request body accepted; larger ones get 413.
const MaxBody = 64 << 10

const cookieName = "mspbot_visitor"

//go:embed static
var static embed.FS

// Engine runs events; *bot.Engine implements it.
type Engine interface {
	Handle(ctx context.Context, ev bot.Event) (bot.Outcome, error)
}

// Transcripts stores what the bot posted per conversation and, in the web
// chat, the visitor's own messages beside it (see VisitorMessagePrefix).
type Transcripts interface {
	Append(ctx context.Context, m bot.Sent) error
	// AppendOnce appends m unless a message with the same once key was
	// appended to its conversation before, and returns the id of the one
	// stored (see bot.Reply.Once).
	AppendOnce(ctx context.Context, m bot.Sent, once string) (string, error)
	List(ctx context.Context, conv bot.Ref) ([]bot.Sent, error)
}

// Options configure the adapter. Zero values mean the defaults.
type Options struct {
	// APIToken is the JSON API's bearer token.
	APIToken string
	// RequireToken makes the JSON API refuse requests without APIToken.
	RequireToken bool
	// MaxTextChars is the longest message text accepted (default 4000).
	MaxTextChars int
	// CookieSecure marks the visitor cookie Secure (HTTPS deployments).
	CookieSecure bool
	// VisitorKey signs the visitor cookies (HMAC-SHA256), at least
	// MinVisitorKey bytes. Every replica must have the same key, or one
	// refuses the cookies another issued. Empty: a random key of this
	// process, so cookies do not survive a restart.
	VisitorKey []byte
	// VisitorMaxAge is how long a visitor cookie is valid (default 30 days).
	VisitorMaxAge time.Duration
	// NewVisitorLimit is how many visitor cookies one client address may be
	// issued per hour; 0 means no limit.
	NewVisitorLimit int
	// AddressLimit is how many chat messages and button presses one client
	// address may send per AddressWindow (default a minute), whatever
	// cookies it shows; 0 means no limit.
	AddressLimit  int
	AddressWindow time.Duration
	// AddrCounter counts both limits across replicas (Redis); nil counts
	// them in this process only. The counter is given no address, only an
	// HMAC of it with VisitorKey (see limit.go), so replicas that share a
	// counter must share the visitor key, as they must for the cookies.
	AddrCounter AddrCounter
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client address; from any other peer the header is ignored.
	TrustedProxies []netip.Prefix
	// AllowedHosts are host names, besides loopback ones, the JSON API
	// answers when it has no token.
	AllowedHosts []string
	// Ready reports whether the bot can serve (Redis answers).
	Ready func(ctx context.Context) error
	// Metrics serves /metrics when set.
	Metrics http.Handler
	// Routes are further handlers by ServeMux pattern, such as
	// "POST /slack/events" of the Slack adapter.
	Routes map[string]http.Handler
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Logger gets request failures (default slog.Default()).
	Logger *slog.Logger
}

// Adapter sends the bot's messages into transcripts and serves HTTP.
type Adapter struct {
	tr   Transcripts
	opts Options
	// newVisitors and addrEvents are the limits per client address.
	newVisitors, addrEvents *addrLimit
	// countFailing is set while AddrCounter fails, so that a failure
	// streak is logged once.
	countFailing atomic.Bool
}

// New returns an adapter that keeps the bot's messages in tr.
func New(tr Transcripts, opts Options) *Adapter {
	if opts.MaxTextChars <= 0 {
		opts.MaxTextChars = 4000
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if len(opts.VisitorKey) == 0 {
		opts.VisitorKey = randomVisitorKey()
	}
	if opts.VisitorMaxAge <= 0 {
		opts.VisitorMaxAge = 30 * 24 * time.Hour
	}
	if opts.AddressWindow <= 0 {
		opts.AddressWindow = time.Minute
	}
	return &Adapter{tr: tr, opts: opts,
		newVisitors: newAddrLimit("visitors", opts.NewVisitorLimit, time.Hour),
		addrEvents:  newAddrLimit("chat", opts.AddressLimit, opts.AddressWindow)}
}

// Send implements bot.Sender for both web platforms: the message gets an id
// and goes into its conversation's transcript, where API clients and the
// chat page read it.
func (a *Adapter) Send(ctx context.Context, to bot.Ref, r bot.Reply) (bot.Sent, error) {
	ref := to.Conversation()
	ref.Message = BotMessagePrefix + bot.NewID(8)
	sent := bot.Sent{Ref: ref, Text: r.Text, Buttons: r.Buttons, Meta: r.Meta, Time: a.opts.Now().UTC()}
	if r.Once != "" {
		id, err := a.tr.AppendOnce(ctx, sent, r.Once)
		if err != nil {
			return bot.Sent{}, fmt.Errorf("web send: %w", err)
		}
		sent.Ref.Message = id
		return sent, nil
	}
	if bot.AppendInRelease(ctx, sent) {
		// the turn's release writes it, in the same round trip
		return sent, nil
	}
	if err := a.tr.Append(ctx, sent); err != nil {
		return bot.Sent{}, fmt.Errorf("web send: %w", err)
	}
	return sent, nil
}

// Staff returns the staff directory of the JSON API: the given user ids.
// Chat page visitors are never staff.
func Staff(users []string) bot.StaffDirectory {
	set := slices.Clone(users)
	return bot.StaffFunc(func(_ context.Context, u bot.Ref) (bool, error) {
		return u.Platform == PlatformAPI && slices.Contains(set, u.User), nil
	})
}

// Handler returns the HTTP handler with every route.
func (a *Adapter) Handler(e Engine) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", a.readyz)
	if a.opts.Metrics != nil {
		mux.Handle("GET /metrics", a.opts.Metrics)
	}
	for pattern, h := range a.opts.Routes {
		mux.Handle(pattern, h)
	}
	api := func(h http.HandlerFunc) http.Handler { return a.requireToken(a.checkHost(h)) }
	mux.Handle("POST /api/messages", api(func(w http.ResponseWriter, r *http.Request) { a.apiMessage(w, r, e) }))
	mux.Handle("POST /api/reactions", api(func(w http.ResponseWriter, r *http.Request) { a.apiReaction(w, r, e) }))
	mux.Handle("POST /api/buttons", api(func(w http.ResponseWriter, r *http.Request) { a.apiButton(w, r, e) }))
	mux.Handle("GET /api/conversations/{conversation}/messages", api(a.apiHistory))

	mux.HandleFunc("GET /{$}", a.page)
	mux.Handle("GET /static/", http.FileServerFS(static))
	mux.HandleFunc("GET /favicon.ico", favicon)
	mux.HandleFunc("POST /chat/messages", func(w http.ResponseWriter, r *http.Request) { a.chatMessage(w, r, e) })
	mux.HandleFunc("POST /chat/buttons", func(w http.ResponseWriter, r *http.Request) { a.chatButton(w, r, e) })
	mux.HandleFunc("GET /chat/messages", a.chatHistory)
	return securityHeaders(mux)
}

func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "no-referrer")
		w.Header().Set("X-Frame-Options", "DENY")
		h.ServeHTTP(w, r)
	})
}

func (a *Adapter) readyz(w http.ResponseWriter, r *http.Request) {
	if a.opts.Ready != nil {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := a.opts.Ready(ctx); err != nil {
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "not ready", "error": "redis: not answering"})
			return
		}
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

func (a *Adapter) requireToken(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if site := r.Header.Get("Sec-Fetch-Site"); site == "cross-site" {
			a.refuse(r, PlatformAPI, "cross-site request")
			writeError(w, http.StatusForbidden, "cross-site request refused")
			return
		}
		if a.opts.RequireToken || a.opts.APIToken != "" {
			got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
			if !ok || a.opts.APIToken == "" || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(a.opts.APIToken)) != 1 {
				reason := "wrong bearer token"
				if !ok {
					reason = "missing bearer token"
				}
				a.refuse(r, PlatformAPI, reason)
				w.Header().Set("WWW-Authenticate", `Bearer realm="mspbot"`)
				writeError(w, http.StatusUnauthorized, "missing or wrong bearer token (Authorization: Bearer <MSPBOT_API_TOKEN>)")
				return
			}
		}
		h.ServeHTTP(w, r)
	})
}

// checkHost guards the JSON API when it has no token: it trusts the user
// it is given, so a page that a DNS-rebinding attack points at the
// loopback server must not reach it (see HostAllowed).
func (a *Adapter) checkHost(h http.Handler) http.Handler {
	if a.opts.RequireToken || a.opts.APIToken != "" {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !HostAllowed(r.Host, a.opts.AllowedHosts) {
			a.refuse(r, PlatformAPI, "host name not allowed without a token")
			writeError(w, http.StatusMisdirectedRequest, hostRefusal(r.Host))
			return
		}
		h.ServeHTTP(w, r)
	})
}

// refuse logs a refused request: what was refused and from where, never
// the body or a token.
func (a *Adapter) refuse(r *http.Request, platform, reason string) {
	a.opts.Logger.LogAttrs(r.Context(), slog.LevelWarn, "request refused",
		slog.String("component", "web"), slog.String("platform", platform),
		slog.String("path", r.URL.Path), slog.String("reason", reason), slog.String("remote", r.RemoteAddr))
}

// messageJSON is a message as the API returns it.
type messageJSON struct {
	ID      string       `json:"id"`
	Text    string       `json:"text"`
	Time    string       `json:"time"`
	Buttons []bot.Button `json:"buttons,omitempty"`
	// Meta says what the message is (intent, verdicts, the slot asked
	// for, the record created); see bot.Meta.
	Meta *bot.Meta `json:"meta,omitempty"`
	// From is "visitor" for a web-chat visitor's own message; the bot's
	// messages leave it out.
	From string `json:"from,omitempty"`
}

func toJSON(ms []bot.Sent) []messageJSON {
	out := make([]messageJSON, 0, len(ms))
	for _, m := range ms {
		out = append(out, messageOf(m))
	}
	return out
}

func messageOf(m bot.Sent) messageJSON {
	j := messageJSON{ID: m.Ref.Message, Text: m.Text, Time: m.Time.UTC().Format(time.RFC3339Nano),
		Buttons: m.Buttons, Meta: m.Meta.Normalized()}
	if strings.HasPrefix(m.Ref.Message, VisitorMessagePrefix) {
		j.From = "visitor"
	}
	return j
}

type apiMessageReq struct {
	Conversation *string `json:"conversation"`
	User         *string `json:"user"`
	Text         *string `json:"text"`
	UserName     string  `json:"user_name"`
	EventID      string  `json:"event_id"`
}

func (a *Adapter) apiMessage(w http.ResponseWriter, r *http.Request, e Engine) {
	var req apiMessageReq
	if !a.decode(w, r, &req) {
		return
	}
	conv, user, ok := a.ids(w, req.Conversation, req.User)
	if !ok || !a.checkText(w, req.Text) || !checkEventID(w, req.EventID) {
		return
	}
	ev := bot.Event{ID: req.EventID, Kind: bot.KindMessage, Text: *req.Text, UserName: req.UserName,
		Ref: bot.Ref{Platform: PlatformAPI, Channel: conv, User: user, Message: "u-" + bot.NewID(8)}}
	a.run(w, r, e, ev)
}

type apiReactionReq struct {
	Conversation *string `json:"conversation"`
	User         *string `json:"user"`
	MessageID    *string `json:"message_id"`
	Emoji        *string `json:"emoji"`
	Removed      bool    `json:"removed"`
	EventID      string  `json:"event_id"`
}

func (a *Adapter) apiReaction(w http.ResponseWriter, r *http.Request, e Engine) {
	var req apiReactionReq
	if !a.decode(w, r, &req) {
		return
	}
	conv, user, ok := a.ids(w, req.Conversation, req.User)
	if !ok || !required(w, "message_id", req.MessageID) || !required(w, "emoji", req.Emoji) || !checkEventID(w, req.EventID) {
		return
	}
	if !identRE.MatchString(*req.MessageID) {
		writeError(w, http.StatusBadRequest, "message_id: not a message id")
		return
	}
	emoji := bot.NormalizeEmoji(*req.Emoji)
	if emoji == "" || len(emoji) > 64 {
		writeError(w, http.StatusBadRequest, "emoji: give a name like white_check_mark or the emoji itself")
		return
	}
	kind := bot.KindReactionAdded
	if req.Removed {
		kind = bot.KindReactionRemoved
	}
	ref := bot.Ref{Platform: PlatformAPI, Channel: conv, User: user}
	target := ref.Conversation()
	target.Message = *req.MessageID
	a.run(w, r, e, bot.Event{ID: req.EventID, Kind: kind, Ref: ref, Emoji: emoji, Target: target})
}

type buttonReq struct {
	Conversation *string `json:"conversation"`
	User         *string `json:"user"`
	MessageID    *string `json:"message_id"`
	Action       *string `json:"action"`
	Value        string  `json:"value"`
	EventID      string  `json:"event_id"`
}

func (a *Adapter) apiButton(w http.ResponseWriter, r *http.Request, e Engine) {
	var req buttonReq
	if !a.decode(w, r, &req) {
		return
	}
	conv, user, ok := a.ids(w, req.Conversation, req.User)
	if !ok {
		return
	}
	a.button(w, r, e, bot.Ref{Platform: PlatformAPI, Channel: conv, User: user}, &req)
}

func (a *Adapter) button(w http.ResponseWriter, r *http.Request, e Engine, ref bot.Ref, req *buttonReq) {
	if !required(w, "message_id", req.MessageID) || !required(w, "action", req.Action) || !checkEventID(w, req.EventID) {
		return
	}
	if !identRE.MatchString(*req.MessageID) || !identRE.MatchString(*req.Action) || len(req.Value) > 256 {
		writeError(w, http.StatusBadRequest, "message_id, action (1-128 letters, digits, . _ : @ -) or value (at most 256 bytes) malformed")
		return
	}
	target := ref.Conversation()
	target.Message = *req.MessageID
	a.run(w, r, e, bot.Event{ID: req.EventID, Kind: bot.KindButton, Ref: ref, Target: target, Action: *req.Action, Value: req.Value})
}

func (a *Adapter) apiHistory(w http.ResponseWriter, r *http.Request) {
	conv := r.PathValue("conversation")
	if !identRE.MatchString(conv) {
		writeError(w, http.StatusBadRequest, "conversation: use 1-128 letters, digits or . _ : @ -")
		return
	}
	a.history(w, r, bot.Ref{Platform: PlatformAPI, Channel: conv})
}

func (a *Adapter) history(w http.ResponseWriter, r *http.Request, conv bot.Ref) {
	msgs, err := a.tr.List(r.Context(), conv)
	if err != nil {
		a.opts.Logger.Error("reading transcript failed", "component", "web", "err", err)
		writeError(w, http.StatusServiceUnavailable, "temporarily unavailable, please try again shortly")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"messages": toJSON(msgs)})
}

// run hands ev to the engine and writes what came of it.
func (a *Adapter) run(w http.ResponseWriter, r *http.Request, e Engine, ev bot.Event) {
	a.runWith(w, r, e, ev, nil)
}

// runWith is run with further fields of the answer (the web chat's own
// message).
func (a *Adapter) runWith(w http.ResponseWriter, r *http.Request, e Engine, ev bot.Event, extra map[string]any) {
	out, err := e.Handle(r.Context(), ev)
	body := map[string]any{"replies": toJSON(out.Replies)}
	for k, v := range extra {
		body[k] = v
	}
	if out.Duplicate {
		body["duplicate"] = true
	}
	switch {
	case err == nil && out.Failed && len(out.Replies) == 0:
		// The handler failed and not even the apology could be stored: the
		// store went away in the middle. Nothing was saved; ask to retry.
		body["error"] = "temporarily unavailable, please try again shortly"
		writeJSON(w, http.StatusServiceUnavailable, body)
	case err == nil && out.Limited:
		body["error"] = "too many messages: this user or conversation is over its rate limit, please slow down"
		w.Header().Set("Retry-After", "60")
		writeJSON(w, http.StatusTooManyRequests, body)
	case err == nil:
		writeJSON(w, http.StatusOK, body)
	case errors.Is(err, bot.ErrInvalidEvent):
		writeError(w, http.StatusBadRequest, "invalid event")
	default:
		body["error"] = "temporarily unavailable, please try again shortly"
		writeJSON(w, http.StatusServiceUnavailable, body)
	}
}

var identRE = regexp.MustCompile(`^[A-Za-z0-9._:@-]{1,128}$`)

func (a *Adapter) ids(w http.ResponseWriter, conv, user *string) (string, string, bool) {
	if !required(w, "conversation", conv) || !required(w, "user", user) {
		return "", "", false
	}
	if !identRE.MatchString(*conv) {
		writeError(w, http.StatusBadRequest, "conversation: use 1-128 letters, digits or . _ : @ -")
		return "", "", false
	}
	if !identRE.MatchString(*user) {
		writeError(w, http.StatusBadRequest, "user: use 1-128 letters, digits or . _ : @ -")
		return "", "", false
	}
	return *conv, *user, true
}

func (a *Adapter) checkText(w http.ResponseWriter, text *string) bool {
	if !required(w, "text", text) {
		return false
	}
	if strings.TrimSpace(*text) == "" {
		writeError(w, http.StatusBadRequest, "text: empty message")
		return false
	}
	if n := utf8.RuneCountInString(*text); n > a.opts.MaxTextChars {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("text: %d characters; the limit is %d", n, a.opts.MaxTextChars))
		return false
	}
	if i := strings.IndexFunc(*text, bot.IsControl); i >= 0 {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("text: control character U+%04X at byte %d; send plain text", []rune((*text)[i:])[0], i))
		return false
	}
	return true
}

func checkEventID(w http.ResponseWriter, id string) bool {
	if id != "" && !identRE.MatchString(id) {
		writeError(w, http.StatusBadRequest, "event_id: use 1-128 letters, digits or . _ : @ -")
		return false
	}
	return true
}

func required[T any](w http.ResponseWriter, name string, v *T) bool {
	if v == nil {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("missing field %q", name))
		return false
	}
	return true
}

// decode reads one JSON object of at most MaxBody bytes into v, answering
// 413, 415 or 400 with a message naming the problem.
func (a *Adapter) decode(w http.ResponseWriter, r *http.Request, v any) bool {
	// A JSON content type is required: browsers cannot send it cross-site
	// without a CORS preflight, which this server never grants.
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		writeError(w, http.StatusUnsupportedMediaType, "send Content-Type: application/json (with curl: -H 'Content-Type: application/json')")
		return false
	}
	if r.ContentLength > MaxBody {
		writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("request body over %d bytes", MaxBody))
		return false
	}
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err == nil && !utf8.Valid(raw) {
		writeError(w, http.StatusBadRequest, "body is not valid UTF-8")
		return false
	}
	if err == nil {
		err = duplicateKey(raw)
	}
	if err == nil {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		err = dec.Decode(v)
		if err == nil && dec.More() {
			err = errMoreValues
		}
	}
	if err == nil {
		return true
	}
	var tooBig *http.MaxBytesError
	var dup errDuplicateKey
	var syntax *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &tooBig):
		writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("request body over %d bytes", MaxBody))
	case errors.As(err, &dup):
		writeError(w, http.StatusBadRequest, dup.Error())
	case errors.As(err, &syntax):
		writeError(w, http.StatusBadRequest, fmt.Sprintf("malformed JSON at byte %d", syntax.Offset))
	case errors.As(err, &typeErr):
		writeError(w, http.StatusBadRequest, typeMismatch(typeErr))
	case errors.Is(err, io.EOF):
		writeError(w, http.StatusBadRequest, "empty body: send a JSON object")
	case errors.Is(err, io.ErrUnexpectedEOF):
		writeError(w, http.StatusBadRequest, "malformed JSON: unexpected end")
	case strings.HasPrefix(err.Error(), "json: unknown field"):
		writeError(w, http.StatusBadRequest, "unknown field "+strings.TrimPrefix(err.Error(), "json: unknown field "))
	case errors.Is(err, errMoreValues):
		writeError(w, http.StatusBadRequest, "malformed JSON: "+errMoreValues.Error())
	default:
		// Never the decoder's own words: they name Go types.
		writeError(w, http.StatusBadRequest, "malformed JSON")
	}
	return false
}

// errDuplicateKey names a field given twice in the request object.
type errDuplicateKey string

func (e errDuplicateKey) Error() string { return fmt.Sprintf("field %q given twice", string(e)) }

// duplicateKey returns errDuplicateKey when the top-level object of raw
// names a field twice (encoding/json would silently take the last one, and
// a proxy in front might have read the first); other problems are left to
// the decoder.
func duplicateKey(raw []byte) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	seen := map[string]bool{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil
		}
		key, _ := t.(string)
		// encoding/json matches field names case-insensitively (with
		// Unicode folding: "ſ" is "s", "K" is "k"), so "Text" repeats "text".
		folded := strings.ToLower(strings.ReplaceAll(key, "ſ", "s"))
		if seen[folded] {
			return errDuplicateKey(key)
		}
		seen[folded] = true
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil
		}
	}
	return nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// --- web chat page ---

func (a *Adapter) page(w http.ResponseWriter, r *http.Request) {
	if _, state := a.visitor(r); state != cookieValid && issuesCookie(r) {
		// A new visitor, or one whose cookie this server did not sign:
		// a fresh signed cookie, as many per client address as allowed.
		if ok, first := a.allowAddr(r.Context(), a.newVisitors, a.clientAddr(r)); !ok {
			if first {
				a.refuse(r, PlatformChat, "too many new visitors from this address")
			}
			w.Header().Set("Retry-After", a.newVisitors.retryAfter())
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = io.WriteString(w, "Zu viele neue Chat-Sitzungen von Ihrer Adresse; bitte versuchen Sie es später noch einmal.\n"+
				"Too many new chat sessions from your address; please try again later.\n")
			return
		}
		http.SetCookie(w, a.newCookie())
	}
	page, err := static.ReadFile("static/index.html")
	if err != nil {
		http.Error(w, "page missing", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; style-src 'self'; script-src 'self'; frame-ancestors 'none'")
	_, _ = w.Write(page)
}

// favicon serves the page's icon where browsers look for it unasked.
func favicon(w http.ResponseWriter, r *http.Request) {
	icon, err := static.ReadFile("static/favicon.svg")
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	_, _ = w.Write(icon)
}

// issuesCookie reports whether a request for the page gets a visitor
// cookie: a page load does, an image, script or frame another site points
// at the page does not (it would only use up the address's new visitors).
func issuesCookie(r *http.Request) bool {
	dest := r.Header.Get("Sec-Fetch-Dest")
	return dest == "" || dest == "document"
}

// chatVisitor checks the request comes from the page itself and carries a
// visitor cookie this server signed.
func (a *Adapter) chatVisitor(w http.ResponseWriter, r *http.Request) (bot.Ref, bool) {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
		a.refuse(r, PlatformChat, "cross-site request")
		writeError(w, http.StatusForbidden, "cross-site request refused")
		return bot.Ref{}, false
	}
	ref, state := a.visitor(r)
	switch state {
	case cookieMissing:
		writeError(w, http.StatusUnauthorized, "no chat session: reload the page")
		return bot.Ref{}, false
	case cookieBad:
		a.refuse(r, PlatformChat, "visitor cookie not signed by this server or expired")
		writeError(w, http.StatusUnauthorized, "chat session not valid (not issued by this server, or expired): reload the page for a new one")
		return bot.Ref{}, false
	}
	return ref, true
}

// chatEvent counts a message or button press against the client address's
// limit, answering 429 beyond it.
func (a *Adapter) chatEvent(w http.ResponseWriter, r *http.Request) bool {
	ok, first := a.allowAddr(r.Context(), a.addrEvents, a.clientAddr(r))
	if ok {
		return true
	}
	if first {
		// Once per address and window, not once per request of a flood.
		a.refuse(r, PlatformChat, "too many messages from this address")
	}
	w.Header().Set("Retry-After", a.addrEvents.retryAfter())
	writeError(w, http.StatusTooManyRequests, "too many messages from your network address: please wait a minute")
	return false
}

type chatMessageReq struct {
	Text *string `json:"text"`
}

func (a *Adapter) chatMessage(w http.ResponseWriter, r *http.Request, e Engine) {
	ref, ok := a.chatVisitor(w, r)
	if !ok || !a.chatEvent(w, r) {
		return
	}
	var req chatMessageReq
	if !a.decode(w, r, &req) || !a.checkText(w, req.Text) {
		return
	}
	ref.Message = VisitorMessagePrefix + bot.NewID(8)
	// The visitor's own message goes into the transcript before the turn,
	// so that a reload shows the conversation in its order, and a wish to
	// be forgotten, which deletes the transcript in the turn, deletes it
	// too. Its expiry is the transcript's: the turn's release renews it
	// (briefly for a visitor's first message).
	own := bot.Sent{Ref: ref, Text: *req.Text, Time: a.opts.Now().UTC()}
	if err := a.tr.Append(r.Context(), own); err != nil {
		a.opts.Logger.Error("storing the visitor's message failed", "component", "web", "err", err)
		writeError(w, http.StatusServiceUnavailable, "temporarily unavailable, please try again shortly")
		return
	}
	a.runWith(w, r, e, bot.Event{Kind: bot.KindMessage, Ref: ref, Text: *req.Text}, map[string]any{"message": messageOf(own)})
}

type chatButtonReq struct {
	MessageID *string `json:"message_id"`
	Action    *string `json:"action"`
	Value     string  `json:"value"`
}

func (a *Adapter) chatButton(w http.ResponseWriter, r *http.Request, e Engine) {
	ref, ok := a.chatVisitor(w, r)
	if !ok || !a.chatEvent(w, r) {
		return
	}
	var req chatButtonReq
	if !a.decode(w, r, &req) {
		return
	}
	a.button(w, r, e, ref, &buttonReq{MessageID: req.MessageID, Action: req.Action, Value: req.Value})
}

func (a *Adapter) chatHistory(w http.ResponseWriter, r *http.Request) {
	ref, ok := a.chatVisitor(w, r)
	if !ok {
		return
	}
	a.history(w, r, ref)
}
