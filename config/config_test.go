package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestDefaults(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.HTTPAddr != "127.0.0.1:8080" || c.SessionTTL != 24*time.Hour || c.StaffChannel != "staff" || c.RedisURL != "" {
		t.Fatalf("defaults = %+v", c)
	}
	if c.APIRequiresToken() {
		t.Fatal("loopback without token should not require one")
	}
}

func TestFileThenEnv(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "mspbot.yaml")
	if err := os.WriteFile(p, []byte("staff_users: [alice, bob]\nsession_ttl: 2h\nstaff_channel: ops\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(env(map[string]string{"MSPBOT_CONFIG": p, "MSPBOT_STAFF_CHANNEL": "team"}))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(c.StaffUsers, ",") != "alice,bob" || c.SessionTTL != 2*time.Hour {
		t.Fatalf("file values not applied: %+v", c)
	}
	if c.StaffChannel != "team" {
		t.Fatalf("environment should win over the file, got %q", c.StaffChannel)
	}
	var b strings.Builder
	if err := c.Print(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"MSPBOT_STAFF_USERS=alice,bob\t# file", "MSPBOT_STAFF_CHANNEL=team\t# env", "MSPBOT_HTTP_ADDR=127.0.0.1:8080\t# default"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("Print lacks %q:\n%s", want, b.String())
		}
	}
}

func TestErrorsNameTheSetting(t *testing.T) {
	dir := t.TempDir()
	typo := filepath.Join(dir, "typo.yaml")
	_ = os.WriteFile(typo, []byte("sesion_ttl: 2h\n"), 0o600)
	cases := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"MSPBOT_SESSION_TTL": "soon"}, "MSPBOT_SESSION_TTL"},
		{map[string]string{"MSPBOT_HTTP_ADDR": "8080"}, "MSPBOT_HTTP_ADDR"},
		{map[string]string{"MSPBOT_HTTP_ADDR": "0.0.0.0:8080"}, "MSPBOT_API_TOKEN: must be set"},
		{map[string]string{"MSPBOT_API_TOKEN": "short"}, "at least 16"},
		{map[string]string{"MSPBOT_EVENT_TIMEOUT": "40s"}, "shorter than MSPBOT_LOCK_TTL"},
		{map[string]string{"MSPBOT_DEFAULT_LANG": "fr"}, "MSPBOT_DEFAULT_LANG"},
		{map[string]string{"REDIS_URL": "http://x"}, "REDIS_URL"},
		{map[string]string{"MSPBOT_STAFF_USERS": "alice,b{ad}"}, "MSPBOT_STAFF_USERS"},
		{map[string]string{"MSPBOT_MAX_MESSAGE_CHARS": "0"}, "MSPBOT_MAX_MESSAGE_CHARS"},
		{map[string]string{"MSPBOT_COOKIE_SECURE": "maybe"}, "MSPBOT_COOKIE_SECURE"},
		{map[string]string{"MSPBOT_CONFIG": typo}, `unknown setting "sesion_ttl"`},
		{map[string]string{"MSPBOT_CONFIG": filepath.Join(dir, "missing.yaml")}, "MSPBOT_CONFIG"},
	}
	for _, tc := range cases {
		_, err := Load(env(tc.env))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Load(%v) error = %v, want it to mention %q", tc.env, err, tc.want)
		}
	}
	// Beyond loopback with a token is fine and demands the token.
	c, err := Load(env(map[string]string{"MSPBOT_HTTP_ADDR": ":8080", "MSPBOT_API_TOKEN": "0123456789abcdef0123"}))
	if err != nil || !c.APIRequiresToken() {
		t.Fatalf("public address with token: %v, requires=%v", err, c != nil && c.APIRequiresToken())
	}
}

func TestSecretsMasked(t *testing.T) {
	c, err := Load(env(map[string]string{"REDIS_URL": "redis://user:hunter2hunter2@db:6379/0", "MSPBOT_API_TOKEN": "supersecrettoken-123"}))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	_ = c.Print(&b)
	out := b.String()
	if strings.Contains(out, "hunter2") || strings.Contains(out, "supersecrettoken") {
		t.Fatalf("secret printed:\n%s", out)
	}
	if !strings.Contains(out, "REDIS_URL=redis://xxxxx@db:6379/0\t") {
		t.Fatalf("redis URL not shown masked:\n%s", out)
	}
}

// TestURLSecretsMasked: every URL setting is printed, and quoted in
// validation errors, without its user info and secret parameters: the
// Sentinel form of REDIS_URL, a PSA webhook with user:password and
// ?apikey=, OPENAI_BASE_URL and the account webhook with user:password.
func TestURLSecretsMasked(t *testing.T) {
	secrets := []string{"urluser77", "PASS91", "SECRET53"}
	vars := map[string]string{
		"REDIS_URL":                     "redis://urluser77:PASS91@h:26391/0?master_name=m&password=SECRET53",
		"MSPBOT_WEBHOOK_URL":            "http://urluser77:PASS91@psa.example/psa?apikey=SECRET53&tenant=7",
		"MSPBOT_WEBHOOK_SECRET":         "0123456789abcdef-wh",
		"OPENAI_API_KEY":                "sk-test",
		"OPENAI_BASE_URL":               "https://urluser77:PASS91@llm.example/v1",
		"MSPBOT_ACCOUNT_WEBHOOK_URL":    "https://urluser77:PASS91@dir.example/hook?token=SECRET53",
		"MSPBOT_ACCOUNT_WEBHOOK_SECRET": "0123456789abcdef-acc",
		"MSPBOT_SLACK_API_URL":          "http://urluser77:PASS91@127.0.0.1:9/api/",
	}
	c, err := Load(env(vars))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	_ = c.Print(&b)
	out := b.String()
	for _, s := range secrets {
		if strings.Contains(out, s) {
			t.Errorf("config check shows %q:\n%s", s, out)
		}
	}
	for _, want := range []string{
		"REDIS_URL=redis://xxxxx@h:26391/0?master_name=m&password=xxxxx\t",
		"MSPBOT_WEBHOOK_URL=http://xxxxx@psa.example/psa?apikey=xxxxx&tenant=7\t",
		"OPENAI_BASE_URL=https://xxxxx@llm.example/v1\t",
		"MSPBOT_ACCOUNT_WEBHOOK_URL=https://xxxxx@dir.example/hook?token=xxxxx\t",
		"MSPBOT_SLACK_API_URL=http://xxxxx@127.0.0.1:9/api/\t",
		"MSPBOT_TEAMS_SERVICE_URL=https://smba.trafficmanager.net/teams/\t",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("config check lacks %q:\n%s", want, out)
		}
	}
	if Mask("REDIS_URL", vars["REDIS_URL"]) != "redis://xxxxx@h:26391/0?master_name=m&password=xxxxx" || Mask("OPENAI_API_KEY", "sk-test") != "******** (set)" {
		t.Errorf("Mask: %q", Mask("REDIS_URL", vars["REDIS_URL"]))
	}

	// Invalid URLs are named in the errors, masked all the same.
	bad := map[string]string{
		"MSPBOT_WEBHOOK_URL":            "ftp://urluser77:PASS91@psa.example/?apikey=SECRET53",
		"MSPBOT_WEBHOOK_SECRET":         "0123456789abcdef-wh",
		"OPENAI_BASE_URL":               "urluser77:PASS91@llm.example/v1?key=SECRET53",
		"MSPBOT_ACCOUNT_WEBHOOK_URL":    "gopher://urluser77:PASS91@dir.example:port/?token=SECRET53",
		"MSPBOT_ACCOUNT_WEBHOOK_SECRET": "0123456789abcdef-acc",
		"MSPBOT_SLACK_API_URL":          "http://urluser77:PASS91@127.0.0.1:9/api",
		"TEAMS_APP_ID":                  "6b1f5d3e-3c1a-4b2e-9d7f-0a1b2c3d4e5f",
		"TEAMS_APP_PASSWORD":            "pw",
		"MSPBOT_TEAMS_SERVICE_URL":      "http://urluser77:PASS91@teams.example/?sig=SECRET53",
	}
	_, err = Load(env(bad))
	if err == nil {
		t.Fatal("bad URLs accepted")
	}
	msg := err.Error()
	for _, name := range []string{"MSPBOT_WEBHOOK_URL", "OPENAI_BASE_URL", "MSPBOT_ACCOUNT_WEBHOOK_URL", "MSPBOT_SLACK_API_URL", "MSPBOT_TEAMS_SERVICE_URL"} {
		if !strings.Contains(msg, name) {
			t.Errorf("the errors do not name %s:\n%s", name, msg)
		}
	}
	for _, s := range secrets {
		if strings.Contains(msg, s) {
			t.Errorf("the errors show %q:\n%s", s, msg)
		}
	}
}

// TestREADMEDocumentsEverySetting keeps the README's settings table true.
func TestREADMEDocumentsEverySetting(t *testing.T) {
	readme, err := os.ReadFile("../docs/settings.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range Settings() {
		row := "| `" + s.Env + "` | `" + s.YAML + "` |"
		if !strings.Contains(string(readme), row) {
			t.Errorf("README.md has no settings row starting %q", row)
		}
	}
}

func TestOrganizationsAndPlatforms(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "mspbot.yaml")
	_ = os.WriteFile(p, []byte("organizations:\n  acme: [\"slack:T1\", \"web:@alice\"]\n  beta: [\"discord:G9\"]\ndiscord_staff_roles: G9=Support\n"), 0o600)
	c, err := Load(env(map[string]string{"MSPBOT_CONFIG": p}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Organizations != "acme=slack:T1,web:@alice;beta=discord:G9" || c.DiscordRoles["G9"] != "Support" {
		t.Fatalf("organizations %q, roles %v", c.Organizations, c.DiscordRoles)
	}
	cases := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"MSPBOT_ORGANIZATIONS": "a=slack:T1;b=slack:T1"}, "MSPBOT_ORGANIZATIONS"},
		{map[string]string{"SLACK_APP_TOKEN": "xapp-1"}, "SLACK_BOT_TOKEN: must be set"},
		{map[string]string{"SLACK_BOT_TOKEN": "xoxb-1"}, "Socket Mode or the Events API"},
		{map[string]string{"SLACK_BOT_TOKEN": "xoxp-1", "SLACK_SIGNING_SECRET": "s"}, "not a bot token"},
		{map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xoxb-2"}, "not an app-level token"},
		{map[string]string{"MSPBOT_SLACK_API_URL": "http://127.0.0.1:9/api"}, "ending in /"},
		{map[string]string{"MSPBOT_SLACK_LANG": "fr"}, "MSPBOT_SLACK_LANG"},
		{map[string]string{"MSPBOT_SLACK_THREAD_TTL": "10s"}, "MSPBOT_SLACK_THREAD_TTL"},
		{map[string]string{"MSPBOT_DISCORD_STAFF_ROLES": "G9"}, "guild=role"},
	}
	for _, tc := range cases {
		if _, err := Load(env(tc.env)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Load(%v) = %v, want %q", tc.env, err, tc.want)
		}
	}
}

func TestBusinessHoursAndTickets(t *testing.T) {
	days, open, close, err := ParseBusinessHours("Mo-Do 07:30-18:00")
	if err != nil || len(days) != 4 || days[0] != time.Monday || days[3] != time.Thursday || open != 7*time.Hour+30*time.Minute || close != 18*time.Hour {
		t.Fatalf("ParseBusinessHours = %v %v %v %v", days, open, close, err)
	}
	cases := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"MSPBOT_BUSINESS_HOURS": "weekdays 9-5"}, "MSPBOT_BUSINESS_HOURS"},
		{map[string]string{"MSPBOT_BUSINESS_HOURS": "Mon-Fri 17:00-08:00"}, "open before it closes"},
		{map[string]string{"MSPBOT_HOLIDAY_STATE": "XX"}, "MSPBOT_HOLIDAY_STATE"},
		{map[string]string{"MSPBOT_TIMEZONE": "Mars/Olympus"}, "MSPBOT_TIMEZONE"},
		{map[string]string{"MSPBOT_PHONE_REGION": "GER"}, "MSPBOT_PHONE_REGION"},
		{map[string]string{"MSPBOT_WEBHOOK_URL": "https://psa.example/hook"}, "MSPBOT_WEBHOOK_SECRET"},
		{map[string]string{"MSPBOT_WEBHOOK_URL": "ftp://x", "MSPBOT_WEBHOOK_SECRET": "0123456789abcdef"}, "MSPBOT_WEBHOOK_URL"},
	}
	for _, tc := range cases {
		if _, err := Load(env(tc.env)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Load(%v) = %v, want %q", tc.env, err, tc.want)
		}
	}
}
