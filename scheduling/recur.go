package scheduling

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/teambition/rrule-go"
)

// Errors of ParseRecurrence and Recurrence, wrapped with the operation.
var (
	// ErrNoRecurrence means no recurrence rule was recognised (or it
	// lacks the day: "jede Woche" without a weekday); ask back.
	ErrNoRecurrence = errors.New("no recurrence recognised")
	// ErrTooFrequent means a daily rule ("täglich", "every weekday"):
	// vendor access is granted for single supervised windows, at most
	// weekly.
	ErrTooFrequent = errors.New("recurrence more often than weekly")
	// ErrNoRecurrenceTime means the rule has no time of day or no length
	// ("jeden Montag" alone); ask for the hours.
	ErrNoRecurrenceTime = errors.New("recurrence without time of day")
	// ErrInvalidRecurrence means a Recurrence value that cannot be
	// expanded (bad RRULE, unknown location, no duration).
	ErrInvalidRecurrence = errors.New("invalid recurrence")
	// ErrNotAnOccurrence means a time that is not the start of an
	// occurrence of the recurrence.
	ErrNotAnOccurrence = errors.New("not an occurrence of the recurrence")
)

// FrequencyError is ErrTooFrequent (errors.Is holds) with the time of day
// the daily rule named: From and To are offsets from midnight, both zero
// when it named none.
type FrequencyError struct {
	From, To time.Duration
}

func (e *FrequencyError) Error() string { return ErrTooFrequent.Error() }

// Unwrap makes errors.Is(err, ErrTooFrequent) hold.
func (e *FrequencyError) Unwrap() error { return ErrTooFrequent }

// maxOccurrences bounds the occurrences one call expands.
const maxOccurrences = 1000

// Recurrence is a recurring vendor window. It is a plain value that
// survives JSON: Start is re-read in Location before expanding, so local
// wall-clock time holds across daylight-saving changes (09:00 Berlin is
// 09:00 in winter and in summer).
type Recurrence struct {
	// RRule is the RFC 5545 RRULE value without DTSTART, e.g.
	// "FREQ=MONTHLY;BYDAY=1TU" or "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE";
	// UNTIL (in UTC, "Z") and COUNT, if any, are in it.
	RRule string
	// Start is the start of the first occurrence (DTSTART), in Location.
	Start time.Time
	// Duration is the length of every occurrence.
	Duration time.Duration
	// Location is the IANA name of the time zone the rule runs in
	// ("Europe/Berlin"), the TZID of the invitation.
	Location string
	// Until is the last instant an occurrence may start (zero: none) and
	// Count the number of occurrences (zero: no limit), both as in RRule,
	// for display.
	Until time.Time
	Count int
	// ExDates are the starts of cancelled occurrences (EXDATE), sorted.
	ExDates []time.Time
	// Phrase is the part of the message the rule was read from.
	Phrase string
}

// ParseRecurrence reads a recurring window from a message in German or
// English, relative to now in loc (nil means UTC). Understood:
//
//   - weekly: "jeden Montag", "montags", "jede Woche dienstags",
//     "wöchentlich am Freitag", "every Monday", "on Mondays", "weekly on
//     Friday"; several weekdays: "jeden Montag und Donnerstag";
//   - every n weeks: "alle zwei Wochen mittwochs", "jeden zweiten
//     Mittwoch", "every second Wednesday", "every other Wednesday", "every
//     3 weeks on Monday", "vierzehntägig", "biweekly", "fortnightly";
//   - monthly by weekday: "jeden ersten Dienstag im Monat", "am letzten
//     Freitag im Monat", "every first Tuesday of the month", "monthly on
//     the last Friday", "monatlich am zweiten Montag"; "ersten"/"first"
//     and "letzten"/"last" with a weekday mean of the month even without
//     "im Monat", while "jeden zweiten Mittwoch" without a month means
//     every other week;
//   - monthly by day: "am 15. jeden Monats", "monatlich am 15.", "on the
//     15th of every month"; every n months: "alle drei Monate",
//     "quartalsweise", "quarterly" (with a weekday or day);
//   - a time of day as ParseWindow reads it ("9–11 Uhr", "von 8 bis 10",
//     "2-4pm", "vormittags"), or a start with a length ("um 9 Uhr für 2
//     Stunden"), required;
//   - an optional end: "bis zum 31.3.2027", "bis Ende März", "until 31
//     March 2027", "until the end of June" (UNTIL, inclusive, that day's
//     end), "10 mal", "10 times", "6 Termine" (COUNT), "für 6 Monate",
//     "for 3 months" (UNTIL: that long after the first occurrence);
//   - an optional first day: "ab dem 11.1.2027", "ab Februar", "starting
//     January 20th" (the first occurrence on or after it).
//
// The first occurrence is the first one after now, or on or after the
// first day named (for every n weeks the series starts on the next such
// weekday; "ersten"/"first" and "letzten"/"last" mean of the month, and
// so do "dritten", "vierten", "fünften" with a weekday). Daily rules
// ("täglich", "werktags", "every day", "every weekday") are refused with
// ErrTooFrequent: vendor access is granted for supervised windows, not as
// a standing permission. Errors (wrapped): ErrNoRecurrence,
// ErrTooFrequent, ErrNoRecurrenceTime, ErrEndBeforeStart.
func ParseRecurrence(text string, loc *time.Location, now time.Time) (Recurrence, error) {
	if loc == nil {
		loc = time.UTC
	}
	now = now.In(loc)
	rp := recParser{p: parser{toks: tokenize(text)}, text: text}
	rp.scan()
	if rp.daily {
		// refused, with the hours it named (they may break a rule too)
		fe := &FrequencyError{}
		rest := rp.blanked()
		s, _ := parseSpec(rest)
		if s.part == partNone {
			s.part = rp.part
		}
		if lo, hi, err := recurrenceClock(&s, rest); err == nil {
			fe.From, fe.To = lo, hi
		}
		return Recurrence{}, fmt.Errorf("scheduling: parse recurrence: %w", fe)
	}
	if !rp.signal || (len(rp.weekdays) == 0 && rp.monthDay == 0) {
		return Recurrence{}, fmt.Errorf("scheduling: parse recurrence: %w", ErrNoRecurrence)
	}

	// The time of day: the text without the recurrence words.
	rest := rp.blanked()
	s, _ := parseSpec(rest)
	if s.part == partNone {
		s.part = rp.part
	}
	lo, hi, err := recurrenceClock(&s, rest)
	if err != nil {
		return Recurrence{}, fmt.Errorf("scheduling: parse recurrence: %w", err)
	}

	if rp.second {
		if rp.monthly && rp.nth == 0 {
			rp.nth = 2
		} else if rp.weeks == 0 {
			rp.weeks = 2
		}
	}
	if rp.weeks > 0 && rp.nth == 0 && rp.monthDay == 0 {
		rp.monthly = false // "alle zwei Wochen ... im Monat" makes no sense; weeks win
	}
	opt := rrule.ROption{Freq: rrule.WEEKLY, Interval: 1}
	switch {
	case rp.monthly || rp.monthDay > 0 || rp.nth != 0:
		opt.Freq = rrule.MONTHLY
		opt.Interval = max(rp.months, 1)
		if rp.monthDay > 0 {
			opt.Bymonthday = []int{rp.monthDay}
			if len(rp.weekdays) > 0 && rp.nth == 0 {
				opt.Bymonthday = nil // a weekday wins over a stray day number
			}
		}
	default:
		opt.Interval = max(rp.weeks, 1)
	}
	for _, wd := range rp.weekdays {
		w := rruleWeekday(wd)
		if opt.Freq == rrule.MONTHLY && rp.nth != 0 {
			w = w.Nth(rp.nth)
		}
		opt.Byweekday = append(opt.Byweekday, w)
	}
	if opt.Freq == rrule.MONTHLY && len(opt.Byweekday) > 0 {
		opt.Bymonthday = nil
	}

	// First occurrence: the next match after now (or on or after the
	// first day named), with interval 1 so that "alle zwei Wochen" starts
	// on the next such weekday.
	begin := dayOf(now)
	if rp.fromM != 0 {
		b, ok := nextDay(rp.fromY, rp.fromM, rp.fromD, dayOf(now))
		if !ok {
			return Recurrence{}, fmt.Errorf("scheduling: parse recurrence: no such start date: %w", ErrNoRecurrence)
		}
		begin = b
	}
	probe := opt
	probe.Interval = 1
	probe.Dtstart = atClock(begin, lo, loc)
	pr, err := rrule.NewRRule(probe)
	if err != nil {
		return Recurrence{}, fmt.Errorf("scheduling: parse recurrence: %v: %w", err, ErrNoRecurrence)
	}
	first := pr.After(now, false)
	if begin.After(now) {
		first = pr.After(begin, true)
	}
	if first.IsZero() {
		return Recurrence{}, fmt.Errorf("scheduling: parse recurrence: no occurrence: %w", ErrNoRecurrence)
	}
	opt.Dtstart = first

	rec := Recurrence{Start: first, Duration: hi - lo, Location: loc.String(), Phrase: rp.phrase()}
	switch {
	case rp.count > 0:
		opt.Count = rp.count
		rec.Count = rp.count
	case rp.untilM != 0:
		u, ok := rp.endDay(first)
		if !ok {
			return Recurrence{}, fmt.Errorf("scheduling: parse recurrence: no such end date: %w", ErrNoRecurrence)
		}
		rec.Until = time.Date(u.Year(), u.Month(), u.Day(), 23, 59, 59, 0, loc)
	case rp.forMonths > 0 || rp.forWeeks > 0:
		rec.Until = first.AddDate(0, rp.forMonths, 7*rp.forWeeks).Add(-time.Second)
	}
	if !rec.Until.IsZero() {
		if rec.Until.Before(first) {
			return Recurrence{}, fmt.Errorf("scheduling: parse recurrence: ends before the first occurrence: %w", ErrNoRecurrence)
		}
		opt.Until = rec.Until.UTC()
	}
	if opt.Interval == 1 {
		opt.Interval = 0 // INTERVAL=1 is the default; leave it out
	}
	rec.RRule = strings.ReplaceAll(opt.RRuleString(), "+", "") // BYDAY=1TU, not +1TU
	return rec, nil
}

// atClock returns the wall-clock time clock on the local day of day.
func atClock(day time.Time, clock time.Duration, loc *time.Location) time.Time {
	y, m, d := day.Date()
	h := int(clock / time.Hour)
	mi := int(clock % time.Hour / time.Minute)
	return time.Date(y, m, d, h, mi, 0, 0, loc)
}

// recurrenceClock returns the daily wall-clock interval of a rule: a
// range or part of the day, or a start with a length from
// ParseDuration.
func recurrenceClock(s *spec, text string) (lo, hi time.Duration, err error) {
	const day = 24 * time.Hour
	switch s.clk {
	case clkRange:
		a, b := resolveClock(s.t1, s.part), resolveClock(s.t2, s.part)
		if b <= a && s.t2.amb && b < 12*time.Hour && b+12*time.Hour-a <= 9*time.Hour {
			b += 12 * time.Hour
		}
		if a >= day || b > day {
			return 0, 0, ErrNoRecurrenceTime
		}
		if b <= a {
			return 0, 0, ErrEndBeforeStart
		}
		return a, b, nil
	case clkPoint, clkFrom:
		a := resolveClock(s.t1, s.part)
		d, err := ParseDuration(text)
		if err != nil || d.D <= 0 || a >= day || a+d.D > day {
			return 0, 0, ErrNoRecurrenceTime
		}
		return a, a + d.D, nil
	}
	if s.part != partNone {
		a, b := partRange(s.part)
		return a, b, nil
	}
	return 0, 0, ErrNoRecurrenceTime
}

func rruleWeekday(wd time.Weekday) rrule.Weekday {
	return [...]rrule.Weekday{rrule.SU, rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA}[wd]
}

// recParser reads the recurrence words of a message; the time of day is
// left to parseSpec on the rest of the text.
type recParser struct {
	p    parser
	text string
	used []bool // tokens that belong to the recurrence phrase

	signal   bool // a word that makes it recurring: jeden, alle, every, montags, monthly...
	second   bool // "jeden zweiten Mittwoch": every other week, or 2nd of the month
	daily    bool
	monthly  bool
	weeks    int // every n weeks
	months   int // every n months
	nth      int // 1..5 or -1 (last), -2 (second to last)
	weekdays []time.Weekday
	monthDay int
	part     dayPart
	count    int
	// end date: year 0 = the next such day; untilEOM = the last day of
	// untilM ("bis Ende März")
	untilY, untilM, untilD int
	untilEOM               bool
	// first day of the series ("ab dem 11.1."); year 0 = the next such day
	fromY, fromM, fromD int
	forMonths           int
	forWeeks            int
}

var (
	ordinals = map[string]int{
		"ersten": 1, "erste": 1, "erster": 1, "first": 1, "1st": 1,
		"zweiten": 2, "zweite": 2, "zweiter": 2, "second": 2, "2nd": 2,
		"dritten": 3, "dritte": 3, "dritter": 3, "third": 3, "3rd": 3,
		"vierten": 4, "vierte": 4, "vierter": 4, "fourth": 4, "4th": 4,
		"fuenften": 5, "fuenfte": 5, "fifth": 5, "5th": 5,
		"letzten": -1, "letzte": -1, "letzter": -1, "last": -1,
		"vorletzten": -2, "vorletzte": -2,
	}
	englishPluralWeekdays = map[string]time.Weekday{
		"mondays": time.Monday, "tuesdays": time.Tuesday, "wednesdays": time.Wednesday,
		"thursdays": time.Thursday, "fridays": time.Friday, "saturdays": time.Saturday, "sundays": time.Sunday,
	}
	dailyPhrases = [][]string{
		{"taeglich"}, {"jeden", "tag"}, {"jeden", "werktag"}, {"werktags"}, {"werktaeglich"}, {"arbeitstags"},
		{"every", "day"}, {"daily"}, {"every", "weekday"}, {"each", "day"}, {"on", "weekdays"},
		{"every", "working", "day"}, {"every", "business", "day"}, {"jeden", "arbeitstag"}, {"alle", "tage"},
	}
	monthPhrases = [][]string{
		{"im", "monat"}, {"des", "monats"}, {"jeden", "monats"}, {"jedes", "monats"}, {"eines", "jeden", "monats"},
		{"pro", "monat"}, {"jeden", "monat"}, {"jedem", "monat"}, {"monatlich"},
		{"of", "the", "month"}, {"of", "each", "month"}, {"of", "every", "month"}, {"every", "month"},
		{"each", "month"}, {"a", "month"}, {"per", "month"}, {"monthly"}, {"in", "the", "month"},
	}
	weekPhrases = [][]string{
		{"jede", "woche"}, {"jeder", "woche"}, {"every", "week"}, {"each", "week"}, {"woechentlich"},
		{"weekly"}, {"pro", "woche"}, {"per", "week"}, {"a", "week"},
	}
	everyWords = []string{"jeden", "jede", "jedes", "jedem", "jeder", "alle", "every", "each"}
)

func (rp *recParser) use(i, n int) {
	for k := i; k < i+n && k < len(rp.used); k++ {
		rp.used[k] = true
	}
}

// scan walks the tokens once and records what it finds.
func (rp *recParser) scan() {
	p := &rp.p
	rp.used = make([]bool, len(p.toks))
	for i := 0; i < len(p.toks); {
		if n := rp.at(i); n > 0 {
			i += n
			continue
		}
		i++
	}
}

func (rp *recParser) matchAny(i int, list [][]string) int {
	for _, ph := range list {
		if rp.p.seq(i, ph) {
			return len(ph)
		}
	}
	return 0
}

// at reads one recurrence element at i and returns the tokens consumed.
func (rp *recParser) at(i int) int {
	p := &rp.p
	w := p.word(i)
	if n := rp.matchAny(i, dailyPhrases); n > 0 {
		rp.daily = true
		rp.use(i, n)
		return n
	}
	if n := rp.matchAny(i, monthPhrases); n > 0 {
		rp.monthly, rp.signal = true, true
		rp.use(i, n)
		return n
	}
	if n := rp.matchAny(i, weekPhrases); n > 0 {
		rp.signal = true
		rp.use(i, n)
		return n
	}
	switch {
	case in(w, "vierzehntaegig", "zweiwoechentlich", "biweekly", "fortnightly"):
		rp.weeks, rp.signal = 2, true
		rp.use(i, 1)
		return 1
	case in(w, "quartalsweise", "vierteljaehrlich", "quarterly"):
		rp.months, rp.monthly, rp.signal = 3, true, true
		rp.use(i, 1)
		return 1
	case in(w, everyWords...):
		rp.signal = true
		rp.use(i, 1)
		j := i + 1
		// "jede zweite Woche", "every other week"
		if in(p.word(j), "zweite", "second", "other") && in(p.word(j+1), "woche", "week") {
			rp.weeks = 2
			rp.use(j, 2)
			return 3
		}
		// "every other Wednesday": every two weeks
		if p.word(j) == "other" && rp.weekdayAhead(j+1) {
			rp.weeks = 2
			rp.use(j, 1)
			return 2
		}
		// "jeden zweiten Mittwoch", "every second Wednesday": every other
		// week, or the second of the month if the month is named
		if in(p.word(j), "zweiten", "second") && rp.weekdayAhead(j+1) {
			rp.second = true
			rp.use(j, 1)
			return 2
		}
		// "alle 2 Wochen", "alle zwei Monate", "every 3 weeks", "alle 14 Tage"
		if v, nv := (&durParser{text: rp.text, p: *p}).number(j); nv > 0 && v == float64(int(v)) && v >= 1 && v <= 52 {
			switch unit := p.word(j + nv); unit {
			case "woche", "wochen":
				rp.weeks = int(v)
				rp.use(j, nv+1)
				return 1 + nv + 1
			case "monat", "monate", "monaten", "month", "months":
				rp.months, rp.monthly = int(v), true
				rp.use(j, nv+1)
				return 1 + nv + 1
			case "tage", "tag":
				if int(v)%7 == 0 {
					rp.weeks = int(v) / 7
				} else {
					rp.daily = true
				}
				rp.use(j, nv+1)
				return 1 + nv + 1
			}
		}
		return 1
	}
	if n, ok := ordinals[w]; ok && rp.weekdayAhead(i+1) {
		rp.setNth(n)
		rp.use(i, 1)
		return 1
	}
	// "1." / "2." before a weekday: "jeden 1. Dienstag"
	if v, dg, ok := p.num(i); ok && dg == 1 && v >= 1 && v <= 5 && p.punct(i+1, ".") && p.adjacent(i) && rp.weekdayAhead(i+2) {
		rp.setNth(v)
		rp.use(i, 2)
		return 2
	}
	if wd, ok := englishPluralWeekdays[w]; ok {
		rp.addWeekday(wd)
		rp.signal = true
		rp.use(i, 1)
		return 1
	}
	if wd, n, part := p.weekdayAt(i, in(p.word(i-1), "am", "on", "jeden", "every", "each", "und", "and")); n > 0 {
		rp.addWeekday(wd)
		if _, full := weekdays[w]; full && strings.HasSuffix(w, "s") {
			rp.signal = true // "montags", "dienstags": habitual
		}
		if part != partNone && rp.part == partNone {
			rp.part = part
		}
		rp.use(i, n)
		return n
	}
	// "am 15. jeden Monats", "on the 15th of every month"
	if in(w, "am", "den", "on", "the") {
		j := i + 1
		if p.word(i) == "on" && p.word(j) == "the" {
			j++
		}
		if d, dg, ok := p.num(j); ok && dg <= 2 && d >= 1 && d <= 31 && p.adjacent(j) &&
			(p.punct(j+1, ".") || in(p.word(j+1), "st", "nd", "rd", "th")) {
			k := j + 2
			if p.word(k) == "of" {
				k++
			}
			if rp.matchAny(k, monthPhrases) > 0 || rp.monthly {
				rp.monthDay = d
				rp.use(i, k-i)
				return k - i
			}
		}
	}
	// start and end of the series
	if n := rp.matchBegin(i); n > 0 {
		rp.use(i, n)
		return n
	}
	if n := rp.matchEnd(i); n > 0 {
		rp.use(i, n)
		return n
	}
	return 0
}

func (rp *recParser) setNth(n int) {
	if rp.nth == 0 {
		rp.nth = n
	}
}

func (rp *recParser) addWeekday(wd time.Weekday) {
	for _, x := range rp.weekdays {
		if x == wd {
			return
		}
	}
	rp.weekdays = append(rp.weekdays, wd)
}

// endDay resolves the end date of the series; without a year it is the
// next such day on or after the first occurrence.
func (rp *recParser) endDay(first time.Time) (time.Time, bool) {
	if rp.untilEOM {
		y := rp.untilY
		if y == 0 {
			y = first.Year()
			if time.Month(rp.untilM) < first.Month() {
				y++
			}
		}
		return time.Date(y, time.Month(rp.untilM)+1, 0, 0, 0, 0, 0, first.Location()), true
	}
	return nextDay(rp.untilY, rp.untilM, rp.untilD, dayOf(first))
}

// nextDay returns local midnight of d.m.y, or without a year (y == 0) of
// the next d.m on or after the day from (up to 8 years on, for 29
// February). ok is false for a date that does not exist.
func nextDay(y, m, d int, from time.Time) (time.Time, bool) {
	mk := func(y int) (time.Time, bool) {
		t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, from.Location())
		return t, t.Day() == d && int(t.Month()) == m
	}
	if y != 0 {
		return mk(y)
	}
	for k := 0; k <= 8; k++ {
		if t, ok := mk(from.Year() + k); ok && !t.Before(from) {
			return t, true
		}
	}
	return time.Time{}, false
}

// weekdayAhead reports whether a weekday name is at j.
func (rp *recParser) weekdayAhead(j int) bool {
	if _, ok := englishPluralWeekdays[rp.p.word(j)]; ok {
		return true
	}
	_, n, _ := rp.p.weekdayAt(j, true)
	return n > 0
}

// matchBegin reads the first day of a series at i: "ab (dem) 11.1.",
// "ab 11. Januar 2027", "beginnend am 11.1.", "starting (on) 11 January",
// "from January 11th", "ab Januar" (the 1st of the month). Times ("ab 9 Uhr", "from 9 to 11") are no dates
// and are left alone.
func (rp *recParser) matchBegin(i int) int {
	p := &rp.p
	if !in(p.word(i), "ab", "beginnend", "starting", "from", "vom", "beginning", "startend") {
		return 0
	}
	j := i + 1
	for in(p.word(j), "dem", "den", "am", "on", "the", "mit") {
		j++
	}
	sub := parser{toks: p.toks}
	sub.s.first, sub.s.dayEnd = -1, -2
	if rp.fromM != 0 {
		return 0
	}
	if n := sub.matchDate(j); n > 0 && sub.s.day == dayDate {
		rp.fromY, rp.fromM, rp.fromD = sub.s.yy, sub.s.mm, sub.s.dd
		return j + n - i
	}
	// "ab Januar", "from March 2027": the first of that month
	if mo, ok := months[p.word(j)]; ok && (len(p.word(j)) > 3 || in(p.word(j), "mai", "may")) {
		rp.fromM, rp.fromD = int(mo), 1
		if y, yd, ok := p.num(j + 1); ok && yd == 4 {
			rp.fromY = y
			return j + 2 - i
		}
		return j + 1 - i
	}
	return 0
}

// matchEnd reads the end of a series at i: "bis (zum) 31.3.2027", "bis
// Ende März", "until (the end of) March 2027", "10 mal", "10 times", "6
// Termine", "für 6 Monate", "for 3 months".
func (rp *recParser) matchEnd(i int) int {
	p := &rp.p
	w := p.word(i)
	if in(w, "bis", "until", "till", "through") {
		j := i + 1
		for in(p.word(j), "zum", "zur", "einschliesslich", "inklusive", "inkl", "including", "the") || p.punct(j, ".") {
			j++
		}
		if in(p.word(j), "ende", "end") {
			k := j + 1
			if p.word(k) == "of" {
				k++
			}
			if mo, ok := months[p.word(k)]; ok {
				k++
				y := 0
				if yv, yd, ok := p.num(k); ok && yd == 4 {
					y, k = yv, k+1
				}
				rp.untilY, rp.untilM, rp.untilEOM = y, int(mo), true
				return k - i
			}
			return 0
		}
		sub := parser{toks: p.toks}
		sub.s.first, sub.s.dayEnd = -1, -2
		if n := sub.matchDate(j); n > 0 && sub.s.day == dayDate {
			rp.untilY, rp.untilM, rp.untilD = sub.s.yy, sub.s.mm, sub.s.dd
			return j + n - i
		}
		return 0
	}
	if in(w, "fuer", "for") {
		if v, n := (&durParser{text: rp.text, p: *p}).number(i + 1); n > 0 && v == float64(int(v)) && v >= 1 && v <= 60 {
			switch p.word(i + 1 + n) {
			case "monat", "monate", "monaten", "month", "months":
				rp.forMonths = int(v)
				return n + 2
			case "woche", "wochen":
				rp.forWeeks = int(v)
				return n + 2
			}
		}
		return 0
	}
	if v, dg, ok := p.num(i); ok && dg <= 3 && v >= 1 && v <= 500 {
		j := i + 1
		if p.punct(j, "-") && p.adjacent(i) {
			j++
		}
		if in(p.word(j), "mal", "times", "termine", "terminen", "occurrences", "sessions", "sitzungen", "einsaetze") {
			rp.count = v
			return j + 1 - i
		}
	}
	return 0
}

// blanked returns the text with the recurrence tokens replaced by
// spaces, for parseSpec to read the time of day from.
func (rp *recParser) blanked() string {
	b := []byte(rp.text)
	for k, u := range rp.used {
		if u {
			t := rp.p.toks[k]
			for x := t.start; x < t.end; x++ {
				b[x] = ' '
			}
		}
	}
	return string(b)
}

// phrase returns the text from the first to the last token read by
// either parser.
func (rp *recParser) phrase() string {
	first, last := -1, -1
	for k, u := range rp.used {
		if u {
			if first < 0 {
				first = k
			}
			last = k
		}
	}
	s, toks := parseSpec(rp.blanked())
	if s.first >= 0 && s.last < len(toks) {
		// token positions of parseSpec are byte offsets into the same text
		if first < 0 || toks[s.first].start < rp.p.toks[first].start {
			return rp.cut(toks[s.first].start, max(toks[s.last].end, endOf(rp.p.toks, last)))
		}
		return rp.cut(rp.p.toks[first].start, max(toks[s.last].end, endOf(rp.p.toks, last)))
	}
	if first < 0 {
		return ""
	}
	return rp.cut(rp.p.toks[first].start, rp.p.toks[last].end)
}

func endOf(toks []token, k int) int {
	if k < 0 {
		return 0
	}
	return toks[k].end
}

func (rp *recParser) cut(a, b int) string {
	if a < 0 || b > len(rp.text) || a >= b {
		return ""
	}
	return strings.ToValidUTF8(strings.TrimSpace(rp.text[a:b]), "\uFFFD")
}

// rule builds the rrule-go rule of r, with DTSTART at Start in Location.
func (r Recurrence) rule() (*rrule.RRule, *time.Location, error) {
	loc, err := time.LoadLocation(r.Location)
	if err != nil {
		return nil, nil, fmt.Errorf("location %q: %v: %w", r.Location, err, ErrInvalidRecurrence)
	}
	if r.Duration <= 0 || r.Start.IsZero() {
		return nil, nil, fmt.Errorf("no start or duration: %w", ErrInvalidRecurrence)
	}
	if strings.Contains(strings.ToUpper(r.RRule), "DTSTART") {
		return nil, nil, fmt.Errorf("DTSTART inside RRULE: %w", ErrInvalidRecurrence)
	}
	opt, err := rrule.StrToROptionInLocation(strings.TrimPrefix(r.RRule, "RRULE:"), loc)
	if err != nil {
		return nil, nil, fmt.Errorf("rrule %q: %v: %w", r.RRule, err, ErrInvalidRecurrence)
	}
	// YEARLY, MONTHLY or WEEKLY, one occurrence a day at DTSTART's time
	if opt.Freq > rrule.WEEKLY || len(opt.Byhour)+len(opt.Byminute)+len(opt.Bysecond)+len(opt.Byyearday)+len(opt.Byweekno) > 0 {
		return nil, nil, fmt.Errorf("rrule %q: more often than weekly or not supported: %w", r.RRule, ErrInvalidRecurrence)
	}
	opt.Dtstart = r.Start.In(loc)
	rule, err := rrule.NewRRule(*opt)
	if err != nil {
		return nil, nil, fmt.Errorf("rrule %q: %v: %w", r.RRule, err, ErrInvalidRecurrence)
	}
	return rule, loc, nil
}

// Validate reports whether r can be expanded (ErrInvalidRecurrence).
func (r Recurrence) Validate() error {
	if _, _, err := r.rule(); err != nil {
		return fmt.Errorf("scheduling: recurrence: %w", err)
	}
	return nil
}

// excluded reports whether t is one of the ExDates.
func (r Recurrence) excluded(t time.Time) bool {
	for _, x := range r.ExDates {
		if x.Equal(t) {
			return true
		}
	}
	return false
}

// Occurrences returns the occurrences that overlap [from, to), in
// order, without the cancelled ones (ExDates), each in Location; at most
// 1000.
func (r Recurrence) Occurrences(from, to time.Time) ([]Window, error) {
	rule, loc, err := r.rule()
	if err != nil {
		return nil, fmt.Errorf("scheduling: occurrences: %w", err)
	}
	var out []Window
	next := rule.Iterator()
	for len(out) < maxOccurrences {
		s, ok := next()
		if !ok || !s.Before(to) {
			break
		}
		s = s.In(loc)
		e := s.Add(r.Duration)
		if !e.After(from) || r.excluded(s) {
			continue
		}
		out = append(out, Window{Start: s, End: e})
	}
	return out, nil
}

// Next returns the first occurrence that starts at or after t, and false
// if there is none (the series has ended or r is invalid).
func (r Recurrence) Next(t time.Time) (Window, bool) {
	rule, loc, err := r.rule()
	if err != nil {
		return Window{}, false
	}
	next := rule.Iterator()
	for k := 0; k < 100*maxOccurrences; k++ {
		s, ok := next()
		if !ok {
			return Window{}, false
		}
		if s.Before(t) || r.excluded(s) {
			continue
		}
		s = s.In(loc)
		return Window{Start: s, End: s.Add(r.Duration)}, true
	}
	return Window{}, false
}

// From returns r starting at its first occurrence at or after t (for
// example VendorPolicy.EarliestStart(now)), keeping the rhythm of the
// series. With a COUNT the occurrences before t are dropped from it.
// ExDates before the new start are dropped.
func (r Recurrence) From(t time.Time) (Recurrence, error) {
	w, ok := r.Next(t)
	if !ok {
		if err := r.Validate(); err != nil {
			return r, err
		}
		return r, fmt.Errorf("scheduling: recurrence from %s: no occurrence: %w", t.Format(time.RFC3339), ErrNotAnOccurrence)
	}
	if w.Start.Equal(r.Start) {
		return r, nil
	}
	out := r
	if r.Count > 0 {
		before, err := r.Occurrences(r.Start, w.Start)
		if err != nil {
			return r, err
		}
		skipped := len(before)
		for _, x := range r.ExDates { // cancelled occurrences count too
			if x.Before(w.Start) && !x.Before(r.Start) {
				skipped++
			}
		}
		out.Count = max(r.Count-skipped, 1)
		out.RRule = replaceRulePart(r.RRule, "COUNT", fmt.Sprint(out.Count))
	}
	out.Start = w.Start
	out.ExDates = nil
	for _, x := range r.ExDates {
		if !x.Before(w.Start) {
			out.ExDates = append(out.ExDates, x)
		}
	}
	return out, nil
}

func replaceRulePart(rule, key, value string) string {
	parts := strings.Split(rule, ";")
	for i, p := range parts {
		if strings.HasPrefix(strings.ToUpper(p), key+"=") {
			parts[i] = key + "=" + value
		}
	}
	return strings.Join(parts, ";")
}

// EndingAt returns r ending with the occurrence that starts at last: its
// rule's COUNT or UNTIL is replaced by UNTIL=last (in UTC, as RFC 5545
// wants with a TZID start), so a calendar shows no occurrence after it.
func (r Recurrence) EndingAt(last time.Time) Recurrence {
	var parts []string
	for _, p := range strings.Split(r.RRule, ";") {
		up := strings.ToUpper(p)
		if p == "" || strings.HasPrefix(up, "UNTIL=") || strings.HasPrefix(up, "COUNT=") {
			continue
		}
		parts = append(parts, p)
	}
	out := r
	out.RRule = strings.Join(append(parts, "UNTIL="+last.UTC().Format("20060102T150405Z")), ";")
	out.Until, out.Count = last, 0
	return out
}

// WithExDate returns r with the occurrence starting at t cancelled (an
// EXDATE). t must be the start of an occurrence (ErrNotAnOccurrence
// otherwise); cancelling one twice changes nothing.
func (r Recurrence) WithExDate(t time.Time) (Recurrence, error) {
	rule, loc, err := r.rule()
	if err != nil {
		return r, fmt.Errorf("scheduling: cancel occurrence: %w", err)
	}
	if r.excluded(t) {
		return r, nil
	}
	got := rule.Between(t.Add(-time.Second), t.Add(time.Second), true)
	found := false
	for _, g := range got {
		if g.Equal(t) {
			found = true
		}
	}
	if !found {
		return r, fmt.Errorf("scheduling: cancel occurrence %s: %w", t.Format(time.RFC3339), ErrNotAnOccurrence)
	}
	out := r
	out.ExDates = append(append([]time.Time(nil), r.ExDates...), t.In(loc))
	sort.Slice(out.ExDates, func(i, j int) bool { return out.ExDates[i].Before(out.ExDates[j]) })
	return out, nil
}

// OccurrenceProblem is one occurrence of a recurrence that breaks rules
// of the policy.
type OccurrenceProblem struct {
	Window     Window
	Violations []Violation
}

// Holiday reports whether the problem is only a public holiday, so the
// handler can offer to skip the occurrence (WithExDate) instead of
// refusing the series.
func (o OccurrenceProblem) Holiday() bool {
	for _, v := range o.Violations {
		if v.Code != ViolHoliday {
			return false
		}
	}
	return len(o.Violations) > 0
}

// CheckRecurrence checks every occurrence of rec that starts between now
// and now+horizon (zero: 12 calendar months in the policy's time zone) against the
// policy, as Check does, and returns those that break a rule, in order.
// busy are the other vendor windows of the system (expand other series
// with Occurrences first). An empty result means every occurrence in the
// horizon is allowed.
func (p VendorPolicy) CheckRecurrence(now time.Time, rec Recurrence, busy []Window, horizon time.Duration) ([]OccurrenceProblem, error) {
	n := p.norm()
	to := now.In(n.loc).AddDate(0, 12, 0)
	if horizon > 0 {
		to = now.Add(horizon)
	}
	occ, err := rec.Occurrences(now, to)
	if err != nil {
		return nil, fmt.Errorf("scheduling: check recurrence: %w", err)
	}
	var out []OccurrenceProblem
	for _, w := range occ {
		if vs := n.check(now, w, busy); len(vs) > 0 {
			out = append(out, OccurrenceProblem{Window: w, Violations: vs})
		}
	}
	return out, nil
}
