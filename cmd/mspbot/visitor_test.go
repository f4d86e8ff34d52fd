package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mspbot/mspbot/config"
	"github.com/mspbot/mspbot/internal/redistest"
)

// visitorCookie loads the chat page of the bot at url and returns the
// visitor cookie it issued.
func visitorCookie(t *testing.T, url string, hdr map[string]string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url+"/", nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	for _, c := range res.Cookies() {
		if c.Name == "mspbot_visitor" {
			return res.StatusCode, c.Name + "=" + c.Value
		}
	}
	return res.StatusCode, ""
}

// chatSay sends text as the visitor with cookie to the bot at url.
func chatSay(t *testing.T, url, cookie, text string) (int, string) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"text": text})
	req, _ := http.NewRequest("POST", url+"/chat/messages", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Cookie", cookie)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Error string `json:"error"`
	}
	_ = json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out.Error
}

var fingerprintRE = regexp.MustCompile(`"msg":"web chat visitor key[^\n]*"fingerprint":"([0-9a-f]{16})"`)

// TestVisitorKeySharedByReplicas: without MSPBOT_VISITOR_KEY the key is
// generated into MSPBOT_VISITOR_KEY_FILE (mode 0600, directory 0700) on
// first start, like the protocol signing key; a second replica with the
// same file accepts the first one's visitors and logs the same
// fingerprint; a replica with another key refuses them; MSPBOT_VISITOR_KEY
// with the file's key is the same key; a key file with too short a key
// stops start-up.
func TestVisitorKeySharedByReplicas(t *testing.T) {
	file := filepath.Join(t.TempDir(), "keys", "visitor-key")
	one := newSecApp(t, "MSPBOT_VISITOR_KEY_FILE", file)
	st, err := os.Stat(file)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("visitor key file: %v, mode %v; want 0600", err, st)
	}
	if dir, _ := os.Stat(filepath.Dir(file)); dir.Mode().Perm() != 0o700 {
		t.Fatalf("visitor key directory mode %v, want 0700", dir.Mode().Perm())
	}
	raw, _ := os.ReadFile(file)
	key := strings.TrimSpace(string(raw))
	if len(key) < 32 {
		t.Fatalf("generated key is %d characters", len(key))
	}
	two := newSecApp(t, "MSPBOT_VISITOR_KEY_FILE", file)
	stranger := newSecApp(t, "MSPBOT_VISITOR_KEY", "another-replica-key-"+strings.Repeat("q", 20))
	same := newSecApp(t, "MSPBOT_VISITOR_KEY", key)
	if after, _ := os.ReadFile(file); string(after) != string(raw) {
		t.Fatal("the second replica replaced the key file")
	}
	f1, f2 := fingerprintRE.FindStringSubmatch(one.logs.String()), fingerprintRE.FindStringSubmatch(two.logs.String())
	f4 := fingerprintRE.FindStringSubmatch(same.logs.String())
	if f1 == nil || f2 == nil || f4 == nil || f1[1] != f2[1] || f1[1] != f4[1] {
		t.Fatalf("replicas sharing the key log different fingerprints: %v %v %v", f1, f2, f4)
	}
	if strings.Contains(one.logs.String(), key) || strings.Contains(same.logs.String(), key) {
		t.Fatal("the visitor key reached the log")
	}

	_, cookie := visitorCookie(t, one.url, nil)
	for _, r := range []*secApp{one, two, same} {
		if status, msg := chatSay(t, r.url, cookie, "Hallo"); status != 200 {
			t.Fatalf("a replica sharing the key: %d %q", status, msg)
		}
	}
	if status, msg := chatSay(t, stranger.url, cookie, "Hallo"); status != 401 || !strings.Contains(msg, "not valid") {
		t.Fatalf("a replica with another key: %d %q, want 401", status, msg)
	}

	short := filepath.Join(t.TempDir(), "visitor-key")
	_ = os.WriteFile(short, []byte("too-short\n"), 0o600)
	cfg, err := config.Load(func(k string) (string, bool) {
		v, ok := map[string]string{"MSPBOT_VISITOR_KEY_FILE": short, "MSPBOT_SIGNING_KEY_FILE": filepath.Join(t.TempDir(), "s.pem")}[k]
		return v, ok
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := build(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), nil); err == nil || !strings.Contains(err.Error(), "at least 32") {
		t.Fatalf("a short key in the file: %v", err)
	}
}

// TestWebChatVisitorsWired: the settings reach the adapter and the store as
// the binary wires them. A one-message visitor's session and transcript
// expire after MSPBOT_VISITOR_BRIEF_TTL, a second message gives them
// MSPBOT_SESSION_TTL and MSPBOT_HISTORY_TTL; MSPBOT_RATE_NEW_VISITORS and
// MSPBOT_RATE_ADDRESS limit an address, X-Forwarded-For counts only from
// MSPBOT_TRUSTED_PROXIES.
func TestWebChatVisitorsWired(t *testing.T) {
	s := newSecApp(t, "MSPBOT_VISITOR_KEY_FILE", filepath.Join(t.TempDir(), "visitor-key"),
		"MSPBOT_RATE_NEW_VISITORS", "3", "MSPBOT_RATE_ADDRESS", "4", "MSPBOT_VISITOR_BRIEF_TTL", "30m")
	rdb := redis.NewClient(redistest.Options(t, redistest.DBCmd))
	t.Cleanup(func() { _ = rdb.Close() })
	ttls := func() (session, transcript time.Duration) {
		t.Helper()
		keys, err := rdb.Keys(t.Context(), "sec:{webchat/*").Result()
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range keys {
			switch {
			case strings.Contains(k, ":session:"):
				session = rdb.PTTL(t.Context(), k).Val()
			case strings.HasSuffix(k, ":transcript"):
				transcript = rdb.PTTL(t.Context(), k).Val()
			}
		}
		return session, transcript
	}
	_, cookie := visitorCookie(t, s.url, nil)
	if status, msg := chatSay(t, s.url, cookie, "Hallo"); status != 200 {
		t.Fatalf("first message: %d %q", status, msg)
	}
	if sess, tr := ttls(); sess <= 0 || sess > 30*time.Minute || tr <= 0 || tr > 30*time.Minute {
		t.Fatalf("after one message: session expires in %s, transcript in %s; want both within 30m", sess, tr)
	}
	if status, msg := chatSay(t, s.url, cookie, "Ist der Austausch einer defekten Festplatte im Vertrag enthalten?"); status != 200 {
		t.Fatalf("second message: %d %q", status, msg)
	}
	if sess, tr := ttls(); sess <= 23*time.Hour || tr <= 6*24*time.Hour {
		t.Fatalf("after two messages: session expires in %s, transcript in %s; want 24h and 7 days", sess, tr)
	}
	// Two more messages are the address's four of the minute.
	for i := range 3 {
		status, msg := chatSay(t, s.url, cookie, "Danke")
		if want := map[bool]int{true: 200, false: 429}[i < 2]; status != want {
			t.Fatalf("message %d of the address: %d %q, want %d", i+3, status, msg, want)
		}
	}
	// Two more new visitors from 127.0.0.1, then 429.
	for i := range 3 {
		status, c := visitorCookie(t, s.url, map[string]string{"X-Forwarded-For": "203.0.113.9"})
		if want := map[bool]int{true: 200, false: 429}[i < 2]; status != want || (status == 200) != (c != "") {
			t.Fatalf("new visitor %d: %d %q, want %d (X-Forwarded-For from an untrusted peer is ignored)", i+2, status, c, want)
		}
	}

	proxied := newSecApp(t, "MSPBOT_VISITOR_KEY_FILE", filepath.Join(t.TempDir(), "visitor-key"),
		"MSPBOT_RATE_NEW_VISITORS", "1", "MSPBOT_TRUSTED_PROXIES", "127.0.0.1")
	for _, client := range []string{"203.0.113.1", "203.0.113.2", "203.0.113.3"} {
		if status, c := visitorCookie(t, proxied.url, map[string]string{"X-Forwarded-For": client}); status != 200 || c == "" {
			t.Fatalf("client %s behind the trusted proxy: %d", client, status)
		}
	}
	if status, _ := visitorCookie(t, proxied.url, map[string]string{"X-Forwarded-For": "203.0.113.1"}); status != 429 {
		t.Fatalf("client 203.0.113.1 again: %d, want 429", status)
	}
}

// TestWebChatLimitsSharedByReplicas: two replicas of the binary on one
// Redis count a client address's new visitors (MSPBOT_RATE_NEW_VISITORS)
// and messages (MSPBOT_RATE_ADDRESS) together, whichever replica a request
// reaches. The counters are Redis keys named by an HMAC of the address,
// not the address, and expire with their window.
func TestWebChatLimitsSharedByReplicas(t *testing.T) {
	file := filepath.Join(t.TempDir(), "visitor-key")
	settings := []string{"MSPBOT_VISITOR_KEY_FILE", file, "MSPBOT_RATE_NEW_VISITORS", "2", "MSPBOT_RATE_ADDRESS", "4"}
	replicas := []*secApp{newSecApp(t, settings...), newSecApp(t, settings...)}
	var cookie string
	for i := range 3 {
		status, c := visitorCookie(t, replicas[i%2].url, nil)
		if want := map[bool]int{true: 200, false: 429}[i < 2]; status != want {
			t.Fatalf("new visitor %d, on replica %d: %d, want %d", i+1, i%2+1, status, want)
		}
		if cookie == "" {
			cookie = c
		}
	}
	for i := range 6 {
		status, msg := chatSay(t, replicas[i%2].url, cookie, "Danke")
		if want := map[bool]int{true: 200, false: 429}[i < 4]; status != want {
			t.Fatalf("message %d of the address, on replica %d: %d %q, want %d", i+1, i%2+1, status, msg, want)
		}
	}
	rdb := redis.NewClient(redistest.Options(t, redistest.DBCmd))
	t.Cleanup(func() { _ = rdb.Close() })
	keys, err := rdb.Keys(t.Context(), "sec:{addr:*").Result()
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 2 {
		t.Fatalf("counter keys %q, want one for new visitors and one for messages", keys)
	}
	for _, k := range keys {
		if strings.Contains(k, "127.0.0.1") {
			t.Fatalf("counter key %q holds the address", k)
		}
		if ttl := rdb.PTTL(t.Context(), k).Val(); ttl <= 0 || ttl > time.Hour {
			t.Fatalf("counter key %q expires in %v, want within its window", k, ttl)
		}
	}
}

// TestLoopbackWithoutTokenChecksHost: with the default settings (loopback,
// no token) a request naming another host is refused by the JSON API with
// 421; MSPBOT_ALLOWED_HOSTS adds names.
func TestLoopbackWithoutTokenChecksHost(t *testing.T) {
	redistest.Open(t, redistest.DBCmd)
	env := map[string]string{"REDIS_URL": redistest.DBURL(t, redistest.DBCmd), "MSPBOT_REDIS_PREFIX": "host",
		"MSPBOT_SIGNING_KEY_FILE": filepath.Join(t.TempDir(), "signing-key.pem"),
		"MSPBOT_VISITOR_KEY_FILE": filepath.Join(t.TempDir(), "visitor-key"), "MSPBOT_ALLOWED_HOSTS": "mspbot.internal"}
	cfg, err := config.Load(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	a, err := build(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.close)
	srv := httptest.NewServer(a.web.Handler(a.engine))
	t.Cleanup(srv.Close)
	for host, want := range map[string]int{"rebind.attacker.example:8080": 421, "127.0.0.1:8080": 200, "mspbot.internal:8080": 200} {
		req, _ := http.NewRequest("GET", srv.URL+"/api/conversations/staff/messages", nil)
		req.Host = host
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("Host %s: %d, want %d", host, res.StatusCode, want)
		}
	}
}

// TestProfilesCheckHost: the profiles server (MSPBOT_DEBUG_ADDR) has no
// token, so it answers only loopback host names; a page that a
// DNS-rebinding attack points at it gets 421.
func TestProfilesCheckHost(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	a := &app{cfg: &config.Config{DebugAddr: addr}, log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	a.startDebug(ctx, &wg)
	defer func() { cancel(); wg.Wait() }()
	for host, want := range map[string]int{"rebind.attacker.example:6060": 421, addr: 200, "localhost:6060": 200} {
		req, _ := http.NewRequest("GET", "http://"+addr+"/debug/pprof/", nil)
		req.Host = host
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("profiles with Host %s: %d, want %d", host, res.StatusCode, want)
		}
	}
}
