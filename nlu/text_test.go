package nlu

import (
	"slices"
	"strings"
	"testing"
)

// spanTexts returns the texts of spans and checks that every span's
// offsets point at its text in whole.
func spanTexts(t *testing.T, whole string, ss []span) []string {
	t.Helper()
	var out []string
	for _, s := range ss {
		if s.start < 0 || s.end > len(whole) || s.start > s.end || whole[s.start:s.end] != s.text {
			t.Errorf("span %q at [%d:%d] does not match the text %q", s.text, s.start, s.end, whole)
		}
		out = append(out, s.text)
	}
	return out
}

func TestSentences(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"full stops", "Der Drucker geht nicht. Bitte Rückruf.", []string{"Der Drucker geht nicht.", "Bitte Rückruf."}},
		{"question and exclamation runs", "Geht das?! Ja!!! gut", []string{"Geht das?!", "Ja!!!", "gut"}},
		{"line breaks and semicolons", "Titel: Umzug\nDatum: morgen; Ort: Lager", []string{"Titel: Umzug", "Datum: morgen;", "Ort: Lager"}},
		{"a date keeps its periods", "am 9.12. vormittags bitte", []string{"am 9.12. vormittags bitte"}},
		{"a date before a part of the day", "Am 9.12. Vormittags passt es.", []string{"Am 9.12. Vormittags passt es."}},
		{"a floor is no sentence end", "Der Drucker im 1. OG streikt.", []string{"Der Drucker im 1. OG streikt."}},
		{"a decimal number", "Version 12.4 ist drauf. Geht trotzdem nicht.", []string{"Version 12.4 ist drauf.", "Geht trotzdem nicht."}},
		{"abbreviations", "Bitte morgen ca. 10 Uhr anrufen, bzw. gegen 11.", []string{"Bitte morgen ca. 10 Uhr anrufen, bzw. gegen 11."}},
		// Reported: the first period of "z. B." ends a sentence, although
		// the doc of sentences names "z. B." as an abbreviation.
		{"an abbreviation with two periods", "Bitte z. B. morgen anrufen.", []string{"Bitte z. B. morgen anrufen."}},
		{"a title", "Hier ist Dr. Albers. Es eilt.", []string{"Hier ist Dr. Albers.", "Es eilt."}},
		{"an e-mail address and a host name", "Mail an it@acme.example bitte. Server srv.local ist down.", []string{"Mail an it@acme.example bitte.", "Server srv.local ist down."}},
		{"a long number before a period ends the sentence", "Meine Nummer ist 04069645099. Danke", []string{"Meine Nummer ist 04069645099.", "Danke"}},
		{"a date at the end of a sentence", "Das war am 9.12. Jetzt geht es wieder.", []string{"Das war am 9.12.", "Jetzt geht es wieder."}},
		{"English", "Hi there. Could you call me back? Thanks!", []string{"Hi there.", "Could you call me back?", "Thanks!"}},
		{"ellipsis", "Naja... mal sehen", []string{"Naja...", "mal sehen"}},
		{"only spaces", "   \n  ", nil},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := spanTexts(t, tt.text, sentences(tt.text))
			if !slices.Equal(got, tt.want) {
				t.Errorf("sentences(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestClauses(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"Hallo, hier ist Anna Schmidt, bitte Rückruf", []string{"Hallo", "hier ist Anna Schmidt", "bitte Rückruf"}},
		{"etwa 9,5 Stunden, ohne Adminrechte", []string{"etwa 9,5 Stunden", "ohne Adminrechte"}},
		{"Thema: Drucker (im Lager)", []string{"Thema", "Drucker", "im Lager"}},
		{"Drucker – im Lager - geht nicht", []string{"Drucker", "im Lager", "geht nicht"}},
		{"Jahresabschluss-Backup läuft nicht", []string{"Jahresabschluss-Backup läuft nicht"}},
		{"Wer ruft an?", []string{"Wer ruft an"}},
	}
	for _, tt := range tests {
		// the clauses of a sentence that starts later in a message carry
		// the message's offsets
		whole := "Ok. " + tt.text
		s := span{text: tt.text, start: 4, end: len(whole)}
		got := spanTexts(t, whole, clauses(s))
		if !slices.Equal(got, tt.want) {
			t.Errorf("clauses(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		// Reported: words splits "d.velop", although its doc keeps inner
		// periods.
		{"O'Connor und d.velop?", []string{"O'Connor", "und", "d.velop"}},
		{"Jahresabschluss-Backup, 3 Rechner", []string{"Jahresabschluss-Backup", "3", "Rechner"}},
		{"Krüger & Partner", []string{"Krüger", "&", "Partner"}},
		{"  ", nil},
	}
	for _, tt := range tests {
		got := words(tt.text)
		if !slices.Equal(got, tt.want) {
			t.Errorf("words(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Rückruf GRÜSSE Straße", "rueckruf gruesse strasse"},
		{"Öffnungszeiten ÄNDERN", "oeffnungszeiten aendern"},
		{"I’m here, it´s `fine`", "i'm here, it's 'fine'"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := fold(tt.in); got != tt.want {
			t.Errorf("fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFoldedRE(t *testing.T) {
	re := foldedRE(`\b(?:rückruf|grüße)\b`)
	for _, s := range []string{"Rückruf", "RUECKRUF bitte", "viele Grüße"} {
		if !re.MatchString(fold(s)) {
			t.Errorf("foldedRE does not match fold(%q) = %q", s, fold(s))
		}
	}
	if re.MatchString(fold("Rückrufe")) {
		t.Errorf("foldedRE matches a longer word")
	}
}

func TestTrimValue(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{`  „Drucker im Lager“!  `, 50, "Drucker im Lager"},
		{"(VPN  geht\n nicht)...", 50, "VPN geht nicht"},
		{"-- * Anna *", 50, "Anna"},
		{"Jahresupdate der Lohnbuchhaltung", 12, "Jahresupdate…"},
		{"äöüäöüäöü", 3, "äöü…"},
		{"?!", 10, ""},
		// probe set Y: a quotation opened inside keeps its end
		{"hängt bei 'updates werden vorbereitet'.", 80, "hängt bei 'updates werden vorbereitet'"},
		{`zeigt „Kein Zugriff“.`, 80, "zeigt „Kein Zugriff“"},
		{"Server (SRV-01).", 80, "Server (SRV-01)"},
	}
	for _, tt := range tests {
		if got := trimValue(tt.in, tt.max); got != tt.want {
			t.Errorf("trimValue(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}

func TestMask(t *testing.T) {
	text := "Anna, 040 12345\nSRV-01"
	got := mask(text, [][]int{{6, 15}, {14, 22}, {20, 99}})
	if len(got) != len(text) {
		t.Fatalf("mask changed the length: %d, want %d", len(got), len(text))
	}
	if want := "Anna," + strings.Repeat(" ", 10) + "\n" + strings.Repeat(" ", 6); got != want {
		t.Errorf("mask = %q, want %q (line breaks kept, ranges beyond the end ignored)", got, want)
	}
	if mask(text, nil) != text {
		t.Error("mask without ranges changed the text")
	}
}

func TestCapitalised(t *testing.T) {
	for w, want := range map[string]bool{"Anna": true, "Özdemir": true, "anna": false, "": false, "1A": false, "Ärger": true} {
		if got := capitalised(w); got != want {
			t.Errorf("capitalised(%q) = %v, want %v", w, got, want)
		}
	}
}

func TestOriginalOffset(t *testing.T) {
	text := "Grüße an Müller"
	f := fold(text) // "gruesse an mueller"
	for _, tt := range []struct {
		word string
		want int
	}{{"an", strings.Index(text, "an")}, {"mueller", strings.Index(text, "Müller")}, {"gruesse", 0}} {
		if got := originalOffset(text, strings.Index(f, tt.word)); got != tt.want {
			t.Errorf("originalOffset of %q = %d, want %d", tt.word, got, tt.want)
		}
	}
	// inside a spelled-out umlaut there is no offset in the original
	if got := originalOffset(text, strings.Index(f, "ue")+1); got != -1 {
		t.Errorf("originalOffset inside an umlaut = %d, want -1", got)
	}
	if got := originalOffset(text, len(f)); got != len(text) {
		t.Errorf("originalOffset at the end = %d, want %d", got, len(text))
	}
}
