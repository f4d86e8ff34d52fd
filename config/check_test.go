package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLoadNamesEveryBadSetting: unreadable values (not a duration, not a
// number) and invalid ones (a language nobody speaks, a port beyond 65535)
// are all reported at once, each naming its setting, and a setting that
// could not be read is not blamed a second time for the default it kept.
func TestLoadNamesEveryBadSetting(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "mspbot.yaml")
	if err := os.WriteFile(file, []byte("history_max: lots\nholiday_state: XX\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load(env(map[string]string{
		"MSPBOT_CONFIG":            file,
		"MSPBOT_SESSION_TTL":       "soon",               // unreadable
		"MSPBOT_RATE_USER":         "thirty",             // unreadable
		"MSPBOT_DEFAULT_LANG":      "fr",                 // invalid
		"MSPBOT_HTTP_ADDR":         ":99999",             // port out of range
		"MSPBOT_DEBUG_ADDR":        "127.0.0.1:70000",    // port out of range
		"REDIS_URL":                "redis://db:65536/0", // port out of range
		"MSPBOT_SMTP_PORT":         "0",                  // port out of range
		"MSPBOT_WEBHOOK_URL":       "https://psa.example:123456/hook",
		"MSPBOT_WEBHOOK_SECRET":    "0123456789abcdef",
		"MSPBOT_MAX_MESSAGE_CHARS": "0", // invalid
	}))
	if err == nil {
		t.Fatal("Load accepted bad settings")
	}
	msg := err.Error()
	for _, want := range []string{
		"MSPBOT_SESSION_TTL: \"soon\" is not a duration",
		"MSPBOT_RATE_USER: \"thirty\" is not a whole number",
		"history_max: \"lots\" is not a whole number",
		"MSPBOT_HOLIDAY_STATE: \"XX\"",
		"MSPBOT_DEFAULT_LANG: \"fr\"",
		"MSPBOT_HTTP_ADDR: port \"99999\"",
		"MSPBOT_DEBUG_ADDR: port \"70000\"",
		"REDIS_URL: port \"65536\"",
		"MSPBOT_SMTP_PORT: 0",
		"MSPBOT_WEBHOOK_URL: port \"123456\"",
		"MSPBOT_MAX_MESSAGE_CHARS: 0",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("the errors do not name %q:\n%s", want, msg)
		}
	}
	if n := strings.Count(msg, "MSPBOT_SESSION_TTL"); n != 1 {
		t.Errorf("MSPBOT_SESSION_TTL is named %d times, want once:\n%s", n, msg)
	}
	if n := strings.Count(msg, "\n") + 1; n != 11 {
		t.Errorf("%d problems reported, want 11 (one per bad setting):\n%s", n, msg)
	}
}

// TestPortsInRange: ports 1 to 65535 are accepted everywhere; 0 only
// where it means "any free port" (the listen addresses).
func TestPortsInRange(t *testing.T) {
	good := []map[string]string{
		{"MSPBOT_HTTP_ADDR": "127.0.0.1:0"},
		{"MSPBOT_HTTP_ADDR": "127.0.0.1:65535"},
		{"MSPBOT_DEBUG_ADDR": "127.0.0.1:6060"},
		{"REDIS_URL": "redis://db:6379/0"},
		{"REDIS_URL": "redis://db/0"},
		{"REDIS_URL": "redis://db:6379?addr=db2:6380&addr=db3:6381"},
		{"OPENAI_BASE_URL": "http://localhost:11434/v1"},
	}
	for _, e := range good {
		if _, err := Load(env(e)); err != nil {
			t.Errorf("Load(%v) = %v, want no error", e, err)
		}
	}
	bad := map[string]map[string]string{
		"MSPBOT_HTTP_ADDR":  {"MSPBOT_HTTP_ADDR": "127.0.0.1:-1"},
		"REDIS_URL":         {"REDIS_URL": "redis://db:6379?addr=db2:99999"},
		"OPENAI_BASE_URL":   {"OPENAI_BASE_URL": "http://localhost:0/v1"},
		"MSPBOT_SMTP_PORT":  {"MSPBOT_SMTP_PORT": "65536"},
		"MSPBOT_DEBUG_ADDR": {"MSPBOT_DEBUG_ADDR": "127.0.0.1:123456"},
	}
	for name, e := range bad {
		_, err := Load(env(e))
		var se *SettingError
		if err == nil || !errors.As(err, &se) || se.Setting != name {
			t.Errorf("Load(%v) = %v, want a *SettingError naming %s", e, err, name)
		}
	}
}
