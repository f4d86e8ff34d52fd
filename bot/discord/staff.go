package discord

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/mspbot/mspbot/bot"
)

// staffTTL is how long a member's roles and a guild's role names are cached.
const staffTTL = 5 * time.Minute

// maxCached bounds the member cache; past it, expired entries are dropped
// and, if that is not enough, the whole cache.
const maxCached = 10000

// Staff returns the staff directory of Platform: a user is staff when listed
// in Options.StaffUsers, or when, in a guild, they hold the staff role that
// Options.StaffRoles names for that guild. A member's roles are read with
// the REST API (GET /guilds/{guild}/members/{user}, which needs no
// privileged intent) or taken from the gateway event, and cached for five
// minutes; so is a role name's id. In direct messages only StaffUsers are
// staff. Users of other platforms never are.
func (a *Adapter) Staff() bot.StaffDirectory { return a.staff }

type cachedRoles struct {
	roles []string // nil: the user is not a member of the guild
	until time.Time
}

type cachedRole struct {
	id    string
	until time.Time
}

// staffDirectory implements bot.StaffDirectory for Discord.
type staffDirectory struct {
	a     *Adapter
	roles map[string]string // guild -> staff role id or name
	users []string

	mu      sync.Mutex
	members map[string]cachedRoles // guild + "/" + user
	names   map[string]cachedRole  // guild + "/" + role name -> role id
}

func newStaffDirectory(a *Adapter, roles map[string]string, users []string) *staffDirectory {
	d := &staffDirectory{
		a:       a,
		roles:   make(map[string]string, len(roles)),
		users:   slices.Clone(users),
		members: make(map[string]cachedRoles),
		names:   make(map[string]cachedRole),
	}
	for g, r := range roles {
		d.roles[strings.TrimSpace(g)] = strings.TrimSpace(r)
	}
	return d
}

// IsStaff implements bot.StaffDirectory.
func (d *staffDirectory) IsStaff(ctx context.Context, u bot.Ref) (bool, error) {
	if u.Platform != Platform || u.User == "" {
		return false, nil
	}
	if slices.Contains(d.users, u.User) {
		return true, nil
	}
	role, ok := d.roles[u.Workspace]
	if u.Workspace == "" || !ok {
		return false, nil
	}
	roles, err := d.memberRoles(ctx, u.Workspace, u.User)
	if err != nil {
		return false, err
	}
	if len(roles) == 0 {
		return false, nil
	}
	roleID, err := d.roleID(ctx, u.Workspace, role)
	if err != nil {
		return false, err
	}
	return slices.Contains(roles, roleID), nil
}

// remember caches the roles a gateway event reported for a member.
func (d *staffDirectory) remember(guild, user string, roles []string) {
	if guild == "" || user == "" {
		return
	}
	if _, ok := d.roles[guild]; !ok {
		return
	}
	d.store(guild+"/"+user, cachedRoles{roles: slices.Clone(roles), until: d.a.now().Add(staffTTL)})
}

func (d *staffDirectory) store(key string, c cachedRoles) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.members) >= maxCached {
		now := d.a.now()
		for k, v := range d.members {
			if now.After(v.until) {
				delete(d.members, k)
			}
		}
		if len(d.members) >= maxCached {
			clear(d.members)
		}
	}
	d.members[key] = c
}

// memberRoles returns the role ids of user in guild, nil when the user is
// not a member.
func (d *staffDirectory) memberRoles(ctx context.Context, guild, user string) ([]string, error) {
	key := guild + "/" + user
	d.mu.Lock()
	c, ok := d.members[key]
	d.mu.Unlock()
	if ok && d.a.now().Before(c.until) {
		return c.roles, nil
	}
	// The request is made here rather than with Session.GuildMember, which
	// panics on an empty answer.
	body, err := d.a.session.RequestWithBucketID(http.MethodGet, discordgo.EndpointGuildMember(guild, user), nil,
		discordgo.EndpointGuildMember(guild, ""), discordgo.WithContext(ctx))
	if err != nil {
		if isNotFound(err) {
			d.store(key, cachedRoles{until: d.a.now().Add(staffTTL)})
			return nil, nil
		}
		return nil, fmt.Errorf("discord staff: read member %s of guild %s: %w", user, guild, err)
	}
	var m struct {
		Roles []string `json:"roles"`
	}
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, fmt.Errorf("discord staff: read member %s of guild %s: %w", user, guild, err)
	}
	if m.Roles == nil {
		m.Roles = []string{}
	}
	d.store(key, cachedRoles{roles: m.Roles, until: d.a.now().Add(staffTTL)})
	return m.Roles, nil
}

// roleID returns the id of role in guild: role itself when it is an id (a
// snowflake), else the id of the guild's role of that name.
func (d *staffDirectory) roleID(ctx context.Context, guild, role string) (string, error) {
	if isSnowflake(role) {
		return role, nil
	}
	key := guild + "/" + strings.ToLower(role)
	d.mu.Lock()
	c, ok := d.names[key]
	d.mu.Unlock()
	if ok && d.a.now().Before(c.until) {
		return c.id, nil
	}
	roles, err := d.a.session.GuildRoles(guild, discordgo.WithContext(ctx))
	if err != nil {
		return "", fmt.Errorf("discord staff: read roles of guild %s: %w", guild, err)
	}
	id := ""
	for _, r := range roles {
		if r != nil && strings.EqualFold(r.Name, role) {
			id = r.ID
			break
		}
	}
	if id == "" {
		return "", fmt.Errorf("discord staff: guild %s has no role named %q", guild, role)
	}
	d.mu.Lock()
	d.names[key] = cachedRole{id: id, until: d.a.now().Add(staffTTL)}
	d.mu.Unlock()
	return id, nil
}

// isNotFound reports whether err is Discord's 404 (unknown member or user).
func isNotFound(err error) bool {
	var rest *discordgo.RESTError
	if !errors.As(err, &rest) {
		return false
	}
	if rest.Message != nil && (rest.Message.Code == discordgo.ErrCodeUnknownMember || rest.Message.Code == discordgo.ErrCodeUnknownUser) {
		return true
	}
	return rest.Response != nil && rest.Response.StatusCode == http.StatusNotFound
}

func isSnowflake(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
