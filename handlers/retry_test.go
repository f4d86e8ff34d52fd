package handlers

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/protocols"
	"github.com/mspbot/mspbot/redisstore"
)

// killedAfterHandler is the session store of a replica that is killed
// (SIGKILL) right after its handler ran: the ticket or appointment is
// filed and staff are told, but the session is never saved, the lock never
// released and the client never answered.
type killedAfterHandler struct {
	*redisstore.Sessions
	once    sync.Once
	killed  chan struct{} // closed when the handler has run
	forever chan struct{} // closed when the test ends
}

func newKilledReplica(t *testing.T, w *world) (*bot.Engine, *killedAfterHandler) {
	k := &killedAfterHandler{Sessions: w.sessions, killed: make(chan struct{}), forever: make(chan struct{})}
	e := w.replica(k)
	t.Cleanup(func() { close(k.forever) })
	return e, k
}

func (k *killedAfterHandler) Release(context.Context, bot.Release) error {
	k.once.Do(func() { close(k.killed) })
	<-k.forever
	return errors.New("the replica was killed")
}

// retryOnOtherReplica sends the message the killed replica took, as the
// client's retry through the load balancer: to another replica. It returns
// the answer and how long it took.
func retryOnOtherReplica(t *testing.T, w *world, who *person, killed *bot.Engine, k *killedAfterHandler, text string) (reply, time.Duration) {
	t.Helper()
	go func() {
		_, _ = killed.Handle(context.Background(), bot.Event{Kind: bot.KindMessage, Ref: who.ref, Text: text})
	}()
	select {
	case <-k.killed:
	case <-time.After(20 * time.Second):
		t.Fatal("the first replica never ran the handler")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	start := time.Now()
	out, err := w.engine.Handle(ctx, bot.Event{Kind: bot.KindMessage, Ref: who.ref, Text: text})
	took := time.Since(start)
	if err != nil || out.Failed {
		t.Fatalf("the retry on another replica: %+v %v after %s", out, err, took.Round(time.Millisecond))
	}
	var texts []string
	for _, s := range out.Replies {
		texts = append(texts, s.Text)
	}
	return reply{text: strings.Join(texts, "\n"), all: out.Replies}, took
}

// staffNotes are the staff room's messages with buttons about id.
func (w *world) staffNotes(id string) int {
	n := 0
	for _, s := range w.out.in("staff") {
		if strings.Contains(s.Text, id) && len(s.Buttons) > 0 {
			n++
		}
	}
	return n
}

// TestCallbackRetryAfterReplicaKilled: issue 16 killed a replica right
// after it filed a callback; the client's retry, on another replica, found
// the ticket filed by the same request and posted it to staff a second
// time, after waiting 30 s for the dead replica's lock. Now the retry gets
// the confirmation within the lock's lease, the ticket exists once and
// staff were told once.
func TestCallbackRetryAfterReplicaKilled(t *testing.T) {
	w := newWorld(t, worldOptions{})
	anna := w.client("anna")
	r := anna.say("Rückruf bitte wegen Outlook, ich bin Anna Berg, 040 696 450 77, morgen Vormittag")
	expectAsk(t, r, "callback", "confirm")

	killed, k := newKilledReplica(t, w)
	r, took := retryOnOtherReplica(t, w, anna, killed, k, "ja")
	contains(t, r.text, "CB-26-0001")
	if took > 8*time.Second {
		t.Errorf("the retry waited %s for the killed replica's lock", took.Round(time.Millisecond))
	}
	if n := len(w.ticketsOf("anna")); n != 1 {
		t.Errorf("%d tickets, want 1", n)
	}
	if n := w.staffNotes("CB-26-0001"); n != 1 {
		t.Errorf("staff were told of CB-26-0001 %d times, want once", n)
	}
	// The dialogue is over: another "ja" files nothing and tells no one.
	anna.say("ja")
	if n, notes := len(w.ticketsOf("anna")), w.staffNotes("CB-26-0001"); n != 1 || notes != 1 {
		t.Errorf("after one more yes: %d tickets, %d staff notes", n, notes)
	}
}

// TestVendorRetryAfterReplicaKilled: the same for a vendor appointment: a
// replica killed right after it held the pick and asked staff; the retry
// of the pick gets the appointment held then, not "slot taken" by the
// client's own hold or a second appointment, and staff are asked once.
func TestVendorRetryAfterReplicaKilled(t *testing.T) {
	w := newWorld(t, worldOptions{})
	anna := w.client("anna")
	anna.say("Der Hersteller DATEV muss auf unseren Server SRV-01 für das Jahresupdate, ca. 2 Stunden, keine Adminrechte.")
	anna.say("Hersteller: support@datev.example, meine Adresse: it@acme.example")
	r := anna.say("am 2.12. von 9 bis 11 Uhr")
	expectAsk(t, r, "vendor", "pick")

	killed, k := newKilledReplica(t, w)
	r, took := retryOnOtherReplica(t, w, anna, killed, k, "1")
	contains(t, r.text, "vorgemerkt", "VA-26-0001", "Mittwoch, 02.12., 09:00–11:00 Uhr")
	if took > 8*time.Second {
		t.Errorf("the retry waited %s for the killed replica's lock", took.Round(time.Millisecond))
	}
	list, err := w.appts.ForClient(context.Background(), w.appt("VA-26-0001").Requester)
	if err != nil || len(list) != 1 {
		t.Errorf("%d appointments (%v), want 1", len(list), err)
	}
	if n := w.staffNotes("VA-26-0001"); n != 1 {
		t.Errorf("staff were asked about VA-26-0001 %d times, want once", n)
	}
}

// TestProtocolSubmitRetryAfterReplicaKilled: a replica killed right after
// it put a protocol up for signing and posted it; the retry of "fertig" on
// another replica submits nothing twice (Submit is idempotent) and does not
// post the protocol for signing a second time: it points to the message
// posted then, with the sign button.
func TestProtocolSubmitRetryAfterReplicaKilled(t *testing.T) {
	w := newWorld(t, worldOptions{})
	anna := w.in("c-talk", "anna")
	anna.say("Wir möchten das Planungsgespräch protokollieren")
	anna.say(protoBlock)
	anna.say("E-Mail @vera: Vera.Vogt@erp.example")

	killed, k := newKilledReplica(t, w)
	r, took := retryOnOtherReplica(t, w, anna, killed, k, "fertig")
	if took > 8*time.Second {
		t.Errorf("the retry waited %s for the killed replica's lock", took.Round(time.Millisecond))
	}
	contains(t, r.text, "PR-26-0001", "Version 3")
	posts := 0
	for _, s := range w.out.in("c-talk") {
		// the protocol itself, with its hash, for signing
		if len(s.Buttons) > 0 && s.Buttons[0].Value == "PR-26-0001:3" && strings.Contains(s.Text, "SHA-256") {
			posts++
		}
	}
	if posts != 1 {
		t.Errorf("version 3 was posted for signing %d times, want once", posts)
	}
	last := r.all[len(r.all)-1]
	if len(last.Buttons) == 0 || last.Buttons[0].Value != "PR-26-0001:3" {
		t.Errorf("the retry's answer has no sign button: %+v", last)
	}
	if p := w.protocol("PR-26-0001"); p.State != protocols.StateSigning || p.Version != 3 {
		t.Errorf("protocol %s version %d", p.State, p.Version)
	}
}
