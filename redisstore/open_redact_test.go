package redisstore_test

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mspbot/mspbot/redisstore"
)

// TestOpenAndWaitHideURLSecrets: neither Open's errors (url.Parse quotes the
// whole URL) nor WaitReady's warnings show REDIS_URL's password, also in
// go-redis's Sentinel form with password=.
func TestOpenAndWaitHideURLSecrets(t *testing.T) {
	for _, raw := range []string{
		"redis://u:PASSWORD123@db.example:port/0?password=SECRET456",
		"redis://u:PASSWORD123@db.example:26391/x?master_name=m&password=SECRET456",
	} {
		_, err := redisstore.Open(raw, "")
		if err == nil {
			t.Fatalf("Open(%q) accepted", raw)
		}
		if msg := err.Error(); strings.Contains(msg, "PASSWORD123") || strings.Contains(msg, "SECRET456") {
			t.Errorf("Open error shows a secret: %s", msg)
		}
	}

	down := httptest.NewServer(nil)
	addr := down.Listener.Addr().String()
	down.Close()
	conn, err := redisstore.Open("redis://u:PASSWORD123@"+addr+"/0?master_name=m&password=SECRET456&dial_timeout=200ms", "")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var logs strings.Builder
	ctx, cancel := context.WithTimeout(context.Background(), 2500*time.Millisecond)
	defer cancel()
	if err := redisstore.WaitReady(ctx, conn.Client, slog.New(slog.NewJSONHandler(&logs, nil))); err == nil {
		t.Fatal("WaitReady on a closed port succeeded")
	}
	out := logs.String()
	if !strings.Contains(out, "redis is not answering yet") {
		t.Fatalf("no retry logged:\n%s", out)
	}
	for _, s := range []string{"PASSWORD123", "SECRET456"} {
		if strings.Contains(out, s) {
			t.Errorf("the log shows %s:\n%s", s, out)
		}
	}
}
