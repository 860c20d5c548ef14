package arazzo

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/arazzo-dev/arazzo/specs"
)

// diagLines renders diagnostics for golden files and comparisons: one line
// "line:col: severity[rule]: message" each, followed by "  hint: ..." when
// there is a hint.
func diagLines(ds Diagnostics) []string {
	var out []string
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%d:%d: %s[%s]: %s", d.Range.Start.Line, d.Range.Start.Column, d.Severity, d.Rule, d.Message))
		if d.Hint != "" {
			out = append(out, "  hint: "+d.Hint)
		}
	}
	return out
}

// checkGolden compares lines with the golden file at path, or rewrites the
// file with -update. A missing file means no lines.
func checkGolden(t *testing.T, path string, got []string) {
	t.Helper()
	if *update {
		if len(got) == 0 {
			os.Remove(path)
			return
		}
		if err := os.WriteFile(path, []byte(strings.Join(got, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	var want []string
	if b, err := os.ReadFile(path); err == nil {
		want = strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diagnostics differ from %s (-want +got):\n%s", path, diff)
	}
}

// mapLoader serves documents by URI from memory and fails for every other
// URI, as a loader without network access would.
type mapLoader map[string][]byte

func (m mapLoader) Load(_ context.Context, uri string) ([]byte, error) {
	if b, ok := m[uri]; ok {
		return b, nil
	}
	return nil, &LoadError{URI: uri, Err: errors.New("not available offline")}
}

// validateBytes parses data under name and validates it: with its sources
// from files (URI to file path) when files is not empty, else on its own.
// It returns every diagnostic of parsing, loading and validation.
func validateBytes(t *testing.T, data []byte, name string, files map[string]string) Diagnostics {
	t.Helper()
	doc, ds := Parse(data, Filename(name))
	if doc == nil {
		return finish(ds)
	}
	if len(files) == 0 {
		return finish(append(ds, ValidateDocument(doc)...))
	}
	loader := mapLoader{}
	for uri, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		loader[uri] = b
	}
	b, lds := Load(context.Background(), doc, UseLoader(loader), BaseURI("https://examples.test/"+name))
	ds = append(ds, lds...)
	return finish(append(ds, Validate(context.Background(), b)...))
}

// exampleSources maps the OpenAPI sources of the specification's examples
// to their copies in testdata/validate/openapi.
var exampleSources = map[string]string{
	"https://examples.test/FAPI-PAR.openapi.yaml":                                                      "testdata/validate/openapi/FAPI-PAR.openapi.yaml",
	"https://examples.test/oauth.openapi.yaml":                                                         "testdata/validate/openapi/oauth.openapi.yaml",
	"https://examples.test/pet-coupons.openapi.yaml":                                                   "testdata/validate/openapi/pet-coupons.openapi.yaml",
	"https://raw.githubusercontent.com/OAI/Arazzo-Specification/main/examples/1.0.0/bnpl-openapi.yaml": "testdata/validate/openapi/bnpl-openapi.yaml",
}

// TestValidateOfficialFixtures validates the documents of the Arazzo
// specification's repository (the schema test suites, the examples and
// the specification's snippets; see testdata/schema/README.md and
// testdata/validate/README.md). The examples whose OpenAPI descriptions
// the repository has are validated against them; the others on their own.
// The diagnostics of each document must equal its golden file in
// testdata/validate/oai (run with -update to rewrite them, and review the
// difference).
func TestValidateOfficialFixtures(t *testing.T) {
	var paths []string
	for _, pattern := range []string{"testdata/schema/pass/*.yaml", "testdata/schema/fail/*.yaml", "testdata/validate/snippets/*"} {
		m, err := filepath.Glob(pattern)
		if err != nil || len(m) == 0 {
			t.Fatalf("no documents match %s: %v", pattern, err)
		}
		paths = append(paths, m...)
	}
	for _, p := range paths {
		base := filepath.Base(p)
		name := strings.TrimSuffix(base, filepath.Ext(base))
		if dir := filepath.Base(filepath.Dir(p)); dir != "snippets" {
			name = dir + "-" + name
		}
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			var files map[string]string
			if usesExampleSource(data) {
				files = exampleSources
			}
			ds := validateBytes(t, data, base, files)
			checkGolden(t, filepath.Join("testdata", "validate", "oai", name+".golden"), diagLines(ds))
		})
	}
}

// usesExampleSource reports whether a document names one of the OpenAPI
// descriptions of exampleSources.
func usesExampleSource(data []byte) bool {
	for uri := range exampleSources {
		if strings.Contains(string(data), path.Base(uri)) {
			return true
		}
	}
	return false
}

// TestValidateZenML validates the twelve ZenML workflows with their
// OpenAPI description. Every workflow but monitor-pipeline-run is valid
// and has no warnings; the infos are exactly those of the golden files in
// testdata/validate/zenml (the bare "Bearer $inputs.accessToken" headers).
func TestValidateZenML(t *testing.T) {
	names, err := fs.Glob(specs.FS, "zenml/arazzo/*.yml")
	if err != nil || len(names) != 12 {
		t.Fatalf("want 12 ZenML workflows, found %d (%v)", len(names), err)
	}
	for _, name := range names {
		short := strings.TrimSuffix(path.Base(name), "-workflow.yml")
		t.Run(short, func(t *testing.T) {
			ds := validateZenML(t, name)
			if short != "zenml-monitor-pipeline-run" && ds.Count(SeverityWarning) > 0 {
				t.Errorf("errors or warnings in a valid workflow:\n%s", strings.Join(diagLines(ds), "\n"))
			}
			for _, d := range ds {
				if d.File != name {
					t.Errorf("diagnostic in file %q, want %q", d.File, name)
				}
			}
			checkGolden(t, filepath.Join("testdata", "validate", "zenml", short+".golden"), diagLines(ds))
		})
	}
}

// validateZenML parses, loads and validates one ZenML workflow from the
// specs file system.
func validateZenML(t *testing.T, name string) Diagnostics {
	t.Helper()
	data, err := fs.ReadFile(specs.FS, name)
	if err != nil {
		t.Fatal(err)
	}
	doc, ds := Parse(data, Filename(name))
	if doc == nil {
		t.Fatal(ds)
	}
	b, lds := Load(context.Background(), doc, UseLoader(FSLoader(specs.FS)))
	if len(ds)+len(lds) > 0 {
		t.Fatalf("parse and load diagnostics: %v %v", ds, lds)
	}
	return Validate(context.Background(), b)
}

// TestValidateZenMLMonitorPipelineRun pins the rejection of the
// monitor-pipeline-run workflow: its three JSONPath conditions are
// comparisons, not RFC 9535 queries (CRIT-09), and each error suggests
// the simple condition and says why an RFC 9535 filter is not the fix.
func TestValidateZenMLMonitorPipelineRun(t *testing.T) {
	ds := validateZenML(t, "zenml/arazzo/zenml-monitor-pipeline-run-workflow.yml")
	type finding struct {
		Pos, Rule, Suggestion string
	}
	var got []finding
	for _, d := range ds.Errors() {
		s, _, _ := strings.Cut(strings.TrimPrefix(d.Hint, "Use the simple condition "), " (without")
		got = append(got, finding{d.Range.Start.String(), d.Rule, s})
		if !strings.Contains(d.Hint, "$[?@.status == ...] is not the fix: applied to an object, RFC 9535 selects among its member values") {
			t.Errorf("%s: the hint does not explain why a filter is not the fix: %s", d.Range.Start, d.Hint)
		}
	}
	want := []finding{
		{"84:29", "invalid-condition", `"$response.body#/status == 'running' || $response.body#/status == 'initializing'"`},
		{"91:29", "invalid-condition", `"$response.body#/status == 'completed' || $response.body#/status == 'cached'"`},
		{"98:29", "invalid-condition", `"$response.body#/status == 'failed' || $response.body#/status == 'stopped'"`},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}
