package handlers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/mspbot/mspbot/accounts"
	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/jobs"
	"github.com/mspbot/mspbot/scheduling"
)

// Job types of vendor appointments.
const (
	JobVendorRemind  = "vendor.remind"
	JobVendorEnable  = "vendor.enable"
	JobVendorDisable = "vendor.disable"
)

// disableRetries is how often a failing disable step is retried: it must
// not give up (with the default 10-minute backoff cap, about a week).
const disableRetries = 1000

// JobQueue schedules and cancels durable jobs (jobs.Queue implements it).
type JobQueue interface {
	Schedule(ctx context.Context, j jobs.Job) error
	Cancel(ctx context.Context, id string) error
}

// AccountAction enables and disables a vendor's account in the client's
// directory (the accounts package implements it).
type AccountAction interface {
	Enable(ctx context.Context, r accounts.Request) error
	Disable(ctx context.Context, r accounts.Request) error
}

// Poster posts outside of any chat event (the Engine implements it).
type Poster interface {
	Post(ctx context.Context, to bot.Ref, r bot.Reply) (bot.Sent, error)
}

// VendorAccess plans and runs the steps of an approved vendor appointment on
// the durable job queue: a reminder to staff before each window, enabling
// the vendor account at its start and disabling it at its end. The disable
// step is retried until it succeeds and raises an alarm in the staff rooms
// when it keeps failing. Every step goes into the appointment's history.
type VendorAccess struct {
	Appointments *scheduling.Appointments
	Queue        JobQueue
	Accounts     AccountAction
	Poster       Poster
	StaffRooms   []bot.Ref
	// StaffLang is the language of staff messages (default "de").
	StaffLang string
	// Remind is how long before a window staff are reminded (default 24h;
	// negative: no reminders).
	Remind time.Duration
	// Location renders times for staff.
	Location *time.Location
	Now      func() time.Time
	Logger   *slog.Logger
}

// slotJob is the payload of every vendor job.
type slotJob struct {
	ID    string `json:"id"`
	Start int64  `json:"start"` // unix ms
	End   int64  `json:"end"`
}

func (va *VendorAccess) now() time.Time {
	if va.Now != nil {
		return va.Now()
	}
	return time.Now()
}

func (va *VendorAccess) log() *slog.Logger {
	if va.Logger != nil {
		return va.Logger
	}
	return slog.Default()
}

func (va *VendorAccess) lang() string {
	if va.StaffLang == "" {
		return "de"
	}
	return va.StaffLang
}

func (va *VendorAccess) remind() time.Duration {
	if va.Remind == 0 {
		return 24 * time.Hour
	}
	return va.Remind
}

func jobID(id string, s scheduling.Slot, kind string) string {
	return fmt.Sprintf("%s:%d:%s", id, s.Start.Unix(), kind)
}

// Plan schedules the steps of every active slot of an approved appointment
// that has not ended. Scheduling is idempotent: planning twice plans once.
func (va *VendorAccess) Plan(ctx context.Context, a scheduling.Appointment) error {
	if a.State != scheduling.StateApproved {
		return nil
	}
	now := va.now()
	for _, s := range a.ActiveSlots() {
		if !s.End.After(now) {
			continue
		}
		p, _ := json.Marshal(slotJob{ID: a.ID, Start: s.Start.UnixMilli(), End: s.End.UnixMilli()})
		steps := []jobs.Job{
			{Type: JobVendorEnable, ID: jobID(a.ID, s, "enable"), Payload: p, At: s.Start, MaxRetry: 20},
			{Type: JobVendorDisable, ID: jobID(a.ID, s, "disable"), Payload: p, At: s.End, MaxRetry: disableRetries},
		}
		if r := va.remind(); r > 0 && s.Start.Add(-r).After(now) {
			steps = append(steps, jobs.Job{Type: JobVendorRemind, ID: jobID(a.ID, s, "remind"), Payload: p, At: s.Start.Add(-r), MaxRetry: 5})
		}
		for _, j := range steps {
			if err := va.Queue.Schedule(ctx, j); err != nil {
				return fmt.Errorf("plan %s: %w", j.ID, err)
			}
		}
	}
	return nil
}

// Unplan cancels the pending steps of the slots that are no longer active
// (all of them for a cancelled appointment). A window that is running now
// is closed at once: its account is disabled.
func (va *VendorAccess) Unplan(ctx context.Context, a scheduling.Appointment, now time.Time) error {
	active := map[int64]bool{}
	if a.State == scheduling.StateApproved || a.State == scheduling.StatePending {
		for _, s := range a.ActiveSlots() {
			active[s.Start.UnixMilli()] = true
		}
	}
	var errs []error
	for _, s := range a.Request.Slots {
		if active[s.Start.UnixMilli()] {
			continue
		}
		for _, kind := range []string{"remind", "enable"} {
			if err := va.Queue.Cancel(ctx, jobID(a.ID, s, kind)); err != nil && !errors.Is(err, jobs.ErrRunning) {
				errs = append(errs, err)
			}
		}
		if !s.Start.After(now) && s.End.After(now) {
			// Running now: disable at once instead of at the end.
			if err := va.Queue.Cancel(ctx, jobID(a.ID, s, "disable")); err != nil && !errors.Is(err, jobs.ErrRunning) {
				errs = append(errs, err)
			}
			p, _ := json.Marshal(slotJob{ID: a.ID, Start: s.Start.UnixMilli(), End: now.UnixMilli()})
			errs = append(errs, va.Queue.Schedule(ctx, jobs.Job{Type: JobVendorDisable, ID: jobID(a.ID, s, "disable-now"), Payload: p, MaxRetry: disableRetries}))
		} else if s.Start.After(now) {
			if err := va.Queue.Cancel(ctx, jobID(a.ID, s, "disable")); err != nil && !errors.Is(err, jobs.ErrRunning) {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// Handlers returns the job handlers by type, for the jobs.Runner.
func (va *VendorAccess) Handlers() map[string]jobs.HandlerFunc {
	return map[string]jobs.HandlerFunc{
		JobVendorRemind:  va.runRemind,
		JobVendorEnable:  va.runEnable,
		JobVendorDisable: va.runDisable,
	}
}

// load reads a job's appointment and slot.
func (va *VendorAccess) load(ctx context.Context, j jobs.Job) (scheduling.Appointment, scheduling.Slot, error) {
	var p slotJob
	if err := json.Unmarshal(j.Payload, &p); err != nil {
		return scheduling.Appointment{}, scheduling.Slot{}, jobs.Permanent(fmt.Errorf("job %s: payload: %w", j.ID, err))
	}
	slot := scheduling.Slot{Start: time.UnixMilli(p.Start).UTC(), End: time.UnixMilli(p.End).UTC()}
	a, err := va.Appointments.Load(ctx, p.ID)
	if errors.Is(err, scheduling.ErrAppointmentNotFound) {
		return a, slot, jobs.Permanent(err)
	}
	return a, slot, err
}

// activeApproved reports whether slot is still an approved, active slot of a.
func activeApproved(a scheduling.Appointment, slot scheduling.Slot) bool {
	if a.State != scheduling.StateApproved {
		return false
	}
	for _, s := range a.ActiveSlots() {
		if s.Start.UnixMilli() == slot.Start.UnixMilli() {
			return true
		}
	}
	return false
}

func (va *VendorAccess) request(a scheduling.Appointment, slot scheduling.Slot) accounts.Request {
	return accounts.Request{AppointmentID: a.ID, Vendor: a.Request.Vendor, Account: a.Request.AccountName(),
		System: a.Request.System, Admin: a.Request.Admin && a.AdminGranted, Until: slot.End}
}

func (va *VendorAccess) fmtSlot(s scheduling.Slot) string {
	return scheduling.FormatWindow(scheduling.Window{Start: s.Start, End: s.End}, va.lang(), va.Location)
}

func (va *VendorAccess) runRemind(ctx context.Context, j jobs.Job) error {
	a, slot, err := va.load(ctx, j)
	if err != nil {
		return err
	}
	if !activeApproved(a, slot) {
		return nil
	}
	r := a.Request
	va.tellStaff(ctx, vendorTexts.t(va.lang(), "staff_reminder", a.ID, r.Vendor, r.System, va.fmtSlot(slot), r.Purpose, r.AccountName()))
	return va.record(ctx, a.ID, scheduling.ActReminded, va.fmtSlot(slot))
}

func (va *VendorAccess) runEnable(ctx context.Context, j jobs.Job) error {
	a, slot, err := va.load(ctx, j)
	if err != nil {
		return err
	}
	if !activeApproved(a, slot) || !slot.End.After(va.now()) {
		// Cancelled, rejected or over: nothing to enable.
		return nil
	}
	if recorded(a, scheduling.ActEnabled, va.fmtSlot(slot)) {
		return nil // this job ran before (see recorded)
	}
	if err := va.Accounts.Enable(ctx, va.request(a, slot)); err != nil {
		_ = va.record(ctx, a.ID, scheduling.ActEnableFailed, err.Error())
		if j.Attempt == 0 {
			va.tellStaff(ctx, vendorTexts.t(va.lang(), "staff_enable_fail", a.Request.AccountName(), a.ID, err.Error()))
		}
		return fmt.Errorf("enable %s: %w", a.ID, err)
	}
	va.tellStaff(ctx, vendorTexts.t(va.lang(), "staff_enabled", a.Request.AccountName(), a.Request.Vendor, a.Request.System, slot.End.In(va.loc()).Format("15:04")))
	return va.recordDone(ctx, a.ID, scheduling.ActEnabled, va.fmtSlot(slot))
}

// recorded reports whether a's history has act with note. asynq runs a job
// at least once: a run whose end could not be written (Redis failing over)
// or that a killed replica had taken runs again, and must not repeat an
// account step that its history shows done.
func recorded(a scheduling.Appointment, act scheduling.AppointmentAction, note string) bool {
	return slices.ContainsFunc(a.History, func(h scheduling.HistoryItem) bool { return h.Action == act && h.Note == note })
}

// recordDone records an account step that was done. It keeps trying for a
// while (Redis may be failing over): a job that fails here runs again, and
// only the record stops it from repeating the step.
func (va *VendorAccess) recordDone(ctx context.Context, id string, act scheduling.AppointmentAction, note string) error {
	wait, deadline := 100*time.Millisecond, time.Now().Add(10*time.Second)
	for {
		err := va.record(ctx, id, act, note)
		if err == nil || errors.Is(err, scheduling.ErrAppointmentNotFound) || time.Now().After(deadline) {
			return err
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
		wait = min(2*wait, time.Second)
	}
}

func (va *VendorAccess) loc() *time.Location {
	if va.Location != nil {
		return va.Location
	}
	return time.UTC
}

// runDisable disables the account whatever became of the appointment: a
// disabled account is the safe state.
func (va *VendorAccess) runDisable(ctx context.Context, j jobs.Job) error {
	a, slot, err := va.load(ctx, j)
	if err != nil {
		return err
	}
	if recorded(a, scheduling.ActDisabled, va.fmtSlot(slot)) {
		return nil // this job ran before (see recorded)
	}
	if err := va.Accounts.Disable(ctx, va.request(a, slot)); err != nil {
		_ = va.record(ctx, a.ID, scheduling.ActDisableFailed, fmt.Sprintf("attempt %d: %v", j.Attempt+1, err))
		return fmt.Errorf("disable %s: %w", a.ID, err)
	}
	va.tellStaff(ctx, vendorTexts.t(va.lang(), "staff_disabled", a.Request.AccountName(), a.ID))
	return va.recordDone(ctx, a.ID, scheduling.ActDisabled, va.fmtSlot(slot))
}

// Alarm is the jobs.Runner's OnAlarm: a disable step that keeps failing is
// raised in every staff room (other job types are logged).
func (va *VendorAccess) Alarm(ctx context.Context, j jobs.Job, failures int, err error) {
	if j.Type != JobVendorDisable {
		va.log().Warn("job keeps failing", "component", "vendor-access", "job", j.ID, "failures", failures, "err", err)
		return
	}
	a, _, lerr := va.load(ctx, j)
	if lerr != nil {
		va.log().Error("disable keeps failing for an unreadable appointment", "component", "vendor-access", "job", j.ID, "err", lerr)
		return
	}
	va.log().Error("vendor account still enabled after its window", "component", "vendor-access", "appointment", a.ID, "failures", failures, "err", err)
	va.tellStaff(ctx, vendorTexts.t(va.lang(), "staff_alarm", a.Request.AccountName(), a.Request.Vendor, a.Request.System, failures, err.Error()))
	_ = va.record(ctx, a.ID, scheduling.ActAlarm, fmt.Sprintf("%d failures: %v", failures, err))
}

func (va *VendorAccess) record(ctx context.Context, id string, act scheduling.AppointmentAction, note string) error {
	if err := va.Appointments.Record(ctx, id, act, "bot", note, va.now()); err != nil {
		return fmt.Errorf("record %s: %w", act, err)
	}
	return nil
}

func (va *VendorAccess) tellStaff(ctx context.Context, text string) {
	if va.Poster == nil {
		return
	}
	for _, room := range va.StaffRooms {
		if _, err := va.Poster.Post(ctx, room, bot.Reply{Text: text}); err != nil {
			va.log().Warn("staff room not reachable", "component", "vendor-access", "platform", room.Platform, "err", err)
		}
	}
}
