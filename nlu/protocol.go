package nlu

import (
	"strings"
	"unicode"
)

// Readings about protocols beside the commands of readProtocolCmd: a
// value replaced by another said in words ("bitte 18.12. statt 17.12.
// eintragen"), a question about a protocol's state ("ist das Protokoll
// jetzt verbindlich?", see protoStatusRE) and a question whether an oral
// agreement is enough ("am Telefon ausgemacht, reicht das?").

// replaceVal is a value of one to four words, without the punctuation
// that ends a clause (a date's dots stay).
const replaceVal = `[^\s,;!?:]+(?:\s+[^\s,;!?:]+){0,3}`

// replaceREs read "X statt Y" and its kin, tried in order: each has the
// groups x (the new value) and y (the old one). before marks the group
// that stands before the keyword and may begin with other words ("tag
// später. bitte 18.12."), of which only its end is the value.
var replaceREs = []struct {
	re     *litRE
	before string
}{
	// "nicht am 17.12., sondern am 18.12.", "not Thursday but Friday"
	{newLitRE(`(?i)(?:^|[^\pL])(?:nicht|not)\s+(?P<y>` + replaceVal + `)\s*,?\s*(?:sondern|but)\s+(?P<x>` + replaceVal + `)`), ""},
	// "ne warte, nicht bis 10, bis 11": the correction said at once
	{newLitRE(`(?i)^\W*(?:(?:ach|ne|nee|nein|no|nope|sorry|warte|wait|oh|moment|stop)\W+){1,3}(?:nicht|not)\s+(?P<y>[^,;!?]{1,40}?)\s*,\s*(?:sondern\s+|but\s+)?(?P<x>[^,;!?]{1,40}?)(?:\.\s+\pL|[,;!?]|$)`), ""},
	// "ah sorry, war 11 uhr nicht 10", "it was 11, not 10"
	{newLitRE(`(?i)^\W*(?:(?:ach|ah|oh|sorry|ne|nee|nein|no|moment|warte|wait|ups|oops)\W+){0,3}(?:es |it )?(?:war|ist|is|was|wäre)\s+(?P<x>` + replaceVal + `)\s*,?\s+(?:nicht|not)\s+(?P<y>` + replaceVal + `)`), ""},
	// "the update is on Monday, 28 December, not Thursday", "das Update ist
	// am Montag, nicht am Donnerstag"
	{newLitRE(`(?i)(?:^|[^\pL])(?:is|ist|are|sind|was|war|läuft|findet)\s+(?:on|am|at|um|auf)\s+(?P<x>\pL+,?\s+\d{1,2}\.?\s*\pL+\.?|\pL+,?\s+\d{1,2}\.\d{1,2}\.?|` + replaceVal + `)\s*,\s*(?:not|nicht)\s+(?:on\s+|am\s+)?(?P<y>` + replaceVal + `)`), ""},
	// "ersetzen Sie bitte SRV-01 durch SRV-02", "replace SRV-01 with SRV-02"
	{newLitRE(`(?i)(?:^|[^\pL])(?:ersetz\w*|austausch\w*|replace)\s+(?:sie\s+)?(?:bitte\s+|please\s+)?(?P<y>` + replaceVal + `)\s+(?:durch|gegen|with|by)\s+(?P<x>` + replaceVal + `)`), ""},
	// "bitte den 17.12. durch den 18.12. ersetzen"
	{newLitRE(`(?i)(?:^|[\s,;:(])(?P<y>` + replaceVal + `)(?:\s+bitte)?\s+(?:durch|gegen)\s+(?P<x>` + replaceVal + `)\s+(?:ersetzen|ersetzt|austauschen|tauschen)`), "y"},
	// "bitte 18.12. statt 17.12. eintragen", "10am instead of 9am"
	{newLitRE(`(?i)(?:^|[\s,;:(])(?P<x>` + replaceVal + `)\s+(?:statt|anstatt|anstelle von|anstelle|instead of|rather than)\s+(?P<y>` + replaceVal + `)`), "x"},
	// "change 17 December to 18 December", "ändern Sie bitte 9 Uhr auf 10 Uhr"
	{newLitRE(`(?i)(?:^|[^\pL])(?:change|correct|switch|änder\w*|aender\w*|korrigier\w*)\s+(?:sie\s+)?(?:bitte\s+|please\s+)?(?P<y>` + replaceVal + `)\s+(?:to|auf|in|zu)\s+(?P<x>` + replaceVal + `)`), ""},
	// "bitte 17.12. auf 18.12. ändern"
	{newLitRE(`(?i)(?:^|[\s,;:(])(?P<y>` + replaceVal + `)(?:\s+bitte)?\s+(?:auf|in)\s+(?P<x>` + replaceVal + `)\s+(?:ändern|aendern|abändern|korrigieren|umstellen)`), "y"},
	// "make it Friday, not Thursday", "es muss Raum 2 heißen, nicht Raum 1"
	{newLitRE(`(?i)(?:^|[^\pL])(?:make (?:it|that)|it should be|it'?s|should be|should read|richtig (?:ist|wäre)|korrekt (?:ist|wäre)|bitte|please)\s+(?P<x>` + replaceVal + `)\s*,?\s+(?:not|nicht)\s+(?P<y>` + replaceVal + `)`), ""},
}

// replaceStop are words that end a value read after its keyword ("statt
// 17.12. eintragen"): verbs of the request and the words around them.
var replaceStop = map[string]bool{
	"eintragen": true, "einsetzen": true, "einzutragen": true, "schreiben": true, "reinschreiben": true, "hinschreiben": true,
	"nehmen": true, "setzen": true, "ein": true, "rein": true, "bitte": true, "please": true, "im": true, "ins": true,
	"into": true, "for": true, "für": true, "und": true, "and": true, "weil": true, "because": true, "da": true, "wegen": true,
	"ändern": true, "aendern": true, "korrigieren": true, "übernehmen": true, "vermerken": true, "festhalten": true,
	"stehen": true, "heißen": true, "lauten": true, "verschieben": true, "machen": true, "ersetzen": true, "protokoll": true,
	"protocol": true, "in": true, "thanks": true, "danke": true, "as": true, "then": true, "dann": true,
}

// replaceLead are words before a value read ahead of its keyword ("bitte
// 18.12. statt …", "please put 10am instead of …"): the value starts
// after the last of them.
var replaceLead = map[string]bool{
	"bitte": true, "please": true, "dann": true, "then": true, "also": true, "ok": true, "okay": true, "doch": true,
	"einfach": true, "lieber": true, "so": true, "put": true, "write": true, "use": true, "enter": true, "make": true,
	"im": true, "ins": true, "protokoll": true, "protocol": true, "sie": true, "wir": true, "ich": true, "we": true,
	"nehmen": true, "schreiben": true, "tragen": true, "setzen": true, "machen": true, "it": true, "es": true,
}

// replaceArticle are words a value is read without ("den 17.12." is found
// as "17.12." in "am 17.12.").
var replaceArticle = map[string]bool{"der": true, "die": true, "das": true, "den": true, "dem": true, "des": true,
	"the": true, "am": true, "um": true, "on": true, "at": true, "a": true, "an": true, "ab": true, "from": true}

// replacePronoun are old values that name nothing ("change it to Friday").
var replacePronoun = map[string]bool{"it": true, "this": true, "that": true, "es": true, "das": true, "dies": true,
	"ihn": true, "sie": true, "them": true, "him": true, "her": true, "ihm": true}

// replaceWhyRE starts a question that only mentions a replacement ("warum
// muss ich statt anrufen schreiben?").
var replaceWhyRE = foldedRE(`^\W*(?:und |aber |and |but )?(?:warum|wieso|weshalb|wozu|wer|was|wie|welche\w*|why|who|what|how|which)\b`)

// readReplacement reads a value replaced by another said in words, without
// the item it belongs to: "bitte 18.12. statt 17.12. eintragen" gives To
// "18.12.", Not "17.12.". nil when the message says no such thing.
func readReplacement(m *Message) *ItemChange {
	if replaceWhyRE.MatchString(m.low) {
		return nil
	}
	for _, r := range replaceREs {
		g := r.re.FindStringSubmatch(m.Text)
		if g == nil {
			continue
		}
		x, y := g[r.re.SubexpIndex("x")], g[r.re.SubexpIndex("y")]
		if r.before == "x" {
			x = valueTail(x)
		} else {
			x = valueHead(x)
		}
		if r.before == "y" {
			y = valueTail(y)
		} else {
			y = valueHead(y)
		}
		x, y = withoutArticle(x), withoutArticle(y)
		if r.before == "x" {
			// "tag später. bitte 18.12." before "statt 17.12.": as many
			// words as the old value has
			if xs, n := strings.Fields(x), len(strings.Fields(y)); len(xs) > n && n > 0 {
				x = strings.Join(xs[len(xs)-n:], " ")
			}
		}
		if x == "" || y == "" || replacePronoun[strings.ToLower(y)] || strings.EqualFold(x, y) || itemKindWord(y) {
			// "die Entscheidung auf 9 bis 12 Uhr ändern" names the item,
			// not a value in it: that is an item's edit, read elsewhere
			continue
		}
		return &ItemChange{To: x, Not: y}
	}
	return nil
}

// valueHead is a value read after its keyword: its words up to the first
// stop word, without the full stop of a sentence.
func valueHead(s string) string {
	var out []string
	for _, w := range strings.Fields(s) {
		if replaceStop[strings.ToLower(strings.TrimRight(w, "."))] {
			break
		}
		out = append(out, w)
		if sentenceEnd(w) {
			break
		}
	}
	return trimSentenceDot(strings.Join(out, " "))
}

// valueTail is a value read ahead of its keyword: its words after the last
// lead word or the end of a sentence.
func valueTail(s string) string {
	ws := strings.Fields(s)
	start := 0
	for i, w := range ws {
		if replaceLead[strings.ToLower(strings.TrimRight(w, "."))] || sentenceEnd(w) {
			start = i + 1
		}
	}
	return trimSentenceDot(strings.Join(ws[start:], " "))
}

// withoutArticle drops a leading article or preposition ("den 17.12.").
func withoutArticle(s string) string {
	if ws := strings.Fields(s); len(ws) > 1 && replaceArticle[strings.ToLower(ws[0])] {
		return strings.Join(ws[1:], " ")
	}
	return s
}

// sentenceEnd reports a word that ends a sentence: a full stop after a
// letter ("später."), not the dot of a date or number ("17.12.").
func sentenceEnd(w string) bool {
	if !strings.HasSuffix(w, ".") || len(w) < 2 {
		return false
	}
	if strings.HasSuffix(w, "..") && len(w) > 2 {
		// "am 23.12.. Der Rest stimmt.": a date's dot and the sentence's
		return true
	}
	r := []rune(strings.TrimSuffix(w, "."))
	return unicode.IsLetter(r[len(r)-1])
}

func trimSentenceDot(s string) string {
	if sentenceEnd(s) {
		return strings.TrimSuffix(s, ".")
	}
	return s
}

// protoStatusRE asks about a protocol's state: whether it is binding now,
// whether everyone signed, who is still missing. "noch gültig?" / "still
// valid?" asks whether it is unchanged (protoVerifyRE).
var protoStatusRE = foldedRE(`\b(?:` +
	`(?:ist|wäre|is|was) (?:das |es |unser |mein |dieses |die |der |diese |unsere |meine |the |it |our |my |this )?(?:[\pL]+-?)?(?:protokoll |protocol |minutes |vereinbarung |absprache |abmachung |einigung |agreement |document |dokument )?(?:pr-\d{2}-\d{4,} )?(?:(?:von|vom|from) (?:vorhin|eben|gerade|heute|gestern|earlier|before|today) )?(?:(?:jetzt|nun|schon|endlich|damit|denn|so|also|eigentlich|now|already|finally|then|actually|fully|officially|offiziell|komplett|vollständig|wirklich|really)\s+)*(?:rechtsverbindlich|verbindlich|binding|final|(?:komplett |vollständig |fertig |von allen |von beiden |von allen beteiligten |allseits |beidseitig )?unterschrieben|(?:completely |fully )?signed(?: by (?:everyone|everybody|all|both))?|in kraft|in force)` +
	`|(?:ist|is) (?:das |es |the |it )?(?:protokoll |protocol )?(?:pr-\d{2}-\d{4,} )?(?:jetzt|nun|schon|endlich|damit|now|already|finally) (?:auch )?(?:gültig|valid)` +
	`|(?:sind|are) (?:jetzt |nun |schon |denn |now |already )?(?:alle |all (?:the )?|both )?(?:unterschriften|signatures) (?:jetzt |nun |schon |now |already )?(?:da|vorhanden|drin|komplett|vollständig|beisammen|zusammen|eingegangen|in|there|complete|done|collected)` +
	`|(?:haben|hat) (?:jetzt |nun |schon |denn |inzwischen |endlich )?(?:alle|jeder|beide|alle beteiligten|alle unterzeichner|alle parteien|jetzt alle) (?:jetzt |nun |schon |inzwischen |endlich )?(?:\w+ )?unterschrieben` +
	`|(?:has|have) (?:everyone|everybody|all (?:the )?(?:signers|parties)|both(?: parties| of us| sides)?|all of us|all|each signer) (?:now |already |finally )?signed` +
	`|(?:has|hat) (?:\pL+ ){1,2}(?:(?:it|das|es|schon|already|now|jetzt|inzwischen|yet) )*(?:signed|unterschrieben)(?: (?:it|yet|already))*\s*\?` +
	`|(?:wer|who) (?:muss|müsste|fehlt|hat|soll) noch (?:\w+ ){0,2}(?:unterschreiben|unterschrieben|unterschrift)` +
	`|(?:wer|who) (?:still|has yet|is yet|is still|hasn'?t|has not|needs still) (?:\w+ ){0,2}(?:sign|signed|to sign)` +
	`|(?:welche|wessen|which|whose) (?:\w+ )?(?:unterschriften?|signatures?) (?:\w+ ){0,2}(?:fehl\w*|missing|outstanding|ausstehend)` +
	`|(?:fehl\w*|missing|outstanding|ausstehend\w*) (?:\w+ ){0,2}(?:noch )?(?:unterschriften|signatures)` +
	`|(?:unterschriften|signatures) (?:\w+ ){0,2}(?:fehl\w*|missing|outstanding|ausstehend)` +
	`|(?:status|stand) (?:des |der |vom |von |of the |of )?(?:protokoll\w*|protocol|unterschriften|signatures)` +
	`)`)

// protoStatusNotRE: the question is about something else that can be
// binding or signed (an appointment, a callback, an offer).
var protoStatusNotRE = foldedRE(`\b(?:va-\d|cb-\d|termin\w*|appointment\w*|rückruf\w*|callback\w*|angebot\w*|offer|quote|vertrag\w*|contract\w*|auftrag\w*|order)\b`)

// readsProtocolStatus reports a question about a protocol's state.
func readsProtocolStatus(low string) bool {
	return protoStatusRE.MatchString(low) && !protoStatusNotRE.MatchString(low)
}

var (
	// oralRE: something said, not written ("mündlich", "am Telefon").
	oralRE = foldedRE(`\b(?:mündlich\w*|fernmündlich\w*|telefonisch\w*|telefoniert|telefonat\w*|am telefon|per telefon|übers telefon|über das telefon|im telefonat|per handschlag|per zuruf|auf zuruf|im gespräch|persönlich|verbal\w*|oral\w*|on the phone|over the phone|by phone|via phone|in a (?:phone )?call|on a call|by word of mouth|handshake|in person)\b`)
	// oralAgreedRE: an agreement was made.
	oralAgreedRE = foldedRE(`\b(?:ausmachen|abmachen|absprechen|vereinbaren|ausgemacht|vereinbart|abgesprochen|abgemacht|besprochen|zugesagt|zusage|absprache\w*|vereinbarung\w*|abmachung\w*|geklärt|festgelegt|verabredet|agreed|agreement|arranged|settled|promised|deal|okayed|ok'?d|cleared|sorted)\b`)
	// oralEnoughRE asks whether that is enough.
	oralEnoughRE = foldedRE(`\b(?:(?:im chat|hier) (?:\w+ ){0,2}bestätigen|(?:bestätigen|bestätigt) (?:sie|ihr|du) (?:mir |uns )?(?:das|es|kurz)|confirm (?:that|this|it)\b[^?]{0,40}\b(?:chat|record|here)|(?:for|on) the record|so (?:that )?we have it (?:on record|in writing)|reicht|reichen|genügt|genügen|ausreichend|langt|passt das|passt es|ist das (?:so |dann |für euch |für sie )*(?:ok|okay|in ordnung|gültig|verbindlich|erledigt)|geht das (?:so )?(?:in ordnung|klar)|gilt das|zählt das|(?:ok|okay) so|so (?:ok|okay)|enough|sufficient|suffice|suffices|is (?:that|this|it) (?:ok|okay|fine|valid|binding|alright|all right|good)|does (?:that|this|it) (?:count|work|do)|(?:ok|okay|fine|good) (?:for|with) you|do (?:you|we) need (?:anything|something) (?:else|more)|brauch\w* (?:ihr|sie|du) (?:noch )?(?:was|etwas|mehr))\b`)
	// oralWhyRE asks why oral agreements do not count: a question about
	// the rule, answered by the knowledge base.
	oralWhyRE = foldedRE(`\b(?:warum|wieso|weshalb|why|how come)\b`)
)

// readsOralAsk reports a question whether an agreement made orally or on
// the phone is enough.
func readsOralAsk(m *Message) bool {
	low := m.low
	return m.Question && oralRE.MatchString(low) && oralAgreedRE.MatchString(low) && oralEnoughRE.MatchString(low) &&
		!oralWhyRE.MatchString(low)
}

// itemKinds are the words that name a protocol item or field rather than
// a value in it.
var itemKinds = set(`entscheidung entscheidungen vereinbarung vereinbarungen absprache aufgabe aufgaben titel datum punkt
	teilnehmer unterzeichner decision decisions agreement agreements action actions task tasks title date item point
	attendees signers signer`)

// itemKindWord reports whether s is such a word, or "Punkt 2" / "item 2".
func itemKindWord(s string) bool {
	ws := strings.Fields(strings.ToLower(s))
	if len(ws) == 0 || len(ws) > 2 || !itemKinds[fold(ws[0])] {
		return false
	}
	return len(ws) == 1 || strings.Trim(ws[1], "0123456789.") == ""
}

// addSignerRE adds a signer in words ("bitte noch @vera als
// Unterzeichnerin hinzufügen", "@vera soll auch unterschreiben", "please
// add @sam as a signer too"); the people are the message's mentions.
var addSignerRE = foldedRE(`\b(?:(?:als|zu den|zur liste der)\s+(?:weitere[nrs]?\s+)?(?:unterzeichner\w*|unterschreibende\w*)\s+(?:\w+\s+){0,2}(?:hinzufügen|hinzu|aufnehmen|ergänzen|eintragen|dazunehmen|dazu|nehmen|setzen)|(?:soll|sollte|muss|müssen|sollen|wird|möchte|will)\s+(?:\S+\s+){0,4}(?:auch|ebenfalls|noch|mit)\s+(?:\w+\s+){0,2}(?:unterschreiben|unterzeichnen)|add\s+(?:\S+\s+){1,5}(?:as\s+(?:a\s+|another\s+|an\s+additional\s+)?(?:signer|signatory)|to\s+the\s+(?:signers|signatories|list of signers))|(?:should|must|needs? to|has to|will|is going to)\s+(?:also\s+)?sign\s+(?:\w+\s+)?(?:too|as well|also)|(?:also|too)\s+(?:needs? to|has to|must|should)\s+sign)\b`)

// protoStaysRE asks whether something stays or changes; protoObjectRE
// names the protocol or its signed form. Together, in a question, they
// ask whether a change or remark changes the protocol.
var (
	protoStaysRE  = foldedRE(`\b(?:bleibt|bleiben|unverändert|unchanged|stays?|remains?|still (?:valid|binding|stands?|applies|the same|in force)|(?:gilt|gelten) (?:\w+ ){0,3}(?:weiter|weiterhin|noch|trotzdem)|ändert (?:\w+ ){0,3}(?:etwas|was|nichts|irgendwas)|(?:does|will|would|did) (?:\w+ ){0,3}change (?:anything|something|the)|change anything|what happens (?:to|with)|was (?:passiert|geschieht) (?:dann )?mit|überschrieben|overwritten|ersetzt|replaced)\b`)
	protoObjectRE = foldedRE(`\b(?:protokoll\w*|protocol\w*|minutes|original\w*|ursprünglich\w*|unterschrieben\w*|signed)\b`)
)

// readsProtocolStays reports a question whether a change or remark
// changes the protocol ("und das ursprüngliche Protokoll bleibt so?").
func readsProtocolStays(low string) bool {
	return protoStaysRE.MatchString(low) && protoObjectRE.MatchString(low) && !protoStatusNotRE.MatchString(low) ||
		resignAskRE.MatchString(low)
}

// resignAskRE asks whether a signature given before still counts after a
// change ("Muss ich das jetzt wirklich noch einmal unterschreiben? Gilt
// meine erste Unterschrift denn nicht mehr?").
var resignAskRE = foldedRE(`\b(?:muss|soll|müssen|sollen) (?:ich|wir) (?:\w+ ){0,4}(?:noch ?mal|nochmal|noch einmal|erneut|wieder|ein zweites mal) (?:\w+ )?(?:unterschreiben|unterzeichnen|signieren)|\bgilt (?:meine|unsere|die) (?:\w+ )?unterschrift (?:\w+ ){0,3}nicht mehr|\b(?:do|must|should) (?:i|we) (?:\w+ ){0,2}sign (?:it |this |that )?again|\b(?:does|is) my (?:\w+ )?signature (?:\w+ ){0,2}(?:still )?(?:count|valid|stand)`)
