package config

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/mspbot/mspbot/internal/redact"
)

var guidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// teamsIDRE matches Teams channel and team ids (19:…@thread.tacv2): no
// spaces, commas or ";messageid=" thread suffix.
var teamsIDRE = regexp.MustCompile(`^[A-Za-z0-9:@._-]{3,256}$`)

// The Teams bot's app types (Azure's "Type of App"); bot/teams names them
// the same.
const (
	teamsSingleTenant    = "SingleTenant"
	teamsMultiTenant     = "MultiTenant"
	teamsManagedIdentity = "UserAssignedMSI"
)

func teamsAppTypeSetting() Setting {
	return Setting{Env: "MSPBOT_TEAMS_APP_TYPE", YAML: "teams_app_type", Default: teamsSingleTenant,
		Help: "How the Teams bot proves who it is (the Azure Bot's Type of App): SingleTenant (an app registration of your tenant with a client secret; the only kind Azure creates since July 2025; needs MSPBOT_TEAMS_TENANT), " +
			"MultiTenant (a bot registered multi-tenant before; its token comes from botframework.com) or UserAssignedMSI (a user-assigned managed identity of the Azure resource mspbot runs on; TEAMS_APP_ID is its client id, no secret).",
		set: func(c *Config, v string) error {
			for _, t := range []string{teamsSingleTenant, teamsMultiTenant, teamsManagedIdentity} {
				if strings.EqualFold(strings.TrimSpace(v), t) {
					c.TeamsAppType = t
					return nil
				}
			}
			return fmt.Errorf("%q: want %s, %s or %s", v, teamsSingleTenant, teamsMultiTenant, teamsManagedIdentity)
		},
		get: func(c *Config) string { return c.TeamsAppType }}
}

func teamsIdentityURLSetting() Setting {
	return Setting{Env: "IDENTITY_ENDPOINT", YAML: "teams_identity_endpoint", URL: true,
		Help: "Token endpoint of the managed identity, read with MSPBOT_TEAMS_APP_TYPE=UserAssignedMSI only; App Service and Container Apps set it. " +
			"Empty: the instance metadata service, http://169.254.169.254/metadata/identity/oauth2/token (VMs, scale sets).",
		set: func(c *Config, v string) error { c.TeamsIdentityURL = strings.TrimSpace(v); return nil },
		get: func(c *Config) string { return c.TeamsIdentityURL }}
}

func teamsIdentityHeaderSetting() Setting {
	return Setting{Env: "IDENTITY_HEADER", YAML: "teams_identity_header", Secret: true,
		Help: "The secret App Service and Container Apps set beside IDENTITY_ENDPOINT; sent as X-IDENTITY-HEADER with MSPBOT_TEAMS_APP_TYPE=UserAssignedMSI only.",
		set:  func(c *Config, v string) error { c.TeamsIdentityHeader = strings.TrimSpace(v); return nil },
		get:  func(c *Config) string { return c.TeamsIdentityHeader }}
}

func teamsThreadTTLSetting() Setting {
	return durationSetting("MSPBOT_TEAMS_THREAD_TTL", "teams_thread_ttl", "168h",
		"How long after its last answer in a Teams channel thread the bot still answers replies there without a new mention (needs the manifest's RSC permission ChannelMessage.Read.Group).",
		func(c *Config) *time.Duration { return &c.TeamsThreadTTL })
}

func teamsLangSetting() Setting {
	return Setting{Env: "MSPBOT_TEAMS_LANG", YAML: "teams_lang",
		Help: "Language (de or en) of the welcome the bot posts when it is installed in Teams or added to a team or chat; empty: MSPBOT_DEFAULT_LANG.",
		set:  func(c *Config, v string) error { c.TeamsLang = strings.ToLower(strings.TrimSpace(v)); return nil },
		get:  func(c *Config) string { return c.TeamsLang }}
}

func teamsTenantLangsSetting() Setting {
	return Setting{Env: "MSPBOT_TEAMS_TENANT_LANGS", YAML: "teams_tenant_langs",
		Help: "The welcome's language per Entra tenant, where it differs from MSPBOT_TEAMS_LANG: tenant=en,tenant=de (tenant ids).",
		set: func(c *Config, v string) error {
			c.TeamsTenantLangs = map[string]string{}
			for _, p := range strings.Split(v, ",") {
				if p = strings.TrimSpace(p); p == "" {
					continue
				}
				t, l, ok := strings.Cut(p, "=")
				if !ok || strings.TrimSpace(t) == "" || strings.TrimSpace(l) == "" {
					return fmt.Errorf("%q: write tenant=lang", p)
				}
				c.TeamsTenantLangs[strings.ToLower(strings.TrimSpace(t))] = strings.ToLower(strings.TrimSpace(l))
			}
			return nil
		},
		get: func(c *Config) string {
			var parts []string
			for t, l := range c.TeamsTenantLangs {
				parts = append(parts, t+"="+l)
			}
			slices.Sort(parts)
			return strings.Join(parts, ",")
		}}
}

// validateTeams checks the Teams settings; bad records each problem.
func (c *Config) validateTeams(bad func(setting, format string, args ...any)) {
	on := c.TeamsAppID != ""
	msi := c.TeamsAppType == teamsManagedIdentity
	switch {
	case on && !guidRE.MatchString(c.TeamsAppID):
		bad("TEAMS_APP_ID", "%q is not a Microsoft App ID (a GUID such as 6b1f5d3e-3c1a-4b2e-9d7f-0a1b2c3d4e5f)", c.TeamsAppID)
	case on && !msi && c.TeamsPassword == "":
		bad("TEAMS_APP_PASSWORD", "must be set with TEAMS_APP_ID (the app's client secret), unless MSPBOT_TEAMS_APP_TYPE is %s", teamsManagedIdentity)
	case on && msi && c.TeamsPassword != "":
		bad("TEAMS_APP_PASSWORD", "a managed identity (MSPBOT_TEAMS_APP_TYPE=%s) has no secret; remove it", teamsManagedIdentity)
	case !on && c.TeamsPassword != "":
		bad("TEAMS_APP_ID", "must be set when TEAMS_APP_PASSWORD is")
	}
	if on && c.TeamsAppType == teamsSingleTenant && c.TeamsTenant == "" {
		bad("MSPBOT_TEAMS_TENANT", "must be set for a single-tenant bot (MSPBOT_TEAMS_APP_TYPE=%s, the default and the only kind Azure creates since July 2025): "+
			"the Directory (tenant) ID on the Overview of the bot's app registration; for a bot registered multi-tenant before, set MSPBOT_TEAMS_APP_TYPE=%s", teamsSingleTenant, teamsMultiTenant)
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
	if msi && c.TeamsIdentityURL != "" && !identityURL(c.TeamsIdentityURL) {
		bad("IDENTITY_ENDPOINT", "%q: want https, or http on a loopback or link-local address", redact.URL(c.TeamsIdentityURL))
	}
	if c.TeamsThreadTTL < time.Minute {
		bad("MSPBOT_TEAMS_THREAD_TTL", "%s: want at least 1m", c.TeamsThreadTTL)
	}
	if c.TeamsLang != "" && c.TeamsLang != "de" && c.TeamsLang != "en" {
		bad("MSPBOT_TEAMS_LANG", "%q: want de or en (or empty for MSPBOT_DEFAULT_LANG)", c.TeamsLang)
	}
	for t, l := range c.TeamsTenantLangs {
		if !guidRE.MatchString(t) {
			bad("MSPBOT_TEAMS_TENANT_LANGS", "%q is not a tenant id (a GUID)", t)
		}
		if l != "de" && l != "en" {
			bad("MSPBOT_TEAMS_TENANT_LANGS", "%s=%s: want de or en", t, l)
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

// TeamsWelcomeLang is the language of the Teams welcome: MSPBOT_TEAMS_LANG,
// else MSPBOT_DEFAULT_LANG.
func (c *Config) TeamsWelcomeLang() string {
	if c.TeamsLang != "" {
		return c.TeamsLang
	}
	return c.DefaultLang
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

// identityURL accepts the managed-identity endpoint: https, or http on a
// loopback or link-local address (169.254.169.254, App Service's and
// Container Apps' local endpoints).
func identityURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return false
	}
	if u.Scheme == "https" {
		return true
	}
	host := u.Hostname()
	ip := net.ParseIP(host)
	return u.Scheme == "http" && (host == "localhost" || (ip != nil && (ip.IsLoopback() || ip.IsLinkLocalUnicast())))
}
