package nlu

import (
	"strconv"
	"strings"
	"unicode"
)

// VendorAsk is what a message about vendor access asks for.
type VendorAsk string

// The vendor requests.
const (
	VendorNone VendorAsk = ""
	// VendorBooking asks to plan a vendor's access to a system.
	VendorBooking VendorAsk = "booking"
	// VendorNow asks for access right now or today: refused by the SOP.
	VendorNow VendorAsk = "now"
	// VendorStatus asks about booked appointments.
	VendorStatus VendorAsk = "status"
	// VendorCancel asks to cancel a booked appointment.
	VendorCancel VendorAsk = "cancel"
	// VendorQuestion asks about the rules (why, how, what if, permanent
	// admin rights): answered, never booked.
	VendorQuestion VendorAsk = "question"
	// VendorWorkstation is end-user program help on a workstation: no
	// booking needed by the SOP.
	VendorWorkstation VendorAsk = "workstation"
)

// ProtocolCmd is a command about meeting protocols.
type ProtocolCmd string

// The protocol commands.
const (
	ProtoNone   ProtocolCmd = ""
	ProtoStart  ProtocolCmd = "start"
	ProtoShow   ProtocolCmd = "show"
	ProtoSign   ProtocolCmd = "sign"
	ProtoSubmit ProtocolCmd = "submit"
	ProtoEdit   ProtocolCmd = "edit"
	ProtoSend   ProtocolCmd = "send"
	ProtoVerify ProtocolCmd = "verify"
	ProtoFind   ProtocolCmd = "find"
	// ProtoLines: the message consists of protocol lines ("Titel: …").
	ProtoLines ProtocolCmd = "lines"
	// ProtoTranscript: a pasted transcript to draft from.
	ProtoTranscript ProtocolCmd = "transcript"
	// ProtoUnsign: a signer is to be taken off ("our CFO won't sign after
	// all, please take her off the signers").
	ProtoUnsign ProtocolCmd = "unsign"
	// ProtoChange: an item is to be changed, said in words ("please change
	// the decision to 9am to 12pm"); Message.ItemChange says how.
	ProtoChange ProtocolCmd = "change"
	// ProtoStatus asks about a protocol's state: binding yet, who signed,
	// who is missing ("ist das Protokoll jetzt verbindlich?", "has
	// everyone signed?").
	ProtoStatus ProtocolCmd = "status"
	// ProtoStays asks whether a change or remark changes the protocol,
	// whether the original, signed one stays as it was ("und das
	// ursprüngliche Protokoll bleibt so?", "does my remark change anything
	// in the signed protocol?").
	ProtoStays ProtocolCmd = "stays"
	// ProtoProxySign asks to sign for someone else ("ich unterschreibe
	// für Frau Brandes mit", "can I sign on Daniel's behalf?"), which
	// nobody can.
	ProtoProxySign ProtocolCmd = "proxy_sign"
)

// ItemChange is a protocol item to change, as the client put it.
type ItemChange struct {
	// Kind is "decision", "agreement", "action", or "" when the item is
	// named by number.
	Kind string `json:"kind,omitempty"`
	// N is the item's number, 0 when not given.
	N int `json:"n,omitempty"`
	// To is the new wording or value, as written ("9am to 12pm").
	To string `json:"to,omitempty"`
	// Not is the value it replaces, when said ("not 1pm").
	Not string `json:"not,omitempty"`
}

var (
	itemWordRE = `(?:(?:die |den |das |the |our |unsere? )?(entscheidung|beschluss|vereinbarung|absprache|aufgabe|decision|agreement|action(?: item)?|to-?do)(?:\s+(?:nr\.?\s*|no\.?\s*)?(\d+))?|(?:punkt|item|eintrag|nr\.?|nummer|point)\s*(\d+))`
	// itemWrongRE: "Punkt 1 stimmt so nicht, das war …", "item 2 is
	// wrong, it should be …": group 1 the item.
	itemWrongRE = newLitRE(`(?i)((?:punkt|item|eintrag|nr\.?|nummer|point)\s*\d+)\s+(?:stimmt|ist|war|is)\s+(?:so\s+|leider\s+|doch\s+|auch\s+)*(?:nicht|falsch|wrong|not right|incorrect)\b[^.!?]{0,30}?[,.:;–-]?\s*(?:das war|es war|es ist|richtig ist|richtig wäre|it was|it should be|should be|correct is)\s+`)
	// itemChangeRE: "change the decision to …", "ändern Sie bitte die
	// Vereinbarung auf …", "Punkt 2 ändern: …".
	itemChangeRE = newLitRE(`(?is)(?:^|[^\pL])(?:(?:change|correct|update|amend|fix|edit|adjust|modify)\s+(?:please\s+)?` + itemWordRE + `|(?:änder\w*|aender\w*|korrigier\w*|berichtig\w*|anpass\w*|pass\w*)\s+(?:sie\s+)?(?:bitte\s+)?(?:noch\s+)?` + itemWordRE + `|` + itemWordRE + `\s+(?:[\pL]+\s+){0,4}(?:ändern|aendern|korrigieren|anpassen|berichtigen|abändern|change|correct|update))(?:\s+(?:bitte|please|noch|an))?(?:\s*(?:auf|in|zu|to|:|=|so that it (?:says|reads)|so dass)\s*(.+))?`)
	itemNotCutRE = newLitRE(`(?i)[\s,]+(?:not|nicht(?: mehr)?|statt|instead of|anstatt|anstelle von)\s`)
	itemNotRE    = foldedRE(`\b(?:not|nicht(?: mehr)?|statt|instead of|anstatt|anstelle von)\s+([^.,;!?]+)`)
)

// readItemChange reads a change of a protocol item said in words.
func readItemChange(text string) *ItemChange {
	g := itemChangeRE.FindStringSubmatch(text)
	if g == nil {
		return nil
	}
	c := &ItemChange{}
	for i := 1; i+2 < len(g)-1; i += 3 {
		if g[i] != "" {
			c.Kind = itemKind(g[i])
		}
		for _, n := range []string{g[i+1], g[i+2]} {
			if n != "" {
				c.N, _ = strconv.Atoi(n)
			}
		}
	}
	c.To = strings.TrimLeft(strings.TrimRight(strings.TrimSpace(g[len(g)-1]), " !"), ":= ")
	if loc := itemNotCutRE.FindStringIndex(c.To); loc != nil && loc[0] > 0 {
		c.To = strings.TrimRight(c.To[:loc[0]], " ,")
	}
	if n := itemNotRE.FindStringSubmatch(fold(text)); n != nil {
		c.Not = strings.TrimSpace(n[1])
	}
	return c
}

func itemKind(w string) string {
	switch w := strings.ToLower(w); {
	case strings.HasPrefix(w, "entsch"), strings.HasPrefix(w, "beschl"), w == "decision":
		return "decision"
	case strings.HasPrefix(w, "verein"), strings.HasPrefix(w, "absprache"), w == "agreement":
		return "agreement"
	}
	return "action"
}

// Social is small talk: greetings, thanks, help, the bot's nature.
type Social string

// The kinds of small talk.
const (
	SocialNone     Social = ""
	SocialGreeting Social = "greeting"
	SocialHelp     Social = "help"
	SocialIdentity Social = "identity"
	SocialThanks   Social = "thanks"
	SocialAck      Social = "ack"
	SocialApology  Social = "apology"
	// SocialAway: the writer is called away for a moment ("brb", "warte,
	// Kunde ist da", "patient at the desk"), or back from it.
	SocialAway Social = "away"
)

var (
	forgetRE   = foldedRE(`(?:lösch\w*|entfern\w*|vergiss|vergessen|delete|erase|remove|forget|wipe)\b[^.?!]{0,40}\b(?:mein\w*|unser\w*|my|our)\s+(?:\w+\s+)?(?:name\w*|nummer|telefonnummer|number|phone|daten|data|details|angaben|informationen|info|records?|kontakt\w*|contact)|(?:lösch\w*|entfern\w*|vergiss|vergessen)\b.{0,40}\b(?:meine|alle meine|unsere|alle unsere)\s+(?:daten|angaben|tickets|rückrufe|informationen|personenbezogenen daten|kontaktdaten)|\b(?:meine|unsere)\s+(?:daten|angaben|informationen|kontaktdaten)\b.{0,30}(?:lösch|entfern)|\b(?:delete|erase|remove|forget)\b.{0,30}\b(?:my|our|all my|all our)\s+(?:data|details|information|tickets|personal data|contact details)|\b(?:delete|erase|remove|wipe)\b.{0,30}\b(?:data|details|information|records)\b.{0,40}\b(?:about|on|of) (?:me|us)\b|(?:lösch\w*|entfern\w*)\b.{0,40}\b(?:daten|angaben|informationen)\b.{0,40}\b(?:über|zu|von) (?:mir|mich|uns)\b|\b(?:daten|angaben|informationen)\b.{0,40}\b(?:über|zu|von) (?:mir|mich|uns)\b.{0,30}\blösch|\bright to (?:be forgotten|erasure)\b|\bdsgvo\b.{0,40}lösch|\bgdpr\b.{0,40}(?:delete|erase)`)
	helpRE     = foldedRE(`^\W*(?:(?:hallo|hi|hello|hey|moin|servus|guten (?:morgen|tag|abend))\W+)?(?:hilfe|help|menu|menü|was (?:kannst du|können sie|könnt ihr|kann ich hier|kann der bot|machst du|machen sie hier)(?: eigentlich)?(?: alles)?(?: (?:tun|machen|fragen))?|wobei (?:kannst du|können sie|könnt ihr) (?:mir )?helfen|womit (?:kannst du|können sie|könnt ihr) (?:mir )?helfen|wie (?:kannst du|können sie|könnt ihr) (?:mir )?helfen|wer bist du|wer sind sie|what (?:can|do) you (?:do|help with|offer)|what else can you do|how can you help(?: me)?|what are you|who are you|what can i ask(?: you)?)\W*$`)
	identityRE = foldedRE(`\b(?:(?:sind sie|bist du|seid ihr|ist das) (?:eigentlich |wirklich |ein |eine |echt )*(?:mensch|menschen|bot|chatbot|roboter|ki|maschine|computer|programm|automat|echt|real)|(?:rede|spreche|schreibe|chatte) ich (?:hier )?(?:mit )?(?:einem |einer )?(?:mensch|menschen|bot|maschine|ki|computer|person)|are you (?:a |an |actually |really )*(?:human|bot|robot|real person|ai|machine|person|real)|am i (?:\w+ )?(?:talking|chatting|speaking|writing) (?:to|with) (?:a |an )?(?:real |actual |live )?(?:bot|human|person|machine|ai|computer|program)|(?:rede|spreche|schreibe|chatte) ich (?:\w+ ){0,2}mit (?:einem |einer )?(?:echten |richtigen |realen )?(?:mensch\w*|bot|maschine|ki|computer|person))\b`)
	// greetingOnlyRE is a greeting without a request.
	greetingOnlyRE = foldedRE(`^\W*(?:hallo|hi|hey|hello|moin(?: moin)?|servus|grüß gott|guten (?:morgen|tag|abend)|good (?:morning|afternoon|evening)|hallöchen|huhu)(?:\W+(?:zusammen|ihr|team|leute|there|all|everyone|hallo|hi|hey|hello|moin|servus|guten (?:morgen|tag|abend)|good (?:morning|afternoon|evening)))*\W*$`)
	thanksRE       = foldedRE(`^\W*(?:danke|vielen dank|danke schön|dankeschön|merci|thanks|thank you|thx|ty|cheers|super,? danke|top,? danke|perfekt,? danke|great,? thanks|tschüss|tschau|bis dann|ciao|bye|goodbye|schönen tag|have a nice day|see you)\b[\w\s,.!]*$`)
	ackRE          = foldedRE(`^\W*(?:ok|okay|okey|alles klar|gut|verstehe|verstanden|ich verstehe|aha|ah ok|achso|ach so|i see|got it|understood|makes sense|right|alright|fine|cool|klar)\W*$`)
	// apologyRE is a short apology on its own ("ok sorry 😅", "my bad").
	// awayRE is a short message that says the writer is called away for a
	// moment, or was: "brb", "moment, kunde ist da", "patient at the desk,
	// brb", "sorry colleague was asking me something".
	awayRE = foldedRE(`^\W*(?:(?:sorry|sry|ok|okay|so|moment|warte|wait|oh|ah|ach)\W+){0,3}(?:brb|bin (?:gleich|sofort) (?:wieder )?(?:zurück|da)|gleich wieder da|kurz weg|(?:einen |ein )?(?:moment|augenblick)(?: bitte| mal)?|warte(?:n sie)?(?: mal| kurz| bitte)*|(?:one|a|just a) (?:sec|second|moment|minute)|hang on|hold on|back in (?:a|5|five|ten|10) ?(?:sec|secs|second|seconds|min|mins|minutes?)?|(?:der |die |ein |eine |a |the |my |mein\w* )?(?:kunde|kundin|patient\w*|client|customer|telefon|phone|chef\w*|boss|kolleg\w*|colleague|lieferant|delivery)\w*\s+(?:(?:is|ist|steht)\s+)?(?:da|here|at the (?:desk|door|counter)|an der (?:theke|tür|kasse)|am (?:tresen|empfang|telefon)|vor mir|klingelt|ringing|rings|calling|ruft an|was asking me something|fragt (?:mich )?(?:was|gerade was)|wartet|waiting|came in|kommt(?: gerade)?(?: rein)?|just walked in))\W*(?:(?:brb|sorry|moment|sec|warte kurz|one sec|bin gleich zurück)\W*)?$`)
	// protoBackDoneRE comes back to the protocol to finish it: "Back to
	// the protocol - that's everything, done.", "Zurück zum Protokoll:
	// das war's, fertig".
	protoBackDoneRE = foldedRE(`\b(?:back to|zurück zum|zurück zu dem|nochmal zum|again to)\s+(?:the |our |dem |unserem )?(?:protocol|protokoll|minutes)\b[^?]{0,40}\b(?:done|fertig|that'?s (?:everything|all|it)|das war'?s|das ist alles|ready for signing|zur unterschrift)`)
	// awayTailRE ends a short message with "one sec", "brb": "ugh sorry my
	// boss wants the vat figures, one sec".
	awayTailRE = foldedRE(`[,;.–-]\s*(?:one sec|one second|brb|back in a (?:sec|second|minute)|bin gleich (?:wieder )?(?:zurück|da)|(?:einen )?moment bitte|einen moment|kurz warten bitte)\W*$`)
	apologyRE  = foldedRE(`^\W*(?:(?:ok|okay|oh|ah|ach so|achso|na gut|alles klar)\W+)?(?:sorry|entschuldigung|sorry dafür|tut mir leid|my bad|my apologies|apologies|oops|hoppla)\W*$`)
)

var (
	// callbackWishRE: the client asks to be called.
	callbackWishRE = foldedRE(`\b(?:(?:can|could) (?:someone|somebody|you) (?:also |please )*(?:call|ring|phone) (?:my|our) (?:colleague|co-?worker|boss|manager|assistant|office manager)|(?:kann|könnte|könntet) (?:jemand|einer|ihr|sie) (?:\w+ ){0,2}(?:auch )?(?:meinen|meine|unseren|unsere) (?:kollegen|kollegin|chef|chefin) (?:\w+ ){0,4}(?:anrufen|zurückrufen)|(?:can|could|may) (?:i|we) (?:get|have) a (?:call|callback|ring|phone call)|(?:i'?d|i would|we'?d|we would) like a (?:call|callback|ring|phone call)|(?:dass|das) (?:mich|uns) (?:\w+ ){0,3}(?:anruft|anrufen|zurückruft|zurückrufen)|rückruf\w*|rückrf|rükruf\w*|rückuf|rückkruf\w*|rücruf\w*|ruckruf\w*|zuruckruf\w*|zuruck ?rufen|callback(?:en|t)?|call ?back|zurückrufen|zurückruft|zurück ?rufen|ruf(?:en|t|e)? (?:sie |ihr |du )?(?:mich|uns)\b[^?!\n]{0,70}?\b(?:zurück|an)\b|(?:könnt|können|könnten|kannst|könntet|würden|würdet)\s+(?:sie|ihr|du|jemand|einer)\s+(?:mich|uns)\b[^?!\n]{0,70}?\b(?:anrufen|zurückrufen|kontaktieren)\b|(?:mich|uns)\s+(?:bitte\s+|mal\s+|kurz\s+|doch\s+)*(?:anrufen|zurückrufen)\b|ruf(?:en|t|e)? (?:sie |ihr |du )?(?:mich|uns) (?:bitte |mal |kurz |doch |gleich |sofort |heute |morgen )*(?:zurück|an)|mich (?:bitte |mal |kurz )*(?:anrufen|zurückrufen)|(?:kann|könnte|koennte) mich (?:da |dann |deswegen |dazu |mal |bitte |kurz |vielleicht |heute |morgen )*(?:jemand|einer|wer) (?:da |dann |mal |bitte |kurz |heute |morgen )*(?:anrufen|zurückrufen|beraten)|(?:kann|könnte|koennte) mich (?:\w+ ){0,2}(?:jemand|einer|wer)\b[^?!.\n]{0,40}?\b(?:anrufen|zurückrufen)\b|bitte (?:(?:sofort|schnell|dringend|gleich|kurz|mal|umgehend|schnellstmöglich|zeitnah|heute|morgen|asap) )*(?:anrufen|zurückrufen)|(?:anrufen|zurückrufen),? bitte|(?:bitte|bitten|brauche|brauchen) (?:um |dringend )?(?:einen |ihren )?(?:kurzen |baldigen |sofortigen |schnellen )?anruf|melden sie sich|meldet euch|melde dich|call me|call us|ring me|give me a (?:ring|call)|give us a (?:ring|call)|phone me|get back to me|have someone call)\b`)
	// callbackNotWishRE: mentions a callback without asking for one.
	// ticketCancelRE withdraws a filed callback request.
	ticketCancelRE    = foldedRE(`\b(?:(?:cancel|withdraw|drop|call off|scrap|delete)\b[^.?!]{0,20}\b(?:callback|call back|call|request)|(?:rückruf\w*|anfrage)\b[^?!]{0,40}\b(?:kann raus|kann weg|kann entfallen|kann gestrichen werden|entfällt)|(?:rückruf\w*|anfrage)\b[^.?!]{0,30}\b(?:zurückziehen|zurücknehmen|stornieren|streichen|absagen|canceln|löschen|nicht mehr nötig|nicht mehr gebraucht|hat sich erledigt)|(?:brauche|brauchen) (?:den|keinen) rückruf (?:doch )?(?:nicht|mehr)|rückruf\w* (?:brauche|brauchen|braucht) (?:ich|wir|es|man) (?:doch )?(?:nicht mehr|nicht|keinen mehr)|(?:bitte )?(?:den rückruf |ihn |das )?(?:zurückziehen|stornieren)\W*$|(?:don'?t|do not) need (?:the|that|a) call(?:back)? any ?more)\b`)
	callbackNotWishRE = foldedRE(`\b(?:(?:callback|call|request|rückruf\w*|anfrage)\s+(?:is|was|ist|war)\s+(?:\w+\s+)?(?:off|cancelled|canceled|withdrawn|gone|storniert|abgesagt|erledigt|weg|zurückgezogen)|welche (?:rückruf\w*|anfragen|tickets) (?:habe|hab|haben|sind|gibt)|(?:what|which) (?:callbacks|requests|tickets) (?:do|have|are)|(?:callback|rückruf)[- ]?(?:tickets?|requests?|liste|list|anfragen|wünsche)|(?:list|show|print|dump|gib|zeig)\w*\b[^.?!]{0,40}\b(?:callback|rückruf)\w*|stand (?:von|zu|zum) (?:rückruf|ticket|anfrage)\w*|(?:mein\w*|unser\w*|my|our|that|the|diese[nm]?|den) (?:rückruf\w*|callback\w*)\b|keinen? rückruf|kein rückruf|no callback|don'?t want a call|stand (?:meines|meiner|des|vom|unseres) rückruf\w*|status (?:of )?(?:my|our|the) callback|rückruf (?:eigentlich )?kostet|kostet (?:so )?ein rückruf|was kostet .{0,20}rückruf|wann ruft|ruft (?:mich |uns )?(?:jetzt |denn |nun |endlich )*(?:jemand|einer|wer) an|hat (?:schon )?(?:jemand|einer) angerufen)\b`)
	ticketStatusRE    = foldedRE(`\b(?:wer ruft (?:mich |uns )?(?:denn |jetzt |nun |dann )?(?:eigentlich )?an\b|who(?:'s| is| will be)? (?:calling|going to call|will call)|wie (?:schaut|sieht|steht)(?:'?s| es)?(?: denn| jetzt| nun)?(?: aus)? (?:mit|bei) (?:mein\w*|unser\w*|dem|der)\s+(?:rückruf\w*|ticket\w*|anfrage\w*|anliegen|callback\w*)|(?:what'?s|what is) (?:happening|going on) with (?:my|our|the) (?:callback|call ?back|request|ticket)|(?:stand|status|neuigkeiten|neues|news|update|infos?)\b[^.?!]{0,30}\b(?:mein\w*|unser\w*|my|our|the|dem|den)\s+(?:rückruf\w*|ticket\w*|anfrage\w*|anliegen|callback\w*|request\w*)|(?:schon |bereits )?(?:jemand|einer|wer|anyone|anybody|someone|somebody)\b[^.?!]{0,25}\b(?:dran|drauf|auf dem tisch|in arbeit|in der mache|bearbeitet|angeschaut|angesehen|gesehen|looked at|on (?:their|his|her|the) desk|working on|geschnappt|übernommen|angenommen|picked (?:it |this |that )?up|on it|taken (?:it |this )?(?:on|over)|looking at|assigned)|(?:wie ist |was ist )?(?:der )?stand (?:meines|meiner|meine|des|der|vom|von meinem|von meiner|unseres|unserer|zu meinem|zu meiner)\b.{0,20}(?:rückruf|ticket|anfrage|anliegen)|status (?:of |on )?(?:my|our|the) (?:callback|ticket|request)|(?:ruft|meldet) (?:mich |uns )?(?:jetzt |denn |heute |bald |nun |endlich )*(?:jemand|einer|wer|ihr|sie) (?:an|zurück|sich)|wann ruft (?:mich )?(?:jemand|einer|wer|ihr|ihr mich)|hat (?:sich )?(?:schon )?(?:jemand|einer) (?:gemeldet|angerufen)|has anyone (?:called|picked)|when will (?:someone|somebody|you) call|is someone (?:going to )?call|meine (?:rückrufe|tickets|anfragen)|my (?:callbacks|tickets|requests)|welche (?:rückruf\w*|tickets|anfragen) (?:habe|hab|haben) (?:ich|wir)|(?:callback|call|request|rückruf\w*|anfrage)\s+(?:is|was|ist|war)\s+(?:\w+\s+)?(?:off|cancelled|canceled|withdrawn|gone|storniert|abgesagt|zurückgezogen)|(?:what|which) (?:callbacks|tickets|requests) (?:do|have) (?:i|we))\b`)

	// statusWordRE and callbackWordRE: a question how things stand, and a
	// callback named.
	statusWordRE   = foldedRE(`\b(?:stand|status|neuigkeiten|how (?:are|is) (?:things|it|they)|where are we)\b`)
	callbackWordRE = foldedRE(`\b(?:rückruf\w*|callback\w*|call ?back|ticket\w*)\b`)
	apptRefRE      = newLitRE(`(?i)\bVA-\d{2}-\d{4,}\b`)
	ticketRefRE    = newLitRE(`(?i)\bCB-\d{2}-\d{4,}\b`)
	protoRefRE     = newLitRE(`(?i)\bPR-\d{2}-\d{4,}\b`)
	apptCancelRE   = foldedRE(`\b(?:absagen|abgesagt|stornieren|storniere|storno|streichen|canceln|cancel|call off|entfällt|entfallen|fällt aus|zurückziehen|nicht mehr (?:nötig|gebraucht))\b`)
	apptWordRE     = foldedRE(`\b(?:booked|gebucht|eingetragen|vorgemerkt|termin\w*|herstellertermin\w*|zugriffstermin\w*|appointment\w*|booking\w*|slot\w*|zugriff|access|wartungsfenster|(?:vendor |herstell\w* )visits?)\b`)
	apptStatusRE   = foldedRE(`\b(?:(?:ist|is|steht|ob) (?:der|das|unser|mein) (?:[\w-]+ )?(?:\w*termin|zugang|zugriff|slot)\b[^?!]{0,30}?\b(?:fix|fest|feststeht|bestätigt|genehmigt|freigegeben|sicher|durch|ok|okay)\b|(?:der|den|die) (?:alte|bisherige|erste|vorige|ursprüngliche)\w* (?:termin|zugang|slot|buchung)\b[^?]{0,40}\b(?:weg|gelöscht|storniert|abgesagt|hinfällig|frei|raus|erledigt|gestrichen)\b|the (?:old|original|previous|first) (?:appointment|slot|booking|window)\b[^?]{0,30}\b(?:gone|cancel+ed|deleted|dropped|freed|off)\b|(?:ist|steht) (?:der|das|unser|mein) (?:\w*termin|zugang|zugriff|slot)\b[^?!]{0,30}?\b(?:fix|fest|bestätigt|genehmigt|freigegeben|sicher|durch)\b|(?:ist|bleibt) (?:\w+ ){0,2}(?:davon )?unberührt|steht (?:\w+ ){0,2}(?:weiter|weiterhin|noch)\b|(?:is|stays) (?:\w+ ){0,2}(?:unaffected|untouched|still on|still valid)|still stands|what (?:exactly |precisely )?(?:did|have) you (?:just )?(?:book|booked|file|filed|hold|held|enter|entered|put down|note|noted|take|taken)|was haben sie (?:jetzt |denn |nun )?(?:genau |eigentlich )?(?:gebucht|eingetragen|vorgemerkt|aufgenommen)|(?:nothing|anything|something)(?:'s| is)? (?:\w+ )?(?:booked|scheduled)|(?:nichts|noch was|noch etwas|was) (?:mehr )?(?:\w+ )?(?:gebucht|eingetragen|geplant)|(?:jetzt |schon |denn |nun )fix\b|\b(?:ist|sind) (?:das|der|er|es|die|sie) (?:\w+ ){0,2}fix\b|steht (?:der|er|das) (?:\w+ )?(?:jetzt |schon |nun |denn )?(?:fest|fix)\b|(?:schon |jetzt |nun |denn )?(?:verbindlich|endgültig|definitiv|festgezurrt|in trockenen tüchern)\b|(?:is|it'?s) (?:that |the |this |our |my |it )?(?:\w+ )?(?:now |already |yet )?(?:fixed|final|firm|definite|settled|locked in|set in stone|official|binding|a done deal|good to go)\b|(?:schon |jetzt )?sicher\s*\?|confirmed yet|is it (?:on|set|confirmed|final)|all set|stand|status|what(?:'s| is) booked|was (?:ist|haben wir) (?:\w+ )?(?:gebucht|eingetragen|vorgemerkt)|schon durch|(?:jetzt|nun|endlich|denn) durch|neuigkeiten|(?:gibt es|gibt's|gibts) (?:schon )?(?:was )?neues|was neues|(?:any|some) news|news (?:on|about)|an update on|any update|heard back|gone through|went through|through yet|genehmigt|freigegeben|bestätigt|approved|confirmed|(?:meine|unsere|my|our)\s+(?:\w+\s+)?(?:herstellertermine?|zugriffstermine?|termine|appointments?|bookings?)|welche\s+(?:\w+\s+)?\w*termine|(?:list|show)\s+(?:me\s+)?(?:my|our|the)?\s*(?:\w+\s+)?appointments|which\s+(?:\w+\s+)?(?:appointments|visits|bookings)|(?:visits|appointments|bookings|termine)\s+(?:\w+\s+){0,3}(?:coming up|upcoming|anstehen|geplant)|(?:upcoming|anstehenden?|geplanten)\s+(?:\w+\s+)?(?:visits|appointments|bookings|termine))\b`)
	ownStaffRE     = foldedRE(`\b(?:euer|eurer|euren|eurem|eure|your)\s+(?:techniker\w*|technician\w*|support|hotline|kolleg\w*|colleague\w*|engineer\w*|admin\w*)\b`)
	vendorWordRE   = foldedRE(`\b(?:hersteller\w*|softwarehersteller|softwarefirma|softwarehaus|anbieter|lieferant|dienstleister|vendor\w*|supplier|techniker|technician|support|hotline)\b`)
	accessWordRE   = foldedRE(`\b(?:zugriff\w*|zugang\w*|zugänge|einplanen|planen|buchen|reservieren|vormerken|terminieren|\w*termin\w*|fernwartung\w*|fernzugriff\w*|fernhilfe|anmelden|anmeldung|remote|teamviewer|anydesk|aufschalten|draufschalten|einwählen|auf (?:den|unseren|unserem|dem|das|die) (?:\w+)?server|auf (?:den|das|unser) system|auf srv|an den server|an (?:unseren|unserem) server|access|appointment|book|schedule|slot|window|get (?:on|onto|into)|log ?in|connect to|needs? to be on|remote (?:in|into|session))\b`)
	bookVerbRE     = foldedRE(`\b(?:einplanen|planen|buchen|reservieren|vormerken|terminieren|eintragen|book|schedule|plan|reserve|set up (?:a|an) (?:slot|appointment|window)|(?:need|needs|want|wants|would like|i'?d like|brauche|brauchen|braucht|benötige|benötigen|hätte gern|hätten gern|möchte|möchten|bräuchte|bräuchten)\b[^.?!]{0,30}\b(?:slot|termin\w*|appointment|window|fenster|wartungsfenster|booking))\b`)
	// ruleQuestionRE asks about the rules, not for a booking; ruleAskRE
	// does so only within a question ("müssen wir das anmelden?").
	ruleQuestionRE = foldedRE(`\b(?:can (?:he|she|they|the \w+) (?:just|simply)|(?:können|dürfen|könnten|darf|kann) (?:die|der|sie|er) (?:\w+ )?(?:einfach|mal eben|direkt|sofort) |stay logged in|stay connected|eingeloggt bleiben|angemeldet bleiben|the whole week|die ganze woche|warum|wieso|weshalb|why|how come|wie läuft|wie funktioniert|how does|what'?s the process|is (?:that|this|it) (?:ok|okay|allowed|fine)|ist das (?:ok|okay|erlaubt|in ordnung)|grundsätzlich|generell|in general|generally|normalerweise|usually|what if|was ist,? wenn|was passiert|und wenn|and if|does that change|ändert das|dauerhaft|permanent\w*|rund um die uhr|24/7|around the clock|vorher anmelden|in advance with you|so weit im voraus|so lange vorher)\b`)
	ruleAskRE      = foldedRE(`\b(?:muss man|müssen wir|brauchen wir|do we (?:really )?need|do i need|need to book|falls|wie geht das|7 tage vorher)\b[^?]*\?`)
	// needAccessRE: someone needs to get onto a system ("der Techniker
	// muss an unseren Server", "needs access").
	needAccessRE = foldedRE(`\b(?:muss|müssen|soll|sollen|will|wollen|möchte|möchten|braucht|brauchen|benötigt|benötigen|müsste|needs?|has to|have to|wants? to|must|would like to|requires?)\b[^.?!]{0,60}\b(?:zugriff|zugang|auf (?:den|unseren|unserem|das|die|unser|einen|eine|einem)|an (?:den|unseren|unserem|das|einen|eine|einem)|drauf|rauf|ran|access|onto|on to|into|log ?in|connect)\b`)
	// referenceAskRE asks for the reference of a request.
	referenceAskRE = foldedRE(`\b(?:welche (?:nummer|referenz|referenznummer|ticketnummer|vorgangsnummer|kennung) (?:hat|trägt|hätte|bekommt|kriegt) (?:das|der|die|es|er|sie|mein\w*)\b|what(?:'s| is) (?:the|my|its) (?:ticket|reference|case) (?:number|no\.?|id)\b|welche (?:nummer|referenz|ticketnummer|vorgangsnummer|kennung)\b[^.?!]{0,25}\b(?:rückruf\w*|ticket\w*|anfrage\w*|vorgang\w*|termin\w*|anliegen|auftrag\w*|protokoll\w*)|(?:die |meine |unsere )?(?:referenz|referenznummer|ticketnummer|vorgangsnummer|aktenzeichen)\b[^.?!]{0,20}\?|(?:referenz|referenznummer|ticketnummer|vorgangsnummer|aktenzeichen|reference number|ticket number|case number)\b[^.?!]{0,25}\b(?:nennen|sagen|geben|schicken|mitteilen|wiederholen|repeat|give|tell|send)\b|what(?:'s| is) (?:the|my|our) (?:reference|ticket number|ref|case number|number of (?:the|my) (?:request|callback|ticket))|which reference|which (?:ticket|case|reference) number|which number (?:is|does|has) (?:my|our|the|it) (?:request|callback|ticket|case)|reference number)\b`)
	// whenCalledRE asks when the call comes.
	whenCalledRE = foldedRE(`\b(?:wann (?:\w+ ){0,4}(?:melden|meldet|rufen|ruft|anrufen|zurückrufen|zurückgerufen|angerufen)|(?:when|what time) (?:\w+ ){0,3}(?:call|ring|phone|contact|get back|hear from)|um wie viel uhr (?:\w+ ){0,3}(?:melden|rufen|anrufen))\b`)
	// canCancelRE asks whether something can be withdrawn or changed.
	canCancelRE = foldedRE(`\b(?:(?:kann|könnte|darf) (?:ich|man|wir) (?:\w+ ){0,4}(?:absagen|stornieren|zurückziehen|canceln|ändern|verschieben|löschen)|(?:lässt sich|kann man) (?:\w+ ){0,3}(?:absagen|stornieren|zurückziehen|ändern|verschieben)|(?:can|could|may) (?:i|we|one) (?:\w+ ){0,4}(?:cancel|withdraw|call off|change|move|reschedule)|is it possible to (?:cancel|withdraw|change|move|reschedule))\b`)
	// rescheduleRE asks to move an appointment.
	rescheduleRE = foldedRE(`\b(?:(?:das|ihn|es|den termin|den zugang|den zugriff) (?:\w+ ){0,3}auf (?:den |die |das |nächste\w* )?[\w.]+ (?:\w+ )?schieben|schieben wir (?:das|ihn|es|den termin)|verschieb\w*|verschoben|verleg\w*|vorzieh\w*|vorgezogen|bring (?:it |this |that |the (?:appointment|slot|booking|window) )?forward|umleg\w*|umbuch\w*|reschedul\w*|postpon\w*|move (?:it|this|that|the (?:appointment|slot|booking|window))|push (?:it|this|that|the appointment) (?:back|out|to)|(?:change|shift) the (?:date|day|time)|(?:datum|tag|uhrzeit|termin) ändern|(?:einen |auf einen )?anderen tag)\b`)
	// othersDataRE asks about another person's request or data.
	othersDataRE = foldedRE(`\b(?:(?:which|what|who)\s+(?:other\s+)?(?:companies|clients|customers|firms|businesses|practices|offices)\b[^?]*?\b(?:have|has|use|uses|using|run|runs|running|booked|called|asked)\b|welche\s+(?:anderen\s+)?(?:firmen|kunden|unternehmen|mandanten|betriebe|praxen|kanzleien)\b[^?]*?\b(?:haben|hat|nutzen|setzen|benutzen|verwenden|betreut)\b|(?:die|der|das)\s+(?:firma|kanzlei|praxis|nachbar\w*|kollegen von|leute von|andere\w*)\b[^.?!]*?\b(?:hat|hatte|haben)\b[^?]*?\b(?:rückruf\w*|ticket\w*|termin\w*|anfrage\w*)\b[^?]*?\b(?:worum|was|wann|welche\w*|wie)\b|(?:er|sie|he|she|they|mein (?:kollege|mann|bruder|chef|vater|sohn)|meine (?:kollegin|frau|schwester|chefin|mutter|tochter)|my (?:colleague|husband|wife|brother|sister|boss|father|mother|son|daughter))\s+(?:hat|hatte|has|had)\s+(?:\w+\s+){0,5}(?:rückruf\w*|ticket\w*|termin\w*|anfrage\w*|callback|request|appointment)\b[^?]{0,120}\b(?:welche\w*|was für|wann|wo|wie|which|what|when|where)\b|(?:welche (?:nummer|telefonnummer|handynummer|adresse)|which (?:number|phone|address)) (?:hat )?(?:er|sie|he|she|they) (?:\w+\s+){0,3}(?:angegeben|hinterlassen|genannt|gave|left|used)|(?:ebenfalls|auch) von (?:ihnen|euch) betreut\b[^?]{0,300}?\b(?:welche\w*|ob|was|wie|wann)\b|(?:also|too) (?:a )?(?:client|customer) of yours\b[^?]{0,300}?\b(?:which|what|whether|how|when)\b|(?:you|you guys) (?:also )?(?:look after|manage|support|service) (?:them|it)(?: too| as well)?\b[^?]{0,200}?\b(?:which|what|whether|how|when)\b)`)
	// bookWishRE asks to book what was talked about.
	// bookingNounRE is booking in the accountant's sense ("beim Buchen von
	// Lieferscheinen", "die Buchhaltung"): no wish for an appointment.
	bookingNounRE = foldedRE(`\b(?:beim|das|zum|vom|fürs) buchen\b|\bbuchen von\b|\bbuchung(?:en)? (?:von|der|des)\b|\bbuchhalt\w*|\bbuchführung\w*|\bbuchungs\w+`)
	bookWishRE    = foldedRE(`\b(?:book|buch\w*|einplan\w*|eintrag\w*|schedule|reserv\w*|vormerk\w*|(?:ein(?:en)?|den) termin (?:machen|ausmachen|vereinbaren)|let'?s do (?:it|that|this)|go ahead|machen wir (?:das|so|es)|dann machen wir)\b`)
	// bareStatusRE asks how things stand, of nothing named.
	bareStatusRE = foldedRE(`^\W*(?:(?:und|and|so|also|ok|okay|hallo|hi)\W+)*(?:status|stand|(?:wie ist |was ist |what(?:'s| is) )?(?:der|the) (?:aktuelle |current )?(?:stand|status)(?: (?:der dinge|jetzt|now|bitte|please))?|(?:gibt(?: es|'s)|gibts) (?:schon )?(?:was |etwas )?neues|(?:schon )?(?:was |etwas )?neues|(?:any|some) (?:news|update)s?(?: yet)?|(?:any )?updates?|neuigkeiten|where are we(?: at)?|wie sieht(?:'s| es) aus|how(?:'s| is) it (?:going|looking))\W*$`)
	// nowRE asks for access right now or today.
	nowRE = foldedRE(`\b(?:sofort|jetzt|gleich jetzt|jetzt gleich|umgehend|heute(?: noch)?|noch heute|right now|immediately|today|straight away)\b`)
	// asapRE wishes for the earliest time: access right now only when
	// something is down, otherwise the earliest compliant slot.
	asapRE = foldedRE(`\b(?:asap|as soon as possible|so schnell wie möglich|so bald wie möglich|schnellstmöglich)\b`)
	// workstationRE and programHelpRE recognise end-user program help.
	workstationRE = foldedRE(`\b(?:arbeitsplatz\w*|workstation\w*|client-?pcs?|pcs?|rechner|laptops?|notebooks?|desktop|anwender\w*|endanwender\w*|end[- ]?users?|benutzer\w*|mitarbeiter\w*|kolleg\w*|azubi\w*|buchhalter\w*|sachbearbeiter\w*|sekretär\w*|empfang|users?|staff member|colleague\w*|employees?|my (?:computer|machine|pc|laptop)|meine[nm]? (?:pc|rechner|laptop|computer)|frau \w+|herr \w+|her pc|his pc)\b`)
	programHelpRE = foldedRE(`\b(?:walk \w+(?: \w+){0,3} through|dial (?:in|into)|show \w+(?: \w+){0,2} how|einweisen|einweisung|schalten sich (?:auf|drauf)|draufschalten|hilfe|helfen|hilft|zeigen|zeigt|erklären|erklärt|bedienung|programmhilfe|anwenderhilfe|anwendungshilfe|anwendersupport|einweisung|schulung|wie man|gucken|schauen|anschauen|ansehen|help|helps|helping|show|explain|how to use|walk (?:her|him|them|me) through|look at|take a look|remote session|fernhilfe|fernwartung|teamviewer|anydesk|quicksupport|aufschalten|lizenzfehler|licensing error|fehlermeldung)\b`)
	// serverLikeRE is a server named only for comparison ("like the
	// server stuff", "wie beim Server").
	serverLikeRE = foldedRE(`\b(?:like|as with|as for|than|wie|wie bei|wie beim|als bei|als beim|anders als)\s+(?:the |die |der |den |dem |beim |bei |our |unsere[nmr]? )?server\w*(?:\s+(?:stuff|things|work|zeug|sachen|kram|arbeiten))?`)
	serverWordRE = foldedRE(`\b(?:server\w*|srv\w*|datenbank\w*|database|domänencontroller|domain controller|dc\d*|vm|hyper-?v|vmware|sql|lizenzserver|license server)\b`)
)

// readVendorAsk classifies a message about vendor access.
func readVendorAsk(m *Message) VendorAsk {
	// booking in the accountant's sense books no appointment
	low := bookingNounRE.ReplaceAllString(m.low, " ")
	hasRef := apptRefRE.MatchString(m.Text)
	switch {
	case apptCancelRE.MatchString(low) && (hasRef || apptWordRE.MatchString(low)):
		return VendorCancel
	case hasRef || apptStatusRE.MatchString(low) && (apptWordRE.MatchString(low) || m.Vendor != "") && m.System == "" && m.When.Window == nil && m.When.Recurrence == nil:
		return VendorStatus
	}
	// "euer Techniker meinte am Telefon …": the provider's own people
	// are no vendor
	vendorish := m.Vendor != "" || vendorWordRE.MatchString(ownStaffRE.ReplaceAllString(low, " "))
	if !vendorish {
		return VendorNone
	}
	if m.AdminPermanent {
		return VendorQuestion
	}
	accessish := accessWordRE.MatchString(low) || m.System != "" || serverWordRE.MatchString(low)
	if !accessish {
		return VendorNone
	}
	if workstationRE.MatchString(low) && programHelpRE.MatchString(low) && !serverWordRE.MatchString(serverLikeRE.ReplaceAllString(low, " ")) && m.System == "" {
		return VendorWorkstation
	}
	if m.AdminPermanent || asksRule(m) || ruleAskRE.MatchString(low) {
		return VendorQuestion
	}
	// "seit heute früh" says since when a problem is, not when to come
	nowLow := pastRE.ReplaceAllString(low, " ")
	if (nowRE.MatchString(nowLow) || asapRE.MatchString(nowLow) && m.Urgent) && m.When.Recurrence == nil && (m.When.Window == nil || m.When.Window.ASAP || isToday(m)) {
		return VendorNow
	}
	// "Could one of your technicians call me back on Friday between 10
	// and 12? Sage says it is a network issue": the time is the call's
	callTime := m.Callback && m.System == "" && m.When.Recurrence == nil && (m.When.Duration == nil || m.When.Duration.FromRange || m.When.Duration.AllDay)
	concrete := m.System != "" || m.When.Window != nil && !callTime || m.When.Span != nil || m.When.Recurrence != nil || m.When.Duration != nil && !callTime
	if bookVerbRE.MatchString(low) || concrete && (m.Vendor != "" || m.Purpose != "") {
		return VendorBooking
	}
	// "der Server, wo Medistar drauf läuft, startet seit dem Windows-Update
	// neu. Ist das bei euch drin?" asks about the contract, it books nothing
	if m.Vendor != "" && m.Purpose != "" && serverWordRE.MatchString(low) && !(m.Question && m.AsksCoverage) && !callTime || needAccessRE.MatchString(low) && !m.Question && !callTime {
		return VendorBooking
	}
	return VendorNone
}

// permanenceRE is the part of ruleQuestionRE that asks about lasting
// access wherever it stands ("der Hersteller möchte dauerhaft Zugriff").
var permanenceRE = foldedRE(`\b(?:dauerhaft|permanent\w*|rund um die uhr|24/7|around the clock|(?:stay|remain|bleiben|bleibt)\s+(?:\w+\s+)?(?:logged in|connected|eingeloggt|angemeldet|verbunden|aufgeschaltet)|(?:for )?the whole week|die ganze woche|all week long|eine ganze woche)\b`)

// LastingAccess reports a folded text that asks for lasting vendor access
// ("stay logged in for the whole week", "dauerhaft").
func LastingAccess(low string) bool { return permanenceRE.MatchString(low) }

// sentenceEndRE ends a sentence of a folded text.
var sentenceEndRE = newLitRE(`[.!?\n]`)

// asksRule reports a message that asks about the rules of vendor access
// (ruleQuestionRE). In a concrete booking request (a system and a time
// named) a rule word counts only where it asks: in a sentence that is a
// question or starts with it; "they want admin rights, no idea why" in
// the middle of a request asks nothing.
func asksRule(m *Message) bool {
	low := m.low
	locs := ruleQuestionRE.FindAllStringIndex(low, -1)
	if len(locs) == 0 {
		return false
	}
	concrete := m.System != "" && (m.When.Window != nil || m.When.Span != nil || m.When.Recurrence != nil)
	if !concrete || permanenceRE.MatchString(low) {
		return true
	}
	for _, loc := range locs {
		start := 0
		if ends := sentenceEndRE.FindAllStringIndex(low[:loc[0]], -1); len(ends) > 0 {
			start = ends[len(ends)-1][1]
		}
		end := len(low)
		if e := sentenceEndRE.FindStringIndex(low[loc[1]:]); e != nil {
			end = loc[1] + e[1]
		}
		sentence := strings.TrimSpace(low[start:end])
		switch strings.TrimSpace(low[start:loc[0]]) {
		case "", "und", "and", "but", "aber", "so":
			return true // "Warum …", "and why …"
		}
		if strings.HasSuffix(sentence, "?") {
			return true
		}
	}
	return false
}

func isToday(m *Message) bool {
	w := m.When.Window
	if w == nil || m.now.IsZero() {
		return false
	}
	y1, m1, d1 := w.Start.Date()
	y2, m2, d2 := m.now.In(w.Start.Location()).Date()
	return y1 == y2 && m1 == m2 && d1 == d2
}

var (
	// proxySignRE signs, or asks to sign, for someone else.
	proxySignRE   = foldedRE(`\b(?:(?:setzen|setz|machen|mach|leisten|geben)\s+(?:sie\s+)?(?:\w+\s+){0,2}(?:seine|ihre|die|deren)\s+unterschrift\s+(?:\w+\s+){0,4}(?:für (?:ihn|sie)|in (?:seinem|ihrem) namen|stellvertretend)|(?:put|add|do)\s+(?:his|her|their)\s+signature\b|(?:sign|signe?)\s+(?:it\s+|this\s+)?(?:for|instead of)\s+(?:him|her|them|the vendor)\b|(?:unterschreibe|unterzeichne|zeichne|unterschreiben|unterzeichnen|sign|signe?)\w*\s+(?:\w+\s+){0,3}(?:on (?:his|her|their|\pL+'?s) behalf|in (?:his|her|their) (?:place|name)|für (?:ihn|sie) mit|in (?:seinem|ihrem) namen|stellvertretend)|(?:unterschreibe|unterzeichne|zeichne|unterschreiben|unterzeichnen|sign|signe?)\w*\s+(?:\w+\s+){0,3}(?:für|fuer|for|im namen (?:von|des|der)|in vertretung (?:von|für)|on behalf of|in place of|instead of)\s+(?:\w+\s+){0,2}\pL+|(?:für|fuer|for|on behalf of|in place of|instead of)\s+(?:herrn?|frau|mr\.?|mrs\.?|ms\.?|\pL+)\s+(?:\w+\s+){0,2}(?:mit\s+)?(?:unterschreiben|unterzeichnen|abzeichnen|sign))\b`)
	protoSignRE   = foldedRE(`^\W*(?:(?:dann|so|gut|ok|okay|also|gerne?|einverstanden|alles klar|prima|passt|ja|yes|fine|great)\W+)*(?:(?:unterschreibe|unterzeichne|signiere) ich|ich (?:unterschreibe|unterzeichne|signiere)|i(?:'ll| will)? sign)(?:\s+(?:hiermit|jetzt|nun|gern|gerne|auch|ebenfalls|now|hereby|dann|mal|da|gleich|mit|einfach|schnell|too|as well))*(?:\s+(?:die|das|den|diese|dieses|the|this)\s+(?:\w+\s+)?(?:fassung|version|protokoll|protocol))?(?:\s+(?:ebenfalls|auch|hiermit|jetzt|gleichfalls|ebenso|too|as well|now))*\W*$|^\W*(?:(?:(?:ich )?(?:habe |hab )?(?:es |das |'s )?gelesen(?: und einverstanden)?|i'?ve read it|read it|einverstanden|in ordnung|passt so|read and agreed|agreed|all good|looks fine|ok(?:ay)?|gut|passt|prima|super|alles klar|perfekt|fine|great|good|looks good|sieht gut aus|ja|yes|dann|then|so|nochmal|noch ?mal|noch einmal|erneut|wieder)\W+)*(?:ich\s+|i'?m\s+|i am\s+|we'?re\s+|we are\s+|wir\s+)?(?:(?:nochmal|noch ?mal|noch einmal|erneut|wieder)\s+)?(?:unterschreibe|unterschreiben|unterzeichne|unterzeichnen|signiere|signieren|i\s+sign|sign|sign\s+it|signed|signing|zeichne(?:\s+(?:das|es|ebenfalls|auch|hiermit|jetzt|so|mit|gleichfalls|ebenso))*\s+ab|zeichnen(?:\s+(?:das|es|ebenfalls|auch|hiermit|jetzt|so|mit))*\s+ab|gegenzeichne)\b(?:\s+(?:das|the|hiermit|hereby|jetzt|now|bitte|please|auch|too|as well|nochmal|noch ?mal|noch einmal|erneut|again|wieder|it|so|ebenfalls|gleichfalls|ebenso|this|off))*(?:\s+(?:protokoll|protocol))?(?:\s+pr-\d{2}-\d{4,})?(?:\s+(?:bitte|please|jetzt|now))?\W*$|^\W*(?:protokoll|protocol)?\s*pr-\d{2}-\d{4,}\s+(?:unterschreiben|signieren|sign)\W*$|^\W*(?:von meiner seite|meinerseits|from my side|on my side|on my end|von uns|from us)\W+(?:\w+\W+){0,2}(?:unterschrieben|unterzeichnet|abgezeichnet|signed)\W*$`)
	protoVerifyRE = foldedRE(`^\W*(?:bitte\s+|please\s+)?(?:prüf\w*|überprüf\w*|verify|check|verifizier\w*)\s+(?:\w+\s+){0,2}pr-\d{2}-\d{4,}(?:\s+(?:bitte|please|nochmal|again|mal))*\W*$|(?:prüf|check|verify)\w*\b[^.?!]{0,70}\b(?:unverändert|verändert|gültig|echt|manipuliert|intakt|unchanged|changed|valid|genuine|tampered|intact)|(?:protokoll\w*|protocol\w*)(?:\s+pr-\d{2}-\d{4,})?\s+(?:prüfen|überprüfen|verifizieren|verify|check)|(?:prüfe|prüfen|überprüfe|verifiziere|verify|check)\s+(?:das\s+|the\s+|mein\w*\s+|my\s+|bitte\s+)?(?:protokoll|protocol)|^\W*(?:prüfen|verify)(?:\s+pr-\d{2}-\d{4,})?\W*$|(?:ist|is) (?:das |mein |unser |the |my |our )?(?:protokoll |protocol )?(?:pr-\d{2}-\d{4,} )?(?:noch |still |wirklich |really |auch |denn |so |jetzt |nun |now |eigentlich )*(?:echt|gültig|unverändert|in ordnung|intakt|original|unchanged|valid|genuine|authentic|intact)\b|(?:has|was|wurde|ist) (?:das protokoll |the protocol |it )?(?:pr-\d{2}-\d{4,} )?(?:been |jemals |inzwischen |seitdem |since )?(?:changed|modified|tampered|altered|verändert|geändert|manipuliert)|(?:wurde|was) (?:das protokoll|the protocol|it) (?:verändert|geändert|manipuliert|changed|tampered)`)
	protoFindRE   = foldedRE(`(?:wo finde ich|wo sind|wo ist|wo gibt es|where (?:can i find|do i find|is|are)|(?:meine|unsere|alle) protokolle|(?:my|our|all) protocols|protokolle (?:anzeigen|auflisten|zeigen)|list (?:the |my |our )?protocols|welche protokolle|which protocols)`)
	protoShowRE   = foldedRE(`(?:unterschriebene|signierte|finale|signed|final)\s+(?:fassung|version|protokoll|protocol|copy|document|dokument)\b[^.?!]{0,30}\b(?:zeigen|sehen|ansehen|schicken|senden)|(?:show|see|send)\s+(?:me\s+|us\s+)?(?:the\s+)?(?:signed|final)\s+(?:version|copy|protocol|document|one)|(?:protokoll|entwurf|protocol|draft|minutes)(?:\s+pr-\d{2}-\d{4,})?\s+(?:zeigen|anzeigen|ansehen|sehen|öffnen|show|see|open|display)|(?:zeig\w*|show|display|open|see|öffne)\s+(?:mir\s+|me\s+|uns\s+|us\s+)?(?:bitte\s+|please\s+|mal\s+|nochmal\s+|again\s+)?(?:das\s+|den\s+|the\s+|mein\w*\s+|my\s+|unser\w*\s+|our\s+)?(?:\w+\s+)?(?:protokoll|entwurf|protocol|draft|minutes|pr-\d)|^\W*(?:zeigen|anzeigen|show|entwurf|draft)\W*$`)
	protoEditRE   = foldedRE(`(?:protokoll|protocol|entwurf|draft|minutes)(?:\s+pr-\d{2}-\d{4,})?\s+(?:bearbeiten|ändern|ergänzen|korrigieren|fortsetzen|weiterführen|weiterschreiben|edit|change|correct|continue|resume)|(?:edit|continue|resume|open)\s+(?:the\s+|my\s+|our\s+)?(?:protocol|draft|minutes)|(?:am|mit dem) (?:protokoll|entwurf) weiter|weiter (?:am|mit dem) (?:protokoll|entwurf)|(?:protokoll|entwurf) weiter (?:bearbeiten|machen|schreiben)`)
	protoSendRE   = foldedRE(`(?:protokoll|protocol)(?:\s+pr-\d{2}-\d{4,})?\s+(?:senden|schicken|verschicken|mailen|send|e-?mail)\b|^\W*send (?:the )?protocol`)
	// meetingTodayRE says the meeting took place today ("today's planning
	// call", "die heutige Besprechung"); dateLineRE is a date line.
	meetingTodayRE = foldedRE(`\b(?:today'?s|this (?:morning|afternoon)'?s) (?:\w+ ){0,2}(?:meeting|call|talk|session|discussion|planning)|\b(?:heutigen?|heutiges) (?:\w+ ){0,2}(?:besprechung|gespräch|meeting|termin|telefonat|call|planung\w*|abstimmung)|\b(?:besprechung|gespräch|meeting|telefonat|call) (?:von )?heute\b`)
	dateLineRE     = newLitRE(`(?im)(?:^|[.,;]\s*)(?:datum|date|gesprächsdatum|meeting date)\s*:`)
	protoStartRE   = foldedRE(`\b(?:will|möchte|möchten|wollen|würde gern|würden gern|bitte|want to|would like to|need to|please)\b[^?]{0,40}\b(?:planungsgespräch|gespräch|besprechung|meeting|call|talk|absprache)\w*\b[^?]{0,60}\b(?:festhalten|dokumentieren|aufschreiben|protokollieren|schriftlich festhalten|record|document|write up|put in writing)\b|(?:[.,;:!]\s*|\b(?:also|dann|so|then|daher|deshalb)\s+)(?:(?:ein|einen|a|an)\s+)?(?:protokoll|protocol|gesprächsprotokoll|minutes)\s+(?:bitte|please|pls|plz)\W*$|^\W*(?:(?:a|an|new|neues?|ein(?:en)?|noch ein(?:s)?)\s+)?(?:meeting\s+)?(?:protocol|protokoll|minutes|gesprächsprotokoll)\s*(?:please|pls|plz|bitte)?\W*$|^\W*(?:(?:schnell|rasch|kurz|quick|quickly|jetzt|now)\s+)+(?:a|an|new|neues?|ein(?:en)?)\s+(?:meeting\s+)?(?:protocol|protokoll|minutes|gesprächsprotokoll)\s*(?:please|pls|plz|bitte)\b|protokollier|(?:protokoll|protocol|minutes)\b.{0,40}\b(?:anlegen|starten|beginnen|erstellen|aufsetzen|aufnehmen|führen|anfangen|aufmachen)|\b(?:mach|macht|machen sie|mache)\s+(?:\w+\s+){0,2}(?:protokoll|gesprächsprotokoll)\s+(?:\w+\s+){0,4}auf\b|neues protokoll|(?:start|begin|create|record|new|open|write|take|draft)\s+(?:a\s+|the\s+|an\s+|some\s+)?(?:new\s+)?(?:meeting\s+)?(?:protocol|minutes)|record (?:the|our|this) (?:meeting|talk|call)|take (?:the )?minutes|protokoll (?:für|zu|über) (?:unser|die|das|den)|\b(?:put|get|have|keep)\s+(?:\w+\s+){0,2}(?:minutes|protocol)\b[^.!?]{0,80}\bon record|\b(?:minutes|protocol|protokoll)\b[^.!?]{0,80}\b(?:on record,? signed|signed by (?:all|both|everyone|every)|von allen unterschrieben|unterschreiben lassen)\b`)
	protoLineRE    = newLitRE(`(?im)^\W*(?:(?:korrektur|korrigiert|berichtigung|correction|corrected)\s*[:–-]?\s*)?(?:titel|title|thema|datum|date|kunde|client|customer|hersteller|vendor|dienstleister|provider|msp|unterzeichner\w*|signer\w*|signator\w*|sign-?off|abzeichnen(?: sollen)?|unterschreiben sollen|teilnehmer\w*|teilnehmende|attendees|participants|ergebnisse?|outcomes?|next steps|nächste schritte|offene punkte|open items|vereinbart wurde|entscheidung(?:en)?|beschl(?:uss|üsse|uesse)|beschlossen|decisions?|decided|vereinbarung(?:en)?|vereinbart|agreements?|agreed|absprachen?|aufgaben?|action(?:\s+items?)?|actions|tasks|todos?|to-dos?|punkt\s+\d+|item\s+\d+|e-?mail\s+\S+|zugriffstermin|appointment)\b[^:\n]{0,30}:`)
	// headLineRE is a line of the protocol's head (title, date, parties,
	// signers, attendees) on a line of its own.
	headLineRE = newLitRE(`(?im)^\W*(?:titel|title|datum|date|kunde|client|customer|teilnehmer\w*|teilnehmende|attendees|unterzeichner\w*|signers?)\s*:`)
	// pointLeadRE is the number of an item to replace after a sentence
	// ("… Teamsitzung. Punkt 1: …"); pointBeforeRE text that ends in one,
	// whose label after it stays on its line ("Punkt 1: Entscheidung: …").
	pointLeadRE   = newLitRE(`(?i)([.!?])[ \t]+((?:punkt|item|nr\.?|eintrag)\s*\d+\s*:)`)
	pointBeforeRE = newLitRE(`(?i)\b(?:punkt|item|nr\.?|eintrag)\s*\d+\s*$`)
	// correctionLeadRE is "Korrektur:" before a protocol field, or
	// "korrektur" and the field's name ("korrektur entscheidung: …").
	correctionLeadRE = newLitRE(`(?im)^([ \t]*(?:korrektur|korrigiert|berichtigung|correction|corrected))(?:[ \t]*:[ \t]*|[ \t]+((?:titel|title|datum|date|entscheidung|beschluss|decision|vereinbarung|agreement|aufgabe|action|task)\b))`)
	// inlineFieldRE finds a protocol field written after another on the
	// same line ("Datum: 7.12., Unterzeichner: ich"), to break the line.
	inlineFieldRE     = newLitRE(`(?i)([,;.?!:][ \t]+)((?:titel|title|datum|date|unterzeichner\w*|signers?|teilnehmer\w*|teilnehmende|attendees|entscheidung(?:en)?|beschl(?:uss|üsse|uesse)|beschlossen|decisions?|decided|vereinbarung(?:en)?|vereinbart|agreements?|agreed|aufgaben?|action(?:\s+items?)?|actions|tasks)(?:\s+(?:kunde|client|hersteller|vendor|dienstleister|provider))?\s*:)`)
	protoTranscriptRE = newLitRE(`(?is)^\W*(?:transkript|transcript|mitschrift|gesprächsverlauf|gespraechsverlauf|gesprächsnotizen|meeting notes)\s*:`)
	// signersAreRE reads "signers are me and @sam" as a signer line.
	// signerForRE is a signer line labelled by the party signed for:
	// "Für den Kunden unterschreibt:", "Signing for us:", "For the vendor
	// signs:".
	// signersShallRE is "Unterschreiben sollen:", "Signing will be:".
	signersShallRE = newLitRE(`(?im)(^[ \t]*)(?:unterschreiben|unterzeichnen|unterschreibt|unterzeichnet) (?:sollen|soll|werden|wird|müssen|muss)[ \t]*:|(^[ \t]*)(?:signing|to sign|will sign|signatures? from)[ \t]*:`)
	signerForRE    = newLitRE(`(?im)(^[ \t]*)(?:(?:für|fuer) (?:den |die |das )?(kunden|kundin|klienten|hersteller|anbieter|lieferanten|dienstleister|uns) (?:unterschreibt|unterschreiben|unterzeichnet|zeichnet)|(?:unterschrift|unterschreibt|unterzeichnet) (?:für|fuer) (?:den |die |das )?(kunden|kundin|klienten|hersteller|anbieter|lieferanten|dienstleister|uns)|(?:signing|signed|signs|signature|signer) for (?:the )?(us|client|customer|vendor|supplier|provider|msp)|for (?:the )?(us|client|customer|vendor|supplier|provider|msp) (?:signs|signing|signed))[ \t]*:`)
	signersAreRE   = newLitRE(`(?i)(^|[.,;:]\s+|\n)(signers|signer|unterzeichner(?:in|innen)?|signatories)\s+(?:are|is|sind|ist|wären|waeren)\b`)
	// unsignRE takes a signer off a protocol.
	unsignRE = foldedRE(`\b(?:(?:take|remove|drop|delete|strike)\s+(?:\w+\s+){0,3}(?:off|from)\s+(?:the\s+)?(?:list of\s+)?(?:signers?|signatories|signature list)|(?:als\s+)?unterzeichner\w*\s+(?:\w+\s+){0,2}(?:streichen|entfernen|rausnehmen|löschen)|(?:streich|entfern|nimm|nehmt|nehmen sie)\w*\s+(?:\w+\s+){0,4}(?:von|aus)\s+(?:der\s+)?(?:liste\s+der\s+)?(?:unterzeichner\w*|unterschriftenliste)|(?:won'?t|will not|does not need to|doesn'?t need to|muss nicht|wird nicht|soll nicht)\s+(?:\w+\s+){0,2}(?:sign|unterschreiben)|(?:vergiss|vergessen sie|forget|streich|streichen sie)\s+(?:\w+\s+){1,3}(?:als|as(?: a)?)\s+(?:unterzeichner\w*|signer|signatory))\b`)
	// protoWishRE asks for a protocol in other words ("können Sie das bitte
	// als Protokoll festhalten?", "we need minutes of the kickoff").
	protoWishRE = foldedRE(`\b(?:write up what we (?:agreed|discussed|decided)|(?:halten|halte|haltet|hält) (?:wir |sie |ihr |du )?(?:\w+ ){0,8}(?:schriftlich|im protokoll|in einem protokoll|als protokoll|protokollarisch) fest|(?:put|get|write) (?:\w+ ){0,4}(?:down )?in writing|schriftlich festhalten|(?:festhalten|aufschreiben|notieren),? was wir (?:\w+ ){0,3}(?:besprochen|vereinbart|abgemacht|beschlossen)|(?:als|ins|in ein(?:em)?|zu (?:einem|nem)) (?:gesprächs)?protokoll (?:fest\w*|aufnehmen|schreiben|packen|fassen|nehmen|bringen|gießen)|(?:brauch\w*|bräucht\w*|benötig\w*|hätte\w* gern|möcht\w*|woll\w*|need|want|would like|'d like|require)\b[^.?!]{0,50}\b(?:protokoll|gesprächsprotokoll|protocol|(?:the|some|meeting|written|proper|formal) minutes)\b|(?:protokoll|protocol|minutes)\b[^.?!]{0,40}\b(?:festhalten|aufnehmen|schreiben|machen|erstellen|anfertigen)\b|(?:can|could|would) you (?:please )?(?:\w+ ){0,3}(?:write|take|do|make|draw up|record|set up|turn) (?:\w+ ){0,5}(?:protocol|minutes)|(?:können|könnten|kannst) (?:sie|du|ihr) (?:\w+ ){0,5}(?:protokoll|protokollieren)|(?:bitte|please) (?:\w+ ){0,2}(?:ein(?:en)?|a|an) (?:gesprächs|besprechungs|meeting )?(?:protokoll|protocol|minutes))`)
	// whQuestionRE starts a question about the rules ("warum", "wer").
	whQuestionRE = foldedRE(`^\W*(?:und |aber |and |but )?(?:warum|wieso|weshalb|wozu|wer|was|wie|welche\w*|why|who|what|how|which|muss|müssen|must|do we have to|does it have to)\b`)
	// readBackRE asks to have the text read back.
	readBackRE = foldedRE(`\b(?:(?:den|die|das|was) wir (?:da |dort |im protokoll |darin |drin )?(?:festgehalten|aufgeschrieben|protokolliert|vereinbart) haben|what (?:did we|we) (?:record|recorded|put down|write down|wrote down|agree on|agreed on) (?:in (?:the|that) (?:protocol|minutes))?|(?:lesen sie|lies|lest) (?:\w+ ){0,4}vor|vorlesen|was (?:da |jetzt |nun |denn |eigentlich )*(?:drin ?steht|steht (?:da |jetzt |nun |denn )*drin)|read (?:it|that|this|me) (?:\w+ )?(?:back|out)|read back|what does it say(?: now)?|what(?:'s| is) in it(?: now)?)\b`)
	bareShowRE = foldedRE(`^\W*(?:zeigen|anzeigen|show)\W*$`)
	// seeTextRE asks to read the text before signing ("can I see the
	// full text as it stands?" – "before I put my name on anything").
	seeTextRE   = foldedRE(`\b(?:see|read|view|show me|look at|zeigen|sehen|lesen|ansehen|durchlesen)\b[^?]{0,25}\b(?:the |den |das )?(?:full |whole |complete |entire |final |ganzen |vollständigen |kompletten |aktuellen |current )?(?:text|wording|wortlaut|draft|entwurf)\b`)
	signWordRE  = foldedRE(`\b(?:sign\w*|unterschr\w*|unterzeichn\w*|abzeichn\w*|put my name|meinen namen|draft|entwurf)\b`)
	protoWordRE = foldedRE(`\b(?:protokoll\w*|protocol\w*|minutes|entwurf|draft|unterschr\w*|sign\w*|pr-\d)`)
)

// firstLine is the first line of s.
func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// ProtocolBlock reports a pasted protocol: at least three field lines,
// among them a title or signers and an agreement, decision or action.
func (m *Message) ProtocolBlock() bool {
	lines := protoLineRE.FindAllString(m.ProtocolBody, -1)
	if len(lines) < 2 {
		return false
	}
	low := fold(strings.Join(lines, " "))
	items := 0
	for _, w := range []string{"vereinbar", "entscheid", "aufgabe", "agree", "decision", "action", "beschluss", "absprache", "ergebnis", "outcome", "result", "to-do", "todo", "next step", "nächste schritte"} {
		items += strings.Count(low, w)
	}
	head := strings.Contains(low, "tit") || strings.Contains(low, "unterzeichn") || strings.Contains(low, "sign") || strings.Contains(low, "datum") ||
		strings.Contains(low, "date") || strings.Contains(low, "abzeichn")
	return items >= 1 && (head || items >= 2) && len(lines) >= 2
}

// readProtocolCmd reads a command about protocols.
// signsInASentence reports a sentence of text that is a signature alone
// ("Read it, all correct from our side. I'm signing."), in a message of
// two or three sentences that gives no protocol lines.
func signsInASentence(text string) bool {
	if protoLineRE.MatchString(text) {
		return false
	}
	// split at every full stop too: "stimmt so. Ich unterschreibe." is
	// one sentence to sentences, which keeps "so." as an abbreviation
	parts := fullStopRE.Split(strings.TrimSpace(text), -1)
	if i := strings.LastIndex(text, ", "); i >= 0 && len(parts) <= 2 && protoSignRE.MatchString(fold(text[i+2:])) {
		// "Ich bin der Geschäftsführer, ich unterschreibe da auch gleich
		// mit.": the signing after the comma
		return true
	}
	if len(parts) < 2 || len(parts) > 3 {
		return false
	}
	for _, s := range parts {
		if protoSignRE.MatchString(fold(s)) {
			return true
		}
	}
	return false
}

// fullStopRE ends a sentence: a full stop, question or exclamation mark
// before a space.
var fullStopRE = newLitRE(`[.!?]+\s+`)

// signerParty names the party of a signer label in the words the
// protocol parser reads ("Kunde", "Hersteller", "Dienstleister").
func signerParty(w string) string {
	switch strings.ToLower(w) {
	case "hersteller", "anbieter", "lieferanten", "vendor", "supplier":
		return "Hersteller"
	case "dienstleister", "provider", "msp":
		return "Dienstleister"
	}
	return "Kunde"
}

func readProtocolCmd(m *Message) ProtocolCmd {
	low := m.low
	m.ProtocolBody = signersAreRE.ReplaceAllString(m.ProtocolBody, "$1$2:")
	m.ProtocolBody = signersShallRE.ReplaceAllString(m.ProtocolBody, "${1}${2}Unterzeichner:")
	// "Für den Kunden unterschreibt: …", "Signing for the vendor: …" are
	// signer lines of that party
	m.ProtocolBody = signerForRE.ReplaceAllStringFunc(m.ProtocolBody, func(s string) string {
		g := signerForRE.FindStringSubmatch(s)
		return g[1] + "Unterzeichner " + signerParty(g[2]+g[3]+g[4]+g[5]) + ":"
	})
	// "Korrektur: Entscheidung: …" is one line, the correction of a field
	// (protocols.Parse), not two
	m.ProtocolBody = correctionLeadRE.ReplaceAllString(m.ProtocolBody, "$1 – $2")
	// "… haben wir Teamsitzung. Punkt 1: Entscheidung: …": the item's
	// number starts a line of its own, and keeps the label after it
	m.ProtocolBody = pointLeadRE.ReplaceAllString(m.ProtocolBody, "$1\n$2")
	var b strings.Builder
	last := 0
	for _, loc := range inlineFieldRE.FindAllStringIndex(m.ProtocolBody, -1) {
		sep := m.ProtocolBody[loc[0]:loc[1]]
		if pointBeforeRE.MatchString(m.ProtocolBody[:loc[0]]) {
			continue
		}
		// "Datum: 7.12. 8:15, Unterzeichner: ich": the comma goes, a full
		// stop stays with the value before it
		i := strings.IndexFunc(sep, unicode.IsLetter)
		head := strings.TrimRight(sep[:i], " \t")
		head = strings.TrimRight(head, ",;")
		b.WriteString(m.ProtocolBody[last:loc[0]])
		b.WriteString(head + "\n" + sep[i:])
		last = loc[1]
	}
	b.WriteString(m.ProtocolBody[last:])
	m.ProtocolBody = b.String()
	lines := len(protoLineRE.FindAllStringIndex(m.ProtocolBody, -1))
	switch {
	case protoTranscriptRE.MatchString(m.Text):
		return ProtoTranscript
	case lines == 0 && !strings.Contains(m.Text, "\n") && proxySignRE.MatchString(low):
		return ProtoProxySign
	case lines == 0 && seeTextRE.MatchString(low) && signWordRE.MatchString(low):
		return ProtoShow
	case lines == 0 && readBackRE.MatchString(low):
		// "Lesen Sie mir bitte nochmal vor, was da jetzt drinsteht."
		return ProtoShow
	case protoSignRE.MatchString(low) || signsInASentence(m.Text):
		return ProtoSign
	case lines == 0 && readsProtocolStatus(low):
		return ProtoStatus
	case protoVerifyRE.MatchString(low) && (protoWordRE.MatchString(low) || len(strings.Fields(low)) <= 2):
		return ProtoVerify
	case lines == 0 && protoBackDoneRE.MatchString(low):
		// "Back to the protocol - that's everything, done."
		return ProtoSubmit
	case protoStartRE.MatchString(firstLine(low)):
		if i := strings.IndexByte(m.ProtocolBody, '\n'); i >= 0 {
			m.ProtocolBody = m.ProtocolBody[i+1:]
		}
		if meetingTodayRE.MatchString(low) && !dateLineRE.MatchString(m.ProtocolBody) {
			// "the minutes of today's planning call": held today
			m.ProtocolBody += "\nDate: today"
		}
		return ProtoStart
	case lines < 2 && unsignRE.MatchString(low):
		return ProtoUnsign
	case lines == 0 && len(m.Mentions) > 0 && addSignerRE.MatchString(low):
		// "bitte noch @vera als Unterzeichnerin hinzufügen": the signer
		// line the handler makes of the people named
		return ProtoLines
	case lines == 0 && m.Question && readsProtocolStays(low):
		return ProtoStays
	case lines == 1 && strings.Contains(m.ProtocolBody, "\n") && headLineRE.MatchString(m.ProtocolBody):
		// "der Titel ist mir zu knapp geraten. Er soll bitte lauten:\n
		// Titel: …": the line itself, not an item to change
		return ProtoLines
	case lines < 2 && itemChangeRE.MatchString(m.Text):
		m.ItemChange = readItemChange(m.Text)
		return ProtoChange
	case lines < 2 && itemWrongRE.MatchString(m.Text):
		// "punkt 1 stimmt so nicht, das war von 13 bis 16 uhr": the item
		// changed to what it was
		m.ItemChange = readItemChange(itemWrongRE.ReplaceAllString(m.Text, "$1 ändern: "))
		return ProtoChange
	case lines >= 1 && (lines >= 2 || strings.Contains(m.ProtocolBody, "\n") || !protoWordRE.MatchString(low)):
		// a field line on a line of its own, also after a sentence
		// ("Moment, er muss auch unterschreiben. Unterzeichner Hersteller: @…")
		if lines >= 2 && protoWishRE.MatchString(firstLine(low)) && !protoLineRE.MatchString(firstLine(m.ProtocolBody)) {
			// "ok dann halten wir das schriftlich fest:" above the lines is
			// no line of the protocol
			if i := strings.IndexByte(m.ProtocolBody, '\n'); i >= 0 {
				m.ProtocolBody = m.ProtocolBody[i+1:]
			}
		}
		return ProtoLines
	case protoSendRE.MatchString(low):
		return ProtoSend
	case protoFindRE.MatchString(low) && protoWordRE.MatchString(low):
		return ProtoFind
	case protoEditRE.MatchString(low):
		return ProtoEdit
	case protoShowRE.MatchString(low) && (protoWordRE.MatchString(low) || bareShowRE.MatchString(low)):
		return ProtoShow
	case protoStartRE.MatchString(low):
		return ProtoStart
	case protoWishRE.MatchString(firstLine(low)) && !whQuestionRE.MatchString(low) && !protoRefRE.MatchString(m.Text):
		if i := strings.IndexByte(m.ProtocolBody, '\n'); i >= 0 {
			m.ProtocolBody = m.ProtocolBody[i+1:]
		}
		return ProtoStart
	case protoRefRE.MatchString(m.Text):
		return ProtoShow
	}
	return ProtoNone
}
