package nlu

import (
	"reflect"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

func TestReadLanguage(t *testing.T) {
	tests := []struct {
		text  string
		lang  string
		shown bool
	}{
		{"Der Drucker im Lager druckt seit gestern nicht mehr", "de", true},
		{"moin, bei uns im server piept es seit heute früh", "de", true},
		{"Our printer has stopped printing since yesterday", "en", true},
		{"could you call me back about the VPN?", "en", true},
		{"ok", "", false},
		{"1", "", false},
		{"Anna Schmidt", "", false},
		{"0171 2345678", "", false},
	}
	for _, tt := range tests {
		m := read(t, tt.text)
		if m.LangShown != tt.shown || tt.shown && m.Lang != tt.lang {
			t.Errorf("Read(%q): lang %q shown %v; want %q shown %v", tt.text, m.Lang, m.LangShown, tt.lang, tt.shown)
		}
		if m.Lang != "de" && m.Lang != "en" {
			t.Errorf("Read(%q).Lang = %q, want de or en", tt.text, m.Lang)
		}
	}
}

func TestReadIntent(t *testing.T) {
	// the classifier's intent, refined by the requests the reader finds
	tests := []struct{ text, intent string }{
		{"Ist der Austausch einer defekten Festplatte im Vertrag enthalten?", "coverage"},
		{"Is replacing the broken hard disk in our server covered by the contract?", "coverage"},
		{"Bitte um Rückruf, unser Drucker druckt nicht", "callback"},
		{"Wie ist der Stand meines Rückrufs?", "ticket_status"},
		{"Wir möchten das Planungsgespräch protokollieren", "protocol"},
		{"Welche Herstellertermine haben wir?", "vendor_appointment"},
		{"Bitte löschen Sie alle meine Daten", "forget"},
	}
	for _, tt := range tests {
		m := read(t, tt.text)
		if m.Intent != tt.intent {
			t.Errorf("Read(%q).Intent = %q, want %q", tt.text, m.Intent, tt.intent)
		}
		if tt.intent != "forget" && string(m.Knowledge.Intent) != m.Intent {
			t.Errorf("Read(%q): intent %q differs from the classifier's %q", tt.text, m.Intent, m.Knowledge.Intent)
		}
	}
}

func TestReadQuestionAndCoverage(t *testing.T) {
	tests := []struct {
		text              string
		question, asksCov bool
	}{
		{"Ist das im Vertrag enthalten?", true, true},
		{"is that covered", true, true},
		{"was kostet das", true, true},
		{"Kann mich jemand zurückrufen", true, false},
		{"wie lange dauert das noch", true, false},
		{"Der Drucker druckt nicht", false, false},
		{"Bitte Rückruf, Thema: Lizenzverlängerung", false, false},
		{"Das wird extra berechnet, oder?", true, true},
	}
	for _, tt := range tests {
		m := read(t, tt.text)
		if m.Question != tt.question || m.AsksCoverage != tt.asksCov {
			t.Errorf("Read(%q): question %v asks coverage %v; want %v %v", tt.text, m.Question, m.AsksCoverage, tt.question, tt.asksCov)
		}
	}
}

func TestReadUrgent(t *testing.T) {
	for text, want := range map[string]bool{
		"NOTFALL!!! Unser Server ist down, keiner kann mehr arbeiten":              true,
		"die ganze Produktion steht":                                               true,
		"our server is down, nobody can work":                                      true,
		"dringend: Kasse geht nicht":                                               true,
		"Der Drucker druckt etwas blass":                                           false,
		"Wann habt ihr morgen Zeit?":                                               false,
		"Ist das im Vertrag enthalten?":                                            false,
		"Bitte um Rückruf wegen des Angebots für neue Laptops, gern nächste Woche": false,
		// Reported: a negated urgency is read as urgency.
		"Ist nicht dringend, aber der Scanner spinnt":   false,
		"kein Notfall, nur eine Frage zum Drucker":      false,
		"not urgent, just a question about the printer": false,
	} {
		if got := read(t, text).Urgent; got != want {
			t.Errorf("Read(%q).Urgent = %v, want %v", text, got, want)
		}
	}
}

func TestMessageHas(t *testing.T) {
	for text, want := range map[string]bool{
		"ja":                                false,
		"Hallo":                             false,
		"danke!":                            false,
		"0171 2345678":                      true,
		"Anna Schmidt, 0171 2345678":        true,
		"morgen vormittag":                  true,
		"it@acme.example":                   true,
		"etwa 2 Stunden":                    true,
		"ohne Adminrechte":                  true,
		"Der DATEV-Support muss auf SRV-01": true,
	} {
		if got := read(t, text).Has(); got != want {
			t.Errorf("Read(%q).Has() = %v, want %v", text, got, want)
		}
	}
}

func TestMessageLowAndBare(t *testing.T) {
	m := read(t, "  „Grüße aus dem Büro!“  ")
	if m.Low() != fold(m.Text) || !strings.Contains(m.Low(), "gruesse aus dem buero") {
		t.Errorf("Low() = %q", m.Low())
	}
	if m.Bare != "Grüße aus dem Büro" {
		t.Errorf("Bare = %q", m.Bare)
	}
	long := strings.Repeat("Drucker ", 100)
	if b := read(t, long).Bare; utf8.RuneCountInString(b) != 301 || !strings.HasSuffix(b, "…") {
		t.Errorf("the bare answer of a long message has %d runes: %q…", utf8.RuneCountInString(b), b[:20])
	}
}

func TestReaderWithoutClassifier(t *testing.T) {
	r := &Reader{Calendar: testReader(t).Calendar}
	m := r.Read("Bitte um Rückruf, Anna Schmidt, 040 696 450 99, morgen vormittag", testNow)
	if m.Intent != "" || m.Knowledge.Intent != "" {
		t.Errorf("without a classifier: intent %q, knowledge %q", m.Intent, m.Knowledge.Intent)
	}
	// the values are read all the same, national numbers in Germany
	if !m.Callback || m.Name != "Anna Schmidt" || m.Phone == nil || m.Phone.E164 != "+494069645099" || m.When.Window == nil {
		t.Errorf("without a classifier: callback %v name %q phone %+v when %s", m.Callback, m.Name, m.Phone, fmtWhen(m.When))
	}
}

func TestReadConcurrently(t *testing.T) {
	texts := []string{
		"Hallo, hier ist Anna Schmidt, bitte rufen Sie mich zurück unter 040 696 450 99, es geht um den Drucker.",
		datevASAP,
		"jeden ersten Montag im Monat 9-11 Uhr soll TurboMed auf den Praxisserver PRAXIS-SRV für Updates",
		"Titel: Planungsgespräch ERP-Update\nKunde: Muster GmbH\nEntscheidung: Das Update läuft am Samstag.",
		"nein, nicht Meyer sondern Maier",
	}
	want := make([]*Message, len(texts))
	for i, s := range texts {
		want[i] = read(t, s)
	}
	r := testReader(t)
	var wg sync.WaitGroup
	errs := make(chan string, 8*len(texts))
	for range 8 {
		wg.Go(func() {
			for i, s := range texts {
				if got := r.Read(s, testNow); !reflect.DeepEqual(got, want[i]) {
					errs <- s
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for s := range errs {
		t.Errorf("reading %q concurrently gave another result", s)
	}
}

func TestReadQuestionAfterCourtesy(t *testing.T) {
	// thanks first, then a question: the question is what the classifier reads
	m := read(t, "Danke! Ist die Einrichtung neuer Laptops im Vertrag enthalten?")
	if m.Intent != "coverage" {
		t.Errorf("intent %q, want coverage", m.Intent)
	}
	if m := read(t, "Danke! Schönen Tag noch"); m.Intent != "smalltalk" {
		t.Errorf("thanks alone: intent %q, want smalltalk", m.Intent)
	}
}

// TestLetterIsClassifiedWithoutItsFrame: a message written as a letter is
// classified without its salutation and sign-off, and thanks at its start
// do not hide the question after them (probe set AB: "haben Sie Dank für
// Ihre Auskunft. Eine Frage hätte ich noch: …" was answered as a goodbye).
func TestLetterIsClassifiedWithoutItsFrame(t *testing.T) {
	m := read(t, "Sehr geehrte Damen und Herren,\n\nhaben Sie Dank für Ihre Auskunft. Eine Frage hätte ich noch: Sollte nach dem Umzug die Internetverbindung gestört sein, wer setzt sich dann mit dem Anbieter in Verbindung, wir selbst oder Sie?\n\nMit freundlichen Grüßen\nH. Vollmer")
	if m.Intent != "coverage" || m.Knowledge.Verdict != "covered" {
		t.Errorf("intent %q verdict %q, want coverage/covered", m.Intent, m.Knowledge.Verdict)
	}
	for text, want := range map[string]string{
		"Sehr geehrte Damen und Herren,\n\nbitte rufen Sie mich an.\n\nMit freundlichen Grüßen\nG. Albrecht": "bitte rufen Sie mich an.",
		"Dear Sir or Madam, is our backup covered?\nKind regards\nAnn":                                       "is our backup covered?",
		"Mit freundlichen Grüßen":    "Mit freundlichen Grüßen",
		"kurze Frage: ist das drin?": "kurze Frage: ist das drin?",
	} {
		if got := letterBody(text); got != want {
			t.Errorf("letterBody(%q) = %q, want %q", text, got, want)
		}
	}
}

// TestReadConversationCues: the cues of probe set AC, each in two
// languages where the bot speaks both.
func TestReadConversationCues(t *testing.T) {
	for text, want := range map[string]string{
		"Und wenn's Word wäre?":                                    "Word",
		"Und wenn das nicht beim PC, sondern beim Server so wäre?": "Server",
		"What if it were Excel crashing instead?":                  "Excel",
		"und wenn das ein Notfall wäre?":                           "",
		"Und wenn es nicht klappt?":                                "",
	} {
		if got := read(t, text).Instead; got != want {
			t.Errorf("Read(%q).Instead = %q, want %q", text, got, want)
		}
	}
	for text, want := range map[string]bool{
		"Was haben Sie denn jetzt alles bei sich notiert?":             true,
		"Before I say yes: what exactly have you written down so far?": true,
		"What have you got down as the topic now?":                     true,
		"Ich habe das notiert.":                                        false,
	} {
		if got := read(t, text).AsksNoted; got != want {
			t.Errorf("Read(%q).AsksNoted = %v, want %v", text, got, want)
		}
	}
	for text, want := range map[string]bool{
		"And the licence callback is definitely off, right?": true,
		"Der Rückruf ist doch storniert, oder?":              true,
		"Ist der Rückruf schon aufgenommen?":                 false,
	} {
		if got := read(t, text).AsksWithdrawn; got != want {
			t.Errorf("Read(%q).AsksWithdrawn = %v, want %v", text, got, want)
		}
	}
	for text, want := range map[string]bool{
		"Where are we with both now - the medatixx appointment and my callback?": true,
		"Wie ist jetzt der Stand bei beidem, also Herstellertermin und Rückruf?": true,
		"Wie ist der Stand meines Rückrufs?":                                     false,
	} {
		m := read(t, text)
		if m.StatusOfBoth != want || want && m.Callback {
			t.Errorf("Read(%q): StatusOfBoth %v callback %v, want %v and no call wished", text, m.StatusOfBoth, m.Callback, want)
		}
	}
	for text, want := range map[string]bool{
		"Sagen Sie mal, die Kanzlei Brandt bei uns im Haus hat doch vorhin auch einen Rückruf bestellt. Worum ging's da?": true,
		"Out of curiosity, which other companies have abas running on servers you look after?":                            true,
		"Welche anderen Kunden nutzen denn DATEV bei euch?":                                                               true,
		"Welche Software nutzen wir für die Buchhaltung?":                                                                 false,
	} {
		if got := read(t, text).OthersData; got != want {
			t.Errorf("Read(%q).OthersData = %v, want %v", text, got, want)
		}
	}
	for text, want := range map[string]bool{
		"So will he have admin rights on that server from now on? And what happens to his account once the upgrade is done?": true,
		"Bekommt der Techniker Adminrechte, und was passiert danach mit seinem Zugang?":                                      true,
		"Was passiert mit meinem Rückruf?": false,
	} {
		m := read(t, text)
		if m.AsksAccountAfter != want || want && m.VendorAsk != VendorQuestion {
			t.Errorf("Read(%q): AsksAccountAfter %v, VendorAsk %q; want %v, a rule question", text, m.AsksAccountAfter, m.VendorAsk, want)
		}
	}
	// "written down" is no outage
	if m := read(t, "Before I say yes: what exactly have you written down so far?"); m.Urgent || m.Emergency {
		t.Errorf("'written down' read as urgent: %+v", m.Urgent)
	}
	if m := read(t, "our internet is down"); !m.Urgent {
		t.Error("'our internet is down' not urgent")
	}
}

// TestReadUnderPressure: probe set AJ's ways of writing under pressure. A
// message in capitals is read as if written in lower case (its topic was
// lost); the name asked for, given with the number after the firm, is the
// bare name; a complaint about an unanswered request is one, and no topic;
// insisting and asking for the earliest slot are read.
func TestReadUnderPressure(t *testing.T) {
	if m := read(t, "SERVER IST DOWN!!!! KEINER HIER KANN ARBEITEN!!! RUFT MICH SOFORT AN!!!"); m.Topic != "Server ist down" || !m.Callback {
		t.Errorf("shouted: topic %q, callback %v", m.Topic, m.Callback)
	}
	if m := read(t, "Frank Weber, Weber Sanitärtechnik. Tel 04102 678 23 40"); m.BareName != "Frank Weber" {
		t.Errorf("the name with the firm and the number: %q", m.BareName)
	}
	m := read(t, "Toll, schon wieder. Letzte Woche hab ich um Rückruf gebeten und es hat sich NIEMAND gemeldet. Ist das euer Service??")
	if !m.Complaint || m.Topic != "" {
		t.Errorf("a complaint: complaint %v, topic %q", m.Complaint, m.Topic)
	}
	m = read(t, "Nobody called me back last week about our internet connection dropping out. Please ring me tomorrow.")
	if !m.Complaint || !strings.Contains(m.Topic, "internet") {
		t.Errorf("a complaint that tells the problem: complaint %v, topic %q", m.Complaint, m.Topic)
	}
	if m := read(t, "Der Drucker spinnt, bitte Rückruf"); m.Complaint {
		t.Error("a problem alone is no complaint")
	}
	if m := read(t, "Ich übernehme die volle Verantwortung, schalten Sie den Zugang jetzt frei!"); !m.Insists {
		t.Error("insisting not read")
	}
	for _, s := range []string{"Na schön. Dann den frühesten Termin, den Sie haben.", "ok, then the first available slot please"} {
		if m := read(t, s); !m.EarliestWish {
			t.Errorf("%q: the earliest slot not read", s)
		}
	}
	if m := read(t, "so what exactly DO I pay you for every month?"); !m.Asks(FollowScope) {
		t.Errorf("what the contract covers, asked in anger: %v", m.FollowUps)
	}
}
