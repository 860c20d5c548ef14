package wire

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The values of the OpenAPI 3.1.1 "Style Examples" table.
var (
	colorEmpty  = ""
	colorString = "blue"
	colorArray  = []any{"blue", "black", "brown"}
	colorObject = map[string]any{"R": int64(100), "G": int64(200), "B": int64(150)}
)

// render serialises v for the location the style belongs to and returns
// the text the OpenAPI table shows: the path text, or the query string
// without its "?".
func render(style string, explode bool, v any) (string, error) {
	p := Param{Name: "color", Style: style, Explode: new(explode)}
	switch style {
	case "matrix", "label", "simple":
		return Path(p, v)
	}
	pairs, err := Query(p, v)
	return strings.Join(pairs, "&"), err
}

// TestStyleExamplesTable reproduces every row of the OpenAPI 3.1.1 table
// (Parameter Object, "Style Examples") that the specification defines,
// cell by cell. The spec column holds the table's text verbatim (without
// the "?" it puts before query strings). Objects are serialised in sorted
// key order (B, G, R) where the table lists R, G, B, so object cells are
// compared with the sorted form, and the test checks that the sorted form
// is a rearrangement of the table's text.
func TestStyleExamplesTable(t *testing.T) {
	const na = "n/a"
	rows := []struct {
		style                     string
		explode                   bool
		empty, str, array, object string // as in the table
		sorted                    string // object cell with members in sorted key order
	}{
		{"matrix", false, ";color", ";color=blue", ";color=blue,black,brown", ";color=R,100,G,200,B,150", ";color=B,150,G,200,R,100"},
		{"matrix", true, ";color", ";color=blue", ";color=blue;color=black;color=brown", ";R=100;G=200;B=150", ";B=150;G=200;R=100"},
		{"label", false, ".", ".blue", ".blue,black,brown", ".R,100,G,200,B,150", ".B,150,G,200,R,100"},
		{"label", true, ".", ".blue", ".blue.black.brown", ".R=100.G=200.B=150", ".B=150.G=200.R=100"},
		{"simple", false, "", "blue", "blue,black,brown", "R,100,G,200,B,150", "B,150,G,200,R,100"},
		{"simple", true, "", "blue", "blue,black,brown", "R=100,G=200,B=150", "B=150,G=200,R=100"},
		{"form", false, "color=", "color=blue", "color=blue,black,brown", "color=R,100,G,200,B,150", "color=B,150,G,200,R,100"},
		{"form", true, "color=", "color=blue", "color=blue&color=black&color=brown", "R=100&G=200&B=150", "B=150&G=200&R=100"},
		{"spaceDelimited", false, na, na, "color=blue%20black%20brown", "color=R%20100%20G%20200%20B%20150", "color=B%20150%20G%20200%20R%20100"},
		{"pipeDelimited", false, na, na, "color=blue%7Cblack%7Cbrown", "color=R%7C100%7CG%7C200%7CB%7C150", "color=B%7C150%7CG%7C200%7CR%7C100"},
		{"deepObject", true, na, na, na, "color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150", "color%5BB%5D=150&color%5BG%5D=200&color%5BR%5D=100"},
	}
	for _, r := range rows {
		if sortBytes(r.object) != sortBytes(r.sorted) {
			t.Fatalf("%s explode=%v: %q is not a rearrangement of %q", r.style, r.explode, r.sorted, r.object)
		}
		cells := []struct {
			column, want string
			value        any
		}{
			{"empty", r.empty, colorEmpty},
			{"string", r.str, colorString},
			{"array", r.array, colorArray},
			{"object", r.sorted, colorObject},
		}
		for _, c := range cells {
			if c.want == na {
				continue
			}
			name := fmt.Sprintf("%s/explode=%v/%s", r.style, r.explode, c.column)
			t.Run(name, func(t *testing.T) {
				got, err := render(r.style, r.explode, c.value)
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				if got != c.want {
					t.Errorf("got %q, want %q", got, c.want)
				}
			})
		}
	}
}

func sortBytes(s string) string {
	b := []byte(s)
	slices.Sort(b)
	return string(b)
}

func TestPath(t *testing.T) {
	tests := []struct {
		name string
		p    Param
		v    any
		want string
	}{
		{"default style is simple", Param{Name: "id"}, "42", "42"},
		{"integer", Param{Name: "id"}, int64(42), "42"},
		{"float", Param{Name: "id"}, 1.5, "1.5"},
		{"whole float", Param{Name: "id"}, 200.0, "200"},
		{"json.Number kept as written", Param{Name: "id"}, json.Number("12345678901234567890"), "12345678901234567890"},
		{"boolean", Param{Name: "flag"}, true, "true"},
		{"null is empty", Param{Name: "id"}, nil, ""},
		{"slash is encoded", Param{Name: "id"}, "a/b", "a%2Fb"},
		{"reserved characters are encoded", Param{Name: "id"}, "?#[]@!$&'()*+,;=:", "%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%3A"},
		{"unreserved characters are kept", Param{Name: "id"}, "aZ09-._~", "aZ09-._~"},
		{"space and percent", Param{Name: "id"}, "50% off", "50%25%20off"},
		{"non-ASCII is UTF-8 encoded", Param{Name: "id"}, "café", "caf%C3%A9"},
		{"allowReserved does not apply to path", Param{Name: "id", AllowReserved: true}, "a/b", "a%2Fb"},
		{"comma inside an item is encoded", Param{Name: "id"}, []any{"a,b", "c"}, "a%2Cb,c"},
		{"empty array is undefined", Param{Name: "id"}, []any{}, ""},
		{"empty object is undefined", Param{Name: "id", Style: "label"}, map[string]any{}, ""},
		{"empty array with matrix", Param{Name: "id", Style: "matrix"}, []any{}, ""},
		{"null item is empty", Param{Name: "id"}, []any{"a", nil, "b"}, "a,,b"},
		{"mixed item kinds", Param{Name: "id"}, []any{int64(1), false, 2.5, "x"}, "1,false,2.5,x"},
		{"matrix name is encoded", Param{Name: "a b", Style: "matrix"}, "x", ";a%20b=x"},
		{"matrix explode with empty item", Param{Name: "c", Style: "matrix", Explode: new(true)}, []any{"", "x"}, ";c;c=x"},
		{"matrix explode object with empty member", Param{Name: "c", Style: "matrix", Explode: new(true)}, map[string]any{"k": ""}, ";k"},
		{"object keys are encoded", Param{Name: "c", Explode: new(true)}, map[string]any{"a b": "c/d"}, "a%20b=c%2Fd"},
		{"label string with dot", Param{Name: "c", Style: "label"}, "a.b", ".a.b"},
		{"content application/json", Param{Name: "f", ContentType: "application/json"}, map[string]any{"a": int64(1)}, "%7B%22a%22%3A1%7D"},
		{"content text/plain", Param{Name: "f", ContentType: "text/plain"}, "a b", "a%20b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Path(tt.p, tt.v)
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestQuery(t *testing.T) {
	tests := []struct {
		name string
		p    Param
		v    any
		want []string
	}{
		{"default style is form", Param{Name: "q"}, "x", []string{"q=x"}},
		{"space is %20 and plus is %2B", Param{Name: "q"}, "a b+c", []string{"q=a%20b%2Bc"}},
		{"ampersand and equals are encoded", Param{Name: "q"}, "a&b=c", []string{"q=a%26b%3Dc"}},
		{"exclamation is encoded", Param{Name: "q"}, "love!", []string{"q=love%21"}},
		{"name is encoded", Param{Name: "filter[name]"}, "x", []string{"filter%5Bname%5D=x"}},
		{"null is empty value", Param{Name: "q"}, nil, []string{"q="}},
		{"empty array is undefined", Param{Name: "q"}, []any{}, nil},
		{"empty array not exploded", Param{Name: "q", Explode: new(false)}, []any{}, nil},
		{"empty object", Param{Name: "q"}, map[string]any{}, nil},
		{"empty deepObject", Param{Name: "q", Style: "deepObject"}, map[string]any{}, nil},
		{"form explode default is true", Param{Name: "id"}, []any{int64(1), int64(2)}, []string{"id=1", "id=2"}},
		{"form non-explode keeps comma literal", Param{Name: "id", Explode: new(false)}, []any{"a,b", "c"}, []string{"id=a%2Cb,c"}},
		{"spaceDelimited explode is repeated", Param{Name: "w", Style: "spaceDelimited", Explode: new(true)}, []any{"a", "b"}, []string{"w=a", "w=b"}},
		{"pipeDelimited primitive", Param{Name: "w", Style: "pipeDelimited"}, "a|b", []string{"w=a%7Cb"}},
		{"spaceDelimited value with space", Param{Name: "w", Style: "spaceDelimited"}, []any{"a b", "c"}, []string{"w=a%20b%20c"}},
		{"deepObject explode unset", Param{Name: "c", Style: "deepObject"}, map[string]any{"R": int64(1)}, []string{"c%5BR%5D=1"}},
		{"deepObject key is encoded", Param{Name: "c", Style: "deepObject"}, map[string]any{"a b": "x"}, []string{"c%5Ba%20b%5D=x"}},
		{"deepObject null member", Param{Name: "c", Style: "deepObject"}, map[string]any{"a": nil}, []string{"c%5Ba%5D="}},
		{"allowReserved keeps reserved", Param{Name: "f", AllowReserved: true}, "x/y:z?@!$'()*,;", []string{"f=x/y:z?@!$'()*,;"}},
		{"allowReserved still encodes form delimiters", Param{Name: "f", AllowReserved: true}, "a&b=c+d", []string{"f=a%26b%3Dc%2Bd"}},
		{"allowReserved still encodes brackets and hash", Param{Name: "f", AllowReserved: true}, "[a]#", []string{"f=%5Ba%5D%23"}},
		{"allowReserved keeps percent triples", Param{Name: "f", AllowReserved: true}, "x%2By", []string{"f=x%2By"}},
		{"allowReserved encodes stray percent", Param{Name: "f", AllowReserved: true}, "100%", []string{"f=100%25"}},
		{"allowReserved encodes percent before non-hex", Param{Name: "f", AllowReserved: true}, "%zz%4", []string{"f=%25zz%254"}},
		{"allowReserved encodes caret and space", Param{Name: "f", AllowReserved: true}, "x^y z", []string{"f=x%5Ey%20z"}},
		{"appendix C formulas", Param{Name: "formulas", Explode: new(true)}, map[string]any{"a": "x+y", "b": "x/y", "c": "x^y"}, []string{"a=x%2By", "b=x%2Fy", "c=x%5Ey"}},
		{"appendix C formulas allowReserved", Param{Name: "formulas", Explode: new(true), AllowReserved: true}, map[string]any{"a": "x+y", "b": "x/y", "c": "x^y"}, []string{"a=x%2By", "b=x/y", "c=x%5Ey"}},
		{"appendix C words", Param{Name: "words", Explode: new(false)}, []any{"math", "is", "fun"}, []string{"words=math,is,fun"}},
		{"appendix C heart name", Param{Name: "❤️"}, "love!", []string{"%E2%9D%A4%EF%B8%8F=love%21"}},
		{"content application/json", Param{Name: "coordinates", ContentType: "application/json"}, map[string]any{"lat": 1.5, "long": int64(2)}, []string{"coordinates=%7B%22lat%22%3A1.5%2C%22long%22%3A2%7D"}},
		{"content ignores style", Param{Name: "c", Style: "matrix", ContentType: "text/plain"}, "a b", []string{"c=a%20b"}},
		{"content form-urlencoded", Param{Name: "filter", ContentType: "application/x-www-form-urlencoded"}, map[string]any{"a": int64(1), "b": "x y"}, []string{"filter=a%3D1%26b%3Dx%2By"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Query(tt.p, tt.v)
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func TestHeader(t *testing.T) {
	tests := []struct {
		name string
		p    Param
		v    any
		want string
	}{
		{"string kept as is", Param{Name: "X-Token"}, "a b/c%d", "a b/c%d"},
		{"array", Param{Name: "X-Ids"}, []any{int64(1), int64(2)}, "1,2"},
		{"object", Param{Name: "X-Color"}, colorObject, "B,150,G,200,R,100"},
		{"object exploded", Param{Name: "X-Color", Explode: new(true)}, colorObject, "B=150,G=200,R=100"},
		{"null is empty", Param{Name: "X-A"}, nil, ""},
		{"tab allowed", Param{Name: "X-A"}, "a\tb", "a\tb"},
		{"non-ASCII allowed", Param{Name: "X-A"}, "café", "café"},
		{"content json", Param{Name: "X-J", ContentType: "application/json"}, []any{"a"}, `["a"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Header(tt.p, tt.v)
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCookie(t *testing.T) {
	tests := []struct {
		name string
		p    Param
		v    any
		want []string
	}{
		{"string", Param{Name: "session"}, "abc123", []string{"session=abc123"}},
		{"valid cookie octets are kept", Param{Name: "s"}, "a=b/c+d%2F!#$&'()*-.:<>?@[]^_`{|}~", []string{"s=a=b/c+d%2F!#$&'()*-.:<>?@[]^_`{|}~"}},
		{"disallowed octets are encoded", Param{Name: "s"}, "a b\"c,d;e\\f", []string{"s=a%20b%22c%2Cd%3Be%5Cf"}},
		{"control and non-ASCII encoded", Param{Name: "s"}, "\r\n\x00é", []string{"s=%0D%0A%00%C3%A9"}},
		{"array exploded by default", Param{Name: "c"}, colorArray, []string{"c=blue", "c=black", "c=brown"}},
		{"array not exploded", Param{Name: "c", Explode: new(false)}, colorArray, []string{"c=blue,black,brown"}},
		{"object exploded", Param{Name: "c"}, colorObject, []string{"B=150", "G=200", "R=100"}},
		{"object not exploded", Param{Name: "c", Explode: new(false)}, colorObject, []string{"c=B,150,G,200,R,100"}},
		{"comma in item is encoded", Param{Name: "c", Explode: new(false)}, []any{"a,b"}, []string{"c=a%2Cb"}},
		{"null is empty", Param{Name: "c"}, nil, []string{"c="}},
		{"empty array", Param{Name: "c"}, []any{}, nil},
		{"content json", Param{Name: "c", ContentType: "application/json"}, map[string]any{"a": "b c"}, []string{"c={%22a%22:%22b%20c%22}"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Cookie(tt.p, tt.v)
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func TestCookieHeader(t *testing.T) {
	a, _ := Cookie(Param{Name: "session"}, "abc")
	b, _ := Cookie(Param{Name: "c"}, []any{"x", "y"})
	got := CookieHeader(append(a, b...))
	if want := "session=abc; c=x; c=y"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := CookieHeader(nil); got != "" {
		t.Errorf("CookieHeader(nil) = %q, want empty", got)
	}
}

func TestParamErrors(t *testing.T) {
	type call func(Param, any) error
	path := func(p Param, v any) error { _, err := Path(p, v); return err }
	query := func(p Param, v any) error { _, err := Query(p, v); return err }
	header := func(p Param, v any) error { _, err := Header(p, v); return err }
	cookie := func(p Param, v any) error { _, err := Cookie(p, v); return err }
	tests := []struct {
		name string
		f    call
		p    Param
		v    any
		want string
	}{
		{"query style in path", path, Param{Name: "id", Style: "form"}, "x",
			`path parameter "id": style "form" cannot be used for path parameters (allowed: simple, label, matrix)`},
		{"unknown style", query, Param{Name: "q", Style: "csv"}, "x",
			`query parameter "q": unknown style "csv" (allowed for query parameters: form, spaceDelimited, pipeDelimited, deepObject)`},
		{"matrix in header", header, Param{Name: "X-A", Style: "matrix"}, "x",
			`header parameter "X-A": style "matrix" cannot be used for header parameters (allowed: simple)`},
		{"simple in cookie", cookie, Param{Name: "c", Style: "simple"}, "x",
			`cookie parameter "c": style "simple" cannot be used for cookie parameters (allowed: form)`},
		{"nested array in form", query, Param{Name: "q"}, []any{"a", []any{"b"}},
			`query parameter "q": cannot serialise the nested array at /1 with style form; only arrays and objects of primitives can be serialised`},
		{"nested object in path", path, Param{Name: "id"}, map[string]any{"a/b": map[string]any{}},
			`path parameter "id": cannot serialise the nested object at /a~1b with style simple; only arrays and objects of primitives can be serialised`},
		{"nested object in deepObject", query, Param{Name: "c", Style: "deepObject"}, map[string]any{"a": map[string]any{"b": "c"}},
			`query parameter "c": cannot serialise the nested object at /a with style deepObject; only arrays and objects of primitives can be serialised`},
		{"deepObject array", query, Param{Name: "c", Style: "deepObject"}, []any{"a"},
			`query parameter "c": style deepObject needs an object value, got array`},
		{"deepObject primitive", query, Param{Name: "c", Style: "deepObject"}, "a",
			`query parameter "c": style deepObject needs an object value, got string`},
		{"header CR LF injection", header, Param{Name: "X-A"}, "a\r\nSet-Cookie: x=y",
			`header parameter "X-A": value contains the control character CR (0x0D) at offset 1; header values cannot contain CR, LF, NUL or other control characters`},
		{"header LF in array item", header, Param{Name: "X-A"}, []any{"a", "b\nc"},
			`header parameter "X-A": value contains the control character LF (0x0A) at offset 3; header values cannot contain CR, LF, NUL or other control characters`},
		{"header NUL", header, Param{Name: "X-A"}, "\x00",
			`header parameter "X-A": value contains the control character NUL (0x00) at offset 0; header values cannot contain CR, LF, NUL or other control characters`},
		{"header DEL", header, Param{Name: "X-A"}, "a\x7f",
			`header parameter "X-A": value contains the control character 0x7F at offset 1; header values cannot contain CR, LF, NUL or other control characters`},
		{"header CR in object key", header, Param{Name: "X-A", Explode: new(true)}, map[string]any{"k\r": "v"},
			`header parameter "X-A": value contains the control character CR (0x0D) at offset 1; header values cannot contain CR, LF, NUL or other control characters`},
		{"header content with LF", header, Param{Name: "X-A", ContentType: "text/plain"}, "a\nb",
			`header parameter "X-A": value contains the control character LF (0x0A) at offset 1; header values cannot contain CR, LF, NUL or other control characters`},
		{"path without name", path, Param{}, "x", `path parameter "": the parameter has no name`},
		{"query without name", query, Param{}, "x", `query parameter "": the parameter has no name`},
		{"header without name", header, Param{}, "x", `header parameter "": "" is not a valid header name`},
		{"header name with space", header, Param{Name: "X A"}, "x",
			`header parameter "X A": "X A" is not a valid header name`},
		{"header name with CRLF", header, Param{Name: "X\r\nB"}, "x",
			`header parameter "X\r\nB": "X\r\nB" is not a valid header name`},
		{"cookie name with semicolon", cookie, Param{Name: "a;b"}, "x",
			`cookie parameter "a;b": "a;b" is not a valid cookie name`},
		{"cookie exploded key not a token", cookie, Param{Name: "c"}, map[string]any{"a=b": "x"},
			`cookie parameter "c": member name "a=b" is not a valid cookie name`},
		{"NaN", query, Param{Name: "q"}, math.NaN(),
			`query parameter "q": NaN is not a JSON number`},
		{"infinite item", path, Param{Name: "id"}, []any{math.Inf(1)},
			`path parameter "id": member /0: +Inf is not a JSON number`},
		{"bad json.Number", query, Param{Name: "q"}, json.Number("1e"),
			`query parameter "q": "1e" is not a JSON number`},
		{"Go type", query, Param{Name: "q"}, []string{"a"},
			`query parameter "q": a value of Go type []string is not a JSON value`},
		{"file", query, Param{Name: "q"}, File{Name: "a"},
			`query parameter "q": a value of Go type wire.File is not a JSON value`},
		{"content invalid media type", query, Param{Name: "q", ContentType: "application/"}, "x",
			`query parameter "q": invalid media type "application/": mime: expected token after slash`},
		{"content JSON string not JSON", path, Param{Name: "id", ContentType: "application/json"}, "abc",
			`path parameter "id": cannot encode the value as application/json: payload string is not valid JSON: invalid character 'a' looking for beginning of value at offset 0`},
		{"content multipart", query, Param{Name: "q", ContentType: "multipart/form-data"}, map[string]any{},
			`query parameter "q": cannot encode the value as multipart/form-data: multipart content is only supported as a whole request body`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.f(tt.p, tt.v)
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("error\n got: %s\nwant: %s", err, tt.want)
			}
			var pe *ParamError
			if !errors.As(err, &pe) || pe.Unwrap() == nil {
				t.Errorf("error is %T, want *ParamError with a reason", err)
			}
		})
	}
}

func TestExpandPath(t *testing.T) {
	tests := []struct {
		name     string
		template string
		values   map[string]string
		want     string
		err      string
	}{
		{name: "no variables", template: "/pets", want: "/pets"},
		{name: "one variable", template: "/pets/{petId}", values: map[string]string{"petId": "42"}, want: "/pets/42"},
		{name: "two variables", template: "/a/{x}/b/{y}", values: map[string]string{"x": "1", "y": "2"}, want: "/a/1/b/2"},
		{name: "repeated variable", template: "/{x}/{x}", values: map[string]string{"x": "1"}, want: "/1/1"},
		{name: "values inserted verbatim", template: "/items{c}", values: map[string]string{"c": ";c=a%2Fb"}, want: "/items;c=a%2Fb"},
		{name: "variable inside segment", template: "/report.{fmt}", values: map[string]string{"fmt": "json"}, want: "/report.json"},
		{name: "missing value", template: "/pets/{petId}", values: map[string]string{}, err: `path template "/pets/{petId}": no value for {petId} at offset 6`},
		{name: "unused value", template: "/pets", values: map[string]string{"b": "1", "a": "2"}, err: `path template "/pets" has no variable {a}`},
		{name: "unclosed brace", template: "/pets/{petId", values: map[string]string{"petId": "1"}, err: `path template "/pets/{petId": unclosed "{" at offset 6`},
		{name: "nested brace", template: "/{a{b}}", err: `path template "/{a{b}}": unclosed "{" at offset 1`},
		{name: "stray closing brace", template: "/a}", err: `path template "/a}": unexpected "}" at offset 2`},
		{name: "empty name", template: "/{}", err: `path template "/{}": empty variable name at offset 1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ExpandPath(tt.template, tt.values)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestPathThenExpand checks the two steps together on values that would
// otherwise escape their segment.
func TestPathThenExpand(t *testing.T) {
	v, err := Path(Param{Name: "id"}, "../admin?x=1#f")
	if err != nil {
		t.Fatal(err)
	}
	got, err := ExpandPath("/users/{id}/profile", map[string]string{"id": v})
	if err != nil {
		t.Fatal(err)
	}
	if want := "/users/..%2Fadmin%3Fx%3D1%23f/profile"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
