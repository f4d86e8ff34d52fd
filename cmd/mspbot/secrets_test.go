package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mspbot/mspbot/config"
)

// The secrets the URL settings carry in these tests: a user name, a
// password and a query value. None may appear in any output.
const (
	urlUser = "urluser77"
	urlPass = "PASS91xyz"
	urlKey  = "SECRET53xyz"
)

var urlSecrets = []string{urlUser, urlPass, urlKey}

// closedAddr returns a loopback address nothing listens on.
func closedAddr(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(nil)
	addr := srv.Listener.Addr().String()
	srv.Close()
	return addr
}

// secretURLs are the URL settings with secrets in them, pointing
// at addr: REDIS_URL in go-redis's Sentinel form, the PSA webhook with
// user:password and ?apikey=, OPENAI_BASE_URL and the account webhook with
// user:password.
func secretURLs(addr string) map[string]string {
	cred := urlUser + ":" + urlPass + "@" + addr
	return map[string]string{
		"REDIS_URL":                     "redis://" + cred + "/0?master_name=m&password=" + urlKey,
		"MSPBOT_WEBHOOK_URL":            "http://" + cred + "/psa?apikey=" + urlKey,
		"MSPBOT_WEBHOOK_SECRET":         "0123456789abcdef-webhook",
		"OPENAI_API_KEY":                "test-openai-key",
		"OPENAI_BASE_URL":               "http://" + cred + "/v1?api-key=" + urlKey,
		"MSPBOT_ACCOUNT_WEBHOOK_URL":    "http://" + cred + "/accounts?token=" + urlKey,
		"MSPBOT_ACCOUNT_WEBHOOK_SECRET": "0123456789abcdef-accounts",
	}
}

func assertNoURLSecrets(t *testing.T, what, text string) {
	t.Helper()
	for _, s := range urlSecrets {
		if strings.Contains(text, s) {
			t.Errorf("%s shows %q:\n%s", what, s, text)
		}
	}
}

// TestConfigCheckHidesURLSecrets: `mspbot config check` prints every URL
// setting with its user info and secret parameters masked, and a bad URL
// is named in the error without its secrets.
func TestConfigCheckHidesURLSecrets(t *testing.T) {
	vars := secretURLs("db.example:26391")
	getenv := func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"config", "check"}, strings.NewReader(""), &out, &errb, getenv); code != 0 {
		t.Fatalf("config check = %d\n%s%s", code, out.String(), errb.String())
	}
	assertNoURLSecrets(t, "config check", out.String()+errb.String())
	for _, want := range []string{
		"REDIS_URL=redis://xxxxx@db.example:26391/0?master_name=m&password=xxxxx\t",
		"MSPBOT_WEBHOOK_URL=http://xxxxx@db.example:26391/psa?apikey=xxxxx\t",
		"OPENAI_BASE_URL=http://xxxxx@db.example:26391/v1?api-key=xxxxx\t",
		"MSPBOT_ACCOUNT_WEBHOOK_URL=http://xxxxx@db.example:26391/accounts?token=xxxxx\t",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("config check lacks %q:\n%s", want, out.String())
		}
	}

	vars["MSPBOT_WEBHOOK_URL"] = "ftp://" + urlUser + ":" + urlPass + "@psa.example/?apikey=" + urlKey
	vars["MSPBOT_ACCOUNT_WEBHOOK_URL"] = urlUser + ":" + urlPass + "@dir.example/?token=" + urlKey
	out.Reset()
	errb.Reset()
	if code := run(context.Background(), []string{"config", "check"}, strings.NewReader(""), &out, &errb, getenv); code != 2 {
		t.Fatalf("bad URLs: config check = %d", code)
	}
	if !strings.Contains(errb.String(), "MSPBOT_WEBHOOK_URL") || !strings.Contains(errb.String(), "MSPBOT_ACCOUNT_WEBHOOK_URL") {
		t.Errorf("the error does not name the bad settings:\n%s", errb.String())
	}
	assertNoURLSecrets(t, "config check of bad URLs", out.String()+errb.String())
}

// TestStartupLogHidesURLSecrets starts the binary with secrets in every URL
// setting, all pointing at a closed port: Redis in the Sentinel form, the
// PSA and account webhooks, the language model, the Slack Web API and the
// Teams OpenID metadata. Its start-up log, the retries of Redis, Slack and
// Teams (whose errors quote the URLs) and its standard output show none of
// them, and no JSON log line carries a key twice.
func TestStartupLogHidesURLSecrets(t *testing.T) {
	addr := closedAddr(t)
	env := []string{"MSPBOT_LOG_FORMAT=json", "MSPBOT_LOG_LEVEL=debug",
		"MSPBOT_SIGNING_KEY_FILE=" + filepath.Join(t.TempDir(), "signing-key.pem"),
		"SLACK_BOT_TOKEN=xoxb-test-token", "SLACK_SIGNING_SECRET=slack-signing-secret-0123",
		"MSPBOT_SLACK_API_URL=http://" + urlUser + ":" + urlPass + "@" + addr + "/api/?token=" + urlKey + "&x=/",
		"TEAMS_APP_ID=6b1f5d3e-3c1a-4b2e-9d7f-0a1b2c3d4e5f", "TEAMS_APP_PASSWORD=teams-secret", "MSPBOT_TEAMS_TENANT=9e8d7c6b-5a49-4382-b1a0-f1e2d3c4b5a6",
		"MSPBOT_TEAMS_OPENID_URL=http://" + urlUser + ":" + urlPass + "@" + addr + "/openid?sig=" + urlKey,
	}
	for k, v := range secretURLs(addr) {
		env = append(env, k+"="+v)
	}
	p := start(t, buildBinary(t), env...)
	waits := []string{`"using Redis"`, "does not answer; retrying", "cannot reach Slack yet", "cannot load the Teams signing keys yet"}
	deadline := time.Now().Add(20 * time.Second)
	for _, w := range waits {
		for !strings.Contains(p.stderr.String(), w) && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		if !strings.Contains(p.stderr.String(), w) {
			t.Fatalf("the log never said %s:\n%s", w, p.stderr)
		}
	}
	// Killed, not stopped: with every Sentinel unreachable the job runner
	// (asynq) takes minutes to shut down, which is not what this test is about.
	_ = p.cmd.Process.Kill()
	<-p.done
	logs := p.stderr.String()
	assertNoURLSecrets(t, "the start-up log", logs)
	assertNoURLSecrets(t, "standard output", p.stdout.String())
	if want := `"url":"redis://xxxxx@` + addr + `/0?master_name=m&password=xxxxx"`; !strings.Contains(logs, want) {
		t.Errorf("the start-up log does not name Redis as %s:\n%s", want, logs)
	}
	checkLogLines(t, logs)
}

// TestFailedDeliveriesHideURLSecrets wires the program on Redis with a PSA
// webhook and a language model that cannot be reached, their URLs full of
// secrets, and a plain JSON logger (so the packages' own masking is what is
// tested, not the program logger's): a filed ticket's failed delivery and an
// unsure question's failed model call are logged with their addresses, never
// their secrets.
func TestFailedDeliveriesHideURLSecrets(t *testing.T) {
	addr := closedAddr(t)
	urls := secretURLs(addr)
	s := newSecApp(t, "MSPBOT_WEBHOOK_URL", urls["MSPBOT_WEBHOOK_URL"], "MSPBOT_WEBHOOK_SECRET", urls["MSPBOT_WEBHOOK_SECRET"],
		"OPENAI_BASE_URL", urls["OPENAI_BASE_URL"], "MSPBOT_CONFIDENCE_THRESHOLD", "0.99", "MSPBOT_LLM_TIMEOUT", "3s")
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	defer func() { cancel(); wg.Wait() }()
	s.a.startJobs(ctx, &wg)

	s.say(t, "c-anna", "anna", "Bitte um Rückruf wegen VPN, ich bin Anna Schmidt, "+annaPhone+", so schnell wie möglich")
	if cb := secTicketRE.FindString(s.say(t, "c-anna", "anna", "ja")); cb == "" {
		t.Fatal("no ticket filed")
	}
	s.say(t, "c-bob", "bob", "Ist die Einrichtung neuer Laptops im Vertrag abgedeckt?")
	for _, msg := range []string{"ticket webhook delivery failed; will retry", "language model not used"} {
		deadline := time.Now().Add(10 * time.Second)
		for len(s.refusals(t, msg)) == 0 && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		recs := s.refusals(t, msg)
		if len(recs) == 0 {
			t.Fatalf("never logged %q:\n%s", msg, s.logs)
		}
		if err, _ := recs[0]["err"].(string); !strings.Contains(err, "xxxxx@"+addr) {
			t.Errorf("%q: err %q does not name the masked URL", msg, err)
		}
	}
	assertNoURLSecrets(t, "the log", s.logs.String())
}

// TestLoggerMasksURLs: the program's logger masks URL secrets in any
// string, error or *url.URL it is given, whoever logs them, in both formats.
func TestLoggerMasksURLs(t *testing.T) {
	for _, format := range []string{"json", "text"} {
		var b bytes.Buffer
		log := newLogger(&config.Config{LogLevel: "info", LogFormat: format}, &b)
		u, _ := url.Parse("https://" + urlUser + ":" + urlPass + "@h.example/x?token=" + urlKey)
		err := fmt.Errorf("slack auth.test: %w", &url.Error{Op: "Post", URL: u.String(), Err: errors.New("connection refused")})
		log.Info("a message naming http://"+urlUser+":"+urlPass+"@h.example/", "component", "test",
			"url", u.String(), "u", u, "err", err, "plain", "nothing to hide", "n", 3)
		log.With("base", u.String()).Warn("with")
		out := b.String()
		assertNoURLSecrets(t, format+" log", out)
		if !strings.Contains(out, "nothing to hide") || strings.Count(out, "xxxxx@h.example") < 5 {
			t.Errorf("%s log:\n%s", format, out)
		}
	}
}

// duplicateKeys returns the keys named twice in an object of the JSON text
// line, at any depth.
func duplicateKeys(line string) ([]string, error) {
	dec := json.NewDecoder(strings.NewReader(line))
	var dups []string
	var value func() error
	value = func() error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'):
			seen := map[string]bool{}
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return err
				}
				key, _ := k.(string)
				if seen[key] {
					dups = append(dups, key)
				}
				seen[key] = true
				if err := value(); err != nil {
					return err
				}
			}
			_, err = dec.Token()
			return err
		case json.Delim('['):
			for dec.More() {
				if err := value(); err != nil {
					return err
				}
			}
			_, err = dec.Token()
			return err
		}
		return nil
	}
	err := value()
	return dups, err
}

// checkLogLines fails t for each JSON log line that is not valid JSON or
// names a key twice (a logger With("component", …) and a call passing
// "component" again). Lines that are not JSON objects (go-redis writes its
// own) are skipped.
func checkLogLines(t *testing.T, logs string) {
	t.Helper()
	n := 0
	for line := range strings.SplitSeq(logs, "\n") {
		if line = strings.TrimSpace(line); !strings.HasPrefix(line, "{") {
			continue
		}
		n++
		dups, err := duplicateKeys(line)
		if err != nil {
			t.Errorf("log line is not JSON (%v): %s", err, line)
		}
		if len(dups) > 0 {
			t.Errorf("log line names %s twice: %s", strings.Join(dups, ", "), line)
		}
	}
	if n == 0 && strings.TrimSpace(logs) != "" {
		t.Errorf("no JSON log line in:\n%s", logs)
	}
}

func TestDuplicateKeysFound(t *testing.T) {
	for line, want := range map[string]string{
		`{"time":"t","msg":"m","component":"slack","component":"slack"}`: "component",
		`{"a":{"b":1,"b":2}}`:   "b",
		`{"a":[{"c":1,"c":1}]}`: "c",
		`{"a":1,"b":{"a":2}}`:   "",
	} {
		dups, err := duplicateKeys(line)
		if err != nil || strings.Join(dups, ",") != want {
			t.Errorf("duplicateKeys(%s) = %v, %v; want %q", line, dups, err, want)
		}
	}
}
