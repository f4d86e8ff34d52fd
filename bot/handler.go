package bot

import (
	"context"
	"errors"
)

// ErrSkip is returned by a handler that does not take an event it was
// offered (a reaction on a message it does not own, a message that leaves a
// dialogue); the Mux then offers the event to the next candidate.
var ErrSkip = errors.New("bot: event not handled")

// Session is one user's dialogue state in one conversation. The Engine loads
// it before a handler runs and saves it afterwards when it changed; the
// Version guards against a concurrent writer.
type Session struct {
	// Version is managed by the store: the number of saves so far.
	Version int64 `json:"-"`
	// Dialogue names the conversation in progress ("callback", ...); empty
	// when none is.
	Dialogue string `json:"dialogue,omitempty"`
	// Step is the dialogue's own position.
	Step string `json:"step,omitempty"`
	// Slots holds the values the dialogue has collected.
	Slots map[string]string `json:"slots,omitempty"`
	// Memory holds what outlives dialogues (e.g. that the user was
	// greeted); Start and End leave it alone.
	Memory map[string]string `json:"memory,omitempty"`
	// Lang is the language of the user's last message ("de", "en").
	Lang string `json:"lang,omitempty"`
	// Turns counts the messages the user sent in this session.
	Turns int `json:"turns,omitempty"`
}

// Set stores a slot value, creating the map when needed.
func (s *Session) Set(slot, value string) {
	if s.Slots == nil {
		s.Slots = make(map[string]string)
	}
	s.Slots[slot] = value
}

// Get returns a slot value or "".
func (s *Session) Get(slot string) string { return s.Slots[slot] }

// Remember stores a value that outlives dialogues.
func (s *Session) Remember(key, value string) {
	if s.Memory == nil {
		s.Memory = make(map[string]string)
	}
	s.Memory[key] = value
}

// Recall returns a remembered value or "".
func (s *Session) Recall(key string) string { return s.Memory[key] }

// Start begins dialogue at step, dropping the slots of any earlier one.
func (s *Session) Start(dialogue, step string) {
	s.Dialogue, s.Step, s.Slots = dialogue, step, nil
}

// End leaves the dialogue in progress and forgets its slots.
func (s *Session) End() {
	s.Dialogue, s.Step, s.Slots = "", "", nil
}

// Understanding is what a Classifier made of a message.
type Understanding struct {
	// Intent is one of the intents the knowledge package defines
	// ("coverage", "callback", "smalltalk", ...), empty when unknown.
	Intent string
	// Lang is the message's language ("de" or "en").
	Lang string
	// Confidence is between 0 and 1.
	Confidence float64
	// Detail carries the classifier's full result for handlers that know its
	// type.
	Detail any
}

// Classifier understands a message's text. The Mux asks it once per message.
type Classifier interface {
	Understand(ctx context.Context, text string) Understanding
}

// Request is what a handler gets: the event, the user's session (which it may
// change; the Engine saves it when the handler succeeds) and, for messages,
// what the classifier understood.
type Request struct {
	Event         Event
	Session       *Session
	Understanding Understanding
	// Reference is the correlation id of this event in the logs.
	Reference string
}

// Lang returns the language to answer in: the message's, else the session's,
// else German.
func (r *Request) Lang() string {
	if r.Understanding.Lang != "" {
		return r.Understanding.Lang
	}
	if r.Session != nil && r.Session.Lang != "" {
		return r.Session.Lang
	}
	return "de"
}

// Responder sends what a handler has to say.
type Responder interface {
	// Reply answers in the event's conversation (and thread).
	Reply(ctx context.Context, r Reply) (Sent, error)
	// Post sends to any conversation, such as the staff channel.
	Post(ctx context.Context, to Ref, r Reply) (Sent, error)
}

// Handler handles one event. It returns ErrSkip when it does not take it.
type Handler interface {
	Handle(ctx context.Context, rw Responder, req *Request) error
}

// HandlerFunc adapts a function to a Handler.
type HandlerFunc func(ctx context.Context, rw Responder, req *Request) error

// Handle calls f.
func (f HandlerFunc) Handle(ctx context.Context, rw Responder, req *Request) error {
	return f(ctx, rw, req)
}

// Middleware wraps a handler with behaviour every event gets.
type Middleware func(Handler) Handler

// Chain wraps h in mws; the first middleware is the outermost.
func Chain(h Handler, mws ...Middleware) Handler {
	for i := len(mws) - 1; i >= 0; i-- {
		h = mws[i](h)
	}
	return h
}
