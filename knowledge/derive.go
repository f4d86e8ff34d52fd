package knowledge

// This file holds the concepts derived from the structure of a message rather than from single
// words: licence counts, programs named by their trade, and other people's things.

// derive adds the structural concepts to the clauses of d.
func (c *Classifier) derive(d *doc) {
	displayNoun(d)
	ispProvider(d)
	replaceWith(d)
	takeOverFirm(d)
	c.licenceCount(d)
	c.tradeApps(d)
	c.possessions(d)
	crackedSoftware(d)
	otherFirms(d)
	c.namedFirms(d)
	takeOver(d)
	otherCustomers(d)
	programQuestions(d)
}

// questionWords name questions one may have about using a program.
var questionWords = wordSet("questions question fragen frage")

// programQuestions reads "questions about the tax software", "Fragen zum Kassenprogramm" as help
// with using a program, which the vendor gives.
func programQuestions(d *doc) {
	for i, t := range d.toks {
		if !inSet(questionWords, t.surf) {
			continue
		}
		for k := i + 1; k < len(d.toks) && k <= i+5 && d.toks[k].seg == t.seg; k++ {
			if d.toks[k].cs.has(cLOB) {
				d.segs[t.seg].add(cProgramHelp)
				break
			}
		}
	}
}

var (
	otherWords    = wordSet("andere anderen anderer anderes other others")
	customerWords = wordSet("kunden kunde klienten mandanten customers customer clients client")
)

// otherCustomers reads "eure anderen Zahnarzt-Kunden", "your other dental clients" as other clients
// when a word stands between "other" and "clients".
func otherCustomers(d *doc) {
	for i, t := range d.toks {
		if !inSet(otherWords, t.surf) {
			continue
		}
		for k := i + 1; k < len(d.toks) && k <= i+3 && d.toks[k].seg == t.seg; k++ {
			if inSet(customerWords, d.toks[k].surf) {
				d.segs[t.seg].add(cOtherClients)
				break
			}
		}
	}
}

// takeOverWords ask someone to take over a conversation.
var takeOverWords = wordSet("uebernehmen uebernimmt uebernehmt uebernimm")

// takeOver reads "kann mich jemand aus dem Team übernehmen?" as a wish to talk to a person: a person
// taking over the one who asks.
func takeOver(d *doc) {
	for i, t := range d.toks {
		_, ok := takeOverWords[t.surf]
		// "a member of your staff to take over, please"
		ok = ok || (t.surf == "take" && i+1 < len(d.toks) && d.toks[i+1].surf == "over")
		if !ok {
			continue
		}
		if s := d.segs[t.seg]; s.has(cHuman) && (s.has(cMe) || s.has(cRequest)) {
			d.segs[t.seg].add(cTalk)
		}
	}
}

// firmArticles stand before a firm named by its kind and its name ("die Firma Schneider").
var firmArticles = wordSet("die der das den dem des the a an eine einer einem")

// namedFirms marks a firm named by its kind and a name the lexicon does not know ("die Firma Schneider
// & Co", "the dental practice Meier") as someone else's when the message calls nothing its own.
func (c *Classifier) namedFirms(d *doc) {
	for i := 1; i+1 < len(d.toks); i++ {
		t := d.toks[i]
		if !t.cs.has(cCompany) && !t.cs.has(cTrade) {
			continue
		}
		art := false
		for k := max(i-2, 0); k < i; k++ {
			_, a := firmArticles[d.toks[k].surf]
			art = art || a
		}
		n := d.toks[i+1]
		if _, known := c.known[n.surf]; !art || known || n.seg != t.seg || !n.cs.empty() || !isASCIIWord(n.surf) || len(n.surf) < 3 {
			continue
		}
		own := false
		for _, o := range d.toks {
			own = own || o.cs.has(cOwnRef) || o.cs.has(cMe)
		}
		if !own {
			d.segs[t.seg].add(cNamedFirm)
		}
	}
}

// displayNoun reads "das Notebook-Display", "the display" as a screen, not as "show me": a show word
// that is also a part is a noun after an article or a device.
func displayNoun(d *doc) {
	for i, t := range d.toks {
		if !t.cs.has(cGive) || !t.cs.has(cHWPart) || i == 0 {
			continue
		}
		p := d.toks[i-1]
		if p.seg != t.seg || !(inSet(firmArticles, p.surf) || p.cs.has(cOwnRef) || p.cs.has(cDevice)) {
			continue
		}
		d.toks[i].cs.del(cGive)
		other := false
		for _, o := range d.toks {
			other = other || (o.seg == t.seg && o.cs.has(cGive))
		}
		if !other {
			d.segs[t.seg].del(cGive)
		}
	}
}

// ispWords name a provider that is the internet provider when the message is about the line.
var ispWords = wordSet("anbieter provider providers lieferant supplier carrier")

// ispProvider reads "das Internet fällt aus, redet ihr mit dem Anbieter?" as the internet provider,
// not an application vendor.
func ispProvider(d *doc) {
	isp := false
	for _, s := range d.segs {
		isp = isp || s.has(cISP)
	}
	if !isp {
		return
	}
	for i, t := range d.toks {
		if !t.cs.has(cVendor) || !inSet(ispWords, t.surf) {
			continue
		}
		d.toks[i].cs.del(cVendor)
		d.toks[i].cs.add(cISP)
		other := false
		for _, o := range d.toks {
			other = other || (o.seg == t.seg && o.cs.has(cVendor))
		}
		if !other {
			d.segs[t.seg].del(cVendor)
		}
		d.segs[t.seg].add(cISP)
	}
}

// allWords say that all of something is meant.
var allWords = wordSet("alle all every saemtliche saemtlichen whole entire gesamten")

// withWords introduce what replaces something ("replace the old phone system with Teams").
var withWords = wordSet("with durch gegen by")

// replaceWith reads "replacing our old phone system with Teams telephony" or "alle Rechner durch
// Laptops ersetzen" as a migration: the replacement is a new system, not a repair.
func replaceWith(d *doc) {
	for i, t := range d.toks {
		if !t.cs.has(cReplace) {
			continue
		}
		for k := max(i-6, 0); k < len(d.toks) && k <= i+6; k++ {
			if k == i || d.toks[k].seg != t.seg || !inSet(withWords, d.toks[k].surf) {
				continue
			}
			for j := k + 1; j < len(d.toks) && j <= k+4 && d.toks[j].seg == t.seg; j++ {
				// Devices count when all of them are replaced ("alle Desktops durch Notebooks").
				x := d.toks[j].cs
				devices := (x.has(cDevice) || x.has(cNew)) && segHas(d.toks, t.seg, allWords)
				if x.has(cNew) && devices {
					// "replace all our old switches with new ones": new devices.
					d.segs[t.seg].add(cNewThing)
				}
				if devices || x.has(cSoftware) || x.has(cOffice) || x.has(cOfficeWeak) || x.has(cLOB) || x.has(cOS) || x.has(cSpecialSrv) {
					d.segs[t.seg].add(cMigrate)
					break
				}
			}
			break
		}
	}
}

// takeOverFirmWords are the forms of "übernehmen" with which a firm takes over another one.
var takeOverFirmWords = wordSet("uebernehmen uebernommen uebernahme")

// takeOverFirm reads "wir übernehmen die Praxis eines Kollegen" as integrating another firm: a
// project, while "übernehmt ihr das?" stays a question about coverage.
func takeOverFirm(d *doc) {
	for i, t := range d.toks {
		if !inSet(takeOverFirmWords, t.surf) {
			continue
		}
		we := false
		for k := max(i-3, 0); k < i; k++ {
			we = we || d.toks[k].surf == "wir"
		}
		if !we {
			continue
		}
		for k := i + 1; k < len(d.toks) && k <= i+5 && d.toks[k].seg == t.seg; k++ {
			if d.toks[k].cs.has(cCompany) || d.toks[k].cs.has(cTrade) {
				d.segs[t.seg].add(cMigrate)
				break
			}
		}
	}
}

// firmOf are the words that name a firm as the owner of something ("die Tickets der Kanzlei").
var firmOf = wordSet("of von vom der des from bei beim")

// otherFirms marks a firm that the message names as the owner of something and does not call its
// own ("die offenen Tickets der Bäckerei Schmidt", "the tickets of the bakery next door").
func otherFirms(d *doc) {
	for i, t := range d.toks {
		if !t.cs.has(cCompany) && !t.cs.has(cTrade) {
			continue
		}
		own, of := false, false
		for k := max(i-3, 0); k < i; k++ {
			own = own || d.toks[k].cs.has(cOwnRef) || d.toks[k].cs.has(cMe)
			_, o := firmOf[d.toks[k].surf]
			of = of || o
		}
		if of && !own {
			d.segs[t.seg].add(cOtherFirm)
		}
	}
}

// hwConcepts are the concepts of physical things.
var hwConcepts = func() cset {
	var s cset
	for _, k := range []concept{cHWPart, cDevice, cHardware, cNetDev} {
		s.add(k)
	}
	return s
}()

func isHW(t token) bool { return t.cs[0]&hwConcepts[0] != 0 || t.cs[1]&hwConcepts[1] != 0 }

// crackedSoftware reads "a cracked Photoshop" as unlicensed software even when the message also
// names a PC; "the screen is cracked" or "cracked display" stays a defect.
func crackedSoftware(d *doc) {
	for i, t := range d.toks {
		if !t.cs.has(cCracked) {
			continue
		}
		hw := false
		for k := max(i-3, 0); k < len(d.toks) && k <= i+2; k++ {
			if k != i && d.toks[k].seg == t.seg && isHW(d.toks[k]) {
				hw = true
			}
		}
		if !hw {
			d.segs[t.seg].add(cUnlicensed)
		}
	}
}

// numberWords are the counts written as words.
var numberWords = map[string]int{
	"ein": 1, "eine": 1, "einen": 1, "einer": 1, "einem": 1, "eins": 1, "einmal": 1, "einzige": 1, "einzigen": 1,
	"einzelne": 1, "einzelnen": 1, "one": 1, "single": 1, "once": 1, "a": 1,
	"zwei": 2, "two": 2, "drei": 3, "three": 3, "vier": 4, "four": 4, "fuenf": 5, "five": 5, "sechs": 6, "six": 6,
	"sieben": 7, "seven": 7, "acht": 8, "eight": 8, "neun": 9, "nine": 9, "zehn": 10, "ten": 10, "elf": 11,
	"eleven": 11, "zwoelf": 12, "twelve": 12, "zwanzig": 20, "twenty": 20, "dreissig": 30, "thirty": 30,
	"alle": 99, "allen": 99, "all": 99, "every": 99, "jeden": 99, "jedem": 99, "each": 99, "mehrere": 3,
	"mehreren": 3, "several": 3, "multiple": 3, "whole": 99, "ganze": 99, "ganzen": 99, "gesamte": 99, "gesamten": 99,
	"entire": 99,
}

// productWords name a product whose number is a version, not a count (Microsoft 365, Office 2016).
var productWords = wordSet("microsoft office windows server sql exchange m365 o365 version v win acrobat adobe")

// countOf returns the count a token states (a small number or a number word), or 0.
func countOf(w string) int {
	if n, ok := numberWords[w]; ok {
		return n
	}
	if !isDigits(w) || len(w) > 3 {
		return 0 // years and model numbers (Office 2016) count nothing
	}
	n := 0
	for i := 0; i < len(w); i++ {
		n = n*10 + int(w[i]-'0')
	}
	return n
}

// licenceWords name what is bought per seat; seatWords name what needs a seat.
var (
	licenceWords = wordSet("cal cals seat seats key keys abo abos subscription subscriptions gekauft bought purchased " +
		"bezahlt paid lizenziert licensed " +
		"zugriffslizenz zugriffslizenzen")
	seatWords = wordSet("users user benutzer nutzer mitarbeiter mitarbeitende mitarbeitern employees staff people leute " +
		"personen persons kollegen kolleginnen arbeitsplaetze arbeitsplaetzen arbeitsplatz workstations team belegschaft abteilung " +
		"department everyone everybody")
)

// countBefore returns the count stated within n tokens before toks[i] in the same clause.
func countBefore(toks []token, i, n int) int {
	switch toks[i].surf {
	case "everyone", "everybody":
		return 99
	}
	for k := i - 1; k >= 0 && k >= i-n && toks[k].seg == toks[i].seg; k-- {
		if v := countOf(toks[k].surf); v > 0 {
			if _, product := productWords[toks[max(k-1, 0)].surf]; product && k > 0 && isDigits(toks[k].surf) {
				continue
			}
			return v
		}
	}
	return 0
}

// licenceCount marks a message unlicensed when it names fewer licences than the machines or people
// using them: "nur 5 CALs für 10 Benutzer", "one Windows licence cloned onto 8 PCs", "einmal gekauft
// und auf 6 Rechnern installiert".
func (c *Classifier) licenceCount(d *doc) {
	lic, licSeg, seats := 0, -1, 0
	for i, t := range d.toks {
		if (t.surf == "us" || t.surf == "uns" || t.surf == "them" || t.surf == "ihnen") && i > 1 && (d.toks[i-1].surf == "of" || d.toks[i-1].surf == "von") {
			// "three of us share one login", "one licence for the five of them"
			seats = max(seats, countOf(d.toks[i-2].surf))
			continue
		}
		if _, sw := seatWords[t.surf]; sw {
			if n := countBefore(d.toks, i, 3); n > seats {
				seats = n
			}
			continue
		}
		_, lw := licenceWords[t.surf]
		if lw || t.cs.has(cLicence) {
			if n := countBefore(d.toks, i, 3); n > 0 && n < 99 && (lic == 0 || n < lic) && !perSeat(d.toks, i) {
				lic, licSeg = n, t.seg
			}
			continue
		}
		if t.cs.has(cDevice) || t.cs.has(cHuman) || c.plainNoun(t) {
			// Machines, people, or any plain word right after a number ("5 designers").
			n := countBefore(d.toks, i, 3)
			if !t.cs.has(cDevice) && !t.cs.has(cHuman) {
				n = countBefore(d.toks, i, 1)
			}
			if n > seats {
				seats = n
			}
		}
	}
	// "one account for the whole team", "one Adobe account shared by six designers": a single login
	// shared by several people.
	shared := segHasAny(d.toks, sharedWords)
	for i, t := range d.toks {
		if _, ok := accountWords[t.surf]; ok && (seats == 99 || (shared && seats > 1)) && countBefore(d.toks, i, 3) == 1 && !perSeat(d.toks, i) {
			lic, licSeg = 1, t.seg
		}
	}
	// "bought Office only 4 times", "nur zweimal gekauft": a count of purchases.
	for i, t := range d.toks {
		if _, ok := timesWords[t.surf]; !ok || lic > 0 {
			continue
		}
		if n := countBefore(d.toks, i, 1); n > 0 && n < 99 && segHas(d.toks, t.seg, licenceWords) {
			lic, licSeg = n, t.seg
		}
	}
	// "the licence covers 10 devices, but we have 16 now": the count after the licence, then a
	// larger count of what uses it.
	if lic == 0 {
		for i, t := range d.toks {
			if !t.cs.has(cLicence) {
				continue
			}
			for k := i + 1; k < len(d.toks) && k <= i+4 && d.toks[k].seg == t.seg; k++ {
				n := countOf(d.toks[k].surf)
				if n <= 1 || n >= 99 || k+1 >= len(d.toks) {
					continue
				}
				if nx := d.toks[k+1]; nx.cs.has(cDevice) || nx.cs.has(cHuman) || inSet(seatWords, nx.surf) {
					lic, licSeg = n, t.seg
					seats = max(seats, laterCount(d.toks, k+2))
				}
				break
			}
			if lic > 0 {
				break
			}
		}
	}
	if lic > 0 && seats > lic {
		d.segs[licSeg].add(cUnlicensed)
	}
}

func inSet(set map[string]struct{}, w string) bool { _, ok := set[w]; return ok }

// haveWords state how many there are ("we have 16 now", "wir sind jetzt 12").
var haveWords = wordSet("have has haben hat sind are now jetzt inzwischen mittlerweile run running use using " +
	"nutzen betreiben")

// laterCount returns the largest count from toks[from] on that follows a have word or precedes a
// device, a person or a seat.
func laterCount(toks []token, from int) int {
	best := 0
	for k := from; k < len(toks); k++ {
		n := countOf(toks[k].surf)
		if n <= 1 || n >= 99 || !isDigits(toks[k].surf) {
			continue
		}
		after := k+1 < len(toks) && (toks[k+1].cs.has(cDevice) || toks[k+1].cs.has(cHuman) || inSet(seatWords, toks[k+1].surf))
		if after || (k > 0 && inSet(haveWords, toks[k-1].surf)) {
			best = max(best, n)
		}
	}
	return best
}

// sharedWords say that several people use one thing.
var sharedWords = wordSet("shared share sharing teilen teilt geteilt gemeinsam gemeinsame gemeinsamen together zusammen")

// segHasAny reports whether any token is a word of set.
func segHasAny(toks []token, set map[string]struct{}) bool {
	for _, t := range toks {
		if _, ok := set[t.surf]; ok {
			return true
		}
	}
	return false
}

// accountWords are logins that one person each should have.
var accountWords = wordSet("account konto login zugang benutzer user")

// perWords say that a count is per seat ("eine Lizenz pro Rechner").
var perWords = wordSet("pro per je each jeweils jeden jede jedem jeder")

// perSeat reports whether the clause of toks[i] counts per seat ("für jeden der 3 Rechner eine
// Lizenz", "eine Lizenz pro Rechner").
func perSeat(toks []token, i int) bool {
	for k := range toks {
		if toks[k].seg != toks[i].seg {
			continue
		}
		if _, ok := perWords[toks[k].surf]; ok {
			return true
		}
	}
	return false
}

// unitWords measure time, money or size; a number before them counts no seats.
var unitWords = wordSet("tage tagen days day wochen weeks week monate monaten months month jahre jahren years year " +
	"stunden hours hour minuten minutes uhr euro eur prozent percent gb tb mb ghz mal times x nights naechte " +
	"seiten pages versionen version")

// plainNoun reports whether t is a content word without concepts that may name who or what uses a
// licence ("designers", "Ärzte").
func (c *Classifier) plainNoun(t token) bool {
	if !t.cs.empty() || len(t.surf) < 3 || !isASCIIWord(t.surf) || c.marker(t.surf) {
		return false
	}
	_, unit := unitWords[t.surf]
	return !unit
}

// timesWords count purchases ("4 times", "2 mal").
var timesWords = wordSet("times mal x")

// segHas reports whether clause seg has a word of set.
func segHas(toks []token, seg int, set map[string]struct{}) bool {
	for _, t := range toks {
		if _, ok := set[t.surf]; ok && t.seg == seg {
			return true
		}
	}
	return false
}

// appOfWords link a program to the business it serves.
var appOfWords = wordSet("for fuer vom von of")

// appHeadWords name a program when they stand after the word that says what it is for;
// forHeadWords when "for" a trade follows ("das System für das Restaurant").
var (
	appHeadWords = wordSet("software programm program programme app application anwendung applikation")
	forHeadWords = wordSet("software programm program programme app application anwendung applikation system systems")
)

// itConcepts are the concepts that make "X software" a known kind of program (backup software,
// antivirus app) rather than a line-of-business application named by its trade.
var itConcepts = func() cset {
	var s cset
	for _, k := range []concept{cOffice, cOfficeWeak, cAV, cBackupSW, cOS, cNetDev, cRemote, cRemoteTool, cUpdate,
		cLicence, cSpecialSrv, cDatabase, cOnlineBackup, cMonitoring, cDevice, cHWPart, cISP, cNew, cSetup,
		cUnsupported, cUnlicensed, cCracked, cSoftware, cProtocol, cSecret, cTraining, cConfig, cBug, cSymptom,
		cExpired, cCopy, cMigrate, cMove, cCallback, cCall, cContactInfo, cTicket, cHuman, cInject, cInjectObj,
		cOwnRef, cMe, cGive, cHardware, cDefect, cRestore, cLost, cDataRecovery, cVendorAccess, cProjectWord} {
		s.add(k)
	}
	return s
}()

// genericMods are words before "software" that say nothing about what it does.
var genericMods = wordSet("alte alten alter altes bestehende bestehenden aktuelle aktuellen current existing entire " +
	"whole gesamte gesamten ganze ganzen installed installierte installierten free kostenlose kostenlosen different " +
	"andere anderen other several verschiedene this that these those diese dieser diesen dieses jede jeder every " +
	"same gleiche gleichen betreffende betreffenden companys firmen eigene eigenen own older newer latest neuere neueste " +
	"die der das den dem des the a an ein eine einen einem einer eines mail email calendar kalender photo " +
	"foto pdf scan scanner print druck browser chat video banking authenticator password passwort operating " +
	"betriebs")

// tradeApps reads "dental imaging software" or "booking app" – a program named by a trade or task the
// lexicon does not know – as a line-of-business application.
func (c *Classifier) tradeApps(d *doc) {
	for i := 1; i < len(d.toks); i++ {
		t := d.toks[i]
		if _, ok := appHeadWords[t.surf]; !ok {
			continue
		}
		p := d.toks[i-1]
		if p.seg != t.seg || len(p.surf) < 3 || !isASCIIWord(p.surf) || c.marker(p.surf) || p.cs[0]&itConcepts[0] != 0 || p.cs[1]&itConcepts[1] != 0 {
			continue
		}
		if _, ok := genericMods[p.surf]; ok {
			continue
		}
		d.toks[i].cs.add(cLOB)
		d.segs[t.seg].add(cLOB)
		if i+1 < len(d.toks) && d.toks[i+1].seg == t.seg {
			// "the lab software people", "die Laborsoftware-Leute": the application's vendor.
			if _, ok := vendorHeads[d.toks[i+1].surf]; ok {
				d.toks[i+1].cs = cset{}
				d.toks[i+1].cs.add(cVendor)
				d.segs[t.seg].add(cVendor)
			}
		}
	}
	// "the program for our dentist practice", "die Software für unsere Apotheke", "das Programm vom
	// Ingenieurbüro".
	for i := 0; i+2 < len(d.toks); i++ {
		if _, ok := forHeadWords[d.toks[i].surf]; !ok {
			continue
		}
		if _, ok := appOfWords[d.toks[i+1].surf]; !ok {
			continue
		}
		for k := i + 2; k < len(d.toks) && k <= i+4 && d.toks[k].seg == d.toks[i].seg; k++ {
			p := d.toks[k]
			if p.cs.has(cTrade) || p.cs.has(cCompany) {
				d.toks[i].cs.add(cLOB)
				d.segs[p.seg].add(cLOB)
				break
			}
			if !c.marker(p.surf) && !p.cs.has(cOwnRef) && !inSet(firmArticles, p.surf) {
				break
			}
		}
	}
}

// possessions marks someone else's things: a name with a possessive "'s" that is not the client's
// own ("Dr. Petersen's practice", "Miller's tickets").
func (c *Classifier) possessions(d *doc) {
	for _, t := range d.toks {
		if !t.poss || c.function(t.surf) || !t.cs.empty() {
			continue
		}
		if _, ok := c.known[t.surf]; ok {
			continue
		}
		d.segs[t.seg].add(cThirdParty)
	}
}

// marker reports whether w is a function or common word of either language.
func (c *Classifier) marker(w string) bool {
	_, de := germanMarkers[w]
	_, en := englishMarkers[w]
	_, co := commonWords[w]
	return de || en || co
}

// ofWords may stand between a vendor's people and the application they belong to.
var ofWords = wordSet("von vom des der unserem unserer unseres unseren eurem fuer zum zur of from for our the")

// vendorOf retags "die Hotline von unserem Praxisprogramm", "the support of our ERP" as the
// application vendor's people, not the provider's support. It reports whether it changed a token.
func (c *Classifier) vendorOf(toks []token) bool {
	changed := false
	for i, t := range toks {
		if _, ok := vendorHeads[t.surf]; !ok || t.cs.has(cVendor) {
			continue
		}
		for k := i + 1; k < len(toks) && k <= i+4 && toks[k].seg == t.seg; k++ {
			if toks[k].cs.has(cLOB) || toks[k].cs.has(cVendor) {
				toks[i].cs = cset{}
				toks[i].cs.add(cVendor)
				changed = true
				break
			}
			if _, ok := ofWords[toks[k].surf]; !ok {
				break
			}
		}
	}
	return changed
}
