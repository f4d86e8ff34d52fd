package teams

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/mspbot/mspbot/bot"
)

// TestRequests: what a verified request gets when its body is not a usable
// activity, and what each kind of activity is answered.
func TestRequests(t *testing.T) {
	rec := newRecorder()
	en := newEnv(t, rec, nil)
	url := en.srv.URL + "/teams/messages"

	bad := []struct {
		name   string
		body   []byte
		status int
	}{
		{"malformed JSON", []byte(`{"type":"message","serviceUrl":`), http.StatusBadRequest},
		{"a JSON array", []byte(`[]`), http.StatusBadRequest},
		{"no type", []byte(`{"serviceUrl":"` + en.ms.ServiceURL() + `","text":"Hallo"}`), http.StatusBadRequest},
		{"too large", append(append([]byte(`{"type":"message","serviceUrl":"`+en.ms.ServiceURL()+`","text":"`), bytes.Repeat([]byte("a"), MaxBody)...), `"}`...), http.StatusRequestEntityTooLarge},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			status, body := do(t, en.ms.Request(t, url, tc.body))
			if status != tc.status || !strings.Contains(body, `"error"`) {
				t.Fatalf("status %d, body %.200s: want %d with a JSON error", status, body, tc.status)
			}
		})
	}
	t.Run("GET", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		if status, _ := do(t, req); status != http.StatusMethodNotAllowed {
			t.Fatalf("status %d, want 405", status)
		}
	})
	t.Run("another channel", func(t *testing.T) {
		b := bytes.Replace(en.activity(t, "message_personal.json"), []byte(`"msteams"`), []byte(`"webchat"`), 1)
		if status, _ := en.post(t, b); status != http.StatusAccepted {
			t.Fatalf("status %d, want 202", status)
		}
	})
	for _, name := range []string{"conversation_update_team.json", "typing.json", "message_channel_no_mention.json"} {
		t.Run(name, func(t *testing.T) {
			if status, body := en.post(t, en.activity(t, name)); status != http.StatusAccepted {
				t.Fatalf("status %d (%s), want 202", status, body)
			}
		})
	}
	t.Run("unknown invoke", func(t *testing.T) {
		b := bytes.Replace(en.activity(t, "invoke_action_execute.json"), []byte(`"adaptiveCard/action"`), []byte(`"composeExtension/query"`), 1)
		if status, _ := en.post(t, b); status != http.StatusNotImplemented {
			t.Fatalf("status %d, want 501", status)
		}
	})
	en.a.Wait()
	if evs := rec.Events(); len(evs) != 0 {
		t.Fatalf("the engine got %+v, want nothing", evs)
	}

	t.Run("message", func(t *testing.T) {
		if status, _ := en.post(t, en.activity(t, "message_personal.json")); status != http.StatusAccepted {
			t.Fatalf("status %d, want 202", status)
		}
		if ev := rec.next(t); ev.Kind != bot.KindMessage {
			t.Fatalf("engine got %+v", ev)
		}
	})
	t.Run("Action.Execute", func(t *testing.T) {
		status, body := en.post(t, en.activity(t, "invoke_action_execute.json"))
		var res struct {
			StatusCode int    `json:"statusCode"`
			Type       string `json:"type"`
		}
		if status != http.StatusOK || json.Unmarshal([]byte(body), &res) != nil || res.StatusCode != 200 ||
			res.Type != "application/vnd.microsoft.activity.message" {
			t.Fatalf("status %d, body %s: want 200 with an adaptiveCard/action invoke response", status, body)
		}
		if ev := rec.next(t); ev.Kind != bot.KindButton || ev.Action != "callback:yes" {
			t.Fatalf("engine got %+v", ev)
		}
	})
}

// blockingEngine holds every event until released.
type blockingEngine struct {
	started chan struct{}
	release chan struct{}
}

func (b *blockingEngine) Handle(ctx context.Context, ev bot.Event) (bot.Outcome, error) {
	b.started <- struct{}{}
	<-b.release
	return bot.Outcome{}, nil
}

// TestAcknowledgeAtOnce: the connector gets its answer before the engine
// has finished, and beyond MaxInFlight activities it is asked to retry.
func TestAcknowledgeAtOnce(t *testing.T) {
	be := &blockingEngine{started: make(chan struct{}, MaxInFlight+1), release: make(chan struct{})}
	en := newEnv(t, be, nil)
	defer close(be.release)
	msg := en.activity(t, "message_personal.json")
	if status, _ := en.post(t, msg); status != http.StatusAccepted {
		t.Fatalf("status %d, want 202 while the engine still works", status)
	}
	<-be.started
	for range MaxInFlight - 1 {
		if !en.a.disp.TryAcquire() {
			t.Fatal("no slot free")
		}
	}
	status, _ := en.post(t, msg)
	for range MaxInFlight - 1 {
		en.a.disp.Release()
	}
	if status != http.StatusServiceUnavailable {
		t.Fatalf("with every slot taken: status %d, want 503", status)
	}
}
