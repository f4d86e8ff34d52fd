package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	slackapi "github.com/slack-go/slack"
)

// Errors of Slack that the adapter names, wrapped with the method and the
// conversation (errors.Is finds them).
var (
	// ErrRateLimited: Slack still refused the call for its rate limit after
	// the bounded retries (HTTP 429 "ratelimited", or chat.postMessage's
	// "rate_limited").
	ErrRateLimited = errors.New("slack: rate limited")
	// ErrNotInChannel: the bot is not a member of the channel it wanted to
	// post to ("not_in_channel", or "channel_not_found" for a private
	// channel it cannot see).
	ErrNotInChannel = errors.New("slack: the bot is not a member of the channel")
)

// Defaults of the back-off (Options.MaxRetries, Options.MaxRetryWait).
const (
	// DefaultMaxRetries is how often a rate-limited call is tried again.
	DefaultMaxRetries = 3
	// DefaultMaxRetryWait is the longest single wait for a retry; a
	// Retry-After beyond it is not waited for.
	DefaultMaxRetryWait = 30 * time.Second
	// firstBackoff is the wait when Slack names none (a "rate_limited" in
	// an HTTP 200 answer); it doubles with each attempt.
	firstBackoff = time.Second
)

// rateLimit reports whether err is Slack's rate limit and how long Slack
// asks to wait (zero when it does not say).
//
// Slack answers a call over its limit with HTTP 429 and a Retry-After header
// in seconds, body {"ok":false,"error":"ratelimited"}; chat.postMessage may
// also answer HTTP 200 with {"ok":false,"error":"rate_limited"} when an app
// posts too many messages (https://docs.slack.dev/apis/web-api/rate-limits,
// https://docs.slack.dev/reference/methods/chat.postMessage#errors).
func rateLimit(err error) (time.Duration, bool) {
	if err == nil {
		return 0, false
	}
	var rl *slackapi.RateLimitedError
	if errors.As(err, &rl) {
		return rl.RetryAfter, true
	}
	var sc slackapi.StatusCodeError
	if errors.As(err, &sc) && sc.Code == http.StatusTooManyRequests {
		return 0, true
	}
	var se slackapi.SlackErrorResponse
	if errors.As(err, &se) && (se.Err == "ratelimited" || se.Err == "rate_limited") {
		return 0, true
	}
	return 0, false
}

// notInChannel reports whether err says the bot cannot post to the channel.
func notInChannel(err error) bool {
	var se slackapi.SlackErrorResponse
	return errors.As(err, &se) && (se.Err == "not_in_channel" || se.Err == "channel_not_found")
}

// withRetry runs op, and while Slack answers it with its rate limit, waits
// as long as Slack asks (Retry-After; else 1s, 2s, 4s, …) and runs it again:
// at most MaxRetries more times, never waiting longer than MaxRetryWait at
// once nor beyond ctx's deadline. When it gives up it logs one warning that
// names the method, the channel and the wait Slack asked for, and returns an
// error wrapping ErrRateLimited.
func (a *Adapter) withRetry(ctx context.Context, method, channel string, op func(context.Context) error) error {
	for attempt := 1; ; attempt++ {
		err := op(ctx)
		wait, limited := rateLimit(err)
		if !limited {
			return err
		}
		if wait <= 0 {
			wait = firstBackoff << (attempt - 1)
		}
		deadline, hasDeadline := ctx.Deadline()
		if attempt > a.opts.MaxRetries || wait > a.opts.MaxRetryWait ||
			(hasDeadline && time.Until(deadline) < wait) {
			a.log.LogAttrs(ctx, slog.LevelWarn, "Slack rate limit: giving up",
				slog.String("method", method), slog.String("channel", channel),
				slog.Int("attempts", attempt), slog.Duration("retry_after", wait))
			return fmt.Errorf("slack %s: %w after %d attempts (Slack asked to wait %s)", method, ErrRateLimited, attempt, wait)
		}
		a.log.LogAttrs(ctx, slog.LevelInfo, "Slack rate limit: waiting before retrying",
			slog.String("method", method), slog.String("channel", channel),
			slog.Int("attempt", attempt), slog.Duration("retry_after", wait))
		if err := a.sleep(ctx, wait); err != nil {
			return fmt.Errorf("slack %s: %w while waiting out the rate limit", method, err)
		}
	}
}

// sleepCtx waits d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// logNotInChannel says, once per failure, which channel the bot must be
// invited to.
func (a *Adapter) logNotInChannel(ctx context.Context, method, channel string, err error) {
	a.log.LogAttrs(ctx, slog.LevelError, "Slack: the bot is not a member of the channel; invite it there with /invite @"+a.botName(),
		slog.String("method", method), slog.String("channel", channel), slog.Any("err", err))
}

// botName is the bot's user name for instructions ("mspbot" before Start).
func (a *Adapter) botName() string {
	if n := a.identity().name; n != "" {
		return n
	}
	return "mspbot"
}
