package config

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestSettingsDocIsGenerated fails when docs/settings.md's reference is not
// what config.Settings says: a setting added, renamed or re-explained
// without running go generate ./config.
func TestSettingsDocIsGenerated(t *testing.T) {
	page, err := os.ReadFile("../docs/settings.md")
	if err != nil {
		t.Fatal(err)
	}
	want, err := SettingsDoc()
	if err != nil {
		t.Fatal(err)
	}
	got, err := ReplaceDoc(string(page), want)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(page) {
		t.Fatalf("docs/settings.md differs from the settings in config: run go generate ./config\n%s", firstDiff(string(page), got))
	}
}

// firstDiff shows the first line where have and want differ.
func firstDiff(have, want string) string {
	h, w := strings.Split(have, "\n"), strings.Split(want, "\n")
	for i := 0; i < max(len(h), len(w)); i++ {
		var a, b string
		if i < len(h) {
			a = h[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\n  file:      " + a + "\n  generated: " + b
		}
	}
	return ""
}

// TestSettingsDocCoversEverySetting checks that each group of the reference
// starts at a setting that exists and that every setting gets a row once.
func TestSettingsDocCoversEverySetting(t *testing.T) {
	known := map[string]bool{}
	for _, s := range Settings() {
		known[s.Env] = true
	}
	for _, g := range docGroups() {
		if !known[g.first] {
			t.Errorf("docs group %q starts at %s, which is not a setting", g.title, g.first)
		}
	}
	doc, err := SettingsDoc()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range Settings() {
		row := "| `" + s.Env + "` | `" + s.YAML + "` |"
		if n := strings.Count(doc, row); n != 1 {
			t.Errorf("the generated reference has %d rows for %s, want 1", n, s.Env)
		}
		if s.Help == "" {
			t.Errorf("%s has no help text", s.Env)
		}
	}
	for env := range docSeeAlso() {
		if !known[env] {
			t.Errorf("a see-also link is kept for %s, which is not a setting", env)
		}
	}
}
