package scheduling

import (
	"strings"
	"time"
)

// This file turns the tokens of a message into a spec: what day, what
// time of day, what relative offset the client asked for. Resolving the
// spec against the clock and the calendar happens in window.go.

// dayKind says how the day of a wish was given.
type dayKind uint8

const (
	dayNone     dayKind = iota
	dayRel              // heute, morgen, übermorgen, in 3 Tagen
	dayWeekday          // (nächsten) Dienstag
	dayDate             // 3.12., 3. Dezember, Dec 3
	dayOfMonth          // am 3., the 3rd
	dayNextWeek         // nächste Woche without a weekday: not enough
)

// clockKind says how the time of day was given.
type clockKind uint8

const (
	clkNone  clockKind = iota
	clkPoint           // um 14 Uhr
	clkRange           // zwischen 9 und 11
	clkFrom            // ab 14 Uhr
	clkUntil           // bis 12 Uhr
)

// dayPart is a named part of the day; see partRange for the hours.
type dayPart uint8

const (
	partNone dayPart = iota
	partMorning
	partNoon
	partAfternoon
	partEvening
	// partFirst is the first hour of the business day ("first thing",
	// "gleich morgens").
	partFirst
)

// partRange returns the wall-clock hours of a part of the day:
// Vormittag/morning 08–12, Mittag/noon 12–14, Nachmittag/afternoon 13–17,
// Abend/evening 17–19, "first thing"/"gleich morgens" 08–09.
func partRange(p dayPart) (start, end time.Duration) {
	switch p {
	case partFirst:
		return 8 * time.Hour, 9 * time.Hour
	case partMorning:
		return 8 * time.Hour, 12 * time.Hour
	case partNoon:
		return 12 * time.Hour, 14 * time.Hour
	case partAfternoon:
		return 13 * time.Hour, 17 * time.Hour
	case partEvening:
		return 17 * time.Hour, 19 * time.Hour
	}
	return 0, 0
}

// clock is a time of day as written.
type clock struct {
	h, m int
	// amb: written without am/pm and without a leading zero, so "3" may
	// mean 15:00; resolved with the part of the day or the business rule.
	amb bool
	// hasMer: written with am or pm (already applied to h).
	hasMer bool
}

// spec is everything recognised in one message.
type spec struct {
	asap     bool // sofort, asap
	weakASAP bool // jetzt, now: only if nothing else was said
	anytime  bool // jederzeit, den ganzen Tag: the whole day, or ASAP without a day

	hasRel bool // in 2 Stunden
	rel    time.Duration

	day        dayKind
	relDays    int
	wd         time.Weekday
	wdNext     bool // nächsten: strictly after today
	weeksAhead int  // übernächsten: one more week
	inWeeks    int  // "in 2 Wochen": with a weekday, that weekday of the calendar week 2 weeks on
	nextWeek   bool // nächste Woche Dienstag: the Tuesday of next week
	dd, mm, yy int  // date; yy 0 = next occurrence

	part dayPart

	clk    clockKind
	t1, t2 clock

	first, last int // span of tokens that contributed; first -1 if none
	dayEnd      int // index of the last token of the day expression
}

// parser walks the tokens left to right; the first statement of each
// kind wins, later ones are ignored.
type parser struct {
	text string
	toks []token
	s    spec
}

func parseSpec(text string) (spec, []token) {
	p := &parser{text: text, toks: tokenize(text)}
	p.s.first, p.s.dayEnd = -1, -2
	for i := 0; i < len(p.toks); {
		n := p.matchAt(i)
		if n <= 0 {
			n = 1
		}
		i += n
	}
	return p.s, p.toks
}

// mark records that tokens [i, i+n) contributed to the result.
func (p *parser) mark(i, n int) {
	if p.s.first < 0 || i < p.s.first {
		p.s.first = i
	}
	if e := i + n - 1; e > p.s.last {
		p.s.last = e
	}
}

// markDay is mark for the day expression, whose end bareAfterDay needs.
func (p *parser) markDay(i, n int) {
	p.mark(i, n)
	p.s.dayEnd = i + n - 1
}

// phrase returns the original text of the recognised tokens.
func (s *spec) phrase(text string, toks []token) string {
	if s.first < 0 || s.last >= len(toks) {
		return ""
	}
	ph := text[toks[s.first].start:toks[s.last].end]
	return strings.ToValidUTF8(strings.TrimSpace(ph), "\uFFFD")
}

// word returns the word at i, or "" if there is none.
func (p *parser) word(i int) string {
	if i < 0 || i >= len(p.toks) || p.toks[i].kind != tokWord {
		return ""
	}
	return p.toks[i].s
}

// num returns the number at i and its digit count.
func (p *parser) num(i int) (n, digits int, ok bool) {
	if i < 0 || i >= len(p.toks) || p.toks[i].kind != tokNum || p.toks[i].n < 0 {
		return 0, 0, false
	}
	return p.toks[i].n, len(p.toks[i].s), true
}

// punct reports whether the token at i is the punctuation mark c.
func (p *parser) punct(i int, c string) bool {
	return i >= 0 && i < len(p.toks) && p.toks[i].kind == tokPunct && p.toks[i].s == c
}

// adjacent reports whether tokens i and i+1 touch (no space between).
func (p *parser) adjacent(i int) bool {
	return i >= 0 && i+1 < len(p.toks) && p.toks[i].end == p.toks[i+1].start
}

// seq reports whether the tokens from i spell words (punctuation entries
// "." and "-" match punctuation tokens).
func (p *parser) seq(i int, words []string) bool {
	if i+len(words) > len(p.toks) {
		return false
	}
	for k, w := range words {
		t := p.toks[i+k]
		if t.s != w || (t.kind == tokPunct) != (w == "." || w == "-") {
			return false
		}
	}
	return true
}

func in(s string, set ...string) bool {
	for _, x := range set {
		if s == x {
			return true
		}
	}
	return false
}

// Phrase tables. Tokens are lower-case with umlauts spelt out; see
// wordAliases for the spellings folded into these.
var (
	asapPhrases = [][]string{
		{"so", "schnell", "wie", "moeglich"}, {"so", "schnell", "wie", "es", "geht"},
		{"so", "bald", "wie", "moeglich"}, {"sobald", "wie", "moeglich"}, {"so", "frueh", "wie", "moeglich"},
		{"moeglichst", "schnell"}, {"moeglichst", "bald"}, {"moeglichst", "frueh"},
		{"schnellstmoeglich"}, {"baldmoeglichst"}, {"schnellstens"}, {"sofort"}, {"umgehend"},
		{"unverzueglich"}, {"asap"}, {"a", ".", "s", ".", "a", ".", "p"},
		{"as", "soon", "as", "possible"}, {"as", "soon", "as", "you", "can"}, {"right", "away"},
		{"straight", "away"}, {"immediately"}, {"right", "now"}, {"at", "your", "earliest", "convenience"},
	}
	weakASAPPhrases = [][]string{{"jetzt"}, {"gleich"}, {"now"}}
	anytimePhrases  = [][]string{
		{"zu", "jeder", "zeit"}, {"jederzeit"}, {"egal", "wann"}, {"wann", "immer"}, {"irgendwann"},
		{"ganztags"}, {"ganztaegig"}, {"den", "ganzen", "tag"}, {"ganzen", "tag"}, {"whenever"},
		{"anytime"}, {"at", "any", "time"}, {"any", "time"}, {"all", "day", "long"}, {"all", "day"},
		{"the", "whole", "day"}, {"whole", "day"}, {"the", "entire", "day"}, {"entire", "day"},
	}
	// greetings are skipped so that "Guten Morgen" is not a wish for
	// tomorrow and "good morning" not one for the morning.
	greetingFirst = []string{"guten", "good", "schoenen", "schoenes", "gute"}

	weekdays = map[string]time.Weekday{
		"sonntag": time.Sunday, "sonntags": time.Sunday, "sonnabend": time.Saturday,
		"montag": time.Monday, "montags": time.Monday, "dienstag": time.Tuesday, "dienstags": time.Tuesday,
		"mittwoch": time.Wednesday, "mittwochs": time.Wednesday, "donnerstag": time.Thursday,
		"donnerstags": time.Thursday, "freitag": time.Friday, "freitags": time.Friday,
		"samstag": time.Saturday, "samstags": time.Saturday,
		"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
		"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
	}
	// weekdayAbbrevs count only before a dot, a number or a part of the
	// day ("Di. 14 Uhr", "Fri 3pm", "fri afternoon"; not "so"/"do" there,
	// "so nachmittags" is "about the afternoon") or after a word that
	// announces a day ("am", "next").
	weekdayAbbrevs = map[string]time.Weekday{
		"so": time.Sunday, "mo": time.Monday, "di": time.Tuesday, "mi": time.Wednesday,
		"do": time.Thursday, "fr": time.Friday, "sa": time.Saturday,
		"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "tues": time.Tuesday,
		"wed": time.Wednesday, "thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday,
		"fri": time.Friday, "sat": time.Saturday,
	}
	months = map[string]time.Month{
		"januar": time.January, "jan": time.January, "january": time.January, "jaenner": time.January,
		"februar": time.February, "feb": time.February, "february": time.February,
		"maerz": time.March, "mrz": time.March, "march": time.March, "mar": time.March,
		"april": time.April, "apr": time.April, "mai": time.May, "may": time.May,
		"juni": time.June, "jun": time.June, "june": time.June, "juli": time.July, "jul": time.July,
		"july": time.July, "august": time.August, "aug": time.August,
		"september": time.September, "sep": time.September, "sept": time.September,
		"oktober": time.October, "okt": time.October, "october": time.October, "oct": time.October,
		"november": time.November, "nov": time.November,
		"dezember": time.December, "dez": time.December, "december": time.December, "dec": time.December,
	}
	dayParts = map[string]dayPart{
		"vormittag": partMorning, "vormittags": partMorning, "morgens": partMorning, "frueh": partMorning,
		"morning": partMorning, "mornings": partMorning,
		"mittag": partNoon, "mittags": partNoon, "mittagszeit": partNoon, "noon": partNoon,
		"midday": partNoon, "lunchtime": partNoon, "lunch": partNoon,
		"nachmittag": partAfternoon, "nachmittags": partAfternoon, "afternoon": partAfternoon,
		"afternoons": partAfternoon,
		"abend":      partEvening, "abends": partEvening, "evening": partEvening, "evenings": partEvening,
	}
	// hourWords are hours written as words; they count only where a time
	// is expected ("um drei", "zwischen neun und elf").
	hourWords = map[string]int{
		"eins": 1, "zwei": 2, "drei": 3, "vier": 4, "fuenf": 5, "sechs": 6, "sieben": 7, "acht": 8,
		"neun": 9, "zehn": 10, "elf": 11, "zwoelf": 12, "one": 1, "two": 2, "three": 3, "four": 4,
		"five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
	}
	// countWords are amounts in "in zwei Stunden", "in an hour".
	countWords = map[string]int{
		"ein": 1, "eine": 1, "einer": 1, "einem": 1, "einen": 1, "a": 1, "an": 1, "one": 1,
		"ne": 1, "nen": 1, "ner": 1, // colloquial: "für ne Stunde"
		"zwei": 2, "two": 2, "drei": 3, "three": 3, "vier": 4, "four": 4, "fuenf": 5, "five": 5,
		"sechs": 6, "six": 6, "sieben": 7, "seven": 7, "acht": 8, "eight": 8, "neun": 9, "nine": 9,
		"zehn": 10, "ten": 10, "fuenfzehn": 15, "fifteen": 15, "zwanzig": 20, "twenty": 20,
		"dreissig": 30, "thirty": 30,
	}
	// relative days; "morgen" is handled apart (tomorrow or morning).
	relDays = map[string]int{"heute": 0, "today": 0, "tomorrow": 1, "uebermorgen": 2}

	nextWords     = []string{"naechsten", "naechste", "naechster", "naechstem", "kommenden", "kommende", "kommender", "next", "coming"}
	afterNextWord = []string{"uebernaechsten", "uebernaechste", "uebernaechster"}
	thisWords     = []string{"diesen", "dieser", "diesem", "this", "am", "on", "den", "jeden"}
	fillerWords   = []string{"ca", "circa", "etwa", "ungefaehr", "about", "around", "approximately", "rund", "so", "um", "at"}
)

// matchAt tries every pattern at token i and returns how many tokens it
// consumed (0: nothing recognised here).
func (p *parser) matchAt(i int) int {
	if n := p.matchGreeting(i); n > 0 {
		return n
	}
	for _, ph := range firstThing {
		// "gleich morgens" before "gleich" alone (soon)
		if p.seq(i, ph) {
			p.setPart(partFirst, i, len(ph))
			return len(ph)
		}
	}
	if n := p.matchASAP(i); n > 0 {
		return n
	}
	if n := p.matchDuration(i); n > 0 {
		return n
	}
	if n := p.matchDate(i); n > 0 {
		return n
	}
	if n := p.matchTime(i); n > 0 {
		return n
	}
	if n := p.matchRelDay(i); n > 0 {
		return n
	}
	if n := p.matchWeekday(i); n > 0 {
		return n
	}
	return p.matchPart(i)
}

func (p *parser) matchGreeting(i int) int {
	if in(p.word(i), greetingFirst...) && in(p.word(i+1), "morgen", "morning", "abend", "evening", "afternoon", "nachmittag", "tag", "day") {
		return 2
	}
	if p.word(i) == "moin" {
		return 1
	}
	if i == 0 && in(p.word(i), "morning", "afternoon", "evening") && strings.HasPrefix(strings.TrimLeft(p.text[p.toks[i].end:], " "), "!") {
		// "Morning! Two things …": an English greeting said without "good"
		return 1
	}
	return 0
}

// asapKind says which list a phrase in phraseIndex came from.
type asapKind uint8

const (
	kindASAP asapKind = iota
	kindAnytime
	kindWeakASAP
)

type indexedPhrase struct {
	words []string
	kind  asapKind
}

// phraseIndex maps the first word of every ASAP and anytime phrase to the
// phrases starting with it, in table order. Built once, read-only.
var phraseIndex = func() map[string][]indexedPhrase {
	idx := map[string][]indexedPhrase{}
	for k, list := range [][][]string{asapPhrases, anytimePhrases, weakASAPPhrases} {
		for _, ph := range list {
			idx[ph[0]] = append(idx[ph[0]], indexedPhrase{ph, asapKind(k)})
		}
	}
	return idx
}()

func (p *parser) matchASAP(i int) int {
	w := p.word(i)
	if w == "" {
		return 0
	}
	for _, ph := range phraseIndex[w] {
		if !p.seq(i, ph.words) {
			continue
		}
		n := len(ph.words)
		switch ph.kind {
		case kindASAP:
			p.s.asap = true
			p.mark(i, n)
		case kindAnytime:
			p.s.anytime = true
			p.mark(i, n)
		case kindWeakASAP:
			if !p.s.weakASAP {
				p.s.weakASAP = true
				p.mark(i, n)
			}
		}
		return n
	}
	return 0
}

// matchDuration: "in 2 Stunden", "in einer halben Stunde", "in an hour",
// "in half an hour", "in 30 Minuten", "in 3 Tagen", "in einer Woche".
func (p *parser) matchDuration(i int) int {
	if p.word(i) != "in" && p.word(i) != "within" {
		return 0
	}
	j := i + 1
	for in(p.word(j), fillerWords...) || p.punct(j, ".") {
		j++
	}
	var amount float64
	switch {
	case in(p.word(j), "half", "halbe", "halben", "einer", "a") && in(p.word(j+1), "halben", "halbe", "half") && in(p.word(j+2), "stunde"):
		amount, j = 0.5, j+2 // "einer halben Stunde", "a half hour"
	case in(p.word(j), "half") && in(p.word(j+1), "an", "a") && p.word(j+2) == "stunde":
		amount, j = 0.5, j+2 // "half an hour"
	case in(p.word(j), "anderthalb", "eineinhalb"):
		amount, j = 1.5, j+1
	case in(p.word(j), "ein", "a") && in(p.word(j+1), "paar", "couple"):
		amount, j = 2, j+2
		if p.word(j) == "of" {
			j++
		}
	default:
		if n, _, ok := p.num(j); ok {
			amount, j = float64(n), j+1
		} else if n, ok := countWords[p.word(j)]; ok {
			amount, j = float64(n), j+1
		} else {
			return 0
		}
	}
	if amount > 10000 {
		return 0 // no callback wish; also keeps the conversion below in range
	}
	unit := p.word(j)
	var d time.Duration
	switch unit {
	case "stunde", "h":
		d = time.Duration(amount * float64(time.Hour))
	case "minute":
		d = time.Duration(amount * float64(time.Minute))
	case "tag", "tage", "day", "woche", "wochen":
		days := int(amount)
		if float64(days) != amount || days < 0 || days > 366 {
			return 0
		}
		if unit == "woche" || unit == "wochen" {
			days *= 7
			if days > 366 {
				return 0
			}
			if p.s.inWeeks == 0 && (p.s.day == dayNone || p.s.day == dayWeekday && !p.s.nextWeek && p.s.weeksAhead == 0) {
				p.s.inWeeks = days / 7
				p.mark(i, j-i+1)
			}
		}
		if p.s.day == dayNone {
			p.s.day, p.s.relDays = dayRel, days
			p.markDay(i, j-i+1)
		}
		return j - i + 1
	default:
		return 0
	}
	if d <= 0 || d > 72*time.Hour {
		return 0
	}
	if !p.s.hasRel {
		p.s.hasRel, p.s.rel = true, d
		p.mark(i, j-i+1)
	}
	return j - i + 1
}

// matchDate: "3.12.", "03.12.2026", "3.12.26", "2026-12-03", "3. Dezember",
// "3rd (of) December", "Dec 3", "December 3rd 2026", "am 3.", "the 3rd".
func (p *parser) matchDate(i int) int {
	set := func(d, m, y, n int) int {
		if p.s.day == dayNone || p.s.day == dayWeekday || p.s.day == dayNextWeek {
			// a date is more precise than a weekday given with it
			p.s.day, p.s.dd, p.s.mm, p.s.yy = dayDate, d, m, y
			p.markDay(i, n)
		}
		return n
	}
	// month name first: "Dec 3", "December 3rd, 2026"
	if mo, ok := months[p.word(i)]; ok {
		j := i + 1
		if p.punct(j, ".") {
			j++
		}
		d, dg, ok := p.num(j)
		if !ok || dg > 2 || d < 1 || d > 31 {
			return 0
		}
		j++
		if in(p.word(j), "st", "nd", "rd", "th") && p.adjacent(j-1) {
			j++
		}
		y := 0
		if yv, yd, ok := p.num(j); ok && yd == 4 {
			y, j = yv, j+1
		}
		return set(d, int(mo), y, j-i)
	}
	// "am 3." / "den 3." / "the 3rd" / "on the 3rd": day of month only
	if in(p.word(i), "am", "den", "the", "on") {
		j := i + 1
		if p.word(i) == "on" && p.word(j) == "the" {
			j++
		}
		if d, dg, ok := p.num(j); ok && dg <= 2 && d >= 1 && d <= 31 {
			k := j + 1
			if (p.punct(k, ".") && p.adjacent(j)) || (in(p.word(k), "st", "nd", "rd", "th") && p.adjacent(j)) {
				if p.word(k) == "of" || p.word(k+1) == "of" {
					return 0 // "the 3rd of December": the month follows
				}
				if _, isMonth := months[p.word(k+1)]; isMonth {
					return 0
				}
				if _, _, isNum := p.num(k + 1); isNum && p.adjacent(k) {
					return 0 // "am 3.12."
				}
				if p.s.day == dayNone || p.s.day == dayWeekday {
					p.s.day, p.s.dd = dayOfMonth, d
					p.markDay(i, k-i+1)
				}
				return k - i + 1
			}
		}
		return 0
	}
	d, dg, ok := p.num(i)
	if !ok {
		return 0
	}
	// ISO 2026-12-03
	if dg == 4 && p.punct(i+1, "-") && p.adjacent(i) && p.adjacent(i+1) {
		m, mg, ok1 := p.num(i + 2)
		day, dayg, ok2 := p.num(i + 4)
		if ok1 && ok2 && mg <= 2 && dayg <= 2 && p.punct(i+3, "-") && p.adjacent(i+2) && p.adjacent(i+3) &&
			m >= 1 && m <= 12 && day >= 1 && day <= 31 {
			return set(day, m, d, 5)
		}
		return 0
	}
	if dg > 2 || d < 1 || d > 31 {
		return 0
	}
	// numeric 3.12. / 03.12.2026 / 3.12.26, or "3. Dezember"
	if p.punct(i+1, ".") && p.adjacent(i) {
		if m, mg, ok := p.num(i + 2); ok && p.adjacent(i+1) && mg <= 2 && m >= 1 && m <= 12 {
			if in(p.word(i+3), "uhr", "h") {
				return 0 // 10.12 Uhr is a time
			}
			n := 3
			y := 0
			if p.punct(i+3, ".") && p.adjacent(i+2) {
				n = 4
				if yv, yd, ok := p.num(i + 4); ok && p.adjacent(i+3) && (yd == 4 || yd == 2) {
					y, n = yv, 5
					if yd == 2 {
						y += 2000
					}
				}
			}
			return set(d, m, y, n)
		}
		if mo, ok := months[p.word(i+2)]; ok {
			return p.dateTail(i, i+3, d, int(mo), set)
		}
		return 0
	}
	// "3 Dezember", "3rd December", "3rd of December"
	j := i + 1
	if in(p.word(j), "st", "nd", "rd", "th", "ten") && p.adjacent(i) {
		j++
	}
	if p.word(j) == "of" {
		j++
	}
	if mo, ok := months[p.word(j)]; ok {
		return p.dateTail(i, j+1, d, int(mo), set)
	}
	if j > i+1 && in(p.word(i+1), "st", "nd", "rd", "th") {
		// "the 3rd" without "the": an ordinal alone is a day of the month
		if p.s.day == dayNone || p.s.day == dayWeekday {
			p.s.day, p.s.dd = dayOfMonth, d
			p.markDay(i, 2)
		}
		return 2
	}
	return 0
}

// dateTail consumes an optional four-digit year (after an optional dot,
// "3. Dez. 2026") that follows a day and month ending before token j.
func (p *parser) dateTail(i, j, d, m int, set func(d, m, y, n int) int) int {
	k := j
	if p.punct(k, ".") {
		k++
	}
	if yv, yd, ok := p.num(k); ok && yd == 4 {
		return set(d, m, yv, k+1-i)
	}
	return set(d, m, 0, j-i)
}

// parseClock reads a time of day at i. Without bare, it needs a sign
// that it is a time (Uhr, h, minutes, am/pm, o'clock); with bare, a plain
// hour number or hour word is enough. It returns the tokens consumed.
func (p *parser) parseClock(i int, bare bool) (clock, int) {
	var c clock
	j := i
	if c, n := p.quarterClock(i); n > 0 {
		return c, n
	}
	switch w := p.word(i); {
	case w == "halb":
		// German "halb drei" = 2:30
		h, hd, ok := p.num(i + 1)
		if !ok {
			h, ok = hourWords[p.word(i+1)]
			hd = 2
		}
		if !ok || hd > 2 || h < 1 || h > 12 {
			return clock{}, 0
		}
		c = clock{h: h - 1, m: 30, amb: true}
		if h == 1 {
			c.h = 12 // halb eins = 12:30 in the day
		}
		j = i + 2
		if p.word(j) == "uhr" {
			j++
		}
		return c, j - i
	case in(w, "noon", "mittag", "midday") && bare:
		return clock{h: 12}, 1
	case w != "":
		h, ok := hourWords[w]
		if !ok || !bare {
			return clock{}, 0
		}
		c = clock{h: h, amb: true}
		j = i + 1
		if p.word(j) == "uhr" || p.seq(j, []string{"o", "clock"}) {
			if p.word(j) == "o" {
				j++
			}
			j++
		}
		j = p.meridiem(j, &c)
		return c, j - i
	}
	h, hd, ok := p.num(i)
	if !ok || hd > 2 || h > 24 {
		return clock{}, 0
	}
	c = clock{h: h, amb: hd == 1 || h >= 10} // no leading zero
	j = i + 1
	marked := false
	if (p.punct(j, ":") || p.punct(j, ".")) && p.adjacent(i) && p.adjacent(j) {
		if m, md, ok := p.num(j + 1); ok && md == 2 && m <= 59 {
			c.m, j, marked = m, j+2, true
		}
	}
	switch {
	case p.word(j) == "uhr":
		j, marked = j+1, true
		// "14 Uhr 30"
		if m, md, ok := p.num(j); ok && md == 2 && m <= 59 && c.m == 0 {
			c.m, j = m, j+1
		}
	case p.word(j) == "h" && p.adjacent(j-1):
		j, marked = j+1, true
	case p.seq(j, []string{"o", "clock"}):
		j, marked = j+2, true
	}
	if k := p.meridiem(j, &c); k != j {
		j, marked = k, true
	}
	if !marked && !bare {
		return clock{}, 0
	}
	if c.h == 24 && c.m != 0 {
		return clock{}, 0
	}
	if c.h > 12 {
		c.amb = false
	}
	return c, j - i
}

// quarterClock reads a time of day said with quarters or half past:
// "viertel nach zehn" 10:15, "viertel vor vier" 3:45, "dreiviertel zehn"
// 9:45, "quarter past nine" 9:15, "(a) quarter to four" 3:45, "half past
// one" and the British "half one" 1:30 (the part of the day or the business hours tell 3:45 from
// 15:45, as for any hour without am/pm). It returns the tokens consumed,
// 0 when there is none at i.
func (p *parser) quarterClock(i int) (clock, int) {
	j := i
	if p.word(j) == "a" && p.word(j+1) == "quarter" {
		j++
	}
	var m, back int // minutes past the hour read, and whether it is before it
	switch w, next := p.word(j), p.word(j+1); {
	case w == "viertel" && next == "nach", w == "quarter" && in(next, "past", "after"):
		m, j = 15, j+2
	case w == "viertel" && next == "vor", w == "quarter" && in(next, "to", "before", "til", "till"):
		m, back, j = 45, 1, j+2
	case w == "dreiviertel":
		m, back, j = 45, 1, j+1
	case w == "half" && next == "past":
		m, j = 30, j+2
	case w == "half" && p.hourAt(j+1):
		// British "half ten" = 10:30 (the German "halb zehn" is 9:30)
		m, j = 30, j+1
	default:
		return clock{}, 0
	}
	h, hd, ok := p.num(j)
	if !ok {
		h, ok = hourWords[p.word(j)]
		hd = 2
	}
	if !ok || hd > 2 || h < 1 || h > 23 {
		return clock{}, 0
	}
	h -= back
	if h == 0 && back == 1 {
		h = 12 // viertel vor eins: 12:45 in the day
	}
	c := clock{h: h, m: m, amb: h <= 12}
	j++
	if p.word(j) == "uhr" {
		j++
	}
	j = p.meridiem(j, &c)
	return c, j - i
}

// hourAt reports an hour of the clock at j, as a number or a word.
func (p *parser) hourAt(j int) bool {
	if h, hd, ok := p.num(j); ok {
		return hd <= 2 && h >= 1 && h <= 12
	}
	_, ok := hourWords[p.word(j)]
	return ok
}

// meridiem reads am/pm/a.m./p.m. at j, applies it to c and returns the
// index after it; see englishAm for telling a.m. from German "am".
func (p *parser) meridiem(j int, c *clock) int {
	pm, am := false, false
	n := 0
	switch {
	case p.word(j) == "pm":
		pm, n = true, 1
	case p.seq(j, []string{"p", ".", "m", "."}):
		pm, n = true, 4
	case p.seq(j, []string{"p", ".", "m"}):
		pm, n = true, 3
	case p.word(j) == "am" && p.englishAm(j+1):
		am, n = true, 1
	case p.seq(j, []string{"a", ".", "m", "."}):
		am, n = true, 4
	case p.seq(j, []string{"a", ".", "m"}):
		am, n = true, 3
	}
	if n == 0 || c.h > 12 || c.h == 0 {
		return j
	}
	if pm && c.h < 12 {
		c.h += 12
	}
	if am && c.h == 12 {
		c.h = 0
	}
	c.hasMer, c.amb = true, false
	return j + n
}

// englishAm reports whether an "am" before token j is a.m.: at the end,
// before punctuation or before an English word ("9 am tomorrow"). A German
// "am" is followed by a day, date or noun ("um 12 am Freitag", "am 3.12.").
func (p *parser) englishAm(j int) bool {
	if j >= len(p.toks) || p.toks[j].kind == tokPunct {
		return true
	}
	return in(p.word(j), "tomorrow", "today", "tonight", "on", "next", "this", "please", "pls", "or", "and",
		"to", "till", "til", "until", "at", "in", "the", "latest", "then", "ok", "thanks", "thank", "if", "would",
		"works", "is", "sharp", "onwards", "your", "time", "cet", "cest")
}

// matchTime: ranges, "ab", "bis", "um" and plain times.
func (p *parser) matchTime(i int) int {
	w := p.word(i)
	if in(w, "zwischen", "between") {
		if n := p.rangeAfter(i, i+1, true); n > 0 {
			return n + 1
		}
		return 0
	}
	if in(w, "von", "from", "ab") {
		if n := p.rangeAfter(i, i+1, false); n > 0 {
			return n + 1
		}
	}
	// a bound said as its negation: "nicht vor 14 Uhr", "not before 3pm",
	// "nicht früher als 10", "not until 2" are from; "nicht nach 11 Uhr",
	// "not after 4pm", "nicht später als 16 Uhr", "no later than 5" until
	if in(w, "nicht", "not", "no") {
		j, kind := i+1, clkNone
		switch {
		case in(p.word(j), "vor", "before") || w == "not" && in(p.word(j), "until", "till", "til"):
			kind, j = clkFrom, j+1
		case in(p.word(j), "frueher", "earlier") && in(p.word(j+1), "als", "than"):
			kind, j = clkFrom, j+2
		case in(p.word(j), "nach", "after"):
			kind, j = clkUntil, j+1
		case in(p.word(j), "spaeter", "later") && in(p.word(j+1), "als", "than"):
			kind, j = clkUntil, j+2
		}
		if kind == clkNone {
			return 0
		}
		return p.bound(kind, i, j, "um", "at", "ca", "etwa")
	}
	if in(w, "ab", "from", "after", "nach", "fruehestens", "starting") {
		return p.bound(clkFrom, i, i+1, "um", "at", "ca", "etwa")
	}
	if in(w, "bis", "until", "till", "til", "before", "vor", "by", "spaetestens") {
		return p.bound(clkUntil, i, i+1, "um", "at", "spaetestens", "latest", "ca", "etwa")
	}
	if in(w, fillerWords...) || in(w, "gegen") {
		j := i + 1
		for in(p.word(j), fillerWords...) || p.word(j) == "gegen" || p.punct(j, ".") {
			j++
		}
		if n := p.rangeAfter(i, j, false); n > 0 {
			return j - i + n
		}
		if c, n := p.parseClock(j, true); n > 0 && !p.monthAt(j+n) {
			p.setClock(clkPoint, c, clock{}, i, j+n-i)
			return j + n - i
		}
		return 0
	}
	// a range without a leading word: "9-11", "9 bis 11 Uhr", "9 to 11am"
	if n := p.rangeAfter(i, i, false); n > 0 {
		return n
	}
	if c, n := p.parseClock(i, p.bareAfterDay(i)); n > 0 {
		p.setClock(clkPoint, c, clock{}, i, n)
		return n
	}
	return 0
}

// bound reads the time of day at j, after filler words ("um", "ca."), as
// a bound of kind said from the word at i ("ab 14 Uhr", "nicht vor 10"),
// and returns the tokens consumed from i; 0 when no time follows.
func (p *parser) bound(kind clockKind, i, j int, fillers ...string) int {
	for in(p.word(j), fillers...) || p.punct(j, ".") {
		j++
	}
	c, n := p.parseClock(j, true)
	if n == 0 {
		return 0
	}
	p.setClock(kind, c, clock{}, i, j+n-i)
	return j + n - i
}

// monthAt reports whether a month name follows at i ("around 12
// January": a day, not a time), after an optional full stop.
func (p *parser) monthAt(i int) bool {
	if p.punct(i, ".") {
		i++
	}
	_, ok := months[p.word(i)]
	return ok
}

// bareAfterDay reports whether a plain number at i reads as an hour
// because it follows the day directly and ends the wish: "morgen 10",
// "Freitag 14, bitte", but not "morgen 3 Rechner".
func (p *parser) bareAfterDay(i int) bool {
	if p.s.day == dayNone || p.s.dayEnd != i-1 {
		return false
	}
	if _, _, ok := p.num(i); !ok {
		return false
	}
	next := p.word(i + 1)
	return next == "" || in(next, "bitte", "oder", "und", "please", "or", "and", "danke", "thanks", "uhr", "h", "am", "pm")
}

// rangeAfter reads "T1 sep T2" at i; with between, "und"/"and" also
// separate. It sets the clock, marking from the leading word at lead, and
// returns the tokens consumed from i.
func (p *parser) rangeAfter(lead, i int, between bool) int {
	t1, n1 := p.parseClock(i, true)
	if n1 == 0 {
		return 0
	}
	j := i + n1
	switch w := p.word(j); {
	case p.punct(j, "-"):
	case in(w, "bis", "to", "till", "til", "until"):
	case between && in(w, "und", "and"):
	default:
		return 0
	}
	j++
	// "bis etwa 12", "to around 3pm", "bis ca. 16 Uhr"
	for in(p.word(j), "um", "at", "ca", "circa", "etwa", "ungefaehr", "about", "around", "approximately", "gegen", "spaetestens", "latest") ||
		p.punct(j, ".") && in(p.word(j-1), "ca") {
		j++
	}
	t2, n2 := p.parseClock(j, true)
	if n2 == 0 {
		return 0
	}
	j += n2
	if in(p.word(j), "stunde", "minute", "tage", "tag", "day", "woche", "wochen") {
		return 0 // "2-3 Tage" is no time of day
	}
	// "9-11am", "1-3pm": the meridiem of the end applies to the start
	if t2.hasMer && !t1.hasMer && t1.h <= 12 {
		t1.amb = false
		if t2.h >= 12 && t1.h < 12 && (t1.h+12)*60+t1.m < t2.h*60+t2.m {
			t1.h += 12
		}
	}
	p.setClock(clkRange, t1, t2, lead, j-lead)
	return j - i
}

func (p *parser) setClock(k clockKind, t1, t2 clock, i, n int) {
	// the first time said counts, but a range after an open bound narrows
	// it: "nicht vor 10 – also 10 bis 12"
	if p.s.clk != clkNone && !(k == clkRange && (p.s.clk == clkFrom || p.s.clk == clkUntil)) {
		return
	}
	p.s.clk, p.s.t1, p.s.t2 = k, t1, t2
	p.mark(i, n)
}

// matchRelDay: heute, morgen, übermorgen, today, tomorrow, tonight,
// (the) day after tomorrow. "morgen" after a day word or after "am" is
// the morning ("Montag morgen", "heute morgen", "am Morgen").
func (p *parser) matchRelDay(i int) int {
	w := p.word(i)
	if w == "morgen" {
		prev := p.word(i - 1)
		_, prevWeekday := weekdays[prev]
		if p.s.day != dayNone || prev == "am" || prev == "heute" || prevWeekday {
			p.setPart(partMorning, i, 1)
			return 1
		}
		p.setDay(1, i, 1)
		return 1
	}
	if w == "tonight" {
		p.setDay(0, i, 1)
		p.setPart(partEvening, i, 1)
		return 1
	}
	if p.seq(i, []string{"day", "after", "tomorrow"}) {
		p.setDay(2, i, 3)
		return 3
	}
	if d, ok := relDays[w]; ok {
		p.setDay(d, i, 1)
		return 1
	}
	if w == "this" {
		if part, ok := dayParts[p.word(i+1)]; ok {
			p.setDay(0, i, 2)
			p.setPart(part, i, 2)
			return 2
		}
	}
	return 0
}

func (p *parser) setDay(d, i, n int) {
	if p.s.day != dayNone {
		return
	}
	p.s.day, p.s.relDays = dayRel, d
	p.markDay(i, n)
}

func (p *parser) setPart(part dayPart, i, n int) {
	if p.s.part != partNone {
		return
	}
	p.s.part = part
	p.mark(i, n)
}

// matchWeekday: "(am|on|this|nächsten|next|übernächsten) Dienstag
// (nächste Woche)", "nächste Woche (am) Dienstag", "Dienstagnachmittag".
func (p *parser) matchWeekday(i int) int {
	j := i
	next, after, week := false, false, false
	switch w := p.word(j); {
	case in(w, nextWords...) && in(p.word(j+1), "woche"):
		next, week, j = true, true, j+2
		if in(p.word(j), "am", "on") {
			j++
		}
	case p.seq(j, []string{"week", "after", "next"}):
		after, week, j = true, true, j+3 // rare, but cheap
	case in(w, nextWords...):
		next, j = true, j+1
	case in(w, afterNextWord...):
		next, after, j = true, true, j+1
		if p.word(j) == "woche" {
			week, j = true, j+1
		}
	case in(w, thisWords...):
		j++
	}
	wd, n, part := p.weekdayAt(j, j > i)
	if n == 0 {
		if week && p.s.day == dayNone {
			p.s.day = dayNextWeek
			p.markDay(i, j-i)
			return j - i
		}
		return 0
	}
	j += n
	// "Dienstag nächste Woche", "Tuesday next week"
	if !week && in(p.word(j), nextWords...) && p.word(j+1) == "woche" {
		week, next, j = true, true, j+2
	}
	// the British "Tuesday week": the Tuesday after the coming one
	if !week && !next && !after && in(p.word(j), "week", "woche") && !in(p.word(j+1), "after", "nach") {
		next, after, j = true, true, j+1
	}
	fromWeeks := p.s.day == dayRel && p.s.inWeeks > 0 && p.s.relDays == 7*p.s.inWeeks && !week && !after
	if p.s.day == dayNone || p.s.day == dayNextWeek || fromWeeks {
		p.s.day, p.s.wd, p.s.wdNext = dayWeekday, wd, next
		p.s.nextWeek = week
		if after {
			p.s.weeksAhead = 1
		}
		p.markDay(i, j-i)
	}
	if part != partNone {
		p.setPart(part, i, j-i)
	}
	return j - i
}

// weekdayAt reads a weekday name at j; announced means a word before it
// made a day likely, which admits abbreviations like "Di". Compounds such
// as "Dienstagnachmittag" also yield the part of the day.
func (p *parser) weekdayAt(j int, announced bool) (time.Weekday, int, dayPart) {
	w := p.word(j)
	if w == "" {
		return 0, 0, partNone
	}
	if wd, ok := weekdays[w]; ok {
		return wd, 1, partNone
	}
	if wd, ok := weekdayAbbrevs[w]; ok {
		_, _, numNext := p.num(j + 1)
		if p.punct(j+1, ".") && p.adjacent(j) {
			// "so." and "do." end many German sentences ("machen das auch
			// so."): as days they need a date, a time or a part after them.
			_, _, numAfter := p.num(j + 2)
			_, partAfter := dayParts[p.word(j+2)]
			if w != "so" && w != "do" || announced || numAfter || partAfter {
				return wd, 2, partNone
			}
			return 0, 0, partNone
		}
		_, partNext := dayParts[p.word(j+1)]
		if announced || numNext || (partNext && w != "so" && w != "do") {
			return wd, 1, partNone
		}
		return 0, 0, partNone
	}
	if len(w) < len("montagabend") {
		return 0, 0, partNone
	}
	for name, wd := range weekdays {
		if len(name) > 5 && strings.HasPrefix(w, name) {
			rest := w[len(name):]
			if part, ok := dayParts[rest]; ok {
				return wd, 1, part
			}
			if rest == "morgen" {
				return wd, 1, partMorning
			}
		}
	}
	return 0, 0, partNone
}

// afterLunch are phrases for the time after the lunch break: the
// afternoon.
// firstThing is the first hour of the business day.
var firstThing = [][]string{
	{"first", "thing", "in", "the", "morning"}, {"first", "thing"}, {"gleich", "morgens"}, {"gleich", "in", "der", "frueh"},
	{"ganz", "frueh"}, {"gleich", "frueh"}, {"first", "hour"},
}

var afterLunch = [][]string{
	{"nach", "der", "mittagspause"}, {"nach", "dem", "mittagessen"}, {"nach", "der", "mittagszeit"},
	{"nach", "mittag"}, {"nach", "dem", "mittag"}, {"nach", "der", "pause"},
	{"after", "lunch"}, {"after", "the", "lunch", "break"}, {"after", "lunchtime"}, {"after", "the", "lunch"},
}

// matchPart: Vormittag, nachmittags, morning, in the afternoon, after lunch, ...
func (p *parser) matchPart(i int) int {
	for _, ph := range afterLunch {
		if p.seq(i, ph) {
			p.setPart(partAfternoon, i, len(ph))
			return len(ph)
		}
	}
	if part, ok := dayParts[p.word(i)]; ok {
		p.setPart(part, i, 1)
		return 1
	}
	return 0
}
