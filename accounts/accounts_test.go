package accounts_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mspbot/mspbot/accounts"
)

const secret = "0123456789abcdef-test"

var req = accounts.Request{AppointmentID: "VA-26-0007", Vendor: "DATEV eG", Account: "ext-datev",
	System: "srv-fibu01", Admin: true, Until: time.Date(2026, 12, 10, 11, 0, 0, 0, time.UTC)}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return c
}

type received struct {
	body []byte
	hdr  http.Header
}

func TestWebhook(t *testing.T) {
	var mu sync.Mutex
	var got []received
	status := http.StatusNoContent
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, received{b, r.Header.Clone()})
		s := status
		mu.Unlock()
		if r.Method != http.MethodPost {
			s = http.StatusMethodNotAllowed
		}
		w.WriteHeader(s)
		_, _ = io.WriteString(w, strings.Repeat("directory says no. ", 100))
	}))
	defer srv.Close()
	now := time.Date(2026, 12, 10, 9, 0, 1, 0, time.UTC)
	w, err := accounts.NewWebhook(accounts.WebhookOptions{URL: srv.URL + "/hook", Secret: secret, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Enable(ctx(t), req); err != nil {
		t.Fatal(err)
	}
	if err := w.Disable(ctx(t), req); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	if len(got) != 2 {
		t.Fatalf("%d requests", len(got))
	}
	for i, action := range []string{"enable", "disable"} {
		r := got[i]
		if sig := r.hdr.Get("X-Mspbot-Signature"); sig != accounts.Sign(secret, r.body) || !strings.HasPrefix(sig, "sha256=") {
			t.Fatalf("signature %q does not match the body", sig)
		}
		if k := r.hdr.Get("Idempotency-Key"); k != "VA-26-0007|"+action+"|1796900400" {
			t.Fatalf("idempotency key %q", k)
		}
		var m map[string]any
		if err := json.Unmarshal(r.body, &m); err != nil {
			t.Fatal(err)
		}
		want := map[string]any{"action": action, "appointment_id": "VA-26-0007", "vendor": "DATEV eG", "account": "ext-datev",
			"system": "srv-fibu01", "admin": true, "until": "2026-12-10T11:00:00Z", "sent_at": "2026-12-10T09:00:01Z"}
		for k, v := range want {
			if m[k] != v {
				t.Errorf("%s: body[%q] = %v, want %v (%s)", action, k, m[k], v, r.body)
			}
		}
		if len(m) != len(want) {
			t.Errorf("body has extra fields: %s", r.body)
		}
	}
	status = http.StatusBadGateway
	mu.Unlock()
	err = w.Disable(ctx(t), req)
	if err == nil || !strings.Contains(err.Error(), "HTTP 502") || !strings.Contains(err.Error(), "truncated") || len(err.Error()) > 500 || errors.Is(err, accounts.ErrRejected) {
		t.Fatalf("502: %v", err)
	}
	mu.Lock()
	status = http.StatusNotFound
	mu.Unlock()
	if err := w.Disable(ctx(t), req); !errors.Is(err, accounts.ErrRejected) {
		t.Fatalf("404: %v, want ErrRejected", err)
	}
	// A forged signature is what a receiver would check against.
	if accounts.Sign("another-secret-0000", got[0].body) == got[0].hdr.Get("X-Mspbot-Signature") {
		t.Fatal("signature does not depend on the secret")
	}
}

func TestWebhookTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	w, err := accounts.NewWebhook(accounts.WebhookOptions{URL: srv.URL, Secret: secret, Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Enable(ctx(t), req); err == nil || !strings.Contains(err.Error(), "deadline") {
		t.Fatalf("hanging server: %v, want a timeout", err)
	}
}

// TestWebhookErrorsHideURLSecrets: when the directory cannot be reached,
// neither the warning nor the returned error (which goes on to the job
// log, the appointment's record and the staff room) shows the URL's
// password or its ?apikey=; a bad URL is refused without quoting them.
func TestWebhookErrorsHideURLSecrets(t *testing.T) {
	down := httptest.NewServer(nil)
	addr := down.Listener.Addr().String()
	down.Close()
	var logs strings.Builder
	w, err := accounts.NewWebhook(accounts.WebhookOptions{URL: "http://dir-user:PASSWORD123@" + addr + "/hook?apikey=SECRET456",
		Secret: secret, Logger: slog.New(slog.NewJSONHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	err = w.Enable(ctx(t), req)
	var opErr *net.OpError
	if err == nil || !errors.As(err, &opErr) {
		t.Fatalf("unreachable directory: %v, want the dial error inside", err)
	}
	for _, text := range []string{err.Error(), logs.String()} {
		if strings.Contains(text, "PASSWORD123") || strings.Contains(text, "SECRET456") || strings.Contains(text, "dir-user") {
			t.Errorf("secret shown: %s", text)
		}
		if !strings.Contains(text, "xxxxx@"+addr+"/hook?apikey=xxxxx") {
			t.Errorf("masked URL missing: %s", text)
		}
	}
	_, err = accounts.NewWebhook(accounts.WebhookOptions{URL: "ftp://dir-user:PASSWORD123@dir.example/?token=SECRET456", Secret: secret})
	if err == nil || strings.Contains(err.Error(), "PASSWORD123") || strings.Contains(err.Error(), "SECRET456") {
		t.Errorf("bad URL refused as %v", err)
	}
}

func TestWebhookOptions(t *testing.T) {
	for _, o := range []accounts.WebhookOptions{{URL: "ftp://x", Secret: secret}, {URL: "https://dir.example/hook", Secret: "short"}, {Secret: secret}} {
		if _, err := accounts.NewWebhook(o); !errors.Is(err, accounts.ErrInvalid) {
			t.Errorf("NewWebhook(%+v) = %v", o, err)
		}
	}
}

// script copies testdata/account.sh to a fresh directory with its
// executable bit set and returns its path and the output file it writes.
func script(t *testing.T) (path, out string) {
	t.Helper()
	b, err := os.ReadFile("testdata/account.sh")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path = filepath.Join(dir, "account.sh")
	if err := os.WriteFile(path, b, 0o755); err != nil {
		t.Fatal(err)
	}
	return path, filepath.Join(dir, "out.txt")
}

func TestCommand(t *testing.T) {
	t.Setenv("MSPBOT_SMTP_PASSWORD", "must-not-leak")
	path, out := script(t)
	c, err := accounts.NewCommand(accounts.CommandOptions{Path: path, Env: []string{"OUT=" + out}, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Enable(ctx(t), req); err != nil {
		t.Fatal(err)
	}
	r := req
	r.Account, r.Admin, r.Until = "ext; rm -rf / $(reboot)", false, time.Time{}
	if err := c.Disable(ctx(t), r); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want := "args=enable|ext-datev|srv-fibu01|VA-26-0007\n" +
		"action=enable name=ext-datev system=srv-fibu01 vendor=DATEV eG appointment=VA-26-0007 admin=true until=2026-12-10T11:00:00Z\n" +
		"secret=\n" +
		"args=disable|ext; rm -rf / $(reboot)|srv-fibu01|VA-26-0007\n" +
		"action=disable name=ext; rm -rf / $(reboot) system=srv-fibu01 vendor=DATEV eG appointment=VA-26-0007 admin=false until=\n" +
		"secret=\n"
	if string(b) != want {
		t.Fatalf("the command saw:\n%s\nwant:\n%s", b, want)
	}
}

func TestCommandFailure(t *testing.T) {
	path, out := script(t)
	c, err := accounts.NewCommand(accounts.CommandOptions{Path: path, Env: []string{"OUT=" + out}, Timeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	r := req
	r.Account = "fail"
	err = c.Disable(ctx(t), r)
	if err == nil || !strings.Contains(err.Error(), "exit status 3") || !strings.Contains(err.Error(), "cannot reach the domain controller") ||
		!strings.Contains(err.Error(), "truncated") || len(err.Error()) > 800 {
		t.Fatalf("failing command: %v", err)
	}
	r.Account = "hang"
	start := time.Now()
	err = c.Disable(ctx(t), r)
	if err == nil || !strings.Contains(err.Error(), "no result within 300ms") {
		t.Fatalf("hanging command: %v", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("hanging command took %s to give up", d)
	}
	if _, err := accounts.NewCommand(accounts.CommandOptions{Path: filepath.Join(t.TempDir(), "missing")}); !errors.Is(err, accounts.ErrInvalid) {
		t.Fatalf("missing executable: %v", err)
	}
}

func TestInvalidRequests(t *testing.T) {
	l := &accounts.LogOnly{}
	for _, r := range []accounts.Request{{Account: "x"}, {AppointmentID: "VA-1"}, {AppointmentID: "VA-1", Account: "-rf"}, {AppointmentID: "VA-1", Account: "a\nb"}} {
		if err := l.Enable(ctx(t), r); !errors.Is(err, accounts.ErrInvalid) {
			t.Errorf("Enable(%+v) = %v", r, err)
		}
	}
	if n := len(l.Calls()); n != 0 {
		t.Fatalf("%d invalid calls recorded", n)
	}
}

func TestLogOnlyAndSettings(t *testing.T) {
	a, kind, err := accounts.FromSettings("", "", "", nil)
	if err != nil || kind != "log-only" {
		t.Fatalf("%v %q %v", a, kind, err)
	}
	l := a.(*accounts.LogOnly)
	_ = l.Enable(ctx(t), req)
	_ = l.Disable(ctx(t), req)
	calls := l.Calls()
	if len(calls) != 2 || calls[0].Action != "enable" || calls[1].Action != "disable" || calls[1].Request != req {
		t.Fatalf("calls %+v", calls)
	}
	if _, _, err := accounts.FromSettings("https://dir.example/hook", secret, "/bin/true", nil); !errors.Is(err, accounts.ErrInvalid) {
		t.Fatalf("both set: %v", err)
	}
	if _, kind, err := accounts.FromSettings("https://dir.example/hook", secret, "", nil); err != nil || kind != "webhook" {
		t.Fatalf("webhook: %q %v", kind, err)
	}
	path, _ := script(t)
	if _, kind, err := accounts.FromSettings("", "", path, nil); err != nil || kind != "command" {
		t.Fatalf("command: %q %v", kind, err)
	}
}
