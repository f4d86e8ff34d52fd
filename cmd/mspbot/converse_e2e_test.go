package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mspbot/mspbot/internal/converse"
	"github.com/mspbot/mspbot/internal/redistest"
)

// converseFloor is how many of the dev conversations
// (testdata/conversations/dev.jsonl, a copy of the shared dev set) the bot
// must pass. All 52 pass (measured 2026-12-07 with the finished dialogue
// layer of issue 13, before it: 9). The floor leaves two for what depends
// on the hour a run starts (a callback window of "heute nachmittag" late in
// the afternoon, a lead time across midnight). Raise it as the bot gets
// better; never lower it to make a change pass.
const converseFloor = 50

// probeFloor is how many of the project's own probe conversations
// (testdata/conversations/probes-*.jsonl at the repository root, 794,
// written in fresh words: A, B and C while building the dialogue layer of
// issue 13, D, E and F later by separate sessions that never saw the code,
// G (callback times), H to L (all jobs) in issue 16's second pass, M to
// X in its third, Y to BN in its fourth to ninth, written by helper sessions
// that saw neither the code nor the other sets) must
// pass. Each set was measured once blind before fixing (8/30, 4/30, 8/36,
// 24/36, 21/30, 12/30, 3/16, 6/12, 8/14, 9/12, 8/10, 6/8, 6/12, 14/15, 4/8, 7/9, 8/8, 4/6, 4/9, 4/6, 5/7, 4/5, 3/5, 6/6, 3/12, 6/12, 1/12, 4/12, 1/12, 6/12, 2/12, 7/12, 5/8, 5/10, 4/10, 2/10, 5/10, 2/10, 1/10, 3/10, 2/10, 3/10, 3/10, 2/10, 3/10, 7/10, 2/10, 3/10, 2/10, 3/10, 1/10, 2/10, 5/10, 3/10, 3/10, 0/10, 3/10, 0/10, 3/10, 1/10, 2/10, 2/10, 3/10, 5/10, 3/10, 1/10); 771 pass today
// (docs/conversations.md#measured). Two of C expect a new version of a
// binding protocol where mspbot records a signed amendment, one of I a
// vendor appointment cancelled without the bot asking once, one of J a
// protocol without a date (documented choices); one of AY a number in
// the range reserved for fiction refused as invalid (a documented choice);
// one each of AW and AY, two of BA, one of BG, one of BH, two of BM and seven of BN are not done yet, and
// one of BF expects a time asked where an urgent callback is noted for
// "as soon as possible" (a documented choice; docs/not-done-yet.md). The floor leaves two for
// the hour a run starts (one of E books a slot that is too early only
// late in the afternoon, and on some weekdays one of AD and one of BA ask
// for a day the lead time has not yet reached).
const probeFloor = 769

// probeTotal is the number of probe conversations in those files.
const probeTotal = 794

// TestConverseEndToEnd plays the dev conversations against the real binary
// on a real Redis, through the JSON API, with converse.Run.
func TestConverseEndToEnd(t *testing.T) {
	redistest.Open(t, redistest.DBEndToEnd) // flushes the database
	p := start(t, buildBinary(t), "REDIS_URL="+redistest.DBURL(t, redistest.DBEndToEnd),
		"MSPBOT_STAFF_USERS=alice,bob", "MSPBOT_STAFF_CHANNEL=staff")
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	var out bytes.Buffer
	sum, err := converse.Run(ctx, converse.Options{URL: p.url, Out: &out}, filepath.Join("testdata", "conversations", "dev.jsonl"))
	if err != nil {
		t.Fatalf("converse: %v\n%s", err, out.String())
	}
	t.Logf("dev conversations: %d passed, %d failed", sum.Passed, sum.Failed)
	if sum.Passed < converseFloor {
		t.Errorf("%d dev conversations pass, fewer than the floor of %d:\n%s", sum.Passed, converseFloor, out.String())
	}
	if sum.Passed+sum.Failed != 52 || !strings.Contains(out.String(), "conversations: ") {
		t.Errorf("not every conversation was played:\n%s", out.String())
	}
	p.stop(t)
}

// TestConverseBuiltIn runs `mspbot converse FILE` without --url: it builds
// the bot itself (here on the embedded store), plays, stops it, and says
// by its exit status whether everything passed.
func TestConverseBuiltIn(t *testing.T) {
	env := func(k string) (string, bool) { return "", false }
	smoke := filepath.Join("testdata", "conversations", "smoke.jsonl")
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"converse", smoke}, nil, &out, &errb, env)
	want := "PASS smoke-hello\nPASS smoke-protocol\nconversations: 2 passed, 0 failed (100.0 %)\n"
	if code != 0 || out.String() != want {
		t.Fatalf("converse %s = %d\n%s\nstderr:\n%s", smoke, code, out.String(), errb.String())
	}
	if strings.Contains(errb.String(), "level=INFO") {
		t.Errorf("the built-in bot logs below warning level without -v:\n%s", errb.String())
	}

	failing := filepath.Join(t.TempDir(), "failing.jsonl")
	line := `{"id":"never","turns":[{"say":"Hallo","expect":{"says_any":["Dieses Wort sagt der Bot nie"]}}]}` + "\n"
	if err := os.WriteFile(failing, []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if code := run(context.Background(), []string{"converse", "--prefix", "e2e", smoke, failing, "--only", "never"}, nil, &out, &errb, env); code != 1 ||
		!strings.HasPrefix(out.String(), "FAIL never turn 1: says_any /Dieses Wort sagt der Bot nie/ — ") {
		t.Errorf("a failing conversation: exit %d\n%s", code, out.String())
	}
	for _, args := range [][]string{
		{"converse"},
		{"converse", "--today", "7.12.2026", smoke},
		{"converse", filepath.Join(t.TempDir(), "missing.jsonl")},
		{"converse", "--only", "nope", smoke},
		{"converse", "--frobnicate", smoke},
	} {
		errb.Reset()
		if code := run(context.Background(), args, nil, &out, &errb, env); code != 2 || errb.Len() == 0 {
			t.Errorf("%q: exit %d, stderr %q; want 2 with a reason", args, code, errb.String())
		}
	}
}

// TestConverseProbes plays the project's probe conversations against the
// real binary, as a regression floor beside the dev set.
func TestConverseProbes(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "conversations", "probes-*.jsonl"))
	if err != nil || len(files) < 6 {
		t.Fatalf("probe files: %v %v", files, err)
	}
	redistest.Open(t, redistest.DBEndToEnd)
	p := start(t, buildBinary(t), "REDIS_URL="+redistest.DBURL(t, redistest.DBEndToEnd),
		"MSPBOT_STAFF_USERS=alice,bob", "MSPBOT_STAFF_CHANNEL=staff")
	// about 100 s for the 700-odd conversations on an idle machine; the
	// bound leaves room for a CI machine that runs other tests beside it
	ctx, cancel := context.WithTimeout(context.Background(), 600*time.Second)
	defer cancel()
	var out bytes.Buffer
	sum, err := converse.Run(ctx, converse.Options{URL: p.url, Out: &out}, files...)
	if err != nil {
		t.Fatalf("converse: %v\n%s", err, out.String())
	}
	t.Logf("probe conversations: %d passed, %d failed", sum.Passed, sum.Failed)
	if sum.Passed < probeFloor {
		t.Errorf("%d probe conversations pass, fewer than the floor of %d:\n%s", sum.Passed, probeFloor, out.String())
	}
	if sum.Passed+sum.Failed != probeTotal {
		t.Errorf("%d probe conversations played, want %d:\n%s", sum.Passed+sum.Failed, probeTotal, out.String())
	}
	p.stop(t)
}
