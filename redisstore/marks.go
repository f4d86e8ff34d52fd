package redisstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// Marks keeps flags with an expiry for the adapters, one key each
// (Keys.Mark): the Slack threads the bot answered in, the Slack users it
// welcomed. Each call is one command on one key, so it needs no script and
// runs on Redis Cluster as it is. It implements slack.Marks.
type Marks struct {
	rdb  redis.UniversalClient
	keys Keys
}

// NewMarks returns the flag store on rdb.
func NewMarks(rdb redis.UniversalClient, keys Keys) *Marks { return &Marks{rdb: rdb, keys: keys} }

// Mark sets the flag name for ttl, renewing it when set (SET … PX).
func (m *Marks) Mark(ctx context.Context, name string, ttl time.Duration) error {
	if err := m.rdb.Set(ctx, m.keys.Mark(name), "1", ttl).Err(); err != nil {
		return fmt.Errorf("mark %s: %w", name, err)
	}
	return nil
}

// MarkNew sets the flag name for ttl unless it is set (SET … NX PX) and
// reports whether it set it.
func (m *Marks) MarkNew(ctx context.Context, name string, ttl time.Duration) (bool, error) {
	err := m.rdb.SetArgs(ctx, m.keys.Mark(name), "1", redis.SetArgs{Mode: "NX", TTL: ttl}).Err()
	switch {
	case errors.Is(err, redis.Nil):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("mark %s: %w", name, err)
	}
	return true, nil
}

// Marked reports whether the flag name is set (EXISTS).
func (m *Marks) Marked(ctx context.Context, name string) (bool, error) {
	n, err := m.rdb.Exists(ctx, m.keys.Mark(name)).Result()
	if err != nil {
		return false, fmt.Errorf("marked %s: %w", name, err)
	}
	return n > 0, nil
}

// Unmark removes the flag name (DEL).
func (m *Marks) Unmark(ctx context.Context, name string) error {
	if err := m.rdb.Del(ctx, m.keys.Mark(name)).Err(); err != nil {
		return fmt.Errorf("unmark %s: %w", name, err)
	}
	return nil
}
