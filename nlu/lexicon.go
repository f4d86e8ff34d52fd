package nlu

import "strings"

func set(words string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(words) {
		m[fold(w)] = true
	}
	return m
}

// functionWords are frequent German and English words (folded) that say
// nothing about a topic: articles, pronouns, particles, greetings, days,
// times, politeness.
var functionWords = set(`
der die das den dem des ein eine einen einem einer eines und oder aber sondern denn doch ja nein nee nö
ist sind bin bist war waren wird werden wurde kann können könnt kannst muss müssen soll sollen sollte will
wollen möchte möchten mag hätte hätten würde würden wäre habe hast hat haben hatte gibt geht gehen ging
ich du er sie es wir ihr mich mir dich dir uns euch sich man jemand niemand keiner keine kein keinen
mein meine meinen meinem meiner dein deine sein seine ihre ihren ihrem ihrer unser unsere unseren unserem
unserer euer eure euren eurem eurer deren dessen welche welcher welches welchen was wer wie wo wann warum
wieso weshalb wozu woher womit worum ob dass wenn weil da als also auch noch schon nur mal gern gerne bitte
danke dank vielen herzlichen hallo moin servus tschüss tschau gruß grüße grüßen liebe lieber lieben viele
beste besten freundlichen mit von zu zum zur für auf bei nach aus über unter vom im ins am an beim bis
seit ohne gegen zwischen durch um vor hinter neben heute morgen gestern übermorgen jetzt gleich sofort bald
später früh spät hier dort dann sonst trotzdem eigentlich wirklich sehr ganz etwas nichts alles alle
immer wieder mehr weniger viel wenig gut schlecht guten tag abend nachmittag vormittag mittag woche wochen
monat monate jahr jahre stunde stunden minute minuten uhr mittags vormittags nachmittags morgens abends
montag dienstag mittwoch donnerstag freitag samstag sonntag wochenende feiertag januar februar märz april
mai juni juli august september oktober november dezember nen ne nem kurz kurze kurzen mal eben halt
okay ok super prima perfekt klar genau richtig falsch stimmt passt sicher
the a an and or but not no yes yeah yep please thanks thank you hello hi hey dear cheers regards best
kind sincerely is are was were be been will would can could should must do does did have has had i me
my mine we us our you your he she it they them this that these those what who where when why how which
with from for on at by to of in into about as if then than so too also just still now today tomorrow
yesterday soon later asap morning afternoon evening night week weeks month months day days hour hours
monday tuesday wednesday thursday friday saturday sunday weekend holiday january february march april may
june july august september october november december
sorry okay ok sure great perfect fine right wrong correct good here there someone somebody
speaking pls plz thx
`)

// domainWords are frequent nouns and words of this domain: never a
// person's, vendor's or host's name, but they do carry a topic.
var domainWords = set(`
herr frau herrn dr prof firma praxis kanzlei büro buero team support hotline service kunde kunden kundin
kollege kollegin kollegen mitarbeiter mitarbeiterin chef chefin technik techniker leute steuerberater
steuerberaterin geschäftsführer geschäftsführerin inhaber inhaberin praktikant praktikantin azubi
azubine buchhalter buchhalterin sekretärin assistentin assistent empfang
rückruf rueckruf anruf telefon telefonnummer nummer handy mobil durchwahl tel name namen thema anliegen
problem probleme frage fragen termin termine zeit uhrzeit datum vertrag verträge projekt projekte
drucker scanner kopierer server rechner computer laptop notebook pc pcs monitor bildschirm tastatur maus
netzwerk internet wlan vpn firewall router switch telefonanlage kasse software programm programme update
updates backup sicherung daten datei dateien ordner mail mails email e-mail outlook office word excel
windows lizenz lizenzen hersteller anbieter system systeme zugriff zugang wartung installation einrichtung
fehler ausfall notfall dringend hilfe protokoll angebot rechnung kosten preis desktop edv it microsoft
adminrechte administratorrechte rechte admin zugriffsrechte konto dienstkonto account
sign fertig unterschreiben unterschrift edit protocol protokoll zeigen show done titel title
mr mrs ms miss sir madam company office team support helpdesk service customer client colleague boss
manager staff people callback call phone number mobile name topic issue problem question time date
contract project printer printers scanner server computer laptop screen network wifi router vpn email
mail software update backup data file files folder license licence vendor system access maintenance
help thing stuff urgent emergency admin rights accountant owner intern
`)

// commonWords are the function and domain words together: a word in this
// set is never part of a person's name, a vendor's name or a host name.
var commonWords = func() map[string]bool {
	m := make(map[string]bool, len(functionWords)+len(domainWords))
	for w := range functionWords {
		m[w] = true
	}
	for w := range domainWords {
		m[w] = true
	}
	return m
}()

// titles are forms of address and academic titles kept with a name.
var titles = set(`herr frau herrn dr dr. prof prof. mr mr. mrs mrs. ms ms. miss dipl ing fr fr. hr hr.`)

// isTitle reports whether w (any case, with or without period) is a title.
func isTitle(w string) bool { return titles[fold(strings.TrimSuffix(w, "."))] || titles[fold(w)] }

// nameWord reports whether w can be part of a person's name: a letter word,
// capitalised unless lower is allowed, not a common word.
func nameWord(w string, lower bool) bool {
	w = strings.TrimSuffix(w, ".")
	if w == "" || commonWords[fold(w)] {
		return false
	}
	if !lower && !capitalised(w) {
		return false
	}
	letters := 0
	for _, r := range w {
		switch {
		case r == '\'' || r == '’' || r == '-':
		case r >= '0' && r <= '9':
			return false
		case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 0x7f:
			letters++
		default:
			return false
		}
	}
	// an all-caps word of 2+ letters is an acronym (DATEV, SRV), not a name
	if letters >= 2 && strings.ToUpper(w) == w && strings.ToLower(w) != w {
		return false
	}
	return letters >= 2
}
