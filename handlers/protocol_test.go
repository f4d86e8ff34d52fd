package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ledongthuc/pdf"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/nlu"
	"github.com/mspbot/mspbot/protocols"
	"github.com/mspbot/mspbot/protocols/llmdraft"
)

// signMessage is the latest message in channel that can be signed.
func (w *world) signMessage(channel string) bot.Sent {
	w.t.Helper()
	sent := w.out.in(channel)
	for i := len(sent) - 1; i >= 0; i-- {
		if len(sent[i].Buttons) > 0 && sent[i].Buttons[0].Action == "protocol:sign" {
			return sent[i]
		}
	}
	w.t.Fatal("no protocol was posted for signing")
	return bot.Sent{}
}

// protocol reads a protocol from Redis.
func (w *world) protocol(id string) protocols.Protocol {
	w.t.Helper()
	p, err := w.protos.Service.Get(context.Background(), id)
	if err != nil {
		w.t.Fatalf("protocol %s: %v", id, err)
	}
	return p
}

const protoBlock = `Titel: Planungsgespräch ERP-Update
Datum: 01.12.2026 10:00
Kunde: Muster GmbH
Hersteller: ERP Soft AG
Unterzeichner Kunde: ich Anna Becker anna@muster.example
Unterzeichner Hersteller: @vera Vera Vogt
Unterzeichner Dienstleister: @paul Paul Pröll paul@msp.example
Unterzeichner Kunde: Bernd Typed
Teilnehmer: Anna Becker, Vera Vogt, Paul Pröll
Entscheidung: Das Update läuft am Samstag, 12.12., ab 8 Uhr.
Vereinbarung: Der Hersteller-Account wird nur während des Updates aktiviert.
Aufgabe: Herr Vogt bis 10.12.: Testplan schicken
Das Wetter war schön`

// recordAndSubmit records protoBlock in c-talk as anna, adds Vera's
// address and puts the protocol up for signing.
func recordAndSubmit(t *testing.T, w *world) bot.Sent {
	t.Helper()
	anna := w.in("c-talk", "anna")
	r := anna.say("Wir möchten das Planungsgespräch protokollieren")
	contains(t, r.text, "PR-26-0001", "Plattform-Identität")
	m := r.meta()
	if dialogueOf(m) != "protocol" || m.Record == nil || m.Record.ID != "PR-26-0001" || m.Record.State != string(protocols.StateDraft) ||
		!asks(m, "title") || !asks(m, "signers") {
		t.Fatalf("start meta %+v record %+v", m, m.Record)
	}

	r = anna.say(protoBlock)
	contains(t, r.text, "Notiert in PR-26-0001 (Version 2)", "Entscheidung", "Aufgabe",
		"„Unterzeichner Kunde: Bernd Typed“: Unterzeichner bitte mit Plattform-Identität nennen",
		"Nicht verstanden", "„Das Wetter war schön“", "E-Mail-Adresse von @vera")
	if rec := r.record(); rec == nil || rec.Fields["version"] != 2 {
		t.Errorf("meta record %+v", r.record())
	} else if signers, _ := rec.Fields["signers"].([]string); strings.Join(signers, ",") != "web:anna,web:vera,web:paul" {
		t.Errorf("meta signers %v", rec.Fields["signers"])
	}

	contains(t, anna.say("E-Mail @vera: Vera.Vogt@erp.example").text, "Notiert in PR-26-0001 (Version 3): E-Mail")
	r = anna.say("fertig")
	contains(t, r.text, "Version 3 – zur Unterschrift", "Kunde: Muster GmbH – unterschreibt: Anna Becker (@anna)",
		"3. Aufgabe (Herr Vogt, bis 10.12.2026): Testplan schicken", "Datum: 01.12.2026 10:00", "SHA-256: sha256:",
		"Es unterschreiben: Anna Becker (@anna), Vera Vogt (@vera), Paul Pröll (@paul)")
	m = r.meta()
	if dialogueOf(m) != "" || !asks(m, "sign") || m.Record == nil || m.Record.State != string(protocols.StateSigning) {
		t.Errorf("submitted meta %+v record %+v", m, m.Record)
	}
	p := w.protocol("PR-26-0001")
	contains(t, r.text, p.Hash)
	return w.signMessage("c-talk")
}

// TestProtocolSignedByEveryParty: a protocol recorded in chat, put up for
// signing, signed by each named signer (reaction, button, command) and by
// no one else, re-signed after a change, binding, e-mailed to every party
// as Markdown and PDF, verified in chat, and hidden from other clients.
func TestProtocolSignedByEveryParty(t *testing.T) {
	w := newWorld(t, worldOptions{mail: true, orgs: "acme=web:@anna"})
	ctx := context.Background()
	v3 := recordAndSubmit(t, w)
	anna, vera := w.in("c-talk", "anna"), w.in("c-talk", "vera")

	// Anyone in the conversation sees it; only named signers can sign.
	contains(t, w.react("mallory", v3.Ref, "✅").text, "nicht als Unterzeichner genannt")
	contains(t, w.in("c-talk", "mallory").say("unterschreiben").text, "nicht als Unterzeichner genannt")
	if p := w.protocol("PR-26-0001"); len(p.Current()) != 0 {
		t.Fatalf("signatures after a stranger signed: %+v", p.Current())
	}
	r := w.react("anna", v3.Ref, "✅")
	contains(t, r.text, "Anna Becker (@anna) hat Version 3 von PR-26-0001 unterschrieben", "Es fehlen noch: Vera Vogt (@vera), Paul Pröll (@paul)")
	if !asks(r.meta(), "sign") || r.record() == nil || r.record().State != string(protocols.StateSigning) {
		t.Errorf("signed meta %+v", r.meta())
	}
	contains(t, w.react("anna", v3.Ref, "white_check_mark").text, "bereits unterschrieben")

	// Vera corrects it: a new version, everyone signs again.
	r = vera.say("Protokoll bearbeiten")
	contains(t, r.text, "Sie bearbeiten jetzt das Protokoll PR-26-0001 (Version 3)")
	if dialogueOf(r.meta()) != "protocol" {
		t.Errorf("editing meta %+v", r.meta())
	}
	r = vera.say("Entscheidung: Ein Rollback ist bis 12 Uhr möglich.")
	contains(t, r.text, "Notiert in PR-26-0001 (Version 4)", "Bisherige Unterschriften gelten nicht mehr", "Version 4 – zur Unterschrift")
	v4 := w.signMessage("c-talk")
	if p := w.protocol("PR-26-0001"); p.Version != 4 || len(p.Current()) != 0 {
		t.Fatalf("after the change: version %d, %d signatures count", p.Version, len(p.Current()))
	}
	contains(t, w.react("anna", v3.Ref, "✅").text, "Version 3 von PR-26-0001", "Version 4")

	// Button, command and reaction.
	contains(t, w.press("anna", v4.Ref, v4.Buttons[0]).text, "hat Version 4 von PR-26-0001 unterschrieben")
	vera.say("abbrechen")
	contains(t, vera.say("unterschreiben").text, "Vera Vogt (@vera) hat Version 4")
	r = w.react("paul", v4.Ref, "✔️")
	contains(t, r.text, "Das Protokoll PR-26-0001 ist verbindlich: alle Unterzeichner haben Version 4 unterschrieben",
		"als Markdown und PDF per E-Mail erhalten (anna@muster.example, vera.vogt@erp.example, paul@msp.example)")
	if rec := r.record(); rec == nil || rec.State != string(protocols.StateComplete) || rec.Fields["binding"] != true {
		t.Errorf("binding meta %+v", r.meta())
	}

	// The e-mail, received by a real SMTP server and read back.
	msg := w.mails(1)[0]
	if got := strings.Join(msg.To, ","); got != "anna@muster.example,vera.vogt@erp.example,paul@msp.example" {
		t.Fatalf("recipients %s", got)
	}
	mp, err := msg.Parse()
	if err != nil {
		t.Fatal(err)
	}
	p := w.protocol("PR-26-0001")
	if mp.Subject != "Unterschriebenes Protokoll PR-26-0001: Planungsgespräch ERP-Update" {
		t.Errorf("subject %q", mp.Subject)
	}
	var md, pdfData, body []byte
	for _, part := range mp.Parts {
		switch {
		case part.Filename == "PR-26-0001-v4.md":
			md = part.Data
		case part.Filename == "PR-26-0001-v4.pdf" && part.MediaType == "application/pdf":
			pdfData = part.Data
		case part.MediaType == "text/plain" && !part.Attachment:
			body = part.Data
		}
	}
	if md == nil || pdfData == nil || body == nil {
		t.Fatalf("mail parts: %+v", mp.Parts)
	}
	contains(t, string(body), p.Hash, "Anna Becker (web:anna)", "mspbot protocol verify PR-26-0001")
	contains(t, string(md), "# Protokoll PR-26-0001: Planungsgespräch ERP-Update", p.Hash, "Paul Pröll (web:paul)",
		"4. Entscheidung: Ein Rollback ist bis 12 Uhr möglich.")
	contains(t, pdfText(t, pdfData), "Planungsgespräch ERP-Update", "Paul Pröll", "Ein Rollback ist bis 12 Uhr möglich.",
		strings.TrimPrefix(p.Hash, "sha256:")[:32])

	// The log records the export; the chat check says it is valid.
	log, err := w.protoStore.Log(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if last := log[len(log)-1]; last.Type != protocols.EventExported || !strings.Contains(last.Detail, "sent Markdown and PDF") {
		t.Fatalf("last log entry %+v", last)
	}
	contains(t, anna.say("Protokoll prüfen").text, "PR-26-0001 geprüft: in Ordnung", "gültige Unterschriften dieser Version: 3")

	// Clients find their own protocols, never another client's.
	contains(t, anna.say("Wo finde ich das unterschriebene Protokoll?").text, "PR-26-0001 – Planungsgespräch ERP-Update", "verbindlich unterschrieben")
	bert := w.in("c-beta", "bert")
	r = bert.say("Wo finde ich das unterschriebene Protokoll?")
	contains(t, r.text, "keine Protokolle")
	lacks(t, r.text, "PR-26-0001")
	for _, ask := range []string{"Protokoll PR-26-0001 zeigen", "Protokoll PR-26-0001 prüfen", "unterschreiben PR-26-0001"} {
		r := bert.say(ask)
		contains(t, r.text, "finde ich nicht")
		lacks(t, r.text, "Planungsgespräch")
		if r.record() != nil {
			t.Errorf("%q: meta names the protocol to another client", ask)
		}
	}
	logs := w.logs.String()
	if strings.Contains(logs, "Rollback") || strings.Contains(logs, "anna@muster") {
		t.Fatal("protocol content or addresses reached the log")
	}
}

// TestProtocolShowInDialogue: "zeigen", which the bot tells the writer to
// use, shows the draft.
func TestProtocolShowInDialogue(t *testing.T) {
	w := newWorld(t, worldOptions{})
	anna := w.in("c-talk", "anna")
	r := anna.say("Protokoll anlegen")
	contains(t, r.text, "„zeigen“ zeigt den Entwurf")
	anna.say("Titel: Abstimmung\nDatum: 01.12.2026 10:00\nUnterzeichner Kunde: ich Anna Becker anna@muster.example\nEntscheidung: Update am Samstag.")
	r = anna.say("zeigen")
	contains(t, r.text, "📝 Entwurf PR-26-0001, Version 2", "Titel: Abstimmung", "1. Entscheidung: Update am Samstag.")
	lacks(t, r.text, "Nicht verstanden")
}

// TestProtocolBindingIsNotChanged: a line written after the protocol
// became binding is refused with the reason, not answered as an unknown
// question.
func TestProtocolBindingIsNotChanged(t *testing.T) {
	w := newWorld(t, worldOptions{})
	anna := w.in("c-talk", "anna")
	anna.say("Protokoll anlegen")
	anna.say("Titel: Abstimmung\nDatum: 01.12.2026 10:00\nUnterzeichner Kunde: ich Anna Becker anna@muster.example\nEntscheidung: Update am Samstag.")
	anna.say("fertig")
	contains(t, anna.say("unterschreiben").text, "verbindlich")
	r := anna.say("Entscheidung: doch anders")
	contains(t, r.text, "PR-26-0001", "verbindlich")
	if p := w.protocol("PR-26-0001"); p.Version != 2 || p.State != protocols.StateComplete {
		t.Fatalf("binding protocol changed: version %d, %s", p.Version, p.State)
	}
}

// TestProtocolMailSaysWhoGotIt: when a signer gave no address, the bot
// does not claim that every party received the signed protocol.
func TestProtocolMailSaysWhoGotIt(t *testing.T) {
	w := newWorld(t, worldOptions{mail: true})
	anna, vera := w.in("c-talk", "anna"), w.in("c-talk", "vera")
	anna.say("Protokoll anlegen")
	contains(t, anna.say("Titel: Abstimmung\nDatum: 01.12.2026 10:00\nUnterzeichner Kunde: ich Anna Becker anna@muster.example\n"+
		"Unterzeichner Hersteller: @vera Vera Vogt\nEntscheidung: Update am Samstag.").text, "E-Mail-Adresse von @vera")
	anna.say("fertig")
	anna.say("unterschreiben")
	r := vera.say("unterschreiben")
	contains(t, r.text, "verbindlich", "anna@muster.example")
	lacks(t, r.text, "Alle Parteien haben das unterschriebene Protokoll")
	if to := w.mails(1)[0].To; strings.Join(to, ",") != "anna@muster.example" {
		t.Fatalf("mailed to %v", to)
	}
}

// TestProtocolWithoutMailAndTampering: without e-mail the bot says so and
// the log records it; a protocol changed in Redis behind the bot's back is
// named as tampered.
func TestProtocolWithoutMailAndTampering(t *testing.T) {
	w := newWorld(t, worldOptions{})
	ctx := context.Background()
	v := recordAndSubmit(t, w)
	w.react("anna", v.Ref, "✅")
	w.react("vera", v.Ref, "✅")
	r := w.react("paul", v.Ref, "✅")
	contains(t, r.text, "verbindlich", "E-Mail-Versand ist nicht eingerichtet")
	if !strings.Contains(w.logs.String(), "e-mail is not configured") {
		t.Error("the missing e-mail is not logged")
	}
	log, _ := w.protoStore.Log(ctx, "PR-26-0001")
	if last := log[len(log)-1]; last.Type != protocols.EventExported || last.Detail != "not sent: e-mail is not configured" {
		t.Fatalf("last log entry %+v", last)
	}
	if rep, err := w.protos.Service.Verify(ctx, "PR-26-0001"); err != nil || !rep.OK() {
		t.Fatalf("untouched protocol: %v %v", rep.Findings, err)
	}
	vera := w.in("c-talk", "vera")
	contains(t, vera.say("Ist das Protokoll PR-26-0001 echt?").text, "PR-26-0001 geprüft: in Ordnung")

	// Tampered in Redis: the content changes, the hashes and signatures do not.
	key := w.keys.Protocol("PR-26-0001")
	d, err := w.rdb.HGet(ctx, key, "d").Result()
	if err != nil || !strings.Contains(d, "am Samstag") {
		t.Fatalf("stored protocol: %v", err)
	}
	if err := w.rdb.HSet(ctx, key, "d", strings.Replace(d, "am Samstag", "am Sonntag", 1)).Err(); err != nil {
		t.Fatal(err)
	}
	r = vera.say("Ist das Protokoll PR-26-0001 echt?")
	contains(t, r.text, "PR-26-0001 geprüft: Abweichungen gefunden", "am Bot vorbei geändert")
	if rep, _ := w.protos.Service.Verify(ctx, "PR-26-0001"); rep.OK() {
		t.Fatal("the service calls the tampered protocol valid")
	}
}

// TestProtocolEnglishAndReminders: an English protocol; a reminder after
// the configured wait, once however many replicas run; ✅ on the reminder
// signs.
func TestProtocolEnglishAndReminders(t *testing.T) {
	w := newWorld(t, worldOptions{mail: true})
	bob := w.in("c-talk", "bob")
	contains(t, bob.say("Please start a meeting protocol").text, "I am starting protocol PR-26-0001")
	r := bob.say("Title: ERP update planning talk\nDate: 2026-12-01 10:00\nSigner client: me Bob Brown bob@client.example\n" +
		"Signer vendor: @vera Vera Vogt vera@erp.example\nAction: Vera by 2026-12-10: send the test plan")
	contains(t, r.text, "Noted in PR-26-0001 (version 2)", "action item")
	if r.meta().Lang != "en" {
		t.Errorf("meta lang %q", r.meta().Lang)
	}
	contains(t, bob.say("done").text, "Protocol PR-26-0001, version 2 – for signature", "Signers: Bob Brown (@bob), Vera Vogt (@vera)")
	contains(t, bob.say("sign").text, "Bob Brown (@bob) signed version 2 of PR-26-0001", "Still to sign: Vera Vogt (@vera)")

	ctx := context.Background()
	reminder := w.cfg.ProtoReminder
	if n, err := w.protos.RemindDue(ctx, w.engine, reminder); err != nil || n != 0 {
		t.Fatalf("early reminders: %d %v", n, err)
	}
	w.clock.set(monday.Add(reminder + time.Hour))
	before := w.out.count()
	var wg sync.WaitGroup
	var mu sync.Mutex
	total := 0
	for range 4 { // four replicas at once
		wg.Go(func() {
			n, err := w.protos.RemindDue(ctx, w.engine, reminder)
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			total += n
			mu.Unlock()
		})
	}
	wg.Wait()
	posted := w.out.since(before, "c-talk")
	if total != 1 || len(posted) != 1 {
		t.Fatalf("%d reminders counted, %d posted, want exactly 1", total, len(posted))
	}
	contains(t, posted[0].Text, "Reminder: protocol PR-26-0001", "Vera Vogt (@vera)")
	if m := posted[0].Meta; m == nil || !asks(m, "sign") || m.Record == nil || m.Record.ID != "PR-26-0001" {
		t.Errorf("reminder meta %+v", posted[0].Meta)
	}
	r = w.react("vera", posted[0].Ref, "white_check_mark")
	contains(t, r.text, "Protocol PR-26-0001 is binding", "Every party has received the signed protocol")
	contains(t, bob.say("Where can I find the signed protocol?").text, "Your protocols:", "PR-26-0001 – ERP update planning talk", "signed and binding")
}

// openAIServer answers every chat completion with content, the way an
// OpenAI-compatible server does.
func openAIServer(t *testing.T, content string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/chat/completions" {
			http.NotFound(rw, r)
			return
		}
		rw.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(rw).Encode(map[string]any{"id": "c1", "object": "chat.completion", "model": "m",
			"choices": []map[string]any{{"index": 0, "finish_reason": "stop", "message": map[string]string{"role": "assistant", "content": content}}}})
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/v1"
}

// TestProtocolDraftFromTranscript: without a language model a transcript
// is refused with a word; with one, its draft is shown for correction and
// names no signers.
func TestProtocolDraftFromTranscript(t *testing.T) {
	w := newWorld(t, worldOptions{})
	anna := w.in("c-talk", "anna")
	contains(t, anna.say("Protokoll anlegen").text, "PR-26-0001")
	transcript := "Transkript:\nAnna: Update am Samstag?\nVera: Ja, ich schicke bis 10.12. den Testplan."
	contains(t, anna.say(transcript).text, "nur mit einem eingerichteten Sprachmodell")

	url := openAIServer(t, `{"title":"Planungsgespräch ERP-Update","date":"2026-12-01 10:00","attendees":["Anna","Vera"],`+
		`"items":[{"kind":"decision","text":"Das Update läuft am Samstag."},{"kind":"action","text":"Testplan schicken","owner":"Vera","due":"2026-12-10"}]}`)
	d, err := llmdraft.New(llmdraft.Options{APIKey: "k", BaseURL: url, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	w.protos.Drafter = d
	r := anna.say(transcript)
	contains(t, r.text, "Entwurf aus dem Transkript (2 Punkte", "unterschrieben ist noch nichts", "1. Entscheidung: Das Update läuft am Samstag.",
		"2. Aufgabe (Vera, bis 10.12.2026): Testplan schicken", "Unterzeichner")
	p := w.protocol("PR-26-0001")
	if p.State != protocols.StateDraft || len(p.Content.Signers()) != 0 {
		t.Fatalf("the model's draft must stay a draft without signers: %+v", p)
	}
}

// TestProtocolCommandsAreRecognised: the commands the bot teaches are
// read as protocol commands, other messages are not.
func TestProtocolCommandsAreRecognised(t *testing.T) {
	_, reader := shared()
	for _, s := range []string{"unterschreiben", "Ich unterschreibe", "sign", "I sign the protocol", "unterschreiben PR-26-0001",
		"Protokoll prüfen", "verify protocol PR-26-0001", "Wo finde ich das unterschriebene Protokoll?", "Protokoll bearbeiten",
		"Protokoll PR-26-0003 senden", "Wir möchten das Planungsgespräch protokollieren", "Zeig mir das Protokoll"} {
		if m := reader.Read(s, monday); m.Protocol == nlu.ProtoNone || decide(&convState{}, m, env{turn: 1}) != routeRequest {
			t.Errorf("%q is not taken as a protocol command (%q)", s, m.Protocol)
		}
	}
	for _, s := range []string{"Ist mein Monitor im Vertrag?", "Bitte rufen Sie mich zurück", "Design der Webseite", "fertig"} {
		if m := reader.Read(s, monday); m.Protocol != nlu.ProtoNone {
			t.Errorf("%q taken as protocol command %q", s, m.Protocol)
		}
	}
}

// pdfText extracts the text of a PDF.
func pdfText(t *testing.T, raw []byte) string {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatalf("PDF does not open: %v", err)
	}
	var b strings.Builder
	for i := 1; i <= r.NumPage(); i++ {
		rows, err := r.Page(i).GetTextByRow()
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range rows {
			for _, word := range row.Content {
				b.WriteString(word.S)
			}
		}
	}
	return b.String()
}

// TestSignByReactingToTheLatestMessage: the message that reports a
// signature and names who is still to sign shows the same version, so the
// next signer may react to it rather than scroll up to the protocol
// (probe set AI: the second signer's ✅ on it was not taken).
func TestSignByReactingToTheLatestMessage(t *testing.T) {
	w := newWorld(t, worldOptions{mail: true, orgs: "acme=web:@anna"})
	v3 := recordAndSubmit(t, w)
	before := w.out.count()
	contains(t, w.react("anna", v3.Ref, "✅").text, "Es fehlen noch")
	sent := w.out.since(before, "c-talk")
	if len(sent) == 0 || !strings.Contains(sent[len(sent)-1].Text, "Es fehlen noch") {
		t.Fatalf("the signature was not reported in the conversation: %+v", sent)
	}
	progress := sent[len(sent)-1]
	contains(t, w.react("mallory", progress.Ref, "✅").text, "nicht als Unterzeichner genannt")
	contains(t, w.react("vera", progress.Ref, "✅").text, "Vera Vogt (@vera) hat Version 3 von PR-26-0001 unterschrieben")
	if p := w.protocol("PR-26-0001"); len(p.Current()) != 2 {
		t.Errorf("signatures after reacting to the report: %+v", p.Current())
	}
}
