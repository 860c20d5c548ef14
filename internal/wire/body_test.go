package wire

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"math"
	"mime"
	"mime/multipart"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func TestEncodeBody(t *testing.T) {
	tests := []struct {
		name   string
		mt     string
		v      any
		opts   []BodyOption
		want   string
		wantCT string // defaults to mt
	}{
		// JSON (BIND-07).
		{name: "json object sorted", mt: "application/json", v: map[string]any{"b": int64(1), "a": []any{true, nil, "x"}}, want: `{"a":[true,null,"x"],"b":1}`},
		{name: "json string value", mt: "application/json", v: map[string]any{"s": "<&>"}, want: `{"s":"<&>"}`},
		{name: "json number kept", mt: "application/json", v: []any{json.Number("12345678901234567890"), 1.5, int64(-3)}, want: `[12345678901234567890,1.5,-3]`},
		{name: "json null", mt: "application/json", v: nil, want: `null`},
		{name: "json templated string sent verbatim", mt: "application/json", v: "{\n  \"petId\": \"42\", \"n\": 1\n}", want: "{\n  \"petId\": \"42\", \"n\": 1\n}"},
		{name: "json string holding a JSON string", mt: "application/json", v: `"text"`, want: `"text"`},
		{name: "json suffix type", mt: "application/merge-patch+json", v: map[string]any{"a": nil}, want: `{"a":null}`},
		{name: "json with charset", mt: "application/json; charset=utf-8", v: map[string]any{"a": "é"}, want: `{"a":"é"}`},
		// XML.
		{name: "xml string verbatim", mt: "application/xml", v: "<?xml version=\"1.0\"?>\n<pet id='1'><name>Tom</name></pet>\n", want: "<?xml version=\"1.0\"?>\n<pet id='1'><name>Tom</name></pet>\n"},
		{name: "text/xml", mt: "text/xml", v: "<a/>", want: "<a/>"},
		{name: "xml suffix type", mt: "application/atom+xml", v: "<feed/>", want: "<feed/>"},
		{name: "xml file", mt: "application/xml", v: File{Data: []byte("<a>1</a>")}, want: "<a>1</a>"},
		// Form (BODY-05, BODY-06).
		{name: "form object", mt: "application/x-www-form-urlencoded", v: map[string]any{"name": "Tom Cat", "age": int64(3), "ok": true}, want: "age=3&name=Tom+Cat&ok=true"},
		{name: "form plus and reserved", mt: "application/x-www-form-urlencoded", v: map[string]any{"q": "a+b&c=d/é~*"}, want: "q=a%2Bb%26c%3Dd%2F%C3%A9~%2A"},
		{name: "form key encoded", mt: "application/x-www-form-urlencoded", v: map[string]any{"a b&": "x"}, want: "a+b%26=x"},
		{name: "form null is empty", mt: "application/x-www-form-urlencoded", v: map[string]any{"a": nil}, want: "a="},
		{name: "form empty object", mt: "application/x-www-form-urlencoded", v: map[string]any{}, want: ""},
		{name: "form array repeats key", mt: "application/x-www-form-urlencoded", v: map[string]any{"id": []any{int64(1), "a b"}}, want: "id=1&id=a+b"},
		{name: "form empty array", mt: "application/x-www-form-urlencoded", v: map[string]any{"id": []any{}, "x": "1"}, want: "x=1"},
		{name: "form array explode false", mt: "application/x-www-form-urlencoded", v: map[string]any{"id": []any{"a b", "c"}},
			opts: []BodyOption{Encodings(map[string]Encoding{"id": {Explode: new(false)}})}, want: "id=a%20b,c"},
		{name: "form array pipeDelimited", mt: "application/x-www-form-urlencoded", v: map[string]any{"id": []any{"a", "b"}},
			opts: []BodyOption{Encodings(map[string]Encoding{"id": {Style: "pipeDelimited"}})}, want: "id=a%7Cb"},
		{name: "form deepObject", mt: "application/x-www-form-urlencoded", v: map[string]any{"color": map[string]any{"R": int64(100), "G": int64(200)}},
			opts: []BodyOption{Encodings(map[string]Encoding{"color": {Style: "deepObject", Explode: new(true)}})}, want: "color%5BG%5D=200&color%5BR%5D=100"},
		{name: "form object exploded", mt: "application/x-www-form-urlencoded", v: map[string]any{"color": map[string]any{"R": int64(100), "G": int64(200)}, "z": "1"},
			opts: []BodyOption{Encodings(map[string]Encoding{"color": {Style: "form", Explode: new(true)}})}, want: "G=200&R=100&z=1"},
		{name: "form allowReserved", mt: "application/x-www-form-urlencoded", v: map[string]any{"p": "a/b c"},
			opts: []BodyOption{Encodings(map[string]Encoding{"p": {AllowReserved: true}})}, want: "p=a/b%20c"},
		{name: "form member as JSON", mt: "application/x-www-form-urlencoded", v: map[string]any{"meta": map[string]any{"a": int64(1)}},
			opts: []BodyOption{Encodings(map[string]Encoding{"meta": {ContentType: "application/json"}})}, want: "meta=%7B%22a%22%3A1%7D"},
		{name: "form array members as JSON", mt: "application/x-www-form-urlencoded", v: map[string]any{"m": []any{map[string]any{}, []any{}}},
			opts: []BodyOption{Encodings(map[string]Encoding{"m": {ContentType: "application/json"}})}, want: "m=%7B%7D&m=%5B%5D"},
		{name: "form encoding for absent member", mt: "application/x-www-form-urlencoded", v: map[string]any{"a": "1"},
			opts: []BodyOption{Encodings(map[string]Encoding{"b": {Style: "deepObject"}})}, want: "a=1"},
		{name: "form pre-encoded string", mt: "application/x-www-form-urlencoded", v: "a=1&b=x+y%20z", want: "a=1&b=x+y%20z"},
		// Text.
		{name: "text string", mt: "text/plain", v: "hello\nworld", want: "hello\nworld"},
		{name: "text number", mt: "text/plain", v: 2.50, want: "2.5"},
		{name: "text null", mt: "text/plain", v: nil, want: "null"},
		{name: "text object as JSON", mt: "text/plain", v: map[string]any{"a": "<"}, want: `{"a":"<"}`},
		{name: "text csv", mt: "text/csv", v: "a,b\n1,2\n", want: "a,b\n1,2\n"},
		{name: "yaml object as JSON", mt: "application/yaml", v: map[string]any{"a": int64(1)}, want: `{"a":1}`},
		{name: "text latin-1", mt: "text/plain; charset=ISO-8859-1", v: "café", want: "caf\xe9"},
		{name: "text ascii", mt: "text/plain; charset=us-ascii", v: "cafe", want: "cafe"},
		{name: "text utf-16le", mt: "text/plain; charset=utf-16le", v: "hi", want: "h\x00i\x00"},
		// Binary and unknown.
		{name: "octet-stream string", mt: "application/octet-stream", v: "\x00\x01", want: "\x00\x01"},
		{name: "octet-stream file", mt: "application/octet-stream", v: &File{Name: "a.bin", Data: []byte{0xff, 0}}, want: "\xff\x00"},
		{name: "file skips charset", mt: "application/octet-stream; charset=us-ascii", v: File{Data: []byte{0xff}}, want: "\xff"},
		{name: "image file", mt: "image/png", v: File{Data: []byte("PNG")}, want: "PNG"},
		{name: "unknown type string", mt: "application/vnd.acme.thing", v: "raw", want: "raw"},
		{name: "unknown type number", mt: "application/vnd.acme.thing", v: int64(7), want: "7"},
		{name: "unknown type boolean", mt: "application/vnd.acme.thing", v: false, want: "false"},
		// Multipart with an explicit boundary in the media type.
		{name: "multipart pre-encoded", mt: "multipart/form-data; boundary=abc", v: "--abc\r\n\r\nx\r\n--abc--\r\n", want: "--abc\r\n\r\nx\r\n--abc--\r\n"},
		{name: "multipart boundary from media type", mt: "multipart/form-data; boundary=fixed", v: map[string]any{"a": "1"},
			opts: []BodyOption{Boundary("ignored")}, want: "--fixed\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--fixed--\r\n", wantCT: "multipart/form-data; boundary=fixed"},
		{name: "multipart empty object", mt: "multipart/form-data", v: map[string]any{}, opts: []BodyOption{Boundary("b")}, want: "\r\n--b--\r\n", wantCT: "multipart/form-data; boundary=b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ct, err := EncodeBody(tt.mt, tt.v, tt.opts...)
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if string(got) != tt.want {
				t.Errorf("body\n got: %q\nwant: %q", got, tt.want)
			}
			wantCT := tt.wantCT
			if wantCT == "" {
				wantCT = tt.mt
			}
			if ct != wantCT {
				t.Errorf("content type %q, want %q", ct, wantCT)
			}
		})
	}
}

func TestEncodeBodyErrors(t *testing.T) {
	tests := []struct {
		name string
		mt   string
		v    any
		opts []BodyOption
		want string
	}{
		{"media type without subtype", "application", "x", nil, `invalid media type "application": want type/subtype`},
		{"empty media type", "", "x", nil, `invalid media type "": mime: no media type`},
		{"json string not JSON", "application/json", "hello", nil,
			`cannot encode the payload as application/json: payload string is not valid JSON: invalid character 'h' looking for beginning of value at offset 0`},
		{"json string with HTML", "application/json", "<&>", nil,
			`cannot encode the payload as application/json: payload string is not valid JSON: invalid character '<' looking for beginning of value at offset 0`},
		{"json string truncated", "application/json", `{"a":`, nil,
			`cannot encode the payload as application/json: payload string is not valid JSON: unexpected end of JSON input at offset 5`},
		{"json string two values", "application/json", `{} {}`, nil,
			`cannot encode the payload as application/json: payload string is not valid JSON: unexpected data after the JSON value at offset 3`},
		{"json string empty", "application/json", "", nil,
			`cannot encode the payload as application/json: payload string is not valid JSON: no JSON value (the text is empty or only whitespace)`},
		{"json file", "application/json", map[string]any{"f": File{}}, nil,
			`cannot encode the payload as application/json: member /f: a file can only be sent as a multipart part or as the whole body of a binary media type`},
		{"json NaN", "application/json", []any{math.NaN()}, nil,
			`cannot encode the payload as application/json: member /0: NaN is not a JSON number`},
		{"json Go type", "application/json", map[string]any{"a~b": []int{1}}, nil,
			`cannot encode the payload as application/json: member /a~0b: a value of Go type []int is not a JSON value`},
		{"xml structured", "application/xml", map[string]any{"a": "b"}, nil,
			`cannot encode the payload as application/xml: structured payloads cannot be encoded as XML; give the XML document as a string`},
		{"xml number", "application/xml", int64(1), nil,
			`cannot encode the payload as application/xml: a number payload cannot be encoded as XML; give the XML document as a string`},
		{"xml mismatched tags", "application/xml", "<a><b></a>", nil,
			`cannot encode the payload as application/xml: payload is not well-formed XML: XML syntax error on line 1: element <b> closed by </a>`},
		{"xml unclosed", "application/xml", "<a>", nil,
			`cannot encode the payload as application/xml: payload is not well-formed XML: XML syntax error on line 1: unexpected EOF`},
		{"xml two roots", "application/xml", "<a/>\n<b/>", nil,
			`cannot encode the payload as application/xml: payload is not well-formed XML: a second root element <b> at offset 5`},
		{"xml text outside root", "application/xml", "<a/>tail", nil,
			`cannot encode the payload as application/xml: payload is not well-formed XML: text outside the root element at offset 4`},
		{"xml no root", "application/xml", "<!-- only -->", nil,
			`cannot encode the payload as application/xml: payload is not well-formed XML: no root element`},
		{"xml undefined entity", "text/xml", "<a>&nbsp;</a>", nil,
			`cannot encode the payload as text/xml: payload is not well-formed XML: XML syntax error on line 1: invalid character entity &nbsp;`},
		{"form array payload", "application/x-www-form-urlencoded", []any{"a"}, nil,
			`cannot encode the payload as application/x-www-form-urlencoded: a form payload must be an object or a pre-encoded string, got array`},
		{"form nested object (AMB-46)", "application/x-www-form-urlencoded", map[string]any{"a": map[string]any{"b": "c"}}, nil,
			`cannot encode the payload as application/x-www-form-urlencoded: field "a": cannot encode the nested object; give the field an Encoding with style deepObject or a contentType such as application/json`},
		{"form nested array in array", "application/x-www-form-urlencoded", map[string]any{"a": []any{"x", []any{}}}, nil,
			`cannot encode the payload as application/x-www-form-urlencoded: field "a": cannot encode the nested array at /1; give the field an Encoding with style deepObject or a contentType such as application/json`},
		{"form styled nested", "application/x-www-form-urlencoded", map[string]any{"a": []any{map[string]any{}}},
			[]BodyOption{Encodings(map[string]Encoding{"a": {Explode: new(true)}})},
			`cannot encode the payload as application/x-www-form-urlencoded: field "a": cannot serialise the nested object at /0 with style form; only arrays and objects of primitives can be serialised`},
		{"form bad style", "application/x-www-form-urlencoded", map[string]any{"a": "x"},
			[]BodyOption{Encodings(map[string]Encoding{"a": {Style: "matrix"}})},
			`cannot encode the payload as application/x-www-form-urlencoded: field "a": style "matrix" cannot be used for form fields (allowed: form, spaceDelimited, pipeDelimited, deepObject)`},
		{"form file", "application/x-www-form-urlencoded", map[string]any{"a": File{}}, nil,
			`cannot encode the payload as application/x-www-form-urlencoded: field "a": a value of Go type wire.File is not a JSON value`},
		{"form bad percent", "application/x-www-form-urlencoded", "a=100%", nil,
			`cannot encode the payload as application/x-www-form-urlencoded: payload string is not valid form data: invalid percent-encoding at offset 5`},
		{"form member content type invalid", "application/x-www-form-urlencoded", map[string]any{"a": "x"},
			[]BodyOption{Encodings(map[string]Encoding{"a": {ContentType: "text/"}})},
			`cannot encode the payload as application/x-www-form-urlencoded: field "a": invalid media type "text/": mime: expected token after slash`},
		{"multipart array payload", "multipart/form-data", []any{}, nil,
			`cannot encode the payload as multipart/form-data: a multipart payload must be an object or a pre-encoded string, got array`},
		{"multipart string without boundary", "multipart/form-data", "--x--", nil,
			`cannot encode the payload as multipart/form-data: a pre-encoded multipart payload needs a boundary parameter in the content type`},
		{"multipart mixed", "multipart/mixed", map[string]any{}, nil,
			`cannot encode the payload as multipart/mixed: only multipart/form-data is supported`},
		{"multipart bad boundary", "multipart/form-data", map[string]any{}, []BodyOption{Boundary("bad boundary!")},
			`cannot encode the payload as multipart/form-data: invalid boundary "bad boundary!": mime: invalid boundary character`},
		{"multipart part JSON string invalid", "multipart/form-data", map[string]any{"a": "x"},
			[]BodyOption{Encodings(map[string]Encoding{"a": {ContentType: "application/json"}})},
			`cannot encode the payload as multipart/form-data: part "a": cannot encode the value as application/json: payload string is not valid JSON: invalid character 'x' looking for beginning of value at offset 0`},
		{"multipart nested multipart", "multipart/form-data", map[string]any{"a": "x"},
			[]BodyOption{Encodings(map[string]Encoding{"a": {ContentType: "multipart/form-data"}})},
			`cannot encode the payload as multipart/form-data: part "a": cannot encode the value as multipart/form-data: multipart content is only supported as a whole request body`},
		{"multipart bad file content type", "multipart/form-data", map[string]any{"f": File{ContentType: "text/plain\r\nX: y"}}, nil,
			`cannot encode the payload as multipart/form-data: part "f": invalid file content type "text/plain\r\nX: y": mime: unexpected content after media subtype`},
		{"multipart Go type", "multipart/form-data", map[string]any{"a": struct{}{}}, nil,
			`cannot encode the payload as multipart/form-data: part "a": a value of Go type struct {} is not a JSON value`},
		{"text file in object", "text/plain", map[string]any{"f": &File{}}, nil,
			`cannot encode the payload as text/plain: member /f: a file can only be sent as a multipart part or as the whole body of a binary media type`},
		{"raw object", "application/octet-stream", map[string]any{}, nil,
			`cannot encode the payload as application/octet-stream: an object payload cannot be sent as a body of this media type; give the payload as a string`},
		{"raw null", "application/vnd.acme", nil, nil,
			`cannot encode the payload as application/vnd.acme: a null payload cannot be sent as a body of this media type; give the payload as a string`},
		{"unknown charset", "text/plain; charset=klingon", "x", nil,
			`cannot encode the payload as text/plain: unsupported charset "klingon"`},
		{"ascii charset with non-ASCII", "text/plain; charset=US-ASCII", "café", nil,
			`cannot encode the payload as text/plain: the payload is not ASCII (byte 0xC3 at offset 3) but the charset is US-ASCII`},
		{"latin-1 cannot hold snowman", "text/plain; charset=iso-8859-1", "a☃", nil,
			`cannot encode the payload as text/plain: the payload cannot be represented in charset iso-8859-1: U+2603 at offset 1`},
		{"invalid UTF-8 for charset", "text/plain; charset=iso-8859-1", "a\xff", nil,
			`cannot encode the payload as text/plain: the payload is not valid UTF-8 text and cannot be converted to charset iso-8859-1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := EncodeBody(tt.mt, tt.v, tt.opts...)
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("error\n got: %s\nwant: %s", err, tt.want)
			}
		})
	}
}

// TestEncodeBodyMultipartGolden compares multipart output, byte for byte,
// with golden files. Run with -update to rewrite them.
func TestEncodeBodyMultipartGolden(t *testing.T) {
	tests := []struct {
		name string
		v    map[string]any
		enc  map[string]Encoding
	}{
		{
			name: "fields",
			v: map[string]any{
				"name":      "Tom \"the cat\"",
				"age":       int64(3),
				"tags":      []any{"a", "b"},
				"meta":      map[string]any{"x": []any{int64(1)}},
				"empty":     nil,
				"uni":       "café\r\nline",
				"q\"uo\nte": "x",
			},
		},
		{
			name: "files",
			v: map[string]any{
				"avatar": File{Name: "me.png", ContentType: "image/png", Data: []byte("\x89PNG\r\n")},
				"doc":    &File{Name: "a\"b\r\n.txt", Data: []byte("text")},
				"blob":   File{Data: []byte{0, 1, 2}},
				"photos": []any{File{Name: "1.jpg", Data: []byte("1")}, File{Name: "2.jpg", Data: []byte("2")}},
			},
			enc: map[string]Encoding{
				"photos": {ContentType: "image/jpeg, image/png"},
				"blob":   {ContentType: "image/*"},
			},
		},
		{
			name: "encodings",
			v: map[string]any{
				"xml":  "<a>1</a>",
				"json": "{\"pre\":true}",
				"num":  int64(5),
				"list": []any{map[string]any{"a": int64(1)}, "plain"},
				"csv":  []any{"x", "y"},
			},
			enc: map[string]Encoding{
				"xml":  {ContentType: "application/xml"},
				"json": {ContentType: "application/json"},
				"num":  {ContentType: "application/json"},
				"csv":  {ContentType: "text/csv", Style: "form", Explode: new(false)},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ct, err := EncodeBody("multipart/form-data", tt.v, Encodings(tt.enc), Boundary("test-boundary"))
			if err != nil {
				t.Fatal(err)
			}
			if want := "multipart/form-data; boundary=test-boundary"; ct != want {
				t.Errorf("content type %q, want %q", ct, want)
			}
			golden := filepath.Join("testdata", "multipart", tt.name+".golden")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
			checkMultipartReadable(t, got, ct)
		})
	}
}

// checkMultipartReadable parses the body with mime/multipart, as a Go
// server would, to make sure it is well formed.
func checkMultipartReadable(t *testing.T, body []byte, ct string) {
	t.Helper()
	_, params, err := mime.ParseMediaType(ct)
	if err != nil {
		t.Fatal(err)
	}
	r := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("body does not parse as multipart: %v", err)
		}
		if p.FormName() == "" {
			t.Errorf("part without a form name: %v", p.Header)
		}
		if _, err := io.ReadAll(p); err != nil {
			t.Fatal(err)
		}
	}
}

func TestEncodeBodyRandomBoundary(t *testing.T) {
	_, ct1, err := EncodeBody("multipart/form-data", map[string]any{"a": "1"})
	if err != nil {
		t.Fatal(err)
	}
	_, ct2, err := EncodeBody("multipart/form-data", map[string]any{"a": "1"})
	if err != nil {
		t.Fatal(err)
	}
	if ct1 == ct2 {
		t.Errorf("two encodings share the boundary %q", ct1)
	}
	if !strings.HasPrefix(ct1, "multipart/form-data; boundary=") {
		t.Errorf("content type %q has no boundary", ct1)
	}
}

// TestEncodeBodyDoesNotModifyPayload checks that encoding leaves the
// payload untouched (payloads come from compiled values shared by runs).
func TestEncodeBodyDoesNotModifyPayload(t *testing.T) {
	payload := map[string]any{"a": []any{"x", int64(1)}, "b": map[string]any{"c": "d"}}
	before := clone(payload)
	for _, mt := range []string{"application/json", "text/plain", "multipart/form-data"} {
		if _, _, err := EncodeBody(mt, payload); err != nil {
			t.Fatal(err)
		}
	}
	if diff := cmp.Diff(before, payload); diff != "" {
		t.Errorf("payload changed (-before +after)\n%s", diff)
	}
}

func clone(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := map[string]any{}
		for k, e := range x {
			m[k] = clone(e)
		}
		return m
	case []any:
		a := make([]any, len(x))
		for i, e := range x {
			a[i] = clone(e)
		}
		return a
	}
	return v
}

// TestSelfReferencingPayload checks that a payload that contains itself is
// refused with an error naming the depth limit rather than followed
// forever, whichever encoder or replacement meets it.
func TestSelfReferencingPayload(t *testing.T) {
	self := map[string]any{"name": "x"}
	self["self"] = self
	const depth = "the value is nested more than 1000 levels deep; does it contain itself?"
	tests := []struct {
		name string
		run  func() error
		want string
	}{
		{name: "json body", run: func() error {
			_, _, err := EncodeBody("application/json", self)
			return err
		}, want: "cannot encode the payload as application/json: " + depth},
		{name: "text body", run: func() error {
			_, _, err := EncodeBody("text/plain", self)
			return err
		}, want: "cannot encode the payload as text/plain: " + depth},
		{name: "xml replacement value", run: func() error {
			_, err := ReplaceXML("<a/>", "/a", self)
			return err
		}, want: depth},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run()
			if err == nil || err.Error() != tt.want {
				t.Errorf("error %v, want %s", err, tt.want)
			}
		})
	}
}
