package jobs_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"

	"github.com/mspbot/mspbot/internal/redistest"
	"github.com/mspbot/mspbot/jobs"
	"github.com/mspbot/mspbot/redisstore"
)

// backends are the Redis servers the tests run on: the real one, and the
// embedded miniredis the bot uses without REDIS_URL.
var backends = []struct {
	name string
	open func(t *testing.T) redis.UniversalClient
}{
	{"redis", func(t *testing.T) redis.UniversalClient { return redistest.Open(t, redistest.DBJobs) }},
	{"miniredis", func(t *testing.T) redis.UniversalClient {
		m := miniredis.NewMiniRedis()
		m.ClockTTL(true)
		if err := m.StartAddr("127.0.0.1:0"); err != nil {
			t.Fatal(err)
		}
		c := redis.NewClient(&redis.Options{Addr: m.Addr(), DisableIdentity: true, Protocol: 2})
		t.Cleanup(func() { _ = c.Close(); m.Close() })
		return c
	}},
	// A Redis Cluster of the test's own, through the bot's own client: every
	// asynq script and multi-key command must keep to one slot (the queue's
	// hash tag); the cluster refuses any that does not (CROSSSLOT).
	{"cluster", func(t *testing.T) redis.UniversalClient {
		c := redistest.StartCluster(t, redistest.ClusterOptions{Masters: 3, Replicas: -1})
		conn, err := redisstore.Open(c.URL(), "")
		if err != nil {
			t.Fatal(err)
		}
		conn.Client.AddHook(crossSlot{t})
		t.Cleanup(func() { _ = conn.Close() })
		return conn.Client
	}},
}

// crossSlot fails the test on any command the cluster refuses for keys in
// different slots.
type crossSlot struct{ t *testing.T }

func (c crossSlot) DialHook(next redis.DialHook) redis.DialHook { return next }

func (c crossSlot) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		err := next(ctx, cmd)
		c.check(cmd, err)
		return err
	}
}

func (c crossSlot) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		err := next(ctx, cmds)
		for _, cmd := range cmds {
			c.check(cmd, cmd.Err())
		}
		return err
	}
}

func (c crossSlot) check(cmd redis.Cmder, err error) {
	if err != nil && strings.Contains(err.Error(), "CROSSSLOT") {
		c.t.Errorf("refused by the cluster: %.300v: %v", cmd.Args(), err)
	}
}

// each runs f once per backend. The real-Redis tests share one database,
// so they do not run in parallel.
func each(t *testing.T, f func(t *testing.T, rc redis.UniversalClient)) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) { f(t, b.open(t)) })
	}
}

func logger() *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.DiscardHandler)
}

// recorder counts runs per job ID and tells waiters about each.
type recorder struct {
	mu   sync.Mutex
	runs map[string][]jobs.Job
	when map[string][]time.Time
	ch   chan string
}

func newRecorder() *recorder {
	return &recorder{runs: map[string][]jobs.Job{}, when: map[string][]time.Time{}, ch: make(chan string, 1000)}
}

func (r *recorder) record(j jobs.Job) {
	r.mu.Lock()
	r.runs[j.ID] = append(r.runs[j.ID], j)
	r.when[j.ID] = append(r.when[j.ID], time.Now())
	r.mu.Unlock()
	r.ch <- j.ID
}

func (r *recorder) count(id string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.runs[id])
}

// waitFor waits until job id has run n times in total.
func (r *recorder) waitFor(t *testing.T, id string, n int, within time.Duration) {
	t.Helper()
	deadline := time.NewTimer(within)
	defer deadline.Stop()
	for r.count(id) < n {
		select {
		case <-r.ch:
		case <-deadline.C:
			t.Fatalf("job %s ran %d times within %s, want %d", id, r.count(id), within, n)
		}
	}
}

func runner(t *testing.T, rc redis.UniversalClient, rec *recorder, opts jobs.RunnerOptions) *jobs.Runner {
	t.Helper()
	opts.PollInterval = 100 * time.Millisecond
	if opts.MinBackoff == 0 {
		opts.MinBackoff = 100 * time.Millisecond
	}
	opts.Logger = logger()
	opts.ShutdownTimeout = 2 * time.Second
	r := jobs.NewRunner(rc, opts)
	r.Handle("test", func(_ context.Context, j jobs.Job) error { rec.record(j); return nil })
	if err := r.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Stop)
	return r
}

func bg(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// waitState polls the job's state until it is want (the queue records a
// job's end just after its handler and callbacks return).
func waitState(t *testing.T, q *jobs.Queue, id string, want jobs.State) jobs.Info {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		in, err := q.Info(bg(t), id)
		if err != nil {
			t.Fatal(err)
		}
		if in.State == want {
			return in
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %s: %+v, want state %s", id, in, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestScheduledJobRunsOnceOnTime(t *testing.T) {
	each(t, func(t *testing.T, rc redis.UniversalClient) {
		q := jobs.NewQueue(rc, jobs.QueueOptions{})
		rec := newRecorder()
		runner(t, rc, rec, jobs.RunnerOptions{})
		at := time.Now().Add(time.Second)
		if err := q.Schedule(bg(t), jobs.Job{Type: "test", ID: "a", Payload: []byte(`{"x":1}`), At: at}); err != nil {
			t.Fatal(err)
		}
		// Scheduled twice: still one job.
		if err := q.Schedule(bg(t), jobs.Job{Type: "test", ID: "a", Payload: []byte(`{"x":2}`), At: at}); err != nil {
			t.Fatal(err)
		}
		rec.waitFor(t, "a", 1, 10*time.Second)
		rec.mu.Lock()
		j, when := rec.runs["a"][0], rec.when["a"][0]
		rec.mu.Unlock()
		if when.Before(at) {
			t.Fatalf("ran at %s, before its time %s", when.Format(time.StampMilli), at.Format(time.StampMilli))
		}
		if string(j.Payload) != `{"x":1}` || j.Type != "test" || !j.At.Equal(at.UTC().Round(0)) || j.Attempt != 0 {
			t.Fatalf("handler got %+v", j)
		}
		// Scheduled again after it ran: still not run again. A later job
		// that has run shows the queue has moved on past it.
		if err := q.Schedule(bg(t), jobs.Job{Type: "test", ID: "a"}); err != nil {
			t.Fatal(err)
		}
		if err := q.Schedule(bg(t), jobs.Job{Type: "test", ID: "sentinel", At: time.Now().Add(300 * time.Millisecond)}); err != nil {
			t.Fatal(err)
		}
		rec.waitFor(t, "sentinel", 1, 10*time.Second)
		if n := rec.count("a"); n != 1 {
			t.Fatalf("job a ran %d times, want 1", n)
		}
		waitState(t, q, "a", jobs.StateDone)
	})
}

func TestCancelledJobDoesNotRun(t *testing.T) {
	each(t, func(t *testing.T, rc redis.UniversalClient) {
		q := jobs.NewQueue(rc, jobs.QueueOptions{})
		rec := newRecorder()
		runner(t, rc, rec, jobs.RunnerOptions{})
		if err := q.Cancel(bg(t), "never-scheduled"); err != nil {
			t.Fatalf("cancel of an unknown job: %v", err)
		}
		at := time.Now().Add(time.Second)
		for _, id := range []string{"cancelled", "moved"} {
			if err := q.Schedule(bg(t), jobs.Job{Type: "test", ID: id, Payload: []byte("old"), At: at}); err != nil {
				t.Fatal(err)
			}
		}
		if in, err := q.Info(bg(t), "cancelled"); err != nil || in.State != jobs.StateScheduled {
			t.Fatalf("info before cancel %+v %v", in, err)
		}
		if err := q.Cancel(bg(t), "cancelled"); err != nil {
			t.Fatal(err)
		}
		// Re-scheduling = Cancel + Schedule: the new payload and time count.
		if err := q.Cancel(bg(t), "moved"); err != nil {
			t.Fatal(err)
		}
		if err := q.Schedule(bg(t), jobs.Job{Type: "test", ID: "moved", Payload: []byte("new"), At: at.Add(500 * time.Millisecond)}); err != nil {
			t.Fatal(err)
		}
		rec.waitFor(t, "moved", 1, 10*time.Second)
		if n := rec.count("cancelled"); n != 0 {
			t.Fatalf("cancelled job ran %d times", n)
		}
		rec.mu.Lock()
		got := string(rec.runs["moved"][0].Payload)
		rec.mu.Unlock()
		if got != "new" {
			t.Fatalf("moved job ran with payload %q", got)
		}
		if in, err := q.Info(bg(t), "cancelled"); err != nil || in.State != jobs.StateUnknown {
			t.Fatalf("info after cancel %+v %v", in, err)
		}
	})
}

func TestFailingJobIsRetried(t *testing.T) {
	each(t, func(t *testing.T, rc redis.UniversalClient) {
		q := jobs.NewQueue(rc, jobs.QueueOptions{})
		rec := newRecorder()
		var mu sync.Mutex
		var alarms []int
		r := jobs.NewRunner(rc, jobs.RunnerOptions{PollInterval: 100 * time.Millisecond, MinBackoff: 100 * time.Millisecond,
			MaxBackoff: 200 * time.Millisecond, AlarmAfter: 2, Logger: logger(),
			OnAlarm: func(_ context.Context, j jobs.Job, failures int, _ error) {
				mu.Lock()
				alarms = append(alarms, failures)
				mu.Unlock()
			},
			OnGiveUp: func(context.Context, jobs.Job, error) { t.Error("gave up on a job that succeeds on the third run") }})
		r.Handle("flaky", func(_ context.Context, j jobs.Job) error {
			rec.record(j)
			if j.Attempt < 2 {
				return fmt.Errorf("directory not reachable (attempt %d)", j.Attempt)
			}
			return nil
		})
		if err := r.Start(); err != nil {
			t.Fatal(err)
		}
		defer r.Stop()
		if err := q.Schedule(bg(t), jobs.Job{Type: "flaky", ID: "f", MaxRetry: 5}); err != nil {
			t.Fatal(err)
		}
		rec.waitFor(t, "f", 3, 15*time.Second)
		waitState(t, q, "f", jobs.StateDone)
		rec.mu.Lock()
		defer rec.mu.Unlock()
		if len(rec.runs["f"]) != 3 {
			t.Fatalf("ran %d times, want 3", len(rec.runs["f"]))
		}
		for i, j := range rec.runs["f"] {
			if j.Attempt != i || j.MaxRetry != 5 {
				t.Fatalf("run %d: attempt %d, max retry %d", i, j.Attempt, j.MaxRetry)
			}
		}
		mu.Lock()
		defer mu.Unlock()
		if len(alarms) != 1 || alarms[0] != 2 {
			t.Fatalf("alarms %v, want one after 2 failures", alarms)
		}
	})
}

func TestGiveUp(t *testing.T) {
	each(t, func(t *testing.T, rc redis.UniversalClient) {
		q := jobs.NewQueue(rc, jobs.QueueOptions{})
		gaveUp := make(chan string, 10)
		runs := map[string]int{}
		var mu sync.Mutex
		r := jobs.NewRunner(rc, jobs.RunnerOptions{PollInterval: 100 * time.Millisecond, MinBackoff: 50 * time.Millisecond,
			Logger: logger(), OnGiveUp: func(_ context.Context, j jobs.Job, err error) { gaveUp <- j.ID + ": " + err.Error() }})
		r.Handle("broken", func(_ context.Context, j jobs.Job) error {
			mu.Lock()
			runs[j.ID]++
			mu.Unlock()
			if j.ID == "perm" {
				return jobs.Permanent(errors.New("account does not exist"))
			}
			return errors.New("still failing")
		})
		if err := r.Start(); err != nil {
			t.Fatal(err)
		}
		defer r.Stop()
		for _, j := range []jobs.Job{{Type: "broken", ID: "retry2", MaxRetry: 2}, {Type: "broken", ID: "perm"}, {Type: "no-handler", ID: "orphan"}} {
			if err := q.Schedule(bg(t), j); err != nil {
				t.Fatal(err)
			}
		}
		got := map[string]bool{}
		timeout := time.After(15 * time.Second)
		for len(got) < 3 {
			select {
			case s := <-gaveUp:
				got[s] = true
			case <-timeout:
				t.Fatalf("gave up on %v, want 3 jobs", got)
			}
		}
		for _, want := range []string{"retry2: still failing", "perm: account does not exist", `orphan: jobs: no handler for job type "no-handler"`} {
			if !got[want] {
				t.Errorf("no give-up %q in %v", want, got)
			}
		}
		mu.Lock()
		defer mu.Unlock()
		if runs["retry2"] != 3 || runs["perm"] != 1 {
			t.Fatalf("runs %v, want retry2 3 (1 + 2 retries), perm 1", runs)
		}
		if in := waitState(t, q, "retry2", jobs.StateGivenUp); in.LastErr != "still failing" || in.Retried != 2 {
			t.Fatalf("info %+v", in)
		}
	})
}

func TestRestartSurvival(t *testing.T) {
	each(t, func(t *testing.T, rc redis.UniversalClient) {
		q := jobs.NewQueue(rc, jobs.QueueOptions{})
		first := newRecorder()
		r1 := runner(t, rc, first, jobs.RunnerOptions{})
		at := time.Now().Add(1500 * time.Millisecond)
		if err := q.Schedule(bg(t), jobs.Job{Type: "test", ID: "disable-VA-1", At: at, MaxRetry: 1 << 20}); err != nil {
			t.Fatal(err)
		}
		r1.Stop()
		if time.Now().After(at) {
			t.Skip("the machine was too slow to stop the first runner before the job was due")
		}
		second := newRecorder()
		runner(t, rc, second, jobs.RunnerOptions{})
		second.waitFor(t, "disable-VA-1", 1, 10*time.Second)
		if first.count("disable-VA-1") != 0 {
			t.Fatal("the stopped runner ran the job")
		}
	})
}

func TestTwoRunnersRunEachJobOnce(t *testing.T) {
	each(t, func(t *testing.T, rc redis.UniversalClient) {
		q := jobs.NewQueue(rc, jobs.QueueOptions{})
		rec := newRecorder()
		runner(t, rc, rec, jobs.RunnerOptions{Concurrency: 3})
		runner(t, rc, rec, jobs.RunnerOptions{Concurrency: 3})
		at := time.Now().Add(time.Second)
		const n = 30
		for i := 0; i < n; i++ {
			if err := q.Schedule(bg(t), jobs.Job{Type: "test", ID: fmt.Sprintf("j%02d", i), At: at}); err != nil {
				t.Fatal(err)
			}
		}
		for i := 0; i < n; i++ {
			rec.waitFor(t, fmt.Sprintf("j%02d", i), 1, 15*time.Second)
		}
		if err := q.Schedule(bg(t), jobs.Job{Type: "test", ID: "sentinel", At: time.Now().Add(300 * time.Millisecond)}); err != nil {
			t.Fatal(err)
		}
		rec.waitFor(t, "sentinel", 1, 10*time.Second)
		for i := 0; i < n; i++ {
			if c := rec.count(fmt.Sprintf("j%02d", i)); c != 1 {
				t.Errorf("job j%02d ran %d times", i, c)
			}
		}
	})
}

func TestNamespacesAreSeparate(t *testing.T) {
	rc := redistest.Open(t, redistest.DBJobs)
	other := jobs.NewQueue(rc, jobs.QueueOptions{Name: "otherbot"})
	rec := newRecorder()
	runner(t, rc, rec, jobs.RunnerOptions{}) // queue "mspbot"
	if err := other.Schedule(bg(t), jobs.Job{Type: "test", ID: "theirs"}); err != nil {
		t.Fatal(err)
	}
	if err := jobs.NewQueue(rc, jobs.QueueOptions{}).Schedule(bg(t), jobs.Job{Type: "test", ID: "ours", At: time.Now().Add(200 * time.Millisecond)}); err != nil {
		t.Fatal(err)
	}
	rec.waitFor(t, "ours", 1, 10*time.Second)
	if rec.count("theirs") != 0 {
		t.Fatal("a runner ran another queue's job")
	}
	if in, err := other.Info(bg(t), "theirs"); err != nil || in.State != jobs.StatePending {
		t.Fatalf("other queue's job %+v %v", in, err)
	}
	keys, err := rc.Keys(bg(t), "asynq:{otherbot}:t:theirs").Result()
	if err != nil || len(keys) != 1 {
		t.Fatalf("job key %v %v", keys, err)
	}
}

func TestInvalidJobs(t *testing.T) {
	rc := redistest.Open(t, redistest.DBJobs)
	q := jobs.NewQueue(rc, jobs.QueueOptions{})
	for _, j := range []jobs.Job{{ID: "x"}, {Type: "t"}, {Type: "t", ID: "a b"}, {Type: "has space", ID: "x"}} {
		if err := q.Schedule(bg(t), j); !errors.Is(err, jobs.ErrInvalid) {
			t.Errorf("Schedule(%+v) = %v, want ErrInvalid", j, err)
		}
	}
}

func TestBackoff(t *testing.T) {
	r := jobs.NewRunner(nil, jobs.RunnerOptions{MinBackoff: time.Second, MaxBackoff: 10 * time.Second})
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 10 * time.Second, 10 * time.Second}
	for n, w := range want {
		if got := r.Backoff(n); got != w {
			t.Errorf("Backoff(%d) = %s, want %s", n, got, w)
		}
	}
	if got := r.Backoff(1 << 30); got != 10*time.Second {
		t.Errorf("Backoff(huge) = %s", got)
	}
}

func TestCancelRunningJob(t *testing.T) {
	rc := redistest.Open(t, redistest.DBJobs)
	q := jobs.NewQueue(rc, jobs.QueueOptions{})
	started, release := make(chan struct{}), make(chan struct{})
	r := jobs.NewRunner(rc, jobs.RunnerOptions{PollInterval: 100 * time.Millisecond, Logger: logger(), ShutdownTimeout: 2 * time.Second})
	r.Handle("slow", func(context.Context, jobs.Job) error {
		close(started)
		<-release
		return nil
	})
	if err := r.Start(); err != nil {
		t.Fatal(err)
	}
	defer r.Stop()
	if err := q.Schedule(bg(t), jobs.Job{Type: "slow", ID: "s"}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-started:
	case <-time.After(10 * time.Second):
		t.Fatal("job did not start")
	}
	err := q.Cancel(bg(t), "s")
	close(release)
	if !errors.Is(err, jobs.ErrRunning) {
		t.Fatalf("Cancel of a running job = %v, want ErrRunning", err)
	}
	waitState(t, q, "s", jobs.StateDone)
	if err := q.Cancel(bg(t), "s"); err != nil {
		t.Fatalf("Cancel of a finished job: %v", err)
	}
	if in, err := q.Info(bg(t), "s"); err != nil || in.State != jobs.StateUnknown {
		t.Fatalf("after cancel %+v %v", in, err)
	}
}
