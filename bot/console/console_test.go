package console

import (
	"context"
	"strings"
	"testing"

	"github.com/mspbot/mspbot/bot"
)

// replier answers every event through the adapter, like the Engine does,
// and records what it got.
type replier struct {
	a      *Adapter
	events []bot.Event
}

func (r *replier) Handle(ctx context.Context, ev bot.Event) (bot.Outcome, error) {
	r.events = append(r.events, ev)
	reply := bot.Reply{Text: "Soll ich den Rückruf so aufnehmen?"}
	if len(r.events) == 1 {
		reply.Buttons = []bot.Button{{Action: "dialogue", Value: "yes", Label: "Ja"}, {Action: "dialogue", Value: "no", Label: "Nein"}}
	}
	if _, err := r.a.Send(ctx, ev.Ref, reply); err != nil {
		return bot.Outcome{}, err
	}
	return bot.Outcome{}, nil
}

func TestTypedNumberPressesTheButtonShownLast(t *testing.T) {
	var out strings.Builder
	a := New(&out, "anna")
	e := &replier{a: a}
	in := strings.NewReader("Rückruf bitte\n2\n2\n")
	if err := a.Run(context.Background(), in, e); err != nil {
		t.Fatal(err)
	}
	if len(e.events) != 3 {
		t.Fatalf("%d events, want 3", len(e.events))
	}
	if !strings.Contains(out.String(), "[1] Ja") || !strings.Contains(out.String(), "[2] Nein") {
		t.Fatalf("buttons not shown:\n%s", out.String())
	}
	first, press, again := e.events[0], e.events[1], e.events[2]
	if first.Kind != bot.KindMessage || first.Text != "Rückruf bitte" {
		t.Fatalf("first event %+v", first)
	}
	if press.Kind != bot.KindButton || press.Action != "dialogue" || press.Value != "no" || press.Target.Message == "" {
		t.Fatalf("typed 2 gave %+v, want the press of button 2 on the shown message", press)
	}
	// The reply to the press had no buttons: a "2" now is a message.
	if again.Kind != bot.KindMessage || again.Text != "2" {
		t.Fatalf("second 2 gave %+v, want a message", again)
	}
}
