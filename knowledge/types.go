package knowledge

// Lang is a message or answer language, an ISO 639-1 code.
type Lang string

// The languages the bot understands and answers in.
const (
	// German is the provider's language and the default.
	German Lang = "de"
	// English is the second language.
	English Lang = "en"
)

// Langs lists every supported language; each entry answer must exist in all of them.
var Langs = []Lang{German, English}

// Valid reports whether l is a supported language.
func (l Lang) Valid() bool { return l == German || l == English }

// Intent is what the client wants from a message.
type Intent string

// The intents the classifier distinguishes.
const (
	// IntentCoverage asks whether a task or incident is covered by the contract; it has a Verdict.
	IntentCoverage Intent = "coverage"
	// IntentCallback asks for a phone call back.
	IntentCallback Intent = "callback"
	// IntentVendorAppointment books, changes or asks about a vendor's access to the servers.
	IntentVendorAppointment Intent = "vendor_appointment"
	// IntentPolicy asks for the reason behind a rule of the vendor SOP or the code of ethics.
	IntentPolicy Intent = "policy"
	// IntentProtocol records, signs, finds or checks a meeting protocol.
	IntentProtocol Intent = "protocol"
	// IntentRemoteSupport asks for a remote session or the remote support tool.
	IntentRemoteSupport Intent = "remote_support"
	// IntentContact asks how to reach the provider.
	IntentContact Intent = "contact"
	// IntentHuman asks for a person instead of the bot.
	IntentHuman Intent = "human"
	// IntentTicketStatus asks for the state of the client's own callback or ticket.
	IntentTicketStatus Intent = "ticket_status"
	// IntentSmalltalk is a greeting, thanks or goodbye.
	IntentSmalltalk Intent = "smalltalk"
	// IntentOutOfScope is anything else, including attempts to get other clients' data,
	// secrets or the bot's instructions.
	IntentOutOfScope Intent = "out_of_scope"
)

// Intents lists every intent in a stable order.
var Intents = []Intent{
	IntentCoverage, IntentCallback, IntentVendorAppointment, IntentPolicy, IntentProtocol,
	IntentRemoteSupport, IntentContact, IntentHuman, IntentTicketStatus, IntentSmalltalk, IntentOutOfScope,
}

// Valid reports whether i is a known intent.
func (i Intent) Valid() bool { return intentIndex(i) >= 0 }

func intentIndex(i Intent) int {
	for k, x := range Intents {
		if x == i {
			return k
		}
	}
	return -1
}

// Verdict is the contract coverage of a task or incident; only coverage answers have one.
type Verdict string

// The coverage verdicts of the FAQ and the vendor SOP.
const (
	// VerdictNone is the empty verdict of every non-coverage result.
	VerdictNone Verdict = ""
	// VerdictCovered is maintenance and support that keeps normal operation going or prevents outages.
	VerdictCovered Verdict = "covered"
	// VerdictProject is additional work (new installs, roll-outs, migrations, moves, new sites,
	// training, concepts), billed separately at the agreed prices.
	VerdictProject Verdict = "project"
	// VerdictExcluded is hardware troubleshooting and replacement, and data recovery.
	VerdictExcluded Verdict = "excluded"
	// VerdictContract is special servers (Exchange, SQL, ...) and online backup: covered only
	// where the individual contract names them.
	VerdictContract Verdict = "contract"
	// VerdictVendor is the line-of-business application itself, maintained under the client's
	// contract with its vendor; the provider does the necessary work or coordinates.
	VerdictVendor Verdict = "vendor"
	// VerdictNoncompliant is unlicensed, wrongly licensed or vendor-unsupported software:
	// a non-standard situation billed separately.
	VerdictNoncompliant Verdict = "noncompliant"
)

// Verdicts lists every non-empty verdict, in the order used to break ties
// (the verdicts that protect the client from a wrong "covered" come first).
var Verdicts = []Verdict{
	VerdictExcluded, VerdictNoncompliant, VerdictProject, VerdictContract, VerdictVendor, VerdictCovered,
}

// Valid reports whether v is a known, non-empty verdict.
func (v Verdict) Valid() bool { return verdictIndex(v) >= 0 }

func verdictIndex(v Verdict) int {
	for k, x := range Verdicts {
		if x == v {
			return k
		}
	}
	return -1
}

// Action is a follow-up the caller can offer after an answer.
type Action string

// The follow-ups a knowledge entry may offer.
const (
	// ActionOfferCallback offers a phone call back.
	ActionOfferCallback Action = "offer_callback"
	// ActionStartVendorAppointment starts booking a vendor access appointment.
	ActionStartVendorAppointment Action = "start_vendor_appointment"
	// ActionOfferHuman offers a hand-over to a person.
	ActionOfferHuman Action = "offer_human"
	// ActionStartProtocol starts or continues a meeting protocol.
	ActionStartProtocol Action = "start_protocol"
	// ActionShowTicketStatus shows the state of the client's callbacks and tickets.
	ActionShowTicketStatus Action = "show_ticket_status"
)

// Actions lists every known action.
var Actions = []Action{
	ActionOfferCallback, ActionStartVendorAppointment, ActionOfferHuman, ActionStartProtocol, ActionShowTicketStatus,
}

// Valid reports whether a is a known action.
func (a Action) Valid() bool {
	for _, x := range Actions {
		if x == a {
			return true
		}
	}
	return false
}
