package handlers

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mspbot/mspbot/internal/smtptest"
	"github.com/mspbot/mspbot/mail"
	"github.com/mspbot/mspbot/scheduling"
)

// TestVendorMailOverSMTP sends the confirmation and the cancellation of a
// recurring appointment through a real SMTP exchange and reads both
// invitations back.
func TestVendorMailOverSMTP(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{TLS: smtptest.TLSStartTLS})
	sender, err := mail.NewSMTP(mail.Options{Host: srv.Host, Port: srv.Port, From: "helpdesk@msp.example", TLSConfig: srv.ClientTLS()})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, berlin)
	vm := &VendorMail{Sender: sender, Organizer: scheduling.Person{Name: "MSP Helpdesk", Email: "helpdesk@msp.example"},
		Location: berlin, Now: func() time.Time { return now }}
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
	if !strings.Contains(p.Subject, "Bestätigt") || !strings.Contains(p.Subject, "VA-26-0042") {
		t.Fatalf("subject %q", p.Subject)
	}
	body, _ := p.Text()
	mustContain(t, body, "vendor-agenda", "nur im genehmigten Zeitfenster", "Administratorrechte: keine", "Dienstag, 01.12.")
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

	a.State, a.Sequence = scheduling.StateCancelled, 1
	if _, err := vm.Confirm(context.Background(), a, ConfirmCancelled); err != nil {
		t.Fatal(err)
	}
	msgs, err = srv.Wait(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	p, _ = msgs[1].Parse()
	data, method, _ = p.Calendar()
	cancelInv, err := scheduling.ParseInvitation(data)
	if err != nil || method != "CANCEL" || cancelInv.UID != inv.UID || cancelInv.Sequence <= inv.Sequence || scheduling.Status(data) != "CANCELLED" {
		t.Fatalf("cancellation %q %+v %v", method, cancelInv, err)
	}

	// A refused delivery is an error the dialogue reports, not a silent loss.
	srv.FailNext(1, 554, "mailbox unavailable")
	if _, err := vm.Confirm(context.Background(), a, ConfirmRejected); err == nil {
		t.Fatal("refused delivery reported as sent")
	}
}
