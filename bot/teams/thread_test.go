package teams

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/handlers"
	"github.com/mspbot/mspbot/internal/teamstest"
	"github.com/mspbot/mspbot/redisstore"
	"github.com/mspbot/mspbot/tickets"
)

// callbackEngine is mspbot as cmd/mspbot wires it for callbacks: the real
// reader, handlers and engine on the test Redis, with new tickets posted to
// the Teams staff channel.
func callbackEngine(t *testing.T) (*realEngine, *tickets.Service) {
	t.Helper()
	env := newHandlerEnv(t)
	log := testLogger(t)
	svc := tickets.NewService(redisstore.NewTickets(env.client, env.keys), false)
	deps := handlers.Deps{Reader: env.reader, Knowledge: env.base, Logger: log,
		Callbacks: &handlers.Callbacks{Tickets: svc, Calendar: env.cal, Region: env.phone,
			StaffRooms: []bot.Ref{{Platform: Platform, Channel: staffChannel}}, Logger: log}}
	e := bot.NewEngine(redisstore.NewSessions(env.client, redisstore.SessionOptions{Keys: env.keys}), handlers.NewMux(deps),
		bot.EngineOptions{Logger: log})
	return &realEngine{Engine: e}, svc
}

// channelActivity is an activity in the Acme channel as Teams sends it:
// in the thread of root (a post of its own when root is the id), from
// Carla unless from is given, mentioning the bot when text holds
// "<at>mspbot</at>".
func channelActivity(serviceURL, id, root, text string, fields map[string]any) []byte {
	a := map[string]any{
		"type": "message", "id": id, "timestamp": time.Now().UTC().Format(time.RFC3339Nano), "channelId": "msteams",
		"serviceUrl": serviceURL, "text": text, "textFormat": "plain", "locale": "de-DE",
		"from":         map[string]any{"id": "29:carla", "name": "Carla Kunde", "aadObjectId": carlaAAD},
		"recipient":    map[string]any{"id": testBot, "name": "mspbot"},
		"conversation": map[string]any{"isGroup": true, "conversationType": "channel", "tenantId": acmeTenant, "id": acmeChannel + ";messageid=" + root},
		"channelData": map[string]any{"teamsChannelId": acmeChannel, "channel": map[string]any{"id": acmeChannel},
			"team": map[string]any{"id": staffTeam}, "tenant": map[string]any{"id": acmeTenant}},
	}
	if strings.Contains(text, "<at>mspbot</at>") {
		a["entities"] = []any{map[string]any{"type": "mention", "text": "<at>mspbot</at>", "mentioned": map[string]any{"id": testBot, "name": "mspbot"}}}
	}
	for k, v := range fields {
		a[k] = v
	}
	b, _ := json.Marshal(a)
	return b
}

// TestThreadDialogueWithoutMention: with the RSC permission
// ChannelMessage.Read.Group Teams delivers every channel message to the
// bot, mention or not ("Receive all conversation messages",
// https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/channel-messages-with-rsc).
// A client asks for a callback by mentioning the bot in a channel and
// answers its questions in the thread of its answer without mentioning it
// again, through the real engine and handlers on Redis, until the ticket is
// filed and posted to the staff channel. A post of its own without a
// mention, a reply without a mention in a thread the bot never answered in
// (staff under the ticket it posted), a reply in its thread addressed to a
// colleague and another bot's message stay unanswered. Before, every answer in the thread was dropped.
func TestThreadDialogueWithoutMention(t *testing.T) {
	eng, svc := callbackEngine(t)
	en := newEnv(t, eng, nil)
	eng.bind(en.a)
	n := 0
	say := func(id, root, text string, fields map[string]any) []teamstest.Activity {
		t.Helper()
		if status, body := en.post(t, channelActivity(en.ms.ServiceURL(), id, root, text, fields)); status != http.StatusAccepted && status != http.StatusOK {
			t.Fatalf("%q: status %d (%s)", text, status, body)
		}
		en.a.Wait()
		got := en.ms.Activities()[n:]
		n += len(got)
		return got
	}
	answer := func(id, text string) teamstest.Activity {
		t.Helper()
		got := say(id, "1733100000001", text, nil)
		if len(got) != 1 {
			t.Fatalf("%q in the bot's thread: %d answers, want 1", text, len(got))
		}
		if got[0].Conversation != acmeChannel+";messageid=1733100000001" || got[0].ReplyTo != id {
			t.Fatalf("%q: answered in %q replying to %q, want the thread replying to %s", text, got[0].Conversation, got[0].ReplyTo, id)
		}
		return got[0]
	}

	// Unmentioned: a post of its own, and a reply in a thread the bot is not in.
	if got := say("1733100000000", "1733100000000", "Hat jemand das WLAN-Passwort?", nil); len(got) != 0 {
		t.Fatalf("a post without a mention was answered: %q", got[0].Text())
	}
	if got := say("1733100000090", "1733100000000", "Ja, steht im Wiki", nil); len(got) != 0 {
		t.Fatalf("a reply in a thread the bot is not in was answered: %q", got[0].Text())
	}

	// The request, with a mention: answered in a new thread under the post.
	got := say("1733100000001", "1733100000001", "<at>mspbot</at> Bitte rufen Sie mich zurück, unser Drucker druckt nicht", nil)
	if len(got) != 1 || got[0].Conversation != acmeChannel+";messageid=1733100000001" {
		t.Fatalf("the mention got %d answers, want one in its thread", len(got))
	}
	// The answers, in that thread, without a mention.
	answer("1733100000002", "Anna Schmidt")
	answer("1733100000003", "040 696 450 99")
	summary := answer("1733100000004", "so schnell wie möglich")
	if !strings.Contains(summary.Text(), "Soll ich das so aufnehmen?") || len(summary.Buttons()) == 0 {
		t.Fatalf("summary %q without its buttons", summary.Text())
	}
	// Confirmed with the card's button (an Action.Execute invoke).
	filed := say("f:1733100000005", "1733100000001", "", map[string]any{"type": "invoke", "name": "adaptiveCard/action", "replyToId": summary.ID,
		"value": map[string]any{"action": map[string]any{"type": "Action.Execute", "verb": "callback:yes", "data": map[string]any{"action": "callback:yes"}}}})
	if len(filed) != 2 {
		t.Fatalf("pressing Ja: %d messages, want the staff post and the confirmation", len(filed))
	}
	id := regexp.MustCompile(`CB-\d+-\d+`).FindString(filed[1].Text())
	if id == "" || filed[0].Conversation != staffChannel || filed[1].Conversation != acmeChannel+";messageid=1733100000001" {
		t.Fatalf("staff post in %q, confirmation %q in %q", filed[0].Conversation, filed[1].Text(), filed[1].Conversation)
	}
	tk, err := svc.ByMessage(context.Background(), handlers.MessageKey(bot.Ref{Platform: Platform, Channel: staffChannel, Message: filed[0].ID}))
	if err != nil || tk.ID != id {
		t.Errorf("staff post %s linked to %q (%v), want %s", filed[0].ID, tk.ID, err, id)
	}
	// Staff talking under the ticket the bot posted stay among themselves.
	if got := say("1733100000093", filed[0].ID, "Ich rufe sie gleich an", map[string]any{
		"from":         map[string]any{"id": "29:ben", "name": "Ben Techniker", "aadObjectId": benAAD},
		"conversation": map[string]any{"isGroup": true, "conversationType": "channel", "tenantId": acmeTenant, "id": staffChannel + ";messageid=" + filed[0].ID},
	}); len(got) != 0 {
		t.Errorf("staff talking under the ticket post were answered: %q", got[0].Text())
	}
	// A colleague addressed by name in the bot's thread is not the bot.
	if got := say("1733100000094", "1733100000001", "<at>Ben Techniker</at> kannst du das übernehmen?", map[string]any{"entities": []any{
		map[string]any{"type": "mention", "text": "<at>Ben Techniker</at>", "mentioned": map[string]any{"id": "29:ben", "name": "Ben Techniker"}}}}); len(got) != 0 {
		t.Errorf("a reply addressed to a colleague was answered: %q", got[0].Text())
	}
	// Still silent elsewhere, and the bot ignores other bots in its thread.
	if got := say("1733100000095", "1733100000000", "Danke!", nil); len(got) != 0 {
		t.Errorf("a reply in another thread was answered after the dialogue: %q", got[0].Text())
	}
	if got := say("1733100000096", "1733100000001", "Build 42 ist fertig", map[string]any{"from": map[string]any{"id": "28:other-bot", "name": "CI"}}); len(got) != 0 {
		t.Errorf("another bot's message in the thread was answered: %q", got[0].Text())
	}
}

// TestRepliesFollowedOnEveryReplica: with the marks on Redis
// (redisstore.Marks, as cmd/mspbot wires them) a thread the bot answered
// in on one replica is followed on another, and an installation that
// Teams announces twice, to two replicas, is welcomed once.
func TestRepliesFollowedOnEveryReplica(t *testing.T) {
	he := newHandlerEnv(t)
	marks := redisstore.NewMarks(he.client, he.keys)
	rec := newRecorder()
	first := newEnv(t, rec, func(o *Options) { o.Marks = marks })
	second := newEnv(t, rec, func(o *Options) { o.Marks = marks })

	// Replica one answers the request in its thread.
	if _, err := first.a.Send(context.Background(), bot.Ref{Platform: Platform, Workspace: acmeTenant, Channel: acmeChannel,
		Thread: "1733300000001", Message: "1733300000001"}, bot.Reply{Text: "Unter welcher Telefonnummer erreichen wir Sie?"}); err != nil {
		t.Fatal(err)
	}
	// Replica two gets the answer in that thread, without a mention.
	if status, _ := second.post(t, channelActivity(second.ms.ServiceURL(), "1733300000002", "1733300000001", "040 696 450 99", nil)); status != http.StatusAccepted {
		t.Fatalf("status %d", status)
	}
	if ev := rec.next(t); ev.Text != "040 696 450 99" || ev.Ref.Thread != "1733300000001" {
		t.Errorf("replica two passed on %+v", ev)
	}
	second.a.Wait()

	personal := map[string]any{"conversationType": "personal", "tenantId": acmeTenant, "id": dmConv}
	for i, en := range []*env{first, second} {
		body := installActivity(en.ms.ServiceURL(), "installationUpdate", "f:"+string(rune('1'+i)), acmeTenant, personal, "", map[string]any{"action": "add"})
		if status, _ := en.post(t, body); status != http.StatusAccepted {
			t.Fatalf("status %d", status)
		}
		en.a.Wait()
	}
	if n := len(first.ms.Activities()) - 1 + len(second.ms.Activities()); n != 1 {
		t.Errorf("%d welcomes for one installation announced to two replicas, want 1", n)
	}
}
