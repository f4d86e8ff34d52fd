package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/mspbot/mspbot/bot"
)

// checkEngine is an Engine that checks every event it is given is one the
// real engine accepts, from Slack, never the bot's own.
type checkEngine struct {
	mu   sync.Mutex
	bad  []string
	seen int
}

func (c *checkEngine) Handle(_ context.Context, ev bot.Event) (bot.Outcome, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seen++
	if msg := badEvent(ev); msg != "" {
		c.bad = append(c.bad, msg)
	}
	return bot.Outcome{}, nil
}

func (c *checkEngine) problems() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.bad...)
}

// badEvent says what is wrong with ev for the engine, or "".
func badEvent(ev bot.Event) string {
	switch {
	case !ev.Kind.Valid():
		return fmt.Sprintf("invalid kind %q in %+v", ev.Kind, ev)
	case ev.Ref.Platform != Platform || ev.Ref.Channel == "" || ev.Ref.User == "":
		return fmt.Sprintf("incomplete reference %+v", ev.Ref)
	case ev.Ref.User == testBotUser:
		return fmt.Sprintf("the bot's own event reached the engine: %+v", ev)
	case ev.Kind == bot.KindButton && ev.Action == "":
		return fmt.Sprintf("button without an action: %+v", ev)
	case (ev.Kind == bot.KindReactionAdded || ev.Kind == bot.KindReactionRemoved) && (ev.Emoji == "" || ev.Target.Message == ""):
		return fmt.Sprintf("reaction without emoji or target: %+v", ev)
	}
	for _, s := range []string{ev.Text, ev.Emoji, ev.Action, ev.Value, ev.UserName} {
		if !utf8.ValidString(s) {
			return fmt.Sprintf("invalid UTF-8 %q in %+v", s, ev)
		}
	}
	return ""
}

// fuzzAdapter is an adapter that knows itself as the recorded payloads'
// bot (as after Start), without calling Slack. It keeps the wall clock:
// slack-go's signature check reads it too.
func fuzzAdapter(tb testing.TB) *Adapter {
	tb.Helper()
	// Nothing listens at the API URL: a welcome or a slash command's
	// answer fails at once instead of reaching the real Slack.
	a, err := New(Options{BotToken: "xoxb-fuzz", SigningSecret: testSecret, APIURL: "http://127.0.0.1:1/",
		Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		tb.Fatal(err)
	}
	a.self = identity{user: testBotUser, bot: testBotID, team: testTeam}
	return a
}

func addTestdata(f *testing.F, add func(name string, raw []byte)) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, name := range files {
		raw, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		add(filepath.Base(name), raw)
	}
}

// FuzzEventsRequest sends any body, correctly signed, to the Events API
// handler, as JSON or as an interactivity form: no panic, a status below
// 500 (or 503 when busy), a JSON answer for errors, and only events the
// engine accepts.
func FuzzEventsRequest(f *testing.F) {
	addTestdata(f, func(name string, raw []byte) { f.Add(raw, isForm(name)) })
	f.Add([]byte(`{"type":"event_callback","event":null}`), false)
	f.Add([]byte(`{"type":"event_callback","event":{"type":"message","channel_type":"im","user":"U1","channel":"D1","ts":"1.2","text":"\u0000"}}`), false)
	f.Add([]byte(`{"type":"block_actions","user":{"id":"U1"},"channel":{"id":"C1"},"actions":[null,{"action_id":"x"}]}`), true)
	f.Add(bytes.Repeat([]byte("["), 10000), false)

	a := fuzzAdapter(f)
	eng := &checkEngine{}
	h := a.EventsHandler(eng)
	f.Fuzz(func(t *testing.T, body []byte, form bool) {
		now := time.Now()
		if form {
			body = []byte(url.Values{"payload": {string(body)}}.Encode())
		}
		req := httptest.NewRequest(http.MethodPost, "/slack/events", bytes.NewReader(body))
		if form {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		} else {
			req.Header.Set("Content-Type", "application/json")
		}
		req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(now.Unix(), 10))
		req.Header.Set("X-Slack-Signature", sign(testSecret, now.Unix(), body))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		a.Wait()
		if rec.Code == http.StatusUnauthorized {
			t.Fatalf("a correctly signed request was refused: %s", rec.Body.String())
		}
		if rec.Code >= 500 && rec.Code != http.StatusServiceUnavailable {
			t.Fatalf("status %d for %q", rec.Code, body)
		}
		if rec.Code >= 400 {
			var e map[string]string
			if json.Unmarshal(rec.Body.Bytes(), &e) != nil || e["error"] == "" {
				t.Fatalf("status %d without a JSON error: %q", rec.Code, rec.Body.String())
			}
		}
		if p := eng.problems(); len(p) > 0 {
			t.Fatal(p[0])
		}
	})
}

// FuzzSocketModeEnvelope decodes any Socket Mode envelope the way slack-go's
// socketmode client does and translates it the way RunSocketMode does: no
// panic, and only events the engine accepts.
func FuzzSocketModeEnvelope(f *testing.F) {
	addTestdata(f, func(name string, raw []byte) {
		typ := socketmode.RequestTypeEventsAPI
		if isForm(name) {
			typ = socketmode.RequestTypeInteractive
		}
		env, _ := json.Marshal(map[string]any{"envelope_id": "e-1", "type": typ, "payload": json.RawMessage(raw), "accepts_response_payload": false})
		f.Add(env)
	})
	f.Add([]byte(`{"envelope_id":"e","type":"events_api","payload":{"type":"event_callback","event":{"type":"reaction_added","user":"U1","reaction":"::","item":{"type":"message","channel":"C1","ts":"1"}}}}`))
	f.Add([]byte(`{"type":"interactive","payload":{"type":"block_actions"}}`))
	a := fuzzAdapter(f)
	f.Fuzz(func(t *testing.T, raw []byte) {
		var req socketmode.Request
		if json.Unmarshal(raw, &req) != nil {
			return
		}
		var evs []bot.Event
		switch req.Type {
		case socketmode.RequestTypeEventsAPI:
			api, err := slackevents.ParseEvent(req.Payload, slackevents.OptionNoVerifyToken())
			if err != nil {
				return
			}
			if ev, ok := a.fromEventsAPI(api); ok {
				evs = append(evs, ev)
			}
		case socketmode.RequestTypeInteractive:
			var cb slackapi.InteractionCallback
			if json.Unmarshal(req.Payload, &cb) != nil {
				return
			}
			evs = a.fromInteraction(&cb)
		default:
			return
		}
		for _, ev := range evs {
			if msg := badEvent(ev); msg != "" {
				t.Fatal(msg)
			}
		}
	})
}

// FuzzInteractionPayload feeds any block_actions JSON to the translation of
// button presses.
func FuzzInteractionPayload(f *testing.F) {
	addTestdata(f, func(name string, raw []byte) {
		if isForm(name) {
			f.Add(raw)
		}
	})
	f.Add([]byte(`{"type":"block_actions","user":{"id":"U1"},"container":{"channel_id":"C1"},"actions":[{"action_id":"a","value":"\udfff"}]}`))
	a := fuzzAdapter(f)
	f.Fuzz(func(t *testing.T, raw []byte) {
		var cb slackapi.InteractionCallback
		if json.Unmarshal(raw, &cb) != nil {
			return
		}
		for _, ev := range a.fromInteraction(&cb) {
			if msg := badEvent(ev); msg != "" {
				t.Fatal(msg)
			}
		}
	})
}

// FuzzSlashCommand sends any slash command form, correctly signed, to the
// Events API handler: no panic, an empty 200 or a JSON error, and only
// events the engine accepts.
func FuzzSlashCommand(f *testing.F) {
	f.Add("C0SUPPORT", "U0CLIENT", "status", "http://127.0.0.1:1/response/x", "1.2.3")
	f.Add("D0DM", "U0CLIENT", "rückruf Drucker", "https://hooks.slack.com/commands/T0/1/x", "")
	f.Add("C0SUPPORT", "U0BOT", "protokoll\nTitel: x", "http://127.0.0.1:1/response/y", "4")
	f.Add("", "", "", "", "")
	f.Add("C\u0000", "U0CLIENT", "status \xff", "javascript:alert(1)", "5")
	a := fuzzAdapter(f)
	eng := &checkEngine{}
	h := a.EventsHandler(eng)
	f.Fuzz(func(t *testing.T, channel, user, text, responseURL, trigger string) {
		body := []byte(url.Values{"command": {"/mspbot"}, "team_id": {testTeam}, "channel_id": {channel}, "user_id": {user},
			"text": {text}, "response_url": {responseURL}, "trigger_id": {trigger}}.Encode())
		now := time.Now()
		req := httptest.NewRequest(http.MethodPost, "/slack/events", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(now.Unix(), 10))
		req.Header.Set("X-Slack-Signature", sign(testSecret, now.Unix(), body))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		a.Wait()
		if rec.Code != http.StatusOK {
			t.Fatalf("status %d for a signed slash command: %s", rec.Code, rec.Body.String())
		}
		if p := eng.problems(); len(p) > 0 {
			t.Fatal(p[0])
		}
	})
}
