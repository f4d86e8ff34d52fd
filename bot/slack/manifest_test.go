package slack

import (
	"os"
	"slices"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestManifestAsksForWhatIsUsed holds deploy/slack-app-manifest.yaml to the
// adapter: exactly the bot scopes and events it uses, the /mspbot command,
// the Messages tab (direct messages and the welcome) and interactivity.
// Each scope is the one Slack names for a method or event the adapter calls
// or handles (https://docs.slack.dev/reference/scopes): no im:read (no
// conversations.info/list), no chat:write.public (the bot posts only where
// it is a member).
func TestManifestAsksForWhatIsUsed(t *testing.T) {
	raw, err := os.ReadFile("../../deploy/slack-app-manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Features struct {
			AppHome struct {
				MessagesTab bool `yaml:"messages_tab_enabled"`
			} `yaml:"app_home"`
			SlashCommands []struct {
				Command      string `yaml:"command"`
				ShouldEscape bool   `yaml:"should_escape"`
			} `yaml:"slash_commands"`
		} `yaml:"features"`
		OAuth struct {
			Scopes struct {
				Bot []string `yaml:"bot"`
			} `yaml:"scopes"`
		} `yaml:"oauth_config"`
		Settings struct {
			Events struct {
				Bot []string `yaml:"bot_events"`
			} `yaml:"event_subscriptions"`
			Interactivity struct {
				Enabled bool `yaml:"is_enabled"`
			} `yaml:"interactivity"`
		} `yaml:"settings"`
	}
	if err := yaml.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	scopes := map[string]string{
		"app_mentions:read": "app_mention",
		"channels:history":  "message.channels: replies in the bot's threads",
		"groups:history":    "message.groups",
		"mpim:history":      "message.mpim",
		"im:history":        "message.im",
		"im:write":          "conversations.open (openDM)",
		"chat:write":        "chat.postMessage, chat.postEphemeral",
		"commands":          "/mspbot",
		"reactions:read":    "reaction_added, reaction_removed",
		"usergroups:read":   "usergroups.users.list (staff group)",
	}
	events := []string{"app_home_opened", "app_mention", "message.channels", "message.groups", "message.im", "message.mpim",
		"reaction_added", "reaction_removed"}
	got := slices.Sorted(slices.Values(m.OAuth.Scopes.Bot))
	want := make([]string, 0, len(scopes))
	for s := range scopes {
		want = append(want, s)
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("bot scopes %v, want exactly %v", got, want)
	}
	if got := slices.Sorted(slices.Values(m.Settings.Events.Bot)); !slices.Equal(got, events) {
		t.Errorf("bot events %v, want %v", got, events)
	}
	// should_escape: mentions in the command's text arrive as <@U…>, as in
	// messages, so that "/mspbot protokoll Unterzeichner: @anna" names a
	// signer.
	if len(m.Features.SlashCommands) != 1 || m.Features.SlashCommands[0].Command != "/mspbot" || !m.Features.SlashCommands[0].ShouldEscape {
		t.Errorf("slash commands %+v, want /mspbot with should_escape", m.Features.SlashCommands)
	}
	if !m.Features.AppHome.MessagesTab || !m.Settings.Interactivity.Enabled {
		t.Error("the Messages tab and interactivity must be on")
	}
}
