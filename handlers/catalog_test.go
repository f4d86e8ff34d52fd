package handlers

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// verbRE finds the fmt verbs of a text ("%s", "%d", "%02d"; "%%" is none).
var verbRE = regexp.MustCompile(`%[-+# 0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[a-zA-Z%]`)

// verbs returns the verbs of s in order.
func verbs(s string) []string {
	var out []string
	for _, v := range verbRE.FindAllString(s, -1) {
		if v != "%%" {
			out = append(out, v)
		}
	}
	return out
}

// TestCatalogsHaveBothLanguages: every key of every catalogue has a
// German and an English text, neither empty, with the same placeholders
// in the same order, and no catalogue has a third language.
func TestCatalogsHaveBothLanguages(t *testing.T) {
	if len(catalogs) == 0 {
		t.Fatal("no catalogues registered")
	}
	for name, c := range catalogs {
		if len(c["de"]) == 0 || len(c["en"]) == 0 {
			t.Errorf("catalogue %s: %d German and %d English texts", name, len(c["de"]), len(c["en"]))
		}
		for lang := range c {
			if lang != "de" && lang != "en" {
				t.Errorf("catalogue %s has a language %q", name, lang)
			}
		}
		keys := map[string]bool{}
		for k := range c["de"] {
			keys[k] = true
		}
		for k := range c["en"] {
			keys[k] = true
		}
		for k := range keys {
			de, okDE := c["de"][k]
			en, okEN := c["en"][k]
			switch {
			case !okDE:
				t.Errorf("%s.%s: no German text", name, k)
			case !okEN:
				t.Errorf("%s.%s: no English text", name, k)
			case strings.TrimSpace(de) == "" || strings.TrimSpace(en) == "":
				t.Errorf("%s.%s: an empty text (de %q, en %q)", name, k, de, en)
			case !slices.Equal(verbs(de), verbs(en)):
				t.Errorf("%s.%s: placeholders differ: de %v, en %v", name, k, verbs(de), verbs(en))
			}
		}
	}
}

// TestCatalogTextsFormat: formatting a text with as many arguments as it
// has placeholders leaves no fmt error marks in either language.
func TestCatalogTextsFormat(t *testing.T) {
	for name, c := range catalogs {
		for _, lang := range []string{"de", "en"} {
			for k, s := range c[lang] {
				vs := verbs(s)
				args := make([]any, len(vs))
				for i, v := range vs {
					switch v[len(v)-1] {
					case 'd':
						args[i] = 3
					default:
						args[i] = "x"
					}
				}
				got := c.t(lang, k, args...)
				if len(args) > 0 && (strings.Contains(got, "%!") || strings.Contains(got, "(MISSING)")) {
					t.Errorf("%s.%s (%s): %q", name, k, lang, got)
				}
			}
		}
	}
}

// TestCatalogFallsBackToGerman: any language but English gets German, and
// a missing key is returned as itself rather than failing the reply.
func TestCatalogFallsBackToGerman(t *testing.T) {
	if got, want := generalTexts.t("fr", "welcome"), generalTexts["de"]["welcome"]; got != want {
		t.Errorf("French got %q, want the German text", got)
	}
	if got := generalTexts.t("en", "no such key"); got != "no such key" {
		t.Errorf("missing key -> %q", got)
	}
}

// keySpec is a catalogue key the code may ask for: one key, or every key
// with a prefix ("verdict_"+v).
type keySpec struct {
	key    string
	prefix bool
	pos    token.Position
	// args is the number of arguments given after the key when known
	// (not passed on with "...").
	args      int
	argsKnown bool
}

// catalogUse is one call of a catalogue's t method in the package source.
type catalogUse struct {
	catalog string // the variable's name
	keys    []keySpec
}

// packageSource parses the package's non-test Go files.
func packageSource(t *testing.T) (*token.FileSet, []*ast.File) {
	t.Helper()
	fset := token.NewFileSet()
	paths, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, p, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		t.Fatal("no source files found")
	}
	return fset, files
}

// catalogVars maps the variables that hold catalogues (var x = catalog{…})
// to their names in the catalogs registry.
func catalogVars(t *testing.T, files []*ast.File) map[string]string {
	t.Helper()
	declared := map[string]bool{}
	registry := map[string]string{}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			vs, ok := n.(*ast.ValueSpec)
			if !ok {
				return true
			}
			for i, name := range vs.Names {
				if i >= len(vs.Values) {
					continue
				}
				cl, ok := vs.Values[i].(*ast.CompositeLit)
				if !ok {
					continue
				}
				switch typ := cl.Type.(type) {
				case *ast.Ident:
					if typ.Name == "catalog" {
						declared[name.Name] = true
					}
				case *ast.MapType:
					if v, ok := typ.Value.(*ast.Ident); ok && v.Name == "catalog" && name.Name == "catalogs" {
						for _, el := range cl.Elts {
							kv := el.(*ast.KeyValueExpr)
							k, _ := strconv.Unquote(kv.Key.(*ast.BasicLit).Value)
							registry[kv.Value.(*ast.Ident).Name] = k
						}
					}
				}
			}
			return true
		})
	}
	for v := range declared {
		if _, ok := registry[v]; !ok {
			t.Errorf("catalogue %s is not in the catalogs registry: the tests cannot see it", v)
		}
	}
	if len(registry) != len(catalogs) {
		t.Errorf("the registry in the source names %d catalogues, catalogs holds %d", len(registry), len(catalogs))
	}
	return registry
}

// catalogUses finds every call cat.t(lang, key, …) of a catalogue variable
// and resolves its key: a literal, a literal prefix plus anything, or a
// variable or parameter whose values are such literals.
func catalogUses(t *testing.T, fset *token.FileSet, files []*ast.File, vars map[string]string) []catalogUse {
	t.Helper()
	var uses []catalogUse
	for _, f := range files {
		var stack []ast.Node
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			stack = append(stack, n)
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "t" {
				return true
			}
			id, ok := sel.X.(*ast.Ident)
			if !ok || vars[id.Name] == "" {
				return true
			}
			if len(call.Args) < 2 {
				t.Errorf("%s: %s.t without a key", fset.Position(call.Pos()), id.Name)
				return true
			}
			args := len(call.Args) - 2
			if call.Ellipsis.IsValid() {
				args = -1
			}
			specs := resolveKey(fset, files, stack, call.Args[1], 0)
			if len(specs) == 0 {
				t.Errorf("%s: cannot tell which key of %s this asks for; write it as a literal", fset.Position(call.Args[1].Pos()), id.Name)
			}
			for i := range specs {
				if !specs[i].argsKnown && args >= 0 {
					specs[i].args, specs[i].argsKnown = args, true
				}
			}
			uses = append(uses, catalogUse{catalog: id.Name, keys: specs})
			return true
		})
	}
	return uses
}

// resolveKey returns the keys expression e can be. stack is the path of
// nodes from the file down to the call.
func resolveKey(fset *token.FileSet, files []*ast.File, stack []ast.Node, e ast.Expr, depth int) []keySpec {
	if depth > 4 {
		return nil
	}
	pos := fset.Position(e.Pos())
	switch x := e.(type) {
	case *ast.BasicLit:
		s, err := strconv.Unquote(x.Value)
		if err != nil || s == "" {
			return nil
		}
		return []keySpec{{key: s, pos: pos}}
	case *ast.ParenExpr:
		return resolveKey(fset, files, stack, x.X, depth)
	case *ast.BinaryExpr:
		if x.Op != token.ADD {
			return nil
		}
		left := resolveKey(fset, files, stack, x.X, depth+1)
		var out []keySpec
		for _, l := range left {
			out = append(out, keySpec{key: l.key, prefix: true, pos: pos})
		}
		return out
	case *ast.Ident:
		return resolveIdent(fset, files, stack, x, depth)
	}
	return nil
}

// resolveIdent resolves a variable by the literals assigned to it in the
// enclosing function, or a parameter by the arguments of the calls of its
// function.
func resolveIdent(fset *token.FileSet, files []*ast.File, stack []ast.Node, id *ast.Ident, depth int) []keySpec {
	var out []keySpec
	// the innermost function that declares id as a parameter
	for i := len(stack) - 1; i >= 0; i-- {
		var ft *ast.FuncType
		switch fn := stack[i].(type) {
		case *ast.FuncLit:
			ft = fn.Type
		case *ast.FuncDecl:
			ft = fn.Type
		default:
			continue
		}
		idx := paramIndex(ft, id.Name)
		if idx < 0 {
			continue
		}
		// the calls of this function: a closure's through the variable it
		// is assigned to, a declared function's by its name
		name := ""
		var scope []ast.Node
		switch fn := stack[i].(type) {
		case *ast.FuncLit:
			if i > 0 {
				if as, ok := stack[i-1].(*ast.AssignStmt); ok && len(as.Lhs) == 1 {
					if l, ok := as.Lhs[0].(*ast.Ident); ok {
						name = l.Name
					}
				}
			}
			for j := i - 1; j >= 0; j-- {
				if _, ok := stack[j].(*ast.FuncDecl); ok {
					scope = []ast.Node{stack[j]}
					break
				}
			}
		case *ast.FuncDecl:
			name = fn.Name.Name
			for _, f := range files {
				scope = append(scope, f)
			}
		}
		if name == "" {
			return nil
		}
		for _, sc := range scope {
			ast.Inspect(sc, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) <= idx {
					return true
				}
				called := ""
				switch f := call.Fun.(type) {
				case *ast.Ident:
					called = f.Name
				case *ast.SelectorExpr:
					called = f.Sel.Name
				}
				if called != name {
					return true
				}
				args := len(call.Args) - idx - 1
				if call.Ellipsis.IsValid() {
					args = -1
				}
				for _, k := range resolveKey(fset, files, nil, call.Args[idx], depth+1) {
					k.args, k.argsKnown = args, args >= 0
					out = append(out, k)
				}
				return true
			})
		}
		return out
	}
	// a local variable: the literals assigned to it in the enclosing function
	for i := len(stack) - 1; i >= 0; i-- {
		var body *ast.BlockStmt
		switch fn := stack[i].(type) {
		case *ast.FuncLit:
			body = fn.Body
		case *ast.FuncDecl:
			body = fn.Body
		default:
			continue
		}
		found := false
		ast.Inspect(body, func(n ast.Node) bool {
			as, ok := n.(*ast.AssignStmt)
			if !ok {
				return true
			}
			for j, l := range as.Lhs {
				if li, ok := l.(*ast.Ident); ok && li.Name == id.Name && j < len(as.Rhs) {
					found = true
					if lit, ok := as.Rhs[j].(*ast.BasicLit); ok && lit.Value == `""` {
						continue // "no key yet"
					}
					out = append(out, resolveKey(fset, files, nil, as.Rhs[j], depth+1)...)
				}
			}
			return true
		})
		if found {
			return out
		}
	}
	return nil
}

func paramIndex(ft *ast.FuncType, name string) int {
	i := 0
	for _, f := range ft.Params.List {
		if len(f.Names) == 0 {
			i++
			continue
		}
		for _, n := range f.Names {
			if n.Name == name {
				return i
			}
			i++
		}
	}
	return -1
}

// sourceKeys reads the catalogue keys the package's source uses.
func sourceKeys(t *testing.T) ([]catalogUse, map[string]string) {
	t.Helper()
	fset, files := packageSource(t)
	vars := catalogVars(t, files)
	return catalogUses(t, fset, files, vars), vars
}

// TestCatalogKeysInSourceExist: every key the code asks a catalogue for
// exists in it (a missing one would show the key itself to the client),
// and a literal key gets as many arguments as its text has placeholders.
func TestCatalogKeysInSourceExist(t *testing.T) {
	uses, vars := sourceKeys(t)
	if len(uses) < 100 {
		t.Fatalf("found only %d uses of catalogues; the source walk is broken", len(uses))
	}
	for _, u := range uses {
		c := catalogs[vars[u.catalog]]
		for _, k := range u.keys {
			if k.prefix {
				n := 0
				for key := range c["de"] {
					if strings.HasPrefix(key, k.key) {
						n++
					}
				}
				if n == 0 {
					t.Errorf("%s: %s has no key starting with %q", k.pos, u.catalog, k.key)
				}
				continue
			}
			text, ok := c["de"][k.key]
			if !ok {
				t.Errorf("%s: %s has no key %q", k.pos, u.catalog, k.key)
				continue
			}
			if k.argsKnown && k.args != len(verbs(text)) {
				t.Errorf("%s: %s.%s gets %d arguments for %d placeholders (%q)", k.pos, u.catalog, k.key, k.args, len(verbs(text)), text)
			}
		}
	}
}

// TestNoUnusedCatalogKeys: every text in the catalogues is one the code
// can say; a text nothing says is dead and drifts from what the bot does.
func TestNoUnusedCatalogKeys(t *testing.T) {
	uses, vars := sourceKeys(t)
	used := map[string]map[string]bool{}
	var prefixes []string
	for _, u := range uses {
		name := vars[u.catalog]
		if used[name] == nil {
			used[name] = map[string]bool{}
		}
		for _, k := range u.keys {
			if k.prefix {
				prefixes = append(prefixes, name+"\x00"+k.key)
				continue
			}
			used[name][k.key] = true
		}
	}
	var unused []string
	for name, c := range catalogs {
	keys:
		for key := range c["de"] {
			if used[name][key] {
				continue
			}
			for _, p := range prefixes {
				cat, pre, _ := strings.Cut(p, "\x00")
				if cat == name && strings.HasPrefix(key, pre) {
					continue keys
				}
			}
			unused = append(unused, fmt.Sprintf("%s.%s", name, key))
		}
	}
	sort.Strings(unused)
	if len(unused) > 0 {
		t.Errorf("%d texts are in the catalogues but nothing says them: %s", len(unused), strings.Join(unused, ", "))
	}
}
