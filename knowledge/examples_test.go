package knowledge

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// TestExamplesAreNotTestSentences: the knowledge base never learns a
// sentence of a test set (eval sets, conversation files), or the figures
// measured on them would lie. One- to three-word phrases ("good morning")
// are common to everyone and exempt.
func TestExamplesAreNotTestSentences(t *testing.T) {
	raw, err := os.ReadFile("data/knowledge.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Entries []struct {
			ID       string              `json:"id"`
			Examples map[string][]string `json:"examples"`
		} `json:"entries"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	examples := map[string]string{}
	for _, e := range file.Entries {
		for _, xs := range e.Examples {
			for _, x := range xs {
				if n := normSentence(x); len(strings.Fields(n)) > 3 {
					examples[n] = e.ID
				}
			}
		}
	}
	var files []string
	for _, pat := range []string{"testdata/*.jsonl", "../testdata/*.jsonl", "../testdata/conversations/*.jsonl", "../cmd/mspbot/testdata/conversations/*.jsonl"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 10 {
		t.Fatalf("found only %d test files: %v", len(files), files)
	}
	checked := 0
	for _, f := range files {
		for _, s := range testSentences(t, f) {
			checked++
			if id, ok := examples[normSentence(s)]; ok {
				t.Errorf("%s: example of %s is a test sentence: %q", filepath.Base(f), id, s)
			}
		}
	}
	if checked < 1000 {
		t.Fatalf("checked only %d test sentences", checked)
	}
}

// testSentences reads the client sentences of an eval file ({"text": …})
// or a conversation file ({"turns": [{"say": …}]}).
func testSentences(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var line struct {
			Text  string `json:"text"`
			Turns []struct {
				Say string `json:"say"`
			} `json:"turns"`
		}
		if strings.TrimSpace(sc.Text()) == "" || json.Unmarshal(sc.Bytes(), &line) != nil {
			continue
		}
		if line.Text != "" {
			out = append(out, line.Text)
		}
		for _, turn := range line.Turns {
			if turn.Say != "" {
				out = append(out, turn.Say)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// normSentence compares sentences by their words only.
func normSentence(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}
