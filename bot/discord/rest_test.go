package discord

// These tests point discordgo's process-global endpoint variables at a
// loopback server (newFakeDiscord), so none of them runs in parallel.

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/internal/discordtest"
)

// TestSendReplyWithButtons checks the JSON Send posts for a reply with
// buttons: content, message_reference to the message answered, components
// with parseable custom ids and styles, mentions limited to users, the bot
// token, and the Sent it returns.
func TestSendReplyWithButtons(t *testing.T) {
	f := newFakeDiscord(t, discordtest.Options{})
	a := newTestAdapter(t, Options{})

	to := bot.Ref{Platform: Platform, Workspace: guildID, Channel: channelID, Message: "1500000000000000001", User: annaID}
	reply := bot.Reply{Text: "Ticket T-1042 is open. Who takes it? @everyone", Buttons: []bot.Button{
		{Action: "ticket:claim", Value: "T-1042", Label: "Take it", Style: "primary"},
		{Action: "ticket:reject", Value: "T-1042", Label: "Reject", Style: "danger"},
		{Action: "help", Label: "Help"},
	}}
	sent, err := a.Send(context.Background(), to, reply)
	if err != nil {
		t.Fatal(err)
	}
	posts := f.Messages(channelID)
	if len(posts) != 1 {
		t.Fatalf("%d posts, want 1", len(posts))
	}
	p := posts[0]
	if p.Request.Auth != "Bot "+testToken {
		t.Errorf("Authorization = %q", p.Request.Auth)
	}
	if p.Request.ContentType != "application/json" {
		t.Errorf("Content-Type = %q", p.Request.ContentType)
	}
	if p.Content != reply.Text {
		t.Errorf("content = %q", p.Content)
	}
	ref := p.Reference
	if ref == nil || ref.MessageID != to.Message || ref.ChannelID != channelID || ref.GuildID != guildID ||
		ref.FailIfNotExists == nil || *ref.FailIfNotExists {
		t.Errorf("message_reference = %+v", ref)
	}
	// nothing a client typed notifies anyone: no parsing of everyone, roles
	// or users; only the bot's own mentions (none here) are listed
	if am := p.AllowedMentions; am == nil || len(am.Parse) != 0 || len(am.Users) != 0 || !am.RepliedUser {
		t.Errorf("allowed_mentions = %+v (must parse nothing)", am)
	}
	if len(p.Components) != 1 || p.Components[0].Type != 1 || len(p.Components[0].Components) != 3 {
		t.Fatalf("components = %s", p.Request.Body)
	}
	wantButtons := []struct {
		style       int
		label, id   string
		action, val string
	}{
		{1, "Take it", "ticket:claim|T-1042", "ticket:claim", "T-1042"},
		{4, "Reject", "ticket:reject|T-1042", "ticket:reject", "T-1042"},
		{2, "Help", "help", "help", ""},
	}
	for i, w := range wantButtons {
		b := p.Components[0].Components[i]
		if b.Type != 2 || b.Style != w.style || b.Label != w.label || b.CustomID != w.id {
			t.Errorf("button %d = %+v, want %+v", i, b, w)
		}
		if act, val := parseCustomID(b.CustomID); act != w.action || val != w.val {
			t.Errorf("button %d parses back as %q, %q", i, act, val)
		}
	}
	want := bot.Ref{Platform: Platform, Workspace: guildID, Channel: channelID, Message: "2000000000000000001"}
	if sent.Ref != want || sent.Text != reply.Text || len(sent.Buttons) != 3 || sent.Time.IsZero() {
		t.Errorf("Sent = %+v, want Ref %+v", sent, want)
	}
}

// TestSendDirectAndLong: a message to a DM without a message to answer has
// no message_reference; a text beyond 2000 characters goes out in pieces,
// the reference on the first, the buttons on the last, whose id is returned;
// six buttons make two rows.
func TestSendDirectAndLong(t *testing.T) {
	f := newFakeDiscord(t, discordtest.Options{})
	a := newTestAdapter(t, Options{})

	if _, err := a.Send(context.Background(), bot.Ref{Platform: Platform, Channel: dmChannelID}, bot.Reply{Text: "Hallo"}); err != nil {
		t.Fatal(err)
	}
	dm := f.Messages(dmChannelID)
	if len(dm) != 1 {
		t.Fatalf("%d posts to the DM", len(dm))
	}
	if dm[0].Reference != nil || dm[0].Content != "Hallo" {
		t.Errorf("DM body = %s", dm[0].Request.Body)
	}

	para := strings.Repeat("Lorem ipsum dolor sit amet. ", 30) + "\n" // 841 characters
	text := strings.Repeat(para, 5)
	var buttons []bot.Button
	for i := range 6 {
		buttons = append(buttons, bot.Button{Action: "slot:pick", Value: string(rune('a' + i)), Label: "Slot"})
	}
	to := bot.Ref{Platform: Platform, Workspace: guildID, Channel: channelID, Message: "1500000000000000001"}
	sent, err := a.Send(context.Background(), to, bot.Reply{Text: text, Buttons: buttons})
	if err != nil {
		t.Fatal(err)
	}
	posts := f.Messages(channelID)
	if len(posts) != 3 {
		t.Fatalf("%d posts, want 3", len(posts))
	}
	var joined strings.Builder
	for i, p := range posts {
		if n := len([]rune(p.Content)); n > 2000 || n == 0 {
			t.Errorf("piece %d has %d characters", i, n)
		}
		joined.WriteString(p.Content + " ")
		if (p.Reference != nil) != (i == 0) {
			t.Errorf("piece %d: message_reference %+v", i, p.Reference)
		}
		rows := p.Components
		if i < 2 && len(rows) != 0 {
			t.Errorf("piece %d carries buttons", i)
		}
		if i == 2 && len(rows) != 2 {
			t.Errorf("last piece has %d rows, want 2", len(rows))
		}
	}
	if strings.Join(strings.Fields(joined.String()), " ") != strings.Join(strings.Fields(text), " ") {
		t.Error("the pieces do not add up to the text")
	}
	if sent.Ref.Message != "2000000000000000004" {
		t.Errorf("Sent.Ref.Message = %q, want the last piece's id", sent.Ref.Message)
	}
}

func TestSendErrors(t *testing.T) {
	f := newFakeDiscord(t, discordtest.Options{})
	a := newTestAdapter(t, Options{})
	f.ForbidChannel("1399999999999999999")

	_, err := a.Send(context.Background(), bot.Ref{Platform: Platform, Channel: "1399999999999999999"}, bot.Reply{Text: "x"})
	var rest *discordgo.RESTError
	if !errors.As(err, &rest) || rest.Message == nil || rest.Message.Code != 50001 || !strings.Contains(err.Error(), "discord send to channel 1399999999999999999") {
		t.Errorf("forbidden channel: %v", err)
	}
	for name, r := range map[string]bot.Reply{
		"separator in action": {Text: "x", Buttons: []bot.Button{{Action: "a|b", Label: "x"}}},
		"no action":           {Text: "x", Buttons: []bot.Button{{Label: "x"}}},
		"duplicate":           {Text: "x", Buttons: []bot.Button{{Action: "a", Label: "1"}, {Action: "a", Label: "2"}}},
		"too long":            {Text: "x", Buttons: []bot.Button{{Action: "a", Value: strings.Repeat("v", 100), Label: "x"}}},
		"empty":               {},
	} {
		if _, err := a.Send(context.Background(), bot.Ref{Platform: Platform, Channel: channelID}, r); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := a.Send(context.Background(), bot.Ref{Platform: "slack", Channel: channelID}, bot.Reply{Text: "x"}); err == nil {
		t.Error("other platform accepted")
	}
	if n := len(f.Requests("POST", "/messages")); n != 1 {
		t.Errorf("%d posts, want only the forbidden one", n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := a.Send(ctx, bot.Ref{Platform: Platform, Channel: channelID}, bot.Reply{Text: "x"}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: %v", err)
	}
}

// engineFunc adapts a function to Engine.
type engineFunc func(ctx context.Context, ev bot.Event) (bot.Outcome, error)

func (f engineFunc) Handle(ctx context.Context, ev bot.Event) (bot.Outcome, error) { return f(ctx, ev) }

// TestInteractionDeferred: a button press is acknowledged with a deferred
// message update (type 6) at the interaction's callback before the engine
// sees it, within the 3 seconds Discord allows
// (https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction);
// the event handler itself returns at once.
func TestInteractionDeferred(t *testing.T) {
	f := newFakeDiscord(t, discordtest.Options{})
	a := newTestAdapter(t, Options{})

	var mu sync.Mutex
	var got []bot.Event
	var acked bool
	release := make(chan struct{})
	e := engineFunc(func(ctx context.Context, ev bot.Event) (bot.Outcome, error) {
		<-release
		mu.Lock()
		defer mu.Unlock()
		got = append(got, ev)
		acked = len(f.Callbacks()) == 1
		if _, ok := ctx.Deadline(); !ok {
			t.Error("handler context without deadline")
		}
		return bot.Outcome{}, nil
	})
	frame := loadFrame(t, "interaction_create_button.json")
	f.RegisterInteraction(t, frame.D) // delivered now, as if through the gateway
	ic := decodeEvent(t, frame).(*discordgo.InteractionCreate)
	start := time.Now()
	a.onInteraction(context.Background(), e, ic)
	if d := time.Since(start); d > time.Second {
		t.Errorf("the gateway handler blocked for %v", d)
	}
	close(release)
	a.Wait()

	cb := f.Callbacks()
	if len(cb) != 1 || len(f.Requests("POST", "/callback")) != 1 {
		t.Fatalf("%d interaction callbacks, want 1", len(cb))
	}
	wantPath := "/api/v" + discordgo.APIVersion + "/interactions/1900000000000000001/" + ic.Token + "/callback"
	if cb[0].Request.Path != wantPath {
		t.Errorf("callback path %s, want %s", cb[0].Request.Path, wantPath)
	}
	if m := cb[0].Request.JSON(t); m["type"] != float64(discordgo.InteractionResponseDeferredMessageUpdate) || cb[0].Type != int(discordgo.InteractionResponseDeferredMessageUpdate) {
		t.Errorf("callback body %s, want type 6", cb[0].Request.Body)
	}
	if cb[0].Refused != "" || cb[0].Late >= discordtest.InteractionDeadline {
		t.Errorf("Discord refused the acknowledgement: %+v", cb[0])
	}
	if cb[0].Request.Auth != "Bot "+testToken {
		t.Errorf("Authorization = %q", cb[0].Request.Auth)
	}
	if len(got) != 1 || got[0].Action != "ticket:claim" || got[0].Value != "T-1042" || !acked {
		t.Errorf("engine got %+v (acknowledged first: %v)", got, acked)
	}
}

// TestStaff checks the staff directory: configured users everywhere, the
// guild's staff role by id or by name read through REST and cached, direct
// messages and other platforms.
func TestStaff(t *testing.T) {
	f := newFakeDiscord(t, discordtest.Options{})
	const guild2 = "1200000000000000002"
	a := newTestAdapter(t, Options{
		StaffRoles: map[string]string{guildID: staffRoleID, guild2: "support"},
		StaffUsers: []string{"1400000000000000099"},
	})
	now := time.Date(2025, 3, 4, 9, 0, 0, 0, time.UTC)
	var clock sync.Mutex
	a.now = func() time.Time { clock.Lock(); defer clock.Unlock(); return now }
	f.SetMember(guildID, doraID, `{"user": {"id": "`+doraID+`", "username": "dora.msp"}, "roles": ["1290000000000000001", "`+staffRoleID+`"], "joined_at": "2024-06-01T12:00:00.000000+00:00", "deaf": false, "mute": false, "flags": 0}`)
	f.SetMember(guildID, annaID, `{"user": {"id": "`+annaID+`", "username": "anna.acme"}, "roles": ["1290000000000000001"], "joined_at": "2024-06-01T12:00:00.000000+00:00", "deaf": false, "mute": false, "flags": 0}`)
	f.SetMember(guild2, doraID, `{"roles": ["2290000000000000005"], "joined_at": "2024-06-01T12:00:00.000000+00:00"}`)
	f.SetRoles(guild2, `[{"id": "`+guild2+`", "name": "@everyone", "managed": false, "permissions": "0", "position": 0}, {"id": "2290000000000000005", "name": "Support", "managed": false, "permissions": "0", "position": 3}]`)
	ctx := context.Background()
	d := a.Staff()
	is := func(ref bot.Ref) bool {
		t.Helper()
		ok, err := d.IsStaff(ctx, ref)
		if err != nil {
			t.Fatalf("IsStaff(%+v): %v", ref, err)
		}
		return ok
	}
	in := func(guild, user string) bot.Ref {
		return bot.Ref{Platform: Platform, Workspace: guild, Channel: channelID, User: user}
	}
	memberCalls := func(guild, user string) int { return len(f.MemberLookups(guild, user)) }

	if !is(in(guildID, doraID)) {
		t.Error("holder of the staff role (by id) is not staff")
	}
	if !is(in(guildID, doraID)) || memberCalls(guildID, doraID) != 1 {
		t.Errorf("second lookup: %d member requests, want 1 (cached)", memberCalls(guildID, doraID))
	}
	if r := f.MemberLookups(guildID, doraID)[0].Request; r.Auth != "Bot "+testToken {
		t.Errorf("Authorization = %q", r.Auth)
	}
	clock.Lock()
	now = now.Add(6 * time.Minute)
	clock.Unlock()
	if !is(in(guildID, doraID)) || memberCalls(guildID, doraID) != 2 {
		t.Errorf("after the cache expired: %d member requests, want 2", memberCalls(guildID, doraID))
	}
	if is(in(guildID, annaID)) {
		t.Error("member without the role is staff")
	}
	// Not a member (404 Unknown Member): not staff, no error, cached.
	// asked twice: the second answer comes from the cache
	first, again := is(in(guildID, carlaID)), is(in(guildID, carlaID))
	if first || again || memberCalls(guildID, carlaID) != 1 {
		t.Errorf("non-member: %d member requests, want 1", memberCalls(guildID, carlaID))
	}
	// Role given by name, resolved once through GET /guilds/{g}/roles.
	first, again = is(in(guild2, doraID)), is(in(guild2, doraID))
	if !first || !again {
		t.Error("holder of the staff role (by name) is not staff")
	}
	if n := len(f.Requests("GET", "/guilds/"+guild2+"/roles")); n != 1 {
		t.Errorf("%d role requests, want 1", n)
	}
	before := len(f.Requests("GET", ""))
	// Staff users are staff everywhere, also in direct messages; nobody else
	// is in DMs, in guilds without a staff role, or on other platforms; none
	// of this asks Discord.
	if !is(in(guildID, "1400000000000000099")) || !is(bot.Ref{Platform: Platform, Channel: dmChannelID, User: "1400000000000000099"}) {
		t.Error("configured staff user is not staff")
	}
	if is(bot.Ref{Platform: Platform, Channel: dmChannelID, User: doraID}) {
		t.Error("role holder is staff in a DM")
	}
	if is(in("1200000000000000003", doraID)) {
		t.Error("staff in a guild without a staff role")
	}
	if is(bot.Ref{Platform: "slack", Workspace: guildID, Channel: channelID, User: "1400000000000000099"}) {
		t.Error("staff on another platform")
	}
	// Roles that came with a gateway event need no request.
	a.staff.remember(guildID, berndID, []string{staffRoleID})
	if !is(in(guildID, berndID)) {
		t.Error("roles from the event not used")
	}
	if after := len(f.Requests("GET", "")); after != before {
		t.Errorf("%d more requests, want none", after-before)
	}
	// A role name the guild does not have is an error the engine logs.
	a2 := newTestAdapter(t, Options{StaffRoles: map[string]string{guild2: "Helpdesk"}})
	if _, err := a2.Staff().IsStaff(ctx, in(guild2, doraID)); err == nil || !strings.Contains(err.Error(), "Helpdesk") {
		t.Errorf("unknown role name: %v", err)
	}
}

// TestSendNotifiesOnlyTheBotsOwnMentions: the signers the bot names
// (bot.MentionUser) are mentioned and notified; a "<@…>" a client typed
// and the bot repeats shows but notifies no one.
func TestSendNotifiesOnlyTheBotsOwnMentions(t *testing.T) {
	text, ids := botMentions("Es unterschreiben: " + bot.MentionUser("80351110224678912") + ", " + bot.MentionUser("80351110224678912") +
		" und " + bot.MentionUser("80351110224678913") + ". Thema: <@123456789012345678> bitte\x1e")
	if text != "Es unterschreiben: <@80351110224678912>, <@80351110224678912> und <@80351110224678913>. Thema: <@123456789012345678> bitte" {
		t.Errorf("text %q", text)
	}
	if !reflect.DeepEqual(ids, []string{"80351110224678912", "80351110224678913"}) {
		t.Errorf("notified %v, want exactly the two signers", ids)
	}
}
