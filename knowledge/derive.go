package knowledge

import "strings"

// This file holds the concepts derived from the structure of a message rather than from single
// words – licence counts, programs and machines named by their trade, other people's things, data
// restored from a backup, the vendor's program help, gifts – and the roles of its clauses: which are
// background and which ask something (see roles).

// derive adds the structural concepts to the clauses of d.
func (c *Classifier) derive(d *doc) {
	unknownThings(d)
	buildingPlaces(d)
	activeAccount(d)
	displayNoun(d)
	ispProvider(d)
	replaceWith(d)
	takeOverFirm(d)
	c.licenceCount(d)
	c.tradeApps(d)
	c.machines(d)
	c.possessions(d)
	crackedSoftware(d)
	otherFirms(d)
	c.namedFirms(d)
	takeOver(d)
	otherCustomers(d)
	programQuestions(d)
	// The structures below each need a concept to start from; most messages have few of them.
	var has cset
	for _, s := range d.segs {
		has.or(s)
	}
	if has.has(cInject) {
		rulesCompliance(d)
	}
	if has.has(cDefect) {
		fallUnder(d)
	}
	resetSecret(d)
	if has.has(cGive) {
		deviceShows(d)
	}
	if has.has(cFailed) {
		softwareFailed(d)
	}
	if has.has(cSite) {
		siteLocation(d)
	}
	restoreFrom(d)
	if has.has(cData) {
		rescueData(d)
	}
	lostToRecover(d)
	if has.has(cDefect) {
		softwareDefect(d)
	}
	if has.has(cRemoteTool) {
		remoteCredentials(d)
	}
	if has.has(cVendor) || has.has(cLOB) {
		programHelp(d)
	}
	if has.has(cEquip) {
		equipment(d)
	}
	if has.has(cOffsite) || has.has(cOnlineBackup) {
		notOffsite(d)
	}
	if has.has(cHuman) {
		ownColleague(d)
	}
	if has.has(cFavour) {
		// Tickets offered for being preferred may have become a gift.
		eventTickets(d)
		has.add(cGift)
	}
	if has.has(cGift) {
		bribes(d)
	}
	if (has.has(cSpecialSrv) || has.has(cDatabase)) && has.has(cLOB) {
		serverPurpose(d)
	}
	if has.has(cOutage) || has.has(cISP) || has.has(cFailed) {
		outageQuestion(d)
	}
	if has.has(cProjectWord) {
		projectQuestion(d)
	}
	if has.has(cData) {
		if seeingData(d) {
			has.add(cConfidential)
		}
	}
	if has.has(cOwnRef) && has.any(csetOf(cGive, cConfidential, cThirdParty, cOtherClients)) {
		ownDisclosure(d)
	}
	if has.has(cEthics) {
		discourseWords(d)
	}
	if has.has(cLeadTime) {
		ownDeadline(d)
	}

	if has.has(cTraining) {
		trainingSubject(d)
	}
	if has.has(cSymptom) {
		attachedTo(d)
	}
	if has.has(cAdmin) {
		adminSoftware(d)
	}
	if has.has(cHWPart) {
		boughtParts(d)
	}
	if has.has(cHWPart) || has.has(cDevice) {
		warningLight(d)
	}
	if has.has(cSpecialSrv) && has.has(cCert) {
		serverCert(d, cSpecialSrv)
	} else if has.has(cWebsite) && has.has(cCert) {
		serverCert(d, cWebsite)
	}
}

// youWords address the provider and its people ("euch", "Ihrem Techniker", "your team").
var youWords = wordSet("euch ihr eure euer eurem euren eurer eures ihnen ihrem ihren ihre ihres you your yours")

// bribes reads a gift or money offered to the provider or its people – "wenn ich euch eine Kiste Wein
// vorbeibringe", "slip your engineer a hundred quid", "Gutschein für euren Techniker", or any gift in
// a message that asks to be preferred – as a question of ethics (conflicts of interest: bribes are
// refused), while the vouchers a till books stay vouchers.
func bribes(d *doc) {
	favour := false
	for _, s := range d.segs {
		favour = favour || s.has(cFavour)
	}
	for i, t := range d.toks {
		if !t.cs.has(cGift) {
			continue
		}
		if favour {
			// "… if our stuff always gets done first": a gift for being preferred, wherever it stands.
			d.segs[t.seg].add(cEthics)
			continue
		}
		for k := max(i-6, 0); k < len(d.toks) && k <= i+6; k++ {
			o := d.toks[k]
			if o.seg == t.seg && (inSet(youWords, o.surf) || o.cs.has(cHuman) || o.cs.has(cFavour)) {
				d.segs[t.seg].add(cEthics)
				break
			}
		}
	}
}

// adminApps name a program after "admin" ("school admin software", "Admin-Oberfläche").
var adminApps = wordSet("software programm program tool tools app portal oberflaeche console konsole panel center centre")

// adminSoftware reads "our school admin software", "die Admin-Konsole" as a program, not admin rights.
func adminSoftware(d *doc) {
	for i, t := range d.toks {
		if t.cs.has(cAdmin) && i+1 < len(d.toks) && d.toks[i+1].seg == t.seg && inSet(adminApps, d.toks[i+1].surf) {
			retract(d, i, cAdmin)
		}
	}
}

// restoreSources are where lost data is restored from.
var restoreSources = wordSet("sicherung sicherungen datensicherung datensicherungen backup backups papierkorb recycle " +
	"schattenkopie schattenkopien shadow snapshot snapshots vorgaengerversion vorgaengerversionen versionsverlauf")

// fromWords introduce the source of a restore ("aus der Sicherung", "out of the shadow copies").
var fromWords = wordSet("aus ausm from out vom von off")

// fetchWords fetch something from a source ("aus der Sicherung holen", "pull it out of the backup").
var fetchWords = wordSet("holen holt hole zurueckholen zurueckholt ziehen zieht rausholen herausholen zurueckspielen " +
	"runterholen runterziehen rausziehen runter herunter retten rettet pull get grab fetch retrieve bring rescue salvage")

// restoreFrom reads "aus der Sicherung zurückholen", "recover it from your backups", "pull yesterday's
// version out of the shadow copies" as data recovery: the backup is where the data comes from, not
// a question about the backup software, which the clause no longer names.
func restoreFrom(d *doc) {
	for i, t := range d.toks {
		if !t.cs.has(cBackupSW) && !inSet(restoreSources, t.surf) {
			continue
		}
		from := false
		for k := max(i-3, 0); k < i; k++ {
			from = from || (d.toks[k].seg == t.seg && inSet(fromWords, d.toks[k].surf))
		}
		seg := t.seg
		fetch := d.segs[seg].has(cRestore) || d.segs[seg].has(cLost)
		for _, o := range d.toks {
			fetch = fetch || (o.seg == seg && inSet(fetchWords, o.surf))
		}
		if !from || !fetch {
			continue
		}
		d.segs[seg].add(cDataRecovery)
		for k := range d.toks {
			if d.toks[k].seg == seg {
				d.toks[k].cs.del(cBackupSW)
			}
		}
		d.segs[seg].del(cBackupSW)
	}
}

// fallUnder reads "Würde das unter euren Support fallen?" as a coverage question: "fallen" with
// "unter" is falling under the contract, not a device that fell.
func fallUnder(d *doc) {
	for i, t := range d.toks {
		if t.surf != "fallen" || !t.cs.has(cDefect) {
			continue
		}
		for _, o := range d.toks {
			if o.seg == t.seg && (o.surf == "unter" || o.surf == "unters") {
				retract(d, i, cDefect)
				d.toks[i].cs.add(cCoverQ)
				d.segs[t.seg].add(cCoverQ)
				break
			}
		}
	}
}

// lightVerbs say that a light flashes or glows; warnColours are the colours of a status light that
// warns of a fault.
var (
	lightVerbs = wordSet("blinkt blinken blinkte blinkend blinkende blinkenden leuchtet leuchten leuchtete " +
		"flashing flashes flashed blinking blinks blinked glowing glows lit")
	warnColours = wordSet("rot rote roten rotes orange gelb gelbe amber red yellow")
)

// warningLight reads a part or device whose light flashes or glows in a warning colour as a hardware
// fault, also where the colour stands apart from the verb ("im Server blinkt eine Festplatte rot", "the
// drive in bay 3 is blinking a red light"): a RAID disk, power supply or fan reports its failure this
// way. A light that only flashes, or a status shown red on a screen, is no fault of a part.
func warningLight(d *doc) {
	for i, t := range d.toks {
		if !inSet(lightVerbs, t.surf) || t.cs.has(cHWSymptom) || !d.segs[t.seg].any(csetOf(cHWPart, cDevice)) ||
			!segHas(d.toks, t.seg, warnColours) {
			continue
		}
		d.toks[i].cs.add(cHWSymptom)
		d.segs[t.seg].add(cHWSymptom)
	}
}

// placeWords put a site as the place where something is ("in der Filiale", "at the second site").
var placeWords = wordSet("in im an am at auf bei beim from aus")

// siteLocation reads a site named as the place of something – "die Leitung in der Filiale
// Hauptstraße", "our internet line at the second site" – as a place, not a new site to set up; "eine
// neue Filiale in Kiel" stays one.
func siteLocation(d *doc) {
	for i, t := range d.toks {
		if !t.cs.has(cSite) {
			continue
		}
		at := false
		for k := max(i-3, 0); k < i; k++ {
			o := d.toks[k]
			if o.seg != t.seg {
				continue
			}
			if o.cs.has(cNew) || o.cs.has(cSetup) || o.cs.has(cIntroduce) {
				at = false
				break
			}
			if inSet(placeWords, o.surf) {
				// The place word governs the site: only articles and the like stand between ("in
				// der Filiale", "at our second site"); "im Frühjahr eine Außenstelle" is a time.
				at = true
				for j := k + 1; j < i; j++ {
					if w := d.toks[j]; !inSet(firmArticles, w.surf) && !w.cs.has(cOwnRef) && !inSet(ordinalNew, w.surf) && !w.modifier {
						at = false
					}
				}
			}
		}
		if at && !d.segs[t.seg].has(cNewThing) {
			retract(d, i, cSite)
		}
	}
}

// resetWords reset or change a secret rather than ask for it ("Passwort von Frau Koch zurücksetzen").
var resetWords = wordSet("zuruecksetzen zurueckgesetzt aendern geaendert aenderung entsperren neu vergeben reset resetting " +
	"change changed unlock renew erneuern")

// titleWords stand before a person's name ("Frau Koch", "Mr Baker"), which then names no concept.
var titleWords = wordSet("frau herr herrn dr mr mrs ms")

// resetSecret reads "Bitte das Passwort von Frau Koch zurücksetzen" as configuration: a secret that
// is reset or changed is not asked for. A name after "Frau" or "Mr" is a name ("Koch" is no cook).
func resetSecret(d *doc) {
	for i, t := range d.toks {
		if inSet(titleWords, t.surf) && i+1 < len(d.toks) && d.toks[i+1].seg == t.seg && !d.toks[i+1].cs.empty() {
			for k := concept(0); k < numConcepts; k++ {
				if d.toks[i+1].cs.has(k) {
					retract(d, i+1, k)
				}
			}
		}
	}
	for i, t := range d.toks {
		if !t.cs.has(cSecret) || (d.segs[t.seg].has(cGive) && segHas(d.toks, t.seg, toMeWords)) {
			// "Gib mir das Passwort, ich ändere es": asked for all the same.
			continue
		}
		for _, o := range d.toks {
			if o.seg == t.seg && (inSet(resetWords, o.surf) || (o.cs.has(cConfig) && !o.cs.has(cSecret))) {
				retract(d, i, cSecret)
				d.segs[t.seg].add(cConfig)
				break
			}
		}
	}
}

// deviceShows reads "der Beamer zeigt nur noch Streifen", "the console shows an error" as what a
// device displays, not as "show me".
func deviceShows(d *doc) {
	for i, t := range d.toks {
		if !t.cs.has(cGive) || t.cs.has(cSecret) || d.segs[t.seg].has(cSecret) || segHas(d.toks, t.seg, toMeWords) {
			continue
		}
		for k := max(i-3, 0); k < i; k++ {
			o := d.toks[k].cs
			if d.toks[k].seg == t.seg && (o.has(cHWPart) || o.has(cDevice) || o.has(cSoftware) || o.has(cAV) || o.has(cNetDev) || o.has(cBackupSW) || o.has(cOffice)) {
				retract(d, i, cGive)
				break
			}
		}
	}
}

// softwareFailed reads "the Windows updates fail", "Backup failed" as a failing program, not failed
// hardware, even when the clause names a printer or disk too.
func softwareFailed(d *doc) {
	for i, t := range d.toks {
		if !t.cs.has(cFailed) || t.cs.has(cHWPart) {
			continue
		}
		for k := max(i-2, 0); k < i; k++ {
			o := d.toks[k].cs
			if d.toks[k].seg == t.seg && (o.has(cUpdate) || o.has(cOS) || o.has(cOffice) || o.has(cBackupSW) || o.has(cSoftware) || o.has(cAV) || o.has(cLOB)) {
				retract(d, i, cFailed)
				d.toks[i].cs.add(cSymptom)
				d.segs[t.seg].add(cSymptom)
				break
			}
		}
	}
}

// lostToRecover reads the clause that reports the loss in "Ich hab die Tabelle überschrieben. Könnt
// ihr die alte Version aus der Sicherung holen?" as part of the data recovery, not as a question about
// the program the file belongs to.
func lostToRecover(d *doc) {
	recover := false
	for _, s := range d.segs {
		recover = recover || s.has(cDataRecovery)
	}
	if !recover {
		return
	}
	for k, s := range d.segs {
		if s.has(cLost) && (s.has(cData) || s.has(cOffice) || s.has(cOfficeWeak)) {
			// "Ich hab die Excel-Tabelle überschrieben", "I overwrote a Word document"
			d.segs[k].add(cDataRecovery)
		}
	}
}

// atWords place a thing somewhere ("on my PC", "auf meinem Laptop").
var atWords = wordSet("on auf am an bei at im")

// softwareDefect reads "Outlook search is broken on my PC", "auf meinem Laptop ist Excel kaputt" as a
// fault of the program: the device only says where it happens.
func softwareDefect(d *doc) {
	for k, s := range d.segs {
		if !s.has(cDefect) || !(s.has(cOffice) || s.has(cOS) || s.has(cLOB) || s.has(cAV) || s.has(cBackupSW)) || s.has(cHWPart) {
			continue
		}
		located := false
		for i, t := range d.toks {
			if t.seg != k || !t.cs.has(cDevice) {
				continue
			}
			for j := max(i-2, 0); j < i; j++ {
				located = located || (d.toks[j].seg == k && inSet(atWords, d.toks[j].surf))
			}
			if !located {
				break // a device named as the subject ("der Laptop mit Office ist kaputt")
			}
		}
		if located {
			d.segs[k].del(cDefect)
			d.segs[k].add(cSymptom)
		}
	}
}

// toMeWords receive what a give word hands over when the writer asks for it ("gib mir", "send me").
var toMeWords = wordSet("mir me uns us mich")

// notOwnSecrets are the concepts that make a question about a secret one about someone else's.
var notOwnSecrets = csetOf(cOtherClients, cThirdParty, cOtherFirm, cNamedFirm, cInject, cInjectObj, cAdmin)

// remoteCredentials reads "Muss ich dem Techniker die ID und das Passwort aus TeamViewer nennen?" as
// remote support: the session ID and password of the remote tool go to the provider's technician,
// which is how a remote session starts. Asking to be given a password ("schick mir das Passwort"),
// other clients' data, admin passwords or the bot's instructions stays a request for a secret.
func remoteCredentials(d *doc) {
	tool := false
	for i, t := range d.toks {
		tool = tool || t.cs.has(cRemoteTool)
		if t.cs.has(cGive) {
			for k := i + 1; k < len(d.toks) && k <= i+2; k++ {
				if inSet(toMeWords, d.toks[k].surf) {
					return
				}
			}
		}
	}
	if !tool {
		return
	}
	for i, t := range d.toks {
		if !t.cs.has(cSecret) && !t.cs.has(cRemoteTool) {
			continue
		}
		for k := max(i-3, 0); k < len(d.toks) && k <= i+3; k++ {
			if inSet(youWords, d.toks[k].surf) && d.toks[k].seg == t.seg && d.toks[k].surf != "you" {
				// "das Passwort eures Fernwartungs-Accounts": the provider's own secret.
				return
			}
		}
	}
	for _, s := range d.segs {
		if s.any(notOwnSecrets) {
			return
		}
	}
	for i, t := range d.toks {
		if t.cs.has(cSecret) {
			retract(d, i, cSecret)
		}
		if t.cs.has(cContactInfo) && (t.surf == "nummer" || t.surf == "number" || t.surf == "id") {
			// "die Nummer aus dem Fernwartungsfenster": the session ID, not a phone number.
			retract(d, i, cContactInfo)
		}
	}
}

var (
	// deskWords name a user's computer, where the vendor's program help happens.
	deskWords = wordSet("pc pcs rechner laptop laptops notebook arbeitsplatz arbeitsplaetze arbeitsplatzpc workstation " +
		"workstations desktop computer empfangsrechner empfangs client clients platz")
	// serverWords name the infrastructure a vendor may reach only by appointment.
	serverWords = wordSet("server servern servers serveur datenbankserver terminalserver sql database datenbank db " +
		"infrastruktur infrastructure netzwerk network firewall")
)

// programHelp reads the vendor's hotline helping a user at a workstation – "Der Medistar-Support will
// mir per TeamViewer zeigen, wie die Abrechnung geht", "our CAD vendor wants a quick remote session on
// my workstation" – as end-user program help, which needs no vendor access to the servers.
func programHelp(d *doc) {
	vendor, teach, desk, remote, server, seg := false, false, false, false, false, 0
	for i, t := range d.toks {
		if !vendor && (t.cs.has(cVendor) || (t.cs.has(cLOB) && i+1 < len(d.toks) && inSet(vendorHeads, d.toks[i+1].surf))) {
			// "the QuickBooks support person" is the vendor's, as "Sage-Support" is.
			vendor, seg = true, t.seg
			d.segs[seg].add(cVendor)
		}
		teach = teach || t.cs.has(cTeach) || t.cs.has(cProgramHelp) || showing(d.toks, i) || programQuestion(d, i)
		remote = remote || t.cs.has(cRemoteTool) || t.cs.has(cRemote) || t.cs.has(cRemoteVerb) || t.cs.has(cConnect) || t.cs.has(cAccess)
		desk = desk || inSet(deskWords, t.surf) || t.cs.has(cScreen)
		server = server || inSet(serverWords, t.surf) || t.cs.has(cVendorAccess) || t.cs.has(cSpecialSrv)
	}
	if vendor && !server && (teach || (desk && remote)) {
		d.segs[seg].add(cProgramHelp)
	}
}

var (
	// showWords show or explain something to someone.
	showWords = wordSet("zeigen zeigt zeige erklaeren erklaert erklaere show shows explain explains demonstrate")
	// shownTo are the words after a show word that make it teaching: whom it is shown to, or how
	// something works ("zeigt den Helferinnen", "zeigen, wie", "show me how").
	shownTo = wordSet("wie how was what mir ihr ihm uns euch den dem der me her him us them our unseren unserer")
)

// showing reports whether toks[i] shows someone how a program works: "zeigen, wie die Abrechnung
// geht", "zeigt den Helferinnen das Modul", "show me the new feature", "um ihr die Belegerfassung zu
// erklären".
func showing(toks []token, i int) bool {
	if !inSet(showWords, toks[i].surf) {
		return false
	}
	for k := i + 1; k < len(toks) && k <= i+2; k++ {
		if inSet(shownTo, toks[k].surf) {
			return true
		}
	}
	for k := max(i-5, 0); k < i; k++ {
		if toks[k].seg == toks[i].seg && inSet(shownToBefore, toks[k].surf) {
			return true
		}
	}
	return false
}

// shownToBefore are the persons something is shown or explained to when they come first ("um ihr
// die Belegerfassung zu erklären").
var shownToBefore = wordSet("ihr ihm mir uns euch me her him us them")

// equipDrop are the IT concepts special equipment takes over: its controller, its PC, its firmware,
// the configuration it lost.
var equipDrop = csetOf(cDevice, cHWPart, cHardware, cNetDev, cConnect, cRemote, cLost, cRestore, cDataRecovery)

// equipment reads special equipment – a CNC mill's controller, an X-ray unit, a lab analyser, the PLCs
// of a production line – as a line-of-business system with its own vendor: the contract covers
// network, servers, desktops and mobile devices, and the provider offers only what it is competent
// for (code of ethics). A clause naming such equipment no longer names IT devices or parts.
func equipment(d *doc) {
	for k, s := range d.segs {
		if !s.has(cEquip) {
			continue
		}
		d.segs[k] = s.minus(equipDrop)
		d.segs[k].add(cLOB)
	}
}

// retract deletes concept k from token i, and from its clause unless another token there has it.
func retract(d *doc, i int, k concept) {
	d.toks[i].cs.del(k)
	seg := d.toks[i].seg
	for _, t := range d.toks {
		if t.seg == seg && t.cs.has(k) {
			return
		}
	}
	d.segs[seg].del(k)
}

// colleagueWords and myWords: "mein Kollege", "our colleague" is the client's own colleague.
var (
	colleagueWords = wordSet("kollege kollegin kollegen kolleginnen colleague colleagues")
	myWords        = wordSet("mein meine meinem meiner meinen unser unsere unserem unserer unseren my our")
)

// ownColleague reads the client's own colleague ("Mein Kollege aus dem Vertrieb sagt, sein Photoshop
// stürzt ab") as no person of the provider to talk to: the message passes on a colleague's problem.
func ownColleague(d *doc) {
	for i, t := range d.toks {
		if t.cs.has(cHuman) && inSet(colleagueWords, t.surf) && i > 0 && d.toks[i-1].seg == t.seg && inSet(myWords, d.toks[i-1].surf) {
			retract(d, i, cHuman)
		}
	}
}

// localWords name the backup kept on site, set against the one in the cloud.
var localWords = wordSet("lokal lokale lokalen lokaler lokales local onsite vor-ort")

// notWords negate the word after them ("not the cloud thing", "nicht in die Cloud").
var notWords = wordSet("not nicht kein keine keinen no")

// notOffsite reads a backup to the cloud or a data centre that a message about the local one rules out – "the backup
// software on our server (the local one, not the cloud thing)", "die lokale Sicherung, nicht die in
// der Cloud" – as no online backup: the backup meant is the local one.
func notOffsite(d *doc) {
	local := false
	for _, t := range d.toks {
		local = local || inSet(localWords, t.surf)
	}
	if !local {
		// "warum läuft die Sicherung nicht in die Cloud?" is about the cloud
		return
	}
	for i, t := range d.toks {
		if !t.cs.has(cOffsite) && !t.cs.has(cOnlineBackup) {
			continue
		}
		for k := i - 1; k >= 0 && k >= i-5 && d.toks[k].seg == t.seg; k-- {
			if inSet(notWords, d.toks[k].surf) {
				retract(d, i, cOffsite)
				retract(d, i, cOnlineBackup)
				break
			}
		}
	}
}

// complyWords ask whether something complies with rules ("is that ok with your rules", "nach euren
// Regeln", "under your policy").
var complyWords = wordSet("with under by per to against within nach mit gemaess laut unter")

// rulesCompliance reads "Is that ok with your rules?" as a question about the provider's rules, not an
// attempt to get the bot's instructions.
func rulesCompliance(d *doc) {
	for i, t := range d.toks {
		if !t.cs.has(cInject) || i == 0 || !inSet(complyWords, d.toks[max(i-1, 0)].surf) {
			continue
		}
		for k := i; k < len(d.toks) && k <= i+1 && d.toks[k].seg == t.seg; k++ {
			if d.toks[k].cs.has(cInject) {
				retract(d, k, cInject)
			}
		}
	}
}

// questionWords name questions one may have about using a program.
var questionWords = wordSet("questions question fragen frage")

// programQuestion reports a question word at token i about a program or its vendor ("Fragen zu
// DATEV", "questions for the vendor"), not "eine Frage zur Abgrenzung unseres Vertrags".
func programQuestion(d *doc, i int) bool {
	if !inSet(questionWords, d.toks[i].surf) {
		return false
	}
	for k := i + 1; k < len(d.toks) && k <= i+5 && d.toks[k].seg == d.toks[i].seg; k++ {
		if d.toks[k].cs.has(cLOB) || d.toks[k].cs.has(cVendor) || d.toks[k].cs.has(cSoftware) {
			return true
		}
	}
	return false
}

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

// thingConcepts name things a word before them may describe.
var thingConcepts = csetOf(cEquip, cDevice, cHWPart, cSoftware, cLOB, cNetDev)

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
		if i+2 < len(d.toks) && d.toks[i+2].seg == t.seg && d.toks[i+2].cs.any(thingConcepts) {
			// "the lab blood analyser": the unknown word describes a thing of the lab.
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
		if n := i + 1; t.modifier && n < len(d.toks) && d.toks[n].cs.any(hwConcepts) {
			// "vom Vereinslaptop": the kind of firm only says whose the device is
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

// machineHeads name a machine when an unknown word says what it does ("ultrasound machine", "labelling
// machines").
var machineHeads = wordSet("machine machines")

// machines reads "the labelling machine", "our embroidery machines" – a machine named by a task the
// lexicon does not know – as special equipment; "my machine" and "virtual machine" stay computers.
func (c *Classifier) machines(d *doc) {
	for i := 1; i < len(d.toks); i++ {
		t, p := d.toks[i], d.toks[i-1]
		if !inSet(machineHeads, t.surf) || p.seg != t.seg || !p.cs.empty() || c.marker(p.surf) || !isASCIIWord(p.surf) || len(p.surf) < 3 {
			continue
		}
		if _, known := c.known[p.surf]; known {
			continue
		}
		d.toks[i].cs.add(cEquip)
		d.segs[t.seg].add(cEquip)
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
			// "der Hotline-Mitarbeiter von DATEV": a person of the hotline may stand between.
			if _, ok := ofWords[toks[k].surf]; !ok && !toks[k].cs.has(cHuman) {
				break
			}
		}
	}
	return changed
}

// roleHeads name a person by the job they do ("office manager", "IT-Koordinatorin", "practice owner").
var roleHeads = wordSet("manager managerin managers coordinator koordinator koordinatorin assistant assistent assistentin " +
	"assistenz leiter leiterin officer beauftragter beauftragte ansprechpartner ansprechpartnerin owner inhaber inhaberin " +
	"sekretaer sekretaerin secretary receptionist")

// roleNouns reads "the new office manager", "die neue Teamassistenz" as a person: the words before a
// role name the job, not a new office or a move. It reports whether it changed a token.
func (c *Classifier) roleNouns(toks []token) bool {
	changed := false
	for i, t := range toks {
		if !inSet(roleHeads, t.surf) || !t.cs.minus(csetOf(cHuman, cCoverQ)).empty() {
			// "the previous owner" is a phrase of its own (a doubtful licence source).
			continue
		}
		for k := i - 1; k >= 0 && k >= i-2 && toks[k].seg == t.seg; k-- {
			if inSet(firmArticles, toks[k].surf) || toks[k].cs.has(cOwnRef) {
				break
			}
			if !toks[k].cs.empty() {
				toks[k].cs = cset{}
				changed = true
			}
		}
		if t.cs.has(cCoverQ) {
			toks[i].cs.del(cCoverQ)
			changed = true
		}
		toks[i].cs.add(cHuman)
	}
	return changed
}

// addWords join a further topic to a message ("außerdem", "zudem").
var addWords = wordSet("ausserdem zudem")

// listNouns name the items of a list ("Anliegen 1:", "Punkt 2").
var listNouns = wordSet("anliegen punkt frage thema sache problem issue point question item topic nr nummer no")

// listNumber reports whether toks[i] numbers a list item: "1)", "2.", "Anliegen 3:".
func listNumber(toks []token, i int) bool {
	t := toks[i]
	if len(t.surf) != 1 || !isDigits(t.surf) || i+1 >= len(toks) || !toks[i+1].brk {
		return false
	}
	return i == 0 || t.brk || inSet(listNouns, toks[i-1].surf)
}

// listWords open a list item when they start a clause ("Erstens ...", "Second, ...").
var listWords = wordSet("erstens zweitens drittens viertens first second third firstly secondly thirdly")

var (
	// problemConcepts say that something is wrong: a clause with one reports a problem.
	problemConcepts = csetOf(cSymptom, cDefect, cHWSymptom, cFailed, cLost, cOutage, cBug, cExpired, cUnlicensed,
		cCracked, cUnsupported, cDataRecovery, cDubious, cWarranty)
	// askConcepts say that the client asks for or wants something.
	askConcepts = csetOf(cRequest, cWant, cCoverQ, cResponsible, cCallback, cWhy, cRuleQ, cHowTo, cTalk)
	// planConcepts are the projects a plain statement may mention as background next to a problem
	// ("Our new colleague starts on the 1st", "Wir haben zwei Standorte").
	planConcepts = csetOf(cMove, cSite, cExpand, cNewThing, cIntroduce, cMigrate, cProjectWord, cTraining, cConcept)
)

// introNext are the words after "I'm"/"ich bin" that introduce the writer rather than a state
// ("I'm the new office manager", "ich bin nur die Aushilfe", "I'm writing on behalf of").
var introNext = wordSet("a an the new her his their our your just only now from writing covering responsible in " +
	"der die das ein eine einer neu neue neuer neues hier nur erst jetzt ab frau herr zustaendig verantwortlich")

// firmIntroNext are the words after "wir sind"/"we're" that describe the firm ("wir sind eine kleine
// Kanzlei", "we're a team of 12").
var firmIntroNext = wordSet("a an the ein eine einer der die das ca circa etwa about around rund")

// introVerbs follow "I"/"ich" in an introduction ("I joined last week", "ich vertrete Frau Meier").
var introVerbs = wordSet("joined started replaced vertrete arbeite work am heisse schreibe leite fuehre manage run head")

// intro reports whether clause k (its tokens from f) introduces the writer or the firm: "I'm Tom",
// "ich bin die neue Praxismanagerin", "my name is", "wir sind 14 Leute", "we have 25 staff and two
// sites", "new IT contact here".
func (c *Classifier) intro(d *doc, f int) bool {
	toks := d.toks
	seg := toks[f].seg
	w := func(k int) string {
		if f+k < len(toks) && toks[f+k].seg == seg {
			return toks[f+k].surf
		}
		return ""
	}
	a, b := w(0), w(1)
	if (a == "hi" || a == "hallo" || a == "hello" || a == "hey") && b != "" {
		f++
		a, b = b, w(2)
	}
	known := func(x string) bool { _, ok := c.known[x]; return ok }
	switch {
	case a == "im" && d.lang == English, a == "i" && b == "am":
		if a == "i" {
			b = w(2)
		}
		return inSet(introNext, b) || (b != "" && !known(b) && isASCIIWord(b))
	case a == "ich" && b == "bin":
		n := w(2)
		return inSet(introNext, n) || (n != "" && !known(n) && isASCIIWord(n) && !c.marker(n))
	case (a == "my" || a == "mein") && (b == "name" || b == "names"), a == "ich" && b == "heisse":
		return true
	case (a == "i" || a == "ich") && inSet(introVerbs, b):
		return true
	case (a == "wir" && b == "sind") || (a == "we" && b == "are") || (a == "were" && d.lang == English):
		n := w(2)
		if a == "were" {
			n = b
		}
		return inSet(firmIntroNext, n) || countOf(n) > 1
	case (a == "wir" && b == "haben") || (a == "we" && (b == "have" || b == "ve")) || a == "weve":
		// Facts about the firm: "we have 25 staff and two sites".
		for k := 1; k <= 3; k++ {
			if n := countOf(w(k)); n > 1 && n < 99 {
				return !d.segs[seg].has(cNew)
			}
		}
	case a == "new" || a == "neu" || a == "neuer" || a == "neue":
		// "new IT contact here"
		for k := 1; k <= 4; k++ {
			if x := w(k); x == "here" || x == "hier" {
				return true
			}
		}
	}
	return false
}

// pastAux mark a clause as the past: the pluperfect ("wir hatten ... eröffnet").
var pastAux = wordSet("hatte hatten hattet hattest")

// history reports whether clause seg (its tokens from f) tells what happened before: a time in the
// past ("letztes Jahr", "years ago"), the pluperfect, an event the clause dates from ("seit der
// Umstellung", "since the update"), or what the provider did ("das habt ihr als Projekt gemacht",
// "you migrated us").
func history(d *doc, f int) bool {
	seg := d.toks[f].seg
	if s := d.toks[f].surf; s == "seit" || s == "since" {
		// "seit der Umstellung auf das neue Outlook …", "since we moved …": an event in the past.
		for k := f + 1; k < len(d.toks) && k <= f+4 && d.toks[k].seg == seg; k++ {
			if d.toks[k].cs.any(planConcepts) || d.toks[k].cs.has(cUpdate) {
				return true
			}
		}
	}
	you := false
	for k := f; k < len(d.toks) && d.toks[k].seg == seg; k++ {
		t := d.toks[k]
		if t.cs.has(cPast) || inSet(pastAux, t.surf) {
			return true
		}
		switch {
		case t.surf == "habt" && k+1 < len(d.toks) && d.toks[k+1].surf == "ihr", t.surf == "ihr" && k+1 < len(d.toks) && d.toks[k+1].surf == "habt":
			you = true
		case t.surf == "you" && k+1 < len(d.toks) && d.toks[k+1].seg == seg && strings.HasSuffix(d.toks[k+1].surf, "ed"):
			return true
		case you && (strings.HasPrefix(t.surf, "ge") || strings.HasSuffix(t.surf, "iert")) && len(t.surf) > 5:
			return true
		}
	}
	return false
}

// verdictOnly are the concepts only the verdict rules use: what a background clause says about
// things. A background clause keeps its other concepts (who writes, which vendor) for the intent.
func verdictOnly(intent, verdict [][]rule) cset {
	var in, out cset
	for _, rs := range intent {
		for _, r := range rs {
			in.or(csetOf(r.all...))
			in.or(csetOf(r.any...))
		}
	}
	for _, rs := range verdict {
		for _, r := range rs {
			out.or(csetOf(r.all...))
			out.or(csetOf(r.any...))
		}
	}
	return out.minus(in)
}

// roles marks the clauses that give background – an introduction of the writer or the firm,
// history, a plan not yet decided, a sentence announced as background ("Kurzer Hintergrund:"), or a
// plain statement of a plan next to a reported problem – and the clauses that open list items.
// Background clauses get no verdict of their own: the message's evidence (d.all) is that of its task
// clauses, plus what the background says about who writes. When the task clauses name no topic at all
// ("Wir ziehen im März um. Ist das abgedeckt?"), the background is the topic and every clause counts.
func (c *Classifier) roles(d *doc) {
	n := min(len(d.segs), maxMeta)
	var first [maxMeta]int
	for k := range n {
		first[k] = -1
	}
	// Sentences announced as background, and sentences with a plan not yet decided.
	var ctxSent, hedgeSent [4]uint64
	setBit := func(b *[4]uint64, i int) { b[i>>6] |= 1 << (i & 63) }
	bit := func(b *[4]uint64, i int) bool { return b[i>>6]&(1<<(i&63)) != 0 }
	sentStart, sentLen, lastSent := 0, 0, -1
	markerSent := -1
	for i, t := range d.toks {
		s := d.sentOf(t.seg)
		if s != lastSent {
			if markerSent == lastSent && lastSent >= 0 && sentLen <= 4 {
				// "Kurzer Hintergrund:" alone: the background is the next sentence.
				setBit(&ctxSent, s)
			}
			sentStart, sentLen, lastSent = i, 0, s
		}
		sentLen++
		if t.seg < n && first[t.seg] < 0 {
			first[t.seg] = i
		}
		switch {
		case listNumber(d.toks, i):
			// "1) Der Drucker ...": the item is the clause after the number.
			d.list = true
			if t.seg+1 < n {
				d.meta[t.seg+1].flags |= metaItem
			}
		case inSet(listWords, t.surf) && (t.brk || i == 0):
			// "Erstens brummt ...", "Second, we'd like ...": a list word, not something new.
			d.list = true
			d.meta[min(t.seg, maxMeta-1)].flags |= metaItem
			retract(d, i, cNew)
			if (i+1 == len(d.toks) || d.toks[i+1].seg != t.seg) && t.seg+1 < n {
				// "Erstens: das NAS piept", "First, our SQL jobs …": the item is the clause after it.
				d.meta[t.seg+1].flags |= metaItem
			}
		case t.cs.has(cMulti):
			d.list = true
		}
		if t.cs.has(cHedge) {
			setBit(&hedgeSent, s)
		}
		if t.cs.has(cContext) && i-sentStart < 3 && !d.has(t.seg, metaQuestion) {
			setBit(&ctxSent, s)
			markerSent = s
			// "Hintergrund:" announces background; it asks for no reason.
			d.toks[i].cs.del(cWhy)
			d.segs[t.seg].del(cWhy)
		}
	}
	anyCtx, problemTask := false, false
	for k := range n {
		s := d.segs[k]
		if s.empty() || first[k] < 0 {
			continue
		}
		st := d.sentOf(k)
		q := d.has(k, metaQuestion)
		prob, ask := s.any(problemConcepts), s.any(askConcepts)
		ctx := false
		switch {
		case d.define != 0 && (k >= 64 || d.define&(1<<k) == 0) && !ask:
			// "Was zählt als Ausfall? Bei uns geht der Scanner nicht.": the case is the example of
			// the definition asked about.
			ctx = true
		case bit(&ctxSent, st) && !q && !prob:
			ctx = true
		case !prob && !ask && c.intro(d, first[k]):
			ctx = true
			// An introduction speaks of the writer's own firm ("I'm the practice owner").
			d.segs[k].add(cOwnRef)
		case !prob && !ask && history(d, first[k]):
			ctx = true
		case bit(&hedgeSent, st) && !q && !prob && !ask:
			ctx = true
		}
		if ctx {
			d.meta[k].flags |= metaCtx
			anyCtx = true
		} else if prob {
			problemTask = true
		}
	}
	if problemTask && !d.list {
		// A plan stated plainly next to a reported problem is background: "Our new colleague starts
		// on the 1st. Could you check why my Outlook keeps asking for the password?"
		for k := range n {
			s := d.segs[k]
			if d.has(k, metaCtx|metaQuestion) || !s.any(planConcepts) || s.any(problemConcepts) || s.any(askConcepts) {
				continue
			}
			d.meta[k].flags |= metaCtx
			anyCtx = true
		}
	}
	var full, task, ctx cset
	for k, s := range d.segs {
		full.or(s)
		if d.has(k, metaCtx) {
			ctx.or(s)
		} else {
			task.or(s)
		}
	}
	d.all, d.task = full, full
	if !anyCtx {
		return
	}
	if vt, vf := c.maxVerdict(task), c.maxVerdict(full); vt > 0 || (vf == 0 && !task.empty()) {
		d.task = task
		task.or(ctx.minus(c.verdictSide))
		d.all = task
		return
	}
	// The task clauses name no topic of their own: the background is what they ask about.
	for k := range n {
		d.meta[k].flags &^= metaCtx
	}
}

// maxVerdict returns the strongest verdict evidence in s.
func (c *Classifier) maxVerdict(s cset) float64 {
	best := 0.0
	for v := range Verdicts {
		best = max(best, scoreRules(c.verdictRules[v], s))
	}
	return best
}
