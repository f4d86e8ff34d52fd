package scheduling

import (
	"errors"
	"fmt"
	"time"
)

// Errors of PlanSeries.
var (
	// ErrSeriesBroken means the time of the series itself breaks a rule
	// (outside the hours, too long or short, a closed weekday): every
	// occurrence would; the violations say which.
	ErrSeriesBroken = errors.New("scheduling: recurring window breaks the vendor policy")
	// ErrSeriesEmpty means no allowed occurrence remains in the horizon.
	ErrSeriesEmpty = errors.New("scheduling: no allowed occurrence of the recurring window")
)

// Series is a recurring vendor window as it can be booked under the
// policy: the occurrences kept within the horizon, those left out with
// their reasons (public holidays, other vendor windows, the lead time),
// and the rule narrowed to run from its first kept occurrence to its last.
type Series struct {
	Rule    Recurrence          `json:"rule"`
	Kept    []Window            `json:"kept"`
	Skipped []OccurrenceProblem `json:"skipped,omitempty"`
}

// PlanSeries checks every occurrence of rec from the earliest start the
// lead time allows to now+horizon (zero: 12 months) against the policy.
// Occurrences on holidays, overlapping busy windows or inside the lead
// time are left out and listed in Skipped (only those between the first
// and last kept one). When a rule of the time itself is broken it returns
// ErrSeriesBroken with the violations of the first occurrence; when
// nothing remains, ErrSeriesEmpty.
func (p VendorPolicy) PlanSeries(now time.Time, rec Recurrence, busy []Window, horizon time.Duration) (Series, []Violation, error) {
	if horizon <= 0 {
		horizon = 365 * 24 * time.Hour
	}
	if from, err := rec.From(p.EarliestStart(now)); err == nil {
		rec = from
	}
	occ, err := rec.Occurrences(now, now.Add(horizon))
	if err != nil {
		return Series{}, nil, fmt.Errorf("scheduling: plan series: %w", err)
	}
	problems, err := p.CheckRecurrence(now, rec, busy, horizon)
	if err != nil {
		return Series{}, nil, err
	}
	broken := make(map[int64]OccurrenceProblem, len(problems))
	for _, pr := range problems {
		for _, v := range pr.Violations {
			switch v.Code {
			case ViolOutsideHours, ViolTooLong, ViolTooShort, ViolInvalid, ViolClosedDay:
				return Series{}, pr.Violations, ErrSeriesBroken
			}
		}
		broken[pr.Window.Start.UnixMilli()] = pr
	}
	var kept []Window
	for _, w := range occ {
		if _, bad := broken[w.Start.UnixMilli()]; !bad {
			kept = append(kept, w)
		}
	}
	if len(kept) == 0 {
		return Series{}, nil, ErrSeriesEmpty
	}
	if rec, err = rec.From(kept[0].Start); err != nil {
		return Series{}, nil, fmt.Errorf("scheduling: plan series: %w", err)
	}
	last := kept[len(kept)-1]
	if rec.Until.IsZero() || rec.Until.After(last.Start) {
		rec = rec.EndingAt(last.Start)
	}
	s := Series{Rule: rec, Kept: kept}
	for _, pr := range problems {
		if pr.Window.Start.Before(kept[0].Start) || pr.Window.Start.After(last.Start) {
			continue
		}
		s.Skipped = append(s.Skipped, pr)
	}
	return s, nil, nil
}

// SkippedStarts are the starts of the left-out occurrences, for EXDATE.
func (s Series) SkippedStarts() []time.Time {
	out := make([]time.Time, 0, len(s.Skipped))
	for _, pr := range s.Skipped {
		out = append(out, pr.Window.Start.UTC())
	}
	return out
}

// SlotOn returns the active slot of a that starts on the calendar day of
// day in loc, for cancelling one occurrence of a series.
func (a Appointment) SlotOn(day time.Time, loc *time.Location) (Slot, bool) {
	y, m, d := day.In(loc).Date()
	for _, sl := range a.ActiveSlots() {
		sy, sm, sd := sl.Start.In(loc).Date()
		if sy == y && sm == m && sd == d {
			return sl, true
		}
	}
	return Slot{}, false
}
