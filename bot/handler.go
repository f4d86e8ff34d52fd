package bot

import (
	"context"
	"encoding/json"
	"errors"
)

// ErrSkip is returned by a handler that does not take an event it was
// offered (a reaction on a message it does not own); the Mux then offers
// the event to the next candidate.
var ErrSkip = errors.New("bot: event not handled")

// Session is one user's state in one conversation. The Engine loads it
// before the handler runs and saves it afterwards when it changed; the
// Version guards against a concurrent writer.
type Session struct {
	// Version is managed by the store: the number of saves so far.
	Version int64 `json:"-"`
	// Lang is the conversation's language ("de", "en").
	Lang string `json:"lang,omitempty"`
	// Turns counts the messages the user sent in this session.
	Turns int `json:"turns,omitempty"`
	// State is the handlers' own typed state of the conversation (open
	// dialogue, what was last talked about), as JSON; the engine neither
	// reads nor writes it.
	State json.RawMessage `json:"state,omitempty"`
}

// Request is what a handler gets: the event and the user's session (which
// it may change; the Engine saves it when the handler succeeds).
type Request struct {
	Event   Event
	Session *Session
	// Reference is the correlation id of this event in the logs.
	Reference string
}

// Lang returns the language to answer in: the conversation's, else German.
func (r *Request) Lang() string {
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
