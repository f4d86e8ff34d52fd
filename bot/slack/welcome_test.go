package slack

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestWelcomeOncePerUser: Slack sends app_home_opened each time a user
// opens the bot's App Home, so the adapter welcomes each user once, in the
// DM, in the workspace's language, saying what the bot can do
// (https://docs.slack.dev/reference/events/app_home_opened: "Verify that
// this is the first interaction between a user and your app before
// triggering your onboarding").
func TestWelcomeOncePerUser(t *testing.T) {
	for _, tc := range []struct {
		lang, want string
	}{
		{"", "Willkommen! Ich bin <@U0BOT>"},
		{"en", "Welcome! I am <@U0BOT>"},
	} {
		t.Run("lang "+tc.lang, func(t *testing.T) {
			f := newFakeSlack(t)
			a := newAdapter(t, f, func(o *Options) { o.Lang = tc.lang })
			rec := newRecorder()
			srv := httptest.NewServer(a.EventsHandler(rec))
			defer srv.Close()
			raw := readTestdata(t, "app_home_opened.json")
			for i := range 3 { // opened three times
				body := strings.Replace(string(raw), "Ev0HOME01", "Ev0HOME0"+string(rune('1'+i)), 1)
				if status, resp := do(t, slackRequest(t, srv.URL, []byte(body), false, testSecret, time.Now())); status != 200 {
					t.Fatalf("status %d %s", status, resp)
				}
				a.Wait()
			}
			posts := f.Posts()
			if len(posts) != 1 {
				t.Fatalf("%d welcomes for one user, want 1", len(posts))
			}
			if posts[0].Get("channel") != "D0NEWBIE" || !strings.HasPrefix(posts[0].Get("text"), tc.want) ||
				!strings.Contains(posts[0].Get("text"), "/mspbot") {
				t.Fatalf("welcome %v", posts[0])
			}
			// Another user is welcomed too; the engine never sees any of it.
			other := strings.NewReplacer("U0NEWBIE", "U0SECOND", "D0NEWBIE", "D0SECOND", "Ev0HOME01", "Ev0HOME09").Replace(string(raw))
			if status, resp := do(t, slackRequest(t, srv.URL, []byte(other), false, testSecret, time.Now())); status != 200 {
				t.Fatalf("status %d %s", status, resp)
			}
			a.Wait()
			if posts := f.Posts(); len(posts) != 2 || posts[1].Get("channel") != "D0SECOND" {
				t.Fatalf("posts %v", posts)
			}
			if n := len(rec.Events()); n != 0 {
				t.Fatalf("the engine got %d events", n)
			}
		})
	}
}

// TestWelcomeRetriedWhenNotDelivered: a welcome Slack refused is not
// counted as given; the next opening tries again.
func TestWelcomeRetriedWhenNotDelivered(t *testing.T) {
	f := newFakeSlack(t)
	a := newAdapter(t, f, nil)
	rec := newRecorder()
	srv := httptest.NewServer(a.EventsHandler(rec))
	defer srv.Close()
	f.failWith("chat.postMessage", failure{Err: "channel_not_found"})
	raw := readTestdata(t, "app_home_opened.json")
	for i := range 2 {
		body := strings.Replace(string(raw), "Ev0HOME01", "Ev0HOME0"+string(rune('1'+i)), 1)
		if status, resp := do(t, slackRequest(t, srv.URL, []byte(body), false, testSecret, time.Now())); status != 200 {
			t.Fatalf("status %d %s", status, resp)
		}
		a.Wait()
	}
	if n, calls := len(f.Posts()), f.Calls("chat.postMessage"); n != 1 || calls != 2 {
		t.Fatalf("%d welcomes delivered in %d calls, want 1 in 2", n, calls)
	}
}
