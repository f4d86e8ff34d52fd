package redisstore_test

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/internal/redistest"
	"github.com/mspbot/mspbot/protocols"
	"github.com/mspbot/mspbot/redisstore"
	"github.com/mspbot/mspbot/scheduling"
	"github.com/mspbot/mspbot/tickets"
)

// TestScriptsRunOnCluster runs every Lua script of the project on a real
// Redis Cluster with the keys the stores really give it, through the
// stores' own calls: sessions, tickets (with the webhook outbox),
// appointments, protocols, transcripts, marks and the counters per client
// address, for conversations and addresses spread over all three masters. A script whose keys hash to different slots is
// refused by the cluster (CROSSSLOT); so is any other multi-key command.
//
// The scripts are found in the source: every redis.NewScript call of the
// module (outside tests). A script added without a call here fails the test,
// naming its file and line.
func TestScriptsRunOnCluster(t *testing.T) {
	scripts := findScripts(t)
	if len(scripts) < 10 {
		t.Fatalf("found only %d redis.NewScript calls in the module", len(scripts))
	}
	c := redistest.StartCluster(t, redistest.ClusterOptions{Masters: 3, Replicas: -1})
	conn, err := redisstore.Open(c.URL(), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	if conn.Mode != "cluster" {
		t.Fatalf("REDIS_URL with addr= parameters opened as %q, want cluster", conn.Mode)
	}
	rdb := conn.Client
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	// The check is real: the cluster refuses a script whose keys are in
	// two slots.
	if err := redis.NewScript(`return 1`).Run(ctx, rdb, []string{"{a}:x", "{b}:y"}).Err(); err == nil || !strings.Contains(err.Error(), "CROSSSLOT") {
		t.Fatalf("a script over two slots = %v, want CROSSSLOT", err)
	}
	rec := &scriptRecorder{ran: map[string]int{}}
	rdb.AddHook(rec)

	runSessions(t, ctx, rdb)
	runTickets(t, ctx, rdb)
	runAppointments(t, ctx, rdb)
	runProtocols(t, ctx, rdb)
	runAddrCounts(t, ctx, rdb)

	rec.mu.Lock()
	defer rec.mu.Unlock()
	for _, e := range rec.failed {
		t.Errorf("on the cluster: %s", e)
	}
	for _, s := range scripts {
		if rec.ran[s.sha] == 0 {
			t.Errorf("script %s (%s) was not run on the cluster: add a call of it to this test", s.name, s.pos)
		}
	}
	t.Logf("%d scripts, %d script runs, on %d masters", len(scripts), rec.runs, 3)
}

// scriptRecorder notes every script run (EVALSHA, or EVAL after NOSCRIPT)
// and every command the cluster refused.
type scriptRecorder struct {
	mu     sync.Mutex
	ran    map[string]int // sha1 -> successful runs
	runs   int
	failed []string
}

func (r *scriptRecorder) DialHook(next redis.DialHook) redis.DialHook { return next }

func (r *scriptRecorder) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		err := next(ctx, cmd)
		r.note(cmd, err)
		return err
	}
}

func (r *scriptRecorder) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		err := next(ctx, cmds)
		for _, c := range cmds {
			r.note(c, c.Err())
		}
		return err
	}
}

func (r *scriptRecorder) note(cmd redis.Cmder, err error) {
	args := cmd.Args()
	name := strings.ToLower(cmd.Name())
	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil && !errors.Is(err, redis.Nil) && !strings.HasPrefix(err.Error(), "NOSCRIPT") {
		r.failed = append(r.failed, fmt.Sprintf("%.200v: %v", args, err))
		return
	}
	if err != nil || len(args) < 2 {
		return
	}
	src, _ := args[1].(string)
	switch name {
	case "evalsha", "evalsha_ro":
		r.ran[src]++
		r.runs++
	case "eval", "eval_ro":
		r.ran[shaOf(src)]++
		r.runs++
	}
}

func shaOf(src string) string {
	h := sha1.Sum([]byte(src))
	return hex.EncodeToString(h[:])
}

type foundScript struct {
	name, pos, sha string
}

// findScripts returns every redis.NewScript(...) of the module outside
// tests, with the script's source evaluated (string literals, + and
// package-level constants) and hashed as go-redis hashes it.
func findScripts(t *testing.T) []foundScript {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var out []foundScript
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		var consts map[string]ast.Expr // the package's constants, parsed on demand
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 1 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "NewScript" {
				return true
			}
			if x, ok := sel.X.(*ast.Ident); !ok || x.Name != "redis" {
				return true
			}
			if consts == nil {
				consts = packageConsts(t, fset, filepath.Dir(path))
			}
			src, err := constString(call.Args[0], consts)
			pos := fset.Position(call.Pos())
			rel, _ := filepath.Rel(root, pos.Filename)
			where := rel + ":" + strconv.Itoa(pos.Line)
			if err != nil {
				t.Errorf("%s: script source is not a constant string: %v", where, err)
				return true
			}
			out = append(out, foundScript{name: scriptName(f, call), pos: where, sha: shaOf(src)})
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// scriptName is the name of the variable a script is assigned to.
func scriptName(f *ast.File, call *ast.CallExpr) string {
	name := "?"
	ast.Inspect(f, func(n ast.Node) bool {
		if vs, ok := n.(*ast.ValueSpec); ok {
			for i, v := range vs.Values {
				if v == call && i < len(vs.Names) {
					name = vs.Names[i].Name
				}
			}
		}
		return true
	})
	return name
}

// packageConsts maps the names of a directory's package-level constants
// (outside tests) to their expressions.
func packageConsts(t *testing.T, fset *token.FileSet, dir string) map[string]ast.Expr {
	t.Helper()
	out := map[string]ast.Expr{}
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.CONST {
				for _, s := range g.Specs {
					vs := s.(*ast.ValueSpec)
					for i, n := range vs.Names {
						if i < len(vs.Values) {
							out[n.Name] = vs.Values[i]
						}
					}
				}
			}
		}
	}
	return out
}

// constString evaluates a constant string expression.
func constString(e ast.Expr, consts map[string]ast.Expr) (string, error) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", fmt.Errorf("literal %s", e.Value)
		}
		return strconv.Unquote(e.Value)
	case *ast.ParenExpr:
		return constString(e.X, consts)
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", fmt.Errorf("operator %s", e.Op)
		}
		a, err := constString(e.X, consts)
		if err != nil {
			return "", err
		}
		b, err := constString(e.Y, consts)
		return a + b, err
	case *ast.Ident:
		if v, ok := consts[e.Name]; ok {
			return constString(v, consts)
		}
		return "", fmt.Errorf("%s is not a constant of the package", e.Name)
	}
	return "", fmt.Errorf("expression %T", e)
}

// conversations spread over the slots, so the session scripts run on every
// master.
func clusterConversations() []bot.Ref {
	var out []bot.Ref
	for i := range 12 {
		out = append(out, bot.Ref{Platform: "web", Channel: "cl-" + strconv.Itoa(i)})
	}
	return out
}

func runSessions(t *testing.T, ctx context.Context, rdb redis.UniversalClient) {
	t.Helper()
	tr := redisstore.NewTranscripts(rdb, redisstore.TranscriptOptions{Max: 10, TTL: time.Hour})
	s := redisstore.NewSessions(rdb, redisstore.SessionOptions{BriefTTL: time.Minute, BriefPlatforms: []string{"web"}, Transcripts: tr})
	marks := redisstore.NewMarks(rdb, redisstore.Keys{})
	for i, conv := range clusterConversations() {
		claim := bot.Claim{Conversation: conv, User: "u-" + strconv.Itoa(i%3), EventID: "e-1", CheckSeen: true, SeenTTL: time.Minute,
			Token: "tok-" + strconv.Itoa(i), LockTTL: time.Minute, Count: true, Limit: 100, UserLimit: 100, Window: time.Minute}
		st, sess, err := s.Claim(ctx, claim)
		if err != nil || st != bot.Claimed {
			t.Fatalf("claim %s: %v %v", conv.Channel, st, err)
		}
		if ok, err := s.Renew(ctx, conv, claim.Token, time.Minute); err != nil || !ok {
			t.Fatalf("renew %s: %v %v", conv.Channel, ok, err)
		}
		if err := tr.Append(ctx, bot.Sent{Ref: bot.Ref{Platform: conv.Platform, Channel: conv.Channel, Message: "m-" + strconv.Itoa(i)},
			Text: "Hallo", Time: time.Now()}); err != nil {
			t.Fatalf("transcript of %s: %v", conv.Channel, err)
		}
		for range 2 {
			if _, err := tr.AppendOnce(ctx, bot.Sent{Ref: bot.Ref{Platform: conv.Platform, Channel: conv.Channel, Message: "n-" + strconv.Itoa(i)},
				Text: "Notiz", Time: time.Now()}, "ticket:CB-1"); err != nil {
				t.Fatalf("transcript of %s, once: %v", conv.Channel, err)
			}
		}
		sess.Turns = 1
		reply := bot.Sent{Ref: bot.Ref{Platform: conv.Platform, Channel: conv.Channel, Message: "r-" + strconv.Itoa(i)}, Text: "Antwort", Time: time.Now()}
		if err := s.Release(ctx, bot.Release{Conversation: conv, User: claim.User, Token: claim.Token, Session: &sess, Save: true, EventID: "e-1",
			Transcript: []bot.Sent{reply}}); err != nil {
			t.Fatalf("release %s: %v", conv.Channel, err)
		}
		if st, _, err := s.Claim(ctx, claim); err != nil || st != bot.Duplicate {
			t.Fatalf("duplicate claim %s: %v %v", conv.Channel, st, err)
		}
		if msgs, err := tr.List(ctx, conv); err != nil || len(msgs) != 3 {
			t.Fatalf("transcript of %s: %d %v", conv.Channel, len(msgs), err)
		}
		if err := marks.Mark(ctx, "slack:thread:C1:"+strconv.Itoa(i), time.Minute); err != nil {
			t.Fatal(err)
		}
	}
}

func runTickets(t *testing.T, ctx context.Context, rdb redis.UniversalClient) {
	t.Helper()
	st := redisstore.NewTickets(rdb, redisstore.Keys{})
	svc := tickets.NewService(st, true)
	client := tickets.Client{Org: "acme", Platform: "web", User: "anna", Channel: "c-anna"}
	d := tickets.Draft{Name: "Anna Schmidt", Phone: "+494069645099", Topic: "Drucker", ASAP: true, Lang: "de", RequestID: "rq-1"}
	tk, err := svc.File(ctx, client, d, t0)
	if err != nil {
		t.Fatal(err)
	}
	if again, err := svc.File(ctx, client, d, t0); err != nil || again.ID != tk.ID {
		t.Fatalf("the same request filed again: %s %v", again.ID, err)
	}
	if err := svc.Link(ctx, "web//staff//m-1", tk.ID, "web/staff"); err != nil {
		t.Fatal(err)
	}
	anna := tickets.Actor{Platform: "web", User: "anna", Org: "acme"}
	if _, err := svc.Amend(ctx, tk.ID, anna, tickets.Amendment{TopicAdd: "Fehler SC-542"}, t0.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	staff := tickets.Actor{Platform: "web", User: "alice", Staff: true}
	for _, step := range []func(context.Context, string, tickets.Actor, time.Time) (tickets.Ticket, error){svc.Claim, svc.MarkCalled, svc.Close} {
		if _, err := step(ctx, tk.ID, staff, t0.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	jobs, err := st.ClaimJobs(ctx, t0.Add(time.Hour), time.Minute, 10)
	if err != nil || len(jobs) == 0 {
		t.Fatalf("outbox: %v %v", jobs, err)
	}
	if err := st.JobRetry(ctx, jobs[0], t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	for _, j := range jobs {
		if err := st.JobDone(ctx, j); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := svc.Purge(ctx, time.Hour, t0.Add(3*time.Hour)); err != nil || n != 1 {
		t.Fatalf("purge: %d %v", n, err)
	}
	if _, err := svc.File(ctx, client, tickets.Draft{Name: "Anna", Phone: "+494069645099", Topic: "VPN", ASAP: true, Lang: "de"}, t0); err != nil {
		t.Fatal(err)
	}
	if n, err := svc.Forget(ctx, tickets.Actor{Platform: "web", User: "anna", Org: "acme"}); err != nil || n != 1 {
		t.Fatalf("forget: %d %v", n, err)
	}
}

func runAppointments(t *testing.T, ctx context.Context, rdb redis.UniversalClient) {
	t.Helper()
	apps := scheduling.NewAppointments(redisstore.NewAppointments(rdb, redisstore.Keys{}))
	who := scheduling.Requester{Org: "acme", Platform: "web", User: "anna", Channel: "c-anna"}
	staff := scheduling.Decider{Platform: "web", User: "alice", Staff: true}
	now := time.Now()
	day := now.Add(8 * 24 * time.Hour).Truncate(time.Hour)
	req := func(slots ...time.Time) scheduling.AppointmentRequest {
		r := scheduling.AppointmentRequest{Vendor: "DATEV", System: "SRV-01", Purpose: "Update", VendorEmail: "v@datev.example",
			ClientEmail: "it@acme.example", Lang: "de", TZID: "Europe/Berlin"}
		for _, s := range slots {
			r.Slots = append(r.Slots, scheduling.Slot{Start: s, End: s.Add(time.Hour)})
		}
		return r
	}
	a, err := apps.Hold(ctx, who, req(day), now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := apps.Hold(ctx, who, req(day), now); !errors.Is(err, scheduling.ErrSlotTaken) {
		t.Fatalf("second hold of the same slot: %v", err)
	}
	if err := apps.Link(ctx, "web//staff//m-2", a.ID, "web/staff"); err != nil {
		t.Fatal(err)
	}
	if _, err := apps.Approve(ctx, a.ID, staff, false, now); err != nil {
		t.Fatal(err)
	}
	if err := apps.Record(ctx, a.ID, scheduling.ActMailed, "bot", "", now); err != nil {
		t.Fatal(err)
	}
	b, err := apps.Hold(ctx, who, req(day.Add(2*time.Hour)), now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := apps.Reject(ctx, b.ID, staff, now); err != nil {
		t.Fatal(err)
	}
	series, err := apps.Hold(ctx, who, req(day.Add(7*24*time.Hour), day.Add(14*24*time.Hour)), now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := apps.CancelOccurrence(ctx, series.ID, series.Request.Slots[0].Start, who, now); err != nil {
		t.Fatal(err)
	}
	if _, err := apps.Cancel(ctx, series.ID, who, now); err != nil {
		t.Fatal(err)
	}
	if _, err := apps.ForgetClient(ctx, who, now); err != nil {
		t.Fatal(err)
	}
	if n, err := apps.Purge(ctx, time.Hour, now.Add(30*24*time.Hour)); err != nil || n == 0 {
		t.Fatalf("purge: %d %v", n, err)
	}
	if !slices.ContainsFunc([]string{a.ID, b.ID, series.ID}, func(id string) bool { return id != "" }) {
		t.Fatal("no appointment ids")
	}
}

func runProtocols(t *testing.T, ctx context.Context, rdb redis.UniversalClient) {
	t.Helper()
	w := newProtoWorld(t, rdb)
	p := w.signed(t)
	if err := w.svc.Link(ctx, "web/c-1/m-1", p.ID, 2); err != nil {
		t.Fatal(err)
	}
	if r, err := w.svc.Verify(ctx, p.ID); err != nil || !r.OK() || p.State != protocols.StateComplete {
		t.Fatalf("verify on the cluster: %v %v", r, err)
	}
}
