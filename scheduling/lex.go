package scheduling

import (
	"strings"
	"unicode"
)

// tokKind classifies a token of a time phrase.
type tokKind uint8

const (
	tokWord  tokKind = iota + 1 // letters, lower-cased, umlauts spelt out
	tokNum                      // ASCII digits
	tokPunct                    // one of - . : /
)

// token is one word, number or punctuation mark of the input, with its
// byte offsets in the original text so that the recognised phrase can be
// cut out of it unchanged.
type token struct {
	kind       tokKind
	s          string // normalised text ("naechsten", "14", "-")
	n          int    // value of a number; -1 if it has more than 9 digits
	start, end int    // byte offsets in the original text
}

// maxTokens bounds the work per message; a callback wish longer than this
// is not a time phrase any more. Only the first maxTokens tokens are read.
const maxTokens = 512

// wordAliases maps frequent spellings without umlauts (or without the
// "e" of the transliteration) and short forms to the canonical token.
var wordAliases = map[string]string{
	"nachsten": "naechsten", "nachste": "naechste", "nachster": "naechster", "nachstem": "naechstem",
	"ubernachsten": "uebernaechsten", "ubernachste": "uebernaechste", "uebernachsten": "uebernaechsten",
	"ubermorgen": "uebermorgen", "fruh": "frueh", "moglich": "moeglich", "moglichst": "moeglichst",
	"schnellstmoglich": "schnellstmoeglich", "baldmoglichst": "baldmoeglichst", "moeglichts": "moeglichst",
	"fruhestens": "fruehestens", "spatestens": "spaetestens", "marz": "maerz", "zwolf": "zwoelf",
	"funf": "fuenf", "ganztagig": "ganztaegig", "unverzuglich": "unverzueglich", "heut": "heute",
	"tmrw": "tomorrow", "tmr": "tomorrow", "tomorow": "tomorrow", "tommorow": "tomorrow",
	"tommorrow": "tomorrow", "uhrzeit": "uhr", "oclock": "uhr", "std": "stunde", "stunde": "stunde",
	"stunden": "stunde", "stdn": "stunde", "hour": "stunde", "hours": "stunde", "hr": "stunde",
	"hrs": "stunde", "h": "h", "minute": "minute", "minuten": "minute", "min": "minute",
	"mins": "minute", "minutes": "minute", "tag": "tag", "tage": "tage", "tagen": "tage",
	"day": "day", "days": "tage", "woche": "woche", "wochen": "wochen", "week": "woche",
	"weeks": "wochen", "dreissig": "dreissig", "dreiszig": "dreissig",
	// chat short forms: "Di vorm. zw 9 u 11", "nachm."
	"vorm": "vormittags", "vormi": "vormittags", "nachm": "nachmittags", "nachmi": "nachmittags",
	"nachmitt": "nachmittags", "zw": "zwischen", "zwi": "zwischen", "u": "und",
}

// shortForms are chat short forms whose full stop ends no sentence and
// no date ("vorm.", "zw.", "u.").
var shortForms = []string{"vorm", "vormi", "nachm", "nachmi", "nachmitt", "zw", "zwi", "u"}

// dropShortFormDots blanks the full stop after a short form, keeping every
// offset: "zw. 9 u. 11" is read as "zw  9 u  11".
func dropShortFormDots(text string) string {
	if !strings.Contains(text, ".") {
		return text
	}
	var b []byte
	for i := 0; i < len(text); i++ {
		if text[i] != '.' {
			continue
		}
		j := i
		for j > 0 && (text[j-1] >= 'a' && text[j-1] <= 'z' || text[j-1] >= 'A' && text[j-1] <= 'Z') {
			j--
		}
		if j > 0 && text[j-1] != ' ' && text[j-1] != '\t' && text[j-1] != '\n' && text[j-1] != '(' {
			continue
		}
		w := strings.ToLower(text[j:i])
		for _, f := range shortForms {
			if w == f {
				if b == nil {
					b = []byte(text)
				}
				b[i] = ' '
				break
			}
		}
	}
	if b == nil {
		return text
	}
	return string(b)
}

// isDash reports the hyphen and dash characters people type in ranges.
func isDash(r rune) bool {
	switch r {
	case '-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '~':
		return true
	}
	return false
}

// tokenize splits text into words, numbers and the punctuation that
// matters for times and dates. Letters are lower-cased, ä ö ü ß are
// spelt ae oe ue ss (also when written with a combining diaeresis);
// everything else (spaces, commas, invalid UTF-8) separates tokens.
func tokenize(text string) []token {
	text = dropShortFormDots(text)
	var (
		toks  []token
		b     strings.Builder
		kind  tokKind
		start int
		num   int
	)
	flush := func(end int) {
		if kind == 0 {
			return
		}
		t := token{kind: kind, s: b.String(), start: start, end: end}
		switch kind {
		case tokNum:
			t.n = num
		case tokWord:
			if a, ok := wordAliases[t.s]; ok {
				t.s = a
			}
		}
		if len(toks) < maxTokens {
			toks = append(toks, t)
		}
		b.Reset()
		kind, num = 0, 0
	}
	for i, r := range text {
		if len(toks) >= maxTokens {
			break
		}
		switch {
		case r >= '0' && r <= '9':
			if kind != tokNum {
				flush(i)
				kind, start = tokNum, i
			}
			b.WriteRune(r)
			if num >= 0 && b.Len() <= 9 {
				num = num*10 + int(r-'0')
			} else {
				num = -1
			}
		case r == '\u0308' && kind == tokWord: // combining diaeresis: a\u0308 = ä
			if s := b.String(); strings.HasSuffix(s, "a") || strings.HasSuffix(s, "o") || strings.HasSuffix(s, "u") {
				b.WriteByte('e')
			}
		case unicode.Is(unicode.Mn, r) && kind == tokWord: // other accents: drop
		case unicode.IsLetter(r):
			if kind != tokWord {
				flush(i)
				kind, start = tokWord, i
			}
			switch lr := unicode.ToLower(r); lr {
			case 'ä':
				b.WriteString("ae")
			case 'ö':
				b.WriteString("oe")
			case 'ü':
				b.WriteString("ue")
			case 'ß':
				b.WriteString("ss")
			case 'é', 'è', 'ê':
				b.WriteByte('e')
			default:
				b.WriteRune(lr)
			}
		case isDash(r) || r == '.' || r == ':' || r == '/':
			flush(i)
			kind, start = tokPunct, i
			if isDash(r) {
				b.WriteByte('-')
			} else {
				b.WriteRune(r)
			}
			flush(i + len(string(r)))
		default:
			flush(i)
		}
	}
	flush(len(text))
	return toks
}
