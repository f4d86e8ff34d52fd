package converse

import (
	"fmt"
	"slices"
	"strings"
)

// checkExpect checks a turn's expectations on its replies, in
// converse.py's order; the first that fails is returned.
func (c *conversation) checkExpect(where string, exp *object, replies []*reply, seenBefore []string) error {
	if exp == nil {
		return fail(where, "expect is not an object", "")
	}
	texts := make([]string, len(replies))
	for i, r := range replies {
		texts[i] = r.text
	}
	said := strings.Join(texts, "\n")
	if len(replies) == 0 {
		said = "(no reply)"
	}
	e := &expectation{c: c, where: where, exp: exp, replies: replies, said: said, seenBefore: seenBefore}
	for _, step := range []func() error{e.asks, e.intent, e.verdicts, e.says, e.lang, e.files, e.sameRecord} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

type expectation struct {
	c          *conversation
	where      string
	exp        *object
	replies    []*reply
	said       string
	seenBefore []string
}

func (e *expectation) fail(check string) error { return fail(e.where, check, e.said) }

func (e *expectation) asks() error {
	var asked []string
	for _, r := range e.replies {
		asked = appendNew(asked, r.asks()...)
	}
	if e.exp.has("asks") {
		var missing []string
		for _, w := range normSlots(e.exp.get("asks")) {
			if !slices.Contains(asked, w) {
				missing = append(missing, w)
			}
		}
		if len(missing) > 0 {
			return e.fail(fmt.Sprintf("asks %s (bot asks: %s)", strings.Join(missing, ","), orStr(strings.Join(asked, ","), "nothing")))
		}
	}
	if e.exp.has("asks_not") {
		var bad []string
		for _, s := range normSlots(e.exp.get("asks_not")) {
			if slices.Contains(asked, s) {
				bad = append(bad, s)
			}
		}
		if len(bad) > 0 {
			return e.fail(fmt.Sprintf("asks_not %s (bot asks: %s)", strings.Join(bad, ","), strings.Join(asked, ",")))
		}
	}
	return nil
}

func (e *expectation) intent() error {
	if !e.exp.has("intent") {
		return nil
	}
	got := make([]any, len(e.replies))
	shown := make([]string, len(e.replies))
	for i, r := range e.replies {
		in := r.intent()
		got[i], shown[i] = in, orStr(in, "?")
		if in == "" {
			got[i] = nil
		}
	}
	want := e.exp.get("intent")
	if !pyIn(want, got) {
		return e.fail(fmt.Sprintf("intent %s (got: %s)", pyStr(want), orStr(strings.Join(shown, ","), "no reply")))
	}
	return nil
}

func (e *expectation) verdicts() error {
	if !e.exp.has("verdict") && !e.exp.has("verdicts_only") {
		return nil
	}
	var all []string
	for _, r := range e.replies {
		_, vs := r.verdicts()
		all = appendNew(all, vs...)
	}
	allAny := make([]any, len(all))
	for i, v := range all {
		allAny[i] = v
	}
	if e.exp.has("verdict") {
		var missing []any
		for _, v := range listOrOne(e.exp.get("verdict")) {
			if !pyIn(v, allAny) {
				missing = append(missing, v)
			}
		}
		if len(missing) > 0 {
			return e.fail(fmt.Sprintf("verdict %s (got: %s)", joinStr(missing, ","), orStr(strings.Join(all, ","), "none")))
		}
	}
	if e.exp.has("verdicts_only") {
		only := e.exp.get("verdicts_only")
		var extra []string
		for _, v := range all {
			if !pyIn(v, only) {
				extra = append(extra, v)
			}
		}
		if len(extra) > 0 {
			return e.fail(fmt.Sprintf("verdicts_only %s (also named: %s)", joinStr(pyIter(only), ","), strings.Join(extra, ",")))
		}
	}
	return nil
}

func (e *expectation) says() error {
	if e.exp.has("says_any") {
		pats := listOrOne(e.exp.get("says_any"))
		found := false
		for _, p := range pats {
			rx, err := e.c.run.regex(pyStr(p))
			if err != nil {
				return err
			}
			if rx.has(e.said) {
				found = true
				break
			}
		}
		if !found {
			shown := make([]string, len(pats))
			for i, p := range pats {
				shown[i] = "/" + pyStr(p) + "/"
			}
			return e.fail("says_any " + strings.Join(shown, " | "))
		}
	}
	if e.exp.has("says_none") {
		for _, p := range listOrOne(e.exp.get("says_none")) {
			rx, err := e.c.run.regex(pyStr(p))
			if err != nil {
				return err
			}
			if m := rx.search(e.said); m != nil {
				return e.fail(fmt.Sprintf("says_none /%s/ (matched %s)", pyStr(p), pyRepr(e.said[m[0]:m[1]])))
			}
		}
	}
	return nil
}

func (e *expectation) lang() error {
	if !e.exp.has("lang") {
		return nil
	}
	want := e.exp.get("lang")
	if len(e.replies) == 0 {
		return e.fail(fmt.Sprintf("lang %s (no reply)", pyStr(want)))
	}
	known := false
	for _, r := range e.replies {
		if l := r.lang(); l != "" && !pyEq(l, want) {
			return fail(e.where, fmt.Sprintf("lang %s (got %s)", pyStr(want), l), r.text)
		}
	}
	for _, r := range e.replies {
		if pyEq(r.lang(), want) {
			known = true
		}
	}
	if !known {
		return e.fail(fmt.Sprintf("lang %s (language not recognisable)", pyStr(want)))
	}
	return nil
}

func (e *expectation) files() error {
	if e.exp.has("files") {
		kind, _ := e.exp.get("files").(string)
		prefix, ok := prefixOf(kind)
		if !ok {
			return fail(e.where, fmt.Sprintf("files %s: write callback, vendor or protocol", pyRepr(e.exp.get("files"))), "")
		}
		if len(createdRefs(e.replies, kind, e.seenBefore)) == 0 {
			return e.fail(fmt.Sprintf("files %s (no new %s- reference)", kind, prefix))
		}
	}
	if truthy(e.exp.get("files_none")) {
		var created []string
		for _, kp := range kindPrefix {
			created = append(created, createdRefs(e.replies, kp.kind, e.seenBefore)...)
		}
		if len(created) > 0 {
			return e.fail(fmt.Sprintf("files_none (created %s)", strings.Join(created, ",")))
		}
	}
	return nil
}

func (e *expectation) sameRecord() error {
	if !truthy(e.exp.get("same_record")) {
		return nil
	}
	var ids []string
	for _, r := range e.replies {
		if r.meta != nil {
			if rec := r.record(); rec != nil {
				ids = append(ids, pyStr(rec.get("id")))
			}
			continue
		}
		ids = append(ids, refsIn(r.text)...)
	}
	if len(ids) == 0 {
		return e.fail("same_record (no reference in the reply)")
	}
	for _, id := range ids {
		if !slices.Contains(e.seenBefore, id) {
			return e.fail("same_record (new reference " + id + ")")
		}
	}
	return nil
}
