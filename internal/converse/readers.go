package converse

import (
	"strings"
	"unicode/utf8"
)

// The text fallbacks: what a reply asks for, which verdict it gives, its
// intent and language, read from its wording when it carries no meta.

var (
	refRE     = mustPy(`\b(CB|VA|PR)-\d[\d-]*\d\b`, re0)
	refFullRE = mustPy(`^(?:\b(CB|VA|PR)-\d[\d-]*\d\b)\Z`, re0)
	quoteRE   = mustPy(`„[^“”\n]*[“”]|“[^”\n]*”|\"[^\"\n]*\"|«[^»\n]*»|‚[^‘’\n]*[‘’]`, re0)
	abbrevRE  = mustPy(`\b(?:z\.\s?B|d\.\s?h|u\.\s?a|e\.\s?g|i\.\s?e|bzw|ca|Nr|usw|etc|vgl|evtl|ggf|inkl|Dr|Prof|Hr|Fr|vs|no)\.(?=\s*\S)`, reI)
	// A sentence asks for something when it ends in "?" or is a request.
	requestRE = mustPy(`\b(?:nennen|schreiben|geben|sagen|antworten|wählen|waehlen|schicken|senden)\s+sie\b`+
		`|\bbitte\s+(?:alle\s+)?(?:erneut\s+|noch\s+)?(?:unterschreiben|nennen|schreiben|antworten|wählen|angeben|mitteilen)\b`+
		`|^(?:please\s+)?(?:tell|give|send|write|name|reply|answer|choose|pick|sign|enter|let me know)\b`+
		`|\bplease\s+(?:tell|give|send|write|name|reply|answer|choose|pick|sign|enter|let me know)\b`+
		`|\beveryone\s+please\s+sign\b`+
		`|^(?:noch offen|still missing|zum unterschreiben|to sign|es fehlen noch|still to sign)\b`, reI)
	unsureRE     = mustPy(`nicht sicher|not sure|nicht sicher beantworten|can't answer that reliably|cannot answer that reliably`, reI)
	mixedRE      = mustPy(`mehrere themen|several topics`, reI)
	sourceLineRE = mustPy(`^\s*(?:quellen?|sources?)\s*:.*$`, reIM)
	mixedEndRE   = mustPy(`\.\s+(?:sollen wir|shall we|soll ich|möchten sie|would you)`, reI)
	fieldLineRE  = mustPy(`^\s*(?:name|telefon|phone|thema|topic|titel|title|hersteller|vendor|system|zweck|purpose|kunde|client|`+
		`teilnehmende|attendees|\d+\.\s*\w+|entscheidung|decision|vereinbarung|agreement|aufgabe|action)\s*:\s*(.*)$`, reIM)
	noLangRE  = mustPy(`(?i)\b(sha256:)?[0-9a-f]{16,}\b|@[\w.:-]+|\b(CB|VA|PR)-[\d-]+|\S+@\S+|https?://\S+|\b[\w]+-[0-9a-f]{6,}\b`, re0)
	wordRE    = mustPy(`[a-zäöüß']+`, re0)
	umlautRE  = mustPy(`[äöüß]`, re0)
	newlineRE = mustPy(`\s*\n\s*`, re0)
	spacesRE  = mustPy(`\s+`, re0)
)

// shortLimit is how much of what the bot said a failure line shows.
const shortLimit = 160

// slotRE is one slot's phrases; a "stop" slot ends the sentence's reading.
type slotRE struct {
	slot string
	stop bool
	re   *pyre
}

// Checked in this order on each asking sentence.
var slotREs = []slotRE{
	{"confirm", true, mustPy(`soll ich (?:das|die serie|den termin|ihn|sie|es|alle)\b[^?]*\b(?:aufnehmen|vormerken|buchen|eintragen|anlegen|speichern|weiterleiten|löschen|absagen)|(?:shall|should) i (?:file|hold|book|record|save|submit|delete|cancel) (?:it|this|that|them|the|these|all|your)\b|\(\s*(?:ja|yes)\s*/\s*(?:nein|no)\s*/\s*(?:abbrechen|cancel)\s*\)|(?:ist|sind) (?:das|die angaben) (?:so )?(?:richtig|korrekt)|(?:is|are) (?:that|these|this|the details) (?:all )?(?:right|correct)|passt das so\b|stimm(?:t|en) (?:das|die angaben|alle angaben)|darf ich (?:das|ihn|es|den rückruf|den termin) (?:so )?(?:aufnehmen|eintragen|weitergeben|buchen|vormerken)|please confirm|bitte bestätigen|(?:does|do) (?:this|that|these|everything) look (?:right|correct|ok)|is (?:this|that|everything) (?:right|correct|ok)`, reI)},
	// "which field shall I change?": a step of its own
	{"change", true, mustPy(`was soll ich (?:daran )?ändern|ändern soll|welche angabe|what (?:shall|should) i change|what to change|which (?:field|detail)`, reI)},
	{"pick", true, mustPy(`termine? kann ich (?:ihnen )?anbieten|can offer (?:you )?(?:these|the following)|i can offer|antworten sie mit (?:der nummer|1, 2 oder 3)|reply with (?:the number|1, 2 or 3)|welche[rnms]? (?:der )?(?:termine|vorschläge|vorschlag|optionen)|welcher termin passt|wählen sie|which (?:of these|slot|option|one)|choose one|pick one`, reI)},
	{"sign", true, mustPy(`zum unterschreiben|(?:erneut|bitte) unterschreiben|es fehlen noch|unterschreiben sie|\bto sign\b|please sign|sign again|still to sign`, reI)},
	{"name", false, mustPy(`wie (?:ist|lautet) ihr (?:vor- und )?(?:nach|vor)?name|\bihr(?:en)? (?:vollen |vor- und )?(?:nach|vor)?namen?\b|wie heißen sie|wie heissen sie|mit wem (?:spreche|habe)|spreche ich mit|wie darf ich sie ansprechen|unter welchem namen|wer spricht|your (?:full )?name\b|who am i (?:talking|speaking) (?:to|with)|am i (?:talking|speaking) (?:to|with)|may i have your name|what should i call you|who(?:'s| is) calling`, reI)},
	{"phone", false, mustPy(`(?:telefon|handy|mobil|ruf|rückruf)nummer|unter welcher (?:telefon)?nummer|welche (?:telefon)?nummer|ihre nummer|mit vorwahl|(?:wie|wo) erreichen wir sie|phone number|which number|what number|your number|reach you on\b|reach you at\b|mobile number|area code|number to call`, reI)},
	{"topic", false, mustPy(`worum geht|um was geht|was ist (?:ihr|das) anliegen|welches thema|worum es geht|worum handelt es sich|was ist (?:das|ihr) problem|beschreiben sie (?:kurz )?(?:ihr|das)|was können wir für sie tun|what is it about|what's it about|what is this about|what (?:is|'s) the (?:topic|issue|problem)|what (?:is|'s) it regarding|what do you need help with|briefly describe|what should the call be about`, reI)},
	{"vendor", false, mustPy(`welche[nmrs]? (?:hersteller|software|programm|anwendung|firma)|um welche[nmrs]? (?:hersteller|software)|wer ist der hersteller|which (?:vendor|software|application|program|company)|what (?:software|vendor)|who is the vendor|name of the (?:vendor|software)`, reI)},
	{"system", false, mustPy(`welche[snmr]? (?:system|server|rechner)|auf welche[nmsr]? (?:system|server|rechner)|name des servers|servername|which (?:system|server|machine)|what (?:system|server)|server name|host ?name`, reI)},
	{"purpose", false, mustPy(`was soll (?:der hersteller|er|sie) (?:dort |da |dabei )?(?:tun|machen)|was (?:genau )?(?:will|muss) (?:der hersteller|er) (?:dort |da )?(?:tun|machen)|\bzweck\b|\bwofür\b|what is the vendor going to do|what will (?:the vendor|they) do|what (?:does|do) (?:the vendor|they) need to do|\bpurpose\b|what for\b`, reI)},
	{"duration", false, mustPy(`wie lange|\bdauer\b|how long|\bduration\b`, reI)},
	{"admin_reason", false, mustPy(`administrator(?:en)?rechte|admin-?rechte|administrative (?:rechte|berechtigungen)|begründung|administrator rights|admin rights|administrative rights|justification|why (?:are|is) (?:admin|administrator)`, reI)},
	{"emails", false, mustPy(`e-?mail|mail-?adresse|adresse des herstellers|ihre eigene|vendor's address|your own\b`, reI)},
	{"time", false, mustPy(`wann (?:passt|würde|wuerde|haben|sind|können|koennen|dürfen|duerfen|erreichen|soll|sollen|darf|hätten)|welche (?:andere )?(?:zeit|uhrzeit|tageszeit)|zu welcher zeit|welcher (?:tag|zeitraum)|wunschtermin|\buhrzeit\b|zeitfenster|passt das\?|passt ihnen das|wann ist es ihnen recht|wann sind sie erreichbar|zu welcher uhrzeit|when (?:suits|would suit|is (?:a )?good|is convenient|works|are you|can we|shall we|should we|would you|do you)|what time works|what (?:other )?time|which (?:other )?(?:time|day)|preferred (?:date|time)|does that suit|would that suit|suit you\?`, reI)},
	{"title", false, mustPy(`\btitel\b|\btitle\b|schreiben sie die angaben|write the details`, reI)},
	{"date", false, mustPy(`\bdatum\b|\bdate\b`, reI)},
	{"signers", false, mustPy(`unterzeichner|\bsigners?\b`, reI)},
	{"content", false, mustPy(`vereinbarung|entscheidung|aufgabe|ergänzungen|korrekturen|\bagreement|\bdecision|action item|\badditions|corrections`, reI)},
}

var slotSynonyms = map[string]string{
	"window": "time", "when": "time", "date_time": "time", "phone_number": "phone", "number": "phone",
	"admin": "admin_reason", "reason": "admin_reason", "admin_rights": "admin_reason",
	"email": "emails", "vendor_email": "emails", "client_email": "emails", "mail": "emails",
	"proposal": "pick", "proposals": "pick", "slot": "pick", "slots": "pick", "choice": "pick",
	"items": "content", "item": "content", "signature": "sign", "signer": "signers",
	"confirmation": "confirm", "yes_no": "confirm",
}

// namedRE is a verdict's or an intent's phrases.
type namedRE struct {
	name string
	re   *pyre
}

// verdictREs in converse.py's order: on a tie the first one wins.
var verdictREs = []namedRE{
	{"contract", mustPy(`hängt (?:davon|von ihrem (?:individuellen )?vertrag) ab|nur (?:dann )?abgedeckt, wenn|nur abgedeckt|wenn ihr (?:individueller )?vertrag (?:sie|es|ihn|das) (?:ausdrücklich )?(?:nennt|einschließt|umfasst)|depends on your (?:individual )?contract|only (?:covered )?where your (?:individual )?contract|covered only where|if your contract (?:names|includes)`, reI)},
	{"noncompliant", mustPy(`\blizenziert|unlizenziert|nicht lizenziert|lizenzwidrig|nicht vertragskonform|best practices|nicht mehr unterstützt|nicht-standard|\bunlicensed|\blicensed|no longer support|not supported by|non-standard|against the agreed best practices`, reI)},
	{"vendor", mustPy(`branchensoftware|herstellervertrag|wartungsvertrag mit dem hersteller|eigenen wartungsvertrag|sache (?:ihres|des) herstellers|line-of-business|vendor contract|maintenance contract with (?:its|the) vendor|matter for your vendor`, reI)},
	{"project", mustPy(`\bprojekt|\bproject|separat berechnet|separat abgerechnet|billed separately|charged separately`, reI)},
	{"excluded", mustPy(`nicht im (?:managed-service-)?vertrag (?:enthalten|inbegriffen|inklusive)|ausgenommen|nicht (?:inkludiert|enthalten|inbegriffen)|not included|\bexcluded|not part of (?:the|your) contract`, reI)},
	// The lookbehinds and the lookahead are checked on the text around
	// each candidate (see pyre.go): "nicht abgedeckt", "nur abgedeckt",
	// "abgedeckt, wenn" and "not covered" are no "covered".
	{"covered", mustPy(`(?<!nicht )(?<!nur )(?<!nur dann )\babgedeckt\b(?!,? wenn)|ist (?:das |es )?(?:im vertrag |im rahmen des vertrags )?(?:enthalten|inklusive|inbegriffen|drin)\b|gehör(?:t|en) (?:übergreifend )?zu(?:r|m)? (?:[\w-]+-)?(?:wartung|vertrag)|teil (?:ihres|des) vertrags|verträge und (?:das )?sla deck|contracts and (?:the )?sla cover|(?<!not )\bis covered\b|that is covered|are covered|is included in (?:the|your) contract|(?:is|are) part of (?:the |your )?(?:contract|[\w-]+ maintenance|maintenance)`, reI)},
}

// intentREs: the first six are read before the coverage verdict, the rest after.
var intentREs = []namedRE{
	{"out_of_scope", mustPy(`dabei kann ich (?:ihnen )?leider nicht helfen|can'?t help with that|das kann ich nicht tun|i can'?t do that|gebe ich nicht heraus|don'?t disclose|do not disclose`, reI)},
	{"human", mustPy(`verbinde ich sie mit einem mitarbeiter|put you in touch with a colleague`, reI)},
	{"ticket_status", mustPy(`ihre rückrufwünsche|keine rückrufwünsche|your callback requests|no callback requests|stand ihre[rs]? rückruf|status of your callback`, reI)},
	{"callback", mustPy(`gern rufen wir sie zurück|we'?ll gladly call you back|ihr rückrufwunsch ist aufgenommen|your callback request is filed|ich habe notiert:|i have noted:|wie ist ihr name|what is your name|unter welcher telefonnummer erreichen wir|which phone number can we reach|wann passt es ihnen|when suits you|der nächste mögliche termin wäre|the next possible time would be`, reI)},
	{"vendor_appointment", mustPy(`gern plane ich den zugriff|gladly schedule the (?:software )?vendor|termine kann ich anbieten|can offer these slots|vorgemerkt \(nr\.|i have held|herstellertermine?\b|vendor appointments?\b|herstellerzugriff auf server noch heute|cannot schedule vendor access|regelmäßiger termin:|recurring window:|braucht der hersteller|does the vendor need|auf welches system|which system or server|was soll der hersteller|what is the vendor going to do|wie lange wird der zugriff|how long will the access|e-mail-adresse des herstellers|vendor's contact should|wann würde es passen|when would suit you`, reI)},
	{"protocol", mustPy(`\bPR-\d|ich lege das protokoll|i am starting protocol|ihre protokolle|your protocols|zur unterschrift|for signature|gesprächsprotokoll fest|meeting protocol that`, reI)},
	{"remote_support", mustPy(`teamviewer|quicksupport|fernwartung|remote session|remote support`, reI)},
	{"contact", mustPy(`erreichen (?:sie )?uns (?:telefonisch )?unter|reach us (?:by phone )?(?:on|at)|kontaktformular|contact form`, reI)},
	{"policy", mustPy(`verfahrensanweisung|herstellerkonten|herstellerzugänge|vendor accounts|vendor access to your infrastructure|im voraus|days ahead|mündliche absprachen|verbal agreements|programm-?hilfe|program help|erste verteidigungslinie|first line of defen[cs]e|verantwortlich|responsible for your|vertrauliche informationen|confidential information|interessenkonflikt|conflict of interest|falsche informationen|false information|risiken und folgen|risks and consequences`, reI)},
	{"smalltalk", mustPy(`^\s*(?:hallo|hello|hi)\b|sehr gern!|you'?re welcome|schönen tag|nice day|wobei kann ich helfen|how can i help`, reI)},
}

var (
	deWords = wordSet(`der die das und ist nicht sie ich wir ihr ihre ihren ihrem ihnen mit für auf ein eine einen zu zum zur
den dem des von bitte gern gerne wird werden haben hat habe kann können sind oder auch noch nach bei im am uns unser unsere
wie was wann welche welchen welches welcher soll sollen ja nein danke über aus sich es hier jetzt schon nur dann wenn als
leider dafür diese dieser diesen gibt ob mir mich`)
	enWords = wordSet(`the and is not you your we i with for on a an to of please will be have has can are or also that this our
it at what when which shall should yes no thanks about from here now only then if as would could there these those by
sorry i'm i'll we'll don't can't me my`)
)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// refsIn returns the CB-/VA-/PR- references in text, in order.
func refsIn(text string) []string {
	var out []string
	for _, m := range refRE.findAll(text) {
		out = append(out, text[m[0]:m[1]])
	}
	return out
}

// unquote removes quoted examples („morgen zwischen 9 und 11“).
func unquote(text string) string { return quoteRE.replace(text, " ") }

// splitLines is Python's str.splitlines.
func splitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '\n', '\r', '\v', '\f', 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029:
			out = append(out, s[start:i])
			i += size
			if r == '\r' && i < len(s) && s[i] == '\n' {
				i++
			}
			start = i
			continue
		}
		i += size
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

func strip(s string) string { return strings.TrimFunc(s, isPySpace) }

// sentences is converse.py's SENT_RE.findall on one line: each sentence
// runs to the first ?, ! or . followed by white space or the end.
func sentences(line string) []string {
	var out []string
	for pos := 0; ; {
		end := len(line)
		for i := pos; i < len(line); {
			r, size := utf8.DecodeRuneInString(line[i:])
			i += size
			if r == '?' || r == '!' || r == '.' {
				if i == len(line) {
					break
				}
				if next, _ := utf8.DecodeRuneInString(line[i:]); isPySpace(next) {
					end = i
					break
				}
			}
		}
		out = append(out, line[pos:end])
		if end == len(line) {
			return out
		}
		pos = end
	}
}

// askingSentences are the sentences of text that ask for something.
func askingSentences(text string) []string {
	var out []string
	u := unquote(text)
	text = abbrevRE.sub(u, func(m []int) string { return strings.ReplaceAll(u[m[0]:m[1]], ".", "\u2024") })
	for _, line := range splitLines(text) {
		for _, s := range sentences(line) {
			s = strip(s)
			if s == "" {
				continue
			}
			if strings.HasSuffix(s, "?") || requestRE.has(s) {
				out = append(out, s)
			}
		}
	}
	return out
}

// slotsFromText is what a reply asks for, read from its questions.
func slotsFromText(text string) []string {
	var slots []string
	for _, s := range askingSentences(text) {
		for _, sr := range slotREs {
			if sr.re.has(s) {
				slots = appendNew(slots, sr.slot)
				if sr.stop {
					break
				}
			}
		}
	}
	return slots
}

func appendNew(list []string, s ...string) []string {
	for _, x := range s {
		found := false
		for _, y := range list {
			if x == y {
				found = true
				break
			}
		}
		if !found {
			list = append(list, x)
		}
	}
	return list
}

// pyOr is Python's a or b.
func pyOr(a, b any) any {
	if truthy(a) {
		return a
	}
	return b
}

// normSlots reads an expectation's or a meta's slots: a name or a list of
// names (or of {"slot": …} objects), lower case, synonyms mapped.
func normSlots(v any) []string {
	if v == nil {
		return nil
	}
	if s, ok := v.(string); ok {
		v = []any{s}
	}
	var out []string
	for _, x := range pyIter(v) {
		if o, ok := x.(*object); ok {
			x = pyOr(pyOr(o.get("slot"), o.get("name")), "")
		}
		s := strings.ToLower(strip(pyStr(x)))
		if syn, ok := slotSynonyms[s]; ok {
			s = syn
		}
		if s != "" {
			out = appendNew(out, s)
		}
	}
	return out
}

// firstVerdict is the verdict whose phrase comes first in text.
func firstVerdict(text string) string {
	best, bestAt := "", -1
	for _, v := range verdictREs {
		if m := v.re.search(text); m != nil && (bestAt < 0 || m[0] < bestAt) {
			best, bestAt = v.name, m[0]
		}
	}
	return best
}

// verdictsFromText is the primary verdict and all verdicts of a coverage
// answer read from its text.
func verdictsFromText(text string) (string, []string) {
	body := sourceLineRE.replace(text, "")
	if unsureRE.has(body) {
		return "", nil
	}
	if mixedRE.has(body) {
		_, rest, _ := strings.Cut(body, ":")
		if m := mixedEndRE.search(rest); m != nil {
			rest = rest[:m[0]]
		}
		var found []string
		for _, part := range strings.Split(rest, ";") {
			_, phrase, _ := strings.Cut(part, " – ")
			if phrase == "" {
				phrase = part
			}
			if v := firstVerdict(phrase); v != "" {
				found = appendNew(found, v)
			}
		}
		if len(found) == 0 {
			return "", nil
		}
		return found[0], found
	}
	if v := firstVerdict(body); v != "" {
		return v, []string{v}
	}
	return "", nil
}

// intentFromText is the intent a reply's wording shows, "" when none.
func intentFromText(text string) string {
	body := sourceLineRE.replace(text, "")
	if unsureRE.has(body) {
		return ""
	}
	for _, in := range intentREs[:6] {
		if in.re.has(body) {
			return in.name
		}
	}
	if v, _ := verdictsFromText(body); v != "" {
		return "coverage"
	}
	for _, in := range intentREs[6:] {
		if in.re.has(body) {
			return in.name
		}
	}
	return ""
}

// langOf guesses the language of text from common words: "de", "en" or "".
func langOf(text string) string {
	t := unquote(text)
	// Hashes, ids, references, addresses and links carry no language.
	t = noLangRE.replace(t, " ")
	t = fieldLineRE.sub(t, func(m []int) string { return t[m[0]:m[2]] })
	lower := strings.ToLower(t)
	de, en := 0.0, 0.0
	for _, m := range wordRE.findAll(lower) {
		w := lower[m[0]:m[1]]
		if deWords[w] {
			de++
		}
		if enWords[w] {
			en++
		}
	}
	de += 0.5 * float64(len(umlautRE.findAll(lower)))
	switch {
	case max(de, en) < 2:
		return ""
	case de >= 1.5*en:
		return "de"
	case en >= 1.5*de:
		return "en"
	}
	return ""
}

// short is text on one line (⏎ for line breaks), at most 160 characters.
func short(text string) string { return shortN(text, shortLimit) }

func shortN(text string, n int) string {
	t := newlineRE.replace(strip(text), " ⏎ ")
	t = spacesRE.replace(t, " ")
	if utf8.RuneCountInString(t) <= n {
		return t
	}
	r := []rune(t)
	return string(r[:n-1]) + "…"
}
