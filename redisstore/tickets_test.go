package redisstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/redisstore"
	"github.com/mspbot/mspbot/tickets"
)

var (
	t0    = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	acme  = tickets.Client{Org: "acme", Platform: "web", User: "anna", Channel: "c-anna"}
	beta  = tickets.Client{Org: "beta", Platform: "web", User: "bert", Channel: "c-bert"}
	draft = tickets.Draft{Name: "Anna Schmidt", Phone: "+494069645099", Topic: "Drucker", ASAP: true, Lang: "de"}
	alice = tickets.Actor{Platform: "web", User: "alice", Staff: true}
	bob   = tickets.Actor{Platform: "web", User: "bob", Staff: true}
)

func ticketStore(t *testing.T, rdb redis.UniversalClient) (*redisstore.Tickets, *tickets.Service) {
	st := redisstore.NewTickets(rdb, redisstore.Keys{Prefix: "tk" + bot.NewID(4)})
	return st, tickets.NewService(st, true)
}

func TestTicketLifecycle(t *testing.T) {
	backends(t, func(t *testing.T, rdb redis.UniversalClient) {
		ctx := context.Background()
		st, svc := ticketStore(t, rdb)
		tk, err := svc.File(ctx, acme, draft, t0)
		if err != nil {
			t.Fatal(err)
		}
		if tk.ID != "CB-26-0001" || tk.State != tickets.StateOpen {
			t.Fatalf("filed %+v", tk)
		}
		if second, _ := svc.File(ctx, acme, draft, t0); second.ID != "CB-26-0002" {
			t.Fatalf("second id %s", second.ID)
		}
		if _, err := svc.File(ctx, acme, tickets.Draft{Name: "x"}, t0); !errors.Is(err, tickets.ErrIncomplete) {
			t.Fatalf("incomplete draft filed: %v", err)
		}
		client := tickets.Actor{Platform: "web", User: "anna", Org: "acme"}
		if _, err := svc.Claim(ctx, tk.ID, client, t0); !errors.Is(err, tickets.ErrNotStaff) {
			t.Fatalf("client claimed: %v", err)
		}
		got, err := svc.Claim(ctx, tk.ID, alice, t0.Add(time.Minute))
		if err != nil || got.State != tickets.StateClaimed || got.Owner != "web:alice" {
			t.Fatalf("claim: %+v %v", got, err)
		}
		if _, err := svc.Claim(ctx, tk.ID, bob, t0.Add(2*time.Minute)); !errors.Is(err, tickets.ErrAlreadyClaimed) {
			t.Fatalf("second claimer: %v", err)
		}
		if again, err := svc.Claim(ctx, tk.ID, alice, t0.Add(2*time.Minute)); err != nil || len(again.History) != 2 {
			t.Fatalf("re-claim by the owner should change nothing: %v %d", err, len(again.History))
		}
		if _, err := svc.MarkCalled(ctx, tk.ID, alice, t0.Add(3*time.Minute)); err != nil {
			t.Fatal(err)
		}
		closed, err := svc.Close(ctx, tk.ID, bob, t0.Add(4*time.Minute))
		if err != nil || closed.State != tickets.StateClosed {
			t.Fatalf("close: %v", err)
		}
		if _, err := svc.Claim(ctx, tk.ID, bob, t0.Add(5*time.Minute)); !errors.Is(err, tickets.ErrAlreadyClaimed) && !errors.Is(err, tickets.ErrInvalidTransition) {
			t.Fatalf("claim of a closed ticket: %v", err)
		}
		var actions []tickets.Action
		for _, h := range closed.History {
			actions = append(actions, h.Action)
		}
		if len(actions) != 4 || actions[0] != tickets.ActionCreated || actions[3] != tickets.ActionClosed || closed.History[3].By != "web:bob" {
			t.Fatalf("history %+v", closed.History)
		}
		if _, err := svc.Close(ctx, "CB-26-9999", alice, t0); !errors.Is(err, tickets.ErrNotFound) {
			t.Fatalf("unknown ticket: %v", err)
		}
		// Links from staff messages.
		if err := svc.Link(ctx, "web//staff//m-1", tk.ID, "web/staff"); err != nil {
			t.Fatal(err)
		}
		if byMsg, err := svc.ByMessage(ctx, "web//staff//m-1"); err != nil || byMsg.ID != tk.ID {
			t.Fatalf("by message: %v", err)
		}
		// Retention: closed long enough ago → gone, links too.
		if n, err := svc.Purge(ctx, time.Hour, t0.Add(30*time.Minute)); err != nil || n != 0 {
			t.Fatalf("purge too early removed %d (%v)", n, err)
		}
		if n, err := svc.Purge(ctx, time.Hour, t0.Add(2*time.Hour)); err != nil || n != 1 {
			t.Fatalf("purge removed %d (%v), want 1", n, err)
		}
		if _, err := st.Get(ctx, tk.ID); !errors.Is(err, tickets.ErrNotFound) {
			t.Fatalf("purged ticket still there: %v", err)
		}
		if _, err := svc.ByMessage(ctx, "web//staff//m-1"); !errors.Is(err, tickets.ErrNotFound) {
			t.Fatalf("link of a purged ticket still there: %v", err)
		}
	})
}

func TestTicketClaimRaceHasOneOwner(t *testing.T) {
	backends(t, func(t *testing.T, rdb redis.UniversalClient) {
		ctx := context.Background()
		_, svc := ticketStore(t, rdb)
		tk, _ := svc.File(ctx, acme, draft, t0)
		var wins atomic.Int32
		var wg sync.WaitGroup
		for i := range 20 {
			wg.Go(func() {
				staff := tickets.Actor{Platform: "slack", User: "U" + string(rune('A'+i)), Staff: true}
				if _, err := svc.Claim(ctx, tk.ID, staff, t0); err == nil {
					wins.Add(1)
				} else if !errors.Is(err, tickets.ErrAlreadyClaimed) {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if wins.Load() != 1 {
			t.Fatalf("%d staff claimed the same ticket", wins.Load())
		}
	})
}

func TestTicketsVisibleOnlyToTheirClient(t *testing.T) {
	backends(t, func(t *testing.T, rdb redis.UniversalClient) {
		ctx := context.Background()
		_, svc := ticketStore(t, rdb)
		a1, _ := svc.File(ctx, acme, draft, t0)
		a2, _ := svc.File(ctx, acme, draft, t0.Add(time.Minute))
		_, _ = svc.File(ctx, beta, draft, t0)
		colleague := tickets.Client{Org: "acme", Platform: "web", User: "carl"}
		_, _ = svc.File(ctx, colleague, draft, t0)

		anna, _ := svc.ForClient(ctx, tickets.Actor{Org: "acme", Platform: "web", User: "anna"})
		if len(anna) != 2 || anna[0].ID != a2.ID || anna[1].ID != a1.ID {
			t.Fatalf("anna sees %+v", anna)
		}
		for _, other := range []tickets.Actor{{Org: "beta", Platform: "web", User: "anna"}, {Org: "acme", Platform: "slack", User: "anna"}, {Org: "acme", Platform: "web", User: "carl"}} {
			got, _ := svc.ForClient(ctx, other)
			for _, tk := range got {
				if tk.Client.User == "anna" && tk.Client.Platform == "web" && tk.Client.Org == "acme" {
					t.Fatalf("%+v sees anna's ticket %s", other, tk.ID)
				}
			}
		}
		n, err := svc.Forget(ctx, tickets.Actor{Org: "acme", Platform: "web", User: "anna"})
		if err != nil || n != 2 {
			t.Fatalf("forget: %d %v", n, err)
		}
		if left, _ := svc.ForClient(ctx, tickets.Actor{Org: "acme", Platform: "web", User: "anna"}); len(left) != 0 {
			t.Fatalf("forgotten tickets remain: %+v", left)
		}
		if carl, _ := svc.ForClient(ctx, tickets.Actor{Org: "acme", Platform: "web", User: "carl"}); len(carl) != 1 {
			t.Fatal("forgetting anna deleted her colleague's ticket")
		}
	})
}

func TestTicketWebhookRetriesUntilAccepted(t *testing.T) {
	backends(t, func(t *testing.T, rdb redis.UniversalClient) {
		ctx := context.Background()
		st, svc := ticketStore(t, rdb)
		var mu sync.Mutex
		var bodies []tickets.Payload
		var keys []string
		attempts := 0
		psa := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			mu.Lock()
			defer mu.Unlock()
			attempts++
			if r.Header.Get("X-Mspbot-Signature") != tickets.Sign("psa-secret", body) {
				http.Error(w, "bad signature", http.StatusUnauthorized)
				return
			}
			if attempts <= 2 {
				http.Error(w, "busy", http.StatusServiceUnavailable)
				return
			}
			var p tickets.Payload
			_ = json.Unmarshal(body, &p)
			bodies = append(bodies, p)
			keys = append(keys, r.Header.Get("Idempotency-Key"))
		}))
		defer psa.Close()
		now := t0
		wh := tickets.NewWebhook(st, st, tickets.WebhookOptions{URL: psa.URL, Secret: "psa-secret", Now: func() time.Time { return now }})

		tk, _ := svc.File(ctx, acme, draft, t0)
		for round := range 6 {
			if _, err := wh.DeliverDue(ctx); err != nil {
				t.Fatal(err)
			}
			now = now.Add(time.Duration(round+1) * 5 * time.Second) // past each backoff
		}
		mu.Lock()
		if attempts != 3 || len(bodies) != 1 || bodies[0].Ticket.ID != tk.ID || bodies[0].Event != tickets.ActionCreated || keys[0] != tk.ID+"|created|1" {
			t.Fatalf("attempts %d, delivered %+v, keys %v", attempts, bodies, keys)
		}
		mu.Unlock()
		// A claim is delivered as its own event, once.
		if _, err := svc.Claim(ctx, tk.ID, alice, now); err != nil {
			t.Fatal(err)
		}
		for range 3 {
			if _, err := wh.DeliverDue(ctx); err != nil {
				t.Fatal(err)
			}
			now = now.Add(time.Minute)
		}
		mu.Lock()
		defer mu.Unlock()
		if len(bodies) != 2 || bodies[1].Event != tickets.ActionClaimed || bodies[1].Ticket.Owner != "web:alice" || keys[1] != tk.ID+"|claimed|2" {
			t.Fatalf("claim delivery: %+v %v", bodies, keys)
		}
	})
}

// TestTicketAmendedByItsClient: the client changes the time, the number
// and adds to the topic of a request not yet called back: the same
// ticket, its owner kept, the change in its history; nobody else may, and
// not after the call. Two additions at once both stay (the store refuses
// to overwrite a ticket changed meanwhile, the service reads it again).
func TestTicketAmendedByItsClient(t *testing.T) {
	backends(t, func(t *testing.T, rdb redis.UniversalClient) {
		ctx := context.Background()
		_, svc := ticketStore(t, rdb)
		tk, err := svc.File(ctx, acme, draft, t0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Claim(ctx, tk.ID, alice, t0.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		anna := tickets.Actor{Platform: "web", User: "anna", Org: "acme"}
		start := t0.Add(24 * time.Hour)
		got, err := svc.Amend(ctx, tk.ID, anna, tickets.Amendment{WindowStart: start, WindowEnd: start.Add(2 * time.Hour),
			Phone: "+493022984417", TopicAdd: "Fehler SC-542"}, t0.Add(2*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		d := got.Draft
		if got.ID != tk.ID || got.State != tickets.StateClaimed || got.Owner != "web:alice" || d.Phone != "+493022984417" ||
			d.Topic != "Drucker; Fehler SC-542" || d.ASAP || !d.WindowStart.Equal(start) || d.Name != draft.Name {
			t.Fatalf("amended %+v", got)
		}
		if last := got.History[len(got.History)-1]; last.Action != tickets.ActionAmended || last.By != "web:anna" {
			t.Errorf("history %+v", got.History)
		}
		bert := tickets.Actor{Platform: "web", User: "bert", Org: "beta"}
		if _, err := svc.Amend(ctx, tk.ID, bert, tickets.Amendment{TopicAdd: "x"}, t0.Add(3*time.Minute)); !errors.Is(err, tickets.ErrNotFound) {
			t.Errorf("another client amended: %v", err)
		}

		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, add := range []string{"erstens", "zweitens"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = svc.Amend(ctx, tk.ID, anna, tickets.Amendment{TopicAdd: add}, t0.Add(time.Duration(4+i)*time.Minute))
			}()
		}
		wg.Wait()
		if errs[0] != nil || errs[1] != nil {
			t.Fatalf("concurrent amendments: %v", errs)
		}
		now, err := svc.Get(ctx, tk.ID, alice)
		if err != nil {
			t.Fatal(err)
		}
		for _, add := range []string{"erstens", "zweitens", "SC-542"} {
			if !strings.Contains(now.Draft.Topic, add) {
				t.Errorf("topic %q lost %q", now.Draft.Topic, add)
			}
		}
		if _, err := svc.MarkCalled(ctx, tk.ID, alice, t0.Add(10*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Amend(ctx, tk.ID, anna, tickets.Amendment{TopicAdd: "zu spät"}, t0.Add(11*time.Minute)); !errors.Is(err, tickets.ErrInvalidTransition) {
			t.Errorf("amended after the call: %v", err)
		}
	})
}
