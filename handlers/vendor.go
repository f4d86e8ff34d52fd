package handlers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/scheduling"
)

// The dialogue and steps of the vendor-appointment conversation.
const (
	dialogueVendor = "vendor"

	vStepVendor     = "vendor"
	vStepSystem     = "system"
	vStepPurpose    = "purpose"
	vStepDuration   = "duration"
	vStepAdmin      = "admin"
	vStepReason     = "reason"
	vStepVendorMail = "vmail"
	vStepClientMail = "cmail"
	vStepMailWhich  = "mailwhich"
	vStepWhen       = "when"
	vStepPick       = "pick"
	vStepRecConfirm = "recconfirm"
)

// Slots of the vendor dialogue.
const (
	vSlotVendor  = "vendor"
	vSlotSystem  = "system"
	vSlotPurpose = "purpose"
	vSlotDur     = "dur" // minutes
	vSlotAdmin   = "admin"
	vSlotReason  = "reason"
	vSlotVMail   = "vmail"
	vSlotCMail   = "cmail"
	vSlotMailQ   = "mailq"
	vSlotPrefs   = "prefs" // JSON []scheduling.Window
	vSlotProps   = "props" // JSON []scheduling.Window
	vSlotRec     = "rec"   // JSON scheduling.Recurrence
	vSlotRecOcc  = "recocc"
	vSlotRecSkip = "recskip"
	vSlotASAP    = "asap" // "1": the wish was "as soon as possible"
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

// Vendors is the vendor-appointment conversation: it collects the request,
// checks it against the provider's procedure, proposes compliant slots,
// holds the client's pick and has staff approve it by reaction.
type Vendors struct {
	Appointments *scheduling.Appointments
	Policy       scheduling.VendorPolicy
	// Calendar reads the client's time phrases.
	Calendar *scheduling.Calendar
	// StaffRooms are the conversations where staff decide.
	StaffRooms []bot.Ref
	// StaffLang is the language of staff messages (default "de").
	StaffLang string
	// Confirm sends the e-mails; nil sends none.
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

// Start begins the conversation from a vendor-appointment request, taking
// what the first message already says. Questions about booked appointments
// ("ist der Termin genehmigt?", "Termin VA-26-0007 absagen") are answered
// instead.
func (v *Vendors) Start() bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		text, lang := req.Event.Text, req.Lang()
		if vendorCancelAskRE.MatchString(text) && (apptIDRE.MatchString(text) || !purposeRE.MatchString(text)) {
			return v.cancelAsked(ctx, rw, req)
		}
		if apptIDRE.MatchString(text) || (vendorStatusAskRE.MatchString(text) && findSystem(text) == "" && findPurpose(text) == "") {
			return v.list(ctx, rw, req)
		}
		if isWorkstationHelp(text) {
			return say(ctx, rw, txtVendorWorkstationHelp.in(lang, v.leadDays()))
		}
		req.Session.Start(dialogueVendor, "")
		notes := v.absorb(req, text, true)
		earliest := v.Policy.EarliestStart(v.now())
		ws := windows(req.Session.Get(vSlotPrefs))
		if urgentNowRE.MatchString(text) && req.Session.Get(vSlotRec) == "" &&
			(len(ws) == 0 || ws[0].Start.Before(earliest) || req.Session.Get(vSlotASAP) == "1") {
			// "sofort", "heute noch": refused with the rule; the earliest
			// compliant slots are proposed instead.
			notes = append(notes, v.urgentNote(ctx, req, text))
			req.Session.Set(vSlotPrefs, mustJSON([]scheduling.Window{{Start: earliest, End: earliest.Add(14 * 24 * time.Hour)}}))
		} else if len(notes) == 0 {
			notes = append(notes, txtVendorIntro.in(lang, v.leadDays()))
		}
		return v.askNext(ctx, rw, req, notes)
	})
}

// Request starts the conversation for a message that another intent was
// understood for (a policy or coverage question) when it actually asks to
// book a vendor's access; otherwise it skips.
func (v *Vendors) Request() bot.Handler {
	start := v.Start()
	return bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		if !LooksLikeBooking(req.Event.Text) {
			return bot.ErrSkip
		}
		return start.Handle(ctx, rw, req)
	})
}

// urgentNote refuses access right now with the rule and the earliest slot.
func (v *Vendors) urgentNote(ctx context.Context, req *bot.Request, text string) string {
	lang := req.Lang()
	dur := v.duration(req.Session)
	if dur == 0 {
		dur = 2 * time.Hour
	}
	busy := v.busy(ctx, req.Session.Get(vSlotSystem))
	earliest := "—"
	if w, ok := v.Policy.Earliest(v.now(), dur, busy); ok {
		earliest = scheduling.FormatWindow(w, lang, v.loc())
	}
	note := txtVendorUrgent.in(lang, v.leadDays(), earliest)
	if outageRE.MatchString(text) {
		note += " " + txtVendorUrgentOutage.in(lang)
	}
	return note
}

// Continue is the dialogue handler while a request is being collected.
func (v *Vendors) Continue() bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		text := strings.TrimSpace(req.Event.Text)
		s, lang := req.Session, req.Lang()
		if cancelVendorRE.MatchString(lower(text)) {
			s.End()
			return say(ctx, rw, txtVendorCancelled.in(lang))
		}
		switch s.Step {
		case vStepPick:
			if n := pickNumber(text); n > 0 {
				props := windows(s.Get(vSlotProps))
				if n <= len(props) {
					return v.hold(ctx, rw, req, []scheduling.Window{props[n-1]}, nil)
				}
				return say(ctx, rw, txtVendorPickUnclear.in(lang))
			}
		case vStepRecConfirm:
			switch {
			case yesRE.MatchString(lower(text)):
				var rec scheduling.Recurrence
				_ = json.Unmarshal([]byte(s.Get(vSlotRec)), &rec)
				return v.hold(ctx, rw, req, windows(s.Get(vSlotRecOcc)), &rec)
			case noRE.MatchString(lower(text)):
				delete(s.Slots, vSlotRec)
				delete(s.Slots, vSlotRecOcc)
				delete(s.Slots, vSlotRecSkip)
				return v.ask(ctx, rw, req, vStepWhen, nil, txtVendorAskWhen.in(lang))
			}
		case vStepMailWhich:
			addr := s.Get(vSlotMailQ)
			low := lower(text)
			switch {
			case strings.Contains(low, "herst") || strings.Contains(low, "vendor") || strings.Contains(low, "firma") || strings.Contains(low, "techn"):
				s.Set(vSlotVMail, addr)
				delete(s.Slots, vSlotMailQ)
				return v.askNext(ctx, rw, req, nil)
			case strings.Contains(low, "ich") || strings.Contains(low, "mein") || strings.Contains(low, "mine") || strings.Contains(low, "my") || strings.Contains(low, "unser") || strings.Contains(low, "our") || strings.Contains(low, "me"):
				s.Set(vSlotCMail, addr)
				delete(s.Slots, vSlotMailQ)
				return v.askNext(ctx, rw, req, nil)
			}
		}
		before := snapshot(s)
		notes := v.absorb(req, text, false)
		if len(notes) == 0 && snapshot(s) == before && s.Step != vStepPick && s.Step != vStepRecConfirm {
			// Nothing usable: a question on another topic goes to its own
			// handler and the dialogue waits.
			if u := req.Understanding; u.Intent != "" && u.Intent != "vendor_appointment" && u.Intent != "smalltalk" && u.Confidence >= 0.6 && len(strings.Fields(text)) >= 4 {
				return bot.ErrSkip
			}
		}
		if s.Step == vStepRecConfirm && snapshot(s) == before && len(notes) == 0 {
			return say(ctx, rw, txtVendorYesNo.in(lang))
		}
		if s.Step == vStepPick && snapshot(s) == before && len(notes) == 0 {
			return say(ctx, rw, txtVendorPickUnclear.in(lang))
		}
		return v.askNext(ctx, rw, req, notes)
	})
}

// snapshot is a cheap fingerprint of the dialogue's slots.
func snapshot(s *bot.Session) string {
	b, _ := json.Marshal(s.Slots)
	return string(b)
}

// absorb takes every field a message offers; a bare answer fills the
// field that was asked for.
func (v *Vendors) absorb(req *bot.Request, text string, first bool) []string {
	s, lang := req.Session, req.Lang()
	step := s.Step
	var notes []string
	if x := findVendor(text); x != "" && (s.Get(vSlotVendor) == "" || step == vStepVendor) {
		s.Set(vSlotVendor, x)
	} else if step == vStepVendor {
		if x, ok := bareValue(text, 5); ok {
			s.Set(vSlotVendor, x)
		}
	}
	if x := findSystem(text); x != "" && (s.Get(vSlotSystem) == "" || step == vStepSystem) {
		s.Set(vSlotSystem, x)
	} else if step == vStepSystem {
		if x, ok := bareValue(text, 4); ok {
			s.Set(vSlotSystem, x)
		}
	}
	if x := findPurpose(text); x != "" && (s.Get(vSlotPurpose) == "" || step == vStepPurpose) {
		s.Set(vSlotPurpose, x)
	} else if step == vStepPurpose {
		if x, ok := bareValue(text, 25); ok {
			s.Set(vSlotPurpose, x)
		}
	}
	d, derr := scheduling.ParseDuration(text)
	if derr == nil {
		switch {
		case d.Days > 1:
			notes = append(notes, txtVendorViolTooLong.in(lang, formatDuration(v.maxDuration(), lang)))
		case d.AllDay:
			s.Set(vSlotDur, strconv.Itoa(int(v.maxDuration().Minutes())))
		case d.D > 0:
			s.Set(vSlotDur, strconv.Itoa(int(d.D.Minutes())))
		}
	} else if step == vStepDuration {
		notes = append(notes, txtVendorDurationBad.in(lang))
	}
	if derr != nil {
		d = scheduling.Duration{}
	}
	need, none, reason := findAdmin(text)
	switch {
	case none:
		s.Set(vSlotAdmin, "no")
	case need:
		s.Set(vSlotAdmin, "yes")
		if reason != "" {
			s.Set(vSlotReason, reason)
		}
	case step == vStepAdmin && noRE.MatchString(lower(text)):
		s.Set(vSlotAdmin, "no")
	case step == vStepAdmin && yesRE.MatchString(lower(text)):
		s.Set(vSlotAdmin, "yes")
	case step == vStepAdmin:
		if r := becauseRE.FindStringSubmatch(text); r != nil && strings.HasPrefix(lower(text), "ja") {
			s.Set(vSlotAdmin, "yes")
			s.Set(vSlotReason, cleanValue(r[1], 300))
		}
	}
	if step == vStepReason && s.Get(vSlotReason) == "" {
		if x, ok := bareValue(text, 60); ok && len(strings.Fields(x)) >= 2 {
			s.Set(vSlotReason, x)
		}
	}
	notes = append(notes, v.absorbMail(req, text, step)...)
	if !first || s.Get(vSlotPrefs) == "" {
		notes = append(notes, v.absorbWhen(req, text, d, step)...)
	}
	return notes
}

func (v *Vendors) absorbMail(req *bot.Request, text, step string) []string {
	s, lang := req.Session, req.Lang()
	vm, cm, other := findEmails(text, s.Get(vSlotVendor))
	if vm != "" {
		s.Set(vSlotVMail, vm)
	}
	if cm != "" {
		s.Set(vSlotCMail, cm)
	}
	for _, addr := range other {
		switch {
		case step == vStepVendorMail && s.Get(vSlotVMail) == "":
			s.Set(vSlotVMail, addr)
		case step == vStepClientMail && s.Get(vSlotCMail) == "":
			s.Set(vSlotCMail, addr)
		case s.Get(vSlotVMail) == "" && s.Get(vSlotCMail) != "":
			s.Set(vSlotVMail, addr)
		case s.Get(vSlotCMail) == "" && s.Get(vSlotVMail) != "":
			s.Set(vSlotCMail, addr)
		case s.Get(vSlotMailQ) == "":
			s.Set(vSlotMailQ, addr)
		}
	}
	if (step == vStepVendorMail || step == vStepClientMail) && vm == "" && cm == "" && len(other) == 0 {
		if f := strings.Fields(text); len(f) == 1 && strings.Contains(f[0], "@") {
			return []string{txtVendorMailBad.in(lang, cleanValue(f[0], 80))}
		}
	}
	return nil
}

// absorbWhen reads a recurring window or preferred dates; d is the length
// the message names (zero if none). When the step asked for a time, a
// message that gives none is asked back.
func (v *Vendors) absorbWhen(req *bot.Request, text string, d scheduling.Duration, step string) []string {
	s, lang := req.Session, req.Lang()
	now := v.now()
	rec, err := scheduling.ParseRecurrence(text, v.loc(), now)
	switch {
	case err == nil:
		s.Set(vSlotRec, mustJSON(rec))
		s.Set(vSlotDur, strconv.Itoa(int(rec.Duration.Minutes())))
		delete(s.Slots, vSlotPrefs)
		return nil
	case errors.Is(err, scheduling.ErrTooFrequent):
		return []string{txtVendorRecurBad.in(lang, v.tooFrequentText(lang))}
	case errors.Is(err, scheduling.ErrNoRecurrenceTime):
		return []string{txtVendorAskWhen.in(lang)}
	}
	// A length ("ca. 2 Stunden") is not a time of day.
	if !d.FromRange && d.Phrase != "" {
		text = strings.Replace(text, d.Phrase, " ", 1)
	}
	w, err := v.Calendar.ParseWindow(text, now)
	if err != nil {
		if step == vStepWhen || (step == vStepPick && !errors.Is(err, scheduling.ErrNoWindow)) {
			return []string{txtVendorWhenUnclear.in(lang)}
		}
		return nil
	}
	delete(s.Slots, vSlotASAP)
	if w.ASAP {
		// "so bald wie möglich": the earliest compliant slots.
		w = scheduling.Window{Start: v.Policy.EarliestStart(now), End: v.Policy.EarliestStart(now).Add(14 * 24 * time.Hour)}
		s.Set(vSlotASAP, "1")
	}
	if d.FromRange && d.D > 0 {
		s.Set(vSlotDur, strconv.Itoa(int(d.D.Minutes())))
	}
	s.Set(vSlotPrefs, mustJSON([]scheduling.Window{w}))
	delete(s.Slots, vSlotRec)
	return nil
}

func (v *Vendors) tooFrequentText(lang string) string {
	if lang == "en" {
		return "vendor access is granted for single supervised windows, at most weekly."
	}
	return "Herstellerzugriffe werden als einzelne, begleitete Zeitfenster vergeben, höchstens wöchentlich."
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

func (v *Vendors) duration(s *bot.Session) time.Duration {
	n, _ := strconv.Atoi(s.Get(vSlotDur))
	return time.Duration(n) * time.Minute
}

func (v *Vendors) ask(ctx context.Context, rw bot.Responder, req *bot.Request, step string, notes []string, question string) error {
	req.Session.Step = step
	return say(ctx, rw, strings.TrimSpace(strings.Join(append(notes, question), "\n")))
}

// askNext asks for the first missing field, or proposes slots.
func (v *Vendors) askNext(ctx context.Context, rw bot.Responder, req *bot.Request, notes []string) error {
	s, lang := req.Session, req.Lang()
	dur := v.duration(s)
	switch {
	case s.Get(vSlotVendor) == "":
		return v.ask(ctx, rw, req, vStepVendor, notes, txtVendorAskVendor.in(lang))
	case s.Get(vSlotSystem) == "":
		return v.ask(ctx, rw, req, vStepSystem, notes, txtVendorAskSystem.in(lang))
	case s.Get(vSlotPurpose) == "":
		return v.ask(ctx, rw, req, vStepPurpose, notes, txtVendorAskPurpose.in(lang))
	case dur == 0:
		return v.ask(ctx, rw, req, vStepDuration, notes, txtVendorAskDuration.in(lang))
	case dur > v.maxDuration():
		delete(s.Slots, vSlotDur)
		notes = append(notes, txtVendorViolTooLong.in(lang, formatDuration(v.maxDuration(), lang)))
		return v.ask(ctx, rw, req, vStepDuration, notes, txtVendorAskDuration.in(lang))
	case dur < v.minDuration():
		delete(s.Slots, vSlotDur)
		notes = append(notes, txtVendorViolTooShort.in(lang, formatDuration(v.minDuration(), lang)))
		return v.ask(ctx, rw, req, vStepDuration, notes, txtVendorAskDuration.in(lang))
	case s.Get(vSlotAdmin) == "":
		return v.ask(ctx, rw, req, vStepAdmin, notes, txtVendorAskAdmin.in(lang))
	case s.Get(vSlotAdmin) == "yes" && s.Get(vSlotReason) == "":
		return v.ask(ctx, rw, req, vStepReason, notes, txtVendorAskReason.in(lang))
	case s.Get(vSlotMailQ) != "":
		return v.ask(ctx, rw, req, vStepMailWhich, notes, txtVendorMailWhich.in(lang, s.Get(vSlotMailQ)))
	case s.Get(vSlotVMail) == "":
		return v.ask(ctx, rw, req, vStepVendorMail, notes, txtVendorAskVendorMail.in(lang))
	case s.Get(vSlotCMail) == "":
		return v.ask(ctx, rw, req, vStepClientMail, notes, txtVendorAskClientMail.in(lang))
	case s.Get(vSlotRec) != "":
		return v.recurrence(ctx, rw, req, notes)
	case s.Get(vSlotPrefs) == "":
		return v.ask(ctx, rw, req, vStepWhen, notes, txtVendorAskWhen.in(lang))
	}
	return v.propose(ctx, rw, req, notes)
}

func (v *Vendors) busy(ctx context.Context, system string) []scheduling.Window {
	if system == "" {
		return nil
	}
	now := v.now()
	slots, err := v.Appointments.Busy(ctx, system, now, now.Add(v.horizon()+31*24*time.Hour))
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

// propose checks the client's preference and offers up to three slots.
func (v *Vendors) propose(ctx context.Context, rw bot.Responder, req *bot.Request, notes []string) error {
	s, lang := req.Session, req.Lang()
	now, dur := v.now(), v.duration(s)
	prefs := windows(s.Get(vSlotPrefs))
	busy := v.busy(ctx, s.Get(vSlotSystem))
	props := v.Policy.Propose(now, dur, prefs, busy, scheduling.DefaultProposals)
	// When the wish itself cannot be had, say why, with the SOP's reasons.
	if len(prefs) == 1 && !inside(props, prefs[0]) {
		exact := scheduling.Window{Start: prefs[0].Start, End: prefs[0].Start.Add(dur)}
		notes = append(notes, v.explain(v.Policy.Check(now, exact, busy), exact, lang)...)
	}
	if len(props) == 0 {
		delete(s.Slots, vSlotPrefs)
		return v.ask(ctx, rw, req, vStepWhen, notes, txtVendorNoProposals.in(lang))
	}
	s.Set(vSlotProps, mustJSON(props))
	delete(s.Slots, vSlotPrefs)
	var list []string
	for i, p := range props {
		list = append(list, fmt.Sprintf("%d) %s", i+1, v.formatSlot(p, lang)))
	}
	s.Step = vStepPick
	return say(ctx, rw, strings.TrimSpace(strings.Join(append(notes, txtVendorProposals.in(lang, strings.Join(list, "\n"))), "\n")))
}

// inside reports whether the first proposal lies in want.
func inside(props []scheduling.Window, want scheduling.Window) bool {
	return len(props) > 0 && !props[0].Start.Before(want.Start) && !props[0].End.After(want.End)
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
			out = append(out, txtVendorViolPast.in(lang, what))
		case scheduling.ViolLeadTime:
			out = append(out, txtVendorViolLead.in(lang, what, v.leadDays(), v.formatDay(x.Earliest, lang)))
		case scheduling.ViolClosedDay:
			out = append(out, txtVendorViolClosed.in(lang, what, v.hoursText(lang)))
		case scheduling.ViolHoliday:
			out = append(out, txtVendorViolHoliday.in(lang, what, x.Holiday))
		case scheduling.ViolOutsideHours:
			out = append(out, txtVendorViolHours.in(lang, what, v.hoursText(lang)))
		case scheduling.ViolOverlap:
			out = append(out, txtVendorViolOverlap.in(lang, what))
		case scheduling.ViolTooLong:
			out = append(out, txtVendorViolTooLong.in(lang, formatDuration(x.Limit, lang)))
		case scheduling.ViolTooShort:
			out = append(out, txtVendorViolTooShort.in(lang, formatDuration(x.Limit, lang)))
		case scheduling.ViolInvalid:
			out = append(out, txtVendorViolInvalid.in(lang, what))
		}
	}
	return out
}

func (v *Vendors) formatDay(t time.Time, lang string) string {
	t = t.In(v.loc())
	if lang == "en" {
		return t.Format("Monday 2 Jan 2006, 15:04")
	}
	return germanWeekdayName(t.Weekday()) + ", " + t.Format("02.01.2006, 15:04") + " Uhr"
}

func germanWeekdayName(d time.Weekday) string {
	return [...]string{"Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"}[d]
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
	de := [...]string{"So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"}
	en := [...]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
	name := func(d time.Weekday) string {
		if lang == "en" {
			return en[d]
		}
		return de[d]
	}
	span := name(days[0])
	if len(days) > 1 {
		span += "–" + name(days[len(days)-1])
	}
	clock := func(d time.Duration) string { return fmt.Sprintf("%02d:%02d", int(d.Hours()), int(d.Minutes())%60) }
	if lang == "en" {
		return span + " " + clock(open) + "–" + clock(cls) + ", not on public holidays"
	}
	return span + " " + clock(open) + "–" + clock(cls) + " Uhr, nicht an Feiertagen"
}

func formatDuration(d time.Duration, lang string) string {
	h, m := int(d.Hours()), int(d.Minutes())%60
	switch {
	case m == 0 && lang == "en":
		if h == 1 {
			return "1 hour"
		}
		return fmt.Sprintf("%d hours", h)
	case m == 0:
		if h == 1 {
			return "1 Stunde"
		}
		return fmt.Sprintf("%d Stunden", h)
	case h == 0 && lang == "en":
		return fmt.Sprintf("%d minutes", m)
	case h == 0:
		return fmt.Sprintf("%d Minuten", m)
	case lang == "en":
		return fmt.Sprintf("%d h %d min", h, m)
	}
	return fmt.Sprintf("%d Std. %d Min.", h, m)
}

// recurrence checks every occurrence of a recurring window within the
// horizon and asks the client to confirm the series.
func (v *Vendors) recurrence(ctx context.Context, rw bot.Responder, req *bot.Request, notes []string) error {
	s, lang := req.Session, req.Lang()
	var rec scheduling.Recurrence
	if err := json.Unmarshal([]byte(s.Get(vSlotRec)), &rec); err != nil {
		delete(s.Slots, vSlotRec)
		return v.ask(ctx, rw, req, vStepWhen, notes, txtVendorAskWhen.in(lang))
	}
	now := v.now()
	earliest := v.Policy.EarliestStart(now)
	if from, err := rec.From(earliest); err == nil {
		rec = from
	}
	occ, err := rec.Occurrences(now, now.Add(v.horizon()))
	if err != nil {
		delete(s.Slots, vSlotRec)
		return v.ask(ctx, rw, req, vStepWhen, notes, txtVendorWhenUnclear.in(lang))
	}
	problems, err := v.Policy.CheckRecurrence(now, rec, v.busy(ctx, s.Get(vSlotSystem)), v.horizon())
	if err != nil {
		return fmt.Errorf("recurrence: %w", err)
	}
	broken := map[int64]bool{}
	var skipped []scheduling.Window
	for _, p := range problems {
		for _, x := range p.Violations {
			switch x.Code {
			case scheduling.ViolOutsideHours, scheduling.ViolTooLong, scheduling.ViolTooShort, scheduling.ViolInvalid, scheduling.ViolClosedDay:
				// Every occurrence breaks a rule of the time itself.
				delete(s.Slots, vSlotRec)
				notes = append(notes, txtVendorRecurBad.in(lang, strings.Join(v.explain(p.Violations, p.Window, lang), " ")))
				return v.ask(ctx, rw, req, vStepWhen, notes, txtVendorAskWhen.in(lang))
			}
		}
		// Holidays, other vendor windows, the lead time: left out.
		broken[p.Window.Start.UnixMilli()] = true
		skipped = append(skipped, p.Window)
	}
	var keep []scheduling.Window
	for _, w := range occ {
		if !broken[w.Start.UnixMilli()] {
			keep = append(keep, w)
		}
	}
	if len(keep) == 0 {
		delete(s.Slots, vSlotRec)
		return v.ask(ctx, rw, req, vStepWhen, append(notes, txtVendorRecurNone.in(lang)), txtVendorAskWhen.in(lang))
	}
	// The series as booked: from its first kept occurrence to its last one
	// within the horizon, without the left-out ones.
	if rec, err = rec.From(keep[0].Start); err != nil {
		return fmt.Errorf("recurrence: %w", err)
	}
	last := keep[len(keep)-1]
	if rec.Until.IsZero() || rec.Until.After(last.Start) {
		rec = rec.EndingAt(last.Start)
	}
	skipList := make([]string, 0, len(skipped))
	var skipTimes []scheduling.Window
	for _, w := range skipped {
		if w.Start.Before(keep[0].Start) || w.Start.After(last.Start) {
			continue
		}
		skipTimes = append(skipTimes, w)
		skipList = append(skipList, v.formatSlot(w, lang))
	}
	skipText := ""
	if len(skipList) > 0 {
		skipText = txtVendorRecurSkipped.in(lang, strings.Join(skipList, "; "))
	}
	s.Set(vSlotRec, mustJSON(rec))
	s.Set(vSlotRecOcc, mustJSON(keep))
	s.Set(vSlotRecSkip, mustJSON(skipTimes))
	text := txtVendorRecurSummary.in(lang, rec.Describe(lang), len(keep), v.formatSlot(keep[0], lang), skipText)
	return v.ask(ctx, rw, req, vStepRecConfirm, notes, text)
}

func windows(s string) []scheduling.Window {
	var ws []scheduling.Window
	_ = json.Unmarshal([]byte(s), &ws)
	return ws
}

// hold holds the picked slots and asks staff to approve.
func (v *Vendors) hold(ctx context.Context, rw bot.Responder, req *bot.Request, picked []scheduling.Window, rec *scheduling.Recurrence) error {
	s, lang := req.Session, req.Lang()
	ev := req.Event
	r := scheduling.AppointmentRequest{Vendor: s.Get(vSlotVendor), System: s.Get(vSlotSystem), Purpose: s.Get(vSlotPurpose),
		Admin: s.Get(vSlotAdmin) == "yes", AdminReason: s.Get(vSlotReason), VendorEmail: s.Get(vSlotVMail),
		ClientEmail: s.Get(vSlotCMail), Lang: lang, TZID: v.loc().String()}
	now := v.now()
	if rec == nil {
		// Re-check the pick now: time has passed since the proposal. (A
		// series was checked occurrence by occurrence when it was shown.)
		w := picked[0]
		if vs := v.Policy.Check(now, w, v.busy(ctx, r.System)); len(vs) > 0 {
			delete(s.Slots, vSlotProps)
			s.Set(vSlotPrefs, mustJSON([]scheduling.Window{{Start: w.Start, End: w.End.Add(7 * 24 * time.Hour)}}))
			return v.propose(ctx, rw, req, v.explain(vs, w, lang))
		}
	}
	for _, w := range picked {
		r.Slots = append(r.Slots, scheduling.Slot{Start: w.Start.UTC(), End: w.End.UTC()})
	}
	if rec != nil {
		r.RRule = rec.RRule
		for _, w := range windows(s.Get(vSlotRecSkip)) {
			r.Skipped = append(r.Skipped, w.Start.UTC())
		}
	}
	who := scheduling.Requester{Org: ev.Org, Platform: ev.Ref.Platform, User: ev.Ref.User, Name: ev.UserName,
		Workspace: ev.Ref.Workspace, Channel: ev.Ref.Channel, Thread: ev.Ref.Thread, Staff: ev.Staff}
	a, err := v.Appointments.Hold(ctx, who, r, now)
	if errors.Is(err, scheduling.ErrSlotTaken) {
		if rec != nil {
			return v.recurrence(ctx, rw, req, []string{txtVendorSlotGone.in(lang)})
		}
		first := picked[0]
		s.Set(vSlotPrefs, mustJSON([]scheduling.Window{{Start: first.Start, End: first.End.Add(7 * 24 * time.Hour)}}))
		return v.propose(ctx, rw, req, []string{txtVendorSlotGone.in(lang)})
	}
	if err != nil {
		return fmt.Errorf("hold vendor appointment: %w", err)
	}
	s.End()
	v.postToStaff(ctx, rw, a)
	return say(ctx, rw, txtVendorHeld.in(lang, v.whenText(a, lang), a.Request.Vendor, a.Request.System, a.ID))
}

func mustJSON(x any) string {
	b, _ := json.Marshal(x)
	return string(b)
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
	n := len(a.ActiveSlots())
	if lang == "en" {
		return fmt.Sprintf("%d recurring windows from %s", n, v.formatSlot(w, lang))
	}
	return fmt.Sprintf("%d regelmäßige Termine ab %s", n, v.formatSlot(w, lang))
}

// postToStaff asks every staff room to decide; rooms that cannot be
// reached are logged (the appointment stands and is listed).
func (v *Vendors) postToStaff(ctx context.Context, rw bot.Responder, a scheduling.Appointment) {
	lang := v.staffLang()
	r := a.Request
	admin := txtVendorAdminNo.in(lang)
	buttons := []bot.Button{{Action: "vendor:approve", Value: a.ID, Label: txtBtnApprove.in(lang), Style: "primary"}}
	if r.Admin {
		admin = txtVendorAdminYes.in(lang, r.AdminReason)
		buttons = append(buttons, bot.Button{Action: "vendor:approve-noadmin", Value: a.ID, Label: txtBtnApproveNoAdmin.in(lang)})
	}
	buttons = append(buttons, bot.Button{Action: "vendor:reject", Value: a.ID, Label: txtBtnReject.in(lang), Style: "danger"})
	q := a.Requester
	text := txtVendorStaffNew.in(lang, a.ID, r.Vendor, r.System, r.Purpose, v.whenText(a, lang), admin, r.AccountName(),
		r.VendorEmail, r.ClientEmail, q.Org, q.Platform+":"+q.User)
	for _, room := range v.StaffRooms {
		sent, err := rw.Post(ctx, room, bot.Reply{Text: text, Buttons: buttons})
		if err != nil {
			v.log().Warn("staff room not reachable for a vendor appointment", "component", "vendors", "appointment", a.ID, "platform", room.Platform, "err", err)
			continue
		}
		if err := v.Appointments.Link(ctx, MessageKey(sent.Ref), a.ID); err != nil {
			v.log().Warn("cannot link staff message", "component", "vendors", "appointment", a.ID, "err", err)
		}
	}
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
	by := scheduling.Decider{Platform: ev.Ref.Platform, User: ev.Ref.User, Staff: ev.Staff}
	if !by.Staff {
		v.log().Warn("staff action refused: not staff", "component", "vendors", "platform", ev.Ref.Platform,
			"user", ev.Ref.User, "action", step, "appointment", id, "via", string(ev.Kind))
		if ev.Kind == bot.KindButton {
			return say(ctx, rw, txtVendorStaffOnly.in(req.Lang()))
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
	switch {
	case errors.Is(err, scheduling.ErrAlreadyDecided):
		return say(ctx, rw, txtVendorAlready.in(lang, id, v.stateText(a, lang)))
	case errors.Is(err, scheduling.ErrSlotTaken):
		return say(ctx, rw, txtVendorGoneStaff.in(lang, id))
	case errors.Is(err, scheduling.ErrAppointmentNotFound):
		return say(ctx, rw, txtVendorNotFound.in(lang, id))
	case err != nil:
		return err
	}
	if a.State == scheduling.StateRejected {
		if err := say(ctx, rw, txtVendorRejectedBy.in(lang, a.ID, by.ID())); err != nil {
			return err
		}
		_, _ = v.confirm(ctx, rw, a, ConfirmRejected)
		v.tellClient(ctx, rw, a, txtVendorClientNo.in(a.Request.Lang, a.ID, a.Request.Vendor, v.whenText(a, a.Request.Lang)))
		return nil
	}
	adm := ""
	if a.Request.Admin {
		adm = txtVendorNoAdmin.in(lang)
		if a.AdminGranted {
			adm = txtVendorWithAdmin.in(lang)
		}
	}
	if err := say(ctx, rw, txtVendorApprovedBy.in(lang, a.ID, by.ID(), adm)); err != nil {
		return err
	}
	if v.Access != nil {
		if err := v.Access.Plan(ctx, a); err != nil {
			// The approval stands; the account steps are the alarm's business.
			v.log().Error("planning vendor account steps failed", "component", "vendors", "appointment", a.ID, "err", err)
			_ = say(ctx, rw, txtStaffEnableFail.in(lang, a.Request.AccountName(), a.ID, err.Error()))
		}
	}
	sent, mailErr := v.confirm(ctx, rw, a, ConfirmApproved)
	cl := a.Request.Lang
	mailNote := txtVendorClientMail.in(cl, strings.Join(sent, ", "))
	if mailErr != nil || len(sent) == 0 {
		mailNote = txtVendorClientNoMl.in(cl)
	}
	v.tellClient(ctx, rw, a, txtVendorClientOK.in(cl, a.ID, a.Request.Vendor, v.whenText(a, cl), a.Request.System, mailNote))
	return nil
}

// confirm sends the e-mail and records it in the audit history.
func (v *Vendors) confirm(ctx context.Context, rw bot.Responder, a scheduling.Appointment, kind ConfirmKind) ([]string, error) {
	if v.Confirm == nil {
		return nil, nil
	}
	sent, err := v.Confirm.Confirm(ctx, a, kind)
	now := v.now()
	if err != nil {
		v.log().Warn("vendor appointment e-mail not sent", "component", "vendors", "appointment", a.ID, "kind", string(kind), "err", err)
		_ = v.Appointments.Record(ctx, a.ID, scheduling.ActMailFailed, "bot", string(kind)+": "+err.Error(), now)
		v.tellStaff(ctx, rw, txtVendorStaffMailFail.in(v.staffLang(), a.ID, err.Error()))
		return sent, err
	}
	_ = v.Appointments.Record(ctx, a.ID, scheduling.ActMailed, "bot", string(kind)+": "+strings.Join(sent, ", "), now)
	return sent, nil
}

// tellClient tells the requester in their conversation; a client that
// cannot be reached is logged (the decision stands and the e-mail went out).
func (v *Vendors) tellClient(ctx context.Context, rw bot.Responder, a scheduling.Appointment, text string) {
	q := a.Requester
	to := bot.Ref{Platform: q.Platform, Workspace: q.Workspace, Channel: q.Channel, Thread: q.Thread}
	if _, err := rw.Post(ctx, to, bot.Reply{Text: text}); err != nil {
		v.log().Warn("client not reachable for a vendor decision", "component", "vendors", "appointment", a.ID, "err", err)
	}
}

func (v *Vendors) stateText(a scheduling.Appointment, lang string) string {
	switch a.State {
	case scheduling.StatePending:
		return txtVendorStatePending.in(lang)
	case scheduling.StateApproved:
		return txtVendorStateApproved.in(lang)
	case scheduling.StateRejected:
		return txtVendorStateRejected.in(lang)
	case scheduling.StateCancelled:
		return txtVendorStateCancelled.in(lang)
	}
	return string(a.State)
}

func (v *Vendors) requester(req *bot.Request) scheduling.Requester {
	ev := req.Event
	return scheduling.Requester{Org: ev.Org, Platform: ev.Ref.Platform, User: ev.Ref.User, Staff: ev.Staff}
}

// list answers with the asking user's own appointments.
func (v *Vendors) list(ctx context.Context, rw bot.Responder, req *bot.Request) error {
	lang := req.Lang()
	as, err := v.Appointments.ForClient(ctx, v.requester(req))
	if err != nil {
		return err
	}
	if len(as) == 0 {
		return say(ctx, rw, txtVendorListNone.in(lang))
	}
	var lines []string
	for i, a := range as {
		if i == 10 {
			break
		}
		lines = append(lines, txtVendorListLine.in(lang, a.ID, a.Request.Vendor, v.whenText(a, lang), a.Request.System, v.stateText(a, lang)))
	}
	return say(ctx, rw, txtVendorList.in(lang, strings.Join(lines, "\n")))
}

// cancelAsked cancels an appointment, or one occurrence of a series when a
// date is named ("Termin VA-26-0007 am 5.1. absagen").
func (v *Vendors) cancelAsked(ctx context.Context, rw bot.Responder, req *bot.Request) error {
	lang := req.Lang()
	m := apptIDRE.FindString(req.Event.Text)
	if m == "" {
		return say(ctx, rw, txtVendorWhichCancel.in(lang))
	}
	id := strings.ToUpper(m)
	who := v.requester(req)
	a, err := v.Appointments.Get(ctx, id, who)
	if errors.Is(err, scheduling.ErrAppointmentNotFound) {
		// Another client's appointment is answered like one that does not exist.
		v.log().Warn("appointment refused: unknown or another client's", "component", "vendors", "platform", req.Event.Ref.Platform,
			"user", req.Event.Ref.User, "action", "cancel", "appointment", id)
		return say(ctx, rw, txtVendorNotFound.in(lang, id))
	}
	if err != nil {
		return err
	}
	now := v.now()
	if a.Recurring() {
		if w, err := v.Calendar.ParseWindow(apptIDRE.ReplaceAllString(req.Event.Text, ""), now); err == nil {
			for _, sl := range a.ActiveSlots() {
				if sameLocalDay(sl.Start, w.Start, v.loc()) {
					return v.cancelOccurrence(ctx, rw, req, a, sl, who, now)
				}
			}
			// A day was named but the series has no window left on it: never
			// read that as cancelling the whole series.
			return say(ctx, rw, txtVendorOccGone.in(lang, id))
		}
	}
	wasApproved := a.State == scheduling.StateApproved
	c, err := v.Appointments.Cancel(ctx, id, who, now)
	if err != nil {
		return v.cancelError(ctx, rw, c, id, err, lang)
	}
	note := ""
	if wasApproved {
		if v.Access != nil {
			if err := v.Access.Unplan(ctx, c, now); err != nil {
				v.log().Error("unplanning cancelled appointment failed", "component", "vendors", "appointment", id, "err", err)
			}
		}
		if sent, err := v.confirm(ctx, rw, c, ConfirmCancelled); err == nil && len(sent) > 0 {
			note = txtVendorMailCancel.in(lang)
		}
	}
	v.tellStaff(ctx, rw, txtVendorCancelDone.in(v.staffLang(), id, ""))
	return say(ctx, rw, txtVendorCancelDone.in(lang, id, note))
}

// cancelOccurrence cancels one slot of a series; for an approved series its
// account steps are cancelled (the others stay planned) and client and
// vendor get the updated invitation.
func (v *Vendors) cancelOccurrence(ctx context.Context, rw bot.Responder, req *bot.Request, a scheduling.Appointment, sl scheduling.Slot, who scheduling.Requester, now time.Time) error {
	lang := req.Lang()
	c, err := v.Appointments.CancelOccurrence(ctx, a.ID, sl.Start, who, now)
	if err != nil {
		return v.cancelError(ctx, rw, c, a.ID, err, lang)
	}
	note := ""
	if c.State == scheduling.StateApproved {
		if v.Access != nil {
			if err := v.Access.Unplan(ctx, c, now); err != nil {
				v.log().Error("unplanning cancelled occurrence failed", "component", "vendors", "appointment", a.ID, "err", err)
			}
		}
		if sent, err := v.confirm(ctx, rw, c, ConfirmUpdated); err == nil && len(sent) > 0 {
			note = txtVendorMailCancel.in(lang)
		}
	}
	w := scheduling.Window{Start: sl.Start, End: sl.End}
	v.tellStaff(ctx, rw, txtVendorOccCancel.in(v.staffLang(), v.formatSlot(w, v.staffLang()), a.ID, ""))
	return say(ctx, rw, txtVendorOccCancel.in(lang, v.formatSlot(w, lang), a.ID, note))
}

// cancelError answers a cancellation that could not be made; a is the
// appointment as it stands.
func (v *Vendors) cancelError(ctx context.Context, rw bot.Responder, a scheduling.Appointment, id string, err error, lang string) error {
	switch {
	case errors.Is(err, scheduling.ErrAppointmentNotFound):
		return say(ctx, rw, txtVendorNotFound.in(lang, id))
	case errors.Is(err, scheduling.ErrAlreadyDecided):
		return say(ctx, rw, txtVendorAlready.in(lang, id, v.stateText(a, lang)))
	case errors.Is(err, scheduling.ErrInvalidRequest):
		return say(ctx, rw, txtVendorOccGone.in(lang, id))
	}
	return err
}

func (v *Vendors) tellStaff(ctx context.Context, rw bot.Responder, text string) {
	for _, room := range v.StaffRooms {
		if _, err := rw.Post(ctx, room, bot.Reply{Text: text}); err != nil {
			v.log().Warn("staff room not reachable", "component", "vendors", "platform", room.Platform, "err", err)
		}
	}
}

func sameLocalDay(a, b time.Time, loc *time.Location) bool {
	ay, am, ad := a.In(loc).Date()
	by, bm, bd := b.In(loc).Date()
	return ay == by && am == bm && ad == bd
}
