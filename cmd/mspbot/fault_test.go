package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/handlers"
	"github.com/mspbot/mspbot/internal/redistest"
	"github.com/mspbot/mspbot/jobs"
	"github.com/mspbot/mspbot/redisstore"
	"github.com/mspbot/mspbot/scheduling"
)

// redisServer is a redis-server of the test's own, with the append-only
// file fsynced on every write, that can be killed and started again on the
// same files.
type redisServer struct {
	t    *testing.T
	port int
	dir  string
	cmd  *exec.Cmd
}

func startRedisServer(t *testing.T) *redisServer {
	t.Helper()
	path, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skip("redis-server not installed (scripts/test installs it)")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	r := &redisServer{t: t, port: port, dir: t.TempDir()}
	_ = path
	r.start()
	t.Cleanup(r.kill)
	return r
}

func (r *redisServer) url() string { return fmt.Sprintf("redis://127.0.0.1:%d/0", r.port) }

func (r *redisServer) start() {
	r.t.Helper()
	r.cmd = exec.Command("redis-server", "--port", strconv.Itoa(r.port), "--bind", "127.0.0.1", "--dir", r.dir,
		"--appendonly", "yes", "--appendfsync", "always", "--save", "")
	if err := r.cmd.Start(); err != nil {
		r.t.Fatal(err)
	}
	c := redis.NewClient(&redis.Options{Addr: fmt.Sprintf("127.0.0.1:%d", r.port)})
	defer c.Close()
	deadline := time.Now().Add(15 * time.Second)
	for c.Ping(context.Background()).Err() != nil {
		if time.Now().After(deadline) {
			r.t.Fatal("redis-server did not come up")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// kill stops the server at once (SIGKILL): only what the AOF holds survives.
func (r *redisServer) kill() {
	if r.cmd != nil && r.cmd.Process != nil {
		_ = r.cmd.Process.Kill()
		_ = r.cmd.Wait()
		r.cmd = nil
	}
}

var ticketIDRE = regexp.MustCompile(`CB-\d{2}-\d{4,}`)

// sayRetrying posts a message like a patient user: when the bot answers
// 503 ("temporarily unavailable") the same message is sent again.
func sayRetrying(p *proc, conv, user, text string, unavailable *atomic.Int64) (string, error) {
	body, _ := json.Marshal(map[string]string{"conversation": conv, "user": user, "text": text})
	deadline := time.Now().Add(60 * time.Second)
	for {
		res, err := http.Post(p.url+"/api/messages", "application/json", bytes.NewReader(body))
		if err != nil {
			return "", err
		}
		raw, _ := io.ReadAll(res.Body)
		res.Body.Close()
		switch res.StatusCode {
		case 200:
			return string(raw), nil
		case 503:
			if !bytes.Contains(raw, []byte("vorübergehend nicht erreichbar")) && !bytes.Contains(raw, []byte("temporarily unavailable")) {
				return "", fmt.Errorf("503 without the unavailable answer: %s", raw)
			}
			unavailable.Add(1)
		default:
			return "", fmt.Errorf("status %d: %s", res.StatusCode, raw)
		}
		if time.Now().After(deadline) {
			return "", fmt.Errorf("still unavailable after a minute")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestFaultRedisRestartDuringFilings files 1,000 callbacks while Redis is
// killed and restarted from its append-only file: every ticket the bot
// confirmed exists afterwards and none exists twice; while Redis is down the
// users are told it is temporarily unavailable, /readyz says not ready, and
// the bot keeps running.
func TestFaultRedisRestartDuringFilings(t *testing.T) {
	r := startRedisServer(t)
	p := start(t, buildBinary(t), "REDIS_URL="+r.url(), "MSPBOT_RATE_USER=0", "MSPBOT_RATE_CONVERSATION=0",
		"MSPBOT_LOCK_WAIT=1s", "MSPBOT_LOCK_TTL=5s", "MSPBOT_EVENT_TIMEOUT=4s")
	defer p.stop(t)

	const filings = 1000
	var (
		next, done, unavailable atomic.Int64
		mu                      sync.Mutex
		confirmed               = map[string]string{} // user -> ticket id
		errs                    []error
	)
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for {
				k := int(next.Add(1))
				if k > filings {
					return
				}
				conv, user := "f-"+strconv.Itoa(k), "u-"+strconv.Itoa(k)
				first, err := sayRetrying(p, conv, user, "Bitte rufen Sie mich zurück wegen unseres Druckers. Ich bin Anna Schmidt, 040 696 450 99, so bald wie möglich.", &unavailable)
				if err == nil && !strings.Contains(first, "Soll ich das so aufnehmen?") {
					err = fmt.Errorf("%s: no summary: %.300s", user, first)
				}
				var filed string
				if err == nil {
					filed, err = sayRetrying(p, conv, user, "ja", &unavailable)
				}
				mu.Lock()
				switch id := ticketIDRE.FindString(filed); {
				case err != nil:
					errs = append(errs, err)
				case id == "":
					errs = append(errs, fmt.Errorf("%s: no ticket id in %.300s", user, filed))
				default:
					confirmed[user] = id
				}
				mu.Unlock()
				done.Add(1)
			}
		})
	}
	// A third of the way in, Redis goes down hard and comes back.
	for done.Load() < filings/3 {
		time.Sleep(5 * time.Millisecond)
	}
	r.kill()
	res, err := http.Get(p.url + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 503 {
		t.Errorf("/readyz with Redis down = %d, want 503", res.StatusCode)
	}
	time.Sleep(time.Second)
	r.start()
	wg.Wait()

	for _, err := range errs {
		t.Error(err)
	}
	if len(confirmed) != filings {
		t.Fatalf("%d of %d filings confirmed", len(confirmed), filings)
	}
	if unavailable.Load() == 0 {
		t.Error("no user was ever told the service was unavailable: Redis was not down during the filings")
	}
	rdb := redis.NewClient(&redis.Options{Addr: fmt.Sprintf("127.0.0.1:%d", r.port)})
	defer rdb.Close()
	keys := redisstore.Keys{}
	ctx := context.Background()
	seen := map[string]string{}
	for user, id := range confirmed {
		if n, _ := rdb.Exists(ctx, keys.Ticket(id)).Result(); n != 1 {
			t.Errorf("confirmed ticket %s of %s is gone", id, user)
		}
		if other, dup := seen[id]; dup {
			t.Errorf("ticket %s confirmed to %s and %s", id, other, user)
		}
		seen[id] = user
		if n, _ := rdb.ZCard(ctx, keys.TicketClient("web:@"+user, "web", user)).Result(); n != 1 {
			t.Errorf("%s has %d tickets, want exactly 1", user, n)
		}
	}
	if n, _ := rdb.ZCard(ctx, keys.TicketState("open")).Result(); n != filings {
		t.Errorf("%d open tickets, want %d", n, filings)
	}
	t.Logf("%d filings, %d answers 'temporarily unavailable' while Redis was down", filings, unavailable.Load())
	if strings.Contains(p.stderr.String(), "panic") || strings.Contains(p.stderr.String(), "goroutine ") {
		t.Fatalf("the bot crashed or logged a stack:\n%.3000s", p.stderr)
	}
}

// TestFaultKilledDuringVendorWindow: the bot that enabled a vendor account
// is killed (SIGKILL) during the window; the account is still disabled at
// the window's end, by the replica started after it.
func TestFaultKilledDuringVendorWindow(t *testing.T) {
	rdb := redistest.Open(t, redistest.DBEndToEnd)
	ctx := context.Background()
	dir := t.TempDir()
	logFile := filepath.Join(dir, "directory.log")
	script := filepath.Join(dir, "account.sh")
	if err := os.WriteFile(script, []byte("#!/bin/sh\necho \"$1 $2\" >> "+logFile+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	keys := redisstore.Keys{}
	apps := scheduling.NewAppointments(redisstore.NewAppointments(rdb, keys))
	start0 := time.Now().Add(4 * time.Second).Truncate(time.Second)
	a, err := apps.Hold(ctx, scheduling.Requester{Org: "acme", Platform: "web", User: "anna", Channel: "c-anna"},
		scheduling.AppointmentRequest{Vendor: "DATEV", System: "SRV-01", Purpose: "Update", VendorEmail: "v@datev.example",
			ClientEmail: "it@acme.example", Lang: "de", TZID: "Europe/Berlin",
			Slots: []scheduling.Slot{{Start: start0, End: start0.Add(4 * time.Second)}}}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if a, err = apps.Approve(ctx, a.ID, scheduling.Decider{Platform: "web", User: "alice", Staff: true}, false, time.Now()); err != nil {
		t.Fatal(err)
	}
	// Plan as the approving bot does.
	va := &handlers.VendorAccess{Appointments: apps, Queue: jobs.NewQueue(rdb, jobs.QueueOptions{Name: keys.JobQueue()}), Remind: -1}
	if err := va.Plan(ctx, a); err != nil {
		t.Fatal(err)
	}
	env := []string{"REDIS_URL=" + redistest.DBURL(t, redistest.DBEndToEnd), "MSPBOT_ACCOUNT_COMMAND=" + script}
	first := start(t, buildBinary(t), env...)
	readLog := func() string { b, _ := os.ReadFile(logFile); return string(b) }
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(readLog(), "enable vendor-datev") {
		if time.Now().After(deadline) {
			t.Fatalf("account not enabled at the window's start; log %q\n%s", readLog(), first.stderr)
		}
		time.Sleep(20 * time.Millisecond)
	}
	_ = first.cmd.Process.Signal(syscall.SIGKILL)
	<-first.done
	second := start(t, buildBinary(t), env...)
	defer second.stop(t)
	for !strings.Contains(readLog(), "disable vendor-datev") {
		if time.Now().After(deadline) {
			t.Fatalf("account still enabled after the window; log %q\n%s", readLog(), second.stderr)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if end := a.Request.Slots[0].End; time.Now().After(end.Add(5 * time.Second)) {
		t.Errorf("disabled %s after the window's end", time.Since(end).Round(time.Millisecond))
	}
	if got := readLog(); strings.Count(got, "enable") != 1 {
		t.Errorf("directory calls %q: enabled more than once", got)
	}
	// The replica that disabled the account records it (the killed one may
	// have died before recording its enable step).
	for {
		got, _ := apps.Load(ctx, a.ID)
		var acts []string
		for _, h := range got.History {
			acts = append(acts, string(h.Action))
		}
		if strings.Contains(strings.Join(acts, ","), "account_disabled") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("audit history %v lacks the disable step", acts)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestFaultGracefulShutdown: SIGTERM while many requests are in flight lets
// them finish with complete answers; nothing is half-written.
func TestFaultGracefulShutdown(t *testing.T) {
	rdb := redistest.Open(t, redistest.DBEndToEnd)
	p := start(t, buildBinary(t), "REDIS_URL="+redistest.DBURL(t, redistest.DBEndToEnd), "MSPBOT_RATE_USER=0", "MSPBOT_RATE_CONVERSATION=0")
	var wg sync.WaitGroup
	var ok, refused atomic.Int64
	var mu sync.Mutex
	var bad []string
	started := make(chan struct{}, 400)
	for i := range 200 {
		wg.Go(func() {
			body, _ := json.Marshal(map[string]string{"conversation": "g-" + strconv.Itoa(i), "user": "g", "text": "Ist der Austausch einer defekten Festplatte im Vertrag enthalten?"})
			started <- struct{}{}
			res, err := http.Post(p.url+"/api/messages", "application/json", bytes.NewReader(body))
			if err != nil {
				refused.Add(1) // the listener was closed before this request: nothing started
				return
			}
			raw, rerr := io.ReadAll(res.Body)
			res.Body.Close()
			var out struct {
				Replies []struct{ Text string } `json:"replies"`
			}
			if rerr != nil || res.StatusCode != 200 || json.Unmarshal(raw, &out) != nil || len(out.Replies) != 1 || !strings.Contains(out.Replies[0].Text, "Quelle") {
				mu.Lock()
				bad = append(bad, fmt.Sprintf("%d %v %.200s", res.StatusCode, rerr, raw))
				mu.Unlock()
				return
			}
			ok.Add(1)
		})
	}
	for range 50 {
		<-started
	}
	// Some answers are back, so the server is serving: the rest are in flight
	// or about to be when the signal comes.
	for deadline := time.Now().Add(20 * time.Second); ok.Load() < 5 && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	wg.Wait()
	select {
	case err := <-p.done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no exit after SIGTERM")
	}
	for _, b := range bad {
		t.Errorf("cut-off answer: %s", b)
	}
	if ok.Load() == 0 {
		t.Fatal("no request finished")
	}
	// Every answered conversation has its answer in the transcript and no
	// conversation lock is left behind.
	ctx := context.Background()
	n := 0
	for i := range 200 {
		conv := bot.Ref{Platform: "web", Channel: "g-" + strconv.Itoa(i)}
		if l, _ := rdb.LLen(ctx, redisstore.Keys{}.Transcript(conv)).Result(); l == 1 {
			n++
		}
		if e, _ := rdb.Exists(ctx, redisstore.Keys{}.Lock(conv)).Result(); e != 0 {
			t.Errorf("conversation %s left locked", conv.Channel)
		}
	}
	if int64(n) != ok.Load() {
		t.Errorf("%d answers given, %d stored", ok.Load(), n)
	}
	t.Logf("%d answered, %d refused at the door", ok.Load(), refused.Load())
}
