package converse

import (
	"fmt"
	"strings"
	"time"
)

// Reading records: the 'Label: value' lines of a message, names, phone
// numbers, systems and time windows as the bot writes them.

var (
	titleRE    = mustPy(`\b(?:herr|frau|dr|prof|mr|mrs|ms|miss)\b\.?`, reI)
	nameJunkRE = mustPy(`[^\w'\- ]`, re0)
	nonDigitRE = mustPy(`\D`, re0)
	systemRE   = mustPy(`^(?:den |dem |the )?(?:server|system)\s+`, re0)
	systemWsRE = mustPy(`[\s_]`, re0)
	fieldRE    = mustPy(`^\s*([A-Za-zÄÖÜäöü ]{2,14}?)\s*:\s*(.*?)\s*$`, re0)
	asapRE     = mustPy(`so bald wie möglich|schnellstmöglich|as soon as possible|\basap\b|sofort`, reI)
	yearRE     = mustPy(`\((\d{4})\)`, re0)
	dmRE       = mustPy(`\b(\d{1,2})\.\s?(\d{1,2})\.(\d{4})?`, re0)
	dMonENRE   = mustPy(`\b(\d{1,2})\.?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b`, reI)
	dMonDERE   = mustPy(`\b(\d{1,2})\.\s+(januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember|maerz)\b`, reI)
	isoDateRE  = mustPy(`\b(\d{4})-(\d{2})-(\d{2})\b`, re0)
	clockRE    = mustPy(`\b(\d{1,2}):(\d{2})\b`, re0)
	daySpecRE  = mustPy(`^(?:\+?\s*(\d+)\s*(workdays?|working days?|werktage?|arbeitstage?)?)\Z`, re0)
	isoSpecRE  = mustPy(`^(?:(\d{4})-(\d{2})-(\d{2}))\Z`, re0)
)

var fieldLabels = map[string]string{
	"name": "name", "telefon": "phone", "phone": "phone", "tel": "phone", "thema": "topic", "topic": "topic",
	"zeit": "time", "time": "time", "hersteller": "vendor", "vendor": "vendor", "system": "system",
	"zweck": "purpose", "purpose": "purpose", "adminrechte": "admin", "admin rights": "admin",
}

// textFields returns the 'Label: value' lines of a message by canonical
// label (the first of each).
func textFields(text string) map[string]string {
	out := map[string]string{}
	for _, line := range splitLines(text) {
		m := fieldRE.search(line)
		if m == nil {
			continue
		}
		label, ok := fieldLabels[strings.ToLower(group(line, m, 1))]
		if _, dup := out[label]; ok && !dup {
			out[label] = group(line, m, 2)
		}
	}
	return out
}

// normName is a name without titles, punctuation and case.
func normName(s string) string {
	s = titleRE.replace(s, " ")
	s = nameJunkRE.replace(s, " ")
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), isPySpace), " ")
}

func digits(s string) string { return nonDigitRE.replace(s, "") }

// phoneMatches reports whether shown is the E.164 number wanted, written
// nationally or internationally.
func phoneMatches(wantE164, shown string) bool {
	e, s := digits(wantE164), digits(shown)
	if s == "" || e == "" {
		return false
	}
	if s == e || s == "00"+e {
		return true
	}
	if strings.HasPrefix(s, "0") && !strings.HasPrefix(s, "00") {
		nsn := s[1:]
		d := len([]rune(e)) - len([]rune(nsn))
		return strings.HasSuffix(e, nsn) && d >= 1 && d <= 3
	}
	return false
}

// normSystem is a system name without "the server", case and spaces.
func normSystem(s string) string {
	s = strip(strings.ToLower(s))
	s = systemRE.replace(s, "")
	return systemWsRE.replace(s, "")
}

var (
	monthsEN3 = map[string]int{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
		"sep": 9, "oct": 10, "nov": 11, "dec": 12}
	monthsDE = map[string]int{"januar": 1, "februar": 2, "märz": 3, "april": 4, "mai": 5, "juni": 6, "juli": 7,
		"august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12, "maerz": 3}
)

// window is a time as the bot writes it.
type window struct {
	day      time.Time // zero: none
	from, to string    // HH:MM, "" for none
	asap     bool
}

// parseWindow reads the day and times of a window written by the bot.
func parseWindow(t string, today time.Time) window {
	var w window
	w.asap = asapRE.has(t)
	year := 0
	if m := yearRE.search(t); m != nil {
		year, _ = pyInt(group(t, m, 1))
	}
	var d, mo int
	found := false
	if m := dmRE.search(t); m != nil {
		found = true
		d, _ = pyInt(group(t, m, 1))
		mo, _ = pyInt(group(t, m, 2))
		if y := group(t, m, 3); y != "" {
			year, _ = pyInt(y)
		}
	} else if m := firstOf(t, dMonENRE, dMonDERE); m != nil {
		found = true
		d, _ = pyInt(group(t, m, 1))
		key := strings.ToLower(group(t, m, 2))
		k3 := string([]rune(key)[:min(3, len([]rune(key)))])
		_, isEN := monthsEN3[k3]
		_, isDE := monthsDE[key]
		if isEN && !isDE {
			mo = monthsEN3[k3]
		} else if v, ok := monthsDE[key]; ok {
			mo = v
		} else {
			mo = monthsEN3[k3]
		}
	} else if m := isoDateRE.search(t); m != nil {
		found = true
		year, _ = pyInt(group(t, m, 1))
		mo, _ = pyInt(group(t, m, 2))
		d, _ = pyInt(group(t, m, 3))
	}
	if found {
		if year == 0 {
			if day, ok := validDay(today.Year(), mo, d); ok {
				w.day = day
				if day.Before(today.AddDate(0, 0, -60)) {
					w.day, _ = validDay(today.Year()+1, mo, d)
				}
			}
		} else {
			w.day, _ = validDay(year, mo, d)
		}
	}
	times := clockRE.findAll(t)
	if len(times) > 0 {
		w.from = clock(t, times[0])
	}
	if len(times) > 1 {
		w.to = clock(t, times[1])
	}
	return w
}

func firstOf(t string, res ...*pyre) []int {
	for _, re := range res {
		if m := re.search(t); m != nil {
			return m
		}
	}
	return nil
}

func clock(t string, m []int) string {
	h, _ := pyInt(group(t, m, 1))
	return fmt.Sprintf("%02d:%s", h, group(t, m, 2))
}

// validDay is date(y, m, d), false where Python's date raises.
func validDay(y, m, d int) (time.Time, bool) {
	day, err := pyDate(y, m, d)
	return day, err == nil
}

// pyDate is Python's date(y, m, d) with its error messages.
func pyDate(y, m, d int) (time.Time, error) {
	switch {
	case y < 1 || y > 9999:
		return time.Time{}, fmt.Errorf("year %d is out of range", y)
	case m < 1 || m > 12:
		return time.Time{}, fmt.Errorf("month must be in 1..12")
	}
	day := civil(y, time.Month(m), d)
	if d < 1 || day.Month() != time.Month(m) {
		return time.Time{}, fmt.Errorf("day is out of range for month")
	}
	return day, nil
}

var weekdayKeys = map[string]int{"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
	"mo": 0, "di": 1, "mi": 2, "do": 3, "fr": 4, "sa": 5, "so": 6}

// dayMatcher returns a test on dates for an outcome's day, and its
// description.
func dayMatcher(spec any, today time.Time) (func(time.Time) bool, string, error) {
	s := strings.ToLower(strip(pyStr(spec)))
	if m := daySpecRE.search(s); m != nil {
		n, err := pyInt(group(s, m, 1))
		kind := "d"
		if group(s, m, 2) != "" {
			kind = "wd"
		}
		if err != nil {
			return nil, "", fmt.Errorf("date value out of range")
		}
		d, err := resolveDay(kind, n, today)
		if err != nil {
			return nil, "", err
		}
		return func(x time.Time) bool { return x.Equal(d) }, isoDay(d), nil
	}
	if m := isoSpecRE.search(s); m != nil {
		y, _ := pyInt(group(s, m, 1))
		mo, _ := pyInt(group(s, m, 2))
		dd, _ := pyInt(group(s, m, 3))
		d, err := pyDate(y, mo, dd)
		if err != nil {
			return nil, "", err
		}
		return func(x time.Time) bool { return x.Equal(d) }, isoDay(d), nil
	}
	r := []rune(s)
	k := string(r[:min(3, len(r))])
	if _, ok := weekdayKeys[k]; !ok {
		k = string(r[:min(2, len(r))])
	}
	if wd, ok := weekdayKeys[k]; ok {
		last := today.AddDate(0, 0, 28)
		return func(x time.Time) bool {
			return !x.IsZero() && weekday(x) == wd && !x.Before(today) && !x.After(last)
		}, "a " + dayEN[wd] + " of the coming weeks", nil
	}
	return nil, "", fmt.Errorf("day %s: write +N, +N workday, Mon..Sun or YYYY-MM-DD", pyRepr(spec))
}

// parseISO is datetime.fromisoformat for the forms a bot sends; a time
// without zone is local time, as Python's astimezone takes it.
func parseISO(v any) (time.Time, bool) {
	s, ok := v.(string)
	if !ok || s == "" {
		return time.Time{}, false
	}
	s = strings.ReplaceAll(s, "Z", "+00:00")
	for _, layout := range []string{"2006-01-02T15:04:05.999999999-07:00", "2006-01-02T15:04-07:00", "2006-01-02T15-07:00",
		"2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04-07:00", "2006-01-02T15:04:05.999999999-0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	for _, layout := range []string{"2006-01-02T15:04:05.999999999", "2006-01-02T15:04", "2006-01-02T15",
		"2006-01-02 15:04:05.999999999", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, time.Local); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// metaWindow returns the start and end a record's fields name.
func metaWindow(fields *object) (start, end time.Time, ok bool) {
	for _, p := range [][2]string{{"start", "end"}, {"window_start", "window_end"}, {"from", "to"}, {"first_start", "first_end"}} {
		if s, ok := parseISO(fields.get(p[0])); ok {
			e, _ := parseISO(fields.get(p[1]))
			return s, e, true
		}
	}
	for _, key := range []string{"window", "first", "slot"} {
		if w := asObject(fields.get(key)); w != nil {
			if s, ok := parseISO(w.get("start")); ok {
				e, _ := parseISO(w.get("end"))
				return s, e, true
			}
		}
	}
	for _, key := range []string{"slots", "windows", "occurrences"} {
		if ws, _ := fields.get(key).([]any); len(ws) > 0 {
			if w := asObject(ws[0]); w != nil {
				if s, ok := parseISO(w.get("start")); ok {
					e, _ := parseISO(w.get("end"))
					return s, e, true
				}
			}
		}
	}
	return time.Time{}, time.Time{}, false
}

// windowOf is the window a record's start and end give, in Berlin time.
func windowOf(start, end time.Time) window {
	s := toBerlin(start)
	w := window{day: dayOf(s), from: s.Format("15:04")}
	if !end.IsZero() {
		w.to = toBerlin(end).Format("15:04")
	}
	return w
}
