package scheduling

import (
	"regexp"
	"strings"
	"time"
)

// spanRE reads a span of days in normalised words (see tokenize): a part
// of a week or a month ("Ende nächster Woche", "early next week", "Mitte
// Januar", "end of the month"), or a whole coming week or month ("nächste
// Woche", "next month"). Groups: 1 a deadline word ("bis", "by"), 2 the
// part, 3 the week ("naechste", "this", …) with 4 "woche", 5 the month
// name or 6 the month word ("monat"); 7 a week named before its part
// ("next week towards the end").
var spanRE = regexp.MustCompile(`(?:^| )` +
	`(?:(bis|by|until|till|spaetestens|no later than|before) )?(?:(?:zum|zu|gegen|im|in|at|around|towards|toward|the|am|um die|so) )*` +
	`(?:(anfang|beginning|start|early|mitte|middle|mid|ende|end|late|later|zweite haelfte|second half|erste haelfte|first half|latter part)(?: (?:of|der|des|in|im))?(?: the)? )?` +
	`(?:((?:dieser|diese|diesen|this|der naechsten|naechster|naechste|naechsten|kommende|kommenden|der kommenden|coming|the coming|next|uebernaechste|uebernaechster|uebernaechsten|der uebernaechsten|the following|following|the) ?)(woche|week after next|week)` +
	`|(januar|january|jan|februar|february|feb|maerz|march|mar|april|apr|mai|may|juni|june|jun|juli|july|jul|august|aug|september|sep|sept|oktober|october|okt|oct|november|nov|dezember|december|dez|dec)` +
	`|(?:(?:dieses|diesen|this|des|naechsten|kommenden|next|coming|the) )(monats|monat|month))` +
	`(?: (?:gegen|zum|towards|toward|at) (?:the )?(ende|end|anfang|beginning|start|mitte|middle))?(?: |$)`)

// monthNames maps normalised month words to months.
var monthNames = map[string]time.Month{
	"januar": 1, "january": 1, "jan": 1, "februar": 2, "february": 2, "feb": 2, "maerz": 3, "march": 3, "mar": 3,
	"april": 4, "apr": 4, "mai": 5, "may": 5, "juni": 6, "june": 6, "jun": 6, "juli": 7, "july": 7, "jul": 7,
	"august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "october": 10, "okt": 10, "oct": 10,
	"november": 11, "nov": 11, "dezember": 12, "december": 12, "dez": 12, "dec": 12,
}

// ParseSpan reads a span of several days from a message: part of a week
// ("Ende nächster Woche" = its Thursday and Friday, "Anfang" Monday and
// Tuesday, "Mitte" Tuesday to Thursday, "später"/"later" Wednesday to
// Friday), a whole coming week ("nächste Woche", "übernächste Woche",
// "the week after next"), part of a month ("Mitte Januar" = the 11th to
// the 20th, "Anfang" the 1st to the 10th, "Ende" the 21st to its last
// day; "Ende des Monats" this month's, "next month" the coming one) or a
// whole coming month. "bis Ende nächster Woche" runs from today.
//
// The span runs from the opening hour of its first day to the closing
// hour of its last, clipped to start now; it is for wishes that allow
// any day inside it, such as a vendor's access window, where ParseWindow
// (one day) finds none. ok is false when text names no span, or one that
// is over. A month named alone ("im Januar") or a bare month word is no
// span; a month name needs a part ("Mitte Januar").
func (c *Calendar) ParseSpan(text string, now time.Time) (w Window, ok bool) {
	now = now.In(c.loc)
	toks := tokenize(text)
	var b strings.Builder
	for _, t := range toks {
		if t.kind != tokWord {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.s)
	}
	words := b.String()
	g := spanRE.FindStringSubmatchIndex(words)
	if g == nil {
		return Window{}, false
	}
	sub := func(i int) string {
		if g[2*i] < 0 {
			return ""
		}
		return words[g[2*i]:g[2*i+1]]
	}
	deadline, part, which, week, month, monthWord, partAfter := sub(1), sub(2), strings.TrimSpace(sub(3)), sub(4), sub(5), sub(6), sub(7)
	if part == "" {
		part = partAfter
	}
	today := dayOf(now)
	var first, last time.Time
	switch {
	case week != "":
		monday := addDays(today, -((int(today.Weekday()) + 6) % 7))
		switch {
		case week == "week after next" || strings.Contains(which, "uebernaechst"):
			monday = addDays(monday, 14)
		case strings.Contains(which, "dies") || which == "this" || which == "the" || which == "":
			if which == "" && part == "" {
				return Window{}, false // "Woche" alone
			}
		default:
			monday = addDays(monday, 7)
		}
		lo, hi := weekPart(part)
		first, last = addDays(monday, lo), addDays(monday, hi)
	case month != "" || monthWord != "":
		var m time.Month
		y := today.Year()
		if month != "" {
			if part == "" {
				return Window{}, false
			}
			m = monthNames[month]
			if m < today.Month() {
				y++
			}
		} else {
			m = today.Month()
			if strings.Contains(words[g[0]:g[1]], "naechst") || strings.Contains(words[g[0]:g[1]], "next") ||
				strings.Contains(words[g[0]:g[1]], "kommend") || strings.Contains(words[g[0]:g[1]], "coming") {
				m++
			} else if part == "" {
				return Window{}, false // "diesen Monat": no wish of a time
			}
		}
		start := time.Date(y, m, 1, 0, 0, 0, 0, c.loc)
		end := addDays(start.AddDate(0, 1, 0), -1)
		switch monthPart(part) {
		case 1:
			first, last = start, addDays(start, 9)
		case 2:
			first, last = addDays(start, 10), addDays(start, 19)
		case 3:
			first, last = addDays(start, 20), end
		default:
			first, last = start, end
		}
	default:
		return Window{}, false
	}
	if deadline != "" && first.After(today) {
		first = today
	}
	w = Window{Start: c.at(first, c.open), End: c.at(last, c.close), NoClock: true}
	w.Phrase = strings.TrimSpace(words[g[0]:g[1]])
	if !w.End.After(now) {
		return Window{}, false
	}
	if w.Start.Before(now) {
		w.Start = now.Truncate(time.Minute)
	}
	return w, true
}

// weekPart gives the first and last weekday (0 = Monday) of a part of a
// working week.
func weekPart(part string) (lo, hi int) {
	switch part {
	case "anfang", "beginning", "start", "early", "erste haelfte", "first half":
		return 0, 1
	case "mitte", "middle", "mid":
		return 1, 3
	case "ende", "end", "late":
		return 3, 4
	case "later", "zweite haelfte", "second half", "latter part":
		return 2, 4
	}
	return 0, 4
}

// monthPart is 1 for the start of a month, 2 its middle, 3 its end, 0
// for the whole month.
func monthPart(part string) int {
	switch lo, hi := weekPart(part); {
	case part == "":
		return 0
	case lo == 0:
		return 1
	case lo == 1:
		return 2
	case hi == 4:
		return 3
	}
	return 0
}
