package archtest

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/arazzo-dev/arazzo"

// allowed lists, for each public package of the module, the module packages
// its non-test files may import. internal/... packages may be imported by
// anyone in the module but may themselves import only other internal
// packages. Test files are exempt (examples and suites cross boundaries).
var allowed = map[string][]string{
	"expr":              {},
	"arazzo":            {"expr"},
	"runtime":           {"arazzo", "expr"},
	"conformance":       {"runtime", "arazzo", "expr", "conformance/zenml", "specs"},
	"conformance/zenml": {"specs"},
	"specs":             {},
	"cmd/arazzo":        {"conformance", "conformance/zenml", "runtime", "arazzo", "expr", "specs"},
	"internal/archtest": {},
}

// TestImportGraph enforces the one-way dependency graph described in
// docs/architecture.md: cmd -> conformance -> runtime -> arazzo, expr.
func TestImportGraph(t *testing.T) {
	root := moduleRoot(t)
	imports := map[string]map[string]bool{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if p != root && (strings.HasPrefix(name, ".") || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		rel, _ := filepath.Rel(root, filepath.Dir(p))
		pkg := filepath.ToSlash(rel)
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		if imports[pkg] == nil {
			imports[pkg] = map[string]bool{}
		}
		for _, imp := range f.Imports {
			ip, _ := strconv.Unquote(imp.Path.Value)
			if ip == module || strings.HasPrefix(ip, module+"/") {
				imports[pkg][strings.TrimPrefix(strings.TrimPrefix(ip, module), "/")] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var pkgs []string
	for pkg := range imports {
		pkgs = append(pkgs, pkg)
	}
	sort.Strings(pkgs)
	for _, pkg := range pkgs {
		internalPkg := pkg == "internal" || strings.HasPrefix(pkg, "internal/")
		allow, known := allowed[pkg]
		if !known && !internalPkg {
			t.Errorf("package %q is not in the import-graph table; add it with the packages it may import", pkg)
			continue
		}
		for imp := range imports[pkg] {
			impInternal := strings.HasPrefix(imp, "internal/")
			switch {
			case internalPkg && !impInternal:
				t.Errorf("internal package %q imports public package %q", pkg, imp)
			case !internalPkg && !impInternal && !contains(allow, imp):
				t.Errorf("package %q imports %q, which the one-way graph forbids", pkg, imp)
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above " + dir)
		}
		dir = parent
	}
}
