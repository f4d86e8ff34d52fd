package nlu

import "testing"

// BenchmarkRead measures one message's whole reading: the classifier and
// every extractor, on a mix of the messages clients write (a long
// callback request, a vendor booking in one go, a follow-up, a protocol
// block). Per message, not per batch: this is the cost each turn adds.
func BenchmarkRead(b *testing.B) {
	r := testReader(b)
	msgs := []string{
		"Guten Tag, Holger Brinckmann hier, Glaserei in Wedel. Bitte rufen Sie mich am Mittwoch zwischen halb neun und halb zehn an, 0172 4410 839. Die zwei PCs in unserer Werkstatt kriegen seit dem Stromausfall kein Netzwerk mehr.",
		"Hi, please schedule DATEV on our server fin-srv-01 for Monday, 21 December, 2pm to 4pm - they need to install the yearly tax tables update. No admin rights needed. DATEV: partner-support@datev.example, me: accounts@hotel.example",
		"und was kostet das dann?",
		"Titel: Update CAS\nDatum: 15.12.2026 16:00\nUnterzeichner: ich und @cas\nEntscheidung: Update am 22.12. von 13 bis 16 Uhr",
		"ja passt",
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if m := r.Read(msgs[i%len(msgs)], testNow); m == nil {
			b.Fatal("nil message")
		}
	}
}

// coverageQuestions are the questions of mspbot-load's coverage phase
// (cmd/mspbot-load): the reading most messages of a busy bot get.
var coverageQuestions = []string{
	"Ist das Einspielen von Windows-Updates auf unseren Servern im Vertrag enthalten?",
	"Mein Monitor ist kaputt, wird der im Rahmen des Vertrags ersetzt?",
	"Is setting up a new branch office network covered or a project?",
	"Können Sie gelöschte Dateien von letzter Woche wiederherstellen? Ist das inklusive?",
	"Is Exchange server maintenance part of our contract?",
	"Wer kümmert sich um Fehler in unserer Warenwirtschaft?",
	"Our antivirus shows warnings on three laptops, is that included?",
	"Wir nutzen eine Office-Version ohne Lizenz, helfen Sie trotzdem?",
}

// BenchmarkReadCoverage measures the reading of a coverage question, the
// load test's closed loop.
func BenchmarkReadCoverage(b *testing.B) {
	r := testReader(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if m := r.Read(coverageQuestions[i%len(coverageQuestions)], testNow); m == nil {
			b.Fatal("nil message")
		}
	}
}

// BenchmarkPrefilter measures finding the literals of all patterns in a
// message (one walk through the trie) and asking every pattern whether it
// can match.
func BenchmarkPrefilter(b *testing.B) {
	lits.Lock()
	all := append([]*litRE(nil), lits.all...)
	lits.Unlock()
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		low := remember(fold(coverageQuestions[i%len(coverageQuestions)]))
		for _, re := range all {
			re.window(low)
		}
	}
}
