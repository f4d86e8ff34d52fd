package metrics

import (
	"context"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/redisstore"
)

func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	b, _ := io.ReadAll(rec.Body)
	return string(b)
}

func TestEventsAndRedisErrorsAreCounted(t *testing.T) {
	m := New()
	m.ObserveEvent("web", bot.KindMessage, bot.OutcomeOK, 3*time.Millisecond)
	m.ObserveEvent("web", bot.KindMessage, bot.OutcomeOK, 5*time.Millisecond)
	m.ObserveEvent("slack", bot.KindReactionAdded, bot.OutcomeDuplicate, time.Millisecond)

	conn, err := redisstore.Open("", "")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.Client.AddHook(m.RedisHook())
	ctx := context.Background()
	if err := conn.Client.Get(ctx, "missing").Err(); err != redis.Nil {
		t.Fatalf("GET missing: %v", err)
	}
	if err := conn.Client.Do(ctx, "NOSUCHCOMMAND").Err(); err == nil {
		t.Fatal("unknown command succeeded")
	}
	out := scrape(t, m)
	for _, want := range []string{
		`mspbot_events_total{kind="message",outcome="ok",platform="web"} 2`,
		`mspbot_events_total{kind="reaction_added",outcome="duplicate",platform="slack"} 1`,
		`mspbot_event_duration_seconds_count{kind="message",platform="web"} 2`,
		`mspbot_redis_errors_total{command="nosuchcommand"} 1`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(out, `command="get"`) {
		t.Error("a missing key was counted as a Redis error")
	}
}
