package converse

import (
	"slices"
	"strings"
)

// reply is one message of the bot, read through its meta where it sends one.
type reply struct {
	id      any
	text    string
	buttons []any
	meta    *object // nil when the bot sent none
	conv    string
}

func newReply(v any, conv string) *reply {
	d := asObject(v)
	r := &reply{conv: conv}
	if d == nil {
		return r
	}
	r.id = d.get("id")
	if !d.has("id") {
		r.id = ""
	}
	if t, ok := pyOr(d.get("text"), "").(string); ok {
		r.text = t
	} else {
		r.text = pyStr(d.get("text"))
	}
	if b, ok := d.get("buttons").([]any); ok {
		r.buttons = b
	}
	r.meta = asObject(d.get("meta"))
	return r
}

func (r *reply) asks() []string {
	if r.meta != nil && r.meta.has("asks") {
		return normSlots(r.meta.get("asks"))
	}
	return slotsFromText(r.text)
}

// intent is the reply's intent, "" when it shows none.
func (r *reply) intent() string {
	if r.meta != nil && truthy(r.meta.get("intent")) {
		return pyStr(r.meta.get("intent"))
	}
	return intentFromText(r.text)
}

// verdicts is the primary verdict and all verdicts of the reply.
func (r *reply) verdicts() (string, []string) {
	if r.meta != nil && (r.meta.has("verdict") || r.meta.has("verdicts")) {
		v := r.meta.get("verdict")
		var vs []string
		for _, x := range pyIter(pyOr(r.meta.get("verdicts"), []any{})) {
			if truthy(x) {
				vs = append(vs, pyStr(x))
			}
		}
		if truthy(v) && !slices.Contains(vs, pyStr(v)) {
			vs = append([]string{pyStr(v)}, vs...)
		}
		if truthy(v) {
			return pyStr(v), vs
		}
		if len(vs) > 0 {
			return vs[0], vs
		}
		return "", vs
	}
	return verdictsFromText(r.text)
}

func (r *reply) lang() string {
	if r.meta != nil {
		if l, ok := r.meta.get("lang").(string); ok && (l == "de" || l == "en") {
			return l
		}
	}
	return langOf(r.text)
}

// record is meta.record when it names an id.
func (r *reply) record() *object {
	if r.meta == nil {
		return nil
	}
	rec := asObject(r.meta.get("record"))
	if rec == nil || !truthy(rec.get("id")) {
		return nil
	}
	return rec
}

// refs are the references the reply names: in its text, and its record's.
func (r *reply) refs() []string {
	out := refsIn(r.text)
	if rec := r.record(); rec != nil {
		id := pyStr(rec.get("id"))
		if refFullRE.has(id) && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// kindPrefix is the reference prefix of each record kind, in order.
var kindPrefix = []struct{ kind, prefix string }{{"callback", "CB"}, {"vendor", "VA"}, {"protocol", "PR"}}

func prefixOf(kind string) (string, bool) {
	for _, k := range kindPrefix {
		if k.kind == kind {
			return k.prefix, true
		}
	}
	return "", false
}

var kindSynonyms = []struct {
	kind  string
	names []string
}{
	{"callback", []string{"callback", "ticket", "callback_ticket"}},
	{"vendor", []string{"vendor", "appointment", "vendor_appointment"}},
	{"protocol", []string{"protocol", "meeting_protocol"}},
}

// recordKind is callback, vendor or protocol for a meta record.
func recordKind(rec *object) string {
	k := strings.ToLower(rec.str("kind", ""))
	for _, ks := range kindSynonyms {
		if slices.Contains(ks.names, k) {
			return ks.kind
		}
	}
	id := rec.str("id", "")
	for _, kp := range kindPrefix {
		if strings.HasPrefix(id, kp.prefix+"-") {
			return kp.kind
		}
	}
	return k
}

// createdRefs are the references of kind that the replies name for the
// first time (meta first, text otherwise).
func createdRefs(replies []*reply, kind string, seen []string) []string {
	var out []string
	prefix, _ := prefixOf(kind)
	for _, r := range replies {
		if r.meta != nil {
			if rec := r.record(); rec != nil && recordKind(rec) == kind {
				id := pyStr(rec.get("id"))
				if !slices.Contains(seen, id) {
					out = appendNew(out, id)
				}
			}
			continue
		}
		for _, ref := range refsIn(r.text) {
			if strings.HasPrefix(ref, prefix+"-") && !slices.Contains(seen, ref) {
				out = appendNew(out, ref)
			}
		}
	}
	return out
}
