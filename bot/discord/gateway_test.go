package discord

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/internal/discordtest"
	"github.com/mspbot/mspbot/redisstore"
)

// TestRunReplayedMessageHandledOnce runs the adapter against a fake gateway
// with a real engine on the embedded Redis-protocol store. The gateway says
// READY and delivers a MESSAGE_CREATE; once the bot answered, it asks the
// client to reconnect (op 7); discordgo resumes (op 6) and the gateway
// replays the same MESSAGE_CREATE, then delivers a button press. The handler
// must see the message once, and its thread (started from the mention; the
// replay finds it started, as Discord answers 160004 to a second thread from
// one message,
// https://discord.com/developers/docs/resources/channel#start-thread-from-message)
// one answer; the button press must be acknowledged and handled.
func TestRunReplayedMessageHandledOnce(t *testing.T) {
	f := newFakeDiscord(t, discordtest.Options{})

	ready := loadFrame(t, "ready.json")
	msg := loadFrame(t, "message_create_guild_mention.json")
	press := loadFrame(t, "interaction_create_button.json")
	var readyData struct {
		SessionID string `json:"session_id"`
	}
	if err := json.Unmarshal(ready.D, &readyData); err != nil {
		t.Fatal(err)
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

	identify := f.WaitHandshake(t, 1)
	seq := f.Dispatch(t, msg.T, msg.D)
	if seq != msg.S {
		t.Fatalf("the message went out as sequence number %d, recorded as %d", seq, msg.S)
	}
	// Wait for the bot's answer (in the thread started from the mention,
	// which has its id), then ask for a reconnect.
	const thread = "1500000000000000001"
	f.WaitMessages(t, thread, 1)
	resume := f.Reconnect(t)
	f.Replay(t, seq) // replayed: the same message id
	f.Dispatch(t, press.T, press.D)

	if cb := f.WaitCallback(t, "1900000000000000001"); cb.Token != pressToken(t, press) {
		t.Fatalf("callback with token %q, want the press's", cb.Token)
	}
	f.WaitMessages(t, staffChanID, 1)
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

	if identify.Op != 2 || identify.Token != "Bot "+testToken || identify.Intents != int(Intents) {
		t.Errorf("identify = %+v, want token %q and intents %d", identify, "Bot "+testToken, Intents)
	}
	// Sequence 2 was the message, 3 the THREAD_CREATE of the bot's thread.
	if resume.Op != 6 || resume.SessionID != readyData.SessionID || resume.Seq != 3 {
		t.Errorf("resume = %+v, want session %s at sequence 3", resume, readyData.SessionID)
	}
	mu.Lock()
	defer mu.Unlock()
	if n := handled["msg:1500000000000000001"]; n != 1 {
		t.Errorf("the replayed message reached the handler %d times, want 1", n)
	}
	if n := handled["ia:1900000000000000001"]; n != 1 {
		t.Errorf("the button press reached the handler %d times, want 1", n)
	}
	// The replay found the thread started (Discord: 160004) and went to the
	// same conversation, where the engine knew it.
	if n := len(f.Messages(channelID)); n != 0 {
		t.Errorf("%d answers in the channel, want them in the thread", n)
	}
	answers := f.Messages(thread)
	if len(answers) != 1 {
		t.Fatalf("%d answers in the thread, want 1", len(answers))
	}
	if ref := answers[0].Reference; ref != nil {
		t.Errorf("the answer replies to the message that heads its thread: %s", answers[0].Request.Body)
	}
	if th := f.Threads(); len(th) != 1 || th[0].ID != thread || th[0].Parent != channelID || th[0].Type != discordtest.ChannelPublicThread {
		t.Errorf("threads = %+v, want one public thread from the message", th)
	}
	if n := len(f.Requests("POST", "/threads")); n != 2 {
		t.Errorf("%d thread starts, want 2 (the message and its replay)", n)
	}
}

func pressToken(t *testing.T, press discordtest.Frame) string {
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
	f := newFakeDiscord(t, discordtest.Options{DisallowedIntents: int(discordgo.IntentsMessageContent)})
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
	if hs := f.Handshakes(); len(hs) != 1 || hs[0].Refused != "4014 Disallowed intent(s)." {
		t.Errorf("handshakes = %+v, want one identify refused with 4014", hs)
	}
}
