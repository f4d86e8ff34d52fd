package main

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack/slacktest"

	"github.com/mspbot/mspbot/config"
)

// The Slack side of the thread dialogue test (kept apart from the
// cross-adapter table of adapters_test.go).
const threadSecret = "slack-thread-test-signing-secret"

// slackThreadAPI is a fake Slack Web API for the thread dialogue test: it
// records chat.postMessage and the posts to response_urls, and opens DMs.
type slackThreadAPI struct {
	srv   *slacktest.Server
	mu    sync.Mutex
	posts []url.Values
	hooks []map[string]any
}

func newSlackThreadAPI(t *testing.T) *slackThreadAPI {
	t.Helper()
	f := &slackThreadAPI{}
	f.srv = slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/auth.test", func(w http.ResponseWriter, r *http.Request) {
			_, _ = w.Write([]byte(`{"ok":true,"user_id":"U0BOT","bot_id":"B0BOT","team_id":"T0TEAM","team":"Acme","user":"mspbot"}`))
		})
		c.Handle("/chat.postMessage", func(w http.ResponseWriter, r *http.Request) {
			_ = r.ParseForm()
			f.mu.Lock()
			f.posts = append(f.posts, r.PostForm)
			n := len(f.posts)
			f.mu.Unlock()
			fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":"1700000500.%06d"}`, r.PostForm.Get("channel"), n)
		})
		c.Handle("/conversations.open", func(w http.ResponseWriter, r *http.Request) {
			_ = r.ParseForm()
			fmt.Fprintf(w, `{"ok":true,"channel":{"id":"D%s"}}`, strings.TrimPrefix(r.PostForm.Get("users"), "U"))
		})
		c.Handle("/response/", func(w http.ResponseWriter, r *http.Request) {
			var m map[string]any
			_ = json.NewDecoder(r.Body).Decode(&m)
			f.mu.Lock()
			f.hooks = append(f.hooks, m)
			f.mu.Unlock()
			_, _ = w.Write([]byte("ok"))
		})
	})
	f.srv.Start()
	t.Cleanup(f.srv.Stop)
	return f
}

// wait waits until cond holds for the recorded calls.
func (f *slackThreadAPI) wait(t *testing.T, what string, cond func(posts []url.Values, hooks []map[string]any) bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		f.mu.Lock()
		ok := cond(f.posts, f.hooks)
		f.mu.Unlock()
		if ok {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	t.Fatalf("Slack never got %s; posts %v, response_url posts %v", what, f.posts, f.hooks)
}

// signSlack POSTs body to the Events API endpoint, signed as Slack signs it.
func signSlack(t *testing.T, h http.Handler, body []byte, form bool) {
	t.Helper()
	stamp := strconv.FormatInt(time.Now().Unix(), 10)
	mac := hmac.New(sha256.New, []byte(threadSecret))
	mac.Write([]byte("v0:" + stamp + ":" + string(body)))
	req := httptest.NewRequest("POST", "/slack/events", bytes.NewReader(body))
	if form {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("X-Slack-Request-Timestamp", stamp)
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("POST /slack/events = %d %s", rec.Code, rec.Body.String())
	}
}

// slackChannelEvent is an Events API callback from the channel C0SUPPORT:
// an app_mention, or a message (message.channels) in thread.
func slackChannelEvent(id, typ, user, text, ts, thread string) []byte {
	ev := map[string]any{"type": typ, "user": user, "text": text, "ts": ts, "event_ts": ts, "channel": "C0SUPPORT", "team": "T0TEAM"}
	if typ == "message" {
		ev["channel_type"] = "channel"
	}
	if thread != "" {
		ev["thread_ts"], ev["parent_user_id"] = thread, "U0CLIENT"
	}
	b, _ := json.Marshal(map[string]any{"token": "x", "team_id": "T0TEAM", "api_app_id": "A0APP", "type": "event_callback",
		"event_id": id, "event_time": 1700000100, "event": ev})
	return b
}

// TestSlackThreadDialogueAndSlashStatus runs a whole callback dialogue in a
// Slack channel thread through the app as the binary wires it (real
// handlers, engine, embedded store): the client mentions the bot once and
// answers every question in the thread without mentioning it again; the
// ticket is filed and posted to the staff channel; a colleague's chatter in
// another thread is not answered; then "/mspbot status" shows the client the
// new ticket in a message only they see. Without following threads the
// second message would already go unanswered.
func TestSlackThreadDialogueAndSlashStatus(t *testing.T) {
	api := newSlackThreadAPI(t)
	env := map[string]string{
		"SLACK_BOT_TOKEN": "xoxb-thread-test", "SLACK_SIGNING_SECRET": threadSecret,
		"MSPBOT_SLACK_API_URL": api.srv.GetAPIURL(), "MSPBOT_SLACK_STAFF_CHANNEL": "C0STAFF", "MSPBOT_LOG_LEVEL": "error",
	}
	cfg, err := config.Load(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	var logs syncBuffer
	a, err := build(cfg, slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	defer func() { checkLogLines(t, logs.String()) }()
	if err := a.slack.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	h := a.web.Handler(a.engine)

	const root = "1700000100.000100"
	inThread := func(n int, want string) {
		t.Helper()
		api.wait(t, fmt.Sprintf("answer %d containing %q in the thread", n, want), func(posts []url.Values, _ []map[string]any) bool {
			var mine []url.Values
			for _, p := range posts {
				if p.Get("channel") == "C0SUPPORT" {
					mine = append(mine, p)
				}
			}
			return len(mine) >= n && mine[n-1].Get("thread_ts") == root && strings.Contains(slackText(mine[n-1]), want)
		})
	}

	signSlack(t, h, slackChannelEvent("Ev0TD1", "app_mention", "U0CLIENT", "<@U0BOT> Bitte um Rückruf wegen VPN", root, ""), false)
	inThread(1, "Wie ist Ihr Name?")
	dialogue := []struct{ text, want string }{
		{"Anna Schmidt", "Unter welcher Telefonnummer"},
		{"0171 2345678", "Wann passt es Ihnen?"},
		{"so bald wie möglich", "Soll ich das so aufnehmen?"},
		{"ja", "Ihr Rückrufwunsch ist aufgenommen, Referenz CB-"},
	}
	for i, step := range dialogue {
		ts := "1700000200.00000" + strconv.Itoa(i)
		signSlack(t, h, slackChannelEvent("Ev0TD"+strconv.Itoa(i+2), "message", "U0CLIENT", step.text, ts, root), false)
		inThread(i+2, step.want)
	}
	api.wait(t, "the ticket in the staff channel", func(posts []url.Values, _ []map[string]any) bool {
		for _, p := range posts {
			if p.Get("channel") == "C0STAFF" && strings.Contains(slackText(p), "CB-") && strings.Contains(slackText(p), "0171") {
				return true
			}
		}
		return false
	})

	// Chatter in a thread the bot is not in: no answer.
	signSlack(t, h, slackChannelEvent("Ev0TDX", "message", "U0COLLEAGUE", "Hat jemand das VPN-Profil?", "1700000300.000001", "1699999999.000001"), false)

	// /mspbot status: answered only to the client, through the response_url.
	form := url.Values{"token": {"x"}, "team_id": {"T0TEAM"}, "team_domain": {"acme"}, "channel_id": {"C0SUPPORT"},
		"channel_name": {"support"}, "user_id": {"U0CLIENT"}, "user_name": {"anna"}, "command": {"/mspbot"}, "text": {"status"},
		"api_app_id": {"A0APP"}, "response_url": {strings.TrimSuffix(api.srv.GetAPIURL(), "/") + "/response/status-1"},
		"trigger_id": {"1700000400.1.status"}}
	signSlack(t, h, []byte(form.Encode()), true)
	api.wait(t, "the ephemeral status", func(_ []url.Values, hooks []map[string]any) bool {
		return len(hooks) == 1 && hooks[0]["response_type"] == "ephemeral" &&
			strings.Contains(fmt.Sprint(hooks[0]["text"]), "CB-") && strings.Contains(fmt.Sprint(hooks[0]["text"]), "VPN")
	})
	a.slack.Wait()
	api.mu.Lock()
	defer api.mu.Unlock()
	for _, p := range api.posts {
		if p.Get("thread_ts") == "1699999999.000001" {
			t.Errorf("the bot answered in a thread it is not in: %v", p)
		}
		if p.Get("channel") == "C0SUPPORT" && p.Get("thread_ts") == "" {
			t.Errorf("a message everyone in the channel sees: %v", p)
		}
	}
	if n := len(api.posts); n != len(dialogue)+2 {
		t.Errorf("%d posts, want %d answers in the thread and one staff post", n, len(dialogue)+2)
	}
}
