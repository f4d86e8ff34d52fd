package main

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/mspbot/mspbot/bot/web"
	"github.com/mspbot/mspbot/config"
)

// defaultVisitorKeyFile is where the visitor key is kept when neither
// MSPBOT_VISITOR_KEY nor MSPBOT_VISITOR_KEY_FILE is set.
func defaultVisitorKeyFile() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no user configuration directory for the visitor key (%v): set MSPBOT_VISITOR_KEY or MSPBOT_VISITOR_KEY_FILE", err)
	}
	return filepath.Join(dir, "mspbot", "visitor-key"), nil
}

// visitorKey returns the key that signs the web chat's visitor cookies, the
// way signingKey finds the protocol key: MSPBOT_VISITOR_KEY if set, else the
// key file (MSPBOT_VISITOR_KEY_FILE or the default), made with a new random
// key (mode 0600, directory 0700) when it does not exist. The key is never
// logged; a fingerprint is, so that replicas can be seen to share it.
func visitorKey(cfg *config.Config, log *slog.Logger) ([]byte, error) {
	if cfg.VisitorKey != "" {
		key := []byte(cfg.VisitorKey)
		log.Info("web chat visitor key from MSPBOT_VISITOR_KEY", "component", "web", "fingerprint", visitorKeyFingerprint(key))
		return key, nil
	}
	path := cfg.VisitorKeyFile
	if path == "" {
		p, err := defaultVisitorKeyFile()
		if err != nil {
			return nil, err
		}
		path = p
	}
	key, err := readVisitorKey(path, log)
	if errors.Is(err, fs.ErrNotExist) {
		key, err = createVisitorKey(path, log)
	}
	if err != nil {
		return nil, err
	}
	log.Info("web chat visitor key", "component", "web", "file", path, "fingerprint", visitorKeyFingerprint(key))
	return key, nil
}

// visitorKeyFingerprint names a key without revealing it.
func visitorKeyFingerprint(key []byte) string {
	sum := sha256.Sum256(append([]byte("mspbot visitor key fingerprint\x00"), key...))
	return hex.EncodeToString(sum[:8])
}

func readVisitorKey(path string, log *slog.Logger) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("visitor key file %s: %w", path, err)
	}
	if st, err := os.Stat(path); err == nil && st.Mode().Perm()&0o077 != 0 {
		log.Warn("the visitor key file can be read by others; make it mode 0600", "component", "web", "file", path, "mode", st.Mode().Perm().String())
	}
	key := strings.TrimSpace(string(b))
	if len(key) < web.MinVisitorKey {
		return nil, fmt.Errorf("visitor key file %s: the key is %d characters long; it needs at least %d (e.g. openssl rand -base64 32)", path, len(key), web.MinVisitorKey)
	}
	return []byte(key), nil
}

// createVisitorKey writes a new random key; if another process created the
// file meanwhile, its key is used.
func createVisitorKey(path string, log *slog.Logger) ([]byte, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, fmt.Errorf("generate visitor key: %w", err)
	}
	key := base64.StdEncoding.EncodeToString(raw)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("visitor key directory: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return readVisitorKey(path, log)
	}
	if err != nil {
		return nil, fmt.Errorf("create visitor key file: %w", err)
	}
	_, werr := f.WriteString(key + "\n")
	cerr := f.Close()
	if werr != nil || cerr != nil {
		_ = os.Remove(path)
		return nil, fmt.Errorf("write visitor key file %s: %w", path, errors.Join(werr, cerr))
	}
	log.Warn("generated a new web chat visitor key; every replica must use this same file or MSPBOT_VISITOR_KEY, or they refuse each other's visitors",
		"component", "web", "file", path)
	return []byte(key), nil
}
