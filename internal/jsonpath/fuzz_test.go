package jsonpath

import (
	"encoding/json"
	"errors"
	"reflect"
	"regexp/syntax"
	"strings"
	"testing"
)

// The seed corpora in testdata/fuzz hold selectors of the compliance
// suite, valid and invalid.

// checkParse parses q and fails unless the result is a Path or a
// *SyntaxError with an offset inside q.
func checkParse(t *testing.T, q string) *Path {
	p, err := Parse(q)
	if err != nil {
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Fatalf("Parse(%q) error is %T, want *SyntaxError", q, err)
		}
		if se.Offset < 0 || se.Offset > len(q) {
			t.Fatalf("Parse(%q) error offset %d is outside the query", q, se.Offset)
		}
		if se.Msg == "" {
			t.Fatalf("Parse(%q) error has no message", q)
		}
		return nil
	}
	if p.String() != q {
		t.Fatalf("String() = %q, want %q", p.String(), q)
	}
	return p
}

func FuzzParse(f *testing.F) {
	f.Add("$.a[0]['b',*][1:-1:2]..c[?@.d == 'x' && length(@.e) > 1 || !match(@.f, '[a-z]+')]")
	f.Fuzz(func(t *testing.T, q string) {
		checkParse(t, q)
	})
}

// fuzzDocument is the fixed document FuzzQuery runs queries against; it is
// small so that queries with several descendant segments stay cheap.
const fuzzDocument = `{
	"a": [1, 2.5, -3, "x", null, true, {"b": "é😀", "it's": [false]}],
	"c": {"d": {"e": "abc", "f": [[0], []]}, "\n": 0, "": {}},
	"g": "svc-1"
}`

func FuzzQuery(f *testing.F) {
	f.Add("$..[?@.b || @ == 2.5 || search(@, 'b.') || count(@.*) > 1]")
	var doc any
	if err := json.Unmarshal([]byte(fuzzDocument), &doc); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, q string) {
		p := checkParse(t, q)
		// Each descendant segment multiplies the result size by the
		// document size; more than three are legitimately expensive.
		if p == nil || strings.Count(q, "..") > 3 {
			return
		}
		nodes := p.Query(doc)
		values := p.Select(doc)
		if len(values) != len(nodes) {
			t.Fatalf("Select returned %d values, Query %d nodes", len(values), len(nodes))
		}
		for i, n := range nodes {
			if !reflect.DeepEqual(values[i], n.Value) {
				t.Fatalf("value %d: Select %v, Query %v", i, values[i], n.Value)
			}
			np, err := Parse(n.Path)
			if err != nil {
				t.Fatalf("normalized path %q does not parse: %v", n.Path, err)
			}
			if !np.IsSingular() {
				t.Fatalf("normalized path %q is not singular", n.Path)
			}
			got := np.Query(doc)
			if len(got) != 1 || got[0].Path != n.Path || !reflect.DeepEqual(got[0].Value, n.Value) {
				t.Fatalf("normalized path %q selects %v, want its own node", n.Path, got)
			}
		}
	})
}

func FuzzIRegexp(f *testing.F) {
	for _, s := range []string{"a.c", "[^a-z\\-]+", "(ab|c){2,3}", "\\p{Lu}\\P{Nd}", "^a*$", "[-\\]]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, pattern string) {
		for _, full := range []bool{true, false} {
			re, err := compileIRegexp(pattern, full)
			if err == nil {
				re.MatchString(pattern)
				continue
			}
			// Every pattern the translator accepts must be valid RE2,
			// except where RE2 limits the size of a program.
			var se *syntax.Error
			if errors.As(err, &se) && (se.Code == syntax.ErrLarge || se.Code == syntax.ErrNestingDepth || se.Code == syntax.ErrInvalidRepeatSize) {
				continue
			}
			if !errors.Is(err, errBadIRegexp) {
				t.Fatalf("compileIRegexp(%q): translation produced invalid RE2: %v", pattern, err)
			}
		}
	})
}
