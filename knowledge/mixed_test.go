package knowledge

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// mixedSample is one line of a testdata/*-mixed.jsonl file: a coverage message and the exact verdicts
// its answer must name, most restrictive first. One verdict means a single-topic answer (no parts):
// the other clauses are background. Sources, when given, must all be among the answer's sources.
type mixedSample struct {
	Text     string    `json:"text"`
	Verdicts []Verdict `json:"verdicts"`
	Sources  []string  `json:"sources,omitempty"`
}

// mixedFloors are the shares of samples per file whose answer names exactly the expected verdicts
// (and sources); first measurements and today's figures are in testdata/README.md.
var mixedFloors = map[string]float64{"round8-mixed": 0.97, "round8b-mixed": 0.95, "round9-mixed": 0.95, "round9b-mixed": 0.95}

// answeredVerdicts lists the verdicts an answer names: one per part, or the single verdict.
func answeredVerdicts(r Result) []Verdict {
	if r.Intent != IntentCoverage {
		return nil
	}
	if len(r.Parts) == 0 {
		return []Verdict{r.Verdict}
	}
	out := make([]Verdict, 0, len(r.Parts))
	for _, p := range r.Parts {
		out = append(out, p.Verdict)
	}
	return out
}

// TestMixedFiles checks testdata/*-mixed.jsonl: the set of part verdicts of each message, so that
// background clauses get no verdict of their own and real second and third topics are not missed.
func TestMixedFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/*-mixed.jsonl")
	if err != nil || len(files) == 0 {
		t.Fatalf("no mixed files: %v", err)
	}
	c := testClassifier()
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".jsonl")
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		n, ok := 0, 0
		for line := 1; sc.Scan(); line++ {
			if strings.TrimSpace(sc.Text()) == "" {
				continue
			}
			var s mixedSample
			if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
				t.Fatalf("%s:%d: %v", path, line, err)
			}
			if len(s.Verdicts) == 0 {
				t.Fatalf("%s:%d: no verdicts", path, line)
			}
			n++
			r := c.Classify(s.Text)
			got := answeredVerdicts(r)
			good := slices.Equal(got, s.Verdicts)
			for _, id := range s.Sources {
				good = good && slices.Contains(r.Sources, id)
			}
			if good {
				ok++
				continue
			}
			t.Logf("%s miss: want %v %v, got %v %v: %q", name, s.Verdicts, s.Sources, got, r.Sources, s.Text)
		}
		f.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
		share := float64(ok) / float64(n)
		t.Logf("%s: %d of %d (%.1f%%) name exactly the expected verdicts", name, ok, n, 100*share)
		if floor, has := mixedFloors[name]; !has || share < floor {
			t.Errorf("%s: %.1f%% is below the floor of %.1f%%", name, 100*share, 100*floor)
		}
	}
}
