package handlers

import (
	"strings"
	"testing"
)

// TestComplaintIsApologisedAndNoTopic: probe set AJ. A complaint about a
// callback nobody made is apologised for before the dialogue goes on, and
// it is no topic: the problem told next is (before: no apology, and the
// complaint was filed as the topic).
func TestComplaintIsApologisedAndNoTopic(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("krueger")
	r := c.say("Toll, schon wieder. Letzte Woche hab ich um Rückruf gebeten und es hat sich NIEMAND gemeldet. Ist das euer Service??")
	contains(t, r.text, "Das tut mir leid")
	expectAsk(t, r, "callback", "name")
	r = c.say("Sabine Krüger, 040 41923870. Unser Scanner scannt seit dem Update nicht mehr aufs Netzlaufwerk")
	expectAsk(t, r, "callback", "time")
	r = c.say("morgen zwischen 14 und 16 Uhr")
	contains(t, r.text, "Thema: Unser Scanner scannt")
	lacks(t, r.text, "NIEMAND", "Service")
	if strings.Contains(w.client("other").say("Der Drucker spinnt, bitte Rückruf").text, "tut mir leid") {
		t.Error("a problem alone was apologised for as a complaint")
	}
}

// TestTopicToldWhileTheNameIsAsked: "S: drive gone for the whole
// accounting team!! month end closing is today" while the name is asked
// is the topic, no wrong name, and its deadline no time for the call
// (probe set AJ: "That time has already passed", then the topic asked).
func TestTopicToldWhileTheNameIsAsked(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("schmitt")
	expectAsk(t, c.say("need a callback pls"), "callback", "name")
	r := c.say("S: drive gone for the whole accounting team!! month end closing is today")
	lacks(t, r.text, "as a name", "already passed")
	contains(t, r.text, "drive gone")
	expectAsk(t, r, "callback", "name")
	r = c.say("Lukas Schmitt, 0176 28473915")
	expectAsk(t, r, "callback", "time")
}

// TestInsistingOnAccessNow: a client who insists after access today was
// refused ("Ich übernehme die volle Verantwortung, schalten Sie das Konto
// einfach frei!") gets the rule again and the urgent callback offered, not
// remote support; "Dann den frühesten Termin" books the refused request
// from its earliest slot (probe set AJ).
func TestInsistingOnAccessNow(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("brandt")
	r := c.say("Der Techniker von Sage muss HEUTE noch auf unseren Server SRV-SAGE-1, Datenbank-Update einspielen, dauert ca. 3 Stunden. Das steht nicht zur Diskussion.")
	contains(t, r.text, "mindestens 7 Tage")
	r = c.say("Nein, Sie verstehen das nicht! Ich übernehme die volle Verantwortung, schalten Sie das Konto einfach frei!")
	contains(t, r.text, "auch mit Ihrer Zustimmung nicht", "7 Tage", "dringenden Rückruf")
	lacks(t, r.text, "TeamViewer")
	r = c.say("Na schön. Dann den frühesten Termin, den Sie haben. Adminrechte braucht er nicht. Bestätigung an it@brandt.example und partner@sage-partner.example")
	expectAsk(t, r, "vendor", "pick")
	contains(t, r.text, "Sage", "SRV-SAGE-1", "1) ")
}

// TestVendorAddressAtAHyphenatedDomain: "support@clinix-systems.de" is
// the address of Clinix Systems (probe set AJ: asked whose it was).
func TestVendorAddressAtAHyphenatedDomain(t *testing.T) {
	if !vendorDomain("support@clinix-systems.de", "Clinix Systems") || !vendorDomain("lex@lexware-partner-hh.example", "Lexware") {
		t.Error("the vendor's domain not recognised")
	}
	if vendorDomain("office@praxis-hartmann.de", "Clinix Systems") {
		t.Error("another domain taken for the vendor's")
	}
}

// TestOwnTopicAfterAnAnswer: a follow-up cue in a message that tells a
// problem of its own is that problem's question ("the DATEV software itself
// keeps crashing – is that something you fix or do I have to call the
// vendor?" after Exchange), and a stricter thing of its own after a project
// is answered for itself (probe set AK: both got the answer before's
// follow-up).
func TestOwnTopicAfterAnAnswer(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("lisbon")
	if r := c.say("Is our Exchange server looked after under the contract?"); r.meta().Verdict != "contract" {
		t.Fatalf("Exchange: %s\n%s", r.meta().Verdict, r.text)
	}
	if r := c.say("ok. the DATEV software itself keeps crashing since yesterday - is that something you fix or do I have to call the vendor?"); r.meta().Verdict != "vendor" {
		t.Errorf("own problem after an answer: verdict %q\n%s", r.meta().Verdict, r.text)
	}
	d := w.client("wien")
	if r := d.say("Wir eröffnen ein neues Büro. Könnt ihr dort das komplette Netzwerk aufsetzen? Ist das im Vertrag?"); r.meta().Verdict != "project" {
		t.Fatalf("new office: %s\n%s", r.meta().Verdict, r.text)
	}
	if r := d.say("Okay. Unser Steuerberater hat uns eine Software mitgegeben, für die wir gar keine Lizenz haben. Könnt ihr die trotzdem auf unseren PCs einrichten?"); r.meta().Verdict != "noncompliant" {
		t.Errorf("unlicensed software after a project: verdict %q\n%s", r.meta().Verdict, r.text)
	}
}

// TestProtocolInOneRushedMessage: probe sets AJ and AK. "Schnell bitte
// ein Gesprächsprotokoll!! Titel: … Datum: heute. … Vereinbart: 1. … 2. …"
// starts a protocol (it was read as vendor access today) with both
// agreements; "ja, raus damit zur Unterschrift" puts it up for signing; a
// list label on a line of its own takes the numbered lines below it, and
// "Ja, passt so." to the draft puts it up too.
func TestProtocolInOneRushedMessage(t *testing.T) {
	w := newWorld(t, worldOptions{})
	anna := w.in("c-crisis", "anna")
	r := anna.say("Schnell bitte ein Gesprächsprotokoll, bevor die sich rausreden!! Titel: Krisengespräch Serverausfall. Datum: heute. Unterzeichner: ich und @vera (Technikerin MediSoft). Vereinbart: 1. MediSoft liefert bis 10.12. eine Fehleranalyse. 2. Updates nur mit 7 Tagen Vorlauf.")
	contains(t, r.text, "PR-26-0001")
	lacks(t, r.text, "Sofort oder noch heute", "dieses Datum verstehe ich nicht")
	r = anna.say("ja passt so, raus damit zur Unterschrift")
	contains(t, r.text, "zur Unterschrift", "1. Vereinbarung: MediSoft liefert bis 10.12. eine Fehleranalyse.", "2. Vereinbarung: Updates nur mit 7 Tagen Vorlauf.",
		"Technikerin MediSoft (@vera)")

	ben := w.in("c-plan", "ben")
	ben.say("Können Sie unser Planungsgespräch als Protokoll festhalten?")
	r = ben.say("Titel: Planung Jahresupdate\nDatum: 7.12.2026\nUnterzeichner: ich und @lars\nVereinbarungen:\n1) Update am Montag, 21. Dezember von 10 bis 12 Uhr.\n2) Keine Adminrechte.")
	lacks(t, r.text, "Nicht verstanden")
	r = ben.say("Ja, passt so.")
	contains(t, r.text, "zur Unterschrift", "1. Vereinbarung: Update am Montag, 21. Dezember von 10 bis 12 Uhr.", "2. Vereinbarung: Keine Adminrechte.")
}
