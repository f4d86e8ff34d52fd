package handlers

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/bot/web"
	"github.com/mspbot/mspbot/redisstore"
)

// ownRedis is a redis-server of the test's own (in memory) that can be
// stopped, started again on its port, or made a read-only replica.
type ownRedis struct {
	t    *testing.T
	port int
	cmd  *exec.Cmd
	rdb  *redis.Client
}

func startOwnRedis(t *testing.T) *ownRedis {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		t.Skip("redis-server not installed (scripts/test installs it)")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &ownRedis{t: t, port: ln.Addr().(*net.TCPAddr).Port}
	_ = ln.Close()
	// One attempt only: a command during an outage fails at once, as
	// after go-redis' retries.
	r.rdb = redis.NewClient(&redis.Options{Addr: "127.0.0.1:" + strconv.Itoa(r.port), MaxRetries: -1, DialTimeout: time.Second})
	t.Cleanup(func() { _ = r.rdb.Close() })
	r.start()
	t.Cleanup(r.stop)
	return r
}

func (r *ownRedis) start() {
	r.t.Helper()
	r.cmd = exec.Command("redis-server", "--port", strconv.Itoa(r.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
	if err := r.cmd.Start(); err != nil {
		r.t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for r.rdb.Ping(context.Background()).Err() != nil {
		if time.Now().After(deadline) {
			r.t.Fatal("redis-server did not come up")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (r *ownRedis) stop() {
	if r.cmd != nil {
		_ = r.cmd.Process.Kill()
		_ = r.cmd.Wait()
		r.cmd = nil
	}
}

// readOnly makes the server a replica of a master that is not there, as a
// demoted master during a failover (writes: READONLY), or a master again.
func (r *ownRedis) readOnly(on bool) {
	r.t.Helper()
	args := []any{"REPLICAOF", "NO", "ONE"}
	if on {
		args = []any{"REPLICAOF", "127.0.0.1", "1"}
	}
	if err := r.rdb.Do(context.Background(), args...).Err(); err != nil {
		r.t.Fatal(err)
	}
}

// apiServer serves the JSON API of a replica of w, as cmd/mspbot does:
// replies and staff posts of the web platform go to the transcripts.
func apiServer(t *testing.T, w *world) (*httptest.Server, *redisstore.Transcripts) {
	t.Helper()
	tr := redisstore.NewTranscripts(w.rdb, redisstore.TranscriptOptions{Keys: w.keys})
	a := web.New(tr, web.Options{APIToken: "token", Logger: w.log})
	e := w.replica(w.sessions)
	e.Register(web.PlatformAPI, a)
	srv := httptest.NewServer(a.Handler(e))
	t.Cleanup(srv.Close)
	return srv, tr
}

type apiAnswer struct {
	status  int
	Error   string `json:"error"`
	Replies []struct {
		Text string `json:"text"`
	} `json:"replies"`
}

func (a apiAnswer) text() string {
	var texts []string
	for _, r := range a.Replies {
		texts = append(texts, r.Text)
	}
	return strings.Join(texts, "\n")
}

func postMessage(t *testing.T, srv *httptest.Server, conv, user, text, eventID string) apiAnswer {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"conversation": conv, "user": user, "text": text, "event_id": eventID})
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/messages", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer token")
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var out apiAnswer
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("answer is not JSON (%d): %q", res.StatusCode, raw)
	}
	out.status = res.StatusCode
	return out
}

// TestStoreDownMidTurnIs503: issue 16 saw users get HTTP 200 with the
// generic apology while Redis failed over, instead of 503 "temporarily
// unavailable". Here the tickets live on a Redis of their own (as on
// another master of a Cluster) that goes away while the client confirms a
// callback: refused connections, and writes refused with READONLY by a
// demoted master. The client gets 503 with "temporarily unavailable",
// nothing is half-written (no ticket, no staff notice, the dialogue still
// waits for the yes), and the same request sent again once Redis is back
// files the ticket once and tells staff once.
func TestStoreDownMidTurnIs503(t *testing.T) {
	for _, outage := range []string{"refused", "readonly"} {
		t.Run(outage, func(t *testing.T) {
			own := startOwnRedis(t)
			w := newWorld(t, worldOptions{ticketsRedis: own.rdb})
			srv, tr := apiServer(t, w)
			anna := w.client("anna")
			expectAsk(t, anna.say("Rückruf bitte wegen Outlook, ich bin Anna Berg, 040 696 450 77, morgen Vormittag"), "callback", "confirm")

			down, up := own.stop, own.start
			if outage == "readonly" {
				down, up = func() { own.readOnly(true) }, func() { own.readOnly(false) }
			}
			down()
			a := postMessage(t, srv, "c-anna", "anna", "ja", "ev-yes")
			if a.status != http.StatusServiceUnavailable || !strings.Contains(a.Error, "temporarily unavailable") ||
				!strings.Contains(a.text(), "vorübergehend nicht erreichbar") || strings.Contains(a.text(), "schiefgelaufen") {
				t.Fatalf("while the tickets' Redis is down: %d %q %q; want 503, temporarily unavailable", a.status, a.Error, a.text())
			}
			sess, err := w.sessions.Load(context.Background(), anna.ref, "anna")
			if err != nil {
				t.Fatal(err)
			}
			st, _ := loadState(&sess)
			if st.Callback == nil || st.Callback.Step != cbAskConfirm {
				t.Fatalf("the dialogue after the failed turn: %s; want it still waiting for the yes", sess.State)
			}
			staff := func() int {
				msgs, err := tr.List(context.Background(), bot.Ref{Platform: "web", Channel: w.cfg.StaffChannel})
				if err != nil {
					t.Fatal(err)
				}
				n := 0
				for _, m := range msgs {
					if strings.Contains(m.Text, "CB-") {
						n++
					}
				}
				return n
			}
			if n := staff(); n != 0 {
				t.Fatalf("%d staff notices while the ticket could not be filed", n)
			}

			up()
			a = postMessage(t, srv, "c-anna", "anna", "ja", "ev-yes")
			if a.status != http.StatusOK || !strings.Contains(a.text(), "CB-") {
				t.Fatalf("the same request once Redis is back: %d %q %q", a.status, a.Error, a.text())
			}
			if n := len(w.ticketsOf("anna")); n != 1 {
				t.Errorf("%d tickets, want 1", n)
			}
			if n := staff(); n != 1 {
				t.Errorf("%d staff notices, want 1", n)
			}
		})
	}
}

// roomSplit sends the staff room's posts to one sender and everything else
// to another, as when the staff room lives on another Redis master of a
// Cluster than the client's conversation.
type roomSplit struct {
	staff   string
	toStaff bot.Sender
	others  bot.Sender
}

func (s roomSplit) Send(ctx context.Context, to bot.Ref, r bot.Reply) (bot.Sent, error) {
	if to.Channel == s.staff {
		return s.toStaff.Send(ctx, to, r)
	}
	return s.others.Send(ctx, to, r)
}

// TestStaffRoomDownIsNotLost: the issue 16 harness once confirmed a ticket
// to a client that staff never heard of. The web chat's staff room is a
// Redis transcript; during a failover its post failed, was only logged,
// and the client's reply went through a moment later. Here the staff room
// lives on a Redis that is down while the client confirms: the turn is
// answered 503 "temporarily unavailable" instead of a confirmation, and
// the same request sent again once that Redis is back confirms the one
// ticket and tells staff once.
func TestStaffRoomDownIsNotLost(t *testing.T) {
	own := startOwnRedis(t)
	w := newWorld(t, worldOptions{})
	tr := redisstore.NewTranscripts(w.rdb, redisstore.TranscriptOptions{Keys: w.keys})
	staffTr := redisstore.NewTranscripts(own.rdb, redisstore.TranscriptOptions{Keys: w.keys})
	a := web.New(tr, web.Options{APIToken: "token", Logger: w.log})
	e := w.replica(w.sessions)
	e.Register(web.PlatformAPI, roomSplit{staff: w.cfg.StaffChannel, toStaff: web.New(staffTr, web.Options{Logger: w.log}), others: a})
	srv := httptest.NewServer(a.Handler(e))
	t.Cleanup(srv.Close)

	anna := w.client("anna")
	expectAsk(t, anna.say("Rückruf bitte wegen Outlook, ich bin Anna Berg, 040 696 450 77, morgen Vormittag"), "callback", "confirm")
	staff := func() int {
		msgs, err := staffTr.List(context.Background(), bot.Ref{Platform: "web", Channel: w.cfg.StaffChannel})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, m := range msgs {
			if strings.Contains(m.Text, "CB-") {
				n++
			}
		}
		return n
	}

	own.stop()
	ans := postMessage(t, srv, "c-anna", "anna", "ja", "ev-yes")
	if ans.status != http.StatusServiceUnavailable || strings.Contains(ans.text(), "CB-") {
		t.Fatalf("while the staff room's Redis is down: %d %q; want 503 and no confirmation staff were not told of", ans.status, ans.text())
	}
	own.start()
	ans = postMessage(t, srv, "c-anna", "anna", "ja", "ev-yes")
	if ans.status != http.StatusOK || !strings.Contains(ans.text(), "CB-") {
		t.Fatalf("the same request once Redis is back: %d %q %q", ans.status, ans.Error, ans.text())
	}
	if n := len(w.ticketsOf("anna")); n != 1 {
		t.Errorf("%d tickets, want 1", n)
	}
	if n := staff(); n != 1 {
		t.Errorf("%d staff notices, want 1", n)
	}
}
