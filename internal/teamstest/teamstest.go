// Package teamstest is a local stand-in for the Microsoft services a Teams
// bot talks to, speaking their real protocols over HTTP: the Bot Connector's
// OpenID metadata and key set (with RSA keys of its own, endorsed for
// msteams), the Entra token endpoint of the client-credentials flow, and a
// Bot Connector that receives replies and proactive posts, checks their
// bearer token and answers team-member lookups. It also signs the tokens
// the Bot Connector sends with each activity.
package teamstest

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
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

// Options configure the fake.
type Options struct {
	// AppID and Password are the bot's credentials the token endpoint
	// accepts.
	AppID, Password string
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

// Activity is one request the connector received.
type Activity struct {
	// Conversation is the conversation id from the path; ReplyTo the
	// activity id replied to (empty for a new message).
	Conversation, ReplyTo string
	// Body is the posted activity.
	Body map[string]any
	// Raw is the request body.
	Raw []byte
	// ID is the id the connector gave the new message.
	ID string
}

// Text returns the posted text with the adapter's xml rendering undone.
func (a Activity) Text() string {
	s, _ := a.Body["text"].(string)
	s = strings.ReplaceAll(s, "<br>", "\n")
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&amp;", "&").Replace(s)
}

// Server is the fake. Its URL serves /openid (metadata), /keys (key set),
// /token (token endpoint) and /v3/… (connector).
type Server struct {
	srv  *httptest.Server
	opts Options
	// Key signs the Bot Connector's tokens; KID names it in the key set.
	Key *rsa.PrivateKey
	KID string

	mu         sync.Mutex
	extraKeys  []map[string]any
	issued     map[string]bool
	fetches    int
	activities []Activity
	rejected   int
	memberGets int
	next       int
}

// New starts the fake; it stops when the test ends.
func New(t testing.TB, opts Options) *Server {
	t.Helper()
	if opts.TokenLifetime <= 0 {
		opts.TokenLifetime = time.Hour
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{opts: opts, Key: key, KID: "test-key-1", issued: map[string]bool{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /openid", s.openID)
	mux.HandleFunc("GET /keys", s.keys)
	mux.HandleFunc("POST /token", s.token)
	mux.HandleFunc("POST /v3/conversations/{conv}/activities", s.post)
	mux.HandleFunc("POST /v3/conversations/{conv}/activities/{id}", s.post)
	mux.HandleFunc("GET /v3/conversations/{conv}/members", s.membersList)
	s.srv = httptest.NewServer(mux)
	t.Cleanup(s.srv.Close)
	return s
}

// URL is the base URL; ServiceURL the connector's serviceUrl (ending in /).
func (s *Server) URL() string        { return s.srv.URL }
func (s *Server) OpenIDURL() string  { return s.srv.URL + "/openid" }
func (s *Server) TokenURL() string   { return s.srv.URL + "/token" }
func (s *Server) ServiceURL() string { return s.srv.URL + "/" }

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

func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_request"})
		return
	}
	f := r.PostForm
	if f.Get("grant_type") != "client_credentials" || f.Get("scope") != "https://api.botframework.com/.default" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_request", "error_description": "AADSTS900144: bad grant_type or scope"})
		return
	}
	if f.Get("client_id") != s.opts.AppID || f.Get("client_secret") != s.opts.Password {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret provided."})
		return
	}
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	tok := "at-" + hex.EncodeToString(b)
	s.mu.Lock()
	s.issued[tok] = true
	s.fetches++
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{
		"token_type": "Bearer", "expires_in": int(s.opts.TokenLifetime.Seconds()), "ext_expires_in": int(s.opts.TokenLifetime.Seconds()),
		"access_token": tok,
	})
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

func (s *Server) post(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r) {
		return
	}
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(r.Body)
	var body map[string]any
	if err := json.Unmarshal(buf.Bytes(), &body); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": map[string]string{"code": "BadSyntax", "message": err.Error()}})
		return
	}
	s.mu.Lock()
	s.next++
	id := "17000000000" + strconv.Itoa(10+s.next)
	s.activities = append(s.activities, Activity{Conversation: r.PathValue("conv"), ReplyTo: r.PathValue("id"), Body: body, Raw: buf.Bytes(), ID: id})
	s.mu.Unlock()
	writeJSON(w, http.StatusCreated, map[string]string{"id": id})
}

func (s *Server) membersList(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r) {
		return
	}
	s.mu.Lock()
	s.memberGets++
	members := s.opts.Members
	s.mu.Unlock()
	if members == nil {
		members = []Member{}
	}
	writeJSON(w, http.StatusOK, members)
}

// SetMembers replaces the team's members.
func (s *Server) SetMembers(m []Member) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.Members = m
}

// Activities returns what the connector received so far.
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

// TokenFetches is how many access tokens were issued; Rejected how many
// connector requests had no valid one; MemberLookups how many member lists
// were read.
func (s *Server) TokenFetches() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fetches
}

// Rejected counts connector requests refused for their token.
func (s *Server) Rejected() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rejected
}

// MemberLookups counts team member lists served.
func (s *Server) MemberLookups() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.memberGets
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
