package nlu

import "testing"

// TestVendorAskRuleWordsInRequest: a rule word in a concrete request that
// asks nothing ("no idea why") leaves it a booking; asked, it is a rule
// question; "an einen unserer Server" asks for access.
func TestVendorAskRuleWordsInRequest(t *testing.T) {
	for _, tc := range []struct {
		text string
		want VendorAsk
	}{
		{"Hi, the guys from proALPHA want to get on ERP-DB-01 on 17 March from 9 to 2 for a database upgrade. They want admin rights, no idea why, that's just what they said.", VendorBooking},
		{"DATEV muss am 17.3. von 9 bis 11 auf SRV-01 für das Jahresupdate, mit Adminrechten, keine Ahnung warum.", VendorBooking},
		{"DATEV needs SRV-01 on 17 March 9-11 for the annual update. Why do they need a week's notice?", VendorQuestion},
		{"Warum muss DATEV für SRV-01 am 17.3. eine Woche vorher angemeldet werden", VendorQuestion},
		{"DATEV braucht dauerhaft Zugriff auf SRV-01, ab 17.3.", VendorQuestion},
		{"Guten Tag, der Hersteller Addison muss demnächst an einen unserer Server.", VendorBooking},
	} {
		if got := read(t, tc.text).VendorAsk; got != tc.want {
			t.Errorf("%q: %q, want %q", tc.text, got, tc.want)
		}
	}
}

// TestAdminReasonStopsBeforeAddresses: the reason does not run on into
// the sentence with the e-mail addresses; a reason with abbreviations
// stays whole.
func TestAdminReasonStopsBeforeAddresses(t *testing.T) {
	m := read(t, "They do need admin rights because the installer registers new Windows services. Please send the invite to me at r@x.example.")
	if m.AdminReason != "the installer registers new Windows services" {
		t.Errorf("reason %q", m.AdminReason)
	}
	m = read(t, "Er braucht Adminrechte, weil das Setup z. B. Dienste registriert. Danke!")
	if m.AdminReason != "das Setup z. B. Dienste registriert. Danke" {
		t.Errorf("reason %q", m.AdminReason)
	}
}

// TestSpanRead: "end of next week" is a span, not a window of one day.
func TestSpanRead(t *testing.T) {
	m := read(t, "SAP must patch APP-01 at the end of next week, about 2 hours")
	if m.When.Window != nil || m.When.Span == nil || m.When.Span.Start.Day() != 19 || m.VendorAsk != VendorBooking {
		t.Errorf("when %+v, ask %q", m.When, m.VendorAsk)
	}
}

// TestWaitIsNoLength: "give me a minute", "Moment bitte, eine Minute"
// ask the bot to wait; they are no length of anything. A length said as
// such still is one.
func TestWaitIsNoLength(t *testing.T) {
	for _, s := range []string{
		"I don't have their technician's address yet, give me a minute, I'm asking them.",
		"just a minute please",
		"hang on a sec, one moment",
		"Moment bitte, eine Minute, ich frage beim Hersteller nach.",
		"Gib mir zwei Minuten, ich suche die Adresse raus.",
		"Einen Augenblick, ich schaue kurz nach.",
	} {
		if d := read(t, s).When.Duration; d != nil {
			t.Errorf("%q: length %+v", s, *d)
		}
	}
	for _, s := range []string{"about 30 minutes", "ca. eine Stunde", "it takes a minute or 45 at most"} {
		if read(t, s).When.Duration == nil {
			t.Errorf("%q: no length", s)
		}
	}
}

// TestApptStateWords: whether an appointment is fixed, final, settled or
// binding yet asks its state.
func TestApptStateWords(t *testing.T) {
	for _, s := range []string{
		"Is that appointment fixed now?",
		"Is the appointment final yet?",
		"Is our booking settled now?",
		"Is the slot locked in?",
		"Is the appointment definite?",
		"Steht der Termin jetzt fest?",
		"Ist der Termin schon verbindlich?",
		"Ist der Termin jetzt fix?",
		// probe set K
		"Which vendor visits do we have coming up?",
		"Welche Herstellertermine stehen bei uns an?",
	} {
		if m := read(t, s); m.VendorAsk != VendorStatus || !m.AsksState {
			t.Errorf("%q: ask %q, asks state %v", s, m.VendorAsk, m.AsksState)
		}
	}
}

// TestFixIsNoStateWord: the English verb "fix" asks no state, and "can I
// cancel it later?" asks whether it can be withdrawn (probe set F).
func TestFixIsNoStateWord(t *testing.T) {
	for _, s := range []string{"Can I cancel it later if we fix it ourselves?", "Could you fix the printer?"} {
		if m := read(t, s); m.AsksState {
			t.Errorf("%q reads as asking a state", s)
		}
	}
	if m := read(t, "Can I cancel it later if we fix it ourselves?"); !m.AsksCanCancel {
		t.Errorf("\"can I cancel it later\" does not ask whether it can be withdrawn")
	}
	for _, s := range []string{"Ist das jetzt fix?", "Ist der Termin schon fix?", "ist das fix?"} {
		if m := read(t, s); !m.AsksState {
			t.Errorf("%q does not read as asking a state", s)
		}
	}
}
