package discord

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/redisstore"
)

// gatewayOp is what the client sent: identify (2) or resume (6).
type gatewayOp struct {
	Op int `json:"op"`
	D  struct {
		Token     string `json:"token"`
		Intents   int    `json:"intents"`
		SessionID string `json:"session_id"`
		Seq       int64  `json:"seq"`
	} `json:"d"`
}

// TestRunReplayedMessageHandledOnce runs the adapter against a fake gateway
// with a real engine on the embedded Redis-protocol store. The gateway says
// READY and delivers a MESSAGE_CREATE; once the bot answered, it asks the
// client to reconnect (op 7); discordgo resumes (op 6) and the gateway
// replays the same MESSAGE_CREATE, then delivers a button press. The handler
// must see the message once, the channel must get one answer, and the button
// press must be acknowledged and handled.
func TestRunReplayedMessageHandledOnce(t *testing.T) {
	f := newFakeDiscord(t)
	useFakeDiscord(t, f)

	ready := loadFrame(t, "ready.json")
	msg := loadFrame(t, "message_create_guild_mention.json")
	press := loadFrame(t, "interaction_create_button.json")
	var readyData struct {
		SessionID string `json:"session_id"`
	}
	if err := json.Unmarshal(ready.D, &readyData); err != nil {
		t.Fatal(err)
	}

	sentOps := make(chan gatewayOp, 2)
	f.gateway = func(n int, c *websocket.Conn) {
		write := func(v any) bool {
			if err := c.WriteJSON(v); err != nil {
				t.Errorf("gateway %d write: %v", n, err)
				return false
			}
			return true
		}
		if !write(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 45000}}) {
			return
		}
		var op gatewayOp
		if err := c.ReadJSON(&op); err != nil {
			t.Errorf("gateway %d: reading identify/resume: %v", n, err)
			return
		}
		sentOps <- op
		drained := make(chan struct{})
		go func() { // heartbeats and the client's close
			defer close(drained)
			for {
				if _, _, err := c.ReadMessage(); err != nil {
					return
				}
			}
		}()
		switch n {
		case 0:
			write(ready)
			write(msg)
			// Wait for the bot's answer, then ask for a reconnect.
			deadline := time.Now().Add(10 * time.Second)
			for len(f.calls("POST", "/channels/"+channelID+"/messages")) == 0 && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
			write(map[string]any{"op": 7, "d": nil})
		case 1:
			write(frame{Op: 0, S: 2, T: "RESUMED", D: json.RawMessage(`{}`)})
			write(msg) // replayed: the same message id
			write(frame{Op: 0, S: 3, T: press.T, D: press.D})
		}
		<-drained
	}

	conn, err := redisstore.Open("", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	sessions := redisstore.NewSessions(conn.Client, redisstore.SessionOptions{})

	var mu sync.Mutex
	handled := map[string]int{}
	h := bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		mu.Lock()
		handled[req.Event.ID]++
		mu.Unlock()
		_, err := rw.Reply(ctx, bot.Reply{Text: "Got it: " + string(req.Event.Kind)})
		return err
	})

	a, err := New(Options{Token: testToken, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	eng := bot.NewEngine(sessions, h, bot.EngineOptions{Logger: quietLogger()})
	eng.Register(Platform, a)
	eng.SetStaff(Platform, a.Staff())

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx, eng) }()

	f.waitFor(t, "POST", "/interactions/1900000000000000001/"+pressToken(t, press)+"/callback")
	f.waitFor(t, "POST", "/channels/"+staffChanID+"/messages")
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
	a.Wait()

	identify, resume := <-sentOps, <-sentOps
	if identify.Op != 2 || identify.D.Token != "Bot "+testToken || identify.D.Intents != int(Intents) {
		t.Errorf("identify = %+v, want token %q and intents %d", identify, "Bot "+testToken, Intents)
	}
	if resume.Op != 6 || resume.D.SessionID != readyData.SessionID || resume.D.Seq != 2 {
		t.Errorf("resume = %+v, want session %s at sequence 2", resume, readyData.SessionID)
	}
	mu.Lock()
	defer mu.Unlock()
	if n := handled["msg:1500000000000000001"]; n != 1 {
		t.Errorf("the replayed message reached the handler %d times, want 1", n)
	}
	if n := handled["ia:1900000000000000001"]; n != 1 {
		t.Errorf("the button press reached the handler %d times, want 1", n)
	}
	answers := f.calls("POST", "/channels/"+channelID+"/messages")
	if len(answers) != 1 {
		t.Fatalf("%d answers in the channel, want 1", len(answers))
	}
	var body struct {
		Ref struct {
			MessageID string `json:"message_id"`
		} `json:"message_reference"`
	}
	if err := json.Unmarshal(answers[0].Body, &body); err != nil || body.Ref.MessageID != "1500000000000000001" {
		t.Errorf("the answer does not reply to the message: %s", answers[0].Body)
	}
}

func pressToken(t *testing.T, press frame) string {
	t.Helper()
	var d struct {
		Token string `json:"token"`
	}
	if err := json.Unmarshal(press.D, &d); err != nil {
		t.Fatal(err)
	}
	return d.Token
}

// TestRunRefusedIntent: when the Message Content intent is not enabled for
// the application, Discord closes the gateway with 4014; Run says what to do.
func TestRunRefusedIntent(t *testing.T) {
	f := newFakeDiscord(t)
	useFakeDiscord(t, f)
	f.gateway = func(n int, c *websocket.Conn) {
		_ = c.WriteJSON(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 45000}})
		_, _, _ = c.ReadMessage()
		_ = c.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(4014, "Disallowed intent(s)."))
	}
	a, err := New(Options{Token: testToken, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = a.Run(ctx, engineFunc(func(context.Context, bot.Event) (bot.Outcome, error) { return bot.Outcome{}, nil }))
	var ce *websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != 4014 {
		t.Fatalf("Run = %v, want the 4014 close error", err)
	}
	if want := "Message Content intent"; !strings.Contains(err.Error(), want) {
		t.Errorf("Run = %v, want a hint naming the %s", err, want)
	}
}
