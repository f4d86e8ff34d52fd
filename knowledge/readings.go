package knowledge

import "strings"

// This file holds more structural readings (see derive): a special server named by what it serves,
// data fetched off a drive, a question whether something counts as an outage, the client's own
// data not passed on to others, tickets offered as a gift, the programs a training is about, and
// discourse words that only look like topics.

// purposeWords link a server or database to the application it serves ("der SQL-Server für die
// Zeiterfassung", "die SQL-Datenbank von unserem ERP", "the database server behind our stock system").
var purposeWords = wordSet("fuer der des von vom of for behind hinter with mit")

// serverPurpose reads the application a special server or database serves as what the server is
// for, not as the topic: "der SQL-Server für die Zeiterfassung", "die SQL-Datenbank der
// Zeiterfassung" are the special server (contract), while "die Zeiterfassung stürzt ab" stays the
// application (vendor).
func serverPurpose(d *doc) {
	for i, t := range d.toks {
		if !t.cs.has(cSpecialSrv) && !t.cs.has(cDatabase) {
			continue
		}
		// "Our SQL Server (the one with the ERP database)": an aside right after the server says it too
		for k := i + 1; k < len(d.toks) && k <= i+4 && d.toks[k].seg <= t.seg+1; k++ {
			span := 3
			if inSet(hostWords, d.toks[k].surf) && k+1 < len(d.toks) && inSet(hostRel, d.toks[k+1].surf) {
				// "ein SQL-Server, auf dem unsere Warenwirtschaft läuft", "the SQL box on which our ERP runs"
				span = 4
			} else if !inSet(purposeWords, d.toks[k].surf) {
				continue
			}
			for j := k + 1; j < len(d.toks) && j <= k+span && d.toks[j].seg == d.toks[k].seg; j++ {
				if o := d.toks[j].cs; o.has(cLOB) && !o.has(cSpecialSrv) && !o.has(cDatabase) {
					retract(d, j, cLOB)
				}
			}
			break
		}
	}
}

// hostWords and hostRel open a relative clause that says what runs on a server ("auf dem", "on
// which").
var hostWords, hostRel = wordSet("auf on"), wordSet("dem der which")

// storageWords name what data is stored on.
var storageWords = wordSet("platte festplatte festplatten hdd ssd drive disk disks nvme stick usbstick speicherkarte sd")

// rescueWords say that data is to be saved from something lost ("wenigstens", "at least", "irgendwie").
var rescueWords = wordSet("wenigstens zumindest least irgendwie somehow retten rettet rescue salvage")

// itWords stand for a device named before ("get the files off it", "von dem runterholen").
var itWords = wordSet("it them ihm ihr dem der")

// notRescue are the concepts that make copying data off a device a move to a new one.
var notRescue = csetOf(cNew, cNewThing, cMigrate, cCopy, cSetup, cMove, cIntroduce)

// rescueData reads "can you at least pull her files off the drive?", "wenigstens die Daten von der
// Platte runterholen", "get the photos off his phone" (after it went through the washing machine) as
// data recovery: data fetched off a drive in a message that reports a fault or asks to save what is
// left ("at least", "irgendwie"), or off a device the message reports broken ("his laptop took a fall
// … can you get the spreadsheets off it?"). Copying data to a new device stays a project, and
// fetching files off the shared drive is no rescue.
func rescueData(d *doc) {
	broken := false
	for _, s := range d.segs {
		broken = broken || s.any(hwFaults)
	}
	if !broken && !segHasAny(d.toks, rescueWords) {
		// "Can you pull the files off the shared drive?" is no rescue.
		return
	}
	for i, t := range d.toks {
		// "get the spreadsheets off it": a pronoun right after "off" is the broken device.
		it := broken && i > 0 && inSet(itWords, t.surf) && inSet(fromWords, d.toks[i-1].surf)
		if !inSet(storageWords, t.surf) && !(broken && t.cs.has(cDevice)) && !it {
			continue
		}
		from := false
		for k := max(i-3, 0); k < i; k++ {
			from = from || (d.toks[k].seg == t.seg && inSet(fromWords, d.toks[k].surf))
		}
		seg := t.seg
		if !from || !d.segs[seg].has(cData) || d.segs[seg].any(notRescue) || !segHas(d.toks, seg, fetchWords) {
			continue
		}
		d.segs[seg].add(cDataRecovery)
	}
}

var (
	// countAsWords ask what something counts as ("gilt das als", "zählt als", "does that count as").
	countAsWords = wordSet("gilt gelten zaehlt zaehlen wertet gewertet count counts counted considered classed " +
		"qualifies qualify")
	// defineWords ask for a definition.
	defineWords = wordSet("define defined definition definiert definieren definiere")
	// outageWords name an outage or an emergency as a category ("ein Ausfall", "an emergency").
	outageWords = wordSet("ausfall ausfaelle totalausfall notfall notfaelle stoerung stoerfall outage outages downtime " +
		"emergency emergencies incident")
	// articleWords stand before the category asked about ("ist das ein Ausfall", "is this an outage").
	articleWords = wordSet("ein eine einen a an")
	// thisWords are what is asked about ("ist das …", "is this …", "when is something …").
	thisWords = wordSet("das dies dieses es sowas so this that it something etwas was")
)

// outageQuestion marks a question what counts as an outage – "Ab wann gilt bei euch was als
// Ausfall?", "how do you define an outage?", "Ist das jetzt ein Ausfall mit Priorität?", "when is
// something a real outage?" – with cOutageQ, and the clauses that ask it in d.define: the question is
// the definition of an outage in the FAQ (normal operation impossible, a critical component), and the
// broken scanner it mentions is the example it asks about (see roles).
func outageQuestion(d *doc) {
	for i, t := range d.toks {
		if !inSet(outageWords, t.surf) {
			continue
		}
		seg, cue := t.seg, false
		for k := max(i-6, 0); k < i && !cue; k++ {
			o := d.toks[k]
			if o.seg != seg {
				continue
			}
			switch {
			case o.surf == "als" || o.surf == "as":
				// "gilt das schon als Störung", "does that count as an outage"
				for j := max(k-5, 0); j < k && !cue; j++ {
					cue = d.toks[j].seg == seg && inSet(countAsWords, d.toks[j].surf)
				}
			case inSet(defineWords, o.surf):
				cue = true
			case (o.surf == "ist" || o.surf == "is") && d.has(seg, metaQuestion) && k+1 < i && inSet(thisWords, d.toks[k+1].surf):
				// "Ist das ein Ausfall?", "when is something a real outage?": an article right before
				// the category, or one word before it; "is there an emergency number?" is none.
				cue = inSet(articleWords, d.toks[i-1].surf) || (i > 1 && d.toks[i-2].seg == seg && inSet(articleWords, d.toks[i-2].surf))
			}
		}
		if !cue {
			for k := i + 1; k < len(d.toks) && k <= i+3 && d.toks[k].seg == seg; k++ {
				cue = cue || inSet(defineWords, d.toks[k].surf) // "wie ist ein Ausfall definiert"
			}
		}
		if !cue || seg >= 64 {
			continue
		}
		retract(d, i, cFailed)
		retract(d, i, cISP)
		d.toks[i].cs.add(cOutage)
		for k := i + 1; k < len(d.toks) && d.toks[k].seg == seg; k++ {
			if inSet(conditionWords, d.toks[k].surf) {
				// "Does it count as an outage when only the beamer is broken?": the case after "when"
				// is the example, not the question.
				d.segs[seg] = cset{}
				for j := range k {
					if d.toks[j].seg == seg {
						d.segs[seg].or(d.toks[j].cs)
					}
				}
				break
			}
		}
		d.segs[seg].add(cOutage)
		d.segs[seg].add(cOutageQ)
		d.define |= 1 << seg
	}
}

// projectQuestion reads "ist das dann auch ein Projekt?", "would that count as a project?" as the
// question whether the work described is covered – its answer is that work's verdict – not as a
// project of its own.
func projectQuestion(d *doc) {
	for i, t := range d.toks {
		if !t.cs.has(cProjectWord) || i < 2 || !d.has(t.seg, metaQuestion) {
			continue
		}
		article := inSet(articleWords, d.toks[i-1].surf) || inSet(articleWords, d.toks[i-2].surf)
		cue := false
		for k := max(i-6, 0); k < i-1 && !cue; k++ {
			o := d.toks[k]
			cue = o.seg == t.seg && (((o.surf == "ist" || o.surf == "is" || o.surf == "be") && inSet(thisWords, d.toks[k+1].surf)) ||
				inSet(countAsWords, o.surf))
		}
		if article && cue {
			retract(d, i, cProjectWord)
			d.toks[i].cs.add(cCoverQ)
			d.segs[t.seg].add(cCoverQ)
		}
	}
}

// conditionWords open the case a question is about ("… when only the beamer is broken").
var conditionWords = wordSet("when if wenn falls sobald where wo")

var (
	// othersWords name people other than the client and the provider.
	othersWords = wordSet("andere anderen anderer dritte dritten fremde fremden others anyone anybody someone somebody " +
		"else konkurrenz competitors competitor niemandem niemand")
	// passWords pass something on to someone.
	passWords = wordSet("weitergeben weitergebt weitergibt weitergegeben rausgeben rausgebt rausgibt herausgeben herausgebt " +
		"raus heraus weiter landen landet gelangen tell share pass passing give erzaehlen erzaehlt verraten verratet sagen " +
		"sagt zeigen zeigt land ends end")
	// negWords deny something ("auch nicht", "you won't tell").
	negWords = wordSet("nicht nie niemals niemandem kein keine keinem not never wont wouldnt dont doesnt nobody " +
		"either")
)

// ownDisclosure reads "gebt ihr unsere Sachen auch nicht an andere raus?", "ihr erzählt aber auch
// niemandem, welche Server wir haben?", "unsere Infos landen auch nicht bei der Konkurrenz?" as a
// question about confidentiality: the client's own things not passed on to others, asked of the
// provider or as a question, in one sentence. Asking for someone else's data stays a request for it.
func ownDisclosure(d *doc) {
	const own, others, pass, neg, you = 1, 2, 4, 8, 16
	var flags [64]uint8
	for _, t := range d.toks {
		s := d.sentOf(t.seg)
		if s >= len(flags) {
			break
		}
		for _, w := range [...]struct {
			set  map[string]struct{}
			flag uint8
		}{{ownWords, own}, {othersWords, others}, {negWords, neg}, {youWords, you}, {passWords, pass}} {
			if inSet(w.set, t.surf) {
				flags[s] |= w.flag
			}
		}
		if t.cs.has(cThirdParty) || t.cs.has(cOtherClients) {
			flags[s] |= others
		}
		if t.cs.has(cGive) || t.cs.has(cConfidential) {
			flags[s] |= pass
		}
	}
	for i, t := range d.toks {
		s := d.sentOf(t.seg)
		if s >= len(flags) {
			break
		}
		f := flags[s]
		if f&(own|others|pass|neg) != own|others|pass|neg || (f&you == 0 && !d.has(t.seg, metaQuestion)) {
			continue
		}
		for _, x := range [...]concept{cThirdParty, cOtherClients, cGive, cHuman} {
			if t.cs.has(x) {
				retract(d, i, x)
			}
		}
		if inSet(passWords, t.surf) || t.cs.has(cConfidential) {
			d.segs[t.seg].add(cConfidential)
		}
	}
}

// ownWords are the client's own ("unsere Daten", "our setup", "what we run").
var ownWords = wordSet("unser unsere unseren unserer unserem unseres our ours we wir")

var (
	// ticketWords may be tickets to an event as well as support tickets.
	ticketWords = wordSet("ticket tickets karte karten")
	// forWords give something to someone ("tickets for your team", "Karten fürs Heimspiel").
	forWords = wordSet("for fuer fuers")
)

// ticketTopics are what a support ticket is about ("two tickets for the printer").
var ticketTopics = func() cset {
	s := objectConcepts
	s.or(csetOf(cHWPart, cDevice, cData, cSoftware, cOfficeWeak, cSymptom, cDefect))
	return s
}()

// eventTickets reads "zwei Karten fürs HSV-Heimspiel", "a couple of Elbphilharmonie tickets for
// whoever looks after our account" as a gift – tickets to an event, counted and given to someone –
// in a message that asks to be preferred; "my two tickets for the printer" and "zwei Tickets für den
// Drucker" stay support tickets.
func eventTickets(d *doc) {
	favour := false
	for _, s := range d.segs {
		favour = favour || s.has(cFavour)
	}
	if !favour {
		return
	}
	for i, t := range d.toks {
		if !inSet(ticketWords, t.surf) {
			continue
		}
		counted, own := false, false
		for k := max(i-3, 0); k < i; k++ {
			if o := d.toks[k]; o.seg == t.seg {
				counted = counted || countOf(o.surf) > 1 || inSet(fewWords, o.surf)
				own = own || o.cs.has(cOwnRef) || o.cs.has(cMe) // "my two tickets"
			}
		}
		given := false
		for k := i + 1; k < len(d.toks) && k <= i+2 && d.toks[k].seg == t.seg; k++ {
			if !inSet(forWords, d.toks[k].surf) {
				continue
			}
			given = true
			for j := k + 1; j < len(d.toks) && j <= k+3 && d.toks[j].seg == t.seg; j++ {
				// "two tickets for the printer" are support tickets about it.
				given = given && !d.toks[j].cs.any(ticketTopics)
			}
			break
		}
		if !counted || own || !given {
			continue
		}
		for _, x := range [...]concept{cTicket, cHWPart, cOffTopic} {
			if d.toks[i].cs.has(x) {
				retract(d, i, x)
			}
		}
		d.toks[i].cs.add(cGift)
		d.segs[t.seg].add(cGift)
	}
}

// trainedThings are the programs and devices a training is about ("eine Schulung zu OneNote", "teach
// our staff the basics of Outlook rules").
var trainedThings = csetOf(cOffice, cOfficeWeak, cOS, cAV, cNetDev, cBackupSW, cConfig, cUpdate, cDevice, cSoftware,
	cMonitoring, cData)

// trainingSubject reads the programs in a clause that asks for training as its subject: "teach our
// staff the basics of Outlook rules" is a training, not Outlook support. A clause that reports a
// problem keeps its things ("der Schulungs-Laptop ist kaputt").
func trainingSubject(d *doc) {
	for k, s := range d.segs {
		if s.has(cTraining) && !s.any(problemConcepts) {
			d.segs[k] = s.minus(trainedThings)
		}
	}
}

// attachedTo reads "die Zeiterfassung hängt an einer MS-SQL-Instanz", "der Drucker hängt am Switch",
// "die hängt ja auch am Netzwerk", "der Switch, an dem die Telefonanlage hängt" as what a thing is
// attached to, not as a program that hangs.
func attachedTo(d *doc) {
	for i, t := range d.toks {
		if (t.surf != "haengt" && t.surf != "haengen") || !t.cs.has(cSymptom) {
			continue
		}
		if attachedClause(d, t.seg) {
			// "der Switch, an dem auch die Telefonanlage hängt"
			retract(d, i, cSymptom)
			continue
		}
		// "die hängt ja auch am Netzwerk": up to two filler words may stand between.
		for n := i + 1; n < len(d.toks) && n <= i+3 && d.toks[n].seg == t.seg; n++ {
			if w := d.toks[n].surf; w == "an" || w == "am" {
				retract(d, i, cSymptom)
				break
			} else if !inSet(fillers, w) && w != "auch" && w != "noch" && w != "direkt" {
				break
			}
		}
	}
}

// attachedClause reports whether clause seg opens with "an dem", "an der", "woran" or "daran": what
// "hängt" in it is attached to.
func attachedClause(d *doc, seg int) bool {
	for k, t := range d.toks {
		if t.seg != seg {
			continue
		}
		switch t.surf {
		case "woran", "daran", "dran":
			return true
		case "an":
			return k+1 < len(d.toks) && d.toks[k+1].seg == seg && inSet(relWords, d.toks[k+1].surf)
		}
		return false
	}
	return false
}

// discourseWords only look like topics: "honestly", "ehrlich gesagt", "also ehrlich,", "to be honest" say how
// something is said, not that honesty is asked about.
func discourseWords(d *doc) {
	for i, t := range d.toks {
		if !t.cs.has(cEthics) {
			continue
		}
		next := ""
		if i+1 < len(d.toks) && d.toks[i+1].seg == t.seg {
			next = d.toks[i+1].surf
		}
		prev := ""
		if i > 0 && d.toks[i-1].seg == t.seg {
			prev = d.toks[i-1].surf
		}
		// "Also ehrlich, …", "ganz ehrlich: …": an interjection closing its own clause.
		interjection := t.surf == "ehrlich" && next == "" && (prev == "" || prev == "ganz" || prev == "mal" || prev == "jetzt" || prev == "na")
		// "Unabhängig davon: …", "regardless of that": another subject, no independence asked about
		regardless := t.surf == "unabhaengig" && (next == "davon" || next == "" && prev == "") || t.surf == "independently" && next == "of"
		if t.surf == "honestly" || (t.surf == "ehrlich" && next == "gesagt") || interjection || regardless || (t.surf == "honest" && prev == "be") {
			retract(d, i, cEthics)
		}
	}
}

// seeWords look into data; personalData are data about people.
var (
	seeWords = wordSet("sehen einsehen reingucken reinschauen reinsehen reingucken mitlesen lesen mitkriegen anschauen " +
		"ansehen gucken schauen see read look access view")
	personalData = []string{"patient", "mandant", "personal", "kunden", "gesundheit", "bewohner", "klient", "health", "customer", "employee", "mitarbeiter"}
)

// seeingData reads a question whether people can see personal data – "Können eure Techniker da
// reingucken?" after "unsere Patientendaten?", "can your technicians see our patient data?" – as one
// about confidentiality. It marks the clause with the seeing verb and reports whether it did.
func seeingData(d *doc) bool {
	personal := false
	for i, t := range d.toks {
		if !t.cs.has(cData) && t.surf != "daten" && t.surf != "data" {
			continue
		}
		// "Patientendaten" (split: "patienten" "daten"), "patient data"
		for _, w := range []string{t.surf, prevSurf(d, i)} {
			for _, p := range personalData {
				personal = personal || strings.Contains(w, p)
			}
		}
	}
	if !personal {
		return false
	}
	for i, t := range d.toks {
		if inSet(seeWords, t.surf) && (i == 0 || d.toks[i-1].surf != "mal") {
			d.segs[t.seg].add(cConfidential)
			return true
		}
	}
	return false
}

// prevSurf is the word before token i in its clause, "" at its start.
func prevSurf(d *doc, i int) string {
	if i == 0 || d.toks[i-1].seg != d.toks[i].seg {
		return ""
	}
	return d.toks[i-1].surf
}

// expiryWords say that a deadline runs out.
var expiryWords = wordSet("laeuft ablaeuft endet ends expires runs abgelaufen")

// ownDeadline reads "die Frist läuft um Mitternacht ab", "the deadline expires tonight" as the
// client's own deadline, not the lead time of a vendor's visit.
func ownDeadline(d *doc) {
	for i, t := range d.toks {
		if !t.cs.has(cLeadTime) || t.surf != "frist" && t.surf != "deadline" {
			continue
		}
		for k := i + 1; k < len(d.toks) && k <= i+3 && d.toks[k].seg == t.seg; k++ {
			if inSet(expiryWords, d.toks[k].surf) {
				retract(d, i, cLeadTime)
				break
			}
		}
	}
}
