package handlers

import (
	"context"
	"errors"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/knowledge"
)

// Deps are what the conversations need from the rest of the program.
type Deps struct {
	// Classifier understands messages.
	Classifier bot.Classifier
	// Knowledge is the knowledge base answers come from; nil leaves only
	// smalltalk and the fallback.
	Knowledge *knowledge.Base
	// Grounder, if set, resolves and phrases unsure answers with a language
	// model from retrieved entries only.
	Grounder Grounder
	// Callbacks, if set, is the callback conversation and the staff steps
	// on its tickets.
	Callbacks *Callbacks
	// Vendors, if set, is the vendor-appointment conversation and the
	// staff decisions on appointments.
	Vendors *Vendors
	// Protocols, if set, is the meeting-protocol conversation: recording,
	// signing, e-mailing, finding and checking protocols.
	Protocols *Protocols
	// Transcripts deletes a conversation's stored messages when a client
	// asks to be forgotten.
	Transcripts TranscriptDeleter
}

// NewMux wires every conversation into one Mux.
func NewMux(d Deps) *bot.Mux {
	cls := d.Classifier
	if d.Protocols != nil {
		cls = d.Protocols.Commands(cls)
	}
	m := bot.NewMux(cls)
	var answer bot.Handler
	if d.Knowledge != nil {
		answer = Answer(d.Knowledge, d.Grounder, d.Callbacks != nil)
		for _, intent := range knowledge.Intents {
			if intent != knowledge.IntentSmalltalk {
				m.HandleIntent(string(intent), answer)
			}
		}
	}
	if c := d.Callbacks; c != nil {
		m.HandleIntent(string(knowledge.IntentCallback), c.Start())
		m.HandleDialogue(dialogueCallback, c.Continue())
		m.HandleDialogue(dialogueOffer, c.Offer())
		m.HandleDialogue(dialogueFiled, c.Filed())
		m.HandleIntent(string(knowledge.IntentTicketStatus), c.Status())
		forget, confirm := c.Forget(d.Transcripts)
		m.HandleIntent(intentForget, forget)
		m.HandleDialogue(dialogueForget, confirm)
		m.HandleReaction(c.TicketReactions())
		m.HandleButton("ticket:", c.TicketReactions())
		m.HandleButton("callback:", c.Buttons())
	}
	if v := d.Vendors; v != nil {
		m.HandleIntent(string(knowledge.IntentVendorAppointment), v.Start())
		if answer != nil {
			// "Der Hersteller muss sofort auf den Server" reads like a policy
			// question but asks for a booking: the dialogue takes it.
			for _, in := range []knowledge.Intent{knowledge.IntentPolicy, knowledge.IntentCoverage} {
				m.HandleIntent(string(in), First(v.Request(), answer))
			}
		}
		m.HandleDialogue(dialogueVendor, v.Continue())
		m.HandleReaction(v.Decisions())
		m.HandleButton("vendor:", v.Decisions())
	}
	if p := d.Protocols; p != nil {
		m.HandleIntent(string(knowledge.IntentProtocol), p.Intent(answer))
		m.HandleDialogue(dialogueProtocol, p.Dialogue())
		m.HandleReaction(p.Reactions())
		m.HandleButton("protocol:", p.Buttons())
	}
	m.HandleIntent(string(knowledge.IntentSmalltalk), Smalltalk())
	m.HandleFallback(Fallback())
	return m
}

// First offers an event to each handler in turn until one takes it (does
// not return bot.ErrSkip).
func First(hs ...bot.Handler) bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		for _, h := range hs {
			if err := h.Handle(ctx, rw, req); !errors.Is(err, bot.ErrSkip) {
				return err
			}
		}
		return bot.ErrSkip
	})
}
