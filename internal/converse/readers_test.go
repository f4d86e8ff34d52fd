package converse

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// The reader cases of converse.py --self-test, and more.

func TestParseWindow(t *testing.T) {
	today := d(2026, 12, 6)
	for _, c := range []struct {
		in   string
		want window
	}{
		{"Montag, 07.12., 09:00–11:00 Uhr", window{day: d(2026, 12, 7), from: "09:00", to: "11:00"}},
		{"Wednesday 9 Dec, 08:00–12:00", window{day: d(2026, 12, 9), from: "08:00", to: "12:00"}},
		{"Montag, 04.01., 09:00–11:00 Uhr (2027)", window{day: d(2027, 1, 4), from: "09:00", to: "11:00"}},
		{"12 regelmäßige Termine ab Montag, 04.01., 09:00–11:00 Uhr (2027)", window{day: d(2027, 1, 4), from: "09:00", to: "11:00"}},
		{"so bald wie möglich", window{asap: true}},
		{"am 7. März um 9:30", window{day: d(2027, 3, 7), from: "09:30"}}, // more than 60 days back: next year
		{"2026-12-24 10:00", window{day: d(2026, 12, 24), from: "10:00"}},
		{"4.1. 9:00", window{day: d(2027, 1, 4), from: "09:00"}},
		{"31.02.", window{}},
	} {
		if got := parseWindow(c.in, today); got != c.want {
			t.Errorf("parseWindow(%q) = %+v, want %+v", c.in, got, c.want)
		}
	}
}

func TestPhoneMatches(t *testing.T) {
	for _, c := range []struct {
		want, shown string
		ok          bool
	}{
		{"+494069645099", "040 69645099", true},
		{"+494069645099", "+49 40 696 450 99", true},
		{"+447911123456", "+44 7911 123456", true},
		{"+494069645099", "040 6964509", false},
		{"+494069645099", "0049 40 69645099", true},
		{"+494069645099", "", false},
	} {
		if got := phoneMatches(c.want, c.shown); got != c.ok {
			t.Errorf("phoneMatches(%q, %q) = %v", c.want, c.shown, got)
		}
	}
}

func TestDayMatcher(t *testing.T) {
	today := d(2026, 12, 6)
	for _, c := range []struct {
		spec string
		day  time.Time
		ok   bool
	}{
		{"+1 workday", d(2026, 12, 7), true},
		{"Wed", d(2026, 12, 9), true},
		{"Wed", d(2026, 12, 10), false},
		{"Mittwoch", d(2026, 12, 16), true},
		{"+2", d(2026, 12, 8), true},
		{"2026-12-24", d(2026, 12, 24), true},
		{"Fri", d(2027, 2, 5), false}, // beyond four weeks
	} {
		ok, _, err := dayMatcher(c.spec, today)
		if err != nil || ok(c.day) != c.ok {
			t.Errorf("dayMatcher(%q)(%s) = %v (%v), want %v", c.spec, isoDay(c.day), err == nil && ok(c.day), err, c.ok)
		}
	}
	for spec, msg := range map[string]string{
		"xyz":        "day 'xyz': write +N, +N workday, Mon..Sun or YYYY-MM-DD",
		"2026-13-01": "month must be in 1..12",
		"2026-02-30": "day is out of range for month",
	} {
		if _, _, err := dayMatcher(spec, today); err == nil || err.Error() != msg {
			t.Errorf("dayMatcher(%q) error %v, want %q", spec, err, msg)
		}
	}
}

func TestNames(t *testing.T) {
	for in, want := range map[string]string{
		"Frau Dr. Albers":     "albers",
		"Herr Max Müller":     "max müller",
		"  James O'Neill-Ray": "james o'neill-ray",
		"Mr. Smith, Jr.":      "smith jr",
		"Herrmann":            "herrmann",
	} {
		if got := normName(in); got != want {
			t.Errorf("normName(%q) = %q, want %q", in, got, want)
		}
	}
	if got := normSystem("den Server SRV_01 a"); got != "srv01a" {
		t.Errorf("normSystem = %q", got)
	}
}

func TestSlotsFromText(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"Gern rufen wir Sie zurück. Wie ist Ihr Name?", []string{"name"}},
		{"Ich habe notiert:\nName: A\nTelefon: 040 1\nSoll ich das so aufnehmen? (ja / nein / abbrechen)", []string{"confirm"}},
		{"Wann passt es Ihnen? Zum Beispiel „morgen zwischen 9 und 11“", []string{"time"}},
		{"Diese Termine kann ich anbieten:\n1) Montag\nBitte antworten Sie mit der Nummer oder nennen Sie eine andere Zeit.", []string{"pick"}},
		{"Which phone number can we reach you on?", []string{"phone"}},
		{"Wie darf ich Sie ansprechen?", []string{"name"}},
		{"Und Ihr Name?", []string{"name"}},
		{"What's your name, please?", []string{"name"}},
		{"Wie erreichen wir Sie am besten telefonisch?", []string{"phone"}},
		{"What number can we call you on?", []string{"phone"}},
		{"Worum handelt es sich?", []string{"topic"}},
		{"What do you need help with?", []string{"topic"}},
		{"Wann sind Sie erreichbar?", []string{"time"}},
		{"When works for you?", []string{"time"}},
		{"Stimmt das so?", []string{"confirm"}},
		{"Does this look right?", []string{"confirm"}},
		{"Welcher Termin passt Ihnen?", []string{"pick"}},
		{"Which one suits you?", []string{"pick"}},
		{"Wer ist der Hersteller?", []string{"vendor"}},
		{"Um welchen Server geht es?", []string{"system"}},
		{"Wie lange dauert das?", []string{"duration"}},
		{"Gern plane ich den Zugriff. Was soll der Hersteller dort tun (z. B. Jahresupdate, Fehleranalyse)?", []string{"purpose"}},
		{"Auf welches System bzw. welchen Server muss der Hersteller zugreifen (z. B. SRV-01)?", []string{"system"}},
		{"Wie lange wird der Zugriff voraussichtlich dauern (z. B. „2 Stunden“, „halber Tag“)?", []string{"duration"}},
		{"What is the vendor going to do there (e.g. annual update, troubleshooting)?", []string{"purpose"}},
		{"Braucht der Hersteller dafür Administratorrechte? Wenn ja, bitte mit Begründung.", []string{"admin_reason"}},
		// more: the Unicode word boundary (Gebühr. is no abbreviation "Hr."), requests, quotes
		{"Dafür fällt eine Gebühr. Wie ist Ihr Name?", []string{"name"}},
		{"Noch offen: Titel, Datum", []string{"title", "date"}},
		{"Please reply with your phone number.", []string{"phone"}},
		{"Schreiben Sie „Wie ist Ihr Name?“ nicht ab.", nil},
		{"Was soll ich ändern: Name, Nummer, Thema oder Zeit?", []string{"change"}},
		{"Version 1.5 ist fertig. Alles klar.", nil},
	} {
		if got := slotsFromText(c.in); !slices.Equal(got, c.want) {
			t.Errorf("slotsFromText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestVerdictsFromText(t *testing.T) {
	for _, c := range []struct {
		in      string
		primary string
		all     []string
	}{
		{"Ihre Nachricht betrifft mehrere Themen: Hardware-Probleme – nicht im Vertrag enthalten; Backup-Software – abgedeckt. Sollen wir Sie zu den nicht abgedeckten Punkten zurückrufen?",
			"excluded", []string{"excluded", "covered"}},
		{"Ja, das ist abgedeckt: Die Backup-Software ... Eine Wiederherstellung verlorener Daten ist dagegen nicht enthalten.", "covered", []string{"covered"}},
		{"Das hängt von Ihrem Vertrag ab: Spezialserver wie Exchange oder SQL sind nur abgedeckt, wenn Ihr individueller Vertrag sie ausdrücklich nennt.", "contract", []string{"contract"}},
		{"Da bin ich mir nicht sicher. Am nächsten liegt: Projekte (FAQ)", "", nil},
		// the lookbehinds and the lookahead of "covered"
		{"Das ist nicht abgedeckt.", "", nil},
		{"Das ist NICHT abgedeckt, leider.", "", nil},
		{"Das ist nur dann abgedeckt.", "", nil},
		{"Das ist abgedeckt, wenn Sie zahlen.", "", nil},
		{"Das ist abgedeckt wenn Sie zahlen.", "", nil},
		{"Hardware ist nicht abgedeckt, Software ist abgedeckt.", "covered", []string{"covered"}},
		{"Replacing it is not covered by us.", "", nil},
		{"That is covered.", "covered", []string{"covered"}},
		{"Updates are part of the server maintenance.", "covered", []string{"covered"}},
		{"Updates gehören zur Server-Wartung.", "covered", []string{"covered"}},
		{"Das ist ein Projekt und wird separat berechnet.", "project", []string{"project"}},
		{"Das ist ein Großprojekt.", "", nil}, // ß is a word character: no \bprojekt
		{"Unlizenzierte Software ist nicht vertragskonform.", "noncompliant", []string{"noncompliant"}},
		{"Ihre Branchensoftware ist Sache Ihres Herstellers.\nQuelle: Projekt-FAQ", "vendor", []string{"vendor"}},
	} {
		p, all := verdictsFromText(c.in)
		if p != c.primary || !slices.Equal(all, c.all) {
			t.Errorf("verdictsFromText(%q) = %q %q, want %q %q", c.in, p, all, c.primary, c.all)
		}
	}
}

func TestIntentAndLang(t *testing.T) {
	for in, want := range map[string]string{
		"Gern rufen wir Sie zurück. Wie ist Ihr Name?":                       "callback",
		"Hallo! Wobei kann ich helfen?":                                      "smalltalk",
		"Ja, das ist abgedeckt.":                                             "coverage",
		"Ich lege das Protokoll PR-26-0001 an.":                              "protocol",
		"I'm afraid I can't help with that.":                                 "out_of_scope",
		"Da bin ich mir nicht sicher, aber Gern rufen wir Sie zurück.":       "",
		"Nach unserer Verfahrensanweisung planen wir 7 Tage im Voraus.":      "policy",
		"Sie erreichen uns telefonisch unter 040 123.\nQuelle: Hallo-Seite.": "contact",
	} {
		if got := intentFromText(in); got != want {
			t.Errorf("intentFromText(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"Your callback request is filed, reference CB-26-0005. We will call you Wednesday 9 Dec.":                         "en",
		"Ich habe notiert:\nName: James\nThema: scan-to-email on the printers is not working\nSoll ich das so aufnehmen?": "de",
		"OK":                     "",
		"Grüße, Müller":          "",
		"Grüße und Dank, Müller": "de",
		"the und is nicht this":  "en",
	} {
		if got := langOf(in); got != want {
			t.Errorf("langOf(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRefsTextFieldsShort(t *testing.T) {
	if got := refsIn("Nr. CB-26-0005, dann VA-26-12-3. PR-1 und CB-26-"); !slices.Equal(got, []string{"CB-26-0005", "VA-26-12-3", "CB-26"}) {
		t.Errorf("refsIn = %q", got)
	}
	if got := refsIn("xCB-26-1 ÄCB-26-2 CB-26-3ä"); !slices.Equal(got, []string{"CB-26"}) {
		t.Errorf("refs inside words = %q", got)
	}
	tf := textFields("🗓 Neuer Termin\nHersteller: DATEV\nSystem : SRV-01 \nAdminrechte: nein\nHersteller: other\nZeit: Mo, 07.12., 09:00–11:00")
	want := map[string]string{"vendor": "DATEV", "system": "SRV-01", "admin": "nein", "time": "Mo, 07.12., 09:00–11:00"}
	for k, v := range want {
		if tf[k] != v {
			t.Errorf("textFields[%s] = %q, want %q", k, tf[k], v)
		}
	}
	if got := short("  a\n\n  b   c  "); got != "a ⏎ b c" {
		t.Errorf("short = %q", got)
	}
	long := short(string(make([]rune, 0)) + "ä" + string(slices.Repeat([]rune("x"), 200)))
	if n := len([]rune(long)); n != 160 || !strings.HasSuffix(long, "…") {
		t.Errorf("short of a long text: %d characters", n)
	}
}
