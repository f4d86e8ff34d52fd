package slack

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mspbot/mspbot/bot"
)

// waits records the back-off of an adapter instead of sleeping.
type waits struct {
	mu sync.Mutex
	d  []time.Duration
}

func (w *waits) sleep(ctx context.Context, d time.Duration) error {
	w.mu.Lock()
	w.d = append(w.d, d)
	w.mu.Unlock()
	return ctx.Err()
}

func (w *waits) all() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]time.Duration(nil), w.d...)
}

// backoffAdapter is an adapter whose waits are recorded, with its log.
func backoffAdapter(t *testing.T, f *fakeSlack, mod func(*Options)) (*Adapter, *waits, *syncBuf) {
	t.Helper()
	var logs syncBuf
	w := &waits{}
	a := newAdapter(t, f, func(o *Options) {
		o.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		o.MaxRetries = 2
		if mod != nil {
			mod(o)
		}
	})
	a.sleep = w.sleep
	return a, w, &logs
}

// TestRateLimitRetried: Slack answers a call over its rate limit with HTTP
// 429 and a Retry-After header in seconds, or chat.postMessage with
// {"ok":false,"error":"rate_limited"} in an HTTP 200; the adapter waits as
// long as Slack asks (1s, doubling, when it does not say) and posts once it
// may (https://docs.slack.dev/apis/web-api/rate-limits,
// https://docs.slack.dev/reference/methods/chat.postMessage#errors).
func TestRateLimitRetried(t *testing.T) {
	f := newFakeSlack(t)
	a, w, _ := backoffAdapter(t, f, nil)
	to := bot.Ref{Platform: Platform, Workspace: testTeam, Channel: "C0SUPPORT", Thread: "1712345900.000600"}

	f.failWith("chat.postMessage", failure{Status: http.StatusTooManyRequests, RetryAfter: "7"}, failure{Status: http.StatusTooManyRequests, RetryAfter: "3"})
	if _, err := a.Send(context.Background(), to, bot.Reply{Text: "Wie ist Ihr Name?"}); err != nil {
		t.Fatalf("Send after two 429s: %v", err)
	}
	if got, want := w.all(), []time.Duration{7 * time.Second, 3 * time.Second}; !slices.Equal(got, want) {
		t.Errorf("waited %v, want Retry-After %v", got, want)
	}
	if n := f.Calls("chat.postMessage"); n != 3 || len(f.Posts()) != 1 {
		t.Errorf("%d calls, %d posts; want 3 calls and the message posted once", n, len(f.Posts()))
	}

	f.failWith("chat.postMessage", failure{Err: "rate_limited"}, failure{Err: "ratelimited"})
	if _, err := a.Send(context.Background(), to, bot.Reply{Text: "Unter welcher Nummer?"}); err != nil {
		t.Fatalf("Send after rate_limited: %v", err)
	}
	if got, want := w.all()[2:], []time.Duration{time.Second, 2 * time.Second}; !slices.Equal(got, want) {
		t.Errorf("waited %v without Retry-After, want %v", got, want)
	}
}

// TestRateLimitGivesUpAndTellsClient: when Slack keeps refusing, the
// adapter stops after MaxRetries retries, logs one clear line naming the
// method, the channel, the attempts and Slack's wait, and tells the client
// who wrote, in a message only they see (chat.postEphemeral, a method of its
// own rate-limit tier), in the answer's language, once; a Retry-After beyond
// MaxRetryWait is not waited for at all
// (https://docs.slack.dev/apis/web-api/rate-limits,
// https://docs.slack.dev/reference/methods/chat.postEphemeral).
func TestRateLimitGivesUpAndTellsClient(t *testing.T) {
	f := newFakeSlack(t)
	a, w, logs := backoffAdapter(t, f, func(o *Options) { o.MaxRetryWait = 20 * time.Second })
	handled := make(chan error, 4)
	e := newEngine(t, a, bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		_, err := rw.Reply(ctx, bot.Reply{Text: "Is that covered? Yes.", Meta: &bot.Meta{Lang: "en"}})
		handled <- err
		return err
	}))
	srv := httptest.NewServer(a.EventsHandler(e))
	defer srv.Close()

	// Every attempt refused: the answer (3 attempts) and the engine's
	// apology after it (3 more).
	for range 6 {
		f.failWith("chat.postMessage", failure{Status: http.StatusTooManyRequests, RetryAfter: "2"})
	}
	if status, body := do(t, slackRequest(t, srv.URL, readTestdata(t, "message_im.json"), false, testSecret, time.Now())); status != 200 {
		t.Fatalf("status %d %s", status, body)
	}
	a.Wait()
	if err := <-handled; !errors.Is(err, ErrRateLimited) {
		t.Fatalf("the handler's reply failed with %v, want ErrRateLimited", err)
	}
	if n := f.Calls("chat.postMessage"); n != 6 {
		t.Errorf("%d calls of chat.postMessage, want 3 for the answer and 3 for the apology", n)
	}
	if got := w.all(); len(got) != 4 || got[0] != 2*time.Second {
		t.Errorf("waited %v, want 2s twice per message", got)
	}
	eph := f.Ephemerals()
	if len(eph) != 1 || eph[0].Get("channel") != "D0DM" || eph[0].Get("user") != "U0CLIENT" ||
		!strings.HasPrefix(eph[0].Get("text"), "Slack is throttling my messages") {
		t.Fatalf("ephemeral notices %v, want one in English to the client", eph)
	}
	for _, want := range []string{`msg="Slack rate limit: giving up"`, "method=chat.postMessage", "channel=D0DM", "attempts=3", "retry_after=2s",
		"the client was told"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("the log has no %q:\n%s", want, logs.String())
		}
	}

	// Slack asks for longer than MaxRetryWait: not waited for.
	before := len(w.all())
	f.failWith("chat.postMessage", failure{Status: http.StatusTooManyRequests, RetryAfter: "120"})
	_, err := a.Send(context.Background(), bot.Ref{Platform: Platform, Channel: "C0STAFF"}, bot.Reply{Text: "Neues Ticket"})
	if !errors.Is(err, ErrRateLimited) || len(w.all()) != before {
		t.Fatalf("err %v after waits %v: want ErrRateLimited at once", err, w.all()[before:])
	}
	if !strings.Contains(logs.String(), "retry_after=2m0s") {
		t.Errorf("the log does not say Slack asked for 2 minutes:\n%s", logs.String())
	}
}

// TestRateLimitRealWait: without the test's clock the adapter really waits
// Slack's Retry-After before the next attempt.
func TestRateLimitRealWait(t *testing.T) {
	f := newFakeSlack(t)
	a := newAdapter(t, f, nil)
	f.failWith("chat.postMessage", failure{Status: http.StatusTooManyRequests, RetryAfter: "1"})
	start := time.Now()
	if _, err := a.Send(context.Background(), bot.Ref{Platform: Platform, Channel: "D0DM"}, bot.Reply{Text: "Hallo"}); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took < time.Second {
		t.Fatalf("the retry came after %v, before Slack's Retry-After of 1s", took)
	}
}

// TestNotInChannelLogged: a post into a channel the bot is not a member of
// (the staff channel before /invite) fails with ErrNotInChannel and one
// log line that names the channel and what to do; chat.postMessage answers
// not_in_channel then (https://docs.slack.dev/reference/methods/chat.postMessage#errors).
func TestNotInChannelLogged(t *testing.T) {
	f := newFakeSlack(t)
	a, _, logs := backoffAdapter(t, f, nil)
	f.failWith("chat.postMessage", failure{Err: "not_in_channel"})
	_, err := a.Send(context.Background(), bot.Ref{Platform: Platform, Channel: "C0STAFF"}, bot.Reply{Text: "🔔 Neuer Rückrufwunsch"})
	if !errors.Is(err, ErrNotInChannel) || !strings.Contains(err.Error(), "not_in_channel") {
		t.Fatalf("err = %v, want ErrNotInChannel", err)
	}
	line := logs.String()
	for _, want := range []string{"level=ERROR", "not a member of the channel", "/invite @mspbot", "channel=C0STAFF"} {
		if !strings.Contains(line, want) {
			t.Errorf("the log has no %q:\n%s", want, line)
		}
	}
	if n := f.Calls("chat.postMessage"); n != 1 {
		t.Errorf("%d calls: not_in_channel is not retried", n)
	}
}
