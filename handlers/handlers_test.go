package handlers

import (
	"context"
	"strings"
	"testing"

	"github.com/mspbot/mspbot/bot"
)

// replies is a Responder that records what a handler said.
type replies struct{ texts []string }

func (r *replies) Reply(_ context.Context, rep bot.Reply) (bot.Sent, error) {
	r.texts = append(r.texts, rep.Text)
	return bot.Sent{Text: rep.Text}, nil
}

func (r *replies) Post(ctx context.Context, _ bot.Ref, rep bot.Reply) (bot.Sent, error) {
	return r.Reply(ctx, rep)
}

// say runs one message through the Mux the program uses.
func sayTo(t *testing.T, sess *bot.Session, text string) string {
	t.Helper()
	m := knowledgeMux()
	rw := &replies{}
	req := &bot.Request{Event: bot.Event{Kind: bot.KindMessage, Text: text}, Session: sess}
	if err := m.Handle(context.Background(), rw, req); err != nil {
		t.Fatalf("%q: %v", text, err)
	}
	if len(rw.texts) != 1 {
		t.Fatalf("%q: %d replies, want 1", text, len(rw.texts))
	}
	return rw.texts[0]
}

func TestConversationsInBothLanguages(t *testing.T) {
	cases := []struct{ text, want string }{
		{"Hallo!", "Service-Assistent"},
		{"Good morning", "service assistant"},
		{"Was können Sie?", "Ich kann Ihnen helfen"},
		{"What can you do?", "I can help with"},
		{"Hilfe", "Ich kann Ihnen helfen"},
		{"Hallo, wobei können Sie mir helfen?", "Ich kann Ihnen helfen"},
		{"who are you?", "I can help with"},
		{"Vielen Dank", "Sehr gern"},
		{"thanks a lot", "You're welcome"},
		{"Tschüss", "schönen Tag"},
		{"Wer gewinnt die Bundesliga in diesem Jahr und warum?", "nicht helfen"},
		{"Who will win the election this year and why?", "can't help"},
	}
	for _, tc := range cases {
		if got := sayTo(t, &bot.Session{}, tc.text); !strings.Contains(got, tc.want) {
			t.Errorf("%q -> %q, want it to contain %q", tc.text, got, tc.want)
		}
	}
}

func TestGreetingRemembersTheSession(t *testing.T) {
	sess := &bot.Session{}
	first := sayTo(t, sess, "Hallo")
	second := sayTo(t, sess, "Hallo")
	if !strings.Contains(first, "Service-Assistent") || !strings.Contains(second, "Willkommen zurück") {
		t.Fatalf("first %q, second %q", first, second)
	}
	if sess.Lang != "de" {
		t.Fatalf("session language %q, want de", sess.Lang)
	}
}

func TestFallbackNeverInventsCoverage(t *testing.T) {
	for _, text := range []string{"Ist mein kaputter Monitor im Vertrag?", "Is data recovery included?"} {
		got := sayTo(t, &bot.Session{}, text)
		low := strings.ToLower(got)
		if strings.Contains(low, "abgedeckt") || strings.Contains(low, "covered") || strings.Contains(low, "inklusive") {
			t.Errorf("%q -> %q: the stand-in must not make coverage claims", text, got)
		}
	}
}
