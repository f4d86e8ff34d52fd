package nlu

import "testing"

func TestLexiconSets(t *testing.T) {
	// set folds its words, so umlauts match either way
	s := set("Grüße Straße")
	for _, w := range []string{"gruesse", "strasse"} {
		if !s[w] {
			t.Errorf("set lacks %q: %v", w, s)
		}
	}
	for _, w := range []string{"der", "bitte", "morgen", "thanks", "tomorrow", "montag"} {
		if !functionWords[fold(w)] || !commonWords[fold(w)] {
			t.Errorf("%q should be a function word", w)
		}
	}
	for _, w := range []string{"drucker", "server", "rückruf", "printer", "vendor"} {
		if functionWords[fold(w)] {
			t.Errorf("%q carries a topic and must not be a function word", w)
		}
		if !domainWords[fold(w)] || !commonWords[fold(w)] {
			t.Errorf("%q should be a domain word", w)
		}
	}
	for _, w := range []string{"anna", "schmidt", "datev", "maier"} {
		if commonWords[w] {
			t.Errorf("the name %q is in the common words", w)
		}
	}
}

func TestIsTitle(t *testing.T) {
	for w, want := range map[string]bool{"Herr": true, "frau": true, "Dr.": true, "dr": true, "Prof.": true, "Mrs.": true,
		"Ms": true, "Anna": false, "Dipl": true, "": false} {
		if got := isTitle(w); got != want {
			t.Errorf("isTitle(%q) = %v, want %v", w, got, want)
		}
	}
}

func TestNameWord(t *testing.T) {
	tests := []struct {
		w     string
		lower bool
		want  bool
	}{
		{"Anna", false, true},
		{"Özdemir", false, true},
		{"O'Connor", false, true},
		{"Müller-Lüdenscheidt", false, true},
		{"anna", false, false}, // lower case only where allowed
		{"anna", true, true},
		{"Drucker", false, false}, // a domain word
		{"Bitte", false, false},   // a function word
		{"DATEV", false, false},   // an acronym
		{"SRV01", false, false},   // digits
		{"A", false, false},       // too short
		{"Anna.", false, true},    // a period at the end is no part of it
		{"Anna,", false, false},   // other punctuation is
		{"Jo", false, true},
	}
	for _, tt := range tests {
		if got := nameWord(tt.w, tt.lower); got != tt.want {
			t.Errorf("nameWord(%q, %v) = %v, want %v", tt.w, tt.lower, got, tt.want)
		}
	}
}
