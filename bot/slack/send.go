package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackutilsx"

	"github.com/mspbot/mspbot/bot"
)

// Block Kit limits this adapter keeps to.
const (
	maxSectionChars = 3000 // text of one section block
	maxButtons      = 25   // elements of one actions block
	maxBlocks       = 50   // blocks of one message
	maxLabelChars   = 75   // plain_text of a button
)

// Send implements bot.Sender with chat.postMessage: into to.Channel (a DM
// stays a DM), in the thread to.Thread when it is set, which the bot then
// follows (see followed). The answer to a slash command or to a button in a
// message only one user sees goes through its response_url, only to that
// user (see sendRoute). A call Slack refuses for its rate limit is retried
// (see withRetry); when it still fails, the author of the message being
// answered is told in a message only they see. A channel the bot is not a
// member of is named in the log (ErrNotInChannel). Buttons become a
// Block Kit actions block below a section with the text; a button's
// action_id is Button.Action and its value Button.Value. The text is sent as
// plain text: &, < and > are escaped, so no reply can mention anyone, link
// or notify a channel, whatever a client typed into text the bot repeats;
// only the mentions the bot itself writes (bot.MentionUser) become real
// ones (see escapeText). The returned Sent's Ref.Message is
// the new message's ts.
func (a *Adapter) Send(ctx context.Context, to bot.Ref, r bot.Reply) (bot.Sent, error) {
	if to.Platform != "" && to.Platform != Platform {
		return bot.Sent{}, fmt.Errorf("slack chat.postMessage: conversation of platform %q", to.Platform)
	}
	if to.Channel == "" {
		return bot.Sent{}, errors.New("slack chat.postMessage: no channel")
	}
	if strings.TrimSpace(r.Text) == "" && len(r.Buttons) == 0 {
		return bot.Sent{}, errors.New("slack chat.postMessage: empty reply")
	}
	text := escapeText(r.Text)
	var blocks []slackapi.Block
	if len(r.Buttons) > 0 {
		var err error
		if blocks, err = replyBlocks(text, r.Buttons); err != nil {
			return bot.Sent{}, fmt.Errorf("slack chat.postMessage: %w", err)
		}
	}
	if strings.HasPrefix(to.Message, routePrefix) {
		return a.sendRoute(ctx, to, r, text, blocks)
	}
	opts := []slackapi.MsgOption{slackapi.MsgOptionText(text, false)}
	if to.Thread != "" {
		opts = append(opts, slackapi.MsgOptionTS(to.Thread))
	}
	if len(blocks) > 0 {
		opts = append(opts, slackapi.MsgOptionBlocks(blocks...))
	}
	// The bot is in this thread from now on: replies there reach it
	// without a mention. Marked before posting, so that a reply that
	// arrives as soon as the answer shows (Slack delivers it at once) finds
	// the mark; a post that then fails leaves a thread the client opened
	// with a mention marked, which is harmless.
	a.markThread(ctx, to.Channel, to.Thread)
	var channel, ts string
	err := a.withRetry(ctx, "chat.postMessage", to.Channel, func(ctx context.Context) error {
		var err error
		channel, ts, err = a.api.PostMessageContext(ctx, to.Channel, opts...)
		return err
	})
	if err != nil {
		switch {
		case notInChannel(err):
			a.logNotInChannel(ctx, "chat.postMessage", to.Channel, err)
			return bot.Sent{}, fmt.Errorf("slack chat.postMessage to %s: %w (%w)", to.Channel, ErrNotInChannel, err)
		case errors.Is(err, ErrRateLimited):
			a.tellNotDelivered(ctx, to, r)
		}
		return bot.Sent{}, fmt.Errorf("slack chat.postMessage: %w", err)
	}
	if channel == "" {
		channel = to.Channel
	}
	return bot.Sent{
		Ref:     bot.Ref{Platform: Platform, Workspace: to.Workspace, Channel: channel, Thread: to.Thread, Message: ts},
		Text:    r.Text,
		Buttons: r.Buttons,
		Time:    a.opts.Now().UTC(),
	}, nil
}

// tellNotDelivered tells the author of the message being answered, in a
// message only they see (chat.postEphemeral, a method of its own rate-limit
// tier), that Slack throttled the answer, in the answer's language. Each
// author is told once per message.
func (a *Adapter) tellNotDelivered(ctx context.Context, to bot.Ref, r bot.Reply) {
	user := a.asked.take(to.Channel, to.Message)
	if user == "" {
		return
	}
	lang := a.opts.Lang
	if r.Meta != nil && r.Meta.Lang != "" {
		lang = r.Meta.Lang
	}
	nctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer cancel()
	opts := []slackapi.MsgOption{slackapi.MsgOptionText(text(lang, txtRateLimited), false)}
	if to.Thread != "" {
		opts = append(opts, slackapi.MsgOptionTS(to.Thread))
	}
	err := a.withRetry(nctx, "chat.postEphemeral", to.Channel, func(ctx context.Context) error {
		_, err := a.api.PostEphemeralContext(ctx, to.Channel, user, opts...)
		return err
	})
	if err != nil {
		a.log.LogAttrs(ctx, slog.LevelWarn, "Slack rate limit: the client could not be told either",
			slog.String("channel", to.Channel), slog.Any("err", err))
		return
	}
	a.log.LogAttrs(ctx, slog.LevelInfo, "Slack rate limit: the client was told their answer did not get through",
		slog.String("channel", to.Channel))
}

// userMentionRE finds a user mention the bot itself wrote: bot.MentionUser
// wraps the user id in control characters, which no client text can carry
// (the engine removes them from every message and name).
var userMentionRE = regexp.MustCompile("\x1e@([UW][A-Z0-9]{2,20})\x1f")

// escapeText escapes &, < and > for Slack, so that nothing a client typed
// and the bot repeats can mention anyone, link or notify a channel, and
// turns the bot's own user mentions (bot.MentionUser, the signers of a
// protocol) into real ones: "<@U024BE7LH>".
func escapeText(s string) string {
	s = userMentionRE.ReplaceAllString(slackutilsx.EscapeMessage(s), "<@$1>")
	return strings.NewReplacer("\x1e", "", "\x1f", "").Replace(s)
}

// replyBlocks renders escaped text as section blocks followed by the
// buttons as actions blocks. A new actions block starts after 25 buttons or
// when an action id repeats, since Slack wants action ids unique within a
// block.
func replyBlocks(text string, buttons []bot.Button) ([]slackapi.Block, error) {
	var blocks []slackapi.Block
	for _, part := range splitText(text, maxSectionChars) {
		blocks = append(blocks, slackapi.NewSectionBlock(slackapi.NewTextBlockObject(slackapi.MarkdownType, part, false, false), nil, nil))
	}
	var elems []slackapi.BlockElement
	seen := map[string]bool{}
	flush := func() {
		if len(elems) > 0 {
			blocks = append(blocks, slackapi.NewActionBlock("", elems...))
		}
		elems, seen = nil, map[string]bool{}
	}
	for _, b := range buttons {
		if b.Action == "" {
			return nil, fmt.Errorf("button %q without an action", b.Label)
		}
		if len(elems) == maxButtons || seen[b.Action] {
			flush()
		}
		label := b.Label
		if strings.TrimSpace(label) == "" {
			label = b.Action
		}
		btn := slackapi.NewButtonBlockElement(b.Action, b.Value,
			slackapi.NewTextBlockObject(slackapi.PlainTextType, truncate(label, maxLabelChars), true, false))
		switch b.Style {
		case "primary":
			btn = btn.WithStyle(slackapi.StylePrimary)
		case "danger":
			btn = btn.WithStyle(slackapi.StyleDanger)
		}
		elems = append(elems, btn)
		seen[b.Action] = true
	}
	flush()
	if len(blocks) > maxBlocks {
		return nil, fmt.Errorf("%d blocks, more than Slack's %d", len(blocks), maxBlocks)
	}
	return blocks, nil
}

// splitText cuts s into parts of at most n characters, at a line break
// where there is one in the second half of a part.
func splitText(s string, n int) []string {
	s = strings.TrimSpace(s)
	var parts []string
	for s != "" {
		if utf8.RuneCountInString(s) <= n {
			parts = append(parts, s)
			break
		}
		cut := byteIndexOfRune(s, n)
		// Never split an escaped entity such as &amp;, nor a mention.
		if amp := strings.LastIndexByte(s[:cut], '&'); amp > 0 && amp > cut-5 && !strings.Contains(s[amp:cut], ";") {
			cut = amp
		}
		if lt := strings.LastIndexByte(s[:cut], '<'); lt > 0 && lt > cut-25 && !strings.Contains(s[lt:cut], ">") {
			cut = lt
		}
		if nl := strings.LastIndexByte(s[:cut], '\n'); nl > cut/2 {
			cut = nl
		}
		parts = append(parts, strings.TrimSpace(s[:cut]))
		s = strings.TrimSpace(s[cut:])
	}
	return parts
}

// byteIndexOfRune returns the byte offset of the n-th rune of s.
func byteIndexOfRune(s string, n int) int {
	i := 0
	for off := range s {
		if i == n {
			return off
		}
		i++
	}
	return len(s)
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
