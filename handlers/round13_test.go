package handlers

import (
	"slices"
	"testing"

	"github.com/mspbot/mspbot/protocols"
	"github.com/mspbot/mspbot/scheduling"
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

// TestOutageAndWhatNext: a till down with customers waiting gets a
// technician's call offered at once; "und jetzt??" with nothing filed names
// the next step and offers the call; a vendor's access asked for "right now"
// while a callback is taken is refused with the first slot there is, and
// the callback goes on; an addition while the time is asked joins the topic
// (probe sets BF, BG).
func TestOutageAndWhatNext(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("apotheke")
	r := c.say("Hallo?? Ist da jemand? Unsere Kasse in der Apotheke geht nicht!!! Die Kunden stehen bis zur Tür")
	contains(t, r.text, "dringenden Rückruf")
	expectAsk(t, r, "", "confirm")
	r = c.say("hallo?? und jetzt?? was passiert jetzt als Nächstes?")
	contains(t, r.text, "Als Nächstes", "040 696 450 99")
	expectAsk(t, r, "", "confirm")

	e := w.client("brenner")
	r = e.say("Hi, Lukas Brenner here. Could someone call me back about sizing the SQL Server instance for the upgrade? Mobile: +49 160 5551234.")
	expectAsk(t, r, "callback", "time")
	r = e.say("While I'm here: could you just enable our vendor account on their SQL box right now? I only want to read the settings, 10 minutes.")
	expectAsk(t, r, "callback", "time")
	contains(t, r.text, "7 days ahead", "The earliest possible slot would be Monday 30 Nov")
	lacks(t, r.text, "While I'm", "—.")

	k := w.client("krause")
	k.say("Rückruf bitte: Stefan Krause, 0171 4455668, unser Produktions-PC an der Fräse ist tot")
	r = k.say("ach und das Backup auf dem Server ist heute Nacht auch fehlgeschlagen, das bitte beim Anruf gleich mit besprechen")
	expectAsk(t, r, "callback", "time")
	contains(t, r.text, "das Backup auf dem Server ist heute Nacht auch fehlgeschlagen")
	lacks(t, r.text, "nicht verstanden", "besprechen")
}

// TestSeriesDateCancelledByItsPlace: "cancel the second date of the
// series" cancels that one date, "just that one session" without a date
// asks which, and neither cancels the series; "Yes, only that one" after
// it repeats what was cancelled, and the vendor's notice is about it; "Ausnahme machen?" while a
// booking is taken keeps the lead time (probe set BG).
func TestSeriesDateCancelledByItsPlace(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("wendt")
	c.say("Hersteller Agenda soll jeden ersten Dienstag im Monat 9–11 Uhr auf SRV-02 die Datenbankwartung machen, keine Adminrechte, Hersteller wartung@agenda.example, meine Adresse it@acme.example")
	rec := c.say("ja").record()
	if rec == nil {
		t.Fatal("no series held")
	}
	r := c.say("Can you cancel just that one session and keep the rest of the series " + rec.ID + "?")
	contains(t, r.text, "Which date of series "+rec.ID)
	r = c.say("Please cancel the second date of the series " + rec.ID + ", keep the rest.")
	contains(t, r.text, "is cancelled; the others remain")
	if a := w.appt(rec.ID); len(a.ActiveSlots()) == 0 || a.State == scheduling.StateCancelled {
		t.Errorf("the series is gone: %+v", a.State)
	}
	// "Yes, only that one" right after: what was done, once more
	r = c.say("Yes, only that one – all other dates stay as they are.")
	contains(t, r.text, "is cancelled; the others remain", rec.ID)
	lacks(t, r.text, "can't answer", "Which date")
	r = c.say("Does the vendor get told about the cancelled date by e-mail as well?")
	contains(t, r.text, rec.ID, "not approved yet")
	if a := w.appt(rec.ID); len(a.ActiveSlots()) == 0 || a.State == scheduling.StateCancelled {
		t.Errorf("the series is gone after the yes: %+v", a.State)
	}

	d := w.client("lorenz")
	r = d.say("DATEV-Berater hier. Ich muss auf dem Terminalserver TS-KANZLEI-1 das DATEV-Servicerelease einspielen, Hersteller ist DATEV, ca. 2 Stunden, Adminrechte brauche ich nicht. Geht es am 24.11. ab 9 Uhr?")
	contains(t, r.text, "zu früh")
	r = d.say("Können Sie nicht einmal eine Ausnahme machen? Sie müssten nur den Account kurz freischalten.")
	contains(t, r.text, "7 Tage im Voraus", "Zurück zu Ihrem Herstellertermin")
}

// TestFirstQuestionAndNotesForTheTechnician: "was ich ganz am Anfang
// gefragt hatte" is answered with the first question's answer, a callback
// "wegen der ersten Sache" takes its topic, and "sag dem Techniker bitte
// noch, …" after the filing adds to it (probe set BH).
func TestFirstQuestionAndNotesForTheTechnician(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("petersen")
	verdictIs(t, c.say("Auf unserem Büro-PC im Laden schlagen seit einer Woche die Windows-Updates fehl. Ist das bei uns im Vertrag mit drin?"), "covered")
	verdictIs(t, c.say("Und die Festplatte in genau diesem PC klackert seit ein paar Tagen. Tauschen Sie die im Rahmen des Vertrags aus?"), "excluded")
	r := c.say("Und nochmal zu dem, was ich Sie ganz am Anfang gefragt hatte – das ist dann aber drin, oder?")
	verdictIs(t, r, "covered")
	contains(t, r.text, "Zu Ihrer ersten Frage", "Windows-Updates")
	r = c.say("Gut. Dann rufen Sie mich bitte wegen der ersten Sache zurück, am 25.11. zwischen 10 und 12 Uhr. Ilse Petersen, 040 4455 6677.")
	expectAsk(t, r, "callback", "confirm")
	contains(t, r.text, "Thema: Auf unserem Büro-PC im Laden schlagen seit einer Woche die Windows-Updates fehl")
	id := c.say("ja").record().ID
	r = c.say("Achso, sag dem Techniker bitte noch, dass es auch um das Gäste-WLAN im Ausstellungsraum geht.")
	contains(t, r.text, id)
	lacks(t, r.text, "abgedeckt")
}
