package discord

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// ErrRateLimited is wrapped by the errors of REST calls that Discord kept
// refusing with 429 Too Many Requests until the adapter gave up (see
// backoff).
var ErrRateLimited = errors.New("discord: rate limited")

// Defaults of the back-off on 429 responses.
const (
	defaultMaxRetries = 3                // retries of one request after its first 429
	defaultMaxWait    = 10 * time.Second // waiting for one request, in all
)

// backoff is the http.RoundTripper under discordgo's REST calls. It takes
// over what discordgo does on a 429 itself: discordgo (v0.29) sleeps for
// the body's retry_after without regard to the request's context, ignores
// the Retry-After header (and fails outright on a 429 whose body is not
// JSON, as Cloudflare's are), and retries without end. Discord asks
// clients to "rely on the Retry-After header or retry_after field to
// determine when to retry"
// (https://discord.com/developers/docs/topics/rate-limits#exceeding-a-rate-limit).
//
// backoff waits for retry_after (with fractions; the Retry-After header's
// whole seconds when the body has none) and sends the request again, at
// most maxRetries times and for at most maxWait in all, and never past the
// request's deadline (an interaction's three seconds); a wait that would
// pass either bound is not begun. Giving up, it logs one error naming the
// route, scope and wait, remembers the route as limited until its
// Retry-After has passed (requests to it in the meantime are refused here,
// without troubling Discord: 429s count against the invalid-request limit),
// and hands discordgo a 429 with a JSON body and without X-RateLimit-*
// headers, so that discordgo returns a RateLimitError at once (also for a
// 429 whose body was not JSON) rather than sleeping on the bucket without
// a context until the route's reset. A global limit holds every route except
// the interaction endpoints, which it does not bind.
type backoff struct {
	next       http.RoundTripper
	log        *slog.Logger
	maxRetries int
	maxWait    time.Duration
	now        func() time.Time
	sleep      func(ctx context.Context, d time.Duration) error

	mu      sync.Mutex
	blocked map[string]time.Time // method and path (or "global") -> limited until
}

func newBackoff(next http.RoundTripper, log *slog.Logger) *backoff {
	if next == nil {
		next = http.DefaultTransport
	}
	return &backoff{
		next: next, log: log,
		maxRetries: defaultMaxRetries, maxWait: defaultMaxWait,
		now: time.Now, sleep: sleepCtx,
		blocked: map[string]time.Time{},
	}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// RoundTrip implements http.RoundTripper.
func (b *backoff) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	// key names the route in logs (tokens masked); limits are kept by the
	// whole path, since Discord keeps them per channel, guild and webhook
	// token.
	key, path := routeOf(req.Method, req.URL.Path), req.Method+" "+req.URL.Path
	interaction := strings.Contains(req.URL.Path, "/interactions/") || strings.Contains(req.URL.Path, "/webhooks/")
	if left := b.blockedFor(path, interaction); left > 0 {
		b.log.LogAttrs(ctx, slog.LevelWarn, "Discord rate limit: request not sent, the route is still limited",
			slog.String("route", key), slog.Duration("retry_after", left))
		return limitedResponse(req, left), nil
	}
	var waited time.Duration
	for attempt := 1; ; attempt++ {
		resp, err := b.next.RoundTrip(req)
		if err != nil || resp.StatusCode != http.StatusTooManyRequests {
			return resp, err
		}
		lim := readLimit(resp)
		until := b.now().Add(lim.after)
		deadline, hasDeadline := ctx.Deadline()
		switch {
		case attempt > b.maxRetries, waited+lim.after > b.maxWait, hasDeadline && until.After(deadline):
			b.giveUp(ctx, key, path, lim, attempt, waited, interaction)
			_ = resp.Body.Close()
			return limitedResponse(req, lim.after), nil
		}
		b.log.LogAttrs(ctx, slog.LevelWarn, "Discord rate limit: waiting before sending again",
			slog.String("route", key), slog.String("scope", lim.scope),
			slog.Duration("retry_after", lim.after), slog.Int("attempt", attempt))
		if err := b.sleep(ctx, lim.after); err != nil {
			return nil, err
		}
		waited += lim.after
		if req.Body != nil && req.Body != http.NoBody {
			if req.GetBody == nil {
				return nil, fmt.Errorf("discord: %s: cannot send the request body again", key)
			}
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			req = req.Clone(ctx)
			req.Body = body
		}
	}
}

// limitInfo is what a 429 says.
type limitInfo struct {
	after  time.Duration
	scope  string
	global bool
}

// readLimit reads a 429's wait: the body's retry_after (seconds with
// fractions), else the Retry-After header (whole seconds), else one
// second. The body is put back for discordgo.
func readLimit(resp *http.Response) limitInfo {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	l := limitInfo{scope: resp.Header.Get("X-RateLimit-Scope"), global: resp.Header.Get("X-RateLimit-Global") != ""}
	var in struct {
		RetryAfter *float64 `json:"retry_after"`
		Global     bool     `json:"global"`
	}
	if json.Unmarshal(body, &in) == nil && in.RetryAfter != nil && *in.RetryAfter >= 0 && !math.IsInf(*in.RetryAfter, 0) {
		l.after = time.Duration(math.Round(math.Min(*in.RetryAfter, 1e6)*1e6)) * time.Microsecond
		l.global = l.global || in.Global
	} else if secs, err := strconv.ParseFloat(strings.TrimSpace(resp.Header.Get("Retry-After")), 64); err == nil && secs >= 0 && secs < 1e6 {
		l.after = time.Duration(secs * float64(time.Second))
	} else {
		l.after = time.Second
	}
	if l.global {
		l.scope = "global"
	}
	if l.scope == "" {
		l.scope = "unknown"
	}
	return l
}

// giveUp logs the end of the retries and remembers the route as limited.
func (b *backoff) giveUp(ctx context.Context, key, path string, lim limitInfo, attempts int, waited time.Duration, interaction bool) {
	block := path
	if lim.global && !interaction {
		block = "global"
	}
	b.mu.Lock()
	b.blocked[block] = b.now().Add(lim.after)
	if len(b.blocked) > 1000 {
		now := b.now()
		for k, until := range b.blocked {
			if !until.After(now) {
				delete(b.blocked, k)
			}
		}
	}
	b.mu.Unlock()
	b.log.LogAttrs(ctx, slog.LevelError, "Discord rate limit: giving up",
		slog.String("route", key), slog.String("scope", lim.scope),
		slog.Duration("retry_after", lim.after), slog.Int("attempts", attempts), slog.Duration("waited", waited))
}

// blockedFor returns how long path (or, outside the interaction endpoints,
// every route) is still limited after an earlier give-up.
func (b *backoff) blockedFor(path string, interaction bool) time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	left := b.blocked[path].Sub(now)
	if !interaction {
		left = max(left, b.blocked["global"].Sub(now))
	}
	return left
}

// limitedResponse is the 429 handed to discordgo for a request refused
// here.
func limitedResponse(req *http.Request, left time.Duration) *http.Response {
	body, _ := json.Marshal(map[string]any{"message": "You are being rate limited.", "retry_after": left.Seconds(), "global": false})
	return &http.Response{
		Status: "429 Too Many Requests", StatusCode: http.StatusTooManyRequests,
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          io.NopCloser(bytes.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       req,
	}
}

// routeOf names a request's route for logs and limits: the method and the
// path after the API version, with interaction and webhook tokens (secrets
// that let anyone answer as the bot for 15 minutes) replaced by ":token".
func routeOf(method, path string) string {
	if i := strings.Index(path, "/api/v"); i >= 0 {
		path = path[i+len("/api/v"):]
		if j := strings.IndexByte(path, '/'); j >= 0 {
			path = path[j:]
		}
	}
	parts := strings.Split(path, "/")
	for i := 1; i+2 < len(parts); i++ {
		if parts[i] == "interactions" || parts[i] == "webhooks" {
			parts[i+2] = ":token"
		}
	}
	return method + " " + strings.Join(parts, "/")
}

// rateLimited turns discordgo's error for a 429 the adapter gave up on
// into one that wraps ErrRateLimited and names op, without the request's
// URL (which may carry an interaction token).
func rateLimited(op string, err error) error {
	var rl *discordgo.RateLimitError
	if errors.As(err, &rl) {
		retry := time.Duration(0)
		if rl.RateLimit != nil && rl.TooManyRequests != nil {
			retry = rl.RetryAfter
		}
		return fmt.Errorf("%s: %w (retry after %s)", op, ErrRateLimited, retry)
	}
	return nil
}
