package slack

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack/slacktest"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/redisstore"
)

// The workspace the fake Slack serves.
const (
	testSecret  = "8f742231b10e8888abcd99yyyzzz85a5"
	testTeam    = "T0TEAM"
	testBotUser = "U0BOT"
	testBotID   = "B0BOT"
)

// fakeSlack is a slacktest server with handlers of its own for the Web API
// methods the adapter calls; it records what it was sent.
type fakeSlack struct {
	srv *slacktest.Server

	mu         sync.Mutex
	posts      []url.Values
	postErr    string
	nextTS     int
	members    []string
	groupErr   string
	groupCalls int
	wsURL      string
	openErr    string
	openCalls  int

	// calls counts the requests per Web API method, failed ones included.
	calls map[string]int
	// fail holds the failures the next calls of a method answer with, in
	// order (see failure).
	fail map[string][]failure
	// ephemerals are the chat.postEphemeral requests; hooks the JSON posts
	// to response_urls (/response/...), with their path.
	ephemerals []url.Values
	hooks      []hookPost
	// dms maps a user to their DM with the bot (conversations.open).
	dms map[string]string
}

// failure is how the fake Slack refuses one call, as the real one does:
// HTTP 429 with Retry-After (seconds) and {"ok":false,"error":"ratelimited"}
// when Status is 429, else HTTP 200 with {"ok":false,"error":Err}
// ("not_in_channel", chat.postMessage's "rate_limited", ...)
// (https://docs.slack.dev/apis/web-api/rate-limits,
// https://docs.slack.dev/reference/methods/chat.postMessage#errors).
type failure struct {
	Status     int
	RetryAfter string
	Err        string
}

// hookPost is one message posted to a response_url.
type hookPost struct {
	Path string
	Msg  struct {
		ResponseType    string          `json:"response_type"`
		Text            string          `json:"text"`
		Blocks          json.RawMessage `json:"blocks"`
		ReplaceOriginal bool            `json:"replace_original"`
	}
}

// failWith queues failures for the next calls of method.
func (f *fakeSlack) failWith(method string, fs ...failure) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail == nil {
		f.fail = map[string][]failure{}
	}
	f.fail[method] = append(f.fail[method], fs...)
}

// refuse counts a call of method and answers it with the next queued
// failure, if any; it reports whether it did. Callers hold f.mu.
func (f *fakeSlack) refuse(w http.ResponseWriter, method string) bool {
	if f.calls == nil {
		f.calls = map[string]int{}
	}
	f.calls[method]++
	q := f.fail[method]
	if len(q) == 0 {
		return false
	}
	fl := q[0]
	f.fail[method] = q[1:]
	if fl.Status == http.StatusTooManyRequests {
		if fl.RetryAfter != "" {
			w.Header().Set("Retry-After", fl.RetryAfter)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write([]byte(`{"ok":false,"error":"ratelimited"}`))
		return true
	}
	writeAPI(w, map[string]any{"ok": false, "error": fl.Err})
	return true
}

// Calls returns how often method was called.
func (f *fakeSlack) Calls(method string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[method]
}

func (f *fakeSlack) Ephemerals() []url.Values {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]url.Values(nil), f.ephemerals...)
}

func (f *fakeSlack) Hooks() []hookPost {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]hookPost(nil), f.hooks...)
}

// HookURL is a response_url of this fake Slack.
func (f *fakeSlack) HookURL(id string) string {
	return strings.TrimSuffix(f.srv.GetAPIURL(), "/") + "/response/" + id
}

func (f *fakeSlack) postEphemeral(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.refuse(w, "chat.postEphemeral") {
		return
	}
	f.ephemerals = append(f.ephemerals, r.PostForm)
	writeAPI(w, map[string]any{"ok": true, "message_ts": fmt.Sprintf("1712359999.%06d", len(f.ephemerals))})
}

func (f *fakeSlack) conversationsOpen(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.refuse(w, "conversations.open") {
		return
	}
	user := r.PostForm.Get("users")
	dm := f.dms[user]
	if dm == "" {
		dm = "D" + strings.TrimPrefix(user, "U")
	}
	writeAPI(w, map[string]any{"ok": true, "channel": map[string]any{"id": dm}})
}

// response takes a post to a response_url: Slack answers a plain "ok".
func (f *fakeSlack) response(w http.ResponseWriter, r *http.Request) {
	var p hookPost
	p.Path = r.URL.Path
	if err := json.NewDecoder(r.Body).Decode(&p.Msg); err != nil {
		http.Error(w, "invalid_payload", http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.refuse(w, "response_url") {
		return
	}
	f.hooks = append(f.hooks, p)
	_, _ = w.Write([]byte("ok"))
}

func newFakeSlack(t *testing.T) *fakeSlack {
	t.Helper()
	f := &fakeSlack{nextTS: 1}
	f.srv = slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/auth.test", f.authTest)
		c.Handle("/chat.postMessage", f.postMessage)
		c.Handle("/usergroups.users.list", f.userGroupUsers)
		c.Handle("/apps.connections.open", f.appsConnectionsOpen)
		c.Handle("/chat.postEphemeral", f.postEphemeral)
		c.Handle("/conversations.open", f.conversationsOpen)
		c.Handle("/response/", f.response)
	})
	f.srv.Start()
	t.Cleanup(f.srv.Stop)
	return f
}

func writeAPI(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func (f *fakeSlack) authTest(w http.ResponseWriter, r *http.Request) {
	writeAPI(w, map[string]any{"ok": true, "url": "https://acme-it.slack.com/", "team": "ACME IT",
		"user": "mspbot", "team_id": testTeam, "user_id": testBotUser, "bot_id": testBotID, "is_enterprise_install": false})
}

func (f *fakeSlack) postMessage(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.refuse(w, "chat.postMessage") {
		return
	}
	if f.postErr != "" {
		writeAPI(w, map[string]any{"ok": false, "error": f.postErr})
		return
	}
	f.posts = append(f.posts, r.PostForm)
	ts := fmt.Sprintf("1712350000.%06d", f.nextTS)
	f.nextTS++
	writeAPI(w, map[string]any{"ok": true, "channel": r.PostForm.Get("channel"), "ts": ts,
		"message": map[string]any{"type": "message", "text": r.PostForm.Get("text"), "ts": ts, "bot_id": testBotID, "user": testBotUser}})
}

func (f *fakeSlack) userGroupUsers(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.groupCalls++
	if f.groupErr != "" {
		writeAPI(w, map[string]any{"ok": false, "error": f.groupErr})
		return
	}
	if r.PostForm.Get("usergroup") != "S0STAFF" {
		writeAPI(w, map[string]any{"ok": false, "error": "no_such_subteam"})
		return
	}
	writeAPI(w, map[string]any{"ok": true, "users": f.members})
}

func (f *fakeSlack) appsConnectionsOpen(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.openCalls++
	if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer xapp-") {
		writeAPI(w, map[string]any{"ok": false, "error": "not_authed"})
		return
	}
	if f.openErr != "" {
		writeAPI(w, map[string]any{"ok": false, "error": f.openErr})
		return
	}
	writeAPI(w, map[string]any{"ok": true, "url": f.wsURL})
}

// Posts returns the chat.postMessage requests received so far.
func (f *fakeSlack) Posts() []url.Values {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]url.Values(nil), f.posts...)
}

func (f *fakeSlack) GroupCalls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.groupCalls
}

// newAdapter returns a started adapter talking to f.
func newAdapter(t *testing.T, f *fakeSlack, mod func(*Options)) *Adapter {
	t.Helper()
	opts := Options{
		BotToken:      "xoxb-test-token",
		AppToken:      "xapp-1-test-token",
		SigningSecret: testSecret,
		APIURL:        f.srv.GetAPIURL(),
		Logger:        testLogger(t),
	}
	if mod != nil {
		mod(&opts)
	}
	a, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := a.Start(ctx); err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(a.Wait)
	return a
}

func testLogger(t *testing.T) *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// newEngine returns a real engine on the embedded Redis-protocol store,
// with a sends through.
func newEngine(t *testing.T, a *Adapter, h bot.Handler) *bot.Engine {
	t.Helper()
	conn, err := redisstore.Open("", "")
	if err != nil {
		t.Fatalf("embedded store: %v", err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	e := bot.NewEngine(redisstore.NewSessions(conn.Client, redisstore.SessionOptions{}), h, bot.EngineOptions{Logger: testLogger(t)})
	e.Register(Platform, a)
	e.SetStaff(Platform, a.Staff())
	return e
}

// recorder is an Engine that records the events it is given.
type recorder struct {
	mu  sync.Mutex
	evs []bot.Event
	got chan bot.Event
}

func newRecorder() *recorder { return &recorder{got: make(chan bot.Event, 64)} }

func (r *recorder) Handle(_ context.Context, ev bot.Event) (bot.Outcome, error) {
	r.mu.Lock()
	r.evs = append(r.evs, ev)
	r.mu.Unlock()
	r.got <- ev
	return bot.Outcome{}, nil
}

func (r *recorder) Events() []bot.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]bot.Event(nil), r.evs...)
}

// next waits for the next recorded event.
func (r *recorder) next(t *testing.T) bot.Event {
	t.Helper()
	select {
	case ev := <-r.got:
		return ev
	case <-time.After(5 * time.Second):
		t.Fatal("the engine was not called")
		return bot.Event{}
	}
}

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sign returns Slack's v0 signature of body at ts.
func sign(secret string, ts int64, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%d:", ts)
	mac.Write(body)
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}

// slackRequest builds a request as Slack sends it: JSON events, or the form
// field payload for interactivity; signed with secret at ts unless secret
// is empty.
func slackRequest(t *testing.T, target string, body []byte, form bool, secret string, ts time.Time) *http.Request {
	t.Helper()
	if form {
		body = []byte(url.Values{"payload": {string(body)}}.Encode())
	}
	req, err := http.NewRequest(http.MethodPost, target, strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	if form {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)")
	if secret != "" {
		req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts.Unix(), 10))
		req.Header.Set("X-Slack-Signature", sign(secret, ts.Unix(), body))
	}
	return req
}

func isForm(name string) bool { return strings.HasPrefix(name, "block_actions") }

// do sends req and returns the status and body.
func do(t *testing.T, req *http.Request) (int, string) {
	t.Helper()
	c := &http.Client{Timeout: 5 * time.Second}
	res, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s: %v", req.URL, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}
