package scheduling

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrNoDuration means ParseDuration found no length of time in the text;
// the caller should ask how long the work will take.
var ErrNoDuration = errors.New("no duration recognised")

// HalfDay is the length of "half a day" / "ein halber Tag".
const HalfDay = 4 * time.Hour

// maxDurationHours bounds an amount of hours or minutes that ParseDuration
// accepts; larger amounts are no vendor window and are not read.
const maxDurationHours = 1000

// Duration is the length of a window a client asked for.
type Duration struct {
	// D is the length; zero when AllDay or Days is set.
	D time.Duration
	// AllDay: "ganztägig", "den ganzen Tag", "all day", "1 Tag": the
	// maintenance hours of the day (see VendorPolicy.DayHours).
	AllDay bool
	// Days is the number of days asked for when more than one ("2 Tage",
	// "three days"); such a wish is longer than any vendor window.
	Days int
	// FromRange: D was taken from a time range ("von 9 bis 12 Uhr")
	// because no length was named.
	FromRange bool
	// Phrase is the recognised part of the text, as written.
	Phrase string
}

// ParseDuration reads how long a vendor window should be from a message
// in German or English. It understands amounts with units ("2 Stunden",
// "90 Minuten", "1,5 h", "1.5 hours", "2h", "1h30", "zwei Std.", "eine
// halbe Stunde", "half an hour", "anderthalb Stunden", "eine
// Viertelstunde", "1 Stunde und 30 Minuten", "for 3 hours"), half days
// ("halber Tag", "half a day", "halbtags": HalfDay) and whole days
// ("ganztägig", "den ganzen Tag", "all day", "a full day": AllDay; "2
// Tage": Days). "in 2 Stunden" is a start ("in two hours' time"), not a
// length, and is skipped; so is a time of day ("um 14h"). Without a named
// length, a time range gives it: "am 15.12. von 9 bis 12 Uhr" is three
// hours (wall clock; FromRange is set). The first length named wins.
//
// It returns ErrNoDuration (wrapped) if nothing was found.
func ParseDuration(text string) (Duration, error) {
	toks := tokenize(text)
	dp := durParser{text: text, p: parser{toks: toks}}
	for i := 0; i < len(toks); {
		if d, n := dp.at(i); n > 0 {
			if (d.D > 0 && d.D <= maxDurationHours*time.Hour) || d.AllDay || d.Days > 0 {
				d.Phrase = strings.ToValidUTF8(strings.TrimSpace(text[toks[i].start:toks[i+n-1].end]), "\uFFFD")
				return d, nil
			}
			i += n
			continue
		}
		i++
	}
	s, stoks := parseSpec(text)
	if s.clk == clkRange {
		a, b := resolveClock(s.t1, s.part), resolveClock(s.t2, s.part)
		if b <= a && s.t2.amb && b < 12*time.Hour && b+12*time.Hour-a <= 9*time.Hour {
			b += 12 * time.Hour // "11-1" = 11:00–13:00, as ParseWindow reads it
		}
		if b > a && b <= 24*time.Hour {
			return Duration{D: b - a, FromRange: true, Phrase: s.phrase(text, stoks)}, nil
		}
	}
	return Duration{}, fmt.Errorf("scheduling: parse duration: %w", ErrNoDuration)
}

// durParser reads lengths of time from the tokens of one message.
type durParser struct {
	text string
	p    parser
}

// timeLeads are words after which a number is a time of day or a start,
// not a length.
var timeLeads = []string{"um", "ab", "bis", "von", "zwischen", "gegen", "at", "from", "until", "till", "between",
	"by", "before", "after", "nach", "vor", "in", "within", "innerhalb", "binnen", "seit", "since", "am", "den", "on",
	"it", "auf"} // "make it 14h", "auf 14h"

// at tries to read a length at token i. It returns the tokens consumed
// (0 if none). A length after "in"/"within" is consumed but returned
// empty, so that "in 2 Stunden" is skipped as a whole.
func (dp *durParser) at(i int) (Duration, int) {
	p := &dp.p
	w := p.word(i)
	// whole and half days written as one phrase
	for _, ph := range allDayPhrases {
		if p.seq(i, ph) {
			return Duration{AllDay: true}, len(ph)
		}
	}
	for _, ph := range halfDayPhrases {
		if p.seq(i, ph) {
			return Duration{D: HalfDay}, len(ph)
		}
	}
	if in(w, "in", "within", "innerhalb", "binnen") {
		j := i + 1
		if p.word(j) == "von" || p.word(j) == "of" {
			j++
		}
		if _, n := dp.amount(j); n > 0 {
			return Duration{}, j - i + n // a start, not a length
		}
		return Duration{}, 0
	}
	if in(p.word(i-1), timeLeads...) {
		return Duration{}, 0
	}
	return dp.amount(i)
}

var (
	allDayPhrases = [][]string{
		{"ganztaegig"}, {"ganztags"}, {"den", "ganzen", "tag"}, {"ganzen", "tag"}, {"ganzer", "tag"},
		{"einen", "ganzen", "tag"}, {"all", "day"}, {"the", "whole", "day"}, {"whole", "day"},
		{"a", "full", "day"}, {"full", "day"}, {"the", "entire", "day"}, {"entire", "day"},
	}
	halfDayPhrases = [][]string{
		{"einen", "halben", "tag"}, {"ein", "halber", "tag"}, {"halben", "tag"}, {"halber", "tag"},
		{"halbtags"}, {"halbtaegig"}, {"half", "a", "day"}, {"a", "half", "day"}, {"half", "day"},
		{"half", "of", "the", "day"},
	}
)

// amount reads "<number> <unit>" at i, with the forms listed at
// ParseDuration, and a following "(und) <number> Minuten".
func (dp *durParser) amount(i int) (Duration, int) {
	p := &dp.p
	j := i
	var hours float64 // amount in the unit read below
	fixed := time.Duration(0)
	switch w := p.word(j); {
	case in(w, "eine", "einer", "ein", "ne", "a") && in(p.word(j+1), "halbe", "halben", "half") && p.word(j+2) == "stunde":
		fixed, j = 30*time.Minute, j+3
	case in(w, "halbe", "halben") && p.word(j+1) == "stunde":
		fixed, j = 30*time.Minute, j+2
	case w == "half" && in(p.word(j+1), "an", "a") && p.word(j+2) == "stunde":
		fixed, j = 30*time.Minute, j+3
	case in(w, "eine", "einer", "a") && in(p.word(j+1), "viertelstunde"):
		fixed, j = 15*time.Minute, j+2
	case w == "viertelstunde":
		fixed, j = 15*time.Minute, j+1
	case in(w, "eine", "einer") && p.word(j+1) == "dreiviertelstunde", w == "dreiviertelstunde":
		fixed = 45 * time.Minute
		if w == "dreiviertelstunde" {
			j++
		} else {
			j += 2
		}
	case in(w, "dreiviertel", "dreiviertels") && p.word(j+1) == "stunde":
		fixed, j = 45*time.Minute, j+2
	case w == "a" && p.word(j+1) == "quarter" && (p.word(j+2) == "stunde" || (p.word(j+2) == "of" && in(p.word(j+3), "an", "a") && p.word(j+4) == "stunde")):
		fixed = 15 * time.Minute
		if p.word(j+2) == "stunde" {
			j += 3
		} else {
			j += 5
		}
	case in(w, "anderthalb", "eineinhalb", "einhalb"):
		hours, j = 1.5, j+1
	default:
		v, n := dp.number(j)
		if n == 0 {
			return Duration{}, 0
		}
		hours, j = v, j+n
	}
	if fixed > 0 {
		return dp.minutesAfter(fixed, i, j)
	}
	if hours <= 0 || hours > maxDurationHours {
		return Duration{}, 0
	}
	if p.punct(j, "-") && p.adjacent(j-1) && p.adjacent(j) {
		// "a 2-hour patch", "ein 3-stündiges Update"
		j++
	}
	unit := p.word(j)
	switch {
	case strings.HasPrefix(unit, "stündig"), strings.HasPrefix(unit, "stuendig"):
		unit = "stunde"
	case strings.HasPrefix(unit, "minütig"), strings.HasPrefix(unit, "minuetig"):
		unit = "minute"
	}
	switch unit {
	case "stunde", "h":
		if unit == "h" && !p.adjacent(j-1) && p.toks[j-1].kind != tokNum {
			return Duration{}, 0
		}
		if dp.isClockTime(i, j) {
			return Duration{}, 0
		}
		d := time.Duration(hours * float64(time.Hour))
		j++
		if dp.abbrevDot(j) {
			j++ // "Std."
		}
		// "1h30"
		if unit == "h" && p.adjacent(j-1) {
			if m, md, ok := p.num(j); ok && md == 2 && m < 60 {
				return Duration{D: d + time.Duration(m)*time.Minute}, j + 1 - i
			}
		}
		return dp.minutesAfter(d, i, j)
	case "minute":
		d := time.Duration(hours * float64(time.Minute))
		j++
		if dp.abbrevDot(j) {
			j++ // "Min."
		}
		return Duration{D: d.Round(time.Minute)}, j - i
	case "tag", "tage", "day", "arbeitstag", "arbeitstage", "werktag", "werktage":
		days := int(hours)
		if float64(days) != hours {
			if hours == 0.5 {
				return Duration{D: HalfDay}, j + 1 - i
			}
			return Duration{}, 0
		}
		if days == 1 {
			return Duration{AllDay: true}, j + 1 - i
		}
		return Duration{Days: days}, j + 1 - i
	}
	return Duration{}, 0
}

// abbrevDot reports whether token j is the dot of an abbreviated unit
// just before it ("Std.", "Min."), not the full stop after "Stunden".
func (dp *durParser) abbrevDot(j int) bool {
	p := &dp.p
	if !p.punct(j, ".") || !p.adjacent(j-1) {
		return false
	}
	t := p.toks[j-1]
	return in(strings.ToLower(dp.text[t.start:t.end]), "std", "stdn", "min", "mins", "hr", "hrs", "h")
}

// minutesAfter adds "(und|and) 30 Minuten" after a length ending before
// token j that started at token i.
func (dp *durParser) minutesAfter(d time.Duration, i, j int) (Duration, int) {
	p := &dp.p
	k := j
	if in(p.word(k), "und", "and") {
		k++
	}
	if m, _, ok := p.num(k); ok && m > 0 && m < 60 && p.word(k+1) == "minute" {
		return Duration{D: d + time.Duration(m)*time.Minute}, k + 2 - i
	}
	// "an hour and a half", "zwei Stunden und eine halbe"
	if k > j && d%time.Hour == 0 && in(p.word(k), "a", "eine", "ein") && in(p.word(k+1), "half", "halbe", "halb") {
		k += 2
		if p.word(k) == "stunde" {
			k++
		}
		return Duration{D: d + 30*time.Minute}, k - i
	}
	return Duration{D: d}, j - i
}

// number reads an amount at j: digits with an optional decimal part
// written with a comma or a dot ("1,5", "1.5"), or a count word ("zwei",
// "eine", "a", "an"). It returns the value and the tokens consumed.
func (dp *durParser) number(j int) (float64, int) {
	p := &dp.p
	if n, dg, ok := p.num(j); ok {
		if dg > 4 {
			return 0, 0
		}
		v := float64(n)
		// decimal part: "1,5" (the comma is no token) or "1.5"
		if j+1 < len(p.toks) {
			next := p.toks[j+1]
			if next.kind == tokNum && next.n >= 0 && len(next.s) <= 2 &&
				next.start == p.toks[j].end+1 && dp.text[p.toks[j].end] == ',' {
				return v + fraction(next.n, len(next.s)), 2
			}
			if p.punct(j+1, ".") && p.adjacent(j) && p.adjacent(j+1) {
				if f, fd, ok := p.num(j + 2); ok && fd <= 2 {
					return v + fraction(f, fd), 3
				}
			}
		}
		return v, 1
	}
	if n, ok := countWords[p.word(j)]; ok {
		return float64(n), 1
	}
	if n, ok := hourWords[p.word(j)]; ok {
		return float64(n), 1
	}
	return 0, 0
}

func fraction(n, digits int) float64 {
	f := float64(n)
	for ; digits > 0; digits-- {
		f /= 10
	}
	return f
}

// isClockTime reports whether the number at i followed by "h" at j is a
// time of day rather than a length: "14h-16h", "9:00 h", "8h bis 10h".
func (dp *durParser) isClockTime(i, j int) bool {
	p := &dp.p
	if p.punct(i-1, ":") || p.punct(i-1, "-") || in(p.word(i-1), "bis", "to", "und") {
		return true
	}
	return p.punct(j+1, "-") || in(p.word(j+1), "bis", "to", "until", "uhr")
}
