package slack

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mspbot/mspbot/bot"
)

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func TestStaff(t *testing.T) {
	f := newFakeSlack(t)
	f.members = []string{"U0GROUP1", "U0GROUP2"}
	clock := &fakeClock{t: time.Date(2024, 4, 5, 9, 0, 0, 0, time.UTC)}
	a := newAdapter(t, f, func(o *Options) {
		o.StaffUsers = []string{"U0STAFF", " "}
		o.StaffGroup = "S0STAFF"
		o.Now = clock.Now
	})
	dir := a.Staff()
	ctx := context.Background()
	check := func(platform, user string, want bool) {
		t.Helper()
		got, err := dir.IsStaff(ctx, bot.Ref{Platform: platform, Workspace: testTeam, Channel: "D0DM", User: user})
		if err != nil || got != want {
			t.Errorf("IsStaff(%s, %s) = %v, %v; want %v", platform, user, got, err, want)
		}
	}
	check("slack", "U0STAFF", true)  // listed
	check("slack", "U0GROUP1", true) // in the group
	check("slack", "U0GROUP2", true)
	check("slack", "U0CLIENT", false)
	check("slack", "", false)
	check("web", "U0STAFF", false) // only Slack users
	check("discord", "U0GROUP1", false)
	if n := f.GroupCalls(); n != 1 {
		t.Errorf("usergroups.users.list called %d times, want once (cached)", n)
	}

	// The group changes; the cache holds for five minutes, then refreshes.
	f.mu.Lock()
	f.members = []string{"U0GROUP2", "U0NEW"}
	f.mu.Unlock()
	clock.Add(4 * time.Minute)
	check("slack", "U0GROUP1", true)
	check("slack", "U0NEW", false)
	if n := f.GroupCalls(); n != 1 {
		t.Errorf("usergroups.users.list called %d times within 5 minutes, want once", n)
	}
	clock.Add(2 * time.Minute)
	check("slack", "U0GROUP1", false)
	check("slack", "U0NEW", true)
	check("slack", "U0STAFF", true)
	if n := f.GroupCalls(); n != 2 {
		t.Errorf("usergroups.users.list called %d times after expiry, want twice", n)
	}

	// When the group cannot be read, the lookup fails (the engine then
	// treats the user as a client); listed users stay staff.
	f.mu.Lock()
	f.groupErr = "missing_scope"
	f.mu.Unlock()
	clock.Add(6 * time.Minute)
	if got, err := dir.IsStaff(ctx, bot.Ref{Platform: "slack", User: "U0NEW"}); err == nil || got || !strings.Contains(err.Error(), "usergroups.users.list") {
		t.Errorf("IsStaff with a failing group = %v, %v; want an error naming usergroups.users.list", got, err)
	}
	check("slack", "U0STAFF", true)

	// A cancelled lookup gives up.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := dir.IsStaff(cctx, bot.Ref{Platform: "slack", User: "U0NEW"}); err == nil {
		t.Error("cancelled lookup: want an error")
	}
}

// TestStaffThroughEngine: the engine marks events of staff users.
func TestStaffThroughEngine(t *testing.T) {
	f := newFakeSlack(t)
	f.members = []string{"U0STAFF"}
	a := newAdapter(t, f, func(o *Options) { o.StaffGroup = "S0STAFF" })
	got := make(chan bool, 2)
	e := newEngine(t, a, bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		got <- req.Event.Staff
		return nil
	}))
	for _, user := range []string{"U0STAFF", "U0CLIENT"} {
		if _, err := e.Handle(context.Background(), bot.Event{Kind: bot.KindMessage, Text: "hi",
			Ref: bot.Ref{Platform: Platform, Workspace: testTeam, Channel: "D" + user, Message: "1.1", User: user}}); err != nil {
			t.Fatal(err)
		}
	}
	if staff, client := <-got, <-got; !staff || client {
		t.Errorf("Staff flags %v, %v; want true for the group member, false for the client", staff, client)
	}
}

func TestNewValidates(t *testing.T) {
	ok := Options{BotToken: "xoxb-1", AppToken: "xapp-1"}
	if _, err := New(ok); err != nil {
		t.Fatalf("valid options: %v", err)
	}
	for _, tc := range []struct {
		name string
		mod  func(*Options)
		want string
	}{
		{"no bot token", func(o *Options) { o.BotToken = "" }, "SLACK_BOT_TOKEN"},
		{"user token", func(o *Options) { o.BotToken = "xoxp-1" }, "SLACK_BOT_TOKEN"},
		{"bot token as app token", func(o *Options) { o.AppToken = "xoxb-2" }, "SLACK_APP_TOKEN"},
		{"no way to receive", func(o *Options) { o.AppToken = "" }, "SLACK_SIGNING_SECRET"},
		{"bad API URL", func(o *Options) { o.APIURL = "localhost:1234" }, "MSPBOT_SLACK_API_URL"},
		{"two groups", func(o *Options) { o.StaffGroup = "S1,S2" }, "user group"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := ok
			tc.mod(&o)
			_, err := New(o)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one naming %s", err, tc.want)
			}
			if err != nil && strings.Contains(err.Error(), "xoxb-1") {
				t.Errorf("error reveals a token: %v", err)
			}
		})
	}
}
