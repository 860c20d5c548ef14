package jsonpath

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func mustParse(t testing.TB, q string) *Path {
	t.Helper()
	p, err := Parse(q)
	if err != nil {
		t.Fatalf("Parse(%q): %v", q, err)
	}
	return p
}

// TestQuery covers behaviour the compliance suite leaves open or does not
// reach: member order, number representations, normalized path escapes,
// Unicode ordering and run-time regular expressions.
func TestQuery(t *testing.T) {
	tests := []struct {
		name  string
		query string
		doc   any
		want  []Node
	}{
		{
			name:  "object members in sorted order",
			query: "$.*",
			doc:   map[string]any{"b": 1, "a": 2, "c": 3},
			want:  []Node{{"$['a']", 2}, {"$['b']", 1}, {"$['c']", 3}},
		},
		{
			name:  "descendants visit parents before children",
			query: "$..x",
			doc:   map[string]any{"x": 1, "b": map[string]any{"x": 2}, "a": []any{map[string]any{"x": 3}}},
			want:  []Node{{"$['x']", 1}, {"$['a'][0]['x']", 3}, {"$['b']['x']", 2}},
		},
		{
			name:  "normalized path escapes",
			query: "$.*",
			doc:   map[string]any{"it's": 1, `a\b`: 2, "\b\f\n\r\t": 3, "\x00\x0b\x1f": 4, "é\x7f\"": 5},
			want: []Node{
				{`$['\u0000\u000b\u001f']`, 4},
				{`$['\b\f\n\r\t']`, 3},
				{`$['a\\b']`, 2},
				{`$['it\'s']`, 1},
				{"$['é\x7f\"']", 5},
			},
		},
		{
			name:  "int64 compared with a float literal",
			query: "$[?@ > 1.5]",
			doc:   []any{int64(1), int64(2), 1.75, int(3), json.Number("1.25")},
			want:  []Node{{"$[1]", int64(2)}, {"$[2]", 1.75}, {"$[3]", int(3)}},
		},
		{
			name:  "json.Number equal to an integer literal",
			query: "$[?@ == 10]",
			doc:   []any{json.Number("10"), json.Number("1e1"), json.Number("10.5"), "10"},
			want:  []Node{{"$[0]", json.Number("10")}, {"$[1]", json.Number("1e1")}},
		},
		{
			name:  "deep equality across number representations",
			query: "$.items[?@ == $.want]",
			doc: map[string]any{
				"want":  map[string]any{"a": []any{1.0, "x"}},
				"items": []any{map[string]any{"a": []any{int64(1), "x"}}, map[string]any{"a": []any{2.0, "x"}}, map[string]any{"a": []any{1.0}}},
			},
			want: []Node{{"$['items'][0]", map[string]any{"a": []any{int64(1), "x"}}}},
		},
		{
			name:  "strings ordered by code point, not UTF-16 unit",
			query: "$[?@ < '\U00010000']",
			doc:   []any{"\uffff", "\U00010000", "\U00010001", "a"},
			want:  []Node{{"$[0]", "\uffff"}, {"$[3]", "a"}},
		},
		{
			name:  "length counts Unicode scalar values",
			query: "$[?length(@) == 2]",
			doc:   []any{"é😀", "ab", "abc", []any{1, 2}, map[string]any{"a": 1, "b": 2}, 22},
			want:  []Node{{"$[0]", "é😀"}, {"$[1]", "ab"}, {"$[3]", []any{1, 2}}, {"$[4]", map[string]any{"a": 1, "b": 2}}},
		},
		{
			name:  "value of a nodelist with one, none or two nodes",
			query: "$[?value(@..x) == 1]",
			doc:   []any{map[string]any{"x": 1}, map[string]any{"y": 1}, map[string]any{"x": 1, "y": map[string]any{"x": 1}}},
			want:  []Node{{"$[0]", map[string]any{"x": 1}}},
		},
		{
			name:  "existence of a non-singular query",
			query: "$[?@.*]",
			doc:   []any{[]any{}, []any{0}, map[string]any{}, map[string]any{"a": nil}, "s"},
			want:  []Node{{"$[1]", []any{0}}, {"$[3]", map[string]any{"a": nil}}},
		},
		{
			name:  "absent compared with absent",
			query: "$[?@.a <= @.b]",
			doc:   []any{map[string]any{}, map[string]any{"a": 1}, map[string]any{"a": 1, "b": 1}},
			want:  []Node{{"$[0]", map[string]any{}}, {"$[2]", map[string]any{"a": 1, "b": 1}}},
		},
		{
			name:  "regex taken from the document",
			query: "$.v[?match(@, $.re)]",
			doc:   map[string]any{"re": "[a-c]+", "v": []any{"abc", "abd", "", 1}},
			want:  []Node{{"$['v'][0]", "abc"}},
		},
		{
			name:  "regex from the document that RE2 knows but I-Regexp does not",
			query: "$.v[?search(@, $.re)]",
			doc:   map[string]any{"re": `\d`, "v": []any{"1", "d"}},
			want:  nil,
		},
		{
			name:  "negated invalid regex from the document",
			query: "$.v[?!search(@, $.re)]",
			doc:   map[string]any{"re": "a{2,1}", "v": []any{"aa"}},
			want:  []Node{{"$['v'][0]", "aa"}},
		},
		{
			name:  "invalid literal regex matches nothing",
			query: `$[?match(@, '\\d') || match(@, '(a')]`,
			doc:   []any{"1", `\d`, "(a"},
			want:  nil,
		},
		{
			name:  "non-string pattern matches nothing",
			query: `$[?match(@, 1) || search(@, $.nope)]`,
			doc:   []any{"1"},
			want:  nil,
		},
		{
			name:  "search is not anchored, match is",
			query: "$[?search(@, 'b+') && !match(@, 'b+')]",
			doc:   []any{"abba", "bb", "a"},
			want:  []Node{{"$[0]", "abba"}},
		},
		{
			name:  "values of other Go types are leaves",
			query: "$..*",
			doc:   map[string]any{"a": []string{"x"}, "b": struct{}{}},
			want:  []Node{{"$['a']", []string{"x"}}, {"$['b']", struct{}{}}},
		},
		{
			name:  "slice with negative step",
			query: "$[5:0:-2]",
			doc:   []any{0, 1, 2, 3, 4, 5, 6},
			want:  []Node{{"$[5]", 5}, {"$[3]", 3}, {"$[1]", 1}},
		},
		{
			name:  "slice far beyond the array",
			query: "$[-9007199254740991:9007199254740991:4503599627370496]",
			doc:   []any{0, 1, 2},
			want:  []Node{{"$[0]", 0}},
		},
		{
			name:  "filter on object members",
			query: "$[?@.on == true].id",
			doc:   map[string]any{"y": map[string]any{"on": true, "id": 2}, "x": map[string]any{"on": true, "id": 1}, "z": map[string]any{"on": false, "id": 3}},
			want:  []Node{{"$['x']['id']", 1}, {"$['y']['id']", 2}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustParse(t, tt.query)
			got := p.Query(tt.doc)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Query(%s) (-want +got):\n%s", tt.query, diff)
			}
			var wantValues []any
			for _, n := range tt.want {
				wantValues = append(wantValues, n.Value)
			}
			if diff := cmp.Diff(wantValues, p.Select(tt.doc)); diff != "" {
				t.Errorf("Select(%s) (-want +got):\n%s", tt.query, diff)
			}
		})
	}
}

// TestNormalizedPathsSelectTheirNode checks that every normalized path a
// query returns is itself a singular query selecting the same node.
func TestNormalizedPathsSelectTheirNode(t *testing.T) {
	doc := map[string]any{
		"it's":   []any{1, map[string]any{"\n": "nl", "é": []any{true, nil}}},
		`back\`:  map[string]any{"\x01": 2.5},
		"plain":  "x",
		"nested": []any{[]any{[]any{"deep"}}},
	}
	for _, n := range mustParse(t, "$..*").Query(doc) {
		p, err := Parse(n.Path)
		if err != nil {
			t.Errorf("normalized path %q does not parse: %v", n.Path, err)
			continue
		}
		if !p.IsSingular() {
			t.Errorf("normalized path %q is not singular", n.Path)
		}
		got := p.Query(doc)
		if diff := cmp.Diff([]Node{n}, got); diff != "" {
			t.Errorf("Query(%s) (-want +got):\n%s", n.Path, diff)
		}
	}
}

func TestQueryEmpty(t *testing.T) {
	p := mustParse(t, "$.missing")
	if got := p.Query(map[string]any{}); got != nil {
		t.Errorf("Query = %#v, want nil", got)
	}
	if got := p.Select(map[string]any{}); got != nil {
		t.Errorf("Select = %#v, want nil", got)
	}
}

// TestConcurrentQueries runs one compiled Path from many goroutines; run
// it with -race.
func TestConcurrentQueries(t *testing.T) {
	p := mustParse(t, "$..[?@.status == 'running' && match(@.name, $.pattern) && count(@.tags[*]) > 0]")
	doc := map[string]any{"pattern": "svc-[0-9]+"}
	items := benchDocument()
	for i, it := range items {
		it.(map[string]any)["name"] = fmt.Sprintf("svc-%d", i)
	}
	doc["items"] = items
	want := p.Query(doc)
	if len(want) != 50 {
		t.Fatalf("selected %d nodes, want 50", len(want))
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 5 {
				if diff := cmp.Diff(want, p.Query(doc)); diff != "" {
					t.Errorf("concurrent Query differs (-want +got):\n%s", diff)
					return
				}
				if got := p.Select(doc); len(got) != len(want) {
					t.Errorf("concurrent Select returned %d values, want %d", len(got), len(want))
					return
				}
			}
		})
	}
	wg.Wait()
}
