package handlers

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/mspbot/mspbot/mail"
	"github.com/mspbot/mspbot/scheduling"
)

// VendorMail is the Confirmer that e-mails client and vendor: the
// confirmation with an iCalendar invitation (RRULE for a series), an
// update after a cancelled occurrence, the cancellation with a CANCEL
// invitation, and the rejection as plain text.
type VendorMail struct {
	Sender MailSender
	// Organizer is the provider in the invitation (the sender address).
	Organizer scheduling.Person
	// Location renders times in the provider's time zone.
	Location *time.Location
	Now      func() time.Time
}

// Sends reports whether confirmations go out at all: false when the
// installation has no mail server (mail.Disabled), so that the client is
// not promised an e-mail.
func (m *VendorMail) Sends() bool {
	_, off := m.Sender.(mail.Disabled)
	return m.Sender != nil && !off
}

func (m *VendorMail) now() time.Time {
	if m.Now != nil {
		return m.Now()
	}
	return time.Now()
}

// Confirm implements Confirmer.
func (m *VendorMail) Confirm(ctx context.Context, a scheduling.Appointment, kind ConfirmKind) ([]string, error) {
	r := a.Request
	lang := r.Lang
	to := []string{r.ClientEmail, r.VendorEmail}
	msg := mail.Message{To: to}
	when := m.when(a, lang)
	switch kind {
	case ConfirmApproved, ConfirmUpdated:
		inv, err := m.invitation(a)
		if err != nil {
			return nil, err
		}
		data, err := inv.Encode()
		if err != nil {
			return nil, fmt.Errorf("invitation for %s: %w", a.ID, err)
		}
		msg.Calendar = &mail.Calendar{Method: string(scheduling.MethodRequest), Data: data}
		msg.Subject = vendorMailTexts.t(lang, "mail_subject_ok", r.Vendor, r.System, a.ID)
		if kind == ConfirmUpdated {
			msg.Subject = vendorMailTexts.t(lang, "mail_subject_update", r.Vendor, r.System, a.ID)
		}
		msg.Text = vendorMailTexts.t(lang, "mail_body_ok", r.Vendor, r.System, r.Purpose, when, r.AccountName(), m.adminText(a, lang), a.ID)
	case ConfirmCancelled:
		inv, err := m.invitation(a)
		if err != nil {
			return nil, err
		}
		data, err := inv.Cancellation(m.now()).Encode()
		if err != nil {
			return nil, fmt.Errorf("cancellation for %s: %w", a.ID, err)
		}
		msg.Calendar = &mail.Calendar{Method: string(scheduling.MethodCancel), Data: data}
		msg.Subject = vendorMailTexts.t(lang, "mail_subject_cancel", r.Vendor, r.System, a.ID)
		msg.Text = vendorMailTexts.t(lang, "mail_body_cancel", r.Vendor, r.System, when, a.ID)
	case ConfirmRejected:
		msg.Subject = vendorMailTexts.t(lang, "mail_subject_reject", r.Vendor, r.System, a.ID)
		msg.Text = vendorMailTexts.t(lang, "mail_body_reject", r.Vendor, r.System, when, a.ID)
	default:
		return nil, fmt.Errorf("vendor mail: unknown kind %q", kind)
	}
	if err := m.Sender.Send(ctx, msg); err != nil {
		return nil, fmt.Errorf("vendor mail %s for %s: %w", kind, a.ID, err)
	}
	return to, nil
}

// invitation is the appointment as an iCalendar event: the first slot,
// with the series' rule and every left-out or cancelled occurrence.
func (m *VendorMail) invitation(a scheduling.Appointment) (scheduling.Invitation, error) {
	r := a.Request
	if len(r.Slots) == 0 {
		return scheduling.Invitation{}, fmt.Errorf("invitation for %s: no slots", a.ID)
	}
	first := r.Slots[0]
	loc := m.loc()
	if l, err := time.LoadLocation(r.TZID); err == nil && r.TZID != "" {
		loc = l
	}
	lang := r.Lang
	inv := scheduling.Invitation{
		UID: a.ID + "@mspbot", Sequence: a.Sequence, Method: scheduling.MethodRequest, Stamp: m.now(),
		Summary:     vendorMailTexts.t(lang, "ics_summary", r.Vendor, r.System),
		Description: vendorMailTexts.t(lang, "ics_description", r.Purpose, r.System, r.AccountName(), m.adminText(a, lang), a.ID),
		Location:    r.System,
		Start:       first.Start.In(loc), End: first.End.In(loc), TZID: loc.String(),
		Organizer: m.Organizer,
		Attendees: []scheduling.Attendee{
			{Name: a.Requester.Name, Email: r.ClientEmail, Role: scheduling.RoleRequired},
			{Name: r.Vendor, Email: r.VendorEmail, Role: scheduling.RoleRequired},
		},
	}
	if a.Recurring() {
		inv.RRule = r.RRule
		inv.ExDates = append(append([]time.Time{}, r.Skipped...), a.ExDates...)
		for i := range inv.ExDates {
			inv.ExDates[i] = inv.ExDates[i].In(loc)
		}
	}
	return inv, nil
}

func (m *VendorMail) adminText(a scheduling.Appointment, lang string) string {
	if a.Request.Admin && a.AdminGranted {
		return vendorMailTexts.t(lang, "mail_admin_yes")
	}
	return vendorMailTexts.t(lang, "mail_admin_no")
}

func (m *VendorMail) when(a scheduling.Appointment, lang string) string {
	var lines []string
	for i, s := range a.ActiveSlots() {
		if i == 24 {
			lines = append(lines, "…")
			break
		}
		lines = append(lines, "• "+scheduling.FormatWindow(scheduling.Window{Start: s.Start, End: s.End}, lang, m.loc())+" ("+s.Start.In(m.loc()).Format("2006")+")")
	}
	return strings.Join(lines, "\n")
}

func (m *VendorMail) loc() *time.Location {
	if m.Location != nil {
		return m.Location
	}
	return time.UTC
}

// vendorMailTexts are the e-mails to client and vendor.
var vendorMailTexts = catalog{
	"de": {
		"mail_subject_ok":     "Bestätigt: Herstellerzugriff %s auf %s (%s)",
		"mail_subject_update": "Geändert: Herstellerzugriff %s auf %s (%s)",
		"mail_subject_cancel": "Abgesagt: Herstellerzugriff %s auf %s (%s)",
		"mail_subject_reject": "Nicht genehmigt: Herstellerzugriff %s auf %s (%s)",
		"mail_admin_yes":      "ja, vom Dienstleister nach Prüfung der Begründung freigegeben",
		"mail_admin_no":       "keine",
		"ics_summary":         "Herstellerzugriff %s auf %s",
		"mail_body_ok":        "Guten Tag,\n\nder Zugriff des Herstellers %s auf das System %s ist genehmigt.\n\nZweck: %s\nZeitfenster:\n%s\n\nZugriffsregeln nach unserer Verfahrensanweisung für Softwarehersteller:\n• Das Herstellerkonto %s ist nur im genehmigten Zeitfenster freigeschaltet und sonst gesperrt.\n• Administratorrechte: %s.\n• Wir begleiten die Arbeiten; Änderungen außerhalb des vereinbarten Zwecks bitte vorher mit uns abstimmen.\n\nDie Kalendereinladung ist beigefügt. Referenz: %s\n\nMit freundlichen Grüßen\nIhr IT-Dienstleister",
		"mail_body_cancel":    "Guten Tag,\n\nder Herstellerzugriff %s auf %s ist abgesagt:\n%s\n\nDas Herstellerkonto bleibt gesperrt. Die Absage für Ihren Kalender ist beigefügt. Referenz: %s\n\nMit freundlichen Grüßen\nIhr IT-Dienstleister",
		"mail_body_reject":    "Guten Tag,\n\nder angefragte Herstellerzugriff %s auf %s wurde nicht genehmigt:\n%s\n\nBitte stimmen Sie einen anderen Termin mit uns ab. Referenz: %s\n\nMit freundlichen Grüßen\nIhr IT-Dienstleister",
		"ics_description":     "Zweck: %s\nSystem: %s\nHerstellerkonto: %s (nur in diesem Zeitfenster freigeschaltet)\nAdministratorrechte: %s\nReferenz: %s",
	},
	"en": {
		"mail_subject_ok":     "Confirmed: vendor access %s on %s (%s)",
		"mail_subject_update": "Changed: vendor access %s on %s (%s)",
		"mail_subject_cancel": "Cancelled: vendor access %s on %s (%s)",
		"mail_subject_reject": "Not approved: vendor access %s on %s (%s)",
		"mail_admin_yes":      "yes, granted by the provider after checking the justification",
		"mail_admin_no":       "none",
		"ics_summary":         "Vendor access %s on %s",
		"mail_body_ok":        "Hello,\n\nvendor %s's access to system %s is approved.\n\nPurpose: %s\nWindow:\n%s\n\nAccess rules under our procedure for line-of-business vendors:\n• The vendor account %s is enabled only during the approved window and disabled otherwise.\n• Administrator rights: %s.\n• We supervise the work; please agree any change beyond the agreed purpose with us first.\n\nThe calendar invitation is attached. Reference: %s\n\nKind regards\nYour IT service provider",
		"mail_body_cancel":    "Hello,\n\nvendor access %s on %s is cancelled:\n%s\n\nThe vendor account stays disabled. The cancellation for your calendar is attached. Reference: %s\n\nKind regards\nYour IT service provider",
		"mail_body_reject":    "Hello,\n\nthe requested vendor access %s on %s was not approved:\n%s\n\nPlease agree another time with us. Reference: %s\n\nKind regards\nYour IT service provider",
		"ics_description":     "Purpose: %s\nSystem: %s\nVendor account: %s (enabled only during this window)\nAdministrator rights: %s\nReference: %s",
	},
}
