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
// The package imports only the standard library and rickar/cal and holds
// no mutable global state; a Calendar is safe for concurrent use.
//
// Still to come here (see README.md, "Not done yet"): the vendor-access
// policy (lead time), slot search, recurrence, approvals, durable jobs and
// iCalendar output.
package scheduling
