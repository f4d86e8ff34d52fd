package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/bot/web"
	"github.com/mspbot/mspbot/internal/redistest"
	"github.com/mspbot/mspbot/redisstore"
)

const token = "test-token-0123456789"

// echo answers every message with its text and staff flag, posts a copy to
// the staff conversation, and answers reactions and buttons with what it got.
// "forget me" deletes the conversation's transcript first, as the handlers
// do for a client's wish to be forgotten.
func echo(tr *redisstore.Transcripts) bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		ev := req.Event
		switch ev.Kind {
		case bot.KindMessage:
			if ev.Text == "forget me" {
				if err := tr.Delete(ctx, ev.Ref.Conversation()); err != nil {
					return err
				}
				_, err := rw.Reply(ctx, bot.Reply{Text: "forgotten"})
				return err
			}
			staff := "client"
			if ev.Staff {
				staff = "staff"
			}
			if _, err := rw.Reply(ctx, bot.Reply{Text: staff + ": " + ev.Text, Buttons: []bot.Button{{Action: "confirm", Label: "OK"}}}); err != nil {
				return err
			}
			_, err := rw.Post(ctx, bot.Ref{Platform: web.PlatformAPI, Channel: "staff"}, bot.Reply{Text: "new message in " + ev.Ref.Channel})
			return err
		case bot.KindReactionAdded, bot.KindReactionRemoved:
			_, err := rw.Reply(ctx, bot.Reply{Text: string(ev.Kind) + " " + ev.Emoji + " on " + ev.Target.Message})
			return err
		case bot.KindButton:
			_, err := rw.Reply(ctx, bot.Reply{Text: "button " + ev.Action + "=" + ev.Value + " on " + ev.Target.Message})
			return err
		}
		return nil
	})
}

type server struct {
	*httptest.Server
	readyErr error
}

func newServer(t *testing.T, opts web.Options) *server {
	t.Helper()
	return newServerWith(t, opts, bot.EngineOptions{})
}

func newServerWith(t *testing.T, opts web.Options, eopts bot.EngineOptions) *server {
	t.Helper()
	rdb := redistest.Open(t, redistest.DBWeb)
	keys := redisstore.Keys{Prefix: "w" + bot.NewID(4)}
	s := &server{}
	opts.Ready = func(context.Context) error { return s.readyErr }
	tr := redisstore.NewTranscripts(rdb, redisstore.TranscriptOptions{Keys: keys})
	a := web.New(tr, opts)
	// as cmd/mspbot builds it: the turn's replies written by its release
	e := bot.NewEngine(redisstore.NewSessions(rdb, redisstore.SessionOptions{Keys: keys, Transcripts: tr}), echo(tr), eopts)
	e.Register(web.PlatformAPI, a)
	e.Register(web.PlatformChat, a)
	e.SetStaff(web.PlatformAPI, web.Staff([]string{"alice"}))
	s.Server = httptest.NewServer(a.Handler(e))
	t.Cleanup(s.Close)
	return s
}

type response struct {
	Status  int    `json:"-"`
	Error   string `json:"error"`
	Replies []struct {
		ID      string       `json:"id"`
		Text    string       `json:"text"`
		Time    string       `json:"time"`
		Buttons []bot.Button `json:"buttons"`
	} `json:"replies"`
	Messages []struct {
		ID   string `json:"id"`
		Text string `json:"text"`
		Time string `json:"time"`
		From string `json:"from"`
	} `json:"messages"`
	// Message is the web chat's own message, as stored.
	Message struct {
		ID   string `json:"id"`
		Text string `json:"text"`
		From string `json:"from"`
	} `json:"message"`
	Duplicate bool `json:"duplicate"`
}

func (s *server) do(t *testing.T, method, path, body string, hdr map[string]string) response {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var out response
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s %s: answer is not JSON (%d): %q", method, path, res.StatusCode, raw)
	}
	out.Status = res.StatusCode
	return out
}

func TestAPIMessageAndHistory(t *testing.T) {
	s := newServer(t, web.Options{})
	r := s.do(t, "POST", "/api/messages", `{"conversation":"c-1","user":"u-1","text":"Hallo"}`, nil)
	if r.Status != 200 || len(r.Replies) != 1 || r.Replies[0].Text != "client: Hallo" || r.Replies[0].ID == "" || len(r.Replies[0].Buttons) != 1 {
		t.Fatalf("POST /api/messages = %+v", r)
	}
	r2 := s.do(t, "POST", "/api/messages", `{"conversation":"c-1","user":"alice","text":"ich bin staff"}`, nil)
	if r2.Replies[0].Text != "staff: ich bin staff" {
		t.Fatalf("configured staff user not staff: %+v", r2)
	}
	h := s.do(t, "GET", "/api/conversations/c-1/messages", "", nil)
	if h.Status != 200 || len(h.Messages) != 2 || h.Messages[0].ID != r.Replies[0].ID || h.Messages[1].Text != "staff: ich bin staff" || h.Messages[0].Time == "" {
		t.Fatalf("history = %+v", h)
	}
	staff := s.do(t, "GET", "/api/conversations/staff/messages", "", nil)
	if len(staff.Messages) != 2 || staff.Messages[0].Text != "new message in c-1" {
		t.Fatalf("proactive messages missing from the staff conversation: %+v", staff)
	}
	if empty := s.do(t, "GET", "/api/conversations/nobody/messages", "", nil); empty.Status != 200 || len(empty.Messages) != 0 {
		t.Fatalf("unknown conversation = %+v", empty)
	}
}

func TestAPIReactionsAndButtons(t *testing.T) {
	s := newServer(t, web.Options{})
	for _, emoji := range []string{"white_check_mark", "✅", ":white_check_mark:"} {
		r := s.do(t, "POST", "/api/reactions", `{"conversation":"staff","user":"alice","message_id":"m-1","emoji":"`+emoji+`"}`, nil)
		if r.Status != 200 || len(r.Replies) != 1 || r.Replies[0].Text != "reaction_added white_check_mark on m-1" {
			t.Fatalf("reaction %q = %+v", emoji, r)
		}
	}
	r := s.do(t, "POST", "/api/reactions", `{"conversation":"staff","user":"alice","message_id":"m-1","emoji":"eyes","removed":true}`, nil)
	if r.Replies[0].Text != "reaction_removed eyes on m-1" {
		t.Fatalf("removed reaction = %+v", r)
	}
	b := s.do(t, "POST", "/api/buttons", `{"conversation":"c-1","user":"u","message_id":"m-2","action":"confirm","value":"yes"}`, nil)
	if b.Status != 200 || b.Replies[0].Text != "button confirm=yes on m-2" {
		t.Fatalf("button = %+v", b)
	}
}

func TestAPIDuplicateEventID(t *testing.T) {
	s := newServer(t, web.Options{})
	body := `{"conversation":"c-1","user":"u-1","text":"once","event_id":"retry-1"}`
	first := s.do(t, "POST", "/api/messages", body, nil)
	second := s.do(t, "POST", "/api/messages", body, nil)
	if first.Duplicate || len(first.Replies) != 1 || !second.Duplicate || len(second.Replies) != 0 {
		t.Fatalf("first %+v, second %+v", first, second)
	}
	if h := s.do(t, "GET", "/api/conversations/c-1/messages", "", nil); len(h.Messages) != 1 {
		t.Fatalf("a retried event was answered twice: %+v", h.Messages)
	}
}

func TestAPIBadRequests(t *testing.T) {
	s := newServer(t, web.Options{MaxTextChars: 20})
	long := strings.Repeat("ä", 21)
	huge := `{"conversation":"c","user":"u","text":"` + strings.Repeat("a", web.MaxBody) + `"}`
	cases := []struct {
		path, body string
		status     int
		want       string
	}{
		{"/api/messages", `{"conversation":"c-1","user":"u-1"`, 400, "malformed JSON"},
		{"/api/messages", `not json`, 400, "malformed JSON"},
		{"/api/messages", `[]`, 400, "the body must be a JSON object, not a list"},
		{"/api/messages", `{"conversation":"c-1","user":"u-1"}`, 400, `missing field "text"`},
		{"/api/messages", `{"user":"u-1","text":"x"}`, 400, `missing field "conversation"`},
		{"/api/messages", `{"conversation":"c-1","text":"x"}`, 400, `missing field "user"`},
		{"/api/messages", `{"conversation":"c-1","user":"u-1","text":"   "}`, 400, "empty message"},
		{"/api/messages", `{"conversation":"c-1","user":"u-1","text":"` + long + `"}`, 400, "21 characters; the limit is 20"},
		{"/api/messages", `{"conversation":"c 1","user":"u-1","text":"x"}`, 400, "conversation:"},
		{"/api/messages", `{"conversation":"c-1","user":"u/1","text":"x"}`, 400, "user:"},
		{"/api/messages", `{"conversation":"c-1","user":"u-1","text":42}`, 400, `field "text"`},
		{"/api/messages", `{"conversation":"c-1","user":"u-1","text":"x","admin":true}`, 400, `unknown field "admin"`},
		{"/api/messages", `{"conversation":"c-1","user":"u-1","text":"x"} {"again":1}`, 400, "send one JSON object and nothing after it"},
		{"/api/messages", huge, 413, "over 65536 bytes"},
		{"/api/reactions", `{"conversation":"staff","user":"alice","emoji":"x"}`, 400, `missing field "message_id"`},
		{"/api/reactions", `{"conversation":"staff","user":"alice","message_id":"m-1"}`, 400, `missing field "emoji"`},
		{"/api/buttons", `{"conversation":"c","user":"u","message_id":"m-1"}`, 400, `missing field "action"`},
	}
	for _, tc := range cases {
		r := s.do(t, "POST", tc.path, tc.body, nil)
		if r.Status != tc.status || !strings.Contains(r.Error, tc.want) {
			t.Errorf("POST %s %.60q = %d %q, want %d containing %q", tc.path, tc.body, r.Status, r.Error, tc.status, tc.want)
		}
	}
	// A body over the limit without Content-Length (chunked) is refused too.
	req, _ := http.NewRequest("POST", s.URL+"/api/messages", io.MultiReader(strings.NewReader(huge)))
	req.ContentLength = -1
	req.Header.Set("Content-Type", "application/json")
	res, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 413 {
		t.Fatalf("chunked oversized body: %d, want 413", res.StatusCode)
	}
	// Not JSON content: 415.
	req, _ = http.NewRequest("POST", s.URL+"/api/messages", strings.NewReader(`{"conversation":"c","user":"u","text":"x"}`))
	req.Header.Set("Content-Type", "text/plain")
	res, _ = s.Client().Do(req)
	res.Body.Close()
	if res.StatusCode != 415 {
		t.Fatalf("text/plain body: %d, want 415", res.StatusCode)
	}
	// Nothing of the bad requests reached a conversation.
	if h := s.do(t, "GET", "/api/conversations/c-1/messages", "", nil); len(h.Messages) != 0 {
		t.Fatalf("bad requests left messages: %+v", h.Messages)
	}
}

func TestAPITokenRequired(t *testing.T) {
	s := newServer(t, web.Options{APIToken: token, RequireToken: true})
	body := `{"conversation":"c-1","user":"u-1","text":"hi"}`
	for _, hdr := range []map[string]string{nil, {"Authorization": "Bearer wrong-token-0123456789"}, {"Authorization": token}} {
		if r := s.do(t, "POST", "/api/messages", body, hdr); r.Status != 401 || r.Error == "" {
			t.Fatalf("with %v: %d %q, want 401", hdr, r.Status, r.Error)
		}
		if r := s.do(t, "GET", "/api/conversations/c-1/messages", "", hdr); r.Status != 401 {
			t.Fatalf("history with %v: %d, want 401", hdr, r.Status)
		}
	}
	if r := s.do(t, "POST", "/api/messages", body, map[string]string{"Authorization": "Bearer " + token}); r.Status != 200 {
		t.Fatalf("right token: %d %q", r.Status, r.Error)
	}
	// Health stays open for probes.
	if r := s.do(t, "GET", "/healthz", "", nil); r.Status != 200 {
		t.Fatalf("/healthz = %d", r.Status)
	}
	// A token without RequireToken is still demanded once set.
	open := newServer(t, web.Options{APIToken: token})
	if r := open.do(t, "POST", "/api/messages", body, nil); r.Status != 401 {
		t.Fatalf("token set but not sent: %d", r.Status)
	}
}

func TestReadyz(t *testing.T) {
	s := newServer(t, web.Options{})
	if r := s.do(t, "GET", "/readyz", "", nil); r.Status != 200 {
		t.Fatalf("ready: %d", r.Status)
	}
	s.readyErr = errors.New("connection refused")
	if r := s.do(t, "GET", "/readyz", "", nil); r.Status != 503 || strings.Contains(r.Error, "refused") {
		t.Fatalf("not ready: %d %q", r.Status, r.Error)
	}
}

func TestWebChatVisitor(t *testing.T) {
	s := newServer(t, web.Options{})
	res, err := s.Client().Get(s.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !bytes.Contains(page, []byte("/static/chat.js")) {
		t.Fatalf("GET / = %d", res.StatusCode)
	}
	cookies := res.Cookies()
	if len(cookies) != 1 || !cookies[0].HttpOnly || cookies[0].SameSite != http.SameSiteStrictMode || !strings.HasPrefix(cookies[0].Value, "v1.") {
		t.Fatalf("visitor cookie = %+v", cookies)
	}
	js, err := s.Client().Get(s.URL + "/static/chat.js")
	if err != nil || js.StatusCode != 200 {
		t.Fatalf("chat.js: %v %v", err, js.StatusCode)
	}
	js.Body.Close()
	c := map[string]string{"Cookie": cookies[0].Name + "=" + cookies[0].Value}

	// Without the cookie there is no chat.
	if r := s.do(t, "POST", "/chat/messages", `{"text":"hi"}`, nil); r.Status != 401 {
		t.Fatalf("no cookie: %d", r.Status)
	}
	// A visitor is never staff, and cannot choose a user or conversation.
	if r := s.do(t, "POST", "/chat/messages", `{"text":"hi","user":"alice"}`, c); r.Status != 400 {
		t.Fatalf("visitor naming a user: %d %q", r.Status, r.Error)
	}
	r := s.do(t, "POST", "/chat/messages", `{"text":"Hallo"}`, c)
	if r.Status != 200 || len(r.Replies) != 1 || r.Replies[0].Text != "client: Hallo" {
		t.Fatalf("visitor message = %+v", r)
	}
	h := s.do(t, "GET", "/chat/messages", "", c)
	if len(h.Messages) != 2 || h.Messages[0].ID != r.Message.ID || h.Messages[1].ID != r.Replies[0].ID {
		t.Fatalf("visitor history = %+v", h)
	}
	// Another visitor sees nothing of the first.
	res, err = s.Client().Get(s.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	other := map[string]string{"Cookie": res.Cookies()[0].Name + "=" + res.Cookies()[0].Value}
	if h := s.do(t, "GET", "/chat/messages", "", other); h.Status != 200 || len(h.Messages) != 0 {
		t.Fatalf("another visitor sees %d %+v", h.Status, h.Messages)
	}
	// Cross-site requests are refused.
	c2 := map[string]string{"Cookie": c["Cookie"], "Sec-Fetch-Site": "cross-site"}
	if r := s.do(t, "POST", "/chat/messages", `{"text":"hi"}`, c2); r.Status != 403 {
		t.Fatalf("cross-site chat: %d", r.Status)
	}
	if r := s.do(t, "POST", "/api/messages", `{"conversation":"c","user":"alice","text":"hi"}`, map[string]string{"Sec-Fetch-Site": "cross-site"}); r.Status != 403 {
		t.Fatalf("cross-site api: %d", r.Status)
	}
	b := s.do(t, "POST", "/chat/buttons", `{"message_id":"`+r.Replies[0].ID+`","action":"confirm"}`, c)
	if b.Status != 200 || !strings.HasPrefix(b.Replies[0].Text, "button confirm=") {
		t.Fatalf("visitor button = %+v", b)
	}
}

// TestAPIRateLimit: beyond the conversation's limit the API answers 429
// with a message and the first refusal's notice; nothing is handled.
func TestAPIRateLimit(t *testing.T) {
	s := newServerWith(t, web.Options{}, bot.EngineOptions{ConversationLimit: 3})
	for i := range 3 {
		if r := s.do(t, "POST", "/api/messages", `{"conversation":"c-rl","user":"u","text":"hi"}`, nil); r.Status != 200 {
			t.Fatalf("message %d: %d", i, r.Status)
		}
	}
	r := s.do(t, "POST", "/api/messages", `{"conversation":"c-rl","user":"u","text":"hi"}`, nil)
	if r.Status != http.StatusTooManyRequests || !strings.Contains(r.Error, "rate limit") || len(r.Replies) != 1 {
		t.Fatalf("over the limit: %+v", r)
	}
	if r := s.do(t, "POST", "/api/messages", `{"conversation":"c-rl","user":"u","text":"hi"}`, nil); r.Status != http.StatusTooManyRequests || len(r.Replies) != 0 {
		t.Fatalf("second over the limit: %+v", r)
	}
	if r := s.do(t, "POST", "/api/messages", `{"conversation":"c-other","user":"u","text":"hi"}`, nil); r.Status != 200 {
		t.Fatalf("other conversation: %d", r.Status)
	}
}

// TestWebChatRunsNoScriptFromMessages: what a client or the bot writes is
// shown as text, never run: the page forbids inline and foreign scripts
// (Content-Security-Policy), its script writes messages with textContent
// only, and a message carrying markup comes back as a JSON string.
func TestWebChatRunsNoScriptFromMessages(t *testing.T) {
	s := newServer(t, web.Options{})
	res, err := s.Client().Get(s.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	csp := res.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "script-src 'self'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("Content-Security-Policy %q allows inline or eval", csp)
	}
	js, err := s.Client().Get(s.URL + "/static/chat.js")
	if err != nil {
		t.Fatal(err)
	}
	src, _ := io.ReadAll(js.Body)
	js.Body.Close()
	for _, sink := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"} {
		if bytes.Contains(src, []byte(sink)) {
			t.Errorf("chat.js uses %s, which would run markup from a message", sink)
		}
	}
	if !bytes.Contains(src, []byte("textContent")) {
		t.Error("chat.js does not write messages with textContent")
	}
	c := map[string]string{"Cookie": res.Cookies()[0].Name + "=" + res.Cookies()[0].Value}
	hostile := `<img src=x onerror=alert(1)><script>alert(document.cookie)</script>`
	body, _ := json.Marshal(map[string]string{"text": hostile})
	r := s.do(t, "POST", "/chat/messages", string(body), c)
	if r.Status != 200 || len(r.Replies) != 1 || r.Replies[0].Text != "client: "+hostile {
		t.Fatalf("hostile text: %+v", r)
	}
}

// TestWebChatHistoryKeepsOwnMessages: after a reload the page gets the
// visitor's own messages back with the bot's, in the order they were
// written, the visitor's marked "from":"visitor"; a button press is not a
// message of the visitor's; the JSON API's history stays the bot's alone;
// and a wish to be forgotten deletes the visitor's messages with the bot's.
func TestWebChatHistoryKeepsOwnMessages(t *testing.T) {
	s := newServer(t, web.Options{})
	res, err := s.Client().Get(s.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	c := map[string]string{"Cookie": res.Cookies()[0].Name + "=" + res.Cookies()[0].Value}

	first := s.do(t, "POST", "/chat/messages", `{"text":"Hallo"}`, c)
	if first.Status != 200 || first.Message.From != "visitor" || first.Message.Text != "Hallo" || !strings.HasPrefix(first.Message.ID, web.VisitorMessagePrefix) {
		t.Fatalf("first message: %+v", first)
	}
	second := s.do(t, "POST", "/chat/messages", `{"text":"Rückruf bitte 😀"}`, c)
	press := s.do(t, "POST", "/chat/buttons", `{"message_id":"`+second.Replies[0].ID+`","action":"confirm"}`, c)
	if second.Status != 200 || press.Status != 200 || press.Message.ID != "" {
		t.Fatalf("second message %+v, button %+v", second, press)
	}
	h := s.do(t, "GET", "/chat/messages", "", c)
	type line struct{ from, text string }
	var got []line
	for _, m := range h.Messages {
		got = append(got, line{m.From, m.Text})
	}
	want := []line{{"visitor", "Hallo"}, {"", "client: Hallo"}, {"visitor", "Rückruf bitte 😀"}, {"", "client: Rückruf bitte 😀"},
		{"", "button confirm= on " + second.Replies[0].ID}}
	if len(got) != len(want) {
		t.Fatalf("history after a reload = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("history after a reload = %+v, want %+v", got, want)
		}
	}
	if h.Messages[0].ID != first.Message.ID || h.Messages[2].ID != second.Message.ID {
		t.Errorf("stored ids %s, %s differ from the ids answered %s, %s", h.Messages[0].ID, h.Messages[2].ID, first.Message.ID, second.Message.ID)
	}

	// The JSON API keeps only what the bot posted, as before.
	if r := s.do(t, "POST", "/api/messages", `{"conversation":"c-own","user":"u","text":"hi"}`, nil); r.Status != 200 || r.Message.ID != "" {
		t.Fatalf("api message: %+v", r)
	}
	if h := s.do(t, "GET", "/api/conversations/c-own/messages", "", nil); len(h.Messages) != 1 || h.Messages[0].From != "" {
		t.Fatalf("api history = %+v", h.Messages)
	}

	// Forgetting deletes the visitor's messages too, the one asking for it
	// included.
	s.do(t, "POST", "/chat/messages", `{"text":"forget me"}`, c)
	h = s.do(t, "GET", "/chat/messages", "", c)
	if len(h.Messages) != 1 || h.Messages[0].Text != "forgotten" {
		t.Fatalf("history after forgetting = %+v", h.Messages)
	}
}
