package handlers

import (
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
	// Transcripts deletes a conversation's stored messages when a client
	// asks to be forgotten.
	Transcripts TranscriptDeleter
}

// NewMux wires every conversation into one Mux.
func NewMux(d Deps) *bot.Mux {
	m := bot.NewMux(d.Classifier)
	if d.Knowledge != nil {
		answer := Answer(d.Knowledge, d.Grounder, d.Callbacks != nil)
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
		m.HandleIntent(string(knowledge.IntentTicketStatus), c.Status())
		forget, confirm := c.Forget(d.Transcripts)
		m.HandleIntent(intentForget, forget)
		m.HandleDialogue(dialogueForget, confirm)
		m.HandleReaction(c.TicketReactions())
		m.HandleButton("ticket:", c.TicketReactions())
		m.HandleButton("callback:", c.Buttons())
	}
	m.HandleIntent(string(knowledge.IntentSmalltalk), Smalltalk())
	m.HandleFallback(Fallback())
	return m
}
