package handlers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/scheduling"
	"github.com/mspbot/mspbot/tickets"
)

// The dialogues and steps of the callback conversation.
const (
	dialogueCallback = "callback"
	dialogueOffer    = "offer"
	// dialogueFiled follows a filed callback: a "ja" repeated (after an
	// outage asked the user to repeat) gets the same confirmation again.
	dialogueFiled = "callback_filed"

	stepName    = "name"
	stepPhone   = "phone"
	stepTopic   = "topic"
	stepWindow  = "window"
	stepNext    = "window_offer"
	stepConfirm = "confirm"
	stepFix     = "fix"
)

// Slots of the callback dialogue.
const (
	slotName     = "name"
	slotNameHint = "name_hint"
	slotPhone    = "phone"
	slotTopic    = "topic"
	slotStart    = "start"
	slotEnd      = "end"
	slotASAP     = "asap"
	slotUrgent   = "urgent"
	slotOffer    = "offer_start"
	slotOfferEnd = "offer_end"
	slotRequest  = "request"
	slotFiled    = "filed" // the confirmation of the filed ticket
)

// Callbacks is the callback conversation: it collects name, phone number,
// topic and time window over as many messages as needed, confirms, files a
// ticket and tells staff.
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

var (
	yesRE    = regexp.MustCompile(`^\W*(ja|jo|jep|jawohl|genau|korrekt|richtig|passt|stimmt|gerne?|bitte|ok|okay|okey|yes|yep|yeah|yup|sure|correct|right|please|y|j)\b(?:[\s,!.]+(bitte|gerne?|please|thanks|danke|so|das|passt|genau|sounds good|do it|go ahead))*\W*$`)
	noRE     = regexp.MustCompile(`^\W*(nein|nee|ne|nö|noe|no|nope|nicht ganz|not quite|falsch|wrong|n)\b`)
	cancelRE = regexp.MustCompile(`(?i)^\W*(abbrechen|abbruch|stopp?|cancel|vergiss es|vergessen sie es|forget it|never ?mind|doch nicht|lass(?: es)? sein|kein rückruf|keinen rückruf|no callback)\W*$`)
	nameRE   = regexp.MustCompile(`(?i)(?:ich bin|ich heiße|ich heisse|mein name ist|mein name:|name ist|name:|hier ist|hier spricht|this is|my name is|my name's|i am|i'm|name is)\s+([\p{L}][\p{L}.'\- ]{1,60}?)(?:[,.;!?]|\s+(?:von|from|und|and|bei|at|meine|my|tel|telefon|phone|nummer|number|erreichbar|reachable|unter|on)\b|$)`)
	topicRE  = regexp.MustCompile(`(?i)(?:wegen|bezüglich|bezueglich|zum thema|betreff|thema:|es geht um|geht um|about|regarding|concerning|re:|because of|topic:)\s+(.{3,200})`)
	urgentRE = regexp.MustCompile(`(?i)\b(dringend|eilig|notfall|ausfall|ausgefallen|geht (gar )?nichts mehr|steht still|komplett down|urgent|emergency|outage|is down|are down|nothing works|can't work|cannot work|asap)\b`)
)

// normalised lower-case text for the yes/no patterns.
func lower(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Start begins the callback conversation from a callback request, taking
// whatever the first message already says.
func (c *Callbacks) Start() bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		req.Session.Start(dialogueCallback, "")
		if req.Event.UserName != "" {
			req.Session.Set(slotNameHint, req.Event.UserName)
		}
		notes := c.absorb(req, req.Event.Text, true)
		return c.askNext(ctx, rw, req, notes)
	})
}

// Continue is the dialogue handler while a callback is being collected.
func (c *Callbacks) Continue() bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		text := strings.TrimSpace(req.Event.Text)
		lang := req.Lang()
		if cancelRE.MatchString(lower(text)) {
			req.Session.End()
			return say(ctx, rw, txtCallbackCancelled.in(lang))
		}
		s := req.Session
		switch s.Step {
		case stepConfirm:
			switch {
			case yesRE.MatchString(lower(text)):
				return c.file(ctx, rw, req)
			case noRE.MatchString(lower(text)) && !c.correction(req, text):
				s.Step = stepFix
				return say(ctx, rw, txtCallbackWhichField.in(lang))
			}
			if c.correction(req, text) {
				notes := c.absorbField(req, text)
				return c.askNext(ctx, rw, req, notes)
			}
			return c.askNext(ctx, rw, req, []string{txtCallbackYesNo.in(lang)})
		case stepFix:
			if field := fieldOf(text); field != "" && len(strings.Fields(text)) <= 3 {
				c.clear(s, field)
				return c.askNext(ctx, rw, req, nil)
			}
			notes := c.absorbField(req, text)
			return c.askNext(ctx, rw, req, notes)
		case stepNext:
			switch {
			case yesRE.MatchString(lower(text)):
				s.Set(slotStart, s.Get(slotOffer))
				s.Set(slotEnd, s.Get(slotOfferEnd))
				delete(s.Slots, slotOffer)
				delete(s.Slots, slotOfferEnd)
				return c.askNext(ctx, rw, req, nil)
			case noRE.MatchString(lower(text)):
				delete(s.Slots, slotOffer)
				delete(s.Slots, slotOfferEnd)
				s.Step = stepWindow
				return say(ctx, rw, txtCallbackAskOtherTime.in(lang))
			}
			delete(s.Slots, slotOffer)
			delete(s.Slots, slotOfferEnd)
		}
		notes := c.absorb(req, text, false)
		return c.askNext(ctx, rw, req, notes)
	})
}

// Filed follows a filed callback: a repeated "ja" (the user was asked to
// repeat after an outage, and the first "ja" had filed already) is answered
// with the same confirmation; anything else ends it and is routed as usual.
func (c *Callbacks) Filed() bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		if yesRE.MatchString(lower(req.Event.Text)) {
			return say(ctx, rw, req.Session.Get(slotFiled))
		}
		req.Session.End()
		return bot.ErrSkip
	})
}

// Buttons handles the confirm/correct/cancel buttons of the summary.
func (c *Callbacks) Buttons() bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		if req.Session.Dialogue != dialogueCallback || req.Session.Step != stepConfirm {
			return say(ctx, rw, txtCallbackStale.in(req.Lang()))
		}
		switch req.Event.Action {
		case "callback:yes":
			return c.file(ctx, rw, req)
		case "callback:no":
			req.Session.Step = stepFix
			return say(ctx, rw, txtCallbackWhichField.in(req.Lang()))
		case "callback:cancel":
			req.Session.End()
			return say(ctx, rw, txtCallbackCancelled.in(req.Lang()))
		}
		return bot.ErrSkip
	})
}

// absorb takes every field a message offers. In the first message only
// clearly marked values are taken; later, a bare answer fills the field
// that was asked for.
func (c *Callbacks) absorb(req *bot.Request, text string, first bool) []string {
	s, lang := req.Session, req.Lang()
	var notes []string
	if urgentRE.MatchString(text) {
		s.Set(slotUrgent, "1")
	}
	phone, found, perr := tickets.FindPhone(text, c.region())
	switch {
	case phone != "":
		s.Set(slotPhone, phone)
	case found && (s.Step == stepPhone || s.Get(slotPhone) == ""):
		notes = append(notes, phoneProblem(perr, lang))
	}
	note, gotWindow := c.absorbWindow(req, text, s.Step == stepWindow)
	if note != "" {
		notes = append(notes, note)
	}
	if m := nameRE.FindStringSubmatch(text); m != nil {
		s.Set(slotName, cleanName(m[1]))
	} else if s.Step == stepName {
		if name, ok := bareName(text); ok {
			s.Set(slotName, name)
		} else if yesRE.MatchString(lower(text)) && s.Get(slotNameHint) != "" {
			s.Set(slotName, s.Get(slotNameHint))
		} else if phone == "" && !found {
			notes = append(notes, txtCallbackNameUnclear.in(lang))
		}
	}
	if m := topicRE.FindStringSubmatch(text); m != nil && s.Get(slotTopic) == "" && c.clauses(m[1]) != "" {
		s.Set(slotTopic, trimTopic(c.clauses(m[1])))
	} else if s.Step == stepTopic && phone == "" && !found && !gotWindow && !yesRE.MatchString(lower(text)) && !noRE.MatchString(lower(text)) {
		s.Set(slotTopic, trimTopic(text))
	} else if first && s.Get(slotTopic) == "" {
		if topic := c.topicOf(text); topic != "" {
			s.Set(slotTopic, trimTopic(topic))
		}
	}
	return notes
}

// absorbWindow reads a time window; asked says the client was asked for
// one, so a message that is none gets a question back.
func (c *Callbacks) absorbWindow(req *bot.Request, text string, asked bool) (note string, got bool) {
	s, lang := req.Session, req.Lang()
	now := c.now()
	w, err := c.Calendar.ParseWindow(text, now)
	switch {
	case errors.Is(err, scheduling.ErrNoWindow):
		if asked {
			return txtCallbackWindowUnclear.in(lang), false
		}
		return "", false
	case errors.Is(err, scheduling.ErrPast):
		return txtCallbackWindowPast.in(lang), false
	case err != nil:
		if asked {
			return txtCallbackWindowUnclear.in(lang), false
		}
		return "", false
	}
	if w.ASAP {
		s.Set(slotASAP, "1")
		delete(s.Slots, slotStart)
		delete(s.Slots, slotEnd)
		return "", false
	}
	ok, reason, next := c.Calendar.CheckWindow(w, now)
	if !ok {
		s.Set(slotOffer, next.Start.Format(time.RFC3339))
		s.Set(slotOfferEnd, next.End.Format(time.RFC3339))
		delete(s.Slots, slotASAP)
		return reasonText(reason, lang) + " " + txtCallbackOfferNext.in(lang, scheduling.FormatWindow(next, lang, c.Calendar.Location())), true
	}
	delete(s.Slots, slotASAP)
	s.Set(slotStart, w.Start.Format(time.RFC3339))
	s.Set(slotEnd, w.End.Format(time.RFC3339))
	return "", true
}

// correction reports whether text changes a named field ("die Nummer ist
// eigentlich 040 …").
func (c *Callbacks) correction(req *bot.Request, text string) bool {
	return fieldOf(text) != ""
}

// absorbField applies a correction to the field it names; a message that
// names none is read like any other answer.
func (c *Callbacks) absorbField(req *bot.Request, text string) []string {
	s := req.Session
	field := fieldOf(text)
	if field == "" {
		return c.absorb(req, text, false)
	}
	value := afterField(text)
	c.clear(s, field)
	s.Step = field
	return c.absorb(req, value, false)
}

func (c *Callbacks) clear(s *bot.Session, field string) {
	switch field {
	case stepName:
		delete(s.Slots, slotName)
		delete(s.Slots, slotNameHint)
	case stepPhone:
		delete(s.Slots, slotPhone)
	case stepTopic:
		delete(s.Slots, slotTopic)
	case stepWindow:
		delete(s.Slots, slotStart)
		delete(s.Slots, slotEnd)
		delete(s.Slots, slotASAP)
	}
	s.Step = field
}

var (
	fieldRE = map[string]*regexp.Regexp{
		stepPhone:  regexp.MustCompile(`(?i)\b(nummer|telefonnummer|telefon|handynummer|handy|rufnummer|tel|number|phone|mobile)\b`),
		stepName:   regexp.MustCompile(`(?i)\b(name|namen|heiße|heisse)\b`),
		stepWindow: regexp.MustCompile(`(?i)\b(zeit|uhrzeit|termin|zeitfenster|wann|tag|datum|time|window|when|day|date)\b`),
		stepTopic:  regexp.MustCompile(`(?i)\b(thema|anliegen|betreff|grund|topic|subject|reason|issue)\b`),
	}
	fieldOrder = []string{stepPhone, stepName, stepWindow, stepTopic}
	// afterFieldRE strips "die Nummer ist eigentlich" and similar from a
	// correction, leaving the new value.
	afterFieldRE = regexp.MustCompile(`(?i)^.*?\b(nummer|telefonnummer|telefon|handynummer|handy|rufnummer|tel|number|phone|mobile|name|namen|zeit|uhrzeit|termin|zeitfenster|thema|anliegen|betreff|grund|time|window|topic|subject|reason|issue)\b\s*(?:ist|lautet|soll|sollte|should be|is|:|=|->)?\s*(?:eigentlich|doch|richtig|korrekt|actually|really|now|bitte|please)?\s*(?:sein|be)?\s*[:=]?\s*`)
)

func fieldOf(text string) string {
	for _, f := range fieldOrder {
		if fieldRE[f].MatchString(text) {
			return f
		}
	}
	return ""
}

func afterField(text string) string {
	return strings.TrimSpace(afterFieldRE.ReplaceAllString(text, ""))
}

// askNext asks for the first missing field, or shows the summary.
func (c *Callbacks) askNext(ctx context.Context, rw bot.Responder, req *bot.Request, notes []string) error {
	s, lang := req.Session, req.Lang()
	prefix := strings.Join(notes, " ")
	ask := func(step, text string) error {
		s.Step = step
		if prefix != "" {
			text = prefix + "\n" + text
		}
		return say(ctx, rw, text)
	}
	if s.Get(slotOffer) != "" {
		s.Step = stepNext
		return say(ctx, rw, prefix)
	}
	switch {
	case s.Get(slotName) == "":
		if hint := s.Get(slotNameHint); hint != "" {
			return ask(stepName, txtCallbackAskNameHint.in(lang, hint))
		}
		return ask(stepName, txtCallbackAskName.in(lang))
	case s.Get(slotPhone) == "":
		return ask(stepPhone, txtCallbackAskPhone.in(lang))
	case s.Get(slotTopic) == "":
		return ask(stepTopic, txtCallbackAskTopic.in(lang))
	case s.Get(slotStart) == "" && s.Get(slotASAP) == "":
		return ask(stepWindow, txtCallbackAskWindow.in(lang))
	}
	s.Step = stepConfirm
	if s.Get(slotRequest) == "" {
		// One id per request: a "ja" repeated after an outage files once.
		s.Set(slotRequest, bot.NewID(8))
	}
	text := c.summary(s, lang) + "\n" + txtCallbackConfirm.in(lang)
	if prefix != "" {
		text = prefix + "\n" + text
	}
	_, err := rw.Reply(ctx, bot.Reply{Text: text, Buttons: []bot.Button{
		{Action: "callback:yes", Label: txtBtnYes.in(lang), Style: "primary"},
		{Action: "callback:no", Label: txtBtnChange.in(lang)},
		{Action: "callback:cancel", Label: txtBtnCancel.in(lang), Style: "danger"},
	}})
	if err != nil {
		return fmt.Errorf("callback summary: %w", err)
	}
	return nil
}

func (c *Callbacks) draft(s *bot.Session, lang string) tickets.Draft {
	d := tickets.Draft{Name: s.Get(slotName), Phone: s.Get(slotPhone), Topic: s.Get(slotTopic),
		ASAP: s.Get(slotASAP) == "1", Urgent: s.Get(slotUrgent) == "1", Lang: lang, RequestID: s.Get(slotRequest)}
	d.WindowStart, _ = time.Parse(time.RFC3339, s.Get(slotStart))
	d.WindowEnd, _ = time.Parse(time.RFC3339, s.Get(slotEnd))
	return d
}

func (c *Callbacks) windowText(d tickets.Draft, lang string) string {
	return scheduling.FormatWindow(scheduling.Window{Start: d.WindowStart, End: d.WindowEnd, ASAP: d.ASAP}, lang, c.Calendar.Location())
}

func (c *Callbacks) summary(s *bot.Session, lang string) string {
	d := c.draft(s, lang)
	urgent := ""
	if d.Urgent {
		urgent = txtCallbackUrgent.in(lang)
	}
	return txtCallbackSummary.in(lang, d.Name, tickets.FormatPhone(d.Phone, c.region()), d.Topic, c.windowText(d, lang), urgent)
}

// file files the ticket, tells staff and the client, and ends the dialogue.
func (c *Callbacks) file(ctx context.Context, rw bot.Responder, req *bot.Request) error {
	s, lang := req.Session, req.Lang()
	ev := req.Event
	client := tickets.Client{Org: ev.Org, Platform: ev.Ref.Platform, User: ev.Ref.User,
		Workspace: ev.Ref.Workspace, Channel: ev.Ref.Channel, Thread: ev.Ref.Thread}
	t, err := c.Tickets.File(ctx, client, c.draft(s, lang), c.now())
	if err != nil {
		return fmt.Errorf("file callback: %w", err)
	}
	confirmation := txtCallbackFiled.in(lang, t.ID, c.windowText(t.Draft, lang))
	s.Start(dialogueFiled, "")
	s.Set(slotFiled, confirmation)
	for _, room := range c.StaffRooms {
		sent, err := rw.Post(ctx, room, c.staffMessage(t))
		if err != nil {
			// The ticket stands; staff see it in the other rooms, in the PSA
			// and in the ticket list. Failing the event now would leave the
			// dialogue open and file the ticket twice on the client's next "ja".
			log := c.Logger
			if log == nil {
				log = slog.Default()
			}
			log.Warn("staff room not reachable for a new ticket", "component", "callbacks", "ticket", t.ID, "platform", room.Platform, "err", err)
			continue
		}
		if err := c.Tickets.Link(ctx, MessageKey(sent.Ref), t.ID); err != nil {
			return fmt.Errorf("link staff message: %w", err)
		}
	}
	return say(ctx, rw, confirmation)
}

// MessageKey names a posted message across platforms for ticket links:
// platform, channel and message id (channel ids are unique per platform).
func MessageKey(r bot.Ref) string { return r.Platform + "/" + r.Channel + "/" + r.Message }

func (c *Callbacks) staffLang() string {
	if c.StaffLang == "" {
		return "de"
	}
	return c.StaffLang
}

func (c *Callbacks) staffMessage(t tickets.Ticket) bot.Reply {
	lang := c.staffLang()
	d := t.Draft
	urgent := ""
	if d.Urgent {
		urgent = txtCallbackUrgent.in(lang)
	}
	text := txtStaffNewTicket.in(lang, t.ID, urgent, d.Name, tickets.FormatPhone(d.Phone, c.region()), d.Topic,
		c.windowText(d, lang), t.Client.Org, t.Client.Platform+":"+t.Client.User)
	return bot.Reply{Text: text, Buttons: []bot.Button{
		{Action: "ticket:claim", Value: t.ID, Label: txtBtnClaim.in(lang), Style: "primary"},
		{Action: "ticket:called", Value: t.ID, Label: txtBtnCalled.in(lang)},
		{Action: "ticket:close", Value: t.ID, Label: txtBtnClose.in(lang)},
	}}
}

func phoneProblem(err error, lang string) string {
	var pe *tickets.PhoneError
	if errors.As(err, &pe) {
		switch pe.Problem {
		case tickets.PhoneTooShort:
			return txtPhoneTooShort.in(lang, pe.Input)
		case tickets.PhoneTooLong:
			return txtPhoneTooLong.in(lang, pe.Input)
		}
		return txtPhoneInvalid.in(lang, pe.Input)
	}
	return txtPhoneInvalid.in(lang, "")
}

func reasonText(r scheduling.Reason, lang string) string {
	switch r.Code {
	case scheduling.ReasonHoliday:
		return txtWindowHoliday.in(lang, r.Holiday)
	case scheduling.ReasonWeekend:
		return txtWindowWeekend.in(lang)
	case scheduling.ReasonPast:
		return txtCallbackWindowPast.in(lang)
	}
	return txtWindowOutsideHours.in(lang)
}

// callbackAskRE matches the request itself ("bitte rufen Sie mich zurück"),
// so that what remains of a first message can be its topic.
var callbackAskRE = regexp.MustCompile(`(?i)(hallo|hi|hello|guten (morgen|tag|abend)|moin|bitte|please|kurz|dringend|urgent|asap|könnt(et)? ihr|können sie|kannst du|could you|can you|can someone|kann mich|ich (hätte|haette|möchte|moechte|bräuchte|braeuchte) (gern|gerne)?|i'?d like|i need|i want)?\s*(einen |ein )?(rückruf\w*|rueckruf\w*|callback|call ?back|(mich|uns|me|us) (bitte |please |kurz |mal )?(zurück|zurueck|an|back)(rufen|ruft|call)?|(rufen|ruft|ruf|anrufen|call|phone|ring)( sie| ihr| du)? (mich|uns|me|us)( bitte| please| kurz| mal)?( zurück| zurueck| back| an)?)\w*`)

// clauses keeps the leading clauses of s up to the first that gives a
// name, a phone number or a time ("VPN, ich bin Anna, 040 …" → "VPN").
func (c *Callbacks) clauses(s string) string {
	var keep []string
	for _, cl := range regexp.MustCompile(`[,;]|\s+(?:und|and)\s+`).Split(s, -1) {
		cl = strings.TrimSpace(cl)
		if cl == "" {
			continue
		}
		if nameRE.MatchString(cl) {
			break
		}
		if _, found, _ := tickets.FindPhone(cl, c.region()); found {
			break
		}
		if _, err := c.Calendar.ParseWindow(cl, c.now()); err == nil {
			break
		}
		keep = append(keep, cl)
	}
	return strings.Join(keep, ", ")
}

var sentenceRE = regexp.MustCompile(`[^.!?\n]+`)

// topicOf finds the topic in a first message: the first sentence (or what
// remains of it besides the request for a callback) that is neither a
// phone number, a time nor a name.
func (c *Callbacks) topicOf(text string) string {
	for _, sent := range sentenceRE.FindAllString(text, -1) {
		cand := sent
		if callbackAskRE.MatchString(sent) {
			cand = topicRest(sent)
		}
		cand = strings.TrimSpace(cand)
		if cand == "" || nameRE.MatchString(cand) {
			continue
		}
		if _, found, _ := tickets.FindPhone(cand, c.region()); found {
			continue
		}
		if _, err := c.Calendar.ParseWindow(cand, c.now()); err == nil {
			continue
		}
		if len(strings.Fields(cand)) >= 3 {
			return cand
		}
	}
	return ""
}

var greetingRE = regexp.MustCompile(`(?i)^\W*(hallo|hi|hey|hello|moin|servus|guten (morgen|tag|abend)|good (morning|afternoon|evening))\W*`)

// topicRest is what a first message says besides the request for a
// callback, when that is a few words of its own.
func topicRest(text string) string {
	loc := callbackAskRE.FindStringIndex(text)
	if loc == nil {
		return ""
	}
	rest := strings.TrimSpace(text[:loc[0]] + " " + text[loc[1]:])
	rest = greetingRE.ReplaceAllString(rest, "")
	rest = strings.Join(strings.Fields(regexp.MustCompile(`\s*[,;]\s*(?:[,;]\s*)+`).ReplaceAllString(rest, ", ")), " ")
	rest = strings.Trim(rest, " ,.;:!?-–")
	rest = regexp.MustCompile(`(?i)^(weil|da|denn|because|since|as|,|und|and)\s+`).ReplaceAllString(rest, "")
	letters := 0
	for _, w := range strings.Fields(rest) {
		if utf8.RuneCountInString(strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })) >= 2 {
			letters++
		}
	}
	if letters < 3 {
		return ""
	}
	return rest
}

// bareName accepts a short answer of letters as a name ("Anna Schmidt").
func bareName(text string) (string, bool) {
	t := strings.TrimSpace(strings.TrimRight(text, ".!"))
	words := strings.Fields(t)
	if len(words) == 0 || len(words) > 4 || utf8.RuneCountInString(t) > 60 {
		return "", false
	}
	for _, r := range t {
		if !unicode.IsLetter(r) && r != ' ' && r != '-' && r != '.' && r != '\'' {
			return "", false
		}
	}
	if yesRE.MatchString(lower(t)) || noRE.MatchString(lower(t)) {
		return "", false
	}
	return cleanName(t), true
}

func cleanName(s string) string {
	s = strings.TrimSpace(strings.Trim(s, ".,;:!? "))
	words := strings.Fields(s)
	for i, w := range words {
		r, size := utf8.DecodeRuneInString(w)
		words[i] = string(unicode.ToUpper(r)) + w[size:]
	}
	return strings.Join(words, " ")
}

func trimTopic(s string) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > 200 {
		s = string([]rune(s)[:200]) + "…"
	}
	return s
}

func say(ctx context.Context, rw bot.Responder, text string) error {
	if _, err := rw.Reply(ctx, bot.Reply{Text: text}); err != nil {
		return fmt.Errorf("reply: %w", err)
	}
	return nil
}
