package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
)

// HandlerFunc runs one job. Returning nil finishes it; an error makes it
// retried after a backoff (unless wrapped with Permanent or its retries are
// used up).
type HandlerFunc func(ctx context.Context, j Job) error

// RunnerOptions configure a Runner. Zero values mean the defaults.
type RunnerOptions struct {
	// Queue is the asynq queue name (default DefaultQueue); the same as
	// the Queue's.
	Queue string
	// Concurrency is how many jobs run at once in this process (default 4).
	Concurrency int
	// PollInterval is how often due and retrying jobs are looked for
	// (default 1 s): a job runs at most about this late.
	PollInterval time.Duration
	// MinBackoff is the wait before the first retry (default 10 s); it
	// doubles with every failure up to MaxBackoff (default 10 minutes).
	MinBackoff, MaxBackoff time.Duration
	// AlarmAfter is the number of consecutive failures of one job after
	// which OnAlarm is called, once (default 3).
	AlarmAfter int
	// OnAlarm is called when a job has failed AlarmAfter times; it keeps
	// being retried.
	OnAlarm func(ctx context.Context, j Job, failures int, err error)
	// OnGiveUp is called when a job has failed for the last time (retries
	// used up, or a Permanent error); it is kept as given up until the
	// queue's retention ends or it is cancelled.
	OnGiveUp func(ctx context.Context, j Job, err error)
	// ShutdownTimeout is how long Stop waits for running jobs (default
	// 10 s); a job cut off is run again later.
	ShutdownTimeout time.Duration
	// Logger gets the runner's and asynq's messages (default: discarded).
	Logger *slog.Logger
	// LogLevel is the lowest level of asynq's own messages passed on
	// (nil: warn).
	LogLevel slog.Leveler
	// Now is the clock (default time.Now). asynq keeps due times in whole
	// seconds, so a job may be handed over up to a second early; the
	// Runner then waits until its At.
	Now func() time.Time
}

// Runner runs the jobs of a queue with the handlers registered per type.
// Several Runners (processes) on one Redis run each job once.
type Runner struct {
	rc   redis.UniversalClient
	opts RunnerOptions

	mu       sync.Mutex
	handlers map[string]HandlerFunc
	srv      *asynq.Server
}

// NewRunner returns a Runner on rc, the bot's Redis client (not closed by
// the Runner). Register handlers, then Start.
func NewRunner(rc redis.UniversalClient, opts RunnerOptions) *Runner {
	if opts.Queue == "" {
		opts.Queue = DefaultQueue
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = 4
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = time.Second
	}
	if opts.MinBackoff <= 0 {
		opts.MinBackoff = 10 * time.Second
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = 10 * time.Minute
	}
	if opts.MaxBackoff < opts.MinBackoff {
		opts.MaxBackoff = opts.MinBackoff
	}
	if opts.AlarmAfter <= 0 {
		opts.AlarmAfter = 3
	}
	if opts.ShutdownTimeout <= 0 {
		opts.ShutdownTimeout = 10 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.LogLevel == nil {
		opts.LogLevel = slog.LevelWarn
	}
	return &Runner{rc: rc, opts: opts, handlers: map[string]HandlerFunc{}}
}

// Handle registers h for jobs of type typ; registering a type twice
// replaces the handler. Call it before Start.
func (r *Runner) Handle(typ string, h HandlerFunc) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.handlers[typ] = h
}

// Backoff is the wait before retry number n+1 after n earlier retries.
func (r *Runner) Backoff(n int) time.Duration {
	d := r.opts.MinBackoff
	for i := 0; i < n && d < r.opts.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, r.opts.MaxBackoff)
}

// Start begins running jobs in the background. It fails when the Runner
// is already started.
func (r *Runner) Start() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.srv != nil {
		return errors.New("jobs: runner already started")
	}
	srv := asynq.NewServerFromRedisClient(r.rc, asynq.Config{
		Concurrency:              r.opts.Concurrency,
		Queues:                   map[string]int{r.opts.Queue: 1},
		TaskCheckInterval:        r.opts.PollInterval,
		DelayedTaskCheckInterval: r.opts.PollInterval,
		RetryDelayFunc:           func(n int, _ error, _ *asynq.Task) time.Duration { return r.Backoff(n) },
		ErrorHandler:             asynq.ErrorHandlerFunc(r.failed),
		ShutdownTimeout:          r.opts.ShutdownTimeout,
		Logger:                   asynqLogger{l: r.opts.Logger, min: r.opts.LogLevel},
		LogLevel:                 asynq.DebugLevel,
	})
	if err := srv.Start(asynq.HandlerFunc(r.run)); err != nil {
		return fmt.Errorf("jobs: start runner: %w", err)
	}
	r.srv = srv
	r.opts.Logger.Info("job runner started", "component", "jobs", "queue", r.opts.Queue, "concurrency", r.opts.Concurrency)
	return nil
}

// Stop stops taking jobs, waits up to ShutdownTimeout for those running,
// and returns. A Runner cannot be started again; make a new one.
func (r *Runner) Stop() {
	r.mu.Lock()
	srv := r.srv
	r.mu.Unlock()
	if srv != nil {
		srv.Shutdown()
	}
}

// Run starts the Runner, runs until ctx ends, then stops it.
func (r *Runner) Run(ctx context.Context) error {
	if err := r.Start(); err != nil {
		return err
	}
	<-ctx.Done()
	r.Stop()
	return nil
}

func (r *Runner) run(ctx context.Context, t *asynq.Task) error {
	r.mu.Lock()
	h := r.handlers[t.Type()]
	r.mu.Unlock()
	j := jobOf(ctx, t)
	if h == nil {
		return Permanent(fmt.Errorf("jobs: no handler for job type %q", t.Type()))
	}
	if early := j.At.Sub(r.opts.Now()); j.Attempt == 0 && early > 0 && early <= 2*time.Second {
		tm := time.NewTimer(early)
		select {
		case <-tm.C:
		case <-ctx.Done():
			tm.Stop()
			return ctx.Err()
		}
	}
	return h(ctx, j)
}

func (r *Runner) failed(ctx context.Context, t *asynq.Task, err error) {
	j := jobOf(ctx, t)
	failures := j.Attempt + 1
	maxRetry, _ := asynq.GetMaxRetry(ctx)
	final := errors.Is(err, asynq.SkipRetry) || j.Attempt >= maxRetry
	r.opts.Logger.Warn("job failed", "component", "jobs", "type", j.Type, "job", j.ID,
		"failures", failures, "final", final, "retry_in", r.Backoff(j.Attempt).String(), "err", err.Error())
	// The run's context may be near its deadline: callbacks get their own.
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if failures == r.opts.AlarmAfter && r.opts.OnAlarm != nil {
		r.opts.OnAlarm(cctx, j, failures, err)
	}
	if final && r.opts.OnGiveUp != nil {
		r.opts.OnGiveUp(cctx, j, err)
	}
}

func jobOf(ctx context.Context, t *asynq.Task) Job {
	j := Job{Type: t.Type(), Payload: t.Payload()}
	j.ID, _ = asynq.GetTaskID(ctx)
	j.Attempt, _ = asynq.GetRetryCount(ctx)
	j.MaxRetry, _ = asynq.GetMaxRetry(ctx)
	if at, ok := t.Headers()[atHeader]; ok {
		j.At, _ = time.Parse(time.RFC3339Nano, at)
	}
	return j
}

// asynqLogger passes asynq's messages to slog.
type asynqLogger struct {
	l   *slog.Logger
	min slog.Leveler
}

func (a asynqLogger) log(level slog.Level, args []any) {
	if level < a.min.Level() {
		return
	}
	a.l.Log(context.Background(), level, fmt.Sprint(args...), "component", "asynq")
}

func (a asynqLogger) Debug(args ...any) { a.log(slog.LevelDebug, args) }
func (a asynqLogger) Info(args ...any)  { a.log(slog.LevelInfo, args) }
func (a asynqLogger) Warn(args ...any)  { a.log(slog.LevelWarn, args) }
func (a asynqLogger) Error(args ...any) { a.log(slog.LevelError, args) }

// Fatal is called by asynq on errors it cannot go on from; it is logged,
// never an exit of the bot.
func (a asynqLogger) Fatal(args ...any) { a.log(slog.LevelError+4, args) }
