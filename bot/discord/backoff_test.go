package discord

// These tests point discordgo's process-global endpoint variables at the
// fake, so none of them runs in parallel. Each depends on how Discord
// answers a request over a rate limit: status 429, Retry-After, the
// X-RateLimit-* headers and a JSON body with retry_after
// (https://discord.com/developers/docs/topics/rate-limits#exceeding-a-rate-limit).

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/internal/discordtest"
)

// TestSendHonoursRetryAfter: a reply Discord refuses twice with 429 is sent
// again after each retry_after, and arrives.
func TestSendHonoursRetryAfter(t *testing.T) {
	f := newFakeDiscord(t, discordtest.Options{})
	var logs logBuffer
	a := newTestAdapter(t, Options{Logger: logs.logger()})
	const after = 300 * time.Millisecond
	f.RateLimit("POST", "/channels/"+channelID+"/messages", 2, after, discordtest.ScopeUser)

	if _, err := a.Send(context.Background(), bot.Ref{Platform: Platform, Channel: channelID}, bot.Reply{Text: "Hallo"}); err != nil {
		t.Fatal(err)
	}
	posts := f.Requests("POST", "/channels/"+channelID+"/messages")
	if len(posts) != 3 || len(f.Messages(channelID)) != 1 {
		t.Fatalf("%d attempts, %d messages; want 3 and 1", len(posts), len(f.Messages(channelID)))
	}
	for i := 1; i < len(posts); i++ {
		if gap := posts[i].Time.Sub(posts[i-1].Time); gap < after {
			t.Errorf("attempt %d came %v after the 429, before its retry_after of %v", i+1, gap, after)
		}
	}
	if n := strings.Count(logs.String(), "waiting before sending again"); n != 2 {
		t.Errorf("%d waits logged, want 2:\n%s", n, logs.String())
	}
}

// TestSendGivesUpBounded: a reply Discord keeps refusing is tried at most
// 1+defaultMaxRetries times and never waited for past defaultMaxWait (here
// the last 429 asks for 30 seconds, which are not waited); then one error
// line names the route and the scope, the error wraps ErrRateLimited, the
// client's message is marked ⚠️ (reactions are another route), and the
// next reply to the route is refused without troubling Discord until the
// Retry-After has passed. discordgo alone would sleep 30 seconds and try
// for ever.
func TestSendGivesUpBounded(t *testing.T) {
	f := newFakeDiscord(t, discordtest.Options{})
	var logs logBuffer
	a := newTestAdapter(t, Options{Logger: logs.logger()})
	route := "/channels/" + channelID + "/messages"
	f.RateLimit("POST", route, defaultMaxRetries, 50*time.Millisecond, discordtest.ScopeShared)
	f.RateLimit("POST", route, 100, 30*time.Second, discordtest.ScopeShared)

	to := bot.Ref{Platform: Platform, Workspace: guildID, Channel: channelID, Message: "1500000000000001001"}
	start := time.Now()
	_, err := a.Send(context.Background(), to, bot.Reply{Text: "Ihr Rückruf ist notiert."})
	if !errors.Is(err, ErrRateLimited) {
		t.Fatalf("Send = %v, want ErrRateLimited", err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("gave up after %v", took)
	}
	if n := len(f.Requests("POST", route)); n != 1+defaultMaxRetries {
		t.Errorf("%d attempts, want %d", n, 1+defaultMaxRetries)
	}
	line := ""
	for _, l := range strings.Split(logs.String(), "\n") {
		if strings.Contains(l, "Discord rate limit: giving up") {
			line = l
		}
	}
	for _, want := range []string{"level=ERROR", "route=\"POST /channels/" + channelID + "/messages\"", "scope=shared", "retry_after=30s", "attempts=4"} {
		if !strings.Contains(line, want) {
			t.Errorf("the give-up line %q lacks %s", line, want)
		}
	}
	if r := f.WaitReaction(t, to.Message); r.Emoji != "⚠️" || r.Channel != channelID {
		t.Errorf("reaction %+v, want ⚠️ on the client's message", r)
	}

	// Still limited: refused here, Discord not asked.
	if _, err := a.Send(context.Background(), bot.Ref{Platform: Platform, Channel: channelID}, bot.Reply{Text: "x"}); !errors.Is(err, ErrRateLimited) {
		t.Errorf("second Send = %v, want ErrRateLimited", err)
	}
	if n := len(f.Requests("POST", route)); n != 1+defaultMaxRetries {
		t.Errorf("%d attempts after the give-up, want none more", n-1-defaultMaxRetries)
	}
	if !strings.Contains(logs.String(), "request not sent, the route is still limited") {
		t.Errorf("the refused request is not logged:\n%s", logs.String())
	}
}

// TestRateLimitedReplyThroughEngine: a message whose answer Discord keeps
// refusing is answered by nobody, but the client sees ⚠️ on it and the log
// says why; the engine's apology after the failed reply is bounded too.
func TestRateLimitedReplyThroughEngine(t *testing.T) {
	f := newFakeDiscord(t, discordtest.Options{})
	var logs logBuffer
	a, err := New(Options{Token: testToken, Logger: logs.logger(), Commands: CommandsOff})
	if err != nil {
		t.Fatal(err)
	}
	e, _ := slowEngine(t, a, 0)
	run(t, a, e)
	f.WaitHandshake(t, 1)
	route := "/channels/" + dmChannelID + "/messages"
	f.RateLimit("POST", route, 1000, 20*time.Millisecond, discordtest.ScopeUser)

	const msg = "1500000000000001101"
	f.Dispatch(t, "MESSAGE_CREATE", dmMessage(msg, carlaID, "Hallo"))
	if r := f.WaitReaction(t, msg); r.Emoji != "⚠️" || r.Channel != dmChannelID {
		t.Errorf("reaction %+v", r)
	}
	settle(t, f, a)
	if n := len(f.Requests("POST", route)); n > 2*(1+defaultMaxRetries) {
		t.Errorf("%d attempts for a reply and an apology", n)
	}
	if len(f.Messages(dmChannelID)) != 0 || len(f.Reactions()) != 1 {
		t.Errorf("%d messages, %d reactions", len(f.Messages(dmChannelID)), len(f.Reactions()))
	}
	if !strings.Contains(logs.String(), "Discord rate limit: giving up") || !strings.Contains(logs.String(), "reply not delivered") {
		t.Errorf("the log does not tell:\n%s", logs.String())
	}
}

// TestGlobalLimit: a global limit holds every route once given up on, but
// not the interaction endpoints, which it does not bind
// (https://discord.com/developers/docs/topics/rate-limits#global-rate-limit);
// an interaction's acknowledgement does not wait past Discord's three
// seconds for a limit, and the log names no interaction token.
func TestGlobalLimit(t *testing.T) {
	f := newFakeDiscord(t, discordtest.Options{})
	var logs logBuffer
	a := newTestAdapter(t, Options{Logger: logs.logger()})
	f.RateLimit("POST", "/channels/"+channelID+"/messages", 1, 30*time.Second, discordtest.ScopeGlobal)
	if _, err := a.Send(context.Background(), bot.Ref{Platform: Platform, Channel: channelID}, bot.Reply{Text: "x"}); !errors.Is(err, ErrRateLimited) {
		t.Fatalf("Send = %v", err)
	}
	if _, err := a.Send(context.Background(), bot.Ref{Platform: Platform, Channel: otherChannelID}, bot.Reply{Text: "x"}); !errors.Is(err, ErrRateLimited) {
		t.Errorf("Send to another channel under a global limit = %v", err)
	}
	if n := len(f.Requests("POST", "/messages")); n != 1 {
		t.Errorf("%d posts reached Discord, want 1", n)
	}

	// The interaction endpoints go on; a limit on one is not waited for
	// longer than the back-off allows, nor past Discord's deadline.
	data := slash("1900000000000000301", guildID, channelID, annaID, "de", "help", "")
	f.RegisterInteraction(t, data)
	in := decodeEvent(t, discordtest.Frame{T: "INTERACTION_CREATE", D: mustJSON(t, data)}).(*discordgo.InteractionCreate).Interaction
	ack := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}
	if err := a.respond(context.Background(), in, ack, time.Now()); err != nil {
		t.Fatalf("acknowledging under a global limit: %v", err)
	}
	f.RateLimit("PATCH", "/messages/@original", 1, 30*time.Second, discordtest.ScopeUser)
	p := &pending{in: in, expires: time.Now().Add(time.Minute)}
	start := time.Now()
	_, err := a.sendInteraction(context.Background(), p, bot.Ref{Platform: Platform, Channel: channelID}, bot.Reply{Text: "Hilfe"})
	if !errors.Is(err, ErrRateLimited) || strings.Contains(err.Error(), in.Token) {
		t.Errorf("edit under a 30s limit = %v", err)
	}
	if took := time.Since(start); took > defaultMaxWait {
		t.Errorf("took %v", took)
	}
	if strings.Contains(logs.String(), in.Token) || !strings.Contains(logs.String(), "/webhooks/"+botID+"/:token/messages/@original") {
		t.Errorf("the log shows the token or not the route:\n%s", logs.String())
	}

	const late = "1900000000000000302"
	data = slash(late, guildID, channelID, annaID, "de", "help", "")
	f.RegisterInteraction(t, data)
	f.RateLimit("POST", "/interactions/"+late+"/itoken-"+late+"/callback", 1, 2*time.Second, discordtest.ScopeUser)
	in = decodeEvent(t, discordtest.Frame{T: "INTERACTION_CREATE", D: mustJSON(t, data)}).(*discordgo.InteractionCreate).Interaction
	start = time.Now()
	if err := a.respond(context.Background(), in, ack, time.Now().Add(-time.Second)); !errors.Is(err, ErrRateLimited) {
		t.Errorf("acknowledgement that would wait past the deadline = %v", err)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("waited %v", took)
	}
}

// TestReadLimit: the wait is the body's retry_after, with fractions; a 429
// without a JSON body (Cloudflare's) is waited for by its Retry-After
// header.
func TestReadLimit(t *testing.T) {
	resp := func(header, body string) *http.Response {
		h := http.Header{}
		if header != "" {
			h.Set("Retry-After", header)
		}
		return &http.Response{StatusCode: 429, Header: h, Body: io.NopCloser(bytes.NewBufferString(body))}
	}
	for _, tc := range []struct {
		header, body string
		want         time.Duration
		global       bool
	}{
		{"65", `{"message":"You are being rate limited.","retry_after":64.57,"global":false}`, 64570 * time.Millisecond, false},
		{"1", `{"retry_after":0.25,"global":true}`, 250 * time.Millisecond, true},
		{"3", `<html>Error 1015</html>`, 3 * time.Second, false},
		{"", `nonsense`, time.Second, false},
	} {
		r := resp(tc.header, tc.body)
		got := readLimit(r)
		if got.after != tc.want || got.global != tc.global {
			t.Errorf("%s %s: %+v, want %v global %v", tc.header, tc.body, got, tc.want, tc.global)
		}
		if b, _ := io.ReadAll(r.Body); string(b) != tc.body {
			t.Errorf("body not put back: %q", b)
		}
	}
	if got := routeOf("PATCH", "/api/v9/webhooks/11/secret-token/messages/@original"); got != "PATCH /webhooks/11/:token/messages/@original" {
		t.Errorf("route %q", got)
	}
	if got := routeOf("POST", "/api/v9/interactions/19/secret/callback"); got != "POST /interactions/19/:token/callback" {
		t.Errorf("route %q", got)
	}
}
