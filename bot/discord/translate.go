package discord

import (
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/mspbot/mspbot/bot"
)

// customIDSep separates a button's action from its value in the component's
// custom_id. Actions use ':' themselves ("ticket:claim"), so this is '|'.
const customIDSep = "|"

// maxCustomID is Discord's limit on a component's custom_id.
const maxCustomID = 100

// customID returns the custom_id of a button.
func customID(action, value string) string {
	if value == "" {
		return action
	}
	return action + customIDSep + value
}

// parseCustomID splits a custom_id made by customID.
func parseCustomID(id string) (action, value string) {
	action, value, _ = strings.Cut(id, customIDSep)
	return action, value
}

// messageEvent translates a MESSAGE_CREATE. It reports false for messages
// the bot does not answer: by bots (itself included) or webhooks, system
// messages, and guild messages outside the bot's threads that neither
// mention the bot nor reply to one of its messages (and, in its threads,
// messages without text: without the Message Content intent Discord sends
// none unless the bot is mentioned).
func (a *Adapter) messageEvent(m *discordgo.MessageCreate) (bot.Event, bool) {
	if m == nil || m.Message == nil || m.Author == nil || m.Author.ID == "" || m.ID == "" || m.ChannelID == "" {
		return bot.Event{}, false
	}
	self := a.selfID()
	if m.Author.Bot || m.Author.System || m.WebhookID != "" || (self != "" && m.Author.ID == self) {
		return bot.Event{}, false
	}
	if m.Type != discordgo.MessageTypeDefault && m.Type != discordgo.MessageTypeReply {
		return bot.Event{}, false
	}
	channel, thread := m.ChannelID, ""
	if m.GuildID != "" {
		if self == "" {
			return bot.Event{}, false
		}
		channel, thread = a.place(m.ChannelID)
		addressed := a.addressed(m.Message, self)
		if !addressed && (thread == "" || strings.TrimSpace(m.Content) == "") {
			return bot.Event{}, false
		}
	}
	return bot.Event{
		ID:   "msg:" + m.ID,
		Kind: bot.KindMessage,
		Ref: bot.Ref{
			Platform:  Platform,
			Workspace: m.GuildID,
			Channel:   channel,
			Thread:    thread,
			Message:   m.ID,
			User:      m.Author.ID,
		},
		Text:     a.stripMention(m.Message, self),
		UserName: m.Author.Username,
		Time:     m.Timestamp,
	}, true
}

// addressed reports whether a guild message is meant for the bot: it
// mentions the bot (or the bot's managed role, which Discord's client offers
// when one types the bot's name), or it replies to a message of the bot's.
func (a *Adapter) addressed(m *discordgo.Message, self string) bool {
	if self == "" {
		return false
	}
	for _, u := range m.Mentions {
		if u != nil && u.ID == self {
			return true
		}
	}
	for _, r := range m.MentionRoles {
		if a.isBotRole(m.GuildID, r) {
			return true
		}
	}
	return repliesToBot(m, self)
}

// repliesToBot reports whether m is a reply to a message of the bot's.
func repliesToBot(m *discordgo.Message, self string) bool {
	ref := m.ReferencedMessage
	return ref != nil && ref.Author != nil && self != "" && ref.Author.ID == self
}

// opensThread reports whether the message ev was made from opens a
// conversation that moves into a thread started from it: a message in a
// text channel that names the bot in its text (a reply to the bot's
// message, which Discord may also count as a mention, goes on where it
// is).
func (a *Adapter) opensThread(m *discordgo.Message, ev bot.Event) bool {
	if ev.Ref.Workspace == "" || ev.Ref.Thread != "" || ev.Ref.Channel != m.ChannelID {
		return false
	}
	self := a.selfID()
	if repliesToBot(m, self) {
		return false
	}
	named := strings.Contains(m.Content, "<@"+self+">") || strings.Contains(m.Content, "<@!"+self+">")
	for _, r := range m.MentionRoles {
		named = named || (a.isBotRole(m.GuildID, r) && strings.Contains(m.Content, "<@&"+r+">"))
	}
	return named && a.threadable(ev.Ref.Workspace, ev.Ref.Channel)
}

// isBotRole reports whether role is the managed role Discord created for the
// bot in guild: the role whose tags name the bot (see botRoles).
func (a *Adapter) isBotRole(guild, role string) bool {
	return a.roles.belongsTo(guild, role, a.selfID())
}

// stripMention returns the message's text without the bot's mentions at its
// start (<@id>, <@!id>, or <@&role> of the bot's managed role), trimmed.
func (a *Adapter) stripMention(m *discordgo.Message, self string) string {
	text := strings.TrimSpace(m.Content)
	if self == "" {
		return text
	}
	for {
		rest, ok := cutMention(text, "<@"+self+">", "<@!"+self+">")
		if !ok && strings.HasPrefix(text, "<@&") {
			if end := strings.IndexByte(text, '>'); end > 0 && a.isBotRole(m.GuildID, text[3:end]) {
				rest, ok = text[end+1:], true
			}
		}
		if !ok {
			return text
		}
		text = strings.TrimLeft(strings.TrimSpace(rest), ",:")
		text = strings.TrimSpace(text)
	}
}

func cutMention(text string, forms ...string) (string, bool) {
	for _, f := range forms {
		if rest, ok := strings.CutPrefix(text, f); ok {
			return rest, true
		}
	}
	return text, false
}

// reactionAddEvent translates a MESSAGE_REACTION_ADD. It reports false for
// the bot's own reactions and those of other bots.
func (a *Adapter) reactionAddEvent(r *discordgo.MessageReactionAdd) (bot.Event, bool) {
	if r == nil || r.MessageReaction == nil {
		return bot.Event{}, false
	}
	if r.Member != nil && r.Member.User != nil && r.Member.User.Bot {
		return bot.Event{}, false
	}
	return a.reactionEvent(r.MessageReaction, true)
}

// reactionRemoveEvent translates a MESSAGE_REACTION_REMOVE. It reports false
// for the bot's own reactions.
func (a *Adapter) reactionRemoveEvent(r *discordgo.MessageReactionRemove) (bot.Event, bool) {
	if r == nil || r.MessageReaction == nil {
		return bot.Event{}, false
	}
	return a.reactionEvent(r.MessageReaction, false)
}

func (a *Adapter) reactionEvent(r *discordgo.MessageReaction, added bool) (bot.Event, bool) {
	if r.UserID == "" || r.ChannelID == "" || r.MessageID == "" {
		return bot.Event{}, false
	}
	if self := a.selfID(); self != "" && r.UserID == self {
		return bot.Event{}, false
	}
	// Standard emoji come as their Unicode text, custom ones by name (the
	// name is empty when a custom emoji was deleted; its id stands in).
	name := r.Emoji.Name
	if name == "" {
		name = r.Emoji.ID
	}
	emoji := bot.NormalizeEmoji(name)
	if emoji == "" {
		return bot.Event{}, false
	}
	kind, verb := bot.KindReactionRemoved, "remove"
	if added {
		kind, verb = bot.KindReactionAdded, "add"
	}
	channel, thread := r.ChannelID, ""
	if r.GuildID != "" {
		channel, thread = a.place(r.ChannelID)
	}
	return bot.Event{
		ID:    "react:" + verb + ":" + r.MessageID + ":" + r.UserID + ":" + emoji,
		Kind:  kind,
		Ref:   bot.Ref{Platform: Platform, Workspace: r.GuildID, Channel: channel, Thread: thread, User: r.UserID},
		Emoji: emoji,
		Target: bot.Ref{
			Platform: Platform, Workspace: r.GuildID, Channel: channel, Thread: thread, Message: r.MessageID,
		},
	}, true
}

// buttonEvent translates an INTERACTION_CREATE of a button press. It reports
// false for every other interaction (slash commands are commandEvent's;
// select menus and the rest the bot does not offer).
func (a *Adapter) buttonEvent(i *discordgo.InteractionCreate) (bot.Event, bool) {
	if i == nil || i.Interaction == nil || i.Type != discordgo.InteractionMessageComponent || i.ID == "" || i.ChannelID == "" {
		return bot.Event{}, false
	}
	data, ok := i.Data.(discordgo.MessageComponentInteractionData)
	if !ok || data.ComponentType != discordgo.ButtonComponent {
		return bot.Event{}, false
	}
	var user *discordgo.User
	switch {
	case i.Member != nil && i.Member.User != nil:
		user = i.Member.User
	case i.User != nil:
		user = i.User
	default:
		return bot.Event{}, false
	}
	if user.Bot || user.ID == "" {
		return bot.Event{}, false
	}
	action, value := parseCustomID(data.CustomID)
	if action == "" {
		return bot.Event{}, false
	}
	channel, thread := i.ChannelID, ""
	if i.GuildID != "" {
		channel, thread = a.place(i.ChannelID)
	}
	ev := bot.Event{
		ID:       "ia:" + i.ID,
		Kind:     bot.KindButton,
		Ref:      bot.Ref{Platform: Platform, Workspace: i.GuildID, Channel: channel, Thread: thread, User: user.ID},
		UserName: user.Username,
		Target:   bot.Ref{Platform: Platform, Workspace: i.GuildID, Channel: channel, Thread: thread},
		Action:   action,
		Value:    value,
	}
	if i.Message != nil {
		ev.Target.Message = i.Message.ID
		if c := i.Message.ChannelID; c != "" && c != i.ChannelID {
			ev.Target.Channel, ev.Target.Thread = c, ""
			if i.GuildID != "" {
				ev.Target.Channel, ev.Target.Thread = a.place(c)
			}
		}
	}
	if t, err := discordgo.SnowflakeTimestamp(i.ID); err == nil {
		ev.Time = t.UTC()
	}
	return ev, true
}
