package tickets

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

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
	var firstErr error
	for _, c := range phoneCandidate.FindAllString(text, -1) {
		c = strings.TrimRight(strings.TrimSpace(c), ".-/(")
		d := digits(c)
		looksLikePhone := d >= 7 || ((strings.HasPrefix(c, "0") || strings.HasPrefix(c, "+")) && d >= 4)
		if !looksLikePhone || isDateLike(c) {
			continue
		}
		e, perr := ParsePhone(c, region)
		if perr == nil {
			return e, true, nil
		}
		if firstErr == nil {
			firstErr = perr
		}
	}
	if firstErr != nil {
		return "", true, firstErr
	}
	return "", false, nil
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

var dateLike = regexp.MustCompile(`^\d{1,2}\.\d{1,2}\.(\d{2,4})?$`)

func isDateLike(s string) bool { return dateLike.MatchString(strings.ReplaceAll(s, " ", "")) }

func digits(s string) int {
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			n++
		}
	}
	return n
}
