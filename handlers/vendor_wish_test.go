package handlers

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestVendorSpanWishOffersSlots: "at the end of next week" allows any day
// of its end (Thursday and Friday), so slots are offered there at once
// instead of asking for a time; a reason for admin rights stops before
// the sentence with the addresses.
func TestVendorSpanWishOffersSlots(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("rhoward")
	r := c.say("Sage need to patch the SQL instance behind our Sage 100 on APP-SAGE-01 at the end of next week, roughly 2 hours. " +
		"They do need admin rights because the installer registers new Windows services. " +
		"Please send the invite to me at r.howard@fenwick.example and to their consultant at jb@sage-partner.example.")
	expectAsk(t, r, "vendor", "pick")
	contains(t, r.text, "1) Thursday 3 Dec, 08:00–10:00", "2) Friday 4 Dec, 08:00–10:00",
		"reason: the installer registers new Windows services\n")
	// German, as the answer to the question for the time
	d := w.client("dora")
	expectAsk(t, d.say("Der DATEV-Support muss auf SRV-FIBU-01 für das Jahresupdate, ca. 1 Stunde, ohne Adminrechte. "+
		"Meine E-Mail: dora@muster.example, Hersteller-Kontakt: support@datev.example"), "vendor", "time")
	r = d.say("Anfang übernächster Woche wäre gut")
	expectAsk(t, r, "vendor", "pick")
	contains(t, r.text, "1) Montag, 07.12.", "2) Dienstag, 08.12.")
}

// TestVendorBookingWithAdminIsNoRuleQuestion: a concrete booking that
// mentions admin rights ("no idea why") is a booking, and the reason is
// asked; a message that only asks about the rule is answered.
func TestVendorBookingWithAdminIsNoRuleQuestion(t *testing.T) {
	w := newWorld(t, worldOptions{})
	r := w.client("kessler").say("Hi, the guys from proALPHA want to get on ERP-DB-01 on 8 December from 9 to 2 for a database upgrade. " +
		"They want admin rights, no idea why, that's just what they said. Mails: mine is it@kessler.example, theirs is service@proalpha.example")
	expectAsk(t, r, "vendor", "admin_reason")
	r = w.client("other").say("Why does a vendor get no admin rights on our servers?")
	if m := r.meta(); dialogueOf(m) != "" || !slices.Contains(m.Sources, "sop#admin-rights") {
		t.Fatalf("rule question: meta %+v\n%s", m, r.text)
	}
}

// TestVendorServerAfterProgramHelpBooks: after "program help needs no
// booking", server work named next needs a booked window, and the booking
// starts from both messages.
func TestVendorServerAfterProgramHelpBooks(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("eve")
	r := c.say("Darf der DATEV-Support unserer Buchhalterin am Arbeitsplatz per Fernhilfe zeigen, wie die neue Funktion geht?")
	if m := r.meta(); !slices.Contains(m.Sources, "sop#program-help") || dialogueOf(m) != "" {
		t.Fatalf("program help: meta %+v", m)
	}
	r = c.say("Und danach muss er noch auf SRV-FIBU-02 den Dienst neu starten, ca. 1 Stunde, ohne Adminrechte, am 3.12. ab 9 Uhr. " +
		"Meine E-Mail: eve@muster.example, Hersteller: support@datev.example")
	expectAsk(t, r, "vendor", "purpose") // what it is for is not read from "den Dienst neu starten"
	r = c.say("Neustart des Lizenzdienstes")
	expectAsk(t, r, "vendor", "pick")
	contains(t, r.text, "DATEV", "SRV-FIBU-02")
}

// TestVendorNeedsOneOfOurServersStartsBooking: "muss an einen unserer
// Server" asks for access: the booking starts and asks for the system.
func TestVendorNeedsOneOfOurServersStartsBooking(t *testing.T) {
	w := newWorld(t, worldOptions{})
	expectAsk(t, w.client("baltic").say("Guten Tag, der Hersteller Addison muss demnächst an einen unserer Server."), "vendor", "system")
}

// TestResolvedLicencesCovered: after "too few licences: non-standard",
// "once we've bought the missing licences, is it covered then?" asks about
// the time after the problem: covered, with its source.
func TestResolvedLicencesCovered(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("lic")
	r := c.say("Bei uns arbeiten 14 Leute mit Office, wir haben aber nur 9 Microsoft-365-Lizenzen. Ist der Support dafür trotzdem im Vertrag drin?")
	if m := r.meta(); m.Verdict != "noncompliant" {
		t.Fatalf("first answer: meta %+v\n%s", m, r.text)
	}
	r = c.say("and once we've bought the missing licences, is it covered then?")
	if m := r.meta(); m.Verdict != "covered" {
		t.Fatalf("after buying: meta %+v\n%s", m, r.text)
	}
	contains(t, r.text, "Once the software is legal, correctly licensed", "Source: SOP for working with LoB vendors")
}

// TestBuyingLicencesAsFollowUp: "und wenn wir die Lizenzen nachkaufen?"
// and "what if we buy proper licences?" after a non-standard answer ask
// about the time after the problem (probe set O: answered "Nein – das ist
// eine Nicht-Standard-Situation", and in English with the risk of not
// buying them).
func TestBuyingLicencesAsFollowUp(t *testing.T) {
	w := newWorld(t, worldOptions{})
	for i, tc := range []struct{ first, then, want string }{
		{"Wir haben Office von einem Bekannten auf einem Stick bekommen und auf 5 Rechnern installiert. Betreut ihr das trotzdem?",
			"und wenn wir die Lizenzen nachkaufen?", "Sobald die Software legal, korrekt lizenziert"},
		{"Our designer uses a cracked Photoshop on that PC. Do you support that?",
			"what if we buy proper licences?", "Once the software is legal, correctly licensed"},
	} {
		c := w.client(fmt.Sprintf("buy%d", i))
		if r := c.say(tc.first); r.meta().Verdict != "noncompliant" {
			t.Fatalf("%q: meta %+v\n%s", tc.first, r.meta(), r.text)
		}
		r := c.say(tc.then)
		if m := r.meta(); m.Verdict != "covered" {
			t.Errorf("%q: meta %+v\n%s", tc.then, m, r.text)
		}
		contains(t, r.text, tc.want)
	}
}

// TestNoSuchDateIsNamed: a date the calendar does not have is named when
// the time is asked again, for a callback and for a vendor booking (probe
// set O), and the details given beside it are kept.
func TestNoSuchDateIsNamed(t *testing.T) {
	w := newWorld(t, worldOptions{})
	r := w.client("nodate").say("Rückruf wegen Lizenzen bitte, Jonas Frey, 040 7788 9900, am 31.11. um 10 Uhr")
	contains(t, r.text, "Den 31.11. gibt es im Kalender nicht.")
	expectAsk(t, r, "callback", "time")
	r = w.client("nodate-va").say("Die Firma DATEV braucht am 31.11. von 9 bis 11 Zugriff auf FIBU-01 für ein Update, ohne Adminrechte. " +
		"DATEV: s@datev-partner.example, ich: i@kanzlei.example")
	contains(t, r.text, "Den 31.11. gibt es im Kalender nicht.")
	expectAsk(t, r, "vendor", "time")
	r = w.client("nodate-en").say("Please call me back about the VPN, Anna Weiss, 0176 11122233, on 31 November at 10")
	contains(t, r.text, "The date 31.11. does not exist.")
	// the day alone, in November: said back, the rest kept (before, it
	// was filed for 31 December without a word)
	c := w.client("nodate-day")
	r = c.say("Rückruf bitte wegen dem Kopierer, Lea Brandt, 040 7788 9911, am 31. um 10 Uhr")
	contains(t, r.text, "Den 31.11. gibt es im Kalender nicht.")
	expectAsk(t, r, "callback", "time")
	expectAsk(t, c.say("dann am 30. um 10"), "callback", "confirm")
}

// TestLeadTimeWhyInsideBooking: "warum eigentlich 7 Tage Vorlauf?" while
// the addresses are asked is a question about the rule, answered from the
// SOP, and the booking goes on (probe set R: it was answered with why the
// addresses are needed).
func TestLeadTimeWhyInsideBooking(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("leadwhy")
	expectAsk(t, c.say("Der Hersteller Agenda soll am 15.12. von 9 bis 11 auf LOHN-01 ein Update machen, ohne Adminrechte"), "vendor", "emails")
	r := c.say("warum eigentlich 7 Tage Vorlauf?")
	contains(t, r.text, "7 Tage im Voraus", "Vorlauf von 7 Tagen")
	lacks(t, r.text, "Kalendereinladung")
	expectAsk(t, r, "vendor", "emails")
}

// TestAdminReasonGivenUnasked: the reason for admin rights, given in a
// later message before it was asked for ("…, deshalb."), is taken; the
// booking asks for what is still missing, not for the reason (probe set Z).
func TestAdminReasonGivenUnasked(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("reason-unasked")
	r := c.say("Guten Morgen, bei uns soll Addison das Jahresupdate auf den Server KANZLEI-SRV spielen. Der Techniker von Addison meint, er braucht dafür Administratorrechte.")
	if asks(r.meta(), "admin_reason") {
		t.Fatalf("the reason is asked before the rest:\n%s", r.text)
	}
	r = c.say("Er sagt, das Setup muss auf dem Server neue Dienste einrichten, deshalb. Termin wäre am 15.12. von 14 bis 17 Uhr.")
	expectAsk(t, r, "vendor", "emails")
	r = c.say("addison: service@addison-partner.example, ich: kanzlei@steuer.example")
	contains(t, r.text, "neue Dienste einrichten")
}

// TestDayRuledOutSameHours: at the proposals, "am 7.12. ist bei uns
// Inventur, da will ich keinen am Server haben. Geht auch der 8.12.,
// selbe Uhrzeit?" rules the first day out and keeps the hours wished
// before; it held the 7.12. (probe set Y).
func TestDayRuledOutSameHours(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("inventur")
	c.say("Der Techniker von Hamburger Software muss auf unseren Server BUHA-01, da soll das Jahresupdate drauf")
	c.say("dauert laut denen ca. 3 Std., am besten am 7.12. ab 9 Uhr")
	r := c.say("Adminrechte brauchen die nicht. Mail vom Techniker: j.ewert@hamburger-software.example, meine: buchhaltung@elbtal.example")
	expectAsk(t, r, "vendor", "pick")
	contains(t, r.text, "07.12., 09:00–12:00")
	r = c.say("oh warte, am 7.12. ist bei uns Inventur, da will ich keinen am Server haben. Geht auch der 8.12., selbe Uhrzeit?")
	expectAsk(t, r, "vendor", "pick")
	contains(t, r.text, "1) Dienstag, 08.12., 09:00–12:00 Uhr")
	if strings.Contains(r.text, "07.12.") {
		t.Errorf("the day ruled out is offered again:\n%s", r.text)
	}
}

// TestBookingAfterVendorQuestionKeepsItsDetails: after a question about a
// vendor's work ("Infor has to migrate our ERP database on server
// ERP-DB-02 … is that ok?") and a why-question, "then just book the
// preparation part: Monday … 9am to 1pm" books for that vendor and
// system; it asked which vendor (probe set AA).
func TestBookingAfterVendorQuestionKeepsItsDetails(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("infor")
	c.say("Hi, Infor has to migrate our ERP database on server ERP-DB-02. Their consultant says the script runs for about 10 hours, so he'd like to start at 4pm on Monday, 7 December and just stay connected overnight. Is that ok?")
	c.say("Why though? The script just runs by itself.")
	r := c.say("Alright. Then just book the preparation part: Monday, 7 December from 9am to 1pm, no admin rights needed. Vendor contact: consultant@infor.example, mine: it@kroeger.example")
	if asks(r.meta(), "vendor") || asks(r.meta(), "system") {
		t.Fatalf("the vendor or the system named before is asked again:\n%s", r.text)
	}
	contains(t, r.text, "Infor", "ERP-DB-02")
}

// TestVendorBookingInOtherWords: probe set AE's ways of booking: the
// vendor in brackets after a firm described, or only by its address
// after "the people who make our payroll software"; a weekday and hour
// taken at proposals of another week ("dann nehmen wir den Dienstag um
// 10"); "can the vendor stay logged in for the whole week?" answered
// from the rule, not with why the addresses are needed.
func TestVendorBookingInOtherWords(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("interflex")
	r := c.say("Guten Morgen! Die Firma, die bei uns die Zeiterfassung macht (Interflex), muss ein Update auf dem Rechner im Keller einspielen, der heißt FILE-01.")
	if asks(r.meta(), "vendor") || !strings.Contains(r.text, "7 Tage") {
		t.Fatalf("the vendor in brackets was not read:\n%s", r.text)
	}
	p := w.client("agenda")
	r = p.say("Hi, I need to book server access for the people who make our payroll software. Their technician is j.meyer@agenda-software.example and my address is accounts@bakery.example.")
	if asks(r.meta(), "vendor") {
		t.Errorf("the vendor named by its address is asked:\n%s", r.text)
	}

	d := w.client("addison")
	d.say("Addison muss auf unserem Server SRV-TAX ein Servicepack einspielen. Dauert etwa 2 Stunden, Adminrechte braucht der Techniker keine.")
	r = d.say("Am liebsten schon Mittwoch (25.11.) um 10 Uhr. Mails: technik@addison.example (Hersteller) und buero@maler.example (wir).")
	expectAsk(t, r, "vendor", "pick")
	contains(t, r.text, "buero@maler.example (Sie)")
	r = d.say("Schade, aber gut. Dann nehmen wir den Dienstag um 10.")
	if rec := r.meta().Record; rec == nil || !strings.Contains(r.text, "01.12., 10:00–12:00") {
		t.Errorf("the Tuesday of the proposals at 10 was not held:\n%s", r.text)
	}

	s := w.client("stay")
	s.say("Hello, Sage needs access to SQL-02 for a database version upgrade on Wednesday, 9 December, 9am to 12pm. No admin rights required.")
	r = s.say("Can the vendor just stay logged in for the whole week so we don't have to bother you every time?")
	if strings.Contains(r.text, "calendar invitation") || !strings.Contains(r.text, "agreed time") {
		t.Errorf("lasting access asked in a booking:\n%s", r.text)
	}
	expectAsk(t, r, "vendor", "emails")
}

// TestMorningAsPlanned: "then just the morning as planned" keeps the hours
// wished before (9 to 12), which lie in the morning; they were replaced by
// the whole morning from 8 (probe set AE).
func TestMorningAsPlanned(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("planned")
	c.say("Hello, Sage needs access to SQL-02 for a database version upgrade on Wednesday, 9 December, 9am to 12pm. No admin rights required.")
	r := c.say("OK, fair enough. Then just the morning as planned. Vendor: upgrade-team@sage.example, me: office@optik.example")
	expectAsk(t, r, "vendor", "pick")
	contains(t, r.text, "1) Wednesday 9 Dec, 09:00–12:00")
}

// TestAdminAndAccountAfterBooking: "will he have admin rights from now
// on? And what happens to his account once the upgrade is done?" after a
// booking is answered with both rules: no admin rights unless needed,
// the account disabled outside the window (probe set AE: "not sure").
func TestAdminAndAccountAfterBooking(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("after")
	c.say("Vendor Sage needs access to server APP01 on 9 Dec from 9 to 11 for an upgrade, no admin rights, vendor help@sage.example, mine carl@acme.example")
	c.say("1")
	r := c.say("So will he have admin rights on that server from now on? And what happens to his account once the upgrade is done?")
	contains(t, r.text, "administrative", "disabled")
}
