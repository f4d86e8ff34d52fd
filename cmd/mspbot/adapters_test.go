package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack/slacktest"

	"github.com/mspbot/mspbot/config"
	"github.com/mspbot/mspbot/internal/discordtest"
	"github.com/mspbot/mspbot/internal/teamstest"
)

const slackSecret = "adapter-table-test-signing-secret"

// The Discord side of the table test: the bot's token, and the direct
// message channel and user of the client who writes to it.
const (
	discordToken  = "adapter-table-test-discord-token"
	discordDMChan = "1310000000000000001"
	discordClient = "1400000000000000003"
)

// The Teams side of the table test: the bot's app, and the personal chat of
// a client of the Acme tenant.
const (
	teamsAppID    = "6b1f5d3e-3c1a-4b2e-9d7f-0a1b2c3d4e5f"
	teamsPassword = "adapter-table-test-teams-secret"
	teamsDM       = "a:1WfY3pK8sLq2ZrT6vB0nXcD4mH7jG9eA5uI1oP3yR_tQwE8zN6kS2dF0gJ4hL7xV"
)

// teamsMessage is a personal-chat message activity as Teams sends it.
func teamsMessage(serviceURL, id, text string) []byte {
	b, _ := json.Marshal(map[string]any{
		"type": "message", "id": id, "timestamp": time.Now().UTC().Format(time.RFC3339Nano), "channelId": "msteams",
		"serviceUrl": serviceURL, "text": text, "textFormat": "plain", "locale": "de-DE",
		"from":         map[string]any{"id": "29:1Xq8mWlYJ3kzR0tD9yQ_vTa6HbN2cPfE5gLsUoK7iV4wZ", "name": "Carla Kunde", "aadObjectId": "5c3f2a1b-7d6e-4f80-9a1b-2c3d4e5f6a7b"},
		"recipient":    map[string]any{"id": "28:" + teamsAppID, "name": "mspbot"},
		"conversation": map[string]any{"conversationType": "personal", "tenantId": "0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6", "id": teamsDM},
		"channelData":  map[string]any{"tenant": map[string]any{"id": "0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6"}},
		"entities":     []any{map[string]any{"type": "clientInfo", "locale": "de-DE", "country": "DE", "platform": "Web"}},
	})
	return b
}

// slackAPI is a slacktest server that records chat.postMessage.
type slackAPI struct {
	srv   *slacktest.Server
	mu    sync.Mutex
	posts []url.Values
}

func newSlackAPI(t *testing.T) *slackAPI {
	t.Helper()
	f := &slackAPI{}
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
			_, _ = w.Write([]byte(`{"ok":true,"channel":"` + r.PostForm.Get("channel") + `","ts":"1700000000.00000` + strconv.Itoa(n) + `"}`))
		})
	})
	f.srv.Start()
	t.Cleanup(f.srv.Stop)
	return f
}

// waitPost waits for the n-th chat.postMessage and returns its text.
func (f *slackAPI) waitPost(t *testing.T, n int) url.Values {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		f.mu.Lock()
		if len(f.posts) >= n {
			p := f.posts[n-1]
			f.mu.Unlock()
			return p
		}
		f.mu.Unlock()
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("Slack got no message #%d", n)
	return nil
}

// signedSlackEvent posts a Slack event_callback to the bot, signed as Slack does.
func signedSlackEvent(t *testing.T, h http.Handler, eventID, text, ts string) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{
		"token": "x", "team_id": "T0TEAM", "api_app_id": "A0APP", "type": "event_callback", "event_id": eventID, "event_time": 1700000000,
		"event": map[string]any{"type": "message", "channel_type": "im", "channel": "D0DM", "user": "U0CLIENT", "text": text, "ts": ts, "event_ts": ts},
	})
	stamp := strconv.FormatInt(time.Now().Unix(), 10)
	mac := hmac.New(sha256.New, []byte(slackSecret))
	mac.Write([]byte("v0:" + stamp + ":" + string(body)))
	req := httptest.NewRequest("POST", "/slack/events", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Slack-Request-Timestamp", stamp)
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("POST /slack/events = %d %s", rec.Code, rec.Body.String())
	}
}

// discordDM is the data of a MESSAGE_CREATE: a direct message from the
// client to the bot.
func discordDM(id, text string) map[string]any {
	sent := time.Now().UTC().Format("2006-01-02T15:04:05.000000+00:00")
	return map[string]any{
		"id": id, "channel_id": discordDMChan, "type": 0, "content": text, "timestamp": sent,
		"tts": false, "pinned": false, "flags": 0, "edited_timestamp": nil,
		"mentions": []any{}, "mention_roles": []any{}, "mention_everyone": false,
		"attachments": []any{}, "embeds": []any{}, "components": []any{},
		"author": map[string]any{"id": discordClient, "username": "carla", "global_name": "Carla", "discriminator": "0", "avatar": nil, "public_flags": 0},
	}
}

// runDiscord runs the app's Discord adapter until the returned stop is
// called; stop waits for Run to return and for the events in flight, and
// may be called more than once.
func runDiscord(t *testing.T, a *app) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.discord.Run(ctx, a.engine) }()
	var once sync.Once
	return func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Discord Run: %v", err)
				}
			case <-time.After(15 * time.Second):
				t.Error("Discord Run did not return after its context ended")
			}
			a.discord.Wait()
		})
	}
}

// TestSameAnswerOnEveryAdapter sends the same conversation through the
// console, the JSON API, the web chat, Slack, Discord and Teams, wired as the
// binary wires them, and expects the same answers.
func TestSameAnswerOnEveryAdapter(t *testing.T) {
	api := newSlackAPI(t)
	discord := discordtest.New(t, discordtest.Options{Token: discordToken})
	discord.Redirect(t) // process-global: this test must not run in parallel
	ms := teamstest.New(t, teamstest.Options{AppID: teamsAppID, Password: teamsPassword})
	env := map[string]string{
		"SLACK_BOT_TOKEN": "xoxb-test-token", "SLACK_SIGNING_SECRET": slackSecret,
		"MSPBOT_SLACK_API_URL": api.srv.GetAPIURL(), "MSPBOT_LOG_LEVEL": "error",
		"DISCORD_BOT_TOKEN": discordToken,
	}
	env["TEAMS_APP_ID"], env["TEAMS_APP_PASSWORD"] = teamsAppID, teamsPassword
	env["MSPBOT_TEAMS_OPENID_URL"], env["MSPBOT_TEAMS_TOKEN_URL"], env["MSPBOT_TEAMS_SERVICE_URL"] = ms.OpenIDURL(), ms.TokenURLTemplate(), ms.ServiceURL()
	env["MSPBOT_TEAMS_TENANT"] = ms.Tenant() // a single-tenant bot, as Azure creates them
	cfg, err := config.Load(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	var consoleOut, logs syncBuffer
	a, err := build(cfg, slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})), &consoleOut)
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	// Every adapter's lines: no key named twice.
	defer func() { checkLogLines(t, logs.String()) }()
	if a.discord == nil {
		t.Fatal("DISCORD_BOT_TOKEN is set but the app has no Discord adapter")
	}
	stopDiscord := runDiscord(t, a)
	defer stopDiscord()
	if a.teams == nil {
		t.Fatal("TEAMS_APP_ID is set but the app has no Teams adapter")
	}
	teamsCtx, stopTeams := context.WithCancel(context.Background())
	defer stopTeams()
	if err := a.teams.Start(teamsCtx); err != nil {
		t.Fatal(err)
	}
	h := a.web.Handler(a.engine)
	srv := httptest.NewServer(h)
	defer srv.Close()
	jar := newJar(t, srv.URL)

	conversation := []string{
		"Hallo!",
		"Ist der Austausch einer defekten Festplatte in unserem Server im Vertrag enthalten?",
		"Is installing Office on our five new laptops covered?",
	}
	for i, text := range conversation {
		answers := map[string]string{}

		// console
		before := len(consoleOut.String())
		if err := a.console.Run(context.Background(), strings.NewReader(text+"\n"), a.engine); err != nil {
			t.Fatal(err)
		}
		out := consoleOut.String()[before:]
		out = strings.TrimPrefix(strings.TrimSpace(strings.ReplaceAll(out, "> ", "")), "bot: ")
		answers["console"] = strings.ReplaceAll(out, "\n     ", "\n")

		// JSON API
		body, _ := json.Marshal(map[string]string{"conversation": "c-table", "user": "u-table", "text": text})
		res, err := http.Post(srv.URL+"/api/messages", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		answers["web api"] = firstReply(t, res)

		// web chat page
		req, _ := http.NewRequest("POST", srv.URL+"/chat/messages", strings.NewReader(`{"text":`+strconv.Quote(text)+`}`))
		req.Header.Set("Content-Type", "application/json")
		res, err = jar.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		answers["web chat"] = firstReply(t, res)

		// Slack (Events API), delivered three times as Slack's retries do
		ts := "1700000100.00000" + strconv.Itoa(i)
		for range 3 {
			signedSlackEvent(t, h, "Ev0TABLE"+strconv.Itoa(i), text, ts)
		}
		post := api.waitPost(t, i+1)
		if post.Get("channel") != "D0DM" {
			t.Fatalf("Slack reply went to %q", post.Get("channel"))
		}
		answers["slack"] = slackText(post)

		// Discord (gateway): the MESSAGE_CREATE, then, after a RECONNECT and
		// the client's RESUME, the same event once more, as a replay
		msgID := "150000000000000010" + strconv.Itoa(i)
		seq := discord.Dispatch(t, "MESSAGE_CREATE", discordDM(msgID, text))
		if h := discord.Reconnect(t); h.Op != 6 {
			t.Fatalf("Discord: after RECONNECT the client sent op %d, want a RESUME (6)", h.Op)
		}
		discord.Replay(t, seq)
		dpost := discord.WaitMessages(t, discordDMChan, i+1)[i]
		if ref := dpost.Reference; ref == nil || ref.MessageID != msgID {
			t.Errorf("the Discord reply does not reply to message %s: %s", msgID, dpost.Request.Body)
		}
		answers["discord"] = dpost.Content

		// Teams (Bot Connector): the activity with the connector's token, then
		// once more as Teams redelivers an activity it saw no answer to in time
		teamsID := "17329581421" + strconv.Itoa(10+i)
		for range 2 {
			res, err := http.DefaultClient.Do(ms.Request(t, srv.URL+"/teams/messages", teamsMessage(ms.ServiceURL(), teamsID, text)))
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusAccepted {
				t.Fatalf("POST /teams/messages = %d", res.StatusCode)
			}
		}
		tpost := ms.WaitActivities(t, i+1)[i]
		if tpost.Conversation != teamsDM || tpost.ReplyTo != teamsID {
			t.Errorf("the Teams reply went to %q replying to %q, want the personal chat replying to %s", tpost.Conversation, tpost.ReplyTo, teamsID)
		}
		answers["teams"] = tpost.Text()

		want := answers["web api"]
		if want == "" {
			t.Fatalf("%q: no answer", text)
		}
		for name, got := range answers {
			if got != want {
				t.Errorf("%q: %s answered\n%q\nbut the web API answered\n%q", text, name, got, want)
			}
		}
	}
	a.slack.Wait()
	discord.Sync(t) // the last replay has reached the adapter
	stopDiscord()
	if n := len(discord.Messages(discordDMChan)); n != len(conversation) {
		t.Errorf("Discord got %d messages for %d events delivered twice each", n, len(conversation))
	}
	if n := len(discord.Messages("")); n != len(conversation) {
		t.Errorf("Discord got %d messages in all, want %d in the DM", n, len(conversation))
	}
	a.teams.Wait()
	if n := len(ms.Activities()); n != len(conversation) {
		t.Errorf("Teams got %d messages for %d activities delivered twice each", n, len(conversation))
	}
	if ms.Rejected() != 0 || ms.TokenFetches() != 1 {
		t.Errorf("the Teams connector refused %d requests; %d access tokens were fetched, want 1", ms.Rejected(), ms.TokenFetches())
	}
	api.mu.Lock()
	defer api.mu.Unlock()
	if len(api.posts) != len(conversation) {
		t.Fatalf("Slack got %d messages for %d events delivered three times each", len(api.posts), len(conversation))
	}
}

// slackText undoes the HTML escaping Slack's message format asks for.
func slackText(v url.Values) string {
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(v.Get("text"))
}

func firstReply(t *testing.T, res *http.Response) string {
	t.Helper()
	defer res.Body.Close()
	var out struct {
		Replies []struct{ Text string } `json:"replies"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode != 200 || len(out.Replies) == 0 {
		t.Fatalf("answer %d: %v %+v", res.StatusCode, err, out)
	}
	return out.Replies[0].Text
}

// newJar returns a client that keeps the web chat's visitor cookie.
func newJar(t *testing.T, base string) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &http.Client{Jar: jar}
	res, err := c.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return c
}

// ---- Discord: a multi-turn dialogue in the bot's thread without re-mention, and /mspbot status ----

// The Discord server of the thread test: a text channel of the client's.
const (
	discordGuild   = "1200000000000000001"
	discordChannel = "1300000000000000001"
)

// discordThreadTurns is the callback dialogue of the cross-adapter table as
// a Discord client has it in a server: the request mentions the bot in a
// text channel, the bot answers in a thread it starts from that message,
// and every later turn is written in the thread without a mention.
var discordThreadTurns = []string{
	"Bitte rufen Sie mich zurück, unser Drucker druckt nicht",
	"Anna Schmidt",
	"040 696 450 99",
	"so schnell wie möglich",
	"ja",
}

// discordGuildMessage is the data of a MESSAGE_CREATE by the client in
// channel (a thread is a channel) of discordGuild, mentioning the bot when
// mention is set.
func discordGuildMessage(id, channel, text string, mention bool) map[string]any {
	m := discordDM(id, text)
	m["channel_id"], m["guild_id"] = channel, discordGuild
	m["member"] = map[string]any{"roles": []any{}, "nick": nil, "joined_at": "2024-11-02T10:20:30.000000+00:00", "deaf": false, "mute": false, "flags": 0}
	if mention {
		m["content"] = "<@" + discordtest.DefaultBotID + "> " + text
		m["mentions"] = []any{map[string]any{"id": discordtest.DefaultBotID, "username": "mspbot", "bot": true, "discriminator": "0"}}
	}
	return m
}

// discordSlashStatus is the data of an INTERACTION_CREATE of "/mspbot
// status" by the client in discordChannel, with a German Discord client.
func discordSlashStatus(id string) map[string]any {
	return map[string]any{
		"id": id, "application_id": discordtest.DefaultBotID, "type": 2, "token": "itoken-" + id, "version": 1,
		"guild_id": discordGuild, "channel_id": discordChannel, "locale": "de", "guild_locale": "de", "context": 0,
		"member": map[string]any{"user": map[string]any{"id": discordClient, "username": "carla", "global_name": "Carla"}, "roles": []any{}},
		"data":   map[string]any{"id": "1800000000000000001", "name": "mspbot", "type": 1, "options": []any{map[string]any{"name": "status", "type": 1}}},
	}
}

// ticketRef stands for any ticket reference, which differs between the
// JSON API's user and the Discord user, who each file one.
var ticketRef = regexp.MustCompile(`CB-\d+-\d+`)

// TestSameAnswerInDiscordThread is the Discord entry of the cross-adapter
// table for the multi-turn callback dialogue and the slash-command status
// query: wired as the binary wires it, the bot answers a mention in a text
// channel in a thread it starts from the message, and every later turn
// written there without a mention, with what the JSON API answers the same
// turn; a message without a mention in the channel stays unanswered; then
// "/mspbot status" in the channel is acknowledged within Discord's three
// seconds and answered, ephemeral, with what the API answers "Status". The
// fake holds the adapter to Discord's thread rules
// (https://discord.com/developers/docs/resources/channel#start-thread-from-message)
// and interaction deadline
// (https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction).
func TestSameAnswerInDiscordThread(t *testing.T) {
	discord := discordtest.New(t, discordtest.Options{Token: discordToken})
	discord.Redirect(t) // process-global: this test must not run in parallel
	discord.SetChannel(discordGuild, discordChannel, discordtest.ChannelText)
	env := map[string]string{"MSPBOT_LOG_LEVEL": "error", "DISCORD_BOT_TOKEN": discordToken}
	cfg, err := config.Load(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	a, err := build(cfg, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	stop := runDiscord(t, a)
	defer stop()
	srv := httptest.NewServer(a.web.Handler(a.engine))
	defer srv.Close()
	// The API's user has the Discord user's name, which the bot offers.
	api := func(conversation, text string) string {
		t.Helper()
		body, _ := json.Marshal(map[string]string{"conversation": conversation, "user": "u-discord-thread", "user_name": "carla", "text": text})
		res, err := http.Post(srv.URL+"/api/messages", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		return ticketRef.ReplaceAllString(firstReply(t, res), "CB-…")
	}
	if cmds := discord.WaitCommands(t, ""); len(cmds) != 1 || cmds[0].Name != "mspbot" {
		t.Fatalf("registered commands %+v, want /mspbot", cmds)
	}

	const thread = "1500000000000000201" // the request's id, and so its thread's
	for i, text := range discordThreadTurns {
		want := api("c-discord-thread", text)
		msg := discordGuildMessage(thread, discordChannel, text, true)
		if i > 0 {
			msg = discordGuildMessage("15000000000000002"+strconv.Itoa(10+i), thread, text, false)
		}
		discord.Dispatch(t, "MESSAGE_CREATE", msg)
		got := discord.WaitMessages(t, thread, i+1)[i]
		if got := ticketRef.ReplaceAllString(got.Content, "CB-…"); got != want {
			t.Errorf("turn %d %q (mention %v): Discord answered\n%q\nbut the web API answered\n%q", i+1, text, i == 0, got, want)
		}
	}
	discord.Dispatch(t, "MESSAGE_CREATE", discordGuildMessage("1500000000000000299", discordChannel, "Anna Schmidt", false))
	discord.Sync(t)
	a.discord.Wait()
	if n := len(discord.Messages(discordChannel)); n != 0 {
		t.Errorf("%d answers in the channel itself, want all in the thread and none to a message without a mention", n)
	}

	// In the channel, not the thread: a conversation of its own.
	const status = "1900000000000000201"
	want := api("c-discord-channel", "Status")
	discord.Dispatch(t, "INTERACTION_CREATE", discordSlashStatus(status))
	cb := discord.WaitCallback(t, status)
	if cb.Refused != "" || cb.Type != 5 || !cb.Ephemeral || cb.Late >= discordtest.InteractionDeadline {
		t.Errorf("/mspbot status acknowledged with %+v, want an ephemeral deferral in time", cb)
	}
	got := discord.WaitInteractionMessages(t, status, 1)[0]
	if c := ticketRef.ReplaceAllString(got.Content, "CB-…"); c != want || !got.Ephemeral || !strings.Contains(got.Content, "CB-") {
		t.Errorf("/mspbot status answered (ephemeral %v)\n%q\nbut the web API answered \"Status\" with\n%q", got.Ephemeral, got.Content, want)
	}
}

// ---- Teams: a multi-turn dialogue in a channel thread, without re-mention ----

// teamsThreadTurns is the callback dialogue of the cross-adapter table as a
// Teams client has it in a channel: the request mentions the bot in a post
// of its own, every later turn answers in the thread of the bot's answer
// without mentioning it again.
var teamsThreadTurns = []string{
	"Bitte rufen Sie mich zurück, unser Drucker druckt nicht",
	"Anna Schmidt",
	"040 696 450 99",
	"so schnell wie möglich",
}

// teamsChannelPost is a channel message of the Acme tenant as Teams sends
// it, in the thread of root (its own thread when root is id), with the bot
// mentioned when mention is set. With the manifest's RSC permission
// ChannelMessage.Read.Group Teams delivers replies without a mention too
// ("Receive all conversation messages",
// https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/channel-messages-with-rsc).
func teamsChannelPost(serviceURL, id, root, text string, mention bool) []byte {
	a := map[string]any{
		"type": "message", "id": id, "timestamp": time.Now().UTC().Format(time.RFC3339Nano), "channelId": "msteams",
		"serviceUrl": serviceURL, "text": text, "textFormat": "plain", "locale": "de-DE",
		"from":      map[string]any{"id": "29:carla", "name": "Carla Kunde", "aadObjectId": carlaAADInCmd},
		"recipient": map[string]any{"id": "28:" + teamsAppID, "name": "mspbot"},
		"conversation": map[string]any{"isGroup": true, "conversationType": "channel", "tenantId": acmeTenant,
			"id": teamsAcmeChannel + ";messageid=" + root},
		"channelData": map[string]any{"channel": map[string]any{"id": teamsAcmeChannel}, "tenant": map[string]any{"id": acmeTenant}},
	}
	if mention {
		a["text"] = "<at>mspbot</at> " + text
		a["entities"] = []any{map[string]any{"type": "mention", "text": "<at>mspbot</at>",
			"mentioned": map[string]any{"id": "28:" + teamsAppID, "name": "mspbot"}}}
	}
	b, _ := json.Marshal(a)
	return b
}

// teamsAcmeChannel is a channel of the client Acme's team.
const teamsAcmeChannel = "19:8a2f4c6e0b1d4f3a9c7e5b2d1f0a3c6e@thread.tacv2"

// TestSameAnswerInTeamsThread is the Teams entry of the cross-adapter table
// for the multi-turn callback dialogue: wired as the binary wires it, the
// bot answers each turn in the thread of the request with what the JSON API
// answers the same turn, the later turns arriving without a mention; a
// post without a mention elsewhere in the channel stays unanswered.
func TestSameAnswerInTeamsThread(t *testing.T) {
	ms := teamstest.New(t, teamstest.Options{AppID: teamsAppID, Password: teamsPassword})
	env := map[string]string{
		"MSPBOT_LOG_LEVEL": "error", "TEAMS_APP_ID": teamsAppID, "TEAMS_APP_PASSWORD": teamsPassword, "MSPBOT_TEAMS_TENANT": ms.Tenant(),
		"MSPBOT_TEAMS_OPENID_URL": ms.OpenIDURL(), "MSPBOT_TEAMS_TOKEN_URL": ms.TokenURLTemplate(), "MSPBOT_TEAMS_SERVICE_URL": ms.ServiceURL(),
	}
	cfg, err := config.Load(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	a, err := build(cfg, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := a.teams.Start(ctx); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.web.Handler(a.engine))
	defer srv.Close()
	deliver := func(body []byte) []teamstest.Activity {
		t.Helper()
		before := len(ms.Activities())
		res, err := http.DefaultClient.Do(ms.Request(t, srv.URL+"/teams/messages", body))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusAccepted {
			t.Fatalf("POST /teams/messages = %d", res.StatusCode)
		}
		a.teams.Wait()
		return ms.Activities()[before:]
	}

	const root = "1733200000001"
	for i, text := range teamsThreadTurns {
		body, _ := json.Marshal(map[string]string{"conversation": "c-teams-thread", "user": "u-teams-thread", "text": text})
		res, err := http.Post(srv.URL+"/api/messages", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		want := firstReply(t, res)

		id := root
		if i > 0 {
			id = "173320000001" + strconv.Itoa(i)
		}
		got := deliver(teamsChannelPost(ms.ServiceURL(), id, root, text, i == 0))
		if len(got) != 1 {
			t.Fatalf("turn %d %q (mention %v): %d answers in Teams, want 1", i+1, text, i == 0, len(got))
		}
		if got[0].Conversation != teamsAcmeChannel+";messageid="+root || got[0].ReplyTo != id {
			t.Errorf("turn %d: answered in %q replying to %q, want the request's thread replying to %s", i+1, got[0].Conversation, got[0].ReplyTo, id)
		}
		if got[0].Text() != want {
			t.Errorf("turn %d %q: Teams answered\n%q\nbut the web API answered\n%q", i+1, text, got[0].Text(), want)
		}
	}
	if got := deliver(teamsChannelPost(ms.ServiceURL(), "1733200000099", "1733200000099", "Anna Schmidt", false)); len(got) != 0 {
		t.Errorf("a post without a mention outside the bot's thread was answered: %q", got[0].Text())
	}
}
