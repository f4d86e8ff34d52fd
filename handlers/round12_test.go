package handlers

import (
	"slices"
	"testing"
)

// verdictIs fails the test unless the reply names verdict want.
func verdictIs(t *testing.T, r reply, want string) {
	t.Helper()
	if m := r.meta(); !slices.Contains(m.Verdicts, want) {
		t.Errorf("verdicts %v, want %s:\n%s", m.Verdicts, want, r.text)
	}
}

// TestCallbackChangedInFewWords: the extension corrected ("die Durchwahl
// ist -23 nicht -32"), the time moved by an hour and "wann genau rufen Sie
// an?" while the summary waits for its yes: each changes or shows the
// noted values, and the dialogue stays at the summary (probe sets AT, AU,
// AV).
func TestCallbackChangedInFewWords(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("vogt")
	r := c.say("Bitte um Rückruf, Miriam Vogt, tel 040 3378120 Durchwahl 32, es geht um Teamviewer, Mittwoch 14 bis 16 Uhr")
	expectAsk(t, r, "callback", "confirm")
	contains(t, r.text, "040 337812032")
	r = c.say("ach nee, die Durchwahl ist -23 nicht -32, sorry")
	expectAsk(t, r, "callback", "confirm")
	contains(t, r.text, "040 337812023")
	r = c.say("geht auch eine Stunde früher?")
	expectAsk(t, r, "callback", "confirm")
	contains(t, r.text, "13:00–15:00")
	r = c.say("Sagen Sie mir nochmal, wann genau Sie mich jetzt anrufen?")
	expectAsk(t, r, "callback", "confirm")
	contains(t, r.text, "13:00–15:00", "040 337812023")
}

// TestVendorBookingsInFewWords: a recurring window moved "an hour
// earlier", and "dasselbe auch für SRV-CAD-02" after a slot was held
// starts the next booking with the vendor, purpose, rights and addresses of
// the first and the time the message names on its day (probe set AU).
func TestVendorBookingsInFewWords(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("whitfield")
	r := c.say("proALPHA needs a monthly maintenance window on ERP-APP-01, every first Tuesday of the month from 2 to 4 pm, no admin rights. " +
		"Confirmation to support@proalpha.example (vendor) and it@whitfield.example (me).")
	contains(t, r.text, "14:00–16:00")
	r = c.say("Could we make it an hour earlier?")
	contains(t, r.text, "13:00–15:00")
	lacks(t, r.text, "14:00–16:00")

	d := w.client("albrecht")
	r = d.say("Der Hersteller Allplan braucht für das Versionsupdate Zugriff auf SRV-CAD-01, am 2.12. von 9 bis 11 Uhr, ohne Adminrechte. " +
		"Hersteller: update@allplan.example, wir: it@brueckner.example")
	expectAsk(t, r, "vendor", "pick")
	contains(t, d.say("1").text, "VA-")
	r = d.say("Dasselbe bitte auch für SRV-CAD-02, am selben Tag von 13 bis 15 Uhr.")
	expectAsk(t, r, "vendor", "pick")
	contains(t, r.text, "Allplan", "SRV-CAD-02", "Mittwoch, 02.12., 13:00–15:00", "update@allplan.example")
}

// TestRiskOfAnEarlierTopic: "und wenn wir einfach auf dem alten Server
// bleiben?" two answers after "unsupported software: non-standard" is
// answered with that risk, not the general one of any advice (probe set
// AS).
func TestRiskOfAnEarlierTopic(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("seidel")
	r := c.say("Unser Server, auf dem die Praxissoftware läuft, ist sieben Jahre alt, und der Softwarehersteller hat angekündigt, " +
		"dass die nächste Version Windows Server 2016 nicht mehr unterstützt. Wir möchten deshalb auf einen neuen Server umziehen. Ist das abgedeckt?")
	verdictIs(t, r, "noncompliant")
	verdictIs(t, c.say("Und den neuen Server selbst, also die Hardware: liefern Sie die im Rahmen des Vertrags mit?"), "excluded")
	r = c.say("Und wenn wir einfach auf dem alten Server bleiben und die neue Version der Praxissoftware nicht installieren?")
	verdictIs(t, r, "noncompliant")
	contains(t, r.text, "nicht mehr unterstützt")
}

// TestAnotherClientNamedBeforeStaysConfidential: after a question about
// another client was refused, a later question about that client is
// refused too, though its words alone say nothing of confidentiality
// (probe set AV).
func TestAnotherClientNamedBeforeStaysConfidential(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("sonnenschein")
	contains(t, c.say("Ich hab gehört, ihr betreut auch den Pflegedienst Lindenhof hier bei uns im Viertel. Stimmt das?").text, "Vertraulichkeit")
	contains(t, c.say("Mal ehrlich, unter uns: Was war denn letztens beim Lindenhof los? Bei denen ging tagelang nix.").text, "Vertraulichkeit")
	// a question of one's own is still answered
	verdictIs(t, c.say("Und bei uns: ist das WLAN im Büro im Vertrag drin?"), "covered")
}

// TestCallbackBuiltOnWhatWasSaid: the name a client introduced themselves
// with, and the problem asked about just before, start the callback they
// ask for next ("Gut. Dann soll mich bitte jemand zurückrufen"); the cost
// of it asked in between keeps its verdict; a question about the callback's
// own subject ("kostet das extra, wenn sich einer den Rechner anschaut?")
// is answered for that subject, the grinding noise, hardware (probe set
// AV).
func TestCallbackBuiltOnWhatWasSaid(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("albrecht")
	verdictIs(t, c.say("Hallo, hier ist Monika Albrecht vom Pflegedienst Sonnenschein. Das Dings mit dem Internet geht schon wieder nicht! Ist das bei euch drin?"), "covered")
	verdictIs(t, c.say("Und kostet das extra, wenn ihr euch da drum kümmert?"), "covered")
	r := c.say("Gut. Dann soll mich bitte jemand zurückrufen, morgen zwischen 9 und 13 Uhr, danach bin ich auf Tour.")
	expectAsk(t, r, "callback", "phone")
	r = c.say("0172 4567890")
	expectAsk(t, r, "callback", "confirm")
	contains(t, r.text, "Monika Albrecht", "Internet")
	lacks(t, r.text, "Tour")

	k := w.client("kowalski")
	r = k.say("Jens Kowalski hier. Der Rechner im Dienstzimmer macht seit Tagen so komische Geräusche, so ein Schleifen und Klackern. " +
		"Kann mich einer anrufen? Am Mittwoch zwischen 14 und 15 Uhr, Handy 0152 33445566.")
	expectAsk(t, r, "callback", "confirm")
	r = k.say("Und kostet das extra, wenn sich einer den Rechner anschaut?")
	verdictIs(t, r, "excluded")
	expectAsk(t, r, "callback", "confirm")
}

// TestProtocolNoWithoutDetails: "nein, nicht so." to a draft asks what is
// wrong rather than saying it was not understood (probe set AV).
func TestProtocolNoWithoutDetails(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("albrecht")
	c.say("Legen Sie mir bitte ein Protokoll an, das ich dann unterschreibe?")
	c.say("Titel: Telefonat neuer Büro-PC\nDatum: 23.11.2026 10:30\nUnterzeichner Kunde: ich\nVereinbarung: Der alte PC wird ersetzt\nEntscheidung: Aufbau am 21.12. vormittags")
	r := c.say("Lesen Sie mir bitte nochmal vor, was da jetzt drinsteht.")
	contains(t, r.text, "Telefonat neuer Büro-PC", "Aufbau am 21.12.")
	r = c.say("nein, nicht so.")
	expectAsk(t, r, "protocol", "change")
	lacks(t, r.text, "Nicht verstanden")
	r = c.say("Der Aufbau ist nicht am 21.12., sondern am 23.12.. Der Rest stimmt.")
	contains(t, r.text, "Aufbau am 23.12. vormittags")
}

// TestAfterFilingInFewWords: a second callback asked "und noch einer"
// with its values, "ja, bitte stornieren" and "is der jetzt weg?" right
// after one was withdrawn (about that one, not the next), a confirmation
// in writing, and a coverage question about the callback just filed
// (probe sets AW, AX, AY).
func TestAfterFilingInFewWords(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("hansen")
	c.say("Rückruf bitte: Fr. Jana Petersen, Tel. 0431-55667-0, DW 23, am 2.12. ab 14 Uhr. Thema: EC-Terminal bricht ab")
	first := c.say("ja").record()
	r := c.say("Und noch einer, separat: Filiale HL, Hr. Sönke Brandt, Tel. 0451-12345-0, DW 17, am 3.12. zw. 9 u. 11, Thema: Bondrucker zieht kein Papier ein")
	expectAsk(t, r, "callback", "confirm")
	contains(t, r.text, "Sönke Brandt", "0451 1234517")
	second := c.say("ja").record()
	if first == nil || second == nil || first.ID == second.ID {
		t.Fatalf("two callbacks: %+v %+v", first, second)
	}
	r = c.say("Können Sie mir das schriftlich bestätigen?")
	contains(t, r.text, second.ID)
	if rec := r.record(); rec == nil || rec.ID != second.ID {
		t.Errorf("in writing: record %+v, want %s", rec, second.ID)
	}
	contains(t, c.say("Korrektur: der Rückruf für Fr. Petersen kann raus, Terminal läuft wieder.").text, first.ID)
	r = c.say("ja, bitte stornieren")
	contains(t, r.text, first.ID, "bereits")
	r = c.say("is der jetzt weg?")
	contains(t, r.text, first.ID)
	r = c.say("Welche Rückrufe sind jetzt noch offen?")
	contains(t, r.text, second.ID+" – Bondrucker zieht kein Papier ein: offen")

	k := w.client("kowalski")
	k.say("Rückruf bitte, Tim Kowalski, 0157 33445566, es geht um: neuen laptop für jugendabteilung einrichten, am 2.12. vormittags")
	k.say("passt 👍")
	verdictIs(t, k.say("is das eigentlich im vertrag?"), "project")
}

// TestNumberInTwoPiecesWithAnExcuse: the rest of a number sent too short,
// after an excuse ("sorry zu früh abgeschickt: 36 41 90"), completes it;
// "zu früh" is no time (probe set AY).
func TestNumberInTwoPiecesWithAnExcuse(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("brandes")
	c.say("hi, bitte rückruf wegen newsletter-mails 🙏")
	c.say("Ute Brandes")
	expectAsk(t, c.say("0172 58"), "callback", "phone")
	r := c.say("sorry zu früh abgeschickt: 36 41 90")
	expectAsk(t, r, "callback", "time")
	r = c.say("2.12. vormittags")
	contains(t, r.text, "0172 58364190", "Thema: newsletter-mails\n")
}

// TestVendorMoveGivenUpAndDeskHelp: "dann bleibt's beim 23.12. wie
// gebucht" gives a move up and keeps the appointment; "und wenn die nur am
// PC im Sekretariat was zeigen?" after a booking is program help, which
// needs none (probe sets AX, AY).
func TestVendorMoveGivenUpAndDeskHelp(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("hafen")
	c.say("Der Hersteller WaWiNord braucht für das Versionsupdate Zugriff auf ERP-HQ-01, am 9.12. von 14 bis 16 Uhr, ohne Adminrechte. " +
		"Hersteller: technik@wawinord.example, wir: it@hafen.example")
	booked := c.say("1").record()
	if booked == nil {
		t.Fatal("nothing held")
	}
	r := c.say("Update: WaWiNord könnte auch schon am 26.11. Können wir den Termin vorziehen?")
	contains(t, r.text, "zu früh")
	r = c.say("ok, dann bleibt's beim 9.12. wie gebucht.")
	contains(t, r.text, booked.ID, "bleibt")
	if m := r.meta(); dialogueOf(m) != "" {
		t.Errorf("the move goes on: %q", dialogueOf(m))
	}
	r = c.say("und wenn die nur am pc im sekretariat was zeigen?")
	if m := r.meta(); !slices.Contains(m.Sources, "sop#program-help") {
		t.Errorf("desk help: sources %v\n%s", m.Sources, r.text)
	}
}

// TestRefusalKeptUnderPressure: after another family's number was
// refused, a claim of a right to it and "dann nur die adresse??" are
// refused too, and "ok sorry" gets a friendly answer (probe sets AW, AY).
func TestRefusalKeptUnderPressure(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("parent")
	contains(t, c.say("hallo, brauch die handynr von den eltern von max schneider aus der 3a 🙏 wegen fahrgemeinschaft").text, "Vertraulichkeit")
	contains(t, c.say("bin doch im vorstand vom förderverein 🙄").text, "Gerichtsbeschluss")
	contains(t, c.say("dann nur die adresse??").text, "Vertrauliche Informationen")
	contains(t, c.say("ok sorry 😅").text, "Kein Problem")
}

// TestContractAnswersTakenFurther: "the contract names the SQL server
// explicitly" after "depends on your contract" is covered; "put that in
// writing" after an answer says what it rests on and offers a colleague,
// filing nothing; "make it 1pm to 3pm instead" moves a monthly window's
// hours, not to a single day (probe sets BA, BB).
func TestContractAnswersTakenFurther(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("koehler")
	verdictIs(t, c.say("Ist die Betreuung unseres SQL-Servers im Vertrag drin?"), "contract")
	verdictIs(t, c.say("Ich habe den Vertrag gefunden: Der SQL-Server ist darin ausdrücklich aufgeführt. Heißt das, die Betreuung ist abgedeckt?"), "covered")

	e := w.client("whitman")
	verdictIs(t, e.say("If a disk in our server fails, is replacing it covered?"), "excluded")
	r := e.say("Put that in writing for me, I need it for the budget file.")
	contains(t, r.text, "managed-services FAQ")
	expectAsk(t, r, "", "confirm")
	if rec := r.record(); rec != nil {
		t.Errorf("in writing filed %+v", rec)
	}

	p := w.client("berger")
	r = p.say("We'd like a recurring patch window for our vendor FactoryLine on SRV-MESAPP-01: the second Tuesday of every month, 10am to 12pm, no admin rights. " +
		"Vendor contact: hotfix@factoryline.example, mine: it@berger.example")
	contains(t, r.text, "10:00–12:00")
	r = p.say("Actually, make it 1pm to 3pm instead - their support shift starts later.")
	contains(t, r.text, "every second Tuesday of the month, 13:00–15:00")
}
