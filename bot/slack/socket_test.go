package slack

import (
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/mspbot/mspbot/bot"
)

// fakeSocket stands in for Slack's Socket Mode endpoint: on each
// connection it sends hello and the queued envelopes, and it records the
// envelope ids the client acknowledges.
type fakeSocket struct {
	srv       *httptest.Server
	envelopes []json.RawMessage
	acks      chan string
	conns     chan struct{}
}

func newFakeSocket(t *testing.T, envelopes ...json.RawMessage) *fakeSocket {
	t.Helper()
	s := &fakeSocket{envelopes: envelopes, acks: make(chan string, 64), conns: make(chan struct{}, 8)}
	// slack-go dials with the Origin Slack expects.
	up := websocket.Upgrader{CheckOrigin: func(r *http.Request) bool { return r.Header.Get("Origin") == "https://api.slack.com" }}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, err := up.Upgrade(w, r, nil)
		if err != nil {
			t.Errorf("upgrade: %v", err)
			return
		}
		defer conn.Close()
		s.conns <- struct{}{}
		var wmu sync.Mutex
		write := func(msg []byte) error {
			wmu.Lock()
			defer wmu.Unlock()
			return conn.WriteMessage(websocket.TextMessage, msg)
		}
		hello := `{"type":"hello","num_connections":1,"debug_info":{"host":"applink-test","build_number":1,"approximate_connection_time":18060},"connection_info":{"app_id":"A0APP"}}`
		if err := write([]byte(hello)); err != nil {
			return
		}
		for _, env := range s.envelopes {
			if err := write(env); err != nil {
				return
			}
		}
		for {
			_, msg, err := conn.ReadMessage()
			if err != nil {
				return
			}
			var ack struct {
				EnvelopeID string `json:"envelope_id"`
			}
			if err := json.Unmarshal(msg, &ack); err != nil {
				t.Errorf("client sent %q: %v", msg, err)
				continue
			}
			s.acks <- ack.EnvelopeID
		}
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *fakeSocket) URL() string {
	return "ws" + strings.TrimPrefix(s.srv.URL, "http") + "/link/?ticket=test"
}

// socketEnvelope wraps a recorded payload the way Socket Mode delivers it.
func socketEnvelope(t *testing.T, typ, id string, payload []byte, retry int) json.RawMessage {
	t.Helper()
	b, err := json.Marshal(map[string]any{
		"envelope_id":              id,
		"type":                     typ,
		"payload":                  json.RawMessage(payload),
		"accepts_response_payload": false,
		"retry_attempt":            retry,
		"retry_reason":             map[bool]string{true: "timeout", false: ""}[retry > 0],
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestSocketMode: the adapter opens the connection through
// apps.connections.open, acknowledges every envelope, and the engine
// handles the DM and the button press once each although both are
// delivered again (the same envelope resent, and the DM once more in a new
// envelope marked as a retry); ignored envelopes are acknowledged too.
func TestSocketMode(t *testing.T) {
	f := newFakeSlack(t)
	msg := socketEnvelope(t, "events_api", "env-1-msg", readTestdata(t, "message_im.json"), 0)
	button := socketEnvelope(t, "interactive", "env-2-button", readTestdata(t, "block_actions_dm.json"), 0)
	sock := newFakeSocket(t,
		msg,
		button,
		// Slack redelivers: the same envelope again, and the same event in
		// a new envelope marked as a retry.
		msg,
		button,
		socketEnvelope(t, "events_api", "env-3-msg-again", readTestdata(t, "message_im.json"), 1),
		// Ignored, but acknowledged all the same.
		socketEnvelope(t, "events_api", "env-4-own", readTestdata(t, "message_bot.json"), 0),
		socketEnvelope(t, "events_api", "env-5-file-reaction", readTestdata(t, "reaction_added_file.json"), 0),
	)
	f.mu.Lock()
	f.wsURL = sock.URL()
	f.mu.Unlock()
	a := newAdapter(t, f, func(o *Options) { o.SigningSecret = "" })

	var mu sync.Mutex
	handled := map[string]int{}
	e := newEngine(t, a, bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		mu.Lock()
		handled[string(req.Event.Kind)+" "+req.Event.ID]++
		mu.Unlock()
		if req.Event.Kind == bot.KindMessage {
			_, err := rw.Reply(ctx, bot.Reply{Text: "Hallo!"})
			return err
		}
		return nil
	}))

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.RunSocketMode(ctx, e) }()

	want := map[string]int{"env-1-msg": 2, "env-2-button": 2, "env-3-msg-again": 1, "env-4-own": 1, "env-5-file-reaction": 1}
	got := map[string]int{}
	timeout := time.After(10 * time.Second)
	for n := 0; n < 7; n++ {
		select {
		case id := <-sock.acks:
			got[id]++
		case <-timeout:
			t.Fatalf("acknowledged %v, want %v", got, want)
		}
	}
	if !maps.Equal(got, want) {
		t.Errorf("acknowledged %v, want %v", got, want)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("RunSocketMode: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("RunSocketMode did not return after ctx ended")
	}
	a.Wait()

	mu.Lock()
	defer mu.Unlock()
	wantHandled := map[string]int{
		"message Ev0MSGIM01":                        1,
		"button ba:1712345750.000001:callback.slot": 1,
	}
	if len(handled) != len(wantHandled) {
		t.Errorf("handled %v, want %v", handled, wantHandled)
	}
	for k, n := range wantHandled {
		if handled[k] != n {
			t.Errorf("handled %v, want %v", handled, wantHandled)
		}
	}
	posts := f.Posts()
	if len(posts) != 1 || posts[0].Get("channel") != "D0DM" || posts[0].Has("thread_ts") {
		t.Errorf("replies %v: want one into the DM", posts)
	}
}

// TestSocketModeNeedsAppToken: without SLACK_APP_TOKEN, RunSocketMode
// fails at once; a rejected token ends it with Slack's error.
func TestSocketModeNeedsAppToken(t *testing.T) {
	f := newFakeSlack(t)
	a := newAdapter(t, f, func(o *Options) { o.AppToken = "" })
	if err := a.RunSocketMode(context.Background(), newRecorder()); err == nil || !strings.Contains(err.Error(), "SLACK_APP_TOKEN") {
		t.Errorf("err = %v, want one naming SLACK_APP_TOKEN", err)
	}

	f.mu.Lock()
	f.openErr = "invalid_auth"
	f.mu.Unlock()
	a = newAdapter(t, f, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := a.RunSocketMode(ctx, newRecorder()); err == nil || !strings.Contains(err.Error(), "invalid_auth") {
		t.Errorf("err = %v, want Slack's invalid_auth", err)
	}
}
