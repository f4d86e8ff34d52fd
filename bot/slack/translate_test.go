package slack

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"reflect"
	"testing"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/mspbot/mspbot/bot"
)

func ts(sec, usec int64) time.Time { return time.Unix(sec, usec*1000).UTC() }

// translationCases are the recorded payloads in testdata and the events
// they become; nil means the payload is ignored.
var translationCases = []struct {
	file string
	want []bot.Event
}{
	{"message_im.json", []bot.Event{{
		ID: "Ev0MSGIM01", Kind: bot.KindMessage,
		Ref:  bot.Ref{Platform: "slack", Workspace: testTeam, Channel: "D0DM", Message: "1712345678.000200", User: "U0CLIENT"},
		Text: "Hallo, ist unser Server im Wartungsvertrag enthalten?",
		Time: ts(1712345678, 200),
	}}},
	{"message_im_thread.json", []bot.Event{{
		ID: "Ev0MSGIM02", Kind: bot.KindMessage,
		Ref:  bot.Ref{Platform: "slack", Workspace: testTeam, Channel: "D0DM", Thread: "1712345700.000400", Message: "1712345800.000500", User: "U0CLIENT"},
		Text: "Morgen ab 14 Uhr passt.",
		Time: ts(1712345800, 500),
	}}},
	{"app_mention.json", []bot.Event{{
		ID: "Ev0MENTION1", Kind: bot.KindMessage,
		// A mention outside a thread opens one under itself.
		Ref:  bot.Ref{Platform: "slack", Workspace: testTeam, Channel: "C0SUPPORT", Thread: "1712345900.000600", Message: "1712345900.000600", User: "U0CLIENT"},
		Text: "bitte um Rückruf wegen VPN",
		Time: ts(1712345900, 600),
	}}},
	{"app_mention_thread.json", []bot.Event{{
		ID: "Ev0MENTION2", Kind: bot.KindMessage,
		Ref:  bot.Ref{Platform: "slack", Workspace: testTeam, Channel: "C0SUPPORT", Thread: "1712345900.000600", Message: "1712346000.000700", User: "U0CLIENT"},
		Text: "und was ist mit dem Drucker?",
		Time: ts(1712346000, 700),
	}}},
	// A reply in a channel thread without a mention: a candidate, run only
	// in a thread the bot follows (TestTranslation marks this one).
	{"message_thread_reply.json", []bot.Event{{
		ID: "Ev0THREAD01", Kind: bot.KindMessage,
		Ref:  bot.Ref{Platform: "slack", Workspace: testTeam, Channel: "C0SUPPORT", Thread: "1712345900.000600", Message: "1712346050.000750", User: "U0CLIENT"},
		Text: "Anna Schmidt",
		Time: ts(1712346050, 750),
	}}},
	{"reaction_added.json", []bot.Event{{
		ID: "Ev0REACTADD", Kind: bot.KindReactionAdded,
		Ref:    bot.Ref{Platform: "slack", Workspace: testTeam, Channel: "C0SUPPORT", User: "U0STAFF"},
		Emoji:  "white_check_mark",
		Target: bot.Ref{Platform: "slack", Workspace: testTeam, Channel: "C0SUPPORT", Message: "1712345950.000650"},
		Time:   ts(1712346100, 800),
	}}},
	{"reaction_removed.json", []bot.Event{{
		ID: "Ev0REACTDEL", Kind: bot.KindReactionRemoved,
		Ref:    bot.Ref{Platform: "slack", Workspace: testTeam, Channel: "D0DM", User: "U0CLIENT"},
		Emoji:  "+1", // "+1::skin-tone-3" normalised
		Target: bot.Ref{Platform: "slack", Workspace: testTeam, Channel: "D0DM", Message: "1712345700.000400"},
		Time:   ts(1712346200, 900),
	}}},
	{"block_actions.json", []bot.Event{{
		ID: "ba:1712346460.512345:approval.approve", Kind: bot.KindButton,
		Ref:      bot.Ref{Platform: "slack", Workspace: testTeam, Channel: "C0SUPPORT", Thread: "1712345900.000600", User: "U0STAFF"},
		Target:   bot.Ref{Platform: "slack", Workspace: testTeam, Channel: "C0SUPPORT", Thread: "1712345900.000600", Message: "1712346400.000200"},
		Action:   "approval.approve",
		Value:    "req-42",
		UserName: "anna.berger",
		Time:     ts(1712346460, 512345),
	}}},
	{"block_actions_dm.json", []bot.Event{{
		ID: "ba:1712345750.000001:callback.slot", Kind: bot.KindButton,
		Ref:      bot.Ref{Platform: "slack", Workspace: testTeam, Channel: "D0DM", User: "U0CLIENT"},
		Target:   bot.Ref{Platform: "slack", Workspace: testTeam, Channel: "D0DM", Message: "1712345700.000400"},
		Action:   "callback.slot",
		Value:    "2024-04-09T10:00",
		UserName: "max.muster",
		Time:     ts(1712345750, 1),
	}}},
	// Slack Connect: the provider's channel C0CONNECT is shared with the
	// clients Müller (T0MUELLER) and Bauer (T0BAUER). The envelope's team is
	// the provider's; who writes or presses comes from their own team
	// (user_team, user.team_id), which becomes Ref.Home.
	{"app_mention_connect.json", []bot.Event{{
		ID: "Ev0CONNECT01", Kind: bot.KindMessage,
		Ref: bot.Ref{Platform: "slack", Workspace: testTeam, Channel: "C0CONNECT", Thread: "1712350100.000100", Message: "1712350100.000100",
			User: "U0MUELLER1", Home: "T0MUELLER"},
		Text: "Wir möchten das Planungsgespräch protokollieren",
		Time: ts(1712350100, 100),
	}}},
	{"app_mention_connect_other.json", []bot.Event{{
		ID: "Ev0CONNECT02", Kind: bot.KindMessage,
		Ref: bot.Ref{Platform: "slack", Workspace: testTeam, Channel: "C0CONNECT", Thread: "1712350200.000200", Message: "1712350200.000200",
			User: "U0BAUER1", Home: "T0BAUER"},
		Text: "Protokoll PR-26-0001 zeigen",
		Time: ts(1712350200, 200),
	}}},
	{"block_actions_connect.json", []bot.Event{{
		ID: "ba:1712350260.112233:protocol:sign", Kind: bot.KindButton,
		Ref: bot.Ref{Platform: "slack", Workspace: testTeam, Channel: "C0CONNECT", Thread: "1712350200.000200",
			User: "U0BAUER1", Home: "T0BAUER"},
		Target:   bot.Ref{Platform: "slack", Workspace: testTeam, Channel: "C0CONNECT", Thread: "1712350200.000200", Message: "1712350210.000210"},
		Action:   "protocol:sign",
		Value:    "PR-26-0002:3",
		UserName: "jonas.bauer",
		Time:     ts(1712350260, 112233),
	}}},
	// A reaction names no team: by someone never seen writing, in a shared
	// channel, it comes from an unnamed elsewhere.
	{"reaction_added_connect.json", []bot.Event{{
		ID: "Ev0CONNECT04", Kind: bot.KindReactionAdded,
		Ref:    bot.Ref{Platform: "slack", Workspace: testTeam, Channel: "C0CONNECT", User: "U0BAUER2", Home: bot.UnknownHome},
		Emoji:  "white_check_mark",
		Target: bot.Ref{Platform: "slack", Workspace: testTeam, Channel: "C0CONNECT", Message: "1712350150.000150"},
		Time:   ts(1712350400, 400),
	}}},
	// Ignored: edits and joins (subtypes), the bot's own message (bot_id),
	// channel chatter without a mention, the bot's own reaction, a
	// reaction on a file, and the URL check.
	{"message_subtype.json", nil},
	{"message_join.json", nil},
	{"message_bot.json", nil},
	{"message_channel.json", nil},
	{"reaction_added_own.json", nil},
	{"reaction_added_file.json", nil},
	{"url_verification.json", nil},
}

// translate runs a payload through the adapter's normalisation directly.
func translate(t *testing.T, a *Adapter, raw []byte) []bot.Event {
	t.Helper()
	var probe struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(raw, &probe); err != nil {
		t.Fatal(err)
	}
	if probe.Type == string(slackapi.InteractionTypeBlockActions) {
		var cb slackapi.InteractionCallback
		if err := json.Unmarshal(raw, &cb); err != nil {
			t.Fatal(err)
		}
		return a.fromInteraction(&cb)
	}
	parsed, err := slackevents.ParseEvent(raw, slackevents.OptionNoVerifyToken())
	if err != nil {
		// slack-go cannot read it (a reaction on a file has "file" as a
		// string): the HTTP handler ignores such events, so does this.
		t.Logf("not parsed, ignored: %v", err)
		return nil
	}
	if ev, ok := a.fromEventsAPI(parsed); ok {
		return []bot.Event{ev}
	}
	return nil
}

// TestTranslation checks every recorded payload twice: through the
// normalisation functions and end to end through the signed HTTP handler,
// where the engine must receive exactly the expected events.
func TestTranslation(t *testing.T) {
	f := newFakeSlack(t)
	a := newAdapter(t, f, nil)
	rec := newRecorder()
	srv := httptest.NewServer(a.EventsHandler(rec))
	defer srv.Close()
	// The bot has answered in the thread of message_thread_reply.json.
	a.markThread(context.Background(), "C0SUPPORT", "1712345900.000600")

	for _, tc := range translationCases {
		t.Run(tc.file, func(t *testing.T) {
			raw := readTestdata(t, tc.file)
			if got := translate(t, a, raw); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("normalised:\n got %+v\nwant %+v", got, tc.want)
			}

			before := len(rec.Events())
			status, body := do(t, slackRequest(t, srv.URL, raw, isForm(tc.file), testSecret, time.Now()))
			if status != 200 {
				t.Fatalf("HTTP status %d: %s", status, body)
			}
			a.Wait()
			if got := rec.Events()[before:]; !reflect.DeepEqual(got, tc.want) && (len(got) != 0 || len(tc.want) != 0) {
				t.Errorf("over HTTP the engine got:\n %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestStripMention(t *testing.T) {
	for _, tc := range []struct{ in, bot, want string }{
		{"<@U0BOT> hilfe", "U0BOT", "hilfe"},
		{"  <@U0BOT|mspbot>:  hilfe ", "U0BOT", "hilfe"},
		{"<@U0BOT>, <@U0STAFF> bitte", "U0BOT", "<@U0STAFF> bitte"},
		{"<@U0OTHER> frag <@U0BOT>", "U0BOT", "<@U0OTHER> frag <@U0BOT>"},
		{"<@U0BOT> hilfe", "", "hilfe"},
		{"hilfe <@U0BOT>", "U0BOT", "hilfe <@U0BOT>"},
		{"<@U0BOT>", "U0BOT", ""},
	} {
		if got := stripMention(tc.in, tc.bot); got != tc.want {
			t.Errorf("stripMention(%q, %q) = %q, want %q", tc.in, tc.bot, got, tc.want)
		}
	}
}

func TestParseTS(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Time
	}{
		{"1712345678.000200", ts(1712345678, 200)},
		{"1712345678", time.Unix(1712345678, 0).UTC()},
		{"1712345678.5", time.Unix(1712345678, 500000000).UTC()},
		{"", time.Time{}},
		{"abc.def", time.Time{}},
	} {
		if got := parseTS(tc.in); !got.Equal(tc.want) {
			t.Errorf("parseTS(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}
