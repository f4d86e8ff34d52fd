package handlers

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/internal/smtptest"
	"github.com/mspbot/mspbot/jobs"
	"github.com/mspbot/mspbot/scheduling"
)

// appt reads an appointment from Redis.
func (w *world) appt(id string) scheduling.Appointment {
	w.t.Helper()
	a, err := w.appts.Load(context.Background(), id)
	if err != nil {
		w.t.Fatalf("appointment %s: %v", id, err)
	}
	return a
}

// mails waits for the SMTP server to have received n messages.
func (w *world) mails(n int) []smtptest.Message {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	msgs, err := w.smtp.Wait(ctx, n)
	if err != nil {
		w.t.Fatalf("waiting for %d e-mails (have %d): %v", n, len(w.smtp.Messages()), err)
	}
	return msgs
}

// staffNote is the latest message in the staff room about id.
func (w *world) staffNote(id string) bot.Sent {
	w.t.Helper()
	notes := w.out.in("staff")
	for i := len(notes) - 1; i >= 0; i-- {
		if strings.Contains(notes[i].Text, id) && len(notes[i].Buttons) > 0 {
			return notes[i]
		}
	}
	w.t.Fatalf("no staff message with buttons names %s", id)
	return bot.Sent{}
}

// hasHistory reports whether a's audit history records act.
func hasHistory(a scheduling.Appointment, act scheduling.AppointmentAction) bool {
	return slices.ContainsFunc(a.History, func(h scheduling.HistoryItem) bool { return h.Action == act })
}

// jobState is what the job queue knows of a step of a's first slot.
func (w *world) jobState(a scheduling.Appointment, kind string) jobs.State {
	w.t.Helper()
	first, ok := a.First()
	if !ok {
		w.t.Fatalf("%s has no slot", a.ID)
	}
	in, err := w.queue.Info(context.Background(), jobID(a.ID, first, kind))
	if err != nil {
		w.t.Fatal(err)
	}
	return in.State
}

// TestVendorBookingToApprovalByReaction: the request collected in German,
// the wish checked and proposed, the pick held for the client's
// organisation, staff approve with ✅ (a client's ✅ changes nothing, a
// second decision comes too late), the client is told, client and vendor
// get the confirmation with an invitation by e-mail, and the account steps
// are planned.
func TestVendorBookingToApprovalByReaction(t *testing.T) {
	w := newWorld(t, worldOptions{mail: true, orgs: "acme=web:@anna,web:@bert"})
	anna := w.client("anna")

	r := anna.say("Der Hersteller DATEV muss auf unseren Server SRV-01 für das Jahresupdate, ca. 2 Stunden, keine Adminrechte.")
	contains(t, r.text, "mindestens 7 Tage im Voraus", "E-Mail-Adressen")
	expectAsk(t, r, "vendor", "emails")
	if r.meta().Intent != "vendor_appointment" {
		t.Errorf("meta intent %q", r.meta().Intent)
	}

	r = anna.say("Hersteller: support@datev.example, meine Adresse: it@acme.example")
	contains(t, r.text, "Wann würde es passen?")
	expectAsk(t, r, "vendor", "time")

	r = anna.say("am 2.12. von 9 bis 11 Uhr")
	contains(t, r.text, "1) Mittwoch, 02.12., 09:00–11:00 Uhr")
	expectAsk(t, r, "vendor", "pick")

	r = anna.say("1")
	contains(t, r.text, "vorgemerkt", "VA-26-0001", "DATEV", "SRV-01")
	m := r.meta()
	if dialogueOf(m) != "" || m.Record == nil || m.Record.Kind != "vendor" || m.Record.ID != "VA-26-0001" ||
		m.Record.State != string(scheduling.StatePending) || m.Record.Fields["vendor"] != "DATEV" || m.Record.Fields["system"] != "SRV-01" {
		t.Fatalf("held meta %+v record %+v", m, m.Record)
	}
	a := w.appt("VA-26-0001")
	start := time.Date(2026, 12, 2, 9, 0, 0, 0, berlin)
	if first, _ := a.First(); !first.Start.Equal(start) || !first.End.Equal(start.Add(2*time.Hour)) {
		t.Fatalf("held slot %v–%v", first.Start, first.End)
	}
	if m.Record.Fields["start"] != start.UTC().Format(time.RFC3339) {
		t.Errorf("meta start %v, held %v", m.Record.Fields["start"], start)
	}
	if r := a.Request; r.VendorEmail != "support@datev.example" || r.ClientEmail != "it@acme.example" || r.Purpose == "" || r.Admin {
		t.Fatalf("request %+v", r)
	}

	// The pick is held: a colleague of the same client cannot get an
	// overlapping window on the same server.
	bert := w.client("bert")
	bert.say("Hersteller Lexware soll am 2.12. von 10 bis 12 Uhr auf SRV-01 ein Update einspielen, ohne Adminrechte, Hersteller support@lexware.example, meine it@acme.example")
	contains(t, bert.say("1").text, "VA-26-0002")
	b := w.appt("VA-26-0002")
	held, _ := a.First()
	if other, _ := b.First(); other.Overlaps(held) {
		t.Fatalf("the held window %v was given again: %v", held, other)
	}

	note := w.staffNote("VA-26-0001")
	contains(t, note.Text, "VA-26-0001", "DATEV", "SRV-01", "✅", "support@datev.example", "it@acme.example")
	var actions []string
	for _, b := range note.Buttons {
		actions = append(actions, b.Action)
	}
	if !slices.Equal(actions, []string{"vendor:approve", "vendor:reject"}) {
		t.Errorf("staff buttons %v", actions)
	}

	// A client's ✅ changes nothing and says nothing.
	before := w.out.count()
	if r := w.react("anna", note.Ref, "✅"); r.text != "" || w.out.count() != before {
		t.Fatalf("a client's reaction answered %q", r.text)
	}
	if got := w.appt("VA-26-0001").State; got != scheduling.StatePending {
		t.Fatalf("a non-staff reaction decided: %s", got)
	}

	r = w.react("alice", note.Ref, "white_check_mark")
	contains(t, r.text, "VA-26-0001", "genehmigt", "web:alice")
	if rec := r.record(); rec == nil || rec.State != string(scheduling.StateApproved) {
		t.Errorf("approval meta %+v", r.meta())
	}
	told := w.out.since(before, "c-anna")
	if len(told) != 1 || !strings.Contains(told[0].Text, "VA-26-0001") || !strings.Contains(told[0].Text, "ist genehmigt") ||
		!strings.Contains(told[0].Text, "it@acme.example") {
		t.Fatalf("client told %+v", told)
	}
	if told[0].Meta == nil || told[0].Meta.Record == nil || told[0].Meta.Record.State != string(scheduling.StateApproved) {
		t.Errorf("client message meta %+v", told[0].Meta)
	}

	a = w.appt("VA-26-0001")
	if a.State != scheduling.StateApproved || a.DecidedBy != "web:alice" || !hasHistory(a, scheduling.ActMailed) {
		t.Fatalf("after approval: %s by %q, history %+v", a.State, a.DecidedBy, a.History)
	}
	for _, step := range []string{"enable", "disable", "remind"} {
		if st := w.jobState(a, step); st == jobs.StateUnknown {
			t.Errorf("the %s step of VA-26-0001 is not planned", step)
		}
	}

	// The confirmation, received by a real SMTP server.
	msg := w.mails(1)[0]
	if got := strings.Join(msg.To, ","); got != "it@acme.example,support@datev.example" {
		t.Errorf("confirmation to %s", got)
	}
	p, err := msg.Parse()
	if err != nil {
		t.Fatal(err)
	}
	contains(t, p.Subject, "Bestätigt", "VA-26-0001")
	body, _ := p.Text()
	contains(t, body, "vendor-datev", "nur im genehmigten Zeitfenster", "Administratorrechte: keine", "Mittwoch, 02.12.")
	data, method, err := p.Calendar()
	if err != nil || method != "REQUEST" {
		t.Fatalf("calendar part: %q %v", method, err)
	}
	inv, err := scheduling.ParseInvitation(data)
	if err != nil {
		t.Fatal(err)
	}
	if inv.UID != "VA-26-0001@mspbot" || !inv.Start.Equal(start) || !inv.End.Equal(start.Add(2*time.Hour)) || len(inv.Attendees) != 2 {
		t.Fatalf("invitation %+v", inv)
	}

	// A second decision is told it came too late.
	contains(t, w.react("bob", note.Ref, "❌").text, "bereits entschieden")
	if a := w.appt("VA-26-0001"); a.State != scheduling.StateApproved || a.DecidedBy != "web:alice" {
		t.Fatalf("after a second decision: %s by %s", a.State, a.DecidedBy)
	}
	if n := len(w.smtp.Messages()); n != 1 {
		t.Errorf("%d e-mails after a late decision", n)
	}
}

// TestVendorRejectedAndCancelled: a rejection is mailed and told; an
// approved appointment cancelled by the client is confirmed first, then
// its account steps are withdrawn and a CANCEL invitation goes out.
func TestVendorRejectedAndCancelled(t *testing.T) {
	w := newWorld(t, worldOptions{mail: true})
	c := w.client("carl")
	book := func(text string) string {
		t.Helper()
		r := c.say(text)
		expectAsk(t, r, "vendor", "pick")
		r = c.say("1")
		if rec := r.record(); rec != nil {
			return rec.ID
		}
		t.Fatalf("nothing held:\n%s", r.text)
		return ""
	}
	first := book("Vendor Sage needs access to server APP01 on 9 Dec from 9 to 11 for an upgrade, no admin rights, vendor help@sage.example, mine carl@acme.example")
	second := book("Vendor Sage needs access to server APP01 on 10 Dec from 9 to 11 for an upgrade, no admin rights, vendor help@sage.example, mine carl@acme.example")

	before := w.out.count()
	contains(t, w.react("alice", w.staffNote(first).Ref, "❌").text, first, "abgelehnt")
	told := w.out.since(before, "c-carl")
	if len(told) != 1 || !strings.Contains(told[0].Text, "was not approved") {
		t.Fatalf("client told %+v", told)
	}
	p, _ := w.mails(1)[0].Parse()
	contains(t, p.Subject, "Not approved", first)

	w.react("alice", w.staffNote(second).Ref, "✅")
	a := w.appt(second)
	if w.jobState(a, "enable") == jobs.StateUnknown {
		t.Fatal("the enable step was not planned")
	}
	w.mails(2)

	r := c.say("Please cancel appointment " + second)
	contains(t, r.text, second, "(yes/no)")
	if rec := r.record(); rec == nil || rec.ID != second {
		// the question is about that record: its reference goes in meta
		t.Errorf("cancel question meta %+v", r.meta())
	}
	if w.appt(second).State != scheduling.StateApproved {
		t.Fatal("cancelled before the client confirmed")
	}
	r = c.say("yes")
	contains(t, r.text, second, "cancelled", "cancellation by e-mail")
	if rec := r.record(); rec == nil || rec.State != string(scheduling.StateCancelled) {
		t.Errorf("cancel meta %+v", r.meta())
	}
	if a := w.appt(second); a.State != scheduling.StateCancelled || w.jobState(a, "enable") != jobs.StateUnknown {
		t.Fatalf("after cancelling: %s, enable step %q", a.State, w.jobState(a, "enable"))
	}
	p, _ = w.mails(3)[2].Parse()
	data, method, err := p.Calendar()
	if err != nil || method != "CANCEL" || scheduling.Status(data) != "CANCELLED" {
		t.Fatalf("cancellation mail: %q %v", method, err)
	}
	// probe set AO: "does Sage get told as well?" right after is about
	// the cancellation
	contains(t, c.say("does Sage get told as well?").text, second, "by e-mail", "help@sage.example")
}

// TestVendorLeadTimeAndHours: a wish inside the 7 days' lead time is
// refused with the rule and the first allowed time, the proposals respect
// it (the first allowed minute included); a wish outside the supervised
// hours is explained with the hours.
func TestVendorLeadTimeAndHours(t *testing.T) {
	w := newWorld(t, worldOptions{})
	earliest := w.vendors.Policy.EarliestStart(monday)
	if !earliest.Equal(monday.AddDate(0, 0, 7)) {
		t.Fatalf("earliest start %v, want a week after %v", earliest, monday)
	}
	c := w.client("carl")
	r := c.say("Can the vendor Sage get access to server APP01 on Wednesday 25 Nov from 9 to 11 for an upgrade? No admin rights needed. Vendor contact: help@sage.example, my e-mail: carl@acme.example")
	contains(t, r.text, "too early", "at least 7 days", "Monday 30 Nov 2026, 10:00", "1) ")
	expectAsk(t, r, "vendor", "pick")

	r = c.say("on 9 Dec from 19 to 21")
	contains(t, r.text, "outside the hours", "Mon–Fri 08:00–18:00")
	expectAsk(t, r, "vendor", "pick")

	r = c.say("1")
	rec := r.record()
	if rec == nil {
		t.Fatalf("nothing held:\n%s", r.text)
	}
	a := w.appt(rec.ID)
	s, _ := a.First()
	local := s.Start.In(berlin)
	if s.Start.Before(earliest) || local.Hour() < 8 || s.End.In(berlin).Hour() > 18 || local.Weekday() == time.Saturday || local.Weekday() == time.Sunday {
		t.Fatalf("held a window the rules forbid: %v–%v", local, s.End.In(berlin))
	}

	// The boundary: a week later from 10:00 is allowed, 09:00 is not.
	d := w.client("dora")
	r = d.say("Der Hersteller DATEV muss am 30.11. von 9 bis 11 Uhr auf SRV-07 für ein Update, ohne Adminrechte, Hersteller support@datev.example, meine it@acme.example")
	contains(t, r.text, "zu früh", "mindestens 7 Tage")
	lacks(t, r.text, "1) Montag, 30.11., 09:00")
	e := w.client("emil")
	r = e.say("Der Hersteller DATEV muss am 30.11. von 10 bis 12 Uhr auf SRV-08 für ein Update, ohne Adminrechte, Hersteller support@datev.example, meine it@acme.example")
	contains(t, r.text, "1) Montag, 30.11., 10:00–12:00 Uhr")
	lacks(t, r.text, "zu früh")
}

// TestVendorAccessNowIsRefused: access "sofort" is refused with the rule,
// its source and the earliest slot, and an urgent callback is offered; a
// timely wish marked urgent is no request for now.
func TestVendorAccessNowIsRefused(t *testing.T) {
	w := newWorld(t, worldOptions{})
	u := w.client("ute")
	r := u.say("Der Hersteller muss sofort auf unseren Server, DATEV geht nicht mehr!")
	contains(t, r.text, "mindestens 7 Tage", "früheste mögliche Termin", "Montag, 30.11.", "Quelle:", "Rückruf")
	m := r.meta()
	if m.Intent != "vendor_appointment" || dialogueOf(m) != "" || !asks(m, "confirm") {
		t.Errorf("meta %+v", m)
	}
	if !slices.Contains(m.Sources, "sop#lead-time") {
		t.Errorf("the refusal cites the lead-time rule in its text, but meta's sources are %v", m.Sources)
	}
	r = u.say("ja")
	contains(t, r.text, "Wie ist Ihr Name?")
	expectAsk(t, r, "callback", "name")
	u.say("Ute Berg, 040 696 450 99")
	r = u.say("DATEV startet nicht mehr")
	contains(t, r.text, "Dringend: ja", "so bald wie möglich")
	expectAsk(t, r, "callback", "confirm")

	d := w.client("dora")
	r = d.say("Dringend: der Hersteller DATEV muss am 9.12. von 9 bis 11 Uhr auf SRV-09 für ein Update, ohne Adminrechte")
	lacks(t, r.text, "früheste mögliche Termin", "Sofort")
	expectAsk(t, r, "vendor", "emails")
}

// TestVendorWorkstationHelpNeedsNoBooking: program help on a workstation
// is answered from the SOP; nothing is booked.
func TestVendorWorkstationHelpNeedsNoBooking(t *testing.T) {
	w := newWorld(t, worldOptions{})
	text := "Darf der DATEV-Support unserer Buchhalterin am Arbeitsplatz per Fernhilfe zeigen, wie die neue Funktion geht? Brauchen wir dafür einen Termin?"
	r := w.client("eve").say(text)
	m := r.meta()
	if !slices.Contains(m.Sources, "sop#program-help") || dialogueOf(m) != "" {
		t.Fatalf("meta %+v", m)
	}
	expectCited(t, w, text, r)
}

// TestVendorAdminNeedsReasonAndStaffChoice: admin rights need a reason,
// which staff see; staff may approve without them; a client's button is
// refused with a word.
func TestVendorAdminNeedsReasonAndStaffChoice(t *testing.T) {
	w := newWorld(t, worldOptions{mail: true})
	c := w.client("carl")
	r := c.say("Vendor Autodesk needs access to server LIC-01 for a license server upgrade, 1 hour, with admin rights")
	contains(t, r.text, "Why are administrator rights")
	expectAsk(t, r, "vendor", "admin_reason")
	r = c.say("The installer has to register a Windows service")
	expectAsk(t, r, "vendor", "emails")
	expectAsk(t, c.say("vendor: licensing@autodesk.example, mine: carl@acme.example"), "vendor", "time")
	contains(t, c.say("on 3 Dec at 10").text, "1) Thursday 3 Dec, 10:00–11:00")
	r = c.say("1")
	if rec := r.record(); rec == nil || rec.Fields["admin"] != true {
		t.Fatalf("held meta %+v", r.meta())
	}

	note := w.staffNote("VA-26-0001")
	contains(t, note.Text, "register a Windows service")
	var noAdmin bot.Button
	for _, b := range note.Buttons {
		if b.Action == "vendor:approve-noadmin" {
			noAdmin = b
		}
	}
	if noAdmin.Value != "VA-26-0001" {
		t.Fatalf("no approve-without-admin button: %+v", note.Buttons)
	}
	contains(t, w.press("carl", note.Ref, bot.Button{Action: "vendor:reject", Value: "VA-26-0001"}).text, "nur Mitarbeiter")
	if a := w.appt("VA-26-0001"); a.State != scheduling.StatePending {
		t.Fatalf("a client's button decided: %s", a.State)
	}

	contains(t, w.press("alice", note.Ref, noAdmin).text, "genehmigt", "ohne Adminrechte")
	a := w.appt("VA-26-0001")
	if a.State != scheduling.StateApproved || a.AdminGranted {
		t.Fatalf("approve without admin: %s, admin granted %v", a.State, a.AdminGranted)
	}
	p, _ := w.mails(1)[0].Parse()
	body, _ := p.Text()
	contains(t, body, "Administrator rights: none")
}

// TestVendorSeriesAndOccurrenceCancel: a recurring window is checked
// occurrence by occurrence (local time across DST), confirmed, held; one
// occurrence and then the series are cancelled by its owner only; other
// clients neither see nor cancel it.
func TestVendorSeriesAndOccurrenceCancel(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("anna")
	r := c.say("Hersteller Agenda soll jeden ersten Dienstag im Monat 9–11 Uhr auf SRV-02 die Datenbankwartung machen, keine Adminrechte, Hersteller wartung@agenda.example, meine Adresse it@acme.example")
	contains(t, r.text, "Regelmäßiger Termin", "der erste am Dienstag, 01.12.", "Soll ich die Serie")
	expectAsk(t, r, "vendor", "confirm")

	r = c.say("Was passiert, wenn ein Termin auf einen Feiertag fällt?")
	contains(t, r.text, "Feiertag", "Soll ich die Serie")
	expectAsk(t, r, "vendor", "confirm")

	r = c.say("ja")
	contains(t, r.text, "vorgemerkt", "regelmäßige Termine", "VA-26-0001")
	if rec := r.record(); rec == nil || rec.Fields["recurring"] != true || rec.Fields["rrule"] == "" {
		t.Fatalf("series meta %+v", r.meta())
	}
	a := w.appt("VA-26-0001")
	if !a.Recurring() || len(a.ActiveSlots()) < 10 {
		t.Fatalf("series: rrule %q, %d slots", a.Request.RRule, len(a.ActiveSlots()))
	}
	summer := false
	for _, s := range a.ActiveSlots() {
		l := s.Start.In(berlin)
		if l.Hour() != 9 || l.Weekday() != time.Tuesday || l.Day() > 7 {
			t.Fatalf("occurrence %v", l)
		}
		_, off := l.Zone()
		summer = summer || off == 2*3600
	}
	if !summer {
		t.Fatal("no occurrence in summer time: the DST check proves nothing")
	}

	r = c.say("Bitte den Termin VA-26-0001 am 2.2.2027 absagen")
	contains(t, r.text, "ist abgesagt; die übrigen bleiben")
	if a := w.appt("VA-26-0001"); len(a.ExDates) != 1 || a.State != scheduling.StatePending {
		t.Fatalf("after cancelling one occurrence: %d exdates, %s", len(a.ExDates), a.State)
	}

	b := w.client("bert")
	contains(t, b.say("Termin VA-26-0001 absagen").text, "finde ich bei Ihnen nicht")
	r = b.say("Wie ist der Stand meiner Herstellertermine?")
	contains(t, r.text, "keine Herstellertermine")
	lacks(t, r.text, "VA-26-0001")
	contains(t, c.say("Wie ist der Stand meiner Herstellertermine?").text, "VA-26-0001", "wartet auf Freigabe")

	// That day is cancelled already: nothing else may be cancelled instead.
	contains(t, c.say("Bitte den Termin VA-26-0001 am 2.2.2027 absagen").text, "abgesagt habe ich nichts")
	r = c.say("Termin VA-26-0001 bitte komplett absagen")
	contains(t, r.text, "Soll ich den Herstellertermin VA-26-0001")
	if a := w.appt("VA-26-0001"); a.State != scheduling.StatePending {
		t.Fatalf("cancelled before the client confirmed: %s", a.State)
	}
	contains(t, c.say("ja").text, "VA-26-0001 ist abgesagt")
	if a := w.appt("VA-26-0001"); a.State != scheduling.StateCancelled {
		t.Fatalf("series %s", a.State)
	}
	contains(t, c.say("Termin VA-26-0001 bitte komplett absagen").text, "bereits entschieden (abgesagt)")
}

// TestVendorSeriesTooFrequentExplained: a daily series is refused in the
// client's words, never with an internal key.
func TestVendorSeriesTooFrequentExplained(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("anna")
	expectAsk(t, c.say("Der Hersteller DATEV muss auf unseren Server SRV-01 für das Jahresupdate, 2 Stunden, keine Adminrechte, Hersteller support@datev.example, meine it@acme.example"), "vendor", "time")
	r := c.say("jeden Tag von 9 bis 11 Uhr")
	contains(t, r.text, "Diese Serie kann ich so nicht einplanen")
	lacks(t, r.text, "too_frequent")
	expectAsk(t, r, "vendor", "time")
}

// TestVendorBookingWishStartsDialogue: asking for an appointment for a
// named vendor starts the booking.
func TestVendorBookingWishStartsDialogue(t *testing.T) {
	w := newWorld(t, worldOptions{})
	r := w.client("dora").say("Wir brauchen einen Termin für den Hersteller Lexware")
	if m := r.meta(); dialogueOf(m) != "vendor" || !asks(m, "system") {
		t.Errorf("meta dialogue %q asks %v, want the booking asking for the system:\n%s", dialogueOf(m), m.Asks, r.text)
	}
}

// TestVendorDialogueSideQuestionAndCancel: a contract question beside the
// booking is answered and the booking waits; "abbrechen" ends it.
func TestVendorDialogueSideQuestionAndCancel(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("dora")
	expectAsk(t, c.say("Der Hersteller Lexware muss auf unseren Server SRV-03 für ein Update"), "vendor", "duration")
	r := c.say("Ist der Austausch einer defekten Festplatte eigentlich im Vertrag enthalten?")
	contains(t, r.text, "Quelle", "Zurück zu Ihrem Herstellertermin")
	expectAsk(t, r, "vendor", "duration")
	if m := r.meta(); m.Verdict == "" {
		t.Errorf("side answer meta %+v", m)
	}
	expectAsk(t, c.say("2 Stunden"), "vendor", "admin_reason")
	r = c.say("abbrechen")
	contains(t, r.text, "keinen Termin")
	if dialogueOf(r.meta()) != "" {
		t.Fatalf("dialogue not ended: %+v", r.meta())
	}
	if as, _ := w.appts.ForClient(context.Background(), scheduling.Requester{Org: "web:@dora", Platform: "web", User: "dora"}); len(as) != 0 {
		t.Fatalf("cancelling left appointments: %+v", as)
	}
}

// TestVendorAddressOwnerAsked: an address whose owner is unclear is
// asked about; an invalid address is named as such and never taken as
// the answer; the vendor's and the client's addresses end up where they
// belong.
func TestVendorAddressOwnerAsked(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("anna")
	expectAsk(t, c.say("Der Hersteller DATEV muss auf unseren Server SRV-01 für das Jahresupdate, ca. 2 Stunden, keine Adminrechte."), "vendor", "emails")
	r := c.say("kontakt@example.org")
	contains(t, r.text, "kontakt@example.org", "Herstellers oder Ihre")
	r = c.say("it@acme")
	contains(t, r.text, "keine gültige E-Mail-Adresse")
	expectAsk(t, r, "vendor", "emails")
	if strings.Contains(c.say("das ist die des Herstellers").text, "Herstellers oder Ihre") {
		t.Fatal("the owner is still asked for after the answer")
	}
	c.say("it@acme.example")
	c.say("am 2.12. von 9 bis 11 Uhr")
	if rec := c.say("1").record(); rec == nil {
		t.Fatal("nothing held")
	}
	a := w.appt("VA-26-0001")
	if a.Request.VendorEmail != "kontakt@example.org" || a.Request.ClientEmail != "it@acme.example" {
		t.Fatalf("vendor's address %q, client's %q", a.Request.VendorEmail, a.Request.ClientEmail)
	}
}

// TestVendorAddressOwnerReadFromWords: the answer to "the vendor's
// address or yours?" is read from its words, not from letters inside them
// ("someone" holds "me").
func TestVendorAddressOwnerReadFromWords(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("carl")
	c.say("Vendor Autodesk needs access to server LIC-01 for a license server upgrade, 1 hour, no admin rights")
	contains(t, c.say("j.doe@mail.example").text, "vendor's address or your own")
	if strings.Contains(c.say("someone from Autodesk support").text, "vendor's address or your own") {
		c.say("the vendor's")
	}
	c.say("carl@acme.example")
	c.say("on 3 Dec at 10")
	if rec := c.say("1").record(); rec == nil {
		t.Fatal("nothing held")
	}
	a := w.appt("VA-26-0001")
	if a.Request.VendorEmail != "j.doe@mail.example" || a.Request.ClientEmail != "carl@acme.example" {
		t.Fatalf("vendor's address %q, client's %q", a.Request.VendorEmail, a.Request.ClientEmail)
	}
}

// TestVendorHoldExpires: a hold no one at the provider decides expires
// after the TTL; staff and the client are told, and the window is free
// for the next booking (issue 14, item 1).
func TestVendorHoldExpires(t *testing.T) {
	w := newWorld(t, worldOptions{})
	anna := w.client("anna")
	anna.say("Der Hersteller DATEV muss am 2.12. von 9 bis 11 Uhr auf SRV-01 für das Jahresupdate, keine Adminrechte. Hersteller: support@datev.example, meine Adresse: it@acme.example")
	contains(t, anna.say("1").text, "VA-26-0001")
	ctx := context.Background()
	if n, err := w.vendors.ExpireHolds(ctx, w.engine, 72*time.Hour); err != nil || n != 0 {
		t.Fatalf("expired at once: %d %v", n, err)
	}
	before := w.out.count()
	w.clock.set(monday.Add(73 * time.Hour))
	if n, err := w.vendors.ExpireHolds(ctx, w.engine, 72*time.Hour); err != nil || n != 1 {
		t.Fatalf("after 73 hours: %d expired, %v", n, err)
	}
	if a := w.appt("VA-26-0001"); a.State != scheduling.StateCancelled {
		t.Fatalf("expired hold is %s", a.State)
	}
	staff := w.out.since(before, "staff")
	if len(staff) != 1 || !strings.Contains(staff[0].Text, "VA-26-0001") || !strings.Contains(staff[0].Text, "verfallen") {
		t.Fatalf("staff were told %+v", staff)
	}
	client := w.out.since(before, "c-anna")
	if len(client) != 1 || !strings.Contains(client[0].Text, "VA-26-0001") || !strings.Contains(client[0].Text, "verfallen") ||
		client[0].Meta == nil || client[0].Meta.Record == nil || client[0].Meta.Record.State != string(scheduling.StateCancelled) {
		t.Fatalf("the client was told %+v", client)
	}
}

// TestVendorSystemsBelongToTheirClient: two clients' servers of the same
// name are two servers; one client's booking neither blocks the other's nor
// shows in its replies (issue 14, item 1).
func TestVendorSystemsBelongToTheirClient(t *testing.T) {
	w := newWorld(t, worldOptions{})
	ask := "Der Hersteller DATEV muss jeden Dienstag von 9 bis 17 Uhr auf SRV-01 für die Wartung, ohne Adminrechte. Hersteller: support@datev.example, meine E-Mail: x@%s.example"
	stranger := w.client("stranger")
	stranger.say(strings.ReplaceAll(ask, "%s", "stranger"))
	if r := stranger.say("ja"); !strings.Contains(r.text, "VA-26-0001") {
		t.Fatalf("the stranger's series was not held: %q", r.text)
	}
	anna := w.client("anna")
	r := anna.say("Der Hersteller Lexware muss am 8.12. von 9 bis 11 Uhr auf SRV-01 für ein Update, ohne Adminrechte. Hersteller: support@lexware.example, meine Adresse: it@acme.example")
	lacks(t, r.text, "überschneidet", "VA-26-0001", "DATEV", "stranger")
	contains(t, r.text, "1) Dienstag, 08.12., 09:00–11:00 Uhr")
	r = anna.say("1")
	contains(t, r.text, "VA-26-0002")
	lacks(t, r.text, "VA-26-0001", "DATEV")
}

// TestVendorNowRefusedThenBookedFromDraft: a request for access "heute
// noch" is refused, but its details stay as the booking's draft: an
// emergency question is answered, "kein Notfall" is none, and a later
// message with a date continues the booking without asking again for
// vendor or system; the pick is held, a rejection shows in the status.
// In English likewise.
func TestVendorNowRefusedThenBookedFromDraft(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("lorenzen")
	r := c.say("Der Techniker von Sage will heute noch schnell auf unseren Server SRV-SAGE-1 drauf um einen Fehler in der Auftragsbearbeitung zu beheben. Geht das?")
	contains(t, r.text, "mindestens 7 Tage")
	r = c.say("und was ist wenns ein echter notfall ist?")
	contains(t, r.text, "Fällt ein System aus")
	r = c.say("ok ist kein notfall. dann am 3.12. ab 10 uhr, dauert ca 1 stunde, ohne adminrechte. mail an mich: einkauf@lorenzen-handel.example, sage: partner@sage-partner.example")
	lacks(t, r.text, "Fällt ein System aus")
	m := r.meta()
	if dialogueOf(m) != "vendor" || asks(m, "vendor") || asks(m, "system") || asks(m, "duration") || asks(m, "emails") {
		t.Fatalf("the booking does not go on from the refused request: dialogue %q asks %v\n%s", dialogueOf(m), m.Asks, r.text)
	}
	if asks(m, "purpose") {
		r = c.say("Fehlerbehebung in der Auftragsbearbeitung")
	}
	contains(t, r.text, "Sage", "SRV-SAGE-1", "1) Donnerstag, 03.12., 10:00–11:00 Uhr")
	expectAsk(t, r, "vendor", "pick")
	r = c.say("1")
	rec := r.record()
	if rec == nil {
		t.Fatalf("nothing held:\n%s", r.text)
	}
	a := w.appt(rec.ID)
	if a.Request.Vendor != "Sage" || a.Request.System != "SRV-SAGE-1" || a.Request.Admin {
		t.Errorf("held %+v", a.Request)
	}
	w.react("alice", w.staffNote(rec.ID).Ref, "❌")
	contains(t, c.say("Status?").text, rec.ID, "abgelehnt")

	e := w.client("erin")
	r = e.say("The DATEV technician wants to get onto our server APP-7 right now to install the annual update, is that ok?")
	contains(t, r.text, "at least 7 days")
	r = e.say("ok, it's not an emergency. then on 3 Dec from 10am, about 1 hour, no admin rights. my email: it@acme.example, datev: help@datev.example")
	lacks(t, r.text, "If a system goes down")
	contains(t, r.text, "DATEV", "APP-7", "1) Thursday 3 Dec, 10:00–11:00")
	expectAsk(t, r, "vendor", "pick")
}

// TestVendorDailySeriesNamesWhatIsWrong: a daily series is refused by
// name ("every day", "täglich"), and hours outside the supervised ones
// are named with those hours; the booking goes on, and a weekly series
// in the hours is then accepted.
func TestVendorDailySeriesNamesWhatIsWrong(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("kessler")
	r := c.say("our ERP vendor proALPHA wants access to ERP-01 every day from 7 to 8am to check the nightly jobs. my email: it@kessler.example, their contact: remote@proalpha-partner.example")
	contains(t, r.text, "every day", "07:00–08:00", "outside the hours", "Mon–Fri 08:00–18:00")
	if dialogueOf(r.meta()) != "vendor" || r.record() != nil {
		t.Fatalf("meta %+v", r.meta())
	}
	r = c.say("ok then every monday 8-9am, for 3 months. no admin rights")
	lacks(t, r.text, "outside the hours", "every day")
	expectAsk(t, r, "vendor", "confirm")
	r = c.say("yes, book it")
	rec := r.record()
	if rec == nil {
		t.Fatalf("nothing held:\n%s", r.text)
	}
	if a := w.appt(rec.ID); !a.Recurring() || a.Request.Vendor != "proALPHA" || a.Request.System != "ERP-01" {
		t.Errorf("held %+v", a.Request)
	}

	d := w.client("dora")
	r = d.say("Der Hersteller DATEV soll täglich von 7 bis 8 Uhr auf SRV-01 die Datensicherung prüfen")
	contains(t, r.text, "täglich", "07:00–08:00", "außerhalb der Zeiten", "Mo–Fr 08:00–18:00")
	e := w.client("emil")
	r = e.say("DATEV braucht jeden Tag von 9 bis 10 Uhr Zugriff auf SRV-01 für die Wartung")
	contains(t, r.text, "täglich")
	lacks(t, r.text, "außerhalb der Zeiten")
}
