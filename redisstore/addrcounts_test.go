package redisstore_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/redisstore"
)

// TestAddrCountsContract: Hit counts the events of one key in a window that
// starts with the key's first event: the count rises by one per event, the
// key expires with the window, whose expiry the first event sets and later
// ones (even with a longer window) do not move, other keys count apart, and
// once the key has expired the count starts at 1 again. On Redis and on the
// embedded store.
func TestAddrCountsContract(t *testing.T) {
	backends(t, func(t *testing.T, rdb redis.UniversalClient) {
		ctx := context.Background()
		keys := redisstore.Keys{Prefix: "t" + bot.NewID(4)}
		c := redisstore.NewAddrCounts(rdb, keys)
		for i := range 3 {
			n, err := c.Hit(ctx, "chat:a", time.Minute)
			if err != nil || n != int64(i+1) {
				t.Fatalf("hit %d of chat:a = %d, %v; want %d", i+1, n, err, i+1)
			}
		}
		ttl := rdb.PTTL(ctx, keys.AddrRate("chat:a")).Val()
		if ttl <= 0 || ttl > time.Minute {
			t.Fatalf("chat:a expires in %v, want within the minute of its window", ttl)
		}
		// A later event does not move the window's end.
		if n, err := c.Hit(ctx, "chat:a", time.Hour); err != nil || n != 4 {
			t.Fatalf("hit 4 of chat:a = %d, %v", n, err)
		}
		if ttl := rdb.PTTL(ctx, keys.AddrRate("chat:a")).Val(); ttl <= 0 || ttl > time.Minute {
			t.Fatalf("after a hit with an hour's window chat:a expires in %v; the first hit's minute must stay", ttl)
		}
		// Other keys count apart.
		if n, err := c.Hit(ctx, "chat:b", time.Minute); err != nil || n != 1 {
			t.Fatalf("first hit of chat:b = %d, %v", n, err)
		}
		if n, err := c.Hit(ctx, "visitors:a", time.Hour); err != nil || n != 1 {
			t.Fatalf("first hit of visitors:a = %d, %v", n, err)
		}
		if n, err := redisstore.NewAddrCounts(rdb, redisstore.Keys{Prefix: keys.Prefix + "x"}).Hit(ctx, "chat:a", time.Minute); err != nil || n != 1 {
			t.Fatalf("chat:a under another prefix = %d, %v; want 1", n, err)
		}
		// An expired window starts over.
		if n, err := c.Hit(ctx, "chat:short", 50*time.Millisecond); err != nil || n != 1 {
			t.Fatalf("first hit of chat:short = %d, %v", n, err)
		}
		deadline := time.Now().Add(5 * time.Second)
		for rdb.Exists(ctx, keys.AddrRate("chat:short")).Val() == 1 {
			if time.Now().After(deadline) {
				t.Fatal("chat:short did not expire")
			}
			time.Sleep(20 * time.Millisecond)
		}
		if n, err := c.Hit(ctx, "chat:short", time.Minute); err != nil || n != 1 {
			t.Fatalf("hit of chat:short after its window = %d, %v; want 1", n, err)
		}
	})
}

// TestAddrRateKeys: each key is counted under its own hash tag (so on Redis
// Cluster it lands in a slot of its own, and braces in it cannot change
// the tag), after the prefix like every key.
func TestAddrRateKeys(t *testing.T) {
	k := redisstore.Keys{Prefix: "p"}
	if got, want := k.AddrRate("chat:Zm9v"), "p:{addr:chat:Zm9v}:rate"; got != want {
		t.Fatalf("AddrRate = %q, want %q", got, want)
	}
	if got, want := k.AddrRate("a}b{c"), "p:{addr:a%7Db%7Bc}:rate"; got != want {
		t.Fatalf("AddrRate with braces = %q, want %q", got, want)
	}
	if got := (redisstore.Keys{}).AddrRate("chat:x"); got != "mspbot:{addr:chat:x}:rate" {
		t.Fatalf("AddrRate with the default prefix = %q", got)
	}
}

// runAddrCounts counts addresses spread over the slots on the cluster.
func runAddrCounts(t *testing.T, ctx context.Context, rdb redis.UniversalClient) {
	t.Helper()
	c := redisstore.NewAddrCounts(rdb, redisstore.Keys{})
	for i := range 12 {
		key := "chat:" + strconv.Itoa(i)
		for j := range 2 {
			if n, err := c.Hit(ctx, key, time.Minute); err != nil || n != int64(j+1) {
				t.Fatalf("hit %d of %s on the cluster = %d, %v", j+1, key, n, err)
			}
		}
	}
}
