package handlers

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzVendorReaders feeds any text to the readers of a vendor-access
// message: none may panic, and what they return is valid UTF-8 (for valid
// input), bounded and taken from the message.
func FuzzVendorReaders(f *testing.F) {
	for _, s := range []string{
		"Der Hersteller DATEV muss auf unseren Server SRV-01, etwa 2 Stunden, ohne Adminrechte. Hersteller-Kontakt: support@datev.example, meine E-Mail: it@acme.example",
		"Vendor Autodesk needs admin rights on LIC-01 because the licence service runs as a system service",
		"Die Firma Mustersoft GmbH braucht Zugriff auf den Terminalserver TS02 nächsten Dienstag um 10 Uhr",
		"Nummer 2 bitte", "den zweiten", "option 3", "VA-26-0001 absagen",
		"Hersteller: „", "server: ", "a@b.cc a@b.cc a@b.cc a@b.cc a@b.cc", "@@@.de",
		"firma " + strings.Repeat("A", 500), "\xff\xfe Hersteller \x00 SRV-01",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		valid := utf8.ValidString(text)
		check := func(name, got string, maxRunes int) {
			t.Helper()
			if valid && !utf8.ValidString(got) {
				t.Fatalf("%s(%q) = %q: not UTF-8", name, text, got)
			}
			if utf8.RuneCountInString(got) > maxRunes {
				t.Fatalf("%s(%q) = %d characters, limit %d", name, text, utf8.RuneCountInString(got), maxRunes)
			}
		}
		check("findVendor", findVendor(text), 60)
		sys := findSystem(text)
		check("findSystem", sys, 60)
		if valid && sys != "" && !strings.Contains(text, sys) && !strings.Contains(strings.ToLower(text), strings.ToLower(sys)) {
			t.Fatalf("findSystem(%q) = %q, which the message does not contain", text, sys)
		}
		check("findPurpose", findPurpose(text), 120)
		need, none, reason := findAdmin(text)
		if need && none {
			t.Fatalf("findAdmin(%q): both needed and not needed", text)
		}
		if !need && reason != "" {
			t.Fatalf("findAdmin(%q): a reason %q without a need", text, reason)
		}
		check("findAdmin reason", reason, 300)
		vm, cm, other := findEmails(text, findVendor(text))
		if len(other) > 4 {
			t.Fatalf("findEmails(%q): %d other addresses, at most 4 are read", text, len(other))
		}
		for _, a := range append([]string{vm, cm}, other...) {
			check("findEmails", a, len(text))
			if a != "" && (!strings.Contains(a, "@") || !strings.Contains(strings.ToLower(text), a)) {
				t.Fatalf("findEmails(%q) gave %q, not an address of the message", text, a)
			}
		}
		if n := pickNumber(text); n < 0 || n > 3 {
			t.Fatalf("pickNumber(%q) = %d, want 0-3", text, n)
		}
		_ = LooksLikeBooking(text)
		_ = isWorkstationHelp(text)
		if v, ok := bareValue(text, 6); ok {
			check("bareValue", v, 120)
		}
	})
}
