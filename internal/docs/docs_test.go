package docs

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// root is the repository, seen from this package's directory.
const root = "../.."

// pages are the Markdown files whose links are checked.
func pages(t *testing.T) []string {
	t.Helper()
	docs, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) == 0 {
		t.Fatal("no docs/*.md found")
	}
	return append([]string{filepath.Join(root, "README.md")}, docs...)
}

var (
	// inlineLink matches [text](target) and ![alt](target), with an
	// optional "title" after the target.
	inlineLink = regexp.MustCompile(`!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*<?([^()\s>]*(?:\([^()\s]*\)[^()\s>]*)*)>?(?:\s+"[^"]*")?\s*\)`)
	// refDef matches a reference definition: [label]: target
	refDef     = regexp.MustCompile(`^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$`)
	codeSpan   = regexp.MustCompile("`+[^`]*`+")
	htmlAnchor = regexp.MustCompile(`<a\s+(?:name|id)="([^"]+)"`)
	heading    = regexp.MustCompile(`^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$`)
)

// link is one link of a page, with the line it is on.
type link struct {
	target string
	line   int
}

// scan returns a page's links and the anchors its headings get on GitHub.
// Fenced code blocks are skipped, and so are code spans.
func scan(text string) (links []link, anchors map[string]bool) {
	anchors = map[string]bool{}
	seen := map[string]int{}
	fence := ""
	for i, line := range strings.Split(text, "\n") {
		trimmed := strings.TrimSpace(line)
		if fence != "" {
			if strings.HasPrefix(trimmed, fence) {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
			fence = trimmed[:3]
			continue
		}
		for _, m := range htmlAnchor.FindAllStringSubmatch(line, -1) {
			anchors[m[1]] = true
		}
		if m := heading.FindStringSubmatch(line); m != nil {
			slug := Slug(m[2])
			if n := seen[slug]; n > 0 {
				anchors[fmt.Sprintf("%s-%d", slug, n)] = true
			} else {
				anchors[slug] = true
			}
			seen[slug]++
		}
		plain := codeSpan.ReplaceAllString(line, "")
		for _, m := range inlineLink.FindAllStringSubmatch(plain, -1) {
			links = append(links, link{target: m[1], line: i + 1})
		}
		if m := refDef.FindStringSubmatch(plain); m != nil {
			links = append(links, link{target: m[1], line: i + 1})
		}
	}
	return links, anchors
}

var (
	mdLink = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
	tags   = regexp.MustCompile(`<[^>]+>`)
)

// Slug is the anchor GitHub gives a heading: its rendered text in lower
// case, without punctuation other than - and _, spaces turned into
// hyphens (a repeated heading gets -1, -2 … appended by scan).
func Slug(h string) string {
	h = mdLink.ReplaceAllString(h, "$1")
	h = tags.ReplaceAllString(h, "")
	h = strings.NewReplacer("`", "", "**", "", "__", "").Replace(h)
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		switch {
		case r == ' ':
			b.WriteRune('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// TestLinks checks every link of README.md and docs/*.md: a relative link
// names a file or directory that exists and, with #anchor into a Markdown
// page, a heading of that page; an external link is a well-formed http(s)
// URL (it is not fetched).
func TestLinks(t *testing.T) {
	anchorsOf := map[string]map[string]bool{}
	linksOf := map[string][]link{}
	for _, p := range pages(t) {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		linksOf[p], anchorsOf[p] = scan(string(raw))
	}
	anchors := func(path string) (map[string]bool, error) {
		if a, ok := anchorsOf[path]; ok {
			return a, nil
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		_, a := scan(string(raw))
		anchorsOf[path] = a
		return a, nil
	}
	checked := 0
	for _, p := range pages(t) {
		rel, _ := filepath.Rel(root, p)
		for _, l := range linksOf[p] {
			checked++
			where := fmt.Sprintf("%s:%d: %s", rel, l.line, l.target)
			if err := checkLink(p, l.target, anchors); err != nil {
				t.Errorf("%s: %v", where, err)
			}
		}
	}
	if checked < 50 {
		t.Fatalf("only %d links found: the scanner misses links", checked)
	}
}

// checkLink checks one link target found in page.
func checkLink(page, target string, anchors func(string) (map[string]bool, error)) error {
	if target == "" {
		return fmt.Errorf("empty link")
	}
	u, err := url.Parse(target)
	if err != nil {
		return fmt.Errorf("not a URL: %w", err)
	}
	switch u.Scheme {
	case "http", "https":
		if u.Host == "" || strings.ContainsAny(target, " \t") {
			return fmt.Errorf("not a well-formed %s URL", u.Scheme)
		}
		return nil
	case "mailto":
		if !strings.Contains(u.Opaque, "@") {
			return fmt.Errorf("not an e-mail address")
		}
		return nil
	case "":
	default:
		return fmt.Errorf("scheme %q: want http, https, mailto or a relative path", u.Scheme)
	}
	path := page
	if u.Path != "" {
		path = filepath.Join(filepath.Dir(page), filepath.FromSlash(u.Path))
		if _, err := os.Stat(path); err != nil {
			return fmt.Errorf("no such file (%s)", filepath.ToSlash(path))
		}
	}
	if u.Fragment == "" || !strings.HasSuffix(path, ".md") {
		return nil
	}
	a, err := anchors(path)
	if err != nil {
		return err
	}
	if !a[u.Fragment] {
		return fmt.Errorf("no heading with anchor #%s in %s", u.Fragment, filepath.Base(path))
	}
	return nil
}

// TestSlugLikeGitHub pins the anchor rule on headings of these docs.
func TestSlugLikeGitHub(t *testing.T) {
	for h, want := range map[string]string{
		"Security › Tested attacks":              "security--tested-attacks",
		"The `meta` object":                      "the-meta-object",
		"`mspbot classify`":                      "mspbot-classify",
		"Checking the configuration":             "checking-the-configuration",
		"Server, Redis and the JSON API":         "server-redis-and-the-json-api",
		"Rückruf: Ablauf (de/en)":                "rückruf-ablauf-deen",
		"[Knowledge](docs/knowledge.md) in 2026": "knowledge-in-2026",
		"Step 1 – create the app":                "step-1--create-the-app",
	} {
		if got := Slug(h); got != want {
			t.Errorf("Slug(%q) = %q, want %q", h, got, want)
		}
	}
	links, anchors := scan("# A\n\n## A\n\n```\n[not](a-link.md)\n```\nSee [b](b.md#x) and `[c](c.md)`.\n")
	if !anchors["a"] || !anchors["a-1"] || len(links) != 1 || links[0].target != "b.md#x" {
		t.Errorf("scan: links %v, anchors %v", links, anchors)
	}
}

// TestCheckLinkRefusesBrokenOnes: a missing file, a missing heading and a
// malformed URL are each refused.
func TestCheckLinkRefusesBrokenOnes(t *testing.T) {
	read := func(path string) (map[string]bool, error) {
		raw, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		_, a := scan(string(raw))
		return a, nil
	}
	readme := filepath.Join(root, "README.md")
	for target, ok := range map[string]bool{
		"docs/settings.md": true,
		"docs/settings.md#checking-the-configuration": true,
		"docs/settings.md#no-such-heading":            false,
		"docs/no-such-page.md":                        false,
		"https://github.com/alicebob/miniredis":       true,
		"https://":                                    false,
		"ftp://example.com/x":                         false,
	} {
		if err := checkLink(readme, target, read); (err == nil) != ok {
			t.Errorf("checkLink(%q) = %v, want ok=%v", target, err, ok)
		}
	}
}
