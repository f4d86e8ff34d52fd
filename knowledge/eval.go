package knowledge

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Sample is one labelled client message, one JSON object per line in an eval file:
// {"text": "...", "lang": "de", "intent": "coverage", "verdict": "excluded"}.
type Sample struct {
	Text    string  `json:"text"`
	Lang    Lang    `json:"lang"`
	Intent  Intent  `json:"intent"`
	Verdict Verdict `json:"verdict,omitempty"`
}

// Score counts correct answers of one group of samples.
type Score struct {
	// N is the number of samples.
	N int
	// Intent counts samples whose intent was right.
	Intent int
	// Joint counts samples whose intent and verdict were both right.
	Joint int
	// Lang counts samples whose language was detected right.
	Lang int
}

// IntentAccuracy is Intent/N (0 for no samples).
func (s Score) IntentAccuracy() float64 { return ratio(s.Intent, s.N) }

// JointAccuracy is Joint/N (0 for no samples).
func (s Score) JointAccuracy() float64 { return ratio(s.Joint, s.N) }

// LangAccuracy is Lang/N (0 for no samples).
func (s Score) LangAccuracy() float64 { return ratio(s.Lang, s.N) }

func ratio(a, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(a) / float64(n)
}

// Miss is a sample the classifier got wrong.
type Miss struct {
	Sample Sample
	Got    Result
}

// Report holds the figures of an evaluation run.
type Report struct {
	// Overall counts every sample.
	Overall Score
	// ByLang counts the samples per labelled language.
	ByLang map[Lang]Score
	// Misses lists the samples with a wrong intent or verdict, in file order.
	Misses []Miss
}

// Evaluate classifies every sample of a JSON-lines eval file and counts intent accuracy and joint
// (intent, verdict) accuracy overall and per language. Blank lines are skipped; a malformed line is
// an error naming its line number.
func Evaluate(c *Classifier, r io.Reader) (Report, error) {
	rep := Report{ByLang: make(map[Lang]Score)}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		raw := strings.TrimSpace(sc.Text())
		if raw == "" {
			continue
		}
		var s Sample
		if err := json.Unmarshal([]byte(raw), &s); err != nil {
			return rep, fmt.Errorf("knowledge: eval line %d: %w", line, err)
		}
		if !s.Intent.Valid() {
			return rep, fmt.Errorf("knowledge: eval line %d: %w %q", line, ErrUnknownIntent, s.Intent)
		}
		got := c.Classify(s.Text)
		okIntent := got.Intent == s.Intent
		okJoint := okIntent && got.Verdict == s.Verdict
		ls := rep.ByLang[s.Lang]
		for _, sc := range []*Score{&rep.Overall, &ls} {
			sc.N++
			if okIntent {
				sc.Intent++
			}
			if okJoint {
				sc.Joint++
			}
			if got.Lang == s.Lang {
				sc.Lang++
			}
		}
		rep.ByLang[s.Lang] = ls
		if !okJoint {
			rep.Misses = append(rep.Misses, Miss{Sample: s, Got: got})
		}
	}
	if err := sc.Err(); err != nil {
		return rep, fmt.Errorf("knowledge: eval: %w", err)
	}
	return rep, nil
}

// String renders the report as a small table followed by the misses.
func (r Report) String() string {
	var b strings.Builder
	row := func(name string, s Score) {
		fmt.Fprintf(&b, "%-8s n=%-4d intent %5.1f%%  intent+verdict %5.1f%%  language %5.1f%%\n",
			name, s.N, 100*s.IntentAccuracy(), 100*s.JointAccuracy(), 100*s.LangAccuracy())
	}
	langs := make([]string, 0, len(r.ByLang))
	for l := range r.ByLang {
		langs = append(langs, string(l))
	}
	sort.Strings(langs)
	for _, l := range langs {
		row(l, r.ByLang[Lang(l)])
	}
	row("overall", r.Overall)
	for _, m := range r.Misses {
		want := string(m.Sample.Intent)
		if m.Sample.Verdict != "" {
			want += "/" + string(m.Sample.Verdict)
		}
		got := string(m.Got.Intent)
		if m.Got.Verdict != "" {
			got += "/" + string(m.Got.Verdict)
		}
		fmt.Fprintf(&b, "miss: want %-26s got %-26s %q\n", want, got, m.Sample.Text)
	}
	return b.String()
}
