package nlu

import (
	"regexp/syntax"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// The literal prefilter of the reader's patterns (see litRE).
//
// Every pattern gets a set of literals of which each match contains at
// least one: found by reading the pattern's syntax tree the way a code
// search index does (exact sets of short alternations multiplied out, the
// prefixes and suffixes of the parts joined across each seam), so that
// "ver(?:schieb|schoben|leg)" gives "verschieb", "verschoben", "verleg"
// rather than "ver". All patterns' literals go into one trie; a message's
// text is walked through it once (remember), and each pattern then only
// tests the bits of its own literals, instead of searching the text for
// each of its literals in turn. Texts are walked with their white space
// as blanks, and \s is a blank in the literals. A text that was not
// remembered is not walked: RE2 finds that a pattern does not match it
// in less time than one walk takes.
//
// Many patterns also have start literals (startLits): one of them starts
// at most a few bytes into every match. A search for the first match then
// starts just before the first of them in the text rather than at its
// beginning (window); RE2 needs this less than Go's regexp did, but it
// costs one look at the literals already found.

// maxLits bounds the literal sets while they are multiplied out, maxUnion
// those of alternations.
const (
	maxLits  = 64
	maxUnion = 1024
)

// litSet is a set of literals: nil when nothing is known; a set that holds
// "" says nothing either.
type litSet []string

// litInfo is what is known about the strings a pattern matches.
type litInfo struct {
	exact  litSet // all it can match, when that is a few literals
	prefix litSet // every match starts with one of these
	suffix litSet // every match ends with one of these
	match  litSet // every match contains one of these
}

func (i litInfo) pre() litSet {
	if i.exact != nil {
		return i.exact
	}
	return i.prefix
}

func (i litInfo) suf() litSet {
	if i.exact != nil {
		return i.exact
	}
	return i.suffix
}

func (i litInfo) req() litSet {
	if i.exact != nil {
		return i.exact
	}
	return best(i.match, best(i.prefix, i.suffix))
}

// useful reports whether a set says anything: known, and without "".
func (s litSet) useful() bool { return s != nil && !slices.Contains(s, "") }

// best returns the more selective of two required sets: the one whose
// shortest literal is longer, then the smaller one.
func best(a, b litSet) litSet {
	switch {
	case !a.useful():
		if b.useful() {
			return b
		}
		return nil
	case !b.useful():
		return a
	}
	ma, mb := minLen(a), minLen(b)
	if ma > mb || ma == mb && len(a) <= len(b) {
		return a
	}
	return b
}

func minLen(xs []string) int {
	m := 1 << 30
	for _, x := range xs {
		m = min(m, len(x))
	}
	return m
}

// cross returns every a+b, or nil when either is unknown or there would
// be too many.
func cross(a, b litSet) litSet {
	if a == nil || b == nil || len(a)*len(b) > maxLits {
		return nil
	}
	out := make(litSet, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			out = append(out, x+y)
		}
	}
	return dedup(out)
}

// union returns a ∪ b, or nil when either is unknown or there would be too
// many.
func union(a, b litSet) litSet {
	if a == nil || b == nil || len(a)+len(b) > maxUnion {
		return nil
	}
	return dedup(append(slices.Clip(a), b...))
}

func dedup(s litSet) litSet {
	s = slices.Clone(s)
	slices.Sort(s)
	return slices.Compact(s)
}

// analyse reads what re can match; literals that ignore case are lowered.
func analyse(re *syntax.Regexp) litInfo {
	lower := func(s string) string {
		if re.Flags&syntax.FoldCase != 0 {
			return strings.ToLower(s)
		}
		return s
	}
	switch re.Op {
	case syntax.OpLiteral:
		return litInfo{exact: litSet{lower(string(re.Rune))}}
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return litInfo{exact: litSet{""}}
	case syntax.OpCharClass:
		// a few runes, or digits: each is a literal
		limit := 4
		if len(re.Rune) == 2 && re.Rune[0] >= '0' && re.Rune[1] <= '9' {
			limit = 10
		}
		var out litSet
		for i := 0; i+1 < len(re.Rune); i += 2 {
			lo, hi := re.Rune[i], re.Rune[i+1]
			if int(hi-lo) >= 10 {
				return litInfo{}
			}
			for r := lo; r <= hi; r++ {
				if !utf8.ValidRune(r) {
					return litInfo{}
				}
				// \s is one literal: the texts are scanned with their
				// white space as blanks (see litTrie)
				out = append(out, normSpace(string(r)))
			}
		}
		if out = dedup(out); len(out) > limit {
			return litInfo{}
		}
		return litInfo{exact: out}
	case syntax.OpCapture:
		return analyse(re.Sub[0])
	case syntax.OpQuest:
		sub := analyse(re.Sub[0])
		return litInfo{exact: union(sub.exact, litSet{""})}
	case syntax.OpPlus:
		sub := analyse(re.Sub[0])
		return litInfo{prefix: sub.pre(), suffix: sub.suf(), match: sub.req()}
	case syntax.OpRepeat:
		if re.Min == 0 {
			if re.Max == 1 {
				sub := analyse(re.Sub[0])
				return litInfo{exact: union(sub.exact, litSet{""})}
			}
			return litInfo{}
		}
		sub := analyse(re.Sub[0])
		if re.Min == 1 && re.Max == 1 {
			return sub
		}
		return litInfo{prefix: sub.pre(), suffix: sub.suf(), match: sub.req()}
	case syntax.OpAlternate:
		var out litInfo
		for i, s := range re.Sub {
			sub := analyse(s)
			if i == 0 {
				out = litInfo{exact: sub.exact, prefix: sub.pre(), suffix: sub.suf(), match: sub.req()}
				continue
			}
			out.exact = union(out.exact, sub.exact)
			out.prefix = union(out.prefix, sub.pre())
			out.suffix = union(out.suffix, sub.suf())
			out.match = union(out.match, sub.req())
		}
		return out
	case syntax.OpConcat:
		var out litInfo
		for i, s := range re.Sub {
			sub := analyse(s)
			if i == 0 {
				out = sub
				continue
			}
			var next litInfo
			next.exact = cross(out.exact, sub.exact)
			if out.exact != nil {
				next.prefix = cross(out.exact, sub.pre())
				if next.prefix == nil {
					next.prefix = out.exact
				}
			} else {
				next.prefix = out.prefix
			}
			if sub.exact != nil {
				next.suffix = cross(out.suf(), sub.exact)
				if next.suffix == nil {
					next.suffix = sub.exact
				}
			} else {
				next.suffix = sub.suffix
			}
			next.match = best(out.req(), best(sub.req(), cross(out.suf(), sub.pre())))
			out = next
		}
		return out
	}
	return litInfo{}
}

// hasFold reports whether any part of re ignores case.
func hasFold(re *syntax.Regexp) bool {
	if re.Flags&syntax.FoldCase != 0 {
		return true
	}
	return slices.ContainsFunc(re.Sub, hasFold)
}

// requiredLits returns literals of which every match of the pattern
// contains at least one (none of them inside another), and whether they are
// to be looked for in the lowered text (the pattern ignores case
// somewhere); nil when there is no such set.
func requiredLits(pattern string) ([]string, bool) {
	t, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil, false
	}
	t = t.Simplify()
	fold := hasFold(t)
	set := analyse(t).req()
	if !set.useful() {
		return nil, fold
	}
	if fold {
		for i, s := range set {
			set[i] = strings.ToLower(s)
		}
	}
	for i, s := range set {
		set[i] = normSpace(s)
	}
	set = dedup(set)
	// a literal that contains another adds nothing
	var out []string
	for _, s := range set {
		if !slices.ContainsFunc(set, func(o string) bool { return o != s && strings.Contains(s, o) }) {
			out = append(out, s)
		}
	}
	return out, fold
}

// spaceOf maps the bytes of \s (tab, line feed, form feed, carriage
// return, space) to a blank and every other byte to itself: texts are
// scanned and literals stored so, so that "eine\s+von" can be looked for
// as "eine von".
var spaceOf = func() (t [256]byte) {
	for i := range t {
		t[i] = byte(i)
	}
	for _, c := range "\t\n\f\r" {
		t[c] = ' '
	}
	return t
}()

func normSpace(s string) string {
	if !strings.ContainsAny(s, "\t\n\f\r") {
		return s
	}
	b := []byte(s)
	for i, c := range b {
		b[i] = spaceOf[c]
	}
	return string(b)
}

// maxBytes returns the most bytes re can match, or -1 when that is not
// bounded.
func maxBytes(re *syntax.Regexp) int {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return 0
	case syntax.OpLiteral:
		n := 0
		for _, r := range re.Rune {
			m := utf8.RuneLen(r)
			if re.Flags&syntax.FoldCase != 0 {
				// "k" also matches the Kelvin sign, three bytes
				for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
					m = max(m, utf8.RuneLen(f))
				}
			}
			n += max(m, 1)
		}
		return n
	case syntax.OpCharClass:
		if len(re.Rune) == 0 {
			return 0
		}
		return max(utf8.RuneLen(min(re.Rune[len(re.Rune)-1], unicode.MaxRune)), 1)
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return utf8.UTFMax
	case syntax.OpCapture, syntax.OpQuest:
		return maxBytes(re.Sub[0])
	case syntax.OpRepeat:
		if n := maxBytes(re.Sub[0]); re.Max >= 0 && n >= 0 {
			return re.Max * n
		}
	case syntax.OpConcat, syntax.OpAlternate:
		total := 0
		for _, sub := range re.Sub {
			n := maxBytes(sub)
			if n < 0 {
				return -1
			}
			if re.Op == syntax.OpConcat {
				total += n
			} else {
				total = max(total, n)
			}
		}
		return total
	}
	return -1
}

// anchors reports whether re has ^ or \A, which a search from inside the
// text would read differently.
func anchors(re *syntax.Regexp) bool {
	if re.Op == syntax.OpBeginLine || re.Op == syntax.OpBeginText {
		return true
	}
	return slices.ContainsFunc(re.Sub, anchors)
}

// startLits returns literals one of which starts at most lead bytes after
// the start of every match, so that a search can start lead bytes before
// the first of them; nil when there are none.
func startLits(pattern string) (set []string, lead int) {
	t, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil, 0
	}
	t = t.Simplify()
	if anchors(t) {
		return nil, 0
	}
	fold := hasFold(t)
	for t.Op == syntax.OpCapture {
		t = t.Sub[0]
	}
	parts := []*syntax.Regexp{t}
	if t.Op == syntax.OpConcat {
		parts = t.Sub
	}
	for _, p := range parts {
		if pre := analyse(p).pre(); pre.useful() {
			set = slices.Clone(pre)
			for i, s := range set {
				if fold {
					s = strings.ToLower(s)
				}
				set[i] = normSpace(s)
			}
			return dedup(set), lead
		}
		n := maxBytes(p)
		if n < 0 {
			return nil, 0
		}
		lead += n
	}
	return nil, 0
}

// The trie of every pattern's literals.
var lits struct {
	sync.Mutex
	ids   map[string]int32 // literal → id
	built atomic.Pointer[litTrie]
	all   []*litRE
}

// litID returns the literal's id in the shared table.
func litID(s string) int32 {
	lits.Lock()
	defer lits.Unlock()
	if lits.ids == nil {
		lits.ids = map[string]int32{}
	}
	id, ok := lits.ids[s]
	if !ok {
		id = int32(len(lits.ids))
		lits.ids[s] = id
		lits.built.Store(nil)
	}
	return id
}

// litTrie finds all literals in a text in one pass.
type litTrie struct {
	root  [256]int32 // first byte → node; 0: none
	nodes []trieNode // nodes[0] is unused
	edges []trieEdge // the edges of node i: edges[first:first+n], by byte
	// class numbers the bytes that occur in literals from 1 (0: none);
	// a node with three edges or more has a row of dense of one child per
	// class.
	class   [256]byte
	classes int
	dense   []int32
	n       int // literals
}

type trieNode struct {
	lit   int32 // literal ending here, or -1
	first int32 // its first edge, or its only child when n is 1, or its row of dense
	n     uint16
	b     byte // the byte to its only child
}

type trieEdge struct {
	b    byte
	node int32
}

func trie() *litTrie {
	if t := lits.built.Load(); t != nil {
		return t
	}
	lits.Lock()
	defer lits.Unlock()
	t := &litTrie{n: len(lits.ids)}
	type build struct {
		kids map[byte]int32
		lit  int32
	}
	nodes := []build{{}}
	for s, id := range lits.ids {
		cur := int32(-1) // the root
		for i := 0; i < len(s); i++ {
			var next int32
			if cur < 0 {
				next = t.root[s[i]]
				if next == 0 {
					next = int32(len(nodes))
					nodes = append(nodes, build{lit: -1})
					t.root[s[i]] = next
				}
			} else {
				if nodes[cur].kids == nil {
					nodes[cur].kids = map[byte]int32{}
				}
				next = nodes[cur].kids[s[i]]
				if next == 0 {
					next = int32(len(nodes))
					nodes = append(nodes, build{lit: -1})
					nodes[cur].kids[s[i]] = next
				}
			}
			cur = next
		}
		nodes[cur].lit = id
	}
	for s := range lits.ids {
		for i := 0; i < len(s); i++ {
			if t.class[s[i]] == 0 {
				t.classes++
				t.class[s[i]] = byte(t.classes)
			}
		}
	}
	t.nodes = make([]trieNode, len(nodes))
	for i, n := range nodes {
		var es []trieEdge
		for b, k := range n.kids {
			es = append(es, trieEdge{b, k})
		}
		slices.SortFunc(es, func(x, y trieEdge) int { return int(x.b) - int(y.b) })
		tn := trieNode{lit: n.lit, n: uint16(len(es))}
		switch {
		case len(es) == 1:
			tn.b, tn.first = es[0].b, es[0].node
		case len(es) == 2:
			tn.first = int32(len(t.edges))
			t.edges = append(t.edges, es...)
		case len(es) > 2:
			tn.first = int32(len(t.dense))
			row := make([]int32, t.classes+1)
			for _, e := range es {
				row[t.class[e.b]] = e.node
			}
			t.dense = append(t.dense, row...)
		}
		t.nodes[i] = tn
	}
	lits.built.Store(t)
	return t
}

// next follows the edge of node n for byte b (white space as a blank), or
// returns 0.
func (t *litTrie) next(n *trieNode, b byte) int32 {
	b = spaceOf[b]
	switch n.n {
	case 0:
	case 1:
		if n.b == b {
			return n.first
		}
	case 2:
		if e := t.edges[n.first]; e.b == b {
			return e.node
		}
		if e := t.edges[n.first+1]; e.b == b {
			return e.node
		}
	default:
		if c := t.class[b]; c != 0 {
			return t.dense[int(n.first)+int(c)]
		}
	}
	return 0
}

// litHits are the literals found in a text: their set, and each one's
// first start, in the order of the starts.
type litHits struct {
	set []uint64
	ids []int32
	at  []int32
}

// find returns the literals that occur in s.
func (t *litTrie) find(s string) *litHits {
	// most texts hold a few dozen literals: room for them up front
	h := &litHits{set: make([]uint64, (t.n+63)/64), ids: make([]int32, 0, 48), at: make([]int32, 0, 48)}
	for i := 0; i < len(s); i++ {
		for cur, j := t.root[spaceOf[s[i]]], i+1; cur != 0; j++ {
			n := &t.nodes[cur]
			if l := n.lit; l >= 0 && h.set[l>>6]&(1<<(l&63)) == 0 {
				h.set[l>>6] |= 1 << (l & 63)
				h.ids = append(h.ids, l)
				h.at = append(h.at, int32(i))
			}
			if j == len(s) {
				break
			}
			cur = t.next(n, s[j])
		}
	}
	return h
}

// idSet is a set of literal ids as the words of a bit set that hold any:
// a pattern's literals are registered together, so they fill one word or
// a few, out of the many the trie's literals need.
type idSet struct {
	words []int32  // the words' places, ascending
	bits  []uint64 // their bits
}

// add returns the set with id added.
func (s idSet) add(id int32) idSet {
	w := id >> 6
	for k, x := range s.words {
		if x == w {
			s.bits[k] |= 1 << (id & 63)
			return s
		}
	}
	s.words = append(s.words, w)
	s.bits = append(s.bits, 1<<(id&63))
	return s
}

// has reports whether one of the literals of set is among h (or may be:
// a literal newer than h).
func (h *litHits) has(set idSet) bool {
	for k, w := range set.words {
		if int(w) >= len(h.set) || h.set[w]&set.bits[k] != 0 {
			return true
		}
	}
	return false
}

// first returns where the first of the literals of mask starts, or -1.
func (h *litHits) first(mask []uint64) int {
	for k, l := range h.ids {
		if int(l>>6) < len(mask) && mask[l>>6]&(1<<(l&63)) != 0 {
			return int(h.at[k])
		}
	}
	return -1
}

// A textScan holds the literals found in one text and in its lowered
// form, each found the first time a pattern asks. The texts the reader
// runs many patterns on are remembered (see remember); a pattern looks its
// text up by identity, the same string data and length: then it is the
// very string that was scanned, kept alive by its scan.
type textScan struct {
	s        string
	raw, low *litHits
	// lower: s is its own lowered form (known once low is found)
	lower   bool
	rawOnce sync.Once
	lowOnce sync.Once
}

// hits returns the literals found in the text (lowered: in its lowered
// form).
func (sc *textScan) hits(lowered bool) *litHits {
	if !lowered {
		sc.rawOnce.Do(func() { sc.raw = trie().find(sc.s) })
		return sc.raw
	}
	sc.lowOnce.Do(func() {
		if l := strings.ToLower(sc.s); l == sc.s {
			sc.lower = true
			sc.low = sc.hits(false)
		} else {
			sc.low = trie().find(l)
		}
	})
	return sc.low
}

// scans are the texts remembered last, by a hash of their address. A
// newer text takes the slot of an older one; a text no longer there is
// searched whole, as if it had never been remembered.
var scans [512]atomic.Pointer[textScan]

func scanSlot(s string) *atomic.Pointer[textScan] {
	p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
	return &scans[(p>>4^p>>13^uintptr(len(s)))%uintptr(len(scans))]
}

// remember marks s as a text many patterns will run on, and returns it.
func remember(s string) string {
	if len(s) > 0 {
		scanSlot(s).Store(&textScan{s: s})
	}
	return s
}

// scanOf returns the scan of s if s is remembered, or nil.
func scanOf(s string) *textScan {
	if s == "" {
		return nil
	}
	sc := scanSlot(s).Load()
	if sc == nil || len(sc.s) != len(s) || unsafe.StringData(sc.s) != unsafe.StringData(s) {
		return nil
	}
	return sc
}
