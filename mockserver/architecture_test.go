package mockserver_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// layers are the mock's internal packages from the bottom up: each may import
// only packages below it (docs/architecture.md).
var layers = []string{
	"clock", "apierr", "ids", "wire", "search", "passwd",
	"state", "flows", "store", "httpkit", "api", "scim", "idp", "admin", "dashboard", "engine",
}

// domainLayers hold the mock's rules and records; they never see HTTP.
var domainLayers = []string{"clock", "apierr", "ids", "wire", "search", "passwd", "state", "flows"}

const internalPath = "github.com/stytchkit/stytch-go/mockserver/internal/"

// packageImports returns the imports of the non-test Go files in dir.
func packageImports(t *testing.T, dir string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range af.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			out[p] = true
		}
	}
	return out
}

// TestLayering checks the import rules of docs/architecture.md: every
// internal package is a known layer and imports only layers below it, and
// the domain layers import neither net/http nor any HTTP layer.
func TestLayering(t *testing.T) {
	entries, err := os.ReadDir("internal")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		rank := slices.Index(layers, e.Name())
		if rank < 0 {
			t.Errorf("internal/%s is not a known layer: add it to layers and to docs/architecture.md", e.Name())
			continue
		}
		for imp := range packageImports(t, filepath.Join("internal", e.Name())) {
			if slices.Contains(domainLayers, e.Name()) && imp == "net/http" {
				t.Errorf("internal/%s imports net/http; domain layers take plain values", e.Name())
			}
			dep, ok := strings.CutPrefix(imp, internalPath)
			if !ok {
				continue
			}
			if r := slices.Index(layers, dep); r < 0 || r >= rank {
				t.Errorf("internal/%s imports internal/%s, which is not below it", e.Name(), dep)
			}
		}
	}
}

// TestNoPackageDominates checks that no package under mockserver holds more
// than a quarter of the mock's non-test lines.
func TestNoPackageDominates(t *testing.T) {
	lines := map[string]int{}
	total := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		n := strings.Count(string(b), "\n")
		lines[filepath.Dir(path)] += n
		total += n
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for dir, n := range lines {
		if n*4 > total {
			t.Errorf("%s holds %d of the mock's %d non-test lines (more than a quarter)", dir, n, total)
		}
	}
}
