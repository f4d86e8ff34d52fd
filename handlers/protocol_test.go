package handlers

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ledongthuc/pdf"
	"github.com/redis/go-redis/v9"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/internal/redistest"
	"github.com/mspbot/mspbot/internal/smtptest"
	"github.com/mspbot/mspbot/knowledge"
	"github.com/mspbot/mspbot/mail"
	"github.com/mspbot/mspbot/protocols"
	"github.com/mspbot/mspbot/protocols/llmdraft"
	"github.com/mspbot/mspbot/redisstore"
)

// protoRW records what the bot sent, giving every message an id the way
// an adapter does, so that reactions and buttons can name it.
type protoRW struct {
	mu   *sync.Mutex
	all  *[]bot.Sent
	conv bot.Ref
	mine []bot.Sent
}

func (r *protoRW) Reply(ctx context.Context, rep bot.Reply) (bot.Sent, error) {
	return r.Post(ctx, r.conv, rep)
}

func (r *protoRW) Post(_ context.Context, to bot.Ref, rep bot.Reply) (bot.Sent, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	ref := to.Conversation()
	ref.Message = fmt.Sprintf("m-%d", len(*r.all)+1)
	s := bot.Sent{Ref: ref, Text: rep.Text, Buttons: rep.Buttons}
	*r.all = append(*r.all, s)
	r.mine = append(r.mine, s)
	return s, nil
}

type protoWorld struct {
	rdb   *redis.Client
	keys  redisstore.Keys
	mux   *bot.Mux
	h     *Protocols
	st    *redisstore.Protocols
	smtp  *smtptest.Server
	now   time.Time
	mu    sync.Mutex
	sent  []bot.Sent
	sess  map[string]*bot.Session
	logs  *bytes.Buffer
	convo bot.Ref
}

func newProtoWorld(t *testing.T, withMail bool) *protoWorld {
	t.Helper()
	rdb := redistest.Open(t, redistest.DBHandlers)
	keys := redisstore.Keys{Prefix: "hp" + bot.NewID(4)}
	st := redisstore.NewProtocols(rdb, keys)
	svc, err := protocols.NewService(st, protocols.Options{Key: ed25519.NewKeyFromSeed(bytes.Repeat([]byte{3}, 32))})
	if err != nil {
		t.Fatal(err)
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	w := &protoWorld{rdb: rdb, keys: keys, st: st, now: time.Date(2026, 12, 1, 11, 0, 0, 0, berlin), sess: map[string]*bot.Session{},
		logs: &bytes.Buffer{}, convo: bot.Ref{Platform: "web", Channel: "c-talk"}}
	w.h = &Protocols{Service: svc, Location: berlin, Now: func() time.Time { return w.now },
		Logger: slog.New(slog.NewTextHandler(w.logs, nil))}
	if withMail {
		w.smtp = smtptest.Start(t, smtptest.Options{})
		m, err := mail.NewSMTP(mail.Options{Host: w.smtp.Host, Port: w.smtp.Port, From: "Helpdesk <helpdesk@msp.example>", TLS: mail.TLSNone, Timeout: 10 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		w.h.Mailer = m
	}
	base := knowledge.Embedded()
	w.mux = NewMux(Deps{Classifier: Understander{Classifier: knowledge.NewClassifier(base, knowledge.Options{})}, Knowledge: base, Protocols: w.h})
	return w
}

// run hands one event of user (org acme unless given) to the Mux and
// returns what the bot said.
func (w *protoWorld) run(t *testing.T, ev bot.Event) string {
	t.Helper()
	if ev.Ref.Platform == "" {
		ev.Ref = bot.Ref{Platform: w.convo.Platform, Channel: w.convo.Channel, User: ev.Ref.User}
	}
	if ev.Org == "" {
		ev.Org = "acme"
	}
	key := ev.Ref.ConversationID() + "|" + ev.Ref.User
	if w.sess[key] == nil {
		w.sess[key] = &bot.Session{}
	}
	rw := &protoRW{mu: &w.mu, all: &w.sent, conv: ev.Ref.Conversation()}
	if err := w.mux.Handle(context.Background(), rw, &bot.Request{Event: ev, Session: w.sess[key]}); err != nil {
		t.Fatalf("%s %q: %v", ev.Kind, ev.Text, err)
	}
	var out []string
	for _, s := range rw.mine {
		out = append(out, s.Text)
	}
	return strings.Join(out, "\n")
}

func (w *protoWorld) say(t *testing.T, user, text string) string {
	t.Helper()
	return w.run(t, bot.Event{Kind: bot.KindMessage, Ref: bot.Ref{User: user}, Text: text})
}

func (w *protoWorld) react(t *testing.T, user, message, emoji string) string {
	t.Helper()
	target := w.convo.Conversation()
	target.Message = message
	return w.run(t, bot.Event{Kind: bot.KindReactionAdded, Ref: bot.Ref{User: user}, Emoji: bot.NormalizeEmoji(emoji), Target: target})
}

// lastSignMessage is the latest posted message with a sign button.
func (w *protoWorld) lastSignMessage(t *testing.T) bot.Sent {
	t.Helper()
	w.mu.Lock()
	defer w.mu.Unlock()
	for i := len(w.sent) - 1; i >= 0; i-- {
		if len(w.sent[i].Buttons) > 0 && w.sent[i].Buttons[0].Action == "protocol:sign" {
			return w.sent[i]
		}
	}
	t.Fatal("no protocol was posted for signing")
	return bot.Sent{}
}

func must(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("reply lacks %q:\n%s", w, got)
		}
	}
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

// recordAndSubmit runs the recording dialogue up to the protocol posted
// for signing and returns that message.
func (w *protoWorld) recordAndSubmit(t *testing.T) bot.Sent {
	t.Helper()
	must(t, w.say(t, "anna", "Wir möchten das Planungsgespräch protokollieren"), "PR-26-0001", "Plattform-Identität")
	got := w.say(t, "anna", protoBlock)
	must(t, got, "Notiert in PR-26-0001 (Version 2)", "Entscheidung", "Aufgabe",
		"„Unterzeichner Kunde: Bernd Typed“: Unterzeichner bitte mit Plattform-Identität nennen",
		"Nicht verstanden", "„Das Wetter war schön“", "Noch offen: E-Mail-Adresse von @vera")
	must(t, w.say(t, "anna", "fertig"), "Noch offen: E-Mail-Adresse von @vera")
	must(t, w.say(t, "anna", "E-Mail @vera: Vera.Vogt@erp.example"), "Notiert in PR-26-0001 (Version 3): E-Mail")
	must(t, w.say(t, "anna", "zeigen"), "📝 Entwurf PR-26-0001, Version 3", "Kunde: Muster GmbH – unterschreibt: Anna Becker (@anna)",
		"3. Aufgabe (Herr Vogt, bis 10.12.2026): Testplan schicken", "Datum: 01.12.2026 10:00", "SHA-256: sha256:")
	must(t, w.say(t, "anna", "fertig"), "zur Unterschrift", "Es unterschreiben: Anna Becker (@anna), Vera Vogt (@vera), Paul Pröll (@paul)")
	return w.lastSignMessage(t)
}

func TestProtocolFullFlowInChat(t *testing.T) {
	w := newProtoWorld(t, true)
	ctx := context.Background()
	v3 := w.recordAndSubmit(t)

	// Anyone in the conversation sees it; only named signers can sign.
	must(t, w.react(t, "mallory", v3.Ref.Message, "white_check_mark"), "nicht als Unterzeichner genannt")
	must(t, w.say(t, "mallory", "unterschreiben"), "nicht als Unterzeichner genannt")
	must(t, w.react(t, "anna", v3.Ref.Message, "✅"), "Anna Becker (@anna) hat Version 3 von PR-26-0001 unterschrieben", "Es fehlen noch: Vera Vogt (@vera), Paul Pröll (@paul)")
	must(t, w.react(t, "anna", v3.Ref.Message, "white_check_mark"), "bereits unterschrieben")

	// Vera corrects it: a new version, everyone signs again.
	must(t, w.say(t, "vera", "Protokoll bearbeiten"), "Sie bearbeiten jetzt das Protokoll PR-26-0001 (Version 3)")
	must(t, w.say(t, "vera", "Entscheidung: Ein Rollback ist bis 12 Uhr möglich."), "Notiert in PR-26-0001 (Version 4)",
		"ist jetzt Version 4. Bisherige Unterschriften gelten nicht mehr", "Protokoll PR-26-0001, Version 4 – zur Unterschrift")
	v4 := w.lastSignMessage(t)
	must(t, w.react(t, "anna", v3.Ref.Message, "white_check_mark"), "Diese Nachricht zeigt Version 3 von PR-26-0001, aktuell ist Version 4")

	// Button, command and reaction.
	target := w.convo.Conversation()
	target.Message = v4.Ref.Message
	must(t, w.run(t, bot.Event{Kind: bot.KindButton, Ref: bot.Ref{User: "anna"}, Target: target, Action: "protocol:sign", Value: v4.Buttons[0].Value}),
		"hat Version 4 von PR-26-0001 unterschrieben")
	w.say(t, "vera", "abbrechen")
	must(t, w.say(t, "vera", "unterschreiben"), "Vera Vogt (@vera) hat Version 4")
	got := w.react(t, "paul", v4.Ref.Message, "heavy_check_mark")
	must(t, got, "Das Protokoll PR-26-0001 ist verbindlich: alle Unterzeichner haben Version 4 unterschrieben",
		"als Markdown und PDF per E-Mail erhalten (anna@muster.example, vera.vogt@erp.example, paul@msp.example)")
	must(t, w.say(t, "anna", "Entscheidung: doch anders"), "verbindlich")

	// The e-mail, received by a real SMTP server and read back.
	wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	msgs, err := w.smtp.Wait(wctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(msgs[0].To, ",") != "anna@muster.example,vera.vogt@erp.example,paul@msp.example" {
		t.Fatalf("recipients %v", msgs[0].To)
	}
	m, err := msgs[0].Parse()
	if err != nil {
		t.Fatal(err)
	}
	p, _ := w.h.Service.Get(ctx, "PR-26-0001")
	if m.Subject != "Unterschriebenes Protokoll PR-26-0001: Planungsgespräch ERP-Update" {
		t.Errorf("subject %q", m.Subject)
	}
	var md, pdfData, body []byte
	for _, part := range m.Parts {
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
		t.Fatalf("mail parts: %+v", m.Parts)
	}
	must(t, string(body), p.Hash, "Anna Becker (web:anna)", "mspbot protocol verify PR-26-0001")
	must(t, string(md), "# Protokoll PR-26-0001: Planungsgespräch ERP-Update", p.Hash, "Paul Pröll (web:paul), unterschrieben am",
		"4. Entscheidung: Ein Rollback ist bis 12 Uhr möglich.", "verbindlich")
	text := pdfText(t, pdfData)
	must(t, text, "Planungsgespräch ERP-Update", "Paul Pröll", "Ein Rollback ist bis 12 Uhr möglich.", strings.TrimPrefix(p.Hash, "sha256:")[:32], "Unterschriften")

	// The log records the export; the chat check says it is valid.
	log, _ := w.st.Log(ctx, p.ID)
	if last := log[len(log)-1]; last.Type != protocols.EventExported || !strings.Contains(last.Detail, "sent Markdown and PDF") {
		t.Fatalf("last log entry %+v", last)
	}
	must(t, w.say(t, "anna", "Protokoll prüfen"), "PR-26-0001 geprüft: in Ordnung", "gültige Unterschriften dieser Version: 3")

	// Clients find their own protocols, never another client's.
	must(t, w.say(t, "anna", "Wo finde ich das unterschriebene Protokoll?"), "PR-26-0001 – Planungsgespräch ERP-Update", "verbindlich unterschrieben, als Markdown und PDF per E-Mail an alle Unterzeichner verschickt")
	other := bot.Event{Kind: bot.KindMessage, Ref: bot.Ref{Platform: "web", Channel: "c-beta", User: "bert"}, Org: "beta"}
	other.Text = "Wo finde ich das unterschriebene Protokoll?"
	if got := w.run(t, other); strings.Contains(got, "PR-26-0001") || !strings.Contains(got, "keine Protokolle") {
		t.Fatalf("another client's listing: %s", got)
	}
	for _, ask := range []string{"Protokoll PR-26-0001 zeigen", "Protokoll PR-26-0001 prüfen", "unterschreiben PR-26-0001"} {
		other.Text = ask
		if got := w.run(t, other); strings.Contains(got, "Planungsgespräch") || !strings.Contains(got, "finde ich nicht") {
			t.Fatalf("another client asked %q: %s", ask, got)
		}
	}
	if strings.Contains(w.logs.String(), "Rollback") || strings.Contains(w.logs.String(), "anna@muster") {
		t.Fatalf("protocol content or addresses reached the log:\n%s", w.logs)
	}
}

func TestProtocolWithoutMailSaysSo(t *testing.T) {
	w := newProtoWorld(t, false)
	v := w.recordAndSubmit(t)
	w.react(t, "anna", v.Ref.Message, "white_check_mark")
	w.react(t, "vera", v.Ref.Message, "white_check_mark")
	got := w.react(t, "paul", v.Ref.Message, "white_check_mark")
	must(t, got, "verbindlich", "E-Mail-Versand ist nicht eingerichtet")
	if !strings.Contains(w.logs.String(), "e-mail is not configured") {
		t.Errorf("not logged:\n%s", w.logs)
	}
	log, _ := w.st.Log(context.Background(), "PR-26-0001")
	if last := log[len(log)-1]; last.Type != protocols.EventExported || last.Detail != "not sent: e-mail is not configured" {
		t.Fatalf("last log entry %+v", last)
	}
	if r, _ := w.h.Service.Verify(context.Background(), "PR-26-0001"); !r.OK() {
		t.Fatal(r.Findings)
	}
	// Tampered in Redis: the chat check names it, in German.
	ctx := context.Background()
	d, _ := w.rdb.HGet(ctx, w.keys.Protocol("PR-26-0001"), "d").Result()
	w.rdb.HSet(ctx, w.keys.Protocol("PR-26-0001"), "d", strings.Replace(d, "am Samstag", "am Sonntag", 1))
	must(t, w.say(t, "vera", "Ist das Protokoll PR-26-0001 echt?"), "PR-26-0001 geprüft: Abweichungen gefunden",
		"der Inhalt von PR-26-0001 wurde am Bot vorbei geändert")
}

func TestProtocolEnglishAndReminders(t *testing.T) {
	w := newProtoWorld(t, true)
	must(t, w.say(t, "bob", "Please start a meeting protocol"), "I am starting protocol PR-26-0001")
	got := w.say(t, "bob", "Title: ERP update planning talk\nDate: 2026-12-01 10:00\nSigner client: me Bob Brown bob@client.example\n"+
		"Signer vendor: @vera Vera Vogt vera@erp.example\nAction: Vera by 2026-12-10: send the test plan")
	must(t, got, "Noted in PR-26-0001 (version 2)", "action item")
	must(t, w.say(t, "bob", "done"), "Protocol PR-26-0001, version 2 – for signature", "Signers: Bob Brown (@bob), Vera Vogt (@vera)")
	must(t, w.say(t, "bob", "sign"), "Bob Brown (@bob) signed version 2 of PR-26-0001", "Still to sign: Vera Vogt (@vera)")

	// No reminder before MSPBOT_PROTOCOL_REMINDER has passed, one after, and only once.
	rw := &protoRW{mu: &w.mu, all: &w.sent}
	if n, err := w.h.RemindDue(context.Background(), rw, 24*time.Hour); err != nil || n != 0 {
		t.Fatalf("early reminders: %d %v", n, err)
	}
	w.now = w.now.Add(25 * time.Hour)
	var wg sync.WaitGroup
	var total int
	var mu sync.Mutex
	for range 4 { // four replicas at once
		wg.Go(func() {
			n, err := w.h.RemindDue(context.Background(), rw, 24*time.Hour)
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			total += n
			mu.Unlock()
		})
	}
	wg.Wait()
	if total != 1 || len(rw.mine) != 1 {
		t.Fatalf("%d reminders posted, want exactly 1", total)
	}
	must(t, rw.mine[0].Text, "Reminder: protocol PR-26-0001", "Vera Vogt (@vera)")
	if rw.mine[0].Ref.Channel != "c-talk" {
		t.Fatalf("reminder went to %+v", rw.mine[0].Ref)
	}
	// The reminder itself can be signed with ✅.
	got = w.react(t, "vera", rw.mine[0].Ref.Message, "white_check_mark")
	must(t, got, "Protocol PR-26-0001 is binding", "Every party has received the signed protocol")
	must(t, w.say(t, "bob", "Where can I find the signed protocol?"), "Your protocols:", "PR-26-0001 – ERP update planning talk", "signed and binding")
}

func TestProtocolCommandsAreRecognised(t *testing.T) {
	for _, s := range []string{"unterschreiben", "Ich unterschreibe", "sign", "I sign the protocol", "unterschreiben PR-26-0001",
		"Protokoll prüfen", "verify protocol PR-26-0001", "Wo finde ich das unterschriebene Protokoll?", "Protokoll bearbeiten",
		"Protokoll PR-26-0003 senden", "Wir möchten das Planungsgespräch protokollieren", "Zeig mir das Protokoll"} {
		if !protocolCommand(s) {
			t.Errorf("%q is not recognised as a protocol command", s)
		}
	}
	for _, s := range []string{"Ist mein Monitor im Vertrag?", "Bitte rufen Sie mich zurück", "Design der Webseite", "fertig"} {
		if protocolCommand(s) {
			t.Errorf("%q taken as a protocol command", s)
		}
	}
}

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
			for _, w := range row.Content {
				b.WriteString(w.S)
			}
		}
	}
	return b.String()
}

// openAIServer answers every chat completion with content, the way an
// OpenAI-compatible server does.
func openAIServer(t *testing.T, content string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/chat/completions" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"id": "c1", "object": "chat.completion", "model": "m",
			"choices": []map[string]any{{"index": 0, "finish_reason": "stop", "message": map[string]string{"role": "assistant", "content": content}}}})
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/v1"
}

func TestProtocolDraftFromTranscript(t *testing.T) {
	w := newProtoWorld(t, false)
	must(t, w.say(t, "anna", "Protokoll anlegen"), "PR-26-0001")
	must(t, w.say(t, "anna", "Transkript:\nAnna: Update am Samstag?\nVera: Ja, ich schicke bis 10.12. den Testplan."),
		"nur mit einem eingerichteten Sprachmodell")
	url := openAIServer(t, `{"title":"Planungsgespräch ERP-Update","date":"2026-12-01 10:00","attendees":["Anna","Vera"],`+
		`"items":[{"kind":"decision","text":"Das Update läuft am Samstag."},{"kind":"action","text":"Testplan schicken","owner":"Vera","due":"2026-12-10"}]}`)
	d, err := llmdraft.New(llmdraft.Options{APIKey: "k", BaseURL: url, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	w.h.Drafter = d
	got := w.say(t, "anna", "Transkript:\nAnna: Update am Samstag?\nVera: Ja, ich schicke bis 10.12. den Testplan.")
	must(t, got, "Entwurf aus dem Transkript (2 Punkte", "unterschrieben ist noch nichts", "1. Entscheidung: Das Update läuft am Samstag.",
		"2. Aufgabe (Vera, bis 10.12.2026): Testplan schicken", "Noch offen: Unterzeichner")
	p, _ := w.h.Service.Get(context.Background(), "PR-26-0001")
	if p.State != protocols.StateDraft || len(p.Content.Signers()) != 0 {
		t.Fatalf("the model's draft must stay a draft without signers: %+v", p)
	}
}
