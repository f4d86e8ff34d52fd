// Command mspbot-load measures mspbot under load: it starts the bot (built
// from this checkout, or the binary given with -bin) against a real Redis,
// drives it through the JSON API with many concurrent conversations, and
// prints messages per second, latency percentiles, errors, Redis round
// trips and commands per message, Redis memory per conversation and the
// bot's own memory. In the same run it measures redis-benchmark PING on the
// same server, so the bot's cost can be read as a ratio to a Redis round
// trip, which does not drift with the machine.
//
//	go run ./cmd/mspbot-load                       # everything, Redis database 9 of 127.0.0.1:6379
//	go run ./cmd/mspbot-load -redis redis://127.0.0.1:6379/9 -duration 10s -conversations 10000
//
// The database it uses is flushed first.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/redis/go-redis/v9"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

type options struct {
	redisURL      string
	bin           string
	duration      time.Duration
	workers       int
	rate          int
	conversations int
	dialogues     int
	profile       string
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var o options
	fs := flag.NewFlagSet("mspbot-load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.redisURL, "redis", "redis://127.0.0.1:6379/9", "Redis the bot uses (the database is flushed first)")
	fs.StringVar(&o.bin, "bin", "", "mspbot binary to start (default: build ./cmd/mspbot)")
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "length of each timed phase")
	fs.IntVar(&o.workers, "workers", 32, "concurrent clients of the closed-loop phase")
	fs.IntVar(&o.rate, "rate", 1000, "messages per second of the open-loop phase")
	fs.IntVar(&o.conversations, "conversations", 10000, "conversations opened for the memory phase")
	fs.IntVar(&o.dialogues, "dialogues", 300, "full callback and vendor dialogues")
	fs.StringVar(&o.profile, "profile", "", "write the bot's CPU profile of the closed-loop phase to this file (go tool pprof FILE)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if err := measure(ctx, o, stdout); err != nil {
		fmt.Fprintln(stderr, "mspbot-load:", err)
		return 1
	}
	return 0
}

func measure(ctx context.Context, o options, w io.Writer) error {
	ropts, err := redis.ParseURL(o.redisURL)
	if err != nil {
		return fmt.Errorf("-redis: %w", err)
	}
	rdb := redis.NewClient(ropts)
	defer rdb.Close()
	if err := rdb.FlushDB(ctx).Err(); err != nil {
		return fmt.Errorf("redis at %s: %w", ropts.Addr, err)
	}
	bin := o.bin
	if bin == "" {
		dir, err := os.MkdirTemp("", "mspbot-load")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		bin = filepath.Join(dir, "mspbot")
		cmd := exec.Command("go", "build", "-o", bin, "./cmd/mspbot")
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("go build ./cmd/mspbot (run from the project's root): %w", err)
		}
	}
	bot, err := startBot(bin, o.redisURL, o.profile != "")
	if err != nil {
		return err
	}
	defer bot.stop()
	fmt.Fprintf(w, "mspbot load test: %d CPUs, Go %s, bot %s (pid %d), Redis %s db %d\n\n", runtime.NumCPU(), runtime.Version(), bot.url, bot.pid(), ropts.Addr, ropts.DB)

	ping := redisBenchmark(ropts.Addr)
	fmt.Fprintf(w, "redis-benchmark PING (same server):           %s\n", ping.String())

	c := newClient(bot.url, o.workers)
	// Warm up: knowledge, scripts, connections.
	for i := range 200 {
		_, _ = c.say(ctx, "warm-"+strconv.Itoa(i%20), "warm", coverageQuestions[i%len(coverageQuestions)])
	}

	// Closed loop on the coverage path.
	idle := idleRoundTrips(ctx, bot)
	before := snapshot(ctx, rdb, bot)
	var prof sync.WaitGroup
	if o.profile != "" {
		prof.Go(func() {
			if err := bot.cpuProfile(o.duration-time.Second, o.profile); err != nil {
				fmt.Fprintln(os.Stderr, "mspbot-load: profile:", err)
			}
		})
	}
	res := closedLoop(ctx, c, o.workers, o.duration)
	after := snapshot(ctx, rdb, bot)
	prof.Wait()
	perMsg := func(d float64) float64 { return d / float64(res.n) }
	trips := float64(after.trips-before.trips) - idle*res.elapsed.Seconds()
	fmt.Fprintf(w, "coverage, closed loop, %d clients, %s:      %s\n", o.workers, o.duration, res.String())
	if ping.rps > 0 {
		fmt.Fprintf(w, "  = %.3f of redis-benchmark's PING rate; p50 = %.1f PING round trips\n", res.rate()/ping.rps, float64(res.pct(50))/float64(ping.p50))
	}
	fmt.Fprintf(w, "  Redis round trips per message: %.2f (bot's metric, background jobs subtracted); Redis commands per message: %.2f (INFO commandstats, scripts' inner commands included)\n",
		trips/float64(res.n), perMsg(float64(after.cmds-before.cmds)))

	us := func(sec float64) float64 { return sec * 1e6 / float64(res.n) }
	fmt.Fprintf(w, "  CPU per message: bot %.0f µs, Redis %.0f µs, this load generator %.0f µs; %d CPUs give %.0f µs per message at this rate\n",
		us(after.botCPU-before.botCPU), us(after.redisCPU-before.redisCPU), us(after.selfCPU-before.selfCPU),
		runtime.NumCPU(), float64(runtime.NumCPU())*res.elapsed.Seconds()*1e6/float64(res.n))

	// Open loop at a fixed rate: latency without coordinated omission.
	res = openLoop(ctx, c, o.rate, o.duration)
	fmt.Fprintf(w, "coverage, open loop at %d msg/s, %s:      %s\n", o.rate, o.duration, res.String())

	// Full dialogues.
	res = dialogues(ctx, c, o.dialogues, callbackDialogue)
	fmt.Fprintf(w, "callback dialogues (%d × %d messages):       %s\n", o.dialogues, len(callbackDialogue), res.String())
	res = dialogues(ctx, c, o.dialogues, vendorDialogue)
	fmt.Fprintf(w, "vendor requests (%d × %d messages):          %s\n", o.dialogues, len(vendorDialogue), res.String())

	// Memory: many conversations, each with one question and answer.
	if err := rdb.FlushDB(ctx).Err(); err != nil {
		return err
	}
	runtime.GC()
	before = snapshot(ctx, rdb, bot)
	res = fanOut(ctx, c, o.conversations, o.workers)
	time.Sleep(500 * time.Millisecond)
	after = snapshot(ctx, rdb, bot)
	fmt.Fprintf(w, "%d conversations opened:                   %s\n", o.conversations, res.String())
	fmt.Fprintf(w, "  Redis memory per idle conversation: %d bytes (used_memory %+d over %d conversations, %d keys)\n",
		(after.mem-before.mem)/int64(o.conversations), after.mem-before.mem, o.conversations, after.keys-before.keys)
	fmt.Fprintf(w, "  bot memory with %d conversations: RSS %.1f MB (Go heap in use %.1f MB)\n", o.conversations, float64(after.rss)/(1<<20), float64(after.heap)/(1<<20))
	return nil
}

// bot is the mspbot process under test.
type botProc struct {
	cmd   *exec.Cmd
	url   string
	debug string
}

func startBot(bin, redisURL string, profile bool) (*botProc, error) {
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "REDIS_URL="+redisURL, "MSPBOT_HTTP_ADDR=127.0.0.1:0", "MSPBOT_LOG_LEVEL=error",
		"MSPBOT_RATE_USER=0", "MSPBOT_RATE_CONVERSATION=0", "MSPBOT_CONFIG=", "MSPBOT_API_TOKEN=")
	debug := ""
	if profile {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		debug = ln.Addr().String()
		ln.Close()
		cmd.Env = append(cmd.Env, "MSPBOT_DEBUG_ADDR="+debug)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "mspbot web chat: "); ok {
				found <- strings.TrimSuffix(u, "/")
			}
		}
	}()
	select {
	case u := <-found:
		b := &botProc{cmd: cmd, url: u, debug: debug}
		for range 100 {
			if res, err := http.Get(u + "/readyz"); err == nil {
				res.Body.Close()
				if res.StatusCode == 200 {
					return b, nil
				}
			}
			time.Sleep(100 * time.Millisecond)
		}
		b.stop()
		return nil, errors.New("the bot did not become ready")
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		return nil, errors.New("the bot did not print its address")
	}
}

func (b *botProc) pid() int { return b.cmd.Process.Pid }

// cpuProfile fetches the bot's CPU profile over d into file.
func (b *botProc) cpuProfile(d time.Duration, file string) error {
	res, err := http.Get(fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", b.debug, max(1, int(d.Seconds()))))
	if err != nil {
		return err
	}
	defer res.Body.Close()
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, res.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func (b *botProc) stop() {
	_ = b.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = b.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		_ = b.cmd.Process.Kill()
	}
}

// client speaks the JSON API over kept-alive HTTP/1.1 connections. It
// writes each request itself and reads the answer with http.ReadResponse:
// net/http's client costs about as much CPU per request as the bot's own
// HTTP layer, and on a machine the load generator shares with the bot that
// CPU is taken from the bot (the load command prints both).
type client struct {
	addr  string // host:port
	host  string
	conns chan *conn
}

type conn struct {
	net.Conn
	r   *bufio.Reader
	buf []byte
}

func newClient(base string, conns int) *client {
	addr := strings.TrimPrefix(base, "http://")
	return &client{addr: addr, host: addr, conns: make(chan *conn, conns*4)}
}

func (c *client) get() (*conn, error) {
	select {
	case cn := <-c.conns:
		return cn, nil
	default:
	}
	nc, err := net.Dial("tcp", c.addr)
	if err != nil {
		return nil, err
	}
	return &conn{Conn: nc, r: bufio.NewReaderSize(nc, 4096)}, nil
}

func (c *client) put(cn *conn) {
	select {
	case c.conns <- cn:
	default:
		cn.Close()
	}
}

// say sends text as user in conversation conv and returns the answer's
// body.
func (c *client) say(ctx context.Context, conv, user, text string) (string, error) {
	body, _ := json.Marshal(map[string]string{"conversation": conv, "user": user, "text": text})
	cn, err := c.get()
	if err != nil {
		return "", err
	}
	if d, ok := ctx.Deadline(); ok {
		_ = cn.SetDeadline(d)
	} else {
		_ = cn.SetDeadline(time.Now().Add(30 * time.Second))
	}
	b := cn.buf[:0]
	b = append(b, "POST /api/messages HTTP/1.1\r\nHost: "...)
	b = append(b, c.host...)
	b = append(b, "\r\nContent-Type: application/json\r\nContent-Length: "...)
	b = strconv.AppendInt(b, int64(len(body)), 10)
	b = append(b, "\r\n\r\n"...)
	b = append(b, body...)
	cn.buf = b
	if _, err := cn.Write(b); err != nil {
		cn.Close()
		return "", err
	}
	res, err := http.ReadResponse(cn.r, nil)
	if err != nil {
		cn.Close()
		return "", err
	}
	raw, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil || res.Close {
		cn.Close()
	} else {
		c.put(cn)
	}
	if err != nil {
		return "", err
	}
	if res.StatusCode != 200 {
		return "", fmt.Errorf("status %d: %.200s", res.StatusCode, raw)
	}
	return string(raw), nil
}

// result collects latencies and errors of one phase.
type result struct {
	mu      sync.Mutex
	lat     []time.Duration
	n       int
	errs    int
	elapsed time.Duration
	lastErr string
}

func (r *result) add(d time.Duration, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.n++
	r.lat = append(r.lat, d)
	if err != nil {
		r.errs++
		r.lastErr = err.Error()
	}
}

func (r *result) rate() float64 { return float64(r.n) / r.elapsed.Seconds() }

func (r *result) pct(p float64) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	slices.Sort(r.lat)
	i := int(float64(len(r.lat)-1) * p / 100)
	return r.lat[i]
}

func (r *result) String() string {
	s := fmt.Sprintf("%7.0f msg/s, p50 %s p95 %s p99 %s, %d messages, %d errors", r.rate(), ms(r.pct(50)), ms(r.pct(95)), ms(r.pct(99)), r.n, r.errs)
	if r.lastErr != "" {
		s += " (last: " + r.lastErr + ")"
	}
	return s
}

func ms(d time.Duration) string { return strconv.FormatFloat(float64(d)/1e6, 'f', 2, 64) + "ms" }

var coverageQuestions = []string{
	"Ist das Einspielen von Windows-Updates auf unseren Servern im Vertrag enthalten?",
	"Mein Monitor ist kaputt, wird der im Rahmen des Vertrags ersetzt?",
	"Is setting up a new branch office network covered or a project?",
	"Können Sie gelöschte Dateien von letzter Woche wiederherstellen? Ist das inklusive?",
	"Is Exchange server maintenance part of our contract?",
	"Wer kümmert sich um Fehler in unserer Warenwirtschaft?",
	"Our antivirus shows warnings on three laptops, is that included?",
	"Wir nutzen eine Office-Version ohne Lizenz, helfen Sie trotzdem?",
}

var callbackDialogue = []string{
	"Bitte rufen Sie mich zurück, unser Drucker im Büro druckt nicht mehr",
	"Anna Schmidt",
	"040 696 450 99",
	"morgen zwischen 9 und 11",
	"ja",
	"Danke!",
}

var vendorDialogue = []string{
	"Der Hersteller DATEV muss für das Jahresupdate auf unseren Server SRV-%d, etwa 2 Stunden, ohne Adminrechte. Hersteller-Kontakt: support@datev.example, meine E-Mail: it@acme.example",
	"so bald wie möglich",
	"1",
}

// closedLoop runs workers clients, each sending its next question as soon as
// the previous answer came, for d.
func closedLoop(ctx context.Context, c *client, workers int, d time.Duration) *result {
	r := &result{}
	deadline := time.Now().Add(d)
	start := time.Now()
	var wg sync.WaitGroup
	for wk := range workers {
		wg.Go(func() {
			for i := 0; time.Now().Before(deadline); i++ {
				t := time.Now()
				_, err := c.say(ctx, fmt.Sprintf("load-%d-%d", wk, i%50), fmt.Sprintf("u-%d-%d", wk, i%50), coverageQuestions[(wk+i)%len(coverageQuestions)])
				r.add(time.Since(t), err)
			}
		})
	}
	wg.Wait()
	r.elapsed = time.Since(start)
	return r
}

// openLoop sends rate messages per second for d, each on its own schedule;
// latency is counted from when a message was due, so a slow bot cannot hide
// behind fewer requests.
func openLoop(ctx context.Context, c *client, rate int, d time.Duration) *result {
	r := &result{}
	total := int(float64(rate) * d.Seconds())
	interval := time.Second / time.Duration(rate)
	start := time.Now()
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2000)
	for i := range total {
		due := start.Add(time.Duration(i) * interval)
		if wait := time.Until(due); wait > 0 {
			time.Sleep(wait)
		}
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			_, err := c.say(ctx, fmt.Sprintf("open-%d", i%5000), fmt.Sprintf("o-%d", i%5000), coverageQuestions[i%len(coverageQuestions)])
			r.add(time.Since(due), err)
		})
	}
	wg.Wait()
	r.elapsed = time.Since(start)
	return r
}

// dialogues runs n conversations through the given messages, 16 at a time.
func dialogues(ctx context.Context, c *client, n int, script []string) *result {
	r := &result{}
	start := time.Now()
	var next atomic.Int64
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for {
				k := int(next.Add(1))
				if k > n {
					return
				}
				for _, m := range script {
					if strings.Contains(m, "%d") {
						m = fmt.Sprintf(m, k)
					}
					t := time.Now()
					_, err := c.say(ctx, fmt.Sprintf("dlg-%d-%d", len(script), k), fmt.Sprintf("d-%d", k), m)
					r.add(time.Since(t), err)
				}
			}
		})
	}
	wg.Wait()
	r.elapsed = time.Since(start)
	return r
}

// fanOut opens n conversations with one question each.
func fanOut(ctx context.Context, c *client, n, workers int) *result {
	r := &result{}
	start := time.Now()
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				k := int(next.Add(1))
				if k > n {
					return
				}
				t := time.Now()
				_, err := c.say(ctx, "conv-"+strconv.Itoa(k), "user-"+strconv.Itoa(k), coverageQuestions[k%len(coverageQuestions)])
				r.add(time.Since(t), err)
			}
		})
	}
	wg.Wait()
	r.elapsed = time.Since(start)
	return r
}

// state is what Redis and the bot report at one moment.
type state struct {
	cmds, trips int64
	mem, keys   int64
	rss, heap   int64
	// CPU seconds used so far by the bot, by Redis and by this load
	// generator
	botCPU, redisCPU, selfCPU float64
}

var (
	cmdstatRE = regexp.MustCompile(`(?m)^cmdstat_[^:]+:calls=(\d+)`)
	usedMemRE = regexp.MustCompile(`(?m)^used_memory:(\d+)`)
	// the server's own CPU (the main thread and the others), not its
	// children's
	cpuRE = regexp.MustCompile(`(?m)^used_cpu_(?:sys|user):([0-9.]+)`)
)

func snapshot(ctx context.Context, rdb *redis.Client, b *botProc) state {
	var s state
	if info, err := rdb.Info(ctx, "commandstats").Result(); err == nil {
		for _, m := range cmdstatRE.FindAllStringSubmatch(info, -1) {
			n, _ := strconv.ParseInt(m[1], 10, 64)
			s.cmds += n
		}
		// INFO itself is one call; leave it out.
		s.cmds--
	}
	if info, err := rdb.Info(ctx, "cpu").Result(); err == nil {
		for _, m := range cpuRE.FindAllStringSubmatch(info, -1) {
			f, _ := strconv.ParseFloat(m[1], 64)
			s.redisCPU += f
		}
	}
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		s.selfCPU = float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
	}
	if info, err := rdb.Info(ctx, "memory").Result(); err == nil {
		if m := usedMemRE.FindStringSubmatch(info); m != nil {
			s.mem, _ = strconv.ParseInt(m[1], 10, 64)
		}
	}
	s.keys, _ = rdb.DBSize(ctx).Result()
	m := botMetrics(b.url)
	s.trips = int64(m["mspbot_redis_round_trips_total"])
	s.rss = int64(m["process_resident_memory_bytes"])
	s.heap = int64(m["go_memstats_heap_inuse_bytes"])
	s.botCPU = m["process_cpu_seconds_total"]
	return s
}

// botMetrics reads the unlabelled metrics of /metrics.
func botMetrics(base string) map[string]float64 {
	out := map[string]float64{}
	res, err := http.Get(base + "/metrics")
	if err != nil {
		return out
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.Contains(line, "{") {
			continue
		}
		name, val, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		if f, err := strconv.ParseFloat(strings.TrimSpace(val), 64); err == nil {
			out[name] = f
		}
	}
	return out
}

// idleRoundTrips is the bot's Redis round trips per second while nothing
// is sent (the job runner's polling), to subtract from a phase.
func idleRoundTrips(ctx context.Context, b *botProc) float64 {
	first := botMetrics(b.url)["mspbot_redis_round_trips_total"]
	select {
	case <-ctx.Done():
	case <-time.After(3 * time.Second):
	}
	return (botMetrics(b.url)["mspbot_redis_round_trips_total"] - first) / 3
}

// ping is what redis-benchmark measured.
type ping struct {
	rps  float64
	p50  time.Duration
	note string
}

func (p ping) String() string {
	if p.note != "" {
		return p.note
	}
	return fmt.Sprintf("%7.0f req/s, p50 %s (one client: the round trip)", p.rps, ms(p.p50))
}

var benchRE = regexp.MustCompile(`requests per second, p50=([0-9.]+) msec`)

// redisBenchmark runs redis-benchmark PING with one connection (the round
// trip) and 32 (throughput) against addr.
func redisBenchmark(addr string) ping {
	host, port, _ := strings.Cut(addr, ":")
	path, err := exec.LookPath("redis-benchmark")
	if err != nil {
		return ping{note: "redis-benchmark not installed (apt-get install redis-tools): no ratio"}
	}
	runBench := func(clients, n string) (float64, time.Duration, error) {
		out, err := exec.Command(path, "-h", host, "-p", port, "-t", "ping_mbulk", "-n", n, "-c", clients, "-q").CombinedOutput()
		if err != nil {
			return 0, 0, fmt.Errorf("%w: %s", err, out)
		}
		line := string(out)
		if i := strings.LastIndex(line, "\r"); i >= 0 {
			line = line[i+1:]
		}
		f := strings.Fields(line)
		var rps float64
		for i, x := range f {
			if strings.HasPrefix(x, "requests") && i > 0 {
				rps, _ = strconv.ParseFloat(f[i-1], 64)
			}
		}
		var p50 time.Duration
		if m := benchRE.FindStringSubmatch(line); m != nil {
			v, _ := strconv.ParseFloat(m[1], 64)
			p50 = time.Duration(v * float64(time.Millisecond))
		}
		return rps, p50, nil
	}
	_, p50, err := runBench("1", "20000")
	if err != nil {
		return ping{note: "redis-benchmark failed: " + err.Error()}
	}
	rps, _, err := runBench("32", "200000")
	if err != nil {
		return ping{note: "redis-benchmark failed: " + err.Error()}
	}
	return ping{rps: rps, p50: p50}
}
