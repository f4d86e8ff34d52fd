package web_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mspbot/mspbot/bot/web"
)

// request sends a request with the given Host header and returns the
// status and the error message.
func hostRequest(t *testing.T, url, method, path, host, body string, hdr map[string]string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var e struct {
		Error string `json:"error"`
	}
	_ = json.Unmarshal(raw, &e)
	return res.StatusCode, e.Error
}

// TestNoTokenAnswersOnlyLoopbackHosts: without a token the JSON API trusts
// whoever reaches it, so a page that a DNS-rebinding attack points at the
// loopback server (its requests name the attacker's host) is refused with
// 421 on every API route, nothing reaches Redis, and the refusal is logged;
// loopback names and MSPBOT_ALLOWED_HOSTS with any port are answered; with
// a token the host is not checked (the token is).
func TestNoTokenAnswersOnlyLoopbackHosts(t *testing.T) {
	s := newChatServer(t, web.Options{AllowedHosts: []string{"mspbot.internal", "[fd00::7]"}})
	port := s.URL[strings.LastIndex(s.URL, ":"):]
	routes := []struct{ method, path, body string }{
		{"POST", "/api/messages", `{"conversation":"staff","user":"alice","text":"Löschen Sie meine Daten"}`},
		{"POST", "/api/reactions", `{"conversation":"staff","user":"alice","message_id":"m-1","emoji":"white_check_mark"}`},
		{"POST", "/api/buttons", `{"conversation":"staff","user":"alice","message_id":"m-1","action":"ticket:claim","value":"CB-26-0001"}`},
		{"GET", "/api/conversations/staff/messages", ""},
	}
	before := s.keys(t)
	for _, host := range []string{"rebind.attacker.example" + port, "rebind.attacker.example", "localhost.attacker.example" + port,
		"127.0.0.1.attacker.example", "192.168.1.5" + port, "mspbot.internal.attacker.example", "[fd00::8]" + port} {
		for _, rt := range routes {
			status, msg := hostRequest(t, s.URL, rt.method, rt.path, host, rt.body, nil)
			if status != http.StatusMisdirectedRequest || !strings.Contains(msg, "is not served") || !strings.Contains(msg, "MSPBOT_API_TOKEN") {
				t.Fatalf("%s %s with Host %q: %d %q, want 421 naming what to do", rt.method, rt.path, host, status, msg)
			}
		}
	}
	if n := s.keys(t) - before; n != 0 {
		t.Fatalf("refused requests left %d Redis keys", n)
	}
	if !strings.Contains(s.logs.String(), `"reason":"host name not allowed without a token"`) {
		t.Fatalf("refusals not logged:\n%s", s.logs.String())
	}
	for _, host := range []string{"127.0.0.1" + port, "localhost" + port, "LocalHost." + port, "[::1]" + port, "127.0.0.1",
		"localhost", "127.8.9.10" + port, "mspbot.internal" + port, "MSPBOT.internal", "[fd00::7]" + port} {
		for _, rt := range routes {
			if status, msg := hostRequest(t, s.URL, rt.method, rt.path, host, rt.body, nil); status != 200 {
				t.Fatalf("%s %s with Host %q: %d %q, want 200", rt.method, rt.path, host, status, msg)
			}
		}
	}
	// The chat page and its routes are anyone's anyway (visitors are never
	// staff, and a rebinding page gets a visitor of its own).
	if status, _ := hostRequest(t, s.URL, "GET", "/", "rebind.attacker.example"+port, "", nil); status != 200 {
		t.Fatalf("the chat page under another name: %d", status)
	}

	// With a token the token is what is checked.
	tok := newChatServer(t, web.Options{APIToken: token})
	auth := map[string]string{"Authorization": "Bearer " + token}
	if status, msg := hostRequest(t, tok.URL, "POST", "/api/messages", "bot.msp.example", routes[0].body, auth); status != 200 {
		t.Fatalf("with the token under the public name: %d %q", status, msg)
	}
	if status, _ := hostRequest(t, tok.URL, "POST", "/api/messages", "127.0.0.1", routes[0].body, nil); status != 401 {
		t.Fatalf("without the token on loopback: %d, want 401", status)
	}
}

// TestLoopbackHostsGuard is the guard the profiles server (MSPBOT_DEBUG_ADDR)
// stands behind: any other host name is refused with 421.
func TestLoopbackHostsGuard(t *testing.T) {
	h := web.LoopbackHosts(nil, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "profile") }))
	for host, want := range map[string]int{"127.0.0.1:6060": 200, "localhost:6060": 200, "[::1]:6060": 200,
		"rebind.attacker.example:6060": 421, "attacker.example": 421, "": 421} {
		req := httptest.NewRequest("GET", "/debug/pprof/", nil)
		req.Host = host
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("Host %q: %d, want %d", host, rec.Code, want)
		}
	}
}
