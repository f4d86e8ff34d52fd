package nlu

import (
	"slices"
	"testing"
	"time"
)

// TestDigitsFix: an extension or the last digits corrected in words
// replace the end of the number given, in either order (probe set AT).
func TestDigitsFix(t *testing.T) {
	for _, text := range []string{
		"ach nee, die Durchwahl ist -23 nicht -32, sorry",
		"Durchwahl nicht 32, sondern 23",
		"the extension is 23, not 32",
		"die letzten beiden Ziffern sind 23 und nicht 32",
	} {
		m := read(t, text)
		if m.DigitsFix == nil || m.DigitsFix.Old != "32" || m.DigitsFix.New != "23" || m.Phone != nil {
			t.Errorf("%q: DigitsFix %+v, phone %v; want 32 → 23 and no number", text, m.DigitsFix, m.Phone)
		}
	}
	for _, text := range []string{"Durchwahl 23", "die Durchwahl ist 23 nicht 234", "nicht 14, sondern 15 Uhr"} {
		if m := read(t, text); m.DigitsFix != nil {
			t.Errorf("%q: DigitsFix %+v, want none", text, m.DigitsFix)
		}
	}
}

// TestShift: "eine Stunde früher", "an hour earlier" move the time said
// before; they are no length (probe set AU).
func TestShift(t *testing.T) {
	for _, tt := range []struct {
		text string
		want time.Duration
	}{
		{"Could we make it an hour earlier?", -time.Hour},
		{"geht auch eine Stunde früher?", -time.Hour},
		{"lieber eine halbe Stunde später", 30 * time.Minute},
		{"30 Minuten später bitte", 30 * time.Minute},
		{"zwei Stunden früher ginge auch", -2 * time.Hour},
		{"Das Update dauert eine Stunde.", 0},
	} {
		m := read(t, tt.text)
		if m.Shift != tt.want {
			t.Errorf("%q: Shift %v, want %v", tt.text, m.Shift, tt.want)
		}
		if tt.want != 0 && m.When.Duration != nil {
			t.Errorf("%q: read as a length %v", tt.text, m.When.Duration)
		}
	}
}

// TestTimeBeforeClosingAndWeekend: "bevor wir um 16 Uhr zumachen" ends
// the window at 16:00; a wish for the weekend is the coming Saturday, a
// weekend reported is none (probe sets AT, AV).
func TestTimeBeforeClosingAndWeekend(t *testing.T) {
	for _, text := range []string{"Mittwoch, aber bevor wir um 16 Uhr zumachen", "Wednesday, but before we close at 4pm"} {
		w := read(t, text).When.Window
		if w == nil || w.End.Hour() != 16 || w.Start.Weekday() != time.Wednesday {
			t.Errorf("%q: window %+v, want Wednesday until 16:00", text, w)
		}
	}
	for _, text := range []string{"Ich kann aber nur am Wochenende.", "only at the weekend please"} {
		w := read(t, text).When.Window
		if w == nil || w.Start.Weekday() != time.Saturday {
			t.Errorf("%q: window %+v, want Saturday", text, w)
		}
	}
	w := read(t, "Am Wochenende ist der Server ausgefallen, bitte morgen anrufen").When.Window
	if w == nil || w.Start.Weekday() != time.Wednesday {
		t.Errorf("a weekend reported: window %+v, want tomorrow (Wednesday)", w)
	}
}

// TestWhoAndWhatAreApart: the provider's own technician is no vendor, the
// people "von MediFox" are, "Ob die Adminrechte brauchen, weiß ich nicht"
// asks for none while "keine Ahnung warum" still wants them, and
// "Administrative Rechte werden nicht benötigt" needs none (probe sets AT,
// AU, AV).
func TestWhoAndWhatAreApart(t *testing.T) {
	if m := read(t, "ok gut. euer techniker meinte am tel dass platte 1 im server SMART fehler wirft. fehlersuche an der platte auch im vertrag?"); m.VendorAsk != VendorNone {
		t.Errorf("the provider's technician: VendorAsk %q, want none", m.VendorAsk)
	}
	m := read(t, "Hallo, die von MediFox haben angerufen, die müssen auf unseren Server SRV-PFLEGE-01, wegen einem Update. Dauert so 2 Stunden.")
	if m.Vendor != "MediFox" || m.VendorAsk != VendorBooking {
		t.Errorf("die von MediFox: vendor %q, ask %q", m.Vendor, m.VendorAsk)
	}
	for _, tt := range []struct {
		text string
		want Admin
	}{
		{"Ob die Adminrechte brauchen, weiß ich nicht, davon haben die nix gesagt.", AdminNo},
		{"Er will Adminrechte, keine Ahnung warum.", AdminYes},
		{"They want admin rights, no idea why.", AdminYes},
		{"Administrative Rechte werden nicht benötigt.", AdminNo},
	} {
		if got, _, _ := readAdmin(tt.text); got != tt.want {
			t.Errorf("%q: admin %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestCallbackWords: who the person to call is, when they can be reached
// and the writer's role are no topic; "It concerns …" announces one; a
// firm word before a surname is no name; "Korrektur:" corrects no name
// (probe sets AS, AT, AU, AV).
func TestCallbackWords(t *testing.T) {
	m := read(t, "Hallo, bitte Ruckruf fur meine Kollegin Sandra Kuhn (nicht fur mich), die kummert sich bei uns um die EDV")
	if m.Name != "Sandra Kuhn" || m.Topic != "" {
		t.Errorf("callee described: name %q topic %q", m.Name, m.Topic)
	}
	m = read(t, "Jens Kowalski hier. Der Rechner im Dienstzimmer macht komische Geräusche. Kann mich einer anrufen? Ich bin ab 20 Uhr im Dienst, tagsüber schlaf ich meistens.")
	if m.Topic != "Der Rechner im Dienstzimmer macht komische Geräusche" {
		t.Errorf("availability in the topic: %q", m.Topic)
	}
	m = read(t, "My name is Pieter van den Berg. Could you call me back on Thursday between 10 and 12? It concerns the site-to-site VPN, which has dropped several times.")
	if !m.TopicExplicit || m.Topic != "site-to-site VPN, which has dropped several times" {
		t.Errorf("It concerns: topic %q explicit %v", m.Topic, m.TopicExplicit)
	}
	if m := read(t, "Rückruf bitte: Dr. Martina Seidel, Praxis Seidel, 04104 69 33 21"); m.Name != "Dr. Martina Seidel" {
		t.Errorf("name beside the practice: %q", m.Name)
	}
	if m := read(t, "Korrektur: lieber zwischen 9 und 11 Uhr, um 8 habe ich Sprechstunde."); m.NameFix != "" {
		t.Errorf("Korrektur read as a name: %q", m.NameFix)
	}
	if m := read(t, "Hi, I run the little bike shop on Osterstraße and the PC at our till keeps losing its network connection. Could someone call me back?"); m.Topic == "" {
		t.Error("a long clause after \"I run\" lost its problem")
	}
	if m := read(t, "Hallo, hier ist Monika Albrecht vom Pflegedienst Sonnenschein. Das Internet geht nicht."); !m.IntroducesWriter || m.Name != "Monika Albrecht" {
		t.Errorf("self-introduction: name %q introduces %v", m.Name, m.IntroducesWriter)
	}
	if m := read(t, "Bitte Rückruf für meine Kollegin Sandra Kuhn"); m.IntroducesWriter {
		t.Error("a colleague to call read as the writer")
	}
}

// TestAsksAboutWhatWasArranged: the reference, the time of the call, who
// is told and what was agreed, in other words (probe sets AU, AV).
func TestAsksAboutWhatWasArranged(t *testing.T) {
	if m := read(t, "Können Sie mir die Vorgangsnummer noch einmal nennen, damit ich sie im Kalender vermerken kann?"); !m.AsksReference {
		t.Error("Vorgangsnummer nennen: no reference asked")
	}
	if m := read(t, "Sagen Sie mir nochmal, wann genau Sie mich jetzt anrufen?"); !m.AsksWhenCalled {
		t.Error("wann genau Sie mich jetzt anrufen: not read")
	}
	m := read(t, "Können Sie mir nochmal sagen, was jetzt ausgemacht ist? Und kriegt MediFox das auch mitgeteilt?")
	if !m.AsksNotify || !m.AsksNoted {
		t.Errorf("ausgemacht / mitgeteilt: notify %v noted %v", m.AsksNotify, m.AsksNoted)
	}
	if m := read(t, "Gut, dann nehmen wir Ihren ersten Vorschlag."); m.Acts.Pick != 1 {
		t.Errorf("Ihren ersten Vorschlag: pick %d", m.Acts.Pick)
	}
	if m := read(t, "Same for the second server, GIS-NL2, on the same day from 1pm to 3pm."); !m.SameFor || m.System != "GIS-NL2" {
		t.Errorf("same for: %v system %q", m.SameFor, m.System)
	}
	if m := read(t, "Ach herrje. Und was mach ich jetzt?"); !slices.Contains(m.FollowUps, FollowOrder) {
		t.Errorf("was mach ich jetzt: follow-ups %v", m.FollowUps)
	}
}

// TestOrgsAndReadBack: another organisation's name is kept, the writer's
// own ("vom Pflegedienst Sonnenschein") is not; "Lesen Sie mir vor, was da
// drinsteht" shows the protocol; a date's dot before the sentence's ends
// the new value (probe set AV).
func TestOrgsAndReadBack(t *testing.T) {
	m := read(t, "Hier ist Monika vom Pflegedienst Sonnenschein. Ich hab gehört, ihr betreut auch den Pflegedienst Lindenhof. Stimmt das?")
	if !slices.Equal(m.Orgs, []string{"Lindenhof"}) {
		t.Errorf("orgs %v, want [Lindenhof]", m.Orgs)
	}
	if m := read(t, "wir prüfen eine Arbeitsgemeinschaft mit dem Ingenieurbüro Planwerk Nord, das ebenfalls von Ihnen betreut wird. Ich wüsste gern, welche Backup-Systeme dort laufen."); !m.OthersData {
		t.Error("another client's systems asked for: not refused")
	}
	if m := read(t, "Lesen Sie mir bitte nochmal vor, was da jetzt drinsteht."); m.Protocol != ProtoShow {
		t.Errorf("read back: %q", m.Protocol)
	}
	if m := read(t, "Was steht im Vertrag zu Backups?"); m.Protocol == ProtoShow {
		t.Error("a question about the contract read as showing a protocol")
	}
	if c := read(t, "Der Aufbau ist nicht am 21.12., sondern am 23.12.. Der Rest stimmt.").Replacement; c == nil || c.To != "23.12." || c.Not != "21.12." {
		t.Errorf("replacement %+v, want 21.12. → 23.12.", c)
	}
}

// TestSecondRoundWords: words from probe sets AW, AX and AY.
func TestSecondRoundWords(t *testing.T) {
	if p := read(t, "Tel. 0431-55667-0, DW 23").Phone; p == nil || p.E164 != "+494315566723" {
		t.Errorf("switchboard and extension: %+v, want +494315566723", p)
	}
	m := read(t, "- Rückruf f. unsere Filialleiterin Kiel, Fr. Jana Petersen, Tel. 0431-55667-0, DW 23, am 9.12. ab 14h.")
	if m.Name != "Frau Jana Petersen" {
		t.Errorf("the person after the place: %q", m.Name)
	}
	m = read(t, "Korrektur: der Rückruf für Fr. Jürgensen (HH) kann raus, Terminal läuft wieder.")
	if !m.TicketCancel || m.When.Window != nil {
		t.Errorf("kann raus: cancel %v, window %+v (Fr. is no Friday here)", m.TicketCancel, m.When.Window)
	}
	if w := read(t, "Fr. 14h ginge").When.Window; w == nil || w.Start.Weekday() != time.Friday {
		t.Errorf("Fr. 14h: %+v, want Friday", w)
	}
	if w := read(t, "Planänderung: bin am 9.12. doch in Kiel. Bitte stattdessen 11.12. zw. 10 u. 12.").When.Window; w == nil || w.Start.Day() != 11 || w.Start.Hour() != 10 {
		t.Errorf("the day away ruled out: %+v, want 11.12. 10–12", w)
	}
	if n, ok := bareName("Birte Hansen (Betriebsleitung)"); !ok || n != "Birte Hansen" {
		t.Errorf("name with the role in brackets: %q %v", n, ok)
	}
	for text, want := range map[string]string{
		"Guten Tag. Der Support von RA-MICRO muss für das Quartalsupdate auf unseren Server SRV-KANZLEI-01.": "RA-MICRO",
		"hallo! Magellan (schulverwaltung) muss auf unseren server":                                          "Magellan",
	} {
		if m := read(t, text); m.Vendor != want || m.VendorAsk != VendorBooking {
			t.Errorf("%q: vendor %q ask %q, want %s booking", text, m.Vendor, m.VendorAsk, want)
		}
	}
	if m := read(t, "so if WaWiNord has to get onto the server to fix it, can they just log in tomorrow?"); m.VendorAsk == VendorBooking {
		t.Error("can they just log in tomorrow: read as a booking")
	}
	if m := read(t, "Update: der Hersteller könnte schon am 10.12. Können wir den Termin vorziehen?"); !m.Reschedule {
		t.Error("vorziehen: no move read")
	}
	if m := read(t, "Und? Ruft mich jetzt jemand an? It's been 15 minutes."); !m.Status || m.Callback {
		t.Errorf("ruft mich jetzt jemand an: status %v callback %v", m.Status, m.Callback)
	}
	if m := read(t, "Ist die Vereinbarung damit jetzt verbindlich?"); m.Protocol != ProtoStatus {
		t.Errorf("Vereinbarung verbindlich: %q", m.Protocol)
	}
	if m := read(t, "costs?"); !slices.Contains(m.FollowUps, FollowCost) {
		t.Errorf("costs?: %v", m.FollowUps)
	}
	for _, tt := range []struct {
		text string
		got  func(*Message) bool
	}{
		{"Können Sie mir das schriftlich bestätigen?", func(m *Message) bool { return m.AsksWrittenConfirm }},
		{"Und noch einer, separat: Filiale HL, Hr. Sönke Brandt, Tel. 0451-12345-0, DW 17", func(m *Message) bool { return m.AnotherOne }},
		{"ok, dann bleibt's beim 23.12. wie gebucht.", func(m *Message) bool { return m.KeepsAsIs }},
		{"is der jetzt weg?", func(m *Message) bool { return m.AsksGone }},
		{"und wenn die nur am pc im sekretariat was zeigen?", func(m *Message) bool { return m.DeskHelp }},
		{"dann nur die adresse??", func(m *Message) bool { return m.AsksContactData }},
		{"ok sorry 😅", func(m *Message) bool { return m.Social == SocialApology }},
		{"hallo, brauch die handynr von den eltern von max schneider aus der 3a", func(m *Message) bool { return m.OthersData }},
		{"bin doch im vorstand vom förderverein", func(m *Message) bool { return m.PushesBack }},
		{"Ich brauche die Telefonnummer von eurer Hotline", func(m *Message) bool { return !m.OthersData }},
	} {
		if !tt.got(read(t, tt.text)) {
			t.Errorf("%q: not read as expected", tt.text)
		}
	}
}

// TestThirdRoundWords: words from probe sets AZ, BA and BB.
func TestThirdRoundWords(t *testing.T) {
	for text, want := range map[string]string{
		"kann die chefin mal nen rückrufe kriegen also dr anke meyer selbst auf ihrem handy 0171 4455667":          "Dr. Anke Meyer",
		"moin jutta behrens von der praxis dr meyer, das kartenterminal liest nix mehr, unter 040 4711 2233 bitte": "Jutta Behrens",
	} {
		if m := read(t, text); m.Name != want {
			t.Errorf("%q: name %q, want %q", text, m.Name, want)
		}
	}
	for text, want := range map[string]FollowUp{
		"jo und wenn ihr die walze trotzdem tauschen sollt geht das":          FollowOrder,
		"was heißt das denn dann konkret für uns":                             FollowRisk,
		"What exactly do you bill on top of the monthly managed-service fee?": FollowScope,
		"Was ist eigentlich nicht im Vertrag enthalten?":                      FollowScope,
	} {
		if m := read(t, text); !slices.Contains(m.FollowUps, want) {
			t.Errorf("%q: follow-ups %v, want %s", text, m.FollowUps, want)
		}
	}
	if m := read(t, "moin is das mit dampsoft jetzt durch?"); m.VendorAsk != VendorStatus {
		t.Errorf("jetzt durch: %q", m.VendorAsk)
	}
	if WeakReason("der dienst sich beim installieren neu registrieren muss sagt er") || !WeakReason("keine ahnung, sagt er") {
		t.Error("a reason reported with \"sagt er\" is a reason; \"keine Ahnung\" is none")
	}
	if w := read(t, "ach nee, nich ab 14 sondern schon ab 13 uhr, die brauchen 3 stunden").When.Window; w == nil || w.Start.Hour() != 13 {
		t.Errorf("the hour denied before sondern: %+v", w)
	}
	if m := read(t, "moin der dampsoft mensch meinte wir können das mit dem serverumzug doch einfach mündlich ausmachen, reicht das bei euch nich?"); !m.OralAsk {
		t.Error("mündlich ausmachen, reicht das: no oral agreement asked about")
	}
	if m := read(t, "Müssen wir das Planungsgespräch eigentlich protokollieren, oder reicht die mündliche Absprache im Teams-Call?"); !m.OralAsk || m.Protocol == ProtoStart {
		t.Errorf("a question whether to record it: oral %v protocol %q", m.OralAsk, m.Protocol)
	}
	if m := read(t, "jo dann mach mal n protokoll auf für das gespräch von heute"); m.Protocol != ProtoStart {
		t.Errorf("mach n protokoll auf: %q", m.Protocol)
	}
	if m := read(t, "Put that in writing for me, I need it for the budget file."); m.Protocol != ProtoNone || !m.AsksWrittenConfirm {
		t.Errorf("in writing: protocol %q written %v", m.Protocol, m.AsksWrittenConfirm)
	}
	if !read(t, "Ich habe den Vertrag gefunden: Der SQL-Server ist darin ausdrücklich aufgeführt.").Resolved {
		t.Error("named in the contract: not read")
	}
	if p := read(t, "My number is +1 617 555 0142 - actually no, I'm in Hamburg all week, use my German mobile 0172 4455667.").Phone; p == nil || p.E164 != "+491724455667" {
		t.Errorf("the number after \"actually no\": %+v", p)
	}
	if m := read(t, "bitte um Rückruf wegen MFA-Reset, die Authenticator-App muss neu registriert werden"); m.Vendor != "" || m.VendorAsk != VendorNone {
		t.Errorf("a passive is no vendor: %q %q", m.Vendor, m.VendorAsk)
	}
}
