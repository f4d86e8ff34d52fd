package protocols

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
)

// labels of the exports in both languages.
type labels struct {
	protocol, version, state, date, parties, signers, attendees, items, hash, signatures, key, binding, notBinding string
	roles                                                                                                          map[Role]string
	kinds                                                                                                          map[ItemKind]string
	due, owner, signedAt, none, appointment, verify                                                                string
}

var exportLabels = map[string]labels{
	"de": {protocol: "Protokoll", version: "Version", state: "Stand", date: "Datum", parties: "Parteien", signers: "Unterzeichner",
		attendees: "Teilnehmende", items: "Vereinbarungen, Entscheidungen und Aufgaben", hash: "SHA-256 des Inhalts (kanonische Form)",
		signatures: "Unterschriften", key: "Schlüssel des Bots", binding: "verbindlich: alle Unterzeichner haben diese Version unterschrieben",
		notBinding: "noch nicht verbindlich", roles: map[Role]string{RoleClient: "Kunde", RoleVendor: "Hersteller", RoleProvider: "Dienstleister"},
		kinds: map[ItemKind]string{ItemAgreement: "Vereinbarung", ItemDecision: "Entscheidung", ItemAction: "Aufgabe"},
		due:   "bis", owner: "verantwortlich", signedAt: "unterschrieben am", none: "keine", appointment: "Zugriffstermin",
		verify: "Prüfen: mspbot protocol verify"},
	"en": {protocol: "Protocol", version: "Version", state: "Status", date: "Date", parties: "Parties", signers: "Signers",
		attendees: "Attendees", items: "Agreements, decisions and action items", hash: "SHA-256 of the content (canonical form)",
		signatures: "Signatures", key: "Bot key", binding: "binding: every signer signed this version",
		notBinding: "not yet binding", roles: map[Role]string{RoleClient: "Client", RoleVendor: "Vendor", RoleProvider: "Provider"},
		kinds: map[ItemKind]string{ItemAgreement: "Agreement", ItemDecision: "Decision", ItemAction: "Action"},
		due:   "due", owner: "owner", signedAt: "signed at", none: "none", appointment: "Vendor appointment",
		verify: "Check: mspbot protocol verify"},
}

func labelsFor(lang string) labels {
	if lang == "en" {
		return exportLabels["en"]
	}
	return exportLabels["de"]
}

// RoleName is a role in lang ("Kunde", "Vendor").
func RoleName(r Role, lang string) string { return labelsFor(lang).roles[r] }

// KindName is an item kind in lang ("Entscheidung", "Action").
func KindName(k ItemKind, lang string) string { return labelsFor(lang).kinds[k] }

// ItemText is one item as a line: "Aufgabe (Herr X, bis 15.12.2026): text".
func ItemText(it Item, lang string) string {
	l := labelsFor(lang)
	var extra []string
	if it.Owner != "" {
		extra = append(extra, it.Owner)
	}
	if it.Due != "" {
		due := it.Due
		if d, err := time.Parse("2006-01-02", it.Due); err == nil && lang != "en" {
			due = d.Format("02.01.2006")
		}
		extra = append(extra, l.due+" "+due)
	}
	s := l.kinds[it.Kind]
	if len(extra) > 0 {
		s += " (" + strings.Join(extra, ", ") + ")"
	}
	return s + ": " + it.Text
}

// DateText is a time in loc, "15.12.2026 10:00" or "2026-12-15 10:00" (no
// time of day when it is midnight).
func DateText(t time.Time, loc *time.Location, lang string) string {
	if t.IsZero() {
		return "–"
	}
	if loc == nil {
		loc = time.UTC
	}
	t = t.In(loc)
	layout := "02.01.2006"
	if lang == "en" {
		layout = "2006-01-02"
	}
	if t.Hour() != 0 || t.Minute() != 0 {
		layout += " 15:04"
	}
	return t.Format(layout)
}

// exportLines is the protocol as headed sections of lines, shared by the
// Markdown and PDF exports.
type section struct {
	head  string
	lines []string
}

func exportSections(p Protocol, pubFingerprint string, loc *time.Location, lang string) (title string, meta []string, secs []section) {
	l := labelsFor(lang)
	c := p.Content
	title = fmt.Sprintf("%s %s: %s", l.protocol, p.ID, c.Title)
	state := l.notBinding
	if p.Binding() {
		state = l.binding
	}
	meta = []string{
		fmt.Sprintf("%s: %s", l.date, DateText(c.Date, loc, lang)),
		fmt.Sprintf("%s: %d", l.version, p.Version),
		fmt.Sprintf("%s: %s", l.state, state),
	}
	if c.Appointment != "" {
		meta = append(meta, fmt.Sprintf("%s: %s", l.appointment, c.Appointment))
	}
	var parties []string
	for _, pa := range c.Parties {
		line := l.roles[pa.Role]
		if pa.Name != "" {
			line += ": " + pa.Name
		}
		var ss []string
		for _, s := range pa.Signers {
			ss = append(ss, fmt.Sprintf("%s (%s, %s)", s.Name, s.ID, s.Email))
		}
		if len(ss) > 0 {
			line += " – " + l.signers + ": " + strings.Join(ss, "; ")
		}
		parties = append(parties, line)
	}
	secs = append(secs, section{l.parties, parties})
	att := c.Attendees
	if len(att) == 0 {
		att = []string{l.none}
	}
	secs = append(secs, section{l.attendees, att})
	var items []string
	for i, it := range c.Items {
		items = append(items, fmt.Sprintf("%d. %s", i+1, ItemText(it, lang)))
	}
	secs = append(secs, section{l.items, items})
	var sigs []string
	for _, s := range p.Current() {
		sigs = append(sigs, fmt.Sprintf("%s (%s), %s %s, %s %d, %s, attestation %s", s.Name, s.Signer, l.signedAt,
			s.At.UTC().Format(time.RFC3339), l.version, s.Version, s.Hash, s.Attestation))
	}
	if len(sigs) == 0 {
		sigs = []string{l.none}
	}
	secs = append(secs, section{l.signatures, sigs})
	secs = append(secs, section{l.hash, []string{p.Hash, l.key + ": " + pubFingerprint, l.verify + " " + p.ID}})
	return title, meta, secs
}

// Markdown is the protocol as a Markdown document with its hash and every
// signature of the current version.
func Markdown(p Protocol, pubFingerprint string, loc *time.Location, lang string) []byte {
	title, meta, secs := exportSections(p, pubFingerprint, loc, lang)
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", title)
	for _, m := range meta {
		fmt.Fprintf(&b, "- %s\n", m)
	}
	for _, s := range secs {
		fmt.Fprintf(&b, "\n## %s\n\n", s.head)
		for _, line := range s.lines {
			if len(line) > 0 && line[0] >= '0' && line[0] <= '9' {
				fmt.Fprintf(&b, "%s\n", line)
			} else {
				fmt.Fprintf(&b, "- %s\n", line)
			}
		}
	}
	return []byte(b.String())
}

// PDF is the protocol as a PDF (A4) with its hash and every signature of
// the current version. Text is set in the core Helvetica font through
// fpdf's cp1252 translator, which covers German (ä ö ü ß „ “ –); characters
// outside cp1252 are replaced.
func PDF(p Protocol, pubFingerprint string, loc *time.Location, lang string) ([]byte, error) {
	title, meta, secs := exportSections(p, pubFingerprint, loc, lang)
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCreationDate(p.Updated)
	pdf.SetModificationDate(p.Updated)
	pdf.SetTitle(title, true)
	pdf.SetAuthor("mspbot", true)
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	pdf.SetMargins(18, 18, 18)
	pdf.SetAutoPageBreak(true, 18)
	pdf.AddPage()
	pdf.SetFont("Helvetica", "B", 15)
	pdf.MultiCell(0, 7, tr(title), "", "L", false)
	pdf.Ln(2)
	pdf.SetFont("Helvetica", "", 10)
	for _, m := range meta {
		pdf.MultiCell(0, 5, tr(m), "", "L", false)
	}
	for _, s := range secs {
		pdf.Ln(3)
		pdf.SetFont("Helvetica", "B", 12)
		pdf.MultiCell(0, 6, tr(s.head), "", "L", false)
		pdf.SetFont("Helvetica", "", 10)
		for _, line := range s.lines {
			pdf.MultiCell(0, 5, tr(line), "", "L", false)
		}
	}
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		return nil, fmt.Errorf("protocol %s as PDF: %w", p.ID, err)
	}
	return b.Bytes(), nil
}
