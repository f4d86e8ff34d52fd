package teams

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/mspbot/mspbot/bot"
)

func readActivity(t *testing.T, name string) activity {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var a activity
	if err := json.Unmarshal(b, &a); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return a
}

// TestEvents: each recorded activity becomes the neutral events the
// handlers expect, or nothing.
func TestEvents(t *testing.T) {
	dm := bot.Ref{Platform: Platform, Workspace: acmeTenant, Channel: dmConv}
	thread := bot.Ref{Platform: Platform, Workspace: acmeTenant, Channel: acmeChannel, Thread: "1732958200456"}
	staff := bot.Ref{Platform: Platform, Workspace: "9e8d7c6b-5a49-4382-b1a0-f1e2d3c4b5a6", Channel: staffChannel, Thread: "1732959000789"}
	with := func(r bot.Ref, user, msg string) bot.Ref { r.User, r.Message = user, msg; return r }
	cases := []struct {
		file string
		want []bot.Event
	}{
		{"message_personal.json", []bot.Event{{
			ID: "1732958142123", Kind: bot.KindMessage, Ref: with(dm, carlaAAD, "1732958142123"),
			Text: "Hallo, ist der Austausch einer defekten Festplatte im Vertrag enthalten?", UserName: "Carla Kunde",
			Time: time.Date(2026, 11, 30, 9, 15, 42, 123456700, time.UTC),
		}}},
		{"message_channel_mention.json", []bot.Event{{
			ID: "1732958200456", Kind: bot.KindMessage, Ref: with(thread, carlaAAD, "1732958200456"),
			Text: "Wie ist der Stand meines Rückrufs?", UserName: "Carla Kunde",
			Time: time.Date(2026, 11, 30, 9, 16, 40, 456000000, time.UTC),
		}}},
		{"message_channel_thread_reply.json", []bot.Event{{
			ID: "1732958282001", Kind: bot.KindMessage, Ref: with(thread, carlaAAD, "1732958282001"),
			Text: "Danke , und wer ist Ben Techniker?", UserName: "Carla Kunde",
			Time: time.Date(2026, 11, 30, 9, 18, 2, 1000000, time.UTC),
		}}},
		{"message_channel_no_mention.json", nil},
		{"message_groupchat_mention.json", []bot.Event{{
			ID: "1732958400000", Kind: bot.KindMessage,
			Ref: bot.Ref{Platform: Platform, Workspace: acmeTenant, Channel: "19:meeting_NjA2ZTVkNGMtM2IyYS00MTkwLWE4ZjctZTZkNWM0YjNhMjkx@thread.v2",
				Message: "1732958400000", User: carlaAAD},
			Text: "Hello!", UserName: "Carla Kunde", Time: time.Date(2026, 11, 30, 9, 20, 0, 0, time.UTC),
		}}},
		{"reaction_added_eyes.json", []bot.Event{{
			ID: "f:9d3a1c5e-7b2f-4e60-8a19-c2d3e4f5a6b7:+1f440_eyes", Kind: bot.KindReactionAdded,
			Ref: with(staff, benAAD, ""), Emoji: "eyes", Target: with(staff, "", "1732959000789"),
			UserName: "Ben Techniker", Time: time.Date(2026, 11, 30, 9, 31, 12, 789000000, time.UTC),
		}}},
		{"reaction_added_like.json", []bot.Event{{
			ID: "f:1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9:+like", Kind: bot.KindReactionAdded,
			Ref: with(staff, benAAD, ""), Emoji: "+1", Target: with(staff, "", "1732959000789"),
			UserName: "Ben Techniker", Time: time.Date(2026, 11, 30, 9, 31, 12, 789000000, time.UTC),
		}}},
		{"reaction_removed_heart.json", []bot.Event{{
			ID: "f:2c3d4e5f-6071-4829-93a4-b5c6d7e8f901:-heart", Kind: bot.KindReactionRemoved,
			Ref: with(staff, benAAD, ""), Emoji: "heart", Target: with(staff, "", "1732959000789"),
			UserName: "Ben Techniker", Time: time.Date(2026, 11, 30, 9, 31, 12, 789000000, time.UTC),
		}}},
		{"invoke_action_execute.json", []bot.Event{{
			ID: "f:4e8b2d6a-1c3f-4a5e-9b7d-0c2e4f6a8b1d", Kind: bot.KindButton,
			Ref: with(dm, carlaAAD, ""), Target: with(dm, "", "1732958150999"), Action: "callback:yes",
			UserName: "Carla Kunde", Time: time.Date(2026, 11, 30, 9, 22, 10, 555000000, time.UTC),
		}}},
		{"message_action_submit.json", []bot.Event{{
			ID: "1732958160111", Kind: bot.KindButton,
			Ref: with(dm, carlaAAD, ""), Target: with(dm, "", "1732958150999"), Action: "callback:cancel",
			UserName: "Carla Kunde", Time: time.Date(2026, 11, 30, 9, 22, 40, 111000000, time.UTC),
		}}},
		{"conversation_update_team.json", nil},
		{"typing.json", nil},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			act := readActivity(t, tc.file)
			got := act.events()
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("events\n got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

// TestIgnoredActivities: the bot's own activities and empty messages are
// dropped.
func TestIgnoredActivities(t *testing.T) {
	self := readActivity(t, "message_personal.json")
	self.From = self.Recipient
	if evs := self.events(); evs != nil {
		t.Errorf("own message gave %+v", evs)
	}
	empty := readActivity(t, "message_channel_mention.json")
	empty.Text = "<at>mspbot</at>"
	if evs := empty.events(); evs != nil {
		t.Errorf("bare mention gave %+v", evs)
	}
	other := readActivity(t, "message_channel_mention.json")
	other.Entities[0].Mentioned = &account{ID: "28:someone-else"}
	if evs := other.events(); evs != nil {
		t.Errorf("mention of another bot gave %+v", evs)
	}
	noAAD := readActivity(t, "message_personal.json")
	noAAD.From.AADObjectID = ""
	if evs := noAAD.events(); len(evs) != 1 || evs[0].Ref.User != noAAD.From.ID {
		t.Errorf("without an Entra id the Teams user id is the user: %+v", evs)
	}
	upper := readActivity(t, "message_personal.json")
	upper.Conversation.TenantID = "0D1E2F3A-4B5C-4D6E-8F70-8192A3B4C5D6"
	if evs := upper.events(); len(evs) != 1 || evs[0].Ref.Workspace != acmeTenant {
		t.Errorf("tenant ids are lower-cased: %+v", evs)
	}
}

// TestReactionName: Teams' reaction ids map to the names the ticket
// handlers know (👀 claim, 📞 called, ✅ close); the classic ones to neutral
// names only.
func TestReactionName(t *testing.T) {
	cases := map[string]string{
		"like":                     "+1",
		"like-tone3":               "+1",
		"heart":                    "heart",
		"laugh":                    "laughing",
		"surprised":                "open_mouth",
		"sad":                      "slightly_frowning_face",
		"angry":                    "angry",
		"1f440_eyes":               "eyes",
		"2705_whiteheavycheckmark": "white_check_mark",
		"2714_heavycheckmark":      "heavy_check_mark",
		"telephonereceiver":        "telephone_receiver",
		"260e_blacktelephone":      "phone",
		"1f44b_wavinghand-tone4":   "👋",
		"phone":                    "iphone",
		"Fire":                     "fire",
		"oreoyum":                  "oreoyum",
		"":                         "",
	}
	for in, want := range cases {
		if got := ReactionName(in); got != want {
			t.Errorf("ReactionName(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzActivity: any body that parses as an activity yields events the
// engine accepts (a kind, a platform, a channel) or none; a thread reply
// without a mention is a message in a channel thread other than its own;
// an installation names a conversation to welcome.
func FuzzActivity(f *testing.F) {
	for _, name := range []string{"message_personal.json", "message_channel_mention.json", "reaction_added_eyes.json", "invoke_action_execute.json",
		"message_action_submit.json", "message_channel_thread_reply.json", "message_channel_no_mention.json", "conversation_update_team.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var act activity
		if json.Unmarshal(b, &act) != nil {
			return
		}
		for _, ev := range act.events() {
			if !ev.Kind.Valid() || ev.Ref.Platform != Platform || ev.Ref.Channel == "" || ev.ID == "" {
				t.Fatalf("invalid event %+v", ev)
			}
		}
		if ev, ok := act.threadReply(); ok {
			if ev.Kind != bot.KindMessage || ev.Ref.Channel == "" || ev.Ref.Thread == "" || ev.Ref.Thread == ev.ID || ev.Text == "" {
				t.Fatalf("invalid thread reply %+v", ev)
			}
		}
		if to, key, ok := act.installed(); ok && (to.Channel == "" || key == "" || to.Thread != "") {
			t.Fatalf("invalid installation %+v %q", to, key)
		}
	})
}
