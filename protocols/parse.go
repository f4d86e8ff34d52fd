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
}

// Parsed is a message read as protocol lines.
type Parsed struct {
	Lines []Line
	// Unknown are the lines that were not recognised, as written.
	Unknown []string
}

var (
	reTitle     = regexp.MustCompile(`(?i)^(?:titel|title|betreff|subject|thema|topic)\s*:\s*(.+)$`)
	reDate      = regexp.MustCompile(`(?i)^(?:datum|date|gesprächsdatum|gespraechsdatum|meeting date|besprechung am|am)\s*:\s*(.+)$`)
	reParty     = regexp.MustCompile(`(?i)^(kunde|kundin|klient|klientin|client|customer|hersteller|vendor|anbieter|dienstleister|provider|msp)\s*:\s*(.+)$`)
	reSigner    = regexp.MustCompile(`(?i)^(?:unterzeichner(?:in)?|unterschrift|unterschreibt|signer|signatory|signs)\s*(?:\(\s*)?(kunde|kundin|klient|klientin|client|customer|hersteller|vendor|anbieter|dienstleister|provider|msp)?(?:\s*\))?\s*:\s*(.+)$`)
	reNoSigner  = regexp.MustCompile(`(?i)^(?:unterzeichner(?:in)?|signer)\s+(?:entfernen|löschen|loeschen|streichen|remove|delete)\s*:?\s*(\S+)$`)
	reEmail     = regexp.MustCompile(`(?i)^(?:e-?mail|mail)\s+(?:von\s+|of\s+|for\s+|für\s+)?(\S+)\s*:?\s*(\S+@\S+)$`)
	reAttendees = regexp.MustCompile(`(?i)^(?:teilnehmer(?:innen)?|teilnehmende|anwesend|attendees?|participants?|present)\s*:\s*(.+)$`)
	reAgreement = regexp.MustCompile(`(?i)^(?:vereinbarung|vereinbart|abrede|absprache|abmachung|agreement|agreed)\s*:\s*(.+)$`)
	reDecision  = regexp.MustCompile(`(?i)^(?:entscheidung|beschluss|beschlossen|entschieden|decision|decided|resolution)\s*:\s*(.+)$`)
	reAction    = regexp.MustCompile(`(?i)^(?:aufgabe|to-?do|action(?:\s+item)?|maßnahme|massnahme|task)\s*:\s*(.+)$`)
	reActionBy  = regexp.MustCompile(`(?i)^(.{1,60}?)\s+(?:bis(?:\s+zum)?|by|until|due)\s+([0-9]{1,4}[./-][0-9]{1,2}(?:[./-][0-9]{0,4})?\.?)\s*:\s*(.+)$`)
	reActionOwn = regexp.MustCompile(`^([^:]{1,60}?)\s*:\s*(.+)$`)
	reRemove    = regexp.MustCompile(`(?i)^(?:(?:punkt|item|nr\.?|nummer|eintrag)\s*(\d+)\s+(?:löschen|loeschen|entfernen|streichen|delete|remove)|(?:lösche|loesche|entferne|streiche|delete|remove)\s+(?:punkt|item|nr\.?|eintrag)\s*(\d+))\s*\.?$`)
	reReplace   = regexp.MustCompile(`(?i)^(?:punkt|item|nr\.?|eintrag)\s*(\d+)\s*:\s*(.+)$`)
	reAppoint   = regexp.MustCompile(`(?i)^(?:zugriffstermin|herstellertermin|termin|appointment|vendor appointment)\s*:\s*(\S+)$`)
	reMention   = regexp.MustCompile(`^<@!?([A-Za-z0-9]+)(?:\|[^>]*)?>$`)
	reAtUser    = regexp.MustCompile(`^@([A-Za-z0-9._:-]{1,128})$`)
	reExplicit  = regexp.MustCompile(`^(web|webchat|slack|discord|teams|console):([A-Za-z0-9._:@-]{1,128})$`)
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
	for _, raw := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line := strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(raw), "-*•–·>"))
		if line == "" {
			continue
		}
		if l, ok := parseLine(line, pc); ok {
			l.Raw = line
			out.Lines = append(out.Lines, l)
		} else {
			out.Unknown = append(out.Unknown, line)
		}
	}
	return out
}

func parseLine(line string, pc ParseContext) (Line, bool) {
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
		return Line{Field: "replace_item", Apply: func(c *Content) error {
			if n < 1 || n > len(c.Items) {
				return fmt.Errorf("item %d: %w", n, ErrNoSuchItem)
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
	return Line{Field: field, Apply: func(c *Content) error { c.Items = append(c.Items, it); return nil }}
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

// signerLine reads "<identity> Name [email]" entries separated by ";".
func signerLine(roleWord, rest string, pc ParseContext) Line {
	role, ok := roleWords[strings.ToLower(roleWord)]
	if !ok {
		return Line{Field: "signer", Err: ErrNoRole}
	}
	var signers []Signer
	for _, part := range strings.Split(rest, ";") {
		fields := strings.Fields(strings.ReplaceAll(part, ",", " "))
		if len(fields) == 0 {
			continue
		}
		id, ok := ParseIdentity(fields[0], pc)
		if !ok {
			return Line{Field: "signer", Err: fmt.Errorf("%q: %w", fields[0], ErrBadIdentity)}
		}
		s := Signer{ID: id}
		var name []string
		for _, f := range fields[1:] {
			if strings.Contains(f, "@") {
				addr, err := mail.ParseAddress(strings.Trim(f, "<>()"))
				if err != nil {
					return Line{Field: "signer", Err: fmt.Errorf("%q: %w", f, ErrBadEmail)}
				}
				s.Email = addr.Address
				continue
			}
			name = append(name, strings.Trim(f, "()"))
		}
		s.Name = strings.Join(name, " ")
		signers = append(signers, s)
	}
	if len(signers) == 0 {
		return Line{Field: "signer", Err: ErrBadIdentity}
	}
	return Line{Field: "signer", Apply: func(c *Content) error {
		for _, s := range signers {
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
	reDMY = regexp.MustCompile(`^(\d{1,2})\.(\d{1,2})\.(\d{2,4})?(?:,?\s+(?:um\s+)?(\d{1,2})[:.](\d{2})(?:\s*uhr)?)?$`)
	reISO = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2}))?$`)
)

// ParseDate reads "15.12.2026", "15.12.2026 10:00", "15.12." (the next such
// day), "2026-12-15", "2026-12-15 10:00", "heute"/"today" in the provider's
// time zone.
func ParseDate(s string, pc ParseContext) (time.Time, error) {
	s = strings.ToLower(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "uhr")))
	s = strings.TrimSpace(s)
	l := loc(pc)
	now := pc.Now.In(l)
	switch s {
	case "heute", "today":
		return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, l), nil
	case "gestern", "yesterday":
		return time.Date(now.Year(), now.Month(), now.Day()-1, 0, 0, 0, 0, l), nil
	}
	var y, mo, d, h, mi int
	if m := reDMY.FindStringSubmatch(s); m != nil {
		d, _ = strconv.Atoi(m[1])
		mo, _ = strconv.Atoi(m[2])
		y, _ = strconv.Atoi(m[3])
		switch {
		case m[3] == "":
			y = now.Year()
			if time.Date(y, time.Month(mo), d, 23, 59, 0, 0, l).Before(now.AddDate(0, -6, 0)) {
				y++
			}
		case y < 100:
			y += 2000
		}
		h, _ = strconv.Atoi(m[4])
		mi, _ = strconv.Atoi(m[5])
	} else if m := reISO.FindStringSubmatch(s); m != nil {
		y, _ = strconv.Atoi(m[1])
		mo, _ = strconv.Atoi(m[2])
		d, _ = strconv.Atoi(m[3])
		h, _ = strconv.Atoi(m[4])
		mi, _ = strconv.Atoi(m[5])
	} else {
		return time.Time{}, fmt.Errorf("%q: %w", s, ErrBadDate)
	}
	t := time.Date(y, time.Month(mo), d, h, mi, 0, 0, l)
	if t.Day() != d || int(t.Month()) != mo || h > 23 || mi > 59 || y < 2000 || y > 2100 {
		return time.Time{}, fmt.Errorf("%q: %w", s, ErrBadDate)
	}
	return t, nil
}

func loc(pc ParseContext) *time.Location {
	if pc.Loc == nil {
		return time.UTC
	}
	return pc.Loc
}
