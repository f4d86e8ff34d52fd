package discord

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/mspbot/mspbot/bot"
)

// Discord's limits on one message.
const (
	maxContent       = 2000 // characters of content
	maxButtonsPerRow = 5
	maxRows          = 5
	maxLabel         = 80 // characters of a button label
)

// Send implements bot.Sender. It posts r to the channel to.Channel (to.Thread
// when set: a Discord thread is a channel), as a reply to to.Message when
// that is set. Buttons become message components in rows of five. Text
// longer than Discord's 2000 characters goes out in several messages, split
// at line or word ends; the buttons ride on the last one, whose id Sent.Ref
// carries.
//
// Mentions in the text notify users only; @everyone, @here and role
// mentions are never notified, whatever a client typed into text the bot
// repeats.
func (a *Adapter) Send(ctx context.Context, to bot.Ref, r bot.Reply) (bot.Sent, error) {
	if to.Platform != "" && to.Platform != Platform {
		return bot.Sent{}, fmt.Errorf("discord send: platform %q is not %q", to.Platform, Platform)
	}
	channel := to.Channel
	if to.Thread != "" {
		channel = to.Thread
	}
	if channel == "" {
		return bot.Sent{}, errors.New("discord send: no channel")
	}
	components, err := buttonRows(r.Buttons)
	if err != nil {
		return bot.Sent{}, fmt.Errorf("discord send: %w", err)
	}
	text, mentioned := botMentions(r.Text)
	chunks := splitText(text, maxContent)
	if len(chunks) == 0 {
		if len(components) == 0 {
			return bot.Sent{}, errors.New("discord send: empty reply")
		}
		chunks = []string{""}
	}
	var last *discordgo.Message
	for n, chunk := range chunks {
		msg := &discordgo.MessageSend{
			Content: chunk,
			// Only the people the bot itself names are notified: a "<@…>"
			// a client typed and the bot repeats stays a silent mention.
			AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}, Users: mentioned, RepliedUser: true},
		}
		if n == 0 && to.Message != "" {
			fail := false
			msg.Reference = &discordgo.MessageReference{
				MessageID: to.Message, ChannelID: channel, GuildID: to.Workspace, FailIfNotExists: &fail,
			}
		}
		if n == len(chunks)-1 {
			msg.Components = components
		}
		last, err = a.session.ChannelMessageSendComplex(channel, msg, discordgo.WithContext(ctx))
		if err != nil {
			return bot.Sent{}, fmt.Errorf("discord send to channel %s (part %d of %d): %w", channel, n+1, len(chunks), err)
		}
		if last == nil {
			return bot.Sent{}, fmt.Errorf("discord send to channel %s: no message in the answer", channel)
		}
	}
	sent := bot.Sent{
		Ref:     bot.Ref{Platform: Platform, Workspace: to.Workspace, Channel: to.Channel, Thread: to.Thread, Message: last.ID},
		Text:    r.Text,
		Buttons: r.Buttons,
		Time:    last.Timestamp,
	}
	if sent.Time.IsZero() {
		sent.Time = time.Now().UTC()
	}
	return sent, nil
}

// buttonRows turns buttons into action rows of at most five buttons.
func buttonRows(buttons []bot.Button) ([]discordgo.MessageComponent, error) {
	if len(buttons) == 0 {
		return nil, nil
	}
	if len(buttons) > maxButtonsPerRow*maxRows {
		return nil, fmt.Errorf("%d buttons, Discord allows %d per message", len(buttons), maxButtonsPerRow*maxRows)
	}
	seen := make(map[string]bool, len(buttons))
	var rows []discordgo.MessageComponent
	var row []discordgo.MessageComponent
	for _, b := range buttons {
		if b.Action == "" || strings.Contains(b.Action, customIDSep) {
			return nil, fmt.Errorf("button %q: the action must be set and must not contain %q", b.Label, customIDSep)
		}
		id := customID(b.Action, b.Value)
		if utf8.RuneCountInString(id) > maxCustomID {
			return nil, fmt.Errorf("button %q: action and value are %d characters, Discord allows %d", b.Label, utf8.RuneCountInString(id), maxCustomID-1)
		}
		if seen[id] {
			return nil, fmt.Errorf("button %q: action %q with value %q appears twice", b.Label, b.Action, b.Value)
		}
		seen[id] = true
		label := b.Label
		if label == "" {
			label = b.Action
		}
		row = append(row, discordgo.Button{
			Label:    truncate(label, maxLabel),
			Style:    buttonStyle(b.Style),
			CustomID: id,
		})
		if len(row) == maxButtonsPerRow {
			rows = append(rows, discordgo.ActionsRow{Components: row})
			row = nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, discordgo.ActionsRow{Components: row})
	}
	return rows, nil
}

func buttonStyle(s string) discordgo.ButtonStyle {
	switch s {
	case "primary":
		return discordgo.PrimaryButton
	case "danger":
		return discordgo.DangerButton
	default:
		return discordgo.SecondaryButton
	}
}

// truncate cuts s to at most n characters, marking a cut with an ellipsis.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// splitText cuts text into pieces of at most n characters, preferring to
// cut after a line break, then after a space. Empty text gives no pieces.
func splitText(text string, n int) []string {
	text = strings.TrimSpace(text)
	var out []string
	for text != "" {
		// end is the byte offset just past the first n characters.
		end := 0
		for count := 0; end < len(text) && count < n; count++ {
			_, size := utf8.DecodeRuneInString(text[end:])
			end += size
		}
		if end == len(text) {
			out = append(out, text)
			break
		}
		head := text[:end]
		cut := strings.LastIndex(head, "\n")
		if cut < len(head)/2 {
			if sp := strings.LastIndex(head, " "); sp > len(head)/2 {
				cut = sp
			}
		}
		if cut < len(head)/2 {
			cut = len(head)
		}
		if piece := strings.TrimRight(head[:cut], " \n"); piece != "" {
			out = append(out, piece)
		}
		text = strings.TrimLeft(text[cut:], " \n")
	}
	return out
}

// botMentionRE finds a user mention the bot itself wrote (bot.MentionUser).
var botMentionRE = regexp.MustCompile("\x1e@([0-9]{1,25})\x1f")

// botMentions turns the bot's own mentions into Discord's "<@ID>" and
// returns their ids (at most 100, Discord's limit); stray marker bytes go.
func botMentions(s string) (string, []string) {
	var ids []string
	s = botMentionRE.ReplaceAllStringFunc(s, func(m string) string {
		id := botMentionRE.FindStringSubmatch(m)[1]
		if !slices.Contains(ids, id) && len(ids) < 100 {
			ids = append(ids, id)
		}
		return "<@" + id + ">"
	})
	return strings.NewReplacer("\x1e", "", "\x1f", "").Replace(s), ids
}
