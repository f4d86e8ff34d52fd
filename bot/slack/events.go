package slack

import (
	"encoding/json"
	"log/slog"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/mspbot/mspbot/bot"
)

// fromEventsAPI normalises one Events API callback (delivered over HTTP or
// in a Socket Mode events_api envelope). ok is false for what the bot
// ignores: its own messages and reactions, message subtypes, messages of
// other bots, channel messages outside a thread without a mention and event
// types it does not subscribe to. A reply in a channel thread without a
// mention is returned as a candidate: inbound lets it through only in a
// thread the bot follows.
//
// The envelope's team_id is the workspace of the place (Ref.Workspace); in a
// Slack Connect channel it is not the writer's: the inner event names the
// writer's own team (user_team), which becomes Ref.Home when it differs (see
// homeOf).
func (a *Adapter) fromEventsAPI(ev slackevents.EventsAPIEvent) (bot.Event, bool) {
	cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent)
	if !ok || ev.Type != slackevents.CallbackEvent {
		return bot.Event{}, false
	}
	team := cb.TeamID
	if team == "" {
		team = ev.TeamID
	}
	shared := cb.IsExtSharedChannel || ev.IsExtSharedChannel
	named := userTeam(cb.InnerEvent)
	self := a.identity()
	switch in := ev.InnerEvent.Data.(type) {
	case *slackevents.MessageEvent:
		if (in.SubType != "" && in.SubType != "thread_broadcast") || in.BotID != "" || in.User == "" ||
			in.User == self.user || in.Channel == "" || in.TimeStamp == "" {
			return bot.Event{}, false
		}
		thread := in.ThreadTimeStamp
		switch in.ChannelType {
		case "im":
			// Every direct message reaches the engine.
		case "channel", "group", "mpim":
			// In channels, private channels and group DMs only a reply in
			// a thread, and only one without a mention of the bot (that
			// one arrives as app_mention as well, and is taken there).
			// Whether the thread is one the bot follows is asked in the
			// background (see followed): what is returned here is a
			// candidate.
			if thread == "" || thread == in.TimeStamp || self.user == "" || mentions(in.Text, self.user) {
				return bot.Event{}, false
			}
		default:
			return bot.Event{}, false
		}
		return bot.Event{
			ID:   cb.EventID,
			Kind: bot.KindMessage,
			Ref: bot.Ref{Platform: Platform, Workspace: team, Channel: in.Channel,
				Thread: thread, Message: in.TimeStamp, User: in.User,
				Home: a.homeOf(in.User, team, named, shared)},
			Text: in.Text,
			Time: parseTS(in.TimeStamp),
		}, true
	case *slackevents.AppMentionEvent:
		// A mention inside a direct message also arrives as message.im;
		// take that one only.
		if in.BotID != "" || in.User == "" || in.User == self.user || in.Channel == "" ||
			in.TimeStamp == "" || strings.HasPrefix(in.Channel, "D") {
			return bot.Event{}, false
		}
		thread := in.ThreadTimeStamp
		if thread == "" {
			// Answer in a thread under the mention; the thread is the
			// conversation from then on.
			thread = in.TimeStamp
		}
		return bot.Event{
			ID:   cb.EventID,
			Kind: bot.KindMessage,
			Ref: bot.Ref{Platform: Platform, Workspace: team, Channel: in.Channel,
				Thread: thread, Message: in.TimeStamp, User: in.User,
				Home: a.homeOf(in.User, team, named, shared)},
			Text: stripMention(in.Text, self.user),
			Time: parseTS(in.TimeStamp),
		}, true
	case *slackevents.ReactionAddedEvent:
		// A reaction names no team: the reacting user's is the one
		// remembered from their messages (see homeOf).
		return a.reaction(cb.EventID, team, bot.KindReactionAdded, in.User, in.Reaction, in.Item, in.EventTimestamp, self,
			a.homeOf(in.User, team, named, shared))
	case *slackevents.ReactionRemovedEvent:
		return a.reaction(cb.EventID, team, bot.KindReactionRemoved, in.User, in.Reaction, in.Item, in.EventTimestamp, self,
			a.homeOf(in.User, team, named, shared))
	}
	return bot.Event{}, false
}

func (a *Adapter) reaction(id, team string, kind bot.Kind, user, reaction string, item slackevents.Item, ts string, self identity, home string) (bot.Event, bool) {
	if item.Type != "message" || item.Channel == "" || item.Timestamp == "" || user == "" || user == self.user {
		return bot.Event{}, false
	}
	emoji := bot.NormalizeEmoji(reaction)
	if emoji == "" {
		return bot.Event{}, false
	}
	return bot.Event{
		ID:     id,
		Kind:   kind,
		Ref:    bot.Ref{Platform: Platform, Workspace: team, Channel: item.Channel, User: user, Home: home},
		Emoji:  emoji,
		Target: bot.Ref{Platform: Platform, Workspace: team, Channel: item.Channel, Message: item.Timestamp},
		Time:   parseTS(ts),
	}, true
}

// fromInteraction normalises a block_actions payload to one button event
// per action. Other interaction types (views, shortcuts) are not used.
func (a *Adapter) fromInteraction(cb *slackapi.InteractionCallback) []bot.Event {
	if cb.Type != slackapi.InteractionTypeBlockActions {
		return nil
	}
	self := a.identity()
	user := cb.User.ID
	channel := cb.Channel.ID
	if channel == "" {
		channel = cb.Container.ChannelID
	}
	if user == "" || user == self.user || channel == "" {
		return nil
	}
	team := cb.Team.ID
	if team == "" {
		team = cb.User.TeamID
	}
	// user.team_id is the presser's own team, also in a Slack Connect
	// channel where team is the app's.
	ref := bot.Ref{Platform: Platform, Workspace: team, Channel: channel, Thread: cb.Container.ThreadTs, User: user,
		Home: a.homeOf(user, team, cb.User.TeamID, false)}
	target := ref.Conversation()
	target.Message = cb.Container.MessageTs
	if target.Message == "" {
		target.Message = cb.Message.Timestamp
	}
	if cb.Container.IsEphemeral {
		// A button in a message only this user sees (an answer to a slash
		// command): the answer goes back the same way, through the
		// payload's response_url, never to the whole channel.
		hook, err := a.hookURL(cb.ResponseURL)
		if err != nil {
			a.log.Debug("button in an ephemeral message ignored: no response_url of Slack's", slog.Any("err", err))
			return nil
		}
		ref.Message = a.routes.add(route{url: hook, channel: channel, user: user}, a.opts.Now())
	}
	var evs []bot.Event
	for _, act := range cb.ActionCallback.BlockActions {
		if act == nil || act.ActionID == "" {
			continue
		}
		ts := act.ActionTs
		if ts == "" {
			ts = cb.ActionTs
		}
		evs = append(evs, bot.Event{
			ID:       "ba:" + ts + ":" + act.ActionID,
			Kind:     bot.KindButton,
			Ref:      ref,
			Target:   target,
			Action:   act.ActionID,
			Value:    act.Value,
			UserName: cb.User.Name,
			Time:     parseTS(ts),
		})
	}
	return evs
}

// homeOf decides Ref.Home of user acting in workspace: the user's own team
// as the event names it (and remembered, for their reactions, which name
// none), else the one remembered from an earlier event, else, in a channel
// shared with other organisations (is_ext_shared_channel), UnknownHome:
// someone whose team nobody named is never taken for a member of the
// workspace. Empty when the user belongs to workspace.
func (a *Adapter) homeOf(user, workspace, named string, shared bool) string {
	if named != "" {
		a.homes.put(user, named)
	} else {
		named = a.homes.get(user)
	}
	switch {
	case named == "" && shared:
		return bot.UnknownHome
	case named == workspace:
		return ""
	}
	return named
}

// userTeam returns the team an inner event names for its user: user_team
// (Slack sets it in shared channels), else team (a message's author's
// team); empty when it names none (reactions).
func userTeam(raw *json.RawMessage) string {
	if raw == nil {
		return ""
	}
	var v struct {
		UserTeam string          `json:"user_team"`
		Team     json.RawMessage `json:"team"`
	}
	if json.Unmarshal(*raw, &v) != nil {
		return ""
	}
	if v.UserTeam != "" {
		return v.UserTeam
	}
	var team string
	if json.Unmarshal(v.Team, &team) != nil {
		return ""
	}
	return team
}

// maxHomes bounds the users whose team is remembered.
const maxHomes = 10000

// homeCache remembers the own team of users by their (globally unique)
// Slack user id. It starts afresh when full.
type homeCache struct {
	mu sync.Mutex
	m  map[string]string
}

func (c *homeCache) put(user, team string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || (len(c.m) >= maxHomes && c.m[user] == "") {
		c.m = make(map[string]string)
	}
	c.m[user] = team
}

func (c *homeCache) get(user string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[user]
}

// mentions reports whether text mentions user ("<@U…>" or "<@U…|name>").
func mentions(text, user string) bool {
	return strings.Contains(text, "<@"+user+">") || strings.Contains(text, "<@"+user+"|")
}

// leadingMention matches a user mention at the start of a text, with the
// punctuation people type after it.
var leadingMention = regexp.MustCompile(`^\s*<@([A-Z0-9]+)(?:\|[^>]*)?>[\s:,]*`)

// stripMention removes the leading mention of the bot (of anyone, when the
// bot's id is not known yet) from an app_mention's text.
func stripMention(text, botUser string) string {
	m := leadingMention.FindStringSubmatchIndex(text)
	if m == nil {
		return strings.TrimSpace(text)
	}
	if id := text[m[2]:m[3]]; botUser != "" && id != botUser {
		return strings.TrimSpace(text)
	}
	return strings.TrimSpace(text[m[1]:])
}

// parseTS reads a Slack timestamp ("1712345678.000200"); zero when it is
// not one.
func parseTS(ts string) time.Time {
	secs, frac, _ := strings.Cut(ts, ".")
	s, err := strconv.ParseInt(secs, 10, 64)
	if err != nil || s <= 0 {
		return time.Time{}
	}
	var ns int64
	if frac != "" {
		if len(frac) > 9 {
			frac = frac[:9]
		}
		f, err := strconv.ParseInt(frac, 10, 64)
		if err == nil {
			ns = f * pow10(9-len(frac))
		}
	}
	return time.Unix(s, ns).UTC()
}

func pow10(n int) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}
