package scheduling

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"
)

// AppointmentState is where a vendor appointment stands.
type AppointmentState string

// The states of a vendor appointment. A pending appointment holds its slots:
// no other appointment on the same system can take them while staff decide.
const (
	StatePending   AppointmentState = "pending"
	StateApproved  AppointmentState = "approved"
	StateRejected  AppointmentState = "rejected"
	StateCancelled AppointmentState = "cancelled"
)

// Blocking reports whether an appointment in state s keeps its slots from
// other appointments.
func (s AppointmentState) Blocking() bool { return s == StatePending || s == StateApproved }

// AppointmentAction names one step of an appointment's audit history.
type AppointmentAction string

// The actions of an appointment's history.
const (
	ActRequested           AppointmentAction = "requested"
	ActApproved            AppointmentAction = "approved"
	ActRejected            AppointmentAction = "rejected"
	ActCancelled           AppointmentAction = "cancelled"
	ActExpired             AppointmentAction = "expired"
	ActContactErased       AppointmentAction = "contact_erased"
	ActOccurrenceCancelled AppointmentAction = "occurrence_cancelled"
	ActMailed              AppointmentAction = "mailed"
	ActMailFailed          AppointmentAction = "mail_failed"
	ActReminded            AppointmentAction = "reminded"
	ActEnabled             AppointmentAction = "account_enabled"
	ActEnableFailed        AppointmentAction = "account_enable_failed"
	ActDisabled            AppointmentAction = "account_disabled"
	ActDisableFailed       AppointmentAction = "account_disable_failed"
	ActAlarm               AppointmentAction = "alarm"
)

// Sentinel errors of appointments; handlers map them to words.
var (
	ErrAppointmentNotFound = errors.New("appointment not found")
	// ErrSlotTaken means another pending or approved appointment on the same
	// system overlaps one of the slots.
	ErrSlotTaken = errors.New("slot overlaps another vendor window on this system")
	// ErrAlreadyDecided means staff (or a cancellation) decided first.
	ErrAlreadyDecided = errors.New("appointment already decided")
	// ErrNotStaffMember means the actor is not staff.
	ErrNotStaffMember = errors.New("only staff may decide on vendor appointments")
	// ErrNotYours means a client acted on another client's appointment.
	ErrNotYours = errors.New("appointment belongs to someone else")
	// ErrInvalidRequest wraps an incomplete or inconsistent request.
	ErrInvalidRequest = errors.New("invalid appointment request")
)

// MaxSlotLength is the longest single vendor window the store accepts; the
// policy's own maximum is usually shorter.
const MaxSlotLength = 24 * time.Hour

// Slot is one vendor window: [Start, End).
type Slot struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// Overlaps reports whether s and o share any instant (half-open ranges).
func (s Slot) Overlaps(o Slot) bool { return s.Start.Before(o.End) && o.Start.Before(s.End) }

// Requester is who asked for the appointment: their organisation, platform
// identity and the conversation to tell them about decisions.
type Requester struct {
	Org       string `json:"org"`
	Platform  string `json:"platform"`
	User      string `json:"user"`
	Name      string `json:"name,omitempty"`
	Workspace string `json:"workspace,omitempty"`
	Channel   string `json:"channel"`
	Thread    string `json:"thread,omitempty"`
	// Staff is set when staff booked on a client's behalf.
	Staff bool `json:"staff,omitempty"`
}

// AppointmentRequest is what the vendor-appointment dialogue collected.
type AppointmentRequest struct {
	Vendor      string `json:"vendor"`
	System      string `json:"system"`
	Purpose     string `json:"purpose"`
	Admin       bool   `json:"admin,omitempty"`
	AdminReason string `json:"admin_reason,omitempty"`
	// Account is the vendor's account on the client's systems that is
	// enabled for the window; empty means one derived from the vendor.
	Account     string `json:"account,omitempty"`
	VendorEmail string `json:"vendor_email"`
	ClientEmail string `json:"client_email"`
	Lang        string `json:"lang"`
	// Slots are the windows: one for a single appointment, the occurrences
	// within the booking horizon for a recurring one.
	Slots []Slot `json:"slots"`
	// RRule is the recurrence rule (RFC 5545, without DTSTART) of a
	// recurring appointment; empty for a single one.
	RRule string `json:"rrule,omitempty"`
	// Skipped are the starts of occurrences of RRule left out at booking
	// (holidays, other vendor windows): EXDATEs from the beginning.
	Skipped []time.Time `json:"skipped,omitempty"`
	// TZID is the time zone the slots' wall-clock times are kept in.
	TZID string `json:"tzid"`
	// RequestID identifies the booking request (the dialogue's): holding
	// the same request again, as a pick repeated after a crash or an
	// outage, holds nothing and returns the appointment held then.
	RequestID string `json:"request_id,omitempty"`
}

// Validate reports what is missing or inconsistent.
func (r AppointmentRequest) Validate() error {
	var bad []string
	if strings.TrimSpace(r.Vendor) == "" {
		bad = append(bad, "vendor")
	}
	if strings.TrimSpace(r.System) == "" {
		bad = append(bad, "system")
	}
	if strings.TrimSpace(r.Purpose) == "" {
		bad = append(bad, "purpose")
	}
	if r.Admin && strings.TrimSpace(r.AdminReason) == "" {
		bad = append(bad, "admin_reason")
	}
	for _, e := range []struct{ name, v string }{{"vendor_email", r.VendorEmail}, {"client_email", r.ClientEmail}} {
		if a, err := mail.ParseAddress(e.v); err != nil || a.Address != e.v {
			bad = append(bad, e.name)
		}
	}
	if len(r.Slots) == 0 {
		bad = append(bad, "slots")
	}
	for _, s := range r.Slots {
		if !s.End.After(s.Start) || s.End.Sub(s.Start) > MaxSlotLength {
			bad = append(bad, "slot length")
			break
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("%w: %s", ErrInvalidRequest, strings.Join(bad, ", "))
	}
	return nil
}

// AccountName is the vendor account enabled for the window.
func (r AppointmentRequest) AccountName() string {
	if r.Account != "" {
		return r.Account
	}
	var b strings.Builder
	b.WriteString("vendor-")
	for _, c := range strings.ToLower(r.Vendor) {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b.WriteRune(c)
		case c == 'ä':
			b.WriteString("ae")
		case c == 'ö':
			b.WriteString("oe")
		case c == 'ü':
			b.WriteString("ue")
		case c == 'ß':
			b.WriteString("ss")
		case c == ' ' || c == '-' || c == '_' || c == '.':
			if !strings.HasSuffix(b.String(), "-") {
				b.WriteByte('-')
			}
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// HistoryItem is one step of an appointment's audit history.
type HistoryItem struct {
	Action AppointmentAction `json:"action"`
	By     string            `json:"by"`
	At     time.Time         `json:"at"`
	Note   string            `json:"note,omitempty"`
}

// Appointment is a vendor access appointment.
type Appointment struct {
	// ID is the readable reference, e.g. "VA-26-0007".
	ID        string             `json:"id"`
	Requester Requester          `json:"requester"`
	Request   AppointmentRequest `json:"request"`
	State     AppointmentState   `json:"state"`
	// AdminGranted says staff accepted the admin-rights justification.
	AdminGranted bool      `json:"admin_granted,omitempty"`
	DecidedBy    string    `json:"decided_by,omitempty"`
	DecidedAt    time.Time `json:"decided_at,omitzero"`
	// ExDates are the starts of cancelled occurrences.
	ExDates []time.Time `json:"exdates,omitempty"`
	// Sequence is the iCalendar SEQUENCE: raised with every change sent.
	Sequence int           `json:"sequence"`
	Created  time.Time     `json:"created"`
	Updated  time.Time     `json:"updated"`
	History  []HistoryItem `json:"history,omitempty"`
	// Told are the staff rooms asked to decide (the rooms' keys as given to
	// Link), as the store keeps them: a hold repeated after a crash or an
	// outage asks only the rooms not asked.
	Told []string `json:"-"`
}

// Recurring reports whether a has a recurrence rule.
func (a Appointment) Recurring() bool { return a.Request.RRule != "" }

// ActiveSlots are the slots not cancelled, in order.
func (a Appointment) ActiveSlots() []Slot {
	out := make([]Slot, 0, len(a.Request.Slots))
	for _, s := range a.Request.Slots {
		if !slices.ContainsFunc(a.ExDates, func(x time.Time) bool { return x.UnixMilli() == s.Start.UnixMilli() }) {
			out = append(out, s)
		}
	}
	return out
}

// First returns the first active slot and whether there is one.
func (a Appointment) First() (Slot, bool) {
	s := a.ActiveSlots()
	if len(s) == 0 {
		return Slot{}, false
	}
	return s[0], true
}

// Last returns the end of the last active slot.
func (a Appointment) Last() time.Time {
	s := a.ActiveSlots()
	if len(s) == 0 {
		return time.Time{}
	}
	return s[len(s)-1].End
}

// OwnedBy reports whether r is the requester of a (same organisation,
// platform and user).
func (a Appointment) OwnedBy(r Requester) bool {
	q := a.Requester
	return q.Org == r.Org && q.Platform == r.Platform && q.User == r.User
}

// Decider is who decides on an appointment: a platform user and whether the
// engine found them to be staff.
type Decider struct {
	Platform string
	User     string
	Staff    bool
}

// ID is the decider's platform-qualified id, as it stands in histories.
func (d Decider) ID() string { return d.Platform + ":" + d.User }

// AppointmentStore persists appointments. Every method that changes one is
// atomic: a failed call changes nothing.
type AppointmentStore interface {
	// NextAppointmentID reserves a new readable id.
	NextAppointmentID(ctx context.Context, now time.Time) (string, error)
	// Hold stores a pending appointment and holds its slots on its system,
	// failing with ErrSlotTaken (and storing nothing) when a blocking
	// appointment on the same system overlaps one of them. When
	// a.Request.RequestID was held before it stores nothing and returns the
	// appointment held then; otherwise it returns a.
	Hold(ctx context.Context, a Appointment) (Appointment, error)
	// AppointmentByRequest returns the id of the appointment a booking
	// request held, or ErrAppointmentNotFound.
	AppointmentByRequest(ctx context.Context, request string) (string, error)
	// Decide moves a pending appointment to approved or rejected, once: a
	// second decision fails with ErrAlreadyDecided. Approval re-checks the
	// overlap (ErrSlotTaken); rejection releases the slots.
	Decide(ctx context.Context, id string, to AppointmentState, adminGranted bool, by string, at time.Time) (Appointment, error)
	// Cancel cancels a pending or approved appointment and releases its
	// slots (ErrAlreadyDecided when it is rejected or cancelled already).
	Cancel(ctx context.Context, id, by string, at time.Time) (Appointment, error)
	// CancelOccurrence cancels one slot of a recurring appointment (by its
	// start), releasing it and raising the sequence.
	CancelOccurrence(ctx context.Context, id string, start time.Time, by string, at time.Time) (Appointment, error)
	// GetAppointment loads an appointment with its history.
	GetAppointment(ctx context.Context, id string) (Appointment, error)
	// AddHistory appends an entry to an appointment's history.
	AddHistory(ctx context.Context, id string, h HistoryItem) error
	// Busy returns the blocking slots on org's system that overlap
	// [from, to). Systems belong to a client organisation: another
	// client's system of the same name is another system.
	Busy(ctx context.Context, org, system string, from, to time.Time) ([]Slot, error)
	// ListAppointments returns a requester's appointments, newest first.
	ListAppointments(ctx context.Context, org, platform, user string) ([]Appointment, error)
	// LinkAppointmentMessage remembers that a staff message shows id and,
	// when room is not empty, that room (a staff room's key) was asked to
	// decide, in one atomic step.
	LinkAppointmentMessage(ctx context.Context, message, id, room string) error
	// AppointmentByMessage returns the id a staff message shows.
	AppointmentByMessage(ctx context.Context, message string) (string, error)
	// EraseContact removes the requester's personal data (display name,
	// e-mail address) from an appointment, keeping what the provider's
	// audit needs, and adds h to its history.
	EraseContact(ctx context.Context, id string, h HistoryItem) error
	// Upcoming returns the ids of appointments whose last slot ends at or
	// after t (held, approved, and some decided ones).
	Upcoming(ctx context.Context, t time.Time) ([]string, error)
	// PurgeAppointments deletes appointments whose last slot ended (or that
	// were decided, for rejected and cancelled ones) before t.
	PurgeAppointments(ctx context.Context, before time.Time) (int, error)
}

// Appointments is the appointment rules on top of an AppointmentStore.
type Appointments struct {
	store AppointmentStore
}

// NewAppointments returns the appointment rules on store.
func NewAppointments(store AppointmentStore) *Appointments {
	return &Appointments{store: store}
}

// SystemKey is the normalised system name under which overlaps are
// checked: "SRV-01", "srv-01 " and "Srv-01" are one system.
func SystemKey(system string) string {
	return strings.ToLower(strings.Join(strings.Fields(system), " "))
}

// Hold files a pending appointment for req and holds its slots while staff
// decide. The policy must have been checked by the caller; the store
// checks the overlap atomically.
func (s *Appointments) Hold(ctx context.Context, who Requester, req AppointmentRequest, now time.Time) (Appointment, error) {
	if err := req.Validate(); err != nil {
		return Appointment{}, err
	}
	// Slots are kept to the second (the store and the jobs count in ms).
	req.Slots = slices.Clone(req.Slots)
	for i, sl := range req.Slots {
		req.Slots[i] = Slot{Start: sl.Start.Truncate(time.Second).UTC(), End: sl.End.Truncate(time.Second).UTC()}
	}
	slices.SortFunc(req.Slots, func(a, b Slot) int { return a.Start.Compare(b.Start) })
	for i := 1; i < len(req.Slots); i++ {
		if req.Slots[i].Overlaps(req.Slots[i-1]) {
			return Appointment{}, fmt.Errorf("%w: occurrences overlap each other", ErrInvalidRequest)
		}
	}
	id, err := s.store.NextAppointmentID(ctx, now)
	if err != nil {
		return Appointment{}, fmt.Errorf("hold appointment: %w", err)
	}
	a := Appointment{ID: id, Requester: who, Request: req, State: StatePending, Created: now, Updated: now,
		History: []HistoryItem{{Action: ActRequested, By: who.Platform + ":" + who.User, At: now}}}
	held, err := s.store.Hold(ctx, a)
	if err != nil {
		return Appointment{}, fmt.Errorf("hold appointment %s: %w", id, err)
	}
	return held, nil
}

// HeldFor returns the appointment a booking request held before, if it
// did: a pick repeated after a crash or an outage finds it (and is not
// refused for overlapping the client's own hold). Only the requester finds
// it.
func (s *Appointments) HeldFor(ctx context.Context, who Requester, request string) (Appointment, bool, error) {
	if request == "" {
		return Appointment{}, false, nil
	}
	id, err := s.store.AppointmentByRequest(ctx, request)
	if errors.Is(err, ErrAppointmentNotFound) {
		return Appointment{}, false, nil
	}
	if err != nil {
		return Appointment{}, false, fmt.Errorf("appointment of request: %w", err)
	}
	a, err := s.store.GetAppointment(ctx, id)
	if errors.Is(err, ErrAppointmentNotFound) || (err == nil && !a.OwnedBy(who)) {
		return Appointment{}, false, nil
	}
	if err != nil {
		return Appointment{}, false, fmt.Errorf("appointment of request: %w", err)
	}
	return a, true, nil
}

// Approve approves a pending appointment. Only staff may; with admin rights
// requested, grantAdmin says whether staff accepted the justification. Of
// two decisions at once, one wins; the other gets ErrAlreadyDecided.
func (s *Appointments) Approve(ctx context.Context, id string, by Decider, grantAdmin bool, now time.Time) (Appointment, error) {
	if !by.Staff {
		return Appointment{}, fmt.Errorf("approve %s: %w", id, ErrNotStaffMember)
	}
	a, err := s.store.Decide(ctx, id, StateApproved, grantAdmin, by.ID(), now)
	if err != nil {
		return a, fmt.Errorf("approve %s: %w", id, err)
	}
	return a, nil
}

// Reject rejects a pending appointment and releases its slots. Only staff
// may.
func (s *Appointments) Reject(ctx context.Context, id string, by Decider, now time.Time) (Appointment, error) {
	if !by.Staff {
		return Appointment{}, fmt.Errorf("reject %s: %w", id, ErrNotStaffMember)
	}
	a, err := s.store.Decide(ctx, id, StateRejected, false, by.ID(), now)
	if err != nil {
		return a, fmt.Errorf("reject %s: %w", id, err)
	}
	return a, nil
}

// Cancel cancels an appointment: staff may cancel any, a client only its
// own.
func (s *Appointments) Cancel(ctx context.Context, id string, who Requester, now time.Time) (Appointment, error) {
	if err := s.mayChange(ctx, id, who); err != nil {
		return Appointment{}, err
	}
	a, err := s.store.Cancel(ctx, id, who.Platform+":"+who.User, now)
	if err != nil {
		return a, fmt.Errorf("cancel %s: %w", id, err)
	}
	return a, nil
}

// CancelOccurrence cancels the occurrence of a recurring appointment that
// starts at start; staff may for any, a client only for its own.
func (s *Appointments) CancelOccurrence(ctx context.Context, id string, start time.Time, who Requester, now time.Time) (Appointment, error) {
	if err := s.mayChange(ctx, id, who); err != nil {
		return Appointment{}, err
	}
	a, err := s.store.CancelOccurrence(ctx, id, start, who.Platform+":"+who.User, now)
	if err != nil {
		return a, fmt.Errorf("cancel occurrence of %s: %w", id, err)
	}
	return a, nil
}

func (s *Appointments) mayChange(ctx context.Context, id string, who Requester) error {
	if who.Staff {
		return nil
	}
	a, err := s.store.GetAppointment(ctx, id)
	if err != nil {
		return fmt.Errorf("appointment %s: %w", id, err)
	}
	if !a.OwnedBy(who) {
		// Say "not found" rather than reveal that the id exists.
		return fmt.Errorf("appointment %s: %w", id, ErrAppointmentNotFound)
	}
	return nil
}

// Get returns an appointment for staff, or for the client who asked for it.
func (s *Appointments) Get(ctx context.Context, id string, who Requester) (Appointment, error) {
	a, err := s.store.GetAppointment(ctx, id)
	if err != nil {
		return Appointment{}, fmt.Errorf("appointment %s: %w", id, err)
	}
	if !who.Staff && !a.OwnedBy(who) {
		return Appointment{}, fmt.Errorf("appointment %s: %w", id, ErrAppointmentNotFound)
	}
	return a, nil
}

// Load returns an appointment for the bot's own jobs.
func (s *Appointments) Load(ctx context.Context, id string) (Appointment, error) {
	a, err := s.store.GetAppointment(ctx, id)
	if err != nil {
		return Appointment{}, fmt.Errorf("appointment %s: %w", id, err)
	}
	return a, nil
}

// ForClient returns the requester's own appointments, newest first.
func (s *Appointments) ForClient(ctx context.Context, who Requester) ([]Appointment, error) {
	as, err := s.store.ListAppointments(ctx, who.Org, who.Platform, who.User)
	if err != nil {
		return nil, fmt.Errorf("appointments of client: %w", err)
	}
	return slices.DeleteFunc(as, func(a Appointment) bool { return !a.OwnedBy(who) }), nil
}

// Busy returns the blocking slots on org's system overlapping [from, to).
func (s *Appointments) Busy(ctx context.Context, org, system string, from, to time.Time) ([]Slot, error) {
	b, err := s.store.Busy(ctx, org, system, from, to)
	if err != nil {
		return nil, fmt.Errorf("busy slots of %q: %w", system, err)
	}
	return b, nil
}

// Record appends an audit entry.
func (s *Appointments) Record(ctx context.Context, id string, action AppointmentAction, by, note string, at time.Time) error {
	if err := s.store.AddHistory(ctx, id, HistoryItem{Action: action, By: by, At: at, Note: note}); err != nil {
		return fmt.Errorf("record %s on %s: %w", action, id, err)
	}
	return nil
}

// Link remembers that a staff message shows appointment id, and that room
// (a staff room's key; "" for none) was asked to decide: see
// Appointment.Told.
func (s *Appointments) Link(ctx context.Context, message, id, room string) error {
	if err := s.store.LinkAppointmentMessage(ctx, message, id, room); err != nil {
		return fmt.Errorf("link message to %s: %w", id, err)
	}
	return nil
}

// ByMessage returns the appointment a staff message shows.
func (s *Appointments) ByMessage(ctx context.Context, message string) (Appointment, error) {
	id, err := s.store.AppointmentByMessage(ctx, message)
	if err != nil {
		return Appointment{}, err
	}
	return s.Load(ctx, id)
}

// ForgetClient erases the client's personal data (name, e-mail address)
// from all of their appointments, at their wish; the appointments
// themselves stay, with who and when in their history, as the provider's
// record of vendor access. It returns how many it changed.
func (s *Appointments) ForgetClient(ctx context.Context, who Requester, now time.Time) (int, error) {
	as, err := s.store.ListAppointments(ctx, who.Org, who.Platform, who.User)
	if err != nil {
		return 0, fmt.Errorf("forget client: %w", err)
	}
	n := 0
	for _, a := range as {
		if a.Requester.Org != who.Org || a.Requester.Platform != who.Platform || a.Requester.User != who.User {
			continue
		}
		if a.Requester.Name == "" && a.Request.ClientEmail == "" {
			continue
		}
		h := HistoryItem{Action: ActContactErased, By: who.Platform + ":" + who.User, At: now}
		if err := s.store.EraseContact(ctx, a.ID, h); err != nil && !errors.Is(err, ErrAppointmentNotFound) {
			return n, fmt.Errorf("forget client: %w", err)
		}
		n++
	}
	return n, nil
}

// ExpiredBy is who expires an unapproved hold, in histories.
const ExpiredBy = "mspbot:hold-expired"

// ExpireHolds cancels the appointments held (pending) for longer than ttl
// without a staff decision, releasing their slots, and returns them as
// they are now. A hold decided meanwhile is left alone.
func (s *Appointments) ExpireHolds(ctx context.Context, ttl time.Duration, now time.Time) ([]Appointment, error) {
	ids, err := s.store.Upcoming(ctx, now)
	if err != nil {
		return nil, fmt.Errorf("expire holds: %w", err)
	}
	var out []Appointment
	for _, id := range ids {
		a, err := s.store.GetAppointment(ctx, id)
		if errors.Is(err, ErrAppointmentNotFound) {
			continue
		}
		if err != nil {
			return out, fmt.Errorf("expire holds: %w", err)
		}
		if a.State != StatePending || now.Sub(a.Created) < ttl {
			continue
		}
		c, err := s.store.Cancel(ctx, id, ExpiredBy, now)
		if errors.Is(err, ErrAlreadyDecided) {
			continue // decided between the read and the cancel
		}
		if err != nil {
			return out, fmt.Errorf("expire hold %s: %w", id, err)
		}
		_ = s.store.AddHistory(ctx, id, HistoryItem{Action: ActExpired, By: ExpiredBy, At: now,
			Note: "held " + ttl.String() + " without a decision"})
		out = append(out, c)
	}
	return out, nil
}

// Purge deletes appointments that ended longer ago than retention.
func (s *Appointments) Purge(ctx context.Context, retention time.Duration, now time.Time) (int, error) {
	n, err := s.store.PurgeAppointments(ctx, now.Add(-retention))
	if err != nil {
		return 0, fmt.Errorf("purge appointments: %w", err)
	}
	return n, nil
}
