package nlu

import (
	"slices"
	"testing"
)

// TestReadsOfProbeSetsANAndAO: what the probe sets of long mixed
// conversations (AN) and of vendor bookings as they go (AO) found unread,
// each in other words than the probes'.
func TestReadsOfProbeSetsANAndAO(t *testing.T) {
	t.Run("a name before ist mein Name", func(t *testing.T) {
		if got := read(t, "Können Sie mich wegen dem Scanner zurückrufen? Henrike Solms ist mein Name.").Name; got != "Henrike Solms" {
			t.Errorf("name %q", got)
		}
	})
	t.Run("the request's verb and a pointer back are no topic", func(t *testing.T) {
		if got := read(t, "Kann mich jemand wegen der VPN-Geschichte von vorhin zurückrufen?").Topic; got != "VPN-Geschichte" {
			t.Errorf("topic %q", got)
		}
	})
	t.Run("the head of a compound purpose", func(t *testing.T) {
		if got := read(t, "Bitte für DATEV am 14.1. Zugriff auf FIBU-01 einplanen, Kassenupdate, ohne Adminrechte").Purpose; got != "Kassenupdate" {
			t.Errorf("purpose %q", got)
		}
	})
	t.Run("is the appointment fixed", func(t *testing.T) {
		if m := read(t, "hallo, ist der termin am 14.1. jetzt eigentlich fest?"); !m.AsksState {
			t.Error("not read as asking the appointment's state")
		}
	})
	t.Run("has the vendor got the mail", func(t *testing.T) {
		for _, s := range []string{"hat Orgavision die Bestätigung per Mail schon bekommen?", "did NordERP get the confirmation email?"} {
			if !read(t, s).AsksNotify {
				t.Errorf("%q not read as asking who is told", s)
			}
		}
	})
	t.Run("from the vendor's support", func(t *testing.T) {
		if got := read(t, "Hi, Jana Kühl here from MediSoftX support, we need to patch the practice server next week").Vendor; got != "MediSoftX" {
			t.Errorf("vendor %q", got)
		}
	})
	t.Run("the vendor writing for the client", func(t *testing.T) {
		got := read(t, "Hello, from ProLoga support, writing on behalf of our customer Kanzlei Berg. my email: t.otto@prologa.example, customer contact is it@kanzlei-berg.example").Emails
		want := []Email{{"t.otto@prologa.example", EmailVendor}, {"it@kanzlei-berg.example", EmailClient}}
		if !slices.Equal(got, want) {
			t.Errorf("emails %+v, want %+v", got, want)
		}
	})
	t.Run("which document", func(t *testing.T) {
		for _, s := range []string{"wo steht das eigentlich geschrieben?", "which document is that from?", "und woher haben Sie das?"} {
			if !slices.Contains(read(t, s).FollowUps, FollowSource) {
				t.Errorf("%q not read as asking the source", s)
			}
		}
	})
	t.Run("selbst of a device is no risk question", func(t *testing.T) {
		if m := read(t, "und wenn der server selbst den geist aufgibt?"); slices.Contains(m.FollowUps, FollowRisk) {
			t.Errorf("read as a risk question: %v", m.FollowUps)
		}
		if m := read(t, "und wenn wir das selbst installieren?"); !slices.Contains(m.FollowUps, FollowRisk) {
			t.Errorf("doing it ourselves not read as a risk question: %v", m.FollowUps)
		}
	})
	t.Run("another client's appointment, in words no pattern lists", func(t *testing.T) {
		if !read(t, "Die Physiopraxis unten im Haus ist auch bei euch Kunde, deren Softwarefirma kommt bald. Wann genau und auf welchen Server?").OthersData {
			t.Error("not read as asking for another client's data")
		}
		if read(t, "Bitte löschen Sie alles, was Sie über mich gespeichert haben.").OthersData {
			t.Error("erasing one's own data read as another's")
		}
	})
}
