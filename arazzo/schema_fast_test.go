package arazzo

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/arazzo-dev/arazzo/internal/yamlx"
	"github.com/arazzo-dev/arazzo/specs"
)

// fastSchemaOrFail returns the compiled schema with its fast pass.
func fastSchemaOrFail(t testing.TB) *arazzoSchema {
	t.Helper()
	s, err := loadSchema()
	if err != nil {
		t.Fatal(err)
	}
	if s.fast == nil {
		t.Fatalf("the fast pass does not build: %v", s.fastErr)
	}
	return s
}

// metaschemaOrFail returns the library's compiled draft 2020-12
// metaschema, the one the embedded schema refers to for inputs.
func metaschemaOrFail(t testing.TB) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	m, err := c.Compile("https://json-schema.org/draft/2020-12/schema")
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// schemaFixtures returns every Arazzo-like document of the repository that
// tests and examples use: this package's testdata, the specs, and the
// conformance cases, keyed by path.
func schemaFixtures(t testing.TB) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	isDoc := func(p string) bool {
		switch filepath.Ext(p) {
		case ".yaml", ".yml", ".json":
			return !strings.Contains(filepath.ToSlash(p), "/fuzz/")
		}
		return false
	}
	for _, root := range []string{"testdata", filepath.Join("..", "conformance", "testdata")} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !isDoc(p) {
				return err
			}
			data, err := os.ReadFile(p)
			out[filepath.ToSlash(p)] = data
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	err := fs.WalkDir(specs.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !isDoc(p) {
			return err
		}
		data, err := fs.ReadFile(specs.FS, p)
		out["specs/"+p] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// compareFast checks one parsed document with the fast pass and the
// library. A valid verdict must mean the library accepts the document, an
// invalid one that it refuses; it returns both results.
func compareFast(t testing.TB, s *arazzoSchema, doc *Document) (verdict, error) {
	t.Helper()
	got := s.fast.check(doc.index.root(), 0)
	err := s.compiled.Validate(doc.Raw())
	switch {
	case got == verdictValid && err != nil:
		t.Fatalf("the fast pass accepts a document the schema refuses:\n%v", err)
	case got == verdictInvalid && err == nil:
		t.Fatalf("the fast pass refuses a document the schema accepts")
	}
	return got, err
}

// TestSchemaFastAgrees runs every fixture document through the fast pass
// and the library. The fast pass must agree with the library on each, and
// must decide each: no fixture may leave it unsure.
func TestSchemaFastAgrees(t *testing.T) {
	s := fastSchemaOrFail(t)
	fixtures := schemaFixtures(t)
	if len(fixtures) < 100 {
		t.Fatalf("found only %d fixture documents", len(fixtures))
	}
	counts := map[verdict]int{}
	for _, p := range slices.Sorted(func(yield func(string) bool) {
		for p := range fixtures {
			if !yield(p) {
				return
			}
		}
	}) {
		doc, _ := Parse(fixtures[p])
		if doc == nil || doc.index.values > maxSchemaValues {
			continue
		}
		t.Run(p, func(t *testing.T) {
			got, err := compareFast(t, s, doc)
			counts[got]++
			if got == verdictUnsure {
				t.Errorf("the fast pass is unsure; the library says %v", err)
			}
		})
	}
	t.Logf("fast pass verdicts on %d fixtures: %d valid, %d invalid, %d unsure",
		len(fixtures), counts[verdictValid], counts[verdictInvalid], counts[verdictUnsure])
	if counts[verdictValid] < 50 || counts[verdictInvalid] < 50 {
		t.Errorf("too few decided fixtures: %v", counts)
	}
}

// FuzzSchemaFastAgrees checks, for any document that parses, that the fast
// pass never accepts what the JSON Schema library refuses (nor refuses
// what it accepts), and that the metaschema shortcut never accepts an
// inputs schema the library's metaschema refuses. It is seeded with every
// fixture document.
func FuzzSchemaFastAgrees(f *testing.F) {
	for _, data := range schemaFixtures(f) {
		f.Add(data)
	}
	s := fastSchemaOrFail(f)
	meta := metaschemaOrFail(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, _ := Parse(data, MaxDepth(64), MaxAliases(2000))
		if doc == nil || doc.index.values > maxSchemaValues {
			return
		}
		compareFast(t, s, doc)
		for _, v := range inputsSchemas(doc.index.root()) {
			checkMetaschemaAgrees(t, meta, v)
		}
	})
}

// inputsSchemas returns the values of workflows[*].inputs and
// components.inputs.*, where the metaschema applies.
func inputsSchemas(root yamlx.Value) []yamlx.Value {
	var out []yamlx.Value
	if wfs := root.Get("workflows"); wfs.Kind() == yamlx.Array {
		for i := range wfs.Len() {
			if v := wfs.Item(i).Get("inputs"); v.IsValid() {
				out = append(out, v)
			}
		}
	}
	inputs := root.Get("components").Get("inputs")
	for i := range inputs.Len() {
		out = append(out, inputs.Member(i).Value())
	}
	return out
}

func checkMetaschemaAgrees(t testing.TB, meta *jsonschema.Schema, v yamlx.Value) {
	t.Helper()
	if metaschemaValid(v, 0) {
		if err := meta.Validate(v.Plain()); err != nil {
			t.Fatalf("the metaschema shortcut accepts %s, the metaschema refuses it:\n%v", showJSON(v.Plain()), err)
		}
	}
}

func showJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// FuzzMetaschemaFastAgrees checks the metaschema shortcut alone on any
// YAML or JSON value: it must never accept a schema the library's
// metaschema refuses.
func FuzzMetaschemaFastAgrees(f *testing.F) {
	for _, text := range metaschemaCases {
		f.Add([]byte(text.schema))
	}
	meta := metaschemaOrFail(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		tree, errs := yamlx.DecodeTree(data, yamlx.Limits{MaxDepth: 64, MaxAliasNodes: 2000})
		if len(errs) > 0 {
			return
		}
		checkMetaschemaAgrees(t, meta, tree.Root())
	})
}

// metaschemaCases are inputs schemas with what the shortcut says of them:
// true when it proves them valid, false when it leaves them to the
// library.
var metaschemaCases = []struct {
	schema string
	fast   bool
}{
	{`{type: object, required: [a], properties: {a: {type: string, description: d}}}`, true},
	{`true`, true},
	{`false`, true},
	{`{}`, true},
	{`{type: [string, "null"], minLength: 1, maxLength: 10, pattern: '^a+$', format: email}`, true},
	{`{type: array, items: {type: integer, minimum: 0, maximum: 9.5, multipleOf: 0.5}, minItems: 0, uniqueItems: true}`, true},
	{`{oneOf: [{const: 1}, {enum: [a, 2, null]}], anyOf: [true], allOf: [{not: {}}]}`, true},
	{`{$ref: '#/components/inputs/x', default: {a: 1}, examples: [1], deprecated: false, x-extra: [1]}`, true},
	{`{properties: {a: {additionalProperties: false, propertyNames: {pattern: '^x'}}}, dependentRequired: {a: [b]}}`, true},
	{`{patternProperties: {'^a': {type: string}}, if: true, then: false, else: {}, $defs: {d: {}}}`, true},
	{`{minItems: 1.0, maxProperties: 3, minContains: 0}`, true},
	{`{unknownKeyword: {type: 7}}`, true},
	// Invalid schemas, which the shortcut must leave to the library.
	{`{type: strnig}`, false},
	{`{type: [string, string]}`, false},
	{`{type: []}`, false},
	{`{required: [a, a]}`, false},
	{`{required: a}`, false},
	{`{minLength: -1}`, false},
	{`{minLength: 1.5}`, false},
	{`{multipleOf: 0}`, false},
	{`{pattern: '('}`, false},
	{`{patternProperties: {'(': {}}}`, false},
	{`{properties: {a: 7}}`, false},
	{`{allOf: []}`, false},
	{`{items: [true]}`, false},
	{`{$ref: 'a\b'}`, false},
	{`{enum: a}`, false},
	{`{description: 7}`, false},
	{`7`, false},
	{`[{}]`, false},
	// Valid, but outside the shortcut: the library decides.
	{`{$id: 'https://example.com/s', $anchor: a}`, false},
	{`{$schema: 'https://json-schema.org/draft/2020-12/schema'}`, false},
}

// TestMetaschemaShortcut checks metaschemaCases against the shortcut and
// the library.
func TestMetaschemaShortcut(t *testing.T) {
	meta := metaschemaOrFail(t)
	for _, c := range metaschemaCases {
		t.Run(c.schema, func(t *testing.T) {
			tree, errs := yamlx.DecodeTree([]byte(c.schema), yamlx.Limits{})
			if len(errs) > 0 {
				t.Fatal(errs[0])
			}
			v := tree.Root()
			if got := metaschemaValid(v, 0); got != c.fast {
				t.Errorf("metaschemaValid = %v, want %v (library: %v)", got, c.fast, meta.Validate(v.Plain()))
			}
			checkMetaschemaAgrees(t, meta, v)
			// The verdict of the whole metaschema step is exact.
			want := verdictValid
			if meta.Validate(v.Plain()) != nil {
				want = verdictInvalid
			}
			if got := checkMetaschema(meta, v); got != want {
				t.Errorf("checkMetaschema = %v, want %v", got, want)
			}
		})
	}
}

// TestMetaschemaKeywords checks that the shortcut knows every keyword the
// library's metaschema defines: a keyword it did not know would be taken
// for an extension with any value.
func TestMetaschemaKeywords(t *testing.T) {
	meta := metaschemaOrFail(t)
	var names []string
	collect := func(s *jsonschema.Schema) {
		for n := range s.Properties {
			names = append(names, n)
		}
	}
	collect(meta)
	for _, s := range meta.AllOf {
		if s.Ref == nil {
			t.Fatalf("metaschema allOf entry %s is not a reference", s.Location)
		}
		collect(s.Ref)
	}
	if len(names) < 50 {
		t.Fatalf("found only %d metaschema keywords: %v", len(names), names)
	}
	for _, n := range names {
		if _, known := metaKeyword(n, yamlx.Value{}, 0); !known {
			t.Errorf("metaschema keyword %q is unknown to the shortcut", n)
		}
	}
}

// TestSchemaFormatIsAnnotation checks that the embedded schema does not
// assert "format" (the fast pass ignores it): a source description URL
// that is no URI reference passes the library.
func TestSchemaFormatIsAnnotation(t *testing.T) {
	s := fastSchemaOrFail(t)
	src := "arazzo: 1.0.1\ninfo: {title: t, version: v}\nsourceDescriptions: [{name: s, url: 'a\\b c'}]\nworkflows: [{workflowId: w, steps: [{stepId: s, operationId: o}]}]\n"
	doc, ds := Parse([]byte(src))
	if doc == nil || len(ds) > 0 {
		t.Fatal(ds)
	}
	if isURIReferenceFormat(`a\b c`) {
		t.Fatal("the URL of the test is a URI reference")
	}
	if err := s.compiled.Validate(doc.Raw()); err != nil {
		t.Fatalf("the library asserts formats: %v", err)
	}
	if got := s.fast.check(doc.index.root(), 0); got != verdictValid {
		t.Errorf("fast pass = %v, want valid", got)
	}
}

// TestFastBuilderKnowsSchemaFields guards against a new version of the
// JSON Schema library adding keywords the builder would silently ignore:
// every exported field of the compiled schema type must be one the
// builder handles, rejects or knows to be irrelevant.
func TestFastBuilderKnowsSchemaFields(t *testing.T) {
	known := []string{
		// handled
		"Always", "Ref", "Types", "Constant", "Enum", "AllOf", "AnyOf", "OneOf", "If", "Then", "Else",
		"Required", "Properties", "PropertyNames", "PatternProperties", "AdditionalProperties",
		"DependentRequired", "UnevaluatedProperties", "MinItems", "UniqueItems", "Items2020", "Pattern", "Minimum",
		// rejected
		"RecursiveRef", "DynamicRef", "Not", "MinProperties", "MaxProperties", "RegexProperties", "Dependencies",
		"DependentSchemas", "MaxItems", "Items", "AdditionalItems", "PrefixItems", "Contains", "MinContains",
		"MaxContains", "UnevaluatedItems", "MinLength", "MaxLength", "ContentEncoding", "ContentMediaType",
		"ContentSchema", "ExclusiveMinimum", "Maximum", "ExclusiveMaximum", "MultipleOf", "Extensions",
		// irrelevant: identity, annotations, anchors only used by the
		// rejected dynamic references, and a flag of contains
		"Location", "Draft", "Format", "RecursiveAnchor", "DynamicAnchor", "ContainsEval",
		"Title", "Description", "Default", "Comment", "ReadOnly", "WriteOnly", "Examples", "Deprecated",
	}
	var fields []string
	typ := reflect.TypeFor[jsonschema.Schema]()
	for i := range typ.NumField() {
		if f := typ.Field(i); f.IsExported() {
			fields = append(fields, f.Name)
		}
	}
	slices.Sort(fields)
	slices.Sort(known)
	if diff := cmp.Diff(known, fields); diff != "" {
		t.Errorf("fields of jsonschema.Schema (-known +actual):\n%s", diff)
	}
}

// TestFastVerdicts checks the verdicts the fast pass gives for small
// documents: certainly valid, certainly invalid, and the cases it leaves
// to the library.
func TestFastVerdicts(t *testing.T) {
	s := fastSchemaOrFail(t)
	head := "arazzo: 1.0.1\ninfo: {title: t, version: v}\nsourceDescriptions: [{name: s, url: u}]\n"
	step := "{stepId: s, operationId: o}"
	tests := []struct {
		name, doc string
		want      verdict
	}{
		{"minimal", "workflows: [{workflowId: w, steps: [" + step + "]}]", verdictValid},
		{"extension everywhere", "x-a: 1\nworkflows: [{workflowId: w, x-b: [], steps: [{stepId: s, operationId: o, x-c: {}}]}]", verdictValid},
		{"unknown field", "workflows: [{workflowId: w, steps: [" + step + "], foo: 1}]", verdictInvalid},
		{"two operation fields", "workflows: [{workflowId: w, steps: [{stepId: s, operationId: o, workflowId: x}]}]", verdictInvalid},
		{"reusable action", "workflows: [{workflowId: w, steps: [{stepId: s, operationId: o, onSuccess: [{reference: $components.successActions.a}]}]}]", verdictValid},
		{"reusable action with action fields", "workflows: [{workflowId: w, steps: [{stepId: s, operationId: o, onSuccess: [{reference: r, name: n, type: end}]}]}]", verdictValid},
		{"goto without target", "workflows: [{workflowId: w, steps: [{stepId: s, operationId: o, onFailure: [{name: n, type: goto}]}]}]", verdictInvalid},
		{"retry", "workflows: [{workflowId: w, steps: [{stepId: s, operationId: o, onFailure: [{name: n, type: retry, retryAfter: 1.5, retryLimit: 3}]}]}]", verdictValid},
		{"negative retryLimit", "workflows: [{workflowId: w, steps: [{stepId: s, operationId: o, onFailure: [{name: n, type: retry, retryLimit: -1}]}]}]", verdictInvalid},
		{"whole float retryLimit", "workflows: [{workflowId: w, steps: [{stepId: s, operationId: o, onFailure: [{name: n, type: retry, retryLimit: 2.0}]}]}]", verdictValid},
		{"parameter without in for an operation", "workflows: [{workflowId: w, steps: [{stepId: s, operationId: o, parameters: [{name: p, value: 1}]}]}]", verdictInvalid},
		{"parameter without in for a workflow", "workflows: [{workflowId: w, steps: [{stepId: s, workflowId: v, parameters: [{name: p, value: 1}]}]}]", verdictValid},
		{"criterion type object", "workflows: [{workflowId: w, steps: [{stepId: s, operationId: o, successCriteria: [{context: $response.body, condition: $.a, type: {type: jsonpath, version: draft-goessner-dispatch-jsonpath-00}}]}]}]", verdictValid},
		{"criterion type object with a wrong version", "workflows: [{workflowId: w, steps: [{stepId: s, operationId: o, successCriteria: [{context: $response.body, condition: $.a, type: {type: xpath, version: xpath-99}}]}]}]", verdictInvalid},
		{"criterion type without context", "workflows: [{workflowId: w, steps: [{stepId: s, operationId: o, successCriteria: [{condition: a, type: regex}]}]}]", verdictInvalid},
		{"duplicate steps", "workflows: [{workflowId: w, steps: [" + step + ", " + step + "]}]", verdictInvalid},
		{"duplicate numbers of two Go types", "workflows: [{workflowId: w, steps: [" + step + "], dependsOn: [1, 1.0]}]", verdictInvalid},
		{"bad output name", "workflows: [{workflowId: w, steps: [" + step + "], outputs: {'a b': $steps.s.outputs.x}}]", verdictInvalid},
		{"components", "workflows: [{workflowId: w, steps: [" + step + "]}]\ncomponents: {inputs: {a: {type: string}}, parameters: {p: {name: p, value: 1}}, x-y: 1}", verdictValid},
		{"bad component name", "workflows: [{workflowId: w, steps: [" + step + "]}]\ncomponents: {parameters: {'p q': {name: p, value: 1}}}", verdictInvalid},
		{"inputs outside the shortcut", "workflows: [{workflowId: w, inputs: {$id: 'https://example.com/s'}, steps: [" + step + "]}]", verdictValid},
		{"invalid inputs", "workflows: [{workflowId: w, inputs: {type: strnig}, steps: [" + step + "]}]", verdictInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, ds := Parse([]byte(head + tt.doc + "\n"))
			if doc == nil {
				t.Fatal(ds)
			}
			got, err := compareFast(t, s, doc)
			if got != tt.want {
				t.Errorf("verdict = %v, want %v (library: %v)", got, tt.want, err)
			}
		})
	}
}

// TestUniqueVerdict compares the uniqueItems verdict with the library's,
// for short arrays and for long ones, which are grouped by hash first.
func TestUniqueVerdict(t *testing.T) {
	c := jsonschema.NewCompiler()
	if err := c.AddResource("u.json", strings.NewReader(`{"uniqueItems": true}`)); err != nil {
		t.Fatal(err)
	}
	lib := c.MustCompile("u.json")
	long := func(last string) string {
		var out []string
		for i := range 40 {
			out = append(out, fmt.Sprintf(`{"i": %d, "s": "%d"}`, i, i))
		}
		return "[" + strings.Join(append(out, last), ", ") + "]"
	}
	tests := []struct {
		name  string
		items string
		want  verdict
	}{
		{"empty", `[]`, verdictValid},
		{"distinct scalars", `[null, true, false, "a", 1, 1.5, [], {}]`, verdictValid},
		{"int and float", `[2, 2.0]`, verdictInvalid},
		{"negative zero", `[0.0, -0.0, 0]`, verdictInvalid},
		{"objects in any order", `[{"a": 1, "b": "x"}, {"b": "x", "a": 1.0}]`, verdictInvalid},
		{"nested difference", `[[{"a": [1]}], [{"a": [2]}]]`, verdictValid},
		{"large numbers", `[1152921504606846976.0, 1152921504606846976]`, verdictUnsure},
		{"long distinct", long(`{"i": 40}`), verdictValid},
		{"long with a duplicate", long(`{"s": "7", "i": 7.0}`), verdictInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tree, errs := yamlx.DecodeTree([]byte(tt.items), yamlx.Limits{})
			if len(errs) > 0 {
				t.Fatal(errs[0])
			}
			got := uniqueVerdict(tree.Root())
			if got != tt.want {
				t.Errorf("uniqueVerdict = %v, want %v", got, tt.want)
			}
			libErr := lib.Validate(tree.Root().Plain())
			if (got == verdictValid && libErr != nil) || (got == verdictInvalid && libErr == nil) {
				t.Errorf("verdict %v, library %v", got, libErr)
			}
		})
	}
}

// BenchmarkSchemaFastPass runs the fast pass alone on the golden workflow.
func BenchmarkSchemaFastPass(b *testing.B) {
	data, err := fs.ReadFile(specs.FS, specs.Golden)
	if err != nil {
		b.Fatal(err)
	}
	doc, ds := Parse(data)
	if doc == nil {
		b.Fatal(ds)
	}
	s := fastSchemaOrFail(b)
	b.ReportAllocs()
	for b.Loop() {
		if v := s.fast.check(doc.index.root(), 0); v != verdictValid {
			b.Fatal(v)
		}
	}
}
