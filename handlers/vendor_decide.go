package handlers

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/mail"
	"github.com/mspbot/mspbot/scheduling"
)

// postToStaff asks every staff room not asked before to decide; rooms that
// cannot be reached are logged (the appointment stands and is listed). A
// hold repeated after a crash or an outage asks only the rooms not asked
// then (Appointment.Told).
func (v *Vendors) postToStaff(ctx context.Context, rw bot.Responder, a scheduling.Appointment, rec *bot.Record) error {
	lang := v.staffLang()
	r := a.Request
	admin := vendorTexts.t(lang, "admin_no")
	buttons := []bot.Button{{Action: "vendor:approve", Value: a.ID, Label: vendorTexts.t(lang, "btn_approve"), Style: "primary"}}
	if r.Admin {
		admin = vendorTexts.t(lang, "admin_yes", r.AdminReason)
		buttons = append(buttons, bot.Button{Action: "vendor:approve-noadmin", Value: a.ID, Label: vendorTexts.t(lang, "btn_approve_no_admin")})
	}
	buttons = append(buttons, bot.Button{Action: "vendor:reject", Value: a.ID, Label: vendorTexts.t(lang, "btn_reject"), Style: "danger"})
	q := a.Requester
	text := vendorTexts.t(lang, "staff_new", a.ID, r.Vendor, r.System, r.Purpose, v.whenText(a, lang), admin, r.AccountName(),
		r.VendorEmail, r.ClientEmail, q.Org, q.Platform+":"+q.User)
	for _, room := range v.StaffRooms {
		if slices.Contains(a.Told, RoomKey(room)) {
			continue
		}
		sent, err := rw.Post(ctx, room, bot.Reply{Text: text, Buttons: buttons, Meta: staffMeta(lang, "vendor_appointment", rec),
			Once: "appointment:" + a.ID})
		if errors.Is(err, bot.ErrUnavailable) {
			// See Callbacks.file: the retry finds the hold by its request
			// id and asks the rooms not asked yet.
			return fmt.Errorf("ask staff about %s: %w", a.ID, err)
		}
		if err != nil {
			v.log().Warn("staff room not reachable for a vendor appointment", "component", "vendors", "appointment", a.ID, "platform", room.Platform, "err", err)
			continue
		}
		// Marks the room asked, right after the post (see Callbacks.file).
		// Without the link staff's ✅ on the message would do nothing.
		if err := v.Appointments.Link(ctx, MessageKey(sent.Ref), a.ID, RoomKey(room)); err != nil {
			return fmt.Errorf("link staff message of %s: %w", a.ID, err)
		}
	}
	return nil
}

// decisionEmoji maps reactions to decisions.
var decisionEmoji = map[string]string{
	"white_check_mark":       "approve",
	"heavy_check_mark":       "approve",
	"ballot_box_with_check":  "approve",
	"x":                      "reject",
	"heavy_multiplication_x": "reject",
	"no_entry_sign":          "reject",
}

// Decisions lets staff approve (✅) or reject (❌) a proposed appointment by
// reacting to its staff message, or with its buttons. Anyone else's
// reaction changes nothing; of two decisions at once the first wins.
func (v *Vendors) Decisions() bot.Handler {
	byMessage := func(ctx context.Context, message string) (string, error) {
		a, err := v.Appointments.ByMessage(ctx, message)
		return a.ID, err
	}
	return bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		step, id, err := staffStep(ctx, req.Event, decisionEmoji, "vendor:", byMessage, scheduling.ErrAppointmentNotFound)
		if err != nil {
			return err
		}
		return v.decide(ctx, rw, req, step, id)
	})
}

func (v *Vendors) decide(ctx context.Context, rw bot.Responder, req *bot.Request, step, id string) error {
	ev := req.Event
	lang := v.staffLang()
	say := func(text string, rec *bot.Record) error {
		_, err := rw.Reply(ctx, bot.Reply{Text: text, Meta: staffMeta(lang, "vendor_appointment", rec)})
		return err
	}
	by := scheduling.Decider{Platform: ev.Ref.Platform, User: ev.Ref.User, Staff: ev.Staff}
	if !by.Staff {
		v.log().Warn("staff action refused: not staff", "component", "vendors", "platform", ev.Ref.Platform,
			"user", ev.Ref.User, "action", step, "appointment", id, "via", string(ev.Kind))
		if ev.Kind == bot.KindButton {
			return say(vendorTexts.t(req.Lang(), "staff_only"), nil)
		}
		return nil
	}
	now := v.now()
	var a scheduling.Appointment
	var err error
	switch step {
	case "approve":
		a, err = v.Appointments.Load(ctx, id)
		if err == nil {
			a, err = v.Appointments.Approve(ctx, id, by, a.Request.Admin, now)
		}
	case "approve-noadmin":
		a, err = v.Appointments.Approve(ctx, id, by, false, now)
	case "reject":
		a, err = v.Appointments.Reject(ctx, id, by, now)
	default:
		return bot.ErrSkip
	}
	replay := false
	switch {
	case errors.Is(err, scheduling.ErrAlreadyDecided) && a.State == scheduling.StateApproved && step != "reject" && a.DecidedBy == by.ID():
		// the decider's own approval again: the answer to the first one
		// was lost (an outage after the decision, the platform's retry),
		// so it is given again and the account steps planned if they were
		// not; Plan plans once
		replay = true
	case errors.Is(err, scheduling.ErrAlreadyDecided):
		if a.State == scheduling.StateApproved && v.Access != nil {
			// another's approval whose steps a failure may have left
			// unplanned is completed
			if err := v.Access.Plan(ctx, a); err != nil {
				v.log().Error("planning vendor account steps failed", "component", "vendors", "appointment", a.ID, "err", err)
			}
		}
		return say(vendorTexts.t(lang, "already", id, v.stateText(a, lang)), nil)
	case errors.Is(err, scheduling.ErrSlotTaken):
		return say(vendorTexts.t(lang, "gone_staff", id), nil)
	case errors.Is(err, scheduling.ErrAppointmentNotFound):
		return say(vendorTexts.t(lang, "not_found", id), nil)
	case err != nil:
		return err
	}
	rec := appointmentRecord(a)
	cl := a.Request.Lang
	if a.State == scheduling.StateRejected {
		if err := say(vendorTexts.t(lang, "rejected_by", a.ID, by.ID()), rec); err != nil {
			return err
		}
		_, _ = v.confirm(ctx, rw, a, ConfirmRejected)
		v.tellClient(ctx, rw, a, vendorTexts.t(cl, "client_no", a.ID, a.Request.Vendor, v.whenText(a, cl)), rec)
		return nil
	}
	adm := ""
	if a.Request.Admin {
		adm = vendorTexts.t(lang, "no_admin")
		if a.AdminGranted {
			adm = vendorTexts.t(lang, "with_admin")
		}
	}
	// The account steps are planned before anything is said, so that an
	// answer lost in an outage loses no step.
	var planErr error
	if v.Access != nil {
		if planErr = v.Access.Plan(ctx, a); planErr != nil {
			// The approval stands; the account steps are the alarm's business.
			v.log().Error("planning vendor account steps failed", "component", "vendors", "appointment", a.ID, "err", planErr)
		}
	}
	if err := say(vendorTexts.t(lang, "approved_by", a.ID, by.ID(), adm), rec); err != nil {
		return err
	}
	if planErr != nil {
		_ = say(vendorTexts.t(lang, "staff_enable_fail", a.Request.AccountName(), a.ID, planErr.Error()), nil)
	}
	if replay && confirmed(a, ConfirmApproved) {
		// the client and the vendor were told after the first answer:
		// not twice
		return nil
	}
	sent, mailErr := v.confirm(ctx, rw, a, ConfirmApproved)
	mailNote := vendorTexts.t(cl, "client_mail", strings.Join(sent, ", "))
	switch {
	case v.Confirm == nil || errors.Is(mailErr, mail.ErrDisabled):
		// no e-mail is set up: say so, not that one failed
		mailNote = vendorTexts.t(cl, "client_mail_off")
	case mailErr != nil || len(sent) == 0:
		mailNote = vendorTexts.t(cl, "client_no_ml")
	}
	v.tellClient(ctx, rw, a, vendorTexts.t(cl, "client_ok", a.ID, a.Request.Vendor, v.whenText(a, cl), a.Request.System, mailNote), rec)
	return nil
}

// confirmed reports whether the confirmation of kind was sent (or failed
// and was reported) for a, by its audit history.
func confirmed(a scheduling.Appointment, kind ConfirmKind) bool {
	return slices.ContainsFunc(a.History, func(h scheduling.HistoryItem) bool {
		return (h.Action == scheduling.ActMailed || h.Action == scheduling.ActMailFailed) && strings.HasPrefix(h.Note, string(kind)+":")
	})
}

// confirm sends the e-mail and records it in the audit history.
func (v *Vendors) confirm(ctx context.Context, rw bot.Responder, a scheduling.Appointment, kind ConfirmKind) ([]string, error) {
	if v.Confirm == nil {
		return nil, nil
	}
	sent, err := v.Confirm.Confirm(ctx, a, kind)
	now := v.now()
	if errors.Is(err, mail.ErrDisabled) {
		// no SMTP server configured: nothing failed, nothing to alarm
		// staff about; the client is told that no e-mail goes out
		_ = v.Appointments.Record(ctx, a.ID, scheduling.ActMailFailed, "bot", string(kind)+": "+err.Error(), now)
		return sent, err
	}
	if err != nil {
		v.log().Warn("vendor appointment e-mail not sent", "component", "vendors", "appointment", a.ID, "kind", string(kind), "err", err)
		_ = v.Appointments.Record(ctx, a.ID, scheduling.ActMailFailed, "bot", string(kind)+": "+err.Error(), now)
		v.tellStaff(ctx, rw, vendorTexts.t(v.staffLang(), "staff_mail_fail", a.ID, err.Error()))
		return sent, err
	}
	_ = v.Appointments.Record(ctx, a.ID, scheduling.ActMailed, "bot", string(kind)+": "+strings.Join(sent, ", "), now)
	return sent, nil
}

// tellClient tells the requester in their conversation; a client that
// cannot be reached is logged (the decision stands and the e-mail went out).
func (v *Vendors) tellClient(ctx context.Context, rw bot.Responder, a scheduling.Appointment, text string, rec *bot.Record) {
	q := a.Requester
	to := bot.Ref{Platform: q.Platform, Workspace: q.Workspace, Channel: q.Channel, Thread: q.Thread}
	if _, err := rw.Post(ctx, to, bot.Reply{Text: text, Meta: staffMeta(a.Request.Lang, "vendor_appointment", rec)}); err != nil {
		v.log().Warn("client not reachable for a vendor decision", "component", "vendors", "appointment", a.ID, "err", err)
	}
}

func (v *Vendors) tellStaff(ctx context.Context, rw bot.Responder, text string) {
	for _, room := range v.StaffRooms {
		if _, err := rw.Post(ctx, room, bot.Reply{Text: text, Meta: staffMeta(v.staffLang(), "vendor_appointment", nil)}); err != nil {
			v.log().Warn("staff room not reachable", "component", "vendors", "platform", room.Platform, "err", err)
		}
	}
}

func (v *Vendors) stateText(a scheduling.Appointment, lang string) string {
	switch a.State {
	case scheduling.StatePending:
		return vendorTexts.t(lang, "state_pending")
	case scheduling.StateApproved:
		return vendorTexts.t(lang, "state_approved")
	case scheduling.StateRejected:
		return vendorTexts.t(lang, "state_rejected")
	case scheduling.StateCancelled:
		return vendorTexts.t(lang, "state_cancelled")
	}
	return string(a.State)
}
