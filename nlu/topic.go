package nlu

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

var (
	// topicCueRE introduces the topic of a callback: "es geht um …",
	// "wegen …", "about …", "Thema ist …"; also negated ("es geht nicht
	// um X, sondern Y", "it's not about X but Y"), where the topic is what
	// follows "sondern" or "but" (negCueRE).
	topicCueRE = foldedRE(`(?:\b(?:ich )?(?:möchte|würde|will|wollte|would like to|want to|wanted to)\s+(?:\w+\s+){0,3}(?:besprechen|klären|abklären|bereden|durchsprechen|discuss|talk about|clarify|check)\s*,?\s*(?:ob|wie|wann|warum|whether|how|if)\b|\bes soll (?:\w+ ){0,2}(?:um|ums)\b|^\W*re\s+|\b(?:callback|call|call-back|call back|rückruf|anruf)\s+re\s+|\b(?:es )?geht (?:es )?darum,? (?:dass|das)\b|\b(?:es )?geht (?:es )?(?:\w+ )?nicht (?:um|ums)\b|\b(?:it'?s|its|it is|this is) not about\b|\bes geht (?:dabei |eigentlich |eher |vielmehr |doch )?um\b|\bgeht'?s (?:dabei |eigentlich |eher |doch )?(?:um|ums)\b|\bgeht (?:es )?(?:eigentlich |eher |vielmehr |doch )?um\b|\bworum es geht:|\bwegen\b|\bwg\b\.?|\b(?:rückruf|anruf)(?:wunsch)?\s+(?:zum|zur|zu|zwecks)\b|\bbezüglich\b|\bbzgl\.?|\bbetreffend\b|\bbetreff\b:?|\bbetr\.:?|\bzum thema\b|\bthema(?:\s*:|\s+(?:ist|wäre|lautet)(?:\s+(?:eigentlich|doch|eher|vielmehr))?\b|\b)|\banliegen\b\s*:|\bit'?s about\b|\bits about\b|\bit is about\b|\bthis is about\b|\bregarding\b|\bre:|\bconcerning\b|\b(?:it|this|that|the call|my request) (?:concerns|relates to|is regarding)\b|\babout\b|\btopic(?:\s*:|\s+is(?:\s+(?:actually|really|rather))?\b|\b)|\bsubject\b\s*:|\bin sachen\b|\bfür eine beratung zu\b|\bberaten zu\b)\s*`)
	// callbackAskRE is the request for a call itself; what remains of a
	// first message besides it may be the topic.
	callbackAskRE = foldedRE(`\b(?:rückruf\w*|callback(?:en|t)?|call ?back|zurück ?(?:zu)?rufen|zurückruf\w*|ruf(?:en|t|e)? (?:sie |ihr |du )?(?:mich|uns) (?:bitte |mal |kurz |doch |gleich |sofort )*(?:zurück|an)|anrufen|kontaktieren|melden sie sich|meldet euch|call (?:me|us) back|ring (?:me|us) back|call me|call us|ring me|give me a (?:ring|call)|give us a (?:ring|call)|phone me|ring (?:me|us)|get back to me|reach out to me|contact me)\b`)
	// pleasantryRE matches clauses that carry no topic.
	// sameContactRE is a clause that only points at contact details given
	// before ("same number", "gleiche Nummer"): no topic.
	sameContactRE = foldedRE(`^(?:(?:and |und )?(?:the |at the |on the )?same (?:number|phone(?: number)?|details|contact|as before)|(?:and |und )?(?:die |unter der |auf der )?(?:gleiche|selbe|dieselbe|gleichen|selben) (?:nummer|telefonnummer|rufnummer|handynummer)|(?:nummer|telefon|telefonnummer) wie (?:gehabt|vorher|eben|oben|bekannt)|wie gehabt)$`)
	pleasantryRE  = foldedRE(`^(?:(?:hallo|hi|hey|hello|moin|moin moin|servus|guten (?:morgen|tag|abend)|good (?:morning|afternoon|evening))(?: (?:zusammen|allerseits|alle|leute|ihr|ihr lieben|team|all|everyone|everybody|there|folks|guys))?|liebe[sr]? (?:support-?)?team|dear (?:support )?team|sehr geehrte (?:damen und herren|frau \w+|herr \w+)|sehr geehrter (?:herr \w+)|dear sirs?(?: or madam)?|dear sir/madam|to whom it may concern|ich erlaube mir|(?:eine |kurze )?frage vorweg|vorab (?:eine |kurze )?frage|(?:eine |kurze )?frage vorab|(?:a )?quick question first|first (?:a )?(?:quick )?question|(?:ich )?(?:wende|melde) mich (?:heute )?(?:mit (?:einer|folgender) (?:bitte|frage|anliegen) )?an sie|(?:da|weil) ich (?:mit (?:diesen|solchen|den) dingen )?(?:leider )?(?:wenig|nicht|kaum) (?:vertraut|bewandert) bin|danke|vielen dank|danke schön|thanks|thank you|thx|cheers|bitte|please|ok|okay|ja|yes|notfall|dringend|urgent|emergency|eilt|sos|hilfe|help|grüße|gruß|lg|vg|mfg|best|regards|kurze frage|quick question|quick one)$`)
)

var (
	// problemRE finds a clause that describes a problem or a wish: the
	// topic of a call.
	problemRE = foldedRE(`\b(?:(?:internet|netz|netzwerk|wlan|wifi|verbindung|leitung|dsl|vpn|server|mails?|e-mails?|drucker|telefone?|telefonanlage|daten|dateien|laufwerk)\s+(?:\w+\s+)?(?:weg|tot|down|futsch)\b|abgesichert\w* modus|safe mode|seit (?:dem|der) (?:letzten )?(?:update|aktualisierung|umstellung)|since (?:the|last) (?:update|upgrade)|geht nicht|gehen nicht|geht nichts|(?:geht|gehen|läuft|laufen) (?:\w+ ){1,3}nicht\b|kommt (?:keiner|niemand) (?:mehr )?(?:an|rein|drauf)|kann (?:ich|man|keiner) (?:\w+ ){0,3}nicht (?:mehr )?(?:drucken|ausdrucken|öffnen|speichern|anmelden|einloggen|aufrufen)|(?:keeps )?losing (?:its |the |our )?(?:\w+ )?connection|funktioniert nicht|funktionieren nicht|klappt nicht|startet nicht|(?:startet|geht|laeuft|funktioniert|klappt|druckt) nich\b|nich mehr|bluescreen|blue ?screen|bsod|läuft nicht|druckt nicht|nicht mehr|nur noch|spinnt|spinnen|zickt|zicken|streikt|streiken|hakt|ständig|dauernd|immer wieder|keeps (?:dropping|crashing|freezing|failing|disconnecting)|(?:bricht|fällt|stürzt|schmiert|hängt)(?:\s+[^\s,.;!?]+){0,7}\s+(?:ab|aus)\b|only (?:prints|works|shows|loads|opens|prints half)|keine [\w-]+ mehr|kein [\w-]+ mehr|fehler\w*|error\w*|kaputt|defekt|abgestürzt|schl(?:agen|ägt) (?:[\w-]+ ){0,6}fehl|fehlgeschlagen|ist tot|sind tot|is dead|are dead|riecht\w* verbrannt|verbrannt|qualmt|raucht|burning smell|smells? burnt|piept|piepst|pieptöne|piepton|bleibt (?:\w+ )?(?:schwarz|dunkel|hängen|stehen)|beeps?|beeping|stürzt|bricht ab|abbricht|hängt|langsam|ausgefallen|ausfall|down|gesperrt|vergessen|verloren|gelöscht|problem\w*|störung\w*|meldung|brauche[n]? hilfe|frage zu|fragen zu|angebot|beratung|beraten|einrichten|einrichtung|umstellen|umzug|not working|doesn'?t work|don'?t work|isn'?t working|aren'?t|won'?t|can'?t|cannot|broken|crash\w*|fail\w*|stopped|stuck|slow|locked|lost|deleted|issue\w*|trouble|dropping|drops out|disconnect\w*|gone|missing|disappeared|vanished|verschwunden|ist weg|sind weg|nicht mehr da|no access|kein zugriff|keinen zugriff|unreachable|nicht erreichbar|quote|advice|set up|setup|install\w*|need help|help with|question about|zero clue|no clue|no idea|keine ahnung|not sure (?:what|how|which)|what we need|was wir brauchen)\b`)
	// aboutMeRE finds clauses about the writer, not the topic: "ich bin
	// unterwegs", "I'm travelling".
	aboutMeRE = foldedRE(`^(?:ich bin|ich war|wir sind|i'?m|i am|we are|we'?re)\b`)
	// myRoleRE says what the writer does: "ich leite den Nachtdienst".
	myRoleRE = foldedRE(`^(?:ich leite|ich führe|ich mache hier|i run|i manage|i head|(?:hallo|hi|hello|moin|guten (?:tag|morgen))?\W*(?:hier (?:ist|spricht)|mein name ist|my name is) \pL|ich versteh\w* (?:\w+ ){0,5}(?:nix|nichts|kein wort)|i (?:don'?t|do not) understand (?:\w+ ){0,4}(?:technical|tech|computer))`)
	// availRE says when the writer can be reached, not what about:
	// "tagsüber schlaf ich meistens", "ich bin ab 20 Uhr im Dienst".
	availRE = foldedRE(`^(?:(?:denn|weil|because|since|as|tagsüber|nachts|abends|morgens|vormittags|nachmittags|meistens|sonst|da|dann|unter der woche|werktags|wochentags|during the week|on weekdays|danach|vorher|ab dann|after that|afterwards)\s+)*(?:(?:ist|hab(?:e|en)?|haben) (?:bei uns |ich |wir )?(?:\w+ )?(?:mittagspause|pause|mittag|feierabend|zeit|luft|ruhe)\b|(?:it'?s|is|we have|i have) (?:our |my )?(?:lunch ?break|lunch|break|quiet time|free time)\b|schlaf\w*|ich (?:schlaf\w*|bin (?:\w+ ){0,3}(?:im dienst|wach|erreichbar|unterwegs|nicht da|im büro|auf arbeit|auf tour|beim kunden|im termin|auf der straße|auf achse|im unterricht|im einsatz|im außendienst))|bin ich (?:\w+ ){0,4}(?:im dienst|wach|erreichbar|unterwegs|nicht da|im büro|auf tour|beim kunden|im termin|auf der straße|auf achse|im unterricht|im einsatz|im außendienst)|i'?m (?:\w+ ){0,2}(?:asleep|on shift|at work|available|reachable|around|off duty|on duty|on the road))\b`)
	// roleRE says who the person to call is rather than what about: "die
	// kümmert sich bei uns um die EDV", "(nicht für mich)", "who looks
	// after our IT".
	roleRE = foldedRE(`^(?:(?:die|der|sie|er|who|she|he)\s+(?:ku(?:e)?mmert sich|ist (?:bei uns |hier )?(?:fu(?:e)?r|zusta(?:e)?ndig|verantwortlich)|macht bei uns|betreut bei uns|looks after|handles|is in charge|takes care|does (?:our|the|all))|nicht fu(?:e)?r mich|not for me|not me)\b`)
)

// dayNotRE says a day does not suit ("Heute klappt nicht mehr", "today
// doesn't work").
var dayNotRE = newLitRE(`^(?:heute|morgen|today|tomorrow|vormittags|nachmittags) (?:klappt|geht|passt|works?|suits?|doesn'?t work)(?: es| das| bei mir)?(?: (?:nicht|nich|net|not|no longer)(?: mehr)?)?$`)

// oftenRE is how often the writer is away ("bin ich ständig unterwegs"),
// in folded text; beside availRE it tells no problem.
var oftenRE = newLitRE(`\b(?:staendig|immer|dauernd|oft|meistens|always|constantly|usually|mostly)\b`)

// aboutWhoRE reports a clause f (folded) that says who the writer or the
// person to call is, or when they can be reached, and tells no problem.
func aboutWhoRE(f string) bool {
	// a long clause goes on to something else: "I run the bike shop on
	// Osterstraße and the PC at our till keeps losing its connection"
	if dayNotRE.MatchString(f) {
		// "Heute klappt nicht mehr": when not, no problem
		return true
	}
	n := len(strings.Fields(f))
	return (myRoleRE.MatchString(f) || roleRE.MatchString(f)) && n <= 10 && !problemRE.MatchString(f) ||
		availRE.MatchString(f) && n <= 13 && !problemRE.MatchString(oftenRE.ReplaceAllString(f, ""))
}

// firmClause reports a clause that is a firm's name ("Tierarztpraxis am
// Wiesendamm", "Autoteile Thiessen in Pinneberg", "Zimmerei Feddersen").
func firmClause(c string) bool {
	ws := strings.Fields(c)
	if len(ws) == 0 || len(ws) > 5 || problemRE.MatchString(fold(c)) {
		return false
	}
	caps := 0
	for _, w := range ws {
		w = strings.Trim(w, ".,;:()")
		if firmWord(w) {
			return true
		}
		if capitalised(w) {
			caps++
		}
	}
	// "Autoteile Thiessen in Pinneberg": capitalised words but for a
	// preposition
	return caps >= 2 && caps >= len(ws)-1 && len(ws) >= 3
}

// topicOf reads the topic of a callback request. explicit reports that a
// cue announced it ("es geht um …"); otherwise it is what remains of the
// message besides the request, greetings, the name, the number and the
// time. others are the byte ranges of those values.
func topicOf(text string, sents []span, others [][]int) (topic string, explicit bool) {
	topic, explicit = topicOfAll(text, sents, others)
	if anaphorOnly(topic) {
		// "rufen Sie mich genau deswegen zurück", "call me back to talk
		// that through": the topic is the conversation's (RefersBack)
		return "", false
	}
	return topic, explicit
}

var (
	// anaphorRE points back at what was talked about: "genau deswegen",
	// "darüber", "um das zu besprechen", "about that", "talk it through".
	anaphorRE = foldedRE(`\b(?:genau|eben|gerade|just|exactly|precisely) (?:das|dies|dem|darum|that|this|it)\b|^\W*(?:about\s+)?(?:das|dies|that|this|it)\s+(?:instead|stattdessen|dafür|too|also|auch)\W*$|\b(?:(?:genau|eben|gerade|just|exactly) )?(?:deswegen|deshalb|dazu|darüber|drüber|diesbezüglich|dahingehend|genau darum|(?:um )?(?:das|dies|es) (?:mal )?(?:zu )?(?:besprechen|klären|durchsprechen|bereden)|(?:about|regarding|concerning|over|on) (?:exactly |just |precisely )?(?:it|this|that|these|those)|(?:talk|go|run|walk) (?:it|this|that) (?:through|over)|(?:talk|go|run|walk) (?:through|over) (?:it|this|that)|discuss (?:it|this|that)|(?:check|clarify|look into|sort out|go over) (?:it|this|that)|(?:um )?(?:das|dies|es) (?:mal )?(?:zu )?(?:prüfen|checken|nachzusehen|nachschauen)|(?:talk|speak) about (?:it|this|that))\b`)
	// anaphorFillerRE are the words of a request for a call that name
	// nothing besides the anaphor.
	anaphorFillerRE = foldedRE(`\b(?:rufen|ruft|ruf|zurück|zurückrufen|anrufen|mal|kurz|bitte|please|dann|gut|ok|okay|somebody|someone|jemand|could|can|would|call|back|me|us|mich|uns|sie|ihr|to|um|zu|genau|just|exactly|eben|gerade|so|also|nochmal|again|i'd|i|like|want|need|a|an|gern|gerne|hätte|einen)\b`)
)

// anaphorOnly reports a topic that only points back ("genau deswegen",
// "talk that through").
func anaphorOnly(t string) bool {
	f := fold(t)
	if t == "" || !anaphorRE.MatchString(f) {
		return false
	}
	rest := anaphorRE.ReplaceAllString(f, " ")
	rest = callbackAskRE.ReplaceAllString(rest, " ")
	rest = anaphorFillerRE.ReplaceAllString(rest, " ")
	return len(contentWords(rest)) == 0
}

// sameTopicRE names the topic of what came before: "zum selben Thema wie
// eben", "about the same thing as before".
var sameTopicRE = foldedRE(`\b(?:zum|zu dem|zum gleichen|zum selben|zu demselben|zum selbigen) (?:selben |gleichen )?thema(?: wie (?:eben|vorhin|gerade|zuvor|oben))?|\b(?:about|on|regarding) the same (?:topic|thing|matter|issue|subject)(?: as (?:before|earlier|just now|above))?`)

// SameTopic reports a message that asks about the same topic as what came
// before ("zum selben Thema wie eben").
func SameTopic(text string) bool { return sameTopicRE.MatchString(fold(text)) }

// RefersBack reports a message that asks about "this", "that",
// "deswegen", "darüber": a callback asked so takes its topic from the
// conversation, not from these words.
func RefersBack(text string) bool { return anaphorRE.MatchString(fold(text)) }

var (
	// coverageAskRE is a sentence that asks about the contract itself
	// ("Ist der Tausch durch unseren Vertrag abgedeckt?").
	coverageAskRE = foldedRE(`\b(?:vertrag\w*|abgedeckt|inklusive|inbegriffen|enthalten|contract|covered|included|cover)\b`)
)

// QuestionTopic is what a question was about, in the client's words: the
// sentences beside the one that asks about the contract ("Bei uns ist
// eine Festplatte ausgefallen. Ist der Tausch abgedeckt?" → "im Server
// eine Festplatte ausgefallen …"), or "" when nothing but the contract is
// asked. A callback asked "about that" after the answer takes it.
func QuestionTopic(text string) string {
	sents := sentences(text)
	var keep []string
	for _, s := range sents {
		if !coverageAskRE.MatchString(fold(s.text)) {
			keep = append(keep, strings.TrimSpace(s.text))
		}
	}
	if len(keep) == 0 {
		// "Does our contract include the online backup of our file
		// server?": the question's own object, without the contract
		return askedObject(strings.TrimSpace(text))
	}
	rest := strings.Join(keep, " ")
	t, _ := topicOf(rest, sentences(rest), nil)
	return t
}

// askLeadRE and askTailRE are the words around the object of a question
// about the contract: "Does our contract include …", "Ist … im Vertrag
// enthalten?", "Is … part of our contract?".
var (
	askLeadRE = newLitRE(`(?i)^\W*(?:(?:hi|hallo|hello|moin|guten tag|good morning)\W+)?(?:(?:quick one|quick question(?: before i forget)?|kurze frage|frage(?: vorweg)?|eine frage vorweg)\W+)?(?:(?:does|do|is|are|ist|sind|gehört|gehören|fällt|fallen|zählt|zählen|wäre|waere)\s+)?(?:(?:our|the|your|unser\w*|der|euer|eurer|ihr)\s+)?(?:(?:managed[- ]service\s+)?(?:contract|vertrag|deal|plan)\s+)?(?:(?:include|includes|cover|covers|umfasst|beinhaltet)\s+)?`)
	askTailRE = newLitRE(`(?i)[\s,]*(?:(?:also\s+|auch\s+)?(?:part of|covered by|included in|in|unter|zu)\s+(?:our|the|your|unse\w+|den|dem|ihrem|eurem)\s+(?:managed[- ]services?\s+)?(?:contract|deal|plan|vertrag\w*|leistungen)|(?:mit\s+)?im\s+(?:rahmen\s+(?:des|unseres|eures)\s+)?vertrag\w*|(?:vom|durch den|durch unseren)\s+vertrag)?(?:\s+(?:mit\s+)?(?:enthalten|abgedeckt|inklusive|inbegriffen|drin|included|covered))?\s*[?.!]*\s*$`)
	// askOrExtraRE is ", or do you charge extra for it?" after the question.
	askOrExtraRE = newLitRE(`(?i)\s*,?\s*(?:or|oder)\s+(?:do you charge (?:extra|separately)(?: for (?:it|that))?|is (?:it|that) (?:extra|billed separately)|(?:kostet|ist) das extra|wird das (?:extra|gesondert) berechnet)\s*[?.!]*\s*$`)
)

// askedObject is what a question about the contract asks about, without
// the words about the contract; "" when nothing is left.
func askedObject(q string) string {
	t := askLeadRE.ReplaceAllString(q, "")
	if strings.Contains(t, "extra") || strings.Contains(t, "separately") || strings.Contains(t, "gesondert") {
		t = askOrExtraRE.ReplaceAllString(t, "?")
	}
	t = askTailRE.ReplaceAllString(t, "")
	t = askBackRE.ReplaceAllString(t, "")
	t = strings.Trim(stripArticle(strings.TrimSpace(t)), " ,.?!")
	// only a question of that form gives its object; what is left must
	// be a thing, not more words about the contract
	if len(contentWords(t)) == 0 || len(t) == len(strings.Trim(q, " ?.!")) || coverageAskRE.MatchString(fold(t)) || len(t) > 80 {
		return ""
	}
	return t
}

// askBackRE is a question's tail that points back at its object ("…, is
// that", "…, ist das").
var askBackRE = newLitRE(`(?i)[\s,]+(?:is|are|ist|sind|wäre|would)\s+(?:that|this|it|das|dies|es)(?:\s+(?:also|auch|then|dann))?\s*[?.!]*\s*$`)

// bothRE is a topic that only gathers what was told before ("wegen
// beidem", "about both", "wegen alledem").
var bothRE = foldedRE(`^\W*(?:beidem|beides|beide sachen|beide themen|beide probleme|alledem|allem|all dem|both|both of them|both issues|both things|all of (?:this|that|it)|all that)\W*$`)

// topicOfAll is topicOf before an anaphor is set aside.
func topicOfAll(text string, sents []span, others [][]int) (topic string, explicit bool) {
	if m := meantRE.FindStringSubmatch(text); m != nil {
		// "ne warte, der scanner meinte ich", "sorry, I meant the scanner":
		// the thing meant instead of what was said
		if t := clipTopic(m[1]+m[2], 0, nil); t != "" {
			return t, true
		}
	}
	low := fold(text)
	if loc := leadNotRE.FindStringSubmatchIndex(low); loc != nil {
		// "nee, nicht Outlook, sondern der Scanner …" as the whole answer
		if t := notButTopic(text, originalOffset(text, loc[2])); t != "" {
			return t, true
		}
	}
	if loc := topicCue(low); loc != nil {
		// fold keeps offsets only for text without umlauts; find the cue
		// in the original by its folded offsets where they agree.
		if start := originalOffset(text, loc[1]); start >= 0 {
			// "es geht nicht ums Postfach, sondern dass …": what follows
			// "sondern" is the topic, however many clauses it takes
			from := start
			negated := negCueRE.MatchString(low[loc[0]:loc[1]])
			if negated {
				from = originalOffset(text, loc[0])
			}
			if t := notButTopic(text, from); t != "" {
				return t, true
			}
			if negated {
				// "es geht nicht um Outlook" alone names no topic
				return "", false
			}
			t := refineTopic(clipTopic(text, start, others))
			switch {
			case t == "" || bothRE.MatchString(fold(t)):
				// "Bitte um Rückruf wegen beidem": the topics are the ones
				// told before, read below
			case anaphorOnly(t):
				// "the shared drive S: is slow … can I get a call about that
				// instead?": the problem told before in the message, if it
				// tells one; else the anaphor, for the conversation's topic
				if p, problem := implicitTopic(text, sents, others); problem {
					return p, false
				}
				return t, true
			default:
				return t, true
			}
		}
	}
	t, _ := implicitTopic(text, sents, others)
	return t, false
}

// topicCue finds the first cue of a topic in low, passing over "about"
// before a number ("down since about 9" says when, not what about).
func topicCue(low string) []int {
	for _, loc := range topicCueRE.FindAllStringIndex(low, -1) {
		if w := lastWord(low[loc[0]:loc[1]]); askWords[w] {
			// "ich möchte besprechen, ob wir …": the topic keeps its "ob"
			loc = []int{loc[0], loc[0] + strings.LastIndex(low[loc[0]:loc[1]], w)}
		}
		if rest := strings.TrimLeft(low[loc[1]:], " "); strings.HasSuffix(strings.TrimSpace(low[loc[0]:loc[1]]), "about") &&
			rest != "" && rest[0] >= '0' && rest[0] <= '9' {
			continue
		}
		return loc
	}
	return nil
}

// askWords start the indirect question a topic cue ends with ("besprechen,
// ob …"): they belong to the topic.
var askWords = map[string]bool{"ob": true, "wie": true, "wann": true, "warum": true, "whether": true, "how": true, "if": true}

// lastWord is the last word of s.
func lastWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}

// implicitTopic is the topic of a message that names it without a cue:
// the clauses that describe a problem, else what remains besides the
// request, greetings, the name, the number; problem reports the former.
func implicitTopic(text string, sents []span, others [][]int) (topic string, problem bool) {
	var parts, problems []string
	fallback := fallbackRE.MatchString(text)
	for _, s := range sents {
		if fallback && fallbackRE.MatchString(s.text) && !problemRE.MatchString(fold(s.text)) {
			// "Falls bei Ihnen dann schon Feierabend ist, dann …": when,
			// not what about
			continue
		}
		cs := clauses(s)
		for j, c := range cs {
			if overlapsAny(c, others) {
				// a run-on clause that also holds the name or the number
				// keeps its words about the problem
				c = withoutRanges(c, others)
				if !problemRE.MatchString(fold(c.text)) || len(contentWords(c.text)) < 3 {
					continue
				}
			}
			// the clause folded once for the patterns below
			fc := remember(fold(c.text))
			if callbackAskRE.MatchString(fc) && len(contentWords(c.text)) < 4 {
				continue
			}
			ct, fct := strings.TrimSpace(c.text), fc
			if ct != c.text {
				fct = remember(fold(ct))
			}
			f := strings.Trim(fct, " .!?")
			if pleasantryRE.MatchString(f) || aboutMeRE.MatchString(f) && !problemRE.MatchString(f) || aboutWhoRE(f) || sameContactRE.MatchString(f) || firmClause(ct) {
				continue
			}
			if _, ok := wholeName(ct); ok {
				continue
			}
			if callbackAskRE.MatchString(fct) {
				ct = stripCallbackAsk(ct)
				fct = fold(ct)
			}
			if len(contentWords(ct)) == 0 {
				continue
			}
			if trimmed := strings.TrimLeft(ct, "0123456789.) "); trimmed != ct {
				ct, fct = trimmed, fold(trimmed)
			}
			parts = append(parts, ct)
			if problemRE.MatchString(fct) {
				problems = append(problems, withBracketedSubject(text, cs, j, ct))
			}
		}
	}
	if len(problems) > 0 {
		parts = problems
	}
	t := refineTopic(strings.Join(parts, ", "))
	if len(contentWords(t)) < 2 {
		return "", false
	}
	return trimValue(t, 200), len(problems) > 0
}

// driveLetterEnd reports a clause that ends in a drive letter ("the shared
// drive S", before "S:").
func driveLetterEnd(c string) bool {
	n := len(c)
	return n >= 2 && c[n-2] == ' ' && c[n-1] >= 'A' && c[n-1] <= 'Z'
}

// withBracketedSubject returns the problem clause ct (cs[j]) with its
// subject when a bracket or a drive letter's colon cut them apart: "Our
// tax software (DATEV) keeps asking for a new certificate", "the shared
// drive S: has been slow" are one topic, not "keeps asking …".
func withBracketedSubject(text string, cs []span, j int, ct string) string {
	r, _ := utf8.DecodeRuneInString(ct)
	if !unicode.IsLower(r) {
		return ct
	}
	if j >= 2 && relClauseRE.MatchString(strings.TrimSpace(cs[j-1].text)) && strings.HasSuffix(text[:cs[j].end], ct) {
		// "Unser Computer im Schulungsraum, mit dem wir den Unterricht
		// zeigen, gibt seit gestern Pieptöne von sich": the subject before
		// the relative clause
		if subj := strings.TrimSpace(cs[j-2].text); len(strings.Fields(subj)) <= 6 && !problemRE.MatchString(fold(subj)) {
			return subj + " " + ct
		}
	}
	from := -1
	for k := j - 1; k >= 0 && k >= j-2; k-- {
		gap := text[cs[k].end:cs[k+1].start]
		if !strings.ContainsAny(gap, "()") && !(strings.Contains(gap, ":") && driveLetterEnd(cs[k].text)) {
			break
		}
		from = cs[k].start
	}
	if from < 0 || !strings.HasSuffix(text[:cs[j].end], ct) {
		return ct
	}
	return strings.Join(strings.Fields(text[from:cs[j].end]), " ")
}

// goVerbRE is the verb that ends "es soll um … gehen".
var goVerbRE = newLitRE(`\s+gehen(\s*[,;.]|\s*$)`)

// relClauseRE opens a relative clause ("mit dem wir …", "die wir …",
// "which we use …").
var relClauseRE = newLitRE(`(?i)^(?:(?:mit|in|an|auf|bei|von|über|unter|für|from|on|in|with)\s+)?(?:dem|der|die|das|den|denen|deren|dessen|welche[mnrs]?|which|who|that|where|wo)\s`)

var (
	// topicLeadRE is a lead-in before a topic told more precisely, or the
	// "dass" of a reported problem ("…, dass das WLAN immer wieder abbricht").
	topicLeadRE = newLitRE(`(?i)^\W*(?:dass|daß)\s+|^\W*(?:(?:noch ?mal|nochmals|etwas|ein bisschen)?\s*genauer(?: gesagt)?|präziser|konkret(?:er)?|more precisely|to be (?:more )?(?:exact|precise)|precisely|in detail)\s*[:,–-]?\s*`)
	// notButRE is "nicht X, sondern Y": the topic is Y.
	notButRE = newLitRE(`(?i)\b(?:es geht |it'?s |it is )?(?:nicht|not)\s+(?:um(?:s| das| den| die)?\s+|about\s+|the\s+)?[^,;]{1,60}?,?\s+(?:sondern|but(?: rather)?|rather)\s+(?:(?:darum|um|ums|about),?\s+)?(?:(?:dass|daß|that)\s+)?(.{8,})$`)
	// negCueRE tells a negated topic cue ("es geht nicht um").
	negCueRE = foldedRE(`\b(?:nicht|not)\b`)
	// leadNotRE is a message that opens with "nicht" or "not", after at
	// most a few interjections ("nee, nicht Outlook, sondern …"); group 1
	// is where the negation starts.
	leadNotRE = foldedRE(`^\W*(?:(?:ach|oh|äh|ah|nein|nee|ne|nö|no|nope|sorry|also|so|hm+)\W+){0,3}((?:nicht|not)\s)`)
)

// meantRE is a message that only says what was meant instead: "ne warte,
// der scanner meinte ich", "ich meinte den Scanner", "sorry, I meant the
// scanner". The thing is short and asks nothing.
var meantRE = newLitRE(`(?i)^\W*(?:(?:ach|oh|äh|ah|nein|nee|ne|nö|no|nope|sorry|sry|warte|wait|moment|stop|halt|also|ups|oops|hoppla|korrektur|correction)\W+){0,3}(?:([^?!.,;:]{2,60}?)\s+(?:meinte ich|hab(?:e)? ich gemeint|war gemeint|is what i meant)(?:\s+(?:natürlich|eigentlich|doch|damit|actually))?|(?:ich meinte|meinte|i meant|gemeint war)\s+(?:natürlich\s+|eigentlich\s+|doch\s+|actually\s+)?([^?!.,;:]{2,60}?))\W*$`)

// notButTopic is Y of "nicht X, sondern Y" in the sentence of text that
// starts at from, or "" when there is none.
func notButTopic(text string, from int) string {
	if from < 0 {
		return ""
	}
	m := notButRE.FindStringSubmatch(sentenceFrom(text, from))
	if m == nil {
		return ""
	}
	return clipTopic(m[1], 0, nil)
}

// sentenceFrom is text from start to the end of its sentence.
func sentenceFrom(text string, start int) string {
	for _, s := range sentences(text) {
		if s.start <= start && start < s.end+1 {
			return text[start:s.end]
		}
	}
	return text[start:]
}

// topicFillerTailRE is a filler word at the end of a topic: "the laptop
// then", "den Drucker dann bitte".
var topicFillerTailRE = newLitRE(`(?i)(?:\s+(?:then|dann|please|pls|bitte|mal|eben|doch))+\s*$`)

// refineTopic keeps what a corrected topic says it is ("nochmal genauer: es
// geht nicht ums Postfach, sondern dass die Weiterleitung …").
func refineTopic(t string) string {
	t = topicLeadRE.ReplaceAllString(t, "")
	// "about the laptop then": the filler after it is no part of it
	t = topicFillerTailRE.ReplaceAllString(t, "")
	// "Es soll stattdessen um die Synchronisation der Tablets gehen, …"
	t = goVerbRE.ReplaceAllString(t, "$1")
	if m := notButRE.FindStringSubmatch(t); m != nil {
		t = m[1]
	}
	// "newsletter-mails 🙏": the emoji after it is no part of the topic
	return strings.TrimRightFunc(strings.TrimSpace(t), func(r rune) bool {
		return unicode.Is(unicode.So, r) || unicode.Is(unicode.Sk, r) || r == '\ufe0f' || r == '\u200d' || unicode.IsSpace(r)
	})
}

// clipTopic takes the topic from start to the end of its sentence, or to
// the first clause that gives a name, a number or a time.
func clipTopic(text string, start int, others [][]int) string {
	end := len(text)
	for _, s := range sentences(text) {
		if s.start <= start && start < s.end+1 {
			end = s.end
			break
		}
	}
	seg := span{text: text[start:end], start: start, end: end}
	var keep []string
	for i, c := range clauses(seg) {
		if overlapsAny(c, others) {
			if i == 0 {
				// "about the scanner on Thursday 11-12": the words before
				// the time, the name or the number
				if head := headBefore(text, c, others); len(contentWords(head)) > 0 {
					keep = append(keep, head)
				}
			} else if head := headBefore(text, c, others); len(contentWords(head)) > 0 && problemRE.MatchString(fold(head)) {
				// "re VPN for our site managers, keeps dropping every few
				// min": what goes wrong, before how often
				keep = append(keep, head)
			}
			break
		}
		ct := strings.TrimSpace(c.text)
		if i > 0 && phoneCueOnlyRE.MatchString(ct) {
			// "wegen des Kassensystems, Tel.: +49 …": the cue of the
			// number, cut off by its full stop
			break
		}
		if i > 0 {
			if callbackAskRE.MatchString(fold(ct)) {
				// "…, bitte melden Sie sich": the request, not the topic
				break
			}
			if _, ok := wholeName(ct); ok {
				break
			}
			if nameCueRE.MatchString(ct) {
				break
			}
			if notAboutRE.MatchString(fold(ct)) {
				// "es geht um den Scanner, nicht um den Druck": what it is
				// not about is no part of the topic
				break
			}
		}
		keep = append(keep, ct)
	}
	t := trailingPleaseRE.ReplaceAllString(stripArticle(strings.Join(keep, ", ")), "")
	// "wegen der Exchange-Sache von vorhin zurückrufen": the request's
	// verb and the pointer back are no part of the topic
	t = trailingBackRE.ReplaceAllString(trailingCallRE.ReplaceAllString(t, ""), "")
	if len(contentWords(t)) == 0 {
		return ""
	}
	return trimValue(t, 200)
}

// headBefore is the words of clause c of text before the first of ranges
// in it, without a preposition left dangling ("the scanner on" → "the
// scanner").
func headBefore(text string, c span, ranges [][]int) string {
	cut := c.end
	for _, r := range ranges {
		if r[0] < c.end && c.start < r[1] {
			cut = min(cut, max(r[0], c.start))
		}
	}
	head := strings.TrimSpace(text[c.start:cut])
	for {
		ws := strings.Fields(head)
		if len(ws) == 0 || !danglingWords[strings.ToLower(strings.Trim(ws[len(ws)-1], ",;:-–"))] {
			return strings.Trim(head, " ,;:-–")
		}
		head = strings.TrimSpace(strings.Join(ws[:len(ws)-1], " "))
	}
}

// phoneCueOnlyRE is a clause that is only the cue of a phone number.
var phoneCueOnlyRE = newLitRE(`(?i)^(?:tel|telefon|telefonnummer|rufnummer|phone|mobil|handy|fon|nummer|mob|cell)\.?\s*:?$`)

// danglingWords end a topic cut before a time, a name or a number.
var danglingWords = set(`am an um ab von bis zwischen für unter auf im in und oder ist mit bitte on at from between until to for by and or is
	with please ich mein meine my i`)

// notAboutRE starts a clause that says what the topic is not ("nicht um
// den Druck selbst", "not about the printing").
var notAboutRE = newLitRE(`^(?:und |and |also |aber |but )?(?:nicht|not)\s+(?:um|ums|about|the)\b`)

// trailingPleaseRE is politeness at the end of a topic ("Drucker bitte").
// trailingCallRE is the verb of the request at the end of a topic
// ("… zurückrufen?").
var trailingCallRE = newLitRE(`(?i)\s+(?:mich\s+|uns\s+)?(?:zurückrufen|zurückruft|anrufen|anruft|kontaktieren|melden|call me back|call me|give me a call|ring me)\s*[?.!]*$`)

// trailingBackRE points back at an earlier question ("… von vorhin",
// "… from before").
var trailingBackRE = newLitRE(`(?i)\s+(?:von vorhin|von eben|von gerade(?: eben)?|von vorher|from before|from earlier|we (?:just )?(?:talked|spoke) about|we discussed)\s*[?.!]*$`)

var trailingPleaseRE = newLitRE(`(?i)[\s,]+(?:bitte|danke|please|thanks|thx)[\s.!]*$`)

// stripCallbackAsk removes the request for a call from a clause, keeping
// what it says about the topic ("Rückruf wg. Drucker" → "Drucker").
func stripCallbackAsk(c string) string {
	f := fold(c)
	loc := callbackAskRE.FindStringIndex(f)
	if loc == nil || originalOffset(c, loc[0]) < 0 || originalOffset(c, loc[1]) < 0 {
		return c
	}
	rest := c[:originalOffset(c, loc[0])] + " " + c[originalOffset(c, loc[1]):]
	ws := words(rest)
	var keep []string
	for _, w := range ws {
		if !functionWords[fold(w)] || len(keep) > 0 {
			keep = append(keep, w)
		}
	}
	return strings.Join(keep, " ")
}

// stripArticle drops a leading article or possessive ("unseren Drucker"
// → "Drucker").
func stripArticle(t string) string {
	ws := strings.Fields(t)
	if len(ws) > 1 {
		switch fold(ws[0]) {
		case "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "unser", "unsere",
			"unseren", "unserem", "unserer", "meinen", "meine", "meinem", "meiner", "mein", "the", "a", "an", "our", "my":
			return strings.Join(ws[1:], " ")
		}
	}
	return t
}

// contentWords are the words of t that are not common words or numbers.
func contentWords(t string) []string {
	var out []string
	var buf [32]byte
	for _, w := range words(t) {
		if len(w) > 1 && !isFunctionWord(buf[:0], w) && strings.Trim(w, "0123456789") != "" {
			out = append(out, w)
		}
	}
	return out
}

// isFunctionWord reports functionWords[fold(w)], folding a short ASCII
// word into buf rather than a new string.
func isFunctionWord(buf []byte, w string) bool {
	if len(w) > cap(buf) {
		return functionWords[fold(w)]
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c >= utf8.RuneSelf:
			return functionWords[fold(w)]
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case c == '`':
			c = '\''
		}
		buf = append(buf, c)
	}
	return functionWords[string(buf)]
}

// withoutRanges cuts the ranges out of clause c: the longest stretch of c
// between them is kept.
func withoutRanges(c span, ranges [][]int) span {
	best := span{}
	cut := func(from, to int) {
		if to-from > len(best.text) {
			best = span{text: c.text[from-c.start : to-c.start], start: from, end: to}
		}
	}
	pos := c.start
	var rs [][]int
	for _, r := range ranges {
		if r[0] < c.end && c.start < r[1] {
			rs = append(rs, r)
		}
	}
	slices.SortFunc(rs, func(a, b []int) int { return a[0] - b[0] })
	for _, r := range rs {
		if r[0] > pos {
			cut(pos, r[0])
		}
		pos = max(pos, r[1])
	}
	if pos < c.end {
		cut(pos, c.end)
	}
	best.text = strings.TrimSpace(best.text)
	return best
}

func overlapsAny(c span, ranges [][]int) bool {
	for _, r := range ranges {
		if r[0] < c.end && c.start < r[1] {
			return true
		}
	}
	return false
}

// originalOffset maps a byte offset of fold(text) back to text, or -1
// when it falls inside a folded umlaut.
func originalOffset(text string, folded int) int {
	o, f := 0, 0
	for _, r := range text {
		if f == folded {
			return o
		}
		if f > folded {
			return -1
		}
		n := len(fold(string(r)))
		f += n
		o += len(string(r))
	}
	if f == folded {
		return o
	}
	return -1
}

// thingRE is a short noun phrase that names a thing: "der drucker am
// empfang", "unser Scanner", "the printer upstairs".
var thingRE = foldedRE(`^\W*(?:der|die|das|den|dem|unser\w*|mein\w*|the|our|my)\s+\pL[\pL\d-]*(?:\s+[\pL\d.-]+){0,4}\W*$`)

// NamesAThing reports a topic that is only a short noun phrase with its
// article ("der drucker am empfang"): an answer that names no person but
// the thing a call is about.
func NamesAThing(topic string) bool { return thingRE.MatchString(fold(topic)) }

// DescribesProblem reports whether s describes a problem or a wish ("our
// calendar stopped updating", "der Drucker druckt nicht"), the kind of
// clause a callback is about, rather than a remark ("UK mobile").
func DescribesProblem(s string) bool { return problemRE.MatchString(fold(s)) }
