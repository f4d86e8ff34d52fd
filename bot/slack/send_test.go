package slack

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/mspbot/mspbot/bot"
)

func TestSendThreadWithButtons(t *testing.T) {
	f := newFakeSlack(t)
	now := time.Date(2024, 4, 5, 10, 0, 0, 0, time.UTC)
	a := newAdapter(t, f, func(o *Options) { o.Now = func() time.Time { return now } })
	to := bot.Ref{Platform: "slack", Workspace: testTeam, Channel: "C0SUPPORT", Thread: "1712345900.000600", Message: "1712346000.000700", User: "U0CLIENT"}
	reply := bot.Reply{
		Text: "Fernzugriff am Dienstag 10:00 freigeben? <!channel> & Co.",
		Buttons: []bot.Button{
			{Action: "approval.approve", Value: "req-42", Label: "Freigeben", Style: "primary"},
			{Action: "approval.reject", Value: "req-42", Label: "Ablehnen", Style: "danger"},
			{Action: "approval.later", Label: "Später"},
		},
	}
	sent, err := a.Send(context.Background(), to, reply)
	if err != nil {
		t.Fatal(err)
	}
	want := bot.Sent{
		Ref:     bot.Ref{Platform: "slack", Workspace: testTeam, Channel: "C0SUPPORT", Thread: "1712345900.000600", Message: "1712350000.000001"},
		Text:    reply.Text,
		Buttons: reply.Buttons,
		Time:    now,
	}
	if sent.Ref != want.Ref || sent.Text != want.Text || !sent.Time.Equal(want.Time) || len(sent.Buttons) != 3 {
		t.Errorf("Sent = %+v\nwant %+v", sent, want)
	}

	posts := f.Posts()
	if len(posts) != 1 {
		t.Fatalf("%d posts", len(posts))
	}
	p := posts[0]
	if p.Get("channel") != "C0SUPPORT" || p.Get("thread_ts") != "1712345900.000600" {
		t.Errorf("channel %q thread_ts %q", p.Get("channel"), p.Get("thread_ts"))
	}
	// Plain text: nothing the handler says can ping @channel.
	if got := p.Get("text"); got != "Fernzugriff am Dienstag 10:00 freigeben? &lt;!channel&gt; &amp; Co." {
		t.Errorf("text %q", got)
	}
	var blocks []struct {
		Type string `json:"type"`
		Text *struct {
			Type string `json:"type"`
			Text string `json:"text"`
		} `json:"text"`
		Elements []struct {
			Type     string `json:"type"`
			ActionID string `json:"action_id"`
			Value    string `json:"value"`
			Style    string `json:"style"`
			Text     struct {
				Type string `json:"type"`
				Text string `json:"text"`
			} `json:"text"`
		} `json:"elements"`
	}
	if err := json.Unmarshal([]byte(p.Get("blocks")), &blocks); err != nil {
		t.Fatalf("blocks %q: %v", p.Get("blocks"), err)
	}
	if len(blocks) != 2 || blocks[0].Type != "section" || blocks[1].Type != "actions" {
		t.Fatalf("blocks %s: want a section and an actions block", p.Get("blocks"))
	}
	if blocks[0].Text == nil || blocks[0].Text.Text != p.Get("text") {
		t.Errorf("section text %+v", blocks[0].Text)
	}
	els := blocks[1].Elements
	if len(els) != 3 {
		t.Fatalf("%d buttons", len(els))
	}
	for i, w := range []struct{ action, value, style, label string }{
		{"approval.approve", "req-42", "primary", "Freigeben"},
		{"approval.reject", "req-42", "danger", "Ablehnen"},
		{"approval.later", "", "", "Später"},
	} {
		e := els[i]
		if e.Type != "button" || e.ActionID != w.action || e.Value != w.value || e.Style != w.style || e.Text.Type != "plain_text" || e.Text.Text != w.label {
			t.Errorf("button %d = %+v, want %+v", i, e, w)
		}
	}
}

func TestSendDM(t *testing.T) {
	f := newFakeSlack(t)
	a := newAdapter(t, f, nil)
	// A reply to a plain DM: to.Message is the message answered, but a DM
	// is answered in the DM itself.
	sent, err := a.Send(context.Background(), bot.Ref{Platform: "slack", Workspace: testTeam, Channel: "D0DM", Message: "1712345678.000200", User: "U0CLIENT"}, bot.Reply{Text: "Ja."})
	if err != nil {
		t.Fatal(err)
	}
	p := f.Posts()[0]
	if p.Get("channel") != "D0DM" || p.Has("thread_ts") || p.Has("blocks") || p.Get("text") != "Ja." {
		t.Errorf("post %v", p)
	}
	if sent.Ref.Channel != "D0DM" || sent.Ref.Thread != "" || sent.Ref.Message == "" {
		t.Errorf("Sent.Ref %+v", sent.Ref)
	}
}

func TestSendErrors(t *testing.T) {
	f := newFakeSlack(t)
	a := newAdapter(t, f, nil)
	ctx := context.Background()
	if _, err := a.Send(ctx, bot.Ref{Platform: "slack"}, bot.Reply{Text: "x"}); err == nil {
		t.Error("no channel: want an error")
	}
	if _, err := a.Send(ctx, bot.Ref{Platform: "slack", Channel: "D0DM"}, bot.Reply{Text: "  "}); err == nil {
		t.Error("empty reply: want an error")
	}
	if _, err := a.Send(ctx, bot.Ref{Platform: "web", Channel: "D0DM"}, bot.Reply{Text: "x"}); err == nil {
		t.Error("other platform: want an error")
	}
	f.mu.Lock()
	f.postErr = "channel_not_found"
	f.mu.Unlock()
	_, err := a.Send(ctx, bot.Ref{Platform: "slack", Channel: "C0GONE"}, bot.Reply{Text: "x"})
	var apiErr slackapi.SlackErrorResponse
	if err == nil || !strings.Contains(err.Error(), "chat.postMessage") || !errors.As(err, &apiErr) || apiErr.Err != "channel_not_found" {
		t.Errorf("err = %v: want the wrapped Slack error naming chat.postMessage", err)
	}
}

func TestReplyBlocks(t *testing.T) {
	var buttons []bot.Button
	for range 3 {
		// The same action with different values: Slack wants action ids
		// unique per block, so each gets a block of its own.
		buttons = append(buttons, bot.Button{Action: "slot.pick", Value: "v", Label: "Termin"})
	}
	for range 30 {
		buttons = append(buttons, bot.Button{Action: "a" + strings.Repeat("x", len(buttons)), Label: strings.Repeat("L", 100)})
	}
	blocks, err := replyBlocks("", buttons)
	if err != nil {
		t.Fatal(err)
	}
	var sizes []int
	for _, b := range blocks {
		ab, ok := b.(*slackapi.ActionBlock)
		if !ok {
			t.Fatalf("block %T: no text, so only actions blocks", b)
		}
		sizes = append(sizes, len(ab.Elements.ElementSet))
		for _, el := range ab.Elements.ElementSet {
			if n := len([]rune(el.(*slackapi.ButtonBlockElement).Text.Text)); n > maxLabelChars {
				t.Errorf("label of %d characters", n)
			}
		}
	}
	// slot.pick | slot.pick | slot.pick + 24 | 6
	if want := []int{1, 1, 25, 6}; !slices.Equal(sizes, want) {
		t.Errorf("actions blocks of %v buttons, want %v", sizes, want)
	}
	if _, err := replyBlocks("x", []bot.Button{{Label: "no action"}}); err == nil {
		t.Error("button without action: want an error")
	}
}

func TestSplitText(t *testing.T) {
	long := strings.Repeat("a", 2000) + "\n" + strings.Repeat("b", 2000)
	parts := splitText(long, maxSectionChars)
	if len(parts) != 2 || parts[0] != strings.Repeat("a", 2000) || parts[1] != strings.Repeat("b", 2000) {
		t.Errorf("split at the line break: got %d parts", len(parts))
	}
	amp := strings.Repeat("x", 2998) + "&amp; rest"
	parts = splitText(amp, maxSectionChars)
	if len(parts) != 2 || !strings.HasPrefix(parts[1], "&amp;") {
		t.Errorf("an entity was split: %q", parts)
	}
	for _, p := range splitText(strings.Repeat("ü", 7000), maxSectionChars) {
		if n := len([]rune(p)); n > maxSectionChars {
			t.Errorf("part of %d characters", n)
		}
	}
}

// TestSendKeepsUserMentions: a user mention the bot writes itself
// (bot.MentionUser, the signers of a protocol) reaches Slack as a mention,
// in the text and in the section block, not as the literal
// "&lt;@U024BE7LH&gt;"; everything a client typed stays text: a user
// mention (a topic "<@U0STAFF> ping" repeated to the staff room notifies
// no one), @channel, @here, labelled mentions, channel links and links.
func TestSendKeepsUserMentions(t *testing.T) {
	f := newFakeSlack(t)
	a := newAdapter(t, f, nil)
	reply := bot.Reply{
		Text: "Unterzeichner: " + bot.MentionUser("U024BE7LH") + " und " + bot.MentionUser("W0ABC1234") +
			"; nicht <@U0STAFF>, <!channel>, <!here>, <!subteam^S0STAFF>, <@U0X|fake>, <#C0SUPPORT>, <https://evil.example|klick> & Co.",
		Buttons: []bot.Button{{Action: "protocol:sign", Value: "PR-26-0001", Label: "Unterschreiben"}},
	}
	if _, err := a.Send(context.Background(), bot.Ref{Platform: "slack", Channel: "C0SUPPORT"}, reply); err != nil {
		t.Fatal(err)
	}
	posts := f.Posts()
	if len(posts) != 1 {
		t.Fatalf("%d posts", len(posts))
	}
	want := "Unterzeichner: <@U024BE7LH> und <@W0ABC1234>; nicht &lt;@U0STAFF&gt;, &lt;!channel&gt;, &lt;!here&gt;, &lt;!subteam^S0STAFF&gt;, &lt;@U0X|fake&gt;, &lt;#C0SUPPORT&gt;, &lt;https://evil.example|klick&gt; &amp; Co."
	if got := posts[0].Get("text"); got != want {
		t.Errorf("text\n got %q\nwant %q", got, want)
	}
	var blocks []struct {
		Text *struct {
			Text string `json:"text"`
		} `json:"text"`
	}
	if err := json.Unmarshal([]byte(posts[0].Get("blocks")), &blocks); err != nil || len(blocks) == 0 || blocks[0].Text == nil {
		t.Fatalf("blocks %q: %v", posts[0].Get("blocks"), err)
	}
	if blocks[0].Text.Text != want {
		t.Errorf("section text\n got %q\nwant %q", blocks[0].Text.Text, want)
	}
	// A long reply is never cut inside a mention.
	long := strings.Repeat("a", maxSectionChars-6) + " " + bot.MentionUser("U024BE7LH") + " danke"
	parts := splitText(escapeText(long), maxSectionChars)
	if len(parts) != 2 || parts[1] != "<@U024BE7LH> danke" {
		t.Errorf("split into %d parts, the second %q", len(parts), parts[len(parts)-1])
	}
}
