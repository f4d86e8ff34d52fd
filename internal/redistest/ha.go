package redistest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// This file starts highly available Redis set-ups of a test's own from real
// redis-server processes: a Redis Cluster (redis-cli --cluster create) and a
// Sentinel set-up (a master, its replica and three sentinels, the sentinels
// being redis-server in sentinel mode). Every process is killed when the test
// ends (t.Cleanup) and, on Linux, when the test binary dies.

// NeedBinaries skips the test, saying what is missing, unless every named
// program is installed.
func NeedBinaries(t testing.TB, names ...string) {
	t.Helper()
	var missing []string
	for _, n := range names {
		if _, err := exec.LookPath(n); err != nil {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		t.Skipf("%s not installed: this test starts Redis servers of its own (scripts/test installs redis-server and redis-tools)",
			strings.Join(missing, " and "))
	}
}

// Server is one redis-server process (a data node or a sentinel).
type Server struct {
	Port int
	Dir  string
	args []string

	mu     sync.Mutex
	cmd    *exec.Cmd
	exited chan struct{} // closed when cmd has exited
}

// Addr is the server's host:port.
func (s *Server) Addr() string { return "127.0.0.1:" + strconv.Itoa(s.Port) }

// Client returns a plain client of this one server (the caller closes it).
func (s *Server) Client() *redis.Client {
	return redis.NewClient(&redis.Options{Addr: s.Addr(), DialTimeout: time.Second, ReadTimeout: 2 * time.Second,
		MaxRetries: -1, DisableIdentity: true})
}

// Kill stops the server at once (SIGKILL), as a crashed machine would.
func (s *Server) Kill() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd != nil {
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
	s.cmd = nil
}

// Alive reports whether the process runs.
func (s *Server) Alive() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cmd != nil
}

// Log returns the tail of the server's log file.
func (s *Server) Log() string {
	b, _ := os.ReadFile(filepath.Join(s.Dir, "redis.log"))
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

// freePort returns a loopback port that is free, as is the port 10000 above
// it (a cluster node's bus port). Ports come from 20000-29999, far from
// Redis' own 6379 and from the kernel's ephemeral range.
func freePort() (int, error) {
	for range 200 {
		p := 20000 + rand.IntN(10000)
		ok := true
		for _, q := range []int{p, p + 10000} {
			ln, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(q))
			if err != nil {
				ok = false
				break
			}
			ln.Close()
		}
		if ok {
			return p, nil
		}
	}
	return 0, errors.New("no free port pair found")
}

// startServer starts redis-server with config lines (written to a file of
// its own, so sentinels can rewrite it) and waits until it answers PING.
// A port taken meanwhile by someone else is retried on another.
func startServer(t testing.TB, sentinel bool, conf ...string) *Server {
	t.Helper()
	var lastErr error
	for range 5 {
		port, err := freePort()
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		lines := append([]string{"port " + strconv.Itoa(port), "bind 127.0.0.1", "dir " + dir,
			"logfile " + filepath.Join(dir, "redis.log"), "protected-mode no", "daemonize no"}, conf...)
		path := filepath.Join(dir, "redis.conf")
		if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		args := []string{path}
		if sentinel {
			args = append(args, "--sentinel")
		}
		s := &Server{Port: port, Dir: dir, args: args}
		if lastErr = s.Start(); lastErr == nil {
			t.Cleanup(s.Kill)
			return s
		}
	}
	t.Fatalf("redis-server did not start: %v", lastErr)
	return nil
}

// Start runs the server (again, on its files) and waits until it answers.
func (s *Server) Start() error {
	s.mu.Lock()
	cmd := exec.Command("redis-server", s.args...)
	cmd.SysProcAttr = procAttr()
	if err := cmd.Start(); err != nil {
		s.mu.Unlock()
		return err
	}
	s.cmd = cmd
	exited := make(chan struct{})
	s.exited = exited
	go func() { _ = cmd.Wait(); close(exited) }()
	s.mu.Unlock()
	c := s.Client()
	defer c.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := c.Ping(ctx).Err()
		cancel()
		if err == nil {
			return nil
		}
		select {
		case <-exited:
			s.mu.Lock()
			s.cmd = nil
			s.mu.Unlock()
			return fmt.Errorf("redis-server on port %d exited: %s", s.Port, s.Log())
		default:
		}
		if time.Now().After(deadline) {
			s.Kill()
			return fmt.Errorf("redis-server on port %d does not answer: %v", s.Port, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// ClusterOptions configure StartCluster. Zero values mean the defaults.
type ClusterOptions struct {
	// Masters (default 3) and Replicas per master (default 1; -1 for none).
	Masters, Replicas int
	// NodeTimeout is cluster-node-timeout (default 2 s): how long a master
	// may not answer before its replica takes over.
	NodeTimeout time.Duration
	// Conf are extra configuration lines for every node.
	Conf []string
}

// Cluster is a Redis Cluster of the test's own.
type Cluster struct {
	Nodes []*Server
	opts  ClusterOptions
}

// StartCluster starts the nodes, joins them with redis-cli --cluster create
// and waits until every node sees the whole cluster up and every replica in
// sync. It skips the test when redis-server or redis-cli is missing.
func StartCluster(t testing.TB, opts ClusterOptions) *Cluster {
	t.Helper()
	NeedBinaries(t, "redis-server", "redis-cli")
	if opts.Masters <= 0 {
		opts.Masters = 3
	}
	if opts.Replicas < 0 {
		opts.Replicas = 0
	} else if opts.Replicas == 0 {
		opts.Replicas = 1
	}
	if opts.NodeTimeout <= 0 {
		opts.NodeTimeout = 2 * time.Second
	}
	conf := append([]string{"cluster-enabled yes", "cluster-config-file nodes.conf",
		"cluster-node-timeout " + strconv.FormatInt(opts.NodeTimeout.Milliseconds(), 10),
		"appendonly no", `save ""`, "repl-diskless-sync-delay 0", "repl-ping-replica-period 1"}, opts.Conf...)
	c := &Cluster{opts: opts}
	n := opts.Masters * (1 + opts.Replicas)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			s := startServer(t, false, conf...)
			mu.Lock()
			c.Nodes = append(c.Nodes, s)
			mu.Unlock()
		})
	}
	wg.Wait()
	if t.Failed() || len(c.Nodes) != n {
		t.FailNow()
	}
	args := []string{"--cluster", "create"}
	for _, s := range c.Nodes {
		args = append(args, s.Addr())
	}
	args = append(args, "--cluster-replicas", strconv.Itoa(opts.Replicas), "--cluster-yes")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "redis-cli", args...).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "[OK] All 16384 slots covered") {
		t.Fatalf("redis-cli --cluster create: %v\n%s", err, out)
	}
	if err := c.WaitHealthy(ctx); err != nil {
		t.Fatal(err)
	}
	return c
}

// URL is the REDIS_URL of the cluster for mspbot: the first node as host,
// the others as addr= seeds.
func (c *Cluster) URL() string {
	u := "redis://" + c.Nodes[0].Addr() + "?"
	for i, s := range c.Nodes[1:] {
		if i > 0 {
			u += "&"
		}
		u += "addr=" + s.Addr()
	}
	return u
}

// Seeds are the addresses of all nodes.
func (c *Cluster) Seeds() []string {
	var out []string
	for _, s := range c.Nodes {
		out = append(out, s.Addr())
	}
	return out
}

// Client returns a cluster client on the nodes (the caller closes it).
func (c *Cluster) Client() *redis.ClusterClient {
	return redis.NewClusterClient(&redis.ClusterOptions{Addrs: c.Seeds(), DisableIdentity: true})
}

func (c *Cluster) live() []*Server {
	var out []*Server
	for _, s := range c.Nodes {
		if s.Alive() {
			out = append(out, s)
		}
	}
	return out
}

func (c *Cluster) byAddr(addr string) *Server {
	for _, s := range c.Nodes {
		if s.Addr() == addr {
			return s
		}
	}
	return nil
}

// clusterSlots asks one node for the slot map.
func clusterSlots(ctx context.Context, cl *redis.Client) ([]redis.ClusterSlot, error) {
	//lint:ignore SA1019 go-redis routes by CLUSTER SLOTS: the test sees the cluster as the bot's client does.
	return cl.ClusterSlots(ctx).Result()
}

// MasterOf returns the node that serves key's slot now, as a live node sees it.
func (c *Cluster) MasterOf(ctx context.Context, key string) (*Server, error) {
	var lastErr error
	for _, s := range c.live() {
		cl := s.Client()
		slot, err := cl.ClusterKeySlot(ctx, key).Result()
		var slots []redis.ClusterSlot
		if err == nil {
			slots, err = clusterSlots(ctx, cl)
		}
		cl.Close()
		if err != nil {
			lastErr = err
			continue
		}
		for _, r := range slots {
			if int64(r.Start) <= slot && slot <= int64(r.End) && len(r.Nodes) > 0 {
				if m := c.byAddr(r.Nodes[0].Addr); m != nil {
					return m, nil
				}
			}
		}
		lastErr = fmt.Errorf("slot %d of %q is not served", slot, key)
	}
	if lastErr == nil {
		lastErr = errors.New("no live node")
	}
	return nil, lastErr
}

// Masters returns the nodes that are masters now, as a live node sees them.
func (c *Cluster) Masters(ctx context.Context) ([]*Server, error) {
	for _, s := range c.live() {
		cl := s.Client()
		slots, err := clusterSlots(ctx, cl)
		cl.Close()
		if err != nil {
			continue
		}
		seen := map[string]bool{}
		var out []*Server
		for _, r := range slots {
			if len(r.Nodes) == 0 || seen[r.Nodes[0].Addr] {
				continue
			}
			seen[r.Nodes[0].Addr] = true
			if m := c.byAddr(r.Nodes[0].Addr); m != nil {
				out = append(out, m)
			}
		}
		return out, nil
	}
	return nil, errors.New("no live node answers CLUSTER SLOTS")
}

// WaitHealthy waits until every live node reports cluster_state:ok, knows
// every slot to be served by a live master, and every live replica's link to
// its master is up.
func (c *Cluster) WaitHealthy(ctx context.Context) error {
	var why string
	for {
		if why = c.unhealthy(ctx); why == "" {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("cluster not healthy: %s", why)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func (c *Cluster) unhealthy(ctx context.Context) string {
	for _, s := range c.live() {
		cl := s.Client()
		info, err := cl.ClusterInfo(ctx).Result()
		if err != nil {
			cl.Close()
			return fmt.Sprintf("%s: %v", s.Addr(), err)
		}
		if !strings.Contains(info, "cluster_state:ok") {
			cl.Close()
			return s.Addr() + ": cluster_state not ok"
		}
		slots, err := clusterSlots(ctx, cl)
		if err != nil {
			cl.Close()
			return fmt.Sprintf("%s: %v", s.Addr(), err)
		}
		covered := 0
		for _, r := range slots {
			if len(r.Nodes) == 0 {
				continue
			}
			if m := c.byAddr(r.Nodes[0].Addr); m == nil || !m.Alive() {
				cl.Close()
				return fmt.Sprintf("%s: slots %d-%d still on %s", s.Addr(), r.Start, r.End, r.Nodes[0].Addr)
			}
			covered += r.End - r.Start + 1
		}
		if covered != 16384 {
			cl.Close()
			return fmt.Sprintf("%s: %d slots covered", s.Addr(), covered)
		}
		repl, err := cl.Info(ctx, "replication").Result()
		cl.Close()
		if err != nil {
			return fmt.Sprintf("%s: %v", s.Addr(), err)
		}
		if strings.Contains(repl, "role:slave") && !strings.Contains(repl, "master_link_status:up") {
			return s.Addr() + ": replica not in sync"
		}
	}
	return ""
}

// KillMasterOf kills (SIGKILL) the master serving key's slot and returns it.
func (c *Cluster) KillMasterOf(ctx context.Context, key string) (*Server, error) {
	m, err := c.MasterOf(ctx, key)
	if err != nil {
		return nil, err
	}
	m.Kill()
	return m, nil
}

// WaitFailover waits until key's slot is served by a live master other
// than old, as every live node sees it, and the cluster is healthy.
func (c *Cluster) WaitFailover(ctx context.Context, key string, old *Server) error {
	for {
		m, err := c.MasterOf(ctx, key)
		if err == nil && m != old && m.Alive() && c.unhealthy(ctx) == "" {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("no failover of %q: %v (%s)", key, err, c.unhealthy(context.Background()))
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// SentinelOptions configure StartSentinel. Zero values mean the defaults.
type SentinelOptions struct {
	// MasterName is the monitored master's name (default "mymaster").
	MasterName string
	// DownAfter is down-after-milliseconds (default 1 s).
	DownAfter time.Duration
	// Sentinels is how many sentinels watch (default 3, quorum 2).
	Sentinels int
}

// Sentinel is a master, its replica and the sentinels watching them.
type Sentinel struct {
	Data      []*Server // master first, then the replica
	Sentinels []*Server
	Name      string
}

// StartSentinel starts the master, the replica and the sentinels and waits
// until every sentinel knows the replica and the other sentinels. It skips
// the test when redis-server is missing.
func StartSentinel(t testing.TB, opts SentinelOptions) *Sentinel {
	t.Helper()
	NeedBinaries(t, "redis-server")
	if opts.MasterName == "" {
		opts.MasterName = "mymaster"
	}
	if opts.DownAfter <= 0 {
		opts.DownAfter = time.Second
	}
	if opts.Sentinels <= 0 {
		opts.Sentinels = 3
	}
	data := []string{"appendonly no", `save ""`, "repl-diskless-sync-delay 0", "repl-ping-replica-period 1"}
	master := startServer(t, false, data...)
	replica := startServer(t, false, append(data, "replicaof "+strings.Replace(master.Addr(), ":", " ", 1))...)
	s := &Sentinel{Data: []*Server{master, replica}, Name: opts.MasterName}
	quorum := opts.Sentinels/2 + 1
	for range opts.Sentinels {
		s.Sentinels = append(s.Sentinels, startServer(t, true,
			fmt.Sprintf("sentinel monitor %s 127.0.0.1 %d %d", opts.MasterName, master.Port, quorum),
			fmt.Sprintf("sentinel down-after-milliseconds %s %d", opts.MasterName, opts.DownAfter.Milliseconds()),
			fmt.Sprintf("sentinel failover-timeout %s 10000", opts.MasterName),
			fmt.Sprintf("sentinel parallel-syncs %s 1", opts.MasterName)))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := s.waitKnown(ctx, opts.Sentinels); err != nil {
		t.Fatal(err)
	}
	return s
}

func (s *Sentinel) waitKnown(ctx context.Context, sentinels int) error {
	var why string
	for {
		why = ""
		for _, sn := range s.Sentinels {
			c := redis.NewSentinelClient(&redis.Options{Addr: sn.Addr(), DisableIdentity: true})
			reps, err1 := c.Replicas(ctx, s.Name).Result()
			others, err2 := c.Sentinels(ctx, s.Name).Result()
			c.Close()
			switch {
			case err1 != nil || err2 != nil:
				why = fmt.Sprintf("%s: %v %v", sn.Addr(), err1, err2)
			case len(reps) < len(s.Data)-1:
				why = fmt.Sprintf("%s knows %d replicas", sn.Addr(), len(reps))
			case len(others) < sentinels-1:
				why = fmt.Sprintf("%s knows %d other sentinels", sn.Addr(), len(others))
			}
			if why != "" {
				break
			}
		}
		if why == "" {
			rc := s.Data[1].Client()
			repl, err := rc.Info(ctx, "replication").Result()
			rc.Close()
			if err != nil || !strings.Contains(repl, "master_link_status:up") {
				why = "replica not in sync"
			}
		}
		if why == "" {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("sentinel set-up not ready: %s", why)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// URL is the REDIS_URL of the set-up for mspbot: the first sentinel as
// host, the others as addr=, the master's name as master_name=.
func (s *Sentinel) URL() string {
	u := "redis://" + s.Sentinels[0].Addr() + "/0?master_name=" + s.Name
	for _, sn := range s.Sentinels[1:] {
		u += "&addr=" + sn.Addr()
	}
	return u
}

// Client returns a failover client on the set-up (the caller closes it).
func (s *Sentinel) Client() *redis.Client {
	var addrs []string
	for _, sn := range s.Sentinels {
		addrs = append(addrs, sn.Addr())
	}
	return redis.NewFailoverClient(&redis.FailoverOptions{MasterName: s.Name, SentinelAddrs: addrs, DisableIdentity: true})
}

// Master returns the data node the sentinels name as master now (asking
// the live sentinels in turn).
func (s *Sentinel) Master(ctx context.Context) (*Server, error) {
	var lastErr error
	for _, sn := range s.Sentinels {
		if !sn.Alive() {
			continue
		}
		c := redis.NewSentinelClient(&redis.Options{Addr: sn.Addr(), DisableIdentity: true})
		addr, err := c.GetMasterAddrByName(ctx, s.Name).Result()
		c.Close()
		if err != nil {
			lastErr = err
			continue
		}
		for _, d := range s.Data {
			if len(addr) == 2 && d.Addr() == addr[0]+":"+addr[1] {
				return d, nil
			}
		}
		lastErr = fmt.Errorf("sentinel names unknown master %v", addr)
	}
	if lastErr == nil {
		lastErr = errors.New("no live sentinel")
	}
	return nil, lastErr
}

// WaitFailover waits until every live sentinel names a live master other
// than old and that master answers as master.
func (s *Sentinel) WaitFailover(ctx context.Context, old *Server) error {
	for {
		done := true
		var m *Server
		for _, sn := range s.Sentinels {
			c := redis.NewSentinelClient(&redis.Options{Addr: sn.Addr(), DisableIdentity: true})
			addr, err := c.GetMasterAddrByName(ctx, s.Name).Result()
			c.Close()
			if err != nil || len(addr) != 2 || addr[0]+":"+addr[1] == old.Addr() {
				done = false
				break
			}
			for _, d := range s.Data {
				if d.Addr() == addr[0]+":"+addr[1] {
					m = d
				}
			}
		}
		if done && m != nil && m.Alive() {
			c := m.Client()
			repl, err := c.Info(ctx, "replication").Result()
			c.Close()
			if err == nil && strings.Contains(repl, "role:master") {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return errors.New("no sentinel failover")
		case <-time.After(20 * time.Millisecond):
		}
	}
}
