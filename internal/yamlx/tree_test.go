package yamlx

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// treesAgree decodes src with Decode and DecodeTree and fails t unless
// both give the same problems or answer every question about the document
// alike: kinds, values, sizes, ranges, key ranges, positions inside
// strings, and what every pointer names.
func treesAgree(t *testing.T, src []byte, lim Limits) {
	t.Helper()
	f, ferrs := Decode(src, lim)
	tree, terrs := DecodeTree(src, lim)
	if diff := cmp.Diff(errorStrings(ferrs), errorStrings(terrs)); diff != "" {
		t.Fatalf("problems of %q differ (-Decode +DecodeTree):\n%s", src, diff)
	}
	if f == nil || tree == nil {
		if (f == nil) != (tree == nil) {
			t.Fatalf("%q: Decode returned %v, DecodeTree %v", src, f != nil, tree != nil)
		}
		return
	}
	if f.JSON != tree.JSON {
		t.Fatalf("%q: JSON is %v for Decode, %v for DecodeTree", src, f.JSON, tree.JSON)
	}
	if diff := cmp.Diff(f.Root.Value, tree.Root().Plain()); diff != "" {
		t.Fatalf("values of %q differ (-Decode +DecodeTree):\n%s", src, diff)
	}
	budget := 2000 // keep alias-heavy inputs linear
	var walk func(n *Node, v Value, pointer string)
	walk = func(n *Node, v Value, pointer string) {
		if budget--; budget < 0 {
			return
		}
		at := fmt.Sprintf("%q at %q", src, pointer)
		if n.Kind != v.Kind() || n.Size() != v.Size() || n.Range != v.Range() {
			t.Fatalf("%s: Decode has %v of size %d at %+v, DecodeTree %v of size %d at %+v",
				at, n.Kind, n.Size(), n.Range, v.Kind(), v.Size(), v.Range())
		}
		if got, _, ok := f.Root.Find(pointer); !ok || got.Range != n.Range {
			t.Fatalf("%s: Decode's Find disagrees with the walk", at)
		}
		found, via, ok := tree.Root().Find(pointer)
		if !ok || found.Range() != n.Range {
			t.Fatalf("%s: DecodeTree's Find gives %v, %+v", at, ok, found)
		}
		if _, field, _ := f.Root.Find(pointer); (field != nil) != via.IsValid() || field != nil && field.KeyRange != via.KeyRange() {
			t.Fatalf("%s: the member found differs", at)
		}
		switch n.Kind {
		case Array:
			if len(n.Items) != v.Len() {
				t.Fatalf("%s: %d items, %d in the tree", at, len(n.Items), v.Len())
			}
			for i, it := range n.Items {
				walk(it, v.Item(i), pointer+"/"+strconv.Itoa(i))
			}
			return
		case Object:
			if len(n.Fields) != v.Len() {
				t.Fatalf("%s: %d members, %d in the tree", at, len(n.Fields), v.Len())
			}
			for i, fl := range n.Fields {
				m := v.Member(i)
				if fl.Key != m.Key() || fl.KeyRange != m.KeyRange() {
					t.Fatalf("%s: member %q at %+v, in the tree %q at %+v", at, fl.Key, fl.KeyRange, m.Key(), m.KeyRange())
				}
				if got, ok := v.Lookup(fl.Key); !ok || got.Value().Range() != n.Field(fl.Key).Value.Range {
					t.Fatalf("%s: Lookup(%q) disagrees with Field", at, fl.Key)
				}
				walk(fl.Value, m.Value(), pointer+"/"+strings.ReplaceAll(strings.ReplaceAll(fl.Key, "~", "~0"), "/", "~1"))
			}
			return
		}
		if diff := cmp.Diff(n.Value, v.Scalar()); diff != "" {
			t.Fatalf("%s: scalars differ (-Decode +DecodeTree):\n%s", at, diff)
		}
		s, _ := n.Value.(string)
		if s != v.Str() {
			t.Fatalf("%s: Str() = %q, want %q", at, v.Str(), s)
		}
		step := 1 + len(s)/16
		for i := -1; i <= len(s)+1; i += step {
			if want, got := f.StringPos(n, i), v.StringPos(i); want != got {
				t.Fatalf("%s: StringPos(%d) = %+v, want %+v", at, i, got, want)
			}
		}
	}
	walk(f.Root, tree.Root(), "")
}

// FuzzTreeAgrees checks that DecodeTree answers every question about a
// document as Decode does, whichever reader reads it: the block reader,
// the JSON reader or the YAML parser.
func FuzzTreeAgrees(f *testing.F) {
	for _, tt := range blockCases {
		f.Add([]byte(tt.in))
	}
	for _, s := range []string{
		"{\"a\": [1, 2.5, \"x\\u00e9\", true, null], \"b\": {}, \"c\": []}",
		"a: &x [1, *x]\n",
		"a: &x {b: [1, 2]}\nc: *x\nd: &y s\ne: *y\n",
		"&k key: *k",
		"---",
		"? &0",
		"a: !!str 12\nb: !!float 1\nc: [!!int \"3\"]\n",
		"a: 1\r\nb: [x,\r\n  y]\r\n",
	} {
		f.Add([]byte(s))
	}
	paths, _ := filepath.Glob("testdata/*.yml")
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		treesAgree(t, src, Limits{MaxDepth: 64, MaxAliasNodes: 1000})
	})
}

// TestTreeAgreesOnDocuments runs the real documents of testdata and the
// seeds of FuzzTreeAgrees through treesAgree.
func TestTreeAgreesOnDocuments(t *testing.T) {
	paths, err := filepath.Glob("testdata/*.yml")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no documents: %v", err)
	}
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		treesAgree(t, src, Limits{})
	}
}

func TestTreeScalars(t *testing.T) {
	const src = "s: text\nq: 'it''s'\ni: -12\nf: 2.5\nbig: 9223372036854775808\nt: true\nn: ~\ne:\nl: |\n  x\n"
	tree, errs := DecodeTree([]byte(src), Limits{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	type answers struct {
		Kind   Kind
		Str    string
		Bool   bool
		Int    int64
		IsInt  bool
		Float  float64
		IsFlt  bool
		Scalar any
		Len    int
		Size   int
	}
	tests := []struct {
		key  string
		want answers
	}{
		{"s", answers{Kind: String, Str: "text", Scalar: "text", Size: 1}},
		{"q", answers{Kind: String, Str: "it's", Scalar: "it's", Size: 1}},
		{"i", answers{Kind: Number, Int: -12, IsInt: true, Scalar: int64(-12), Size: 1}},
		{"f", answers{Kind: Number, Float: 2.5, IsFlt: true, Scalar: 2.5, Size: 1}},
		{"big", answers{Kind: Number, Float: 9223372036854775808, IsFlt: true, Scalar: 9223372036854775808.0, Size: 1}},
		{"t", answers{Kind: Bool, Bool: true, Scalar: true, Size: 1}},
		{"n", answers{Kind: Null, Size: 1}},
		{"e", answers{Kind: Null, Size: 1}},
		{"l", answers{Kind: String, Str: "x\n", Scalar: "x\n", Size: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			v := tree.Root().Get(tt.key)
			got := answers{Kind: v.Kind(), Str: v.Str(), Bool: v.Bool(), Scalar: v.Scalar(), Len: v.Len(), Size: v.Size()}
			got.Int, got.IsInt = v.Int()
			got.Float, got.IsFlt = v.Float()
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("answers mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTreeCollections(t *testing.T) {
	tree, errs := DecodeTree([]byte(`{"a": [10, {"b": null}], "a/b": 1, "m~n": 2, "": 3}`), Limits{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	root := tree.Root()
	if root.Len() != 4 || root.Size() != 8 {
		t.Errorf("root has %d members and %d values, want 4 and 8", root.Len(), root.Size())
	}
	var keys []string
	for i := range root.Len() {
		keys = append(keys, root.Member(i).Key())
	}
	if diff := cmp.Diff([]string{"a", "a/b", "m~n", ""}, keys); diff != "" {
		t.Errorf("keys mismatch (-want +got):\n%s", diff)
	}
	a := root.Get("a")
	if a.Kind() != Array || a.Len() != 2 || a.Item(0).Scalar() != int64(10) || a.Item(1).Get("b").Kind() != Null {
		t.Errorf("a = %v", a.Plain())
	}
	if _, ok := root.Lookup("missing"); ok {
		t.Error("Lookup found a missing key")
	}
	if _, ok := a.Lookup("0"); ok {
		t.Error("Lookup found a member of an array")
	}
	tests := []struct {
		pointer string
		want    any // nil when not found
		key     string
	}{
		{"/a/0", int64(10), ""},
		{"/a/1/b", nil, "b"},
		{"/a~1b", int64(1), "a/b"},
		{"/m~0n", int64(2), "m~n"},
		{"/", int64(3), ""},
		{"/a/01", "none", ""},
		{"/a/2", "none", ""},
		{"/a~", "none", ""},
		{"a", "none", ""},
		{"/a/0/x", "none", ""},
	}
	for _, tt := range tests {
		t.Run(tt.pointer, func(t *testing.T) {
			v, m, ok := root.Find(tt.pointer)
			if tt.want == "none" {
				if ok {
					t.Errorf("Find(%q) = %v, want nothing", tt.pointer, v.Plain())
				}
				return
			}
			if !ok || v.Scalar() != tt.want {
				t.Fatalf("Find(%q) = %v, %v; want %v", tt.pointer, v.Scalar(), ok, tt.want)
			}
			key := ""
			if m.IsValid() {
				key = m.Key()
			}
			if key != tt.key {
				t.Errorf("Find(%q) came through member %q, want %q", tt.pointer, key, tt.key)
			}
		})
	}
}

// TestTreeKeepsParserPositions checks that a tree read by the YAML parser
// keeps the parser's positions where offsets alone would give others: the
// end of an input without a final line break is on a line of its own.
func TestTreeKeepsParserPositions(t *testing.T) {
	tree, errs := DecodeTree([]byte("---"), Limits{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	want := Range{Start: Pos{Line: 2, Column: 1, Offset: 3}, End: Pos{Line: 2, Column: 1, Offset: 3}}
	if got := tree.Root().Range(); got != want {
		t.Errorf("Range() = %+v, want %+v", got, want)
	}
	if got := tree.Pos(3); got == want.Start {
		t.Errorf("Pos(3) = %+v, which the test expects to differ from the parser's", got)
	}
}

// TestTreePlainSharesAliases checks that what an alias repeats is built
// once by Plain, and that each call builds a new value.
func TestTreePlainSharesAliases(t *testing.T) {
	tree, errs := DecodeTree([]byte("a: &x {b: [1]}\nc: *x\n"), Limits{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	one := tree.Root().Plain().(map[string]any)
	if reflect.ValueOf(one["a"]).Pointer() != reflect.ValueOf(one["c"]).Pointer() {
		t.Error("the anchored value and its alias were built twice")
	}
	two := tree.Root().Plain().(map[string]any)
	if reflect.ValueOf(one["a"]).Pointer() == reflect.ValueOf(two["a"]).Pointer() {
		t.Error("two calls of Plain share a value")
	}
	if diff := cmp.Diff(one, two); diff != "" {
		t.Errorf("two calls of Plain differ (-first +second):\n%s", diff)
	}
}

func TestZeroValue(t *testing.T) {
	var v Value
	_, isInt := v.Int()
	_, isFloat := v.Float()
	_, found := v.Lookup("a")
	var m Member
	if v.IsValid() || v.Kind() != 0 || v.Len() != 0 || v.Str() != "" || v.Bool() || isInt || isFloat ||
		v.Scalar() != nil || found || v.Get("a").IsValid() || m.IsValid() {
		t.Error("the zero Value or Member is not empty")
	}
}

func TestTreeNumbersKeepTheirType(t *testing.T) {
	tree, errs := DecodeTree([]byte("[1, 1.0, -0.0, 0x10, 1e3]"), Limits{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	want := []any{int64(1), 1.0, math.Copysign(0, -1), int64(16), 1000.0}
	if diff := cmp.Diff(want, tree.Root().Plain()); diff != "" {
		t.Errorf("values mismatch (-want +got):\n%s", diff)
	}
}
