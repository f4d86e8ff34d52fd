package handlers

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/knowledge"
	"github.com/mspbot/mspbot/redisstore"
	"github.com/mspbot/mspbot/scheduling"
	"github.com/mspbot/mspbot/tickets"
)

// ticket reads a ticket from Redis.
func (w *world) ticket(id string) tickets.Ticket {
	w.t.Helper()
	tk, err := w.ticketStore.Get(context.Background(), id)
	if err != nil {
		w.t.Fatalf("ticket %s: %v", id, err)
	}
	return tk
}

// ticketsOf are the tickets a client of the web platform sees as theirs.
func (w *world) ticketsOf(user string) []tickets.Ticket {
	w.t.Helper()
	ts, err := w.tickets.ForClient(context.Background(), tickets.Actor{Platform: "web", User: user, Org: "web:@" + user})
	if err != nil {
		w.t.Fatal(err)
	}
	return ts
}

// expectAsk fails unless the reply's meta is an open callback dialogue
// asking for slot.
func expectAsk(t *testing.T, r reply, dialogue, slot string) {
	t.Helper()
	m := r.meta()
	if dialogueOf(m) != dialogue || !asks(m, slot) {
		t.Errorf("meta: dialogue %q asks %v, want dialogue %q asking %q\n%s", dialogueOf(m), m.Asks, dialogue, slot, r.text)
	}
}

// TestCallbackCollectedOverSeveralMessages: a callback request collected
// over many messages, with a number too short that is named and asked
// again, a time that is not understood, a weekend refused with the next
// possible time, and a correction of the number in the summary; filed once
// the client says yes, once only, and shown to staff.
func TestCallbackCollectedOverSeveralMessages(t *testing.T) {
	w := newWorld(t, worldOptions{})
	anna := w.client("anna")

	r := anna.say("Hallo, bitte rufen Sie mich zurück, unser Drucker druckt nicht mehr")
	contains(t, r.text, "Wie ist Ihr Name?")
	expectAsk(t, r, "callback", "name")
	if m := r.meta(); m.Intent != "callback" || m.Lang != "de" {
		t.Errorf("meta intent %q lang %q", m.Intent, m.Lang)
	}
	expectAsk(t, anna.say("Anna Schmidt"), "callback", "phone")

	r = anna.say("040 12")
	contains(t, r.text, "„040 12“ ist zu kurz", "Telefonnummer")
	expectAsk(t, r, "callback", "phone")

	r = anna.say("040 696 450 99")
	contains(t, r.text, "Wann passt es Ihnen?")
	expectAsk(t, r, "callback", "time")

	r = anna.say("wenn der Mond scheint")
	contains(t, r.text, "nicht verstanden")
	expectAsk(t, r, "callback", "time")

	// Saturday 28 November: the office is closed; the next possible time
	// is Monday 30 November at the same hour.
	r = anna.say("Samstag um 10")
	contains(t, r.text, "Am Wochenende sind wir nicht im Büro", "Montag, 30.11., 10:00–11:00 Uhr", "Passt das?")
	expectAsk(t, r, "callback", "time")

	r = anna.say("nein")
	contains(t, r.text, "andere Zeit")
	expectAsk(t, r, "callback", "time")

	r = anna.say("morgen zwischen 9 und 11")
	contains(t, r.text, "Name: Anna Schmidt", "Telefon: 040 69645099", "Thema: unser Drucker druckt nicht mehr",
		"Zeit: Dienstag, 24.11., 09:00–11:00 Uhr", "Soll ich das so aufnehmen?")
	expectAsk(t, r, "callback", "confirm")
	if len(w.ticketsOf("anna")) != 0 {
		t.Fatal("a ticket was filed before the client confirmed it")
	}

	r = anna.say("die Nummer ist eigentlich 0170 1234567")
	contains(t, r.text, "Telefon: 0170 1234567", "Soll ich das so aufnehmen?")
	lacks(t, r.text, "040 69645099")
	expectAsk(t, r, "callback", "confirm")

	r = anna.say("ja")
	contains(t, r.text, "Ihr Rückrufwunsch ist aufgenommen, Referenz CB-26-0001", "Dienstag, 24.11., 09:00–11:00 Uhr")
	m := r.meta()
	if dialogueOf(m) != "" || len(m.Asks) != 0 || m.Intent != "callback" {
		t.Errorf("after filing: dialogue %q asks %v intent %q", dialogueOf(m), m.Asks, m.Intent)
	}
	rec := m.Record
	if rec == nil || rec.Kind != "callback" || rec.ID != "CB-26-0001" || rec.State != string(tickets.StateOpen) ||
		rec.Fields["phone"] != "+491701234567" || rec.Fields["name"] != "Anna Schmidt" {
		t.Fatalf("meta record %+v", rec)
	}

	tk := w.ticket("CB-26-0001")
	d := tk.Draft
	if d.Name != "Anna Schmidt" || d.Phone != "+491701234567" || d.Topic != "unser Drucker druckt nicht mehr" ||
		!d.WindowStart.Equal(time.Date(2026, 11, 24, 9, 0, 0, 0, berlin)) || !d.WindowEnd.Equal(time.Date(2026, 11, 24, 11, 0, 0, 0, berlin)) ||
		tk.Client.Org != "web:@anna" || tk.State != tickets.StateOpen {
		t.Fatalf("ticket %+v", tk)
	}
	if got := rec.Fields["start"]; got != d.WindowStart.Format(time.RFC3339) {
		t.Errorf("meta start %v, ticket %v", got, d.WindowStart)
	}

	// Staff see it in their room, with the steps they can take.
	staff := w.out.in("staff")
	if len(staff) != 1 {
		t.Fatalf("%d staff messages", len(staff))
	}
	contains(t, staff[0].Text, "CB-26-0001", "Anna Schmidt", "0170 1234567", "unser Drucker druckt nicht mehr")
	var actions []string
	for _, b := range staff[0].Buttons {
		actions = append(actions, b.Action)
		if b.Value != "CB-26-0001" {
			t.Errorf("button %+v names another ticket", b)
		}
	}
	if !slices.Equal(actions, []string{"ticket:claim", "ticket:called", "ticket:close"}) {
		t.Errorf("staff buttons %v", actions)
	}
	if sm := staff[0].Meta; sm == nil || sm.Record == nil || sm.Record.ID != "CB-26-0001" {
		t.Errorf("staff message meta %+v", staff[0].Meta)
	}

	// A repeated "ja" (as after "please repeat" during an outage) files
	// nothing new and gets the same confirmation.
	contains(t, anna.say("ja").text, "Referenz CB-26-0001")
	if n := len(w.ticketsOf("anna")); n != 1 {
		t.Fatalf("%d tickets after a repeated yes", n)
	}
	if n := len(w.out.in("staff")); n != 1 {
		t.Fatalf("%d staff messages after a repeated yes", n)
	}
	// Anything else is answered as usual: the dialogue is closed.
	r = anna.say("Hallo")
	contains(t, r.text, "Service-Assistent")
	if dialogueOf(r.meta()) != "" || r.meta().Intent != "smalltalk" {
		t.Errorf("after filing, a greeting: meta %+v", r.meta())
	}
}

// TestCallbackWrongNumberInSummary: an invalid number given as a
// correction is named, the old one is not kept, and the number is asked
// for again.
func TestCallbackWrongNumberInSummary(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("kai")
	r := c.say("Bitte um Rückruf wegen VPN, ich bin Kai Lorenzen, 040 696 450 99, morgen ab 14 Uhr")
	contains(t, r.text, "Name: Kai Lorenzen", "Telefon: 040 69645099", "Thema: VPN")
	expectAsk(t, r, "callback", "confirm")

	r = c.say("die Nummer ist falsch, richtig ist 0170 12")
	contains(t, r.text, "„0170 12“", "zu kurz")
	lacks(t, r.text, "Soll ich das so aufnehmen?")
	expectAsk(t, r, "callback", "phone")

	r = c.say("0170 1234567")
	contains(t, r.text, "Telefon: 0170 1234567")
	expectAsk(t, r, "callback", "confirm")
	c.say("ja")
	ts := w.ticketsOf("kai")
	if len(ts) != 1 || ts[0].Draft.Phone != "+491701234567" {
		t.Fatalf("tickets %+v", ts)
	}
}

// TestCallbackAllInOneEnglishAndCancel: everything in one English message
// is shown back at once; "cancel" files nothing.
func TestCallbackAllInOneEnglishAndCancel(t *testing.T) {
	w := newWorld(t, worldOptions{})
	bob := w.client("bob")
	r := bob.say("Could you call me back asap? Our server is down. This is Bob Miller, +49 170 1234567")
	contains(t, r.text, "Name: Bob Miller", "Phone: 0170 1234567", "Topic: Our server is down", "as soon as possible",
		"Urgent: yes", "Shall I file it like this?")
	expectAsk(t, r, "callback", "confirm")
	if r.meta().Lang != "en" {
		t.Errorf("meta lang %q", r.meta().Lang)
	}
	var actions []string
	for _, s := range r.all {
		for _, b := range s.Buttons {
			actions = append(actions, b.Action)
		}
	}
	if !slices.Equal(actions, []string{"callback:yes", "callback:no", "callback:cancel"}) {
		t.Errorf("summary buttons %v", actions)
	}

	r = bob.say("cancel")
	contains(t, r.text, "not filed anything")
	if dialogueOf(r.meta()) != "" || r.meta().Record != nil {
		t.Errorf("after cancel: meta %+v", r.meta())
	}
	if n := len(w.ticketsOf("bob")); n != 0 || len(w.out.in("staff")) != 0 {
		t.Fatalf("cancel left %d tickets and %d staff messages", n, len(w.out.in("staff")))
	}
}

// TestCallbackSummaryButtons: the summary's buttons change and file it.
func TestCallbackSummaryButtons(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("ute")
	r := c.say("Rückruf bitte wegen Outlook, ich bin Ute Berg, 040 696 450 99, morgen Vormittag")
	summary := r.all[len(r.all)-1]
	button := func(action string) bot.Button {
		for _, b := range summary.Buttons {
			if b.Action == action {
				return b
			}
		}
		t.Fatalf("no %s button on %q", action, summary.Text)
		return bot.Button{}
	}
	r = w.press("ute", summary.Ref, button("callback:no"))
	contains(t, r.text, "Was soll ich ändern")
	expectAsk(t, r, "callback", "change")

	r = c.say("Zeit")
	expectAsk(t, r, "callback", "time")
	r = c.say("übermorgen ab 14 Uhr")
	contains(t, r.text, "Mittwoch, 25.11.")
	summary = r.all[len(r.all)-1]

	r = w.press("ute", summary.Ref, button("callback:yes"))
	contains(t, r.text, "CB-26-0001")
	if rec := r.record(); rec == nil || rec.ID != "CB-26-0001" {
		t.Fatalf("button filing: meta %+v", r.meta())
	}
	tk := w.ticket("CB-26-0001")
	if d := tk.Draft; d.WindowStart.In(berlin).Day() != 25 || d.WindowStart.In(berlin).Hour() != 14 {
		t.Errorf("ticket window %v", d.WindowStart)
	}
	// The summary is no longer open: pressing yes again files nothing.
	contains(t, w.press("ute", summary.Ref, button("callback:yes")).text, "nicht mehr offen")
	if n := len(w.ticketsOf("ute")); n != 1 {
		t.Fatalf("%d tickets", n)
	}
}

// TestCallbackSideQuestionAndSwitch: a contract question beside the open
// dialogue is answered and the dialogue asks again; deleting one's data
// leaves it, saying so.
func TestCallbackSideQuestionAndSwitch(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("lea")
	c.say("Bitte rufen Sie mich zurück, ich bin Lea Graf")
	r := c.say("Ist der Austausch einer defekten Festplatte eigentlich im Vertrag enthalten?")
	contains(t, r.text, "Quelle:", "Zurück zu Ihrem Rückrufwunsch", "Telefonnummer")
	m := r.meta()
	if m.Verdict == "" || len(m.Sources) == 0 {
		t.Errorf("the side answer's meta names no verdict or source: %+v", m)
	}
	expectAsk(t, r, "callback", "phone")

	r = c.say("Löschen Sie bitte alle meine Daten")
	contains(t, r.text, "Rückrufwunsch habe ich verworfen", "löschen?")
	if m := r.meta(); dialogueOf(m) != "" || m.Intent != "forget" || !asks(m, "confirm") {
		t.Errorf("meta %+v", m)
	}
}

// TestCallbackLeftForVendorBooking: a vendor booking written while a
// callback is being collected starts the booking; its date is not the
// callback's time.
func TestCallbackLeftForVendorBooking(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("max")
	c.say("Bitte rufen Sie mich zurück wegen Outlook, Max Roth, 040 696 450 99")
	r := c.say("Der Hersteller DATEV muss am 9.12. von 9 bis 11 Uhr auf SRV-09 für ein Update")
	contains(t, r.text, "Rückrufwunsch habe ich verworfen", "Hersteller")
	lacks(t, r.text, "Soll ich das so aufnehmen?")
	if m := r.meta(); dialogueOf(m) != "vendor" || m.Intent != "vendor_appointment" {
		t.Errorf("meta dialogue %q intent %q, want the vendor booking", dialogueOf(m), m.Intent)
	}
}

// TestTicketStepsOnlyByStaff: staff claim, mark and close a ticket by
// reaction or button; anyone else's reaction changes nothing and a client's
// button press is refused with a word; the client is told in their own
// conversation; status shows each client only their own tickets.
func TestTicketStepsOnlyByStaff(t *testing.T) {
	w := newWorld(t, worldOptions{})
	anna := w.client("anna")
	anna.say("Bitte um Rückruf wegen VPN, ich bin Anna Schmidt, 040 696 450 99, morgen Nachmittag")
	contains(t, anna.say("ja").text, "CB-26-0001")
	note := w.out.in("staff")[0]

	state := func() tickets.Ticket { return w.ticket("CB-26-0001") }
	before := w.out.count()
	if r := w.react("mallory", note.Ref, "👀"); r.text != "" || state().State != tickets.StateOpen || w.out.count() != before {
		t.Fatalf("a non-staff reaction changed something: %q, state %s", r.text, state().State)
	}
	claim := bot.Button{Action: "ticket:claim", Value: "CB-26-0001"}
	r := w.press("mallory", note.Ref, claim)
	contains(t, r.text, "Das können nur Mitarbeiter")
	if state().State != tickets.StateOpen {
		t.Fatalf("a non-staff button claimed: %s", state().State)
	}

	before = w.out.count()
	r = w.react("alice", note.Ref, "👀")
	contains(t, r.text, "CB-26-0001 übernommen von web:alice")
	if tk := state(); tk.State != tickets.StateClaimed || tk.Owner != "web:alice" {
		t.Fatalf("after claim: %s by %q", tk.State, tk.Owner)
	}
	if rec := r.record(); rec == nil || rec.State != string(tickets.StateClaimed) {
		t.Errorf("claim meta %+v", r.meta())
	}
	told := w.out.since(before, "c-anna")
	if len(told) != 1 || !strings.Contains(told[0].Text, "Ihr Rückrufwunsch CB-26-0001 wurde von einem Mitarbeiter übernommen") {
		t.Fatalf("client told %+v", told)
	}

	contains(t, w.react("bob", note.Ref, "eyes").text, "bereits von web:alice übernommen")
	if state().Owner != "web:alice" {
		t.Fatalf("the second claim took the ticket: %q", state().Owner)
	}
	if r := w.react("bob", note.Ref, "👍"); r.text != "" || state().State != tickets.StateClaimed {
		t.Fatalf("an unrelated emoji did something: %q", r.text)
	}

	// Status: Anna sees her ticket, Carl none of hers.
	r = anna.say("Wie ist der Stand meines Rückrufs?")
	contains(t, r.text, "CB-26-0001", "übernommen")
	if r.meta().Intent != "ticket_status" {
		t.Errorf("status meta %+v", r.meta())
	}
	r = w.client("carl").say("Wie ist der Stand meines Rückrufs?")
	contains(t, r.text, "keine Rückrufwünsche")
	lacks(t, r.text, "CB-26-0001")

	contains(t, w.press("bob", note.Ref, bot.Button{Action: "ticket:called", Value: "CB-26-0001"}).text, "Rückruf erledigt von web:bob")
	before = w.out.count()
	r = w.react("alice", note.Ref, "✅")
	contains(t, r.text, "CB-26-0001 geschlossen von web:alice")
	if state().State != tickets.StateClosed {
		t.Fatalf("not closed: %s", state().State)
	}
	told = w.out.since(before, "c-anna")
	if len(told) != 1 || !strings.Contains(told[0].Text, "ist erledigt") {
		t.Fatalf("client told %+v", told)
	}
}

// TestForgetMyData: a client's data is deleted only after they confirm.
func TestForgetMyData(t *testing.T) {
	w := newWorld(t, worldOptions{})
	anna := w.client("anna")
	anna.say("Rückruf bitte wegen Outlook, ich bin Anna, 040 696 450 99, morgen Vormittag")
	anna.say("ja")

	r := anna.say("Löschen Sie bitte alle meine Daten")
	contains(t, r.text, "löschen?")
	if m := r.meta(); m.Intent != "forget" || !asks(m, "confirm") {
		t.Errorf("meta %+v", m)
	}
	if n := len(w.ticketsOf("anna")); n != 1 {
		t.Fatalf("deleted before the client confirmed: %d tickets", n)
	}
	contains(t, anna.say("ja").text, "1 Rückrufwünsche")
	if n := len(w.ticketsOf("anna")); n != 0 {
		t.Fatalf("%d tickets remain", n)
	}
	contains(t, anna.say("Wie ist der Stand meines Rückrufs?").text, "keine Rückrufwünsche")

	// "nein" deletes nothing.
	bob := w.client("bob")
	bob.say("Could you call me back about the VPN? Bob Miller, +49 170 1234567, tomorrow morning")
	bob.say("yes")
	bob.say("Please delete all my data")
	bob.say("no")
	if n := len(w.ticketsOf("bob")); n != 1 {
		t.Fatalf("declining deleted data: %d tickets", n)
	}
}

// TestCallbackWithdrawn: the client withdraws a filed request; staff are
// told; the ticket cannot be stepped any more.
func TestCallbackWithdrawn(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("nina")
	c.say("Bitte rufen Sie mich zurück wegen des Druckers, Nina Kühn, 040 696 450 99, morgen früh")
	c.say("ja")
	before := w.out.count()
	r := c.say("Ich brauche den Rückruf doch nicht mehr")
	contains(t, r.text, "CB-26-0001 storniert")
	if rec := r.record(); rec == nil || rec.ID != "CB-26-0001" || rec.State == string(tickets.StateOpen) {
		t.Errorf("meta record %+v", rec)
	}
	staff := w.out.since(before, "staff")
	if len(staff) != 1 || !strings.Contains(staff[0].Text, "CB-26-0001") {
		t.Fatalf("staff told %+v", staff)
	}
	note := w.out.in("staff")[0]
	contains(t, w.react("alice", note.Ref, "👀").text, "nicht (mehr) im passenden Zustand")
}

// TestCallbackWithdrawnRightAfterFiling: "hat sich erledigt" right after
// filing is about the request just filed: it is withdrawn (with or
// without "bitte stornieren"), never answered as an unknown question.
func TestCallbackWithdrawnRightAfterFiling(t *testing.T) {
	w := newWorld(t, worldOptions{})
	for i, text := range []string{"Hat sich erledigt, bitte stornieren.", "Hat sich erledigt."} {
		user := "olga" + string(rune('a'+i))
		c := w.client(user)
		c.say("Bitte rufen Sie mich zurück wegen des Druckers, Olga Wolf, 040 696 450 99, morgen früh")
		id := c.say("ja").record().ID
		r := c.say(text)
		contains(t, r.text, id)
		lacks(t, r.text, "nicht sicher beantworten")
		if tk := w.ticket(id); tk.State == tickets.StateOpen {
			t.Errorf("%q: request %s is still %s", text, id, tk.State)
		}
	}
}

// TestHostileDisplayNameIsCleanedEverywhere: a display name with NUL, line
// breaks, platform mentions and 60,000 characters is neither offered as the
// caller's name nor carried into the ticket or the staff room (issue 14,
// item 6; the engine cleans and bounds every display name, see
// bot.CleanDisplayName).
func TestHostileDisplayNameIsCleanedEverywhere(t *testing.T) {
	w := newWorld(t, worldOptions{})
	hostile := "<!channel>\x00 Eve\nEvil <@U024BE7LH> @everyone " + strings.Repeat("x", 60000)
	p := w.client("eve")
	before := w.out.count()
	r := w.run(bot.Event{Kind: bot.KindMessage, Ref: p.ref, UserName: hostile,
		Text: "Bitte um Rückruf wegen des Druckers, 040 696 450 77, morgen früh"})
	if strings.Contains(r.text, "<!channel>") || strings.Contains(r.text, "\x00") || len(r.text) > 2000 {
		t.Fatalf("the offered name is not clean: %.200q", r.text)
	}
	// a display name that is no name is not offered at all
	contains(t, r.text, "Wie ist Ihr Name?")
	r = w.run(bot.Event{Kind: bot.KindMessage, Ref: p.ref, UserName: hostile, Text: "Eva Böse"})
	r = w.run(bot.Event{Kind: bot.KindMessage, Ref: p.ref, UserName: hostile, Text: "ja"})
	ts, err := w.tickets.ForClient(context.Background(), tickets.Actor{Platform: "web", User: "eve", Org: "web:@eve"})
	if err != nil || len(ts) != 1 {
		t.Fatalf("tickets %v %v (last reply %q)", ts, err, r.text)
	}
	name := ts[0].Draft.Name
	if name != "Eva Böse" || strings.ContainsAny(name, "<>\n\x00") || strings.Contains(name, "@") || utf8.RuneCountInString(name) > bot.MaxDisplayName {
		t.Fatalf("ticket name %.100q is not clean", name)
	}
	for _, s := range w.out.since(before, "staff") {
		if strings.Contains(s.Text, "<!channel>") || strings.Contains(s.Text, "<@U024BE7LH>") || strings.Contains(s.Text, "@everyone") ||
			strings.Contains(s.Text, "\x00") || len(s.Text) > 4000 {
			t.Fatalf("staff post carries the raw name: %.300q", s.Text)
		}
	}
}

// TestForgetLeavesStaffRoomsAndSharedConversations: "Löschen Sie meine
// Daten" in the staff room, or in a conversation shared with others,
// deletes the writer's own data and not the conversation everyone reads
// (issue 14, item 5); in their own conversation the history goes too, and
// their vendor appointments lose name and e-mail address.
func TestForgetLeavesStaffRoomsAndSharedConversations(t *testing.T) {
	w := newWorld(t, worldOptions{})
	ctx := context.Background()
	tr := redisstore.NewTranscripts(w.rdb, redisstore.TranscriptOptions{Keys: w.keys, Max: w.cfg.HistoryMax, TTL: w.cfg.HistoryTTL})
	anna := w.client("anna")
	anna.say("Rückruf bitte wegen Outlook, ich bin Anna Berg, 040 696 450 77, morgen Vormittag")
	anna.say("ja")
	// what the web adapter keeps of the two conversations
	staffRoom := bot.Ref{Platform: "web", Channel: "staff"}
	own := bot.Ref{Platform: "web", Channel: "c-anna"}
	for _, ref := range []bot.Ref{staffRoom, own} {
		sent := bot.Sent{Ref: ref, Text: "📞 Neuer Rückrufwunsch CB-26-0001", Time: monday}
		sent.Ref.Message = "m-" + ref.Channel
		if err := tr.Append(ctx, sent); err != nil {
			t.Fatal(err)
		}
	}

	dora := w.in("staff", "dora") // not staff, writes in the staff room
	dora.say("Löschen Sie meine Daten")
	r := dora.say("ja")
	contains(t, r.text, "bleibt")
	if n := len(transcript(t, tr, staffRoom)); n == 0 {
		t.Fatal("a client's forget-me emptied the staff room")
	}
	if n := len(w.ticketsOf("anna")); n != 1 {
		t.Fatalf("another client's forget-me deleted anna's ticket: %d left", n)
	}

	// Anna's own conversation, with a vendor appointment.
	anna.say("Der Hersteller DATEV muss am 2.12. von 9 bis 11 Uhr auf SRV-01 für das Jahresupdate, keine Adminrechte. Hersteller: support@datev.example, meine Adresse: anna@acme.example")
	contains(t, anna.say("1").text, "VA-26-0001")
	anna.say("Löschen Sie bitte alle meine Daten")
	contains(t, anna.say("ja").text, "1 Herstellerterminen", "Gesprächsverlauf gelöscht")
	if n := len(w.ticketsOf("anna")); n != 0 {
		t.Fatalf("%d tickets of anna remain", n)
	}
	a := w.appt("VA-26-0001")
	if a.Request.ClientEmail != "" || a.Requester.Name != "" || a.Request.VendorEmail != "support@datev.example" {
		t.Fatalf("appointment after forget-me: client %q %q, vendor %q", a.Requester.Name, a.Request.ClientEmail, a.Request.VendorEmail)
	}
	if got := transcript(t, tr, own); len(got) != 0 {
		t.Fatalf("anna's own history kept %d messages", len(got))
	}
}

func transcript(t *testing.T, tr *redisstore.Transcripts, conv bot.Ref) []bot.Sent {
	t.Helper()
	got, err := tr.List(context.Background(), conv)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestCallbackTopicCorrectedAtConfirm: "es geht nicht um X, sondern Y" at
// the confirmation replaces the topic and shows the summary again, in
// either language; it is not answered as a coverage question about X. A
// coverage question at that step is still answered beside the dialogue.
func TestCallbackTopicCorrectedAtConfirm(t *testing.T) {
	w := newWorld(t, worldOptions{})
	ole := w.client("ole")
	r := ole.say("Moin, Rückruf bitte. Ole Hinrichsen, 0151 23456789, morgen zwischen 11 und 12, es geht um Outlook")
	expectAsk(t, r, "callback", "confirm")

	r = ole.say("Ist Outlook eigentlich im Vertrag drin?")
	if r.meta().Intent != "coverage" {
		t.Errorf("a coverage question at the confirmation: intent %q\n%s", r.meta().Intent, r.text)
	}
	contains(t, r.text, "Thema: Outlook")

	r = ole.say("ach ne es geht nicht um outlook sondern dass der scanner im 1. OG nicht mehr in den netzwerkordner scannt")
	contains(t, r.text, "Thema: scanner im 1. OG nicht mehr in den netzwerkordner scannt", "Soll ich das so aufnehmen?")
	lacks(t, r.text, "abgedeckt", "Thema: Outlook")
	expectAsk(t, r, "callback", "confirm")
	ole.say("jo")
	ts := w.ticketsOf("ole")
	if len(ts) != 1 || !strings.Contains(ts[0].Draft.Topic, "scanner") {
		t.Fatalf("tickets %+v", ts)
	}

	tom := w.client("tom")
	r = tom.say("Please call me back, Tom Becker, +49 170 1234567, tomorrow 2-3pm, it's about Outlook")
	expectAsk(t, r, "callback", "confirm")
	r = tom.say("sorry, not outlook but the scanner upstairs that stopped scanning to the share")
	contains(t, r.text, "Topic: scanner upstairs", "Shall I file it like this?")
	lacks(t, r.text, "Topic: Outlook")
	r = tom.say("no wait, the topic is the VPN that drops every hour")
	contains(t, r.text, "Topic: VPN that drops every hour")
	expectAsk(t, r, "callback", "confirm")
}

// TestCallbackTopicGivenWithTheName: asked for the name, a client gives
// name, number and what it is about in one message, without a cue word
// ("es geht um"); the topic is taken too, and the next question is the
// time, not the topic (probe set E).
func TestCallbackTopicGivenWithTheName(t *testing.T) {
	w := newWorld(t, worldOptions{})
	marek := w.client("marek")
	expectAsk(t, marek.say("Hallo, ich hätte gern einen Rückruf."), "callback", "name")
	r := marek.say("Sorry, I'm more comfortable in English. I'm Marek Nowak, +49 176 2233 4455, our shared calendar in Outlook stopped updating for everyone.")
	expectAsk(t, r, "callback", "time")
	r = marek.say("tomorrow between 2 and 3pm")
	contains(t, r.text, "Marek Nowak", "shared calendar in Outlook stopped updating")
	expectAsk(t, r, "callback", "confirm")

	// a remark beside the number is no topic
	priya := w.client("priya")
	expectAsk(t, priya.say("call me back please"), "callback", "name")
	expectAsk(t, priya.say("Priya Sharma"), "callback", "phone")
	expectAsk(t, priya.say("+44 7911 123456 (UK mobile, I'm travelling)"), "callback", "topic")
}

// TestCallbackPhoneInTwoParts: a number sent too short while it is asked,
// and its rest in the next message ("21 987 – sorry, war zu früh auf
// Enter"), is one number; the "früh" of the apology is no time (probe set F).
func TestCallbackPhoneInTwoParts(t *testing.T) {
	w := newWorld(t, worldOptions{})
	dennis := w.client("dennis")
	expectAsk(t, dennis.say("Guten Tag, ich bräuchte einen Rückruf. Unser VPN geht seit heute nicht. Mein Name ist Dennis Aydin."), "callback", "phone")
	expectAsk(t, dennis.say("0176 443"), "callback", "phone")
	expectAsk(t, dennis.say("21 987 – sorry, war zu früh auf Enter"), "callback", "time")
	r := dennis.say("übermorgen vormittags")
	contains(t, r.text, "0176 44321987")
	expectAsk(t, r, "callback", "confirm")
	dennis.say("ja")
	// asked when the call comes: the filed request's time, no new request
	r = dennis.say("Und wann genau melden Sie sich?")
	contains(t, r.text, "CB-")
	lacks(t, r.text, "Worum geht es")
	if n := len(w.ticketsOf("dennis")); n != 1 {
		t.Fatalf("%d tickets after asking when the call comes", n)
	}

	// a number that is whole in the second message is taken as it is
	eva := w.client("eva")
	expectAsk(t, eva.say("Rückruf bitte, hier ist Eva Brandt, es geht um den Drucker"), "callback", "phone")
	expectAsk(t, eva.say("0176 443"), "callback", "phone")
	r = eva.say("sorry, richtig ist 0171 2345678")
	expectAsk(t, r, "callback", "time")
}

// TestCallbackTwoDaysOffered: "Mittwoch oder Donnerstag vormittags" books
// Wednesday morning and keeps Thursday for staff, in the summary, the
// ticket and the staff notice (before, Thursday was dropped without a
// word); a new time said later replaces both.
func TestCallbackTwoDaysOffered(t *testing.T) {
	w := newWorld(t, worldOptions{})
	lars := w.client("lars")
	r := lars.say("Bitte um Rückruf, unser Scanner speichert nicht mehr in den Netzwerkordner. Lars Meinke, 040 1212 3434. Am besten Mittwoch oder Donnerstag vormittags.")
	contains(t, r.text, "Mittwoch, 25.11., 08:00–12:00 Uhr (oder Donnerstag, 26.11., 08:00–12:00 Uhr)")
	expectAsk(t, r, "callback", "confirm")
	lars.say("ja")
	ts := w.ticketsOf("lars")
	if len(ts) != 1 || !ts[0].Draft.AltStart.Equal(time.Date(2026, 11, 26, 8, 0, 0, 0, monday.Location())) {
		t.Fatalf("tickets %+v, want one with Thursday as the other day", ts)
	}
	if staff := w.out.in("staff"); len(staff) != 1 || !strings.Contains(staff[0].Text, "oder Donnerstag, 26.11.") {
		t.Fatalf("staff notice %+v, want Thursday named", staff)
	}

	mia := w.client("mia")
	r = mia.say("Could you call me back about our shared calendar? Mia Lindqvist, +49 40 8080 9090, Wednesday or Thursday afternoon.")
	contains(t, r.text, "(or Thursday")
	r = mia.say("actually only Friday at 10 please")
	contains(t, r.text, "Friday")
	lacks(t, r.text, "(or ")
}

// TestCoverageQuestionAboutTheCallbackTopic: "Ist sowas eigentlich im
// Vertrag drin?" while a callback about the VPN is being taken is a
// question about the VPN (probe set I: "not sure"), answered on the side,
// and the dialogue goes on; "brauche doch keinen Rückruf" withdraws it.
func TestCoverageQuestionAboutTheCallbackTopic(t *testing.T) {
	w := newWorld(t, worldOptions{})
	heike := w.client("heike")
	expectAsk(t, heike.say("Ich brauche einen Rückruf, unser VPN für die Außendienstler bricht ständig ab. Heike Sommer, 0172 818 2828."), "callback", "time")
	r := heike.say("Ist sowas eigentlich im Vertrag drin?")
	if v := r.meta().Verdict; v != string(knowledge.VerdictCovered) {
		t.Errorf("a question about the callback's topic: verdict %q, want covered", v)
	}
	expectAsk(t, heike.say("ok. dann Dienstag ab 10"), "callback", "confirm")

	bernd := w.client("bernd")
	expectAsk(t, bernd.say("Rückruf bitte, Outlook synchronisiert den Kalender nicht. Bernd Kaiser."), "callback", "phone")
	r = bernd.say("ach, hat sich gerade erledigt. brauche doch keinen rückruf")
	if d := dialogueOf(r.meta()); d != "" {
		t.Errorf("after 'brauche doch keinen Rückruf' the dialogue is %q, want none", d)
	}
	if n := len(w.ticketsOf("bernd")); n != 0 {
		t.Errorf("%d tickets filed", n)
	}
}

// TestCallbackAboutAContractQuestion: after "Does our contract include the
// online backup of our file server?", "Could someone call me to check
// that?" takes the backup as its topic (probe set K: it asked what the
// call was about).
func TestCallbackAboutAContractQuestion(t *testing.T) {
	w := newWorld(t, worldOptions{})
	lena := w.client("lena")
	lena.say("Does our contract include the online backup of our file server?")
	r := lena.say("Could someone call me to check that? Lena Fischer, 0176 1010 2020")
	expectAsk(t, r, "callback", "time")
	r = lena.say("Tuesday morning")
	contains(t, r.text, "online backup of our file server")
}

// TestOnDayTakesTheHoursAsSaid: hours of today moved up to now ("13 bis
// 15 Uhr" said at 13:06) go onto the day named before as said, 13:00–15:00,
// not 13:06–15:00.
func TestOnDayTakesTheHoursAsSaid(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 7, 13, 6, 0, 0, loc)
	w := scheduling.Window{Start: now, End: time.Date(2026, 12, 7, 15, 0, 0, 0, loc), Said: time.Date(2026, 12, 7, 13, 0, 0, 0, loc), NoDay: true}
	got := onDay(w, time.Date(2026, 12, 8, 9, 0, 0, 0, loc), loc)
	if want := time.Date(2026, 12, 8, 13, 0, 0, 0, loc); !got.Start.Equal(want) || !got.End.Equal(want.Add(2*time.Hour)) || !got.Said.IsZero() {
		t.Errorf("onDay = %v–%v (said %v), want 13:00–15:00 on 8 December", got.Start, got.End, got.Said)
	}
}

// TestReversedHoursKeepTheDay: "am Mittwoch zwischen 16 und 14 Uhr" is
// said back and the hours asked again; "zwischen 14 und 16" then is on
// that Wednesday, not today (probe set S).
func TestReversedHoursKeepTheDay(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("reversed")
	r := c.say("Rückruf wegen VPN bitte, Sven Albers, 040 9090 8080, am Mittwoch zwischen 16 und 14 Uhr")
	contains(t, r.text, "Da endet die Zeitspanne, bevor sie beginnt.")
	expectAsk(t, r, "callback", "time")
	r = c.say("sorry, zwischen 14 und 16")
	expectAsk(t, r, "callback", "confirm")
	contains(t, r.text, "Mittwoch", "14:00–16:00")
}

// TestUrgentWithoutTimeIsSoon: "Es eilt!" without a time is taken as "so
// bald wie möglich" rather than asking when (probe set U: asked when, and
// the client's "ja" was no time), and "und noch: …" at the summary adds to
// the topic instead of being answered as a coverage question.
func TestUrgentWithoutTimeIsSoon(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("eilt")
	r := c.say("Können Sie mich zurückrufen? Es eilt! Unsere Kasse bucht keine Kartenzahlungen mehr. Karl Brink, 0178 5566778")
	expectAsk(t, r, "callback", "confirm")
	contains(t, r.text, "so bald wie möglich")
	c2 := w.client("addtopic")
	expectAsk(t, c2.say("Rückruf bitte wegen VPN-Abbrüchen, Ali Demir, 0152 33445566, am Mittwoch ab 9"), "callback", "confirm")
	r = c2.say("und noch: es betrifft auch den Laptop von Frau Kim")
	expectAsk(t, r, "callback", "confirm")
	contains(t, r.text, "VPN-Abbrüchen; es betrifft auch den Laptop von Frau Kim")
	lacks(t, r.text, "abgedeckt")
}
