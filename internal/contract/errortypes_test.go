package contract

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// mockRoot is the mock's source, read by the static error-type check.
const mockRoot = "../../mockserver"

// adminScopes are the places whose errors reach only the mock's own /mock/
// routes (and the Go admin API), which may use the mock's own error types.
// An entry is a directory (ending in "/") or "file.go:Func". Everything else
// answers on /v1/ routes and must use Stytch's registry.
var adminScopes = []string{
	"internal/admin/", // the /mock/ route handlers
	"internal/engine/persist_engine.go:handleImport",   // POST /mock/import
	"internal/engine/limits.go:importBusy",             // POST /mock/import while another runs
	"internal/engine/admin.go:handleCreateProject",     // POST /mock/projects past the project cap
	"internal/state/redirects.go:ValidateRedirectURLs", // PUT /mock/redirect_urls and snapshots
}

// runtimeChecked are error-type expressions whose values come from a
// caller of the mock at run time, keyed "file:Func:expr", with the check
// that keeps them inside the registry (each has its own test).
var runtimeChecked = map[string]string{
	// An injected fault's error_type: state.NormalizeFault refuses a type
	// that apierr.Registered does not know (TestFaultErrorTypeMustBeRegistered).
	"internal/engine/engine.go:ServeHTTP:f.ErrorType": "state.NormalizeFault",
}

// loadRegistry reads testdata's copy of Stytch's published error types.
func loadRegistry(t *testing.T) map[string]bool {
	t.Helper()
	reg, err := LoadErrorTypes("../../testdata/contract")
	if err != nil {
		t.Fatal(err)
	}
	if len(reg) < 800 {
		t.Fatalf("error_types.json lists only %d types", len(reg))
	}
	return reg
}

// errorSite is one error type the mock's source can answer with.
type errorSite struct {
	errorType string
	pos       string // file:line of the apierr call
	admin     bool   // the call is in an admin scope
}

// sourceScan is the parsed, non-test Go source of the mock.
type sourceScan struct {
	fset  *token.FileSet
	files map[string]*ast.File // relative path -> file
	// funcs maps a function or method name to its declarations.
	funcs map[string][]*funcRef
	// consts maps a package-level constant name to its string values.
	consts map[string][]string
	// fieldValues maps a struct field name to the expressions assigned to
	// it in composite literals.
	fieldValues map[string][]ast.Expr
	// runtimeSeen lists the runtimeChecked sites the scan met.
	runtimeSeen []string
}

type funcRef struct {
	file string
	decl *ast.FuncDecl
}

func scanMockSource(t *testing.T) *sourceScan {
	t.Helper()
	s := &sourceScan{fset: token.NewFileSet(), files: map[string]*ast.File{}, funcs: map[string][]*funcRef{},
		consts: map[string][]string{}, fieldValues: map[string][]ast.Expr{}}
	err := filepath.WalkDir(mockRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		rel, _ := filepath.Rel(mockRoot, path)
		rel = filepath.ToSlash(rel)
		if strings.HasPrefix(rel, "internal/apierr/") {
			return nil // the constructors themselves; their callers are checked
		}
		f, err := parser.ParseFile(s.fset, path, nil, 0)
		if err != nil {
			return err
		}
		s.files[rel] = f
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for rel, f := range s.files {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				s.funcs[d.Name.Name] = append(s.funcs[d.Name.Name], &funcRef{rel, d})
			case *ast.GenDecl:
				if d.Tok != token.CONST {
					continue
				}
				for _, spec := range d.Specs {
					vs := spec.(*ast.ValueSpec)
					for i, n := range vs.Names {
						if i < len(vs.Values) {
							if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
								v, _ := strconv.Unquote(lit.Value)
								s.consts[n.Name] = append(s.consts[n.Name], v)
							}
						}
					}
				}
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if kv, ok := n.(*ast.KeyValueExpr); ok {
				if k, ok := kv.Key.(*ast.Ident); ok {
					s.fieldValues[k.Name] = append(s.fieldValues[k.Name], kv.Value)
				}
			}
			return true
		})
	}
	return s
}

// apierrTypeArg is the index of the error-type argument of each apierr
// constructor.
var apierrTypeArg = map[string]int{"New": 1, "BadRequest": 0, "Unauthorized": 0, "Forbidden": 0, "NotFound": 0, "TooManyRequests": 0}

// sites returns every error type the mock's source can pass to an apierr
// constructor or put in an apierr.Error literal, with the problems of
// expressions it could not resolve to string constants.
func (s *sourceScan) sites() (out []errorSite, problems []string) {
	for rel, f := range s.files {
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			admin := inAdminScope(rel, fn.Name.Name)
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				var arg ast.Expr
				switch n := n.(type) {
				case *ast.CallExpr:
					sel, ok := n.Fun.(*ast.SelectorExpr)
					if !ok || !isIdent(sel.X, "apierr") {
						return true
					}
					i, ok := apierrTypeArg[sel.Sel.Name]
					if !ok || i >= len(n.Args) {
						return true
					}
					arg = n.Args[i]
				case *ast.CompositeLit:
					sel, ok := n.Type.(*ast.SelectorExpr)
					if !ok || !isIdent(sel.X, "apierr") || sel.Sel.Name != "Error" {
						return true
					}
					for _, e := range n.Elts {
						if kv, ok := e.(*ast.KeyValueExpr); ok && isIdent(kv.Key, "Type") {
							arg = kv.Value
						}
					}
					if arg == nil {
						return true
					}
				default:
					return true
				}
				pos := s.fset.Position(arg.Pos())
				where := fmt.Sprintf("%s:%d", rel, pos.Line)
				if key := rel + ":" + fn.Name.Name + ":" + exprString(arg); runtimeChecked[key] != "" {
					s.runtimeSeen = append(s.runtimeSeen, key)
					return true
				}
				vals, bad := s.resolve(arg, fn, 0)
				for _, b := range bad {
					problems = append(problems, where+": "+b)
				}
				for _, v := range vals {
					out = append(out, errorSite{v, where, admin})
				}
				return true
			})
		}
	}
	return out, problems
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

func inAdminScope(rel, fn string) bool {
	for _, sc := range adminScopes {
		if strings.HasSuffix(sc, "/") && strings.HasPrefix(rel, sc) || sc == rel+":"+fn {
			return true
		}
	}
	return false
}

// resolve returns every string value e can take in fn: a string literal, a
// constant, a concatenation, a field of a struct literal (every value any
// composite literal assigns to that field name), or a parameter of fn
// (every value its callers pass). Anything else is a problem: the check
// must see every error type the source can produce.
func (s *sourceScan) resolve(e ast.Expr, fn *ast.FuncDecl, depth int) (vals, problems []string) {
	if depth > 8 {
		return nil, []string{"error type passes through too many calls to follow"}
	}
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind == token.STRING {
			v, _ := strconv.Unquote(e.Value)
			return []string{v}, nil
		}
	case *ast.ParenExpr:
		return s.resolve(e.X, fn, depth)
	case *ast.BinaryExpr:
		if e.Op == token.ADD {
			l, lp := s.resolve(e.X, fn, depth)
			r, rp := s.resolve(e.Y, fn, depth)
			for _, a := range l {
				for _, b := range r {
					vals = append(vals, a+b)
				}
			}
			return vals, append(lp, rp...)
		}
	case *ast.SelectorExpr:
		exprs := s.fieldValues[e.Sel.Name]
		if len(exprs) == 0 {
			break
		}
		for _, x := range exprs {
			v, p := s.resolve(x, nil, depth+1)
			vals, problems = append(vals, v...), append(problems, p...)
		}
		return vals, problems
	case *ast.Ident:
		if v, ok := s.consts[e.Name]; ok {
			return v, nil
		}
		if fn != nil {
			if idx, ok := paramIndex(fn, e.Name); ok {
				return s.resolveParam(fn.Name.Name, idx, depth)
			}
		}
	}
	return nil, []string{fmt.Sprintf("cannot tell which error types %s can hold", exprString(e))}
}

// resolveParam resolves argument idx of every call of a function named name.
func (s *sourceScan) resolveParam(name string, idx, depth int) (vals, problems []string) {
	calls := 0
	for _, f := range s.files {
		for _, d := range f.Decls {
			caller, ok := d.(*ast.FuncDecl)
			if !ok || caller.Body == nil {
				continue
			}
			ast.Inspect(caller.Body, func(n ast.Node) bool {
				c, ok := n.(*ast.CallExpr)
				if !ok || calleeName(c.Fun) != name || idx >= len(c.Args) {
					return true
				}
				calls++
				v, p := s.resolve(c.Args[idx], caller, depth+1)
				vals, problems = append(vals, v...), append(problems, p...)
				return true
			})
		}
	}
	if calls == 0 {
		problems = append(problems, fmt.Sprintf("no call of %s found to resolve its error-type parameter", name))
	}
	return vals, problems
}

func calleeName(fun ast.Expr) string {
	switch f := fun.(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		return f.Sel.Name
	case *ast.IndexExpr:
		return calleeName(f.X)
	case *ast.IndexListExpr:
		return calleeName(f.X)
	}
	return ""
}

func paramIndex(fn *ast.FuncDecl, name string) (int, bool) {
	i := 0
	for _, field := range fn.Type.Params.List {
		for _, n := range field.Names {
			if n.Name == name {
				return i, true
			}
			i++
		}
	}
	return 0, false
}

func exprString(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return exprString(e.X) + "." + e.Sel.Name
	case *ast.CallExpr:
		return exprString(e.Fun) + "(...)"
	}
	return fmt.Sprintf("%T", e)
}

// documentedAdminTypes reads the admin-only error types listed in
// docs/mock-behaviour.md, in the section that names them.
func documentedAdminTypes(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("../../docs/mock-behaviour.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	const heading = "## Error types of the /mock/ admin routes"
	i := strings.Index(doc, heading)
	if i < 0 {
		t.Fatalf("docs/mock-behaviour.md has no %q section", heading)
	}
	section := doc[i+len(heading):]
	if j := strings.Index(section, "\n## "); j >= 0 {
		section = section[:j]
	}
	var out []string
	for _, m := range regexp.MustCompile("(?m)^- `([a-z0-9_]+)`").FindAllStringSubmatch(section, -1) {
		out = append(out, m[1])
	}
	sort.Strings(out)
	return out
}

// TestMockSourceUsesOnlyRegisteredErrorTypes fails when any error the mock's
// source can answer on a /v1/ route has an error_type outside Stytch's
// published registry. Admin-only types must be listed in
// docs/mock-behaviour.md.
func TestMockSourceUsesOnlyRegisteredErrorTypes(t *testing.T) {
	reg := loadRegistry(t)
	s := scanMockSource(t)
	sites, problems := s.sites()
	for _, p := range problems {
		t.Error(p)
	}
	for key := range runtimeChecked {
		if !slices.Contains(s.runtimeSeen, key) {
			t.Errorf("runtimeChecked names %s, which the source no longer has", key)
		}
	}
	if len(sites) < 300 {
		t.Fatalf("found only %d error sites in the mock's source; the scan is broken", len(sites))
	}
	adminOnly := map[string]bool{}
	for _, st := range sites {
		switch {
		case reg[st.errorType]:
		case st.admin:
			adminOnly[st.errorType] = true
		default:
			t.Errorf("%s: error_type %q is not in Stytch's registry (testdata/contract/error_types.json)", st.pos, st.errorType)
		}
	}
	var got []string
	for k := range adminOnly {
		got = append(got, k)
	}
	sort.Strings(got)
	t.Logf("admin-only error types: %v", got)
	if want := documentedAdminTypes(t); !slices.Equal(got, want) {
		t.Errorf("the admin routes' own error types are %v, docs/mock-behaviour.md lists %v", got, want)
	}
}

// The scanner must resolve what it claims to and report what it cannot, or
// the check above proves nothing.
func TestErrorTypeScannerResolvesAndReports(t *testing.T) {
	src := `package x
const kConst = "from_const"
type te struct{ typ string }
func pick(k string) te {
	switch k {
	case "a":
		return te{typ: "from_field"}
	}
	return te{typ: "other_field"}
}
func wrap(t string) error { return apierr.BadRequest(t, "m") }
func use() {
	wrap("from_param")
	_ = apierr.NotFound(kConst, "m")
	_ = apierr.New(400, "pre_"+"fix", "m")
	_ = apierr.BadRequest(pick("a").typ, "m")
	var dyn string
	_ = apierr.BadRequest(dyn, "m")
	_ = &apierr.Error{Status: 400, Type: "from_literal"}
}
`
	s := &sourceScan{fset: token.NewFileSet(), files: map[string]*ast.File{}, funcs: map[string][]*funcRef{},
		consts: map[string][]string{}, fieldValues: map[string][]ast.Expr{}}
	f, err := parser.ParseFile(s.fset, "x.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	s.files["x.go"] = f
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.CONST {
			vs := g.Specs[0].(*ast.ValueSpec)
			v, _ := strconv.Unquote(vs.Values[0].(*ast.BasicLit).Value)
			s.consts[vs.Names[0].Name] = []string{v}
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		if kv, ok := n.(*ast.KeyValueExpr); ok {
			if k, ok := kv.Key.(*ast.Ident); ok {
				s.fieldValues[k.Name] = append(s.fieldValues[k.Name], kv.Value)
			}
		}
		return true
	})
	sites, problems := s.sites()
	var got []string
	for _, st := range sites {
		got = append(got, st.errorType)
	}
	sort.Strings(got)
	want := []string{"from_const", "from_field", "from_literal", "from_param", "other_field", "pre_fix"}
	if !slices.Equal(got, want) {
		t.Errorf("resolved %v, want %v", got, want)
	}
	if len(problems) != 1 || !strings.Contains(problems[0], "dyn") {
		t.Errorf("problems %v, want one about dyn", problems)
	}
}
