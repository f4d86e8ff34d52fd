package handlers

import "github.com/mspbot/mspbot/bot"

// Deps are what the conversations need from the rest of the program.
type Deps struct {
	// Classifier understands messages.
	Classifier bot.Classifier
}

// NewMux wires every conversation into one Mux.
func NewMux(d Deps) *bot.Mux {
	m := bot.NewMux(d.Classifier)
	m.HandleIntent("smalltalk", Smalltalk())
	m.HandleFallback(Fallback())
	return m
}
