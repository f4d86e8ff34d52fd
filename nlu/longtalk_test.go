package nlu

import (
	"slices"
	"strings"
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

// TestReadsOfProbeSetsAPAndAQ: what the probe sets of awkward callbacks
// (AP) and protocols as people write them (AQ), and the rest of AO, found
// unread, in other words than the probes'.
func TestReadsOfProbeSetsAPAndAQ(t *testing.T) {
	cmd := func(s string, want ProtocolCmd) {
		t.Helper()
		if got := read(t, s).Protocol; got != want {
			t.Errorf("%q: protocol command %q, want %q", s, got, want)
		}
	}
	cmd("Hab alles durchgesehen, passt. Ich unterschreibe.", ProtoSign)
	cmd("Ich zeichne das ebenfalls ab.", ProtoSign)
	cmd("Von meiner Seite auch unterschrieben.", ProtoSign)
	cmd("Ich unterschreibe für Herrn Kuhn mit, der ist im Urlaub.", ProtoProxySign)
	cmd("Can I just sign on her behalf so we're done?", ProtoProxySign)
	cmd("Before I sign anything, can I read the full text as it stands?", ProtoShow)
	if m := read(t, "punkt 2 stimmt so nicht, das war von 10 bis 12 uhr"); m.Protocol != ProtoChange || m.ItemChange == nil || m.ItemChange.N != 2 ||
		!strings.Contains(m.ItemChange.To, "10 bis 12") {
		t.Errorf("item change %q %+v", m.Protocol, m.ItemChange)
	}
	for _, s := range []string{"gut so, kann raus zur Unterschrift", "passt, bitte zur Unterschrift stellen"} {
		if !read(t, s).Acts.Done {
			t.Errorf("%q not read as done", s)
		}
	}
	if read(t, "bitte noch nicht zur Unterschrift geben, da fehlt was").Acts.Done {
		t.Error("not yet read as done")
	}
	if !read(t, "Ich habe gestern mit dem Hersteller telefoniert, abgemacht ist ein Rabatt. Können Sie mir das hier im Chat kurz bestätigen?").OralAsk {
		t.Error("a phone agreement to be confirmed in chat not read")
	}
	if m := read(t, "kann mich jemand montag nach 19 uhr anrufen? gehts um den scanner im lager"); !m.Callback || m.Topic != "scanner im lager" {
		t.Errorf("callback %v, topic %q", m.Callback, m.Topic)
	}
	if got := read(t, "sorry, totaler Stress hier. Hauke Jensen, Jensen Logistik").BareName; got != "Hauke Jensen" {
		t.Errorf("bare name %q", got)
	}
	if !read(t, "und, wie sieht's aus mit unserem Rückruf?").Status {
		t.Error("status not read")
	}
	if got := read(t, "Bei uns ist seit heute früh das Netzwerk tot, bitte ruft mich zurück").Topic; !strings.Contains(got, "Netzwerk tot") {
		t.Errorf("topic %q", got)
	}
	if got := read(t, "our file server is down since about 8, can somebody phone me back?").Topic; !strings.Contains(got, "file server is down") {
		t.Errorf("topic %q", got)
	}
	if m := read(t, "mobile 0171 2223334, office 040 1234567 - mobile's better"); m.Phone == nil || m.Phone.E164 != "+491712223334" {
		t.Errorf("phone %+v", m.Phone)
	}
	if m := read(t, "am liebsten am Wochenende 14.3./15.3."); m.Phone != nil || m.When.Window == nil {
		t.Errorf("days read as a number: phone %+v, window %+v", m.Phone, m.When.Window)
	}
	if !read(t, "und wann könnt ihr dann frühestens?").EarliestWish {
		t.Error("earliest not read")
	}
	if !read(t, "bekommt der Techniker das Passwort für seinen Account per Mail?").VendorCredentials {
		t.Error("vendor credentials not read")
	}
	if read(t, "Wo krieg ich TeamViewer her, und was geb ich ihm dann, die ID und das Passwort?").VendorCredentials {
		t.Error("remote support read as vendor credentials")
	}
	if !read(t, "lovely, yes please").Acts.Yes {
		t.Error("lovely, yes please not read as yes")
	}
	if !read(t, "Können wir das auf den 20.3. schieben? Uhrzeit bleibt.").Reschedule {
		t.Error("auf den … schieben not read as moving")
	}
	if !read(t, "und der alte termin ist dann weg, oder?").AsksState {
		t.Error("the old appointment's state not read as asked")
	}
}

// TestReadsOfProbeSetsARAndAS: a busy team chat (AR) and the contract's
// grey zone (AS), in other words than the probes'.
func TestReadsOfProbeSetsARAndAS(t *testing.T) {
	// the emoji after it is no part of the topic
	if m := read(t, "wg scanner 🙄"); !m.TopicExplicit || m.Topic != "scanner" {
		t.Errorf("topic %q (explicit %v)", m.Topic, m.TopicExplicit)
	}
	if !read(t, "brauche nen Ruckruf, Mail geht nich").Callback {
		t.Error("Ruckruf without its umlaut not read as a callback")
	}
	if m := read(t, "ok, können wir auf deutsch weitermachen? mein englisch ist nicht so gut"); m.Lang != "de" || !m.LangShown {
		t.Errorf("language %q (shown %v)", m.Lang, m.LangShown)
	}
	if m := read(t, "please switch to English, thanks"); m.Lang != "en" {
		t.Errorf("language %q", m.Lang)
	}
	if !read(t, "und? wer ruft mich denn an?").Status {
		t.Error("who calls not read as a status question")
	}
	if m := read(t, "9.12. bin ich ooo, also erst 11.12. zw 10 u 11"); m.When.Window == nil || m.When.Window.Start.Day() != 11 || m.When.Window.Start.Hour() != 10 {
		t.Errorf("window %+v", m.When.Window)
	}
	if m := read(t, "am 11.12. bin ich auf einer Baustelle. Lieber am 12.12."); m.When.Window == nil || m.When.Window.Start.Day() != 12 {
		t.Errorf("window %+v", m.When.Window)
	}
	if !read(t, "need a call back asap, the whole office is offline").Urgent {
		t.Error("asap and the office offline not urgent")
	}
	if !read(t, "und, is der sage termin durch?").AsksState {
		t.Error("is the appointment through not read")
	}
	if m := read(t, "ok dann 21.12. 10-11"); m.Phone != nil || m.When.Window == nil {
		t.Errorf("a date and hours read as a number: %+v, window %+v", m.Phone, m.When.Window)
	}
	if m := read(t, "Unser ERP meldet seit heute früh Fehler 4711, und der Server, auf dem es läuft, hat die Platte voll. Was davon ist Ihr Job und was muss der Hersteller machen?"); m.VendorAsk == VendorNow {
		t.Error("a problem since this morning read as vendor access today")
	}
}
