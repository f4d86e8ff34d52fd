package web_test

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/bot/web"
	"github.com/mspbot/mspbot/internal/redistest"
	"github.com/mspbot/mspbot/redisstore"
)

// chatServer is the web adapter behind a real HTTP server, with the echo
// handler on the test Redis, a settable clock and a JSON log.
type chatServer struct {
	*httptest.Server
	rdb    *redis.Client
	prefix string
	logs   *logBuffer

	mu  sync.Mutex
	now time.Time
}

func newChatServer(t *testing.T, opts web.Options) *chatServer {
	t.Helper()
	s := &chatServer{rdb: redistest.Open(t, redistest.DBWeb), prefix: "id" + bot.NewID(4), logs: &logBuffer{},
		now: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
	keys := redisstore.Keys{Prefix: s.prefix}
	log := slog.New(slog.NewJSONHandler(s.logs, nil))
	opts.Logger = log
	opts.Now = s.clock
	tr := redisstore.NewTranscripts(s.rdb, redisstore.TranscriptOptions{Keys: keys})
	a := web.New(tr, opts)
	e := bot.NewEngine(redisstore.NewSessions(s.rdb, redisstore.SessionOptions{Keys: keys}), echo(tr), bot.EngineOptions{Logger: log})
	e.Register(web.PlatformAPI, a)
	e.Register(web.PlatformChat, a)
	e.SetStaff(web.PlatformAPI, web.Staff([]string{"alice"}))
	s.Server = httptest.NewServer(a.Handler(e))
	t.Cleanup(s.Close)
	return s
}

func (s *chatServer) clock() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now
}

func (s *chatServer) advance(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = s.now.Add(d)
}

// keys counts this server's Redis keys.
func (s *chatServer) keys(t *testing.T) int {
	t.Helper()
	n := 0
	iter := s.rdb.Scan(t.Context(), 0, s.prefix+"*", 1000).Iterator()
	for iter.Next(t.Context()) {
		n++
	}
	if err := iter.Err(); err != nil {
		t.Fatal(err)
	}
	return n
}

// page asks for the chat page with the given headers and returns the
// status and the visitor cookie it set ("" when none).
func (s *chatServer) page(t *testing.T, hdr map[string]string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", s.URL+"/", nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	for _, c := range res.Cookies() {
		if c.Name == "mspbot_visitor" {
			return res.StatusCode, c.Value
		}
	}
	return res.StatusCode, ""
}

// visitor is a fresh visitor's Cookie header.
func (s *chatServer) visitor(t *testing.T) string {
	t.Helper()
	status, c := s.page(t, nil)
	if status != 200 || c == "" {
		t.Fatalf("the page answered %d with cookie %q", status, c)
	}
	return "mspbot_visitor=" + c
}

func (s *chatServer) do(t *testing.T, method, path, body string, hdr map[string]string) response {
	return (&server{Server: s.Server}).do(t, method, path, body, hdr)
}

// TestVisitorCookieMustBeSigned: the chat only accepts visitor cookies the
// server issued and signed. Made-up ones (the 64 hex digits that used to be
// enough, the right form with any signature), a real one with its id, time
// or signature changed, one signed by a server with another key, an expired
// one and one from the future are all refused with 401 and a message on
// every chat route, reach no Redis key and are logged; the page gives such
// a browser a fresh signed cookie, which works.
func TestVisitorCookieMustBeSigned(t *testing.T) {
	s := newChatServer(t, web.Options{VisitorKey: []byte(strings.Repeat("k", 32))})
	other := newChatServer(t, web.Options{VisitorKey: []byte(strings.Repeat("o", 32))})
	good := s.visitor(t)
	value := strings.TrimPrefix(good, "mspbot_visitor=")
	parts := strings.Split(value, ".")
	if len(parts) != 4 {
		t.Fatalf("cookie %q is not v1.id.issued.mac", value)
	}
	second := strings.Split(strings.TrimPrefix(s.visitor(t), "mspbot_visitor="), ".")
	randomID := func() string {
		b := make([]byte, 16)
		_, _ = rand.Read(b)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	flip := func(s string) string {
		if s[len(s)-2] == 'A' {
			return s[:len(s)-2] + "B" + s[len(s)-1:]
		}
		return s[:len(s)-2] + "A" + s[len(s)-1:]
	}
	hexID := make([]byte, 32)
	_, _ = rand.Read(hexID)
	forged := map[string]string{
		"64 hex digits (the old unsigned cookie)": hex.EncodeToString(hexID),
		"the right form, a made-up signature":     "v1." + randomID() + "." + parts[2] + "." + strings.Repeat("A", 43),
		"a real cookie, its signature changed":    parts[0] + "." + parts[1] + "." + parts[2] + "." + flip(parts[3]),
		"a real signature on another id":          parts[0] + "." + second[1] + "." + parts[2] + "." + parts[3],
		"a real cookie, its time changed":         parts[0] + "." + parts[1] + "." + strconv.Itoa(mustAtoi(t, parts[2])+1) + "." + parts[3],
		"signed by a server with another key":     strings.TrimPrefix(other.visitor(t), "mspbot_visitor="),
		"another version":                         "v2" + strings.TrimPrefix(value, "v1"),
		"the cookie twice":                        value + "." + value,
		"empty":                                   "",
	}
	before := s.keys(t)
	for name, v := range forged {
		t.Run(name, func(t *testing.T) {
			c := map[string]string{"Cookie": "mspbot_visitor=" + v}
			for _, rq := range []struct{ method, path, body string }{
				{"POST", "/chat/messages", `{"text":"Hallo"}`},
				{"POST", "/chat/buttons", `{"message_id":"m-1","action":"confirm"}`},
				{"GET", "/chat/messages", ""},
			} {
				r := s.do(t, rq.method, rq.path, rq.body, c)
				if r.Status != http.StatusUnauthorized || !strings.Contains(r.Error, "not valid") || !strings.Contains(r.Error, "reload the page") {
					t.Fatalf("%s %s: %d %q, want 401 saying the session is not valid and to reload the page", rq.method, rq.path, r.Status, r.Error)
				}
			}
			// The page replaces the cookie with a signed one that works.
			status, fresh := s.page(t, c)
			if status != 200 || fresh == "" || fresh == v {
				t.Fatalf("the page with a forged cookie: %d, new cookie %q", status, fresh)
			}
			if r := s.do(t, "POST", "/chat/messages", `{"text":"Hallo"}`, map[string]string{"Cookie": "mspbot_visitor=" + fresh}); r.Status != 200 {
				t.Fatalf("the fresh cookie: %d %q", r.Status, r.Error)
			}
		})
	}
	// Only the fresh visitors' messages are in Redis: a session and a
	// transcript each, and the staff conversation's transcript.
	if got, want := s.keys(t)-before, 2*len(forged)+1; got != want {
		t.Errorf("Redis keys after the forgeries: %d new, want %d (none of a forged cookie)", got, want)
	}
	if !strings.Contains(s.logs.String(), `"reason":"visitor cookie not signed by this server or expired"`) {
		t.Errorf("refused cookies not logged:\n%s", s.logs.String())
	}
	if strings.Contains(s.logs.String(), parts[3]) {
		t.Errorf("a cookie reached the log")
	}

	// A cookie is good for 30 days and not before it was issued.
	if r := s.do(t, "GET", "/chat/messages", "", map[string]string{"Cookie": good}); r.Status != 200 {
		t.Fatalf("the real cookie: %d %q", r.Status, r.Error)
	}
	s.advance(29 * 24 * time.Hour)
	if r := s.do(t, "GET", "/chat/messages", "", map[string]string{"Cookie": good}); r.Status != 200 {
		t.Fatalf("a 29-day-old cookie: %d %q", r.Status, r.Error)
	}
	s.advance(2 * 24 * time.Hour)
	if r := s.do(t, "GET", "/chat/messages", "", map[string]string{"Cookie": good}); r.Status != 401 {
		t.Fatalf("a 31-day-old cookie: %d, want 401", r.Status)
	}
	future := s.visitor(t) // issued now, 31 days on
	s.advance(-31 * 24 * time.Hour)
	if r := s.do(t, "GET", "/chat/messages", "", map[string]string{"Cookie": future}); r.Status != 401 {
		t.Fatalf("a cookie issued in the future: %d, want 401", r.Status)
	}
}

func mustAtoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestFreshCookiesDoNotMultiplyLimits replays the attack of issue 14: 300
// requests, each with a fresh identity. Made-up cookies are refused; cookies
// from the page are issued only NewVisitorLimit times per address per hour;
// the address's messages are limited whatever cookies it shows. What is left
// in Redis is bounded by the limits, not by the requests.
func TestFreshCookiesDoNotMultiplyLimits(t *testing.T) {
	s := newChatServer(t, web.Options{NewVisitorLimit: 20, AddressLimit: 60})
	before := s.keys(t)
	// 300 made-up cookies: none is a visitor.
	for range 300 {
		b := make([]byte, 32)
		_, _ = rand.Read(b)
		if r := s.do(t, "POST", "/chat/messages", `{"text":"Hallo"}`, map[string]string{"Cookie": "mspbot_visitor=" + hex.EncodeToString(b)}); r.Status != 401 {
			t.Fatalf("a made-up cookie: %d %q", r.Status, r.Error)
		}
	}
	if n := s.keys(t) - before; n != 0 {
		t.Fatalf("made-up cookies left %d Redis keys", n)
	}
	// 300 page loads without a cookie: 20 visitors, then 429.
	var cookies []string
	for i := range 300 {
		req, _ := http.NewRequest("GET", s.URL+"/", nil)
		res, err := s.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		switch {
		case i < 20 && res.StatusCode == 200 && len(res.Cookies()) == 1:
			cookies = append(cookies, res.Cookies()[0].Name+"="+res.Cookies()[0].Value)
		case i >= 20 && res.StatusCode == http.StatusTooManyRequests && len(res.Cookies()) == 0:
			if res.Header.Get("Retry-After") != "3600" || !strings.Contains(string(body), "Too many new chat sessions") {
				t.Fatalf("new visitor %d refused without Retry-After or message: %v %q", i, res.Header, body)
			}
		default:
			t.Fatalf("new visitor %d: %d with %d cookies", i, res.StatusCode, len(res.Cookies()))
		}
	}
	// A page load by someone with a cookie is not a new visitor.
	if status, c := s.page(t, map[string]string{"Cookie": cookies[0]}); status != 200 || c != "" {
		t.Fatalf("a known visitor's page load: %d, cookie %q", status, c)
	}
	// 300 messages over the 20 cookies: 60 answered, the rest 429.
	answered := 0
	for i := range 300 {
		r := s.do(t, "POST", "/chat/messages", `{"text":"Hallo"}`, map[string]string{"Cookie": cookies[i%len(cookies)]})
		switch {
		case r.Status == 200:
			answered++
		case r.Status == http.StatusTooManyRequests && strings.Contains(r.Error, "network address"):
		default:
			t.Fatalf("message %d: %d %q", i, r.Status, r.Error)
		}
	}
	if answered != 60 {
		t.Fatalf("%d of 300 messages answered, want 60 (the address limit)", answered)
	}
	// A flood is logged once per address and window, not per request.
	for _, reason := range []string{"too many new visitors from this address", "too many messages from this address"} {
		if n := strings.Count(s.logs.String(), `"reason":"`+reason+`"`); n != 1 {
			t.Errorf("%q logged %d times, want once", reason, n)
		}
	}
	keys := s.keys(t) - before
	t.Logf("300 made-up cookies, 300 page loads, 300 messages: %d Redis keys (the issue measured 900)", keys)
	if keys > 2*20+1 {
		t.Fatalf("%d Redis keys, want at most a session and a transcript per issued visitor and the staff room's", keys)
	}
	// The next window lets the address talk again; the hour, new visitors.
	s.advance(time.Minute)
	if r := s.do(t, "POST", "/chat/messages", `{"text":"Hallo"}`, map[string]string{"Cookie": cookies[0]}); r.Status != 200 {
		t.Fatalf("after a minute: %d %q", r.Status, r.Error)
	}
	if status, _ := s.page(t, nil); status != http.StatusTooManyRequests {
		t.Fatalf("a new visitor within the hour: %d", status)
	}
	s.advance(time.Hour)
	if status, c := s.page(t, nil); status != 200 || c == "" {
		t.Fatalf("a new visitor an hour later: %d %q", status, c)
	}
	// An image or frame another site points at the page gets no cookie and
	// uses up nothing.
	if status, c := s.page(t, map[string]string{"Sec-Fetch-Dest": "image", "Sec-Fetch-Site": "cross-site"}); status != 200 || c != "" {
		t.Fatalf("the page as an image: %d, cookie %q", status, c)
	}
}

// TestClientAddressBehindProxies: X-Forwarded-For is believed only from
// MSPBOT_TRUSTED_PROXIES, and then its nearest untrusted entry is the client;
// what a client prepends to the header changes nothing; IPv6 clients are
// counted per /64.
func TestClientAddressBehindProxies(t *testing.T) {
	xff := func(v string) map[string]string { return map[string]string{"X-Forwarded-For": v} }
	// Without trusted proxies the header is ignored: every test request
	// comes from 127.0.0.1.
	direct := newChatServer(t, web.Options{NewVisitorLimit: 2})
	for i := range 5 {
		status, _ := direct.page(t, xff(fmt.Sprintf("203.0.113.%d", i+1)))
		if want := map[bool]int{true: 200, false: 429}[i < 2]; status != want {
			t.Fatalf("untrusted X-Forwarded-For, visitor %d: %d, want %d", i, status, want)
		}
	}

	proxied := newChatServer(t, web.Options{NewVisitorLimit: 2,
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("10.0.0.0/8")}})
	cases := []struct {
		header string
		want   int
	}{
		{"203.0.113.1", 200},
		{"203.0.113.2", 200},
		{"203.0.113.1", 200},
		{"203.0.113.1", 429}, // the third from 203.0.113.1
		// Entries the client wrote itself, before the proxies' own.
		{"198.51.100.1, 203.0.113.1", 429},
		{"evil, 203.0.113.1", 429},
		// A chain of trusted proxies: the nearest untrusted entry counts.
		{"203.0.113.2, 10.1.2.3", 200},
		{"203.0.113.2, 10.9.9.9, 10.1.2.3", 429},
		// IPv6 per /64.
		{"2001:db8:1:2::1", 200},
		{"[2001:db8:1:2::ffff]:4711", 200},
		{"2001:db8:1:2:aaaa::1", 429},
		{"2001:db8:1:3::1", 200},
	}
	for _, tc := range cases {
		if status, _ := proxied.page(t, xff(tc.header)); status != tc.want {
			t.Fatalf("X-Forwarded-For %q: %d, want %d", tc.header, status, tc.want)
		}
	}
}
