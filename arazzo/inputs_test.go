package arazzo_test

import (
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/arazzo-dev/arazzo/arazzo"
)

// inputsDoc holds workflows whose inputs exercise CompileInputs.
const inputsDoc = `arazzo: 1.0.1
info: {title: inputs, version: 1.0.0}
sourceDescriptions:
  - {name: api, url: ./openapi.yaml}
workflows:
  - workflowId: none
    steps: [{stepId: s, operationId: op}]
  - workflowId: golden
    inputs:
      type: object
      required: [accessToken, secretName, values]
      properties:
        accessToken: {type: string}
        secretName: {type: string}
        scope: {type: string}
        values: {type: object}
    steps: [{stepId: s, operationId: op}]
  - workflowId: refs
    inputs:
      type: object
      required: [login]
      properties:
        login: {$ref: '#/components/inputs/credentials'}
        pin: {type: integer, format: password, maximum: 9999}
        token: {$ref: '#/components/inputs/token'}
        tags:
          type: array
          items: {type: string, writeOnly: true}
        count: {type: integer, format: int32}
        big: {type: integer, format: int64}
        email: {type: string, format: email}
        mode: {type: string, default: fast}
        limit: {type: integer, maximum: 10}
    steps: [{stepId: s, operationId: op}]
  - workflowId: external
    inputs:
      type: object
      properties:
        a: {$ref: 'other.yaml#/x'}
    steps: [{stepId: s, operationId: op}]
  - workflowId: broken
    inputs:
      type: object
      properties:
        a: {type: strung}
    steps: [{stepId: s, operationId: op}]
  - workflowId: dangling
    inputs:
      type: object
      properties:
        a: {$ref: '#/components/inputs/nope'}
    steps: [{stepId: s, operationId: op}]
components:
  inputs:
    credentials:
      type: object
      required: [user, password]
      properties:
        user: {type: string}
        password: {type: string, format: password, minLength: 8}
    token:
      allOf:
        - {type: string}
        - {writeOnly: true}
`

func parseInputsDoc(t *testing.T) *arazzo.Document {
	t.Helper()
	doc, ds := arazzo.Parse([]byte(inputsDoc), arazzo.Filename("inputs.arazzo.yaml"))
	if doc == nil {
		t.Fatalf("Parse: %v", ds)
	}
	return doc
}

func workflow(t *testing.T, doc *arazzo.Document, id string) *arazzo.Workflow {
	t.Helper()
	for _, wf := range doc.Workflows {
		if wf.WorkflowID == id {
			return wf
		}
	}
	t.Fatalf("no workflow %q", id)
	return nil
}

func compileInputs(t *testing.T, doc *arazzo.Document, id string) *arazzo.InputSchema {
	t.Helper()
	s, err := arazzo.CompileInputs(doc, workflow(t, doc, id))
	if err != nil {
		t.Fatalf("CompileInputs(%s): %v", id, err)
	}
	return s
}

// decodeInputs turns JSON text into an inputs map, numbers as json.Number
// as they come from a CLI or an HTTP body.
func decodeInputs(t *testing.T, text string) map[string]any {
	t.Helper()
	d := json.NewDecoder(strings.NewReader(text))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestInputSchemaValidate(t *testing.T) {
	doc := parseInputsDoc(t)
	tests := []struct {
		name, workflow, inputs string
		want                   string // "" = valid
	}{
		{"AMB-48 no inputs schema accepts any object", "none", `{"anything": [1, 2]}`, ""},
		{"AMB-48 no inputs schema accepts nil", "none", `null`, ""},
		{"golden complete", "golden", `{"accessToken": "t", "secretName": "n", "values": {"k": "v"}}`, ""},
		{"golden optional scope absent is fine", "golden", `{"accessToken": "t", "secretName": "n", "values": {}}`, ""},
		{"golden unknown inputs are allowed", "golden", `{"accessToken": "t", "secretName": "n", "values": {}, "extra": 1}`, ""},
		{"golden missing required", "golden", `{"accessToken": "t"}`,
			`invalid inputs for workflow "golden": input "secretName" is required; input "values" is required`},
		{"golden wrong type", "golden", `{"accessToken": 5, "secretName": "n", "values": "k=v"}`,
			`invalid inputs for workflow "golden": input "accessToken": expected string, but got number (type); input "values": expected object, but got string (type)`},
		{"golden nil inputs", "golden", `null`,
			`invalid inputs for workflow "golden": input "accessToken" is required; input "secretName" is required; input "values" is required`},
		{"AMB-49 ref into components resolves", "refs", `{"login": {"user": "u", "password": "longenough"}}`, ""},
		{"ref nested required", "refs", `{"login": {"user": "u"}}`,
			`invalid inputs for workflow "refs": input "login" at /login/password is required`},
		{"secret value never in message", "refs", `{"login": {"user": "u", "password": "short"}, "pin": 123456}`,
			`invalid inputs for workflow "refs": input "login" at /login/password: does not satisfy "minLength" (minLength); input "pin": does not satisfy "maximum" (maximum)`},
		{"non-secret value may be quoted", "refs", `{"login": {"user": "u", "password": "longenough"}, "limit": 12}`,
			`invalid inputs for workflow "refs": input "limit": must be <= 10 but found 12 (maximum)`},
		{"type failure hides the other rules", "refs", `{"login": {"user": "u", "password": "longenough"}, "count": 1.5}`,
			`invalid inputs for workflow "refs": input "count": expected integer, but got number (type)`},
		{"AMB-48 int32 whole number given as 1.0", "refs", `{"login": {"user": "u", "password": "longenough"}, "count": 1.0}`, ""},
		{"AMB-48 int32 upper bound", "refs", `{"login": {"user": "u", "password": "longenough"}, "count": 2147483648}`,
			`invalid inputs for workflow "refs": input "count": must be a whole number that fits in 32 bits (format int32) (format)`},
		{"AMB-48 int32 lower bound ok", "refs", `{"login": {"user": "u", "password": "longenough"}, "count": -2147483648}`, ""},
		{"AMB-48 int64 bound ok", "refs", `{"login": {"user": "u", "password": "longenough"}, "big": 9223372036854775807}`, ""},
		{"AMB-48 int64 overflow", "refs", `{"login": {"user": "u", "password": "longenough"}, "big": 9223372036854775808}`,
			`invalid inputs for workflow "refs": input "big": must be a whole number that fits in 64 bits (format int64) (format)`},
		{"AMB-48 other formats are annotations", "refs", `{"login": {"user": "u", "password": "longenough"}, "email": "not an email"}`, ""},
		{"AMB-48 defaults are not injected nor required", "refs", `{"login": {"user": "u", "password": "longenough"}}`, ""},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		if seen[tt.name] {
			t.Fatalf("duplicate test name %q", tt.name)
		}
		seen[tt.name] = true
		t.Run(tt.name, func(t *testing.T) {
			s := compileInputs(t, doc, tt.workflow)
			err := s.Validate(decodeInputs(t, tt.inputs))
			got := ""
			if err != nil {
				got = err.Error()
				var ie *arazzo.InputError
				if !errors.As(err, &ie) {
					t.Fatalf("error is %T, want *arazzo.InputError", err)
				}
			}
			if got != tt.want {
				t.Errorf("Validate error\n got: %s\nwant: %s", got, tt.want)
			}
		})
	}
}

func TestInputErrorViolations(t *testing.T) {
	doc := parseInputsDoc(t)
	s := compileInputs(t, doc, "golden")
	err := s.Validate(map[string]any{"accessToken": "t", "values": []string{"a"}})
	var ie *arazzo.InputError
	if !errors.As(err, &ie) {
		t.Fatalf("error %v is not an *InputError", err)
	}
	want := &arazzo.InputError{Workflow: "golden", Violations: []arazzo.InputViolation{
		{Input: "/secretName", Keyword: "required", Message: "is required"},
		{Input: "/values", Keyword: "type", Message: "expected object, but got array"},
	}}
	if diff := cmp.Diff(want, ie); diff != "" {
		t.Errorf("InputError (-want +got):\n%s", diff)
	}
}

func TestInputSchemaSecretsAndProperties(t *testing.T) {
	doc := parseInputsDoc(t)
	tests := []struct {
		workflow       string
		secrets, props []string
		defaults       map[string]any
	}{
		{"none", nil, nil, nil},
		{"golden", nil, []string{"accessToken", "scope", "secretName", "values"}, nil},
		{"refs", []string{"/login/password", "/pin", "/tags", "/token"},
			[]string{"big", "count", "email", "limit", "login", "mode", "pin", "tags", "token"},
			map[string]any{"mode": "fast"}},
	}
	for _, tt := range tests {
		t.Run(tt.workflow, func(t *testing.T) {
			s := compileInputs(t, doc, tt.workflow)
			if diff := cmp.Diff(tt.secrets, s.Secrets(), cmpEmpty); diff != "" {
				t.Errorf("Secrets (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.props, s.Properties(), cmpEmpty); diff != "" {
				t.Errorf("Properties (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.defaults, s.Defaults(), cmpEmpty); diff != "" {
				t.Errorf("Defaults (-want +got):\n%s", diff)
			}
			if s.Workflow() != tt.workflow {
				t.Errorf("Workflow() = %q", s.Workflow())
			}
		})
	}
}

// cmpEmpty treats nil and empty slices and maps alike.
var cmpEmpty = cmp.FilterValues(func(a, b any) bool {
	return isEmpty(a) && isEmpty(b)
}, cmp.Comparer(func(a, b any) bool { return true }))

func isEmpty(v any) bool {
	switch x := v.(type) {
	case []string:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	}
	return false
}

func TestCompileInputsErrors(t *testing.T) {
	doc := parseInputsDoc(t)
	tests := []struct {
		workflow string
		want     *arazzo.InputSchemaError
	}{
		{"external", &arazzo.InputSchemaError{Workflow: "external", Pointer: "/workflows/3/inputs",
			Message: "other.yaml is outside the document; inputs schemas may only refer to the document itself"}},
		{"broken", &arazzo.InputSchemaError{Workflow: "broken", Pointer: "/workflows/4/inputs/properties/a/type",
			Message: `not a valid JSON Schema: value must be one of "array", "boolean", "integer", "null", "number", "object", "string" (enum)`}},
		{"dangling", &arazzo.InputSchemaError{Workflow: "dangling", Pointer: "/workflows/5/inputs",
			Message: "#/components/inputs/nope not found"}},
	}
	for _, tt := range tests {
		t.Run(tt.workflow, func(t *testing.T) {
			_, err := arazzo.CompileInputs(doc, workflow(t, doc, tt.workflow))
			var se *arazzo.InputSchemaError
			if !errors.As(err, &se) {
				t.Fatalf("error %v (%T) is not an *InputSchemaError", err, err)
			}
			if diff := cmp.Diff(tt.want, se); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCompileInputsErrorMessage(t *testing.T) {
	e := &arazzo.InputSchemaError{Workflow: "w", Pointer: "/workflows/0/inputs", Message: "bad"}
	if got, want := e.Error(), `workflow "w": the inputs schema at /workflows/0/inputs is invalid: bad`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

// A document assembled in Go has no raw form; its input components still
// resolve.
func TestCompileInputsBuiltInCode(t *testing.T) {
	doc := &arazzo.Document{
		Components: &arazzo.Components{Inputs: map[string]any{
			"id": map[string]any{"type": "string", "writeOnly": true},
		}},
	}
	wf := &arazzo.Workflow{WorkflowID: "w", Inputs: map[string]any{
		"type":       "object",
		"required":   []any{"id"},
		"properties": map[string]any{"id": map[string]any{"$ref": "#/components/inputs/id"}},
	}}
	s, err := arazzo.CompileInputs(doc, wf)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"/id"}, s.Secrets()); diff != "" {
		t.Errorf("Secrets (-want +got):\n%s", diff)
	}
	err = s.Validate(map[string]any{"id": 5})
	if got, want := errString(err), `invalid inputs for workflow "w": input "id": does not satisfy "type" (type)`; got != want {
		t.Errorf("Validate = %s, want %s", got, want)
	}
	if _, err := arazzo.CompileInputs(nil, nil); err == nil {
		t.Error("CompileInputs(nil, nil) succeeded")
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestInputSchemaConcurrentValidate(t *testing.T) {
	doc := parseInputsDoc(t)
	s := compileInputs(t, doc, "refs")
	var wg sync.WaitGroup
	for i := range 64 {
		wg.Go(func() {
			in := map[string]any{"login": map[string]any{"user": "u", "password": "longenough"}}
			if i%2 == 1 {
				in["count"] = int64(1) << 40
			}
			err := s.Validate(in)
			if (err != nil) != (i%2 == 1) {
				t.Errorf("run %d: Validate = %v", i, err)
			}
		})
	}
	wg.Wait()
}
