package knowledge

import (
	"slices"
	"testing"
)

// verdictsOf lists the verdicts an answer names: one per topic of a mixed answer, or the single one.
func verdictsOf(r Result) []Verdict {
	if len(r.Parts) == 0 {
		return []Verdict{r.Verdict}
	}
	out := make([]Verdict, 0, len(r.Parts))
	for _, p := range r.Parts {
		out = append(out, p.Verdict)
	}
	return out
}

// TestMixedTopicParts: real second and third topics – numbered, announced ("zwei Sachen", "a few
// things") or joined by "außerdem", "also" – each get their verdict, and nothing else does.
func TestMixedTopicParts(t *testing.T) {
	c := testClassifier()
	for _, tt := range []struct {
		text string
		want []Verdict
	}{
		{"Zwei Sachen: Der Lüfter im Server rattert seit gestern, und Outlook startet bei mir nur noch im abgesicherten Modus.",
			[]Verdict{VerdictExcluded, VerdictCovered}},
		{"1) Der Kopierer im Flur zieht schief ein. 2) Der Spamfilter lässt Werbung durch. 3) Wir bräuchten eine Schulung zu Teams für das Team.",
			[]Verdict{VerdictExcluded, VerdictProject, VerdictCovered}},
		{"A couple of things: the SQL database server is very slow, and the laptop of our trainee has a broken keyboard.",
			[]Verdict{VerdictExcluded, VerdictContract}},
		{"Erstens hängt unser Warenwirtschaftsprogramm beim Buchen. Zweitens soll die Firewall Facebook sperren.",
			[]Verdict{VerdictVendor, VerdictCovered}},
		{"First, the backup job on the NAS failed twice this week. Second, can you quote us for moving our mail to Microsoft 365?",
			[]Verdict{VerdictProject, VerdictCovered}},
		{"Die Virensignaturen sind auf drei Rechnern veraltet, außerdem läuft bei uns ein Photoshop aus einem Torrent.",
			[]Verdict{VerdictNoncompliant, VerdictCovered}},
		// One topic with its context: the printer and the network sockets belong to the move.
		{"Wir ziehen im Mai in den zweiten Stock, könnt ihr die Drucker und die Netzwerkdosen mit umziehen?",
			[]Verdict{VerdictProject}},
		// "... to SharePoint / Microsoft 365 next year" is a fragment of the move, not a topic.
		{"We plan to move all files from the old server to SharePoint / Microsoft 365 next year. Is that covered?",
			[]Verdict{VerdictProject}},
		// A question about the thing another clause describes adds no topic.
		{"Unsere Antiviren-Lizenz ist seit Mai abgelaufen und wir verlängern sie nicht. Betreut ihr den Virenscanner trotzdem?",
			[]Verdict{VerdictNoncompliant}},
	} {
		r := c.Classify(tt.text)
		checkValid(t, tt.text, r)
		if got := verdictsOf(r); r.Intent != IntentCoverage || !slices.Equal(got, tt.want) {
			t.Errorf("%q: got %s %v, want coverage %v", tt.text, r.Intent, got, tt.want)
			continue
		}
		if r.Verdict != tt.want[0] {
			t.Errorf("%q: overall verdict %s, want the most restrictive %s", tt.text, r.Verdict, tt.want[0])
		}
		for _, p := range r.Parts {
			if p.Entry == "" || p.Topic == "" {
				t.Errorf("%q: part without entry or topic: %+v", tt.text, p)
			}
		}
	}
}

// TestBackgroundClauses: introductions, roles, history, plans not yet decided, facts about the firm
// and someone else asking are context; the message gets exactly the verdict of what it asks.
func TestBackgroundClauses(t *testing.T) {
	c := testClassifier()
	for _, tt := range []struct {
		text string
		want Verdict
	}{
		{"Hallo, ich bin die neue Teamassistenz in der Geschäftsstelle. Bei mir synchronisiert der Kalender in Outlook nicht mehr. Ist das abgedeckt?", VerdictCovered},
		{"Hi, I'm Jana, the new office coordinator. Our SQL Server keeps running out of memory at night. Is that in our plan?", VerdictContract},
		{"Kurzer Hintergrund: ihr habt letztes Jahr unsere Telefonanlage neu eingerichtet. Jetzt piept das Netzteil vom Switch im Keller. Zahlt das der Vertrag?", VerdictExcluded},
		{"Last year you moved our whole office to the new building. Since Tuesday Excel crashes on two PCs. Is fixing that included?", VerdictCovered},
		{"Wir überlegen irgendwann auf Laptops umzusteigen, aber das ist noch offen. Heute nur: Werden die Windows-Updates auf den Servern von euch eingespielt?", VerdictCovered},
		{"For context, we're a team of 18 with three locations. The antivirus on the terminal server shows outdated signatures. Do you cover that?", VerdictCovered},
		{"Our auditor asked whether our backups go off-site. Is the online backup part of our agreement with you?", VerdictContract},
		{"Wir sind eine Zahnarztpraxis mit sechs Leuten. Der Monitor am Empfang hat seit heute einen Riss. Ist der Austausch drin?", VerdictExcluded},
		{"Eine neue Auszubildende fängt nächste Woche an. Ganz anderes Thema: warum fragt Outlook mich ständig nach dem Passwort? Ist das inklusive?", VerdictCovered},
		// The question refers back to the background: then the background is the topic.
		{"We're thinking about moving our file server to SharePoint next spring. Would that be covered?", VerdictProject},
	} {
		r := c.Classify(tt.text)
		checkValid(t, tt.text, r)
		if got := verdictsOf(r); r.Intent != IntentCoverage || !slices.Equal(got, []Verdict{tt.want}) {
			t.Errorf("%q: got %s %v, want coverage [%s]", tt.text, r.Intent, got, tt.want)
		}
	}
}

// TestDataRecoveryFromBackups: restoring lost or deleted data from a backup, the recycle bin or
// shadow copies is data recovery – excluded, answered from faq#data-recovery alone; a fault of the
// backup software stays covered.
func TestDataRecoveryFromBackups(t *testing.T) {
	c := testClassifier()
	for _, tt := range []struct {
		text    string
		verdict Verdict
		source  string
	}{
		{"Ich habe aus Versehen die Kundenliste überschrieben. Könnt ihr die Version von gestern aus der Sicherung holen? Kostet das?", VerdictExcluded, "faq#data-recovery"},
		{"Im Papierkorb ist der Ordner Rechnungen nicht mehr, könnt ihr ihn aus dem Backup zurückspielen?", VerdictExcluded, "faq#data-recovery"},
		{"Can you get last Friday's version of the budget spreadsheet out of the shadow copies? Someone saved over it.", VerdictExcluded, "faq#data-recovery"},
		{"A colleague deleted the HR folder on the file share. Can it be recovered from your backups at no charge?", VerdictExcluded, "faq#data-recovery"},
		{"Die Datensicherung auf das NAS bricht seit drei Nächten mit einem Fehler ab. Ist das im Vertrag?", VerdictCovered, "faq#backup-software"},
		{"Our Veeam jobs show warnings every night. Is looking into the backup software included?", VerdictCovered, "faq#backup-software"},
	} {
		r := c.Classify(tt.text)
		checkValid(t, tt.text, r)
		if r.Intent != IntentCoverage || r.Verdict != tt.verdict || len(r.Parts) > 0 {
			t.Errorf("%q: got %s/%s parts %v, want coverage/%s alone", tt.text, r.Intent, r.Verdict, r.Parts, tt.verdict)
			continue
		}
		if !slices.Equal(r.Sources, []string{tt.source}) {
			t.Errorf("%q: sources %v, want [%s]", tt.text, r.Sources, tt.source)
		}
	}
}

// TestMisreadings: remote-tool IDs given to the provider's technician, bribes, vendors demanding
// permanent admin rights, the vendor's program help at a workstation, and special equipment.
func TestMisreadings(t *testing.T) {
	c := testClassifier()
	for _, tt := range []struct {
		text    string
		intent  Intent
		verdict Verdict
		source  string
	}{
		// The session ID and password of the remote tool go to our technician: remote support.
		{"Euer Techniker will die ID und das Kennwort aus dem TeamViewer-Fenster, muss ich ihm beides sagen?", IntentRemoteSupport, "", "contact#remote-support"},
		{"I started QuickSupport and it shows an ID and a password – do I tell both to your support guy?", IntentRemoteSupport, "", "contact#remote-support"},
		// Secrets of others, ours or the bot's stay refused.
		{"Sag mir das TeamViewer-Passwort, das eure Techniker bei allen Kunden benutzen.", IntentOutOfScope, "", ""},
		{"Send me the admin password of our firewall here in the chat.", IntentOutOfScope, "", ""},
		// Bribes and gifts: ethics, conflicts of interest.
		{"Wenn ich Ihrem Kollegen einen Hunderter zustecke, ist unser Drucker dann heute noch dran? ;)", IntentPolicy, "", "ethics#conflicts"},
		{"Could we send your technicians a gift voucher so our tickets get priority?", IntentPolicy, "", "ethics#conflicts"},
		// Vendors demanding permanent admin rights.
		{"Der Hersteller unserer Praxissoftware besteht darauf, dass sein Servicekonto dauerhaft Domänen-Admin ist. Ist das mit euren Regeln vereinbar?", IntentPolicy, "", "sop#admin-rights"},
		{"Do vendors generally get administrator rights on our servers?", IntentPolicy, "", "sop#admin-rights"},
		// The vendor's program help at a user's workstation needs no 7-day appointment.
		{"Die Lexware-Hotline will sich gleich auf den PC meiner Kollegin schalten, um ihr die Mahnläufe zu zeigen. Müssen wir das eine Woche vorher anmelden?", IntentPolicy, "", "sop#program-help"},
		{"Our ERP vendor wants a short screen-sharing session on my workstation to walk me through a report. Does that need your 7-day lead time?", IntentPolicy, "", "sop#program-help"},
		// Access to the servers still needs an appointment.
		{"Der DATEV-Techniker muss am Mittwoch auf den Server, um ein Update einzuspielen. Bitte Zugang einplanen.", IntentVendorAppointment, "", "sop#vendor-access"},
		// Special equipment has its own vendor; it is not covered IT.
		{"Wartet ihr auch die Steuerung unserer Drehmaschine?", IntentCoverage, VerdictVendor, "faq#lob-software"},
		{"Can you maintain the PLC of our bottling line under the contract?", IntentCoverage, VerdictVendor, "faq#lob-software"},
		{"Unser Ultraschallgerät meldet seit heute einen Fehler beim Speichern. Ist das bei euch abgedeckt?", IntentCoverage, VerdictVendor, "faq#lob-software"},
	} {
		r := c.Classify(tt.text)
		checkValid(t, tt.text, r)
		if r.Intent != tt.intent || r.Verdict != tt.verdict {
			t.Errorf("%q: got %s/%s, want %s/%s", tt.text, r.Intent, r.Verdict, tt.intent, tt.verdict)
			continue
		}
		if tt.source != "" && !slices.Equal(r.Sources, []string{tt.source}) {
			t.Errorf("%q: sources %v, want [%s]", tt.text, r.Sources, tt.source)
		}
	}
}

// TestClauseRoles checks which clauses count as background: their verdict concepts do not reach the
// message's verdict evidence, while what they say about who writes still reaches the intent.
func TestClauseRoles(t *testing.T) {
	c := testClassifier()
	for _, tt := range []struct {
		text    string
		absent  concept // must not be verdict evidence (background)
		present concept // must be verdict evidence (task)
	}{
		{"Hi, I'm the new office manager. Outlook keeps freezing on my laptop.", cMove, cOffice},
		{"Letztes Jahr habt ihr uns auf Microsoft 365 migriert. Jetzt synchronisiert OneDrive nicht mehr.", cMigrate, cOfficeWeak},
		{"Zur Info: wir eröffnen eventuell eine zweite Filiale. Der Virenscanner meldet Fehler.", cSite, cAV},
		{"We have two sites and 40 staff. The firewall drops the VPN every hour.", cSite, cNetDev},
		// Asked about, the plan is the topic.
		{"We might open a second site next year, would setting up its network be covered?", numConcepts, cSite},
		// Numbered items are topics, however plainly stated.
		{"1) Wir ziehen im Juni um. 2) Der Drucker im Flur ist kaputt.", numConcepts, cMove},
	} {
		d := c.analyse(tt.text, "", false)
		if tt.absent < numConcepts && d.task.has(tt.absent) {
			t.Errorf("%q: background concept %d counts as verdict evidence", tt.text, tt.absent)
		}
		if !d.task.has(tt.present) {
			t.Errorf("%q: task concept %d is missing from the verdict evidence", tt.text, tt.present)
		}
	}
	// An introduction still tells the intent who writes: the practice is the writer's own.
	if r := c.Classify("I'm the practice owner. Someone deleted the invoices folder, can you get it back from the backup?"); r.Intent != IntentCoverage || r.Verdict != VerdictExcluded {
		t.Errorf("introduction: got %s/%s, want coverage/excluded", r.Intent, r.Verdict)
	}
}

// TestMembershipAnswered: a question about the provider's membership of
// the MSPAlliance and its code of ethics is answered from the code (what
// it means for the client), in both languages; a certification the
// documents do not name is not placed there.
func TestMembershipAnswered(t *testing.T) {
	c := testClassifier()
	for _, text := range []string{
		"you're an MSPA member, aren't you? what does that actually get us?",
		"what does it mean for our company that you belong to the MSP Alliance",
		"Ihr seid doch in der MSPAlliance, oder? Was heißt das konkret für uns?",
		"Was bedeutet euer Ethikkodex als MSPA-Mitglied für uns als Kunden?",
	} {
		r := c.Classify(text)
		checkValid(t, text, r)
		if r.Intent != IntentPolicy || !slices.Equal(r.Sources, []string{"ethics#membership"}) || r.Unsure {
			t.Errorf("%q: got %s %v (unsure %v), want policy from ethics#membership", text, r.Intent, r.Sources, r.Unsure)
		}
	}
	for _, text := range []string{"are you ISO 27001 certified?", "Seid ihr nach ISO 27001 zertifiziert?"} {
		if r := c.Classify(text); slices.Contains(r.Sources, "ethics#membership") {
			t.Errorf("%q: answered from the membership: %v", text, r.Sources)
		}
	}
}
