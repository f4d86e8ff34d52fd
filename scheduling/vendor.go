package scheduling

import (
	"fmt"
	"sort"
	"time"
)

// Defaults of VendorPolicy, taken from the provider's SOP for
// line-of-business vendors ("Hersteller-Zugang zur Infrastruktur sollte
// mindestens 7 Tage im Voraus geplant werden"; vendor accounts are enabled
// only while the provider can supervise the work, i.e. in its working
// hours).
const (
	// DefaultVendorLeadTime is the SOP's "at least 7 days ahead".
	DefaultVendorLeadTime = 7 * 24 * time.Hour
	// DefaultVendorOpen and DefaultVendorClose bound the maintenance
	// hours, 08:00 to 18:00 (Monday to Friday).
	DefaultVendorOpen  = 8 * time.Hour
	DefaultVendorClose = 18 * time.Hour
	// DefaultVendorMinDuration is the shortest vendor window.
	DefaultVendorMinDuration = 30 * time.Minute
	// DefaultVendorMaxDuration is the longest vendor window (one working
	// day of supervision).
	DefaultVendorMaxDuration = 8 * time.Hour
	// DefaultVendorStep is the grid on which slots are proposed.
	DefaultVendorStep = 30 * time.Minute
)

// VendorPolicy holds the rules for vendor access windows. The zero value
// means the documented defaults: the default Calendar (Hamburg holidays,
// Europe/Berlin), a lead time of 7 days, Monday to Friday 08:00–18:00,
// windows of 30 minutes to 8 hours on a 30-minute grid. A VendorPolicy is
// a plain value, safe for concurrent use.
type VendorPolicy struct {
	// Calendar gives the time zone and the public holidays. Nil means
	// NewCalendar(CalendarOptions{}) (Europe/Berlin, Hamburg).
	Calendar *Calendar
	// LeadTime is the least time between now and a window's start. It
	// is counted in the calendar's time zone in wall-clock terms: whole
	// days (LeadTime / 24h) are added as calendar days, so with the
	// default of 7 days, Monday 10:00 allows Monday a week later from
	// 10:00 on, even when a DST change lies in between (that week then
	// has 167 or 169 real hours); the remainder is added as a duration.
	// Zero means DefaultVendorLeadTime; a negative value means none.
	LeadTime time.Duration
	// Hours are the allowed maintenance hours: the days of the week and
	// the wall-clock interval [Open, Close) of each such day. The zero
	// value means Monday to Friday 08:00–18:00; zero Open and Close alone
	// mean 08:00–18:00, nil Days alone Monday to Friday. Public holidays
	// of the Calendar are always closed.
	Hours BusinessHours
	// MinDuration and MaxDuration bound a window's length. Zero means
	// DefaultVendorMinDuration and DefaultVendorMaxDuration.
	MinDuration, MaxDuration time.Duration
	// Step is the slot grid of Earliest and Propose, counted from the
	// opening time of each day. Zero means DefaultVendorStep; values
	// below one minute are taken as one minute.
	Step time.Duration
}

// ViolationCode names one rule of VendorPolicy that a window breaks.
type ViolationCode uint8

const (
	// ViolInvalid: the window ends before it starts, or has no length.
	// No other rule is checked.
	ViolInvalid ViolationCode = iota + 1
	// ViolPast: the window starts before now. It replaces ViolLeadTime.
	ViolPast
	// ViolLeadTime: the window starts before the lead time is over;
	// Violation.Earliest is the first allowed start instant and
	// Violation.Limit the lead time.
	ViolLeadTime
	// ViolClosedDay: the window touches a day of the week without
	// maintenance hours (with the defaults: Saturday or Sunday);
	// Violation.Day is that day.
	ViolClosedDay
	// ViolHoliday: the window touches a public holiday; Violation.Holiday
	// is its German name and Violation.Day the day.
	ViolHoliday
	// ViolOutsideHours: the window is not inside the maintenance hours of
	// one day (it begins before Open, ends after Close or runs over
	// midnight); Violation.Open and Violation.Close give the hours.
	ViolOutsideHours
	// ViolOverlap: the window overlaps another vendor window;
	// Violation.Conflict is that window. One violation per conflict.
	ViolOverlap
	// ViolTooShort: shorter than MinDuration (Violation.Limit).
	ViolTooShort
	// ViolTooLong: longer than MaxDuration (Violation.Limit).
	ViolTooLong
)

// String returns a short English name for logs.
func (c ViolationCode) String() string {
	switch c {
	case ViolInvalid:
		return "invalid"
	case ViolPast:
		return "past"
	case ViolLeadTime:
		return "lead time"
	case ViolClosedDay:
		return "closed day"
	case ViolHoliday:
		return "holiday"
	case ViolOutsideHours:
		return "outside hours"
	case ViolOverlap:
		return "overlap"
	case ViolTooShort:
		return "too short"
	case ViolTooLong:
		return "too long"
	}
	return fmt.Sprintf("ViolationCode(%d)", uint8(c))
}

// Violation is one broken rule with the data needed to explain it. Only
// the fields named in the code's documentation are set.
type Violation struct {
	Code ViolationCode
	// Day is local midnight of the closed day or holiday.
	Day time.Time
	// Holiday is the holiday's German name ("Erster Weihnachtstag").
	Holiday string
	// Conflict is the overlapping window.
	Conflict Window
	// Limit is the lead time, MinDuration or MaxDuration.
	Limit time.Duration
	// Earliest is the first start allowed by the lead time.
	Earliest time.Time
	// Open and Close are the maintenance hours (wall clock).
	Open, Close time.Duration
}

// String returns the violation for logs, e.g. "holiday (Neujahr)".
func (v Violation) String() string {
	switch v.Code {
	case ViolHoliday:
		return "holiday (" + v.Holiday + ")"
	case ViolLeadTime:
		return "lead time (earliest " + v.Earliest.Format(time.RFC3339) + ")"
	case ViolOverlap:
		return "overlap (" + v.Conflict.Start.Format(time.RFC3339) + "–" + v.Conflict.End.Format(time.RFC3339) + ")"
	}
	return v.Code.String()
}

// policy is a VendorPolicy with every default applied.
type policy struct {
	cal         *Calendar
	loc         *time.Location
	leadDays    int
	leadRest    time.Duration
	lead        time.Duration
	open, close time.Duration
	days        [7]bool
	min, max    time.Duration
	step        time.Duration
}

// norm applies the defaults. If the default calendar cannot be built
// (no time zone database), a UTC calendar is used; Validate reports it.
func (p VendorPolicy) norm() policy {
	n := policy{cal: p.Calendar}
	if n.cal == nil {
		c, err := NewCalendar(CalendarOptions{})
		if err != nil {
			c, _ = NewCalendar(CalendarOptions{Location: time.UTC})
		}
		n.cal = c
	}
	n.loc = n.cal.Location()
	n.lead = p.LeadTime
	if n.lead == 0 {
		n.lead = DefaultVendorLeadTime
	}
	if n.lead < 0 {
		n.lead = 0
	}
	n.leadDays = int(n.lead / (24 * time.Hour))
	n.leadRest = n.lead % (24 * time.Hour)
	n.open, n.close = p.Hours.Open, p.Hours.Close
	if n.open == 0 && n.close == 0 {
		n.open, n.close = DefaultVendorOpen, DefaultVendorClose
	}
	days := p.Hours.Days
	if days == nil {
		days = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	}
	for _, d := range days {
		if d >= time.Sunday && d <= time.Saturday {
			n.days[d] = true
		}
	}
	n.min, n.max = p.MinDuration, p.MaxDuration
	if n.min <= 0 {
		n.min = DefaultVendorMinDuration
	}
	if n.max <= 0 {
		n.max = DefaultVendorMaxDuration
	}
	n.step = p.Step
	if n.step == 0 {
		n.step = DefaultVendorStep
	}
	if n.step < time.Minute {
		n.step = time.Minute
	}
	return n
}

// Validate reports settings that cannot work: hours that are not within
// one day or not Open < Close, no allowed day, MinDuration above
// MaxDuration, or a window length that no day can hold. The error wraps
// ErrInvalidHours.
func (p VendorPolicy) Validate() error {
	if p.Calendar == nil {
		if _, err := NewCalendar(CalendarOptions{}); err != nil {
			return fmt.Errorf("scheduling: vendor policy: %w", err)
		}
	}
	n := p.norm()
	switch {
	case n.open < 0 || n.close > 24*time.Hour || n.open >= n.close:
		return fmt.Errorf("scheduling: vendor policy: hours %s–%s: %w (open must be before close, within one day)",
			clockString(n.open), clockString(n.close), ErrInvalidHours)
	case n.days == [7]bool{}:
		return fmt.Errorf("scheduling: vendor policy: no allowed day: %w", ErrInvalidHours)
	case n.min > n.max:
		return fmt.Errorf("scheduling: vendor policy: minimum duration %s above maximum %s: %w", n.min, n.max, ErrInvalidHours)
	case n.min > n.close-n.open:
		return fmt.Errorf("scheduling: vendor policy: minimum duration %s longer than the hours %s–%s: %w",
			n.min, clockString(n.open), clockString(n.close), ErrInvalidHours)
	}
	for _, d := range p.Hours.Days {
		if d < time.Sunday || d > time.Saturday {
			return fmt.Errorf("scheduling: vendor policy: weekday %d: %w", int(d), ErrInvalidHours)
		}
	}
	return nil
}

// Location returns the policy's time zone (the calendar's).
func (p VendorPolicy) Location() *time.Location { return p.norm().loc }

// EarliestStart returns the first instant a window may start at, seen at
// now: now plus the lead time, counted as described at LeadTime, in the
// calendar's time zone. A wall-clock time that does not exist on the
// target day (02:30 on the spring change) is moved forward by time.Date.
func (p VendorPolicy) EarliestStart(now time.Time) time.Time {
	n := p.norm()
	return n.earliest(now)
}

func (n *policy) earliest(now time.Time) time.Time {
	now = now.In(n.loc)
	y, m, d := now.Date()
	h, mi, s := now.Clock()
	return time.Date(y, m, d+n.leadDays, h, mi, s, now.Nanosecond(), n.loc).Add(n.leadRest)
}

// DayHours returns the maintenance hours on the local day of t as a
// window, and false if that day is closed (a day of the week without
// hours, or a public holiday). It is what "ganztägig"/"all day" means.
func (p VendorPolicy) DayHours(t time.Time) (Window, bool) {
	n := p.norm()
	day := dayOf(t.In(n.loc))
	if !n.openDay(day) {
		return Window{}, false
	}
	return Window{Start: n.cal.at(day, n.open), End: n.cal.at(day, n.close)}, true
}

// openDay reports whether the local day (midnight) has maintenance hours.
func (n *policy) openDay(day time.Time) bool {
	if !n.days[day.Weekday()] {
		return false
	}
	hol, _ := n.cal.IsHoliday(day)
	return !hol
}

// Overlaps reports whether a and b overlap as half-open intervals
// [Start, End): windows that only touch (one ends when the other starts)
// do not overlap.
func Overlaps(a, b Window) bool {
	return a.Start.Before(b.End) && b.Start.Before(a.End)
}

// Check returns every rule of the policy that the window w breaks when it
// is requested at now, in this order: ViolInvalid (alone), ViolPast or
// ViolLeadTime, ViolTooShort or ViolTooLong, ViolClosedDay and
// ViolHoliday (per day touched), ViolOutsideHours, ViolOverlap (per
// overlapping window of busy, in busy's order). An empty result means the
// window is allowed. busy are the other vendor windows of the same
// system; a busy window equal to w in start and end is treated as
// overlapping, so a caller re-checking a held window must leave it out.
func (p VendorPolicy) Check(now time.Time, w Window, busy []Window) []Violation {
	n := p.norm()
	return n.check(now, w, busy)
}

func (n *policy) check(now time.Time, w Window, busy []Window) []Violation {
	start, end := w.Start.In(n.loc), w.End.In(n.loc)
	if !end.After(start) {
		return []Violation{{Code: ViolInvalid}}
	}
	var vs []Violation
	if start.Before(now) {
		vs = append(vs, Violation{Code: ViolPast})
	} else if e := n.earliest(now); start.Before(e) {
		vs = append(vs, Violation{Code: ViolLeadTime, Earliest: e, Limit: n.lead})
	}
	switch length := end.Sub(start); {
	case length < n.min:
		vs = append(vs, Violation{Code: ViolTooShort, Limit: n.min})
	case length > n.max:
		vs = append(vs, Violation{Code: ViolTooLong, Limit: n.max})
	}
	first, last := dayOf(start), dayOf(end.Add(-time.Nanosecond))
	for k, day := 0, first; !day.After(last) && k < maxScanDays; k, day = k+1, addDays(first, k+1) {
		if !n.days[day.Weekday()] {
			vs = append(vs, Violation{Code: ViolClosedDay, Day: day})
		}
		if hol, name := n.cal.IsHoliday(day); hol {
			vs = append(vs, Violation{Code: ViolHoliday, Day: day, Holiday: name})
		}
	}
	if !first.Equal(last) || start.Before(n.cal.at(first, n.open)) || end.After(n.cal.at(first, n.close)) {
		vs = append(vs, Violation{Code: ViolOutsideHours, Open: n.open, Close: n.close})
	}
	for _, b := range busy {
		if Overlaps(Window{Start: start, End: end}, b) {
			vs = append(vs, Violation{Code: ViolOverlap, Conflict: b})
		}
	}
	return vs
}

// Earliest returns the first compliant window of length dur at or after
// the lead time seen at now: on the Step grid, inside the maintenance
// hours of an open day, not overlapping busy. ok is false if dur is not
// an allowed length or no slot exists within about 400 days.
func (p VendorPolicy) Earliest(now time.Time, dur time.Duration, busy []Window) (Window, bool) {
	n := p.norm()
	var found Window
	ok := false
	n.walk(n.earliest(now), dur, busy, func(w Window) bool {
		found, ok = w, true
		return false
	})
	return found, ok
}

// walk calls fn with every compliant slot of length dur that starts at or
// after from, in time order, until fn returns false or about maxScanDays
// days have been scanned. Slots start on the grid open + k*step of their
// day, but a from on a quarter hour inside the day is its first slot. from
// must not be before the lead time; walk does not check it.
func (n *policy) walk(from time.Time, dur time.Duration, busy []Window, fn func(Window) bool) {
	if dur < n.min || dur > n.max || dur > n.close-n.open {
		return
	}
	from = from.In(n.loc)
	sorted := append([]Window(nil), busy...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Start.Before(sorted[j].Start) })
	first := dayOf(from)
	for k := 0; k < maxScanDays; k++ {
		day := addDays(first, k)
		if !n.openDay(day) {
			continue
		}
		open, close := n.cal.at(day, n.open), n.cal.at(day, n.close)
		s := open
		if from.After(s) {
			s = n.ceilGrid(open, from)
			// a wished start on a quarter hour ("ab viertel nach eins") is
			// offered as said; the slots after it are on the grid again
			if from.Before(s) && from.Truncate(time.Minute).Equal(from) && from.Minute()%15 == 0 {
				s = from
			}
		}
		for !s.Add(dur).After(close) {
			w := Window{Start: s, End: s.Add(dur)}
			var conflict *Window
			for i := range sorted {
				if Overlaps(w, sorted[i]) {
					conflict = &sorted[i]
					break
				}
			}
			if conflict != nil {
				next := n.ceilGrid(open, conflict.End.In(n.loc))
				if !next.After(s) {
					next = s.Add(n.step)
				}
				s = next
				continue
			}
			if !fn(w) {
				return
			}
			s = n.ceilGrid(open, s.Add(n.step))
		}
	}
}

// ceilGrid returns the first grid point open + k*step at or after t.
func (n *policy) ceilGrid(open, t time.Time) time.Time {
	if !t.After(open) {
		return open
	}
	d := t.Sub(open)
	k := (d + n.step - 1) / n.step
	return open.Add(k * n.step)
}

// DefaultProposals is the number of slots the bot offers.
const DefaultProposals = 3

// Propose returns up to n compliant windows of length dur (n <= 0 means
// DefaultProposals), none overlapping busy or each other, chosen as close
// to the client's preferences as possible:
//
//  1. slots inside a preference (starting in it and, if it is long
//     enough, ending in it), preferences in the order given;
//  2. then the nearest slots after each preference (after its end, or
//     from the lead time on if the preference is too early);
//  3. without preferences, the earliest slots.
//
// Slots on days not yet used come first, so the proposals fall on
// distinct days where possible; only then is a day used twice. The result
// is sorted by start time. It is empty if dur is not an allowed length.
func (p VendorPolicy) Propose(now time.Time, dur time.Duration, prefs []Window, busy []Window, n int) []Window {
	if n <= 0 {
		n = DefaultProposals
	}
	np := p.norm()
	earliest := np.earliest(now)
	const (
		perPref = 200 // candidates taken from inside one preference
		perDay  = 24  // candidates taken from one day
	)
	var cands []Window
	add := func(w Window) { cands = append(cands, w) }

	for _, pref := range prefs {
		ps, pe := pref.Start.In(np.loc), pref.End.In(np.loc)
		if !pe.After(ps) || !pe.After(earliest) {
			continue
		}
		from := ps
		if earliest.After(from) {
			from = earliest
		}
		long := !pe.Before(ps.Add(dur))
		count, days := 0, map[time.Time]int{}
		np.walk(from, dur, busy, func(w Window) bool {
			if !w.Start.Before(pe) || count >= perPref {
				return false
			}
			d := dayOf(w.Start)
			if (long && w.End.After(pe)) || days[d] >= perDay {
				return true
			}
			days[d]++
			add(w)
			count++
			return true
		})
	}
	after := func(from time.Time) {
		days := map[time.Time]int{}
		np.walk(from, dur, busy, func(w Window) bool {
			d := dayOf(w.Start)
			if days[d] == 0 && len(days) >= n {
				return false // a day beyond the n days needed
			}
			if days[d] < perDay {
				days[d]++
				add(w)
			}
			return true
		})
	}
	for _, pref := range prefs {
		from := pref.End.In(np.loc)
		if earliest.After(from) {
			from = earliest
		}
		after(from)
	}
	if len(prefs) == 0 || len(cands) < n {
		after(earliest)
	}

	var out []Window
	usedDay := map[time.Time]bool{}
	free := func(w Window) bool {
		for _, o := range out {
			if Overlaps(o, w) {
				return false
			}
		}
		return true
	}
	for pass := 0; pass < 2 && len(out) < n; pass++ {
		for _, w := range cands {
			if len(out) >= n {
				break
			}
			d := dayOf(w.Start)
			if (pass == 0 && usedDay[d]) || !free(w) {
				continue
			}
			out = append(out, w)
			usedDay[d] = true
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	return out
}
