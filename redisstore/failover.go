package redisstore

import (
	"context"
	"errors"
	"io"
	"net"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// refreshInterval is the least time between two slot-map reloads the
// refresher asks for.
const refreshInterval = 200 * time.Millisecond

// clusterRefresher makes a ClusterClient follow a failover at once.
//
// go-redis reloads the cluster's slot map every 60 s, or when a node answers
// MOVED or READONLY. A master that died answers nothing: commands for its
// slots keep dialling it ("failed to dial after 5 attempts: connection
// refused") until the next periodic reload, long after its replica took
// over, and the job runner on the same client is stuck the same way. The
// refresher is a hook on every node's client: a dial that fails, a
// connection that breaks or times out, and the answers of a cluster in
// change (CLUSTERDOWN, TRYAGAIN, MASTERDOWN, MOVED, ASK, READONLY, LOADING)
// ask the ClusterClient to reload its map (ReloadState, in the background),
// at most once per refreshInterval. The next attempt of the same command
// already goes to the new master, so users wait about as long as the
// failover itself (Open also dials a refusing node twice, not five times).
type clusterRefresher struct {
	reload   func()
	interval time.Duration
	last     atomic.Int64 // unix ns of the last reload asked for
	reloads  atomic.Int64 // reloads asked for, for tests
}

// watchTopology adds the refresher to every node client of c.
func watchTopology(c *redis.ClusterClient) *clusterRefresher {
	r := &clusterRefresher{interval: refreshInterval, reload: func() { c.ReloadState(context.Background()) }}
	c.OnNewNode(func(node *redis.Client) { node.AddHook(r) })
	return r
}

// trigger asks for a reload unless one was asked for within the interval.
func (r *clusterRefresher) trigger() {
	now := time.Now().UnixNano()
	last := r.last.Load()
	if now-last < r.interval.Nanoseconds() || !r.last.CompareAndSwap(last, now) {
		return
	}
	r.reloads.Add(1)
	r.reload()
}

// DialHook implements redis.Hook.
func (r *clusterRefresher) DialHook(next redis.DialHook) redis.DialHook {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := next(ctx, network, addr)
		if err != nil && ctx.Err() == nil {
			r.trigger()
		}
		return conn, err
	}
}

// ProcessHook implements redis.Hook.
func (r *clusterRefresher) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		err := next(ctx, cmd)
		if topologyChanged(ctx, err) {
			r.trigger()
		}
		return err
	}
}

// ProcessPipelineHook implements redis.Hook.
func (r *clusterRefresher) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		err := next(ctx, cmds)
		changed := topologyChanged(ctx, err)
		for _, c := range cmds {
			changed = changed || topologyChanged(ctx, c.Err())
		}
		if changed {
			r.trigger()
		}
		return err
	}
}

// topologyChanged reports whether err may mean that the node is gone or no
// longer serves the slot: a network error (not the caller's own deadline)
// or an answer of a cluster in change.
func topologyChanged(ctx context.Context, err error) bool {
	switch {
	case err == nil, errors.Is(err, redis.Nil), ctx.Err() != nil:
		return false
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return true
	case redis.IsClusterDownError(err), redis.IsTryAgainError(err), redis.IsMasterDownError(err),
		redis.IsReadOnlyError(err), redis.IsLoadingError(err):
		return true
	}
	if _, ok := redis.IsMovedError(err); ok {
		return true
	}
	if _, ok := redis.IsAskError(err); ok {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne)
}
