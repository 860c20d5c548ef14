package oas

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"go.yaml.in/yaml/v4"
)

func plainOf(t *testing.T, text string) (any, error) {
	t.Helper()
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(text), &n); err != nil {
		t.Fatal(err)
	}
	return newPlainTree().value(&n)
}

func TestPlainTree(t *testing.T) {
	base := map[string]any{"a": int64(1), "b": int64(2)}
	tests := []struct {
		name, yaml string
		want       any
	}{
		{"integers", "[42, -7, 0x1F, 0o17, 1_000]", []any{int64(42), int64(-7), int64(31), int64(15), int64(1000)}},
		{"integer beyond int64", "123456789012345678901234567890", 1.2345678901234568e+29},
		{"floats", "[1.5, 1e3, -0.25, .inf, -.Inf]", []any{1.5, 1000.0, -0.25, math.Inf(1), math.Inf(-1)}},
		{"not a number", ".nan", math.NaN()},
		{"booleans and nulls", "[true, False, ~, null, '']", []any{true, false, nil, nil, ""}},
		{"strings stay strings", `["42", 'true', 2024-01-01, yes]`, []any{"42", "true", "2024-01-01", "yes"}},
		{"numeric keys become text", "200: ok\n2XX: fine\n", map[string]any{"200": "ok", "2XX": "fine"}},
		{"alias", "a: &x {a: 1, b: 2}\nb: *x\n", map[string]any{"a": base, "b": base}},
		{"merge key", "base: &x {a: 1, b: 2}\nm:\n  <<: *x\n  b: 3\n", map[string]any{"base": base, "m": map[string]any{"a": int64(1), "b": int64(3)}}},
		{"merge list", "base: &x {a: 1, b: 2}\nm:\n  <<: [*x, {c: 4}]\n", map[string]any{"base": base, "m": map[string]any{"a": int64(1), "b": int64(2), "c": int64(4)}}},
		{"empty document", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := plainOf(t, tt.yaml)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateNaNs()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestPlainTreeErrors(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"merge of a scalar", "m:\n  <<: 1\n", "line 2, column 7: a merge key (<<) needs a mapping or a list of mappings"},
		{"merge of a list of scalars", "m:\n  <<: [1]\n", "line 2, column 7: a merge key (<<) needs a mapping or a list of mappings"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := plainOf(t, tt.yaml)
			if err == nil || err.Error() != tt.want {
				t.Errorf("error = %v; want %s", err, tt.want)
			}
		})
	}
}

func TestPlainTreeSharesRepeatedNodes(t *testing.T) {
	// An alias bomb costs linear time: every level is converted once.
	text := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	prev := "a"
	for _, name := range []string{"b", "c", "d", "e", "f", "g", "h", "i", "j"} {
		text += name + ": &" + name + " [*" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev +
			", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + "]\n"
		prev = name
	}
	got, err := plainOf(t, text)
	if err != nil {
		t.Fatal(err)
	}
	j := got.(map[string]any)["j"].([]any)
	if !same(j[0], j[9]) {
		t.Errorf("aliased values are copies, not shared")
	}
}

func TestSchemaInliner(t *testing.T) {
	root := map[string]any{"components": map[string]any{"schemas": map[string]any{
		"Str":       map[string]any{"type": "string"},
		"My Schema": map[string]any{"type": "integer"},
		"Poly":      map[string]any{"allOf": []any{map[string]any{"type": "object"}}},
		"A":         map[string]any{"properties": map[string]any{"b": map[string]any{"$ref": "#/components/schemas/B"}}},
		"B":         map[string]any{"properties": map[string]any{"a": map[string]any{"$ref": "#/components/schemas/A"}}},
		"Bool":      true,
	}}}
	str := map[string]any{"type": "string"}
	tests := []struct {
		name     string
		siblings bool
		in       any
		want     any
		wantErr  string
	}{
		{name: "plain reference", in: map[string]any{"$ref": "#/components/schemas/Str"}, want: str},
		{name: "percent-encoded reference", in: map[string]any{"$ref": "#/components/schemas/My%20Schema"}, want: map[string]any{"type": "integer"}},
		{name: "reference into an array", in: map[string]any{"$ref": "#/components/schemas/Poly/allOf/0"}, want: map[string]any{"type": "object"}},
		{name: "boolean schema", in: map[string]any{"$ref": "#/components/schemas/Bool"}, want: true},
		{
			name: "items as a list of schemas",
			in:   map[string]any{"items": []any{map[string]any{"$ref": "#/components/schemas/Str"}, true}},
			want: map[string]any{"items": []any{str, true}},
		},
		{
			name: "mutual recursion keeps the reference where it recurs",
			in:   map[string]any{"$ref": "#/components/schemas/A"},
			want: map[string]any{"properties": map[string]any{"b": map[string]any{"properties": map[string]any{
				"a": map[string]any{"$ref": "#/components/schemas/A"}}}}},
		},
		{
			name: "3.0 ignores keywords beside $ref",
			in:   map[string]any{"$ref": "#/components/schemas/Str", "maxLength": int64(3)},
			want: str,
		},
		{
			name: "3.1 applies keywords beside $ref with allOf", siblings: true,
			in:   map[string]any{"$ref": "#/components/schemas/Str", "allOf": []any{map[string]any{"maxLength": int64(3)}}},
			want: map[string]any{"allOf": []any{str, map[string]any{"maxLength": int64(3)}}},
		},
		{
			name: "data keywords are not inlined",
			in:   map[string]any{"default": map[string]any{"$ref": "#/components/schemas/Str"}, "enum": []any{map[string]any{"$ref": "x"}}},
			want: map[string]any{"default": map[string]any{"$ref": "#/components/schemas/Str"}, "enum": []any{map[string]any{"$ref": "x"}}},
		},
		{
			name: "a property named $ref is a schema, not a reference",
			in:   map[string]any{"properties": map[string]any{"$ref": map[string]any{"$ref": "#/components/schemas/Str"}}},
			want: map[string]any{"properties": map[string]any{"$ref": str}},
		},
		{
			name: "missing target", in: map[string]any{"not": map[string]any{"$ref": "#/components/schemas/Nope"}},
			wantErr: `reference "#/components/schemas/Nope" names nothing in the document`,
		},
		{
			name: "other document", in: map[string]any{"$ref": "other.yaml#/Str"},
			wantErr: `reference "other.yaml#/Str" is not local; only references inside the document ("#/...") are supported`,
		},
		{
			name: "bad pointer", in: map[string]any{"$ref": "#components"},
			wantErr: `reference "#components": offset 0: a non-empty pointer must start with "/"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := newSchemaInliner(root, tt.siblings).schema(tt.in)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("error = %v; want %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestSchemaInlinerDoesNotCopyWithoutReferences(t *testing.T) {
	in := map[string]any{"type": "object", "properties": map[string]any{"a": map[string]any{"type": "string"}}}
	got, err := newSchemaInliner(nil, false).schema(in)
	if err != nil {
		t.Fatal(err)
	}
	if !same(in, got) {
		t.Errorf("a schema without references was copied")
	}
}
