package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/bot/web"
	"github.com/mspbot/mspbot/bot/web/staff"
	"github.com/mspbot/mspbot/protocols"
	"github.com/mspbot/mspbot/scheduling"
	"github.com/mspbot/mspbot/tickets"
)

// staffSessionKey derives the key of the staff page's cookies from the
// visitor key: kept, shared by replicas and rotated the same way, and still
// a key of its own (a visitor cookie is never a staff cookie).
func staffSessionKey(visitorKey []byte) []byte {
	m := hmac.New(sha256.New, visitorKey)
	m.Write([]byte("mspbot staff page session key v1"))
	return m.Sum(nil)
}

// buildStaffPage adds the staff page's routes (/staff, docs/staff-page.md).
// Off (a page saying how to turn it on) without MSPBOT_STAFF_OIDC_ISSUER.
// The engine runs its button presses; staffDirectory makes the signed-in
// staff member staff for each such event.
func (a *app) buildStaffPage(routes map[string]http.Handler, visitorKey []byte, transcripts staff.Transcripts) {
	cfg := a.cfg
	page := staff.New(staff.Options{
		Issuer: cfg.Staff.Issuer, ClientID: cfg.Staff.ClientID, ClientSecret: cfg.Staff.ClientSecret,
		RedirectURL: cfg.Staff.RedirectURL, GroupClaim: cfg.Staff.GroupClaim, Group: cfg.Staff.Group,
		Emails: cfg.Staff.Emails, SessionTTL: cfg.Staff.SessionTTL, Key: staffSessionKey(visitorKey),
		Platform: web.PlatformAPI, Channel: cfg.StaffChannel, Transcripts: transcripts,
		Finder: &staffFinder{app: a}, Logger: a.log,
	})
	for pattern, h := range page.Routes(a.engine) {
		routes[pattern] = h
	}
	if cfg.Staff.On() {
		a.log.Info("staff page on", "component", "staff", "issuer", cfg.Staff.Issuer, "redirect", cfg.Staff.RedirectURL)
	}
}

// staffDirectory is the JSON API's staff directory with the staff page's
// grants (see staff.Directory).
func staffDirectory(base bot.StaffDirectory) bot.StaffDirectory { return staff.Directory(base) }

// staffFinder looks records up for the staff page, read-only, as staff.
type staffFinder struct{ app *app }

// Find implements staff.Finder.
func (f *staffFinder) Find(ctx context.Context, ref string) (staff.Record, error) {
	loc, err := time.LoadLocation(f.app.cfg.Timezone)
	if err != nil {
		loc = time.UTC
	}
	at := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(loc).Format("2006-01-02 15:04")
	}
	switch {
	case strings.HasPrefix(ref, "CB-") && f.app.tickets != nil:
		t, err := f.app.tickets.Get(ctx, ref, tickets.Actor{Platform: web.PlatformAPI, User: "staff-page", Staff: true})
		if errors.Is(err, tickets.ErrNotFound) {
			return staff.Record{}, staff.ErrNotFound
		} else if err != nil {
			return staff.Record{}, fmt.Errorf("ticket %s: %w", ref, err)
		}
		window := "as soon as possible"
		if !t.Draft.ASAP {
			window = at(t.Draft.WindowStart) + " – " + at(t.Draft.WindowEnd)
			if !t.Draft.AltStart.IsZero() {
				// a second day the client offered
				window += " (or " + at(t.Draft.AltStart) + " – " + at(t.Draft.AltEnd) + ")"
			}
		}
		rec := staff.Record{Kind: "callback", ID: t.ID, State: string(t.State), Fields: []staff.Field{
			{Name: "Name", Value: t.Draft.Name}, {Name: "Phone", Value: t.Draft.Phone}, {Name: "Topic", Value: t.Draft.Topic},
			{Name: "When", Value: window}, {Name: "Urgent", Value: yesNo(t.Draft.Urgent)}, {Name: "Owner", Value: t.Owner},
			{Name: "Client", Value: t.Client.Org}, {Name: "Filed", Value: at(t.Created)},
		}}
		for _, h := range t.History {
			rec.History = append(rec.History, staff.Field{Name: at(h.At), Value: string(h.Action) + " by " + h.By})
		}
		return rec, nil
	case strings.HasPrefix(ref, "VA-") && f.app.appointments != nil:
		ap, err := f.app.appointments.Get(ctx, ref, scheduling.Requester{Staff: true})
		if errors.Is(err, scheduling.ErrAppointmentNotFound) {
			return staff.Record{}, staff.ErrNotFound
		} else if err != nil {
			return staff.Record{}, err
		}
		var slots []string
		for _, s := range ap.ActiveSlots() {
			slots = append(slots, at(s.Start)+" – "+s.End.In(loc).Format("15:04"))
		}
		rec := staff.Record{Kind: "vendor", ID: ap.ID, State: string(ap.State), Fields: []staff.Field{
			{Name: "Vendor", Value: ap.Request.Vendor}, {Name: "System", Value: ap.Request.System}, {Name: "Purpose", Value: ap.Request.Purpose},
			{Name: "Admin rights", Value: yesNo(ap.Request.Admin)}, {Name: "Slots", Value: strings.Join(slots, "; ")},
			{Name: "Recurrence", Value: ap.Request.RRule}, {Name: "Client", Value: ap.Requester.Org},
			{Name: "Decided by", Value: ap.DecidedBy}, {Name: "Requested", Value: at(ap.Created)},
		}}
		for _, h := range ap.History {
			rec.History = append(rec.History, staff.Field{Name: at(h.At), Value: strings.TrimSpace(string(h.Action) + " by " + h.By + " " + h.Note)})
		}
		return rec, nil
	case strings.HasPrefix(ref, "PR-") && f.app.protocols != nil && f.app.protocols.Service != nil:
		p, err := f.app.protocols.Service.Get(ctx, ref)
		if errors.Is(err, protocols.ErrNotFound) {
			return staff.Record{}, staff.ErrNotFound
		} else if err != nil {
			return staff.Record{}, err
		}
		var signers, signed []string
		for _, s := range p.Content.Signers() {
			signers = append(signers, s.Name)
		}
		for _, s := range p.Current() {
			signed = append(signed, s.Name+" ("+at(s.At)+")")
		}
		return staff.Record{Kind: "protocol", ID: p.ID, State: string(p.State), Fields: []staff.Field{
			{Name: "Title", Value: p.Content.Title}, {Name: "Date", Value: at(p.Content.Date)},
			{Name: "Version", Value: strconv.Itoa(p.Version)}, {Name: "Signers", Value: strings.Join(signers, ", ")},
			{Name: "Signed", Value: strings.Join(signed, ", ")}, {Name: "Hash", Value: p.Hash},
			{Name: "Appointment", Value: p.Content.Appointment}, {Name: "Client", Value: p.Org},
		}}, nil
	}
	return staff.Record{}, staff.ErrNotFound
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
