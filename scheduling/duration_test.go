package scheduling

import (
	"errors"
	"testing"
	"time"
	"unicode/utf8"
)

func TestParseDuration(t *testing.T) {
	h, m := time.Hour, time.Minute
	tests := []struct {
		text   string
		want   Duration // Phrase checked separately
		phrase string
	}{
		{"2 Stunden", Duration{D: 2 * h}, "2 Stunden"},
		{"Das dauert ca. 2 Stunden.", Duration{D: 2 * h}, "2 Stunden"},
		{"eine halbe Stunde", Duration{D: 30 * m}, "eine halbe Stunde"},
		{"halbe Stunde reicht", Duration{D: 30 * m}, "halbe Stunde"},
		{"90 Minuten", Duration{D: 90 * m}, "90 Minuten"},
		// a length written before its noun (probe set AI)
		{"Sage needs SQL-02 for a 2-hour patch", Duration{D: 2 * h}, "2-hour"},
		{"ein 3-stündiges Update", Duration{D: 3 * h}, "3-stündiges"},
		{"a 90-minute session", Duration{D: 90 * m}, "90-minute"},
		{"30 min.", Duration{D: 30 * m}, "30 min."},
		{"1,5 h", Duration{D: 90 * m}, "1,5 h"},
		{"1,5 Stunden", Duration{D: 90 * m}, "1,5 Stunden"},
		{"1.5 hours", Duration{D: 90 * m}, "1.5 hours"},
		{"2,25 Std", Duration{D: 2*h + 15*m}, "2,25 Std"},
		{"zwei Std.", Duration{D: 2 * h}, "zwei Std."},
		{"drei Stunden", Duration{D: 3 * h}, "drei Stunden"},
		{"eine Stunde", Duration{D: h}, "eine Stunde"},
		{"an hour", Duration{D: h}, "an hour"},
		// probe set Z: the half hour after the hours
		{"They said about an hour and a half, and no admin rights needed.", Duration{D: 90 * m}, "an hour and a half"},
		{"two hours and a half", Duration{D: 150 * m}, "two hours and a half"},
		{"zwei Stunden und eine halbe", Duration{D: 150 * m}, "zwei Stunden und eine halbe"},
		{"eine Stunde und dann noch was", Duration{D: h}, "eine Stunde"},
		{"half an hour", Duration{D: 30 * m}, "half an hour"},
		{"a quarter of an hour", Duration{D: 15 * m}, "a quarter of an hour"},
		{"eine Viertelstunde", Duration{D: 15 * m}, "eine Viertelstunde"},
		{"eine Dreiviertelstunde", Duration{D: 45 * m}, "eine Dreiviertelstunde"},
		{"anderthalb Stunden", Duration{D: 90 * m}, "anderthalb Stunden"},
		{"eineinhalb Stunden", Duration{D: 90 * m}, "eineinhalb Stunden"},
		{"2h", Duration{D: 2 * h}, "2h"},
		{"4 h", Duration{D: 4 * h}, "4 h"},
		{"1h30", Duration{D: 90 * m}, "1h30"},
		{"1 Stunde und 30 Minuten", Duration{D: 90 * m}, "1 Stunde und 30 Minuten"},
		{"2 hours 15 minutes", Duration{D: 2*h + 15*m}, "2 hours 15 minutes"},
		{"for 3 hours", Duration{D: 3 * h}, "3 hours"},
		{"für 3 Stunden", Duration{D: 3 * h}, "3 Stunden"},
		{"half a day", Duration{D: HalfDay}, "half a day"},
		{"einen halben Tag", Duration{D: HalfDay}, "einen halben Tag"},
		{"ein halber Tag", Duration{D: HalfDay}, "ein halber Tag"},
		{"halbtags", Duration{D: HalfDay}, "halbtags"},
		{"all day", Duration{AllDay: true}, "all day"},
		{"ganztägig", Duration{AllDay: true}, "ganztägig"},
		{"ganztaegig", Duration{AllDay: true}, "ganztaegig"},
		{"den ganzen Tag", Duration{AllDay: true}, "den ganzen Tag"},
		{"a full day", Duration{AllDay: true}, "a full day"},
		{"1 Tag", Duration{AllDay: true}, "1 Tag"},
		{"2 Tage", Duration{Days: 2}, "2 Tage"},
		{"three days", Duration{Days: 3}, "three days"},
		// a range gives the length when none is named
		{"am 15.12. von 9 bis 12 Uhr", Duration{D: 3 * h, FromRange: true}, "15.12. von 9 bis 12 Uhr"},
		{"Dienstag 14-16 Uhr", Duration{D: 2 * h, FromRange: true}, "Dienstag 14-16 Uhr"},
		{"14h-16h", Duration{D: 2 * h, FromRange: true}, "14h-16h"},
		{"next Friday 9:30 to 11am", Duration{D: 90 * m, FromRange: true}, "next Friday 9:30 to 11am"},
		// a named length wins over the range
		{"zwischen 9 und 14 Uhr für 2 Stunden", Duration{D: 2 * h}, "2 Stunden"},
		// a start in two hours is skipped, the length after it is read
		{"in 2 Stunden für 1 Stunde", Duration{D: h}, "1 Stunde"},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			got, err := ParseDuration(tc.text)
			if err != nil {
				t.Fatalf("ParseDuration(%q): %v", tc.text, err)
			}
			phrase := got.Phrase
			got.Phrase = ""
			if got != tc.want {
				t.Errorf("ParseDuration(%q) = %+v, want %+v", tc.text, got, tc.want)
			}
			if phrase != tc.phrase {
				t.Errorf("ParseDuration(%q) phrase %q, want %q", tc.text, phrase, tc.phrase)
			}
		})
	}
}

func TestParseDurationNone(t *testing.T) {
	for _, text := range []string{
		"", "Hallo", "in 2 Stunden", "in einer halben Stunde", "um 14h", "um 14 Uhr", "can we make it 14h instead?",
		"vor 2 Stunden", "am Dienstag", "3 Rechner", "in zwei Wochen", "99999 Stunden", "-", "\xff\xfe",
	} {
		if d, err := ParseDuration(text); !errors.Is(err, ErrNoDuration) {
			t.Errorf("ParseDuration(%q) = %+v, %v; want ErrNoDuration", text, d, err)
		}
	}
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"2 Stunden", "1,5 h", "eine halbe Stunde", "am 15.12. von 9 bis 12 Uhr", "1h30",
		"half a day", "ganztägig", "1,", "1.5.", "9,99999999999 h", "\xff2h", "in in in 3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		d, err := ParseDuration(text)
		if err != nil {
			if !errors.Is(err, ErrNoDuration) {
				t.Fatalf("ParseDuration(%q): unexpected error %v", text, err)
			}
			return
		}
		if d.D < 0 || d.D > maxDurationHours*time.Hour || d.Days < 0 {
			t.Fatalf("ParseDuration(%q) = %+v out of range", text, d)
		}
		if d.D == 0 && !d.AllDay && d.Days == 0 {
			t.Fatalf("ParseDuration(%q) = %+v: success without a length", text, d)
		}
		if !utf8.ValidString(d.Phrase) {
			t.Fatalf("ParseDuration(%q) phrase %q is not UTF-8", text, d.Phrase)
		}
	})
}
