package teams

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/mspbot/mspbot/bot"
)

// DefaultThreadTTL is how long after its last answer in a channel thread
// the bot still follows the thread's replies without a mention.
const DefaultThreadTTL = 7 * 24 * time.Hour

// maxMemoryMarks bounds the in-memory marks; beyond it the expired ones
// are dropped, and when none has expired all of them.
const maxMemoryMarks = 100000

// Marks keeps the few facts the adapter must remember beyond one activity,
// as names with an expiry: the channel threads the bot answered someone in
// (teams:thread:<channel>:<root post>), whose replies it then follows
// without a mention, and the teams and chats it welcomed
// (teams:welcomed:<team or conversation>). With a shared store
// (redisstore.Marks on the bot's Redis) they survive restarts and are the
// same on every replica; without one (Options.Marks nil) the adapter keeps
// them in memory, per process.
type Marks interface {
	// Mark sets name for ttl, also when it is set already (renewing it).
	Mark(ctx context.Context, name string, ttl time.Duration) error
	// MarkNew sets name for ttl only if it is not set, and reports
	// whether it set it.
	MarkNew(ctx context.Context, name string, ttl time.Duration) (bool, error)
	// Marked reports whether name is set.
	Marked(ctx context.Context, name string) (bool, error)
	// Unmark removes name.
	Unmark(ctx context.Context, name string) error
}

// The names the adapter marks (the store adds its own prefix).
func threadMark(ref bot.Ref) string { return "teams:thread:" + ref.Channel + ":" + ref.Thread }
func welcomeMark(key string) string { return "teams:welcomed:" + key }

// markThread records, best effort, that the bot answered in to's thread.
// Teams delivers every channel message to an app with the RSC permission
// ChannelMessage.Read.Group; of those without a mention the adapter takes
// only the replies in such a thread, so that a client answers the bot's
// question ("Unter welcher Telefonnummer …?") without mentioning it again,
// while everything else in the team stays unread.
func (a *Adapter) markThread(ctx context.Context, to bot.Ref) {
	if err := a.marks.Mark(ctx, threadMark(to), a.threadTTL); err != nil {
		a.log.LogAttrs(ctx, slog.LevelWarn, "cannot remember the thread the bot answered in; replies there need a mention",
			slog.Any("err", err))
	}
}

// followUp passes a reply in a channel thread without a mention on to the
// engine when the bot answered in that thread, and drops it otherwise. It
// runs in the background, after the connector has its answer.
type followUp struct {
	a *Adapter
	e Engine
}

// Handle implements bot.EventHandler.
func (f followUp) Handle(ctx context.Context, ev bot.Event) (bot.Outcome, error) {
	in, err := f.a.marks.Marked(ctx, threadMark(ev.Ref))
	if err != nil {
		f.a.log.LogAttrs(ctx, slog.LevelWarn, "cannot tell whether the bot answered in this thread; reply ignored",
			slog.String("event_id", ev.ID), slog.Any("err", err))
		return bot.Outcome{}, nil
	}
	if !in {
		f.a.log.LogAttrs(ctx, slog.LevelDebug, "channel message without a mention outside the bot's threads ignored",
			slog.String("event_id", ev.ID))
		return bot.Outcome{}, nil
	}
	return f.e.Handle(ctx, ev)
}

// memoryMarks is the per-process Marks used without a shared store.
type memoryMarks struct {
	now func() time.Time
	mu  sync.Mutex
	exp map[string]time.Time
}

func newMemoryMarks(now func() time.Time) *memoryMarks {
	return &memoryMarks{now: now, exp: make(map[string]time.Time)}
}

// Mark implements Marks.
func (m *memoryMarks) Mark(_ context.Context, name string, ttl time.Duration) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.set(name, ttl)
	return nil
}

// MarkNew implements Marks.
func (m *memoryMarks) MarkNew(_ context.Context, name string, ttl time.Duration) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if e, ok := m.exp[name]; ok && m.now().Before(e) {
		return false, nil
	}
	m.set(name, ttl)
	return true, nil
}

// Marked implements Marks.
func (m *memoryMarks) Marked(_ context.Context, name string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.exp[name]
	return ok && m.now().Before(e), nil
}

// Unmark implements Marks.
func (m *memoryMarks) Unmark(_ context.Context, name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.exp, name)
	return nil
}

func (m *memoryMarks) set(name string, ttl time.Duration) {
	now := m.now()
	if _, ok := m.exp[name]; !ok && len(m.exp) >= maxMemoryMarks {
		for k, e := range m.exp {
			if !now.Before(e) {
				delete(m.exp, k)
			}
		}
		if len(m.exp) >= maxMemoryMarks {
			clear(m.exp)
		}
	}
	m.exp[name] = now.Add(ttl)
}
