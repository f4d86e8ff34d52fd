package redisstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mspbot/mspbot/internal/redistest"
)

func TestTopologyChanged(t *testing.T) {
	live := context.Background()
	done, cancel := context.WithCancel(context.Background())
	cancel()
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	cases := []struct {
		ctx  context.Context
		err  error
		want bool
	}{
		{live, nil, false},
		{live, redis.Nil, false},
		{live, errors.New("ERR wrong number of arguments"), false},
		{live, redis.TxFailedErr, false},
		{live, fmt.Errorf("claim: %w", refused), true},
		{live, io.EOF, true},
		{live, &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}, true},
		{done, refused, false}, // the caller gave up: says nothing about the cluster
	}
	for _, c := range cases {
		if got := topologyChanged(c.ctx, c.err); got != c.want {
			t.Errorf("topologyChanged(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}

func TestRefresherIsRateLimited(t *testing.T) {
	n := 0
	r := &clusterRefresher{interval: time.Hour, reload: func() { n++ }}
	for range 100 {
		r.trigger()
	}
	if n != 1 {
		t.Fatalf("%d reloads for 100 failures within the interval, want 1", n)
	}
}

// TestClusterClientFollowsFailover kills the master of a key's slot: the
// client Open returns writes to the key again as soon as the replica has
// taken over (go-redis alone keeps dialling the dead master until its
// periodic reload, up to a minute later; that is logged for comparison).
func TestClusterClientFollowsFailover(t *testing.T) {
	c := redistest.StartCluster(t, redistest.ClusterOptions{Masters: 3, Replicas: 1})
	conn, err := Open(c.URL(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	plain := redis.NewClusterClient(&redis.ClusterOptions{Addrs: c.Seeds()})
	defer plain.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	const key = "mspbot:{tickets}:seq:26"
	for _, cl := range []redis.UniversalClient{conn.Client, plain} {
		if err := cl.Incr(ctx, key).Err(); err != nil {
			t.Fatal(err)
		}
	}
	t0 := time.Now()
	old, err := c.KillMasterOf(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	// Writes go on meanwhile, as users' messages would.
	back := make(chan time.Duration, 1)
	go func() {
		for ctx.Err() == nil {
			cctx, cancel := context.WithTimeout(ctx, 2*time.Second)
			err := conn.Client.Incr(cctx, key).Err()
			cancel()
			if err == nil {
				back <- time.Since(t0)
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	}()
	if err := c.WaitFailover(ctx, key, old); err != nil {
		t.Fatal(err)
	}
	failover := time.Since(t0)
	var recovered time.Duration
	select {
	case recovered = <-back:
	case <-time.After(5 * time.Second):
		t.Fatalf("writes still fail 5 s after the failover (%.1f s)", failover.Seconds())
	}
	if recovered > failover+2*time.Second {
		t.Errorf("writes back %.1f s after the kill; the failover took %.1f s", recovered.Seconds(), failover.Seconds())
	}
	pctx, pcancel := context.WithTimeout(ctx, 3*time.Second)
	perr := plain.Incr(pctx, key).Err()
	pcancel()
	t.Logf("failover %.1f s; writes through Open's client back after %.1f s; go-redis alone right after the failover: %v",
		failover.Seconds(), recovered.Seconds(), perr)
}
