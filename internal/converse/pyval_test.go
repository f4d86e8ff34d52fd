package converse

import "testing"

// json.dumps(…, ensure_ascii=False), repr() and str() as Python 3.11 prints them.
func TestPythonValues(t *testing.T) {
	v, err := decodeJSON([]byte(`{"vendor": "DATEV eG", "admin": false, "note": "Bitte \"vorher\" anrufen – 10 % Rabatt\n", "seats": 2, "price": 1.50, "big": 1e20, "small": 0.00001, "neg": -0.0, "int": 12345678901234567890, "ctl": "\u0001"}`))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"vendor": "DATEV eG", "admin": false, "note": "Bitte \"vorher\" anrufen – 10 % Rabatt\n", "seats": 2, "price": 1.5, "big": 1e+20, "small": 1e-05, "neg": -0.0, "int": 12345678901234567890, "ctl": "\u0001"}`
	if got := pyDumps(v); got != want {
		t.Errorf("dumps:\n got  %s\n want %s", got, want)
	}
	list, _ := decodeJSON([]byte(`[1, "a", null, true, 1.5, {"a": [1]}]`))
	for _, c := range []struct{ got, want string }{
		{pyRepr(`it's "x"`), `'it\'s "x"'`},
		{pyRepr("a'b"), `"a'b"`},
		{pyRepr("\u00a0\x01\u2028ä"), `'\xa0\x01\u2028ä'`},
		{pyRepr(nil), "None"},
		{pyStr(list), `[1, 'a', None, True, 1.5, {'a': [1]}]`},
		{pyStr(true), "True"},
	} {
		if c.got != c.want {
			t.Errorf("got %s, want %s", c.got, c.want)
		}
	}
	one, _ := decodeJSON([]byte(`[1, 1.0, true, "1", null]`))
	l := one.([]any)
	if !pyEq(l[0], l[1]) || !pyEq(l[0], l[2]) || pyEq(l[0], l[3]) || !pyEq(l[4], nil) {
		t.Error("pyEq differs from Python's ==")
	}
	if !pyIn("proj", "project") || pyIn("x", []any{"xy"}) || !pyIn("eG", asObject(v).get("vendor")) {
		t.Error("pyIn differs from Python's in")
	}
	if _, err := decodeJSON([]byte(`{"a": 1} x`)); err == nil {
		t.Error("extra data accepted")
	}
}
