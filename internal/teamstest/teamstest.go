// Package teamstest is a local stand-in for the Microsoft services a Teams
// bot talks to, speaking their real protocols over HTTP and behaving the way
// the real services do where that matters to a bot:
//
//   - the Bot Connector's OpenID metadata and key set (RSA keys of its own,
//     endorsed for msteams), and tokens signed the way the connector signs
//     the activities it sends;
//   - Entra's token endpoint of the client-credentials flow, per tenant
//     (/{tenant}/oauth2/v2.0/token): an app is known in its own tenant only,
//     and, when registered multi-tenant, in botframework.com; any other
//     tenant is refused with AADSTS700016 as Entra refuses it
//     (https://learn.microsoft.com/en-us/azure/bot-service/rest-api/bot-framework-rest-connector-authentication;
//     since 31 July 2025 Azure creates single-tenant bots only,
//     https://learn.microsoft.com/en-us/azure/bot-service/abs-quickstart);
//   - the managed-identity endpoint of Azure, in the instance metadata
//     service's protocol
//     (https://learn.microsoft.com/en-us/entra/identity/managed-identities-azure-resources/how-to-use-vm-token)
//     and App Service's IDENTITY_ENDPOINT protocol
//     (https://learn.microsoft.com/en-us/azure/app-service/overview-managed-identity);
//   - a Bot Connector that checks the bearer token, receives replies and
//     proactive posts, splits an activity with text and attachments into two
//     messages and answers it 202 without an id
//     (https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/conversation-messages),
//     answers 429 (with Retry-After), 412, 502 or 504 when told to
//     (https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/rate-limit),
//     and lists team members page by page (pagedmembers), one by one
//     (members/{id}) and, counted as a use of a deprecated API, all at once
//     (members; https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/get-teams-context).
package teamstest

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Issuer is the issuer of the Bot Connector's tokens.
const Issuer = "https://api.botframework.com"

// DefaultTenant is the home tenant of the bot's app when Options.Tenant is
// empty: the provider's Entra tenant.
const DefaultTenant = "9e8d7c6b-5a49-4382-b1a0-f1e2d3c4b5a6"

// BotFrameworkTenant is the tenant multi-tenant bots get their tokens from.
const BotFrameworkTenant = "botframework.com"

// Resource is what a managed identity's token is requested for.
const Resource = "https://api.botframework.com"

// Options configure the fake.
type Options struct {
	// AppID and Password are the bot's credentials the token endpoint
	// accepts.
	AppID, Password string
	// Tenant is the app registration's home tenant (default DefaultTenant);
	// MultiTenant says the app was registered multi-tenant before Azure
	// stopped creating such bots, so that botframework.com also knows it.
	Tenant      string
	MultiTenant bool
	// ManagedIdentity is the client id of a user-assigned managed identity
	// the identity endpoint issues tokens for; IdentityHeader, when set,
	// is the secret App Service puts into IDENTITY_HEADER.
	ManagedIdentity string
	IdentityHeader  string
	// TokenLifetime is the expires_in of issued access tokens (default 1h).
	TokenLifetime time.Duration
	// Members are the members the connector lists for any team.
	Members []Member
}

// Member is one team member as the connector lists it.
type Member struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	AADObjectID string `json:"aadObjectId"`
}

// Activity is one message the connector created.
type Activity struct {
	// Conversation is the conversation id from the path; ReplyTo the
	// activity id replied to (empty for a new message).
	Conversation, ReplyTo string
	// Body is the message: the posted activity, or one part of it when
	// the connector split it.
	Body map[string]any
	// Raw is the request body.
	Raw []byte
	// ID is the id the connector gave the new message.
	ID string
	// Split is set on both parts of an activity the connector split into
	// a text message and a card message (and answered without an id).
	Split bool
}

// Text returns what the message shows as text: the text with the adapter's
// xml rendering undone, or, for a card, the text of its RichTextBlocks
// (one line each, a blank line before a block that starts a paragraph).
func (a Activity) Text() string {
	if s, _ := a.Body["text"].(string); s != "" {
		s = strings.ReplaceAll(s, "<br>", "\n")
		return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&amp;", "&").Replace(s)
	}
	card := a.Card()
	if card == nil {
		return ""
	}
	var b strings.Builder
	blocks, _ := card["body"].([]any)
	for i, el := range blocks {
		blk, _ := el.(map[string]any)
		if i > 0 {
			b.WriteString("\n")
			if blk["spacing"] == "Medium" {
				b.WriteString("\n")
			}
		}
		inlines, _ := blk["inlines"].([]any)
		for _, in := range inlines {
			run, _ := in.(map[string]any)
			s, _ := run["text"].(string)
			b.WriteString(s)
		}
	}
	return b.String()
}

// Card returns the content of the message's Adaptive Card, or nil.
func (a Activity) Card() map[string]any {
	atts, _ := a.Body["attachments"].([]any)
	for _, at := range atts {
		m, _ := at.(map[string]any)
		if m["contentType"] == "application/vnd.microsoft.card.adaptive" {
			c, _ := m["content"].(map[string]any)
			return c
		}
	}
	return nil
}

// Buttons returns the verbs of the card's actions, in order.
func (a Activity) Buttons() []string {
	var out []string
	card := a.Card()
	if card == nil {
		return nil
	}
	actions, _ := card["actions"].([]any)
	for _, x := range actions {
		m, _ := x.(map[string]any)
		v, _ := m["verb"].(string)
		out = append(out, v)
	}
	return out
}

// fault is an answer the connector gives instead of doing the work.
type fault struct {
	status     int
	retryAfter string
}

// Server is the fake. Its URL serves /openid (metadata), /keys (key set),
// /{tenant}/oauth2/v2.0/token (token endpoint), /msi/token (managed
// identities) and /v3/… (connector).
type Server struct {
	srv  *httptest.Server
	opts Options
	// Key signs the Bot Connector's tokens; KID names it in the key set.
	Key *rsa.PrivateKey
	KID string

	mu           sync.Mutex
	extraKeys    []map[string]any
	issued       map[string]bool
	fetches      int
	tenants      []string
	activities   []Activity
	rejected     int
	memberGets   int
	legacyGets   int
	next         int
	faults       []fault
	posts        int
	postTimes    []time.Time
	noIDs        bool
	identityGets int
}

// New starts the fake; it stops when the test ends.
func New(t testing.TB, opts Options) *Server {
	t.Helper()
	if opts.TokenLifetime <= 0 {
		opts.TokenLifetime = time.Hour
	}
	if opts.Tenant == "" {
		opts.Tenant = DefaultTenant
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{opts: opts, Key: key, KID: "test-key-1", issued: map[string]bool{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /openid", s.openID)
	mux.HandleFunc("GET /keys", s.keys)
	mux.HandleFunc("POST /{tenant}/oauth2/v2.0/token", s.token)
	mux.HandleFunc("GET /msi/token", s.identity)
	mux.HandleFunc("POST /v3/conversations/{conv}/activities", s.post)
	mux.HandleFunc("POST /v3/conversations/{conv}/activities/{id}", s.post)
	mux.HandleFunc("GET /v3/conversations/{conv}/members", s.membersList)
	mux.HandleFunc("GET /v3/conversations/{conv}/pagedmembers", s.pagedMembers)
	mux.HandleFunc("GET /v3/conversations/{conv}/members/{id}", s.member)
	s.srv = httptest.NewServer(mux)
	t.Cleanup(s.srv.Close)
	return s
}

// URL is the base URL; ServiceURL the connector's serviceUrl (ending in /).
func (s *Server) URL() string        { return s.srv.URL }
func (s *Server) OpenIDURL() string  { return s.srv.URL + "/openid" }
func (s *Server) ServiceURL() string { return s.srv.URL + "/" }

// TokenURL is the token endpoint of the app's home tenant.
func (s *Server) TokenURL() string { return s.TokenURLFor(s.opts.Tenant) }

// TokenURLFor is the token endpoint of tenant.
func (s *Server) TokenURLFor(tenant string) string {
	return s.srv.URL + "/" + tenant + "/oauth2/v2.0/token"
}

// TokenURLTemplate is the token endpoint with the tenant left as
// "{tenant}", the form of MSPBOT_TEAMS_TOKEN_URL's default.
func (s *Server) TokenURLTemplate() string { return s.srv.URL + "/{tenant}/oauth2/v2.0/token" }

// IdentityURL is the managed-identity endpoint.
func (s *Server) IdentityURL() string { return s.srv.URL + "/msi/token" }

// Tenant is the app's home tenant.
func (s *Server) Tenant() string { return s.opts.Tenant }

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (s *Server) openID(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                Issuer,
		"authorization_endpoint":                "https://invalid.botframework.com",
		"jwks_uri":                              s.srv.URL + "/keys",
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"token_endpoint_auth_methods_supported": []string{"private_key_jwt"},
	})
}

// JWK returns key as a JSON Web Key of Microsoft's shape.
func JWK(kid string, key *rsa.PublicKey, endorsements ...string) map[string]any {
	return map[string]any{
		"kty": "RSA", "use": "sig", "kid": kid,
		"n":            base64.RawURLEncoding.EncodeToString(key.N.Bytes()),
		"e":            base64.RawURLEncoding.EncodeToString(big.NewInt(int64(key.E)).Bytes()),
		"endorsements": endorsements,
	}
}

func (s *Server) keys(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	keys := []any{JWK(s.KID, &s.Key.PublicKey, "msteams", "skype", "webchat")}
	for _, k := range s.extraKeys {
		keys = append(keys, k)
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"keys": keys})
}

// AddKey publishes one more key in the key set, endorsed for the given
// channels only.
func (s *Server) AddKey(kid string, key *rsa.PublicKey, endorsements ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.extraKeys = append(s.extraKeys, JWK(kid, key, endorsements...))
}

// issue records a new access token as valid for the connector.
func (s *Server) issue() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	tok := "at-" + hex.EncodeToString(b)
	s.mu.Lock()
	s.issued[tok] = true
	s.fetches++
	s.mu.Unlock()
	return tok
}

// token is Entra's v2.0 token endpoint of one tenant. Since July 2025 Azure
// creates single-tenant bots only: their app is registered in the
// provider's tenant, and a token request to botframework.com (the tenant of
// the old multi-tenant bots) or any other tenant is answered as Entra
// answers it, 400 with AADSTS700016 ("Application with identifier … was
// not found in the directory …").
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	tenant := r.PathValue("tenant")
	s.mu.Lock()
	s.tenants = append(s.tenants, tenant)
	s.mu.Unlock()
	if err := r.ParseForm(); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_request"})
		return
	}
	f := r.PostForm
	if f.Get("grant_type") != "client_credentials" || f.Get("scope") != "https://api.botframework.com/.default" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_request", "error_description": "AADSTS900144: bad grant_type or scope"})
		return
	}
	known := strings.EqualFold(tenant, s.opts.Tenant) || (s.opts.MultiTenant && strings.EqualFold(tenant, BotFrameworkTenant))
	if f.Get("client_id") != s.opts.AppID || !known {
		dir := tenant
		if strings.EqualFold(tenant, BotFrameworkTenant) {
			dir = "Bot Framework"
		}
		writeJSON(w, http.StatusBadRequest, map[string]any{
			"error": "unauthorized_client",
			"error_description": fmt.Sprintf("AADSTS700016: Application with identifier '%s' was not found in the directory '%s'. "+
				"This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. "+
				"You may have sent your authentication request to the wrong tenant.\r\nTrace ID: 0\r\nCorrelation ID: 0\r\nTimestamp: 2026-12-01 00:00:00Z",
				f.Get("client_id"), dir),
			"error_codes": []int{700016},
		})
		return
	}
	if f.Get("client_secret") != s.opts.Password {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret provided.", "error_codes": []int{7000215}})
		return
	}
	secs := int(s.opts.TokenLifetime.Seconds())
	writeJSON(w, http.StatusOK, map[string]any{
		"token_type": "Bearer", "expires_in": secs, "ext_expires_in": secs, "access_token": s.issue(),
	})
}

// identity is Azure's managed-identity endpoint, in both of its protocols:
// the instance metadata service (header Metadata: true, api-version
// 2018-02-01) and App Service / Container Apps' IDENTITY_ENDPOINT (header
// X-IDENTITY-HEADER with the secret of IDENTITY_HEADER, api-version
// 2019-08-01). The identity is chosen by client_id; the token is for the
// resource https://api.botframework.com. Numbers come as strings, as they
// do from Azure.
func (s *Server) identity(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.identityGets++
	s.mu.Unlock()
	q := r.URL.Query()
	appService := s.opts.IdentityHeader != ""
	switch {
	case appService && r.Header.Get("X-IDENTITY-HEADER") != s.opts.IdentityHeader:
		writeJSON(w, http.StatusUnauthorized, map[string]any{"statusCode": 401, "message": "Unauthorized request"})
		return
	case appService && q.Get("api-version") != "2019-08-01":
		writeJSON(w, http.StatusBadRequest, map[string]any{"statusCode": 400, "message": "api-version not supported"})
		return
	case !appService && (r.Header.Get("Metadata") != "true" || q.Get("api-version") != "2018-02-01"):
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": "invalid_request", "error_description": "Required metadata header not specified"})
		return
	}
	if q.Get("resource") != Resource {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": "invalid_resource", "error_description": "AADSTS500011: The resource principal was not found."})
		return
	}
	if s.opts.ManagedIdentity == "" || q.Get("client_id") != s.opts.ManagedIdentity {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": "invalid_request", "error_description": "Identity not found"})
		return
	}
	secs := int(s.opts.TokenLifetime.Seconds())
	out := map[string]any{
		"access_token": s.issue(), "token_type": "Bearer", "resource": Resource, "client_id": s.opts.ManagedIdentity,
		"expires_on": strconv.FormatInt(time.Now().Add(s.opts.TokenLifetime).Unix(), 10),
	}
	if !appService {
		out["expires_in"] = strconv.Itoa(secs)
	}
	writeJSON(w, http.StatusOK, out)
}

// authorized checks the bearer token of a connector request.
func (s *Server) authorized(w http.ResponseWriter, r *http.Request) bool {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	s.mu.Lock()
	good := ok && s.issued[tok]
	if !good {
		s.rejected++
	}
	s.mu.Unlock()
	if !good {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"error": map[string]string{"code": "Unauthorized", "message": "Authorization has been denied for this request."}})
	}
	return good
}

// Fail makes the next n connector requests (posts and member lookups) fail
// with status, e.g. 429 Too Many Requests with a Retry-After of
// retryAfter (seconds, or an HTTP date; empty: no header). Microsoft's
// rate-limit page says Teams answers 429 and that 412, 502 and 504 are
// to be retried too.
func (s *Server) Fail(n, status int, retryAfter string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.faults = append(s.faults, fault{status: status, retryAfter: retryAfter})
	}
}

// fail answers a request with the next queued fault, if there is one.
func (s *Server) fail(w http.ResponseWriter) bool {
	s.mu.Lock()
	if len(s.faults) == 0 {
		s.mu.Unlock()
		return false
	}
	f := s.faults[0]
	s.faults = s.faults[1:]
	s.mu.Unlock()
	if f.retryAfter != "" {
		w.Header().Set("Retry-After", f.retryAfter)
	}
	code := map[int]string{429: "TooManyRequests", 412: "PreconditionFailed", 502: "BadGateway", 504: "GatewayTimeout"}[f.status]
	if code == "" {
		code = "ServiceError"
	}
	writeJSON(w, f.status, map[string]any{"error": map[string]string{"code": code, "message": http.StatusText(f.status)}})
	return true
}

// AnswerWithoutIDs makes the connector answer every post 202 without an
// id, as it does for activities it splits: the message is created, but the
// bot cannot know its id.
func (s *Server) AnswerWithoutIDs(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.noIDs = on
}

func (s *Server) post(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r) {
		return
	}
	s.mu.Lock()
	s.posts++
	s.postTimes = append(s.postTimes, time.Now())
	s.mu.Unlock()
	if s.fail(w) {
		return
	}
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(r.Body)
	var body map[string]any
	if err := json.Unmarshal(buf.Bytes(), &body); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": map[string]string{"code": "BadSyntax", "message": err.Error()}})
		return
	}
	conv, replyTo := r.PathValue("conv"), r.PathValue("id")
	text, _ := body["text"].(string)
	atts, _ := body["attachments"].([]any)
	s.mu.Lock()
	defer s.mu.Unlock()
	newID := func() string {
		s.next++
		return "17000000000" + strconv.Itoa(10+s.next)
	}
	if strings.TrimSpace(text) != "" && len(atts) > 0 {
		// Teams shows text and cards as separate messages: it splits the
		// activity into a text message and a card message and, having
		// created two, answers 202 Accepted without an id (documented on
		// "Send and receive messages" (conversation-messages): "As the
		// activity is split, you do not receive the message ID in
		// response").
		textPart := map[string]any{}
		cardPart := map[string]any{}
		for k, v := range body {
			if k != "attachments" {
				textPart[k] = v
			}
			if k != "text" && k != "textFormat" {
				cardPart[k] = v
			}
		}
		s.activities = append(s.activities,
			Activity{Conversation: conv, ReplyTo: replyTo, Body: textPart, Raw: buf.Bytes(), ID: newID(), Split: true},
			Activity{Conversation: conv, ReplyTo: replyTo, Body: cardPart, Raw: buf.Bytes(), ID: newID(), Split: true})
		w.WriteHeader(http.StatusAccepted)
		return
	}
	id := newID()
	s.activities = append(s.activities, Activity{Conversation: conv, ReplyTo: replyTo, Body: body, Raw: buf.Bytes(), ID: id})
	if s.noIDs {
		w.WriteHeader(http.StatusAccepted)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]string{"id": id})
}

// membersList is GET …/members, which Microsoft deprecated for teams and
// channels ("Don't use non-paginated member retrieval in teams and
// channels. For large rosters, non-paginated calls can be incomplete or
// throttled", Get Teams specific context for your bot). It still answers,
// but each use is counted (LegacyMemberLookups).
func (s *Server) membersList(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r) {
		return
	}
	s.mu.Lock()
	s.legacyGets++
	members := s.opts.Members
	s.mu.Unlock()
	if members == nil {
		members = []Member{}
	}
	writeJSON(w, http.StatusOK, members)
}

// pagedMembers is GET …/pagedmembers?pageSize=&continuationToken=: pages of
// 50 to 500 members (a smaller pageSize counts as 50, a larger one as 500,
// the default is 200), with a continuationToken until the last page.
func (s *Server) pagedMembers(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r) {
		return
	}
	if s.fail(w) {
		return
	}
	size := 200
	if v := r.URL.Query().Get("pageSize"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]any{"error": map[string]string{"code": "BadArgument", "message": "pageSize"}})
			return
		}
		size = min(max(n, 50), 500)
	}
	start := 0
	if tok := r.URL.Query().Get("continuationToken"); tok != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(tok, "page-"))
		if err != nil || !strings.HasPrefix(tok, "page-") {
			writeJSON(w, http.StatusBadRequest, map[string]any{"error": map[string]string{"code": "BadArgument", "message": "continuationToken"}})
			return
		}
		start = n
	}
	s.mu.Lock()
	s.memberGets++
	members := s.opts.Members
	s.mu.Unlock()
	start = min(start, len(members))
	end := min(start+size, len(members))
	out := map[string]any{"members": append([]Member{}, members[start:end]...)}
	if end < len(members) {
		out["continuationToken"] = "page-" + strconv.Itoa(end)
	}
	writeJSON(w, http.StatusOK, out)
}

// member is GET …/members/{id}: one member by Teams user id or Entra
// object id, or 404 MemberNotFoundInConversation.
func (s *Server) member(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r) {
		return
	}
	id := r.PathValue("id")
	s.mu.Lock()
	members := s.opts.Members
	s.mu.Unlock()
	for _, m := range members {
		if m.ID == id || strings.EqualFold(m.AADObjectID, id) {
			writeJSON(w, http.StatusOK, m)
			return
		}
	}
	writeJSON(w, http.StatusNotFound, map[string]any{"error": map[string]string{"code": "MemberNotFoundInConversation", "message": "Member not found in conversation"}})
}

// SetMembers replaces the team's members.
func (s *Server) SetMembers(m []Member) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.Members = m
}

// Activities returns the messages the connector created so far.
func (s *Server) Activities() []Activity {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Activity(nil), s.activities...)
}

// WaitActivities waits up to 10 seconds for n activities and returns them.
func (s *Server) WaitActivities(t testing.TB, n int) []Activity {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got := s.Activities()
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("the connector got %d activities, want %d", len(got), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Posts counts the posts the connector was sent, refused ones included;
// PostTimes says when each arrived.
func (s *Server) Posts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.posts
}

// PostTimes returns when each post arrived.
func (s *Server) PostTimes() []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Time(nil), s.postTimes...)
}

// TokenFetches is how many access tokens were issued (by the token and the
// identity endpoint).
func (s *Server) TokenFetches() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fetches
}

// TokenTenants lists the tenant of every token request, in order.
func (s *Server) TokenTenants() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.tenants...)
}

// IdentityRequests counts requests to the managed-identity endpoint.
func (s *Server) IdentityRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.identityGets
}

// Rejected counts connector requests refused for their token.
func (s *Server) Rejected() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rejected
}

// MemberLookups counts the pages of team members served (pagedmembers).
func (s *Server) MemberLookups() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.memberGets
}

// LegacyMemberLookups counts uses of the deprecated GET …/members.
func (s *Server) LegacyMemberLookups() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.legacyGets
}

// Revoke makes every issued access token invalid, as after a secret
// rotation.
func (s *Server) Revoke() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.issued)
}

// Claims returns the claims of a valid Bot Connector token for the app and
// serviceURL, issued now.
func (s *Server) Claims(serviceURL string, now time.Time) jwt.MapClaims {
	return jwt.MapClaims{
		"iss": Issuer, "aud": s.opts.AppID, "serviceurl": serviceURL,
		"nbf": now.Add(-time.Minute).Unix(), "iat": now.Add(-time.Minute).Unix(), "exp": now.Add(time.Hour).Unix(),
	}
}

// Sign returns claims signed as the Bot Connector signs them (RS256, the
// fake's key).
func (s *Server) Sign(t testing.TB, claims jwt.MapClaims) string {
	t.Helper()
	return SignWith(t, s.Key, s.KID, claims)
}

// SignWith signs claims with any key, for forged tokens.
func SignWith(t testing.TB, key *rsa.PrivateKey, kid string, claims jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	tok.Header["kid"] = kid
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Request builds the POST of activity to the bot's messaging endpoint at
// url, with a valid token for the activity's serviceUrl.
func (s *Server) Request(t testing.TB, url string, activity []byte) *http.Request {
	t.Helper()
	var a struct {
		ServiceURL string `json:"serviceUrl"`
	}
	_ = json.Unmarshal(activity, &a)
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(activity))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("Authorization", "Bearer "+s.Sign(t, s.Claims(a.ServiceURL, time.Now())))
	return req
}
