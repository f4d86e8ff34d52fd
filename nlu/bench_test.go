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
