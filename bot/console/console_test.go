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

func TestWrapAtWordBoundaries(t *testing.T) {
	text := "Das ist im Vertrag nicht enthalten: Arbeiten an Hardware-Problemen sind ausgeschlossen.\nQuelle: FAQ\n  eingerückt  bleibt es"
	got := Wrap(text, 30)
	for _, line := range strings.Split(got, "\n") {
		if len([]rune(line)) > 30 {
			t.Errorf("line %q is longer than 30 columns", line)
		}
	}
	if strings.Join(strings.Fields(got), " ") != strings.Join(strings.Fields(text), " ") {
		t.Errorf("wrapping lost or broke words:\n%s", got)
	}
	want := "Das ist im Vertrag nicht\nenthalten: Arbeiten an\nHardware-Problemen sind\nausgeschlossen.\nQuelle: FAQ\n  eingerückt  bleibt es"
	if got != want {
		t.Errorf("Wrap =\n%s\nwant\n%s", got, want)
	}
	long := "see https://example.com/a/very/long/path/that/does/not/fit ok"
	if got := Wrap(long, 20); got != "see\nhttps://example.com/a/very/long/path/that/does/not/fit\nok" {
		t.Errorf("a long word should stand alone, unbroken: %q", got)
	}
	if Wrap(text, 0) != text {
		t.Error("width 0 should not wrap")
	}
}

func TestTerminalGreetsAndWrapsReplies(t *testing.T) {
	for _, tc := range []struct {
		lang, env string
		want      []string
	}{
		{"de", "de_DE.UTF-8", []string{"Schreiben Sie Ihre Nachricht", "Bei Knöpfen wie [1] Ja genügt die Zahl", "Beenden mit exit oder Strg-D", "stehen in /tmp/mspbot.log"}},
		{"en", "en_GB.UTF-8", []string{"type your message", "For buttons like [1] Yes, type the number", "Leave with exit or Ctrl-D", "go to /tmp/mspbot.log"}},
	} {
		if got := LangFromEnv(tc.env); got != tc.lang {
			t.Errorf("LangFromEnv(%q) = %q, want %q", tc.env, got, tc.lang)
		}
		var out strings.Builder
		a := New(&out, "anna")
		a.SetTerminal(Terminal{Lang: tc.lang, Width: 40, Greet: true, LogFile: "/tmp/mspbot.log"})
		e := &replier{a: a}
		if err := a.Run(context.Background(), strings.NewReader("Rückruf bitte, und zwar möglichst heute noch\n1\n"), e); err != nil {
			t.Fatal(err)
		}
		s := out.String()
		greeting := s[:strings.Index(s, "> ")]
		for _, w := range tc.want {
			if !strings.Contains(strings.Join(strings.Fields(greeting), " "), w) {
				t.Errorf("%s greeting lacks %q:\n%s", tc.lang, w, greeting)
			}
		}
		for _, line := range strings.Split(s, "\n") {
			if len([]rune(strings.TrimPrefix(line, "> "))) > 40 {
				t.Errorf("line %q is wider than the terminal (40)", line)
			}
		}
		if len(e.events) != 2 || e.events[1].Kind != bot.KindButton || e.events[1].Value != "yes" {
			t.Errorf("typing 1 after [1] Ja should press it, events %+v", e.events)
		}
	}
	// Serving in a terminal: leaving the chat does not stop the program.
	var out strings.Builder
	a := New(&out, "")
	a.SetTerminal(Terminal{Lang: "en", Greet: true, Serving: true, WarningsOnly: true})
	if err := a.Run(context.Background(), strings.NewReader(""), &replier{a: a}); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"the web chat keeps running", "Ctrl-C stops mspbot", "only warnings"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("serving greeting lacks %q:\n%s", w, out.String())
		}
	}
}
