package converse

import (
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Dates are calendar days in Europe/Berlin, held as time.Time at midnight
// UTC so that adding days never meets a clock change.

// maxDays keeps day arithmetic inside the years 1 to 9999, as Python's
// date does.
const maxDays = 3_660_000

var (
	dayDE   = []string{"Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"}
	dayEN   = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	monthDE = []string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
		"Oktober", "November", "Dezember"}
	monthEN = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September",
		"October", "November", "December"}
)

var (
	datePH = mustPy(`\{\{\s*(wd|d|sat|sun|hol)\s*\+\s*(\d+)\s*(?:\|\s*([^{}]*?)\s*)?\}\}`, re0)
	userPH = mustPy(`\{\{\s*@([A-Za-z0-9._-]+)\s*\}\}`, re0)
	refPH  = mustPy(`\{\{\s*ref:(CB|VA|PR)\s*\}\}`, re0)
	runPH  = mustPy(`\{\{\s*run\s*\}\}`, re0)
)

// civil returns the calendar day of year, month, day.
func civil(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// dayOf returns the calendar day of t in t's location.
func dayOf(t time.Time) time.Time { return civil(t.Year(), t.Month(), t.Day()) }

// weekday is Python's date.weekday(): Monday 0 … Sunday 6.
func weekday(d time.Time) int { return (int(d.Weekday()) + 6) % 7 }

func isoDay(d time.Time) string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year(), int(d.Month()), d.Day())
}

// berlin returns Europe/Berlin, or nil when there is no time-zone database
// (then the EU rule for CET/CEST is used, as converse.py does).
func berlin() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return nil
	}
	return loc
}

func lastSunday(year int, month time.Month) time.Time {
	d := civil(year, month, 31)
	return d.AddDate(0, 0, -((weekday(d) + 1) % 7))
}

// toBerlin returns t in Berlin local time.
func toBerlin(t time.Time) time.Time {
	if loc := berlin(); loc != nil {
		return t.In(loc)
	}
	u := t.UTC()
	start := lastSunday(u.Year(), time.March).Add(time.Hour)
	end := lastSunday(u.Year(), time.October).Add(time.Hour)
	off := 1
	if !u.Before(start) && u.Before(end) {
		off = 2
	}
	return u.In(time.FixedZone("Berlin", off*3600))
}

// berlinToday is today's date in Europe/Berlin.
func berlinToday() time.Time { return dayOf(toBerlin(time.Now())) }

// easterSunday is Easter Sunday (Gregorian; the anonymous algorithm of 1876).
func easterSunday(year int) time.Time {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month, day := (h+l-7*m+114)/31, (h+l-7*m+114)%31
	return civil(year, time.Month(month), day+1)
}

// hamburgHolidays returns the public holidays in Hamburg, by date.
func hamburgHolidays(year int) map[time.Time]string {
	e := easterSunday(year)
	return map[time.Time]string{
		civil(year, 1, 1):   "Neujahr",
		e.AddDate(0, 0, -2): "Karfreitag",
		e.AddDate(0, 0, 1):  "Ostermontag",
		civil(year, 5, 1):   "Tag der Arbeit",
		e.AddDate(0, 0, 39): "Christi Himmelfahrt",
		e.AddDate(0, 0, 50): "Pfingstmontag",
		civil(year, 10, 3):  "Tag der Deutschen Einheit",
		civil(year, 10, 31): "Reformationstag",
		civil(year, 12, 25): "1. Weihnachtstag",
		civil(year, 12, 26): "2. Weihnachtstag",
	}
}

func isHoliday(d time.Time) bool {
	_, ok := hamburgHolidays(d.Year())[d]
	return ok
}

func isWorkday(d time.Time) bool { return weekday(d) < 5 && !isHoliday(d) }

// resolveDay is the date a placeholder names. N counts from today, today
// itself excluded (N = 0: today for d, else today when it qualifies, else
// the next day that does).
func resolveDay(kind string, n int, today time.Time) (time.Time, error) {
	if kind == "d" {
		if n > maxDays {
			return time.Time{}, errors.New("date value out of range")
		}
		return today.AddDate(0, 0, n), nil
	}
	tests := map[string]func(time.Time) bool{
		"wd":  isWorkday,
		"sat": func(d time.Time) bool { return weekday(d) == 5 },
		"sun": func(d time.Time) bool { return weekday(d) == 6 },
		"hol": func(d time.Time) bool { return isHoliday(d) && weekday(d) < 5 },
	}
	test, ok := tests[kind]
	if !ok {
		return time.Time{}, fmt.Errorf("unknown day kind %q", kind)
	}
	d := today
	if n == 0 {
		for !test(d) {
			d = d.AddDate(0, 0, 1)
		}
		return d, nil
	}
	count := 0
	for range 3 * 366 {
		d = d.AddDate(0, 0, 1)
		if test(d) {
			count++
			if count == n {
				return d, nil
			}
		}
	}
	return time.Time{}, fmt.Errorf("no date for %s+%d", kind, n)
}

// formatDay writes d in one of the placeholder formats.
func formatDay(d time.Time, format string) (string, error) {
	format = strings.TrimFunc(format, isPySpace)
	if format == "" {
		format = "iso"
	}
	wd, day, mon := weekday(d), d.Day(), int(d.Month())
	switch format {
	case "iso":
		return isoDay(d), nil
	case "d.m.":
		return fmt.Sprintf("%d.%d.", day, mon), nil
	case "dd.mm.":
		return fmt.Sprintf("%02d.%02d.", day, mon), nil
	case "d.m.y":
		return fmt.Sprintf("%d.%d.%d", day, mon, d.Year()), nil
	case "dd.mm.yyyy":
		return fmt.Sprintf("%02d.%02d.%d", day, mon, d.Year()), nil
	case "day_de":
		return dayDE[wd], nil
	case "day_en":
		return dayEN[wd], nil
	case "de_long":
		return fmt.Sprintf("%s, %d. %s", dayDE[wd], day, monthDE[mon-1]), nil
	case "en_long":
		return fmt.Sprintf("%s, %d %s", dayEN[wd], day, monthEN[mon-1]), nil
	}
	return "", fmt.Errorf("unknown date format |%s", format)
}

// fillDates replaces the date placeholders of s.
func fillDates(s string, today time.Time) (string, error) {
	var firstErr error
	out := datePH.sub(s, func(m []int) string {
		if firstErr != nil {
			return ""
		}
		kind, digits := group(s, m, 1), group(s, m, 2)
		n, err := pyInt(digits)
		if err != nil || n > maxDays {
			if kind == "d" {
				firstErr = errors.New("date value out of range")
			} else {
				firstErr = fmt.Errorf("no date for %s+%s", kind, strings.TrimLeft(digits, "0"))
			}
			return ""
		}
		d, err := resolveDay(kind, n, today)
		if err == nil {
			var f string
			if f, err = formatDay(d, group(s, m, 3)); err == nil {
				return f
			}
		}
		firstErr = err
		return ""
	})
	return out, firstErr
}

// pyInt is int(s) for a run of decimal digits (any script, as \d is).
func pyInt(s string) (int, error) {
	var b strings.Builder
	for _, r := range s {
		v := digitValue(r)
		if v < 0 {
			return 0, fmt.Errorf("invalid literal for int(): %s", pyRepr(s))
		}
		b.WriteByte(byte('0' + v))
	}
	return strconv.Atoi(b.String())
}

// digitValue is the value of a Unicode decimal digit, -1 for others.
// Decimal digits come in runs of ten, 0 to 9.
func digitValue(r rune) int {
	if r >= '0' && r <= '9' {
		return int(r - '0')
	}
	if !unicode.IsDigit(r) {
		return -1
	}
	v := 0
	for unicode.IsDigit(r-1) && v < 9 {
		r--
		v++
	}
	return v
}

// runToken is four digits that stay the same for one run ({{run}}).
func runToken(prefix string) string {
	sum := sha1.Sum([]byte(prefix))
	n, _ := new(big.Int).SetString(hex.EncodeToString(sum[:]), 16)
	n.Mod(n, big.NewInt(9000))
	return strconv.FormatInt(1000+n.Int64(), 10)
}

// safeID is an id the bot accepts: other characters become _, at most 128.
func safeID(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n == 128 {
			break
		}
		if (r >= 'A' && r <= 'Z') || (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || strings.ContainsRune("._:@-", r) {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
		n++
	}
	return b.String()
}
