package redisstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/redisstore"
)

// TestMarksContract: a flag is set, renewed, set only once with MarkNew,
// removed, and gone after its expiry, on Redis and on the embedded store.
func TestMarksContract(t *testing.T) {
	backends(t, func(t *testing.T, rdb redis.UniversalClient) {
		ctx := context.Background()
		keys := redisstore.Keys{Prefix: "t" + bot.NewID(4)}
		m := redisstore.NewMarks(rdb, keys)

		if ok, err := m.Marked(ctx, "slack:thread:C1:1.2"); err != nil || ok {
			t.Fatalf("Marked before Mark = %v, %v", ok, err)
		}
		if err := m.Mark(ctx, "slack:thread:C1:1.2", time.Minute); err != nil {
			t.Fatal(err)
		}
		if ok, err := m.Marked(ctx, "slack:thread:C1:1.2"); err != nil || !ok {
			t.Fatalf("Marked after Mark = %v, %v", ok, err)
		}
		if ttl := rdb.PTTL(ctx, keys.Mark("slack:thread:C1:1.2")).Val(); ttl <= 0 || ttl > time.Minute {
			t.Fatalf("expiry %v, want up to a minute", ttl)
		}
		// Mark renews.
		if err := m.Mark(ctx, "slack:thread:C1:1.2", time.Hour); err != nil {
			t.Fatal(err)
		}
		if ttl := rdb.PTTL(ctx, keys.Mark("slack:thread:C1:1.2")).Val(); ttl <= time.Minute {
			t.Fatalf("expiry after renewal %v, want about an hour", ttl)
		}

		first, err := m.MarkNew(ctx, "slack:welcomed:T1:U1", time.Hour)
		if err != nil || !first {
			t.Fatalf("first MarkNew = %v, %v", first, err)
		}
		if again, err := m.MarkNew(ctx, "slack:welcomed:T1:U1", time.Hour); err != nil || again {
			t.Fatalf("second MarkNew = %v, %v; want false", again, err)
		}
		if err := m.Unmark(ctx, "slack:welcomed:T1:U1"); err != nil {
			t.Fatal(err)
		}
		if first, err := m.MarkNew(ctx, "slack:welcomed:T1:U1", 50*time.Millisecond); err != nil || !first {
			t.Fatalf("MarkNew after Unmark = %v, %v", first, err)
		}
		deadline := time.Now().Add(5 * time.Second)
		for {
			ok, err := m.Marked(ctx, "slack:welcomed:T1:U1")
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the mark did not expire")
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
}
