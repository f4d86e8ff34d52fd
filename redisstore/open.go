package redisstore

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"

	"github.com/mspbot/mspbot/internal/redact"
)

// Connection is an open Redis client and what it runs on.
type Connection struct {
	// Client is the one client the process uses.
	Client redis.UniversalClient
	// Embedded is true when Client talks to the in-process store.
	Embedded bool
	// Mode is "embedded", "single", "sentinel" or "cluster".
	Mode string
	mini *miniredis.Miniredis
}

// Close closes the client and stops the embedded store.
func (c *Connection) Close() error {
	err := c.Client.Close()
	if c.mini != nil {
		c.mini.Close()
	}
	return err
}

// Open connects to the Redis that rawURL names. An empty rawURL starts an
// embedded, in-process Redis-compatible store (miniredis) on a loopback port
// and connects to it through the same go-redis client code, with keys
// expiring in real time; its data lives in memory only. Errors never quote
// the URL's password (url.Parse's do: they are masked).
//
// mode chooses the client: "single" (redis://, rediss://, unix://),
// "sentinel" (the URL's master_name parameter names the master; host and
// addr parameters are sentinels), "cluster" (host and addr parameters are
// seed nodes) or "" / "auto": sentinel when master_name is given, cluster
// when addr parameters are, single otherwise. A cluster client reloads its
// slot map as soon as a node fails or answers that the cluster changed
// (clusterRefresher), so it follows a failover within the failover's own
// time instead of go-redis' periodic 60 s.
func Open(rawURL, mode string) (*Connection, error) {
	if rawURL == "" {
		m := miniredis.NewMiniRedis()
		m.ClockTTL(true)
		if err := m.StartAddr("127.0.0.1:0"); err != nil {
			return nil, fmt.Errorf("start embedded store: %w", err)
		}
		c := redis.NewClient(&redis.Options{Addr: m.Addr(), DisableIdentity: true, Protocol: 2})
		return &Connection{Client: c, Embedded: true, Mode: "embedded", mini: m}, nil
	}
	if mode == "" || mode == "auto" {
		mode = "single"
		if u, err := url.Parse(rawURL); err == nil {
			q := u.Query()
			switch {
			case q.Get("master_name") != "":
				mode = "sentinel"
			case len(q["addr"]) > 0:
				mode = "cluster"
			}
		}
	}
	switch mode {
	case "single":
		o, err := redis.ParseURL(rawURL)
		if err != nil {
			return nil, fmt.Errorf("REDIS_URL: %w", redact.Error(err))
		}
		return &Connection{Client: redis.NewClient(o), Mode: mode}, nil
	case "sentinel":
		o, err := redis.ParseFailoverURL(rawURL)
		if err != nil {
			return nil, fmt.Errorf("REDIS_URL (sentinel): %w", redact.Error(err))
		}
		return &Connection{Client: redis.NewFailoverClient(o), Mode: mode}, nil
	case "cluster":
		o, err := redis.ParseClusterURL(rawURL)
		if err != nil {
			return nil, fmt.Errorf("REDIS_URL (cluster): %w", redact.Error(err))
		}
		if o.DialerRetries == 0 {
			// A node that refuses connections is gone; the refresher finds
			// its successor. Dialling it five times over (go-redis' default)
			// only makes each command wait longer for the new map.
			o.DialerRetries = 2
		}
		c := redis.NewClusterClient(o)
		watchTopology(c)
		return &Connection{Client: c, Mode: mode}, nil
	}
	return nil, fmt.Errorf("redis mode %q: want auto, single, sentinel or cluster", mode)
}

// WaitReady pings until Redis answers or ctx ends, backing off from 100 ms to
// 5 s between tries and logging each failure once in plain words.
func WaitReady(ctx context.Context, c redis.UniversalClient, log *slog.Logger) error {
	backoff := 100 * time.Millisecond
	for attempt := 1; ; attempt++ {
		pctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		err := c.Ping(pctx).Err()
		cancel()
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("redis did not answer: %w", errors.Join(err, ctx.Err()))
		}
		log.Warn("redis is not answering yet; retrying",
			"component", "redis", "attempt", attempt, "retry_in", backoff.String(), "err", redact.Text(err.Error()))
		t := time.NewTimer(backoff)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("redis did not answer: %w", errors.Join(err, ctx.Err()))
		case <-t.C:
		}
		backoff = min(backoff*2, 5*time.Second)
	}
}
