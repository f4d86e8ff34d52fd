package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
)

// errMoreValues is a body with something after its JSON object.
var errMoreValues = errors.New("send one JSON object and nothing after it")

// typeMismatch words a *json.UnmarshalTypeError for a client: the field and
// what it must hold, never Go's type names ("json: cannot unmarshal string
// into Go struct field apiMessageReq.text of type bool").
func typeMismatch(e *json.UnmarshalTypeError) string {
	got := jsonKind(e.Value)
	if e.Field == "" {
		return fmt.Sprintf("the body must be a JSON object, not %s", got)
	}
	return fmt.Sprintf("field %q: want %s, not %s", e.Field, wantKind(e.Type), got)
}

// wantKind names the JSON a Go type is decoded from.
func wantKind(t reflect.Type) string {
	if t == nil {
		return "another kind of value"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "a whole number"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number of 0 or more"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return "another kind of value"
}

// jsonKind names what encoding/json says it found ("number", "string",
// "array", "object", "bool", "number 1e400").
func jsonKind(v string) string {
	word, _, _ := strings.Cut(v, " ")
	switch word {
	case "string":
		return "a string"
	case "number":
		if word != v {
			return "the number " + strings.TrimPrefix(v, "number ") + " (out of range)"
		}
		return "a number"
	case "bool":
		return "true or false"
	case "array":
		return "a list"
	case "object":
		return "an object"
	case "null":
		return "null"
	}
	return "another kind of value"
}
