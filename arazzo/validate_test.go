package arazzo

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/arazzo-dev/arazzo/specs"
)

// fileDiagLines renders diagnostics with their file names.
func fileDiagLines(ds Diagnostics) []string {
	var out []string
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%s:%d:%d: %s[%s]: %s", d.File, d.Range.Start.Line, d.Range.Start.Column, d.Severity, d.Rule, d.Message))
	}
	return out
}

// bundleFS is a bundle of two Arazzo documents that name each other and
// an OpenAPI description.
var bundleFS = fstest.MapFS{
	"main.yaml": {Data: []byte(`arazzo: 1.0.1
info: {title: Main, version: 1.0.0}
sourceDescriptions:
- {name: api, url: openapi.yaml}
- {name: flows, url: flows.yaml, type: arazzo}
workflows:
- workflowId: main
  dependsOn:
  - $sourceDescriptions.flows.setup
  - $sourceDescriptions.flows.nope
  steps:
  - stepId: login
    workflowId: $sourceDescriptions.flows.login
    parameters:
    - {name: user, value: ann}
    - {name: pasword, value: secret}
    outputs:
      token: $outputs.token
      other: $outputs.refresh
  - stepId: list
    operationId: $sourceDescriptions.flows.listPets
  - stepId: list2
    operationId: listPets
`)},
	"flows.yaml": {Data: []byte(`arazzo: 1.0.1
info: {title: Flows, version: 1.0.0}
sourceDescriptions:
- {name: api, url: openapi.yaml}
- {name: main, url: main.yaml}
workflows:
- workflowId: setup
  dependsOn: [$sourceDescriptions.main.main]
  steps:
  - {stepId: list, operationId: listPets}
- workflowId: login
  inputs:
    type: object
    required: [user, password]
    properties:
      user: {type: string}
      password: {type: string}
  steps:
  - stepId: list
    operationId: listPet
  outputs:
    token: $steps.list.outputs.token
`)},
	"openapi.yaml": {Data: []byte(`openapi: 3.0.3
info: {title: Pets, version: 1.0.0}
paths:
  /pets:
    get:
      operationId: listPets
      responses: {'200': {description: ok}}
`)},
}

// TestValidateBundle validates a bundle whose Arazzo source names the
// entry document back: workflows of the source are resolved (WF-09,
// STEP-11), the called workflow's inputs and outputs are checked (PARAM-05,
// AMB-37), operations are looked up only in OpenAPI sources, the source
// is validated too, and the dependsOn cycle across the two documents is
// reported once.
func TestValidateBundle(t *testing.T) {
	doc, ds := Parse(bundleFS["main.yaml"].Data, Filename("main.yaml"))
	if doc == nil || len(ds) > 0 {
		t.Fatal(ds)
	}
	b, lds := Load(context.Background(), doc, UseLoader(FSLoader(bundleFS)))
	if len(lds) > 0 {
		t.Fatal(lds)
	}
	got := fileDiagLines(Validate(context.Background(), b))
	want := []string{
		`flows.yaml:8:15: error[dependency-cycle]: workflow "main" depends on itself through dependsOn: main (main.yaml) → setup → main (main.yaml)`,
		`flows.yaml:20:18: error[unknown-operation]: step "list": operationId "listPet" is not defined by source "api"`,
		`flows.yaml:22:12: error[unknown-output]: workflow "login" output "token": $steps.list.outputs.token: step "list" declares no output "token"`,
		`main.yaml:10:5: error[unknown-workflow]: workflow "main" dependsOn: $sourceDescriptions.flows.nope: source "flows" (flows.yaml) has no workflow "nope"`,
		`main.yaml:13:17: warning[missing-required-parameter]: step "login": the called workflow "login" requires input "password", which no parameter of the step or its workflow supplies`,
		`main.yaml:16:14: warning[undeclared-parameter]: step "login" parameter "pasword": the called workflow "login" declares no input "pasword"`,
		`main.yaml:19:14: error[unknown-output]: step "login" output "other": $outputs.refresh: the called workflow "login" declares no output "refresh"`,
		`main.yaml:21:18: error[wrong-source-type]: step "list": operationId $sourceDescriptions.flows.listPets: source "flows" is an Arazzo document, which has no operations`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	// Without the bundle, references into the sources are not resolved;
	// only what the document itself declares is checked.
	got = fileDiagLines(ValidateDocument(doc))
	want = []string{
		`main.yaml:21:18: error[wrong-source-type]: step "list": operationId $sourceDescriptions.flows.listPets: source "flows" is an Arazzo document, which has no operations`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ValidateDocument (-want +got):\n%s", diff)
	}
}

// TestValidateWithEntry validates a new version of the entry document
// against the sources a bundle already loaded.
func TestValidateWithEntry(t *testing.T) {
	doc, _ := Parse(bundleFS["main.yaml"].Data, Filename("main.yaml"))
	b, _ := Load(context.Background(), doc, UseLoader(FSLoader(bundleFS)))
	edited := strings.Replace(string(bundleFS["main.yaml"].Data), "operationId: listPets", "operationId: listPet", 1)
	doc2, _ := Parse([]byte(edited), Filename("main.yaml"))
	nb, err := b.WithEntry(doc2)
	if err != nil {
		t.Fatal(err)
	}
	if nb.Entry != doc2 || nb.Documents()[0] != doc2 || b.Entry != doc {
		t.Fatal("WithEntry did not replace the entry, or changed the old bundle")
	}
	if src := nb.Source(doc2, "api"); src == nil || src.OpenAPI() == nil || src.Description != doc2.SourceDescriptions[0] {
		t.Fatalf("the new entry's source api is %+v", src)
	}
	flows := nb.Source(doc2, "flows").Document
	if back := nb.Source(flows, "main"); back == nil || back.Document != doc2 {
		t.Error("the source naming the entry does not lead to the new entry")
	}
	got := fileDiagLines(Validate(context.Background(), nb))
	want := `main.yaml:23:18: error[unknown-operation]: step "list2": operationId "listPet" is not defined by source "api"`
	found := false
	for _, g := range got {
		found = found || strings.HasPrefix(g, want)
	}
	if !found {
		t.Errorf("missing %q in:\n%s", want, strings.Join(got, "\n"))
	}

	changed := strings.Replace(string(bundleFS["main.yaml"].Data), "url: openapi.yaml", "url: other.yaml", 1)
	doc3, _ := Parse([]byte(changed), Filename("main.yaml"))
	if _, err := b.WithEntry(doc3); err == nil || !strings.Contains(err.Error(), `source description 0 ("api", "other.yaml") differs`) {
		t.Errorf("WithEntry with other sources: err = %v", err)
	}
	if _, err := b.WithEntry(nil); err == nil {
		t.Error("WithEntry(nil) gives no error")
	}
}

// TestValidateArguments checks the diagnostics for bad arguments.
func TestValidateArguments(t *testing.T) {
	doc, _ := Parse([]byte("arazzo: 1.0.1\ninfo: {title: t, version: v}\nsourceDescriptions: [{name: s, url: u}]\nworkflows: [{workflowId: w, steps: [{stepId: s, operationId: o}]}]\n"))
	tests := []struct {
		name string
		got  Diagnostics
		want []string
	}{
		{"nil bundle", Validate(context.Background(), nil),
			[]string{"error[invalid-option]: invalid Validate argument: the bundle is nil"}},
		{"nil document", ValidateDocument(nil),
			[]string{"error[invalid-option]: invalid ValidateDocument argument: the document is nil"}},
		{"unknown rule", Validate(context.Background(), &Bundle{Entry: doc}, IgnoreRules("no-such-rule")),
			[]string{`error[invalid-option]: invalid validate option IgnoreRules: unknown rule "no-such-rule"`}},
		{"unknown rule in ValidateFile", ValidateFile(context.Background(), "x.yaml", IgnoreRules("nope")),
			[]string{`error[invalid-option]: invalid validate option IgnoreRules: unknown rule "nope"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, d := range tt.got {
				got = append(got, d.Error())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestValidateIgnoreRules leaves out the findings of ignored rules.
func TestValidateIgnoreRules(t *testing.T) {
	name := "zenml/arazzo/zenml-provision-secret-workflow.yml"
	data, _ := fs.ReadFile(specs.FS, name)
	doc, _ := Parse(data, Filename(name))
	b, _ := Load(context.Background(), doc, UseLoader(FSLoader(specs.FS)))
	if n := len(Validate(context.Background(), b)); n != 3 {
		t.Fatalf("%d findings, want the 3 bare expressions", n)
	}
	if ds := Validate(context.Background(), b, IgnoreRules("bare-expression")); len(ds) != 0 {
		t.Errorf("findings left: %v", ds)
	}
}

// TestValidateCancelled reports a cancelled validation.
func TestValidateCancelled(t *testing.T) {
	doc, _ := Parse([]byte("arazzo: 1.0.1\n"), Filename("a.yaml"))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	got := fileDiagLines(Validate(ctx, &Bundle{Entry: doc, docs: []*Document{doc}}))
	want := []string{"a.yaml:0:0: error[cancelled]: validation stopped before every document was checked: context canceled"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestValidateFile validates files on disk: a document with its OpenAPI
// source, a document that does not parse, and a missing file.
func TestValidateFile(t *testing.T) {
	dir := t.TempDir()
	for name, f := range bundleFS {
		if err := os.WriteFile(filepath.Join(dir, name), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	broken := filepath.Join(dir, "broken.yaml")
	os.WriteFile(broken, []byte("arazzo: 1.0.1\ninfo: [\n"), 0o644)
	tests := []struct {
		path  string
		rules []string
	}{
		{filepath.Join(dir, "main.yaml"), []string{"dependency-cycle", "unknown-operation", "unknown-output", "unknown-workflow", "missing-required-parameter", "undeclared-parameter", "unknown-output", "wrong-source-type"}},
		{broken, []string{"yaml-syntax"}},
		{filepath.Join(dir, "missing.yaml"), []string{"read-error"}},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.path), func(t *testing.T) {
			var got []string
			for _, d := range ValidateFile(context.Background(), tt.path) {
				got = append(got, d.Rule)
			}
			if diff := cmp.Diff(tt.rules, got); diff != "" {
				t.Errorf("rules (-want +got):\n%s", diff)
			}
		})
	}
}

// TestValidateConcurrent validates one bundle from several goroutines;
// run with -race.
func TestValidateConcurrent(t *testing.T) {
	doc, _ := Parse(bundleFS["main.yaml"].Data, Filename("main.yaml"))
	b, _ := Load(context.Background(), doc, UseLoader(FSLoader(bundleFS)))
	want := Validate(context.Background(), b)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if diff := cmp.Diff(want, Validate(context.Background(), b)); diff != "" {
				t.Errorf("concurrent result differs (-want +got):\n%s", diff)
			}
		})
	}
	wg.Wait()
}

// TestValidateDocumentBuiltInGo validates a document built in code, which
// has no positions: findings are reported without them and nothing
// panics.
func TestValidateDocumentBuiltInGo(t *testing.T) {
	doc := &Document{
		Arazzo:             "1.0.1",
		Info:               &Info{Title: "t", Version: "v"},
		SourceDescriptions: []*SourceDescription{{Name: "api", URL: "openapi.yaml"}},
		Workflows: []*Workflow{{
			WorkflowID: "w",
			Loc:        Location{Pointer: "/workflows/0"},
			Steps: []*Step{{
				StepID: "s", OperationID: "listPets", Loc: Location{Pointer: "/workflows/0/steps/0"},
				Outputs: Outputs{{Name: "x", Expression: "$steps.t.outputs.y", Loc: Location{Pointer: "/workflows/0/steps/0/outputs/x"}}},
			}},
		}},
	}
	got := fileDiagLines(ValidateDocument(doc))
	want := []string{`:0:0: error[unknown-step]: step "s" output "x": $steps.t.outputs.y: workflow "w" has no step "t"`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestSplitOperationPath reads both forms of operationPath (AMB-53) and
// rejects a source part that is not a runtime expression (STEP-09).
func TestSplitOperationPath(t *testing.T) {
	type result struct {
		Name    string
		NameOff int
		Pointer string
		PtrOff  int
		Problem string
		At      int
	}
	tests := []struct {
		path string
		want result
	}{
		{"{$sourceDescriptions.petStore.url}#/paths/~1pets/get", result{"petStore", 21, "/paths/~1pets/get", 35, "", 0}},
		{"$sourceDescriptions.petStore#/paths/~1pets/get", result{"petStore", 20, "/paths/~1pets/get", 29, "", 0}},
		{"$sourceDescriptions.petStore.url#/paths/~1pets/get", result{"petStore", 20, "/paths/~1pets/get", 33, "", 0}},
		{"definitely-not-a-runtime-expression", result{Problem: "the source part is not a runtime expression (STEP-09)"}},
		{"{$sourceDescriptions.petStore.url}/paths/~1pets/get", result{Problem: `the source expression must be followed by "#" and a JSON Pointer to the operation`, At: 34}},
		{"{$sourceDescriptions.petStore.name}#/paths", result{Problem: "the braces hold $sourceDescriptions.petStore.name; they must hold $sourceDescriptions.<name>.url", At: 1}},
		{"{$sourceDescriptions.petStore.url#/paths", result{Problem: `the "{" that starts the source expression is not closed`}},
		{"{$inputs.}#/paths", result{Problem: "the source expression is invalid: expected an input name, found end of text", At: 9}},
		{"$sourceDescriptions.pet store#/paths", result{Problem: `" " cannot appear in a source description name`, At: 23}},
		{"$sourceDescriptions.petStore.type#/paths", result{Problem: "only the url field of a source description can lead to an operation", At: 28}},
		{"$sourceDescriptions.petStore", result{Problem: `the source expression is not followed by "#" and a JSON Pointer`, At: 28}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			var got result
			got.Name, got.NameOff, got.Pointer, got.PtrOff, got.Problem, got.At = splitOperationPath(tt.path)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestNotAnOperation recognises pointers into /paths that cannot name an
// Operation Object, without the OpenAPI description (AMB-53).
func TestNotAnOperation(t *testing.T) {
	tests := map[string]string{
		"/paths/~1pets/get":           "",
		"/components/pathItems/p/get": "",
		"":                            "",
		"/paths":                      `it names the Paths Object; add a path and a method, as in "/paths/~1pets/get"`,
		"/paths/~1pets":               `it names the Path Item Object of "/pets"; add the method, as in "/paths/~1pets/get"`,
		"/paths/~1pets/GET":           `methods are lower-case in OpenAPI; use "/paths/~1pets/get"`,
		"/paths/~1pets/parameters":    `it names the "parameters" field of the Path Item Object of "/pets", not an operation`,
		"/paths/~1pets/get/responses": `it names a value inside the get operation of "/pets"; end the pointer at the method`,
	}
	for ptr, want := range tests {
		if got := notAnOperation(ptr); got != want {
			t.Errorf("notAnOperation(%q) = %q, want %q", ptr, got, want)
		}
	}
}

// mismatchFS holds a document whose source "flows" is declared as an
// Arazzo document but names an OpenAPI description: an error of Load
// (SRC-06, AMB-50) that Validate must not lose.
var mismatchFS = fstest.MapFS{
	"main.yaml": {Data: []byte(`arazzo: 1.0.1
info: {title: Main, version: 1.0.0}
sourceDescriptions:
- {name: api, url: openapi.yaml, type: openapi}
- {name: flows, url: openapi.yaml, type: arazzo}
workflows:
- workflowId: list
  steps:
  - {stepId: list, operationId: $sourceDescriptions.api.op}
`)},
	"openapi.yaml": {Data: []byte(openapiDoc)},
}

// TestBundleDiagnostics checks that a Bundle keeps the diagnostics of its
// loading, that Validate reports them once, and that ValidateFile, which
// sees them through both Load and Validate, does not repeat them.
func TestBundleDiagnostics(t *testing.T) {
	const mismatch = `main.yaml:5:42: error[source-type-mismatch]: source "flows" is declared as type "arazzo", but /openapi.yaml is an OpenAPI description`
	doc, _ := Parse(mismatchFS["main.yaml"].Data, Filename("main.yaml"))
	b, lds := Load(context.Background(), doc, UseLoader(FSLoader(mismatchFS)))
	if diff := cmp.Diff([]string{mismatch}, fileDiagLines(lds)); diff != "" {
		t.Fatalf("Load (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(lds, b.Diagnostics()); diff != "" {
		t.Errorf("Bundle.Diagnostics differs from Load's result (-want +got):\n%s", diff)
	}
	lds[0].Message = "changed by the caller"
	b.Diagnostics()[0].Message = "changed again"
	if got := b.Diagnostics()[0].Message; got == lds[0].Message || got == "changed again" {
		t.Errorf("the bundle shares its diagnostics with callers: %q", got)
	}
	if diff := cmp.Diff([]string{mismatch}, fileDiagLines(Validate(context.Background(), b))); diff != "" {
		t.Errorf("Validate (-want +got):\n%s", diff)
	}
	if ds := Validate(context.Background(), b, IgnoreRules("source-type-mismatch")); len(ds) != 0 {
		t.Errorf("Validate with the rule ignored: %v", ds)
	}

	dir := t.TempDir()
	for name, f := range mismatchFS {
		if err := os.WriteFile(filepath.Join(dir, name), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for _, d := range ValidateFile(context.Background(), filepath.Join(dir, "main.yaml")) {
		got = append(got, fmt.Sprintf("%s %s %s", d.Range.Start, d.Severity, d.Rule))
	}
	if diff := cmp.Diff([]string{"5:42 error source-type-mismatch"}, got); diff != "" {
		t.Errorf("ValidateFile (-want +got):\n%s", diff)
	}

	// A new version of the entry keeps the finding, at its new position.
	edited := strings.Replace(string(mismatchFS["main.yaml"].Data), "info: {title: Main, version: 1.0.0}", "info:\n  title: Main\n  version: 1.0.0", 1)
	doc2, _ := Parse([]byte(edited), Filename("main.yaml"))
	nb, err := b.WithEntry(doc2)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{strings.Replace(mismatch, "main.yaml:5:", "main.yaml:7:", 1)}
	if diff := cmp.Diff(want, fileDiagLines(nb.Diagnostics())); diff != "" {
		t.Errorf("WithEntry (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{mismatch}, fileDiagLines(b.Diagnostics())); diff != "" {
		t.Errorf("WithEntry changed the old bundle (-want +got):\n%s", diff)
	}

	if ds := (&Bundle{Entry: doc}).Diagnostics(); ds != nil {
		t.Errorf("a Bundle not built by Load has diagnostics %v", ds)
	}
	if ds := (*Bundle)(nil).Diagnostics(); ds != nil {
		t.Errorf("a nil Bundle has diagnostics %v", ds)
	}
}

// TestBundleDiagnosticsOfSources checks that the findings of parsing an
// Arazzo source, which Load returns, are kept by the bundle and reported
// by Validate.
func TestBundleDiagnosticsOfSources(t *testing.T) {
	fsys := fstest.MapFS{
		"main.yaml": {Data: []byte(`arazzo: 1.0.1
info: {title: Main, version: 1.0.0}
sourceDescriptions:
- {name: flows, url: flows.yaml}
workflows:
- workflowId: main
  steps:
  - {stepId: run, workflowId: $sourceDescriptions.flows.sub}
`)},
		"flows.yaml": {Data: []byte(`arazzo: 1.0.1
info: {title: Flows, version: 1.0.0}
sourceDescriptions:
- {name: api, url: openapi.yaml}
workflows:
- workflowId: sub
  steps:
  - stepId: list
    operationId: op
    onSuccess:
    - {reference: $components.successActions.done, note: ignored}
components:
  successActions:
    done: {name: done, type: end}
`)},
		"openapi.yaml": {Data: []byte(openapiDoc)},
	}
	doc, _ := Parse(fsys["main.yaml"].Data, Filename("main.yaml"))
	b, lds := Load(context.Background(), doc, UseLoader(FSLoader(fsys)))
	want := []string{`flows.yaml:11:52: warning[reusable-extra-field]: field "note" of a Reusable Object is ignored; a Reusable Object has only "reference" and "value"`}
	if diff := cmp.Diff(want, fileDiagLines(lds)); diff != "" {
		t.Fatalf("Load (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, fileDiagLines(b.Diagnostics())); diff != "" {
		t.Errorf("Bundle.Diagnostics (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, fileDiagLines(Validate(context.Background(), b))); diff != "" {
		t.Errorf("Validate (-want +got):\n%s", diff)
	}
}

// TestInvalidParameterInIsNotUndeclared checks that a parameter whose in
// is not a location of Arazzo 1.0 (body, removed in 1.0.1, or
// querystring, added in 1.1) gets the schema error alone: comparing it
// with the operation's parameters would repeat the error as an
// undeclared-parameter warning.
func TestInvalidParameterInIsNotUndeclared(t *testing.T) {
	fsys := fstest.MapFS{
		"main.yaml": {Data: []byte(`arazzo: 1.0.1
info: {title: Pets, version: 1.0.0}
sourceDescriptions:
- {name: api, url: openapi.yaml}
workflows:
- workflowId: w
  steps:
  - stepId: s
    operationId: op
    parameters:
    - {name: limit, in: body, value: 1}
    - {name: limit, in: querystring, value: 2}
    - {name: limt, in: query, value: 3}
`)},
		"openapi.yaml": {Data: []byte(`openapi: 3.1.0
info: {title: API, version: '1'}
paths:
  /a:
    get:
      operationId: op
      parameters:
      - {name: limit, in: query, schema: {type: integer}}
      responses: {'200': {description: ok}}
`)},
	}
	doc, _ := Parse(fsys["main.yaml"].Data, Filename("main.yaml"))
	b, _ := Load(context.Background(), doc, UseLoader(FSLoader(fsys)))
	got := fileDiagLines(Validate(context.Background(), b))
	want := []string{
		`main.yaml:11:25: error[schema]: parameter "limit": "in" must be one of "path", "query", "header" or "cookie", not "body"`,
		`main.yaml:12:25: error[schema]: parameter "limit": "in" must be one of "path", "query", "header" or "cookie", not "querystring"`,
		`main.yaml:13:14: warning[undeclared-parameter]: step "s" parameter "limt": operation op (GET /a) declares no query parameter "limt"`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
