package handlers

import (
	"context"
	"fmt"
	"slices"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/knowledge"
)

// Smalltalk kinds a classifier reports in Understanding.Detail when the
// intent is "smalltalk".
const (
	SmalltalkGreeting = "greeting"
	SmalltalkHelp     = "help"
)

// Smalltalk answers greetings, thanks, goodbyes and "what can you do". The
// first greeting of a session introduces the bot; later ones are short;
// thanks and goodbyes get the knowledge base's answer.
func Smalltalk() bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		lang := req.Lang()
		var msg, kind string
		switch d := req.Understanding.Detail.(type) {
		case string:
			kind = d
		case knowledge.Result:
			// The knowledge base's greeting is replaced by the fuller
			// introduction on the first greeting of a session.
			if slices.Contains(d.Sources, "bot#greeting") {
				kind = SmalltalkGreeting
			} else {
				kind, msg = "answer", d.Answer
			}
		}
		switch kind {
		case "answer":
		case SmalltalkHelp:
			msg = txtHelp.in(lang)
		default:
			if req.Session.Recall("greeted") == "yes" {
				msg = txtWelcomeBack.in(lang)
			} else {
				req.Session.Remember("greeted", "yes")
				msg = txtWelcome.in(lang)
			}
		}
		if _, err := rw.Reply(ctx, bot.Reply{Text: msg}); err != nil {
			return fmt.Errorf("smalltalk reply: %w", err)
		}
		return nil
	})
}

// Fallback answers what nothing else understood: honestly, with a way to a
// person, never with invented facts.
func Fallback() bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		if _, err := rw.Reply(ctx, bot.Reply{Text: txtFallback.in(req.Lang())}); err != nil {
			return fmt.Errorf("fallback reply: %w", err)
		}
		return nil
	})
}
