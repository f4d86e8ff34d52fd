package knowledge

import "strings"

// Function words and frequent chat words per language. Words that are common in both languages
// ("in", "am", "was", "will", "also", "so", "man", "die") are left out: they decide nothing.
var (
	germanMarkers = wordSet(`der das den dem des ein eine einen einem einer eines und oder aber ist sind bin bist
		wird werden wurde wurden kann koennen koennt kannst muss muessen musst ich du er sie wir ihr mich mir dich
		dir uns euch euer eure unser unsere unserem unseren unserer mein meine meinem meinen meiner dein deine
		nicht kein keine keinen keiner auch noch schon bitte danke hallo mit von zu zum zur fuer auf bei nach aus
		ueber unter vom im ins beim wie wer wo wann warum wieso weshalb welche welcher welches ob dass wenn weil
		hier heute morgen gestern jetzt mal gern gerne ja nein doch sehr viel ganz immer nur etwa eigentlich bzw
		habt hat haben hast hab habe gibt geht gehen seid sein ihre ihren ihrem sich es ist guten tag vielen dank
		moin servus tschuess tschau bis wiedersehen ihnen sie seit waere wuerde koennte moechte moechten
		haette bei einer sowie ausserdem leider kaputt defekt rueckruf vertrag abgedeckt enthalten drin
		inklusive gehoert faellt zurueck anrufen brauche brauchen machen macht mache wieder neue neuen neuer
		lassen laesst soll sollen sollte gibt's gehts wurde worden durch ohne gegen zwischen etwas nichts alles
		euren eurem eurer jemand niemand einfach bereits damit dafuer davon dazu dabei denn dann sonst trotzdem`)
	englishMarkers = wordSet(`the a an and or but is are was were be been being will would can could should must do
		does did dont doesnt didnt cant wont isnt arent wasnt i you he she we they me my your our us them it its
		this that these those what who where when why how which not no yes please thanks thank hello hi hey of to
		for on at by with from into about if then there here today tomorrow yesterday now just also still any
		some all have has had get got im ive id youre were theyre let lets need needs want wants would like
		someone somebody anyone anything something other another covered included include includes part our
		broken replace replacing fix fixed fee monthly call back ring phone whats hows wheres who's good morning
		evening afternoon bye cheers much many very really again new old same every each does my mine yours
		able after before over under up down out off too than more most less only own such both few help`)
)

// commonWords are frequent words of either language that carry no concept. They are known to the
// classifier so that the typo corrector leaves them alone ("minuten" is not a typo of "minutes").
var commonWords = wordSet(`minute minuten stunde stunden tage tagen wochen monate monaten jahre jahren sekunden
	minutes hours days weeks months years seconds heute gestern morgen abend nachmittag vormittag mittag
	frage fragen question questions antwort answer bitte please danke leute people firma kollegen colleagues
	immer wieder manchmal sometimes always never nie oft often gleich same thing things sache sachen dinge
	richtig falsch right wrong gut schlecht good bad besser better schnell quick quickly kurz lange long
	brauchen brauche brauchst needed helfen hilfe help helps helped bekommen bekomme kriegen sehen sieht
	mehrere several welcher welche which haben hatten sollten koennten wuerden muessten durfte konnte
	arbeiten arbeit work working worked zeigen zeigt showing shows benutzen nutzen nutzt using used uses
	vorstand kirchenvorstand aufsichtsrat beschlossen angeschlossen
	`)

func wordSet(words string) map[string]struct{} {
	m := make(map[string]struct{})
	for _, w := range strings.Fields(words) {
		m[w] = struct{}{}
	}
	return m
}

// DetectLanguage guesses whether text is German or English. It counts function words and frequent chat
// words of each language, umlauts and ß, and typical word endings, and so works for short messages,
// typos and German written without umlauts. Mixed messages get the language of the majority; when the
// evidence is even (or there is none) the answer is German, the provider's language.
func DetectLanguage(text string) Lang {
	var buf [64]rawToken
	l, _ := detectTokens(tokenize(text, buf[:0]), strings.ContainsAny(text, "äöüÄÖÜß"))
	return l
}

// LanguageEvidence is DetectLanguage with the strength of its evidence: the
// difference between the winning language's score and the other's (one
// function word counts 1). A margin below about 1.5 means the text shows
// too little language to prefer it over a conversation's language: "ok",
// "1", "Priya Sharma", "+44 7911 123456".
func LanguageEvidence(text string) (Lang, float64) {
	var buf [64]rawToken
	return detectTokens(tokenize(text, buf[:0]), strings.ContainsAny(text, "äöüÄÖÜß"))
}

func detectTokens(toks []rawToken, umlauts bool) (Lang, float64) {
	de, en := 0.0, 0.0
	if umlauts {
		de += 1.5
	}
	for _, t := range toks {
		w := t.s
		_, isDE := germanMarkers[w]
		_, isEN := englishMarkers[w]
		switch {
		case isDE && !isEN:
			de++
		case isEN && !isDE:
			en++
		}
		if len(w) >= 6 {
			switch {
			case strings.HasSuffix(w, "ung") || strings.HasSuffix(w, "keit") || strings.HasSuffix(w, "heit") ||
				strings.HasSuffix(w, "lich") || strings.HasSuffix(w, "chen") || strings.HasSuffix(w, "schaft") ||
				strings.HasPrefix(w, "sch") || strings.Contains(w, "ae") || strings.Contains(w, "ue") && !strings.HasSuffix(w, "ue"):
				de += 0.4
			case strings.HasSuffix(w, "ing") || strings.HasSuffix(w, "tion") || strings.HasSuffix(w, "ly") ||
				strings.HasPrefix(w, "th") || strings.HasPrefix(w, "wh"):
				en += 0.4
			}
		}
	}
	if en > de {
		return English, en - de
	}
	return German, de - en
}
