package knowledge

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	snowball "github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/german"
)

// maxInput bounds the work done per message: longer input is cut at this many bytes.
const maxInput = 4000

// rawToken is a normalised word and whether a clause break (punctuation) precedes it.
type rawToken struct {
	s   string
	brk bool
	// sent is set when the break before the token ends a sentence (. ! ? ; : … or a new line);
	// q when that break holds a question mark, so that the sentence before it was a question.
	sent, q bool
	// poss is set when a possessive "'s" followed a capitalised word ("Dr. Petersen's practice").
	poss bool
	// aside is set on a word inside parentheses ("die Wartungspläne (Indexpflege, Statistiken) laufen …").
	aside bool
	// hyph is set on a word joined to the next one by a hyphen ("Drucker-Treiber").
	hyph bool
}

// foldRune lowercases r and spells umlauts, ß and common accents in ASCII, the way people
// without a German keyboard write them (ä→ae, ß→ss, é→e). It returns "" for separators.
func foldRune(r rune, buf []byte) []byte {
	switch r {
	case 'ä', 'Ä':
		return append(buf, 'a', 'e')
	case 'ö', 'Ö':
		return append(buf, 'o', 'e')
	case 'ü', 'Ü':
		return append(buf, 'u', 'e')
	case 'ß', 'ẞ':
		return append(buf, 's', 's')
	case 'à', 'á', 'â', 'ã', 'å', 'À', 'Á', 'Â', 'Ã', 'Å':
		return append(buf, 'a')
	case 'è', 'é', 'ê', 'ë', 'È', 'É', 'Ê', 'Ë':
		return append(buf, 'e')
	case 'ì', 'í', 'î', 'ï', 'Ì', 'Í', 'Î', 'Ï':
		return append(buf, 'i')
	case 'ò', 'ó', 'ô', 'õ', 'Ò', 'Ó', 'Ô', 'Õ':
		return append(buf, 'o')
	case 'ù', 'ú', 'û', 'Ù', 'Ú', 'Û':
		return append(buf, 'u')
	case 'ç', 'Ç':
		return append(buf, 'c')
	case 'ñ', 'Ñ':
		return append(buf, 'n')
	}
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(buf, byte(r))
	}
	return utf8.AppendRune(buf, unicode.ToLower(r))
}

// Normalize returns text lowercased, with umlauts and ß spelled out (ä→ae, ö→oe, ü→ue, ß→ss),
// accents removed, punctuation and symbols replaced by single spaces, and invalid UTF-8 dropped.
// "Festplatten-Austausch für Müller!" becomes "festplatten austausch fuer mueller".
func Normalize(text string) string {
	toks := tokenize(text, nil)
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.s)
	}
	return b.String()
}

// isBreak reports whether r ends a clause for the purpose of splitting mixed-topic messages.
func isBreak(r rune) bool {
	switch r {
	case '.', '!', '?', ';', ':', ',', '\n', '–', '—', '(', ')', '/', '|', '•', '…':
		return true
	}
	return false
}

// isSentenceEnd reports whether r ends a sentence: a new statement or question starts after it.
func isSentenceEnd(r rune) bool {
	switch r {
	case '.', '!', '?', ';', ':', '\n', '…', '•':
		return true
	}
	return false
}

// endsWithQuestion reports whether the last sentence of text is a question: a question mark
// follows its last letter or digit ("Ist das abgedeckt??", "covered? ;)").
func endsWithQuestion(text string) bool {
	if len(text) > maxInput {
		text = text[:maxInput]
	}
	for i := len(text) - 1; i >= 0; i-- {
		c := text[i]
		switch {
		case c == '?':
			return true
		case c < 0x80 && (('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')):
			return false
		}
	}
	return false
}

// tokenize splits text into normalised word tokens, appending to dst.
func tokenize(text string, dst []rawToken) []rawToken {
	if len(text) > maxInput {
		text = text[:maxInput]
	}
	var buf [64]byte
	word := buf[:0]
	brk, sent, q, poss, upper := false, false, false, false, false
	depth := 0 // parentheses open
	// ordinal is set while the last word is a day or floor number inside a clause ("am 3.",
	// "im 1. OG"): its full stop ends nothing.
	ordinal := false
	flush := func() {
		if len(word) > 0 {
			ordinal = len(word) <= 2 && digitBytes(word) && len(dst) > 0 && !brk
			dst = append(dst, rawToken{s: string(word), brk: brk, sent: sent, q: q, poss: poss, aside: depth > 0})
			brk, sent, q = false, false, false
			word = word[:0]
		}
		poss = false
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		switch {
		case (r == '.' || r == ',') && len(word) > 0 && digitBytes(word) && i < len(text) && text[i] >= '0' && text[i] <= '9':
			flush() // a decimal or version number ("8.1", "2,5"): no break
		case r == '/' && len(word) > 0 && i < len(text) && isWordByte(text[i]):
			flush() // "Kopierer/Scanner": alternatives of one thing, not two clauses
		case r == ':' && len(word) == 1 && upper && (i >= len(text) || text[i] == ' ' || text[i] == '\\'):
			flush() // a drive letter ("Laufwerk C: ist voll", "C:\\Daten"): no break
		case r == utf8.RuneError && size <= 1:
			flush()
		case r == '\'' || r == '’' || r == '`' || r == '´':
			// Apostrophes join: "don't" → "dont"; a trailing possessive "'s" is dropped.
			if len(word) > 0 && i < len(text) && (text[i] == 's' || text[i] == 'S') && (i+1 >= len(text) || !isWordByte(text[i+1])) {
				i++
				poss = upper
			}
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if len(word) == 0 {
				upper = unicode.IsUpper(r)
			}
			if len(word) < 48 {
				word = foldRune(r, word)
			}
		case r == '-' && len(word) > 0 && i < len(text) && text[i] != ' ':
			flush() // hyphenated compound: keep its parts in the same clause
			dst[len(dst)-1].hyph = isWordByte(text[i])
		default:
			flush()
			if r == '.' && ordinal {
				ordinal = false
				continue
			}
			if r != ' ' {
				ordinal = false
			}
			switch r {
			case '(':
				if i < 2 || !strings.ContainsRune(":;=-", rune(text[i-2])) { // ":(" is a smiley
					depth++
				}
			case ')':
				depth = max(depth-1, 0)
			case '?', '!', '\n':
				depth = 0 // an unclosed parenthesis ends with its sentence
			}
			// " + " between two clauses joins them like "und" does ("plotter
			// zieht schief ein + archicad stürzt ab")
			spaced := i < len(text) && text[i] == ' ' && i >= 2 && text[i-2] == ' '
			if isBreak(r) || (r == '-' && i < len(text) && text[i] == ' ') || (r == '+' || r == '&') && spaced {
				brk = true
			}
			if isSentenceEnd(r) {
				sent = true
				q = q || r == '?'
			}
		}
	}
	flush()
	return dst
}

// digitBytes reports whether b consists of ASCII digits only.
func digitBytes(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(b) > 0
}

func isWordByte(c byte) bool {
	return c >= 0x80 || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}

// isASCIIWord reports whether s consists of a–z only (the input the stemmers are made for).
func isASCIIWord(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

// stemmer stems words with the Snowball stemmers; it is safe for concurrent use.
type stemmer struct {
	pool sync.Pool
}

func newStemmer() *stemmer {
	return &stemmer{pool: sync.Pool{New: func() any { return snowball.NewEnv("") }}}
}

// stem returns the Snowball stem of a normalised word in lang. Words that are not plain a–z
// (digits, other scripts) are returned unchanged.
func (s *stemmer) stem(word string, lang Lang) string {
	if !isASCIIWord(word) || len(word) < 3 {
		return word
	}
	env := s.pool.Get().(*snowball.Env)
	env.SetCurrent(word)
	if lang == English {
		english.Stem(env)
	} else {
		german.Stem(env)
	}
	out := env.Current()
	s.pool.Put(env)
	return out
}

// compoundLinks are the joints and inflection endings allowed between and after compound parts
// (Festplatte-n-austausch, Wartung-s-vertrag, Server-umzug-s).
var compoundLinks = []string{"s", "n", "en", "e", "es", "er", "ern", "nen"}

// splitCompound splits word into parts that are all in vocab (each at least minPart bytes),
// allowing joints from compoundLinks, with as few parts as possible. It returns nil when no split
// into two or more parts exists.
func splitCompound(word string, vocab map[string]struct{}, dst []string) []string {
	const minPart = 3
	n := len(word)
	if n < 2*minPart || n > 40 {
		return nil
	}
	const inf = 1 << 20
	// cost[i]: cheapest split of word[:i]; prev[i], part[i]: back pointers.
	var cost, prev, partEnd [41]int
	for i := range cost {
		cost[i] = inf
	}
	cost[0] = 0
	for i := 0; i < n; i++ {
		if cost[i] == inf {
			continue
		}
		for j := i + minPart; j <= n; j++ {
			if _, ok := vocab[word[i:j]]; !ok {
				continue
			}
			// Plain part, then optionally a joint.
			c := cost[i] + 10
			if c < cost[j] {
				cost[j], prev[j], partEnd[j] = c, i, j
			}
			for _, l := range compoundLinks {
				k := j + len(l)
				if k <= n && word[j:k] == l && c+1 < cost[k] {
					cost[k], prev[k], partEnd[k] = c+1, i, j
				}
			}
		}
	}
	if cost[n] == inf {
		// German compounds carry their meaning in the last part (Zeiterfassungs-software,
		// Kassen-system): accept an unknown head of a known final part.
		for i := minPart + 1; i <= n-5; i++ {
			if _, ok := vocab[word[i:]]; ok {
				return append(dst, word[:i], word[i:])
			}
		}
		return nil
	}
	if cost[n] < 20 {
		return nil
	}
	start := len(dst)
	for i := n; i > 0; i = prev[i] {
		dst = append(dst, word[prev[i]:partEnd[i]])
	}
	// Reverse the parts appended in back-pointer order.
	for a, b := start, len(dst)-1; a < b; a, b = a+1, b-1 {
		dst[a], dst[b] = dst[b], dst[a]
	}
	return dst
}

// typoIndex finds vocabulary words at edit distance 1 (one insertion, deletion, substitution
// or adjacent transposition) using a deletion neighbourhood.
type typoIndex struct {
	words   map[string]struct{}
	deletes map[string]string // word with one byte deleted → a vocabulary word
}

func newTypoIndex(words []string) *typoIndex {
	t := &typoIndex{words: make(map[string]struct{}, len(words)), deletes: make(map[string]string, len(words)*8)}
	for _, w := range words {
		t.words[w] = struct{}{}
	}
	for _, w := range words {
		if len(w) < 5 {
			continue
		}
		for i := 0; i < len(w); i++ {
			d := w[:i] + w[i+1:]
			if old, ok := t.deletes[d]; !ok || w < old {
				t.deletes[d] = w
			}
		}
	}
	return t
}

// correct returns the vocabulary word within edit distance 1 of w, or "" when there is none.
// Only words of at least minLen bytes are corrected; shorter ones have too many neighbours.
func (t *typoIndex) correct(w string, minLen int) string {
	if len(w) < minLen || len(w) > 40 {
		return ""
	}
	// Typos rarely hit the first letter; a correction must keep it ("valuation" is no
	// "evaluation").
	if v, ok := t.deletes[w]; ok && v[0] == w[0] { // a letter is missing in w
		return v
	}
	var buf [40]byte
	for i := 1; i < len(w); i++ {
		d := append(append(buf[:0], w[:i]...), w[i+1:]...)
		if _, ok := t.words[string(d)]; ok && len(w) >= 7 { // w has an extra letter
			return string(d)
		}
		// A swap of two letters, or, in longer words, one wrong letter: short words have too many
		// real neighbours ("spring" is not a typo of "sprung").
		if v, ok := t.deletes[string(d)]; ok && len(v) == len(w) && v[0] == w[0] && within1(v, w) && (len(w) >= 7 || swapped(v, w)) {
			return v
		}
	}
	return ""
}

// swapped reports whether a and b (of equal length) differ by one swap of adjacent letters.
func swapped(a, b string) bool {
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
}

// within1 reports whether a and b (of equal length) differ by one substitution or one swap of
// adjacent letters.
func within1(a, b string) bool {
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if i == len(a) {
		return true
	}
	if a[i+1:] == b[i+1:] {
		return true // substitution
	}
	return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
}
