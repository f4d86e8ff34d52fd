// Package jobs is mspbot's durable job queue: reminders and the vendor
// account's enable and disable steps, run at a given time, once across all
// replicas, surviving restarts, retried with backoff until they succeed or
// their retries run out.
//
// It is a thin, typed wrapper around github.com/hibiken/asynq on the bot's
// own Redis client (asynq.NewClientFromRedisClient and
// NewServerFromRedisClient). A Queue schedules and cancels jobs; a Runner
// runs the handlers registered per job type.
//
// Redis keys: asynq's key names are fixed and start with "asynq:"; what
// can be chosen is the queue name, which every per-job key carries in a hash
// tag: asynq:{<queue>}:t:<job id>, asynq:{<queue>}:scheduled, :pending,
// :active, :lease, :retry, :archived, :completed, :processed…, :failed…,
// plus asynq's shared asynq:queues, asynq:servers, asynq:workers and
// asynq:servers:{…} / asynq:workers:{…} heartbeats. The queue name defaults
// to "mspbot" (cmd passes the key prefix), so bots sharing a Redis with
// different prefixes keep their jobs apart.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
)

// Job is one unit of work.
type Job struct {
	// Type selects the handler ("vendor.enable", "reminder").
	Type string
	// ID identifies the job; scheduling an ID that is already scheduled,
	// running or finished within the queue's retention does nothing.
	ID string
	// Payload is handed to the handler as is.
	Payload []byte
	// At is when the job is due; zero or past means now.
	At time.Time
	// MaxRetry is how often a failing job is retried (0: DefaultMaxRetry;
	// negative: never). For a job that must not give up, set it high: the
	// Runner's MaxBackoff caps the wait between attempts.
	MaxRetry int
	// Timeout limits one run (default 5 minutes).
	Timeout time.Duration

	// Attempt is set for handlers: 0 on the first run, n on the n-th retry.
	Attempt int
}

// DefaultMaxRetry is the number of retries of a Job with MaxRetry 0.
const DefaultMaxRetry = 10

// DefaultQueue is the queue name when none is given.
const DefaultQueue = "mspbot"

// DefaultRetention is how long a finished job's ID is remembered.
const DefaultRetention = 14 * 24 * time.Hour

// ErrInvalid wraps a job that cannot be scheduled as given.
var ErrInvalid = errors.New("jobs: invalid job")

// ErrRunning is returned by Cancel for a job that is running right now.
var ErrRunning = errors.New("jobs: job is running")

// Permanent marks a handler error as final: the job is not retried and
// OnGiveUp is called at once.
func Permanent(err error) error { return permanent{err} }

type permanent struct{ err error }

func (p permanent) Error() string   { return p.err.Error() }
func (p permanent) Unwrap() []error { return []error{p.err, asynq.SkipRetry} }

const atHeader = "mspbot-at"

// QueueOptions configure a Queue. Zero values mean the defaults.
type QueueOptions struct {
	// Name is the asynq queue (default DefaultQueue): the namespace of the
	// job keys. Queue and Runner must use the same.
	Name string
	// Retention is how long finished jobs (and their IDs) are kept, so that
	// scheduling the same ID again does not run it twice (default
	// DefaultRetention).
	Retention time.Duration
	// Logger gets scheduling failures; never payloads.
	Logger *slog.Logger
}

// Queue schedules and cancels jobs.
type Queue struct {
	client *asynq.Client
	insp   *asynq.Inspector
	opts   QueueOptions
}

// NewQueue returns a Queue on rc, the bot's Redis client (not closed by
// the Queue).
func NewQueue(rc redis.UniversalClient, opts QueueOptions) *Queue {
	if opts.Name == "" {
		opts.Name = DefaultQueue
	}
	if opts.Retention <= 0 {
		opts.Retention = DefaultRetention
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Queue{client: asynq.NewClientFromRedisClient(rc), insp: asynq.NewInspectorFromRedisClient(rc), opts: opts}
}

// Schedule stores j to run at j.At. Scheduling an ID that is already
// known (scheduled, running, retrying, finished within the retention) is not
// an error and changes nothing; to change a scheduled job, Cancel it and
// Schedule it again.
func (q *Queue) Schedule(ctx context.Context, j Job) error {
	if err := validate(j); err != nil {
		return err
	}
	maxRetry := j.MaxRetry
	switch {
	case maxRetry == 0:
		maxRetry = DefaultMaxRetry
	case maxRetry < 0:
		maxRetry = 0
	}
	timeout := j.Timeout
	if timeout <= 0 {
		timeout = 5 * time.Minute
	}
	var headers map[string]string
	if !j.At.IsZero() {
		headers = map[string]string{atHeader: j.At.UTC().Format(time.RFC3339Nano)}
	}
	t := asynq.NewTaskWithHeaders(j.Type, j.Payload, headers)
	opts := []asynq.Option{asynq.Queue(q.opts.Name), asynq.TaskID(j.ID), asynq.MaxRetry(maxRetry),
		asynq.Timeout(timeout), asynq.Retention(q.opts.Retention)}
	if !j.At.IsZero() {
		opts = append(opts, asynq.ProcessAt(j.At))
	}
	_, err := q.client.EnqueueContext(ctx, t, opts...)
	switch {
	case err == nil, errors.Is(err, asynq.ErrTaskIDConflict):
		return nil
	default:
		return fmt.Errorf("jobs: schedule %s %s: %w", j.Type, j.ID, err)
	}
}

// Cancel removes the job with this ID, whatever its state (scheduled,
// waiting for a retry, given up, finished). An unknown ID is not an error.
// A job running at this moment is not interrupted: Cancel returns
// ErrRunning.
func (q *Queue) Cancel(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	err := q.insp.DeleteTask(q.opts.Name, id)
	switch {
	case err == nil, errors.Is(err, asynq.ErrTaskNotFound), errors.Is(err, asynq.ErrQueueNotFound):
		return nil
	case strings.Contains(err.Error(), "active"):
		return fmt.Errorf("jobs: cancel %s: %w", id, ErrRunning)
	default:
		return fmt.Errorf("jobs: cancel %s: %w", id, err)
	}
}

// State is what the queue knows about a job.
type State string

// States of a job.
const (
	StateUnknown   State = ""
	StateScheduled State = "scheduled"
	StatePending   State = "pending"
	StateActive    State = "active"
	StateRetry     State = "retry"
	StateGivenUp   State = "given-up"
	StateDone      State = "done"
)

// Info describes one job.
type Info struct {
	State State
	// NextRun is when it is due next (scheduled or retry).
	NextRun time.Time
	// Retried counts the failed runs so far; LastErr is the last error.
	Retried int
	LastErr string
}

// Info reports the state of the job with this ID (StateUnknown when the
// queue does not know it).
func (q *Queue) Info(ctx context.Context, id string) (Info, error) {
	if err := ctx.Err(); err != nil {
		return Info{}, err
	}
	ti, err := q.insp.GetTaskInfo(q.opts.Name, id)
	switch {
	case errors.Is(err, asynq.ErrTaskNotFound), errors.Is(err, asynq.ErrQueueNotFound):
		return Info{}, nil
	case err != nil:
		return Info{}, fmt.Errorf("jobs: info %s: %w", id, err)
	}
	in := Info{NextRun: ti.NextProcessAt, Retried: ti.Retried, LastErr: ti.LastErr}
	switch ti.State {
	case asynq.TaskStateScheduled:
		in.State = StateScheduled
	case asynq.TaskStatePending, asynq.TaskStateAggregating:
		in.State = StatePending
	case asynq.TaskStateActive:
		in.State = StateActive
	case asynq.TaskStateRetry:
		in.State = StateRetry
	case asynq.TaskStateArchived:
		in.State = StateGivenUp
	case asynq.TaskStateCompleted:
		in.State = StateDone
	}
	return in, nil
}

func validate(j Job) error {
	if j.Type == "" || len(j.Type) > 100 || strings.ContainsFunc(j.Type, unicode.IsSpace) {
		return fmt.Errorf("%w: type %q", ErrInvalid, j.Type)
	}
	if j.ID == "" || len(j.ID) > 200 || strings.ContainsFunc(j.ID, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return fmt.Errorf("%w: id %q", ErrInvalid, j.ID)
	}
	return nil
}
