package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mspbot/mspbot/bot"
)

func TestParseCommand(t *testing.T) {
	for _, tc := range []struct {
		line, lang string
		want       command
	}{
		{"status", "de", command{cmdStatus, "de", "Wie ist der Status?"}},
		{"status", "en", command{cmdStatus, "en", "What is the status?"}},
		{"Status CB-26-0001", "de", command{cmdStatus, "de", "Wie ist der Status von CB-26-0001?"}},
		{"rückruf", "en", command{cmdCallback, "de", "Ich bitte um einen Rückruf."}},
		{"Rückruf Drucker im Büro druckt nicht", "de", command{cmdCallback, "de", "Ich bitte um einen Rückruf: Drucker im Büro druckt nicht"}},
		{"callback VPN is down", "de", command{cmdCallback, "en", "Please call me back: VPN is down"}},
		{"termin", "de", command{cmdAppointment, "de", "Ich möchte einen Herstellertermin buchen."}},
		{"appointment DATEV on SRV-01", "de", command{cmdAppointment, "en", "I would like to book a vendor appointment: DATEV on SRV-01"}},
		{"protokoll", "en", command{cmdProtocol, "de", "Protokoll anlegen"}},
		{"protocol Title: ERP planning", "de", command{cmdProtocol, "en", "Start a meeting protocol\nTitle: ERP planning"}},
		{"hilfe", "en", command{cmdHelp, "de", "Hilfe"}},
		{"help me please", "de", command{cmdHelp, "en", "What can you do?"}},
		{"", "de", command{cmdHelp, "de", "Hilfe"}},
		{"   ", "en", command{cmdHelp, "en", "What can you do?"}},
		{"Ist die Festplatte abgedeckt?", "de", command{cmdHelp, "de", "Hilfe"}},
	} {
		if got := parseCommand(tc.line, tc.lang); got != tc.want {
			t.Errorf("parseCommand(%q, %s) = %+v, want %+v", tc.line, tc.lang, got, tc.want)
		}
	}
}

// slashForm is a slash command as Slack POSTs it with the Events API: the
// recorded form of testdata/slash_status.form with text, channel and
// response_url replaced.
func slashForm(t *testing.T, f *fakeSlack, channel, text, trigger string) []byte {
	t.Helper()
	form, err := url.ParseQuery(strings.TrimSpace(string(readTestdata(t, "slash_status.form"))))
	if err != nil {
		t.Fatal(err)
	}
	form.Set("channel_id", channel)
	form.Set("text", text)
	form.Set("trigger_id", trigger)
	form.Set("response_url", f.HookURL(trigger))
	return []byte(form.Encode())
}

// slashRequest signs a form body as Slack does.
func slashRequest(t *testing.T, target string, body []byte, secret string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if secret != "" {
		now := time.Now().Unix()
		req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(now, 10))
		req.Header.Set("X-Slack-Signature", sign(secret, now, body))
	}
	return req
}

func mustJSON(v any) []byte { b, _ := json.Marshal(v); return b }

// TestSlashCommandsEventsAPI: /mspbot over the Events API is verified like
// every request, acknowledged at once with an empty 200 (which Slack shows
// as nothing), and worked on afterwards: status and help reach the engine as
// the matching question and are answered only to the user through the
// command's response_url; rückruf moves to the user's DM with the bot (and
// says so where it was typed); protokoll opens a thread in the channel that
// the bot then follows; in a channel the bot is not a member of the user is
// told to invite it. Slack's slash command payload, its 3-second
// acknowledgement and the response_url (30 minutes, 5 uses, ephemeral or
// in_channel) are described at
// https://docs.slack.dev/interactivity/implementing-slash-commands.
func TestSlashCommandsEventsAPI(t *testing.T) {
	f := newFakeSlack(t)
	var logs syncBuf
	a := newAdapter(t, f, func(o *Options) {
		o.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	var mu sync.Mutex
	var seen []bot.Event
	e := newEngine(t, a, bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		mu.Lock()
		seen = append(seen, req.Event)
		mu.Unlock()
		return echo(ctx, rw, req)
	}))
	srv := httptest.NewServer(a.EventsHandler(e))
	defer srv.Close()
	last := func() bot.Event {
		mu.Lock()
		defer mu.Unlock()
		if len(seen) == 0 {
			t.Fatal("the engine got nothing")
		}
		return seen[len(seen)-1]
	}
	send := func(body []byte) {
		t.Helper()
		status, resp := do(t, slashRequest(t, srv.URL, body, testSecret))
		if status != 200 || resp != "" {
			t.Fatalf("status %d body %q, want an empty 200", status, resp)
		}
		a.Wait()
	}

	t.Run("unsigned", func(t *testing.T) {
		status, _ := do(t, slashRequest(t, srv.URL, slashForm(t, f, "C0SUPPORT", "status", "1.1.forged"), ""))
		if status != http.StatusUnauthorized {
			t.Fatalf("status %d, want 401", status)
		}
		a.Wait()
		if len(seen) != 0 {
			t.Fatal("an unsigned slash command reached the engine")
		}
	})

	t.Run("status, only to the user", func(t *testing.T) {
		send(slashForm(t, f, "C0SUPPORT", "status", "2.2.status"))
		ev := last()
		if ev.Text != "Wie ist der Status?" || ev.Ref.Channel != "C0SUPPORT" || ev.Ref.User != "U0CLIENT" || ev.ID != "sc:2.2.status" {
			t.Fatalf("the engine got %+v", ev)
		}
		hooks := f.Hooks()
		if len(hooks) != 1 || hooks[0].Path != "/response/2.2.status" || hooks[0].Msg.ResponseType != "ephemeral" ||
			hooks[0].Msg.Text != "echo: Wie ist der Status?" {
			t.Fatalf("response_url posts %+v, want one ephemeral answer", hooks)
		}
		if n := len(f.Posts()); n != 0 {
			t.Fatalf("%d messages everyone sees", n)
		}
	})

	t.Run("help in English", func(t *testing.T) {
		send(slashForm(t, f, "C0SUPPORT", "help", "3.3.help"))
		if ev := last(); ev.Text != "What can you do?" {
			t.Fatalf("the engine got %q", ev.Text)
		}
	})

	t.Run("rückruf moves to the DM", func(t *testing.T) {
		send(slashForm(t, f, "C0SUPPORT", "rückruf Drucker druckt nicht", "4.4.cb"))
		ev := last()
		if ev.Text != "Ich bitte um einen Rückruf: Drucker druckt nicht" || ev.Ref.Channel != "D0CLIENT" || ev.Ref.Thread != "" {
			t.Fatalf("the engine got %+v, want the callback in the DM D0CLIENT", ev)
		}
		posts := f.Posts()
		if len(posts) != 1 || posts[0].Get("channel") != "D0CLIENT" {
			t.Fatalf("posts %v, want the answer in the DM", posts)
		}
		hooks := f.Hooks()
		note := hooks[len(hooks)-1]
		if note.Path != "/response/4.4.cb" || note.Msg.ResponseType != "ephemeral" ||
			!strings.Contains(note.Msg.Text, "Direktchat") || !strings.Contains(note.Msg.Text, "slack://app?team=T0TEAM&id=A0APP&tab=messages") {
			t.Fatalf("the note where it was typed: %+v", note)
		}
	})

	t.Run("protokoll opens a followed thread", func(t *testing.T) {
		before := len(f.Posts())
		send(slashForm(t, f, "C0SUPPORT", "protokoll", "5.5.pr"))
		posts := f.Posts()[before:]
		if len(posts) != 2 || posts[0].Get("channel") != "C0SUPPORT" || posts[0].Has("thread_ts") ||
			!strings.Contains(posts[0].Get("text"), "<@U0CLIENT>") {
			t.Fatalf("posts %v: want the first message in the channel, then the answer in its thread", posts)
		}
		anchor := posts[1].Get("thread_ts")
		if !strings.HasPrefix(anchor, "1712350000.") || posts[1].Get("text") != "echo: Protokoll anlegen" {
			t.Fatalf("answer %v, want it in the thread of the first message", posts[1])
		}
		ev := last()
		if ev.Ref.Channel != "C0SUPPORT" || ev.Ref.Thread != anchor {
			t.Fatalf("the engine got %+v", ev.Ref)
		}
		// A participant's line in the thread reaches the bot without a mention.
		status, body := do(t, slackRequest(t, srv.URL, channelEvent(t, "Ev0PRLINE", "message", "channel", "C0SUPPORT", "U0VENDOR",
			"Titel: Planung ERP-Update", "1712350100.000001", anchor), false, testSecret, time.Now()))
		if status != 200 {
			t.Fatalf("status %d %s", status, body)
		}
		a.Wait()
		if ev := last(); ev.Ref.User != "U0VENDOR" || ev.Text != "Titel: Planung ERP-Update" || ev.Ref.Thread != anchor {
			t.Fatalf("the protocol line reached the engine as %+v", ev)
		}
	})

	t.Run("not a member", func(t *testing.T) {
		// chat.postMessage answers not_in_channel when the bot is not a
		// member (https://docs.slack.dev/reference/methods/chat.postMessage#errors).
		f.failWith("chat.postMessage", failure{Err: "not_in_channel"})
		n := len(seen)
		send(slashForm(t, f, "C0ELSEWHERE", "protocol", "6.6.pr"))
		if len(seen) != n {
			t.Fatal("the engine ran although the protocol's thread could not be opened")
		}
		hooks := f.Hooks()
		if note := hooks[len(hooks)-1]; note.Path != "/response/6.6.pr" || !strings.Contains(note.Msg.Text, "/invite @mspbot") ||
			note.Msg.ResponseType != "ephemeral" {
			t.Fatalf("the user was told %+v", note)
		}
		if !strings.Contains(logs.String(), "not a member of the channel") || !strings.Contains(logs.String(), "channel=C0ELSEWHERE") {
			t.Errorf("no clear log line:\n%s", logs.String())
		}
	})

	t.Run("response_url of someone else", func(t *testing.T) {
		form, _ := url.ParseQuery(string(slashForm(t, f, "C0SUPPORT", "status", "7.7.evil")))
		form.Set("response_url", "https://attacker.example/collect")
		n := len(seen)
		send([]byte(form.Encode()))
		if len(seen) != n {
			t.Fatal("a command with a foreign response_url was run")
		}
	})
}

// TestSlashCommandSocketMode: over Socket Mode a slash command arrives in a
// slash_commands envelope, is acknowledged and answered like over HTTP; a
// reply in a thread the bot is in arrives in an events_api envelope and is
// answered there, as over HTTP.
func TestSlashCommandSocketMode(t *testing.T) {
	f := newFakeSlack(t)
	payload, _ := json.Marshal(map[string]any{
		"token": "x", "team_id": testTeam, "team_domain": "acme-it", "channel_id": "C0SUPPORT", "channel_name": "support",
		"user_id": "U0CLIENT", "user_name": "max.muster", "command": "/mspbot", "text": "status",
		"api_app_id": "A0APP", "is_enterprise_install": "false", "response_url": f.HookURL("sock-1"), "trigger_id": "8.8.sock",
	})
	sock := newFakeSocket(t, socketEnvelope(t, "slash_commands", "env-slash-1", payload, 0),
		socketEnvelope(t, "events_api", "env-thread-1", readTestdata(t, "message_thread_reply.json"), 0))
	f.mu.Lock()
	f.wsURL = sock.URL()
	f.mu.Unlock()
	a := newAdapter(t, f, func(o *Options) { o.SigningSecret = ""; o.Lang = "en" })
	a.markThread(context.Background(), "C0SUPPORT", "1712345900.000600")
	e := newEngine(t, a, echo)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.RunSocketMode(ctx, e) }()
	acked := map[string]bool{}
	for len(acked) < 2 {
		select {
		case id := <-sock.acks:
			acked[id] = true
		case <-time.After(10 * time.Second):
			t.Fatalf("acknowledged %v, want the slash command and the thread reply", acked)
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for (len(f.Hooks()) == 0 || len(f.Posts()) == 0) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	a.Wait()
	hooks := f.Hooks()
	if len(hooks) != 1 || hooks[0].Msg.Text != "echo: What is the status?" || hooks[0].Msg.ResponseType != "ephemeral" {
		t.Fatalf("response_url posts %+v", hooks)
	}
	if posts := f.Posts(); len(posts) != 1 || posts[0].Get("text") != "echo: Anna Schmidt" || posts[0].Get("thread_ts") != "1712345900.000600" {
		t.Fatalf("posts %v, want the thread reply answered in its thread", posts)
	}
}

// TestEphemeralButtonAnsweredEphemerally: a button in a message only one
// user sees (container.is_ephemeral) is answered through the payload's
// response_url, never in the channel.
func TestEphemeralButtonAnsweredEphemerally(t *testing.T) {
	f := newFakeSlack(t)
	a := newAdapter(t, f, nil)
	e := newEngine(t, a, bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		_, err := rw.Reply(ctx, bot.Reply{Text: "erledigt"})
		return err
	}))
	srv := httptest.NewServer(a.EventsHandler(e))
	defer srv.Close()
	var cb map[string]any
	if err := json.Unmarshal(readTestdata(t, "block_actions.json"), &cb); err != nil {
		t.Fatal(err)
	}
	cb["container"].(map[string]any)["is_ephemeral"] = true
	cb["response_url"] = f.HookURL("button-1")
	status, body := do(t, slackRequest(t, srv.URL, mustJSON(cb), true, testSecret, time.Now()))
	if status != 200 {
		t.Fatalf("status %d %s", status, body)
	}
	a.Wait()
	if hooks := f.Hooks(); len(hooks) != 1 || hooks[0].Msg.Text != "erledigt" || hooks[0].Msg.ResponseType != "ephemeral" {
		t.Fatalf("response_url posts %+v", hooks)
	}
	if n := len(f.Posts()); n != 0 {
		t.Fatalf("%d messages in the channel", n)
	}
}

// syncBuf is a log sink safe for concurrent writers.
type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var _ io.Writer = (*syncBuf)(nil)
