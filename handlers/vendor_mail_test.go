package handlers

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mspbot/mspbot/internal/smtptest"
	"github.com/mspbot/mspbot/jobs"
	"github.com/mspbot/mspbot/mail"
	"github.com/mspbot/mspbot/scheduling"
)

// TestVendorMailOverSMTP sends the confirmation, the update after a
// cancelled occurrence and the cancellation of a recurring appointment
// through a real SMTP exchange (STARTTLS) and reads the invitations back;
// a refused delivery is an error, not a silent loss.
func TestVendorMailOverSMTP(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{TLS: smtptest.TLSStartTLS})
	sender, err := mail.NewSMTP(mail.Options{Host: srv.Host, Port: srv.Port, From: "helpdesk@msp.example", TLSConfig: srv.ClientTLS()})
	if err != nil {
		t.Fatal(err)
	}
	vm := &VendorMail{Sender: sender, Organizer: scheduling.Person{Name: "MSP Helpdesk", Email: "helpdesk@msp.example"},
		Location: berlin, Now: func() time.Time { return monday }}
	// First Tuesdays 09:00–11:00 Berlin: December (winter) to April (summer).
	var slots []scheduling.Slot
	for _, d := range []time.Time{
		time.Date(2026, 12, 1, 9, 0, 0, 0, berlin), time.Date(2027, 2, 2, 9, 0, 0, 0, berlin),
		time.Date(2027, 3, 2, 9, 0, 0, 0, berlin), time.Date(2027, 4, 6, 9, 0, 0, 0, berlin),
	} {
		slots = append(slots, scheduling.Slot{Start: d.UTC(), End: d.Add(2 * time.Hour).UTC()})
	}
	a := scheduling.Appointment{ID: "VA-26-0042", State: scheduling.StateApproved,
		Requester: scheduling.Requester{Name: "Anna Schmidt"},
		Request: scheduling.AppointmentRequest{Vendor: "Agenda", System: "SRV-02", Purpose: "Datenbankwartung",
			VendorEmail: "wartung@agenda.example", ClientEmail: "it@acme.example", Lang: "de", TZID: "Europe/Berlin",
			RRule: "FREQ=MONTHLY;BYDAY=1TU;UNTIL=20270406T070000Z", Skipped: []time.Time{time.Date(2027, 1, 5, 9, 0, 0, 0, berlin).UTC()}, Slots: slots}}
	to, err := vm.Confirm(context.Background(), a, ConfirmApproved)
	if err != nil || len(to) != 2 {
		t.Fatalf("confirm: %v %v", to, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	msgs, err := srv.Wait(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(msgs[0].To, ","); got != "it@acme.example,wartung@agenda.example" || !msgs[0].TLS {
		t.Fatalf("envelope to %s tls %v", got, msgs[0].TLS)
	}
	p, err := msgs[0].Parse()
	if err != nil {
		t.Fatal(err)
	}
	contains(t, p.Subject, "Bestätigt", "VA-26-0042", "Agenda", "SRV-02")
	body, _ := p.Text()
	contains(t, body, "vendor-agenda", "nur im genehmigten Zeitfenster", "Administratorrechte: keine", "Dienstag, 01.12.")
	data, method, err := p.Calendar()
	if err != nil || method != "REQUEST" {
		t.Fatalf("calendar part: %q %v", method, err)
	}
	inv, err := scheduling.ParseInvitation(data)
	if err != nil {
		t.Fatal(err)
	}
	if inv.UID != "VA-26-0042@mspbot" || inv.RRule != a.Request.RRule || inv.TZID != "Europe/Berlin" || !inv.Start.Equal(slots[0].Start) || !inv.End.Equal(slots[0].End) {
		t.Fatalf("invitation %+v", inv)
	}
	if len(inv.ExDates) != 1 || !inv.ExDates[0].Equal(a.Request.Skipped[0]) || len(inv.Attendees) != 2 {
		t.Fatalf("exdates %v attendees %+v", inv.ExDates, inv.Attendees)
	}
	// Local time holds across DST in the rule: expanding it from the
	// invitation gives 09:00 in April (summer time) too.
	rec := scheduling.Recurrence{RRule: inv.RRule, Start: inv.Start.In(berlin), Duration: inv.End.Sub(inv.Start), Location: "Europe/Berlin"}
	occ, err := rec.Occurrences(inv.Start, inv.Start.AddDate(0, 6, 0))
	if err != nil || len(occ) != 5 || occ[4].Start.In(berlin).Hour() != 9 {
		t.Fatalf("occurrences %v %v", occ, err)
	}

	// One occurrence cancelled: the update leaves it out.
	a.ExDates, a.Sequence = []time.Time{slots[1].Start}, 1
	if _, err := vm.Confirm(context.Background(), a, ConfirmUpdated); err != nil {
		t.Fatal(err)
	}
	msgs, err = srv.Wait(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	p, _ = msgs[1].Parse()
	contains(t, p.Subject, "Geändert", "VA-26-0042")
	data, _, _ = p.Calendar()
	upd, err := scheduling.ParseInvitation(data)
	if err != nil || upd.UID != inv.UID || upd.Sequence <= inv.Sequence || len(upd.ExDates) != 2 {
		t.Fatalf("update %+v %v", upd, err)
	}

	a.State, a.Sequence = scheduling.StateCancelled, 2
	if _, err := vm.Confirm(context.Background(), a, ConfirmCancelled); err != nil {
		t.Fatal(err)
	}
	msgs, err = srv.Wait(ctx, 3)
	if err != nil {
		t.Fatal(err)
	}
	p, _ = msgs[2].Parse()
	data, method, _ = p.Calendar()
	cancelInv, err := scheduling.ParseInvitation(data)
	if err != nil || method != "CANCEL" || cancelInv.UID != inv.UID || cancelInv.Sequence <= upd.Sequence || scheduling.Status(data) != "CANCELLED" {
		t.Fatalf("cancellation %q %+v %v", method, cancelInv, err)
	}

	// A refused delivery is an error the dialogue reports.
	srv.FailNext(1, 554, "mailbox unavailable")
	if _, err := vm.Confirm(context.Background(), a, ConfirmRejected); err == nil {
		t.Fatal("refused delivery reported as sent")
	}
}

// TestVendorMailFailureIsTold: when the confirmation cannot be sent the
// approval stands, the client is told the truth and staff are alarmed;
// the history records the failure.
func TestVendorMailFailureIsTold(t *testing.T) {
	w := newWorld(t, worldOptions{mail: true})
	c := w.client("carl")
	c.say("Vendor Sage needs access to server APP01 on 9 Dec from 9 to 11 for an upgrade, no admin rights, vendor help@sage.example, mine carl@acme.example")
	c.say("1")
	w.smtp.FailNext(1, 554, "mailbox unavailable")
	before := w.out.count()
	contains(t, w.react("alice", w.staffNote("VA-26-0001").Ref, "✅").text, "genehmigt")
	told := w.out.since(before, "c-carl")
	if len(told) != 1 || !strings.Contains(told[0].Text, "could not be sent") {
		t.Fatalf("client told %+v", told)
	}
	alarms := 0
	for _, s := range w.out.since(before, "staff") {
		if strings.Contains(s.Text, "VA-26-0001") && strings.Contains(s.Text, "nicht versandt") {
			alarms++
		}
	}
	if alarms != 1 {
		t.Fatalf("staff told of the failed e-mail %d times", alarms)
	}
	a := w.appt("VA-26-0001")
	if a.State != scheduling.StateApproved || !hasHistory(a, scheduling.ActMailFailed) || hasHistory(a, scheduling.ActMailed) {
		t.Fatalf("after a failed mail: %s, history %+v", a.State, a.History)
	}
}

// TestVendorMailOffIsNoFailure: without an SMTP server nothing failed: the
// client is told that this system sends no e-mail and to pass the
// appointment on, not that a confirmation "could not be sent"; staff get no
// ⚠️ alarm about it.
func TestVendorMailOffIsNoFailure(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("carl")
	c.say("Vendor Sage needs access to server APP01 on 9 Dec from 9 to 11 for an upgrade, no admin rights, vendor help@sage.example, mine carl@acme.example")
	c.say("1")
	before := w.out.count()
	contains(t, w.react("alice", w.staffNote("VA-26-0001").Ref, "✅").text, "genehmigt")
	told := w.out.since(before, "c-carl")
	if len(told) != 1 || !strings.Contains(told[0].Text, "sends no e-mail") || strings.Contains(told[0].Text, "could not be sent") {
		t.Fatalf("client told %+v", told)
	}
	for _, s := range w.out.since(before, "staff") {
		if strings.Contains(s.Text, "nicht versandt") {
			t.Fatalf("staff alarmed about e-mail that is simply not set up: %q", s.Text)
		}
	}
	if a := w.appt("VA-26-0001"); a.State != scheduling.StateApproved {
		t.Fatalf("state %s", a.State)
	}
}

// TestApprovalRepeatedAfterLostAnswer: an approval whose answer was lost
// (an outage right after the decision; the platform delivers the reaction
// again) is answered again to its decider and its account steps are
// planned if they were not, without a second confirmation e-mail; another
// staff member's approval afterwards is told it was decided and also
// completes missing steps (scale-out test under Sentinel failover: an
// approval stood with no account steps and no one told).
func TestApprovalRepeatedAfterLostAnswer(t *testing.T) {
	w := newWorld(t, worldOptions{mail: true})
	c := w.client("carl")
	c.say("Vendor Sage needs access to server APP01 on 9 Dec from 9 to 11 for an upgrade, no admin rights, vendor help@sage.example, mine carl@acme.example")
	c.say("1")
	note := w.staffNote("VA-26-0001")
	contains(t, w.react("alice", note.Ref, "✅").text, "genehmigt")
	a := w.appt("VA-26-0001")
	steps := []string{jobID(a.ID, a.Request.Slots[0], "enable"), jobID(a.ID, a.Request.Slots[0], "disable")}
	mails := len(w.smtp.Messages())
	lose := func() {
		for _, id := range steps {
			if err := w.queue.Cancel(context.Background(), id); err != nil {
				t.Fatal(err)
			}
		}
	}
	planned := func(who string) {
		t.Helper()
		for _, id := range steps {
			if in, err := w.queue.Info(context.Background(), id); err != nil || in.State != jobs.StateScheduled {
				t.Errorf("after %s: step %s %+v %v, want scheduled", who, id, in, err)
			}
		}
	}
	lose()
	r := w.react("alice", note.Ref, "✅")
	contains(t, r.text, "genehmigt")
	if rec := r.meta().Record; rec == nil || rec.ID != "VA-26-0001" || rec.State != "approved" {
		t.Errorf("the decider's repeated approval carries no record: %+v", r.meta())
	}
	planned("alice again")
	if got := len(w.smtp.Messages()); got != mails {
		t.Errorf("%d confirmation e-mails after the repeated approval, want %d", got, mails)
	}
	lose()
	r = w.react("bob", note.Ref, "✅")
	if r.meta().Record != nil || strings.Contains(r.text, "von web:bob genehmigt") {
		t.Errorf("another staff member's approval after the decision: %+v\n%s", r.meta(), r.text)
	}
	planned("bob")
	approvals := 0
	for _, h := range w.appt("VA-26-0001").History {
		if h.Action == scheduling.ActApproved {
			approvals++
		}
	}
	if approvals != 1 {
		t.Errorf("approved %d times, want once", approvals)
	}
}
