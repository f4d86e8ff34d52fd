package nlu

import (
	"strings"
	"testing"
)

func TestReadName(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"introduced after a greeting", "Hallo, hier ist Anna Schmidt von der Zimmerei Feddersen, bitte rufen Sie mich zurück unter 040 696 450 99, es geht um den Drucker.", "Anna Schmidt"},
		{"mein Name ist", "Mein Name ist Kai Lorenzen", "Kai Lorenzen"},
		// probe set Y: the form of address as it stands alone
		{"accusative", "hi ich schreib für unseren chef herrn brandes, der hätte gern nen rückruf wegen dem angebot", "Herr Brandes"},
		// probe set AA: the firm after the name, before the number
		{"the firm between the name and the number", "Ich will, dass mich ein Techniker anruft, und zwar am Dienstag. Birgit Hansen, Hansen Immobilien, +49 (0)40 8812 4410.", "Birgit Hansen"},
		// probe set Y: all lower case, after a form of address
		{"lower case after a title", "hallo, frau dr. petersen hier aus der kanzlei am markt. unser vpn geht nicht", "Frau Dr. Petersen"},
		// probe set AI: a whole message in lower case, the name after "hier"
		{"lower case after hier", "moin, hier jana pohlmann, kasse 2. der bondrucker druckt nix mehr", "Jana Pohlmann"},
		{"the one who asks for the call, written by another", "Guten Tag, Petra Lange hier, Sekretariat. Frau Dr. Ute Brandt bittet um einen Rückruf wegen ihres Laptops.", "Frau Dr. Ute Brandt"},
		{"another to be called, in lower case", "nee, ruft lieber unseren bauleiter an, herr jonas wirth, der weiß mehr", "Herr Jonas Wirth"},
		{"lower case, no name after hier", "moin, hier geht der drucker nicht mehr", ""},
		{"mein name ist, lower case", "mein name ist kai lorenzen", "kai lorenzen"},
		{"Name:", "Name: Jürgen Wöhler, Tel 040 696 450 99", "Jürgen Wöhler"},
		{"ich bin with titles", "Ich bin Frau Dr. Albers und brauche einen Rückruf", "Frau Dr. Albers"},
		{"ich heiße", "ich heiße Svenja Brandt", "Svenja Brandt"},
		// probe set I: the verb before a lower-case name was taken into it
		// probe set L: a call for a colleague names the colleague
		{"a colleague to be called", "Could you call back my colleague Peter Holm? He's on 0171 3030 5050, it's about his VPN token.", "Peter Holm"},
		{"meinen Kollegen", "Bitte rufen Sie meinen Kollegen Jan Ott an, 0171 2345678, wegen des Druckers.", "Jan Ott"},
		{"hier spricht, lower case, before the number", "ja hallo, hier spricht mirko lenz, +49 (0)40 556677, bitte um rückruf wegen der outlook-signatur", "mirko lenz"},
		{"name before hier", "Nils-Ole Thiessen hier, unser VPN geht nicht", "Nils-Ole Thiessen"},
		{"name before vom", "Moin, Frau Peters hier vom Autohaus Peters, der Scanner spinnt wieder, bitte rückruf nachmittags unter 04101 12345", "Frau Peters"},
		{"English, speaking", "Tom Becker speaking, our printer is broken", "Tom Becker"},
		{"English, my name's", "my name's O'Connor", "O'Connor"},
		{"English, this is", "Hi, this is Priya Sharma from Brightside Ltd, please call me back", "Priya Sharma"},
		{"a closing", "Der Drucker druckt nicht mehr.\nGruß, Jens", "Jens"},
		{"an English closing", "could you call me back about the VPN? it keeps dropping. thanks, Tom", "Tom"},
		{"next to the number", "Max Mustermann, 0171 2345678", "Max Mustermann"},
		{"next to the number after a colon", "NOTFALL!!! Server down. Bitte sofort zurückrufen: Meier, 0170 1234567", "Meier"},

		// A name as a sentence of its own, and a lower-case name right
		// before the number (probe set D).
		{"a sentence that is a name", "Guten Morgen, ich hätte gern einen Rückruf. Friederike Quandt-Olbrich", "Friederike Quandt-Olbrich"},
		{"lower case before tel and the number", "hallo bitte um rückruf dienstag zwischen 10 und 12 uhr jens kowalczyk tel 0171 2345678 thema drucker", "jens kowalczyk"},
		{"lower case after rückruf", "bitte rückruf max meier 0171 2345678", "max meier"},
		{"lower case starting a sentence before tel", "bitte um rückruf wegen microsoft 365 lizenzen, wir brauchen 3 neue für die azubis. jens kowalczyk tel 0171 2345678, am 10.12. vormittags", "jens kowalczyk"},
		{"after a dash before the number", "Please call me back on Tuesday, 8 December between 10 and 12 – Linda Osei, +49 30 8890 1245, about mail", "Linda Osei"},
		{"a complaint before the number is no name", "mein drucker spinnt total tel 0171 2345678", ""},
		{"a clause that is a name in a request for a call", "Rückruf bitte, Eva Brandt, es geht um den Drucker", "Eva Brandt"},
		{"a clause of product words is no name", "Bitte um Rückruf, Microsoft Teams, der Ton fehlt", ""},
		{"a sentence of two common words is no name", "Vielen Dank. Schöne Grüße", ""},

		{"a weak cue before no name", "ich bin sicher im Büro", ""},
		{"a weak cue in English", "I'm out that day, call me tomorrow", ""},
		{"this is urgent", "this is urgent, the server is down", ""},
		{"a firm next to the number is no name", "Zimmerei Feddersen, 040 696 450 99", ""},
		{"a domain word is no name", "Ich bin Buchhalterin bei Krüger", ""},
		{"no name at all", "Der Drucker im 1. OG druckt nicht", ""},

		// Reported: a lower-case surname after "frau dr." is not taken.
		{"lower case with titles", "ich bin frau dr. albers", "frau dr. albers"},
		// Reported: the correction's new name is not read.
		{"a correction of the name", "nein, nicht Meyer sondern Maier", "Maier"},
		// Reported: a run-on message signed in lower case after "mfg".
		{"a lower-case closing in a run-on message", "hallo bitte um rückruf unser drucker im 1. OG druckt nicht mehr seit heute morgen mfg peter hansen 0176 98765432", "peter hansen"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := read(t, tt.text)
			if !strings.EqualFold(m.Name, tt.want) {
				t.Errorf("Read(%q).Name = %q, want %q", tt.text, m.Name, tt.want)
			}
		})
	}
}

func TestReadBareName(t *testing.T) {
	tests := []struct {
		text, want string
	}{
		{"kai lorenzen", "Kai Lorenzen"},
		{"Anna Schmidt", "Anna Schmidt"},
		{"  sabine krüger. ", "Sabine Krüger"},
		{"Nils-Ole Thiessen", "Nils-Ole Thiessen"},
		{"Sabine Krüger, Steuerbüro Krüger & Partner", "Sabine Krüger"},
		{"Herr Yilmaz", "Herr Yilmaz"},
		{"O'Connor", "O'Connor"},
		{"VPN geht nicht", ""},
		{"0171 2345678", ""},
		{"Wer sind Sie?", ""},
		{"ja", ""},
		{"morgen vormittag", ""},
		{"Herr", ""},
		{"Anna Maria Luise von Stein zu Altenburg", ""},
		// Reported: words that are no name are read as one.
		{"abbrechen", ""},
		{"never mind", ""},
		// probe set AF: a slash or a dictated comma before the firm
		{"Birte Hansen / Autohaus Hansen", "Birte Hansen"},
		{"Sarah Klein comma Klein Logistics", "Sarah Klein"},
		// probe set Z: an interjection before the name
		{"Ach so, Holger Brandes, Tischlerei Brandes.", "Holger Brandes"},
		{"oh sorry - Maren Witt", "Maren Witt"},
		{"ja, klar", ""},
	}
	for _, tt := range tests {
		if got := read(t, tt.text).BareName; got != tt.want {
			t.Errorf("Read(%q).BareName = %q, want %q", tt.text, got, tt.want)
		}
	}
	// Reported: "speaking" is taken for a part of the name. The message is
	// no bare name; if it is read as one, it is Tom Becker's.
	text := "Tom Becker speaking, our printer is broken"
	if got := read(t, text).BareName; got != "" && got != "Tom Becker" {
		t.Errorf("Read(%q).BareName = %q, want none or %q", text, got, "Tom Becker")
	}
}

func TestNameAt(t *testing.T) {
	tests := []struct {
		s     string
		lower bool
		want  string
		ok    bool
	}{
		{"Frau Dr. Albers, bitte", false, "Frau Dr. Albers", true},
		{"Herr Yilmaz aus dem Lager", false, "Herr Yilmaz", true},
		{"Anna Maria Luise Schmidt", false, "Anna Maria Luise", true},
		{"Frau", false, "", false},
		{"sicher im Büro", false, "", false},
		{"kai lorenzen", true, "kai lorenzen", true},
		{"Autohaus Peters", false, "", false},
	}
	for _, tt := range tests {
		got, ok := nameAt(tt.s, tt.lower)
		if got != tt.want || ok != tt.ok {
			t.Errorf("nameAt(%q, %v) = %q, %v; want %q, %v", tt.s, tt.lower, got, ok, tt.want, tt.ok)
		}
	}
}

func TestCapitaliseName(t *testing.T) {
	for in, want := range map[string]string{"kai lorenzen": "Kai Lorenzen", "O'Connor": "O'Connor", "McKay": "McKay",
		"özlem  yıldız": "Özlem Yıldız", "": ""} {
		if got := capitaliseName(in); got != want {
			t.Errorf("capitaliseName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFixName(t *testing.T) {
	tests := []struct{ name, fix, want string }{
		{"Anna Meyer", "Maier", "Anna Maier"},           // the closest word is corrected
		{"Anna Meyer", "Anne", "Anne Meyer"},            // also the first name
		{"Anna Meyer", "Zimmermann", "Anna Zimmermann"}, // no spelling of either: the last name
		{"Anna Meyer", "Anna Maier", "Anna Maier"},      // a whole name replaces it
		{"", "Maier", "Maier"},
	}
	for _, tt := range tests {
		if got := FixName(tt.name, tt.fix); got != tt.want {
			t.Errorf("FixName(%q, %q) = %q, want %q", tt.name, tt.fix, got, tt.want)
		}
	}
}

func TestTidyName(t *testing.T) {
	for in, want := range map[string]string{"jens kowalczyk": "Jens Kowalczyk", "Anna Schmidt": "Anna Schmidt",
		"van der Berg": "van der Berg", "frau dr. albers": "Frau Dr. Albers", "": ""} {
		if got := TidyName(in); got != want {
			t.Errorf("TidyName(%q) = %q, want %q", in, got, want)
		}
	}
}

// "Bin Jana Wolff." at the start of a sentence, colloquially without
// "ich", announces the name.
func TestReadNameColloquialBin(t *testing.T) {
	m := read(t, "Hi, könnt ihr mich mal callbacken? Die Webcam im Konfi-Raum ist in Teams-Calls total laggy, ziemlich annoying. Bin Jana Wolff.")
	if m.Name != "Jana Wolff" {
		t.Errorf("Name = %q, want Jana Wolff", m.Name)
	}
	if !m.Callback || !strings.Contains(m.Topic, "Webcam") {
		t.Errorf("Callback %v, Topic = %q, want a callback about the webcam (\"callbacken\" asks for a call)", m.Callback, m.Topic)
	}
	for _, text := range []string{"Bin gleich wieder da.", "Bin Montag nicht im Büro."} {
		if m := read(t, text); m.Name != "" {
			t.Errorf("Read(%q).Name = %q, want none", text, m.Name)
		}
	}
}

// A colleague taking over names herself: "this is now Laura Diehl".
func TestReadNameColleagueTakesOver(t *testing.T) {
	m := read(t, "And my colleague will take the call: this is now Laura Diehl, please call her on 0221 4455 6690 instead.")
	if m.Name != "Laura Diehl" {
		t.Errorf("Name = %q, want Laura Diehl", m.Name)
	}
}

// TestReadNameAfterFiller: "ich bin übrigens Frau Dr. Weber" names her
// (probe set S: asked for the name again).
func TestReadNameAfterFiller(t *testing.T) {
	for text, want := range map[string]string{"ich bin übrigens Frau Dr. Weber": "Frau Dr. Weber", "Mein Name ist übrigens Kai Brandt": "Kai Brandt"} {
		if m := read(t, text); m.Name != want {
			t.Errorf("Read(%q).Name = %q, want %q", text, m.Name, want)
		}
	}
}

// TestReadNameWithParticle: a surname with a particle ("Claudia von Berg")
// is read whole (probe set T: filed as "Claudia"), but "von" before a firm,
// a vendor or a department starts no surname.
func TestReadNameWithParticle(t *testing.T) {
	for text, want := range map[string]string{
		"Hier ist Claudia von Berg.":             "Claudia von Berg",
		"Hier ist Jan van der Meer, 040 1234567": "Jan van der Meer",
		"Mein Name ist Anna von Müller":          "Anna von Müller",
		"ich bin Peter von der IT":               "Peter",
		"Hier ist Tim von Schneider Elektro":     "Tim",
		"ich bin Max von der Buchhaltung":        "Max",
		"Hier ist Ole von Datev":                 "Ole",
	} {
		if m := read(t, text); m.Name != want {
			t.Errorf("Read(%q).Name = %q, want %q", text, m.Name, want)
		}
	}
}

// TestReadNameFixNotComma: "nicht Meier, Meyer mit y" corrects the
// spelling (probe set T: the summary kept "Meier"); two unlike words after
// "nicht" are no spelling of a name.
func TestReadNameFixNotComma(t *testing.T) {
	if m := read(t, "nicht Meier, Meyer mit y"); m.NameFix != "Meyer" {
		t.Errorf("NameFix = %q, want Meyer", m.NameFix)
	}
	if m := read(t, "nicht Outlook, Teams ist das Problem"); m.NameFix != "" {
		t.Errorf("NameFix = %q, want none", m.NameFix)
	}
}
