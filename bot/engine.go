package bot

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// ErrUnavailable is returned by Engine.Handle when the conversation store
// (Redis) could not be reached or could not serve the event at some step:
// the claim, a store call of the handler, or the release. The user has been
// told to try again shortly, nothing of the turn was kept, and the event may
// be delivered again. A handler may wrap it to say the same.
var ErrUnavailable = errors.New("bot: conversation store unavailable")

// ErrInvalidEvent is returned for an event without kind, platform or channel.
var ErrInvalidEvent = errors.New("bot: invalid event")

// ClaimStatus is the result of Sessions.Claim.
type ClaimStatus int

// The outcomes of a claim.
const (
	// Claimed: the lock is held by the caller's token and the session loaded.
	Claimed ClaimStatus = iota
	// Duplicate: the event id was handled before; nothing was locked.
	Duplicate
	// Busy: another event holds the conversation's lock: wait and claim
	// again.
	Busy
	// LimitReached: this event is the first over the user's or the
	// conversation's rate limit in its window; nothing was locked. The user
	// is told once.
	LimitReached
	// Limited: the user or the conversation is over its rate limit; nothing
	// was locked and nothing is said.
	Limited
	// Running: the same event is being handled right now by the lock's
	// holder (delivered again while it runs, or retried right after its
	// release failed): wait, without a word to the user, and claim again.
	// It ends as Duplicate once that holder is done, or Claimed when its
	// lease runs out (the holder was killed or lost Redis).
	Running
)

// Claim asks a store to start handling one event.
type Claim struct {
	// Conversation is the conversation to lock.
	Conversation Ref
	// User owns the session to load.
	User string
	// EventID, with CheckSeen, is marked as being handled by Token: a claim
	// of an id handled before returns Duplicate, of an id the lock's holder
	// is handling Running; an id whose holder is gone (killed, or its
	// release failed and its lease ran out) is taken over, so that a
	// redelivery runs.
	EventID   string
	CheckSeen bool
	SeenTTL   time.Duration
	// Token identifies the lock holder; LockTTL is the lock's expiry (the
	// engine's lease, renewed while the handler runs).
	Token   string
	LockTTL time.Duration
	// Count counts the event against the rate limits, across replicas: at
	// most Limit events of the conversation and at most UserLimit events of
	// the user (Conversation.Platform and User, in any conversation) per
	// Window. A limit of zero is no limit.
	Count     bool
	Limit     int
	UserLimit int
	Window    time.Duration
}

// Release ends the handling of one event.
type Release struct {
	// Conversation, User and Token are the claim's.
	Conversation Ref
	User         string
	Token        string
	// Session is saved when Save is true, compare-and-set on its Version;
	// its expiry is renewed either way. Nil gives up a claim: only the lock
	// and the event's mark are released.
	Session *Session
	Save    bool
	// EventID is the claim's event: marked handled, or, with Redeliver,
	// forgotten so that a redelivery runs again (the turn was not kept).
	EventID   string
	Redeliver bool
	// Transcript are the turn's transcript entries, for a store that is a
	// TranscriptFolder: appended to the conversation's transcript with the
	// release, once even when the release is repeated.
	Transcript []Sent
}

// Sessions is the store the Engine needs: de-duplication, a lock per
// conversation, rate counters and sessions, each step one atomic round trip.
//
// A store may also implement interface{ Unavailable(error) bool }: errors it
// reports as unavailable, wherever they happen in a turn (the claim, a
// handler's own calls to the same store, the release), are answered
// "temporarily unavailable" (ErrUnavailable) instead of with an apology.
type Sessions interface {
	// Claim marks the event as being handled (when asked), counts it,
	// takes the conversation's lock and loads the user's session,
	// atomically.
	Claim(ctx context.Context, c Claim) (ClaimStatus, Session, error)
	// Renew extends the lock to ttl from now if token still holds it, and
	// reports whether it does.
	Renew(ctx context.Context, conv Ref, token string, ttl time.Duration) (bool, error)
	// Release saves the session when asked, compare-and-set on its version
	// (a save of exactly what is stored, as by a retried release, is no
	// conflict), refreshes the session's expiry, marks the event handled or
	// forgets it, and releases the lock if the token still holds it. A
	// version conflict returns an error wrapping ErrConflict and saves
	// nothing. Releasing twice is harmless.
	Release(ctx context.Context, r Release) error
}

// ErrConflict is wrapped by Sessions.Release when the session changed since
// it was loaded.
var ErrConflict = errors.New("bot: session changed concurrently")

// Sender delivers replies on one platform. Adapters implement it.
type Sender interface {
	// Send posts r to the conversation to; to.Message, when set, is the
	// message being answered (adapters may thread on it). It returns the
	// posted message's reference.
	Send(ctx context.Context, to Ref, r Reply) (Sent, error)
}

// StaffDirectory says whether a user of a platform is staff.
type StaffDirectory interface {
	IsStaff(ctx context.Context, user Ref) (bool, error)
}

// StaffFunc adapts a function to a StaffDirectory.
type StaffFunc func(ctx context.Context, user Ref) (bool, error)

// IsStaff calls f.
func (f StaffFunc) IsStaff(ctx context.Context, user Ref) (bool, error) { return f(ctx, user) }

// Observer is told the outcome of every event, for metrics.
type Observer interface {
	ObserveEvent(platform string, kind Kind, outcome string, d time.Duration)
}

// Outcome labels passed to Observer.
const (
	OutcomeOK          = "ok"
	OutcomeDuplicate   = "duplicate"
	OutcomeUnhandled   = "unhandled"
	OutcomeError       = "error"
	OutcomeUnavailable = "unavailable"
	OutcomeInvalid     = "invalid"
	OutcomeLimited     = "limited"
)

// Texts are the few things the Engine itself says. Each is given in German
// and English, since the Engine may speak before it knows the language.
type Texts struct {
	// Wait is sent when a message waited LockWait for an earlier one.
	Wait string
	// Unavailable is sent when the conversation store cannot be reached.
	Unavailable string
	// Limited is sent once per window when a user or conversation goes
	// over its rate limit.
	Limited string
	// TooLong is sent for a message over MaxTextChars.
	TooLong string
	// Apology is sent when a handler failed; %s is the reference id.
	ApologyDE, ApologyEN string
}

// EngineOptions configure an Engine. Zero values mean the documented
// defaults.
type EngineOptions struct {
	// LockWait is how long a message waits for the conversation's previous
	// one before the user is told to wait a moment (default 3s). It then
	// keeps waiting up to LockTTL more; it is never dropped.
	LockWait time.Duration
	// LockTTL bounds how long one event may hold its conversation
	// (default 30s).
	LockTTL time.Duration
	// LockLease is how long the lock outlives its holder (default 5s, at
	// most LockTTL): the lock is taken for LockLease and renewed every
	// third of it while the handler runs, up to LockTTL. A replica killed
	// mid-event, or one whose release failed, blocks its conversation for
	// at most this long.
	LockLease time.Duration
	// ReleaseRetry is how long a release that meets an unavailable store
	// (a failover, a restart) is retried before the user is told to repeat
	// (default 3s).
	ReleaseRetry time.Duration
	// EventTimeout bounds one handler run (default 20s); it should be below
	// LockTTL.
	EventTimeout time.Duration
	// SeenTTL is how long event ids are remembered (default 24h).
	SeenTTL time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Logger receives structured logs, never message bodies (default
	// slog.Default()).
	Logger *slog.Logger
	// Observer, if set, is told every event's outcome.
	Observer Observer
	// Texts override the default wording.
	Texts Texts
	// ConversationLimit is how many events one conversation may send per
	// RateWindow; UserLimit how many one user may send per RateWindow
	// across all conversations. Both are counted in the store, in the step
	// that claims the conversation, so across replicas. Zero means no
	// limit. RateWindow defaults to a minute. Events over a limit are not
	// handled; the user is told once per window.
	ConversationLimit, UserLimit int
	RateWindow                   time.Duration
	// MaxTextChars bounds a message's text in characters, on every
	// platform: a longer message is answered with Texts.TooLong and not
	// handled. Zero means no bound.
	MaxTextChars int
}

func (o *EngineOptions) defaults() {
	if o.LockWait <= 0 {
		o.LockWait = 3 * time.Second
	}
	if o.LockTTL <= 0 {
		o.LockTTL = 30 * time.Second
	}
	if o.EventTimeout <= 0 {
		o.EventTimeout = 20 * time.Second
	}
	if o.LockLease <= 0 {
		o.LockLease = 5 * time.Second
	}
	o.LockLease = min(o.LockLease, o.LockTTL)
	if o.ReleaseRetry <= 0 {
		o.ReleaseRetry = 3 * time.Second
	}
	if o.SeenTTL <= 0 {
		o.SeenTTL = 24 * time.Hour
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Texts.Wait == "" {
		o.Texts.Wait = "Einen Moment bitte, ich bearbeite noch Ihre vorige Nachricht. / One moment please, I am still working on your previous message."
	}
	if o.Texts.Unavailable == "" {
		o.Texts.Unavailable = "Der Dienst ist vorübergehend nicht erreichbar, bitte versuchen Sie es in einer Minute noch einmal. / The service is temporarily unavailable, please try again in a minute."
	}
	if o.RateWindow <= 0 {
		o.RateWindow = time.Minute
	}
	if o.Texts.TooLong == "" {
		o.Texts.TooLong = "Ihre Nachricht ist zu lang für mich; bitte fassen Sie sie kürzer oder teilen Sie sie auf. / Your message is too long for me; please shorten it or split it up."
	}
	if o.Texts.Limited == "" {
		o.Texts.Limited = "Sie senden gerade sehr viele Nachrichten; ich mache kurz Pause und bin gleich wieder für Sie da. / You are sending a lot of messages right now; I am pausing for a moment and will be back shortly."
	}
	if o.Texts.ApologyDE == "" {
		o.Texts.ApologyDE = "Entschuldigung, da ist bei mir etwas schiefgelaufen. Bitte versuchen Sie es noch einmal; unser Team kann den Fall unter der Referenz %s nachvollziehen."
	}
	if o.Texts.ApologyEN == "" {
		o.Texts.ApologyEN = "Sorry, something went wrong on my side. Please try again; our team can trace it under reference %s."
	}
}

// Engine runs events through the handler: each event id once, one event at a
// time per conversation, with the user's session loaded and saved around the
// handler. It is safe for concurrent use.
type Engine struct {
	store   Sessions
	folds   bool // the store writes a turn's transcript entries in its release
	handler Handler
	opts    EngineOptions

	mu      sync.RWMutex
	senders map[string]Sender
	staff   map[string]StaffDirectory
	orgs    OrgDirectory

	// unavailable classifies the store's errors (see Sessions).
	unavailable func(error) bool
}

// NewEngine returns an Engine that handles events with h and keeps state in
// store.
func NewEngine(store Sessions, h Handler, opts EngineOptions) *Engine {
	opts.defaults()
	e := &Engine{
		store:       store,
		handler:     h,
		opts:        opts,
		senders:     make(map[string]Sender),
		staff:       make(map[string]StaffDirectory),
		unavailable: func(error) bool { return false },
	}
	if c, ok := store.(interface{ Unavailable(error) bool }); ok {
		e.unavailable = c.Unavailable
	}
	if f, ok := store.(TranscriptFolder); ok {
		e.folds = f.FoldsTranscripts()
	}
	return e
}

// Register makes s the sender for platform's conversations.
func (e *Engine) Register(platform string, s Sender) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.senders[platform] = s
}

// SetStaff makes d the staff directory of platform. A platform without one
// has no staff.
func (e *Engine) SetStaff(platform string, d StaffDirectory) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.staff[platform] = d
}

// SetOrgs makes d the directory of client organisations (default: an empty
// OrgMap, every workspace or user its own organisation).
func (e *Engine) SetOrgs(d OrgDirectory) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.orgs = d
}

// Post sends r to a conversation outside of any event (reminders, jobs).
func (e *Engine) Post(ctx context.Context, to Ref, r Reply) (Sent, error) {
	e.mu.RLock()
	s, ok := e.senders[to.Platform]
	e.mu.RUnlock()
	if !ok {
		return Sent{}, fmt.Errorf("post to %s: no adapter registered for this platform", to.Platform)
	}
	sent, err := s.Send(ctx, to, r)
	if err != nil {
		if e.unavailable(err) {
			// A platform whose conversations live in the store (the web
			// chat, its staff room) cannot take the post for the moment.
			return Sent{}, fmt.Errorf("post to %s: %w: %w", to.Platform, ErrUnavailable, err)
		}
		return Sent{}, fmt.Errorf("post to %s: %w", to.Platform, err)
	}
	return sent, nil
}

// storeDown reports whether err, from a step of a turn, means the store
// could not be reached or could not serve it at the moment.
func (e *Engine) storeDown(err error) bool {
	if err == nil {
		return false
	}
	return errors.Is(err, ErrUnavailable) || e.unavailable(err)
}

// Outcome is what came of one event.
type Outcome struct {
	// Replies are the messages the bot posted in the event's own
	// conversation while handling it, in order.
	Replies []Sent
	// Duplicate is true when the event id had been handled before.
	Duplicate bool
	// Failed is true when the handler failed and the user got an apology.
	Failed bool
	// Limited is true when the event was over a rate limit and not handled.
	Limited bool
	// Reference is the event's correlation id in the logs.
	Reference string
}

// Handle runs one event. It returns an error only when the event could not
// be run at all: invalid, the store unavailable (ErrUnavailable, after the
// user was told) or ctx done. A handler's failure is logged, answered with an
// apology and reported in Outcome.Failed.
func (e *Engine) Handle(ctx context.Context, ev Event) (Outcome, error) {
	start := e.opts.Now()
	out, outcome, err := e.handle(ctx, ev)
	if e.opts.Observer != nil {
		e.opts.Observer.ObserveEvent(ev.Ref.Platform, ev.Kind, outcome, e.opts.Now().Sub(start))
	}
	level := slog.LevelDebug
	if outcome == OutcomeError || outcome == OutcomeUnavailable || outcome == OutcomeLimited {
		level = slog.LevelWarn
	}
	e.opts.Logger.LogAttrs(ctx, level, "event",
		slog.String("component", "engine"),
		slog.String("ref", out.Reference),
		slog.String("platform", ev.Ref.Platform),
		slog.String("kind", string(ev.Kind)),
		slog.String("outcome", outcome),
		slog.Int("replies", len(out.Replies)),
		slog.Duration("took", e.opts.Now().Sub(start)),
	)
	return out, err
}

func (e *Engine) handle(ctx context.Context, ev Event) (Outcome, string, error) {
	out := Outcome{Reference: newID(6)}
	if !ev.Kind.Valid() || ev.Ref.Platform == "" || ev.Ref.Channel == "" {
		return out, OutcomeInvalid, fmt.Errorf("%w: kind %q, platform %q, channel %q", ErrInvalidEvent, ev.Kind, ev.Ref.Platform, ev.Ref.Channel)
	}
	if ev.Time.IsZero() {
		ev.Time = e.opts.Now()
	}
	if ev.Kind == KindMessage {
		// Control characters (but tab and line breaks) carry no meaning in
		// chat and are dropped, whatever the platform let through.
		ev.Text = stripControl(ev.Text)
	}
	// The display name is the sender's to choose: it reaches tickets, staff
	// posts and the PSA webhook, so it is cleaned and bounded like text.
	ev.UserName = CleanDisplayName(ev.UserName)
	ev.Staff = e.isStaff(ctx, ev.Ref)
	ev.Org = e.orgOf(ctx, ev.Ref)
	rw := &responder{engine: e, ev: &ev}
	conv := ev.Ref.Conversation()
	if n := e.opts.MaxTextChars; n > 0 && ev.Kind == KindMessage && utf8.RuneCountInString(ev.Text) > n {
		_, _ = rw.Reply(ctx, Reply{Text: e.opts.Texts.TooLong})
		out.Replies = rw.replies
		return out, OutcomeInvalid, nil
	}
	token := newID(12)
	status, sess, err := e.claim(ctx, rw, &ev, token)
	if err != nil {
		if ctx.Err() == nil {
			e.opts.Logger.LogAttrs(ctx, slog.LevelError, "conversation store unavailable",
				slog.String("component", "engine"), slog.String("ref", out.Reference), slog.Any("err", err))
			_, _ = rw.Reply(ctx, Reply{Text: e.opts.Texts.Unavailable})
		}
		// Best effort: a claim whose answer was lost may hold the lock and
		// the event's mark; give both up so that a redelivery runs.
		e.abandon(ctx, Release{Conversation: conv, User: ev.Ref.User, Token: token, EventID: ev.ID, Redeliver: true})
		out.Replies = rw.replies
		return out, OutcomeUnavailable, fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	if status == Duplicate {
		out.Duplicate = true
		out.Replies = rw.replies
		return out, OutcomeDuplicate, nil
	}
	if status == LimitReached || status == Limited {
		if status == LimitReached {
			_, _ = rw.Reply(ctx, Reply{Text: e.opts.Texts.Limited})
		}
		out.Limited, out.Replies = true, rw.replies
		return out, OutcomeLimited, nil
	}

	before, _ := json.Marshal(sess)
	if ev.Kind == KindMessage {
		sess.Turns++
	}
	req := &Request{Event: ev, Session: &sess, Reference: out.Reference}
	// The turn's own transcript entries are written by the release when
	// the store can (one round trip less); tctx carries their log.
	tctx, tlog := ctx, (*turnLog)(nil)
	if e.folds {
		tlog = &turnLog{conv: conv, open: true}
		tctx = context.WithValue(ctx, turnLogKey{}, tlog)
	}
	hctx, cancel := context.WithTimeout(tctx, e.opts.EventTimeout)
	stopRenew := e.keepLock(conv, token, out.Reference)
	herr := e.run(hctx, rw, req)
	stopRenew()
	cancel()

	outcome := OutcomeOK
	down := false // the store went away during the turn: nothing is kept
	switch {
	case herr == nil:
	case errors.Is(herr, ErrSkip):
		outcome = OutcomeUnhandled
		herr = nil
	case e.storeDown(herr):
		down = true
		e.opts.Logger.LogAttrs(ctx, slog.LevelError, "conversation store unavailable during the handler",
			slog.String("component", "engine"), slog.String("ref", out.Reference),
			slog.String("platform", ev.Ref.Platform), slog.Any("err", herr))
	default:
		outcome = OutcomeError
		out.Failed = true
		e.opts.Logger.LogAttrs(ctx, slog.LevelError, "handler failed",
			slog.String("component", "engine"), slog.String("ref", out.Reference),
			slog.String("platform", ev.Ref.Platform), slog.Any("err", herr))
		apology := e.opts.Texts.ApologyDE
		if req.Lang() == "en" {
			apology = e.opts.Texts.ApologyEN
		}
		_, _ = rw.Reply(tctx, Reply{Text: fmt.Sprintf(apology, out.Reference)})
	}
	entries := tlog.close()

	// Save only what a successful handler left; a failed one leaves the
	// session as it was.
	save := false
	if herr == nil {
		after, _ := json.Marshal(sess)
		save = !bytes.Equal(before, after)
	}
	rel := Release{Conversation: conv, User: ev.Ref.User, Token: token, Session: &sess, Save: save, EventID: ev.ID, Redeliver: down}
	if !down {
		// a turn not kept is run again by its redelivery, replies and all
		rel.Transcript = entries
	}
	if err := e.release(ctx, rel); err != nil {
		e.opts.Logger.LogAttrs(ctx, slog.LevelError, "saving session failed",
			slog.String("component", "engine"), slog.String("ref", out.Reference), slog.Any("err", err))
		outcome = OutcomeError
		out.Failed = true
		if !errors.Is(err, ErrConflict) {
			// The store went away after the handler ran: what it answered
			// is not kept, so the user is asked to repeat rather than left
			// with an answer the conversation does not remember. Repeating
			// is safe: steps that write (filing a ticket, holding a slot,
			// telling staff) are idempotent, the lock's lease runs out
			// within LockLease, and a redelivery of the same event id takes
			// the event over.
			down, herr = true, err
		}
	}
	if down {
		out.Failed = true
		_, _ = rw.Reply(ctx, Reply{Text: e.opts.Texts.Unavailable})
		rw.mu.Lock()
		out.Replies = rw.replies
		rw.mu.Unlock()
		return out, OutcomeUnavailable, fmt.Errorf("%w: %w", ErrUnavailable, herr)
	}
	rw.mu.Lock()
	out.Replies = rw.replies
	rw.mu.Unlock()
	return out, outcome, nil
}

// release ends the turn in the store. A store that is unavailable for a
// moment (a failover, CLUSTERDOWN, a restart) is retried with backoff for
// up to ReleaseRetry, so that a blip neither loses the turn nor leaves the
// lock behind; a release that ran but whose answer was lost is harmless to
// repeat.
func (e *Engine) release(ctx context.Context, r Release) error {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), e.opts.ReleaseRetry+5*time.Second)
	defer cancel()
	deadline := time.Now().Add(e.opts.ReleaseRetry)
	backoff := 50 * time.Millisecond
	for {
		err := e.store.Release(rctx, r)
		if err == nil || errors.Is(err, ErrConflict) || !e.storeDown(err) || time.Now().Add(backoff).After(deadline) {
			return err
		}
		e.opts.Logger.LogAttrs(ctx, slog.LevelWarn, "release failed, retrying",
			slog.String("component", "engine"), slog.Duration("in", backoff), slog.Any("err", err))
		t := time.NewTimer(backoff)
		select {
		case <-rctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
		backoff = min(2*backoff, time.Second)
	}
}

// abandon gives up a claim whose outcome is unknown, best effort.
func (e *Engine) abandon(ctx context.Context, r Release) {
	actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
	defer cancel()
	_ = e.store.Release(actx, r)
}

// keepLock renews the conversation's lock every third of LockLease while
// the handler runs, for at most LockTTL in all, and returns the function
// that stops it. A lost lock (held past its lease, taken by another event)
// is logged; the session's version still guards the save.
func (e *Engine) keepLock(conv Ref, token, ref string) (stop func()) {
	lease, bound := e.opts.LockLease, e.opts.LockTTL
	if lease >= bound {
		return func() {}
	}
	every := lease / 3
	until := time.Now().Add(bound - lease)
	var (
		mu      sync.Mutex
		stopped bool
		timer   *time.Timer
	)
	var renew func()
	renew = func() {
		mu.Lock()
		if stopped {
			mu.Unlock()
			return
		}
		mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), every)
		held, err := e.store.Renew(ctx, conv, token, lease)
		cancel()
		switch {
		case err != nil:
			e.opts.Logger.LogAttrs(ctx, slog.LevelWarn, "renewing the conversation's lock failed",
				slog.String("component", "engine"), slog.String("ref", ref), slog.Any("err", err))
		case !held:
			mu.Lock()
			gone := !stopped
			mu.Unlock()
			if gone {
				e.opts.Logger.LogAttrs(ctx, slog.LevelWarn, "the conversation's lock was lost while the handler ran",
					slog.String("component", "engine"), slog.String("ref", ref))
			}
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if !stopped && time.Now().Before(until) {
			timer = time.AfterFunc(every, renew)
		}
	}
	mu.Lock()
	timer = time.AfterFunc(every, renew)
	mu.Unlock()
	return func() {
		mu.Lock()
		defer mu.Unlock()
		stopped = true
		timer.Stop()
	}
}

// claim takes the conversation, waiting for an earlier event to finish. After
// LockWait the user is told to wait a moment; the wait goes on for up to
// LockTTL more, after which any earlier holder's lock has expired.
func (e *Engine) claim(ctx context.Context, rw *responder, ev *Event, token string) (ClaimStatus, Session, error) {
	c := Claim{
		Conversation: ev.Ref.Conversation(),
		User:         ev.Ref.User,
		EventID:      ev.ID,
		CheckSeen:    ev.ID != "",
		SeenTTL:      e.opts.SeenTTL,
		Token:        token,
		LockTTL:      e.opts.LockLease,
		Count:        e.opts.ConversationLimit > 0 || e.opts.UserLimit > 0,
		Limit:        e.opts.ConversationLimit,
		UserLimit:    e.opts.UserLimit,
		Window:       e.opts.RateWindow,
	}
	waitStart := time.Now()
	told := false
	backoff := 2 * time.Millisecond
	for {
		status, sess, err := e.store.Claim(ctx, c)
		if err != nil {
			return 0, Session{}, fmt.Errorf("claim conversation: %w", err)
		}
		if status != Busy && status != Running {
			return status, sess, nil
		}
		// The event is counted; later attempts only wait for the lock (the
		// event's mark stays this claim's, or is taken back from a
		// delivery of the same event that came meanwhile: whichever takes
		// the lock runs it, the other is a duplicate).
		c.Count = false
		waited := time.Since(waitStart)
		if !told && status == Busy && waited >= e.opts.LockWait {
			told = true
			_, _ = rw.Reply(ctx, Reply{Text: e.opts.Texts.Wait})
		}
		if waited >= e.opts.LockWait+e.opts.LockTTL {
			return 0, Session{}, fmt.Errorf("claim conversation: still locked after %s", waited.Round(time.Millisecond))
		}
		t := time.NewTimer(backoff)
		select {
		case <-ctx.Done():
			t.Stop()
			return 0, Session{}, fmt.Errorf("claim conversation: %w", ctx.Err())
		case <-t.C:
		}
		if backoff < 50*time.Millisecond {
			backoff *= 2
		}
	}
}

// run calls the handler and turns a panic into an error whose stack is
// logged.
func (e *Engine) run(ctx context.Context, rw Responder, req *Request) (err error) {
	defer func() {
		if r := recover(); r != nil {
			e.opts.Logger.LogAttrs(ctx, slog.LevelError, "handler panicked",
				slog.String("component", "engine"), slog.String("ref", req.Reference),
				slog.Any("panic", r), slog.String("stack", string(debug.Stack())))
			err = fmt.Errorf("handler panicked: %v", r)
		}
	}()
	return e.handler.Handle(ctx, rw, req)
}

func (e *Engine) orgOf(ctx context.Context, where Ref) string {
	e.mu.RLock()
	d := e.orgs
	e.mu.RUnlock()
	if d == nil {
		d = OrgMap{}
	}
	org, err := d.OrgOf(ctx, where)
	if err != nil || org == "" {
		// Never share an organisation by accident: fall back to the user.
		return where.Platform + ":@" + where.User
	}
	return org
}

func (e *Engine) isStaff(ctx context.Context, user Ref) bool {
	e.mu.RLock()
	d, ok := e.staff[user.Platform]
	e.mu.RUnlock()
	if !ok || user.User == "" {
		return false
	}
	staff, err := d.IsStaff(ctx, user)
	if err != nil {
		e.opts.Logger.LogAttrs(ctx, slog.LevelWarn, "staff lookup failed; treating user as client",
			slog.String("component", "engine"), slog.String("platform", user.Platform), slog.Any("err", err))
		return false
	}
	return staff
}

// responder sends through the registered senders and remembers what went to
// the event's own conversation.
type responder struct {
	engine  *Engine
	ev      *Event
	mu      sync.Mutex
	replies []Sent
}

func (r *responder) Reply(ctx context.Context, rep Reply) (Sent, error) {
	to := r.ev.Ref.Conversation()
	to.Message = r.ev.Ref.Message
	return r.Post(ctx, to, rep)
}

func (r *responder) Post(ctx context.Context, to Ref, rep Reply) (Sent, error) {
	sent, err := r.engine.Post(ctx, to, rep)
	if err != nil {
		return Sent{}, err
	}
	if to.SameConversation(r.ev.Ref) {
		r.mu.Lock()
		r.replies = append(r.replies, sent)
		r.mu.Unlock()
	}
	return sent, nil
}

// newID returns n random bytes as hex.
func newID(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// NewID returns a random id of n bytes in hex, for message ids and tokens.
func NewID(n int) string { return newID(n) }

// MaxDisplayName bounds a display name in characters.
const MaxDisplayName = 64

// CleanDisplayName makes a platform's display name safe to show anywhere:
// one line of valid UTF-8 without control or format characters, no
// platform markup that could mention or notify ("<!channel>", "<@U…>",
// "@everyone", "@here"), spaces collapsed, at most MaxDisplayName
// characters. What is left is still only a hint of who writes.
func CleanDisplayName(s string) string {
	if s == "" {
		return ""
	}
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '<' || r == '>' || r == '`' || r == '*' || r == '_' || r == '~' || r == '|':
			return ' '
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, ""))
	fields := strings.Fields(s)
	for i, f := range fields {
		// "@everyone", "@here", "@U123": a name, not a mention
		fields[i] = strings.TrimLeft(f, "@!#")
	}
	s = strings.Join(slices.DeleteFunc(fields, func(f string) bool { return f == "" }), " ")
	if utf8.RuneCountInString(s) > MaxDisplayName {
		s = strings.TrimSpace(string([]rune(s)[:MaxDisplayName]))
	}
	return s
}

// IsControl reports the control characters a chat message has no use for:
// all of C0 and C1 but tab, line feed and carriage return.
func IsControl(r rune) bool {
	return unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r'
}

// stripControl removes the characters IsControl reports and replaces
// invalid UTF-8.
func stripControl(s string) string {
	if utf8.ValidString(s) && strings.IndexFunc(s, IsControl) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if IsControl(r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}
