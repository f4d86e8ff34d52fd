package converse

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A callback conversation as a client has it: everything in the first
// message, confirmation, staff take it over, the client asks.
const callbackLine = `{"id":"cb-01","lang":"de","about":"everything in the first message","turns":[` +
	`{"say":"Bitte rufen Sie mich am {{wd+1|d.m.}} zwischen 9 und 11 Uhr zurück. Max Mustermann, 040 696 450 99, es geht um unseren Drucker.","expect":{"asks":"confirm","asks_not":["name","phone","topic","time"],"intent":"callback","lang":"de","files_none":true}},` +
	`{"say":"ja","expect":{"files":"callback","says_none":["Fehler"]}},` +
	`{"react":"eyes","user":"alice","on":"staff"},` +
	`{"say":"Wie ist der Stand von {{ref:CB}}?","expect":{"says_any":["alice|bearbeitet|übernommen"],"same_record":true}}],` +
	`"outcome":{"callback":{"name":"Max Mustermann","phone":"+494069645099","topic_has":["Drucker"],"day":"+1 workday","from":"09:00","to":"11:00"},` +
	`"staff_sees":["Neuer Rückrufwunsch"],"staff_sees_none":["Passwort"]}}`

const firstSay = "Bitte rufen Sie mich am 7.12. zwischen 9 und 11 Uhr zurück. Max Mustermann, 040 696 450 99, es geht um unseren Drucker."

// callbackScript is the bot's side; with meta, every reply also says
// machine-readably what it is.
func callbackScript(meta bool) map[string][]out {
	m := func(v map[string]any) map[string]any {
		if !meta {
			return nil
		}
		return v
	}
	record := map[string]any{"kind": "callback", "id": "CB-26-0001", "state": "open", "fields": map[string]any{
		"name": "Max Mustermann", "phone": "+494069645099", "topic": "unser Drucker",
		"start": "2026-12-07T08:00:00Z", "end": "2026-12-07T10:00:00Z"}}
	return map[string][]out{
		firstSay: {{Text: "Ich habe notiert:\nName: Max Mustermann\nTelefon: 040 696 450 99\nThema: unser Drucker\nZeit: Montag, 07.12., 09:00–11:00 Uhr\nSoll ich das so aufnehmen? (ja / nein / abbrechen)",
			Meta: m(map[string]any{"intent": "callback", "lang": "de", "verdict": "", "verdicts": []any{}, "asks": []any{"confirm"}, "dialogue": "callback"})}},
		"ja": {
			{Text: "Ihr Rückrufwunsch ist aufgenommen, Nr. CB-26-0001. Wir rufen Sie am Montag, 07.12., zwischen 09:00 und 11:00 Uhr an.",
				Meta: m(map[string]any{"intent": "callback", "lang": "de", "asks": []any{}, "record": record})},
			{Conv: "staff", Text: "📞 Neuer Rückrufwunsch CB-26-0001\nName: Max Mustermann\nTelefon: 040 696 450 99\nThema: unser Drucker\nZeit: Montag, 07.12., 09:00–11:00 Uhr",
				Meta: m(map[string]any{"intent": "callback", "record": record})},
		},
		"react:eyes": {{Text: "👀 alice übernimmt CB-26-0001."}},
		"Wie ist der Stand von CB-26-0001?": {{Text: "Ihr Rückruf CB-26-0001 wird von alice bearbeitet.",
			Meta: m(map[string]any{"intent": "ticket_status", "lang": "de", "asks": []any{}, "record": map[string]any{"kind": "callback", "id": "CB-26-0001", "state": "taken"}})}},
	}
}

func TestPassWithTextAndWithMeta(t *testing.T) {
	for _, meta := range []bool{false, true} {
		bot := newFakeBot(callbackScript(meta))
		sum, output := play(t, bot, callbackLine+"\n", Options{})
		if output != "PASS cb-01\nconversations: 1 passed, 0 failed (100.0 %)\n" || sum.Passed != 1 || sum.Failed != 0 {
			t.Errorf("meta %v: %+v\n%s", meta, sum, output)
		}
		if bot.said[0] != firstSay || bot.said[2] != "Wie ist der Stand von CB-26-0001?" {
			t.Errorf("placeholders: the bot was sent %q", bot.said)
		}
	}
}

// metaScript is a terse bot; with meta it tells the truth about each reply.
func metaScript(meta bool) map[string][]out {
	record := map[string]any{"kind": "ticket", "id": "CB-26-0009", "state": "open", "fields": map[string]any{
		"name": "Max Mustermann", "phone": "+494069645099", "topic": "Drucker defekt", "start": "2026-12-07T09:00:00+01:00", "end": "2026-12-07T11:00:00+01:00"}}

	m := func(v map[string]any) map[string]any {
		if meta {
			return v
		}
		return nil
	}
	return map[string][]out{
		"m1": {{Text: "Hm.", Meta: m(map[string]any{"intent": "callback", "lang": "en", "asks": []any{"name"}, "verdict": "covered", "verdicts": []any{"project"}})}},
		"m2": {{Text: "Done.", Meta: m(map[string]any{"intent": "callback", "record": record})}},
		// the record as it stands after the reply (a record without its
		// fields would hide them, in converse.py as here)
		"m3": {{Text: "Still there.", Meta: m(map[string]any{"record": record})}},
	}
}

// The checks believe meta over the wording: a terse bot that tells the
// truth in meta passes, the same words without meta fail.
func TestMetaBeforeTextFallback(t *testing.T) {
	line := `{"id":"meta","turns":[{"say":"m1","expect":{"asks":["name"],"intent":"callback","lang":"en","verdict":["covered","project"],"verdicts_only":["covered","project"]}},` +
		`{"say":"m2","expect":{"files":"callback"}},{"say":"m3","expect":{"same_record":true,"files_none":true}}],` +
		`"outcome":{"callback":{"name":"Dr. Max Mustermann","phone":"+494069645099","topic_has":["Drucker"],"day":"2026-12-07","from":"09:00","to":"11:00"}}}` + "\n"
	if _, output := play(t, newFakeBot(metaScript(true)), line, Options{}); !strings.HasPrefix(output, "PASS meta\n") {
		t.Errorf("with meta:\n%s", output)
	}
	if _, output := play(t, newFakeBot(metaScript(false)), line, Options{}); !strings.HasPrefix(output, "FAIL meta turn 1: asks name (bot asks: nothing) — Hm.\n") {
		t.Errorf("without meta:\n%s", output)
	}
	// meta that names no slot is believed too: it asks for nothing
	wrong := metaScript(true)
	wrong["m1"] = []out{{Text: "Wie ist Ihr Name?", Meta: map[string]any{"asks": []any{}}}}
	if _, output := play(t, newFakeBot(wrong), line, Options{}); !strings.HasPrefix(output, "FAIL meta turn 1: asks name (bot asks: nothing) — Wie ist Ihr Name?\n") {
		t.Errorf("meta without the slot:\n%s", output)
	}
}

func TestTooManyRequestsIsWaitedOutOnce(t *testing.T) {
	bot := newFakeBot(callbackScript(true))
	bot.tooMany, bot.retryAfter = 1, "1"
	start := time.Now()
	if _, output := play(t, bot, callbackLine+"\n", Options{}); !strings.HasPrefix(output, "PASS cb-01") {
		t.Errorf("after one 429:\n%s", output)
	}
	if waited := time.Since(start); waited < time.Second {
		t.Errorf("the 429 was not waited out: %s", waited)
	}
	bot = newFakeBot(callbackScript(true))
	bot.tooMany, bot.retryAfter = 2, "0"
	_, output := play(t, bot, callbackLine+"\n", Options{})
	if want := "FAIL cb-01 line: staff conversation unreadable: HTTP 429 on GET /api/conversations/staff/messages: slow down\n"; !strings.HasPrefix(output, want) {
		t.Errorf("after two 429s:\n%s", output)
	}
	if n := bot.requests["GET /api/conversations/staff/messages"]; n != 2 {
		t.Errorf("%d requests, want the first and one retry", n)
	}
	if got := retryAfter("120"); got != maxWait {
		t.Errorf("Retry-After 120 waits %s, want at most %s", got, maxWait)
	}
	if got := retryAfter(""); got != 5*time.Second {
		t.Errorf("no Retry-After waits %s", got)
	}
}

func TestBearerToken(t *testing.T) {
	bot := newFakeBot(callbackScript(false))
	bot.token = "s3cret-token-for-the-api"
	if _, output := play(t, bot, callbackLine+"\n", Options{Token: "s3cret-token-for-the-api"}); !strings.HasPrefix(output, "PASS cb-01") {
		t.Errorf("with the token:\n%s", output)
	}
	_, output := play(t, bot, callbackLine+"\n", Options{})
	if want := "FAIL cb-01 line: staff conversation unreadable: HTTP 401 on GET /api/conversations/staff/messages: missing or wrong bearer token\n"; !strings.HasPrefix(output, want) {
		t.Errorf("without the token:\n%s", output)
	}
}

func TestPlaceholdersAndIDs(t *testing.T) {
	line := `{"id":"ph","turns":[{"say":"SRV-{{run}}: {{d+0|iso}} {{sat+1|dd.mm.yyyy}} {{sun+1|day_en}} {{hol+1|de_long}} {{wd+1|en_long}}","user":"vendor","conv":"side"},` +
		`{"say":"Unterzeichner: {{@vendor}}, {{ @alice }}","user_name":"Vera"},{"wait_s":0.01}]}` + "\n"
	bot := newFakeBot(nil)
	if _, output := play(t, bot, line, Options{Prefix: "T x"}); !strings.HasPrefix(output, "PASS ph") {
		t.Fatalf("%s", output)
	}
	want := []string{"SRV-" + runToken("T_x") + ": 2026-12-06 12.12.2026 Sunday Freitag, 25. Dezember Monday, 7 December",
		"Unterzeichner: @T_x-ph-vendor, @alice"}
	if strings.Join(bot.said, "|") != strings.Join(want, "|") {
		t.Errorf("said %q\nwant %q", bot.said, want)
	}
	for _, conv := range []string{"T_x-ph-side", "T_x-ph-main"} {
		if len(bot.history[conv]) != 1 {
			t.Errorf("conversation %s has %d messages", conv, len(bot.history[conv]))
		}
	}
}

func TestOnlyVerboseAndFileErrors(t *testing.T) {
	lines := callbackLine + "\n// a comment\n\n" + `{"id":"other","turns":[{"say":"ja"}]}` + "\n"
	var notes bytes.Buffer
	_, output := play(t, newFakeBot(callbackScript(true)), lines, Options{Only: []string{" other, cb-01"}, Verbose: true, Err: &notes})
	for _, want := range []string{"prefix T, run " + runToken("T") + ", today 2026-12-06 (Europe/Berlin), bot http://",
		"=== cb-01: everything in the first message\n", "   1 > [client@main] " + firstSay + "\n",
		"    < Ich habe notiert:\n      Name: Max Mustermann\n", "      [asks confirm; intent callback; verdicts -; lang de; refs -; meta]\n",
		"   3 * [alice] reacts eyes on staff: 📞 Neuer Rückrufwunsch CB-26-0001 ⏎ Name: Max Mustermann ⏎ Telefon: 04…\n",
		"PASS cb-01\n", "PASS other\nconversations: 2 passed, 0 failed (100.0 %)\n"} {
		if !strings.Contains(output, want) {
			t.Errorf("verbose output lacks %q:\n%s", want, output)
		}
	}
	file := filepath.Join(t.TempDir(), "c.jsonl")
	_ = os.WriteFile(file, []byte(lines), 0o600)
	for _, c := range []struct {
		opts  Options
		files []string
		want  string
	}{
		{Options{URL: "http://127.0.0.1:1", Only: []string{"x,cb-01", "a"}}, []string{file}, "no conversation a, x in " + file},
		{Options{URL: "http://127.0.0.1:1"}, []string{file + ".missing"}, "no such file"},
		{Options{URL: "http://127.0.0.1:1"}, nil, "give the conversations file"},
		{Options{}, []string{file}, "no bot URL"},
	} {
		if _, err := Run(context.Background(), c.opts, c.files...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Run(%v) error %v, want %q", c.files, err, c.want)
		}
	}
}

func TestUnreachableBot(t *testing.T) {
	file := filepath.Join(t.TempDir(), "c.jsonl")
	_ = os.WriteFile(file, []byte(callbackLine+"\n"), 0o600)
	var buf bytes.Buffer
	sum, err := Run(context.Background(), Options{URL: "http://127.0.0.1:1", Out: &buf}, file)
	if err != nil || sum.Failed != 1 || !strings.HasPrefix(buf.String(), "FAIL cb-01 line: staff conversation unreadable: GET /api/conversations/staff/messages: ") {
		t.Errorf("%v %+v\n%s", err, sum, buf.String())
	}
	if !strings.HasSuffix(buf.String(), "conversations: 0 passed, 1 failed (0.0 %)\n") {
		t.Errorf("summary line:\n%s", buf.String())
	}
}

// Records read from meta: the fields of a vendor appointment and of a
// protocol, a failure showing the record as converse.py prints it.
func TestMetaRecords(t *testing.T) {
	lines := `{"id":"va-meta","turns":[{"say":"v1","expect":{"files":"vendor"}}],"outcome":{"vendor":{"vendor":"datev","system":"SRV 01","admin":false,"recurring":true,"first_day":"{{wd+6}}","from":"09:00","to":"11:00"}}}
{"id":"va-meta2","turns":[{"say":"v1"}],"outcome":{"vendor":{"first_day":"Mon","from":"10:00"}}}
{"id":"pr-meta","turns":[{"say":"p1","expect":{"files":"protocol","intent":"protocol"}}],"outcome":{"protocol":{"signers":["anna","alice"],"binding":true}}}
{"id":"pr-meta2","turns":[{"say":"p1"}],"outcome":{"protocol":{"signers":["anna"]}}}
`
	want := "PASS va-meta\n" +
		`FAIL va-meta2 outcome: vendor.from 10:00 (got 09:00) — record {"vendor": "DATEV eG", "system": "srv_01", "admin": false, "rrule": "FREQ=WEEKLY", "slots": [{"start": "2026-12-14T08:00:00Z", "end": "2026-12-14T10:00:…` + "\n" +
		"PASS pr-meta\n" +
		"FAIL pr-meta2 outcome: protocol.signers anna (got T-pr-meta-anna,alice)\n" +
		"conversations: 2 passed, 2 failed (50.0 %)\n"
	_, output := play(t, newFakeBot(recordScript()), lines, Options{})
	if output != want {
		t.Errorf("got\n%s\nwant\n%s", output, want)
	}
}

func recordScript() map[string][]out {
	return map[string][]out{
		"v1": {{Text: "Vorgemerkt.", RawMeta: `{"intent": "vendor_appointment", "record": {"kind": "vendor_appointment", "id": "VA-26-0002", "state": "pending",
			"fields": {"vendor": "DATEV eG", "system": "srv_01", "admin": false, "rrule": "FREQ=WEEKLY", "slots": [{"start": "2026-12-14T08:00:00Z", "end": "2026-12-14T10:00:00Z"}],
			"note": "Bitte \"vorher\" anrufen – 10 % Rabatt\n", "seats": 2, "price": 1.50}}}`}},
		"p1": {{Text: "Protokoll angelegt.", Meta: map[string]any{"intent": "protocol", "record": map[string]any{
			"kind": "protocol", "id": "PR-26-0003", "state": "completed", "fields": map[string]any{
				"signers": []any{map[string]any{"user": "web:T-pr-meta-anna"}, "@alice"}}}}}},
	}
}
