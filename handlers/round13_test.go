package handlers

import (
	"slices"
	"testing"

	"github.com/mspbot/mspbot/protocols"
)

// TestCallbackConfirmExplained: "Was genau soll ich bestätigen? Muss ich
// etwas unterschreiben?" at the summary is told what the yes does and that
// nothing is signed; the summary stays, and "Ach so, dann ist alles
// richtig so. Ja, bitte." files it (probe set BD).
func TestCallbackConfirmExplained(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("brinkmann")
	r := c.say("Bitte rufen Sie mich zurück, Hannelore Brinkmann, 04103 9876543, es geht um das Gäste-WLAN, am 25.11. zwischen halb zehn und elf")
	expectAsk(t, r, "callback", "confirm")
	r = c.say("Entschuldigen Sie die vielleicht dumme Frage: Was genau soll ich denn jetzt bestätigen? Muss ich dafür irgendwo etwas unterschreiben?")
	expectAsk(t, r, "callback", "confirm")
	contains(t, r.text, "Unterschreiben müssen Sie nichts", "09:30–11:00")
	lacks(t, r.text, "Gesprächsprotokoll")
	if rec := c.say("Ach so, dann ist alles richtig so. Ja, bitte.").record(); rec == nil || rec.Kind != "callback" {
		t.Fatalf("not filed: %+v", rec)
	}
}

// TestStandingAccessRefused: a vendor's access that stays open is refused
// with the rule, beside the addresses of a booking being taken and after a
// booking, and the addresses are taken (probe sets BD, BE).
func TestStandingAccessRefused(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("petersen")
	r := c.say("Herr Albers von Loco-Soft muss die Datenbank auf unserem Server SRV-AH-1 auf eine neue Version umstellen, am 7.12. von 9 bis 12 Uhr, ohne Adminrechte.")
	expectAsk(t, r, "vendor", "emails")
	r = c.say("Die E-Mail von Herrn Albers lautet albers@loco-soft.example, meine ist m.petersen@autohaus.example. Ach, und noch etwas: Könnte Herr Albers nicht einfach dauerhaft einen Zugang bekommen?")
	expectAsk(t, r, "vendor", "pick")
	contains(t, r.text, "dauerhaften Zugang", "nur im freigegebenen Zeitfenster", "Hersteller: Loco-Soft", "albers@loco-soft.example (Hersteller)")
	contains(t, c.say("1").text, "VA-")
	r = c.say("And afterwards they just keep the account, right?")
	contains(t, r.text, "standing access", "disabled again afterwards")
}

// TestProtocolItemReplacedWithItsLabel: "Punkt 1: Entscheidung: …" after
// a greeting replaces item 1 with a decision of that text; the greeting is
// no line left "not understood"; "Muss ich noch einmal unterschreiben?"
// is answered with the new version; a colleague who is no signer is told
// so (probe sets BD, BE).
func TestProtocolItemReplacedWithItsLabel(t *testing.T) {
	w := newWorld(t, worldOptions{})
	signedByAnna(t, w)
	anna, vera, bob := w.in("c-talk", "anna"), w.in("c-talk", "vera"), w.in("c-talk", "bob")
	r := vera.say("Guten Tag, hier Vogt. Ich bitte um eine Korrektur, vormittags haben wir Teamsitzung. Punkt 1: Entscheidung: Das Update läuft am 17.12. von 13 bis 15 Uhr.")
	lacks(t, r.text, "Nicht verstanden")
	p := w.protocol("PR-26-0001")
	if it := p.Content.Items[0]; it.Kind != protocols.ItemDecision || it.Text != "Das Update läuft am 17.12. von 13 bis 15 Uhr." {
		t.Errorf("item 1 %+v, want the decision", it)
	}
	r = anna.say("Ich hatte das Protokoll doch bereits unterschrieben. Muss ich das jetzt wirklich noch einmal unterschreiben?")
	contains(t, r.text, "Version 3", "bisherige Unterschriften gelten dann nicht mehr")
	r = bob.say("Ich unterschreibe für Anna mit, sie ist im Termin.")
	contains(t, r.text, "nicht als Unterzeichner/in auf PR-26-0001")
	contains(t, anna.say("Einverstanden, ich unterschreibe die neue Fassung ebenfalls.").text, "hat Version 3 von PR-26-0001 unterschrieben")
}

// TestCorrectedDeviceKeepsTheVerdict: "sorry meinte den büro-pc, nicht die
// kasse" after a PC's hardware fault keeps the hardware verdict; "Fine. And
// while I have you – …" after a callback was offered starts no callback
// (probe sets BC, BE).
func TestCorrectedDeviceKeepsTheVerdict(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("korn")
	verdictIs(t, c.say("hi, in filiale 3 bootet der pc nicht mehr, lüfter macht krach und dann geht er aus. tauscht ihr den?"), "excluded")
	verdictIs(t, c.say("sorry meinte den büro-pc in der filiale, nicht die kasse"), "excluded")

	e := w.client("okafor")
	r := e.say("Our teacher deleted a folder with all the course material. Can you restore it, and what does it cost?")
	verdictIs(t, r, "excluded")
	expectAsk(t, e.say("OK so what does it cost and how quickly can someone do it? We need the material for Tuesday."), "", "confirm")
	r = e.say("Fine. And while I have you - the beamer in room 3 only shows a purple picture. We already swapped the cable.")
	verdictIs(t, r, "excluded")
	if a := r.meta().Asks; slices.Contains(a, "name") {
		t.Errorf("a callback was started: %s", r.text)
	}
}

// TestLeadTimeNamesAnAllowedStart: a vendor date too early is answered
// with the first start the procedure allows, inside the maintenance hours,
// not the instant the lead time ends (probe set BD).
func TestLeadTimeNamesAnAllowedStart(t *testing.T) {
	w := newWorld(t, worldOptions{})
	w.clock.now = monday.Add(13*3600*1e9 + 44*60*1e9) // 23:44
	c := w.client("voigt")
	r := c.say("Der Hersteller unseres Praxisprogramms THEORG hat uns geschrieben, dass eine neue Version auf unserem Server SRV-PRAXIS-1 eingespielt werden muss. Der Techniker möchte das am Mittwoch, 25. November machen, etwa drei Stunden.")
	contains(t, r.text, "zu früh", "frühestens ab Dienstag, 01.12.2026, 08:00 Uhr")
	lacks(t, r.text, "23:44")
	if a := r.meta().Asks; slices.Contains(a, "vendor") {
		t.Errorf("the vendor named after its software was asked again: %s", r.text)
	}
}
