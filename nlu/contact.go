package nlu

import (
	"errors"
	"net/mail"
	"strings"

	"github.com/mspbot/mspbot/tickets"
)

// Phone is a phone number a message gives.
type Phone struct {
	// E164 is the number in E.164 form ("+494069645099"); empty when the
	// message held something like a number that is not usable.
	E164 string `json:"e164,omitempty"`
	// Problem says why a number-like text is not usable (too short, too
	// long, invalid); nil when E164 is set.
	Problem *tickets.PhoneError `json:"-"`
	// start and end locate the number in the message.
	start, end int
}

// extensionRE finds an extension after a number: "Durchwahl -17",
// "DW 17", "ext. 17", "x17".
var extensionRE = newLitRE(`(?i)^[\s,;/-]*(?:durchwahl|dw\.?|nebenstelle|apparat|app\.|ext\.?|extension|x)\s*[-:]?\s*(\d{1,5})\b`)

// phoneFixRE is a correction right after a number, before the next one:
// "- sorry typo,", "– nein, ich meine", "oops, correct is".
var phoneFixRE = newLitRE(`(?i)^[^0-9]{0,30}?\b(?:sorry|typo|tippfehler|vertippt|verschrieben|korrektur|correction|i mean|i meant|ich meine|ich meinte|richtig ist|correct is|oops|ups|actually no|actually,? use|no wait|scratch that|ach nee|nein doch|lieber die|besser die|use my|nehmt lieber|nehmen sie lieber)\b[^0-9]{0,80}`)

// datesRE is days written one after the other ("19.12./20.12", "3.1. /
// 4.1."), which the number finder may take for a number.
var datesRE = newLitRE(`^\d{1,2}\.\d{1,2}\.?(?:\d{2,4})?(?:\s*[/,&+-]\s*\d{1,2}\.\d{1,2}\.?(?:\d{2,4})?)+$`)

// dateLeadRE is a date with its closing dot at the start of a text.
var dateLeadRE = newLitRE(`^(?:0?[1-9]|[12]\d|3[01])\.(?:0?[1-9]|1[0-2])\.(?:\d{2,4})?(?:\s|$)`)

// findPhone reads the first phone number of text (in region for national
// numbers), with an extension written after it ("Durchwahl -17").
func findPhone(text, region string) (Phone, bool) {
	m, found := tickets.LocatePhone(text, region)
	if !found {
		return Phone{}, false
	}
	p := Phone{E164: m.E164, start: m.Start, end: m.End}
	if m.Err != nil && datesRE.MatchString(text[m.Start:m.End]) || dateLeadRE.MatchString(text[m.Start:]) {
		// "am Wochenende 19.12./20.12.", "dann 21.12. 10-11": days and
		// hours, not a number
		return Phone{}, false
	}
	if m.Err != nil {
		var pe *tickets.PhoneError
		if !errors.As(m.Err, &pe) {
			pe = &tickets.PhoneError{Problem: tickets.PhoneInvalid}
		}
		p.Problem = pe
		return p, true
	}
	if kind := preferredPhone(text); kind != "" {
		// "Festnetz 040 …, mobil 0172 … – lieber aufs Handy": the
		// number of the kind the client prefers (the other numbers are
		// parsed only when a preference is said)
		for _, o := range tickets.LocatePhones(text, region) {
			if tickets.IsMobile(o.E164) == (kind == "mobile") {
				m = o
				p = Phone{E164: m.E164, start: m.Start, end: m.End}
				break
			}
		}
	}
	if fix := phoneFixRE.FindStringIndex(text[m.End:]); fix != nil {
		// "0151 47823916 - sorry typo, 0151 47283916": the number after
		// the correction
		from := m.End + fix[1]
		if o, ok := tickets.LocatePhone(text[from:], region); ok && o.Err == nil {
			m = o
			m.Start, m.End = from+o.Start, from+o.End
			p = Phone{E164: m.E164, start: m.Start, end: m.End}
		}
	}
	if x := extensionRE.FindStringSubmatchIndex(text[m.End:]); x != nil {
		ext := text[m.End+x[2] : m.End+x[3]]
		base := text[m.Start:m.End]
		if b, ok := strings.CutSuffix(strings.TrimRight(base, " "), "-0"); ok {
			// "0431-55667-0, DW 23": the switchboard's 0 is where the
			// extension goes
			base = b
		}
		if withExt, err := tickets.ParsePhone(base+ext, region); err == nil {
			p.E164 = withExt
		}
		p.end = m.End + x[1]
	}
	return p, true
}

// preferRE finds which of two numbers the client prefers: "lieber aufs
// Handy", "am besten mobil", "mobile preferred", "better on my landline".
var preferRE = foldedRE(`\b(?:lieber|besser|bevorzugt|am besten|vorzugsweise|eher|preferably|prefer(?:red)?|better|rather|best)\b[^.!?\n]{0,25}?\b(mobil\w*|handy|cell\w*|mobile|festnetz\w*|büro\w*|office|landline|desk)\b|\b(mobil\w*|handy|cell\w*|mobile|festnetz\w*|büro\w*|office|landline|desk) (?:\w+ )?(?:bevorzugt|preferred|lieber|am besten|is best|is better)\b`)

// preferAfterRE is a kind of number followed by the preference ("mobile's
// better", "Handy ist besser"); group 1 the kind (group 2 stays empty).
// onMobileRE asks to be called on the mobile: "auf meinem Handy", "aufs
// Handy", "ring my mobile", "on my cell".
var onMobileRE = foldedRE(`\b(?:auf (?:meinem|meinem privaten|dem) (?:handy|mobiltelefon|mobil)|aufs handy|(?:ring|call|phone|reach) (?:me )?(?:on )?my (?:mobile|cell)|on my (?:mobile|cell))\b`)

var preferAfterRE = foldedRE(`\b(mobil\w*|handy|cell\w*|mobile|festnetz\w*|büro\w*|office|landline|desk)(?:'s| is| ist|s)? (?:\w+ )?(?:bevorzugt|preferred|lieber|am besten|besser|best|better|is best|is better)\b()`)

// preferredPhone returns the kind of number the client prefers, "mobile"
// or "landline", or "" when the text says nothing of it.
func preferredPhone(text string) string {
	f := fold(text)
	// "mobile's better": the kind right before the preference decides,
	// before a preference that runs on to another word ("better, I'm
	// hardly ever at my desk")
	g := preferAfterRE.FindStringSubmatch(f)
	if g == nil {
		g = preferRE.FindStringSubmatch(f)
	}
	if g == nil && onMobileRE.MatchString(f) {
		// "rufen Sie mich … auf meinem Handy (Nummer unten) zurück",
		// "please ring my mobile (below)"
		return "mobile"
	}
	if g == nil {
		return ""
	}
	w := g[1] + g[2]
	for _, m := range []string{"mobil", "handy", "cell"} {
		if strings.HasPrefix(w, m) {
			return "mobile"
		}
	}
	return "landline"
}

// EmailRole says whose address an e-mail address is.
type EmailRole string

// The roles of an address.
const (
	EmailUnknown EmailRole = ""
	EmailVendor  EmailRole = "vendor"
	EmailClient  EmailRole = "client"
)

// Email is an address a message gives, with the role the words before it
// give it ("Hersteller-Kontakt: …", "meine E-Mail: …").
type Email struct {
	Addr string    `json:"addr"`
	Role EmailRole `json:"role,omitempty"`
}

var (
	emailRE = newLitRE(`(?i)[a-z0-9._%+'-]+@[a-z0-9.-]+\.[a-z]{2,}`)
	// vendorMailCueRE marks the address after it as the vendor's.
	vendorMailCueRE = newLitRE(`(?i)(hersteller|vendor|lieferant|anbieter|supplier|techniker|technician|support|hotline|ansprechpartner|kontakt|contact|dienstleister|partner|systemhaus|firma|their|deren|dessen|seine|seiner|his|her)\b[^@,;]{0,25}$`)
	// ownMailCueRE is a cue of clientMailCueRE that names the writer.
	ownMailCueRE = newLitRE(`(?i)(\bmeine?\b|\bmeiner\b|\bmich\b|\bich\b|\bwir\b|\bunsere?\b|\buns\b|\bmy\b|\bmine\b|\bour\b|\bme\b|\bus\b|\bwe\b|\bi\b)[^@,;]{0,25}$`)
	// clientMailCueRE marks the address after it as the client's own.
	clientMailCueRE = newLitRE(`(?i)(\bmeine?\b|\bmeiner\b|\bmich\b|\bich\b|\bwir\b|\bunsere?\b|\buns\b|\bmy\b|\bmine\b|\bour\b|\bme\b|\bus\b|\bwe\b|\bi\b|kunde|kundin|kunden|customer|client|bestätigung an|cc)[^@,;]{0,25}$`)
)

// writerVendorRE is the vendor's own people writing for the client ("on
// behalf of our customer", "im Auftrag unseres Kunden").
var writerVendorRE = newLitRE(`(?i)\b(?:on behalf of (?:our|my) (?:customer|client)|for our (?:customer|client)|our (?:customer|client)(?:'s)? (?:it|admin)|im auftrag (?:unseres|unserer|meines|meiner) (?:kunden|kundin|mandanten)|für (?:unseren|unsere) (?:kunden|kundin))\b`)

// clientAfterRE and vendorAfterRE are a role given in brackets after an
// address ("(wir)", "(Hersteller)").
var (
	clientAfterRE = newLitRE(`(?i)^\s*\(\s*(?:wir|uns|ich|mich|meine|unsere|me|us|mine|ours|kunde|client|intern)\s*\)`)
	vendorAfterRE = newLitRE(`(?i)^\s*\(\s*(?:hersteller|vendor|anbieter|techniker|technician|support|hotline|dienstleister)\s*\)`)
)

// findEmails reads the addresses of text and gives each the role its cue
// gives it; an address at a vendor's own domain is the vendor's.
func findEmails(text, vendor string) []Email {
	var out []Email
	prev := 0
	for _, l := range emailRE.FindAllStringIndex(text, 6) {
		addr := strings.ToLower(strings.TrimRight(text[l[0]:l[1]], "."))
		if _, err := mail.ParseAddress(addr); err != nil {
			prev = l[1]
			continue
		}
		before := text[max(prev, l[0]-40):l[0]]
		prev = l[1]
		e := Email{Addr: addr}
		domain := addr[strings.IndexByte(addr, '@')+1:]
		atVendor := vendor != "" && strings.Contains(fold(domain), fold(strings.Fields(vendor)[0]))
		after := text[l[1]:min(len(text), l[1]+20)]
		switch {
		case clientAfterRE.MatchString(after):
			// "buero@malerbetrieb.example (wir)": the label after it
			e.Role = EmailClient
		case vendorAfterRE.MatchString(after):
			e.Role = EmailVendor
		case atVendor && (!ownMailCueRE.MatchString(before) || writerVendorRE.MatchString(text)):
			// "Bestätigung an hotline@datev-partner.example": the
			// vendor's own domain outweighs a cue that names no one; "my
			// email" of a vendor's technician writing for the client is
			// the vendor's too
			e.Role = EmailVendor
		case clientMailCueRE.MatchString(before):
			e.Role = EmailClient
		case vendorMailCueRE.MatchString(before):
			e.Role = EmailVendor
		case vendor != "" && strings.Contains(fold(domain), fold(strings.Fields(vendor)[0])):
			e.Role = EmailVendor
		case vendor != "" && labelledBy(before, vendor):
			e.Role = EmailVendor
		}
		out = append(out, e)
	}
	return out
}

// labelledBy reports whether the text before an address ends with the
// vendor's name as a label ("Lexware: hotline@…").
func labelledBy(before, vendor string) bool {
	b := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(before), ":=-–"))
	return strings.HasSuffix(fold(b), fold(vendor))
}
