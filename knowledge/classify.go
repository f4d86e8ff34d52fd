package knowledge

import (
	"math"
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
				c.addPhrase(words, l.c)
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
	var feats []string
	for _, e := range b.entries {
		for _, l := range Langs {
			for _, ex := range e.Examples[l] {
				feats = c.features(c.analyse(ex, l, true), feats[:0])
				c.nbIntent.learn(intentIndex(e.Intent), feats)
				if e.Intent == IntentCoverage {
					c.nbVerdict.learn(verdictIndex(e.Verdict), feats)
				}
			}
		}
	}
	c.nbIntent.finish()
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

func (c *Classifier) addPhrase(words []lexWord, cc concept) {
	// The same phrase may belong to several concepts.
	for i := range c.phraseList {
		p := &c.phraseList[i]
		if len(p.words) == len(words) && samePhrase(p.words, words) {
			p.cs.add(cc)
			return
		}
	}
	p := phrase{words: words}
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
	lang  Lang
	toks  []token
	all   cset
	segs  []cset
	phone bool
}

// analyse tokenises, corrects, splits, stems and tags text. With lang "" the language is detected.
// learning skips typo correction (example sentences are spelt correctly).
func (c *Classifier) analyse(text string, lang Lang, learning bool) doc {
	var rawBuf [48]rawToken
	raw := tokenize(text, rawBuf[:0])
	if lang == "" {
		lang = detectTokens(raw, strings.ContainsAny(text, "äöüÄÖÜß"))
	}
	li := langIdx(lang)
	d := doc{lang: lang, toks: make([]token, 0, len(raw)+4)}
	seg := 0
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
		}
		if _, ok := c.conj[r.s]; ok && (lang == German || r.s != "also") { // English "also" joins nothing
			seg++
			continue
		}
		w := r.s
		st, ok := c.stemCache[w]
		var s string
		if ok {
			s = st[li]
		} else {
			s = c.stem.stem(w, lang)
			if _, ok2 := c.knownStem[li][s]; !ok2 && isASCIIWord(w) {
				// Unknown word: a compound of known words, or a typo of one.
				if ps := splitCompound(w, c.splitVocab, parts[:0]); len(ps) > 1 {
					if c.specificApp(ps) {
						// Schulverwaltungsprogramm, Laborsoftware: a program named by its trade is
						// a line-of-business application.
						ps[len(ps)-1] = "branchensoftware"
					}
					for k, p := range ps {
						d.toks = append(d.toks, token{surf: p, stem: c.stemOf(p, li, lang), seg: seg, brk: pbrk, modifier: k < len(ps)-1})
						pbrk = false
					}
					continue
				}
				if !learning {
					// A name is no typo of a function word ("Meier" is not "meiner").
					if v := c.typo.correct(w, 5); v != "" && !c.marker(v) {
						w = v
						s = c.stemOf(v, li, lang)
					}
				}
			}
		}
		d.toks = append(d.toks, token{surf: w, stem: s, seg: seg, brk: pbrk, poss: r.poss})
		pbrk = false
	}
	d.phone = digits >= 6
	if lang == German {
		d.toks = c.joinParticles(d.toks, li)
	}
	d.segs = make([]cset, seg+1)
	// Phrases first (longest match), then single words by surface, stem, other language's stem.
	for i := 0; i < len(d.toks); {
		if n, cs := c.matchPhrase(d.toks, i, li); n > 0 {
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
		if scs, ok2 := c.stems[li][t.stem]; ok2 {
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
		d.segs[t.seg].or(t.cs)
		i++
	}
	if c.vendorOf(d.toks) {
		for k := range d.segs {
			d.segs[k] = cset{}
		}
		for _, t := range d.toks {
			d.segs[t.seg].or(t.cs)
		}
	}
	// "new" counts for a project only right before what is new (neue Laptops, new site network).
	for i, t := range d.toks {
		if !t.cs.has(cNew) {
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
		if isOrdinal(t.surf) {
			d.segs[t.seg].add(cDate)
			d.toks[i].cs.add(cDate)
		}
	}
	c.derive(&d)
	for _, s := range d.segs {
		d.all.or(s)
	}
	if d.phone {
		d.all.add(cPhoneNum)
	}
	return d
}

// fewWords count a few of something ("every few minutes", "nach ein paar Minuten").
var fewWords = wordSet("few couple paar wenigen wenige some einigen")

// appHeads are the heads of compounds that name a program ("...software", "...programm").
var appHeads = wordSet("software programm programme anwendung applikation app system")

// specificApp reports whether the compound parts ps name a program by a trade or task the
// lexicon does not know (Schulverwaltungs-programm, Labor-software): such a program is a
// line-of-business application, while Backup-software or Office-programm keep their parts' meaning.
func (c *Classifier) specificApp(ps []string) bool {
	if _, ok := appHeads[ps[len(ps)-1]]; !ok {
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
var particles = wordSet("ab an auf aus ein um zurueck wieder her vor nach mit hoch runter rein rueber weg fest durch weiter")

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
	"supplier company firma partner dienstleister people leute guys folks jungs")

// ordinalNew are "new" words that may also count what exists ("der zweite Monitor").
var ordinalNew = wordSet("zweite zweiten zweiter zweites second")

// notNewHead are heads that make "new" + device or system no new installation: a new VPN user or a
// new firewall rule is configuration of what exists.
var notNewHead = wordSet("user users benutzer nutzer mitarbeiter mitarbeiterin kollege kollegin kollegen employee employees " +
	"staff colleague colleagues regel regeln rule rules zugang zugaenge account accounts konto konten kunde kunden " +
	"eintrag eintraege entry entries freigabe freigaben profil profile postfach mailbox " +
	"portweiterleitung portweiterleitungen portfreigabe portfreigaben weiterleitung weiterleitungen firewallregel " +
	"firewallregeln forwarding password passwort kennwort signatur signature gruppe gruppen group groups " +
	"agent agents version release build record records mx cname alias")

// newObjects are the concepts that make "new" a project: new devices, systems, networks, sites.
var newObjects = func() cset {
	var s cset
	for _, c := range []concept{cDevice, cSoftware, cNetDev, cHWPart, cSite, cSpecialSrv, cLOB, cOffice, cOS, cIntroduce} {
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
					if tk.surf == w.surf || tk.stem == w.stem[li] {
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
	d := c.analyse(text, "", false)
	var fbuf [64]string
	feats := c.features(d, fbuf[:0])

	// Verdict evidence per clause and for the whole message.
	var msgV [6]float64
	for v := range Verdicts {
		msgV[v] = scoreRules(c.verdictRules[v], d.all)
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
	res := Result{Lang: d.lang, Intent: intent, Confidence: conf}
	if intent != IntentCoverage {
		e := c.pickEntry(c.byIntent[intentIndex(intent)], d)
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
	if len(parts) > 1 {
		// The most restrictive clear topic decides the overall verdict; a topic far weaker than the
		// message's own evidence (a stray "move" in "when I move the lid") does not.
		verdict = Verdicts[topV]
		for i, p := range parts {
			// A clause's verdict must also hold for the message as a whole: "Einrichtung des Kontos"
			// is no new installation when the clause before says the mails stopped coming.
			if p.Verdict == verdict || (msgV[verdictIndex(p.Verdict)] >= 3 && (partScores[i] >= 4 || partScores[i] > topScore-1.5)) {
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
		e := c.pickEntry(c.byVerdict[verdictIndex(verdict)], d)
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

// parts finds the clauses with clear, different verdicts, most restrictive first, and the score
// of each in its clause.
func (c *Classifier) parts(d doc) ([]Part, []float64) {
	if len(d.segs) < 2 {
		return nil, nil
	}
	var seen [6]bool
	var segOf [6]int
	var segScore [6]float64
	n := 0
	for si, s := range d.segs {
		if s.empty() {
			continue
		}
		var sc [6]float64
		for v := range Verdicts {
			sc[v] = scoreRules(c.verdictRules[v], s)
		}
		k, s1, _ := argmax2(sc[:])
		if s1 < 3 {
			continue
		}
		if !seen[k] {
			seen[k], segOf[k] = true, si
			n++
		}
		segScore[k] = math.Max(segScore[k], s1)
	}
	if n < 2 {
		return nil, nil
	}
	out := make([]Part, 0, n)
	scores := make([]float64, 0, n)
	for v := range Verdicts { // Verdicts is ordered most restrictive first
		if !seen[v] {
			continue
		}
		sd := doc{lang: d.lang, toks: d.toks, all: d.segs[segOf[v]]}
		e := c.pickEntryInSeg(c.byVerdict[v], sd, segOf[v])
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

func (c *Classifier) pickEntry(cands []int, d doc) int { return c.pickEntryInSeg(cands, d, -1) }

// pickEntryInSeg chooses among candidate entries the one whose keywords best match the message
// (or clause seg, when seg >= 0); ties go to the entry first in the file.
func (c *Classifier) pickEntryInSeg(cands []int, d doc, seg int) int {
	best, bestScore := -1, -1.0
	li := langIdx(d.lang)
	for _, e := range cands {
		score := 0.0
		for _, l := range [2]int{li, 1 - li} {
			for _, kw := range c.entryKW[e][l] {
				if c.keywordIn(kw, d, seg, li) {
					score += float64(len(kw))
					if l != li {
						score -= 0.25
					}
				}
			}
		}
		if score > bestScore {
			best, bestScore = e, score
		}
	}
	return best
}

func (c *Classifier) keywordIn(kw keyword, d doc, seg, li int) bool {
	for _, w := range kw {
		found := false
		for _, t := range d.toks {
			if (seg < 0 || t.seg == seg) && (t.surf == w.surf || t.stem == w.stem[li]) {
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
		if e := c.pickEntry(c.byIntent[intentIndex(r.Intent)], d); e >= 0 {
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
