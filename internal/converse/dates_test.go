package converse

import (
	"testing"
	"time"
)

// The date cases of converse.py --self-test.

func d(y, m, day int) time.Time { return civil(y, time.Month(m), day) }

func TestEasterSunday(t *testing.T) {
	for _, c := range []struct {
		year int
		want time.Time
	}{
		{2024, d(2024, 3, 31)}, {2025, d(2025, 4, 20)}, {2026, d(2026, 4, 5)},
		{2027, d(2027, 3, 28)}, {2038, d(2038, 4, 25)}, {2285, d(2285, 3, 22)},
	} {
		if got := easterSunday(c.year); !got.Equal(c.want) {
			t.Errorf("Easter %d = %s, want %s", c.year, isoDay(got), isoDay(c.want))
		}
	}
}

func TestHamburgHolidays(t *testing.T) {
	for year, want := range map[int][]time.Time{
		2026: {d(2026, 1, 1), d(2026, 4, 3), d(2026, 4, 6), d(2026, 5, 1), d(2026, 5, 14), d(2026, 5, 25),
			d(2026, 10, 3), d(2026, 10, 31), d(2026, 12, 25), d(2026, 12, 26)},
		2027: {d(2027, 1, 1), d(2027, 3, 26), d(2027, 3, 29), d(2027, 5, 1), d(2027, 5, 6), d(2027, 5, 17),
			d(2027, 10, 3), d(2027, 10, 31), d(2027, 12, 25), d(2027, 12, 26)},
	} {
		got := hamburgHolidays(year)
		if len(got) != len(want) {
			t.Errorf("Hamburg %d: %d holidays, want %d", year, len(got), len(want))
		}
		for _, h := range want {
			if _, ok := got[h]; !ok {
				t.Errorf("Hamburg %d lacks %s", year, isoDay(h))
			}
		}
	}
}

func TestResolveDay(t *testing.T) {
	sun := d(2026, 12, 6) // a Sunday
	for _, c := range []struct {
		what  string
		kind  string
		n     int
		today time.Time
		want  time.Time
	}{
		{"wd+1 from Sunday", "wd", 1, sun, d(2026, 12, 7)},
		{"wd+5 from Sunday", "wd", 5, sun, d(2026, 12, 11)},
		{"wd+0 on Sunday", "wd", 0, sun, d(2026, 12, 7)},
		{"d+1", "d", 1, sun, d(2026, 12, 7)},
		{"d+0", "d", 0, sun, sun},
		{"sat+1", "sat", 1, sun, d(2026, 12, 12)},
		{"sun+1 (today excluded)", "sun", 1, sun, d(2026, 12, 13)},
		{"sat+2", "sat", 2, sun, d(2026, 12, 19)},
		{"hol+1 (Fri 25.12.)", "hol", 1, sun, d(2026, 12, 25)},
		{"hol+2 (26.12.2026 is a Saturday)", "hol", 2, sun, d(2027, 1, 1)},
		{"hol+3 Good Friday 2027", "hol", 3, sun, d(2027, 3, 26)},
		{"hol+4 Easter Monday 2027", "hol", 4, sun, d(2027, 3, 29)},
		// Christmas week: 24.12. is a working day, 25./26. are not, 31.12. is, 1.1. is not
		{"wd+1 from 23.12.2026", "wd", 1, d(2026, 12, 23), d(2026, 12, 24)},
		{"wd+2 from 23.12.2026", "wd", 2, d(2026, 12, 23), d(2026, 12, 28)},
		{"wd+1 from 31.12.2026", "wd", 1, d(2026, 12, 31), d(2027, 1, 4)},
		{"wd+1 over Easter 2027", "wd", 1, d(2027, 3, 25), d(2027, 3, 30)},
		{"wd+1 over Ascension 2027", "wd", 1, d(2027, 5, 5), d(2027, 5, 7)},
		{"wd+1 Fri 2.10.2026 (3.10. a Saturday)", "wd", 1, d(2026, 10, 2), d(2026, 10, 5)},
		{"wd+1 Fri 29.10.2027 (31.10. a Sunday)", "wd", 1, d(2027, 10, 29), d(2027, 11, 1)},
		{"hol+1 from 1.9.2027 (Good Friday 2028)", "hol", 1, d(2027, 9, 1), d(2028, 4, 14)},
	} {
		got, err := resolveDay(c.kind, c.n, c.today)
		if err != nil || !got.Equal(c.want) {
			t.Errorf("%s: got %s (%v), want %s", c.what, isoDay(got), err, isoDay(c.want))
		}
	}
}

func TestFillDates(t *testing.T) {
	today := d(2026, 12, 6)
	for _, c := range []struct{ in, want string }{
		{"{{wd+1}}", "2026-12-07"},
		{"am {{wd+1|d.m.}}", "am 7.12."},
		{"{{hol+2|d.m.y}}", "1.1.2027"},
		{"{{hol+2|dd.mm.}}", "01.01."},
		{"{{hol+2|dd.mm.yyyy}}", "01.01.2027"},
		{"{{wd+2|day_de}}", "Dienstag"},
		{"{{wd+2|day_en}}", "Tuesday"},
		{"{{wd+7|de_long}}", "Dienstag, 15. Dezember"},
		{"{{wd+7|en_long}}", "Tuesday, 15 December"},
		{"{{ wd + 12 | iso }}", "2026-12-22"},
		{"{{sat+1}} {{sun+1|d.m.}}", "2026-12-12 13.12."},
		{`\d{2} {x}`, `\d{2} {x}`}, // other braces untouched
	} {
		got, err := fillDates(c.in, today)
		if err != nil || got != c.want {
			t.Errorf("fillDates(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	for in, msg := range map[string]string{
		"{{wd+1|xx}}":     "unknown date format |xx",
		"{{wd+9999}}":     "no date for wd+9999",
		"{{hol+400}}":     "no date for hol+400",
		"a {{d+1|dd}} b":  "unknown date format |dd",
		"{{d+99999999}}":  "date value out of range",
		"{{wd+1|d.m.y }}": "",
	} {
		_, err := fillDates(in, today)
		if (err == nil) != (msg == "") || (err != nil && err.Error() != msg) {
			t.Errorf("fillDates(%q) error = %v, want %q", in, err, msg)
		}
	}
}

func TestRunTokenAndIDs(t *testing.T) {
	// the values converse.py computes
	for prefix, want := range map[string]string{"X": "3203", "t1a2b3c": "8958", "": "3305"} {
		if got := runToken(prefix); got != want {
			t.Errorf("runToken(%q) = %s, want %s", prefix, got, want)
		}
	}
	if got := safeID("X-cb 01-Grüße/ü"); got != "X-cb_01-Gr__e__" {
		t.Errorf("safeID = %q", got)
	}
}

func TestToBerlin(t *testing.T) {
	got := toBerlin(time.Date(2026, 7, 1, 7, 0, 0, 0, time.UTC)).Format("15:04")
	if got != "09:00" {
		t.Errorf("summer: %s", got)
	}
	got = toBerlin(time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)).Format("15:04")
	if got != "09:00" {
		t.Errorf("winter: %s", got)
	}
}
