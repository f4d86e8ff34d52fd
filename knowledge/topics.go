package knowledge

// This file decides which clauses of a mixed message are topics of their own (see Classifier.parts):
// a clause that only sets the scene for another topic, or describes the same incident from another
// side, gets no verdict of its own.

var (
	// coveredObjects are the things the contract maintains; a clause naming one is about it.
	coveredObjects = csetOf(cNetDev, cOS, cOffice, cOfficeWeak, cAV, cBackupSW, cDevice, cISP)
	// systemObjects are the systems outside the standard maintenance that work may be done on: a
	// special server, a database, a line-of-business application, online backup, special equipment.
	systemObjects = csetOf(cSpecialSrv, cDatabase, cLOB, cOnlineBackup, cEquip, cPhoneSys, cWebsite)
	// softObjects are the programs and kinds of work that make a device's trouble a software topic.
	softObjects = csetOf(cOffice, cAV, cBackupSW, cISP, cSpecialSrv, cLOB, cUpdate, cConfig, cSetup,
		cMonitoring, cOnlineBackup, cDatabase)
	// hwFaults report a physical fault.
	hwFaults = csetOf(cDefect, cHWSymptom, cFailed)
	// devices are the machines whose symptoms a hardware fault may explain.
	devices = csetOf(cDevice, cNetDev)
)

// notTopic reports whether clause i of cls (clear verdict verdictOf[i]) is no topic of its own: it
// only asks about a thing a more restrictive clause describes (sameThing), it only sets the scene
// (setting), it is work without an object of its own on a system a more restrictive clause names
// (workOnSystem), it reports what followed from a restrictive problem (consequence), it reports the
// symptoms of a device whose hardware fault another clause names (explainedByHardware), or it says
// what a requested training is about (trainingNeed). A numbered or announced item is always a topic
// of its own.
func notTopic(d *doc, cls []clause, verdictOf []int, i int) bool {
	if sameThing(cls, verdictOf, i) {
		return true
	}
	if d.itemOf(cls[i].lo) {
		return false
	}
	return setting(d, cls, verdictOf, i) || workOnSystem(d, cls, verdictOf, i) || consequence(d, cls, verdictOf, i) ||
		explainedByHardware(d, cls, verdictOf, i) || trainingNeed(d, cls, verdictOf, i) || mailClient(d, cls, verdictOf, i) ||
		careDespite(d, cls, verdictOf, i) || updatesOfUnsupported(cls, verdictOf, i) || carePremise(d, cls, verdictOf, i) ||
		siteEquipment(cls, verdictOf, i) || installsUnlicensed(d, cls, verdictOf, i) || movedAlong(d, cls, verdictOf, i) ||
		symptomsOfUnsupported(d, cls, verdictOf, i) || downByItsPart(d, cls, verdictOf, i) || doneThemselves(d, cls, verdictOf, i)
}

// downByItsPart reports whether the covered clause i only says that a device no longer works ("and the
// laptop won't boot anymore") right after its part failed in the same sentence ("the SSD in our sales
// manager's laptop died overnight"): one hardware incident.
func downByItsPart(d *doc, cls []clause, verdictOf []int, i int) bool {
	s := cls[i].cs
	if d.list || Verdicts[verdictOf[i]] != VerdictCovered || !s.has(cDevice) || s.has(cNetDev) || !s.any(problemConcepts) ||
		s.minus(devices).any(coveredObjects) || s.any(askConcepts) {
		return false
	}
	for j, o := range cls[:i] {
		// the part named in the device before ("the SSD in our sales
		// manager's laptop died … and the laptop won't boot")
		if verdictOf[j] >= 0 && Verdicts[verdictOf[j]] == VerdictExcluded && o.cs.has(cHWPart) && o.cs.has(cDevice) &&
			(o.cs.has(cDefect) || o.cs.has(cFailed) || o.cs.has(cHWSymptom)) && d.sentOf(o.lo) == d.sentOf(cls[i].lo) {
			return true
		}
	}
	return false
}

// selfWords say the client does something themselves.
var selfWords = wordSet("ourselves myself selbst selber")

// doneThemselves reports whether the project clause i says the client sees to it themselves ("We'll sort
// out a new laptop ourselves, but can you get the files off the old drive?"): no topic to answer, beside
// the one asked.
func doneThemselves(d *doc, cls []clause, verdictOf []int, i int) bool {
	if d.list || Verdicts[verdictOf[i]] != VerdictProject || cls[i].cs.any(askConcepts) || !clauseHas(d, cls[i], selfWords) {
		return false
	}
	for j := range cls {
		if j != i && verdictOf[j] >= 0 && Verdicts[verdictOf[j]] != VerdictProject {
			return true
		}
	}
	return false
}

// movedAlong reports whether the covered clause i only names devices a move takes along ("Wir ziehen mit
// dem Büro um. Server, Firewall, Switche und 12 Arbeitsplätze müssen abgebaut und im neuen Büro wieder
// aufgebaut werden."): they are the move's, a project, and no care of their own while nothing is wrong
// with them.
func movedAlong(d *doc, cls []clause, verdictOf []int, i int) bool {
	s := cls[i].cs
	if d.list || Verdicts[verdictOf[i]] != VerdictCovered || s.any(problemConcepts) || !s.any(devices) || s.any(askConcepts) && !s.has(cMove) {
		return false
	}
	for j, o := range cls {
		if j != i && verdictOf[j] >= 0 && Verdicts[verdictOf[j]] == VerdictProject && (o.cs.has(cMove) || o.cs.has(cSite)) {
			return true
		}
	}
	return false
}

// symptomsOfUnsupported reports whether the covered clause i tells how a device behaves ("Der PC wird
// immer langsamer und zeigt Fehlermeldungen") in a message whose other clause says that device runs
// software its vendor no longer supports ("… ein alter PC mit Windows 7"): the non-standard case
// explains it. A clause that names a program or service of its own stays a topic.
func symptomsOfUnsupported(d *doc, cls []clause, verdictOf []int, i int) bool {
	s := cls[i].cs
	if d.list || Verdicts[verdictOf[i]] != VerdictCovered || !s.any(problemConcepts) || s.minus(devices).any(coveredObjects) ||
		s.any(askConcepts) {
		return false
	}
	for j, o := range cls {
		if j != i && verdictOf[j] >= 0 && Verdicts[verdictOf[j]] == VerdictNoncompliant && o.cs.has(cUnsupported) {
			return true
		}
	}
	return false
}

// installsUnlicensed reports whether the project clause i asks to install what another clause says is
// unlicensed or cracked, pointing back at it ("Der Azubi hat sich ne gecrackte Version besorgt. Könnt
// ihr die auf dem Werkstatt-PC installieren?"): the installation is no project of its own, the software
// is the non-standard case.
func installsUnlicensed(d *doc, cls []clause, verdictOf []int, i int) bool {
	s := cls[i].cs
	if d.list || Verdicts[verdictOf[i]] != VerdictProject || !s.has(cSetup) || s.has(cNew) || s.has(cNewThing) ||
		!clauseHas(d, cls[i], backDetWords) {
		return false
	}
	for j, o := range cls {
		if j != i && verdictOf[j] >= 0 && Verdicts[verdictOf[j]] == VerdictNoncompliant && (o.cs.has(cUnlicensed) || o.cs.has(cCracked)) {
			return true
		}
	}
	return false
}

// itemOf reports whether clause k opens a numbered or announced item, or follows the words that open
// it in the same sentence ("Zweitens: Unser Bürovorsteher meint, wir müssten die Updates selbst
// einspielen."): the words before the comma only say who holds that view.
func (d *doc) itemOf(k int) bool {
	for j := k; j >= 0 && d.sentOf(j) == d.sentOf(k); j-- {
		if d.has(j, metaItem) {
			return true
		}
	}
	return false
}

// siteEquipment reports whether the covered clause i only lists the equipment – "Netz dort komplett
// neu: Router, 2 Switche, WLAN, VPN zur Zentrale" – of a new site another clause names ("neue
// Filiale … eröffnet im Januar"): setting it up is that project, not the care of a network.
func siteEquipment(cls []clause, verdictOf []int, i int) bool {
	s := cls[i].cs
	if Verdicts[verdictOf[i]] != VerdictCovered || !s.any(devices) || s.any(problemConcepts) || s.has(cMaint) || s.has(cCoverQ) {
		return false
	}
	for j, o := range cls {
		if j != i && verdictOf[j] >= 0 && Verdicts[verdictOf[j]] == VerdictProject && o.cs.has(cSite) {
			return true
		}
	}
	return false
}

// premiseWords say that care has gone on for a while ("seit Jahren", "schon immer", "for years").
var premiseWords = wordSet("seit jahren jahre jahrelang schon bereits immer already years always")

// carePremise reports whether the covered clause i only states the care given so far – "Sie warten
// diesen Server doch seit Jahren." – as the premise of an argument about a more restrictive topic in
// another clause ("Dann gehört der Nachfolger doch auch zur Wartung!"): the premise is no question.
func carePremise(d *doc, cls []clause, verdictOf []int, i int) bool {
	s := cls[i].cs
	if Verdicts[verdictOf[i]] != VerdictCovered || !s.has(cMaint) || s.any(problemConcepts) || d.has(cls[i].lo, metaQuestion) {
		return false
	}
	n := 0
	for _, t := range d.toks {
		if t.seg >= cls[i].lo && t.seg <= cls[i].hi && inSet(premiseWords, t.surf) {
			n++
		}
	}
	if n == 0 {
		return false
	}
	for j := range cls {
		if j != i && verdictOf[j] >= 0 && verdictOf[j] < verdictOf[i] {
			return true
		}
	}
	return false
}

// updatesOfUnsupported reports whether the covered clause i speaks of updates – "der kriegt auch
// keine Updates mehr" – in a message whose other clause names software out of support: the missing
// updates are what "out of support" means, one topic, the non-standard case.
func updatesOfUnsupported(cls []clause, verdictOf []int, i int) bool {
	s := cls[i].cs
	if Verdicts[verdictOf[i]] != VerdictCovered || !s.has(cUpdate) {
		return false
	}
	for j, o := range cls {
		if j != i && verdictOf[j] >= 0 && Verdicts[verdictOf[j]] == VerdictNoncompliant && o.cs.has(cUnsupported) {
			return true
		}
	}
	return false
}

// despiteWords ask whether care goes on regardless ("still", "trotzdem"); backDetWords point back at a
// device named before ("that PC", "den Rechner").
var (
	despiteWords = wordSet("still trotzdem weiterhin dennoch anyway nevertheless keep")
	backDetWords = wordSet("that this those these them den diesen dem diesem die diese")
)

// careDespite reports whether the covered clause i asks whether a device will still be looked after –
// "Will you still look after that PC under our contract?", "Betreut ihr den Rechner trotzdem?", "will
// you keep supporting those?" – in a message whose other clause says the device runs unlicensed or
// unsupported software: the question is about that device as it is, the non-standard case, not about
// desktop care in general.
func careDespite(d *doc, cls []clause, verdictOf []int, i int) bool {
	s := cls[i].cs
	if d.list || Verdicts[verdictOf[i]] != VerdictCovered || !s.has(cMaint) && !s.has(cCoverQ) {
		return false
	}
	despite, back := clauseHas(d, cls[i], despiteWords), clauseHas(d, cls[i], backDetWords)
	if !despite && !back || !s.any(devices) && !s.has(cOS) && !(despite && back) {
		// ("Betreut ihr die trotzdem ganz normal weiter?" names the devices
		// only by pointing back at them)
		return false
	}
	for j, o := range cls {
		if j != i && verdictOf[j] >= 0 && Verdicts[verdictOf[j]] == VerdictNoncompliant && (o.cs.has(cUnlicensed) || o.cs.has(cUnsupported)) {
			return true
		}
	}
	return false
}

// mailServers name a mail server of the client's own.
var mailServers = wordSet("exchange exchangeserver mailserver kerio tobit david domino zarafa")

// mailObjects are what a mail client's trouble names: Outlook, the mails, the mailbox.
var mailObjects = csetOf(cOffice, cOfficeWeak, cData)

// mailClient reports whether the covered clause i is trouble of the mail client – "Outlook meckert
// schon", "Outlook shows everyone a certificate warning" – in a message whose special-server clause
// names the client's own mail server: Outlook only shows what the Exchange server does, so it is the
// same incident, the special server's (a special case of the contract), not Office support. A question
// about Outlook itself, or "auch"/"also", keeps a topic of its own.
func mailClient(d *doc, cls []clause, verdictOf []int, i int) bool {
	s := cls[i].cs
	if Verdicts[verdictOf[i]] != VerdictCovered || d.list || !s.has(cOffice) || s.minus(mailObjects).any(coveredObjects) ||
		s.any(askConcepts) || also(d, cls[i]) {
		return false
	}
	for j, o := range cls {
		if j != i && verdictOf[j] >= 0 && Verdicts[verdictOf[j]] == VerdictContract && o.cs.has(cSpecialSrv) && clauseHas(d, o, mailServers) {
			return true
		}
	}
	return false
}

// trainingNeed reports whether the covered clause i says what people cannot do with a program – "weiß
// keiner, wie man Dateien in Teams teilt", "nobody gets how the folders work" – in a message that
// asks for a training: it is what the training is about, not a support request.
func trainingNeed(d *doc, cls []clause, verdictOf []int, i int) bool {
	s := cls[i].cs
	if Verdicts[verdictOf[i]] != VerdictCovered || s.any(problemConcepts) || s.minus(csetOf(cHowTo, cTeach)).any(askConcepts) {
		return false
	}
	for j, o := range cls {
		if j != i && verdictOf[j] >= 0 && Verdicts[verdictOf[j]] == VerdictProject && o.cs.has(cTraining) {
			return true
		}
	}
	return false
}

// setting reports whether clause i names things without saying anything about them – no problem, no
// wish, no work: "unsere Warenwirtschaft läuft auf einem eigenen SQL Server", "wir haben jetzt alle
// Teams", "our office wifi is fine" – while another clause reports or asks something with a clear
// verdict. Such a clause is the scene of the other topic, not a topic of its own. A question about a
// thing ("Ist das Online-Backup Vertragsbestandteil?", "Und die Firewall?") stays a topic, and in a
// message that announces several topics only a covered thing named in passing right after the topic
// it belongs to is scene ("wir ziehen um, da muss Netzwerk hin").
func setting(d *doc, cls []clause, verdictOf []int, i int) bool {
	if cls[i].cs.any(predicates) || d.has(cls[i].lo, metaQuestion) || clauseHas(d, cls[i], negWords) {
		// "jetzt läuft Outlook auch nicht mehr": a negation says that something is wrong, even
		// where the lexicon has no word for it.
		return false
	}
	if d.list && (Verdicts[verdictOf[i]] != VerdictCovered || i == 0 || !cls[i-1].cs.any(predicates) ||
		d.sentOf(cls[i-1].hi) != d.sentOf(cls[i].lo)) {
		return false
	}
	for j, o := range cls {
		if j != i && verdictOf[j] >= 0 && o.cs.any(predicates) {
			return true
		}
	}
	return false
}

// workOnSystem reports whether the covered clause i is work or trouble without a maintained object
// of its own – "Statistiken aktualisieren", "since their last update the calendar won't open", "the
// jobs that shrink the logs error out" – in a message whose more restrictive clause names a special
// server, a line-of-business application or another system: the work is done on that system. A
// message that announces several topics keeps them apart, and so does "auch"/"also".
func workOnSystem(d *doc, cls []clause, verdictOf []int, i int) bool {
	if Verdicts[verdictOf[i]] != VerdictCovered || d.list || cls[i].cs.any(coveredObjects) || also(d, cls[i]) {
		return false
	}
	for j, o := range cls {
		if j != i && verdictOf[j] >= 0 && verdictOf[j] < verdictOf[i] && o.cs.any(systemObjects) {
			return true
		}
	}
	return false
}

// alsoWords add something to what was said ("jetzt geht auch Outlook nicht", "please also install
// the updates").
var alsoWords = wordSet("auch ebenfalls zusaetzlich also too additionally")

// also reports whether clause cl adds something with "auch", "also": a topic of its own.
func also(d *doc, cl clause) bool { return clauseHas(d, cl, alsoWords) }

// clauseHas reports whether clause cl has a word of set.
func clauseHas(d *doc, cl clause, set map[string]struct{}) bool {
	for _, t := range d.toks {
		if t.seg >= cl.lo && t.seg <= cl.hi && inSet(set, t.surf) {
			return true
		}
	}
	return false
}

// consequenceWords open a clause that reports what followed ("seitdem spinnt die Kiste", "and now the
// machine is crawling").
var consequenceWords = wordSet("seitdem seither jetzt nun now danach dadurch deshalb deswegen daher therefore hence " +
	"afterwards")

// opensWithConsequence reports whether clause seg starts with a consequence word within its first
// two words ("seitdem …", "since then …", "so now …").
func opensWithConsequence(d *doc, seg int) bool {
	n := 0
	for k, t := range d.toks {
		if t.seg < seg {
			continue
		}
		if t.seg > seg || n == 2 {
			break
		}
		if inSet(consequenceWords, t.surf) {
			return true
		}
		if (t.surf == "since" || t.surf == "ever") && k+1 < len(d.toks) && d.toks[k+1].seg == seg &&
			(d.toks[k+1].surf == "then" || d.toks[k+1].surf == "since") {
			return true
		}
		n++
	}
	return false
}

// consequence reports whether clause i reports what followed from the restrictive problem of the
// clause before it – "… ein gecracktes AutoCAD installiert, und jetzt ist der Rechner träge", "…
// mit einem Key aus dem Keyshop aktiviert, seitdem meckert Outlook" – and asks nothing itself: the
// cure is the problem's, so it is the same topic. The consequence may run on over clauses joined by
// "und" or in parentheses ("and now the machine is crawling and throws popups"); "jetzt geht auch
// Outlook nicht" adds a topic.
func consequence(d *doc, cls []clause, verdictOf []int, i int) bool {
	s := cls[i].cs
	if s.any(askConcepts) || !s.any(problemConcepts) || also(d, cls[i]) {
		return false
	}
	k := i
	for !opensWithConsequence(d, cls[k].lo) {
		if k == 0 || !d.has(cls[k].lo, metaConj|metaAside) || d.sentOf(cls[k].lo) != d.sentOf(cls[k-1].hi) {
			return false
		}
		k--
	}
	if k == 0 {
		return false
	}
	v := verdictOf[k-1]
	if v < 0 || v >= verdictOf[i] || !cls[k-1].cs.any(problemConcepts) {
		return false
	}
	return Verdicts[v] == VerdictExcluded || Verdicts[v] == VerdictNoncompliant
}

// restartWords say that a machine restarts or goes off by itself, which a hardware fault explains.
var restartWords = wordSet("reboot reboots rebooting rebooted restart restarts restarting neustart neustarts neustarten")

// restartFirst and restartSecond say a restart together ("startet … neu"); deadFirst and
// deadSecond say that a device does not come on ("geht … an", "turn … on").
var (
	restartFirst  = wordSet("startet starten startete")
	restartSecond = wordSet("neu")
	deadFirst     = wordSet("geht gehen turn turns power switch")
	deadSecond    = wordSet("an on")
)

// restarts reports whether clause cl says that its device restarts ("startet dauernd neu", "keeps
// rebooting").
func restarts(d *doc, cl clause) bool {
	return clauseSays(d, cl, restartWords, restartFirst, restartSecond)
}

// deadWords say that a device does not come on at all ("geht nicht mehr an", "won't turn on").
var deadWords = wordSet("angehen anspringen springt tot dead einschalten anschalten")

// dead reports whether clause cl says that its device does not come on ("geht nich mehr an", "ist
// tot", "won't turn on"): a symptom a failed part explains, like a restart.
func dead(d *doc, cl clause) bool { return clauseSays(d, cl, deadWords, deadFirst, deadSecond) }

// clauseSays reports whether clause cl holds a word of one, or a word of first and one of second.
func clauseSays(d *doc, cl clause, one, first, second map[string]struct{}) bool {
	a, b := false, false
	for _, t := range d.toks {
		if t.seg < cl.lo || t.seg > cl.hi {
			continue
		}
		if inSet(one, t.surf) {
			return true
		}
		a = a || inSet(first, t.surf)
		b = b || inSet(second, t.surf)
	}
	return a && b
}

// explainedByHardware reports whether the covered clause i names a device, or says that it restarts
// – "und der Switch im Lager?", "der startet dauernd neu", "the firewall keeps rebooting" – while
// another clause reports a fault of a part that names no device of its own ("das Netzteil brummt",
// "the fan is grinding"), in the same sentence or the one right after the device's; or reports
// trouble of the whole ("das Netz ist weg") next to a device's fault in the same sentence: one
// hardware incident. A message that announces several topics keeps them apart.
func explainedByHardware(d *doc, cls []clause, verdictOf []int, i int) bool {
	s := cls[i].cs
	if !d.list && Verdicts[verdictOf[i]] == VerdictVendor && s.has(cEquip) && s.has(cDefect) && !s.any(askConcepts) {
		// "Unser Produktions-PC an der CNC-Fräse ist tot, …, riecht verbrannt aus dem Netzteil": the
		// PC beside the machine is dead, its power supply burnt; no program of the machine's vendor
		for j, o := range cls {
			if j != i && verdictOf[j] >= 0 && Verdicts[verdictOf[j]] == VerdictExcluded && o.cs.any(hwFaults) && d.sentOf(o.lo) == d.sentOf(cls[i].lo) {
				return true
			}
		}
	}
	if d.list || Verdicts[verdictOf[i]] != VerdictCovered || s.any(softObjects) || s.any(askConcepts) {
		return false
	}
	si := d.sentOf(cls[i].lo)
	for j, o := range cls {
		if j == i || verdictOf[j] < 0 || Verdicts[verdictOf[j]] != VerdictExcluded || !o.cs.any(hwFaults) {
			continue
		}
		sj := d.sentOf(o.lo)
		switch {
		case s.any(devices) && o.cs.has(cHWPart) && !o.cs.any(devices) && (!s.any(problemConcepts) || restarts(d, cls[i]) || dead(d, cls[i])):
			// "Und der Switch im Lager? … das Netzteil brummt", "the firewall keeps rebooting and the
			// fan is grinding": the part is the device's. A device that is slow next to a broken fan
			// stays a topic of its own.
			if sj == si || (j > i && sj == d.sentOf(cls[i].hi)+1) {
				return true
			}
		case !s.has(cDevice) && s.any(problemConcepts) && o.cs.any(devices) && sj == si && !ownNetDevice(d, cls[i], o):
			// "Der Switch blinkt orange, und das Netz ist weg": the trouble of the whole follows from
			// the device's fault. "The firewall keeps dropping our VPN, and one of the server's disks
			// is flashing red" names a device of its own for each trouble: two topics.
			return true
		}
	}
	return false
}

// netDeviceWords name a device of the network – a firewall, a router, a switch, by kind or by make –
// not the network or a connection as a whole ("das Netz", "the VPN", "das WLAN").
var netDeviceWords = wordSet("firewall firewalls router routers switch switche switches fritzbox modem modems repeater " +
	"repeaters gateway sophos fortigate fortinet lancom unifi ubiquiti cisco meraki draytek zyxel netgear mikrotik " +
	"securepoint watchguard sonicwall pfsense opnsense")

// ownNetDevice reports whether clause cl names a network device that clause o does not name: its
// trouble is that device's, not a consequence of the fault o reports.
func ownNetDevice(d *doc, cl, o clause) bool {
	for _, t := range d.toks {
		if t.seg < cl.lo || t.seg > cl.hi || !inSet(netDeviceWords, t.surf) {
			continue
		}
		named := false
		for _, u := range d.toks {
			named = named || u.seg >= o.lo && u.seg <= o.hi && u.surf == t.surf
		}
		if !named {
			return true
		}
	}
	return false
}
