package discord

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/mspbot/mspbot/bot"
)

// CommandName is the name of the bot's application command: /mspbot with
// the sub-commands of subcommands.
const CommandName = "mspbot"

// The scopes of Options.Commands.
const (
	CommandsGlobal = "global"
	CommandsOff    = "off"
)

// interactionDeadline is how long Discord waits for the first answer to an
// interaction: "you must send an initial response within 3 seconds of
// receiving the event"
// (https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction).
// The adapter stops trying (rate-limit waits included) half a second
// before, since the answer must also travel.
const interactionDeadline = 2500 * time.Millisecond

// tokenLifetime is how long an interaction's token serves the webhook
// endpoints (the response, follow-ups): 15 minutes.
const tokenLifetime = 15 * time.Minute

// interactionRef prefixes the Ref.Message of an event made from a slash
// command: the bot's replies to it go through the interaction's token
// (see Send), not into the channel.
const interactionRef = "interaction:"

// subcommand is one sub-command of /mspbot: its names, descriptions and
// the text the engine reads for it, in German and English.
type subcommand struct {
	name, nameDE string // Discord shows nameDE to users whose client is German
	desc, descDE string
	opt, optDE   string // the description of its one option, "text"; "" for none
	// ephemeral answers are seen by the user alone: what concerns only
	// them (their own requests, help). The others open a dialogue, which
	// in a text channel moves into a thread of its own.
	ephemeral bool
	// text is what the engine reads: phrased as the user would write it,
	// with the option's text after it.
	text func(lang, arg string) string
}

// subcommands are /mspbot's sub-commands, in the order Discord lists them.
var subcommands = []subcommand{
	{name: "status", nameDE: "status",
		desc: "The status of your callback requests and appointments", descDE: "Der Stand Ihrer Rückrufwünsche und Termine",
		opt: "A reference, e.g. CB-26-0001", optDE: "Eine Nummer, z. B. CB-26-0001", ephemeral: true,
		text: func(lang, arg string) string {
			if lang == "de" {
				return join("Status", arg, " ")
			}
			if arg != "" {
				return "What is the status of " + arg + "?"
			}
			return "What is the status of my requests?"
		}},
	{name: "callback", nameDE: "rückruf",
		desc: "Ask for a call back", descDE: "Einen Rückruf anfordern",
		opt: "Your topic, name, phone number or when to call", optDE: "Ihr Anliegen, Name, Telefonnummer oder wann wir anrufen sollen",
		text: func(lang, arg string) string {
			if lang == "de" {
				return join("Bitte um Rückruf", arg, ": ")
			}
			return join("Please call me back", arg, ": ")
		}},
	{name: "appointment", nameDE: "termin",
		desc: "Book a software vendor's access to a server", descDE: "Einen Zugriffstermin für einen Softwarehersteller buchen",
		opt: "Vendor, server, date, what is to be done", optDE: "Hersteller, Server, Datum, was getan werden soll",
		text: func(lang, arg string) string {
			if lang == "de" {
				return join("Ich möchte einen Herstellertermin buchen", arg, ": ")
			}
			return join("I want to book a vendor appointment", arg, ": ")
		}},
	{name: "protocol", nameDE: "protokoll",
		desc: "Start or show a meeting protocol", descDE: "Ein Besprechungsprotokoll anlegen oder anzeigen",
		opt: "A protocol number (PR-…) to show one", optDE: "Eine Protokollnummer (PR-…), um eines anzuzeigen",
		text: func(lang, arg string) string {
			switch {
			case lang == "de" && arg != "":
				return "Protokoll " + arg
			case lang == "de":
				return "Protokoll anlegen"
			case arg != "":
				return "protocol " + arg
			}
			return "start a protocol"
		}},
	{name: "help", nameDE: "hilfe",
		desc: "What the bot can do", descDE: "Was der Bot kann", ephemeral: true,
		text: func(lang, _ string) string {
			if lang == "de" {
				return "Hilfe"
			}
			return "What can you do?"
		}},
}

func join(head, arg, sep string) string {
	if arg = strings.TrimSpace(arg); arg != "" {
		return head + sep + arg
	}
	return head
}

// Command returns the definition of /mspbot that the adapter registers:
// a chat command with a sub-command per job, each with an optional "text",
// German names and descriptions for German clients, usable in servers and
// in direct messages with the bot.
func Command() *discordgo.ApplicationCommand {
	de := func(s string) *map[discordgo.Locale]string { return &map[discordgo.Locale]string{discordgo.German: s} }
	contexts := []discordgo.InteractionContextType{discordgo.InteractionContextGuild, discordgo.InteractionContextBotDM}
	cmd := &discordgo.ApplicationCommand{
		Type: discordgo.ChatApplicationCommand, Name: CommandName,
		Description:              "Callbacks, vendor appointments, protocols and their status",
		DescriptionLocalizations: de("Rückrufe, Herstellertermine, Protokolle und ihr Stand"),
		Contexts:                 &contexts,
	}
	for _, sc := range subcommands {
		o := &discordgo.ApplicationCommandOption{
			Type: discordgo.ApplicationCommandOptionSubCommand, Name: sc.name, Description: sc.desc,
			NameLocalizations:        map[discordgo.Locale]string{discordgo.German: sc.nameDE},
			DescriptionLocalizations: map[discordgo.Locale]string{discordgo.German: sc.descDE},
		}
		if sc.opt != "" {
			o.Options = []*discordgo.ApplicationCommandOption{{
				Type: discordgo.ApplicationCommandOptionString, Name: "text", Description: sc.opt,
				DescriptionLocalizations: map[discordgo.Locale]string{discordgo.German: sc.optDE},
				MaxLength:                1000,
			}}
		}
		cmd.Options = append(cmd.Options, o)
	}
	return cmd
}

// registerCommands registers /mspbot once per Run, after READY named the
// application: globally, or in the configured guilds. A bulk overwrite of
// unchanged commands costs nothing against Discord's daily limit of 200
// command creations.
func (a *Adapter) registerCommands(ctx context.Context, app string) {
	if a.commands.off || app == "" {
		return
	}
	cmds := []*discordgo.ApplicationCommand{Command()}
	scopes := a.commands.guilds
	if len(scopes) == 0 {
		scopes = []string{""}
	}
	for _, guild := range scopes {
		_, err := a.session.ApplicationCommandBulkOverwrite(app, guild, cmds, discordgo.WithContext(ctx))
		where := "global"
		if guild != "" {
			where = "guild " + guild
		}
		if err != nil {
			if rl := rateLimited("register /"+CommandName, err); rl != nil {
				err = rl
			}
			a.log.LogAttrs(ctx, slog.LevelError, "registering the slash command failed",
				slog.String("command", "/"+CommandName), slog.String("scope", where), slog.Any("err", err))
			continue
		}
		a.log.LogAttrs(ctx, slog.LevelInfo, "slash command registered",
			slog.String("command", "/"+CommandName), slog.String("scope", where))
	}
}

// command is a slash command turned into the message the engine reads.
type command struct {
	ev        bot.Event
	sub       *subcommand
	ephemeral bool
	in        *discordgo.Interaction
	userName  string // for a thread's name
}

// commandEvent translates an INTERACTION_CREATE of /mspbot. It reports
// false for other commands, other interaction types and bots.
func (a *Adapter) commandEvent(i *discordgo.InteractionCreate) (command, bool) {
	if i == nil || i.Interaction == nil || i.Type != discordgo.InteractionApplicationCommand || i.ID == "" || i.ChannelID == "" || i.Token == "" {
		return command{}, false
	}
	data, ok := i.Data.(discordgo.ApplicationCommandInteractionData)
	if !ok || data.Name != CommandName || len(data.Options) == 0 || data.Options[0] == nil {
		return command{}, false
	}
	user, userName := interactionUser(i.Interaction)
	if user == nil {
		return command{}, false
	}
	opt := data.Options[0]
	var sub *subcommand
	for n := range subcommands {
		if subcommands[n].name == opt.Name {
			sub = &subcommands[n]
		}
	}
	if sub == nil || opt.Type != discordgo.ApplicationCommandOptionSubCommand {
		return command{}, false
	}
	arg := ""
	for _, o := range opt.Options {
		if o != nil && o.Name == "text" {
			if s, ok := o.Value.(string); ok {
				arg = s
			}
		}
	}
	lang := "en"
	if strings.HasPrefix(string(i.Locale), "de") {
		lang = "de"
	}
	channel, thread := i.ChannelID, ""
	if i.GuildID != "" {
		channel, thread = a.place(i.ChannelID)
	}
	ev := bot.Event{
		ID:   "ia:" + i.ID,
		Kind: bot.KindMessage,
		Ref: bot.Ref{Platform: Platform, Workspace: i.GuildID, Channel: channel, Thread: thread,
			Message: interactionRef + i.ID, User: user.ID},
		Text:     sub.text(lang, arg),
		UserName: user.Username,
	}
	if t, err := discordgo.SnowflakeTimestamp(i.ID); err == nil {
		ev.Time = t.UTC()
	}
	return command{ev: ev, sub: sub, ephemeral: sub.ephemeral && i.GuildID != "", in: i.Interaction, userName: userName}, true
}

// interactionUser returns who acted: the member's user in a guild, the
// user in a direct message; nil for a bot or none. The name is the one to
// show (nickname, display name, user name).
func interactionUser(i *discordgo.Interaction) (*discordgo.User, string) {
	var u *discordgo.User
	nick := ""
	switch {
	case i.Member != nil && i.Member.User != nil:
		u, nick = i.Member.User, i.Member.Nick
	case i.User != nil:
		u = i.User
	}
	if u == nil || u.Bot || u.ID == "" {
		return nil, ""
	}
	return u, displayName(u, nick)
}

func displayName(u *discordgo.User, nick string) string {
	switch {
	case nick != "":
		return nick
	case u.GlobalName != "":
		return u.GlobalName
	}
	return u.Username
}

// pending is an interaction whose token the bot's replies use, from the
// deferral until the engine is done with it.
type pending struct {
	in        *discordgo.Interaction
	ephemeral bool
	expires   time.Time

	mu       sync.Mutex
	answered bool // the deferred response has been edited
}

// onCommand answers a slash command: it defers the response at once
// (Discord's "thinking…", ephemeral for what concerns the user alone),
// which gives the bot 15 minutes; a command that opens a dialogue in a
// text channel moves into a thread the bot starts for it, and the response
// points there; then the engine runs the command's text, and its replies
// edit the response and follow it (see Send). An interaction Discord no
// longer takes (past its three seconds, or answered already: a replay) is
// not run.
func (a *Adapter) onCommand(base context.Context, e Engine, c command, received time.Time) {
	a.background(base, func(ctx context.Context) {
		if !a.deferCommand(ctx, c, received) {
			return
		}
		p := &pending{in: c.in, ephemeral: c.ephemeral, expires: received.Add(tokenLifetime)}
		ev := c.ev
		if !c.sub.ephemeral && ev.Ref.Thread == "" && a.threadable(ev.Ref.Workspace, ev.Ref.Channel) {
			if thread, ok := a.startThread(ctx, ev.Ref.Channel, "", ev.Ref.User, c.userName); ok {
				ev.Ref.Thread, ev.Ref.Message = thread, ""
				a.pointTo(ctx, p, thread)
			}
		}
		a.pending.Store(c.in.ID, p)
		defer a.pending.Delete(c.in.ID)
		a.handle(ctx, e, ev)
		p.mu.Lock()
		answered := p.answered
		p.mu.Unlock()
		if !answered {
			// Nothing was said (a duplicate, a command the engine skipped):
			// take the "thinking…" away.
			if err := a.session.InteractionResponseDelete(c.in, discordgo.WithContext(ctx)); err != nil {
				a.log.LogAttrs(ctx, slog.LevelDebug, "deleting an unanswered response failed", slog.Any("err", err))
			}
		}
	})
}

// deferCommand acknowledges a slash command with a deferred channel message within
// Discord's deadline and reports whether Discord took it.
func (a *Adapter) deferCommand(ctx context.Context, c command, received time.Time) bool {
	resp := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}
	if c.ephemeral {
		resp.Data = &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}
	}
	err := a.respond(ctx, c.in, resp, received)
	if err == nil {
		return true
	}
	level := slog.LevelWarn
	if restCode(err) == discordgo.ErrCodeInteractionHasAlreadyBeenAcknowledged {
		level = slog.LevelDebug // a replayed INTERACTION_CREATE
	}
	a.log.LogAttrs(ctx, level, "slash command not run: Discord did not take its acknowledgement",
		slog.String("event", c.ev.ID), slog.String("command", c.sub.name), slog.Any("err", err))
	return false
}

// respond sends an interaction's first answer, giving up at Discord's
// deadline counted from received.
func (a *Adapter) respond(ctx context.Context, in *discordgo.Interaction, resp *discordgo.InteractionResponse, received time.Time) error {
	actx, cancel := context.WithDeadline(ctx, received.Add(interactionDeadline))
	defer cancel()
	err := a.session.InteractionRespond(in, resp, discordgo.WithContext(actx), discordgo.WithRestRetries(0))
	if err == nil {
		return nil
	}
	if rl := rateLimited("acknowledge interaction", err); rl != nil {
		err = rl
	}
	if code := restCode(err); code == discordgo.ErrCodeUnknownInteraction {
		return fmt.Errorf("discord: interaction %s expired before it was acknowledged (Discord waits 3 seconds): %w", in.ID, err)
	}
	return fmt.Errorf("discord: acknowledge interaction %s: %w", in.ID, err)
}

// pointTo makes the deferred response of a command name the thread its
// dialogue goes on in.
func (a *Adapter) pointTo(ctx context.Context, p *pending, thread string) {
	content := "➡️ <#" + thread + ">"
	none := &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
	if _, err := a.session.InteractionResponseEdit(p.in, &discordgo.WebhookEdit{Content: &content, AllowedMentions: none},
		discordgo.WithContext(ctx)); err != nil {
		a.log.LogAttrs(ctx, slog.LevelWarn, "pointing the response to the thread failed", slog.Any("err", err))
		return
	}
	p.mu.Lock()
	p.answered = true
	p.mu.Unlock()
}
