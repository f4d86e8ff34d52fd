package nlu

import (
	"slices"
	"strings"
	"testing"

	"github.com/mspbot/mspbot/tickets"
)

func TestReadPhone(t *testing.T) {
	tests := []struct {
		name, text string
		want       string // E.164; "" with problem set: a number-like text that is not usable
		problem    tickets.PhoneProblem
	}{
		{"Hamburg with spaces", "Bitte Rückruf unter 040 696 450 99", "+494069645099", ""},
		{"mobile with a hyphen", "rufen sie mich bitte zurück 0171-2345678", "+491712345678", ""},
		{"international", "Meine Nummer: +49 40 696450 99", "+494069645099", ""},
		{"international with (0)", "Tel.: +49 (0)40 696 450 99", "+494069645099", ""},
		{"00 prefix, Switzerland", "erreichbar unter 0041 44 668 18 00", "+41446681800", ""},
		{"UK mobile in English", "+44 7911 123456 (UK mobile, I'm travelling)", "+447911123456", ""},
		{"Durchwahl", "Meine Nummer: +49 40 696450 99 Durchwahl -17", "+49406964509917", ""},
		{"DW", "040 696 450 99 DW 23", "+49406964509923", ""},
		{"extension after a hyphen", "Tel. 040 123456-17", "+494012345617", ""},
		{"ext. in English", "call me on +49 40 696450 99 ext. 5", "+4940696450995", ""},
		{"a corrected number", "die nummer ist doch 0171 2345678", "+491712345678", ""},
		{"the first of two numbers", "meine handynummer ist 0151 23456789, festnetz 040 696 450 99", "+4915123456789", ""},
		// probe set O: of two numbers, the kind the client prefers
		{"the mobile preferred", "Festnetz 040 3344556, mobil 0172 9988776 – lieber aufs Handy", "+491729988776", ""},
		{"the landline preferred", "0172 9988776, besser Festnetz 040 3344556", "+49403344556", ""},
		{"the office preferred, in English", "mobile 0172 9988776 or office 040 3344556, office preferred", "+49403344556", ""},
		{"a run-on message", "hallo bitte um rückruf unser drucker im 1. OG druckt nicht mehr mfg peter hansen 0176 98765432", "+4917698765432", ""},
		// probe set AJ: a number corrected in the same message
		{"a typo corrected at once", "my number is 0151 47823916 - sorry typo, 0151 47283916", "+4915147283916", ""},
		{"ein Zahlendreher berichtigt", "Tel 0172 9988767, ich meine 0172 9988776", "+491729988776", ""},
		{"too short", "0171 23", "", tickets.PhoneTooShort},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := read(t, tt.text)
			if m.Phone == nil {
				t.Fatalf("Read(%q).Phone = nil, want %q", tt.text, tt.want)
			}
			if m.Phone.E164 != tt.want {
				t.Errorf("Read(%q).Phone.E164 = %q, want %q", tt.text, m.Phone.E164, tt.want)
			}
			switch {
			case tt.problem == "" && m.Phone.Problem != nil:
				t.Errorf("Read(%q).Phone.Problem = %v, want none", tt.text, m.Phone.Problem)
			case tt.problem != "" && (m.Phone.Problem == nil || m.Phone.Problem.Problem != tt.problem):
				t.Errorf("Read(%q).Phone.Problem = %v, want %s", tt.text, m.Phone.Problem, tt.problem)
			}
			if p := m.Phone; p.start < 0 || p.end > len(tt.text) || p.start >= p.end {
				t.Errorf("Read(%q).Phone is located at [%d:%d]", tt.text, p.start, p.end)
			}
		})
	}
}

func TestReadNoPhone(t *testing.T) {
	for _, text := range []string{
		"am 24.12.2026 um 10 Uhr",
		"zwischen 9:30 und 11:00",
		"Wie ist der Stand von CB-26-0001?",
		"Termin VA-26-0007 bitte absagen",
		"Server SRV-02-1234 startet nicht",
		"Version 12.4.1 auf 3 Rechnern",
		"Nummer 12345",
		"Mail an it-4711@acme.example",
		"Wir sind 25 Leute und haben 2024 umgestellt",
	} {
		if m := read(t, text); m.Phone != nil {
			t.Errorf("Read(%q).Phone = %+v, want none", text, *m.Phone)
		}
	}
}

func TestReadEmails(t *testing.T) {
	tests := []struct {
		name, text string
		want       []Email
	}{
		{"vendor and client by their cues", "Hersteller-Kontakt: support@datev.example, meine E-Mail: it@acme.example",
			[]Email{{"support@datev.example", EmailVendor}, {"it@acme.example", EmailClient}}},
		{"English cues", "vendor contact: jane@vendorco.example, please cc me at bob@client.example",
			[]Email{{"jane@vendorco.example", EmailVendor}, {"bob@client.example", EmailClient}}},
		{"labelled with the vendor's name", "Lexware: service@partner-it.example", []Email{{"service@partner-it.example", EmailVendor}}},
		{"the vendor's own domain", "Sage braucht Zugriff, Ansprechpartner ist bei max@sage.example erreichbar",
			[]Email{{"max@sage.example", EmailVendor}}},
		{"a confirmation for the client", "bitte Bestätigung an buchhaltung@kunde.example", []Email{{"buchhaltung@kunde.example", EmailClient}}},
		{"lower case, trailing period", "meine mail ist Anna.Schmidt@Firma.DE.", []Email{{"anna.schmidt@firma.de", EmailClient}}},
		{"no cue", "kontakt@sage.example", []Email{{"kontakt@sage.example", EmailUnknown}}},
		// probe set S: "Bestätigung an" names no one; the vendor's domain
		// decides, and "mich bitte in CC" is the client
		{"confirmation to the vendor's domain", "Für DATEV bitte einen Termin. Bestätigung an hotline@datev-partner.example, mich bitte in CC: chef@kanzlei-wulf.example",
			[]Email{{"hotline@datev-partner.example", EmailVendor}, {"chef@kanzlei-wulf.example", EmailClient}}},
		{"no address", "schicken Sie es an anna@firma", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := read(t, tt.text).Emails
			if !slices.Equal(got, tt.want) {
				t.Errorf("Read(%q).Emails = %+v, want %+v", tt.text, got, tt.want)
			}
		})
	}
}

func TestFindEmailsAtMostSix(t *testing.T) {
	var b strings.Builder
	for i := range 9 {
		b.WriteString("a")
		b.WriteByte(byte('0' + i))
		b.WriteString("@x.example, ")
	}
	if got := findEmails(b.String(), ""); len(got) != 6 {
		t.Errorf("findEmails of nine addresses gave %d, want 6", len(got))
	}
}

func TestFindPhoneRegion(t *testing.T) {
	// a national number is read in the reader's region
	p, ok := findPhone("Tel. 044 668 18 00", "CH")
	if !ok || p.E164 != "+41446681800" {
		t.Errorf("findPhone in CH = %+v, %v; want +41446681800", p, ok)
	}
	if got := testReader(t).Read("Tel. 044 668 18 00", testNow); got.Phone == nil || got.Phone.E164 == "+41446681800" {
		t.Errorf("the configured region DE read a Swiss national number as Swiss: %+v", got.Phone)
	}
	if _, ok := findPhone("keine Nummer hier", "DE"); ok {
		t.Error("findPhone found a number in text without one")
	}
}
