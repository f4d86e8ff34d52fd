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
// mapped to organisation ids. OrgOf decides, in this order:
//
//  1. A user mapped by name ("slack:@U1") acts for that organisation
//     wherever they write.
//  2. A user from elsewhere (Ref.Home names another workspace than the
//     place's: a client's member in a Slack Connect channel, a Teams user of
//     another tenant) acts for their own workspace: its mapping, else the
//     organisation of its own ("slack:TCLIENT"). The place's mappings are
//     not asked: a shared channel holds several clients and cannot say for
//     which one someone speaks, and the host's organisation (often the
//     provider's own) is never theirs. A user from an unnamed elsewhere
//     (UnknownHome) is an organisation of their own ("slack:@U1").
//  3. A member of the place acts for the channel's mapping, else the
//     workspace's, else the workspace as an organisation of its own
//     ("slack:T123", "teams:TENANT"): a Slack workspace and an Entra tenant
//     are one company's directory (its guests included, which the platforms
//     do not mark in events: map a channel of guests to their client).
//  4. A Discord server is a community, not a company: only where the server
//     or the channel is mapped do its members share an organisation;
//     anyone else in it is an organisation of their own ("discord:@U1"), so
//     that an unmapped user of a server several clients share never shares
//     one with another client.
//  5. Where there is no workspace (the JSON API, the web chat, direct
//     messages on Discord) the user is an organisation of their own.
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
			if platform == "teams" {
				// An Entra tenant or object id is a GUID, written in any
				// case; the Teams adapter gives it in lower case.
				if user, ok := strings.CutPrefix(rest, "@"); ok {
					if isGUID(user) {
						p = platform + ":@" + strings.ToLower(user)
					}
				} else {
					tenant, channel, hasChannel := strings.Cut(rest, "/")
					p = platform + ":" + strings.ToLower(tenant)
					if hasChannel {
						p += "/" + channel
					}
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

// isGUID reports whether s has the form of a GUID
// (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, hexadecimal digits).
func isGUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, r := range s {
		switch i {
		case 8, 13, 18, 23:
			if r != '-' {
				return false
			}
		default:
			if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
				return false
			}
		}
	}
	return true
}

// communities are the platforms whose workspaces are communities rather
// than companies (see OrgMap, rule 4). Read-only.
var communities = map[string]bool{"discord": true}

// OrgOf implements OrgDirectory by the rules of OrgMap.
func (m OrgMap) OrgOf(_ context.Context, where Ref) (string, error) {
	p := where.Platform
	self := p + ":@" + where.User
	if org, ok := m.places[self]; ok {
		return org, nil
	}
	if where.FromElsewhere() {
		if where.Home == UnknownHome {
			return self, nil
		}
		home := p + ":" + where.Home
		if org, ok := m.places[home]; ok {
			return org, nil
		}
		return home, nil
	}
	if where.Workspace == "" {
		return self, nil
	}
	for _, k := range []string{p + ":" + where.Workspace + "/" + where.Channel, p + ":" + where.Workspace} {
		if org, ok := m.places[k]; ok {
			return org, nil
		}
	}
	if communities[p] {
		return self, nil
	}
	return p + ":" + where.Workspace, nil
}
