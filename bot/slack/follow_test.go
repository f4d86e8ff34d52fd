package slack

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/redisstore"
)

// channelEvent is an Events API callback as Slack sends it for a message
// in a channel (message.channels, .groups, .mpim) or for a mention
// (app_mention, which carries no channel_type). thread may be empty.
func channelEvent(t *testing.T, id, typ, chType, channel, user, text, ts, thread string) []byte {
	t.Helper()
	ev := map[string]any{"type": typ, "user": user, "text": text, "ts": ts, "event_ts": ts,
		"channel": channel, "team": testTeam}
	if typ == "message" {
		ev["channel_type"] = chType
	}
	if thread != "" {
		ev["thread_ts"] = thread
		ev["parent_user_id"] = "U0CLIENT"
	}
	b, err := json.Marshal(map[string]any{
		"token": "x", "team_id": testTeam, "api_app_id": "A0APP", "type": "event_callback",
		"event_id": id, "event_time": 1712346000, "event": ev,
		"authorizations": []any{map[string]any{"team_id": testTeam, "user_id": testBotUser, "is_bot": true}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// echo is a handler that answers every message with its text.
var echo = bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
	if req.Event.Kind != bot.KindMessage {
		return bot.ErrSkip
	}
	_, err := rw.Reply(ctx, bot.Reply{Text: "echo: " + req.Event.Text})
	return err
})

// TestThreadFollowUps: after the bot has answered a mention in a thread,
// replies in that thread reach the engine without a new mention, in public
// and private channels and group DMs; replies in threads the bot has not
// posted in, channel chatter outside threads and other bots stay unheard; a
// reply that mentions the bot arrives twice (app_mention and message) and
// is handled once. Slack sends every message of the channels the bot is in
// with the message.channels/.groups/.mpim subscriptions, a thread reply
// with thread_ts (https://docs.slack.dev/reference/events/message.channels,
// https://docs.slack.dev/messaging#threading).
func TestThreadFollowUps(t *testing.T) {
	f := newFakeSlack(t)
	a := newAdapter(t, f, nil)
	e := newEngine(t, a, echo)
	srv := httptest.NewServer(a.EventsHandler(e))
	defer srv.Close()
	post := func(body []byte) {
		t.Helper()
		if status, resp := do(t, slackRequest(t, srv.URL, body, false, testSecret, time.Now())); status != 200 {
			t.Fatalf("status %d: %s", status, resp)
		}
		a.Wait()
	}
	const root = "1712345900.000600"

	// Before the bot has said anything in the thread, a reply there is not
	// for it.
	post(channelEvent(t, "Ev0EARLY", "message", "channel", "C0SUPPORT", "U0CLIENT", "Anna Schmidt", "1712345800.000100", root))
	if n := len(f.Posts()); n != 0 {
		t.Fatalf("%d posts for a reply in a thread the bot is not in", n)
	}

	// The mention: answered in a thread under it.
	post(channelEvent(t, "Ev0MENTION", "app_mention", "", "C0SUPPORT", "U0CLIENT", "<@U0BOT> bitte um Rückruf", root, ""))
	posts := f.Posts()
	if len(posts) != 1 || posts[0].Get("thread_ts") != root {
		t.Fatalf("posts %v: want the answer in the thread %s", posts, root)
	}

	// The client's answer in the thread, without a mention.
	post(channelEvent(t, "Ev0REPLY1", "message", "channel", "C0SUPPORT", "U0CLIENT", "Anna Schmidt", "1712346050.000750", root))
	posts = f.Posts()
	if len(posts) != 2 || posts[1].Get("text") != "echo: Anna Schmidt" || posts[1].Get("thread_ts") != root {
		t.Fatalf("after the reply in the thread: posts %v", posts)
	}

	// Silent: a reply in another thread, chatter outside a thread, another
	// bot in the thread, an edit.
	post(channelEvent(t, "Ev0OTHER", "message", "channel", "C0SUPPORT", "U0CLIENT", "und sonst?", "1712346060.000760", "1712340000.000001"))
	post(channelEvent(t, "Ev0ROOT", "message", "channel", "C0SUPPORT", "U0CLIENT", "Hat jemand das VPN-Profil?", "1712346070.000770", ""))
	botMsg := channelEvent(t, "Ev0OTHERBOT", "message", "channel", "C0SUPPORT", "U0OTHERBOT", "beep", "1712346080.000780", root)
	botMsg = []byte(strings.Replace(string(botMsg), `"type":"message"`, `"type":"message","bot_id":"B0OTHER"`, 1))
	post(botMsg)
	if n := len(f.Posts()); n != 2 {
		t.Fatalf("%d posts: the bot answered outside its thread or another bot", n)
	}

	// A reply that mentions the bot comes as app_mention and as message:
	// one answer, without the mention.
	post(channelEvent(t, "Ev0BOTH1", "app_mention", "", "C0SUPPORT", "U0CLIENT", "<@U0BOT> 0171 2345678", "1712346090.000790", root))
	post(channelEvent(t, "Ev0BOTH2", "message", "channel", "C0SUPPORT", "U0CLIENT", "<@U0BOT> 0171 2345678", "1712346090.000790", root))
	posts = f.Posts()
	if len(posts) != 3 || posts[2].Get("text") != "echo: 0171 2345678" {
		t.Fatalf("a reply with a mention: posts %v, want one answer", posts[2:])
	}

	// Private channels and group DMs alike.
	for i, c := range []struct{ chType, channel string }{{"group", "G0PRIVATE"}, {"mpim", "G0GROUPDM"}} {
		thread := "1712347000.00000" + string(rune('1'+i))
		post(channelEvent(t, "Ev0M"+c.chType, "app_mention", "", c.channel, "U0CLIENT", "<@U0BOT> hallo", thread, ""))
		post(channelEvent(t, "Ev0R"+c.chType, "message", c.chType, c.channel, "U0CLIENT", "weiter", "1712347100.00000"+string(rune('1'+i)), thread))
		last := f.Posts()[len(f.Posts())-1]
		if last.Get("channel") != c.channel || last.Get("text") != "echo: weiter" || last.Get("thread_ts") != thread {
			t.Errorf("%s: last post %v, want the follow-up answered in its thread", c.chType, last)
		}
	}
}

// TestThreadFollowedAcrossRestart: the threads the bot is in live in the
// shared Marks store (Redis in production), so another replica or the bot
// after a restart follows them too; a thread whose mark has expired is not
// followed any more.
func TestThreadFollowedAcrossRestart(t *testing.T) {
	conn, err := redisstore.Open("", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	marks := redisstore.NewMarks(conn.Client, redisstore.Keys{Prefix: "t" + bot.NewID(4)})
	f := newFakeSlack(t)
	first := newAdapter(t, f, func(o *Options) { o.Marks = marks; o.ThreadTTL = time.Second })
	if _, err := first.Send(context.Background(), bot.Ref{Platform: Platform, Workspace: testTeam, Channel: "C0SUPPORT", Thread: "1712345900.000600"},
		bot.Reply{Text: "Wie ist Ihr Name?"}); err != nil {
		t.Fatal(err)
	}

	second := newAdapter(t, f, func(o *Options) { o.Marks = marks })
	rec := newRecorder()
	srv := httptest.NewServer(second.EventsHandler(rec))
	defer srv.Close()
	raw := readTestdata(t, "message_thread_reply.json")
	if status, body := do(t, slackRequest(t, srv.URL, raw, false, testSecret, time.Now())); status != 200 {
		t.Fatalf("status %d: %s", status, body)
	}
	if ev := rec.next(t); ev.Text != "Anna Schmidt" || ev.Ref.Thread != "1712345900.000600" {
		t.Fatalf("the other adapter handed over %+v", ev)
	}

	time.Sleep(1300 * time.Millisecond) // past the first adapter's ThreadTTL
	again := []byte(strings.Replace(string(raw), "Ev0THREAD01", "Ev0THREAD02", 1))
	if status, body := do(t, slackRequest(t, srv.URL, again, false, testSecret, time.Now())); status != 200 {
		t.Fatalf("status %d: %s", status, body)
	}
	second.Wait()
	if n := len(rec.Events()); n != 1 {
		t.Fatalf("the engine got %d events; a thread whose mark expired must not be followed", n)
	}
}

// orderMarks is the in-memory Marks that notes how many posts Slack had
// received when each thread was marked.
type orderMarks struct {
	Marks
	f       *fakeSlack
	postsAt []int
}

func (m *orderMarks) Mark(ctx context.Context, key string, ttl time.Duration) error {
	m.postsAt = append(m.postsAt, len(m.f.Posts()))
	return m.Marks.Mark(ctx, key, ttl)
}

// TestThreadMarkedBeforeThePost: the thread is marked before the answer is
// posted. Slack shows the answer the moment chat.postMessage returns and a
// client may reply at once; a mark written after the post left a window in
// which that reply was dropped as "not a thread the bot is in" (seen in CI
// under load).
func TestThreadMarkedBeforeThePost(t *testing.T) {
	f := newFakeSlack(t)
	m := &orderMarks{Marks: newMemoryMarks(time.Now), f: f}
	a := newAdapter(t, f, func(o *Options) { o.Marks = m })
	if _, err := a.Send(context.Background(), bot.Ref{Platform: Platform, Workspace: testTeam, Channel: "C0SUPPORT", Thread: "1712345900.000600"},
		bot.Reply{Text: "Wie ist Ihr Name?"}); err != nil {
		t.Fatal(err)
	}
	if len(f.Posts()) != 1 || len(m.postsAt) != 1 || m.postsAt[0] != 0 {
		t.Fatalf("marks written when Slack had %v posts (of %d): want the mark before the post", m.postsAt, len(f.Posts()))
	}
}
