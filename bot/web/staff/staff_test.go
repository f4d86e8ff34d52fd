package staff

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/mspbot/mspbot/bot"
)

// fakeIdP is an OpenID provider for the tests: discovery, keys, a token
// endpoint that checks the PKCE verifier and issues an RS256 ID token with
// the claims and nonce registered for a code.
type fakeIdP struct {
	t   *testing.T
	srv *httptest.Server
	key *rsa.PrivateKey

	mu    sync.Mutex
	codes map[string]grantReq
}

type grantReq struct {
	challenge string
	nonce     string
	claims    map[string]any
}

func newFakeIdP(t *testing.T) *fakeIdP {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeIdP{t: t, key: key, codes: map[string]grantReq{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		iss := f.srv.URL
		_ = json.NewEncoder(w).Encode(map[string]any{"issuer": iss, "authorization_endpoint": iss + "/authorize",
			"token_endpoint": iss + "/token", "jwks_uri": iss + "/jwks", "end_session_endpoint": iss + "/logout",
			"id_token_signing_alg_values_supported": []string{"RS256"}})
	})
	mux.HandleFunc("GET /jwks", func(w http.ResponseWriter, r *http.Request) {
		pub := f.key.PublicKey
		_ = json.NewEncoder(w).Encode(map[string]any{"keys": []any{map[string]string{"kty": "RSA", "alg": "RS256", "use": "sig", "kid": "k1",
			"n": base64.RawURLEncoding.EncodeToString(pub.N.Bytes()),
			"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes())}}})
	})
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		f.mu.Lock()
		g, ok := f.codes[r.PostForm.Get("code")]
		delete(f.codes, r.PostForm.Get("code"))
		f.mu.Unlock()
		sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
		if !ok || base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge {
			w.WriteHeader(http.StatusBadRequest)
			_, _ = io.WriteString(w, `{"error":"invalid_grant"}`)
			return
		}
		claims := jwt.MapClaims{"iss": f.srv.URL, "aud": "mspbot", "exp": time.Now().Add(time.Hour).Unix(),
			"iat": time.Now().Unix(), "nonce": g.nonce}
		for k, v := range g.claims {
			claims[k] = v
		}
		tok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
		tok.Header["kid"] = "k1"
		raw, err := tok.SignedString(f.key)
		if err != nil {
			t.Error(err)
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"access_token": "at", "token_type": "Bearer", "expires_in": 3600, "id_token": raw})
	})
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

// authorize plays the user signing in at the provider: it registers a code
// for the authorisation request in loc and returns the callback query.
func (f *fakeIdP) authorize(loc *url.URL, nonce string, claims map[string]any) url.Values {
	q := loc.Query()
	if q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("state") == "" || q.Get("nonce") == "" {
		f.t.Fatalf("authorisation request without PKCE S256, state or nonce: %s", loc)
	}
	if nonce == "" {
		nonce = q.Get("nonce")
	}
	code := "code-" + bot.NewID(6)
	f.mu.Lock()
	f.codes[code] = grantReq{challenge: q.Get("code_challenge"), nonce: nonce, claims: claims}
	f.mu.Unlock()
	return url.Values{"code": {code}, "state": {q.Get("state")}}
}

// fakeEngine records the events it runs and whether the page's directory
// counted their users as staff.
type fakeEngine struct {
	dir    bot.StaffDirectory
	events []bot.Event
	staff  []bool
}

func (e *fakeEngine) Handle(ctx context.Context, ev bot.Event) (bot.Outcome, error) {
	ok, _ := e.dir.IsStaff(ctx, ev.Ref)
	e.events = append(e.events, ev)
	e.staff = append(e.staff, ok)
	return bot.Outcome{Replies: []bot.Sent{{Ref: ev.Ref, Text: ev.Value + " claimed"}}}, nil
}

type fakeTranscripts []bot.Sent

func (f fakeTranscripts) List(context.Context, bot.Ref) ([]bot.Sent, error) { return f, nil }

const testBase = "http://127.0.0.1:8080"

type fixture struct {
	idp    *fakeIdP
	page   *Page
	engine *fakeEngine
	h      http.Handler
}

func newFixture(t *testing.T, mod func(*Options)) *fixture {
	idp := newFakeIdP(t)
	opts := Options{Issuer: idp.srv.URL, ClientID: "mspbot", ClientSecret: "secret", RedirectURL: testBase + "/staff/callback",
		Group: "msp-staff", Emails: []string{"bob@msp.example"}, Key: []byte("0123456789abcdef0123456789abcdef"),
		Transcripts: fakeTranscripts{{Ref: bot.Ref{Platform: "web", Channel: "staff", Message: "m-1"}, Text: "New callback CB-26-0001",
			Buttons: []bot.Button{{Action: "ticket:claim", Value: "CB-26-0001", Label: "Claim"}}, Time: time.Now()}},
		Logger: slog.New(slog.DiscardHandler)}
	if mod != nil {
		mod(&opts)
	}
	p := New(opts)
	e := &fakeEngine{dir: Directory(bot.StaffFunc(func(context.Context, bot.Ref) (bool, error) { return false, nil }))}
	return &fixture{idp: idp, page: p, engine: e, h: p.Handler(e)}
}

func (f *fixture) do(r *http.Request) *http.Response {
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	return w.Result()
}

func cookieOf(res *http.Response, name string) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// signIn runs login and callback; nonce "" means the request's own.
func (f *fixture) signIn(t *testing.T, claims map[string]any, nonce string) *http.Response {
	t.Helper()
	res := f.do(httptest.NewRequest("GET", testBase+"/staff/login", nil))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", res.StatusCode)
	}
	loc, _ := url.Parse(res.Header.Get("Location"))
	flowC := cookieOf(res, flowCookie)
	if flowC == nil {
		t.Fatal("login set no flow cookie")
	}
	q := f.idp.authorize(loc, nonce, claims)
	req := httptest.NewRequest("GET", testBase+"/staff/callback?"+q.Encode(), nil)
	req.AddCookie(flowC)
	return f.do(req)
}

func body(t *testing.T, res *http.Response) string {
	t.Helper()
	b, _ := io.ReadAll(res.Body)
	return string(b)
}

var alice = map[string]any{"sub": "alice", "name": "Alice", "email": "alice@msp.example", "email_verified": true, "groups": []string{"everyone", "msp-staff"}}

func TestStaffSignInByGroupAndEmail(t *testing.T) {
	f := newFixture(t, nil)
	res := f.signIn(t, alice, "")
	ses := cookieOf(res, sessionCookie)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/staff" || ses == nil {
		t.Fatalf("callback: %d %q, session %v", res.StatusCode, res.Header.Get("Location"), ses)
	}
	if !ses.HttpOnly || ses.SameSite != http.SameSiteLaxMode || ses.Path != "/staff" || ses.MaxAge <= 0 || ses.Secure {
		t.Errorf("session cookie attributes: %+v (want HttpOnly, Lax, /staff, an expiry, not Secure on loopback http)", ses)
	}
	if c := cookieOf(res, flowCookie); c == nil || c.MaxAge >= 0 {
		t.Errorf("flow cookie not cleared after the callback: %+v", c)
	}
	req := httptest.NewRequest("GET", testBase+"/staff", nil)
	req.AddCookie(ses)
	if res := f.do(req); res.StatusCode != 200 || !strings.Contains(body(t, res), "alice@msp.example") {
		t.Fatalf("home after sign-in: %d", res.StatusCode)
	}
	// Staff by a verified e-mail on the list (case aside).
	bob := map[string]any{"sub": "bob", "email": "Bob@MSP.example", "email_verified": true}
	if res := f.signIn(t, bob, ""); res.StatusCode != http.StatusSeeOther || cookieOf(res, sessionCookie) == nil {
		t.Fatalf("bob by e-mail: %d", res.StatusCode)
	}
	// A configured claim name and a group given as one string.
	f = newFixture(t, func(o *Options) { o.GroupClaim = "roles"; o.Group = "Support" })
	if res := f.signIn(t, map[string]any{"sub": "c", "roles": "Support"}, ""); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("group in a custom claim: %d", res.StatusCode)
	}
	// Behind https the cookie is Secure.
	f = newFixture(t, func(o *Options) { o.RedirectURL = "https://bot.example/staff/callback" })
	if c := cookieOf(f.signIn(t, alice, ""), sessionCookie); c == nil || !c.Secure {
		t.Fatalf("https session cookie: %+v", c)
	}
}

func TestStaffNonStaffRefused(t *testing.T) {
	f := newFixture(t, nil)
	for name, claims := range map[string]map[string]any{
		"no staff group":         {"sub": "mallory", "email": "mallory@client.example", "email_verified": true, "groups": []string{"everyone"}},
		"unverified listed mail": {"sub": "eve", "email": "bob@msp.example", "email_verified": false},
		"no verification claim":  {"sub": "eve2", "email": "bob@msp.example"},
		"group in another claim": {"sub": "x", "roles": []string{"msp-staff"}},
	} {
		t.Run(name, func(t *testing.T) {
			res := f.signIn(t, claims, "")
			text := body(t, res)
			if res.StatusCode != http.StatusForbidden || !strings.Contains(text, "not staff") {
				t.Fatalf("non-staff: %d\n%s", res.StatusCode, text)
			}
			if c := cookieOf(res, sessionCookie); c != nil {
				t.Fatalf("non-staff got a session cookie")
			}
		})
	}
}

func TestStaffStateAndNonceMismatchRefused(t *testing.T) {
	f := newFixture(t, nil)
	// Another nonce in the ID token (a token replayed from another sign-in).
	if res := f.signIn(t, alice, "nonce-of-another-sign-in"); res.StatusCode != http.StatusBadRequest || cookieOf(res, sessionCookie) != nil {
		t.Fatalf("nonce mismatch: %d", res.StatusCode)
	}
	// Another state: the answer belongs to a sign-in started elsewhere.
	res := f.do(httptest.NewRequest("GET", testBase+"/staff/login", nil))
	loc, _ := url.Parse(res.Header.Get("Location"))
	q := f.idp.authorize(loc, "", alice)
	q.Set("state", "attacker-state")
	req := httptest.NewRequest("GET", testBase+"/staff/callback?"+q.Encode(), nil)
	req.AddCookie(cookieOf(res, flowCookie))
	if res := f.do(req); res.StatusCode != http.StatusBadRequest || cookieOf(res, sessionCookie) != nil {
		t.Fatalf("state mismatch: %d", res.StatusCode)
	}
	// No flow cookie at all (login CSRF: the attacker's code in the victim's browser).
	res = f.do(httptest.NewRequest("GET", testBase+"/staff/login", nil))
	loc, _ = url.Parse(res.Header.Get("Location"))
	q = f.idp.authorize(loc, "", alice)
	if res := f.do(httptest.NewRequest("GET", testBase+"/staff/callback?"+q.Encode(), nil)); res.StatusCode != http.StatusBadRequest || cookieOf(res, sessionCookie) != nil {
		t.Fatalf("callback without flow cookie: %d", res.StatusCode)
	}
	// A wrong PKCE verifier: the flow cookie of another sign-in with this state.
	res = f.do(httptest.NewRequest("GET", testBase+"/staff/login", nil))
	loc, _ = url.Parse(res.Header.Get("Location"))
	q = f.idp.authorize(loc, "", alice)
	var fl flow
	if err := f.page.sign.open(cookieOf(res, flowCookie).Value, &fl); err != nil {
		t.Fatal(err)
	}
	fl.Verifier = "another-verifier-another-verifier-another-verifier"
	forged, _ := f.page.sign.seal(fl)
	req = httptest.NewRequest("GET", testBase+"/staff/callback?"+q.Encode(), nil)
	req.AddCookie(&http.Cookie{Name: flowCookie, Value: forged})
	if res := f.do(req); res.StatusCode != http.StatusUnauthorized || cookieOf(res, sessionCookie) != nil {
		t.Fatalf("wrong PKCE verifier: %d", res.StatusCode)
	}
}

func TestStaffCookieMustBeSigned(t *testing.T) {
	f := newFixture(t, nil)
	good := cookieOf(f.signIn(t, alice, ""), sessionCookie)
	payload, sig, _ := strings.Cut(good.Value, ".")
	raw, _ := base64.RawURLEncoding.DecodeString(payload)
	altered := base64.RawURLEncoding.EncodeToString([]byte(strings.Replace(string(raw), "oidc:alice", "oidc:admin", 1))) + "." + sig
	other := signer{key: []byte("another key, another key, another")}
	foreign, _ := other.seal(session{Purpose: purposeSession, User: "oidc:alice", CSRF: "x", Expires: time.Now().Add(time.Hour).Unix()})
	expired, _ := f.page.sign.seal(session{Purpose: purposeSession, User: "oidc:alice", CSRF: "x", Expires: time.Now().Add(-time.Second).Unix()})
	asFlow, _ := f.page.sign.seal(flow{Purpose: purposeFlow, State: "s", Nonce: "n", Verifier: "v", Expires: time.Now().Add(time.Hour).Unix()})
	for name, v := range map[string]string{"altered": altered, "made up": "eyJ1Ijoib2lkYzphbGljZSJ9.AAAA", "foreign key": foreign,
		"expired": expired, "flow cookie as session": asFlow, "no signature": payload} {
		t.Run(name, func(t *testing.T) {
			req := httptest.NewRequest("GET", testBase+"/staff/messages", nil)
			req.AddCookie(&http.Cookie{Name: sessionCookie, Value: v})
			if res := f.do(req); res.StatusCode != http.StatusUnauthorized {
				t.Fatalf("messages with a %s cookie: %d", name, res.StatusCode)
			}
			req = httptest.NewRequest("GET", testBase+"/staff", nil)
			req.AddCookie(&http.Cookie{Name: sessionCookie, Value: v})
			if text := body(t, f.do(req)); !strings.Contains(text, `id="signin"`) {
				t.Fatalf("home with a %s cookie is not the sign-in page", name)
			}
		})
	}
	req := httptest.NewRequest("GET", testBase+"/staff/messages", nil)
	req.AddCookie(good)
	if res := f.do(req); res.StatusCode != 200 || !strings.Contains(body(t, res), "CB-26-0001") {
		t.Fatalf("messages with the good cookie: %d", res.StatusCode)
	}
}

func TestStaffPostsNeedCSRFTokenAndOrigin(t *testing.T) {
	f := newFixture(t, nil)
	c := cookieOf(f.signIn(t, alice, ""), sessionCookie)
	var ses session
	if err := f.page.sign.open(c.Value, &ses); err != nil {
		t.Fatal(err)
	}
	press := `{"message_id":"m-1","action":"ticket:claim","value":"CB-26-0001"}`
	post := func(path, body, token, origin, ctype string) *http.Response {
		req := httptest.NewRequest("POST", testBase+path, strings.NewReader(body))
		req.AddCookie(c)
		req.Header.Set("Content-Type", ctype)
		if token != "" {
			req.Header.Set("X-CSRF-Token", token)
		}
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		return f.do(req)
	}
	for name, res := range map[string]*http.Response{
		"no token":       post("/staff/buttons", press, "", testBase, "application/json"),
		"wrong token":    post("/staff/buttons", press, "not-the-token", testBase, "application/json"),
		"foreign origin": post("/staff/buttons", press, ses.CSRF, "https://attacker.example", "application/json"),
		"no origin":      post("/staff/buttons", press, ses.CSRF, "", "application/json"),
		"null origin":    post("/staff/buttons", press, ses.CSRF, "null", "application/json"),
		"logout no csrf": post("/staff/logout", "", "", testBase, "application/x-www-form-urlencoded"),
	} {
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", name, res.StatusCode)
		}
	}
	if len(f.engine.events) != 0 {
		t.Fatalf("refused presses reached the engine: %+v", f.engine.events)
	}
	// A button that is on no staff post.
	if res := post("/staff/buttons", `{"message_id":"m-1","action":"ticket:close","value":"CB-26-0001"}`, ses.CSRF, testBase, "application/json"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("made-up button: %d", res.StatusCode)
	}
	res := post("/staff/buttons", press, ses.CSRF, testBase, "application/json")
	if res.StatusCode != 200 || len(f.engine.events) != 1 {
		t.Fatalf("good press: %d, %d events", res.StatusCode, len(f.engine.events))
	}
	ev := f.engine.events[0]
	if ev.Kind != bot.KindButton || ev.Ref.Platform != "web" || ev.Ref.Channel != "staff" || ev.Ref.User != "oidc:alice" ||
		ev.Target.Message != "m-1" || ev.Action != "ticket:claim" || ev.Value != "CB-26-0001" || ev.UserName != "Alice" || !f.engine.staff[0] {
		t.Fatalf("event %+v, staff %v", ev, f.engine.staff[0])
	}
	// Logout with the token: cookie cleared, on to the provider's end_session.
	res = post("/staff/logout", "csrf="+url.QueryEscape(ses.CSRF), "", testBase, "application/x-www-form-urlencoded")
	loc, _ := url.Parse(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || loc.Path != "/logout" || loc.Query().Get("client_id") != "mspbot" ||
		loc.Query().Get("post_logout_redirect_uri") != testBase+"/staff" {
		t.Fatalf("logout: %d %s", res.StatusCode, loc)
	}
	if cl := cookieOf(res, sessionCookie); cl == nil || cl.MaxAge >= 0 {
		t.Fatalf("logout did not clear the session cookie: %+v", cl)
	}
}

func TestStaffGrantOnlyForThatEvent(t *testing.T) {
	base := bot.StaffFunc(func(_ context.Context, u bot.Ref) (bool, error) { return u.User == "carol", nil })
	dir := Directory(base)
	ctx := context.Background()
	alice := bot.Ref{Platform: "web", Channel: "staff", User: "oidc:alice"}
	if ok, _ := dir.IsStaff(ctx, alice); ok {
		t.Fatal("oidc:alice is staff without a grant (the JSON API could name her)")
	}
	g := withGrant(ctx, alice)
	if ok, _ := dir.IsStaff(g, alice); !ok {
		t.Fatal("granted user is not staff")
	}
	if ok, _ := dir.IsStaff(g, bot.Ref{Platform: "web", User: "oidc:bob"}); ok {
		t.Fatal("the grant made another user staff")
	}
	if ok, _ := dir.IsStaff(g, bot.Ref{Platform: "webchat", User: "oidc:alice"}); ok {
		t.Fatal("the grant made a user of another platform staff")
	}
	if ok, _ := dir.IsStaff(ctx, bot.Ref{Platform: "web", User: "carol"}); !ok {
		t.Fatal("the base directory is not asked")
	}
}

func TestStaffPageOffWhenNotConfigured(t *testing.T) {
	h := New(Options{Logger: slog.New(slog.DiscardHandler)}).Handler(&fakeEngine{})
	for _, path := range []string{"/staff", "/staff/login", "/staff/callback"} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", testBase+path, nil))
		if w.Code != http.StatusNotFound || !strings.Contains(w.Body.String(), "MSPBOT_STAFF_OIDC_ISSUER") {
			t.Fatalf("%s when off: %d\n%s", path, w.Code, w.Body.String())
		}
	}
}

func TestStaffUserIDs(t *testing.T) {
	if got := userID("alice"); got != "oidc:alice" {
		t.Fatalf("plain sub: %q", got)
	}
	if got := userID("a b/c"); !strings.HasPrefix(got, "oidc:") || len(got) != 45 || strings.ContainsAny(got, " /") {
		t.Fatalf("hashed sub: %q", got)
	}
}
