package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/mspbot/mspbot/internal/redact"
)

// redisLog takes go-redis's own messages ("pool.go: failed to dial after 5
// attempts …"), which repeat what the bot reports itself in one line, and
// passes them to the default slog logger at debug level, with URL secrets
// masked. main installs it with redis.SetLogger.
type redisLog struct{}

// Printf implements go-redis's internal.Logging.
func (redisLog) Printf(ctx context.Context, format string, v ...any) {
	slog.Default().Log(ctx, slog.LevelDebug, redact.Text(fmt.Sprintf(format, v...)), "component", "redis")
}

// Back-off of the wait for Redis at start-up: from redisRetryMin, doubling,
// up to redisRetryMax; while it lasts a reminder every redisRemindEvery.
const (
	redisRetryMin    = 250 * time.Millisecond
	redisRetryMax    = 15 * time.Second
	redisRemindEvery = 5 * time.Minute
)

// redisWhere names the Redis of rawURL for a log line: host:port (the addr
// parameters of a Sentinel or Cluster URL too) or the socket path, never
// user info or a password.
func redisWhere(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return redact.URL(rawURL)
	}
	if u.Scheme == "unix" {
		return u.Path
	}
	hosts := append([]string{u.Host}, u.Query()["addr"]...)
	return redact.Text(strings.Join(hosts, ","))
}

// awaitRedis pings until Redis answers or ctx ends. While it does not, one
// warning says so (and a reminder every few minutes), retries back off
// exponentially, and a single line says when it answers again; requests
// meanwhile get "temporarily unavailable" and /readyz says not ready.
func (a *app) awaitRedis(ctx context.Context) error {
	where := redisWhere(a.cfg.RedisURL)
	backoff := redisRetryMin
	var down time.Time
	lastSaid := time.Time{}
	for {
		pctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		err := a.conn.Client.Ping(pctx).Err()
		cancel()
		if err == nil {
			if down.IsZero() {
				a.log.Info("redis is ready", "component", "redis")
			} else {
				a.log.Info(fmt.Sprintf("Redis at %s answers again; ready", where), "component", "redis",
					"down_for", time.Since(down).Round(time.Second).String())
			}
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("redis at %s did not answer: %w", where, ctx.Err())
		}
		now := time.Now()
		switch {
		case down.IsZero():
			down, lastSaid = now, now
			a.log.Warn(fmt.Sprintf("Redis at %s does not answer; retrying with back-off (up to every %s) until it does; until then messages get \"temporarily unavailable\" and /readyz says not ready",
				where, redisRetryMax), "component", "redis", "err", redact.Text(err.Error()))
		case now.Sub(lastSaid) >= redisRemindEvery:
			lastSaid = now
			a.log.Warn(fmt.Sprintf("Redis at %s still does not answer", where), "component", "redis",
				"down_for", now.Sub(down).Round(time.Second).String(), "err", redact.Text(err.Error()))
		default:
			a.log.Debug("redis still not answering", "component", "redis", "retry_in", backoff.String(), "err", redact.Text(err.Error()))
		}
		t := time.NewTimer(backoff)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("redis at %s did not answer: %w", where, ctx.Err())
		case <-t.C:
		}
		backoff = min(2*backoff, redisRetryMax)
	}
}

// startWhenRedisAnswers waits for Redis and only then starts the work that
// lives on it: the job runner, ticket and appointment retention, the PSA
// webhook and protocol reminders. Started earlier, each would report every
// failed poll while Redis is down.
func (a *app) startWhenRedisAnswers(ctx context.Context, wg *sync.WaitGroup) {
	wg.Go(func() {
		if err := a.awaitRedis(ctx); err != nil {
			return
		}
		a.startJobs(ctx, wg)
		a.startVendorJobs(ctx, wg)
		a.startProtocols(ctx, wg)
	})
}
