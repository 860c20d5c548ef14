package archtest

import (
	"bufio"
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v4"
)

// decisionsFile is the record of decisions, relative to the module root.
const decisionsFile = "docs/decisions.md"

// casesDir holds the conformance cases, one directory per case under a
// directory per area.
const casesDir = "conformance/testdata"

// knownFailuresFile lists the cases the engine does not pass yet.
const knownFailuresFile = "conformance/known_failures.yaml"

// numberedDecisions is how many decisions the requirements checklist
// lists: AMB-01 to AMB-64.
const numberedDecisions = 64

var (
	// decisionHeading is the heading of a decision's section.
	decisionHeading = regexp.MustCompile(`^### (AMB-(?:[0-9]{2}|[A-Z][0-9]+)) — (\S.*)$`)
	// decisionID finds decision ids in any text. "AMB-nn", used in prose
	// for "an id", does not match.
	decisionID = regexp.MustCompile(`\bAMB-(?:[0-9]{2}|[A-Z][0-9]+)\b`)
	// pinItem is an item of a "Pinned by" list: a reference in backticks,
	// then an optional note.
	pinItem = regexp.MustCompile("^- `([^`]+)`(.*)$")
	// goTestRef is a Go test: the package directory relative to the
	// module root, a dot, and the name of a test function.
	goTestRef = regexp.MustCompile(`^([a-z0-9_]+(?:/[a-z0-9_]+)*)\.(Test[A-Za-z0-9_]*)$`)
)

// notPinned is what a section says instead of references when no test
// pins the decision yet.
const notPinned = "not yet pinned by a test"

// decision is one section of the decisions file.
type decision struct {
	id   string
	line int // of the heading
	pins []pin
}

// pin is one reference of a section's "Pinned by" list.
type pin struct {
	ref          string
	line         int
	knownFailure bool
}

// TestDecisionsRecorded checks that docs/decisions.md records every
// decision and that its references hold: every decision of the
// requirements checklist (AMB-01 to AMB-64) and every decision a
// conformance case or a source file cites has a section; every section
// says what was decided, why, and what pins it; every conformance case and
// Go test it names exists; and every case it marks as a known failure is
// listed in conformance/known_failures.yaml.
func TestDecisionsRecorded(t *testing.T) {
	root := moduleRoot(t)
	decisions := readDecisions(t, root)
	byID := map[string]*decision{}
	for _, d := range decisions {
		if prev, dup := byID[d.id]; dup {
			t.Errorf("%s:%d: %s has a second section; the first is at line %d", decisionsFile, d.line, d.id, prev.line)
			continue
		}
		byID[d.id] = d
	}

	for i := 1; i <= numberedDecisions; i++ {
		if id := fmt.Sprintf("AMB-%02d", i); byID[id] == nil {
			t.Errorf("%s has no section for %s; add one headed \"### %s — <title>\" under its area", decisionsFile, id, id)
		}
	}
	for _, d := range decisions {
		var n int
		if _, err := fmt.Sscanf(d.id, "AMB-%d", &n); err == nil && (n < 1 || n > numberedDecisions) {
			t.Errorf("%s:%d: %s is not a decision of the requirements checklist (AMB-01 to AMB-%02d); project decisions have a letter (AMB-X1, AMB-C1)",
				decisionsFile, d.line, d.id, numberedDecisions)
		}
	}

	for _, c := range caseDecisions(t, root) {
		if byID[c.id] == nil {
			t.Errorf("%s cites %s in its decisions list, but %s has no section for it", c.file, c.id, decisionsFile)
		}
	}
	for _, c := range citedDecisions(t, root) {
		if byID[c.id] == nil {
			t.Errorf("%s is cited at %s, but %s has no section for it", c.id, strings.Join(c.places, ", "), decisionsFile)
		}
	}

	known := knownFailures(t, root)
	tests := map[string]map[string]bool{} // package directory -> test functions
	for _, d := range decisions {
		for _, p := range d.pins {
			if rel, ok := strings.CutPrefix(p.ref, casesDir+"/"); ok {
				checkCase(t, root, d, p, rel, known)
				continue
			}
			m := goTestRef.FindStringSubmatch(p.ref)
			if m == nil {
				t.Errorf("%s:%d: %s: %q is neither a conformance case (%s/<area>/<case>) nor a Go test (<package directory>.TestName, such as expr.TestCriteria)",
					decisionsFile, p.line, d.id, p.ref, casesDir)
				continue
			}
			if p.knownFailure {
				t.Errorf("%s:%d: %s: %s is marked as a known failure, but only conformance cases can be", decisionsFile, p.line, d.id, p.ref)
			}
			dir, name := m[1], m[2]
			funcs, ok := tests[dir]
			if !ok {
				funcs = testFuncs(t, root, dir)
				tests[dir] = funcs
			}
			switch {
			case funcs == nil:
				t.Errorf("%s:%d: %s: %s names the package directory %s, which has no _test.go files", decisionsFile, p.line, d.id, p.ref, dir)
			case !funcs[name]:
				t.Errorf("%s:%d: %s: %s names no test: there is no func %s( in the _test.go files of %s", decisionsFile, p.line, d.id, p.ref, name, dir)
			}
		}
	}
}

// checkCase checks a reference to the conformance case at rel (relative to
// casesDir).
func checkCase(t *testing.T, root string, d *decision, p pin, rel string, known map[string]bool) {
	t.Helper()
	if strings.Count(rel, "/") != 1 || strings.HasSuffix(rel, "/") {
		t.Errorf("%s:%d: %s: %q is not a case directory; write %s/<area>/<case>", decisionsFile, p.line, d.id, p.ref, casesDir)
		return
	}
	if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(p.ref), "case.yaml")); err != nil {
		t.Errorf("%s:%d: %s: %s is not a conformance case: %s/case.yaml does not exist", decisionsFile, p.line, d.id, p.ref, p.ref)
		return
	}
	if p.knownFailure && !known[rel] {
		t.Errorf("%s:%d: %s: %s is marked as a known failure, but %s does not list %s; if the engine passes it now, remove the mark and say what the engine does",
			decisionsFile, p.line, d.id, p.ref, knownFailuresFile, rel)
	}
}

// readDecisions parses the decisions file into its sections, reporting
// sections that lack a part or whose references cannot be read.
func readDecisions(t *testing.T, root string) []*decision {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(decisionsFile)))
	if err != nil {
		t.Fatalf("reading the decisions: %v", err)
	}
	var (
		out  []*decision
		cur  *decision
		part string // "" before any part, else the part being read
		seen map[string]int
		note bool // the Pinned by part says notPinned
	)
	finish := func() {
		if cur == nil {
			return
		}
		for _, want := range []string{"Decision", "Why", "Pinned by"} {
			if seen[want] == 0 {
				t.Errorf("%s:%d: %s has no **%s:** paragraph", decisionsFile, cur.line, cur.id, want)
			}
		}
		if seen["Pinned by"] > 0 && len(cur.pins) == 0 && !note {
			t.Errorf("%s:%d: %s names nothing that pins it; list the cases and tests, or say %q", decisionsFile, cur.line, cur.id, notPinned)
		}
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "### "):
			finish()
			cur, part, seen, note = nil, "", map[string]int{}, false
			m := decisionHeading.FindStringSubmatch(line)
			if m == nil {
				t.Errorf("%s:%d: heading %q is not of the form \"### AMB-nn — Title\"", decisionsFile, n, line)
				continue
			}
			cur = &decision{id: m[1], line: n}
			out = append(out, cur)
			continue
		case strings.HasPrefix(line, "# "), strings.HasPrefix(line, "## "):
			finish()
			cur = nil
			continue
		case cur == nil:
			continue
		}
		if name, rest, ok := partStart(line); ok {
			seen[name]++
			if seen[name] > 1 {
				t.Errorf("%s:%d: %s has a second **%s:** paragraph", decisionsFile, n, cur.id, name)
			}
			part = name
			if name == "Pinned by" && strings.Contains(rest, notPinned) {
				note = true
			}
			continue
		}
		if part != "Pinned by" {
			continue
		}
		if strings.Contains(line, notPinned) {
			note = true
		}
		if !strings.HasPrefix(line, "- ") {
			continue
		}
		m := pinItem.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("%s:%d: %s: the item %q does not start with a reference in backticks", decisionsFile, n, cur.id, line)
			continue
		}
		cur.pins = append(cur.pins, pin{ref: m[1], line: n, knownFailure: strings.Contains(strings.ToLower(m[2]), "known failure")})
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("reading the decisions: %v", err)
	}
	finish()
	if len(out) == 0 {
		t.Fatalf("%s has no section headed \"### AMB-nn — Title\"", decisionsFile)
	}
	return out
}

// partStart reports whether line starts one of the parts of a section,
// "**Decision:**", "**Why:**" or "**Pinned by:**", and returns the part's
// name and the rest of the line.
func partStart(line string) (name, rest string, ok bool) {
	for _, name := range []string{"Decision", "Why", "Pinned by"} {
		if rest, ok := strings.CutPrefix(line, "**"+name+":**"); ok {
			return name, rest, true
		}
	}
	return "", "", false
}

// citation is a decision id and where it is cited.
type citation struct {
	id     string
	file   string   // for a case's decisions list
	places []string // for citations in source files: file:line, a few
}

// caseDecisions returns the ids in the decisions list of every case.
func caseDecisions(t *testing.T, root string) []citation {
	t.Helper()
	var out []citation
	err := filepath.WalkDir(filepath.Join(root, filepath.FromSlash(casesDir)), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() != "case.yaml" {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel := relPath(root, p)
		var c struct {
			Decisions []string `yaml:"decisions"`
		}
		if err := yaml.Unmarshal(data, &c); err != nil {
			t.Errorf("%s: %v", rel, err)
			return nil
		}
		for _, id := range c.Decisions {
			out = append(out, citation{id: id, file: rel})
		}
		return nil
	})
	if err != nil {
		t.Fatalf("reading the cases: %v", err)
	}
	if len(out) == 0 {
		t.Fatalf("no case under %s has a decisions list; is the walk broken?", casesDir)
	}
	return out
}

// citedExtensions are the kinds of files whose decision ids are checked:
// code and its comments, documentation, case files and test data.
var citedExtensions = map[string]bool{".go": true, ".md": true, ".yaml": true, ".yml": true, ".txtar": true, ".tsv": true}

// citedDecisions returns every decision id that a file of the module
// (other than the decisions file itself) mentions, with up to three
// places for each, sorted by id.
func citedDecisions(t *testing.T, root string) []citation {
	t.Helper()
	const maxPlaces = 3
	byID := map[string]*citation{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != root && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		rel := relPath(root, p)
		if !citedExtensions[filepath.Ext(p)] || rel == decisionsFile {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if !bytes.Contains(data, []byte("AMB-")) {
			return nil
		}
		for n, line := range strings.Split(string(data), "\n") {
			for _, id := range decisionID.FindAllString(line, -1) {
				c := byID[id]
				if c == nil {
					c = &citation{id: id}
					byID[id] = c
				}
				if len(c.places) < maxPlaces {
					c.places = append(c.places, fmt.Sprintf("%s:%d", rel, n+1))
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("reading the module's files: %v", err)
	}
	out := make([]citation, 0, len(byID))
	for _, c := range byID {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

// knownFailures returns the case paths conformance/known_failures.yaml
// lists.
func knownFailures(t *testing.T, root string) map[string]bool {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(knownFailuresFile)))
	if err != nil {
		t.Fatalf("reading the known failures: %v", err)
	}
	var entries map[string]any
	if err := yaml.Unmarshal(data, &entries); err != nil {
		t.Fatalf("%s: %v", knownFailuresFile, err)
	}
	out := make(map[string]bool, len(entries))
	for k := range entries {
		out[k] = true
	}
	return out
}

// testFuncs returns the names of the top-level functions declared in the
// _test.go files of the package directory dir, or nil when it has none.
func testFuncs(t *testing.T, root, dir string) map[string]bool {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(root, filepath.FromSlash(dir), "*_test.go"))
	if err != nil {
		t.Fatalf("listing the tests of %s: %v", dir, err)
	}
	if len(files) == 0 {
		return nil
	}
	out := map[string]bool{}
	fset := token.NewFileSet()
	for _, f := range files {
		file, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Errorf("parsing %s: %v", relPath(root, f), err)
			continue
		}
		for _, decl := range file.Decls {
			if fn, ok := decl.(*ast.FuncDecl); ok && fn.Recv == nil {
				out[fn.Name.Name] = true
			}
		}
	}
	return out
}

// relPath returns p relative to root, with forward slashes.
func relPath(root, p string) string {
	rel, err := filepath.Rel(root, p)
	if err != nil {
		return p
	}
	return filepath.ToSlash(rel)
}
