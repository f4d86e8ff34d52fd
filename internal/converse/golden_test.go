package converse

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"testing"
)

// testdata/readers_golden.json holds what converse.py's readers make of
// texts the bot wrote while playing the dev conversations (and of the same
// texts with umlauts, no-break spaces, line breaks and case changes put in
// at random), and which of the dev set's patterns match each text: the Go
// readers must read every text the same way.
func TestReadersAgreeWithConversePy(t *testing.T) {
	data, err := os.ReadFile("testdata/readers_golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var g struct {
		Today string `json:"today"`
		Texts []struct {
			Text     string            `json:"text"`
			Slots    []string          `json:"slots"`
			Verdicts []string          `json:"verdicts"`
			Intent   string            `json:"intent"`
			Lang     string            `json:"lang"`
			Refs     []string          `json:"refs"`
			Fields   map[string]string `json:"fields"`
			Window   []any             `json:"window"`
		} `json:"texts"`
		Patterns []struct {
			P    string  `json:"p"`
			Hits [][]any `json:"hits"`
		} `json:"patterns"`
	}
	if err := json.Unmarshal(data, &g); err != nil {
		t.Fatal(err)
	}
	if len(g.Texts) < 100 || len(g.Patterns) < 50 {
		t.Fatalf("golden file too small: %d texts, %d patterns", len(g.Texts), len(g.Patterns))
	}
	today := d(2026, 12, 6)
	for _, c := range g.Texts {
		tx := c.Text
		if got := slotsFromText(tx); !slices.Equal(got, c.Slots) {
			t.Errorf("slots of %q: %q, want %q", tx, got, c.Slots)
		}
		if _, got := verdictsFromText(tx); !slices.Equal(got, c.Verdicts) {
			t.Errorf("verdicts of %q: %q, want %q", tx, got, c.Verdicts)
		}
		if got := intentFromText(tx); got != c.Intent {
			t.Errorf("intent of %q: %q, want %q", tx, got, c.Intent)
		}
		if got := langOf(tx); got != c.Lang {
			t.Errorf("language of %q: %q, want %q", tx, got, c.Lang)
		}
		if got := refsIn(tx); !slices.Equal(got, c.Refs) {
			t.Errorf("references in %q: %q, want %q", tx, got, c.Refs)
		}
		if got := textFields(tx); fmt.Sprint(got) != fmt.Sprint(c.Fields) {
			t.Errorf("fields of %q: %v, want %v", tx, got, c.Fields)
		}
		w := parseWindow(tx, today)
		day := ""
		if !w.day.IsZero() {
			day = isoDay(w.day)
		}
		if got := fmt.Sprint([]any{day, w.from, w.to, w.asap}); got != fmt.Sprint(c.Window) {
			t.Errorf("window of %q: %s, want %v", tx, got, c.Window)
		}
	}
	for _, p := range g.Patterns {
		rx, err := compilePy(p.P, reI)
		if err != nil {
			t.Errorf("pattern %q: %v", p.P, err)
			continue
		}
		want := map[int]string{}
		for _, h := range p.Hits {
			want[int(h[0].(float64))] = h[1].(string)
		}
		for i, c := range g.Texts {
			m := rx.search(c.Text)
			w, ok := want[i]
			if (m != nil) != ok || (m != nil && c.Text[m[0]:m[1]] != w) {
				got := "no match"
				if m != nil {
					got = fmt.Sprintf("%q", c.Text[m[0]:m[1]])
				}
				t.Errorf("/%s/ on %q: %s, want %q (match: %v)", p.P, c.Text, got, w, ok)
			}
		}
	}
}
