package nlu

import "testing"

// TestUndictate: probe set AM. A message written by voice dictation is
// written back as typed: spoken marks, spoken digits (in groups, with
// "double"), spoken addresses; a message that only uses such a word once,
// or a few digit words, stays as it is.
func TestUndictate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Hallo Komma ich bräuchte einen Rückruf Punkt Meine Nummer ist null eins sieben eins Komma vier vier acht Komma zwo neun eins drei Punkt",
			"Hallo, ich bräuchte einen Rückruf. Meine Nummer ist 0171 448 2913."},
		{"my number is oh one five two comma nine oh seven comma double three comma four one six period", "my number is 0152 907 33 416."},
		{"Bestätigung an t Punkt berger at medicus minus soft Punkt de Komma danke Punkt", "Bestätigung an t.berger@medicus-soft.de, danke."},
		{"null vier null drei acht neun sieben zwei zwei sechs null", "04038972260"},
	}
	for _, tt := range tests {
		if !dictated(tt.in) {
			t.Errorf("%q not taken as dictated", tt.in)
			continue
		}
		if got := undictate(tt.in); got != tt.want {
			t.Errorf("undictate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, s := range []string{"Wir brauchen zwei Stunden, one moment please", "Der Punkt ist: der Drucker geht nicht", "in that period the backup failed"} {
		if dictated(s) {
			t.Errorf("%q taken as dictated", s)
		}
	}
}

// TestReadDictated: what the reader makes of dictated messages (probe set
// AM): the number and the address, a name spelt out letter by letter, a
// name in lower case after "i am", the last digit corrected.
func TestReadDictated(t *testing.T) {
	if m := read(t, "Meine Nummer ist null eins sieben eins Komma vier vier acht Komma zwo neun eins drei Punkt Es geht um Outlook Punkt"); m.Phone == nil || m.Phone.E164 != "+491714482913" {
		t.Errorf("dictated number: %+v", m.Phone)
	}
	if m := read(t, "thorsten kowalczyk k o w a l c z y k"); m.BareName != "Thorsten Kowalczyk" {
		t.Errorf("a name spelt out: %q", m.BareName)
	}
	if m := read(t, "hello can someone call me back i am birgit hoffmann with double f and double n"); m.Name != "Birgit Hoffmann" {
		t.Errorf("a name in lower case after i am: %q", m.Name)
	}
	if m := read(t, "Fast richtig Komma die letzte Ziffer ist eine sieben und keine eins Punkt"); m.LastDigit != "7" {
		t.Errorf("the last digit corrected: %q", m.LastDigit)
	}
	if m := read(t, "ok und der virenscanner auf den arbeitsplätzen ist der mit drin"); !m.NewSubject {
		t.Error("a new subject in lower case not read")
	}
}
