package handlers

import (
	"context"
	"errors"
	"log/slog"
	"regexp"
	"strings"
	"time"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/knowledge"
	"github.com/mspbot/mspbot/nlu"
	"github.com/mspbot/mspbot/scheduling"
	"github.com/mspbot/mspbot/tickets"
)

// Callbacks is the callback dialogue: it collects name, phone number,
// topic and time window over as many messages as needed (from whatever
// message gives them), shows what it noted, files a ticket once the client
// confirmed it and tells staff.
type Callbacks struct {
	Tickets  *tickets.Service
	Calendar *scheduling.Calendar
	// Region parses national phone numbers (default "DE").
	Region string
	// StaffRooms are the conversations where staff see new tickets.
	StaffRooms []bot.Ref
	// StaffLang is the language of staff notifications (default "de").
	StaffLang string
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Logger gets staff rooms that cannot be reached (default slog.Default()).
	Logger *slog.Logger
}

func (c *Callbacks) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c *Callbacks) region() string {
	if c.Region == "" {
		return "DE"
	}
	return c.Region
}

func (c *Callbacks) log() *slog.Logger {
	if c.Logger != nil {
		return c.Logger
	}
	return slog.Default()
}

func (c *Callbacks) staffLang() string {
	if c.StaffLang == "" {
		return "de"
	}
	return c.StaffLang
}

// start opens the dialogue from a callback request, taking everything the
// message already says.
func (c *Callbacks) start(ctx context.Context, t *turn, st *convState, m *nlu.Message) error {
	f := c.prefill(st, m)
	if cx := st.Context; f.Topic == "" && cx != nil && cx.Topic != "" && cx.Intent == string(knowledge.IntentCoverage) &&
		t.req.Session.Turns-cx.Turn <= 1 && m.Topic == "" {
		// "egal jetzt, rufen Sie mich bitte zurück!!" right after the
		// answer about the dead production PC: about that (the summary
		// shows it, so it can be corrected)
		f.Topic = cx.Topic
	}
	return c.startWith(ctx, t, st, m, f)
}

// startWith opens the dialogue with f (an accepted offer's details, or
// what the request message said) and asks for what is missing.
func (c *Callbacks) startWith(ctx context.Context, t *turn, st *convState, m *nlu.Message, f *callbackForm) error {
	if f == nil {
		f = &callbackForm{}
	}
	st.open(dialogueCallback)
	st.Callback = f
	if n, ok := nlu.NameFrom(t.ev.UserName); ok && f.NameHint == "" {
		// the display name is offered only when it reads as a name
		f.NameHint = n
	}
	t.setIntent("callback")
	t.say(callbackTexts.t(t.lang, "intro"))
	var notes []string
	if m != nil && m.Phone != nil && m.Phone.E164 == "" && f.Phone == "" {
		notes = append(notes, phoneProblem(m.Phone.Problem, t.lang))
	}
	if m != nil && errors.Is(m.When.Err, scheduling.ErrPast) {
		notes = append(notes, callbackTexts.t(t.lang, "time_past"))
	}
	if n := timeProblem(m, t.lang); n != "" {
		notes = append(notes, n)
	}
	notes = append(notes, c.checkTime(f, t.lang)...)
	return c.next(ctx, t, st, notes)
}

// sameTopicLeadRE is what is left of "zum selben Thema wie eben" at the
// start of a topic read from it.
// thenLeadRE opens a message by going on from the answer before: "Gut.
// Dann …", "OK, then …".
var thenLeadRE = regexp.MustCompile(`(?i)^\W*(?:(?:gut|ok|okay|alles klar|na gut|verstehe|verstanden|alright|fine|right|good)\W+)*(?:dann|then|so)\b`)

var sameTopicLeadRE = regexp.MustCompile(`(?i)^\s*(?:wie (?:eben|vorhin|gerade|zuvor|oben)|as (?:before|earlier|just now))\W*`)

// prefill is what a new callback request starts with: the values the
// message gives (its topic only when announced or when it is the request
// itself) and the name and number the client gave earlier in this
// session. Nothing of it is filed before the client saw and confirmed it.
func (c *Callbacks) prefill(st *convState, m *nlu.Message) *callbackForm {
	f := &callbackForm{Name: st.Known.Name, Phone: st.Known.Phone}
	if m == nil {
		return f
	}
	if m.Name != "" {
		f.Name = nlu.TidyName(m.Name)
	}
	if m.Phone != nil && m.Phone.E164 != "" {
		f.Phone = m.Phone.E164
	}
	if m.Topic != "" && (m.TopicExplicit || m.Callback) && m.Knowledge.Parts == nil {
		f.Topic = m.Topic
	}
	if fd := st.Filed; fd != nil && fd.Subject != "" && nlu.SameTopic(m.Text) {
		// "noch einen Rückruf zum selben Thema wie eben" after a vendor
		// booking: the booking is the topic, and what the message adds
		f.Topic = fd.Subject
		if rest := sameTopicLeadRE.ReplaceAllString(m.Topic, ""); rest != "" {
			f.Topic += " – " + rest
		}
	}
	if first := st.firstQuestion(); m.PointsFirst && first != nil && first.Topic != "" {
		// "rufen Sie mich wegen der ersten Sache zurück": the first question's
		// topic
		f.Topic = first.Topic
	}
	if f.Topic == "" && st.Context != nil && st.Context.Topic != "" && (nlu.RefersBack(m.Text) || len(m.FollowUps) > 0 || thenLeadRE.MatchString(m.Text)) {
		// "rufen Sie mich genau deswegen zurück", a call offered on "wer
		// macht das dann?", "Gut. Dann soll mich bitte jemand
		// zurückrufen": what was asked before
		f.Topic = st.Context.Topic
	}
	f.Urgent = m.Urgent
	if f.Urgent {
		urgentMeansSoon(f, m)
	}

	if d := m.When.Day; d != nil {
		// "am Mittwoch zwischen 16 und 14 Uhr": the day is kept while the
		// hours are asked again
		dd := *d
		f.Wished = &dd
	}
	if w := m.When.Window; w != nil && m.When.Err == nil {
		ww := *w
		f.Wished = &ww
		if w.ASAP {
			f.ASAP = true
		} else {
			f.Start, f.End = w.Start, w.End
			f.setAlt(m.When.Alt)
		}
	}
	return f
}

// setAlt keeps the second day the client offered, or forgets it.
func (f *callbackForm) setAlt(w *scheduling.Window) {
	f.AltStart, f.AltEnd = time.Time{}, time.Time{}
	if w != nil && !w.ASAP {
		f.AltStart, f.AltEnd = w.Start, w.End
	}
}

// relevance implements dialogue.
func (c *Callbacks) relevance(st *convState, m *nlu.Message) relevance {
	f := st.Callback
	if m.VendorAsk == nlu.VendorNow && m.Phone == nil && m.Name == "" {
		// "could you just enable our vendor account right now?": its "now"
		// is the vendor's access, no time for the call
		return unrelated
	}
	switch {
	case m.Name != "" || m.Phone != nil || m.When.Window != nil || m.When.Err != nil || m.TopicExplicit:
		return strong
	case m.AsksWhenCalled && (!f.Start.IsZero() || f.ASAP) && m.When.Window == nil:
		// "Sagen Sie mir nochmal, wann genau Sie mich jetzt anrufen?":
		// the time noted, with the rest
		return strong
	case m.Shift != 0 && !f.Start.IsZero() && !f.ASAP:
		// "geht auch eine Stunde früher?"
		return strong
	case m.DigitsFix != nil && strings.HasSuffix(f.Phone, m.DigitsFix.Old):
		// "ach nee, die Durchwahl ist -23 nicht -32"
		return strong
	case m.AsksNoted:
		// "was haben Sie denn jetzt alles notiert?": what is noted, and
		// the question the dialogue is at
		return strong
	case dropsTopicPart(f, m):
		// "forget the vpn, that works again": one part of the topic taken
		// back, not the request
		return strong
	case f.Topic == "" && !m.Question && m.Topic != "" && nlu.DescribesProblem(m.Topic):
		// "Backup meldet seit gestern Fehler" while the name is asked:
		// what the call is about, told before it was asked
		return strong
	case m.Acts.Change != nlu.FieldNone && m.Acts.Change != nlu.FieldVendor && m.Acts.Change != nlu.FieldSystem:
		return strong
	case m.When.Now && f.Step == cbAskTime:
		return strong
	case m.EarliestWish && (f.Step == cbAskTime || f.Step == cbOfferTime):
		// "und wann könnt ihr dann frühestens?" when the time is asked
		return strong
	}
	switch f.Step {
	case cbAskConfirm, cbOfferTime:
		if f.Step == cbAskConfirm && m.AsksWhatConfirm {
			// "Was genau soll ich denn jetzt bestätigen?"
			return strong
		}
		if answersYes(m) || m.Acts.No && !m.Question || m.TopicAdd != "" && f.Topic != "" {
			return strong
		}
	case cbAskChange:
		if !m.Question {
			return weak
		}
	case cbAskName:
		if m.BareName != "" && !m.Question || answersYes(m) && f.NameHint != "" {
			return strong
		}
		if !m.Question && len(strings.Fields(m.Bare)) <= 4 && !m.Acts.Yes && !m.Acts.No {
			return weak
		}
	case cbAskTopic:
		if !m.Question && !m.Acts.OnlyYes && !m.Acts.No {
			return strong
		}
		if m.Question && !m.AsksCoverage && len(m.FollowUps) == 0 && m.Social == nlu.SocialNone {
			return strong // a problem told as a question: "Outlook startet nicht, können Sie helfen?"
		}
	case cbAskTime, cbAskPhone:
		if !m.Question && !m.Acts.OnlyYes && m.Social == nlu.SocialNone {
			return weak
		}
	}
	return unrelated
}

// take implements dialogue: merge the message, then ask for what is next.
func (c *Callbacks) take(ctx context.Context, t *turn, st *convState, m *nlu.Message) error {
	f := st.Callback
	t.setIntent("callback")
	if m.Urgent {
		f.Urgent = true
		urgentMeansSoon(f, m)
	}
	switch f.Step {
	case cbAskConfirm:
		if answersYes(m) {
			return c.file(ctx, t, st)
		}
		if m.AsksWhatConfirm && !m.Has() {
			// nothing to sign: the summary checked, and a yes passes it on
			t.say(callbackTexts.t(t.lang, "confirm_means"))
			t.ask("confirm", c.summary(f, t.lang)+"\n"+callbackTexts.t(t.lang, "confirm"))
			return nil
		}
		if m.Acts.No && !m.Has() && m.Acts.Change == nlu.FieldNone {
			f.Step = cbAskChange
			t.ask("change", callbackTexts.t(t.lang, "ask_change"))
			return nil
		}
	case cbOfferTime:
		if m.When.Window == nil && m.When.Err == nil {
			switch {
			case answersYes(m) && f.Offer != nil:
				f.Start, f.End, f.ASAP, f.Offer = f.Offer.Start, f.Offer.End, false, nil
				return c.next(ctx, t, st, nil)
			case m.Acts.No:
				f.Offer = nil
				f.Step = cbAskTime
				t.ask("time", callbackTexts.t(t.lang, "ask_other_time"))
				return nil
			}
		}
		f.Offer = nil
	}
	if fld := m.Acts.Change; fld != nlu.FieldNone && !c.gives(m, fld) {
		c.clear(f, fld)
		return c.next(ctx, t, st, nil)
	}
	if m.Shift != 0 && m.When.Window == nil && !f.Start.IsZero() && !f.ASAP {
		// "Could it be an hour earlier?": the time noted, moved
		m.When.Window = &scheduling.Window{Start: f.Start.Add(m.Shift), End: f.End.Add(m.Shift)}
	}
	before := *f
	notes := c.merge(f, m, t.lang)
	if ack := c.taken(&before, f, t.lang); ack != "" {
		notes = append([]string{ack}, notes...)
	}
	return c.next(ctx, t, st, notes)
}

// taken acknowledges what a message gave beyond the value asked for ("heute
// nachmittag wäre gut" while the phone number is asked), so that the client
// sees it was understood; the confirmation shows everything anyway.
func (c *Callbacks) taken(before, f *callbackForm, lang string) string {
	if before.Step == cbAskConfirm || before.Step == cbAskChange {
		return ""
	}
	var got []string
	if f.Name != before.Name && f.Name != "" && before.Step != cbAskName {
		got = append(got, callbackTexts.t(lang, "took_name", f.Name))
	}
	if f.Phone != before.Phone && f.Phone != "" && before.Step != cbAskPhone {
		got = append(got, callbackTexts.t(lang, "took_phone", tickets.FormatPhone(f.Phone, c.region())))
	}
	if f.Topic != before.Topic && f.Topic != "" && before.Step != cbAskTopic {
		got = append(got, callbackTexts.t(lang, "took_topic", f.Topic))
	}
	timeChanged := f.ASAP != before.ASAP || !f.Start.Equal(before.Start) || !f.End.Equal(before.End)
	if timeChanged && (f.ASAP || !f.Start.IsZero()) && before.Step != cbAskTime && before.Step != cbOfferTime {
		got = append(got, callbackTexts.t(lang, "took_time", c.windowText(f, lang)))
	}
	if len(got) == 0 {
		return ""
	}
	return callbackTexts.t(lang, "took", strings.Join(got, "; "))
}

// dropsTopicPart reports a message that takes back one part of the topic
// noted ("forget the vpn" of "vpn and outlook keeps asking …").
func dropsTopicPart(f *callbackForm, m *nlu.Message) bool {
	return f != nil && f.Topic != "" && m.TopicDrop != "" &&
		strings.Contains(strings.ToLower(f.Topic), strings.ToLower(m.TopicDrop)) && dropTopicPart(f.Topic, m.TopicDrop) != ""
}

// topicPartsRE separates the parts of a topic: "vpn and outlook …",
// "Drucker; Scanner", "VPN + Outlook".
var topicPartsRE = regexp.MustCompile(`(?i)\s*(?:[;,+&]|\band\b|\bund\b|\bsowie\b|\bplus\b)\s*`)

// dropTopicPart is topic without its parts that hold word, or "" when no
// other part is left.
func dropTopicPart(topic, word string) string {
	var keep []string
	w := strings.ToLower(word)
	for _, p := range topicPartsRE.Split(topic, -1) {
		if p != "" && !strings.Contains(strings.ToLower(p), w) {
			keep = append(keep, p)
		}
	}
	return trimTopic(strings.Join(keep, "; "))
}

// gives reports whether m gives a new value for field fld.
func (c *Callbacks) gives(m *nlu.Message, fld nlu.Field) bool {
	switch fld {
	case nlu.FieldName:
		return m.Name != "" || m.NameFix != ""
	case nlu.FieldPhone:
		return m.Phone != nil
	case nlu.FieldTopic:
		return m.TopicExplicit
	case nlu.FieldTime:
		return m.When.Window != nil || m.When.Err != nil
	}
	return false
}

// clear forgets a field so that it is asked again.
func (c *Callbacks) clear(f *callbackForm, fld nlu.Field) {
	switch fld {
	case nlu.FieldName:
		f.Name, f.NameHint = "", ""
	case nlu.FieldPhone:
		f.Phone = ""
	case nlu.FieldTopic:
		f.Topic = ""
	case nlu.FieldTime:
		f.Start, f.End, f.ASAP, f.Offer = time.Time{}, time.Time{}, false, nil
	}
}

// merge takes every value m gives; a bare answer fills the field that was
// asked for. It returns notes for the client (a number too short, a time
// outside business hours).
func (c *Callbacks) merge(f *callbackForm, m *nlu.Message, lang string) []string {
	var notes []string
	asked := f.Step
	// "der drucker am empfang" while the name is asked: no name, but the
	// thing the call is about, taken as the topic below
	thing := asked == cbAskName && f.Topic == "" && m.Name == "" && m.BareName == "" && m.Phone == nil &&
		m.When.Window == nil && !m.Question && nlu.NamesAThing(m.Topic)
	switch {
	case m.NameFix != "" && f.Name != "" && (m.Name == "" || strings.Contains(m.Name, m.NameFix)):
		f.Name = nlu.FixName(f.Name, m.NameFix)
	case m.Name != "":
		f.Name = nlu.TidyName(m.Name)
	case asked == cbAskName && m.BareName != "":
		f.Name = m.BareName
	case asked == cbAskName && answersYes(m) && f.NameHint != "":
		f.Name = f.NameHint
	case asked == cbAskName && m.Phone == nil && m.When.Window == nil && !m.TopicExplicit && !thing && !dropsTopicPart(f, m) && !(m.Topic != "" && nlu.DescribesProblem(m.Topic)):
		// a problem told while the name is asked is taken as the topic
		// below, it is no wrong name
		notes = append(notes, callbackTexts.t(lang, "not_a_name"))
	}
	if m.LastDigit != "" && m.Phone == nil && len(f.Phone) > 4 {
		// "die letzte Ziffer ist eine sieben und keine eins"
		if e164, err := tickets.ParsePhone(f.Phone[:len(f.Phone)-1]+m.LastDigit, c.region()); err == nil {
			f.Phone, f.PhonePart = e164, ""
		}
	}
	if fx := m.DigitsFix; fx != nil && m.Phone == nil && strings.HasSuffix(f.Phone, fx.Old) {
		// "die Durchwahl ist -23 nicht -32": the number's end replaced
		if e164, err := tickets.ParsePhone(strings.TrimSuffix(f.Phone, fx.Old)+fx.New, c.region()); err == nil {
			f.Phone, f.PhonePart = e164, ""
		}
	}
	if p := c.joinPhone(f, m); p != nil {
		m.Phone = p
		if m.When.Window != nil && f.Start.IsZero() && !f.ASAP {
			// "21 987 – sorry, war zu früh auf Enter": the rest of a
			// number; its "früh" is no time
			m.When = nlu.When{}
		}
	}
	if p := m.Phone; p != nil {
		if p.E164 != "" {
			f.Phone, f.PhonePart = p.E164, ""
		} else {
			notes = append(notes, phoneProblem(p.Problem, lang))
			if asked == cbAskPhone && p.Problem != nil && p.Problem.Problem != tickets.PhoneTooLong && countDigits(p.Problem.Input) <= 9 {
				f.PhonePart = p.Problem.Input
			}
			if asked == cbAskConfirm || asked == cbAskChange {
				f.Phone = ""
			}
		}
	}
	added := false
	switch {
	case m.TopicAdd != "" && f.Topic != "" && (asked == cbAskConfirm || asked == cbOfferTime || asked == cbAskChange ||
		m.When.Window == nil && m.Phone == nil && m.Name == "" && !m.Question):
		// "und noch: es betrifft auch den Laptop von Frau Kim", also while
		// the time is asked ("ach und das Backup ist heute Nacht auch
		// fehlgeschlagen, das bitte gleich mit besprechen")
		f.Topic = trimTopic(f.Topic + "; " + m.TopicAdd)
		added = true
	case m.TopicExplicit:
		f.Topic = m.Topic
	case dropsTopicPart(f, m):
		// "actually forget the vpn, that works again. just outlook"
		if t := dropTopicPart(f.Topic, m.TopicDrop); t != "" {
			f.Topic = t
		}
	case asked == cbAskTopic && m.Phone == nil && m.When.Window == nil && m.Name == "":
		f.Topic = trimTopic(m.Bare)
	case thing:
		f.Topic = trimTopic(m.Topic)
	case f.Topic == "" && m.Topic != "" && (m.Name != "" || m.Phone != nil || !m.Question) && asked != cbAskConfirm && asked != cbAskChange &&
		nlu.DescribesProblem(m.Topic):
		// "I'm Marek Nowak, +49 176 …, our shared calendar stopped
		// updating": a message that gives the name or the number and
		// describes a problem besides says what it is about, whatever was
		// asked ("+44 7911 … (UK mobile)" describes none)
		f.Topic = m.Topic
	case asked == cbAskChange && !m.Has() && m.Bare != "":
		// "das Thema ist eigentlich …" without a cue word: nothing to guess
	}
	switch {
	case m.When.Window != nil && m.When.Err == nil:
		w := c.sameDayOrTime(f, *m.When.Window, m)
		c.setTime(f, nlu.When{Window: &w, Alt: m.When.Alt})
		notes = append(notes, c.checkTime(f, lang)...)
	case m.When.Now && asked == cbAskTime:
		f.ASAP, f.Start, f.End, f.Offer = true, time.Time{}, time.Time{}, nil
	case m.EarliestWish && m.When.Window == nil && m.When.Err == nil && (asked == cbAskTime || asked == cbOfferTime):
		// "und wann könnt ihr dann frühestens?" after a time outside
		// business hours: the first hour of business from now, named
		now := c.now()
		f.ASAP, f.Start, f.End, f.Offer = true, time.Time{}, time.Time{}, nil
		if ok, _, next := c.Calendar.CheckWindow(scheduling.Window{Start: now, End: now.Add(time.Hour)}, now); !ok && !next.Start.IsZero() {
			f.ASAP, f.Start, f.End = false, next.Start, next.End
		}
	case m.When.Window != nil || m.When.Err != nil:
		c.setTime(f, m.When)
		notes = append(notes, c.checkTime(f, lang)...)
		if n := timeProblem(m, lang); n != "" {
			notes = append(notes, n)
		} else if m.When.Err != nil && !errors.Is(m.When.Err, scheduling.ErrPast) {
			notes = append(notes, callbackTexts.t(lang, "time_unclear"))
		}
	case asked == cbAskTime && m.Phone == nil && m.Name == "" && !m.TopicExplicit && !added:
		notes = append(notes, callbackTexts.t(lang, "time_unclear"))
	}
	return notes
}

// sameDayOrTime completes a time with the day or the time of day the
// client named before ("am selben Tag um 15 Uhr", "am 11.12., gleiche
// Uhrzeit"), and remembers it as the time last named.
func (c *Callbacks) sameDayOrTime(f *callbackForm, w scheduling.Window, m *nlu.Message) scheduling.Window {
	prev := f.Wished
	loc := c.Calendar.Location()
	switch {
	case prev == nil || w.ASAP || prev.ASAP:
	case w.NoDay && !prev.NoDay:
		// "lieber 13 bis 15 Uhr": the day named before stays
		w = onDay(w, prev.Start, loc)
	case w.NoClock && !prev.NoClock && (m.Acts.SameTime || !w.Weak):
		// "dann lieber Donnerstag": the hours named before stay
		w = onDay(*prev, w.Start, loc)
	}
	f.Wished = &w
	return w
}

// onDay moves the clock of w to the calendar day of day.
func onDay(w scheduling.Window, day time.Time, loc *time.Location) scheduling.Window {
	d := day.In(loc)
	from := w.Start
	if !w.Said.IsZero() {
		// "13 bis 15 Uhr" said at 13:06 was moved up to now for today;
		// on another day it starts as said
		from = w.Said
	}
	s := from.In(loc)
	start := time.Date(d.Year(), d.Month(), d.Day(), s.Hour(), s.Minute(), 0, 0, loc)
	out := w
	out.Start, out.End, out.NoDay, out.NoClock, out.Said = start, start.Add(w.End.Sub(from)), false, false, time.Time{}
	return out
}

// setTime takes a time the client named.
func (c *Callbacks) setTime(f *callbackForm, w nlu.When) {
	f.Offer = nil
	if errors.Is(w.Err, scheduling.ErrPast) {
		f.Start, f.End, f.ASAP = time.Time{}, time.Time{}, false
		f.Offer = &scheduling.Window{} // marks "past" for checkTime
		return
	}
	if w.Day != nil {
		d := *w.Day
		f.Wished = &d
	}
	if w.Window == nil || w.Err != nil {
		return
	}
	if w.Window.ASAP {
		f.ASAP, f.Start, f.End = true, time.Time{}, time.Time{}
		f.setAlt(nil)
		return
	}
	f.ASAP, f.Start, f.End = false, w.Window.Start, w.Window.End
	f.setAlt(w.Alt)
}

// checkTime checks the chosen time against business hours and holidays;
// a time that cannot be had is replaced by an offer of the next possible
// one.
func (c *Callbacks) checkTime(f *callbackForm, lang string) []string {
	if f.Offer != nil && f.Offer.Start.IsZero() {
		f.Offer = nil
		return []string{callbackTexts.t(lang, "time_past")}
	}
	if f.ASAP || f.Start.IsZero() {
		return nil
	}
	if !f.AltStart.IsZero() {
		// a second day that cannot be had (a holiday, a weekend) is left out
		if ok, _, _ := c.Calendar.CheckWindow(scheduling.Window{Start: f.AltStart, End: f.AltEnd}, c.now()); !ok {
			f.setAlt(nil)
		}
	}
	ok, reason, next := c.Calendar.CheckWindow(scheduling.Window{Start: f.Start, End: f.End}, c.now())
	if ok {
		return nil
	}
	if !f.AltStart.IsZero() {
		// "in einer Stunde, falls dann schon Feierabend ist, am nächsten
		// Werktag früh": the time offered for that case is taken
		f.Start, f.End = f.AltStart, f.AltEnd
		f.setAlt(nil)
		return []string{reasonText(reason, lang)}
	}
	f.Start, f.End = time.Time{}, time.Time{}
	f.setAlt(nil)
	f.Offer = &scheduling.Window{Start: next.Start, End: next.End}
	return []string{reasonText(reason, lang)}
}

// next asks for the first missing field, offers another time, or shows
// what was noted for confirmation.
func (c *Callbacks) next(ctx context.Context, t *turn, st *convState, notes []string) error {
	f := st.Callback
	for _, n := range notes {
		t.say(n)
	}
	switch {
	case f.Offer != nil:
		f.Step = cbOfferTime
		t.ask("time", callbackTexts.t(t.lang, "offer_next", scheduling.FormatWindow(*f.Offer, t.lang, c.Calendar.Location())))
	case f.Name == "":
		f.Step = cbAskName
		if f.NameHint != "" {
			t.ask("name", callbackTexts.t(t.lang, "ask_name_hint", f.NameHint))
		} else {
			t.ask("name", callbackTexts.t(t.lang, "ask_name"))
		}
	case f.Phone == "":
		f.Step = cbAskPhone
		t.ask("phone", callbackTexts.t(t.lang, "ask_phone"))
	case f.Topic == "":
		f.Step = cbAskTopic
		t.ask("topic", callbackTexts.t(t.lang, "ask_topic"))
	case !f.ASAP && f.Start.IsZero():
		f.Step = cbAskTime
		t.ask("time", callbackTexts.t(t.lang, "ask_time"))
	default:
		f.Step = cbAskConfirm
		if f.Request == "" {
			// one id per request: a "ja" repeated after an outage files once
			f.Request = bot.NewID(8)
		}
		t.ask("confirm", c.summary(f, t.lang)+"\n"+callbackTexts.t(t.lang, "confirm"))
		t.button(bot.Button{Action: "callback:yes", Label: callbackTexts.t(t.lang, "btn_yes"), Style: "primary"})
		t.button(bot.Button{Action: "callback:no", Label: callbackTexts.t(t.lang, "btn_change")})
		t.button(bot.Button{Action: "callback:cancel", Label: callbackTexts.t(t.lang, "btn_cancel"), Style: "danger"})
	}
	return nil
}

// prompt implements dialogue: ask again for what the dialogue waits for.
func (c *Callbacks) prompt(ctx context.Context, t *turn, st *convState, back bool) error {
	if back {
		t.say(generalTexts.t(t.lang, "back_callback"))
	}
	return c.next(ctx, t, st, nil)
}

// cancel implements dialogue.
func (c *Callbacks) cancel(ctx context.Context, t *turn, st *convState) error {
	if f := st.Callback; f != nil {
		// the request is withdrawn, not who asked: a new one in this
		// session starts with the name and number already given
		if f.Name != "" {
			st.Known.Name = f.Name
		}
		if f.Phone != "" {
			st.Known.Phone = f.Phone
		}
		st.Known.Dropped = f.Topic
	}
	st.endDialogue()
	t.setIntent("callback")
	t.say(callbackTexts.t(t.lang, "cancelled"))
	return nil
}

// sideQuestion answers questions about the dialogue itself ("wozu
// brauchen Sie meine Nummer?").
func (c *Callbacks) sideQuestion(ctx context.Context, t *turn, st *convState, m *nlu.Message) bool {
	if !m.Asks(nlu.FollowWhy) {
		return false
	}
	key := ""
	switch {
	case m.Acts.Change == nlu.FieldPhone || strings.Contains(m.Low(), "nummer") || strings.Contains(m.Low(), "number") || st.Callback.Step == cbAskPhone:
		key = "why_phone"
	case strings.Contains(m.Low(), "name") || st.Callback.Step == cbAskName:
		key = "why_name"
	case st.Callback.Step == cbAskTime:
		key = "why_time"
	default:
		return false
	}
	t.setIntent("callback")
	t.say(callbackTexts.t(t.lang, key))
	return true
}

func (c *Callbacks) windowText(f *callbackForm, lang string) string {
	text := scheduling.FormatWindow(scheduling.Window{Start: f.Start, End: f.End, ASAP: f.ASAP}, lang, c.Calendar.Location())
	if !f.ASAP && !f.AltStart.IsZero() {
		alt := scheduling.FormatWindow(scheduling.Window{Start: f.AltStart, End: f.AltEnd}, lang, c.Calendar.Location())
		text = callbackTexts.t(lang, "alt_window", text, alt)
	}
	return text
}

func (c *Callbacks) summary(f *callbackForm, lang string) string {
	urgent := ""
	if f.Urgent {
		urgent = callbackTexts.t(lang, "urgent_line")
	}
	return callbackTexts.t(lang, "summary", f.Name, tickets.FormatPhone(f.Phone, c.region()), f.Topic, c.windowText(f, lang), urgent)
}

func phoneProblem(pe *tickets.PhoneError, lang string) string {
	if pe == nil {
		return callbackTexts.t(lang, "phone_invalid", "")
	}
	switch pe.Problem {
	case tickets.PhoneTooShort:
		return callbackTexts.t(lang, "phone_short", pe.Input)
	case tickets.PhoneTooLong:
		return callbackTexts.t(lang, "phone_long", pe.Input)
	}
	return callbackTexts.t(lang, "phone_invalid", pe.Input)
}

func reasonText(r scheduling.Reason, lang string) string {
	switch r.Code {
	case scheduling.ReasonHoliday:
		return callbackTexts.t(lang, "holiday", r.Holiday)
	case scheduling.ReasonWeekend:
		return callbackTexts.t(lang, "weekend")
	case scheduling.ReasonPast:
		return callbackTexts.t(lang, "time_past")
	}
	return callbackTexts.t(lang, "outside_hours")
}

// trimTopic bounds a topic taken as a bare answer.
func trimTopic(s string) string {
	s = strings.TrimSpace(strings.Trim(s, " .,;:!"))
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "…"
	}
	return s
}

// phoneRestRE is a message that holds the rest of a number: digits at its
// start, in groups.
var phoneRestRE = regexp.MustCompile(`^\s*(\d[\d /-]{1,15}\d|\d{2,})|[\s:,;–-](\d[\d /-]{1,15}\d|\d{2,})\s*[.!]?\s*$`)

// joinPhone joins the start of a number sent too short (f.PhonePart) with
// the digits this message starts with, while the number is asked; nil when
// that makes no usable number or does not apply.
func (c *Callbacks) joinPhone(f *callbackForm, m *nlu.Message) *nlu.Phone {
	if f.PhonePart == "" || f.Step != cbAskPhone || m.Phone != nil && m.Phone.E164 != "" {
		return nil
	}
	// the digits the message starts with ("21 987 – sorry …"), or ends
	// with ("sorry zu früh abgeschickt: 36 41 90")
	rest := phoneRestRE.FindStringSubmatch(m.Text)
	if rest == nil {
		return nil
	}
	digits := rest[1] + rest[2]
	e164, err := tickets.ParsePhone(f.PhonePart+" "+strings.TrimSpace(digits), c.region())
	if err != nil {
		return nil
	}
	return &nlu.Phone{E164: e164}
}

// countDigits counts the ASCII digits of s.
func countDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n++
		}
	}
	return n
}

// timeProblem says what is wrong with the time the message gave: a date
// the calendar does not have ("Den 31.11. gibt es im Kalender nicht."),
// or hours that end before they start; "" for anything else. The
// callback and the vendor dialogues both say it before asking again.
func timeProblem(m *nlu.Message, lang string) string {
	var de *scheduling.DateError
	var dc *scheduling.DayConflictError
	switch {
	case m == nil:
		return ""
	case errors.As(m.When.Err, &de):
		return generalTexts.t(lang, "time_no_date", de.String())
	case errors.As(m.When.Err, &dc):
		return generalTexts.t(lang, "time_day_conflict", dayMonth(dc.Date, lang), weekdayName(dc.Date.Weekday(), lang), weekdayName(dc.Named, lang))
	case errors.Is(m.When.Err, scheduling.ErrEndBeforeStart):
		return generalTexts.t(lang, "time_reversed")
	}
	return ""
}

// urgentMeansSoon takes "Es eilt!" without a time as "as soon as
// possible": the client is not asked when, the summary says so and can
// be corrected.
func urgentMeansSoon(f *callbackForm, m *nlu.Message) {
	if f.Start.IsZero() && !f.ASAP && f.Wished == nil && m.When.Window == nil && m.When.Err == nil && m.When.Day == nil {
		f.ASAP = true
	}
}
