package nlu

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/mspbot/mspbot/scheduling"
)

// When is what a message says about time: a window (a day and hours, or
// "as soon as possible"), a length and a recurrence, each nil when the
// message names none.
type When struct {
	// Window is the time the message names; Err is set instead when it
	// names one that cannot be used (already over, ends before it starts).
	Window *scheduling.Window `json:"window,omitempty"`
	Err    error              `json:"-"`
	// Day is the day of a time that could not be used for its hours
	// ("am Mittwoch zwischen 16 und 14 Uhr"), as that day's business
	// hours: a dialogue keeps the day while it asks for the hours again.
	Day *scheduling.Window `json:"day,omitempty"`
	// Duration is a length ("2 Stunden", "half an hour"), also the length
	// of a named range ("von 9 bis 11").
	Duration *scheduling.Duration `json:"duration,omitempty"`
	// Now is set instead of Window when the only time word was "jetzt",
	// "gleich" or "now": often no wish for a time ("ja, jetzt stimmt's"),
	// but "as soon as possible" when a time was asked for.
	Now bool `json:"now,omitempty"`
	// Span is a wish that allows any day of several ("Ende nächster
	// Woche", "early next week", "Mitte Januar"), read only when the
	// message names no window of one day; nil otherwise. A dialogue that
	// can offer times inside it (the vendor booking) uses it; the others
	// ask for a day.
	Span *scheduling.Window `json:"span,omitempty"`
	// Recurrence is a recurring window ("jeden ersten Montag 9–11 Uhr");
	// RecurrenceErr is set for one that cannot be used.
	Recurrence    *scheduling.Recurrence `json:"recurrence,omitempty"`
	RecurrenceErr error                  `json:"-"`
	// Alt is a second day offered beside Window's ("Dienstag oder Mittwoch
	// vormittags", "Tuesday or Wednesday afternoon"), with the same time
	// of day: Window is the first, Alt the other; nil when there is none.
	Alt *scheduling.Window `json:"alt,omitempty"`
}

// notTimeRE finds things that contain digits but are no time: version
// numbers, product years, floors ("2. OG", "2nd floor", "Raum 14"),
// counts of devices, amounts.
var notTimeRE = newLitRE(`(?i)\b(?:version|vers\.|v|release|office|windows|win|server|sql|exchange|jahr|year|kw|nr\.?|nummer|number|no\.|floor|etage|stockwerk|raum|room|zimmer)\s*\d+(?:[.,]\d+)*\b|\b\d+(?:st|nd|rd|th)\s+(?:floor|storey|story|level)\b|\b\d+(?:[.,]\d+)+\s*(?:%|prozent|percent|gb|tb|mb|mbit|euro|eur|€)|\b\d+\s*(?:rechner|pcs?|computer|laptops?|clients?|arbeitsplätze|plätze|geräte|devices|users?|benutzer|mitarbeiter|lizenzen|licen[cs]es|euro|eur|€|gb|tb|mb|%|prozent|percent|stück|kolleg\w*|leute|people|seats?)\b|\b\d+\.\s*(?:og|eg|ug|stock|etage|obergeschoss|floor)\b|\b\d{1,2}\)\s|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eins|zwei|drei|vier|fünf|sechs|einer|eines|einem)\s+(?:of|von|der|den|unserer|unseren)\b`)

// notTimeWordsRE is the one alternative of notTimeRE without a digit
// ("eins von", "two of"): in a text without digits the others match
// nowhere, so its matches are notTimeRE's (see notTimes).
var notTimeWordsRE = newLitRE(`(?i)\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eins|zwei|drei|vier|fünf|sechs|einer|eines|einem)\s+(?:of|von|der|den|unserer|unseren)\b`)

// notTimes returns notTimeRE.FindAllStringIndex(text, -1): in a text
// without an ASCII digit (\d) by the one alternative that needs none,
// which runs much faster than all of them.
func notTimes(text string) [][]int {
	if strings.ContainsAny(text, "0123456789") {
		return notTimeRE.FindAllStringIndex(text, -1)
	}
	return notTimeWordsRE.FindAllStringIndex(text, -1)
}

// deniedHourRE is an hour denied before "sondern" ("nicht ab 14, sondern
// ab 13 Uhr"); group 1 is the hour.
var deniedHourRE = newLitRE(`(?i)\bnicht?\s+(?:erst\s+|schon\s+)?((?:ab|um|von|bis)\s+\d{1,2}(?:[:.]\d{2})?(?:\s*uhr)?)\s*,?\s*sondern\b`)

// addressRE is "Fr." as the form of address before a name.
var addressRE = newLitRE(`\bFr\.\s*(?:Dr\.\s*)?\p{Lu}\p{Ll}`)

// waitRE finds a request to wait ("give me a minute", "one moment",
// "Moment bitte, eine Minute", "gib mir zwei Minuten"): an idiom, no
// length of anything.
var waitRE = newLitRE(`(?i)\b(?:(?:give|gimme|allow|grant)\s+(?:me|us)\s+(?:a|an|one|two|a few|a couple of|\d+)\s+(?:more\s+)?(?:minutes?|mins?|secs?|seconds?|moments?)|(?:just|wait|hang on|hold on|bear with me)(?:\s+for)?\s+(?:a|an|one)\s+(?:minute|min|sec|second|moment)|(?:gib|geben sie|gebt)\s+(?:mir|uns)\s+(?:eine|einen|ein paar|zwei|drei|fünf|\d+)\s+(?:minuten?|momente?|augenblicke?|sekunden?)|(?:^|[.,;!?]\s*)(?:eine|einen|ein)\s+(?:minute|moment|augenblick|sekunde)\s*(?:,\s*|\s+)(?:bitte|ich|wir|noch)\b|one\s+(?:moment|sec|second|minute)|(?:moment|augenblick|minute|sekunde)\s*,?\s*bitte|(?:warten sie|wartet|warte)\s+(?:bitte\s+)?(?:kurz|eine minute|einen moment|einen augenblick))\b`)

// zoneWordRE names a time zone by a place ("9am UK time", "10 Uhr
// Londoner Zeit"); zoneAbbrRE by its abbreviation, in capitals ("9:00
// GMT"). Group 1 is the name.
var (
	zoneWordRE = newLitRE(`(?i)\b(uk|british|britischer|englischer|london|londoner|irish|irischer|dublin|dubliner|us eastern|eastern|east coast|new york|new yorker|pacific|west coast|california|us central|chicago|german|deutscher|berlin|berliner|central european|mitteleuropäischer)\s+(?:time|zeit)\b`)
	zoneAbbrRE = newLitRE(`\b(GMT|UTC|BST|CET|CEST|MEZ|MESZ|EST|EDT|PST|PDT|CDT)\b`)
)

// zoneNames are the time zones the names stand for.
var zoneNames = map[string]string{
	"uk": "Europe/London", "british": "Europe/London", "britischer": "Europe/London", "englischer": "Europe/London",
	"london": "Europe/London", "londoner": "Europe/London", "gmt": "Europe/London", "bst": "Europe/London",
	"irish": "Europe/Dublin", "irischer": "Europe/Dublin", "dublin": "Europe/Dublin", "dubliner": "Europe/Dublin",
	"us eastern": "America/New_York", "eastern": "America/New_York", "east coast": "America/New_York",
	"new york": "America/New_York", "new yorker": "America/New_York", "est": "America/New_York", "edt": "America/New_York",
	"pacific": "America/Los_Angeles", "west coast": "America/Los_Angeles", "california": "America/Los_Angeles",
	"pst": "America/Los_Angeles", "pdt": "America/Los_Angeles",
	"us central": "America/Chicago", "chicago": "America/Chicago", "cdt": "America/Chicago",
	"utc": "UTC",
}

// inZone moves a window whose hours are said in another time zone ("on
// Tuesday at 9am UK time") to the same moment in loc; hours said in
// loc's own zone ("10 Uhr deutscher Zeit", "CET") or no zone stay.
func inZone(win *scheduling.Window, text string, loc *time.Location) {
	name := ""
	if g := zoneWordRE.FindStringSubmatch(text); g != nil {
		name = strings.ToLower(g[1])
	} else if g := zoneAbbrRE.FindStringSubmatch(text); g != nil {
		name = strings.ToLower(g[1])
	}
	zone, ok := zoneNames[name]
	if !ok {
		return
	}
	zl, err := time.LoadLocation(zone)
	if err != nil {
		return
	}
	s := win.Start.In(loc)
	said := time.Date(s.Year(), s.Month(), s.Day(), s.Hour(), s.Minute(), 0, 0, zl)
	d := said.Sub(s)
	win.Start, win.End = win.Start.Add(d), win.End.Add(d)
}

// clockWordsRE is an hour and its minutes said in English words ("two
// thirty", "ten fifteen", "nine o'clock"); hourNumbers the hours.
var (
	clockWordsRE = newLitRE(`(?i)\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[ -](fifteen|thirty|forty[ -]five|o'?clock)\b`)
	hourNumbers  = map[string]string{"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
		"eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12"}
)

// boundEndRE is a start, then after a comma the end ("ab 10 Uhr,
// spätestens bis 11:30", "ab 8:30, bin aber nur bis 10 im Büro"); group 2
// is what stands between them.
var boundEndRE = newLitRE(`(?i)\b((?:ab|von|from|after|starting(?: at)?|nicht vor|nicht früher als|not before|no earlier than|frühestens(?: ab| um)?)\s+\d{1,2}(?:[:.]\d{2})?(?:\s*(?:uhr|h|am|pm))?)(\s*,?\s*(?:(?:aber|but|und|and)\s+)?(?:(?:ich\s+)?(?:bin|sind)\s+(?:ich\s+|wir\s+)?(?:aber\s+|dann\s+)?|(?:i'?m|we'?re|i am|we are)\s+(?:only\s+)?(?:there|in|around|available|here)\s+)?(?:(?:spätestens|allerspätestens|höchstens|nur|only|latest|at the latest)\s+)?)(?:bis|until|till)\b`)

// deadlineRE finds a deadline told as the reason of the hurry ("month end
// closing is today", "die Abgabe ist morgen"): when something is due, no
// time for the call.
var deadlineRE = newLitRE(`(?i)\b(?:closing|deadline|cut-?off|abschluss|frist|abgabe|month[- ]end|year[- ]end|monatsabschluss|jahresabschluss|quartalsabschluss|lohnlauf|payroll|audit|betriebsprüfung|prüfung|messe|präsentation|presentation|go-?live)\b[^.!?\n]{0,25}?\b(?:is|ist|are|sind|läuft|ends?|endet)\s+(?:today|heute|tomorrow|morgen|übermorgen)\b`)

// ordinalMonthRE follows "letzten Donnerstag" in a recurrence ("jeden
// letzten Donnerstag im Monat"), which is no past time.
var (
	ordinalMonthRE = newLitRE(`(?i)^\s*(?:im monat|des monats|eines monats|jedes monats|of the month|of each month|of every month|in the month|monthly)\b`)
	everyBeforeRE  = newLitRE(`(?i)\b(?:jede[nrs]?|every|each|immer am)\s*$`)
)

// pastSpans finds the past time phrases of text, leaving out the "last
// weekday of the month" of a recurring wish.
func pastSpans(text string) [][]int {
	var out [][]int
	for _, loc := range pastRE.FindAllStringIndex(text, -1) {
		if ordinalMonthRE.MatchString(text[loc[1]:]) || everyBeforeRE.MatchString(text[:loc[0]]) {
			continue
		}
		out = append(out, loc)
	}
	return out
}

// habitRE finds a part of the day said as a habit ("morgens", "every
// morning"); habitCueRE a sentence that describes a problem by how often
// it happens ("oft", "immer wieder", "nach dem Hochfahren"); callTimeRE
// one that speaks of being called or reached.
var (
	habitRE     = newLitRE(`(?i)\b(?:morgens|frühmorgens|abends|vormittags|nachmittags|mittags|nachts|jeden (?:morgen|abend|vormittag|nachmittag)|every (?:morning|evening|afternoon)|each (?:morning|evening|afternoon)|in the mornings|in the evenings|in the (?:morning|afternoon|evening)|around \d{1,2}(?::\d{2})?\s*(?:ish|am|pm|o'?clock)?|\d{1,2}ish|gegen \d{1,2}(?:[:.]\d{2})?(?:\s*uhr)?)\b`)
	habitCueRE  = newLitRE(`(?i)\b(?:oft|öfter|öfters|immer|manchmal|ständig|dauernd|häufig|regelmäßig|jedes mal|meistens|hochfahren|hochgefahren|einschalten|eingeschaltet|anmelden|anmeldung|neustart|nicht|kein\w*|bricht|abbricht|abbrechen|fällt|ausfällt|hängt|beschwer\w*|klagen|complain\w*|stürzt|spinnt|streikt|often|always|sometimes|keeps|usually|boot|boots|booting|start-?up|log ?in|logging in|drops?|dropping|disconnects?|disconnecting|crashes|crashing|freezes|freezing|fails|failing|hangs|stops|stopped|slow|not|no|doesn'?t|won'?t|can'?t)\b`)
	everyPartRE = newLitRE(`(?i)\b(?:jeden (?:morgen|abend|vormittag|nachmittag)|every (?:morning|evening|afternoon)|each (?:morning|evening|afternoon)|in the mornings|in the evenings)\b`)
	callAskRE   = newLitRE(`(?i)\b(?:anrufen|anruf|rufen|ruft|zurückrufen|rückruf|call|calls|ring|callback|call-back)\b`)
	callTimeRE  = newLitRE(`(?i)\b(?:anrufen|anruf|rufen|ruft|zurückrufen|rückruf|erreichbar|erreichen|erreicht|melden|passt|passen|lieber|am besten|call|ring|reach|reachable|available|suits?|best time)\b`)
)

// eventDayPartRE is a part of today or last night; eventDoneRE a clause
// that says something already went wrong ("ist heute Nacht
// fehlgeschlagen", "crashed this morning").
var (
	eventDayPartRE = newLitRE(`(?i)\b(?:heute nacht|heute morgen|heute früh|heute vormittag|letzte nacht|vergangene nacht|in der nacht|über nacht|last night|this morning|overnight|earlier today)\b`)
	eventDoneRE    = newLitRE(`(?i)\b(?:fehlgeschlagen|ausgefallen|abgestürzt|abgebrochen|gecrasht|kaputtgegangen|passiert|aufgetreten|hängen geblieben|stehen geblieben|nicht gelaufen|nicht durchgelaufen|failed|crashed|went down|broke|stopped|died|did not run|didn'?t run)\b`)
)

// alsoNowRE is "gleich mit", "gleich auch": also, not at once.
var alsoNowRE = newLitRE(`(?i)\bgleich (?:mit|auch|noch|dazu)\b`)

// eventSpans finds the parts of today or last night in a clause that says
// what already went wrong ("das Backup ist heute Nacht fehlgeschlagen"):
// when it happened, no wish for a time.
func eventSpans(text string) [][]int {
	if !eventDayPartRE.MatchString(text) || !eventDoneRE.MatchString(text) {
		return nil
	}
	var out [][]int
	for _, s := range sentences(text) {
		for _, c := range clauses(s) {
			if !eventDoneRE.MatchString(c.text) {
				continue
			}
			for _, loc := range eventDayPartRE.FindAllStringIndex(c.text, -1) {
				out = append(out, []int{c.start + loc[0], c.start + loc[1]})
			}
		}
	}
	return out
}

// habitSpans finds the parts of the day that say when a problem happens
// ("das Laufwerk ist morgens nach dem Hochfahren oft nicht da", "dropping
// out every afternoon"): in a clause that says how often or what fails,
// and nothing about the call, they are no wish for a time.
func habitSpans(text string) [][]int {
	if !habitRE.MatchString(text) {
		return nil
	}
	var out [][]int
	ss := sentences(text)
	for i, s := range ss {
		// "every morning" in a sentence of its own beside another that
		// asks for the call ("… asks me for a password every morning.
		// Could you call me back on Tuesday …"), or in a sentence that
		// says what fails ("Seit einer Woche beschweren sich die Gäste
		// abends, dass das WLAN abbricht."), says when the problem
		// happens, however it says it ("vormittags" alone may be the wish)
		calledElsewhere := false
		for j, o := range ss {
			if j != i && callAskRE.MatchString(o.text) {
				calledElsewhere = true
				break
			}
		}
		for _, c := range clauses(s) {
			if !habitRE.MatchString(c.text) || callTimeRE.MatchString(c.text) ||
				(!habitCueRE.MatchString(c.text) && !(calledElsewhere && (everyPartRE.MatchString(c.text) || habitCueRE.MatchString(s.text)) && !callTimeRE.MatchString(s.text))) {
				continue
			}
			for _, loc := range habitRE.FindAllStringIndex(c.text, -1) {
				out = append(out, []int{c.start + loc[0], c.start + loc[1]})
			}
		}
	}
	return out
}

// fallbackRE is a time offered for the case that the first cannot be had
// ("falls bei Ihnen dann schon Feierabend ist, dann am nächsten Werktag
// gleich früh", "or the next working day if you're closed then"); group 1
// is the fallback.
var fallbackRE = newLitRE(`(?i)(?:\b(?:falls|wenn|sollte|if)\b[^.?!]*?\b(?:feierabend|geschlossen|schon zu|closed|shut|after hours|too late|zu spät|nicht mehr (?:da|erreichbar|geht))\b[^.?!,]*?,?\s*(?:dann\s+|then\s+)?([^.?!]+)|\bor\s+([^.?!]+?)\s+if\s+(?:you(?:'re| are)|your office is|the office is)\s+(?:closed|shut)(?:\s+(?:then|by then|tomorrow))?)`)

// containsAny reports whether s holds one of the words.
func containsAny(s string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// doneByRE says by when work is done, after its start ("and will be
// done by", "and should be finished by"): read as "until".
var doneByRE = newLitRE(`(?i)\b(?:and\s+)?(?:(?:says|said|thinks|reckons|expects)\s+)?(?:(?:he|she|they|it|we)\s*)?(?:(?:will|should|would|'ll|is going to|are going to)\s+)?(?:be\s+)?(?:done|finished|through|ready|complete)\s+by\b`)

// weekendWishRE is a wish for the weekend ("kann nur am Wochenende", "at
// the weekend please"), not a report of one ("am Wochenende ist … ausgefallen").
var weekendWishRE = newLitRE(`(?i)\b(?:nur|kann (?:\pL+ ){0,2}|könnte (?:\pL+ ){0,2}|geht (?:\pL+ ){0,2}|ginge (?:\pL+ ){0,2}|passt (?:\pL+ ){0,2}|bitte|only|can (?:\pL+ ){0,2}|could (?:\pL+ ){0,2}|please)\s*(?:am|übers|an|at the|on the|on|at) (?:wochenende|weekend)\b`)

// beforeAtRE is "before" with a clause whose hour follows: "bevor wir um
// 16 Uhr zumachen", "before we close at 4".
var beforeAtRE = newLitRE(`(?i)\b(?:bevor|ehe|before)\s+(?:wir|ihr|sie|man|die|der|das|er|we|they|you|he|she|the office|the shop)\s+(?:\pL+\s+)?(?:um|at)\b`)

// exceptRE is a range of hours left out of a day ("except 10 to 11",
// "außer zwischen 12 und 13 Uhr"); group 1 is the range. ownSeriesRE is a
// series of the client's own ("our weekly team meeting"), no wish for one.
var (
	exceptRE    = newLitRE(`(?i)\b(?:except|apart from|other than|but not|excluding|außer|ausser|nur nicht|aber nicht)\s+((?:(?:from|between|von|zwischen)\s+)?\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|uhr|h)?\s*(?:to|till|until|-|–|and|bis|und)\s*\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|uhr|h)?)`)
	ownSeriesRE = newLitRE(`(?i)\b(?:lunch meeting|lunch appointment|business lunch|mittagstermin|mittagessen mit)\b|\b(?:our|my|the|unser\w*|die|der|das|den|dem)\s+(?:weekly|monthly|daily|wöchentliche\w*|monatliche\w*|tägliche\w*)\s+(?:[\pL-]+\s+)?(?:meeting|besprechung|call|jour fixe|runde|standup|stand-up|sitzung|teammeeting|team meeting|telko)\b|\b(?:our|my|the|unser\w*|dem|den|das|im|zum|nach dem|vor dem|after the|before the)\s+(?:daily|weekly|standup|stand-up)\b`)
)

// cutExcept cuts the hours of except out of w's window ("Thursday except
// 10 to 11" is 08:00–10:00 and 11:00–17:00): the longer part is the
// window, the other its alternative on the same day; nothing changes when
// the hours do not lie inside the window.
func cutExcept(cal *scheduling.Calendar, w *When, except string, now time.Time) {
	ex, err := cal.ParseWindow(except, now)
	if err != nil && !errors.Is(err, scheduling.ErrPast) {
		return
	}
	win := w.Window
	loc := cal.Location()
	day := func(t time.Time) time.Time { y, m, d := t.In(loc).Date(); return time.Date(y, m, d, 0, 0, 0, 0, loc) }
	from := day(win.Start).Add(ex.Start.Sub(day(ex.Start)))
	to := day(win.Start).Add(ex.End.Sub(day(ex.End)))
	if !from.After(win.Start) && !to.Before(win.End) || !to.After(win.Start) || !from.Before(win.End) {
		return
	}
	before, after := *win, *win
	before.End, after.Start = from, to
	before.NoClock, after.NoClock = false, false
	first, second := after, before
	if before.End.Sub(before.Start) > after.End.Sub(after.Start) {
		first, second = before, after
	}
	switch {
	case !first.End.After(first.Start):
		return
	case !second.End.After(second.Start):
		*win = first
	default:
		*win = first
		w.Alt = &second
	}
}

// writingRE finds the writer saying they write ("ich wende mich heute an
// Sie", "I'm writing today"); todayRE the day word of such a sentence.
var (
	writingRE = newLitRE(`(?i)\b(?:wende|wenden|schreibe|schreiben|melde mich|melden uns|i'?m writing|i am writing|we'?re writing|we are writing|reaching out|reach out)\b`)
	todayRE   = newLitRE(`(?i)\b(?:heute|today)\b`)
)

// writingSpans finds "heute" in a sentence that says when the writer
// writes, not when to call ("ich erlaube mir, mich heute mit einer Bitte
// an Sie zu wenden").
func writingSpans(text string) [][]int {
	if !writingRE.MatchString(text) || !todayRE.MatchString(text) {
		return nil
	}
	var out [][]int
	for _, s := range sentences(text) {
		if !writingRE.MatchString(s.text) || callTimeRE.MatchString(s.text) || strings.ContainsAny(s.text, "0123456789") {
			continue
		}
		for _, loc := range todayRE.FindAllStringIndex(s.text, -1) {
			out = append(out, []int{s.start + loc[0], s.start + loc[1]})
		}
	}
	return out
}

// pastRE finds time phrases about the past ("seit Freitag", "since
// Monday", "gestern", "letzte Woche"): they date a problem, they are no
// wish for a time.
var pastRE = newLitRE(`(?i)\b(?:seit|since)\s+(?:(?:about|around|approx\.?|approximately|roughly|ca\.|etwa|ungefähr|gegen|so)\s+)?(?:dem\s+|der\s+|letzte[nmrs]?\s+|last\s+|vorige[nmrs]?\s+|heute\s+|gestern\s+|einer\s+|einem\s+|zwei\s+|drei\s+|\d+\s+)?[\pL\d.]+(?:\s+(?:früh|frueh|morgen|abend|nachmittag|vormittag|mittag|morning|afternoon|evening|woche|wochen|tagen|stunden|minuten|\d{1,2}(?:[:.]\d{2})?\s*uhr))?|\bvor\s+(?:\d+|einer|einem|zwei|drei|vier|fünf|ein paar|einigen|wenigen)\s+(?:minuten|stunden|tagen|wochen|monaten|jahren)\b|\b(?:gestern|vorgestern|yesterday)(?:\s+(?:früh|frueh|morgen|vormittag|nachmittag|abend|morning|afternoon|evening))?\s+(?:um|gegen|ab|at|around)\s+\d{1,2}(?:[:.]\d{2})?(?:\s*(?:uhr|h|am|pm))?\b|\b(?:gestern|vorgestern|yesterday|letzte[nrs]?\s+(?:woche|monat|\pL+tag)|last\s+(?:week|month|\pL+day)|vorige[nrs]?\s+woche|\pL+\s+ago)\b|\becht jetzt\b|\b(?:started|began|joined|arrived|happened|stopped|broke|crashed|failed)\s+(?:on\s+|last\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|\b(?:am|seit)\s+(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)\s+(?:\pL+\s+){0,2}(?:angefangen|begonnen|gestartet|angetreten|passiert|ausgefallen|abgestürzt|kaputtgegangen|eingestellt|gekommen)\b`)

// readWhen reads the time of a message; blank holds the byte ranges of
// the message that are other values (phone numbers, addresses, host
// names) and are masked first.
func readWhen(cal *scheduling.Calendar, text string, blank [][]int, now time.Time) When {
	var w When
	if cal == nil {
		return w
	}
	skip := append(blank, notTimes(text)...)
	if strings.Contains(text, "Fr.") {
		// "Fr. Jürgensen" is a woman addressed, not a Friday
		skip = append(skip, addressRE.FindAllStringIndex(text, -1)...)
	}
	if strings.Contains(text, "sondern") {
		// "nich ab 14 sondern schon ab 13 uhr": the hour denied is none
		for _, g := range deniedHourRE.FindAllStringSubmatchIndex(text, -1) {
			skip = append(skip, []int{g[2], g[3]})
		}
	}
	skip = append(skip, pastSpans(text)...)
	skip = append(skip, habitSpans(text)...)
	skip = append(skip, eventSpans(text)...)
	// "das bitte beim Anruf gleich mit besprechen": also, not at once
	skip = append(skip, alsoNowRE.FindAllStringIndex(text, -1)...)
	skip = append(skip, writingSpans(text)...)
	skip = append(skip, waitRE.FindAllStringIndex(text, -1)...)
	skip = append(skip, deadlineRE.FindAllStringIndex(text, -1)...)
	skip = append(skip, ownSeriesRE.FindAllStringIndex(text, -1)...)
	t := mask(text, skip)
	// the patterns below run on t, which no scan knows: each only where a
	// word it needs occurs
	lt := strings.ToLower(t)
	// "starts at 9 and will be done by noon", "fängt um 9 an und ist bis
	// mittags fertig": the end of the work is the end of the window
	rewritten := false
	if strings.Contains(lt, " by") {
		t = doneByRE.ReplaceAllStringFunc(t, func(s string) string {
			rewritten = true
			return "until" + strings.Repeat(" ", max(len(s)-len("until"), 0))
		})
	}
	// "ich kann nur am Wochenende", "weekends only please": a wish for
	// the coming Saturday, which the dialogue then says is outside the
	// hours
	if containsAny(lt, "wochenende", "weekend") {
		t = weekendWishRE.ReplaceAllStringFunc(t, func(s string) string {
			rewritten = true
			// the day's name no longer than the word it replaces, so that
			// offsets into the message stay true
			w, at := "Sonnabend", strings.Index(strings.ToLower(s), "wochenende")
			if at < 0 {
				w, at = "Saturday", strings.Index(strings.ToLower(s), "the weekend")
			}
			if at < 0 {
				return s // "on weekend": left as it is
			}
			return s[:at] + w + strings.Repeat(" ", max(len(s)-at-len(w), 0))
		})
	}
	// "bevor wir um 16 Uhr zumachen", "before we close at 4pm": the hour
	// the day ends at is the end of the window
	if containsAny(lt, "bevor", "before", "ehe ") {
		t = beforeAtRE.ReplaceAllStringFunc(t, func(s string) string {
			rewritten = true
			w := "vor"
			if strings.HasPrefix(strings.ToLower(s), "before") {
				w = "before"
			}
			return w + strings.Repeat(" ", max(len(s)-len(w), 0))
		})
	}
	// "between two thirty and four": hours and minutes said in words
	if containsAny(lt, "fifteen", "thirty", "forty", "o'clock", "oclock") {
		t = clockWordsRE.ReplaceAllStringFunc(t, func(s string) string {
			g := clockWordsRE.FindStringSubmatch(s)
			min := map[string]string{"fifteen": "15", "thirty": "30"}[strings.ToLower(g[2])]
			switch l := strings.ToLower(g[2]); {
			case strings.HasPrefix(l, "forty"):
				min = "45"
			case strings.Contains(l, "clock"):
				min = "00"
			}
			c := hourNumbers[strings.ToLower(g[1])] + ":" + min
			rewritten = true
			return strings.Repeat(" ", max(len(s)-len(c), 0)) + c
		})
	}
	// "ab 10 Uhr, spätestens bis halb zwölf", "from 10, but only until
	// 12": the end after the comma belongs to the start before it
	if containsAny(lt, "bis", "until", "till") {
		if locs := boundEndRE.FindAllStringSubmatchIndex(t, -1); locs != nil {
			b := []byte(t)
			for _, l := range locs {
				for i := l[4]; i < l[5]; i++ {
					b[i] = ' '
				}
				// "nicht vor 10 und bis spätestens 12": the start as "ab",
				// which the range after it reads
				if d := strings.IndexFunc(t[l[2]:l[3]], unicode.IsDigit); d >= 3 && !strings.HasPrefix(strings.ToLower(t[l[2]:l[3]]), "ab ") &&
					!strings.HasPrefix(strings.ToLower(t[l[2]:l[3]]), "von ") && !strings.HasPrefix(strings.ToLower(t[l[2]:l[3]]), "from ") {
					copy(b[l[2]:l[2]+d], strings.Repeat(" ", d-3)+"ab ")
				}
			}
			t = string(b)
			rewritten = true
		}
	}
	// "in einer Stunde; falls dann schon Feierabend ist, am nächsten
	// Werktag früh": the fallback is read apart, as the alternative
	var fallback string
	if !containsAny(lt, "feierabend", "geschlossen", "schon zu", "closed", "shut", "after hours", "too late", "zu spät", "nicht mehr") {
		// no fallback
	} else if g := fallbackRE.FindStringSubmatchIndex(t); g != nil {
		if g[2] >= 0 {
			fallback = t[g[2]:g[3]]
		} else {
			fallback = t[g[4]:g[5]]
		}
		t = mask(t, [][]int{{g[0], g[1]}})
	}
	// "any time Thursday except 10 to 11": the hours left out are read
	// apart and cut from the window below
	var except string
	if !containsAny(lt, "except", "apart from", "other than", "but not", "excluding", "außer", "ausser", "nur nicht", "aber nicht") {
		// no hours left out
	} else if g := exceptRE.FindStringSubmatchIndex(t); g != nil {
		except = t[g[2]:g[3]]
		t = mask(t, [][]int{{g[0], g[1]}})
	}
	if keep := retractedTime(cal, t, now); keep != nil {
		// "zwischen 14 und 16 Uhr. Ach nee, da hab ich … lieber
		// vormittags, 9 bis 11": the time said after taking the first
		// back replaces it
		t = mask(t, keep)
	}
	if neg, keepDay := ruledOutTimes(t); neg != nil {
		// "10 to 11:30 won't work, … 2 to 3pm the same day?": a time the
		// writer rules out is no wish, when another is named
		if hasWindow(cal, mask(t, neg), now) {
			t = mask(t, keepDay)
		}
	}
	if busy := keepDays(t, busySentences(t)); busy != nil && hasWindow(cal, mask(t, busy), now) {
		// "…, dass ich an dem Nachmittag Prüfungsfahrten habe. Ginge es
		// am Vormittag, zwischen zehn und elf?": the sentence that says
		// when the writer is busy is no wish, when another names a time
		t = mask(t, busy)
	}
	dt := t
	if locs := lengthCompoundRE.FindAllStringIndex(dt, -1); locs != nil {
		// "wegen Ihrer 7-Tage-Regel": a rule's name, no length
		dt = mask(dt, locs)
	}
	if d, err := scheduling.ParseDuration(dt); err == nil {
		dd := d
		w.Duration = &dd
		if !d.FromRange && d.Phrase != "" {
			// "ca. 2 Stunden" is a length, not a time of day
			if i := strings.Index(t, d.Phrase); i >= 0 {
				end := i + len(d.Phrase)
				if d2, n := correctedLength(t[end:], d); n > 0 {
					// "3 hours. no wait, they said 4 to be safe"
					w.Duration = &d2
					end += n
				}
				t = mask(t, [][]int{{i, end}})
			}
		}
	}
	rec, recErr := scheduling.Recurrence{}, scheduling.ErrNoRecurrence
	if recurringWordRE.MatchString(fold(t)) {
		// "their quarterly update", "das Quartalsupdate": the kind of the
		// work, no series (unless "every …" says so besides)
		rt := t
		if locs := workKindRE.FindAllStringIndex(rt, -1); locs != nil {
			rt = mask(rt, locs)
		}
		if recurringWordRE.MatchString(fold(rt)) {
			rec, recErr = scheduling.ParseRecurrence(rt, cal.Location(), now)
		}
	}
	if recErr == nil {
		w.Recurrence = &rec
		return w
	}
	if neg := negatedDays(t); neg != nil {
		// "Heute bin ich nicht mehr erreichbar, bitte Dienstag 9–10":
		// a day the writer rules out is no wish, when another time is
		// named
		if t2 := mask(t, neg); hasWindow(cal, t2, now) {
			t = t2
		}
	}
	win, err := cal.ParseWindow(t, now)
	switch {
	case err == nil:
		if win.ASAP && idleNow(t, win.Phrase) {
			break
		}
		if win.Weak {
			w.Now = true
			break
		}
		if i := strings.Index(t, win.Phrase); rewritten && i >= 0 {
			// the phrase as written, not as read
			win.Phrase = strings.Join(strings.Fields(text[i:i+len(win.Phrase)]), " ")
		}
		if !win.NoClock && !win.ASAP {
			// "at 9am UK time": the hours said are another zone's
			inZone(&win, t, cal.Location())
		}
		w.Window = &win
		w.Alt = altDay(cal, t, win, now)
		if fallback != "" {
			if fb, err := cal.ParseWindow(fallback, now); err == nil && !fb.ASAP && !fb.Weak {
				w.Alt = &fb
			}
		}
		if except != "" {
			cutExcept(cal, &w, except, now)
		}
	case errors.Is(err, scheduling.ErrNoSuchDate):
		// "am 31.11.": said back, not passed over
		w.Err = err
	case errors.Is(err, scheduling.ErrNoWindow):
		if sp, ok := cal.ParseSpan(t, now); ok {
			w.Span = &sp
		}
	default:
		w.Err = err
		if errors.Is(err, scheduling.ErrPast) {
			w.Window = &win
		}
		if errors.Is(err, scheduling.ErrEndBeforeStart) && !win.Start.IsZero() {
			w.Day = &win
		}
	}
	// "our backup fails every night …, Thursday after 2pm": a series
	// without a time of day beside a window with one is no wish for a
	// series (that would carry its time), the window is
	clockBeside := errors.Is(recErr, scheduling.ErrNoRecurrenceTime) && w.Window != nil && !w.Window.NoClock
	if (errors.Is(recErr, scheduling.ErrTooFrequent) || errors.Is(recErr, scheduling.ErrNoRecurrenceTime)) && !clockBeside &&
		(w.Window == nil || recurringCueRE.MatchString(fold(t))) {
		// a recurring wish that cannot be used ("jeden Tag", "jeden
		// Montag" without a time) is said so; a stray "des Monats" in a
		// message with a clear time is not
		w.RecurrenceErr, w.Window, w.Err = recErr, nil, nil
	}
	return w
}

// dayWord is a day as an alternative names it: a weekday, (über)morgen,
// tomorrow or a date.
const dayWord = `(?:(?:am|on|next|n(?:ä|ae)chsten|kommenden)\s+)?(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag|monday|tuesday|wednesday|thursday|friday|saturday|sunday|(?:ü|ue)bermorgen|morgen|tomorrow|\d{1,2}\.\s?\d{1,2}\.(?:\d{2,4})?)`

// altDayRE finds one day offered as an alternative to another: "Dienstag
// oder Mittwoch", "on Tuesday or Wednesday", "am 9.12. bzw. am 10.12.".
var altDayRE = newLitRE(`(?i)\b(` + dayWord + `)\s*,?\s+(?:oder|or|bzw\.?|beziehungsweise|alternativ(?:ly)?|ersatzweise)\s+(?:auch\s+)?(` + dayWord + `)(?:\s|[,.!?]|$)`)

// altDay returns the window of the second day where text offers two
// ("Dienstag oder Mittwoch vormittags"): text read again without the first
// day and its "oder", so that the time of day said once applies to both;
// nil when there is none, or it is the first window's day.
func altDay(cal *scheduling.Calendar, text string, first scheduling.Window, now time.Time) *scheduling.Window {
	if first.ASAP {
		return nil
	}
	loc := altDayRE.FindStringSubmatchIndex(text)
	if loc == nil {
		return nil
	}
	alt, err := cal.ParseWindow(mask(text, [][]int{{loc[2], loc[4]}}), now)
	if err != nil || alt.ASAP || alt.Weak {
		return nil
	}
	a, f := alt.Start.In(cal.Location()), first.Start.In(cal.Location())
	if a.YearDay() == f.YearDay() && a.Year() == f.Year() {
		return nil
	}
	return &alt
}

// timeWords are the words the time parsers know (as parts of words):
// without one of them or a digit a message names no time, and the parsers
// are not run.
var timeWords = []string{"unverzueglich", "immediately", "spaetestens", "uebermorgen", "arbeitstag", "donnerstag", "irgendwann", "nachmittag", "wochenende", "afternoon", "innerhalb", "jederzeit", "sonnabend", "vormittag", "wednesday", "dienstag", "earliest", "feiertag", "mittwoch", "moeglich", "possible", "saturday", "straight", "thursday", "tomorrow", "umgehend", "whenever", "zwischen", "anytime", "between", "evening", "freitag", "holiday", "kommend", "morning", "naechst", "quarter", "samstag", "schnell", "sonntag", "tonight", "tuesday", "viertel", "weekend", "werktag", "before", "binnen", "coming", "entire", "friday", "gleich", "latest", "minute", "mittag", "monday", "montag", "morgen", "sobald", "sofort", "stunde", "sunday", "within", "abend", "after", "break", "clock", "frueh", "heute", "jetzt", "lunch", "nacht", "night", "pause", "right", "sharp", "since", "today", "until", "whole", "woche", "asap", "bald", "egal", "from", "full", "ganz", "halb", "half", "hour", "maer", "nach", "next", "noon", "seit", "soon", "till", "time", "wann", "week", "when", "zeit", "any", "apr", "aug", "bis", "day", "dec", "dez", "feb", "fri", "hrs", "jan", "jul", "jun", "mai", "mar", "may", "min", "mon", "mrz", "nov", "now", "oct", "okt", "sat", "sep", "std", "sun", "tag", "thu", "tue", "uhr", "vor", "wed", "ab"}

// mayNameTime reports whether folded text has a digit or a time word.
func mayNameTime(low string) bool {
	for i := 0; i < len(low); i++ {
		if low[i] >= '0' && low[i] <= '9' {
			return true
		}
	}
	// one walk of the literal trie instead of a search for each word
	return timeWordRE.MatchString(low)
}

// timeWordRE matches any of timeWords, inside words too (as
// strings.Contains would).
var timeWordRE = newLitRE(strings.Join(timeWords, "|"))

// lengthCompoundRE is a length inside a compound noun: "7-Tage-Regel",
// "24-Stunden-Service", "the 7-day rule".
var lengthCompoundRE = newLitRE(`(?i)\b\d+[- ](?:tage|tages|stunden|wochen|day|hour|week)s?-\pL+|\b\d+-(?:day|hour|week) (?:rule|notice|lead|period|window|service|support)\b`)

// workKindRE is a word of recurrence that only says how often a problem
// happens ("mehrmals täglich", "several times a day") or names the kind of
// the work: "quarterly update", "the quarterly Sage 100 update" (names of a
// product between), "monthly patches", "Quartalsupdate",
// "Jahresabschluss".
var workKindRE = newLitRE(`(?i)\b(?:(?:mehrmals|mehrfach|ein paar mal|zwei-?mal|drei-?mal|several times|multiple times|a few times|twice|three times)\s+(?:täglich|am tag|pro tag|a day|per day|daily|die woche|pro woche|in der woche|a week|per week|weekly)|(?:quarterly|monthly|weekly|yearly|annual|daily|nightly)[- ]?(?:(?-i:[A-Z0-9][\w.+-]*)\s+){0,3}(?:update|upgrade|patch|release|maintenance|closing|report|backup|run|job|tax)\w*|(?:quartals?|monats|jahres|wochen|vierteljahres)-?(?:update|upgrade|patch|release|wartung|abschluss|aktualisierung|lauf|sicherung|meldung|tabellen)\w*)`)

// recurringWordRE finds a word without which no recurrence is read:
// the parser runs only then.
var recurringWordRE = foldedRE(`(?:\b(?:erste|zweite|dritte|vierte|fuenfte|letzte|vorletzte|first|second|third|fourth|fifth|last|other)\w* (?:mo|di|mi|do|fr|sa|so|mon|tue|wed|thu|fri|sat|sun)|woechentl|vierzehnt|quartal|vierteljaehr|werktag|arbeitstag|weekday|\b(?:jede|alle |monatl|taegl|regelmaess|immer|every|each|weekly|monthly|daily|biweekly|fortnight|quarterly|montags|dienstags|mittwochs|donnerstags|freitags|samstags|sonntags|mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays|des monats|im monat|of the month|pro woche|pro monat|per week|per month|bis auf weiteres|serie|series|recurring))`)

// recurringCueRE finds a clear wish for a recurring window.
var recurringCueRE = foldedRE(`\b(?:jede[nrs]?|alle \w+ (?:tage|wochen|monate)|wöchentlich|monatlich|täglich|regelmäßig|immer (?:am|montags|dienstags|mittwochs|donnerstags|freitags)|every|weekly|monthly|daily|each)\b|\b(?:montags|dienstags|mittwochs|donnerstags|freitags)\b`)

// idleNowRE finds "now" and "jetzt" that are no wish for a time: "for
// now", "erstmal", "ruft jetzt jemand an", "jetzt auch".
var idleNowRE = foldedRE(`\b(?:for now|just now|right now i|by now|until now|up to now|now that|erst ?mal|jetzt (?:auch|schon|wieder|mal|noch mal|gerade|endlich|jemand|einer|wer)|ruft jetzt|jetzt gleich selbst|bis jetzt|ab jetzt|was jetzt|und jetzt|jetzt doch)\b`)

func idleNow(text, phrase string) bool {
	p := fold(strings.TrimSpace(phrase))
	if p != "now" && p != "jetzt" && p != "right now" && p != "gleich" {
		return false
	}
	return idleNowRE.MatchString(fold(text))
}

// clauseSplitRE, negationRE and dayWordRE find a clause that rules a day out: a day word and a
// negation in one clause without any digit ("heute bin ich nicht mehr
// erreichbar", "morgen nicht", "Montag geht nicht", "not today"). A clause
// with a clock time ("nicht vor 14 Uhr") says when, so it is not one.
var (
	clauseSplitRE = newLitRE(`[.,;!?\n]|\s(?:aber|sondern|but|rather)\s`)
	negationRE    = foldedRE(`\b(?:nicht|nich|net|nix|nichts|kein\w*|nie|not|no|never|can'?t|cannot|won'?t|isn'?t|doesn'?t|don'?t)\b`)
	dayWordRE     = foldedRE(`\b(?:heute|morgen|übermorgen|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|today|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b`)
)

// negatedDays returns the byte ranges of the clauses of t that rule a day
// out (see negatedDayRE), or nil.
func negatedDays(t string) [][]int {
	low := strings.ToLower(t)
	if len(low) != len(t) {
		// the clauses' offsets must be t's
		return nil
	}
	if f := fold(t); !negationRE.MatchString(f) && !(dayWordRE.MatchString(f) && unavailableRE.MatchString(f)) {
		return nil
	}
	var out [][]int
	start := 0
	cut := append(clauseSplitRE.FindAllStringIndex(low, -1), []int{len(low), len(low)})
	for _, c := range cut {
		clause := fold(low[start:c[0]])
		if !strings.ContainsAny(clause, "0123456789") && dayWordRE.MatchString(clause) && (negationRE.MatchString(clause) || unavailableRE.MatchString(clause)) {
			out = append(out, []int{start, c[0]})
		}
		start = c[1]
	}
	return out
}

// ruledOutRE says a time does not suit ("won't work", "geht leider
// nicht", "passt mir nicht").
var ruledOutRE = foldedRE(`\b(?:(?:won'?t|doesn'?t|does not|will not|wouldn'?t|would not|can'?t|cannot)\s+(?:really\s+)?(?:work|suit|do)|no good|not good|is bad|(?:geht|passt|klappt)\s+(?:mir\s+|uns\s+|da\s+|bei mir\s+)?(?:leider\s+|doch\s+|dann\s+)*(?:nicht|nich|net|schlecht)|(?:kann|bin)\s+ich\s+(?:da\s+|dann\s+|leider\s+)*nicht)\b`)

// unavailableRE says why a time does not suit ("Inventur", "Urlaub",
// "nicht im Büro", "will ich keinen am Server haben", "we're closed");
// suitsRE asks for or offers a time in the same sentence, which then is
// no refusal ("geht auch der 22.12.?").
var (
	unavailableRE = foldedRE(`\b(?:(?:bin|sind) (?:ich |wir )?am \d{1,2}\.\d{1,2}\.?(?:\d{2,4})? (?:ja |doch |leider |eh |schon |dann |da )*(?:in|nach|auf|bei) \w+|(?:bin|sind) (?:ich |wir )?(?:ja |doch |leider |eh |schon |dann |da )*(?:beim kunden|bei einem kunden|bei kunden|unterwegs|auf montage|außer haus|ausser haus|im urlaub|auf dienstreise|krank|nicht im haus|in der halle|auf (?:der|einer) baustelle|auf (?:einer|der) messe|auf (?:einer|der) schulung|beim arzt)|inventur|betriebsferien|betriebsurlaub|urlaub|jahresabschluss|geschlossen|(?:bin|sind|ist)\s+(?:\w+\s+){0,4}nicht\s+(?:da|hier|im büro|im haus|vor ort|erreichbar|anwesend)|nicht erreichbar|will ich keinen|wollen wir keinen|keiner da|niemand da|stocktaking|stock-?take|closed|on holiday|on vacation|out of (?:the )?office|ooo|oof|(?:bin|sind) (?:ich |wir )?(?:\w+ )?(?:ooo|oof|raus|weg|nicht da)|not available|unavailable|(?:i'?m|we'?re|i am|we are)\s+(?:\w+\s+){0,2}(?:away|off|out))\b`)
	// busyRE says the writer is busy then ("dass ich an dem Nachmittag
	// Prüfungsfahrten habe", "I have meetings all morning"); busyNounRE is
	// what it needs, looked for first (busyRE's words are too common to
	// find it by).
	busyRE     = foldedRE(`\b(?:(?:habe|hab|haben) (?:ich |wir )?(?:\w+ ){0,4}(?:termine?|prüfungen|prüfungsfahrten|fahrstunden|besprechung|besprechungen|meetings?|sitzung|unterricht|dienst|sprechstunde)|(?:termine?|prüfungen|prüfungsfahrten|fahrstunden|besprechung|besprechungen|meetings?|sitzung|unterricht|sprechstunde) (?:\w+ ){0,3}(?:habe|hab|haben)|(?:i|we) (?:have|'ve got|have got) (?:\w+ ){0,3}(?:meetings?|appointments?|exams?|classes|lessons))\b`)
	busyNounRE = foldedRE(`\b(?:termine?|prüfungen|prüfungsfahrten|fahrstunden|besprechung|besprechungen|meetings?|sitzung|unterricht|dienst|sprechstunde|appointments?|exams?|classes|lessons)\b`)
	suitsRE    = foldedRE(`\b(?:geht auch|ginge auch|ginge|lieber|stattdessen|besser|passt|passen|wie wäre|wie waere|how about|what about|instead|rather|would|works?|suits?)\b|\?`)
)

// retractRE takes back what was just said: "ach nee", "doch lieber",
// "no wait", "scratch that", "on second thought".
var retractRE = newLitRE(`(?i)\b(?:(?:ach|oh|aeh|äh|hm+)\W+(?:nee|nein|ne|warte|moment)|nee,? (?:warte|doch)|doch (?:lieber|besser)|korrektur|ich meinte|no,? wait|oh,? wait|wait,? (?:no|actually)|scratch that|on second thought|actually,? (?:make it|no|rather|better)|sorry,? i meant)\b`)

// retractedTime returns the byte ranges of t to pass over when the writer
// names a time, takes it back and names another in the same message
// ("Am Mittwoch zwischen 14 und 16 Uhr. Ach nee, … lieber 9 bis 11"):
// everything before the last retraction but its day words, when what
// follows names no day of its own; nil when t does not do that.
func retractedTime(cal *scheduling.Calendar, t string, now time.Time) [][]int {
	f := strings.ToLower(t)
	if len(f) != len(t) || !strings.ContainsAny(t, "0123456789") {
		return nil
	}
	locs := retractRE.FindAllStringIndex(t, -1)
	if len(locs) == 0 {
		return nil
	}
	i := locs[len(locs)-1][0]
	if i == 0 || !strings.ContainsAny(t[:i], "0123456789") || !hasWindow(cal, t[:i], now) {
		return nil
	}
	all := [][]int{{0, i}}
	if dayWordRE.MatchString(fold(t[i:])) {
		if hasWindow(cal, mask(t, all), now) {
			return all
		}
		return nil
	}
	var keep [][]int
	from := 0
	for _, d := range dayWordRE.FindAllStringIndex(f[:i], -1) {
		keep = append(keep, []int{from, d[0]})
		from = d[1]
	}
	keep = append(keep, []int{from, i})
	if !hasWindow(cal, mask(t, keep), now) {
		return nil
	}
	return keep
}

// ruledOutTimes returns the byte ranges of the clauses of t that name a
// clock time and rule it out ("10 to 11:30 won't work", "9 Uhr passt
// leider nicht"), or nil; and the same without their day words when t
// names no other day. "nicht vor 14 Uhr" says when, and is none.
func ruledOutTimes(t string) (out, keepDay [][]int) {
	low := strings.ToLower(t)
	if len(low) != len(t) || !strings.ContainsAny(t, "0123456789") {
		return nil, nil
	}
	f := fold(t)
	if !ruledOutRE.MatchString(f) && !unavailableRE.MatchString(f) {
		return nil, nil
	}
	start := 0
	cut := append(clauseSplitRE.FindAllStringIndex(low, -1), []int{len(low), len(low)})
	for _, c := range cut {
		clause := fold(low[start:c[0]])
		if strings.ContainsAny(clause, "0123456789") && ruledOutRE.MatchString(clause) {
			out = append(out, []int{start, c[0]})
		}
		start = c[1]
	}
	// "am 21.12. ist bei uns Inventur, da will ich keinen am Server haben.
	// Geht auch der 22.12.?": a sentence that says why a time does not
	// suit rules it out as a whole
	for _, s := range sentences(t) {
		if fs := fold(s.text); strings.ContainsAny(s.text, "0123456789") && unavailableRE.MatchString(fs) && !suitsRE.MatchString(fs) {
			out = append(out, unavailableClauses(low, s.start, s.end)...)
		}
	}
	// "morgen 9 Uhr passt leider nicht, lieber um 14 Uhr": the day stays
	// when no other is named, only the hour is ruled out
	return out, keepDays(t, out)
}

// keepDays returns the ranges out of t without the day words in them when
// what is left of t names no day of its own; else out.
func keepDays(t string, out [][]int) [][]int {
	if out == nil || dayWordRE.MatchString(fold(mask(t, out))) {
		return out
	}
	low := strings.ToLower(t)
	var keep [][]int
	for _, o := range out {
		from := o[0]
		for _, d := range dayWordRE.FindAllStringIndex(low[o[0]:o[1]], -1) {
			keep = append(keep, []int{from, o[0] + d[0]})
			from = o[0] + d[1]
		}
		keep = append(keep, []int{from, o[1]})
	}
	return keep
}

// busySentences returns the clauses of the sentences of t without a digit
// that say why a time does not suit, in sentences that ask for none ("dass
// ich an dem Nachmittag Prüfungsfahrten habe."), when t has more than one
// sentence; else nil.
func busySentences(t string) [][]int {
	if len(strings.ToLower(t)) != len(t) {
		// (the ranges must be t's, for keepDays)
		return nil
	}
	ft := fold(t)
	busy := busyNounRE.MatchString(ft)
	unavailable := func(f string) bool { return unavailableRE.MatchString(f) || busy && busyRE.MatchString(f) }
	if !unavailable(ft) {
		return nil
	}
	ss := sentences(t)
	if len(ss) < 2 {
		return nil
	}
	var out [][]int
	for _, s := range ss {
		if fs := fold(s.text); strings.ContainsAny(s.text, "0123456789") || !unavailable(fs) || suitsRE.MatchString(fs) {
			continue
		}
		// only its clauses that say so: "…, aber erst nachmittags,
		// vormittags bin ich in der Halle" keeps the afternoon
		from := s.start
		cut := append(clauseSplitRE.FindAllStringIndex(t[s.start:s.end], -1), []int{s.end - s.start, s.end - s.start})
		for _, c := range cut {
			if unavailable(fold(t[from : s.start+c[0]])) {
				out = append(out, []int{from, s.start + c[0]})
			}
			from = s.start + c[1]
		}
	}
	return out
}

// unavailableClauses returns the clauses of the sentence low[start:end]
// that say why a time does not suit, when another clause of it names a
// time of its own ("8.12. bin ich ooo, also erst 10.12. zw 9 u 10"); else
// the whole sentence.
func unavailableClauses(low string, start, end int) [][]int {
	var bad, other [][]int
	from, prev := start, -1
	cut := append(clauseSplitRE.FindAllStringIndex(low[start:end], -1), []int{end - start, end - start})
	for _, c := range cut {
		clause := low[from : start+c[0]]
		switch {
		case unavailableRE.MatchString(fold(clause)):
			b := []int{from, start + c[0]}
			if !strings.ContainsAny(clause, "0123456789") && len(other) > 0 && other[len(other)-1][0] == prev {
				// "8.12. bin ich ooo": the day cut off by its dots is
				// the one not suiting
				b[0] = prev
				other = other[:len(other)-1]
			}
			bad = append(bad, b)
		case strings.ContainsAny(clause, "0123456789"):
			other = append(other, []int{from, start + c[0]})
		}
		prev = from
		from = start + c[1]
	}
	if len(bad) == 0 || len(other) == 0 || !timeOfItsOwnRE.MatchString(mask(low[:end], bad)[start:]) {
		return [][]int{{start, end}}
	}
	return bad
}

// timeOfItsOwnRE is a whole date or hours in what is left of a sentence
// once the clauses ruling a time out are taken away.
var timeOfItsOwnRE = newLitRE(`\d{1,2}\.\d{1,2}\.|\d{1,2}\s*(?:uhr|h\b|am\b|pm\b)|(?:zw|zwischen|von|ab|between|from)\.?\s*\d{1,2}|\d{1,2}\s*(?:-|–|bis|u\.?|und|to)\s*\d{1,2}`)

// weekdayOnlyRE is a weekday named in a time phrase; dateInPhraseRE a date.
var (
	weekdayOnlyRE  = foldedRE(`\b(?:montag|dienstag|mittwoch|donnerstag|freitag|monday|tuesday|wednesday|thursday|friday|mon|tue|wed|thu|fri|mo|di|mi|do|fr)\b`)
	dateInPhraseRE = newLitRE(`(?i)\d{1,2}\.\s*\d{1,2}\.|\b\d{1,2}\.?\s+(?:jan|feb|mär|mar|apr|mai|may|jun|jul|aug|sep|okt|oct|nov|dez|dec)|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\s+\d{1,2}\b|\b\d{4}-\d{2}-\d{2}\b|\bam \d{1,2}\.`)
)

// WeekdayOnly reports a time phrase that names its day by the weekday
// alone ("den Montag um 9", "Tuesday at 2"), without a date.
func WeekdayOnly(phrase string) bool {
	return weekdayOnlyRE.MatchString(fold(phrase)) && !dateInPhraseRE.MatchString(phrase)
}

// hasWindow reports whether t names a usable time window.
func hasWindow(cal *scheduling.Calendar, t string, now time.Time) bool {
	_, err := cal.ParseWindow(t, now)
	return err == nil
}

// lengthFixRE starts what corrects a length just named: "no wait, they
// said 4 to be safe", "nee, doch lieber 3 Stunden", "or rather 90
// minutes"; its group is a bare number of the same unit.
var lengthFixRE = newLitRE(`(?i)^\W*(?:(?:no|nope|nein|nee|ne|sorry|oh|ach|oder|or)\W+)*(?:wait|warte|doch|actually|eigentlich|lieber|eher|rather|make (?:it|that)|korrektur|correction|besser)\b[\s,]*(?:(?:they|he|she|we|sie|er|die|the vendor|der hersteller)\s+)?(?:(?:said|say|says|sagten|sagen|sagt|meinten|meint|think|denken|reckon)\s+)?(?:(?:it'?s|it will be|es sind|es werden|eher|lieber|maybe|vielleicht|rather|more like|about|ca\.?|etwa|doch|make it)\s+)*(?:(\d{1,2})\b(?:\s*(?:to be safe|zur sicherheit|sicherheitshalber|instead|stattdessen))?\s*(?:[.!,;]|$))?`)

// correctedLength reads a length that corrects d right after it in rest:
// a length of its own ("doch lieber 3 Stunden"), or a bare number in d's
// unit of whole hours ("no wait, they said 4 to be safe"). It returns the
// length and how much of rest it read, 0 when rest corrects nothing.
func correctedLength(rest string, d scheduling.Duration) (scheduling.Duration, int) {
	loc := lengthFixRE.FindStringSubmatchIndex(rest)
	if loc == nil {
		return d, 0
	}
	if d2, err := scheduling.ParseDuration(rest); err == nil && !d2.FromRange && d2.Phrase != "" {
		if i := strings.Index(rest, d2.Phrase); i >= 0 && i <= loc[1]+10 {
			return d2, i + len(d2.Phrase)
		}
	}
	if loc[2] < 0 || d.D <= 0 || d.D%time.Hour != 0 {
		return d, 0
	}
	n, err := strconv.Atoi(rest[loc[2]:loc[3]])
	if err != nil || n <= 0 || n > 12 {
		return d, 0
	}
	return scheduling.Duration{D: time.Duration(n) * time.Hour, Phrase: rest[loc[2]:loc[3]]}, loc[3]
}
