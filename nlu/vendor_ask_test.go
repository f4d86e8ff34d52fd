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
