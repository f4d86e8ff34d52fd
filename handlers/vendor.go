package handlers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/knowledge"
	"github.com/mspbot/mspbot/nlu"
	"github.com/mspbot/mspbot/scheduling"
)

// AccessPlanner plans what follows an approval (reminders, enabling and
// disabling the vendor account) and undoes it on cancellation.
type AccessPlanner interface {
	Plan(ctx context.Context, a scheduling.Appointment) error
	Unplan(ctx context.Context, a scheduling.Appointment, now time.Time) error
}

// Confirmer sends client and vendor the confirmation, rejection or
// cancellation of an appointment by e-mail; it reports the addresses it
// reached.
type Confirmer interface {
	Confirm(ctx context.Context, a scheduling.Appointment, kind ConfirmKind) ([]string, error)
}

// mails reports whether the client may be promised confirmation e-mails:
// a Confirmer that knows it sends nothing (no mail server) says so.
func (v *Vendors) mails() bool {
	if v.Confirm == nil {
		return false
	}
	if s, ok := v.Confirm.(interface{ Sends() bool }); ok {
		return s.Sends()
	}
	return true
}

// ConfirmKind says which message a Confirmer sends.
type ConfirmKind string

// The messages a Confirmer sends.
const (
	ConfirmApproved  ConfirmKind = "approved"
	ConfirmRejected  ConfirmKind = "rejected"
	ConfirmCancelled ConfirmKind = "cancelled"
	// ConfirmUpdated follows the cancellation of one occurrence.
	ConfirmUpdated ConfirmKind = "updated"
)

// Vendors is the vendor-appointment dialogue: it collects the request from
// whatever messages give it, checks it against the provider's procedure,
// proposes compliant slots, holds the client's pick and has staff approve
// it by reaction or button (see vendor_plan.go, vendor_decide.go and
// vendor_manage.go).
type Vendors struct {
	Appointments *scheduling.Appointments
	Policy       scheduling.VendorPolicy
	// Calendar reads the client's time phrases.
	Calendar *scheduling.Calendar
	// StaffRooms are the conversations where staff decide.
	StaffRooms []bot.Ref
	// StaffLang is the language of staff messages (default "de").
	StaffLang string
	// Confirm sends the e-mails; nil sends none (and the bot says so).
	Confirm Confirmer
	// Access plans the account steps; nil plans none.
	Access AccessPlanner
	// Horizon bounds recurring series (default 12 months).
	Horizon time.Duration
	// Now is the clock (default time.Now).
	Now    func() time.Time
	Logger *slog.Logger
}

func (v *Vendors) now() time.Time {
	if v.Now != nil {
		return v.Now()
	}
	return time.Now()
}

func (v *Vendors) log() *slog.Logger {
	if v.Logger != nil {
		return v.Logger
	}
	return slog.Default()
}

func (v *Vendors) staffLang() string {
	if v.StaffLang == "" {
		return "de"
	}
	return v.StaffLang
}

func (v *Vendors) loc() *time.Location { return v.Policy.Location() }

func (v *Vendors) leadDays() int {
	d := v.Policy.LeadTime
	if d == 0 {
		d = scheduling.DefaultVendorLeadTime
	}
	return int(d / (24 * time.Hour))
}

func (v *Vendors) horizon() time.Duration {
	if v.Horizon > 0 {
		return v.Horizon
	}
	return 365 * 24 * time.Hour
}

// start opens the dialogue from a booking request, taking what the
// message already says.
func (v *Vendors) start(ctx context.Context, t *turn, st *convState, m *nlu.Message) error {
	st.open(dialogueVendor)
	st.Vendor = &vendorForm{}
	if st.Known.Email != "" {
		st.Vendor.ClientEmail = st.Known.Email
	}
	t.setIntent("vendor_appointment")
	t.say(vendorTexts.t(t.lang, "intro", v.leadDays()))
	notes := v.merge(ctx, t, st, m)
	return v.next(ctx, t, st, notes)
}

// startFrom starts the booking from an earlier message that said what the
// vendor is to do (before) and the message that asks to book it now.
func (v *Vendors) startFrom(ctx context.Context, t *turn, st *convState, before, m *nlu.Message) error {
	st.open(dialogueVendor)
	st.Vendor = &vendorForm{}
	if st.Known.Email != "" {
		st.Vendor.ClientEmail = st.Known.Email
	}
	t.setIntent("vendor_appointment")
	if before.When.Window != nil && (m.When.Window != nil || m.When.Recurrence != nil) {
		before.When = nlu.When{Duration: before.When.Duration} // the later time counts
	}
	_ = v.merge(ctx, t, st, before) // its remarks were answered then
	notes := v.merge(ctx, t, st, m)
	return v.next(ctx, t, st, notes)
}

// relevance implements dialogue.
// ruleQuestion reports a question the knowledge base reads, sure of it, as
// one about the rule that vendor accounts stay disabled outside the window.
func ruleQuestion(m *nlu.Message) bool {
	k := m.Knowledge
	return k.Intent == knowledge.IntentPolicy && !k.Unsure && k.Confidence >= 0.5 && slices.Contains(k.Sources, "sop#disabled-accounts")
}

func (v *Vendors) relevance(st *convState, m *nlu.Message) relevance {
	f := st.Vendor
	if m.AsksNoted {
		return strong
	}
	if m.Question && (m.VendorAsk == nlu.VendorWorkstation || m.DeskHelp) && m.System == "" && len(m.Emails) == 0 {
		// "their hotline also wants to remote onto our reception PC
		// tomorrow – do I have to book that too?": program help at a
		// workstation, which needs no booking; the booking waits
		return unrelated
	}
	if m.Question && len(m.Emails) == 0 && m.System == "" && m.When.Window == nil && ruleQuestion(m) {
		// "ist deren Zugang dann die ganze Woche offen oder nur
		// donnerstags?": the rule for vendor accounts, not a new series
		return unrelated
	}
	if m.Question && len(m.FollowUps) > 0 && len(m.Emails) == 0 && m.System == "" && m.When.Recurrence == nil {
		// "warum nicht früher?", "was passiert, wenn der erste Montag ein
		// Feiertag ist?": a question about the rules, not new values
		return unrelated
	}
	if m.Shift != 0 && (f.Recurrence != nil || f.Wish != nil && !f.Wish.ASAP) {
		// "Could we make it an hour earlier?"
		return strong
	}
	if m.Question && knowledgeAnswers(m) && (m.Vendor == "" || strings.EqualFold(m.Vendor, f.Vendor)) && m.System == "" &&
		len(m.Emails) == 0 && m.When.Window == nil && m.When.Duration == nil && m.Admin == nlu.AdminUnknown {
		// "Kurze Zwischenfrage: wenn in der Warenwirtschaft selbst ein
		// Fehler auftaucht, ist das Ihr Job oder Sache von Sage?": a
		// question about the contract that names the vendor booked
		return unrelated
	}
	if m.Vendor != "" || m.System != "" || len(m.Emails) > 0 || m.When.Window != nil || m.When.Span != nil || m.When.Err != nil ||
		m.When.Recurrence != nil || m.When.RecurrenceErr != nil || m.When.Duration != nil || m.Admin != nlu.AdminUnknown {
		return strong
	}
	switch f.Step {
	case vaAskPick:
		if m.Acts.Pick != 0 {
			return strong
		}
	case vaAskSeries, vaAskAdmin:
		if answersYes(m) || m.Acts.No {
			return strong
		}
	case vaAskWhose:
		if whoseAddress(m, f.Vendor) != "" {
			return strong
		}
	case vaAskReason, vaAskPurpose:
		if !m.Question || f.Step == vaAskReason {
			return strong
		}
	case vaAskVendor, vaAskSystem:
		if !m.Question && len(strings.Fields(m.Bare)) <= 5 {
			return strong
		}
	case vaAskTime, vaAskDuration:
		if !m.Question {
			return weak
		}
	}
	if m.Purpose != "" && f.Purpose == "" {
		return strong
	}
	return unrelated
}

// take implements dialogue.
func (v *Vendors) take(ctx context.Context, t *turn, st *convState, m *nlu.Message) error {
	f := st.Vendor
	t.setIntent("vendor_appointment")
	if f.Replaces != "" && m.KeepsAsIs {
		// "ok, dann bleibt's beim 23.12. wie gebucht": the move is given
		// up, the appointment stays as it is
		id := f.Replaces
		st.endDialogue()
		t.say(vendorTexts.t(t.lang, "move_kept", id))
		return nil
	}
	switch f.Step {
	case vaAskPick:
		if n := m.Acts.Pick; n != 0 && m.When.Window == nil {
			if n < 0 {
				n = len(f.Proposals)
			}
			if n <= len(f.Proposals) {
				return v.hold(ctx, t, st, []scheduling.Window{f.Proposals[n-1]}, nil)
			}
			t.ask("pick", vendorTexts.t(t.lang, "pick_unclear"))
			return nil
		}
		if m.When.Window == nil && answersYes(m) && f.Wish != nil {
			// "Yes, please book it like that": the proposal that is the time
			// the client asked for, when one is; any other needs its number
			for _, p := range f.Proposals {
				if p.Start.Equal(f.Wish.Start) && p.End.Equal(f.Wish.End) {
					return v.hold(ctx, t, st, []scheduling.Window{p}, nil)
				}
			}
		}
		if w := m.When.Window; w != nil {
			// "der am Donnerstag", "der 16. passt": a proposal on that day;
			// "geht auch der 22.12., selbe Uhrzeit?" keeps the hours wished
			// before, which the proposal on that day may not have
			if p, ok := proposalOn(f.Proposals, *w, v.loc()); ok && !m.Acts.Correction && !m.Acts.No && !(m.Acts.SameTime && w.NoClock) {
				return v.hold(ctx, t, st, []scheduling.Window{p}, nil)
			}
			if day, ok := proposalWeekday(f.Proposals, *w, v.loc()); ok && nlu.WeekdayOnly(w.Phrase) {
				// "den Dienstag um 10" at proposals of another week: that
				// Tuesday of the proposals, at the hour said
				shifted := onDay(*w, day, v.loc())
				if m.Acts.Take && !w.NoClock && f.Duration > 0 {
					// "dann nehmen wir den Dienstag um 10": held as said,
					// if the rules and the calendar allow it (hold checks)
					return v.hold(ctx, t, st, []scheduling.Window{{Start: shifted.Start, End: shifted.Start.Add(f.Duration)}}, nil)
				}
				m.When.Window = &shifted
			}
		}
	case vaAskSeries:
		if m.When.Recurrence == nil && m.When.Window == nil {
			switch {
			case answersYes(m) && f.Series != nil:
				return v.hold(ctx, t, st, f.Series.Kept, &f.Series.Rule)
			case m.Acts.No:
				f.Recurrence, f.Series = nil, nil
				f.Step = vaAskTime
				t.ask("time", vendorTexts.t(t.lang, "ask_when"))
				return nil
			}
		}
	case vaAskWhose:
		if who := whoseAddress(m, f.Vendor); who != "" && f.Unsorted != "" {
			if who == "vendor" {
				f.VendorEmail = f.Unsorted
			} else {
				f.ClientEmail = f.Unsorted
			}
			f.Unsorted = ""
		}
	}
	notes := v.merge(ctx, t, st, m)
	return v.next(ctx, t, st, notes)
}

// whoseAddress reads the answer to "the vendor's address or yours?" from
// its words (never from letters inside a word or an address: "someone",
// "it@acme"); vendor is the vendor's name if known.
func whoseAddress(m *nlu.Message, vendor string) string {
	low := m.Low()
	for _, e := range m.Emails {
		low = strings.ReplaceAll(low, strings.ToLower(e.Addr), " ")
	}
	words := strings.FieldsFunc(low, func(r rune) bool { return !unicode.IsLetter(r) && r != '@' && r != '.' })
	own := strings.ToLower(strings.Join(strings.Fields(vendor), ""))
	for _, w := range words {
		if strings.Contains(w, "@") {
			return "" // an address is no answer to whose another is
		}
		if strings.HasPrefix(w, "herst") || strings.HasPrefix(w, "vendor") || strings.HasPrefix(w, "firma") ||
			strings.HasPrefix(w, "techn") || w == "deren" || w == "their" || w == "theirs" || own != "" && w == own {
			return "vendor"
		}
	}
	for _, w := range words {
		switch w {
		case "ich", "mir", "mich", "mein", "meine", "meins", "meiner", "unser", "unsere", "unseres", "uns",
			"mine", "my", "me", "our", "ours", "us", "myself":
			return "client"
		}
	}
	return ""
}

// merge takes every value the message gives; a bare answer fills the field
// that was asked for.
func (v *Vendors) merge(ctx context.Context, t *turn, st *convState, m *nlu.Message) []string {
	f := st.Vendor
	lang := t.lang
	var notes []string
	step := f.Step
	switch {
	case m.Vendor != "":
		f.Vendor = m.Vendor
	case step == vaAskVendor && m.Bare != "" && !m.Question && len(strings.Fields(m.Bare)) <= 4 && m.When.Window == nil && m.Admin == nlu.AdminUnknown:
		// a name; "ugh. fine. Thursday, 24 December then, 2 to 4pm. they
		// say they need admin rights" gives other values, no name
		f.Vendor = trimValue(m.Bare, 60)
	}
	switch {
	case m.System != "" && f.System != "" && strings.EqualFold(m.System, f.Vendor):
		// "RA-MICRO: support@ra-micro.example": the vendor's name written
		// like a host names no other system
	case m.System != "":
		f.System = m.System
	case step == vaAskSystem && m.Bare != "" && !m.Question:
		if w := strings.Fields(m.Bare); len(w) <= 3 {
			f.System = trimValue(m.Bare, 60)
		}
	}
	switch {
	case m.Purpose != "" && (f.Purpose == "" || step == vaAskPurpose):
		f.Purpose = m.Purpose
	case step == vaAskPurpose && m.Bare != "" && !m.Question:
		f.Purpose = trimValue(m.Bare, 120)
	}
	if d := m.When.Duration; d != nil {
		switch {
		case d.Days > 1:
			notes = append(notes, vendorTexts.t(lang, "viol_too_long", formatDuration(v.maxDuration(), lang)))
		case d.AllDay:
			f.Duration = v.maxDuration()
		case d.D > 0:
			f.Duration = d.D
		}
	} else if step == vaAskDuration && m.When.Window == nil && m.System == "" && m.Vendor == "" && len(m.Emails) == 0 && m.Admin == nlu.AdminUnknown {
		// "its SRV-BOOK-01" while the length is asked gives another
		// value, no wrong length
		notes = append(notes, vendorTexts.t(lang, "duration_bad"))
	}
	if m.AsksStandingAccess {
		// "Könnte Herr Albers nicht einfach dauerhaft einen Zugang
		// bekommen?" beside the addresses: the rule, with the booking
		notes = append(notes, vendorTexts.t(lang, "no_standing"))
	}
	if v.mergeAdmin(f, m, step) {
		notes = append(notes, vendorTexts.t(lang, "reason_weak"))
	}
	notes = append(notes, v.mergeMail(f, m, step, lang)...)
	notes = append(notes, v.mergeWhen(ctx, t, st, m)...)
	return notes
}

// mergeAdmin takes what the message says about admin rights; weak
// reports a justification that justifies nothing ("der will das halt
// so"), which is not taken.
func (v *Vendors) mergeAdmin(f *vendorForm, m *nlu.Message, step vendorStep) (weak bool) {
	defer func() {
		if f.AdminReason != "" && nlu.WeakReason(f.AdminReason) {
			f.AdminReason, weak = "", true
		}
	}()
	switch {
	case m.Admin == nlu.AdminNo:
		f.Admin, f.AdminReason = adminNo, ""
	case m.Admin == nlu.AdminYes:
		f.Admin = adminYes
		if m.AdminReason != "" {
			f.AdminReason = m.AdminReason
		}
		if step == vaAskReason && f.AdminReason == "" && m.Bare != "" {
			f.AdminReason = trimValue(nlu.ReasonText(m.Bare), 300)
		}
	case step == vaAskAdmin && m.Acts.No:
		f.Admin = adminNo
	case step == vaAskAdmin && m.Acts.Yes:
		f.Admin = adminYes
		if m.AdminReason != "" {
			f.AdminReason = m.AdminReason
		}
	case step == vaAskReason && m.Bare != "" && !m.Acts.OnlyYes:
		f.AdminReason = trimValue(nlu.ReasonText(m.Bare), 300)
	case f.Admin == adminYes && f.AdminReason == "" && m.AdminReason != "":
		// "Er sagt, das Setup muss neue Dienste einrichten, deshalb.",
		// before the reason was asked for
		f.AdminReason = m.AdminReason
	}
	return false
}

func (v *Vendors) mergeMail(f *vendorForm, m *nlu.Message, step vendorStep, lang string) []string {
	// labelled addresses first ("…, me: office@…" says whose the other is)
	var unlabelled []string
	for _, e := range m.Emails {
		switch {
		case e.Role == nlu.EmailVendor:
			f.VendorEmail = e.Addr
		case e.Role == nlu.EmailClient:
			f.ClientEmail = e.Addr
		case vendorDomain(e.Addr, f.Vendor) && f.VendorEmail == "":
			f.VendorEmail = e.Addr
		case supportMailbox(e.Addr) && f.VendorEmail == "" && len(m.Emails) > 1:
			// "support@graphisoft.example + it@arch-lindqvist.example":
			// the vendor's support desk, beside the client's own
			f.VendorEmail = e.Addr
		default:
			unlabelled = append(unlabelled, e.Addr)
		}
	}
	if f.Unsorted != "" && len(m.Emails) > 0 {
		unlabelled = append([]string{f.Unsorted}, unlabelled...)
		f.Unsorted = ""
	}
	for _, a := range unlabelled {
		switch {
		case a == f.VendorEmail || a == f.ClientEmail:
		case f.VendorEmail == "" && f.ClientEmail != "":
			f.VendorEmail = a
		case f.ClientEmail == "" && f.VendorEmail != "":
			f.ClientEmail = a
		default:
			f.Unsorted = a
		}
	}
	if (step == vaAskEmails || step == vaAskWhose) && len(m.Emails) == 0 && strings.Contains(m.Bare, "@") && !strings.Contains(m.Bare, " ") {
		return []string{vendorTexts.t(lang, "mail_bad", trimValue(m.Bare, 80))}
	}
	return nil
}

// supportMailbox reports an address of a support desk ("support@…",
// "hotline@…"), which a client's own address is not.
func supportMailbox(addr string) bool {
	local, _, _ := strings.Cut(strings.ToLower(addr), "@")
	switch local {
	case "support", "service", "hotline", "helpdesk", "servicedesk", "kundendienst", "technik", "tech":
		return true
	}
	return false
}

// vendorDomain reports whether addr's domain carries the vendor's name
// ("lex@lexware-partner-hh.example" for Lexware).
func vendorDomain(addr, vendor string) bool {
	at := strings.LastIndexByte(addr, '@')
	letters := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return unicode.ToLower(r)
			}
			return -1
		}, s)
	}
	v := letters(vendor)
	if at < 0 || len(v) < 3 {
		return false
	}
	// "support@clinix-systems.de" for Clinix Systems
	return strings.Contains(letters(addr[at+1:]), v)
}

// mergeWhen takes a recurring window or a wished time; a time that breaks
// a rule is explained at once.
func (v *Vendors) mergeWhen(ctx context.Context, t *turn, st *convState, m *nlu.Message) []string {
	f := st.Vendor
	lang := t.lang
	w := m.When
	if f.Recurrence != nil && w.Window != nil && w.Window.NoDay && !w.Window.ASAP && w.Recurrence == nil && w.Err == nil {
		// "Actually, make it 1pm to 3pm instead" about a monthly window:
		// the series at those hours
		r := *f.Recurrence
		loc := v.loc()
		st0, from, to := r.Start.In(loc), w.Window.Start.In(loc), w.Window.End.In(loc)
		r.Start = time.Date(st0.Year(), st0.Month(), st0.Day(), from.Hour(), from.Minute(), 0, 0, loc)
		r.Duration = to.Sub(from)
		w.Recurrence, w.Window = &r, nil
	}
	if m.Shift != 0 && w.Window == nil && w.Recurrence == nil {
		// "geht auch eine Stunde früher?": the series or the wish, moved
		switch {
		case f.Recurrence != nil:
			r := *f.Recurrence
			r.Start = r.Start.Add(m.Shift)
			w.Recurrence = &r
		case f.Wish != nil && !f.Wish.ASAP:
			win := *f.Wish
			win.Start, win.End = win.Start.Add(m.Shift), win.End.Add(m.Shift)
			w.Window = &win
		}
	}
	switch {
	case w.Recurrence != nil:
		r := *w.Recurrence
		f.Recurrence, f.Series, f.Wish, f.ASAP, f.Proposals = &r, nil, nil, false, nil
		f.Duration = r.Duration
		return nil
	case w.RecurrenceErr != nil:
		return v.recurrenceRefused(w.RecurrenceErr, lang)
	case w.Window != nil && w.Err == nil:
		f.Recurrence, f.Series, f.Proposals = nil, nil, nil
		if w.Window.ASAP {
			f.ASAP, f.Wish = true, nil
			return nil
		}
		win := *w.Window
		// A clock without a day keeps the day wished before ("make it 2 to
		// 4pm, same day"), a day without a clock keeps the hours.
		if prev := f.Wish; prev != nil && !prev.ASAP {
			loc := v.Calendar.Location()
			switch {
			case m.Acts.SameTime && win.NoDay && !prev.NoClock && !prev.Start.Before(onDay(win, prev.Start, loc).Start) && !prev.End.After(onDay(win, prev.Start, loc).End):
				// "then just the morning as planned": the hours wished
				// before, which lie in it
				win = *prev
			case win.NoDay && !prev.NoDay:
				win = onDay(win, prev.Start, loc)
			case win.NoClock && !prev.NoClock && (m.Acts.SameTime || !win.Weak):
				win = onDay(*prev, win.Start, loc)
			}
		}
		f.Wish, f.ASAP = &win, false
		if w.Duration != nil && w.Duration.FromRange && w.Duration.D > 0 {
			f.Duration = w.Duration.D
		}
		return v.explainWish(ctx, t, st)
	case w.Span != nil && w.Err == nil:
		// "Ende nächster Woche": slots are offered anywhere inside it;
		// only a span over before the lead time allows any is explained
		span := *w.Span
		f.Recurrence, f.Series, f.Proposals = nil, nil, nil
		f.Wish, f.ASAP = &span, false
		if span.End.After(v.Policy.EarliestStart(v.now())) {
			return nil
		}
		return v.explainWish(ctx, t, st)
	case w.Err != nil, f.Step == vaAskTime && w.Duration == nil && m.Acts.Pick == 0:
		if n := timeProblem(m, lang); n != "" {
			// "am 31.11.": the date is named, then the time asked again
			return []string{n}
		}
		if f.Step == vaAskTime || f.Step == vaAskPick {
			return []string{vendorTexts.t(lang, "when_unclear")}
		}
	}
	return nil
}

// recurrenceRefused says what is wrong with a series that cannot be
// used: no time of day, or daily ("every day"), and then also hours
// outside the supervised ones when it named such hours.
func (v *Vendors) recurrenceRefused(err error, lang string) []string {
	if errors.Is(err, scheduling.ErrNoRecurrenceTime) {
		return []string{vendorTexts.t(lang, "recur_bad", vendorTexts.t(lang, "recur_no_time"))}
	}
	out := []string{vendorTexts.t(lang, "recur_bad", vendorTexts.t(lang, "too_frequent"))}
	var fe *scheduling.FrequencyError
	if errors.As(err, &fe) && fe.To > fe.From && !v.withinHours(fe.From, fe.To) {
		clock := func(d time.Duration) string { return fmt.Sprintf("%02d:%02d", int(d.Hours()), int(d.Minutes())%60) }
		what := vendorTexts.t(lang, "clock_range", clock(fe.From), clock(fe.To))
		out = append(out, vendorTexts.t(lang, "recur_hours", what, v.hoursText(lang)))
	}
	return out
}

// withinHours reports whether the time of day from–to (offsets from
// midnight) lies inside the hours vendor work is supervised.
func (v *Vendors) withinHours(from, to time.Duration) bool {
	open, cls := v.Policy.Hours.Open, v.Policy.Hours.Close
	if open == 0 && cls == 0 {
		open, cls = scheduling.DefaultVendorOpen, scheduling.DefaultVendorClose
	}
	return from >= open && to <= cls
}

// next asks for the first missing detail, or proposes slots or a series.
func (v *Vendors) next(ctx context.Context, t *turn, st *convState, notes []string) error {
	f := st.Vendor
	for _, n := range notes {
		t.say(n)
	}
	ask := func(step vendorStep, slot, key string, args ...any) error {
		f.Step = step
		t.ask(slot, vendorTexts.t(t.lang, key, args...))
		return nil
	}
	switch {
	case f.Vendor == "":
		return ask(vaAskVendor, "vendor", "ask_vendor")
	case f.System == "":
		return ask(vaAskSystem, "system", "ask_system")
	case f.Purpose == "":
		return ask(vaAskPurpose, "purpose", "ask_purpose")
	case f.Duration == 0:
		return ask(vaAskDuration, "duration", "ask_duration")
	case f.Duration > v.maxDuration():
		f.Duration = 0
		t.say(vendorTexts.t(t.lang, "viol_too_long", formatDuration(v.maxDuration(), t.lang)))
		return ask(vaAskDuration, "duration", "ask_duration")
	case f.Duration < v.minDuration():
		f.Duration = 0
		t.say(vendorTexts.t(t.lang, "viol_too_short", formatDuration(v.minDuration(), t.lang)))
		return ask(vaAskDuration, "duration", "ask_duration")
	case f.Admin == adminUnknown:
		return ask(vaAskAdmin, "admin_reason", "ask_admin")
	case f.Admin == adminYes && f.AdminReason == "":
		return ask(vaAskReason, "admin_reason", "ask_reason")
	case f.Unsorted != "":
		return ask(vaAskWhose, "emails", "mail_which", f.Unsorted)
	case f.VendorEmail == "" && f.ClientEmail == "":
		return ask(vaAskEmails, "emails", "ask_emails")
	case f.VendorEmail == "":
		return ask(vaAskEmails, "emails", "ask_vendor_mail")
	case f.ClientEmail == "":
		return ask(vaAskEmails, "emails", "ask_client_mail")
	case f.Recurrence != nil:
		return v.series(ctx, t, st)
	case f.Wish == nil && !f.ASAP:
		return ask(vaAskTime, "time", "ask_when")
	}
	return v.propose(ctx, t, st)
}

// prompt implements dialogue.
func (v *Vendors) prompt(ctx context.Context, t *turn, st *convState, back bool) error {
	f := st.Vendor
	if back {
		t.say(generalTexts.t(t.lang, "back_vendor"))
	}
	switch f.Step {
	case vaAskPick:
		if len(f.Proposals) > 0 {
			t.ask("pick", vendorTexts.t(t.lang, "proposals", v.proposalList(f.Proposals, t.lang)))
			v.pickButtons(t, f.Proposals)
			return nil
		}
	case vaAskSeries:
		if f.Series != nil {
			t.ask("confirm", v.seriesText(*f.Series, t.lang))
			return nil
		}
	}
	return v.next(ctx, t, st, nil)
}

// cancel implements dialogue.
func (v *Vendors) cancel(ctx context.Context, t *turn, st *convState) error {
	st.endDialogue()
	t.setIntent("vendor_appointment")
	t.say(vendorTexts.t(t.lang, "cancelled"))
	return nil
}

// leadTimeRE names the lead time of a booking ("7 Tage Vorlauf", "a week
// ahead"); low is folded.
var leadTimeRE = regexp.MustCompile(`\b(?:\d+|sieben|seven) (?:tage|days|werktage)\b|\bvorlauf\w*|\bim voraus\b|\bin advance\b|\blead time\b|\b(?:eine|a|one) (?:woche|week) (?:vorher|ahead|before|im voraus)`)

// sideQuestion answers questions about the booking itself: public
// holidays in a series, why the addresses or the admin reason are needed.
func (v *Vendors) sideQuestion(ctx context.Context, t *turn, st *convState, m *nlu.Message) bool {
	f := st.Vendor
	low := m.Low()
	switch {
	case strings.Contains(low, "feiertag") || strings.Contains(low, "holiday"):
		skipped := vendorTexts.t(t.lang, "series_skipped_none")
		if f.Series != nil && len(f.Series.Skipped) > 0 {
			var days []string
			for _, s := range f.Series.Skipped {
				days = append(days, v.formatSlot(s.Window, t.lang))
			}
			skipped = vendorTexts.t(t.lang, "recur_skipped", strings.Join(days, "; "))
		}
		t.setIntent("vendor_appointment")
		t.say(vendorTexts.t(t.lang, "series_holiday", strings.TrimSpace(skipped)))
		return true
	case nlu.LastingAccess(low):
		// "can the vendor just stay logged in for the whole week?": a
		// question about the rule, answered from the SOP
		return false
	case m.Asks(nlu.FollowWhy) && !strings.Contains(low, "mail") && !strings.Contains(low, "admin") && leadTimeRE.MatchString(low):
		// "warum eigentlich 7 Tage Vorlauf?" while the addresses are
		// asked: a question about the rule, answered from the SOP
		return false
	case m.Asks(nlu.FollowWhy) && (f.Step == vaAskEmails || strings.Contains(low, "mail")):
		t.say(vendorTexts.t(t.lang, "why_field_mail"))
		return true
	case m.Asks(nlu.FollowWhy) && (f.Step == vaAskReason || strings.Contains(low, "admin")):
		t.say(vendorTexts.t(t.lang, "why_field_admin"))
		return true
	}
	return false
}

func (v *Vendors) maxDuration() time.Duration {
	if v.Policy.MaxDuration > 0 {
		return v.Policy.MaxDuration
	}
	return scheduling.DefaultVendorMaxDuration
}

func (v *Vendors) minDuration() time.Duration {
	if v.Policy.MinDuration > 0 {
		return v.Policy.MinDuration
	}
	return scheduling.DefaultVendorMinDuration
}

// trimValue trims punctuation around a bare answer and bounds its length.
func trimValue(s string, maxRunes int) string {
	s = strings.TrimSpace(strings.Trim(s, " .,;:!?\"'„“”()"))
	if r := []rune(s); len(r) > maxRunes {
		s = string(r[:maxRunes])
	}
	return s
}
