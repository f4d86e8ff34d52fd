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
