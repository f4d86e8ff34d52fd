package bot

// Meta says, machine-readably, what a reply is: integrations and tests read
// it instead of the wording. It must always tell the truth about the reply
// it travels with. The JSON API and the web chat send it with each message;
// chat platforms ignore it.
//
// Intent, Lang, Verdict, Verdicts, Dialogue and Asks are always present in
// the JSON form (empty when they do not apply), so that a reader never has
// to fall back on the text.
type Meta struct {
	// Intent is what the reply answers: one of the knowledge intents
	// ("coverage", "callback", "vendor_appointment", "protocol",
	// "ticket_status", "policy", ...), or "forget".
	Intent string `json:"intent"`
	// Lang is the reply's language, "de" or "en".
	Lang string `json:"lang"`
	// Verdict is the coverage verdict the reply gives (the most restrictive
	// one of a mixed answer), empty when it gives none.
	Verdict string `json:"verdict"`
	// Verdicts lists every verdict the reply names, one per topic.
	Verdicts []string `json:"verdicts"`
	// Sources are the knowledge entries the reply rests on ("faq#hardware").
	Sources []string `json:"sources,omitempty"`
	// Dialogue is the dialogue left open after the reply ("callback",
	// "vendor", "protocol", "confirm"), nil when none is.
	Dialogue *string `json:"dialogue"`
	// Asks lists the slots the reply asks for ("name", "phone", "topic",
	// "time", "confirm"; "vendor", "system", "purpose", "duration",
	// "admin_reason", "emails", "pick"; "title", "signers", "content",
	// "sign"; "change"), empty when it asks for nothing.
	Asks []string `json:"asks"`
	// Record is the record the reply creates or changes, if any.
	Record *Record `json:"record,omitempty"`
}

// Record describes a ticket, appointment or protocol as it stands after
// the reply: its kind ("callback", "vendor", "protocol"), reference, state
// and fields (callback: name, phone in E.164, topic, start and end in
// RFC 3339 or asap; vendor: vendor, system, start, end, rrule, recurring,
// admin; protocol: title, signers, binding).
type Record struct {
	Kind   string         `json:"kind"`
	ID     string         `json:"id"`
	State  string         `json:"state"`
	Fields map[string]any `json:"fields,omitempty"`
}

// Normalized returns m with nil lists made empty, as the JSON form needs.
func (m *Meta) Normalized() *Meta {
	if m == nil {
		return nil
	}
	c := *m
	if c.Verdicts == nil {
		c.Verdicts = []string{}
	}
	if c.Asks == nil {
		c.Asks = []string{}
	}
	return &c
}
