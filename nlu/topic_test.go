package nlu

import (
	"strings"
	"testing"
)

func TestReadTopicExplicit(t *testing.T) {
	tests := []struct {
		text, want string
	}{
		{"Hallo, hier ist Anna Schmidt von der Zimmerei Feddersen, bitte rufen Sie mich zurück unter 040 696 450 99, es geht um den Drucker.", "Drucker"},
		{"Bitte Rückruf, Thema: Lizenzverlängerung Office", "Lizenzverlängerung Office"},
		{"rückruf bitte morgen vormittag zwischen 9 und 11, nummer 0171 2345678, es geht um das wlan im lager", "wlan im lager"},
		{"ich hätte gern einen rückruf wegen unserer telefonanlage", "telefonanlage"},
		// probe set J: "Rückruf zum …" names the topic
		{"Bitte um Rückruf zum Drucker. Tobias Rehder, 0162 7788 9900", "Drucker"},
		{"Rückruf zur Datensicherung bitte", "Datensicherung"},
		{"Moment, es geht eigentlich um den Scanner am Drucker, nicht um den Druck selbst.", "Scanner am Drucker"},
		{"es geht eher um das WLAN im Lager", "WLAN im Lager"},
		{"Anliegen: neuer Mitarbeiter braucht Zugang", "neuer Mitarbeiter braucht Zugang"},
		{"Es geht darum, dass der Scanner nicht mehr in den Ordner scannt", "Scanner nicht mehr in den Ordner scannt"},
		{"hi, could you call me back about the VPN? it keeps dropping. thanks, Tom", "VPN"},
		{"I need a callback regarding our firewall, my number is +49 171 2345678", "firewall"},
		// Reported: a trailing "bitte" stays in the topic.
		{"Rückruf wg. Drucker bitte", "Drucker"},
		// Reported: the request to call back stays in the topic (and the
		// message is read as a status question, see TestReadRequests).
		{"Es geht um die Umstellung auf Microsoft 365, bitte melden Sie sich", "Umstellung auf Microsoft 365"},
		// probe set R: a time right after the topic, and "same number"
		// after it, which names no topic
		{"and another callback about the scanner on Thursday 11-12, same number", "scanner"},
		{"noch ein Rückruf wegen dem Scanner am Donnerstag 11-12, gleiche Nummer", "Scanner"},
		// probe set S: the cue of the number, cut off by its full stop
		{"Bitte Rückruf am Mittwoch um 10 wegen des Kassensystems, Tel.: +49 40 7766 5544", "Kassensystems"},
	}
	for _, tt := range tests {
		m := read(t, tt.text)
		if m.Topic != tt.want || !m.TopicExplicit {
			t.Errorf("Read(%q).Topic = %q (explicit %v), want %q (explicit)", tt.text, m.Topic, m.TopicExplicit, tt.want)
		}
	}
}

func TestReadTopicImplicit(t *testing.T) {
	tests := []struct {
		text string
		has  []string // the topic holds these
		not  []string // and none of these
	}{
		{"Nils-Ole Thiessen hier, unser VPN geht nicht", []string{"VPN geht nicht"}, []string{"Thiessen", "hier"}},
		{"Hallo, ich bin Anna Schmidt. Outlook startet nicht. Können Sie mich zurückrufen?", []string{"Outlook startet nicht"}, []string{"Anna", "Hallo", "zurückrufen"}},
		{"Moin, Frau Peters hier vom Autohaus Peters, der Scanner spinnt wieder, bitte rückruf nachmittags unter 04101 12345", []string{"Scanner spinnt wieder"}, []string{"Peters", "04101", "nachmittags"}},
		{"NOTFALL!!! Unser Server ist down, keiner kann mehr arbeiten. Bitte sofort zurückrufen: Meier, 0170 1234567", []string{"Server ist down"}, []string{"NOTFALL", "Meier", "0170"}},
		{"Könnten Sie mich bitte anrufen? Ich habe eine Frage zu unserer Rechnung.", []string{"Frage zu unserer Rechnung"}, []string{"anrufen"}},
		{"Tom Becker speaking, our printer is broken", []string{"printer is broken"}, []string{"Tom"}},
		// two symptoms, one of them colloquial ("spinnt"), both kept
		{"hallo, bräuchte mal nen rückruf von euch. das wlan im lager spinnt seit heute morgen, die handscanner fliegen dauernd raus",
			[]string{"wlan im lager spinnt", "handscanner"}, []string{"rückruf"}},
		// probe set AA: a complaint beside the problem is no topic
		{"Ehrlich gesagt bin ich ziemlich genervt. Das WLAN im Besprechungsraum bricht jetzt seit drei Wochen ständig ab, und auf meine Mail letzte Woche hat keiner reagiert. Ich will, dass mich ein Techniker anruft.",
			[]string{"WLAN im Besprechungsraum bricht"}, []string{"genervt", "anruft"}},
		// probe set AA: "wegen beidem" gathers the problems told before
		{"Hallo! Unser Netzwerkscanner legt die Scans seit heute früh nicht mehr im Ordner ab. Und bei der Gelegenheit: die Zeiterfassung am Terminal im Flur zeigt seit Montag nur noch 'Server nicht erreichbar'. Bitte um Rückruf wegen beidem.",
			[]string{"Scans", "Zeiterfassung"}, []string{"beidem"}},
		// probe set AB: a letter's salutation and courtesies are no topic
		{"Sehr geehrte Damen und Herren,\n\nich erlaube mir, mich heute mit einer Bitte an Sie zu wenden. Seit einigen Tagen empfängt mein neues Tablet keine E-Mails mehr. Da ich mit diesen Dingen leider wenig vertraut bin, wäre ich Ihnen verbunden, wenn mich einer Ihrer Mitarbeiter zurückrufen könnte.",
			[]string{"Tablet keine E-Mails mehr"}, []string{"geehrte", "erlaube", "vertraut"}},
		// probe set Y: a greeting to everyone is no topic
		{"hallo zusammen, kann mich mal jemand anrufen? unser exchange zickt, mails von extern kommen erst stunden später an", []string{"exchange zickt"}, []string{"hallo", "zusammen"}},
		{"Hi all, our scanner stopped sending to email, please call me", []string{"scanner stopped"}, []string{"Hi all"}},
		// probe set S: a symptom without "nicht" beside a sentence with it
		{"Moin, seit dem Update gestern startet bei zwei Kollegen Outlook nur im abgesicherten Modus. Neu installieren hat nichts gebracht. Könnt ihr mich am Dienstag vormittags anrufen? 0151 44556677. Gruß, Holger",
			[]string{"Outlook nur im abgesicherten Modus"}, []string{"Holger", "0151", "Moin"}},
		{"können sie mich zurückrufen unser drucker druckt seit montag nicht mehr", []string{"drucker druckt seit montag nicht mehr"}, []string{"zurückrufen"}},
		// Reported: "call me back" is cut at "call me", and "back" stays.
		{"pls call me back our printer wont print since monday", []string{"printer wont print"}, []string{"back"}},
		// Reported: in one run-on sentence with the number the topic is lost.
		{"hallo bitte um rückruf unser drucker im 1. OG druckt nicht mehr seit heute morgen mfg peter hansen 0176 98765432", []string{"drucker"}, []string{"0176", "hansen"}},
	}
	for _, tt := range tests {
		m := read(t, tt.text)
		if m.TopicExplicit {
			t.Errorf("Read(%q): topic %q read as announced", tt.text, m.Topic)
		}
		for _, h := range tt.has {
			if !strings.Contains(m.Topic, h) {
				t.Errorf("Read(%q).Topic = %q, want it to hold %q", tt.text, m.Topic, h)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(m.Topic, n) {
				t.Errorf("Read(%q).Topic = %q holds %q", tt.text, m.Topic, n)
			}
		}
	}
}

func TestReadNoTopic(t *testing.T) {
	for _, text := range []string{
		"bitte zurückrufen",
		"ruft mich bitte mal zurück",
		"Hallo, hier ist Anna Schmidt, 040 696 450 99",
		"call me back please",
		"ja",
		"Zimmerei Feddersen",
	} {
		if m := read(t, text); m.Topic != "" {
			t.Errorf("Read(%q).Topic = %q, want none", text, m.Topic)
		}
	}
}

func TestStripArticle(t *testing.T) {
	for in, want := range map[string]string{"unseren Drucker": "Drucker", "the VPN": "VPN", "Drucker": "Drucker",
		"das": "das", "ein neuer Laptop": "neuer Laptop"} {
		if got := stripArticle(in); got != want {
			t.Errorf("stripArticle(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestStripCallbackAsk(t *testing.T) {
	for in, want := range map[string]string{"Rückruf wegen Drucker": "wegen Drucker", "bitte rufen Sie mich zurück, VPN": "VPN",
		"call us about the VPN": "VPN"} {
		if got := stripCallbackAsk(in); got != want {
			t.Errorf("stripCallbackAsk(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFirmClause(t *testing.T) {
	for c, want := range map[string]bool{
		"Zimmerei Feddersen":              true,
		"Tierarztpraxis am Wiesendamm":    true,
		"Autoteile Thiessen in Pinneberg": true,
		"Krüger GmbH":                     true,
		"Anna Schmidt":                    false,
		"der Drucker geht nicht":          false,
		"Server Zimmerei geht nicht":      false,
	} {
		if got := firmClause(c); got != want {
			t.Errorf("firmClause(%q) = %v, want %v", c, got, want)
		}
	}
}

// TestReadTopicCorrected: a topic corrected in the words "not X but Y"
// ("es geht nicht um …, sondern …", "it's not about … but …", "nee, Thema
// ist …") is Y, announced, and the message is a correction.
func TestReadTopicCorrected(t *testing.T) {
	tests := []struct {
		text string
		has  string // the topic holds this
		not  string // and not this
	}{
		// Reported (pd-cb-05): "geht nicht um" was no cue.
		{"ach ne es geht nicht um outlook sondern dass der scanner im 1. OG nicht mehr in den netzwerkordner scannt", "scanner im 1. OG", "outlook"},
		{"nein, es geht nicht ums Postfach, sondern dass die Weiterleitung nicht ankommt", "Weiterleitung nicht ankommt", "Postfach"},
		{"es geht gar nicht um Outlook, sondern um den Scanner im Büro", "Scanner im Büro", "Outlook"},
		{"sorry, it's not about outlook but the scanner on the first floor that stopped scanning", "scanner on the first floor", "outlook"},
		{"no, not outlook but the scanner upstairs that stopped scanning to the share", "scanner upstairs", "outlook"},
		{"nee, Thema ist der Scanner im 1. OG, der nicht mehr scannt", "Scanner im 1. OG", "ist"},
		{"nee, das Thema ist eigentlich der Scanner im Keller", "Scanner im Keller", "ist"},
		{"actually the topic is the scanner on the first floor", "scanner on the first floor", "is"},
	}
	for _, tt := range tests {
		m := read(t, tt.text)
		low := strings.ToLower(m.Topic)
		wrong := strings.Contains(low, strings.ToLower(tt.not))
		if len(tt.not) <= 3 {
			wrong = strings.HasPrefix(low, tt.not+" ") // "ist …", "is …"
		}
		if !strings.Contains(m.Topic, tt.has) || !m.TopicExplicit || wrong {
			t.Errorf("Read(%q).Topic = %q (explicit %v), want it announced, holding %q and not %q", tt.text, m.Topic, m.TopicExplicit, tt.has, tt.not)
		}
	}
	for _, text := range []string{
		"es geht gar nicht um Outlook, sondern um den Scanner im Büro",
		"sorry, it's not about outlook but the scanner on the first floor that stopped scanning",
	} {
		if m := read(t, text); !m.Acts.Correction {
			t.Errorf("Read(%q): no correction", text)
		}
	}
}

// A callback asked "about that" names no topic of its own: the anaphor
// is never the topic, and RefersBack tells the dialogue to take it from
// the conversation.
func TestReadTopicAnaphor(t *testing.T) {
	for _, text := range []string{
		"Gut, dann rufen Sie mich bitte genau deswegen zurück. Sabine Hollerbach, 040 3344 5521.",
		"OK, could somebody call me back to talk that through? Tom Becker, +49 40 555 01 92.",
		"Können Sie mich dazu mal anrufen?",
		"Bitte rufen Sie mich deshalb zurück, 0171 2345678",
		"can you call me about this?",
		"I'd like a callback to discuss it, please.",
		"Rückruf bitte, um das zu besprechen.",
		// probe set K
		"Could someone call me to check that? Lena Fischer, 0176 1010 2020",
	} {
		m := read(t, text)
		if m.Topic != "" {
			t.Errorf("Read(%q).Topic = %q, want none", text, m.Topic)
		}
		if !RefersBack(text) {
			t.Errorf("RefersBack(%q) = false", text)
		}
	}
	for _, text := range []string{
		"Bitte Rückruf wegen des Druckers",
		"call me back about the VPN, it keeps dropping",
		"Rückruf bitte, unser Scanner geht nicht",
	} {
		if RefersBack(text) {
			t.Errorf("RefersBack(%q) = true", text)
		}
	}
}

// QuestionTopic is what a question was about, in the client's words,
// without the question about the contract.
func TestQuestionTopic(t *testing.T) {
	tests := []struct {
		text string
		has  string
		not  []string
	}{
		{"Bei uns ist im Server eine Festplatte ausgefallen, das RAID meldet 'degraded'. Ist der Tausch durch unseren Vertrag abgedeckt?", "Festplatte", []string{"Vertrag", "abgedeckt"}},
		{"We're thinking about moving our email from the old Exchange server in our office to Microsoft 365. Is that covered by the contract?", "Microsoft 365", []string{"contract", "thinking"}},
		{"Bei unserer Empfangskraft ist der Monitor seit heute Morgen schwarz, der Rechner läuft aber. Wird der Monitor im Rahmen des Vertrags ersetzt?", "Monitor", []string{"Vertrag"}},
		// a question that is only about the contract: its own object
		// (probe set K: the context had no topic, so a callback "to check
		// that" asked what it was about)
		{"Does our contract include the online backup of our file server?", "online backup of our file server", []string{"contract", "include"}},
		{"Ist die Wartung unserer Switches im Vertrag enthalten?", "Wartung unserer Switches", []string{"Vertrag", "enthalten"}},
		{"Is Exchange server maintenance part of our contract?", "Exchange server maintenance", []string{"contract", "part of"}},
		{"Our antivirus shows warnings on three laptops, is that included?", "antivirus shows warnings on three laptops", []string{"is that", "included"}},
	}
	// no object of its own: no topic rather than words about the contract
	for _, q := range []string{"Mein Monitor ist kaputt, wird der im Rahmen des Vertrags ersetzt?", "Is setting up a new branch office network covered or a project?"} {
		if got := QuestionTopic(q); got != "" {
			t.Errorf("QuestionTopic(%q) = %q, want none", q, got)
		}
	}
	for _, tt := range tests {
		got := QuestionTopic(tt.text)
		if !strings.Contains(got, tt.has) {
			t.Errorf("QuestionTopic(%q) = %q, want it to hold %q", tt.text, got, tt.has)
		}
		for _, n := range tt.not {
			if strings.Contains(got, n) {
				t.Errorf("QuestionTopic(%q) = %q, holds %q", tt.text, got, n)
			}
		}
	}
}

// TestReadTopicAdd: an addition to the topic ("und noch: …") is read, a
// question after the same cue is not one.
func TestReadTopicAdd(t *testing.T) {
	if m := read(t, "und noch: es betrifft auch den Laptop von Frau Kim"); m.TopicAdd != "es betrifft auch den Laptop von Frau Kim" {
		t.Errorf("TopicAdd = %q", m.TopicAdd)
	}
	if m := read(t, "und noch: ist das im Vertrag enthalten?"); m.TopicAdd != "" {
		t.Errorf("a question: TopicAdd = %q, want none", m.TopicAdd)
	}
}
