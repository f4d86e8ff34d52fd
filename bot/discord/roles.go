package discord

import (
	"encoding/json"
	"sync"

	"github.com/bwmarrin/discordgo"
)

// botRoles knows, per guild, the roles that belong to a bot: when a bot
// joins a guild with permissions, Discord gives it a managed role whose
// tags name the bot (tags.bot_id,
// https://discord.com/developers/docs/topics/permissions#role-object-role-tags-structure).
// Discord's client offers that role when one types the bot's name, so a
// mention of it is a mention of the bot. Its name is no sign: the role is
// named after the bot when it joins and keeps that name when the bot is
// renamed, and anyone who may manage roles can rename it or give another
// role the same name.
//
// discordgo (v0.29) drops the tags when it decodes a role, so the adapter
// reads them from the raw gateway events: GUILD_CREATE and GUILD_UPDATE
// (all roles), GUILD_ROLE_CREATE, GUILD_ROLE_UPDATE and GUILD_ROLE_DELETE.
type botRoles struct {
	mu sync.Mutex
	m  map[string]map[string]string // guild -> role -> bot id
}

// rawRole is the part of a role object the adapter reads.
type rawRole struct {
	ID   string `json:"id"`
	Tags *struct {
		BotID string `json:"bot_id"`
	} `json:"tags"`
}

func (r rawRole) botID() string {
	if r.Tags == nil {
		return ""
	}
	return r.Tags.BotID
}

// observe updates the index from a raw gateway dispatch.
func (b *botRoles) observe(e *discordgo.Event) {
	if e == nil {
		return
	}
	switch e.Type {
	case "GUILD_CREATE", "GUILD_UPDATE":
		var g struct {
			ID    string    `json:"id"`
			Roles []rawRole `json:"roles"`
		}
		if json.Unmarshal(e.RawData, &g) != nil || g.ID == "" || g.Roles == nil {
			return
		}
		tagged := map[string]string{}
		for _, r := range g.Roles {
			if bot := r.botID(); bot != "" && r.ID != "" {
				tagged[r.ID] = bot
			}
		}
		b.mu.Lock()
		if b.m == nil {
			b.m = map[string]map[string]string{}
		}
		b.m[g.ID] = tagged
		b.mu.Unlock()
	case "GUILD_ROLE_CREATE", "GUILD_ROLE_UPDATE":
		var d struct {
			GuildID string  `json:"guild_id"`
			Role    rawRole `json:"role"`
		}
		if json.Unmarshal(e.RawData, &d) != nil || d.GuildID == "" || d.Role.ID == "" {
			return
		}
		b.mu.Lock()
		if b.m == nil {
			b.m = map[string]map[string]string{}
		}
		g := b.m[d.GuildID]
		if g == nil {
			g = map[string]string{}
			b.m[d.GuildID] = g
		}
		if bot := d.Role.botID(); bot != "" {
			g[d.Role.ID] = bot
		} else {
			delete(g, d.Role.ID)
		}
		b.mu.Unlock()
	case "GUILD_ROLE_DELETE":
		var d struct {
			GuildID string `json:"guild_id"`
			RoleID  string `json:"role_id"`
		}
		if json.Unmarshal(e.RawData, &d) != nil {
			return
		}
		b.mu.Lock()
		delete(b.m[d.GuildID], d.RoleID)
		b.mu.Unlock()
	case "GUILD_DELETE":
		var d struct {
			ID          string `json:"id"`
			Unavailable bool   `json:"unavailable"`
		}
		if json.Unmarshal(e.RawData, &d) != nil || d.Unavailable {
			return
		}
		b.mu.Lock()
		delete(b.m, d.ID)
		b.mu.Unlock()
	}
}

// belongsTo reports whether role in guild is the managed role of the bot
// with the user id bot.
func (b *botRoles) belongsTo(guild, role, bot string) bool {
	if bot == "" {
		return false
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.m[guild][role] == bot
}
