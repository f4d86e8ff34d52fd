package redisstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/redisstore"
)

// TestBriefConversationsExpireEarly: on a platform named in BriefPlatforms a
// conversation that has seen one message keeps its session and transcript
// for BriefTTL only; its second message gives both their usual expiry
// again; other platforms are untouched.
func TestBriefConversationsExpireEarly(t *testing.T) {
	backends(t, func(t *testing.T, rdb redis.UniversalClient) {
		ctx := context.Background()
		keys := redisstore.Keys{Prefix: "b" + bot.NewID(4)}
		s := redisstore.NewSessions(rdb, redisstore.SessionOptions{Keys: keys, IdleTTL: 24 * time.Hour,
			BriefTTL: time.Hour, BriefPlatforms: []string{"webchat"}})
		tr := redisstore.NewTranscripts(rdb, redisstore.TranscriptOptions{Keys: keys, TTL: 7 * 24 * time.Hour})
		// turn runs one message of user in c: claim, a reply, release.
		turn := func(c bot.Ref, user string) {
			t.Helper()
			st, sess, err := s.Claim(ctx, bot.Claim{Conversation: c, User: user, Token: "tok", LockTTL: time.Minute})
			if err != nil || st != bot.Claimed {
				t.Fatalf("claim: %v %v", st, err)
			}
			sess.Turns++
			if err := tr.Append(ctx, bot.Sent{Ref: bot.Ref{Platform: c.Platform, Channel: c.Channel, Message: "m-" + bot.NewID(4)}, Text: "Antwort"}); err != nil {
				t.Fatal(err)
			}
			if err := s.Release(ctx, bot.Release{Conversation: c, User: user, Token: "tok", Session: &sess, Save: true}); err != nil {
				t.Fatal(err)
			}
		}
		ttls := func(c bot.Ref, user string) (session, transcript time.Duration) {
			t.Helper()
			return rdb.PTTL(ctx, keys.Session(c, user)).Val(), rdb.PTTL(ctx, keys.Transcript(c)).Val()
		}
		visitor := bot.Ref{Platform: "webchat", Channel: "v-1"}
		turn(visitor, "v-1")
		if sess, trn := ttls(visitor, "v-1"); sess <= 0 || sess > time.Hour || trn <= 0 || trn > time.Hour {
			t.Fatalf("after one message: session expires in %s, transcript in %s; want both within the brief TTL (1h)", sess, trn)
		}
		turn(visitor, "v-1")
		if sess, trn := ttls(visitor, "v-1"); sess <= 23*time.Hour || trn <= 6*24*time.Hour {
			t.Fatalf("after two messages: session expires in %s, transcript in %s; want 24h and 7 days", sess, trn)
		}
		api := bot.Ref{Platform: "web", Channel: "c-1"}
		turn(api, "u-1")
		if sess, trn := ttls(api, "u-1"); sess <= 23*time.Hour || trn <= 6*24*time.Hour {
			t.Fatalf("another platform after one message: session %s, transcript %s; want 24h and 7 days", sess, trn)
		}
	})
}
