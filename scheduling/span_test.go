package scheduling

import (
	"testing"
	"time"
)

// TestParseSpan: parts of weeks and months, read on Tuesday 10 March 2026.
func TestParseSpan(t *testing.T) {
	c, err := NewCalendar(CalendarOptions{})
	if err != nil {
		t.Fatal(err)
	}
	loc := c.Location()
	now := time.Date(2026, 3, 10, 9, 30, 0, 0, loc)
	day := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, loc) }
	for _, tc := range []struct {
		text       string
		start, end time.Time
	}{
		{"at the end of next week, roughly 2 hours", day(3, 19, 8), day(3, 20, 17)},
		{"Ende nächster Woche wäre gut", day(3, 19, 8), day(3, 20, 17)},
		{"gegen Ende der nächsten Woche", day(3, 19, 8), day(3, 20, 17)},
		{"early next week please", day(3, 16, 8), day(3, 17, 17)},
		{"Anfang übernächster Woche", day(3, 23, 8), day(3, 24, 17)},
		{"nächste Woche irgendwann", day(3, 16, 8), day(3, 20, 17)},
		{"Mitte April", day(4, 11, 8), day(4, 20, 17)},
		{"end of the month", day(3, 21, 8), day(3, 31, 17)},
		{"bis Ende nächster Woche", now, day(3, 20, 17)},
		{"later this week", day(3, 11, 8), day(3, 13, 17)},
	} {
		w, ok := c.ParseSpan(tc.text, now)
		if !ok || !w.Start.Equal(tc.start) || !w.End.Equal(tc.end) {
			t.Errorf("%q: %v–%v ok=%v, want %v–%v", tc.text, w.Start, w.End, ok, tc.start, tc.end)
		}
	}
	for _, text := range []string{"letzte Woche", "im April", "diesen Monat", "die Woche", "jede Woche", "vor zwei Wochen", "Ende"} {
		if w, ok := c.ParseSpan(text, now); ok {
			t.Errorf("%q: span %v–%v, want none", text, w.Start, w.End)
		}
	}
}
