package bot

import (
	"context"
	"fmt"
	"strings"
)

// OrgDirectory names the client organisation a user acts for in a place,
// so that a client only ever sees its own tickets and protocols.
type OrgDirectory interface {
	OrgOf(ctx context.Context, where Ref) (string, error)
}

// OrgMap is an OrgDirectory from configuration: places, written
// "platform:workspace", "platform:workspace/channel" or "platform:@user"
// (a Teams workspace is the client's Entra tenant, "teams:TENANT"),
// mapped to organisation ids. A place not in the map is an organisation of
// its own: "slack:T123" for a Slack workspace, "discord:G1" for a Discord
// guild, and the user itself where there is no workspace (the JSON API, the
// web chat, direct messages on Discord).
type OrgMap struct {
	places map[string]string
}

// ParseOrgMap reads "org=place,place;org=place" (the MSPBOT_ORGANIZATIONS
// form) into an OrgMap. A place may belong to one organisation only.
func ParseOrgMap(s string) (OrgMap, error) {
	m := OrgMap{places: make(map[string]string)}
	for _, group := range strings.Split(s, ";") {
		group = strings.TrimSpace(group)
		if group == "" {
			continue
		}
		org, list, ok := strings.Cut(group, "=")
		org = strings.TrimSpace(org)
		if !ok || org == "" {
			return OrgMap{}, fmt.Errorf("%q: write org=place,place", group)
		}
		for _, p := range strings.Split(list, ",") {
			p = strings.TrimSpace(p)
			if p == "" {
				continue
			}
			platform, rest, ok := strings.Cut(p, ":")
			if !ok || platform == "" || rest == "" {
				return OrgMap{}, fmt.Errorf("place %q of %s: write platform:workspace, platform:workspace/channel or platform:@user", p, org)
			}
			if platform == "teams" && !strings.HasPrefix(rest, "@") {
				// An Entra tenant id is a GUID, written in any case; the
				// Teams adapter gives it in lower case.
				tenant, channel, hasChannel := strings.Cut(rest, "/")
				p = platform + ":" + strings.ToLower(tenant)
				if hasChannel {
					p += "/" + channel
				}
			}
			if prev, dup := m.places[p]; dup && prev != org {
				return OrgMap{}, fmt.Errorf("place %q belongs to both %s and %s", p, prev, org)
			}
			m.places[p] = org
		}
	}
	return m, nil
}

// OrgOf implements OrgDirectory: the channel's mapping, else the
// workspace's, else the user's, else the place's own organisation.
func (m OrgMap) OrgOf(_ context.Context, where Ref) (string, error) {
	keys := []string{}
	if where.Workspace != "" {
		keys = append(keys, where.Platform+":"+where.Workspace+"/"+where.Channel, where.Platform+":"+where.Workspace)
	}
	keys = append(keys, where.Platform+":@"+where.User)
	for _, k := range keys {
		if org, ok := m.places[k]; ok {
			return org, nil
		}
	}
	if where.Workspace != "" {
		return where.Platform + ":" + where.Workspace, nil
	}
	return where.Platform + ":@" + where.User, nil
}
