package handlers

import (
	"strings"
	"testing"

	"github.com/mspbot/mspbot/bot"
)

// TestWebChatSignsByButtonNotReaction: the web chat page has no reactions,
// so a protocol put up for signing there names the button instead of ✅
// (German and English), and the button signs; the JSON API, which takes
// reactions, keeps the ✅ text.
func TestWebChatSignsByButtonNotReaction(t *testing.T) {
	for _, tc := range []struct {
		lang, start, block, done, again, button string
	}{
		{"en", "Please start a meeting protocol",
			"Title: ERP update planning talk\nDate: 2026-12-01 10:00\nSigner client: me Bob Brown bob@client.example\nAction: Vera by 2026-12-10: send the test plan",
			"done", "protocol PR-26-0001 done", `To sign: press "Sign" or write "sign".`},
		{"de", "Wir möchten das Planungsgespräch protokollieren",
			"Titel: Planungsgespräch ERP-Update\nDatum: 01.12.2026 10:00\nUnterzeichner Kunde: ich Anna Becker anna@muster.example\nAufgabe: Herr Vogt bis 10.12.: Testplan schicken",
			"fertig", "Protokoll PR-26-0001 fertig", "Zum Unterschreiben: die Schaltfläche „Unterschreiben“ drücken oder „unterschreiben“ schreiben."},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			w := newWorld(t, worldOptions{})
			v := w.visitor("v-" + tc.lang)
			v.say(tc.start)
			v.say(tc.block)
			r := v.say(tc.done)
			contains(t, r.text, tc.button)
			lacks(t, r.text, "✅")
			sign := w.signMessage(v.ref.Channel)
			if len(sign.Buttons) != 1 || sign.Buttons[0].Action != "protocol:sign" {
				t.Fatalf("sign message buttons %+v", sign.Buttons)
			}
			// Submitting again points at the message above, again by its button.
			again := v.say(tc.again)
			contains(t, again.text, tc.button[:strings.Index(tc.button, ":")])
			lacks(t, again.text, "✅")
			if b := again.all[len(again.all)-1].Buttons; len(b) != 1 || b[0].Action != "protocol:sign" {
				t.Fatalf("repeated submission buttons %+v", b)
			}
			signed := w.press(v.user, sign.Ref, sign.Buttons[0])
			contains(t, signed.text, "PR-26-0001")
			if rec := signed.record(); rec == nil || rec.State != "complete" {
				t.Fatalf("after the button: record %+v\n%s", rec, signed.text)
			}

			// The JSON API takes reactions: its text is unchanged.
			api := newWorld(t, worldOptions{})
			bob := api.in("c-talk", "bob")
			bob.say(tc.start)
			bob.say(tc.block)
			contains(t, bob.say(tc.done).text, "✅")
		})
	}
}

// TestWebChatOffersSlotsAsButtons: on the web chat page the proposed vendor
// slots come with one button each, labelled as listed, whose value is the
// number the text asks for; typing that number (what the page sends for the
// button) holds the slot. Elsewhere the proposals stay text.
func TestWebChatOffersSlotsAsButtons(t *testing.T) {
	request := []string{
		"Der Hersteller DATEV muss auf unseren Server SRV-01 für das Jahresupdate, ca. 2 Stunden, keine Adminrechte.",
		"Hersteller: support@datev.example, meine Adresse: it@acme.example",
		"am 2.12. von 9 bis 11 Uhr",
	}
	w := newWorld(t, worldOptions{})
	v := w.visitor("v-anna")
	var r reply
	for _, text := range request {
		r = v.say(text)
	}
	expectAsk(t, r, "vendor", "pick")
	last := r.all[len(r.all)-1]
	if len(last.Buttons) == 0 {
		t.Fatalf("proposals without buttons: %q", last.Text)
	}
	for i, b := range last.Buttons {
		n := string(rune('1' + i))
		if b.Action != ReplyAction || b.Value != n || !strings.HasPrefix(b.Label, n+") ") || !strings.Contains(last.Text, b.Label) {
			t.Errorf("button %d = %+v; want action %q, value %q and the label as listed in %q", i, b, ReplyAction, n, last.Text)
		}
	}
	if last.Buttons[0].Label != "1) Mittwoch, 02.12., 09:00–11:00 Uhr" {
		t.Errorf("first slot button %q", last.Buttons[0].Label)
	}
	held := v.say(last.Buttons[0].Value)
	contains(t, held.text, "vorgemerkt", "VA-26-0001")
	if rec := held.record(); rec == nil || rec.Kind != "vendor" || rec.State != "pending" {
		t.Fatalf("held record %+v", rec)
	}

	api := newWorld(t, worldOptions{})
	anna := api.client("anna")
	for _, text := range request {
		r = anna.say(text)
	}
	expectAsk(t, r, "vendor", "pick")
	if b := r.all[len(r.all)-1].Buttons; len(b) != 0 {
		t.Errorf("the JSON API got slot buttons %+v", b)
	}
	_ = bot.Button{}
}
