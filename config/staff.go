package config

import (
	"net/url"
	"strings"
	"time"
)

// The staff page (/staff, package bot/web/staff): staff sign in with the
// provider's OpenID Connect identity provider. All or nothing: issuer,
// client id and redirect URL together, and who is staff (a group or an
// e-mail list).

// StaffOIDC holds the staff page's settings.
type StaffOIDC struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	RedirectURL  string
	GroupClaim   string
	Group        string
	Emails       []string
	SessionTTL   time.Duration
}

// On reports whether the staff page is configured.
func (s StaffOIDC) On() bool { return s.Issuer != "" }

// staffSettings are the MSPBOT_STAFF_OIDC_* settings, in documented order.
func staffSettings() []Setting {
	str := func(env, key, help string, secret, isURL bool, field func(*Config) *string) Setting {
		return Setting{Env: env, YAML: key, Help: help, Secret: secret, URL: isURL,
			set: func(c *Config, v string) error { *field(c) = strings.TrimSpace(v); return nil },
			get: func(c *Config) string { return *field(c) }}
	}
	groupClaim := str("MSPBOT_STAFF_OIDC_GROUP_CLAIM", "staff_oidc_group_claim",
		"ID-token claim holding the user's groups (a list or one string); a member of MSPBOT_STAFF_OIDC_GROUP is staff.", false, false,
		func(c *Config) *string { return &c.Staff.GroupClaim })
	groupClaim.Default = "groups"
	return []Setting{
		str("MSPBOT_STAFF_OIDC_ISSUER", "staff_oidc_issuer",
			"Issuer URL of the OpenID Connect identity provider staff sign in with on the staff page (/staff), e.g. https://login.microsoftonline.com/<tenant>/v2.0, https://accounts.google.com, https://sso.example/realms/<realm>; https (http only on loopback). Empty: /staff is off. Needs MSPBOT_STAFF_OIDC_CLIENT_ID, MSPBOT_STAFF_OIDC_REDIRECT_URL and MSPBOT_STAFF_OIDC_GROUP or MSPBOT_STAFF_OIDC_EMAILS.", false, true,
			func(c *Config) *string { return &c.Staff.Issuer }),
		str("MSPBOT_STAFF_OIDC_CLIENT_ID", "staff_oidc_client_id",
			"Client (application) id of mspbot registered at the identity provider.", false, false,
			func(c *Config) *string { return &c.Staff.ClientID }),
		str("MSPBOT_STAFF_OIDC_CLIENT_SECRET", "staff_oidc_client_secret",
			"Client secret of that registration; empty for a public client (PKCE alone).", true, false,
			func(c *Config) *string { return &c.Staff.ClientSecret }),
		str("MSPBOT_STAFF_OIDC_REDIRECT_URL", "staff_oidc_redirect_url",
			"The staff page's callback as registered at the identity provider: https://<public host>/staff/callback (http only on loopback). Its origin is the only one the page accepts POSTs from.", false, true,
			func(c *Config) *string { return &c.Staff.RedirectURL }),
		groupClaim,
		str("MSPBOT_STAFF_OIDC_GROUP", "staff_oidc_group",
			"Group value (Entra: the group's object id; Keycloak: the group name or path its mapper emits) whose members are staff.", false, false,
			func(c *Config) *string { return &c.Staff.Group }),
		listSetting("MSPBOT_STAFF_OIDC_EMAILS", "staff_oidc_emails",
			"E-mail addresses that are staff on the staff page, counted only when the identity provider says the address is verified (email_verified).",
			func(c *Config) *[]string { return &c.Staff.Emails }),
		durationSetting("MSPBOT_STAFF_SESSION_TTL", "staff_session_ttl", "8h",
			"How long a staff sign-in on the staff page lasts.", func(c *Config) *time.Duration { return &c.Staff.SessionTTL }),
	}
}

// validateStaff checks the staff page's settings: all or nothing, https
// URLs (http only on loopback), a redirect URL ending in /staff/callback.
func (c *Config) validateStaff(bad func(setting, format string, args ...any)) {
	s := c.Staff
	if s.SessionTTL < time.Minute || s.SessionTTL > 7*24*time.Hour {
		bad("MSPBOT_STAFF_SESSION_TTL", "%s: want from 1m to 168h", s.SessionTTL)
	}
	anySet := s.Issuer != "" || s.ClientID != "" || s.ClientSecret != "" || s.RedirectURL != "" || s.Group != "" || len(s.Emails) > 0
	if !anySet {
		return
	}
	for _, req := range []struct{ env, v string }{
		{"MSPBOT_STAFF_OIDC_ISSUER", s.Issuer}, {"MSPBOT_STAFF_OIDC_CLIENT_ID", s.ClientID}, {"MSPBOT_STAFF_OIDC_REDIRECT_URL", s.RedirectURL},
	} {
		if req.v == "" {
			bad(req.env, "must be set for the staff page (the MSPBOT_STAFF_OIDC_* settings go together; leave them all empty to keep /staff off)")
		}
	}
	if s.Group == "" && len(s.Emails) == 0 {
		bad("MSPBOT_STAFF_OIDC_GROUP", "or MSPBOT_STAFF_OIDC_EMAILS must be set: say who is staff (a group of the identity provider or verified e-mail addresses)")
	}
	if s.Issuer != "" {
		checkStaffURL(bad, "MSPBOT_STAFF_OIDC_ISSUER", s.Issuer, "")
	}
	if s.RedirectURL != "" {
		checkStaffURL(bad, "MSPBOT_STAFF_OIDC_REDIRECT_URL", s.RedirectURL, "/staff/callback")
	}
	if s.GroupClaim == "" {
		bad("MSPBOT_STAFF_OIDC_GROUP_CLAIM", "must not be empty (default groups)")
	}
	for _, e := range s.Emails {
		if !strings.Contains(e, "@") || strings.ContainsAny(e, " <>") {
			bad("MSPBOT_STAFF_OIDC_EMAILS", "%q is not an e-mail address", e)
		}
	}
}

// checkStaffURL wants an absolute https URL (http on a loopback host) without
// user info, query or fragment, and with path when path is not empty.
func checkStaffURL(bad func(setting, format string, args ...any), env, v, path string) {
	u, err := url.Parse(v)
	switch {
	case err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http"):
		bad(env, "%q is not an absolute http(s) URL", v)
	case u.Scheme == "http" && !isLoopback(u.Hostname()):
		bad(env, "%q: use https (plain http only on a loopback address such as 127.0.0.1 or localhost)", v)
	case u.User != nil || u.RawQuery != "" || u.Fragment != "":
		bad(env, "%q: give the URL without user info, query or fragment", v)
	case path != "" && u.Path != path:
		bad(env, "%q: the path must be %s (the route mspbot serves)", v, path)
	}
}
