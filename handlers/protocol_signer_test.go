package handlers

import (
	"slices"
	"testing"

	"github.com/mspbot/mspbot/protocols"
)

// signerBlock is a protocol of Anna alone, her the only signer.
const signerBlock = `Protokoll anlegen
Titel: Einführung Zeiterfassung
Datum: 01.12.2026 14:00
Kunde: Brückner Metallbau
Hersteller: Addison
Unterzeichner Kunde: ich anna@muster.example
Vereinbarung: Der Hersteller richtet die Zeiterfassung ein.`

// TestProtocolSignerAddedWhileSigning: a signer added after the draft was
// put up for signing, in a signer line after a sentence or in words, makes
// a new version with them, put up for everyone's signature; it is no
// vendor booking.
func TestProtocolSignerAddedWhileSigning(t *testing.T) {
	for _, add := range []string{
		"Moment, Herr Vogt von Addison muss auch unterschreiben. Unterzeichner Hersteller: @vera vera@erp.example",
		"Bitte noch @vera als Unterzeichnerin hinzufügen.",
		"please add @vera as a signer too",
	} {
		t.Run(add[:12], func(t *testing.T) {
			w := newWorld(t, worldOptions{})
			anna := w.in("c-talk", "anna")
			contains(t, anna.say(signerBlock).text, "PR-26-0001")
			contains(t, anna.say("fertig").text, "Version 2")
			r := anna.say(add)
			contains(t, r.text, "Version 3")
			if m := r.meta(); m.Intent != "protocol" || slices.Contains(m.Asks, "confirm") {
				t.Errorf("intent %q asks %v", m.Intent, m.Asks)
			}
			p := w.protocol("PR-26-0001")
			if p.Version != 3 || p.State != protocols.StateSigning ||
				!slices.ContainsFunc(p.Content.Signers(), func(s protocols.Signer) bool { return s.ID.User == "vera" }) {
				t.Fatalf("version %d, %s, signers %+v", p.Version, p.State, p.Content.Signers())
			}
		})
	}
}

// TestProtocolStaysWhenBinding: asked whether a change or remark changes
// the binding protocol, the bot says it stays unchanged in its signed
// version and a change becomes an amendment (named when there is one);
// before it is binding, that a change makes a new version.
func TestProtocolStaysWhenBinding(t *testing.T) {
	w := newWorld(t, worldOptions{})
	anna := w.in("c-talk", "anna")
	anna.say(signerBlock)
	anna.say("fertig")
	r := anna.say("Ändert meine Anmerkung etwas am Protokoll?")
	contains(t, r.text, "PR-26-0001", "neue Version")
	contains(t, anna.say("unterschreiben").text, "verbindlich")

	r = anna.say("Does my remark change anything in the signed protocol?")
	contains(t, r.text, "PR-26-0001", "unchanged", "amendment")
	contains(t, anna.say("bitte die Vereinbarung ändern: Der Hersteller richtet die Zeiterfassung im Januar ein.").text, "Nachtrag PR-26-0002")
	for _, q := range []string{
		"Und das ursprüngliche Protokoll bleibt so, wie es war?",
		"Gilt das alte Protokoll weiter?",
	} {
		r = anna.say(q)
		contains(t, r.text, "PR-26-0001", "unverändert", "Version 2", "Nachtrag PR-26-0002")
		if r.record() != nil && r.record().ID == "PR-26-0003" {
			t.Fatalf("%q filed a protocol", q)
		}
	}
	if p := w.protocol("PR-26-0001"); p.Version != 2 || p.State != protocols.StateComplete {
		t.Fatalf("the binding protocol changed: version %d, %s", p.Version, p.State)
	}
}
