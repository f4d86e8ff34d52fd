package discord

import (
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/mspbot/mspbot/internal/discordtest"
)

// Ids used by the recorded payloads in testdata.
const (
	testToken   = "test-token"
	botID       = "1100000000000000001"
	guildID     = "1200000000000000001"
	channelID   = "1300000000000000001"
	staffChanID = "1320000000000000001"
	dmChannelID = "1310000000000000001"
	annaID      = "1400000000000000001"
	berndID     = "1400000000000000002"
	carlaID     = "1400000000000000003"
	doraID      = "1400000000000000004"
	staffRoleID = "1290000000000000002"
	botRoleID   = "1290000000000000009"
)

// loadFrame reads a recorded gateway payload from testdata.
func loadFrame(t *testing.T, name string) discordtest.Frame {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var f discordtest.Frame
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return f
}

// decodeEvent unmarshals a recorded frame's data into discordgo's struct
// for its event type, as discordgo's gateway reader does.
func decodeEvent(t *testing.T, f discordtest.Frame) any {
	t.Helper()
	var v any
	switch f.T {
	case "MESSAGE_CREATE":
		v = &discordgo.MessageCreate{}
	case "MESSAGE_REACTION_ADD":
		v = &discordgo.MessageReactionAdd{}
	case "MESSAGE_REACTION_REMOVE":
		v = &discordgo.MessageReactionRemove{}
	case "INTERACTION_CREATE":
		v = &discordgo.InteractionCreate{}
	case "READY":
		v = &discordgo.Ready{}
	default:
		t.Fatalf("no struct for %s", f.T)
	}
	if err := json.Unmarshal(f.D, v); err != nil {
		t.Fatalf("%s: %v", f.T, err)
	}
	return v
}

// newFakeDiscord starts a fake Discord that expects testToken and says
// READY with the recorded ready.json, and points discordgo at it for the
// rest of the test. discordgo's endpoints are process-global: tests calling
// this must not run in parallel.
func newFakeDiscord(t *testing.T, opts discordtest.Options) *discordtest.Server {
	t.Helper()
	opts.Token = testToken
	if opts.Ready == nil {
		opts.Ready = loadFrame(t, "ready.json").D
	}
	f := discordtest.New(t, opts)
	if f.BotID() != botID {
		t.Fatalf("the fake's bot is %s, the recorded payloads' %s", f.BotID(), botID)
	}
	f.Redirect(t)
	return f
}

func quietLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// newTestAdapter returns an adapter that knows itself as the bot of the
// recorded payloads, as after READY.
func newTestAdapter(t *testing.T, opts Options) *Adapter {
	t.Helper()
	if opts.Token == "" {
		opts.Token = testToken
	}
	if opts.Logger == nil {
		opts.Logger = quietLogger()
	}
	a, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	st := a.session.State
	st.Lock()
	st.User = &discordgo.User{ID: botID, Username: "mspbot", Bot: true}
	st.Unlock()
	return a
}
