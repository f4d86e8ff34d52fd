package tickets

import (
	"errors"
	"testing"
)

func TestParsePhone(t *testing.T) {
	same := []string{"040 696 450 99", "+49 40 69645099", "040/69645099", "0049 40 696 450 99", "(040) 696-450-99", "040.696 450 99"}
	for _, in := range same {
		got, err := ParsePhone(in, "DE")
		if err != nil || got != "+494069645099" {
			t.Errorf("ParsePhone(%q) = %q, %v; want +494069645099", in, got, err)
		}
	}
	bad := map[string]PhoneProblem{"040 12": PhoneTooShort, "12": PhoneTooShort, "+49 40 696450991234567": PhoneTooLong, "abc": PhoneTooShort}
	for in, want := range bad {
		_, err := ParsePhone(in, "DE")
		var pe *PhoneError
		if !errors.As(err, &pe) || pe.Problem != want || !errors.Is(err, ErrPhone) {
			t.Errorf("ParsePhone(%q) error = %v, want %s", in, err, want)
		}
	}
	if got, err := ParsePhone("+44 20 7946 0958", "DE"); err != nil || got != "+442079460958" {
		t.Errorf("foreign number: %q %v", got, err)
	}
	if got := FormatPhone("+494069645099", "DE"); got != "040 69645099" {
		t.Errorf("FormatPhone = %q", got)
	}
}

func TestFindPhone(t *testing.T) {
	cases := []struct {
		text, want string
		found      bool
		problem    PhoneProblem
	}{
		{"Bitte rufen Sie mich unter 0170 1234567 zurück", "+491701234567", true, ""},
		{"meine nummer: +49 40 69645099, am besten morgen", "+494069645099", true, ""},
		{"call me on 040 696 450 99 tomorrow between 9 and 11", "+494069645099", true, ""},
		{"morgen zwischen 9 und 11 Uhr", "", false, ""},
		{"am 3.12. ab 14:30", "", false, ""},
		{"Ticket CB-26-0042 bitte", "", false, ""},
		{"die Nummer ist 040 12", "", true, PhoneTooShort},
	}
	for _, tc := range cases {
		got, found, err := FindPhone(tc.text, "DE")
		if got != tc.want || found != tc.found {
			t.Errorf("FindPhone(%q) = %q, %v, %v; want %q, %v", tc.text, got, found, err, tc.want, tc.found)
		}
		var pe *PhoneError
		if tc.problem != "" && (!errors.As(err, &pe) || pe.Problem != tc.problem) {
			t.Errorf("FindPhone(%q) error %v, want %s", tc.text, err, tc.problem)
		}
	}
}

func FuzzFindPhone(f *testing.F) {
	for _, s := range []string{"040 696 450 99", "+49 40", "0000000000000000000000", "\xff\xfe 040", "(((((1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e164, found, err := FindPhone(s, "DE")
		if e164 != "" && (err != nil || !found || e164[0] != '+') {
			t.Fatalf("FindPhone(%q) = %q, %v, %v", s, e164, found, err)
		}
		if err != nil && !errors.Is(err, ErrPhone) {
			t.Fatalf("FindPhone(%q) error %v does not wrap ErrPhone", s, err)
		}
	})
}

// TestLocatePhonesAndKinds: every usable number of a text in order, and
// which of them is a mobile number (for "lieber aufs Handy").
func TestLocatePhonesAndKinds(t *testing.T) {
	got := LocatePhones("Festnetz 040 3344556, mobil 0172 9988776, Fax 040 12", "DE")
	if len(got) != 2 || got[0].E164 != "+49403344556" || got[1].E164 != "+491729988776" {
		t.Fatalf("LocatePhones = %+v", got)
	}
	if IsMobile(got[0].E164) || !IsMobile(got[1].E164) {
		t.Errorf("IsMobile: landline %v, mobile %v", IsMobile(got[0].E164), IsMobile(got[1].E164))
	}
	if IsMobile("not a number") {
		t.Error("IsMobile of garbage is true")
	}
}

// TestLookalikeLetterInNumber: a number that runs into a letter looking
// like a digit ("7O" for "70") is said back as not usable rather than cut
// short before the letter (probe set P); a word after a number is not.
func TestLookalikeLetterInNumber(t *testing.T) {
	for _, text := range []string{"Maria Stein, 040 123 456 7O, am Donnerstag", "040 123 4O6 78", "Tel 0171 2345678l"} {
		m, ok := LocatePhone(text, "DE")
		var pe *PhoneError
		if !ok || m.E164 != "" || !errors.As(m.Err, &pe) || pe.Problem != PhoneInvalid {
			t.Errorf("LocatePhone(%q) = %+v, %v; want an invalid number said back", text, m, ok)
		}
	}
	for _, text := range []string{"ruf 0171 2345678 Olaf", "040 696 450 99 lol"} {
		if m, ok := LocatePhone(text, "DE"); !ok || m.E164 == "" {
			t.Errorf("LocatePhone(%q) = %+v, %v; want the number", text, m, ok)
		}
	}
}

// TestRemarkInBracketsAfterNumber: digits in a bracket opened after the
// number are a remark, not more of it ("040 309987-215 (215 is my
// extension)" was filed with 215 twice, probe set AA); a trunk prefix in
// brackets ("+49 (0)40 …") and a bracketed area code stay part of it.
func TestRemarkInBracketsAfterNumber(t *testing.T) {
	for text, want := range map[string]string{
		"Daniel Okafor, 040 309987-215 (215 is my extension).": "+4940309987215",
		"+49 (0)40 8812 4410":  "+494088124410",
		"(040) 8812 4410":      "+494088124410",
		"0171 2345678 (mobil)": "+491712345678",
	} {
		if m, ok := LocatePhone(text, "DE"); !ok || m.E164 != want {
			t.Errorf("LocatePhone(%q) = %+v, %v; want %s", text, m, ok, want)
		}
	}
}
