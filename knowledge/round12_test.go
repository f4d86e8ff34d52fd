package knowledge

import "testing"

// TestFaultOfAPartIsHardware: an error a printer reports about one of its
// units ("Fehler Fixiereinheit 50.2", "fuser error") is a hardware fault,
// its own topic beside the printer's network trouble; swapping the unit "in
// five minutes" is still replacing a part (probe set AS).
func TestFaultOfAPartIsHardware(t *testing.T) {
	checkRound9(t, []round9Case{
		{"Seit dem Routertausch findet keiner mehr den Netzwerkdrucker, vermutlich hängt der noch an seiner alten IP-Adresse. Außerdem zeigt genau dieser Drucker seit heute 'Fehler Fixiereinheit 50.2'. Was davon übernehmen Sie?",
			IntentCoverage, []Verdict{VerdictExcluded, VerdictCovered}, "faq#hardware"},
		{"The office printer shows a fuser error since this morning, is that covered?",
			IntentCoverage, []Verdict{VerdictExcluded}, "faq#hardware"},
		{"Also ehrlich, die Fixiereinheit zieht man raus und steckt die neue rein, das sind fünf Minuten.",
			IntentCoverage, []Verdict{VerdictExcluded}, "faq#hardware"},
		// "ehrlich" as a question about honesty keeps its reading
		{"Seid ihr ehrlich zu uns, was die Preise angeht?", IntentPolicy, nil, "ethics#honesty"},
	})
}

// TestDriveLetterKeepsItsClause: "Laufwerk C: ist fast voll" is one clause,
// the server's full disk, covered beside the line-of-business program's
// own error, the vendor's (probe set AS).
func TestDriveLetterKeepsItsClause(t *testing.T) {
	checkRound9(t, []round9Case{
		{"Unsere Warenwirtschaft meldet bei jedem Speichern 'Beleg konnte nicht gebucht werden'. Außerdem warnt der Server, auf dem das Programm läuft, dass Laufwerk C: fast voll ist. Was davon ist Ihr Job?",
			IntentCoverage, []Verdict{VerdictVendor, VerdictCovered}, "faq#server"},
	})
}

// TestSideClauseDoesNotCancelTheTopic: a side clause that only cancels a
// rule of the one clause with a clear verdict ("wenn das Konto ohnehin
// schon angelegt wird") leaves that verdict; a problem told beside it still
// makes a set-up a repair (probe set AS).
func TestSideClauseDoesNotCancelTheTopic(t *testing.T) {
	checkRound9(t, []round9Case{
		{"Und den Laptop richten Sie dann im Rahmen des Vertrags mit ein, wenn das Konto ohnehin schon angelegt wird?",
			IntentCoverage, []Verdict{VerdictProject}, "faq#installation"},
		{"Könnt ihr auf dem Firmenhandy vom Chef die Mails neu einrichten? Die kommen nicht mehr.",
			IntentCoverage, []Verdict{VerdictCovered}, ""},
	})
}

// TestSuccessorAndTenantAreNew: the server that succeeds the old one is a
// new one, and the care given so far, stated as the premise of the
// argument, is no topic of its own; moving Office data into another
// tenant is a migration, not Office support (probe set AS).
func TestSuccessorAndTenantAreNew(t *testing.T) {
	checkRound9(t, []round9Case{
		{"Moment mal, Sie warten diesen Server doch seit Jahren. Dann gehört der Nachfolger doch auch zur Wartung!",
			IntentCoverage, []Verdict{VerdictProject}, "faq#installation"},
		{"Mein Nachfolger braucht ab Montag ein Benutzerkonto, ist das im Vertrag?",
			IntentCoverage, []Verdict{VerdictCovered}, ""},
		{"We're merging with another practice, and in the autumn all our mailboxes, OneDrive files and Teams should move into their Microsoft 365 tenant. Is that still just Office support?",
			IntentCoverage, []Verdict{VerdictProject}, "faq#migration"},
	})
}

// TestQuestionWordIsNoProgramHelp: "eine Frage zur Abgrenzung unseres
// Vertrags" asks nothing about using a program, and "Plänen" is no typo of
// "planen": the CAD program's crash is the vendor's (probe set AU).
func TestQuestionWordIsNoProgramHelp(t *testing.T) {
	checkRound9(t, []round9Case{
		{"Guten Tag, eine Frage zur Abgrenzung unseres Managed-Service-Vertrags: In unserer CAD-Software Allplan stürzt seit dem letzten Programm-Patch des Herstellers beim Export von Plänen ins DWG-Format das Programm ab. Fällt die Fehlerbehebung in Allplan unter Ihren Vertrag?",
			IntentCoverage, []Verdict{VerdictVendor}, "faq#lob-software"},
		// a question about the program itself is still program help
		{"Wir haben Fragen zu DATEV, kann uns der Hersteller am Arbeitsplatz helfen?", IntentPolicy, nil, "sop#program-help"},
	})
}

// TestWhoSeesPersonalData: whether technicians or the vendor can see the
// client's patient data, and a written assurance about data protection,
// are questions of confidentiality (probe set AV).
func TestWhoSeesPersonalData(t *testing.T) {
	checkRound9(t, []round9Case{
		{"Und unsere Patientendaten? Können eure Techniker da reingucken, wenn die an unserem Server arbeiten? Und der Hersteller von unserer Pflegesoftware?",
			IntentPolicy, nil, "ethics#confidentiality"},
		{"Can your technicians see our patient data?", IntentPolicy, nil, "ethics#confidentiality"},
		{"Können Sie mir das mit dem Datenschutz schriftlich geben? Ich muss das bei der nächsten Prüfung vorzeigen.",
			IntentPolicy, nil, "ethics#confidentiality"},
		// "mal reingucken" into a PC is support, not data protection
		{"Könnt ihr mal in den PC reingucken, der ist so langsam?", IntentCoverage, []Verdict{VerdictCovered}, ""},
	})
}

// TestSecondRoundReadings: readings from probe sets AW, AX and AY – a
// scanner "in unserem Netzwerk" is not moved into it, "Unabhängig davon"
// asks nothing about independence, keys "a bit too cheap" are doubtful,
// "will you keep supporting those" after unsupported software is that
// software's case, a deadline that runs out is no lead time, a new shop's
// equipment is that project, an account left "switched on" is the rule
// for vendor accounts, a club's laptop is the club's own, and a key that
// also runs at home is used twice.
func TestSecondRoundReadings(t *testing.T) {
	checkRound9(t, []round9Case{
		{"Das sehe ich anders. Der Scanner hängt in unserem Netzwerk, und laut Ihren eigenen FAQ fallen Netzwerkgeräte unter die Wartung.",
			IntentCoverage, []Verdict{VerdictCovered}, "faq#network"},
		{"Könnt ihr den neuen Drucker in unser Netzwerk einbinden?", IntentCoverage, []Verdict{VerdictProject}, ""},
		{"Unabhängig davon, mein USB-Stick is broken — Windows erkennt ihn nicht mehr. Can you recover the files? Ist das covered?",
			IntentCoverage, []Verdict{VerdictExcluded}, "faq#data-recovery"},
		{"We bought five Office 2021 keys from an online shop for 9.99 euros each, which seems a bit too cheap tbh. Could you install them on the new laptops as part of our contract?",
			IntentCoverage, []Verdict{VerdictNoncompliant, VerdictProject}, "sop#unlicensed"},
		{"Our court e-filing software is only certified for Windows 8.1, which Microsoft stopped supporting. So we want to keep two PCs on 8.1. Will you keep supporting those under the contract?",
			IntentCoverage, []Verdict{VerdictNoncompliant}, "sop#unsupported"},
		{"Hi, can I talk to a human right now? Es ist urgent — unser Kartenleser wird nicht mehr erkannt und die Frist läuft um Mitternacht ab.",
			IntentHuman, nil, ""},
		{"Frage zum Vertrag:\n- neue Filiale Kiel-Holtenau eröffnet im Januar\n- Netz dort komplett neu: Router, 2 Switche, WLAN, VPN zur Zentrale\n- Einrichtung durch euch: im Vertrag drin oder extra?",
			IntentCoverage, []Verdict{VerdictProject}, ""},
		{"Before I pick: could you just leave their account switched on for that whole week, in case they need to come back?",
			IntentPolicy, nil, "sop#disabled-accounts"},
		{"display vom vereinslaptop gesprungen 😭 ist das im vertrag?", IntentCoverage, []Verdict{VerdictExcluded}, "faq#hardware"},
		{"und office? ein mitglied schenkt uns seinen key, der läuft bei ihm zuhause auch", IntentCoverage, []Verdict{VerdictNoncompliant}, ""},
		// another firm's data is still another firm's
		{"Die Bäckerei Jansen gegenüber ist auch bei euch Kunde, wann kommt deren Hersteller?", IntentOutOfScope, nil, "ethics#no-disclosure"},
	})
}

// TestThirdRoundReadings: readings from probe sets AZ, BA and BB – an
// access left "dauerhaft an", details handed out, "those windows" of a
// vendor's access and an account that is "active" are no licence, no
// building and no network.
func TestThirdRoundReadings(t *testing.T) {
	checkRound9(t, []round9Case{
		{"nee das is doof der muss da ran können wenn was is, könnt ihr den zugang nich einfach dauerhaft anlassen dann muss der nich jedes mal fragen",
			IntentPolicy, nil, "sop#disabled-accounts"},
		{"Fine. And would you hand out details about our practice or our patients to someone who asks like this?",
			IntentPolicy, nil, "ethics#confidentiality"},
		{"Between those windows, is the vendor account active, or do you switch it off?", IntentPolicy, nil, "sop#disabled-accounts"},
		{"our landlord wants to replace the windows, is that covered?", IntentOutOfScope, nil, "faq#outside-it"},
		{"My nephew gave me a Windows key he found online. Can you activate it on the office PC?",
			IntentCoverage, []Verdict{VerdictNoncompliant}, ""},
		{"Kurze Frage vorab: Bekommt der Vendor einen eigenen AD-Account, und ist der nur im Wartungsfenster aktiv – also quasi JIT-Access?",
			IntentPolicy, nil, "sop#disabled-accounts"},
		{"Auf 5 MES-Clients laufen gerade Lizenzen unserer Schwesterfirma, weil unsere eigenen noch nicht geliefert sind. Betreut ihr die trotzdem ganz normal?",
			IntentCoverage, []Verdict{VerdictNoncompliant}, "sop#unlicensed"},
		{"Und wer kümmert sich jetzt um den Buchungsfehler im MES – wir selbst oder ihr mit FactoryLine?",
			IntentCoverage, []Verdict{VerdictVendor}, "faq#lob-software"},
		{"Auf unserem NAS (RAID 6, Fileshare der Konstruktion) ist Disk 4 ausgefallen, der Storage Pool ist degraded. Macht ihr den Disk-Swap und den RAID-Rebuild im Rahmen des Vertrags?",
			IntentCoverage, []Verdict{VerdictExcluded}, "faq#hardware"},
		{"But the existing APs in hall 2 keep dropping clients when roaming since the last config change on the controller. Fixing that config is covered, right?",
			IntentCoverage, []Verdict{VerdictCovered}, "faq#network"},
		{"I dropped my laptop and the screen is cracked, is that covered?", IntentCoverage, []Verdict{VerdictExcluded}, "faq#hardware"},
	})
}
