package nlu

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// corpus returns the messages of the labelled sets and conversation files
// this repository and ../shared hold, and variants of them (upper case,
// folded, cut), for comparing the prefilter with the plain patterns.
func corpus(t testing.TB) []string {
	t.Helper()
	var files []string
	for _, g := range []string{"../testdata/*.jsonl", "../testdata/conversations/*.jsonl", "../../shared/eval/*.jsonl"} {
		m, _ := filepath.Glob(g)
		files = append(files, m...)
	}
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if s, ok := x.(string); ok && (k == "text" || k == "say") {
					out = append(out, s)
				} else {
					walk(x)
				}
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var v any
			if json.Unmarshal(sc.Bytes(), &v) == nil {
				walk(v)
			}
		}
		fh.Close()
	}
	if len(out) < 100 {
		t.Fatalf("only %d messages in %v", len(out), files)
	}
	n := len(out)
	for _, s := range out[:n] {
		out = append(out, strings.ToUpper(s), fold(s), s[:len(s)/2])
	}
	return out
}

// TestPrefilterSameAnswers checks every pattern of the reader with its
// literal prefilter, its later start and its engine (RE2, see litRE)
// against the standard library's regexp of the same pattern, on
// remembered texts (the trie's bits) and on others (a walk through the
// trie). Texts are valid UTF-8, as Read makes them.
func TestPrefilterSameAnswers(t *testing.T) {
	texts := corpus(t)
	texts = append(texts, "", "ä", "KELVIN \u212a", "ſtatus", "Straße STRASSE ǅ ǆ", "\u00a0Herr\u2009Meier\tvon\u3000IT")
	lits.Lock()
	all := append([]*litRE(nil), lits.all...)
	lits.Unlock()
	if len(all) < 100 {
		t.Fatalf("only %d patterns registered", len(all))
	}
	std := make(map[*litRE]*regexp.Regexp, len(all))
	for _, re := range all {
		std[re] = regexp.MustCompile(re.String())
	}
	// every fourth text (and its variants), every twentieth under the
	// race detector: enough to meet every pattern's edges
	step := 4
	if raceEnabled || testing.Short() {
		step = 20
	}
	for i := 0; i < len(texts); i += step {
		s := strings.ToValidUTF8(texts[i], "\uFFFD")
		remember(s)
		for _, re := range all {
			for _, reg := range []bool{true, false} {
				x := s
				if !reg {
					if i%3 != 0 {
						continue
					}
					x = string(append([]byte(nil), s...))
				}
				if got, want := re.FindAllStringSubmatchIndex(x, -1), std[re].FindAllStringSubmatchIndex(x, -1); !reflect.DeepEqual(got, want) {
					t.Errorf("%q on %q (registered %v): %v, plain regexp %v", re, x, reg, got, want)
				}
				if got, want := re.FindStringSubmatchIndex(x), std[re].FindStringSubmatchIndex(x); !reflect.DeepEqual(got, want) {
					t.Errorf("first match of %q on %q (registered %v): %v, plain regexp %v", re, x, reg, got, want)
				}
				if got, want := re.MatchString(x), std[re].MatchString(x); got != want {
					t.Errorf("%q matches %q (registered %v): %v, plain regexp %v", re, x, reg, got, want)
				}
				if got, want := re.ReplaceAllString(x, "<$0>"), std[re].ReplaceAllString(x, "<$0>"); got != want {
					t.Errorf("%q replaced in %q (registered %v): %q, plain regexp %q", re, x, reg, got, want)
				}
			}
		}
	}
}

// TestLiterals spot-checks the literals found for a few patterns.
func TestLiterals(t *testing.T) {
	for pat, want := range map[string][]string{
		`\b(?:verschieb\w*|verschoben|verleg\w*)\b`: {"verleg", "verschieb", "verschoben"},
		`(?i)\bPR-\d{2}`:            {"pr-0", "pr-1", "pr-2", "pr-3", "pr-4", "pr-5", "pr-6", "pr-7", "pr-8", "pr-9"},
		`neue[nr]? (?:frage|sache)`: {"neue frage", "neue sache", "neuen frage", "neuen sache", "neuer frage", "neuer sache"},
		`^\W*(?:hi|hallo)\W*$`:      {"hallo", "hi"},
		`\d+`:                       {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"},
		`\w+`:                       nil,
		`(?:a|\w+)b`:                {"b"},
	} {
		got, _ := requiredLits(pat)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("requiredLits(%q) = %q, want %q", pat, got, want)
		}
	}
}

// TestShortcutsSameAnswers checks the reader's shortcuts on every text of
// the corpus against what they stand for: notTimes against notTimeRE's
// own matches, mayNameTime against a search for each time word.
func TestShortcutsSameAnswers(t *testing.T) {
	for _, s := range append(corpus(t), "", "eins von", "one of them 2", "Two of our PCs") {
		if got, want := notTimes(s), notTimeRE.Regexp.FindAllStringIndex(s, -1); !reflect.DeepEqual(got, want) {
			t.Errorf("notTimes(%q) = %v, notTimeRE %v", s, got, want)
		}
		low := fold(s)
		want := strings.ContainsAny(low, "0123456789")
		for _, w := range timeWords {
			want = want || strings.Contains(low, w)
		}
		if got := mayNameTime(low); got != want {
			t.Errorf("mayNameTime(%q) = %v, want %v", low, got, want)
		}
	}
}

// TestInvalidUTF8SameAnswers checks that a text which is not valid UTF-8
// gets the standard library's answers (RE2 would stop reading at the
// first invalid byte): texts cut inside a character, with stray bytes,
// and with a stray byte inside what a pattern must read across.
func TestInvalidUTF8SameAnswers(t *testing.T) {
	texts := []string{
		"Bitte rufen Sie mich morgen zwischen 9 und 11 an, es geht um den Drucker im B\xc3",
		"Hallo, Jana Kühn hier, \xff 0171 2345678, rufen Sie mich heute ab 14 Uhr zurück, unser Server ist down",
		"Es geht um den Dr\xffucker im Büro, seit gestern druckt er nicht mehr. Bitte ruft mich an",
		"Name: J\xf6rg Maier, Telefon 0171 2345678, es geht um das VPN \xe2\x80",
		"ist der termin am montag \xff jetzt fix? und bitte loeschen sie \xff meine daten",
	}
	lits.Lock()
	all := append([]*litRE(nil), lits.all...)
	lits.Unlock()
	matched := 0
	for _, s := range texts {
		for _, re := range all {
			want := regexp.MustCompile(re.String()).FindAllStringSubmatchIndex(s, -1)
			if got := re.FindAllStringSubmatchIndex(s, -1); !reflect.DeepEqual(got, want) {
				t.Errorf("%q on %q: %v, Go's regexp %v", re, s, got, want)
			}
			if want != nil {
				matched++
			}
		}
	}
	// the texts reach past the invalid byte: some pattern matches there
	if matched < 5 {
		t.Fatalf("only %d patterns matched the texts", matched)
	}
}
