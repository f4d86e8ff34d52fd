package teams

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mspbot/mspbot/bot"
)

// echo answers every message with its text and the buttons the handlers
// use, and every button press and reaction with what it was.
func echo() bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		ev := req.Event
		var text string
		switch ev.Kind {
		case bot.KindMessage:
			_, err := rw.Reply(ctx, bot.Reply{Text: "Sie schrieben: " + ev.Text + "\n<b>Soll ich das so aufnehmen?</b> & mehr", Buttons: []bot.Button{
				{Action: "callback:yes", Label: "Ja", Style: "primary"},
				{Action: "callback:cancel", Label: "Abbrechen", Style: "danger"},
			}})
			return err
		case bot.KindButton:
			text = "Knopf " + ev.Action + " auf " + ev.Target.Message
		default:
			text = "Reaktion " + ev.Emoji + " auf " + ev.Target.Message
		}
		_, err := rw.Reply(ctx, bot.Reply{Text: text})
		return err
	})
}

// TestConversationThroughTheEngine: activities run through a real engine
// on Redis; replies reach the connector in the thread they answer, with a
// valid bearer token, and a redelivered activity is handled once.
func TestConversationThroughTheEngine(t *testing.T) {
	eng := newRealEngine(t, echo())
	en := newEnv(t, eng, nil)
	eng.bind(en.a)

	// A personal message, delivered twice as Teams does when it did not see
	// the first answer in time.
	msg := en.activity(t, "message_personal.json")
	for range 2 {
		if status, body := en.post(t, msg); status != http.StatusAccepted {
			t.Fatalf("status %d (%s), want 202", status, body)
		}
	}
	got := en.ms.WaitActivities(t, 1)
	en.a.Wait()
	if n := len(en.ms.Activities()); n != 1 {
		t.Fatalf("the connector got %d replies for one activity delivered twice", n)
	}
	r := got[0]
	if r.Conversation != dmConv || r.ReplyTo != "1732958142123" || r.Body["replyToId"] != "1732958142123" {
		t.Errorf("reply went to %q replying to %q, want the DM replying to the message", r.Conversation, r.ReplyTo)
	}
	// Text and buttons are one Adaptive Card, never text beside a card:
	// Teams splits such an activity and answers 202 without an id
	// (https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/conversation-messages,
	// message splitting), which the fake does too.
	if r.Body["type"] != "message" || r.Body["text"] != nil || r.Split {
		t.Errorf("reply %s: want a message with the card only", r.Raw)
	}
	wantText := "Sie schrieben: Hallo, ist der Austausch einer defekten Festplatte im Vertrag enthalten?\n<b>Soll ich das so aufnehmen?</b> & mehr"
	if r.Text() != wantText {
		t.Errorf("card text %q, want %q (as written)", r.Text(), wantText)
	}
	card := r.Card()
	if card == nil {
		t.Fatalf("reply %s: want an Adaptive Card", r.Raw)
	}
	for _, b := range card["body"].([]any) {
		blk := b.(map[string]any)
		run := blk["inlines"].([]any)[0].(map[string]any)
		if blk["type"] != "RichTextBlock" || run["type"] != "TextRun" {
			t.Errorf("card body %v: want RichTextBlocks of TextRuns (no Markdown)", blk)
		}
	}
	actions := card["actions"].([]any)
	yes := actions[0].(map[string]any)
	if len(actions) != 2 || yes["type"] != "Action.Execute" || yes["verb"] != "callback:yes" || yes["title"] != "Ja" ||
		yes["style"] != "positive" || yes["fallback"].(map[string]any)["type"] != "Action.Submit" ||
		yes["data"].(map[string]any)["action"] != "callback:yes" || actions[1].(map[string]any)["style"] != "destructive" {
		t.Errorf("actions %v", actions)
	}

	// A channel post mentioning the bot: answered in its thread.
	if status, _ := en.post(t, en.activity(t, "message_channel_mention.json")); status != http.StatusAccepted {
		t.Fatalf("status %d", status)
	}
	r = en.ms.WaitActivities(t, 2)[1]
	if r.Conversation != acmeChannel+";messageid=1732958200456" || r.ReplyTo != "1732958200456" {
		t.Errorf("channel reply went to %q replying to %q, want the thread of the post", r.Conversation, r.ReplyTo)
	}

	// Buttons, both ways, and a reaction.
	for i, name := range []string{"invoke_action_execute.json", "message_action_submit.json", "reaction_added_eyes.json"} {
		body := en.activity(t, name)
		if status, _ := en.post(t, body); status != http.StatusAccepted && status != http.StatusOK {
			t.Fatalf("%s: status %d", name, status)
		}
		// Redelivered: handled once.
		_, _ = en.post(t, body)
		r = en.ms.WaitActivities(t, 3+i)[2+i]
		want := map[int]string{
			0: "Knopf callback:yes auf 1732958150999",
			1: "Knopf callback:cancel auf 1732958150999",
			2: "Reaktion eyes auf 1732959000789",
		}[i]
		if r.Text() != want {
			t.Errorf("%s: answer %q, want %q", name, r.Text(), want)
		}
	}
	en.a.Wait()
	if n := len(en.ms.Activities()); n != 5 {
		t.Errorf("the connector got %d messages for 5 activities, each delivered twice", n)
	}
	if r := en.ms.Activities()[4]; r.Conversation != staffChannel+";messageid=1732959000789" || r.ReplyTo != "" {
		t.Errorf("answer to a reaction went to %q replying to %q, want the reacted thread", r.Conversation, r.ReplyTo)
	}
	if en.ms.Rejected() != 0 {
		t.Errorf("the connector refused %d requests for their token", en.ms.Rejected())
	}
}

// TestTokenCache: many replies share one access token; it is fetched again
// once it is about to expire, and when the connector refuses it.
func TestTokenCache(t *testing.T) {
	en := newEnv(t, nil, nil)
	to := bot.Ref{Platform: Platform, Channel: dmConv}
	send := func() {
		t.Helper()
		if _, err := en.a.Send(context.Background(), to, bot.Reply{Text: "Hallo"}); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if _, err := en.a.Send(context.Background(), to, bot.Reply{Text: "Hallo"}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := en.ms.TokenFetches(); n != 1 {
		t.Fatalf("%d token fetches for 20 replies, want 1", n)
	}
	// The fake's tokens live an hour; the adapter renews 5 minutes early.
	en.clock.Add(54 * time.Minute)
	send()
	if n := en.ms.TokenFetches(); n != 1 {
		t.Fatalf("after 54 minutes: %d token fetches, want still 1", n)
	}
	en.clock.Add(2 * time.Minute)
	send()
	if n := en.ms.TokenFetches(); n != 2 {
		t.Fatalf("after 56 minutes: %d token fetches, want 2", n)
	}
	en.ms.Revoke()
	send()
	if n := en.ms.TokenFetches(); n != 3 || en.ms.Rejected() != 1 {
		t.Fatalf("after a revoked token: %d fetches and %d refusals, want 3 and 1", n, en.ms.Rejected())
	}
	if n := len(en.ms.Activities()); n != 23 {
		t.Fatalf("the connector got %d messages, want 23", n)
	}
}

// TestSendErrors: a wrong secret, a reply for another platform and an empty
// reply are errors that name the problem and never show the secret.
func TestSendErrors(t *testing.T) {
	en := newEnv(t, nil, func(o *Options) { o.AppPassword = "wrong-secret-value" })
	_, err := en.a.Send(context.Background(), bot.Ref{Platform: Platform, Channel: dmConv}, bot.Reply{Text: "Hallo"})
	if err == nil || !strings.Contains(err.Error(), "invalid_client") || !strings.Contains(err.Error(), "TEAMS_APP_PASSWORD") ||
		strings.Contains(err.Error(), "wrong-secret-value") {
		t.Fatalf("wrong secret: %v", err)
	}
	if _, err := en.a.Send(context.Background(), bot.Ref{Platform: "slack", Channel: "C1"}, bot.Reply{Text: "x"}); err == nil {
		t.Error("a Slack conversation was accepted")
	}
	if _, err := en.a.Send(context.Background(), bot.Ref{Platform: Platform, Channel: dmConv}, bot.Reply{Text: " "}); err == nil {
		t.Error("an empty reply was accepted")
	}
	if len(en.ms.Activities()) != 0 {
		t.Error("something reached the connector")
	}
}

// TestProactivePost: a post into a channel no activity came from goes to
// MSPBOT_TEAMS_SERVICE_URL as a new message; once an activity showed the
// conversation's own serviceUrl, that one is used.
func TestProactivePost(t *testing.T) {
	en := newEnv(t, nil, nil)
	sent, err := en.a.Send(context.Background(), bot.Ref{Platform: Platform, Channel: staffChannel}, bot.Reply{Text: "Neuer Rückruf CB-26-0001"})
	if err != nil {
		t.Fatal(err)
	}
	r := en.ms.Activities()[0]
	if r.Conversation != staffChannel || r.ReplyTo != "" || r.Body["replyToId"] != nil {
		t.Errorf("post went to %q replying to %q, want a new message in the channel", r.Conversation, r.ReplyTo)
	}
	if sent.Ref.Message != r.ID || sent.Ref.Channel != staffChannel || sent.Ref.Platform != Platform {
		t.Errorf("Sent %+v, want the connector's id %s", sent.Ref, r.ID)
	}

	// Learnt serviceUrls win over the configured one.
	dead := newEnv(t, nil, func(o *Options) { o.ServiceURL = "http://127.0.0.1:1/" })
	if _, err := dead.a.Send(context.Background(), bot.Ref{Platform: Platform, Channel: dmConv}, bot.Reply{Text: "x"}); err == nil {
		t.Fatal("a post to a dead connector succeeded")
	}
	if status, _ := dead.post(t, dead.activity(t, "conversation_update_team.json")); status != http.StatusAccepted {
		t.Fatalf("status %d", status)
	}
	if status, _ := dead.post(t, dead.activity(t, "message_channel_no_mention.json")); status != http.StatusAccepted {
		t.Fatalf("status %d", status)
	}
	if _, err := dead.a.Send(context.Background(), bot.Ref{Platform: Platform, Channel: acmeChannel}, bot.Reply{Text: "x"}); err != nil {
		t.Fatalf("after an activity from the channel: %v", err)
	}
}
