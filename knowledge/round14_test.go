package knowledge

import "testing"

// TestInstallingWhatIsUnlicensed: installing the cracked copy another
// clause names is no project of its own, the software is the non-standard
// case; new laptops asked besides a cracked program stay a project (probe
// set BI).
func TestInstallingWhatIsUnlicensed(t *testing.T) {
	checkRound9(t, []round9Case{
		{"der azubi hat sich ne gecrackte version besorgt. könnt ihr die auf dem werkstatt pc installieren und dann auch mitbetreuen?",
			IntentCoverage, []Verdict{VerdictNoncompliant}, "sop#unlicensed"},
		{"Wir haben eine gecrackte Office-Version. Und könnt ihr uns drei neue Laptops installieren?",
			IntentCoverage, []Verdict{VerdictNoncompliant, VerdictProject}, "sop#unlicensed"},
	})
}

// TestTroubleAtABranchThatExists: the VPN tunnel to a branch office that
// keeps dropping is network care, not a new site; a new branch office's
// network stays a project (probe set BL).
func TestTroubleAtABranchThatExists(t *testing.T) {
	checkRound9(t, []round9Case{
		{"Hi, since Monday-ish our Sophos firewall keeps dropping the VPN tunnel to our branch office, usually around 3ish in the afternoon. Is fixing that covered by our managed service contract?",
			IntentCoverage, []Verdict{VerdictCovered}, "faq#network"},
		{"Is setting up a new branch office network covered or a project?", IntentCoverage, []Verdict{VerdictProject}, ""},
	})
}

// TestOneIncidentOneVerdict: devices a move takes along are the move's; a
// PC's symptoms beside its unsupported Windows are the non-standard case;
// a laptop that no longer boots because its SSD died is the hardware
// fault; a new laptop the client sees to themselves is no topic (probe
// set BN).
func TestOneIncidentOneVerdict(t *testing.T) {
	checkRound9(t, []round9Case{
		{"Wir ziehen im Frühjahr mit dem Büro zwei Straßen weiter. Server, Firewall, Switche und 12 Arbeitsplätze müssen abgebaut und im neuen Büro wieder aufgebaut werden. Ist das durch unseren Wartungsvertrag abgedeckt?",
			IntentCoverage, []Verdict{VerdictProject}, ""},
		{"An unserer CNC-Fräse hängt noch ein alter PC mit Windows 7, der Hersteller der Fräse bietet für die Steuerung nichts Neueres an. Der PC wird immer langsamer und zeigt Fehlermeldungen. Kümmert ihr euch darum im Rahmen vom Vertrag?",
			IntentCoverage, []Verdict{VerdictNoncompliant}, ""},
		{"Hi, the SSD in our sales manager's laptop died overnight and the laptop won't boot anymore. We'll sort out a new laptop ourselves, but can you get the files off the old drive? Is data recovery part of our managed service contract?",
			IntentCoverage, []Verdict{VerdictExcluded}, ""},
		// a move and a device that is broken keep both
		{"Wir ziehen nächsten Monat um. Außerdem ist die Firewall seit gestern ausgefallen. Was davon ist im Vertrag?",
			IntentCoverage, []Verdict{VerdictProject, VerdictCovered}, ""},
	})
}
