package staff

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"
)

// Cookie names. Both are HttpOnly, SameSite=Lax, limited to /staff and
// Secure unless the page is served over plain HTTP on loopback.
const (
	sessionCookie = "mspbot_staff"
	flowCookie    = "mspbot_staff_flow"
)

// flowTTL is how long a sign-in may take at the identity provider.
const flowTTL = 10 * time.Minute

// errBadCookie is any cookie this server did not sign, altered, signed for
// another purpose or expired.
var errBadCookie = errors.New("staff cookie not valid")

// session is what the session cookie holds once a staff member signed in.
type session struct {
	Purpose string `json:"p"`
	// User is the engine's user id of the staff member ("oidc:<sub>").
	User  string `json:"u"`
	Name  string `json:"n,omitempty"`
	Email string `json:"e,omitempty"`
	// CSRF is the token every POST of this session must carry.
	CSRF    string `json:"c"`
	Expires int64  `json:"x"`
}

// flow is what the flow cookie holds between the redirect to the identity
// provider and the callback: the values the callback must see again.
type flow struct {
	Purpose  string `json:"p"`
	State    string `json:"s"`
	Nonce    string `json:"o"`
	Verifier string `json:"v"`
	Expires  int64  `json:"x"`
}

const (
	purposeSession = "staff-session"
	purposeFlow    = "staff-flow"
)

// signer signs and checks cookie values: base64url(JSON) "." base64url(HMAC-SHA256).
type signer struct{ key []byte }

func (s signer) mac(payload string) []byte {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte("mspbot staff cookie v1\x00"))
	m.Write([]byte(payload))
	return m.Sum(nil)
}

// seal returns v as a signed cookie value.
func (s signer) seal(v any) (string, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	payload := base64.RawURLEncoding.EncodeToString(raw)
	return payload + "." + base64.RawURLEncoding.EncodeToString(s.mac(payload)), nil
}

// open checks value's signature and decodes it into v.
func (s signer) open(value string, v any) error {
	payload, sig, ok := strings.Cut(value, ".")
	if !ok {
		return errBadCookie
	}
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(got, s.mac(payload)) {
		return errBadCookie
	}
	raw, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		return errBadCookie
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return errBadCookie
	}
	return nil
}

// readSession returns the request's valid session.
func (s signer) readSession(r *http.Request, now time.Time) (session, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return session{}, err
	}
	var ses session
	if err := s.open(c.Value, &ses); err != nil {
		return session{}, err
	}
	if ses.Purpose != purposeSession || ses.User == "" || ses.CSRF == "" || now.Unix() >= ses.Expires {
		return session{}, errBadCookie
	}
	return ses, nil
}

// readFlow returns the request's valid sign-in flow.
func (s signer) readFlow(r *http.Request, now time.Time) (flow, error) {
	c, err := r.Cookie(flowCookie)
	if err != nil {
		return flow{}, err
	}
	var f flow
	if err := s.open(c.Value, &f); err != nil {
		return flow{}, err
	}
	if f.Purpose != purposeFlow || f.State == "" || f.Nonce == "" || f.Verifier == "" || now.Unix() >= f.Expires {
		return flow{}, errBadCookie
	}
	return f, nil
}

// randomToken returns 32 random bytes, base64url.
func randomToken() string {
	return base64.RawURLEncoding.EncodeToString(randomBytes(32))
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+).
	return b
}
