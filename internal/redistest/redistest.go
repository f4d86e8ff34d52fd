// Package redistest gives tests a real Redis connection: the server REDIS_URL
// names (default redis://127.0.0.1:6379), on a database number of the test
// package's own, flushed first. The project's test command (scripts/test)
// starts a Redis server when none answers. ha.go starts highly available
// set-ups of a test's own instead: a Redis Cluster and a Sentinel set-up of
// real redis-server processes, whose masters a test can kill.
package redistest

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// Databases used by the test packages, one each, so that packages running
// in parallel never flush each other's data.
const (
	DBRedisStore = 1
	DBEngine     = 2
	DBWeb        = 3
	DBHandlers   = 4
	DBEndToEnd   = 5
	DBCmd        = 6
	DBJobs       = 10
	DBTeams      = 13
	DBProtocols  = 14
)

// URL returns the base Redis URL tests use.
func URL() string {
	if u := os.Getenv("REDIS_URL"); u != "" {
		return u
	}
	return "redis://127.0.0.1:6379"
}

// Options returns the connection options for database db.
func Options(t testing.TB, db int) *redis.Options {
	t.Helper()
	o, err := redis.ParseURL(URL())
	if err != nil {
		t.Fatalf("REDIS_URL %q: %v", URL(), err)
	}
	o.DB = db
	return o
}

// Open connects to database db of the test Redis and flushes it. It fails
// the test when Redis does not answer: run the tests with scripts/test,
// which starts one.
func Open(t testing.TB, db int) *redis.Client {
	t.Helper()
	c := redis.NewClient(Options(t, db))
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := c.Ping(ctx).Err(); err != nil {
		t.Fatalf("no Redis at %s (database %d): %v; run the tests with ./scripts/test, which starts one", URL(), db, err)
	}
	if err := c.FlushDB(ctx).Err(); err != nil {
		t.Fatalf("flush Redis database %d: %v", db, err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// DBURL returns a URL for database db of the test Redis, for a binary under
// test.
func DBURL(t testing.TB, db int) string {
	t.Helper()
	o := Options(t, db)
	scheme := "redis"
	if o.TLSConfig != nil {
		scheme = "rediss"
	}
	u := scheme + "://"
	if o.Username != "" || o.Password != "" {
		u += o.Username + ":" + o.Password + "@"
	}
	return u + o.Addr + "/" + strconv.Itoa(db)
}
