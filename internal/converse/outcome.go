package converse

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

var (
	vendorHeldRE = mustPy(`(?:habe|have held)\s+(.*?)\s+(?:für|for)\s+(.*?)\s+(?:auf|on)\s+(.*?)\s+(?:vorgemerkt\s+)?\((?:Nr|no)\.`,
		pyFlags{ignoreCase: true, dotAll: true})
	yesRE       = mustPy(`^(?:(ja|yes|true)\b)`, re0)
	recurringRE = mustPy(`regelmäßig|recurring|\bserie|\bseries|jede[nrs]? |every `, reI)
	signRE      = mustPy(`zur unterschrift|for signature|verbindlich|binding|es unterschreiben|signers:`, reI)
	signersRE   = mustPy(`unterschreibt|\bsigns\b|es unterschreiben|signers:|unterschreiben können nur|only these can sign`, reI)
	signerIDRE  = mustPy(`\(@([A-Za-z0-9._:-]+)\)`, re0)
	platformRE  = mustPy(`^(web|webchat|slack|discord|teams|console):`, re0)
	bindingRE   = mustPy(`ist verbindlich|is binding|verbindlich unterschrieben|signed and binding`, reI)
	notBindRE   = mustPy(`nicht verbindlich|not binding`, reI)
)

// checkOutcome checks the end of a conversation: the records it created
// and what staff were shown.
func (c *conversation) checkOutcome(ctx context.Context, outcome *object) error {
	if !truthy(outcome) {
		return nil
	}
	const where = "outcome"
	var client []*reply
	for _, conv := range c.convs {
		hist, err := c.run.bot.history(ctx, conv)
		if err != nil {
			return asFailure(where, err)
		}
		client = append(client, c.toReplies(hist, conv)...)
	}
	hist, err := c.run.bot.history(ctx, c.run.staffConv)
	if err != nil {
		return asFailure(where, err)
	}
	var staff []*reply
	for _, m := range hist {
		if !c.staffBefore[pyStr(asObject(m).get("id"))] {
			staff = append(staff, newReply(m, c.run.staffConv))
		}
	}
	for _, r := range append(slices.Clone(client), staff...) {
		if rec := r.record(); rec != nil {
			c.records.put(rec)
		}
	}
	clientText := client
	if len(clientText) == 0 {
		clientText = c.replies
	}
	checks := []struct {
		key   string
		check func(*object, []*reply, []*reply) error
	}{{"callback", c.checkCallback}, {"vendor", c.checkVendor}, {"protocol", c.checkProtocol}}
	for _, ch := range checks {
		if outcome.has(ch.key) {
			exp := asObject(outcome.get(ch.key))
			if exp == nil {
				exp = newObject()
			}
			if err := ch.check(exp, clientText, staff); err != nil {
				return err
			}
		}
	}
	return c.checkStaff(outcome, staff)
}

func (c *conversation) checkStaff(outcome *object, staff []*reply) error {
	texts := make([]string, len(staff))
	for i, m := range staff {
		texts[i] = m.text
	}
	for _, p := range pyIter(pyOr(outcome.get("staff_sees"), []any{})) {
		rx, err := c.run.regex(pyStr(p))
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(staff, func(m *reply) bool { return rx.has(m.text) }) {
			return fail("outcome", fmt.Sprintf("staff_sees /%s/", pyStr(p)),
				orStr(strings.Join(texts, "\n"), "(nothing new in the staff conversation)"))
		}
	}
	for _, p := range pyIter(pyOr(outcome.get("staff_sees_none"), []any{})) {
		rx, err := c.run.regex(pyStr(p))
		if err != nil {
			return err
		}
		for _, m := range staff {
			if mm := rx.search(m.text); mm != nil {
				return fail("outcome", fmt.Sprintf("staff_sees_none /%s/ (matched %s)", pyStr(p), pyRepr(m.text[mm[0]:mm[1]])), m.text)
			}
		}
	}
	return nil
}

// lastCreated are the references of kind the messages name, then those of
// the meta records of that kind; the record judged is the last one.
func (c *conversation) lastCreated(kind string, msgs []*reply) []string {
	prefix, _ := prefixOf(kind)
	var found []string
	for _, r := range msgs {
		for _, ref := range r.refs() {
			if strings.HasPrefix(ref, prefix+"-") {
				found = appendNew(found, ref)
			}
		}
	}
	for _, id := range c.records.ids {
		if recordKind(c.records.byID[id]) == kind {
			found = appendNew(found, id)
		}
	}
	return found
}

// recordFields is the record's fields (empty when it has none).
func (c *conversation) recordFields(id string) (*object, *object) {
	rec := c.records.byID[id]
	mf := asObject(pyOr(rec.get("fields"), nil))
	if mf == nil {
		mf = newObject()
	}
	return rec, mf
}

func lastTwo(rs []*reply) string {
	texts := make([]string, 0, 2)
	for _, r := range rs[max(0, len(rs)-2):] {
		texts = append(texts, r.text)
	}
	return strings.Join(texts, "\n")
}

func recordSaid(mf *object) string {
	if !truthy(mf) {
		return ""
	}
	return "record " + pyDumps(mf)
}

func (c *conversation) compareWindow(what string, exp *object, w window, said string) error {
	if exp.has("day") || exp.has("first_day") {
		key := "first_day"
		if exp.has("day") {
			key = "day"
		}
		ok, desc, err := dayMatcher(exp.get(key), c.run.today)
		if err != nil {
			return fail("outcome", fmt.Sprintf("%s.%s: %v", what, key, err), "")
		}
		if w.day.IsZero() || !ok(w.day) {
			got := "no date"
			switch {
			case !w.day.IsZero():
				got = isoDay(w.day)
			case w.asap:
				got = "as soon as possible"
			}
			return fail("outcome", fmt.Sprintf("%s.%s %s (got %s)", what, key, desc, got), said)
		}
	}
	for _, k := range []struct {
		key, got string
	}{{"from", w.from}, {"to", w.to}} {
		if exp.has(k.key) && !pyEq(strOrNone(k.got), exp.get(k.key)) {
			return fail("outcome", fmt.Sprintf("%s.%s %s (got %s)", what, k.key, pyStr(exp.get(k.key)), orStr(k.got, "none")), said)
		}
	}
	return nil
}

// strOrNone is s, or None for "".
func strOrNone(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (c *conversation) checkCallback(exp *object, client, staff []*reply) error {
	ids := c.lastCreated("callback", c.replies)
	if len(ids) == 0 {
		ids = c.lastCreated("callback", client)
	}
	if len(ids) == 0 {
		return fail("outcome", "callback: no callback filed (no CB- reference)", lastTwo(c.replies))
	}
	rid := ids[len(ids)-1]
	_, mf := c.recordFields(rid)
	// text: the staff notification of that ticket, else the client's last summary
	var src *reply
	for i := len(staff) - 1; i >= 0 && src == nil; i-- {
		if _, ok := textFields(staff[i].text)["name"]; ok && strings.Contains(staff[i].text, rid) {
			src = staff[i]
		}
	}
	for i := len(client) - 1; i >= 0 && src == nil; i-- {
		if _, ok := textFields(client[i].text)["name"]; ok {
			src = client[i]
		}
	}
	tf := map[string]string{}
	said := recordSaid(mf)
	if src != nil {
		tf, said = textFields(src.text), src.text
	}
	filed := ""
	for _, m := range client {
		if strings.Contains(m.text, rid) {
			filed = m.text
			break
		}
	}
	field := func(name string) any {
		if v := mf.get(name); v != nil && v != "" {
			return pyStr(v)
		}
		if v, ok := tf[name]; ok {
			return v
		}
		return nil
	}
	if exp.has("name") {
		got := field("name")
		if normName(strOf(got)) != normName(strOf(exp.get("name"))) {
			return fail("outcome", fmt.Sprintf("callback.name %s (got %s)", pyRepr(exp.get("name")), pyRepr(got)), said)
		}
	}
	if exp.has("phone") {
		got := field("phone")
		if !phoneMatches(pyStr(exp.get("phone")), strOf(got)) {
			return fail("outcome", fmt.Sprintf("callback.phone %s (got %s)", pyStr(exp.get("phone")), pyRepr(got)), said)
		}
	}
	if exp.has("topic_has") {
		got := strOf(field("topic"))
		for _, w := range pyIter(exp.get("topic_has")) {
			if !strings.Contains(strings.ToLower(got), strings.ToLower(pyStr(w))) {
				return fail("outcome", fmt.Sprintf("callback.topic_has %s (topic %s)", pyRepr(w), pyRepr(got)), said)
			}
		}
	}
	if exp.has("day") || exp.has("from") || exp.has("to") {
		var w window
		if start, end, ok := metaWindow(mf); ok {
			w = windowOf(start, end)
		} else {
			t := orStr(tf["time"], filed)
			w = parseWindow(t, c.run.today)
			if mf.get("asap") == true {
				w.asap = true
			}
		}
		return c.compareWindow("callback", exp, w, orStr(said, filed))
	}
	return nil
}

// strOf is `v or ""` as a string.
func strOf(v any) string {
	if !truthy(v) {
		return ""
	}
	return pyStr(v)
}

func (c *conversation) checkVendor(exp *object, client, staff []*reply) error {
	ids := c.lastCreated("vendor", c.replies)
	if len(ids) == 0 {
		ids = c.lastCreated("vendor", client)
	}
	if len(ids) == 0 {
		return fail("outcome", "vendor: no appointment held (no VA- reference)", lastTwo(c.replies))
	}
	rid := ids[len(ids)-1]
	_, mf := c.recordFields(rid)
	var src *reply
	for i := len(staff) - 1; i >= 0 && src == nil; i-- {
		if _, ok := textFields(staff[i].text)["vendor"]; ok && strings.Contains(staff[i].text, rid) {
			src = staff[i]
		}
	}
	tf := map[string]string{}
	if src != nil {
		tf = textFields(src.text)
	}
	held := ""
	for _, m := range client {
		if strings.Contains(m.text, rid) {
			held = m.text
			break
		}
	}
	said := orStr(held, recordSaid(mf))
	if src != nil {
		said = src.text
	}
	if len(tf) == 0 {
		// the client's confirmation: "… <time> für <vendor> auf <system> vorgemerkt (Nr. VA-…)"
		if m := vendorHeldRE.search(held); m != nil {
			tf = map[string]string{"time": group(held, m, 1), "vendor": group(held, m, 2), "system": group(held, m, 3)}
		}
	}
	field := func(name string) any {
		if v := mf.get(name); v != nil && v != "" {
			return v
		}
		if v, ok := tf[name]; ok {
			return v
		}
		return nil
	}
	if exp.has("vendor") {
		got := strOf(field("vendor"))
		if !strings.Contains(strings.ToLower(got), strings.ToLower(pyStr(exp.get("vendor")))) {
			return fail("outcome", fmt.Sprintf("vendor.vendor %s (got %s)", pyRepr(exp.get("vendor")), pyRepr(got)), said)
		}
	}
	if exp.has("system") {
		got := strOf(field("system"))
		if normSystem(got) != normSystem(strOf(exp.get("system"))) {
			return fail("outcome", fmt.Sprintf("vendor.system %s (got %s)", pyRepr(exp.get("system")), pyRepr(got)), said)
		}
	}
	if err := c.vendorFlags(exp, mf, tf, held, said); err != nil {
		return err
	}
	if exp.has("first_day") || exp.has("from") || exp.has("to") {
		var w window
		if start, end, ok := metaWindow(mf); ok {
			w = windowOf(start, end)
		} else {
			w = parseWindow(orStr(tf["time"], held), c.run.today)
		}
		return c.compareWindow("vendor", exp, w, said)
	}
	return nil
}

// vendorFlags checks an appointment's admin and recurring.
func (c *conversation) vendorFlags(exp, mf *object, tf map[string]string, held, said string) error {
	if exp.has("admin") {
		var got any
		if v, ok := mf.get("admin").(bool); ok {
			got = v
		} else if t := strings.ToLower(strip(tf["admin"])); t != "" {
			got = yesRE.has(t)
		}
		if got == nil || got != truthy(exp.get("admin")) {
			return fail("outcome", fmt.Sprintf("vendor.admin %s (got %s)", pyStr(exp.get("admin")), pyStr(got)), said)
		}
	}
	if exp.has("recurring") {
		var got bool
		if mf.has("recurring") || mf.has("rrule") {
			got = truthy(pyOr(mf.get("recurring"), mf.get("rrule")))
		} else {
			got = recurringRE.has(orStr(tf["time"], held))
		}
		if got != truthy(exp.get("recurring")) {
			return fail("outcome", fmt.Sprintf("vendor.recurring %s (got %s)", pyStr(exp.get("recurring")), pyStr(got)), said)
		}
	}
	return nil
}

func (c *conversation) checkProtocol(exp *object, client, _ []*reply) error {
	ids := c.lastCreated("protocol", c.replies)
	if len(ids) == 0 {
		ids = c.lastCreated("protocol", client)
	}
	if len(ids) == 0 {
		return fail("outcome", "protocol: no protocol (no PR- reference)", lastTwo(c.replies))
	}
	rid := ids[len(ids)-1]
	for i := len(client) - 1; i >= 0; i-- {
		if signRE.has(client[i].text) {
			if j := slices.IndexFunc(refsIn(client[i].text), func(x string) bool { return strings.HasPrefix(x, "PR-") }); j >= 0 {
				rid = refsIn(client[i].text)[j]
				break
			}
		}
	}
	rec, mf := c.recordFields(rid)
	var mine []*reply
	for _, m := range client {
		if strings.Contains(m.text, rid) {
			mine = append(mine, m)
		}
	}
	said := ""
	if len(mine) > 0 {
		said = mine[len(mine)-1].text
	}
	if exp.has("signers") {
		if err := c.checkSigners(exp, mf, mine, said); err != nil {
			return err
		}
	}
	if exp.has("binding") {
		var got bool
		state := strings.ToLower(pyStr(getOr(rec, "state", "")))
		if b, ok := mf.get("binding").(bool); ok {
			got = b
		} else if truthy(rec) && state != "" {
			got = slices.Contains([]string{"complete", "completed", "binding", "signed"}, state)
		} else {
			got = slices.ContainsFunc(mine, func(m *reply) bool { return bindingRE.has(m.text) && !notBindRE.has(m.text) })
		}
		if got != truthy(exp.get("binding")) {
			return fail("outcome", fmt.Sprintf("protocol.binding %s (got %s)", pyStr(exp.get("binding")), pyStr(got)), said)
		}
	}
	return nil
}

func (c *conversation) checkSigners(exp, mf *object, mine []*reply, said string) error {
	var want []string
	for _, u := range pyIter(exp.get("signers")) {
		want = append(want, c.uid(pyStr(u)))
	}
	slices.Sort(want)
	var got []string
	gotSet := false
	if list, ok := mf.get("signers").([]any); ok {
		gotSet = true
		for _, s := range list {
			if o := asObject(s); o != nil {
				s = pyOr(pyOr(pyOr(o.get("user"), o.get("id")), o.get("identity")), "")
			}
			id := strings.TrimLeft(pyStr(s), "@")
			if platformRE.has(id) {
				_, id, _ = strings.Cut(id, ":")
			}
			got = appendNew(got, id)
		}
	} else {
		for i := len(mine) - 1; i >= 0; i-- {
			m := mine[i]
			if !signersRE.has(m.text) {
				continue
			}
			gotSet = true
			got = nil
			for _, mm := range signerIDRE.findAll(m.text) {
				got = appendNew(got, group(m.text, mm, 1))
			}
			if len(got) > 0 {
				said = m.text
				break
			}
		}
	}
	slices.Sort(got)
	if !gotSet || !slices.Equal(got, want) {
		return fail("outcome", fmt.Sprintf("protocol.signers %s (got %s)", joinStr(pyIter(exp.get("signers")), ","),
			orStr(strings.Join(got, ","), "none")), said)
	}
	return nil
}
