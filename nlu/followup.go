package nlu

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// FollowUp is the kind of question a message asks about what was just
// talked about ("warum?", "was kostet das?"); the conversation's context
// says what "das" is.
type FollowUp string

// The kinds of follow-up questions.
const (
	FollowNone FollowUp = ""
	// FollowWhy asks for the reason, or objects ("warum?", "das ist doch …").
	FollowWhy FollowUp = "why"
	// FollowCost asks what it costs ("was kostet das?", "hourly rate").
	FollowCost FollowUp = "cost"
	// FollowSpeed asks how fast ("wie schnell?", "how soon?").
	FollowSpeed FollowUp = "speed"
	// FollowOrder asks to have it done anyway or who does it.
	FollowOrder FollowUp = "order"
	// FollowRisk asks what happens if not, or if they do it anyway.
	FollowRisk FollowUp = "risk"
	// FollowYesNo asks for a plain yes or no.
	FollowYesNo FollowUp = "yesno"
	// FollowFindOut asks how to find out ("where can I check that?").
	FollowFindOut FollowUp = "findout"
	// FollowDefine asks what a term means.
	FollowDefine FollowUp = "define"
	// FollowHow asks how something works ("wie läuft das ab?").
	FollowHow FollowUp = "how"
	// FollowScope asks what the contract covers as a whole.
	FollowScope FollowUp = "scope"
	// FollowSource asks which document the answer rests on ("wo steht
	// das?", "which document is that from?").
	FollowSource FollowUp = "source"
)

var followRE = []struct {
	kind FollowUp
	re   interface{ MatchString(string) bool }
}{
	{FollowScope, foldedRE(`\b(?:what(?:'s| is) (?:actually |even |then |exactly )?(?:covered|included)(?: then| at all| actually| exactly| by (?:it|the contract|our contract))?\s*(?:\?|$|,|\.)|was ist (?:denn |dann |überhaupt |eigentlich )*(?:abgedeckt|enthalten|inklusive|drin)\s*(?:\?|$)|what (?:exactly |else )?(?:do|would|will) you (?:bill|charge) (?:\w+ ){0,2}(?:on top|extra|in addition|separately)|what(?:'s| is| exactly is) (?:not|n'?t) (?:covered|included)|what (?:is|gets) (?:billed|charged) (?:separately|on top|extra)|was (?:wird|berechnet ihr|berechnen sie|kostet) (?:\w+ ){0,4}(?:zusätzlich|extra|gesondert|separat)|was (?:ist|wäre) (?:(?:alles|eigentlich|denn|dann|genau|überhaupt) )*nicht (?:im vertrag|abgedeckt|enthalten|inklusive|drin)|what (?:exactly |then |actually )?(?:do|am|are) (?:i|we) (?:even )?pay(?:ing)? (?:you )?for|wofür (?:bezahlen|zahlen) (?:wir|ich) (?:euch|sie|ihnen|eigentlich|denn|dann)|was (?:deckt|umfasst|beinhaltet|enthält|abdeckt) (?:der|unser|mein|ihr|euer|eigentlich der|denn der) (?:managed[- ]service[- ])?vertrag|was (?:ist|steht) (?:(?:alles|eigentlich|denn|dann|genau|überhaupt|jetzt|nun|so) )*(?:im|in unserem|in unserm|in meinem|in dem|in eurem|in ihrem) (?:managed[- ]service[- ])?vertrag (?:(?:alles|eigentlich|denn|dann|genau|überhaupt|so) )*(?:drin|enthalten|inbegriffen|abgedeckt)|was (?:ist|wäre|waere) (?:alles )?(?:abgedeckt|inklusive|enthalten)\s*\??$|what (?:does|do|is) (?:the|our|my) (?:managed[- ]services? )?(?:contract|plan|agreement)(?: actually)? (?:cover|include)|what(?:'s| is) (?:actually )?(?:included|covered) in (?:the|our|my) (?:contract|plan|agreement)|what (?:all )?is covered\s*\??$)`)},
	{FollowYesNo, foldedRE(`^\W*(?:(?:ok|okay|so|also|dann|und|and|back|right|gut|alright|wieder da|zurück)\W+){0,4}(?:that'?s|thats|that is|das ist|das ist also|ist das (?:also |dann )?)\s*(?:part of (?:the|our|my) (?:plan|contract|deal|package)|(?:teil|bestandteil) (?:des|unseres) (?:vertrags|pakets)|included|covered|inklusive|inbegriffen|drin|abgedeckt|im vertrag)\b|\b(?:that'?s|thats|that is|das ist)\s+(?:(?:also|then|dann|also|auch)\s+)?(?:included|covered|inklusive|inbegriffen|drin|abgedeckt|im vertrag)\b[^?]*\b(?:right|correct|oder|richtig|gell|stimmt'?s|isn'?t it)\W*$|\b(?:no extra (?:invoice|charge|cost|bill)|nothing extra to pay|keine extra ?(?:kosten|rechnung)|ohne (?:extra|zusätzliche) (?:rechnung|kosten))\W*$|\b(?:ja oder nein|yes or no|ja/nein|yes/no|also doch|oder nicht\s*\??\s*$|or not\s*\??\s*$|geht das (?:jetzt )?oder nicht|ist das (?:jetzt )?(?:ein|eine) \w+ oder nicht|is (?:it|that) (?:a|an) \w+ or not)\b`)},
	{FollowRisk, foldedRE(`\b(?:(?:and |so )?(?:what )?if (?:we|i) (?:just |simply )?(?:leave|keep) (?:it|that|them|this) (?:as (?:it is|they are|is)|like (?:that|this)|that way|running)|(?:und )?wenn (?:wir|ich) (?:ihn|es|das|den|sie|die) (?:einfach |erstmal |erst mal )?so (?:lassen|laufen lassen|weiterlaufen lassen)|was (?:heißt|bedeutet) das (?:\w+ ){0,3}(?:für uns|für mich|konkret|in der praxis)|what does (?:that|this|it) mean (?:for us|for me|in practice|concretely)|und wenn(?:'?s)? (?:es |das |er |sie )?(?:nicht|kein\w*)\b|und falls (?:nicht|es nicht)|wenn nicht,? was dann|and if (?:it'?s |it is |it isn'?t|we don'?t|not)|what if (?:it'?s |it is )?not|if not,? (?:then )?what|was (?:bedeutet|heißt) das (?:konkret |jetzt |denn )?für (?:uns|mich)|what does (?:that|this) mean for (?:us|me)|(?:geraten|empfohlen|empfehlung|advised|advice|recommend\w*)\b[^?]{0,120}\b(?:nicht|not|don'?t|won'?t|ignore|weiterlaufen|weiter (?:laufen|benutzen|nutzen)|so lassen|keep (?:using|running))|was passiert(?: denn| dann| eigentlich| da)?,? wenn|what'?s the worst|what is the worst|worst case|worst that (?:can|could) happen|im schlimmsten fall|schlimmstenfalls|was passiert (?:dann|da)|was ist,? wenn|und wenn (?:wir|ich|man|die|der|sie|er)\b.*\b(?:nicht|trotzdem|weiter\w*|einfach so|so lassen|laufen lassen)|und wenn (?:wir|ich|man|sie|er)\b.*\b(?:selbst|selber)|und wenn\b[^?]{0,80}\bwas dann|wenn wir (?:das|es|die) (?:trotzdem|nicht|weiter)|trotzdem so machen|what happens if|what happens when|what if\b|what about if|and if (?:we|they) (?:don'?t|do not|refuse|keep|still)|if (?:we|they) (?:don'?t|refuse)|risik\w*|risks?|folgen|consequences?)\b`)},
	{FollowCost, foldedRE(`^\W*(?:and |und |so |also )?(?:costs?|price|pricing|any cost|extra cost|kosten|preis|kostenpunkt)\W*$|\b(?:wer (?:zahlt|bezahlt|trägt die kosten|übernimmt die kosten)|who (?:pays|covers the cost|foots the bill)|mit welchen kosten|welche kosten|was (?:würde|wird|wuerde) (?:das|es|der|die) (?:etwa |ungefähr |denn )?kosten|what would (?:it|that|this) cost|what(?:'s| is| will| would) (?:it|that|this) (?:gonna |going to )?cost|ballpark|roughly what|how much would|was kostet|kostet (?:das|es|der|die|so)|wie ?viel kostet|wie teuer|was (?:würde|wuerde) das kosten|kosten (?:dafür|dafuer|das)|preis\w*|stundensatz\w*|stundenpreis\w*|stundenlohn|tarif\w*|how much|what(?:'s| is| does)? (?:your |the )?(?:hourly )?(?:rate|price|cost|fee)s?|hourly rate|what does (?:that|it) cost|cost(?:s)? (?:extra|more)|pricing|charge for)\b`)},
	{FollowSpeed, foldedRE(`\b(?:wie schnell|wie bald|wie lange dauert|wann (?:kommt|kümmert|kuemmert|meldet|ruft|geht|passiert|kann)|reaktionszeit\w*|wann ist jemand|how (?:fast|quickly|soon|long (?:until|will|does))|response time|when will (?:someone|somebody|you|they)|wie fix)\b`)},
	{FollowOrder, foldedRE(`\b(?:(?:kann|könnt|könnte|können|kannst) (?:mir|uns) (?:\w+ ){0,2}(?:ein )?angebot (?:\w+ ){0,4}(?:machen|schicken|erstellen|senden|geben|zukommen lassen)|(?:hätte|hätten|möchte|möchten|brauche|brauchen) (?:ich |wir )?(?:gern |gerne )?(?:ein )?angebot|(?:send|give|make|get|prepare) (?:me|us) a (?:quote|offer|proposal)|(?:can|could) (?:i|we) (?:get|have) a (?:quote|offer|proposal)|wer (?:ruft|meldet sich|kontaktiert|informiert|schreibt) (?:\w+ ){0,3}(?:an|bei \w+|den hersteller|die hotline)\b[^?]{0,30}(?:wir oder (?:ihr|sie)|ihr oder wir|sie oder wir)|who (?:calls|contacts|phones|rings|emails) (?:\w+ ){0,2}(?:them|the vendor|the hotline|\w+)\b[^?]{0,20}(?:us or you|you or us|we or you)|who (?:do|should|shall|can|would) (?:i|we) (?:\w+ )?(?:contact|call|ring|phone|talk to|speak to|turn to|ask|go to)(?: about (?:it|that|this))? (?:then|instead)\b|who (?:do|should|shall|can) (?:i|we) (?:\w+ )?(?:contact|call|ring|talk to|speak to|turn to) about (?:it|that|this)|an wen (?:wende|soll|kann|muss|müssen|sollen|können) (?:ich|wir) (?:mich |uns )?(?:dann|denn|da|stattdessen)\b|wen (?:soll|muss|kann|sollen|müssen|können) (?:ich|wir) (?:dann|denn|da|stattdessen) (?:\w+ )?(?:anrufen|kontaktieren|fragen|ansprechen|anschreiben)|wer ist (?:dann|denn|da) (?:mein|unser|der) ansprechpartner|what (?:do|should|shall) i tell (?:them|him|her|the vendor)|was (?:sag|soll ich|schreib)\w* (?:ich )?(?:denen|dem|ihm|ihr|dem hersteller)|can'?t you (?:just )?(?:\w+ ){0,4}(?:sort|handle|fix|deal with|take care|ring|call|contact)|(?:sort|deal with|handle) it (?:out )?for (?:us|me)|(?:ring|call|contact|phone) (?:them|the vendor|the manufacturer|their (?:support|hotline))|könnt(?:et)? (?:ihr|sie) (?:das )?(?:nicht )?(?:einfach |bitte )?(?:\w+ ){0,3}(?:klären|regeln|übernehmen|abklären)|(?:ruft|rufen) (?:ihr|sie) (?:da|die|den|bei denen|beim hersteller) (?:mal |bitte |einfach )?an|what (?:are|should|do|can) (?:we|i) (?:supposed to )?do (?:now|then|instead)?|what now|what are (?:my|our) options|was (?:sollen|können|machen|tun) wir (?:jetzt|nun|denn|dann)|was (?:soll|kann|mache|mach|tue|tu) ich (?:jetzt|nun|denn|dann)|was nun|wie geht(?:'s| es) (?:jetzt |nun )?weiter|beauftragen|bestellen|trotzdem (?:machen|bei euch|bei ihnen|übernehmen)|wer macht (?:das|es) dann|wer (?:macht|übernimmt|uebernimmt|tauscht|repariert) das|dann machen sie (?:es|das)|machen sie (?:es|das) (?:halt|trotzdem|dann)|(?:können|koennen|könnt|koennt) (?:wir|sie|ihr) das (?:trotzdem|dann|auch) (?:machen|übernehmen|beauftragen)|can (?:you|we) (?:still|order|book|get you to)|who (?:does|will do|fixes|handles|would do) (?:it|that|this)|who (?:would|will|could) (?:actually |then |really )?(?:do|handle|carry out|take care of) (?:it|that|this|the \w+)|wer (?:würde|wuerde|wird|macht|übernimmt) (?:\w+ ){0,2}(?:die|den|das) \w+ (?:dann |denn )?(?:machen|übernehmen|durchführen)?|do it anyway|order it|go ahead and (?:do|fix)|(?:wenn|falls) (?:ihr|sie) (?:\w+ ){0,3}trotzdem (?:\w+ ){0,2}(?:tauschen|austauschen|machen|reparieren|ersetzen|einrichten|wiederherstellen|übernehmen|sollt|solltet|sollen|sollten)|(?:können|koennen|könnt|koennt|könntet|könnten|würdet|würden) (?:ihr|sie) (?:das |den |die |es |ihn )?trotzdem (?:\w+ ){0,3}(?:machen|übernehmen|austauschen|tauschen|ersetzen|reparieren|einrichten|installieren|erledigen|beheben|wiederherstellen)|(?:could|can|would) you (?:still )?(?:\w+ ){0,2}(?:replace|swap|fix|repair|do|set up|install|recover|restore) (?:it|that|this|them|the \w+) anyway|(?:could|can|would|will) you (?:\w+ ){0,2}(?:order|buy|get|source|purchase|procure|supply) (?:us |me )?(?:a new one|a replacement|another one|new ones|one|a new \w+)|(?:neue[snm]?|ersatz\w*|eins|welche) (?:\w+ ){0,2}(?:besorgen|beschaffen|kaufen))\b`)},
	{FollowFindOut, foldedRE(`\b(?:wie finde ich (?:das )?(?:heraus|raus)|wie (?:kann|könnte|soll) ich (?:das |denn |dann )*(?:herausfinden|rausfinden|nachprüfen|nachsehen|nachschauen|erfahren)|woher (?:weiß|weiss) ich|wie erfahre ich|wo (?:steht|sehe ich|finde ich) das|wo kann ich das (?:nachlesen|sehen|prüfen)|how (?:do|can|would) (?:i|we) (?:find out|check|know|tell)|where (?:can|do) (?:i|we) (?:see|check|find|look)|how to find out)\b`)},
	{FollowSource, foldedRE(`\b(?:wo (?:genau )?steht das(?: (?:eigentlich|denn|genau|geschrieben|so))*\s*(?:\?|$|,|\.)|wo (?:ist|wird) das (?:eigentlich |denn )?(?:geregelt|festgelegt|beschrieben|festgehalten)|woher (?:habt ihr|haben sie|hast du|wissen sie|weißt du|weisst du) das|(?:aus |in )?welche[msnr]? (?:dokument|unterlage|abschnitt|quelle|regelung|paragra(?:ph|f))|(?:die|eine|ihre|eure|deine) quelle\b|quelle\s*\?|schwarz auf weiß|which (?:document|section|source|part of (?:the|our) (?:contract|documents?))|what(?:'s| is) (?:the|your) source|(?:the|your|a) source\b|source\s*\?|where (?:does it say|is (?:that|this|it) (?:written|stated|from|in writing)|did you get (?:that|this)|can i read (?:that|this|it)))`)},
	{FollowDefine, foldedRE(`\b(?:was (?:heißt|heisst|bedeutet|meint ihr mit|meinen sie mit|versteht ihr unter|verstehen sie unter)|was (?:ihr|sie|du) mit [^.?!]{1,40} (?:meint|meinen|meinst)\b|was ist (?:mit|eigentlich|denn) \w+ gemeint|what (?:does|do) .{1,40} mean|supposed to mean|what (?:is|'s) meant by|what do you mean by|definition)\b`)},
	{FollowHow, foldedRE(`\b(?:wie läuft das (?:ab|dann)|wie geht das (?:dann|ab)|wie funktioniert das|how does (?:that|it|this) work|how would (?:that|it) work|what'?s the process|what is the process|how do we do (?:that|it))\b`)},
	{FollowWhy, foldedRE(`\b(?:(?:er|sie|die|der|das) (?:ist|sind|war|waren|hat|haben) (?:damit )?einverstanden|(?:hat|haben) (?:es |das )?(?:erlaubt|zugestimmt|freigegeben|okay gegeben)|hat gesagt,? (?:das|es) (?:ist|sei|wäre) (?:ok|okay|in ordnung|kein problem)|(?:he|she|they) (?:said|says|agreed|agree|okayed|approved)\b|(?:has|have) (?:agreed|consented|approved)|with (?:his|her|their) (?:consent|permission|approval)|mit (?:seiner|ihrer|deren) (?:erlaubnis|zustimmung|einwilligung)|authori[sz]ation|letter of (?:consent|authority)|power of attorney|signed (?:letter|consent|permission)|vollmacht|einverständniserklärung|schriftliche (?:erlaubnis|zustimmung|genehmigung))\b|(?:^|\W)(?:warum|wieso|weshalb|weswegen|wozu|how come|why|aus welchem grund|was soll das)\b|\b(?:echt jetzt|really\?|seriously|ist doch\b|sind doch\b|gehört doch|gehoert doch|muss doch|müsste doch|zahlen doch|but (?:i thought|we pay|isn'?t)|dachte ich)\b`)},
}

// readFollowUps reads the kinds of follow-up question a message asks, the
// most specific first ("na gut, dann machen Sie es halt, wie schnell geht
// das?" asks order and speed).
func readFollowUps(low string) []FollowUp {
	var out []FollowUp
	for _, f := range followRE {
		if f.re.MatchString(low) {
			out = append(out, f.kind)
		}
	}
	return out
}

// continuationRE marks a message that builds on the one before: it starts
// with "und", "and", "also", "aber", "ok und", or refers back ("das",
// "dafür", "that", "it").
var continuationRE = foldedRE(`^(?:ich frag(?:e)? (?:mal |nochmal |jetzt |es )*anders|anders gefragt|(?:let me|i'?ll) (?:ask|put) (?:it |this )?(?:differently|another way)|put another way|in other words|und|and|aber|but|also|so|auch wenn|selbst wenn|sogar wenn|even if|even when|even though|also if|ok(?:ay)?,? (?:und|and|aber|but)|na gut|alright|fine|gut|dann|then|what about|und was ist mit|und der|und die|und das|und wenn|and if|and what)\b`)

// newSubjectRE finds a follow-up that names a subject of its own right
// after "und"/"and" or "what about": "Und der Druckertreiber auf den PCs
// …?", "und unsere Firewall?", "What about setting up a mailbox?", "And
// our printers?". German nouns are written in capitals, which tells "und
// das Backup?" from "und das kostet?"; it runs on the text as written.
var newSubjectRE = newLitRE(`^[\s,.!-]*(?:(?i:und|and|aber|but)\s+(?:(?i:was ist|wie ist es|wie sieht(?:'s| es)(?: denn)?)\s+(?i:mit|bei)\s+)?|(?i:what|how)\s+(?i:about)\s+|(?i:und\s+)?(?i:was ist)\s+(?i:mit)\s+)(?:(?i:der|die|das|den|dem|unsere?[mnrs]?|meine?[mnrs]?|eure?[mnrs]?)\s+\p{Lu}|(?i:the|our|my|your)\s+\pL{3,}|(?i:setting up|installing|replacing|repairing|updating|creating|adding|moving)\b)`)

// newSubject reports a follow-up that names a subject of its own (see
// newSubjectRE) and asks none of the follow-up kinds: a new question, read
// on its own rather than as a variation of the answer before.
func newSubject(text string, kinds []FollowUp) bool {
	if len(kinds) != 0 {
		return false
	}
	if newSubjectRE.MatchString(text) {
		return true
	}
	// "ok und der virenscanner auf den arbeitsplätzen ist der mit drin":
	// in a message all in lower case, after an acknowledgement, the noun
	// after the article is read as if capitalised
	if strings.ToLower(text) != text {
		return false
	}
	t := ackLeadRE.ReplaceAllString(text, "")
	if g := lowerSubjectRE.FindStringSubmatchIndex(t); g != nil && !subjectStop[t[g[2]:g[3]]] {
		r, n := utf8.DecodeRuneInString(t[g[2]:])
		return newSubjectRE.MatchString(t[:g[2]] + string(unicode.ToUpper(r)) + t[g[2]+n:])
	}
	return false
}

// ackLeadRE is an acknowledgement before the next question ("ok", "ah
// ok", "alles klar").
var ackLeadRE = newLitRE(`^[\s,.!-]*(?:(?:ok(?:ay)?|ah|aha|achso|ach so|alles klar|gut|super|danke|thanks|alright|right)[\s,.!-]+)+`)

// lowerSubjectRE is the word after the article of "und der …" (not "aber
// der …", which argues); group 1.
var lowerSubjectRE = newLitRE(`^[\s,.!-]*(?:und|and)\s+(?:der|die|das|den|dem|unsere?[mnrs]?|meine?[mnrs]?|eure?[mnrs]?)\s+(\pL+)`)

// subjectStop are words after "und das" that name no thing.
var subjectStop = map[string]bool{"ist": true, "sind": true, "war": true, "wäre": true, "auch": true, "nicht": true, "so": true,
	"alles": true, "hier": true, "geht": true, "kostet": true, "heißt": true, "heisst": true, "bedeutet": true, "wird": true}

// backRefRE finds a word that points back at what was said before ("ob
// das bei uns drinsteht", "wenn wir das so lassen", "is it then").
var backRefRE = foldedRE(`\b(?:das|dies|dafür|davon|darin|darauf|damit|drin|dann|es|sowas|so was|so etwas|that|it|this|those|them|then)\b`)

// continues reports whether low builds on what came before: it starts so
// ("und …", "aber …").
func continues(low string) bool {
	return continuationRE.MatchString(strings.TrimLeft(low, " ,.!-"))
}

// pointsBack reports a short question that points back at what was said
// before ("Wie finde ich raus, ob das bei uns drinsteht?", "is it covered
// then?"): a weaker sign than continues.
func pointsBack(low string) bool {
	return strings.Contains(low, "?") && len(strings.Fields(low)) <= 16 && backRefRE.MatchString(low) || bareCoverageRE.MatchString(low)
}

// bareCoverageRE is a question about the contract that names nothing
// ("im Vertrag?", "covered?", "auch extra?"): about what was just said.
var bareCoverageRE = foldedRE(`^\W*(?:und\s+|and\s+|auch\s+|also\s+)?(?:im vertrag|in the contract|abgedeckt|inklusive|inbegriffen|drin|covered|included|extra|kostet extra|costs extra)\s*\?+\W*$`)

// notifyRE asks who is told, or whether a confirmation comes.
var notifyRE = foldedRE(`\b(?:was (?:genau )?steht (?:dann |denn )?(?:in der|in dieser) (?:bestätigungs\w*|bestätigung|e-?mail|mail)|wer bekommt (?:die|diese|eine) (?:bestätigung\w*|e-?mail|mail|einladung)|what(?:'s| is| exactly is) in (?:the|that) (?:confirmation|e-?mail|mail)|who (?:gets|receives) (?:the|that) (?:confirmation|e-?mail|mail|invite)|(?:kriegt|kriegen|bekommt|bekommen|erfährt|erfahren) (?:\w+ ){0,3}(?:das|es|den termin|die info|bescheid) (?:\w+ ){0,2}(?:mitgeteilt|gesagt|geschickt|bestätigt)|(?:wird|werden) (?:\w+ ){0,3}(?:das|es|der termin) (?:\w+ ){0,2}mitgeteilt|(?:is|are|will|does|do) (?:\w+ ){0,3}(?:be )?(?:told|informed|notified)|(?:hat|haben) (?:\w+ ){0,3}(?:die |eine |unsere |ihre )?(?:bestätigung\w*|e-?mail|mail|nachricht|einladung)\b(?: [\w-]+){0,3} (?:bekommen|gekriegt|erhalten|gesehen)|(?:did|has|have) (?:\w+ ){0,3}(?:got|gotten|get|received|receive|seen) (?:the |an? |our |their )?(?:confirmation|e-?mail|mail|invit\w*)|which (?:phone )?number (?:will|do|does|are|is|did) (?:they|you|he|she|the technician|your technician|your colleague) (?:\w+ )?(?:call|ring|use|have|dial)|welche (?:telefon)?nummer (?:ruft|rufen|wählt|wählen|habt|haben|hat) (?:ihr|sie|er|der techniker|ihr techniker)|(?:bekomm|krieg|erhalt|erhält)\w* (?:\w+ ){0,5}(?:bescheid|nachricht|bestätigung|e-?mail|mail|info\w*|einladung)|(?:wird|werden) (?:\w+ ){0,4}(?:informiert|benachrichtigt|verständigt|eingeladen)|(?:muss|soll|sollte) ich (?:\w+ ){0,5}(?:selbst|selber|noch) (?:\w+ ){0,3}(?:schreiben|bescheid geben|informieren|benachrichtigen|mailen|weiterleiten|einladen)|(?:informiert|benachrichtigt|schreibt|mailt) (?:ihr|sie) (?:\w+ ){0,3}(?:den|die|dem|der)|(?:gets?|receives?|will (?:i|we|they|he|she) get) (?:\w+ ){0,4}(?:notified|told|informed|an? (?:e-?mail|confirmation|invit\w*|notice)|the (?:e-?mail|confirmation|invit\w*))|(?:is|are|will) (?:\w+ ){0,4}(?:be )?(?:notified|informed|told|invited)|(?:do|should|must) (?:i|we) (?:\w+ ){0,3}(?:tell|inform|notify|email|e-mail|forward|invite) (?:him|her|them|the)|do you (?:tell|inform|notify|email|e-mail) (?:him|her|them|the))\b`)

// emergencyRE speaks of an emergency or an outage.
var emergencyRE = foldedRE(`\b(?:notfall\w*|notfälle\w*|emergenc\w*|(?:geht|funktioniert) (?:gar |überhaupt )?nichts mehr|steht (?:komplett |alles )?still|stillstand|(?:ist|sind) (?:komplett |total |ganz )?(?:ausgefallen|down|tot|abgestürzt)|fällt aus|totalausfall|is (?:completely |totally )?down|are (?:completely )?down|goes down|went down|outage|nobody can (?:work|invoice|bill|log ?in)|niemand kann (?:mehr )?(?:arbeiten|fakturieren|rechnungen|buchen)|keiner kann (?:mehr )?(?:arbeiten|fakturieren|rechnungen|buchen))\b`)
