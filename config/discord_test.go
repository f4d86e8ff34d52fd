package config

import (
	"strings"
	"testing"
)

func TestDiscordSettings(t *testing.T) {
	c, err := Load(env(map[string]string{}))
	if err != nil {
		t.Fatal(err)
	}
	if c.DiscordCommands != "global" || !c.DiscordContent || !c.DiscordThreads {
		t.Errorf("defaults: commands %q, message content %v, threads %v", c.DiscordCommands, c.DiscordContent, c.DiscordThreads)
	}
	for in, want := range map[string]string{"OFF": "off", " Global ": "global", "1200000000000000001, 1200000000000000002": "1200000000000000001,1200000000000000002"} {
		c, err := Load(env(map[string]string{"MSPBOT_DISCORD_COMMANDS": in, "MSPBOT_DISCORD_MESSAGE_CONTENT": "false", "MSPBOT_DISCORD_THREADS": "false"}))
		if err != nil || c.DiscordCommands != want || c.DiscordContent || c.DiscordThreads {
			t.Errorf("%q: %+v, %v", in, c.DiscordCommands, err)
		}
	}
	for _, in := range []string{"support", ",", "12ab"} {
		if _, err := Load(env(map[string]string{"MSPBOT_DISCORD_COMMANDS": in})); err == nil || !strings.Contains(err.Error(), "MSPBOT_DISCORD_COMMANDS") {
			t.Errorf("%q: %v", in, err)
		}
	}
}
