package scheduling

import (
	"testing"
	"time"
)

func TestRecurrenceDescribe(t *testing.T) {
	tests := []struct {
		text   string
		exdate time.Time
		de, en string
	}{
		{"jeden ersten Dienstag im Monat 9–11 Uhr", time.Time{},
			"jeden ersten Dienstag im Monat, 09:00–11:00 Uhr, ab 05.01.2027",
			"every first Tuesday of the month, 09:00–11:00, from 5 Jan 2027"},
		{"alle zwei Wochen mittwochs 14-16 Uhr, 6 mal", at(2026, 12, 16, 14, 0),
			"alle zwei Wochen mittwochs, 14:00–16:00 Uhr, ab 02.12.2026, 6-mal; ausgenommen 16.12.2026",
			"every two weeks on Wednesday, 14:00–16:00, from 2 Dec 2026, 6 times; except 16 Dec 2026"},
		{"jeden Montag und Donnerstag 8-10 bis Ende März", time.Time{},
			"jeden Montag und Donnerstag, 08:00–10:00 Uhr, ab 03.12.2026, bis 31.03.2027",
			"every Monday and Thursday, 08:00–10:00, from 3 Dec 2026, until 31 Mar 2027"},
		{"monthly on the last Friday 7-9am", time.Time{},
			"jeden letzten Freitag im Monat, 07:00–09:00 Uhr, ab 25.12.2026",
			"every last Friday of the month, 07:00–09:00, from 25 Dec 2026"},
		{"am 15. jeden Monats 9-12 Uhr", time.Time{},
			"am 15. jedes Monats, 09:00–12:00 Uhr, ab 15.12.2026",
			"on the 15th of every month, 09:00–12:00, from 15 Dec 2026"},
		{"quartalsweise am ersten Montag 8-12", time.Time{},
			"alle drei Monate am ersten Montag, 08:00–12:00 Uhr, ab 07.12.2026",
			"every three months on the first Monday, 08:00–12:00, from 7 Dec 2026"},
	}
	for _, tc := range tests {
		r, err := ParseRecurrence(tc.text, berlin, tuesday1Dec)
		if err != nil {
			t.Fatalf("%q: %v", tc.text, err)
		}
		if !tc.exdate.IsZero() {
			if r, err = r.WithExDate(tc.exdate); err != nil {
				t.Fatal(err)
			}
		}
		if got := r.Describe("de"); got != tc.de {
			t.Errorf("Describe(de) of %q = %q, want %q", tc.text, got, tc.de)
		}
		if got := r.Describe("en-GB"); got != tc.en {
			t.Errorf("Describe(en) of %q = %q, want %q", tc.text, got, tc.en)
		}
	}
	if got := (Recurrence{}).Describe("de"); got != "" {
		t.Errorf("invalid recurrence described as %q", got)
	}
	odd := Recurrence{RRule: "FREQ=YEARLY;BYMONTH=3", Start: at(2027, 3, 1, 9, 0), Duration: time.Hour, Location: "Europe/Berlin"}
	if got := odd.Describe("en"); got != "RRULE:FREQ=YEARLY;BYMONTH=3, 09:00–10:00, from 1 Mar 2027" {
		t.Errorf("yearly rule described as %q", got)
	}
}
