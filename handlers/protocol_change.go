package handlers

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/mspbot/mspbot/nlu"
	"github.com/mspbot/mspbot/protocols"
)

// dateRE finds a day and month ("22.12.", "22.12.2026", "22. Dezember",
// "22 December").
var dateRE = regexp.MustCompile(`(?i)\b\d{1,2}\.\s?\d{1,2}\.(?:\d{2,4})?|\b\d{1,2}\.?\s+(?:jan(?:uar|uary)?|feb(?:ruar|ruary)?|märz|maerz|march|apr(?:il)?|mai|may|jun[ie]?|jul[iy]?|aug(?:ust)?|sep(?:tember)?|okt(?:ober)?|oct(?:ober)?|nov(?:ember)?|dez(?:ember)?|dec(?:ember)?)\b`)

// timeRangeRE finds a time range in an item's text ("9am to 1pm",
// "9 bis 13 Uhr", "09:00–13:00", "zwischen 9 und 12 Uhr", "von 13 bis 16
// Uhr" with its preposition).
var timeRangeRE = regexp.MustCompile(`(?i)\b(?:(?:zwischen|between)\s+\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|uhr|h)?\s*(?:und|and)|(?:von|from)\s+\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|uhr|h)?\s*(?:to|until|till|bis|-|–)|\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|uhr|h)?\s*(?:to|until|till|bis|-|–))\s*\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|uhr|h)?`)

// change applies a change of an item said in words ("please change the
// decision to 9am to 12pm", "Punkt 2 ändern: …", or without naming the
// item: "bitte 18.12. statt 17.12. eintragen", the item that contains the
// old value). It changes only what it can place for certain: the item must
// be clear, and the new text must either replace the whole item, or a time
// range or a named old value in it. Otherwise it asks which item, or for
// the item's new wording. After the first signature the new version is put
// up for signing again; a binding protocol gets an amendment.
func (h *Protocols) change(ctx context.Context, t *turn, st *convState, m *nlu.Message) error {
	lang := t.lang
	p, ok, err := h.target(ctx, t, st)
	if !ok || err != nil {
		return err
	}
	if !protocols.MayEdit(p, actorOf(t.ev)) {
		t.say(protocolTexts.t(lang, "not_allowed", p.ID))
		return nil
	}
	c := m.ItemChange
	if c == nil {
		c = m.Replacement
	}
	if c == nil {
		c = &nlu.ItemChange{}
	}
	n, list := c.N, []int(nil)
	if n == 0 && c.Kind == "" && c.Not != "" {
		// no item named: the one that contains the old value
		list = itemsWith(p, c.Not)
		if len(list) == 0 {
			if done, err := h.changeHour(ctx, t, st, p, c); done || err != nil {
				// "ah sorry, war 11 uhr nicht 10": the hour of the talk
				return err
			}
			all := make([]int, len(p.Content.Items))
			for i := range all {
				all[i] = i + 1
			}
			t.ask("item", protocolTexts.t(lang, "change_not_found", c.Not, p.ID, h.itemList(p, all, lang)))
			return nil
		}
		if len(list) == 1 {
			n = list[0]
		}
	} else if n == 0 {
		for i, it := range p.Content.Items {
			if c.Kind == "" || string(it.Kind) == c.Kind {
				list = append(list, i+1)
			}
		}
		if len(list) == 1 {
			n = list[0]
		}
	}
	if n < 1 || n > len(p.Content.Items) {
		if len(list) > 1 {
			t.ask("item", protocolTexts.t(lang, "change_which", h.itemList(p, list, lang)))
			return nil
		}
		t.say(protocolTexts.t(lang, "change_none", p.ID))
		return nil
	}
	item := p.Content.Items[n-1]
	text, ok := changedText(item.Text, c, m.Text)
	if !ok {
		t.ask("item", protocolTexts.t(lang, "change_how", n, item.Text, n))
		return nil
	}
	if p.State == protocols.StateComplete {
		return h.amend(ctx, t, st, p, n, text)
	}
	ch, err := h.Service.Edit(ctx, p.ID, actorOf(t.ev), func(ct *protocols.Content) error {
		if n > len(ct.Items) {
			return protocols.ErrNoSuchItem
		}
		ct.Items[n-1].Text = text
		return nil
	}, h.now())
	if done, err := h.changeError(t, st, p.ID, err); done {
		return err
	}
	t.record(protocolRecord(ch.Protocol))
	t.say(protocolTexts.t(lang, "changed_item", n, text, p.ID, ch.Protocol.Version))
	if ch.Protocol.State != protocols.StateSigning {
		h.askMissing(t, ch.Protocol)
	}
	return h.askToResign(ctx, t, ch)
}

// hourRE is an hour as a value: "10", "11 Uhr", "10:30", "11h".
var hourRE = regexp.MustCompile(`(?i)^(?:um\s+|at\s+)?(\d{1,2})(?:[:.](\d{2}))?(?:\s*(?:uhr|h))?$`)

// changeHour moves the time of the talk when the value replaced is its
// hour ("war 11 uhr nicht 10"); it reports false when it is not.
func (h *Protocols) changeHour(ctx context.Context, t *turn, st *convState, p protocols.Protocol, c *nlu.ItemChange) (bool, error) {
	from, to := hourRE.FindStringSubmatch(strings.TrimSpace(c.Not)), hourRE.FindStringSubmatch(strings.TrimSpace(c.To))
	if from == nil || to == nil || p.Content.Date.IsZero() || p.State == protocols.StateComplete {
		return false, nil
	}
	d := p.Content.Date.In(h.loc())
	fh, _ := strconv.Atoi(from[1])
	fm, _ := strconv.Atoi("0" + from[2])
	th, _ := strconv.Atoi(to[1])
	tm, _ := strconv.Atoi("0" + to[2])
	if d.Hour() != fh || d.Minute() != fm || th > 23 || tm > 59 {
		return false, nil
	}
	if !protocols.MayEdit(p, actorOf(t.ev)) {
		t.say(protocolTexts.t(t.lang, "not_allowed", p.ID))
		return true, nil
	}
	nd := time.Date(d.Year(), d.Month(), d.Day(), th, tm, 0, 0, d.Location()).UTC()
	ch, err := h.Service.Edit(ctx, p.ID, actorOf(t.ev), func(ct *protocols.Content) error {
		ct.Date = nd
		return nil
	}, h.now())
	if done, err := h.changeError(t, st, p.ID, err); done {
		return true, err
	}
	t.record(protocolRecord(ch.Protocol))
	t.say(protocolTexts.t(t.lang, "changed_date", nd.In(h.loc()).Format("02.01.2006 15:04"), p.ID, ch.Protocol.Version))
	if ch.Protocol.State != protocols.StateSigning {
		h.askMissing(t, ch.Protocol)
	}
	return true, h.askToResign(ctx, t, ch)
}

// drop strikes the one item of the draft that holds word ("ach vergiss
// die usv, gehört nicht ins protokoll"); when several do, it asks which.
// It reports false when no item holds the word, or the protocol is
// binding already, for the message to be read as lines.
func (h *Protocols) drop(ctx context.Context, t *turn, st *convState, word string) (bool, error) {
	lang := t.lang
	p, ok, err := h.target(ctx, t, st)
	if !ok || err != nil {
		return true, err
	}
	list := itemsWith(p, word)
	if len(list) == 0 || p.State == protocols.StateComplete {
		return false, nil
	}
	if !protocols.MayEdit(p, actorOf(t.ev)) {
		t.say(protocolTexts.t(lang, "not_allowed", p.ID))
		return true, nil
	}
	if len(list) > 1 {
		t.ask("item", protocolTexts.t(lang, "change_which", h.itemList(p, list, lang)))
		return true, nil
	}
	n := list[0]
	text := p.Content.Items[n-1].Text
	ch, err := h.Service.Edit(ctx, p.ID, actorOf(t.ev), func(ct *protocols.Content) error {
		if n > len(ct.Items) || ct.Items[n-1].Text != text {
			return protocols.ErrNoSuchItem
		}
		ct.Items = append(ct.Items[:n-1], ct.Items[n:]...)
		return nil
	}, h.now())
	if done, err := h.changeError(t, st, p.ID, err); done {
		return true, err
	}
	t.record(protocolRecord(ch.Protocol))
	t.say(protocolTexts.t(lang, "dropped_item", n, text, p.ID, ch.Protocol.Version))
	if ch.Protocol.State != protocols.StateSigning {
		h.askMissing(t, ch.Protocol)
	}
	return true, h.askToResign(ctx, t, ch)
}

// changedText is the item's new text, and whether the change is clear.
// msg is the whole message: "das Update geht erst am 22.12., gleiche
// Uhrzeit. Bitte die Entscheidung entsprechend ändern" names the new date
// before the change is asked for.
func changedText(old string, c *nlu.ItemChange, msg string) (string, bool) {
	to := strings.TrimSpace(c.To)
	if to == "" {
		// the one date of the item becomes the one date of the message
		if nd := dateRE.FindAllString(msg, -1); len(nd) == 1 {
			if od := dateRE.FindAllStringIndex(old, -1); len(od) == 1 {
				return old[:od[0][0]] + nd[0] + old[od[0][1]:], true
			}
		}
		return "", false
	}
	// a new time range replaces the item's one
	if nr := timeRangeRE.FindString(to); nr != "" && strings.TrimSpace(nr) == strings.TrimRight(to, ". ") {
		if loc := timeRangeRE.FindStringIndex(old); loc != nil && len(timeRangeRE.FindAllStringIndex(old, 2)) == 1 {
			return old[:loc[0]] + strings.TrimSpace(nr) + old[loc[1]:], true
		}
	}
	// "X statt Y": Y in the item becomes X
	if c.Not != "" {
		if i := strings.Index(strings.ToLower(old), strings.ToLower(c.Not)); i >= 0 {
			rest := old[i+len(c.Not):]
			if weekdayWordRE.MatchString(c.Not) && dateRE.MatchString(to) {
				// "Monday, 28 December, not Thursday" of "on Thursday, 24
				// December": the weekday's date goes with it
				if loc := weekdayDateRE.FindStringIndex(rest); loc != nil {
					rest = rest[loc[1]:]
				}
			}
			return old[:i] + withoutContinuation(to, rest) + rest, true
		}
	}
	// a whole new wording
	if len(strings.Fields(to)) >= 3 {
		return to, true
	}
	return "", false
}

// weekdayWordRE is a weekday's name alone; weekdayDateRE the date written
// right after one (", 24 December", " (24.12.)", ", 24.12.").
var (
	weekdayWordRE = regexp.MustCompile(`(?i)^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)$`)
	weekdayDateRE = regexp.MustCompile(`(?i)^,?\s*(?:\(\d{1,2}\.\d{1,2}\.?\)|\d{1,2}\.\d{1,2}\.?|\d{1,2}\.?\s+(?:january|february|march|april|may|june|july|august|september|october|november|december|januar|februar|märz|mai|juni|juli|oktober|dezember))`)
)

// withoutContinuation cuts the new value where it goes on with the words
// that follow the old value in the item: "nicht Kai, sondern Jan schickt
// den Testplan" about "Kai schickt bis 14.12. den Testplan" replaces "Kai"
// by "Jan", not by "Jan schickt den Testplan".
func withoutContinuation(to, rest string) string {
	next := strings.Fields(rest)
	if len(next) == 0 {
		return to
	}
	ws := strings.Fields(to)
	for k := 1; k < len(ws); k++ {
		if strings.EqualFold(strings.Trim(ws[k], ".,;:!?"), strings.Trim(next[0], ".,;:!?")) {
			return strings.Join(ws[:k], " ")
		}
	}
	return to
}

// itemList lists items by number and text, one per line.
func (h *Protocols) itemList(p protocols.Protocol, ns []int, lang string) string {
	var b strings.Builder
	for _, n := range ns {
		it := p.Content.Items[n-1]
		b.WriteString("\n" + strconv.Itoa(n) + ". " + protocols.KindName(it.Kind, lang) + ": " + it.Text)
	}
	return b.String()
}

// amend records a change of a binding protocol: the signed protocol stays
// as it is (its signatures and hash remain verifiable), and the change
// becomes an amendment, a new protocol with the same parties and the
// changed content, put up for everyone's signature.
func (h *Protocols) amend(ctx context.Context, t *turn, st *convState, old protocols.Protocol, n int, text string) error {
	lang := t.lang
	ev := t.ev
	if !protocols.MayEdit(old, actorOf(ev)) {
		t.say(protocolTexts.t(lang, "not_allowed", old.ID))
		return nil
	}
	c := old.Content.Clone()
	c.Items[n-1].Text = text
	c.Title = protocolTexts.t(lang, "amend_title", old.ID, old.Content.Title)
	now := h.now()
	p, err := h.Service.Create(ctx, ev.Org, convOf(ev.Ref), actorOf(ev), lang, c, now)
	if err != nil {
		return fmt.Errorf("amend %s: %w", old.ID, err)
	}
	p, err = h.Service.Submit(ctx, p.ID, actorOf(ev), now)
	if err != nil {
		return fmt.Errorf("amend %s: submit %s: %w", old.ID, p.ID, err)
	}
	t.record(protocolRecord(p))
	t.say(protocolTexts.t(lang, "amended", old.ID, n, text, p.ID))
	return h.postForSigning(ctx, t, p)
}

// unsign takes a signer off the protocol: the one @-named, or the one
// whose identity or name the message names ("our CFO won't sign" takes
// off the signer "…-cfo"); when that is not clear it asks whom. After the
// first signature the new version is put up for signing again.
func (h *Protocols) unsign(ctx context.Context, t *turn, st *convState, m *nlu.Message) error {
	lang := t.lang
	p, ok, err := h.target(ctx, t, st)
	if !ok || err != nil {
		return err
	}
	signers := p.Content.Signers()
	var hit []protocols.Signer
	for _, s := range signers {
		if namedSigner(s, m) {
			hit = append(hit, s)
		}
	}
	if len(hit) != 1 {
		t.ask("signers", protocolTexts.t(lang, "unsign_which", h.signerList(p, signers)))
		return nil
	}
	who := hit[0]
	ch, err := h.Service.Edit(ctx, p.ID, actorOf(t.ev), func(c *protocols.Content) error {
		for i := range c.Parties {
			c.Parties[i].Signers = slices.DeleteFunc(c.Parties[i].Signers, func(s protocols.Signer) bool { return s.ID == who.ID })
		}
		return nil
	}, h.now())
	if done, err := h.changeError(t, st, p.ID, err); done {
		return err
	}
	t.record(protocolRecord(ch.Protocol))
	t.say(protocolTexts.t(lang, "unsigned", h.signerList(p, hit), p.ID, ch.Protocol.Version))
	if ch.Protocol.State != protocols.StateSigning {
		h.askMissing(t, ch.Protocol)
	}
	return h.askToResign(ctx, t, ch)
}

// namedSigner reports whether m names signer s: by mention, or by a word
// of at least three letters that is part of the signer's id or name.
func namedSigner(s protocols.Signer, m *nlu.Message) bool {
	for _, mn := range m.Mentions {
		if strings.EqualFold(strings.TrimPrefix(mn, "@"), s.ID.User) || strings.EqualFold(mn, s.ID.String()) {
			return true
		}
	}
	id := strings.ToLower(s.ID.User + " " + s.Name)
	for _, w := range strings.FieldsFunc(strings.ToLower(m.Text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len(w) < 3 || signerStop[w] {
			continue
		}
		for _, part := range strings.FieldsFunc(id, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			if part == w {
				return true
			}
		}
	}
	return false
}

// signerStop are words of a removal request that name no one.
var signerStop = map[string]bool{"the": true, "our": true, "off": true, "signers": true, "signer": true, "sign": true,
	"this": true, "after": true, "all": true, "please": true, "take": true, "her": true, "him": true, "she": true,
	"won": true, "wasn": true, "meeting": true, "bitte": true, "unterzeichner": true, "streichen": true, "der": true,
	"die": true, "das": true, "und": true, "and": true, "client": true, "vendor": true, "kunde": true, "hersteller": true,
	"pr": true, "web": true, "slack": true, "discord": true, "teams": true}
