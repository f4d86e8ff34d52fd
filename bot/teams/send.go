package teams

import (
	"context"
	"errors"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/mspbot/mspbot/bot"
)

// ErrNoMessageID is wrapped by the error of a post the connector accepted
// without saying the new message's id. Without the id no reaction, button
// or thread could ever be matched to what the bot posted, so Send fails
// rather than return an empty id that a handler would store.
var ErrNoMessageID = errors.New("the Teams connector accepted the message but returned no id")

// Send implements bot.Sender through the Bot Connector: a reply to
// to.Message (POST {serviceUrl}/v3/conversations/{id}/activities/{replyToId})
// when it is set, which keeps a channel answer in its thread, else a new
// message in the conversation (POST …/activities), such as a post into the
// staff channel. The serviceUrl is the conversation's own once an activity
// from it was seen, else Options.ServiceURL.
//
// A reply without buttons is text, as textFormat "xml" with &, < and >
// escaped and line breaks as <br>, so it is shown as written and can never
// mention anyone. A reply with buttons is one Adaptive Card holding both:
// the text as RichTextBlocks of TextRuns (plain text, no Markdown, so no
// disguised links and no mentions) and the buttons as Action.Execute (with
// Action.Submit as fallback), whose data carries Button.Action and
// Button.Value. Text and card are never sent in one activity: Teams splits
// such an activity into two messages and answers 202 without an id, and the
// id is what reactions, buttons and threads are matched by. A post the
// connector accepts without an id fails with ErrNoMessageID.
func (a *Adapter) Send(ctx context.Context, to bot.Ref, r bot.Reply) (bot.Sent, error) {
	if to.Platform != "" && to.Platform != Platform {
		return bot.Sent{}, fmt.Errorf("teams send: conversation of platform %q", to.Platform)
	}
	if to.Channel == "" {
		return bot.Sent{}, errors.New("teams send: no conversation")
	}
	if strings.TrimSpace(r.Text) == "" && len(r.Buttons) == 0 {
		return bot.Sent{}, errors.New("teams send: empty reply")
	}
	out := map[string]any{"type": "message"}
	if len(r.Buttons) > 0 {
		card, err := replyCard(r.Text, r.Buttons)
		if err != nil {
			return bot.Sent{}, fmt.Errorf("teams send: %w", err)
		}
		out["attachments"] = []any{card}
	} else {
		out["text"] = FormatText(r.Text)
		out["textFormat"] = "xml"
	}
	path := "/v3/conversations/" + url.PathEscape(conversationID(to)) + "/activities"
	op := "post"
	if to.Message != "" {
		path += "/" + url.PathEscape(to.Message)
		out["replyToId"] = to.Message
		op = "reply"
	}
	if to.Thread != "" && to.Message != "" {
		// The bot answers someone in a channel thread: it follows the
		// thread's replies from now on (see Threads). Marked before
		// posting, so that a reply sent as soon as the answer shows finds
		// the mark.
		a.markThread(ctx, to)
	}
	var res struct {
		ID string `json:"id"`
	}
	if err := a.call(ctx, op, http.MethodPost, a.serviceURL(to.Channel), path, out, &res); err != nil {
		return bot.Sent{}, fmt.Errorf("teams send: %w", err)
	}
	if strings.TrimSpace(res.ID) == "" {
		a.log.LogAttrs(ctx, slog.LevelWarn, "Teams accepted a message without its id; reactions to it cannot be matched",
			slog.String("op", op), slog.Bool("card", len(r.Buttons) > 0))
		return bot.Sent{}, fmt.Errorf("teams send: %w", ErrNoMessageID)
	}
	return bot.Sent{
		Ref:     bot.Ref{Platform: Platform, Workspace: to.Workspace, Channel: to.Channel, Thread: to.Thread, Message: res.ID},
		Text:    r.Text,
		Buttons: r.Buttons,
		Time:    a.opts.Now().UTC(),
	}, nil
}

// FormatText renders plain text for textFormat "xml": escaped, with line
// breaks as <br>.
func FormatText(s string) string {
	s = strings.ReplaceAll(strings.TrimSpace(s), "\r\n", "\n")
	return strings.ReplaceAll(html.EscapeString(s), "\n", "<br>")
}

// textBlocks renders plain text as Adaptive Card RichTextBlocks, one per
// line, each a single TextRun (TextRuns take no Markdown, so the text is
// shown as written); the first line of a paragraph after a blank line gets
// medium spacing.
func textBlocks(s string) []any {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	if s == "" {
		return []any{}
	}
	var blocks []any
	gap := false
	for _, line := range strings.Split(s, "\n") {
		if strings.TrimSpace(line) == "" {
			gap = true
			continue
		}
		blk := map[string]any{
			"type":    "RichTextBlock",
			"inlines": []any{map[string]any{"type": "TextRun", "text": line}},
		}
		switch {
		case len(blocks) == 0:
		case gap:
			blk["spacing"] = "Medium"
		default:
			blk["spacing"] = "None"
		}
		gap = false
		blocks = append(blocks, blk)
	}
	return blocks
}

// replyCard renders a reply with buttons as one Adaptive Card attachment:
// the text in its body, the buttons as its actions.
func replyCard(text string, buttons []bot.Button) (map[string]any, error) {
	var actions []any
	for _, b := range buttons {
		if b.Action == "" {
			return nil, fmt.Errorf("button %q without an action", b.Label)
		}
		label := strings.TrimSpace(b.Label)
		if label == "" {
			label = b.Action
		}
		data := map[string]string{"action": b.Action, "value": b.Value}
		style := "default"
		switch b.Style {
		case "primary":
			style = "positive"
		case "danger":
			style = "destructive"
		}
		actions = append(actions, map[string]any{
			"type": "Action.Execute", "title": label, "verb": b.Action, "data": data, "style": style,
			"fallback": map[string]any{"type": "Action.Submit", "title": label, "data": data, "style": style},
		})
	}
	return map[string]any{
		"contentType": "application/vnd.microsoft.card.adaptive",
		"content": map[string]any{
			"type":    "AdaptiveCard",
			"$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
			"version": "1.4",
			"body":    textBlocks(text),
			"actions": actions,
			"msteams": map[string]any{"width": "Full"},
		},
	}, nil
}
