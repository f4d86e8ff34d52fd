package handlers

import (
	"net/mail"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// What a vendor-access message may say, read by patterns. Each reader
// returns "" when the message does not say it.

var (
	// vendorRE takes the name after a word that announces the vendor.
	vendorRE = regexp.MustCompile(`(?i)\b(?:hersteller|softwarehersteller|softwarefirma|softwareanbieter|anbieter|dienstleister|softwarehaus|vendor|supplier|provider of|techniker (?:von|der firma)|support (?:von|of|from)|firma|company|die leute von|the folks from|people from|von der firma|from the company)\s*(?:[:,-]\s*)?(?:ist\s+|is\s+|namens\s+|called\s+|called\s+)?["„“]?([A-ZÄÖÜ0-9][\p{L}0-9&.+-]*(?:\s+(?:GmbH|AG|KG|SE|Inc\.?|Ltd\.?|Software|Solutions|Systems|IT))?)`)
	// systemRE takes the name of the system the vendor needs.
	systemRE = regexp.MustCompile(`(?i)\b(?:server|system|maschine|machine|vm|host|rechner|datenbankserver|database server|terminalserver|terminal server|applikationsserver|application server|app-server|sql-server|sql server)\s*(?:[:,-]\s*)?(?:namens\s+|called\s+|named\s+|ist\s+|is\s+)?["„“]?([A-Za-z][A-Za-z0-9_.-]*[0-9][A-Za-z0-9_.-]*|[A-Z][A-Z0-9_-]{2,}|[a-z][a-z0-9-]*\.[a-z0-9.-]+)`)
	// hostRE finds host names written on their own ("SRV-01", "DC01").
	hostRE = regexp.MustCompile(`\b([A-Z]{2,}[A-Z0-9]*(?:[-_][A-Z0-9]+)*)\b`)
	// purposeRE finds what the vendor is to do.
	purposeRE = regexp.MustCompile(`(?i)\b((?:jahres|versions|programm|software|datenbank|sicherheits|release|feature|service ?pack|patch|wartungs)?(?:update|upgrade|updates|aktualisierung|installation|neuinstallation|installieren|install|einrichtung|einrichten|migration|migrieren|umzug|wartung|maintenance|patch|patches|patchen|fehleranalyse|fehlersuche|troubleshooting|analyse|datenbankwartung|reorganisation|konfiguration|configure|configuration|setup|release|jahreswechsel|year-end|year end|schnittstelle|interface|lizenzierung|lizenz einspielen|license|rollout|umstellung|conversion|datenübernahme|data migration|import))\w*`)
	// adminRE finds admin rights.
	adminRE = regexp.MustCompile(`(?i)\b(admin\w*|administrator\w*|domänen-?admin\w*|domain admin\w*|lokale[rn]? admin\w*|local admin\w*|root|vollzugriff|full access|erhöhte rechte|elevated rights|elevated privileges)\b`)
	// noAdminRE finds a denial of admin rights ("keine Adminrechte").
	noAdminRE = regexp.MustCompile(`(?i)\b(keine?n?|ohne|nicht|kein bedarf an|no|without|not|don'?t need|doesn'?t need|does not need|do not need|nicht nötig|unnötig)\b[^.!?\n]{0,30}\b(admin\w*|administrator\w*|rechte|rights|privileges)\b|\b(admin\w*|administrator\w*|rechte|rights)\b[^.!?\n]{0,20}\b(nicht nötig|nicht notwendig|nicht erforderlich|not needed|not necessary|not required|unnötig|braucht er nicht|braucht sie nicht)\b`)
	// becauseRE finds a justification.
	becauseRE = regexp.MustCompile(`(?i)\b(?:weil|da|denn|damit|um|because|since|as|so that|in order to|for)\b\s+(.{6,300})`)
	emailRE   = regexp.MustCompile(`(?i)[a-z0-9._%+'-]+@[a-z0-9.-]+\.[a-z]{2,}`)
	// vendorMailContextRE marks an address as the vendor's.
	vendorMailContextRE = regexp.MustCompile(`(?i)(hersteller|vendor|techniker|technician|support|ansprechpartner (?:des|der|beim|bei)|contact (?:at|of|from)|vendor's|vom hersteller|des herstellers|der firma|dienstleister|supplier)`)
	// clientMailContextRE marks an address as the client's own.
	clientMailContextRE = regexp.MustCompile(`(?i)(meine|mein|mich|unsere|unser|uns|ich|wir|my|our|me|us|i am|kunde|client|bestätigung an mich|copy to me|cc me)`)
	// urgentNowRE finds a wish for access right now or today.
	urgentNowRE = regexp.MustCompile(`(?i)\b(sofort|jetzt|gleich jetzt|jetzt gleich|umgehend|heute|heute noch|noch heute|morgen früh|morgen frueh|in einer stunde|right now|now|immediately|today|asap|as soon as possible|so schnell wie möglich|so bald wie möglich|schnellstmöglich|dringend|urgent|urgently|emergency|notfall)\b`)
	// outageRE finds an outage behind an urgent wish.
	outageRE = regexp.MustCompile(`(?i)\b(ausfall|ausgefallen|geht nicht mehr|geht nichts mehr|funktioniert nicht|steht|stillstand|down|kaputt|defekt|crashed|is down|not working|doesn'?t work|broken|outage|fehler|error)\b`)
	// workstationHelpRE recognises end-user program help on a workstation.
	workstationHelpRE = regexp.MustCompile(`(?i)\b(arbeitsplatz\w*|workstation\w*|client-?pcs?|pcs?|rechner|laptops?|notebooks?|desktop|anwender\w*|endanwender\w*|end[- ]?users?|benutzer\w*|mitarbeiter\w*|kolleg\w*|buchhalter\w*|sachbearbeiter\w*|user|users|staff member|colleague\w*|employees?)\b`)
	progHelpRE        = regexp.MustCompile(`(?i)\b(hilfe|helfen|hilft|zeigen|zeigt|erklären|erklärt|erklaeren|bedienung|programmhilfe|anwenderhilfe|anwendungshilfe|anwendersupport|frage zur|fragen zur|fragen zum|wie man|schulung|einweisung|help|helps|helping|show|explain|how to use|usage|question about using|walk (?:her|him|them) through|hotline|fernhilfe)\b`)
	serverRE          = regexp.MustCompile(`(?i)\b(server\w*|srv\w*|datenbank\w*|database|domain controller|domänencontroller|dc\d*|vm|hyper-?v|vmware|admin\w*|installation|update|upgrade|migration)\b`)
	// cancelVendorRE ends the dialogue.
	cancelVendorRE = regexp.MustCompile(`(?i)^\W*(abbrechen|abbruch|stopp?|cancel|vergiss es|vergessen sie es|forget it|never ?mind|doch nicht|lass(?: es)? sein|kein termin|keinen termin|no appointment)\W*$`)
	// pickRE finds the number of a proposal ("2", "Nummer 2", "den zweiten", "option 3").
	pickRE = regexp.MustCompile(`(?i)^\W*(?:nr\.?|nummer|number|no\.?|option|vorschlag|termin|slot|den|die|das|the)?\s*(1|2|3|eins|zwei|drei|one|two|three|erste[nrs]?|zweite[nrs]?|dritte[nrs]?|first|second|third)\b(?:\s*(?:bitte|please|passt|nehme ich|nehmen wir|geht|is fine|works|ist gut|termin|vorschlag|option|one))*\W*$`)
	// apptIDRE finds an appointment reference.
	apptIDRE = regexp.MustCompile(`(?i)\bVA-(\d{2})-(\d{4})\b`)
	// vendorCancelAskRE finds a request to cancel a booked appointment.
	vendorCancelAskRE = regexp.MustCompile(`(?i)\b(absagen|stornieren|storno|streichen|cancel|call off|entfällt|entfallen|fällt aus|faellt aus)\b`)
	// vendorStatusAskRE finds a question about booked appointments.
	vendorStatusAskRE = regexp.MustCompile(`(?i)\b(stand|status|genehmigt|freigegeben|bestätigt|wann ist|wann kommt|approved|confirmed|when is|(?:meine|unsere|my|our)\s+(?:\w+\s+)?(?:\w*termine?|appointments?|bookings?)|welche\s+(?:\w+\s+)?\w*termine|(?:list|show)\s+(?:me\s+)?(?:my|our|the)?\s*(?:\w+\s+)?appointments|which\s+(?:\w+\s+)?appointments)\b`)
)

var (
	// bookingRE finds words that ask for a vendor's access to be planned.
	bookingRE = regexp.MustCompile(`(?i)\b(termin\w*|zugriff\w*|zugang\w*|fernwartung\w*|einplanen|planen|buchen|reservieren|aufschalten|draufschalten|muss auf|soll auf|müsste auf|will auf|möchte auf|access|appointment|book|schedule|slot|window|session|log ?in|needs? to get on|wants? to get on)\b`)
	// whyRE finds a question for the reason behind a rule.
	whyRE = regexp.MustCompile(`(?i)\b(warum|wieso|weshalb|weswegen|wozu|grund|begründung|why|how come|reason|what for)\b`)
)

// LooksLikeBooking reports whether a message asks to book a vendor's access
// (rather than asking why the rules are as they are): it names the vendor
// or the access, and says when, where or how urgently.
func LooksLikeBooking(text string) bool {
	if !(containsAny(strings.ToLower(text), vendorLeads) && vendorWordRE.MatchString(text)) && findVendor(text) == "" {
		return false
	}
	if whyRE.MatchString(text) || coverageWordRE.MatchString(text) {
		return false
	}
	system, when := findSystem(text) != "" || serverWordRE.MatchString(text), urgentNowRE.MatchString(text) || dateHintRE.MatchString(text)
	return (bookingRE.MatchString(text) && (system || when)) || (system && when)
}

var (
	// coverageWordRE marks a question about the contract, not a booking.
	coverageWordRE = regexp.MustCompile(`(?i)\b(vertrag\w*|abgedeckt|inklusive|inkludiert|enthalten|kostet|kosten\w*|berechnet|pauschal\w*|covered|included|contract|billed|charged|cost|costs)\b`)
	vendorWordRE   = regexp.MustCompile(`(?i)\b(hersteller\w*|vendor\w*|softwarefirma|softwarehaus|dienstleister|techniker)\b`)
	serverWordRE   = regexp.MustCompile(`(?i)\b(server\w*|system|datenbank|database|vm)\b`)
)

// dateHintRE finds a word that names a day or time.
var dateHintRE = regexp.MustCompile(`(?i)\b(montag\w*|dienstag\w*|mittwoch\w*|donnerstag\w*|freitag\w*|samstag\w*|sonntag\w*|monday|tuesday|wednesday|thursday|friday|saturday|sunday|morgen|übermorgen|woche|monat\w*|jeden|tomorrow|week|month|every|uhr|\d{1,2}\.\d{1,2}\.?|\d{1,2}(?::\d{2})?\s*(?:uhr|h))\b`)

// pickNumber reads a proposal number 1–3 from a short answer.
func pickNumber(text string) int {
	m := pickRE.FindStringSubmatch(text)
	if m == nil {
		return 0
	}
	switch w := strings.ToLower(m[1]); {
	case w == "1" || w == "eins" || w == "one" || w == "first" || strings.HasPrefix(w, "erste"):
		return 1
	case w == "2" || w == "zwei" || w == "two" || w == "second" || strings.HasPrefix(w, "zweite"):
		return 2
	case w == "3" || w == "drei" || w == "three" || w == "third" || strings.HasPrefix(w, "dritte"):
		return 3
	}
	return 0
}

// knownVendors are line-of-business vendors clients name without saying
// that they are the vendor, by their lower-case word, with their spelling.
var knownVendors = func() map[string]string {
	m := map[string]string{"datev": "DATEV", "sap": "SAP", "cgm": "CGM", "hmd": "HMD", "pds": "PDS", "elo": "ELO", "d.velop": "d.velop"}
	for _, w := range strings.Fields("lexware sage addison agenda haufe diamant navision dynamics abacus autodesk medistar albis " +
		"turbomed eurodata stotax simba godesys proalpha infor abas weclapp orgamax collmex starmoney ecodms docuware visma " +
		"exact taifun mosaik winworker nemetschek allplan archicad bauer tobit david vectorworks kiwi mentor") {
		m[w] = cleanName(w)
	}
	return m
}()

// vendorLeads are the lower-case substrings one of which vendorRE needs:
// a cheap test before the pattern runs on every coverage question.
var vendorLeads = []string{"hersteller", "software", "anbieter", "dienstleister", "vendor", "supplier", "provider of",
	"techniker", "support", "firma", "company", "leute von", "folks from", "people from"}

func containsAny(low string, subs []string) bool {
	for _, w := range subs {
		if strings.Contains(low, w) {
			return true
		}
	}
	return false
}

// knownVendor returns the known vendor a message names ("Dynamics 365" with
// its product word).
func knownVendor(text string) string {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.'
	})
	for i, w := range words {
		w = strings.Trim(w, ".")
		name, ok := knownVendors[w]
		if !ok {
			continue
		}
		if w == "dynamics" && i+1 < len(words) && (words[i+1] == "nav" || words[i+1] == "365") {
			name += " " + strings.ToUpper(words[i+1])
		}
		return name
	}
	return ""
}

// findVendor returns the vendor a message names.
func findVendor(text string) string {
	if containsAny(strings.ToLower(text), vendorLeads) {
		if m := vendorRE.FindStringSubmatch(text); m != nil && !stopWord(m[1]) {
			return cleanValue(m[1], 60)
		}
	}
	return knownVendor(text)
}

// findSystem returns the system a message names.
func findSystem(text string) string {
	if m := systemRE.FindStringSubmatch(text); m != nil && !stopWord(m[1]) {
		return cleanValue(m[1], 60)
	}
	for _, m := range hostRE.FindAllString(text, 8) {
		if strings.ContainsAny(m, "0123456789") && !apptIDRE.MatchString(m) && !strings.HasPrefix(m, "VA-") {
			return m
		}
	}
	return ""
}

// findPurpose returns the clause of a message that says what the vendor is
// to do.
func findPurpose(text string) string {
	loc := purposeRE.FindStringIndex(text)
	if loc == nil {
		return ""
	}
	// The clause around the keyword, up to a sentence or clause boundary.
	start := strings.LastIndexAny(text[:loc[0]], ".!?\n,;") + 1
	end := loc[1]
	if i := strings.IndexAny(text[end:], ".!?\n,;"); i >= 0 {
		end += i
	} else {
		end = len(text)
	}
	clause := strings.TrimSpace(text[start:end])
	if utf8.RuneCountInString(clause) > 120 {
		clause = strings.TrimSpace(text[loc[0]:loc[1]])
	}
	return cleanValue(clause, 120)
}

// findAdmin reports whether a message asks for admin rights (need) or
// says none are needed (none); reason is the justification given.
func findAdmin(text string) (need, none bool, reason string) {
	if noAdminRE.MatchString(text) {
		return false, true, ""
	}
	loc := adminRE.FindStringIndex(text)
	if loc == nil {
		return false, false, ""
	}
	if m := becauseRE.FindStringSubmatch(text[loc[0]:]); m != nil {
		reason = cleanValue(m[1], 300)
	}
	return true, false, reason
}

// findEmails returns the vendor's and the client's addresses a message
// gives, by the words near them; an address without such words is
// returned as other.
func findEmails(text, vendor string) (vendorMail, clientMail string, other []string) {
	locs := emailRE.FindAllStringIndex(text, 4)
	prev := 0
	for _, l := range locs {
		addr := strings.ToLower(strings.TrimRight(text[l[0]:l[1]], "."))
		if _, err := mail.ParseAddress(addr); err != nil {
			continue
		}
		ctx := text[max(prev, l[0]-50):l[0]]
		prev = l[1]
		domain := addr[strings.IndexByte(addr, '@')+1:]
		switch {
		case vendorMailContextRE.MatchString(ctx) || (vendor != "" && strings.Contains(domain, strings.ToLower(strings.Fields(vendor)[0]))):
			if vendorMail == "" {
				vendorMail = addr
			}
		case clientMailContextRE.MatchString(ctx):
			if clientMail == "" {
				clientMail = addr
			}
		default:
			other = append(other, addr)
		}
	}
	return vendorMail, clientMail, other
}

// isWorkstationHelp recognises end-user program help by the vendor on a
// workstation: allowed without a booking by the SOP.
func isWorkstationHelp(text string) bool {
	return workstationHelpRE.MatchString(text) && progHelpRE.MatchString(text) && !serverRE.MatchString(text)
}

var stopWords = map[string]bool{"ist": true, "is": true, "der": true, "die": true, "das": true, "the": true, "a": true,
	"an": true, "ein": true, "eine": true, "und": true, "and": true, "für": true, "for": true, "unser": true, "unsere": true,
	"our": true, "mein": true, "my": true, "bei": true, "at": true, "uns": true, "us": true, "zugriff": true, "access": true}

func stopWord(s string) bool { return stopWords[strings.ToLower(s)] }

// cleanValue trims punctuation and quotes and bounds the length.
func cleanValue(s string, maxRunes int) string {
	s = strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(`.,;:!?"'„“”()[]`, r)
	})
	if utf8.RuneCountInString(s) > maxRunes {
		s = string([]rune(s)[:maxRunes])
	}
	return s
}

// bareValue accepts a short answer as the value asked for.
func bareValue(text string, maxWords int) (string, bool) {
	t := cleanValue(text, 120)
	n := len(strings.Fields(t))
	if n == 0 || n > maxWords || yesRE.MatchString(lower(t)) || noRE.MatchString(lower(t)) {
		return "", false
	}
	return t, true
}
