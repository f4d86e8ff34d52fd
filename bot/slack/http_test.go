package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mspbot/mspbot/bot"
)

// TestEventsSignature: only requests signed with the signing secret within
// five minutes reach the engine; everything else is refused with 401 before
// the body is parsed.
func TestEventsSignature(t *testing.T) {
	f := newFakeSlack(t)
	a := newAdapter(t, f, nil)
	rec := newRecorder()
	srv := httptest.NewServer(a.EventsHandler(rec))
	defer srv.Close()
	msg := readTestdata(t, "message_im.json")
	now := time.Now()

	refused := []struct {
		name string
		req  func() *http.Request
	}{
		{"forged signature", func() *http.Request {
			return slackRequest(t, srv.URL, msg, false, "not-the-secret", now)
		}},
		{"forged signature on malformed JSON", func() *http.Request {
			// 401, not 400: nothing is parsed before the signature holds.
			return slackRequest(t, srv.URL, []byte("{not json"), false, "not-the-secret", now)
		}},
		{"body changed after signing", func() *http.Request {
			req := slackRequest(t, srv.URL, msg, false, testSecret, now)
			tampered := bytes.Replace(msg, []byte("U0CLIENT"), []byte("U0STAFF"), 1)
			req.Body = httpBody(tampered)
			req.ContentLength = int64(len(tampered))
			return req
		}},
		{"missing headers", func() *http.Request {
			return slackRequest(t, srv.URL, msg, false, "", now)
		}},
		{"missing signature", func() *http.Request {
			req := slackRequest(t, srv.URL, msg, false, testSecret, now)
			req.Header.Del("X-Slack-Signature")
			return req
		}},
		{"signature without v0=", func() *http.Request {
			req := slackRequest(t, srv.URL, msg, false, testSecret, now)
			req.Header.Set("X-Slack-Signature", strings.TrimPrefix(req.Header.Get("X-Slack-Signature"), "v0="))
			return req
		}},
		{"timestamp 6 minutes old", func() *http.Request {
			return slackRequest(t, srv.URL, msg, false, testSecret, now.Add(-6*time.Minute))
		}},
		{"timestamp 6 minutes ahead", func() *http.Request {
			return slackRequest(t, srv.URL, msg, false, testSecret, now.Add(6*time.Minute))
		}},
		{"forged button press", func() *http.Request {
			return slackRequest(t, srv.URL, readTestdata(t, "block_actions.json"), true, "not-the-secret", now)
		}},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			status, body := do(t, tc.req())
			if status != http.StatusUnauthorized {
				t.Fatalf("status %d (%s), want 401", status, body)
			}
			var e map[string]string
			if json.Unmarshal([]byte(body), &e) != nil || e["error"] == "" {
				t.Errorf("body %q: want a JSON error", body)
			}
		})
	}

	t.Run("signed and 4 minutes old", func(t *testing.T) {
		status, body := do(t, slackRequest(t, srv.URL, msg, false, testSecret, now.Add(-4*time.Minute)))
		if status != http.StatusOK {
			t.Fatalf("status %d (%s), want 200", status, body)
		}
		if ev := rec.next(t); ev.ID != "Ev0MSGIM01" {
			t.Errorf("engine got %q, want Ev0MSGIM01", ev.ID)
		}
	})
	a.Wait()
	if n := len(rec.Events()); n != 1 {
		t.Errorf("the engine was called %d times, want once (for the signed request only)", n)
	}
}

// TestEventsRequests: url_verification, malformed JSON after a valid
// signature, too large bodies and wrong methods.
func TestEventsRequests(t *testing.T) {
	f := newFakeSlack(t)
	a := newAdapter(t, f, nil)
	rec := newRecorder()
	srv := httptest.NewServer(a.EventsHandler(rec))
	defer srv.Close()
	now := time.Now()

	t.Run("url_verification", func(t *testing.T) {
		status, body := do(t, slackRequest(t, srv.URL, readTestdata(t, "url_verification.json"), false, testSecret, now))
		var got map[string]string
		if status != 200 || json.Unmarshal([]byte(body), &got) != nil ||
			got["challenge"] != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
			t.Fatalf("status %d, body %s: want the challenge back", status, body)
		}
	})
	t.Run("malformed JSON", func(t *testing.T) {
		status, body := do(t, slackRequest(t, srv.URL, []byte(`{"type":"event_callback","event":`), false, testSecret, now))
		if status != http.StatusBadRequest || !strings.Contains(body, `"error"`) {
			t.Fatalf("status %d, body %s: want 400 with a JSON error", status, body)
		}
	})
	t.Run("malformed button payload", func(t *testing.T) {
		status, body := do(t, slackRequest(t, srv.URL, []byte(`{"type":"block_actions",`), true, testSecret, now))
		if status != http.StatusBadRequest || !strings.Contains(body, `"error"`) {
			t.Fatalf("status %d, body %s: want 400 with a JSON error", status, body)
		}
	})
	t.Run("body over 1 MiB", func(t *testing.T) {
		big := append([]byte(`{"type":"event_callback","pad":"`), bytes.Repeat([]byte("x"), MaxBody)...)
		big = append(big, `"}`...)
		status, body := do(t, slackRequest(t, srv.URL, big, false, testSecret, now))
		if status != http.StatusRequestEntityTooLarge || !strings.Contains(body, `"error"`) {
			t.Fatalf("status %d, body %s: want 413 with a JSON error", status, body)
		}
	})
	t.Run("body over 1 MiB without Content-Length", func(t *testing.T) {
		big := bytes.Repeat([]byte("x"), MaxBody+10)
		req := slackRequest(t, srv.URL, big, false, testSecret, now)
		req.ContentLength = -1
		req.Body = httpBody(big)
		status, _ := do(t, req)
		if status != http.StatusRequestEntityTooLarge {
			t.Fatalf("status %d, want 413", status)
		}
	})
	t.Run("GET", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
		if status, _ := do(t, req); status != http.StatusMethodNotAllowed {
			t.Fatalf("status %d, want 405", status)
		}
	})
	a.Wait()
	if n := len(rec.Events()); n != 0 {
		t.Errorf("the engine was called %d times, want never", n)
	}
}

// TestEventsRetriesHandledOnce delivers each event three times, the way
// Slack retries (X-Slack-Retry-Num 1 and 2), to a real engine on the
// embedded Redis-protocol store: the handler runs once per event and the
// reply goes to the right channel and thread.
func TestEventsRetriesHandledOnce(t *testing.T) {
	f := newFakeSlack(t)
	a := newAdapter(t, f, nil)
	var mu sync.Mutex
	calls := map[string]int{}
	e := newEngine(t, a, bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		mu.Lock()
		calls[req.Event.ID]++
		mu.Unlock()
		_, err := rw.Reply(ctx, bot.Reply{Text: "Gern, ich kümmere mich darum."})
		return err
	}))
	srv := httptest.NewServer(a.EventsHandler(e))
	defer srv.Close()

	deliver := func(file string) {
		raw := readTestdata(t, file)
		var wg sync.WaitGroup
		for retry := range 3 {
			wg.Go(func() {
				// Slack signs every delivery anew.
				req := slackRequest(t, srv.URL, raw, false, testSecret, time.Now())
				if retry > 0 {
					req.Header.Set("X-Slack-Retry-Num", string(rune('0'+retry)))
					req.Header.Set("X-Slack-Retry-Reason", "http_timeout")
				}
				if status, body := do(t, req); status != http.StatusOK {
					t.Errorf("delivery %d: status %d (%s)", retry, status, body)
				}
			})
		}
		wg.Wait()
		a.Wait()
	}
	deliver("app_mention.json")
	deliver("message_im.json")

	mu.Lock()
	defer mu.Unlock()
	if calls["Ev0MENTION1"] != 1 || calls["Ev0MSGIM01"] != 1 || len(calls) != 2 {
		t.Fatalf("handler calls %v, want each event once", calls)
	}
	posts := f.Posts()
	if len(posts) != 2 {
		t.Fatalf("%d chat.postMessage calls, want 2: %v", len(posts), posts)
	}
	// The mention is answered in a thread under it.
	if p := posts[0]; p.Get("channel") != "C0SUPPORT" || p.Get("thread_ts") != "1712345900.000600" || p.Get("text") != "Gern, ich kümmere mich darum." {
		t.Errorf("reply to the mention: %v", p)
	}
	// The DM is answered in the DM, not in a thread.
	if p := posts[1]; p.Get("channel") != "D0DM" || p.Has("thread_ts") {
		t.Errorf("reply to the DM: %v", p)
	}
}

// TestEventsAckBeforeHandler: Slack gets its 200 while the handler is still
// busy, and the handler's context survives the end of the request.
func TestEventsAckBeforeHandler(t *testing.T) {
	f := newFakeSlack(t)
	a := newAdapter(t, f, nil)
	started := make(chan struct{})
	release := make(chan struct{})
	var finished atomic.Bool
	var ctxErr atomic.Value
	e := newEngine(t, a, bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		close(started)
		<-release
		ctxErr.Store(errString(ctx.Err()))
		finished.Store(true)
		_, err := rw.Reply(ctx, bot.Reply{Text: "fertig"})
		return err
	}))
	srv := httptest.NewServer(a.EventsHandler(e))
	defer srv.Close()

	start := time.Now()
	status, body := do(t, slackRequest(t, srv.URL, readTestdata(t, "message_im.json"), false, testSecret, time.Now()))
	if status != http.StatusOK {
		t.Fatalf("status %d (%s)", status, body)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("acknowledgement took %s", took)
	}
	select {
	case <-started:
	case <-time.After(5 * time.Second):
		t.Fatal("handler never started")
	}
	if finished.Load() {
		t.Fatal("handler finished before it was released")
	}
	srv.CloseClientConnections()
	close(release)
	a.Wait()
	if !finished.Load() {
		t.Fatal("Wait returned before the handler finished")
	}
	if got := ctxErr.Load(); got != "" {
		t.Errorf("handler context ended with the request: %v", got)
	}
	if n := len(f.Posts()); n != 1 {
		t.Errorf("%d replies posted, want 1", n)
	}
}

// TestEventsNotConfigured: without a signing secret the Events API answers
// 503 and nothing is handled.
func TestEventsNotConfigured(t *testing.T) {
	f := newFakeSlack(t)
	a := newAdapter(t, f, func(o *Options) { o.SigningSecret = "" })
	rec := newRecorder()
	srv := httptest.NewServer(a.EventsHandler(rec))
	defer srv.Close()
	status, _ := do(t, slackRequest(t, srv.URL, readTestdata(t, "message_im.json"), false, testSecret, time.Now()))
	if status != http.StatusServiceUnavailable {
		t.Fatalf("status %d, want 503", status)
	}
}

// TestEventsUsesClock: the timestamp window follows the injected clock too.
func TestEventsUsesClock(t *testing.T) {
	f := newFakeSlack(t)
	a := newAdapter(t, f, func(o *Options) { o.Now = func() time.Time { return time.Now().Add(10 * time.Minute) } })
	rec := newRecorder()
	srv := httptest.NewServer(a.EventsHandler(rec))
	defer srv.Close()
	status, _ := do(t, slackRequest(t, srv.URL, readTestdata(t, "message_im.json"), false, testSecret, time.Now()))
	if status != http.StatusUnauthorized {
		t.Fatalf("status %d, want 401 for a request 10 minutes old by the adapter's clock", status)
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

type readCloser struct{ *bytes.Reader }

func (readCloser) Close() error { return nil }

func httpBody(b []byte) readCloser { return readCloser{bytes.NewReader(b)} }
