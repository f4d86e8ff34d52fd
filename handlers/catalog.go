package handlers

import (
	"fmt"
	"log/slog"
)

// catalog holds one feature's user-facing texts: per language ("de",
// "en"), a key and its text with fmt placeholders. Both languages have the
// same keys and the same placeholders in the same order; a test holds
// that, and another that every key the code uses exists.
type catalog map[string]map[string]string

// t returns the text of key in lang (German for any language but English),
// formatted with args. A missing key is a programming error the tests
// catch; at run time it is logged and the key itself is returned rather
// than failing the conversation.
func (c catalog) t(lang, key string, args ...any) string {
	if lang != "en" {
		lang = "de"
	}
	s, ok := c[lang][key]
	if !ok {
		slog.Error("text missing from catalogue", "component", "handlers", "key", key, "lang", lang)
		return key
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

// catalogs lists every catalogue, for the tests.
var catalogs = map[string]catalog{
	"general":  generalTexts,
	"callback": callbackTexts,
	"tickets":  ticketTexts,
	"vendor":   vendorTexts,
	"protocol": protocolTexts,
	"format":   formatTexts,
	"mail":     vendorMailTexts,
}
