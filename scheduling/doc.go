// Package scheduling will hold the vendor-access policy (lead time, allowed
// hours, public holidays), slot search, recurrence, approvals, durable jobs
// and iCalendar output, and the German and English time-phrase parser that
// callback requests share. It is empty until the callback and vendor
// appointment features land (see README.md, "Not done yet").
package scheduling
