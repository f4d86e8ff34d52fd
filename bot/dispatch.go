package bot

import (
	"context"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"
)

// EventHandler runs one event; the Engine implements it.
type EventHandler interface {
	Handle(ctx context.Context, ev Event) (Outcome, error)
}

// Dispatcher runs events that an adapter has already acknowledged to its
// platform in the background: at most a fixed number of batches at a time,
// each batch in order, with a deadline of its own and a context that keeps
// the delivery's values but not its cancellation (a finished HTTP request
// must not abort an event half-way). Panics and events that could not be
// run are logged; duplicates at debug level. Safe for concurrent use.
type Dispatcher struct {
	slots   chan struct{}
	timeout time.Duration
	log     *slog.Logger
	wg      sync.WaitGroup
}

// NewDispatcher runs up to limit batches at once, each for at most timeout.
// log gets the failures (nil: slog.Default()).
func NewDispatcher(limit int, timeout time.Duration, log *slog.Logger) *Dispatcher {
	if log == nil {
		log = slog.Default()
	}
	return &Dispatcher{slots: make(chan struct{}, max(limit, 1)), timeout: timeout, log: log}
}

// TryAcquire takes a slot if one is free; a caller that gets none should ask
// the platform to deliver again later.
func (d *Dispatcher) TryAcquire() bool {
	select {
	case d.slots <- struct{}{}:
		return true
	default:
		return false
	}
}

// Acquire waits for a slot or for ctx to end.
func (d *Dispatcher) Acquire(ctx context.Context) bool {
	select {
	case d.slots <- struct{}{}:
		return true
	case <-ctx.Done():
		return false
	}
}

// Release gives back a slot that was acquired but not dispatched.
func (d *Dispatcher) Release() { <-d.slots }

// Dispatch hands evs, in order, to h in a background goroutine that holds
// the slot the caller acquired and gives it back when done.
func (d *Dispatcher) Dispatch(parent context.Context, h EventHandler, evs []Event) {
	d.wg.Go(func() {
		defer d.Release()
		ctx, cancel := context.WithTimeout(context.WithoutCancel(parent), d.timeout)
		defer cancel()
		for _, ev := range evs {
			d.run(ctx, h, ev)
		}
	})
}

// Wait waits for the batches still running.
func (d *Dispatcher) Wait() { d.wg.Wait() }

func (d *Dispatcher) run(ctx context.Context, h EventHandler, ev Event) {
	defer func() {
		if r := recover(); r != nil {
			d.log.LogAttrs(ctx, slog.LevelError, "engine panicked",
				slog.String("kind", string(ev.Kind)), slog.String("event_id", ev.ID),
				slog.Any("panic", r), slog.String("stack", string(debug.Stack())))
		}
	}()
	out, err := h.Handle(ctx, ev)
	if err != nil {
		d.log.LogAttrs(ctx, slog.LevelWarn, "event not handled",
			slog.String("kind", string(ev.Kind)), slog.String("event_id", ev.ID),
			slog.String("ref", out.Reference), slog.Any("err", err))
		return
	}
	if out.Duplicate {
		d.log.LogAttrs(ctx, slog.LevelDebug, "duplicate delivery ignored",
			slog.String("kind", string(ev.Kind)), slog.String("event_id", ev.ID))
	}
}
