package knowledge

import (
	"regexp"
	"strings"
)

// This file holds the readings that decide whether a message is about IT the contract can speak to
// at all: work outside IT (cleaning, air conditioning, furniture, catering, parking, the building),
// things nobody knows ("die Drucker-Wobbel-Plasmaspule"), hardware to be bought or paid for ("a bigger
// backup disk – who pays for the disk?"), and the certificate of a special server the message names.

// itThings are the concepts that name IT: a device, part, program, system or its data. A message
// whose task names none of them but work of the building is about work outside IT.
var itThings = csetOf(cDevice, cHWPart, cHardware, cNetDev, cOS, cOffice, cAV, cBackupSW, cISP, cSpecialSrv,
	cDatabase, cLOB, cOnlineBackup, cSoftware, cRemoteTool, cEquip, cPhoneSys, cWebsite, cUpdate, cLicence, cData,
	cAccount, cVendorAccess, cProtocol, cCert, cUnsupported, cUnlicensed, cCracked)

// outsideIT marks with cOutsideIT a message whose task is work of the building or the office life –
// cleaning, air conditioning, heating, furniture, catering, parking, repairs of the building – and
// names no IT at all: "Is cleaning our office windows covered?", "Die Heizung im Lager bleibt kalt,
// ist die Reparatur abgedeckt?". The FAQ limits managed services to the maintenance and support of
// networks, servers, desktops and mobile devices, so such work is no coverage question with a verdict
// but outside the bot's remit. A message that also names IT ("die Lüftung vom Server", "the printer
// in the kitchen") stays a coverage question. It runs after roles: an IT thing named only in the
// background ("Wir sind ein Büro mit zehn PCs") does not make the cleaning IT.
func outsideIT(d *doc) {
	if !d.task.has(cFacility) {
		return
	}
	for i, t := range d.toks {
		if t.cs.has(cFacility) && placeOnly(d, i) {
			// "das Telefon auf meinem Schreibtisch": where a thing is, not work on the desk.
			retract(d, i, cFacility)
		}
	}
	var task cset
	for k, s := range d.segs {
		if !d.has(k, metaCtx) {
			task.or(s)
		}
	}
	if !task.has(cFacility) {
		d.task.del(cFacility)
		d.all.del(cFacility)
		return
	}
	// The IT the task clauses name by a word that is not also a thing of the building.
	var named cset
	for _, t := range d.toks {
		if d.has(t.seg, metaCtx) {
			continue
		}
		if it := t.cs.minus(csetOf(cFacility)); it.any(itThings) && !inSet(buildingWords, t.surf) {
			return
		}
		named.or(t.cs)
	}
	if d.task.minus(named).any(itThings) {
		// IT read from the structure of a clause ("Schulverwaltungsprogramm").
		return
	}
	d.all.add(cOutsideIT)
	d.task.add(cOutsideIT)
}

// placePreps put a thing somewhere ("auf dem Schreibtisch", "in der Küche", "on my desk").
var placePreps = wordSet("auf in im an am unter neben on at under beside next")

// placeOnly reports whether the thing of the building at toks[i] only says where something is: it
// follows a preposition of place, up to two words before it ("auf meinem Schreibtisch").
func placeOnly(d *doc, i int) bool {
	for k := i - 1; k >= 0 && k >= i-3 && d.toks[k].seg == d.toks[i].seg; k-- {
		if inSet(placePreps, d.toks[k].surf) {
			return true
		}
		if !inSet(firmArticles, d.toks[k].surf) && !d.toks[k].cs.has(cOwnRef) && !d.toks[k].cs.has(cMe) {
			return false
		}
	}
	return false
}

// buildingWords name parts of IT that are just as often things of the building or words of daily
// life: "the fridge stopped cooling", "die Deckenlampe", "the cable of the coffee machine", "our
// client event". Next to work of the building they name no IT.
var buildingWords = wordSet("kuehlung cooling lueftung lampe lampen leuchte leuchten steckdose steckdosen stecker kabel " +
	"cable cables batterie batterien battery batteries client clients")

// placeholders are words that stand for a thing without naming it ("das Hyperraum-Dings", "the
// resonator thingy", "der WLAN-Kram"), and heads that only say it is some device or part ("das
// Plasma-Wobbel-Gerät"): what the thing is, its other parts say.
var placeholders = wordSet("dings dingsda dingsbums dingens kram zeug gedoens thingy thing thingie thingamajig " +
	"doohickey gizmo whatsit whatchamacallit geraet geraete teil teile modul device unit gadget apparat")

// mereWords only stand for a thing ("gizmo", "Dings"), unlike heads such as "Gerät" that say what kind
// of thing it is.
var mereWords = wordSet("dings dingsda dingsbums dingens thingy thingie thingamajig doohickey gizmo whatsit " +
	"whatchamacallit")

// knownWord reports whether the classifier knows w: in its vocabulary, by stem, or as a function or
// common word.
func (c *Classifier) knownWord(w string, li int, lang Lang) bool {
	if _, ok := c.known[w]; ok || !isASCIIWord(w) {
		return true
	}
	_, ok := c.knownStem[li][c.stemOf(w, li, lang)]
	return ok
}

// unknownThings finds the things the message names with words the classifier does not know, and
// sets d.unknown:
//   - a compound of three or more parts (hyphenated or split) whose head – the last part, before a
//     placeholder such as "Dings" or "Gerät" – is unknown and that has at least two unknown parts:
//     "Quantencomputer-Klimaanlagen-Flux", "Drucker-Wobbel-Plasmaspule", "Hyperraum-Kondensator-
//     Dings". Its known parts only say what the unknown thing is related to, so their concepts are
//     dropped; "WLAN-Verstärker", with one unknown part, stays a Wi-Fi thing, and two-part words
//     ("high-pitched", "multi-factor") are no things;
//   - two or more unknown words right before a placeholder ("the quantum widget resonator thingy"),
//     or one before a mere word for a thing ("the frobnicator gizmo").
//
// A name after a title ("Frau Meyer-Hansen") is no thing.
func unknownThings(d *doc) {
	for i := 0; i < len(d.toks); {
		// The compound that starts at i: parts linked by a hyphen or split from one word.
		j := i
		for j+1 < len(d.toks) && (d.toks[j].joined || d.toks[j].modifier) && d.toks[j+1].seg == d.toks[j].seg {
			j++
		}
		if j < i+2 && !inSet(placeholders, d.toks[j].surf) {
			// One or two words without a placeholder: no compound of three parts, no "… thingy".
			i = j + 1
			continue
		}
		head := j
		for head > i && inSet(placeholders, d.toks[head].surf) {
			head--
		}
		unknown, digits := 0, false
		for k := i; k <= head; k++ {
			if d.toks[k].unknown {
				unknown++
			}
			digits = digits || strings.ContainsAny(d.toks[k].surf, "0123456789")
		}
		// A name ("Frau Meyer-Hansen") or a measure ("die 10-GB-Grenze") is no thing.
		named := i > 0 && inSet(titleWords, d.toks[i-1].surf) || digits
		switch {
		case j >= i+2 && d.toks[head].unknown && unknown >= 2 && !named:
			for k := i; k <= j; k++ {
				for _, cc := range conceptsOf(d.toks[k].cs) {
					retract(d, k, cc)
				}
			}
			d.unknown = true
		case inSet(placeholders, d.toks[j].surf) && j >= 2 && d.toks[j-1].unknown && d.toks[j-2].unknown &&
			d.toks[j-1].seg == d.toks[j].seg && d.toks[j-2].seg == d.toks[j].seg:
			d.unknown = true
		case inSet(mereWords, d.toks[j].surf) && j >= 1 && d.toks[j-1].unknown && d.toks[j-1].seg == d.toks[j].seg:
			// "the frobnicator gizmo": a word for a thing, after one nobody knows.
			d.unknown = true
		}
		i = j + 1
	}
}

// conceptsOf lists the concepts of s.
func conceptsOf(s cset) []concept {
	var out []concept
	for k := concept(0); k < numConcepts; k++ {
		if s.has(k) {
			out = append(out, k)
		}
	}
	return out
}

// partWords say that a part is more or bigger: what is to be bought ("eine größere Festplatte",
// "more RAM").
var partWords = wordSet("bigger larger groessere groesseren groesserer groesseres more mehr additional zusaetzliche " +
	"zusaetzlichen zusaetzlicher zusaetzliches extra weitere weiteren weiterer another")

// newPartWords say that a part is new; it is to be bought only when it is needed ("the NAS needs new
// drives") or its price is asked, not in "wie man mit dem neuen Dokumentenscanner umgeht".
var newPartWords = wordSet("neue neuen neuer neues new")

// needWords say that something is needed.
var needWords = wordSet("brauchen braucht brauche benoetigen benoetigt muss muessen need needs needed require requires " +
	"required")

// noLonger make "mehr" a "no longer" ("nicht mehr", "no more").
var noLonger = wordSet("nicht nich kein keine no nimmer")

// boughtParts reads a part that is more or bigger, or new where it is needed or its price asked – "if
// the fix turns out to be a bigger backup disk", "wenn da mehr Arbeitsspeicher rein muss", "the NAS
// needs new drives" – as a part to be bought (cBuy): hardware is the client's (SOP: the client remains responsible for its hardware) and
// not in the contract, whatever software trouble made it necessary.
func boughtParts(d *doc) {
	asked := false
	for _, s := range d.segs {
		asked = asked || s.has(cBuy)
	}
	for i, t := range d.toks {
		if !t.cs.has(cHWPart) || i == 0 {
			continue
		}
		// The word right before the part, or before a thing that names its use ("bigger backup disk").
		k := i - 1
		if k > 0 && !d.toks[k].cs.empty() && !inSet(partWords, d.toks[k].surf) && !inSet(newPartWords, d.toks[k].surf) {
			k--
		}
		w := d.toks[k].surf
		if d.toks[k].seg != t.seg || !inSet(partWords, w) && !(inSet(newPartWords, w) && (asked || segHas(d.toks, t.seg, needWords))) {
			continue
		}
		if k > 0 && inSet(noLonger, d.toks[k-1].surf) || k > 1 && inSet(noLonger, d.toks[k-2].surf) {
			// "keine Rezepte mehr drucken", "nicht mehr": no longer, not more.
			continue
		}
		d.toks[i].cs.add(cBuy)
		d.segs[t.seg].add(cBuy)
	}
}

// certObjects are the things other than a special server a certificate may belong to.
var certObjects = csetOf(cNetDev, cLOB, cOnlineBackup, cAV, cISP, cRemoteTool)

// serverCert reads a certificate in a message that names a special server (or the website, owner
// cWebsite) as that server's: "Outlook meldet, das Sicherheitszertifikat des Servers sei abgelaufen –
// wir haben einen eigenen Exchange 2019 im Keller. Ist das Erneuern vom Zertifikat mit drin?" is the
// maintenance of the Exchange server (a special case of the contract), not of the desktops' operating
// system; "bei unserem Internetauftritt kommt eine Warnung, das Zertifikat sei ungültig" is the
// website's. A certificate of the firewall or of a program stays theirs.
func serverCert(d *doc, owner concept) {
	for i, t := range d.toks {
		if !t.cs.has(cCert) || !t.cs.has(cOS) || d.segs[t.seg].any(certObjects) {
			continue
		}
		retract(d, i, cOS)
		d.toks[i].cs.add(owner)
		d.segs[t.seg].add(owner)
	}
}

// roomWords name a room ("server room", "the server closet").
var roomWords = wordSet("room rooms closet closets raum raeume")

// windowArticles stand before the windows of a building ("clean the windows", "replace our windows").
var windowArticles = wordSet("the our all those these office")

// activeAccount reads "is the vendor account active?" as the state of an account, not the activation
// of a licence, which "active" shares its stem with.
func activeAccount(d *doc) {
	account := false
	for _, t := range d.toks {
		account = account || t.cs.has(cAccount) || t.cs.has(cVendorAccess)
	}
	if !account {
		return
	}
	for i, t := range d.toks {
		if t.surf == "active" || t.surf == "aktiv" || t.surf == "inactive" {
			retract(d, i, cLicence)
			retract(d, i, cUnlicensed)
		}
	}
}

// timeWindows reports a message about vendor access or appointments, whose "those windows" are
// windows of time ("Between those windows, is the vendor account active?").
func timeWindows(d *doc) bool {
	for _, t := range d.toks {
		if t.cs.has(cVendorAccess) || t.cs.has(cSchedule) || t.cs.has(cDisabled) {
			return true
		}
	}
	return false
}

// buildingPlaces reads a device named as a room – "the air conditioning in the server room", "the
// heating of the server closet" – as the room, not the server, and English "the windows" that no
// IT word follows – "our landlord wants to replace the windows" – as the windows of the building
// (cFacility), not Microsoft Windows.
func buildingPlaces(d *doc) {
	for i, t := range d.toks {
		next := i+1 < len(d.toks) && d.toks[i+1].seg == t.seg
		switch {
		case t.cs.any(devices) && next && inSet(roomWords, d.toks[i+1].surf):
			for _, cc := range conceptsOf(t.cs.minus(csetOf(cOwnRef, cMe))) {
				retract(d, i, cc)
			}
		case d.lang == English && t.surf == "windows" && t.cs.has(cOS) && i > 0 && inSet(windowArticles, d.toks[i-1].surf) &&
			(!next || !d.toks[i+1].cs.any(itThings) && !strings.ContainsAny(d.toks[i+1].surf, "0123456789")):
			retract(d, i, cOS)
			if !timeWindows(d) {
				d.toks[i].cs.add(cFacility)
				d.segs[t.seg].add(cFacility)
			}
		}
	}
}

var (
	// codeTokenRE finds markup and code: tags, calls, template and
	// expression syntax.
	codeTokenRE = regexp.MustCompile(`<[^>]*>|[\pL_$][\w.$]*\([^()]*\)|\$\{[^}]*\}|\{\{[^}]*\}\}|[;{}=]+`)
	// plainWordRE is a word of letters.
	plainWordRE = regexp.MustCompile(`\pL{2,}`)
)

// codeOnly reports a message that is markup or code and no sentence:
// what remains without its code tokens holds fewer than two words.
func codeOnly(text string) bool {
	// every code token holds one of these (the regexp is dear to run on
	// plain sentences)
	if !strings.ContainsAny(text, "<($;{}=") || !codeTokenRE.MatchString(text) {
		return false
	}
	rest := codeTokenRE.ReplaceAllString(text, " ")
	return len(plainWordRE.FindAllString(rest, 3)) < 2
}
