package teams

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/internal/teamstest"
)

// TestStaff: staff are the configured Entra object ids and the members of
// the staff team, read from the connector (whose serviceUrl the bot learnt
// when it was added to the team) page by page with pagedmembers, and cached
// for five minutes. The unpaged GET …/members is deprecated for teams and
// channels and throttled ("Get Teams specific context for your bot",
// https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/get-teams-context:
// pages of 50 to 500 members with a continuationToken); the fake counts
// every use of it, and serves pages as the service does.
func TestStaff(t *testing.T) {
	en := newEnv(t, nil, func(o *Options) {
		o.ServiceURL = "http://127.0.0.1:1/" // nothing there: the team's own serviceUrl must be learnt
		o.StaffTeam = staffTeam
		o.StaffUsers = []string{" 11111111-2222-4333-8444-555555555555 "}
	})
	// A large team: Ben is on the third page of 500.
	var members []teamstest.Member
	for i := range 1200 {
		members = append(members, teamstest.Member{ID: fmt.Sprintf("29:m%d", i), AADObjectID: fmt.Sprintf("00000000-0000-4000-8000-%012d", i)})
	}
	members[1100] = teamstest.Member{ID: "29:ben", Name: "Ben Techniker", AADObjectID: strings.ToUpper(benAAD)}
	en.ms.SetMembers(members)
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
	if n := en.ms.MemberLookups(); n != 3 {
		t.Fatalf("%d pages of members read, want 3 (500, 500, 200), then cached", n)
	}
	en.ms.SetMembers(nil)
	en.clock.Add(StaffCacheTTL + time.Second)
	if ok, err := is(bot.Ref{Platform: Platform, User: benAAD}); ok || err != nil {
		t.Fatalf("after leaving the team: %v %v", ok, err)
	}
	if n := en.ms.MemberLookups(); n != 4 {
		t.Fatalf("%d pages of members read, want 4 after the cache expired", n)
	}
	if n := en.ms.LegacyMemberLookups(); n != 0 {
		t.Errorf("the deprecated GET …/members was used %d times", n)
	}
}
