package scheduling

import (
	"fmt"
	"testing"
	"time"
)

func TestCheckWindow(t *testing.T) {
	hh, by := newTestCalendar(t, "HH"), newTestCalendar(t, "BY")
	win := func(s, e time.Time) Window { return Window{Start: s, End: e} }
	tests := []struct {
		name   string
		c      *Calendar
		now    time.Time
		w      Window
		ok     bool
		reason Reason
		next   Window
	}{
		{"inside", hh, monday10, win(at(2026, 11, 24, 9, 0), at(2026, 11, 24, 11, 0)),
			true, Reason{}, win(at(2026, 11, 24, 9, 0), at(2026, 11, 24, 11, 0))},
		{"partly after closing", hh, monday10, win(at(2026, 11, 23, 16, 0), at(2026, 11, 23, 18, 0)),
			true, Reason{}, win(at(2026, 11, 23, 16, 0), at(2026, 11, 23, 17, 0))},
		{"partly before opening", hh, monday10, win(at(2026, 11, 24, 7, 0), at(2026, 11, 24, 9, 0)),
			true, Reason{}, win(at(2026, 11, 24, 8, 0), at(2026, 11, 24, 9, 0))},
		{"begun", hh, monday10, win(at(2026, 11, 23, 9, 0), at(2026, 11, 23, 11, 0)),
			true, Reason{}, win(at(2026, 11, 23, 10, 0), at(2026, 11, 23, 11, 0))},
		{"over the weekend", hh, monday10, win(at(2026, 11, 27, 16, 0), at(2026, 11, 30, 10, 0)),
			true, Reason{}, win(at(2026, 11, 27, 16, 0), at(2026, 11, 27, 17, 0))},
		{"no length", hh, monday10, win(at(2026, 11, 24, 10, 0), at(2026, 11, 24, 10, 0)),
			true, Reason{}, win(at(2026, 11, 24, 10, 0), at(2026, 11, 24, 11, 0))},
		{"after hours", hh, monday10, win(at(2026, 11, 23, 18, 0), at(2026, 11, 23, 19, 0)),
			false, Reason{Code: ReasonOutsideHours}, win(at(2026, 11, 24, 8, 0), at(2026, 11, 24, 9, 0))},
		{"before hours", hh, monday10, win(at(2026, 11, 24, 6, 0), at(2026, 11, 24, 7, 0)),
			false, Reason{Code: ReasonOutsideHours}, win(at(2026, 11, 24, 8, 0), at(2026, 11, 24, 9, 0))},
		{"long evening, clipped proposal", hh, at(2026, 11, 23, 16, 0), win(at(2026, 11, 23, 17, 0), at(2026, 11, 23, 20, 0)),
			false, Reason{Code: ReasonOutsideHours}, win(at(2026, 11, 24, 8, 0), at(2026, 11, 24, 11, 0))},
		{"Friday evening", hh, monday10, win(at(2026, 11, 27, 18, 0), at(2026, 11, 27, 20, 0)),
			false, Reason{Code: ReasonOutsideHours}, win(at(2026, 11, 30, 8, 0), at(2026, 11, 30, 10, 0))},
		{"Saturday", hh, monday10, win(at(2026, 11, 28, 10, 0), at(2026, 11, 28, 12, 0)),
			false, Reason{Code: ReasonWeekend}, win(at(2026, 11, 30, 10, 0), at(2026, 11, 30, 12, 0))},
		{"Sunday evening", hh, monday10, win(at(2026, 11, 29, 18, 0), at(2026, 11, 29, 19, 0)),
			false, Reason{Code: ReasonWeekend}, win(at(2026, 11, 30, 8, 0), at(2026, 11, 30, 9, 0))},
		{"Reformationstag HH", hh, at(2028, 10, 23, 10, 0), win(at(2028, 10, 31, 9, 0), at(2028, 10, 31, 11, 0)),
			false, Reason{Code: ReasonHoliday, Holiday: "Reformationstag"}, win(at(2028, 11, 1, 9, 0), at(2028, 11, 1, 11, 0))},
		{"Reformationstag BY", by, at(2028, 10, 23, 10, 0), win(at(2028, 10, 31, 9, 0), at(2028, 10, 31, 11, 0)),
			true, Reason{}, win(at(2028, 10, 31, 9, 0), at(2028, 10, 31, 11, 0))},
		{"Allerheiligen BY", by, at(2028, 10, 23, 10, 0), win(at(2028, 11, 1, 9, 0), at(2028, 11, 1, 11, 0)),
			false, Reason{Code: ReasonHoliday, Holiday: "Allerheiligen"}, win(at(2028, 11, 2, 9, 0), at(2028, 11, 2, 11, 0))},
		{"Weihnachtstag", hh, monday10, win(at(2026, 12, 25, 10, 0), at(2026, 12, 25, 12, 0)),
			false, Reason{Code: ReasonHoliday, Holiday: "Weihnachtstag"}, win(at(2026, 12, 28, 10, 0), at(2026, 12, 28, 12, 0))},
		{"26.12. on a Saturday is a weekend", hh, monday10, win(at(2026, 12, 26, 10, 0), at(2026, 12, 26, 12, 0)),
			false, Reason{Code: ReasonWeekend}, win(at(2026, 12, 28, 10, 0), at(2026, 12, 28, 12, 0))},
		{"Christmas 2028 Monday and Tuesday", hh, monday10, win(at(2028, 12, 25, 10, 0), at(2028, 12, 25, 12, 0)),
			false, Reason{Code: ReasonHoliday, Holiday: "Weihnachtstag"}, win(at(2028, 12, 27, 10, 0), at(2028, 12, 27, 12, 0))},
		{"Zweiter Weihnachtsfeiertag 2028", hh, monday10, win(at(2028, 12, 26, 10, 0), at(2028, 12, 26, 12, 0)),
			false, Reason{Code: ReasonHoliday, Holiday: "Zweiter Weihnachtsfeiertag"}, win(at(2028, 12, 27, 10, 0), at(2028, 12, 27, 12, 0))},
		{"Karfreitag 2027", hh, at(2027, 3, 22, 10, 0), win(at(2027, 3, 26, 9, 0), at(2027, 3, 26, 11, 0)),
			false, Reason{Code: ReasonHoliday, Holiday: "Karfreitag"}, win(at(2027, 3, 30, 9, 0), at(2027, 3, 30, 11, 0))},
		{"Ostermontag 2027", hh, at(2027, 3, 22, 10, 0), win(at(2027, 3, 29, 14, 0), at(2027, 3, 29, 15, 0)),
			false, Reason{Code: ReasonHoliday, Holiday: "Ostermontag"}, win(at(2027, 3, 30, 14, 0), at(2027, 3, 30, 15, 0))},
		{"past", hh, monday10, win(at(2026, 11, 20, 9, 0), at(2026, 11, 20, 11, 0)),
			false, Reason{Code: ReasonPast}, win(at(2026, 11, 23, 10, 0), at(2026, 11, 23, 12, 0))},
		{"past after hours", hh, at(2026, 11, 23, 18, 0), win(at(2026, 11, 23, 14, 0), at(2026, 11, 23, 15, 0)),
			false, Reason{Code: ReasonPast}, win(at(2026, 11, 24, 8, 0), at(2026, 11, 24, 9, 0))},
		{"rest of today after hours", hh, at(2026, 11, 23, 16, 45), win(at(2026, 11, 23, 17, 15), at(2026, 11, 23, 18, 0)),
			false, Reason{Code: ReasonOutsideHours}, win(at(2026, 11, 24, 8, 0), at(2026, 11, 24, 8, 45))},
		{"Sunday at the spring change", hh, at(2026, 3, 27, 10, 0), win(at(2026, 3, 29, 9, 0), at(2026, 3, 29, 11, 0)),
			false, Reason{Code: ReasonWeekend}, win(at(2026, 3, 30, 9, 0), at(2026, 3, 30, 11, 0))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ok, reason, next := tc.c.CheckWindow(tc.w, tc.now)
			if ok != tc.ok || reason != tc.reason || !next.Start.Equal(tc.next.Start) || !next.End.Equal(tc.next.End) {
				t.Errorf("CheckWindow = %v, %v, %s – %s; want %v, %v, %s – %s", ok, reason,
					next.Start.Format("Mon 02.01. 15:04"), next.End.Format("Mon 02.01. 15:04"), tc.ok, tc.reason,
					tc.next.Start.Format("Mon 02.01. 15:04"), tc.next.End.Format("Mon 02.01. 15:04"))
			}
			if !next.Start.IsZero() && next.End.Sub(next.Start) > tc.w.End.Sub(tc.w.Start) && tc.w.End.After(tc.w.Start) {
				t.Errorf("proposal %v is longer than the wish", next)
			}
		})
	}
}

func TestCheckWindowASAP(t *testing.T) {
	c := newTestCalendar(t, "HH")
	tests := []struct {
		now        time.Time
		start, end time.Time
	}{
		{monday10, at(2026, 11, 23, 10, 0), at(2026, 11, 23, 12, 0)},
		{at(2026, 11, 23, 10, 7), at(2026, 11, 23, 10, 7), at(2026, 11, 23, 12, 7)},
		{at(2026, 11, 23, 16, 30), at(2026, 11, 23, 16, 30), at(2026, 11, 23, 17, 0)},
		{at(2026, 11, 27, 18, 0), at(2026, 11, 30, 8, 0), at(2026, 11, 30, 10, 0)},
		{at(2026, 12, 24, 18, 0), at(2026, 12, 28, 8, 0), at(2026, 12, 28, 10, 0)},
		{at(2026, 3, 27, 18, 0), at(2026, 3, 30, 8, 0), at(2026, 3, 30, 10, 0)},
		{at(2026, 3, 29, 6, 0), at(2026, 3, 30, 8, 0), at(2026, 3, 30, 10, 0)},
	}
	for _, tc := range tests {
		for _, text := range []string{"sofort", "asap", "jederzeit"} {
			w, err := c.ParseWindow(text, tc.now)
			if err != nil || !w.ASAP {
				t.Fatalf("ParseWindow(%q) = %v, %v", text, w, err)
			}
			ok, reason, next := c.CheckWindow(w, tc.now)
			if !ok || reason.Code != ReasonNone || !next.ASAP || !next.Start.Equal(tc.start) || !next.End.Equal(tc.end) {
				t.Errorf("CheckWindow(%q at %s) = %v, %v, %s – %s; want %s – %s", text, tc.now, ok, reason,
					next.Start, next.End, tc.start, tc.end)
			}
		}
	}
}

// TestParseThenCheck runs wishes through both steps, as the callback
// handler does.
func TestParseThenCheck(t *testing.T) {
	c := newTestCalendar(t, "HH")
	tests := []struct {
		text   string
		ok     bool
		reason ReasonCode
		next   string
	}{
		{"morgen zwischen 9 und 11", true, ReasonNone, "Dienstag, 24.11., 09:00–11:00 Uhr"},
		{"heute zwischen 16 und 18 Uhr", true, ReasonNone, "Montag, 23.11., 16:00–17:00 Uhr"},
		{"heute zwischen 18 und 19 Uhr", false, ReasonOutsideHours, "Dienstag, 24.11., 08:00–09:00 Uhr"},
		{"heute Abend", false, ReasonOutsideHours, "Dienstag, 24.11., 08:00–10:00 Uhr"},
		{"Samstag 10-12", false, ReasonWeekend, "Montag, 30.11., 10:00–12:00 Uhr"},
		{"am 25.12. vormittags", false, ReasonHoliday, "Montag, 28.12., 08:00–12:00 Uhr"},
		{"so schnell wie möglich", true, ReasonNone, "so bald wie möglich"},
	}
	for _, tc := range tests {
		w, err := c.ParseWindow(tc.text, monday10)
		if err != nil {
			t.Errorf("ParseWindow(%q): %v", tc.text, err)
			continue
		}
		ok, reason, next := c.CheckWindow(w, monday10)
		if got := FormatWindow(next, "de", nil); ok != tc.ok || reason.Code != tc.reason || got != tc.next {
			t.Errorf("%q: %v, %v, %q; want %v, %v, %q", tc.text, ok, reason, got, tc.ok, tc.reason, tc.next)
		}
	}
}

func TestReasonString(t *testing.T) {
	for r, want := range map[Reason]string{
		{}:                         "none",
		{Code: ReasonPast}:         "past",
		{Code: ReasonWeekend}:      "weekend",
		{Code: ReasonOutsideHours}: "outside business hours",
		{Code: ReasonHoliday}:      "holiday",
		{Code: ReasonHoliday, Holiday: "Ostermontag"}: "holiday (Ostermontag)",
		{Code: 99}: "ReasonCode(99)",
	} {
		if got := r.String(); got != want {
			t.Errorf("%#v.String() = %q, want %q", r, got, want)
		}
	}
}

func TestFormatWindow(t *testing.T) {
	w := Window{Start: at(2026, 11, 24, 9, 0), End: at(2026, 11, 24, 11, 0)}
	tests := []struct {
		w    Window
		lang string
		loc  *time.Location
		want string
	}{
		{w, "de", nil, "Dienstag, 24.11., 09:00–11:00 Uhr"},
		{w, "en", nil, "Tuesday 24 Nov, 09:00–11:00"},
		{w, "en-GB", berlin, "Tuesday 24 Nov, 09:00–11:00"},
		{w, "", nil, "Dienstag, 24.11., 09:00–11:00 Uhr"},
		{Window{Start: w.Start.UTC(), End: w.End.UTC()}, "de", berlin, "Dienstag, 24.11., 09:00–11:00 Uhr"},
		{Window{Start: w.Start.UTC(), End: w.End.UTC()}, "en", nil, "Tuesday 24 Nov, 08:00–10:00"},
		{Window{ASAP: true, Start: w.Start, End: w.End}, "de", nil, "so bald wie möglich"},
		{Window{ASAP: true}, "en", nil, "as soon as possible"},
		{Window{Start: at(2026, 12, 3, 10, 0), End: at(2026, 12, 3, 10, 0)}, "de", nil, "Donnerstag, 03.12., 10:00 Uhr"},
		{Window{Start: at(2026, 12, 3, 22, 0), End: at(2026, 12, 4, 0, 0)}, "en", nil, "Thursday 3 Dec, 22:00–24:00"},
		{Window{Start: at(2026, 11, 27, 16, 0), End: at(2026, 11, 30, 10, 0)}, "de", nil,
			"Freitag, 27.11., 16:00 Uhr – Montag, 30.11., 10:00 Uhr"},
		{Window{Start: at(2026, 11, 27, 16, 0), End: at(2026, 11, 30, 10, 0)}, "en", nil,
			"Friday 27 Nov, 16:00 – Monday 30 Nov, 10:00"},
		{Window{}, "de", nil, ""},
	}
	for _, tc := range tests {
		if got := FormatWindow(tc.w, tc.lang, tc.loc); got != tc.want {
			t.Errorf("FormatWindow(%v, %q) = %q, want %q", tc.w, tc.lang, got, tc.want)
		}
	}
}

func ExampleCalendar_ParseWindow() {
	c, err := NewCalendar(CalendarOptions{}) // Europe/Berlin, Hamburg, Mon–Fri 08–17
	if err != nil {
		panic(err)
	}
	now := time.Date(2026, time.November, 23, 10, 0, 0, 0, c.Location()) // a Monday
	for _, text := range []string{
		"Bitte rufen Sie mich morgen zwischen 9 und 11 an",
		"next Tuesday at 2pm",
		"Samstag 10-12",
	} {
		w, err := c.ParseWindow(text, now)
		if err != nil {
			fmt.Println(err)
			continue
		}
		ok, reason, next := c.CheckWindow(w, now)
		fmt.Printf("%q: %s, ok=%v %v → %s\n", w.Phrase, FormatWindow(w, "de", nil), ok, reason, FormatWindow(next, "en", nil))
	}
	// Output:
	// "morgen zwischen 9 und 11": Dienstag, 24.11., 09:00–11:00 Uhr, ok=true none → Tuesday 24 Nov, 09:00–11:00
	// "next Tuesday at 2pm": Dienstag, 24.11., 14:00–15:00 Uhr, ok=true none → Tuesday 24 Nov, 14:00–15:00
	// "Samstag 10-12": Samstag, 28.11., 10:00–12:00 Uhr, ok=false weekend → Monday 30 Nov, 10:00–12:00
}
