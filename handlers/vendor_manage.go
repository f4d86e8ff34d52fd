package handlers

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/knowledge"
	"github.com/mspbot/mspbot/nlu"
	"github.com/mspbot/mspbot/scheduling"
)

func (v *Vendors) requester(ev bot.Event) scheduling.Requester {
	return scheduling.Requester{Org: ev.Org, Platform: ev.Ref.Platform, User: ev.Ref.User, Staff: ev.Staff}
}

// list answers with the asking client's own appointments.
func (v *Vendors) list(ctx context.Context, t *turn) error {
	as, err := v.Appointments.ForClient(ctx, v.requester(t.ev))
	if err != nil {
		return fmt.Errorf("list appointments: %w", err)
	}
	t.setIntent("vendor_appointment")
	if len(as) == 0 {
		t.say(vendorTexts.t(t.lang, "list_none"))
		return nil
	}
	var lines []string
	for i, a := range as {
		if i == 10 {
			break
		}
		lines = append(lines, vendorTexts.t(t.lang, "list_line", a.ID, a.Request.Vendor, v.whenText(a, t.lang), a.Request.System, v.stateText(a, t.lang)))
	}
	t.say(vendorTexts.t(t.lang, "list", strings.Join(lines, "\n")))
	return nil
}

// cancelAsked answers a wish to cancel an appointment: the one named, or
// the one just booked here; a named day cancels one occurrence of a
// series. Whole appointments are cancelled only after the client
// confirmed which.
func (v *Vendors) cancelAsked(ctx context.Context, t *turn, st *convState, m *nlu.Message) error {
	t.setIntent("vendor_appointment")
	id := ""
	for _, r := range m.Refs {
		if strings.HasPrefix(r, "VA-") {
			id = r
		}
	}
	if id == "" && st.Filed != nil && st.Filed.Kind == "vendor_appointment" {
		id = st.Filed.ID
	}
	if id == "" {
		t.say(vendorTexts.t(t.lang, "which_cancel"))
		return nil
	}
	who := v.requester(t.ev)
	a, err := v.Appointments.Get(ctx, id, who)
	if errors.Is(err, scheduling.ErrAppointmentNotFound) {
		// Another client's appointment is answered like one that does not exist.
		v.log().Warn("appointment refused: unknown or another client's", "component", "vendors", "platform", t.ev.Ref.Platform,
			"user", t.ev.Ref.User, "action", "cancel", "appointment", id)
		t.say(vendorTexts.t(t.lang, "not_found", id))
		return nil
	}
	if err != nil {
		return fmt.Errorf("cancel appointment: %w", err)
	}
	if a.Recurring() && m.Occurrence > 0 && (m.When.Window == nil || m.When.Window.ASAP) {
		// "cancel the second date of the series and keep the rest"
		if sl := a.ActiveSlots(); m.Occurrence <= len(sl) {
			return v.cancelOccurrence(ctx, t, st, a, sl[m.Occurrence-1])
		}
		t.say(vendorTexts.t(t.lang, "occ_which", id))
		return nil
	}
	if a.Recurring() && m.OneOfSeries && (m.When.Window == nil || m.When.Window.ASAP) {
		// "just that one session": never the whole series; which one?
		t.say(vendorTexts.t(t.lang, "occ_which", id))
		return nil
	}
	if w := m.When.Window; a.Recurring() && w != nil && !w.ASAP {
		sl, ok := a.SlotOn(w.Start, v.loc())
		if !ok {
			// A day was named but the series has no window left on it: never
			// read that as cancelling the whole series.
			t.say(vendorTexts.t(t.lang, "occ_gone", id))
			return nil
		}
		return v.cancelOccurrence(ctx, t, st, a, sl)
	}
	if a.State == scheduling.StateCancelled || a.State == scheduling.StateRejected {
		t.say(vendorTexts.t(t.lang, "already", id, v.stateText(a, t.lang)))
		return nil
	}
	st.Pending = &pending{Kind: pendingCancelAppt, ID: id, Turn: t.req.Session.Turns}
	// the question is about this record: its reference goes with it
	t.record(appointmentRecord(a))
	t.ask("confirm", vendorTexts.t(t.lang, "cancel_ask", id, a.Request.Vendor, v.whenText(a, t.lang), a.Request.System))
	return nil
}

// cancelConfirmed cancels an appointment the client confirmed.
func (v *Vendors) cancelConfirmed(ctx context.Context, t *turn, st *convState, id string) error {
	t.setIntent("vendor_appointment")
	who := v.requester(t.ev)
	now := v.now()
	before, err := v.Appointments.Get(ctx, id, who)
	if err != nil {
		return v.cancelError(t, before, id, err)
	}
	c, err := v.Appointments.Cancel(ctx, id, who, now)
	if err != nil {
		return v.cancelError(t, c, id, err)
	}
	note := ""
	// told answers "does the vendor get told?" after the cancellation
	told := vendorTexts.t(t.lang, "cancel_told_unapproved", id)
	if before.State == scheduling.StateApproved {
		if v.Access != nil {
			if err := v.Access.Unplan(ctx, c, now); err != nil {
				v.log().Error("unplanning cancelled appointment failed", "component", "vendors", "appointment", id, "err", err)
			}
		}
		told = vendorTexts.t(t.lang, "cancel_told_nomail", id)
		if sent, err := v.confirm(ctx, t.rw, c, ConfirmCancelled); err == nil && len(sent) > 0 {
			note = vendorTexts.t(t.lang, "mail_cancel")
			told = vendorTexts.t(t.lang, "cancel_told_mail", id, strings.Join(sent, ", "))
		}
	}
	v.tellStaff(ctx, t.rw, vendorTexts.t(v.staffLang(), "cancel_done", id, ""))
	t.record(appointmentRecord(c))
	done := vendorTexts.t(t.lang, "cancel_done", id, note)
	// the cancelled appointment stays the record talked about: "does the
	// vendor get told?", "is it off now?" are about it
	st.Filed = &filedRecord{Kind: "vendor_appointment", ID: id, Confirmation: done, Notify: told, Turn: t.req.Session.Turns}
	t.say(done)
	return nil
}

// cancelOccurrence cancels one slot of a series; for an approved series its
// account steps are cancelled (the others stay planned) and client and
// vendor get the updated invitation. The series stays the record talked
// about: "yes, only that one", "does the vendor get told?" are about the
// date just cancelled.
func (v *Vendors) cancelOccurrence(ctx context.Context, t *turn, st *convState, a scheduling.Appointment, sl scheduling.Slot) error {
	now := v.now()
	c, err := v.Appointments.CancelOccurrence(ctx, a.ID, sl.Start, v.requester(t.ev), now)
	if err != nil {
		return v.cancelError(t, c, a.ID, err)
	}
	w := scheduling.Window{Start: sl.Start, End: sl.End}
	when := v.formatSlot(w, t.lang)
	note := ""
	told := vendorTexts.t(t.lang, "cancel_told_unapproved", a.ID)
	if c.State == scheduling.StateApproved {
		if v.Access != nil {
			if err := v.Access.Unplan(ctx, c, now); err != nil {
				v.log().Error("unplanning cancelled occurrence failed", "component", "vendors", "appointment", a.ID, "err", err)
			}
		}
		told = vendorTexts.t(t.lang, "occ_told_nomail", when, a.ID)
		if sent, err := v.confirm(ctx, t.rw, c, ConfirmUpdated); err == nil && len(sent) > 0 {
			note = vendorTexts.t(t.lang, "mail_cancel")
			told = vendorTexts.t(t.lang, "occ_told_mail", when, strings.Join(sent, ", "))
		}
	}
	v.tellStaff(ctx, t.rw, vendorTexts.t(v.staffLang(), "occ_cancel", v.formatSlot(w, v.staffLang()), a.ID, ""))
	t.record(appointmentRecord(c))
	done := vendorTexts.t(t.lang, "occ_cancel", when, a.ID, note)
	st.Filed = &filedRecord{Kind: "vendor_appointment", ID: a.ID, Confirmation: done, Notify: told, Turn: t.req.Session.Turns}
	t.say(done)
	return nil
}

// cancelError answers a cancellation that could not be made; a is the
// appointment as it stands.
func (v *Vendors) cancelError(t *turn, a scheduling.Appointment, id string, err error) error {
	switch {
	case errors.Is(err, scheduling.ErrAppointmentNotFound):
		t.say(vendorTexts.t(t.lang, "not_found", id))
		return nil
	case errors.Is(err, scheduling.ErrAlreadyDecided):
		t.say(vendorTexts.t(t.lang, "already", id, v.stateText(a, t.lang)))
		return nil
	case errors.Is(err, scheduling.ErrInvalidRequest):
		t.say(vendorTexts.t(t.lang, "occ_gone", id))
		return nil
	}
	return fmt.Errorf("cancel appointment %s: %w", id, err)
}

// vendorNow refuses access right now with the rule and the earliest
// possible slot, and offers an urgent callback for the outage behind it.
// What the request said stays as the booking's draft (resume).
func (r *Router) vendorNow(ctx context.Context, t *turn, st *convState, m *nlu.Message) error {
	st.VendorDraft = r.Vendors.draftFrom(m, t.req.Session.Turns)
	r.vendorNowRule(ctx, t, st, m)
	if r.Callbacks != nil {
		pre := r.Callbacks.prefill(st, m)
		pre.Urgent, pre.ASAP = true, true
		pre.Topic = ""
		st.Pending = &pending{Kind: pendingCallback, Prefill: pre, Turn: t.req.Session.Turns}
		t.ask("confirm", vendorTexts.t(t.lang, "now_outage"))
	}
	return nil
}

// vendorNowRule says the rule and the earliest possible slot for a vendor
// access asked for right now; inside another dialogue ("could you just
// enable our vendor account right now?" while a callback is taken) it is
// all that is said.
func (r *Router) vendorNowRule(ctx context.Context, t *turn, st *convState, m *nlu.Message) {
	v := r.Vendors
	dur := 2 * time.Hour
	if d := m.When.Duration; d != nil && d.D > 0 {
		dur = d.D
	}
	earliest := "—"
	busy := v.busy(ctx, t.ev.Org, m.System)
	w, ok := v.Policy.Earliest(v.now(), dur, busy)
	if !ok {
		// "10 minutes" is shorter than any slot: the shortest there is
		w, ok = v.Policy.Earliest(v.now(), time.Hour, busy)
	}
	if ok {
		earliest = v.formatSlot(w, t.lang)
	}
	t.setIntent("vendor_appointment")
	t.verdicts("", nil, []string{"sop#lead-time"})
	t.say(vendorTexts.t(t.lang, "now_refused", v.leadDays(), earliest) + r.sourceLine([]string{"sop#lead-time"}, t.lang))
	st.Context = &topicContext{Intent: string(knowledge.IntentPolicy), Entries: []string{"sop#lead-time"}, Text: m.Text, Turn: t.req.Session.Turns}
}

// vendorEmergency answers "and in an emergency?" after the vendor-access
// rules: the lead time is for planned work; an outage goes to a
// technician at once, who decides about any vendor access. It offers an
// urgent callback with what the message already says.
func (r *Router) vendorEmergency(ctx context.Context, t *turn, st *convState, m *nlu.Message) error {
	t.setIntent(string(knowledge.IntentPolicy))
	t.say(vendorTexts.t(t.lang, "emergency", r.Vendors.leadDays()) + r.sourceLine([]string{"sop#lead-time"}, t.lang))
	st.Context.Turn = t.req.Session.Turns
	if r.Callbacks != nil {
		pre := r.Callbacks.prefill(st, m)
		pre.Urgent, pre.ASAP = true, true
		st.Pending = &pending{Kind: pendingCallback, Prefill: pre, Turn: t.req.Session.Turns}
		t.ask("confirm", vendorTexts.t(t.lang, "now_outage"))
	}
	return nil
}

// reschedule moves an appointment: the booking starts again with all its
// details and the new wish (the day or the hours not named are kept), and
// the old appointment is cancelled once the new slot is held. A series is
// changed by cancelling occurrences and booking anew.
func (v *Vendors) reschedule(ctx context.Context, t *turn, st *convState, m *nlu.Message, id string) error {
	t.setIntent("vendor_appointment")
	a, ok, err := v.clientAppointment(ctx, t, id)
	if !ok || err != nil {
		return err
	}
	switch {
	case a.State == scheduling.StateCancelled || a.State == scheduling.StateRejected:
		t.say(vendorTexts.t(t.lang, "already", id, v.stateText(a, t.lang)))
		return nil
	case a.Recurring():
		t.say(vendorTexts.t(t.lang, "move_series", id))
		return nil
	}
	slots := a.ActiveSlots()
	if len(slots) == 0 {
		t.say(vendorTexts.t(t.lang, "already", id, v.stateText(a, t.lang)))
		return nil
	}
	old := scheduling.Window{Start: slots[0].Start.In(v.loc()), End: slots[0].End.In(v.loc())}
	r := a.Request
	admin := adminNo
	if r.Admin {
		admin = adminYes
	}
	st.open(dialogueVendor)
	st.Vendor = &vendorForm{Vendor: r.Vendor, System: r.System, Purpose: r.Purpose, Duration: old.End.Sub(old.Start),
		Admin: admin, AdminReason: r.AdminReason, VendorEmail: r.VendorEmail, ClientEmail: r.ClientEmail,
		Replaces: id, Wish: &old}
	t.say(vendorTexts.t(t.lang, "move_intro", id, v.whenText(a, t.lang)))
	if w := m.When.Window; w != nil && m.When.Err == nil && !w.ASAP {
		notes := v.mergeWhen(ctx, t, st, m)
		return v.next(ctx, t, st, notes)
	}
	st.Vendor.Wish = nil
	st.Vendor.Step = vaAskTime
	t.ask("time", vendorTexts.t(t.lang, "move_when"))
	return nil
}

// replaced cancels the appointment a new booking replaces and says so.
func (v *Vendors) replaced(ctx context.Context, t *turn, id, newID string) string {
	who := v.requester(t.ev)
	now := v.now()
	before, err := v.Appointments.Get(ctx, id, who)
	if err != nil {
		v.log().Warn("moved appointment not found", "component", "vendors", "appointment", id, "err", err)
		return ""
	}
	if before.State == scheduling.StateCancelled {
		// Cancelled by this move already: the pick is repeated after a
		// crash or an outage. Staff were told then.
		t.record(appointmentRecord(before))
		return vendorTexts.t(t.lang, "move_done", id)
	}
	c, err := v.Appointments.Cancel(ctx, id, who, now)
	if err != nil {
		v.log().Error("cancelling the moved appointment failed", "component", "vendors", "appointment", id, "err", err)
		return vendorTexts.t(t.lang, "move_old_kept", id)
	}
	if before.State == scheduling.StateApproved {
		if v.Access != nil {
			if err := v.Access.Unplan(ctx, c, now); err != nil {
				v.log().Error("unplanning moved appointment failed", "component", "vendors", "appointment", id, "err", err)
			}
		}
		_, _ = v.confirm(ctx, t.rw, c, ConfirmCancelled)
	}
	t.record(appointmentRecord(c))
	v.tellStaff(ctx, t.rw, vendorTexts.t(v.staffLang(), "staff_moved", id, newID))
	return vendorTexts.t(t.lang, "move_done", id)
}

// poster sends to any conversation outside of an event; *bot.Engine
// implements it.
type poster interface {
	Post(ctx context.Context, to bot.Ref, r bot.Reply) (bot.Sent, error)
}

// postOnly is a bot.Responder for work outside of an event: it can post,
// and has no event to reply to.
type postOnly struct{ p poster }

func (o postOnly) Reply(context.Context, bot.Reply) (bot.Sent, error) {
	return bot.Sent{}, errors.New("no event to reply to")
}

func (o postOnly) Post(ctx context.Context, to bot.Ref, r bot.Reply) (bot.Sent, error) {
	return o.p.Post(ctx, to, r)
}

// ExpireHolds lets the vendor windows that were held for ttl without a
// staff decision expire (issue 14: a hold nobody approves must not block
// a system, or be used to block it): their slots are free again, staff and
// the client are told. It returns how many expired; ttl 0 does nothing.
func (v *Vendors) ExpireHolds(ctx context.Context, post poster, ttl time.Duration) (int, error) {
	if ttl <= 0 {
		return 0, nil
	}
	expired, err := v.Appointments.ExpireHolds(ctx, ttl, v.now())
	rw := postOnly{post}
	for _, a := range expired {
		rec := appointmentRecord(a)
		v.log().Info("vendor hold expired", "component", "vendors", "appointment", a.ID)
		v.tellStaff(ctx, rw, vendorTexts.t(v.staffLang(), "staff_hold_expired", a.ID, formatDuration(ttl, v.staffLang())))
		lang := a.Request.Lang
		v.tellClient(ctx, rw, a, vendorTexts.t(lang, "hold_expired", a.ID, v.whenText(a, lang), formatDuration(ttl, lang)), rec)
	}
	if err != nil {
		return len(expired), fmt.Errorf("expire vendor holds: %w", err)
	}
	return len(expired), nil
}

// draftTurns is how many messages a refused vendor request stays the
// draft a later message with a time goes on from.
const draftTurns = 6

// draftFrom keeps what a refused request says about the work (vendor,
// system, purpose, length, admin rights, addresses), never its time; nil
// when it names neither vendor nor system.
func (v *Vendors) draftFrom(m *nlu.Message, turn int) *vendorDraft {
	if m.Vendor == "" && m.System == "" {
		return nil
	}
	f := vendorForm{Vendor: m.Vendor, System: m.System, Purpose: m.Purpose}
	if d := m.When.Duration; d != nil && d.D > 0 && d.Days <= 1 && !d.FromRange {
		f.Duration = d.D
	}
	v.mergeAdmin(&f, m, "")
	v.mergeMail(&f, m, "", "")
	return &vendorDraft{Form: f, Turn: turn}
}

// resumesDraft reports a message that goes on with the vendor request
// refused just before: it names a time (or a series) and no other job,
// vendor or system.
func resumesDraft(st *convState, m *nlu.Message, turn int) bool {
	d := st.VendorDraft
	if d == nil || turn-d.Turn > draftTurns || m.Acts.Cancel || m.Callback || m.Protocol != nlu.ProtoNone {
		return false
	}
	if m.VendorAsk != nlu.VendorNone && m.VendorAsk != nlu.VendorBooking {
		return false
	}
	if m.Vendor != "" && !strings.EqualFold(m.Vendor, d.Form.Vendor) && m.System != "" && !sameSystem(m.System, d.Form.System) {
		return false // another request altogether
	}
	w := m.When
	// "Na schön. Dann den frühesten Termin, den Sie haben."
	return w.Window != nil && !w.Window.ASAP && !w.Now || w.Span != nil || w.Recurrence != nil || w.RecurrenceErr != nil ||
		m.EarliestWish && w.Window == nil
}

// sameSystem compares system names without case and spacing.
func sameSystem(a, b string) bool {
	norm := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), "")) }
	return norm(a) == norm(b)
}

// resume opens the booking from the draft of a refused request, with what
// m adds (the time, and whatever else it says), and asks for what is
// missing or proposes slots.
func (v *Vendors) resume(ctx context.Context, t *turn, st *convState, m *nlu.Message) error {
	f := st.VendorDraft.Form
	st.VendorDraft = nil
	st.open(dialogueVendor)
	st.Vendor = &f
	if f.ClientEmail == "" && st.Known.Email != "" {
		f.ClientEmail = st.Known.Email
	}
	if m.EarliestWish && m.When.Window == nil {
		// the earliest slot the rules allow
		f.Wish, f.ASAP = nil, true
	}
	t.setIntent("vendor_appointment")
	t.say(vendorTexts.t(t.lang, "intro", v.leadDays()))
	notes := v.merge(ctx, t, st, m)
	return v.next(ctx, t, st, notes)
}

// bookSame starts a booking like appointment id on the system m names –
// "Same for the second server, GIS-NL2-…, on the same day from 1pm to
// 3pm": vendor, purpose, length, admin rights and addresses are id's, the
// time is the one m names on id's day, or id's own.
func (v *Vendors) bookSame(ctx context.Context, t *turn, st *convState, m *nlu.Message, id string) error {
	t.setIntent("vendor_appointment")
	a, ok, err := v.clientAppointment(ctx, t, id)
	if !ok || err != nil {
		return err
	}
	r := a.Request
	admin := adminNo
	if r.Admin {
		admin = adminYes
	}
	st.open(dialogueVendor)
	st.Vendor = &vendorForm{Vendor: r.Vendor, System: m.System, Purpose: r.Purpose,
		Admin: admin, AdminReason: r.AdminReason, VendorEmail: r.VendorEmail, ClientEmail: r.ClientEmail}
	if slots := a.ActiveSlots(); len(slots) > 0 && !a.Recurring() {
		old := scheduling.Window{Start: slots[0].Start.In(v.loc()), End: slots[0].End.In(v.loc())}
		st.Vendor.Wish, st.Vendor.Duration = &old, old.End.Sub(old.Start)
	}
	var notes []string
	if m.When.Window != nil || m.When.Err != nil || m.When.Recurrence != nil || m.When.Span != nil {
		notes = v.mergeWhen(ctx, t, st, m)
	}
	return v.next(ctx, t, st, notes)
}

// clientAppointment reads appointment id as the writer may see it; ok is
// false when there is none (and the client is told so).
func (v *Vendors) clientAppointment(ctx context.Context, t *turn, id string) (scheduling.Appointment, bool, error) {
	a, err := v.Appointments.Get(ctx, id, v.requester(t.ev))
	if errors.Is(err, scheduling.ErrAppointmentNotFound) {
		t.say(vendorTexts.t(t.lang, "not_found", id))
		return scheduling.Appointment{}, false, nil
	}
	if err != nil {
		return scheduling.Appointment{}, false, fmt.Errorf("appointment %s: %w", id, err)
	}
	return a, true, nil
}
