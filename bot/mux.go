package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Mux routes events to handlers, like net/http's ServeMux:
//
//   - a message goes to the handler of the dialogue in progress in the
//     session, if one is registered and takes it; otherwise to the handler of
//     the intent the Classifier understood; otherwise to the fallback;
//   - a reaction goes to the reaction handlers in the order they were added,
//     until one takes it;
//   - a button press goes to the handler registered for the longest prefix
//     of its action.
//
// Register everything before the Mux serves; it is not safe to register
// while serving.
type Mux struct {
	classifier Classifier
	dialogues  map[string]Handler
	intents    map[string]Handler
	reactions  []Handler
	buttons    map[string]Handler
	fallback   Handler
}

// NewMux returns a Mux that asks c to understand messages. c may be nil, in
// which case every message without a dialogue goes to the fallback.
func NewMux(c Classifier) *Mux {
	return &Mux{
		classifier: c,
		dialogues:  make(map[string]Handler),
		intents:    make(map[string]Handler),
		buttons:    make(map[string]Handler),
	}
}

// HandleDialogue registers h for messages while the session's dialogue is
// name.
func (m *Mux) HandleDialogue(name string, h Handler) { m.dialogues[name] = h }

// HandleIntent registers h for messages understood as intent.
func (m *Mux) HandleIntent(intent string, h Handler) { m.intents[intent] = h }

// HandleReaction adds h to the handlers offered each reaction.
func (m *Mux) HandleReaction(h Handler) { m.reactions = append(m.reactions, h) }

// HandleButton registers h for button actions starting with prefix.
func (m *Mux) HandleButton(prefix string, h Handler) { m.buttons[prefix] = h }

// HandleFallback registers h for messages nothing else takes.
func (m *Mux) HandleFallback(h Handler) { m.fallback = h }

// Handle routes req. It returns ErrSkip when no handler took the event.
func (m *Mux) Handle(ctx context.Context, rw Responder, req *Request) error {
	switch req.Event.Kind {
	case KindMessage:
		return m.message(ctx, rw, req)
	case KindReactionAdded, KindReactionRemoved:
		for _, h := range m.reactions {
			if err := h.Handle(ctx, rw, req); !errors.Is(err, ErrSkip) {
				return err
			}
		}
		return ErrSkip
	case KindButton:
		best := ""
		for p := range m.buttons {
			if strings.HasPrefix(req.Event.Action, p) && len(p) >= len(best) {
				best = p
			}
		}
		if h, ok := m.buttons[best]; ok {
			return h.Handle(ctx, rw, req)
		}
		return ErrSkip
	}
	return fmt.Errorf("mux: unknown event kind %q", req.Event.Kind)
}

func (m *Mux) message(ctx context.Context, rw Responder, req *Request) error {
	if m.classifier != nil && req.Understanding.Intent == "" && req.Understanding.Lang == "" {
		req.Understanding = m.classifier.Understand(ctx, req.Event.Text)
	}
	if req.Session != nil {
		// A short answer within a dialogue ("ok", "cancel", "ja") shows too
		// little language: the conversation keeps the one it has.
		if req.Session.Dialogue != "" && req.Session.Lang != "" && len(strings.Fields(req.Event.Text)) < 3 {
			req.Understanding.Lang = req.Session.Lang
		}
		if req.Understanding.Lang != "" {
			req.Session.Lang = req.Understanding.Lang
		}
		if d := req.Session.Dialogue; d != "" {
			if h, ok := m.dialogues[d]; ok {
				if err := h.Handle(ctx, rw, req); !errors.Is(err, ErrSkip) {
					return err
				}
			}
		}
	}
	if h, ok := m.intents[req.Understanding.Intent]; ok {
		if err := h.Handle(ctx, rw, req); !errors.Is(err, ErrSkip) {
			return err
		}
	}
	if m.fallback != nil {
		return m.fallback.Handle(ctx, rw, req)
	}
	return ErrSkip
}
