package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/bot/web"
	"github.com/mspbot/mspbot/internal/redistest"
	"github.com/mspbot/mspbot/redisstore"
)

// logBuffer is a concurrency-safe log sink.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// hostile is the web adapter's handler with a real engine on the test
// Redis, the echo handler and a JSON logger into logs.
type hostile struct {
	h      http.Handler
	rdb    *redis.Client
	prefix string
	logs   *logBuffer
	// cookie is a visitor cookie the page issued.
	cookie string
}

func newHostile(tb testing.TB, opts web.Options) *hostile {
	tb.Helper()
	rdb := redistest.Open(tb, redistest.DBWeb)
	x := &hostile{rdb: rdb, prefix: "hx" + bot.NewID(4), logs: &logBuffer{}}
	keys := redisstore.Keys{Prefix: x.prefix}
	log := slog.New(slog.NewJSONHandler(x.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	opts.Logger = log
	tr := redisstore.NewTranscripts(rdb, redisstore.TranscriptOptions{Keys: keys})
	a := web.New(tr, opts)
	e := bot.NewEngine(redisstore.NewSessions(rdb, redisstore.SessionOptions{Keys: keys}), echo(tr), bot.EngineOptions{Logger: log})
	e.Register(web.PlatformAPI, a)
	e.Register(web.PlatformChat, a)
	e.SetStaff(web.PlatformAPI, web.Staff([]string{"alice"}))
	x.h = a.Handler(e)
	rec := httptest.NewRecorder()
	x.h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	cookies := rec.Result().Cookies()
	if len(cookies) != 1 {
		tb.Fatalf("the page issued %d cookies", len(cookies))
	}
	x.cookie = cookies[0].Name + "=" + cookies[0].Value
	return x
}

// keys counts the Redis keys of this adapter.
func (x *hostile) keys(tb testing.TB) int {
	tb.Helper()
	n := 0
	iter := x.rdb.Scan(context.Background(), 0, x.prefix+"*", 1000).Iterator()
	for iter.Next(context.Background()) {
		n++
	}
	if err := iter.Err(); err != nil {
		tb.Fatal(err)
	}
	return n
}

func (x *hostile) serve(method, path string, body io.Reader, size int64, hdr map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, body)
	req.ContentLength = size
	req.Header.Set("Content-Type", "application/json")
	if strings.HasPrefix(path, "/chat/") {
		req.Header.Set("Cookie", x.cookie)
	} else {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range hdr {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	rec := httptest.NewRecorder()
	x.h.ServeHTTP(rec, req)
	return rec
}

// endpoints are the POST entry points with a valid body each.
// field is a string field each of them has.
var endpoints = []struct{ path, valid, field string }{
	{"/api/messages", `{"conversation":"c-h","user":"u-h","text":"Hallo"}`, "text"},
	{"/api/reactions", `{"conversation":"c-h","user":"u-h","message_id":"m-1","emoji":"eyes"}`, "emoji"},
	{"/api/buttons", `{"conversation":"c-h","user":"u-h","message_id":"m-1","action":"ticket:claim","value":"CB-1"}`, "action"},
	{"/chat/messages", `{"text":"Hallo"}`, "text"},
	{"/chat/buttons", `{"message_id":"m-1","action":"confirm"}`, "action"},
}

// infinite is a reader of endless 'a's.
type infinite struct{}

func (infinite) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	return len(p), nil
}

// goInternals matches what encoding/json and Go put in their messages:
// "json: cannot unmarshal", "Go struct field", "Go value of type",
// "web.apiMessageReq", "*web.request", "of type bool".
var goInternals = regexp.MustCompile(`json:|\bGo\b|\bweb\.|\*\w+\.|\bstruct\b|of type|unmarshal`)

// TestHostileBodies sends every POST entry point bodies built to hurt: each
// gets a 4xx with a JSON error naming the problem, nothing reaches Redis,
// and nothing of the body reaches the log.
func TestHostileBodies(t *testing.T) {
	x := newHostile(t, web.Options{APIToken: token})
	nested := func(n int) string { return strings.Repeat("[", n) }
	cases := []struct {
		name   string
		body   string
		hdr    map[string]string
		status int
		want   string
	}{
		{"100k open brackets", nested(100_000), nil, 413, "over 65536 bytes"},
		{"60k open brackets", nested(60_000), nil, 400, "malformed JSON"},
		{"deeply nested field", `{"text":` + nested(20_000) + `}`, nil, 400, "malformed JSON"},
		{"invalid UTF-8", "{\"text\":\"Hallo \xff\xfe\",\"conversation\":\"c\",\"user\":\"u\"}", nil, 400, "not valid UTF-8"},
		{"huge number", `{"text":1e999999,"conversation":"c","user":"u"}`, nil, 400, `field "text": want a string, not a number`},
		{"long number", `{"text":` + strings.Repeat("9", 60_000) + `}`, nil, 400, `field "text": want a string, not a number`},
		{"duplicate key", `{"text":"a","conversation":"c","user":"u","text":"b"}`, nil, 400, `"text" given twice`},
		{"duplicate key in another case", `{"text":"a","conversation":"c","user":"u","TEXT":"b"}`, nil, 400, `given twice`},
		{"duplicate key with a Kelvin sign", `{"conversation":"c","user":"u","text":"a","\u212aey":"b","key":"c"}`, nil, 400, `given twice`},
		{"two objects", `{} {}`, nil, 400, "send one JSON object and nothing after it"},
		{"array", `[]`, nil, 400, "the body must be a JSON object, not a list"},
		{"string body", `"hallo"`, nil, 400, "the body must be a JSON object, not a string"},
		{"number body", `42`, nil, 400, "the body must be a JSON object, not a number"},
		{"null", `null`, nil, 400, "missing field"},
		{"text/plain", `{"text":"Hallo"}`, map[string]string{"Content-Type": "text/plain"}, 415, "Content-Type: application/json"},
		{"form", `text=Hallo`, map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, 415, "Content-Type"},
		{"no content type", `{"text":"Hallo"}`, map[string]string{"Content-Type": ""}, 415, "Content-Type"},
		{"bad media type", `{"text":"Hallo"}`, map[string]string{"Content-Type": "application/json; charset"}, 415, "Content-Type"},
		{"empty", ``, nil, 400, "empty body"},
		{"unknown field", `{"text":"a","admin":true}`, nil, 400, "unknown field"},
		{"wrong type", `{"text":["a"]}`, nil, 400, `field "text": want a string, not a list`},
		{"object for a string", `{"text":{"a":1}}`, nil, 400, `field "text": want a string, not an object`},
		{"bool for a string", `{"text":true}`, nil, 400, `field "text": want a string, not true or false`},
	}
	before := x.keys(t)
	for _, ep := range endpoints {
		for _, tc := range cases {
			t.Run(ep.path+"/"+tc.name, func(t *testing.T) {
				// The field the case is about is one this endpoint has.
				body := strings.ReplaceAll(tc.body, `"text"`, `"`+ep.field+`"`)
				body = strings.ReplaceAll(body, `"TEXT"`, `"`+strings.ToUpper(ep.field)+`"`)
				want := strings.ReplaceAll(tc.want, `"text"`, `"`+ep.field+`"`)
				rec := x.serve("POST", ep.path, strings.NewReader(body), int64(len(body)), tc.hdr)
				var e map[string]string
				if rec.Code != tc.status || json.Unmarshal(rec.Body.Bytes(), &e) != nil || !strings.Contains(e["error"], want) {
					t.Fatalf("status %d, body %.200s; want %d with an error containing %q", rec.Code, rec.Body.String(), tc.status, want)
				}
				// Plain words: no Go type or package name, no decoder jargon.
				if goInternals.MatchString(e["error"]) {
					t.Errorf("the error names Go internals: %q", e["error"])
				}
			})
		}
	}
	// Texts the message endpoints refuse, in valid JSON.
	texts := []struct{ name, text, want string }{
		{"NUL", "Hallo\u0000Welt", "control character U+0000"},
		{"escape sequence", "\u001b[2J\u001b[31mrot", "control character U+001B"},
		{"C1 control", "a\u0085b", "control character U+0085"},
		{"4001 characters", strings.Repeat("ä", 4001), "4001 characters; the limit is 4000"},
		{"only spaces", " \t\n ", "empty message"},
	}
	for _, path := range []string{"/api/messages", "/chat/messages"} {
		for _, tc := range texts {
			t.Run(path+"/"+tc.name, func(t *testing.T) {
				b, _ := json.Marshal(map[string]string{"conversation": "c-h", "user": "u-h", "text": tc.text})
				if path == "/chat/messages" {
					b, _ = json.Marshal(map[string]string{"text": tc.text})
				}
				rec := x.serve("POST", path, bytes.NewReader(b), int64(len(b)), nil)
				var e map[string]string
				if rec.Code != 400 || json.Unmarshal(rec.Body.Bytes(), &e) != nil || !strings.Contains(e["error"], tc.want) {
					t.Fatalf("status %d, body %.200s; want 400 with %q", rec.Code, rec.Body.String(), tc.want)
				}
			})
		}
	}
	if after := x.keys(t); after != before {
		t.Errorf("refused requests left %d Redis keys behind", after-before)
	}
	if logs := x.logs.String(); strings.Contains(logs, "Hallo") || strings.Contains(logs, "rot") {
		t.Errorf("a message body reached the log:\n%s", logs)
	}
	// What is left is allowed: tabs and line breaks, emoji, right-to-left
	// text get an answer.
	b, _ := json.Marshal(map[string]string{"conversation": "c-h", "user": "u-h", "text": "Zeile 1\n\tZeile 2 😀 \u202eابحث"})
	if rec := x.serve("POST", "/api/messages", bytes.NewReader(b), int64(len(b)), nil); rec.Code != 200 {
		t.Fatalf("a plain message with line breaks and emoji: %d %s", rec.Code, rec.Body.String())
	}
}

// TestOversizedRequestMemory: a 16 MiB body sent without Content-Length is
// cut off at the limit; serving it allocates a small multiple of the limit,
// not of the body.
func TestOversizedRequestMemory(t *testing.T) {
	x := newHostile(t, web.Options{APIToken: token})
	const bodySize = 16 << 20
	const bound = 16 * web.MaxBody // generous: the limit, the decoder, the answer; 1/16 of the body
	for _, ep := range endpoints {
		t.Run(ep.path, func(t *testing.T) {
			body := io.MultiReader(strings.NewReader(`{"text":"`), io.LimitReader(infinite{}, bodySize))
			var m0, m1 runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&m0)
			rec := x.serve("POST", ep.path, body, -1, nil)
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
		t.Run(ep.path+" nested", func(t *testing.T) {
			body := strings.Repeat("[", web.MaxBody-1)
			var m0, m1 runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&m0)
			rec := x.serve("POST", ep.path, strings.NewReader(body), int64(len(body)), nil)
			runtime.ReadMemStats(&m1)
			if rec.Code != http.StatusBadRequest {
				t.Fatalf("status %d, want 400", rec.Code)
			}
			got := m1.TotalAlloc - m0.TotalAlloc
			t.Logf("allocated %d bytes", got)
			if got > bound {
				t.Errorf("one deeply nested request allocated %d bytes, bound %d", got, bound)
			}
		})
	}
}

// FuzzAPIBody sends any body to every POST entry point of the JSON API and
// the web chat, through the real handler and engine on the test Redis: the
// answer is JSON with a status below 500, and never a panic.
func FuzzAPIBody(f *testing.F) {
	for i, ep := range endpoints {
		f.Add(uint8(i), []byte(ep.valid))
	}
	f.Add(uint8(0), []byte(`{"conversation":"c","user":"u","text":"Rückruf bitte, 040 123456, morgen 10 Uhr","event_id":"e:1"}`))
	f.Add(uint8(1), []byte(`{"conversation":"c","user":"u","message_id":"m-1","emoji":":+1::skin-tone-2:","removed":true}`))
	f.Add(uint8(2), []byte(`{"conversation":"c","user":"u","message_id":"m","action":"vendor:approve","value":"`+strings.Repeat("x", 300)+`"}`))
	f.Add(uint8(3), []byte(`{"text":"\u0000"}`))
	f.Add(uint8(0), []byte(strings.Repeat("[", 1000)))
	f.Add(uint8(0), []byte(`{"text":"a","text":"b"}`))
	x := newHostile(f, web.Options{APIToken: token})
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		ep := endpoints[int(which)%len(endpoints)]
		rec := x.serve("POST", ep.path, bytes.NewReader(body), int64(len(body)), nil)
		if rec.Code >= 500 {
			t.Fatalf("POST %s %q: status %d %s", ep.path, body, rec.Code, rec.Body.String())
		}
		var out map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			t.Fatalf("POST %s %q: answer is not JSON: %q", ep.path, body, rec.Body.String())
		}
		if rec.Code >= 400 && rec.Code != http.StatusTooManyRequests {
			if msg, _ := out["error"].(string); msg == "" {
				t.Fatalf("POST %s %q: %d without an error message", ep.path, body, rec.Code)
			}
		}
	})
}
