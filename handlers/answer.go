package handlers

import (
	"context"
	"regexp"
	"slices"
	"strings"

	"github.com/mspbot/mspbot/knowledge"
	"github.com/mspbot/mspbot/nlu"
)

// Grounder rephrases or resolves an answer with a language model, from the
// retrieved knowledge entries only. It returns the deterministic result
// unchanged whenever the model's answer does not validate.
type Grounder interface {
	Ground(ctx context.Context, text string, r knowledge.Result) knowledge.Result
}

// answer replies from the knowledge base: the answer in the
// conversation's language, its sources, and the verdicts in meta. side
// says it answers a question beside an open dialogue (nothing new is
// started or offered then).
func (r *Router) answer(ctx context.Context, t *turn, st *convState, m *nlu.Message, side bool) error {
	res := m.Knowledge
	topic, about := dialogueTopic(st), side
	if f := st.Filed; !side && topic == "" && f != nil && t.req.Session.Turns-f.Turn <= 2 && res.Unsure && m.PointsBack {
		// "is das eigentlich im vertrag?" right after the callback about
		// a new laptop was filed: about that
		topic, about = f.Subject, true
	}
	if about && topic != "" && r.Reader != nil &&
		(res.Unsure && m.PointsBack || (m.Continues || m.PointsBack) && m.AsksCoverage && !nlu.DescribesProblem(m.Text)) {
		// "Ist sowas eigentlich im Vertrag drin?" while a callback about
		// the VPN is being taken: a question about the VPN; "und kostet
		// das extra, wenn sich einer den Rechner anschaut?" while one
		// about its grinding noise is: about that noise, hardware
		if k := r.Reader.ClassifyAbout(topic, m.Text); !k.Unsure && k.Intent == knowledge.IntentCoverage &&
			(res.Unsure || restrictiveVerdict(string(k.Verdict)) && len(k.Parts) == 0) {
			res = k
		}
	}
	if r.Grounder != nil && res.Unsure {
		res = r.Grounder.Ground(ctx, m.Text, res)
	}
	res = r.consistent(st, m, res, t.req.Session.Turns)
	if res.Unsure {
		return r.unsure(ctx, t, st, m, res, side)
	}
	r.sayResult(t, res)
	if c := st.Context; st.First == nil && c != nil && c.Intent == string(knowledge.IntentCoverage) && len(c.Entries) > 0 &&
		res.Intent == knowledge.IntentCoverage && !slices.Equal(c.Entries, res.Sources) {
		// the first contract question, kept once a second one replaces it
		// as the context (a conversation of one question keeps none more)
		topic := c.Topic
		if i := strings.Index(topic, ", "); len(topic) > 120 && i >= 20 {
			topic = topic[:i] // its first clause: the state stays small
		}
		st.First = &firstTopic{Entry: c.Entries[0], Topic: trimValue(topic, 120)}
	}
	st.Context = contextOf(st.Context, res, m.Text, t.req.Session.Turns)
	switch {
	case side:
	case m.Urgent && !m.Callback && res.Intent == knowledge.IntentCoverage && r.Callbacks != nil:
		// "Unsere Kasse geht nicht!!! Die Kunden stehen bis zur Tür": an
		// outage gets a technician's call offered at once
		r.offerCallback(t, st, m, false)
		t.ask("confirm", vendorTexts.t(t.lang, "now_outage"))
	case len(res.Parts) > 1:
		r.offerCallback(t, st, m, true)
	case offersCallback(res):
		r.offerCallback(t, st, m, false)
	case r.Vendors != nil && slices.Contains(res.Sources, "sop#vendor-access") && m.VendorAsk == nlu.VendorNone:
		// "wie läuft das bei euch?" about a vendor's work: the booking is
		// offered, and starts from what the message already said
		st.Pending = &pending{Kind: pendingVendor, Text: m.Text, Turn: t.req.Session.Turns}
		t.ask("confirm", vendorTexts.t(t.lang, "offer_booking"))
	}
	return nil
}

// dialogueTopic is what the open dialogue is about: a callback's topic, a
// vendor booking's purpose; "" when there is none.
func dialogueTopic(st *convState) string {
	switch {
	case st.Dialogue == dialogueCallback && st.Callback != nil:
		return st.Callback.Topic
	case st.Dialogue == dialogueVendor && st.Vendor != nil:
		return st.Vendor.Purpose
	}
	return ""
}

// consistent keeps a follow-up consistent with the answer before it: "und
// wenn wir es selbst installieren, kümmert ihr euch trotzdem?" after
// "unlicensed: non-standard" stays non-standard, although the words alone
// would be read as covered Office support.
func (r *Router) consistent(st *convState, m *nlu.Message, res knowledge.Result, turn int) knowledge.Result {
	c := st.Context
	// "sorry meinte den büro-pc in der filiale, nicht die kasse" after
	// "the PC does not boot: hardware" names another device with the same
	// trouble: a correction goes on from the answer before
	corrects := m.Acts.Correction && !m.Question && !nlu.DescribesProblem(m.Text)
	if c == nil || turn-c.Turn > contextTurns || !m.Continues && !m.PointsBack && len(m.FollowUps) == 0 && !m.PushesBack && !m.Resolved && !corrects {
		return res
	}
	if m.Resolved && (c.Verdict == string(knowledge.VerdictNoncompliant) || c.Verdict == string(knowledge.VerdictContract)) && res.Verdict != knowledge.VerdictCovered {
		// "Der SQL-Server ist im Vertrag ausdrücklich aufgeführt" after
		// "depends on your contract": then it is covered
		// "once we have bought the missing licences, is it covered then?"
		// after "unlicensed: non-standard": the words still name the
		// problem, but the question is about the time after it
		if fu, ok := r.Knowledge.FollowUp(knowledge.FollowResolved, c.Entries, knowledge.Verdict(c.Verdict), knowledge.Intent(c.Intent)); ok {
			return knowledge.Result{Lang: res.Lang, Intent: knowledge.IntentCoverage, Verdict: fu.Verdict, Confidence: 1,
				Answer: fu.Answer.In(res.Lang), Sources: []string{fu.ID}}
		}
	}
	// "Ich frag mal anders: büro+ läuft auf dem Server, den ihr wartet …",
	// "it's just a server like Windows": an argument against a vendor's or
	// the contract's part that only names the general care of servers or
	// workstations does not turn it into covered; "and Office on our
	// laptops?" names a thing of its own
	general := len(res.Sources) == 1 && slices.Contains(generalCare, res.Sources[0])
	argued := func(v string) bool {
		return restrictiveVerdict(v) && (general || !m.Continues || m.PushesBack) || m.Continues && (v == string(knowledge.VerdictVendor) || v == string(knowledge.VerdictContract)) && general
	}
	if len(c.Parts) > 1 && !m.Resolved && !m.NewSubject && m.Continues && len(m.FollowUps) == 0 &&
		res.Intent == knowledge.IntentCoverage && res.Verdict == knowledge.VerdictCovered && len(res.Parts) == 0 {
		// "auch wenn es nur ein PC ist?" after "unlicensed: non-standard;
		// installing it: a project": a condition that names nothing of
		// its own changes neither part, so the restrictive one is said
		// again rather than what the words alone would be (desktop
		// support, covered)
		for _, p := range c.Parts {
			if e, ok := r.Knowledge.Entry(p.Entry); ok && restrictiveVerdict(p.Verdict) {
				res.Verdict, res.Sources, res.Parts = e.Verdict, []string{e.ID}, nil
				res.Answer = e.Answer.In(knowledge.Lang(res.Lang))
				return res
			}
		}
	}
	if len(c.Parts) > 1 || m.Resolved {
		// a follow-up to a mixed answer is about one of its parts, and
		// "once we have bought the licences, is it covered?" asks about
		// the situation after the problem is gone
		return res
	}
	// "I see it differently: the vendor supports it on 8.1" after
	// "unsupported: non-standard" argues against the answer, whatever
	// milder verdict its own words have
	milder := res.Verdict == knowledge.VerdictCovered ||
		m.PushesBack && (res.Verdict == knowledge.VerdictVendor || res.Verdict == knowledge.VerdictContract)
	if argued(c.Verdict) && !m.NewSubject && res.Intent == knowledge.IntentCoverage && milder && len(res.Parts) == 0 {
		if e, ok := r.Knowledge.Entry(firstOr(c.Entries, "")); ok {
			res.Verdict, res.Sources, res.Parts = e.Verdict, []string{e.ID}, nil
			res.Answer = e.Answer.In(knowledge.Lang(res.Lang))
		}
	}
	return res
}

// generalCare are the entries of the general care of servers and
// workstations, which an argument against a more specific answer names.
var generalCare = []string{"faq#server", "faq#desktop"}

func firstOr(xs []string, def string) string {
	if len(xs) > 0 {
		return xs[0]
	}
	return def
}

// sayResult renders a knowledge result in the conversation's language
// (the classifier answers in the message's own, which a short message may
// not show): one entry's answer, or a mixed answer topic by topic.
func (r *Router) sayResult(t *turn, res knowledge.Result) {
	lang := knowledge.Lang(t.lang)
	t.setIntent(string(res.Intent))
	var text string
	switch {
	case len(res.Parts) > 1:
		var topics []string
		var vs []string
		for _, p := range res.Parts {
			topics = append(topics, generalTexts.t(t.lang, "mixed_part", p.Topic, generalTexts.t(t.lang, "verdict_"+string(p.Verdict))))
			vs = append(vs, string(p.Verdict))
		}
		text = generalTexts.t(t.lang, "mixed", strings.Join(topics, "; "))
		t.verdicts(string(res.Verdict), vs, res.Sources)
	case len(res.Sources) == 1 && res.Answer != "" && !r.grounded(res):
		if e, ok := r.Knowledge.Entry(res.Sources[0]); ok {
			text = e.Answer.In(lang)
		}
		t.verdicts(string(res.Verdict), nil, res.Sources)
	default:
		text = res.Answer
		t.verdicts(string(res.Verdict), nil, res.Sources)
	}
	if text == "" {
		text = res.Answer
	}
	t.say(text + r.sourceLine(res.Sources, t.lang))
}

// grounded reports a result a language model phrased: its answer is kept
// as it is.
func (r *Router) grounded(res knowledge.Result) bool {
	if len(res.Sources) != 1 {
		return false
	}
	e, ok := r.Knowledge.Entry(res.Sources[0])
	return ok && res.Answer != e.Answer.In(res.Lang) && res.Answer != e.Answer.In(knowledge.German) && res.Answer != e.Answer.In(knowledge.English)
}

// sourceLine is "Quelle: …" for the entries an answer rests on.
func (r *Router) sourceLine(ids []string, lang string) string {
	return sourceText(r.sources(ids, lang), lang)
}

// sources are the documents and sections the entries ids rest on, each once.
func (r *Router) sources(ids []string, lang string) []string {
	var srcs []string
	for _, id := range ids {
		if s := r.Knowledge.SourceText(id, knowledge.Lang(lang)); s != "" && !slices.Contains(srcs, s) {
			srcs = append(srcs, s)
		}
	}
	return srcs
}

func sourceText(srcs []string, lang string) string {
	switch len(srcs) {
	case 0:
		return ""
	case 1:
		return "\n" + generalTexts.t(lang, "source", srcs[0])
	}
	return "\n" + generalTexts.t(lang, "sources", strings.Join(srcs, "; "))
}

// contextOf remembers an answer for follow-up questions.
func contextOf(prior *topicContext, res knowledge.Result, text string, turn int) *topicContext {
	c := &topicContext{Intent: string(res.Intent), Verdict: string(res.Verdict), Entries: res.Sources, Turn: turn,
		Earlier: earlierTopics(prior, turn)}
	if res.Intent == knowledge.IntentVendorAppointment || slices.Contains(res.Sources, "sop#vendor-access") ||
		slices.Contains(res.Sources, "sop#program-help") {
		// kept only where "ok, let's book it" or server work after program
		// help may build on it: an idle conversation's state stays small
		c.Text = text
	}
	for _, p := range res.Parts {
		c.Parts = append(c.Parts, contextPart{Entry: p.Entry, Verdict: string(p.Verdict), Topic: p.Topic})
		if !slices.Contains(c.Verdicts, string(p.Verdict)) {
			c.Verdicts = append(c.Verdicts, string(p.Verdict))
		}
	}
	return c
}

// partFollowUp is the follow-up of kind about the most restrictive part
// of a mixed answer that has one of its own (for its entry or verdict).
func (r *Router) partFollowUp(c *topicContext, kind nlu.FollowUp) (knowledge.FollowUp, bool) {
	if len(c.Parts) < 2 {
		return knowledge.FollowUp{}, false
	}
	for _, p := range c.Parts {
		if fu, ok := r.Knowledge.FollowUp(knowledge.FollowUpKind(kind), []string{p.Entry}, knowledge.Verdict(p.Verdict), ""); ok && !fu.General() {
			return fu, true
		}
	}
	return knowledge.FollowUp{}, false
}

// earlierRisk is the specific risk follow-up of one of c's earlier
// restrictive topics.
func (r *Router) earlierRisk(c *topicContext, turn int) (knowledge.FollowUp, bool) {
	for _, x := range c.Earlier {
		if turn-x.Turn > contextTurns {
			continue
		}
		if fu, ok := r.Knowledge.FollowUp(knowledge.FollowRisk, []string{x.Entry}, "", ""); ok && !fu.General() {
			return fu, true
		}
	}
	return knowledge.FollowUp{}, false
}

// maxEarlier is how many earlier restrictive topics a context keeps.
const maxEarlier = 3

// earlierTopics are the restrictive topics of the context before (its own
// and the ones it kept) that are at most contextTurns old at turn.
func earlierTopics(p *topicContext, turn int) []earlierTopic {
	if p == nil {
		return nil
	}
	var out []earlierTopic
	add := func(e string, at int) {
		if turn-at > contextTurns || len(out) == maxEarlier || slices.ContainsFunc(out, func(x earlierTopic) bool { return x.Entry == e }) {
			return
		}
		out = append(out, earlierTopic{Entry: e, Turn: at})
	}
	if restrictiveVerdict(p.Verdict) && len(p.Parts) == 0 {
		for _, e := range p.Entries {
			add(e, p.Turn)
		}
	}
	for _, pt := range p.Parts {
		if restrictiveVerdict(pt.Verdict) {
			add(pt.Entry, p.Turn)
		}
	}
	for _, x := range p.Earlier {
		add(x.Entry, x.Turn)
	}
	return out
}

// restrictiveVerdict reports a verdict that keeps work out of the contract:
// excluded or non-standard.
func restrictiveVerdict(v string) bool {
	return v == string(knowledge.VerdictNoncompliant) || v == string(knowledge.VerdictExcluded)
}

// offersCallback reports an answer whose own text ends by offering a
// callback.
func offersCallback(res knowledge.Result) bool {
	return res.Intent == knowledge.IntentHuman ||
		slices.Contains(res.Sources, "bot#out-of-scope") || slices.Contains(res.Sources, "ethics#no-disclosure")
}

// unsure says honestly that the bot does not know, names the closest
// topic and offers a person.
func (r *Router) unsure(ctx context.Context, t *turn, st *convState, m *nlu.Message, res knowledge.Result, side bool) error {
	var titles []string
	for _, id := range res.Sources {
		if e, ok := r.Knowledge.Entry(id); ok {
			titles = append(titles, e.Title.In(knowledge.Lang(t.lang))+" ("+e.Source.Text(knowledge.Lang(t.lang))+")")
		}
	}
	t.setIntent(string(res.Intent))
	if len(titles) > 0 {
		t.say(generalTexts.t(t.lang, "unsure_closest", strings.Join(titles, "; ")))
	} else {
		t.say(generalTexts.t(t.lang, "unsure"))
	}
	if !side {
		r.offerCallback(t, st, m, false)
	}
	return nil
}

// fallback answers what nothing understood: honestly, with a way to a
// person, never with invented facts.
func (r *Router) fallback(ctx context.Context, t *turn, st *convState, m *nlu.Message) error {
	t.setIntent(string(knowledge.IntentOutOfScope))
	t.say(generalTexts.t(t.lang, "fallback"))
	return nil
}

// offerCallback asks whether a colleague shall call back and keeps the
// question open (with what the message already said about name, number
// and time, shown before anything is filed). ask adds the question text;
// otherwise the answer itself asked.
func (r *Router) offerCallback(t *turn, st *convState, m *nlu.Message, ask bool) {
	if r.Callbacks == nil {
		return
	}
	pre := r.Callbacks.prefill(st, m)
	st.Pending = &pending{Kind: pendingCallback, Prefill: pre, Turn: t.req.Session.Turns}
	if ask {
		t.ask("confirm", generalTexts.t(t.lang, "offer_callback"))
	} else if !slices.Contains(t.asks, "confirm") {
		t.asks = append(t.asks, "confirm")
	}
}

// answerEntry answers with one knowledge entry.
func (r *Router) answerEntry(ctx context.Context, t *turn, st *convState, m *nlu.Message, id string) error {
	e, ok := r.Knowledge.Entry(id)
	if !ok {
		return r.answer(ctx, t, st, m, false)
	}
	res := knowledge.Result{Lang: knowledge.Lang(t.lang), Intent: e.Intent, Verdict: e.Verdict, Answer: e.Answer.In(knowledge.Lang(t.lang)),
		Sources: []string{e.ID}, Actions: e.Actions, Confidence: 1}
	r.sayResult(t, res)
	st.Context = contextOf(st.Context, res, m.Text, t.req.Session.Turns)
	return nil
}

// answerPolicy answers a question about the rules for vendors: the entry
// the question is about, never a booking.
func (r *Router) answerPolicy(ctx context.Context, t *turn, st *convState, m *nlu.Message) error {
	id := policyEntry(m)
	if id == "" {
		return r.answer(ctx, t, st, m, false)
	}
	if id == "sop#admin-rights" && m.AdminPermanent {
		// "a permanent domain admin account so they can log in whenever
		// they need": refused in so many words, with both rules it rests on
		t.say(vendorTexts.t(t.lang, "no_permanent"))
		if err := r.answerEntry(ctx, t, st, m, "sop#disabled-accounts"); err != nil {
			return err
		}
	}
	if err := r.answerEntry(ctx, t, st, m, id); err != nil {
		return err
	}
	if id == "sop#admin-rights" && m.AsksAccountAfter && !m.AdminPermanent {
		// "bekommt er Adminrechte, und was passiert danach mit seinem
		// Zugang?": both rules, one after the other
		if err := r.answerEntry(ctx, t, st, m, "sop#disabled-accounts"); err != nil {
			return err
		}
	}
	if id == "sop#vendor-access" && r.Vendors != nil && (m.Vendor != "" || m.Purpose != "" || m.System != "") && !m.AdminPermanent {
		// "der Hersteller will nächsten Monat ein Update machen, wie läuft
		// das?": the booking is offered, starting from what was said
		st.Pending = &pending{Kind: pendingVendor, Text: m.Text, Turn: t.req.Session.Turns}
		t.ask("confirm", vendorTexts.t(t.lang, "offer_booking"))
	}
	return nil
}

// policyEntry chooses the SOP entry a rule question is about.
func policyEntry(m *nlu.Message) string {
	res := m.Knowledge
	switch {
	case m.AdminPermanent || m.Admin != nlu.AdminUnknown:
		return "sop#admin-rights"
	case res.Intent == knowledge.IntentPolicy && len(res.Sources) == 1 && !res.Unsure:
		return res.Sources[0]
	case m.Asks(nlu.FollowWhy):
		return "sop#lead-time"
	}
	return "sop#vendor-access"
}

// followUp answers a question about what was just answered, from the
// knowledge base's follow-up answers, consistently with that answer.
func (r *Router) followUp(ctx context.Context, t *turn, st *convState, m *nlu.Message) error {
	if scopeOfTopics(m) {
		return r.answer(ctx, t, st, m, false)
	}
	if m.Instead != "" && r.Reader != nil && r.Reader.Classifier != nil {
		// "und wenn's Word wäre?", "what if it were the server?": the
		// same question about the thing named instead
		if res := r.Reader.Classifier.Classify(m.Instead); res.Intent == knowledge.IntentCoverage && !res.Unsure && res.Confidence >= 0.4 {
			m.Knowledge, m.Intent, m.FollowUps = res, string(res.Intent), nil
			return r.answer(ctx, t, st, m, false)
		}
	}
	c := st.Context
	own := m.Knowledge
	if c == nil || t.req.Session.Turns-c.Turn > contextTurns {
		// a general question ("was kostet eine Stunde Support?"): its own
		// topic, when the knowledge base is sure of it, is the context
		c = &topicContext{Intent: string(own.Intent), Turn: t.req.Session.Turns}
		if !own.Unsure && own.Confidence >= 0.5 && own.Intent != knowledge.IntentOutOfScope {
			c.Verdict, c.Entries = string(own.Verdict), own.Sources
		}
		st.Context = c
	}
	if m.Asks(nlu.FollowSource) && r.sayWhereWritten(t, c, own) {
		return nil
	}
	if !own.Unsure && own.Confidence >= 0.75 && slices.Contains(own.Sources, "faq#contract-terms") {
		// "seriously though – what's your liability cap?": a term of the
		// contract asked for itself, whatever came before
		return r.answer(ctx, t, st, m, false)
	}
	if c.Intent != string(knowledge.IntentCoverage) && c.Intent != string(knowledge.IntentPolicy) &&
		own.Intent == knowledge.IntentCoverage && !own.Unsure && own.Confidence >= 0.6 {
		// "schließt ihr den dann an? Oder kostet das auch extra?" after a
		// greeting: no contract topic before it to follow up on
		return r.answer(ctx, t, st, m, false)
	}
	// A follow-up that names its own, clear topic is a new question
	// ("und der Drucker? wer tauscht die Trommel?"), read in context.
	if own.Intent == knowledge.IntentCoverage && !own.Unsure && own.Confidence >= 0.6 && !sameEntries(own.Sources, c.Entries) &&
		(len(m.FollowUps) == 0 || m.Asks(nlu.FollowDefine) && len(m.FollowUps) == 1 ||
			// "Wenn wir einen neuen Bondrucker kaufen, schließt ihr den an? Oder
			// kostet das auch extra?" after the old one's fault: a thing of its
			// own, read with certainty, whatever it asks about it
			c.Intent == string(knowledge.IntentCoverage) && !m.Asks(nlu.FollowWhy) && own.Confidence >= 0.85 &&
				own.Verdict != knowledge.Verdict(c.Verdict) && !m.PointsBack ||
			c.Intent == string(knowledge.IntentCoverage) && stricter(string(own.Verdict), c.Verdict) ||
			// "wenn wir nen neuen bestellen, richtet ihr den dann ein? … ist das dann
			// im Vertrag?": whether they would do it, asked as whether the contract
			// covers it, of a thing of its own with another verdict
			m.AsksCoverage && len(m.FollowUps) == 1 && m.Asks(nlu.FollowOrder) && !m.Resolved && own.Verdict != knowledge.Verdict(c.Verdict) ||
			// "the Buchhaltung software itself keeps crashing – is that something
			// you fix or do I have to call the vendor?": who does it, asked about
			// a problem the message tells itself
			len(m.FollowUps) == 1 && m.Asks(nlu.FollowOrder) && nlu.DescribesProblem(nlu.QuestionTopic(m.Text))) {
		// "und wenn es eine größere Platte braucht, wer zahlt die?": a
		// new thing with a stricter verdict is answered for itself
		return r.answer(ctx, t, st, m, false)
	}
	if own.Intent == knowledge.IntentCoverage && !own.Unsure && own.Confidence >= 0.6 && len(own.Sources) > 0 &&
		c.Intent == string(knowledge.IntentCoverage) && stricter(string(own.Verdict), c.Verdict) && !slices.Contains(c.Entries, own.Sources[0]) {
		// "Unser Steuerberater hat uns eine Software mitgegeben, für die wir
		// keine Lizenz haben. Könnt ihr die trotzdem einrichten?" after a
		// project: the stricter thing of its own is answered, also where
		// the message touches the topic before
		return r.answer(ctx, t, st, m, false)
	}
	if m.Resolved && c.Verdict == string(knowledge.VerdictNoncompliant) {
		// "und wenn wir die Lizenzen nachkaufen?", "what if we buy proper
		// licences?": the time after the problem, not "what if not"
		return r.answer(ctx, t, st, m, false)
	}
	kinds := m.FollowUps
	if len(kinds) == 0 {
		if p, ok := partAsked(c, m); ok {
			return r.answerEntry(ctx, t, st, m, p.Entry)
		}
		if !m.Question || !m.Continues && !m.PointsBack || knowledgeAnswers(m) {
			return r.answer(ctx, t, st, m, false)
		}
		// "und ganz ohne Hintergedanken, einfach als Dankeschön?": a
		// variation of what was just answered, to be answered yes or no
		kinds = []nlu.FollowUp{nlu.FollowYesNo}
	}
	ctxt := c
	if p, ok := partAsked(c, m); ok && slices.Contains(kinds, nlu.FollowYesNo) {
		// "And the VPN thing, just to double-check - that's included,
		// right?" after a mixed answer: the yes or no of that part
		one := *c
		one.Entries, one.Verdict, one.Parts = []string{p.Entry}, p.Verdict, nil
		c = &one
	}
	entries := c.Entries
	said := false
	for _, kind := range kinds {
		if kind == nlu.FollowRisk && c.Verdict == string(knowledge.VerdictContract) {
			// "und wenn es nicht im Vertrag steht?": then it is billed
			kind = nlu.FollowCost
		}
		fu, ok := r.Knowledge.FollowUp(knowledge.FollowUpKind(kind), entries, knowledge.Verdict(c.Verdict), knowledge.Intent(c.Intent))
		if pfu, pok := r.partFollowUp(c, kind); pok {
			// "Why? … where does it say we can't do that?" after
			// "unlicensed keys: non-standard; installing them: a
			// project": about the most restrictive part first
			fu, ok = pfu, true
		}
		if !ok {
			continue
		}
		if kind == nlu.FollowRisk && fu.General() {
			// "und wenn wir einfach auf dem alten Server bleiben?" after
			// the new server's answers: the risk of the restrictive
			// topic just before, when the last answer has none of its own
			if e, ok := r.earlierRisk(c, t.req.Session.Turns); ok {
				fu = e
			}
		}
		v := string(fu.Verdict)
		if fu.SameVerdict {
			v = c.Verdict
			// about one topic of a mixed answer: that topic's verdict
			for _, p := range c.Parts {
				if slices.Contains(fu.For, p.Entry) {
					v = p.Verdict
					break
				}
			}
		}
		t.setIntent(c.Intent)
		t.verdicts(v, nil, []string{fu.ID})
		t.say(fu.Answer.In(knowledge.Lang(t.lang)) + sourceText([]string{fu.Source.Text(knowledge.Lang(t.lang))}, t.lang))
		said = true
		if kind == nlu.FollowYesNo || kind == nlu.FollowWhy {
			break
		}
	}
	if !said {
		said = r.followUpFromVerdict(t, c, kinds)
	}
	if !said {
		return r.answer(ctx, t, st, m, false)
	}
	ctxt.Turn = t.req.Session.Turns
	if m.Asks(nlu.FollowOrder) || m.Asks(nlu.FollowSpeed) || m.Asks(nlu.FollowFindOut) {
		r.offerCallback(t, st, m, true)
	}
	return nil
}

// sayWhereWritten answers "wo steht das?", "which document is that
// from?" with the document and section the answer before rests on, or the
// ones of a topic the question names itself ("the updates thing - which
// document?"). It reports whether it said anything.
func (r *Router) sayWhereWritten(t *turn, c *topicContext, own knowledge.Result) bool {
	entries, verdict, intent := c.Entries, c.Verdict, c.Intent
	if own.Intent == knowledge.IntentCoverage && !own.Unsure && own.Confidence >= 0.6 && len(own.Sources) > 0 && !sameEntries(own.Sources, c.Entries) {
		entries, verdict, intent = own.Sources, string(own.Verdict), string(own.Intent)
	}
	srcs := r.sources(entries, t.lang)
	if len(srcs) == 0 {
		return false
	}
	text := generalTexts.t(t.lang, "written_in", strings.Join(srcs, "; "))
	if verdict == string(knowledge.VerdictContract) {
		text += generalTexts.t(t.lang, "written_contract")
	}
	t.setIntent(intent)
	if verdict != "" {
		t.verdicts(verdict, nil, entries)
	}
	t.say(text)
	c.Turn = t.req.Session.Turns
	return true
}

// scopeOfTopics reports the scope question ("what does the contract cover
// here?") asked about topics the message names itself, each with its own
// verdict ("the firewall keeps dropping our VPN, and one of the server's
// disks is flashing red"): the topics are answered, not the contract as a
// whole.
func scopeOfTopics(m *nlu.Message) bool {
	own := m.Knowledge
	return m.Asks(nlu.FollowScope) && own.Intent == knowledge.IntentCoverage && !own.Unsure && len(own.Parts) > 1
}

// answerFollowUpEntry answers with the knowledge base's follow-up of kind
// about the context, as if the client had asked it.
func (r *Router) answerFollowUpEntry(ctx context.Context, t *turn, st *convState, m *nlu.Message, kind nlu.FollowUp) error {
	c := st.Context
	fu, ok := r.Knowledge.FollowUp(knowledge.FollowUpKind(kind), c.Entries, knowledge.Verdict(c.Verdict), knowledge.Intent(c.Intent))
	if !ok {
		return r.answer(ctx, t, st, m, false)
	}
	lang := knowledge.Lang(t.lang)
	t.setIntent(c.Intent)
	t.say(fu.Answer.In(lang) + sourceText([]string{fu.Source.Text(lang)}, t.lang))
	c.Turn = t.req.Session.Turns
	return nil
}

// followUpFromVerdict answers "ja oder nein?" and "und wenn es nicht im
// Vertrag steht?" from the verdict of the answer before, when the
// knowledge base has no follow-up answer of that kind for it.
func (r *Router) followUpFromVerdict(t *turn, c *topicContext, kinds []nlu.FollowUp) bool {
	if c.Verdict == "" || len(c.Entries) == 0 {
		return false
	}
	lang := knowledge.Lang(t.lang)
	src := ""
	if e, ok := r.Knowledge.Entry(c.Entries[0]); ok {
		src = sourceText([]string{e.Source.Text(lang)}, t.lang)
	}
	switch {
	case slices.Contains(kinds, nlu.FollowYesNo):
		t.setIntent(c.Intent)
		t.verdicts(c.Verdict, nil, c.Entries)
		t.say(generalTexts.t(t.lang, "yesno_"+c.Verdict) + src)
		return true
	case slices.Contains(kinds, nlu.FollowRisk) && c.Verdict == string(knowledge.VerdictContract):
		// "und wenn es nicht drinsteht?": what the contract verdict means then
		fu, ok := r.Knowledge.FollowUp(knowledge.FollowUpKind(nlu.FollowCost), c.Entries, knowledge.Verdict(c.Verdict), knowledge.Intent(c.Intent))
		if !ok {
			return false
		}
		t.setIntent(c.Intent)
		t.verdicts(c.Verdict, nil, []string{fu.ID})
		t.say(fu.Answer.In(lang) + sourceText([]string{fu.Source.Text(lang)}, t.lang))
		return true
	}
	return false
}

// stricter reports whether verdict a protects the client more than b
// (excluded before noncompliant before project … before covered).
func stricter(a, b string) bool {
	ia, ib := -1, -1
	for i, v := range knowledge.Verdicts {
		if string(v) == a {
			ia = i
		}
		if string(v) == b {
			ib = i
		}
	}
	return ia >= 0 && (ib < 0 || ia < ib)
}

// sameEntries reports whether two answers rest on the same entries.
func sameEntries(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// partAsked finds the part of a mixed answer a follow-up is about: the one
// whose words it repeats (partNamed), or else, when the message points at
// one thing of it ("the VPN thing", "das mit dem Drucker"), the only part
// whose entry the message's own reading names ("the VPN thing" reads as
// network maintenance).
func partAsked(c *topicContext, m *nlu.Message) (contextPart, bool) {
	if len(c.Parts) < 2 {
		return contextPart{}, false
	}
	if p, ok := partNamed(c, m); ok {
		return p, true
	}
	if !thingRefRE.MatchString(m.Text) {
		return contextPart{}, false
	}
	var found []contextPart
	for _, p := range c.Parts {
		if slices.Contains(m.Knowledge.Sources, p.Entry) {
			found = append(found, p)
		}
	}
	if len(found) == 1 {
		return found[0], true
	}
	return contextPart{}, false
}

// thingRefRE points at one thing of what was asked before: "the VPN
// thing", "das mit dem Drucker", "die Sache mit dem VPN".
var thingRefRE = regexp.MustCompile(`(?i)\bthe\s+[\pL\d-]+(?:\s+[\pL\d-]+)?\s+(?:thing|issue|matter|problem|question|part)\b|\b(?:das|die sache|die frage|der punkt)\s+mit\s+(?:dem|der|den)\s+[\pL\d-]+|\b(?:as for|what about|regarding)\s+the\s+[\pL\d-]+`)

// partNamed finds the topic of a mixed answer an elliptic follow-up names
// ("und der Drucker?"): the part whose words the message repeats.
func partNamed(c *topicContext, m *nlu.Message) (contextPart, bool) {
	low := m.Low()
	for _, p := range c.Parts {
		for _, w := range strings.Fields(strings.ToLower(p.Topic)) {
			if len(w) > 3 && strings.Contains(low, w) {
				return p, true
			}
		}
	}
	return contextPart{}, false
}

// social answers greetings, "what can you do", "are you a bot", thanks
// and acknowledgements.
func (r *Router) social(ctx context.Context, t *turn, st *convState, m *nlu.Message) error {
	t.setIntent(string(knowledge.IntentSmalltalk))
	switch m.Social {
	case nlu.SocialHelp:
		t.say(generalTexts.t(t.lang, "help"))
	case nlu.SocialIdentity:
		t.say(generalTexts.t(t.lang, "identity"))
	case nlu.SocialThanks:
		if e, ok := r.Knowledge.Entry("bot#thanks"); ok {
			t.say(e.Answer.In(knowledge.Lang(t.lang)))
		} else {
			t.say(generalTexts.t(t.lang, "ack"))
		}
	case nlu.SocialAck:
		t.say(generalTexts.t(t.lang, "ack"))
	case nlu.SocialApology:
		t.say(generalTexts.t(t.lang, "no_problem"))
	case nlu.SocialAway:
		t.say(generalTexts.t(t.lang, "take_your_time"))
	default:
		if st.Greeted {
			t.say(generalTexts.t(t.lang, "welcome_back"))
		} else {
			st.Greeted = true
			t.say(generalTexts.t(t.lang, "welcome"))
		}
	}
	return nil
}

// pending answers an open yes/no question.
func (r *Router) pending(ctx context.Context, t *turn, st *convState, m *nlu.Message, e env) error {
	p := st.Pending
	st.Pending = nil
	if answersYes(m) && !m.Acts.No {
		switch p.Kind {
		case pendingCallback:
			return r.Callbacks.startWith(ctx, t, st, m, p.Prefill)
		case pendingForget:
			return r.forget(ctx, t, st)
		case pendingCancelAppt:
			return r.Vendors.cancelConfirmed(ctx, t, st, p.ID)
		case pendingVendor:
			return r.Vendors.startFrom(ctx, t, st, r.Reader.Read(p.Text, r.now()), m)
		case pendingOral:
			// "ja" to recording the oral agreement; "ja, und bitte den
			// Herstellertermin buchen" books the access instead
			if m.VendorAsk == nlu.VendorBooking && r.Vendors != nil {
				return r.Vendors.startFrom(ctx, t, st, r.Reader.Read(p.Text, r.now()), m)
			}
			if r.Protocols != nil {
				return r.Protocols.start(ctx, t, st, m)
			}
		}
	}
	if p.Kind == pendingVendor && booksFromContext(m) && r.Vendors != nil {
		return r.Vendors.startFrom(ctx, t, st, r.Reader.Read(p.Text, r.now()), m)
	}
	// declined: say so, and go on with whatever else the message asks
	rest := m.Question || m.Has() || m.VendorAsk != nlu.VendorNone || len(m.FollowUps) > 0
	if !rest {
		t.say(generalTexts.t(t.lang, "declined"))
		return nil
	}
	if isRequest(m, e) && !(m.Callback && p.Kind == pendingCallback) {
		return r.request(ctx, t, st, m, e)
	}
	if followsUp(st, m, t.req.Session.Turns) {
		return r.followUp(ctx, t, st, m)
	}
	if knowledgeAnswers(m) {
		return r.answer(ctx, t, st, m, false)
	}
	t.say(generalTexts.t(t.lang, "declined"))
	return nil
}
