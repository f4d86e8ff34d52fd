package protocols

import (
	"testing"
	"time"
)

// TestParseLabelsInOtherWords: labels as people write them (probe sets AO
// and AQ) – a list under "Vereinbart wurde:" or "Next steps:", "Wann:",
// "Abzeichnen sollen:", signers named in a sentence, and the date said
// after the title.
func TestParseLabelsInOtherWords(t *testing.T) {
	pc := ParseContext{Platform: "web", Self: anna, Loc: berlin, Now: t0}
	text := "Titel: Umstellung Kasse. Besprechung war heute (1.12.) um 10 uhr\n" +
		"Abzeichnen sollen: ich und @vera\n" +
		"Vereinbart wurde:\n1. Update am 9.12.\n2. Vorher eine Vollsicherung\n" +
		"Next steps:\n- Vera sends the release notes\n"
	got := Parse(text, pc)
	if len(got.Unknown) != 0 {
		t.Fatalf("unknown = %q", got.Unknown)
	}
	c := applied(t, got)
	if c.Title != "Umstellung Kasse" {
		t.Errorf("title %q", c.Title)
	}
	if want := time.Date(2026, 12, 1, 10, 0, 0, 0, berlin); !c.Date.Equal(want) {
		t.Errorf("date %v, want %v", c.Date, want)
	}
	if s := c.Signers(); len(s) != 2 || s[0].ID != anna && s[1].ID != anna {
		t.Errorf("signers %+v", s)
	}
	if len(c.Items) != 3 || c.Items[0].Kind != ItemAgreement || c.Items[0].Text != "Update am 9.12." || c.Items[2].Kind != ItemAction {
		t.Errorf("items %+v", c.Items)
	}

	// "Wann:" is the date; "Unterschreiben sollen ich und @vera." is a
	// sentence naming the signers
	got = Parse("Wann: 01.12.2026, 10:30 Uhr\nUnterschreiben sollen ich und @vera.", pc)
	if len(got.Unknown) != 0 || len(got.Lines) != 2 || got.Lines[0].Field != "date" || got.Lines[1].Field != "signer" {
		t.Errorf("lines %+v, unknown %q", got.Lines, got.Unknown)
	}
}

// TestParseLabelWithoutColon: "datum 8.12. 14 uhr" and "Titel Update
// Werbas" are the date and the title, written without the colon (probe
// set BI); a decision without its colon stays unknown.
func TestParseLabelWithoutColon(t *testing.T) {
	pc := ParseContext{Platform: "web", Self: anna, Loc: berlin, Now: t0}
	got := Parse("datum 1.12. 14 uhr\nTitel Update Werbas\nentscheidung update am 9.12.", pc)
	c := applied(t, got)
	if want := time.Date(2026, 12, 1, 14, 0, 0, 0, berlin); !c.Date.Equal(want) {
		t.Errorf("date %v, want %v", c.Date, want)
	}
	if c.Title != "Update Werbas" {
		t.Errorf("title %q", c.Title)
	}
	if len(got.Unknown) != 1 || got.Unknown[0] != "entscheidung update am 9.12." {
		t.Errorf("unknown %q, want the decision without its colon", got.Unknown)
	}
}

// TestParseDateAboutAnHour: "today, 10ish", "heute gegen 10" and "heute
// ca. 10 Uhr" are ten o'clock today (probe set BL).
func TestParseDateAboutAnHour(t *testing.T) {
	pc := ParseContext{Platform: "web", Self: anna, Loc: berlin, Now: t0}
	n := t0.In(berlin)
	want := time.Date(n.Year(), n.Month(), n.Day(), 10, 0, 0, 0, berlin)
	for _, s := range []string{"today, 10ish", "heute gegen 10", "heute ca. 10 Uhr", "today around 10am"} {
		if got, err := ParseDate(s, pc); err != nil || !got.Equal(want) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
}

// applied is the content the parsed lines make, failing the test on a
// line that does not apply.
func applied(t *testing.T, got Parsed) Content {
	t.Helper()
	var c Content
	for _, l := range got.Lines {
		if l.Err != nil {
			t.Fatalf("%q: %v", l.Raw, l.Err)
		}
		if err := l.Apply(&c); err != nil {
			t.Fatalf("%q: %v", l.Raw, err)
		}
	}
	return c
}
