package handlers

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/knowledge"
	"github.com/mspbot/mspbot/nlu"
	"github.com/mspbot/mspbot/protocols"
	"github.com/mspbot/mspbot/scheduling"
)

// status answers a question about the state of the named or the
// conversation's protocol ("ist das Protokoll jetzt verbindlich?", "has
// everyone signed?"): binding or not, who signed the current version and
// who is still missing, or what a draft still needs.
func (h *Protocols) status(ctx context.Context, t *turn, st *convState) error {
	p, ok, err := h.target(ctx, t, st)
	if !ok || err != nil {
		return err
	}
	lang := t.lang
	t.setIntent("protocol")
	t.record(protocolRecord(p))
	switch p.State {
	case protocols.StateComplete:
		t.say(protocolTexts.t(lang, "status_binding", p.ID, p.Version, h.signerList(p, p.Content.Signers())))
	case protocols.StateSigning:
		pending := p.Pending()
		var signed []protocols.Signer
		for _, s := range p.Content.Signers() {
			if !slices.ContainsFunc(pending, func(x protocols.Signer) bool { return x.ID == s.ID }) {
				signed = append(signed, s)
			}
		}
		if len(signed) == 0 {
			t.ask("sign", protocolTexts.t(lang, "status_pending_none", p.ID, p.Version, h.signerList(p, pending)))
		} else {
			t.ask("sign", protocolTexts.t(lang, "status_pending", p.ID, p.Version, h.signerList(p, signed), h.signerList(p, pending)))
		}
		t.button(bot.Button{Action: "protocol:sign", Value: p.ID + ":" + strconv.Itoa(p.Version), Label: protocolTexts.t(lang, "btn_proto_sign"), Style: "primary"})
	default:
		t.say(protocolTexts.t(lang, "status_draft", p.ID, p.Version))
		h.askMissing(t, p)
	}
	return nil
}

// stays answers whether a change or remark changes the protocol ("und
// das ursprüngliche Protokoll bleibt so?"): a binding protocol stays as
// everyone signed it, a change becomes an amendment (the one there is
// named; asked about the amendment, the answer is about its original); one
// not yet binding gets a new version with every change, signed anew.
func (h *Protocols) stays(ctx context.Context, t *turn, st *convState) error {
	p, ok, err := h.target(ctx, t, st)
	if !ok || err != nil {
		return err
	}
	lang := t.lang
	t.setIntent("protocol")
	var amendment *protocols.Protocol
	if id := amendedID(p); id != "" {
		if o, err := h.Service.Get(ctx, id); err == nil && h.maySee(o, t.ev) {
			a := p
			amendment, p = &a, o
		}
	}
	t.record(protocolRecord(p))
	switch {
	case p.State == protocols.StateComplete && amendment != nil:
		state := protocolTexts.t(lang, "amendment_signing")
		if amendment.State == protocols.StateComplete {
			state = protocolTexts.t(lang, "amendment_binding")
		}
		t.say(protocolTexts.t(lang, "stays_amended", p.ID, p.Version, amendment.ID, state))
	case p.State == protocols.StateComplete:
		t.say(protocolTexts.t(lang, "stays_binding", p.ID, p.Version))
	default:
		t.say(protocolTexts.t(lang, "stays_open", p.ID, p.Version))
	}
	return nil
}

// amendedID is the protocol p amends, read from its title ("Nachtrag zu
// PR-26-0001: …", as amend names it), or "" when p is no amendment.
func amendedID(p protocols.Protocol) string {
	for _, lang := range []string{"de", "en"} {
		head, _, _ := strings.Cut(protocolTexts.t(lang, "amend_title", "\x00", ""), "\x00")
		if rest, ok := strings.CutPrefix(p.Content.Title, head); ok {
			if id := amendRefRE.FindString(rest); id != "" {
				return id
			}
		}
	}
	return ""
}

// amendRefRE is the reference at the start of an amendment's title after
// its head.
var amendRefRE = regexp.MustCompile(`^PR-\d{2}-\d{4,}`)

// replaceable reports whether a value replaced in words ("bitte 18.12.
// statt 17.12. eintragen", old being "17.12.") is about the
// conversation's latest protocol: one of its items contains old, or it is
// still being drafted or signed and the writer may change it. The change
// itself (which item, who may) is decided by change.
func (h *Protocols) replaceable(ctx context.Context, ev bot.Event, old string) bool {
	p, err := h.Service.Active(ctx, convOf(ev.Ref))
	if err != nil {
		return false
	}
	if len(itemsWith(p, old)) > 0 {
		return true
	}
	return p.State != protocols.StateComplete && protocols.MayEdit(p, actorOf(ev))
}

// itemsWith lists the numbers of the items whose text contains s (case
// ignored).
func itemsWith(p protocols.Protocol, s string) []int {
	var out []int
	low := strings.ToLower(s)
	for i, it := range p.Content.Items {
		if low != "" && strings.Contains(strings.ToLower(it.Text), low) {
			out = append(out, i+1)
		}
	}
	return out
}

// oralAgreement answers whether an agreement made orally or on the phone
// is enough: it is not, by the SOP (planning talks are recorded as
// protocols every party signs). It offers both: recording the agreement as
// a protocol (the yes/no question kept open: "ja" starts it, the
// agreement's lines record it) and booking the vendor's access the proper
// way ("Termin buchen" starts the booking from what the client said).
func (r *Router) oralAgreement(ctx context.Context, t *turn, st *convState, m *nlu.Message) error {
	e, ok := r.Knowledge.Entry("sop#written-form")
	if !ok {
		return r.answer(ctx, t, st, m, false)
	}
	lang := knowledge.Lang(t.lang)
	// the rule, and the section the booking's lead time rests on
	res := knowledge.Result{Lang: lang, Intent: e.Intent, Verdict: e.Verdict, Answer: e.Answer.In(lang),
		Sources: []string{e.ID, "sop#vendor-access"}, Confidence: 1}
	r.sayResult(t, res)
	turns := t.req.Session.Turns
	st.Context = contextOf(st.Context, res, m.Text, turns)
	days := int(scheduling.DefaultVendorLeadTime.Hours() / 24)
	if r.Vendors != nil {
		days = r.Vendors.leadDays()
	}
	t.say(protocolTexts.t(t.lang, "oral_offer", days))
	if r.Protocols != nil {
		st.Pending = &pending{Kind: pendingOral, Text: m.Text, Turn: turns}
		t.ask("confirm", protocolTexts.t(t.lang, "oral_ask"))
	}
	return nil
}
