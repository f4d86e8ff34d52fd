package handlers

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/internal/redistest"
	"github.com/mspbot/mspbot/knowledge"
	"github.com/mspbot/mspbot/redisstore"
	"github.com/mspbot/mspbot/scheduling"
	"github.com/mspbot/mspbot/tickets"
)

// posts records everything a handler sent, by conversation.
type posts struct {
	replies
	posted []bot.Sent
	n      int
}

func (p *posts) Post(_ context.Context, to bot.Ref, r bot.Reply) (bot.Sent, error) {
	p.n++
	to.Message = "m" + string(rune('0'+p.n))
	s := bot.Sent{Ref: to, Text: r.Text, Buttons: r.Buttons}
	p.posted = append(p.posted, s)
	return s, nil
}

type callbackWorld struct {
	mux   *bot.Mux
	store *redisstore.Tickets
	cb    *Callbacks
}

func newCallbackWorld(t *testing.T) *callbackWorld {
	t.Helper()
	rdb := redistest.Open(t, redistest.DBHandlers)
	store := redisstore.NewTickets(rdb, redisstore.Keys{Prefix: "h" + bot.NewID(4)})
	berlin, _ := time.LoadLocation("Europe/Berlin")
	cal, err := scheduling.NewCalendar(scheduling.CalendarOptions{Location: berlin})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, berlin) // a Monday
	cb := &Callbacks{Tickets: tickets.NewService(store, false), Calendar: cal, StaffRooms: []bot.Ref{{Platform: "web", Channel: "staff"}},
		Now: func() time.Time { return now }}
	base := knowledge.Embedded()
	mux := NewMux(Deps{Classifier: Understander{Classifier: knowledge.NewClassifier(base, knowledge.Options{})}, Knowledge: base, Callbacks: cb})
	return &callbackWorld{mux: mux, store: store, cb: cb}
}

// client is one user talking in one conversation, with their session.
type client struct {
	w    *callbackWorld
	ref  bot.Ref
	sess *bot.Session
	out  *posts
	org  string
}

func (w *callbackWorld) client(user string) *client {
	return &client{w: w, ref: bot.Ref{Platform: "web", Channel: "c-" + user, User: user}, sess: &bot.Session{}, out: &posts{}, org: "web:@" + user}
}

func (c *client) say(t *testing.T, text string) string {
	t.Helper()
	before := len(c.out.texts)
	ev := bot.Event{Kind: bot.KindMessage, Text: text, Ref: c.ref, Org: c.org}
	if err := c.w.mux.Handle(context.Background(), c.out, &bot.Request{Event: ev, Session: c.sess}); err != nil {
		t.Fatalf("%q: %v", text, err)
	}
	return strings.Join(c.out.texts[before:], "\n")
}

func TestCallbackDialogueGerman(t *testing.T) {
	w := newCallbackWorld(t)
	c := w.client("anna")
	steps := []struct{ say, want string }{
		{"Hallo, bitte rufen Sie mich zurück, unser Drucker druckt nicht mehr", "Wie ist Ihr Name?"},
		{"Anna Schmidt", "Telefonnummer"},
		{"040 12", "„040 12“ ist zu kurz"},
		{"040 696 450 99", "Wann passt es Ihnen?"},
		{"wenn der Mond scheint", "nicht verstanden"},
		{"Samstag um 10", "Am Wochenende sind wir nicht im Büro. Der nächste mögliche Termin wäre Montag, 30.11., 10:00–11:00 Uhr"},
		{"nein", "andere Zeit"},
		{"morgen zwischen 9 und 11", "Telefon: 040 69645099"},
		{"die Nummer ist eigentlich 0170 1234567", "Telefon: 0170 1234567"},
		{"ja", "Referenz CB-26-0001"},
	}
	for _, s := range steps {
		if got := c.say(t, s.say); !strings.Contains(got, s.want) {
			t.Fatalf("%q ->\n%s\nwant %q", s.say, got, s.want)
		}
	}
	tk, err := w.store.Get(context.Background(), "CB-26-0001")
	if err != nil {
		t.Fatal(err)
	}
	d := tk.Draft
	if d.Name != "Anna Schmidt" || d.Phone != "+491701234567" || d.Topic != "unser Drucker druckt nicht mehr" ||
		d.WindowStart.Format("2006-01-02 15:04") != "2026-11-24 09:00" || d.WindowEnd.Format("15:04") != "11:00" || tk.Client.Org != "web:@anna" {
		t.Fatalf("ticket %+v", tk)
	}
	// A repeated "ja" (as after "please repeat" during an outage) files
	// nothing new and gets the same confirmation.
	if got := c.say(t, "ja"); !strings.Contains(got, "Referenz CB-26-0001") {
		t.Fatalf("repeated yes -> %q", got)
	}
	if ts, _ := w.cb.Tickets.ForClient(context.Background(), tickets.Actor{Platform: "web", User: "anna", Org: "web:@anna"}); len(ts) != 1 {
		t.Fatalf("%d tickets after a repeated yes", len(ts))
	}
	// Anything else leaves the dialogue and is answered as usual.
	if got := c.say(t, "Hallo"); !strings.Contains(got, "Willkommen") && !strings.Contains(got, "Service-Assistent") {
		t.Fatalf("after filing, a greeting -> %q", got)
	}
	if c.sess.Dialogue != "" {
		t.Fatalf("dialogue not ended: %+v", c.sess)
	}
	if len(c.out.posted) != 1 || c.out.posted[0].Ref.Channel != "staff" || !strings.Contains(c.out.posted[0].Text, "CB-26-0001") {
		t.Fatalf("staff notification %+v", c.out.posted)
	}
}

func TestCallbackAllInOneEnglishAndCancel(t *testing.T) {
	w := newCallbackWorld(t)
	c := w.client("bob")
	got := c.say(t, "Could you call me back asap? Our server is down. This is Bob Miller, +49 170 1234567")
	for _, want := range []string{"Name: Bob Miller", "Phone: 0170 1234567", "Topic: Our server is down", "as soon as possible", "Urgent: yes", "Shall I file it like this?"} {
		if !strings.Contains(got, want) {
			t.Fatalf("summary lacks %q:\n%s", want, got)
		}
	}
	if got := c.say(t, "cancel"); !strings.Contains(got, "not filed anything") {
		t.Fatalf("cancel -> %q", got)
	}
	if ts, _ := w.cb.Tickets.ForClient(context.Background(), tickets.Actor{Platform: "web", User: "bob", Org: "web:@bob"}); len(ts) != 0 || c.sess.Dialogue != "" {
		t.Fatalf("cancel left a trace: %+v %+v", ts, c.sess)
	}
}

func TestStaffClaimByReactionAndStatusIsolation(t *testing.T) {
	w := newCallbackWorld(t)
	anna := w.client("anna")
	anna.say(t, "Bitte um Rückruf wegen VPN, ich bin Anna, 040 696 450 99, heute Nachmittag")
	if got := anna.say(t, "ja"); !strings.Contains(got, "CB-26-0001") {
		t.Fatalf("not filed: %s", got)
	}
	staffMsg := anna.out.posted[0].Ref
	react := func(user string, staff bool, emoji string) string {
		out := &posts{}
		ev := bot.Event{Kind: bot.KindReactionAdded, Emoji: emoji, Staff: staff, Org: "provider",
			Ref: bot.Ref{Platform: "web", Channel: "staff", User: user}, Target: staffMsg}
		if err := w.mux.Handle(context.Background(), out, &bot.Request{Event: ev, Session: &bot.Session{}}); err != nil && !errors.Is(err, bot.ErrSkip) {
			t.Fatal(err)
		}
		return strings.Join(append(out.texts, func() []string {
			var s []string
			for _, p := range out.posted {
				s = append(s, p.Ref.Channel+": "+p.Text)
			}
			return s
		}()...), "\n")
	}
	state := func() tickets.Ticket {
		tk, _ := w.store.Get(context.Background(), "CB-26-0001")
		return tk
	}
	if got := react("mallory", false, "eyes"); got != "" || state().State != tickets.StateOpen {
		t.Fatalf("a non-staff reaction changed something: %q %s", got, state().State)
	}
	got := react("alice", true, "eyes")
	if !strings.Contains(got, "übernommen von web:alice") || !strings.Contains(got, "c-anna: Ihr Rückrufwunsch CB-26-0001 wurde") || state().Owner != "web:alice" {
		t.Fatalf("claim -> %q, owner %q", got, state().Owner)
	}
	if got := react("bob", true, "eyes"); !strings.Contains(got, "bereits von web:alice") || state().Owner != "web:alice" {
		t.Fatalf("second claim -> %q", got)
	}
	if got := react("bob", true, "thumbsup"); got != "" {
		t.Fatalf("an unrelated emoji did something: %q", got)
	}
	// Status: Anna sees her ticket, Carl sees none of hers.
	if got := anna.say(t, "Wie ist der Stand meines Rückrufs?"); !strings.Contains(got, "CB-26-0001") || !strings.Contains(got, "übernommen") {
		t.Fatalf("anna's status: %q", got)
	}
	carl := w.client("carl")
	if got := carl.say(t, "Wie ist der Stand meines Rückrufs?"); strings.Contains(got, "CB-26-0001") || !strings.Contains(got, "keine Rückrufwünsche") {
		t.Fatalf("carl sees: %q", got)
	}
	if got := react("alice", true, "white_check_mark"); !strings.Contains(got, "geschlossen") || state().State != tickets.StateClosed {
		t.Fatalf("close -> %q", got)
	}
}

func TestForgetMyData(t *testing.T) {
	w := newCallbackWorld(t)
	anna := w.client("anna")
	anna.say(t, "Rückruf bitte wegen Outlook, ich bin Anna, 040 696 450 99, morgen Vormittag")
	anna.say(t, "ja")
	if got := anna.say(t, "Löschen Sie bitte alle meine Daten"); !strings.Contains(got, "löschen?") {
		t.Fatalf("forget asks: %q", got)
	}
	if got := anna.say(t, "ja"); !strings.Contains(got, "1 Rückrufwünsche") {
		t.Fatalf("forget -> %q", got)
	}
	if ts, _ := w.cb.Tickets.ForClient(context.Background(), tickets.Actor{Platform: "web", User: "anna", Org: "web:@anna"}); len(ts) != 0 {
		t.Fatalf("tickets remain: %+v", ts)
	}
}
