package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mspbot/mspbot/knowledge"
)

func noEnv(string) (string, bool) { return "", false }

func TestClassifyContract(t *testing.T) {
	in := strings.Join([]string{
		`{"text":"Mein Monitor ist kaputt, wird der im Rahmen des Vertrags ersetzt?","lang":"de","intent":"ignored"}`,
		`{"text":"Could you call me back tomorrow morning?"}`,
		``,
		`not json`,
		`{"id":7}`,
		`{"text":"Is the migration of our mail server to a new host included?"}`,
	}, "\n")
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"classify"}, strings.NewReader(in), &out, &errb, noEnv); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 5 {
		t.Fatalf("%d output lines for 5 non-empty input lines:\n%s", len(lines), out.String())
	}
	var rows []map[string]any
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("output line is not JSON: %q", l)
		}
		rows = append(rows, m)
	}
	first := rows[0]
	if first["lang"] != "de" || first["intent"] != "coverage" || first["verdict"] != "excluded" ||
		first["answer"] == "" || first["text"] != "Mein Monitor ist kaputt, wird der im Rahmen des Vertrags ersetzt?" {
		t.Fatalf("first line = %v", first)
	}
	if c, ok := first["confidence"].(float64); !ok || c <= 0 || c > 1 {
		t.Fatalf("confidence = %v", first["confidence"])
	}
	if srcs, ok := first["sources"].([]any); !ok || len(srcs) == 0 || srcs[0] != "faq#hardware" {
		t.Fatalf("sources = %v", first["sources"])
	}
	if rows[1]["intent"] != "callback" || rows[1]["lang"] != "en" {
		t.Fatalf("second line = %v", rows[1])
	}
	if _, has := rows[1]["verdict"]; has {
		t.Fatalf("verdict on a non-coverage line: %v", rows[1])
	}
	if !strings.Contains(fmt.Sprint(rows[2]["error"]), "line 4") || !strings.Contains(fmt.Sprint(rows[3]["error"]), `missing field "text"`) {
		t.Fatalf("error lines = %v / %v", rows[2], rows[3])
	}
	if rows[4]["verdict"] != "project" {
		t.Fatalf("migration = %v", rows[4])
	}
}

func TestClassifyFlagsAndKnowledgeFile(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"classify", "--llm"}, strings.NewReader(""), &out, &errb, noEnv); code != 2 || !strings.Contains(errb.String(), "OPENAI_API_KEY") {
		t.Fatalf("--llm without a key: %d %q", code, errb.String())
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	_ = os.WriteFile(bad, []byte(`{"version":1,"entries":[{"id":"x","intent":"coverage","verdict":"maybe","answer":{"de":"a","en":"b"},"source":{"doc":"d"}}]}`), 0o600)
	errb.Reset()
	env := func(k string) (string, bool) {
		if k == "MSPBOT_KNOWLEDGE_FILE" {
			return bad, true
		}
		return "", false
	}
	if code := run(context.Background(), []string{"classify"}, strings.NewReader(""), &out, &errb, env); code != 2 || !strings.Contains(errb.String(), "MSPBOT_KNOWLEDGE_FILE") || !strings.Contains(errb.String(), "verdict") {
		t.Fatalf("invalid knowledge file: %d %q", code, errb.String())
	}
	// A provider's own answer replaces the embedded entry with the same id.
	e, _ := knowledge.Embedded().Entry("faq#hardware")
	e.Answer = knowledge.Text{"de": "Hardware machen wir nicht – fragen Sie Ihren Händler.", "en": "We do not do hardware – ask your dealer."}
	data, _ := json.Marshal(map[string]any{"version": 1, "entries": []knowledge.Entry{e}})
	own := filepath.Join(dir, "own.json")
	_ = os.WriteFile(own, data, 0o600)
	env = func(k string) (string, bool) {
		if k == "MSPBOT_KNOWLEDGE_FILE" {
			return own, true
		}
		return "", false
	}
	out.Reset()
	if code := run(context.Background(), []string{"classify"}, strings.NewReader(`{"text":"Der Monitor ist kaputt, ersetzt ihr den?"}`), &out, &errb, env); code != 0 || !strings.Contains(out.String(), "fragen Sie Ihren Händler") {
		t.Fatalf("provider answer not used: %d %s %s", code, out.String(), errb.String())
	}
}

func TestEvalCommand(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "set.jsonl")
	_ = os.WriteFile(p, []byte(`{"text":"Mein Drucker ist kaputt, tauscht ihr den aus?","lang":"de","intent":"coverage","verdict":"excluded"}`+"\n"), 0o600)
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"eval", p}, nil, &out, &errb, noEnv); code != 0 || !strings.Contains(out.String(), "overall  n=1") {
		t.Fatalf("eval: %d %q %q", code, out.String(), errb.String())
	}
}

// BenchmarkClassifyCommand measures `mspbot classify` over 10,000 lines
// after start-up (one op = 10,000 messages).
func BenchmarkClassifyCommand(b *testing.B) {
	var in strings.Builder
	texts := []string{
		"Mein Monitor ist kaputt, wird der im Rahmen des Vertrags ersetzt?",
		"Can you install Office on our new laptops, is that covered?",
		"Bitte rufen Sie mich morgen zwischen 9 und 11 zurück.",
		"the server is slow and the fan is broken",
	}
	for i := range 10000 {
		fmt.Fprintf(&in, "{\"text\":%q}\n", texts[i%len(texts)])
	}
	data := in.String()
	b.ResetTimer()
	for b.Loop() {
		if code := run(context.Background(), []string{"classify"}, strings.NewReader(data), io.Discard, io.Discard, noEnv); code != 0 {
			b.Fatal("classify failed")
		}
	}
}
