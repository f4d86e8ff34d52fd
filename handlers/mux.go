// Package handlers holds mspbot's conversations: the router that decides
// where each message goes (router.go: open dialogue, side question,
// request, follow-up, answer), the dialogues (callback.go, vendor*.go,
// protocol*.go) with their typed state (state.go), the knowledge answers
// and follow-ups (answer.go), and the texts of every feature in both
// languages (texts_*.go). It turns events into calls of the domain
// packages and their results into replies; it holds no domain rules
// itself.
package handlers

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/knowledge"
	"github.com/mspbot/mspbot/nlu"
)

// Deps are what the conversations need from the rest of the program.
type Deps struct {
	// Reader reads each message once (its classifier, calendar and phone
	// region).
	Reader *nlu.Reader
	// Knowledge is the knowledge base answers come from.
	Knowledge *knowledge.Base
	// Grounder, if set, resolves and phrases unsure answers with a language
	// model from retrieved entries only.
	Grounder Grounder
	// Callbacks, if set, is the callback dialogue and the staff steps on
	// its tickets.
	Callbacks *Callbacks
	// Vendors, if set, is the vendor-appointment dialogue and the staff
	// decisions on appointments.
	Vendors *Vendors
	// Protocols, if set, is the meeting-protocol dialogue.
	Protocols *Protocols
	// Transcripts deletes a conversation's stored messages when a client
	// asks to be forgotten.
	Transcripts TranscriptDeleter
	// Now is the clock (default time.Now); Logger the log.
	Now    func() time.Time
	Logger *slog.Logger
}

// NewMux wires every conversation into one Mux: messages to the Router,
// reactions and buttons to the staff steps, decisions and signatures.
func NewMux(d Deps) *bot.Mux {
	r := &Router{Deps: d}
	m := bot.NewMux()
	m.HandleMessages(r)
	if c := d.Callbacks; c != nil {
		m.HandleReaction(c.TicketReactions())
		m.HandleButton("ticket:", c.TicketReactions())
		m.HandleButton("callback:", r.dialogueButtons())
	}
	if v := d.Vendors; v != nil {
		m.HandleReaction(v.Decisions())
		m.HandleButton("vendor:", v.Decisions())
	}
	if p := d.Protocols; p != nil {
		m.HandleReaction(p.Reactions())
		m.HandleButton("protocol:", p.Buttons())
	}
	return m
}

// dialogueButtons handles the buttons of a dialogue's own messages (the
// callback summary's yes/change/cancel) with the conversation's state.
func (r *Router) dialogueButtons() bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		st, err := loadState(req.Session)
		if err != nil {
			r.log().Warn("starting the conversation afresh", "component", "router", "ref", req.Reference, "err", err)
		}
		t := newTurn(rw, req, st, nil, req.Lang())
		if err := r.Callbacks.buttons(ctx, t, st); err != nil {
			return err
		}
		if err := t.flush(ctx); err != nil {
			return fmt.Errorf("button reply: %w", err)
		}
		return saveState(req.Session, st)
	})
}
