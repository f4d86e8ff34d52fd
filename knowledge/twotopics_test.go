package knowledge

import (
	"slices"
	"testing"
)

// TestFlashingPartIsHardwareFault: a part whose status light flashes or glows red, amber or orange
// reports a hardware fault, which the contract excludes, as a failed, defective or broken one does;
// naming the server it sits in does not make it server maintenance.
func TestFlashingPartIsHardwareFault(t *testing.T) {
	c := testClassifier()
	for _, text := range []string{
		"One of the disks in the server's RAID is flashing red.",
		"one of the disks in the server's RAID is flashing red, is that covered?",
		"The drive in bay 3 of our server keeps blinking amber.",
		"A disk in the NAS is flashing orange since this morning.",
		"The power supply of the server is blinking red.",
		"Eine der Platten im Server blinkt seit heute früh rot.",
		"Im RAID des Servers leuchtet eine Festplatte rot, ist das im Vertrag?",
		// the other words for the same fault keep their reading
		"one of the disks in the server's RAID has failed",
		"the fan in the server is broken",
		"the RAM in our server is defective",
	} {
		r := c.Classify(text)
		checkValid(t, text, r)
		if r.Intent != IntentCoverage || r.Verdict != VerdictExcluded || len(r.Parts) > 0 || !slices.Contains(r.Sources, "faq#hardware") {
			t.Errorf("%q: got %s/%s parts %v sources %v, want excluded from faq#hardware alone", text, r.Intent, r.Verdict, r.Parts, r.Sources)
		}
	}
	// A light that flashes is no fault by itself, and a status shown red on a screen is no fault of a
	// part: the symptom words must not reach beyond the light of a part.
	for _, tt := range []struct {
		text string
		want Verdict
	}{
		{"The firewall keeps dropping our site-to-site VPN.", VerdictCovered},
		{"The backup job on the server shows red every morning, is that covered?", VerdictCovered},
	} {
		r := c.Classify(tt.text)
		if r.Intent != IntentCoverage || r.Verdict != tt.want {
			t.Errorf("%q: got %s/%s, want %s", tt.text, r.Intent, r.Verdict, tt.want)
		}
	}
}

// TestTwoTopicsJoinedByAnd: two clauses joined by "and"/"und" or a comma, each naming its own thing
// and its own trouble, are two topics – the firewall that drops the VPN is network support, the
// server's failing disk a hardware fault – also when the message ends with the general scope
// question. A fault of a device next to trouble of the network as a whole ("das Netz ist weg") stays
// one incident.
func TestTwoTopicsJoinedByAnd(t *testing.T) {
	c := testClassifier()
	for _, tt := range []struct {
		text    string
		want    []Verdict
		sources []string
	}{
		{"Two issues today: the firewall keeps dropping our site-to-site VPN, and one of the disks in the server's RAID is flashing red. What does the contract cover here?",
			[]Verdict{VerdictExcluded, VerdictCovered}, []string{"faq#hardware", "faq#network"}},
		{"The firewall keeps dropping our site-to-site VPN and one of the disks in the server's RAID is flashing red.",
			[]Verdict{VerdictExcluded, VerdictCovered}, []string{"faq#hardware", "faq#network"}},
		{"The firewall keeps dropping our VPN, and the fan in the server is broken. What does the contract cover here?",
			[]Verdict{VerdictExcluded, VerdictCovered}, []string{"faq#hardware", "faq#network"}},
		{"Die Firewall trennt ständig unser Site-to-Site-VPN, und im Server blinkt eine Festplatte rot. Was deckt der Vertrag da ab?",
			[]Verdict{VerdictExcluded, VerdictCovered}, []string{"faq#hardware", "faq#network"}},
		{"Der Router verliert dauernd die Verbindung, und das Netzteil vom Server ist defekt.",
			[]Verdict{VerdictExcluded, VerdictCovered}, []string{"faq#hardware"}},
		// one incident: the network is gone because the switch is faulty
		{"Der Switch blinkt orange, und das Netz ist weg.", []Verdict{VerdictExcluded}, []string{"faq#hardware"}},
	} {
		r := c.Classify(tt.text)
		checkValid(t, tt.text, r)
		if got := verdictsOf(r); r.Intent != IntentCoverage || !slices.Equal(got, tt.want) {
			t.Errorf("%q: got %s %v %v, want coverage %v", tt.text, r.Intent, got, r.Sources, tt.want)
			continue
		}
		for _, id := range tt.sources {
			if !slices.Contains(r.Sources, id) {
				t.Errorf("%q: sources %v lack %s", tt.text, r.Sources, id)
			}
		}
	}
}
