package converse

import (
	"strings"
	"testing"
)

// The fake bot's script for the failure table: one key per situation.
func failureScript() map[string][]out {
	summary := "Ich habe notiert:\nName: Max Mustermann\nTelefon: 040 696 450 99\nThema: Drucker\nZeit: Montag, 07.12., 09:00–11:00 Uhr\nSoll ich das so aufnehmen? (ja / nein / abbrechen)"
	staffCB := "📞 Neuer Rückrufwunsch CB-26-0001\nName: Max Mustermann\nTelefon: 040 696 450 99\nThema: Drucker\nZeit: Montag, 07.12., 09:00–11:00 Uhr"
	held := "Ich habe Montag, 14.12., 09:00–11:00 Uhr für DATEV auf SRV-01 vorgemerkt (Nr. VA-26-0001). Sie hören von uns."
	staffVA := "🗓 Neuer Herstellertermin VA-26-0001 zur Freigabe\nHersteller: DATEV\nSystem: SRV-01\nAdminrechte: nein\nZeit: Montag, 14.12., 09:00–11:00 Uhr"
	return map[string][]out{
		"name?":         {{Text: "Gern rufen wir Sie zurück. Wie ist Ihr Name?"}},
		"summary":       {{Text: summary}},
		"file it":       {{Text: "Ihr Rückrufwunsch ist aufgenommen, Nr. CB-26-0001."}, {Conv: "staff", Text: staffCB}},
		"status":        {{Text: "Ihr Rückruf CB-26-0001 wird von alice bearbeitet."}},
		"new ref":       {{Text: "Ihr Rückrufwunsch ist aufgenommen, Nr. CB-26-0043."}},
		"covered":       {{Text: "Ja, das ist abgedeckt: Updates gehören zur Wartung."}},
		"mixed":         {{Text: "Ihre Nachricht betrifft mehrere Themen: Hardware-Probleme – nicht im Vertrag enthalten; Backup-Software – abgedeckt. Sollen wir Sie zurückrufen?"}},
		"english":       {{Text: "Your callback request is filed. We will call you on Monday."}},
		"ok":            {{Text: "OK"}},
		"silence":       {},
		"two":           {{Text: "Gern rufen wir Sie zurück."}, {Text: "…"}},
		"hold":          {{Text: held}, {Conv: "staff", Text: staffVA}},
		"protocol":      {{Text: "Ich lege das Protokoll PR-26-0001 an. Es unterschreiben: Anna (@T-pr-anna), Ben (@T-pr-ben). Zur Unterschrift bereit."}},
		"signed":        {{Text: "Protokoll PR-26-0001 ist verbindlich unterschrieben."}},
		"boom":          {{Status: 500, Text: "kaputt"}},
		"choose":        {{Text: "Diese Termine kann ich anbieten:", Buttons: []map[string]string{{"action": "pick", "value": "1", "label": "Montag 9 Uhr"}, {"action": "pick", "value": "2", "label": "Dienstag 9 Uhr"}}}},
		"button:pick=2": {{Text: "Dienstag 9 Uhr ist vorgemerkt."}},
		"react:eyes":    {{Text: "alice übernimmt CB-26-0001"}},
	}
}

// Each line and the line converse.py prints for it against the fake bot
// (checked with TestServeFakeBot and converse.py 1:1).
var failureCases = []struct{ line, want string }{
	{`not json`, "FAIL line-1 line: line 1: not a JSON object ("}, // the parser's message differs from Python's
	{`["a list"]`, "FAIL line-2 line: line 2: not a JSON object (not an object)"},
	{`{"id":"asks","turns":[{"say":"name?","expect":{"asks":["phone","name"]}}]}`,
		"FAIL asks turn 1: asks phone (bot asks: name) — Gern rufen wir Sie zurück. Wie ist Ihr Name?"},
	{`{"id":"asks-none","turns":[{"say":"ok","expect":{"asks":"name"}}]}`,
		"FAIL asks-none turn 1: asks name (bot asks: nothing) — OK"},
	{`{"id":"asks-not","turns":[{"say":"summary","expect":{"asks_not":["name","confirm"]}}]}`,
		"FAIL asks-not turn 1: asks_not confirm (bot asks: confirm) — Ich habe notiert: ⏎ Name: Max Mustermann ⏎ Telefon: 040 696 450 99 ⏎ Thema: Drucker ⏎ Zeit: Montag, 07.12., 09:00–11:00 Uhr ⏎ Soll ich das so aufnehmen? (ja / …"},
	{`{"id":"intent","turns":[{"say":"two","expect":{"intent":"policy"}}]}`,
		"FAIL intent turn 1: intent policy (got: callback,?) — Gern rufen wir Sie zurück. ⏎ …"},
	{`{"id":"intent-none","turns":[{"say":"silence","expect":{"intent":"callback"}}]}`,
		"FAIL intent-none turn 1: intent callback (got: no reply) — (no reply)"},
	{`{"id":"verdict","turns":[{"say":"covered","expect":{"verdict":["covered","project"]}}]}`,
		"FAIL verdict turn 1: verdict project (got: covered) — Ja, das ist abgedeckt: Updates gehören zur Wartung."},
	{`{"id":"only","turns":[{"say":"mixed","expect":{"verdict":"excluded","verdicts_only":["excluded"]}}]}`,
		"FAIL only turn 1: verdicts_only excluded (also named: covered) — Ihre Nachricht betrifft mehrere Themen: Hardware-Probleme – nicht im Vertrag enthalten; Backup-Software – abgedeckt. Sollen wir Sie zurückrufen?"},
	{`{"id":"any","turns":[{"say":"ok","expect":{"says_any":["Rückruf","Vertrag|Protokoll"]}}]}`,
		"FAIL any turn 1: says_any /Rückruf/ | /Vertrag|Protokoll/ — OK"},
	{`{"id":"none","turns":[{"say":"covered","expect":{"says_none":["nicht","(?<!nicht )ABGEDECKT"]}}]}`,
		"FAIL none turn 1: says_none /(?<!nicht )ABGEDECKT/ (matched 'abgedeckt') — Ja, das ist abgedeckt: Updates gehören zur Wartung."},
	{`{"id":"lang","turns":[{"say":"english","expect":{"lang":"de"}}]}`,
		"FAIL lang turn 1: lang de (got en) — Your callback request is filed. We will call you on Monday."},
	{`{"id":"lang-unknown","turns":[{"say":"ok","expect":{"lang":"de"}}]}`,
		"FAIL lang-unknown turn 1: lang de (language not recognisable) — OK"},
	{`{"id":"lang-silent","turns":[{"say":"silence","expect":{"lang":"en"}}]}`,
		"FAIL lang-silent turn 1: lang en (no reply) — (no reply)"},
	{`{"id":"files-kind","turns":[{"say":"file it","expect":{"files":"ticket"}}]}`,
		"FAIL files-kind turn 1: files 'ticket': write callback, vendor or protocol"},
	{`{"id":"files","turns":[{"say":"file it","expect":{"files":"vendor"}}]}`,
		"FAIL files turn 1: files vendor (no new VA- reference) — Ihr Rückrufwunsch ist aufgenommen, Nr. CB-26-0001."},
	{`{"id":"files-again","turns":[{"say":"file it"},{"say":"file it","expect":{"files":"callback"}}]}`,
		"FAIL files-again turn 2: files callback (no new CB- reference) — Ihr Rückrufwunsch ist aufgenommen, Nr. CB-26-0001."},
	{`{"id":"files-none","turns":[{"say":"file it","expect":{"files_none":true}}]}`,
		"FAIL files-none turn 1: files_none (created CB-26-0001) — Ihr Rückrufwunsch ist aufgenommen, Nr. CB-26-0001."},
	{`{"id":"same","turns":[{"say":"ok","expect":{"same_record":true}}]}`,
		"FAIL same turn 1: same_record (no reference in the reply) — OK"},
	{`{"id":"same-new","turns":[{"say":"file it"},{"say":"new ref","expect":{"same_record":true}}]}`,
		"FAIL same-new turn 2: same_record (new reference CB-26-0043) — Ihr Rückrufwunsch ist aufgenommen, Nr. CB-26-0043."},
	{`{"id":"cb-none","turns":[{"say":"name?"},{"say":"ok"}],"outcome":{"callback":{"name":"Max"}}}`,
		"FAIL cb-none outcome: callback: no callback filed (no CB- reference) — Gern rufen wir Sie zurück. Wie ist Ihr Name? ⏎ OK"},
	{`{"id":"cb-name","turns":[{"say":"summary"},{"say":"file it"}],"outcome":{"callback":{"name":"Frau Erika Muster"}}}`,
		"FAIL cb-name outcome: callback.name 'Frau Erika Muster' (got 'Max Mustermann') — 📞 Neuer Rückrufwunsch CB-26-0001 ⏎ Name: Max Mustermann ⏎ Telefon: 040 696 450 99 ⏎ Thema: Drucker ⏎ Zeit: Montag, 07.12., 09:00–11:00 Uhr"},
	{`{"id":"cb-phone","turns":[{"say":"summary"},{"say":"file it"}],"outcome":{"callback":{"name":"Herr Max Mustermann","phone":"+493012345"}}}`,
		"FAIL cb-phone outcome: callback.phone +493012345 (got '040 696 450 99') — 📞 Neuer Rückrufwunsch CB-26-0001 ⏎ Name: Max Mustermann ⏎ Telefon: 040 696 450 99 ⏎ Thema: Drucker ⏎ Zeit: Montag, 07.12., 09:00–11:00 Uhr"},
	{`{"id":"cb-topic","turns":[{"say":"summary"},{"say":"file it"}],"outcome":{"callback":{"phone":"+494069645099","topic_has":["drucker","Scanner"]}}}`,
		"FAIL cb-topic outcome: callback.topic_has 'Scanner' (topic 'Drucker') — 📞 Neuer Rückrufwunsch CB-26-0001 ⏎ Name: Max Mustermann ⏎ Telefon: 040 696 450 99 ⏎ Thema: Drucker ⏎ Zeit: Montag, 07.12., 09:00–11:00 Uhr"},
	{`{"id":"cb-day","turns":[{"say":"summary"},{"say":"file it"}],"outcome":{"callback":{"day":"+2 workdays"}}}`,
		"FAIL cb-day outcome: callback.day 2026-12-08 (got 2026-12-07) — 📞 Neuer Rückrufwunsch CB-26-0001 ⏎ Name: Max Mustermann ⏎ Telefon: 040 696 450 99 ⏎ Thema: Drucker ⏎ Zeit: Montag, 07.12., 09:00–11:00 Uhr"},
	{`{"id":"cb-from","turns":[{"say":"summary"},{"say":"file it"}],"outcome":{"callback":{"day":"Mon","from":"10:00"}}}`,
		"FAIL cb-from outcome: callback.from 10:00 (got 09:00) — 📞 Neuer Rückrufwunsch CB-26-0001 ⏎ Name: Max Mustermann ⏎ Telefon: 040 696 450 99 ⏎ Thema: Drucker ⏎ Zeit: Montag, 07.12., 09:00–11:00 Uhr"},
	{`{"id":"cb-spec","turns":[{"say":"summary"},{"say":"file it"}],"outcome":{"callback":{"day":"whenever"}}}`,
		"FAIL cb-spec outcome: callback.day: day 'whenever': write +N, +N workday, Mon..Sun or YYYY-MM-DD"},
	{`{"id":"va-none","turns":[{"say":"ok"}],"outcome":{"vendor":{"vendor":"DATEV"}}}`,
		"FAIL va-none outcome: vendor: no appointment held (no VA- reference) — OK"},
	{`{"id":"va-vendor","turns":[{"say":"hold"}],"outcome":{"vendor":{"vendor":"Agenda"}}}`,
		"FAIL va-vendor outcome: vendor.vendor 'Agenda' (got 'DATEV') — 🗓 Neuer Herstellertermin VA-26-0001 zur Freigabe ⏎ Hersteller: DATEV ⏎ System: SRV-01 ⏎ Adminrechte: nein ⏎ Zeit: Montag, 14.12., 09:00–11:00 Uhr"},
	{`{"id":"va-system","turns":[{"say":"hold"}],"outcome":{"vendor":{"vendor":"datev","system":"den Server SRV 02"}}}`,
		"FAIL va-system outcome: vendor.system 'den Server SRV 02' (got 'SRV-01') — 🗓 Neuer Herstellertermin VA-26-0001 zur Freigabe ⏎ Hersteller: DATEV ⏎ System: SRV-01 ⏎ Adminrechte: nein ⏎ Zeit: Montag, 14.12., 09:00–11:00 Uhr"},
	{`{"id":"va-admin","turns":[{"say":"hold"}],"outcome":{"vendor":{"system":"srv-01","admin":true}}}`,
		"FAIL va-admin outcome: vendor.admin True (got False) — 🗓 Neuer Herstellertermin VA-26-0001 zur Freigabe ⏎ Hersteller: DATEV ⏎ System: SRV-01 ⏎ Adminrechte: nein ⏎ Zeit: Montag, 14.12., 09:00–11:00 Uhr"},
	{`{"id":"va-recurring","turns":[{"say":"hold"}],"outcome":{"vendor":{"admin":false,"recurring":true}}}`,
		"FAIL va-recurring outcome: vendor.recurring True (got False) — 🗓 Neuer Herstellertermin VA-26-0001 zur Freigabe ⏎ Hersteller: DATEV ⏎ System: SRV-01 ⏎ Adminrechte: nein ⏎ Zeit: Montag, 14.12., 09:00–11:00 Uhr"},
	{`{"id":"va-day","turns":[{"say":"hold"}],"outcome":{"vendor":{"first_day":"{{wd+6}}","from":"09:00","to":"11:00"}}}`, "PASS va-day"},
	{`{"id":"va-to","turns":[{"say":"hold"}],"outcome":{"vendor":{"first_day":"Mon","to":"12:00"}}}`,
		"FAIL va-to outcome: vendor.to 12:00 (got 11:00) — 🗓 Neuer Herstellertermin VA-26-0001 zur Freigabe ⏎ Hersteller: DATEV ⏎ System: SRV-01 ⏎ Adminrechte: nein ⏎ Zeit: Montag, 14.12., 09:00–11:00 Uhr"},
	{`{"id":"pr-none","turns":[{"say":"ok"}],"outcome":{"protocol":{"binding":true}}}`,
		"FAIL pr-none outcome: protocol: no protocol (no PR- reference) — OK"},
	{`{"id":"pr-signers","turns":[{"say":"protocol"}],"outcome":{"protocol":{"signers":["anna","carl"]}}}`,
		"FAIL pr-signers outcome: protocol.signers anna,carl (got T-pr-anna,T-pr-ben) — Ich lege das Protokoll PR-26-0001 an. Es unterschreiben: Anna (@T-pr-anna), Ben (@T-pr-ben). Zur Unterschrift bereit."},
	{`{"id":"pr-binding","turns":[{"say":"protocol"}],"outcome":{"protocol":{"binding":true}}}`,
		"FAIL pr-binding outcome: protocol.binding True (got False) — Ich lege das Protokoll PR-26-0001 an. Es unterschreiben: Anna (@T-pr-anna), Ben (@T-pr-ben). Zur Unterschrift bereit."},
	{`{"id":"staff-sees","turns":[{"say":"summary"},{"say":"file it"}],"outcome":{"staff_sees":["Rückrufwunsch","Scanner"]}}`,
		"FAIL staff-sees outcome: staff_sees /Scanner/ — 📞 Neuer Rückrufwunsch CB-26-0001 ⏎ Name: Max Mustermann ⏎ Telefon: 040 696 450 99 ⏎ Thema: Drucker ⏎ Zeit: Montag, 07.12., 09:00–11:00 Uhr"},
	{`{"id":"staff-nothing","turns":[{"say":"ok"}],"outcome":{"staff_sees":["Rückruf"]}}`,
		"FAIL staff-nothing outcome: staff_sees /Rückruf/ — (nothing new in the staff conversation)"},
	{`{"id":"staff-none","turns":[{"say":"file it"}],"outcome":{"staff_sees_none":["telefon: \\+?\\d"]}}`,
		"FAIL staff-none outcome: staff_sees_none /telefon: \\+?\\d/ (matched 'Telefon: 0') — 📞 Neuer Rückrufwunsch CB-26-0001 ⏎ Name: Max Mustermann ⏎ Telefon: 040 696 450 99 ⏎ Thema: Drucker ⏎ Zeit: Montag, 07.12., 09:00–11:00 Uhr"},
	{`{"id":"no-turns","turns":[]}`, "FAIL no-turns line: no turns"},
	{`{"id":"turn-type","turns":["hallo"]}`, "FAIL turn-type turn 1: turn is not an object"},
	{`{"id":"turn-what","turns":[{"expect":{}}]}`, "FAIL turn-what turn 1: turn needs say, react, button or wait_s"},
	{`{"id":"bad-regex","turns":[{"say":"ok","expect":{"says_any":["(?<=a+)b"]}}]}`, "FAIL bad-regex line: bad regex: look-behind requires fixed-width pattern"},
	{`{"id":"bad-date","turns":[{"say":"am {{wd+1|xx}}"}]}`, "FAIL bad-date line: placeholder: unknown date format |xx"},
	{`{"id":"no-ref","turns":[{"say":"Protokoll {{ref:PR}} prüfen"}]}`, "FAIL no-ref turn 1: {{ref:PR}}: no PR- reference given so far"},
	{`{"id":"on","turns":[{"react":"eyes","user":"alice","on":"elsewhere"}]}`, "FAIL on turn 1: on: 'elsewhere'; write staff, last, staff:REGEX or last:REGEX"},
	{`{"id":"no-target","turns":[{"react":"eyes","user":"alice","on":"staff:Herstellertermin XYZ"}]}`, "FAIL no-target turn 1: no message to react on (staff:Herstellertermin XYZ)"},
	{`{"id":"no-button","turns":[{"say":"choose"},{"button":"^3$","on":"last"}]}`, "FAIL no-button turn 2: no button matching /^3$/ (last)"},
	{`{"id":"http","turns":[{"say":"boom"}]}`, "FAIL http turn 1: HTTP 500 on POST /api/messages: kaputt"},
	{`{"id":"press","turns":[{"say":"choose"},{"button":"dienstag","on":"last","expect":{"says_any":"vorgemerkt"}},{"say":"file it"},{"react":"eyes","user":"alice","on":"staff:CB-26-0001","expect":{"says_any":"alice"}}]}`, "PASS press"},
}

func failureLines() string {
	var b strings.Builder
	for _, c := range failureCases {
		b.WriteString(c.line + "\n")
	}
	return b.String()
}

func TestFailureMessages(t *testing.T) {
	_, output := play(t, newFakeBot(failureScript()), failureLines(), Options{})
	got := strings.Split(strings.TrimSpace(output), "\n")
	if len(got) != len(failureCases)+1 {
		t.Fatalf("%d lines, want %d:\n%s", len(got), len(failureCases)+1, output)
	}
	for i, c := range failureCases {
		if got[i] != c.want && !(strings.HasSuffix(c.want, "(") && strings.HasPrefix(got[i], c.want)) {
			t.Errorf("line %d:\n got  %s\n want %s", i+1, got[i], c.want)
		}
	}
}
