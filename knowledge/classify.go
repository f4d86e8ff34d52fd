package knowledge

import (
	"math"
	"regexp"
	"strings"
)

// Options tune a Classifier. The zero value means the documented defaults.
type Options struct {
	// Threshold is the confidence below which a result is Unsure (default 0.3).
	Threshold float64
	// BayesWeight is the weight of the naive-Bayes scorer next to the rules (default 1.5);
	// a negative value switches it off.
	BayesWeight float64
}

// Part is one topic of a mixed coverage message with its own verdict.
type Part struct {
	// Topic is the topic's name in the result's language, e.g. "Hardware-Probleme".
	Topic string
	// Verdict is the topic's coverage verdict.
	Verdict Verdict
	// Entry is the id of the knowledge entry the verdict rests on.
	Entry string
}

// Result is the classifier's understanding of a message and the answer to it.
type Result struct {
	// Lang is the detected language; Answer is in it.
	Lang Lang
	// Intent is what the client wants.
	Intent Intent
	// Verdict is the coverage verdict; it is empty unless Intent is IntentCoverage.
	Verdict Verdict
	// Confidence is in [0, 1].
	Confidence float64
	// Answer is the chat answer from the knowledge entries. For a mixed message it says what is
	// covered and what is not; when Unsure it says so and names the closest sources.
	Answer string
	// Sources are the ids of the entries the answer rests on, e.g. "faq#hardware".
	Sources []string
	// Parts lists each topic of a mixed coverage message (two or more verdicts); nil otherwise.
	Parts []Part
	// Actions are follow-ups the caller may offer.
	Actions []Action
	// Unsure is set when Confidence is below Options.Threshold.
	Unsure bool
}

// phrase is a multi-word lexicon term.
type phrase struct {
	words []lexWord
	cs    cset
	// exact phrases match word by word as written ("=in unser netzwerk":
	// into the network, not "in unserem Netzwerk", in it).
	exact bool
}

// lexWord is one word of a term: its surface and its stems (German, English).
type lexWord struct {
	surf string
	stem [2]string
}

// keyword is one entry keyword, matched when all its words occur in the message.
type keyword []lexWord

// token is one analysed word of a message.
type token struct {
	surf, stem string
	seg        int
	cs         cset
	// brk is set on the first token after punctuation (a clause break, not a conjunction).
	brk bool
	// poss is set on a word followed by a possessive "'s".
	poss bool
	// modifier is set on a non-final part of a split compound (Passwort-richtlinie): it says what
	// the compound is about, it is not the thing itself.
	modifier bool
	// joined is set on a word joined to the next one by a hyphen ("Drucker-Treiber"): with
	// modifier, it links the parts of a compound (see unknownThings).
	joined bool
	// unknown is set on a word the classifier does not know: not in its vocabulary, no compound of
	// known words, no typo of one.
	unknown bool
}

// Classifier finds intent and verdict of client messages and answers from a knowledge base.
// It is immutable after NewClassifier and safe for concurrent use.
type Classifier struct {
	base  *Base
	opts  Options
	stem  *stemmer
	surf  map[string]cset
	stems [2]map[string]cset
	// phrases indexed by every key (surface or stem) of their first word.
	phrases    map[string][]int
	phraseList []phrase
	known      map[string]struct{}
	knownStem  [2]map[string]struct{}
	stemCache  map[string][2]string
	splitVocab map[string]struct{}
	typo       *typoIndex
	conj       map[string]struct{}

	intentRules  [][]rule
	verdictRules [][]rule
	entryKW      [][2][]keyword // per entry, per language index
	byIntent     [][]int        // entry indexes per intent
	byVerdict    [][]int        // coverage entry indexes per verdict
	nbIntent     *bayes
	nbVerdict    *bayes

	// kwSurf and kwStem index the words of all entry keywords: a word's surface, and its stem per
	// language, map to the ids of the keyword words they match; entryKWIDs holds the keywords as id
	// lists, nkw counts the words (see indexKeywords).
	kwSurf     map[string][]uint16
	kwStem     [2]map[string][]uint16
	entryKWIDs [][2][][]uint16
	nkw        int
	// verdictSide are the concepts only verdict rules use (see verdictOnly).
	verdictSide cset
	// profile holds per entry the share of its example sentences that have each concept.
	profile [][numConcepts]float32
	// inScopeOOS are the out-of-scope entries other than the one about work outside IT: a message
	// that is not about such work is never answered with it.
	inScopeOOS []int
}

func langIdx(l Lang) int {
	if l == English {
		return 1
	}
	return 0
}

// NewClassifier builds a classifier for the knowledge base b; all vocabularies, stems, rules and the
// naive-Bayes tables are computed here, once. A nil b means Embedded().
func NewClassifier(b *Base, opts Options) *Classifier {
	if b == nil {
		b = Embedded()
	}
	if opts.Threshold <= 0 {
		opts.Threshold = 0.3
	}
	if opts.BayesWeight == 0 {
		opts.BayesWeight = 1.5
	}
	c := &Classifier{
		base:         b,
		opts:         opts,
		stem:         newStemmer(),
		surf:         make(map[string]cset),
		stems:        [2]map[string]cset{make(map[string]cset), make(map[string]cset)},
		phrases:      make(map[string][]int),
		known:        make(map[string]struct{}),
		knownStem:    [2]map[string]struct{}{make(map[string]struct{}), make(map[string]struct{})},
		stemCache:    make(map[string][2]string),
		splitVocab:   make(map[string]struct{}),
		conj:         wordSet("und and aber but sowie ausserdem zudem plus also jedoch sondern whereas while dazu"),
		intentRules:  intentRules(),
		verdictRules: verdictRules(),
		byIntent:     make([][]int, len(Intents)),
		byVerdict:    make([][]int, len(Verdicts)),
	}
	c.verdictSide = verdictOnly(c.intentRules, c.verdictRules)
	var typoWords []string
	for _, l := range lexicon {
		for _, term := range strings.Split(l.terms, "|") {
			exact := strings.HasPrefix(term, "=")
			words := c.lexWords(strings.TrimPrefix(term, "="))
			switch {
			case len(words) == 0:
			case len(words) == 1:
				w := words[0]
				add(c.surf, w.surf, l.c)
				if exact && len(w.surf) >= 5 && isASCIIWord(w.surf) {
					// Exact words still end compounds: Physio-praxis, Steuer-kanzlei.
					c.splitVocab[w.surf] = struct{}{}
				}
				if !exact {
					add(c.stems[0], w.stem[0], l.c)
					add(c.stems[1], w.stem[1], l.c)
					if len(w.surf) >= 3 && isASCIIWord(w.surf) {
						c.splitVocab[w.surf] = struct{}{}
					}
					typoWords = append(typoWords, w.surf)
				}
			default:
				c.addPhrase(words, l.c, exact)
			}
		}
	}
	for w := range germanMarkers {
		c.remember(w)
	}
	for w := range englishMarkers {
		c.remember(w)
	}
	for w := range commonWords {
		c.remember(w)
	}
	c.typo = newTypoIndex(typoWords)

	// Entries: keywords for entry choice, examples for the naive-Bayes scorer.
	c.nbIntent = newBayes(len(Intents))
	c.nbVerdict = newBayes(len(Verdicts))
	c.entryKW = make([][2][]keyword, len(b.entries))
	for i, e := range b.entries {
		c.byIntent[intentIndex(e.Intent)] = append(c.byIntent[intentIndex(e.Intent)], i)
		if e.Intent == IntentCoverage {
			c.byVerdict[verdictIndex(e.Verdict)] = append(c.byVerdict[verdictIndex(e.Verdict)], i)
		}
		for _, l := range Langs {
			for _, kw := range e.Keywords[l] {
				if words := c.lexWords(kw); len(words) > 0 {
					c.entryKW[i][langIdx(l)] = append(c.entryKW[i][langIdx(l)], words)
				}
			}
		}
	}
	c.indexKeywords()
	var feats []string
	c.profile = make([][numConcepts]float32, len(b.entries))
	for i, e := range b.entries {
		nex := 0
		for _, l := range Langs {
			nex += len(e.Examples[l])
		}
		for _, l := range Langs {
			for _, ex := range e.Examples[l] {
				d := c.analyse(ex, l, true)
				for k := concept(0); k < numConcepts; k++ {
					if d.all.has(k) {
						c.profile[i][k] += 1 / float32(nex)
					}
				}
				feats = c.features(d, feats[:0])
				c.nbIntent.learn(intentIndex(e.Intent), feats)
				if e.Intent == IntentCoverage {
					c.nbVerdict.learn(verdictIndex(e.Verdict), feats)
				}
			}
		}
	}
	c.nbIntent.finish()
	for _, e := range c.byIntent[intentIndex(IntentOutOfScope)] {
		if c.profile[e][cOutsideIT] < 0.5 {
			c.inScopeOOS = append(c.inScopeOOS, e)
		}
	}
	c.nbVerdict.finish()
	return c
}

func add(m map[string]cset, k string, cc concept) {
	s := m[k]
	s.add(cc)
	m[k] = s
}

// lexWords normalises a lexicon term or keyword into words with both stems, and remembers them.
func (c *Classifier) lexWords(term string) []lexWord {
	toks := tokenize(term, nil)
	out := make([]lexWord, 0, len(toks))
	for _, t := range toks {
		out = append(out, lexWord{surf: t.s, stem: c.remember(t.s)})
	}
	return out
}

// remember adds w to the known vocabulary and returns its stems.
func (c *Classifier) remember(w string) [2]string {
	if st, ok := c.stemCache[w]; ok {
		return st
	}
	st := [2]string{c.stem.stem(w, German), c.stem.stem(w, English)}
	c.stemCache[w] = st
	c.known[w] = struct{}{}
	c.knownStem[0][st[0]] = struct{}{}
	c.knownStem[1][st[1]] = struct{}{}
	return st
}

func (c *Classifier) addPhrase(words []lexWord, cc concept, exact bool) {
	// The same phrase may belong to several concepts.
	for i := range c.phraseList {
		p := &c.phraseList[i]
		if p.exact == exact && len(p.words) == len(words) && samePhrase(p.words, words) {
			p.cs.add(cc)
			return
		}
	}
	p := phrase{words: words, exact: exact}
	p.cs.add(cc)
	idx := len(c.phraseList)
	c.phraseList = append(c.phraseList, p)
	f := words[0]
	for _, k := range uniq(f.surf, f.stem[0], f.stem[1]) {
		c.phrases[k] = append(c.phrases[k], idx)
	}
}

func samePhrase(a, b []lexWord) bool {
	for i := range a {
		if a[i].surf != b[i].surf {
			return false
		}
	}
	return true
}

func uniq(ss ...string) []string {
	out := ss[:0:0]
	for _, s := range ss {
		dup := false
		for _, o := range out {
			dup = dup || o == s
		}
		if !dup {
			out = append(out, s)
		}
	}
	return out
}

// doc is an analysed message.
type doc struct {
	lang Lang
	toks []token
	// all is the evidence of the message: the concepts of its task clauses, plus what background
	// clauses say about who writes (see Classifier.roles).
	all cset
	// task is the verdict evidence: the concepts of the task clauses, or of every clause when the
	// task clauses name no topic of their own ("Wir ziehen um. Ist das abgedeckt?").
	task cset
	segs []cset
	// meta holds the sentence and role of the first maxMeta clauses.
	meta  [maxMeta]segMeta
	phone bool
	// list is set when the message announces or numbers several topics.
	list bool
	// define has a bit per clause (of the first 64) that asks what counts as an outage.
	define uint64
	// unknown is set when the message names a thing with words the classifier does not know (see
	// unknownThings).
	unknown bool
}

// maxMeta is the number of clauses whose sentence and role are tracked; the clauses of very long
// messages beyond it count as tasks.
const maxMeta = 48

// segMeta is what is known about a clause beyond its concepts.
type segMeta struct {
	sent  uint8 // index of its sentence
	flags uint8
}

// Clause flags.
const (
	// metaQuestion: the clause's sentence ends with a question mark.
	metaQuestion uint8 = 1 << iota
	// metaCtx: the clause gives background (an introduction, history, an undecided plan); it
	// asks for nothing and gets no verdict of its own.
	metaCtx
	// metaItem: the clause opens a list item ("1)", "Erstens", "Second,").
	metaItem
	// metaConj: the clause starts after a conjunction ("..., und die Updates laufen nicht").
	metaConj
	// metaAside: the clause stands in parentheses ("Der PC (Windows 11) zeigt …"): it says more
	// about the clause around it.
	metaAside
)

// has reports whether clause seg has flag f.
func (d *doc) has(seg int, f uint8) bool { return seg < maxMeta && d.meta[seg].flags&f != 0 }

// sentOf returns the sentence of clause seg (255 for clauses beyond maxMeta).
func (d *doc) sentOf(seg int) int {
	if seg < maxMeta {
		return int(d.meta[seg].sent)
	}
	return 255
}

// startSeg records that clause seg starts in sentence sent.
func (d *doc) startSeg(seg, sent int) {
	if seg < maxMeta {
		d.meta[seg] = segMeta{sent: uint8(min(sent, 255))}
	}
}

// markQuestion flags the clauses before clause end that belong to sentence sent as a question.
func (d *doc) markQuestion(sent, end int) {
	for k := min(end, maxMeta) - 1; k >= 0 && int(d.meta[k].sent) == min(sent, 255); k-- {
		d.meta[k].flags |= metaQuestion
	}
}

// analyse tokenises, corrects, splits, stems and tags text. With lang "" the language is detected.
// learning skips typo correction (example sentences are spelt correctly).
func (c *Classifier) analyse(text string, lang Lang, learning bool) doc {
	var rawBuf [48]rawToken
	raw := tokenize(text, rawBuf[:0])
	if lang == "" {
		lang, _ = detectTokens(raw, strings.ContainsAny(text, "äöüÄÖÜß"))
	}
	li := langIdx(lang)
	d := doc{lang: lang, toks: make([]token, 0, len(raw)+4)}
	seg, sent := 0, 0
	skipUp := false
	digits := 0
	var parts [8]string
	pbrk := false
	for i, r := range raw {
		if isDigits(r.s) {
			digits += len(r.s)
		} else if digits > 0 && digits < 6 {
			digits = 0
		}
		if r.brk && i > 0 {
			seg++
			pbrk = true
			if r.sent {
				if r.q {
					d.markQuestion(sent, seg)
				}
				sent++
			}
			d.startSeg(seg, sent)
			if r.aside && seg < maxMeta {
				d.meta[seg].flags |= metaAside
			}
		}
		if _, ok := c.conj[r.s]; ok && (lang == German || r.s != "also") { // English "also" joins nothing
			seg++
			d.startSeg(seg, sent)
			if seg < maxMeta {
				d.meta[seg].flags |= metaConj
				if r.aside {
					d.meta[seg].flags |= metaAside
				}
			}
			if inSet(addWords, r.s) {
				// "außerdem", "zudem": a further topic follows.
				d.list = true
			}
			continue
		}
		w := r.s
		if lang == English && (w == "back" || w == "backed" || w == "backing") && i+1 < len(raw) && raw[i+1].s == "up" && !raw[i+1].brk {
			// "backed up", "back up the server": the verb of a backup, not "get it back".
			w, skipUp = "backup", true
		} else if skipUp && w == "up" {
			skipUp = false
			continue
		}
		st, ok := c.stemCache[w]
		var s string
		if ok {
			s = st[li]
		} else {
			s = c.stem.stem(w, lang)
			if _, ok2 := c.knownStem[li][s]; !ok2 && isASCIIWord(w) {
				// Unknown word: a participle of a known verb, a compound of known words, or a typo
				// of one.
				inf := c.participle(w, lang)
				if inf != "" {
					// "klemmende Tasten", "der flackernde Monitor": the verb's concepts.
					w, s = inf, c.stemOf(inf, li, lang)
				} else if ps := splitCompound(w, c.splitVocab, parts[:0]); len(ps) > 1 {
					if c.specificApp(ps, appHeads) {
						// Schulverwaltungsprogramm, Laborsoftware: a program named by its trade is
						// a line-of-business application.
						ps[len(ps)-1] = "branchensoftware"
					} else if c.specificApp(ps, planHeads) {
						// Tourenplanung, Dienstplanung: the planning of the client's own trade,
						// no IT concept; the trade word stands for the whole.
						ps = ps[:len(ps)-1]
					} else if ps[len(ps)-1] == "leitung" && !inSet(lineMods, ps[len(ps)-2]) {
						// Pflegedienstleitung, Praxisleitung: a person's role, no line; the
						// department stands for the whole.
						ps = ps[:len(ps)-1]
					} else if c.specificApp(ps, equipHeads) {
						// Etikettiermaschine, Zentrifugengerät: a machine named by its trade is
						// special equipment.
						ps[len(ps)-1] = "spezialgeraet"
					}
					for k, p := range ps {
						last := k == len(ps)-1
						d.toks = append(d.toks, token{surf: p, stem: c.stemOf(p, li, lang), seg: seg, brk: pbrk,
							modifier: !last, joined: last && r.hyph, unknown: !c.knownWord(p, li, lang)})
						pbrk = false
					}
					continue
				}
				unknown := inf == ""
				if !learning && inf == "" {
					// A name is no typo of a function word ("Meier" is not "meiner").
					// "Plänen" is no typo of "planen": a word whose umlaut was written is
					// not corrected to the same word without it.
					if v := c.typo.correct(w, 5); v != "" && !c.marker(v) && v != umlautLess.Replace(w) {
						w = v
						s = c.stemOf(v, li, lang)
						unknown = false
					}
				}
				d.toks = append(d.toks, token{surf: w, stem: s, seg: seg, brk: pbrk, poss: r.poss, joined: r.hyph, unknown: unknown})
				pbrk = false
				continue
			}
		}
		d.toks = append(d.toks, token{surf: w, stem: s, seg: seg, brk: pbrk, poss: r.poss, joined: r.hyph})
		pbrk = false
	}
	d.phone = digits >= 6
	if endsWithQuestion(text) {
		d.markQuestion(sent, seg+1)
	}
	if lang == German {
		d.toks = c.joinParticles(d.toks, li)
	}
	d.segs = make([]cset, seg+1)
	// Phrases first (longest match), then single words by surface, stem, other language's stem.
	for i := 0; i < len(d.toks); {
		if n, cs := c.matchPhrase(d.toks, i, li); n > 0 {
			if cs.has(cProtocol) && i > 0 && (countOf(d.toks[i-1].surf) > 1 || isDigits(d.toks[i-1].surf) || inSet(fewWords, d.toks[i-1].surf)) {
				// "like 20 minutes of work": a duration, not meeting minutes
				cs.del(cProtocol)
			}
			for k := i; k < i+n; k++ {
				d.toks[k].cs = cs
			}
			d.segs[d.toks[i].seg].or(cs)
			i += n
			continue
		}
		t := &d.toks[i]
		// Surface and stem concepts together: an inflected form listed as a word of one concept
		// must not hide the concepts its stem belongs to (Herstellerkonten: account and vendor access).
		cs, ok := c.surf[t.surf]
		if scs, ok2 := c.stems[li][t.stem]; ok2 && !inSet(surfaceOnly, t.surf) {
			cs.or(scs)
			ok = true
		}
		if ok {
			t.cs = cs
			if t.cs.has(cProtocol) && i > 0 && (countOf(d.toks[i-1].surf) > 1 || isDigits(d.toks[i-1].surf) || inSet(fewWords, d.toks[i-1].surf)) {
				// "every five minutes", "nach 10 Minuten": a duration, not meeting minutes.
				t.cs.del(cProtocol)
			}
			if t.modifier {
				// A Passwortrichtlinie or Kennwortmanager is about passwords, not a secret.
				t.cs.del(cSecret)
			}
		} else if st, ok := c.stemCache[t.surf]; ok && !c.function(t.surf) {
			t.cs = c.stems[1-li][st[1-li]]
		}
		if i > 0 && d.toks[i-1].seg == t.seg && (d.toks[i-1].cs.has(cLOB) || d.toks[i-1].cs.has(cTrade)) {
			// "Addison-Support", "DATEV-Hotline", "the Sage consultant": the application's vendor,
			// not our support.
			if _, ok := vendorHeads[t.surf]; ok {
				t.cs = cset{}
				t.cs.add(cVendor)
			}
		}
		if t.cs.has(cMove) && i >= 3 && inSet(afterWords, d.toks[i-2].surf) && inSet(theWords, d.toks[i-1].surf) && condBefore(d.toks, i-2) {
			// "Sollte nach dem Umzug die Internetverbindung gestört sein, …": the move dates the
			// question, it is not what the question is about.
			t.cs.del(cMove)
		}
		if t.surf == "server" && t.cs.has(cDevice) && i > 0 && inSet(backDets, d.toks[i-1].surf) && specialBefore(d.toks[:i]) {
			// "We have a SQL server … looking after that server": the server named again is
			// the special one named before, not servers in general.
			t.cs = cset{}
			t.cs.add(cSpecialSrv)
		}
		d.segs[t.seg].or(t.cs)
		i++
	}
	if v, r := c.vendorOf(d.toks), c.roleNouns(d.toks); v || r {
		for k := range d.segs {
			d.segs[k] = cset{}
		}
		for _, t := range d.toks {
			d.segs[t.seg].or(t.cs)
		}
	}
	// "new" counts for a project only right before what is new (neue Laptops, new site network).
	for i, t := range d.toks {
		if inSet(successorWords, t.surf) && (i == 0 || !inSet(personDets, d.toks[i-1].surf)) {
			// "Dann gehört der Nachfolger doch auch zur Wartung!": the server that replaces the
			// old one is a new one ("mein Nachfolger" is a person).
			d.segs[t.seg].add(cNewThing)
			continue
		}
		if !t.cs.has(cNew) || inSet(listWords, t.surf) {
			continue
		}
		if elidedNew(d.toks, i) {
			// "wenn wir nen neuen bestellen, richtet ihr den ein?", "if we buy a new one": the new
			// thing is the one talked about, left unsaid.
			d.segs[t.seg].add(cNewThing)
			continue
		}
		for k := i + 1; k < len(d.toks) && k <= i+3 && d.toks[k].seg == t.seg; k++ {
			if d.toks[k].cs[0]&newObjects[0] != 0 || d.toks[k].cs[1]&newObjects[1] != 0 {
				if !c.newThing(d.toks, i, k) {
					break
				}
				d.segs[t.seg].add(cNewThing)
				break
			}
		}
	}
	for i, t := range d.toks {
		if isOrdinal(t.surf) && !listNumber(d.toks, i) {
			d.segs[t.seg].add(cDate)
			d.toks[i].cs.add(cDate)
		}
	}
	c.derive(&d)
	c.roles(&d)
	outsideIT(&d)
	if d.phone {
		d.all.add(cPhoneNum)
	}
	return d
}

// elidedDets stand before a "new" whose thing is left unsaid; buyVerbs follow it.
var (
	elidedDets = wordSet("nen einen ein eine 'n n a")
	buyVerbs   = wordSet("bestellen kaufen anschaffen besorgen holen beschaffen bestellt gekauft angeschafft besorgt geholt")
)

// elidedNew reports a "new" at i without its thing: "nen neuen bestellen", "a new one".
func elidedNew(toks []token, i int) bool {
	if i == 0 || !inSet(elidedDets, toks[i-1].surf) || i+1 >= len(toks) || toks[i+1].seg != toks[i].seg {
		return false
	}
	next := toks[i+1].surf
	return inSet(buyVerbs, next) || next == "one" && (toks[i-1].surf == "a" || toks[i-1].surf == "an")
}

// afterWords and theWords make "nach dem …", "after the …": a time, not a topic, in a condition
// (condWords: "Sollte nach dem Umzug …", "if after the move …").
var (
	afterWords = wordSet("nach after seit since")
	theWords   = wordSet("dem der the our unserem unserer")
	condWords  = wordSet("sollte sollten falls wenn if should")
)

// condBefore reports a condition word at most two words before toks[i], in its segment.
func condBefore(toks []token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-2 && toks[k].seg == toks[i].seg; k-- {
		if inSet(condWords, toks[k].surf) {
			return true
		}
	}
	return false
}

// backDets point back at a thing named before ("that server", "dem Server").
var backDets = wordSet("that this the said den dem diesen diesem dieser der besagten besagtem genannten")

// specialBefore reports whether toks name a special server (Exchange, SQL) as a server.
func specialBefore(toks []token) bool {
	for _, t := range toks {
		if t.surf == "server" && t.cs.has(cSpecialSrv) {
			return true
		}
	}
	return false
}

// participleEnds are the endings of a German present participle used as an adjective
// (klemm-en-d-e, flacker-n-d-en).
var participleEnds = []string{"nde", "nden", "nder", "ndes", "ndem"}

// participle returns the infinitive of a German present participle whose verb the lexicon knows
// ("klemmende" → "klemmen", "flackernden" → "flackern"), or "".
func (c *Classifier) participle(w string, lang Lang) string {
	if lang != German || len(w) < 7 {
		return ""
	}
	// The zu-infinitive of a separable verb: "einzurichten" is "einrichten", "anzuschließen" is
	// "anschließen".
	if i := strings.Index(w[2:], "zu"); i >= 0 {
		if _, ok := particles[w[:i+2]]; ok {
			inf := w[:i+2] + w[i+4:]
			if _, ok := c.surf[inf]; ok {
				return inf
			}
			if _, ok := c.stems[0][c.stem.stem(inf, German)]; ok {
				return inf
			}
		}
	}
	for _, end := range participleEnds {
		if !strings.HasSuffix(w, end) {
			continue
		}
		inf := w[:len(w)-len(end)+1] // keep the "n" of the infinitive
		if _, ok := c.surf[inf]; ok {
			return inf
		}
		if _, ok := c.stems[0][c.stem.stem(inf, German)]; ok {
			return inf
		}
	}
	return ""
}

// fewWords count a few of something ("every few minutes", "nach ein paar Minuten").
var fewWords = wordSet("few couple paar wenigen wenige some einigen")

// appHeads are the heads of compounds that name a program ("...software", "...programm").
var appHeads = wordSet("software programm programme anwendung applikation app system")

// planHeads are the heads of compounds that name the planning of a trade ("...planung").
var planHeads = wordSet("planung")

// surfaceOnly are words whose stem is another word's: "unten rechts" is a place on the screen, no
// rights ("Rechte").
var surfaceOnly = wordSet("rechts")

// lineMods are the modifiers of "...leitung" that make it a line (Internetleitung, Telefonleitung);
// with any other modifier it names a person's role (Pflegedienstleitung, Filialleitung).
var lineMods = wordSet("internet dsl vdsl adsl telekom telefon strom daten glasfaser kupfer netz netzwerk lan wan " +
	"kabel wasser gas haupt zu fest stand isdn sip voip fax funk richtfunk")

// equipHeads are the heads of compounds that name a machine ("...maschine", "...gerät", "...anlage").
var equipHeads = wordSet("maschine maschinen geraet geraete anlage anlagen")

// specificApp reports whether the compound parts ps name a program (or, with equipHeads, a machine)
// by a trade or task the lexicon does not know (Schulverwaltungs-programm, Labor-software): such a
// program is a line-of-business application, while Backup-software or Office-programm keep their
// parts' meaning.
func (c *Classifier) specificApp(ps []string, heads map[string]struct{}) bool {
	if _, ok := heads[ps[len(ps)-1]]; !ok {
		return false
	}
	for _, p := range ps[:len(ps)-1] {
		if _, ok := c.surf[p]; ok {
			return false
		}
		for li := range c.stems {
			if _, ok := c.stems[li][c.stemOf(p, li, Langs[li])]; ok {
				return false
			}
		}
	}
	return true
}

// particles are the separable prefixes of German verbs that stand at the end of a clause
// ("spielt ihr das Update auf", "richtet ihr den Laptop ein", "tauscht ihr die Platte aus").
var particles = wordSet("ab an auf aus ein um zurueck wieder her vor nach mit hoch runter rein raus heraus rueber weg fest " +
	"durch weiter")

// joinParticles joins a separable prefix at the end of a clause to the verb of the clause when the
// joined infinitive is in the lexicon: "spielt ... auf" is "aufspielen", "zieht ... um" is
// "umziehen". The verb takes the joined word; the prefix is dropped.
func (c *Classifier) joinParticles(toks []token, li int) []token {
	var buf [48]byte
	for i := 1; i < len(toks); i++ {
		p := toks[i]
		if _, ok := particles[p.surf]; !ok || (i+1 < len(toks) && toks[i+1].seg == p.seg) {
			continue
		}
		prefix := p.surf
		first := i
		if prefix == "her" && i > 1 && toks[i-1].surf == "wieder" && toks[i-1].seg == p.seg {
			prefix, first = "wiederher", i-1
		}
		// The verb opens the clause, which may span conjunctions ("baut ihr Switch und WLAN auf").
		start := first
		for start > 0 && first-start < 12 && !toks[start].brk {
			start--
		}
		for k := start; k < first && k < start+6; k++ {
			if w := c.joinedVerb(buf[:0], prefix, toks[k].surf, li); w != "" || (prefix == "an" && negatedOn(toks, k, first)) {
				if w == "" {
					// "geht nicht mehr an", "springt nicht an": the device does not turn on.
					w = "nichtangehen"
				}
				toks[k].surf, toks[k].stem = w, c.stemOf(w, li, German)
				toks = append(toks[:first], toks[i+1:]...)
				i = first - 1
				break
			}
		}
	}
	return toks
}

// negatedOn reports whether toks[k] is "geht" or "springt" and the clause up to toks[end] negates it:
// "der PC geht seit gestern nicht mehr an".
func negatedOn(toks []token, k, end int) bool {
	switch toks[k].surf {
	case "geht", "gehen", "springt", "springen", "ging", "gingen":
	default:
		return false
	}
	for i := k + 1; i < end; i++ {
		switch toks[i].surf {
		case "nicht", "nimmer", "nich", "ned", "net", "nie":
			return true
		}
	}
	return false
}

// verbEndings are the finite endings stripped to find a verb's stem (richt-et, spiel-t, tausch-en).
var verbEndings = []string{"et", "t", "st", "en", "e", "n", ""}

// joinedVerb returns prefix + infinitive of the finite verb v when that word is in the lexicon.
func (c *Classifier) joinedVerb(buf []byte, prefix, v string, li int) string {
	if len(v) < 3 || !isASCIIWord(v) {
		return ""
	}
	if _, ok := particles[v]; ok {
		return ""
	}
	for _, end := range verbEndings {
		if !strings.HasSuffix(v, end) || len(v)-len(end) < 2 {
			continue
		}
		base := v[:len(v)-len(end)]
		for _, inf := range [2]string{"en", "n"} {
			w := append(append(append(buf[:0], prefix...), base...), inf...)
			if _, ok := c.surf[string(w)]; ok {
				return string(w)
			}
			// Strong verbs lose their umlaut in the infinitive: "läuft ... aus" is "auslaufen",
			// "fährt ... hoch" is "hochfahren".
			if u := strings.Index(base, "e"); u > 0 && strings.ContainsRune("aou", rune(base[u-1])) {
				w = append(append(append(append(buf[:0], prefix...), base[:u]...), base[u+1:]...), inf...)
				if _, ok := c.surf[string(w)]; ok {
					return string(w)
				}
			}
		}
	}
	return ""
}

// function reports whether w is a function or common word, which never borrows the concepts of the
// other language's stem ("die" is not "died").
func (c *Classifier) function(w string) bool {
	_, de := germanMarkers[w]
	_, en := englishMarkers[w]
	_, co := commonWords[w]
	return de || en || co || len(w) < 4
}

func (c *Classifier) stemOf(w string, li int, lang Lang) string {
	if st, ok := c.stemCache[w]; ok {
		return st[li]
	}
	return c.stem.stem(w, lang)
}

// newThing reports whether the "new" word at toks[i] before the object at toks[k] names a new
// installation: not for configuration items (a new port forwarding, a new VPN user), not for a new
// update of what exists (the new Windows feature update), and not for "the second monitor".
func (c *Classifier) newThing(toks []token, i, k int) bool {
	if toks[i].surf == "neu" {
		// Uninflected "neu" is an adverb ("den Drucker neu ins Netzwerk einbinden": again); a new
		// thing is "ein neuer Drucker".
		return false
	}
	if _, ok := notNewHead[toks[k].surf]; ok {
		return false
	}
	if _, ok := ordinalNew[toks[i].surf]; ok && toks[k].cs.has(cHWPart) {
		return false
	}
	for h := k + 1; h < len(toks) && h <= k+2 && toks[h].seg == toks[k].seg; h++ {
		// "new VPN user", "neuer Firewall-Regel": the new thing is the head after the object.
		if _, ok := notNewHead[toks[h].surf]; ok {
			return false
		}
		if toks[h].cs.has(cUpdate) {
			return false
		}
	}
	return true
}

// vendorHeads name the vendor's people when they follow an application ("Medistar-Support").
var vendorHeads = wordSet("support hotline techniker technician berater consultant service team helpdesk provider anbieter " +
	"supplier company firma partner dienstleister people leute guys folks jungs trainer trainerin")

// ordinalNew are "new" words that may also count what exists ("der zweite Monitor").
var ordinalNew = wordSet("zweite zweiten zweiter zweites second")

// notNewHead are heads that make "new" + device or system no new installation: a new VPN user or a
// new firewall rule is configuration of what exists.
var notNewHead = wordSet("user users benutzer nutzer mitarbeiter mitarbeiterin kollege kollegin kollegen employee employees " +
	"staff colleague colleagues regel regeln rule rules zugang zugaenge account accounts konto konten kunde kunden " +
	"eintrag eintraege entry entries freigabe freigaben profil profile postfach mailbox " +
	"portweiterleitung portweiterleitungen portfreigabe portfreigaben weiterleitung weiterleitungen firewallregel " +
	"firewallregeln forwarding password passwort kennwort signatur signature gruppe gruppen group groups " +
	"agent agents version release build record records mx cname alias dvd dvds cd cds datentraeger medium stand")

// newObjects are the concepts that make "new" a project: new devices, systems, networks, sites.
var newObjects = func() cset {
	var s cset
	for _, c := range []concept{cDevice, cSoftware, cNetDev, cHWPart, cSite, cSpecialSrv, cLOB, cOffice, cOS, cIntroduce, cPhoneSys, cWebsite} {
		s.add(c)
	}
	return s
}()

// isOrdinal reports whether w is a day of the month: "5th", "14", "3rd".
func isOrdinal(w string) bool {
	n := 0
	for n < len(w) && n < 3 && w[n] >= '0' && w[n] <= '9' {
		n++
	}
	if n == 0 || n > 2 {
		return false
	}
	switch w[n:] {
	case "", "st", "nd", "rd", "th", "ten", "ter":
		return true
	}
	return false
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// fillers are words that may stand inside a phrase without changing its meaning.
var fillers = wordSet("einfach mal halt eben ja doch wohl irgendwie ploetzlich gerade grad auf einmal total komplett " +
	"voellig gar ueberhaupt leider wieder echt sehr so just simply suddenly really totally completely " +
	"quite actually even still all at it them es ihn staendig dauernd immer oefter manchmal constantly always " +
	"randomly sometimes often eigene eigenen gueltige gueltigen valid own proper richtige richtigen passende korrekte " +
	"correct ordentliche ist sind is are has have hat haben wurde wurden was were alle beide both genau exactly")

// matchPhrase returns the length and concepts of the longest phrase starting at toks[i].
func (c *Classifier) matchPhrase(toks []token, i, li int) (int, cset) {
	best, bestCS := 0, cset{}
	t := toks[i]
	try := func(key string) {
		for _, pi := range c.phrases[key] {
			p := c.phraseList[pi]
			n := len(p.words)
			if i+n > len(toks) {
				continue
			}
			// Each phrase word must follow the previous one; up to two filler words may stand
			// between them ("geht einfach nicht mehr an", "is not really supported").
			j, ok := i, true
			for k, w := range p.words {
				skipped := 0
				for {
					if j >= len(toks) || toks[j].seg != t.seg {
						ok = false
						break
					}
					tk := toks[j]
					if tk.surf == w.surf || !p.exact && tk.stem == w.stem[li] {
						break
					}
					if _, f := fillers[tk.surf]; !f || k == 0 || skipped == 2 {
						ok = false
						break
					}
					skipped++
					j++
				}
				if !ok {
					break
				}
				j++
			}
			if ok && j-i > best {
				best, bestCS = j-i, p.cs
			}
		}
	}
	try(t.surf)
	if t.stem != t.surf {
		try(t.stem)
	}
	return best, bestCS
}

// features lists the naive-Bayes features of a document: stems and concept ids.
func (c *Classifier) features(d doc, dst []string) []string {
	for _, t := range d.toks {
		dst = append(dst, t.stem)
	}
	for k := concept(0); k < numConcepts; k++ {
		if d.all.has(k) {
			dst = append(dst, conceptFeature[k])
		}
	}
	return dst
}

// conceptFeature names each concept as a naive-Bayes feature (never a word: words have no '#').
var conceptFeature = func() [numConcepts]string {
	var f [numConcepts]string
	for k := range f {
		f[k] = "#" + string(rune('A'+k/26)) + string(rune('a'+k%26))
	}
	return f
}()

// Classify finds the intent (and verdict) of text and answers it. It never panics and always returns
// a valid result, also for empty or invalid UTF-8 input.
func (c *Classifier) Classify(text string) Result {
	if strings.ContainsAny(text, "'\"„“‚‘") {
		// "den Ordner 'Angebote 2024'": a name in quotes names no topic
		text = quotedNameRE.ReplaceAllString(text, "$1")
	}
	d := c.analyse(text, "", false)
	var fbuf [64]string
	feats := c.features(d, fbuf[:0])

	// Verdict evidence per clause and for the whole message.
	var msgV [6]float64
	for v := range Verdicts {
		msgV[v] = scoreRules(c.verdictRules[v], d.task)
	}
	topV, topScore, secondScore := argmax2(msgV[:])

	// Intent scores: rules, coverage's share of the topic evidence, naive Bayes.
	var scores [11]float64
	for i := range Intents {
		scores[i] = scoreRules(c.intentRules[i], d.all)
	}
	cov := intentIndex(IntentCoverage)
	share := 0.7
	if scores[cov] == 0 {
		// No coverage question at all: the topic words weigh less against a clear other request
		// ("the lab software company needs to get on our server, please plan it").
		for i, s := range scores {
			if i != cov && s >= 5 {
				share = 0.45
			}
		}
	}
	scores[cov] += share * math.Min(topScore, 5)
	if c.opts.BayesWeight > 0 && len(feats) > 0 {
		var post [11]float64
		if c.nbIntent.posterior(feats, post[:]) {
			for i := range scores {
				scores[i] += c.opts.BayesWeight * post[i]
			}
		}
	}
	best, s1, s2 := argmax2(scores[:])
	if Intents[best] == IntentSmalltalk {
		// A greeting or a "thanks" around a request does not make the message small talk:
		// "Bitte an einen Kollegen übergeben, danke" asks for a person.
		alt, a1 := -1, 0.0
		for i := range Intents {
			if i != best && scores[i] > a1 {
				if r := scoreRules(c.intentRules[i], d.all); r >= 2 {
					alt, a1 = i, scores[i]
				}
			}
		}
		if alt >= 0 {
			small := best
			best, s1, s2 = alt, a1, 0
			for i, x := range scores {
				if i != best && i != small && x > s2 {
					s2 = x
				}
			}
		}
	}
	intent := Intents[best]
	conf := confidence(s1, s2)
	if s1 < 1.6 {
		if topScore > 0 {
			intent, conf = IntentCoverage, confidence(scores[cov], 0)*0.5
		} else {
			intent, conf = IntentOutOfScope, 0.6
		}
	}
	switch {
	case d.all.has(cOutsideIT) && (intent == IntentCoverage || scoreRules(c.intentRules[best], d.all) < 4):
		// Work outside IT ("Übernehmt ihr die Reinigung der Büros?") gets no verdict: the contract
		// speaks only to IT. A clear other request ("bitte ruft mich zurück") keeps its intent.
		intent, conf = IntentOutOfScope, math.Max(conf, 0.75)
	case codeOnly(text) && intent != IntentOutOfScope:
		// Markup or code alone ("alert(1)", "<img src=x onerror=…>")
		// names no service: no verdict is claimed for it.
		intent, conf = IntentOutOfScope, 0.6
	case d.unknown && intent == IntentCoverage && topScore < 3:
		// A thing nobody knows ("Ist die Drucker-Wobbel-Plasmaspule abgedeckt?") gets no guessed
		// verdict: the message is not understood.
		intent, conf = IntentOutOfScope, 0.6
	}
	res := Result{Lang: d.lang, Intent: intent, Confidence: conf}
	if intent != IntentCoverage {
		cands := c.byIntent[intentIndex(intent)]
		if intent == IntentOutOfScope && !d.all.has(cOutsideIT) {
			cands = c.inScopeOOS
		}
		k := keyConcepts(c.intentRules[intentIndex(intent)], d.all)
		pd := &d
		if intent == IntentOutOfScope && d.unknown && k.all.empty() && k.any.empty() {
			// A thing nobody knows ("Ist die Wartung vom Hyperraum-Kondensator-Dings drin?"): the
			// general answer, not the entry whose examples happen to share a word.
			nd := d
			nd.all = cset{}
			pd = &nd
		}
		e := c.pickEntry(cands, *pd, k)
		res.fill(c.base, e, d.lang)
		if e < 0 {
			res.Answer = fallbackAnswer(intent, d.lang)
		}
		c.finish(&res, d)
		return res
	}

	// Coverage: verdict from the message evidence, or from naive Bayes when there is none.
	verdict := Verdicts[topV]
	vconf := confidence(topScore, secondScore)
	if topScore == 0 {
		var post [6]float64
		if c.opts.BayesWeight > 0 && c.nbVerdict.posterior(feats, post[:]) {
			k, p1, p2 := argmax2(post[:])
			verdict, vconf = Verdicts[k], 0.3*(p1-p2) // a guess from the words alone: never sure
		} else {
			verdict, vconf = VerdictCovered, 0
		}
	}
	parts, partScores := c.parts(d)
	if len(parts) == 1 {
		// One topic left once the scene and the other sides of the same incident are set aside:
		// "Wir haben jetzt alle Teams … Könntet ihr eine Schulung machen?" is a training.
		if parts[0].Verdict != verdict {
			verdict, vconf = parts[0].Verdict, math.Max(vconf, 0.6)
		}
		parts = nil
	}
	if len(parts) > 1 {
		// The most restrictive clear topic decides the overall verdict; a topic far weaker than the
		// message's own evidence (a stray "move" in "when I move the lid") does not.
		verdict = Verdicts[topV]
		for i, p := range parts {
			// A clause's verdict must also hold for the message as a whole: "Einrichtung des Kontos"
			// is no new installation when the clause before says the mails stopped coming.
			// An announced item ("1) ...", "Zweitens ...") is a topic of its own whatever the rest says.
			ps := partScores[i]
			if p.Verdict == verdict || ps.item || (msgV[verdictIndex(p.Verdict)] >= 3 && (ps.score >= 4 || ps.score > topScore-1.5)) {
				verdict = p.Verdict
				break
			}
		}
		vconf = math.Max(vconf, 0.6)
	}
	res.Verdict = verdict
	res.Confidence = math.Min(res.Confidence, 0.25+0.75*vconf)
	if len(parts) > 1 {
		res.Parts = parts
		c.mixedAnswer(&res, d.lang)
	} else {
		e := c.pickEntry(c.byVerdict[verdictIndex(verdict)], d, keyConcepts(c.verdictRules[verdictIndex(verdict)], d.task))
		res.fill(c.base, e, d.lang)
		if e < 0 {
			res.Answer = fallbackAnswer(intent, d.lang)
		}
	}
	c.finish(&res, d)
	return res
}

// finish clamps the confidence and turns a low-confidence result into an honest "not sure".
func (c *Classifier) finish(res *Result, d doc) {
	res.Confidence = math.Max(0, math.Min(1, res.Confidence))
	if math.IsNaN(res.Confidence) {
		res.Confidence = 0
	}
	if res.Confidence < c.opts.Threshold && res.Intent != IntentOutOfScope {
		res.Unsure = true
		c.unsureAnswer(res, d)
	}
	if res.Answer == "" {
		res.Answer = fallbackAnswer(IntentOutOfScope, res.Lang)
	}
}

// confidence maps the best and second-best scores to [0, 1]: strong and clearly ahead is sure.
func confidence(s1, s2 float64) float64 {
	if s1 <= 0 {
		return 0
	}
	strength := 1 - math.Exp(-s1/2.5)
	margin := (s1 - math.Max(s2, 0)) / s1
	return strength * (0.45 + 0.55*margin)
}

func argmax2(xs []float64) (int, float64, float64) {
	best, s1, s2 := 0, math.Inf(-1), math.Inf(-1)
	for i, x := range xs {
		if x > s1 {
			best, s2, s1 = i, s1, x
		} else if x > s2 {
			s2 = x
		}
	}
	if math.IsInf(s2, -1) {
		s2 = 0
	}
	return best, s1, s2
}

// predicates are the concepts that say what happens to a thing or what is wanted of it. A clause
// without one is a fragment of its neighbour ("... to SharePoint / Microsoft 365 next spring"): it
// names a thing, not a topic of its own.
var predicates = func() cset {
	s := problemConcepts
	s.or(askConcepts)
	s.or(csetOf(cConfig, cUpdate, cUpgrade, cMonitoring, cSetup, cIntroduce, cMigrate, cMove, cTraining, cConcept,
		cExpand, cNewThing, cReplace, cRestore, cMaint, cProjectWord, cSite, cCopy, cNew, cAccess, cSchedule))
	return s
}()

// finiteVerbs are the auxiliaries and frequent verbs that make a run of words a clause of its own
// ("das WLAN ist schwach"), not a fragment.
var finiteVerbs = wordSet("ist sind war waren bin bist hat haben hast habt hatte hatten wird werden wurde wurden kann " +
	"koennen koennt muss muessen soll sollen will wollen darf geht gehen laeuft laufen macht machen gibt kommt zeigt " +
	"haengt haengen liegt liegen steht stehen nutzen nutzt arbeiten arbeitet " +
	"bleibt is are was were am be been has have had does do did can could will would should must gets got goes went " +
	"keeps shows seems isnt arent wasnt doesnt dont didnt cant wont")

// fragment reports whether clause k names things without saying anything about them: no predicate
// concept and no finite verb ("Microsoft 365 next spring", "die Netzwerkdosen").
func (d *doc) fragment(k int) bool {
	if d.segs[k].any(predicates) || d.has(k, metaItem) {
		return false
	}
	for _, t := range d.toks {
		if t.seg == k && inSet(finiteVerbs, t.surf) {
			return false
		}
	}
	return true
}

// relWords open a relative clause ("ein Office, das wir über eBay gekauft haben", "…, which went
// great").
var relWords = wordSet("der die das dem den deren dessen welche welcher welches")

// relative reports whether clause k is a relative clause after a comma: it says more about the thing
// named before it and belongs to that topic. A German relative clause ends with its verb ("das wir
// über eBay gekauft haben"); "die Warteschlange läuft voll" is a clause of its own.
func (d *doc) relative(k int) bool {
	first, last := -1, -1
	for i, t := range d.toks {
		if t.seg == k {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 || !d.toks[first].brk || d.has(k, metaItem|metaConj) || last == first {
		return false
	}
	w, end := d.toks[first].surf, d.toks[last].surf
	if inSet(relPreps, w) && first+1 < last {
		// "der Server, auf dem unsere Praxissoftware läuft", "the server on which it runs"
		w = d.toks[first+1].surf
	}
	switch w {
	case "which", "who", "whom", "whose", "where":
		return true
	case "that":
		return inSet(pronouns, d.toks[first+1].surf)
	}
	if !inSet(relWords, w) && w != "wo" {
		return false
	}
	return inSet(finiteVerbs, end) || strings.HasSuffix(end, "en") || strings.HasSuffix(end, "t") || strings.HasSuffix(end, "te")
}

// relPreps may open a relative clause before its pronoun ("auf dem", "in der", "on which").
var relPreps = wordSet("auf in an mit bei von unter ueber fuer aus hinter neben vor on at with under behind for from")

// betweenWords open a pair ("between our office and the new warehouse").
var betweenWords = wordSet("between zwischen")

// pairEnd reports whether clause k, after "und"/"and", ends a pair that clause cl opened ("a VPN link
// between our Bremen office and the new warehouse in Verden"): it names the second thing and has no
// verb of its own.
func (d *doc) pairEnd(cl clause, k int) bool {
	if !d.has(k, metaConj) || cl.hi != k-1 {
		return false
	}
	between := false
	for _, t := range d.toks {
		if t.seg == k && inSet(finiteVerbs, t.surf) {
			return false
		}
		between = between || (t.seg >= cl.lo && t.seg <= cl.hi && inSet(betweenWords, t.surf))
	}
	return between
}

// pronouns are the subjects that follow "that" in a relative clause ("the Office that we bought").
var pronouns = wordSet("i we you they he she it ich wir ihr sie er es")

// clause is a run of clauses (segments lo..hi) that make one topic.
type clause struct {
	cs     cset
	lo, hi int
}

// clauses joins the task clauses of d into topics: background clauses are left out, and a fragment
// without a predicate joins the clause before it in its sentence (or the one after, when it comes
// first). It appends to dst.
func (d *doc) clauses(dst []clause) []clause {
	cur, pend := -1, clause{lo: -1}
	for k, s := range d.segs {
		if s.empty() && !d.has(k, metaCtx) && d.has(k+1, metaAside) {
			// "die Wartungspläne (Indexpflege, Statistiken) laufen auf Fehler": the aside belongs to
			// the words before it, which name nothing the lexicon knows, not to the clause before them.
			cur = -1
		}
		if s.empty() || d.has(k, metaCtx) {
			continue
		}
		st := d.sentOf(k)
		if cur >= 0 && d.sentOf(dst[cur].hi) != st {
			cur = -1
		}
		if pend.lo >= 0 && d.sentOf(pend.hi) != st {
			dst = append(dst, pend)
			pend.lo = -1
		}
		if d.fragment(k) || d.has(k, metaAside) || ((cur >= 0 || pend.lo >= 0) && d.relative(k)) || (cur >= 0 && d.pairEnd(dst[cur], k)) {
			if cur >= 0 {
				dst[cur].cs.or(s)
				dst[cur].hi = k
				continue
			}
			if pend.lo < 0 {
				pend = clause{lo: k}
			}
			pend.cs.or(s)
			pend.hi = k
			continue
		}
		cl := clause{cs: s, lo: k, hi: k}
		if pend.lo >= 0 {
			cl.cs.or(pend.cs)
			cl.lo = pend.lo
			pend.lo = -1
		}
		dst = append(dst, cl)
		cur = len(dst) - 1
	}
	if pend.lo >= 0 {
		dst = append(dst, pend)
	}
	return dst
}

// partScore is the evidence of a part: its score in its clause, and whether the clause is an
// announced list item.
type partScore struct {
	score float64
	item  bool
}

// parts finds the topics with clear, different verdicts, most restrictive first, and the evidence of
// each in its clause. A single part means that the other clauses with a clear verdict were set aside
// as no topic of their own (see notTopic): the message has one topic, and that part's verdict is its
// answer.
func (c *Classifier) parts(d doc) ([]Part, []partScore) {
	if len(d.segs) < 2 {
		return nil, nil
	}
	var buf [16]clause
	cls := d.clauses(buf[:0])
	if len(cls) < 2 {
		return nil, nil
	}
	var seen [6]bool
	var best [6]clause
	var segScore [6]partScore
	n := 0
	// The clear verdict of each clause (-1: none), and its score.
	var vbuf [16]int
	var sbuf [16]float64
	verdictOf, scoreOf := vbuf[:0], sbuf[:0]
	for _, cl := range cls {
		var sc [6]float64
		for v := range Verdicts {
			sc[v] = scoreRules(c.verdictRules[v], cl.cs)
		}
		k, s1, _ := argmax2(sc[:])
		if s1 < 3 && !(s1 > 2.5 && d.has(cl.lo, metaItem)) {
			// A numbered or announced item is a topic of its own on weaker evidence.
			k = -1
		}
		verdictOf, scoreOf = append(verdictOf, k), append(scoreOf, s1)
	}
	dropped := false
	for i, cl := range cls {
		k, s1 := verdictOf[i], scoreOf[i]
		if k < 0 {
			continue
		}
		if notTopic(&d, cls, verdictOf, i) {
			// "Die Firewall-Lizenz läuft aus. Betreut ihr die Firewall trotzdem?": the second
			// clause asks about the thing the first one describes; it is no topic of its own.
			dropped = true
			continue
		}
		if !seen[k] {
			seen[k] = true
			n++
		}
		if s1 > segScore[k].score {
			segScore[k], best[k] = partScore{score: s1, item: d.has(cl.lo, metaItem)}, cl
		}
	}
	if n == 0 || (n == 1 && !dropped && !c.suppressed(d, cls, verdictOf, scoreOf)) {
		return nil, nil
	}
	out := make([]Part, 0, n)
	scores := make([]partScore, 0, n)
	for v := range Verdicts { // Verdicts is ordered most restrictive first
		if !seen[v] {
			continue
		}
		cl := best[v]
		sd := doc{lang: d.lang, toks: d.toks, all: cl.cs}
		e := c.pickEntryIn(c.byVerdict[v], sd, cl.lo, cl.hi, keyConcepts(c.verdictRules[v], cl.cs))
		p := Part{Verdict: Verdicts[v]}
		if e >= 0 {
			ent := c.base.entries[e]
			p.Topic, p.Entry = ent.Title.In(d.lang), ent.ID
		}
		out = append(out, p)
		scores = append(scores, segScore[v])
	}
	return out, scores
}

// suppressed reports whether the one clause with a clear verdict has it on strong evidence (4 or
// more) while no other clause has a verdict of any weight, yet the message as a whole scores that verdict
// below the clear mark: the words of a side clause only cancel a rule of the topic's clause ("Und den
// Laptop richten Sie dann mit ein, wenn das Konto ohnehin schon angelegt wird?" is setting up a laptop,
// a project, even though an account set up on an existing laptop is maintenance). The topic's clause
// then decides.
func (c *Classifier) suppressed(d doc, cls []clause, verdictOf []int, scoreOf []float64) bool {
	k := -1
	for i := range cls {
		switch {
		case verdictOf[i] >= 0:
			if scoreOf[i] < 4 || d.conditional(cls[i]) {
				// "Wenn wir heute einen neuen Bondrucker kaufen, schließt ihr
				// den dann an und richtet ihn ein?": a clause that only sets
				// the condition does not decide the question after it
				return false
			}
			k = verdictOf[i]
		case scoreOf[i] >= 2 || cls[i].cs.any(problems):
			// "… die Mails neu einrichten? Die kommen nicht mehr.": a problem reported beside it
			// makes the set-up a repair.
			return false
		}
	}
	return k >= 0 && scoreRules(c.verdictRules[k], d.task) < 3
}

// conditional reports whether clause cl opens with a condition word ("wenn", "falls", "if").
func (d *doc) conditional(cl clause) bool {
	for _, t := range d.toks {
		if t.seg == cl.lo {
			return inSet(condWords, t.surf)
		}
	}
	return false
}

// umlautLess writes a folded word without its umlauts' "e" ("plaenen" → "planen").
var umlautLess = strings.NewReplacer("ae", "a", "oe", "o", "ue", "u")

// successorWords name the machine that replaces another; personDets make the word a person.
var (
	successorWords = wordSet("nachfolger nachfolgemodell nachfolgeserver nachfolgerechner nachfolgegeraet nachfolgesystem successor")
	personDets     = wordSet("mein meine meinen meinem meiner my his her sein seine seinen seinem ihr ihre ihren ihrem")
)

// problems are the concepts that report something not working.
var problems = csetOf(cSymptom, cDefect, cHWSymptom, cFailed, cOutage, cLost)

// quotedNameRE is the name of a folder, file or share in quotes after
// the word for it; group 1 is that word.
var quotedNameRE = regexp.MustCompile(`(?i)\b(ordner|unterordner|datei|dateien|verzeichnis|folder|subfolder|file|files|directory|freigabe|share|dokument|document|tabelle|spreadsheet|projektordner)\s+['"„“‚‘][^'"„“”‚‘’\n]{1,60}['"“”‘’]`)

// objectConcepts name the things a clause is about.
var objectConcepts = csetOf(cDevice, cNetDev, cOffice, cOS, cAV, cBackupSW, cLOB, cSpecialSrv, cHWPart, cOnlineBackup, cISP, cPhoneSys, cWebsite)

// sameThing reports whether clause i only asks about a thing – it names it, with nothing happening to
// it but maintenance or a coverage question – that another clause with a more restrictive verdict
// already names.
func sameThing(cls []clause, verdictOf []int, i int) bool {
	s := cls[i].cs
	if s.any(problemConcepts) || s.any(planConcepts) || s.has(cConfig) || s.has(cUpdate) || s.has(cSetup) {
		return false
	}
	for j, o := range cls {
		if j == i || verdictOf[j] < 0 || verdictOf[j] >= verdictOf[i] {
			continue
		}
		if o.cs[0]&s[0]&objectConcepts[0] != 0 || o.cs[1]&s[1]&objectConcepts[1] != 0 {
			return true
		}
	}
	return false
}

// keys are the concepts that decided an intent or verdict: those of the strongest rule matching the
// message, split into the ones the rule requires (all) and the alternatives it found (any).
type keys struct{ all, any cset }

// formConcepts say how something is asked, not what it is about ("warum", "müssen wir", "ist das
// drin", "bitte"): they never choose an entry.
var formConcepts = csetOf(cWhy, cRuleQ, cCoverQ, cResponsible, cRequest, cWant, cHowTo, cPermit, cMe, cOwnRef, cGive, cDate)

// keyConcepts returns the topic concepts of the strongest of rules matching s.
func keyConcepts(rules []rule, s cset) keys {
	best, k := 0.0, keys{}
	for _, r := range rules {
		if r.w <= best || !r.match(s) {
			continue
		}
		best = r.w
		k = keys{all: csetOf(r.all...).minus(formConcepts)}
		for _, x := range r.any {
			if s.has(x) {
				k.any.add(x)
			}
		}
		k.any = k.any.minus(formConcepts)
	}
	return k
}

// pickEntry chooses the entry for the whole message (see pickEntryIn).
func (c *Classifier) pickEntry(cands []int, d doc, k keys) int {
	return c.pickEntryIn(cands, d, -1, -1, k)
}

// pickEntryIn chooses among candidate entries the one whose keywords best match the message (or
// clauses lo..hi, when lo >= 0). The entry that owns a key concept – one that decided the intent or
// verdict, such as antivirus, admin rights or program help – is preferred (see ownerOf); ties go to
// the entry whose examples share more of the message's concepts, then to the one first in the file.
func (c *Classifier) pickEntryIn(cands []int, d doc, lo, hi int, k keys) int {
	best, bestScore := -1, -1.0
	li := langIdx(d.lang)
	owner := c.ownerOf(cands, k.all)
	if owner < 0 {
		owner = c.ownerOf(cands, k.any)
	}
	// The keyword words the message (or clauses lo..hi) has, found once for all candidates.
	var found [maxKWWords / 64]uint64
	indexed := c.nkw <= maxKWWords
	if indexed {
		mark := func(ids []uint16) {
			for _, id := range ids {
				found[id>>6] |= 1 << (id & 63)
			}
		}
		for _, t := range d.toks {
			if lo < 0 || (t.seg >= lo && t.seg <= hi) {
				mark(c.kwSurf[t.surf])
				mark(c.kwStem[li][t.stem])
			}
		}
	}
	for _, e := range cands {
		score := 0.0
		for _, l := range [2]int{li, 1 - li} {
			for n, kw := range c.entryKW[e][l] {
				var in bool
				if indexed {
					in = true
					for _, id := range c.entryKWIDs[e][l][n] {
						in = in && found[id>>6]&(1<<(id&63)) != 0
					}
				} else {
					in = c.keywordIn(kw, d, lo, hi, li)
				}
				if in {
					score += float64(len(kw))
					if l != li {
						score -= 0.25
					}
				}
			}
		}
		if e == owner {
			score += ownerBonus
		}
		switch {
		case score > bestScore:
			best, bestScore = e, score
		case score == bestScore && owner < 0 && c.closer(e, best, d.all):
			best = e
		}
	}
	return best
}

// closer reports whether the example sentences of entry a share the concepts of s clearly more than
// those of entry b: each concept of s counts by the share of the two entries' examples that have it.
// It breaks ties of keywords ("aus dem Backup ziehen" names no keyword, but the loss it reports is
// data recovery, not hardware).
func (c *Classifier) closer(a, b int, s cset) bool {
	sa, sb := 0.0, 0.0
	for k := concept(0); k < numConcepts; k++ {
		if !s.has(k) {
			continue
		}
		pa, pb := float64(c.profile[a][k]), float64(c.profile[b][k])
		if pa+pb > 0 {
			sa += pa / (pa + pb)
			sb += pb / (pa + pb)
		}
	}
	return sa > sb+1
}

// maxKWWords is the number of keyword words indexed for entry choice; a larger knowledge base falls
// back to comparing keywords word by word.
const maxKWWords = 4096

// indexKeywords numbers the words of all entry keywords and indexes them by surface and stem.
func (c *Classifier) indexKeywords() {
	c.kwSurf = make(map[string][]uint16)
	c.kwStem = [2]map[string][]uint16{make(map[string][]uint16), make(map[string][]uint16)}
	c.entryKWIDs = make([][2][][]uint16, len(c.entryKW))
	for e, byLang := range c.entryKW {
		for l, kws := range byLang {
			for _, kw := range kws {
				ids := make([]uint16, len(kw))
				for k, w := range kw {
					if c.nkw < maxKWWords {
						id := uint16(c.nkw)
						ids[k] = id
						c.kwSurf[w.surf] = append(c.kwSurf[w.surf], id)
						for li := range c.kwStem {
							c.kwStem[li][w.stem[li]] = append(c.kwStem[li][w.stem[li]], id)
						}
					}
					c.nkw++
				}
				c.entryKWIDs[e][l] = append(c.entryKWIDs[e][l], ids)
			}
		}
	}
}

// ownerBonus is the weight of owning the key concept against the keywords found in the message: more
// than the usual two or three keyword words, so that "do we need to book that 7 days in advance" about
// the vendor's program help gets the program-help answer, not the lead-time one.
const ownerBonus = 5

// ownerOf returns the candidate entry that owns one of the concepts keys: the one whose example
// sentences have it far more often than the other candidates' (at least half of them, and three times
// as often as the next), or the only one whose examples have it at all (at least one in five). Of
// several owners, the one with the largest share wins; -1 when there is none.
func (c *Classifier) ownerOf(cands []int, keys cset) int {
	if len(cands) < 2 || keys.empty() {
		return -1
	}
	owner, share := -1, 0.0
	for key := concept(0); key < numConcepts; key++ {
		if !keys.has(key) {
			continue
		}
		best, s1, s2 := -1, 0.0, 0.0
		for _, e := range cands {
			x := float64(c.profile[e][key])
			if x > s1 {
				best, s2, s1 = e, s1, x
			} else if x > s2 {
				s2 = x
			}
		}
		if ((s1 >= 0.5 && s1 >= 3*s2) || (s1 >= 0.2 && s2 == 0)) && s1 > share {
			owner, share = best, s1
		}
	}
	return owner
}

// keywordIn reports whether every word of kw occurs in the message (or clauses lo..hi); it is used
// when the knowledge base has more keyword words than the index holds.
func (c *Classifier) keywordIn(kw keyword, d doc, lo, hi, li int) bool {
	for _, w := range kw {
		found := false
		for _, t := range d.toks {
			if (lo < 0 || (t.seg >= lo && t.seg <= hi)) && (t.surf == w.surf || t.stem == w.stem[li]) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// fill sets answer, sources and actions from entry index e (if any).
func (r *Result) fill(b *Base, e int, lang Lang) {
	if e < 0 {
		r.Actions = []Action{ActionOfferCallback}
		return
	}
	ent := b.entries[e]
	r.Answer = ent.Answer.In(lang)
	r.Sources = []string{ent.ID}
	r.Actions = append([]Action(nil), ent.Actions...)
}

var verdictPhrase = map[Verdict]Text{
	VerdictCovered:      {German: "abgedeckt", English: "covered"},
	VerdictProject:      {German: "ein Projekt, das separat berechnet wird", English: "a project, billed separately"},
	VerdictExcluded:     {German: "nicht im Vertrag enthalten", English: "not included in the contract"},
	VerdictContract:     {German: "nur abgedeckt, wenn Ihr Vertrag es ausdrücklich nennt", English: "covered only where your contract names it"},
	VerdictVendor:       {German: "Sache Ihres Herstellervertrags – wir erledigen die nötigen Arbeiten oder koordinieren", English: "a matter for your vendor contract – we do the necessary work or coordinate"},
	VerdictNoncompliant: {German: "nicht vertragskonform und wird gesondert berechnet", English: "against the agreed best practices and billed separately"},
}

// mixedAnswer says, topic by topic, what is covered and what is not.
func (c *Classifier) mixedAnswer(r *Result, lang Lang) {
	var b strings.Builder
	if lang == English {
		b.WriteString("Your message touches several topics: ")
	} else {
		b.WriteString("Ihre Nachricht betrifft mehrere Themen: ")
	}
	r.Sources = r.Sources[:0]
	seenAction := map[Action]bool{}
	for i, p := range r.Parts {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.Topic)
		b.WriteString(" – ")
		b.WriteString(verdictPhrase[p.Verdict].In(lang))
		if p.Entry != "" {
			r.Sources = append(r.Sources, p.Entry)
			if e, ok := c.base.Entry(p.Entry); ok {
				for _, a := range e.Actions {
					if !seenAction[a] {
						seenAction[a] = true
						r.Actions = append(r.Actions, a)
					}
				}
			}
		}
	}
	if lang == English {
		b.WriteString(". Shall we call you back about the points that are not covered?")
	} else {
		b.WriteString(". Sollen wir Sie zu den nicht abgedeckten Punkten zurückrufen?")
	}
	if !seenAction[ActionOfferCallback] {
		r.Actions = append(r.Actions, ActionOfferCallback)
	}
	r.Answer = b.String()
}

// unsureAnswer replaces the answer by an honest "not sure", naming the closest sources.
func (c *Classifier) unsureAnswer(r *Result, d doc) {
	lang := d.lang
	var titles []string
	ids := r.Sources
	if len(ids) == 0 {
		if e := c.pickEntry(c.byIntent[intentIndex(r.Intent)], d, keyConcepts(c.intentRules[intentIndex(r.Intent)], d.all)); e >= 0 {
			ids = []string{c.base.entries[e].ID}
		}
	}
	for _, id := range ids {
		if e, ok := c.base.Entry(id); ok {
			titles = append(titles, e.Title.In(lang)+" ("+e.Source.Text(lang)+")")
		}
	}
	var b strings.Builder
	if lang == English {
		b.WriteString("I'm not sure I understood you correctly, and I don't want to tell you anything wrong.")
		if len(titles) > 0 {
			b.WriteString(" The closest topic I know: " + strings.Join(titles, "; ") + ".")
		}
		b.WriteString(" Shall a colleague call you back, or would you like to talk to a person?")
	} else {
		b.WriteString("Da bin ich mir nicht sicher, und ich möchte Ihnen nichts Falsches sagen.")
		if len(titles) > 0 {
			b.WriteString(" Am nächsten liegt: " + strings.Join(titles, "; ") + ".")
		}
		b.WriteString(" Soll Sie ein Mitarbeiter zurückrufen, oder möchten Sie mit einer Person sprechen?")
	}
	r.Answer = b.String()
	r.Sources = ids
	r.Actions = []Action{ActionOfferCallback, ActionOfferHuman}
}

// fallbackAnswer is used when the knowledge base has no entry for an intent.
func fallbackAnswer(_ Intent, lang Lang) string {
	if lang == English {
		return "I'm afraid I can't answer that here. Shall a colleague call you back?"
	}
	return "Das kann ich hier leider nicht beantworten. Soll Sie ein Mitarbeiter zurückrufen?"
}
