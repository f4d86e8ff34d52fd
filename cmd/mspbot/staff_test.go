package main

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mspbot/mspbot/bot/web/staff"
	"github.com/mspbot/mspbot/config"
)

func newStaffApp(t *testing.T, extra map[string]string) (*app, *httptest.Server) {
	t.Helper()
	dir := t.TempDir()
	env := map[string]string{"MSPBOT_STAFF_USERS": "carol",
		"MSPBOT_SIGNING_KEY_FILE": filepath.Join(dir, "signing-key.pem"), "MSPBOT_VISITOR_KEY_FILE": filepath.Join(dir, "visitor-key")}
	for k, v := range extra {
		env[k] = v
	}
	cfg, err := config.Load(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	a, err := build(cfg, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.close)
	srv := httptest.NewServer(a.web.Handler(a.engine))
	t.Cleanup(srv.Close)
	return a, srv
}

func staffGet(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// TestStaffPageWired: /staff is served (off, or the sign-in page), records
// are found by reference, and a JSON API user named like a staff-page user
// is no staff member.
func TestStaffPageWired(t *testing.T) {
	_, off := newStaffApp(t, nil)
	if code, text := staffGet(t, off.URL+"/staff"); code != http.StatusNotFound || !strings.Contains(text, "MSPBOT_STAFF_OIDC_ISSUER") {
		t.Fatalf("/staff off: %d %q", code, text)
	}
	a, srv := newStaffApp(t, map[string]string{
		"MSPBOT_STAFF_OIDC_ISSUER": "http://127.0.0.1:1", "MSPBOT_STAFF_OIDC_CLIENT_ID": "mspbot",
		"MSPBOT_STAFF_OIDC_REDIRECT_URL": "http://127.0.0.1:8080/staff/callback", "MSPBOT_STAFF_OIDC_GROUP": "staff"})
	if code, text := staffGet(t, srv.URL+"/staff"); code != 200 || !strings.Contains(text, `href="/staff/login"`) {
		t.Fatalf("/staff on: %d %q", code, text)
	}
	// An unreachable identity provider is a clear 503, not a crash.
	if code, text := staffGet(t, srv.URL+"/staff/login"); code != http.StatusServiceUnavailable || !strings.Contains(text, "cannot be reached") {
		t.Fatalf("/staff/login with the IdP down: %d %q", code, text)
	}
	// File a callback, find it by reference.
	say := func(user, conv, text string) []secReply {
		body := `{"conversation":"` + conv + `","user":"` + user + `","text":` + strconvQuote(text) + `}`
		res, err := http.Post(srv.URL+"/api/messages", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out struct{ Replies []secReply }
		_ = json.NewDecoder(res.Body).Decode(&out)
		return out.Replies
	}
	say("anna", "c-anna", "Bitte rufen Sie mich morgen zwischen 10 und 12 Uhr zurück, Anna Becker, 040 6964 5099, unser Drucker druckt nicht.")
	say("anna", "c-anna", "ja, passt so")
	rec, err := (&staffFinder{app: a}).Find(t.Context(), "CB-26-0001")
	if err != nil || rec.Kind != "callback" || rec.State != "open" || !strings.Contains(rec.Fields[0].Value, "Becker") {
		t.Fatalf("find CB-26-0001: %+v %v", rec, err)
	}
	for _, ref := range []string{"CB-26-9999", "VA-26-0001", "PR-26-0001", "XX-26-0001"} {
		if _, err := (&staffFinder{app: a}).Find(t.Context(), ref); !errors.Is(err, staff.ErrNotFound) {
			t.Errorf("find %s: %v, want staff.ErrNotFound", ref, err)
		}
	}
	// "oidc:alice" through the JSON API has no staff page grant.
	var buttonID string
	res, err := http.Get(srv.URL + "/api/conversations/staff/messages")
	if err != nil {
		t.Fatal(err)
	}
	var hist struct{ Messages []secReply }
	_ = json.NewDecoder(res.Body).Decode(&hist)
	_ = res.Body.Close()
	for _, m := range hist.Messages {
		if len(m.Buttons) > 0 {
			buttonID = m.ID
		}
	}
	if buttonID == "" {
		t.Fatalf("no staff post with buttons: %+v", hist.Messages)
	}
	body := `{"conversation":"staff","user":"oidc:alice","message_id":"` + buttonID + `","action":"ticket:claim","value":"CB-26-0001"}`
	res, err = http.Post(srv.URL+"/api/buttons", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	_ = res.Body.Close()
	if rec, _ := (&staffFinder{app: a}).Find(t.Context(), "CB-26-0001"); rec.State != "open" {
		t.Fatalf("oidc:alice through the JSON API claimed the ticket: %+v", rec)
	}
}

func strconvQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
