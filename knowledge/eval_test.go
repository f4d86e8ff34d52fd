package knowledge

import (
	"errors"
	"io/fs"
	"os"
	"strings"
	"testing"
)

// evalFloors are the joint (intent, verdict) accuracies a change must not fall below. They sit a few
// points under what the classifier reaches, so that a regression fails and noise does not.
var evalFloors = map[string]float64{"dev": 0.97, "heldout": 0.97, "blind": 0.95, "blind2": 0.96, "blind3": 0.97, "blind4": 0.97, "blind5": 0.97, "blind5b": 0.96, "unseen": 0.97, "unseen2": 0.97, "unseen3": 0.97, "round6": 0.97, "unseen4": 0.97, "round7": 0.97,
	"unseen5": 0.95, "unseen6": 0.96, "round8": 0.97, "round8b": 0.95, "round10": 0.94, "round10b": 0.92}

func runEval(t *testing.T, name, path string) {
	t.Helper()
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("eval file %s does not exist (set MSPBOT_EVAL_FILE to point at dev.jsonl)", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rep, err := Evaluate(NewClassifier(Embedded(), Options{}), f)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range Langs {
		s := rep.ByLang[l]
		t.Logf("%s %s: n=%d intent %.1f%% joint %.1f%% language %.1f%%", name, l, s.N,
			100*s.IntentAccuracy(), 100*s.JointAccuracy(), 100*s.LangAccuracy())
	}
	o := rep.Overall
	t.Logf("%s overall: n=%d intent %.1f%% joint %.1f%% language %.1f%%", name, o.N,
		100*o.IntentAccuracy(), 100*o.JointAccuracy(), 100*o.LangAccuracy())
	for _, m := range rep.Misses {
		t.Logf("%s miss: want %s/%s got %s/%s: %q", name, m.Sample.Intent, m.Sample.Verdict, m.Got.Intent, m.Got.Verdict, m.Sample.Text)
	}
	if o.N == 0 {
		t.Fatalf("%s: no samples in %s", name, path)
	}
	if got := o.JointAccuracy(); got < evalFloors[name] {
		t.Errorf("%s: joint accuracy %.1f%% is below the floor of %.1f%%", name, 100*got, 100*evalFloors[name])
	}
}

// TestEvalDev measures the shared labelled dev set (../../shared/eval/dev.jsonl from this package,
// or MSPBOT_EVAL_FILE).
func TestEvalDev(t *testing.T) {
	path := os.Getenv("MSPBOT_EVAL_FILE")
	if path == "" {
		path = "../../shared/eval/dev.jsonl"
	}
	runEval(t, "dev", path)
}

// TestEvalHeldout measures testdata/heldout.jsonl: 174 messages written before the rules.
func TestEvalHeldout(t *testing.T) { runEval(t, "heldout", "testdata/heldout.jsonl") }

// TestEvalBlind measures testdata/blind.jsonl: 110 messages written after the first rules and
// measured once before any change (78.2% joint then); see testdata/README.md.
func TestEvalBlind(t *testing.T) { runEval(t, "blind", "testdata/blind.jsonl") }

// TestEvalBlind2 measures testdata/blind2.jsonl: 61 messages written after the fixes for blind.jsonl
// and measured once before any change (90.2% joint then); see testdata/README.md.
func TestEvalBlind2(t *testing.T) { runEval(t, "blind2", "testdata/blind2.jsonl") }

func TestEvaluateErrors(t *testing.T) {
	c := NewClassifier(Embedded(), Options{})
	if _, err := Evaluate(c, strings.NewReader("{\"text\": \"x\", \"intent\": \"coverage\"}\nnot json\n")); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("malformed line: got %v, want an error naming line 2", err)
	}
	if _, err := Evaluate(c, strings.NewReader(`{"text": "x", "intent": "nonsense"}`)); !errors.Is(err, ErrUnknownIntent) {
		t.Errorf("unknown intent: got %v", err)
	}
	rep, err := Evaluate(c, strings.NewReader("\n{\"text\": \"Hallo\", \"lang\": \"de\", \"intent\": \"smalltalk\"}\n\n"))
	if err != nil || rep.Overall.N != 1 || rep.Overall.Joint != 1 {
		t.Errorf("got %+v, %v", rep.Overall, err)
	}
	if !strings.Contains(rep.String(), "overall") {
		t.Errorf("report text lacks the overall row:\n%s", rep)
	}
}

// TestEvalBlind3 measures testdata/blind3.jsonl: 171 messages written before the third round of
// changes and measured once before any change; see testdata/README.md.
func TestEvalBlind3(t *testing.T) { runEval(t, "blind3", "testdata/blind3.jsonl") }

// TestEvalBlind4 measures testdata/blind4.jsonl: messages written after the changes prompted by
// blind3.jsonl and measured once before any further change; see testdata/README.md.
func TestEvalBlind4(t *testing.T) { runEval(t, "blind4", "testdata/blind4.jsonl") }

// TestEvalUnseen measures ../testdata/unseen.jsonl, written blind by a separate session. It was
// measured blind twice (85.0 %, then 91.7 % after a round of changes made without seeing it); the
// security-relevant misses it then showed (injection, other clients' data, secrets) were fixed by
// general vocabulary, so today's figure is no longer blind. See README.md, "Measured".
func TestEvalUnseen(t *testing.T) {
	runEval(t, "unseen", "../testdata/unseen.jsonl")
}

// TestEvalBlind5 measures testdata/blind5.jsonl: 200 messages written after the changes prompted by
// blind4.jsonl and measured once before any further change; see testdata/README.md.
func TestEvalBlind5(t *testing.T) { runEval(t, "blind5", "testdata/blind5.jsonl") }

// TestEvalBlind5b measures testdata/blind5b.jsonl: 49 messages written after the first changes
// prompted by blind5.jsonl and measured once before the next ones; see testdata/README.md.
func TestEvalBlind5b(t *testing.T) { runEval(t, "blind5b", "testdata/blind5b.jsonl") }

// TestEvalUnseen2 measures ../testdata/unseen2.jsonl, written blind by a second separate session and
// measured blind once at 90.8 % (see README.md, "Measured"); refusals it showed were fixed since.
func TestEvalUnseen2(t *testing.T) { runEval(t, "unseen2", "../testdata/unseen2.jsonl") }

// TestEvalUnseen3 measures ../testdata/unseen3.jsonl, written blind by a third separate session from
// the label definitions only and measured blind once at 96.2 % (see README.md, "Measured"); its
// misses were then fixed by general means, so today's figure is no longer blind.
func TestEvalUnseen3(t *testing.T) { runEval(t, "unseen3", "../testdata/unseen3.jsonl") }

// TestEvalRound6 measures testdata/round6.jsonl: 819 messages the classifier's author wrote in 13
// batches during the sixth round, each measured once before the changes it prompted (77.8 % to
// 90.6 %, 85.7 % on average); see testdata/README.md.
func TestEvalRound6(t *testing.T) { runEval(t, "round6", "testdata/round6.jsonl") }

// TestEvalUnseen4 measures ../testdata/unseen4.jsonl, written blind by the same separate session as
// unseen3 and measured once after the last change of round 6: 92.7 % joint (see README.md,
// "Measured"). Its misses were then fixed by general means in round 7, so it is no longer blind.
func TestEvalUnseen4(t *testing.T) { runEval(t, "unseen4", "../testdata/unseen4.jsonl") }

// TestEvalRound7 measures testdata/round7.jsonl: 567 messages the classifier's author wrote in 9
// batches during the seventh round, each measured once before the changes it prompted (80.6 % to
// 95.3 %, 87.5 % on average); see testdata/README.md.
func TestEvalRound7(t *testing.T) { runEval(t, "round7", "testdata/round7.jsonl") }

// TestEvalUnseen5 measures ../testdata/unseen5.jsonl, written blind by a fourth separate session from
// the label definitions only and measured once after the last change of round 7: 95.8 % joint (see
// README.md, "Measured"). Nothing was changed after that measurement.
func TestEvalUnseen5(t *testing.T) { runEval(t, "unseen5", "../testdata/unseen5.jsonl") }

// TestEvalUnseen6 measures ../testdata/unseen6.jsonl, the sister set of unseen5, measured once after
// the last change of round 7: 96.5 % joint. Nothing was changed after that measurement.
func TestEvalUnseen6(t *testing.T) { runEval(t, "unseen6", "../testdata/unseen6.jsonl") }

// TestEvalRound8 measures testdata/round8.jsonl: 156 messages about mixed topics, background clauses,
// data recovery from backups, remote-tool IDs, bribes, vendors' admin demands, program help and
// special equipment, written in round 8 and measured once before any change (64.1 % joint); see
// testdata/README.md.
func TestEvalRound8(t *testing.T) { runEval(t, "round8", "testdata/round8.jsonl") }

// TestEvalRound8b measures testdata/round8b.jsonl: 60 messages of the same phenomena in new wording,
// written after the changes of round 8 and measured once before the last ones (83.3 % joint; the code
// before round 8 reached 63.3 % on it); see testdata/README.md.
func TestEvalRound8b(t *testing.T) { runEval(t, "round8b", "testdata/round8b.jsonl") }

// TestEvalRound10 measures testdata/round10.jsonl: 52 messages about work outside IT, things nobody
// knows, hardware bought after a software question, the certificate of an own Exchange server and
// phone systems, with guards of real IT work, written in round 10 and measured once before any change
// (34.6 % joint); see testdata/README.md.
func TestEvalRound10(t *testing.T) { runEval(t, "round10", "testdata/round10.jsonl") }

// TestEvalRound10b measures testdata/round10b.jsonl: 26 messages of the same phenomena in new wording,
// written after the main changes of round 10 and measured once before the last ones (73.1 % joint; the
// code before round 10 reached 23.1 %); see testdata/README.md.
func TestEvalRound10b(t *testing.T) { runEval(t, "round10b", "testdata/round10b.jsonl") }
