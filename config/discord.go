package config

import (
	"fmt"
	"regexp"
	"strings"
)

// The Discord settings beyond the token and the staff (see docs/platforms.md).

// snowflakeRE matches a Discord id.
var snowflakeRE = regexp.MustCompile(`^[0-9]{1,20}$`)

func discordCommandsSetting() Setting {
	return Setting{Env: "MSPBOT_DISCORD_COMMANDS", YAML: "discord_commands", Default: "global",
		Help: "Where the slash command /mspbot is registered at start: global (every server the bot is in and direct messages with it; changes reach clients within minutes), " +
			"guild ids separated by commas (those servers only, at once; not in direct messages) or off (mspbot registers nothing).",
		set: func(c *Config, v string) error {
			v = strings.TrimSpace(v)
			switch strings.ToLower(v) {
			case "global", "off":
				c.DiscordCommands = strings.ToLower(v)
				return nil
			}
			var ids []string
			for _, g := range strings.Split(v, ",") {
				if g = strings.TrimSpace(g); g == "" {
					continue
				}
				if !snowflakeRE.MatchString(g) {
					return fmt.Errorf("%q: want global, off or Discord server (guild) ids separated by commas", g)
				}
				ids = append(ids, g)
			}
			if len(ids) == 0 {
				return fmt.Errorf("%q: want global, off or Discord server (guild) ids separated by commas", v)
			}
			c.DiscordCommands = strings.Join(ids, ",")
			return nil
		},
		get: func(c *Config) string { return c.DiscordCommands }}
}

func discordMessageContentSetting() Setting {
	return boolSetting("MSPBOT_DISCORD_MESSAGE_CONTENT", "discord_message_content", "true",
		"Ask Discord for the privileged Message Content intent (turn it on for the bot in the Developer Portal). Without it direct messages, mentions, replies that mention the bot and /mspbot still work, "+
			"but follow-ups in the bot's threads and replies with the mention switched off must mention the bot.",
		func(c *Config) *bool { return &c.DiscordContent })
}

func discordThreadsSetting() Setting {
	return boolSetting("MSPBOT_DISCORD_THREADS", "discord_threads", "true",
		"Answer a mention in a Discord text channel (and a dialogue begun with /mspbot there) in a thread the bot starts, where follow-ups need no mention (needs Create Public Threads); "+
			"false: answer in the channel, where follow-ups are replies to the bot's messages.",
		func(c *Config) *bool { return &c.DiscordThreads })
}
