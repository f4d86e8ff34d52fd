package teams

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/golang-jwt/jwt/v5"
)

// endless is a reader of endless 'a's.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	return len(p), nil
}

// TestHostileActivities: activities with a valid token but built to hurt
// get a 4xx with a JSON error, or are acknowledged with what reaches the
// engine cleaned to valid UTF-8.
func TestHostileActivities(t *testing.T) {
	rec := newRecorder()
	en := newEnv(t, rec, nil)
	h := en.a.Handler(rec)
	su := en.ms.ServiceURL()
	serve := func(body []byte) *httptest.ResponseRecorder {
		req := en.ms.Request(t, "http://bot.example/teams/messages", body)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		return w
	}
	bad := []struct {
		name   string
		body   string
		status int
	}{
		{"100k open brackets", strings.Repeat("[", 100_000), 400},
		{"nested value", `{"type":"message","serviceUrl":"` + su + `","value":` + strings.Repeat(`{"a":`, 20_000) + `}`, 400},
		{"huge number", `{"type":"message","serviceUrl":"` + su + `","id":1e999999}`, 400},
		{"invalid UTF-8 outside strings", "{\"type\":\"message\",\xff}", 400},
		{"null", `null`, 400},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			w := serve([]byte(tc.body))
			var e map[string]string
			if w.Code != tc.status || json.Unmarshal(w.Body.Bytes(), &e) != nil || e["error"] == "" {
				t.Fatalf("status %d, body %.200s: want %d with a JSON error", w.Code, w.Body.String(), tc.status)
			}
		})
	}
	en.a.Wait()
	if evs := rec.Events(); len(evs) != 0 {
		t.Fatalf("the engine got %+v", evs)
	}
	t.Run("invalid UTF-8 and control characters in the text", func(t *testing.T) {
		body := bytes.Replace(en.activity(t, "message_personal.json"), []byte(`"text": "`), []byte("\"text\": \"\xff\xfe\\u0000\\u001b[2J "), 1)
		if !bytes.Contains(body, []byte("\xff")) {
			t.Fatal("the recorded activity has no text to change")
		}
		if w := serve(body); w.Code != http.StatusAccepted {
			t.Fatalf("status %d, want 202", w.Code)
		}
		if ev := rec.next(t); !utf8.ValidString(ev.Text) {
			t.Fatalf("the engine got invalid UTF-8: %q", ev.Text)
		}
	})
}

// TestOversizedActivityMemory: a 32 MiB body without Content-Length gets
// 401 without a token (nothing read) and 413 with one; neither allocates
// more than a small multiple of MaxBody.
func TestOversizedActivityMemory(t *testing.T) {
	en := newEnv(t, nil, nil)
	h := en.a.Handler(newRecorder())
	for _, tc := range []struct {
		name   string
		token  bool
		status int
		bound  uint64
	}{
		{"no token", false, http.StatusUnauthorized, 256 << 10},
		{"valid token", true, http.StatusRequestEntityTooLarge, 8 * MaxBody},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := en.ms.Request(t, "http://bot.example/teams/messages", []byte(`{"serviceUrl":"`+en.ms.ServiceURL()+`"}`))
			if !tc.token {
				req.Header.Del("Authorization")
			}
			req.Body = io.NopCloser(io.LimitReader(endless{}, 32<<20))
			req.ContentLength = -1
			var m0, m1 runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&m0)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			runtime.ReadMemStats(&m1)
			if w.Code != tc.status {
				t.Fatalf("status %d, want %d", w.Code, tc.status)
			}
			got := m1.TotalAlloc - m0.TotalAlloc
			t.Logf("allocated %d bytes", got)
			if got > tc.bound {
				t.Errorf("one oversized request allocated %d bytes, bound %d", got, tc.bound)
			}
		})
	}
}

// TestRefusalLogged: a request with a missing or forged token is one
// structured warning with the component, the platform and the reason,
// never the body.
func TestRefusalLogged(t *testing.T) {
	var logs syncBuffer
	rec := newRecorder()
	en := newEnv(t, rec, func(o *Options) { o.Logger = slog.New(slog.NewJSONHandler(&logs, nil)) })
	h := en.a.Handler(rec)
	msg := en.activity(t, "message_personal.json")
	for _, tc := range []struct{ name, auth string }{
		{"missing token", ""},
		{"garbage token", "Bearer abc.def.ghi"},
		{"token of another app", "Bearer " + en.ms.Sign(t, func() jwt.MapClaims {
			c := en.ms.Claims(en.ms.ServiceURL(), time.Now())
			c["aud"] = "11111111-2222-3333-4444-555555555555"
			return c
		}())},
	} {
		t.Run(tc.name, func(t *testing.T) {
			logs.Reset()
			req := httptest.NewRequest(http.MethodPost, "/teams/messages", bytes.NewReader(msg))
			if tc.auth != "" {
				req.Header.Set("Authorization", tc.auth)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != http.StatusUnauthorized {
				t.Fatalf("status %d, want 401", w.Code)
			}
			var line map[string]any
			for _, l := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
				var m map[string]any
				if json.Unmarshal([]byte(l), &m) == nil && m["msg"] == "refused Teams request" {
					line = m
				}
			}
			if line == nil || line["level"] != "WARN" || line["component"] != "teams" || line["platform"] != Platform || line["reason"] == "" {
				t.Fatalf("want a refusal warning with component, platform and reason; log:\n%s", logs.String())
			}
			if strings.Contains(logs.String(), "Festplatte") || strings.Contains(logs.String(), "abc.def") {
				t.Errorf("the log carries the body or the token:\n%s", logs.String())
			}
		})
	}
	en.a.Wait()
	if n := len(rec.Events()); n != 0 {
		t.Fatalf("the engine got %d events", n)
	}
}

// syncBuffer is a log sink safe for the adapter's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func (s *syncBuffer) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b.Reset()
}
