package nlu

import (
	"regexp"
	"strings"
)

// Voice dictation on a phone writes punctuation and symbols as words
// ("Hallo Komma ich bräuchte einen Rückruf Punkt neue Zeile …", "my number
// is oh one five two comma nine oh seven …", "t Punkt berger at medicus
// minus soft Punkt de"). A message that shows it is written back as typed
// before anything else reads it: addresses joined, runs of spoken digits
// as digits, spoken punctuation as punctuation.

// spokenMarkRE is a punctuation mark or line break said as words.
var spokenMarkRE = newLitRE(`(?i)\s*\b(komma|punkt|fragezeichen|ausrufezeichen|doppelpunkt|semikolon|neue zeile|neuer absatz|nächste zeile|comma|period|full stop|question mark|exclamation mark|exclamation point|colon|semicolon|new line|new paragraph|next line)\b`)

// spokenMarks are the marks the words stand for.
var spokenMarks = map[string]string{
	"komma": ",", "punkt": ".", "fragezeichen": "?", "ausrufezeichen": "!", "doppelpunkt": ":", "semikolon": ";",
	"neue zeile": "\n", "neuer absatz": "\n", "nächste zeile": "\n",
	"comma": ",", "period": ".", "full stop": ".", "question mark": "?", "exclamation mark": "!", "exclamation point": "!",
	"colon": ":", "semicolon": ";", "new line": "\n", "new paragraph": "\n", "next line": "\n",
}

// spokenMailRE is an e-mail address said as words: "t Punkt berger at
// medicus minus soft Punkt de", "m dot krueger at kontoplus dot de".
var spokenMailRE = newLitRE(`(?i)\b([a-z0-9]+(?:\s+(?:punkt|dot|minus|dash|bindestrich|unterstrich|underscore)\s+[a-z0-9]+)*)\s+(?:at|ät|@)\s+([a-z0-9]+(?:\s+(?:minus|dash|bindestrich)\s+[a-z0-9]+)*(?:\s+(?:punkt|dot)\s+[a-z0-9]+(?:\s+(?:minus|dash|bindestrich)\s+[a-z0-9]+)*)*\s+(?:punkt|dot)\s+[a-z]{2,6})\b`)

// mailJoiners write the words between the parts of a spoken address.
var mailJoiners = strings.NewReplacer(" punkt ", ".", " dot ", ".", " minus ", "-", " dash ", "-", " bindestrich ", "-",
	" unterstrich ", "_", " underscore ", "_")

// digitWords are digits said as words.
var digitWords = map[string]string{
	"null": "0", "eins": "1", "zwei": "2", "zwo": "2", "drei": "3", "vier": "4", "fünf": "5", "fuenf": "5", "sechs": "6",
	"sieben": "7", "acht": "8", "neun": "9",
	"zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
	"eight": "8", "nine": "9",
}

// minSpokenDigits is how many digits said in a row make a number: fewer
// are words ("zwei Stunden", "one moment").
const minSpokenDigits = 5

// dictated reports a message written by voice dictation: spoken marks,
// or a long run of spoken digits.
func dictated(text string) bool {
	if len(spokenMarkRE.FindAllStringIndex(text, 3)) >= 2 {
		return true
	}
	words := wordRE.FindAllString(text, -1)
	for i := range words {
		if _, n, _ := spokenDigits(words, i); n >= minSpokenDigits {
			return true
		}
	}
	return false
}

// wordRE is a word of a message with what sticks to it.
var wordRE = regexp.MustCompile(`\S+`)

// undictate writes a dictated message back as typed.
func undictate(text string) string {
	marks := len(spokenMarkRE.FindAllStringIndex(text, 3)) >= 2
	text = spokenMailRE.ReplaceAllStringFunc(text, func(s string) string {
		g := spokenMailRE.FindStringSubmatch(s)
		local := mailJoiners.Replace(" " + strings.ToLower(g[1]) + " ")
		domain := mailJoiners.Replace(" " + strings.ToLower(g[2]) + " ")
		return strings.ReplaceAll(strings.TrimSpace(local), " ", "") + "@" + strings.ReplaceAll(strings.TrimSpace(domain), " ", "")
	})
	text = joinSpokenDigits(text)
	if marks {
		text = spokenMarkRE.ReplaceAllStringFunc(text, func(s string) string {
			return spokenMarks[strings.ToLower(strings.TrimSpace(s))]
		})
	}
	return text
}

// spokenDigits reads the digits said from word i of words on: digit
// words, "double"/"doppel" and "triple" before one, groups apart by
// "Komma" or a comma, "dann"/"then" between groups. It returns them
// (groups apart by a space), how many digits they are and the index of
// the word after the last digit.
func spokenDigits(words []string, i int) (string, int, int) {
	var b strings.Builder
	n, end := 0, i
	for j := i; j < len(words); j++ {
		w := strings.ToLower(words[j])
		comma := strings.HasSuffix(w, ",")
		w = strings.TrimRight(w, ",.")
		times := 1
		switch w {
		case "double", "doppel", "doppelte":
			times = 2
		case "triple", "dreifach":
			times = 3
		}
		if times > 1 && j+1 < len(words) {
			next := strings.ToLower(words[j+1])
			if d, ok := digitWords[strings.TrimRight(next, ",.")]; ok {
				b.WriteString(strings.Repeat(d, times))
				n += times
				j++
				end = j + 1
				if strings.HasSuffix(next, ",") {
					b.WriteByte(' ')
				}
				continue
			}
		}
		if d, ok := digitWords[w]; ok {
			b.WriteString(d)
			n++
			end = j + 1
			if comma {
				b.WriteByte(' ')
			}
			continue
		}
		if n > 0 && (w == "komma" || w == "dann" || w == "then" || w == "comma") {
			b.WriteByte(' ')
			continue
		}
		break
	}
	return strings.Join(strings.Fields(b.String()), " "), n, end
}

// joinSpokenDigits writes each run of at least minSpokenDigits spoken
// digits as digits; the rest of the text stays as it is.
func joinSpokenDigits(text string) string {
	locs := wordRE.FindAllStringIndex(text, -1)
	words := make([]string, len(locs))
	for i, l := range locs {
		words[i] = text[l[0]:l[1]]
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(words); {
		digits, n, end := spokenDigits(words, i)
		if n < minSpokenDigits {
			i++
			continue
		}
		b.WriteString(text[last:locs[i][0]])
		b.WriteString(digits)
		last = locs[end-1][1]
		if strings.HasSuffix(words[end-1], ".") {
			last-- // the full stop after the number stays
		}
		i = end
	}
	b.WriteString(text[last:])
	return b.String()
}
