package arazzo

import (
	"encoding/json"
	"strings"
	"testing"
)

// quickSchemas are inputs schemas of the quick subset (and some just
// outside it), written in YAML inside an Arazzo document.
var quickSchemas = []string{
	`{type: object, required: [a, b], properties: {a: {type: string}, b: {type: object}, c: {type: [integer, "null"], format: int32}}}`,
	`{type: object, additionalProperties: false, properties: {n: {type: number}, i: {type: integer, format: int64}}}`,
	`{type: object, properties: {list: {type: array, items: {type: string, writeOnly: true}}}, additionalProperties: {type: boolean}}`,
	`{type: object, properties: {s: {type: string, minLength: 2}}}`,
	`{type: object, properties: {r: {$ref: '#/components/inputs/r'}}}`,
}

func compileQuickDoc(t testing.TB) []*InputSchema {
	t.Helper()
	var b strings.Builder
	b.WriteString("arazzo: 1.0.1\ninfo: {title: q, version: 1.0.0}\nsourceDescriptions: [{name: api, url: ./a.yaml}]\nworkflows:\n")
	for i, s := range quickSchemas {
		b.WriteString("  - workflowId: w" + string(rune('0'+i)) + "\n    inputs: " + s + "\n    steps: [{stepId: s, operationId: op}]\n")
	}
	b.WriteString("components: {inputs: {r: {type: string}}}\n")
	doc, ds := Parse([]byte(b.String()))
	if doc == nil {
		t.Fatalf("Parse: %v", ds)
	}
	var out []*InputSchema
	for _, wf := range doc.Workflows {
		s, err := CompileInputs(doc, wf)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func TestQuickSubset(t *testing.T) {
	schemas := compileQuickDoc(t)
	want := []bool{true, true, true, false, false}
	for i, s := range schemas {
		if got := s.quick != nil; got != want[i] {
			t.Errorf("schema %d in the quick subset: %v, want %v", i, got, want[i])
		}
	}
}

// checkQuickAgrees fails when the quick check accepts inputs that the JSON
// Schema library refuses.
func checkQuickAgrees(t *testing.T, schemas []*InputSchema, text string) {
	d := json.NewDecoder(strings.NewReader(text))
	d.UseNumber()
	var in map[string]any
	if d.Decode(&in) != nil {
		return
	}
	for i, s := range schemas {
		if s.quick == nil {
			continue
		}
		if s.quick.check(in) {
			if err := s.schema.Validate(in); err != nil {
				t.Errorf("schema %d: the quick check accepts %s, the library says %v", i, text, err)
			}
		}
	}
}

func TestQuickCheckAgrees(t *testing.T) {
	schemas := compileQuickDoc(t)
	for _, text := range quickSeeds {
		checkQuickAgrees(t, schemas, text)
	}
	// And the quick check does accept the ordinary valid cases.
	if !schemas[0].quick.check(map[string]any{"a": "x", "b": map[string]any{}, "c": json.Number("5")}) {
		t.Error("the quick check refuses valid inputs")
	}
}

var quickSeeds = []string{
	`{"a": "x", "b": {}}`,
	`{"a": "x", "b": {}, "c": 2147483648}`,
	`{"a": "x", "b": {}, "c": 1.0}`,
	`{"a": "x", "b": {}, "c": 1.5}`,
	`{"a": "x", "b": {}, "c": null}`,
	`{"a": 1, "b": {}}`,
	`{"n": 1e400, "i": 9223372036854775808}`,
	`{"n": -0.0, "i": -9223372036854775808}`,
	`{"extra": 1}`,
	`{"list": ["a", 1], "flag": true}`,
	`{"list": [], "flag": "no"}`,
	`{}`,
}

func FuzzQuickCheckAgrees(f *testing.F) {
	for _, s := range quickSeeds {
		f.Add(s)
	}
	schemas := compileQuickDoc(f)
	f.Fuzz(func(t *testing.T, text string) {
		checkQuickAgrees(t, schemas, text)
	})
}
