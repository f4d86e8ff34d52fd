package discord

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/mspbot/mspbot/bot"
)

// fuzzEventTypes are the gateway dispatches the adapter translates, in the
// order the fuzz target's kind byte picks them.
var fuzzEventTypes = []string{"MESSAGE_CREATE", "MESSAGE_REACTION_ADD", "MESSAGE_REACTION_REMOVE", "INTERACTION_CREATE"}

// FuzzGatewayPayload decodes any gateway event data as discordgo's gateway
// reader does and translates it: no panic, and whatever reaches the engine
// is an event it accepts, from this platform, with valid UTF-8 text.
func FuzzGatewayPayload(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, name := range files {
		raw, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		var fr struct {
			T string          `json:"t"`
			D json.RawMessage `json:"d"`
		}
		if json.Unmarshal(raw, &fr) != nil {
			continue
		}
		for i, typ := range fuzzEventTypes {
			if typ == fr.T {
				f.Add(uint8(i), []byte(fr.D))
			}
		}
	}
	f.Add(uint8(0), []byte(`{"id":"1","channel_id":"2","content":"<@1100000000000000001>","author":{"id":"3"}}`))
	f.Add(uint8(3), []byte(`{"type":3,"id":"1","channel_id":"2","data":{"custom_id":"|","component_type":2},"message":{"id":"4"}}`))
	f.Add(uint8(1), []byte(`{"user_id":"3","channel_id":"2","message_id":"4","emoji":{"name":""}}`))
	// Found by fuzzing: a message or button of an author without an id.
	f.Add(uint8(3), []byte(`{"type":3,"id":"1","channel_id":"2","user":{},"data":{"custom_id":"ticket:claim|CB-1","component_type":2}}`))

	a, err := New(Options{Token: testToken, Logger: quietLogger(), StaffRoles: map[string]string{guildID: staffRoleID}})
	if err != nil {
		f.Fatal(err)
	}
	st := a.session.State
	st.Lock()
	st.User = &discordgo.User{ID: botID, Username: "mspbot", Bot: true}
	st.Unlock()
	f.Fuzz(func(t *testing.T, kind uint8, data []byte) {
		var v any
		switch fuzzEventTypes[int(kind)%len(fuzzEventTypes)] {
		case "MESSAGE_CREATE":
			v = &discordgo.MessageCreate{}
		case "MESSAGE_REACTION_ADD":
			v = &discordgo.MessageReactionAdd{}
		case "MESSAGE_REACTION_REMOVE":
			v = &discordgo.MessageReactionRemove{}
		default:
			v = &discordgo.InteractionCreate{}
		}
		if json.Unmarshal(data, v) != nil {
			return
		}
		ev, ok := translate(a, v)
		if !ok {
			return
		}
		if !ev.Kind.Valid() || ev.Ref.Platform != Platform || ev.Ref.Channel == "" || ev.Ref.User == "" || ev.ID == "" {
			t.Fatalf("the engine would reject %+v", ev)
		}
		for _, s := range []string{ev.Text, ev.Emoji, ev.Action, ev.Value, ev.UserName} {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 %q in %+v", s, ev)
			}
		}
		if ev.Kind == bot.KindButton && ev.Action == "" {
			t.Fatalf("button without an action: %+v", ev)
		}
		if ev.Ref.User == botID {
			t.Fatalf("the bot's own event reached the engine: %+v", ev)
		}
	})
}
