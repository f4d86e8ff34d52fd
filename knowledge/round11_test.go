package knowledge

import "testing"

// TestApplicationOnTheServerIsItsPurpose: "ein SQL-Server, auf dem unsere
// Warenwirtschaft läuft" is the special server, described by what runs on
// it; the application itself named as the subject stays the vendor's
// (probe set AN).
func TestApplicationOnTheServerIsItsPurpose(t *testing.T) {
	checkRound9(t, []round9Case{
		{"Wir haben einen SQL-Server, auf dem unsere Lohnbuchhaltung läuft. Wenn der spinnt, kümmert ihr euch?",
			IntentCoverage, []Verdict{VerdictContract}, "faq#special-servers"},
		{"we run an SQL box on which our ERP runs - if it misbehaves, is that you?",
			IntentCoverage, []Verdict{VerdictContract}, "faq#special-servers"},
		{"Unsere Warenwirtschaft, die auf dem SQL-Server läuft, stürzt dauernd ab. Macht ihr das?",
			IntentCoverage, []Verdict{VerdictVendor}, "faq#lob-software"},
	})
}

// TestContractTermsAreNotGuessed: terms the documents do not state (notice
// period, how long backups are kept, liability) are said to be in the
// client's contract, with no verdict; work on the backup's retention asked
// as coverage stays a coverage question (probe set AN).
func TestContractTermsAreNotGuessed(t *testing.T) {
	checkRound9(t, []round9Case{
		{"Mal was anderes: Welche Kündigungsfrist hat unser Vertrag eigentlich?", IntentOutOfScope, nil, "faq#contract-terms"},
		{"how many days back could you restore our file server if we had to?", IntentOutOfScope, nil, "faq#contract-terms"},
		{"Wer haftet eigentlich, wenn euer Techniker bei uns was beschädigt?", IntentOutOfScope, nil, "faq#contract-terms"},
		{"Könnt ihr die Aufbewahrungszeit unserer Sicherung auf 60 Tage erhöhen? Ist das im Vertrag?",
			IntentCoverage, []Verdict{VerdictCovered}, ""},
	})
}

// TestDeviceGoingUpInSmoke: "abrauchen" is a hardware failure, also
// after the device is called "die Kiste" (probe set AN).
func TestDeviceGoingUpInSmoke(t *testing.T) {
	checkRound9(t, []round9Case{
		{"und wenn die kiste abraucht, netzteil hin?", IntentCoverage, []Verdict{VerdictExcluded}, "faq#hardware"},
		{"Bei unserem NAS ist gestern das Netzteil abgeraucht. Tauscht ihr das?", IntentCoverage, []Verdict{VerdictExcluded}, "faq#hardware"},
	})
}

// TestQuotedNameIsNoTopic: a folder's name in quotes ("den Ordner
// 'Angebote 2024'") names no topic; getting it back from the backup is
// data recovery (probe set AS).
func TestQuotedNameIsNoTopic(t *testing.T) {
	checkRound9(t, []round9Case{
		{"Ein Kollege hat den Ordner 'Projekte Neubau' auf dem Laufwerk gelöscht. Holt ihr den aus der Sicherung zurück, ist das im Vertrag?",
			IntentCoverage, []Verdict{VerdictExcluded}, "faq#data-recovery"},
		{"Someone deleted the folder \"Training 2025\" from the share. Can you restore it from last night's backup under the contract?",
			IntentCoverage, []Verdict{VerdictExcluded}, "faq#data-recovery"},
	})
}
