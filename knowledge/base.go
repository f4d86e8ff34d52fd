package knowledge

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

//go:embed data/knowledge.json
var embeddedJSON []byte

// Validation errors of a knowledge file. Load, ParseBase and Merge wrap them with the entry id and the
// offending value, so errors.Is works and the message names the entry.
var (
	ErrUnknownIntent   = errors.New("unknown intent")
	ErrUnknownVerdict  = errors.New("unknown verdict")
	ErrMissingVerdict  = errors.New("coverage entry needs a verdict")
	ErrUnexpectedVerd  = errors.New("verdict given for a non-coverage entry")
	ErrMissingLanguage = errors.New("missing language")
	ErrUnknownLanguage = errors.New("unknown language")
	ErrDuplicateID     = errors.New("duplicate id")
	ErrUnknownAction   = errors.New("unknown action")
	ErrEmptyAnswer     = errors.New("empty answer")
	ErrMissingID       = errors.New("missing id")
	ErrMissingSource   = errors.New("missing source document")
	ErrUnknownFollowUp = errors.New("unknown follow-up kind")
	ErrUnknownScope    = errors.New("unknown follow-up scope")
)

// Text is a short text in every supported language, keyed by language.
type Text map[Lang]string

// In returns the text in lang, falling back to German and then to any language.
func (t Text) In(lang Lang) string {
	if s := t[lang]; s != "" {
		return s
	}
	if s := t[German]; s != "" {
		return s
	}
	for _, l := range Langs {
		if s := t[l]; s != "" {
			return s
		}
	}
	return ""
}

// Source names the document and section an entry rests on.
type Source struct {
	// Doc is the document's file name (e.g. "002_fab623110b4d5125.txt") or a human title.
	Doc string `json:"doc"`
	// Title is the document's human title per language, e.g. "FAQ Managed Services".
	Title Text `json:"title,omitempty"`
	// Section is the section of the document per language.
	Section Text `json:"section,omitempty"`
}

// Entry is one piece of knowledge: what the bot answers for an intent (and verdict), and why.
type Entry struct {
	// ID is unique in a Base, e.g. "faq#hardware", "sop#lead-time".
	ID string `json:"id"`
	// Intent is the client intent the entry answers.
	Intent Intent `json:"intent"`
	// Verdict is set for coverage entries only.
	Verdict Verdict `json:"verdict,omitempty"`
	// Title is a short topic name per language, used in mixed-topic and unsure answers.
	Title Text `json:"title,omitempty"`
	// Answer is the chat answer per language (2–4 sentences).
	Answer Text `json:"answer"`
	// Actions are follow-ups the caller may offer after the answer.
	Actions []Action `json:"actions,omitempty"`
	// Source is the document and section the answer rests on.
	Source Source `json:"source"`
	// Keywords per language point a message to this entry (words or short phrases).
	Keywords map[Lang][]string `json:"keywords,omitempty"`
	// Examples per language are sentences the classifier is trained on.
	Examples map[Lang][]string `json:"examples,omitempty"`
}

// FollowUpKind is a kind of question that builds on an answer just given.
type FollowUpKind string

// The kinds of follow-up questions.
const (
	// FollowWhy asks for the reason of an answer, or objects to it.
	FollowWhy FollowUpKind = "why"
	// FollowCost asks what it costs.
	FollowCost FollowUpKind = "cost"
	// FollowSpeed asks how fast it is dealt with.
	FollowSpeed FollowUpKind = "speed"
	// FollowOrder asks to have it done anyway, or who does it.
	FollowOrder FollowUpKind = "order"
	// FollowRisk asks what happens if the client does not follow the
	// advice (or does it anyway).
	FollowRisk FollowUpKind = "risk"
	// FollowYesNo asks for a plain yes or no.
	FollowYesNo FollowUpKind = "yesno"
	// FollowFindOut asks how to find out.
	FollowFindOut FollowUpKind = "findout"
	// FollowDefine asks what a term means.
	FollowDefine FollowUpKind = "define"
	// FollowHow asks how it works.
	FollowHow FollowUpKind = "how"
	// FollowScope asks what the contract covers as a whole.
	FollowScope FollowUpKind = "scope"
	// FollowResolved asks about the time after the problem is gone
	// ("once we have bought the licences, is it covered then?").
	FollowResolved FollowUpKind = "resolved"
)

// FollowUpKinds lists every follow-up kind.
var FollowUpKinds = []FollowUpKind{FollowWhy, FollowCost, FollowSpeed, FollowOrder, FollowRisk, FollowYesNo, FollowFindOut, FollowDefine, FollowHow, FollowScope, FollowResolved}

// FollowUp answers a follow-up question ("warum?", "was kostet das?",
// "und wenn nicht?") about what was just answered. For says which answers
// it follows: entry ids ("faq#hardware"), "verdict:<verdict>",
// "intent:<intent>" or "*" for any; the most specific one wins.
type FollowUp struct {
	// ID is unique among the follow-ups, e.g. "why:faq#hardware".
	ID   string       `json:"id"`
	Kind FollowUpKind `json:"kind"`
	For  []string     `json:"for"`
	// Verdict is the coverage verdict the answer states, if it states
	// one of its own (the risk of staying on unsupported software is
	// "noncompliant"); SameVerdict says it restates the verdict of the
	// answer it follows ("why" and "yes or no" usually do).
	Verdict     Verdict `json:"verdict,omitempty"`
	SameVerdict bool    `json:"same_verdict,omitempty"`
	// Answer is the chat answer per language.
	Answer Text `json:"answer"`
	// Source is the document and section the answer rests on.
	Source Source `json:"source"`
}

// Validate checks one follow-up.
func (f *FollowUp) Validate() error {
	if strings.TrimSpace(f.ID) == "" {
		return fmt.Errorf("knowledge: follow-up: %w", ErrMissingID)
	}
	valid := false
	for _, k := range FollowUpKinds {
		valid = valid || k == f.Kind
	}
	if !valid {
		return fmt.Errorf("knowledge: follow-up %q: %w: %q", f.ID, ErrUnknownFollowUp, f.Kind)
	}
	if len(f.For) == 0 {
		return fmt.Errorf("knowledge: follow-up %q: %w: empty", f.ID, ErrUnknownScope)
	}
	for _, s := range f.For {
		switch {
		case s == "*":
		case strings.HasPrefix(s, "verdict:"):
			if !Verdict(strings.TrimPrefix(s, "verdict:")).Valid() {
				return fmt.Errorf("knowledge: follow-up %q: %w: %q", f.ID, ErrUnknownScope, s)
			}
		case strings.HasPrefix(s, "intent:"):
			if !Intent(strings.TrimPrefix(s, "intent:")).Valid() {
				return fmt.Errorf("knowledge: follow-up %q: %w: %q", f.ID, ErrUnknownScope, s)
			}
		case strings.TrimSpace(s) == "":
			return fmt.Errorf("knowledge: follow-up %q: %w: empty", f.ID, ErrUnknownScope)
		}
	}
	if f.Verdict != VerdictNone && !f.Verdict.Valid() {
		return fmt.Errorf("knowledge: follow-up %q: %w: %q", f.ID, ErrUnknownVerdict, f.Verdict)
	}
	if err := checkText(f.Answer, "answer", f.ID, true); err != nil {
		return err
	}
	if strings.TrimSpace(f.Source.Doc) == "" {
		return fmt.Errorf("knowledge: follow-up %q: %w", f.ID, ErrMissingSource)
	}
	return nil
}

// Base is a validated set of knowledge entries and follow-up answers. The zero value is empty and
// usable.
type Base struct {
	entries   []Entry
	index     map[string]int
	followUps []FollowUp
}

type fileFormat struct {
	Version   int        `json:"version"`
	Entries   []Entry    `json:"entries"`
	FollowUps []FollowUp `json:"followups,omitempty"`
}

// Load reads and validates a knowledge file (JSON: {"version": 1, "entries": [...]}).
func Load(r io.Reader) (*Base, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("knowledge: read: %w", err)
	}
	return ParseBase(data)
}

// ParseBase parses and validates a knowledge file. Unknown fields are rejected so that typos in a
// provider's own file do not go unnoticed.
func ParseBase(data []byte) (*Base, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f fileFormat
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("knowledge: parse: %w", err)
	}
	b := &Base{}
	for i := range f.Entries {
		if err := b.add(f.Entries[i], false); err != nil {
			if f.Entries[i].ID == "" {
				return nil, fmt.Errorf("knowledge: entry #%d: %w", i+1, errors.Unwrap(err))
			}
			return nil, err
		}
	}
	for i := range f.FollowUps {
		if err := b.addFollowUp(f.FollowUps[i], false); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// Embedded returns a fresh copy of the knowledge base compiled into the binary.
// It panics only if the embedded file is invalid, which the package tests rule out.
func Embedded() *Base {
	b, err := ParseBase(embeddedJSON)
	if err != nil {
		panic("knowledge: embedded knowledge base is invalid: " + err.Error())
	}
	return b
}

// Validate checks one entry and returns an error naming it and the problem.
func (e *Entry) Validate() error {
	if strings.TrimSpace(e.ID) == "" {
		return fmt.Errorf("knowledge: entry: %w", ErrMissingID)
	}
	fail := func(err error, format string, args ...any) error {
		if format == "" {
			return fmt.Errorf("knowledge: entry %q: %w", e.ID, err)
		}
		return fmt.Errorf("knowledge: entry %q: %w: "+format, append([]any{e.ID, err}, args...)...)
	}
	if !e.Intent.Valid() {
		return fail(ErrUnknownIntent, "%q", e.Intent)
	}
	if e.Intent == IntentCoverage {
		if e.Verdict == VerdictNone {
			return fail(ErrMissingVerdict, "")
		}
		if !e.Verdict.Valid() {
			return fail(ErrUnknownVerdict, "%q", e.Verdict)
		}
	} else if e.Verdict != VerdictNone {
		if !e.Verdict.Valid() {
			return fail(ErrUnknownVerdict, "%q", e.Verdict)
		}
		return fail(ErrUnexpectedVerd, "%q for intent %q", e.Verdict, e.Intent)
	}
	if err := checkText(e.Answer, "answer", e.ID, true); err != nil {
		return err
	}
	if e.Title != nil {
		if err := checkText(e.Title, "title", e.ID, false); err != nil {
			return err
		}
	}
	for _, a := range e.Actions {
		if !a.Valid() {
			return fail(ErrUnknownAction, "%q", a)
		}
	}
	if strings.TrimSpace(e.Source.Doc) == "" {
		return fail(ErrMissingSource, "")
	}
	for _, m := range []map[Lang][]string{e.Keywords, e.Examples} {
		for l := range m {
			if !l.Valid() {
				return fail(ErrUnknownLanguage, "%q", l)
			}
		}
	}
	return nil
}

func checkText(t Text, field, id string, answer bool) error {
	for l := range t {
		if !l.Valid() {
			return fmt.Errorf("knowledge: entry %q: %s: %w: %q", id, field, ErrUnknownLanguage, l)
		}
	}
	for _, l := range Langs {
		s, ok := t[l]
		if !ok {
			return fmt.Errorf("knowledge: entry %q: %s: %w: %q", id, field, ErrMissingLanguage, l)
		}
		if answer && strings.TrimSpace(s) == "" {
			return fmt.Errorf("knowledge: entry %q: %s: %w in %q", id, field, ErrEmptyAnswer, l)
		}
		if !utf8.ValidString(s) {
			return fmt.Errorf("knowledge: entry %q: %s: invalid UTF-8 in %q", id, field, l)
		}
	}
	return nil
}

func (b *Base) add(e Entry, replace bool) error {
	if err := e.Validate(); err != nil {
		return err
	}
	if b.index == nil {
		b.index = make(map[string]int)
	}
	if i, ok := b.index[e.ID]; ok {
		if !replace {
			return fmt.Errorf("knowledge: entry %q: %w", e.ID, ErrDuplicateID)
		}
		b.entries[i] = e
		return nil
	}
	b.index[e.ID] = len(b.entries)
	b.entries = append(b.entries, e)
	return nil
}

func (b *Base) addFollowUp(f FollowUp, replace bool) error {
	if err := f.Validate(); err != nil {
		return err
	}
	for i, x := range b.followUps {
		if x.ID == f.ID {
			if !replace {
				return fmt.Errorf("knowledge: follow-up %q: %w", f.ID, ErrDuplicateID)
			}
			b.followUps[i] = f
			return nil
		}
	}
	b.followUps = append(b.followUps, f)
	return nil
}

// FollowUp returns the answer of the given kind for a follow-up question
// about an answer that rested on entries (most relevant first) with the
// given verdict and intent: the first follow-up made for one of the
// entries, else for the verdict, else for the intent, else for any
// answer ("*"). ok is false when the base has none.
func (b *Base) FollowUp(kind FollowUpKind, entries []string, verdict Verdict, intent Intent) (FollowUp, bool) {
	if b == nil {
		return FollowUp{}, false
	}
	scopes := append([]string(nil), entries...)
	if verdict != VerdictNone {
		scopes = append(scopes, "verdict:"+string(verdict))
	}
	if intent != "" {
		scopes = append(scopes, "intent:"+string(intent))
	}
	scopes = append(scopes, "*")
	for _, sc := range scopes {
		for _, f := range b.followUps {
			if f.Kind != kind {
				continue
			}
			for _, x := range f.For {
				if x == sc {
					return f, true
				}
			}
		}
	}
	return FollowUp{}, false
}

// General reports a follow-up answer for any topic (its For holds "*"),
// said where no answer of the topic's own exists.
func (f FollowUp) General() bool { return slices.Contains(f.For, "*") }

// FollowUps returns a copy of all follow-up answers in file order.
func (b *Base) FollowUps() []FollowUp {
	if b == nil {
		return nil
	}
	return append([]FollowUp(nil), b.followUps...)
}

// Merge adds other's entries and follow-ups to b. Entries with a new id extend b. An entry whose id b already holds
// replaces it when replace is true, and is an ErrDuplicateID error otherwise; on error b is unchanged.
// Typical use: Embedded().Merge(providerFile, true).
func (b *Base) Merge(other *Base, replace bool) error {
	if other == nil {
		return nil
	}
	next := b.clone()
	for _, e := range other.entries {
		if err := next.add(e, replace); err != nil {
			return err
		}
	}
	for _, f := range other.followUps {
		if err := next.addFollowUp(f, replace); err != nil {
			return err
		}
	}
	*b = *next
	return nil
}

func (b *Base) clone() *Base {
	c := &Base{entries: append([]Entry(nil), b.entries...), index: make(map[string]int, len(b.entries)),
		followUps: append([]FollowUp(nil), b.followUps...)}
	for k, v := range b.index {
		c.index[k] = v
	}
	return c
}

// Entry returns the entry with the given id.
func (b *Base) Entry(id string) (Entry, bool) {
	if b == nil {
		return Entry{}, false
	}
	i, ok := b.index[id]
	if !ok {
		return Entry{}, false
	}
	return b.entries[i], true
}

// Entries returns a copy of all entries in file order.
func (b *Base) Entries() []Entry {
	if b == nil {
		return nil
	}
	return append([]Entry(nil), b.entries...)
}

// Len returns the number of entries.
func (b *Base) Len() int {
	if b == nil {
		return 0
	}
	return len(b.entries)
}

// SourceText renders the source of entry (or follow-up) id as human text in lang, e.g.
// "FAQ Managed Services, Abschnitt „Spezialfälle im Vertrag“" or
// "managed-services FAQ, section “Special cases in the contract”". It returns "" for an unknown id.
func (b *Base) SourceText(id string, lang Lang) string {
	e, ok := b.Entry(id)
	if !ok {
		// an answer may rest on a follow-up ("resolved:verdict:noncompliant")
		for _, f := range b.FollowUps() {
			if f.ID == id {
				return f.Source.Text(lang)
			}
		}
		return ""
	}
	return e.Source.Text(lang)
}

// Text renders the source as human text in lang.
func (s Source) Text(lang Lang) string {
	title := s.Title.In(lang)
	if title == "" {
		title = s.Doc
	}
	sec := s.Section.In(lang)
	if sec == "" {
		return title
	}
	if lang == English {
		return title + ", section “" + sec + "”"
	}
	return title + ", Abschnitt „" + sec + "“"
}
