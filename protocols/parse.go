package protocols

import (
	"errors"
	"fmt"
	"net/mail"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Errors of single lines; the handler names them to the user.
var (
	ErrBadDate     = errors.New("date not understood")
	ErrBadIdentity = errors.New("signer is not a platform identity")
	ErrBadEmail    = errors.New("not an e-mail address")
	ErrNoSuchItem  = errors.New("no such item")
	ErrNoSigner    = errors.New("no such signer")
	ErrNoRole      = errors.New("signer line names no party (client, vendor or provider)")
)

// ParseContext is what reading a line needs: the platform the message came
// from (mentions name its users), the writer's own identity ("ich", "me"),
// the provider's time zone and the clock.
type ParseContext struct {
	Platform string
	Self     Identity
	Loc      *time.Location
	Now      time.Time
}

// Line is one understood line of a message.
type Line struct {
	// Raw is the line as written.
	Raw string
	// Field names what it sets: title, date, party, signer, email,
	// remove_signer, attendees, agreement, decision, action, remove_item,
	// replace_item, appointment.
	Field string
	// Apply changes the content; it may fail (ErrNoSuchItem, ...).
	Apply func(*Content) error
	// Err is set when the line was recognised but its value is not valid.
	Err error
	// Skipped is what of a valid line was not taken, as written ("ich und
	// Herr Krämer": the typed name "Herr Krämer", not an identity).
	Skipped string
	// Corrects is, for a correction ("Korrektur: Entscheidung: …"), the
	// new text of the item it replaces: the last of its kind.
	Corrects string
	// item is the item an agreement, decision or action line adds.
	item *Item
}

// Parsed is a message read as protocol lines.
type Parsed struct {
	Lines []Line
	// Unknown are the lines that were not recognised, as written.
	Unknown []string
}

var (
	reTitle     = regexp.MustCompile(`(?i)^(?:titel|title|betreff|subject|thema|topic)\s*:\s*(.+)$`)
	reDate      = regexp.MustCompile(`(?i)^(?:datum|date|gesprächsdatum|gespraechsdatum|meeting date|besprechung am|am|wann|when|zeitpunkt|held on|stattgefunden am)\s*:\s*(.+)$`)
	reParty     = regexp.MustCompile(`(?i)^(kunde|kundin|klient|klientin|client|customer|hersteller|vendor|anbieter|dienstleister|provider|msp)\s*:\s*(.+)$`)
	reSigner    = regexp.MustCompile(`(?i)^(?:unterzeichner(?:in|innen)?|unterschriften|unterschrift|unterschreibt|unterschreiben(?: sollen| müssen)?|abzeichnen(?: sollen| müssen)?|gegenzeichnen|sign-?off|to sign|signers?|signatory|signatories|signs|signed by|sign)\s*(?:\(\s*)?(kunde|kundin|klient|klientin|client|customer|hersteller|vendor|anbieter|dienstleister|provider|msp)?(?:\s*\))?\s*:\s*(.+)$`)
	reNoSigner  = regexp.MustCompile(`(?i)^(?:unterzeichner(?:in)?|signer)\s+(?:entfernen|löschen|loeschen|streichen|remove|delete)\s*:?\s*(\S+)$`)
	reEmail     = regexp.MustCompile(`(?i)^(?:e-?mail|mail)\s+(?:von\s+|of\s+|for\s+|für\s+)?(\S+)\s*:?\s*(\S+@\S+)$`)
	reAttendees = regexp.MustCompile(`(?i)^(?:teilnehmer(?:innen)?|teilnehmende|anwesend|attendees?|participants?|present)\s*:\s*(.+)$`)
	reAgreement = regexp.MustCompile(`(?i)^(?:vereinbarung|vereinbart|abrede|absprache|abmachung|agreement|agreed)\s*:\s*(.+)$`)
	reDecision  = regexp.MustCompile(`(?i)^(?:entscheidung|beschluss|beschlossen|entschieden|decision|decided|resolution)\s*:\s*(.+)$`)
	reAction    = regexp.MustCompile(`(?i)^(?:aufgabe|to[- ]?do|action(?:\s+item)?|maßnahme|massnahme|task)\s*:\s*(.+)$`)
	reActionBy  = regexp.MustCompile(`(?i)^(.{1,60}?)\s+(?:bis(?:\s+zum)?|by|until|due)\s+([0-9]{1,4}[./-][0-9]{1,2}(?:[./-][0-9]{0,4})?\.?)\s*:\s*(.+)$`)
	reActionOwn = regexp.MustCompile(`^([^:]{1,60}?)\s*:\s*(.+)$`)
	reRemove    = regexp.MustCompile(`(?i)^(?:(?:punkt|item|nr\.?|nummer|eintrag)\s*(\d+)\s+(?:löschen|loeschen|entfernen|streichen|delete|remove)|(?:lösche|loesche|entferne|streiche|delete|remove)\s+(?:punkt|item|nr\.?|eintrag)\s*(\d+))\s*\.?$`)
	reReplace   = regexp.MustCompile(`(?i)^(?:punkt|item|nr\.?|eintrag)\s*(\d+)\s*:\s*(.+)$`)
	// reCorrect is a line said again as a correction: "Korrektur:
	// Entscheidung: …" replaces the last item of its kind.
	reCorrect  = regexp.MustCompile(`(?i)^(?:korrektur|korrigiert|berichtigung|richtig ist|correction|corrected|fix)\s*[:–-]\s*(.+)$`)
	reAppoint  = regexp.MustCompile(`(?i)^(?:zugriffstermin|herstellertermin|termin|appointment|vendor appointment)\s*:\s*(\S+)$`)
	reMention  = regexp.MustCompile(`^<@!?([A-Za-z0-9]+)(?:\|[^>]*)?>$`)
	reAtUser   = regexp.MustCompile(`^@([A-Za-z0-9._:-]{1,128})$`)
	reExplicit = regexp.MustCompile(`^(web|webchat|slack|discord|teams|console):([A-Za-z0-9._:@-]{1,128})$`)
)

var roleWords = map[string]Role{
	"kunde": RoleClient, "kundin": RoleClient, "klient": RoleClient, "klientin": RoleClient, "client": RoleClient, "customer": RoleClient,
	"hersteller": RoleVendor, "vendor": RoleVendor, "anbieter": RoleVendor,
	"dienstleister": RoleProvider, "provider": RoleProvider, "msp": RoleProvider,
}

// ParseIdentity reads a signer's identity as written in a message on
// platform: a Slack or Discord mention (<@U024BE7LH>, <@!80351110224678912>)
// names a user of that platform; on the JSON API ("web") @user names an API
// user id; platform:user names anyone explicitly; "ich"/"me" is the writer.
// A typed name is never an identity.
func ParseIdentity(tok string, pc ParseContext) (Identity, bool) {
	tok = strings.TrimRight(strings.TrimSpace(tok), ",;:.")
	switch strings.ToLower(tok) {
	case "ich", "mich", "me", "myself", "i":
		return pc.Self, !pc.Self.IsZero()
	}
	if m := reMention.FindStringSubmatch(tok); m != nil && (pc.Platform == "slack" || pc.Platform == "discord") {
		return Identity{Platform: pc.Platform, User: m[1]}, true
	}
	if m := reAtUser.FindStringSubmatch(tok); m != nil && pc.Platform == "web" {
		return Identity{Platform: "web", User: m[1]}, true
	}
	if m := reExplicit.FindStringSubmatch(tok); m != nil {
		return Identity{Platform: m[1], User: m[2]}, true
	}
	return Identity{}, false
}

// Parse reads a message line by line; a pasted block is many lines. Blank
// lines and bullets are skipped.
func Parse(text string, pc ParseContext) Parsed {
	var out Parsed
	head := "" // the label of a list whose items follow on lines of their own
	for _, raw := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line := strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(raw), "-*•–·>"))
		if line == "" {
			continue
		}
		if m := reListHead.FindStringSubmatch(line); m != nil {
			// "Vereinbarungen:" alone, its items below
			head = listLabels[strings.ToLower(m[1])]
			continue
		}
		if m := reHeadPhrase.FindStringSubmatch(line); m != nil {
			// "Vereinbart wurde:", "Next steps:" alone, its items below
			head = headPhraseLabel(m)
			continue
		}
		if head != "" {
			if _, ok := parseLine(line, pc); ok {
				head = ""
			} else {
				line = head + ": " + strings.TrimSpace(reListLead.ReplaceAllString(line, ""))
			}
		}
		for _, line := range expandList(line) {
			if _, ok := parseLine(line, pc); !ok {
				if m := reBareLabel.FindStringSubmatch(line); m != nil {
					// "datum 8.12. 14 uhr": the label without its colon
					if l, ok := parseLine(m[1]+": "+m[2], pc); ok {
						l.Raw = line
						out.Lines = append(out.Lines, l)
						continue
					}
				}
			}
			if l, ok := parseLine(line, pc); ok {
				l.Raw = line
				out.Lines = append(out.Lines, l)
			} else {
				out.Unknown = append(out.Unknown, line)
			}
		}
	}
	return out
}

// reList is a label in the plural before a list of items on one line
// ("Decisions: 1) … 2) …", "Aufgaben: …; …"); reListItem a number that
// starts an item of it.
var (
	reList     = regexp.MustCompile(`(?i)^(decisions|entscheidungen|beschlüsse|beschluesse|agreements|vereinbarungen|absprachen|action items|actions|tasks|aufgaben|to-?dos|maßnahmen|massnahmen|vereinbart|agreed|beschlossen|decided|entscheidung|decision|vereinbarung|agreement|aufgabe|action item)\s*:\s*(.+)$`)
	reListItem = regexp.MustCompile(`(?:^|\s)\(?(\d{1,2})[.)]\s+`)
	reListLead = regexp.MustCompile(`^\(?\d{1,2}[.)]\s+`)
	reListHead = regexp.MustCompile(`(?i)^(decisions|entscheidungen|beschlüsse|beschluesse|agreements|vereinbarungen|absprachen|action items|actions|tasks|aufgaben|to-?dos|maßnahmen|massnahmen|vereinbart|agreed|beschlossen|decided|entscheidung|decision|vereinbarung|agreement|aufgabe|action item)\s*:\s*$`)
)

// reBareLabel is a line that starts with the label of the date or the
// title but without its colon ("datum 8.12. 14 uhr", "Titel Update
// Werbas"): group 1 the label, group 2 the value.
var reBareLabel = regexp.MustCompile(`(?i)^(datum|date|titel|title)\s+(\S.*)$`)

// reSignerSentence names the signers in a sentence without a colon
// ("Unterschreiben sollen ich und der Techniker …", "Signing will be me
// and @vl"): group 1 the signers.
var reSignerSentence = regexp.MustCompile(`(?i)^(?:es\s+)?(?:unterschreiben|unterzeichnen|abzeichnen|signing|sign)\s+(?:sollen|müssen|muessen|werden|will|should|must|are|is)\s+(?:be\s+)?(.+)$`)

// reHeadPhrase is a list's label said as a phrase on a line of its own
// ("Vereinbart wurde:", "Wir haben vereinbart:", "Ergebnisse:", "Next
// steps:"): group 1 agreements, group 2 decisions, group 3 tasks.
var reHeadPhrase = regexp.MustCompile(`(?i)^(?:(vereinbart wurde|wir haben (?:folgendes )?vereinbart|folgendes wurde vereinbart|es wurde vereinbart|abgesprochen wurde|wir haben (?:folgendes )?abgesprochen|we agreed(?: on)?|it was agreed|agreed (?:on|upon))|((?:unsere |die )?ergebnisse?|beschlossen wurde|wir haben (?:folgendes )?beschlossen|outcomes?|results?|we decided)|(nächste schritte|naechste schritte|next steps|to-?dos?|offene punkte|open items))\s*:?\s*:\s*$`)

// englishHeadRE tells an English list label from a German one.
var englishHeadRE = regexp.MustCompile(`(?i)\b(?:we|it|agreed|outcomes?|results?|next|to-?dos?|open)\b`)

// headPhraseLabel is the label of one item under a reHeadPhrase match,
// in the phrase's language.
func headPhraseLabel(m []string) string {
	en := englishHeadRE.MatchString(m[0])
	switch {
	case m[1] != "" && en:
		return "Agreed"
	case m[1] != "":
		return "Vereinbart"
	case m[2] != "" && en:
		return "Decision"
	case m[2] != "":
		return "Entscheidung"
	case en:
		return "Task"
	}
	return "Aufgabe"
}

// reTitleWithDate is a title line that goes on with when the talk was
// ("Titel: … . Besprechung war heute (7.12.) um 10 Uhr"): group 1 the
// title, group 2 the date.
var reTitleWithDate = regexp.MustCompile(`(?i)^(?:titel|title|betreff|subject)\s*:\s*(.+?)[.;]\s+((?:die |das |the )?(?:besprechung|gespräch|gespraech|meeting|termin|sitzung|call|treffen)\s+(?:war|fand|was|took place|am|on)\b.*\d.*)$`)

var (
	reDateIn  = regexp.MustCompile(`\b(\d{1,2}\.\d{1,2}\.(?:\d{2,4})?)`)
	reClockIn = regexp.MustCompile(`(?i)\b(\d{1,2})(?:[:.](\d{2}))?\s*(?:uhr|h\b)|\b(\d{1,2})(?::(\d{2}))?\s*(am|pm)\b`)
	reDayWord = regexp.MustCompile(`(?i)\b(heute|today|gestern|yesterday)\b`)
)

// dateInSentence is the date and time a sentence about the talk names
// ("Besprechung war heute (7.12.) um 10 uhr" → "7.12. 10:00"), for
// ParseDate; the sentence itself when it names none.
func dateInSentence(s string) string {
	day := ""
	if m := reDateIn.FindStringSubmatch(s); m != nil {
		day = m[1]
	} else if m := reDayWord.FindStringSubmatch(s); m != nil {
		day = strings.ToLower(m[1])
	}
	if day == "" {
		return s
	}
	if m := reClockIn.FindStringSubmatch(s); m != nil {
		if m[1] != "" {
			mi := m[2]
			if mi == "" {
				mi = "00"
			}
			return day + " " + m[1] + ":" + mi
		}
		mi := m[4]
		if mi == "" {
			mi = "00"
		}
		return day + " " + m[3] + ":" + mi + " " + m[5]
	}
	return day
}

// listLabels give the label of one item of a list.
var listLabels = map[string]string{
	"decisions": "Decision", "entscheidungen": "Entscheidung", "beschlüsse": "Beschluss", "beschluesse": "Beschluss",
	"agreements": "Agreement", "vereinbarungen": "Vereinbarung", "absprachen": "Absprache",
	"action items": "Action", "actions": "Action", "tasks": "Task", "aufgaben": "Aufgabe", "todos": "Todo", "to-dos": "Todo",
	"maßnahmen": "Maßnahme", "massnahmen": "Maßnahme",
	// a label in the singular takes a list only when its items are numbered
	"vereinbart": "Vereinbart", "agreed": "Agreed", "beschlossen": "Beschlossen", "decided": "Decided",
	"entscheidung": "Entscheidung", "decision": "Decision", "vereinbarung": "Vereinbarung", "agreement": "Agreement",
	"aufgabe": "Aufgabe", "action item": "Action item",
}

// numberedItems finds the numbers that start the items of a list, 1, 2,
// 3 … in order; a number in an item's text ("am 21. Dezember") is none.
func numberedItems(s string) [][]int {
	var out [][]int
	next := 1
	for _, l := range reListItem.FindAllStringSubmatchIndex(s, -1) {
		if n, err := strconv.Atoi(s[l[2]:l[3]]); err == nil && n == next {
			out = append(out, []int{l[0], l[1]})
			next++
		}
	}
	return out
}

// expandList writes a list of items on one line as one line per item
// ("Decisions: 1) a 2) b" → "Decision: a", "Decision: b"; items apart by
// numbers or semicolons), and a title with the date said after it as two
// lines; any other line stays as it is.
func expandList(line string) []string {
	if m := reTitleWithDate.FindStringSubmatch(line); m != nil {
		// "Titel: Planung Kasse. Besprechung war heute (7.12.) um 10 Uhr":
		// the title, and the date said after it
		return []string{"Titel: " + m[1], "Datum: " + dateInSentence(m[2])}
	}
	m := reList.FindStringSubmatch(line)
	if m == nil {
		return []string{line}
	}
	lower := strings.ToLower(m[1])
	label := listLabels[lower]
	singular := strings.EqualFold(label, lower)
	var parts []string
	if locs := numberedItems(m[2]); len(locs) > 0 && locs[0][0] == 0 && (!singular || len(locs) >= 2) {
		for i, l := range locs {
			end := len(m[2])
			if i+1 < len(locs) {
				end = locs[i+1][0]
			}
			parts = append(parts, m[2][l[1]:end])
		}
	} else if !singular {
		parts = strings.Split(m[2], ";")
	} else {
		return []string{line}
	}
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(p), ";,")); p != "" {
			out = append(out, label+": "+p)
		}
	}
	if len(out) == 0 {
		return []string{line}
	}
	return out
}

func parseLine(line string, pc ParseContext) (Line, bool) {
	if m := reCorrect.FindStringSubmatch(line); m != nil {
		l, ok := parseLine(m[1], pc)
		if !ok || l.Err != nil || l.item == nil {
			// a title, a date, a signer: setting them again corrects them
			return l, ok
		}
		it := *l.item
		return Line{Field: l.Field, item: l.item, Corrects: it.Text, Apply: func(c *Content) error {
			for i := len(c.Items) - 1; i >= 0; i-- {
				if c.Items[i].Kind == it.Kind {
					c.Items[i] = it
					return nil
				}
			}
			c.Items = append(c.Items, it)
			return nil
		}}, true
	}
	if m := reNoSigner.FindStringSubmatch(line); m != nil {
		id, ok := ParseIdentity(m[1], pc)
		if !ok {
			return Line{Field: "remove_signer", Err: ErrBadIdentity}, true
		}
		return Line{Field: "remove_signer", Apply: func(c *Content) error {
			for i := range c.Parties {
				if j := slices.IndexFunc(c.Parties[i].Signers, func(s Signer) bool { return s.ID == id }); j >= 0 {
					c.Parties[i].Signers = slices.Delete(c.Parties[i].Signers, j, j+1)
					return nil
				}
			}
			return fmt.Errorf("%s: %w", id, ErrNoSigner)
		}}, true
	}
	if m := reSigner.FindStringSubmatch(line); m != nil {
		return signerLine(m[1], m[2], pc), true
	}
	if m := reSignerSentence.FindStringSubmatch(line); m != nil {
		// "Unterschreiben sollen ich und @okan." as a sentence
		return signerLine("", strings.TrimRight(m[1], ". "), pc), true
	}
	if m := reEmail.FindStringSubmatch(line); m != nil {
		id, ok := ParseIdentity(m[1], pc)
		if !ok {
			return Line{Field: "email", Err: ErrBadIdentity}, true
		}
		addr, err := mail.ParseAddress(strings.Trim(m[2], "<>.,;"))
		if err != nil {
			return Line{Field: "email", Err: ErrBadEmail}, true
		}
		return Line{Field: "email", Apply: func(c *Content) error {
			for i := range c.Parties {
				for j := range c.Parties[i].Signers {
					if c.Parties[i].Signers[j].ID == id {
						c.Parties[i].Signers[j].Email = addr.Address
						return nil
					}
				}
			}
			return fmt.Errorf("%s: %w", id, ErrNoSigner)
		}}, true
	}
	if m := reTitle.FindStringSubmatch(line); m != nil {
		v := m[1]
		return Line{Field: "title", Apply: func(c *Content) error { c.Title = v; return nil }}, true
	}
	if m := reDate.FindStringSubmatch(line); m != nil {
		t, err := ParseDate(m[1], pc)
		if err != nil {
			return Line{Field: "date", Err: err}, true
		}
		return Line{Field: "date", Apply: func(c *Content) error { c.Date = t; return nil }}, true
	}
	if m := reAttendees.FindStringSubmatch(line); m != nil {
		var names []string
		for _, n := range strings.FieldsFunc(m[1], func(r rune) bool { return r == ',' || r == ';' }) {
			if n = strings.TrimSpace(n); n != "" {
				names = append(names, n)
			}
		}
		return Line{Field: "attendees", Apply: func(c *Content) error {
			for _, n := range names {
				if !slices.Contains(c.Attendees, n) {
					c.Attendees = append(c.Attendees, n)
				}
			}
			return nil
		}}, true
	}
	if m := reAgreement.FindStringSubmatch(line); m != nil {
		return addItem("agreement", Item{Kind: ItemAgreement, Text: m[1]}), true
	}
	if m := reDecision.FindStringSubmatch(line); m != nil {
		return addItem("decision", Item{Kind: ItemDecision, Text: m[1]}), true
	}
	if m := reAction.FindStringSubmatch(line); m != nil {
		it, err := actionItem(m[1], pc)
		if err != nil {
			return Line{Field: "action", Err: err}, true
		}
		return addItem("action", it), true
	}
	if m := reRemove.FindStringSubmatch(line); m != nil {
		n, _ := strconv.Atoi(m[1] + m[2])
		return Line{Field: "remove_item", Apply: func(c *Content) error {
			if n < 1 || n > len(c.Items) {
				return fmt.Errorf("item %d: %w", n, ErrNoSuchItem)
			}
			c.Items = slices.Delete(c.Items, n-1, n)
			return nil
		}}, true
	}
	if m := reReplace.FindStringSubmatch(line); m != nil {
		n, _ := strconv.Atoi(m[1])
		v := m[2]
		var whole *Item
		if l, ok := parseLine(v, pc); ok && l.item != nil && l.Err == nil {
			// "Punkt 1: Entscheidung: Die Umstellung erfolgt am 21.12.":
			// the item as the label says, not "Entscheidung: …" as its text
			whole = l.item
		}
		return Line{Field: "replace_item", Apply: func(c *Content) error {
			if n < 1 || n > len(c.Items) {
				return fmt.Errorf("item %d: %w", n, ErrNoSuchItem)
			}
			if whole != nil {
				c.Items[n-1] = *whole
				return nil
			}
			c.Items[n-1].Text = v
			return nil
		}}, true
	}
	if m := reAppoint.FindStringSubmatch(line); m != nil {
		v := m[1]
		return Line{Field: "appointment", Apply: func(c *Content) error { c.Appointment = v; return nil }}, true
	}
	if m := reParty.FindStringSubmatch(line); m != nil {
		role := roleWords[strings.ToLower(m[1])]
		v := m[2]
		return Line{Field: "party", Apply: func(c *Content) error { c.Party(role, true).Name = v; return nil }}, true
	}
	return Line{}, false
}

func addItem(field string, it Item) Line {
	return Line{Field: field, item: &it, Apply: func(c *Content) error { c.Items = append(c.Items, it); return nil }}
}

// actionItem reads "Herr X bis 15.12.: text", "Bob by 2026-12-15: text",
// "Herr X: text" or a bare text.
func actionItem(s string, pc ParseContext) (Item, error) {
	if m := reActionBy.FindStringSubmatch(s); m != nil {
		due, err := ParseDate(m[2], pc)
		if err != nil {
			return Item{}, err
		}
		return Item{Kind: ItemAction, Owner: m[1], Due: due.In(loc(pc)).Format("2006-01-02"), Text: m[3]}, nil
	}
	if m := reActionOwn.FindStringSubmatch(s); m != nil && len(strings.Fields(m[1])) <= 4 {
		return Item{Kind: ItemAction, Owner: m[1], Text: m[2]}, nil
	}
	return Item{Kind: ItemAction, Text: s}, nil
}

// signerLine reads "<identity> Name [email]" entries; an identity starts
// a new entry ("ich, @vendor Petra Kessler"; ";" and "und"/"and" separate
// too). A line without a party ("Unterzeichner: ich, @vendor") gives the
// writer ("ich") the client's party and everyone else the vendor's.
// describedRole reads the side a signer is described as being on: "our
// managing director" the client's, "the vendor's project lead" the
// vendor's, "your technician" the provider's.
func describedRole(words string) (Role, bool) {
	for _, w := range strings.Fields(strings.ToLower(words)) {
		w = strings.Trim(w, ",;:.()")
		switch {
		case w == "vendor's" || w == "vendor’s" || w == "vendor" || strings.HasPrefix(w, "hersteller") || strings.HasPrefix(w, "anbieter"):
			return RoleVendor, true
		case w == "our" || w == "my" || w == "unser" || w == "unsere" || w == "unserer" || w == "unseren" || w == "mein" || w == "meine":
			return RoleClient, true
		case w == "your" || w == "euer" || w == "eure" || w == "euren" || w == "provider's" || w == "msp":
			return RoleProvider, true
		}
	}
	return "", false
}

func signerLine(roleWord, rest string, pc ParseContext) Line {
	role, explicit := roleWords[strings.ToLower(roleWord)]
	type entry struct {
		s    Signer
		role Role
	}
	var entries []entry
	var skipped []string
	for _, part := range strings.Split(rest, ";") {
		fields := strings.Fields(strings.ReplaceAll(part, ",", " "))
		var cur *entry
		typed := -1     // index in skipped of the typed name being read
		remark := false // after a dash: words about the signers, no names
		for _, f := range fields {
			if lf := strings.ToLower(f); lf == "–" || lf == "—" || lf == "-" {
				// "@vendor – not me, I'm just taking the notes"
				cur, typed, remark = nil, -1, true
				continue
			}
			if lf := strings.ToLower(strings.Trim(f, ",;:.")); lf == "not" || lf == "nicht" || lf == "except" || lf == "außer" || lf == "ausser" {
				// "not me": what follows names no signer
				break
			}
			if lf := strings.ToLower(f); cur != nil && cur.s.Name == "" && (lf == "selbst" || lf == "selber" || lf == "myself") {
				// "ich selbst, Gesa Hinrichs": the writer, then the name
				continue
			}
			if lf := strings.ToLower(f); lf == "und" || lf == "and" || lf == "&" || lf == "sowie" || lf == "plus" {
				// after "und" comes the next signer, who must be an identity
				// too: "ich und Herr Krämer" names a typed name
				cur, typed = nil, -1
				continue
			}
			if id, ok := ParseIdentity(f, pc); ok {
				described, byWords := Role(""), false
				if typed >= 0 && typed == len(skipped)-1 {
					// "our managing director @md": the words right before
					// an identity describe it, they name no one else, and
					// may say whose side it signs for
					described, byWords = describedRole(skipped[typed])
					skipped = skipped[:typed]
				}
				typed = -1
				r := role
				if !explicit {
					r = RoleVendor
					if id == pc.Self {
						r = RoleClient
					}
					if byWords {
						r = described
					}
				}
				entries = append(entries, entry{s: Signer{ID: id}, role: r})
				cur = &entries[len(entries)-1]
				continue
			}
			if remark {
				continue
			}
			if cur == nil {
				// a typed name is not taken; the identities around it are
				if typed < 0 {
					skipped, typed = append(skipped, f), len(skipped)
				} else {
					skipped[typed] += " " + f
				}
				continue
			}
			if strings.Contains(f, "@") {
				addr, err := mail.ParseAddress(strings.Trim(f, "<>()"))
				if err != nil {
					return Line{Field: "signer", Err: fmt.Errorf("%q: %w", f, ErrBadEmail)}
				}
				cur.s.Email = addr.Address
				continue
			}
			if cur.s.Name != "" {
				cur.s.Name += " "
			}
			cur.s.Name += strings.Trim(f, "().,;")
		}
	}
	skip := strings.Join(skipped, ", ")
	if len(entries) == 0 {
		if skip != "" {
			return Line{Field: "signer", Err: fmt.Errorf("%q: %w", skip, ErrBadIdentity)}
		}
		return Line{Field: "signer", Err: ErrBadIdentity}
	}
	return Line{Field: "signer", Skipped: skip, Apply: func(c *Content) error {
		for _, e := range entries {
			s, role := e.s, e.role
			// A signer signs for one party: naming them again moves or updates them.
			for i := range c.Parties {
				c.Parties[i].Signers = slices.DeleteFunc(c.Parties[i].Signers, func(o Signer) bool {
					if o.ID == s.ID {
						if s.Email == "" {
							s.Email = o.Email
						}
						if s.Name == "" {
							s.Name = o.Name
						}
						return true
					}
					return false
				})
			}
			p := c.Party(role, true)
			p.Signers = append(p.Signers, s)
		}
		return nil
	}}
}

var (
	reDMY    = regexp.MustCompile(`^(\d{1,2})\.\s?(\d{1,2})\.(\d{2,4})?$`)
	reISO    = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})$`)
	reDMonth = regexp.MustCompile(`^(\d{1,2})\.?\s+([a-zäöü]+)\.?(?:\s+(\d{4}))?$`)
	reMonthD = regexp.MustCompile(`^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?(?:\s+(\d{4}))?$`)
	// reClock is a time of day after the date: "10:00", "10.30 Uhr",
	// "um 9 Uhr", "at 3pm", "3 pm".
	// reClockWord is a word that makes the bare number after it an hour.
	reClockWord = regexp.MustCompile(`(?:^|\s|,)(?:um|at|gegen|so gegen|ca\.|etwa|around|about)\s*\d{1,2}\s*$`)
	reClock     = regexp.MustCompile(`(?:^|\s|,|T)(?:um\s+|at\s+|ab\s+|from\s+|gegen\s+|so gegen\s+|ca\.\s*|etwa\s+|around\s+|about\s+)?(\d{1,2})(?:[:.](\d{2}))?\s*(uhr|h|am|pm|a\.m\.|p\.m\.|ish)?\s*$`)
	// reWeekday drops a weekday in front of a date ("Montag, 7.12.").
	reWeekday = regexp.MustCompile(`^(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|mo|di|mi|do|fr|sa|so|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)\.?,?\s+`)
)

var monthNames = map[string]int{
	"januar": 1, "jan": 1, "january": 1, "februar": 2, "feb": 2, "february": 2, "märz": 3, "maerz": 3, "mär": 3,
	"march": 3, "mar": 3, "april": 4, "apr": 4, "mai": 5, "may": 5, "juni": 6, "jun": 6, "june": 6, "juli": 7,
	"jul": 7, "july": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10,
	"october": 10, "oct": 10, "november": 11, "nov": 11, "dezember": 12, "dez": 12, "december": 12, "dec": 12,
}

// ParseDate reads a protocol's date, with or without a time of day:
// "15.12.2026", "15.12.2026 10:00", "15.12." (the next such day),
// "2026-12-15 10:00", "15. Dezember 2026", "December 15, 2026",
// "heute, 9 Uhr", "today 3pm", "gestern" – in the provider's time zone.
func ParseDate(s string, pc ParseContext) (time.Time, error) {
	in := s
	s = strings.ToLower(strings.Trim(s, " \t,;"))
	l := loc(pc)
	now := pc.Now.In(l)
	h, mi := 0, 0
	if m := reClock.FindStringSubmatchIndex(s); m != nil && m[0] > 0 {
		hh, _ := strconv.Atoi(s[m[2]:m[3]])
		if m[4] >= 0 {
			mi, _ = strconv.Atoi(s[m[4]:m[5]])
		}
		suffix := ""
		if m[6] >= 0 {
			suffix = strings.ReplaceAll(s[m[6]:m[7]], ".", "")
		}
		if suffix == "ish" {
			// "today, 10ish": about ten, taken as ten
			suffix = "h"
		}
		if m[4] < 0 && suffix == "" && !reClockWord.MatchString(s) {
			// a bare number after a date is no time ("15.12. 2026"), unless
			// a word says it is ("heute gegen 10")
			goto day
		}
		switch {
		case suffix == "pm" && hh < 12:
			hh += 12
		case suffix == "am" && hh == 12:
			hh = 0
		}
		h = hh
		s = strings.TrimSpace(strings.TrimRight(s[:m[0]], ", "))
	}
day:
	s = strings.TrimSpace(reWeekday.ReplaceAllString(s, ""))
	var y, mo, d int
	// "Datum: heute." – the full stop ends the sentence
	if w := strings.TrimRight(s, "."); w == "heute" || w == "today" || w == "gestern" || w == "yesterday" || w == "morgen" || w == "tomorrow" {
		s = w
	}
	switch {
	case s == "heute" || s == "today":
		y, mo, d = now.Year(), int(now.Month()), now.Day()
	case s == "gestern" || s == "yesterday":
		t := now.AddDate(0, 0, -1)
		y, mo, d = t.Year(), int(t.Month()), t.Day()
	case s == "morgen" || s == "tomorrow":
		t := now.AddDate(0, 0, 1)
		y, mo, d = t.Year(), int(t.Month()), t.Day()
	default:
		var ok bool
		if y, mo, d, ok = dayOf(s, now, l); !ok {
			return time.Time{}, fmt.Errorf("%q: %w", strings.TrimSpace(in), ErrBadDate)
		}
	}
	t := time.Date(y, time.Month(mo), d, h, mi, 0, 0, l)
	if t.Day() != d || int(t.Month()) != mo || h > 23 || mi > 59 || y < 2000 || y > 2100 {
		return time.Time{}, fmt.Errorf("%q: %w", strings.TrimSpace(in), ErrBadDate)
	}
	return t, nil
}

// dayOf reads a calendar date; a date without a year is its next
// occurrence (within six months back it is this year's).
func dayOf(s string, now time.Time, l *time.Location) (y, mo, d int, ok bool) {
	yearOr := func(ys string) int {
		if ys == "" {
			y := now.Year()
			if time.Date(y, time.Month(mo), d, 23, 59, 0, 0, l).Before(now.AddDate(0, -6, 0)) {
				y++
			}
			return y
		}
		y, _ := strconv.Atoi(ys)
		if y < 100 {
			y += 2000
		}
		return y
	}
	if m := reDMY.FindStringSubmatch(s); m != nil {
		d, _ = strconv.Atoi(m[1])
		mo, _ = strconv.Atoi(m[2])
		return yearOr(m[3]), mo, d, true
	}
	if m := reISO.FindStringSubmatch(s); m != nil {
		y, _ = strconv.Atoi(m[1])
		mo, _ = strconv.Atoi(m[2])
		d, _ = strconv.Atoi(m[3])
		return y, mo, d, true
	}
	if m := reDMonth.FindStringSubmatch(s); m != nil {
		if n, found := monthNames[m[2]]; found {
			d, _ = strconv.Atoi(m[1])
			mo = n
			return yearOr(m[3]), mo, d, true
		}
	}
	if m := reMonthD.FindStringSubmatch(s); m != nil {
		if n, found := monthNames[m[1]]; found {
			d, _ = strconv.Atoi(m[2])
			mo = n
			return yearOr(m[3]), mo, d, true
		}
	}
	return 0, 0, 0, false
}

func loc(pc ParseContext) *time.Location {
	if pc.Loc == nil {
		return time.UTC
	}
	return pc.Loc
}
