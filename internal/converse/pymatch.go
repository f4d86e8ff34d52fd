package converse

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Matching with a translated pattern (see pyre.go): RE2 finds candidates,
// the markers' assertions are checked on the whole text.

// isPyWord is Python's Unicode \w.
func isPyWord(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r) }

// isPySpace is Python's Unicode \s (and str.isspace).
func isPySpace(r rune) bool {
	switch {
	case r >= '\t' && r <= '\r', r >= 0x1c && r <= 0x20, r == 0x85, r == 0xa0, r == 0x1680,
		r >= 0x2000 && r <= 0x200a, r == 0x2028, r == 0x2029, r == 0x202f, r == 0x205f, r == 0x3000:
		return true
	}
	return false
}

func isBoundary(s string, at int) bool {
	before, after := false, false
	if at > 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:at])
		before = isPyWord(r)
	}
	if at < len(s) {
		r, _ := utf8.DecodeRuneInString(s[at:])
		after = isPyWord(r)
	}
	return before != after
}

func (c *check) holds(s string, at int) bool {
	switch c.kind {
	case ckBoundary:
		return isBoundary(s, at)
	case ckNonBoundary:
		return !isBoundary(s, at)
	case ckStart:
		return at == 0
	case ckLineStart:
		return at == 0 || s[at-1] == '\n'
	case ckEnd:
		return at == len(s) || (at == len(s)-1 && s[at] == '\n')
	case ckAhead, ckNotAhead:
		return c.sub.matchAt(s, at, len(s)) == (c.kind == ckAhead)
	case ckBehind, ckNotBehind:
		q := at
		for n := 0; n < c.width; n++ {
			if q == 0 {
				return c.kind == ckNotBehind
			}
			_, size := utf8.DecodeLastRuneInString(s[:q])
			q -= size
		}
		return c.sub.matchAt(s, q, at) == (c.kind == ckBehind)
	}
	return false
}

// matchAt reports whether an anchored lookaround body matches s[from:to],
// its own assertions judged on the whole of s.
func (p *pyre) matchAt(s string, from, to int) bool {
	loc := p.re.FindStringSubmatchIndex(s[from:to])
	return loc != nil && p.verify(s, loc, from)
}

func (p *pyre) verify(s string, loc []int, off int) bool {
	for i := range p.checks {
		c := &p.checks[i]
		if at := loc[2*c.group]; at >= 0 && !c.holds(s, at+off) {
			return false
		}
	}
	return true
}

// searchFrom is Python's pattern.search(s, pos): the first match at or
// after byte offset pos, as absolute [start, end] pairs of the Python
// groups (-1 for a group that did not take part), or nil.
func (p *pyre) searchFrom(s string, pos int) []int {
	for pos <= len(s) {
		loc := p.re.FindStringSubmatchIndex(s[pos:])
		if loc == nil {
			return nil
		}
		if p.verify(s, loc, pos) {
			return p.project(loc, pos)
		}
		start := pos + loc[0]
		if m := p.shorter(s, start, pos+loc[1]); m != nil {
			return m
		}
		if start >= len(s) {
			return nil
		}
		_, size := utf8.DecodeRuneInString(s[start:])
		pos = start + size
	}
	return nil
}

// project returns the Python groups of a match at offset off.
func (p *pyre) project(loc []int, off int) []int {
	out := make([]int, 2*len(p.groups))
	for i, g := range p.groups {
		a, b := loc[2*g], loc[2*g+1]
		if a >= 0 {
			a, b = a+off, b+off
		}
		out[2*i], out[2*i+1] = a, b
	}
	return out
}

// shorter looks for a shorter match at start when the one ending at end
// failed its checks, as Python backtracks from a failed assertion:
// CB-26-3ä holds the reference CB-26 (ä being a word character, there is
// no \b after the 3).
func (p *pyre) shorter(s string, start, end int) []int {
	if p.anchored == nil {
		return nil
	}
	for k := end; k > start; {
		_, size := utf8.DecodeLastRuneInString(s[start:k])
		k -= size
		loc := p.anchored.FindStringSubmatchIndex(s[start:k])
		if loc == nil {
			return nil
		}
		if p.verify(s, loc, start) {
			return p.project(loc, start)
		}
		k = start + loc[1]
	}
	return nil
}

// search is re.search.
func (p *pyre) search(s string) []int { return p.searchFrom(s, 0) }

// has reports whether p matches anywhere in s.
func (p *pyre) has(s string) bool { return p.search(s) != nil }

// findAll is re.finditer: the non-overlapping matches, in order.
func (p *pyre) findAll(s string) [][]int {
	var out [][]int
	for pos := 0; pos <= len(s); {
		m := p.searchFrom(s, pos)
		if m == nil {
			break
		}
		out = append(out, m)
		if m[1] > m[0] {
			pos = m[1]
			continue
		}
		if m[1] >= len(s) {
			break
		}
		_, size := utf8.DecodeRuneInString(s[m[1]:])
		pos = m[1] + size
	}
	return out
}

// sub is re.sub with a function.
func (p *pyre) sub(s string, repl func(m []int) string) string {
	var b strings.Builder
	last := 0
	for _, m := range p.findAll(s) {
		b.WriteString(s[last:m[0]])
		b.WriteString(repl(m))
		last = m[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// replace is re.sub with a fixed replacement (no group references).
func (p *pyre) replace(s, with string) string {
	return p.sub(s, func([]int) string { return with })
}

// group returns group i of match m in s ("" when it did not take part).
func group(s string, m []int, i int) string {
	if m == nil || m[2*i] < 0 {
		return ""
	}
	return s[m[2*i]:m[2*i+1]]
}
