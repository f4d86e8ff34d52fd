package handlers

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/internal/redistest"
	"github.com/mspbot/mspbot/jobs"
	"github.com/mspbot/mspbot/redisstore"
	"github.com/mspbot/mspbot/scheduling"
)

// staffPoster records proactive staff messages.
type staffPoster struct {
	mu    sync.Mutex
	texts []string
}

func (p *staffPoster) Post(_ context.Context, to bot.Ref, r bot.Reply) (bot.Sent, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.texts = append(p.texts, r.Text)
	return bot.Sent{Ref: to, Text: r.Text}, nil
}

func (p *staffPoster) all() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.texts, "\n")
}

// waitFor polls cond until it holds, within a generous deadline: the job
// runner works in real time.
func waitFor(t *testing.T, what string, cond func() bool, state ...func() string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			var s []string
			for _, f := range state {
				s = append(s, f())
			}
			t.Fatalf("gave up waiting for %s: %s", what, strings.Join(s, "; "))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// approved holds and approves an appointment with slots, in real time.
func approved(t *testing.T, rdb *redis.Client, keys redisstore.Keys, who scheduling.Requester, slots []scheduling.Slot) (*scheduling.Appointments, scheduling.Appointment) {
	t.Helper()
	ctx := context.Background()
	apps := scheduling.NewAppointments(redisstore.NewAppointments(rdb, keys))
	req := scheduling.AppointmentRequest{Vendor: "DATEV", System: "SRV-01", Purpose: "Update", VendorEmail: "v@datev.example",
		ClientEmail: "it@acme.example", Lang: "de", TZID: "Europe/Berlin", Slots: slots}
	a, err := apps.Hold(ctx, who, req, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if a, err = apps.Approve(ctx, a.ID, scheduling.Decider{Platform: "web", User: "alice", Staff: true}, false, time.Now()); err != nil {
		t.Fatal(err)
	}
	return apps, a
}

// startRunner runs va's jobs from queue until the test ends.
func startRunner(t *testing.T, rdb *redis.Client, queue string, va *VendorAccess) *jobs.Runner {
	t.Helper()
	r := jobs.NewRunner(rdb, jobs.RunnerOptions{Queue: queue, PollInterval: 100 * time.Millisecond,
		MinBackoff: 200 * time.Millisecond, MaxBackoff: 400 * time.Millisecond, AlarmAfter: 2, OnAlarm: va.Alarm,
		ShutdownTimeout: 2 * time.Second})
	for typ, h := range va.Handlers() {
		r.Handle(typ, h)
	}
	if err := r.Start(); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestVendorAccountEnabledAndDisabledAcrossRestart plans an approved
// window, stops the job runner (the bot going down) and starts a new one
// (the bot coming back): the account is enabled once at the start and
// disabled at the end; a disable that keeps failing is retried and raises
// the alarm in the staff room; every step is in the appointment's history.
func TestVendorAccountEnabledAndDisabledAcrossRestart(t *testing.T) {
	rdb := redistest.Open(t, redistest.DBHandlers)
	keys := redisstore.Keys{Prefix: "va" + bot.NewID(4)}
	start := time.Now().Add(4 * time.Second).Truncate(time.Second).Add(time.Second)
	apps, a := approved(t, rdb, keys, scheduling.Requester{Org: "acme", Platform: "web", User: "anna", Channel: "c-anna"},
		[]scheduling.Slot{{Start: start, End: start.Add(2 * time.Second)}})
	ctx := context.Background()
	dir := &directory{failOff: 3}
	staff := &staffPoster{}
	va := &VendorAccess{Appointments: apps, Queue: jobs.NewQueue(rdb, jobs.QueueOptions{Name: keys.Prefix}), Accounts: dir,
		Poster: staff, StaffRooms: []bot.Ref{{Platform: "web", Channel: "staff"}}, Location: berlin, Remind: -1,
		Logger: slog.New(slog.DiscardHandler)}

	first := startRunner(t, rdb, keys.Prefix, va)
	if err := va.Plan(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := va.Plan(ctx, a); err != nil { // planning twice plans once
		t.Fatal(err)
	}
	first.Stop()
	second := startRunner(t, rdb, keys.Prefix, va)
	defer second.Stop()

	waitFor(t, "enable, three failed disables and a disable", func() bool { return len(dir.log()) >= 5 },
		func() string { return fmt.Sprintf("directory calls %v, staff told %q", dir.log(), staff.all()) })
	calls := dir.log()
	if calls[0] != "enable vendor-datev" || calls[4] != "disable vendor-datev" || slices.Index(calls[1:], "enable vendor-datev") >= 0 {
		t.Fatalf("calls %v", calls)
	}
	waitFor(t, "the all-clear", func() bool { return strings.Contains(staff.all(), "wieder gesperrt") })
	contains(t, staff.all(), "freigeschaltet", "ALARM", "vendor-datev", "wieder gesperrt")
	got, _ := apps.Load(ctx, a.ID)
	var acts []string
	for _, h := range got.History {
		acts = append(acts, string(h.Action))
	}
	hist := strings.Join(acts, ",")
	for _, want := range []scheduling.AppointmentAction{scheduling.ActEnabled, scheduling.ActDisableFailed, scheduling.ActAlarm, scheduling.ActDisabled} {
		if !strings.Contains(hist, string(want)) {
			t.Fatalf("history %s lacks %s", hist, want)
		}
	}
	if strings.Count(hist, string(scheduling.ActEnabled)) != 1 {
		t.Fatalf("enabled more than once: %s", hist)
	}
}

// TestVendorCancelDuringWindowDisablesAtOnce: cancelling an approved
// appointment while its window runs disables the account right away, and
// a cancelled window's stale enable step enables nothing.
func TestVendorCancelDuringWindowDisablesAtOnce(t *testing.T) {
	rdb := redistest.Open(t, redistest.DBHandlers)
	keys := redisstore.Keys{Prefix: "vc" + bot.NewID(4)}
	now := time.Now()
	who := scheduling.Requester{Org: "acme", Platform: "web", User: "anna", Channel: "c-anna"}
	apps, a := approved(t, rdb, keys, who, []scheduling.Slot{{Start: now.Add(-time.Minute), End: now.Add(time.Hour)},
		{Start: now.Add(48 * time.Hour), End: now.Add(50 * time.Hour)}})
	ctx := context.Background()
	dir := &directory{}
	va := &VendorAccess{Appointments: apps, Queue: jobs.NewQueue(rdb, jobs.QueueOptions{Name: keys.Prefix}), Accounts: dir,
		Poster: &staffPoster{}, Location: berlin, Logger: slog.New(slog.DiscardHandler)}
	r := startRunner(t, rdb, keys.Prefix, va)
	defer r.Stop()
	if err := va.Plan(ctx, a); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the running window to be enabled", func() bool { return len(dir.log()) >= 1 })
	c, err := apps.Cancel(ctx, a.ID, who, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := va.Unplan(ctx, c, time.Now()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the account to be disabled", func() bool { return len(dir.log()) >= 2 })
	if calls := dir.log(); calls[1] != "disable vendor-datev" {
		t.Fatalf("calls %v", calls)
	}
	// The later window's enable step was cancelled: running its handler
	// directly (as a stale job would) enables nothing.
	p, _ := json.Marshal(slotJob{ID: a.ID, Start: a.Request.Slots[1].Start.UnixMilli(), End: a.Request.Slots[1].End.UnixMilli()})
	if err := va.runEnable(ctx, jobs.Job{Type: JobVendorEnable, ID: "stale", Payload: p}); err != nil {
		t.Fatal(err)
	}
	if calls := dir.log(); len(calls) != 2 {
		t.Fatalf("after a stale enable: %v", calls)
	}
	if in, err := va.Queue.(*jobs.Queue).Info(ctx, jobID(a.ID, a.Request.Slots[1], "enable")); err != nil || in.State != jobs.StateUnknown {
		t.Fatalf("the later window's enable step is still queued: %+v %v", in, err)
	}
}

// TestVendorAccountStepsNotRepeated: asynq runs a job at least once (a run
// whose end could not be written during a failover, or one a killed replica
// had taken, runs again). A job run again does not enable or disable the
// account a second time.
func TestVendorAccountStepsNotRepeated(t *testing.T) {
	rdb := redistest.Open(t, redistest.DBHandlers)
	keys := redisstore.Keys{Prefix: "vr" + bot.NewID(4)}
	start := time.Now().Add(-time.Minute).Truncate(time.Second)
	apps, a := approved(t, rdb, keys, scheduling.Requester{Org: "acme", Platform: "web", User: "anna", Channel: "c-anna"},
		[]scheduling.Slot{{Start: start, End: start.Add(time.Hour)}})
	dir := &directory{}
	va := &VendorAccess{Appointments: apps, Accounts: dir, Location: berlin, Remind: -1, Logger: slog.New(slog.DiscardHandler)}
	p, _ := json.Marshal(slotJob{ID: a.ID, Start: start.UnixMilli(), End: start.Add(time.Hour).UnixMilli()})
	ctx := context.Background()
	for attempt := range 2 {
		if err := va.runEnable(ctx, jobs.Job{Type: JobVendorEnable, ID: "e", Payload: p, Attempt: attempt}); err != nil {
			t.Fatal(err)
		}
	}
	for attempt := range 2 {
		if err := va.runDisable(ctx, jobs.Job{Type: JobVendorDisable, ID: "d", Payload: p, Attempt: attempt}); err != nil {
			t.Fatal(err)
		}
	}
	if got := dir.log(); !slices.Equal(got, []string{"enable vendor-datev", "disable vendor-datev"}) {
		t.Fatalf("directory calls %v, want one enable and one disable", got)
	}
}

// TestPermanentAdminRefusedInSoManyWords: "a permanent domain admin account
// so they can log in whenever they need" is refused as such, with the two
// rules (probe set J: only "no admin rights unless necessary" was said).
func TestPermanentAdminRefusedInSoManyWords(t *testing.T) {
	w := newWorld(t, worldOptions{})
	r := w.client("pat").say("Our ERP vendor asks for a permanent domain admin account so they can log in whenever they need. Can you set that up?")
	contains(t, r.text, "do not set up a permanent admin account", "disabled at all times", "no administrative rights")
	r = w.client("paula").say("Unser Warenwirtschafts-Hersteller möchte dauerhaft Domänen-Adminrechte, damit er sich jederzeit anmelden kann. Geht das?")
	contains(t, r.text, "dauerhaftes Adminkonto", "grundsätzlich deaktiviert")
}
