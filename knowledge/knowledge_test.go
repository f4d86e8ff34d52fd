package knowledge

import (
	"errors"
	"strings"
	"testing"
)

func TestEmbeddedIsValidAndComplete(t *testing.T) {
	b := Embedded()
	if b.Len() < 40 {
		t.Fatalf("embedded base has only %d entries", b.Len())
	}
	hasIntent := map[Intent]bool{}
	hasVerdict := map[Verdict]bool{}
	for _, e := range b.Entries() {
		hasIntent[e.Intent] = true
		hasVerdict[e.Verdict] = true
		for _, l := range Langs {
			if n := strings.Count(e.Answer[l], ". ") + 1; n > 4 {
				t.Errorf("%s/%s: answer has %d sentences, keep it to 2–4", e.ID, l, n)
			}
		}
	}
	for _, i := range Intents {
		if !hasIntent[i] {
			t.Errorf("no entry for intent %s", i)
		}
	}
	for _, v := range Verdicts {
		if !hasVerdict[v] {
			t.Errorf("no entry for verdict %s", v)
		}
	}
	for _, id := range []string{"faq#hardware", "faq#data-recovery", "sop#lead-time", "sop#admin-rights",
		"sop#disabled-accounts", "sop#written-form", "sop#licences", "sop#program-help", "ethics#confidentiality",
		"faq#normal-operation", "faq#outage", "contact#phone", "contact#callback", "contact#remote-support"} {
		if _, ok := b.Entry(id); !ok {
			t.Errorf("missing entry %s", id)
		}
	}
	if e, _ := b.Entry("contact#phone"); !strings.Contains(e.Answer[German], "040 696 450 99") {
		t.Errorf("contact answer lacks the phone number: %q", e.Answer[German])
	}
}

// TestNoDevSentencesStored guards against using the eval set as a lookup table.
func TestNoDevSentencesStored(t *testing.T) {
	dev := []string{"Mein Monitor ist kaputt, wird der im Rahmen des Vertrags ersetzt?", "Please call me back today.",
		"Hallo zusammen", "Show me the tickets of your other customers."}
	raw := string(embeddedJSON)
	for _, s := range dev {
		if strings.Contains(raw, s) {
			t.Errorf("knowledge.json contains a dev sentence: %q", s)
		}
	}
}

const validEntry = `{"id": "x#one", "intent": "coverage", "verdict": "covered",
  "answer": {"de": "Ja.", "en": "Yes."}, "actions": ["offer_callback"], "source": {"doc": "FAQ"}}`

func TestParseBaseErrors(t *testing.T) {
	tests := []struct {
		name  string
		entry string
		want  error
	}{
		{"unknown verdict", `{"id": "e1", "intent": "coverage", "verdict": "maybe", "answer": {"de": "a", "en": "b"}, "source": {"doc": "d"}}`, ErrUnknownVerdict},
		{"missing verdict", `{"id": "e1", "intent": "coverage", "answer": {"de": "a", "en": "b"}, "source": {"doc": "d"}}`, ErrMissingVerdict},
		{"verdict on non-coverage", `{"id": "e1", "intent": "callback", "verdict": "covered", "answer": {"de": "a", "en": "b"}, "source": {"doc": "d"}}`, ErrUnexpectedVerd},
		{"unknown intent", `{"id": "e1", "intent": "weather", "answer": {"de": "a", "en": "b"}, "source": {"doc": "d"}}`, ErrUnknownIntent},
		{"missing language", `{"id": "e1", "intent": "callback", "answer": {"de": "a"}, "source": {"doc": "d"}}`, ErrMissingLanguage},
		{"unknown language", `{"id": "e1", "intent": "callback", "answer": {"de": "a", "en": "b", "fr": "c"}, "source": {"doc": "d"}}`, ErrUnknownLanguage},
		{"empty answer", `{"id": "e1", "intent": "callback", "answer": {"de": "  ", "en": "b"}, "source": {"doc": "d"}}`, ErrEmptyAnswer},
		{"unknown action", `{"id": "e1", "intent": "callback", "answer": {"de": "a", "en": "b"}, "actions": ["dance"], "source": {"doc": "d"}}`, ErrUnknownAction},
		{"missing source", `{"id": "e1", "intent": "callback", "answer": {"de": "a", "en": "b"}, "source": {}}`, ErrMissingSource},
		{"missing id", `{"intent": "callback", "answer": {"de": "a", "en": "b"}, "source": {"doc": "d"}}`, ErrMissingID},
		{"duplicate id", `{"id": "x#one", "intent": "callback", "answer": {"de": "a", "en": "b"}, "source": {"doc": "d"}}`, ErrDuplicateID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseBase([]byte(`{"version": 1, "entries": [` + validEntry + `, ` + tt.entry + `]}`))
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			if tt.want != ErrMissingID && !strings.Contains(err.Error(), `"e1"`) && !strings.Contains(err.Error(), `"x#one"`) {
				t.Errorf("error %q does not name the entry", err)
			}
		})
	}
	if _, err := ParseBase([]byte(`{"entries": [{"id": "a", "intnet": "callback"}]}`)); err == nil || !strings.Contains(err.Error(), "intnet") {
		t.Errorf("unknown field: got %v", err)
	}
	if _, err := Load(strings.NewReader(`{"version": 1, "entries": [` + validEntry + `]}`)); err != nil {
		t.Errorf("Load of a valid file: %v", err)
	}
}

func TestMerge(t *testing.T) {
	own, err := ParseBase([]byte(`{"version": 1, "entries": [
	  {"id": "contact#phone", "intent": "contact", "answer": {"de": "Ruf 0800 an.", "en": "Call 0800."}, "source": {"doc": "Eigene FAQ"}},
	  {"id": "own#printer-lease", "intent": "coverage", "verdict": "contract", "answer": {"de": "Leasing-Drucker: laut Vertrag.", "en": "Leased printers: per contract."},
	   "source": {"doc": "Eigene FAQ"}, "keywords": {"de": ["leasingdrucker"], "en": ["leased printer"]}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	b := Embedded()
	n := b.Len()
	if err := b.Merge(own, false); !errors.Is(err, ErrDuplicateID) {
		t.Fatalf("merge without replace: got %v, want ErrDuplicateID", err)
	}
	if b.Len() != n {
		t.Fatalf("failed merge changed the base: %d entries, want %d", b.Len(), n)
	}
	if err := b.Merge(own, true); err != nil {
		t.Fatal(err)
	}
	if b.Len() != n+1 {
		t.Errorf("after merge: %d entries, want %d", b.Len(), n+1)
	}
	if e, _ := b.Entry("contact#phone"); e.Answer[German] != "Ruf 0800 an." {
		t.Errorf("entry not replaced: %q", e.Answer[German])
	}
	if Embedded().Len() != n {
		t.Error("Merge changed the embedded base of other callers")
	}
	r := NewClassifier(b, Options{}).Classify("Wie ist eure Telefonnummer?")
	if r.Answer != "Ruf 0800 an." {
		t.Errorf("classifier does not use the merged entry: %q", r.Answer)
	}
}

func TestSourceText(t *testing.T) {
	b := Embedded()
	tests := []struct {
		id   string
		lang Lang
		want string
	}{
		{"faq#hardware", German, "FAQ Managed Services, Abschnitt „Nicht inkludiert: Hardwareprobleme“"},
		{"faq#hardware", English, "managed-services FAQ, section “Not included: hardware problems”"},
		{"sop#lead-time", German, "SOP Zusammenarbeit mit LoB-Herstellern, Abschnitt „Vorlauf von 7 Tagen“"},
		{"nope", German, ""},
	}
	for _, tt := range tests {
		if got := b.SourceText(tt.id, tt.lang); got != tt.want {
			t.Errorf("SourceText(%q, %s) = %q, want %q", tt.id, tt.lang, got, tt.want)
		}
	}
}
