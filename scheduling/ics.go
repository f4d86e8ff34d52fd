package scheduling

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	ics "github.com/arran4/golang-ical"
)

// ErrInvalidInvitation means an Invitation that cannot be written or a
// calendar file that is not one this package can read back.
var ErrInvalidInvitation = errors.New("invalid invitation")

// Method is the iTIP method of an invitation (RFC 5546).
type Method string

// The methods an Invitation can carry.
const (
	// MethodRequest invites (or updates, with a higher Sequence).
	MethodRequest Method = "REQUEST"
	// MethodCancel cancels the event (or one occurrence, with
	// RecurrenceID); it carries the same UID and a higher Sequence.
	MethodCancel Method = "CANCEL"
)

// Attendee roles (RFC 5545 ROLE).
const (
	RoleRequired       = "REQ-PARTICIPANT"
	RoleOptional       = "OPT-PARTICIPANT"
	RoleChair          = "CHAIR"
	RoleNonParticipant = "NON-PARTICIPANT"
)

// ProdID is the PRODID of every calendar Encode writes.
const ProdID = "-//mspbot//mspbot vendor appointments//EN"

// Person is a calendar user: a display name and an e-mail address.
type Person struct {
	Name, Email string
}

// Attendee is an invited person with a ROLE (RoleRequired if empty).
type Attendee struct {
	Name, Email string
	Role        string
}

// Invitation is one vendor appointment as an iCalendar object (RFC 5545)
// with an iTIP method (RFC 5546).
type Invitation struct {
	// UID identifies the appointment across updates and cancellation
	// (e.g. "appt-42@msp.example"). Required.
	UID string
	// Sequence counts revisions; a cancellation or change must carry a
	// higher one than the invitation it replaces.
	Sequence int
	// Method is MethodRequest or MethodCancel (empty: MethodRequest).
	Method Method
	// Stamp is DTSTAMP, the time the object was created (the injected
	// clock). Required.
	Stamp time.Time
	// Summary, Description and Location (the system, e.g. "Server
	// SRV-01") are free text.
	Summary, Description, Location string
	// Start and End bound the (first) occurrence. Required, End after
	// Start.
	Start, End time.Time
	// TZID is the IANA time zone the times are written in (DTSTART;TZID=
	// with a VTIMEZONE); empty means Start's location. "UTC" writes UTC
	// times without VTIMEZONE (not allowed with RRule: a recurrence must
	// keep its local time across DST changes).
	TZID string
	// RRule is the recurrence rule (Recurrence.RRule) or empty.
	RRule string
	// ExDates are the starts of cancelled occurrences.
	ExDates []time.Time
	// RecurrenceID, with MethodCancel, names the one occurrence (its
	// original start) that is cancelled.
	RecurrenceID time.Time
	// Organizer is the provider.
	Organizer Person
	// Attendees are client and vendor contacts.
	Attendees []Attendee
}

// Cancellation returns the CANCEL of inv: the same UID, Sequence + 1,
// STATUS:CANCELLED, stamped at stamp.
func (inv Invitation) Cancellation(stamp time.Time) Invitation {
	c := inv
	c.Method = MethodCancel
	c.Sequence = inv.Sequence + 1
	c.Stamp = stamp
	c.RecurrenceID = time.Time{}
	return c
}

// OccurrenceCancellation returns the CANCEL of the one occurrence of a
// recurring inv that starts at start (RECURRENCE-ID), with Sequence + 1.
// The caller should also record start as an EXDATE of the series
// (Recurrence.WithExDate) for later updates.
func (inv Invitation) OccurrenceCancellation(start time.Time, stamp time.Time) Invitation {
	c := inv.Cancellation(stamp)
	c.RecurrenceID = start
	if d := inv.End.Sub(inv.Start); d > 0 {
		c.Start, c.End = start, start.Add(d)
	}
	return c
}

// FromRecurrence sets Start, End, TZID, RRule and ExDates of inv from rec.
func (inv Invitation) FromRecurrence(rec Recurrence) Invitation {
	inv.Start, inv.End = rec.Start, rec.Start.Add(rec.Duration)
	inv.TZID, inv.RRule = rec.Location, rec.RRule
	inv.ExDates = append([]time.Time(nil), rec.ExDates...)
	return inv
}

const (
	icsLocal = "20060102T150405"
	icsUTC   = "20060102T150405Z"
)

// Encode writes inv as an iCalendar file: CRLF line ends, lines folded at
// 75 octets (never inside a UTF-8 character), METHOD, a VTIMEZONE for the
// TZID, one VEVENT with STATUS CONFIRMED (REQUEST) or CANCELLED (CANCEL).
// It fails with ErrInvalidInvitation (wrapped) for a missing UID or
// Stamp, End not after Start, an unknown TZID, a recurrence in UTC or an
// invalid RRule.
func (inv Invitation) Encode() ([]byte, error) {
	fail := func(format string, a ...any) ([]byte, error) {
		return nil, fmt.Errorf("scheduling: encode invitation: %s: %w", fmt.Sprintf(format, a...), ErrInvalidInvitation)
	}
	method := inv.Method
	if method == "" {
		method = MethodRequest
	}
	if method != MethodRequest && method != MethodCancel {
		return fail("method %q", method)
	}
	uid := cleanText(inv.UID)
	if uid == "" || strings.ContainsAny(uid, "\n\t") {
		return fail("no UID")
	}
	if inv.Stamp.IsZero() {
		return fail("no DTSTAMP")
	}
	if inv.Start.IsZero() || !inv.End.After(inv.Start) {
		return fail("end not after start")
	}
	tzid := inv.TZID
	if tzid == "" {
		tzid = inv.Start.Location().String()
	}
	if tzid == "Local" {
		return fail("time zone Local has no IANA name")
	}
	loc, err := time.LoadLocation(tzid)
	if err != nil {
		return fail("time zone %q: %v", tzid, err)
	}
	utc := tzid == "UTC"
	rule := strings.TrimPrefix(strings.TrimSpace(inv.RRule), "RRULE:")
	if rule != "" {
		if utc {
			return fail("a recurrence needs a local time zone, not UTC")
		}
		if strings.ContainsAny(rule, "\r\n:") {
			return fail("RRULE %q", rule)
		}
		r := Recurrence{RRule: rule, Start: inv.Start, Duration: inv.End.Sub(inv.Start), Location: tzid}
		if err := r.Validate(); err != nil {
			return fail("RRULE %q: %v", rule, err)
		}
	}
	timeProp := func(t time.Time) (string, []ics.PropertyParameter) {
		if utc {
			return t.UTC().Format(icsUTC), nil
		}
		return t.In(loc).Format(icsLocal), []ics.PropertyParameter{ics.WithTZID(tzid)}
	}

	cal := ics.NewCalendarFor("mspbot")
	cal.SetProductId(ProdID)
	cal.SetCalscale("GREGORIAN")
	cal.SetMethod(ics.Method(method))
	if !utc {
		cal.AddVTimezone(vtimezone(tzid, loc, inv.Start))
	}
	ev := cal.AddEvent(uid)
	ev.SetSequence(inv.Sequence)
	ev.SetDtStampTime(inv.Stamp)
	v, ps := timeProp(inv.Start)
	ev.SetProperty(ics.ComponentPropertyDtStart, v, ps...)
	v, ps = timeProp(inv.End)
	ev.SetProperty(ics.ComponentPropertyDtEnd, v, ps...)
	if rule != "" {
		ev.AddRrule(rule)
		exdates := append([]time.Time(nil), inv.ExDates...)
		sort.Slice(exdates, func(i, j int) bool { return exdates[i].Before(exdates[j]) })
		for _, x := range exdates {
			v, ps := timeProp(x)
			ev.AddExdate(v, ps...)
		}
	}
	if !inv.RecurrenceID.IsZero() {
		v, ps := timeProp(inv.RecurrenceID)
		ev.SetProperty(ics.ComponentPropertyRecurrenceId, v, ps...)
	}
	if s := cleanText(inv.Summary); s != "" {
		ev.SetSummary(s)
	}
	if s := cleanText(inv.Description); s != "" {
		ev.SetDescription(s)
	}
	if s := cleanText(inv.Location); s != "" {
		ev.SetLocation(s)
	}
	if method == MethodCancel {
		ev.SetStatus(ics.ObjectStatusCancelled)
	} else {
		ev.SetStatus(ics.ObjectStatusConfirmed)
	}
	ev.SetTimeTransparency(ics.TransparencyOpaque)
	if inv.Organizer.Email != "" {
		addr, err := mailto(inv.Organizer.Email)
		if err != nil {
			return fail("organizer: %v", err)
		}
		var ps []ics.PropertyParameter
		if n := paramText(inv.Organizer.Name); n != "" {
			ps = append(ps, ics.WithCN(n))
		}
		ev.SetProperty(ics.ComponentPropertyOrganizer, addr, ps...)
	}
	for _, a := range inv.Attendees {
		addr, err := mailto(a.Email)
		if err != nil {
			return fail("attendee: %v", err)
		}
		role := a.Role
		if role == "" {
			role = RoleRequired
		}
		switch role {
		case RoleRequired, RoleOptional, RoleChair, RoleNonParticipant:
		default:
			return fail("attendee role %q", role)
		}
		ps := []ics.PropertyParameter{ics.ParticipationRole(role), ics.CalendarUserTypeIndividual}
		if method == MethodRequest {
			ps = append(ps, ics.ParticipationStatusNeedsAction, &ics.KeyValues{Key: string(ics.ParameterRsvp), Value: []string{"TRUE"}})
		}
		if n := paramText(a.Name); n != "" {
			ps = append(ps, ics.WithCN(n))
		}
		ev.AddAttendee(addr, ps...)
	}
	var b bytes.Buffer
	if err := cal.SerializeTo(&b, ics.WithNewLineWindows); err != nil {
		return nil, fmt.Errorf("scheduling: encode invitation: %w", err)
	}
	return b.Bytes(), nil
}

// cleanText removes control characters other than line feeds and tabs
// (a CR of CRLF included), so no value can break the file's lines.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
}

// paramText makes a display name safe as a parameter value: golang-ical
// writes parameter values unquoted with backslash escapes, which RFC 5545
// does not know, so the characters that would need quoting (" ; : ,) and
// the apostrophe are replaced and control characters removed.
func paramText(s string) string {
	s = strings.NewReplacer(`"`, "", ";", " ", ":", " ", ",", " ", "'", "’", "\\", "/").Replace(cleanText(s))
	s = strings.Join(strings.Fields(s), " ")
	return s
}

// mailto returns the CAL-ADDRESS of an e-mail address.
func mailto(email string) (string, error) {
	e := strings.TrimSpace(email)
	at := strings.LastIndexByte(e, '@')
	if at <= 0 || at == len(e)-1 || strings.ContainsFunc(e, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune(`"<>,;:\`, r)
	}) {
		return "", fmt.Errorf("e-mail address %q", email)
	}
	return "mailto:" + e, nil
}

// vtimezone describes loc for the year of ref and after: one STANDARD and
// one DAYLIGHT observance with yearly rules ("last Sunday of March") when
// the zone's transitions of the next 20 years follow such rules, else the
// actual transitions of those years; a zone without DST gets one
// STANDARD.
func vtimezone(tzid string, loc *time.Location, ref time.Time) *ics.VTimezone {
	tz := ics.NewTimezone(tzid)
	year := ref.In(loc).Year()
	trans := transitions(loc, year)
	if len(trans) == 0 {
		t := time.Date(year, 1, 1, 0, 0, 0, 0, loc)
		name, off := t.Zone()
		st := tz.AddStandard()
		st.SetProperty(ics.ComponentPropertyDtStart, "19700101T000000")
		st.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), utcOffset(off))
		st.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), utcOffset(off))
		st.SetProperty(ics.ComponentProperty(ics.PropertyTzname), name)
		return tz
	}
	const years = 20
	ruled := true
	for _, tr := range trans {
		for y := year + 1; y <= year+years && ruled; y++ {
			got := transitions(loc, y)
			match := false
			for _, g := range got {
				if g.dst == tr.dst && g.from == tr.from && g.to == tr.to && g.onset.Month() == tr.onset.Month() &&
					g.onset.Hour() == tr.onset.Hour() && g.onset.Minute() == tr.onset.Minute() &&
					ruleDay(tr.nth, tr.onset.Weekday(), y, tr.onset.Month()) == g.onset.Day() {
					match = true
				}
			}
			ruled = match && len(got) == len(trans)
		}
	}
	add := func(tr transition, rrule string) {
		var c *ics.ComponentBase
		if tr.dst {
			d := &ics.Daylight{}
			tz.Components = append(tz.Components, d)
			c = &d.ComponentBase
		} else {
			c = &tz.AddStandard().ComponentBase
		}
		c.SetProperty(ics.ComponentPropertyDtStart, tr.onset.Format(icsLocal))
		c.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), utcOffset(tr.from))
		c.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), utcOffset(tr.to))
		if rrule != "" {
			c.SetProperty(ics.ComponentPropertyRrule, rrule)
		}
		c.SetProperty(ics.ComponentProperty(ics.PropertyTzname), tr.name)
	}
	if ruled {
		for _, tr := range trans {
			// the rule from 1970 on, as calendar programs write it, so that
			// it also covers times before the first change of ref's year
			o := tr.onset
			tr.onset = time.Date(1970, o.Month(), ruleDay(tr.nth, o.Weekday(), 1970, o.Month()), o.Hour(), o.Minute(), o.Second(), 0, time.UTC)
			day := strconv.Itoa(tr.nth)
			add(tr, fmt.Sprintf("FREQ=YEARLY;BYMONTH=%d;BYDAY=%s%s", int(tr.onset.Month()), day,
				rruleWeekday(tr.onset.Weekday()).String()))
		}
		return tz
	}
	for y := year - 1; y <= year+years; y++ {
		for _, tr := range transitions(loc, y) {
			add(tr, "")
		}
	}
	return tz
}

// transition is one change of a zone's offset.
type transition struct {
	onset    time.Time // local wall-clock time before the change, as a UTC value
	from, to int       // offsets in seconds east of UTC
	dst      bool
	name     string
	nth      int // week of the month of onset: 1..4, or -1 for the last
}

// transitions returns the offset changes of loc in year, in order. It
// steps through the year by 6 hours and bisects each change to the
// second (ZoneBounds alone misses changes in some years after the
// tzdata's last explicit transition).
func transitions(loc *time.Location, year int) []transition {
	var out []transition
	t := time.Date(year, 1, 1, 0, 0, 0, 0, loc)
	endYear := time.Date(year+1, 1, 1, 0, 0, 0, 0, loc)
	_, off := t.Zone()
	for t.Before(endYear) {
		next := t.Add(6 * time.Hour)
		_, noff := next.Zone()
		if noff != off {
			lo, hi := t, next // offset changes in (lo, hi]
			for hi.Sub(lo) > time.Second {
				mid := lo.Add(hi.Sub(lo) / 2).Truncate(time.Second)
				if _, o := mid.Zone(); o == off {
					lo = mid
				} else {
					hi = mid
				}
			}
			name, to := hi.Zone()
			onset := hi.UTC().Add(time.Duration(off) * time.Second)
			nth := (onset.Day()-1)/7 + 1
			if onset.Day()+7 > daysIn(onset.Year(), onset.Month()) {
				nth = -1
			}
			out = append(out, transition{onset: onset, from: off, to: to, dst: hi.IsDST(), name: name, nth: nth})
			off = noff
		}
		t = next
	}
	return out
}

func daysIn(y int, m time.Month) int { return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day() }

// ruleDay returns the day of month of the nth (or last, -1) weekday wd.
func ruleDay(nth int, wd time.Weekday, y int, m time.Month) int {
	if nth == -1 {
		last := daysIn(y, m)
		lw := time.Date(y, m, last, 0, 0, 0, 0, time.UTC).Weekday()
		return last - (int(lw)-int(wd)+7)%7
	}
	fw := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC).Weekday()
	return 1 + (int(wd)-int(fw)+7)%7 + 7*(nth-1)
}

// utcOffset formats seconds east of UTC as RFC 5545 UTC-OFFSET (+0100).
func utcOffset(sec int) string {
	sign := '+'
	if sec < 0 {
		sign, sec = '-', -sec
	}
	s := fmt.Sprintf("%c%02d%02d", sign, sec/3600, sec%3600/60)
	if sec%60 != 0 {
		s += fmt.Sprintf("%02d", sec%60)
	}
	return s
}

// ParseInvitation reads back a calendar file written by Encode (or a
// similar one from a mail client) with golang-ical: the first VEVENT and
// the METHOD. Times with a TZID are read in that IANA zone. It fails with
// ErrInvalidInvitation (wrapped) if the file has no VEVENT or unreadable
// times.
func ParseInvitation(data []byte) (Invitation, error) {
	fail := func(format string, a ...any) (Invitation, error) {
		return Invitation{}, fmt.Errorf("scheduling: parse invitation: %s: %w", fmt.Sprintf(format, a...), ErrInvalidInvitation)
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(data))
	if err != nil {
		return fail("%v", err)
	}
	evs := cal.Events()
	if len(evs) == 0 {
		return fail("no VEVENT")
	}
	ev := evs[0]
	var inv Invitation
	for _, p := range cal.CalendarProperties {
		if p.IANAToken == string(ics.PropertyMethod) {
			inv.Method = Method(p.Value)
		}
	}
	inv.UID = ev.Id()
	if p := ev.GetProperty(ics.ComponentPropertySequence); p != nil {
		if inv.Sequence, err = strconv.Atoi(p.Value); err != nil {
			return fail("SEQUENCE %q", p.Value)
		}
	}
	if inv.Stamp, err = ev.GetDtStampTime(); err != nil {
		return fail("DTSTAMP: %v", err)
	}
	if inv.Start, err = ev.GetStartAt(); err != nil {
		return fail("DTSTART: %v", err)
	}
	if inv.End, err = ev.GetEndAt(); err != nil {
		return fail("DTEND: %v", err)
	}
	if p := ev.GetProperty(ics.ComponentPropertyDtStart); p != nil {
		if tz := p.ICalParameters[string(ics.ParameterTzid)]; len(tz) == 1 {
			inv.TZID = tz[0]
		}
	}
	text := func(cp ics.ComponentProperty) string {
		if p := ev.GetProperty(cp); p != nil {
			return p.Value
		}
		return ""
	}
	inv.Summary = text(ics.ComponentPropertySummary)
	inv.Description = text(ics.ComponentPropertyDescription)
	inv.Location = text(ics.ComponentPropertyLocation)
	inv.RRule = text(ics.ComponentPropertyRrule)
	for _, p := range ev.GetProperties(ics.ComponentPropertyExdate) {
		for _, v := range strings.Split(p.Value, ",") {
			t, err := parseICSTime(v, p.ICalParameters[string(ics.ParameterTzid)])
			if err != nil {
				return fail("EXDATE: %v", err)
			}
			inv.ExDates = append(inv.ExDates, t)
		}
	}
	if p := ev.GetProperty(ics.ComponentPropertyRecurrenceId); p != nil {
		if inv.RecurrenceID, err = parseICSTime(p.Value, p.ICalParameters[string(ics.ParameterTzid)]); err != nil {
			return fail("RECURRENCE-ID: %v", err)
		}
	}
	if p := ev.GetProperty(ics.ComponentPropertyOrganizer); p != nil {
		inv.Organizer = Person{Name: firstParam(p.ICalParameters, ics.ParameterCn), Email: strings.TrimPrefix(p.Value, "mailto:")}
	}
	for _, a := range ev.Attendees() {
		inv.Attendees = append(inv.Attendees, Attendee{
			Name:  firstParam(a.ICalParameters, ics.ParameterCn),
			Email: a.Email(),
			Role:  firstParam(a.ICalParameters, ics.ParameterRole),
		})
	}
	return inv, nil
}

// Status returns the STATUS of the first VEVENT of an iCalendar file
// ("CONFIRMED", "CANCELLED"), or "" if there is none.
func Status(data []byte) string {
	cal, err := ics.ParseCalendar(bytes.NewReader(data))
	if err != nil || len(cal.Events()) == 0 {
		return ""
	}
	if p := cal.Events()[0].GetProperty(ics.ComponentPropertyStatus); p != nil {
		return p.Value
	}
	return ""
}

func firstParam(ps map[string][]string, name ics.Parameter) string {
	if v := ps[string(name)]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// parseICSTime reads a DATE-TIME value, local with a TZID or UTC.
func parseICSTime(v string, tzid []string) (time.Time, error) {
	v = strings.TrimSpace(v)
	if strings.HasSuffix(v, "Z") {
		return time.Parse(icsUTC, v)
	}
	loc := time.UTC
	if len(tzid) == 1 {
		l, err := time.LoadLocation(tzid[0])
		if err != nil {
			return time.Time{}, err
		}
		loc = l
	}
	return time.ParseInLocation(icsLocal, v, loc)
}
