package handlers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/tickets"
)

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

// log is the Logger, or slog.Default() when none is set.
func (c *Callbacks) log() *slog.Logger {
	if c.Logger != nil {
		return c.Logger
	}
	return slog.Default()
}

func (c *Callbacks) staffStep(ctx context.Context, rw bot.Responder, req *bot.Request, step, id string) error {
	ev := req.Event
	lang := c.staffLang()
	by := tickets.Actor{Platform: ev.Ref.Platform, User: ev.Ref.User, Org: ev.Org, Staff: ev.Staff}
	if !by.Staff {
		// A client's or stranger's reaction changes nothing; a button press
		// gets a short word so the client knows why nothing happened.
		c.log().Warn("staff action refused: not staff", "component", "tickets", "platform", ev.Ref.Platform,
			"user", ev.Ref.User, "action", step, "ticket", id, "via", string(ev.Kind))
		if ev.Kind == bot.KindButton {
			return say(ctx, rw, txtStaffOnly.in(req.Lang()))
		}
		return nil
	}
	var t tickets.Ticket
	var err error
	now := c.now()
	switch step {
	case "claim":
		t, err = c.Tickets.Claim(ctx, id, by, now)
	case "called":
		t, err = c.Tickets.MarkCalled(ctx, id, by, now)
	case "close":
		t, err = c.Tickets.Close(ctx, id, by, now)
	default:
		return bot.ErrSkip
	}
	switch {
	case errors.Is(err, tickets.ErrAlreadyClaimed):
		cur, _ := c.Tickets.Get(ctx, id, by)
		return say(ctx, rw, txtStaffAlreadyClaimed.in(lang, id, cur.Owner))
	case errors.Is(err, tickets.ErrInvalidTransition):
		return say(ctx, rw, txtStaffWrongState.in(lang, id))
	case errors.Is(err, tickets.ErrNotFound):
		return say(ctx, rw, txtStaffNoTicket.in(lang, id))
	case err != nil:
		return err
	}
	if err := say(ctx, rw, txtStaffDone[step].in(lang, t.ID, by.ID())); err != nil {
		return err
	}
	// Tell the client, in their conversation and language.
	if step == "claim" || step == "close" {
		cl := t.Client
		to := bot.Ref{Platform: cl.Platform, Workspace: cl.Workspace, Channel: cl.Channel, Thread: cl.Thread}
		msg := txtClientClaimed
		if step == "close" {
			msg = txtClientClosed
		}
		if _, err := rw.Post(ctx, to, bot.Reply{Text: msg.in(t.Draft.Lang, t.ID)}); err != nil {
			return fmt.Errorf("tell client about %s: %w", t.ID, err)
		}
	}
	return nil
}

// Status answers "Wie ist der Stand meines Rückrufs?" with the asking
// user's own tickets only.
func (c *Callbacks) Status() bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		ev, lang := req.Event, req.Lang()
		ts, err := c.Tickets.ForClient(ctx, tickets.Actor{Platform: ev.Ref.Platform, User: ev.Ref.User, Org: ev.Org})
		if err != nil {
			return err
		}
		if len(ts) == 0 {
			return say(ctx, rw, txtStatusNone.in(lang))
		}
		var b strings.Builder
		b.WriteString(txtStatusHeader.in(lang))
		for i, t := range ts {
			if i == 5 {
				break
			}
			fmt.Fprintf(&b, "\n• %s – %s: %s (%s)", t.ID, t.Draft.Topic, stateText(t.State, lang), c.windowText(t.Draft, lang))
		}
		return say(ctx, rw, b.String())
	})
}

func stateText(s tickets.State, lang string) string {
	switch s {
	case tickets.StateOpen:
		return txtStateOpen.in(lang)
	case tickets.StateClaimed:
		return txtStateClaimed.in(lang)
	case tickets.StateCalled:
		return txtStateCalled.in(lang)
	}
	return txtStateClosed.in(lang)
}

// forgetRE recognises a request to delete one's data.
var forgetRE = regexp.MustCompile(`(?i)(l(ö|oe)sch\w*|entfern\w*|vergiss|vergessen)\b.{0,40}\b(meine|alle meine|unsere)\s+(daten|angaben|tickets|rückrufe|rueckrufe|informationen)|\b(meine|unsere)\s+(daten|angaben|informationen)\b.{0,30}(l(ö|oe)sch|entfern)|\b(delete|erase|remove|forget)\b.{0,30}\b(my|our|all my)\s+(data|details|information|tickets|personal data)|\bright to (be forgotten|erasure)\b|\bdsgvo\b.{0,40}l(ö|oe)sch|\bgdpr\b.{0,40}(delete|erase)`)

// Forget asks for confirmation, then deletes the user's tickets, this
// conversation's transcript and session.
func (c *Callbacks) Forget(tr TranscriptDeleter) (start, confirm bot.Handler) {
	start = bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		req.Session.Start(dialogueForget, "confirm")
		return say(ctx, rw, txtForgetAsk.in(req.Lang()))
	})
	confirm = bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		lang := req.Lang()
		text := lower(req.Event.Text)
		if !yesRE.MatchString(text) {
			req.Session.End()
			if noRE.MatchString(text) || cancelRE.MatchString(text) {
				return say(ctx, rw, txtForgetKept.in(lang))
			}
			return bot.ErrSkip
		}
		ev := req.Event
		n, err := c.Tickets.Forget(ctx, tickets.Actor{Platform: ev.Ref.Platform, User: ev.Ref.User, Org: ev.Org})
		if err != nil {
			return err
		}
		if tr != nil {
			if err := tr.Delete(ctx, ev.Ref.Conversation()); err != nil {
				return fmt.Errorf("forget transcript: %w", err)
			}
		}
		*req.Session = bot.Session{Lang: req.Session.Lang, Version: req.Session.Version}
		return say(ctx, rw, txtForgetDone.in(lang, n))
	})
	return start, confirm
}

// TranscriptDeleter deletes a conversation's stored messages.
type TranscriptDeleter interface {
	Delete(ctx context.Context, conv bot.Ref) error
}

const dialogueForget = "forget"

// Offer is the dialogue after the bot offered a callback: "ja" starts the
// callback conversation, anything else is routed as usual.
func (c *Callbacks) Offer() bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		req.Session.End()
		if yesRE.MatchString(lower(req.Event.Text)) {
			return c.Start().Handle(ctx, rw, req)
		}
		return bot.ErrSkip
	})
}

// Texts of the ticket steps.
var (
	txtStaffOnly           = text{de: "Das können nur Mitarbeiter des Dienstleisters.", en: "Only the provider's staff can do that."}
	txtStaffAlreadyClaimed = text{de: "%s ist bereits von %s übernommen.", en: "%s is already claimed by %s."}
	txtStaffWrongState     = text{de: "%s ist dafür nicht (mehr) im passenden Zustand.", en: "%s is not (or no longer) in a state that allows this."}
	txtStaffNoTicket       = text{de: "Ticket %s gibt es nicht (mehr).", en: "Ticket %s does not exist (any more)."}
	txtStaffDone           = map[string]text{
		"claim":  {de: "%s übernommen von %s.", en: "%s claimed by %s."},
		"called": {de: "%s: Rückruf erledigt von %s.", en: "%s: called back by %s."},
		"close":  {de: "%s geschlossen von %s.", en: "%s closed by %s."},
	}
	txtClientClaimed = text{de: "Ihr Rückrufwunsch %s wurde von einem Mitarbeiter übernommen. Wir melden uns wie vereinbart.", en: "Your callback request %s has been taken on by a member of our team. We will call you as agreed."}
	txtClientClosed  = text{de: "Ihr Rückrufwunsch %s ist erledigt. Danke!", en: "Your callback request %s is done. Thank you!"}
	txtStatusNone    = text{de: "Ich finde keine Rückrufwünsche von Ihnen. Soll ich einen aufnehmen? Schreiben Sie einfach „Rückruf“.", en: "I find no callback requests from you. Shall I take one? Just write \"callback\"."}
	txtStatusHeader  = text{de: "Ihre Rückrufwünsche:", en: "Your callback requests:"}
	txtStateOpen     = text{de: "offen, noch nicht übernommen", en: "open, not yet taken on"}
	txtStateClaimed  = text{de: "übernommen, Rückruf folgt", en: "taken on, call to follow"}
	txtStateCalled   = text{de: "angerufen", en: "called"}
	txtStateClosed   = text{de: "erledigt", en: "done"}
	txtForgetAsk     = text{de: "Soll ich alle Ihre Rückrufwünsche und den Verlauf dieses Gesprächs löschen? (ja/nein)", en: "Shall I delete all your callback requests and the history of this conversation? (yes/no)"}
	txtForgetKept    = text{de: "In Ordnung, ich lösche nichts.", en: "All right, I delete nothing."}
	txtForgetDone    = text{de: "Erledigt: %d Rückrufwünsche und der Verlauf dieses Gesprächs sind gelöscht.", en: "Done: %d callback requests and the history of this conversation are deleted."}
)
