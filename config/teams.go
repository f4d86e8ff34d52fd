package config

import (
	"net"
	"net/url"
	"regexp"

	"github.com/mspbot/mspbot/internal/redact"
)

var guidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// teamsIDRE matches Teams channel and team ids (19:…@thread.tacv2): no
// spaces, commas or ";messageid=" thread suffix.
var teamsIDRE = regexp.MustCompile(`^[A-Za-z0-9:@._-]{3,256}$`)

// validateTeams checks the Teams settings; bad records each problem.
func (c *Config) validateTeams(bad func(setting, format string, args ...any)) {
	on := c.TeamsAppID != ""
	switch {
	case on && !guidRE.MatchString(c.TeamsAppID):
		bad("TEAMS_APP_ID", "%q is not a Microsoft App ID (a GUID such as 6b1f5d3e-3c1a-4b2e-9d7f-0a1b2c3d4e5f)", c.TeamsAppID)
	case on && c.TeamsPassword == "":
		bad("TEAMS_APP_PASSWORD", "must be set with TEAMS_APP_ID (the app's client secret)")
	case !on && c.TeamsPassword != "":
		bad("TEAMS_APP_ID", "must be set when TEAMS_APP_PASSWORD is")
	}
	if c.TeamsTenant != "" && !guidRE.MatchString(c.TeamsTenant) && !regexp.MustCompile(`^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$`).MatchString(c.TeamsTenant) {
		bad("MSPBOT_TEAMS_TENANT", "%q is neither a tenant id (GUID) nor a domain", c.TeamsTenant)
	}
	urls := []struct{ name, v string }{
		{"MSPBOT_TEAMS_OPENID_URL", c.TeamsOpenIDURL}, {"MSPBOT_TEAMS_TOKEN_URL", c.TeamsTokenURL}, {"MSPBOT_TEAMS_SERVICE_URL", c.TeamsService},
	}
	for _, u := range urls {
		if (u.v != "" || u.name != "MSPBOT_TEAMS_TOKEN_URL") && !secureURL(u.v) {
			bad(u.name, "%q: want an https URL (http only on a loopback address, for tests)", redact.URL(u.v))
		}
	}
	if c.TeamsStaffTeam != "" && !teamsIDRE.MatchString(c.TeamsStaffTeam) {
		bad("MSPBOT_TEAMS_STAFF_TEAM", "%q is not a Teams team id (19:…@thread.tacv2)", c.TeamsStaffTeam)
	}
	if c.TeamsStaffChan != "" && !teamsIDRE.MatchString(c.TeamsStaffChan) {
		bad("MSPBOT_TEAMS_STAFF_CHANNEL", "%q is not a Teams conversation id (19:…@thread.tacv2)", c.TeamsStaffChan)
	}
	for _, u := range c.TeamsStaffUsers {
		if !guidRE.MatchString(u) {
			bad("MSPBOT_TEAMS_STAFF_USERS", "%q is not an Entra object id (a GUID)", u)
		}
	}
}

// secureURL accepts https URLs and http on loopback hosts.
func secureURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return false
	}
	if u.Scheme == "https" {
		return true
	}
	host := u.Hostname()
	ip := net.ParseIP(host)
	return u.Scheme == "http" && (host == "localhost" || (ip != nil && ip.IsLoopback()))
}
