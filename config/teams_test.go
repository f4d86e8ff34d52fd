package config

import (
	"strings"
	"testing"
)

func TestTeamsSettings(t *testing.T) {
	c, err := Load(env(map[string]string{
		"TEAMS_APP_ID": "6b1f5d3e-3c1a-4b2e-9d7f-0a1b2c3d4e5f", "TEAMS_APP_PASSWORD": "s3cr3t-value~x",
		"MSPBOT_TEAMS_TENANT":        "9e8d7c6b-5a49-4382-b1a0-f1e2d3c4b5a6",
		"MSPBOT_TEAMS_STAFF_USERS":   "8e7d6c5b-4a39-4281-b0c1-d2e3f4a5b6c7, 5c3f2a1b-7d6e-4f80-9a1b-2c3d4e5f6a7b",
		"MSPBOT_TEAMS_STAFF_CHANNEL": "19:5d4c3b2a19084f7e6d5c4b3a29180f7e@thread.tacv2",
		"MSPBOT_TEAMS_OPENID_URL":    "http://127.0.0.1:9999/openid",
		"MSPBOT_TEAMS_TENANT_LANGS":  "3A4B5C6D-7E8F-4A0B-9C1D-2E3F4A5B6C7D=en",
		"IDENTITY_HEADER":            "azure-identity-header-secret",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.TeamsStaffUsers) != 2 || c.TeamsService != "https://smba.trafficmanager.net/teams/" || c.TeamsTokenURL != "" ||
		c.TeamsAppType != "SingleTenant" || c.TeamsThreadTTL.Hours() != 168 || c.TeamsWelcomeLang() != "de" ||
		c.TeamsTenantLangs["3a4b5c6d-7e8f-4a0b-9c1d-2e3f4a5b6c7d"] != "en" {
		t.Fatalf("teams settings %+v", c)
	}
	var b strings.Builder
	_ = c.Print(&b)
	if strings.Contains(b.String(), "s3cr3t") || strings.Contains(b.String(), "azure-identity-header-secret") {
		t.Fatalf("a secret was printed:\n%s", b.String())
	}
	msi, err := Load(env(map[string]string{
		"TEAMS_APP_ID": "6b1f5d3e-3c1a-4b2e-9d7f-0a1b2c3d4e5f", "MSPBOT_TEAMS_APP_TYPE": "userassignedmsi",
		"IDENTITY_ENDPOINT": "http://169.254.255.2:8081/msi/token", "MSPBOT_TEAMS_LANG": "EN",
	}))
	if err != nil || msi.TeamsAppType != "UserAssignedMSI" || msi.TeamsWelcomeLang() != "en" {
		t.Fatalf("a managed identity without secret or tenant: %v %+v", err, msi)
	}
	legacy, err := Load(env(map[string]string{
		"TEAMS_APP_ID": "6b1f5d3e-3c1a-4b2e-9d7f-0a1b2c3d4e5f", "TEAMS_APP_PASSWORD": "x", "MSPBOT_TEAMS_APP_TYPE": "MultiTenant",
	}))
	if err != nil || legacy.TeamsTenant != "" {
		t.Fatalf("an old multi-tenant bot without a tenant: %v", err)
	}
	const app, tenant = "6b1f5d3e-3c1a-4b2e-9d7f-0a1b2c3d4e5f", "9e8d7c6b-5a49-4382-b1a0-f1e2d3c4b5a6"
	cases := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"TEAMS_APP_ID": "mspbot", "TEAMS_APP_PASSWORD": "x"}, "TEAMS_APP_ID: \"mspbot\" is not a Microsoft App ID"},
		{map[string]string{"TEAMS_APP_ID": app, "MSPBOT_TEAMS_TENANT": tenant}, "TEAMS_APP_PASSWORD: must be set"},
		{map[string]string{"TEAMS_APP_PASSWORD": "x"}, "TEAMS_APP_ID: must be set"},
		{map[string]string{"TEAMS_APP_ID": app, "TEAMS_APP_PASSWORD": "x"}, "MSPBOT_TEAMS_TENANT: must be set for a single-tenant bot"},
		{map[string]string{"TEAMS_APP_ID": app, "TEAMS_APP_PASSWORD": "x", "MSPBOT_TEAMS_APP_TYPE": "UserAssignedMSI"}, "TEAMS_APP_PASSWORD: a managed identity"},
		{map[string]string{"MSPBOT_TEAMS_APP_TYPE": "AzureAD"}, "MSPBOT_TEAMS_APP_TYPE"},
		{map[string]string{"TEAMS_APP_ID": app, "MSPBOT_TEAMS_APP_TYPE": "UserAssignedMSI", "IDENTITY_ENDPOINT": "http://identity.example.com/token"}, "IDENTITY_ENDPOINT"},
		{map[string]string{"MSPBOT_TEAMS_OPENID_URL": "http://login.example.com/x"}, "MSPBOT_TEAMS_OPENID_URL"},
		{map[string]string{"MSPBOT_TEAMS_SERVICE_URL": ""}, "MSPBOT_TEAMS_SERVICE_URL"},
		{map[string]string{"MSPBOT_TEAMS_TOKEN_URL": "ftp://x"}, "MSPBOT_TEAMS_TOKEN_URL"},
		{map[string]string{"MSPBOT_TEAMS_STAFF_USERS": "ben"}, "MSPBOT_TEAMS_STAFF_USERS"},
		{map[string]string{"MSPBOT_TEAMS_STAFF_CHANNEL": "general channel"}, "MSPBOT_TEAMS_STAFF_CHANNEL"},
		{map[string]string{"MSPBOT_TEAMS_STAFF_CHANNEL": "19:abc@thread.tacv2;messageid=1700000000000"}, "MSPBOT_TEAMS_STAFF_CHANNEL"},
		{map[string]string{"MSPBOT_TEAMS_TENANT": "not a tenant"}, "MSPBOT_TEAMS_TENANT"},
		{map[string]string{"MSPBOT_TEAMS_THREAD_TTL": "5s"}, "MSPBOT_TEAMS_THREAD_TTL"},
		{map[string]string{"MSPBOT_TEAMS_LANG": "fr"}, "MSPBOT_TEAMS_LANG"},
		{map[string]string{"MSPBOT_TEAMS_TENANT_LANGS": "acme=en"}, "MSPBOT_TEAMS_TENANT_LANGS"},
		{map[string]string{"MSPBOT_TEAMS_TENANT_LANGS": tenant + "=fr"}, "MSPBOT_TEAMS_TENANT_LANGS"},
		{map[string]string{"MSPBOT_TEAMS_TENANT_LANGS": tenant}, "tenant=lang"},
	}
	for _, tc := range cases {
		if _, err := Load(env(tc.env)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Load(%v) = %v, want %q", tc.env, err, tc.want)
		}
	}
}
