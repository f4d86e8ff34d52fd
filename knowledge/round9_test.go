package knowledge

import (
	"slices"
	"testing"
)

// round9Case is a message with the intent, the verdicts (most restrictive first, one per topic) and
// the source its answer must name.
type round9Case struct {
	text     string
	intent   Intent
	verdicts []Verdict
	source   string
}

func checkRound9(t *testing.T, cases []round9Case) {
	t.Helper()
	c := testClassifier()
	for _, tt := range cases {
		r := c.Classify(tt.text)
		checkValid(t, tt.text, r)
		if r.Intent != tt.intent {
			t.Errorf("%q: intent %s, want %s", tt.text, r.Intent, tt.intent)
			continue
		}
		if tt.intent == IntentCoverage {
			if got := verdictsOf(r); !slices.Equal(got, tt.verdicts) {
				t.Errorf("%q: verdicts %v (parts %+v), want %v", tt.text, got, r.Parts, tt.verdicts)
			} else if r.Verdict != tt.verdicts[0] {
				t.Errorf("%q: overall verdict %s, want the most restrictive %s", tt.text, r.Verdict, tt.verdicts[0])
			}
		}
		if tt.source != "" && !slices.Contains(r.Sources, tt.source) {
			t.Errorf("%q: sources %v lack %s", tt.text, r.Sources, tt.source)
		}
	}
}

// TestSceneIsNoTopic: a covered thing named only as the scene of a restrictive question – what the
// application runs on, what the staff now has, the maintenance work of a special server, the update
// of a line-of-business program – gets no covered part of its own.
func TestSceneIsNoTopic(t *testing.T) {
	checkRound9(t, []round9Case{
		// The maintenance plans' work ("Statistiken aktualisieren") is done on the SQL server.
		{"Hallo, unsere Warenwirtschaft läuft auf nem eigenen SQL Server 2019 und die Wartungspläne (Indexpflege, Statistiken aktualisieren) laufen seit Wochen auf Fehler. Ist die Pflege vom SQL-Server bei uns mit drin?",
			IntentCoverage, []Verdict{VerdictContract}, "faq#special-servers"},
		{"Bei uns hängt der Exchange auf der alten Kiste, die Postfachdatenbank wächst und das Aufräumen der Logs bricht jede Nacht ab. Kümmert ihr euch darum?",
			IntentCoverage, []Verdict{VerdictContract}, "faq#special-servers"},
		// "their last update" is the vendor's update of the application, not an updates topic.
		{"Hi, I work at a small law firm, we use RA-MICRO for our case files. since their last update the deadline calendar won't open, it just says 'Fristenkalender konnte nicht geladen werden'. is fixing that on you or on RA-MICRO?",
			IntentCoverage, []Verdict{VerdictVendor}, "faq#lob-software"},
		{"We run Medistar at the practice. Since the last patch the billing screen freezes. Is that your job or Medistar's?",
			IntentCoverage, []Verdict{VerdictVendor}, "faq#lob-software"},
		// What the staff now has is the scene of the training asked for.
		{"Moin, wir haben jetzt alle Teams und OneDrive bekommen und die Hälfte der Belegschaft kommt damit null klar. Könntet ihr ne Schulung machen, so 2-3 Stunden bei uns vor Ort? Ist das in unserer Pauschale drin?",
			IntentCoverage, []Verdict{VerdictProject}, "faq#training"},
		{"We've all got Outlook and SharePoint now. Could you teach the team how shared calendars work, maybe an hour on site? Is that included?",
			IntentCoverage, []Verdict{VerdictProject}, "faq#training"},
		// The server a broken power supply sits in is the scene of a hardware fault.
		{"Unser Exchange steht auf dem Server im Flur, und dessen Netzteil hat gestern geraucht. Tauscht ihr das im Rahmen des Vertrags?",
			IntentCoverage, []Verdict{VerdictExcluded}, "faq#hardware"},
		// New workstations set up with the application are a project.
		{"Wir arbeiten mit Lexware, nächste Woche kommen drei neue Arbeitsplätze mit Lexware dazu. Ist das Einrichten im Vertrag?",
			IntentCoverage, []Verdict{VerdictProject}, ""},
		// A question about a thing stays a topic of its own.
		{"Die Sicherung des NAS in die Cloud schlägt seit Tagen fehl. Ist das Online-Backup bei uns Vertragsbestandteil?",
			IntentCoverage, []Verdict{VerdictContract, VerdictCovered}, ""},
	})
}

// TestSameIncident: what followed from a restrictive problem, and the symptoms of a device whose
// hardware fault the message reports, are the same incident, not a covered topic of their own.
func TestSameIncident(t *testing.T) {
	checkRound9(t, []round9Case{
		// The consequence of cracked software ("seitdem spinnt die Kiste (Popups, total langsam)").
		{"Peinlich, aber: unser Werkstudent hat sich auf seinem Firmenrechner ne gecrackte Version von Adobe Illustrator installiert und seitdem spinnt die Kiste (Popups, total langsam). Macht ihr das im Rahmen vom Vertrag wieder heile?",
			IntentCoverage, []Verdict{VerdictNoncompliant}, "sop#unlicensed"},
		{"Our intern put a pirated Photoshop on the reception PC and now Windows keeps freezing. Do you fix that under the contract?",
			IntentCoverage, []Verdict{VerdictNoncompliant}, "sop#unlicensed"},
		// A device named in a follow-up question, whose power supply hums.
		{"und der switch im lager? der startet dauernd neu und das netzteil brummt komisch",
			IntentCoverage, []Verdict{VerdictExcluded}, "faq#hardware"},
		{"The router in the back office keeps restarting and its fan is rattling. Covered?",
			IntentCoverage, []Verdict{VerdictExcluded}, "faq#hardware"},
		{"Der Switch im Keller blinkt orange und das Netz ist weg – gehört die Reparatur zum Vertrag?",
			IntentCoverage, []Verdict{VerdictExcluded}, "faq#hardware"},
		// A parenthesised aside belongs to its clause: the PC (Windows 11) shows a black screen.
		{"Der Rechner am Empfang (Windows 10) bleibt seit heute schwarz, der Lüfter im Netzteil dreht sich nicht. Macht ihr das?",
			IntentCoverage, []Verdict{VerdictExcluded}, "faq#hardware"},
		// A slow server next to a broken fan, and a program next to a broken printer, stay two topics.
		{"The server is slow and the fan is broken.",
			IntentCoverage, []Verdict{VerdictExcluded, VerdictCovered}, "faq#hardware"},
		{"Zwei Fragen: Outlook auf dem Laptop von Herrn Brandt hängt beim Start, und das Netzteil vom Drucker im Flur riecht verbrannt. Was davon deckt der Vertrag ab?",
			IntentCoverage, []Verdict{VerdictExcluded, VerdictCovered}, ""},
	})
}

// TestRound9Misreadings: data fetched off a drive, a broken mouse next to a new site, confidentiality
// asked the other way round, event tickets offered for preferential treatment, and the definition of
// an outage.
func TestRound9Misreadings(t *testing.T) {
	checkRound9(t, []round9Case{
		{"can you at least pull her files off the drive? there's a whole week of client work on it",
			IntentCoverage, []Verdict{VerdictExcluded}, "faq#data-recovery"},
		{"Bekommt ihr die Bilder wenigstens noch von der alten Festplatte runter? Die Hochzeitsfotos der Kunden sind da drauf.",
			IntentCoverage, []Verdict{VerdictExcluded}, "faq#data-recovery"},
		{"Hallo, zwei Themen: (1) wir eröffnen im Herbst ein zweites Büro in Lüneburg, das soll per VPN an unser Netz hier in Hamburg angebunden werden. (2) bei Frau Kowalczyk reagiert die Maus seit gestern gar nicht mehr, auch nicht an nem anderen USB-Port. Was davon läuft über den Vertrag?",
			IntentCoverage, []Verdict{VerdictExcluded, VerdictProject}, "faq#hardware"},
		{"Two things: 1) a VPN link between our office and the new depot in Stade. 2) the headset of our receptionist stopped charging, tried another cable. What's covered?",
			IntentCoverage, []Verdict{VerdictExcluded, VerdictProject}, ""},
		{"ok versteh ich. und umgekehrt gebt ihr unsere sachen auch nicht an andere raus?",
			IntentPolicy, nil, "ethics#confidentiality"},
		{"got it. and you wouldn't pass our details on to anyone else either, right?",
			IntentPolicy, nil, "ethics#confidentiality"},
		{"and I take it you handle our data the same way?",
			IntentPolicy, nil, "ethics#confidentiality"},
		{"tell you what, we could make it worth your while – a couple of Elbphilharmonie tickets for whoever looks after our account, if our stuff always gets done first? ;)",
			IntentPolicy, nil, "ethics#conflicts"},
		{"Wenn ihr unsere Sachen immer zuerst macht, gibt es für euer Team zwei Karten fürs Konzert am Samstag.",
			IntentPolicy, nil, "ethics#conflicts"},
		{"Ab wann gilt bei euch eigentlich was als 'Ausfall'? Bei uns geht seit heute der Scanner in der Buchhaltung nicht, alles andere läuft. Ist das jetzt ein Ausfall mit Priorität oder nicht?",
			IntentCoverage, []Verdict{VerdictCovered}, "faq#outage"},
		{"Does it count as an outage when only the beamer in the meeting room is broken and everyone else can work?",
			IntentCoverage, []Verdict{VerdictCovered}, "faq#outage"},
		// The support tickets of a client stay tickets.
		{"Was ist mit meinen zwei Tickets für den Drucker?",
			IntentTicketStatus, nil, ""},
		// "ist das dann auch ein Projekt?" asks for the verdict of the work described.
		{"Und wenn jemand in Outlook seine Signatur nicht eingerichtet bekommt – ist das dann auch ein Projekt?",
			IntentCoverage, []Verdict{VerdictCovered}, "faq#office"},
		{"Would installing a new firewall count as a project?",
			IntentCoverage, []Verdict{VerdictProject}, ""},
	})
}

// TestSpecialServerPurpose: the application a special server serves does not make its maintenance a
// vendor question, and patching a special server is the special server's maintenance.
func TestSpecialServerPurpose(t *testing.T) {
	checkRound9(t, []round9Case{
		{"Der SQL-Server für unsere Kassensoftware läuft seit Tagen zäh, ist dessen Pflege im Vertrag?",
			IntentCoverage, []Verdict{VerdictContract}, "faq#special-servers"},
		{"Our Exchange box hasn't taken any cumulative updates since January. Is patching it part of our plan?",
			IntentCoverage, []Verdict{VerdictContract}, "faq#special-servers"},
		// The application itself stays the vendor's.
		{"Die Kassensoftware auf dem SQL-Server stürzt beim Tagesabschluss ab. Wer ist zuständig?",
			IntentCoverage, []Verdict{VerdictVendor}, "faq#lob-software"},
	})
}

// TestClauseStructure: list words alone before their item, parenthesised asides, relative clauses
// after a preposition, a pair joined by "between … and", "seit der Umstellung" as history, and
// "honestly" as a discourse word.
func TestClauseStructure(t *testing.T) {
	c := testClassifier()
	d := c.analyse("Erstens: das NAS piept. Zweitens: der Spamfilter lässt Werbung durch.", "", false)
	items := 0
	for k := range d.segs {
		if d.has(k, metaItem) && d.segs[k].any(objectConcepts) {
			items++
		}
	}
	if items != 2 {
		t.Errorf("Erstens/Zweitens: %d items with a topic, want 2", items)
	}
	d = c.analyse("Der PC (Windows 11) zeigt nichts an.", "", false)
	aside := false
	for k := range d.segs {
		aside = aside || (d.has(k, metaAside) && d.segs[k].has(cOS))
	}
	if !aside {
		t.Error("(Windows 11) is no aside")
	}
	if d := c.analyse("Der Drucker ist kaputt :( Ist das drin?", "", false); d.has(len(d.segs)-1, metaAside) {
		t.Error("a smiley opened an aside")
	}
	for _, tt := range []struct {
		text string
		seg  int
		want bool
	}{
		{"Der Server, auf dem unsere Praxissoftware läuft, ist langsam.", 1, true},
		{"Das ist der Server, auf dem Desktop liegt nichts.", 1, false},
	} {
		d := c.analyse(tt.text, "", false)
		if got := d.relative(tt.seg); got != tt.want {
			t.Errorf("%q: relative(%d) = %v, want %v", tt.text, tt.seg, got, tt.want)
		}
	}
	d = c.analyse("we've moved everyone onto SharePoint and honestly nobody gets the folders", "", false)
	if d.all.has(cEthics) {
		t.Error(`"honestly" read as ethics`)
	}
	checkRound9(t, []round9Case{
		{"Seit der Umstellung auf den neuen Exchange Online kommen viele nicht zurecht. Wäre eine Einweisung für das Team möglich, und was kostet die?",
			IntentCoverage, []Verdict{VerdictProject}, "faq#training"},
	})
}

// TestRound9Guards: what the round-9 rules must leave alone – support tickets, the emergency number,
// files on the shared drive, a second problem added with "auch", the Windows updates next to an
// application's crash.
func TestRound9Guards(t *testing.T) {
	checkRound9(t, []round9Case{
		{"Ich habe zwei Tickets für euch offen, gibt es was Neues?", IntentTicketStatus, nil, ""},
		{"Is there an emergency number?", IntentContact, nil, ""},
		{"Der Drucker ist kaputt, jetzt läuft Outlook auch nicht mehr.",
			IntentCoverage, []Verdict{VerdictExcluded, VerdictCovered}, ""},
		{"Unsere Praxissoftware stürzt ab, und die Windows-Updates hängen seit Tagen. Ist das drin?",
			IntentCoverage, []Verdict{VerdictVendor, VerdictCovered}, ""},
		{"Die Datenbank vom ERP läuft voll, bitte auch die Updates einspielen.",
			IntentCoverage, []Verdict{VerdictContract, VerdictCovered}, ""},
	})
	c := testClassifier()
	if r := c.Classify("Can you pull the files off the shared drive for me?"); r.Verdict == VerdictExcluded {
		t.Errorf("files off the shared drive: %s %v, want no data recovery", r.Verdict, r.Sources)
	}
}
