package scheduling

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Errors returned by ParseWindow, wrapped with the operation.
var (
	// ErrNoWindow means no time window was recognised (or it was too
	// vague, like "nächste Woche"); the caller should ask back.
	ErrNoWindow = errors.New("no time window recognised")
	// ErrPast means the window the client named is already over.
	ErrPast = errors.New("time window is in the past")
	// ErrEndBeforeStart means a range ends before (or when) it starts,
	// like "zwischen 16 und 14 Uhr".
	ErrEndBeforeStart = errors.New("time window ends before it starts")
	// ErrNoSuchDate means the client named a date the calendar does not
	// have ("31.11.", "30. Februar"); the error is a *DateError, which
	// also matches ErrNoWindow.
	ErrNoSuchDate = errors.New("no such date")
)

// DateError is a date that does not exist, as day and month (and year
// when one was said).
// DayConflictError is a weekday and a date that do not agree ("Thursday
// (11.12.)", when the 11th is a Friday): neither is taken.
type DayConflictError struct {
	// Named is the weekday written; Date the date written, a Date.Weekday()
	// other than Named.
	Named time.Weekday
	Date  time.Time
}

// Error names both.
func (e *DayConflictError) Error() string {
	return fmt.Sprintf("weekday %s and date %s disagree", e.Named, e.Date.Format("2006-01-02"))
}

type DateError struct {
	Day, Month, Year int
}

// Error names the date.
func (e *DateError) Error() string { return "no such date: " + e.String() }

// String is the date as written in German and English chats ("31.11.",
// "29.02.2027").
func (e *DateError) String() string {
	if e.Year > 0 {
		return fmt.Sprintf("%d.%02d.%d", e.Day, e.Month, e.Year)
	}
	return fmt.Sprintf("%d.%02d.", e.Day, e.Month)
}

// Unwrap makes the error match ErrNoSuchDate and, as before it was
// told apart, ErrNoWindow.
func (e *DateError) Unwrap() []error { return []error{ErrNoSuchDate, ErrNoWindow} }

const (
	// ASAPDuration is the length of the window offered for "sofort",
	// "asap" and "jederzeit".
	ASAPDuration = 2 * time.Hour
	// PointDuration is the length of the window for a time without an end:
	// "um 14 Uhr" is 14:00–15:00, "in 2 Stunden" is now+2h to now+3h.
	PointDuration = time.Hour
)

// Window is a callback time window. Start and End are instants in the
// calendar's location; End is exclusive. ASAP marks a wish for the
// earliest possible time ("sofort", "asap", "jederzeit" without a day).
// Phrase is the part of the message that was recognised, as written.
type Window struct {
	Start, End time.Time
	ASAP       bool
	Phrase     string
	// NoDay and NoClock say what the phrase left out: "um 15 Uhr" names
	// no day (today or tomorrow was assumed), "am 11.12." no time of day
	// (business hours were assumed), so a dialogue can keep the day or
	// the time the client named before ("am selben Tag", "gleiche
	// Uhrzeit").
	NoDay   bool `json:",omitempty"`
	NoClock bool `json:",omitempty"`
	// Weak marks a window read from "jetzt" or "now" alone, which often
	// is no wish for a time at all.
	Weak bool `json:",omitempty"`
	// Said is the start as said when Start was moved up to now ("13 bis
	// 15 Uhr" said at 13:06 starts at 13:06 today), zero otherwise: a
	// dialogue that puts the hours on another day ("lieber 13 bis 15
	// Uhr" for the Tuesday named before) takes them from here.
	Said time.Time `json:",omitzero"`
}

// ParseWindow reads a callback time window from a client's message in
// German or English, relative to now (the injected clock). Words around
// the phrase are ignored, case does not matter and umlauts may be written
// as ae/oe/ue or left out. The result is in the calendar's location.
//
// Rules:
//   - Parts of the day: Vormittag/morgens/früh/morning 08–12, Mittag/noon
//     12–14, Nachmittag/afternoon 13–17, Abend/evening 17–19. A day alone
//     ("Freitag", "morgen", "den ganzen Tag", "any time on Friday") means
//     the calendar's business hours of that day.
//   - A single time is a one-hour window ("um 14 Uhr" = 14–15); "ab 14
//     Uhr" runs to closing time (at least one hour); "bis 12 Uhr" starts
//     at opening time (at least one hour before).
//   - An hour 1–6 written without am/pm or a leading zero is afternoon
//     ("zwischen 2 und 4" = 14–16), unless the morning is named; with
//     Nachmittag/Abend any hour below 12 is afternoon. "01:00" stays 01:00.
//   - A weekday name is the next such day strictly after today, unless it
//     is today and the window is still ahead: said on a Monday at 10:00,
//     "Montag ab 14 Uhr" is today 14:00, and "Montag" alone is today while
//     business hours remain, otherwise next Monday. "nächsten Montag" /
//     "next Monday" is always strictly after today (on a Monday: in 7
//     days, on a Saturday: in 2 days); "übernächsten" adds a week;
//     "Dienstag nächste Woche" is the Tuesday of next calendar week;
//     "Dienstag in zwei Wochen" / "in zwei Wochen am Dienstag" the
//     Tuesday of the calendar week two weeks after this one. "in zwei
//     Wochen" alone is the day 14 days from today.
//   - Without a day, a time or part of the day is today if still ahead,
//     else tomorrow ("um 14 Uhr" at 15:00 = tomorrow 14:00). "Still
//     ahead" means: a single time not yet reached, a range not yet over.
//   - A date without a year is its next occurrence, today included.
//   - A window that has begun is clipped to start now (to the minute).
//   - "in 2 Stunden", "in an hour": a one-hour window starting then.
//   - "sofort", "asap", "jederzeit", "egal wann" without a day or time:
//     an ASAP window from now, ASAPDuration long (CheckWindow moves it into
//     business hours). With a day they mean that whole day.
//
// Errors (wrapped): ErrNoWindow if nothing usable was found, ErrPast if
// the named window is over (the window is returned as well, so the
// caller can say which), ErrEndBeforeStart for a reversed range.
func (c *Calendar) ParseWindow(text string, now time.Time) (Window, error) {
	s, toks := parseSpec(text)
	return c.windowOf(s, s.phrase(text, toks), now.In(c.loc))
}

// windowOf is the window of a parsed spec, relative to now (in the
// calendar's location).
func (c *Calendar) windowOf(s spec, phrase string, now time.Time) (Window, error) {
	nowMin := now.Truncate(time.Minute)
	if s.hasRel {
		start := nowMin.Add(s.rel)
		return Window{Start: start, End: start.Add(PointDuration), Phrase: phrase}, nil
	}
	hasDay := s.day != dayNone
	hasClock := s.clk != clkNone || s.part != partNone
	if !hasDay && !hasClock {
		if s.asap || s.anytime || s.weakASAP {
			return Window{Start: nowMin, End: nowMin.Add(ASAPDuration), ASAP: true, Phrase: phrase, Weak: !s.asap && !s.anytime}, nil
		}
		return Window{}, fmt.Errorf("scheduling: parse window: %w", ErrNoWindow)
	}
	if s.day == dayNextWeek {
		return Window{Phrase: phrase}, fmt.Errorf("scheduling: parse window: week without a day: %w", ErrNoWindow)
	}

	lo, hi, point, err := c.clockRange(&s)
	if errors.Is(err, ErrEndBeforeStart) && hasDay {
		// "am Mittwoch zwischen 16 und 14 Uhr": the day is known, the
		// hours are not; the window is the day's business hours, NoClock,
		// so that a dialogue can keep the day for the hours asked again
		day := s
		day.clk, day.part = clkNone, partNone
		if w, derr := c.windowOf(day, phrase, now); derr == nil {
			w.NoClock = true
			return w, fmt.Errorf("scheduling: parse window: %w", err)
		}
	}
	if err != nil {
		return Window{Phrase: phrase}, fmt.Errorf("scheduling: parse window: %w", err)
	}
	today := dayOf(now)
	ahead := func(day time.Time) bool {
		if point {
			return !c.at(day, lo).Before(nowMin)
		}
		return c.at(day, hi).After(now)
	}

	var day time.Time
	switch s.day {
	case dayNone:
		day = today
		if !ahead(day) {
			day = addDays(today, 1)
		}
	case dayRel:
		day = addDays(today, s.relDays)
	case dayWeekday:
		if s.inWeeks > 0 && !s.nextWeek && s.weeksAhead == 0 {
			// "Dienstag in zwei Wochen": the Tuesday of the calendar week
			// two weeks after this one, like "Dienstag übernächste Woche"
			monday := addDays(today, -((int(today.Weekday()) + 6) % 7))
			day = addDays(monday, 7*s.inWeeks+(int(s.wd)+6)%7)
			break
		}
		if s.nextWeek {
			monday := addDays(today, 7-(int(today.Weekday())+6)%7)
			day = addDays(monday, (int(s.wd)+6)%7+7*s.weeksAhead)
			break
		}
		delta := (int(s.wd) - int(today.Weekday()) + 7) % 7
		if delta == 0 && (s.wdNext || !ahead(today)) {
			delta = 7
		}
		day = addDays(today, delta+7*s.weeksAhead)
	case dayDate:
		var ok bool
		if day, ok = c.nextDate(today, s.yy, time.Month(s.mm), s.dd); !ok {
			return Window{Phrase: phrase}, fmt.Errorf("scheduling: parse window: %w", &DateError{Day: s.dd, Month: s.mm, Year: s.yy})
		}
	case dayOfMonth:
		if s.dd > daysIn(today.Year(), today.Month()) && s.dd <= 31 {
			// "am 31." in November: the client counts on a day this month
			// does not have, so it is said back rather than moved to the
			// next month that has one
			return Window{Phrase: phrase}, fmt.Errorf("scheduling: parse window: %w", &DateError{Day: s.dd, Month: int(today.Month())})
		}
		var ok bool
		if day, ok = c.nextDayOfMonth(today, s.dd); !ok {
			return Window{Phrase: phrase}, fmt.Errorf("scheduling: parse window: no such date: %w", ErrNoWindow)
		}
	}

	w := Window{Start: c.at(day, lo), End: c.at(day, hi), Phrase: phrase, NoDay: s.day == dayNone, NoClock: !hasClock}
	if !w.End.After(now) || (point && w.Start.Before(nowMin)) {
		return w, fmt.Errorf("scheduling: parse window: %w", ErrPast)
	}
	if w.Start.Before(nowMin) {
		w.Said, w.Start = w.Start, nowMin
	}
	return w, nil
}

// clockRange turns the time of day of a spec into wall-clock bounds on
// one day; point reports a single time ("um 14 Uhr").
func (c *Calendar) clockRange(s *spec) (lo, hi time.Duration, point bool, err error) {
	const day = 24 * time.Hour
	ps, pe := partRange(s.part)
	hasPart := s.part != partNone
	switch s.clk {
	case clkPoint:
		t := resolveClock(s.t1, s.part)
		if t >= day {
			return 0, 0, false, ErrNoWindow
		}
		return t, min(t+PointDuration, day), true, nil
	case clkRange:
		a, b := resolveClock(s.t1, s.part), resolveClock(s.t2, s.part)
		if b <= a && s.t2.amb && b < 12*time.Hour && b+12*time.Hour-a <= 9*time.Hour {
			b += 12 * time.Hour // "11-1" = 11:00–13:00
		}
		if a >= day {
			return 0, 0, false, ErrNoWindow
		}
		if b <= a {
			return a, b, false, ErrEndBeforeStart
		}
		return a, b, false, nil
	case clkFrom:
		t := resolveClock(s.t1, s.part)
		if t >= day {
			return 0, 0, false, ErrNoWindow
		}
		end := c.close
		if hasPart && pe > t {
			end = pe
		}
		if end < t+PointDuration {
			end = min(t+PointDuration, day)
		}
		return t, end, false, nil
	case clkUntil:
		t := resolveClock(s.t1, s.part)
		if t <= 0 {
			return 0, 0, false, ErrNoWindow
		}
		start := c.open
		if hasPart && ps < t {
			start = ps
		}
		if start > t-PointDuration {
			start = max(t-PointDuration, 0)
		}
		return start, t, false, nil
	}
	if hasPart {
		return ps, pe, false, nil
	}
	return c.open, c.close, false, nil
}

// resolveClock applies the afternoon rule (see ParseWindow) to a time as
// written and returns it as a wall-clock duration since midnight.
func resolveClock(c clock, part dayPart) time.Duration {
	h := c.h
	if c.amb && h >= 1 && h < 12 {
		switch part {
		case partAfternoon, partEvening:
			h += 12
		case partMorning, partFirst:
		default:
			if h <= 6 {
				h += 12
			}
		}
	}
	return time.Duration(h)*time.Hour + time.Duration(c.m)*time.Minute
}

// nextDate returns local midnight of d.m.y; without a year (y == 0), of
// the next occurrence of d.m at or after today.
func (c *Calendar) nextDate(today time.Time, y int, m time.Month, d int) (time.Time, bool) {
	valid := func(y int) (time.Time, bool) {
		t := time.Date(y, m, d, 0, 0, 0, 0, c.loc)
		return t, t.Day() == d && t.Month() == m
	}
	if y != 0 {
		return valid(y)
	}
	for k := 0; k <= 8; k++ { // 29 February may be up to 8 years away
		if t, ok := valid(today.Year() + k); ok && !t.Before(today) {
			return t, true
		}
	}
	return time.Time{}, false
}

// nextDayOfMonth returns the next day numbered d ("am 3.") at or after
// today.
func (c *Calendar) nextDayOfMonth(today time.Time, d int) (time.Time, bool) {
	for k := 0; k <= 12; k++ {
		t := time.Date(today.Year(), today.Month()+time.Month(k), d, 0, 0, 0, 0, c.loc)
		if t.Day() == d && !t.Before(today) {
			return t, true
		}
	}
	return time.Time{}, false
}

// ReasonCode says why CheckWindow refused a window.
type ReasonCode uint8

const (
	// ReasonNone: the window was accepted.
	ReasonNone ReasonCode = iota
	// ReasonPast: the window is over.
	ReasonPast
	// ReasonWeekend: the window lies on a day of the week that is not a
	// business day (with the default hours: Saturday or Sunday).
	ReasonWeekend
	// ReasonHoliday: the window lies on a public holiday; Reason.Holiday
	// holds its name.
	ReasonHoliday
	// ReasonOutsideHours: the window lies on a business day but entirely
	// outside business hours.
	ReasonOutsideHours
)

// String returns a short English name for logs.
func (rc ReasonCode) String() string {
	switch rc {
	case ReasonNone:
		return "none"
	case ReasonPast:
		return "past"
	case ReasonWeekend:
		return "weekend"
	case ReasonHoliday:
		return "holiday"
	case ReasonOutsideHours:
		return "outside business hours"
	}
	return fmt.Sprintf("ReasonCode(%d)", uint8(rc))
}

// Reason is CheckWindow's verdict: a code and, for ReasonHoliday, the
// holiday's German name ("Reformationstag").
type Reason struct {
	Code    ReasonCode
	Holiday string
}

// String returns the reason for logs, e.g. "holiday (Reformationstag)".
func (r Reason) String() string {
	if r.Code == ReasonHoliday && r.Holiday != "" {
		return "holiday (" + r.Holiday + ")"
	}
	return r.Code.String()
}

// CheckWindow checks a window against the calendar at now.
//
// If some part of the window (from now on) lies in business hours, ok is
// true and next is that part: the window clipped to the first business
// day's open hours it overlaps. An ASAP window becomes [NextOpen(now),
// +ASAPDuration], clipped to closing time, and stays marked ASAP.
//
// Otherwise ok is false, reason says why (judged by the window's first
// day from now on: ReasonWeekend before ReasonHoliday before
// ReasonOutsideHours; ReasonPast if it is over) and next proposes the
// next possible window of the same length: the same clock times on the
// next business day if they lie within business hours (Saturday 10–12 →
// Monday 10–12), else starting at the next opening time, clipped to that
// day's closing time. A window without length is taken as PointDuration
// long. next is the zero Window only for a calendar without any open day.
func (c *Calendar) CheckWindow(w Window, now time.Time) (ok bool, reason Reason, next Window) {
	now = now.In(c.loc)
	nowMin := now.Truncate(time.Minute)
	if w.ASAP {
		s := c.NextOpen(nowMin)
		if s.IsZero() {
			return false, Reason{Code: ReasonOutsideHours}, Window{}
		}
		return true, Reason{}, c.clipToClose(Window{Start: s, End: s.Add(ASAPDuration), ASAP: true, Phrase: w.Phrase})
	}
	start, end := w.Start.In(c.loc), w.End.In(c.loc)
	length := end.Sub(start)
	if length <= 0 {
		length = PointDuration
		end = start.Add(length)
	}
	if !end.After(nowMin) {
		return false, Reason{Code: ReasonPast}, c.proposeAt(nowMin, length, w.Phrase)
	}
	if start.Before(nowMin) {
		start = nowMin
	}
	first := dayOf(start)
	for k := 0; k < maxScanDays; k++ {
		d := addDays(first, k)
		if !d.Before(end) {
			break
		}
		open, close, ok := c.openInterval(d)
		if !ok {
			continue
		}
		s, e := later(start, open), earlier(end, close)
		if s.Before(e) {
			return true, Reason{}, Window{Start: s, End: e, Phrase: w.Phrase}
		}
	}

	switch hol, name := c.IsHoliday(start); {
	case !c.days[start.Weekday()]:
		reason = Reason{Code: ReasonWeekend}
	case hol:
		reason = Reason{Code: ReasonHoliday, Holiday: name}
	default:
		reason = Reason{Code: ReasonOutsideHours}
	}
	if next, ok := c.sameClockLater(w.Start.In(c.loc), length, nowMin, w.Phrase); ok {
		return false, reason, next
	}
	return false, reason, c.proposeAt(start, length, w.Phrase)
}

// sameClockLater proposes the same wall-clock times on the next business
// day after start's day, if they lie within business hours.
func (c *Calendar) sameClockLater(start time.Time, length time.Duration, now time.Time, phrase string) (Window, bool) {
	from := clockOf(start)
	to := from + length
	if from < c.open || to > c.close {
		return Window{}, false
	}
	first := dayOf(start)
	for k := 1; k < maxScanDays; k++ {
		d := addDays(first, k)
		if !c.IsBusinessDay(d) {
			continue
		}
		s := c.at(d, from)
		if s.Before(now) {
			continue
		}
		return Window{Start: s, End: c.at(d, to), Phrase: phrase}, true
	}
	return Window{}, false
}

// proposeAt returns a window of length starting at NextOpen(t), clipped
// to that day's closing time.
func (c *Calendar) proposeAt(t time.Time, length time.Duration, phrase string) Window {
	s := c.NextOpen(t)
	if s.IsZero() {
		return Window{}
	}
	return c.clipToClose(Window{Start: s, End: s.Add(length), Phrase: phrase})
}

// clipToClose ends w no later than the closing time of its start day.
func (c *Calendar) clipToClose(w Window) Window {
	if close := c.at(dayOf(w.Start), c.close); w.End.After(close) {
		w.End = close
	}
	return w
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// germanWeekdays are the German names of time.Weekday. Read-only.
var germanWeekdays = [...]string{"Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"}

// FormatWindow renders a window for the client: lang "en" (or "en-GB",
// any "en…") gives English, anything else German. loc nil means the
// window's own location. Examples:
//
//	de: "Dienstag, 24.11., 09:00–11:00 Uhr"   en: "Tuesday 24 Nov, 09:00–11:00"
//	de: "so bald wie möglich"                 en: "as soon as possible"   (ASAP)
//	de: "Dienstag, 24.11., 16:00 Uhr – Mittwoch, 25.11., 10:00 Uhr" (over midnight)
//
// An ASAP window always reads "so bald wie möglich", even after
// CheckWindow gave it times; clear ASAP to show them. A window ending at
// the next midnight ends at "24:00"; one without length shows only its
// start. The zero Window gives "".
func FormatWindow(w Window, lang string, loc *time.Location) string {
	en := strings.HasPrefix(strings.ToLower(strings.TrimSpace(lang)), "en")
	if w.ASAP {
		if en {
			return "as soon as possible"
		}
		return "so bald wie möglich"
	}
	if w.Start.IsZero() && w.End.IsZero() {
		return ""
	}
	if loc == nil {
		loc = w.Start.Location()
	}
	s, e := w.Start.In(loc), w.End.In(loc)
	day := func(t time.Time) string {
		if en {
			return t.Format("Monday 2 Jan")
		}
		return germanWeekdays[t.Weekday()] + ", " + t.Format("02.01.")
	}
	suffix := ""
	if !en {
		suffix = " Uhr"
	}
	sep := ", "
	if !e.After(s) {
		return day(s) + sep + s.Format("15:04") + suffix
	}
	endClock := e.Format("15:04")
	sameDay := dayOf(s).Equal(dayOf(e))
	if !sameDay && e.Equal(addDays(dayOf(s), 1)) {
		sameDay, endClock = true, "24:00"
	}
	if sameDay {
		return day(s) + sep + s.Format("15:04") + "–" + endClock + suffix
	}
	return day(s) + sep + s.Format("15:04") + suffix + " – " + day(e) + sep + e.Format("15:04") + suffix
}
