// Package redact masks the secrets that ride inside URLs, so that a URL, or a
// message or error that quotes one, can be printed and logged.
//
// What is masked, each replaced by Mask:
//   - the user info of a URL (user name and password, "u:p@" becomes
//     "xxxxx@"; a lone name is often a token, as in https://TOKEN@host);
//   - the value of every query or fragment parameter whose name looks like a
//     secret: password, passwd, pwd, pass, passphrase, secret, token, key,
//     apikey, api_key, access_token, auth, authorization, sig, signature,
//     credential, session, jwt, bearer, hmac, in any spelling (api-key, apiKey,
//     X-Amz-Signature, sentinel_password, client_secret …).
//
// Everything else is kept as written: scheme, host (also [IPv6]:port), path,
// other parameters and their order. A string that is not a valid URL is
// masked by the same rules as far as they apply, never returned unmasked
// because it failed to parse.
//
// What it cannot see: a secret written as a path segment
// (https://hooks.example/T0/B0/SECRET) or as a parameter with an innocent
// name. Keep secrets in their own settings (MSPBOT_WEBHOOK_SECRET …).
//
// This package uses the standard library only, so every package may use it:
// config for `mspbot config check`, cmd for the start-up log, tickets and
// accounts for delivery failures, the language-model client for its errors.
package redact

import (
	"net/url"
	"regexp"
	"strings"
	"unicode"
)

// Mask is what a secret is replaced with.
const Mask = "xxxxx"

// URL returns raw with its user info and secret-looking parameter values
// masked. Without a scheme, raw is read as "user:password@host/path?query"
// or, holding only "name=value" pairs, as a bare query.
func URL(raw string) string {
	var b strings.Builder
	b.Grow(len(raw))
	rest := raw
	authority := false
	if n := schemeLen(raw); n > 0 {
		b.WriteString(raw[:n])
		rest = raw[n:]
		if strings.HasPrefix(rest, "//") {
			b.WriteString("//")
			rest = rest[2:]
			authority = true
		}
	} else if !strings.ContainsAny(raw, "/?#@") {
		if !strings.Contains(raw, "=") {
			return raw // "host:6379", a word
		}
		return maskParams(raw) // a bare query, as an error may quote one
	} else {
		authority = !strings.HasPrefix(raw, "/") // "u:p@host:6379/0" without a scheme
	}
	if authority {
		end := strings.IndexAny(rest, "/?#")
		if end < 0 {
			end = len(rest)
		}
		if at := strings.LastIndexByte(rest[:end], '@'); at >= 0 {
			b.WriteString(Mask)
			rest = rest[at:]
		} else if at := strings.IndexByte(rest, '@'); at > end && badPort(rest[:end]) {
			// "u:pa/ss@host": a password with an unescaped / ? or #
			// ends the authority early; the bad port gives it away. The
			// host starts after the last @ before the next / ? or #.
			if n := strings.IndexAny(rest[at:], "/?#"); n >= 0 {
				at = strings.LastIndexByte(rest[:at+n], '@')
			} else {
				at = strings.LastIndexByte(rest, '@')
			}
			b.WriteString(Mask)
			rest = rest[at:]
		}
	}
	// Path, then query, then fragment.
	q := strings.IndexAny(rest, "?#")
	if q < 0 {
		b.WriteString(rest)
		return b.String()
	}
	b.WriteString(rest[:q])
	rest = rest[q:]
	if rest[0] == '?' {
		end := strings.IndexByte(rest, '#')
		if end < 0 {
			end = len(rest)
		}
		b.WriteByte('?')
		b.WriteString(maskParams(rest[1:end]))
		rest = rest[end:]
	}
	if rest != "" { // the fragment, "#…": OAuth puts access_token there
		b.WriteByte('#')
		b.WriteString(maskParams(rest[1:]))
	}
	return b.String()
}

// urlRE finds URLs in running text: a scheme, "://" and everything up to
// white space, a quote or an angle bracket.
var urlRE = regexp.MustCompile(`[A-Za-z][A-Za-z0-9+.\-]{0,31}://[^\s"'<>\x60\\]*`)

// Text returns s with every URL in it passed through URL: for messages and
// errors that quote a URL, such as Go's `Post "https://u:p@host/?key=…": …`.
func Text(s string) string {
	if !strings.Contains(s, "://") {
		return s
	}
	return urlRE.ReplaceAllStringFunc(s, URL)
}

// Error returns err with the URLs in its message masked by Text. The
// result unwraps to err, so errors.Is and errors.As still see through it;
// err itself is returned when its message has nothing to mask, and nil for
// nil.
func Error(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	red := Text(msg)
	if red == msg {
		return err
	}
	return &redacted{msg: red, err: err}
}

type redacted struct {
	msg string
	err error
}

func (e *redacted) Error() string { return e.msg }
func (e *redacted) Unwrap() error { return e.err }

// schemeLen returns the length of raw's scheme with its colon ("https:"),
// or 0 when raw does not start with one followed by "//" (so "host:6379"
// and "a:b" are not taken for schemes).
func schemeLen(raw string) int {
	for i := 0; i < len(raw) && i <= 32; i++ {
		c := raw[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			if strings.HasPrefix(raw[i+1:], "//") {
				return i + 1
			}
			return 0
		default:
			return 0
		}
	}
	return 0
}

// badPort reports whether an authority without "@" ends in ":" and
// something that is not a port number ("u:pa" of "u:pa/ss@host").
func badPort(authority string) bool {
	if strings.HasPrefix(authority, "[") { // [IPv6]:port
		i := strings.IndexByte(authority, ']')
		if i < 0 {
			return false
		}
		authority = authority[i+1:]
	}
	i := strings.LastIndexByte(authority, ':')
	if i < 0 {
		return false
	}
	port := authority[i+1:]
	return port != "" && strings.IndexFunc(port, func(r rune) bool { return r < '0' || r > '9' }) >= 0
}

// maskParams masks the values of secret-looking names in a query or
// fragment, keeping separators (& and ;), order and spelling.
func maskParams(q string) string {
	var b strings.Builder
	b.Grow(len(q))
	for q != "" {
		end := strings.IndexAny(q, "&;")
		if end < 0 {
			end = len(q)
		}
		part := q[:end]
		if name, value, ok := strings.Cut(part, "="); ok && value != "" && SecretName(unescape(name)) {
			b.WriteString(name)
			b.WriteByte('=')
			b.WriteString(Mask)
		} else {
			b.WriteString(part)
		}
		if end < len(q) {
			b.WriteByte(q[end])
			end++
		}
		q = q[end:]
	}
	return b.String()
}

func unescape(s string) string {
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}

// strongWords make a name secret wherever they stand in it.
var strongWords = map[string]bool{
	"password": true, "passwd": true, "pwd": true, "passphrase": true, "secret": true, "token": true,
	"signature": true, "credential": true, "credentials": true, "apikey": true, "jwt": true, "bearer": true,
	"privatekey": true, "accesskey": true, "secretkey": true,
}

// lastWords make a name secret when it ends in them: "api_key", "x-auth",
// "sig", but not "key_id", "authSource" or "signal".
var lastWords = map[string]bool{
	"key": true, "auth": true, "authorization": true, "sig": true, "pass": true, "session": true,
	"sessionid": true, "hmac": true,
}

// compoundEnds catch names written as one word: "accesstoken", "dbpassword",
// "clientsecret", "xapikey".
var compoundEnds = []string{"token", "secret", "password", "passwd", "pwd", "apikey", "signature", "passphrase"}

// SecretName reports whether a parameter name looks like it holds a secret.
func SecretName(name string) bool {
	words := splitWords(name)
	if len(words) == 0 {
		return false
	}
	for _, w := range words {
		if strongWords[w] {
			return true
		}
	}
	if lastWords[words[len(words)-1]] {
		return true
	}
	joined := strings.Join(words, "")
	for _, end := range compoundEnds {
		if strings.HasSuffix(joined, end) {
			return true
		}
	}
	return false
}

// splitWords lower-cases name and splits it at anything but letters and
// digits and at camelCase humps: "X-Amz-Signature" → x amz signature,
// "apiKey" → api key, "sentinel_password" → sentinel password.
func splitWords(name string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(name)
	for i, r := range rs {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
			continue
		case unicode.IsUpper(r) && i > 0 && (unicode.IsLower(rs[i-1]) ||
			(unicode.IsUpper(rs[i-1]) && i+1 < len(rs) && unicode.IsLower(rs[i+1]))):
			flush()
		}
		cur = append(cur, r)
	}
	flush()
	return words
}
