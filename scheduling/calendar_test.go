package scheduling

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestNewCalendarDefaults(t *testing.T) {
	c, err := NewCalendar(CalendarOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Location().String(); got != "Europe/Berlin" {
		t.Errorf("Location = %s", got)
	}
	if c.State() != "HH" {
		t.Errorf("State = %s", c.State())
	}
	h := c.Hours()
	want := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	if h.Open != 8*time.Hour || h.Close != 17*time.Hour || !slices.Equal(h.Days, want) {
		t.Errorf("Hours = %+v", h)
	}
}

func TestNewCalendarStates(t *testing.T) {
	all := []string{"BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH"}
	for _, s := range all {
		for _, spelling := range []string{s, strings.ToLower(s), "DE-" + s, " " + s + " "} {
			c, err := NewCalendar(CalendarOptions{State: spelling})
			if err != nil || c.State() != s {
				t.Errorf("NewCalendar(State %q) = %v, %v", spelling, c, err)
			}
		}
	}
	if got := States(); len(got) != 16 {
		t.Errorf("States() = %v", got)
	}
	_, err := NewCalendar(CalendarOptions{State: "XX"})
	if !errors.Is(err, ErrUnknownState) || !strings.Contains(err.Error(), `"XX"`) {
		t.Errorf("unknown state: %v", err)
	}
}

func TestNewCalendarHours(t *testing.T) {
	bad := []BusinessHours{
		{Open: 17 * time.Hour, Close: 8 * time.Hour},
		{Open: 8 * time.Hour, Close: 8 * time.Hour},
		{Open: 8 * time.Hour, Close: 25 * time.Hour},
		{Open: -time.Hour, Close: 8 * time.Hour},
		{Days: []time.Weekday{9}},
		{Days: []time.Weekday{}},
	}
	for _, h := range bad {
		if _, err := NewCalendar(CalendarOptions{Hours: h}); !errors.Is(err, ErrInvalidHours) {
			t.Errorf("hours %+v: %v, want ErrInvalidHours", h, err)
		}
	}
	c, err := NewCalendar(CalendarOptions{Hours: BusinessHours{Open: 9*time.Hour + 30*time.Minute, Close: 16 * time.Hour,
		Days: []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday}}})
	if err != nil {
		t.Fatal(err)
	}
	if c.IsOpen(at(2026, 11, 23, 9, 0)) || !c.IsOpen(at(2026, 11, 23, 9, 30)) || c.IsOpen(at(2026, 11, 27, 10, 0)) {
		t.Error("custom hours not applied")
	}
	if got := c.NextOpen(at(2026, 11, 26, 16, 0)); !got.Equal(at(2026, 11, 30, 9, 30)) {
		t.Errorf("NextOpen after Thursday = %s", got)
	}
}

func TestIsHoliday(t *testing.T) {
	hh, by, mv := newTestCalendar(t, "HH"), newTestCalendar(t, "BY"), newTestCalendar(t, "MV")
	tests := []struct {
		c    *Calendar
		t    time.Time
		want string // "" = no holiday
	}{
		{hh, at(2026, 10, 31, 12, 0), "Reformationstag"},
		{by, at(2026, 10, 31, 12, 0), ""},
		{hh, at(2026, 11, 1, 12, 0), ""},
		{by, at(2026, 11, 1, 12, 0), "Allerheiligen"},
		{hh, at(2026, 12, 25, 0, 0), "Weihnachtstag"},
		{hh, at(2026, 12, 26, 23, 59), "Zweiter Weihnachtsfeiertag"},
		{by, at(2026, 12, 26, 10, 0), "Zweiter Weihnachtsfeiertag"},
		{hh, at(2026, 12, 24, 10, 0), ""},
		{hh, at(2027, 3, 26, 10, 0), "Karfreitag"},
		{hh, at(2027, 3, 29, 10, 0), "Ostermontag"},
		{hh, at(2027, 3, 30, 10, 0), ""},
		{hh, at(2026, 10, 3, 10, 0), "Tag der Deutschen Einheit"},
		{mv, at(2026, 3, 8, 10, 0), "Frauentag"},
		{mv, at(2022, 3, 8, 10, 0), ""},
		{hh, at(2026, 3, 8, 10, 0), ""},
		// 23:30 UTC on 30 October is already 31 October in Berlin.
		{hh, time.Date(2026, 10, 30, 23, 30, 0, 0, time.UTC), "Reformationstag"},
	}
	for _, tc := range tests {
		hol, name := tc.c.IsHoliday(tc.t)
		if hol != (tc.want != "") || name != tc.want {
			t.Errorf("%s IsHoliday(%s) = %v, %q; want %q", tc.c.State(), tc.t, hol, name, tc.want)
		}
	}
}

func TestIsOpen(t *testing.T) {
	c := newTestCalendar(t, "HH")
	tests := []struct {
		t    time.Time
		want bool
	}{
		{at(2026, 11, 23, 10, 0), true},
		{at(2026, 11, 23, 8, 0), true},
		{at(2026, 11, 23, 7, 59), false},
		{at(2026, 11, 23, 16, 59), true},
		{at(2026, 11, 23, 17, 0), false},
		{at(2026, 11, 28, 10, 0), false},                      // Saturday
		{at(2028, 10, 31, 10, 0), false},                      // Reformationstag, a Tuesday
		{at(2026, 3, 30, 8, 30), true},                        // Monday after the spring change
		{at(2026, 3, 30, 6, 30).UTC(), false},                 // 06:30 local, given in UTC
		{time.Date(2026, 3, 30, 6, 30, 0, 0, time.UTC), true}, // 08:30 CEST
	}
	for _, tc := range tests {
		if got := c.IsOpen(tc.t); got != tc.want {
			t.Errorf("IsOpen(%s) = %v", tc.t, got)
		}
	}
}

func TestNextOpen(t *testing.T) {
	c := newTestCalendar(t, "HH")
	tests := []struct {
		t, want time.Time
	}{
		{at(2026, 11, 23, 10, 0), at(2026, 11, 23, 10, 0)},
		{at(2026, 11, 23, 6, 0), at(2026, 11, 23, 8, 0)},
		{at(2026, 11, 27, 18, 0), at(2026, 11, 30, 8, 0)}, // Friday evening
		{at(2026, 11, 29, 12, 0), at(2026, 11, 30, 8, 0)}, // Sunday
		{at(2026, 3, 27, 18, 0), at(2026, 3, 30, 8, 0)},   // over the spring change
		{at(2026, 10, 23, 18, 0), at(2026, 10, 26, 8, 0)}, // over the autumn change
		{at(2027, 3, 25, 18, 0), at(2027, 3, 30, 8, 0)},   // Karfreitag .. Ostermontag
		{at(2026, 12, 24, 17, 0), at(2026, 12, 28, 8, 0)}, // Christmas
		{at(2028, 10, 30, 17, 30), at(2028, 11, 1, 8, 0)}, // Reformationstag in HH
	}
	for _, tc := range tests {
		if got := c.NextOpen(tc.t); !got.Equal(tc.want) || got.Location() != c.Location() {
			t.Errorf("NextOpen(%s) = %s, want %s", tc.t, got, tc.want)
		}
	}
	// A calendar open on Sundays: 08:00 on the spring change day is 08:00 CEST.
	sun, err := NewCalendar(CalendarOptions{Hours: BusinessHours{Days: []time.Weekday{time.Sunday}}})
	if err != nil {
		t.Fatal(err)
	}
	got := sun.NextOpen(at(2026, 3, 28, 20, 0))
	if got.Format("2006-01-02 15:04 MST") != "2026-03-29 08:00 CEST" {
		t.Errorf("Sunday calendar NextOpen = %s", got)
	}
	if !sun.IsOpen(at(2026, 3, 29, 16, 59)) || sun.IsOpen(at(2026, 3, 29, 17, 0)) {
		t.Error("Sunday calendar hours on the change day")
	}
}
