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

// TestFiledCallbackChangedLater: probe set AL. After a callback is filed,
// "Geht derselbe Tag auch von 14 bis 16 Uhr?" changes its time on its day,
// "forgot to mention: …" adds to its topic and "call my office line
// instead? 030 …" its number – the same ticket, staff told each time, and
// "was haben Sie notiert?" shows what it holds now. A new request with a
// topic of its own is no change.
func TestFiledCallbackChangedLater(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("vogt")
	r := c.say("Rückruf bitte: Katrin Vogt, 040 41923857, unser Scanner scannt nicht mehr in den Netzwerkordner, am 25.11. zwischen 9 und 11 Uhr.")
	expectAsk(t, r, "callback", "confirm")
	rec := c.say("ja").record()
	if rec == nil {
		t.Fatal("not filed")
	}
	id := rec.ID
	before := w.out.count()
	r = c.say("Oh Moment, da hab ich einen Termin. Geht derselbe Tag auch nachmittags, so von 14 bis 16 Uhr?")
	contains(t, r.text, "Geändert", id, "14:00–16:00")
	if r.record() == nil || r.record().ID != id {
		t.Errorf("another record than %s: %+v", id, r.record())
	}
	if staff := w.out.since(before, "staff"); len(staff) == 0 || !strings.Contains(staff[len(staff)-1].Text, id) {
		t.Errorf("staff not told of the change: %+v", staff)
	}
	r = c.say("Noch als Nachtrag für den Techniker: der Kopierer zeigt Fehler SC-542")
	contains(t, r.text, "ergänzt", "SC-542")
	r = c.say("Was haben Sie jetzt genau bei mir notiert?")
	contains(t, r.text, id, "SC-542", "14:00–16:00")
	r = c.say("Und dann bitte noch einen zweiten Rückruf wegen dem Drucker im Lager, gleiche Nummer, am 26.11. zwischen 9 und 10 Uhr.")
	lacks(t, r.text, "Geändert")
	expectAsk(t, r, "callback", "confirm")
}

// TestOneOfTwoFiledRequests: with two callbacks filed, "der erste hat sich
// erledigt" withdraws the first (before: the last one filed), "wann ruft
// ihr wegen dem Drucker an?" tells the printer one's time, and "der wegen
// dem WLAN bleibt bestehen" confirms the other (probe set AL).
func TestOneOfTwoFiledRequests(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("schulte")
	c.say("Rückruf bitte: Anna Schulte, 0221 94873361, unser Drucker im Empfang druckt nicht mehr, am 25.11. zwischen 11 und 13 Uhr.")
	first := c.say("ja").record()
	c.say("Und dann bitte noch einen zweiten Rückruf, anderes Thema: das WLAN für die Patienten soll getrennt werden. Gleiche Nummer, am 26.11. zwischen 15 und 17 Uhr.")
	second := c.say("ja").record()
	if first == nil || second == nil || first.ID == second.ID {
		t.Fatalf("two requests not filed: %+v %+v", first, second)
	}
	contains(t, c.say("Wann ruft ihr jetzt wegen dem Drucker an?").text, first.ID, "11:00–13:00")
	contains(t, c.say("Ach, der erste hat sich erledigt. Den Rückruf können Sie stornieren.").text, first.ID)
	r := c.say("Der wegen dem WLAN bleibt aber bitte bestehen!")
	contains(t, r.text, second.ID, "bleibt bestehen")
	contains(t, c.say("Was ist denn jetzt noch offen bei mir?").text, second.ID)
}
