package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/mspbot/mspbot/config"
	"github.com/mspbot/mspbot/handlers"
	"github.com/mspbot/mspbot/mail"
	"github.com/mspbot/mspbot/protocols"
	"github.com/mspbot/mspbot/protocols/llmdraft"
	"github.com/mspbot/mspbot/redisstore"
)

// buildProtocols wires the meeting-protocol conversation: the Redis store,
// the bot's signing key (see signingKey) and the mail sender that delivers
// signed protocols. mailer may be nil: then one is made from the
// MSPBOT_SMTP_* settings (mail.Disabled without MSPBOT_SMTP_HOST).
func (a *app) buildProtocols(keys redisstore.Keys, mailer handlers.MailSender) (*handlers.Protocols, error) {
	key, err := signingKey(a.cfg, a.log, true)
	if err != nil {
		return nil, err
	}
	svc, err := protocols.NewService(redisstore.NewProtocols(a.conn.Client, keys), protocols.Options{Key: key})
	if err != nil {
		return nil, err
	}
	if mailer == nil {
		m, err := mail.FromSettings(a.cfg.SMTPHost, a.cfg.SMTPPort, a.cfg.SMTPUsername, a.cfg.SMTPPassword, a.cfg.SMTPFrom, a.cfg.SMTPTLS,
			a.log)
		if err != nil {
			return nil, fmt.Errorf("mail for protocols: %w", err)
		}
		mailer = m
	}
	if _, off := mailer.(mail.Disabled); off {
		a.log.Warn("e-mail is off (MSPBOT_SMTP_HOST is not set): signed protocols are not e-mailed; the chat says so and each protocol's log records it",
			"component", "protocols")
	}
	loc, _ := time.LoadLocation(a.cfg.Timezone)
	a.protocols = &handlers.Protocols{Service: svc, Mailer: mailer, Location: loc, Logger: a.log}
	if a.cfg.OpenAIKey != "" {
		// A transcript takes longer than a classification; the draft must
		// still come within the event's time limit.
		d, err := llmdraft.New(llmdraft.Options{APIKey: a.cfg.OpenAIKey, BaseURL: a.cfg.OpenAIBaseURL, Model: a.cfg.OpenAIModel,
			Timeout: max(a.cfg.LLMTimeout, a.cfg.EventTimeout*3/4)})
		if err != nil {
			return nil, fmt.Errorf("protocol drafts: %w", err)
		}
		a.protocols.Drafter = d
	}
	return a.protocols, nil
}

// startProtocols runs the reminder scan: every minute (or every quarter of
// MSPBOT_PROTOCOL_REMINDER, if shorter) signers who have not signed a
// version after MSPBOT_PROTOCOL_REMINDER get one reminder in the
// protocol's conversation. The reminded marker is a compare-and-set in
// Redis, so several replicas remind once.
func (a *app) startProtocols(ctx context.Context, wg *sync.WaitGroup) {
	if a.protocols == nil {
		return
	}
	every := min(time.Minute, max(a.cfg.ProtoReminder/4, time.Second))
	wg.Go(func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			n, err := a.protocols.RemindDue(ctx, a.engine, a.cfg.ProtoReminder)
			switch {
			case err != nil && ctx.Err() == nil:
				a.log.Warn("protocol reminders failed", "component", "protocols", "err", err)
			case n > 0:
				a.log.Info("reminded protocol signers", "component", "protocols", "protocols", n)
			}
		}
	})
}

// defaultKeyFile is where the signing key is kept when neither
// MSPBOT_SIGNING_KEY nor MSPBOT_SIGNING_KEY_FILE is set.
func defaultKeyFile() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no user configuration directory for the signing key (%v): set MSPBOT_SIGNING_KEY or MSPBOT_SIGNING_KEY_FILE", err)
	}
	return filepath.Join(dir, "mspbot", "signing-key.pem"), nil
}

// signingKey returns the bot's Ed25519 key: MSPBOT_SIGNING_KEY if set, else
// the key file (MSPBOT_SIGNING_KEY_FILE or the default), which with create
// is made with a new key (mode 0600, directory 0700) when it does not
// exist. The key is never logged; its public fingerprint is.
func signingKey(cfg *config.Config, log *slog.Logger, create bool) (ed25519.PrivateKey, error) {
	if cfg.SigningKey != "" {
		k, err := protocols.ParsePrivateKey(cfg.SigningKey)
		if err != nil {
			return nil, fmt.Errorf("MSPBOT_SIGNING_KEY: %w", err)
		}
		log.Info("protocol signing key from MSPBOT_SIGNING_KEY", "component", "protocols", "fingerprint", protocols.KeyFingerprint(k.Public().(ed25519.PublicKey)))
		return k, nil
	}
	path := cfg.SigningKeyFile
	if path == "" {
		p, err := defaultKeyFile()
		if err != nil {
			return nil, err
		}
		path = p
	}
	k, err := readKeyFile(path, log)
	if errors.Is(err, fs.ErrNotExist) && create {
		k, err = createKeyFile(path, log)
	}
	if err != nil {
		return nil, err
	}
	log.Info("protocol signing key", "component", "protocols", "file", path, "fingerprint", protocols.KeyFingerprint(k.Public().(ed25519.PublicKey)))
	return k, nil
}

func readKeyFile(path string, log *slog.Logger) (ed25519.PrivateKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("signing key file %s: %w", path, err)
	}
	if st, err := os.Stat(path); err == nil && st.Mode().Perm()&0o077 != 0 {
		log.Warn("the signing key file can be read by others; make it mode 0600", "component", "protocols", "file", path, "mode", st.Mode().Perm().String())
	}
	k, err := protocols.ParsePrivateKey(string(b))
	if err != nil {
		return nil, fmt.Errorf("signing key file %s: %w", path, err)
	}
	return k, nil
}

// createKeyFile writes a new key; if another process created the file
// meanwhile, its key is used.
func createKeyFile(path string, log *slog.Logger) (ed25519.PrivateKey, error) {
	_, k, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate signing key: %w", err)
	}
	pemBytes, err := protocols.MarshalPrivateKey(k)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("signing key directory: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return readKeyFile(path, log)
	}
	if err != nil {
		return nil, fmt.Errorf("create signing key file: %w", err)
	}
	_, werr := f.Write(pemBytes)
	cerr := f.Close()
	if werr != nil || cerr != nil {
		_ = os.Remove(path)
		return nil, fmt.Errorf("write signing key file %s: %w", path, errors.Join(werr, cerr))
	}
	log.Warn("generated a new protocol signing key; keep this file safe and back it up: signatures are checked with it",
		"component", "protocols", "file", path)
	return k, nil
}

const protocolUsage = "usage: mspbot protocol verify [ID]\n"

// protocolCommand runs "mspbot protocol verify [ID]": it checks every
// protocol (or the one named) in Redis with the bot's key and prints each
// finding. Exit 0: all valid; 1: something was tampered with; 2: usage,
// configuration or Redis problems, or no such protocol.
func protocolCommand(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) (string, bool)) int {
	if len(args) < 1 || args[0] != "verify" || len(args) > 2 {
		fmt.Fprint(stderr, protocolUsage)
		return 2
	}
	cfg, ok := loadConfig(stderr, getenv)
	if !ok {
		return 2
	}
	log := newLogger(cfg, stderr)
	key, err := signingKey(cfg, log, false)
	if err != nil {
		fmt.Fprintf(stderr, "mspbot protocol verify: %v\n", err)
		return 2
	}
	conn, err := redisstore.Open(cfg.RedisURL, cfg.RedisMode)
	if err != nil {
		fmt.Fprintf(stderr, "mspbot protocol verify: %v\n", err)
		return 2
	}
	defer func() { _ = conn.Close() }()
	if conn.Embedded {
		fmt.Fprintln(stderr, "mspbot protocol verify: REDIS_URL is not set; the embedded store of this process holds no protocols")
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	st := redisstore.NewProtocols(conn.Client, redisstore.Keys{Prefix: cfg.RedisPrefix})
	pub := key.Public().(ed25519.PublicKey)
	var reports []protocols.Report
	if len(args) == 2 {
		r, err := protocols.VerifyStored(ctx, st, strings.ToUpper(args[1]), pub)
		if err != nil {
			fmt.Fprintf(stderr, "mspbot protocol verify: %v\n", err)
			return 2
		}
		reports = append(reports, r)
	} else if reports, err = protocols.VerifyAll(ctx, st, pub); err != nil {
		fmt.Fprintf(stderr, "mspbot protocol verify: %v\n", err)
		return 2
	}
	bad := 0
	for _, r := range reports {
		if r.OK() {
			fmt.Fprintf(stdout, "%s valid: version %d, %s, %s\n", r.ID, r.Version, r.State, r.Hash)
			continue
		}
		bad++
		fmt.Fprintf(stdout, "%s TAMPERED (%d findings):\n", r.ID, len(r.Findings))
		for _, f := range r.Findings {
			fmt.Fprintf(stdout, "  - %s\n", f)
		}
	}
	fmt.Fprintf(stdout, "%d protocols checked with key %s: %d valid, %d tampered\n", len(reports), protocols.KeyFingerprint(pub), len(reports)-bad, bad)
	if bad > 0 {
		return 1
	}
	return 0
}
