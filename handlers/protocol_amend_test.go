package handlers

import (
	"strings"
	"testing"

	"github.com/mspbot/mspbot/nlu"
	"github.com/mspbot/mspbot/protocols"
)

// amendBlock is a protocol of Anna (client) and Vera (vendor) with one
// date in its agreement and another in its action.
const amendBlock = `Protokoll anlegen
Titel: Update Warenwirtschaft
Datum: 01.12.2026 10:00
Unterzeichner Kunde: ich anna@muster.example
Unterzeichner Hersteller: @vera Vera Vogt vera@erp.example
Vereinbarung: Das Update läuft am 17.12. von 9 bis 11 Uhr, ohne Adminrechte
Aufgabe: Vera bis 10.12.: Testplan schicken`

// signedByAnna records amendBlock in c-talk, puts it up for signing and
// lets Anna sign version 2.
func signedByAnna(t *testing.T, w *world) {
	t.Helper()
	anna := w.in("c-talk", "anna")
	contains(t, anna.say(amendBlock).text, "PR-26-0001")
	contains(t, anna.say("fertig").text, "Version 2 – zur Unterschrift")
	contains(t, anna.say("unterschreiben").text, "hat Version 2 von PR-26-0001 unterschrieben")
}

// TestProtocolChangedInWords: a signer who writes "Y durch X ersetzen"
// about a protocol being signed changes the one item that contains Y: a
// new version, the earlier signatures no longer count, the new version is
// put up for signing, and everyone signs it again.
func TestProtocolChangedInWords(t *testing.T) {
	w := newWorld(t, worldOptions{})
	signedByAnna(t, w)
	anna, vera := w.in("c-talk", "anna"), w.in("c-talk", "vera")

	r := vera.say("Wir schaffen das erst einen Tag später – bitte im Protokoll den 17.12. durch den 18.12. ersetzen.")
	contains(t, r.text, "Version 3", "Bisherige Unterschriften gelten nicht mehr", "Version 3 – zur Unterschrift",
		"Das Update läuft am 18.12. von 9 bis 11 Uhr")
	if r.record() == nil || r.record().ID != "PR-26-0001" {
		t.Errorf("change meta %+v", r.meta())
	}
	p := w.protocol("PR-26-0001")
	if p.Version != 3 || p.State != protocols.StateSigning || len(p.Current()) != 0 {
		t.Fatalf("after the change: version %d, %s, %d signatures count", p.Version, p.State, len(p.Current()))
	}
	if got := p.Content.Items[0].Text; got != "Das Update läuft am 18.12. von 9 bis 11 Uhr, ohne Adminrechte" {
		t.Errorf("agreement %q", got)
	}
	if got := p.Content.Items[1].Text; !strings.Contains(got, "Testplan") {
		t.Errorf("the action was changed too: %q", got)
	}
	if m := w.signMessage("c-talk"); !strings.Contains(m.Text, "Version 3") {
		t.Errorf("the sign message is not the new version: %s", m.Text)
	}

	contains(t, vera.say("unterschreiben").text, "hat Version 3 von PR-26-0001 unterschrieben", "Es fehlen noch")
	contains(t, anna.say("ok dann nochmal unterschreiben").text, "ist verbindlich", "Version 3")
}

// TestProtocolChangedInWordsAsksBack: when the old value is in several
// items or in none, the bot asks which item is meant and changes nothing;
// someone who may not edit the protocol is told who may.
func TestProtocolChangedInWordsAsksBack(t *testing.T) {
	w := newWorld(t, worldOptions{})
	anna := w.in("c-talk", "anna")
	anna.say("Protokoll anlegen\nTitel: Umzug\nDatum: 01.12.2026 10:00\nUnterzeichner Kunde: ich anna@muster.example\n" +
		"Entscheidung: Der Umzug ist am Samstag\nAufgabe: Ben prüft am Samstag die Sicherung")
	r := anna.say("bitte Sonntag statt Samstag eintragen")
	contains(t, r.text, "Welchen Punkt", "1. Entscheidung: Der Umzug ist am Samstag", "2. Aufgabe")
	if !asks(r.meta(), "item") {
		t.Errorf("asks %v; want item", r.meta().Asks)
	}
	r = anna.say("bitte Montag statt Dienstag eintragen")
	contains(t, r.text, "„Dienstag“", "Welchen Punkt")
	if p := w.protocol("PR-26-0001"); p.Version != 2 {
		t.Fatalf("changed without knowing the item: version %d", p.Version)
	}
	anna.say("abbrechen")
	r = w.in("c-talk", "mallory").say("bitte Sonntag statt Samstag eintragen")
	contains(t, r.text, "können nur die Person, die es angelegt hat, die genannten Unterzeichner")
	if p := w.protocol("PR-26-0001"); p.Version != 2 {
		t.Fatalf("a stranger changed the protocol: version %d", p.Version)
	}
}

// TestProtocolBindingChangedInWords: the same change after everyone signed
// becomes an amendment; the binding protocol stays as it is.
func TestProtocolBindingChangedInWords(t *testing.T) {
	w := newWorld(t, worldOptions{})
	signedByAnna(t, w)
	vera := w.in("c-talk", "vera")
	contains(t, vera.say("unterschreiben").text, "verbindlich")
	r := vera.say("Sorry, please put 18.12. instead of 17.12.")
	contains(t, r.text, "Amendment", "PR-26-0002", "18.12.")
	if p := w.protocol("PR-26-0001"); p.Version != 2 || p.State != protocols.StateComplete {
		t.Fatalf("the binding protocol changed: version %d, %s", p.Version, p.State)
	}
	if p := w.protocol("PR-26-0002"); p.State != protocols.StateSigning || !strings.Contains(p.Content.Items[0].Text, "18.12.") {
		t.Fatalf("amendment %s: %+v", p.State, p.Content.Items)
	}
}

// TestChangedTextKeepsTheItemsWords: the new value said with the words
// that follow the old one in the item replaces only the old value.
func TestChangedTextKeepsTheItemsWords(t *testing.T) {
	c := &nlu.ItemChange{To: "Jan schickt den Testplan", Not: "Kai"}
	if got, ok := changedText("Kai schickt bis 14.12. den Testplan", c, ""); !ok || got != "Jan schickt bis 14.12. den Testplan" {
		t.Errorf("changedText = %q, %v", got, ok)
	}
	c = &nlu.ItemChange{To: "18.12.", Not: "17.12."}
	if got, ok := changedText("Update am 17.12. von 9 bis 11 Uhr", c, ""); !ok || got != "Update am 18.12. von 9 bis 11 Uhr" {
		t.Errorf("changedText = %q, %v", got, ok)
	}
}

// TestProtocolStatusQuestion: "sind alle Unterschriften da?" and "is the
// protocol binding now?" answer the state of the conversation's protocol:
// who signed, who is missing, binding or not.
func TestProtocolStatusQuestion(t *testing.T) {
	w := newWorld(t, worldOptions{})
	anna, vera := w.in("c-talk", "anna"), w.in("c-talk", "vera")
	anna.say(amendBlock)
	r := anna.say("ist das Protokoll jetzt verbindlich?")
	contains(t, r.text, "PR-26-0001", "Entwurf", "noch nicht verbindlich")
	anna.say("fertig")
	anna.say("unterschreiben")
	r = vera.say("sind alle Unterschriften da?")
	contains(t, r.text, "noch nicht verbindlich", "Unterschrieben hat: @anna", "Es fehlen noch: Vera Vogt (@vera)")
	lacks(t, r.text, "Wir halten Planungsgespräche")
	if !asks(r.meta(), "sign") {
		t.Errorf("asks %v; want sign", r.meta().Asks)
	}
	vera.say("unterschreiben")
	r = w.in("c-talk", "anna").say("is the protocol binding now?")
	contains(t, r.text, "Yes", "PR-26-0001 is binding", "version 2", "@anna", "Vera Vogt (@vera)")
	if r.meta().Lang != "en" || r.record() == nil || r.record().Fields["binding"] != true {
		t.Errorf("status meta %+v", r.meta())
	}
}

// TestOralAgreementQuestion: "we agreed it on the phone, is that enough?"
// is answered with the SOP's rule (oral agreements do not count), and
// offers both a signed protocol and booking the vendor's access in the
// proper way; "ja" starts the protocol, the agreement's lines record it.
func TestOralAgreementQuestion(t *testing.T) {
	w := newWorld(t, worldOptions{})
	bea := w.client("bea")
	r := bea.say("Der DATEV-Berater und ich haben telefonisch vereinbart, dass er am Donnerstag auf unseren Server kann. Genügt das?")
	contains(t, r.text, "Mündliche Absprachen gelten bei uns nicht mehr", "SOP Zusammenarbeit mit LoB-Herstellern, Abschnitt „Schriftform",
		"Protokoll", "7 Tage im Voraus")
	lacks(t, r.text, "PR-26-", "VA-26-")
	if r.record() != nil || !asks(r.meta(), "confirm") {
		t.Errorf("oral answer meta %+v", r.meta())
	}
	r = bea.say("ja")
	contains(t, r.text, "PR-26-0001")
	if dialogueOf(r.meta()) != "protocol" {
		t.Errorf("after yes: dialogue %q", dialogueOf(r.meta()))
	}

	// The lines right after the answer record the agreement.
	cem := w.client("cem")
	contains(t, cem.say("We agreed on the phone with the Sage technician that he can log in next week. Is that enough for you?").text,
		"Verbal agreements no longer count", "protocol", "7 days")
	r = cem.say("ok then let's put it in writing:\nTitle: Sage server access\nDate: 2026-11-23\nSigners: me cem@cem.example\n" +
		"Agreement: Sage gets access to SRV-01 on 2026-12-08 from 10am to 12pm, without admin rights")
	contains(t, r.text, "PR-26-0002")
	lacks(t, r.text, "Not understood")
	contains(t, cem.say("done").text, "for signature")
	contains(t, cem.say("sign").text, "binding")

	// Booking instead: the access is planned from what was said.
	dora := w.client("dora")
	dora.say("Wir haben das mit dem Techniker von Addison mündlich ausgemacht, dass er nächste Woche auf SRV-01 darf. Reicht das so?")
	r = dora.say("Dann bitte den Termin buchen.")
	if dialogueOf(r.meta()) != "vendor" {
		t.Errorf("booking after the oral answer: dialogue %q, text %s", dialogueOf(r.meta()), r.text)
	}
}
