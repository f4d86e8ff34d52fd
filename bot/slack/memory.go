package slack

import (
	"context"
	"sync"
	"time"
)

// Marks keeps the few facts the adapter must remember beyond one event, as
// keys with an expiry: the channel threads the bot has answered in (which it
// then follows without a new mention) and the users it has welcomed. With a
// shared store (redisstore.Marks on the bot's Redis) they survive restarts
// and are the same on every replica; without one (Options.Marks nil) the
// adapter keeps them in memory, per process.
type Marks interface {
	// Mark sets key for ttl, also when it is set already (renewing it).
	Mark(ctx context.Context, key string, ttl time.Duration) error
	// MarkNew sets key for ttl only if it is not set, and reports whether
	// it set it.
	MarkNew(ctx context.Context, key string, ttl time.Duration) (bool, error)
	// Marked reports whether key is set.
	Marked(ctx context.Context, key string) (bool, error)
	// Unmark removes key.
	Unmark(ctx context.Context, key string) error
}

// The keys the adapter marks (the store adds its own prefix).
func threadKey(channel, thread string) string { return "slack:thread:" + channel + ":" + thread }
func welcomeKey(team, user string) string     { return "slack:welcomed:" + team + ":" + user }

// maxMemoryMarks bounds the in-memory marks; beyond it expired ones are
// dropped, and when none has expired the oldest half goes.
const maxMemoryMarks = 50000

// memoryMarks is the per-process Marks used without a shared store.
type memoryMarks struct {
	mu  sync.Mutex
	m   map[string]time.Time // key -> expiry
	now func() time.Time
}

func newMemoryMarks(now func() time.Time) *memoryMarks {
	return &memoryMarks{m: make(map[string]time.Time), now: now}
}

func (s *memoryMarks) Mark(_ context.Context, key string, ttl time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.set(key, ttl)
	return nil
}

func (s *memoryMarks) MarkNew(_ context.Context, key string, ttl time.Duration) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if exp, ok := s.m[key]; ok && s.now().Before(exp) {
		return false, nil
	}
	s.set(key, ttl)
	return true, nil
}

func (s *memoryMarks) Marked(_ context.Context, key string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	exp, ok := s.m[key]
	return ok && s.now().Before(exp), nil
}

func (s *memoryMarks) Unmark(_ context.Context, key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, key)
	return nil
}

func (s *memoryMarks) set(key string, ttl time.Duration) {
	now := s.now()
	if _, ok := s.m[key]; !ok && len(s.m) >= maxMemoryMarks {
		for k, exp := range s.m {
			if !now.Before(exp) {
				delete(s.m, k)
			}
		}
		if len(s.m) >= maxMemoryMarks {
			cut := now.Add(ttl / 2)
			for k, exp := range s.m {
				if exp.Before(cut) {
					delete(s.m, k)
				}
			}
		}
	}
	s.m[key] = now.Add(ttl)
}

// maxAskers bounds the remembered authors of recent messages.
const maxAskers = 10000

// askers remembers who wrote the messages the bot is answering (channel and
// ts -> user), so that a reply Slack refuses to deliver can be explained to
// its reader in a message only they see. It starts afresh when full.
type askers struct {
	mu sync.Mutex
	m  map[string]string
}

func (c *askers) put(channel, ts, user string) {
	if channel == "" || ts == "" || user == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxAskers {
		c.m = make(map[string]string)
	}
	c.m[channel+"/"+ts] = user
}

// take returns the author of channel/ts and forgets it, so that they are
// told once.
func (c *askers) take(channel, ts string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	u := c.m[channel+"/"+ts]
	delete(c.m, channel+"/"+ts)
	return u
}
