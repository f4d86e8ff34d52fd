package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Mux routes events to handlers by kind, like net/http's ServeMux:
//
//   - every message goes to the one message handler (the conversation's
//     router, which decides between open dialogue, side question and
//     intent);
//   - a reaction goes to the reaction handlers in the order they were added,
//     until one takes it;
//   - a button press goes to the handler registered for the longest prefix
//     of its action.
//
// Register everything before the Mux serves; it is not safe to register
// while serving.
type Mux struct {
	messages  Handler
	reactions []Handler
	buttons   map[string]Handler
}

// NewMux returns an empty Mux.
func NewMux() *Mux {
	return &Mux{buttons: make(map[string]Handler)}
}

// HandleMessages registers h for every message.
func (m *Mux) HandleMessages(h Handler) { m.messages = h }

// HandleReaction adds h to the handlers offered each reaction.
func (m *Mux) HandleReaction(h Handler) { m.reactions = append(m.reactions, h) }

// HandleButton registers h for button actions starting with prefix.
func (m *Mux) HandleButton(prefix string, h Handler) { m.buttons[prefix] = h }

// Handle routes req. It returns ErrSkip when no handler took the event.
func (m *Mux) Handle(ctx context.Context, rw Responder, req *Request) error {
	switch req.Event.Kind {
	case KindMessage:
		if m.messages == nil {
			return ErrSkip
		}
		return m.messages.Handle(ctx, rw, req)
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
