package slack

import (
	"regexp"
	"slices"
	"testing"
)

var placeholderRE = regexp.MustCompile(`%(\[\d+\])?[a-z]`)

// TestTextsBothLanguages: every text of the adapter, and every question a
// slash command asks, is there in German and English with the same
// placeholders in the same order.
func TestTextsBothLanguages(t *testing.T) {
	for key, langs := range texts {
		de, en := langs["de"], langs["en"]
		if de == "" || en == "" || len(langs) != 2 {
			t.Errorf("%s: want exactly de and en, got %v", key, langs)
			continue
		}
		if p, q := placeholderRE.FindAllString(de, -1), placeholderRE.FindAllString(en, -1); !slices.Equal(p, q) {
			t.Errorf("%s: placeholders de %v, en %v", key, p, q)
		}
	}
	for kind, langs := range commandTexts {
		for _, lang := range []string{"de", "en"} {
			pair, ok := langs[lang]
			if !ok || pair[0] == "" || pair[1] == "" {
				t.Errorf("slash %s: no %s text", kind, lang)
			}
		}
	}
	for word, kl := range commandWords {
		if _, ok := commandTexts[kl[0]]; !ok {
			t.Errorf("slash word %q: kind %q has no texts", word, kl[0])
		}
	}
}
