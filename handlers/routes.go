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
}

// NewMux wires every conversation into one Mux.
func NewMux(d Deps) *bot.Mux {
	m := bot.NewMux(d.Classifier)
	if d.Knowledge != nil {
		answer := Answer(d.Knowledge, d.Grounder)
		for _, intent := range knowledge.Intents {
			if intent != knowledge.IntentSmalltalk {
				m.HandleIntent(string(intent), answer)
			}
		}
	}
	m.HandleIntent(string(knowledge.IntentSmalltalk), Smalltalk())
	m.HandleFallback(Fallback())
	return m
}
