package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/mspbot/mspbot/bot"
)

// MinVisitorKey is the shortest visitor key accepted, in bytes.
const MinVisitorKey = 32

// A visitor cookie is issued and signed by the server:
//
//	v1.<id>.<issued>.<mac>
//
// id is 16 random bytes (base64url), issued the Unix second it was issued
// (decimal), mac HMAC-SHA256 over "mspbot-visitor-v1", id and issued with
// Options.VisitorKey (base64url). The browser cannot make one up: a cookie
// that is not of this form, whose mac does not match (another key, a changed
// id or time) or that is older than VisitorMaxAge is refused.
const (
	cookieVersion = "v1"
	cookieContext = "mspbot-visitor-v1"
	idBytes       = 16
)

var b64 = base64.RawURLEncoding

// cookieState is what a request's visitor cookie turned out to be.
type cookieState int

const (
	cookieMissing cookieState = iota
	cookieBad
	cookieValid
)

func (a *Adapter) mac(id, issued string) string {
	m := hmac.New(sha256.New, a.opts.VisitorKey)
	m.Write([]byte(cookieContext + "\x00" + id + "\x00" + issued))
	return b64.EncodeToString(m.Sum(nil))
}

// newCookie issues a fresh visitor: a random id signed with the visitor key.
func (a *Adapter) newCookie() *http.Cookie {
	raw := make([]byte, idBytes)
	_, _ = rand.Read(raw)
	id := b64.EncodeToString(raw)
	issued := strconv.FormatInt(a.opts.Now().Unix(), 10)
	value := cookieVersion + "." + id + "." + issued + "." + a.mac(id, issued)
	return &http.Cookie{Name: cookieName, Value: value, Path: "/", HttpOnly: true,
		Secure: a.opts.CookieSecure, SameSite: http.SameSiteStrictMode, MaxAge: int(a.opts.VisitorMaxAge / time.Second)}
}

// visitor checks the request's visitor cookie and derives the chat
// conversation from its id; the cookie itself never reaches a key or a log.
func (a *Adapter) visitor(r *http.Request) (bot.Ref, cookieState) {
	c, err := r.Cookie(cookieName)
	if err != nil {
		return bot.Ref{}, cookieMissing
	}
	parts := strings.Split(c.Value, ".")
	if len(parts) != 4 || parts[0] != cookieVersion || len(parts[1]) != b64.EncodedLen(idBytes) ||
		len(parts[2]) == 0 || len(parts[2]) > 12 || len(parts[3]) != b64.EncodedLen(sha256.Size) {
		return bot.Ref{}, cookieBad
	}
	id, issued, sig := parts[1], parts[2], parts[3]
	if _, err := b64.DecodeString(id); err != nil {
		return bot.Ref{}, cookieBad
	}
	got, err := b64.DecodeString(sig)
	if err != nil {
		return bot.Ref{}, cookieBad
	}
	want, _ := b64.DecodeString(a.mac(id, issued))
	if !hmac.Equal(got, want) {
		return bot.Ref{}, cookieBad
	}
	at, err := strconv.ParseInt(issued, 10, 64)
	if err != nil {
		return bot.Ref{}, cookieBad
	}
	// A little clock skew between replicas is tolerated; older than the
	// cookie's lifetime is not.
	age := a.opts.Now().Sub(time.Unix(at, 0))
	if age < -5*time.Minute || age > a.opts.VisitorMaxAge {
		return bot.Ref{}, cookieBad
	}
	sum := sha256.Sum256([]byte(cookieContext + "\x00" + id))
	conv := "v-" + hex.EncodeToString(sum[:12])
	return bot.Ref{Platform: PlatformChat, Channel: conv, User: conv}, cookieValid
}

// randomVisitorKey is the key of a process that was given none: cookies it
// signs are refused by every other process and after a restart.
func randomVisitorKey() []byte {
	k := make([]byte, MinVisitorKey)
	_, _ = rand.Read(k)
	return k
}
