package nlu

import "testing"

func TestReadActs(t *testing.T) {
	tests := []struct {
		text string
		want Acts
	}{
		// agreement
		{"ja", Acts{Yes: true, OnlyYes: true}},
		{"Ja passt, danke!", Acts{Yes: true, OnlyYes: true}},
		{"jo passt 👍", Acts{Yes: true, OnlyYes: true}},
		{"yes perfect, cheers", Acts{Yes: true, OnlyYes: true}},
		{"Alles klar, so machen wir's", Acts{Yes: true, OnlyYes: true}},
		{"sounds good", Acts{Yes: true, OnlyYes: true}},
		// after a correction (probe set H)
		{"jetzt stimmt's", Acts{Yes: true, OnlyYes: true}},
		{"so passt es", Acts{Yes: true, OnlyYes: true}},
		{"jetzt ja", Acts{Yes: true, OnlyYes: true}}, // probe set M
		{"dann ja, danke", Acts{Yes: true, OnlyYes: true}},
		{"Dann bitte den Termin buchen.", Acts{}}, // a request, not the yes to a question
		{"now it's right", Acts{Yes: true}},
		{"ja, aber die Nummer ist falsch", Acts{Yes: true, Change: FieldPhone}},
		{"Ja, und die Nummer ist 0171 2345678", Acts{Yes: true}},
		// refusal
		{"nein", Acts{No: true}},
		{"nö, stimmt nicht", Acts{No: true}},
		{"no, wrong number", Acts{No: true, Change: FieldPhone}},
		// withdrawal
		{"abbrechen", Acts{Cancel: true}},
		// Reported: a leading "bitte" is read as agreement, so that "bitte
		// abbrechen" answers an open yes/no question with yes.
		{"Bitte abbrechen, danke", Acts{Cancel: true}},
		{"bitte nicht", Acts{No: true}},
		// a no for now (probe set F)
		{"Not right now, thanks.", Acts{No: true}},
		{"gerade nicht, danke", Acts{No: true}},
		{"vergessen Sie es, ich ruf selber an", Acts{Cancel: true}},
		{"never mind", Acts{Cancel: true}},
		{"cancel that", Acts{Cancel: true}},
		{"Das Backup bricht immer ab", Acts{}},
		// done and later
		{"fertig", Acts{Done: true}},
		{"das wars", Acts{Done: true}},
		{"ok, ready to sign", Acts{Yes: true, Done: true}},
		{"Ist das Update fertig?", Acts{}},
		{"let's continue later", Acts{Later: true}},
		{"machen wir später weiter", Acts{Later: true}},
		// a field to change
		{"die Nummer ist falsch", Acts{Change: FieldPhone}},
		{"andere Nummer", Acts{Change: FieldPhone}},
		{"der Name stimmt nicht", Acts{Change: FieldName}},
		{"change the time", Acts{Change: FieldTime}},
		{"Thema ändern", Acts{Change: FieldTopic}},
		{"die E-Mail-Adresse ist falsch", Acts{Change: FieldEmails}},
		// Reported: the compound "Mailadresse" names no field.
		{"die Mailadresse ist falsch", Acts{Change: FieldEmails}},
		{"Seit wir eine neue Nummer haben, geht das Telefon im Lager nicht mehr", Acts{}},
		// a correction
		{"lieber nachmittags", Acts{Correction: true}},
		{"actually make it 3pm", Acts{Correction: true}},
		{"ich meinte Dienstag", Acts{Correction: true}},
		// picks
		{"ich nehme 2", Acts{Pick: 2, Take: true}},
		{"den zweiten bitte", Acts{Pick: 2}},
		{"ok dann den ersten", Acts{Yes: true, Pick: 1, Take: true}},
		{"Nummer 3 passt", Acts{Pick: 3}},
		{"1", Acts{Pick: 1}},
		{"option two please", Acts{Pick: 2}},
		{"the last one", Acts{Pick: -1}},
		{"Wir haben 2 Drucker im Büro, die nicht drucken", Acts{}},
		// a declined offer
		{"ich will keinen Rückruf", Acts{Decline: true}},
		{"no need for a callback", Acts{No: true, Decline: true}},
		// probe set AA: a draft put up for signing in other words
		{"Passt so, bitte zur Unterschrift geben.", Acts{Yes: true, Done: true}},
		{"That's everything, please send it out for signature.", Acts{Done: true}},
		// probe set AB: a yes written as a letter
		{"Sehr geehrte Damen und Herren,\n\njawohl, so ist es recht. Ich danke Ihnen vielmals.\n\nMit freundlichen Grüßen\nG. Albrecht", Acts{Yes: true}},
		// probe set Y: the client will be in touch
		{"alles klar, danke. ich bespreche das mit dem chef und melde mich wieder", Acts{Decline: true}},
		{"ok thanks, I'll talk to my boss and get back to you", Acts{Decline: true}},
		// the same day or time as before
		{"am selben Tag um 15 Uhr", Acts{SameDay: true}},
		{"am 11.12., gleiche Uhrzeit", Acts{SameTime: true}},

		// Reported: "nicht X sondern Y" replaces what was said, and "ist
		// doch" with a value does too (it is no "why" either, see
		// TestReadFollowUps).
		{"nein, nicht Meyer sondern Maier", Acts{No: true, Correction: true}},
		{"die Nummer ist doch 0171 2345678", Acts{Correction: true}},
		// Reported: "finde ich meine" holds "ich meine", read as "I mean".
		{"Wo finde ich meine Protokolle?", Acts{}},
	}
	for _, tt := range tests {
		if got := read(t, tt.text).Acts; got != tt.want {
			t.Errorf("Read(%q).Acts = %+v, want %+v", tt.text, got, tt.want)
		}
	}
}

func TestPickOf(t *testing.T) {
	for low, want := range map[string]int{"2": 2, "nr. 3": 3, "vorschlag eins": 1, "wir nehmen den dritten termin": 3,
		"let's go with the second one": 2, "zweiter vorschlag passt": 2, "letzter": -1, "": 0, "4": 0, "danke": 0} {
		if got := pickOf(low); got != want {
			t.Errorf("pickOf(%q) = %d, want %d", low, got, want)
		}
	}
}

// TestReadEmergencyDenied: "kein Notfall", "not an emergency" deny an
// emergency; it is no question about one.
func TestReadEmergencyDenied(t *testing.T) {
	for text, want := range map[string]bool{
		"und was ist wenns ein echter notfall ist?":             true,
		"ok ist kein notfall. dann am 3.12. ab 10 uhr":          false,
		"ist kein echter Notfall, nächste Woche reicht":         false,
		"ok, it's not an emergency. then on 3 Dec from 10am":    false,
		"no emergency, it isn't urgent – next Thursday is fine": false,
		"what if it is a real emergency?":                       true,
	} {
		if m := read(t, text); m.Emergency != want || want == false && m.Urgent {
			t.Errorf("Read(%q): emergency %v urgent %v, want emergency %v", text, m.Emergency, m.Urgent, want)
		}
	}
}
