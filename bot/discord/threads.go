package discord

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/mspbot/mspbot/bot"
)

// threadArchive is the auto_archive_duration of the threads the bot
// starts, in minutes: a day of quiet, like a conversation's session.
const threadArchive = 1440

// refusedFor is how long the adapter stops trying to start threads in a
// channel where Discord refused one (no permission, a channel type without
// threads): each refusal counts against Discord's invalid-request limit.
const refusedFor = 10 * time.Minute

// maxThreads bounds the index of the threads the adapter started.
const maxThreads = 10000

// threads remembers the threads the bot started and the channels where it
// may not start any. The gateway's state (GUILD_CREATE lists a guild's
// active threads, THREAD_UPDATE brings an unarchived one back) covers the
// threads of earlier runs; this index covers those of this run from the
// moment Discord answers, before THREAD_CREATE arrives.
type threads struct {
	mu      sync.Mutex
	own     map[string]string    // thread -> parent channel
	refused map[string]time.Time // channel -> no thread tried before
}

func (t *threads) remember(thread, parent string) {
	if thread == "" || parent == "" {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.own == nil || len(t.own) >= maxThreads {
		t.own = map[string]string{}
	}
	t.own[thread] = parent
}

func (t *threads) forget(thread string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.own, thread)
}

func (t *threads) parent(thread string) (string, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	p, ok := t.own[thread]
	return p, ok
}

func (t *threads) refuse(channel string, until time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.refused == nil || len(t.refused) >= maxThreads {
		t.refused = map[string]time.Time{}
	}
	t.refused[channel] = until
}

func (t *threads) refusedAt(channel string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return now.Before(t.refused[channel])
}

// botThread reports whether channel is a thread the bot started, and its
// parent channel.
func (a *Adapter) botThread(channel string) (parent string, ok bool) {
	if channel == "" {
		return "", false
	}
	if p, ok := a.threads.parent(channel); ok {
		return p, true
	}
	self := a.selfID()
	ch, err := a.session.State.Channel(channel)
	if err != nil || ch == nil || self == "" {
		return "", false
	}
	a.session.State.RLock()
	defer a.session.State.RUnlock()
	if ch.IsThread() && ch.OwnerID == self && ch.ParentID != "" {
		return ch.ParentID, true
	}
	return "", false
}

// place returns where an event in channel belongs: a thread the bot
// started is the thread of its parent channel (the conversation that began
// there and the place the provider may have mapped to a client); any other
// channel, another thread included, is a channel of its own.
func (a *Adapter) place(channel string) (ch, thread string) {
	if parent, ok := a.botThread(channel); ok {
		return parent, channel
	}
	return channel, ""
}

// onThreadCreate notes a thread the bot started (also one it started in an
// earlier run and Discord reports again).
func (a *Adapter) onThreadCreate(t *discordgo.ThreadCreate) {
	if t == nil || t.Channel == nil {
		return
	}
	if self := a.selfID(); self != "" && t.OwnerID == self {
		a.threads.remember(t.ID, t.ParentID)
	}
}

func (a *Adapter) onThreadDelete(t *discordgo.ThreadDelete) {
	if t != nil && t.Channel != nil {
		a.threads.forget(t.ID)
	}
}

// threadable reports whether a conversation opened in channel of guild
// moves into a thread of its own: threads are on, the channel is a text or
// announcement channel (as far as the state knows) and Discord did not
// refuse a thread there lately.
func (a *Adapter) threadable(guild, channel string) bool {
	if a.noThreads || guild == "" || channel == "" || a.threads.refusedAt(channel, a.now()) {
		return false
	}
	if _, ok := a.botThread(channel); ok {
		return false
	}
	ch, err := a.session.State.Channel(channel)
	if err != nil || ch == nil {
		return true // unknown: Discord says whether it can
	}
	a.session.State.RLock()
	defer a.session.State.RUnlock()
	return ch.Type == discordgo.ChannelTypeGuildText || ch.Type == discordgo.ChannelTypeGuildNews
}

// startThread starts a public thread in channel for user: from the message
// message (the thread gets the message's id), or without one when message
// is "". It reports the thread's id, or false when there is none; then the
// conversation stays in the channel. A thread Discord says was already
// started from the message (a replayed MESSAGE_CREATE) counts as started.
// Channels where Discord refuses threads are not asked again for a while.
func (a *Adapter) startThread(ctx context.Context, channel, message, user, userName string) (string, bool) {
	data := &discordgo.ThreadStart{Name: a.threadName(userName), AutoArchiveDuration: threadArchive}
	var ch *discordgo.Channel
	var err error
	if message != "" {
		ch, err = a.session.MessageThreadStartComplex(channel, message, data, discordgo.WithContext(ctx))
	} else {
		// "type currently defaults to PRIVATE_THREAD": ask for a public
		// one, like the threads started from messages.
		data.Type = discordgo.ChannelTypeGuildPublicThread
		ch, err = a.session.ThreadStartComplex(channel, data, discordgo.WithContext(ctx))
	}
	switch code := restCode(err); {
	case err == nil && ch != nil && ch.ID != "":
		a.threads.remember(ch.ID, channel)
		// Members of a thread are told of its messages: make sure the
		// user is one (a thread without a message has only the bot in it).
		if user != "" {
			if err := a.session.ThreadMemberAdd(ch.ID, user, discordgo.WithContext(ctx)); err != nil {
				a.log.LogAttrs(ctx, slog.LevelDebug, "adding the user to the thread failed", slog.String("thread", ch.ID), slog.Any("err", err))
			}
		}
		return ch.ID, true
	case code == discordgo.ErrCodeThreadAlreadyCreatedForThisMessage && message != "":
		return message, true
	case code == discordgo.ErrCodeMissingPermissions, code == discordgo.ErrCodeMissingAccess,
		code == discordgo.ErrCodeCannotExecuteActionOnThisChannelType:
		a.threads.refuse(channel, a.now().Add(refusedFor))
		a.log.LogAttrs(ctx, slog.LevelWarn, "cannot start a thread in the channel; answering in the channel (give the bot Create Public Threads there)",
			slog.String("channel", channel), slog.Int("code", code))
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
	default:
		if rl := rateLimited("start thread", err); rl != nil {
			err = rl
		}
		a.log.LogAttrs(ctx, slog.LevelWarn, "starting a thread failed; answering in the channel",
			slog.String("channel", channel), slog.Any("err", err))
	}
	return "", false
}

// threadName names a thread the bot starts for a user: the bot's name and
// the user's, never what they wrote (a thread's name shows in the
// channel's list to everyone who can see it).
func (a *Adapter) threadName(userName string) string {
	self := "mspbot"
	st := a.session.State
	st.RLock()
	if st.User != nil && st.User.Username != "" {
		self = st.User.Username
	}
	st.RUnlock()
	name := self
	if u := bot.CleanDisplayName(userName); u != "" {
		name += " · " + u
	}
	return truncate(strings.TrimSpace(name), 100)
}

// restCode returns Discord's JSON error code of a REST error, 0 when there
// is none.
func restCode(err error) int {
	var rest *discordgo.RESTError
	if errors.As(err, &rest) && rest.Message != nil {
		return rest.Message.Code
	}
	return 0
}
