package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mspbot/mspbot/handlers"
	"github.com/mspbot/mspbot/internal/redistest"
	"github.com/mspbot/mspbot/jobs"
	"github.com/mspbot/mspbot/redisstore"
	"github.com/mspbot/mspbot/scheduling"
)

// The scale-out tests: three replicas of the real binary share a highly
// available Redis of the test's own (a Redis Cluster of three masters with a
// replica each, or a master, a replica and three sentinels) and serve a
// mixed load through the JSON API: coverage questions, callback dialogues
// whose two turns reach different replicas, vendor bookings of one system by
// three clients at once, two staff members approving each hold at the same
// moment on different replicas, and vendor windows whose account jobs fall
// due during the faults. First a Redis master is killed (SIGKILL) and its
// replica takes over; then one bot replica is killed (SIGKILL) with requests
// in flight. Afterwards every ticket and appointment confirmed to a client
// exists exactly once, each is announced to staff once, no approval is
// decided twice, no conversation lock is left, every account job ran exactly
// once, the clients of the killed replica were answered by the others, and
// users were told "temporarily unavailable" (503) no longer than the
// failover took. The figures are logged (go test -v -run ScaleOut).

// haRedis is the Redis a scenario runs on.
type haRedis struct {
	kind string
	url  string
	// killMaster kills the master (SIGKILL) and returns once its replica
	// serves in its place: what was killed and how long the failover took.
	killMaster func(ctx context.Context) (string, time.Duration, error)
	// scan lists the keys matching pattern on every master.
	scan func(ctx context.Context, rdb redis.UniversalClient, pattern string) ([]string, error)
}

func TestScaleOutCluster(t *testing.T) {
	if testing.Short() {
		t.Skip("scale-out scenario skipped in -short mode")
	}
	c := redistest.StartCluster(t, redistest.ClusterOptions{Masters: 3, Replicas: 1})
	// The durable job queue and the vendor appointments share a master:
	// that one goes down, so jobs, holds and approvals live through the
	// failover, as do the conversations on its slots.
	const victim = "asynq:{mspbot}:scheduled"
	runScaleOut(t, haRedis{kind: "cluster", url: c.URL(),
		killMaster: func(ctx context.Context) (string, time.Duration, error) {
			t0 := time.Now()
			m, err := c.KillMasterOf(ctx, victim)
			if err != nil {
				return "", 0, err
			}
			err = c.WaitFailover(ctx, victim, m)
			return "master " + m.Addr() + " (asynq:{mspbot}, {appointments} and a third of the conversations)", time.Since(t0), err
		},
		scan: func(ctx context.Context, rdb redis.UniversalClient, pattern string) ([]string, error) {
			var mu sync.Mutex
			var keys []string
			err := rdb.(*redis.ClusterClient).ForEachMaster(ctx, func(ctx context.Context, c *redis.Client) error {
				ks, err := scanAll(ctx, c, pattern)
				mu.Lock()
				keys = append(keys, ks...)
				mu.Unlock()
				return err
			})
			return keys, err
		}})
}

func TestScaleOutSentinel(t *testing.T) {
	if testing.Short() {
		t.Skip("scale-out scenario skipped in -short mode")
	}
	s := redistest.StartSentinel(t, redistest.SentinelOptions{})
	runScaleOut(t, haRedis{kind: "sentinel", url: s.URL(),
		killMaster: func(ctx context.Context) (string, time.Duration, error) {
			t0 := time.Now()
			m, err := s.Master(ctx)
			if err != nil {
				return "", 0, err
			}
			m.Kill()
			err = s.WaitFailover(ctx, m)
			return "master " + m.Addr() + " (everything)", time.Since(t0), err
		},
		scan: func(ctx context.Context, rdb redis.UniversalClient, pattern string) ([]string, error) {
			return scanAll(ctx, rdb, pattern)
		}})
}

func scanAll(ctx context.Context, c redis.Cmdable, pattern string) ([]string, error) {
	var keys []string
	it := c.Scan(ctx, 0, pattern, 1000).Iterator()
	for it.Next(ctx) {
		keys = append(keys, it.Val())
	}
	return keys, it.Err()
}

// The bounds of a scenario.
const (
	scaleReplicas = 3
	// scaleReplicaWait is the longest a client of a killed replica may
	// wait for its answer from another: a conversation the killed replica
	// held is free again once the engine's lock lease (5 s) has run out.
	scaleReplicaWait = 10 * time.Second
	scaleVendorPool  = 60 // users of the client organisation acme
	scaleRounds      = 10 // vendor rounds per phase at most
	scaleBurst       = 24 // filings in flight when a replica is killed
	// scaleMargin is what a user may be told "unavailable" beyond the
	// failover itself: a command under way when the new master takes over
	// ends its retries (dial attempts, go-redis' backoff between them), and
	// the failover is measured when every node agrees. Measured: 0.1-0.7 s.
	scaleMargin = 2 * time.Second
)

const (
	callbackText = "Bitte rufen Sie mich zurück wegen unseres Druckers. Ich bin Anna Schmidt, 040 696 450 99, so bald wie möglich."
	coverageText = "Ist der Austausch einer defekten Festplatte im Vertrag enthalten?"
)

func vendorText(system string) string {
	return "Der Hersteller DATEV muss für das Jahresupdate auf unseren Server " + system + ", etwa 2 Stunden, ohne Adminrechte. " +
		"Hersteller-Kontakt: support@datev.example, meine E-Mail: it@acme.example. So bald wie möglich bitte."
}

// window is a vendor window planned directly, with the fault of its phase.
type window struct {
	id         string
	start, end time.Time
	// fault is how long the phase's fault kept Redis from serving (its
	// jobs may be that much late).
	fault *time.Duration
}

// ledger is what the clients were confirmed, for the checks at the end.
type ledger struct {
	mu       sync.Mutex
	tickets  map[string]string   // user -> ticket id confirmed to them
	holds    map[string]string   // appointment id -> user it was confirmed to
	rounds   map[string][]string // system -> appointment ids held on it
	approved map[string]int      // appointment id -> staff answers that approved it
	windows  []window            // appointments whose account jobs fall due during the run
	users    atomic.Int64        // vendor users handed out
}

func runScaleOut(t *testing.T, ha haRedis) {
	dir := t.TempDir()
	accountLog := filepath.Join(dir, "accounts.log")
	script := filepath.Join(dir, "account.sh")
	if err := os.WriteFile(script, []byte("#!/bin/sh\necho \"$1 $4 $(date +%s.%N)\" >> "+accountLog+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	var acme []string
	for i := range scaleVendorPool {
		acme = append(acme, "web:@vu-"+strconv.Itoa(i))
	}
	env := []string{"REDIS_URL=" + ha.url, "MSPBOT_STAFF_USERS=alice,bob", "MSPBOT_ORGANIZATIONS=acme=" + strings.Join(acme, ","),
		"MSPBOT_ACCOUNT_COMMAND=" + script, "MSPBOT_VENDOR_REMINDER=0", "MSPBOT_HISTORY_MAX=20000",
		// The limits are counted (their keys are written) but high enough
		// never to refuse this load.
		"MSPBOT_RATE_USER=10000", "MSPBOT_RATE_CONVERSATION=10000",
		// What replicas must share besides Redis (docs/deployment.md).
		"MSPBOT_SIGNING_KEY_FILE=" + filepath.Join(dir, "signing-key.pem"), "MSPBOT_VISITOR_KEY_FILE=" + filepath.Join(dir, "visitor-key")}
	f := startFleet(t, scaleReplicas, env)
	led := &ledger{tickets: map[string]string{}, holds: map[string]string{}, rounds: map[string][]string{}, approved: map[string]int{}}

	t.Run("redis-master-killed", func(t *testing.T) {
		runPhase(t, ha, f, led, 1, func(ctx context.Context, _ *loadStats, _ *sync.WaitGroup) (string, time.Duration, error) {
			return ha.killMaster(ctx)
		})
	})
	t.Run("replica-killed", func(t *testing.T) {
		runPhase(t, ha, f, led, 2, func(_ context.Context, st *loadStats, wg *sync.WaitGroup) (string, time.Duration, error) {
			return killWithFilingsInFlight(t, f, led, st, wg, scaleReplicas-1)
		})
	})
	checkLedger(t, ha, f, led, accountLog)
	for i, p := range f.procs {
		if strings.Contains(p.stderr.String(), "panic") || strings.Contains(p.stderr.String(), "goroutine ") {
			t.Errorf("replica %d crashed or logged a stack:\n%.3000s", i, p.stderr)
		}
	}
}

// openChecker is the test's own client, opened the way the bot opens its.
func openChecker(t *testing.T, ha haRedis) redis.UniversalClient {
	t.Helper()
	conn, err := redisstore.Open(ha.url, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return conn.Client
}

// runPhase drives the mixed load through the replicas, disrupts it three
// seconds in, keeps it going until the account windows of the phase are
// over and the service has been back for five seconds, then checks what
// the users experienced.
func runPhase(t *testing.T, ha haRedis, f *fleet, led *ledger, n int,
	disrupt func(context.Context, *loadStats, *sync.WaitGroup) (string, time.Duration, error)) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	t0 := time.Now()
	var fault time.Duration
	lastWindowEnd := planWindows(t, ha, led, n, t0, &fault)
	st := &loadStats{}
	var stopped atomic.Bool
	var wg sync.WaitGroup
	var cbNext, cbDone, coverage, rounds atomic.Int64
	for range 6 {
		wg.Go(func() {
			for !stopped.Load() {
				k := cbNext.Add(1)
				if callbackDialogue(st, f, led, fmt.Sprintf("cb%d-%d", n, k), int(k), nil) {
					cbDone.Add(1)
				}
				time.Sleep(100 * time.Millisecond)
			}
		})
	}
	for w := range 3 {
		wg.Go(func() {
			for k := 0; !stopped.Load(); k++ {
				user := fmt.Sprintf("cov%d-%d-%d", n, w, k/10)
				rs, err := f.say(st, w+k, user, user, coverageText)
				switch {
				case err != nil:
					st.error("coverage: %v", err)
				case !strings.Contains(joined(rs), "Quelle"):
					st.error("coverage answer without its source: %.300s", joined(rs))
				default:
					coverage.Add(1)
				}
				time.Sleep(50 * time.Millisecond)
			}
		})
	}
	wg.Go(func() {
		for r := 0; !stopped.Load() && r < scaleRounds && led.users.Load()+3 <= scaleVendorPool; r++ {
			vendorRound(st, f, led, fmt.Sprintf("SRV-%d%02d", n, r))
			rounds.Add(1)
			time.Sleep(500 * time.Millisecond)
		}
	})

	time.Sleep(3 * time.Second)
	tDisrupt := time.Now()
	what, took, err := disrupt(ctx, st, &wg)
	fault = took
	if err != nil {
		stopped.Store(true)
		wg.Wait()
		t.Fatalf("disrupting: %v", err)
	}
	time.Sleep(max(5*time.Second, time.Until(lastWindowEnd.Add(3*time.Second))))
	stopped.Store(true)
	wg.Wait()

	unavailable, told := st.unavailableAfter(tDisrupt)
	t.Logf("%s on %s: killed %s; recovered in %.1f s", t.Name(), ha.kind, what, took.Seconds())
	t.Logf("  %d requests (%d answered, %d answered 503 'temporarily unavailable', %d apologies, %d sent to a killed replica and rerouted); "+
		"%d callback dialogues, %d coverage questions, %d vendor rounds",
		st.requests, st.answered, st.unavailable, st.apologies, st.rerouted, cbDone.Load(), coverage.Load(), rounds.Load())
	t.Logf("  users told unavailable for %.1f s after the kill (%d times); slowest answer %.1f s, %.1f s after the kill",
		unavailable.Seconds(), told, st.slowest.Seconds(), st.slowestAt.Sub(tDisrupt).Seconds())
	for _, e := range st.errs {
		t.Error(e)
	}
	if st.apologies > 0 {
		t.Errorf("%d answers were the generic apology (HTTP 200) instead of 503 'temporarily unavailable'", st.apologies)
	}
	if unavailable > took+scaleMargin {
		t.Errorf("users were told 'temporarily unavailable' for %.1f s after the kill; the failover took %.1f s", unavailable.Seconds(), took.Seconds())
	}
	if cbDone.Load() == 0 || coverage.Load() == 0 || rounds.Load() == 0 {
		t.Errorf("the load did not run: %d dialogues, %d questions, %d vendor rounds", cbDone.Load(), coverage.Load(), rounds.Load())
	}
	if n == 1 && told == 0 {
		t.Error("no user met the failover: the kill tested nothing")
	}
	if n == 2 {
		// The replica's clients were answered by the others, waiting at
		// most for a lock the killed replica held to expire.
		if st.rerouted == 0 {
			t.Error("no request reached the killed replica: the kill tested nothing")
		}
		if st.slowest > scaleReplicaWait {
			t.Errorf("a user waited %.1f s for an answer after a replica was killed; want at most %s", st.slowest.Seconds(), scaleReplicaWait)
		}
	}
	// No conversation is left locked once every request is answered.
	rdb := openChecker(t, ha)
	locks, err := ha.scan(ctx, rdb, "mspbot:*:lock")
	if err != nil {
		t.Errorf("scanning for locks: %v", err)
	}
	if len(locks) > 0 {
		t.Errorf("%d conversation locks left after every request was answered: %.500v", len(locks), locks)
	}
}

// callbackDialogue files one callback in two turns, the first on replica
// k, the "ja" on the next one (between, when set, runs between the two); it
// reports whether the ticket was confirmed.
func callbackDialogue(st *loadStats, f *fleet, led *ledger, user string, k int, between func()) bool {
	rs, err := f.say(st, k, user, user, callbackText)
	if err != nil {
		st.error("callback %s: %v", user, err)
		return false
	}
	if !strings.Contains(joined(rs), "Soll ich das so aufnehmen?") {
		st.error("callback %s: no summary: %.300s", user, joined(rs))
		return false
	}
	if between != nil {
		between()
	} else {
		time.Sleep(100 * time.Millisecond) // the client reads the summary
	}
	rs, err = f.say(st, k+1, user, user, "ja")
	if err != nil {
		st.error("callback %s: %v", user, err)
		return false
	}
	id := record(rs, "callback", "open")
	if text := joined(rs); id == "" && strings.Contains(text, "Rückrufwunsch ist aufgenommen") {
		// A "ja" sent again after its answer was lost (the replica was
		// killed) gets the same confirmation, with no record created.
		id = ticketIDRE.FindString(text)
	}
	if id == "" {
		st.error("callback %s: no ticket filed: %.300s", user, joined(rs))
		return false
	}
	led.mu.Lock()
	defer led.mu.Unlock()
	if old, ok := led.tickets[user]; ok && old != id {
		st.error("callback %s: confirmed %s and %s", user, old, id)
	}
	led.tickets[user] = id
	return true
}

// killWithFilingsInFlight sends a burst of filings ("ja", the second turn
// of callback dialogues) to the victim replica at once and kills it
// (SIGKILL) while they are in flight: some tickets are filed and their
// answers lost, some not filed at all; the clients send "ja" again, to the
// other replicas.
func killWithFilingsInFlight(t *testing.T, f *fleet, led *ledger, st *loadStats, wg *sync.WaitGroup, victim int) (string, time.Duration, error) {
	var summarised sync.WaitGroup
	release := make(chan struct{})
	summarised.Add(scaleBurst)
	for k := range scaleBurst {
		wg.Go(func() {
			once := sync.OnceFunc(summarised.Done)
			defer once()
			callbackDialogue(st, f, led, fmt.Sprintf("burst-%d", k), victim-1, func() { once(); <-release })
		})
	}
	summarised.Wait()
	close(release)
	// Killed once a third of them are under way, a moment later: some are
	// answered by then, some filed without their answer, some not read yet.
	deadline := time.Now().Add(2 * time.Second)
	for f.inflight[victim].Load() < scaleBurst/3 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Microsecond)
	}
	time.Sleep(3 * time.Millisecond)
	inflight := f.inflight[victim].Load()
	t0 := time.Now()
	f.kill(victim)
	t.Logf("  replica %d killed with %d requests in flight (a burst of %d filings among them)", victim, inflight, scaleBurst)
	return "mspbot replica " + strconv.Itoa(victim), time.Since(t0), nil
}

// vendorRound has three clients of acme ask for the same system at once,
// each pick the first slot offered on another replica at the same moment
// (the losers pick again from what they are offered then), and two staff
// members approve every hold at once on two replicas.
func vendorRound(st *loadStats, f *fleet, led *ledger, system string) {
	base := int(led.users.Add(3)) - 3
	var wg sync.WaitGroup
	asked := make([]bool, 3)
	for i := range 3 {
		user := "vu-" + strconv.Itoa(base+i)
		wg.Go(func() {
			rs, err := f.say(st, i, user, user, vendorText(system))
			switch {
			case err != nil:
				st.error("vendor %s: %v", user, err)
			case !strings.Contains(joined(rs), "1) "):
				st.error("vendor %s: no proposals: %.300s", user, joined(rs))
			default:
				asked[i] = true
			}
		})
	}
	wg.Wait()
	held := make([]string, 3)
	for i := range 3 {
		if !asked[i] {
			continue
		}
		user := "vu-" + strconv.Itoa(base+i)
		wg.Go(func() {
			for range 3 {
				rs, err := f.say(st, i+1, user, user, "1")
				if err != nil {
					st.error("vendor pick %s: %v", user, err)
					return
				}
				if id := record(rs, "vendor", "pending"); id != "" {
					held[i] = id
					return
				}
				if !strings.Contains(joined(rs), "1) ") {
					st.error("vendor pick %s: neither held nor offered others: %.300s", user, joined(rs))
					return
				}
			}
		})
	}
	wg.Wait()
	for i, id := range held {
		if id == "" {
			continue
		}
		led.mu.Lock()
		led.holds[id] = "vu-" + strconv.Itoa(base+i)
		led.rounds[system] = append(led.rounds[system], id)
		led.mu.Unlock()
		msg := staffMessage(f, id)
		if msg == "" {
			st.error("vendor %s: no staff message", id)
			continue
		}
		for j, who := range []string{"alice", "bob"} {
			wg.Go(func() {
				rs, err := f.react(st, i+j, "staff", who, msg, "white_check_mark")
				if err != nil {
					st.error("approval of %s by %s: %v", id, who, err)
					return
				}
				if record(rs, "vendor", "approved") == id {
					led.mu.Lock()
					led.approved[id]++
					led.mu.Unlock()
				}
			})
		}
		wg.Wait()
	}
}

// staffMessage finds the staff notice of a vendor hold.
func staffMessage(f *fleet, id string) string {
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		msgs, err := f.messages("staff")
		if err != nil {
			continue
		}
		for _, m := range msgs {
			if strings.Contains(m.Text, "Herstellertermin "+id+" ") {
				return m.ID
			}
		}
	}
	return ""
}

// planWindows books and approves vendor windows directly in the store
// (the policy's lead time would put them a week ahead) and plans their
// account jobs, as the approving bot does: their enable and disable steps
// fall due before, during and after the disruption three seconds in.
// It returns the end of the last window.
func planWindows(t *testing.T, ha haRedis, led *ledger, n int, t0 time.Time, fault *time.Duration) time.Time {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	rdb := openChecker(t, ha)
	keys := redisstore.Keys{}
	apps := scheduling.NewAppointments(redisstore.NewAppointments(rdb, keys))
	va := &handlers.VendorAccess{Appointments: apps, Queue: jobs.NewQueue(rdb, jobs.QueueOptions{Name: keys.JobQueue()}), Remind: -1}
	var last time.Time
	for i, off := range []time.Duration{1 * time.Second, 4 * time.Second, 7 * time.Second, 10 * time.Second} {
		start := t0.Add(off).Truncate(time.Second)
		end := start.Add(12 * time.Second)
		a, err := apps.Hold(ctx, scheduling.Requester{Org: "jobs", Platform: "web", User: fmt.Sprintf("job%d-%d", n, i), Channel: "jobs"},
			scheduling.AppointmentRequest{Vendor: "DATEV", System: fmt.Sprintf("JOB-%d%d", n, i), Purpose: "Update", VendorEmail: "v@datev.example",
				ClientEmail: "it@jobs.example", Lang: "de", TZID: "Europe/Berlin", Slots: []scheduling.Slot{{Start: start, End: end}}}, time.Now())
		if err == nil {
			a, err = apps.Approve(ctx, a.ID, scheduling.Decider{Platform: "web", User: "alice", Staff: true}, false, time.Now())
		}
		if err == nil {
			err = va.Plan(ctx, a)
		}
		if err != nil {
			t.Fatalf("planning window %d: %v", i, err)
		}
		led.mu.Lock()
		led.windows = append(led.windows, window{id: a.ID, start: start, end: end, fault: fault})
		led.mu.Unlock()
		last = end
	}
	return last
}

// logLines returns the replicas' log lines that name id.
func logLines(f *fleet, id string) string {
	var out []string
	for i, p := range f.procs {
		for _, l := range strings.Split(p.stderr.String(), "\n") {
			if strings.Contains(l, id) {
				out = append(out, fmt.Sprintf("replica %d: %.400s", i, l))
			}
		}
	}
	return strings.Join(out, "\n")
}

// checkLedger checks Redis against what the clients were told.
func checkLedger(t *testing.T, ha haRedis, f *fleet, led *ledger, accountLog string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	rdb := openChecker(t, ha)
	keys := redisstore.Keys{}
	led.mu.Lock()
	defer led.mu.Unlock()

	// Tickets: each confirmed one exists, its client has exactly it, no id
	// was confirmed twice, and staff were told of it once.
	staff, err := f.messages("staff")
	if err != nil {
		t.Fatal(err)
	}
	notices := map[string]int{}
	for _, m := range staff {
		if id := ticketIDRE.FindString(m.Text); id != "" && strings.HasPrefix(m.Text, "📞 Neuer Rückrufwunsch") {
			notices[id]++
		}
	}
	byID := map[string]string{}
	for user, id := range led.tickets {
		if n, err := rdb.Exists(ctx, keys.Ticket(id)).Result(); err != nil || n != 1 {
			t.Errorf("ticket %s confirmed to %s is missing (%v)", id, user, err)
		}
		if n, _ := rdb.ZCard(ctx, keys.TicketClient("web:@"+user, "web", user)).Result(); n != 1 {
			t.Errorf("%s has %d tickets, want exactly the one confirmed", user, n)
		}
		if other, dup := byID[id]; dup {
			t.Errorf("ticket %s confirmed to %s and to %s", id, other, user)
		}
		byID[id] = user
		// The staff room is the API's (a Redis transcript): a notice is
		// posted with a once key in the same step, so neither a replica
		// killed between posting it and recording it nor a failover in
		// that moment doubles it (both did before).
		if n := notices[id]; n != 1 {
			t.Errorf("staff were told of ticket %s (of %s) %d times, want once; the replicas logged:\n%s", id, user, n, logLines(f, id))
		}
	}
	if n, _ := rdb.ZCard(ctx, keys.TicketState("open")).Result(); int(n) != len(led.tickets) {
		t.Errorf("%d open tickets in Redis, %d confirmed to clients", n, len(led.tickets))
	}

	// Appointments: each hold confirmed exists once, approved once by one
	// of the two racing staff members, its account steps planned; the holds
	// of one system never overlap.
	apps := scheduling.NewAppointments(redisstore.NewAppointments(rdb, keys))
	q := jobs.NewQueue(rdb, jobs.QueueOptions{Name: keys.JobQueue()})
	for id, user := range led.holds {
		a, err := apps.Load(ctx, id)
		if err != nil {
			t.Errorf("appointment %s confirmed to %s: %v", id, user, err)
			continue
		}
		if n, _ := rdb.ZCard(ctx, keys.AppointmentClient("acme", "web", user)).Result(); n != 1 {
			t.Errorf("%s has %d appointments, want exactly the one held", user, n)
		}
		decisions := 0
		for _, h := range a.History {
			if h.Action == scheduling.ActApproved || h.Action == scheduling.ActRejected {
				decisions++
			}
		}
		if a.State != scheduling.StateApproved || decisions != 1 || led.approved[id] != 1 {
			t.Errorf("appointment %s: state %s, %d decisions, %d staff told they approved it; want approved once", id, a.State, decisions, led.approved[id])
		}
		for _, kind := range []string{"enable", "disable"} {
			s := a.Request.Slots[0]
			if in, err := q.Info(ctx, fmt.Sprintf("%s:%d:%s", id, s.Start.Unix(), kind)); err != nil || in.State != jobs.StateScheduled {
				t.Errorf("%s step of %s: %+v %v; want scheduled", kind, id, in, err)
			}
		}
	}
	for system, ids := range led.rounds {
		var slots []scheduling.Slot
		for _, id := range ids {
			if a, err := apps.Load(ctx, id); err == nil {
				slots = append(slots, a.ActiveSlots()...)
			}
		}
		slices.SortFunc(slots, func(a, b scheduling.Slot) int { return a.Start.Compare(b.Start) })
		for i := 1; i < len(slots); i++ {
			if slots[i].Start.Before(slots[i-1].End) {
				t.Errorf("holds on %s overlap: %v and %v", system, slots[i-1], slots[i])
			}
		}
	}

	// Account jobs: each window's account enabled once and disabled once,
	// late by at most the fault of its phase and the runner's polling.
	b, _ := os.ReadFile(accountLog)
	ran := map[string][]time.Time{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		f := strings.Fields(line)
		if len(f) != 3 {
			continue
		}
		sec, _ := strconv.ParseFloat(f[2], 64)
		ran[f[0]+" "+f[1]] = append(ran[f[0]+" "+f[1]], time.Unix(0, int64(sec*1e9)))
	}
	var latest time.Duration
	for _, w := range led.windows {
		for kind, due := range map[string]time.Time{"enable": w.start, "disable": w.end} {
			at := ran[kind+" "+w.id]
			if len(at) != 1 {
				t.Errorf("%s of %s ran %d times, want once; account log:\n%s", kind, w.id, len(at), b)
				continue
			}
			late := at[0].Sub(due)
			latest = max(latest, late)
			if late < -time.Second || late > *w.fault+3*time.Second {
				t.Errorf("%s of %s ran %.1f s after it was due (the fault of its phase: %.1f s)", kind, w.id, late.Seconds(), w.fault.Seconds())
			}
		}
	}
	t.Logf("checked %d tickets (each told to staff once), "+
		"%d vendor holds on %d systems, %d account windows (account jobs at most %.1f s late)",
		len(led.tickets), len(led.holds), len(led.rounds), len(led.windows), latest.Seconds())
}
