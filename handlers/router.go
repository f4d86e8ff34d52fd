package handlers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/knowledge"
	"github.com/mspbot/mspbot/nlu"
	"github.com/mspbot/mspbot/scheduling"
	"github.com/mspbot/mspbot/tickets"
)

// route is where a message goes. The order of the rules in decide is the
// whole routing of mspbot; everything else only carries it out.
type route string

// The routes, in the order decide tries them.
const (
	// With a dialogue open (callback, vendor appointment, protocol):
	routeCancel   route = "cancel"   // the client withdraws the request
	routeSwitch   route = "switch"   // the client starts another job; the open one is left
	routeDialogue route = "dialogue" // the dialogue takes the values and acts of the message
	routeSide     route = "side"     // a question beside it: answered, then the dialogue asks again
	// Without one:
	routeResume            route = "resume"             // a time for the vendor request refused just before ("heute noch"): booked from its draft
	routePending           route = "pending"            // the answer to an open yes/no question (an offered callback …)
	routeWithdrawFiled     route = "withdraw_filed"     // "bitte wieder stornieren" about the record just filed
	routeReschedule        route = "reschedule"         // "können wir den Termin auf Donnerstag verschieben?"
	routeBookContext       route = "book_context"       // "ok, let's book it" right after how vendor access is booked
	routeBookSame          route = "book_same"          // "same for the second server, GIS-NL2" after an appointment was held
	routeWrittenAnswer     route = "written_answer"     // "put that in writing" after a contract answer
	routeDeskHelp          route = "desk_help"          // "und wenn die nur am PC was zeigen?" after a vendor booking
	routeWithdrawnAsk      route = "withdrawn_ask"      // "ja", "is der jetzt weg?" right after a callback request was withdrawn
	routeAnotherCallback   route = "another_callback"   // "und noch einer, separat: …" with a name or number after a callback was filed
	routeRefusalKept       route = "refusal_kept"       // "Sie sind mir zur Auskunft verpflichtet" after another client's data was refused
	routeFiled             route = "filed"              // a repeated "ja" after a record was filed
	routeFiledTodo         route = "filed_todo"         // "muss ich an dem Tag noch was machen?" about the vendor appointment just booked
	routeFiledAsk          route = "filed_ask"          // "bekommt der Techniker Bescheid?", "welche Nummer hat das?" about the record just filed
	routeFiledKeep         route = "filed_keep"         // "der wegen dem WLAN bleibt aber bestehen!" about one of the requests filed
	routeAmendFiled        route = "amend_filed"        // "geht derselbe Tag auch von 14 bis 16 Uhr?", "call my office line instead" after a callback was filed
	routeFiledNoted        route = "filed_noted"        // "was haben Sie bei mir notiert?", "the technician knows it's about the Wi-Fi, right?" after a filing
	routeOthersData        route = "others_data"        // someone else's request or data: refused, confidentiality
	routeFirstTopic        route = "first_topic"        // "und nochmal zu dem, was ich ganz am Anfang gefragt hatte": the first answer again
	routeNextSteps         route = "next_steps"         // "und jetzt??", "what happens next?" with nothing filed: the next step, a call offered
	routeStandingAccess    route = "standing_access"    // "and afterwards they just keep the account, right?": the account is enabled only in the window
	routeVendorCredentials route = "vendor_credentials" // "schickt ihr ihm das Passwort per Mail?": no passwords by mail, the account enabled for the window
	routeOral              route = "oral"               // "am Telefon ausgemacht, reicht das?": the SOP's rule, a protocol and the booking offered
	routeRequest           route = "request"            // a job: callback, vendor booking or its status, protocol, ticket status, forget-me
	routeEmergency         route = "emergency"          // "und im Notfall?" right after the vendor-access rules
	routeServerAfterHelp   route = "server_after_help"  // a server named right after the program-help answer
	routeFollowUp          route = "followup"           // a question about what was just answered ("warum?", "was kostet das?")
	routeSocial            route = "social"             // greeting, help, "are you a bot?", thanks, "ok"
	routeAnswer            route = "answer"             // a question the knowledge base answers (or is unsure of, said so)
	routeFallback          route = "fallback"           // nothing understood: said honestly, with a way to a person
)

// relevance says how much a message answers the open dialogue.
type relevance int

// The degrees of relevance.
const (
	// unrelated: nothing in the message is for the dialogue.
	unrelated relevance = iota
	// weak: the message could be a bare answer to the open question ("VPN
	// geht nicht" when the topic was asked).
	weak
	// strong: the message gives values or acts the dialogue uses.
	strong
)

// dialogue is an open dialogue as the router sees it.
type dialogue interface {
	// relevance says how much m answers what the dialogue waits for.
	relevance(st *convState, m *nlu.Message) relevance
	// take merges m into the dialogue and answers.
	take(ctx context.Context, t *turn, st *convState, m *nlu.Message) error
	// prompt asks again for what the dialogue waits for; back says that
	// it follows an answer to a side question.
	prompt(ctx context.Context, t *turn, st *convState, back bool) error
	// cancel withdraws the dialogue.
	cancel(ctx context.Context, t *turn, st *convState) error
}

// env is what decide needs to know beyond the state and the message.
type env struct {
	// open is the open dialogue, nil when none is.
	open dialogue
	// protocolHere: the conversation has a protocol being recorded that
	// lines without a command go to.
	protocolHere bool
	// protocolChange: the message replaces a value ("bitte 18.12. statt
	// 17.12. eintragen") that belongs to the conversation's latest
	// protocol (an item contains it, or the protocol is still being
	// drafted or signed by the writer).
	protocolChange bool
	// turn is the session's message count.
	turn int
}

// decide routes m. It is a pure function of the state, the message and
// env, so that a table test pins sentences to routes.
func decide(st *convState, m *nlu.Message, e env) route {
	if m.VendorCredentials && !m.Forget {
		// "schickt ihr dem Techniker das Passwort per Mail?": how the
		// vendor account works, whatever is open
		return routeVendorCredentials
	}
	if m.AsksStandingAccess && !m.AdminPermanent && len(m.Emails) == 0 && m.System == "" && (m.When.Window == nil || m.When.Window.ASAP) && m.Protocol == nlu.ProtoNone && !m.Callback {
		// "Könnte er nicht einfach dauerhaft einen Zugang bekommen?",
		// "and afterwards they just keep the account, right?"
		return routeStandingAccess
	}
	if keepsRefusal(st, m, e.turn) {
		// "Das sehe ich anders. Ich bin Organ der Rechtspflege …" after
		// another client's data was refused: still refused, and when
		// confidential data is passed on at all (consent, a court order)
		return routeRefusalKept
	}
	if m.OthersData || asksAboutOtherOrg(st, m) {
		// "worum ging's bei der Kanzlei Brandt?", "which other companies
		// run abas?": refused first, whatever is open
		return routeOthersData
	}
	if e.open != nil {
		if m.Acts.Cancel && !withdrawsRecord(m) && !givesValues(m) && !(st.Dialogue == dialogueCallback && dropsTopicPart(st.Callback, m)) {
			return routeCancel
		}
		if m.Acts.Decline && !m.Question && (st.Dialogue == dialogueCallback || st.Dialogue == dialogueVendor) {
			// "hat sich erledigt, brauche doch keinen Rückruf" while the
			// request is being taken: it is withdrawn
			return routeCancel
		}
		if m.TicketCancel && st.Dialogue == dialogueCallback && !slices.ContainsFunc(m.Refs, func(s string) bool { return strings.HasPrefix(s, "CB-") }) {
			// "Please scrap that request." while the request is being
			// taken: it is that request, not one filed before
			return routeCancel
		}
		rel := e.open.relevance(st, m)
		switch {
		case startsOther(st, m) && (rel < strong || startsJob(st, m)):
			return routeSwitch
		case rel == strong:
			return routeDialogue
		case m.Social == nlu.SocialAway:
			// "warte, Kunde ist da", "one sec": the dialogue waits
			return routeSide
		case rel == weak && !m.Question && !sideRequest(m):
			return routeDialogue
		case m.Question || sideRequest(m) || knowledgeAnswers(m) || m.Social != nlu.SocialNone:
			return routeSide
		}
		return routeDialogue
	}
	if resumesDraft(st, m, e.turn) {
		// "ok, kein Notfall. dann am 17.12. ab 10 Uhr": the refused
		// request goes on, with what it said
		return routeResume
	}
	if p := st.Pending; p != nil && e.turn-p.Turn <= 3 && (answersYes(m) || answersNo(m) || p.Kind == pendingVendor && booksFromContext(m)) {
		return routePending
	}
	if f := st.Filed; f != nil && e.turn-f.Turn <= filedTurns && f.Kind == "callback" && st.Dialogue == noDialogue && amendsFiled(m) {
		return routeAmendFiled
	}
	if f := st.Filed; f != nil && e.turn-f.Turn <= filedTurns && (m.Acts.Cancel && !m.Question || m.CancelAsk) && !m.AsksCanCancel &&
		(m.VendorAsk == nlu.VendorNone || m.VendorAsk == nlu.VendorCancel) && !m.Callback && m.Protocol == nlu.ProtoNone {
		// "hat sich erledigt, bitte stornieren" after a filing: that record
		return routeWithdrawFiled
	}
	if f := st.Filed; f != nil && e.turn-f.Turn <= filedTurns && m.AsksState && m.VendorAsk == nlu.VendorNone && !m.Status && !m.AsksCanCancel {
		// "und, ist das jetzt fix?": the record filed last
		return routeRequest
	}
	if w := st.Withdrawn; w != nil && e.turn-w.Turn <= filedTurns && st.Dialogue == noDialogue && st.Pending == nil &&
		(m.Acts.OnlyYes && e.turn-w.Turn <= 2 || m.AsksGone && len(m.Refs) == 0) {
		// "ja" or "is der jetzt weg?" right after a request was withdrawn
		return routeWithdrawnAsk
	}
	if f := st.Filed; f != nil && e.turn-f.Turn <= filedTurns && f.Kind == "callback" && st.Dialogue == noDialogue &&
		m.AnotherOne && (m.Phone != nil || m.Name != "") && (!m.Question || m.Callback) {
		// "Und noch einer, separat: Filiale HL, Hr. Brandt, Tel. …":
		// another callback, with what it says
		return routeAnotherCallback
	}
	if f := st.Filed; f != nil && e.turn-f.Turn <= filedTurns && f.Kind == "vendor_appointment" && st.Dialogue == noDialogue &&
		m.SameFor && m.System != "" && !m.Acts.Cancel && !m.CancelAsk {
		// "Same for the second server, GIS-NL2-…, same day 1 to 3 pm"
		return routeBookSame
	}
	if m.Reschedule && !m.Acts.Cancel && !m.CancelAsk && reschedulable(st, m, e.turn) {
		return routeReschedule
	}
	if changesProtocol(m, e) {
		// "moment, bitte 18.12. statt 17.12. eintragen" about the protocol
		// being signed here
		return routeRequest
	}
	if m.VendorAsk == nlu.VendorNone && m.BookWish && vendorBookingContext(st, e.turn) {
		return routeBookContext
	}
	if m.VendorAsk == nlu.VendorBooking && (m.Vendor == "" || m.System == "") && st.Dialogue == "" && vendorBookingContext(st, e.turn) {
		// "Alright. Then just book the preparation part: Monday from 9 to
		// 1, …" after a question about the vendor's work on ERP-DB-02:
		// the vendor and the system named before are this booking's
		return routeBookContext
	}
	if f := st.Filed; f != nil && e.turn-f.Turn <= 2 && (m.Acts.OnlyYes ||
		f.Kind == "vendor_appointment" && m.Acts.Yes && m.OneOfSeries && !m.Question && m.Occurrence == 0 && m.When.Window == nil) {
		// "Yes, only that one – all other dates stay" right after one date
		// of a series was cancelled: what was done, once more
		return routeFiled
	}
	if f := st.Filed; f != nil && e.turn-f.Turn <= filedTurns && f.Kind == "callback" && m.AsksNoted && st.Dialogue == noDialogue {
		return routeFiledNoted
	}
	if f := st.Filed; f != nil && e.turn-f.Turn <= filedTurns && f.Kind == "callback" && keepsRE.MatchString(m.Text) && !m.Acts.Cancel && !m.CancelAsk {
		// "Der wegen dem WLAN bleibt aber bitte bestehen!"
		return routeFiledKeep
	}
	if f := st.Filed; f != nil && e.turn-f.Turn <= filedTurns && f.Kind == "callback" && m.AsksWhenCalled {
		// "und wann genau melden Sie sich?": the filed request's time,
		// no new request
		return routeFiled
	}
	if f := st.Filed; f != nil && e.turn-f.Turn <= filedTurns && f.Kind == "vendor_appointment" && m.AsksClientTodo && m.VendorAsk != nlu.VendorCancel {
		return routeFiledTodo
	}
	if f := st.Filed; f != nil && e.turn-f.Turn <= filedTurns && (f.Notify != "" && m.AsksNotify || m.AsksCanCancel || m.AsksReference ||
		m.AsksWrittenConfirm && f.Confirmation != "" && !m.OthersData) {
		return routeFiledAsk
	}
	if m.OthersData {
		// "welche Nummer hat mein Bruder angegeben?": never disclosed
		return routeOthersData
	}
	if f := st.Filed; f != nil && e.turn-f.Turn <= filedTurns && f.Kind == "vendor_appointment" && m.DeskHelp &&
		m.VendorAsk == nlu.VendorNone && !m.Callback && m.Protocol == nlu.ProtoNone {
		// "und wenn die nur am PC im Sekretariat was zeigen?" after a vendor
		// booking: the vendor's program help, which needs none
		return routeDeskHelp
	}
	if c := st.Context; m.AsksWrittenConfirm && c != nil && e.turn-c.Turn <= 2 && len(c.Entries) > 0 && (st.Filed == nil || st.Filed.Turn < c.Turn) &&
		!m.Callback && m.Protocol == nlu.ProtoNone && m.VendorAsk == nlu.VendorNone {
		// "Put that in writing for me, I need it for the budget file"
		// after a contract answer: where it is written, and a colleague
		// for a confirmation of the client's own contract
		return routeWrittenAnswer
	}
	if m.OralAsk && !m.Callback && m.Protocol == nlu.ProtoNone {
		return routeOral
	}
	if m.PointsFirst && st.firstQuestion() != nil && !m.Callback && e.open == nil && m.Protocol == nlu.ProtoNone && m.VendorAsk == nlu.VendorNone {
		return routeFirstTopic
	}
	if m.AsksNext && !m.Callback && m.Protocol == nlu.ProtoNone && m.VendorAsk == nlu.VendorNone {
		// "Und was passiert jetzt als Nächstes?? Die Klausur beginnt um
		// 10!" with nothing filed: what can happen now
		return routeNextSteps
	}
	if isRequest(m, e) {
		return routeRequest
	}
	if m.Emergency && m.VendorAsk == nlu.VendorNone && !m.Callback && vendorRulesContext(st, e.turn) {
		return routeEmergency
	}
	if m.MentionsServer && programHelpContext(st, e.turn) && m.VendorAsk != nlu.VendorBooking {
		// "and restarting the service on the server, still fine?" right
		// after "program help needs no booking": that is server access
		return routeServerAfterHelp
	}
	if followsUp(st, m, e.turn) || generalFollowUp(m) {
		return routeFollowUp
	}
	if m.Social != nlu.SocialNone {
		return routeSocial
	}
	if knowledgeAnswers(m) || unsureInScope(m) {
		return routeAnswer
	}
	return routeFallback
}

// recordFiled puts the record filed last into the reply's meta, as it
// stands now, when its confirmation is said again.
func (r *Router) recordFiled(ctx context.Context, t *turn, f *filedRecord) error {
	switch {
	case f.Kind == "callback" && r.Callbacks != nil:
		ev := t.ev
		ts, err := r.Callbacks.Tickets.ForClient(ctx, tickets.Actor{Platform: ev.Ref.Platform, User: ev.Ref.User, Org: ev.Org})
		if err != nil {
			return fmt.Errorf("filed record %s: %w", f.ID, err)
		}
		for _, tk := range ts {
			if tk.ID == f.ID {
				t.record(ticketRecord(tk))
			}
		}
	case f.Kind == "vendor_appointment" && r.Vendors != nil:
		a, err := r.Vendors.Appointments.Get(ctx, f.ID, r.Vendors.requester(t.ev))
		if errors.Is(err, scheduling.ErrAppointmentNotFound) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("filed record %s: %w", f.ID, err)
		}
		t.record(appointmentRecord(a))
	}
	return nil
}

// rememberWriter keeps the name a client introduced themselves with in a
// message that asks for nothing to be filed ("Hallo, hier ist Monika
// Albrecht vom Pflegedienst Sonnenschein. Das Internet geht nicht …"): a
// callback asked for later starts from it, shown in its summary.
func rememberWriter(st *convState, m *nlu.Message) {
	if st.Known.Name == "" && m.Name != "" && m.IntroducesWriter {
		st.Known.Name = nlu.TidyName(m.Name)
	}
}

// credentialWordRE names a password or other credentials.
var credentialWordRE = regexp.MustCompile(`(?i)\b(?:passw(?:or)?d\w*|passwort\w*|kennwort\w*|zugangsdaten|credentials?|login ?daten|pin|token\w*)\b`)

// keepsRefusal reports a message that argues against a refusal of
// someone else's data just given, claims a right to it ("bin doch im
// Vorstand"), or asks for a part of it instead ("dann nur die adresse??").
func keepsRefusal(st *convState, m *nlu.Message, turn int) bool {
	c := st.Context
	if c == nil || turn-c.Turn > 2 || m.Callback || m.Protocol != nlu.ProtoNone || m.VendorAsk != nlu.VendorNone || givesValues(m) {
		// "Schade. Na gut, meine Nummer: 0461 …" goes on with what was
		// being done
		return false
	}
	switch {
	case slices.Contains(c.Entries, "ethics#no-disclosure"):
		return m.PushesBack || m.Insists || m.AsksContactData || m.Knowledge.Unsure && !m.Question && len(strings.Fields(m.Text)) <= 12
	case slices.Contains(c.Entries, "ethics#confidentiality"):
		return m.AsksContactData
	}
	return false
}

// asksAboutOtherOrg reports a question about an organisation a refused
// question named before ("Was war denn letztens beim Lindenhof los?"),
// which nothing else in the message answers.
func asksAboutOtherOrg(st *convState, m *nlu.Message) bool {
	if len(st.OtherOrgs) == 0 || !m.Question || knowledgeAnswers(m) {
		return false
	}
	low := strings.ToLower(m.Text)
	for _, o := range st.OtherOrgs {
		if i := strings.Index(low, strings.ToLower(o)); i >= 0 {
			return true
		}
	}
	return false
}

// givesValues reports a message that gives a name, a number or a time:
// "ach egal, schreib auf deutsch weiter. tel. 040 …" goes on with the
// request, whatever word of giving up it holds.
func givesValues(m *nlu.Message) bool {
	return m.Phone != nil || m.Name != "" || m.When.Window != nil || len(m.Emails) > 0
}

// changesProtocol: a value replaced in words that belongs to the
// conversation's protocol, in a message that asks for nothing else.
func changesProtocol(m *nlu.Message, e env) bool {
	return m.Replacement != nil && e.protocolChange && m.Protocol == nlu.ProtoNone && !m.Callback && !m.Forget &&
		(m.VendorAsk == nlu.VendorNone || m.VendorAsk == nlu.VendorBooking)
}

// withdrawsRecord: "Termin VA-… absagen" cancels a booked appointment,
// not the dialogue.
func withdrawsRecord(m *nlu.Message) bool {
	return m.VendorAsk == nlu.VendorCancel && len(m.Refs) > 0
}

// startsOther reports whether m asks for another job than the open one.
func startsOther(st *convState, m *nlu.Message) bool {
	switch {
	case m.Forget:
		return true
	case m.Callback && st.Dialogue != dialogueCallback:
		return true
	case m.VendorAsk == nlu.VendorBooking && st.Dialogue != dialogueVendor:
		return true
	case m.Protocol == nlu.ProtoStart && st.Dialogue != dialogueProtocol:
		return true
	}
	return false
}

// startsJob reports a message that is unmistakably another job (a vendor
// booking naming vendor and system, a protocol being started), even if
// its values (a date) would fit the open dialogue.
func startsJob(st *convState, m *nlu.Message) bool {
	return m.VendorAsk == nlu.VendorBooking && m.Vendor != "" && m.System != "" && st.Dialogue != dialogueVendor ||
		m.Protocol == nlu.ProtoStart && st.Dialogue != dialogueProtocol
}

// sideRequest reports a request answered beside an open dialogue: the
// status of tickets or appointments, a protocol command elsewhere.
func sideRequest(m *nlu.Message) bool {
	return m.Status || m.TicketCancel || m.VendorAsk == nlu.VendorStatus || m.VendorAsk == nlu.VendorCancel ||
		m.VendorAsk == nlu.VendorQuestion || m.VendorAsk == nlu.VendorWorkstation ||
		m.Intent == string(knowledge.IntentTicketStatus) || m.Intent == string(knowledge.IntentContact)
}

// knowledgeAnswers reports whether the knowledge base understood m well
// enough to answer it.
func knowledgeAnswers(m *nlu.Message) bool {
	r := m.Knowledge
	return r.Intent != "" && r.Intent != knowledge.IntentOutOfScope && !r.Unsure ||
		r.Intent == knowledge.IntentOutOfScope && r.Confidence >= 0.7
}

// unsureInScope reports a question the knowledge base placed but is not
// sure of: r.answer lets the language model resolve it when one is set,
// and otherwise says honestly that it is unsure, naming the closest
// entries.
func unsureInScope(m *nlu.Message) bool {
	r := m.Knowledge
	return r.Unsure && r.Intent != "" && r.Intent != knowledge.IntentOutOfScope && m.Protocol == nlu.ProtoNone
}

// answersYes and answersNo read the answer to a yes/no question.
func answersYes(m *nlu.Message) bool {
	// the rest of "ja, machen Sie das" is no topic of its own
	details := m.Has() && !(m.Topic != "" && m.Name == "" && m.Phone == nil && len(m.Emails) == 0 &&
		m.When.Window == nil && m.When.Recurrence == nil && m.Vendor == "" && m.System == "")
	// "Fine. And while I have you – the beamer …" turns to something
	// else; its "fine" agrees to nothing
	return m.Acts.OnlyYes || m.Acts.Yes && !m.Question && !details && len(m.FollowUps) == 0 && !m.NewTopic
}

func answersNo(m *nlu.Message) bool { return m.Acts.No || m.Acts.Decline }

// isRequest reports a request for a job.
func isRequest(m *nlu.Message, e env) bool {
	switch {
	case m.Forget, m.Callback, m.Status, m.TicketCancel, m.BareStatus, m.AsksReference:
		return true
	case m.VendorAsk != nlu.VendorNone:
		return true
	case m.Protocol == nlu.ProtoLines:
		return e.protocolHere || m.ProtocolBlock()
	case m.Protocol != nlu.ProtoNone:
		return true
	case m.Intent == string(knowledge.IntentTicketStatus) && m.Knowledge.Confidence >= 0.5:
		return true
	case m.Intent == string(knowledge.IntentCallback) && m.Knowledge.Confidence >= 0.5 && len(m.FollowUps) == 0:
		return true
	}
	return false
}

// filedTurns is how many messages "storniere das bitte" still means the
// record filed last.
const filedTurns = 8

// contextTurns is how many messages a topic stays the context of
// follow-up questions.
const contextTurns = 4

// followsUp reports a question about what was just answered: a follow-up
// cue ("warum?", "was kostet das?", "und wenn nicht?") on a recent topic,
// or an elliptic continuation ("und der Drucker?") the knowledge base
// cannot place on its own.
func followsUp(st *convState, m *nlu.Message, turn int) bool {
	c := st.Context
	if c == nil || turn-c.Turn > contextTurns || m.NewTopic {
		return false
	}
	if len(m.FollowUps) > 0 {
		return true
	}
	// a question that only points back ("ob das bei uns drinsteht?") is
	// one when the knowledge base cannot place it at all; one that names
	// a topic of its own, however unsure, is a question of its own
	return m.Continues && (m.Knowledge.Unsure || m.Knowledge.Intent == knowledge.IntentOutOfScope) ||
		m.PointsBack && (m.Knowledge.Intent == knowledge.IntentOutOfScope || m.Knowledge.Unsure && m.BareCoverage)
}

// booksFromContext: a message that goes on with a booking offered before
// ("ok, server is APP-02, 4 hours, 12 January from 8").
func booksFromContext(m *nlu.Message) bool {
	return m.VendorAsk == nlu.VendorNone && !m.Acts.No && !m.Question &&
		(m.BookWish || m.System != "" || m.When.Window != nil || m.When.Duration != nil || len(m.Emails) > 0)
}

// vendorBookingContext reports whether the last answer was how vendor
// access is booked, about a message that named what the vendor is to do.
func vendorBookingContext(st *convState, turn int) bool {
	c := st.Context
	return c != nil && turn-c.Turn <= contextTurns && c.Text != "" &&
		(c.Intent == "vendor_appointment" || slices.Contains(c.Entries, "sop#vendor-access"))
}

// reschedulable: the message names an appointment, or one was just held.
func reschedulable(st *convState, m *nlu.Message, turn int) bool {
	if rescheduleID(st, m) == "" {
		return false
	}
	if f := st.Filed; f != nil && f.Kind == "vendor_appointment" && turn-f.Turn <= filedTurns {
		return true
	}
	return slices.ContainsFunc(m.Refs, func(r string) bool { return strings.HasPrefix(r, "VA-") })
}

// rescheduleID is the appointment to move: the one named, else the one
// held last in this conversation.
func rescheduleID(st *convState, m *nlu.Message) string {
	for _, r := range m.Refs {
		if strings.HasPrefix(r, "VA-") {
			return r
		}
	}
	if f := st.Filed; f != nil && f.Kind == "vendor_appointment" {
		return f.ID
	}
	return ""
}

// canWithdraw answers "can I cancel it later?" about a callback request
// or a vendor appointment (id when filed).
func canWithdraw(kind, id, lang string) string {
	if kind == "vendor_appointment" {
		if id == "" {
			id = "VA-…"
		}
		return generalTexts.t(lang, "can_withdraw_vendor", id)
	}
	if id == "" {
		id = "CB-…"
	}
	return generalTexts.t(lang, "can_withdraw_callback", id)
}

// programHelpContext reports whether the last answer was that program
// help on a workstation needs no booking.
func programHelpContext(st *convState, turn int) bool {
	c := st.Context
	return c != nil && turn-c.Turn <= contextTurns && slices.Contains(c.Entries, "sop#program-help")
}

// namesServerWork reports a message that names server work to be done,
// not only asks about it: a statement, or a question that gives a
// system, a time or a length.
func namesServerWork(m *nlu.Message) bool {
	return !m.Question || m.System != "" || m.When.Window != nil || m.When.Span != nil || m.When.Duration != nil
}

// vendorRulesContext reports whether the conversation was just about the
// rules for vendor access (lead time, disabled accounts, admin rights).
func vendorRulesContext(st *convState, turn int) bool {
	c := st.Context
	if c == nil || turn-c.Turn > contextTurns {
		return false
	}
	for _, id := range c.Entries {
		switch id {
		case "sop#lead-time", "sop#vendor-access", "sop#disabled-accounts", "sop#admin-rights", "sop#first-line":
			return true
		}
	}
	return false
}

// generalFollowUp reports a question of a follow-up kind that needs no
// context ("Was kostet eine Stunde Support?", "Wie schnell reagiert ihr?",
// "Was deckt der Vertrag ab?", "was bedeutet es, wenn wir der Empfehlung
// nicht folgen?") and that is no coverage question about a task.
func generalFollowUp(m *nlu.Message) bool {
	if len(m.FollowUps) == 0 {
		return false
	}
	own := m.Knowledge
	if knowledgeAnswers(m) && own.Confidence >= 0.75 && own.Intent != knowledge.IntentCoverage {
		// "ihr kriegt Provision? dann wäre eure Empfehlung nicht neutral":
		// the knowledge base has the answer itself
		return false
	}
	taskQuestion := own.Intent == knowledge.IntentCoverage && !own.Unsure && own.Confidence >= 0.5 && m.AsksCoverage
	for _, k := range m.FollowUps {
		switch k {
		case nlu.FollowScope:
			return true
		case nlu.FollowCost, nlu.FollowSpeed, nlu.FollowRisk, nlu.FollowFindOut:
			if !taskQuestion {
				return true
			}
		}
	}
	return false
}

// Router is mspbot's message handler: it reads each message once (nlu),
// decides where it goes (decide) and lets the open dialogue, the jobs or
// the knowledge answers reply, with the conversation's state loaded and
// saved around it.
type Router struct {
	Deps
}

func (r *Router) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

func (r *Router) log() *slog.Logger {
	if r.Logger != nil {
		return r.Logger
	}
	return slog.Default()
}

// Handle implements bot.Handler for messages.
func (r *Router) Handle(ctx context.Context, rw bot.Responder, req *bot.Request) error {
	st, err := loadState(req.Session)
	if err != nil {
		r.log().Warn("starting the conversation afresh", "component", "router", "ref", req.Reference, "err", err)
	}
	m := r.Reader.Read(req.Event.Text, r.now())
	r.aboutTheVendor(st, m, req.Session.Turns)
	sure := m.LangShown || req.Session.Lang != ""
	lang := chooseLang(req.Session.Lang, m)
	req.Session.Lang = lang
	t := newTurn(rw, req, st, m, lang)
	t.langSure = sure
	if m.Complaint {
		// "Letzte Woche hab ich um Rückruf gebeten und es hat sich NIEMAND
		// gemeldet": an apology first, then what the message asks
		t.say(generalTexts.t(lang, "sorry"))
	}
	e := env{open: r.open(st), turn: req.Session.Turns}
	if m.Protocol == nlu.ProtoLines && r.Protocols != nil && e.open == nil {
		e.protocolHere = r.Protocols.activeHere(ctx, req.Event)
	}
	if m.Replacement != nil && r.Protocols != nil && e.open == nil {
		e.protocolChange = r.Protocols.replaceable(ctx, req.Event, m.Replacement.Not)
	}
	if done, err := r.insistOnRule(ctx, t, st, m); err != nil {
		return err
	} else if done {
		if err := t.flush(ctx); err != nil {
			return err
		}
		return saveState(req.Session, st)
	}
	rt := decide(st, m, e)
	// "Guten Tag, Melanie Krause hier, … einen Termin für unseren
	// CAD-Hersteller": whatever is asked, a later callback starts from it
	rememberWriter(st, m)
	r.log().LogAttrs(ctx, slog.LevelDebug, "route", slog.String("component", "router"), slog.String("ref", req.Reference),
		slog.String("route", string(rt)), slog.String("intent", m.Intent), slog.String("dialogue", string(st.Dialogue)))
	before := st.Context
	if err := r.dispatch(ctx, t, st, m, e, rt); err != nil {
		return err
	}
	keepContextTopic(st, before, m)
	if err := t.flush(ctx); err != nil {
		return err
	}
	return saveState(req.Session, st)
}

// amendsFiled reports a message that may change the callback filed last:
// a time of day, a number or a detail added, and no new request, status
// question or withdrawal (amendFiled decides with the record).
func amendsFiled(m *nlu.Message) bool {
	if m.Status || m.BareStatus || m.Acts.Cancel || m.CancelAsk || m.Protocol != nlu.ProtoNone || m.VendorAsk != nlu.VendorNone ||
		newRequestRE.MatchString(m.Text) {
		return false
	}
	w := m.When.Window
	return w != nil && !w.ASAP && !w.NoClock || m.Phone != nil && m.Phone.E164 != "" || amendInfoRE.MatchString(m.Text)
}

// keepsRE says a request stays ("bleibt bestehen", "stays open").
var keepsRE = regexp.MustCompile(`(?i)\b(?:bleibt\s+(?:\w+\s+){0,3}(?:bestehen|offen|aktiv|drin)|soll\s+(?:\w+\s+){0,2}bleiben|(?:stays|remains)\s+(?:open|on|active)?|keep\s+(?:the\s+)?(?:other|second|that)(?:\s+one)?)\b`)

// theyRE is a person the message names only by a pronoun ("can they just
// log in on their own?", "darf er dann allein drauf?").
var theyRE = regexp.MustCompile(`(?i)\b(?:they|them|their|he|him|his|er|ihn|die|denen|deren|(?:der|den|dem) techniker|the (?:tech|technician|engineer))\b`)

// insistOnRule answers a client who presses for what a rule of vendor
// access just answered does not allow ("Ich übernehme die volle
// Verantwortung, schalten Sie das Konto einfach frei!"): with the rule
// again, and for the lead time the urgent callback offered again; it was
// read as a new question (probe set AJ: remote support).
func (r *Router) insistOnRule(ctx context.Context, t *turn, st *convState, m *nlu.Message) (bool, error) {
	c := st.Context
	turn := t.req.Session.Turns
	if m.Insists && st.Dialogue == dialogueVendor && r.Knowledge != nil && m.When.Window == nil && len(m.Emails) == 0 {
		// "Können Sie nicht einmal eine Ausnahme machen? Sie müssten nur
		// den Account kurz freischalten." while the booking is taken: the
		// lead time holds, and the booking goes on
		t.setIntent(string(knowledge.IntentPolicy))
		t.say(generalTexts.t(t.lang, "insist"))
		if err := r.answerEntry(ctx, t, st, m, "sop#lead-time"); err != nil {
			return true, err
		}
		if d := r.open(st); d != nil {
			return true, d.prompt(ctx, t, st, true)
		}
		return true, nil
	}
	if !m.Insists || c == nil || turn-c.Turn > 2 || c.Intent != string(knowledge.IntentPolicy) || len(c.Entries) == 0 ||
		!strings.HasPrefix(c.Entries[0], "sop#") || st.Dialogue != noDialogue || r.Knowledge == nil {
		return false, nil
	}
	entry := c.Entries[0]
	st.Pending = nil
	t.setIntent(string(knowledge.IntentPolicy))
	t.say(generalTexts.t(t.lang, "insist"))
	if err := r.answerEntry(ctx, t, st, m, entry); err != nil {
		return true, err
	}
	// the request the rule was about stays what a booking builds on
	st.Context.Text = c.Text
	if entry == "sop#lead-time" && r.Callbacks != nil {
		pre := r.Callbacks.prefill(st, m)
		pre.Urgent, pre.ASAP = true, true
		pre.Topic = ""
		st.Pending = &pending{Kind: pendingCallback, Prefill: pre, Turn: turn}
		t.ask("confirm", vendorTexts.t(t.lang, "now_outage"))
	}
	return true, nil
}

// accountRE names an account or access without saying whose.
var accountRE = regexp.MustCompile(`(?i)\b(?:konto|zugang|zugriff|account|login|access)\b`)

// aboutTheVendor reads a question right after a vendor booking (or a rule
// of vendor access) that names
// someone only as "they" or "he" ("if they don't finish that morning, can
// they just log in on their own later that week?") as a question about
// the vendor, when the knowledge base then reads it as one of the rules of
// vendor access; it was answered as a risk in general (probe set AI).
func (r *Router) aboutTheVendor(st *convState, m *nlu.Message, turn int) {
	f, c := st.Filed, st.Context
	booked := f != nil && f.Kind == "vendor_appointment" && turn-f.Turn <= contextTurns
	// "And if he only helps our receptionist inside the program?" right
	// after a rule of vendor access: the same vendor
	ruled := c != nil && turn-c.Turn <= 2 && c.Intent == string(knowledge.IntentPolicy) && slices.ContainsFunc(c.Entries, func(e string) bool {
		return strings.HasPrefix(e, "sop#")
	})
	// "schalten Sie das Konto einfach frei!" insisted on after the rule:
	// the vendor's account, asked or not
	about := booked && m.Question && theyRE.MatchString(m.Text) ||
		ruled && (m.Question && theyRE.MatchString(m.Text) || accountRE.MatchString(m.Text))
	if !about || st.Dialogue != noDialogue || m.Vendor != "" || r.Reader == nil {
		return
	}
	lead := "The vendor"
	if m.Lang == "de" {
		lead = "Der Hersteller"
	}
	k := r.Reader.ClassifyAbout(lead, m.Text)
	if k.Intent != knowledge.IntentPolicy || k.Unsure || m.Knowledge.Intent == knowledge.IntentPolicy {
		return
	}
	m.Knowledge, m.Intent, m.FollowUps = k, string(k.Intent), nil
}

// keepContextTopic gives an answer given this turn the topic of the
// question it answered, or, for a follow-up ("was kostet das?"), the topic
// of the answer before (so too a question answered from the same entries).
func keepContextTopic(st *convState, before *topicContext, m *nlu.Message) {
	c := st.Context
	if c == nil || c == before || c.Topic != "" {
		return
	}
	if before != nil && before.Topic != "" && (len(m.FollowUps) > 0 || slices.Equal(c.Entries, before.Entries)) {
		// "und wenn das ein Notfall ist?" answered from the same entry
		c.Topic = before.Topic
		return
	}
	c.Topic = nlu.QuestionTopic(m.Text)
	if c.Topic == "" && before != nil {
		c.Topic = before.Topic
	}
}

// chooseLang keeps the conversation's language unless the message shows
// another one clearly.
func chooseLang(conv string, m *nlu.Message) string {
	switch {
	case m.LangShown:
		return m.Lang
	case conv != "":
		return conv
	case m.Lang != "":
		return m.Lang
	}
	return "de"
}

// open returns the open dialogue's handler, nil when none is open.
func (r *Router) open(st *convState) dialogue {
	switch st.Dialogue {
	case dialogueCallback:
		if r.Callbacks != nil && st.Callback != nil {
			return r.Callbacks
		}
	case dialogueVendor:
		if r.Vendors != nil && st.Vendor != nil {
			return r.Vendors
		}
	case dialogueProtocol:
		if r.Protocols != nil && st.Protocol != nil {
			return r.Protocols
		}
	}
	st.endDialogue()
	return nil
}

func (r *Router) dispatch(ctx context.Context, t *turn, st *convState, m *nlu.Message, e env, rt route) error {
	if rt != routePending && st.Pending != nil && m.Acts.No {
		// "Not right now, thanks. Another thing: …": the open question
		// was answered no, whatever else the message goes on to ask; a
		// later "great, thanks" is no yes to it
		st.Pending = nil
	}
	switch rt {
	case routeCancel:
		return e.open.cancel(ctx, t, st)
	case routeSwitch:
		r.leave(t, st)
		return r.request(ctx, t, st, m, e)
	case routeDialogue:
		return e.open.take(ctx, t, st, m)
	case routeSide:
		if err := r.side(ctx, t, st, m, e); err != nil {
			return err
		}
		return e.open.prompt(ctx, t, st, true)
	case routeFiled:
		t.setIntent(st.Filed.Kind)
		if st.Filed.Kind == "callback" && r.Callbacks != nil && m.AsksWhenCalled {
			// "wann ruft ihr jetzt wegen dem Drucker an?" of two requests:
			// the one named
			if ok, err := r.Callbacks.sayNamed(ctx, t, m, false, st.Filed.ID); err != nil || ok {
				return err
			}
		}
		t.say(st.Filed.Confirmation)
		return r.recordFiled(ctx, t, st.Filed)
	case routeAmendFiled:
		if r.Callbacks != nil {
			if ok, err := r.Callbacks.amendFiled(ctx, t, st, m); err != nil || ok {
				return err
			}
		}
		return r.request(ctx, t, st, m, e)
	case routeFiledNoted:
		// what the filed request says: its topic, state and time
		t.setIntent("ticket_status")
		if ok, err := r.Callbacks.sayNamed(ctx, t, m, false, ""); err != nil || ok {
			return err
		}
		return r.Callbacks.status(ctx, t, st, m)
	case routeFiledKeep:
		t.setIntent("ticket_status")
		if ok, err := r.Callbacks.sayNamed(ctx, t, m, true, ""); err != nil || ok {
			return err
		}
		t.say(st.Filed.Confirmation)
		return nil
	case routeWithdrawFiled:
		if st.Filed.Kind == "vendor_appointment" && r.Vendors != nil {
			return r.Vendors.cancelAsked(ctx, t, st, m)
		}
		if r.Callbacks != nil {
			return r.Callbacks.withdraw(ctx, t, st, m)
		}
		return r.fallback(ctx, t, st, m)
	case routeReschedule:
		if r.Vendors == nil {
			return r.fallback(ctx, t, st, m)
		}
		return r.Vendors.reschedule(ctx, t, st, m, rescheduleID(st, m))
	case routeWrittenAnswer:
		t.setIntent(st.Context.Intent)
		if srcs := r.sources(st.Context.Entries, t.lang); len(srcs) > 0 {
			t.say(generalTexts.t(t.lang, "written_answer", strings.Join(srcs, "; ")))
		}
		if r.Callbacks != nil {
			r.offerCallback(t, st, m, false)
			t.ask("confirm", generalTexts.t(t.lang, "written_offer"))
		}
		return nil
	case routeDeskHelp:
		return r.answerEntry(ctx, t, st, m, "sop#program-help")
	case routeWithdrawnAsk:
		t.setIntent("ticket_status")
		t.say(ticketTexts.t(t.lang, "withdraw_already", st.Withdrawn.ID))
		return nil
	case routeAnotherCallback:
		if r.Callbacks == nil {
			return r.fallback(ctx, t, st, m)
		}
		return r.Callbacks.start(ctx, t, st, m)
	case routeRefusalKept:
		own := st.Context != nil && st.Context.Credentials
		if err := r.answerEntry(ctx, t, st, m, "ethics#confidentiality"); err != nil || !own {
			return err
		}
		// "Come on, it's MY server": the way to the password of one's own
		// system is a technician, not this chat
		t.say(generalTexts.t(t.lang, "credentials_own"))
		return nil
	case routeBookSame:
		if r.Vendors == nil {
			return r.fallback(ctx, t, st, m)
		}
		return r.Vendors.bookSame(ctx, t, st, m, st.Filed.ID)
	case routeFiledTodo:
		t.setIntent("vendor_appointment")
		t.say(vendorTexts.t(t.lang, "client_todo", st.Filed.ID))
		return nil
	case routeFiledAsk:
		t.setIntent(st.Filed.Kind)
		switch {
		case m.AsksReference:
			t.say(generalTexts.t(t.lang, "reference", st.Filed.ID))
		case m.AsksCanCancel:
			t.say(canWithdraw(st.Filed.Kind, st.Filed.ID, t.lang))
		case m.AsksWrittenConfirm && !m.AsksNotify:
			// "Können Sie mir das schriftlich bestätigen?" right after
			// the filing: the confirmation, again, in writing here
			t.say(generalTexts.t(t.lang, "in_writing", st.Filed.Confirmation))
			return r.recordFiled(ctx, t, st.Filed)
		default:
			if m.AsksNoted && st.Filed.Confirmation != "" {
				// "Können Sie mir nochmal sagen, was jetzt ausgemacht
				// ist? Und kriegt MediFox das auch mitgeteilt?"
				t.say(st.Filed.Confirmation)
			}
			t.say(st.Filed.Notify)
		}
		return nil
	case routeResume:
		if r.Vendors == nil {
			return r.fallback(ctx, t, st, m)
		}
		return r.Vendors.resume(ctx, t, st, m)
	case routePending:
		return r.pending(ctx, t, st, m, e)
	case routeRequest:
		return r.request(ctx, t, st, m, e)
	case routeBookContext:
		if r.Vendors == nil {
			return r.fallback(ctx, t, st, m)
		}
		return r.Vendors.startFrom(ctx, t, st, r.Reader.Read(st.Context.Text, r.now()), m)
	case routeServerAfterHelp:
		// that part needs a booked window; server work named (not only
		// asked about: "does that change things?") starts the booking
		// from both messages
		before := st.Context.Text
		if err := r.answerFollowUpEntry(ctx, t, st, m, nlu.FollowRisk); err != nil || r.Vendors == nil || before == "" || !namesServerWork(m) {
			return err
		}
		return r.Vendors.startFrom(ctx, t, st, r.Reader.Read(before, r.now()), m)
	case routeOthersData:
		for _, o := range m.Orgs {
			if !slices.Contains(st.OtherOrgs, o) && len(st.OtherOrgs) < maxOtherOrgs {
				st.OtherOrgs = append(st.OtherOrgs, o)
			}
		}
		if err := r.answerEntry(ctx, t, st, m, "ethics#no-disclosure"); err != nil {
			return err
		}
		if st.Context != nil && credentialWordRE.MatchString(m.Text) {
			st.Context.Credentials = true
		}
		return nil
	case routeFirstTopic:
		first := st.firstQuestion()
		if first.Topic != "" {
			t.say(generalTexts.t(t.lang, "first_topic", first.Topic))
		}
		return r.answerEntry(ctx, t, st, m, first.Entry)
	case routeNextSteps:
		t.setIntent("callback")
		t.say(generalTexts.t(t.lang, "next_steps"))
		r.offerCallback(t, st, m, false)
		return nil
	case routeStandingAccess:
		t.setIntent("policy")
		t.say(vendorTexts.t(t.lang, "no_standing") + r.sourceLine([]string{"sop#disabled-accounts"}, t.lang))
		if e.open != nil {
			return e.open.prompt(ctx, t, st, true)
		}
		return nil
	case routeVendorCredentials:
		t.setIntent("policy")
		t.say(vendorTexts.t(t.lang, "credentials"))
		if e.open != nil {
			return e.open.prompt(ctx, t, st, true)
		}
		return nil
	case routeOral:
		return r.oralAgreement(ctx, t, st, m)
	case routeEmergency:
		return r.vendorEmergency(ctx, t, st, m)
	case routeFollowUp:
		return r.followUp(ctx, t, st, m)
	case routeSocial:
		return r.social(ctx, t, st, m)
	case routeAnswer:
		return r.answer(ctx, t, st, m, false)
	case routeFallback:
		return r.fallback(ctx, t, st, m)
	}
	return fmt.Errorf("router: unknown route %q", rt)
}

// leave closes the open dialogue for another job, saying what happens to
// what was collected.
func (r *Router) leave(t *turn, st *convState) {
	switch st.Dialogue {
	case dialogueCallback:
		t.say(generalTexts.t(t.lang, "left_callback"))
	case dialogueVendor:
		t.say(generalTexts.t(t.lang, "left_vendor"))
	case dialogueProtocol:
		if st.Protocol != nil {
			t.say(protocolTexts.t(t.lang, "left", st.Protocol.ID))
		}
	}
	st.endDialogue()
}

// side answers a question asked while a dialogue is open, without
// starting anything new.
func (r *Router) side(ctx context.Context, t *turn, st *convState, m *nlu.Message, e env) error {
	switch {
	case m.TicketCancel && r.Callbacks != nil:
		return r.Callbacks.withdraw(ctx, t, st, m)
	case m.StatusOfBoth && r.Vendors != nil && r.Callbacks != nil:
		return r.statusOfBoth(ctx, t, st)
	case m.Status || m.Intent == string(knowledge.IntentTicketStatus) && m.VendorAsk == nlu.VendorNone:
		return r.Callbacks.status(ctx, t, st, m)
	case m.VendorAsk == nlu.VendorStatus && r.Vendors != nil:
		return r.Vendors.list(ctx, t)
	case m.VendorAsk == nlu.VendorCancel && r.Vendors != nil:
		return r.Vendors.cancelAsked(ctx, t, st, m)
	case m.VendorAsk == nlu.VendorWorkstation || m.DeskHelp && m.Question && st.Dialogue == dialogueVendor:
		// program help at a workstation while a booking is taken
		return r.answerEntry(ctx, t, st, m, "sop#program-help")
	case m.VendorAsk == nlu.VendorNow && r.Vendors != nil && st.Dialogue != dialogueVendor:
		// "could you just enable our vendor account right now?" while a
		// callback is taken: the rule, and the callback goes on
		r.vendorNowRule(ctx, t, st, m)
		return nil
	case m.AsksReference && (st.Dialogue == dialogueCallback || st.Dialogue == dialogueVendor):
		t.say(generalTexts.t(t.lang, "reference_later"))
		return nil
	case m.AsksCanCancel && (st.Dialogue == dialogueCallback || st.Dialogue == dialogueVendor):
		kind := "callback"
		if st.Dialogue == dialogueVendor {
			kind = "vendor_appointment"
		}
		t.say(canWithdraw(kind, "", t.lang))
		return nil
	}
	if d, ok := e.open.(interface {
		sideQuestion(ctx context.Context, t *turn, st *convState, m *nlu.Message) bool
	}); ok && d.sideQuestion(ctx, t, st, m) {
		return nil
	}
	switch {
	case len(m.FollowUps) > 0 && st.Context != nil && followsUp(st, m, e.turn) && (e.turn-st.Context.Turn <= 2 || !knowledgeAnswers(m)):
		return r.followUp(ctx, t, st, m)
	case m.Social != nlu.SocialNone:
		return r.social(ctx, t, st, m)
	case knowledgeAnswers(m) || unsureInScope(m):
		return r.answer(ctx, t, st, m, true)
	}
	return r.fallback(ctx, t, st, m)
}

// request starts or serves a job the message asks for.
func (r *Router) request(ctx context.Context, t *turn, st *convState, m *nlu.Message, e env) error {
	switch {
	case m.Forget && r.Callbacks != nil:
		return r.forgetAsk(ctx, t, st)
	case m.TicketCancel && r.Callbacks != nil:
		return r.Callbacks.withdraw(ctx, t, st, m)
	case m.StatusOfBoth && r.Callbacks != nil && r.Vendors != nil:
		return r.statusOfBoth(ctx, t, st)
	case changesProtocol(m, e) && r.Protocols != nil:
		return r.Protocols.change(ctx, t, st, m)
	case m.Protocol == nlu.ProtoLines && r.Protocols != nil && !e.protocolHere && m.ProtocolBlock():
		// a whole protocol pasted without a command starts one
		return r.Protocols.start(ctx, t, st, m)
	case m.Protocol != nlu.ProtoNone && r.Protocols != nil && (m.Protocol != nlu.ProtoLines || e.protocolHere):
		return r.Protocols.command(ctx, t, st, m)
	case m.VendorAsk != nlu.VendorNone && r.Vendors != nil:
		return r.vendorRequest(ctx, t, st, m)
	case m.Callback && r.Callbacks != nil:
		if m.Intent == string(knowledge.IntentCoverage) && knowledgeAnswers(m) && !m.Knowledge.Unsure && (m.Question || m.AsksCoverage) {
			// a coverage question with a request for a call: answered,
			// and the callback started with what the message says (a
			// problem told with the request is no coverage question)
			r.sayCoverage(t, st, m)
		} else if rest := m.WithoutCallbackAsk(); m.AsksCoverage && rest != "" && r.Reader != nil && r.Reader.Classifier != nil {
			// "… Is fixing that covered by our contract? And could someone
			// ring me first thing Wednesday?": the question read without the
			// request for the call, answered when it is clear
			if res := r.Reader.Classifier.Classify(rest); res.Intent == knowledge.IntentCoverage && !res.Unsure && res.Confidence >= 0.5 && res.Verdict != "" {
				r.sayResult(t, res)
				st.Context = contextOf(st.Context, res, rest, t.req.Session.Turns)
			}
		}
		return r.Callbacks.start(ctx, t, st, m)
	case (m.Status || m.Intent == string(knowledge.IntentTicketStatus)) && r.Callbacks != nil:
		return r.Callbacks.status(ctx, t, st, m)
	case m.BareStatus, m.AsksReference, m.AsksState && st.Filed != nil:
		return r.bareStatus(ctx, t, st)
	case m.Intent == string(knowledge.IntentCallback) && r.Callbacks != nil:
		return r.Callbacks.start(ctx, t, st, m)
	}
	if knowledgeAnswers(m) {
		return r.answer(ctx, t, st, m, false)
	}
	return r.fallback(ctx, t, st, m)
}

// sayCoverage answers the coverage part of a message that also asks for
// a call, and remembers it as the context of the last answer.
func (r *Router) sayCoverage(t *turn, st *convState, m *nlu.Message) {
	r.sayResult(t, m.Knowledge)
	st.Context = contextOf(st.Context, m.Knowledge, m.Text, t.req.Session.Turns)
}

// bareStatus answers "Status?": about the record filed last in this
// conversation, else about everything the client has open.
func (r *Router) bareStatus(ctx context.Context, t *turn, st *convState) error {
	kind := ""
	if st.Filed != nil {
		kind = st.Filed.Kind
	}
	switch {
	case kind == "vendor_appointment" && r.Vendors != nil:
		return r.Vendors.list(ctx, t)
	case kind == "callback" && r.Callbacks != nil:
		return r.Callbacks.status(ctx, t, st, nil)
	}
	if r.Callbacks != nil {
		if err := r.Callbacks.status(ctx, t, st, nil); err != nil {
			return err
		}
	}
	if r.Vendors != nil {
		return r.Vendors.list(ctx, t)
	}
	return nil
}

// statusOfBoth answers "wie ist der Stand bei beidem, Herstellertermin und
// Rückruf?" with the client's appointments and callbacks.
func (r *Router) statusOfBoth(ctx context.Context, t *turn, st *convState) error {
	if err := r.Vendors.list(ctx, t); err != nil {
		return err
	}
	return r.Callbacks.status(ctx, t, st, nil)
}

// vendorRequest serves a request about vendor access.
func (r *Router) vendorRequest(ctx context.Context, t *turn, st *convState, m *nlu.Message) error {
	v := r.Vendors
	switch m.VendorAsk {
	case nlu.VendorStatus:
		if m.StatusOfBoth && r.Callbacks != nil {
			return r.statusOfBoth(ctx, t, st)
		}
		return v.list(ctx, t)
	case nlu.VendorCancel:
		return v.cancelAsked(ctx, t, st, m)
	case nlu.VendorBooking:
		return v.start(ctx, t, st, m)
	case nlu.VendorNow:
		return r.vendorNow(ctx, t, st, m)
	case nlu.VendorWorkstation:
		return r.answerEntry(ctx, t, st, m, "sop#program-help")
	}
	// a question about the rules: answered from the knowledge base,
	// never booked
	return r.answerPolicy(ctx, t, st, m)
}
