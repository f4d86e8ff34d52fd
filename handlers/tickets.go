package handlers

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/nlu"
	"github.com/mspbot/mspbot/scheduling"
	"github.com/mspbot/mspbot/tickets"
)

// ticketTexts are the texts of filed tickets: staff steps, status, data
// deletion.
var ticketTexts = catalog{
	"de": {
		"staff_only":       "Das können nur Mitarbeiter des Dienstleisters.",
		"already_claimed":  "%s ist bereits von %s übernommen.",
		"wrong_state":      "%s ist dafür nicht (mehr) im passenden Zustand.",
		"no_ticket":        "Ticket %s gibt es nicht (mehr).",
		"done_claim":       "%s übernommen von %s.",
		"done_called":      "%s: Rückruf erledigt von %s.",
		"done_close":       "%s geschlossen von %s.",
		"client_claimed":   "Ihr Rückrufwunsch %s wurde von einem Mitarbeiter übernommen. Wir melden uns wie vereinbart.",
		"client_closed":    "Ihr Rückrufwunsch %s ist erledigt. Danke!",
		"status_none":      "Ich finde keine Rückrufwünsche von Ihnen. Soll ich einen aufnehmen? Schreiben Sie einfach „Rückruf“.",
		"status_dropped":   "Den Rückrufwunsch zu „%s“ haben Sie vor dem Aufnehmen zurückgezogen: Er ist nicht aufgenommen und nicht weitergegeben.",
		"status_header":    "Ihre Rückrufwünsche:",
		"status_line":      "• %s – %s: %s (%s)",
		"state_open":       "offen, noch nicht übernommen",
		"state_claimed":    "von %s übernommen, Rückruf folgt",
		"state_called":     "angerufen",
		"state_closed":     "erledigt",
		"state_withdrawn":  "von Ihnen storniert",
		"withdrawn":        "Erledigt: Ich habe Ihren Rückrufwunsch %s storniert; unsere Mitarbeiter wissen Bescheid.",
		"withdraw_which":   "Welchen Rückrufwunsch soll ich stornieren? Bitte nennen Sie die Referenz (z. B. CB-26-0001).",
		"withdraw_none":    "Ich finde keinen offenen Rückrufwunsch von Ihnen, den ich stornieren könnte.",
		"withdraw_already": "Ihr Rückrufwunsch %s ist bereits storniert – es ist nichts weiter zu tun.",
		"withdraw_late":    "Der Rückrufwunsch %s ist bereits erledigt; stornieren lässt er sich nicht mehr.",
		"staff_withdrawn":  "↩️ Rückrufwunsch %s wurde vom Kunden storniert (zurückgezogen).",
		"stays":            "Ja, der Rückrufwunsch %s („%s“) bleibt bestehen: %s (%s).",
		"amended":          "Geändert: Ihr Rückrufwunsch %s – %s. Unsere Mitarbeiter wissen Bescheid.",
		"amend_time":       "Zeit jetzt %s",
		"amend_phone":      "Telefon jetzt %s",
		"amend_topic":      "ergänzt: „%s“",
		"amend_late":       "Der Rückrufwunsch %s ist bereits erledigt und lässt sich nicht mehr ändern. Gern nehme ich einen neuen auf.",
		"staff_amended":    "✏️ Rückrufwunsch %s vom Kunden geändert: %s.",
		"one_status":       "Ihr Rückrufwunsch %s („%s“): %s (%s).",
		"noted_phone":      "Notiert ist die Nummer %s.",
	},
	"en": {
		"staff_only":       "Only the provider's staff can do that.",
		"already_claimed":  "%s is already claimed by %s.",
		"wrong_state":      "%s is not (or no longer) in a state that allows this.",
		"no_ticket":        "Ticket %s does not exist (any more).",
		"done_claim":       "%s claimed by %s.",
		"done_called":      "%s: called back by %s.",
		"done_close":       "%s closed by %s.",
		"client_claimed":   "Your callback request %s has been taken on by a member of our team. We will call you as agreed.",
		"client_closed":    "Your callback request %s is done. Thank you!",
		"status_none":      "I find no callback requests from you. Shall I take one? Just write \"callback\".",
		"status_dropped":   "The callback request about \"%s\" you withdrew before it was filed: it was not recorded and not passed on.",
		"status_header":    "Your callback requests:",
		"status_line":      "• %s – %s: %s (%s)",
		"state_open":       "open, not yet taken on",
		"state_claimed":    "taken on by %s, call to follow",
		"state_called":     "called",
		"state_closed":     "done",
		"state_withdrawn":  "cancelled by you",
		"withdrawn":        "Done: I have cancelled your callback request %s; our staff know.",
		"withdraw_which":   "Which callback request shall I cancel? Please give its reference (e.g. CB-26-0001).",
		"withdraw_none":    "I find no open callback request of yours that I could cancel.",
		"withdraw_already": "Your callback request %s is already cancelled – nothing more to do.",
		"withdraw_late":    "Callback request %s is already done; it can no longer be cancelled.",
		"staff_withdrawn":  "↩️ Callback request %s was cancelled (withdrawn) by the client.",
		"stays":            "Yes, callback request %s (\"%s\") stays: %s (%s).",
		"amended":          "Changed: your callback request %s – %s. Our staff know.",
		"amend_time":       "time now %s",
		"amend_phone":      "phone now %s",
		"amend_topic":      "added: \"%s\"",
		"amend_late":       "Callback request %s is already done and can no longer be changed. I'll gladly take a new one.",
		"staff_amended":    "✏️ Callback request %s changed by the client: %s.",
		"one_status":       "Your callback request %s (\"%s\"): %s (%s).",
		"noted_phone":      "The number noted is %s.",
	},
}

// file files the ticket the client confirmed, tells staff and the client,
// and ends the dialogue.
func (c *Callbacks) file(ctx context.Context, t *turn, st *convState) error {
	f := st.Callback
	ev := t.ev
	client := tickets.Client{Org: ev.Org, Platform: ev.Ref.Platform, User: ev.Ref.User,
		Workspace: ev.Ref.Workspace, Channel: ev.Ref.Channel, Thread: ev.Ref.Thread}
	d := tickets.Draft{Name: f.Name, Phone: f.Phone, Topic: f.Topic, WindowStart: f.Start, WindowEnd: f.End,
		AltStart: f.AltStart, AltEnd: f.AltEnd,
		ASAP: f.ASAP, Urgent: f.Urgent, Lang: t.lang, RequestID: f.Request}
	tk, err := c.Tickets.File(ctx, client, d, c.now())
	if err != nil {
		return fmt.Errorf("file callback: %w", err)
	}
	confirmation := callbackTexts.t(t.lang, "filed", tk.ID, c.draftWindow(tk.Draft, t.lang))
	st.endDialogue()
	notify := callbackTexts.t(t.lang, "notify", tk.ID, c.draftWindow(tk.Draft, t.lang), tickets.FormatPhone(tk.Draft.Phone, c.region()))
	st.Filed = &filedRecord{Kind: "callback", ID: tk.ID, Confirmation: confirmation, Notify: notify, Turn: t.req.Session.Turns,
		Subject: trimTopic(tk.Draft.Topic)}
	st.Known.Name, st.Known.Phone = f.Name, f.Phone
	rec := ticketRecord(tk)
	for _, room := range c.StaffRooms {
		if slices.Contains(tk.Told, RoomKey(room)) {
			// This filing repeats one whose answer was lost (the replica
			// was killed, or Redis went away before the session was
			// saved): File returned the ticket filed then, and this room
			// was told of it then. Staff are told once.
			continue
		}
		msg := c.staffMessage(tk, rec)
		// a room that lives in the store (the web chat's staff room) posts
		// it and marks it told in one step
		msg.Once = "ticket:" + tk.ID
		sent, err := t.rw.Post(ctx, room, msg)
		if errors.Is(err, bot.ErrUnavailable) {
			// The room lives in the store (the web chat's staff room) and
			// the store is away for a moment: the turn fails as
			// "temporarily unavailable" and the client's retry files
			// nothing new (the request id finds this ticket) but tells the
			// rooms not told yet. Going on would confirm a ticket staff
			// never hear of.
			return fmt.Errorf("tell staff of %s: %w", tk.ID, err)
		}
		if err != nil {
			// The ticket stands; staff see it in the other rooms, in the PSA
			// and in the ticket list. A platform that is down (Slack, Teams)
			// would fail every retry too, so the client is answered.
			c.log().Warn("staff room not reachable for a new ticket", "component", "callbacks", "ticket", tk.ID, "platform", room.Platform, "err", err)
			continue
		}
		// The link marks the room told, right after the post: a retry
		// after a crash or an outage posts again only if it came between
		// the two (a notice is never lost; at worst it is doubled then).
		if err := c.Tickets.Link(ctx, MessageKey(sent.Ref), tk.ID, RoomKey(room)); err != nil {
			return fmt.Errorf("link staff message: %w", err)
		}
	}
	t.setIntent("callback")
	t.record(rec)
	t.say(confirmation)
	return nil
}

// ticketRecord is a ticket as meta describes it.
func ticketRecord(tk tickets.Ticket) *bot.Record {
	d := tk.Draft
	fields := map[string]any{"name": d.Name, "phone": d.Phone, "topic": d.Topic, "asap": d.ASAP, "urgent": d.Urgent}
	if !d.WindowStart.IsZero() {
		fields["start"] = d.WindowStart.Format(time.RFC3339)
		fields["end"] = d.WindowEnd.Format(time.RFC3339)
	}
	if !d.AltStart.IsZero() {
		fields["alt_start"] = d.AltStart.Format(time.RFC3339)
		fields["alt_end"] = d.AltEnd.Format(time.RFC3339)
	}
	return &bot.Record{Kind: "callback", ID: tk.ID, State: string(tk.State), Fields: fields}
}

// MessageKey names a posted message across platforms for ticket links:
// platform, channel and message id (channel ids are unique per platform).
func MessageKey(r bot.Ref) string { return r.Platform + "/" + r.Channel + "/" + r.Message }

// RoomKey names a staff room across platforms, for the rooms a ticket or an
// appointment was posted in: platform and channel.
func RoomKey(r bot.Ref) string { return r.Platform + "/" + r.Channel }

func (c *Callbacks) draftWindow(d tickets.Draft, lang string) string {
	f := callbackForm{Start: d.WindowStart, End: d.WindowEnd, ASAP: d.ASAP, AltStart: d.AltStart, AltEnd: d.AltEnd}
	return c.windowText(&f, lang)
}

func (c *Callbacks) staffMessage(tk tickets.Ticket, rec *bot.Record) bot.Reply {
	lang := c.staffLang()
	d := tk.Draft
	urgent := ""
	if d.Urgent {
		urgent = callbackTexts.t(lang, "urgent_line")
	}
	text := callbackTexts.t(lang, "staff_new", tk.ID, urgent, d.Name, tickets.FormatPhone(d.Phone, c.region()), d.Topic,
		c.draftWindow(d, lang), tk.Client.Org, tk.Client.Platform+":"+tk.Client.User)
	return bot.Reply{Text: text, Meta: staffMeta(lang, "callback", rec), Buttons: []bot.Button{
		{Action: "ticket:claim", Value: tk.ID, Label: callbackTexts.t(lang, "btn_claim"), Style: "primary"},
		{Action: "ticket:called", Value: tk.ID, Label: callbackTexts.t(lang, "btn_called")},
		{Action: "ticket:close", Value: tk.ID, Label: callbackTexts.t(lang, "btn_close")},
	}}
}

// staffMeta is the meta of a message to staff or of a proactive message.
func staffMeta(lang, intent string, rec *bot.Record) *bot.Meta {
	return &bot.Meta{Intent: intent, Lang: lang, Record: rec}
}

// buttons handles the confirm/change/cancel buttons of the summary.
func (c *Callbacks) buttons(ctx context.Context, t *turn, st *convState) error {
	if st.Dialogue != dialogueCallback || st.Callback == nil || st.Callback.Step != cbAskConfirm {
		t.say(callbackTexts.t(t.lang, "stale"))
		return nil
	}
	switch t.ev.Action {
	case "callback:yes":
		return c.file(ctx, t, st)
	case "callback:no":
		st.Callback.Step = cbAskChange
		t.ask("change", callbackTexts.t(t.lang, "ask_change"))
		return nil
	case "callback:cancel":
		return c.cancel(ctx, t, st)
	}
	return bot.ErrSkip
}

// Staff steps on a ticket, by reaction or by button.
var reactionSteps = map[string]string{
	"eyes":                  "claim",
	"eye":                   "claim",
	"telephone_receiver":    "called",
	"phone":                 "called",
	"white_check_mark":      "close",
	"heavy_check_mark":      "close",
	"ballot_box_with_check": "close",
}

// TicketReactions lets staff claim (👀), mark called (📞) and close (✅) a
// ticket by reacting to its notification, or with its buttons. Anyone
// else's reaction changes nothing.
func (c *Callbacks) TicketReactions() bot.Handler {
	byMessage := func(ctx context.Context, message string) (string, error) {
		t, err := c.Tickets.ByMessage(ctx, message)
		return t.ID, err
	}
	return bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		step, id, err := staffStep(ctx, req.Event, reactionSteps, "ticket:", byMessage, tickets.ErrNotFound)
		if err != nil {
			return err
		}
		return c.staffStep(ctx, rw, req, step, id)
	})
}

func (c *Callbacks) staffStep(ctx context.Context, rw bot.Responder, req *bot.Request, step, id string) error {
	ev := req.Event
	lang := c.staffLang()
	by := tickets.Actor{Platform: ev.Ref.Platform, User: ev.Ref.User, Org: ev.Org, Staff: ev.Staff}
	reply := func(text string, rec *bot.Record) error {
		_, err := rw.Reply(ctx, bot.Reply{Text: text, Meta: staffMeta(lang, "ticket_status", rec)})
		return err
	}
	if !by.Staff {
		// A client's or stranger's reaction changes nothing; a button press
		// gets a short word so the client knows why nothing happened.
		c.log().Warn("staff action refused: not staff", "component", "tickets", "platform", ev.Ref.Platform,
			"user", ev.Ref.User, "action", step, "ticket", id, "via", string(ev.Kind))
		if ev.Kind == bot.KindButton {
			return reply(ticketTexts.t(req.Lang(), "staff_only"), nil)
		}
		return nil
	}
	var tk tickets.Ticket
	var err error
	now := c.now()
	switch step {
	case "claim":
		tk, err = c.Tickets.Claim(ctx, id, by, now)
	case "called":
		tk, err = c.Tickets.MarkCalled(ctx, id, by, now)
	case "close":
		tk, err = c.Tickets.Close(ctx, id, by, now)
	default:
		return bot.ErrSkip
	}
	switch {
	case errors.Is(err, tickets.ErrAlreadyClaimed):
		cur, _ := c.Tickets.Get(ctx, id, by)
		return reply(ticketTexts.t(lang, "already_claimed", id, cur.Owner), nil)
	case errors.Is(err, tickets.ErrInvalidTransition):
		return reply(ticketTexts.t(lang, "wrong_state", id), nil)
	case errors.Is(err, tickets.ErrNotFound):
		return reply(ticketTexts.t(lang, "no_ticket", id), nil)
	case err != nil:
		return err
	}
	rec := ticketRecord(tk)
	if err := reply(ticketTexts.t(lang, "done_"+step, tk.ID, by.ID()), rec); err != nil {
		return fmt.Errorf("staff step reply: %w", err)
	}
	// Tell the client, in their conversation and language.
	if step == "claim" || step == "close" {
		cl := tk.Client
		to := bot.Ref{Platform: cl.Platform, Workspace: cl.Workspace, Channel: cl.Channel, Thread: cl.Thread}
		key := "client_claimed"
		if step == "close" {
			key = "client_closed"
		}
		if _, err := rw.Post(ctx, to, bot.Reply{Text: ticketTexts.t(tk.Draft.Lang, key, tk.ID), Meta: staffMeta(tk.Draft.Lang, "ticket_status", rec)}); err != nil {
			return fmt.Errorf("tell client about %s: %w", tk.ID, err)
		}
	}
	return nil
}

// status answers "Wie ist der Stand meines Rückrufs?" with the asking
// user's own tickets only.
func (c *Callbacks) status(ctx context.Context, t *turn, st *convState, m *nlu.Message) error {
	ev := t.ev
	ts, err := c.Tickets.ForClient(ctx, tickets.Actor{Platform: ev.Ref.Platform, User: ev.Ref.User, Org: ev.Org})
	if err != nil {
		return fmt.Errorf("ticket status: %w", err)
	}
	t.setIntent("ticket_status")
	dropped := ""
	if st.Known.Dropped != "" && m != nil && m.AsksWithdrawn {
		// "and the licence callback is definitely off?": the request given
		// up while it was taken is named, so the client knows it went
		// nowhere
		dropped = ticketTexts.t(t.lang, "status_dropped", st.Known.Dropped)
	}
	if len(ts) == 0 {
		if dropped != "" {
			t.say(dropped)
			return nil
		}
		t.say(ticketTexts.t(t.lang, "status_none"))
		return nil
	}
	lines := []string{ticketTexts.t(t.lang, "status_header")}
	for i, tk := range ts {
		if i == 5 {
			break
		}
		lines = append(lines, ticketTexts.t(t.lang, "status_line", tk.ID, tk.Draft.Topic, ticketState(tk, t.lang), c.draftWindow(tk.Draft, t.lang)))
	}
	if dropped != "" {
		lines = append(lines, dropped)
	}
	t.say(strings.Join(lines, "\n"))
	return nil
}

// ordinalRE names one of several requests by its place: group 1 the
// first, group 2 the second or the other one, group 3 the last one.
var ordinalRE = regexp.MustCompile(`(?i)\b(?:(?:der|den|dem|die|das)\s+(erste[nmrs]?)|the\s+(first)(?:\s+one)?|(?:der|den|dem)\s+(zweite[nmrs]?|andere[nmrs]?)|the\s+(second|other)(?:\s+one)?|(?:der|den|dem)\s+(letzte[nmrs]?)|the\s+(last|latest)(?:\s+one)?)\b`)

// pickWordRE is a word that may name what a request is about.
var pickWordRE = regexp.MustCompile(`\pL[\pL-]{3,}`)

// pickStop are words of a message about a request that name no topic.
var pickStop = map[string]bool{
	"rückruf": true, "rückrufe": true, "rückrufwunsch": true, "callback": true, "call": true, "bitte": true, "please": true,
	"wegen": true, "about": true, "stornieren": true, "cancel": true, "bleibt": true, "bestehen": true, "stays": true,
	"keep": true, "jetzt": true, "wann": true, "when": true, "ruft": true, "ihr": true, "euch": true, "anrufen": true,
	"erledigt": true, "aber": true, "noch": true, "still": true, "the": true, "that": true, "this": true, "dann": true,
	"können": true, "sie": true, "den": true, "der": true, "dem": true, "die": true, "das": true, "einen": true,
	"eine": true, "mein": true, "meinen": true, "meine": true, "unser": true, "unseren": true, "unsere": true,
	"your": true, "mine": true, "thema": true, "topic": true, "nicht": true, "läuft": true, "wieder": true,
	"weitergebe": true, "richtig": true, "damit": true, "nur": true, "hat": true, "sich": true, "will": true,
}

// isOpen reports a request not yet called back: open or taken by staff.
func isOpen(tk tickets.Ticket) bool {
	return tk.State == tickets.StateOpen || tk.State == tickets.StateClaimed
}

// openOldestFirst returns the open requests of ts (newest first, as
// ForClient gives them), oldest first.
func openOldestFirst(ts []tickets.Ticket) []tickets.Ticket {
	var out []tickets.Ticket
	for i := len(ts) - 1; i >= 0; i-- {
		if isOpen(ts[i]) {
			out = append(out, ts[i])
		}
	}
	return out
}

// named returns, of the client's open requests (oldest first), the one
// the message names by its place ("der erste", "the other one") or by a
// word of its topic ("der wegen dem Drucker"), when exactly one fits and
// there are several to choose from.
func named(open []tickets.Ticket, m *nlu.Message) (tickets.Ticket, bool) {
	if m == nil || len(open) < 2 {
		return tickets.Ticket{}, false
	}
	if g := ordinalRE.FindStringSubmatch(m.Text); g != nil {
		switch {
		case g[1] != "" || g[2] != "":
			return open[0], true
		case g[3] != "" || g[4] != "":
			if len(open) == 2 {
				return open[1], true
			}
		case g[5] != "" || g[6] != "":
			return open[len(open)-1], true
		}
	}
	var hit []tickets.Ticket
	words := pickWordRE.FindAllString(strings.ToLower(m.Text), -1)
	for _, tk := range open {
		topic := " " + strings.ToLower(tk.Draft.Topic) + " "
		for _, w := range words {
			if !pickStop[w] && strings.Contains(topic, w) {
				hit = append(hit, tk)
				break
			}
		}
	}
	if len(hit) == 1 {
		return hit[0], true
	}
	return tickets.Ticket{}, false
}

// sayNamed tells the state of the one open request the message names by
// its place or topic (see named), as staying when stays, unless it is the
// request skip; with skip empty, also the only open request when the
// message names none. It reports whether it said anything.
func (c *Callbacks) sayNamed(ctx context.Context, t *turn, m *nlu.Message, stays bool, skip string) (bool, error) {
	ev := t.ev
	who := tickets.Actor{Platform: ev.Ref.Platform, User: ev.Ref.User, Org: ev.Org}
	ts, err := c.Tickets.ForClient(ctx, who)
	if err != nil {
		return false, fmt.Errorf("request named: %w", err)
	}
	opens := openOldestFirst(ts)
	tk, ok := named(opens, m)
	if !ok && skip == "" && len(opens) == 1 {
		tk, ok = opens[0], true
	}
	if !ok || tk.ID == skip {
		return false, nil
	}
	if stays {
		t.say(ticketTexts.t(t.lang, "stays", tk.ID, tk.Draft.Topic, ticketState(tk, t.lang), c.draftWindow(tk.Draft, t.lang)))
	} else {
		t.say(ticketTexts.t(t.lang, "one_status", tk.ID, tk.Draft.Topic, ticketState(tk, t.lang), c.draftWindow(tk.Draft, t.lang)))
	}
	if m.AsksNoted && numberWordRE.MatchString(m.Text) && tk.Draft.Phone != "" {
		// "Welche Nummer hatte ich Ihnen eben genannt?": the number noted
		t.say(ticketTexts.t(t.lang, "noted_phone", tickets.FormatPhone(tk.Draft.Phone, c.region())))
	}
	return true, nil
}

// numberWordRE names a phone number.
var numberWordRE = regexp.MustCompile(`(?i)\b(?:nummer|telefonnummer|handynummer|mobilnummer|number|phone)\b`)

// amendInfoRE adds a detail to a request filed ("forgot to mention, pls
// add this for the technician: …", "noch als Nachtrag: …").
var amendInfoRE = regexp.MustCompile(`(?i)\b(?:sag(?:en sie|t|e)? (?:dem|der) techniker(?:in)?|(?:dem|der) techniker(?:in)? (?:bitte )?(?:noch )?(?:sagen|ausrichten|mitteilen)|tell the (?:tech|technician|engineer)|forgot to (?:mention|say|add)|(?:please|pls|plz|can you|could you) add|add this|one more detail|for the technician|noch (?:ergänzen|nachtragen|dazuschreiben)|bitte (?:noch )?(?:ergänzen|dazuschreiben|nachtragen)|vergessen zu (?:sagen|erwähnen)|(?:hab|habe) (?:ich )?vergessen|nachtrag|für den techniker)\b`)

// newRequestRE asks for another request beside the one filed.
var newRequestRE = regexp.MustCompile(`(?i)\b(?:noch (?:einen|nen|ein) (?:zweiten |weiteren )?(?:rückruf|termin)|(?:einen |den )?zweiten (?:rückruf|termin)|weiteren rückruf|another (?:call|callback|one)|a second (?:call|callback)|separat\w*|separate(?:ly)?|(?:braucht|needs|need) (?:\w+ ){0,2}(?:auch|also|too)? ?(?:nen|einen|a) (?:rückruf|call|callback)|auch (?:nen|einen|ein) (?:rückruf|anruf)|also a call(?:back)?|a call(?:back)? too)\b`)

// amendment reads what m changes of the request filed last: a time of
// day (on its day when m names none), a number, or a detail to add.
func (c *Callbacks) amendment(st *convState, m *nlu.Message, filed tickets.Ticket) (tickets.Amendment, bool) {
	var a tickets.Amendment
	if m.Name != "" && !strings.EqualFold(m.Name, filed.Draft.Name) || newRequestRE.MatchString(m.Text) || m.Status ||
		m.Callback && m.Topic != "" && !strings.Contains(strings.ToLower(filed.Draft.Topic), strings.ToLower(m.Topic)) {
		// another person, or a call asked about a topic of its own: a new
		// request
		return a, false
	}
	if w := m.When.Window; w != nil && !w.ASAP && !w.NoClock {
		start, end := w.Start, w.End
		if w.NoDay && !filed.Draft.WindowStart.IsZero() {
			// "geht derselbe Tag auch nachmittags, so von 14 bis 16 Uhr?"
			day := filed.Draft.WindowStart.In(start.Location())
			start = time.Date(day.Year(), day.Month(), day.Day(), start.Hour(), start.Minute(), 0, 0, start.Location())
			end = start.Add(w.End.Sub(w.Start))
		}
		if !start.Equal(filed.Draft.WindowStart) || !end.Equal(filed.Draft.WindowEnd) {
			a.WindowStart, a.WindowEnd = start, end
		}
	}
	if p := m.Phone; p != nil && p.E164 != "" && p.E164 != filed.Draft.Phone {
		a.Phone = p.E164
	}
	if loc := amendInfoRE.FindStringIndex(m.Text); loc != nil {
		add := m.Text[loc[1]:]
		if i := strings.IndexByte(add, ':'); i >= 0 {
			add = add[i+1:]
		} else if m.Question {
			// "what did you note down for the technician?" adds nothing
			add = ""
		} else {
			add = m.Text
		}
		a.TopicAdd = trimValue(strings.TrimSpace(strings.Trim(strings.TrimSpace(add), ".!")), 200)
	}
	return a, !a.WindowStart.IsZero() || a.Phone != "" || a.TopicAdd != ""
}

// amendFiled changes the request filed last in this conversation as the
// client says ("Geht derselbe Tag auch von 14 bis 16 Uhr?", "could they
// call my office line instead? 030 …", "forgot to mention: …"), tells
// the client what it holds now and staff what changed. It reports false
// when m changes nothing of it.
func (c *Callbacks) amendFiled(ctx context.Context, t *turn, st *convState, m *nlu.Message) (bool, error) {
	ev := t.ev
	who := tickets.Actor{Platform: ev.Ref.Platform, User: ev.Ref.User, Org: ev.Org}
	ts, err := c.Tickets.ForClient(ctx, who)
	if err != nil {
		return false, fmt.Errorf("amend: %w", err)
	}
	id := st.Filed.ID
	if tk, ok := named(openOldestFirst(ts), m); ok {
		id = tk.ID
	}
	i := slices.IndexFunc(ts, func(tk tickets.Ticket) bool { return tk.ID == id })
	if i < 0 {
		return false, nil
	}
	a, ok := c.amendment(st, m, ts[i])
	if !ok {
		return false, nil
	}
	t.setIntent("callback")
	tk, err := c.Tickets.Amend(ctx, id, who, a, c.now())
	switch {
	case errors.Is(err, tickets.ErrInvalidTransition):
		t.say(ticketTexts.t(t.lang, "amend_late", id))
		return true, nil
	case err != nil:
		return false, fmt.Errorf("amend: %w", err)
	}
	say := func(lang string) string {
		var parts []string
		if !a.WindowStart.IsZero() {
			parts = append(parts, ticketTexts.t(lang, "amend_time", c.draftWindow(tk.Draft, lang)))
		}
		if a.Phone != "" {
			parts = append(parts, ticketTexts.t(lang, "amend_phone", tickets.FormatPhone(tk.Draft.Phone, c.region())))
		}
		if a.TopicAdd != "" {
			parts = append(parts, ticketTexts.t(lang, "amend_topic", a.TopicAdd))
		}
		return strings.Join(parts, "; ")
	}
	t.record(ticketRecord(tk))
	t.say(ticketTexts.t(t.lang, "amended", id, say(t.lang)))
	if st.Filed != nil && st.Filed.ID == id {
		st.Filed.Confirmation = callbackTexts.t(t.lang, "filed", tk.ID, c.draftWindow(tk.Draft, t.lang))
		st.Filed.Notify = callbackTexts.t(t.lang, "notify", tk.ID, c.draftWindow(tk.Draft, t.lang), tickets.FormatPhone(tk.Draft.Phone, c.region()))
		st.Filed.Turn = t.req.Session.Turns
	}
	lang := c.staffLang()
	rec := ticketRecord(tk)
	for _, room := range c.StaffRooms {
		if _, err := t.rw.Post(ctx, room, bot.Reply{Text: ticketTexts.t(lang, "staff_amended", id, say(lang)), Meta: staffMeta(lang, "callback", rec)}); err != nil {
			c.log().Warn("staff room not reachable for a changed ticket", "component", "callbacks", "ticket", id, "err", err)
		}
	}
	return true, nil
}

// withdrawn reports a ticket the client withdrew.
func withdrawn(tk tickets.Ticket) bool {
	n := len(tk.History)
	return n > 0 && tk.History[n-1].Action == tickets.ActionWithdrawn
}

func ticketState(tk tickets.Ticket, lang string) string {
	switch tk.State {
	case tickets.StateOpen:
		return ticketTexts.t(lang, "state_open")
	case tickets.StateClaimed:
		owner := tk.Owner
		if i := strings.IndexByte(owner, ':'); i >= 0 {
			owner = owner[i+1:]
		}
		return ticketTexts.t(lang, "state_claimed", owner)
	case tickets.StateCalled:
		return ticketTexts.t(lang, "state_called")
	}
	if withdrawn(tk) {
		return ticketTexts.t(lang, "state_withdrawn")
	}
	return ticketTexts.t(lang, "state_closed")
}

// withdraw cancels a filed callback request at the client's wish: the one
// named, the one just filed here, or the client's only open one.
func (c *Callbacks) withdraw(ctx context.Context, t *turn, st *convState, m *nlu.Message) error {
	ev := t.ev
	who := tickets.Actor{Platform: ev.Ref.Platform, User: ev.Ref.User, Org: ev.Org}
	t.setIntent("ticket_status")
	id := ""
	for _, r := range m.Refs {
		if strings.HasPrefix(r, "CB-") {
			id = r
		}
	}
	var ts []tickets.Ticket
	if id == "" {
		// "der erste hat sich erledigt", "the printer one": of several
		// open requests, the one named
		var err error
		if ts, err = c.Tickets.ForClient(ctx, who); err != nil {
			return fmt.Errorf("withdraw: %w", err)
		}
		if tk, ok := named(openOldestFirst(ts), m); ok {
			id = tk.ID
		}
	}
	if w := st.Withdrawn; id == "" && w != nil && t.req.Session.Turns-w.Turn <= 2 && (answersYes(m) || m.Acts.Yes) {
		// "ja, bitte stornieren" right after one was withdrawn: that one,
		// done already, not the next one filed
		t.say(ticketTexts.t(t.lang, "withdraw_already", w.ID))
		return nil
	}
	if id == "" && st.Filed != nil && st.Filed.Kind == "callback" {
		id = st.Filed.ID
	}
	if id == "" {
		var openIDs []string
		for _, tk := range ts {
			if isOpen(tk) {
				openIDs = append(openIDs, tk.ID)
			}
		}
		switch len(openIDs) {
		case 0:
			if len(ts) > 0 && withdrawn(ts[0]) {
				// "ja, bitte zurückziehen" once more: the newest is done already
				t.say(ticketTexts.t(t.lang, "withdraw_already", ts[0].ID))
				return nil
			}
			t.say(ticketTexts.t(t.lang, "withdraw_none"))
			return nil
		case 1:
			id = openIDs[0]
		default:
			t.say(ticketTexts.t(t.lang, "withdraw_which"))
			return nil
		}
	}
	tk, err := c.Tickets.Withdraw(ctx, id, who, c.now())
	switch {
	case errors.Is(err, tickets.ErrNotFound):
		t.say(ticketTexts.t(t.lang, "withdraw_none"))
		return nil
	case errors.Is(err, tickets.ErrInvalidTransition):
		t.say(ticketTexts.t(t.lang, "withdraw_late", id))
		return nil
	case err != nil:
		return fmt.Errorf("withdraw: %w", err)
	}
	if st.Filed != nil && st.Filed.ID == id {
		st.Filed = nil
	}
	st.Withdrawn = &withdrawnRecord{ID: id, Turn: t.req.Session.Turns}
	rec := ticketRecord(tk)
	lang := c.staffLang()
	for _, room := range c.StaffRooms {
		if _, err := t.rw.Post(ctx, room, bot.Reply{Text: ticketTexts.t(lang, "staff_withdrawn", id), Meta: staffMeta(lang, "ticket_status", rec)}); err != nil {
			c.log().Warn("staff room not reachable for a withdrawn ticket", "component", "callbacks", "ticket", id, "err", err)
		}
	}
	t.record(rec)
	t.say(ticketTexts.t(t.lang, "withdrawn", id))
	return nil
}

// TranscriptDeleter deletes a conversation's stored messages.
type TranscriptDeleter interface {
	Delete(ctx context.Context, conv bot.Ref) error
}

// forgetAsk asks the client to confirm deleting their data.
func (r *Router) forgetAsk(ctx context.Context, t *turn, st *convState) error {
	st.endDialogue()
	st.Pending = &pending{Kind: pendingForget, Turn: t.req.Session.Turns}
	t.setIntent("forget")
	t.ask("confirm", generalTexts.t(t.lang, "forget_ask"))
	return nil
}

// forget deletes the asking user's tickets, this conversation's
// transcript and everything the session holds.
func (r *Router) forget(ctx context.Context, t *turn, st *convState) error {
	ev := t.ev
	n, err := r.Callbacks.Tickets.Forget(ctx, tickets.Actor{Platform: ev.Ref.Platform, User: ev.Ref.User, Org: ev.Org})
	if err != nil {
		return fmt.Errorf("forget tickets: %w", err)
	}
	appts := 0
	if r.Vendors != nil {
		who := scheduling.Requester{Org: ev.Org, Platform: ev.Ref.Platform, User: ev.Ref.User}
		if appts, err = r.Vendors.Appointments.ForgetClient(ctx, who, r.now()); err != nil {
			return fmt.Errorf("forget appointments: %w", err)
		}
	}
	// The conversation's history goes only where it is the client's own:
	// a shared channel, and above all a staff room, keeps what others
	// wrote and were told (issue 14, item 5).
	history := r.Transcripts != nil && r.ownConversation(ev)
	if history {
		if err := r.Transcripts.Delete(ctx, ev.Ref.Conversation()); err != nil {
			return fmt.Errorf("forget transcript: %w", err)
		}
	}
	*st = convState{}
	t.setIntent("forget")
	key := "forget_done"
	if !history {
		key = "forget_done_shared"
	}
	t.say(generalTexts.t(t.lang, key, n, appts))
	return nil
}

// ownConversation reports a conversation whose stored history is the
// user's own: never a staff room (of any feature); on the web chat and the
// JSON API, the front doors that keep a history, the conversation the
// client writes in; elsewhere only one named after the user.
func (r *Router) ownConversation(ev bot.Event) bool {
	var rooms []bot.Ref
	if r.Callbacks != nil {
		rooms = append(rooms, r.Callbacks.StaffRooms...)
	}
	if r.Vendors != nil {
		rooms = append(rooms, r.Vendors.StaffRooms...)
	}
	if slices.ContainsFunc(rooms, func(room bot.Ref) bool { return room.Conversation() == ev.Ref.Conversation() }) {
		return false
	}
	switch ev.Ref.Platform {
	case "web", "webchat":
		return true
	}
	return ev.Ref.Channel == ev.Ref.User && ev.Ref.Thread == ""
}
