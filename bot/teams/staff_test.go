package teams

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/internal/teamstest"
)

// TestStaff: staff are the configured Entra object ids and the members of
// the staff team, read from the connector (whose serviceUrl the bot learnt
// when it was added to the team) and cached for five minutes.
func TestStaff(t *testing.T) {
	en := newEnv(t, nil, func(o *Options) {
		o.ServiceURL = "http://127.0.0.1:1/" // nothing there: the team's own serviceUrl must be learnt
		o.StaffTeam = staffTeam
		o.StaffUsers = []string{" 11111111-2222-4333-8444-555555555555 "}
	})
	en.ms.SetMembers([]teamstest.Member{{ID: "29:ben", Name: "Ben Techniker", AADObjectID: strings.ToUpper(benAAD)}})
	d := en.a.Staff()
	ctx := context.Background()
	is := func(u bot.Ref) (bool, error) { return d.IsStaff(ctx, u) }

	if ok, err := is(bot.Ref{Platform: Platform, User: "11111111-2222-4333-8444-555555555555"}); !ok || err != nil {
		t.Fatalf("listed user: %v %v", ok, err)
	}
	if ok, err := is(bot.Ref{Platform: "slack", User: benAAD}); ok || err != nil {
		t.Fatalf("a Slack user: %v %v", ok, err)
	}
	if _, err := is(bot.Ref{Platform: Platform, User: benAAD}); err == nil {
		t.Fatal("the team was read from a dead connector")
	}
	if status, _ := en.post(t, en.activity(t, "conversation_update_team.json")); status != http.StatusAccepted {
		t.Fatalf("status %d", status)
	}
	if ok, err := is(bot.Ref{Platform: Platform, User: benAAD}); !ok || err != nil {
		t.Fatalf("team member: %v %v", ok, err)
	}
	if ok, err := is(bot.Ref{Platform: Platform, User: carlaAAD}); ok || err != nil {
		t.Fatalf("a client: %v %v", ok, err)
	}
	if n := en.ms.MemberLookups(); n != 1 {
		t.Fatalf("%d member lookups, want 1 (cached)", n)
	}
	en.ms.SetMembers(nil)
	en.clock.Add(StaffCacheTTL + time.Second)
	if ok, err := is(bot.Ref{Platform: Platform, User: benAAD}); ok || err != nil {
		t.Fatalf("after leaving the team: %v %v", ok, err)
	}
	if n := en.ms.MemberLookups(); n != 2 {
		t.Fatalf("%d member lookups, want 2 after the cache expired", n)
	}
}
