package web_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
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

// replica is one web adapter with its engine on a Redis it shares with
// other replicas (the same key prefix), behind a real HTTP server.
func replica(t *testing.T, rdb *redis.Client, keys redisstore.Keys, opts web.Options, logs *logBuffer) *chatServer {
	t.Helper()
	log := slog.New(slog.NewJSONHandler(logs, nil))
	opts.Logger = log
	tr := redisstore.NewTranscripts(rdb, redisstore.TranscriptOptions{Keys: keys})
	a := web.New(tr, opts)
	e := bot.NewEngine(redisstore.NewSessions(rdb, redisstore.SessionOptions{Keys: keys}), echo(tr), bot.EngineOptions{Logger: log})
	e.Register(web.PlatformAPI, a)
	e.Register(web.PlatformChat, a)
	s := &chatServer{Server: httptest.NewServer(a.Handler(e)), rdb: rdb, prefix: keys.Prefix, logs: logs}
	t.Cleanup(s.Close)
	return s
}

// TestAddressLimitsAcrossReplicas: two replicas behind a load balancer
// count one client address's new visitors and messages in the same Redis
// counters. With MSPBOT_RATE_NEW_VISITORS 2 the third page load is refused,
// whichever replica it reaches; with MSPBOT_RATE_ADDRESS 4, of 3 + 3
// messages alternating between the replicas the 5th and 6th get 429; each
// refusal is logged once across both. Counted in each replica's memory
// instead, the same requests are all allowed.
func TestAddressLimitsAcrossReplicas(t *testing.T) {
	rdb := redistest.Open(t, redistest.DBWeb)
	vkey := []byte(strings.Repeat("k", web.MinVisitorKey))
	run := func(t *testing.T, shared bool) (pages, messages []int, logs string) {
		keys := redisstore.Keys{Prefix: "ar" + bot.NewID(4)}
		opts := web.Options{VisitorKey: vkey, NewVisitorLimit: 2, AddressLimit: 4}
		if shared {
			opts.AddrCounter = redisstore.NewAddrCounts(rdb, keys)
		}
		buf := &logBuffer{}
		replicas := []*chatServer{replica(t, rdb, keys, opts, buf), replica(t, rdb, keys, opts, buf)}
		var cookie string
		for i := range 3 {
			status, c := replicas[i%2].page(t, nil)
			pages = append(pages, status)
			if cookie == "" {
				cookie = "mspbot_visitor=" + c
			}
		}
		for i := range 6 {
			r := replicas[i%2].do(t, "POST", "/chat/messages", `{"text":"Hallo"}`, map[string]string{"Cookie": cookie})
			messages = append(messages, r.Status)
		}
		return pages, messages, buf.String()
	}

	pages, messages, logs := run(t, true)
	if want := []int{200, 200, 429}; !slices.Equal(pages, want) {
		t.Fatalf("page loads alternating between two replicas sharing the counter: %v, want %v", pages, want)
	}
	if want := []int{200, 200, 200, 200, 429, 429}; !slices.Equal(messages, want) {
		t.Fatalf("messages alternating between two replicas sharing the counter: %v, want %v", messages, want)
	}
	for _, reason := range []string{"too many new visitors from this address", "too many messages from this address"} {
		if n := strings.Count(logs, `"reason":"`+reason+`"`); n != 1 {
			t.Errorf("%q logged %d times across the replicas, want once", reason, n)
		}
	}

	// The same requests counted in each replica's memory: each replica
	// sees at most 2 page loads and 3 messages, under its limits.
	pages, messages, _ = run(t, false)
	if want := []int{200, 200, 200}; !slices.Equal(pages, want) {
		t.Fatalf("page loads counted per replica: %v, want %v", pages, want)
	}
	if want := []int{200, 200, 200, 200, 200, 200}; !slices.Equal(messages, want) {
		t.Fatalf("messages counted per replica: %v, want %v", messages, want)
	}
}

// flakyCounter is an AddrCounter that fails while err is set, and counts
// in memory otherwise, noting every key it is given.
type flakyCounter struct {
	mu    sync.Mutex
	err   error
	count map[string]int64
	keys  []string
}

func (c *flakyCounter) Hit(_ context.Context, key string, _ time.Duration) (int64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.keys = append(c.keys, key)
	if c.err != nil {
		return 0, c.err
	}
	if c.count == nil {
		c.count = map[string]int64{}
	}
	c.count[key]++
	return c.count[key], nil
}

func (c *flakyCounter) fail(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.err = err
}

// TestAddressLimitFailsOpen: when the shared counter cannot be written the
// chat is not blocked: page loads and messages beyond the limits are
// allowed, and the failure is logged once at warning per failure streak
// (not per request); once counting works again the limits hold again, and
// a new streak is logged again. The counter is never given the client's
// address itself.
func TestAddressLimitFailsOpen(t *testing.T) {
	rdb := redistest.Open(t, redistest.DBWeb)
	keys := redisstore.Keys{Prefix: "fo" + bot.NewID(4)}
	counter := &flakyCounter{}
	counter.fail(errors.New("dial tcp 127.0.0.1:6379: connect: connection refused"))
	logs := &logBuffer{}
	s := replica(t, rdb, keys, web.Options{NewVisitorLimit: 1, AddressLimit: 1, AddrCounter: counter}, logs)
	warnings := func() int {
		return strings.Count(logs.String(), `"level":"WARN","msg":"counting per client address failed`)
	}

	var cookie string
	for i := range 3 {
		status, c := s.page(t, nil)
		if status != 200 || c == "" {
			t.Fatalf("page load %d while the counter fails: %d, cookie %q; want 200 and a cookie", i+1, status, c)
		}
		cookie = "mspbot_visitor=" + c
	}
	for i := range 3 {
		if r := s.do(t, "POST", "/chat/messages", `{"text":"Hallo"}`, map[string]string{"Cookie": cookie}); r.Status != 200 {
			t.Fatalf("message %d while the counter fails: %d %q; want 200", i+1, r.Status, r.Error)
		}
	}
	if n := warnings(); n != 1 {
		t.Fatalf("6 failed counts logged %d warnings, want 1:\n%s", n, logs.String())
	}
	if !strings.Contains(logs.String(), "connection refused") {
		t.Fatalf("the warning does not say why:\n%s", logs.String())
	}

	// Counting works again: the limits hold.
	counter.fail(nil)
	if r := s.do(t, "POST", "/chat/messages", `{"text":"Hallo"}`, map[string]string{"Cookie": cookie}); r.Status != 200 {
		t.Fatalf("first message once counting works: %d %q", r.Status, r.Error)
	}
	if r := s.do(t, "POST", "/chat/messages", `{"text":"Hallo"}`, map[string]string{"Cookie": cookie}); r.Status != http.StatusTooManyRequests {
		t.Fatalf("second message once counting works: %d %q, want 429", r.Status, r.Error)
	}
	if status, _ := s.page(t, nil); status != 200 {
		t.Fatalf("first new visitor once counting works: %d", status)
	}
	if status, _ := s.page(t, nil); status != http.StatusTooManyRequests {
		t.Fatalf("second new visitor once counting works: %d, want 429", status)
	}
	// A new failure streak is logged again, once.
	counter.fail(errors.New("LOADING Redis is loading the dataset in memory"))
	for range 2 {
		if r := s.do(t, "POST", "/chat/messages", `{"text":"Hallo"}`, map[string]string{"Cookie": cookie}); r.Status != 200 {
			t.Fatalf("message in the second streak: %d %q; want 200", r.Status, r.Error)
		}
	}
	if n := warnings(); n != 2 {
		t.Fatalf("two failure streaks logged %d warnings, want 2:\n%s", n, logs.String())
	}

	counter.mu.Lock()
	defer counter.mu.Unlock()
	for _, k := range counter.keys {
		if strings.Contains(k, "127.0.0.1") {
			t.Fatalf("the counter was given the raw address: %q", k)
		}
	}
}
