package main

import (
	"bytes"
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/mspbot/mspbot/bot/console"
	"github.com/mspbot/mspbot/config"
)

// TestRedisDownAtStartSaysSoOnce starts the binary against a Redis that
// does not answer: stderr gets one plain warning naming the address (no
// password), none of go-redis's pool.go lines and nothing from the job
// runner; once a redis-server listens on that port, one line says Redis
// answers again and /readyz turns ready.
func TestRedisDownAtStartSaysSoOnce(t *testing.T) {
	if _, err := exec.LookPath("redis-server"); err != nil {
		t.Skip("redis-server not installed (scripts/test installs it)")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	r := &redisServer{t: t, port: port, dir: t.TempDir()}
	t.Cleanup(r.kill)

	p := start(t, buildBinary(t), "REDIS_URL=redis://:hunter2hunter2@"+net.JoinHostPort("127.0.0.1", itoa(port))+"/0",
		"MSPBOT_SIGNING_KEY_FILE="+t.TempDir()+"/key.pem", "MSPBOT_VISITOR_KEY_FILE="+t.TempDir()+"/visitor")
	// Let the retries run a few rounds (they start at 250 ms and double).
	waitFor(t, 20*time.Second, func() bool { return strings.Contains(p.stderr.String(), "does not answer") })
	time.Sleep(4 * time.Second)
	logs := p.stderr.String()
	if n := strings.Count(logs, "does not answer"); n != 1 {
		t.Errorf("%d lines say Redis does not answer, want exactly 1:\n%s", n, logs)
	}
	want := "Redis at 127.0.0.1:" + itoa(port) + " does not answer; retrying"
	for _, bad := range []string{"pool.go", "component=asynq", "component=jobs", "level=ERROR", "hunter2"} {
		if strings.Contains(logs, bad) {
			t.Errorf("with Redis down stderr has %q:\n%s", bad, logs)
		}
	}
	if !strings.Contains(logs, want) {
		t.Errorf("stderr lacks %q:\n%s", want, logs)
	}
	if code := readyz(t, p.url); code != http.StatusServiceUnavailable {
		t.Errorf("/readyz with Redis down = %d, want 503", code)
	}

	r.start()
	waitFor(t, 30*time.Second, func() bool { return strings.Contains(p.stderr.String(), "answers again") })
	waitFor(t, 10*time.Second, func() bool { return readyz(t, p.url) == http.StatusOK })
	if got := p.say(t, "redis-back", "u1", "Hallo"); len(got) == 0 {
		t.Error("no answer once Redis is back")
	}
	p.stop(t)
	logs = p.stderr.String()
	if n := strings.Count(logs, "answers again"); n != 1 {
		t.Errorf("%d lines say Redis answers again, want 1:\n%s", n, logs)
	}
	if strings.Contains(logs, "pool.go") || strings.Contains(logs, "hunter2") {
		t.Errorf("stderr has go-redis's lines or the password:\n%s", logs)
	}
}

func readyz(t *testing.T, base string) int {
	t.Helper()
	res, err := http.Get(base + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// waitFor polls cond until it holds or the limit passes (a bound against
// hanging, not a timing assertion).
func waitFor(t *testing.T, limit time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting after %s", limit)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestConfigCheckNamesEveryBadSetting: mspbot config check prints every
// unreadable and every invalid value, each with its setting, and exits 2.
func TestConfigCheckNamesEveryBadSetting(t *testing.T) {
	vals := map[string]string{
		"MSPBOT_SESSION_TTL":  "soon",
		"MSPBOT_RATE_USER":    "many",
		"MSPBOT_HTTP_ADDR":    ":99999",
		"MSPBOT_DEFAULT_LANG": "fr",
		"MSPBOT_SMTP_PORT":    "70000",
	}
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"config", "check"}, strings.NewReader(""), &out, &errb,
		func(k string) (string, bool) { v, ok := vals[k]; return v, ok })
	if code != 2 {
		t.Fatalf("config check exit code %d, want 2\n%s", code, errb.String())
	}
	for name := range vals {
		if !strings.Contains(errb.String(), "\n"+name+": ") {
			t.Errorf("config check does not name %s:\n%s", name, errb.String())
		}
	}
}

// TestChatLogsStayOutOfTheConversation: chatting in a terminal, log
// messages go to a file the greeting names (or, when it cannot be opened,
// only warnings reach the terminal); MSPBOT_LOG_LEVEL set, or stderr not
// a terminal, keeps them on stderr.
func TestChatLogsStayOutOfTheConversation(t *testing.T) {
	load := func(vals map[string]string) *config.Config {
		cfg, err := config.Load(func(k string) (string, bool) { v, ok := vals[k]; return v, ok })
		if err != nil {
			t.Fatal(err)
		}
		return cfg
	}
	dir := t.TempDir()
	var stderr bytes.Buffer
	log, note, done := chatLogs(load(nil), &stderr, true, dir)
	log.Info("an info line")
	done()
	raw, err := os.ReadFile(filepath.Join(dir, "mspbot.log"))
	if err != nil || !strings.Contains(string(raw), "an info line") || stderr.Len() != 0 || note.LogFile != filepath.Join(dir, "mspbot.log") {
		t.Errorf("terminal chat: file %q (%v), stderr %q, note %+v; want the line in the file only, named in the greeting", raw, err, stderr.String(), note)
	}

	blocked := filepath.Join(t.TempDir(), "a-file")
	_ = os.WriteFile(blocked, nil, 0o600)
	stderr.Reset()
	log, note, done = chatLogs(load(nil), &stderr, true, blocked)
	log.Info("an info line")
	log.Warn("a warning")
	done()
	if strings.Contains(stderr.String(), "an info line") || !strings.Contains(stderr.String(), "a warning") || !note.WarningsOnly {
		t.Errorf("no log file: stderr %q, note %+v; want warnings only, said so", stderr.String(), note)
	}

	for _, tc := range []struct {
		vals     map[string]string
		terminal bool
	}{{map[string]string{"MSPBOT_LOG_LEVEL": "info"}, true}, {nil, false}} {
		stderr.Reset()
		log, note, done = chatLogs(load(tc.vals), &stderr, tc.terminal, t.TempDir())
		log.Info("an info line")
		done()
		if !strings.Contains(stderr.String(), "an info line") || note != (console.Terminal{}) {
			t.Errorf("%v terminal=%v: stderr %q, note %+v; want logs on stderr as always", tc.vals, tc.terminal, stderr.String(), note)
		}
	}
}

// TestChatGreets: mspbot chat greets in the language of LANG and says how
// to leave before the first prompt.
func TestChatGreets(t *testing.T) {
	for lang, want := range map[string]string{"de_DE.UTF-8": "Beenden mit exit oder Strg-D", "en_US.UTF-8": "Leave with exit or Ctrl-D"} {
		var out, errb bytes.Buffer
		vals := map[string]string{"LANG": lang, "MSPBOT_LOG_LEVEL": "error"}
		code := run(context.Background(), []string{"chat"}, strings.NewReader("exit\n"), &out, &errb,
			func(k string) (string, bool) { v, ok := vals[k]; return v, ok })
		if code != 0 || !strings.Contains(out.String(), want) || strings.Index(out.String(), want) > strings.Index(out.String(), "> ") {
			t.Errorf("LANG=%s: exit %d, output %q; want %q before the prompt", lang, code, out.String(), want)
		}
	}
}

// TestDockerImageCarriesTheVersion reads the Dockerfile, docker-compose.yml
// and .dockerignore (Docker does not run here): the build stage takes a
// VERSION argument and links it into the variable `mspbot version` prints,
// compose passes it, and the build context leaves out history and secrets.
func TestDockerImageCarriesTheVersion(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "main.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.VAR {
			for _, spec := range g.Specs {
				for _, n := range spec.(*ast.ValueSpec).Names {
					found = found || n.Name == "version"
				}
			}
		}
	}
	if !found {
		t.Fatal("package main has no variable version for -X main.version")
	}
	var out bytes.Buffer
	if run(context.Background(), []string{"version"}, nil, &out, &out, nil) != 0 || out.String() != "mspbot "+version+"\n" {
		t.Fatalf("mspbot version prints %q, not the variable", out.String())
	}

	docker, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	d := string(docker)
	arg, build := strings.Index(d, "ARG VERSION"), strings.Index(d, "-X main.version=${VERSION}")
	if arg < 0 || build < 0 || arg > build || !strings.Contains(d[build-200:build], "go build") {
		t.Errorf("the Dockerfile should declare ARG VERSION and build with -ldflags \"-X main.version=${VERSION}\":\n%s", d)
	}

	compose, err := os.ReadFile("../../docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Services map[string]struct {
			Build struct {
				Context string            `yaml:"context"`
				Args    map[string]string `yaml:"args"`
			} `yaml:"build"`
		} `yaml:"services"`
	}
	if err := yaml.Unmarshal(compose, &c); err != nil {
		t.Fatal(err)
	}
	if b := c.Services["mspbot"].Build; b.Context != "." || !strings.Contains(b.Args["VERSION"], "MSPBOT_VERSION") {
		t.Errorf("docker-compose.yml should build mspbot from . with args VERSION: ${MSPBOT_VERSION:-dev}, got %+v", b)
	}

	ignore, err := os.ReadFile("../../.dockerignore")
	if err != nil {
		t.Fatal(err)
	}
	lines := map[string]bool{}
	for _, l := range strings.Split(string(ignore), "\n") {
		lines[strings.TrimSpace(l)] = true
	}
	for _, want := range []string{".git", ".env", "**/node_modules", "*.test", "dist"} {
		if !lines[want] {
			t.Errorf(".dockerignore does not list %s", want)
		}
	}
	for _, needed := range []string{"go.mod", "go.sum", "cmd", "knowledge", "*.go", "bot"} {
		if lines[needed] {
			t.Errorf(".dockerignore leaves out %s, which the build needs", needed)
		}
	}
}

// TestNoMailSaysSoInChat holds the README's claim: without an SMTP server
// the bot says, where an e-mail would have gone, that none was sent: when a
// vendor appointment is held and approved, and when a protocol is signed.
func TestNoMailSaysSoInChat(t *testing.T) {
	p := start(t, buildBinary(t), "MSPBOT_STAFF_USERS=alice", "MSPBOT_SMTP_HOST=",
		"MSPBOT_SIGNING_KEY_FILE="+t.TempDir()+"/key.pem", "MSPBOT_VISITOR_KEY_FILE="+t.TempDir()+"/visitor")
	say := func(conv, user, text string) string {
		return texts(p.api(t, "/api/messages", map[string]string{"conversation": conv, "user": user, "text": text}))
	}

	day := time.Now().AddDate(0, 0, 21)
	for day.Weekday() != time.Wednesday {
		day = day.AddDate(0, 0, 1)
	}
	offer := say("c-vendor", "ben", "Our vendor DATEV needs access to SRV-01 for the annual update, about 2 hours, no admin rights, on "+
		day.Format("2 January 2006")+" in the morning. My e-mail: ben@muster.example, vendor contact: support@datev.example")
	wantIn(t, offer, "1)")
	held := say("c-vendor", "ben", "1")
	wantIn(t, held, "you will get the confirmation here in the chat")
	var staffMsg string
	for _, m := range p.messages(t, "staff") {
		if strings.Contains(m.Text, "VA-") {
			staffMsg = m.ID
		}
	}
	if staffMsg == "" {
		t.Fatal("no staff notification of the held appointment")
	}
	p.api(t, "/api/reactions", map[string]string{"conversation": "staff", "user": "alice", "message_id": staffMsg, "emoji": "white_check_mark"})
	waitFor(t, 10*time.Second, func() bool { return strings.Contains(p.transcript(t, "c-vendor"), "is approved") })
	wantIn(t, p.transcript(t, "c-vendor"), "This system sends no e-mail confirmations; please pass the appointment on to the vendor")

	say("c-proto", "u-p1", "start a meeting protocol")
	say("c-proto", "u-p1", "Title: ERP update planning\nDate: 2026-12-10\nSigner: @u-p1\nDecision: The update runs on a Wednesday.")
	say("c-proto", "u-p1", "done")
	wantIn(t, say("c-proto", "u-p1", "sign"), "is binding", "E-mail is not set up: the signed protocol was not sent by e-mail")
}
