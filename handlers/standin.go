package handlers

import (
	"context"
	"strings"
	"unicode"

	"github.com/mspbot/mspbot/bot"
)

// Basic is a small classifier that recognises greetings, thanks, goodbyes and
// requests for help in German and English, and the language of a message. It
// stands in where no knowledge base is configured.
type Basic struct {
	// DefaultLang answers messages that show no language (default "de").
	DefaultLang string
}

var (
	basicGreet  = words("hallo hi hey moin servus guten tag morgen abend grüß gruess gruß hello good morning afternoon evening")
	basicThanks = words("danke dankeschön dank vielen thanks thank thx merci")
	basicBye    = words("tschüss tschuess tschüs ciao bye goodbye wiederhören wiedersehen")
	basicHelp   = words("hilfe help können kannst könnt can you do what machst tun")
	basicDE     = words("ich sie wir der die das und ist nicht ein eine mit für bitte danke hallo können mein unser wie was ja nein guten morgen abend tschüss wer")
	basicEN     = words("i you we the and is not a an with for please thanks thank hello can my our how what yes no good morning evening afternoon bye goodbye who")
)

func words(s string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// Understand implements bot.Classifier.
func (b Basic) Understand(_ context.Context, text string) bot.Understanding {
	toks := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) })
	var de, en, greet, thanks, bye, help int
	for _, t := range toks {
		if basicDE[t] {
			de++
		}
		if basicEN[t] {
			en++
		}
		if basicGreet[t] {
			greet++
		}
		if basicThanks[t] {
			thanks++
		}
		if basicBye[t] {
			bye++
		}
		if basicHelp[t] {
			help++
		}
	}
	lang := b.DefaultLang
	if lang == "" {
		lang = "de"
	}
	if en > de {
		lang = "en"
	} else if de > en {
		lang = "de"
	}
	u := bot.Understanding{Lang: lang}
	short := len(toks) <= 6
	switch {
	case thanks > 0 && short:
		u.Intent, u.Detail, u.Confidence = "smalltalk", SmalltalkThanks, 0.9
	case bye > 0 && short:
		u.Intent, u.Detail, u.Confidence = "smalltalk", SmalltalkBye, 0.9
	case help > 0 && len(toks) <= 8:
		u.Intent, u.Detail, u.Confidence = "smalltalk", SmalltalkHelp, 0.6
	case greet > 0 && short:
		u.Intent, u.Detail, u.Confidence = "smalltalk", SmalltalkGreeting, 0.9
	}
	return u
}
