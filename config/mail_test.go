package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMailAndAccountSettings(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.SMTPHost != "" || c.SMTPPort != 587 || c.SMTPTLS != "starttls" || c.AccountWebhookURL != "" || c.AccountCommand != "" {
		t.Fatalf("mail/account defaults: %+v", c)
	}
	dir := t.TempDir()
	exe := filepath.Join(dir, "account.sh")
	if err := os.WriteFile(exe, []byte("#!/bin/sh\nexit 0\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(plain, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	good := []map[string]string{
		{"MSPBOT_SMTP_HOST": "mail.msp.example", "MSPBOT_SMTP_FROM": "Helpdesk <helpdesk@msp.example>", "MSPBOT_SMTP_USERNAME": "bot", "MSPBOT_SMTP_PASSWORD": "pw"},
		{"MSPBOT_SMTP_HOST": "mail.msp.example", "MSPBOT_SMTP_FROM": "helpdesk@msp.example", "MSPBOT_SMTP_TLS": "TLS", "MSPBOT_SMTP_PORT": "465"},
		{"MSPBOT_SMTP_HOST": "relay", "MSPBOT_SMTP_FROM": "helpdesk@msp.example", "MSPBOT_SMTP_TLS": "none"},
		{"MSPBOT_SMTP_HOST": "127.0.0.1", "MSPBOT_SMTP_FROM": "helpdesk@msp.example", "MSPBOT_SMTP_TLS": "none", "MSPBOT_SMTP_USERNAME": "bot"},
		{"MSPBOT_ACCOUNT_WEBHOOK_URL": "https://dir.msp.example/vendor-accounts", "MSPBOT_ACCOUNT_WEBHOOK_SECRET": "0123456789abcdef"},
		{"MSPBOT_ACCOUNT_COMMAND": exe},
	}
	for _, e := range good {
		if _, err := Load(env(e)); err != nil {
			t.Errorf("Load(%v): %v", e, err)
		}
	}
	cases := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"MSPBOT_SMTP_HOST": "mail.msp.example"}, "MSPBOT_SMTP_FROM: must be set"},
		{map[string]string{"MSPBOT_SMTP_HOST": "mail.msp.example", "MSPBOT_SMTP_FROM": "helpdesk"}, "MSPBOT_SMTP_FROM: \"helpdesk\" is not an e-mail address"},
		{map[string]string{"MSPBOT_SMTP_HOST": "mail.msp.example:587", "MSPBOT_SMTP_FROM": "a@b.example"}, "MSPBOT_SMTP_HOST"},
		{map[string]string{"MSPBOT_SMTP_FROM": "a@b.example"}, "MSPBOT_SMTP_HOST: must be set when MSPBOT_SMTP_FROM"},
		{map[string]string{"MSPBOT_SMTP_TLS": "ssl"}, "MSPBOT_SMTP_TLS"},
		{map[string]string{"MSPBOT_SMTP_PORT": "70000"}, "MSPBOT_SMTP_PORT"},
		{map[string]string{"MSPBOT_SMTP_PORT": "smtp"}, "MSPBOT_SMTP_PORT"},
		{map[string]string{"MSPBOT_SMTP_HOST": "mail.msp.example", "MSPBOT_SMTP_FROM": "a@b.example", "MSPBOT_SMTP_TLS": "none", "MSPBOT_SMTP_USERNAME": "bot", "MSPBOT_SMTP_PASSWORD": "pw"}, "password in clear"},
		{map[string]string{"MSPBOT_SMTP_HOST": "mail.msp.example", "MSPBOT_SMTP_FROM": "a@b.example", "MSPBOT_SMTP_PASSWORD": "pw"}, "MSPBOT_SMTP_USERNAME: must be set"},
		{map[string]string{"MSPBOT_ACCOUNT_WEBHOOK_URL": "https://dir.msp.example/hook"}, "MSPBOT_ACCOUNT_WEBHOOK_SECRET"},
		{map[string]string{"MSPBOT_ACCOUNT_WEBHOOK_URL": "dir.msp.example", "MSPBOT_ACCOUNT_WEBHOOK_SECRET": "0123456789abcdef"}, "MSPBOT_ACCOUNT_WEBHOOK_URL"},
		{map[string]string{"MSPBOT_ACCOUNT_WEBHOOK_URL": "https://dir.msp.example/hook", "MSPBOT_ACCOUNT_WEBHOOK_SECRET": "0123456789abcdef", "MSPBOT_ACCOUNT_COMMAND": exe}, "not both"},
		{map[string]string{"MSPBOT_ACCOUNT_COMMAND": "account.sh"}, "absolute path"},
		{map[string]string{"MSPBOT_ACCOUNT_COMMAND": plain}, "not an executable"},
		{map[string]string{"MSPBOT_ACCOUNT_COMMAND": filepath.Join(dir, "missing")}, "not an executable"},
	}
	for _, tc := range cases {
		if _, err := Load(env(tc.env)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Load(%v) = %v, want %q", tc.env, err, tc.want)
		}
	}
	c, err = Load(env(map[string]string{"MSPBOT_SMTP_HOST": "mail.msp.example", "MSPBOT_SMTP_FROM": "a@b.example",
		"MSPBOT_SMTP_USERNAME": "bot", "MSPBOT_SMTP_PASSWORD": "hunter2-smtp", "MSPBOT_ACCOUNT_WEBHOOK_URL": "https://dir.msp.example/hook",
		"MSPBOT_ACCOUNT_WEBHOOK_SECRET": "hunter2-hook-secret"}))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	_ = c.Print(&b)
	if strings.Contains(b.String(), "hunter2") || !strings.Contains(b.String(), "MSPBOT_SMTP_PASSWORD=******** (set)") {
		t.Fatalf("secrets not masked:\n%s", b.String())
	}
}
