package knowledge

import "testing"

// TestWordsThatNameNoTopic: a person's role ending in "-leitung", "unten
// rechts" on the screen, "vorab" as beforehand, "im Auftrag von", "gar
// nicht machen" and "20 minutes of work" name no line, rights, lead time,
// ticket, outage or meeting minutes (probe sets BD, BE).
func TestWordsThatNameNoTopic(t *testing.T) {
	checkRound9(t, []round9Case{
		{"ich bin seit Oktober die Pflegedienstleitung beim Ambulanten Pflegedienst Lindenhof und kenne mich mit der Technik leider nicht besonders gut aus. Seit heute Morgen piept der graue Kasten alle paar Sekunden, und beim Hochfahren erscheint eine Meldung, die Festplatte werde bald ausfallen. Der Rechner läuft noch, wird aber immer langsamer. Meine Frage: Tauschen Sie dieses Teil im Rahmen unseres Wartungsvertrags aus, oder kommen da Kosten auf uns zu?",
			IntentCoverage, []Verdict{VerdictExcluded}, "faq#hardware"},
		// a line keeps its meaning
		{"Unsere Internetleitung ist seit heute tot. Kümmert ihr euch darum?", IntentCoverage, []Verdict{VerdictCovered}, "faq#isp"},
		{"Erstens erscheint seit Freitag auf allen Rechnern unten rechts ein rotes Schild, der Virenschutz sei nicht mehr aktuell. Zweitens zeigt unser Pflegeprogramm MediFox seit dem letzten Update eine Fehlermeldung. Fällt beides unter unseren Vertrag?",
			IntentCoverage, []Verdict{VerdictVendor, VerdictCovered}, "faq#antivirus"},
		{"Herr Dr. Hallerstede bat mich, vorab zwei Dinge mit Ihnen zu klären. Erstens: Ist der Umzug unserer Computer in die neuen Räume durch unseren Wartungsvertrag abgedeckt? Zweitens: Unser Bürovorsteher meint, wir müssten die Windows-Updates auf unseren Rechnern selbst einspielen. Stimmt das, oder übernehmen Sie das?",
			IntentCoverage, []Verdict{VerdictProject, VerdictCovered}, "faq#updates"},
		{"ich wende mich im Auftrag von Pfarrer Wiechmann an Sie. Der Kirchenvorstand hat beschlossen, im Gemeindehaus ein zweites Büro einzurichten. Dort sollen zwei Computerarbeitsplätze hin, die auch an unseren Drucker und an das Internet angeschlossen werden müssten. Ist so etwas in unserem Vertrag mit Ihnen bereits enthalten?",
			IntentCoverage, []Verdict{VerdictProject}, ""},
		{"Ich verstehe nicht ganz, was Sie mit „Projekt“ meinen. Bedeutet das, dass Sie so etwas gar nicht machen und wir uns jemand anderen suchen müssen?",
			IntentCoverage, []Verdict{VerdictProject}, ""},
		{"really? we literally pay you every month. setting up a laptop is like 20 minutes of work",
			IntentCoverage, []Verdict{VerdictProject}, ""},
	})
}

// TestSymptomsAndProgramsOfRoundThirteen: a CPU at 100 % is a slow server,
// no hardware fault; a LIMS that "throws" an error is line-of-business
// software; " + " joins two topics; laptops set up for new people are a
// new installation (probe sets BC, BE).
func TestSymptomsAndProgramsOfRoundThirteen(t *testing.T) {
	checkRound9(t, []round9Case{
		{"hey. our sql server (the box the warehouse db runs on) is super slow since fri, cpu at 100% all day. is that in our contract or extra?",
			IntentCoverage, []Verdict{VerdictContract}, "faq#special-servers"},
		{"Hi - our LIMS (the lab information system from LabTrack) throws 'sample barcode already exists' on every new sample since this morning. Is that something you fix under the contract, or do we need to ring LabTrack?",
			IntentCoverage, []Verdict{VerdictVendor}, "faq#lob-software"},
		{"2 sachen: plotter zieht papier schief ein + archicad stürzt beim öffnen von großen plänen ab. was davon is bei euch drin?",
			IntentCoverage, []Verdict{VerdictExcluded, VerdictVendor}, "faq#hardware"},
		{"we've got 3 new devs starting on Monday and need their laptops set up - Windows, Office, VPN, the works. that's covered under our Vertrag, right?",
			IntentCoverage, []Verdict{VerdictProject}, "faq#installation"},
		{"Would fifty quid bump my ticket up the queue? ;)", IntentPolicy, nil, "ethics#conflicts"},
	})
}

// TestRoundThirteenLater: a PC beside a machine that is dead with its
// power supply burnt is hardware; setting up a printer bought new after a
// condition is a project; moving everything to a cloud DMS is a migration;
// a line-of-business program's annual update on its new DVD is its vendor's,
// while Windows updates on the server it runs on stay covered; Windows 10
// without ESU cared for "trotzdem" is the non-standard case (probe sets BF,
// BG).
func TestRoundThirteenLater(t *testing.T) {
	checkRound9(t, []round9Case{
		{"Unser Produktions-PC an der CNC-Fräse ist tot, geht gar nicht mehr an, riecht verbrannt aus dem Netzteil. Ist das bei euch im Vertrag drin??",
			IntentCoverage, []Verdict{VerdictExcluded}, "faq#hardware"},
		{"Wenn wir heute schnell einen neuen Bondrucker kaufen, schließt ihr den dann wenigstens an und richtet ihn ein? Oder kostet das auch extra?",
			IntentCoverage, []Verdict{VerdictProject}, ""},
		{"ok. and once this mess is over we want to move everything to a cloud DMS early next year. covered?",
			IntentCoverage, []Verdict{VerdictProject}, "faq#migration"},
		{"Im Januar steht das DATEV-Jahresupdate an (DATEV Arbeitsplatz, neue Programm-DVD auf Server und Clients). Macht ihr das als MSP im Rahmen des Wartungsvertrags, oder ist das Sache von DATEV bzw. der Kanzlei?",
			IntentCoverage, []Verdict{VerdictVendor}, "faq#lob-software"},
		{"Auf dem Server, auf dem auch unsere Praxissoftware läuft, gehen die Windows-Updates seit Wochen nicht durch. Ist das eure Sache?",
			IntentCoverage, []Verdict{VerdictCovered}, ""},
		{"Auf zwei Arbeitsplätzen läuft noch Windows 10 ohne ESU, DATEV gibt dafür keinen Support mehr. Betreut ihr die trotzdem ganz normal weiter?",
			IntentCoverage, []Verdict{VerdictNoncompliant}, ""},
	})
}

// TestAnnexIsANewSite: Wi-Fi and cabling for an annex being opened are
// that new site's project, not network care (probe set BH).
func TestAnnexIsANewSite(t *testing.T) {
	checkRound9(t, []round9Case{
		{"Another thing: we're opening an annex with 8 new guest rooms in spring and need Wi-Fi and network cabling set up there. Same deal?",
			IntentCoverage, []Verdict{VerdictProject}, ""},
	})
}
