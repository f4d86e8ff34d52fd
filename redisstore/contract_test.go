package redisstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/internal/redistest"
	"github.com/mspbot/mspbot/redisstore"
)

// backends runs f against the real Redis and against the embedded store.
func backends(t *testing.T, f func(t *testing.T, rdb redis.UniversalClient)) {
	t.Run("redis", func(t *testing.T) { f(t, redistest.Open(t, redistest.DBRedisStore)) })
	t.Run("embedded", func(t *testing.T) {
		conn, err := redisstore.Open("", "")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = conn.Close() })
		if !conn.Embedded {
			t.Fatal("empty URL did not give the embedded store")
		}
		f(t, conn.Client)
	})
}

var conv = bot.Ref{Platform: "web", Channel: "c-1"}

// cbState stands for the handlers' state: the store keeps it byte for byte.
const cbState = `{"dialogue":"callback","callback":{"topic":"Drucker"}}`

func claim(id, token string, check bool) bot.Claim {
	return bot.Claim{Conversation: conv, User: "u-1", EventID: id, CheckSeen: check,
		SeenTTL: time.Minute, Token: token, LockTTL: time.Minute}
}

// release is a release of conv's session of u-1.
func release(token string, sess *bot.Session, save bool, event string) bot.Release {
	return bot.Release{Conversation: conv, User: "u-1", Token: token, Session: sess, Save: save, EventID: event}
}

func TestSessionsContract(t *testing.T) {
	backends(t, func(t *testing.T, rdb redis.UniversalClient) {
		ctx := context.Background()
		keys := redisstore.Keys{Prefix: "t" + bot.NewID(4)}
		s := redisstore.NewSessions(rdb, redisstore.SessionOptions{Keys: keys})

		st, sess, err := s.Claim(ctx, claim("e1", "tok1", true))
		if err != nil || st != bot.Claimed {
			t.Fatalf("first claim = %v, %v; want Claimed", st, err)
		}
		if sess.Version != 0 || len(sess.State) != 0 {
			t.Fatalf("new session = %+v, want empty version 0", sess)
		}
		// Same conversation, lock held: busy; the event id is marked all the same.
		if st, _, err := s.Claim(ctx, claim("e2", "tok2", true)); err != nil || st != bot.Busy {
			t.Fatalf("claim while locked = %v, %v; want Busy", st, err)
		}
		// The same event delivered again while its first delivery runs waits for it.
		if st, _, _ := s.Claim(ctx, claim("e1", "tok2b", true)); st != bot.Running {
			t.Fatalf("a second delivery while the first runs = %v, want Running", st)
		}
		// A release by a stranger's token leaves the lock alone.
		other := bot.Session{}
		if err := s.Release(ctx, release("not-the-owner", &other, false, "e1")); err != nil {
			t.Fatalf("release with foreign token: %v", err)
		}
		if st, _, _ := s.Claim(ctx, claim("", "tok3", false)); st != bot.Busy {
			t.Fatalf("foreign release unlocked the conversation: %v", st)
		}
		// Renewing extends the lock only for its holder.
		if held, err := s.Renew(ctx, conv, "tok1", time.Minute); err != nil || !held {
			t.Fatalf("renew by the holder = %v, %v", held, err)
		}
		if held, _ := s.Renew(ctx, conv, "tok3", time.Minute); held {
			t.Fatal("a stranger renewed the lock")
		}

		sess.Lang, sess.Turns = "de", 2
		sess.State = json.RawMessage(cbState)
		saved := sess
		if err := s.Release(ctx, release("tok1", &sess, true, "e1")); err != nil {
			t.Fatalf("release with save: %v", err)
		}
		if sess.Version != 1 {
			t.Fatalf("version after first save = %d, want 1", sess.Version)
		}
		// A release repeated after its answer was lost is no conflict.
		if err := s.Release(ctx, release("tok1", &saved, true, "e1")); err != nil || saved.Version != 1 {
			t.Fatalf("repeated release = %v, version %d; want no conflict, version 1", err, saved.Version)
		}
		if held, _ := s.Renew(ctx, conv, "tok1", time.Minute); held {
			t.Fatal("renewed a released lock")
		}
		// Duplicate of e1 is refused after its release.
		if st, _, _ := s.Claim(ctx, claim("e1", "tok4", true)); st != bot.Duplicate {
			t.Fatalf("duplicate event = %v, want Duplicate", st)
		}
		st, got, err := s.Claim(ctx, claim("e3", "tok5", true))
		if err != nil || st != bot.Claimed {
			t.Fatalf("claim after release = %v, %v", st, err)
		}
		if got.Version != 1 || string(got.State) != cbState || got.Lang != "de" || got.Turns != 2 {
			t.Fatalf("loaded session = %+v", got)
		}
		// A stale writer (version 0) conflicts and saves nothing.
		stale := bot.Session{Version: 0, State: json.RawMessage(`{"dialogue":"other"}`)}
		err = s.Release(ctx, release("tok5", &stale, true, "e3"))
		if !errors.Is(err, bot.ErrConflict) {
			t.Fatalf("stale save error = %v, want ErrConflict", err)
		}
		if loaded, _ := s.Load(ctx, conv, "u-1"); string(loaded.State) != cbState || loaded.Version != 1 {
			t.Fatalf("stale save changed the session: %+v", loaded)
		}
		// The conflicting release still freed the lock.
		if st, _, _ := s.Claim(ctx, claim("e4", "tok6", true)); st != bot.Claimed {
			t.Fatalf("lock not released after conflict: %v", st)
		}
		// A release that forgets the event lets a redelivery run again.
		r := release("tok6", &got, false, "e4")
		r.Redeliver = true
		_ = s.Release(ctx, r)
		if st, _, _ := s.Claim(ctx, claim("e4", "tok7", true)); st != bot.Claimed {
			t.Fatalf("claim of a redelivered event = %v, want Claimed", st)
		}
		// Its holder is killed: the lock expires, never released; the
		// event's redelivery takes it over.
		if err := rdb.Del(ctx, keys.Lock(conv)).Err(); err != nil {
			t.Fatal(err)
		}
		if st, _, _ := s.Claim(ctx, claim("e4", "tok8", true)); st != bot.Claimed {
			t.Fatalf("a redelivery after its holder died = %v, want Claimed", st)
		}
		_ = s.Release(ctx, release("tok8", &got, false, "e4"))
		if st, _, _ := s.Claim(ctx, claim("e4", "tok9", true)); st != bot.Duplicate {
			t.Fatalf("after the redelivery ran = %v, want Duplicate", st)
		}

		// Another user in the same conversation has a session of their own.
		c2 := claim("", "tok10", false)
		c2.User = "u-2"
		if st, s2, _ := s.Claim(ctx, c2); st != bot.Claimed || len(s2.State) != 0 {
			t.Fatalf("second user's session = %v %+v, want a new one", st, s2)
		}
	})
}

// TestSessionsRateLimits: the claim counts the user's events across
// conversations and the conversation's events, in the store; the first
// event over a limit is LimitReached (the user is told), later ones
// Limited, and a refused event is handled for good (its redelivery is a
// duplicate).
func TestSessionsRateLimits(t *testing.T) {
	backends(t, func(t *testing.T, rdb redis.UniversalClient) {
		ctx := context.Background()
		s := redisstore.NewSessions(rdb, redisstore.SessionOptions{Keys: redisstore.Keys{Prefix: "l" + bot.NewID(4)}})
		counted := func(channel, user, id string, convLimit, userLimit int) bot.ClaimStatus {
			t.Helper()
			c := bot.Claim{Conversation: bot.Ref{Platform: "web", Channel: channel}, User: user, EventID: id, CheckSeen: id != "",
				SeenTTL: time.Minute, Token: bot.NewID(4), LockTTL: time.Minute, Count: true, Limit: convLimit, UserLimit: userLimit, Window: time.Minute}
			st, sess, err := s.Claim(ctx, c)
			if err != nil {
				t.Fatal(err)
			}
			if st == bot.Claimed {
				if err := s.Release(ctx, bot.Release{Conversation: c.Conversation, User: user, Token: c.Token, Session: &sess, EventID: id}); err != nil {
					t.Fatal(err)
				}
			}
			return st
		}
		var got []bot.ClaimStatus
		for i := range 5 {
			got = append(got, counted(fmt.Sprintf("c%d", i), "u", fmt.Sprintf("e%d", i), 0, 3))
		}
		want := []bot.ClaimStatus{bot.Claimed, bot.Claimed, bot.Claimed, bot.LimitReached, bot.Limited}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("user over 3 across conversations: %v, want %v", got, want)
		}
		if st := counted("c3", "u", "e3", 0, 3); st != bot.Duplicate {
			t.Fatalf("redelivery of a refused event = %v, want Duplicate", st)
		}
		if st := counted("c0", "someone-else", "", 0, 3); st != bot.Claimed {
			t.Fatalf("another user = %v, want Claimed", st)
		}
		got = nil
		for i := range 4 {
			got = append(got, counted("busy", fmt.Sprintf("v%d", i), "", 2, 10))
		}
		want = []bot.ClaimStatus{bot.Claimed, bot.Claimed, bot.LimitReached, bot.Limited}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("conversation over 2: %v, want %v", got, want)
		}
	})
}

func TestSessionsExpireInRealTime(t *testing.T) {
	backends(t, func(t *testing.T, rdb redis.UniversalClient) {
		ctx := context.Background()
		s := redisstore.NewSessions(rdb, redisstore.SessionOptions{Keys: redisstore.Keys{Prefix: "x" + bot.NewID(4)}, IdleTTL: 300 * time.Millisecond})
		c := claim("", "tok", false)
		c.LockTTL = 200 * time.Millisecond
		_, sess, err := s.Claim(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		// A crashed holder never releases; its lock expires by itself.
		deadline := time.Now().Add(5 * time.Second)
		for {
			st, _, err := s.Claim(ctx, claim("", "tok2", false))
			if err != nil {
				t.Fatal(err)
			}
			if st == bot.Claimed {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("lock never expired")
			}
			time.Sleep(20 * time.Millisecond)
		}
		sess.State = json.RawMessage(cbState)
		if err := s.Release(ctx, release("tok2", &sess, true, "")); err != nil {
			t.Fatal(err)
		}
		if loaded, _ := s.Load(ctx, conv, "u-1"); string(loaded.State) != cbState {
			t.Fatalf("session not saved: %+v", loaded)
		}
		deadline = time.Now().Add(5 * time.Second)
		for {
			loaded, err := s.Load(ctx, conv, "u-1")
			if err != nil {
				t.Fatal(err)
			}
			if len(loaded.State) == 0 && loaded.Version == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("idle session never expired")
			}
			time.Sleep(50 * time.Millisecond)
		}
	})
}

func TestTranscriptsContract(t *testing.T) {
	backends(t, func(t *testing.T, rdb redis.UniversalClient) {
		ctx := context.Background()
		tr := redisstore.NewTranscripts(rdb, redisstore.TranscriptOptions{Keys: redisstore.Keys{Prefix: "t" + bot.NewID(4)}, Max: 3})
		for i := range 5 {
			m := bot.Sent{Ref: bot.Ref{Platform: "web", Channel: "c-1", Message: fmt.Sprintf("m%d", i)}, Text: fmt.Sprintf("text %d", i), Time: time.Unix(int64(i), 0).UTC()}
			if err := tr.Append(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
		got, err := tr.List(ctx, bot.Ref{Platform: "web", Channel: "c-1", User: "whoever"})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 3 || got[0].Text != "text 2" || got[2].Text != "text 4" {
			t.Fatalf("transcript = %+v, want the last three in order", got)
		}
		if got[1].Ref.Message != "m3" || !got[1].Time.Equal(time.Unix(3, 0)) || got[1].Ref.Platform != "web" || got[1].Ref.Channel != "c-1" {
			t.Fatalf("message ids, times or place not kept: %+v", got[1])
		}
		// Entries written by earlier versions (a whole bot.Sent) are still read.
		keys := redisstore.Keys{Prefix: "t" + bot.NewID(4)}
		old := redisstore.NewTranscripts(rdb, redisstore.TranscriptOptions{Keys: keys})
		oldConv := bot.Ref{Platform: "web", Channel: "c-old"}
		rdb.RPush(ctx, keys.Transcript(oldConv), `{"ref":{"platform":"web","channel":"c-old","message":"m-9"},"text":"alt","time":"2026-01-02T03:04:05Z"}`)
		if got, _ := old.List(ctx, oldConv); len(got) != 1 || got[0].Text != "alt" || got[0].Ref.Message != "m-9" || got[0].Time.Year() != 2026 {
			t.Fatalf("old entry read as %+v", got)
		}
		other, _ := tr.List(ctx, bot.Ref{Platform: "web", Channel: "c-2"})
		if len(other) != 0 {
			t.Fatalf("other conversation sees %d messages", len(other))
		}
		if err := tr.Delete(ctx, conv); err != nil {
			t.Fatal(err)
		}
		if gone, _ := tr.List(ctx, conv); len(gone) != 0 {
			t.Fatalf("deleted transcript still has %d messages", len(gone))
		}
	})
}

func TestKeysShareHashTagAndEscape(t *testing.T) {
	k := redisstore.Keys{}
	c := bot.Ref{Platform: "web", Channel: "a{b}/c"}
	lock, sess := k.Lock(c), k.Session(c, "u")
	tag := func(s string) string {
		i := 0
		for i < len(s) && s[i] != '{' {
			i++
		}
		j := i
		for j < len(s) && s[j] != '}' {
			j++
		}
		return s[i : j+1]
	}
	if tag(lock) != tag(sess) || tag(lock) != tag(k.Seen(c, "e")) || tag(lock) != tag(k.Transcript(c)) {
		t.Fatalf("keys of one conversation have different hash tags: %s %s", lock, sess)
	}
	if d := (bot.Ref{Platform: "web", Channel: "a"}); k.Lock(d) == k.Lock(bot.Ref{Platform: "web", Channel: "a", Thread: "t"}) {
		t.Fatal("thread does not separate conversations")
	}
}

// TestSessionsSavedAsHashStillRead: a session is one string (its version,
// a colon, its JSON: a third of the memory of a hash); one saved as a hash
// of v and d by an earlier version is still read, and the next save
// replaces it by a string with an expiry.
func TestSessionsSavedAsHashStillRead(t *testing.T) {
	backends(t, func(t *testing.T, rdb redis.UniversalClient) {
		ctx := context.Background()
		keys := redisstore.Keys{Prefix: "t" + bot.NewID(4)}
		s := redisstore.NewSessions(rdb, redisstore.SessionOptions{Keys: keys})
		key := keys.Session(conv, "u-1")
		state := `{"lang":"de","turns":3,"state":` + cbState + `}`
		if err := rdb.HSet(ctx, key, "v", "4", "d", state).Err(); err != nil {
			t.Fatal(err)
		}
		if err := rdb.PExpire(ctx, key, time.Hour).Err(); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Load(ctx, conv, "u-1"); err != nil || got.Version != 4 || got.Turns != 3 || string(got.State) != cbState {
			t.Fatalf("Load of a hash session = %+v, %v", got, err)
		}
		st, sess, err := s.Claim(ctx, claim("h1", "tok1", true))
		if err != nil || st != bot.Claimed || sess.Version != 4 || sess.Lang != "de" || string(sess.State) != cbState {
			t.Fatalf("claim of a hash session = %v %+v, %v", st, sess, err)
		}
		sess.Turns++
		r := release("tok1", &sess, true, "h1")
		if err := s.Release(ctx, r); err != nil || sess.Version != 5 {
			t.Fatalf("save over a hash session = %v, version %d", err, sess.Version)
		}
		if typ := rdb.Type(ctx, key).Val(); typ != "string" {
			t.Fatalf("session saved as %s, want string", typ)
		}
		if ttl := rdb.PTTL(ctx, key).Val(); ttl <= 0 {
			t.Fatalf("session's expiry after the save = %v, want one", ttl)
		}
		if got, err := s.Load(ctx, conv, "u-1"); err != nil || got.Version != 5 || got.Turns != 4 || string(got.State) != cbState {
			t.Fatalf("Load after the save = %+v, %v", got, err)
		}
	})
}

// TestReleaseAppendsTheTurnsTranscript: with Transcripts set, a release
// appends the turn's transcript entries in its own script (one round trip
// instead of two), trims the transcript and renews its expiry, and a
// repeated release (its answer lost) appends nothing twice; a brief
// conversation's transcript still gets the brief expiry.
func TestReleaseAppendsTheTurnsTranscript(t *testing.T) {
	backends(t, func(t *testing.T, rdb redis.UniversalClient) {
		ctx := context.Background()
		keys := redisstore.Keys{Prefix: "t" + bot.NewID(4)}
		tr := redisstore.NewTranscripts(rdb, redisstore.TranscriptOptions{Keys: keys, Max: 3, TTL: time.Hour})
		s := redisstore.NewSessions(rdb, redisstore.SessionOptions{Keys: keys, Transcripts: tr,
			BriefTTL: time.Minute, BriefPlatforms: []string{"web"}})
		if !s.FoldsTranscripts() {
			t.Fatal("Sessions with Transcripts does not fold them")
		}
		sent := func(texts ...string) []bot.Sent {
			var out []bot.Sent
			for _, x := range texts {
				out = append(out, bot.Sent{Ref: bot.Ref{Platform: "web", Channel: "c-1", Message: "bot-" + bot.NewID(4)}, Text: x, Time: time.Now()})
			}
			return out
		}
		turn := func(id string, turns int, entries []bot.Sent) bot.Release {
			token := bot.NewID(4)
			st, sess, err := s.Claim(ctx, claim(id, token, true))
			if err != nil || st != bot.Claimed {
				t.Fatalf("claim %s = %v, %v", id, st, err)
			}
			sess.Turns = turns
			rel := release(token, &sess, true, id)
			rel.Transcript = entries
			if err := s.Release(ctx, rel); err != nil {
				t.Fatal(err)
			}
			return rel
		}
		texts := func() []string {
			got, err := tr.List(ctx, conv)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, m := range got {
				out = append(out, m.Text)
			}
			return out
		}
		rel := turn("e1", 1, sent("a", "b"))
		if got := texts(); fmt.Sprint(got) != "[a b]" {
			t.Fatalf("transcript after the first turn = %v", got)
		}
		if ttl := rdb.PTTL(ctx, keys.Transcript(conv)).Val(); ttl <= 0 || ttl > time.Minute {
			t.Fatalf("a brief conversation's transcript expires in %s, want the brief minute", ttl)
		}
		// the same release again, as after a lost answer
		if err := s.Release(ctx, rel); err != nil {
			t.Fatal(err)
		}
		if got := texts(); fmt.Sprint(got) != "[a b]" {
			t.Fatalf("a repeated release appended again: %v", got)
		}
		turn("e2", 2, sent("c", "d"))
		if got := texts(); fmt.Sprint(got) != "[b c d]" {
			t.Fatalf("transcript after the second turn = %v, want the newest 3", got)
		}
		if ttl := rdb.PTTL(ctx, keys.Transcript(conv)).Val(); ttl <= 50*time.Minute {
			t.Fatalf("the transcript expires in %s, want the transcript's hour", ttl)
		}
		// a turn without entries leaves the transcript alone
		turn("e3", 3, nil)
		if got := texts(); fmt.Sprint(got) != "[b c d]" {
			t.Fatalf("transcript after a silent turn = %v", got)
		}
		// a store without Transcripts refuses entries rather than lose them
		plain := redisstore.NewSessions(rdb, redisstore.SessionOptions{Keys: keys})
		st, sess, err := plain.Claim(ctx, claim("e4", "tok-4", true))
		if err != nil || st != bot.Claimed {
			t.Fatalf("claim = %v, %v", st, err)
		}
		r := release("tok-4", &sess, false, "e4")
		r.Transcript = sent("x")
		if err := plain.Release(ctx, r); err == nil {
			t.Fatal("entries given to a store without transcripts were accepted")
		}
		r.Transcript = nil
		if err := plain.Release(ctx, r); err != nil {
			t.Fatal(err)
		}
	})
}
