package arazzo

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/arazzo-dev/arazzo/specs"
)

func ptr[T any](v T) *T { return &v }

// fullModel is the model of testdata/parse/full.yaml and full.json, without
// locations.
var fullModel = &Document{
	Arazzo: "1.0.1",
	Info: &Info{Title: "Full document", Summary: "Every field", Description: "Used by the parser tests.", Version: "2.1.0",
		Extensions: Extensions{"x-info": int64(1)}},
	SourceDescriptions: []*SourceDescription{
		{Name: "petStore", URL: "./openapi.yaml", Type: SourceTypeOpenAPI, Extensions: Extensions{"x-source": true}},
		{Name: "other", URL: "https://example.com/other.arazzo.yaml", Type: SourceTypeArazzo},
	},
	Workflows: []*Workflow{{
		WorkflowID:  "adopt",
		Summary:     "Adopt a pet",
		Description: "Finds a pet and adopts it.",
		Inputs:      map[string]any{"$ref": "#/components/inputs/adoption"},
		DependsOn:   []string{"login", "$sourceDescriptions.other.setup"},
		Parameters: []*Parameter{
			{Name: "X-Trace", In: InHeader, Value: "$inputs.trace"},
			{Reusable: &Reusable{Reference: "$components.parameters.page", Value: int64(2), HasValue: true}},
		},
		SuccessActions: []*SuccessAction{
			{Name: "done", Type: ActionEnd, Extensions: Extensions{"x-action": "yes"}},
			{Reusable: &Reusable{Reference: "$components.successActions.finish"}},
		},
		FailureActions: []*FailureAction{
			{Reusable: &Reusable{Reference: "$components.failureActions.giveUp"}},
		},
		Steps: []*Step{
			{
				StepID:      "find",
				Description: "Find pets",
				OperationID: "$sourceDescriptions.petStore.findPets",
				Parameters:  []*Parameter{{Name: "status", In: InQuery, Value: []any{"available", "pending"}}},
				SuccessCriteria: []*Criterion{
					{Condition: "$statusCode == 200"},
					{Context: "$response.body", Condition: "^ok$", Type: CriterionRegex},
					{Context: "$response.body", Condition: "$[?count(@.pets) > 0]", Type: CriterionJSONPath,
						ExpressionType: &CriterionExpressionType{Type: "jsonpath", Version: "draft-goessner-dispatch-jsonpath-00", Extensions: Extensions{"x-type": "t"}},
						Extensions:     Extensions{"x-criterion": "c"}},
				},
				OnSuccess: []*SuccessAction{
					{Name: "next", Type: ActionGoto, StepID: "adopt", Criteria: []*Criterion{{Condition: "$response.body#/0/id != null"}}},
				},
				OnFailure: []*FailureAction{
					{Name: "retry", Type: ActionRetry, RetryAfter: ptr(1.5), RetryLimit: ptr(int64(3)), Criteria: []*Criterion{{Condition: "$statusCode == 503"}}},
					{Name: "elsewhere", Type: ActionGoto, WorkflowID: "$sourceDescriptions.other.fallback"},
					{Name: "stop", Type: ActionEnd, RetryAfter: ptr(2.0)},
				},
				Outputs: Outputs{
					{Name: "zeta", Expression: "$response.body#/0/id"},
					{Name: "alpha", Expression: "$response.body#/0/name"},
				},
				Extensions: Extensions{"x-step": map[string]any{"nested": []any{int64(1), int64(2)}}},
			},
			{
				StepID:        "adopt",
				OperationPath: "{$sourceDescriptions.petStore.url}#/paths/~1pets~1{petId}/put",
				RequestBody: &RequestBody{
					ContentType:  "application/json",
					Payload:      map[string]any{"id": "$steps.find.outputs.zeta", "tags": nil},
					HasPayload:   true,
					Replacements: []*PayloadReplacement{{Target: "/name", Value: "$inputs.name", Extensions: Extensions{"x-replacement": "r"}}},
					Extensions:   Extensions{"x-body": "b"},
				},
			},
			{
				StepID:      "sub",
				WorkflowID:  "$sourceDescriptions.other.child",
				RequestBody: &RequestBody{HasPayload: true},
			},
		},
		Outputs: Outputs{{Name: "petId", Expression: "$steps.find.outputs.zeta"}},
	}},
	Components: &Components{
		Inputs: map[string]any{"adoption": map[string]any{"type": "object", "properties": map[string]any{"name": map[string]any{"type": "string"}}}},
		Parameters: map[string]*Parameter{
			"page": {Name: "page", In: InQuery, Value: int64(1), Extensions: Extensions{"x-param": "p"}},
		},
		SuccessActions: map[string]*SuccessAction{"finish": {Name: "finish", Type: ActionEnd}},
		FailureActions: map[string]*FailureAction{"giveUp": {Name: "giveUp", Type: ActionEnd}},
		Extensions:     Extensions{"x-components": "c"},
	},
	Extensions: Extensions{"x-root": []any{"r"}},
}

// ignoreLocations compares models without their locations and without the
// unexported state of Document.
var ignoreLocations = cmp.Options{
	cmpopts.IgnoreUnexported(Document{}),
	cmp.FilterPath(func(p cmp.Path) bool {
		sf, ok := p.Last().(cmp.StructField)
		return ok && sf.Name() == "Loc"
	}, cmp.Ignore()),
}

func TestParseModel(t *testing.T) {
	for _, name := range []string{"full.yaml", "full.json"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", "parse", name)
			doc, ds := ParseFile(path)
			if len(ds) > 0 {
				t.Fatalf("diagnostics: %v", ds)
			}
			if diff := cmp.Diff(fullModel, doc, ignoreLocations); diff != "" {
				t.Errorf("model mismatch (-want +got):\n%s", diff)
			}
			if doc.File() != path {
				t.Errorf("File() = %q, want %q", doc.File(), path)
			}
			if ds := checkSchema(doc); len(ds) > 0 {
				t.Errorf("schema diagnostics: %v", ds)
			}
			if n := checkLocations(t, doc); n != 37 {
				t.Errorf("found %d locations, want one for each of the 37 objects", n)
			}
		})
	}
}

// checkLocations walks every Loc of the model and checks that it names a
// real pointer whose range it carries. It returns how many it checked.
func checkLocations(t *testing.T, doc *Document) int {
	t.Helper()
	count := 0
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer, reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Slice:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Map:
			for _, k := range v.MapKeys() {
				walk(v.MapIndex(k))
			}
		case reflect.Struct:
			if loc, ok := v.Interface().(Location); ok {
				count++
				rg, found := doc.Locate(loc.Pointer)
				if !found {
					t.Errorf("Loc pointer %q names nothing", loc.Pointer)
				} else if rg != loc.Range {
					t.Errorf("Loc of %q = %+v, but Locate gives %+v", loc.Pointer, loc.Range, rg)
				}
				if !loc.Range.Start.IsValid() || loc.Range.End.Offset < loc.Range.Start.Offset {
					t.Errorf("Loc of %q has an invalid range %+v", loc.Pointer, loc.Range)
				}
				return
			}
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i))
				}
			}
		}
	}
	walk(reflect.ValueOf(doc))
	return count
}

func TestParseLocations(t *testing.T) {
	doc, ds := ParseFile(filepath.Join("testdata", "parse", "full.yaml"))
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	step := doc.Workflows[0].Steps[0]
	tests := []struct {
		name string
		got  Location
		want string
	}{
		{"document", doc.Loc, " 3:1"},
		{"info", doc.Info.Loc, "/info 5:3"},
		{"second source", doc.SourceDescriptions[1].Loc, "/sourceDescriptions/1 15:5"},
		{"workflow", doc.Workflows[0].Loc, "/workflows/0 19:5"},
		{"reusable parameter", doc.Workflows[0].Parameters[1].Loc, "/workflows/0/parameters/1 29:9"},
		{"reusable object", doc.Workflows[0].Parameters[1].Reusable.Loc, "/workflows/0/parameters/1 29:9"},
		{"step", step.Loc, "/workflows/0/steps/0 39:9"},
		{"criterion expression type", step.SuccessCriteria[2].ExpressionType.Loc, "/workflows/0/steps/0/successCriteria/2/type 54:15"},
		{"failure action", step.OnFailure[1].Loc, "/workflows/0/steps/0/onFailure/1 71:13"},
		{"output", step.Outputs[1].Loc, "/workflows/0/steps/0/outputs/alpha 79:18"},
		{"payload replacement", doc.Workflows[0].Steps[1].RequestBody.Replacements[0].Loc, "/workflows/0/steps/1/requestBody/replacements/0 89:15"},
		{"component parameter", doc.Components.Parameters["page"].Loc, "/components/parameters/page 107:7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fmt.Sprintf("%s %s", tt.got.Pointer, tt.got.Range.Start); got != tt.want {
				t.Errorf("location = %q, want %q", got, tt.want)
			}
		})
	}
}

// diagStrings renders diagnostics with their pointers.
func diagStrings(ds Diagnostics) []string {
	var out []string
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%s @%d [%s]", d.Error(), d.Range.Start.Offset, d.Pointer))
	}
	return out
}

const minimal = "arazzo: %s\ninfo: {title: t, version: v}\nsourceDescriptions: [{name: s, url: u}]\nworkflows: [{workflowId: w, steps: [{stepId: a, operationId: o}]}]\n"

func TestParseDiagnostics(t *testing.T) {
	laughs := "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
	prev := "a"
	for _, n := range []string{"b", "c", "d", "e", "f", "g", "h", "i", "j"} {
		laughs += fmt.Sprintf("%s: &%s [%s*%s]\n", n, n, strings.Repeat("*"+prev+", ", 8), prev)
		prev = n
	}
	tests := []struct {
		name    string
		in      string
		opts    []ParseOption
		wantDoc bool
		want    []string
	}{
		{"minimal document", fmt.Sprintf(minimal, "1.0.1"), nil, true, nil},
		{"version 1.0.0", fmt.Sprintf(minimal, "1.0.0"), nil, true, nil},
		{"pre-release version", fmt.Sprintf(minimal, "1.0.2-rc1"), nil, true, nil},
		{"version without patch is left to the schema", fmt.Sprintf(minimal, "'1.0'"), nil, true, nil},
		{"numeric version is left to the schema", fmt.Sprintf(minimal, "1.0"), nil, true, nil},
		{"malformed version is left to the schema", fmt.Sprintf(minimal, "latest"), nil, true, nil},
		{"missing version is left to the schema", "info: {title: t, version: v}\n", nil, true, nil},
		{"version 1.1.0", fmt.Sprintf(minimal, "1.1.0"), nil, false, []string{
			`1:9: error[unsupported-version]: Arazzo version "1.1.0" is not supported; only 1.0.x documents can be read @8 [/arazzo]`}},
		{"version 2.0.0", fmt.Sprintf(minimal, "'2.0.0'"), nil, false, []string{
			`1:9: error[unsupported-version]: Arazzo version "2.0.0" is not supported; only 1.0.x documents can be read @8 [/arazzo]`}},
		{"version 1.10", fmt.Sprintf(minimal, "'1.10'"), nil, false, []string{
			`1:9: error[unsupported-version]: Arazzo version "1.10" is not supported; only 1.0.x documents can be read @8 [/arazzo]`}},
		{"root is an array", "- a\n- b\n", nil, false, []string{
			"1:1: error[not-an-object]: the document root is an array; an Arazzo document must be an object @0 []"}},
		{"root is a string", "hello\n", nil, false, []string{
			"1:1: error[not-an-object]: the document root is a string; an Arazzo document must be an object @0 []"}},
		{"root is null", "---\n...\n", nil, false, []string{
			"2:1: error[not-an-object]: the document root is null; an Arazzo document must be an object @4 []"}},
		{"empty document", "", nil, false, []string{
			"1:1: error[empty-document]: the document is empty @0 []"}},
		{"YAML syntax error", "arazzo: 1.0.1\ninfo: [\n", nil, false, []string{
			"3:1: error[yaml-syntax]: did not find expected node content while parsing a flow node @22 []"}},
		{"JSON syntax error", `{"arazzo": "1.0.1" "info": {}}`, nil, false, []string{
			`1:20: error[json-syntax]: expected ',' or '}' after an object member, found '"' @19 []`}},
		{"JSON-like text that is valid YAML", `{"arazzo": "1.0.1", "info": }`, nil, true, nil},
		{"two documents", "arazzo: 1.0.1\n---\narazzo: 1.0.1\n", nil, false, []string{
			"2:1: error[multiple-documents]: a second YAML document starts here; the input must hold exactly one document @14 []"}},
		{"billion laughs", laughs, nil, false, []string{
			`6:8: error[alias-limit]: aliases repeat more than 100000 nodes; the limit guards against alias bombs ("billion laughs") @231 []`}},
		{"aliases within the default limit", "arazzo: &v 1.0.1\nx-copy: *v\n", nil, true, nil},
		{"alias limit option", "a: &a [1, 2]\nb: *a\n", []ParseOption{MaxAliases(2)}, false, []string{
			`2:4: error[alias-limit]: aliases repeat more than 2 nodes; the limit guards against alias bombs ("billion laughs") @16 []`}},
		{"too large", "arazzo: 1.0.1\n", []ParseOption{MaxBytes(8)}, false, []string{
			"1:1: error[document-too-large]: the document is 14 bytes, more than the limit of 8 bytes @0 []"}},
		{"depth 10000", strings.Repeat("[", 10000) + strings.Repeat("]", 10000), nil, false, []string{
			"1:257: error[depth-limit]: nesting is deeper than the limit of 256 levels @256 []"}},
		{"depth option", "a: {b: {c: 1}}\n", []ParseOption{MaxDepth(2)}, false, []string{
			"1:8: error[depth-limit]: nesting is deeper than the limit of 2 levels @7 []"}},
		{"custom tag", "arazzo: !version 1.0.1\n", nil, false, []string{
			"1:9: error[unsupported-tag]: unsupported tag !version; only !!str, !!int, !!float, !!bool, !!null, !!map and !!seq are allowed @8 []"}},
		{"complex key", "? [arazzo]\n: 1.0.1\n", nil, false, []string{
			"1:3: error[non-string-key]: a sequence cannot be used as a mapping key; keys must be strings @2 []"}},
		{"duplicate key", "arazzo: 1.0.1\ninfo: {}\narazzo: 1.0.0\n", nil, false, []string{
			`3:1: error[duplicate-key]: duplicate key "arazzo" (first defined at 1:1) @23 []`}},
		{"JSON duplicate key", `{"arazzo": "1.0.1", "arazzo": "1.0.0"}`, nil, false, []string{
			`1:21: error[duplicate-key]: duplicate key "arazzo" (first defined at 1:2) @20 []`}},
		{"non-UTF-8", "arazzo: 1.0.1\ninfo:\n  title: caf\xe9\n", nil, false, []string{
			"3:13: error[invalid-encoding]: invalid UTF-8 byte 0xe9; the document must be UTF-8 encoded @32 []"}},
		{"infinity", "arazzo: 1.0.1\nx-n: .inf\n", nil, false, []string{
			"2:6: error[invalid-number]: .inf (infinity) cannot be represented in JSON @19 []"}},
		{"invalid options", "", []ParseOption{MaxBytes(0), MaxDepth(-1), MaxAliases(0)}, false, []string{
			"error[invalid-option]: invalid parse option MaxBytes(0): the limit must be positive @0 []",
			"error[invalid-option]: invalid parse option MaxDepth(-1): the limit must be positive @0 []",
			"error[invalid-option]: invalid parse option MaxAliases(0): the limit must be positive @0 []",
		}},
		{"file name in diagnostics", "- a\n", []ParseOption{Filename("x.yaml")}, false, []string{
			"x.yaml:1:1: error[not-an-object]: the document root is an array; an Arazzo document must be an object @0 []"}},
		{"reusable extra fields", "workflows:\n- steps:\n  - parameters:\n    - reference: $components.parameters.p\n      x-a: 1\n      name: n\n", nil, true, []string{
			`5:7: warning[reusable-extra-field]: field "x-a" of a Reusable Object is ignored; a Reusable Object has only "reference" and "value" @84 [/workflows/0/steps/0/parameters/0/x-a]`,
			`6:7: warning[reusable-extra-field]: field "name" of a Reusable Object is ignored; a Reusable Object has only "reference" and "value" @97 [/workflows/0/steps/0/parameters/0/name]`,
		}},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		if seen[tt.name] {
			t.Fatalf("duplicate test name %q", tt.name)
		}
		seen[tt.name] = true
		t.Run(tt.name, func(t *testing.T) {
			doc, ds := Parse([]byte(tt.in), tt.opts...)
			if (doc != nil) != tt.wantDoc {
				t.Errorf("Parse returned document %v, want a document: %v", doc != nil, tt.wantDoc)
			}
			if diff := cmp.Diff(tt.want, diagStrings(ds)); diff != "" {
				t.Errorf("diagnostics mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseUnsupportedVersionHint(t *testing.T) {
	_, ds := Parse([]byte(fmt.Sprintf(minimal, "1.1.0")))
	if len(ds) != 1 || ds[0].Hint == "" {
		t.Fatalf("want one diagnostic with a hint, got %#v", ds)
	}
}

func TestParseWrongTypesDoNotCrash(t *testing.T) {
	// Every field with a value of the wrong type: the model keeps what it
	// can and the schema reports the rest.
	src := `arazzo: 1.0.1
info: [x]
sourceDescriptions: {a: 1}
workflows:
  - workflowId: [w]
    inputs: 5
    dependsOn: [a, 1, {b: c}]
    parameters: {a: 1}
    steps:
      - stepId: s
        operationId: 7
        parameters: [1, {name: p, in: 2, value: {}}]
        requestBody: [payload]
        successCriteria: [c, {condition: [x], type: 5}]
        onSuccess: [{name: 1, type: {}}]
        onFailure: [{retryAfter: x, retryLimit: 1.5}, {retryAfter: 3, retryLimit: 2.0}, {retryLimit: 1e300}]
        outputs: [a]
      - 42
    outputs: {a: 1, b: $x}
components: [1]
`
	doc, ds := Parse([]byte(src))
	if doc == nil || len(ds) > 0 {
		t.Fatalf("Parse = %v, %v; want a document and no diagnostics", doc, ds)
	}
	want := &Document{
		Arazzo: "1.0.1",
		Workflows: []*Workflow{{
			Inputs:    int64(5),
			DependsOn: []string{"a", "", ""},
			Steps: []*Step{{
				StepID:          "s",
				Parameters:      []*Parameter{{Name: "p", Value: map[string]any{}}},
				SuccessCriteria: []*Criterion{{}},
				OnSuccess:       []*SuccessAction{{}},
				OnFailure:       []*FailureAction{{}, {RetryAfter: ptr(3.0), RetryLimit: ptr(int64(2))}, {}},
			}},
			Outputs: Outputs{{Name: "a"}, {Name: "b", Expression: "$x"}},
		}},
	}
	if diff := cmp.Diff(want, doc, ignoreLocations); diff != "" {
		t.Errorf("model mismatch (-want +got):\n%s", diff)
	}
	if ds := checkSchema(doc); !ds.HasErrors() {
		t.Errorf("the schema check found no error")
	}
}

func TestParseFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	if err := os.WriteFile(good, fmt.Appendf(nil, minimal, "1.0.1"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Run("reads the file", func(t *testing.T) {
		doc, ds := ParseFile(good)
		if doc == nil || len(ds) > 0 {
			t.Fatalf("ParseFile = %v, %v", doc, ds)
		}
		if doc.File() != good || !bytes.Equal(doc.Source(), fmt.Appendf(nil, minimal, "1.0.1")) {
			t.Errorf("File() = %q, Source() = %q", doc.File(), doc.Source())
		}
	})
	t.Run("Filename overrides the path", func(t *testing.T) {
		doc, _ := ParseFile(good, Filename("shown.yaml"))
		if doc.File() != "shown.yaml" {
			t.Errorf("File() = %q, want shown.yaml", doc.File())
		}
	})
	t.Run("missing file", func(t *testing.T) {
		missing := filepath.Join(dir, "missing.yaml")
		doc, ds := ParseFile(missing)
		want := []string{missing + ":1:1: error[read-error]: cannot read the document: no such file or directory @0 []"}
		if doc != nil {
			t.Error("got a document")
		}
		if diff := cmp.Diff(want, diagStrings(ds)); diff != "" {
			t.Errorf("diagnostics mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("file over the limit is not read", func(t *testing.T) {
		_, ds := ParseFile(good, MaxBytes(10))
		want := []string{good + ":1:1: error[document-too-large]: the document is 150 bytes, more than the limit of 10 bytes @0 []"}
		if diff := cmp.Diff(want, diagStrings(ds)); diff != "" {
			t.Errorf("diagnostics mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("directory", func(t *testing.T) {
		_, ds := ParseFile(dir)
		if len(ds) != 1 || ds[0].Rule != ruleReadError {
			t.Errorf("ParseFile(directory) = %v, want one read-error", ds)
		}
	})
}

func TestParseHostileInputs(t *testing.T) {
	t.Run("eleven MiB", func(t *testing.T) {
		data := bytes.Repeat([]byte("x"), 11<<20)
		doc, ds := Parse(data)
		want := []string{"1:1: error[document-too-large]: the document is 11534336 bytes, more than the limit of 10485760 bytes @0 []"}
		if doc != nil {
			t.Error("got a document")
		}
		if diff := cmp.Diff(want, diagStrings(ds)); diff != "" {
			t.Errorf("diagnostics mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("a larger limit admits it", func(t *testing.T) {
		data := append([]byte("arazzo: 1.0.1\nx-big: "), bytes.Repeat([]byte("x"), 11<<20)...)
		doc, ds := Parse(data, MaxBytes(12<<20))
		if doc == nil || len(ds) > 0 {
			t.Fatalf("Parse with a 12 MiB limit = %v, %v", doc != nil, ds)
		}
		if got := len(doc.Extensions["x-big"].(string)); got != 11<<20 {
			t.Errorf("x-big has %d bytes", got)
		}
	})
}

func TestLocate(t *testing.T) {
	src := "arazzo: 1.0.1\n" +
		"workflows:\n" +
		"  - workflowId: w\n" +
		"    steps:\n" +
		"      - stepId: s\n" +
		"        requestBody:\n" +
		"          payload: {\"a/b\": [10, 20], \"m~n\": x}\n"
	doc, ds := Parse([]byte(src))
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	const body = "/workflows/0/steps/0/requestBody/payload"
	tests := []struct {
		pointer      string
		want, keyWnt string // "" when not found
	}{
		{"", "1:1-7:47", ""},
		{"/arazzo", "1:9-1:14", "1:1-1:7"},
		{"/workflows/0", "3:5-7:47", ""},
		{body, "7:20-7:47", "7:11-7:18"},
		{body + "/a~1b", "7:28-7:36", "7:21-7:26"},
		{body + "/a~1b/1", "7:33-7:35", ""},
		{body + "/m~0n", "7:45-7:46", "7:38-7:43"},
		{body + "/a/b", "", ""},
		{body + "/a~1b/2", "", ""},
		{"workflows", "", ""},
		{"/workflows/~2", "", ""},
	}
	show := func(r Range, ok bool) string {
		if !ok {
			return ""
		}
		return r.Start.String() + "-" + r.End.String()
	}
	for _, tt := range tests {
		t.Run(tt.pointer, func(t *testing.T) {
			if got := show(doc.Locate(tt.pointer)); got != tt.want {
				t.Errorf("Locate(%q) = %q, want %q", tt.pointer, got, tt.want)
			}
			if got := show(doc.LocateKey(tt.pointer)); got != tt.keyWnt {
				t.Errorf("LocateKey(%q) = %q, want %q", tt.pointer, got, tt.keyWnt)
			}
		})
	}
	if raw, ok := doc.Raw().(map[string]any); !ok || raw["arazzo"] != "1.0.1" {
		t.Errorf("Raw() = %v", doc.Raw())
	}
}

// TestRawConcurrent reads the plain form of a document, which is built when
// first asked for, from several goroutines at once, together with the
// position queries that share its tree; the race detector checks them.
func TestRawConcurrent(t *testing.T) {
	data, err := fs.ReadFile(specs.FS, specs.Golden)
	if err != nil {
		t.Fatal(err)
	}
	doc, ds := Parse(data)
	if doc == nil {
		t.Fatal(ds)
	}
	const readers = 8
	raws := make([]any, readers)
	done := make(chan struct{})
	for i := range readers {
		go func() {
			defer func() { done <- struct{}{} }()
			doc.Locate("/workflows/0/steps/1/requestBody/payload/name")
			raws[i] = doc.Raw()
			doc.LocateInString("/workflows/0/steps/0/successCriteria/0/condition", 3)
		}()
	}
	for range readers {
		<-done
	}
	for i, raw := range raws {
		if reflect.ValueOf(raw).Pointer() != reflect.ValueOf(raws[0]).Pointer() {
			t.Fatalf("reader %d got a value of its own", i)
		}
	}
	wf := raws[0].(map[string]any)["workflows"].([]any)[0].(map[string]any)
	if diff := cmp.Diff(doc.Workflows[0].Inputs, wf["inputs"]); diff != "" {
		t.Errorf("Raw() and the model disagree on the inputs (-model +raw):\n%s", diff)
	}
}

func TestLocateInString(t *testing.T) {
	yamlSrc := "arazzo: 1.0.1\r\n" +
		"workflows:\r\n" +
		"  - workflowId: w\r\n" +
		"    steps:\r\n" +
		"      - stepId: s\r\n" +
		"        successCriteria:\r\n" +
		"          - condition: $statusCode == 200 && $x\r\n" +
		"          - condition: \"\\t$statusCode == 'é' && $x\"\r\n" +
		"          - condition: '$statusCode == ''a'' && $x'\r\n" +
		"          - condition: |\r\n" +
		"              $statusCode == 200\r\n" +
		"              && $x\r\n" +
		"        outputs: {n: 1}\r\n"
	jsonSrc := `{"arazzo": "1.0.1", "workflows": [{"steps": [{"successCriteria": [{"condition": "\u0024statusCode == \"\u00e9\" && $x"}]}]}]}`
	const crit = "/workflows/0/steps/0/successCriteria/"
	tests := []struct {
		name, src, pointer string
		offset             int
		want               string
	}{
		{"plain", yamlSrc, crit + "0/condition", 22, "7:46@148"},
		{"plain start", yamlSrc, crit + "0/condition", 0, "7:24@126"},
		{"plain end", yamlSrc, crit + "0/condition", 24, "7:48@150"},
		{"double-quoted after an escape and a non-ASCII letter", yamlSrc, crit + "1/condition", 22, "8:47@199"},
		{"single-quoted after a doubled quote", yamlSrc, crit + "2/condition", 22, "9:49@254"},
		{"literal block second line", yamlSrc, crit + "3/condition", 22, "12:18@336"},
		{"offset past the end is clamped", yamlSrc, crit + "0/condition", 99, "7:48@150"},
		{"not a string", yamlSrc, "/workflows/0/steps/0/outputs/n", 1, "13:22@361"},
		{"JSON escapes", jsonSrc, crit + "0/condition", 21, "1:114@113"},
		{"nothing there", yamlSrc, crit + "9/condition", 0, "0:0@0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, ds := Parse([]byte(tt.src))
			if doc == nil {
				t.Fatal(ds)
			}
			p := doc.LocateInString(tt.pointer, tt.offset)
			if got := fmt.Sprintf("%s@%d", p, p.Offset); got != tt.want {
				t.Errorf("LocateInString(%q, %d) = %s, want %s", tt.pointer, tt.offset, got, tt.want)
			}
			if p.IsValid() {
				// The position must point at the same character as the offset
				// in the decoded string, unless it was clamped or is not a string.
				if s, ok := doc.index.stringAt(tt.pointer); ok && tt.offset < len(s) {
					if got, want := doc.Source()[p.Offset], s[tt.offset]; got != want {
						t.Errorf("source byte %q, string byte %q", got, want)
					}
				}
			}
		})
	}
}

func TestPositionsWithoutParse(t *testing.T) {
	var doc Document
	if _, ok := doc.Locate(""); ok {
		t.Error("Locate found something in a document built by hand")
	}
	if _, ok := doc.LocateKey("/arazzo"); ok {
		t.Error("LocateKey found something in a document built by hand")
	}
	if p := doc.LocateInString("/arazzo", 0); p.IsValid() {
		t.Errorf("LocateInString = %v, want the zero Pos", p)
	}
	if doc.Raw() != nil || doc.Source() != nil || doc.File() != "" {
		t.Error("a document built by hand has source state")
	}
}

// BenchmarkParse parses the golden ZenML workflow.
func BenchmarkParse(b *testing.B) {
	data, err := fs.ReadFile(specs.FS, specs.Golden)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("ours", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if doc, ds := Parse(data); doc == nil || len(ds) > 0 {
				b.Fatal(ds)
			}
		}
	})
}
