package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mspbot/mspbot/internal/redistest"
)

// binPath is the binary under test, built once by TestMain.
var binPath string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "mspbot-e2e")
	if err != nil {
		panic(err)
	}
	binPath = filepath.Join(dir, "mspbot")
	cmd := exec.Command("go", "build", "-o", binPath, ".")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		panic("go build: " + err.Error())
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

func buildBinary(t *testing.T) string { t.Helper(); return binPath }

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) WriteString(p string) { s.mu.Lock(); defer s.mu.Unlock(); s.b.WriteString(p) }

func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

type proc struct {
	cmd    *exec.Cmd
	url    string
	stdout *syncBuffer
	stderr *syncBuffer
	done   chan error
}

// start runs the binary with env and waits for it to print its address.
func start(t *testing.T, bin string, env ...string) *proc {
	t.Helper()
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), append([]string{"MSPBOT_HTTP_ADDR=127.0.0.1:0", "REDIS_URL=", "MSPBOT_CONFIG="}, env...)...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &proc{cmd: cmd, stdout: &syncBuffer{}, stderr: &syncBuffer{}, done: make(chan error, 1)}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	urlc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			line := sc.Text()
			p.stdout.WriteString(line + "\n")
			if u, ok := strings.CutPrefix(line, "mspbot web chat: "); ok {
				urlc <- strings.TrimSuffix(u, "/")
			}
		}
	}()
	go func() { p.done <- cmd.Wait() }()
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	select {
	case p.url = <-urlc:
	case err := <-p.done:
		t.Fatalf("mspbot exited before serving: %v\n%s", err, p.stderr)
	case <-time.After(20 * time.Second):
		t.Fatalf("mspbot printed no address:\n%s", p.stderr)
	}
	return p
}

func (p *proc) stop(t *testing.T) {
	t.Helper()
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.done:
		if err != nil {
			t.Fatalf("mspbot did not stop cleanly on SIGTERM: %v\n%s", err, p.stderr)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("mspbot did not stop on SIGTERM")
	}
}

func (p *proc) say(t *testing.T, conv, user, text string) []string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"conversation": conv, "user": user, "text": text})
	res, err := http.Post(p.url+"/api/messages", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Replies []struct{ Text string } `json:"replies"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode != 200 {
		t.Fatalf("POST /api/messages: %d %v", res.StatusCode, err)
	}
	var texts []string
	for _, r := range out.Replies {
		texts = append(texts, r.Text)
	}
	return texts
}

func (p *proc) history(t *testing.T, conv string) int {
	t.Helper()
	res, err := http.Get(p.url + "/api/conversations/" + conv + "/messages")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Messages []json.RawMessage `json:"messages"`
	}
	_ = json.NewDecoder(res.Body).Decode(&out)
	return len(out.Messages)
}

func TestEndToEndStateSurvivesRestart(t *testing.T) {
	redistest.Open(t, redistest.DBEndToEnd) // flushes the database
	bin := buildBinary(t)
	env := "REDIS_URL=" + redistest.DBURL(t, redistest.DBEndToEnd)

	p := start(t, bin, env)
	got := p.say(t, "c-1", "u-1", "Hallo")
	if len(got) != 1 || !strings.Contains(got[0], "Service-Assistent") {
		t.Fatalf("first greeting = %q, want the introduction", got)
	}
	if got := p.say(t, "c-1", "u-1", "Hello, what can you do?"); len(got) != 1 || !strings.Contains(got[0], "I can help with") {
		t.Fatalf("help in English = %q", got)
	}
	if got := p.say(t, "c-cb", "u-cb", "Bitte rufen Sie mich zurück, unser Drucker druckt nicht"); len(got) != 1 || !strings.Contains(got[0], "Wie ist Ihr Name?") {
		t.Fatalf("callback start = %q", got)
	}
	got = p.say(t, "c-1", "u-1", "Is replacing the broken hard disk in our server covered by the contract?")
	if len(got) != 1 || !strings.Contains(got[0], "not included") || !strings.Contains(got[0], "Source: ") {
		t.Fatalf("coverage answer = %q, want 'not included' with its source", got)
	}
	p.stop(t)

	p = start(t, bin, env)
	if strings.Contains(p.stdout.String(), "in memory") {
		t.Fatal("with REDIS_URL the bot claims to keep data in memory")
	}
	if n := p.history(t, "c-1"); n != 3 {
		t.Fatalf("after restart the conversation has %d messages, want 3", n)
	}
	// The callback dialogue goes on where it was before the restart.
	if got := p.say(t, "c-cb", "u-cb", "Anna Schmidt"); len(got) != 1 || !strings.Contains(got[0], "Telefonnummer") {
		t.Fatalf("callback after restart = %q: the dialogue was lost", got)
	}
	p.say(t, "c-cb", "u-cb", "040 696 450 99")
	if got := p.say(t, "c-cb", "u-cb", "so schnell wie möglich"); len(got) != 1 || !strings.Contains(got[0], "Soll ich das so aufnehmen?") {
		t.Fatalf("summary = %q", got)
	}
	if got := p.say(t, "c-cb", "u-cb", "ja"); len(got) != 1 || !strings.Contains(got[0], "CB-") {
		t.Fatalf("filing = %q", got)
	}
	if n := p.history(t, "staff"); n != 1 {
		t.Fatalf("staff conversation has %d messages, want the new ticket", n)
	}
	got = p.say(t, "c-1", "u-1", "Hallo, guten Tag")
	if len(got) != 1 || !strings.Contains(got[0], "Willkommen zurück") {
		t.Fatalf("greeting after restart = %q: the session was lost", got)
	}
	res, err := http.Get(p.url + "/readyz")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("/readyz: %v %v", err, res)
	}
	res.Body.Close()
	res, err = http.Get(p.url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	m, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !bytes.Contains(m, []byte(`mspbot_events_total{kind="message",outcome="ok",platform="web"} 5`)) {
		t.Fatalf("/metrics lacks the event count:\n%.2000s", m)
	}
	p.stop(t)
	if strings.Contains(p.stderr.String(), "Hallo") {
		t.Fatal("a message body reached the log")
	}
}

func TestEndToEndEmbeddedStore(t *testing.T) {
	bin := buildBinary(t)
	p := start(t, bin)
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(p.stdout.String(), "all data lives in memory") && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	if !strings.Contains(p.stdout.String(), "all data lives in memory") {
		t.Fatalf("embedded mode not announced:\n%s", p.stdout)
	}
	if got := p.say(t, "c-1", "u-1", "Hello, good morning"); len(got) != 1 || !strings.Contains(got[0], "service assistant") {
		t.Fatalf("embedded greeting = %q", got)
	}
	if got := p.say(t, "c-1", "u-1", "Hello"); len(got) != 1 || !strings.Contains(got[0], "Hello again") {
		t.Fatalf("embedded store lost the session: %q", got)
	}
	p.stop(t)
	logs := p.stderr.String()
	for _, want := range []string{"Slack is off: SLACK_BOT_TOKEN is not set", "Discord is off: DISCORD_BOT_TOKEN is not set"} {
		if strings.Count(logs, want) != 1 {
			t.Errorf("start-up should say %q once:\n%s", want, logs)
		}
	}
}

func TestEndToEndRedisDownAtStart(t *testing.T) {
	bin := buildBinary(t)
	p := start(t, bin, "REDIS_URL=redis://127.0.0.1:1/0")
	res, err := http.Get(p.url + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 503 {
		t.Fatalf("/readyz with Redis down = %d, want 503", res.StatusCode)
	}
	body, _ := json.Marshal(map[string]string{"conversation": "c", "user": "u", "text": "Hallo"})
	res, err = http.Post(p.url+"/api/messages", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 503 || !bytes.Contains(raw, []byte("temporarily unavailable")) {
		t.Fatalf("message with Redis down = %d %s", res.StatusCode, raw)
	}
	p.stop(t)
	if !strings.Contains(p.stderr.String(), "does not answer; retrying") || strings.Contains(p.stderr.String(), "goroutine ") {
		t.Fatalf("start-up with Redis down should log retries, not a stack trace:\n%s", p.stderr)
	}
}

func TestConfigCheck(t *testing.T) {
	env := func(m map[string]string) func(string) (string, bool) {
		return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
	}
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"config", "check"}, strings.NewReader(""), &out, &errb,
		env(map[string]string{"MSPBOT_API_TOKEN": "very-secret-token-123", "MSPBOT_STAFF_USERS": "alice"}))
	if code != 0 || !strings.Contains(out.String(), "MSPBOT_STAFF_USERS=alice") || strings.Contains(out.String(), "very-secret") {
		t.Fatalf("config check = %d\n%s%s", code, out.String(), errb.String())
	}
	out.Reset()
	errb.Reset()
	code = run(context.Background(), []string{"config", "check"}, strings.NewReader(""), &out, &errb,
		env(map[string]string{"MSPBOT_SESSION_TTL": "forever"}))
	if code != 2 || !strings.Contains(errb.String(), "MSPBOT_SESSION_TTL") {
		t.Fatalf("bad config = %d, stderr %q", code, errb.String())
	}
	if code := run(context.Background(), []string{"frobnicate"}, nil, &out, &errb, env(nil)); code != 2 {
		t.Fatalf("unknown command exit code %d", code)
	}
}

func TestChatREPL(t *testing.T) {
	var out, errb bytes.Buffer
	in := strings.NewReader("Hallo\n\nDanke!\nexit\nnot read\n")
	code := run(context.Background(), []string{"chat"}, in, &out, &errb, func(k string) (string, bool) {
		if k == "MSPBOT_LOG_LEVEL" {
			return "error", true
		}
		return "", false
	})
	if code != 0 {
		t.Fatalf("chat exit code %d: %s", code, errb.String())
	}
	s := out.String()
	if !strings.Contains(s, "bot: Hallo, ich bin der Service-Assistent") || !strings.Contains(s, "bot: Sehr gern") {
		t.Fatalf("REPL output:\n%s", s)
	}
}
