package teams

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/mspbot/mspbot/bot"
)

// TestTextAndButtonsOneMessage: Teams shows text and cards as separate
// messages, so an activity with both is split in two and answered
// "202 Accepted" without an id ("Send and receive messages", note on
// message splitting:
// https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/conversation-messages).
// The fake does the same. The adapter therefore sends a reply with buttons
// as one card holding the text, and gets the id back: the id a ticket's
// staff post is linked by, which reactions (👀, ✅) and the post's thread
// are matched with. Before, the staff post was linked to "teams/<channel>/".
func TestTextAndButtonsOneMessage(t *testing.T) {
	en := newEnv(t, nil, nil)
	ctx := context.Background()

	// What Teams does with text beside a card.
	tok, err := en.a.tokens.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, en.ms.ServiceURL()+"v3/conversations/"+staffChannel+"/activities",
		bytes.NewReader([]byte(`{"type":"message","text":"Neuer Rückruf","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","content":{"type":"AdaptiveCard","version":"1.4","body":[],"actions":[]}}]}`)))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusAccepted || res.ContentLength > 0 || len(en.ms.Activities()) != 2 {
		t.Fatalf("the fake answered text and card with %d (%d bytes) and %d messages, want 202 without an id and two messages",
			res.StatusCode, res.ContentLength, len(en.ms.Activities()))
	}

	// What the adapter does: one message, its id returned.
	staff := bot.Ref{Platform: Platform, Channel: staffChannel}
	sent, err := en.a.Send(ctx, staff, bot.Reply{Text: "🔔 Neuer Rückruf CB-26-0001\nAnna Schmidt", Buttons: []bot.Button{
		{Action: "ticket:claim", Value: "CB-26-0001", Label: "Übernehmen"}, {Action: "ticket:done", Value: "CB-26-0001", Label: "Erledigt"}}})
	if err != nil {
		t.Fatal(err)
	}
	got := en.ms.Activities()
	if len(got) != 3 {
		t.Fatalf("%d messages after the staff post, want 3 (one for it)", len(got))
	}
	post := got[2]
	if sent.Ref.Message == "" || sent.Ref.Message != post.ID || post.Split || post.Conversation != staffChannel {
		t.Fatalf("Sent %+v for message %s (split %v) in %q, want its id", sent.Ref, post.ID, post.Split, post.Conversation)
	}
	if post.Text() != "🔔 Neuer Rückruf CB-26-0001\nAnna Schmidt" || len(post.Buttons()) != 2 {
		t.Errorf("post shows %q with buttons %v", post.Text(), post.Buttons())
	}
}

// TestNoMessageIDFails: should the connector accept a post without an id
// (202, as for a split activity:
// https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/conversation-messages),
// Send fails with ErrNoMessageID instead of returning an empty id for a
// handler to store.
func TestNoMessageIDFails(t *testing.T) {
	en := newEnv(t, nil, nil)
	en.ms.AnswerWithoutIDs(true)
	sent, err := en.a.Send(context.Background(), bot.Ref{Platform: Platform, Channel: staffChannel}, bot.Reply{Text: "Neuer Rückruf"})
	if !errors.Is(err, ErrNoMessageID) || sent.Ref.Message != "" {
		t.Fatalf("Send = %+v, %v; want ErrNoMessageID", sent, err)
	}
}
