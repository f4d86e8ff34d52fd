package scheduling

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/teambition/rrule-go"
)

// Describe renders r for the client in German (default) or English (lang
// "en…"), e.g.
//
//	de: "jeden ersten Dienstag im Monat, 09:00–11:00 Uhr, ab 05.01.2027"
//	en: "every first Tuesday of the month, 09:00–11:00, from 5 Jan 2027"
//	de: "alle zwei Wochen mittwochs, 14:00–16:00 Uhr, ab 02.12.2026, 6-mal; ausgenommen 16.12.2026"
//	en: "every two weeks on Wednesday, 14:00–16:00, from 2 Dec 2026, 6 times; except 16 Dec 2026"
//
// A rule it cannot put into words is shown as its RRULE. An invalid r
// gives "".
func (r Recurrence) Describe(lang string) string {
	en := strings.HasPrefix(strings.ToLower(strings.TrimSpace(lang)), "en")
	_, loc, err := r.rule()
	if err != nil {
		return ""
	}
	opt, err := rrule.StrToROptionInLocation(strings.TrimPrefix(r.RRule, "RRULE:"), loc)
	if err != nil {
		return ""
	}
	start := r.Start.In(loc)
	var b strings.Builder
	b.WriteString(describeRule(opt, en, r.RRule))
	end := start.Add(r.Duration)
	b.WriteString(", " + start.Format("15:04") + "–" + end.Format("15:04"))
	if !en {
		b.WriteString(" Uhr")
	}
	day := func(t time.Time) string {
		if en {
			return t.Format("2 Jan 2006")
		}
		return t.Format("02.01.2006")
	}
	if en {
		b.WriteString(", from " + day(start))
	} else {
		b.WriteString(", ab " + day(start))
	}
	switch {
	case opt.Count > 0 && en:
		b.WriteString(", " + strconv.Itoa(opt.Count) + " times")
	case opt.Count > 0:
		b.WriteString(", " + strconv.Itoa(opt.Count) + "-mal")
	case !opt.Until.IsZero() && en:
		b.WriteString(", until " + day(opt.Until.In(loc)))
	case !opt.Until.IsZero():
		b.WriteString(", bis " + day(opt.Until.In(loc)))
	}
	if len(r.ExDates) > 0 {
		var xs []string
		for _, x := range r.ExDates {
			xs = append(xs, day(x.In(loc)))
		}
		if en {
			b.WriteString("; except " + strings.Join(xs, ", "))
		} else {
			b.WriteString("; ausgenommen " + strings.Join(xs, ", "))
		}
	}
	return b.String()
}

var (
	germanNumbers  = [...]string{"", "ein", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwölf"}
	englishNumbers = [...]string{"", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"}
	germanOrdinals = map[int]string{1: "ersten", 2: "zweiten", 3: "dritten", 4: "vierten", 5: "fünften", -1: "letzten", -2: "vorletzten"}
	englishOrd     = map[int]string{1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last", -2: "second-to-last"}
	// rruleDays maps rrule-go's weekday numbers (Monday 0) to time.Weekday.
	rruleDays = [...]time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}
)

func number(n int, en bool) string {
	if n > 0 && n < len(germanNumbers) {
		if en {
			return englishNumbers[n]
		}
		return germanNumbers[n]
	}
	return strconv.Itoa(n)
}

// joinList joins with commas and a final "und"/"and".
func joinList(xs []string, en bool) string {
	if len(xs) <= 1 {
		return strings.Join(xs, "")
	}
	and := " und "
	if en {
		and = " and "
	}
	return strings.Join(xs[:len(xs)-1], ", ") + and + xs[len(xs)-1]
}

// describeRule puts the frequency part of a rule into words.
func describeRule(opt *rrule.ROption, en bool, raw string) string {
	interval := max(opt.Interval, 1)
	type wdn struct {
		wd time.Weekday
		n  int
	}
	var days []wdn
	for _, w := range opt.Byweekday {
		days = append(days, wdn{rruleDays[w.Day()], w.N()})
	}
	name := func(wd time.Weekday) string {
		if en {
			return wd.String()
		}
		return germanWeekdays[wd]
	}
	fallback := "RRULE:" + raw
	switch opt.Freq {
	case rrule.WEEKLY:
		if len(days) == 0 || len(opt.Bymonthday) > 0 {
			return fallback
		}
		var names []string
		for _, d := range days {
			if d.n != 0 {
				return fallback
			}
			names = append(names, name(d.wd))
		}
		if interval == 1 {
			if en {
				return "every " + joinList(names, true)
			}
			return "jeden " + joinList(names, false)
		}
		if en {
			return "every " + number(interval, true) + " weeks on " + joinList(names, true)
		}
		for i := range names {
			names[i] = strings.ToLower(names[i][:1]) + names[i][1:] + "s"
		}
		return "alle " + number(interval, false) + " Wochen " + joinList(names, false)
	case rrule.MONTHLY:
		every := ""
		if interval > 1 {
			if en {
				every = "every " + number(interval, true) + " months"
			} else {
				every = "alle " + number(interval, false) + " Monate"
			}
		}
		if len(days) == 1 && days[0].n != 0 && len(opt.Bymonthday) == 0 {
			ord, ok := germanOrdinals[days[0].n]
			if en {
				ord, ok = englishOrd[days[0].n]
			}
			if !ok {
				return fallback
			}
			switch {
			case every != "" && en:
				return every + " on the " + ord + " " + name(days[0].wd)
			case every != "":
				return every + " am " + ord + " " + name(days[0].wd)
			case en:
				return "every " + ord + " " + name(days[0].wd) + " of the month"
			default:
				return "jeden " + ord + " " + name(days[0].wd) + " im Monat"
			}
		}
		if len(days) == 0 && len(opt.Bymonthday) == 1 && opt.Bymonthday[0] > 0 {
			d := opt.Bymonthday[0]
			switch {
			case every != "" && en:
				return every + " on the " + englishOrdinal(d)
			case every != "":
				return every + " am " + strconv.Itoa(d) + "."
			case en:
				return "on the " + englishOrdinal(d) + " of every month"
			default:
				return "am " + strconv.Itoa(d) + ". jedes Monats"
			}
		}
	}
	return fallback
}

func englishOrdinal(d int) string {
	suffix := "th"
	switch {
	case d%100 >= 11 && d%100 <= 13:
	case d%10 == 1:
		suffix = "st"
	case d%10 == 2:
		suffix = "nd"
	case d%10 == 3:
		suffix = "rd"
	}
	return fmt.Sprintf("%d%s", d, suffix)
}
