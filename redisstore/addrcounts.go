package redisstore

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// AddrCounts counts the web chat's events per client address in Redis, so
// that every replica counts against the same limit (Keys.AddrRate). Each
// count is one round trip: rateScript increments the counter and, on the
// window's first event, sets its expiry. It implements web.AddrCounter.
type AddrCounts struct {
	rdb  redis.UniversalClient
	keys Keys
}

// NewAddrCounts returns the counters per client address on rdb.
func NewAddrCounts(rdb redis.UniversalClient, keys Keys) *AddrCounts {
	return &AddrCounts{rdb: rdb, keys: keys}
}

// Hit counts one event of key and returns the count in key's current
// window, which began with its first event and lasts window: the first
// event of a window sets the expiry, later ones do not move it.
func (c *AddrCounts) Hit(ctx context.Context, key string, window time.Duration) (int64, error) {
	n, err := rateScript.Run(ctx, c.rdb, []string{c.keys.AddrRate(key)}, ms(window)).Int64()
	if err != nil {
		return 0, fmt.Errorf("count client address: %w", err)
	}
	return n, nil
}
