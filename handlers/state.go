package handlers

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/scheduling"
)

// dialogueKind names the dialogue open in a conversation.
type dialogueKind string

// The dialogues.
const (
	noDialogue       dialogueKind = ""
	dialogueCallback dialogueKind = "callback"
	dialogueVendor   dialogueKind = "vendor"
	dialogueProtocol dialogueKind = "protocol"
)

// convState is everything the handlers keep about one user in one
// conversation, stored as JSON in bot.Session.State: the open dialogue's
// form, a yes/no question waiting for an answer, what was last talked
// about, the record filed last and what the client told about themselves.
type convState struct {
	// Greeted is set once the bot has introduced itself.
	Greeted bool `json:"greeted,omitempty"`
	// Dialogue is the open dialogue; its form is the one of the same name.
	Dialogue dialogueKind  `json:"dialogue,omitempty"`
	Callback *callbackForm `json:"callback,omitempty"`
	Vendor   *vendorForm   `json:"vendor,omitempty"`
	Protocol *protocolForm `json:"protocol,omitempty"`
	// Pending is a yes/no question outside a form that waits for its
	// answer (an offered callback, deleting one's data, cancelling an
	// appointment).
	Pending *pending `json:"pending,omitempty"`
	// Context is what the bot last answered, for follow-up questions.
	Context *topicContext `json:"context,omitempty"`
	// First is the conversation's first contract question, kept once
	// another has replaced it as the Context: "what I asked you at the very
	// start" points back to it (see firstQuestion).
	First *firstTopic `json:"first,omitempty"`
	// Filed is the record filed last in this conversation.
	Filed *filedRecord `json:"filed,omitempty"`
	// VendorDraft is a vendor request the bot could not book as asked
	// ("heute noch"): a later message with a time goes on from it.
	VendorDraft *vendorDraft `json:"vendor_draft,omitempty"`
	// Known is what the client said about themselves in this session.
	Known known `json:"known,omitzero"`
	// OtherOrgs are the organisations a refused question about another
	// client's data named ("Lindenhof"): a later question about them that
	// nothing else answers is refused too.
	OtherOrgs []string `json:"other_orgs,omitempty"`
	// Withdrawn is the callback request withdrawn last: "ja, bitte
	// stornieren" right after it is about it, not the next one.
	Withdrawn *withdrawnRecord `json:"withdrawn,omitempty"`
}

// withdrawnRecord is a request withdrawn at session turn Turn.
type withdrawnRecord struct {
	ID   string `json:"id"`
	Turn int    `json:"turn"`
}

// maxOtherOrgs is how many organisations OtherOrgs keeps.
const maxOtherOrgs = 4

// pendingKind names what a pending yes/no question is about.
type pendingKind string

// The pending questions.
const (
	pendingCallback     pendingKind = "callback"      // "Soll Sie ein Mitarbeiter zurückrufen?"
	pendingForget       pendingKind = "forget"        // "Soll ich alle Ihre Daten löschen?"
	pendingCancelAppt   pendingKind = "cancel_appt"   // "Soll ich den Termin VA-… absagen?"
	pendingCancelTicket pendingKind = "cancel_ticket" // "Soll ich den Rückrufwunsch CB-… zurückziehen?"
	pendingVendor       pendingKind = "vendor"        // "Soll ich den Herstellertermin gleich einplanen?"
	pendingOral         pendingKind = "oral"          // "Soll ich die Absprache als Protokoll festhalten?"
)

// pending is a yes/no question waiting for its answer.
type pending struct {
	Kind pendingKind `json:"kind"`
	// ID is the record it is about (appointment or ticket).
	ID string `json:"id,omitempty"`
	// Prefill is what an accepted callback starts with.
	Prefill *callbackForm `json:"prefill,omitempty"`
	// Text is the client's message an accepted vendor booking starts from
	// (what they said about vendor, system and work before asking).
	Text string `json:"text,omitempty"`
	// Turn is the session turn the question was asked in; it lapses when
	// the client talks about something else.
	Turn int `json:"turn"`
}

// topicContext is what the bot last answered: the knowledge entries, the
// verdicts and the client's words, so that "warum?", "was kostet das?"
// and "und wenn nicht?" are answered about it, consistently.
//
// It is kept in every conversation that asked a question, so its JSON
// names are short (an idle conversation's memory in Redis is mostly this
// and the transcript).
type topicContext struct {
	Intent string `json:"i"`
	// Credentials: the answer refused credentials the client asked for
	// ("post our server's admin password here"), so that pushing back is
	// shown the way to them (a technician), not only the refusal.
	Credentials bool     `json:"cr,omitempty"`
	Verdict     string   `json:"v,omitempty"`
	Verdicts    []string `json:"vs,omitempty"`
	Entries     []string `json:"e,omitempty"`
	// Parts are the topics of a mixed answer, each with its entry and the
	// words the client used for it.
	Parts []contextPart `json:"p,omitempty"`
	// Text is the client's message the answer was about (kept only where a
	// later "let's book it" builds on it).
	Text string `json:"x,omitempty"`
	// Topic is what the client's question was about, in their words
	// (nlu.QuestionTopic), kept over follow-ups: a callback asked "genau
	// deswegen" takes it as its topic.
	Topic string `json:"q,omitempty"`
	Turn  int    `json:"t"`
	// Earlier are the restrictive topics of the answers just before this
	// one, still within contextTurns: "und wenn wir einfach auf dem alten
	// Server bleiben?" two answers after "unsupported software:
	// non-standard" asks about that risk.
	Earlier []earlierTopic `json:"r,omitempty"`
}

// earlierTopic is an entry of a restrictive answer given at turn T.
type earlierTopic struct {
	Entry string `json:"e"`
	Turn  int    `json:"t"`
}

// firstQuestion is the conversation's first contract question: First, or
// the Context while no other has replaced it; nil when there was none.
func (st *convState) firstQuestion() *firstTopic {
	if st.First != nil {
		return st.First
	}
	if c := st.Context; c != nil && c.Intent == "coverage" && len(c.Entries) > 0 {
		return &firstTopic{Entry: c.Entries[0], Topic: c.Topic}
	}
	return nil
}

// firstTopic is the entry and the words of the first contract question.
type firstTopic struct {
	Entry string `json:"e"`
	Topic string `json:"q,omitempty"`
}

// contextPart is one topic of a mixed answer.
type contextPart struct {
	Entry   string `json:"e"`
	Verdict string `json:"v"`
	Topic   string `json:"t"`
}

// filedRecord is the record filed last: a repeated "ja" gets the same
// confirmation, "können wir den wieder stornieren?" knows which.
type filedRecord struct {
	Kind         string `json:"kind"`
	ID           string `json:"id"`
	Confirmation string `json:"confirmation"`
	// Notify answers "who is told, and how?" about the record.
	Notify string `json:"notify,omitempty"`
	// Subject is what the record is about in a few words ("DATEV auf
	// SRV-DATEV-01: neue Version installieren"), the topic of a callback
	// asked "zum selben Thema wie eben".
	Subject string `json:"subject,omitempty"`
	Turn    int    `json:"turn"`
}

// known is what a client told about themselves in this session; a new
// request starts from it (shown and confirmed, never filed unseen).
type known struct {
	Name  string `json:"name,omitempty"`
	Phone string `json:"phone,omitempty"`
	Email string `json:"email,omitempty"`
	// Dropped is the topic of a callback request given up before it was
	// filed, for a later question about it.
	Dropped string `json:"dropped,omitempty"`
}

// callbackStep is where the callback dialogue stands: the slot it asked
// for last.
type callbackStep string

// The steps of the callback dialogue.
const (
	cbAskName    callbackStep = "name"
	cbAskPhone   callbackStep = "phone"
	cbAskTopic   callbackStep = "topic"
	cbAskTime    callbackStep = "time"
	cbOfferTime  callbackStep = "offer" // a proposed time waits for yes/no
	cbAskConfirm callbackStep = "confirm"
	cbAskChange  callbackStep = "change" // "was soll ich ändern?"
)

// callbackForm is the callback request being collected.
type callbackForm struct {
	Step     callbackStep `json:"step"`
	Name     string       `json:"name,omitempty"`
	NameHint string       `json:"name_hint,omitempty"`
	Phone    string       `json:"phone,omitempty"` // E.164
	// PhonePart is the start of a number sent too short while the number
	// was asked ("0176 443"): the next digits may be its rest.
	PhonePart string    `json:"phone_part,omitempty"`
	Topic     string    `json:"topic,omitempty"`
	Start     time.Time `json:"start,omitzero"`
	End       time.Time `json:"end,omitzero"`
	ASAP      bool      `json:"asap,omitempty"`
	Urgent    bool      `json:"urgent,omitempty"`
	// AltStart and AltEnd are a second day the client offered ("Dienstag
	// oder Mittwoch vormittags"): shown with the time, passed to staff.
	AltStart time.Time `json:"alt_start,omitzero"`
	AltEnd   time.Time `json:"alt_end,omitzero"`
	// Offer is a time proposed instead of one that cannot be had.
	Offer *scheduling.Window `json:"offer,omitempty"`
	// Wished is the time the client named last, also when it could not
	// be had: "am selben Tag um 15 Uhr" keeps its day.
	Wished *scheduling.Window `json:"wished,omitempty"`
	// Request identifies the request: a "ja" repeated after an outage
	// files once.
	Request string `json:"request,omitempty"`
}

// vendorStep is where the vendor dialogue stands.
type vendorStep string

// The steps of the vendor dialogue.
const (
	vaAskVendor   vendorStep = "vendor"
	vaAskSystem   vendorStep = "system"
	vaAskPurpose  vendorStep = "purpose"
	vaAskDuration vendorStep = "duration"
	vaAskAdmin    vendorStep = "admin"
	vaAskReason   vendorStep = "admin_reason"
	vaAskEmails   vendorStep = "emails"
	vaAskWhose    vendorStep = "whose_email" // "Ist x@y die Adresse des Herstellers oder Ihre?"
	vaAskTime     vendorStep = "time"
	vaAskPick     vendorStep = "pick"
	vaAskSeries   vendorStep = "series" // confirm a recurring series
)

// vendorForm is the vendor appointment being collected.
type vendorForm struct {
	Step        vendorStep    `json:"step"`
	Vendor      string        `json:"vendor,omitempty"`
	System      string        `json:"system,omitempty"`
	Purpose     string        `json:"purpose,omitempty"`
	Duration    time.Duration `json:"duration,omitempty"`
	Admin       adminNeed     `json:"admin,omitempty"`
	AdminReason string        `json:"admin_reason,omitempty"`
	VendorEmail string        `json:"vendor_email,omitempty"`
	ClientEmail string        `json:"client_email,omitempty"`
	// Unsorted is an address whose owner is not known yet.
	Unsorted string `json:"unsorted,omitempty"`
	// Wish is the client's preferred time; ASAP a wish for the earliest.
	Wish *scheduling.Window `json:"wish,omitempty"`
	ASAP bool               `json:"asap,omitempty"`
	// Recurrence is a recurring window; Series its checked occurrences.
	Recurrence *scheduling.Recurrence `json:"recurrence,omitempty"`
	Series     *scheduling.Series     `json:"series,omitempty"`
	// Proposals are the slots offered for a pick.
	Proposals []scheduling.Window `json:"proposals,omitempty"`
	// Replaces is the appointment this booking moves: it is cancelled
	// once the new slot is held.
	Replaces string `json:"replaces,omitempty"`
	// Request identifies the booking request, from the first proposal on:
	// a pick repeated after a crash or an outage holds once.
	Request string `json:"request,omitempty"`
}

// vendorDraft is what a refused vendor request said (vendor, system,
// purpose, length, admin rights, addresses; never its time), kept for the
// booking that may follow.
type vendorDraft struct {
	Form vendorForm `json:"form"`
	// Turn is the session turn it was refused in; it lapses after
	// draftTurns messages.
	Turn int `json:"turn"`
}

// adminNeed is what the client said about admin rights.
type adminNeed string

// What the client said about admin rights.
const (
	adminUnknown adminNeed = ""
	adminNo      adminNeed = "no"
	adminYes     adminNeed = "yes"
)

// protocolForm is the protocol being recorded in this conversation.
type protocolForm struct {
	ID string `json:"id"`
}

// loadState reads the handlers' state from a session. A state that cannot
// be read (written by an older version) is reported and replaced by a
// fresh one: the conversation goes on without its old dialogue.
func loadState(s *bot.Session) (*convState, error) {
	st := &convState{}
	if s == nil || len(s.State) == 0 {
		return st, nil
	}
	if err := json.Unmarshal(s.State, st); err != nil {
		return &convState{}, fmt.Errorf("conversation state unreadable: %w", err)
	}
	return st, nil
}

// saveState writes st into the session.
func saveState(s *bot.Session, st *convState) error {
	b, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("encode conversation state: %w", err)
	}
	if string(b) == "{}" {
		b = nil
	}
	s.State = b
	return nil
}

// endDialogue closes the open dialogue and drops its form.
func (st *convState) endDialogue() {
	st.Dialogue, st.Callback, st.Vendor = noDialogue, nil, nil
	if st.Protocol != nil {
		st.Protocol = nil
	}
}

// open starts dialogue d, dropping any other form.
func (st *convState) open(d dialogueKind) {
	st.endDialogue()
	st.Dialogue = d
	st.Pending = nil
}
