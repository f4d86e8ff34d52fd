package scheduling

import (
	"errors"
	"fmt"
	"math/rand"
	"reflect"
	"testing"
	"time"
)

// win is a window between two Berlin wall-clock times.
func win(s, e time.Time) Window { return Window{Start: s, End: e} }

func codes(vs []Violation) []ViolationCode {
	out := []ViolationCode{}
	for _, v := range vs {
		out = append(out, v.Code)
	}
	return out
}

func TestVendorCheck(t *testing.T) {
	p := VendorPolicy{}
	// Monday 23 November 2026, 10:00: the lead time ends Monday 30
	// November, 10:00.
	now := monday10
	busy := []Window{
		win(at(2026, 12, 2, 10, 0), at(2026, 12, 2, 12, 0)),
		win(at(2026, 12, 2, 13, 0), at(2026, 12, 2, 14, 0)),
	}
	tests := []struct {
		name string
		now  time.Time
		w    Window
		want []ViolationCode
	}{
		{"allowed", now, win(at(2026, 12, 1, 9, 0), at(2026, 12, 1, 11, 0)), nil},
		{"exactly 7 days", now, win(at(2026, 11, 30, 10, 0), at(2026, 11, 30, 12, 0)), nil},
		{"one minute short of 7 days", now, win(at(2026, 11, 30, 9, 59), at(2026, 11, 30, 12, 0)), []ViolationCode{ViolLeadTime}},
		{"one nanosecond short of 7 days", now,
			win(at(2026, 11, 30, 10, 0).Add(-time.Nanosecond), at(2026, 11, 30, 12, 0)), []ViolationCode{ViolLeadTime}},
		{"tomorrow", now, win(at(2026, 11, 24, 9, 0), at(2026, 11, 24, 11, 0)), []ViolationCode{ViolLeadTime}},
		{"right now", now, win(now, now.Add(time.Hour)), []ViolationCode{ViolLeadTime}},
		{"begun", now, win(now.Add(-time.Minute), now.Add(time.Hour)), []ViolationCode{ViolPast}},
		{"last week", now, win(at(2026, 11, 16, 9, 0), at(2026, 11, 16, 11, 0)), []ViolationCode{ViolPast}},
		// spring DST change (28 March 2027) inside the week: 167 real hours are enough
		{"spring DST week, 10:00 a week on", at(2027, 3, 23, 10, 0), win(at(2027, 3, 30, 10, 0), at(2027, 3, 30, 12, 0)), nil},
		{"spring DST week, 09:30 a week on", at(2027, 3, 23, 10, 0), win(at(2027, 3, 30, 9, 30), at(2027, 3, 30, 12, 0)), []ViolationCode{ViolLeadTime}},
		{"Easter Monday", at(2027, 3, 22, 10, 0), win(at(2027, 3, 29, 10, 0), at(2027, 3, 29, 12, 0)), []ViolationCode{ViolHoliday}},
		// autumn change (31 October 2027): 168.5 real hours are not enough at 09:30
		{"autumn DST week, 09:30 a week on", at(2027, 10, 25, 10, 0), win(at(2027, 11, 1, 9, 30), at(2027, 11, 1, 12, 0)), []ViolationCode{ViolLeadTime}},
		{"autumn DST week, 10:00 a week on", at(2027, 10, 25, 10, 0), win(at(2027, 11, 1, 10, 0), at(2027, 11, 1, 12, 0)), nil},
		{"Saturday", now, win(at(2026, 12, 5, 10, 0), at(2026, 12, 5, 12, 0)), []ViolationCode{ViolClosedDay}},
		{"Sunday", now, win(at(2026, 12, 6, 10, 0), at(2026, 12, 6, 12, 0)), []ViolationCode{ViolClosedDay}},
		{"Christmas Day", now, win(at(2026, 12, 25, 9, 0), at(2026, 12, 25, 11, 0)), []ViolationCode{ViolHoliday}},
		{"before hours", now, win(at(2026, 12, 1, 7, 30), at(2026, 12, 1, 9, 0)), []ViolationCode{ViolOutsideHours}},
		{"until closing", now, win(at(2026, 12, 1, 16, 0), at(2026, 12, 1, 18, 0)), nil},
		{"after closing", now, win(at(2026, 12, 1, 17, 0), at(2026, 12, 1, 18, 30)), []ViolationCode{ViolOutsideHours}},
		{"evening", now, win(at(2026, 12, 1, 19, 0), at(2026, 12, 1, 21, 0)), []ViolationCode{ViolOutsideHours}},
		{"over midnight", now, win(at(2026, 12, 1, 17, 0), at(2026, 12, 2, 9, 0)),
			[]ViolationCode{ViolTooLong, ViolOutsideHours}},
		{"too short", now, win(at(2026, 12, 1, 9, 0), at(2026, 12, 1, 9, 15)), []ViolationCode{ViolTooShort}},
		{"exactly 30 minutes", now, win(at(2026, 12, 1, 9, 0), at(2026, 12, 1, 9, 30)), nil},
		{"exactly 8 hours", now, win(at(2026, 12, 1, 9, 0), at(2026, 12, 1, 17, 0)), nil},
		{"too long", now, win(at(2026, 12, 1, 8, 0), at(2026, 12, 1, 16, 30)), []ViolationCode{ViolTooLong}},
		{"touching busy windows", now, win(at(2026, 12, 2, 12, 0), at(2026, 12, 2, 13, 0)), nil},
		{"overlapping one", now, win(at(2026, 12, 2, 11, 30), at(2026, 12, 2, 12, 30)), []ViolationCode{ViolOverlap}},
		{"overlapping two", now, win(at(2026, 12, 2, 11, 0), at(2026, 12, 2, 13, 30)), []ViolationCode{ViolOverlap, ViolOverlap}},
		{"same as busy", now, busy[0], []ViolationCode{ViolOverlap}},
		{"everything at once", now, win(at(2026, 11, 28, 6, 0), at(2026, 11, 28, 16, 0)),
			[]ViolationCode{ViolLeadTime, ViolTooLong, ViolClosedDay, ViolOutsideHours}},
		{"holiday on a Saturday", now, win(at(2026, 12, 26, 9, 0), at(2026, 12, 26, 11, 0)),
			[]ViolationCode{ViolClosedDay, ViolHoliday}},
		{"reversed", now, win(at(2026, 12, 1, 11, 0), at(2026, 12, 1, 9, 0)), []ViolationCode{ViolInvalid}},
		{"empty", now, win(at(2026, 12, 1, 11, 0), at(2026, 12, 1, 11, 0)), []ViolationCode{ViolInvalid}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := codes(p.Check(tc.now, tc.w, busy))
			want := tc.want
			if want == nil {
				want = []ViolationCode{}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Check(%s – %s) = %v, want %v", tc.w.Start, tc.w.End, got, want)
			}
		})
	}
}

func TestVendorCheckDetails(t *testing.T) {
	p := VendorPolicy{}
	vs := p.Check(monday10, win(at(2026, 11, 24, 9, 0), at(2026, 11, 24, 11, 0)), nil)
	if len(vs) != 1 || vs[0].Code != ViolLeadTime || !vs[0].Earliest.Equal(at(2026, 11, 30, 10, 0)) || vs[0].Limit != 7*24*time.Hour {
		t.Errorf("lead time violation = %+v, want earliest 30.11. 10:00 and limit 168h", vs)
	}
	vs = p.Check(at(2028, 10, 16, 9, 0), win(at(2028, 10, 31, 9, 0), at(2028, 10, 31, 11, 0)), nil)
	if len(vs) != 1 || vs[0].Holiday != "Reformationstag" || !vs[0].Day.Equal(at(2028, 10, 31, 0, 0)) {
		t.Errorf("holiday violation = %+v, want Reformationstag on 31.10.2028", vs)
	}
	busy := win(at(2026, 12, 2, 10, 0), at(2026, 12, 2, 12, 0))
	vs = p.Check(monday10, win(at(2026, 12, 2, 11, 0), at(2026, 12, 2, 13, 0)), []Window{busy})
	if len(vs) != 1 || !vs[0].Conflict.Start.Equal(busy.Start) || !vs[0].Conflict.End.Equal(busy.End) {
		t.Errorf("overlap violation = %+v, want the busy window", vs)
	}
	vs = p.Check(monday10, win(at(2026, 12, 2, 17, 0), at(2026, 12, 2, 19, 0)), nil)
	if len(vs) != 1 || vs[0].Open != 8*time.Hour || vs[0].Close != 18*time.Hour {
		t.Errorf("outside hours violation = %+v, want 08:00–18:00", vs)
	}
	vs = p.Check(monday10, win(at(2026, 12, 2, 8, 0), at(2026, 12, 2, 17, 0)), nil)
	if len(vs) != 1 || vs[0].Limit != 8*time.Hour {
		t.Errorf("too long violation = %+v, want limit 8h", vs)
	}
	if s := (Violation{Code: ViolHoliday, Holiday: "Neujahr"}).String(); s != "holiday (Neujahr)" {
		t.Errorf("String() = %q", s)
	}
}

func TestVendorPolicySettings(t *testing.T) {
	by := newTestCalendar(t, "BY")
	p := VendorPolicy{
		Calendar:    by,
		LeadTime:    2*24*time.Hour + 12*time.Hour,
		Hours:       BusinessHours{Open: 7 * time.Hour, Close: 20 * time.Hour, Days: []time.Weekday{time.Monday, time.Saturday}},
		MinDuration: time.Hour, MaxDuration: 12 * time.Hour,
	}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	now := monday10 // Monday 23.11.2026 10:00: earliest Wednesday 25.11. 22:00
	if e := p.EarliestStart(now); !e.Equal(at(2026, 11, 25, 22, 0)) {
		t.Errorf("EarliestStart = %s, want 25.11. 22:00", e)
	}
	if vs := p.Check(now, win(at(2026, 11, 28, 7, 0), at(2026, 11, 28, 19, 0)), nil); len(vs) != 0 {
		t.Errorf("Saturday 07–19 = %v, want allowed", codes(vs))
	}
	if vs := p.Check(now, win(at(2026, 12, 1, 9, 0), at(2026, 12, 1, 11, 0)), nil); !reflect.DeepEqual(codes(vs), []ViolationCode{ViolClosedDay}) {
		t.Errorf("Tuesday = %v, want closed day", codes(vs))
	}
	// 8 December is a holiday nowhere in Germany, 6 January (Heilige Drei Könige) in Bavaria
	if vs := p.Check(now, win(at(2027, 1, 6, 9, 0), at(2027, 1, 6, 11, 0)), nil); !reflect.DeepEqual(codes(vs), []ViolationCode{ViolClosedDay, ViolHoliday}) {
		t.Errorf("6.1.2027 = %v", codes(vs))
	}
	if vs := p.Check(now, win(at(2026, 11, 30, 9, 0), at(2026, 11, 30, 9, 45)), nil); !reflect.DeepEqual(codes(vs), []ViolationCode{ViolTooShort}) {
		t.Errorf("45 minutes = %v, want too short", codes(vs))
	}
	none := VendorPolicy{LeadTime: -1}
	if vs := none.Check(monday10, win(at(2026, 11, 23, 11, 0), at(2026, 11, 23, 12, 0)), nil); len(vs) != 0 {
		t.Errorf("no lead time: %v", codes(vs))
	}

	bad := []VendorPolicy{
		{Hours: BusinessHours{Open: 18 * time.Hour, Close: 8 * time.Hour}},
		{Hours: BusinessHours{Open: 8 * time.Hour, Close: 25 * time.Hour}},
		{Hours: BusinessHours{Days: []time.Weekday{}}},
		{Hours: BusinessHours{Days: []time.Weekday{9}}},
		{MinDuration: 9 * time.Hour, MaxDuration: 8 * time.Hour},
		{MinDuration: 11 * time.Hour, MaxDuration: 12 * time.Hour},
	}
	for i, b := range bad {
		if err := b.Validate(); !errors.Is(err, ErrInvalidHours) {
			t.Errorf("bad policy %d: Validate() = %v, want ErrInvalidHours", i, err)
		}
	}
	if err := (VendorPolicy{}).Validate(); err != nil {
		t.Errorf("zero policy: %v", err)
	}
}

func TestVendorDayHours(t *testing.T) {
	p := VendorPolicy{}
	w, ok := p.DayHours(at(2026, 12, 1, 15, 0))
	if !ok || !w.Start.Equal(at(2026, 12, 1, 8, 0)) || !w.End.Equal(at(2026, 12, 1, 18, 0)) {
		t.Errorf("DayHours(Tue) = %v %v", w, ok)
	}
	if _, ok := p.DayHours(at(2026, 12, 25, 9, 0)); ok {
		t.Error("DayHours(Christmas) open")
	}
	if _, ok := p.DayHours(at(2026, 12, 5, 9, 0)); ok {
		t.Error("DayHours(Saturday) open")
	}
}

func TestVendorEarliest(t *testing.T) {
	p := VendorPolicy{}
	tests := []struct {
		name string
		now  time.Time
		dur  time.Duration
		busy []Window
		want Window
	}{
		{"on the grid", monday10, 2 * time.Hour, nil, win(at(2026, 11, 30, 10, 0), at(2026, 11, 30, 12, 0))},
		{"rounded up to the grid", at(2026, 11, 23, 10, 7), time.Hour, nil, win(at(2026, 11, 30, 10, 30), at(2026, 11, 30, 11, 30))},
		{"does not fit before closing", at(2026, 11, 20, 17, 0), 2 * time.Hour, nil, win(at(2026, 11, 30, 8, 0), at(2026, 11, 30, 10, 0))},
		{"Friday evening", at(2026, 11, 20, 19, 0), time.Hour, nil, win(at(2026, 11, 30, 8, 0), at(2026, 11, 30, 9, 0))},
		{"after a busy window", monday10, time.Hour, []Window{win(at(2026, 11, 30, 9, 0), at(2026, 11, 30, 12, 10))},
			win(at(2026, 11, 30, 12, 30), at(2026, 11, 30, 13, 30))},
		{"between busy windows", monday10, time.Hour, []Window{
			win(at(2026, 11, 30, 10, 0), at(2026, 11, 30, 11, 0)), win(at(2026, 11, 30, 12, 0), at(2026, 11, 30, 13, 0))},
			win(at(2026, 11, 30, 11, 0), at(2026, 11, 30, 12, 0))},
		{"day full", monday10, time.Hour, []Window{win(at(2026, 11, 30, 8, 0), at(2026, 11, 30, 18, 0))},
			win(at(2026, 12, 1, 8, 0), at(2026, 12, 1, 9, 0))},
		{"over Christmas", at(2026, 12, 18, 10, 0), 3 * time.Hour, nil, win(at(2026, 12, 28, 8, 0), at(2026, 12, 28, 11, 0))},
		{"over New Year", at(2026, 12, 25, 10, 0), 8 * time.Hour, nil, win(at(2027, 1, 4, 8, 0), at(2027, 1, 4, 16, 0))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := p.Earliest(tc.now, tc.dur, tc.busy)
			if !ok || !got.Start.Equal(tc.want.Start) || !got.End.Equal(tc.want.End) {
				t.Errorf("Earliest = %s – %s (%v), want %s – %s", got.Start, got.End, ok, tc.want.Start, tc.want.End)
			}
			if vs := p.Check(tc.now, got, tc.busy); len(vs) != 0 {
				t.Errorf("Earliest slot breaks %v", codes(vs))
			}
		})
	}
	for _, d := range []time.Duration{0, 10 * time.Minute, 9 * time.Hour} {
		if w, ok := p.Earliest(monday10, d, nil); ok {
			t.Errorf("Earliest(%s) = %v, want none", d, w)
		}
	}
}

func TestVendorPropose(t *testing.T) {
	p := VendorPolicy{}
	now := monday10 // lead time ends Monday 30.11. 10:00
	day := func(d int) Window { return win(at(2026, 12, d, 0, 0), at(2026, 12, d+1, 0, 0)) }
	tests := []struct {
		name  string
		dur   time.Duration
		prefs []Window
		busy  []Window
		want  []Window
	}{
		{"no preference: earliest, distinct days", 2 * time.Hour, nil, nil, []Window{
			win(at(2026, 11, 30, 10, 0), at(2026, 11, 30, 12, 0)),
			win(at(2026, 12, 1, 8, 0), at(2026, 12, 1, 10, 0)),
			win(at(2026, 12, 2, 8, 0), at(2026, 12, 2, 10, 0)),
		}},
		{"inside a time range", time.Hour, []Window{win(at(2026, 12, 3, 14, 0), at(2026, 12, 3, 16, 0))}, nil, []Window{
			win(at(2026, 12, 3, 14, 0), at(2026, 12, 3, 15, 0)),
			// then the nearest after it, on days not yet used
			win(at(2026, 12, 4, 8, 0), at(2026, 12, 4, 9, 0)),
			win(at(2026, 12, 7, 8, 0), at(2026, 12, 7, 9, 0)),
		}},
		// a start on a quarter hour is offered as wished (probe set H: "from
		// quarter past one" was offered 13:30)
		{"from a quarter hour", 90 * time.Minute, []Window{win(at(2026, 12, 3, 13, 15), at(2026, 12, 3, 17, 0))}, nil, []Window{
			win(at(2026, 12, 3, 13, 15), at(2026, 12, 3, 14, 45)),
			win(at(2026, 12, 4, 8, 0), at(2026, 12, 4, 9, 30)),
			win(at(2026, 12, 7, 8, 0), at(2026, 12, 7, 9, 30)),
		}},
		{"three preferred days", 3 * time.Hour, []Window{day(8), day(3), day(10)}, nil, []Window{
			win(at(2026, 12, 3, 8, 0), at(2026, 12, 3, 11, 0)),
			win(at(2026, 12, 8, 8, 0), at(2026, 12, 8, 11, 0)),
			win(at(2026, 12, 10, 8, 0), at(2026, 12, 10, 11, 0)),
		}},
		{"preferred day partly busy", 2 * time.Hour, []Window{day(3)}, []Window{win(at(2026, 12, 3, 8, 0), at(2026, 12, 3, 13, 0))}, []Window{
			win(at(2026, 12, 3, 13, 0), at(2026, 12, 3, 15, 0)),
			win(at(2026, 12, 4, 8, 0), at(2026, 12, 4, 10, 0)),
			win(at(2026, 12, 7, 8, 0), at(2026, 12, 7, 10, 0)),
		}},
		{"preference too early: from the lead time on", time.Hour, []Window{win(at(2026, 11, 24, 9, 0), at(2026, 11, 24, 11, 0))}, nil, []Window{
			win(at(2026, 11, 30, 10, 0), at(2026, 11, 30, 11, 0)),
			win(at(2026, 12, 1, 8, 0), at(2026, 12, 1, 9, 0)),
			win(at(2026, 12, 2, 8, 0), at(2026, 12, 2, 9, 0)),
		}},
		{"preference on a holiday", time.Hour, []Window{day(25)}, nil, []Window{
			win(at(2026, 12, 28, 8, 0), at(2026, 12, 28, 9, 0)),
			win(at(2026, 12, 29, 8, 0), at(2026, 12, 29, 9, 0)),
			win(at(2026, 12, 30, 8, 0), at(2026, 12, 30, 9, 0)),
		}},
		{"one free day only: same day twice", 4 * time.Hour, nil, []Window{
			win(at(2026, 11, 30, 8, 0), at(2026, 12, 4, 18, 0)), // the whole week busy
			win(at(2026, 12, 8, 8, 0), at(2028, 6, 1, 18, 0)),   // and all from Tuesday on
		}, []Window{
			win(at(2026, 12, 7, 8, 0), at(2026, 12, 7, 12, 0)),
			win(at(2026, 12, 7, 12, 0), at(2026, 12, 7, 16, 0)),
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := p.Propose(now, tc.dur, tc.prefs, tc.busy, 3)
			if len(got) != len(tc.want) {
				t.Fatalf("Propose = %v, want %v", fmtWins(got), fmtWins(tc.want))
			}
			for i := range got {
				if !got[i].Start.Equal(tc.want[i].Start) || !got[i].End.Equal(tc.want[i].End) {
					t.Fatalf("Propose = %v, want %v", fmtWins(got), fmtWins(tc.want))
				}
			}
		})
	}
	if got := p.Propose(now, 9*time.Hour, nil, nil, 3); len(got) != 0 {
		t.Errorf("Propose(9h) = %v, want none", fmtWins(got))
	}
	if got := p.Propose(now, time.Hour, nil, nil, 0); len(got) != DefaultProposals {
		t.Errorf("Propose(n=0) gave %d, want %d", len(got), DefaultProposals)
	}
}

func fmtWins(ws []Window) string {
	s := ""
	for _, w := range ws {
		s += fmt.Sprintf("[%s–%s] ", w.Start.Format("Mon 02.01. 15:04"), w.End.Format("15:04"))
	}
	return s
}

// TestVendorProposeProperties checks on many generated situations that
// every proposal obeys the policy, avoids busy windows and the other
// proposals, and uses distinct days whenever the generous first search
// found enough days.
func TestVendorProposeProperties(t *testing.T) {
	p := VendorPolicy{}
	rng := rand.New(rand.NewSource(6))
	base := at(2026, 11, 2, 0, 0)
	for k := 0; k < 300; k++ {
		now := base.Add(time.Duration(rng.Intn(60*24*60)) * time.Minute) // some minute in 60 days
		dur := time.Duration(1+rng.Intn(16)) * 30 * time.Minute
		var busy, prefs []Window
		for i := rng.Intn(8); i > 0; i-- {
			s := now.Add(time.Duration(rng.Intn(30*24)) * time.Hour)
			busy = append(busy, win(s, s.Add(time.Duration(1+rng.Intn(10))*time.Hour)))
		}
		for i := rng.Intn(3); i > 0; i-- {
			s := now.Add(time.Duration(rng.Intn(20*24)) * time.Hour)
			prefs = append(prefs, win(s, s.Add(time.Duration(1+rng.Intn(30))*time.Hour)))
		}
		got := p.Propose(now, dur, prefs, busy, 3)
		if len(got) != 3 {
			t.Fatalf("case %d: %d proposals, want 3 (dur %s)", k, len(got), dur)
		}
		days := map[time.Time]bool{}
		for i, w := range got {
			if vs := p.Check(now, w, busy); len(vs) != 0 {
				t.Fatalf("case %d: proposal %s breaks %v", k, fmtWins([]Window{w}), codes(vs))
			}
			if w.End.Sub(w.Start) != dur {
				t.Fatalf("case %d: proposal length %s, want %s", k, w.End.Sub(w.Start), dur)
			}
			for j := 0; j < i; j++ {
				if Overlaps(got[j], w) {
					t.Fatalf("case %d: proposals overlap: %s", k, fmtWins(got))
				}
			}
			if i > 0 && got[i].Start.Before(got[i-1].Start) {
				t.Fatalf("case %d: not sorted: %s", k, fmtWins(got))
			}
			days[dayOf(w.Start)] = true
		}
		if len(days) != 3 {
			t.Fatalf("case %d: proposals on %d days, want 3: %s", k, len(days), fmtWins(got))
		}
	}
}

func TestOverlaps(t *testing.T) {
	a := win(at(2026, 12, 1, 9, 0), at(2026, 12, 1, 11, 0))
	for _, tc := range []struct {
		b    Window
		want bool
	}{
		{win(at(2026, 12, 1, 11, 0), at(2026, 12, 1, 12, 0)), false},
		{win(at(2026, 12, 1, 8, 0), at(2026, 12, 1, 9, 0)), false},
		{win(at(2026, 12, 1, 10, 59), at(2026, 12, 1, 12, 0)), true},
		{win(at(2026, 12, 1, 9, 30), at(2026, 12, 1, 10, 0)), true},
		{win(at(2026, 12, 1, 8, 0), at(2026, 12, 1, 12, 0)), true},
	} {
		if got := Overlaps(a, tc.b); got != tc.want || Overlaps(tc.b, a) != tc.want {
			t.Errorf("Overlaps(%s, %s) = %v, want %v", fmtWins([]Window{a}), fmtWins([]Window{tc.b}), got, tc.want)
		}
	}
}

// TestVendorPreferencePhrases checks that the date phrases a client uses
// for vendor appointments weeks ahead parse with ParseWindow.
func TestVendorPreferencePhrases(t *testing.T) {
	c := newTestCalendar(t, "HH")
	now := at(2026, 12, 20, 10, 0) // Sunday 20 December 2026
	day := func(y int, m time.Month, d int) (time.Time, time.Time) { return at(y, m, d, 8, 0), at(y, m, d, 17, 0) }
	var cases []parseCase
	add := func(text string, s, e time.Time) { cases = append(cases, parseCase{text: text, start: s, end: e}) }
	s, e := day(2026, 12, 22)
	add("nächsten Dienstag", s, e)
	add("next Tuesday", s, e)
	s, e = day(2026, 12, 23)
	add("next Wednesday", s, e)
	s, e = day(2027, 1, 5)
	add("am 5.1.", s, e)
	add("am 05.01.2027", s, e)
	add("January 5th", s, e)
	add("in drei Wochen am Dienstag", s, e)
	add("am 5.1. von 9 bis 12 Uhr", at(2027, 1, 5, 9, 0), at(2027, 1, 5, 12, 0))
	s, e = day(2027, 12, 14)
	add("am 14.12.", s, e) // 14 December is over this year
	s, e = day(2027, 1, 3)
	add("in zwei Wochen", s, e)
	add("in two weeks", s, e)
	s, e = day(2026, 12, 29)
	add("Dienstag in zwei Wochen", s, e) // the Tuesday of the calendar week two weeks on
	add("in 2 Wochen am Montag um 10 Uhr", at(2026, 12, 28, 10, 0), at(2026, 12, 28, 11, 0))
	runParseCases(t, now, cases)

	for _, text := range []string{"Mitte Dezember", "Anfang Januar", "nächste Woche", "KW 3"} {
		if _, err := c.ParseWindow(text, now); !errors.Is(err, ErrNoWindow) {
			t.Errorf("ParseWindow(%q) = %v, want ErrNoWindow (ask back)", text, err)
		}
	}
}

func BenchmarkVendorPropose(b *testing.B) {
	p := VendorPolicy{}
	prefs := []Window{win(at(2026, 12, 3, 0, 0), at(2026, 12, 4, 0, 0)), win(at(2026, 12, 8, 14, 0), at(2026, 12, 8, 16, 0))}
	var busy []Window
	for d := 1; d <= 20; d++ {
		busy = append(busy, win(at(2026, 12, d, 9, 0), at(2026, 12, d, 12, 0)))
	}
	b.ReportAllocs()
	for b.Loop() {
		if len(p.Propose(monday10, 2*time.Hour, prefs, busy, 3)) != 3 {
			b.Fatal("no proposals")
		}
	}
}

func BenchmarkVendorCheck(b *testing.B) {
	p := VendorPolicy{Calendar: newTestCalendar(b, "HH")}
	w := win(at(2026, 12, 1, 9, 0), at(2026, 12, 1, 11, 0))
	busy := []Window{win(at(2026, 12, 1, 12, 0), at(2026, 12, 1, 13, 0))}
	b.ReportAllocs()
	for b.Loop() {
		if len(p.Check(monday10, w, busy)) != 0 {
			b.Fatal("violation")
		}
	}
}
