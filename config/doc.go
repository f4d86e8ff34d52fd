package config

import (
	"fmt"
	"strings"
)

//go:generate go run ./gendoc ../docs/settings.md

// DocBegin and DocEnd mark the generated settings reference in
// docs/settings.md; everything between them is SettingsDoc's text.
const (
	DocBegin = "<!-- settings:begin (generated from config.Settings by go generate ./config; do not edit by hand) -->"
	DocEnd   = "<!-- settings:end -->"
)

// docGroup is one section of the settings reference: its heading, an
// optional paragraph under it, and the setting that begins its run in
// Settings (every setting up to the next group's first belongs to it).
type docGroup struct {
	title, intro, first string
}

// docGroups returns the sections of the reference in the order they are
// printed, which may differ from the order of Settings.
func docGroups() []docGroup {
	return []docGroup{
		{title: "Server, Redis and the JSON API", first: "MSPBOT_HTTP_ADDR"},
		{title: "Staff page", first: "MSPBOT_STAFF_OIDC_ISSUER",
			intro: "The staff page `/staff` ([Staff page](staff-page.md)): staff sign in with the provider's OpenID Connect identity\n" +
				"provider. Either all of issuer, client id, redirect URL and a staff group or e-mail list, or none (then `/staff`\n" +
				"says how to turn it on)."},
		{title: "Slack", first: "SLACK_BOT_TOKEN"},
		{title: "Discord", first: "DISCORD_BOT_TOKEN"},
		{title: "Conversations, limits and the web chat", first: "MSPBOT_SESSION_TTL"},
		{title: "Calendar and callbacks", first: "MSPBOT_TIMEZONE"},
		{title: "Vendor appointments", first: "MSPBOT_VENDOR_LEAD_TIME"},
		{title: "Knowledge and the language model", first: "MSPBOT_KNOWLEDGE_FILE"},
		{title: "E-mail", first: "MSPBOT_SMTP_HOST"},
		{title: "Vendor accounts", first: "MSPBOT_ACCOUNT_WEBHOOK_URL"},
		{title: "Microsoft Teams", first: "TEAMS_APP_ID"},
		{title: "Meeting protocols", first: "MSPBOT_SIGNING_KEY"},
		{title: "Logs and profiling", first: "MSPBOT_DEBUG_ADDR"},
	}
}

// docSeeAlso links a setting's row to the page that explains it further.
func docSeeAlso() map[string]string {
	return map[string]string{
		"MSPBOT_ORGANIZATIONS":    "See [Client organisations](platforms.md#client-organisations).",
		"MSPBOT_DISCORD_COMMANDS": "See [Discord](platforms.md#discord).",
	}
}

// SettingsDoc returns the settings reference of docs/settings.md: a table
// per topic, one row per setting of Settings with its variable, YAML key,
// default and help, and how secrets and URLs are shown. It is the text
// between DocBegin and DocEnd (go generate ./config writes it there).
func SettingsDoc() (string, error) {
	groups := docGroups()
	index := make(map[string]int, len(groups))
	for i, g := range groups {
		index[g.first] = i
	}
	rows := make([][]Setting, len(groups))
	cur := -1
	for _, s := range Settings() {
		if i, ok := index[s.Env]; ok {
			cur = i
		}
		if cur < 0 {
			return "", fmt.Errorf("setting %s comes before the first documented group", s.Env)
		}
		rows[cur] = append(rows[cur], s)
	}
	var b strings.Builder
	b.WriteString(DocBegin + "\n\n")
	b.WriteString("| variable | YAML key | default | what it does |\n| --- | --- | --- | --- |\n")
	b.WriteString("| `MSPBOT_CONFIG` | – | (empty) | Path of the YAML file. |\n")
	see := docSeeAlso()
	for i, g := range groups {
		if len(rows[i]) == 0 {
			continue // a group whose settings do not exist (yet)
		}
		fmt.Fprintf(&b, "\n### %s\n\n", g.title)
		if g.intro != "" {
			b.WriteString(g.intro + "\n\n")
		}
		b.WriteString("| variable | YAML key | default | what it does |\n| --- | --- | --- | --- |\n")
		for _, s := range rows[i] {
			def := s.Default
			if def == "" {
				def = "(empty)"
			}
			help := s.Help
			switch {
			case s.Secret && s.URL:
				help += " Secret: printed and logged only with its user info and secret-looking parameters (`password=` …) masked."
			case s.Secret:
				help += " Secret: masked in output, never logged."
			case s.URL:
				help += " URL: printed and logged with its user info and secret-looking parameters masked."
			}
			if extra := see[s.Env]; extra != "" {
				help += " " + extra
			}
			fmt.Fprintf(&b, "| `%s` | `%s` | `%s` | %s |\n", s.Env, s.YAML, def, strings.ReplaceAll(help, "|", `\|`))
		}
	}
	b.WriteString("\n" + DocEnd)
	return b.String(), nil
}

// ReplaceDoc returns page with the text between DocBegin and DocEnd
// (markers included) replaced by doc, which SettingsDoc made.
func ReplaceDoc(page, doc string) (string, error) {
	i := strings.Index(page, DocBegin)
	j := strings.Index(page, DocEnd)
	if i < 0 || j < i {
		return "", fmt.Errorf("the page has no %q … %q markers", DocBegin, DocEnd)
	}
	return page[:i] + doc + page[j+len(DocEnd):], nil
}
