package wire

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"strings"
	"testing"

	"github.com/arazzo-dev/arazzo/internal/jsonvalue"
)

var fuzzStyles = []string{"", "simple", "label", "matrix", "form", "spaceDelimited", "pipeDelimited", "deepObject", "bogus"}

// FuzzParams serialises random JSON values with every style and checks the
// safety properties of the output: path text never contains a delimiter
// that could leave its segment, query pairs only contain characters allowed
// in a query, header values never contain control characters, and cookie
// pairs never contain separators.
func FuzzParams(f *testing.F) {
	f.Add(`"blue"`, "color", uint8(0), true, false)
	f.Add(`["blue","black","brown"]`, "color", uint8(3), false, false)
	f.Add(`{"R":100,"G":200,"B":150}`, "color", uint8(7), true, true)
	f.Add(`{"a":"x\r\ny"}`, "X-A", uint8(1), true, false)
	f.Add(`[null,true,1.5e300,"%zz/?#"]`, "a b", uint8(4), false, true)
	f.Fuzz(func(t *testing.T, value, name string, style uint8, explode, allowReserved bool) {
		v, err := jsonvalue.Decode([]byte(value))
		if err != nil {
			return
		}
		p := Param{Name: name, Style: fuzzStyles[int(style)%len(fuzzStyles)], Explode: &explode, AllowReserved: allowReserved}
		if s, err := Path(p, v); err == nil {
			if strings.ContainsAny(s, "/?#[] \r\n") {
				t.Errorf("path text %q contains a delimiter", s)
			}
		}
		if pairs, err := Query(p, v); err == nil {
			for _, pair := range pairs {
				checkQueryPair(t, pair)
			}
		}
		if h, err := Header(p, v); err == nil {
			if err := checkFieldValue(h); err != nil {
				t.Errorf("header value %q: %v", h, err)
			}
		}
		if pairs, err := Cookie(p, v); err == nil {
			for _, pair := range pairs {
				if strings.ContainsAny(pair, "; \r\n\x00\"\\") {
					t.Errorf("cookie pair %q contains a separator", pair)
				}
			}
		}
		p.ContentType = "application/json"
		if s, err := Path(p, v); err == nil && strings.ContainsAny(s, "/?#") {
			t.Errorf("content path text %q contains a delimiter", s)
		}
	})
}

// checkQueryPair fails unless pair is name=value made of characters that
// RFC 3986 allows in a query, with "&" never appearing.
func checkQueryPair(t *testing.T, pair string) {
	t.Helper()
	if strings.Count(pair, "&") > 0 || !strings.Contains(pair, "=") {
		t.Errorf("query pair %q is not a single name=value", pair)
	}
	for i := 0; i < len(pair); i++ {
		c := pair[i]
		switch {
		case isUnreserved(c), isReservedInQuery(c), c == '=':
		case c == '%':
			if i+2 >= len(pair) || !isHex(pair[i+1]) || !isHex(pair[i+2]) {
				t.Errorf("query pair %q has a bad percent-encoding at %d", pair, i)
			}
		default:
			t.Errorf("query pair %q contains %q at %d", pair, c, i)
		}
	}
}

var fuzzMediaTypes = []string{
	"application/json",
	"application/xml",
	"application/x-www-form-urlencoded",
	"multipart/form-data",
	"text/plain",
	"text/plain; charset=iso-8859-1",
	"application/octet-stream",
	"application/yaml",
}

// FuzzEncodeBody encodes random JSON values with every media type family
// and checks that successful output is well formed for its type.
func FuzzEncodeBody(f *testing.F) {
	f.Add(`{"a":1,"b":[true,null],"c":{"d":"e"}}`, uint8(3), "form")
	f.Add(`"<a>x</a>"`, uint8(1), "")
	f.Add(`{"q":"a b+c"}`, uint8(2), "deepObject")
	f.Add(`"{\"x\":1}"`, uint8(0), "")
	f.Fuzz(func(t *testing.T, value string, mt uint8, style string) {
		v, err := jsonvalue.Decode([]byte(value))
		if err != nil {
			return
		}
		media := fuzzMediaTypes[int(mt)%len(fuzzMediaTypes)]
		enc := map[string]Encoding{}
		if obj, ok := v.(map[string]any); ok {
			for k := range obj {
				enc[k] = Encoding{Style: style}
			}
		}
		data, ct, err := EncodeBody(media, v, Encodings(enc), Boundary("fuzz"))
		if err != nil {
			return
		}
		switch {
		case IsJSON(media):
			if _, err := jsonvalue.Decode(data); err != nil {
				t.Errorf("JSON output %q does not parse: %v", data, err)
			}
		case IsXML(media):
			if err := checkXML(data); err != nil {
				t.Errorf("XML output %q: %v", data, err)
			}
		case IsMultipart(media):
			_, params, err := mime.ParseMediaType(ct)
			if err != nil {
				t.Fatalf("content type %q: %v", ct, err)
			}
			r := multipart.NewReader(bytes.NewReader(data), params["boundary"])
			for {
				p, err := r.NextPart()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatalf("multipart output %q does not parse: %v", data, err)
				}
				if _, err := io.ReadAll(p); err != nil {
					t.Fatal(err)
				}
			}
		case IsForm(media):
			if _, ok := v.(string); !ok && bytes.ContainsAny(data, " \r\n#") {
				t.Errorf("form output %q contains unencoded characters", data)
			}
		}
	})
}

// FuzzDecodeBody checks that DecodeBody never panics and that JSON results
// are plain values.
func FuzzDecodeBody(f *testing.F) {
	f.Add("application/json", []byte(`{"a":[1,2.5,"x"]}`))
	f.Add("text/plain; charset=utf-16", []byte("\xff\xfeh\x00"))
	f.Add("application/xml", []byte("<a/>"))
	f.Add("application/json; charset=\"", []byte("\uFEFF1"))
	f.Fuzz(func(t *testing.T, ct string, data []byte) {
		v, err := DecodeBody(ct, data)
		if err != nil {
			return
		}
		if jsonvalue.KindOf(v) == jsonvalue.Invalid {
			t.Errorf("DecodeBody returned %T", v)
		}
	})
}

// FuzzReplaceXML replaces random XPath targets in random documents and
// checks that every result is still a well-formed document.
func FuzzReplaceXML(f *testing.F) {
	f.Add(petXML, "/pet/name", "A & B")
	f.Add(`<a x="1"><b/><b>t</b></a>`, "//@x", "\"'<>")
	f.Add(`<a><b/><b>t</b></a>`, "//*", "]]>")
	f.Add(`<?xml version="1.0"?><!DOCTYPE a><a><![CDATA[x]]><!--c--><?p i?></a>`, "/a/text()", "v")
	f.Fuzz(func(t *testing.T, doc, expr, value string) {
		out, err := ReplaceXML(doc, expr, value)
		if err != nil {
			return
		}
		if err := checkXML([]byte(out)); err != nil {
			t.Errorf("result %q is not well-formed: %v", out, err)
		}
	})
}

// FuzzExpandPath checks that ExpandPath never panics and that a successful
// expansion leaves no braces behind when values have none.
func FuzzExpandPath(f *testing.F) {
	f.Add("/pets/{petId}/toys/{toy}", "petId", "toy")
	f.Add("/{a}{b}", "a", "b")
	f.Add("/{", "x", "y")
	f.Fuzz(func(t *testing.T, template, a, b string) {
		got, err := ExpandPath(template, map[string]string{a: "1", b: "2"})
		if err != nil {
			return
		}
		if strings.ContainsAny(got, "{}") {
			t.Errorf("ExpandPath(%q) = %q still has braces", template, got)
		}
	})
}
