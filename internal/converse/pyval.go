package converse

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The conversation files and the bot's answers are free-form JSON, read
// the way converse.py reads them: objects keep their key order, numbers
// keep their text, and values print as Python prints them (None, True,
// 'quoted'), so that failure messages come out the same.

// object is a JSON object with its keys in order.
type object struct {
	keys []string
	vals map[string]any
}

func newObject() *object { return &object{vals: map[string]any{}} }

// get returns the value of key k, nil when absent.
func (o *object) get(k string) any {
	if o == nil {
		return nil
	}
	return o.vals[k]
}

// has reports whether key k is present.
func (o *object) has(k string) bool {
	if o == nil {
		return false
	}
	_, ok := o.vals[k]
	return ok
}

func (o *object) set(k string, v any) {
	if _, ok := o.vals[k]; !ok {
		o.keys = append(o.keys, k)
	}
	o.vals[k] = v
}

// str is str(o.get(k, def)).
func (o *object) str(k, def string) string {
	if !o.has(k) {
		return def
	}
	return pyStr(o.get(k))
}

// asObject returns v as an object, nil when it is none.
func asObject(v any) *object {
	o, _ := v.(*object)
	return o
}

// decodeJSON is json.loads: nil, bool, json.Number, string, []any, *object.
func decodeJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := decodeValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("extra data after the value")
	}
	return v, nil
}

func decodeValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		if t == '[' {
			list := []any{}
			for dec.More() {
				v, err := decodeValue(dec)
				if err != nil {
					return nil, err
				}
				list = append(list, v)
			}
			_, err := dec.Token()
			return list, err
		}
		o := newObject()
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return nil, err
			}
			v, err := decodeValue(dec)
			if err != nil {
				return nil, err
			}
			o.set(k.(string), v)
		}
		_, err := dec.Token()
		return o, err
	default:
		return t, nil
	}
}

// truthy is Python's bool(v).
func truthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case json.Number:
		f, _ := x.Float64()
		return f != 0
	case string:
		return x != ""
	case []any:
		return len(x) > 0
	case *object:
		return x != nil && len(x.keys) > 0
	}
	return true
}

// number returns the value of a JSON number: an int when it is written as
// one (as json.loads reads it), else a float.
func number(n json.Number) (i *big.Int, f float64, isInt bool) {
	s := string(n)
	if !strings.ContainsAny(s, ".eE") {
		if i, ok := new(big.Int).SetString(s, 10); ok {
			return i, 0, true
		}
	}
	f, _ = strconv.ParseFloat(s, 64)
	return nil, f, false
}

// pyFloat is repr(float).
func pyFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	e := strconv.FormatFloat(f, 'e', -1, 64) // d.ddde±XX
	mant, expPart, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expPart)
	if exp < -4 || exp >= 16 {
		sign := "+"
		if exp < 0 {
			sign, exp = "-", -exp
		}
		return fmt.Sprintf("%se%s%02d", mant, sign, exp)
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsAny(s, ".") {
		s += ".0"
	}
	return s
}

// pyStr is Python's str(v).
func pyStr(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case nil:
		return "None"
	case bool:
		if x {
			return "True"
		}
		return "False"
	case json.Number:
		i, f, ok := number(x)
		if ok {
			return i.String()
		}
		return pyFloat(f)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = pyRepr(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case *object:
		if x == nil {
			return "{}"
		}
		parts := make([]string, len(x.keys))
		for i, k := range x.keys {
			parts[i] = pyRepr(k) + ": " + pyRepr(x.vals[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return fmt.Sprint(v)
}

// pyRepr is Python's repr(v).
func pyRepr(v any) string {
	s, ok := v.(string)
	if !ok {
		return pyStr(v)
	}
	q := byte('\'')
	if strings.ContainsRune(s, '\'') && !strings.ContainsRune(s, '"') {
		q = '"'
	}
	var b strings.Builder
	b.WriteByte(q)
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == rune(q):
			b.WriteByte('\\')
			b.WriteByte(q)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case unicode.IsPrint(r):
			b.WriteRune(r)
		case r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r < 0x10000:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			fmt.Fprintf(&b, `\U%08x`, r)
		}
	}
	b.WriteByte(q)
	return b.String()
}

// pyDumps is json.dumps(v, ensure_ascii=False).
func pyDumps(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		if x {
			return "true"
		}
		return "false"
	case json.Number:
		i, f, ok := number(x)
		switch {
		case ok:
			return i.String()
		case math.IsNaN(f):
			return "NaN"
		case math.IsInf(f, 1):
			return "Infinity"
		case math.IsInf(f, -1):
			return "-Infinity"
		}
		return pyFloat(f)
	case string:
		var b strings.Builder
		b.WriteByte('"')
		for _, r := range x {
			switch r {
			case '"':
				b.WriteString(`\"`)
			case '\\':
				b.WriteString(`\\`)
			case '\n':
				b.WriteString(`\n`)
			case '\r':
				b.WriteString(`\r`)
			case '\t':
				b.WriteString(`\t`)
			case '\b':
				b.WriteString(`\b`)
			case '\f':
				b.WriteString(`\f`)
			default:
				if r < 0x20 {
					fmt.Fprintf(&b, `\u%04x`, r)
				} else {
					b.WriteRune(r)
				}
			}
		}
		b.WriteByte('"')
		return b.String()
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = pyDumps(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case *object:
		if x == nil {
			return "{}"
		}
		parts := make([]string, len(x.keys))
		for i, k := range x.keys {
			parts[i] = pyDumps(k) + ": " + pyDumps(x.vals[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return "null"
}

// pyEq is Python's == on JSON values (1 == 1.0 == True).
func pyEq(a, b any) bool {
	na, aNum := numeric(a)
	nb, bNum := numeric(b)
	if aNum || bNum {
		return aNum && bNum && na.Cmp(nb) == 0
	}
	switch x := a.(type) {
	case nil:
		return b == nil
	case string:
		y, ok := b.(string)
		return ok && x == y
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !pyEq(x[i], y[i]) {
				return false
			}
		}
		return true
	case *object:
		y, ok := b.(*object)
		if !ok || len(x.keys) != len(y.keys) {
			return false
		}
		for _, k := range x.keys {
			if !y.has(k) || !pyEq(x.vals[k], y.vals[k]) {
				return false
			}
		}
		return true
	}
	return false
}

func numeric(v any) (*big.Float, bool) {
	switch x := v.(type) {
	case bool:
		if x {
			return big.NewFloat(1), true
		}
		return big.NewFloat(0), true
	case json.Number:
		i, f, ok := number(x)
		switch {
		case ok:
			return new(big.Float).SetInt(i), true
		case math.IsNaN(f):
			return nil, false
		case math.IsInf(f, 0):
			return new(big.Float).SetInf(f < 0), true
		}
		return big.NewFloat(f), true
	}
	return nil, false
}

// pyIn is Python's x in container for JSON values: element of a list,
// substring of a string, key of an object.
func pyIn(x, container any) bool {
	switch c := container.(type) {
	case []any:
		for _, e := range c {
			if pyEq(x, e) {
				return true
			}
		}
	case string:
		s, ok := x.(string)
		return ok && strings.Contains(c, s)
	case *object:
		s, ok := x.(string)
		return ok && c.has(s)
	}
	return false
}

// pyIter is what `for x in v` yields: the items of a list, the characters
// of a string, the keys of an object.
func pyIter(v any) []any {
	switch x := v.(type) {
	case []any:
		return x
	case string:
		out := make([]any, 0, utf8.RuneCountInString(x))
		for _, r := range x {
			out = append(out, string(r))
		}
		return out
	case *object:
		if x == nil {
			return nil
		}
		out := make([]any, len(x.keys))
		for i, k := range x.keys {
			out[i] = k
		}
		return out
	}
	return nil
}

// listOrOne is `v if isinstance(v, list) else [v]`.
func listOrOne(v any) []any {
	if l, ok := v.([]any); ok {
		return l
	}
	return []any{v}
}

// joinStr is ",".join(str(x) for x in xs).
func joinStr(xs []any, sep string) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = pyStr(x)
	}
	return strings.Join(parts, sep)
}

// deepMap applies f to every string in v (not to object keys).
func deepMap(v any, f func(string) (string, error)) (any, error) {
	switch x := v.(type) {
	case string:
		return f(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			m, err := deepMap(e, f)
			if err != nil {
				return nil, err
			}
			out[i] = m
		}
		return out, nil
	case *object:
		if x == nil {
			return x, nil
		}
		out := newObject()
		for _, k := range x.keys {
			m, err := deepMap(x.vals[k], f)
			if err != nil {
				return nil, err
			}
			out.set(k, m)
		}
		return out, nil
	}
	return v, nil
}

// pyFloatOf is float(v) for a number or a numeric string.
func pyFloatOf(v any) (float64, error) {
	switch x := v.(type) {
	case json.Number:
		return strconv.ParseFloat(string(x), 64)
	case bool:
		if x {
			return 1, nil
		}
		return 0, nil
	case string:
		f, err := strconv.ParseFloat(strings.TrimFunc(x, isPySpace), 64)
		if err != nil {
			return 0, fmt.Errorf("could not convert string to float: %s", pyRepr(x))
		}
		return f, nil
	}
	return 0, fmt.Errorf("float() argument must be a string or a real number, not %s", pyTypeName(v))
}

func pyTypeName(v any) string {
	switch v.(type) {
	case nil:
		return "'NoneType'"
	case []any:
		return "'list'"
	case *object:
		return "'dict'"
	}
	return "'" + fmt.Sprintf("%T", v) + "'"
}
