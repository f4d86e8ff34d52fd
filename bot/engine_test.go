package bot_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/redis/go-redis/v9"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/internal/redistest"
	"github.com/mspbot/mspbot/redisstore"
)

// recorder is a Sender that keeps what it was asked to send.
type recorder struct {
	mu   sync.Mutex
	sent []bot.Sent
	n    int
}

func (r *recorder) Send(_ context.Context, to bot.Ref, rep bot.Reply) (bot.Sent, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.n++
	ref := to.Conversation()
	ref.Message = "m" + strconv.Itoa(r.n)
	s := bot.Sent{Ref: ref, Text: rep.Text, Time: time.Now()}
	r.sent = append(r.sent, s)
	return s, nil
}

func (r *recorder) texts() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, s := range r.sent {
		out = append(out, s.Text)
	}
	return out
}

func newEngine(t *testing.T, rdb redis.UniversalClient, h bot.Handler, opts bot.EngineOptions) (*bot.Engine, *redisstore.Sessions, *recorder) {
	t.Helper()
	sessions := redisstore.NewSessions(rdb, redisstore.SessionOptions{Keys: redisstore.Keys{Prefix: "e" + bot.NewID(4)}})
	e := bot.NewEngine(sessions, h, opts)
	rec := &recorder{}
	e.Register("test", rec)
	return e, sessions, rec
}

func msg(conv, user, text string) bot.Event {
	return bot.Event{Kind: bot.KindMessage, Text: text, Ref: bot.Ref{Platform: "test", Channel: conv, User: user}}
}

func TestConcurrentMessagesLoseNoSessionUpdate(t *testing.T) {
	rdb := redistest.Open(t, redistest.DBEngine)
	counter := bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		n, _ := strconv.Atoi(string(req.Session.State))
		req.Session.State = []byte(strconv.Itoa(n + 1))
		_, err := rw.Reply(ctx, bot.Reply{Text: "ok"})
		return err
	})
	e, sessions, rec := newEngine(t, rdb, counter, bot.EngineOptions{LockWait: 10 * time.Second})
	const n = 50
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			ev := msg("c-1", "u-1", "hi")
			ev.ID = "ev-" + strconv.Itoa(i)
			out, err := e.Handle(context.Background(), ev)
			if err != nil || out.Failed || len(out.Replies) != 1 {
				errs <- errors.Join(err, errors.New("bad outcome"))
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	sess, err := sessions.Load(context.Background(), bot.Ref{Platform: "test", Channel: "c-1"}, "u-1")
	if err != nil {
		t.Fatal(err)
	}
	if string(sess.State) != strconv.Itoa(n) || sess.Turns != n || sess.Version != n {
		t.Fatalf("after %d concurrent messages: n=%s turns=%d version=%d", n, sess.State, sess.Turns, sess.Version)
	}
	if got := len(rec.texts()); got != n {
		t.Fatalf("%d replies, want %d", got, n)
	}
}

func TestConversationsDoNotBlockEachOther(t *testing.T) {
	rdb := redistest.Open(t, redistest.DBEngine)
	release := make(chan struct{})
	entered := make(chan struct{})
	h := bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		if req.Event.Ref.Channel == "slow" {
			close(entered)
			<-release
		}
		_, err := rw.Reply(ctx, bot.Reply{Text: "done " + req.Event.Ref.Channel})
		return err
	})
	e, _, _ := newEngine(t, rdb, h, bot.EngineOptions{})
	slowDone := make(chan error, 1)
	go func() {
		_, err := e.Handle(context.Background(), msg("slow", "u-1", "x"))
		slowDone <- err
	}()
	<-entered
	fastDone := make(chan bot.Outcome, 1)
	go func() {
		out, _ := e.Handle(context.Background(), msg("fast", "u-2", "y"))
		fastDone <- out
	}()
	select {
	case out := <-fastDone:
		if len(out.Replies) != 1 || out.Replies[0].Text != "done fast" {
			t.Fatalf("fast conversation outcome %+v", out)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a conversation waited for another conversation's event")
	}
	close(release)
	if err := <-slowDone; err != nil {
		t.Fatal(err)
	}
}

func TestDuplicateEventRunsHandlerOnce(t *testing.T) {
	rdb := redistest.Open(t, redistest.DBEngine)
	var calls atomic.Int32
	h := bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		calls.Add(1)
		_, err := rw.Reply(ctx, bot.Reply{Text: "hello"})
		return err
	})
	e, _, _ := newEngine(t, rdb, h, bot.EngineOptions{})
	var dups atomic.Int32
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			ev := msg("c-1", "u-1", "hi")
			ev.ID = "slack-Ev123"
			out, err := e.Handle(context.Background(), ev)
			if err != nil {
				t.Error(err)
			}
			if out.Duplicate {
				dups.Add(1)
				if len(out.Replies) != 0 {
					t.Error("a duplicate got replies")
				}
			}
		})
	}
	wg.Wait()
	if calls.Load() != 1 || dups.Load() != 9 {
		t.Fatalf("handler ran %d times, %d duplicates; want 1 and 9", calls.Load(), dups.Load())
	}
	// The same id in another conversation is another event.
	ev := msg("c-2", "u-1", "hi")
	ev.ID = "slack-Ev123"
	if out, _ := e.Handle(context.Background(), ev); out.Duplicate {
		t.Fatal("event id collided across conversations")
	}
}

func TestPanicGetsApologyAndSavesNothing(t *testing.T) {
	rdb := redistest.Open(t, redistest.DBEngine)
	h := bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		req.Session.State = []byte(`{"dialogue":"callback","step":"half-written"}`)
		if req.Event.Text == "boom" {
			panic("nil map somewhere")
		}
		return errors.New("plain failure")
	})
	e, sessions, _ := newEngine(t, rdb, h, bot.EngineOptions{})
	for _, text := range []string{"boom", "fail"} {
		out, err := e.Handle(context.Background(), msg("c-1", "u-1", text))
		if err != nil {
			t.Fatalf("%s: Handle error %v; a handler failure is not an engine failure", text, err)
		}
		if !out.Failed || len(out.Replies) != 1 || !strings.Contains(out.Replies[0].Text, out.Reference) {
			t.Fatalf("%s: outcome %+v, want one apology naming reference %s", text, out, out.Reference)
		}
		if strings.Contains(out.Replies[0].Text, "nil map") || strings.Contains(out.Replies[0].Text, "plain failure") {
			t.Fatalf("%s: apology leaks the error: %q", text, out.Replies[0].Text)
		}
	}
	sess, _ := sessions.Load(context.Background(), bot.Ref{Platform: "test", Channel: "c-1"}, "u-1")
	if len(sess.State) != 0 || sess.Version != 0 {
		t.Fatalf("a failed handler's session change was saved: %+v", sess)
	}
}

func TestBusyConversationSaysOneMomentThenRuns(t *testing.T) {
	rdb := redistest.Open(t, redistest.DBEngine)
	entered := make(chan struct{}, 1)
	release := make(chan struct{})
	h := bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		if req.Event.Text == "first" {
			entered <- struct{}{}
			<-release
		}
		_, err := rw.Reply(ctx, bot.Reply{Text: "answer to " + req.Event.Text})
		return err
	})
	e, _, _ := newEngine(t, rdb, h, bot.EngineOptions{LockWait: 50 * time.Millisecond, Texts: bot.Texts{Wait: "one moment"}})
	go func() { _, _ = e.Handle(context.Background(), msg("c-1", "u-1", "first")) }()
	<-entered
	second := make(chan bot.Outcome, 1)
	go func() {
		out, _ := e.Handle(context.Background(), msg("c-1", "u-1", "second"))
		second <- out
	}()
	// Let the second message wait past LockWait, then free the conversation.
	time.Sleep(200 * time.Millisecond)
	close(release)
	out := <-second
	var texts []string
	for _, r := range out.Replies {
		texts = append(texts, r.Text)
	}
	if strings.Join(texts, "|") != "one moment|answer to second" {
		t.Fatalf("second message replies = %q, want the wait notice then its answer", texts)
	}
}

func TestStoreUnavailableTellsUser(t *testing.T) {
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", MaxRetries: -1, DialTimeout: 200 * time.Millisecond})
	t.Cleanup(func() { _ = rdb.Close() })
	var calls atomic.Int32
	h := bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error { calls.Add(1); return nil })
	e, _, _ := newEngine(t, rdb, h, bot.EngineOptions{Texts: bot.Texts{Unavailable: "try later"}})
	ev := msg("c-1", "u-1", "hi")
	ev.ID = "e-1"
	out, err := e.Handle(context.Background(), ev)
	if !errors.Is(err, bot.ErrUnavailable) {
		t.Fatalf("error = %v, want ErrUnavailable", err)
	}
	if calls.Load() != 0 || len(out.Replies) != 1 || out.Replies[0].Text != "try later" {
		t.Fatalf("calls=%d replies=%+v; want no handler run and one notice", calls.Load(), out.Replies)
	}
}

func TestStaffComesFromTheDirectory(t *testing.T) {
	rdb := redistest.Open(t, redistest.DBEngine)
	var seen sync.Map
	h := bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		seen.Store(req.Event.Ref.Platform+"/"+req.Event.Ref.User, req.Event.Staff)
		seen.Store("org "+req.Event.Ref.Platform+"/"+req.Event.Ref.User, req.Event.Org)
		return nil
	})
	e, _, _ := newEngine(t, rdb, h, bot.EngineOptions{})
	e.Register("other", &recorder{})
	e.SetStaff("test", bot.StaffFunc(func(_ context.Context, u bot.Ref) (bool, error) { return u.User == "alice", nil }))
	for _, ev := range []bot.Event{msg("c", "alice", "x"), msg("c", "mallory", "x"),
		{Kind: bot.KindMessage, Text: "x", Ref: bot.Ref{Platform: "other", Channel: "c", User: "alice"}}} {
		ev.Staff = true   // an adapter cannot make anyone staff
		ev.Org = "victim" // nor choose the organisation
		if _, err := e.Handle(context.Background(), ev); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]any{"test/alice": true, "test/mallory": false, "other/alice": false,
		"org test/alice": "test:@alice", "org other/alice": "other:@alice"}
	for k, w := range want {
		if got, _ := seen.Load(k); got != w {
			t.Errorf("%s = %v, want %v", k, got, w)
		}
	}
}

func TestInvalidEventRefused(t *testing.T) {
	rdb := redistest.Open(t, redistest.DBEngine)
	e, _, _ := newEngine(t, rdb, bot.HandlerFunc(func(context.Context, bot.Responder, *bot.Request) error { return nil }), bot.EngineOptions{})
	if _, err := e.Handle(context.Background(), bot.Event{Kind: bot.KindMessage, Ref: bot.Ref{Platform: "test"}}); !errors.Is(err, bot.ErrInvalidEvent) {
		t.Fatalf("event without channel: %v", err)
	}
	if _, err := e.Handle(context.Background(), bot.Event{Kind: "poke", Ref: bot.Ref{Platform: "test", Channel: "c"}}); !errors.Is(err, bot.ErrInvalidEvent) {
		t.Fatalf("unknown kind: %v", err)
	}
}

// TestRateLimits: a conversation over its limit is not handled and is told
// once per window; another conversation goes on; a user over the per-user
// limit is stopped in every conversation while other users are not.
func TestRateLimits(t *testing.T) {
	rdb := redistest.Open(t, redistest.DBEngine)
	var handled atomic.Int64
	h := bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		handled.Add(1)
		_, err := rw.Reply(ctx, bot.Reply{Text: "ok"})
		return err
	})
	ctx := context.Background()
	e, _, rec := newEngine(t, rdb, h, bot.EngineOptions{ConversationLimit: 5, RateWindow: time.Minute})
	limited := 0
	for i := range 12 {
		out, err := e.Handle(ctx, msg("noisy", "u"+strconv.Itoa(i), "hi"))
		if err != nil {
			t.Fatal(err)
		}
		if out.Limited {
			limited++
		}
	}
	if handled.Load() != 5 || limited != 7 {
		t.Fatalf("handled %d, limited %d; want 5 and 7", handled.Load(), limited)
	}
	told := 0
	for _, s := range rec.texts() {
		if strings.Contains(s, "sehr viele Nachrichten") {
			told++
		}
	}
	if told != 1 {
		t.Fatalf("told %d times, want once: %q", told, rec.texts())
	}
	if out, _ := e.Handle(ctx, msg("quiet", "v", "hi")); out.Limited || handled.Load() != 6 {
		t.Fatal("another conversation was limited")
	}

	handled.Store(0)
	e, _, _ = newEngine(t, rdb, h, bot.EngineOptions{UserLimit: 3, RateWindow: time.Minute})
	for i := range 6 {
		_, _ = e.Handle(ctx, msg("c"+strconv.Itoa(i), "spammer", "hi"))
	}
	if handled.Load() != 3 {
		t.Fatalf("spammer handled %d times across conversations, want 3", handled.Load())
	}
	if out, _ := e.Handle(ctx, msg("c9", "someone-else", "hi")); out.Limited {
		t.Fatal("another user was limited")
	}
}

// TestLongAndControlText: a message over MaxTextChars is answered and not
// handled, on any platform; control characters never reach a handler.
func TestLongAndControlText(t *testing.T) {
	rdb := redistest.Open(t, redistest.DBEngine)
	var got []string
	h := bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		got = append(got, req.Event.Text)
		_, err := rw.Reply(ctx, bot.Reply{Text: "ok"})
		return err
	})
	e, _, rec := newEngine(t, rdb, h, bot.EngineOptions{MaxTextChars: 10})
	ctx := context.Background()
	if _, err := e.Handle(ctx, msg("c", "u", strings.Repeat("ä", 11))); err != nil {
		t.Fatal(err)
	}
	if len(got) != 0 || len(rec.texts()) != 1 || !strings.Contains(rec.texts()[0], "zu lang") {
		t.Fatalf("long message: handled %q, said %q", got, rec.texts())
	}
	if _, err := e.Handle(ctx, msg("c", "u", "a\x00b\x1b[2J\u0085c\td\ne")); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != "ab[2Jc\td\ne" {
		t.Fatalf("control characters reached the handler: %q", got)
	}
}

// failingRelease is the real session store whose next Release fails, as
// when Redis goes away while a handler runs.
type failingRelease struct {
	*redisstore.Sessions
	fail atomic.Bool
}

func (f *failingRelease) Release(ctx context.Context, r bot.Release) error {
	if f.fail.CompareAndSwap(true, false) {
		return errors.New("dial tcp 127.0.0.1:6379: connection refused")
	}
	return f.Sessions.Release(ctx, r)
}

// TestSessionNotSavedAsksToRepeat: when the session cannot be saved after
// the handler ran, the user is asked to repeat (not left with an answer the
// conversation forgot), Handle reports the store unavailable, and a
// redelivery of the same event id runs again.
func TestSessionNotSavedAsksToRepeat(t *testing.T) {
	rdb := redistest.Open(t, redistest.DBEngine)
	var runs atomic.Int64
	h := bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		runs.Add(1)
		req.Session.State = []byte(`{"step":"confirm"}`)
		_, err := rw.Reply(ctx, bot.Reply{Text: "Soll ich das so aufnehmen?"})
		return err
	})
	store := &failingRelease{Sessions: redisstore.NewSessions(rdb, redisstore.SessionOptions{Keys: redisstore.Keys{Prefix: "e" + bot.NewID(4)}})}
	store.fail.Store(true)
	e := bot.NewEngine(store, h, bot.EngineOptions{LockTTL: time.Second})
	rec := &recorder{}
	e.Register("test", rec)
	ev := msg("c-save", "u", "hi")
	ev.ID = "ev-1"
	if _, err := e.Handle(context.Background(), ev); !errors.Is(err, bot.ErrUnavailable) {
		t.Fatalf("Handle = %v, want ErrUnavailable", err)
	}
	if texts := rec.texts(); len(texts) != 2 || !strings.Contains(texts[1], "vorübergehend nicht erreichbar") {
		t.Fatalf("said %q", texts)
	}
	// The lock left behind runs out with its lease; the redelivery waits for
	// it, then takes the event over.
	out, err := e.Handle(context.Background(), ev)
	if err != nil || out.Duplicate || runs.Load() != 2 {
		t.Fatalf("redelivery: %+v %v, runs %d", out, err, runs.Load())
	}
	sess, _ := store.Load(context.Background(), bot.Ref{Platform: "test", Channel: "c-save"}, "u")
	if string(sess.State) != `{"step":"confirm"}` {
		t.Fatalf("session after the redelivery: %+v", sess)
	}
}

// TestDisplayNamesAreCleaned: a display name cannot carry control
// characters, platform mentions or unbounded length into tickets, staff
// posts or the PSA webhook.
func TestDisplayNamesAreCleaned(t *testing.T) {
	long := strings.Repeat("Ä", 60000)
	cases := []struct{ in, want string }{
		{"Anna Becker", "Anna Becker"},
		{"Anna\x00\nBecker\r\t", "Anna Becker"},
		{"<!channel> Boss", "channel Boss"},
		{"<@U024BE7LH>", "U024BE7LH"},
		{"@everyone @here", "everyone here"},
		{"  *bold*  _it_ ", "bold it"},
		{"Zoë\u202eevil", "Zoë evil"},
		{"\xff\xfeName", "Name"},
		{long, strings.Repeat("Ä", bot.MaxDisplayName)},
	}
	for _, tc := range cases {
		got := bot.CleanDisplayName(tc.in)
		if got != tc.want {
			t.Errorf("CleanDisplayName(%.40q) = %q, want %q", tc.in, got, tc.want)
		}
		if strings.ContainsAny(got, "<>\n\r\x00") || strings.HasPrefix(got, "@") || utf8.RuneCountInString(got) > bot.MaxDisplayName {
			t.Errorf("CleanDisplayName(%.40q) = %q is not clean", tc.in, got)
		}
	}
}
