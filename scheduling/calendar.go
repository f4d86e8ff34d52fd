package scheduling

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/de"
)

// Errors returned by NewCalendar, wrapped with the setting that is wrong.
var (
	// ErrUnknownState means CalendarOptions.State is not one of the 16
	// German state codes.
	ErrUnknownState = errors.New("unknown German state code")
	// ErrInvalidHours means CalendarOptions.Hours is not a usable set of
	// business hours (Open must be before Close, both within one day, and
	// the days must be valid weekdays).
	ErrInvalidHours = errors.New("invalid business hours")
)

// Defaults used for zero values in CalendarOptions.
const (
	// DefaultLocation is the provider's time zone.
	DefaultLocation = "Europe/Berlin"
	// DefaultState is the provider's German state (Hamburg).
	DefaultState = "HH"
	// DefaultOpen is the default opening time, 08:00.
	DefaultOpen = 8 * time.Hour
	// DefaultClose is the default closing time, 17:00.
	DefaultClose = 17 * time.Hour
)

// maxScanDays bounds every day-by-day search (NextOpen, CheckWindow) so
// that no input can make the calendar loop for long. A valid calendar has
// an open day within two weeks; the bound only matters for nonsense.
const maxScanDays = 400

// stateHolidays maps the 16 German state codes to their public holidays
// (nationwide ones included), as github.com/rickar/cal/v2/de defines them.
// Read-only.
var stateHolidays = map[string][]*cal.Holiday{
	"BW": de.HolidaysBW,
	"BY": de.HolidaysBY,
	"BE": de.HolidaysBE,
	"BB": de.HolidaysBB,
	"HB": de.HolidaysHB,
	"HH": de.HolidaysHH,
	"HE": de.HolidaysHE,
	"MV": de.HolidaysMV,
	"NI": de.HolidaysNI,
	"NW": de.HolidaysNW,
	"RP": de.HolidaysRP,
	"SL": de.HolidaysSL,
	"SN": de.HolidaysSN,
	"ST": de.HolidaysST,
	"SH": de.HolidaysSH,
	"TH": de.HolidaysTH,
}

// stateSupplements adds public holidays that rickar/cal v2.1.13 does not
// list for a state. Mecklenburg-Vorpommern has kept the International
// Women's Day (8 March) as a public holiday since 2023. Read-only.
var stateSupplements = map[string][]*cal.Holiday{
	"MV": {de.Frauentag.Clone(&cal.Holiday{StartYear: 2023})},
}

// States returns the accepted German state codes, sorted.
func States() []string {
	s := make([]string, 0, len(stateHolidays))
	for k := range stateHolidays {
		s = append(s, k)
	}
	sort.Strings(s)
	return s
}

// BusinessHours are the provider's opening hours. Open and Close are
// wall-clock times of day (durations since local midnight as read on a
// clock, so 8*time.Hour is 08:00 also on a day with a DST change). Open
// must be before Close; the open interval is [Open, Close). The zero value
// means Monday to Friday, 08:00 to 17:00; zero Open and Close alone mean
// 08:00 to 17:00, nil Days alone means Monday to Friday.
type BusinessHours struct {
	Open, Close time.Duration
	Days        []time.Weekday
}

// CalendarOptions configure NewCalendar. Zero values mean the documented
// defaults.
type CalendarOptions struct {
	// Location is the provider's time zone; nil means Europe/Berlin.
	Location *time.Location
	// Hours are the business hours; the zero value means Mon–Fri 08–17.
	Hours BusinessHours
	// State is the German state whose public holidays apply, as its
	// two-letter code: BW BY BE BB HB HH HE MV NI NW RP SL SN ST SH TH
	// (case-insensitive, an optional "DE-" prefix is accepted). Empty
	// means HH (Hamburg).
	State string
}

// Calendar is the provider's working calendar: business hours, weekdays
// and the public holidays of one German state, in one time zone. A
// Calendar is immutable and safe for concurrent use.
type Calendar struct {
	loc         *time.Location
	open, close time.Duration
	days        [7]bool
	state       string
	holidays    []*cal.Holiday
}

// NewCalendar builds a Calendar from opts (see CalendarOptions for the
// defaults). It fails with ErrUnknownState for a state code that is not
// one of the 16 German states and with ErrInvalidHours for unusable
// business hours.
func NewCalendar(opts CalendarOptions) (*Calendar, error) {
	c := &Calendar{loc: opts.Location}
	if c.loc == nil {
		loc, err := time.LoadLocation(DefaultLocation)
		if err != nil {
			return nil, fmt.Errorf("scheduling: new calendar: location %s: %w", DefaultLocation, err)
		}
		c.loc = loc
	}

	state := strings.ToUpper(strings.TrimSpace(opts.State))
	state = strings.TrimPrefix(state, "DE-")
	if state == "" {
		state = DefaultState
	}
	hol, ok := stateHolidays[state]
	if !ok {
		return nil, fmt.Errorf("scheduling: new calendar: state %q: %w (want one of %s)",
			opts.State, ErrUnknownState, strings.Join(States(), " "))
	}
	c.state = state
	c.holidays = append(append([]*cal.Holiday(nil), hol...), stateSupplements[state]...)

	c.open, c.close = opts.Hours.Open, opts.Hours.Close
	if c.open == 0 && c.close == 0 {
		c.open, c.close = DefaultOpen, DefaultClose
	}
	if c.open < 0 || c.close > 24*time.Hour || c.open >= c.close {
		return nil, fmt.Errorf("scheduling: new calendar: hours %s–%s: %w (open must be before close, within one day)",
			clockString(c.open), clockString(c.close), ErrInvalidHours)
	}
	days := opts.Hours.Days
	if days == nil {
		days = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	}
	for _, d := range days {
		if d < time.Sunday || d > time.Saturday {
			return nil, fmt.Errorf("scheduling: new calendar: weekday %d: %w", int(d), ErrInvalidHours)
		}
		c.days[d] = true
	}
	if c.days == [7]bool{} {
		return nil, fmt.Errorf("scheduling: new calendar: no business day: %w", ErrInvalidHours)
	}
	return c, nil
}

// Location returns the calendar's time zone. All times the calendar
// returns are in this location.
func (c *Calendar) Location() *time.Location { return c.loc }

// State returns the calendar's German state code, e.g. "HH".
func (c *Calendar) State() string { return c.state }

// Hours returns the calendar's business hours with defaults applied.
func (c *Calendar) Hours() BusinessHours {
	h := BusinessHours{Open: c.open, Close: c.close}
	for d, ok := range c.days {
		if ok {
			h.Days = append(h.Days, time.Weekday(d))
		}
	}
	return h
}

// IsHoliday reports whether the local calendar day of t is a public
// holiday in the calendar's state, and its German name.
func (c *Calendar) IsHoliday(t time.Time) (bool, string) {
	y, m, d := t.In(c.loc).Date()
	for _, h := range c.holidays {
		act, obs := h.Calc(y)
		if sameDate(act, y, m, d) || sameDate(obs, y, m, d) {
			return true, h.Name
		}
	}
	return false, ""
}

func sameDate(t time.Time, y int, m time.Month, d int) bool {
	if t.IsZero() {
		return false
	}
	ty, tm, td := t.Date()
	return ty == y && tm == m && td == d
}

// IsBusinessDay reports whether the local calendar day of t is one of the
// business days and not a public holiday.
func (c *Calendar) IsBusinessDay(t time.Time) bool {
	t = t.In(c.loc)
	if !c.days[t.Weekday()] {
		return false
	}
	hol, _ := c.IsHoliday(t)
	return !hol
}

// IsOpen reports whether t lies in business hours: on a business day, not
// on a public holiday, and at or after Open and before Close (wall clock).
func (c *Calendar) IsOpen(t time.Time) bool {
	t = t.In(c.loc)
	if !c.IsBusinessDay(t) {
		return false
	}
	d := dayOf(t)
	return !t.Before(c.at(d, c.open)) && t.Before(c.at(d, c.close))
}

// NextOpen returns the earliest instant at or after t at which the
// provider is open: t itself if IsOpen(t), otherwise the opening time of
// the next business day. It returns the zero Time only if no business day
// follows within maxScanDays days, which a valid calendar cannot produce.
func (c *Calendar) NextOpen(t time.Time) time.Time {
	t = t.In(c.loc)
	d := dayOf(t)
	for k := 0; k < maxScanDays; k++ {
		day := addDays(d, k)
		if !c.IsBusinessDay(day) {
			continue
		}
		open, close := c.at(day, c.open), c.at(day, c.close)
		if !t.Before(close) {
			continue
		}
		if t.After(open) {
			return t
		}
		return open
	}
	return time.Time{}
}

// openInterval returns the business hours of day (local midnight) and
// whether the day is a business day.
func (c *Calendar) openInterval(day time.Time) (open, close time.Time, ok bool) {
	if !c.IsBusinessDay(day) {
		return time.Time{}, time.Time{}, false
	}
	return c.at(day, c.open), c.at(day, c.close), true
}

// at returns the instant at wall-clock time clock on the local day day.
// It builds the time with time.Date, so 09:00 stays 09:00 on DST days; a
// clock time that does not exist (02:30 on the spring change) is
// normalised by time.Date; 24:00 is the next day's midnight.
func (c *Calendar) at(day time.Time, clock time.Duration) time.Time {
	y, m, d := day.Date()
	h := int(clock / time.Hour)
	clock -= time.Duration(h) * time.Hour
	mi := int(clock / time.Minute)
	clock -= time.Duration(mi) * time.Minute
	s := int(clock / time.Second)
	clock -= time.Duration(s) * time.Second
	return time.Date(y, m, d, h, mi, s, int(clock), c.loc)
}

// dayOf returns local midnight of t's calendar day in t's location.
func dayOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// addDays moves a local midnight by n calendar days (never by n*24h).
func addDays(day time.Time, n int) time.Time {
	y, m, d := day.Date()
	return time.Date(y, m, d+n, 0, 0, 0, 0, day.Location())
}

// clockOf returns the wall-clock time of day of t as a duration.
func clockOf(t time.Time) time.Duration {
	h, m, s := t.Clock()
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute +
		time.Duration(s)*time.Second + time.Duration(t.Nanosecond())
}

func clockString(d time.Duration) string {
	if d < 0 {
		return "-" + clockString(-d)
	}
	return fmt.Sprintf("%02d:%02d", int(d/time.Hour), int(d%time.Hour/time.Minute))
}
