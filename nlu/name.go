package nlu

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// nameCueRE finds a name announced as such: "mein Name ist …", "ich bin
// …", "hier spricht …", "Name: …", "my name's …", "this is …", a closing
// ("Gruß, …", "Cheers, …"). The name itself is checked by nameAt.
var nameCueRE = newLitRE(`(?i)(?:(?:^|[.,!:;]\s*|\b(?:tag|morgen|hallo|moin|servus|hi|hello)\s*,?\s*)hier(?: ist| spricht)?(?: jetzt| nun| mal| übrigens)?\b|\bmein name ist(?: übrigens| eigentlich| nämlich)?|\bmein name lautet|\bmein name:|\bich hei(?:ß|ss)e(?: übrigens| eigentlich| nämlich)?|\bich bin(?: übrigens| eigentlich| nämlich| ja)?|(?:^|[.!:;]\s+)bin\b|\bhier (?:ist|spricht)(?: jetzt| nun| mal| übrigens)?|\bam apparat(?: ist)?|\bname\s*:|\bname ist|\bsondern|` +
	`\bmy name is|\bmy name's|\bmy names|\bi'm|\bi am|\bthis is(?: now| actually)?|\bit's|\bname's|` +
	// a call for someone else: the one to be called ("call back my
	// colleague Peter Holm", "rufen Sie bitte meinen Kollegen Jan Ott an")
	`\b(?:call(?: back)?|ring|phone|contact) (?:my|our) (?:colleague|co-?worker|boss|manager|assistant)|\b(?:meinen|unseren) (?:kollegen|chef|geschäftsführer|mitarbeiter|vorgesetzten|\pL*leiter)|\b(?:meine|unsere) (?:kollegin|chefin|geschäftsführerin|mitarbeiterin|vorgesetzte|\pL*leiterin|sekretärin|assistentin)|` +
	`(?:^|\n|[.!]\s+)(?:mit )?(?:freundlichen |besten |vielen |liebe |viele |beste )?(?:grü(?:ß|ss)e|gruss|gruß|lg|vg|mfg|danke|cheers|thanks|regards|best|best regards|kind regards|thank you)\s*[,!.]?\s*(?:\n|$|,)?)\s*`)

// calleeRE is a person named with a form of address who asks for the
// call someone else writes about: "Herr Dr. Jens Albers bittet um einen
// Rückruf", "Frau Özdemir möchte zurückgerufen werden", "Mr Brandt would
// like a call back"; group 1 is the name.
var calleeRE = newLitRE(`((?:Herr|Frau|Mr\.?|Mrs\.?|Ms\.?)\s+(?:(?:Dr|Prof)\.\s+)?(?:\p{Lu}[\pL'’-]+\s+){0,2}\p{Lu}[\pL'’-]+)\s+(?:bittet\s+(?:Sie\s+)?um\s+(?:einen\s+|den\s+|Ihren\s+|ihren\s+)?(?:Rückruf|Anruf)|möchte\s+(?:gerne?\s+)?(?:zurückgerufen|angerufen)\s+werden|hätte\s+gerne?\s+(?:einen\s+)?(?:Rückruf|Anruf)|would\s+like\s+(?:a\s+)?(?:call\s*back|call|callback)|asks\s+for\s+(?:a\s+)?(?:call\s*back|call|callback))`)

// lowerTitledNameRE is a form of address and one or two words set apart
// ("…, frau aylin demir, …"); group 1 is the name.
var lowerTitledNameRE = newLitRE(`(?:^|[,;:(]\s*|\b(?:an|von|mit)\s+)((?:frau|herr|herrn)\s+(?:(?:dr|prof)\.?\s+)?[\pL'’-]+(?:\s+[\pL'’-]+)?)\s*(?:[,.;:!?)]|$)`)

// signOffNameRE is a sign-off, a name and a phone number run together.
var signOffNameRE = newLitRE(`(?i)\b(?:mfg|lg|vg|gruß|gruss|grüße|gruesse|danke|thanks|cheers|regards)\s*,?\s+(\pL[\pL'’-]+(?:\s+\pL[\pL'’-]+)?)\s*,?\s*(?:tel\.?:?\s*)?(?:\+|0)\d`)

// firmWord reports a word that names a firm, not a person: "Zimmerei",
// "Steuerbüro", "Autohaus", "GmbH" (a suffix after at least one letter, or
// a legal form).
func firmWord(w string) bool {
	l := strings.ToLower(w)
	if firmForms[l] {
		return true
	}
	for _, suf := range firmSuffixes {
		if suf == "ei" && utf8.RuneCountInString(l) < 6 {
			// "Osei", "Frei": short names end in -ei too
			continue
		}
		if len(l) > len(suf) && strings.HasSuffix(l, suf) {
			r, _ := utf8.DecodeLastRuneInString(l[:len(l)-len(suf)])
			return unicode.IsLetter(r) && allLetters(l[:len(l)-len(suf)])
		}
	}
	return false
}

var (
	firmSuffixes = []string{"erei", "ei", "haus", "büro", "buero", "praxis", "kanzlei", "werke", "werk", "handel", "bau",
		"technik", "service", "logistik", "apotheke", "studio", "agentur", "verlag", "zentrum", "center", "markt", "hof",
		"shop", "laden", "salon", "klinik", "schule", "verein", "gruppe", "immobilien", "versicherungen", "beratung",
		"spedition", "transporte", "dienste", "systeme", "medien", "labor", "makler"}
	firmForms = map[string]bool{"gmbh": true, "ag": true, "kg": true, "ohg": true, "gbr": true, "ug": true, "ltd": true,
		"inc": true, "llc": true, "e.k": true, "e.k.": true, "partner": true, "co": true, "immobilien": true,
		"versicherungen": true, "spedition": true, "transporte": true, "systeme": true, "medien": true, "consulting": true,
		// the bare word before the owner's name: "Praxis Seidel", "Kanzlei Brandt"
		"praxis": true, "kanzlei": true, "büro": true, "buero": true, "klinik": true, "apotheke": true, "firma": true,
		"pflegedienst": true, "autohaus": true, "ingenieurbüro": true, "steuerbüro": true, "hotel": true, "pension": true,
		"gasthof": true, "gasthaus": true, "restaurant": true, "café": true, "cafe": true, "bäckerei": true, "metzgerei": true,
		"fahrschule": true, "notariat": true, "pfarrbüro": true, "gemeinde": true, "kirchengemeinde": true, "stiftung": true,
		"tierarztpraxis": true, "zahnarztpraxis": true, "physiotherapie": true, "friseur": true, "hostel": true}
)

func allLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return s != ""
}

// titledNameAfterRE is nameAfterRE's name in any case after a form of
// address ("frau dr. petersen hier").
var titledNameAfterRE = newLitRE(`(?i)(?:^|[.!?,]\s+|\b(?:moin|hallo|hi|hello|servus|tag|morgen|abend)\W+)((?:frau|herr|fr\.|hr\.|mrs\.?|mr\.?|ms\.?)\s+(?:(?:dr|prof)\.?\s+)?[\pL'’-]+)\s+(?:hier|speaking|here)\b`)

// nameAfterRE finds a name written before "hier" or "speaking" at the
// start of a sentence ("Nils-Ole Thiessen hier", "Tom Becker speaking",
// "Claudia Reimers ist mein Name").
var nameAfterRE = newLitRE(`(?:^|[.!?,]\s+|\b(?:moin|hallo|hi|hello|servus|tag|morgen|abend)\W+)((?:\p{Lu}[\pL'’.-]*\s+){0,2}\p{Lu}[\pL'’-]+)\s+(?:hier|speaking|here|vom|von der|von|from|bei der|aus der|aus dem|of|(?i:ist mein name|is my name))\b`)

// nameAt reads a name at the start of s: an optional title ("Frau Dr.")
// and one to three name words. It returns the name as written and whether
// one was found.
func nameAt(s string, lower bool) (string, bool) {
	// a name ends with its line: "Daniel Whitfield\nOperations Manager"
	// in a signature
	if t := strings.TrimLeft(s, " \t\r\n"); strings.IndexByte(t, '\n') > 0 {
		s = t[:strings.IndexByte(t, '\n')]
	}
	ws := strings.Fields(s)
	var out []string
	title, particles := 0, 0
	for i, w := range ws {
		clean := strings.TrimRight(w, ",;:!?)")
		stop := clean != w
		if i == len(out) && isTitle(clean) && title < 2 {
			out = append(out, clean)
			title++
			if stop {
				break
			}
			continue
		}
		// "Claudia von Berg", "Jan van der Meer": a particle between
		// name words, when a capitalised name word follows it
		afterParticle := particles > 0 && nameParticles[out[len(out)-1]]
		if !stop && len(out) > title && (nameParticles[clean] && particleBeforeName(ws[i+1:]) || afterParticle && innerParticles[clean]) {
			out = append(out, clean)
			particles++
			continue
		}
		// after a title a name may be written in lower case ("frau dr. albers")
		if !nameWord(clean, lower || title > 0) || len(out)-title-particles >= 3 || firmWord(clean) {
			break
		}
		out = append(out, clean)
		if stop {
			break
		}
	}
	if len(out) <= title {
		// a title alone is no name, except with a surname ("Herr Yilmaz")
		return "", false
	}
	return strings.TrimRight(strings.Join(out, " "), "."), true
}

// nameParticles are the lower-case words inside a surname ("von Berg",
// "van der Meer", "de Vries", "zu Salm").
var nameParticles = set(`von van de zu ter ten di da del della la le`)

// innerParticles follow a particle ("van der Meer", "von den Driesch").
var innerParticles = set(`der den de`)

// particleBeforeName reports whether the words after a particle go on
// with more particles and then one capitalised name word that ends the
// name: not a firm ("von Schneider Elektro"), a known vendor ("von
// Datev"), a department ("von der Buchhaltung") or a common word.
func particleBeforeName(ws []string) bool {
	for i, w := range ws {
		c := strings.TrimRight(w, ",;:!?).")
		if i == 0 && innerParticles[c] {
			continue
		}
		if !nameWord(c, false) || firmWord(c) || knownVendorWord(c) || departmentRE.MatchString(c) {
			return false
		}
		f := fold(c)
		if commonWords[f] || domainWords[f] || functionWords[f] {
			return false
		}
		// the name ends here: at the end, at punctuation or before a
		// word that is no name word
		if c != w || i+1 == len(ws) {
			return true
		}
		next := strings.TrimRight(ws[i+1], ",;:!?).")
		return !nameWord(next, false)
	}
	return false
}

// departmentRE is a word that names a department or an organisation's
// part rather than a surname ("Buchhaltung", "Verwaltung", "IT").
var departmentRE = newLitRE(`^(?:\p{Lu}[\pL-]*(?:ung|ion|ik|abteilung|zentrale|empfang|büro|buero|team|firma|praxis|kanzlei|institut|amt|schule|verein|verband|klinik|zentrum|werk|markt)|IT|EDV|HR|GmbH|AG)$`)

// addressedAfterRE is a person addressed right after a comma ("…, Fr. Jana
// Petersen"); group 1 starts at the form of address.
var addressedAfterRE = newLitRE(`^\s*[,:;–-]\s*((?:Fr\.|Frau|Hr\.|Herr|Herrn|Mr\.?|Mrs\.?|Ms\.?)\s+\p{Lu}.*)`)

// greetNameRE is a greeting that opens the message, two words and where
// they are from ("moin jutta behrens von der praxis …"); lowerDoctorRE a
// doctor's title before two words ("dr anke meyer selbst").
var (
	greetNameRE   = newLitRE(`(?i)^\W*(?:moin(?: moin)?|hallo|hi|hey|servus|guten (?:morgen|tag|abend))\W+([\pL'’-]+\s+[\pL'’-]+)\s+(?:von|vom|aus|bei|hier)\b`)
	lowerDoctorRE = newLitRE(`\b(?:dr|prof)\.?\s+([\pL'’-]+\s+[\pL'’-]+)\b`)
)

// findName reads a name the message announces ("ich bin Frau Dr. Albers")
// or writes next to a phone number ("Max Mustermann, 040 …").
func findName(text string, sents []span, phone [2]int) (string, bool) {
	// "Sabine Kessler hier, Assistenz … Herr Dr. Jens Albers bittet um
	// einen Rückruf": the one who asks for the call is the one to call
	if m := calleeRE.FindStringSubmatch(text); m != nil {
		if n, ok := nameAt(m[1], false); ok && len(strings.Fields(n)) == len(strings.Fields(m[1])) {
			return n, true
		}
	}
	for _, loc := range nameCueRE.FindAllStringIndex(text, -1) {
		cue := strings.ToLower(strings.TrimSpace(text[loc[0]:loc[1]]))
		lower := strings.HasPrefix(cue, "name") || strings.HasPrefix(cue, "mein name")
		if n, ok := nameAt(text[loc[1]:], lower); ok {
			// "unsere Filialleiterin Kiel, Fr. Jana Petersen": the place
			// after the role, then the person, addressed
			if rest := text[loc[1]:]; !strings.Contains(n, " ") && strings.HasPrefix(rest, n) {
				if g := addressedAfterRE.FindStringSubmatch(rest[len(n):]); g != nil {
					if m, ok := nameAt(g[1], false); ok {
						return m, true
					}
				}
			}
			// "ich bin sicher im Büro", "I'm out that day": the words after
			// a weak cue must be capitalised name words, which nameAt checks.
			return n, true
		}
		if n, ok := lowerNameAfterHier(text, cue, loc[1]); ok {
			return n, true
		}
	}
	if m := nameAfterRE.FindStringSubmatch(text); m != nil && !notNameWords(m[1]) {
		if n, ok := wholeName(m[1]); ok {
			return n, true
		}
	}
	// "hallo, frau dr. petersen hier aus der kanzlei": in lower case, the
	// form of address says it is a name
	if m := titledNameAfterRE.FindStringSubmatch(text); m != nil {
		if n, ok := nameAt(m[1], true); ok && len(strings.Fields(n)) == len(strings.Fields(m[1])) {
			return capitaliseName(n), true
		}
	}
	// "ruft lieber unsere bauleiterin an, frau aylin demir, die sitzt im
	// büro": in a message all in lower case, a form of address and one or
	// two words set apart by commas
	if strings.ToLower(text) == text {
		if m := lowerTitledNameRE.FindStringSubmatch(text); m != nil {
			if n, ok := nameAt(m[1], true); ok && len(strings.Fields(n)) == len(strings.Fields(m[1])) {
				return capitaliseName(n), true
			}
		}
	}
	// "moin jutta behrens von der praxis dr meyer, …": after a greeting
	// that opens the message, two name words and where they are from
	if m := greetNameRE.FindStringSubmatch(text); m != nil {
		if n, ok := nameAt(m[1], true); ok && len(strings.Fields(n)) == 2 {
			return capitaliseName(n), true
		}
	}
	// "… also dr anke meyer selbst auf ihrem handy 0171 …": a doctor's
	// title before first name and surname, in lower case
	if strings.ToLower(text) == text {
		for _, m := range lowerDoctorRE.FindAllStringSubmatch(text, 4) {
			if n, ok := nameAt(m[1], true); ok && len(strings.Fields(n)) == 2 {
				return "Dr. " + capitaliseName(n), true
			}
		}
	}
	// "… seit heute morgen mfg peter hansen 0176 …": a sign-off, the
	// name, the number, all in one run
	if m := signOffNameRE.FindStringSubmatch(text); m != nil {
		if n, ok := nameAt(m[1], true); ok && len(strings.Fields(n)) == len(strings.Fields(m[1])) {
			return n, true
		}
	}
	// "Guten Morgen, ich hätte gern einen Rückruf. Friederike
	// Quandt-Olbrich": a sentence of its own that is nothing but a name of
	// two or three capitalised words, beside other sentences
	if len(sents) >= 2 {
		for _, s := range sents {
			if n, ok := wholeName(s.text); ok && len(strings.Fields(n)) >= 2 && !startsWithTitleOnly(n) {
				return n, true
			}
		}
	}
	// "Rückruf bitte, Eva Brandt, es geht um den Drucker": in a request
	// for a call, a clause that is nothing but a name of two or three
	// capitalised words
	if callbackAskRE.MatchString(fold(text)) {
		for _, s := range sents {
			cs := clauses(s)
			if len(cs) < 2 {
				continue
			}
			for _, c := range cs {
				if n, ok := wholeName(c.text); ok && len(strings.Fields(n)) >= 2 && !startsWithTitleOnly(n) && !firmClause(c.text) {
					return n, true
				}
			}
		}
	}
	if phone[1] == 0 {
		return "", false
	}
	// "… zwischen 10 und 12 uhr jens kowalczyk tel 0171 …": two or three
	// name words, in any case, right before the number or its cue, after a
	// word that is surely none (a common word, a number)
	if n, ok := nameBeforePhone(text[:phone[0]]); ok {
		return n, true
	}
	// A clause of name words right before or after the phone number.
	for _, s := range sents {
		cs := clauses(s)
		for i, c := range cs {
			if c.end <= phone[0] || c.start >= phone[1] {
				continue
			}
			// c holds the phone number; look at its neighbours and at its
			// own beginning ("Anna Schmidt Tel 040 12").
			for _, j := range []int{i - 1, i + 1, i - 2} {
				if j < 0 || j >= len(cs) {
					continue
				}
				n, ok := wholeName(cs[j].text)
				role := ok && !strings.Contains(n, " ") && departmentRE.MatchString(n)
				if ok && !role {
					return n, true
				}
				if j == i-1 && !firmClause(cs[j].text) && !role {
					// ("Petra Schulz, Schulleitung, 040 …": past the role,
					// to the name before it)
					break
				}
			}
			if n, ok := nameAt(c.text, false); ok && len(strings.Fields(n)) >= 2 {
				return n, true
			}
		}
	}
	return "", false
}

// lowerNameAfterHier reads "moin, hier marco schulte, polier auf der
// baustelle" in a message written all in lower case: after "hier", a
// clause of two or three words that may all be name words is the name.
func lowerNameAfterHier(text, cue string, at int) (string, bool) {
	if strings.ToLower(text) != text || !slices.ContainsFunc(lowerNameCues, func(c string) bool { return strings.HasSuffix(cue, c) }) {
		return "", false
	}
	rest := text[at:]
	end := strings.IndexAny(rest, ",.;:!?\n")
	if end < 0 {
		end = len(rest)
	}
	words := strings.Fields(rest[:end])
	// "i am birgit hoffmann with double f …": the name ends before a word
	// that starts what follows
	for i, w := range words {
		if i >= 2 && lowerNameEnd[w] {
			words = words[:i]
			break
		}
	}
	if len(words) < 2 || len(words) > 3 {
		return "", false
	}
	end = strings.Index(rest, words[len(words)-1]) + len(words[len(words)-1])
	n, ok := nameAt(rest[:end], true)
	if !ok || len(strings.Fields(n)) != len(words) {
		return "", false
	}
	return capitaliseName(n), true
}

// lowerNameCues are the cues after which a message all in lower case may
// give a name; lowerNameEnd the words that end it.
var (
	lowerNameCues = []string{"hier", "hier ist", "i am", "i'm", "ich bin", "my name is", "my name's", "mein name ist", "this is"}
	lowerNameEnd  = map[string]bool{"with": true, "mit": true, "from": true, "von": true, "vom": true, "aus": true, "of": true,
		"my": true, "mein": true, "meine": true, "and": true, "und": true, "here": true, "speaking": true, "calling": true,
		"tel": true, "phone": true, "nummer": true, "number": true, "bei": true, "at": true}
)

// spelledRE is a word followed by its letters spelt out ("kowalczyk k o w
// a l c z y k"); spelled removes such spellings.
var spelledRE = newLitRE(`(?i)\b(\pL{2,})((?:\s+\pL\b){2,})`)

func spelled(text string) string {
	return spelledRE.ReplaceAllStringFunc(text, func(s string) string {
		g := spelledRE.FindStringSubmatch(s)
		if strings.EqualFold(strings.Join(strings.Fields(g[2]), ""), g[1]) {
			return g[1]
		}
		return s
	})
}

// wholeName accepts a clause that is nothing but a name (one to three name
// words, optionally with a title), not a firm's name.
func wholeName(c string) (string, bool) {
	c = strings.TrimSpace(strings.Trim(c, ".!"))
	for _, w := range strings.Fields(c) {
		if firmWord(strings.Trim(w, ".,")) {
			return "", false
		}
	}
	n, ok := nameAt(c, false)
	if !ok || len(strings.Fields(n)) != len(strings.Fields(c)) {
		return "", false
	}
	return n, true
}

// bareName reads a short answer to "what is your name?": one to four
// words that are all name words (lower case allowed), or a name followed
// by the firm ("Sabine Krüger, Steuerbüro Krüger & Partner").
func bareName(text string) (string, bool) {
	t := strings.TrimSpace(spelled(text))
	// "Ach so, Holger Brandes, Tischlerei Brandes": the interjection
	// before the name is no part of it
	if loc := nameInterjectionRE.FindStringIndex(t); loc != nil {
		t = t[loc[1]:]
	}
	// "sorry stress hier. Heike Brodersen, …": an apology of its own
	// before the name
	if loc := apologyLeadRE.FindStringIndex(t); loc != nil {
		t = t[loc[1]:]
	}
	if i := strings.IndexByte(t, '('); i > 0 && strings.HasSuffix(strings.TrimRight(t, " ."), ")") {
		// "Birte Hansen (Betriebsleitung)": the role in brackets after it
		t = strings.TrimSpace(t[:i])
	}
	if t == "" || strings.ContainsAny(t, "?0123456789@") {
		return "", false
	}
	first := t
	if i := strings.IndexAny(t, ",;\n/"); i >= 0 {
		first = t[:i]
	}
	// dictated punctuation: "Sarah Klein comma Klein Logistics"
	for _, sep := range []string{" comma ", " Comma ", " komma ", " Komma "} {
		if i := strings.Index(first, sep); i >= 0 {
			first = first[:i]
		}
	}
	first = strings.TrimSpace(strings.Trim(first, ".!"))
	ws := strings.Fields(first)
	if len(ws) == 0 || len(ws) > 4 {
		return "", false
	}
	n, ok := nameAt(first, true)
	if !ok || len(strings.Fields(n)) != len(ws) {
		return "", false
	}
	return capitaliseName(n), true
}

// apologyLeadRE is a short sentence of apology or haste before an answer
// ("sorry stress hier.", "Entschuldigung, bin im Stress!").
var apologyLeadRE = newLitRE(`(?i)^[^.!?\n]{0,30}\b(?:sorry|entschuldigung|entschuldige|pardon|stress|hektik|chaos|busy|hectic|moment|sekunde|one sec)\b[^.!?\n]{0,30}[.!]+\s+`)

// nameInterjectionRE is an interjection, set apart, before a name given
// as an answer ("Ach so, …", "Oh sorry – …", "Ja klar: …").
var nameInterjectionRE = newLitRE(`(?i)^(?:(?:ach so|achso|ach|ah|aha|oh|ups|hoppla|oops|sorry|pardon|ja|jo|ok|okay|klar|natürlich|stimmt|genau|right|sure|of course|yes|yeah)[\s,]*)+\s*[,:!.–-]\s*`)

// nominative writes the form of address of a name read from "rufen Sie
// bitte Herrn Brandes an" as it stands alone: "Herr Brandes".
func nominative(n string) string {
	for _, p := range [][2]string{{"Herrn ", "Herr "}, {"herrn ", "Herr "}} {
		if rest, ok := strings.CutPrefix(n, p[0]); ok && rest != "" {
			return p[1] + rest
		}
	}
	return n
}

// capitaliseName writes each word of a name with a capital letter
// ("kai lorenzen" → "Kai Lorenzen"), leaving "O'Connor" and "McKay" alone.
func capitaliseName(n string) string {
	ws := strings.Fields(n)
	for i, w := range ws {
		if !capitalised(w) {
			r := []rune(w)
			r[0] = []rune(strings.ToUpper(string(r[0])))[0]
			ws[i] = string(r)
		}
	}
	return strings.Join(ws, " ")
}

var (
	// nameFixCueRE introduces the right spelling ("also Holger Brinkmann",
	// "richtig ist Maier", "it should be Siobhan").
	nameFixCueRE = newLitRE(`(?i:\balso\b|\bd\.\s?h\.|\brichtig(?: ist| wäre| geschrieben)?\b|\bkorrekt(?: ist)?\b|\bes heißt\b|\bheißt\b|\bspelt\b|\bspelled\b|\bshould be\b|\bit'?s\b|\bcorrect(?:ly)?(?: is| spelled)?\b|\bnämlich\b)\s*:?\s*((?:\p{Lu}[\pL'’-]+)(?:\s+\p{Lu}[\pL'’-]+){0,2})`)
	// nameSpellRE is "Brinkmann ohne c", "Maier mit ai".
	nameSpellRE = newLitRE(`(\p{Lu}[\pL'’-]+)\s+(?:ohne|mit|with|without)\s+(?:\pL{1,3}|doppel-?\pL|double \pL)\b`)
	// nameNotRE is "Siobhan, not Siobahn", "Maier statt Meyer".
	nameNotRE = newLitRE(`(\p{Lu}[\pL'’-]+)\s*,?\s*(?:not|nicht|statt|instead of|anstatt)\s+\p{Lu}`)
	// nameNotCommaRE is "nicht Meier, Meyer (mit y)": a spelling said
	// after the one it replaces, when the two are alike (see readNameFix).
	nameNotCommaRE = newLitRE(`(?i:nicht|not)\s+(\p{Lu}[\pL'’-]+)\s*,\s*(\p{Lu}[\pL'’-]+)`)
	// nameNotButRE is "nicht Meyer, sondern Maier".
	nameNotButRE = newLitRE(`(?i:nicht|not)\s+\p{Lu}[\pL'’-]+\s*,?\s*(?i:sondern|but)\s+((?:\p{Lu}[\pL'’-]+)(?:\s+\p{Lu}[\pL'’-]+)?)`)
)

// readNameFix reads the corrected spelling of a name from a correction:
// the whole name or a part of it ("Brinkmann ohne c" gives "Brinkmann").
func readNameFix(text string) string {
	ok := func(n string) bool {
		for _, w := range strings.Fields(n) {
			if f := fold(w); functionWords[f] || commonWords[f] || domainWords[f] {
				return false
			}
		}
		return n != ""
	}
	for _, re := range []*litRE{nameNotButRE, nameFixCueRE} {
		ms := re.FindAllStringSubmatch(text, -1)
		for i := len(ms) - 1; i >= 0; i-- {
			if n := strings.TrimRight(ms[i][1], ".,;!?"); ok(n) {
				return n
			}
		}
	}
	if m := nameNotCommaRE.FindStringSubmatch(text); m != nil && ok(m[2]) && editDistance(strings.ToLower(m[1]), strings.ToLower(m[2])) <= 2 {
		return m[2]
	}
	for _, re := range []*litRE{nameSpellRE, nameNotRE} {
		if m := re.FindStringSubmatch(text); m != nil && ok(m[1]) {
			return m[1]
		}
	}
	return ""
}

// FixName applies a corrected spelling to name: a whole name replaces it,
// a single word replaces the word of name it is closest to.
func FixName(name, fix string) string {
	fw := strings.Fields(fix)
	nw := strings.Fields(name)
	if len(fw) != 1 || len(nw) == 0 {
		return fix
	}
	best, dist := -1, 1<<30
	for i, w := range nw {
		if d := editDistance(strings.ToLower(w), strings.ToLower(fix)); d < dist {
			best, dist = i, d
		}
	}
	if dist > len([]rune(fix))/2+1 {
		// not a spelling of any part: the last name is meant
		best = len(nw) - 1
	}
	nw[best] = fix
	return strings.Join(nw, " ")
}

// editDistance is the Levenshtein distance of a and b.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}

// NameFrom reads s as a person's name alone ("anna becker" → "Anna
// Becker"): one to four name words and nothing else. A platform's display
// name that is no such name ("IT-Abteilung", "eve 😈 <admin>") is none.
func NameFrom(s string) (string, bool) { return bareName(s) }

// phoneCueWords may stand between a name and its phone number.
var phoneCueWords = set(`tel tel. tel: tel.: telefon telefon: telefonnummer telefonnummer: nummer nummer: nr nr. nr: handy handy: mobil mobil: mobile phone phone: unter on at auf erreichbar`)

// nameLeadWords may stand right before a name written in lower case
// ("rückruf max meier 0171 …"); a noun of the domain ("mein drucker spinnt
// total tel …") may not.
var nameLeadWords = set(`rückruf rueckruf callback anruf name namen spricht sprichst heiße heisse heisst heißt bin`)

// nameBeforePhone reads a name written right before a phone number (before
// holds the text up to the number): after dropping cue words ("tel",
// "unter"), the last two or three words are name words (lower case allowed)
// and the word before them is a function word, a word such as
// "Rückruf" (nameLeadWords), a dash or holds a digit, or they start
// the text. The name comes back as written.
func nameBeforePhone(before string) (string, bool) {
	ws := strings.Fields(before)
	for len(ws) > 0 && phoneCueWords[fold(strings.Trim(ws[len(ws)-1], ",;"))] {
		ws = ws[:len(ws)-1]
	}
	if len(ws) > 0 && strings.HasSuffix(ws[len(ws)-1], ",") {
		ws[len(ws)-1] = strings.TrimSuffix(ws[len(ws)-1], ",")
	}
	var name []string
	for i := len(ws) - 1; i >= 0 && len(name) < 3; i-- {
		w := ws[i]
		if strings.ContainsAny(w, ",.;:!?") || !nameWord(w, true) || firmWord(w) || nameLeadWords[fold(w)] {
			// "hier spricht mirko lenz": the verb before a name is none of it
			break
		}
		name = append([]string{w}, name...)
	}
	if len(name) < 2 {
		return "", false
	}
	if k := len(ws) - len(name); k > 0 && !strings.ContainsAny(ws[k-1][len(ws[k-1])-1:], ".!?;:") {
		// after the end of a sentence the name starts one
		prev := strings.Trim(ws[k-1], ",;:.!?")
		if strings.ContainsFunc(prev, unicode.IsLetter) && !functionWords[fold(prev)] && !nameLeadWords[fold(prev)] && !strings.ContainsAny(prev, "0123456789") {
			return "", false
		}
	}
	return strings.Join(name, " "), true
}

// notNameWords reports words before "here" that are no name: "While I'm
// here", "Since I'm here", "Versicherungsmakler Sommer hier" (the firm).
func notNameWords(s string) bool {
	for _, w := range strings.Fields(s) {
		f := fold(strings.Trim(w, ".,"))
		if functionWords[f] || strings.ContainsAny(w, "'’") || firmWord(strings.Trim(w, ".,")) {
			return true
		}
	}
	return false
}

// startsWithTitleOnly reports a "name" that is a title and one word
// ("Herr Dr."): wholeName takes those, a sentence of its own needs more.
func startsWithTitleOnly(n string) bool {
	ws := strings.Fields(n)
	real := 0
	for _, w := range ws {
		if !isTitle(w) {
			real++
		}
	}
	return real < 2 && !(len(ws) >= 2 && isTitle(ws[0]))
}

// TidyName writes a name read all in lower case ("jens kowalczyk") with
// capitals, as a person writes it down; a name with any capital is kept as
// written ("van der Berg", "McKay").
func TidyName(n string) string {
	if n == "" || strings.ToLower(n) != n {
		return n
	}
	return capitaliseName(n)
}
