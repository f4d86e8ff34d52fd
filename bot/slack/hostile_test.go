package slack

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// endless is a reader of endless 'a's.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	return len(p), nil
}

// TestEventsHostileBodies: correctly signed bodies built to hurt get a 4xx
// with a JSON error (or are acknowledged and ignored) and reach the engine
// never; an unsigned body is refused before it is parsed.
func TestEventsHostileBodies(t *testing.T) {
	now := time.Now()
	a := fuzzAdapter(t)
	eng := &checkEngine{}
	h := a.EventsHandler(eng)
	signed := func(body []byte, ctype string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "/slack/events", bytes.NewReader(body))
		req.Header.Set("Content-Type", ctype)
		req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(now.Unix(), 10))
		req.Header.Set("X-Slack-Signature", sign(testSecret, now.Unix(), body))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	cases := []struct {
		name   string
		body   string
		ctype  string
		status int
	}{
		{"100k open brackets", strings.Repeat("[", 100_000), "application/json", 400},
		{"nested event", `{"type":"event_callback","event":` + strings.Repeat(`{"a":`, 20_000) + `}`, "application/json", 400},
		{"nested payload", "payload=" + strings.Repeat("%5B", 30_000), "application/x-www-form-urlencoded", 400},
		{"huge number", `{"type":1e999999}`, "application/json", 400},
		{"invalid UTF-8 type", "{\"type\":\"event_callback\xff\"}", "application/json", 400},
		{"text/plain", `{"type":"nonsense"}`, "text/plain", 400},
		{"bad form encoding", "payload=%zz", "application/x-www-form-urlencoded", 400},
		{"form without payload", "x=1", "application/x-www-form-urlencoded", 400},
		{"unknown event type", `{"type":"event_callback","event_id":"Ev1","event":{"type":"file_shared","user":"U1"}}`, "application/json", 200},
		{"event of wrong shape", `{"type":"event_callback","event_id":"Ev1","event":{"type":"message","channel":["D1"]}}`, "application/json", 200},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := signed([]byte(tc.body), tc.ctype)
			if rec.Code != tc.status {
				t.Fatalf("status %d (%.200s), want %d", rec.Code, rec.Body.String(), tc.status)
			}
			if tc.status >= 400 {
				var e map[string]string
				if json.Unmarshal(rec.Body.Bytes(), &e) != nil || e["error"] == "" {
					t.Fatalf("body %q: want a JSON error", rec.Body.String())
				}
			}
		})
	}
	a.Wait()
	if eng.seen != 0 {
		t.Fatalf("the engine got %d events from hostile bodies", eng.seen)
	}
}

// TestEventsOversizedMemory: a 32 MiB body without Content-Length, signed or
// not, is cut off at MaxBody; one such request allocates a small multiple
// of MaxBody.
func TestEventsOversizedMemory(t *testing.T) {
	now := time.Now()
	a := fuzzAdapter(t)
	h := a.EventsHandler(&checkEngine{})
	const bound = 8 * MaxBody
	for _, withSig := range []bool{true, false} {
		t.Run("signed="+strconv.FormatBool(withSig), func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, "/slack/events", io.LimitReader(endless{}, 32<<20))
			req.ContentLength = -1
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(now.Unix(), 10))
			if withSig {
				req.Header.Set("X-Slack-Signature", "v0="+strings.Repeat("0", 64))
			}
			var m0, m1 runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&m0)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			runtime.ReadMemStats(&m1)
			if rec.Code != http.StatusRequestEntityTooLarge {
				t.Fatalf("status %d, want 413", rec.Code)
			}
			got := m1.TotalAlloc - m0.TotalAlloc
			t.Logf("allocated %d bytes", got)
			if got > bound {
				t.Errorf("one oversized request allocated %d bytes, bound %d", got, bound)
			}
		})
	}
}

// TestEventsForgedAndReplayedLogged: forged and replayed signatures are
// refused, and each refusal is one structured warning with the component,
// the platform and the reason, never the body.
func TestEventsForgedAndReplayedLogged(t *testing.T) {
	now := time.Now()
	var logs bytes.Buffer
	a, err := New(Options{BotToken: "xoxb-t", SigningSecret: testSecret, Logger: slog.New(slog.NewJSONHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	eng := &checkEngine{}
	h := a.EventsHandler(eng)
	msg := readTestdata(t, "message_im.json")
	other := readTestdata(t, "app_mention.json")
	type attempt struct {
		name      string
		body      []byte
		ts        time.Time
		signature string
	}
	attempts := []attempt{
		{"forged with another secret", msg, now, sign("guessed-secret", now.Unix(), msg)},
		{"replayed: an old request's timestamp and signature", msg, now.Add(-10 * time.Minute), sign(testSecret, now.Add(-10*time.Minute).Unix(), msg)},
		{"replayed: a signature of another body", msg, now, sign(testSecret, now.Unix(), other)},
		{"replayed: the right signature, a fresh timestamp", msg, now, sign(testSecret, now.Add(-10*time.Minute).Unix(), msg)},
		{"from the future", msg, now.Add(time.Hour), sign(testSecret, now.Add(time.Hour).Unix(), msg)},
		{"no signature", msg, now, ""},
		{"garbage timestamp", msg, time.Time{}, sign(testSecret, 0, msg)},
	}
	for _, at := range attempts {
		t.Run(at.name, func(t *testing.T) {
			logs.Reset()
			req := httptest.NewRequest(http.MethodPost, "/slack/events", bytes.NewReader(at.body))
			req.Header.Set("Content-Type", "application/json")
			ts := strconv.FormatInt(at.ts.Unix(), 10)
			if at.ts.IsZero() {
				ts = "yesterday"
			}
			req.Header.Set("X-Slack-Request-Timestamp", ts)
			if at.signature != "" {
				req.Header.Set("X-Slack-Signature", at.signature)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusUnauthorized {
				t.Fatalf("status %d, want 401", rec.Code)
			}
			var line map[string]any
			if err := json.Unmarshal(logs.Bytes(), &line); err != nil {
				t.Fatalf("want one JSON log line, got %q", logs.String())
			}
			if line["level"] != "WARN" || line["component"] != "slack" || line["platform"] != Platform || line["reason"] == "" {
				t.Errorf("log line %v: want a warning with component, platform and reason", line)
			}
			if strings.Contains(logs.String(), "U0CLIENT") || strings.Contains(logs.String(), "Hallo") {
				t.Errorf("the log carries the body: %s", logs.String())
			}
		})
	}
	a.Wait()
	if eng.seen != 0 {
		t.Fatalf("the engine got %d events from refused requests", eng.seen)
	}
}
