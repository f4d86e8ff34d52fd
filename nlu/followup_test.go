package nlu

import (
	"slices"
	"testing"
)

func TestReadFollowUps(t *testing.T) {
	tests := []struct {
		text string
		want []FollowUp
	}{
		{"warum?", []FollowUp{FollowWhy}},
		// probe set AA: who makes the call, asked as "wir oder ihr"
		{"Und wer ruft jetzt bei microtech an, wir oder ihr?", []FollowUp{FollowOrder}},
		{"so who calls the vendor then, us or you?", []FollowUp{FollowOrder}},
		{"Wieso ist das nicht drin?", []FollowUp{FollowWhy}},
		{"why not? we pay every month", []FollowUp{FollowWhy}},
		{"Echt jetzt? Das Backup ist doch bei euch im Vertrag", []FollowUp{FollowWhy}},
		{"Unser Chef hat gesagt, das ist ok", []FollowUp{FollowWhy}},
		// an emergency asks about urgency, not the risk of ignoring advice
		// (probe set F: answered with the code of conduct's risk rule)
		{"And if it's an emergency? The front desk literally can't book patients right now.", nil},
		{"was kostet das?", []FollowUp{FollowCost}},
		{"what's your hourly rate?", []FollowUp{FollowCost}},
		{"wer zahlt das dann?", []FollowUp{FollowCost}},
		{"wie schnell seid ihr?", []FollowUp{FollowSpeed}},
		{"how soon can someone come?", []FollowUp{FollowSpeed}},
		{"und wenn wir das nicht machen?", []FollowUp{FollowRisk}},
		{"what happens if we ignore it?", []FollowUp{FollowRisk}},
		{"Was passiert denn, wenn wir das einfach so lassen?", []FollowUp{FollowRisk}},
		{"honestly, what's the worst that can happen?", []FollowUp{FollowRisk}},
		{"ja oder nein?", []FollowUp{FollowYesNo}},
		{"jetzt mal ganz konkret, ja oder nein? mein chef will ne klare ansage", []FollowUp{FollowYesNo}},
		{"wo kann ich das nachlesen?", []FollowUp{FollowFindOut}},
		{"what does SLA mean?", []FollowUp{FollowDefine}},
		{"was bedeutet SLA?", []FollowUp{FollowDefine}},
		{"wie läuft das ab?", []FollowUp{FollowHow}},
		{"was deckt der Vertrag ab?", []FollowUp{FollowScope}},
		{"what does our contract cover?", []FollowUp{FollowScope}},
		{"Können wir das trotzdem beauftragen?", []FollowUp{FollowOrder}},
		// having it done anyway, in other words (probe set F)
		{"Könnt ihr den trotzdem für uns austauschen?", []FollowUp{FollowOrder}},
		{"could you replace it anyway?", []FollowUp{FollowOrder}},
		// probe set AG: a replacement bought through the provider
		{"Alright. Can you get us a replacement then?", []FollowUp{FollowOrder}},
		{"Könnt ihr uns eine neue besorgen?", []FollowUp{FollowOrder}},
		// probe set M: after "that is the vendor's", who to turn to
		{"ok so who do I contact then?", []FollowUp{FollowOrder}},
		{"An wen wende ich mich dann?", []FollowUp{FollowOrder}},
		{"Wen soll ich denn da anrufen?", []FollowUp{FollowOrder}},
		{"And who would actually do the recovery then?", []FollowUp{FollowOrder}},
		// several kinds, the most specific first
		{"na gut, dann machen Sie es halt, wie schnell geht das?", []FollowUp{FollowSpeed, FollowOrder}},
		// none
		{"Der Drucker druckt nicht", nil},
		{"Bitte um Rückruf", nil},
		// Reported: "ist doch" with a new value corrects it; it asks no why.
		{"die Nummer ist doch 0171 2345678", nil},
	}
	for _, tt := range tests {
		if got := read(t, tt.text).FollowUps; !slices.Equal(got, tt.want) {
			t.Errorf("Read(%q).FollowUps = %q, want %q", tt.text, got, tt.want)
		}
	}
	m := read(t, "na gut, dann machen Sie es halt, wie schnell geht das?")
	if !m.Asks(FollowOrder) || !m.Asks(FollowSpeed) || m.Asks(FollowCost) {
		t.Errorf("Asks of %q: %q", m.Text, m.FollowUps)
	}
}

// TestReadPointsBack: a short question that points back at what was said
// before (probe set F).
func TestReadPointsBack(t *testing.T) {
	for text, want := range map[string]bool{
		"Wie finde ich denn raus, ob das bei uns drinsteht?": true,
		"Was passiert denn, wenn wir das einfach so lassen?": true,
		"is it covered then?":                                true,
		"Wie lange dauert ein Rückruf normalerweise?":        false,
		"und der Drucker?":                                   false, // continues, the stronger sign
		"Ist das Einspielen von Windows-Updates auf unseren Servern, Desktops und Notebooks im Vertrag enthalten oder nicht so ganz?": false,
	} {
		if got := read(t, text).PointsBack; got != want {
			t.Errorf("Read(%q).PointsBack = %v, want %v", text, got, want)
		}
	}
}

func TestReadContinues(t *testing.T) {
	for text, want := range map[string]bool{
		"und der Drucker?":               true,
		"Und was ist mit dem Scanner?":   true,
		"aber das Backup schon, oder?":   true,
		"ok und wer macht das dann?":     true,
		"and what about the printer?":    true,
		"Der Drucker druckt nicht":       false,
		"Unser Server ist down":          false,
		"  , und wenn wir es nicht tun?": true,
	} {
		if got := read(t, text).Continues; got != want {
			t.Errorf("Read(%q).Continues = %v, want %v", text, got, want)
		}
	}
}

// TestReadNewSubject: a follow-up that names a subject of its own is a new
// question (probe sets F and H: "Und der Druckertreiber …?" after a
// hardware answer kept the hardware verdict).
func TestReadNewSubject(t *testing.T) {
	for text, want := range map[string]bool{
		"Und der Druckertreiber auf den PCs, der seit dem letzten Windows-Update verschwunden ist?": true,
		"Und die Windows-Updates auf dem Laptop, macht ihr die?":                                    true,
		"What about setting up a new mailbox for our new colleague?":                                true,
		"and our printers?":                    true,
		"Und was ist mit dem Scanner?":         true,
		"und das kostet dann extra?":           false, // "das" is no subject
		"und wenn wir es selbst installieren?": false,
		"und was kostet das?":                  false, // a follow-up kind
		"Der Drucker druckt nicht":             false,
	} {
		if got := read(t, text).NewSubject; got != want {
			t.Errorf("Read(%q).NewSubject = %v, want %v", text, got, want)
		}
	}
}
