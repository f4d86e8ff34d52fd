package handlers

import "testing"

func TestVendorMessageReaders(t *testing.T) {
	cases := []struct {
		text, vendor, system string
	}{
		{"Der Hersteller DATEV muss auf unseren Server SRV-01", "DATEV", "SRV-01"},
		{"Vendor Autodesk needs access to server LIC-01", "Autodesk", "LIC-01"},
		{"Die Firma Mustersoft GmbH braucht Zugriff auf den Terminalserver TS02", "Mustersoft GmbH", "TS02"},
		{"lexware soll auf dc01 ein update machen", "Lexware", ""},
		{"Unser Softwarehaus „Kanzlei-Pro“ kommt auf FIBU-SRV3", "Kanzlei-Pro", "FIBU-SRV3"},
		{"The vendor is Sage and the system is app01.acme.local", "Sage", "app01.acme.local"},
	}
	for _, c := range cases {
		if got := findVendor(c.text); got != c.vendor {
			t.Errorf("findVendor(%q) = %q, want %q", c.text, got, c.vendor)
		}
		if got := findSystem(c.text); got != c.system {
			t.Errorf("findSystem(%q) = %q, want %q", c.text, got, c.system)
		}
	}
}

func TestVendorEmailsByContext(t *testing.T) {
	cases := []struct{ text, vendorWord, vm, cm string }{
		{"Hersteller-Kontakt: a@datev.example, meine E-Mail: b@acme.example", "DATEV", "a@datev.example", "b@acme.example"},
		{"my e-mail is me@acme.example and the vendor's technician is tech@sage.example", "Sage", "tech@sage.example", "me@acme.example"},
		{"support@datev.example", "DATEV", "support@datev.example", ""},
	}
	for _, c := range cases {
		vm, cm, _ := findEmails(c.text, c.vendorWord)
		if vm != c.vm || cm != c.cm {
			t.Errorf("findEmails(%q) = %q, %q; want %q, %q", c.text, vm, cm, c.vm, c.cm)
		}
	}
	if _, _, other := findEmails("a@x.example b@y.example", ""); len(other) != 2 {
		t.Errorf("addresses without context: %v", other)
	}
}

func TestVendorPickAdminAndKinds(t *testing.T) {
	for text, want := range map[string]int{"1": 1, "Nummer 2 bitte": 2, "den dritten": 3, "the second one": 2, "option 3": 3, "4": 0, "am 2.12.": 0, "ja": 0} {
		if got := pickNumber(text); got != want {
			t.Errorf("pickNumber(%q) = %d, want %d", text, got, want)
		}
	}
	for text, want := range map[string][2]bool{
		"ohne Adminrechte":                          {false, true},
		"keine Administratorrechte nötig":           {false, true},
		"no admin rights needed":                    {false, true},
		"braucht Adminrechte, weil er Dienste neu…": {true, false},
		"with admin rights":                         {true, false},
		"für das Jahresupdate":                      {false, false},
	} {
		need, none, _ := findAdmin(text)
		if need != want[0] || none != want[1] {
			t.Errorf("findAdmin(%q) = %v, %v; want %v", text, need, none, want)
		}
	}
	if _, _, reason := findAdmin("Er braucht Adminrechte, weil der Installer einen Dienst registriert"); reason != "der Installer einen Dienst registriert" {
		t.Errorf("reason %q", reason)
	}
	bookings := []string{
		"Der Hersteller muss sofort auf unseren Server",
		"Hersteller Agenda soll jeden ersten Dienstag im Monat 9–11 Uhr auf SRV-02 die Wartung machen",
		"Can DATEV get access to server APP01 next Wednesday?",
	}
	for _, b := range bookings {
		if !LooksLikeBooking(b) {
			t.Errorf("LooksLikeBooking(%q) = false", b)
		}
	}
	questions := []string{
		"Warum muss der Hersteller-Zugriff 7 Tage vorher geplant werden?",
		"Why can't the vendor have admin rights on our server?",
		"Ist die Betreuung von DATEV im Vertrag enthalten?",
		"Ist der Zugriff des Herstellers auf den Server am Wochenende im Vertrag?",
		"Does the contract cover the vendor's access to our server?",
	}
	for _, q := range questions {
		if LooksLikeBooking(q) {
			t.Errorf("LooksLikeBooking(%q) = true", q)
		}
	}
	for _, q := range []string{"What are my vendor appointments?", "Welche Herstellertermine haben wir?", "Wie ist der Stand meiner Herstellertermine?", "show me our appointments"} {
		if !vendorStatusAskRE.MatchString(q) {
			t.Errorf("status question %q not recognised", q)
		}
	}
	if !isWorkstationHelp("Darf der DATEV-Support unserer Buchhalterin am Arbeitsplatz per Fernhilfe etwas zeigen?") ||
		isWorkstationHelp("Der DATEV-Support muss auf den Server für ein Update") {
		t.Error("workstation help misread")
	}
}

// BenchmarkLooksLikeBooking: the booking test runs on every policy and
// coverage question, next to the classifier (13–19 µs).
func BenchmarkLooksLikeBooking(b *testing.B) {
	msgs := []string{
		"Ist das Einspielen von Windows-Updates auf unseren Servern im Vertrag enthalten?",
		"Mein Monitor ist kaputt, wird der im Rahmen des Vertrags ersetzt?",
		"Is setting up a new branch office network covered or a project?",
		"Warum muss der Hersteller-Zugriff 7 Tage vorher geplant werden?",
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		LooksLikeBooking(msgs[i%len(msgs)])
	}
}
