package tickets

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/mspbot/mspbot/internal/redact"
)

// Job is one queued delivery of a ticket change to the provider's ticket
// system.
type Job struct {
	// Key identifies the job and is the delivery's idempotency key:
	// "<ticket id>|<action>|<history position>".
	Key      string
	TicketID string
	Action   Action
	Attempts int
}

// Outbox is the durable queue of deliveries; the ticket store fills it in
// the same atomic step that changes a ticket.
type Outbox interface {
	// ClaimJobs leases up to limit due jobs for lease.
	ClaimJobs(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]Job, error)
	// JobDone removes a delivered job.
	JobDone(ctx context.Context, j Job) error
	// JobRetry makes a failed job due again at at.
	JobRetry(ctx context.Context, j Job, at time.Time) error
}

// WebhookOptions configure a Webhook. Zero values mean the defaults.
type WebhookOptions struct {
	// URL receives a POST per ticket change.
	URL string
	// Secret signs each body: header X-Mspbot-Signature: sha256=<hex HMAC>.
	Secret string
	// Client sends the requests (default: 10 s timeout).
	Client *http.Client
	// Interval between polls of the outbox (default 1 s).
	Interval time.Duration
	// MaxBackoff caps the wait between attempts (default 10 min).
	MaxBackoff time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Logger gets delivery failures, the URL's secrets masked; never
	// ticket contents.
	Logger *slog.Logger
}

// Webhook delivers queued ticket changes to the provider's ticket system
// (PSA): JSON signed with HMAC-SHA256, retried with exponential backoff
// until accepted (2xx), each with an idempotency key so the PSA can drop a
// repeat.
type Webhook struct {
	outbox Outbox
	store  Store
	opts   WebhookOptions
}

// NewWebhook returns a deliverer from outbox, loading tickets from store.
func NewWebhook(outbox Outbox, store Store, opts WebhookOptions) *Webhook {
	if opts.Client == nil {
		opts.Client = &http.Client{Timeout: 10 * time.Second}
	}
	if opts.Interval <= 0 {
		opts.Interval = time.Second
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = 10 * time.Minute
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	return &Webhook{outbox: outbox, store: store, opts: opts}
}

// Payload is the JSON body the PSA receives.
type Payload struct {
	Event          Action `json:"event"`
	IdempotencyKey string `json:"idempotency_key"`
	Ticket         Ticket `json:"ticket"`
}

// Run delivers due jobs until ctx ends.
func (w *Webhook) Run(ctx context.Context) {
	t := time.NewTicker(w.opts.Interval)
	defer t.Stop()
	for {
		if _, err := w.DeliverDue(ctx); err != nil && ctx.Err() == nil {
			w.opts.Logger.Warn("ticket webhook: outbox unavailable", "component", "webhook", "err", redact.Error(err))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// DeliverDue delivers the jobs due now and returns how many were accepted.
func (w *Webhook) DeliverDue(ctx context.Context) (int, error) {
	jobs, err := w.outbox.ClaimJobs(ctx, w.opts.Now(), 2*time.Minute, 20)
	if err != nil {
		return 0, err
	}
	done := 0
	for _, j := range jobs {
		err := w.deliver(ctx, j)
		switch {
		case err == nil:
			done++
			if err := w.outbox.JobDone(ctx, j); err != nil {
				return done, err
			}
		case errors.Is(err, ErrNotFound):
			// The ticket was deleted (retention or the client's wish):
			// there is nothing left to send.
			if err := w.outbox.JobDone(ctx, j); err != nil {
				return done, err
			}
		default:
			wait := w.backoff(j.Attempts)
			// The error quotes the URL (Go's client does): its user info
			// and secret parameters (?apikey=…) are masked.
			w.opts.Logger.Warn("ticket webhook delivery failed; will retry", "component", "webhook",
				"job", j.Key, "attempt", j.Attempts+1, "retry_in", wait.String(), "err", redact.Error(err))
			if err := w.outbox.JobRetry(ctx, j, w.opts.Now().Add(wait)); err != nil {
				return done, err
			}
		}
	}
	return done, nil
}

func (w *Webhook) backoff(attempts int) time.Duration {
	d := time.Second << min(attempts, 20)
	return min(d, w.opts.MaxBackoff)
}

// Sign returns the signature header value for body.
func Sign(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

func (w *Webhook) deliver(ctx context.Context, j Job) error {
	t, err := w.store.Get(ctx, j.TicketID)
	if err != nil {
		return err
	}
	body, err := json.Marshal(Payload{Event: j.Action, IdempotencyKey: j.Key, Ticket: t})
	if err != nil {
		return fmt.Errorf("encode: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.opts.URL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", j.Key)
	req.Header.Set("X-Mspbot-Event", string(j.Action))
	req.Header.Set("X-Mspbot-Signature", Sign(w.opts.Secret, body))
	res, err := w.opts.Client.Do(req)
	if err != nil {
		return fmt.Errorf("post: %w", err)
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	_ = res.Body.Close()
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return fmt.Errorf("post: %s", res.Status)
	}
	return nil
}
