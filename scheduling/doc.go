// Package scheduling holds the provider's working calendar and the parser
// for callback time windows that callback requests share.
//
// A Calendar (NewCalendar) knows the business hours (default Monday to
// Friday, 08:00 to 17:00, Europe/Berlin) and the public holidays of one
// German state (default Hamburg), taken from github.com/rickar/cal/v2/de.
// It answers IsHoliday, IsOpen and NextOpen. All local times are built
// with time.Date in the calendar's location, so 09:00 stays 09:00 across
// daylight-saving changes.
//
// Calendar.ParseWindow reads the time wish of a client message in German
// or English ("morgen zwischen 9 und 11", "nächsten Dienstag um 14 Uhr",
// "Friday afternoon", "asap") into a Window relative to an injected now;
// its documentation lists the rules (parts of the day, weekdays, dates
// without a year). Calendar.CheckWindow accepts a window (clipped to
// business hours) or refuses it with a Reason and proposes the next
// possible one; FormatWindow renders a window in German or English.
//
// Vendor access follows the provider's SOP: VendorPolicy checks a window
// (lead time in wall-clock days, maintenance hours, holidays, length,
// overlaps) and proposes compliant slots; ParseDuration reads lengths;
// ParseRecurrence reads recurring windows into RFC 5545 rules
// (github.com/teambition/rrule-go) that keep local time across DST;
// Invitation encodes and parses iCalendar (github.com/arran4/golang-ical).
// Appointments holds the life cycle of a vendor appointment (held,
// approved or rejected once, cancelled, one occurrence cancelled) on an
// AppointmentStore that redisstore implements.
//
// The package imports no Redis and no chat code and holds no mutable
// global state; Calendar and VendorPolicy are safe for concurrent use.
package scheduling
