package nlu

import (
	"strings"
	"testing"
)

// TestReadReplacement: a value replaced by another, said in words without
// naming the item ("bitte 18.12. statt 17.12. eintragen"), is read as a
// replacement (new value To, old value Not), not as a protocol command:
// the router decides whether a protocol is meant.
func TestReadReplacement(t *testing.T) {
	tests := []struct {
		text    string
		to, not string
	}{
		{"moment, wir schaffen das erst einen tag später. bitte 18.12. statt 17.12. eintragen", "18.12.", "17.12."},
		{"Bitte 14 Uhr anstatt 13 Uhr eintragen.", "14 Uhr", "13 Uhr"},
		{"Sonntag statt Samstag bitte", "Sonntag", "Samstag"},
		{"bitte den 17.12. durch den 19.12. ersetzen", "19.12.", "17.12."},
		{"ersetzen Sie bitte SRV-01 durch SRV-02", "SRV-02", "SRV-01"},
		{"Sorry, das klappt so nicht – 9 bis 11 Uhr bitte durch 13 bis 15 Uhr ersetzen", "13 bis 15 Uhr", "9 bis 11 Uhr"},
		{"bitte am 18.12. statt am 17.12.", "18.12.", "17.12."},
		{"nicht am 17.12., sondern am 18.12.", "18.12.", "17.12."},
		{"das Update ist nicht am Montag sondern am Dienstag", "Dienstag", "Montag"},
		{"please change 17 December to 18 December", "18 December", "17 December"},
		{"please put 10am instead of 9am", "10am", "9am"},
		{"make it Friday, not Thursday", "Friday", "Thursday"},
		{"replace SRV-01 with SRV-02 please", "SRV-02", "SRV-01"},
		{"ändern Sie bitte 9 Uhr auf 10 Uhr", "10 Uhr", "9 Uhr"},
	}
	for _, tt := range tests {
		m := read(t, tt.text)
		if m.Replacement == nil || m.Replacement.To != tt.to || m.Replacement.Not != tt.not {
			t.Errorf("Read(%q): replacement %+v; want %q instead of %q", tt.text, m.Replacement, tt.to, tt.not)
			continue
		}
		if m.Protocol != ProtoNone {
			t.Errorf("Read(%q): protocol command %q; want none (a replacement alone)", tt.text, m.Protocol)
		}
	}
	for _, s := range []string{
		"Warum muss ich statt anrufen hier schreiben?",
		"Der Drucker druckt nicht",
		"please change the decision to 9am to 12pm, not 1pm",
		"I'm fine, not urgent",
		"change it to Friday",
		// the item is named, not a value in it (probe set E)
		"Bitte die Entscheidung auf 9 bis 12 Uhr ändern.",
		"Punkt 2 auf Freitag ändern",
	} {
		if m := read(t, s); m.Replacement != nil {
			t.Errorf("Read(%q): replacement %+v; want none", s, m.Replacement)
		}
	}
}

// TestReadProtocolStatus: a question whether the protocol is binding or
// who still has to sign asks for its status.
func TestReadProtocolStatus(t *testing.T) {
	for _, s := range []string{
		"is the protocol binding now?",
		"Is it binding now?",
		"ist das Protokoll jetzt verbindlich?",
		"ist das Protokoll jetzt gültig?",
		"Ist PR-26-0004 schon verbindlich?",
		"sind alle Unterschriften da?",
		"Haben jetzt alle unterschrieben?",
		"has everyone signed?",
		"have all signers signed the protocol?",
		"Wer muss noch unterschreiben?",
		"who still has to sign?",
		"Fehlen noch Unterschriften?",
		"are all the signatures in?",
		"is the protocol fully signed now?",
	} {
		if m := read(t, s); m.Protocol != ProtoStatus {
			t.Errorf("Read(%q): protocol %q; want %q", s, m.Protocol, ProtoStatus)
		}
	}
	for s, want := range map[string]ProtocolCmd{
		"ist das protokoll so jetzt noch gültig?": ProtoVerify,
		"Protokoll PR-26-0004 prüfen":             ProtoVerify,
		"is the protocol still valid?":            ProtoVerify,
		"Ist der Termin VA-26-0003 verbindlich?":  ProtoNone,
		"unterschreiben":                          ProtoSign,
	} {
		if m := read(t, s); m.Protocol != want {
			t.Errorf("Read(%q): protocol %q; want %q", s, m.Protocol, want)
		}
	}
}

// TestReadSignAgain: signing again after a change is a signature.
func TestReadSignAgain(t *testing.T) {
	for _, s := range []string{"ok dann nochmal unterschreiben", "ich unterschreibe erneut", "sign again", "noch einmal unterschreiben bitte", "ok, I sign again"} {
		if m := read(t, s); m.Protocol != ProtoSign {
			t.Errorf("Read(%q): protocol %q; want %q", s, m.Protocol, ProtoSign)
		}
	}
}

// TestReadOralAsk: a question whether an agreement made orally or on the
// phone is enough.
func TestReadOralAsk(t *testing.T) {
	for _, s := range []string{
		"Wir haben mit dem Techniker von Addison am Telefon mündlich ausgemacht, dass er nächste Woche irgendwann auf den Server darf. Reicht das so für euch?",
		"Das haben wir mündlich mit dem Hersteller vereinbart, reicht das?",
		"Ich hab das telefonisch mit DATEV abgesprochen – genügt das?",
		"We agreed on the phone with the vendor that he can log in on Friday. Is that enough?",
		"The technician and I made a verbal agreement, is that ok for you?",
		"Mit Herrn Krämer ist alles mündlich abgemacht. Passt das so?",
		"we settled it over the phone with Sage, is that sufficient?",
	} {
		if m := read(t, s); !m.OralAsk {
			t.Errorf("Read(%q): not read as asking whether an oral agreement suffices", s)
		}
	}
	for _, s := range []string{
		"Warum reicht eine mündliche Absprache mit euch nicht?",
		"Why isn't a phone agreement enough?",
		"Wir haben mündlich ausgemacht, dass er am Freitag kommt.",
		"Können Sie mich telefonisch zurückrufen?",
		"Reicht es, wenn ich das per E-Mail schicke?",
	} {
		if m := read(t, s); m.OralAsk {
			t.Errorf("Read(%q): read as asking whether an oral agreement suffices", s)
		}
	}
}

// TestReadWishAboveLines: a request in words above the protocol's lines
// ("ok dann halten wir das schriftlich fest:") is not one of its lines.
func TestReadWishAboveLines(t *testing.T) {
	for _, s := range []string{
		"ok dann halten wir das schriftlich fest:\nTitel: Absprache Server-Zugang\nUnterzeichner: ich\nVereinbarung: Zugang am 17.12.",
		"ok then let's put it in writing:\nTitle: Sage server access\nSigners: me\nAgreement: access on 2026-12-08",
		"können sie das bitte als protokoll festhalten?\nTitel: Abstimmung\nUnterzeichner Kunde: ich\nVereinbarung: Update am 17.12.",
	} {
		m := read(t, s)
		if m.Protocol != ProtoLines || !m.ProtocolBlock() || strings.HasPrefix(m.ProtocolBody, firstLine(s)) {
			t.Errorf("Read(%q): protocol %q body %q", s, m.Protocol, m.ProtocolBody)
		}
	}
}

// TestReadSignerAdded: a signer line after a sentence, or a signer added
// in words, is a protocol line.
func TestReadSignerAdded(t *testing.T) {
	for _, s := range []string{
		"Moment, Herr Krämer von Addison muss auch unterschreiben. Unterzeichner Hersteller: @vendor m.kraemer@addison-partner.example",
		"Bitte noch @vera als Unterzeichnerin hinzufügen.",
		"please add @vera as a signer too",
		"@vera soll auch unterschreiben",
		"Add @sam to the signers, please.",
	} {
		if m := read(t, s); m.Protocol != ProtoLines || len(m.Mentions) == 0 {
			t.Errorf("%q: %q, mentions %v, body %q", s, m.Protocol, m.Mentions, m.ProtocolBody)
		}
	}
	if m := read(t, "Herr Krämer von Addison muss auch an den Server."); m.Protocol != ProtoNone {
		t.Errorf("a vendor's access read as %q", m.Protocol)
	}
}

// TestReadProtocolStays: whether a change or remark changes the
// (original, signed) protocol, or whether it stays as it was.
func TestReadProtocolStays(t *testing.T) {
	for _, s := range []string{
		"Und das ursprüngliche Protokoll bleibt so, wie es war?",
		"Gilt das alte Protokoll weiter?",
		"Ändert meine Anmerkung etwas am Protokoll?",
		"Does my remark change anything in the signed protocol?",
		"So the original minutes stay as they were?",
		"What happens to the signed version?",
		"Bleibt die unterschriebene Fassung gültig?",
	} {
		if m := read(t, s); m.Protocol != ProtoStays {
			t.Errorf("%q: %q", s, m.Protocol)
		}
	}
	for _, s := range []string{"Bleibt der Termin so?", "Ist das Protokoll jetzt verbindlich?", "Protokoll PR-26-0001 prüfen"} {
		if m := read(t, s); m.Protocol == ProtoStays {
			t.Errorf("%q read as stays", s)
		}
	}
}
