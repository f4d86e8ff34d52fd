package knowledge

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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

// Base is a validated set of knowledge entries. The zero value is empty and usable.
type Base struct {
	entries []Entry
	index   map[string]int
}

type fileFormat struct {
	Version int     `json:"version"`
	Entries []Entry `json:"entries"`
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

// Merge adds other's entries to b. Entries with a new id extend b. An entry whose id b already holds
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
	*b = *next
	return nil
}

func (b *Base) clone() *Base {
	c := &Base{entries: append([]Entry(nil), b.entries...), index: make(map[string]int, len(b.entries))}
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

// SourceText renders the source of entry id as human text in lang, e.g.
// "FAQ Managed Services, Abschnitt „Spezialfälle im Vertrag“" or
// "managed-services FAQ, section “Special cases in the contract”". It returns "" for an unknown id.
func (b *Base) SourceText(id string, lang Lang) string {
	e, ok := b.Entry(id)
	if !ok {
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
