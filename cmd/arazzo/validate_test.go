package main

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// update rewrites the golden files of the command's tests.
var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// validateInputs are the documents of the golden tests: a valid one, one
// with errors, warnings and infos (and a tab and wide characters before
// some findings), and one that does not parse.
var validateInputs = []string{
	"testdata/validate/good.arazzo.yaml",
	"testdata/validate/bad.arazzo.yaml",
	"testdata/validate/broken.arazzo.yaml",
}

// TestValidateFormats runs the command in every format on the same
// documents and compares the output with testdata/validate/<format>.golden
// (run with -update to rewrite them).
func TestValidateFormats(t *testing.T) {
	for _, format := range []string{"text", "json", "sarif", "github"} {
		t.Run(format, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, "", append([]string{"validate", "--format", format}, validateInputs...)...)
			if code != exitFailure || stderr != "" {
				t.Errorf("exit code %d (want %d), stderr:\n%s", code, exitFailure, stderr)
			}
			checkGoldenFile(t, filepath.Join("testdata", "validate", format+".golden"), stdout)
		})
	}
}

// checkGoldenFile compares got with the file at path, or rewrites the file
// with -update.
func checkGoldenFile(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("output differs from %s (-want +got):\n%s", path, diff)
	}
}

// TestValidateExitCodes pins the exit status: 0 when no finding reaches
// --fail-on, 1 when one does, 2 for usage errors and unreadable files.
func TestValidateExitCodes(t *testing.T) {
	good, bad, broken := validateInputs[0], validateInputs[1], validateInputs[2]
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"valid document", []string{good}, exitOK, ""},
		{"errors", []string{bad}, exitFailure, ""},
		{"a document that does not parse", []string{broken}, exitFailure, ""},
		{"infos do not fail by default", []string{"--ignore", "schema,invalid-condition,unknown-output,undeclared-parameter,literal-expression", bad}, exitOK, ""},
		{"infos fail with --fail-on info", []string{"--fail-on", "info", "--ignore", "schema,invalid-condition,unknown-output,undeclared-parameter,literal-expression", bad}, exitFailure, ""},
		{"warnings fail with --fail-on warning", []string{"--fail-on", "warning", "--ignore", "invalid-condition", "--ignore", "unknown-output", bad}, exitFailure, ""},
		{"warnings do not fail by default", []string{"--ignore", "invalid-condition", "--ignore", "unknown-output", bad}, exitOK, ""},
		{"unreadable file", []string{good, "testdata/validate/missing.yaml"}, exitUsage, ""},
		{"no path", nil, exitUsage, "arazzo validate: no PATH given"},
		{"unknown format", []string{"--format", "xml", good}, exitUsage, `arazzo validate: unknown --format "xml"; want text, json, sarif or github`},
		{"unknown level", []string{"--fail-on", "fatal", good}, exitUsage, `arazzo validate: unknown --fail-on "fatal"; want error, warning or info`},
		{"unknown rule", []string{"--ignore", "nope", good}, exitUsage, `arazzo validate: unknown rule "nope" in --ignore; the rules are listed in docs/rules.md`},
		{"unknown flag", []string{"--strict", good}, exitUsage, "arazzo validate: flag provided but not defined: -strict"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, "", append([]string{"validate", "--format", "json"}, tt.args...)...)
			if code != tt.code {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, tt.code, stderr)
			}
			first, _, _ := strings.Cut(stderr, "\n")
			if first != tt.stderr {
				t.Errorf("stderr starts with %q, want %q", first, tt.stderr)
			}
		})
	}
}

// TestValidateHelp prints the usage on stdout.
func TestValidateHelp(t *testing.T) {
	for _, args := range [][]string{{"validate", "-h"}, {"help", "validate"}} {
		code, stdout, _ := runCLI(t, "", args...)
		if code != exitOK || !strings.HasPrefix(stdout, "Usage: arazzo validate [flags] PATH...") {
			t.Errorf("%v: exit %d, stdout:\n%s", args, code, stdout)
		}
	}
}

// TestValidateZenML validates the twelve ZenML workflows of specs/: only
// monitor-pipeline-run has errors, its three JSONPath conditions.
func TestValidateZenML(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("..", "..", "specs", "zenml", "arazzo", "*.yml"))
	if err != nil || len(paths) != 12 {
		t.Fatalf("want 12 workflows, found %d (%v)", len(paths), err)
	}
	code, stdout, stderr := runCLI(t, "", append([]string{"validate", "--format", "json"}, paths...)...)
	if code != exitFailure {
		t.Fatalf("exit code %d, want %d; stderr:\n%s", code, exitFailure, stderr)
	}
	var rep jsonReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	var invalid []string
	errors := map[string]int{}
	for _, f := range rep.Files {
		if !f.Valid {
			invalid = append(invalid, filepath.Base(f.Path))
		}
		for _, d := range f.Diagnostics {
			errors[d.Severity]++
		}
	}
	if diff := cmp.Diff([]string{"zenml-monitor-pipeline-run-workflow.yml"}, invalid); diff != "" {
		t.Errorf("invalid files (-want +got):\n%s", diff)
	}
	if errors["error"] != 3 || errors["warning"] != 0 {
		t.Errorf("findings by severity: %v; want 3 errors and no warnings", errors)
	}
	_, text, _ := runCLI(t, "", append([]string{"validate"}, paths...)...)
	if !strings.HasSuffix(text, "3 errors, 0 warnings, 38 infos in 12 files\n") {
		t.Errorf("summary line: %q", text[strings.LastIndexByte(strings.TrimSuffix(text, "\n"), '\n')+1:])
	}
}

// TestValidateSARIF checks the structure GitHub code scanning requires of
// a SARIF 2.1.0 log: version and schema, one run whose driver has a name,
// an information URI and the rules the results use (each with an id, a
// short description and a help URI into docs/rules.md), and results with
// a rule id and index, a level, a message and one physical location with a
// relative artifact URI and a region whose lines and columns start at 1.
func TestValidateSARIF(t *testing.T) {
	_, stdout, _ := runCLI(t, "", append([]string{"validate", "--format", "sarif"}, validateInputs...)...)
	var log map[string]any
	if err := json.Unmarshal([]byte(stdout), &log); err != nil {
		t.Fatal(err)
	}
	if log["version"] != "2.1.0" || log["$schema"] != "https://json.schemastore.org/sarif-2.1.0.json" {
		t.Errorf("version %v, schema %v", log["version"], log["$schema"])
	}
	runs, _ := log["runs"].([]any)
	if len(runs) != 1 {
		t.Fatalf("%d runs", len(runs))
	}
	run := runs[0].(map[string]any)
	driver := run["tool"].(map[string]any)["driver"].(map[string]any)
	if driver["name"] != "arazzo" || driver["informationUri"] != "https://github.com/arazzo-dev/arazzo" {
		t.Errorf("driver %v", driver)
	}
	rules, _ := driver["rules"].([]any)
	ids := map[string]int{}
	for i, r := range rules {
		rule := r.(map[string]any)
		id, _ := rule["id"].(string)
		ids[id] = i
		desc, _ := rule["shortDescription"].(map[string]any)
		if text, _ := desc["text"].(string); text == "" {
			t.Errorf("rule %s has no short description", id)
		}
		if rule["helpUri"] != "https://github.com/arazzo-dev/arazzo/blob/main/docs/rules.md#"+id {
			t.Errorf("rule %s: helpUri %v", id, rule["helpUri"])
		}
	}
	results, _ := run["results"].([]any)
	if len(results) == 0 {
		t.Fatal("no results")
	}
	levels := map[string]bool{"error": true, "warning": true, "note": true}
	for i, r := range results {
		res := r.(map[string]any)
		id, _ := res["ruleId"].(string)
		if idx, ok := ids[id]; !ok || res["ruleIndex"] != float64(idx) {
			t.Errorf("result %d: rule %q, index %v", i, id, res["ruleIndex"])
		}
		if lvl, _ := res["level"].(string); !levels[lvl] {
			t.Errorf("result %d: level %v", i, res["level"])
		}
		if msg, _ := res["message"].(map[string]any); msg["text"] == "" {
			t.Errorf("result %d: no message", i)
		}
		locs, _ := res["locations"].([]any)
		if len(locs) != 1 {
			t.Fatalf("result %d: %d locations", i, len(locs))
		}
		phys := locs[0].(map[string]any)["physicalLocation"].(map[string]any)
		uri, _ := phys["artifactLocation"].(map[string]any)["uri"].(string)
		if !strings.HasPrefix(uri, "testdata/validate/") {
			t.Errorf("result %d: artifact URI %q is not relative", i, uri)
		}
		reg := phys["region"].(map[string]any)
		sl, sc, el, ec := reg["startLine"].(float64), reg["startColumn"].(float64), reg["endLine"].(float64), reg["endColumn"].(float64)
		if sl < 1 || sc < 1 || el < sl || (el == sl && ec <= sc) {
			t.Errorf("result %d: region %v", i, reg)
		}
	}
}

func TestEscapeWorkflowCommand(t *testing.T) {
	if got, want := escapeData("50% done\r\nnext"), "50%25 done%0D%0Anext"; got != want {
		t.Errorf("escapeData = %q, want %q", got, want)
	}
	if got, want := escapeProperty("a:b,c%\n"), "a%3Ab%2Cc%25%0A"; got != want {
		t.Errorf("escapeProperty = %q, want %q", got, want)
	}
}
