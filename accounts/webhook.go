package accounts

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/mspbot/mspbot/internal/redact"
)

// WebhookOptions configure a Webhook. Zero values mean the defaults.
type WebhookOptions struct {
	// URL receives the POSTs (http or https; required).
	URL string
	// Secret signs each body (required, at least 16 characters).
	Secret string
	// Timeout limits one request (default 15 s).
	Timeout time.Duration
	// Client sends the requests (default: an http.Client with Timeout).
	Client *http.Client
	// Now is the clock for sent_at (default time.Now).
	Now func() time.Time
	// Logger gets one line per call (default: discarded).
	Logger *slog.Logger
}

// Webhook POSTs each enable or disable request as JSON to the provider's
// URL:
//
//	{"action":"enable","appointment_id":"VA-26-0007","vendor":"DATEV eG",
//	 "account":"ext-datev","system":"srv-fibu01","admin":false,
//	 "until":"2026-12-10T11:00:00Z","sent_at":"2026-12-10T09:00:01Z"}
//
// with the headers Content-Type: application/json, X-Mspbot-Signature:
// sha256=<hex HMAC-SHA256 of the body with the secret> and Idempotency-Key:
// <appointment id>|<action>|<until as Unix seconds>. A 2xx answer means
// done; anything else, or no answer within the timeout, is an error.
type Webhook struct {
	opts WebhookOptions
}

// NewWebhook checks opts and returns a Webhook.
func NewWebhook(opts WebhookOptions) (*Webhook, error) {
	u, err := url.Parse(opts.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%w: webhook URL %q is not an http(s) URL", ErrInvalid, redact.URL(opts.URL))
	}
	if len(opts.Secret) < 16 {
		return nil, fmt.Errorf("%w: webhook secret must be at least 16 characters", ErrInvalid)
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 15 * time.Second
	}
	if opts.Client == nil {
		opts.Client = &http.Client{Timeout: opts.Timeout}
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Webhook{opts: opts}, nil
}

// WebhookBody is the JSON the URL receives.
type WebhookBody struct {
	Action string `json:"action"`
	Request
	SentAt time.Time `json:"sent_at"`
}

// Enable POSTs an enable request.
func (w *Webhook) Enable(ctx context.Context, r Request) error { return w.post(ctx, ActionEnable, r) }

// Disable POSTs a disable request.
func (w *Webhook) Disable(ctx context.Context, r Request) error { return w.post(ctx, ActionDisable, r) }

func (w *Webhook) post(ctx context.Context, action string, r Request) error {
	if err := r.Validate(); err != nil {
		return err
	}
	if !r.Until.IsZero() {
		r.Until = r.Until.UTC()
	}
	body, err := json.Marshal(WebhookBody{Action: action, Request: r, SentAt: w.opts.Now().UTC()})
	if err != nil {
		return fmt.Errorf("accounts: encode webhook body: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, w.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.opts.URL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("accounts: webhook request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "mspbot")
	req.Header.Set("X-Mspbot-Signature", Sign(w.opts.Secret, body))
	until := int64(0)
	if !r.Until.IsZero() {
		until = r.Until.Unix()
	}
	req.Header.Set("Idempotency-Key", r.AppointmentID+"|"+action+"|"+strconv.FormatInt(until, 10))
	resp, err := w.opts.Client.Do(req)
	if err != nil {
		// Go's client quotes the URL in its error; the error travels on
		// into logs, the appointment's record and the staff room, so its
		// user info and secret parameters (?apikey=…) are masked here.
		err = redact.Error(err)
		w.opts.Logger.Warn("vendor account webhook failed", "component", "accounts", "action", action,
			"appointment", r.AppointmentID, "err", err.Error())
		return fmt.Errorf("accounts: %s %s via webhook: %w", action, r.Account, err)
	}
	defer func() { _ = resp.Body.Close() }()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		w.opts.Logger.Warn("vendor account webhook refused", "component", "accounts", "action", action,
			"appointment", r.AppointmentID, "status", resp.StatusCode)
		err := fmt.Errorf("accounts: %s %s via webhook: HTTP %d: %s", action, r.Account, resp.StatusCode, truncate(string(answer), 300))
		if resp.StatusCode >= 400 && resp.StatusCode < 500 && resp.StatusCode != http.StatusRequestTimeout && resp.StatusCode != http.StatusTooManyRequests {
			return fmt.Errorf("%w: %w", ErrRejected, err)
		}
		return err
	}
	w.opts.Logger.Info("vendor account changed", "component", "accounts", "via", "webhook", "action", action,
		"appointment", r.AppointmentID, "account", r.Account, "system", r.System)
	return nil
}

// Sign returns the X-Mspbot-Signature value for body: "sha256=" and the
// hex HMAC-SHA256 of body with secret.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}
