package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mspbot/mspbot/config"
	"github.com/mspbot/mspbot/internal/redistest"
	"github.com/mspbot/mspbot/internal/smtptest"
	"github.com/mspbot/mspbot/protocols"
	"github.com/mspbot/mspbot/redisstore"
)

type apiMsg struct {
	ID      string `json:"id"`
	Text    string `json:"text"`
	Buttons []struct {
		Action string `json:"action"`
		Value  string `json:"value"`
	} `json:"buttons"`
}

// api POSTs body to path and returns the bot's replies.
func (p *proc) api(t *testing.T, path string, body map[string]string) []apiMsg {
	t.Helper()
	b, _ := json.Marshal(body)
	res, err := http.Post(p.url+path, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Replies []apiMsg `json:"replies"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode != 200 {
		t.Fatalf("POST %s: %d %v", path, res.StatusCode, err)
	}
	return out.Replies
}

func texts(ms []apiMsg) string {
	var s []string
	for _, m := range ms {
		s = append(s, m.Text)
	}
	return strings.Join(s, "\n")
}

func wantIn(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Fatalf("lacks %q:\n%s", w, got)
		}
	}
}

// verifyCmd runs "mspbot protocol verify" as a process.
func verifyCmd(t *testing.T, bin string, env []string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"protocol", "verify"}, args...)...)
	cmd.Env = append(os.Environ(), append([]string{"MSPBOT_CONFIG=", "MSPBOT_LOG_LEVEL=error"}, env...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String() + errb.String(), code
}

// TestEndToEndProtocol runs a planning talk's protocol from draft to fully
// signed through the JSON API of the real binary, with a real SMTP server
// and real Redis, then checks it with "mspbot protocol verify" before and
// after tampering with it in Redis.
func TestEndToEndProtocol(t *testing.T) {
	rdb := redistest.Open(t, redistest.DBProtocols)
	bin := buildBinary(t)
	smtp := smtptest.Start(t, smtptest.Options{})
	keyFile := filepath.Join(t.TempDir(), "keys", "signing-key.pem")
	env := []string{
		"REDIS_URL=" + redistest.DBURL(t, redistest.DBProtocols),
		"MSPBOT_REDIS_PREFIX=e2ep",
		"MSPBOT_SIGNING_KEY_FILE=" + keyFile,
		"MSPBOT_ORGANIZATIONS=acme=web:@anna,web:@vera,web:@paul;beta=web:@bert",
		"MSPBOT_STAFF_USERS=paul",
		"MSPBOT_SMTP_HOST=" + smtp.Host, "MSPBOT_SMTP_PORT=" + itoa(smtp.Port), "MSPBOT_SMTP_FROM=Helpdesk <helpdesk@msp.example>", "MSPBOT_SMTP_TLS=none",
		"MSPBOT_PROTOCOL_REMINDER=2s",
	}
	p := start(t, bin, env...)
	msg := func(user, text string) string {
		return texts(p.api(t, "/api/messages", map[string]string{"conversation": "talk", "user": user, "text": text}))
	}
	wantIn(t, msg("anna", "Wir möchten das Planungsgespräch protokollieren"), "Ich lege das Protokoll PR-26-0001 an")
	wantIn(t, msg("anna", "Titel: Planungsgespräch ERP-Update\nDatum: 01.12.2026 10:00\nKunde: Muster GmbH\n"+
		"Unterzeichner Kunde: ich Anna Becker anna@muster.example\nUnterzeichner Hersteller: @vera Vera Vogt vera@erp.example\n"+
		"Unterzeichner Dienstleister: @paul Paul Pröll paul@msp.example\nEntscheidung: Das Update läuft am Samstag.\n"+
		"Aufgabe: Herr Vogt bis 10.12.: Testplan schicken"), "Notiert in PR-26-0001 (Version 2)")
	posted := p.api(t, "/api/messages", map[string]string{"conversation": "talk", "user": "anna", "text": "fertig"})
	if len(posted) != 1 || len(posted[0].Buttons) != 1 || posted[0].Buttons[0].Action != "protocol:sign" {
		t.Fatalf("protocol not posted for signing: %+v", posted)
	}
	wantIn(t, posted[0].Text, "Protokoll PR-26-0001, Version 2 – zur Unterschrift", "SHA-256: sha256:")

	// A non-signer's ✅ signs nothing; vera by reaction, anna by button.
	wantIn(t, texts(p.api(t, "/api/reactions", map[string]string{"conversation": "talk", "user": "bert", "message_id": posted[0].ID, "emoji": "✅"})), "nicht als Unterzeichner")
	wantIn(t, texts(p.api(t, "/api/reactions", map[string]string{"conversation": "talk", "user": "vera", "message_id": posted[0].ID, "emoji": "✅"})),
		"Vera Vogt (@vera) hat Version 2 von PR-26-0001 unterschrieben")
	wantIn(t, texts(p.api(t, "/api/buttons", map[string]string{"conversation": "talk", "user": "anna", "message_id": posted[0].ID,
		"action": "protocol:sign", "value": posted[0].Buttons[0].Value})), "Anna Becker (@anna) hat Version 2")

	// After MSPBOT_PROTOCOL_REMINDER the missing signer is reminded, once.
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(p.transcript(t, "talk"), "Erinnerung") && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	wantIn(t, p.transcript(t, "talk"), "⏰ Erinnerung: Das Protokoll PR-26-0001", "Paul Pröll (@paul)")

	got := msg("paul", "unterschreiben")
	wantIn(t, got, "Das Protokoll PR-26-0001 ist verbindlich", "per E-Mail erhalten (anna@muster.example, vera@erp.example, paul@msp.example)")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	mails, err := smtp.Wait(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := mails[0].Parse()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, part := range parsed.Parts {
		if part.Attachment {
			names = append(names, part.Filename+" "+part.MediaType)
		}
	}
	if strings.Join(names, ",") != "PR-26-0001-v2.md text/markdown,PR-26-0001-v2.pdf application/pdf" {
		t.Fatalf("attachments %v", names)
	}
	wantIn(t, msg("anna", "Wo finde ich das unterschriebene Protokoll?"), "PR-26-0001 – Planungsgespräch ERP-Update", "verbindlich unterschrieben")
	if got := texts(p.api(t, "/api/messages", map[string]string{"conversation": "beta", "user": "bert", "text": "Wo finde ich das unterschriebene Protokoll?"})); strings.Contains(got, "PR-26-0001") {
		t.Fatalf("another client found the protocol: %s", got)
	}
	p.stop(t)

	// The key file was made private; the key never reached the log.
	st, err := os.Stat(keyFile)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", st, err)
	}
	pemBytes, _ := os.ReadFile(keyFile)
	body := strings.Join(strings.Split(string(pemBytes), "\n")[1:2], "")
	if body == "" || strings.Contains(p.stderr.String(), body) || !strings.Contains(p.stderr.String(), "fingerprint=ed25519:") {
		t.Fatalf("key logged or fingerprint not logged:\n%s", p.stderr)
	}

	out, code := verifyCmd(t, bin, env)
	if code != 0 || !strings.Contains(out, "PR-26-0001 valid: version 2, complete") || !strings.Contains(out, "1 valid, 0 tampered") {
		t.Fatalf("verify = %d\n%s", code, out)
	}
	// Tamper with the stored content directly in Redis.
	keys := redisstore.Keys{Prefix: "e2ep"}
	d, err := rdb.HGet(context.Background(), keys.Protocol("PR-26-0001"), "d").Result()
	if err != nil {
		t.Fatal(err)
	}
	rdb.HSet(context.Background(), keys.Protocol("PR-26-0001"), "d", strings.Replace(d, "am Samstag", "am Sonntag", 1))
	out, code = verifyCmd(t, bin, env, "PR-26-0001")
	if code != 1 || !strings.Contains(out, "PR-26-0001 TAMPERED") || !strings.Contains(out, "the content of PR-26-0001 was changed outside the bot") {
		t.Fatalf("verify after tampering = %d\n%s", code, out)
	}
	if out, code := verifyCmd(t, bin, env, "PR-26-0099"); code != 2 || !strings.Contains(out, "not found") {
		t.Fatalf("verify of a missing protocol = %d\n%s", code, out)
	}
}

func (p *proc) transcript(t *testing.T, conv string) string {
	t.Helper()
	res, err := http.Get(p.url + "/api/conversations/" + conv + "/messages")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Messages []apiMsg `json:"messages"`
	}
	_ = json.NewDecoder(res.Body).Decode(&out)
	return texts(out.Messages)
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestSigningKeySettings(t *testing.T) {
	env := func(m map[string]string) func(string) (string, bool) {
		return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
	}
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"protocol", "verify"}, nil, &out, &errb, env(map[string]string{"MSPBOT_SIGNING_KEY": "not-a-key"})); code != 2 || !strings.Contains(errb.String(), "MSPBOT_SIGNING_KEY: is not an Ed25519 private key") {
		t.Fatalf("bad key: %d %s", code, errb.String())
	}
	errb.Reset()
	if code := run(context.Background(), []string{"protocol", "verify"}, nil, &out, &errb, env(map[string]string{"MSPBOT_PROTOCOL_REMINDER": "0s"})); code != 2 || !strings.Contains(errb.String(), "MSPBOT_PROTOCOL_REMINDER") {
		t.Fatalf("bad reminder: %d %s", code, errb.String())
	}
	errb.Reset()
	if code := run(context.Background(), []string{"protocol", "check"}, nil, &out, &errb, env(nil)); code != 2 || !strings.Contains(errb.String(), "usage: mspbot protocol verify") {
		t.Fatalf("usage: %d %s", code, errb.String())
	}
	// verify never creates a key: without one it says so.
	errb.Reset()
	missing := filepath.Join(t.TempDir(), "none.pem")
	if code := run(context.Background(), []string{"protocol", "verify"}, nil, &out, &errb, env(map[string]string{"MSPBOT_SIGNING_KEY_FILE": missing})); code != 2 || !strings.Contains(errb.String(), "none.pem") {
		t.Fatalf("no key: %d %s", code, errb.String())
	}
	if _, err := os.Stat(missing); err == nil {
		t.Fatal("verify created a key file")
	}

	// The server creates the file once (0600) and reads the same key later;
	// a base64 seed in MSPBOT_SIGNING_KEY is used as given.
	path := filepath.Join(t.TempDir(), "d", "k.pem")
	cfg, err := config.Load(env(map[string]string{"MSPBOT_SIGNING_KEY_FILE": path}))
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	log := newLogger(cfg, &logs)
	k1, err := signingKey(cfg, log, true)
	if err != nil {
		t.Fatal(err)
	}
	k2, err := signingKey(cfg, log, true)
	if err != nil || !k1.Equal(k2) {
		t.Fatalf("second start got another key: %v", err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v", st.Mode().Perm())
	}
	if dir, _ := os.Stat(filepath.Dir(path)); dir.Mode().Perm() != 0o700 {
		t.Fatalf("key directory mode %v", dir.Mode().Perm())
	}
	if strings.Count(logs.String(), "generated a new protocol signing key") != 1 {
		t.Fatalf("logs:\n%s", logs.String())
	}
	seed := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32))
	cfg, err = config.Load(env(map[string]string{"MSPBOT_SIGNING_KEY": seed}))
	if err != nil {
		t.Fatal(err)
	}
	k3, err := signingKey(cfg, log, true)
	if err != nil || !k3.Equal(ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, 32))) || !strings.Contains(logs.String(), protocols.KeyFingerprint(k3.Public().(ed25519.PublicKey))) {
		t.Fatalf("seed key: %v", err)
	}
	var printed strings.Builder
	_ = cfg.Print(&printed)
	if strings.Contains(printed.String(), seed) || strings.Contains(logs.String(), seed) {
		t.Fatal("the signing key was printed or logged")
	}
}
