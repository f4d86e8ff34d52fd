package config

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func staffEnv(extra map[string]string) map[string]string {
	m := map[string]string{
		"MSPBOT_STAFF_OIDC_ISSUER":        "https://login.example.com/tenant/v2.0",
		"MSPBOT_STAFF_OIDC_CLIENT_ID":     "mspbot-staff",
		"MSPBOT_STAFF_OIDC_CLIENT_SECRET": "s3cret-value-never-shown",
		"MSPBOT_STAFF_OIDC_REDIRECT_URL":  "https://bot.example.com/staff/callback",
		"MSPBOT_STAFF_OIDC_GROUP":         "0b6c5a4e-staff",
	}
	for k, v := range extra {
		if v == "" {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
	return m
}

func TestStaffPageOffByDefault(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Staff.On() || c.Staff.GroupClaim != "groups" || c.Staff.SessionTTL != 8*time.Hour {
		t.Fatalf("staff defaults: %+v", c.Staff)
	}
}

func TestStaffPageSettingsLoad(t *testing.T) {
	c, err := Load(env(staffEnv(map[string]string{"MSPBOT_STAFF_OIDC_EMAILS": "anna@msp.example, ben@msp.example",
		"MSPBOT_STAFF_OIDC_GROUP_CLAIM": "roles", "MSPBOT_STAFF_SESSION_TTL": "2h"})))
	if err != nil {
		t.Fatal(err)
	}
	s := c.Staff
	if !s.On() || s.Issuer != "https://login.example.com/tenant/v2.0" || s.ClientID != "mspbot-staff" ||
		s.RedirectURL != "https://bot.example.com/staff/callback" || s.Group != "0b6c5a4e-staff" || s.GroupClaim != "roles" ||
		len(s.Emails) != 2 || s.Emails[1] != "ben@msp.example" || s.SessionTTL != 2*time.Hour {
		t.Fatalf("loaded %+v", s)
	}
	// Loopback http is allowed (tests, a local IdP).
	if _, err := Load(env(staffEnv(map[string]string{"MSPBOT_STAFF_OIDC_ISSUER": "http://127.0.0.1:9000",
		"MSPBOT_STAFF_OIDC_REDIRECT_URL": "http://localhost:8080/staff/callback"}))); err != nil {
		t.Fatalf("loopback http refused: %v", err)
	}
	// A public client (no secret) with e-mails only.
	if _, err := Load(env(staffEnv(map[string]string{"MSPBOT_STAFF_OIDC_CLIENT_SECRET": "", "MSPBOT_STAFF_OIDC_GROUP": "",
		"MSPBOT_STAFF_OIDC_EMAILS": "anna@msp.example"}))); err != nil {
		t.Fatalf("public client refused: %v", err)
	}
}

func TestStaffPageSettingsRefused(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		want []string
	}{
		{"issuer alone", map[string]string{"MSPBOT_STAFF_OIDC_ISSUER": "https://idp.example"},
			[]string{"MSPBOT_STAFF_OIDC_CLIENT_ID: must be set", "MSPBOT_STAFF_OIDC_REDIRECT_URL: must be set", "MSPBOT_STAFF_OIDC_GROUP: or MSPBOT_STAFF_OIDC_EMAILS must be set"}},
		{"secret alone", map[string]string{"MSPBOT_STAFF_OIDC_CLIENT_SECRET": "x"},
			[]string{"MSPBOT_STAFF_OIDC_ISSUER: must be set", "MSPBOT_STAFF_OIDC_CLIENT_ID: must be set"}},
		{"no one is staff", staffEnv(map[string]string{"MSPBOT_STAFF_OIDC_GROUP": ""}), []string{"MSPBOT_STAFF_OIDC_GROUP: or MSPBOT_STAFF_OIDC_EMAILS"}},
		{"http issuer", staffEnv(map[string]string{"MSPBOT_STAFF_OIDC_ISSUER": "http://idp.example"}), []string{"MSPBOT_STAFF_OIDC_ISSUER", "use https"}},
		{"http redirect", staffEnv(map[string]string{"MSPBOT_STAFF_OIDC_REDIRECT_URL": "http://bot.example.com/staff/callback"}), []string{"MSPBOT_STAFF_OIDC_REDIRECT_URL", "use https"}},
		{"redirect path", staffEnv(map[string]string{"MSPBOT_STAFF_OIDC_REDIRECT_URL": "https://bot.example.com/callback"}), []string{"the path must be /staff/callback"}},
		{"not a URL", staffEnv(map[string]string{"MSPBOT_STAFF_OIDC_ISSUER": "login.example.com"}), []string{"MSPBOT_STAFF_OIDC_ISSUER", "not an absolute http(s) URL"}},
		{"query", staffEnv(map[string]string{"MSPBOT_STAFF_OIDC_ISSUER": "https://idp.example/?x=1"}), []string{"without user info, query or fragment"}},
		{"bad e-mail", staffEnv(map[string]string{"MSPBOT_STAFF_OIDC_EMAILS": "anna"}), []string{"MSPBOT_STAFF_OIDC_EMAILS", `"anna" is not an e-mail address`}},
		{"empty claim", staffEnv(map[string]string{"MSPBOT_STAFF_OIDC_GROUP_CLAIM": " "}), []string{"MSPBOT_STAFF_OIDC_GROUP_CLAIM"}},
		{"session ttl", map[string]string{"MSPBOT_STAFF_SESSION_TTL": "10s"}, []string{"MSPBOT_STAFF_SESSION_TTL"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(env(tc.env))
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not say %q:\n%v", w, err)
				}
			}
			if strings.Contains(err.Error(), "s3cret-value-never-shown") {
				t.Errorf("error shows the client secret:\n%v", err)
			}
		})
	}
}

func TestStaffClientSecretMasked(t *testing.T) {
	c, err := Load(env(staffEnv(nil)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := c.Print(&out); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "s3cret-value-never-shown") || !strings.Contains(out.String(), "MSPBOT_STAFF_OIDC_CLIENT_SECRET") {
		t.Fatalf("config check output:\n%s", out.String())
	}
}
