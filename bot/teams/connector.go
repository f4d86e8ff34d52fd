package teams

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Bounds of the retries of a connector request the connector refused for
// the moment. Microsoft's "Optimize your bot with rate limiting and best
// practices in Teams" asks bots to back off exponentially with jitter on
// 429 Too Many Requests and to retry 412, 502 and 504 as well.
const (
	// MaxAttempts is how often one request is made at most.
	MaxAttempts = 4
	// RetryBase is the first back-off without a Retry-After; it doubles
	// with each attempt (with jitter: between half and all of it).
	RetryBase = time.Second
	// MaxRetryWait is the longest the adapter waits before one retry; when
	// the connector asks for longer (Retry-After), it gives up at once.
	MaxRetryWait = 15 * time.Second
)

// ErrThrottled is wrapped by the error of a request the connector kept
// refusing with 429, 412, 502 or 504 until the retries ran out.
var ErrThrottled = errors.New("the Teams connector kept refusing the request (throttled or unavailable)")

// retryable reports whether the connector means a refusal to be retried.
func retryable(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusPreconditionFailed, http.StatusBadGateway, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// call makes one connector request (op names it in logs) with the bot's
// access token: once more with a fresh token when the connector refuses
// the cached one, and up to MaxAttempts times in all while it answers 429,
// 412, 502 or 504, waiting what its Retry-After says or, without one, an
// exponential back-off with jitter. A wait over MaxRetryWait, or one that
// would outlast ctx, is not waited: the request fails at once with
// ErrThrottled, and the log says why.
func (a *Adapter) call(ctx context.Context, op, method, serviceURL, path string, in, out any) error {
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return err
		}
	}
	endpoint := strings.TrimSuffix(serviceURL, "/") + path
	refreshed := false
	var waited time.Duration
	for attempt := 1; ; attempt++ {
		tok, err := a.tokens.Token(ctx)
		if err != nil {
			return err
		}
		var rd io.Reader
		if body != nil {
			rd = bytes.NewReader(body)
		}
		req, err := http.NewRequestWithContext(ctx, method, endpoint, rd)
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Accept", "application/json")
		if body != nil {
			req.Header.Set("Content-Type", "application/json; charset=utf-8")
		}
		res, err := a.client.Do(req)
		if err != nil {
			return fmt.Errorf("%s %s: %w", method, path, err)
		}
		data, err := io.ReadAll(io.LimitReader(res.Body, 4<<20))
		_ = res.Body.Close()
		if err != nil {
			return fmt.Errorf("%s %s: %w", method, path, err)
		}
		if res.StatusCode == http.StatusUnauthorized && !refreshed {
			refreshed = true
			a.tokens.Invalidate(tok)
			attempt--
			continue
		}
		if retryable(res.StatusCode) {
			wait, hinted := a.retryWait(res.Header.Get("Retry-After"), attempt)
			reason := ""
			switch {
			case attempt >= MaxAttempts:
				reason = "no attempts left"
			case wait > MaxRetryWait:
				reason = "the connector asked for a longer wait than the adapter waits"
			case outlasts(ctx, wait):
				reason = "the wait would outlast the event's deadline"
			}
			if reason != "" {
				a.log.LogAttrs(ctx, slog.LevelWarn, "Teams connector kept refusing; giving up, the message is not delivered",
					slog.String("op", op), slog.Int("status", res.StatusCode), slog.Int("attempts", attempt),
					slog.Duration("waited", waited), slog.Duration("retry_after", wait), slog.String("reason", reason))
				return fmt.Errorf("%s %s: HTTP %s after %d attempts: %w", method, path, res.Status, attempt, ErrThrottled)
			}
			a.log.LogAttrs(ctx, slog.LevelInfo, "Teams connector refused for now; retrying",
				slog.String("op", op), slog.Int("status", res.StatusCode), slog.Int("attempt", attempt),
				slog.Duration("wait", wait), slog.Bool("retry_after", hinted))
			if err := a.sleep(ctx, wait); err != nil {
				return fmt.Errorf("%s %s: waiting to retry: %w", method, path, err)
			}
			waited += wait
			continue
		}
		if res.StatusCode < 200 || res.StatusCode > 299 {
			return fmt.Errorf("%s %s: HTTP %s: %s", method, path, res.Status, connectorError(data))
		}
		if out != nil && len(bytes.TrimSpace(data)) > 0 {
			if err := json.Unmarshal(data, out); err != nil {
				return fmt.Errorf("%s %s: unreadable answer: %w", method, path, err)
			}
		}
		return nil
	}
}

// retryWait is how long to wait before attempt+1: the Retry-After the
// connector sent (seconds or an HTTP date), else RetryBase doubled per
// attempt, with jitter. hinted says whether Retry-After set it.
func (a *Adapter) retryWait(retryAfter string, attempt int) (wait time.Duration, hinted bool) {
	if v := strings.TrimSpace(retryAfter); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n >= 0 {
			return time.Duration(n) * time.Second, true
		}
		if t, err := http.ParseTime(v); err == nil {
			return max(t.Sub(a.opts.Now()), 0), true
		}
	}
	d := RetryBase << (attempt - 1)
	return d/2 + rand.N(d/2+1), false
}

// outlasts reports whether waiting d would run past ctx's deadline.
func outlasts(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return ok && time.Until(deadline) < d
}

// connectorError extracts the connector's error message.
func connectorError(data []byte) string {
	var e struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if json.Unmarshal(data, &e) == nil && (e.Error.Code != "" || e.Error.Message != "") {
		return strings.TrimSpace(e.Error.Code + " " + e.Error.Message)
	}
	s := strings.TrimSpace(string(data))
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}
