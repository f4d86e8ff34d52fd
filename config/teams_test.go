package config

import (
	"strings"
	"testing"
)

func TestTeamsSettings(t *testing.T) {
	c, err := Load(env(map[string]string{
		"TEAMS_APP_ID": "6b1f5d3e-3c1a-4b2e-9d7f-0a1b2c3d4e5f", "TEAMS_APP_PASSWORD": "s3cr3t-value~x",
		"MSPBOT_TEAMS_STAFF_USERS":   "8e7d6c5b-4a39-4281-b0c1-d2e3f4a5b6c7, 5c3f2a1b-7d6e-4f80-9a1b-2c3d4e5f6a7b",
		"MSPBOT_TEAMS_STAFF_CHANNEL": "19:5d4c3b2a19084f7e6d5c4b3a29180f7e@thread.tacv2",
		"MSPBOT_TEAMS_OPENID_URL":    "http://127.0.0.1:9999/openid",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.TeamsStaffUsers) != 2 || c.TeamsService != "https://smba.trafficmanager.net/teams/" || c.TeamsTokenURL != "" {
		t.Fatalf("teams settings %+v", c)
	}
	var b strings.Builder
	_ = c.Print(&b)
	if strings.Contains(b.String(), "s3cr3t") {
		t.Fatalf("the app password was printed:\n%s", b.String())
	}
	cases := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"TEAMS_APP_ID": "mspbot", "TEAMS_APP_PASSWORD": "x"}, "TEAMS_APP_ID: \"mspbot\" is not a Microsoft App ID"},
		{map[string]string{"TEAMS_APP_ID": "6b1f5d3e-3c1a-4b2e-9d7f-0a1b2c3d4e5f"}, "TEAMS_APP_PASSWORD: must be set"},
		{map[string]string{"TEAMS_APP_PASSWORD": "x"}, "TEAMS_APP_ID: must be set"},
		{map[string]string{"MSPBOT_TEAMS_OPENID_URL": "http://login.example.com/x"}, "MSPBOT_TEAMS_OPENID_URL"},
		{map[string]string{"MSPBOT_TEAMS_SERVICE_URL": ""}, "MSPBOT_TEAMS_SERVICE_URL"},
		{map[string]string{"MSPBOT_TEAMS_TOKEN_URL": "ftp://x"}, "MSPBOT_TEAMS_TOKEN_URL"},
		{map[string]string{"MSPBOT_TEAMS_STAFF_USERS": "ben"}, "MSPBOT_TEAMS_STAFF_USERS"},
		{map[string]string{"MSPBOT_TEAMS_STAFF_CHANNEL": "general channel"}, "MSPBOT_TEAMS_STAFF_CHANNEL"},
		{map[string]string{"MSPBOT_TEAMS_STAFF_CHANNEL": "19:abc@thread.tacv2;messageid=1700000000000"}, "MSPBOT_TEAMS_STAFF_CHANNEL"},
		{map[string]string{"MSPBOT_TEAMS_TENANT": "not a tenant"}, "MSPBOT_TEAMS_TENANT"},
	}
	for _, tc := range cases {
		if _, err := Load(env(tc.env)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Load(%v) = %v, want %q", tc.env, err, tc.want)
		}
	}
}
