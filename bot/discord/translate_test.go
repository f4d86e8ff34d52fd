package discord

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/mspbot/mspbot/bot"
)

// translate feeds a decoded gateway event through the adapter's translation.
func translate(a *Adapter, v any) (bot.Event, bool) {
	switch ev := v.(type) {
	case *discordgo.MessageCreate:
		return a.messageEvent(ev)
	case *discordgo.MessageReactionAdd:
		return a.reactionAddEvent(ev)
	case *discordgo.MessageReactionRemove:
		return a.reactionRemoveEvent(ev)
	case *discordgo.InteractionCreate:
		if c, ok := a.commandEvent(ev); ok {
			return c.ev, true
		}
		return a.buttonEvent(ev)
	}
	return bot.Event{}, false
}

// TestTranslateRecordedPayloads feeds recorded gateway payloads, decoded
// into discordgo's event structs, through the translation and checks every
// field of the resulting bot.Event, or that the event is dropped.
func TestTranslateRecordedPayloads(t *testing.T) {
	guild := func(ch string) bot.Ref { return bot.Ref{Platform: Platform, Workspace: guildID, Channel: ch} }
	with := func(r bot.Ref, msg, user string) bot.Ref { r.Message, r.User = msg, user; return r }
	dm := bot.Ref{Platform: Platform, Channel: dmChannelID}
	ts := func(s string) time.Time {
		tm, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	snow := func(id string) time.Time {
		tm, err := discordgo.SnowflakeTimestamp(id)
		if err != nil {
			t.Fatal(err)
		}
		return tm.UTC()
	}

	cases := []struct {
		file string
		want *bot.Event // nil: dropped
	}{
		{"message_create_guild_mention.json", &bot.Event{
			ID: "msg:1500000000000000001", Kind: bot.KindMessage,
			Ref:  with(guild(channelID), "1500000000000000001", annaID),
			Text: "Our printer on floor 2 is offline, is that covered?", UserName: "anna.acme",
			Time: ts("2025-03-04T09:15:30.123Z"),
		}},
		{"message_create_guild_nick_mention.json", &bot.Event{
			ID: "msg:1500000000000000002", Kind: bot.KindMessage,
			Ref:  with(guild(channelID), "1500000000000000002", berndID),
			Text: "bitte um Rückruf", UserName: "bernd", Time: ts("2025-03-04T09:16:00Z"),
		}},
		{"message_create_guild_no_mention.json", nil},
		// A reply to one of the bot's messages is addressed to the bot even
		// when the user switched the reply's ping off.
		{"message_create_guild_reply_to_bot.json", &bot.Event{
			ID: "msg:1500000000000000004", Kind: bot.KindMessage,
			Ref:  with(guild(channelID), "1500000000000000004", annaID),
			Text: "tomorrow at 10 works", UserName: "anna.acme", Time: ts("2025-03-04T09:18:00Z"),
		}},
		{"message_create_dm.json", &bot.Event{
			ID: "msg:1500000000000000005", Kind: bot.KindMessage,
			Ref:  with(dm, "1500000000000000005", carlaID),
			Text: "Hello, which hours is your helpdesk open?", UserName: "carla", Time: ts("2025-03-04T09:19:00Z"),
		}},
		{"message_create_from_bot.json", nil},
		{"message_create_from_self.json", nil},
		{"message_create_guild_role_mention.json", &bot.Event{
			ID: "msg:1500000000000000007", Kind: bot.KindMessage,
			Ref:  with(guild(channelID), "1500000000000000007", annaID),
			Text: "is the VPN down?", UserName: "anna.acme", Time: ts("2025-03-04T09:23:00Z"),
		}},
		{"message_reaction_add.json", &bot.Event{
			ID: "react:add:1600000000000000001:" + berndID + ":white_check_mark", Kind: bot.KindReactionAdded,
			Ref: with(guild(channelID), "", berndID), Emoji: "white_check_mark",
			Target: with(guild(channelID), "1600000000000000001", ""),
		}},
		{"message_reaction_add_custom_dm.json", &bot.Event{
			ID: "react:add:1600000000000000002:" + carlaID + ":ticket_done", Kind: bot.KindReactionAdded,
			Ref: with(dm, "", carlaID), Emoji: "ticket_done",
			Target: with(dm, "1600000000000000002", ""),
		}},
		{"message_reaction_add_self.json", nil},
		{"message_reaction_remove.json", &bot.Event{
			ID: "react:remove:1600000000000000001:" + berndID + ":+1", Kind: bot.KindReactionRemoved,
			Ref: with(guild(channelID), "", berndID), Emoji: "+1",
			Target: with(guild(channelID), "1600000000000000001", ""),
		}},
		{"interaction_create_button.json", &bot.Event{
			ID: "ia:1900000000000000001", Kind: bot.KindButton,
			Ref: with(guild(staffChanID), "", doraID), UserName: "dora.msp",
			Target: with(guild(staffChanID), "1600000000000000003", ""),
			Action: "ticket:claim", Value: "T-1042", Time: snow("1900000000000000001"),
		}},
		{"interaction_create_command_status.json", &bot.Event{
			ID: "ia:1900000000000000005", Kind: bot.KindMessage,
			Ref:  with(guild(channelID), "interaction:1900000000000000005", annaID),
			Text: "Status CB-26-0001", UserName: "anna.acme", Time: snow("1900000000000000005"),
		}},
		{"interaction_create_command_other.json", nil},
		{"interaction_create_button_dm.json", &bot.Event{
			ID: "ia:1900000000000000002", Kind: bot.KindButton,
			Ref: with(dm, "", carlaID), UserName: "carla",
			Target: with(dm, "1600000000000000004", ""),
			Action: "slot:confirm", Time: snow("1900000000000000002"),
		}},
	}

	a := newTestAdapter(t, Options{})
	// The guild with the bot's managed role, as GUILD_CREATE tells it.
	observeGuild(t, a)
	for _, tc := range cases {
		t.Run(strings.TrimSuffix(tc.file, ".json"), func(t *testing.T) {
			got, ok := translate(a, decodeEvent(t, loadFrame(t, tc.file)))
			if tc.want == nil {
				if ok {
					t.Fatalf("not dropped: %+v", got)
				}
				return
			}
			if !ok {
				t.Fatal("dropped")
			}
			if !got.Time.Equal(tc.want.Time) {
				t.Errorf("Time = %v, want %v", got.Time, tc.want.Time)
			}
			got.Time, tc.want.Time = time.Time{}, time.Time{}
			if got != *tc.want {
				t.Errorf("got  %+v\nwant %+v", got, *tc.want)
			}
			if !got.Kind.Valid() || got.Ref.Platform != Platform || got.Ref.Channel == "" {
				t.Errorf("the engine would reject %+v", got)
			}
		})
	}
}

// TestBeforeReady: until READY names the bot, no guild message counts as
// addressed to it; direct messages still do.
func TestBeforeReady(t *testing.T) {
	a, err := New(Options{Token: testToken, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := translate(a, decodeEvent(t, loadFrame(t, "message_create_guild_mention.json"))); ok {
		t.Error("guild mention taken before READY")
	}
	if _, ok := translate(a, decodeEvent(t, loadFrame(t, "message_create_dm.json"))); !ok {
		t.Error("direct message dropped before READY")
	}
}

func TestNewValidates(t *testing.T) {
	if _, err := New(Options{}); err == nil || !strings.Contains(err.Error(), "DISCORD_BOT_TOKEN") {
		t.Errorf("no token: %v", err)
	}
	if _, err := New(Options{Token: "t", StaffRoles: map[string]string{guildID: " "}}); err == nil {
		t.Error("empty staff role accepted")
	}
	a, err := New(Options{Token: "Bot abc"})
	if err != nil {
		t.Fatal(err)
	}
	if a.session.Token != "Bot abc" || a.session.Identify.Intents != Intents {
		t.Errorf("token %q, intents %v", a.session.Token, a.session.Identify.Intents)
	}
	if Intents&discordgo.IntentsGuildMembers != 0 || Intents&discordgo.IntentsGuildPresences != 0 {
		t.Error("asks for a privileged intent it does not need")
	}
}

func TestCustomID(t *testing.T) {
	for _, tc := range []struct{ action, value, id string }{
		{"ticket:claim", "T-1", "ticket:claim|T-1"},
		{"help", "", "help"},
		{"slot:pick", "2025-03-04T10:00|x", "slot:pick|2025-03-04T10:00|x"},
	} {
		if got := customID(tc.action, tc.value); got != tc.id {
			t.Errorf("customID(%q, %q) = %q, want %q", tc.action, tc.value, got, tc.id)
		}
		if a, v := parseCustomID(tc.id); a != tc.action || v != tc.value {
			t.Errorf("parseCustomID(%q) = %q, %q", tc.id, a, v)
		}
	}
}

func FuzzCustomID(f *testing.F) {
	f.Add("ticket:claim", "T-1")
	f.Add("a", "")
	f.Add("x", "|y|")
	f.Fuzz(func(t *testing.T, action, value string) {
		if action == "" || strings.Contains(action, customIDSep) {
			return
		}
		if a, v := parseCustomID(customID(action, value)); a != action || v != value {
			t.Fatalf("round trip of %q, %q gave %q, %q", action, value, a, v)
		}
	})
}

func FuzzSplitText(f *testing.F) {
	f.Add("hello world", 5)
	f.Add(strings.Repeat("ab cd\n", 900), 2000)
	f.Add("äöü ß", 2)
	f.Fuzz(func(t *testing.T, text string, n int) {
		if n < 2 || n > 4000 || !utf8.ValidString(text) {
			return
		}
		pieces := splitText(text, n)
		for _, p := range pieces {
			if p == "" || utf8.RuneCountInString(p) > n {
				t.Fatalf("piece %q of %d characters, limit %d", p, utf8.RuneCountInString(p), n)
			}
		}
		strip := func(s string) string { return strings.Join(strings.Fields(s), "") }
		if strip(strings.Join(pieces, "")) != strip(text) {
			t.Fatalf("text changed: %q -> %q", text, pieces)
		}
	})
}
