package scheduling

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// stamp is DTSTAMP of the test invitations.
var stamp = time.Date(2026, 12, 1, 10, 0, 0, 0, berlin)

func singleInvitation() Invitation {
	return Invitation{
		UID:      "appt-7f3a@mspbot.example",
		Sequence: 0,
		Method:   MethodRequest,
		Stamp:    stamp,
		Summary:  "Herstellerzugang: DATEV-Update auf SRV-01",
		Description: "Wartungsfenster für den Hersteller (Zugang zum Server SRV-01).\n" +
			"Das Herstellerkonto wird zu Beginn aktiviert und am Ende deaktiviert; keine Administratorrechte.\n" +
			"Fragen: Telefon 040 69645099, Ticket #123; Pfad C:\\DATEV\\update.",
		Location:  "SRV-01 (Warenwirtschaft)",
		Start:     at(2026, 12, 15, 9, 0),
		End:       at(2026, 12, 15, 12, 0),
		Organizer: Person{Name: "NIERO@net e.K. Service", Email: "service@msp.example"},
		Attendees: []Attendee{
			{Name: "Müller, Hans", Email: "h.mueller@kunde.example"},
			{Name: "Jane O'Neill (Vendor \"Support\")", Email: "jane@vendor.example", Role: RoleRequired},
			{Name: "", Email: "it@kunde.example", Role: RoleOptional},
		},
	}
}

func recurringInvitation(t *testing.T) (Invitation, Recurrence) {
	rec, err := ParseRecurrence("jeden ersten Dienstag im Monat 9–11 Uhr", berlin, tuesday1Dec)
	if err != nil {
		t.Fatal(err)
	}
	// the April occurrence falls in the Easter holidays of the client: skipped
	if rec, err = rec.WithExDate(at(2027, 4, 6, 9, 0)); err != nil {
		t.Fatal(err)
	}
	inv := singleInvitation()
	inv.UID = "series-19c2@mspbot.example"
	inv.Summary = "Herstellerzugang monatlich: Patchday Warenwirtschaft"
	return inv.FromRecurrence(rec), rec
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run %s -update to create it)", err, t.Name())
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// checkRFC5545Lines checks CRLF line ends, folding at 75 octets without
// splitting a UTF-8 character, and that unfolding gives the lines back.
func checkRFC5545Lines(t *testing.T, b []byte) []string {
	t.Helper()
	s := string(b)
	if !strings.HasSuffix(s, "\r\n") {
		t.Error("does not end with CRLF")
	}
	if strings.Count(s, "\n") != strings.Count(s, "\r\n") || strings.Count(s, "\r") != strings.Count(s, "\r\n") {
		t.Error("bare LF or CR in the file")
	}
	phys := strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n")
	var logical []string
	for i, l := range phys {
		if len(l) > 75 {
			t.Errorf("line %d has %d octets: %q", i+1, len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d splits a UTF-8 character: %q", i+1, l)
		}
		if strings.HasPrefix(l, " ") {
			if len(logical) == 0 {
				t.Fatal("file starts with a continuation line")
			}
			logical[len(logical)-1] += l[1:]
			continue
		}
		logical = append(logical, l)
	}
	if logical[0] != "BEGIN:VCALENDAR" || logical[len(logical)-1] != "END:VCALENDAR" {
		t.Errorf("not a VCALENDAR: %q … %q", logical[0], logical[len(logical)-1])
	}
	return logical
}

func hasLine(lines []string, want string) bool {
	for _, l := range lines {
		if l == want {
			return true
		}
	}
	return false
}

func TestInvitationSingle(t *testing.T) {
	inv := singleInvitation()
	b, err := inv.Encode()
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "invitation_single.ics", b)
	lines := checkRFC5545Lines(t, b)
	for _, want := range []string{
		"METHOD:REQUEST", "VERSION:2.0", "PRODID:" + ProdID, "BEGIN:VTIMEZONE", "TZID:Europe/Berlin",
		"DTSTART;TZID=Europe/Berlin:20261215T090000", "DTEND;TZID=Europe/Berlin:20261215T120000",
		"DTSTAMP:20261201T090000Z", "UID:appt-7f3a@mspbot.example", "SEQUENCE:0", "STATUS:CONFIRMED",
		"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
		"TZOFFSETFROM:+0100", "TZOFFSETTO:+0200",
	} {
		if !hasLine(lines, want) {
			t.Errorf("no line %q", want)
		}
	}
	back, err := ParseInvitation(b)
	if err != nil {
		t.Fatal(err)
	}
	compareInvitations(t, back, inv)
}

// compareInvitations checks every field of a parsed invitation; display
// names are compared as written by paramText.
func compareInvitations(t *testing.T, got, want Invitation) {
	t.Helper()
	if want.Method == "" {
		want.Method = MethodRequest
	}
	if got.UID != want.UID || got.Sequence != want.Sequence || got.Method != want.Method {
		t.Errorf("UID/SEQUENCE/METHOD = %q %d %q, want %q %d %q", got.UID, got.Sequence, got.Method, want.UID, want.Sequence, want.Method)
	}
	if !got.Stamp.Equal(want.Stamp) || !got.Start.Equal(want.Start) || !got.End.Equal(want.End) {
		t.Errorf("times = %s %s %s, want %s %s %s", got.Stamp, got.Start, got.End, want.Stamp, want.Start, want.End)
	}
	if got.Start.Location().String() != "Europe/Berlin" || got.TZID != "Europe/Berlin" {
		t.Errorf("zone = %v / %q", got.Start.Location(), got.TZID)
	}
	if got.Summary != want.Summary || got.Description != want.Description || got.Location != want.Location {
		t.Errorf("texts = %q %q %q, want %q %q %q", got.Summary, got.Description, got.Location, want.Summary, want.Description, want.Location)
	}
	if got.RRule != want.RRule {
		t.Errorf("RRULE = %q, want %q", got.RRule, want.RRule)
	}
	if len(got.ExDates) != len(want.ExDates) {
		t.Errorf("EXDATE = %v, want %v", got.ExDates, want.ExDates)
	} else {
		for i := range got.ExDates {
			if !got.ExDates[i].Equal(want.ExDates[i]) {
				t.Errorf("EXDATE %d = %s, want %s", i, got.ExDates[i], want.ExDates[i])
			}
		}
	}
	if !got.RecurrenceID.Equal(want.RecurrenceID) {
		t.Errorf("RECURRENCE-ID = %s, want %s", got.RecurrenceID, want.RecurrenceID)
	}
	wantOrg := Person{Name: paramText(want.Organizer.Name), Email: want.Organizer.Email}
	if got.Organizer != wantOrg {
		t.Errorf("ORGANIZER = %+v, want %+v", got.Organizer, wantOrg)
	}
	var wantAtt []Attendee
	for _, a := range want.Attendees {
		role := a.Role
		if role == "" {
			role = RoleRequired
		}
		wantAtt = append(wantAtt, Attendee{Name: paramText(a.Name), Email: a.Email, Role: role})
	}
	if !reflect.DeepEqual(got.Attendees, wantAtt) {
		t.Errorf("ATTENDEEs = %+v, want %+v", got.Attendees, wantAtt)
	}
}

func TestInvitationRecurring(t *testing.T) {
	inv, rec := recurringInvitation(t)
	b, err := inv.Encode()
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "invitation_recurring.ics", b)
	lines := checkRFC5545Lines(t, b)
	for _, want := range []string{
		"RRULE:FREQ=MONTHLY;BYDAY=1TU", "DTSTART;TZID=Europe/Berlin:20270105T090000",
		"DTEND;TZID=Europe/Berlin:20270105T110000", "EXDATE;TZID=Europe/Berlin:20270406T090000",
	} {
		if !hasLine(lines, want) {
			t.Errorf("no line %q", want)
		}
	}
	back, err := ParseInvitation(b)
	if err != nil {
		t.Fatal(err)
	}
	compareInvitations(t, back, inv)

	// what a calendar program reads back expands to the same occurrences,
	// 09:00 Berlin in winter and in summer
	again := Recurrence{RRule: back.RRule, Start: back.Start, Duration: back.End.Sub(back.Start), Location: back.TZID, ExDates: back.ExDates}
	from, to := tuesday1Dec, tuesday1Dec.AddDate(1, 0, 0)
	want, _ := rec.Occurrences(from, to)
	got, err := again.Occurrences(from, to)
	if err != nil || len(got) != len(want) || len(got) != 10 {
		t.Fatalf("occurrences after the round trip: %d, want %d (10): %v", len(got), len(want), err)
	}
	for i := range got {
		if !got[i].Start.Equal(want[i].Start) || got[i].Start.Hour() != 9 {
			t.Errorf("occurrence %d = %s, want %s", i, got[i].Start, want[i].Start)
		}
	}
}

func TestInvitationCancellation(t *testing.T) {
	inv := singleInvitation()
	inv.Sequence = 1
	cancelAt := time.Date(2026, 12, 3, 16, 30, 0, 0, berlin)
	c := inv.Cancellation(cancelAt)
	if c.UID != inv.UID || c.Sequence != 2 || c.Method != MethodCancel || !c.Stamp.Equal(cancelAt) {
		t.Fatalf("Cancellation = %+v", c)
	}
	b, err := c.Encode()
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "cancellation.ics", b)
	lines := checkRFC5545Lines(t, b)
	for _, want := range []string{"METHOD:CANCEL", "STATUS:CANCELLED", "SEQUENCE:2", "UID:appt-7f3a@mspbot.example"} {
		if !hasLine(lines, want) {
			t.Errorf("no line %q", want)
		}
	}
	for _, l := range lines {
		if strings.Contains(l, "RSVP") || strings.Contains(l, "NEEDS-ACTION") {
			t.Errorf("a cancellation asks for an answer: %q", l)
		}
	}
	if Status(b) != "CANCELLED" {
		t.Errorf("Status = %q", Status(b))
	}
	req, _ := inv.Encode()
	if Status(req) != "CONFIRMED" {
		t.Errorf("Status(request) = %q", Status(req))
	}
	back, err := ParseInvitation(b)
	if err != nil {
		t.Fatal(err)
	}
	compareInvitations(t, back, c)
	orig, _ := ParseInvitation(req)
	if back.UID != orig.UID || back.Sequence <= orig.Sequence {
		t.Errorf("cancel UID %q seq %d, request UID %q seq %d", back.UID, back.Sequence, orig.UID, orig.Sequence)
	}
}

func TestInvitationOccurrenceCancellation(t *testing.T) {
	inv, _ := recurringInvitation(t)
	occ := at(2027, 6, 1, 9, 0)
	c := inv.OccurrenceCancellation(occ, stamp.Add(time.Hour))
	b, err := c.Encode()
	if err != nil {
		t.Fatal(err)
	}
	lines := checkRFC5545Lines(t, b)
	for _, want := range []string{"METHOD:CANCEL", "STATUS:CANCELLED", "SEQUENCE:1",
		"RECURRENCE-ID;TZID=Europe/Berlin:20270601T090000", "DTSTART;TZID=Europe/Berlin:20270601T090000",
		"DTEND;TZID=Europe/Berlin:20270601T110000"} {
		if !hasLine(lines, want) {
			t.Errorf("no line %q in\n%s", want, b)
		}
	}
	back, err := ParseInvitation(b)
	if err != nil {
		t.Fatal(err)
	}
	if !back.RecurrenceID.Equal(occ) || back.UID != inv.UID {
		t.Errorf("RECURRENCE-ID %s UID %q", back.RecurrenceID, back.UID)
	}
}

func TestInvitationUTC(t *testing.T) {
	inv := singleInvitation()
	inv.TZID = "UTC"
	b, err := inv.Encode()
	if err != nil {
		t.Fatal(err)
	}
	lines := checkRFC5545Lines(t, b)
	if !hasLine(lines, "DTSTART:20261215T080000Z") || hasLine(lines, "BEGIN:VTIMEZONE") {
		t.Errorf("UTC invitation:\n%s", b)
	}
	back, err := ParseInvitation(b)
	if err != nil || !back.Start.Equal(inv.Start) {
		t.Errorf("UTC round trip: %v %v", back.Start, err)
	}
}

func TestInvitationInjection(t *testing.T) {
	inv := singleInvitation()
	inv.Summary = "Update\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil"
	inv.Description = "a\rb\x00c\u2028d"
	inv.Attendees = []Attendee{{Name: "X\r\nATTENDEE:mailto:evil@x", Email: "ok@kunde.example"}}
	b, err := inv.Encode()
	if err != nil {
		t.Fatal(err)
	}
	lines := checkRFC5545Lines(t, b)
	n := 0
	for _, l := range lines {
		if l == "BEGIN:VEVENT" {
			n++
		}
		if strings.HasPrefix(l, "UID:evil") || strings.HasPrefix(l, "ATTENDEE:mailto:evil") {
			t.Errorf("injected line %q", l)
		}
	}
	if n != 1 {
		t.Errorf("%d VEVENTs", n)
	}
	back, err := ParseInvitation(b)
	if err != nil {
		t.Fatal(err)
	}
	if back.Summary != "Update\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil" || back.Description != "abcd" || len(back.Attendees) != 1 {
		t.Errorf("parsed back %q %q %+v", back.Summary, back.Description, back.Attendees)
	}
}

func TestInvitationErrors(t *testing.T) {
	base := singleInvitation()
	mod := func(f func(*Invitation)) Invitation {
		i := base
		i.Attendees = append([]Attendee(nil), base.Attendees...)
		f(&i)
		return i
	}
	bad := map[string]Invitation{
		"no UID":           mod(func(i *Invitation) { i.UID = " " }),
		"no stamp":         mod(func(i *Invitation) { i.Stamp = time.Time{} }),
		"end before start": mod(func(i *Invitation) { i.End = i.Start.Add(-time.Hour) }),
		"no start":         mod(func(i *Invitation) { i.Start, i.End = time.Time{}, time.Time{} }),
		"unknown zone":     mod(func(i *Invitation) { i.TZID = "Mars/Olympus" }),
		"Local zone":       mod(func(i *Invitation) { i.TZID = "Local" }),
		"recurrence UTC":   mod(func(i *Invitation) { i.TZID = "UTC"; i.RRule = "FREQ=WEEKLY" }),
		"bad rrule":        mod(func(i *Invitation) { i.RRule = "FREQ=SOMETIMES" }),
		"daily rrule":      mod(func(i *Invitation) { i.RRule = "FREQ=DAILY" }),
		"rrule injection":  mod(func(i *Invitation) { i.RRule = "FREQ=WEEKLY\r\nATTENDEE:mailto:x@y" }),
		"bad e-mail":       mod(func(i *Invitation) { i.Attendees[0].Email = "not an address" }),
		"e-mail injection": mod(func(i *Invitation) { i.Attendees[0].Email = "a@b.example\r\nX:y" }),
		"bad organizer":    mod(func(i *Invitation) { i.Organizer.Email = "@x" }),
		"bad role":         mod(func(i *Invitation) { i.Attendees[0].Role = "BOSS" }),
		"bad method":       mod(func(i *Invitation) { i.Method = "PUBLISH" }),
	}
	for name, inv := range bad {
		if b, err := inv.Encode(); !errors.Is(err, ErrInvalidInvitation) {
			t.Errorf("%s: Encode() = %d bytes, %v; want ErrInvalidInvitation", name, len(b), err)
		}
	}
	for _, data := range []string{"", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "garbage"} {
		if _, err := ParseInvitation([]byte(data)); !errors.Is(err, ErrInvalidInvitation) {
			t.Errorf("ParseInvitation(%q) = %v", data, err)
		}
	}
}

// TestVTimezone checks the VTIMEZONE written for zones with yearly rules,
// without DST, and with irregular changes, against Go's tzdata.
func TestVTimezone(t *testing.T) {
	enc := func(t *testing.T, zone string) []string {
		t.Helper()
		loc := mustLoc(zone)
		inv := singleInvitation()
		inv.TZID = zone
		inv.Start = time.Date(2027, 1, 12, 9, 0, 0, 0, loc)
		inv.End = inv.Start.Add(time.Hour)
		b, err := inv.Encode()
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseInvitation(b)
		if err != nil || !back.Start.Equal(inv.Start) {
			t.Errorf("%s: start %s, want %s (%v)", zone, back.Start, inv.Start, err)
		}
		return checkRFC5545Lines(t, b)
	}
	t.Run("America/New_York", func(t *testing.T) {
		lines := enc(t, "America/New_York")
		for _, want := range []string{"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU", "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU",
			"DTSTART:19700308T020000", "DTSTART:19701101T020000", "TZOFFSETFROM:-0500", "TZOFFSETTO:-0400", "TZNAME:EDT"} {
			if !hasLine(lines, want) {
				t.Errorf("no line %q in %q", want, lines)
			}
		}
	})
	t.Run("Asia/Tokyo", func(t *testing.T) {
		lines := enc(t, "Asia/Tokyo")
		if !hasLine(lines, "TZOFFSETTO:+0900") || hasLine(lines, "BEGIN:DAYLIGHT") || strings.Contains(strings.Join(lines, "\n"), "RRULE:FREQ=YEARLY") {
			t.Errorf("Tokyo: %q", lines)
		}
	})
	t.Run("Africa/Casablanca", func(t *testing.T) {
		// Ramadan changes follow no yearly rule: the actual changes are listed
		loc := mustLoc("Africa/Casablanca")
		lines := enc(t, "Africa/Casablanca")
		if strings.Contains(strings.Join(lines, "\n"), "RRULE:FREQ=YEARLY") {
			t.Fatalf("Casablanca got a yearly rule")
		}
		var onsets []string
		for _, l := range lines {
			if strings.HasPrefix(l, "DTSTART:") && !strings.HasPrefix(l, "DTSTART:19700101") {
				onsets = append(onsets, strings.TrimPrefix(l, "DTSTART:"))
			}
		}
		var want []string
		for y := 2026; y <= 2047; y++ {
			for _, tr := range transitions(loc, y) {
				want = append(want, tr.onset.Format("20060102T150405"))
			}
		}
		if len(onsets) == 0 || !reflect.DeepEqual(onsets, want) {
			t.Errorf("Casablanca onsets %v, want %v", onsets, want)
		}
	})
	t.Run("transitions", func(t *testing.T) {
		tr := transitions(berlin, 2027)
		if len(tr) != 2 || tr[0].onset != time.Date(2027, 3, 28, 2, 0, 0, 0, time.UTC) || !tr[0].dst ||
			tr[1].onset != time.Date(2027, 10, 31, 3, 0, 0, 0, time.UTC) || tr[1].dst || tr[0].nth != -1 {
			t.Errorf("Berlin 2027: %+v", tr)
		}
		// years after the tzdata's explicit table still have their changes
		for y := 2038; y <= 2060; y++ {
			if n := len(transitions(berlin, y)); n != 2 {
				t.Errorf("Berlin %d: %d changes", y, n)
			}
		}
	})
}
