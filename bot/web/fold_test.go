package web_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/bot/web"
	"github.com/mspbot/mspbot/internal/redistest"
	"github.com/mspbot/mspbot/redisstore"
)

// tripCounter counts the round trips to Redis (a pipeline is one).
type tripCounter struct{ n atomic.Int64 }

func (c *tripCounter) DialHook(next redis.DialHook) redis.DialHook { return next }
func (c *tripCounter) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error { c.n.Add(1); return next(ctx, cmd) }
}
func (c *tripCounter) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error { c.n.Add(1); return next(ctx, cmds) }
}

// TestTurnRepliesWrittenByTheRelease: on the JSON API a message costs two
// Redis round trips, the claim and the release, because the replies of
// the turn (transcript entries) are written by the release (issue 16: three
// before). While the turn runs its replies are not yet in the transcript;
// afterwards they are, in order, with a failed handler's apology after
// them; a message to another conversation is written at once; and a
// store that does not fold gives the three round trips of before.
func TestTurnRepliesWrittenByTheRelease(t *testing.T) {
	for _, fold := range []bool{true, false} {
		rdb := redis.NewClient(redistest.Options(t, redistest.DBWeb))
		t.Cleanup(func() { _ = rdb.Close() })
		trips := &tripCounter{}
		rdb.AddHook(trips)
		keys := redisstore.Keys{Prefix: "f" + bot.NewID(4)}
		tr := redisstore.NewTranscripts(rdb, redisstore.TranscriptOptions{Keys: keys})
		opts := redisstore.SessionOptions{Keys: keys}
		if fold {
			opts.Transcripts = tr
		}
		var seenInTurn atomic.Int64
		h := bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
			ev := req.Event
			if ev.Text == "count" {
				_, err := rw.Reply(ctx, bot.Reply{Text: "one"})
				return err
			}
			for _, text := range []string{"first", "second"} {
				if _, err := rw.Reply(ctx, bot.Reply{Text: text}); err != nil {
					return err
				}
			}
			if _, err := rw.Post(ctx, bot.Ref{Platform: web.PlatformAPI, Channel: "staff"}, bot.Reply{Text: "note"}); err != nil {
				return err
			}
			// what a reader of the transcript sees while the turn runs
			seen, err := tr.List(ctx, ev.Ref.Conversation())
			if err != nil {
				return err
			}
			seenInTurn.Store(int64(len(seen)))
			if staff, _ := tr.List(ctx, bot.Ref{Platform: web.PlatformAPI, Channel: "staff"}); len(staff) != 1 {
				t.Errorf("fold=%v: the message to another conversation is not written at once (%d)", fold, len(staff))
			}
			return errors.New("the handler fails after answering")
		})
		a := web.New(tr, web.Options{})
		e := bot.NewEngine(redisstore.NewSessions(rdb, opts), h, bot.EngineOptions{})
		e.Register(web.PlatformAPI, a)
		srv := &server{Server: httptest.NewServer(a.Handler(e))}

		// the first message loads the scripts
		srv.do(t, "POST", "/api/messages", `{"conversation":"c-0","user":"u-1","text":"count"}`, nil)
		before := trips.n.Load()
		r := srv.do(t, "POST", "/api/messages", `{"conversation":"c-1","user":"u-1","text":"count"}`, nil)
		used := trips.n.Load() - before
		if r.Status != 200 || len(r.Replies) != 1 {
			t.Fatalf("fold=%v: %+v", fold, r)
		}
		want := int64(3)
		if fold {
			want = 2
		}
		if used != want {
			t.Errorf("fold=%v: a message took %d Redis round trips, want %d", fold, used, want)
		}

		r = srv.do(t, "POST", "/api/messages", `{"conversation":"c-1","user":"u-1","text":"two replies"}`, nil)
		if r.Status != 200 || len(r.Replies) != 3 {
			t.Fatalf("fold=%v: replies %+v, want two and the apology", fold, r)
		}
		if fold && seenInTurn.Load() != 1 {
			t.Errorf("fold=%v: during the turn the transcript had %d entries, want only the earlier turn's", fold, seenInTurn.Load())
		}
		h2 := srv.do(t, "GET", "/api/conversations/c-1/messages", "", nil)
		if len(h2.Messages) != 4 || h2.Messages[0].Text != "one" || h2.Messages[1].Text != "first" || h2.Messages[2].Text != "second" ||
			h2.Messages[3].ID != r.Replies[2].ID {
			t.Errorf("fold=%v: transcript = %+v, want one, first, second and the apology in order", fold, h2.Messages)
		}
		srv.Close()
	}
}

// TestStaffNoticePostedOnce: a reply with a once key (a ticket's notice
// in the web chat's staff room) is posted once however often it is sent:
// a retry after a replica was killed, or Redis failed over, between the
// post and the ticket's record of it gets the first post's id back (issue
// 16 saw the staff notice twice).
func TestStaffNoticePostedOnce(t *testing.T) {
	rdb := redistest.Open(t, redistest.DBWeb)
	keys := redisstore.Keys{Prefix: "o" + bot.NewID(4)}
	tr := redisstore.NewTranscripts(rdb, redisstore.TranscriptOptions{Keys: keys})
	a := web.New(tr, web.Options{})
	ctx := context.Background()
	room := bot.Ref{Platform: web.PlatformAPI, Channel: "staff"}
	first, err := a.Send(ctx, room, bot.Reply{Text: "📞 CB-26-0001", Once: "ticket:CB-26-0001"})
	if err != nil {
		t.Fatal(err)
	}
	again, err := a.Send(ctx, room, bot.Reply{Text: "📞 CB-26-0001", Once: "ticket:CB-26-0001"})
	if err != nil {
		t.Fatal(err)
	}
	if again.Ref.Message != first.Ref.Message {
		t.Errorf("the repeated post got id %q, want the first post's %q", again.Ref.Message, first.Ref.Message)
	}
	if _, err := a.Send(ctx, room, bot.Reply{Text: "📞 CB-26-0002", Once: "ticket:CB-26-0002"}); err != nil {
		t.Fatal(err)
	}
	// another room is told on its own
	if _, err := a.Send(ctx, bot.Ref{Platform: web.PlatformAPI, Channel: "staff-2"}, bot.Reply{Text: "📞 CB-26-0001", Once: "ticket:CB-26-0001"}); err != nil {
		t.Fatal(err)
	}
	got, err := tr.List(ctx, room)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Text != "📞 CB-26-0001" || got[1].Text != "📞 CB-26-0002" {
		t.Fatalf("staff room = %+v, want each notice once", got)
	}
	if other, _ := tr.List(ctx, bot.Ref{Platform: web.PlatformAPI, Channel: "staff-2"}); len(other) != 1 {
		t.Fatalf("the second room has %d notices, want 1", len(other))
	}
}
