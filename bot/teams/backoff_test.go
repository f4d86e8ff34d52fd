package teams

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mspbot/mspbot/internal/teamstest"
)

// sleeps records the adapter's waits between retries instead of waiting.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(_ context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.d = append(s.d, d)
	return nil
}

func (s *sleeps) take() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.d
	s.d = nil
	return d
}

// TestBackoffThroughTheEngine: Teams rate-limits the Bot APIs with
// 429 Too Many Requests, and bots must also retry 412, 502 and 504 with an
// exponential back-off ("Optimize your bot with rate limiting and best
// practices in Teams",
// https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/rate-limit);
// the fake answers so when told. Replies from the real engine are retried
// after the Retry-After the connector asked for, at most MaxAttempts times
// in all; then the log says the message was not delivered and the client
// gets the engine's apology. A Retry-After beyond MaxRetryWait is not waited.
func TestBackoffThroughTheEngine(t *testing.T) {
	var logs syncBuffer
	eng := newRealEngine(t, echo())
	en := newEnv(t, eng, func(o *Options) { o.Logger = slog.New(slog.NewJSONHandler(&logs, nil)) })
	eng.bind(en.a)
	var waits sleeps
	en.a.sleep = waits.sleep
	msg := en.activity(t, "message_personal.json")
	deliver := func(id string) []teamstest.Activity {
		t.Helper()
		before := len(en.ms.Activities())
		if status, body := en.post(t, bytes.ReplaceAll(msg, []byte("1732958142123"), []byte(id))); status != http.StatusAccepted {
			t.Fatalf("status %d (%s)", status, body)
		}
		en.a.Wait()
		return en.ms.Activities()[before:]
	}

	// Throttled twice, asked to wait 3 s each time: delivered on the third
	// attempt, after waiting what was asked.
	en.ms.Fail(2, http.StatusTooManyRequests, "3")
	posts := en.ms.Posts()
	got := deliver("1732958142201")
	if len(got) != 1 || !strings.HasPrefix(got[0].Text(), "Sie schrieben:") {
		t.Fatalf("throttled twice: %d messages, want the reply", len(got))
	}
	if n := en.ms.Posts() - posts; n != 3 {
		t.Errorf("throttled twice: %d posts, want 3", n)
	}
	if w := waits.take(); len(w) != 2 || w[0] != 3*time.Second || w[1] != 3*time.Second {
		t.Errorf("waits %v, want the Retry-After of 3s twice", w)
	}

	// Refused MaxAttempts times (412, 504, 502, 429 without Retry-After):
	// given up, logged, and the client is told.
	for _, status := range []int{http.StatusPreconditionFailed, http.StatusGatewayTimeout, http.StatusBadGateway, http.StatusTooManyRequests} {
		en.ms.Fail(1, status, "")
	}
	posts = en.ms.Posts()
	got = deliver("1732958142202")
	if n := en.ms.Posts() - posts; n != MaxAttempts+1 {
		t.Errorf("refused %d times: %d posts, want %d for the reply and one for the apology", MaxAttempts, n, MaxAttempts+1)
	}
	if len(got) != 1 || !strings.Contains(got[0].Text(), "Entschuldigung") || got[0].Conversation != dmConv {
		t.Fatalf("after the retries ran out the client got %v, want the apology", got)
	}
	w := waits.take()
	if len(w) != MaxAttempts-1 {
		t.Fatalf("waits %v, want %d", w, MaxAttempts-1)
	}
	for i, d := range w {
		if lo, hi := RetryBase<<i/2, RetryBase<<i; d < lo || d > hi {
			t.Errorf("wait %d is %s, want an exponential back-off between %s and %s", i+1, d, lo, hi)
		}
	}
	if !logged(t, &logs, "Teams connector kept refusing; giving up, the message is not delivered", MaxAttempts) {
		t.Errorf("no warning after %d attempts:\n%s", MaxAttempts, logs.String())
	}

	// Asked to come back in two minutes: not waited, the client is told.
	en.ms.Fail(1, http.StatusTooManyRequests, "120")
	posts = en.ms.Posts()
	got = deliver("1732958142203")
	if n := en.ms.Posts() - posts; n != 2 || len(got) != 1 || !strings.Contains(got[0].Text(), "Entschuldigung") {
		t.Errorf("Retry-After 120: %d posts and %d messages, want the refused reply and the apology", n, len(got))
	}
	if w := waits.take(); len(w) != 0 {
		t.Errorf("Retry-After 120 was waited: %v", w)
	}
}

// logged reports whether the log has a warning msg after attempts attempts.
func logged(t *testing.T, logs *syncBuffer, msg string, attempts int) bool {
	t.Helper()
	for _, l := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(l), &m) == nil && m["msg"] == msg && m["level"] == "WARN" &&
			m["attempts"] == float64(attempts) && m["component"] == "teams" && m["status"] != nil {
			return true
		}
	}
	return false
}

// TestRetryWait: Retry-After in seconds or as an HTTP date; without it a
// doubling back-off with jitter.
func TestRetryWait(t *testing.T) {
	en := newEnv(t, nil, nil)
	if d, ok := en.a.retryWait("7", 1); d != 7*time.Second || !ok {
		t.Errorf("seconds: %s %v", d, ok)
	}
	at := en.clock.Now().Add(90 * time.Second).UTC().Format(http.TimeFormat)
	if d, ok := en.a.retryWait(at, 1); d < 89*time.Second || d > 90*time.Second || !ok {
		t.Errorf("HTTP date: %s %v", d, ok)
	}
	for attempt := 1; attempt <= 3; attempt++ {
		hi := RetryBase << (attempt - 1)
		if d, ok := en.a.retryWait("", attempt); d < hi/2 || d > hi || ok {
			t.Errorf("attempt %d: %s %v, want between %s and %s", attempt, d, ok, hi/2, hi)
		}
	}
}
