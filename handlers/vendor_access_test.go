package handlers

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mspbot/mspbot/accounts"
	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/internal/redistest"
	"github.com/mspbot/mspbot/jobs"
	"github.com/mspbot/mspbot/redisstore"
	"github.com/mspbot/mspbot/scheduling"
)

// flakyDirectory is the provider's directory behind the account action: it
// records every call and refuses the first failDisable disables.
type flakyDirectory struct {
	mu          sync.Mutex
	calls       []string
	failDisable int
	enabled     bool
}

func (d *flakyDirectory) Enable(_ context.Context, r accounts.Request) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.calls = append(d.calls, "enable "+r.Account)
	d.enabled = true
	return nil
}

func (d *flakyDirectory) Disable(_ context.Context, r accounts.Request) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.calls = append(d.calls, "disable "+r.Account)
	if d.failDisable > 0 {
		d.failDisable--
		return errors.New("directory unreachable")
	}
	d.enabled = false
	return nil
}

func (d *flakyDirectory) state() ([]string, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.calls...), d.enabled
}

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

// TestVendorAccountEnabledAndDisabledAcrossRestart plans an approved
// window, stops the job runner before the window starts (the bot going
// down) and starts a new one (the bot coming back): the account is enabled
// at the start and disabled at the end; a disable that keeps failing is
// retried and raises the alarm in the staff room; every step is in the
// appointment's history.
func TestVendorAccountEnabledAndDisabledAcrossRestart(t *testing.T) {
	rdb := redistest.Open(t, redistest.DBHandlers)
	keys := redisstore.Keys{Prefix: "va" + bot.NewID(4)}
	apps := scheduling.NewAppointments(redisstore.NewAppointments(rdb, keys))
	ctx := context.Background()
	start := time.Now().Add(2 * time.Second).Truncate(time.Second).Add(time.Second)
	req := scheduling.AppointmentRequest{Vendor: "DATEV", System: "SRV-01", Purpose: "Update", VendorEmail: "v@datev.example",
		ClientEmail: "it@acme.example", Lang: "de", TZID: "Europe/Berlin", Slots: []scheduling.Slot{{Start: start, End: start.Add(2 * time.Second)}}}
	a, err := apps.Hold(ctx, scheduling.Requester{Org: "acme", Platform: "web", User: "anna", Channel: "c-anna"}, req, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if a, err = apps.Approve(ctx, a.ID, scheduling.Decider{Platform: "web", User: "alice", Staff: true}, false, time.Now()); err != nil {
		t.Fatal(err)
	}
	dir := &flakyDirectory{failDisable: 3}
	staff := &staffPoster{}
	queueName := keys.Prefix
	va := &VendorAccess{Appointments: apps, Queue: jobs.NewQueue(rdb, jobs.QueueOptions{Name: queueName}), Accounts: dir,
		Poster: staff, StaffRooms: []bot.Ref{{Platform: "web", Channel: "staff"}}, Location: berlin, Remind: -1}
	runner := func() *jobs.Runner {
		r := jobs.NewRunner(rdb, jobs.RunnerOptions{Queue: queueName, PollInterval: 100 * time.Millisecond,
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
	first := runner()
	if err := va.Plan(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := va.Plan(ctx, a); err != nil { // planning twice plans once
		t.Fatal(err)
	}
	first.Stop()
	if calls, _ := dir.state(); len(calls) != 0 {
		t.Fatalf("ran before its time: %v", calls)
	}
	second := runner()
	defer second.Stop()

	deadline := time.Now().Add(30 * time.Second)
	for {
		calls, enabled := dir.state()
		if len(calls) == 5 && !enabled {
			if calls[0] != "enable vendor-datev" || calls[4] != "disable vendor-datev" {
				t.Fatalf("calls %v", calls)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("calls so far %v (enabled %v)", calls, enabled)
		}
		time.Sleep(50 * time.Millisecond)
	}
	for !strings.Contains(staff.all(), "wieder gesperrt") && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	mustContain(t, staff.all(), "freigeschaltet", "ALARM", "vendor-datev", "wieder gesperrt")
	got, _ := apps.Load(ctx, a.ID)
	var acts []string
	for _, h := range got.History {
		acts = append(acts, string(h.Action))
	}
	hist := strings.Join(acts, ",")
	for _, want := range []string{"account_enabled", "account_disable_failed", "alarm", "account_disabled"} {
		if !strings.Contains(hist, want) {
			t.Fatalf("history %s lacks %s", hist, want)
		}
	}
	if strings.Count(hist, "account_enabled") != 1 {
		t.Fatalf("enabled more than once: %s", hist)
	}
}

// TestVendorCancelDuringWindowDisablesAtOnce: cancelling an approved
// appointment while its window runs disables the account right away, and
// a cancelled appointment's enable step does nothing.
func TestVendorCancelDuringWindowDisablesAtOnce(t *testing.T) {
	rdb := redistest.Open(t, redistest.DBHandlers)
	keys := redisstore.Keys{Prefix: "vc" + bot.NewID(4)}
	apps := scheduling.NewAppointments(redisstore.NewAppointments(rdb, keys))
	ctx := context.Background()
	now := time.Now()
	who := scheduling.Requester{Org: "acme", Platform: "web", User: "anna", Channel: "c-anna"}
	req := scheduling.AppointmentRequest{Vendor: "Sage", System: "APP01", Purpose: "Upgrade", VendorEmail: "v@sage.example",
		ClientEmail: "it@acme.example", Lang: "en", TZID: "Europe/Berlin",
		Slots: []scheduling.Slot{{Start: now.Add(-time.Minute), End: now.Add(time.Hour)}, {Start: now.Add(48 * time.Hour), End: now.Add(50 * time.Hour)}}}
	a, err := apps.Hold(ctx, who, req, now)
	if err != nil {
		t.Fatal(err)
	}
	if a, err = apps.Approve(ctx, a.ID, scheduling.Decider{Platform: "web", User: "alice", Staff: true}, false, now); err != nil {
		t.Fatal(err)
	}
	dir := &flakyDirectory{}
	va := &VendorAccess{Appointments: apps, Queue: jobs.NewQueue(rdb, jobs.QueueOptions{Name: keys.Prefix}), Accounts: dir,
		Poster: &staffPoster{}, Location: berlin}
	r := jobs.NewRunner(rdb, jobs.RunnerOptions{Queue: keys.Prefix, PollInterval: 100 * time.Millisecond, ShutdownTimeout: 2 * time.Second})
	for typ, h := range va.Handlers() {
		r.Handle(typ, h)
	}
	if err := r.Start(); err != nil {
		t.Fatal(err)
	}
	defer r.Stop()
	if err := va.Plan(ctx, a); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for calls, _ := dir.state(); len(calls) < 1; calls, _ = dir.state() {
		if time.Now().After(deadline) {
			t.Fatal("the running window was not enabled")
		}
		time.Sleep(50 * time.Millisecond)
	}
	c, err := apps.Cancel(ctx, a.ID, who, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := va.Unplan(ctx, c, time.Now()); err != nil {
		t.Fatal(err)
	}
	for _, enabled := dir.state(); enabled; _, enabled = dir.state() {
		if time.Now().After(deadline) {
			t.Fatal("account still enabled after cancelling during the window")
		}
		time.Sleep(50 * time.Millisecond)
	}
	// The later window's enable step was cancelled: running its handler
	// directly (as a stale job would) enables nothing.
	p := []byte(`{"id":"` + a.ID + `","start":` + itoa(a.Request.Slots[1].Start.UnixMilli()) + `,"end":` + itoa(a.Request.Slots[1].End.UnixMilli()) + `}`)
	if err := va.runEnable(ctx, jobs.Job{Type: JobVendorEnable, ID: "stale", Payload: p}); err != nil {
		t.Fatal(err)
	}
	if calls, enabled := dir.state(); enabled || len(calls) != 2 {
		t.Fatalf("after stale enable: %v enabled %v", calls, enabled)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
