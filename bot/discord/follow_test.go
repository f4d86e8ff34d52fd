package discord

// These tests run the adapter through the fake gateway against the real
// engine and handlers (realEngine). They point discordgo's process-global
// endpoint variables at the fake, so none of them runs in parallel.

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/mspbot/mspbot/internal/discordtest"
	"github.com/mspbot/mspbot/tickets"
)

// callbackTurns is a callback dialogue after its request: each answer and
// a piece of the question the bot asks next.
var callbackTurns = []struct{ text, next string }{
	{"Kai Lorenzen", "Telefonnummer"},
	{"0171 2345678", "Worum geht es"},
	{"VPN geht nicht", "Wann passt es Ihnen"},
	{"so bald wie möglich", "Soll ich das so aufnehmen"},
	{"ja", "Referenz CB-"},
}

// TestThreadDialogueWithoutMention: a mention in a text channel is answered
// in a public thread the bot starts from the message (Start Thread from
// Message: the thread has the message's id,
// https://discord.com/developers/docs/resources/channel#start-thread-from-message),
// and the whole callback dialogue goes on there without the bot being
// mentioned again, until the ticket is filed. Without a mention the bot
// stays silent in the channel and in a thread a user started. Before issue
// 15 every follow-up without a mention was dropped.
func TestThreadDialogueWithoutMention(t *testing.T) {
	f := newFakeDiscord(t, discordtest.Options{})
	f.SetChannel(guildID, channelID, discordtest.ChannelText)
	a, err := New(Options{Token: testToken, Logger: quietLogger(), Commands: CommandsOff})
	if err != nil {
		t.Fatal(err)
	}
	w := realEngine(t, a, "")
	run(t, a, w.engine)
	f.WaitHandshake(t, 1)
	f.Dispatch(t, "GUILD_CREATE", guildCreate())

	const first = "1500000000000000101"
	f.Dispatch(t, "MESSAGE_CREATE", guildMessage(first, channelID, annaID, "<@"+botID+"> Bitte um Rückruf", nil))
	th := f.WaitThread(t, channelID)
	if th.ID != first || th.FromMessage != first || th.Type != discordtest.ChannelPublicThread || th.Owner != botID ||
		th.AutoArchive != threadArchive || !strings.Contains(th.Name, "anna.acme") {
		t.Fatalf("thread = %+v, want a public thread from the mention, named for its author", th)
	}
	if got := f.WaitMessages(t, first, 1)[0]; !strings.Contains(got.Content, "Wie ist Ihr Name?") || got.Reference != nil {
		t.Fatalf("first answer in the thread: %q (reference %+v)", got.Content, got.Reference)
	}
	for i, turn := range callbackTurns {
		id := fmt.Sprintf("15000000000000002%02d", i)
		f.Dispatch(t, "MESSAGE_CREATE", guildMessage(id, first, annaID, turn.text, nil))
		got := f.WaitMessages(t, first, i+2)[i+1]
		if !strings.Contains(got.Content, turn.next) {
			t.Fatalf("turn %d %q: answered %q, want %q", i+1, turn.text, got.Content, turn.next)
		}
		if got.Reference == nil || got.Reference.MessageID != id || got.Reference.ChannelID != first {
			t.Errorf("turn %d: the answer does not reply to %s in the thread: %+v", i+1, id, got.Reference)
		}
	}
	mine, err := w.tickets.ForClient(t.Context(), tickets.Actor{Platform: Platform, User: annaID, Org: "discord:@" + annaID})
	if err != nil || len(mine) != 1 || mine[0].Draft.Phone == "" {
		t.Fatalf("tickets of Anna: %+v, %v", mine, err)
	}

	// Silent without a mention: in the channel, and in the thread Anna
	// started herself.
	f.Dispatch(t, "MESSAGE_CREATE", guildMessage("1500000000000000301", channelID, annaID, "Bitte um Rückruf", nil))
	f.Dispatch(t, "MESSAGE_CREATE", guildMessage("1500000000000000302", userThreadID, annaID, "Bitte um Rückruf", nil))
	settle(t, f, a)
	if n, m := len(f.Messages(channelID)), len(f.Messages(userThreadID)); n != 0 || m != 0 {
		t.Errorf("answered %d messages in the channel and %d in Anna's thread without a mention", n, m)
	}
	if n := len(f.Threads()); n != 1 {
		t.Errorf("%d threads, want 1", n)
	}
	if m := f.ThreadMembers(); len(m) != 1 || m[0] != (discordtest.ThreadMember{Thread: first, User: annaID}) {
		t.Errorf("thread members added: %+v, want Anna in her thread", m)
	}
}

// TestReplyChainWithoutThreads: where the bot may not start threads
// (Discord: 403 Missing Permissions without Create Public Threads,
// https://discord.com/developers/docs/topics/threads#permissions), it answers a mention as a reply in
// the channel and follows the dialogue through replies to its messages,
// with the ping on or off, without a new mention; the refused channel is
// not asked again. A reply to someone else's message is not for the bot.
func TestReplyChainWithoutThreads(t *testing.T) {
	f := newFakeDiscord(t, discordtest.Options{})
	f.SetChannel(guildID, channelID, discordtest.ChannelText)
	f.ForbidThreads(channelID)
	var logs logBuffer
	a, err := New(Options{Token: testToken, Logger: logs.logger(), Commands: CommandsOff})
	if err != nil {
		t.Fatal(err)
	}
	w := realEngine(t, a, "")
	run(t, a, w.engine)
	f.WaitHandshake(t, 1)
	f.Dispatch(t, "GUILD_CREATE", guildCreate())

	const first = "1500000000000000401"
	f.Dispatch(t, "MESSAGE_CREATE", guildMessage(first, channelID, annaID, "<@"+botID+"> Bitte um Rückruf", nil))
	got := f.WaitMessages(t, channelID, 1)[0]
	if !strings.Contains(got.Content, "Wie ist Ihr Name?") || got.Reference == nil || got.Reference.MessageID != first {
		t.Fatalf("first answer: %q replying to %+v", got.Content, got.Reference)
	}
	last := got.ID
	for i, turn := range callbackTurns {
		id := fmt.Sprintf("15000000000000005%02d", i)
		f.Dispatch(t, "MESSAGE_CREATE", guildMessage(id, channelID, annaID, turn.text, &replied{id: last, bot: true, ping: i%2 == 0}))
		got := f.WaitMessages(t, channelID, i+2)[i+1]
		if !strings.Contains(got.Content, turn.next) || got.Reference == nil || got.Reference.MessageID != id {
			t.Fatalf("turn %d %q: answered %q replying to %+v", i+1, turn.text, got.Content, got.Reference)
		}
		last = got.ID
	}
	// A reply to Anna's own message, and a second mention: the mention is
	// answered in the channel without asking for a thread again.
	f.Dispatch(t, "MESSAGE_CREATE", guildMessage("1500000000000000601", channelID, berndID, "ja", &replied{id: first}))
	f.Dispatch(t, "MESSAGE_CREATE", guildMessage("1500000000000000602", channelID, berndID, "<@"+botID+"> Hallo", nil))
	f.WaitMessages(t, channelID, len(callbackTurns)+2)
	settle(t, f, a)
	if n := len(f.Messages(channelID)); n != len(callbackTurns)+2 {
		t.Errorf("%d answers in the channel, want %d", n, len(callbackTurns)+2)
	}
	if n := len(f.Requests("POST", "/threads")); n != 1 {
		t.Errorf("%d attempts to start a thread, want 1", n)
	}
	if !strings.Contains(logs.String(), "Create Public Threads") {
		t.Errorf("the log does not say what permission is missing:\n%s", logs.String())
	}
}

// TestRoleMentionByBotTag: a mention of a role counts as a mention of the
// bot when the role's tags name the bot (tags.bot_id,
// https://discord.com/developers/docs/topics/permissions#role-object-role-tags-structure),
// whatever the role is called: the bot's managed role renamed "MSP
// Helpdesk" is one, another bot's managed role named "mspbot" is not.
// Before issue 15 the adapter compared names and got both wrong.
func TestRoleMentionByBotTag(t *testing.T) {
	a := newTestAdapter(t, Options{})
	observeGuild(t, a)
	msg := func(role string) *discordgo.MessageCreate {
		m := guildMessage("1500000000000000701", channelID, annaID, "<@&"+role+"> ist das VPN gestört?", nil)
		m["mention_roles"] = []any{role}
		raw, _ := json.Marshal(m)
		var mc discordgo.MessageCreate
		if err := json.Unmarshal(raw, &mc); err != nil {
			t.Fatal(err)
		}
		return &mc
	}
	ev, ok := a.messageEvent(msg(botRoleID))
	if !ok || ev.Text != "ist das VPN gestört?" {
		t.Errorf("mention of the bot's renamed role: %v %+v", ok, ev)
	}
	if !a.opensThread(msg(botRoleID).Message, ev) {
		t.Error("a mention of the bot's role in a text channel opens no thread")
	}
	if ev, ok := a.messageEvent(msg(otherBotRoleID)); ok {
		t.Errorf("mention of another bot's role named like this one taken: %+v", ev)
	}
	// A role update that moves the tag: the old role no longer counts.
	a.roles.observe(&discordgo.Event{Type: "GUILD_ROLE_UPDATE",
		RawData: []byte(`{"guild_id":"` + guildID + `","role":{"id":"` + botRoleID + `","name":"MSP Helpdesk","managed":false}}`)})
	if _, ok := a.messageEvent(msg(botRoleID)); ok {
		t.Error("a role without the bot's tag still counts")
	}
	a.roles.observe(&discordgo.Event{Type: "GUILD_ROLE_CREATE",
		RawData: []byte(`{"guild_id":"` + guildID + `","role":{"id":"1290000000000000010","managed":true,"tags":{"bot_id":"` + botID + `"}}}`)})
	if _, ok := a.messageEvent(msg("1290000000000000010")); !ok {
		t.Error("the bot's new managed role does not count")
	}
}

// TestBotThreadsAfterRestart: a thread the bot started in an earlier run is
// known from the guild's active threads in GUILD_CREATE (or, archived,
// from the THREAD_UPDATE that unarchives it,
// https://discord.com/developers/docs/topics/threads#unarchiving-a-thread)
// by its owner_id: messages there need no mention and belong to the
// thread's parent channel, and so do reactions and button presses in it.
// A message there without text (no Message Content intent) is not taken.
func TestBotThreadsAfterRestart(t *testing.T) {
	a := newTestAdapter(t, Options{})
	observeGuild(t, a)
	const botThread = "1700000000000000002"
	if err := a.session.State.ChannelAdd(&discordgo.Channel{ID: botThread, GuildID: guildID, Type: discordgo.ChannelTypeGuildPublicThread,
		ParentID: channelID, OwnerID: botID, Name: "mspbot · Anna"}); err != nil {
		t.Fatal(err)
	}
	decode := func(v map[string]any, into any) {
		raw, _ := json.Marshal(v)
		if err := json.Unmarshal(raw, into); err != nil {
			t.Fatal(err)
		}
	}
	var m discordgo.MessageCreate
	decode(guildMessage("1500000000000001201", botThread, annaID, "0171 2345678", nil), &m)
	ev, ok := a.messageEvent(&m)
	if !ok || ev.Ref.Channel != channelID || ev.Ref.Thread != botThread || ev.Text != "0171 2345678" || a.opensThread(m.Message, ev) {
		t.Errorf("message in the bot's thread: %v %+v", ok, ev.Ref)
	}
	var empty discordgo.MessageCreate
	decode(guildMessage("1500000000000001202", botThread, annaID, "", nil), &empty)
	if _, ok := a.messageEvent(&empty); ok {
		t.Error("a message without text in the bot's thread was taken")
	}
	var user discordgo.MessageCreate
	decode(guildMessage("1500000000000001203", userThreadID, annaID, "0171 2345678", nil), &user)
	if _, ok := a.messageEvent(&user); ok {
		t.Error("a message without mention in Anna's own thread was taken")
	}
	decode(guildMessage("1500000000000001204", userThreadID, annaID, "<@"+botID+"> hallo", nil), &user)
	if ev, ok := a.messageEvent(&user); !ok || ev.Ref.Channel != userThreadID || ev.Ref.Thread != "" || a.opensThread(user.Message, ev) {
		t.Errorf("a mention in Anna's thread: %v %+v (a thread is a channel of its own, and holds no thread)", ok, ev.Ref)
	}
	var r discordgo.MessageReactionAdd
	decode(map[string]any{"user_id": berndID, "channel_id": botThread, "message_id": "2000000000000000005", "guild_id": guildID,
		"emoji": map[string]any{"id": nil, "name": "✅"}}, &r)
	if ev, ok := a.reactionAddEvent(&r); !ok || ev.Target.Channel != channelID || ev.Target.Thread != botThread || ev.Ref.Thread != botThread {
		t.Errorf("reaction in the bot's thread: %v %+v", ok, ev)
	}
	var b discordgo.InteractionCreate
	decode(map[string]any{"id": "1900000000000000401", "type": 3, "token": "t", "application_id": botID, "guild_id": guildID, "channel_id": botThread,
		"member":  map[string]any{"user": map[string]any{"id": annaID, "username": "anna.acme"}, "roles": []any{}},
		"message": map[string]any{"id": "2000000000000000006", "channel_id": botThread},
		"data":    map[string]any{"custom_id": "callback:confirm", "component_type": 2}}, &b)
	if ev, ok := a.buttonEvent(&b); !ok || ev.Ref.Channel != channelID || ev.Ref.Thread != botThread || ev.Target.Channel != channelID {
		t.Errorf("button in the bot's thread: %v %+v", ok, ev)
	}
}
