package nlu

import (
	"strings"
)

// Field names a value a client may want to change.
type Field string

// The fields of the dialogues.
const (
	FieldNone     Field = ""
	FieldName     Field = "name"
	FieldPhone    Field = "phone"
	FieldTopic    Field = "topic"
	FieldTime     Field = "time"
	FieldVendor   Field = "vendor"
	FieldSystem   Field = "system"
	FieldPurpose  Field = "purpose"
	FieldDuration Field = "duration"
	FieldAdmin    Field = "admin"
	FieldEmails   Field = "emails"
)

// Acts are the dialogue acts of a message: what it does to an open
// question, independent of the values it gives.
type Acts struct {
	// Yes: the message agrees ("ja", "passt", "yes perfect, cheers").
	Yes bool `json:"yes,omitempty"`
	// OnlyYes: the agreement is all there is (no values, no "aber").
	OnlyYes bool `json:"only_yes,omitempty"`
	// No: the message declines or says something is wrong ("nein", "no",
	// "stimmt nicht"); values after it are a correction.
	No bool `json:"no,omitempty"`
	// Cancel: the client withdraws the request ("abbrechen", "vergessen Sie
	// es", "ich ruf selber an").
	Cancel bool `json:"cancel,omitempty"`
	// Done: the client has finished writing ("fertig", "done").
	Done bool `json:"done,omitempty"`
	// Later: the client wants to go on later ("let's continue later").
	Later bool `json:"later,omitempty"`
	// Take: the client takes a time ("dann nehmen wir den Dienstag um
	// 10", "we'll take Tuesday at 2").
	Take bool `json:"take,omitempty"`
	// Change names the field the client wants to change ("die Nummer ist
	// falsch", "change the time"), FieldNone otherwise.
	Change Field `json:"change,omitempty"`
	// Correction: the message replaces something said before ("lieber",
	// "stattdessen", "actually", "instead").
	Correction bool `json:"correction,omitempty"`
	// Pick is the number of a proposal the client chose (1–3), 0 if none.
	Pick int `json:"pick,omitempty"`
	// Decline: the client refuses an offer ("ich will keinen Rückruf").
	Decline bool `json:"decline,omitempty"`
	// SameDay and SameTime keep the day or the time of day named before
	// ("am selben Tag um 15 Uhr", "am 11.12., gleiche Uhrzeit").
	SameDay  bool `json:"same_day,omitempty"`
	SameTime bool `json:"same_time,omitempty"`
}

var (
	yesLeadRE   = foldedRE(`^(?:ja|jo|jap|jep|jup|jawohl|jawoll|yes|yep|yeah|yup|yea|ok|okay|okey|oki|kk|k|passt|stimmt|genau|korrekt|richtig|gern|gerne|klar|sicher|einverstanden|perfekt|super|prima|top|bestens|sure|correct|right|perfect|great|lovely|brilliant|cool|sounds good|fine|absolutely|definitely|alright|agreed|exactly|bitte|please|jaa+|y|j)\b`)
	yesPhraseRE = foldedRE(`^(?:(?:jetzt|nun|so) (?:stimmt|passt)(?:'?s| es| das| alles)?|(?:jetzt|dann|also|now|then) (?:ja|jo|yes|ok|okay|passt|stimmt|genau|gern|gerne|klar|richtig|korrekt|fine|good)\b|now (?:it'?s|it is|that'?s) (?:right|correct|fine)|alles (?:klar|richtig|korrekt|gut)|(?:dann|also|so) (?:ist|wäre|waere) (?:ja )?(?:alles|das|es) (?:so )?(?:richtig|korrekt|gut|in ordnung)|in ordnung|geht klar|so passt(?: es| das)?|das passt|passt so|passt genau|genau so|machen sie (?:das|so|es)|bitte so|so ist(?:'?s| es) richtig|sounds good|looks good|that'?s (?:right|correct|fine|perfect|great)|go ahead|do it|please do|all good|all correct|that works|works for me|der|die|das) ?`)
	// interjectedNoRE is a "nee" that takes back a doubt ("ah nee, …");
	// laterYesRE a yes said after it.
	interjectedNoRE = foldedRE(`^(?:ah|ach|oh|äh|aeh)\W+(?:nee|nein|ne)\b`)
	laterYesRE      = foldedRE(`\b(?:stimmt so|passt so|passt|ist richtig|alles richtig|so aufnehmen|so übernehmen|kannst du so|können sie so|that'?s right|it'?s correct)\b`)
	// interjectionRE is an "I see" before the answer ("Ach so, …", "Aha. …").
	interjectionRE = foldedRE(`^(?:ach so|achso|ah so|aha|ah okay|ah ok|ah|oh|i see|ah i see)\s*[,.!:–-]+\s*`)
	// yesFillers may follow a yes without adding anything.
	yesFillers = set(`ja jo yes yep yeah ok okay passt stimmt genau korrekt richtig gern gerne bitte danke dankeschön vielen dank
		klar sicher super prima perfekt top bestens schnell so das alles ist es gut sehr thanks thank you please cheers great
		perfect fine sure correct right absolutely looks sounds good that's thats it all go ahead do lovely brilliant
		much thx ty danke schön so machen wir's wirs machen wir genauso genau so aufnehmen buchen vormerken eintragen file book
		hold is are that this jetzt nun stimmts stimmt's passts passt's alles gut richtig all good wunderbar klasse spitze
		jawoll jup prima dankeschön merci ok. dann then now`)
	noLeadRE = foldedRE(`^(?:bitte nicht|please don'?t|please no|nein|nee|ne|nö|noe|nope|no|nicht ganz|not quite|stimmt nicht|passt nicht|geht nicht|falsch|wrong|incorrect|leider nicht|lieber nicht|eher nicht|not really|nah|not (?:right )?now|not at the moment|not today|maybe later|(?:jetzt|gerade|im moment|momentan|heute) (?:noch )?nicht|(?:erstmal|erst mal|vorerst) nicht|nicht (?:jetzt|gerade|im moment|heute))\b`)
	// cancelRE: the whole clause withdraws the request.
	cancelRE = foldedRE(`^(?:bitte |please |dann |doch |ach |also |na ja |naja )*(?:(?:den |das |diesen |die )?(?:rückruf|termin|anfrage|callback|request)\w* (?:können|kannst|könnt) (?:sie|du|ihr) (?:\w+ )?vergessen|(?:you can |just )?forget (?:about )?(?:the|that|my) (?:callback|call|request)|abbrechen|abbruch|stopp?|cancel(?: it| that| this| the request| everything| all)?|vergiss es|vergessen sie es|vergessen sie das|vergesst es|forget it|forget about it|never ?mind|nevermind|doch nicht|lass(?:en sie)? (?:es|das)(?: sein)?|lassen wir das|egal|hat sich erledigt|erledigt sich|hat sich schon erledigt|nicht mehr nötig|nicht mehr noetig|no longer needed|not needed any ?more|kein bedarf mehr|(?:ich )?(?:rufe?|ruf) (?:sie |euch )?(?:selber|selbst) an|i'?ll call (?:you )?myself|i will call (?:you )?myself|kein(?:en)? (?:rückruf|termin|protokoll)(?: mehr)?(?: nötig| noetig)?|no (?:callback|appointment)(?: needed)?|skip it|drop it|stop it)(?: bitte| please| danke| thanks)?$`)
	doneRE   = foldedRE(`^(?:ok(?:ay)? )?(?:(?:das protokoll|das|es|the protocol|it)(?: ist| is|'s)? (?:so |jetzt |nun |damit |now |then )?(?:fertig|vollständig|komplett|complete|done|finished)|(?:das )?(?:war'?s|wars)|fertig|bin fertig|ich bin fertig|das ist alles|das wär'?s|das waers|done|i'?m done|we'?re done|finished|that'?s (?:all|it)|ready|ready to sign|(?:bitte )?zur unterschrift(?: vorlegen| bitte| geben| freigeben| schicken| senden| rausschicken| rausgeben| herausgeben| verschicken| weitergeben| raus| stellen| einstellen| hochladen)?|mehr gibt (?:es|'?s) nicht|nothing (?:more|else) to add|(?:please |bitte )?(?:send|put) (?:it |this )?(?:out )?for (?:signing|signature|signatures)|that'?s everything|ready for (?:signing|signatures)|vorlegen|abschlie(?:ß|ss)en|submit|finish|(?:raus|ab) damit(?: zur unterschrift)?|(?:raus|ab) zur unterschrift|zur unterschrift raus(?:schicken|geben)?|send it (?:out|round)(?: for (?:signing|signature|signatures))?)(?: bitte| please| danke| thanks| now| jetzt)?$`)
	// sendForSigningRE puts a draft up for signature in other words ("kann
	// raus zur Unterschrift", "dann ab damit zum Unterschreiben", "you
	// can send it for signatures now"); notForSigningRE keeps it back.
	sendForSigningRE = foldedRE(`\b(?:(?:kann|könnt|können|darf|soll|geht|bitte|dann|jetzt|ab|raus|go)\b[^,]{0,25}\b(?:zur unterschrift|zum unterschreiben|zum abzeichnen|für die unterschrift\w*)|(?:zur unterschrift|zum unterschreiben)\b[^,]{0,20}\b(?:raus|geben|stellen|vorlegen|schicken|senden|freigeben|bitte)|(?:send|put|circulate|pass)\b[^,]{0,20}\bfor (?:signing|signature|signatures|sign-?off))\b`)
	notForSigningRE  = foldedRE(`\b(?:nicht|noch nicht|not|not yet|don'?t|erst wenn|warte|wait|bevor|before)\b`)
	laterRE          = foldedRE(`\b(?:(?:let'?s|we'?ll|i'?ll|can we|we can|i will|we will) (?:continue|finish|do (?:it|this|the rest)|carry on|pick (?:it|this) up)(?: it)? later|continue later|later on|(?:machen|mache|schreiben|schreibe) (?:wir|ich) (?:später|spaeter|nachher|morgen)(?: weiter| fertig)?|(?:später|spaeter|nachher) weiter(?:machen|schreiben)?|weiter (?:später|spaeter|nachher)|pause|unterbrechen)\b`)
	// correctionRE marks a replacement of something said before.
	correctionRE = foldedRE(`\b(?:lieber|stattdessen|statt dessen|anstatt|doch lieber|doch besser|korrektur|korrigier\w*|ich meinte|(?:^|sorry |sry |sorri |nee |nein |oh |äh |aeh )meinte\b|(?:^|[,;:.!?-] ?|(?:nein|sorry|aeh|äh|also|oh) )ich meine|nicht\b[^.;!?]{1,40}\bsondern|(?:\b(?:it'?s|its|it is|this is|that'?s|thats) |^(?:(?:no|nope|nee|sorry|oh)\W+)*)not\b[^.;!?]{1,40}\bbut|i meant|instead|actually|rather|make it|change (?:it|that) to|correction|oops|oh wait|wait|scratch that|on second thought|verschieben|verlegen|move it|push it)\b`)
	// changeRE names a field to change: "die Nummer ist falsch", "Zeit ändern".
	// changeVerbRE says a field is to change ("die Nummer ist falsch",
	// "Zeit ändern"); changeSoftRE does so in short messages only ("andere
	// Nummer").
	changeVerbRE = foldedRE(`\b(?:ändern|änderung|korrigieren|falsch|stimmt nicht|passt nicht|change|correct|wrong|incorrect|is not right|isn'?t right)\b`)
	changeSoftRE = foldedRE(`\b(?:anders|neue[nr]?|andere[nrs]?|new|different|other|another|update)\b`)
	// salutationRE is the salutation of a message written as a letter.
	salutationRE = foldedRE(`^(?:sehr geehrte[rs]? (?:damen und herren|frau [\pL-]+|herr [\pL-]+)|dear (?:sir or madam|sir/madam|sirs?|team|support team))\s*[,!:]?\s+`)
	// takeRE takes a time offered or named.
	takeRE = foldedRE(`\b(?:nehmen wir|wir nehmen|ich nehme|nehme ich|dann den|passt uns|passt mir|geht für uns|works for (?:us|me)|suits (?:us|me)|take|we'?ll take|i'?ll take|go with|let'?s do|let'?s go with|book (?:it|that|us) (?:for|on))\b`)
	// selfContactRE: the client will be in touch of their own accord.
	selfContactRE = foldedRE(`\b(?:(?:ich|wir) melde[n]? (?:mich|uns) (?:dann |später |spaeter |nochmal |noch mal |wieder |bei ihnen |bei euch |selbst |selber )*(?:wieder|nochmal|noch mal|später|spaeter|dann|selbst|selber)|melde mich wieder|melden uns wieder|(?:ich|wir) komme[n]? (?:darauf |auf sie |auf euch )?zurück|(?:i|we)(?:'ll| will) (?:\w+ )?(?:get back to you|be in touch|let you know|come back to you)|get back to you)\b`)
	declineRE     = foldedRE(`\b(?:ich will|ich möchte|ich brauche|wir wollen|wir brauchen|i don'?t want|i do not want|we don'?t want|(?:i|we) (?:don'?t|do not) need|no need for|brauche|brauchen) (?:keinen?|kein|a|any)? ?(?:rückruf|rueckruf|anruf|callback|call|termin|appointment)\b|\b(?:keinen|kein) (?:rückruf|rueckruf|anruf)\b|\bno (?:callback|call)\b`)
	fieldWordRE   = map[Field]*litRE{
		FieldPhone:    foldedRE(`\b(?:nummer|telefonnummer|telefon|handynummer|handy|mobilnummer|rufnummer|tel|number|phone|mobile)\b`),
		FieldName:     foldedRE(`\b(?:name|namen|nachname|vorname)\b`),
		FieldTime:     foldedRE(`\b(?:zeit|uhrzeit|termin|zeitfenster|tag|datum|time|window|day|date|slot)\b`),
		FieldTopic:    foldedRE(`\b(?:thema|anliegen|betreff|grund|topic|subject|reason|issue)\b`),
		FieldEmails:   foldedRE(`\b(?:e-?mail|mail|\w*adresse|address)\b`),
		FieldSystem:   foldedRE(`\b(?:server|system|servername|host)\b`),
		FieldVendor:   foldedRE(`\b(?:hersteller|vendor|anbieter)\b`),
		FieldDuration: foldedRE(`\b(?:dauer|länge|duration|length)\b`),
	}
	fieldOrder = []Field{FieldPhone, FieldName, FieldEmails, FieldTime, FieldTopic, FieldSystem, FieldVendor, FieldDuration}
	// pickRE finds the number of a proposal.
	sameDayRE  = foldedRE(`\b(?:am (?:selben|gleichen) tag|(?:desselben|des selben|des gleichen|desgleichen) tages|selber tag|gleicher tag|same day|that same day|on the same day)\b`)
	sameTimeRE = foldedRE(`\b(?:(?:zur |um die |die )?(?:gleiche[n]?|selbe[n]?) (?:uhrzeit|zeit)|gleiche zeit|wie gehabt|wie geplant|wie besprochen|same time|at the same time|same hours|as planned|as discussed)\b`)
	pickRE     = foldedRE(`^(?:(?:ok|okay|gut|dann|also|na gut|alright|fine|then|so)\W+)*(?:ich nehme |wir nehmen |nehmen wir |nehme ich |ich hätte gern |gerne |bitte |take |i'?ll take |we'?ll take |let'?s (?:take|go with|do) |go with |)?(?:nr\.?\s*|nummer |number |no\.?\s*|option |vorschlag |termin |slot |proposal |choice |den |die |das |the )?(1|2|3|eins|zwei|drei|one|two|three|erste[nrs]?|zweite[nrs]?|dritte[nrs]?|letzte[nrs]?|first|second|third|last)\b(?:\s*(?:vorschlag|termin|option|one|slot|proposal|bitte|please|passt|nehme ich|nehmen wir|geht|is fine|works|ist gut|ist ok|klingt gut|sounds good|wäre gut|please|danke|thanks))*\W*$`)
)

// readActs reads the dialogue acts of a message.
// low is fold(text).
func readActs(low string, sents []span) Acts {
	var a Acts
	low = remember(strings.TrimSpace(low))
	lead := strings.TrimLeft(low, " ,.!-–*\"'")
	if !strings.HasPrefix(lead, "sehr ") && !strings.HasPrefix(lead, "dear ") {
		// no letter's salutation to look for
	} else if loc := salutationRE.FindStringIndex(lead); loc != nil {
		// "Sehr geehrte Damen und Herren, jawohl, so ist es recht.": the
		// answer follows the letter's salutation
		lead = strings.TrimLeft(lead[loc[1]:], " ,.!-–*\"'")
	}
	if loc := interjectionRE.FindStringIndex(lead); loc != nil {
		// "Ach so, dann ist alles richtig so. Ja, bitte.": the interjection only says the writer
		// understood; the answer follows it
		lead = strings.TrimLeft(lead[loc[1]:], " ,.!-–*\"'")
	}
	if yesLeadRE.MatchString(lead) || yesPhraseRE.MatchString(lead) && !strings.HasPrefix(lead, "der") && !strings.HasPrefix(lead, "die") && !strings.HasPrefix(lead, "das") {
		a.Yes = true
		a.OnlyYes = onlyFillers(lead)
	}
	if noLeadRE.MatchString(lead) {
		a.No, a.Yes, a.OnlyYes = true, false, false
	}
	if interjectedNoRE.MatchString(lead) && laterYesRE.MatchString(lead) {
		// "Ah nee, stimmt so. Passt, kannst du so aufnehmen.": the "nee"
		// takes back a doubt; the answer is yes
		a.No, a.Yes = false, true
	}
	for _, s := range sents {
		c := strings.Trim(fold(s.text), " .,!?-–*\"'")
		for _, part := range strings.Split(c, ",") {
			part = strings.TrimSpace(part)
			if cancelRE.MatchString(part) {
				a.Cancel = true
			}
			if doneRE.MatchString(part) || sendForSigningRE.MatchString(part) && !notForSigningRE.MatchString(part) {
				a.Done = true
			}
		}
	}
	if a.Cancel {
		// "bitte abbrechen": the "bitte" asks, it does not agree
		a.Yes, a.OnlyYes = false, false
	}
	if laterRE.MatchString(low) {
		a.Later = true
	}
	a.Take = takeRE.MatchString(low)
	if correctionRE.MatchString(low) {
		a.Correction = true
	}
	if declineRE.MatchString(low) {
		a.Decline = true
	}
	if selfContactRE.MatchString(low) {
		// "ok danke, ich melde mich wieder", "I'll get back to you": the
		// client will be in touch, which answers an offer of a call no
		a.Decline, a.Yes, a.OnlyYes = true, false, false
	}
	if changeVerbRE.MatchString(low) || changeSoftRE.MatchString(low) && len(strings.Fields(low)) <= 4 || len(strings.Fields(low)) <= 2 {
		for _, f := range fieldOrder {
			if fieldWordRE[f].MatchString(low) {
				a.Change = f
				break
			}
		}
	}
	a.Pick = pickOf(low)
	a.SameDay = sameDayRE.MatchString(low)
	a.SameTime = sameTimeRE.MatchString(low)
	return a
}

// onlyFillers reports whether a yes-message says nothing but agreement
// and politeness ("ja passt, danke", "yes perfect, cheers").
func onlyFillers(low string) bool {
	for _, w := range strings.FieldsFunc(low, func(r rune) bool {
		return r == ' ' || r == ',' || r == '.' || r == '!' || r == '-' || r == ':' || r == ')' || r == '(' || r == ';'
	}) {
		if !yesFillers[w] && !isEmojiWord(w) {
			return false
		}
	}
	return true
}

func isEmojiWord(w string) bool {
	for _, r := range w {
		if r < 0x2000 {
			return false
		}
	}
	return true
}

var (
	// pickCueRE finds a chosen proposal anywhere: "nehme 1", "number 2",
	// "den zweiten Vorschlag", "the last one".
	pickCueRE = foldedRE(`\b(?:nehme[n]?|nehm|nimm|take|go with|choose|pick|wähle[n]?|option|vorschlag|slot|number|nummer|nr\.?|no\.|termin|proposal)\s*(?:ich\s+|wir\s+)?(?:bitte\s+|please\s+)?(?:den\s+|die\s+|das\s+|the\s+|ihren\s+|ihre\s+|your\s+|number\s+|nummer\s+|nr\.?\s*|option\s+|vorschlag\s+)?(1|2|3|eins|zwei|drei|one|two|three|erste[nrs]?|zweite[nrs]?|dritte[nrs]?|letzte[nrs]?|first|second|third|last)\b|\b(?:den|der|die|das|the|ihren|ihre|euren|eure|deinen|your)\s+(erste[nrs]?|zweite[nrs]?|dritte[nrs]?|letzte[nrs]?|first|second|third|last)\b(?:\s+(?:vorschlag|termin|option|one|slot|proposal|passt|geht|ist gut|works|is fine))?`)
	// lonePickRE is a short answer that is just a number 1–3.
	lonePickRE = foldedRE(`(?:^|[\s,.:;!(])(1|2|3)(?:[\s,.;!)]*$|\s+(?:bitte|please|passt|geht|ok|okay|thanks|danke)\b)`)
)

// pickOf reads the number of a chosen proposal (1–3, -1 for "the last").
func pickOf(low string) int {
	low = remember(strings.TrimSpace(low))
	word := ""
	if m := pickRE.FindStringSubmatch(low); m != nil {
		word = m[1]
	} else if m := pickCueRE.FindStringSubmatch(low); m != nil {
		word = m[1]
		if word == "" {
			word = m[2]
		}
	} else if m := lonePickRE.FindStringSubmatch(low); m != nil && len(strings.Fields(low)) <= 8 {
		word = m[1]
	}
	switch w := word; {
	case w == "":
		return 0
	case w == "1" || w == "eins" || w == "one" || w == "first" || strings.HasPrefix(w, "erste"):
		return 1
	case w == "2" || w == "zwei" || w == "two" || w == "second" || strings.HasPrefix(w, "zweite"):
		return 2
	case w == "3" || w == "drei" || w == "three" || w == "third" || strings.HasPrefix(w, "dritte"):
		return 3
	case w == "last" || strings.HasPrefix(w, "letzte"):
		return -1
	}
	return 0
}
