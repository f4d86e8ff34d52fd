package nlu

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Admin says whether a message asks for admin rights for the vendor.
type Admin string

// What a message says about admin rights.
const (
	AdminUnknown Admin = ""
	AdminNo      Admin = "no"
	AdminYes     Admin = "yes"
)

// knownVendors are line-of-business vendors clients name without saying
// that they are the vendor: folded word → spelling.
var knownVendors = func() map[string]string {
	m := map[string]string{"datev": "DATEV", "sap": "SAP", "cgm": "CGM", "hmd": "HMD", "pds": "PDS", "elo": "ELO",
		"d.velop": "d.velop", "proalpha": "proALPHA", "ra-micro": "RA-MICRO", "ramicro": "RA-MICRO", "gdata": "G DATA",
		"msp": "", "abas": "abas", "weclapp": "weclapp", "orgamax": "orgaMAX", "lexoffice": "lexoffice", "sevdesk": "sevDesk",
		"docuware": "DocuWare", "ecodms": "ecoDMS", "starface": "STARFACE", "3cx": "3CX", "tobit": "Tobit", "david": "David",
		"medistar": "Medistar", "turbomed": "TurboMed", "albis": "Albis", "dampsoft": "Dampsoft", "charly": "charly",
		"winacs": "WinACS", "simba": "Simba", "stotax": "Stotax", "eurodata": "eurodata", "domus": "Domus",
		"navision": "Navision", "dynamics": "Dynamics", "infor": "Infor", "sage": "Sage", "lexware": "Lexware",
		"addison": "Addison", "agenda": "Agenda", "haufe": "Haufe", "diamant": "Diamant", "abacus": "Abacus",
		"autodesk": "Autodesk", "nemetschek": "Nemetschek", "allplan": "Allplan", "archicad": "Archicad", "graphisoft": "Graphisoft",
		"vectorworks": "Vectorworks", "taifun": "Taifun", "mosaik": "Mosaik", "winworker": "WinWorker", "godesys": "godesys",
		"collmex": "Collmex", "starmoney": "StarMoney", "visma": "Visma", "exact": "Exact", "kiwi": "Kiwi", "mentor": "Mentor",
		"bmd": "BMD", "rzl": "RZL", "x-isic": "x-isic", "isynet": "isynet", "tomedo": "tomedo", "quincy": "quincy",
		"easysoft": "easysoft", "shopware": "Shopware", "jtl": "JTL", "plentymarkets": "plentymarkets", "hypersoft": "Hypersoft",
		"gastrofix": "Gastrofix", "veeam": "", "acronis": "", "medatixx": "medatixx", "evident": "Evident",
		"solutio": "solutio", "psyprax": "Psyprax", "epikur": "Epikur", "microtech": "microtech"}
	return m
}()

var (
	// vendorCueRE announces the vendor's name.
	vendorCueRE = newLitRE(`(?i)\b(?:hersteller|softwarehersteller|softwarefirma|softwareanbieter|softwarehaus|anbieter|lieferant|dienstleister|vendor|supplier|software company|techniker (?:von|der firma|vom)|technician (?:from|of)|support (?:von|vom|of|from)|hotline (?:von|vom|of|from)|die leute von|the (?:folks|guys|people) (?:from|at)|firma|company)\s*(?:[:,–-]\s*)?(?:ist\s+|is\s+|namens\s+|called\s+|named\s+|heißt\s+|heisst\s+)?["„“]?`)
	// vendorSuffixRE finds "X-Support", "X-Techniker", "X-Kontakt", "X GmbH".
	vendorSuffixRE = newLitRE(`\b([A-Z][\p{L}0-9&.+]*)(?:-|\s+)(?:Support|Techniker|Technician|Kontakt|Contact|Hotline|Service-Team|Servicetechniker|Partner)\b|\b(?:from|von|vom|bei)\s+([A-Z][\p{L}0-9&.+]*[A-Z][\p{L}0-9&.+]*)\s+(?:support|hotline|service)\b|\b([\p{L}][\p{L}0-9&.+]{2,})-(?:Support|Techniker|Technician|Kontakt|Contact|Hotline|Servicetechniker|Partner)\b`)
	// vendorForRE finds the vendor an appointment is for ("einen Termin
	// für die Hamburger Software").
	vendorForRE = newLitRE(`\b(?:[Tt]ermin\w*|Zugang|Zugriff|Fenster|slot|appointment|access|window|booking)\s+(?:für|for)\s+(?:die\s+|den\s+|das\s+|the\s+)?(\p{Lu})`)
	// vendorTheRE finds "the protel hotline", "die agenda-hotline".
	vendorTheRE = newLitRE(`(?i)\b(?:the|die|der|den|dem|our|unsere[nmr]?)\s+([\pL][\pL0-9&.+]{2,})[- ](?:hotline|support|techniker|technician|helpdesk|service desk)\b`)
	// vendorSubjectRE finds a capitalised name that needs, must or shall
	// get access ("DATEV braucht …", "Magellan (Schulverwaltung) muss …",
	// "muss Sage am …").
	vendorSubjectRE = newLitRE(`\b([A-Z][\p{L}0-9&.+-]{1,30})(?:\s*\([^)]{1,40}\))?\s+(?:braucht|muss|soll|will|möchte|moechte|müsste|needs|wants|must|has to|will need)\b|\b(?:muss|soll|will|möchte|braucht|darf|kann)\s+([A-Z][\p{L}0-9&.+-]{1,30})\s`)
	// vendorFirmSubjectRE finds a firm's name of a word and "Software",
	// "Systems" … that needs or must get access ("die Hamburger Software
	// muss …"); the name's first word is checked like vendorSubjectRE's.
	vendorFirmSubjectRE = newLitRE(`\b([A-Z][\p{L}0-9&.+-]{1,30})\s+(Software|Solutions|Systems|Systemhaus|IT|GmbH|AG|KG|SE|Ltd|Inc)\s+(?:braucht|muss|soll|will|möchte|moechte|müsste|needs|wants|must|has to|will need)\b`)
	// vendorInBracketsRE finds the name in brackets after a firm described
	// ("Die Firma, die bei uns die Zeiterfassung macht (Interflex)", "the
	// company that does our time tracking (ATOSS)").
	vendorInBracketsRE = newLitRE(`(?i)\b(?:firma|company|firm|hersteller|anbieter|vendor|leute|people)\b[^().!?]{0,60}\(\s*([\pL][\pL0-9&.+-]{1,30})(?:\s+(?:GmbH|AG|KG|SE|Ltd|Inc|GmbH & Co\.? KG))?\s*\)`)
	// vendorOfOursRE finds the name set apart after "the maker of our …"
	// ("der Hersteller unserer Praxissoftware, medatixx, möchte …", "the
	// vendor of our ERP, Infor, needs …").
	// vendorPeopleRE is a firm's people who called or need something: "die
	// von MediFox haben angerufen", "the folks at Nexus say they need …".
	vendorPeopleRE = newLitRE(`\b(?i:(?:herr|frau|hr\.|fr\.|mr\.?|mrs\.?|ms\.?)\s+\p{Lu}\pL+|die|die leute|die jungs|jemand|einer|der techniker|die techniker|der support|die hotline|der kundendienst|der service|the guys|the folks|the people|someone|somebody|a guy|the support|the helpdesk)\s+(?i:von|vom|from|at)\s+(\p{Lu}[\pL0-9&.+-]{2,30})\s*,?\s*(?i:haben|hat|hatte|hatten|ruft|rief|riefen|müssen|muss|wollen|will|möchten|brauchen|braucht|sagen|sagt|meinte|meinten|called|rang|rung|phoned|need|needs|want|wants|say|says|said|will|would)\b`)
	// vendorOfOursBareRE is the same with the name right after the kind of
	// software, before what it did ("Der Hersteller unseres Praxisprogramms
	// THEORG hat uns geschrieben").
	vendorOfOursBareRE = newLitRE(`\b(?i:hersteller|anbieter|lieferant|vendor|maker|makers|supplier|provider)\s+(?i:unserer|unseres|unseren|von unserer|von unserem|of our|of the)\s+[\pL-]+\s+(\p{Lu}[\pL0-9&.+-]{1,30})\s+(?i:hat|haben|hatte|will|möchte|moechte|muss|braucht|schreibt|schrieb|meldet|meldete|sagt|sagte|needs|wants|has|says|said|wrote)\b`)
	vendorOfOursRE     = newLitRE(`(?i)\b(?:hersteller|anbieter|lieferant|vendor|maker|makers|supplier|provider)\s+(?:unserer|unseres|unseren|von unserer|von unserem|of our|of the)\s+[\pL-]+\s*,\s*([\pL][\pL0-9&.+-]{1,30})\s*,`)
	// vendorMakerRE finds a name set apart as the maker of the client's
	// software ("Borm, who make our order software, …", "Taifun, die
	// unsere Handwerkersoftware machen, …").
	vendorMakerRE = newLitRE(`\b([A-Z][\p{L}0-9&.+-]{1,30}),\s+(?:(?:who|which|that)\s+(?:make|makes|made|develop|develops|wrote|write|writes|supply|supplies|sell|sells|sold|provide|provides|maintain|maintains|look after|looks after)\b[^,.!?;]{0,40}?(?:software|program\w*|ERP|app)\b|(?:die|der|welche)\s+(?:uns\s+)?(?:unsere?[nmr]?|die|das|den)\s+[^,.!?;]{0,40}?(?:[sS]oftware|[pP]rogramm\w*|ERP|[wW]arenwirtschaft|[bB]ranchenl(?:ö|oe)sung)(?:\s+\p{L}+){0,2}\s+(?:herstell|mach|entwickel|liefer|programmier|verkauf|vertreib|gemacht|geliefert|entwickelt|hergestellt|programmiert|verkauft)\p{L}*)\b`)
	// nounEndRE finds German nouns by their ending: no vendor's name.
	nounEndRE = newLitRE(`(?i)(?:rechte|ung|ungen|keit|heit|schaft|tion|ion|tät|ismus|ler|nehmer|rechner|server|system|zugriff|zugang|techniker|programm|software|firma|leute|team|abteilung|buchhaltung|verwaltung|stelle|postfach|konto|adresse|laufwerk|drucker|laptop|lizenz|lizenzen|passwort|kennwort|account|mailbox|mail)$`)
	// ownedSoftwareRE finds "unsere Praxissoftware", "our ERP": the kind of
	// software, which is no vendor name.
	vendorStop = set(`unserer unsere unser unseren unserem our their deren dessen der die das den dem des einem einer eines
		kontakt contact support hotline techniker technician team hersteller vendor firma company software programm muss
		soll will braucht needs wants am um auf mit für for on at ist is hat has kann can ihr sie er es wir uns ich ihnen euch dir du mir man zugriff
		access server termin bitte please heute morgen jetzt sofort grundsätzlich generell dauerhaft permanent
		praxissoftware warenwirtschaft buchhaltung buchhaltungssoftware lohnsoftware erp crm dms kasse kassensoftware
		wartung update jahresupdate it edv system systemhaus jemand someone homeoffice home-office mitarbeiter mitarbeiterin
		kollegen kollegin kunden gäste gaeste alle außendienst aussendienst filiale büro buero staff employees guests customers`)
)

// firmNameWords end a firm's name after its own word ("Hamburger
// Software", "Sage Systems").
var firmNameWords = set(`software solutions systems systemhaus gmbh ag kg se ltd inc`)

// findVendor reads the vendor a message names.
func findVendor(text string) string {
	f := fold(text)
	for _, w := range strings.FieldsFunc(f, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.' && r != '-'
	}) {
		w = strings.Trim(w, ".-")
		if name, ok := knownVendors[w]; ok && name != "" {
			if w == "dynamics" && strings.Contains(f, "dynamics 365") {
				return "Dynamics 365"
			}
			return name
		}
		// "Sage-Techniker", "DATEV-Kontakt"
		if i := strings.IndexByte(w, '-'); i > 0 {
			if name, ok := knownVendors[w[:i]]; ok && name != "" {
				return name
			}
		}
	}
	for _, loc := range vendorCueRE.FindAllStringIndex(text, -1) {
		if n := vendorName(text[loc[1]:]); n != "" {
			return n
		}
	}
	for _, m := range vendorInBracketsRE.FindAllStringSubmatch(text, -1) {
		if n := m[1]; !vendorStop[fold(n)] && !commonWords[fold(n)] && !functionWords[fold(n)] && !isHost(n) {
			return n
		}
	}
	for _, m := range vendorPeopleRE.FindAllStringSubmatch(text, -1) {
		// "RA-MICRO" is written like a host, but a host has a digit
		if n := m[1]; !vendorStop[fold(n)] && !commonWords[fold(n)] && !functionWords[fold(n)] && !strings.ContainsAny(n, "0123456789") && !firmWord(n) {
			return n
		}
	}
	for _, m := range vendorOfOursRE.FindAllStringSubmatch(text, -1) {
		if n := m[1]; !vendorStop[fold(n)] && !commonWords[fold(n)] && !functionWords[fold(n)] && !isHost(n) {
			return n
		}
	}
	for _, m := range vendorOfOursBareRE.FindAllStringSubmatch(text, -1) {
		if n := m[1]; !vendorStop[fold(n)] && !commonWords[fold(n)] && !functionWords[fold(n)] && !isHost(n) && !nounEndRE.MatchString(n) {
			return n
		}
	}
	for _, m := range vendorMakerRE.FindAllStringSubmatch(text, -1) {
		if n := m[1]; !vendorStop[fold(n)] && !commonWords[fold(n)] && !functionWords[fold(n)] && !isHost(n) && !afterTitle(text, n) {
			return n
		}
	}
	for _, m := range vendorForRE.FindAllStringSubmatchIndex(text, -1) {
		if n := vendorName(text[m[2]:]); n != "" && !vendorStop[fold(n)] && !commonWords[fold(n)] {
			return n
		}
	}
	for _, m := range vendorTheRE.FindAllStringSubmatch(text, -1) {
		if n := m[1]; !vendorStop[fold(n)] && !commonWords[fold(n)] && !functionWords[fold(n)] && !nounEndRE.MatchString(n) {
			return n
		}
	}
	for _, m := range vendorSuffixRE.FindAllStringSubmatch(text, -1) {
		n := m[1] + m[2] + m[3]
		if !vendorStop[fold(n)] && !commonWords[fold(n)] && !nounEndRE.MatchString(n) {
			return n
		}
	}
	for _, m := range vendorFirmSubjectRE.FindAllStringSubmatch(text, -1) {
		if n := m[1]; !vendorStop[fold(n)] && !commonWords[fold(n)] && !isHost(n) && !nounEndRE.MatchString(n) && !afterTitle(text, n) {
			return n + " " + m[2]
		}
	}
	for _, loc := range vendorSubjectRE.FindAllStringSubmatchIndex(text, -1) {
		n := ""
		if loc[2] >= 0 {
			n = text[loc[2]:loc[3]]
		} else if loc[4] >= 0 {
			n = text[loc[4]:loc[5]]
		}
		if rest := text[loc[1]:min(len(text), loc[1]+60)]; passiveRE.MatchString(rest) || strings.HasSuffix(strings.ToLower(n), "-app") {
			// "die Authenticator-App muss neu registriert werden": done to
			// it, it does nothing
			continue
		}
		if n != "" && !vendorStop[fold(n)] && !commonWords[fold(n)] && !isHost(n) && !nounEndRE.MatchString(n) && !afterTitle(text, n) {
			return strings.TrimRight(n, ".")
		}
	}
	return ""
}

// makerDescribedRE describes the vendor without naming it: "the people who
// make our payroll software", "die Firma, die unsere Zeiterfassung macht".
var makerDescribedRE = foldedRE(`\b(?:(?:anbieter|hersteller|lieferant|vendor|maker|makers|supplier|provider)\s+(?:unserer|unseres|unseren|von unserer|von unserem|of our)\s+[\pL-]+|(?:the )?(?:people|company|firm|folks|guys|vendor) (?:who|that|which) (?:make|makes|do|does|supply|supplies|sell|sells|provide|provides|look after|looks after) (?:our|the)|(?:die|der) (?:firma|leute|anbieter|hersteller)\s*,?\s*(?:die|der) (?:bei uns )?(?:unsere?[nmr]? |die |das )?[\pL-]+ (?:macht|machen|liefert|liefern|betreut|betreuen|herstellt|herstellen))\b`)

// vendorOfDescribedMaker names a vendor the (folded) message only describes
// ("the people who make our payroll software") by the address of its own: the
// first part of the domain of an address not the client's
// ("j.meyer@agenda-software.example" → "Agenda").
func vendorOfDescribedMaker(low string, emails []Email) string {
	if len(emails) == 0 || !makerDescribedRE.MatchString(low) {
		return ""
	}
	labels := domainLabels(emails)
	if len(labels) == 0 {
		return ""
	}
	label := labels[0]
	if name, ok := knownVendors[label]; ok && name != "" {
		return name
	}
	r, n := utf8.DecodeRuneInString(label)
	return string(unicode.ToUpper(r)) + label[n:]
}

// domainLabels returns the first parts of the domains of the addresses
// that are not the client's ("agenda" of "j.meyer@agenda-software.example"),
// lower case, leaving out short and common words.
func domainLabels(emails []Email) []string {
	var out []string
	for _, e := range emails {
		if e.Role == EmailClient {
			continue
		}
		at := strings.LastIndexByte(e.Addr, '@')
		if at < 0 {
			continue
		}
		parts := strings.FieldsFunc(e.Addr[at+1:], func(r rune) bool { return r == '.' || r == '-' })
		if len(parts) == 0 {
			continue
		}
		label := strings.ToLower(parts[0])
		if len(label) < 3 || vendorStop[label] || commonWords[label] {
			continue
		}
		out = append(out, label)
	}
	return out
}

// vendorFromMail finds the vendor's name in the domain of the vendor's
// address when the message names it too ("microtech soll … microtech-
// Partner: update@microtech-partner-kiel.example").
func vendorFromMail(text string, emails []Email) string {
	for _, label := range domainLabels(emails) {
		// the label in the text beside its own address (another address
		// at the same domain counts: "nicht technik@tisoware…, sondern
		// k.yilmaz@tisoware…")
		rest := text
		for _, e := range emails {
			if strings.HasSuffix(e.Addr, "@"+label) || strings.Contains(e.Addr, "@"+label+".") || strings.Contains(e.Addr, "@"+label+"-") {
				rest = strings.Replace(rest, e.Addr, "", 1)
				break
			}
		}
		ws := strings.FieldsFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		for i, w := range ws {
			if strings.EqualFold(w, label) {
				// "Hamburger Software": the firm's word after the name
				// belongs to it
				if i+1 < len(ws) && firmNameWords[fold(ws[i+1])] && capitalised(ws[i+1]) {
					return w + " " + ws[i+1]
				}
				return w
			}
		}
	}
	return ""
}

// afterTitle reports whether the word w follows a form of address in text
// ("Herr Schulz"): a person, no vendor.
func afterTitle(text, w string) bool {
	i := strings.Index(text, w)
	if i <= 0 {
		return false
	}
	ws := strings.Fields(text[:i])
	return len(ws) > 0 && isTitle(ws[len(ws)-1])
}

// vendorName reads a vendor's name at the start of s: capitalised words
// (with a legal form), not an article, possessive or kind of software.
func vendorName(s string) string {
	if i := strings.IndexAny(s, "\n,;:("); i >= 0 {
		s = s[:i]
	}
	ws := strings.Fields(s)
	var out []string
	for i, w := range ws {
		c := strings.TrimRight(w, ",.;:!?)\"“”")
		if c == "" || i > 3 {
			break
		}
		low := fold(c)
		if len(out) > 0 {
			switch low {
			case "gmbh", "ag", "kg", "se", "inc", "ltd", "software", "solutions", "systems", "it", "&", "co", "co.":
				out = append(out, c)
				continue
			}
		}
		r := []rune(c)
		// "iManage", "eGecko": a name in camel case starts in lower case
		camel := len(r) > 2 && unicode.IsLower(r[0]) && unicode.IsUpper(r[1])
		if vendorStop[low] || commonWords[low] || !(unicode.IsUpper(r[0]) || unicode.IsDigit(r[0]) || camel) || isHost(c) || strings.Contains(c, "@") {
			break
		}
		out = append(out, c)
		if c != w || len(out) >= 2 {
			break
		}
	}
	return strings.Join(out, " ")
}

var (
	// hostRE finds host names: letters and digits joined by hyphens with at
	// least one digit ("SRV-01", "srv-wawi-1234", "DC01") or upper-case
	// parts joined by hyphens ("SRV-FIBU").
	hostRE = newLitRE(`\b[A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)+\b|\b[A-Za-z]{2,}[0-9]+[A-Za-z0-9]*\b|\b[a-z][a-z0-9-]*\.(?:local|lan|intern|internal|corp|ad)\b`)
	// systemCueRE announces a system's name.
	systemCueRE = newLitRE(`(?i)\b(?:server|system|maschine|machine|vm|host|hostname|rechner|datenbankserver|database server|terminalserver|terminal server|applikationsserver|application server|app-server|appserver|sql-server|sql server|fileserver|dateiserver|lizenzserver|license server|dc|domänencontroller|domain controller)\s*(?:[:,–-]\s*)?(?:namens\s+|called\s+|named\s+|ist\s+|is\s+|heißt\s+)?["„“]?([A-Za-z][A-Za-z0-9_.-]*)`)
	refLikeRE   = newLitRE(`(?i)^(?:CB|VA|PR)-\d`)
	notHostWord = set(`e-mail email e-mails windows-update windows-updates scan-to-email wlan-router vpn-zugang sql-server
		sql-datenbank active-directory ms-office m365 office365 o365 win10 win11 2fa mfa gpt-4 covid-19 24/7 wi-fi`)
)

// isHost reports whether w looks like a host name.
func isHost(w string) bool {
	if refLikeRE.MatchString(w) || notHostWord[fold(w)] {
		return false
	}
	m := hostRE.FindString(w)
	if m != w {
		return false
	}
	hasDigit := strings.ContainsAny(w, "0123456789")
	upper := strings.ToUpper(w) == w
	if i := strings.LastIndexAny(w, "-_"); i >= 0 && titleWord(w[i+1:]) {
		// "Microsoft-365-Lizenzen", "Windows-11-Rechner": a compound noun
		// ends in a word written as one, a host name seldom does
		return false
	}
	return hasDigit || upper && strings.ContainsAny(w, "-_") || strings.Contains(w, ".")
}

// titleWord reports a word of five letters or more written with a capital
// and then small letters ("Lizenzen").
func titleWord(w string) bool {
	rs := []rune(w)
	if len(rs) < 5 || !unicode.IsUpper(rs[0]) {
		return false
	}
	for _, r := range rs[1:] {
		if !unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// findSystem reads the system a message names, and where.
func findSystem(text string) (string, []int) {
	for _, m := range systemCueRE.FindAllStringSubmatchIndex(text, -1) {
		name := strings.TrimRight(text[m[2]:m[3]], ".-_")
		if isHost(name) || len(name) >= 3 && strings.ToUpper(name) == name && !commonWords[fold(name)] && !knownVendorWord(name) && strings.ContainsAny(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
			return name, []int{m[2], m[2] + len(name)}
		}
	}
	for _, loc := range hostRE.FindAllStringIndex(text, -1) {
		w := strings.TrimRight(text[loc[0]:loc[1]], ".-_")
		if loc[0] > 0 && (text[loc[0]-1] == '@' || text[loc[0]-1] == '.') {
			continue
		}
		if loc[1] < len(text) && text[loc[1]] == '@' {
			continue
		}
		if isHost(w) {
			return w, []int{loc[0], loc[0] + len(w)}
		}
	}
	return "", nil
}

func knownVendorWord(w string) bool { _, ok := knownVendors[fold(w)]; return ok }

// purposeRE finds what the vendor is to do; the head of a compound
// ("Lohnupdate", "Kassenwartung") is taken by findPurpose.
var purposeRE = foldedRE(`\b(?:(?:annual|yearly|quarterly|monthly|version|database|security|software|major|minor|planned|regular|routine|scheduled|year-end|jahres|quartals|versions|programm|software|datenbank|sicherheits|release|feature|service ?pack|wartungs|lizenz|server)[ -]?)?(?:update|upgrade|updates|aktualisierung|installation|neuinstallation|install|einrichtung|migration|umstellung|umzug|wartung|maintenance|patch|patches|patching|fehleranalyse|fehlersuche|troubleshooting|analyse|datenbankeinstellung|datenbankwartung|einstellung|konfiguration|configuration|setup|jahreswechsel|jahresabschluss|year-end|schnittstelle|interface|lizenzierung|rollout|conversion|datenübernahme|data migration|import|reorganisation|optimierung|überprüfung|prüfung|check|health ?check|reparatur|repair|fix|service ?pack|hotfix|fixpack|neue version|new version|versionswechsel|new release)\w*(?:-\w+)*|\B(?:update|upgrade|wartung|migration|installation|umstellung|aktualisierung)\w*(?:-\w+)*`)

var (
	// purposeVerbRE finds the work as a German verb with its object
	// ("Datenbank reorganisieren").
	// purposeVerbEnRE is an English verb of vendor work after a modal, with
	// its object up to a preposition ("has to migrate our ERP database").
	purposeVerbEnRE = foldedRE(`\b(?:has to|have to|needs? to|wants? to|must|will|is going to|are going to|would like to|'d like to)\s+((?:migrate|upgrade|update|install|reinstall|patch|reorgani[sz]e|reconfigure|configure|repair|set up|move|convert)(?:\s+(?:our|the|a|an|their|its|his|her))?(?:\s+(?:[\pL-]+)){0,3}?)(?:\s+(?:on|at|onto|in|for|from|to|next|this|by|during|tomorrow|today)\b|\s*[,.;!?]|$)`)
	purposeVerbRE   = foldedRE(`\b(?:die |den |das |eine[nm]? |unsere[nm]? |neue[nm]? )?((?:[\pL-]+ ){0,1}[\pL-]+ (?:einrichten|installieren|einspielen|aufspielen|reorganisieren|aktualisieren|migrieren|umstellen|konfigurieren|optimieren|reparieren|patchen|updaten|upgraden|erneuern|austauschen|tauschen|prüfen|überprüfen))\b`)
	// purposeUmZuRE is the work said as "um … zu <verb>" ("um einen
	// Fehler in der Auftragsbearbeitung zu beheben"): the words and the verb.
	purposeUmZuRE = foldedRE(`\bum (?:einen |eine |ein |den |die |das )?((?:[\pL-]+ ){0,4}?[\pL-]+) zu (beheben|beseitigen|korrigieren|analysieren|untersuchen|prüfen|überprüfen|installieren|aktualisieren|einrichten|einspielen|reparieren|konfigurieren|migrieren|testen)\b`)
	// englishVerbRE is an English work verb alone.
	englishVerbRE = newLitRE(`^(?:install|update|upgrade|patch|fix|repair|check|set ?up|configure|migrate)$`)
	// purposeVerbAfterRE is a German work verb following the work noun.
	purposeVerbAfterRE = foldedRE(`^ (?:einrichten|installieren|einspielen|aufspielen|reorganisieren|aktualisieren|migrieren|umstellen|konfigurieren|optimieren|reparieren|erneuern|prüfen)\b`)
)

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b >= 0x80
}

// findPurpose reads what the vendor is to do: the work word of the message
// with its qualifier ("Jahresupdate", "annual update", "version migration").
func findPurpose(text string) string {
	f := fold(text)
	loc := purposeRE.FindStringIndex(f)
	if loc != nil {
		// a compound's head ("Zahlungsschnittstelle") belongs to it, and
		// a German verb right after it to the work ("… einrichten")
		for loc[0] > 0 && isWordByte(f[loc[0]-1]) {
			loc[0]--
		}
		if v := purposeVerbAfterRE.FindStringIndex(f[loc[1]:]); v != nil {
			loc[1] += v[1]
		} else if englishVerbRE.MatchString(f[loc[0]:loc[1]]) {
			// "install the yearly tax tables update": the verb with its object
			if n := purposeRE.FindStringIndex(f[loc[1]:]); n != nil && n[0] <= 40 && !strings.ContainsAny(f[loc[1]:loc[1]+n[0]], ".,;!?") {
				loc[1] += n[1]
			}
		}
	} else if v := purposeVerbRE.FindStringSubmatchIndex(f); v != nil {
		// "Datenbank reorganisieren", "die Zahlungsschnittstelle einrichten"
		loc = []int{v[2], v[3]}
	} else if v := purposeVerbEnRE.FindStringSubmatchIndex(f); v != nil {
		// "Infor has to migrate our ERP database on server …": the verb
		// with its object
		loc = []int{v[2], v[3]}
	} else if v := purposeUmZuRE.FindStringSubmatchIndex(f); v != nil {
		// "um einen Fehler in der Auftragsbearbeitung zu beheben": the
		// object and the verb, without "zu"
		s, e := originalOffset(text, v[2]), originalOffset(text, v[3])
		vs, ve := originalOffset(text, v[4]), originalOffset(text, v[5])
		if s < 0 || e < 0 || vs < 0 || ve < 0 {
			return ""
		}
		p := trimValue(text[s:e]+" "+text[vs:ve], 60)
		if p == "" {
			return ""
		}
		r, n := utf8.DecodeRuneInString(p)
		return string(unicode.ToUpper(r)) + p[n:]
	}
	if loc == nil {
		return ""
	}
	s, e := originalOffset(text, loc[0]), originalOffset(text, loc[1])
	if s < 0 || e < 0 {
		return ""
	}
	p := trimValue(text[s:e], 60)
	if p == "" {
		return ""
	}
	// an English verb ("to update the server") is the work itself
	r, n := utf8.DecodeRuneInString(p)
	return string(unicode.ToUpper(r)) + p[n:]
}

var (
	adminRE   = foldedRE(`\b(?:admin\w*|administrator\w*|domänen-?admin\w*|domain[- ]admin\w*|lokale[rn]? admin\w*|local admin\w*|root|sysadmin|vollzugriff|full access|erhöhte rechte|elevated (?:rights|privileges)|sa-konto|sa account)\b`)
	noAdminRE = foldedRE(`\b(?:keine?n?|ohne|nicht|no|without|not|don'?t need|doesn'?t need|does not need|do not need|won'?t need|kein bedarf an)\b[^.!?\n]{0,25}\b(?:admin\w*|administrator\w*|rechte|rights|privileges)\b|\b(?:admin\w*|administrator\w*)(?:rechte|rights)?\b[^.!?\n]{0,35}\b(?:(?:brauche|benötige|brauchen|benötigen) (?:ich|wir)(?: \w+){0,3} (?:nicht|nich|net)|nicht nötig|nicht notwendig|nicht erforderlich|(?:werden|wird|sind) (?:\w+ )?nicht (?:benötigt|gebraucht|gebraucht|erforderlich|nötig|notwendig)|(?:are|is|will be) not (?:needed|required|necessary)|not needed|not necessary|not required|unnötig|(?:braucht|benötigt|benötige|bräuchte) (?:er|sie|der|die|es|man)(?: \w+){0,4} (?:nicht|nich|net|keine?n?)|brauchen (?:sie|die|wir)(?: \w+){0,3} (?:nicht|nich|net|keine?n?)|sind nicht nötig|are not needed|aren'?t needed|not required|needs? none|\s*[:=–-]\s*(?:keine?|nein|no|none))\b`)
	// reasonRE finds a justification for admin rights.
	reasonRE = foldedRE(`(?:\b(?:weil|da|denn|damit|because|since|as|so that|in order to|otherwise|sonst|ansonsten|(?:um)\b(?:[^.!?\n]{3,80}\bzu\b))\s+|\b(?:nötig|notwendig|erforderlich|unumgänglich|needed|required|necessary|essential)\s*[:–—-]\s*)([^.!?\n]{6,300})`)
	// reasonAfterRE finds a clause after the admin need that gives its
	// reason without a "because": no address, no new request.
	reasonAfterRE = foldedRE(`^\w*(?:\s+(?:rechte|rights|privileges|access|zugang))?(?:\s+(?:sind|ist|are|is|wären|werden|leider|unfortunately|really|wirklich|absolut|absolutely))*(?:\s+(?:nötig|notwendig|erforderlich|needed|required|necessary))?\s*[,;:–—-]\s+((?:das|der|die|the|it|its|er|sie|es|setup|installer|installation|update|upgrade|programm|program|software|dienst|service)\b[^.!?\n@]{8,300})`)
	// permanentRE finds a wish for lasting rights or access.
	permanentRE = foldedRE(`\b(?:dauerhaft\w*|permanent\w*|ständig\w*|immer|rund um die uhr|24/7|round the clock|around the clock|all the time|always|unbefristet|ohne termin|jederzeit)\b`)
)

// readAdmin reads what a message says about admin rights.
func readAdmin(text string) (Admin, string, bool) {
	f := fold(text)
	permanent := permanentRE.MatchString(f) && adminRE.MatchString(f)
	if adminRE.MatchString(f) && adminUnknownRE.MatchString(f) && !needsAdminRE.MatchString(f) {
		// "Ob die Adminrechte brauchen, weiß ich nicht": none, as the
		// procedure has it unless they are shown to be needed
		return AdminNo, "", permanent
	}
	if loc := noAdminRE.FindStringIndex(f); loc != nil && !(permanent && permanentRE.MatchString(f[loc[0]:loc[1]])) && !needsAdminRE.MatchString(f) {
		// "kann er nicht dauerhaft Adminrechte bekommen?" asks for
		// lasting rights; it refuses none
		return AdminNo, "", permanent
	}
	loc := adminRE.FindStringIndex(f)
	if loc == nil {
		// "Er sagt, das Setup muss neue Dienste einrichten, deshalb.": a
		// reason given on its own, for rights asked for before
		if m := reasonOnlyRE.FindStringSubmatchIndex(f); m != nil && reasonWordsIn(f) {
			s, e := originalOffset(text, m[2]), originalOffset(text, m[3])
			if m[2] < 0 {
				s, e = originalOffset(text, m[4]), originalOffset(text, m[5])
			}
			if s >= 0 && e-s >= 6 {
				return AdminUnknown, trimValue(reportLeadRE.ReplaceAllString(text[s:e], ""), 300), permanent
			}
		}
		return AdminUnknown, "", permanent
	}
	reason := ""
	if m := reasonRE.FindStringSubmatchIndex(f[loc[0]:]); m != nil {
		if s := originalOffset(text, loc[0]+m[2]); s >= 0 {
			reason = trimValue(beforeAddresses(text[s:]), 300)
		}
	} else if m := reasonAfterRE.FindStringSubmatchIndex(f[loc[0]:]); m != nil {
		// "they do need admin, the installer registers services": the
		// clause right after the need is its reason
		if s, e := originalOffset(text, loc[0]+m[2]), originalOffset(text, loc[0]+m[3]); s >= 0 && e > s {
			reason = trimValue(text[s:e], 300)
		}
	}
	return AdminYes, reason, permanent
}

// adminUnknownRE says the writer does not know whether rights are needed
// ("Ob die Adminrechte brauchen, weiß ich nicht"), not why they are.
var adminUnknownRE = foldedRE(`\bob (?:\w+ ){0,4}(?:admin\w*|rechte)\b[^.?!]{0,40}\b(?:weiß|weiss|wissen|keine ahnung|unklar|nicht bekannt)|\b(?:weiß|wissen) (?:ich|wir|man) (?:\w+ )?nicht,? ob\b[^.?!]{0,40}\b(?:admin\w*|rechte)|\b(?:don'?t|do not) know (?:if|whether) (?:\w+ ){0,4}(?:admin\w*|rights|privileges)|\bnot sure (?:if|whether) (?:\w+ ){0,4}(?:admin\w*|rights|privileges)|\b(?:admin\w*|rights)\b[^.?!]{0,25}\b(?:weiß ich nicht|wissen wir nicht|unknown|unklar|not known)\b`)

// needsAdminRE says something cannot be done without admin rights
// ("their installer won't run without local admin", "das Setup läuft
// nur mit Adminrechten"): a need, though it says "without".
var needsAdminRE = foldedRE(`(?:reichen|reicht|genügen|genügt|suffice|is enough|are enough) (?:\w+ ){0,2}(?:lokale|local) (?:admin\w*|administrator\w*)|(?:lokale|local) (?:admin\w*|administrator\w*) (?:\w+ ){0,4}(?:reichen|reicht|genügen|genügt|suffice|is enough|are enough)|\b(?:(?:won'?t|can'?t|cannot|doesn'?t|does not|will not|wouldn'?t|would not|isn'?t able to|is not able to)\s+(?:\w+\s+){0,2}without|(?:geht|läuft|funktioniert|klappt|installiert|startet|lässt sich)\s+(?:\w+\s+){0,3}(?:nicht\s+(?:\w+\s+){0,2}ohne|nur\s+(?:\w+\s+){0,2}mit)|only\s+(?:\w+\s+){0,2}(?:runs?|works?|installs?)\s+with|ohne\s+(?:lokale\s+)?(?:admin\w*|administrator\w*)(?:\s+rechte)?\s+(?:geht|läuft|funktioniert|klappt)\s+(?:es\s+|das\s+|der\s+|die\s+)?(?:leider\s+)?nicht)\b`)

// reasonOnlyRE is a reason given without naming the rights: a clause
// that ends in "deshalb", "that's why" (group 1), or one announced as the
// reason (group 2).
var reasonOnlyRE = foldedRE(`(?:^|[.!?]\s+)([^.!?\n]+?)\s*,?\s*(?:deshalb|deswegen|darum|daher|that'?s why|which is why)\s*(?:[.!]|$)|\b(?:der grund|grund|die begründung|begründung|the reason)\s*(?:ist|is|:|wäre)\s*(?:,?\s*dass\s+|that\s+)?([^.!?\n]+)`)

// reasonWordsIn reports whether folded f holds a word reasonOnlyRE needs,
// before the pattern runs.
func reasonWordsIn(f string) bool {
	for _, w := range []string{"deshalb", "deswegen", "darum", "daher", "why", "grund", "reason", "begruendung", "begründung"} {
		if strings.Contains(f, w) {
			return true
		}
	}
	return false
}

// reportLeadRE is "Er sagt, …", "they say …" before what was said.
var reportLeadRE = newLitRE(`(?i)^\s*(?:er|sie|der techniker|die techniker|he|she|they|the technician)\s+(?:sagt|sagen|meint|meinen|says|say|said)\s*,?\s*(?:dass\s+|that\s+)?`)

// reasonCutRE ends a sentence inside a reason.
var reasonCutRE = newLitRE(`[.!?]\s+|\n`)

// beforeAddresses cuts a reason that runs on into the sentences of the
// request after it before the first one that gives an e-mail address
// ("… registers services. Please send the invite to me at a@b.example"):
// a reason of several sentences stays whole otherwise.
func beforeAddresses(s string) string {
	for _, loc := range reasonCutRE.FindAllStringIndex(s, -1) {
		rest := s[loc[1]:]
		if e := reasonCutRE.FindStringIndex(rest); e != nil {
			rest = rest[:e[0]]
		}
		if strings.Contains(rest, "@") {
			return s[:loc[0]]
		}
	}
	return s
}

// weakReasonRE is a justification for admin rights that gives no reason.
var weakReasonRE = foldedRE(`\b(?:keine ahnung|weiß (?:ich )?nicht|weiss (?:ich )?nicht|k\.?a\.?|will (?:das|es) (?:halt |eben |einfach )?so|(?:halt|eben|einfach) so|weil er (?:es|das) (?:so )?will|weil die (?:es|das) (?:so )?wollen|hat er gesagt|sagt er|sagen die|war schon immer so|immer so|no idea|don'?t know|dunno|(?:he|they) (?:just )?(?:want|wants|said|say) so|because (?:he|they) (?:want|wants|said)|just because|it'?s always been like that)\b`)

// WeakReason reports a justification for admin rights that justifies
// nothing ("keine Ahnung, der will das halt so").
func WeakReason(s string) bool {
	f := fold(s)
	if rest := strings.TrimSpace(attributionRE.ReplaceAllString(f, " ")); rest != strings.TrimSpace(f) && len(contentWords(rest)) >= 3 {
		// "weil der Dienst sich beim Installieren neu registrieren muss,
		// sagt er": a reason, reported
		f, s = rest, rest
	}
	if weakReasonRE.MatchString(f) {
		return true
	}
	return len(contentWords(s)) < 2
}

// ReasonText is the reason a message gives for admin rights, without the
// questions and the words about the writer around it: "Was genau meinen
// Sie mit einer Begründung? Ich bin leider keine Technikerin. Ich kann
// Ihnen nur weitergeben, was Herr Albers geschrieben hat: Der neue
// Datenbankdienst muss als Windows-Dienst installiert werden." gives the
// last sentence. A text that is nothing else is returned as it is.
func ReasonText(text string) string {
	var keep []string
	for _, s := range sentences(text) {
		t := s.text
		if strings.HasSuffix(t, "?") || aboutMeRE.MatchString(fold(t)) && len(contentWords(t)) <= 6 {
			continue
		}
		if emailRE.MatchString(t) {
			// "Mails: hotline@…, meine: buero@…": the addresses, asked
			// for elsewhere, are no part of the reason
			continue
		}
		if i := strings.Index(t, ":"); i >= 0 && len(contentWords(t[i+1:])) >= 3 {
			// "…, was Herr Albers geschrieben hat: Der neue Dienst …"
			t = strings.TrimSpace(t[i+1:])
		}
		keep = append(keep, t)
	}
	if len(keep) == 0 {
		return text
	}
	return strings.Join(keep, " ")
}

// passiveRE is a passive right after a subject's verb ("… muss neu
// registriert werden"), up to the end of its clause.
var passiveRE = newLitRE(`^[^.,;!?]{0,50}\b(?:werden|worden|be (?:re)?\w+ed)\b`)

// attributionRE says who gave a reason ("sagt er", "they say").
// (a plain expression: it runs on a reason's text, which no scan knows)
var attributionRE = newLitRE(`\b(?:sagt er|sagt sie|sagen die|sagen sie|hat er gesagt|haben die gesagt|meint er|meinen die|says he|he says|she says|they say|so they say)\b`)
