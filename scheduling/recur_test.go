package scheduling

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/teambition/rrule-go"
)

// tuesday1Dec is the clock of the recurrence tables: Tuesday 1 December
// 2026, 10:00 in Berlin.
var tuesday1Dec = at(2026, 12, 1, 10, 0)

func TestParseRecurrence(t *testing.T) {
	h := time.Hour
	tests := []struct {
		text  string
		rrule string
		start time.Time
		dur   time.Duration
	}{
		{"jeden ersten Dienstag im Monat 9–11 Uhr", "FREQ=MONTHLY;BYDAY=1TU", at(2027, 1, 5, 9, 0), 2 * h},
		{"Wir brauchen jeden 1. Dienstag im Monat von 9 bis 11 Uhr Zugang", "FREQ=MONTHLY;BYDAY=1TU", at(2027, 1, 5, 9, 0), 2 * h},
		{"jeden Montag von 8 bis 10", "FREQ=WEEKLY;BYDAY=MO", at(2026, 12, 7, 8, 0), 2 * h},
		{"montags 8-10 Uhr", "FREQ=WEEKLY;BYDAY=MO", at(2026, 12, 7, 8, 0), 2 * h},
		{"jede Woche dienstags 13-15 Uhr", "FREQ=WEEKLY;BYDAY=TU", at(2026, 12, 1, 13, 0), 2 * h}, // today, still ahead
		{"wöchentlich am Freitag 10-12", "FREQ=WEEKLY;BYDAY=FR", at(2026, 12, 4, 10, 0), 2 * h},
		{"jeden Montag und Donnerstag 9-11", "FREQ=WEEKLY;BYDAY=MO,TH", at(2026, 12, 3, 9, 0), 2 * h},
		{"alle zwei Wochen mittwochs 14-16 Uhr", "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", at(2026, 12, 2, 14, 0), 2 * h},
		{"alle 2 Wochen am Mittwoch 14-16 Uhr", "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", at(2026, 12, 2, 14, 0), 2 * h},
		{"jeden zweiten Mittwoch 14-16 Uhr", "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", at(2026, 12, 2, 14, 0), 2 * h},
		{"vierzehntägig donnerstags 9-10", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", at(2026, 12, 3, 9, 0), h},
		{"jeden zweiten Mittwoch im Monat 10-12", "FREQ=MONTHLY;BYDAY=2WE", at(2026, 12, 9, 10, 0), 2 * h},
		{"am letzten Freitag im Monat 13-17 Uhr", "FREQ=MONTHLY;BYDAY=-1FR", at(2026, 12, 25, 13, 0), 4 * h},
		{"monatlich am ersten Montag vormittags", "FREQ=MONTHLY;BYDAY=1MO", at(2026, 12, 7, 8, 0), 4 * h},
		{"am 15. jeden Monats 9-12 Uhr", "FREQ=MONTHLY;BYMONTHDAY=15", at(2026, 12, 15, 9, 0), 3 * h},
		{"quartalsweise am ersten Montag 8-12", "FREQ=MONTHLY;INTERVAL=3;BYDAY=1MO", at(2026, 12, 7, 8, 0), 4 * h},
		{"alle drei Monate am ersten Montag 8-12", "FREQ=MONTHLY;INTERVAL=3;BYDAY=1MO", at(2026, 12, 7, 8, 0), 4 * h},
		{"jeden Dienstag um 9 Uhr für 2 Stunden", "FREQ=WEEKLY;BYDAY=TU", at(2026, 12, 8, 9, 0), 2 * h},
		{"every second Wednesday 2-4pm", "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", at(2026, 12, 2, 14, 0), 2 * h},
		{"every other Friday 13:00-15:30", "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", at(2026, 12, 4, 13, 0), 150 * time.Minute},
		{"every 3 weeks on Monday 9-11am", "FREQ=WEEKLY;INTERVAL=3;BYDAY=MO", at(2026, 12, 7, 9, 0), 2 * h},
		{"every first Tuesday of the month from 9 to 11", "FREQ=MONTHLY;BYDAY=1TU", at(2027, 1, 5, 9, 0), 2 * h},
		{"monthly on the last Friday 7-9am", "FREQ=MONTHLY;BYDAY=-1FR", at(2026, 12, 25, 7, 0), 2 * h},
		{"on Mondays 10-12", "FREQ=WEEKLY;BYDAY=MO", at(2026, 12, 7, 10, 0), 2 * h},
		{"every Tuesday morning", "FREQ=WEEKLY;BYDAY=TU", at(2026, 12, 8, 8, 0), 4 * h},
		{"on the 15th of every month 9-12", "FREQ=MONTHLY;BYMONTHDAY=15", at(2026, 12, 15, 9, 0), 3 * h},
		// a first day
		{"jeden Montag 9-11 ab dem 11.1.2027", "FREQ=WEEKLY;BYDAY=MO", at(2027, 1, 11, 9, 0), 2 * h},
		{"ab 13.1. jeden Montag 9-11", "FREQ=WEEKLY;BYDAY=MO", at(2027, 1, 18, 9, 0), 2 * h},
		{"ab Februar jeden ersten Dienstag im Monat 9-11 Uhr", "FREQ=MONTHLY;BYDAY=1TU", at(2027, 2, 2, 9, 0), 2 * h},
		{"every Wednesday 2-4pm starting January 20th", "FREQ=WEEKLY;BYDAY=WE", at(2027, 1, 20, 14, 0), 2 * h},
		{"alle zwei Wochen mittwochs 14-16 Uhr ab dem 13.1.", "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", at(2027, 1, 13, 14, 0), 2 * h},
		// today's occurrence has begun: the next one
		{"jeden Dienstag 9-11", "FREQ=WEEKLY;BYDAY=TU", at(2026, 12, 8, 9, 0), 2 * h},
		// today's occurrence is still ahead
		{"jeden Dienstag 14-16", "FREQ=WEEKLY;BYDAY=TU", at(2026, 12, 1, 14, 0), 2 * h},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			r, err := ParseRecurrence(tc.text, berlin, tuesday1Dec)
			if err != nil {
				t.Fatalf("ParseRecurrence(%q): %v", tc.text, err)
			}
			if r.RRule != tc.rrule || !r.Start.Equal(tc.start) || r.Duration != tc.dur {
				t.Errorf("ParseRecurrence(%q) = %q from %s for %s, want %q from %s for %s",
					tc.text, r.RRule, r.Start, r.Duration, tc.rrule, tc.start, tc.dur)
			}
			if r.Location != "Europe/Berlin" || r.Start.Location() != berlin {
				t.Errorf("location %q / %v", r.Location, r.Start.Location())
			}
			if r.Phrase == "" {
				t.Error("no phrase")
			}
			if err := r.Validate(); err != nil {
				t.Error(err)
			}
			// the first occurrence is Start
			if w, ok := r.Next(tuesday1Dec); !ok || !w.Start.Equal(r.Start) {
				t.Errorf("Next = %v %v, want %s", w, ok, r.Start)
			}
		})
	}
}

func TestParseRecurrenceEnd(t *testing.T) {
	tests := []struct {
		text  string
		rrule string
		until time.Time
		count int
	}{
		{"jeden Montag 9-11 bis zum 31.3.2027", "FREQ=WEEKLY;UNTIL=20270331T215959Z;BYDAY=MO", at(2027, 3, 31, 23, 59).Add(59 * time.Second), 0},
		{"jeden Montag 9-11 bis Ende Februar", "FREQ=WEEKLY;UNTIL=20270228T225959Z;BYDAY=MO", at(2027, 2, 28, 23, 59).Add(59 * time.Second), 0},
		{"every Monday 9-11 until 31 March 2027", "FREQ=WEEKLY;UNTIL=20270331T215959Z;BYDAY=MO", at(2027, 3, 31, 23, 59).Add(59 * time.Second), 0},
		{"every Monday 9-11 until the end of June", "FREQ=WEEKLY;UNTIL=20270630T215959Z;BYDAY=MO", at(2027, 6, 30, 23, 59).Add(59 * time.Second), 0},
		{"jeden Dienstag um 9 Uhr für 2 Stunden, 10 mal", "FREQ=WEEKLY;COUNT=10;BYDAY=TU", time.Time{}, 10},
		{"every Friday 9-11, 6 times", "FREQ=WEEKLY;COUNT=6;BYDAY=FR", time.Time{}, 6},
		{"jeden Montag 8-10 für 3 Monate", "FREQ=WEEKLY;UNTIL=20270307T065959Z;BYDAY=MO", at(2027, 3, 7, 7, 59).Add(59 * time.Second), 0},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			r, err := ParseRecurrence(tc.text, berlin, tuesday1Dec)
			if err != nil {
				t.Fatalf("ParseRecurrence(%q): %v", tc.text, err)
			}
			if r.RRule != tc.rrule || !r.Until.Equal(tc.until) || r.Count != tc.count {
				t.Errorf("ParseRecurrence(%q) = %q until %s count %d, want %q until %s count %d",
					tc.text, r.RRule, r.Until, r.Count, tc.rrule, tc.until, tc.count)
			}
		})
	}
	// the limits hold when expanding
	r, _ := ParseRecurrence("every Friday 9-11, 6 times", berlin, tuesday1Dec)
	occ, err := r.Occurrences(tuesday1Dec, tuesday1Dec.AddDate(2, 0, 0))
	if err != nil || len(occ) != 6 || !occ[5].Start.Equal(at(2027, 1, 8, 9, 0)) {
		t.Errorf("COUNT=6: %d occurrences, last %v (%v)", len(occ), occ, err)
	}
	r, _ = ParseRecurrence("jeden Montag 9-11 bis Ende Februar", berlin, tuesday1Dec)
	occ, _ = r.Occurrences(tuesday1Dec, tuesday1Dec.AddDate(2, 0, 0))
	if len(occ) != 12 || !occ[len(occ)-1].Start.Equal(at(2027, 2, 22, 9, 0)) {
		t.Errorf("UNTIL end of February: %d occurrences, want 12 ending 22.2.: %s", len(occ), fmtWins(occ))
	}
}

func TestParseRecurrenceErrors(t *testing.T) {
	tests := []struct {
		text string
		want error
	}{
		{"täglich 9-10 Uhr", ErrTooFrequent},
		{"jeden Tag von 8 bis 9", ErrTooFrequent},
		{"werktags 8-9", ErrTooFrequent},
		{"every day 9-10", ErrTooFrequent},
		{"every weekday 9-10", ErrTooFrequent},
		{"alle 3 Tage 9-10", ErrTooFrequent},
		{"jeden Montag", ErrNoRecurrenceTime},
		{"every first Tuesday of the month", ErrNoRecurrenceTime},
		{"jeden Montag um 9 Uhr", ErrNoRecurrenceTime},
		{"jeden Montag 16-14 Uhr", ErrEndBeforeStart},
		{"jede Woche 9-11", ErrNoRecurrence},
		{"Montag 9-11", ErrNoRecurrence}, // one Monday, not every
		{"am 15.12. von 9 bis 12 Uhr", ErrNoRecurrence},
		{"Hallo", ErrNoRecurrence},
		{"", ErrNoRecurrence},
		{"jeden Montag 9-11 bis zum 1.12.2026", ErrNoRecurrence}, // ends before it starts
	}
	for _, tc := range tests {
		if r, err := ParseRecurrence(tc.text, berlin, tuesday1Dec); !errors.Is(err, tc.want) {
			t.Errorf("ParseRecurrence(%q) = %+v, %v; want %v", tc.text, r, err, tc.want)
		}
	}
}

// TestRecurrenceDST: a weekly 09:00 window stays at 09:00 Berlin time
// across the March and October 2027 changes; its UTC time moves.
func TestRecurrenceDST(t *testing.T) {
	r, err := ParseRecurrence("jeden Montag 9-11 Uhr", berlin, at(2027, 3, 10, 12, 0))
	if err != nil {
		t.Fatal(err)
	}
	check := func(t *testing.T, r Recurrence, from, to time.Time, wantUTC []int) {
		t.Helper()
		occ, err := r.Occurrences(from, to)
		if err != nil {
			t.Fatal(err)
		}
		if len(occ) != len(wantUTC) {
			t.Fatalf("%d occurrences, want %d: %s", len(occ), len(wantUTC), fmtWins(occ))
		}
		for i, w := range occ {
			if w.Start.Location().String() != "Europe/Berlin" || w.Start.Hour() != 9 || w.Start.Minute() != 0 || w.End.Hour() != 11 {
				t.Errorf("occurrence %s–%s is not 09:00–11:00 Berlin", w.Start, w.End)
			}
			if w.Start.Weekday() != time.Monday {
				t.Errorf("occurrence on %s", w.Start.Weekday())
			}
			if got := w.Start.UTC().Hour(); got != wantUTC[i] {
				t.Errorf("occurrence %s at %02d:00 UTC, want %02d:00", w.Start, got, wantUTC[i])
			}
		}
	}
	t.Run("March 2027", func(t *testing.T) {
		// 22.3. CET (08:00 UTC); 29.3. and 5.4. CEST (07:00 UTC)
		check(t, r, at(2027, 3, 20, 0, 0), at(2027, 4, 6, 0, 0), []int{8, 7, 7})
	})
	t.Run("October 2027", func(t *testing.T) {
		check(t, r, at(2027, 10, 20, 0, 0), at(2027, 11, 9, 0, 0), []int{7, 8, 8})
	})
	t.Run("after a JSON round trip", func(t *testing.T) {
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		var back Recurrence
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		if back.Start.Location() == berlin {
			t.Fatal("test assumption: JSON loses the location")
		}
		check(t, back, at(2027, 10, 20, 0, 0), at(2027, 11, 9, 0, 0), []int{7, 8, 8})
	})
	t.Run("start given in UTC", func(t *testing.T) {
		u := r
		u.Start = r.Start.UTC()
		check(t, u, at(2027, 3, 20, 0, 0), at(2027, 4, 6, 0, 0), []int{8, 7, 7})
	})
	t.Run("monthly over both changes", func(t *testing.T) {
		m, err := ParseRecurrence("jeden ersten Dienstag im Monat 9–11 Uhr", berlin, tuesday1Dec)
		if err != nil {
			t.Fatal(err)
		}
		occ, err := m.Occurrences(tuesday1Dec, tuesday1Dec.AddDate(1, 0, 0))
		// 5.1., 2.2., … 2.11.2027: 1.12.2026 09:00 is over at 10:00
		if err != nil || len(occ) != 11 {
			t.Fatalf("%d occurrences (%v)", len(occ), err)
		}
		for _, w := range occ {
			if w.Start.Hour() != 9 || w.Start.Weekday() != time.Tuesday || w.Start.Day() > 7 {
				t.Errorf("occurrence %s is not a first Tuesday at 09:00", w.Start)
			}
		}
	})
}

func TestRecurrenceCancelOccurrence(t *testing.T) {
	r, err := ParseRecurrence("jeden Montag 9-11 Uhr", berlin, tuesday1Dec)
	if err != nil {
		t.Fatal(err)
	}
	to := at(2026, 12, 29, 0, 0)
	occ, _ := r.Occurrences(tuesday1Dec, to)
	if len(occ) != 4 {
		t.Fatalf("%d occurrences: %s", len(occ), fmtWins(occ))
	}
	c, err := r.WithExDate(at(2026, 12, 14, 9, 0))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.ExDates) != 0 {
		t.Error("WithExDate changed the original")
	}
	again, err := c.WithExDate(at(2026, 12, 14, 9, 0))
	if err != nil || len(again.ExDates) != 1 {
		t.Errorf("cancelling twice: %v, %d ExDates", err, len(again.ExDates))
	}
	occ, _ = c.Occurrences(tuesday1Dec, to)
	want := []time.Time{at(2026, 12, 7, 9, 0), at(2026, 12, 21, 9, 0), at(2026, 12, 28, 9, 0)}
	if len(occ) != len(want) {
		t.Fatalf("after cancelling 14.12.: %s", fmtWins(occ))
	}
	for i := range want {
		if !occ[i].Start.Equal(want[i]) {
			t.Errorf("after cancelling 14.12.: %s", fmtWins(occ))
		}
	}
	for _, bad := range []time.Time{at(2026, 12, 14, 10, 0), at(2026, 12, 15, 9, 0), at(2026, 11, 30, 9, 0)} {
		if _, err := r.WithExDate(bad); !errors.Is(err, ErrNotAnOccurrence) {
			t.Errorf("WithExDate(%s) = %v, want ErrNotAnOccurrence", bad, err)
		}
	}
	// Next skips the cancelled occurrence
	if w, ok := c.Next(at(2026, 12, 8, 0, 0)); !ok || !w.Start.Equal(at(2026, 12, 21, 9, 0)) {
		t.Errorf("Next after cancelling = %v %v", w, ok)
	}
}

func TestRecurrenceFrom(t *testing.T) {
	p := VendorPolicy{}
	r, err := ParseRecurrence("alle zwei Wochen mittwochs 14-16 Uhr", berlin, tuesday1Dec)
	if err != nil {
		t.Fatal(err)
	}
	// the first occurrence (2.12.) is within the lead time; the next of the
	// series is 16.12. (the rhythm is kept, 9.12. is not one)
	f, err := r.From(p.EarliestStart(tuesday1Dec))
	if err != nil {
		t.Fatal(err)
	}
	if !f.Start.Equal(at(2026, 12, 16, 14, 0)) || f.RRule != r.RRule {
		t.Errorf("From = %s %q, want 16.12. 14:00", f.Start, f.RRule)
	}
	c, _ := ParseRecurrence("every Friday 9-11, 6 times", berlin, tuesday1Dec)
	c, _ = c.WithExDate(at(2026, 12, 11, 9, 0))
	f, err = c.From(at(2026, 12, 12, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	// 4.12. held and 11.12. cancelled: 4 of 6 left, from 18.12.
	if f.Count != 4 || f.RRule != "FREQ=WEEKLY;COUNT=4;BYDAY=FR" || !f.Start.Equal(at(2026, 12, 18, 9, 0)) || len(f.ExDates) != 0 {
		t.Errorf("From with COUNT = %+v", f)
	}
	occ, _ := f.Occurrences(at(2026, 12, 1, 0, 0), at(2028, 1, 1, 0, 0))
	if len(occ) != 4 || !occ[3].Start.Equal(at(2027, 1, 8, 9, 0)) {
		t.Errorf("occurrences after From: %s", fmtWins(occ))
	}
	if _, err := c.From(at(2030, 1, 1, 0, 0)); !errors.Is(err, ErrNotAnOccurrence) {
		t.Errorf("From after the end = %v", err)
	}
}

func TestCheckRecurrence(t *testing.T) {
	p := VendorPolicy{}
	r, err := ParseRecurrence("jeden Freitag 9-11 Uhr", berlin, tuesday1Dec)
	if err != nil {
		t.Fatal(err)
	}
	busy := []Window{win(at(2027, 2, 12, 10, 0), at(2027, 2, 12, 12, 0))}
	probs, err := p.CheckRecurrence(tuesday1Dec, r, busy, 0)
	if err != nil {
		t.Fatal(err)
	}
	type got struct {
		day   string
		codes []ViolationCode
		hol   string
	}
	var list []got
	for _, pr := range probs {
		g := got{day: pr.Window.Start.Format("2006-01-02"), codes: codes(pr.Violations)}
		for _, v := range pr.Violations {
			g.hol += v.Holiday
		}
		list = append(list, g)
	}
	want := []got{
		{"2026-12-04", []ViolationCode{ViolLeadTime}, ""},             // within 7 days
		{"2026-12-25", []ViolationCode{ViolHoliday}, "Weihnachtstag"}, // Christmas Day
		{"2027-01-01", []ViolationCode{ViolHoliday}, "Neujahrstag"},   // New Year
		{"2027-02-12", []ViolationCode{ViolOverlap}, ""},              // another vendor
		{"2027-03-26", []ViolationCode{ViolHoliday}, "Karfreitag"},    // Good Friday
	} // the 12-month horizon ends 1.12.2027
	if !reflect.DeepEqual(list, want) {
		t.Errorf("CheckRecurrence =\n%v\nwant\n%v", list, want)
	}
	for _, pr := range probs {
		if pr.Holiday() != (pr.Violations[0].Code == ViolHoliday) {
			t.Errorf("Holiday() wrong for %v", codes(pr.Violations))
		}
	}
	// skipping the holidays as EXDATEs and starting after the lead time
	// leaves only the overlap
	for _, pr := range probs {
		if pr.Holiday() {
			if r, err = r.WithExDate(pr.Window.Start); err != nil {
				t.Fatal(err)
			}
		}
	}
	r, _ = r.From(p.EarliestStart(tuesday1Dec))
	probs, _ = p.CheckRecurrence(tuesday1Dec, r, busy, 0)
	if len(probs) != 1 || probs[0].Violations[0].Code != ViolOverlap {
		t.Errorf("after skipping: %+v", probs)
	}
	// a shorter horizon sees less
	probs, _ = p.CheckRecurrence(tuesday1Dec, r, busy, 30*24*time.Hour)
	if len(probs) != 0 {
		t.Errorf("30-day horizon: %+v", probs)
	}
	// a rule outside the hours breaks every occurrence
	late, _ := ParseRecurrence("jeden Montag 17-19 Uhr", berlin, tuesday1Dec)
	probs, _ = p.CheckRecurrence(tuesday1Dec, late, nil, 0)
	if len(probs) < 50 {
		t.Errorf("17–19 every Monday: %d problems, want every occurrence", len(probs))
	}
}

func TestRecurrenceInvalid(t *testing.T) {
	good, _ := ParseRecurrence("jeden Montag 9-11", berlin, tuesday1Dec)
	bad := []Recurrence{
		{},
		func() Recurrence { r := good; r.Location = "Mars/Olympus"; return r }(),
		func() Recurrence { r := good; r.Duration = 0; return r }(),
		func() Recurrence { r := good; r.RRule = "FREQ=DAILY"; return r }(),
		func() Recurrence { r := good; r.RRule = "FREQ=WEEKLY;BYHOUR=9,10"; return r }(),
		func() Recurrence { r := good; r.RRule = "DTSTART:20261201T090000\nRRULE:FREQ=WEEKLY"; return r }(),
		func() Recurrence { r := good; r.RRule = "nonsense"; return r }(),
	}
	for i, r := range bad {
		if err := r.Validate(); !errors.Is(err, ErrInvalidRecurrence) {
			t.Errorf("bad %d: Validate() = %v", i, err)
		}
		if _, err := r.Occurrences(tuesday1Dec, tuesday1Dec.AddDate(0, 1, 0)); !errors.Is(err, ErrInvalidRecurrence) {
			t.Errorf("bad %d: Occurrences error %v", i, err)
		}
		if _, err := (VendorPolicy{}).CheckRecurrence(tuesday1Dec, r, nil, 0); !errors.Is(err, ErrInvalidRecurrence) {
			t.Errorf("bad %d: CheckRecurrence error %v", i, err)
		}
	}
}

func FuzzParseRecurrence(f *testing.F) {
	for _, s := range []string{
		"jeden ersten Dienstag im Monat 9–11 Uhr", "jeden Montag von 8 bis 10", "alle zwei Wochen mittwochs 14-16 Uhr",
		"every second Wednesday 2-4pm", "monthly on the last Friday 7-9am", "am 31. jeden Monats 9-10",
		"jeden Montag 9-11 bis Ende Februar", "every Friday 9-11, 500 times", "alle 52 Wochen montags 8-9",
		"jeden 5. Freitag im Monat 9-10", "\xffjeden\xfe Montag 9-11", "bis bis bis 31.2.", "für 60 Monate jeden Montag 8-18",
	} {
		f.Add(s)
	}
	now := tuesday1Dec
	f.Fuzz(func(t *testing.T, text string) {
		r, err := ParseRecurrence(text, berlin, now)
		if err != nil {
			return
		}
		if err := r.Validate(); err != nil {
			t.Fatalf("ParseRecurrence(%q) gave an invalid recurrence %+v: %v", text, r, err)
		}
		if !r.Start.After(now) || r.Duration <= 0 || r.Duration > 24*time.Hour {
			t.Fatalf("ParseRecurrence(%q) = %+v", text, r)
		}
		if !utf8.ValidString(r.Phrase) {
			t.Fatalf("phrase %q is not UTF-8", r.Phrase)
		}
		occ, err := r.Occurrences(now, now.AddDate(0, 3, 0))
		if err != nil {
			t.Fatal(err)
		}
		if len(occ) > 0 && !occ[0].Start.Equal(r.Start) {
			t.Fatalf("ParseRecurrence(%q): first occurrence %s, Start %s", text, occ[0].Start, r.Start)
		}
	})
}

func BenchmarkParseRecurrence(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseRecurrence("jeden ersten Dienstag im Monat 9–11 Uhr", berlin, tuesday1Dec); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCheckRecurrence(b *testing.B) {
	p := VendorPolicy{Calendar: newTestCalendar(b, "HH")}
	r, err := ParseRecurrence("jeden Montag 9-11 Uhr", berlin, tuesday1Dec)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.CheckRecurrence(tuesday1Dec, r, nil, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// TestRRuleGoLocation pins down the rrule-go behaviour Recurrence relies
// on: occurrences keep DTSTART's wall-clock time in DTSTART's location,
// so a DTSTART in UTC would drift by an hour at a DST change; rule()
// therefore always re-reads Start in Location.
func TestRRuleGoLocation(t *testing.T) {
	start := at(2027, 3, 22, 9, 0) // Monday, CET
	local, err := rrule.NewRRule(rrule.ROption{Freq: rrule.WEEKLY, Dtstart: start, Count: 2})
	if err != nil {
		t.Fatal(err)
	}
	utc, err := rrule.NewRRule(rrule.ROption{Freq: rrule.WEEKLY, Dtstart: start.UTC(), Count: 2})
	if err != nil {
		t.Fatal(err)
	}
	if got := local.All()[1].In(berlin); got.Hour() != 9 {
		t.Errorf("Berlin DTSTART: second occurrence at %s, want 09:00", got)
	}
	if got := utc.All()[1].In(berlin); got.Hour() != 10 {
		t.Errorf("UTC DTSTART: second occurrence at %s; rrule-go no longer computes in DTSTART's location", got)
	}
	r := Recurrence{RRule: "FREQ=WEEKLY;COUNT=2", Start: start.UTC(), Duration: time.Hour, Location: "Europe/Berlin"}
	occ, err := r.Occurrences(start, start.AddDate(0, 0, 14))
	if err != nil || len(occ) != 2 || occ[1].Start.Hour() != 9 {
		t.Errorf("Recurrence with a UTC Start: %s (%v)", fmtWins(occ), err)
	}
}

// TestRecurrenceEndingAt: the series ends with the given occurrence, the
// earlier end (COUNT or UNTIL) replaced, local time kept.
func TestRecurrenceEndingAt(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Berlin")
	start := time.Date(2026, 12, 1, 9, 0, 0, 0, loc)
	for _, rule := range []string{"FREQ=MONTHLY;BYDAY=1TU", "FREQ=MONTHLY;BYDAY=1TU;COUNT=24", "FREQ=MONTHLY;UNTIL=20301231T000000Z;BYDAY=1TU"} {
		r := Recurrence{RRule: rule, Start: start, Duration: 2 * time.Hour, Location: "Europe/Berlin"}
		last := time.Date(2027, 4, 6, 9, 0, 0, 0, loc) // summer time
		e := r.EndingAt(last)
		if strings.Contains(e.RRule, "COUNT") || strings.Count(e.RRule, "UNTIL=") != 1 || !strings.HasSuffix(e.RRule, "UNTIL=20270406T070000Z") {
			t.Fatalf("%s -> %s", rule, e.RRule)
		}
		occ, err := e.Occurrences(start, start.AddDate(3, 0, 0))
		if err != nil || len(occ) != 5 || !occ[4].Start.Equal(last) || occ[4].Start.In(loc).Hour() != 9 {
			t.Fatalf("%s: occurrences %v %v", rule, occ, err)
		}
		if r.RRule != rule {
			t.Fatal("EndingAt changed its receiver")
		}
	}
}

// TestParseRecurrenceDailyClock: a daily rule is refused, and the refusal
// keeps the hours it named, so that they can be checked and named too.
func TestParseRecurrenceDailyClock(t *testing.T) {
	tests := []struct {
		text     string
		from, to time.Duration
	}{
		{"every day from 7 to 8am", 7 * time.Hour, 8 * time.Hour},
		{"täglich von 7 bis 8 Uhr", 7 * time.Hour, 8 * time.Hour},
		{"werktags 9:30-11", 9*time.Hour + 30*time.Minute, 11 * time.Hour},
		{"jeden Tag", 0, 0},
	}
	for _, tc := range tests {
		_, err := ParseRecurrence(tc.text, berlin, tuesday1Dec)
		var fe *FrequencyError
		if !errors.Is(err, ErrTooFrequent) || !errors.As(err, &fe) || fe.From != tc.from || fe.To != tc.to {
			t.Errorf("ParseRecurrence(%q): %v (%+v), want too frequent at %v–%v", tc.text, err, fe, tc.from, tc.to)
		}
	}
}
