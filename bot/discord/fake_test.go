package discord

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

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

// Ids of the guild the GUILD_CREATE of guildCreate describes.
const (
	otherBotID      = "1100000000000000002"
	otherBotRoleID  = "1290000000000000008"
	userThreadID    = "1700000000000000001" // a thread Anna started in channelID
	voiceChannelID  = "1300000000000000009"
	annaMessageBase = "15000000000000001"
)

// guildCreate is the data of the GUILD_CREATE Discord sends for guildID
// once the bot is connected
// (https://discord.com/developers/docs/events/gateway-events#guild-create):
// its channels (two text channels, the staff channel, a voice channel), the
// active thread userThreadID that Anna started, and its roles: the bot's
// managed role botRoleID, tagged with the bot's id and renamed "MSP
// Helpdesk" by an admin; a managed role of another bot that happens to be
// named "mspbot"; the staff role
// (https://discord.com/developers/docs/topics/permissions#role-object-role-tags-structure).
func guildCreate() map[string]any {
	text := func(id, name string) map[string]any {
		return map[string]any{"id": id, "type": 0, "name": name, "guild_id": guildID, "position": 0, "permission_overwrites": []any{}}
	}
	role := func(id, name string, managed bool, bot string) map[string]any {
		r := map[string]any{"id": id, "name": name, "managed": managed, "mentionable": false, "hoist": false,
			"color": 0, "position": 1, "permissions": "0", "flags": 0}
		if bot != "" {
			r["tags"] = map[string]any{"bot_id": bot}
		}
		return r
	}
	return map[string]any{
		"id": guildID, "name": "Acme Support", "owner_id": annaID, "unavailable": false, "member_count": 4,
		"joined_at": "2025-01-10T08:00:00.000000+00:00", "large": false,
		"channels": []any{
			text(channelID, "support"), text(otherChannelID, "support-bauer"), text(staffChanID, "staff"),
			map[string]any{"id": voiceChannelID, "type": 2, "name": "Voice", "guild_id": guildID, "position": 4},
		},
		"threads": []any{map[string]any{
			"id": userThreadID, "type": 11, "name": "printer", "guild_id": guildID, "parent_id": channelID, "owner_id": annaID,
			"thread_metadata": map[string]any{"archived": false, "auto_archive_duration": 1440, "locked": false,
				"archive_timestamp": "2025-03-04T09:00:00.000000+00:00"},
		}},
		"roles": []any{
			role(guildID, "@everyone", false, ""),
			role(botRoleID, "MSP Helpdesk", true, botID),
			role(otherBotRoleID, "mspbot", true, otherBotID),
			role(staffRoleID, "Support", false, ""),
		},
		"members": []any{}, "voice_states": []any{}, "presences": []any{}, "emojis": []any{}, "stickers": []any{},
	}
}

// observeGuild feeds guildCreate to a as discordgo's gateway reader would:
// the decoded guild into the state, the raw event to the adapter.
func observeGuild(t *testing.T, a *Adapter) {
	t.Helper()
	raw, err := json.Marshal(guildCreate())
	if err != nil {
		t.Fatal(err)
	}
	var g discordgo.GuildCreate
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatal(err)
	}
	if err := a.session.State.GuildAdd(g.Guild); err != nil {
		t.Fatal(err)
	}
	a.roles.observe(&discordgo.Event{Type: "GUILD_CREATE", RawData: raw})
}

// run runs a against the fake with e until the test ends or the returned
// stop is called; stop waits for Run to return and for the events in
// flight.
func run(t *testing.T, a *Adapter, e Engine) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx, e) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Run: %v", err)
				}
			case <-time.After(15 * time.Second):
				t.Error("Run did not return after its context ended")
			}
			a.Wait()
		})
	}
	t.Cleanup(stop)
	return stop
}

// settle waits until the adapter has taken every dispatch sent so far and
// handled what it took.
func settle(t *testing.T, f *discordtest.Server, a *Adapter) {
	t.Helper()
	f.Sync(t)
	a.Wait()
}

// guildMessage is the data of a MESSAGE_CREATE by user in channel of
// guildID (a thread is a channel), as Discord sends it
// (https://discord.com/developers/docs/resources/message#message-object):
// a mention of the bot in content ("<@id>") is listed in mentions; with
// replyTo set it is a reply (type 19) to that message, which Discord
// includes as referenced_message (by the bot when replyTo.bot).
func guildMessage(id, channel, user, content string, replyTo *replied) map[string]any {
	users := map[string]string{annaID: "anna.acme", berndID: "bernd", carlaID: "carla"}
	m := map[string]any{
		"id": id, "channel_id": channel, "guild_id": guildID, "type": 0, "content": content,
		"timestamp": time.Now().UTC().Format("2006-01-02T15:04:05.000000+00:00"),
		"tts":       false, "pinned": false, "flags": 0, "edited_timestamp": nil,
		"mentions": []any{}, "mention_roles": []any{}, "mention_everyone": false,
		"attachments": []any{}, "embeds": []any{}, "components": []any{},
		"author": map[string]any{"id": user, "username": users[user], "global_name": nil, "discriminator": "0", "avatar": nil},
		"member": map[string]any{"roles": []any{}, "nick": nil, "joined_at": "2024-11-02T10:20:30.000000+00:00", "deaf": false, "mute": false, "flags": 0},
	}
	var mentions []any
	if strings.Contains(content, "<@"+botID+">") {
		mentions = append(mentions, map[string]any{"id": botID, "username": "mspbot", "bot": true, "discriminator": "0"})
	}
	if replyTo != nil {
		m["type"] = 19
		m["message_reference"] = map[string]any{"type": 0, "message_id": replyTo.id, "channel_id": channel, "guild_id": guildID}
		author := map[string]any{"id": annaID, "username": "anna.acme"}
		if replyTo.bot {
			author = map[string]any{"id": botID, "username": "mspbot", "bot": true}
			if replyTo.ping { // "@ON": Discord lists the replied-to author
				mentions = append(mentions, author)
			}
		}
		m["referenced_message"] = map[string]any{"id": replyTo.id, "channel_id": channel, "type": 0, "content": "…",
			"author": author, "mentions": []any{}, "attachments": []any{}, "embeds": []any{},
			"timestamp": time.Now().UTC().Format("2006-01-02T15:04:05.000000+00:00")}
	}
	if mentions != nil {
		m["mentions"] = mentions
	}
	return m
}

// replied is the message a guildMessage replies to.
type replied struct {
	id        string
	bot, ping bool
}

// logBuffer collects an adapter's log lines for a test to read.
type logBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func (l *logBuffer) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(l, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
