package discord

// These tests point discordgo's process-global endpoint variables at the
// fake, so none of them runs in parallel.

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/internal/discordtest"
	"github.com/mspbot/mspbot/redisstore"
)

// slash is the data of an INTERACTION_CREATE of /mspbot sub with the option
// text (none when "") by user in channel of guild ("" for a direct message),
// whose Discord client speaks locale
// (https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object).
func slash(id, guild, channel, user, locale, sub, text string) map[string]any {
	var opts []any
	if text != "" {
		opts = append(opts, map[string]any{"name": "text", "type": 3, "value": text})
	}
	u := map[string]any{"id": user, "username": "anna.acme", "global_name": "Anna", "discriminator": "0", "avatar": nil, "public_flags": 0}
	d := map[string]any{
		"id": id, "application_id": botID, "type": 2, "token": "itoken-" + id, "version": 1,
		"channel_id": channel, "locale": locale, "app_permissions": "309237713984", "entitlements": []any{},
		"data": map[string]any{"id": "1800000000000000001", "name": CommandName, "type": 1,
			"options": []any{map[string]any{"name": sub, "type": 1, "options": opts}}},
	}
	if guild != "" {
		d["guild_id"], d["guild_locale"], d["context"] = guild, "de", 0
		d["authorizing_integration_owners"] = map[string]any{"0": guild}
		d["member"] = map[string]any{"user": u, "roles": []any{}, "nick": nil, "joined_at": "2024-11-02T10:20:30.000000+00:00",
			"deaf": false, "mute": false, "flags": 0, "permissions": "2248473465835073"}
	} else {
		d["user"], d["context"] = u, 1
		d["authorizing_integration_owners"] = map[string]any{"0": "0"}
	}
	return d
}

// dmMessage is a MESSAGE_CREATE of a direct message from user to the bot.
func dmMessage(id, user, content string) map[string]any {
	m := guildMessage(id, dmChannelID, user, content, nil)
	delete(m, "guild_id")
	delete(m, "member")
	return m
}

// TestSlashCommands: /mspbot is registered once READY names the
// application, with German names for German clients
// (https://discord.com/developers/docs/interactions/application-commands#localization);
// each use is acknowledged with a deferred response within Discord's three
// seconds and answered by editing it
// (https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction).
// "status" in a server is ephemeral and lists the user's ticket filed in a
// direct message; "callback" in a text channel opens a thread without a
// message, the response points there, and the dialogue goes on in it
// without a mention; "help" in a direct message is a plain response.
func TestSlashCommands(t *testing.T) {
	f := newFakeDiscord(t, discordtest.Options{})
	f.SetChannel(guildID, channelID, discordtest.ChannelText)
	a, err := New(Options{Token: testToken, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	w := realEngine(t, a, "")
	run(t, a, w.engine)
	f.WaitHandshake(t, 1)
	f.Dispatch(t, "GUILD_CREATE", guildCreate())

	cmds := f.WaitCommands(t, "")
	if len(cmds) != 1 || cmds[0].Name != CommandName || len(cmds[0].Options) != len(subcommands) {
		t.Fatalf("registered %+v", cmds)
	}
	var de []string
	for _, o := range cmds[0].Options {
		de = append(de, o.NameLocalizations[discordgo.German])
	}
	if got := strings.Join(de, " "); got != "status rückruf termin protokoll hilfe" {
		t.Errorf("German sub-command names %q", got)
	}

	// A ticket, filed in a direct message.
	f.Dispatch(t, "MESSAGE_CREATE", dmMessage("1500000000000000801", annaID, "Bitte um Rückruf"))
	f.WaitMessages(t, dmChannelID, 1)
	for i, turn := range callbackTurns {
		f.Dispatch(t, "MESSAGE_CREATE", dmMessage(fmt.Sprintf("15000000000000008%02d", 10+i), annaID, turn.text))
		if got := f.WaitMessages(t, dmChannelID, i+2)[i+1]; !strings.Contains(got.Content, turn.next) {
			t.Fatalf("DM turn %d: %q", i+1, got.Content)
		}
	}

	// /mspbot status in the server: ephemeral, the user's own ticket.
	const status = "1900000000000000101"
	f.Dispatch(t, "INTERACTION_CREATE", slash(status, guildID, channelID, annaID, "de", "status", ""))
	cb := f.WaitCallback(t, status)
	if cb.Refused != "" || cb.Type != int(discordgo.InteractionResponseDeferredChannelMessageWithSource) || !cb.Ephemeral ||
		cb.Late >= discordtest.InteractionDeadline {
		t.Fatalf("status acknowledged with %+v", cb)
	}
	got := f.WaitInteractionMessages(t, status, 1)
	if len(got) != 1 || !got[0].Original || !got[0].Ephemeral || !strings.Contains(got[0].Content, "CB-26-0001") {
		t.Fatalf("status answered %+v", got)
	}

	// /mspbot callback in the channel: a thread of its own.
	const callback = "1900000000000000102"
	f.Dispatch(t, "INTERACTION_CREATE", slash(callback, guildID, channelID, annaID, "en-US", "callback", "our VPN is down"))
	if cb := f.WaitCallback(t, callback); cb.Refused != "" || cb.Ephemeral {
		t.Fatalf("callback acknowledged with %+v", cb)
	}
	th := f.WaitThread(t, channelID)
	if th.FromMessage != "" || th.Type != discordtest.ChannelPublicThread || !strings.Contains(th.Name, "Anna") {
		t.Fatalf("thread %+v, want a public thread without a message", th)
	}
	if resp := f.WaitInteractionMessages(t, callback, 1)[0]; resp.Content != "➡️ <#"+th.ID+">" || resp.Ephemeral {
		t.Errorf("the response %+v does not point to thread %s", resp, th.ID)
	}
	if first := f.WaitMessages(t, th.ID, 1)[0]; !strings.Contains(first.Content, "What is your name?") || first.Reference != nil {
		t.Errorf("first question in the thread: %q (reference %+v)", first.Content, first.Reference)
	}
	f.Dispatch(t, "MESSAGE_CREATE", guildMessage("1500000000000000901", th.ID, annaID, "Kai Lorenzen", nil))
	if next := f.WaitMessages(t, th.ID, 2)[1]; !strings.Contains(strings.ToLower(next.Content), "phone") {
		t.Errorf("the dialogue did not go on in the thread: %q", next.Content)
	}
	if m := f.ThreadMembers(); len(m) != 1 || m[0].User != annaID || m[0].Thread != th.ID {
		t.Errorf("thread members %+v", m)
	}

	// /mspbot help in a direct message: no need to hide it.
	const help = "1900000000000000103"
	f.Dispatch(t, "INTERACTION_CREATE", slash(help, "", dmChannelID, annaID, "en-GB", "help", ""))
	if got := f.WaitInteractionMessages(t, help, 1)[0]; got.Ephemeral || !strings.Contains(got.Content, "I can help with") {
		t.Errorf("help answered %+v", got)
	}
	settle(t, f, a)
	if n := len(f.Messages(channelID)); n != 0 {
		t.Errorf("%d messages posted in the channel itself", n)
	}
}

// slowEngine is the real engine on the embedded store with one handler that
// takes d before it replies "fertig".
func slowEngine(t *testing.T, a *Adapter, d time.Duration) (*bot.Engine, *int) {
	t.Helper()
	conn, err := redisstore.Open("", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	calls := new(int)
	h := bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		*calls++
		select {
		case <-time.After(d):
		case <-ctx.Done():
			return ctx.Err()
		}
		_, err := rw.Reply(ctx, bot.Reply{Text: "fertig"})
		return err
	})
	e := bot.NewEngine(redisstore.NewSessions(conn.Client, redisstore.SessionOptions{Keys: redisstore.Keys{Prefix: "t" + bot.NewID(4)}}),
		h, bot.EngineOptions{Logger: quietLogger()})
	e.Register(Platform, a)
	return e, calls
}

// TestSlashCommandDeadline: Discord takes the first answer to an
// interaction only within 3 seconds of the event, and answers 404 Unknown
// interaction (10062) after
// (https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction).
// A command whose handling takes longer is deferred in time and its answer
// edits the response afterwards; a command that reaches the adapter too
// late is not run (the user saw Discord's "did not respond" and may try
// again).
func TestSlashCommandDeadline(t *testing.T) {
	f := newFakeDiscord(t, discordtest.Options{})
	var logs logBuffer
	a, err := New(Options{Token: testToken, Logger: logs.logger(), Commands: CommandsOff})
	if err != nil {
		t.Fatal(err)
	}
	e, calls := slowEngine(t, a, discordtest.InteractionDeadline+500*time.Millisecond)
	stop := run(t, a, e)
	f.WaitHandshake(t, 1)

	const slow = "1900000000000000201"
	start := time.Now()
	f.Dispatch(t, "INTERACTION_CREATE", slash(slow, "", dmChannelID, annaID, "de", "status", ""))
	got := f.WaitInteractionMessages(t, slow, 1)
	if took := time.Since(start); took < discordtest.InteractionDeadline || got[0].Content != "fertig" {
		t.Errorf("answered %+v after %v", got, took)
	}
	if cb := f.Callbacks(); len(cb) != 1 || cb[0].Refused != "" || cb[0].Late >= time.Second {
		t.Errorf("callbacks %+v, want one deferral at once", cb)
	}
	stop()

	// Delivered, then held up for longer than Discord waits.
	const late = "1900000000000000202"
	data := slash(late, "", dmChannelID, annaID, "de", "status", "")
	f.RegisterInteraction(t, data)
	time.Sleep(discordtest.InteractionDeadline + 100*time.Millisecond)
	ic := decodeEvent(t, discordtest.Frame{T: "INTERACTION_CREATE", D: mustJSON(t, data)}).(*discordgo.InteractionCreate)
	a.onInteraction(context.Background(), e, ic)
	a.Wait()
	if cb := f.WaitCallback(t, late); !strings.HasPrefix(cb.Refused, "10062") {
		t.Errorf("late callback %+v, want 10062", cb)
	}
	if *calls != 1 {
		t.Errorf("the handler ran %d times, want once (not for the expired command)", *calls)
	}
	if !strings.Contains(logs.String(), "expired before it was acknowledged") {
		t.Errorf("no log line for the expired command:\n%s", logs.String())
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCommandDefinition: every sub-command maps to text in both languages,
// with the option's text in it, and Options.Commands is read as documented.
// (TestSlashCommands registers the command with the fake, which holds it to
// Discord's naming pattern in lower case and description lengths.)
func TestCommandDefinition(t *testing.T) {
	cmd := Command()
	if cmd.Contexts == nil || len(*cmd.Contexts) != 2 {
		t.Errorf("contexts %v, want servers and direct messages", cmd.Contexts)
	}
	for _, sc := range subcommands {
		for _, lang := range []string{"de", "en"} {
			if sc.text(lang, "") == "" || !strings.Contains(sc.text(lang, "CB-26-0001"), "CB-26-0001") && sc.opt != "" {
				t.Errorf("%s in %s: %q / %q", sc.name, lang, sc.text(lang, ""), sc.text(lang, "CB-26-0001"))
			}
		}
	}
	for _, tc := range []struct {
		in      string
		off     bool
		guilds  []string
		wantErr bool
	}{
		{"", false, nil, false}, {"global", false, nil, false}, {"OFF", true, nil, false},
		{"1200000000000000001, 1200000000000000002", false, []string{"1200000000000000001", "1200000000000000002"}, false},
		{"my-server", false, nil, true},
	} {
		c, err := parseCommands(tc.in)
		if (err != nil) != tc.wantErr || c.off != tc.off || strings.Join(c.guilds, ",") != strings.Join(tc.guilds, ",") {
			t.Errorf("parseCommands(%q) = %+v, %v", tc.in, c, err)
		}
	}
}

// TestOptions: without the Message Content intent the adapter does not ask
// for it (Discord would refuse the connection with 4014 were it not turned
// on); threads can be switched off.
func TestOptions(t *testing.T) {
	a, err := New(Options{Token: testToken, WithoutMessageContent: true, NoThreads: true})
	if err != nil {
		t.Fatal(err)
	}
	if a.session.Identify.Intents&discordgo.IntentsMessageContent != 0 || a.session.Identify.Intents|discordgo.IntentsMessageContent != Intents {
		t.Errorf("intents %v", a.session.Identify.Intents)
	}
	if a.threadable(guildID, channelID) {
		t.Error("threads are off, yet a channel is threadable")
	}
	if _, err := New(Options{Token: testToken, Commands: "support"}); err == nil {
		t.Error("commands scope \"support\" accepted")
	}
}
