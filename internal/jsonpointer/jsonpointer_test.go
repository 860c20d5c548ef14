package jsonpointer

import (
	"errors"
	"testing"

	"github.com/arazzo-dev/arazzo/internal/jsonvalue"
	"github.com/google/go-cmp/cmp"
)

// rfcDoc is the example document of RFC 6901 section 5.
func rfcDoc() any {
	return map[string]any{
		"foo":  []any{"bar", "baz"},
		"":     int64(0),
		"a/b":  int64(1),
		"c%d":  int64(2),
		"e^f":  int64(3),
		"g|h":  int64(4),
		"i\\j": int64(5),
		"k\"l": int64(6),
		" ":    int64(7),
		"m~n":  int64(8),
	}
}

func TestGetRFC6901Examples(t *testing.T) {
	doc := rfcDoc()
	tests := []struct {
		ptr  string
		want any
	}{
		{"", doc},
		{"/foo", []any{"bar", "baz"}},
		{"/foo/0", "bar"},
		{"/", int64(0)},
		{"/a~1b", int64(1)},
		{"/c%d", int64(2)},
		{"/e^f", int64(3)},
		{"/g|h", int64(4)},
		{"/i\\j", int64(5)},
		{"/k\"l", int64(6)},
		{"/ ", int64(7)},
		{"/m~0n", int64(8)},
	}
	for _, tt := range tests {
		t.Run(tt.ptr, func(t *testing.T) {
			got, err := Get(doc, tt.ptr)
			if err != nil {
				t.Fatalf("Get(%q): %v", tt.ptr, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Get(%q) (-want +got):\n%s", tt.ptr, diff)
			}
		})
	}
}

func TestParseTokens(t *testing.T) {
	tests := []struct {
		name string
		ptr  string
		want []string
	}{
		{"empty pointer is the root", "", []string{}},
		{"single empty token", "/", []string{""}},
		{"two empty tokens", "//", []string{"", ""}},
		{"tilde zero", "/a~0b", []string{"a~b"}},
		{"tilde one", "/a~1b", []string{"a/b"}},
		{"tilde zero then one is not slash", "/~01", []string{"~1"}},
		{"tilde one then zero", "/~10", []string{"/0"}},
		{"braces and spaces are plain", "/{a} b=c", []string{"{a} b=c"}},
		{"unicode", "/héllo/日本", []string{"héllo", "日本"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse(tt.ptr)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, p.Tokens()); diff != "" {
				t.Errorf("tokens (-want +got):\n%s", diff)
			}
			if p.String() != tt.ptr {
				t.Errorf("String() = %q, want %q", p.String(), tt.ptr)
			}
			if p.Len() != len(tt.want) || p.IsRoot() != (len(tt.want) == 0) {
				t.Errorf("Len() = %d, IsRoot() = %v for %d tokens", p.Len(), p.IsRoot(), len(tt.want))
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		ptr  string
		want string
	}{
		{"no leading slash", "a/b", `json pointer "a/b": offset 0: a non-empty pointer must start with "/"`},
		{"tilde at end", "/a~", `json pointer "/a~": offset 2: "~" must be followed by "0" or "1"`},
		{"tilde two", "/a/b~2", `json pointer "/a/b~2": offset 4: "~" must be followed by "0" or "1"`},
		{"tilde slash", "/~/", `json pointer "/~/": offset 1: "~" must be followed by "0" or "1"`},
		{"fragment form is not decoded", "#/a", `json pointer "#/a": offset 0: a non-empty pointer must start with "/"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.ptr)
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q) error = %v, want *SyntaxError", tt.ptr, err)
			}
			if err.Error() != tt.want {
				t.Errorf("error:\n got %s\nwant %s", err, tt.want)
			}
		})
	}
}

func TestGetErrors(t *testing.T) {
	doc := map[string]any{
		"items": []any{map[string]any{"id": "a1"}, map[string]any{"id": "a2"}},
		"name":  "x",
		"none":  nil,
	}
	tests := []struct {
		name       string
		ptr        string
		kind       ErrorKind
		index      int
		parent     string
		want       string
		wantReason string
	}{
		{"missing member at root", "/nope", MissingMember, 0, "",
			`json pointer "/nope": no member "nope" at the root`, `no member "nope" at the root`},
		{"missing member deep", "/items/1/size", MissingMember, 2, "/items/1",
			`json pointer "/items/1/size": no member "size" at /items/1`, `no member "size" at /items/1`},
		{"index out of range", "/items/2/id", IndexOutOfRange, 1, "/items",
			`json pointer "/items/2/id": no element 2 at /items (array length 2)`, ""},
		{"index too large for int", "/items/99999999999999999999999", IndexOutOfRange, 1, "/items",
			`json pointer "/items/99999999999999999999999": no element 99999999999999999999999 at /items (array length 2)`, ""},
		{"leading zero is not an index", "/items/01", InvalidIndex, 1, "/items",
			`json pointer "/items/01": "01" is not an array index at /items`, ""},
		{"negative is not an index", "/items/-1", InvalidIndex, 1, "/items",
			`json pointer "/items/-1": "-1" is not an array index at /items`, ""},
		{"name is not an index", "/items/id", InvalidIndex, 1, "/items",
			`json pointer "/items/id": "id" is not an array index at /items`, ""},
		{"empty token is not an index", "/items/", InvalidIndex, 1, "/items",
			`json pointer "/items/": "" is not an array index at /items`, ""},
		{"dash refers past the end", "/items/-", PastEnd, 1, "/items",
			`json pointer "/items/-": "-" refers past the end of the array at /items (array length 2)`, ""},
		{"string is not a container", "/name/0", NotContainer, 1, "/name",
			`json pointer "/name/0": cannot look up "0" in a string at /name`, ""},
		{"null is not a container", "/none/x", NotContainer, 1, "/none",
			`json pointer "/none/x": cannot look up "x" in null at /none`, ""},
		{"escaped token is reported unescaped", "/a~1b", MissingMember, 0, "",
			`json pointer "/a~1b": no member "a/b" at the root`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Get(doc, tt.ptr)
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("Get(%q) error = %v, want *Error", tt.ptr, err)
			}
			if !errors.Is(err, ErrNotFound) {
				t.Errorf("errors.Is(err, ErrNotFound) = false")
			}
			if pe.Kind != tt.kind || pe.Index != tt.index || pe.Parent() != tt.parent {
				t.Errorf("Kind, Index, Parent = %v, %d, %q; want %v, %d, %q", pe.Kind, pe.Index, pe.Parent(), tt.kind, tt.index, tt.parent)
			}
			if err.Error() != tt.want {
				t.Errorf("error:\n got %s\nwant %s", err, tt.want)
			}
			if tt.wantReason != "" && pe.Reason() != tt.wantReason {
				t.Errorf("Reason() = %s, want %s", pe.Reason(), tt.wantReason)
			}
		})
	}
}

func TestGetNotContainerAtRoot(t *testing.T) {
	// AMB-39: a pointer into a string body does not resolve, even when the
	// string holds JSON text.
	_, err := Get(`{"a": 1}`, "/a")
	var pe *Error
	if !errors.As(err, &pe) || pe.Kind != NotContainer || pe.Found != jsonvalue.String {
		t.Fatalf("Get into a string: error = %#v", err)
	}
	if got, want := err.Error(), `json pointer "/a": cannot look up "a" in a string at the root`; got != want {
		t.Errorf("error:\n got %s\nwant %s", got, want)
	}
}

func TestSet(t *testing.T) {
	tests := []struct {
		name  string
		doc   any
		ptr   string
		value any
		want  any
	}{
		{"replace member", map[string]any{"a": "x"}, "/a", "y", map[string]any{"a": "y"}},
		{"add missing last member", map[string]any{"a": "x"}, "/b", "y", map[string]any{"a": "x", "b": "y"}},
		{"add nested member", map[string]any{"o": map[string]any{}}, "/o/k", true, map[string]any{"o": map[string]any{"k": true}}},
		{"replace array element", []any{"a", "b"}, "/1", "c", []any{"a", "c"}},
		{"append at root array", []any{"a"}, "/-", "b", []any{"a", "b"}},
		{"append to nested array", map[string]any{"l": []any{}}, "/l/-", int64(1), map[string]any{"l": []any{int64(1)}}},
		{"append inside array of arrays", []any{[]any{"x"}}, "/0/-", "y", []any{[]any{"x", "y"}}},
		{"replace root", map[string]any{"a": 1}, "", "whole", "whole"},
		{"escaped member name", map[string]any{}, "/a~1b", "v", map[string]any{"a/b": "v"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Set(tt.doc, tt.ptr, tt.value)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Set (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSetErrors(t *testing.T) {
	tests := []struct {
		name string
		doc  any
		ptr  string
		want string
	}{
		{"missing parent (AMB-45)", map[string]any{}, "/a/b",
			`json pointer "/a/b": no member "a" at the root`},
		{"index out of range", []any{"a"}, "/1",
			`json pointer "/1": no element 1 at the root (array length 1)`},
		{"dash before the last token", map[string]any{"l": []any{}}, "/l/-/x",
			`json pointer "/l/-/x": "-" refers past the end of the array at /l (array length 0)`},
		{"not an index", []any{"a"}, "/x",
			`json pointer "/x": "x" is not an array index at the root`},
		{"parent is a scalar", map[string]any{"s": "str"}, "/s/x",
			`json pointer "/s/x": cannot look up "x" in a string at /s`},
		{"root is a scalar", int64(3), "/x",
			`json pointer "/x": cannot look up "x" in a number at the root`},
		{"bad escape", map[string]any{}, "/~x",
			`json pointer "/~x": offset 1: "~" must be followed by "0" or "1"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Set(tt.doc, tt.ptr, "v")
			if err == nil {
				t.Fatalf("Set(%q) = %v, want error", tt.ptr, got)
			}
			if err.Error() != tt.want {
				t.Errorf("error:\n got %s\nwant %s", err, tt.want)
			}
		})
	}
}

func TestEscapeAndFromTokens(t *testing.T) {
	tests := []struct {
		tokens []string
		want   string
	}{
		{nil, ""},
		{[]string{""}, "/"},
		{[]string{"a/b", "m~n", "0"}, "/a~1b/m~0n/0"},
		{[]string{"~1"}, "/~01"},
	}
	for _, tt := range tests {
		p := FromTokens(tt.tokens...)
		if p.String() != tt.want {
			t.Errorf("FromTokens(%q) = %q, want %q", tt.tokens, p.String(), tt.want)
		}
		q, err := Parse(p.String())
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(p.Tokens(), q.Tokens()); diff != "" {
			t.Errorf("round trip of %q (-want +got):\n%s", tt.want, diff)
		}
	}
	if got := Escape("plain"); got != "plain" {
		t.Errorf("Escape(plain) = %q", got)
	}
}

func TestFromTokensErrorParent(t *testing.T) {
	_, err := FromTokens("a/b", "c").Get(map[string]any{"a/b": map[string]any{}})
	var pe *Error
	if !errors.As(err, &pe) || pe.Parent() != "/a~1b" {
		t.Fatalf("error = %v, want parent /a~1b", err)
	}
}

func TestGetDoesNotAllocate(t *testing.T) {
	doc := map[string]any{"items": []any{map[string]any{"id": "a1"}}}
	p := MustParse("/items/0/id")
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := p.Get(doc); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("Get allocates %v times per call, want 0", allocs)
	}
}

func BenchmarkGet(b *testing.B) {
	doc := map[string]any{"items": []any{map[string]any{"id": "a1"}}}
	p := MustParse("/items/0/id")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Get(doc); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"", "/", "/a~0b/c~1d", "/~", "a", "/items/0/id", "/~2"} {
		f.Add(s)
	}
	doc := map[string]any{"a": []any{"x", map[string]any{"~/": nil}}}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := Parse(s)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) || se.Offset < 0 || se.Offset >= len(s) && s != "" {
				t.Fatalf("Parse(%q): bad error %#v", s, err)
			}
			return
		}
		q := FromTokens(p.Tokens()...)
		if diff := cmp.Diff(p.Tokens(), q.Tokens()); diff != "" {
			t.Fatalf("round trip of %q (-want +got):\n%s", s, diff)
		}
		if _, err := p.Get(doc); err != nil && !errors.Is(err, ErrNotFound) {
			t.Fatalf("Get(%q): %v", s, err)
		}
	})
}
