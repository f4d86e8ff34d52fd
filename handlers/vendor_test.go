package handlers

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/internal/redistest"
	"github.com/mspbot/mspbot/knowledge"
	"github.com/mspbot/mspbot/redisstore"
	"github.com/mspbot/mspbot/scheduling"
)

// fakeConfirmer records the e-mails a decision would send.
type fakeConfirmer struct {
	mu    sync.Mutex
	kinds []ConfirmKind
}

func (f *fakeConfirmer) Confirm(_ context.Context, a scheduling.Appointment, kind ConfirmKind) ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.kinds = append(f.kinds, kind)
	return []string{a.Request.ClientEmail, a.Request.VendorEmail}, nil
}

// fakePlanner records planned and unplanned appointments.
type fakePlanner struct {
	mu        sync.Mutex
	planned   []string
	unplanned []string
}

func (f *fakePlanner) Plan(_ context.Context, a scheduling.Appointment) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.planned = append(f.planned, a.ID)
	return nil
}

func (f *fakePlanner) Unplan(_ context.Context, a scheduling.Appointment, _ time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.unplanned = append(f.unplanned, a.ID)
	return nil
}

type vendorWorld struct {
	mux     *bot.Mux
	v       *Vendors
	mail    *fakeConfirmer
	planner *fakePlanner
	staff   *posts
	now     time.Time
}

var berlin, _ = time.LoadLocation("Europe/Berlin")

func newVendorWorld(t *testing.T) *vendorWorld {
	t.Helper()
	rdb := redistest.Open(t, redistest.DBHandlers)
	store := redisstore.NewAppointments(rdb, redisstore.Keys{Prefix: "v" + bot.NewID(4)})
	cal, err := scheduling.NewCalendar(scheduling.CalendarOptions{Location: berlin})
	if err != nil {
		t.Fatal(err)
	}
	w := &vendorWorld{mail: &fakeConfirmer{}, planner: &fakePlanner{}, staff: &posts{},
		now: time.Date(2026, 11, 23, 10, 0, 0, 0, berlin)} // a Monday
	w.v = &Vendors{Appointments: scheduling.NewAppointments(store), Policy: scheduling.VendorPolicy{Calendar: cal},
		Calendar: cal, StaffRooms: []bot.Ref{{Platform: "web", Channel: "staff"}}, Confirm: w.mail, Access: w.planner,
		Now: func() time.Time { return w.now }}
	base := knowledge.Embedded()
	w.mux = NewMux(Deps{Classifier: Understander{Classifier: knowledge.NewClassifier(base, knowledge.Options{})}, Knowledge: base, Vendors: w.v})
	return w
}

type vendorClient struct {
	w    *vendorWorld
	ref  bot.Ref
	sess *bot.Session
	out  *posts
	org  string
}

func (w *vendorWorld) client(user string) *vendorClient {
	return &vendorClient{w: w, ref: bot.Ref{Platform: "web", Channel: "c-" + user, User: user}, sess: &bot.Session{}, out: &posts{}, org: "web:@" + user}
}

func (c *vendorClient) say(t *testing.T, text string) string {
	t.Helper()
	before := len(c.out.texts)
	ev := bot.Event{Kind: bot.KindMessage, Text: text, Ref: c.ref, Org: c.org}
	if err := c.w.mux.Handle(context.Background(), c.out, &bot.Request{Event: ev, Session: c.sess}); err != nil {
		t.Fatalf("%q: %v", text, err)
	}
	got := strings.Join(c.out.texts[before:], "\n")
	t.Logf("> %s\n< %s", text, got)
	return got
}

// react sends a reaction on a staff message by user.
func (w *vendorWorld) react(t *testing.T, user string, staff bool, target bot.Ref, emoji string) (*posts, error) {
	t.Helper()
	out := &posts{}
	ev := bot.Event{Kind: bot.KindReactionAdded, Ref: bot.Ref{Platform: "web", Channel: "staff", User: user}, Staff: staff,
		Emoji: bot.NormalizeEmoji(emoji), Target: target}
	err := w.mux.Handle(context.Background(), out, &bot.Request{Event: ev, Session: &bot.Session{}})
	return out, err
}

func mustContain(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Fatalf("reply %q lacks %q", got, w)
		}
	}
}

func TestVendorDialogueGermanToApproval(t *testing.T) {
	w := newVendorWorld(t)
	c := w.client("anna")
	got := c.say(t, "Der Hersteller DATEV muss auf unseren Server SRV-01 für das Jahresupdate, ca. 2 Stunden, keine Adminrechte.")
	mustContain(t, got, "E-Mail-Adresse des Herstellers")
	got = c.say(t, "support@datev.example")
	mustContain(t, got, "bei Ihnen")
	got = c.say(t, "it@acme")
	mustContain(t, got, "keine gültige E-Mail-Adresse")
	got = c.say(t, "it@acme.example")
	mustContain(t, got, "Wann würde es passen")
	got = c.say(t, "am 2.12. von 9 bis 11 Uhr")
	mustContain(t, got, "1) Mittwoch, 02.12., 09:00–11:00 Uhr")
	got = c.say(t, "1")
	mustContain(t, got, "vorgemerkt", "VA-26-0001", "DATEV", "SRV-01")
	if c.sess.Dialogue != "" {
		t.Fatalf("dialogue still open: %+v", c.sess)
	}
	// The pick is held: another client cannot get the same slot.
	other := w.client("bert")
	other.say(t, "Hersteller Lexware soll am 2.12. von 10 bis 12 Uhr auf SRV-01 ein Update einspielen, ohne Adminrechte, Hersteller support@lexware.example, meine it@beta.example")
	if strings.Contains(strings.Join(other.out.texts, "\n"), "1) Mittwoch, 02.12., 10:00") {
		t.Fatalf("held slot offered again: %q", other.out.texts)
	}
	staffMsg := c.out.posted[0]
	if staffMsg.Ref.Channel != "staff" || !strings.Contains(staffMsg.Text, "VA-26-0001") || !strings.Contains(staffMsg.Text, "✅") {
		t.Fatalf("staff message %+v", staffMsg)
	}
	// A client's ✅ changes nothing.
	if _, err := w.react(t, "anna", false, staffMsg.Ref, "✅"); err != nil {
		t.Fatal(err)
	}
	a, _ := w.v.Appointments.Load(context.Background(), "VA-26-0001")
	if a.State != scheduling.StatePending {
		t.Fatalf("non-staff reaction decided: %s", a.State)
	}
	out, err := w.react(t, "alice", true, staffMsg.Ref, "white_check_mark")
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, strings.Join(out.texts, "\n"), "genehmigt", "web:alice")
	if len(out.posted) == 0 || out.posted[0].Ref.Channel != "c-anna" || !strings.Contains(out.posted[0].Text, "ist genehmigt") || !strings.Contains(out.posted[0].Text, "it@acme.example") {
		t.Fatalf("client not told: %+v", out.posted)
	}
	if len(w.mail.kinds) != 1 || w.mail.kinds[0] != ConfirmApproved || len(w.planner.planned) != 1 {
		t.Fatalf("mail %v planned %v", w.mail.kinds, w.planner.planned)
	}
	// A second staff decision is told it came too late.
	out, _ = w.react(t, "bob", true, staffMsg.Ref, "❌")
	mustContain(t, strings.Join(out.texts, "\n"), "bereits entschieden")
	a, _ = w.v.Appointments.Load(context.Background(), "VA-26-0001")
	if a.State != scheduling.StateApproved || a.DecidedBy != "web:alice" {
		t.Fatalf("after second decision: %s by %s", a.State, a.DecidedBy)
	}
	var mailed bool
	for _, h := range a.History {
		mailed = mailed || h.Action == scheduling.ActMailed
	}
	if !mailed {
		t.Fatalf("mail not in the audit history: %+v", a.History)
	}
}

func TestVendorLeadTimeHoursAndUrgent(t *testing.T) {
	w := newVendorWorld(t)
	c := w.client("anna")
	got := c.say(t, "Can the vendor Sage get access to server APP01 next Wednesday from 9 to 11 for an upgrade? No admin rights needed. Vendor contact: help@sage.example, my e-mail: anna@acme.example")
	mustContain(t, got, "too early", "at least 7 days", "1) ")
	if strings.Contains(got, "Wednesday 25 Nov") && strings.Contains(got, "1) Wednesday 25 Nov") {
		t.Fatalf("proposed inside the lead time: %q", got)
	}
	// A pick by a new time outside the allowed hours is explained.
	got = c.say(t, "on 9 Dec from 19 to 21")
	mustContain(t, got, "outside the hours", "Mon–Fri 08:00–18:00")

	// "dringend" with a date far enough ahead is no request for access now.
	d := w.client("dora")
	got = d.say(t, "Dringend: der Hersteller DATEV muss am 9.12. von 9 bis 11 Uhr auf SRV-09 für ein Update, ohne Adminrechte")
	if strings.Contains(got, "früheste mögliche Termin") || strings.Contains(got, "sofort") {
		t.Fatalf("a timely wish was refused as urgent: %q", got)
	}

	u := w.client("ute")
	got = u.say(t, "Der Hersteller muss sofort auf unseren Server, DATEV geht nicht mehr!")
	mustContain(t, got, "mindestens 7 Tage", "früheste mögliche Termin", "Rückruf")
}

func TestVendorWorkstationHelpNeedsNoBooking(t *testing.T) {
	w := newVendorWorld(t)
	got := w.client("anna").say(t, "Darf der DATEV-Support unserer Buchhalterin am Arbeitsplatz per Fernhilfe zeigen, wie die neue Funktion geht? Brauchen wir dafür einen Termin?")
	mustContain(t, got, "nicht betroffen", "keinen Termin")
}

func TestVendorAdminNeedsReasonAndStaffChoice(t *testing.T) {
	w := newVendorWorld(t)
	c := w.client("anna")
	got := c.say(t, "Vendor Autodesk needs access to server LIC-01 for a license server upgrade, 1 hour, with admin rights")
	mustContain(t, got, "Why are administrator rights")
	got = c.say(t, "The installer has to register a Windows service")
	mustContain(t, got, "vendor's contact")
	c.say(t, "licensing@autodesk.example")
	c.say(t, "anna@acme.example")
	got = c.say(t, "on 3 Dec at 10")
	mustContain(t, got, "1) Thursday 3 Dec, 10:00–11:00")
	c.say(t, "1")
	staffMsg := c.out.posted[0]
	mustContain(t, staffMsg.Text, "register a Windows service")
	var noAdmin bool
	for _, b := range staffMsg.Buttons {
		noAdmin = noAdmin || b.Action == "vendor:approve-noadmin"
	}
	if !noAdmin {
		t.Fatalf("no approve-without-admin button: %+v", staffMsg.Buttons)
	}
	out := &posts{}
	ev := bot.Event{Kind: bot.KindButton, Ref: bot.Ref{Platform: "web", Channel: "staff", User: "alice"}, Staff: true,
		Action: "vendor:approve-noadmin", Value: "VA-26-0001", Target: staffMsg.Ref}
	if err := w.mux.Handle(context.Background(), out, &bot.Request{Event: ev, Session: &bot.Session{}}); err != nil {
		t.Fatal(err)
	}
	a, _ := w.v.Appointments.Load(context.Background(), "VA-26-0001")
	if a.State != scheduling.StateApproved || a.AdminGranted {
		t.Fatalf("approve without admin: %s admin %v", a.State, a.AdminGranted)
	}
	// A non-staff button press is refused with a word.
	out = &posts{}
	ev.Staff, ev.Ref.User, ev.Action = false, "anna", "vendor:reject"
	if err := w.mux.Handle(context.Background(), out, &bot.Request{Event: ev, Session: &bot.Session{Lang: "en"}}); err != nil {
		t.Fatal(err)
	}
	mustContain(t, strings.Join(out.texts, "\n"), "Only the provider's staff")
}

func TestVendorRecurringSeriesAndOccurrenceCancel(t *testing.T) {
	w := newVendorWorld(t)
	c := w.client("anna")
	got := c.say(t, "Hersteller Agenda soll jeden ersten Dienstag im Monat 9–11 Uhr auf SRV-02 die Datenbankwartung machen, keine Adminrechte, Hersteller wartung@agenda.example, meine Adresse it@acme.example")
	mustContain(t, got, "Regelmäßiger Termin", "der erste am Dienstag, 01.12.", "Soll ich die Serie")
	got = c.say(t, "ja")
	mustContain(t, got, "vorgemerkt", "regelmäßige Termine")
	a, err := w.v.Appointments.Load(context.Background(), "VA-26-0001")
	if err != nil {
		t.Fatal(err)
	}
	if !a.Recurring() || len(a.ActiveSlots()) < 10 {
		t.Fatalf("series: rrule %q, %d slots", a.Request.RRule, len(a.ActiveSlots()))
	}
	// Local time holds across DST: 09:00 in winter and in summer.
	for _, s := range a.ActiveSlots() {
		if h := s.Start.In(berlin).Hour(); h != 9 || s.Start.In(berlin).Weekday() != time.Tuesday || s.Start.In(berlin).Day() > 7 {
			t.Fatalf("occurrence %v", s.Start.In(berlin))
		}
	}
	got = c.say(t, "Bitte den Termin VA-26-0001 am 2.2.2027 absagen")
	mustContain(t, got, "ist abgesagt; die übrigen bleiben")
	a, _ = w.v.Appointments.Load(context.Background(), "VA-26-0001")
	if len(a.ExDates) != 1 || a.State != scheduling.StatePending {
		t.Fatalf("after occurrence cancel: %+v", a)
	}
	// Another client can neither see nor cancel it.
	b := w.client("bert")
	mustContain(t, b.say(t, "Termin VA-26-0001 absagen"), "finde ich bei Ihnen nicht")
	mustContain(t, b.say(t, "Wie ist der Stand meiner Herstellertermine?"), "keine Herstellertermine")
	mustContain(t, c.say(t, "Wie ist der Stand meiner Herstellertermine?"), "VA-26-0001", "wartet auf Freigabe")
	// The same occurrence again, then the whole series twice: each answered plainly.
	// That day is cancelled already: nothing else may be cancelled instead.
	mustContain(t, c.say(t, "Bitte den Termin VA-26-0001 am 2.2.2027 absagen"), "abgesagt habe ich nichts")
	if a, _ := w.v.Appointments.Load(context.Background(), "VA-26-0001"); a.State != scheduling.StatePending {
		t.Fatalf("the series was cancelled: %s", a.State)
	}
	got = c.say(t, "Termin VA-26-0001 bitte komplett absagen")
	mustContain(t, got, "VA-26-0001 ist abgesagt")
	got = c.say(t, "Termin VA-26-0001 bitte komplett absagen")
	mustContain(t, got, "VA-26-0001 ist bereits entschieden (abgesagt)")
}

func TestVendorDialogueCancelAndOtherQuestion(t *testing.T) {
	w := newVendorWorld(t)
	c := w.client("anna")
	c.say(t, "Wir brauchen einen Termin für den Hersteller Lexware")
	if c.sess.Dialogue != dialogueVendor {
		t.Fatalf("no dialogue: %+v", c.sess)
	}
	// A question on another topic is answered; the dialogue waits.
	got := c.say(t, "Ist der Austausch einer defekten Festplatte eigentlich im Vertrag enthalten?")
	mustContain(t, got, "Quelle")
	if c.sess.Dialogue != dialogueVendor || c.sess.Get(vSlotVendor) != "Lexware" {
		t.Fatalf("dialogue lost: %+v", c.sess)
	}
	mustContain(t, c.say(t, "abbrechen"), "keinen Termin")
	if c.sess.Dialogue != "" {
		t.Fatalf("dialogue not ended")
	}
}
