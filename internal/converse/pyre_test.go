package converse

import (
	"strings"
	"testing"
)

// What Python's re.search(pattern, text, re.I) finds, checked against
// Python 3.11; "" means no match.
func TestPythonRegexSemantics(t *testing.T) {
	for _, c := range []struct{ pattern, text, want string }{
		// lookbehind and lookahead, as the conversation files use them
		{`(?<!not )(allowed|permitted)`, "this is not allowed, but permitted", "permitted"},
		{`(?<!not )(allowed|permitted)`, "Not allowed", ""},
		{`(?<!not )(allowed|permitted)`, "allowed", "allowed"},
		{`(?<=\bnicht )\w+`, "ganz nicht klar, nicht übel", "klar"},
		{`(?<![äa])b`, "äbab cb", "b"},
		{`(?=\d{3})\d`, "a12b345", "3"},
		{`(?!ab)a.`, "abacad", "ac"},
		// Unicode word boundaries and classes
		{`\bnein\b`, "Nein, danke", "Nein"},
		{`\bnein\b`, "Neinä", ""},
		{`Bot\b`, "Chatbotß", ""},
		{`KI\b`, "KI-gestützt", "KI"},
		{`\büber`, "gegenüber über", "über"},
		{`Fuß\b`, "Fußball Fuß.", "Fuß"},
		{`\B\w`, "ab", "b"},
		{`\w+`, "  Grüße_1 ", "Grüße_1"},
		{`\s+`, "a\u00a0\u202fb", "\u00a0\u202f"},
		{`\d+`, "x ١٢٣ y", "١٢٣"},
		{`[^\w\s]+`, "hé, wörld!", ","},
		{`(?i)straße`, "STRASSE Straße", "Straße"},
		// anchors and Python-only syntax
		{`^\s*ok`, "ok", "ok"},
		{`^ok$`, "ok\n", "ok"},
		{`^ok$`, "ok\n\n", ""},
		{`^ok`, "x\nok", ""},
		{`(?m)^b$`, "a\nb\nc", "b"},
		{`a{,2}b`, "aaab", "aab"},
		{`x\Z`, "x\n", ""},
		{`\u00e4`, "bär", "ä"},
		{`(?#comment)x`, "yx", "x"},
		{`(a)|b`, "b", "b"},
	} {
		p, err := compilePy(c.pattern, reI)
		if err != nil {
			t.Errorf("/%s/: %v", c.pattern, err)
			continue
		}
		got := ""
		if m := p.search(c.text); m != nil {
			got = c.text[m[0]:m[1]]
		}
		if got != c.want {
			t.Errorf("/%s/ on %q = %q, want %q", c.pattern, c.text, got, c.want)
		}
	}
}

func TestPythonRegexErrors(t *testing.T) {
	for pattern, want := range map[string]string{
		`(?<=a+)b`:         "look-behind requires fixed-width pattern",
		`[`:                "unterminated character set",
		`(?<!x`:            "missing ), unterminated subpattern",
		`(?P<n>\d)-(?P=n)`: "backreferences", // Python has them, RE2 has not
	} {
		if _, err := compilePy(pattern, reI); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("/%s/: error %v, want %q", pattern, err, want)
		}
	}
}

func TestPythonRegexIteration(t *testing.T) {
	p := mustPy(`\b\w+\b`, re0)
	var words []string
	for _, m := range p.findAll("Grüße, ein Fuß-Ball ä") {
		words = append(words, "Grüße, ein Fuß-Ball ä"[m[0]:m[1]])
	}
	if got := strings.Join(words, "|"); got != "Grüße|ein|Fuß|Ball|ä" {
		t.Errorf("findAll = %q", got)
	}
	if got := mustPy(`(?<=-)\d`, re0).replace("a-1 b2 -3", "#"); got != "a-# b2 -#" {
		t.Errorf("replace = %q", got)
	}
	m := mustPy(`(\d+)-(x)?(\d+)`, re0).search("ab 12-34")
	if s := "ab 12-34"; group(s, m, 1) != "12" || m[4] != -1 || group(s, m, 3) != "34" {
		t.Errorf("groups = %v", m)
	}
}
