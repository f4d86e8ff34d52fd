package slack

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/slack-go/slack/slackevents"

	"github.com/mspbot/mspbot/bot"
)

// engineFunc adapts a function to an Engine; the adapter wraps the engine
// in one for work that must happen in the background before (or instead
// of) handing an event over.
type engineFunc func(ctx context.Context, ev bot.Event) (bot.Outcome, error)

func (f engineFunc) Handle(ctx context.Context, ev bot.Event) (bot.Outcome, error) { return f(ctx, ev) }

// passThrough hands events to the engine as they are.
func passThrough(e Engine) Engine { return e }

// inbound turns an Events API callback into the events to run and the
// engine to run them with: the engine itself; for a reply in a channel
// thread, the engine behind the check that the thread is one the bot
// follows (followed); for app_home_opened, the welcome instead of the engine.
// No events means nothing to do.
func (a *Adapter) inbound(api slackevents.EventsAPIEvent) ([]bot.Event, func(Engine) Engine) {
	if home, ok := api.InnerEvent.Data.(*slackevents.AppHomeOpenedEvent); ok {
		return a.homeOpened(api, home)
	}
	ev, ok := a.fromEventsAPI(api)
	if !ok {
		return nil, nil
	}
	if ev.Kind != bot.KindMessage {
		return []bot.Event{ev}, passThrough
	}
	// Remember who wrote it, to tell them if Slack refuses the answer.
	a.asked.put(ev.Ref.Channel, ev.Ref.Message, ev.Ref.User)
	if msg, ok := api.InnerEvent.Data.(*slackevents.MessageEvent); ok && msg.ChannelType != "im" {
		return []bot.Event{ev}, a.followed
	}
	return []bot.Event{ev}, passThrough
}

// followed runs a reply in a channel thread only when the bot follows the
// thread: it has posted there (Send marks the thread, see markThread) within
// Options.ThreadTTL. Outside its threads it stays silent.
//
// How the adapter knows "a thread the bot is in": the event cannot say.
// Its parent_user_id names who wrote the thread's first message, which is
// the client when the bot answered a mention under it; and reading the
// thread back (conversations.replies) needs channels:history calls that
// Slack limits to one a minute for apps outside its Marketplace
// (https://docs.slack.dev/changelog/2025/05/29/rate-limit-changes-for-non-marketplace-apps).
// So the adapter remembers the threads it posts in, in Options.Marks.
func (a *Adapter) followed(e Engine) Engine {
	return engineFunc(func(ctx context.Context, ev bot.Event) (bot.Outcome, error) {
		in, err := a.marks.Marked(ctx, threadKey(ev.Ref.Channel, ev.Ref.Thread))
		if err != nil {
			a.log.LogAttrs(ctx, slog.LevelWarn, "cannot tell whether the bot follows a thread; message not handled",
				slog.String("event_id", ev.ID), slog.String("channel", ev.Ref.Channel), slog.Any("err", err))
			return bot.Outcome{}, nil
		}
		if !in {
			a.log.LogAttrs(ctx, slog.LevelDebug, "thread reply ignored: not a thread the bot is in",
				slog.String("event_id", ev.ID), slog.String("channel", ev.Ref.Channel))
			return bot.Outcome{}, nil
		}
		return e.Handle(ctx, ev)
	})
}

// markThread records that the bot posted in thread of channel, renewing
// how long it follows it. Direct messages need no mark: all of them reach
// the engine.
func (a *Adapter) markThread(ctx context.Context, channel, thread string) {
	if thread == "" || channel == "" || strings.HasPrefix(channel, "D") {
		return
	}
	mctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 3*time.Second)
	defer cancel()
	if err := a.marks.Mark(mctx, threadKey(channel, thread), a.opts.ThreadTTL); err != nil {
		a.log.LogAttrs(ctx, slog.LevelWarn, "cannot remember the thread the bot answered in; replies there need a mention",
			slog.String("channel", channel), slog.Any("err", err))
	}
}

// homeOpened answers app_home_opened, sent each time a user opens the
// bot's App Home (its Messages or Home tab): the first time, a welcome in
// the DM that says what the bot can do
// (https://docs.slack.dev/reference/events/app_home_opened).
func (a *Adapter) homeOpened(api slackevents.EventsAPIEvent, home *slackevents.AppHomeOpenedEvent) ([]bot.Event, func(Engine) Engine) {
	self := a.identity()
	if home.User == "" || home.User == self.user {
		return nil, nil
	}
	team := api.TeamID
	if cb, ok := api.Data.(*slackevents.EventsAPICallbackEvent); ok && cb.TeamID != "" {
		team = cb.TeamID
	}
	channel := home.Channel
	if channel == "" {
		// chat.postMessage to a user id posts into the app's DM with them.
		channel = home.User
	}
	// A placeholder for the dispatcher's logs; the engine never sees it.
	ev := bot.Event{ID: "home:" + home.User, Kind: bot.KindMessage,
		Ref: bot.Ref{Platform: Platform, Workspace: team, Channel: channel, User: home.User}}
	return []bot.Event{ev}, func(Engine) Engine {
		return engineFunc(func(ctx context.Context, ev bot.Event) (bot.Outcome, error) {
			return bot.Outcome{}, a.welcome(ctx, ev.Ref)
		})
	}
}

// welcome posts the welcome into the user's DM with the bot, once per user
// and workspace (remembered in Marks for WelcomeTTL), in the workspace's
// language (Options.Lang).
func (a *Adapter) welcome(ctx context.Context, where bot.Ref) error {
	key := welcomeKey(where.Workspace, where.User)
	first, err := a.marks.MarkNew(ctx, key, WelcomeTTL)
	if err != nil {
		a.log.LogAttrs(ctx, slog.LevelWarn, "cannot tell whether the user was welcomed; no welcome", slog.Any("err", err))
		return nil
	}
	if !first {
		return nil
	}
	to := bot.Ref{Platform: Platform, Workspace: where.Workspace, Channel: where.Channel}
	if _, err := a.Send(ctx, to, bot.Reply{Text: text(a.opts.Lang, txtWelcome, bot.MentionUser(a.identity().user))}); err != nil {
		// Not welcomed after all: the next opening tries again.
		uctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 3*time.Second)
		defer cancel()
		_ = a.marks.Unmark(uctx, key)
		a.log.LogAttrs(ctx, slog.LevelWarn, "welcome not sent", slog.String("channel", where.Channel), slog.Any("err", err))
		return nil
	}
	a.log.LogAttrs(ctx, slog.LevelInfo, "welcomed a new user", slog.String("channel", where.Channel), slog.String("lang", a.opts.Lang))
	return nil
}
