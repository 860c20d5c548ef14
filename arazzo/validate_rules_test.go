package arazzo

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// ruleCase is one archive of testdata/validate/rules: a comment whose
// first line lists the requirement ids the rule enforces ("Requirements:
// STEP-02 AMB-09"), then files, each introduced by a line "-- name --".
// bad.yaml breaks the rule; good.yaml is the same document fixed; want
// holds every diagnostic bad.yaml gives. Any other file (an OpenAPI
// description, another Arazzo document) is a source the documents can
// name by its file name; when there is one, the documents are loaded and
// validated with [Validate], else with [ValidateDocument].
type ruleCase struct {
	comment string
	names   []string
	files   map[string]string
}

// parseRuleCase reads the archive format described at ruleCase.
func parseRuleCase(text string) ruleCase {
	c := ruleCase{files: map[string]string{}}
	cur := ""
	var b strings.Builder
	flush := func() {
		if cur == "" {
			c.comment = b.String()
		} else {
			c.files[cur] = b.String()
			c.names = append(c.names, cur)
		}
		b.Reset()
	}
	for _, line := range strings.SplitAfter(text, "\n") {
		trimmed := strings.TrimRight(line, "\n")
		if strings.HasPrefix(trimmed, "-- ") && strings.HasSuffix(trimmed, " --") && len(trimmed) > 6 {
			flush()
			cur = strings.TrimSpace(trimmed[3 : len(trimmed)-3])
			continue
		}
		b.WriteString(line)
	}
	flush()
	return c
}

// format writes the archive back.
func (c ruleCase) format() string {
	var b strings.Builder
	b.WriteString(c.comment)
	for _, n := range c.names {
		b.WriteString("-- " + n + " --\n")
		b.WriteString(c.files[n])
	}
	return b.String()
}

var requirementsLine = regexp.MustCompile(`(?m)^Requirements: (.+)$`)

// validateCaseFile validates one document of a rule case.
func (c ruleCase) validate(t *testing.T, name string) Diagnostics {
	t.Helper()
	doc, ds := Parse([]byte(c.files[name]), Filename(name))
	if doc == nil {
		return finish(ds)
	}
	fsys := fstest.MapFS{}
	sources := false
	for _, n := range c.names {
		fsys[n] = &fstest.MapFile{Data: []byte(c.files[n])}
		if n != "bad.yaml" && n != "good.yaml" && n != "want" {
			sources = true
		}
	}
	if !sources {
		return finish(append(ds, ValidateDocument(doc)...))
	}
	b, lds := Load(context.Background(), doc, UseLoader(FSLoader(fsys)))
	ds = append(ds, lds...)
	return finish(append(ds, Validate(context.Background(), b)...))
}

// rulesWithoutCase are the rules whose cases live elsewhere, with the
// reason.
var rulesWithoutCase = map[string]string{
	"document-too-large":   "a limit of Parse; see TestParseHostileInputs",
	"invalid-encoding":     "a decoding error; see TestParseDiagnostics",
	"yaml-syntax":          "a decoding error; see TestParseDiagnostics",
	"json-syntax":          "a decoding error; see TestParseDiagnostics",
	"yaml-parser-failure":  "has no known trigger; see internal/yamlx",
	"empty-document":       "a decoding error; see TestParseDiagnostics",
	"multiple-documents":   "a decoding error; see TestParseDiagnostics",
	"depth-limit":          "a limit of Parse; see TestParseHostileInputs",
	"alias-limit":          "a limit of Parse; see TestParseHostileInputs",
	"alias-cycle":          "a decoding error; see TestParseDiagnostics",
	"unsupported-tag":      "a decoding error; see TestParseDiagnostics",
	"tag-value-mismatch":   "a decoding error; see TestParseDiagnostics",
	"non-string-key":       "a decoding error; see TestParseDiagnostics",
	"merge-key":            "a decoding error; see TestParseDiagnostics",
	"duplicate-key":        "a decoding error; see TestParseDiagnostics",
	"invalid-number":       "a decoding error; see TestParseDiagnostics",
	"not-an-object":        "see TestParseDiagnostics and the official fixtures",
	"unsupported-version":  "see TestParseDiagnostics",
	"reusable-extra-field": "see TestParseDiagnostics and testdata/schema",
	"read-error":           "needs a missing file; see TestParseFile and TestValidateFile",
	"invalid-option":       "needs a bad argument; see TestValidateArguments",
	"cancelled":            "needs a cancelled context; see TestValidateCancelled",
	"schema":               "see TestSchemaCases",
	"source-unreachable":   "see TestLoadDiagnostics",
	"source-unsupported":   "see TestLoadDiagnostics",
	"source-type-mismatch": "see TestLoadDiagnostics",
	"source-invalid":       "see TestLoadDiagnostics",
}

// TestRules runs one case per semantic rule (testdata/validate/rules): the
// bad document must give exactly the diagnostics of want, among them at
// least one of the rule, and the good document none at all. The subtest
// is named after the rule and the requirements it enforces. Run with
// -update to rewrite the want sections.
func TestRules(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "validate", "rules", "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no rule cases: %v", err)
	}
	covered := map[string]bool{}
	for _, path := range files {
		rule := strings.TrimSuffix(filepath.Base(path), ".txtar")
		covered[rule] = true
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		c := parseRuleCase(string(data))
		m := requirementsLine.FindStringSubmatch(c.comment)
		if m == nil {
			t.Errorf("%s: no Requirements line", path)
			continue
		}
		name := rule + "/" + strings.Join(strings.Fields(m[1]), "_")
		t.Run(name, func(t *testing.T) {
			if _, ok := c.files["bad.yaml"]; !ok {
				t.Fatal("no bad.yaml")
			}
			if _, ok := c.files["good.yaml"]; !ok {
				t.Fatal("no good.yaml")
			}
			bad := c.validate(t, "bad.yaml")
			got := diagLines(bad)
			if *update {
				if _, ok := c.files["want"]; !ok {
					c.names = append(c.names, "want")
				}
				c.files["want"] = strings.Join(got, "\n") + "\n"
				if err := os.WriteFile(path, []byte(c.format()), 0o644); err != nil {
					t.Fatal(err)
				}
			} else {
				want := strings.Split(strings.TrimSuffix(c.files["want"], "\n"), "\n")
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("bad.yaml diagnostics (-want +got):\n%s", diff)
				}
			}
			if !slices.ContainsFunc(bad, func(d Diagnostic) bool { return d.Rule == rule }) {
				t.Errorf("bad.yaml gives no %s diagnostic", rule)
			}
			if good := c.validate(t, "good.yaml"); len(good) > 0 {
				t.Errorf("good.yaml gives diagnostics:\n%s", strings.Join(diagLines(good), "\n"))
			}
		})
	}
	for _, r := range rules {
		_, exempt := rulesWithoutCase[r.ID]
		switch {
		case covered[r.ID] && exempt:
			t.Errorf("rule %s has a case and an exemption", r.ID)
		case !covered[r.ID] && !exempt:
			t.Errorf("rule %s has no case in testdata/validate/rules", r.ID)
		}
	}
	for rule := range covered {
		if !slices.ContainsFunc(rules, func(r Rule) bool { return r.ID == rule }) {
			t.Errorf("testdata/validate/rules/%s.txtar names no registered rule", rule)
		}
	}
}

// TestRulesDocumented checks that docs/rules.md documents exactly the
// registered rules, each with its severity, in registry order.
func TestRulesDocumented(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "docs", "rules.md"))
	if err != nil {
		t.Fatal(err)
	}
	heading := regexp.MustCompile("(?m)^### `([a-z0-9-]+)`\n\n\\*\\*Severity:\\*\\* (error|warning|info)\\b")
	var got, want []string
	for _, m := range heading.FindAllStringSubmatch(string(data), -1) {
		got = append(got, m[1]+" "+m[2])
	}
	if n := strings.Count(string(data), "\n### "); n != len(got) {
		t.Errorf("docs/rules.md has %d rule headings, %d of them with a severity line", n, len(got))
	}
	for _, r := range rules {
		want = append(want, r.ID+" "+r.Severity.String())
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("docs/rules.md and the rule registry differ (-registry +docs):\n%s", diff)
	}
}

// TestRuleRegistryComplete checks that the registry lists every rule id
// the package can report: the values of the constants named rule* in the
// package's code and the error codes of internal/yamlx, which the parser
// reports as rule ids.
func TestRuleRegistryComplete(t *testing.T) {
	ids := map[string]bool{}
	collect := func(dir, prefix string) {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		fset := token.NewFileSet()
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			file, err := parser.ParseFile(fset, f, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, decl := range file.Decls {
				gd, ok := decl.(*ast.GenDecl)
				if !ok || gd.Tok != token.CONST {
					continue
				}
				for _, spec := range gd.Specs {
					vs := spec.(*ast.ValueSpec)
					for i, name := range vs.Names {
						if !strings.HasPrefix(name.Name, prefix) || i >= len(vs.Values) {
							continue
						}
						if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
							ids[strings.Trim(lit.Value, "\"`")] = true
						}
					}
				}
			}
		}
	}
	collect(".", "rule")
	collect(filepath.Join("..", "internal", "yamlx"), "Code")
	if len(ids) < 60 {
		t.Fatalf("found only %d rule constants; the scan is broken", len(ids))
	}
	registered := map[string]bool{}
	for _, r := range rules {
		if registered[r.ID] {
			t.Errorf("rule %s is registered twice", r.ID)
		}
		registered[r.ID] = true
		if !ids[r.ID] {
			t.Errorf("rule %s is registered but no constant of the code has it", r.ID)
		}
	}
	for id := range ids {
		if !registered[id] {
			t.Errorf("rule %s is reported by the code but not registered", id)
		}
	}
}
