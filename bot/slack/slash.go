package slack

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/mspbot/mspbot/bot"
)

// The slash command /mspbot (https://docs.slack.dev/interactivity/implementing-slash-commands).
// Slack sends it over Socket Mode (a slash_commands envelope) or, with the
// Events API, as a form POST signed like every other request; the adapter
// acknowledges it at once with an empty answer (nothing is shown) and works
// in the background. Its first word picks what the engine is asked, as if
// the user had written it:
//
//	status [reference]              "Wie ist der Status?"            answered only to the user, where typed
//	hilfe | help                    "Hilfe" / "What can you do?"     answered only to the user, where typed
//	rückruf | callback [text]       "Ich bitte um einen Rückruf: …"  in the user's DM with the bot
//	termin | appointment [text]     "Ich möchte einen Herstellertermin buchen: …"  in the user's DM with the bot
//	protokoll | protocol [lines]    "Protokoll anlegen" + the lines  in a thread in the channel
//
// "Answered only to the user" is an ephemeral message through the command's
// response_url, which Slack accepts for 30 minutes and up to 5 times, also
// in channels the bot is not a member of; a sixth reply goes through
// chat.postEphemeral. A callback or vendor appointment is a dialogue about
// one person (name, phone number), so it moves to the privacy of the DM,
// where every answer reaches the bot; the user is told so where they typed.
// A protocol belongs to the people of a channel: the bot posts a first
// message there and the protocol is written in its thread, which the bot
// follows. A German word answers in German, an English one in English,
// "status" and anything unknown in the workspace's language (Options.Lang);
// anything unknown gets the help.

// Kinds of slash commands.
const (
	cmdStatus      = "status"
	cmdHelp        = "help"
	cmdCallback    = "callback"
	cmdAppointment = "appointment"
	cmdProtocol    = "protocol"
)

// commandWords maps a first word to its kind and language ("" means the
// workspace's).
var commandWords = map[string][2]string{
	"status":           {cmdStatus, ""},
	"stand":            {cmdStatus, "de"},
	"hilfe":            {cmdHelp, "de"},
	"help":             {cmdHelp, "en"},
	"rückruf":          {cmdCallback, "de"},
	"rueckruf":         {cmdCallback, "de"},
	"callback":         {cmdCallback, "en"},
	"termin":           {cmdAppointment, "de"},
	"herstellertermin": {cmdAppointment, "de"},
	"appointment":      {cmdAppointment, "en"},
	"protokoll":        {cmdProtocol, "de"},
	"protocol":         {cmdProtocol, "en"},
}

// commandTexts are what each kind asks the engine, without and with the
// rest of the command line (%s).
var commandTexts = map[string]map[string][2]string{
	cmdStatus: {
		"de": {"Wie ist der Status?", "Wie ist der Status von %s?"},
		"en": {"What is the status?", "What is the status of %s?"},
	},
	cmdHelp: {
		"de": {"Hilfe", "Hilfe"},
		"en": {"What can you do?", "What can you do?"},
	},
	cmdCallback: {
		"de": {"Ich bitte um einen Rückruf.", "Ich bitte um einen Rückruf: %s"},
		"en": {"Please call me back.", "Please call me back: %s"},
	},
	cmdAppointment: {
		"de": {"Ich möchte einen Herstellertermin buchen.", "Ich möchte einen Herstellertermin buchen: %s"},
		"en": {"I would like to book a vendor appointment.", "I would like to book a vendor appointment: %s"},
	},
	cmdProtocol: {
		"de": {"Protokoll anlegen", "Protokoll anlegen\n%s"},
		"en": {"Start a meeting protocol", "Start a meeting protocol\n%s"},
	},
}

// command is a parsed slash command.
type command struct {
	kind, lang, text string
}

// parseCommand reads the text after /mspbot.
func parseCommand(line, workspaceLang string) command {
	line = strings.TrimSpace(line)
	word, rest, _ := strings.Cut(line, " ")
	rest = strings.TrimSpace(rest)
	kl, ok := commandWords[strings.ToLower(strings.Trim(word, ":,."))]
	if !ok {
		kl, rest = [2]string{cmdHelp, ""}, ""
	}
	c := command{kind: kl[0], lang: kl[1]}
	if c.lang == "" {
		c.lang = workspaceLang
	}
	if c.kind == cmdHelp {
		rest = ""
	}
	t := commandTexts[c.kind][c.lang]
	if rest == "" {
		c.text = t[0]
	} else {
		c.text = fmt.Sprintf(t[1], rest)
	}
	return c
}

// Slack ids as they appear in a slash command; anything else is refused.
var (
	userIDRE    = regexp.MustCompile(`^[UW][A-Z0-9]{2,30}$`)
	channelIDRE = regexp.MustCompile(`^[CDG][A-Z0-9]{2,30}$`)
)

// fromSlash turns a slash command into the event to run and the engine to
// run it with (see the comment at the top of this file). No events means
// nothing to do.
func (a *Adapter) fromSlash(sc slackapi.SlashCommand) ([]bot.Event, func(Engine) Engine) {
	self := a.identity()
	if !userIDRE.MatchString(sc.UserID) || !channelIDRE.MatchString(sc.ChannelID) || sc.UserID == self.user {
		a.log.Debug("slash command ignored: no valid user or channel")
		return nil, nil
	}
	hook, err := a.hookURL(sc.ResponseURL)
	if err != nil {
		a.log.Warn("slash command ignored: its response_url is not Slack's", slog.Any("err", err))
		return nil, nil
	}
	cmd := parseCommand(sc.Text, a.opts.Lang)
	team := sc.TeamID
	id := sc.TriggerID
	if id == "" {
		id = bot.NewID(8)
	}
	ev := bot.Event{
		ID:   "sc:" + id,
		Kind: bot.KindMessage,
		Ref: bot.Ref{Platform: Platform, Workspace: team, Channel: sc.ChannelID, User: sc.UserID,
			Home: a.homeOf(sc.UserID, team, "", false)},
		Text: cmd.text,
		Time: a.opts.Now().UTC(),
	}
	run := slashRun{a: a, cmd: cmd, hook: hook, appID: sc.APIAppID}
	return []bot.Event{ev}, func(e Engine) Engine {
		return engineFunc(func(ctx context.Context, ev bot.Event) (bot.Outcome, error) { return run.handle(ctx, e, ev) })
	}
}

// hookURL checks that a response_url is Slack's (hooks.slack.com, or the
// host of Options.APIURL, a test server's) before anything is posted to it.
func (a *Adapter) hookURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("response_url %q is not a URL", raw)
	}
	if u.Scheme == "https" && (u.Hostname() == "hooks.slack.com" || u.Hostname() == "hooks.slack-gov.com") {
		return raw, nil
	}
	if a.opts.APIURL != "" {
		if api, err := url.Parse(a.opts.APIURL); err == nil && api.Host == u.Host && api.Scheme == u.Scheme {
			return raw, nil
		}
	}
	return "", fmt.Errorf("response_url host %q is not Slack's", u.Host)
}

// slashRun does a slash command's work in the background.
type slashRun struct {
	a     *Adapter
	cmd   command
	hook  string
	appID string
}

func (r slashRun) handle(ctx context.Context, e Engine, ev bot.Event) (bot.Outcome, error) {
	a := r.a
	switch r.cmd.kind {
	case cmdCallback, cmdAppointment:
		dm, err := a.openDM(ctx, ev.Ref.User)
		if err != nil {
			a.log.LogAttrs(ctx, slog.LevelWarn, "slash command: cannot open a DM with the user", slog.Any("err", err))
			r.note(ctx, ev.Ref, text(r.cmd.lang, txtDMFailed))
			return bot.Outcome{}, nil
		}
		if dm != ev.Ref.Channel {
			r.note(ctx, ev.Ref, text(r.cmd.lang, txtMovedToDM, r.dmLink(ev.Ref.Workspace, dm)))
		}
		ev.Ref.Channel, ev.Ref.Thread = dm, ""
	case cmdProtocol:
		if strings.HasPrefix(ev.Ref.Channel, "D") {
			if dm, err := a.openDM(ctx, ev.Ref.User); err == nil && dm == ev.Ref.Channel {
				break // in the bot's own DM: written right there
			}
		}
		anchor := text(r.cmd.lang, txtProtocolAnchor, "<@"+ev.Ref.User+">")
		ts, err := a.postPlain(ctx, ev.Ref.Channel, anchor)
		if err != nil {
			if notInChannel(err) {
				a.logNotInChannel(ctx, "chat.postMessage", ev.Ref.Channel, err)
				r.note(ctx, ev.Ref, text(r.cmd.lang, txtNeedInvite, "@"+a.botName()))
			} else {
				a.log.LogAttrs(ctx, slog.LevelWarn, "slash command: cannot start the protocol's thread", slog.Any("err", err))
				r.note(ctx, ev.Ref, text(r.cmd.lang, txtSlashUnanswered))
			}
			return bot.Outcome{}, nil
		}
		a.markThread(ctx, ev.Ref.Channel, ts)
		ev.Ref.Thread = ts
	default: // status, help: answered to the user alone, where typed
		ev.Ref.Message = a.routes.add(route{url: r.hook, channel: ev.Ref.Channel, user: ev.Ref.User}, a.opts.Now())
	}
	return e.Handle(ctx, ev)
}

// note tells the user something through the command's response_url, only
// to them.
func (r slashRun) note(ctx context.Context, where bot.Ref, msg string) {
	err := r.a.withRetry(ctx, "response_url", where.Channel, func(ctx context.Context) error {
		return slackapi.PostWebhookCustomHTTPContext(ctx, r.hook, r.a.hooks,
			&slackapi.WebhookMessage{ResponseType: slackapi.ResponseTypeEphemeral, Text: msg})
	})
	if err != nil {
		r.a.log.LogAttrs(ctx, slog.LevelWarn, "slash command: could not answer through response_url",
			slog.String("channel", where.Channel), slog.Any("err", err))
	}
}

// dmLink is a link into the user's DM with the bot: the app's Messages tab
// when the app id is known, else the DM channel.
func (r slashRun) dmLink(team, dm string) string {
	name := "@" + r.a.botName()
	if r.appID != "" && team != "" {
		return "<slack://app?team=" + url.QueryEscape(team) + "&id=" + url.QueryEscape(r.appID) + "&tab=messages|" + name + ">"
	}
	return "<slack://channel?team=" + url.QueryEscape(team) + "&id=" + url.QueryEscape(dm) + "|" + name + ">"
}

// openDM returns the id of the bot's DM with user (conversations.open,
// scope im:write).
func (a *Adapter) openDM(ctx context.Context, user string) (string, error) {
	var ch *slackapi.Channel
	err := a.withRetry(ctx, "conversations.open", user, func(ctx context.Context) error {
		var err error
		ch, _, _, err = a.api.OpenConversationContext(ctx, &slackapi.OpenConversationParameters{Users: []string{user}})
		return err
	})
	if err != nil {
		return "", fmt.Errorf("slack conversations.open: %w", err)
	}
	if ch == nil || ch.ID == "" {
		return "", fmt.Errorf("slack conversations.open: no channel in the answer")
	}
	return ch.ID, nil
}

// postPlain posts the adapter's own text (already in Slack's format) to
// channel and returns the message's ts.
func (a *Adapter) postPlain(ctx context.Context, channel, msg string) (string, error) {
	var ts string
	err := a.withRetry(ctx, "chat.postMessage", channel, func(ctx context.Context) error {
		var err error
		_, ts, err = a.api.PostMessageContext(ctx, channel, slackapi.MsgOptionText(msg, false))
		return err
	})
	return ts, err
}

// Replies that go through a response_url: the event's Ref.Message is a
// route key, which Send recognises.
const (
	routePrefix = "slash:"
	// routeTTL and routeUses are Slack's bounds of a response_url.
	routeTTL  = 30 * time.Minute
	routeUses = 5
	maxRoutes = 10000
)

type route struct {
	url           string
	channel, user string
	uses          int
	expires       time.Time
}

// routeTable holds the response_urls of the slash commands and ephemeral
// buttons being answered, in memory: a slash command is acknowledged and
// answered by the same process.
type routeTable struct {
	mu sync.Mutex
	m  map[string]*route
}

func (t *routeTable) add(r route, now time.Time) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.m == nil {
		t.m = make(map[string]*route)
	}
	if len(t.m) >= maxRoutes {
		for k, old := range t.m {
			if now.After(old.expires) {
				delete(t.m, k)
			}
		}
	}
	key := routePrefix + bot.NewID(8)
	r.expires = now.Add(routeTTL)
	t.m[key] = &r
	return key
}

// use returns the route of key and counts one use; ok is false when there
// is none or it has expired. fresh is false when the response_url's uses
// are spent (the channel and user are still given).
func (t *routeTable) use(key string, now time.Time) (r route, fresh, ok bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	p := t.m[key]
	if p == nil || now.After(p.expires) {
		delete(t.m, key)
		return route{}, false, false
	}
	p.uses++
	return *p, p.uses <= routeUses, true
}

// sendRoute answers through a route: the response_url while it lasts, then
// chat.postEphemeral, both seen only by the user.
func (a *Adapter) sendRoute(ctx context.Context, to bot.Ref, r bot.Reply, text string, blocks []slackapi.Block) (bot.Sent, error) {
	rt, fresh, ok := a.routes.use(to.Message, a.opts.Now())
	if !ok {
		// Never fall back to a message everyone in the channel sees.
		return bot.Sent{}, fmt.Errorf("slack: the slash command's response_url has expired (%s)", to.Channel)
	}
	var err error
	if fresh {
		msg := &slackapi.WebhookMessage{ResponseType: slackapi.ResponseTypeEphemeral, Text: text}
		if len(blocks) > 0 {
			msg.Blocks = &slackapi.Blocks{BlockSet: blocks}
		}
		err = a.withRetry(ctx, "response_url", rt.channel, func(ctx context.Context) error {
			return slackapi.PostWebhookCustomHTTPContext(ctx, rt.url, a.hooks, msg)
		})
	} else {
		opts := []slackapi.MsgOption{slackapi.MsgOptionText(text, false)}
		if len(blocks) > 0 {
			opts = append(opts, slackapi.MsgOptionBlocks(blocks...))
		}
		err = a.withRetry(ctx, "chat.postEphemeral", rt.channel, func(ctx context.Context) error {
			_, err := a.api.PostEphemeralContext(ctx, rt.channel, rt.user, opts...)
			return err
		})
	}
	if err != nil {
		return bot.Sent{}, fmt.Errorf("slack ephemeral reply: %w", err)
	}
	return bot.Sent{
		Ref:     bot.Ref{Platform: Platform, Workspace: to.Workspace, Channel: to.Channel, Thread: to.Thread, Message: to.Message},
		Text:    r.Text,
		Buttons: r.Buttons,
		Time:    a.opts.Now().UTC(),
	}, nil
}
