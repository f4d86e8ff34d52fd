package converse

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeBot speaks mspbot's JSON API (messages, reactions, buttons, the
// history of a conversation, replies with meta) and answers from a
// script: what it says to a client text, a reaction ("react:EMOJI") or a
// button ("button:ACTION=VALUE").
type fakeBot struct {
	mu      sync.Mutex
	script  map[string][]out
	history map[string][]map[string]any
	said    []string // the client texts received, in order
	n       int
	// token, when set, is required as the bearer token.
	token string
	// tooMany answers that many requests with 429 and Retry-After first.
	tooMany    int
	retryAfter string
	// requests counts the requests, by method and path.
	requests map[string]int
}

// out is one message of the bot: to the event's conversation, or to
// another one (Conv, e.g. "staff").
type out struct {
	Conv    string
	Text    string
	Buttons []map[string]string
	Meta    map[string]any
	RawMeta string // meta as written (keys in this order)
	Status  int    // an error status instead of an answer
}

func newFakeBot(script map[string][]out) *fakeBot {
	return &fakeBot{script: script, history: map[string][]map[string]any{}, requests: map[string]int{}}
}

func (b *fakeBot) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.requests[r.Method+" "+r.URL.Path]++
	if b.token != "" && r.Header.Get("Authorization") != "Bearer "+b.token {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"error": "missing or wrong bearer token"})
		return
	}
	if b.tooMany > 0 {
		b.tooMany--
		w.Header().Set("Retry-After", b.retryAfter)
		writeJSON(w, http.StatusTooManyRequests, map[string]any{"error": "slow down"})
		return
	}
	if r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/api/conversations/") {
		conv := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/api/conversations/"), "/messages")
		msgs := b.history[conv]
		if msgs == nil {
			msgs = []map[string]any{}
		}
		writeJSON(w, http.StatusOK, map[string]any{"messages": msgs})
		return
	}
	var ev map[string]string // conversation, user, text, message_id, emoji, action, value
	if err := json.NewDecoder(r.Body).Decode(&ev); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": "bad JSON"})
		return
	}
	var key string
	switch r.URL.Path {
	case "/api/messages":
		key = ev["text"]
		b.said = append(b.said, ev["text"])
	case "/api/reactions":
		key = "react:" + ev["emoji"]
	case "/api/buttons":
		key = "button:" + ev["action"] + "=" + ev["value"]
	default:
		writeJSON(w, http.StatusNotFound, map[string]any{"error": "no such route"})
		return
	}
	outs, ok := b.script[key]
	if !ok {
		outs = []out{{Text: "Wie bitte?"}}
	}
	replies := []map[string]any{}
	for _, o := range outs {
		if o.Status != 0 {
			writeJSON(w, o.Status, map[string]any{"error": o.Text})
			return
		}
		conv := ev["conversation"]
		if o.Conv != "" {
			conv = o.Conv
		}
		b.n++
		m := map[string]any{"id": fmt.Sprintf("m-%04d", b.n), "text": o.Text, "time": time.Now().UTC().Format(time.RFC3339Nano)}
		if o.Buttons != nil {
			m["buttons"] = o.Buttons
		}
		if o.Meta != nil {
			m["meta"] = o.Meta
		}
		if o.RawMeta != "" {
			m["meta"] = json.RawMessage(o.RawMeta)
		}
		b.history[conv] = append(b.history[conv], m)
		if conv == ev["conversation"] {
			replies = append(replies, m)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"replies": replies})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// today is the day the tests play on: Sunday, 6 December 2026.
var today = time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)

// play runs lines (JSON Lines) against bot with prefix T and returns the
// summary and the output.
func play(t *testing.T, bot *fakeBot, lines string, opts Options) (Summary, string) {
	t.Helper()
	srv := httptest.NewServer(bot)
	t.Cleanup(srv.Close)
	file := filepath.Join(t.TempDir(), "conversations.jsonl")
	if err := os.WriteFile(file, []byte(lines), 0o600); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	opts.URL = srv.URL
	if opts.Prefix == "" {
		opts.Prefix = "T"
	}
	if opts.Today.IsZero() {
		opts.Today = today
	}
	opts.Out = &buf
	sum, err := Run(context.Background(), opts, file)
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, buf.String())
	}
	return sum, buf.String()
}

// serveFake serves the fake bot of the failure table on FAKEBOT_ADDR, for
// comparing converse.py's output by hand:
//
//	FAKEBOT_ADDR=127.0.0.1:18191 go test -run TestServeFakeBot ./internal/converse &
//	python3 converse.py --url http://127.0.0.1:18191 --prefix T --today 2026-12-06 FILE
func TestServeFakeBot(t *testing.T) {
	addr := os.Getenv("FAKEBOT_ADDR")
	if addr == "" {
		t.Skip("set FAKEBOT_ADDR to serve the fake bot")
	}
	srv := &http.Server{Addr: addr, Handler: newFakeBot(failureScript()), ReadHeaderTimeout: time.Second}
	go func() { _ = srv.ListenAndServe() }()
	time.Sleep(60 * time.Second)
	_ = srv.Close()
}
