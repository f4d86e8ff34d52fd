package teams

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/mspbot/mspbot/internal/teamstest"
)

// TestTokenVerification: only a request whose token the Bot Connector
// signed for this app and this serviceUrl, unexpired, reaches the engine;
// every other one is answered 401 before its body is parsed.
func TestTokenVerification(t *testing.T) {
	rec := newRecorder()
	en := newEnv(t, rec, nil)
	otherKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	// A key Microsoft publishes, but endorsed for another channel only.
	en.ms.AddKey("skype-only", &otherKey.PublicKey, "skype")
	msg := en.activity(t, "message_personal.json")
	su := en.ms.ServiceURL()
	now := en.clock.Now()
	claims := func(edit func(jwt.MapClaims)) jwt.MapClaims {
		c := en.ms.Claims(su, now)
		if edit != nil {
			edit(c)
		}
		return c
	}
	request := func(token string, body []byte) *http.Request {
		req, err := http.NewRequest(http.MethodPost, en.srv.URL+"/teams/messages", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		return req
	}
	forged := teamstest.SignWith(t, otherKey, en.ms.KID, claims(nil))

	refused := []struct {
		name  string
		token string
		body  []byte
	}{
		{"missing header", "", msg},
		{"forged: another key under Microsoft's key id", forged, msg},
		{"forged: unknown key id", teamstest.SignWith(t, otherKey, "no-such-key", claims(nil)), msg},
		{"key not endorsed for msteams", teamstest.SignWith(t, otherKey, "skype-only", claims(nil)), msg},
		{"expired 6 minutes ago", en.ms.Sign(t, claims(func(c jwt.MapClaims) { c["exp"] = now.Add(-6 * time.Minute).Unix() })), msg},
		{"no expiry", en.ms.Sign(t, claims(func(c jwt.MapClaims) { delete(c, "exp") })), msg},
		{"not valid for 10 more minutes", en.ms.Sign(t, claims(func(c jwt.MapClaims) { c["nbf"] = now.Add(10 * time.Minute).Unix() })), msg},
		{"wrong audience", en.ms.Sign(t, claims(func(c jwt.MapClaims) { c["aud"] = "11111111-2222-3333-4444-555555555555" })), msg},
		{"wrong issuer", en.ms.Sign(t, claims(func(c jwt.MapClaims) { c["iss"] = "https://sts.windows.net/" + acmeTenant + "/" })), msg},
		{"wrong serviceUrl", en.ms.Sign(t, claims(func(c jwt.MapClaims) { c["serviceurl"] = "https://smba.trafficmanager.net/amer/" })), msg},
		{"no serviceurl claim", en.ms.Sign(t, claims(func(c jwt.MapClaims) { delete(c, "serviceurl") })), msg},
		{"forged token on malformed JSON", forged, []byte("{not json")},
		{"forged token on an oversized body", forged, bytes.Repeat([]byte("x"), MaxBody+10)},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			status, body := do(t, request(tc.token, tc.body))
			if status != http.StatusUnauthorized {
				t.Fatalf("status %d (%s), want 401", status, body)
			}
			var e map[string]string
			if json.Unmarshal([]byte(body), &e) != nil || e["error"] == "" {
				t.Errorf("body %q: want a JSON error", body)
			}
		})
	}
	t.Run("not a bearer token", func(t *testing.T) {
		req := request("", msg)
		req.Header.Set("Authorization", "Basic "+en.ms.Sign(t, claims(nil)))
		if status, body := do(t, req); status != http.StatusUnauthorized {
			t.Fatalf("status %d (%s), want 401", status, body)
		}
	})
	t.Run("alg none", func(t *testing.T) {
		tok := jwt.NewWithClaims(jwt.SigningMethodNone, claims(nil))
		tok.Header["kid"] = en.ms.KID
		s, err := tok.SignedString(jwt.UnsafeAllowNoneSignatureType)
		if err != nil {
			t.Fatal(err)
		}
		if status, body := do(t, request(s, msg)); status != http.StatusUnauthorized {
			t.Fatalf("status %d (%s), want 401", status, body)
		}
	})

	t.Run("valid, expired 2 minutes ago (within the clock skew)", func(t *testing.T) {
		tok := en.ms.Sign(t, claims(func(c jwt.MapClaims) { c["exp"] = now.Add(-2 * time.Minute).Unix() }))
		status, body := do(t, request(tok, msg))
		if status != http.StatusAccepted {
			t.Fatalf("status %d (%s), want 202", status, body)
		}
		if ev := rec.next(t); ev.ID != "1732958142123" {
			t.Errorf("engine got %q, want the activity 1732958142123", ev.ID)
		}
	})
	en.a.Wait()
	if n := len(rec.Events()); n != 1 {
		t.Errorf("the engine was called %d times, want once (for the valid request only)", n)
	}
}

// TestStartFails: a metadata document or key set that cannot be read stops
// Start with an error naming it, and until Start succeeds requests get 503.
func TestStartFails(t *testing.T) {
	ms := teamstest.New(t, teamstest.Options{AppID: testAppID, Password: testPassword})
	a, err := New(Options{AppID: testAppID, AppPassword: testPassword, Tenant: ms.Tenant(), OpenIDURL: ms.URL() + "/missing",
		TokenURL: ms.TokenURL(), ServiceURL: ms.ServiceURL(), Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Start(t.Context()); err == nil || !strings.Contains(err.Error(), "OpenID metadata") {
		t.Fatalf("Start = %v, want an error about the OpenID metadata", err)
	}
	rec := newRecorder()
	req := ms.Request(t, "http://unused/teams/messages", []byte(`{}`))
	w := httptest.NewRecorder()
	a.Handler(rec).ServeHTTP(w, req)
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" {
		t.Fatalf("before Start: status %d, want 503 with Retry-After", w.Code)
	}
}

// TestNewValidates: missing or malformed settings are named.
func TestNewValidates(t *testing.T) {
	cases := []struct {
		opts Options
		want string
	}{
		{Options{AppPassword: "x"}, "TEAMS_APP_ID: missing"},
		{Options{AppID: "mspbot", AppPassword: "x"}, "not an app id"},
		{Options{AppID: testAppID}, "TEAMS_APP_PASSWORD"},
		{Options{AppID: testAppID, AppPassword: "x", OpenIDURL: "http://login.example.com/openid"}, "MSPBOT_TEAMS_OPENID_URL"},
		{Options{AppID: testAppID, AppPassword: "x", ServiceURL: "ftp://x"}, "MSPBOT_TEAMS_SERVICE_URL"},
	}
	for _, tc := range cases {
		if _, err := New(tc.opts); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%+v) = %v, want an error mentioning %q", tc.opts, err, tc.want)
		}
	}
	a, err := New(Options{AppID: testAppID, AppPassword: "x", Tenant: acmeTenant})
	if err != nil {
		t.Fatal(err)
	}
	if want := "https://login.microsoftonline.com/" + acmeTenant + "/oauth2/v2.0/token"; a.opts.TokenURL != want {
		t.Errorf("single-tenant token URL %q, want %q", a.opts.TokenURL, want)
	}
	if TokenURL("") != "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token" || a.opts.OpenIDURL != DefaultOpenIDURL {
		t.Errorf("defaults: token %q, openid %q", TokenURL(""), a.opts.OpenIDURL)
	}
}
