package knowledge

// rule adds weight to an intent or verdict when a message (or clause) has all concepts of all,
// at least one of any (if any is set) and none of not.
type rule struct {
	all, any, not []concept
	w             float64
}

func (r rule) match(s cset) bool {
	for _, c := range r.all {
		if !s.has(c) {
			return false
		}
	}
	for _, c := range r.not {
		if s.has(c) {
			return false
		}
	}
	if len(r.any) == 0 {
		return true
	}
	for _, c := range r.any {
		if s.has(c) {
			return true
		}
	}
	return false
}

func all(cs ...concept) []concept { return cs }

// scoreRules combines the weights of the matching rules: the strongest counts fully, the others
// add a third, so that many weak hints do not outvote one clear statement.
func scoreRules(rules []rule, s cset) float64 {
	best, rest := 0.0, 0.0
	for _, r := range rules {
		if !r.match(s) {
			continue
		}
		if r.w > best {
			rest += best
			best = r.w
		} else {
			rest += r.w
		}
	}
	return best + rest/3
}

// policyTopics are the subjects whose reasons the SOP and the code of ethics explain.
// vendorWork is work a vendor does on a server ("ein Update machen", "install the new release"), and
// notVendorWork what makes a message naming it a question or a report rather than the announcement of
// a visit that needs an appointment.
var (
	vendorWork    = all(cUpdate, cUpgrade, cSetup, cMigrate)
	notVendorWork = all(cWhy, cCoverQ, cRuleQ, cResponsible, cBug, cSymptom, cProgramHelp, cAdmin, cAnytime, cHowTo, cBuy,
		cPast, cHedge, cEthics, cGift, cFavour)
)

var policyTopics = all(cSign, cAdmin, cDisabled, cWritten, cOral, cLeadTime, cAnytime, cLicence, cProgramHelp, cVendor,
	cVendorAccess, cProtocol, cAccess, cConfidential, cEthics)

// projectWork are the kinds of work that make a task a project whatever it is done to: migrating
// Exchange or introducing an ERP is a project, not a contract or vendor question.
var projectWork = all(cMigrate, cMove, cIntroduce, cNewThing, cTraining, cConcept, cSite)

// intentRules holds the rules per intent, indexed like Intents. Coverage additionally gets a share of
// the clause verdict evidence (see Classifier.Classify).
func intentRules() [][]rule {
	r := make([][]rule, len(Intents))
	set := func(i Intent, rules ...rule) { r[intentIndex(i)] = rules }
	set(IntentCoverage,
		rule{any: all(cCoverQ), w: 2.5},
		rule{any: all(cResponsible), w: 2.2},
		rule{any: all(cMaint), w: 1.2},
		rule{any: all(cProjectWord), w: 1},
		rule{all: all(cBug), any: all(cLOB, cVendor, cSoftware), w: 3},
		rule{all: all(cLicence), any: all(cCopy, cExpired, cCracked, cUnlicensed), w: 2.5},
	)
	set(IntentCallback,
		rule{any: all(cCallback), not: all(cStatus, cWaiting), w: 4.5},
		rule{any: all(cCallback), w: 2.5},
		rule{all: all(cCall, cMe), not: all(cVendor), w: 4}, // "the vendor told me on the phone …" reports a call
		rule{all: all(cCall, cRequest), not: all(cWhy, cProtocol, cHowTo), w: 4.5},
		rule{all: all(cReach, cMe), not: all(cContactInfo, cHowTo), w: 3.5},
		rule{any: all(cCall), w: 1.2},
		rule{all: all(cPhoneNum), w: 1.5},
	)
	set(IntentTicketStatus,
		rule{all: all(cStatus), any: all(cTicket, cCallback, cCall), w: 5.5},
		rule{all: all(cWaiting), any: all(cTicket, cCallback), w: 5.5},
		rule{any: all(cTicket), w: 1.5},
		rule{any: all(cStatus), w: 1},
	)
	set(IntentHuman,
		rule{all: all(cHuman, cTalk), w: 4.5},
		rule{any: all(cNoBot), w: 5},
		rule{any: all(cHuman), w: 2},
	)
	set(IntentContact,
		rule{any: all(cContactInfo), w: 3.5},
		rule{any: all(cReach), not: all(cMe), w: 3.2},
		rule{all: all(cHowTo), any: all(cReach, cContactInfo), w: 6},
		rule{all: all(cHowTo, cCall), not: all(cCallback), w: 4.5},
	)
	set(IntentRemoteSupport,
		rule{any: all(cRemoteTool), not: all(cVendor, cLicence, cProgramHelp), w: 5},
		rule{any: all(cRemoteTool), w: 2.5},
		rule{all: all(cRemote), any: all(cConnect, cScreen, cSoftware), w: 4},
		// "kann sich jemand per Fernwartung auf meinen Rechner verbinden?"
		rule{all: all(cRemote, cConnect), any: all(cScreen, cDevice), not: all(cVendor, cLOB, cVendorAccess), w: 5.5},
		rule{any: all(cRemote), w: 1.5},
		rule{all: all(cRemoteVerb), any: all(cScreen, cDevice), not: all(cVendor, cLOB), w: 5},
		rule{any: all(cRemoteVerb), w: 2.5},
	)
	set(IntentProtocol,
		rule{any: all(cProtocol), w: 5.5},
		rule{all: all(cProtocol, cSign), not: all(cWhy), w: 6},
		rule{all: all(cProtocol), any: all(cWritten, cVendor, cLOB, cSchedule, cRequest, cGive), not: all(cWhy), w: 6.5},
		rule{all: all(cSign), w: 1.5},
	)
	set(IntentVendorAppointment,
		rule{any: all(cVendorAccess), w: 5},
		rule{all: all(cVendor), any: all(cAccess, cSchedule), not: all(cBug, cAnytime, cSymptom, cAdmin, cProgramHelp), w: 4.8},
		rule{all: all(cVendor, cAccess), any: all(cDate, cSchedule), not: all(cAnytime, cWhy, cAdmin, cProgramHelp), w: 6},
		rule{all: all(cVendor, cAccess, cSchedule), not: all(cAnytime, cWhy, cCoverQ, cAdmin, cProgramHelp), w: 6.8},
		rule{all: all(cLOB, cAccess), any: all(cDate, cSchedule), not: all(cBug, cAnytime, cWhy, cAdmin, cProgramHelp), w: 5.6},
		rule{all: all(cLOB, cSchedule), any: all(cDate, cHuman, cVendor), not: all(cBug, cProgramHelp), w: 5.2},
		rule{all: all(cVendor, cDate), w: 3},
		// "book vendor session, anytime next week": booking it, whatever else is said.
		rule{all: all(cVendorAccess, cSchedule), not: all(cWhy), w: 5.6},
		// "Wurde der Zugang für die Firma Softdata am Donnerstag bestätigt?"
		rule{all: all(cAccess, cDate), any: all(cCompany, cVendor), not: all(cWhy, cRuleQ, cSecret), w: 4.5},
		rule{all: all(cVendor), any: all(cUpdate, cUpgrade), not: all(cSymptom, cBug), w: 2},
		// "Die Firma Lexware muss bei uns ein Update auf dem Buchhaltungsserver machen": the vendor's
		// work on a server is announced, which needs an appointment under the procedure.
		rule{all: all(cVendor, cDevice), any: vendorWork, not: notVendorWork, w: 5.4},
		rule{all: all(cVendor, cDatabase), any: vendorWork, not: notVendorWork, w: 5.4},
		rule{all: all(cVendor, cSpecialSrv), any: vendorWork, not: notVendorWork, w: 5.4},
		rule{all: all(cAccess, cSchedule), w: 2},
		rule{any: all(cVendor), w: 1},
	)
	set(IntentPolicy,
		rule{all: all(cWhy), any: policyTopics, w: 6.6},
		rule{all: all(cRuleQ), any: all(cLeadTime, cWritten, cOral, cAdmin, cDisabled, cAnytime, cProgramHelp), w: 7},
		rule{all: all(cAdmin), any: all(cVendor, cVendorAccess, cAccount), w: 4},
		rule{any: all(cAdmin), w: 2},
		rule{all: all(cDisabled), any: all(cVendor, cVendorAccess), w: 4},
		// A disabled account is a policy question; "my colleague's account is locked" is support.
		rule{all: all(cDisabled, cAccount), not: all(cSymptom, cHuman, cOwnRef, cMe), w: 4},
		// "ist deren Zugang dann die ganze Woche offen?": the vendor's access between the windows
		rule{all: all(cDisabled, cAccess), not: all(cSymptom, cHuman, cOwnRef, cMe), w: 4},
		rule{any: all(cOral), w: 3.5},
		rule{any: all(cWritten), w: 2},
		rule{all: all(cLeadTime), any: all(cVendor, cVendorAccess, cAccess), w: 3},
		rule{all: all(cAnytime), any: all(cVendor, cVendorAccess), w: 5.2},
		rule{all: all(cLicence, cOwn), not: all(cCopy, cExpired, cCracked, cUnlicensed), w: 5.5},
		rule{any: all(cProgramHelp), w: 4},
		rule{all: all(cPermit), any: all(cVendor, cVendorAccess, cLOB), w: 2.5},
		rule{all: all(cProgramHelp), any: all(cVendor, cLOB, cPermit), w: 5},
		rule{any: all(cConfidential), not: all(cOtherClients), w: 3.5},
		// "Können Sie mir das mit dem Datenschutz schriftlich geben?": the assurance of confidentiality
		rule{all: all(cConfidential), any: all(cWritten), not: all(cOtherClients, cVendor), w: 7.5},
		// "Können eure Techniker da reingucken? Und der Hersteller?": who may see the client's data
		rule{all: all(cConfidential), any: all(cVendor, cHuman, cThirdParty), not: all(cOtherClients, cSymptom, cCoverQ), w: 5.5},
		rule{any: all(cEthics), w: 3.5},
		// "Wenn ich Ihnen 200 Euro in bar gebe, ziehen Sie dann unser Ticket vor?": an advantage offered
		// to the provider's people, which the code of ethics refuses.
		rule{all: all(cGift, cEthics), w: 7.5},
		// "Our vendor insists their service account needs Domain Admin permanently. Is that ok?"
		rule{all: all(cAdmin), any: all(cVendor, cVendorAccess, cLOB), not: all(cSecret), w: 6.5},
		rule{all: all(cAdmin, cAnytime), w: 6},
		// The vendor's program help at a workstation: no appointment, no lead time.
		rule{all: all(cProgramHelp, cVendor), any: all(cRuleQ, cLeadTime, cPermit, cWhy, cSchedule, cAnytime), w: 7.5},
	)
	set(IntentSmalltalk,
		rule{any: all(cGreet, cThanks, cBye, cHowAreYou), w: 2.4},
		// "Danke, der neue Laptop läuft super": thanks with nothing asked.
		rule{all: all(cThanks), not: all(cCoverQ, cResponsible, cRequest, cCallback, cCall, cHuman, cTicket, cStatus,
			cSymptom, cDefect, cHWSymptom, cWaiting, cWhy, cGive, cSchedule), w: 4.5},
	)
	set(IntentOutOfScope,
		rule{any: all(cInject), w: 8},
		rule{all: all(cInjectVerb, cInjectObj), w: 8},
		rule{any: all(cOtherClients), w: 7},
		rule{all: all(cThirdParty), any: all(cTicket, cData, cGive, cSecret, cContactInfo, cStatus), w: 6.5},
		rule{all: all(cSecret, cGive), w: 7},
		// "What credentials does the bot use?": the bot's own secrets.
		rule{all: all(cSecret), any: all(cInjectObj), not: all(cOwnRef, cMe), w: 7},
		rule{all: all(cOtherFirm, cGive), w: 7},
		// "Welche Server hat die Firma Schneider bei euch?": another firm's systems.
		rule{all: all(cNamedFirm), any: all(cDevice, cAV, cNetDev, cSoftware, cBackupSW, cLOB, cOS, cData),
			not: all(cAccess, cSchedule, cVendor, cVendorAccess, cDate, cProtocol, cCoverQ, cResponsible, cSymptom,
				cDefect, cHWSymptom, cOutage), w: 6.5},
		rule{all: all(cNamedFirm, cGive), w: 7},
		rule{all: all(cCompany), any: all(cTicket, cData, cSecret, cContactInfo), not: all(cOwnRef, cUnlicensed), w: 6.5},
		rule{any: all(cOffTopic), w: 3},
		// "Übernehmt ihr auch die Reinigung der Büros?": work outside IT (see outsideIT).
		rule{all: all(cOutsideIT), w: 3.5},
		// "Wie lang ist unsere Kündigungsfrist?", "how long do you keep our backups?", "what's your
		// liability cap?": terms of the individual contract the documents do not state.
		rule{any: all(cTerms), not: all(cCoverQ), w: 7},
		// "Ist die Kündigungsfrist im Vertrag geregelt?" asks about the term; "die Aufbewahrungszeit der
		// Sicherung auf 30 Tage erhöhen – ist das im Vertrag?" about work on the backup.
		rule{all: all(cTerms, cCoverQ), not: all(cBackupSW, cOnlineBackup), w: 7},
	)
	return r
}

// verdictRules holds the rules per verdict, indexed like Verdicts; they score one clause (or the
// whole message). Hardware and data recovery weigh most: they must never be called covered.
func verdictRules() [][]rule {
	r := make([][]rule, len(Verdicts))
	set := func(v Verdict, rules ...rule) { r[verdictIndex(v)] = rules }
	set(VerdictExcluded,
		// Data recovery first: with a broken disk named too, the request is to get the data back
		// (keyConcepts takes the first of equally strong rules).
		rule{any: all(cDataRecovery), w: 6},
		rule{all: all(cRestore), any: all(cData, cLost), w: 5.5},
		rule{all: all(cHWPart), any: all(cDefect, cFailed, cHWSymptom, cWarranty), w: 5.5},
		// Replacing a part is excluded; replacing all desktops by notebooks is a roll-out.
		rule{all: all(cHWPart, cReplace), not: all(cMigrate, cIntroduce, cNewThing), w: 5.5},
		// "a bigger backup disk – who pays for the disk?", "is buying the RAM included?": hardware
		// bought or paid for is the client's; setting it up or expanding the office is a project.
		rule{all: all(cHWPart, cBuy), not: all(cSetup, cExpand, cMigrate, cIntroduce, cMove, cSite, cTraining, cConcept), w: 5.5},
		rule{all: all(cDevice), any: all(cDefect, cHWSymptom), w: 4.5},
		rule{all: all(cHardware), w: 5},
		rule{all: all(cLost, cData), not: all(cOffice, cOfficeWeak), w: 4.5},
		rule{all: all(cDevice, cReplace), not: all(cNew, cOS, cOffice, cAV, cBackupSW, cUpdate, cMigrate), w: 3},
		rule{any: all(cWarranty), w: 3},
		rule{any: all(cReplace), not: all(cSoftware, cNew, cMigrate, cLOB, cOS, cOffice, cAV, cBackupSW, cUpdate), w: 2.5},
		rule{any: all(cHWPart), w: 1.6},
		rule{all: all(cHWPart, cSymptom), not: all(cOS, cOffice, cNetDev, cDevice, cSoftware, cUpdate), w: 2.4},
		rule{any: all(cDefect), w: 1.6},
		rule{any: all(cRestore), w: 2},
	)
	set(VerdictNoncompliant,
		rule{any: all(cUnlicensed), w: 6.5},
		rule{all: all(cDubious), any: all(cLicence, cSoftware, cOffice, cOfficeWeak, cOS, cLOB, cAV, cBackupSW), not: all(cHWPart, cHardware), w: 6.2},
		// "Office von einem Bekannten auf einem Stick bekommen und auf 5 Rechnern installiert": software of a
		// doubtful source installed, whatever it came on.
		rule{all: all(cDubious, cSetup), any: all(cLicence, cSoftware, cOffice, cOfficeWeak, cOS, cLOB, cAV, cBackupSW), w: 6.8},
		rule{any: all(cUnsupported), not: all(cConcept, cMigrate, cIntroduce), w: 5.6},
		rule{all: all(cUnsupported), any: all(cLOB, cVendor, cSoftware, cOS, cOffice, cOfficeWeak, cSpecialSrv, cDevice), not: projectWork, w: 7},
		rule{any: all(cUnsupported), w: 3},
		rule{all: all(cLicence), any: all(cCopy, cExpired), w: 6.5},
		rule{any: all(cCracked), not: all(cHWPart, cDevice, cHardware, cNetDev), w: 5.5},
		rule{all: all(cCracked), any: all(cSoftware, cLicence, cOS, cOffice, cLOB, cAV, cBackupSW, cOfficeWeak), w: 6.5},
		rule{all: all(cExpired), any: all(cSoftware, cAV, cBackupSW, cOffice, cLOB, cOS), not: all(cWarranty, cCert), w: 4},
	)
	set(VerdictProject,
		rule{any: all(cNewThing), w: 4.2},
		rule{all: all(cNewThing, cSetup), not: all(cDefect, cHWSymptom, cSymptom, cCopy, cUnlicensed, cCracked, cUnsupported, cExpired), w: 5.5},
		// "3 new devs starting on Monday and need their laptops set up - Windows, Office, VPN": devices set
		// up for new people, a new installation with all it brings
		rule{all: all(cNew, cSetup, cDevice), not: all(cSymptom, cDefect, cHWSymptom, cFailed, cUpdate, cAV, cAccount, cCopy, cUnlicensed), w: 6},
		rule{all: all(cSetup), any: all(cDevice, cNetDev), not: all(cUpdate, cAV, cSymptom, cAccount), w: 3.8},
		rule{any: all(cIntroduce), w: 4.2},
		rule{any: all(cMigrate), w: 4.2},
		rule{any: all(cMove), w: 4},
		// "the VPN tunnel to our branch office keeps dropping": trouble at a site that exists is no new site
		rule{any: all(cSite), not: all(cSymptom, cOutage, cFailed, cDefect), w: 4},
		// "for the trade fair we need a network and two laptops": equipment for a new site.
		rule{all: all(cSite), any: all(cDevice, cNetDev), not: all(cSymptom, cDefect, cHWSymptom, cOutage, cFailed, cUpdate, cMonitoring, cAV, cConfig), w: 4.8},
		rule{any: all(cTraining), w: 4.2},
		rule{any: all(cConcept), w: 4},
		// "build us a backup strategy": a concept for something that is maintained later.
		rule{all: all(cConcept), any: all(cBackupSW, cNetDev, cAV, cOS, cOnlineBackup, cSetup, cOffice),
			not: all(cSymptom, cDefect, cHWSymptom, cFailed, cUnlicensed, cCracked, cExpired, cUnsupported, cDubious), w: 4.8},
		rule{any: all(cExpand), w: 3.5},
		rule{any: all(cUpgrade), not: all(cVendor), w: 3.2},
		rule{any: all(cProjectWord), w: 3},
		rule{any: all(cSetup), not: all(cUpdate, cAV, cOS), w: 1.8},
		rule{any: all(cNew), w: 1.2},
	)
	set(VerdictContract,
		rule{any: all(cSpecialSrv), not: projectWork, w: 4.6},
		rule{any: all(cOnlineBackup), not: all(cMigrate, cIntroduce, cNewThing, cTraining, cConcept, cSite), w: 4.5},
		// Online backup that fails or is watched is still the online backup service.
		rule{all: all(cOnlineBackup), any: all(cBackupSW, cMonitoring, cSymptom, cFailed), not: projectWork, w: 5.2},
		rule{any: all(cDatabase), not: projectWork, w: 3},
		// "the Exchange box hasn't installed its cumulative updates", "SQL-Wartungspläne laufen auf
		// Fehler": work on a special server and its trouble are the special server's maintenance.
		rule{all: all(cSpecialSrv), any: all(cUpdate, cMaint, cMonitoring, cSymptom, cConfig, cFailed, cCert, cExpired), not: append(all(cOS, cLOB), projectWork...), w: 5.4},
		// A phone system (PBX, VoIP) is no network device, server OS or desktop the FAQ names: like
		// a special server, it is covered only where the contract names it.
		rule{any: all(cPhoneSys), not: projectWork, w: 4.6},
		rule{all: all(cPhoneSys), any: all(cUpdate, cMaint, cMonitoring, cSymptom, cConfig, cFailed), not: projectWork, w: 5.4},
		// The client's website, its hosting, domain and certificate, is not named either: the
		// certificate of the website expiring is the website's trouble, not the internet line's.
		rule{any: all(cWebsite), not: projectWork, w: 4.6},
		rule{all: all(cWebsite), any: all(cUpdate, cMaint, cMonitoring, cSymptom, cConfig, cFailed, cCert, cExpired), not: projectWork, w: 5.6},
		rule{all: all(cBackupSW, cOffsite), not: projectWork, w: 4.8},
	)
	set(VerdictVendor,
		// "zwei neue Arbeitsplätze mit DATEV einrichten": more workstations are a project, whatever runs on them.
		rule{any: all(cLOB), not: append(all(cExpand), projectWork...), w: 4.3},
		rule{all: all(cBug), any: all(cLOB, cVendor), w: 5.5},
		rule{all: all(cLOB, cSymptom), not: append(all(cExpand), projectWork...), w: 4.8},
		rule{all: all(cBug, cSoftware), not: all(cOffice, cOS, cAV, cBackupSW), w: 3},
		rule{all: all(cVendor), any: all(cResponsible, cSoftware, cCoverQ, cUpdate), w: 4},
		rule{all: all(cSoftware, cResponsible), w: 2},
	)
	set(VerdictCovered,
		// "das DATEV-Jahresupdate … auf Server und Clients": the update of a line-of-business program is
		// its vendor's, not the care of the systems it runs on
		rule{any: all(cUpdate), not: all(cLOB), w: 3.5},
		rule{all: all(cUpdate), any: all(cOS, cOffice, cAV, cBackupSW), w: 3.5},
		rule{any: all(cAV), w: 3.5},
		rule{any: all(cNetDev), w: 3.5},
		rule{all: all(cNetDev, cConfig), w: 4.5},
		rule{all: all(cConfig), any: all(cAV, cBackupSW, cOffice), w: 4.5},
		// "Postfach anlegen", "Ordnerrechte ändern": setting up where the data lives is maintenance.
		rule{all: all(cConfig, cData), not: all(cLost, cRestore, cDataRecovery, cNewThing, cMigrate), w: 3.2},
		rule{any: all(cISP), not: all(cSetup, cSite, cMove), w: 3.5},
		// Office moved to another tenant or platform is a migration, a project.
		rule{any: all(cOffice), not: all(cMigrate), w: 3.5},
		rule{any: all(cBackupSW), w: 3.5},
		rule{any: all(cMonitoring), w: 3.5},
		// "Disk 4 ist ausgefallen": an outage of a part named is that part's fault, not care of the system.
		rule{any: all(cOutage), not: all(cHWPart), w: 3.5},
		// "Ab wann gilt etwas als Ausfall?": the definition of an outage.
		rule{all: all(cOutageQ), w: 4},
		rule{any: all(cOS), w: 3},
		rule{all: all(cOS, cConfig), not: all(cNewThing, cMigrate, cIntroduce), w: 4.6},
		// A symptom of a maintained system ("keine E-Mails mehr in Outlook") is support.
		rule{all: all(cSymptom), any: all(cOffice, cOS, cAV, cBackupSW, cISP), not: all(cNewThing, cMigrate, cIntroduce, cTraining,
			cUnlicensed, cCracked, cUnsupported, cExpired, cDubious, cDefect, cHWSymptom, cLOB), w: 4.3},
		rule{any: all(cOfficeWeak), w: 2},
		rule{all: all(cDevice), any: all(cSymptom, cConfig, cMaint, cFailed), w: 3},
		rule{any: all(cDevice), w: 2},
		rule{any: all(cConfig), w: 1.5},
		rule{any: all(cSymptom), w: 1.5},
		rule{any: all(cSoftware), w: 1},
	)
	return r
}
