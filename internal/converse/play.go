package converse

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

const maxTurns = 40 // turns per conversation

// failure is the first failed check of a conversation.
type failure struct{ where, check, said string }

func (f *failure) Error() string { return f.where + ": " + f.check }

func fail(where, check, said string) error { return &failure{where, check, said} }

// regexError is a pattern of the conversation file that does not compile.
type regexError struct{ err error }

func (e *regexError) Error() string { return "bad regex: " + e.err.Error() }

// records are the meta records seen, by id, in the order first seen.
type records struct {
	ids  []string
	byID map[string]*object
}

func (rs *records) put(rec *object) {
	id := pyStr(rec.get("id"))
	if _, ok := rs.byID[id]; !ok {
		rs.ids = append(rs.ids, id)
	}
	rs.byID[id] = rec
}

// conversation is one line being played.
type conversation struct {
	run         *runner
	line        *object
	id          string
	replies     []*reply // every reply of every turn, in order
	seen        []string // references known so far (replies, texts sent)
	convs       []string // client conversations used
	records     records
	staffBefore map[string]bool
}

func newConversation(run *runner, line *object) *conversation {
	return &conversation{run: run, line: line, id: line.str("id", "?"), records: records{byID: map[string]*object{}}}
}

// uid is the bot's id of user name in this line.
func (c *conversation) uid(name string) string {
	if slices.Contains(c.run.staffUsers, name) {
		return name
	}
	return safeID(c.run.prefix + "-" + c.id + "-" + name)
}

// cid is the bot's id of conversation name in this line.
func (c *conversation) cid(name string) string {
	if name == c.run.staffConv {
		return name
	}
	return safeID(c.run.prefix + "-" + c.id + "-" + name)
}

func (c *conversation) fillUsers(s string) (string, error) {
	return userPH.sub(s, func(m []int) string { return "@" + c.uid(group(s, m, 1)) }), nil
}

// fillRefs replaces {{ref:CB}} and the like by the newest reference of
// that kind known so far.
func (c *conversation) fillRefs(s, where string) (string, error) {
	var err error
	out := refPH.sub(s, func(m []int) string {
		kind := group(s, m, 1)
		for i := len(c.seen) - 1; i >= 0; i-- {
			if strings.HasPrefix(c.seen[i], kind+"-") {
				return c.seen[i]
			}
		}
		if err == nil {
			err = fail(where, fmt.Sprintf("{{ref:%s}}: no %s- reference given so far", kind, kind), "")
		}
		return ""
	})
	return out, err
}

func (c *conversation) log(format string, args ...any) {
	if c.run.verbose {
		fmt.Fprintf(c.run.out, format+"\n", args...)
	}
}

func (c *conversation) note(refs []string) { c.seen = appendNew(c.seen, refs...) }

// asFailure turns a failed request into the failure of where.
func asFailure(where string, err error) error {
	var be *botError
	if errors.As(err, &be) {
		return fail(where, be.msg, "")
	}
	return err
}

func (c *conversation) play(ctx context.Context) error {
	turns, _ := c.line.get("turns").([]any)
	if len(turns) == 0 {
		return fail("line", "no turns", "")
	}
	if len(turns) > maxTurns {
		return fail("line", fmt.Sprintf("%d turns; at most %d", len(turns), maxTurns), "")
	}
	c.log("=== %s: %s", c.id, c.line.str("about", ""))
	staff, err := c.run.bot.history(ctx, c.run.staffConv)
	if err != nil {
		var be *botError
		if errors.As(err, &be) {
			return fail("line", "staff conversation unreadable: "+be.msg, "")
		}
		return err
	}
	c.staffBefore = map[string]bool{}
	for _, m := range staff {
		c.staffBefore[pyStr(asObject(m).get("id"))] = true
	}
	for i, t := range turns {
		where := fmt.Sprintf("turn %d", i+1)
		turn := asObject(t)
		if turn == nil {
			return fail(where, "turn is not an object", "")
		}
		seenBefore := slices.Clone(c.seen)
		replies, err := c.doTurn(ctx, i+1, turn, where)
		if err != nil {
			return asFailure(where, err)
		}
		for _, r := range replies {
			c.replies = append(c.replies, r)
			if rec := r.record(); rec != nil {
				c.records.put(rec)
			}
			c.logReply(r)
		}
		for _, r := range replies {
			c.note(r.refs())
		}
		if exp := turn.get("expect"); truthy(exp) {
			// references in expectations are those known before the turn
			exp, err := deepMap(exp, func(s string) (string, error) { return c.fillRefs(s, where) })
			if err != nil {
				return err
			}
			if err := c.checkExpect(where, asObject(exp), replies, seenBefore); err != nil {
				return err
			}
		}
	}
	outcome := asObject(c.line.get("outcome"))
	return c.checkOutcome(ctx, outcome)
}

func (c *conversation) logReply(r *reply) {
	if !c.run.verbose {
		return
	}
	c.log("%s", strings.ReplaceAll("    < "+r.text, "\n", "\n      "))
	_, vs := r.verdicts()
	meta := ""
	if r.meta != nil {
		meta = "; meta"
	}
	c.log("      [asks %s; intent %s; verdicts %s; lang %s; refs %s%s]", orDash(strings.Join(r.asks(), ",")),
		orDash(r.intent()), orDash(strings.Join(vs, ",")), orDash(r.lang()), orDash(strings.Join(r.refs(), ",")), meta)
}

func orDash(s string) string { return orStr(s, "-") }

func orStr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func (c *conversation) toReplies(v []any, conv string) []*reply {
	out := make([]*reply, len(v))
	for i, d := range v {
		out[i] = newReply(d, conv)
	}
	return out
}

func (c *conversation) doTurn(ctx context.Context, i int, turn *object, where string) ([]*reply, error) {
	switch {
	case turn.has("say"):
		conv := c.cid(turn.str("conv", "main"))
		user := c.uid(turn.str("user", "client"))
		if !slices.Contains(c.convs, conv) && conv != c.run.staffConv {
			c.convs = append(c.convs, conv)
		}
		text, err := c.fillRefs(turn.str("say", ""), where)
		if err != nil {
			return nil, err
		}
		c.note(refsIn(text))
		c.log("%s", strings.ReplaceAll(fmt.Sprintf("  %2d > [%s@%s] %s", i, turn.str("user", "client"), turn.str("conv", "main"), text), "\n", "\n         "))
		v, err := c.run.bot.message(ctx, conv, user, text, turn.get("user_name"))
		return c.toReplies(v, conv), err
	case turn.has("react") || turn.has("button"):
		return c.pressOrReact(ctx, i, turn, where)
	case turn.has("wait_s"):
		f, err := pyFloatOf(turn.get("wait_s"))
		if err != nil {
			return nil, fail(where, "wait_s: "+err.Error(), "")
		}
		d := time.Duration(max(0, min(f, maxWait.Seconds())) * float64(time.Second))
		return nil, sleep(ctx, d)
	}
	return nil, fail(where, "turn needs say, react, button or wait_s", "")
}

func (c *conversation) pressOrReact(ctx context.Context, i int, turn *object, where string) ([]*reply, error) {
	user := c.uid(turn.str("user", "client"))
	on, err := c.fillRefs(turn.str("on", "last"), where)
	if err != nil {
		return nil, err
	}
	conv, msgs, err := c.targetMessages(ctx, turn, on, where)
	if err != nil {
		return nil, err
	}
	if turn.has("react") {
		if len(msgs) == 0 {
			return nil, fail(where, fmt.Sprintf("no message to react on (%s)", on), "")
		}
		m := msgs[0]
		c.log("  %2d * [%s] reacts %s on %s: %s", i, turn.str("user", "client"), turn.str("react", ""), on, shortN(textOf(m), 70))
		v, err := c.run.bot.reaction(ctx, conv, user, m.get("id"), turn.str("react", ""))
		return c.toReplies(v, conv), err
	}
	pattern, err := c.fillRefs(turn.str("button", ""), where)
	if err != nil {
		return nil, err
	}
	rx, err := c.run.regex(pattern)
	if err != nil {
		return nil, err
	}
	for _, m := range msgs {
		buttons, _ := pyOr(m.get("buttons"), []any{}).([]any)
		for j := len(buttons) - 1; j >= 0; j-- {
			b := asObject(buttons[j])
			value, label, action := getOr(b, "value", ""), getOr(b, "label", ""), getOr(b, "action", "")
			keys := []any{value, label, action, pyStr(action) + "=" + pyStr(value)}
			for _, k := range keys {
				if truthy(k) && rx.has(pyStr(k)) {
					c.log("  %2d * [%s] presses %s (%s=%s) on %s", i, turn.str("user", "client"), pyStr(b.get("label")),
						pyStr(b.get("action")), pyStr(value), shortN(textOf(m), 60))
					v, err := c.run.bot.button(ctx, conv, user, m.get("id"), action, value)
					return c.toReplies(v, conv), err
				}
			}
		}
	}
	return nil, fail(where, fmt.Sprintf("no button matching /%s/ (%s)", turn.str("button", ""), on), "")
}

// getOr is o.get(k, def).
func getOr(o *object, k string, def any) any {
	if !o.has(k) {
		return def
	}
	return o.get(k)
}

// textOf is a message's text ("" when it has none).
func textOf(m *object) string {
	v := m.get("text")
	if s, ok := v.(string); ok {
		return s
	}
	if !truthy(v) {
		return ""
	}
	return pyStr(v)
}

// targetMessages returns the conversation and its candidate messages,
// newest first, for a reaction or a button.
func (c *conversation) targetMessages(ctx context.Context, turn *object, on, where string) (string, []*object, error) {
	kind, rx, _ := strings.Cut(on, ":")
	var conv string
	switch kind {
	case "staff":
		conv = c.run.staffConv
	case "last":
		conv = c.cid(turn.str("conv", "main"))
	default:
		return "", nil, fail(where, fmt.Sprintf("on: %s; write staff, last, staff:REGEX or last:REGEX", pyRepr(on)), "")
	}
	hist, err := c.run.bot.history(ctx, conv)
	if err != nil {
		return "", nil, err
	}
	var msgs []*object
	for i := len(hist) - 1; i >= 0; i-- {
		if m := asObject(hist[i]); m != nil {
			msgs = append(msgs, m)
		} else {
			msgs = append(msgs, newObject())
		}
	}
	switch {
	case rx != "":
		r, err := c.run.regex(rx)
		if err != nil {
			return "", nil, err
		}
		var keep []*object
		for _, m := range msgs {
			if r.has(textOf(m)) {
				keep = append(keep, m)
			}
		}
		msgs = keep
	case turn.has("react") && len(msgs) > 1:
		msgs = msgs[:1]
	}
	return conv, msgs, nil
}
