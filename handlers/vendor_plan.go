package handlers

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/nlu"
	"github.com/mspbot/mspbot/scheduling"
)

// busy returns the blocking windows on the client's system.
func (v *Vendors) busy(ctx context.Context, org, system string) []scheduling.Window {
	if system == "" {
		return nil
	}
	now := v.now()
	slots, err := v.Appointments.Busy(ctx, org, system, now, now.Add(v.horizon()+31*24*time.Hour))
	if err != nil {
		v.log().Warn("busy slots not readable", "component", "vendors", "err", err)
		return nil
	}
	out := make([]scheduling.Window, len(slots))
	for i, sl := range slots {
		out[i] = scheduling.Window{Start: sl.Start.In(v.loc()), End: sl.End.In(v.loc())}
	}
	return out
}

// explainWish says at once why a wished time cannot be had (too soon, a
// holiday, a weekend, outside the hours), and keeps the lead-time rule as
// the topic of follow-up questions ("warum nicht früher?").
func (v *Vendors) explainWish(ctx context.Context, t *turn, st *convState) []string {
	f := st.Vendor
	if f.Wish == nil {
		return nil
	}
	dur := f.Duration
	if dur == 0 {
		dur = f.Wish.End.Sub(f.Wish.Start)
	}
	exact := scheduling.Window{Start: f.Wish.Start, End: f.Wish.Start.Add(dur)}
	vs := v.Policy.Check(v.now(), exact, v.busy(ctx, t.ev.Org, f.System))
	notes := v.explain(vs, exact, t.lang)
	if len(vs) > 0 {
		st.Context = &topicContext{Intent: "policy", Entries: []string{ruleEntry(vs)}, Turn: t.req.Session.Turns}
	}
	return notes
}

// ruleEntry is the SOP entry behind a rule a time breaks.
func ruleEntry(vs []scheduling.Violation) string {
	for _, x := range vs {
		if x.Code == scheduling.ViolLeadTime || x.Code == scheduling.ViolPast {
			return "sop#lead-time"
		}
	}
	return "sop#vendor-access"
}

// propose offers up to three compliant slots near the wish.
func (v *Vendors) propose(ctx context.Context, t *turn, st *convState) error {
	f := st.Vendor
	now := v.now()
	var prefs []scheduling.Window
	switch {
	case f.ASAP || f.Wish == nil:
		start := v.Policy.EarliestStart(now)
		prefs = []scheduling.Window{{Start: start, End: start.Add(14 * 24 * time.Hour)}}
	default:
		prefs = []scheduling.Window{*f.Wish}
	}
	busy := v.busy(ctx, t.ev.Org, f.System)
	props := v.Policy.Propose(now, f.Duration, prefs, busy, scheduling.DefaultProposals)
	if len(props) == 0 {
		f.Wish, f.ASAP, f.Proposals = nil, false, nil
		f.Step = vaAskTime
		t.ask("time", vendorTexts.t(t.lang, "no_proposals"))
		return nil
	}
	f.Proposals = props
	f.Step = vaAskPick
	f.newRequest()
	t.say(v.summary(f, t.lang))
	t.ask("pick", vendorTexts.t(t.lang, "proposals", v.proposalList(props, t.lang)))
	v.pickButtons(t, props)
	return nil
}

// summary shows the client what will be held with the slot they pick:
// nothing reaches staff that the client did not see.
func (v *Vendors) summary(f *vendorForm, lang string) string {
	admin := vendorTexts.t(lang, "sum_admin_no")
	if f.Admin == adminYes {
		admin = vendorTexts.t(lang, "sum_admin_yes", f.AdminReason)
	}
	return vendorTexts.t(lang, "summary", f.Vendor, f.System, f.Purpose, formatDuration(f.Duration, lang), admin,
		f.VendorEmail, f.ClientEmail)
}

func (v *Vendors) proposalList(props []scheduling.Window, lang string) string {
	lines := make([]string, len(props))
	for i, p := range props {
		lines[i] = fmt.Sprintf("%d) %s", i+1, v.formatSlot(p, lang))
	}
	return strings.Join(lines, "\n")
}

// proposalOn finds the proposal on the day (and at the time, if one is
// named) the client chose.
// proposalWeekday returns the day of the first proposal on w's weekday.
func proposalWeekday(props []scheduling.Window, w scheduling.Window, loc *time.Location) (time.Time, bool) {
	for _, p := range props {
		if p.Start.In(loc).Weekday() == w.Start.In(loc).Weekday() {
			return p.Start, true
		}
	}
	return time.Time{}, false
}

func proposalOn(props []scheduling.Window, w scheduling.Window, loc *time.Location) (scheduling.Window, bool) {
	var found []scheduling.Window
	for _, p := range props {
		if sameLocalDay(p.Start, w.Start, loc) {
			found = append(found, p)
		}
	}
	if len(found) == 0 && nlu.WeekdayOnly(w.Phrase) {
		// "den Montag um 9" at proposals that start a week later: the
		// proposal on that weekday, not the next Monday of the calendar
		wd := w.Start.In(loc).Weekday()
		for _, p := range props {
			if p.Start.In(loc).Weekday() == wd {
				found = append(found, p)
			}
		}
		if len(found) > 0 && !w.NoClock {
			clock := func(t time.Time) time.Duration {
				t = t.In(loc)
				return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute
			}
			for _, p := range found {
				if clock(p.Start) <= clock(w.Start) && clock(w.Start) < clock(p.End) {
					return p, true
				}
			}
			return scheduling.Window{}, false
		}
	}
	if len(found) == 1 {
		return found[0], true
	}
	for _, p := range found {
		if !p.Start.Before(w.Start) && !p.Start.After(w.End) {
			return p, true
		}
	}
	return scheduling.Window{}, false
}

func sameLocalDay(a, b time.Time, loc *time.Location) bool {
	ay, am, ad := a.In(loc).Date()
	by, bm, bd := b.In(loc).Date()
	return ay == by && am == bm && ad == bd
}

// series checks a recurring window occurrence by occurrence and asks the
// client to confirm it.
func (v *Vendors) series(ctx context.Context, t *turn, st *convState) error {
	f := st.Vendor
	s, vs, err := v.Policy.PlanSeries(v.now(), *f.Recurrence, v.busy(ctx, t.ev.Org, f.System), v.horizon())
	switch {
	case errors.Is(err, scheduling.ErrSeriesBroken):
		f.Recurrence = nil
		t.say(vendorTexts.t(t.lang, "recur_bad", strings.Join(v.explain(vs, scheduling.Window{}, t.lang), " ")))
		f.Step = vaAskTime
		t.ask("time", vendorTexts.t(t.lang, "ask_when"))
		return nil
	case errors.Is(err, scheduling.ErrSeriesEmpty):
		f.Recurrence = nil
		t.say(vendorTexts.t(t.lang, "recur_none"))
		f.Step = vaAskTime
		t.ask("time", vendorTexts.t(t.lang, "ask_when"))
		return nil
	case err != nil:
		return fmt.Errorf("vendor series: %w", err)
	}
	f.Series = &s
	f.Step = vaAskSeries
	f.newRequest()
	t.say(v.summary(f, t.lang))
	t.ask("confirm", v.seriesText(s, t.lang))
	return nil
}

func (v *Vendors) seriesText(s scheduling.Series, lang string) string {
	skipText := ""
	if len(s.Skipped) > 0 {
		days := make([]string, len(s.Skipped))
		for i, p := range s.Skipped {
			days[i] = v.formatSlot(p.Window, lang)
		}
		skipText = vendorTexts.t(lang, "recur_skipped", strings.Join(days, "; "))
	}
	return vendorTexts.t(lang, "recur_summary", s.Rule.Describe(lang), len(s.Kept), v.formatSlot(s.Kept[0], lang), skipText)
}

// newRequest gives the booking its request id once something can be
// picked: the pick holds once, however often it is repeated.
func (f *vendorForm) newRequest() {
	if f.Request == "" {
		f.Request = bot.NewID(8)
	}
}

// hold holds the picked slots (or series) and asks staff to approve. A pick
// repeated after a crash or an outage (the session was not saved, so the
// dialogue still waits for it) finds the appointment its request held then
// and confirms it; it is neither refused for overlapping the client's own
// hold nor held twice, and staff are asked once.
func (v *Vendors) hold(ctx context.Context, t *turn, st *convState, picked []scheduling.Window, rec *scheduling.Recurrence) error {
	f := st.Vendor
	lang := t.lang
	ev := t.ev
	who := scheduling.Requester{Org: ev.Org, Platform: ev.Ref.Platform, User: ev.Ref.User, Name: ev.UserName,
		Workspace: ev.Ref.Workspace, Channel: ev.Ref.Channel, Thread: ev.Ref.Thread, Staff: ev.Staff}
	if a, ok, err := v.Appointments.HeldFor(ctx, who, f.Request); err != nil {
		return fmt.Errorf("hold vendor appointment: %w", err)
	} else if ok {
		return v.held(ctx, t, st, a)
	}
	r := scheduling.AppointmentRequest{Vendor: f.Vendor, System: f.System, Purpose: f.Purpose,
		Admin: f.Admin == adminYes, AdminReason: f.AdminReason, VendorEmail: f.VendorEmail,
		ClientEmail: f.ClientEmail, Lang: lang, TZID: v.loc().String(), RequestID: f.Request}
	now := v.now()
	if rec == nil {
		// Time has passed since the proposal: check the pick again.
		w := picked[0]
		if vs := v.Policy.Check(now, w, v.busy(ctx, ev.Org, r.System)); len(vs) > 0 {
			for _, n := range v.explain(vs, w, lang) {
				t.say(n)
			}
			f.Wish = &scheduling.Window{Start: w.Start, End: w.End.Add(7 * 24 * time.Hour)}
			return v.propose(ctx, t, st)
		}
	}
	for _, w := range picked {
		r.Slots = append(r.Slots, scheduling.Slot{Start: w.Start.UTC(), End: w.End.UTC()})
	}
	if rec != nil {
		r.RRule = rec.RRule
		r.Skipped = f.Series.SkippedStarts()
	}
	a, err := v.Appointments.Hold(ctx, who, r, now)
	if errors.Is(err, scheduling.ErrSlotTaken) {
		t.say(vendorTexts.t(lang, "slot_gone"))
		if rec != nil {
			return v.series(ctx, t, st)
		}
		first := picked[0]
		f.Wish = &scheduling.Window{Start: first.Start, End: first.End.Add(7 * 24 * time.Hour)}
		return v.propose(ctx, t, st)
	}
	if err != nil {
		return fmt.Errorf("hold vendor appointment: %w", err)
	}
	return v.held(ctx, t, st, a)
}

// held ends the dialogue with the appointment its request held: staff
// asked to decide, the appointment it moves cancelled, the client told.
func (v *Vendors) held(ctx context.Context, t *turn, st *convState, a scheduling.Appointment) error {
	lang := t.lang
	r := a.Request
	replaces := st.Vendor.Replaces
	st.endDialogue()
	st.Known.Email = r.ClientEmail
	rec2 := appointmentRecord(a)
	if err := v.postToStaff(ctx, t.rw, a, rec2); err != nil {
		return err
	}
	key := "held"
	if !v.mails() {
		key = "held_nomail"
	}
	text := vendorTexts.t(lang, key, v.whenText(a, lang), r.Vendor, r.System, a.ID)
	if replaces != "" {
		if note := v.replaced(ctx, t, replaces, a.ID); note != "" {
			text += " " + note
		}
	}
	notify := vendorTexts.t(lang, "notify_nomail", a.ID)
	if v.mails() {
		notify = vendorTexts.t(lang, "notify_mail", a.ID, r.VendorEmail, r.ClientEmail)
	}
	st.Filed = &filedRecord{Kind: "vendor_appointment", ID: a.ID, Confirmation: text, Notify: notify, Turn: t.req.Session.Turns,
		Subject: strings.TrimSuffix(r.Vendor+" – "+r.System+": "+r.Purpose, ": ")}
	t.setIntent("vendor_appointment")
	t.record(rec2)
	t.say(text)
	return nil
}

// appointmentRecord is an appointment as meta describes it.
func appointmentRecord(a scheduling.Appointment) *bot.Record {
	r := a.Request
	// admin is what was asked for (as the staff notification shows it);
	// admin_granted, once staff approved, what they granted ("ohne
	// Adminrechte genehmigen" grants none)
	fields := map[string]any{"vendor": r.Vendor, "system": r.System, "purpose": r.Purpose, "admin": r.Admin,
		"recurring": a.Recurring()}
	if a.State == scheduling.StateApproved {
		fields["admin_granted"] = a.AdminGranted
	}
	if a.Recurring() {
		fields["rrule"] = r.RRule
	}
	if first, ok := a.First(); ok {
		fields["start"] = first.Start.Format(time.RFC3339)
		fields["end"] = first.End.Format(time.RFC3339)
	}
	return &bot.Record{Kind: "vendor", ID: a.ID, State: string(a.State), Fields: fields}
}

// whenText is an appointment's time for people: the slot, or the series.
func (v *Vendors) whenText(a scheduling.Appointment, lang string) string {
	first, ok := a.First()
	if !ok {
		return "—"
	}
	w := scheduling.Window{Start: first.Start, End: first.End}
	if !a.Recurring() {
		return v.formatSlot(w, lang)
	}
	return formatTexts.t(lang, "series", len(a.ActiveSlots()), v.formatSlot(w, lang))
}

func (v *Vendors) formatSlot(w scheduling.Window, lang string) string {
	s := scheduling.FormatWindow(w, lang, v.loc())
	if y := w.Start.In(v.loc()).Year(); y != v.now().In(v.loc()).Year() {
		s += fmt.Sprintf(" (%d)", y)
	}
	return s
}

// explain turns policy violations into sentences with the SOP's reasons.
func (v *Vendors) explain(vs []scheduling.Violation, w scheduling.Window, lang string) []string {
	what := v.formatSlot(w, lang)
	var out []string
	seen := map[scheduling.ViolationCode]bool{}
	for _, x := range vs {
		if seen[x.Code] {
			continue
		}
		seen[x.Code] = true
		switch x.Code {
		case scheduling.ViolPast:
			out = append(out, vendorTexts.t(lang, "viol_past", what))
		case scheduling.ViolLeadTime:
			from := x.Earliest
			dur := w.End.Sub(w.Start)
			if dur > v.maxDuration() || dur <= 0 {
				dur = time.Hour // a whole day asked for: the first hour allowed
			}
			if e, ok := v.Policy.Earliest(v.now(), dur, nil); ok {
				// "ab Montag, 14.12., 23:44 Uhr" is no time a vendor may
				// start: the first allowed start after the lead time
				from = e.Start
			}
			out = append(out, vendorTexts.t(lang, "viol_lead", what, v.leadDays(), v.formatDay(from, lang)))
		case scheduling.ViolClosedDay:
			out = append(out, vendorTexts.t(lang, "viol_closed", what, v.hoursText(lang)))
		case scheduling.ViolHoliday:
			out = append(out, vendorTexts.t(lang, "viol_holiday", what, x.Holiday))
		case scheduling.ViolOutsideHours:
			out = append(out, vendorTexts.t(lang, "viol_hours", what, v.hoursText(lang)))
		case scheduling.ViolOverlap:
			out = append(out, vendorTexts.t(lang, "viol_overlap", what))
		case scheduling.ViolTooLong:
			out = append(out, vendorTexts.t(lang, "viol_too_long", formatDuration(x.Limit, lang)))
		case scheduling.ViolTooShort:
			out = append(out, vendorTexts.t(lang, "viol_too_short", formatDuration(x.Limit, lang)))
		case scheduling.ViolInvalid:
			out = append(out, vendorTexts.t(lang, "viol_invalid", what))
		}
	}
	return out
}

func (v *Vendors) formatDay(t time.Time, lang string) string {
	t = t.In(v.loc())
	return formatTexts.t(lang, "day_time", weekdayName(t.Weekday(), lang), t.Format(formatTexts.t(lang, "layout_date_time")))
}

// hoursText renders the allowed maintenance hours ("Mo–Fr 08:00–18:00").
func (v *Vendors) hoursText(lang string) string {
	h := v.Policy.Hours
	open, cls := h.Open, h.Close
	if open == 0 && cls == 0 {
		open, cls = scheduling.DefaultVendorOpen, scheduling.DefaultVendorClose
	}
	days := h.Days
	if len(days) == 0 {
		days = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	}
	span := weekdayShort(days[0], lang)
	if len(days) > 1 {
		span += "–" + weekdayShort(days[len(days)-1], lang)
	}
	clock := func(d time.Duration) string { return fmt.Sprintf("%02d:%02d", int(d.Hours()), int(d.Minutes())%60) }
	return formatTexts.t(lang, "hours", span, clock(open), clock(cls))
}
