package redisstore_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/redisstore"
	"github.com/mspbot/mspbot/scheduling"
)

var (
	va0           = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	acmeReq       = scheduling.Requester{Org: "acme", Platform: "web", User: "anna", Channel: "c-anna"}
	betaReq       = scheduling.Requester{Org: "beta", Platform: "web", User: "bert", Channel: "c-bert"}
	acmeColleague = scheduling.Requester{Org: "acme", Platform: "web", User: "carl", Channel: "c-carl"}
	staffA        = scheduling.Decider{Platform: "web", User: "alice", Staff: true}
	staffB        = scheduling.Decider{Platform: "web", User: "bob", Staff: true}
	notStaff      = scheduling.Decider{Platform: "web", User: "anna"}
)

func slot(day, fromH, toH int) scheduling.Slot {
	d := time.Date(2026, 12, day, 0, 0, 0, 0, time.UTC)
	return scheduling.Slot{Start: d.Add(time.Duration(fromH) * time.Hour), End: d.Add(time.Duration(toH) * time.Hour)}
}

func vendorReq(system string, slots ...scheduling.Slot) scheduling.AppointmentRequest {
	return scheduling.AppointmentRequest{Vendor: "DATEV", System: system, Purpose: "Update", VendorEmail: "support@vendor.example",
		ClientEmail: "it@acme.example", Lang: "de", Slots: slots, TZID: "Europe/Berlin"}
}

func appointmentStore(t *testing.T, rdb redis.UniversalClient) (*redisstore.Appointments, *scheduling.Appointments) {
	st := redisstore.NewAppointments(rdb, redisstore.Keys{Prefix: "va" + bot.NewID(4)})
	return st, scheduling.NewAppointments(st)
}

func TestAppointmentHoldAndOverlap(t *testing.T) {
	backends(t, func(t *testing.T, rdb redis.UniversalClient) {
		ctx := context.Background()
		_, svc := appointmentStore(t, rdb)
		a, err := svc.Hold(ctx, acmeReq, vendorReq("SRV-01", slot(10, 9, 11)), va0)
		if err != nil || a.ID != "VA-26-0001" || a.State != scheduling.StatePending {
			t.Fatalf("hold: %+v %v", a, err)
		}
		// Same client's system (other spelling, another user of the same
		// organisation), overlapping by one hour: refused, nothing stored.
		if _, err := svc.Hold(ctx, acmeColleague, vendorReq(" srv-01", slot(10, 10, 12)), va0); !errors.Is(err, scheduling.ErrSlotTaken) {
			t.Fatalf("overlap held: %v", err)
		}
		if got, _ := svc.ForClient(ctx, acmeColleague); len(got) != 0 {
			t.Fatalf("refused hold left %d appointments", len(got))
		}
		// Touching windows are no overlap; another system is free.
		if _, err := svc.Hold(ctx, acmeColleague, vendorReq("SRV-01", slot(10, 11, 12)), va0); err != nil {
			t.Fatalf("adjacent slot: %v", err)
		}
		if _, err := svc.Hold(ctx, acmeColleague, vendorReq("SRV-02", slot(10, 9, 11)), va0); err != nil {
			t.Fatalf("other system: %v", err)
		}
		// Another client's server of the same name is another machine: its
		// booking neither collides with acme's nor shows in acme's busy list.
		if _, err := svc.Hold(ctx, betaReq, vendorReq("SRV-01", slot(10, 9, 11)), va0); err != nil {
			t.Fatalf("other client's SRV-01: %v", err)
		}
		busy, err := svc.Busy(ctx, "acme", "srv-01", slot(10, 0, 24).Start, slot(10, 0, 24).End)
		if err != nil || len(busy) != 2 {
			t.Fatalf("busy %v %v", busy, err)
		}
		if busy, _ := svc.Busy(ctx, "beta", "SRV-01", slot(10, 0, 24).Start, slot(10, 0, 24).End); len(busy) != 1 {
			t.Fatalf("beta busy %v", busy)
		}
		// A recurring request is held whole or not at all.
		rec := vendorReq("SRV-01", slot(3, 9, 10), slot(10, 9, 10), slot(17, 9, 10))
		rec.RRule = "FREQ=WEEKLY;BYDAY=TH"
		if _, err := svc.Hold(ctx, acmeReq, rec, va0); !errors.Is(err, scheduling.ErrSlotTaken) {
			t.Fatalf("recurring overlap held: %v", err)
		}
		if busy, _ := svc.Busy(ctx, "acme", "SRV-01", slot(3, 0, 24).Start, slot(3, 0, 24).End); len(busy) != 0 {
			t.Fatalf("partial recurring hold: %v", busy)
		}
		if _, err := svc.Hold(ctx, acmeReq, vendorReq("SRV-01"), va0); !errors.Is(err, scheduling.ErrInvalidRequest) {
			t.Fatalf("empty request: %v", err)
		}
	})
}

func TestAppointmentDecisions(t *testing.T) {
	backends(t, func(t *testing.T, rdb redis.UniversalClient) {
		ctx := context.Background()
		_, svc := appointmentStore(t, rdb)
		a, err := svc.Hold(ctx, acmeReq, vendorReq("SRV-01", slot(10, 9, 11)), va0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Approve(ctx, a.ID, notStaff, false, va0); !errors.Is(err, scheduling.ErrNotStaffMember) {
			t.Fatalf("client approved: %v", err)
		}
		got, err := svc.Approve(ctx, a.ID, staffA, true, va0.Add(time.Minute))
		if err != nil || got.State != scheduling.StateApproved || got.DecidedBy != "web:alice" || !got.AdminGranted {
			t.Fatalf("approve: %+v %v", got, err)
		}
		if _, err := svc.Reject(ctx, a.ID, staffB, va0); !errors.Is(err, scheduling.ErrAlreadyDecided) {
			t.Fatalf("second decision: %v", err)
		}
		if len(got.History) != 2 || got.History[1].Action != scheduling.ActApproved {
			t.Fatalf("history %+v", got.History)
		}
		// Rejection releases the slot.
		b, err := svc.Hold(ctx, betaReq, vendorReq("SRV-02", slot(11, 9, 11)), va0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Reject(ctx, b.ID, staffB, va0); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Hold(ctx, acmeReq, vendorReq("SRV-02", slot(11, 9, 11)), va0); err != nil {
			t.Fatalf("slot not released by rejection: %v", err)
		}
		// A client cancels only its own; cancellation releases.
		if _, err := svc.Cancel(ctx, a.ID, betaReq, va0); !errors.Is(err, scheduling.ErrAppointmentNotFound) {
			t.Fatalf("other client cancelled: %v", err)
		}
		c, err := svc.Cancel(ctx, a.ID, acmeReq, va0.Add(2*time.Minute))
		if err != nil || c.State != scheduling.StateCancelled || c.Sequence != 1 {
			t.Fatalf("cancel: %+v %v", c, err)
		}
		if _, err := svc.Hold(ctx, acmeColleague, vendorReq("SRV-01", slot(10, 9, 11)), va0); err != nil {
			t.Fatalf("slot not released by cancel: %v", err)
		}
		if _, err := svc.Get(ctx, a.ID, betaReq); !errors.Is(err, scheduling.ErrAppointmentNotFound) {
			t.Fatalf("other client read: %v", err)
		}
	})
}

func TestAppointmentCancelOccurrence(t *testing.T) {
	backends(t, func(t *testing.T, rdb redis.UniversalClient) {
		ctx := context.Background()
		_, svc := appointmentStore(t, rdb)
		rec := vendorReq("SRV-01", slot(3, 9, 10), slot(10, 9, 10), slot(17, 9, 10))
		rec.RRule = "FREQ=WEEKLY;BYDAY=TH"
		a, err := svc.Hold(ctx, acmeReq, rec, va0)
		if err != nil {
			t.Fatal(err)
		}
		got, err := svc.CancelOccurrence(ctx, a.ID, slot(10, 9, 10).Start, acmeReq, va0)
		if err != nil {
			t.Fatal(err)
		}
		if act := got.ActiveSlots(); len(act) != 2 || got.Sequence != 1 || len(got.ExDates) != 1 || !got.ExDates[0].Equal(slot(10, 9, 10).Start) {
			t.Fatalf("after cancelling one: active %v seq %d exdates %v", act, got.Sequence, got.ExDates)
		}
		if _, err := svc.CancelOccurrence(ctx, a.ID, slot(10, 9, 10).Start, acmeReq, va0); !errors.Is(err, scheduling.ErrInvalidRequest) {
			t.Fatalf("cancelled twice: %v", err)
		}
		if _, err := svc.Hold(ctx, acmeColleague, vendorReq("SRV-01", slot(10, 9, 10)), va0); err != nil {
			t.Fatalf("cancelled occurrence still blocks: %v", err)
		}
		if _, err := svc.Hold(ctx, acmeColleague, vendorReq("SRV-01", slot(17, 9, 10)), va0); !errors.Is(err, scheduling.ErrSlotTaken) {
			t.Fatalf("remaining occurrence free: %v", err)
		}
	})
}

// TestAppointmentTwoStaffAtOnce: many staff deciding at the same moment give
// exactly one decision.
func TestAppointmentTwoStaffAtOnce(t *testing.T) {
	backends(t, func(t *testing.T, rdb redis.UniversalClient) {
		ctx := context.Background()
		_, svc := appointmentStore(t, rdb)
		a, err := svc.Hold(ctx, acmeReq, vendorReq("SRV-01", slot(10, 9, 11)), va0)
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins, lost := 0, 0
		for i := range 20 {
			wg.Go(func() {
				d := scheduling.Decider{Platform: "web", User: "staff" + string(rune('a'+i)), Staff: true}
				var err error
				if i%2 == 0 {
					_, err = svc.Approve(ctx, a.ID, d, false, va0)
				} else {
					_, err = svc.Reject(ctx, a.ID, d, va0)
				}
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					wins++
				case errors.Is(err, scheduling.ErrAlreadyDecided):
					lost++
				default:
					t.Errorf("decide: %v", err)
				}
			})
		}
		wg.Wait()
		got, _ := svc.Load(ctx, a.ID)
		if wins != 1 || lost != 19 || len(got.History) != 2 {
			t.Fatalf("wins %d lost %d history %+v", wins, lost, got.History)
		}
	})
}

// TestAppointmentConcurrentHolds: of many clients holding the same slot at
// once, one gets it.
func TestAppointmentConcurrentHolds(t *testing.T) {
	backends(t, func(t *testing.T, rdb redis.UniversalClient) {
		ctx := context.Background()
		_, svc := appointmentStore(t, rdb)
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok := 0
		for i := range 20 {
			wg.Go(func() {
				who := scheduling.Requester{Org: "org", Platform: "web", User: "u" + string(rune('a'+i)), Channel: "c"}
				_, err := svc.Hold(ctx, who, vendorReq("SRV-01", slot(10, 9+i%2, 11)), va0)
				mu.Lock()
				defer mu.Unlock()
				if err == nil {
					ok++
				} else if !errors.Is(err, scheduling.ErrSlotTaken) {
					t.Errorf("hold: %v", err)
				}
			})
		}
		wg.Wait()
		if ok != 1 {
			t.Fatalf("%d holds of one slot succeeded", ok)
		}
	})
}

func TestAppointmentLinksHistoryAndPurge(t *testing.T) {
	backends(t, func(t *testing.T, rdb redis.UniversalClient) {
		ctx := context.Background()
		_, svc := appointmentStore(t, rdb)
		a, err := svc.Hold(ctx, acmeReq, vendorReq("SRV-01", slot(10, 9, 11)), va0)
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.Link(ctx, "web/staff/m-1", a.ID, "web/staff"); err != nil {
			t.Fatal(err)
		}
		if got, err := svc.ByMessage(ctx, "web/staff/m-1"); err != nil || got.ID != a.ID {
			t.Fatalf("by message: %v %v", got.ID, err)
		}
		if _, err := svc.ByMessage(ctx, "web/staff/m-2"); !errors.Is(err, scheduling.ErrAppointmentNotFound) {
			t.Fatalf("unknown message: %v", err)
		}
		if err := svc.Record(ctx, a.ID, scheduling.ActMailed, "bot", "it@acme.example", va0); err != nil {
			t.Fatal(err)
		}
		if err := svc.Record(ctx, "VA-00-9999", scheduling.ActMailed, "bot", "", va0); !errors.Is(err, scheduling.ErrAppointmentNotFound) {
			t.Fatalf("history of unknown: %v", err)
		}
		// Not yet over: kept.
		if n, err := svc.Purge(ctx, 24*time.Hour, slot(10, 12, 13).Start); err != nil || n != 0 {
			t.Fatalf("early purge %d %v", n, err)
		}
		if n, err := svc.Purge(ctx, 24*time.Hour, slot(12, 0, 1).Start); err != nil || n != 1 {
			t.Fatalf("purge %d %v", n, err)
		}
		if _, err := svc.Load(ctx, a.ID); !errors.Is(err, scheduling.ErrAppointmentNotFound) {
			t.Fatalf("purged appointment still there: %v", err)
		}
		if _, err := svc.ByMessage(ctx, "web/staff/m-1"); !errors.Is(err, scheduling.ErrAppointmentNotFound) {
			t.Fatalf("purged link still there: %v", err)
		}
		if got, _ := svc.ForClient(ctx, acmeReq); len(got) != 0 {
			t.Fatalf("purged appointment listed")
		}
	})
}

// TestAppointmentHoldsExpire: a hold nobody decides expires after the TTL
// and frees its slots (issue 14, item 1: a stranger's hold must not block a
// system for a year); a decided appointment never expires.
func TestAppointmentHoldsExpire(t *testing.T) {
	backends(t, func(t *testing.T, rdb redis.UniversalClient) {
		ctx := context.Background()
		_, svc := appointmentStore(t, rdb)
		held, err := svc.Hold(ctx, acmeReq, vendorReq("SRV-01", slot(10, 9, 11)), va0)
		if err != nil {
			t.Fatal(err)
		}
		approved, err := svc.Hold(ctx, acmeReq, vendorReq("SRV-02", slot(10, 9, 11)), va0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Approve(ctx, approved.ID, staffA, false, va0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		ttl := 72 * time.Hour
		if got, err := svc.ExpireHolds(ctx, ttl, va0.Add(71*time.Hour)); err != nil || len(got) != 0 {
			t.Fatalf("expired before the TTL: %v %v", got, err)
		}
		got, err := svc.ExpireHolds(ctx, ttl, va0.Add(73*time.Hour))
		if err != nil || len(got) != 1 || got[0].ID != held.ID || got[0].State != scheduling.StateCancelled {
			t.Fatalf("after the TTL: %+v %v", got, err)
		}
		a, err := svc.Load(ctx, held.ID)
		if err != nil {
			t.Fatal(err)
		}
		if last := a.History[len(a.History)-1]; last.Action != scheduling.ActExpired || last.By != scheduling.ExpiredBy {
			t.Fatalf("history ends with %+v, want the expiry", last)
		}
		// the slot is free again for anyone of the organisation
		if _, err := svc.Hold(ctx, acmeColleague, vendorReq("SRV-01", slot(10, 9, 11)), va0.Add(74*time.Hour)); err != nil {
			t.Fatalf("slot of an expired hold still taken: %v", err)
		}
		if b, _ := svc.Load(ctx, approved.ID); b.State != scheduling.StateApproved {
			t.Fatalf("approved appointment changed to %s", b.State)
		}
		// a second run finds nothing more
		if got, _ := svc.ExpireHolds(ctx, ttl, va0.Add(75*time.Hour)); len(got) != 0 {
			t.Fatalf("expired twice: %v", got)
		}
	})
}
