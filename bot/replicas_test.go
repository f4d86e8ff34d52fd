package bot_test

import (
	"context"
	"errors"
	"net"
	"os/exec"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/internal/redistest"
	"github.com/mspbot/mspbot/redisstore"
)

// TestUserLimitAcrossReplicas: the per-user limit (MSPBOT_RATE_USER) counts
// a user's events in Redis, so two replicas behind a load balancer share
// it. Issue 16 found 8 + 8 messages to two replicas with a limit of 10 and
// none refused; now exactly 10 are handled, and the user is told once in the
// window, by whichever replica saw the 11th.
func TestUserLimitAcrossReplicas(t *testing.T) {
	rdb := redistest.Open(t, redistest.DBEngine)
	keys := redisstore.Keys{Prefix: "r" + bot.NewID(4)}
	var handled atomic.Int64
	h := bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		handled.Add(1)
		_, err := rw.Reply(ctx, bot.Reply{Text: "ok"})
		return err
	})
	var replicas [2]*bot.Engine
	var recs [2]*recorder
	for i := range replicas {
		replicas[i] = bot.NewEngine(redisstore.NewSessions(rdb, redisstore.SessionOptions{Keys: keys}), h,
			bot.EngineOptions{UserLimit: 10, RateWindow: time.Minute})
		recs[i] = &recorder{}
		replicas[i].Register("test", recs[i])
	}
	ctx := context.Background()
	limited := 0
	for i := range 16 {
		// The user writes in several conversations; the load balancer
		// alternates between the replicas.
		out, err := replicas[i%2].Handle(ctx, msg("c"+strconv.Itoa(i%3), "spammer", "hi"))
		if err != nil {
			t.Fatal(err)
		}
		if out.Limited {
			limited++
		}
	}
	if handled.Load() != 10 || limited != 6 {
		t.Fatalf("handled %d, limited %d across two replicas; want 10 and 6", handled.Load(), limited)
	}
	told := 0
	for _, r := range recs {
		for _, s := range r.texts() {
			if strings.Contains(s, "sehr viele Nachrichten") {
				told++
			}
		}
	}
	if told != 1 {
		t.Fatalf("the user was told %d times, want once in the window", told)
	}
	// Another user, on either replica, is not limited.
	for _, e := range replicas {
		if out, _ := e.Handle(ctx, msg("c9", "someone-else", "hi")); out.Limited {
			t.Fatal("another user was limited")
		}
	}
}

// ownRedis is a redis-server of the test's own (in memory), for tests that
// turn it into a read-only replica, as a failover does for a moment.
type ownRedis struct {
	addr string
	cmd  *exec.Cmd
	rdb  *redis.Client
}

func startOwnRedis(t *testing.T) *ownRedis {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		t.Skip("redis-server not installed (scripts/test installs it)")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	_ = ln.Close()
	r := &ownRedis{addr: "127.0.0.1:" + strconv.Itoa(port)}
	r.cmd = exec.Command("redis-server", "--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.cmd.Process.Kill(); _ = r.cmd.Wait() })
	r.rdb = redis.NewClient(&redis.Options{Addr: r.addr})
	t.Cleanup(func() { _ = r.rdb.Close() })
	deadline := time.Now().Add(10 * time.Second)
	for r.rdb.Ping(context.Background()).Err() != nil {
		if time.Now().After(deadline) {
			t.Fatal("redis-server did not come up")
		}
		time.Sleep(20 * time.Millisecond)
	}
	return r
}

// readOnlyFor makes the server a replica of a master that is not there for
// d: every write is refused with READONLY, as during a failover, and the
// data stays. It returns at once.
func (r *ownRedis) readOnlyFor(t *testing.T, d time.Duration) {
	t.Helper()
	if err := r.rdb.Do(context.Background(), "REPLICAOF", "127.0.0.1", "1").Err(); err != nil {
		t.Fatal(err)
	}
	time.AfterFunc(d, func() { _ = r.rdb.Do(context.Background(), "REPLICAOF", "NO", "ONE").Err() })
}

// readOnlyAtRelease is the real session store on a server that turns
// read-only just before the next release.
type readOnlyAtRelease struct {
	*redisstore.Sessions
	srv    *ownRedis
	t      *testing.T
	outage time.Duration
	armed  atomic.Bool
}

func (s *readOnlyAtRelease) Release(ctx context.Context, r bot.Release) error {
	if s.armed.CompareAndSwap(true, false) {
		s.srv.readOnlyFor(s.t, s.outage)
	}
	return s.Sessions.Release(ctx, r)
}

// TestReleaseRidesOutAFailover: the release meets a Redis that refuses
// writes for a second (READONLY, as in a failover; issue 16 saw CLUSTERDOWN).
// It is retried, the answer stands, and the next message is answered at
// once instead of after the lock's 30 seconds.
func TestReleaseRidesOutAFailover(t *testing.T) {
	srv := startOwnRedis(t)
	h := bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		req.Session.State = []byte(`{"said":"` + req.Event.Text + `"}`)
		_, err := rw.Reply(ctx, bot.Reply{Text: "ok " + req.Event.Text})
		return err
	})
	store := &readOnlyAtRelease{Sessions: redisstore.NewSessions(srv.rdb, redisstore.SessionOptions{}), srv: srv, t: t, outage: time.Second}
	store.armed.Store(true)
	e := bot.NewEngine(store, h, bot.EngineOptions{}) // default lock TTL: 30 s
	rec := &recorder{}
	e.Register("test", rec)
	out, err := e.Handle(context.Background(), msg("c-1", "u-1", "first"))
	if err != nil || out.Failed {
		t.Errorf("first message: failed=%v %v; want it answered and kept despite the read-only second", out.Failed, err)
	}
	// The user writes again once the failover is over.
	for srv.rdb.Set(context.Background(), "probe", "1", 0).Err() != nil {
		time.Sleep(20 * time.Millisecond)
	}
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err = e.Handle(ctx, msg("c-1", "u-1", "second"))
	if err != nil || out.Failed || time.Since(start) > 2*time.Second {
		t.Fatalf("second message: %+v %v after %s; want it answered at once", out, err, time.Since(start).Round(time.Millisecond))
	}
	sess, _ := store.Load(context.Background(), bot.Ref{Platform: "test", Channel: "c-1"}, "u-1")
	if string(sess.State) != `{"said":"second"}` || sess.Version != 2 {
		t.Fatalf("session = %s v%d, want both turns saved", sess.State, sess.Version)
	}
}

// TestReleaseFailsLockLeaseRunsOut: when the release fails for longer than
// it is retried, the user is told the service is temporarily unavailable
// (ErrUnavailable, 503 on the API), and the lock left behind runs out with
// its lease (LockLease), not after the 30 s LockTTL: the redelivery of the
// same event, once Redis is back, takes the event over and runs at once.
func TestReleaseFailsLockLeaseRunsOut(t *testing.T) {
	srv := startOwnRedis(t)
	var runs atomic.Int64
	h := bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		runs.Add(1)
		req.Session.State = []byte(`{"said":"` + req.Event.Text + `"}`)
		_, err := rw.Reply(ctx, bot.Reply{Text: "ok " + req.Event.Text})
		return err
	})
	store := &readOnlyAtRelease{Sessions: redisstore.NewSessions(srv.rdb, redisstore.SessionOptions{}), srv: srv, t: t, outage: 1500 * time.Millisecond}
	store.armed.Store(true)
	e := bot.NewEngine(store, h, bot.EngineOptions{LockLease: time.Second, ReleaseRetry: 200 * time.Millisecond, Texts: bot.Texts{Unavailable: "try later"}})
	rec := &recorder{}
	e.Register("test", rec)
	ev := msg("c-1", "u-1", "first")
	ev.ID = "ev-1"
	out, err := e.Handle(context.Background(), ev)
	if !errors.Is(err, bot.ErrUnavailable) || out.Replies[len(out.Replies)-1].Text != "try later" {
		t.Fatalf("first message: %+v %v; want ErrUnavailable and the user told", out, err)
	}
	for srv.rdb.Set(context.Background(), "probe", "1", 0).Err() != nil {
		time.Sleep(20 * time.Millisecond)
	}
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err = e.Handle(ctx, ev) // the redelivery (a retry of the same event)
	if err != nil || out.Duplicate || runs.Load() != 2 || time.Since(start) > 2*time.Second {
		t.Fatalf("redelivery: %+v %v, runs %d, after %s; want it run again within the lease", out, err, runs.Load(), time.Since(start).Round(time.Millisecond))
	}
	if out, _ := e.Handle(ctx, ev); !out.Duplicate || runs.Load() != 2 {
		t.Fatalf("a third delivery: %+v, runs %d; want a duplicate", out, runs.Load())
	}
}

// TestLockRenewedWhileHandlerRuns: the lock is taken for its lease and
// renewed while the handler runs, so a handler longer than the lease keeps
// its conversation, and another message waits for it.
func TestLockRenewedWhileHandlerRuns(t *testing.T) {
	rdb := redistest.Open(t, redistest.DBEngine)
	var running, overlap atomic.Int64
	h := bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		if running.Add(1) > 1 {
			overlap.Add(1)
		}
		defer running.Add(-1)
		if req.Event.Text == "slow" {
			time.Sleep(1500 * time.Millisecond)
		}
		_, err := rw.Reply(ctx, bot.Reply{Text: "ok"})
		return err
	})
	e, _, _ := newEngine(t, rdb, h, bot.EngineOptions{LockLease: 300 * time.Millisecond, LockWait: 10 * time.Second})
	done := make(chan error, 1)
	go func() { _, err := e.Handle(context.Background(), msg("c-1", "u-1", "slow")); done <- err }()
	time.Sleep(500 * time.Millisecond) // past the first lease
	if _, err := e.Handle(context.Background(), msg("c-1", "u-1", "fast")); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if overlap.Load() != 0 {
		t.Fatal("a second event ran in the conversation while the first, renewing its lock, still ran")
	}
}
