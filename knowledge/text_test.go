package knowledge

import (
	"slices"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Festplatten-Austausch für Müller!", "festplatten austausch fuer mueller"},
		{"Rückruf", "rueckruf"},
		{"Rueckruf", "rueckruf"},
		{"GROẞE Straße", "grosse strasse"},
		{"Café  résumé", "cafe resume"},
		{"printer's fuser", "printer fuser"},
		{"don't", "dont"},
		{"Öl, Äpfel; Übung?", "oel aepfel uebung"},
		{"bad\xffutf8", "bad utf8"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSplitCompound(t *testing.T) {
	c := NewClassifier(Embedded(), Options{})
	tests := []struct {
		word string
		want []string
	}{
		{"festplattenaustausch", []string{"festplatten", "austausch"}},
		{"luefterdefekt", []string{"luefter", "defekt"}},
		{"serverumzug", []string{"server", "umzug"}},
		{"druckerreparatur", []string{"drucker", "reparatur"}},
		{"plattentausch", []string{"platte", "tausch"}},
		{"buchungssoftware", []string{"buchungs", "software"}}, // unknown head, known last part
		{"haus", nil},
	}
	for _, tt := range tests {
		got := splitCompound(tt.word, c.splitVocab, nil)
		if !slices.Equal(got, tt.want) {
			t.Errorf("splitCompound(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
	// Whole pipeline: compounds not in the lexicon end up with their parts' concepts.
	for _, tt := range []struct {
		text string
		want concept
	}{
		{"Festplattenaustausch", cHWPart},
		{"Festplattenaustausch", cReplace},
		{"Serverumzug", cMove},
		{"Druckertreiber", cOS},
		{"Datenwiederherstellung", cDataRecovery},
		{"Lüfterdefekt", cDefect},
		{"Lüfterschaden", cHWPart},
		{"Lüfterschaden", cDefect},
	} {
		if d := c.analyse(tt.text, German, false); !d.all.has(tt.want) {
			t.Errorf("%q: concept %d not found", tt.text, tt.want)
		}
	}
}

func TestTypoCorrection(t *testing.T) {
	c := NewClassifier(Embedded(), Options{})
	for _, tt := range []struct{ typo, want string }{
		{"festplate", "festplatte"},     // missing letter
		{"virenscaner", "virenscanner"}, // missing letter
		{"fireawll", "firewall"},        // swapped letters
		{"rueckrfu", "rueckruf"},        // swapped letters
		{"rueckxyz", ""},                // three edits: left alone
		{"field", ""},                   // not a typo of "fried"
	} {
		if got := c.typo.correct(tt.typo, 5); got != tt.want {
			t.Errorf("correct(%q) = %q, want %q", tt.typo, got, tt.want)
		}
	}
}

func TestDetectLanguage(t *testing.T) {
	tests := []struct {
		text string
		want Lang
	}{
		{"Hallo", German},
		{"Hello", English},
		{"help", English}, // German writes "Hilfe" (probe set F: "help" got the German list)
		{"Hilfe", German},
		{"Danke!", German},
		{"thx", German}, // undecidable: the provider's language
		{"", German},
		{"koennt ihr mich zurueckrufen", German},
		{"kannst du mal gucken ob das backup lief", German},
		{"is the backup covered", English},
		{"Server kaputt!!", German},
		{"the server is down", English},
		{"Mein Outlook crasht, is that covered?", English},
		{"Hallo, unser Server ist super slow, könnt ihr helfen?", German},
		{"pls call me back asap", English},
		{"Wer ist zustaendig fuer die Firewall?", German},
		{"Why is the vendor account disabled?", English},
	}
	for _, tt := range tests {
		if got := DetectLanguage(tt.text); got != tt.want {
			t.Errorf("DetectLanguage(%q) = %s, want %s", tt.text, got, tt.want)
		}
	}
}

func TestSeparableVerbsAndApps(t *testing.T) {
	c := NewClassifier(Embedded(), Options{})
	for _, tt := range []struct {
		text string
		want concept
	}{
		{"Zieht ihr unsere Server im Mai um?", cMove},
		{"Baut ihr uns das Netzwerk mit Switch und WLAN auf?", cSetup},
		{"Tauscht ihr die Platte aus?", cReplace},
		{"Spielt ihr das Paket auf allen Clients auf?", cUpdate},
		{"Stellt ihr die gelöschte Datei wieder her?", cRestore},
		{"Das Schulverwaltungsprogramm stürzt ab", cLOB},
		{"Der zweite Monitor flackert", cHWSymptom},
	} {
		if d := c.analyse(tt.text, German, false); !d.all.has(tt.want) {
			t.Errorf("%q: concept %d not found", tt.text, tt.want)
		}
	}
	if d := c.analyse("Der zweite Monitor flackert", German, false); d.all.has(cNewThing) {
		t.Errorf("the second monitor is no new installation")
	}
	if d := c.analyse("Backupsoftware meldet Fehler", German, false); d.all.has(cLOB) {
		t.Errorf("backup software is no line-of-business application")
	}
}

// TestTokenizeSentences checks the clause and sentence breaks the mixed-topic logic relies on.
func TestTokenizeSentences(t *testing.T) {
	type tok struct {
		s            string
		brk, sent, q bool
	}
	for _, tt := range []struct {
		text string
		want []tok
	}{
		// A question mark ends a question; the next word starts a new sentence.
		{"Drucker kaputt? Ja.", []tok{{"drucker", false, false, false}, {"kaputt", false, false, false}, {"ja", true, true, true}}},
		// A floor or day number inside a clause ends nothing; a version number neither.
		{"im 1. OG seit dem 3. Windows 8.1", []tok{{"im", false, false, false}, {"1", false, false, false}, {"og", false, false, false},
			{"seit", false, false, false}, {"dem", false, false, false}, {"3", false, false, false}, {"windows", false, false, false},
			{"8", false, false, false}, {"1", false, false, false}}},
		// A numbered item starts a clause; alternatives joined by a slash stay in one.
		{"1. Kopierer/Scanner: Fehler", []tok{{"1", false, false, false}, {"kopierer", true, true, false}, {"scanner", false, false, false},
			{"fehler", true, true, false}}},
		// A comma breaks a clause, not a sentence.
		{"Outlook hängt, bitte", []tok{{"outlook", false, false, false}, {"haengt", false, false, false}, {"bitte", true, false, false}}},
	} {
		got := tokenize(tt.text, nil)
		if len(got) != len(tt.want) {
			t.Errorf("%q: %d tokens %+v, want %d", tt.text, len(got), got, len(tt.want))
			continue
		}
		for i, w := range tt.want {
			if g := got[i]; g.s != w.s || g.brk != w.brk || g.sent != w.sent || g.q != w.q {
				t.Errorf("%q token %d: got %+v, want %+v", tt.text, i, g, w)
			}
		}
	}
	if !endsWithQuestion("Ist das abgedeckt?? ;)") || endsWithQuestion("Ist das abgedeckt. Danke") {
		t.Error("endsWithQuestion")
	}
}
