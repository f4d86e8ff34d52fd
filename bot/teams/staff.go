package teams

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mspbot/mspbot/bot"
)

// Staff returns the staff directory of Teams: the Entra object ids of
// Options.StaffUsers, and the members of Options.StaffTeam, read page by
// page with GET {serviceUrl}/v3/conversations/{team}/pagedmembers (the bot
// must be installed in that team) and cached for StaffCacheTTL. The
// unpaged GET …/members is deprecated for teams and throttled ("Get Teams
// specific context for your bot": "Don't use non-paginated member
// retrieval in teams and channels"). When the team cannot
// be read the lookup fails and the engine treats the user as a client. Users
// of other platforms are never staff.
func (a *Adapter) Staff() bot.StaffDirectory { return a.staff }

// staffDirectory implements bot.StaffDirectory for Teams. lock is a
// one-slot channel, so that a caller waiting for another's refresh can give
// up when its context ends.
type staffDirectory struct {
	a       *Adapter
	team    string
	users   []string
	lock    chan struct{}
	members map[string]struct{}
	expires time.Time
}

func newStaffDirectory(a *Adapter, team string, users []string) *staffDirectory {
	d := &staffDirectory{a: a, team: team, lock: make(chan struct{}, 1)}
	for _, u := range users {
		if u = strings.ToLower(strings.TrimSpace(u)); u != "" {
			d.users = append(d.users, u)
		}
	}
	return d
}

// IsStaff implements bot.StaffDirectory.
func (d *staffDirectory) IsStaff(ctx context.Context, u bot.Ref) (bool, error) {
	if u.Platform != Platform || u.User == "" {
		return false, nil
	}
	user := strings.ToLower(u.User)
	if slices.Contains(d.users, user) {
		return true, nil
	}
	if d.team == "" {
		return false, nil
	}
	members, err := d.teamMembers(ctx)
	if err != nil {
		return false, err
	}
	_, ok := members[user]
	return ok, nil
}

func (d *staffDirectory) teamMembers(ctx context.Context) (map[string]struct{}, error) {
	select {
	case d.lock <- struct{}{}:
	case <-ctx.Done():
		return nil, fmt.Errorf("teams staff team: %w", ctx.Err())
	}
	defer func() { <-d.lock }()
	now := d.a.opts.Now()
	if d.members != nil && now.Before(d.expires) {
		return d.members, nil
	}
	list, err := d.readTeam(ctx)
	if err != nil {
		return nil, err
	}
	members := make(map[string]struct{}, len(list))
	for _, m := range list {
		id := m.AADObjectID
		if id == "" {
			id = m.ObjectID
		}
		if id != "" {
			members[strings.ToLower(id)] = struct{}{}
		}
	}
	d.members, d.expires = members, now.Add(StaffCacheTTL)
	d.a.log.LogAttrs(ctx, slog.LevelDebug, "staff team read", slog.String("team", d.team), slog.Int("members", len(members)))
	return members, nil
}

// teamMember is one member as the connector lists it.
type teamMember struct {
	ID          string `json:"id"`
	AADObjectID string `json:"aadObjectId"`
	ObjectID    string `json:"objectId"`
}

// Paging of the staff team's member list: the connector's largest page,
// and a bound on the pages read (200,000 members).
const (
	memberPageSize = 500
	maxMemberPages = 400
)

// readTeam reads every member of the staff team, one page after another.
func (d *staffDirectory) readTeam(ctx context.Context) ([]teamMember, error) {
	var list []teamMember
	token := ""
	for range maxMemberPages {
		q := url.Values{"pageSize": {strconv.Itoa(memberPageSize)}}
		if token != "" {
			q.Set("continuationToken", token)
		}
		var page struct {
			Members           []teamMember `json:"members"`
			ContinuationToken string       `json:"continuationToken"`
		}
		path := "/v3/conversations/" + url.PathEscape(d.team) + "/pagedmembers?" + q.Encode()
		if err := d.a.call(ctx, "members", http.MethodGet, d.a.serviceURL(d.team), path, nil, &page); err != nil {
			return nil, fmt.Errorf("teams staff team %s: %w", d.team, err)
		}
		list = append(list, page.Members...)
		if page.ContinuationToken == "" {
			return list, nil
		}
		token = page.ContinuationToken
	}
	return nil, fmt.Errorf("teams staff team %s: more than %d pages of members", d.team, maxMemberPages)
}
