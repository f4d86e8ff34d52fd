package nlu

import (
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	re2 "github.com/wasilibs/go-re2"
)

// span is a part of the message: its text and where it starts and ends
// (byte offsets into the message).
type span struct {
	text       string
	start, end int
}

// abbrevs are abbreviations whose period does not end a sentence; pairs
// ("z. B.") are written without the space.
var abbrevs = map[string]bool{"z.b": true, "d.h": true, "u.a": true, "o.ä": true, "e.g": true, "i.e": true,
	"bzw": true, "ca": true, "nr": true, "usw": true, "etc": true, "vgl": true, "evtl": true, "ggf": true, "inkl": true,
	"zzgl": true, "dr": true, "prof": true, "hr": true, "fr": true, "tel": true, "wg": true, "bzgl": true, "mr": true,
	"mrs": true, "ms": true, "st": true, "str": true, "vs": true, "no": true, "mo": true, "di": true, "mi": true,
	"do": true, "sa": true, "so": true, "jan": true, "feb": true, "mär": true, "apr": true, "jun": true, "jul": true,
	"aug": true, "sep": true, "sept": true, "okt": true, "oct": true, "nov": true, "dez": true, "dec": true, "dipl": true,
	"ing": true, "max": true, "min": true, "std": true, "sek": true, "abs": true, "gem": true, "lt": true, "sog": true,
	"allg": true}

// protectedPeriods marks the periods of abbreviations ("z. B.", "ca.",
// "Dr."), which end no sentence.
func protectedPeriods(text string) []bool {
	protect := make([]bool, len(text))
	for i := 0; i < len(text); i++ {
		if text[i] != '.' {
			continue
		}
		w, start := wordBefore(text, i)
		if w == "" {
			continue
		}
		if abbrevs[w] {
			protect[i] = true
			continue
		}
		// "z. B.", "d.h.": the first part before a period and a space
		j := start - 1
		if j > 0 && text[j] == ' ' {
			j--
		}
		if j >= 0 && text[j] == '.' {
			if first, _ := wordBefore(text, j); first != "" && abbrevs[first+"."+w] {
				// both periods of "z. B."
				protect[i], protect[j] = true, true
			}
		}
	}
	return protect
}

// wordBefore returns the lowered word of letters that ends right before
// byte i, and where it starts.
func wordBefore(text string, i int) (string, int) {
	j := i
	for j > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:j])
		if !unicode.IsLetter(r) {
			break
		}
		j -= size
	}
	if j == i {
		return "", i
	}
	return strings.ToLower(text[j:i]), j
}

// sentences splits text into sentences at . ! ? ; and line breaks, but not
// at the period of a date ("9.12."), a number ("12.4", "1. OG"), an
// e-mail address or host name, or an abbreviation ("z. B.", "ca.", "Dr.").
func sentences(text string) []span {
	protect := protectedPeriods(text)
	var out []span
	start := 0
	emit := func(end int) {
		s := strings.TrimSpace(text[start:end])
		if s != "" {
			off := start + strings.Index(text[start:end], s)
			out = append(out, span{text: s, start: off, end: off + len(s)})
		}
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch c {
		case '\n', ';', '!', '?':
			// runs of ?!! end together
			j := i
			for j+1 < len(text) && strings.IndexByte("!?", text[j+1]) >= 0 {
				j++
			}
			emit(j + 1)
			start = j + 1
			i = j
		case '.':
			if protect[i] {
				continue
			}
			prevDigit := i > 0 && isDigit(text[i-1])
			nextDigit := i+1 < len(text) && isDigit(text[i+1])
			nextSpaceDigit := i+2 < len(text) && text[i+1] == ' ' && isDigit(text[i+2])
			nextWord := i+1 < len(text) && (isLetter(text[i+1]) || text[i+1] == '-')
			if nextDigit || nextWord || (prevDigit && nextSpaceDigit) {
				continue
			}
			// "am 9.12. vormittags", "im 1. OG", "der 16. passt": the period
			// after a day or month number is part of the date.
			if prevDigit && shortNumberBefore(text, i) && !endsSentenceAfter(text, i) {
				continue
			}
			j := i
			for j+1 < len(text) && text[j+1] == '.' {
				j++
			}
			emit(j + 1)
			start = j + 1
			i = j
		}
	}
	emit(len(text))
	return out
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 }

// shortNumberBefore reports whether the digits before text[i] are one or
// two long (a day, a month, an ordinal) rather than a long number.
func shortNumberBefore(text string, i int) bool {
	n := 0
	for j := i - 1; j >= 0 && isDigit(text[j]); j-- {
		n++
	}
	return n <= 2
}

// endsSentenceAfter reports whether what follows text[i] starts a new
// sentence: the end, or a capitalised word that is not a noun commonly
// written after a date ("9.12. Vormittags" stays one sentence only when
// the word is a part of the day or a month).
func endsSentenceAfter(text string, i int) bool {
	rest := strings.TrimLeft(text[i+1:], " ")
	if rest == "" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(rest)
	if !unicode.IsUpper(r) {
		return false
	}
	w := strings.ToLower(firstWord(rest))
	switch w {
	case "og", "eg", "ug", "stock", "etage", "januar", "februar", "märz", "april", "mai", "juni", "juli",
		"august", "september", "oktober", "november", "dezember", "vormittags", "nachmittags", "morgens",
		"abends", "mittags", "ab", "um", "von", "zwischen", "bis":
		return false
	}
	return true
}

func firstWord(s string) string {
	for i, r := range s {
		if !unicode.IsLetter(r) && r != '-' {
			return s[:i]
		}
	}
	return s
}

// clauses splits a sentence at commas, colons, brackets and dashes between
// words.
func clauses(s span) []span {
	var out []span
	t := s.text
	start := 0
	emit := func(end int) {
		c := strings.TrimSpace(t[start:end])
		c = strings.TrimRight(c, ".!? ")
		if c != "" {
			off := start + strings.Index(t[start:end], c)
			out = append(out, span{text: c, start: s.start + off, end: s.start + off + len(c)})
		}
	}
	for i, r := range t {
		switch r {
		case ',', ':', '(', ')', ';':
			// "9,5 Stunden" keeps its comma
			if r == ',' && i > 0 && i+1 < len(t) && isDigit(t[i-1]) && isDigit(t[i+1]) {
				continue
			}
			emit(i)
			start = i + 1
		case '-', '–', '—':
			n := len(string(r))
			if i > 0 && i+n < len(t) && t[i-1] == ' ' && t[i+n] == ' ' || r != '-' {
				emit(i)
				start = i + n
			}
		}
	}
	emit(len(t))
	return out
}

// words splits text into words of letters, digits, apostrophes and inner
// hyphens and periods ("O'Connor", "Jahresabschluss-Backup", "d.velop").
func words(text string) []string {
	out := strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '-' && r != '’' && r != '&' && r != '.'
	})
	// a period belongs to a word only between letters ("d.velop"), not
	// at its end ("Drucker.") or in a number ("9.12.")
	var ws []string
	for _, w := range out {
		ws = appendSplitPeriods(ws, w)
	}
	return ws
}

// appendSplitPeriods appends to out the parts of w split at periods that
// do not stand between two letters.
func appendSplitPeriods(out []string, w string) []string {
	start := 0
	for i := 0; i < len(w); i++ {
		if w[i] != '.' {
			continue
		}
		if i > 0 && i+1 < len(w) && isLetter(w[i-1]) && isLetter(w[i+1]) {
			continue
		}
		if i > start {
			out = append(out, w[start:i])
		}
		start = i + 1
	}
	if start < len(w) {
		out = append(out, w[start:])
	}
	return out
}

// fold lower-cases text and spells umlauts and ß out, so that patterns
// written without them match either way.
func fold(text string) string {
	// most words and many messages are ASCII: lower them byte by byte,
	// and not at all when they are lower case already
	ascii, lower := true, true
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
		if 'A' <= c && c <= 'Z' || c == '`' {
			lower = false
		}
	}
	if ascii {
		if lower {
			return text
		}
		b := make([]byte, len(text))
		for i := 0; i < len(text); i++ {
			c := text[i]
			switch {
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			case c == '`':
				c = '\''
			}
			b[i] = c
		}
		return string(b)
	}
	var b strings.Builder
	b.Grow(len(text) + 8)
	for _, r := range strings.ToLower(text) {
		switch r {
		case 'ä':
			b.WriteString("ae")
		case 'ö':
			b.WriteString("oe")
		case 'ü':
			b.WriteString("ue")
		case 'ß':
			b.WriteString("ss")
		case '’', '`', '´':
			b.WriteByte('\'')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// trimValue trims spaces, quotes and punctuation around a value and bounds
// its length.
func trimValue(s string, maxRunes int) string {
	t := strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(`.,;:!?"'„“”‚‘’()[]-–—*`, r)
	})
	// "hängt bei 'Updates werden vorbereitet'.": a quotation or bracket
	// opened inside keeps its end
	if i := strings.LastIndex(s, t); t != "" && i >= 0 {
		tail := s[i+len(t):]
		for _, q := range [][2]string{{`"`, `"`}, {"'", "'"}, {"„", "“"}, {"“", "”"}, {"‚", "‘"}, {"(", ")"}} {
			open := strings.Count(t, q[0])
			if q[0] == q[1] {
				open %= 2
			} else {
				open -= strings.Count(t, q[1])
			}
			if open > 0 && strings.Contains(tail, q[1]) {
				t += q[1]
			}
		}
	}
	s = t
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > maxRunes {
		s = strings.TrimSpace(string([]rune(s)[:maxRunes])) + "…"
	}
	return s
}

// capitalised reports whether w starts with an upper-case letter.
func capitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// mask replaces the byte ranges in locs with spaces, keeping offsets.
func mask(text string, locs [][]int) string { return maskWith(text, locs, ' ') }

// maskWith replaces the byte ranges in locs with c, keeping offsets (and
// line breaks).
func maskWith(text string, locs [][]int, c byte) string {
	if len(locs) == 0 {
		return text
	}
	b := []byte(text)
	for _, l := range locs {
		for i := l[0]; i < l[1] && i < len(b); i++ {
			if b[i] != '\n' {
				b[i] = c
			}
		}
	}
	return string(b)
}

// foldedRE compiles a pattern meant for folded text (see fold): the
// umlauts and ß written in the pattern are spelled out the same way.
func foldedRE(pattern string) *litRE {
	return newLitRE(strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss", "Ä", "ae", "Ö", "oe", "Ü", "ue", "’", "'").Replace(pattern))
}

// litRE is a regular expression with a literal prefilter, run by RE2.
//
// Most of the reader's patterns are long alternations of words
// ("zugriff|zugang|…"); a match is only possible where one of a few
// literals occurs, and checking those first skips the patterns a message
// cannot match (most of them, for any one message). How the literals are
// found and looked up is in lits.go.
//
// The patterns that are left run on RE2 (github.com/wasilibs/go-re2, the
// C++ library compiled to Go, no cgo), whose DFA runs such alternations
// in one pass; Go's regexp tries them at every position, with a
// backtracker or an NFA: on the reader's own calls RE2 took a tenth of
// the time (docs/reliability.md). The syntax is the same (Go's regexp is
// RE2's), and so are the answers on valid UTF-8: TestPrefilterSameAnswers
// checks every pattern against Go's regexp on every message of the
// labelled sets and conversation files. On invalid UTF-8, where RE2
// stops reading, the standard library's regexp answers instead.
type litRE struct {
	*re2.Regexp
	// plain is the same pattern for Go's regexp, compiled the first time
	// a text that is not valid UTF-8 comes.
	plain     *regexp.Regexp
	plainOnce sync.Once
	// lits: one of them occurs in every match (lower case where the
	// pattern ignores case); nil when no such set was found. ids are
	// their ids in the shared trie.
	lits []string
	ids  []int32
	set  idSet // ids as a set
	// fold: the literals were lowered, so the text is lowered to compare.
	fold bool
	// start: one of these literals (ids as a set) starts at most lead
	// bytes after the start of every match, so a search for the first
	// match starts there; nil when there are none.
	start []uint64
	lead  int
}

func newLitRE(pattern string) *litRE {
	r := &litRE{Regexp: re2.MustCompile(pattern)}
	r.lits, r.fold = requiredLits(pattern)
	for _, l := range r.lits {
		id := litID(l)
		r.ids = append(r.ids, id)
		r.set = r.set.add(id)
	}
	starts, lead := startLits(pattern)
	for _, l := range starts {
		r.start = addID(r.start, litID(l))
	}
	r.lead = lead
	lits.Lock()
	lits.all = append(lits.all, r)
	lits.Unlock()
	return r
}

// window returns where in s a search for the first match can start, or
// -1 when s cannot match at all. It asks the literals found in s when s
// is remembered (see remember): -1 when none of the pattern's literals
// occurs in it; lead bytes before the first of the start literals, moved
// back to after an ASCII character that is no word character (so that \b
// reads the same), when there are start literals; else 0. No match starts
// before it, so a search from there finds the same matches. A text that
// is not remembered is searched whole: walking it through the trie for
// one pattern costs more than RE2 takes to find that it does not match.
func (r *litRE) window(s string) int {
	if r.lits == nil && r.start == nil {
		return 0
	}
	sc := scanOf(s)
	if sc == nil {
		return 0
	}
	h := sc.hits(r.fold)
	if r.lits != nil && !h.has(r.set) {
		return -1
	}
	// the start literals are found in s itself, so that their offsets
	// are s's: for a pattern that ignores case, only when s is lower case
	if r.start == nil || r.fold && !sc.lower {
		return 0
	}
	q := h.first(r.start)
	if q < 0 {
		return -1
	}
	a := q - r.lead
	for a > 0 && !(s[a-1] < utf8.RuneSelf && !isWordASCII(s[a-1])) {
		a--
	}
	return max(a, 0)
}

func addID(set []uint64, id int32) []uint64 {
	for int(id>>6) >= len(set) {
		set = append(set, 0)
	}
	set[id>>6] |= 1 << (id & 63)
	return set
}

func isWordASCII(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_'
}

// shift moves the offsets of a match in s[a:] to s.
func shift(loc []int, a int) []int {
	if a > 0 {
		for i, x := range loc {
			if x >= 0 {
				loc[i] = x + a
			}
		}
	}
	return loc
}

// engine is what litRE needs of a compiled pattern; both RE2's and Go's
// regexp have it.
type engine interface {
	MatchString(s string) bool
	FindString(s string) string
	FindStringIndex(s string) []int
	FindStringSubmatch(s string) []string
	FindStringSubmatchIndex(s string) []int
	FindAllString(s string, n int) []string
	FindAllStringIndex(s string, n int) [][]int
	FindAllStringSubmatch(s string, n int) [][]string
	FindAllStringSubmatchIndex(s string, n int) [][]int
	ReplaceAllString(src, repl string) string
	ReplaceAllStringFunc(src string, repl func(string) string) string
}

// on returns the engine for s: RE2, or Go's regexp where s is not valid
// UTF-8 (RE2 stops at the first invalid byte; Go's regexp reads it as
// U+FFFD, which the reader's patterns were written for).
func (r *litRE) on(s string) engine {
	if utf8.ValidString(s) {
		return r.Regexp
	}
	r.plainOnce.Do(func() { r.plain = regexp.MustCompile(r.String()) })
	return r.plain
}

// MatchString is regexp.MatchString after the prefilter.
func (r *litRE) MatchString(s string) bool {
	a := r.window(s)
	return a >= 0 && r.on(s).MatchString(s[a:])
}

// FindString is regexp.FindString after the prefilter.
func (r *litRE) FindString(s string) string {
	a := r.window(s)
	if a < 0 {
		return ""
	}
	return r.on(s).FindString(s[a:])
}

// FindStringIndex is regexp.FindStringIndex after the prefilter.
func (r *litRE) FindStringIndex(s string) []int {
	a := r.window(s)
	if a < 0 {
		return nil
	}
	return shift(r.on(s).FindStringIndex(s[a:]), a)
}

// FindStringSubmatch is regexp.FindStringSubmatch after the prefilter.
func (r *litRE) FindStringSubmatch(s string) []string {
	a := r.window(s)
	if a < 0 {
		return nil
	}
	return r.on(s).FindStringSubmatch(s[a:])
}

// FindStringSubmatchIndex is regexp.FindStringSubmatchIndex after the prefilter.
func (r *litRE) FindStringSubmatchIndex(s string) []int {
	a := r.window(s)
	if a < 0 {
		return nil
	}
	return shift(r.on(s).FindStringSubmatchIndex(s[a:]), a)
}

// FindAllString is regexp.FindAllString after the prefilter.
func (r *litRE) FindAllString(s string, n int) []string {
	a := r.window(s)
	if a < 0 {
		return nil
	}
	return r.on(s).FindAllString(s[a:], n)
}

// FindAllStringIndex is regexp.FindAllStringIndex after the prefilter.
func (r *litRE) FindAllStringIndex(s string, n int) [][]int {
	a := r.window(s)
	if a < 0 {
		return nil
	}
	locs := r.on(s).FindAllStringIndex(s[a:], n)
	for _, loc := range locs {
		shift(loc, a)
	}
	return locs
}

// FindAllStringSubmatch is regexp.FindAllStringSubmatch after the prefilter.
func (r *litRE) FindAllStringSubmatch(s string, n int) [][]string {
	a := r.window(s)
	if a < 0 {
		return nil
	}
	return r.on(s).FindAllStringSubmatch(s[a:], n)
}

// FindAllStringSubmatchIndex is regexp.FindAllStringSubmatchIndex after the prefilter.
func (r *litRE) FindAllStringSubmatchIndex(s string, n int) [][]int {
	a := r.window(s)
	if a < 0 {
		return nil
	}
	locs := r.on(s).FindAllStringSubmatchIndex(s[a:], n)
	for _, loc := range locs {
		shift(loc, a)
	}
	return locs
}

// ReplaceAllString is regexp.ReplaceAllString after the prefilter.
func (r *litRE) ReplaceAllString(src, repl string) string {
	a := r.window(src)
	if a < 0 {
		return src
	}
	return src[:a] + r.on(src).ReplaceAllString(src[a:], repl)
}

// ReplaceAllStringFunc is regexp.ReplaceAllStringFunc after the prefilter.
func (r *litRE) ReplaceAllStringFunc(src string, repl func(string) string) string {
	a := r.window(src)
	if a < 0 {
		return src
	}
	return src[:a] + r.on(src).ReplaceAllStringFunc(src[a:], repl)
}
