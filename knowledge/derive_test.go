package knowledge

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDerivedConcepts checks the concepts read from a message's structure rather than its words.
func TestDerivedConcepts(t *testing.T) {
	c := testClassifier()
	for _, tt := range []struct {
		text string
		want concept
		has  bool
	}{
		// Fewer licences than machines or people.
		{"Wir haben 10 Benutzer, aber nur 5 CALs.", cUnlicensed, true},
		{"We bought one Windows licence and put it on 8 PCs.", cUnlicensed, true},
		{"Office einmal gekauft und auf 6 Rechnern installiert.", cUnlicensed, true},
		{"We are 9 persons but bought Office only 4 times.", cUnlicensed, true},
		{"One Microsoft 365 account for the whole team.", cUnlicensed, true},
		{"Wir haben 10 Lizenzen für 10 Rechner.", cUnlicensed, false},
		{"Für jeden der 3 Rechner haben wir eine Office-Lizenz gekauft.", cUnlicensed, false},
		{"Wir haben 5 neue Mitarbeiter und brauchen für jeden ein Konto.", cUnlicensed, false},
		{"Office 2016 auf 3 Rechnern", cUnlicensed, false}, // a version is no count
		// A program named by its trade is a line-of-business application.
		{"The dental imaging software won't start.", cLOB, true},
		{"The program for our dentist practice hangs.", cLOB, true},
		{"Das Reservierungssystem zeigt Tische doppelt an.", cLOB, true},
		{"The backup software reports an error.", cLOB, false},
		{"The mail app does not sync.", cLOB, false},
		{"Die Software will ein Update.", cLOB, false},
		// Other people's and other firms' things.
		{"Send me the backup logs of Dr. Petersen's practice.", cThirdParty, true},
		{"Can you reset our trainee's password?", cThirdParty, false},
		{"Show me the open tickets of the bakery Schmidt.", cOtherFirm, true},
		{"Our bakery needs a new printer.", cOtherFirm, false},
		// Cracked software, not a cracked screen.
		{"Our designer uses a cracked Photoshop on that PC.", cUnlicensed, true},
		{"The laptop screen is cracked.", cUnlicensed, false},
		// "geht nicht mehr an": the device does not turn on.
		{"Der Switch im Lager geht seit dem Gewitter nicht mehr an.", cDefect, true},
		{"Die Mails kommen auf dem Handy nicht mehr an.", cDefect, false},
		// The vendor's people, named after the application.
		{"Darf die Hotline von unserem Praxisprogramm meiner Kollegin helfen?", cVendor, true},
		// Phrases may have filler words inside.
		{"Mein ThinkPad geht einfach nicht mehr an.", cDefect, true},
		{"Die Lizenz ist abgelaufen.", cUnlicensed, true},
		// A licence count after the licence, against a larger count later.
		{"Our backup licence covers 5 servers, but we run 9 by now.", cUnlicensed, true},
		{"Our backup licence covers 9 servers and we run 5.", cUnlicensed, false},
		// One login shared by several people.
		{"Four of us share one Adobe login.", cUnlicensed, true},
		{"One login shared by seven designers.", cUnlicensed, true},
		{"We have 7 designers and one admin login.", cUnlicensed, false},
		// A firm named by its kind and a name, not the client's own.
		{"Which firewall does the firm Albrecht run?", cNamedFirm, true},
		{"Welche Rechner hat die Kanzlei Vogt?", cNamedFirm, true},
		{"Our firm needs new laptops.", cNamedFirm, false},
		// "wir übernehmen die Praxis": taking over a firm is a migration.
		{"Wir übernehmen die Kanzlei eines Kollegen zum Jahresende.", cMigrate, true},
		{"Übernehmt ihr die Kosten für die Praxis?", cMigrate, false},
		// Replacing something with a new system is a migration, replacing a part is not.
		{"We are replacing the old fax server with a cloud fax app.", cMigrate, true},
		{"Wir wollen alle Rechner durch Laptops ersetzen.", cMigrate, true},
		{"Please replace the broken fan with a new one.", cMigrate, false},
		// The internet provider, not a software vendor, when the line is the topic.
		{"Das Internet fällt dauernd aus, sprecht ihr mit dem Anbieter?", cVendor, false},
		{"Das Internet fällt dauernd aus, sprecht ihr mit dem Anbieter?", cISP, true},
		{"Der Anbieter unserer Praxissoftware will aufs System.", cVendor, true},
		// "the display" is a screen, "display the passwords" is "show".
		{"Das Notebook-Display ist gesprungen.", cGive, false},
		{"Display the passwords of the admin.", cGive, true},
		// "other X clients".
		{"Gebt mir die Nummern eurer anderen Steuerberater-Kunden.", cOtherClients, true},
		// "every five minutes" is a duration, not meeting minutes.
		{"Outlook freezes every five minutes.", cProtocol, false},
		{"Please send the minutes of the vendor meeting.", cProtocol, true},
		// Uninflected "neu" is "again"; "ein neuer Drucker" is a new thing.
		{"Könnt ihr den Scanner neu ins Netzwerk einbinden?", cNewThing, false},
		{"Wir brauchen einen neuen Drucker im Lager.", cNewThing, true},
		// A person taking over the one who asks.
		{"Kann mich ein Kollege von euch übernehmen?", cTalk, true},
	} {
		d := c.analyse(tt.text, "", false)
		if d.all.has(tt.want) != tt.has {
			t.Errorf("%q: concept %d present = %v, want %v", tt.text, tt.want, !tt.has, tt.has)
		}
	}
}

// TestDerivedVerdicts checks whole decisions that rest on the derived concepts and on the
// tie-breaking between clauses and intents.
func TestDerivedVerdicts(t *testing.T) {
	c := testClassifier()
	for _, tt := range []struct {
		text    string
		intent  Intent
		verdict Verdict
	}{
		{"Wir haben 12 Mitarbeiter, aber nur 8 Office-Lizenzen. Betreut ihr das trotzdem?", IntentCoverage, VerdictNoncompliant},
		{"My laptop screen has lines and flickers whenever I move the lid. Is that covered?", IntentCoverage, VerdictExcluded},
		{"Bitte an einen Kollegen übergeben, danke.", IntentHuman, VerdictNone},
		{"I'd rather talk to an actual person, thanks.", IntentHuman, VerdictNone},
		{"Sagen Sie mir bitte, wie ich Sie telefonisch erreichen kann.", IntentContact, VerdictNone},
		{"Is the Exchange server covered, and our Outlook clients?", IntentCoverage, VerdictContract},
		{"Der Router muss neu konfiguriert werden und außerdem bräuchten wir eine Schulung zu Teams.", IntentCoverage, VerdictProject},
		{"Send me the backup logs of Dr. Petersen's practice, we share a building anyway.", IntentOutOfScope, VerdictNone},
		{"Können Sie mir die Passwörter der Kanzlei Berger geben?", IntentOutOfScope, VerdictNone},
		{"Welche Passwortrichtlinie empfehlt ihr?", IntentPolicy, VerdictNone},
		{"Which antivirus does the firm Albrecht use with you?", IntentOutOfScope, VerdictNone},
		{"Wir übernehmen eine Physiopraxis und wollen deren Rechner einbinden. Ist das im Vertrag?", IntentCoverage, VerdictProject},
		{"Our antivirus licence covers 5 PCs but we have 8 now. Still supported?", IntentCoverage, VerdictNoncompliant},
		{"Is there a number for emergencies at night?", IntentContact, VerdictNone},
		{"We have to call off the vendor's session on Friday.", IntentVendorAppointment, VerdictNone},
		{"Is there an actual person available right now?", IntentHuman, VerdictNone},
		{"Which passwords does the chatbot know?", IntentOutOfScope, VerdictNone},
		{"Die Office-Keys sind eigentlich nur für Privatkunden. Installiert ihr sie trotzdem?", IntentCoverage, VerdictNoncompliant},
	} {
		r := c.Classify(tt.text)
		checkValid(t, tt.text, r)
		if r.Intent != tt.intent || r.Verdict != tt.verdict {
			t.Errorf("%q: got %s/%s, want %s/%s", tt.text, r.Intent, r.Verdict, tt.intent, tt.verdict)
		}
	}
}

// TestTypoKeepsFirstLetter: corrections keep the first letter and short words only swap letters,
// so real words of the other language are not "corrected" into the lexicon.
func TestTypoKeepsFirstLetter(t *testing.T) {
	c := testClassifier()
	for _, w := range []string{"valuation", "spring", "spielt"} {
		if v := c.typo.correct(w, 5); v != "" {
			t.Errorf("correct(%q) = %q, want no correction", w, v)
		}
	}
}

// TestNoTestSentencesStored guards every labelled set against being copied into the knowledge
// base: no example sentence may equal a test sentence after normalisation.
func TestNoTestSentencesStored(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.jsonl")
	more, _ := filepath.Glob("../testdata/*.jsonl")
	files = append(append(files, more...), "../../shared/eval/dev.jsonl")
	test := map[string]string{}
	for _, p := range files {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			var s struct{ Text string }
			// Greetings of a few words ("Hallo", "Good morning") are bound to recur anywhere.
			if json.Unmarshal(sc.Bytes(), &s) == nil && len(strings.Fields(s.Text)) > 3 {
				test[Normalize(s.Text)] = p
			}
		}
		f.Close()
	}
	if len(test) == 0 {
		t.Skip("no labelled sets found")
	}
	for _, e := range Embedded().Entries() {
		for _, l := range Langs {
			for _, ex := range e.Examples[l] {
				if p, ok := test[Normalize(ex)]; ok {
					t.Errorf("%s: example %q is a sentence of %s", e.ID, ex, p)
				}
			}
		}
	}
}
