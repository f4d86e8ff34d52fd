package tickets

import (
	"errors"
	"fmt"
	"iter"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"
)

// ErrPhone is wrapped by every phone number problem; PhoneError says which.
var ErrPhone = errors.New("phone number not usable")

// PhoneProblem names what is wrong with a phone number.
type PhoneProblem string

// The problems a phone number can have.
const (
	PhoneTooShort PhoneProblem = "too_short"
	PhoneTooLong  PhoneProblem = "too_long"
	PhoneInvalid  PhoneProblem = "invalid"
)

// PhoneError is a phone number that could not be used, with the reason.
type PhoneError struct {
	Input   string
	Problem PhoneProblem
}

func (e *PhoneError) Error() string {
	return fmt.Sprintf("phone number %q: %s", e.Input, e.Problem)
}

// Unwrap makes errors.Is(err, ErrPhone) true.
func (e *PhoneError) Unwrap() error { return ErrPhone }

// phoneCandidate finds digit runs that may be a phone number: an optional
// + or 00, then digits with spaces, dots, dashes, slashes or brackets.
var phoneCandidate = regexp.MustCompile(`(?:\+|\b00)?\(?\d[\d \t./()\-]*\d`)

// ParsePhone parses input as a phone number, national numbers in region
// (e.g. "DE"), and returns it in E.164 form ("+494069645099").
func ParsePhone(input, region string) (string, error) {
	raw := strings.TrimSpace(input)
	n, err := phonenumbers.Parse(raw, region)
	if err != nil {
		problem := PhoneInvalid
		if digits(raw) < 5 {
			problem = PhoneTooShort
		}
		return "", &PhoneError{Input: raw, Problem: problem}
	}
	// A national number of fewer than six digits is no one's phone (German
	// numbers have 6 to 13 after the leading 0).
	if len(phonenumbers.GetNationalSignificantNumber(n)) < 6 {
		return "", &PhoneError{Input: raw, Problem: PhoneTooShort}
	}
	switch phonenumbers.IsPossibleNumberWithReason(n) {
	case phonenumbers.TOO_SHORT:
		return "", &PhoneError{Input: raw, Problem: PhoneTooShort}
	case phonenumbers.TOO_LONG:
		return "", &PhoneError{Input: raw, Problem: PhoneTooLong}
	}
	if !phonenumbers.IsValidNumber(n) {
		return "", &PhoneError{Input: raw, Problem: PhoneInvalid}
	}
	return phonenumbers.Format(n, phonenumbers.E164), nil
}

// FindPhone looks for a phone number in free text. It returns the number in
// E.164 form, or the problem of the first thing that looked like a number
// (found is true then too), or found false when nothing looked like one.
// Digit runs shorter than five digits that do not start with 0 or + (times,
// dates, counts) are not taken for phone numbers.
func FindPhone(text, region string) (e164 string, found bool, err error) {
	m, found := LocatePhone(text, region)
	return m.E164, found, m.Err
}

// PhoneMatch is a phone number found in a text: its E.164 form (empty when
// it is not usable), the problem when it is not (a *PhoneError), and where
// it stands in the text (byte offsets).
type PhoneMatch struct {
	E164       string
	Err        error
	Start, End int
}

// LocatePhone is FindPhone with the place of the number: the first usable
// number, else the first thing that looked like one.
func LocatePhone(text, region string) (PhoneMatch, bool) {
	var first PhoneMatch
	found := false
	for m := range phoneMatches(text, region) {
		if m.Err == nil {
			return m, true
		}
		if !found {
			first, found = m, true
		}
	}
	return first, found
}

// LocatePhones returns every usable number of text, in order.
func LocatePhones(text, region string) []PhoneMatch {
	var out []PhoneMatch
	for m := range phoneMatches(text, region) {
		if m.Err == nil {
			out = append(out, m)
		}
	}
	return out
}

// phoneMatches yields what looks like a phone number in text, parsed.
func phoneMatches(text, region string) iter.Seq[PhoneMatch] {
	return func(yield func(PhoneMatch) bool) {
		for _, loc := range phoneCandidate.FindAllStringIndex(text, -1) {
			if partOfWord(text, loc[0]) {
				// the digits of a host name or reference ("SRV-02-1234",
				// "VA-26-0001"), not a phone number
				continue
			}
			raw := text[loc[0]:loc[1]]
			c := strings.TrimRight(strings.TrimSpace(raw), ".-/(")
			if i := strings.LastIndexByte(c, '('); i > 0 && !strings.Contains(c[i:], ")") {
				// "040 309987-215 (215 is my extension)": a bracket opened
				// after the number and not closed in it is a remark
				c = strings.TrimRight(c[:i], " \t.-/")
			}
			d := digits(c)
			looksLikePhone := d >= 7 || ((strings.HasPrefix(c, "0") || strings.HasPrefix(c, "+")) && d >= 4)
			if !looksLikePhone || isDateLike(c) {
				continue
			}
			start := loc[0] + strings.Index(raw, c)
			end := start + len(c)
			if lookalikeAfter(text, end) {
				// "040 123 456 7O": a letter typed for a digit; the number
				// is not cut short there but said back
				if !yield(PhoneMatch{Err: &PhoneError{Input: text[start : end+1], Problem: PhoneInvalid}, Start: start, End: end + 1}) {
					return
				}
				continue
			}
			e, perr := ParsePhone(c, region)
			if !yield(PhoneMatch{E164: e, Err: perr, Start: start, End: end}) {
				return
			}
		}
	}
}

// lookalikeAfter reports whether the digits ending at i run straight into
// a letter that looks like a digit (O, o, I, l) and no further letter: a
// typo in a number ("7O", "4O6"), not the start of a word.
func lookalikeAfter(text string, i int) bool {
	if i >= len(text) || !strings.ContainsRune("OoIl", rune(text[i])) {
		return false
	}
	if i+1 < len(text) {
		r, _ := utf8.DecodeRuneInString(text[i+1:])
		if unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// IsMobile reports whether an E.164 number is a mobile number.
func IsMobile(e164 string) bool {
	n, err := phonenumbers.Parse(e164, "")
	if err != nil {
		return false
	}
	t := phonenumbers.GetNumberType(n)
	return t == phonenumbers.MOBILE || t == phonenumbers.FIXED_LINE_OR_MOBILE
}

// FormatPhone renders an E.164 number for people: national form for region,
// international otherwise.
func FormatPhone(e164, region string) string {
	n, err := phonenumbers.Parse(e164, region)
	if err != nil {
		return e164
	}
	if phonenumbers.GetRegionCodeForNumber(n) == region {
		return phonenumbers.Format(n, phonenumbers.NATIONAL)
	}
	return phonenumbers.Format(n, phonenumbers.INTERNATIONAL)
}

// partOfWord reports whether the candidate starting at i continues a word:
// a letter or underscore right before it, or a hyphen joined to a letter
// or digit.
func partOfWord(text string, i int) bool {
	if i == 0 {
		return false
	}
	c := text[i-1]
	if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' {
		return true
	}
	if c == '-' && i >= 2 {
		d := text[i-2]
		return d >= 'a' && d <= 'z' || d >= 'A' && d <= 'Z' || d >= '0' && d <= '9'
	}
	return false
}

var (
	dateLike  = regexp.MustCompile(`^\d{1,2}\.\d{1,2}\.(\d{2,4})?$`)
	dateStart = regexp.MustCompile(`^\d{1,2}\.\d{1,2}\.\d{2,4}\b|^\d{4}-\d{1,2}-\d{1,2}\b|^\d{1,2}/\d{1,2}/\d{2,4}\b`)
)

// isDateLike reports a date ("9.12.", "07.12.2026 14", "2026-12-07 10"),
// which is no phone number.
func isDateLike(s string) bool {
	return dateLike.MatchString(strings.ReplaceAll(s, " ", "")) || dateStart.MatchString(s)
}

func digits(s string) int {
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			n++
		}
	}
	return n
}
