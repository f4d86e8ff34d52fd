package discordtest

// These tests point discordgo's process-global endpoint variables at the
// fake (Redirect), so none of them runs in parallel.

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// client is a bare gateway client for checking the protocol frame by frame.
type client struct {
	t  *testing.T
	ws *websocket.Conn
}

func dial(t *testing.T, s *Server) *client {
	t.Helper()
	ws, _, err := websocket.DefaultDialer.Dial(s.gatewayURL()+"?v=10&encoding=json", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ws.Close() })
	c := &client{t: t, ws: ws}
	if hello := c.read(); hello.Op != 10 || !strings.Contains(string(hello.D), `"heartbeat_interval":41250`) {
		t.Fatalf("first frame %+v, want HELLO", hello)
	}
	return c
}

func (c *client) send(op int, d any) {
	c.t.Helper()
	if err := c.ws.WriteJSON(map[string]any{"op": op, "d": d}); err != nil {
		c.t.Fatal(err)
	}
}

func (c *client) read() Frame {
	c.t.Helper()
	_ = c.ws.SetReadDeadline(time.Now().Add(Timeout))
	var f Frame
	if err := c.ws.ReadJSON(&f); err != nil {
		c.t.Fatalf("reading a frame: %v", err)
	}
	return f
}

func (c *client) closeCode() int {
	c.t.Helper()
	_ = c.ws.SetReadDeadline(time.Now().Add(Timeout))
	_, _, err := c.ws.ReadMessage()
	var ce *websocket.CloseError
	if !errors.As(err, &ce) {
		c.t.Fatalf("read %v, want a close frame", err)
	}
	return ce.Code
}

func TestGatewayProtocol(t *testing.T) {
	s := New(t, Options{Token: "tok"})

	res, err := http.Get(s.URL() + "/api/v" + discordgo.APIVersion + "/gateway")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized {
		t.Errorf("GET /gateway without the token: %s", res.Status)
	}

	c := dial(t, s)
	c.send(2, map[string]any{"token": "Bot tok", "intents": 513})
	ready := c.read()
	var rd struct {
		SessionID string `json:"session_id"`
		User      struct {
			ID  string `json:"id"`
			Bot bool   `json:"bot"`
		} `json:"user"`
	}
	if err := json.Unmarshal(ready.D, &rd); err != nil || ready.Op != 0 || ready.T != "READY" || ready.S != 1 ||
		rd.SessionID != DefaultSessionID || rd.User.ID != DefaultBotID || !rd.User.Bot {
		t.Fatalf("READY = %+v (%v)", ready, err)
	}
	c.send(1, 1)
	if ack := c.read(); ack.Op != 11 {
		t.Fatalf("heartbeat answered with %+v", ack)
	}
	if h := s.WaitHandshake(t, 1); h.Op != 2 || h.Token != "Bot tok" || h.Intents != 513 || h.Refused != "" {
		t.Errorf("identify = %+v", h)
	}
	if seq := s.Dispatch(t, "MESSAGE_CREATE", map[string]string{"id": "1"}); seq != 2 {
		t.Errorf("first dispatch has sequence number %d", seq)
	}
	if seq := s.Dispatch(t, "MESSAGE_CREATE", json.RawMessage(`{"id": "2"}`)); seq != 3 {
		t.Errorf("second dispatch has sequence number %d", seq)
	}
	if f := c.read(); f.S != 2 || f.T != "MESSAGE_CREATE" || string(f.D) != `{"id":"1"}` {
		t.Errorf("dispatch = %+v %s", f, f.D)
	}
	s.Replay(t, 2)
	if f := c.read(); f.S != 3 || string(f.D) != `{"id":"2"}` { // compacted on the wire
		t.Errorf("dispatch = %+v %s", f, f.D)
	}
	if f := c.read(); f.S != 2 || string(f.D) != `{"id":"1"}` {
		t.Errorf("replay = %+v %s", f, f.D)
	}
	_ = c.ws.Close()

	// A RESUME of an unknown session: INVALID SESSION.
	c = dial(t, s)
	c.send(6, map[string]any{"token": "Bot tok", "session_id": "other", "seq": 1})
	if f := c.read(); f.Op != 9 || string(f.D) != "false" {
		t.Errorf("resume of another session answered with %+v", f)
	}
	_ = c.ws.Close()

	// A RESUME at sequence number 1: the missed dispatches, then RESUMED.
	c = dial(t, s)
	c.send(6, map[string]any{"token": "Bot tok", "session_id": DefaultSessionID, "seq": 1})
	for _, want := range []struct {
		s int64
		t string
	}{{2, "MESSAGE_CREATE"}, {3, "MESSAGE_CREATE"}, {4, "RESUMED"}} {
		if f := c.read(); f.S != want.s || f.T != want.t {
			t.Errorf("after RESUME: %+v, want %s #%d", f, want.t, want.s)
		}
	}
	hs := s.Handshakes()
	if len(hs) != 3 || hs[1].Refused != "invalid session" || hs[2].Op != 6 || hs[2].Seq != 1 || hs[2].Conn != 2 || hs[2].Refused != "" {
		t.Errorf("handshakes = %+v", hs)
	}
	_ = c.ws.Close()

	// Wrong token: 4004.
	c = dial(t, s)
	c.send(2, map[string]any{"token": "Bot other", "intents": 513})
	if code := c.closeCode(); code != 4004 {
		t.Errorf("wrong token: close code %d", code)
	}

	// Disallowed intents: 4014.
	s2 := New(t, Options{DisallowedIntents: int(discordgo.IntentsMessageContent)})
	c = dial(t, s2)
	c.send(2, map[string]any{"token": "Bot any", "intents": int(discordgo.IntentsGuildMessages | discordgo.IntentsMessageContent)})
	if code := c.closeCode(); code != 4014 {
		t.Errorf("disallowed intent: close code %d", code)
	}
}

// TestWithDiscordgo drives a discordgo session against the fake: READY,
// a dispatch, REST calls, RECONNECT and RESUME, a replay; and checks that
// Redirect's changes end with the test.
func TestWithDiscordgo(t *testing.T) {
	realAPI := discordgo.EndpointAPI
	t.Run("session", func(t *testing.T) {
		s := New(t, Options{Token: "tok"})
		s.Redirect(t)
		if !strings.HasPrefix(discordgo.EndpointChannels, s.URL()+"/api/v") || !strings.HasPrefix(discordgo.EndpointOAuth2, s.URL()) {
			t.Fatalf("EndpointChannels = %s", discordgo.EndpointChannels)
		}
		dg, err := discordgo.New("Bot tok")
		if err != nil {
			t.Fatal(err)
		}
		dg.SyncEvents = true
		dg.LogLevel = -1
		var mu sync.Mutex
		var got []string
		dg.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) {
			mu.Lock()
			got = append(got, m.ID+":"+m.Content)
			mu.Unlock()
		})
		if err := dg.Open(); err != nil {
			t.Fatal(err)
		}
		defer func() { _ = dg.Close() }()
		if dg.State.User == nil || dg.State.User.ID != DefaultBotID {
			t.Errorf("state user after READY: %+v", dg.State.User)
		}

		seq := s.Dispatch(t, "MESSAGE_CREATE", map[string]any{"id": "1500000000000000001", "channel_id": "13", "content": "hi", "author": map[string]any{"id": "14"}})
		s.Sync(t)
		mu.Lock()
		if len(got) != 1 || got[0] != "1500000000000000001:hi" {
			t.Errorf("handler got %q", got)
		}
		mu.Unlock()

		fail := false
		m, err := dg.ChannelMessageSendComplex("13", &discordgo.MessageSend{
			Content:    "hello",
			Reference:  &discordgo.MessageReference{MessageID: "1500000000000000001", ChannelID: "13", FailIfNotExists: &fail},
			Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.Button{Label: "Go", CustomID: "go", Style: discordgo.PrimaryButton}}}},
		})
		if err != nil || m.ID != "2000000000000000001" || m.Author == nil || m.Author.ID != DefaultBotID || m.Timestamp.IsZero() {
			t.Fatalf("post: %+v, %v", m, err)
		}
		msgs := s.WaitMessages(t, "13", 1)
		if p := msgs[0]; p.Content != "hello" || p.Reference == nil || p.Reference.MessageID != "1500000000000000001" ||
			p.Reference.FailIfNotExists == nil || *p.Reference.FailIfNotExists || len(p.Components) != 1 ||
			len(p.Components[0].Components) != 1 || p.Components[0].Components[0].CustomID != "go" || p.Components[0].Components[0].Style != 1 {
			t.Errorf("message = %+v", p)
		}
		s.ForbidChannel("99")
		var rest *discordgo.RESTError
		if _, err := dg.ChannelMessageSend("99", "x"); !errors.As(err, &rest) || rest.Message == nil || rest.Message.Code != 50001 {
			t.Errorf("post to a forbidden channel: %v", err)
		}
		if len(s.Messages("")) != 1 || len(s.Requests(http.MethodPost, "/messages")) != 2 {
			t.Errorf("%d messages, %d posts", len(s.Messages("")), len(s.Requests(http.MethodPost, "/messages")))
		}

		last := s.Dispatch(t, "INTERACTION_CREATE", map[string]any{"id": "19", "token": "itok", "type": 3, "application_id": DefaultBotID, "channel_id": "13",
			"user": map[string]any{"id": "14"}, "data": map[string]any{"custom_id": "go", "component_type": 2}})
		err = dg.InteractionRespond(&discordgo.Interaction{ID: "19", Token: "itok"}, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate})
		if cb := s.WaitCallback(t, "19"); err != nil || cb.Token != "itok" || cb.Type != 6 {
			t.Errorf("callback %+v, %v", cb, err)
		}

		s.SetMember("12", "14", `{"user": {"id": "14"}, "roles": ["7"]}`)
		if mem, err := dg.GuildMember("12", "14"); err != nil || len(mem.Roles) != 1 {
			t.Errorf("member: %+v, %v", mem, err)
		}
		if _, err := dg.GuildMember("12", "15"); !errors.As(err, &rest) || rest.Message == nil || rest.Message.Code != discordgo.ErrCodeUnknownMember {
			t.Errorf("unknown member: %v", err)
		}
		if l := s.MemberLookups("12", ""); len(l) != 2 || !l[0].Found || l[1].Found || l[1].User != "15" {
			t.Errorf("lookups = %+v", l)
		}

		h := s.Reconnect(t)
		if h.Op != 6 || h.SessionID != DefaultSessionID || h.Seq != last || h.Conn != 1 {
			t.Errorf("after RECONNECT: %+v", h)
		}
		s.Replay(t, seq)
		s.Sync(t)
		mu.Lock()
		if len(got) != 2 || got[1] != got[0] {
			t.Errorf("handler got %q, want the message twice", got)
		}
		mu.Unlock()
	})
	if discordgo.EndpointAPI != realAPI {
		t.Errorf("EndpointAPI = %s after the test, want %s", discordgo.EndpointAPI, realAPI)
	}
}

// do sends a REST request to the fake with the bot token and returns the
// status, the headers and the JSON body's code.
func do(t *testing.T, s *Server, method, path, body string) (int, http.Header, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, s.URL()+"/api/v"+discordgo.APIVersion+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bot tok")
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(res.Body).Decode(&m)
	return res.StatusCode, res.Header, m
}

// TestRateLimit: the fake's 429 is Discord's
// (https://discord.com/developers/docs/topics/rate-limits#exceeding-a-rate-limit):
// Retry-After in whole seconds, the bucket headers and scope, and a JSON
// body with retry_after in seconds with fractions; global limits say so.
// Only the matching requests, and only as many as asked, are refused.
func TestRateLimit(t *testing.T) {
	s := New(t, Options{Token: "tok"})
	s.RateLimit("POST", "/channels/13/messages", 1, 1500*time.Millisecond, "")
	s.RateLimit("", "/channels/14/messages", 1, 250*time.Millisecond, ScopeGlobal)
	status, h, body := do(t, s, "POST", "/channels/13/messages", `{"content":"x"}`)
	if status != 429 || h.Get("Retry-After") != "2" || h.Get("X-RateLimit-Scope") != "user" || h.Get("X-RateLimit-Remaining") != "0" ||
		h.Get("X-RateLimit-Reset-After") != "1.500" || h.Get("X-RateLimit-Bucket") == "" || h.Get("X-RateLimit-Global") != "" ||
		body["retry_after"] != 1.5 || body["global"] != false || body["message"] != "You are being rate limited." {
		t.Errorf("429: %d %v %v", status, h, body)
	}
	if status, _, _ := do(t, s, "POST", "/channels/13/messages", `{"content":"x"}`); status != 200 {
		t.Errorf("after the limit: %d", status)
	}
	status, h, body = do(t, s, "POST", "/channels/14/messages", `{"content":"x"}`)
	if status != 429 || h.Get("X-RateLimit-Global") != "true" || h.Get("X-RateLimit-Scope") != "global" || body["global"] != true || h.Get("Retry-After") != "1" {
		t.Errorf("global 429: %d %v %v", status, h, body)
	}
	if s.Limited() != 2 || len(s.Messages("")) != 1 {
		t.Errorf("limited %d, messages %d", s.Limited(), len(s.Messages("")))
	}
}

// TestInteractionDeadline: Discord takes an interaction's first answer
// within 3 seconds of the event and refuses it after with 404 Unknown
// interaction (10062); a second answer is refused with 40060; the token
// serves the webhook endpoints once answered, and not before
// (https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction).
// The deadline here is Discord's own, so the test waits it out once.
func TestInteractionDeadline(t *testing.T) {
	s := New(t, Options{Token: "tok"})
	interaction := func(id string) map[string]any {
		return map[string]any{"id": id, "token": "tok-" + id, "type": 2, "application_id": DefaultBotID, "channel_id": "13",
			"user": map[string]any{"id": "14"}, "data": map[string]any{"name": "mspbot", "type": 1}}
	}
	s.RegisterInteraction(t, interaction("21"))
	s.RegisterInteraction(t, interaction("22"))
	if status, _, body := do(t, s, "PATCH", "/webhooks/"+DefaultBotID+"/tok-21/messages/@original", `{"content":"early"}`); status != 404 || body["code"] != 10015.0 {
		t.Errorf("webhook before the answer: %d %v", status, body)
	}
	if status, _, _ := do(t, s, "POST", "/interactions/21/tok-21/callback", `{"type":5,"data":{"flags":64}}`); status != 204 {
		t.Errorf("deferral in time: %d", status)
	}
	if status, _, body := do(t, s, "POST", "/interactions/21/tok-21/callback", `{"type":5}`); status != 400 || body["code"] != 40060.0 {
		t.Errorf("second answer: %d %v", status, body)
	}
	if status, _, body := do(t, s, "PATCH", "/webhooks/"+DefaultBotID+"/tok-21/messages/@original", `{"content":"done"}`); status != 200 || body["flags"] != 64.0 {
		t.Errorf("edit of the response: %d %v", status, body)
	}
	if status, _, body := do(t, s, "POST", "/webhooks/"+DefaultBotID+"/tok-21", `{"content":"more","flags":64}`); status != 200 || body["id"] == nil {
		t.Errorf("follow-up: %d %v", status, body)
	}
	if m := s.InteractionMessages("21"); len(m) != 2 || !m[0].Original || m[0].Content != "done" || !m[0].Ephemeral || m[1].Original || !m[1].Ephemeral {
		t.Errorf("interaction messages %+v", m)
	}
	time.Sleep(InteractionDeadline + 50*time.Millisecond)
	if status, _, body := do(t, s, "POST", "/interactions/22/tok-22/callback", `{"type":5}`); status != 404 || body["code"] != 10062.0 {
		t.Errorf("answer after 3 seconds: %d %v", status, body)
	}
	if status, _, body := do(t, s, "POST", "/interactions/23/tok-23/callback", `{"type":5}`); status != 404 || body["code"] != 10062.0 {
		t.Errorf("answer to an interaction never delivered: %d %v", status, body)
	}
	cb := s.Callbacks()
	if len(cb) != 4 || cb[0].Refused != "" || !cb[0].Ephemeral || cb[1].Refused == "" || !strings.HasPrefix(cb[2].Refused, "10062") || cb[2].Late < InteractionDeadline {
		t.Errorf("callbacks %+v", cb)
	}
}

// TestThreadsAndCommands: starting threads as Discord does
// (https://discord.com/developers/docs/resources/channel#start-thread-from-message):
// from a message (the thread has its id; one per message, 160004), without
// one (a private thread unless a type is given), refused without the
// permission (50013) or in a channel without threads (50024), each
// announced by THREAD_CREATE to a connected client; command names are held
// to Discord's pattern in lower case.
func TestThreadsAndCommands(t *testing.T) {
	s := New(t, Options{Token: "tok"})
	c := dial(t, s)
	c.send(2, map[string]any{"token": "Bot tok", "intents": 1})
	if ready := c.read(); ready.T != "READY" {
		t.Fatalf("got %+v", ready)
	}
	s.WaitHandshake(t, 1)
	s.SetChannel("12", "13", ChannelText)
	s.SetChannel("12", "15", ChannelVoice)
	s.ForbidThreads("16")
	if status, _, body := do(t, s, "POST", "/channels/13/messages/1500000000000000001/threads", `{"name":"mspbot · Anna","auto_archive_duration":1440}`); status != 201 ||
		body["id"] != "1500000000000000001" || body["type"] != 11.0 || body["parent_id"] != "13" || body["owner_id"] != DefaultBotID || body["guild_id"] != "12" {
		t.Errorf("thread from a message: %d %v", status, body)
	}
	if f := c.read(); f.T != "THREAD_CREATE" || !strings.Contains(string(f.D), `"newly_created":true`) {
		t.Errorf("after the thread: %+v", f)
	}
	if status, _, body := do(t, s, "POST", "/channels/13/messages/1500000000000000001/threads", `{"name":"again"}`); status != 400 || body["code"] != 160004.0 {
		t.Errorf("second thread from the message: %d %v", status, body)
	}
	if status, _, body := do(t, s, "POST", "/channels/13/threads", `{"name":"no message"}`); status != 201 || body["type"] != 12.0 {
		t.Errorf("thread without a message and type: %d %v", status, body)
	}
	if status, _, body := do(t, s, "POST", "/channels/16/threads", `{"name":"x","type":11}`); status != 403 || body["code"] != 50013.0 {
		t.Errorf("without the permission: %d %v", status, body)
	}
	if status, _, body := do(t, s, "POST", "/channels/15/threads", `{"name":"x","type":11}`); status != 400 || body["code"] != 50024.0 {
		t.Errorf("in a voice channel: %d %v", status, body)
	}
	if status, _, body := do(t, s, "POST", "/channels/1500000000000000001/messages/1500000000000000002/threads", `{"name":"x"}`); status != 400 || body["code"] != 50024.0 {
		t.Errorf("in a thread: %d %v", status, body)
	}
	if status, _, _ := do(t, s, "PUT", "/channels/1500000000000000001/thread-members/14", ``); status != 204 {
		t.Errorf("adding a member: %d", status)
	}
	if len(s.Threads()) != 2 || len(s.ThreadMembers()) != 1 {
		t.Errorf("threads %+v, members %+v", s.Threads(), s.ThreadMembers())
	}

	good := `[{"name":"mspbot","type":1,"description":"d","options":[{"type":1,"name":"callback","name_localizations":{"de":"rückruf"},"description":"d"}]}]`
	if status, _, _ := do(t, s, "PUT", "/applications/"+DefaultBotID+"/commands", good); status != 200 || len(s.Commands("")) != 1 {
		t.Errorf("good commands: %d", status)
	}
	for _, bad := range []string{
		`[{"name":"MSPBot","type":1,"description":"d"}]`,
		`[{"name":"mspbot","type":1,"description":""}]`,
		`[{"name":"mspbot","type":1,"description":"d","options":[{"type":1,"name":"call back","description":"d"}]}]`,
		`[{"name":"mspbot","type":1,"description":"d","options":[{"type":1,"name":"callback","name_localizations":{"de":"Rückruf"},"description":"d"}]}]`,
	} {
		if status, _, body := do(t, s, "PUT", "/applications/"+DefaultBotID+"/guilds/12/commands", bad); status != 400 || body["code"] != 50035.0 {
			t.Errorf("%s: %d %v", bad, status, body)
		}
	}
	if s.Commands("12") != nil {
		t.Error("bad commands were kept")
	}
}
