package bot_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mspbot/mspbot/bot"
)

type handlerFunc func(ctx context.Context, ev bot.Event) (bot.Outcome, error)

func (f handlerFunc) Handle(ctx context.Context, ev bot.Event) (bot.Outcome, error) {
	return f(ctx, ev)
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestDispatcher: batches run in order in the background on a context that
// outlives the delivery's, at most limit at once; panics and failures are
// logged, and Wait waits for what runs.
func TestDispatcher(t *testing.T) {
	var logs lockedBuffer
	d := bot.NewDispatcher(2, time.Minute, slog.New(slog.NewTextHandler(&logs, nil)))
	var mu sync.Mutex
	var order []string
	release := make(chan struct{})
	h := handlerFunc(func(ctx context.Context, ev bot.Event) (bot.Outcome, error) {
		if ctx.Err() != nil {
			t.Errorf("%s ran on a cancelled context", ev.ID)
		}
		<-release
		mu.Lock()
		order = append(order, ev.ID)
		mu.Unlock()
		switch ev.ID {
		case "boom":
			panic("handler bug")
		case "fail":
			return bot.Outcome{}, errors.New("store down")
		}
		return bot.Outcome{}, nil
	})
	parent, cancel := context.WithCancel(context.Background())
	for _, batch := range [][]bot.Event{{{ID: "a"}, {ID: "b"}}, {{ID: "boom"}, {ID: "fail"}}} {
		if !d.TryAcquire() {
			t.Fatal("slot refused below the limit")
		}
		d.Dispatch(parent, h, batch)
	}
	cancel() // the deliveries are over; the work goes on
	if d.TryAcquire() {
		t.Fatal("a third slot was given at a limit of two")
	}
	close(release)
	d.Wait()
	got := strings.Join(order, ",")
	// Each batch in order; a panic ends only its own event.
	if slices.Index(order, "a") > slices.Index(order, "b") || slices.Index(order, "boom") > slices.Index(order, "fail") || len(order) != 4 {
		t.Fatalf("order %q", got)
	}
	if !d.TryAcquire() {
		t.Fatal("slots not given back")
	}
	d.Release()
	if s := logs.String(); !strings.Contains(s, "engine panicked") || !strings.Contains(s, "event not handled") {
		t.Fatalf("panic not logged: %s", s)
	}
}
