// Package tickets is the domain of callback tickets: what a ticket holds, its
// life cycle (open, claimed, called, closed), who may do what with it, and
// who may see it. It knows neither the chat engine nor Redis: it persists
// through the Store interface, which redisstore implements.
package tickets

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// State is where a ticket stands.
type State string

// The states of a ticket.
const (
	StateOpen    State = "open"
	StateClaimed State = "claimed"
	StateCalled  State = "called"
	StateClosed  State = "closed"
)

// Action is one step in a ticket's history.
type Action string

// The actions of a ticket's history.
const (
	ActionCreated Action = "created"
	ActionClaimed Action = "claimed"
	ActionCalled  Action = "called"
	ActionClosed  Action = "closed"
	// ActionWithdrawn: the client withdrew the request (the ticket is
	// closed).
	ActionWithdrawn Action = "withdrawn"
	// ActionAmended: the client changed the time or the number, or added
	// to the topic, of a request not yet called back.
	ActionAmended Action = "amended"
)

// Sentinel errors; handlers map them to words for the user.
var (
	ErrNotFound          = errors.New("ticket not found")
	ErrNotStaff          = errors.New("only staff may do this")
	ErrAlreadyClaimed    = errors.New("ticket already claimed by someone else")
	ErrInvalidTransition = errors.New("ticket is not in a state that allows this")
	ErrIncomplete        = errors.New("ticket is missing fields")
	// ErrConflict: the ticket changed while an amendment was made; the
	// store refuses to overwrite it (Service.Amend tries again).
	ErrConflict = errors.New("ticket changed meanwhile")
)

// Client is who asked for the callback: their organisation, their user id
// on a platform and the conversation to tell them about progress.
type Client struct {
	Org      string `json:"org"`
	Platform string `json:"platform"`
	User     string `json:"user"`
	// Workspace, Channel and Thread name the conversation the request came
	// from, to tell the client about progress there.
	Workspace string `json:"workspace,omitempty"`
	Channel   string `json:"channel"`
	Thread    string `json:"thread,omitempty"`
}

// Draft is what the callback dialogue collected.
type Draft struct {
	Name        string    `json:"name"`
	Phone       string    `json:"phone"` // E.164
	Topic       string    `json:"topic"`
	WindowStart time.Time `json:"window_start,omitzero"`
	WindowEnd   time.Time `json:"window_end,omitzero"`
	ASAP        bool      `json:"asap,omitempty"`
	Urgent      bool      `json:"urgent,omitempty"`
	// AltStart and AltEnd are a second window the client offered, on
	// another day ("Dienstag oder Mittwoch vormittags"); zero when none.
	AltStart time.Time `json:"alt_start,omitzero"`
	AltEnd   time.Time `json:"alt_end,omitzero"`
	Lang     string    `json:"lang"`
	// RequestID identifies the dialogue's request: filing the same request
	// again (a repeated "ja" after an outage) returns the ticket filed first.
	RequestID string `json:"request_id,omitempty"`
}

// Validate reports the missing fields.
func (d Draft) Validate() error {
	var missing []string
	if d.Name == "" {
		missing = append(missing, "name")
	}
	if d.Phone == "" {
		missing = append(missing, "phone")
	}
	if d.Topic == "" {
		missing = append(missing, "topic")
	}
	if !d.ASAP && (d.WindowStart.IsZero() || d.WindowEnd.Before(d.WindowStart)) {
		missing = append(missing, "window")
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w: %v", ErrIncomplete, missing)
	}
	return nil
}

// HistoryEntry is one step of a ticket's history: what, by whom, when.
type HistoryEntry struct {
	Action Action    `json:"action"`
	By     string    `json:"by"`
	At     time.Time `json:"at"`
}

// Ticket is a filed callback request.
type Ticket struct {
	// ID is the readable reference, e.g. "CB-26-0042".
	ID      string         `json:"id"`
	Client  Client         `json:"client"`
	Draft   Draft          `json:"draft"`
	State   State          `json:"state"`
	Owner   string         `json:"owner,omitempty"`
	Created time.Time      `json:"created"`
	Updated time.Time      `json:"updated"`
	History []HistoryEntry `json:"history,omitempty"`
	// Told are the staff rooms a notice of the ticket was posted in (the
	// rooms' keys as given to Link), as the store keeps them: a filing
	// repeated after a crash or an outage tells only the rooms not told.
	Told []string `json:"-"`
}

// Actor is who acts on a ticket: a platform user, and whether the engine
// found them to be staff.
type Actor struct {
	Platform string
	User     string
	Org      string
	Staff    bool
}

// ID is the actor's platform-qualified id, as it stands in histories.
func (a Actor) ID() string { return a.Platform + ":" + a.User }

// Store persists tickets. Every method that changes a ticket is atomic.
type Store interface {
	// NextID reserves a new readable ticket id.
	NextID(ctx context.Context, now time.Time) (string, error)
	// Create stores t, its first history entry and its indexes, and with
	// outbox queues its delivery to the provider's ticket system, atomically.
	// When t.Draft.RequestID was filed before it stores nothing and returns
	// the ticket filed then.
	Create(ctx context.Context, t Ticket, outbox bool) (Ticket, error)
	// Get loads a ticket with its history.
	Get(ctx context.Context, id string) (Ticket, error)
	// Transition moves a ticket from one of from to to, recording who and
	// when; with claim, it also makes by the owner and fails with
	// ErrAlreadyClaimed when another owner holds it; with outbox it queues
	// the change for the provider's ticket system in the same step.
	Transition(ctx context.Context, id string, from []State, to State, action Action, by string, at time.Time, claim, outbox bool) (Ticket, error)
	// Amend stores t's draft as the ticket's, with a history entry, when
	// the ticket is in one of from and was last updated at prev
	// (ErrConflict otherwise); with outbox it queues the change for the
	// provider's ticket system in the same step.
	Amend(ctx context.Context, t Ticket, from []State, prev time.Time, entry HistoryEntry, outbox bool) (Ticket, error)
	// ListByClient returns a client user's tickets, newest first.
	ListByClient(ctx context.Context, org, platform, user string) ([]Ticket, error)
	// DeleteByClient removes all of a client user's tickets.
	DeleteByClient(ctx context.Context, org, platform, user string) (int, error)
	// PurgeClosed removes tickets closed before t.
	PurgeClosed(ctx context.Context, before time.Time) (int, error)
	// LinkMessage remembers that message (a staff notification) shows ticket
	// id and, when room is not empty, that room (a staff room's key) was
	// told of it, in one atomic step.
	LinkMessage(ctx context.Context, message, id, room string) error
	// ByMessage returns the ticket a message shows.
	ByMessage(ctx context.Context, message string) (string, error)
}

// Service is the ticket rules on top of a Store.
type Service struct {
	store  Store
	outbox bool
}

// NewService returns the ticket rules on store. With outbox, every new
// ticket and every change is queued for the provider's ticket system (see
// Webhook) in the same atomic step that stores it.
func NewService(store Store, outbox bool) *Service {
	return &Service{store: store, outbox: outbox}
}

// File files a callback ticket for client. A draft with the RequestID of
// one filed before files nothing and returns that ticket.
func (s *Service) File(ctx context.Context, client Client, d Draft, now time.Time) (Ticket, error) {
	if err := d.Validate(); err != nil {
		return Ticket{}, err
	}
	id, err := s.store.NextID(ctx, now)
	if err != nil {
		return Ticket{}, fmt.Errorf("file ticket: %w", err)
	}
	t := Ticket{ID: id, Client: client, Draft: d, State: StateOpen, Created: now, Updated: now,
		History: []HistoryEntry{{Action: ActionCreated, By: client.Platform + ":" + client.User, At: now}}}
	stored, err := s.store.Create(ctx, t, s.outbox)
	if err != nil {
		return Ticket{}, fmt.Errorf("file ticket %s: %w", id, err)
	}
	return stored, nil
}

// Claim makes staff member by the ticket's owner. Only staff may claim; of
// two staff claiming at the same moment one wins, the other gets
// ErrAlreadyClaimed.
func (s *Service) Claim(ctx context.Context, id string, by Actor, now time.Time) (Ticket, error) {
	return s.step(ctx, id, by, now, []State{StateOpen, StateClaimed}, StateClaimed, ActionClaimed, true)
}

// MarkCalled records that staff called the client back.
func (s *Service) MarkCalled(ctx context.Context, id string, by Actor, now time.Time) (Ticket, error) {
	return s.step(ctx, id, by, now, []State{StateOpen, StateClaimed}, StateCalled, ActionCalled, false)
}

// Close closes the ticket.
func (s *Service) Close(ctx context.Context, id string, by Actor, now time.Time) (Ticket, error) {
	return s.step(ctx, id, by, now, []State{StateOpen, StateClaimed, StateCalled}, StateClosed, ActionClosed, false)
}

// Withdraw closes a ticket at its client's wish ("ich brauche den Rückruf
// doch nicht"). Only the client who filed it may; for anyone else the
// ticket does not exist (ErrNotFound). A ticket already called or closed
// cannot be withdrawn (ErrInvalidTransition).
func (s *Service) Withdraw(ctx context.Context, id string, by Actor, now time.Time) (Ticket, error) {
	t, err := s.store.Get(ctx, id)
	if err != nil {
		return Ticket{}, fmt.Errorf("withdraw %s: %w", id, err)
	}
	if t.Client.Org != by.Org || t.Client.Platform != by.Platform || t.Client.User != by.User {
		return Ticket{}, fmt.Errorf("withdraw %s: %w", id, ErrNotFound)
	}
	t, err = s.store.Transition(ctx, id, []State{StateOpen, StateClaimed}, StateClosed, ActionWithdrawn, by.ID(), now, false, s.outbox)
	if err != nil {
		return Ticket{}, fmt.Errorf("withdraw %s: %w", id, err)
	}
	return t, nil
}

// Amendment is what a client changes of a request filed and not yet called
// back: zero fields stay as they are.
type Amendment struct {
	WindowStart, WindowEnd time.Time
	// Phone is the new number (E.164).
	Phone string
	// TopicAdd is added to the topic ("error 0x8004010F").
	TopicAdd string
}

// maxTopic bounds a topic with what was added to it.
const maxTopic = 500

// Amend changes the client's own request while staff have not called back
// yet: the time, the number, or an addition to the topic. Only the client
// who filed it may; for anyone else it does not exist (ErrNotFound). A
// request called back or closed cannot be changed (ErrInvalidTransition).
func (s *Service) Amend(ctx context.Context, id string, by Actor, a Amendment, now time.Time) (Ticket, error) {
	for range 3 {
		t, err := s.store.Get(ctx, id)
		if err != nil {
			return Ticket{}, fmt.Errorf("amend %s: %w", id, err)
		}
		if t.Client.Org != by.Org || t.Client.Platform != by.Platform || t.Client.User != by.User {
			return Ticket{}, fmt.Errorf("amend %s: %w", id, ErrNotFound)
		}
		prev := t.Updated
		if !a.WindowStart.IsZero() && a.WindowEnd.After(a.WindowStart) {
			t.Draft.WindowStart, t.Draft.WindowEnd, t.Draft.ASAP = a.WindowStart, a.WindowEnd, false
			t.Draft.AltStart, t.Draft.AltEnd = time.Time{}, time.Time{}
		}
		if a.Phone != "" {
			t.Draft.Phone = a.Phone
		}
		if a.TopicAdd != "" {
			t.Draft.Topic += "; " + a.TopicAdd
			if r := []rune(t.Draft.Topic); len(r) > maxTopic {
				t.Draft.Topic = string(r[:maxTopic])
			}
		}
		if err := t.Draft.Validate(); err != nil {
			return Ticket{}, fmt.Errorf("amend %s: %w", id, err)
		}
		t.Updated = now
		stored, err := s.store.Amend(ctx, t, []State{StateOpen, StateClaimed}, prev, HistoryEntry{Action: ActionAmended, By: by.ID(), At: now}, s.outbox)
		if errors.Is(err, ErrConflict) {
			continue
		}
		if err != nil {
			return Ticket{}, fmt.Errorf("amend %s: %w", id, err)
		}
		return stored, nil
	}
	return Ticket{}, fmt.Errorf("amend %s: %w", id, ErrConflict)
}

func (s *Service) step(ctx context.Context, id string, by Actor, now time.Time, from []State, to State, action Action, claim bool) (Ticket, error) {
	if !by.Staff {
		return Ticket{}, fmt.Errorf("%s %s: %w", action, id, ErrNotStaff)
	}
	t, err := s.store.Transition(ctx, id, from, to, action, by.ID(), now, claim, s.outbox)
	if err != nil {
		return Ticket{}, fmt.Errorf("%s %s: %w", action, id, err)
	}
	return t, nil
}

// ForClient returns the tickets the actor may see as a client: their own,
// newest first. Another user, even of the same organisation, sees none of
// them.
func (s *Service) ForClient(ctx context.Context, who Actor) ([]Ticket, error) {
	ts, err := s.store.ListByClient(ctx, who.Org, who.Platform, who.User)
	if err != nil {
		return nil, fmt.Errorf("tickets of client: %w", err)
	}
	// Defence in depth: the index is per client, and so is every ticket.
	return slices.DeleteFunc(ts, func(t Ticket) bool {
		return t.Client.Org != who.Org || t.Client.Platform != who.Platform || t.Client.User != who.User
	}), nil
}

// Forget deletes all tickets of the actor as a client.
func (s *Service) Forget(ctx context.Context, who Actor) (int, error) {
	n, err := s.store.DeleteByClient(ctx, who.Org, who.Platform, who.User)
	if err != nil {
		return 0, fmt.Errorf("forget client: %w", err)
	}
	return n, nil
}

// Purge deletes tickets closed longer ago than retention.
func (s *Service) Purge(ctx context.Context, retention time.Duration, now time.Time) (int, error) {
	n, err := s.store.PurgeClosed(ctx, now.Add(-retention))
	if err != nil {
		return 0, fmt.Errorf("purge closed tickets: %w", err)
	}
	return n, nil
}

// Link remembers that a staff notification message shows ticket id, and
// that room (a staff room's key; "" for none) was told of the ticket: see
// Ticket.Told.
func (s *Service) Link(ctx context.Context, message, id, room string) error {
	if err := s.store.LinkMessage(ctx, message, id, room); err != nil {
		return fmt.Errorf("link message to %s: %w", id, err)
	}
	return nil
}

// ByMessage returns the ticket a staff notification message shows.
func (s *Service) ByMessage(ctx context.Context, message string) (Ticket, error) {
	id, err := s.store.ByMessage(ctx, message)
	if err != nil {
		return Ticket{}, err
	}
	return s.store.Get(ctx, id)
}

// Get returns a ticket for staff.
func (s *Service) Get(ctx context.Context, id string, by Actor) (Ticket, error) {
	if !by.Staff {
		return Ticket{}, ErrNotStaff
	}
	return s.store.Get(ctx, id)
}
