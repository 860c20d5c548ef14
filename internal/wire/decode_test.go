package wire

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDecodeBody(t *testing.T) {
	tests := []struct {
		name string
		ct   string
		data string
		want any
	}{
		{"json object", "application/json", `{"id": 12345678901234567890, "ok": true, "tags": ["a"]}`,
			map[string]any{"id": json.Number("12345678901234567890"), "ok": true, "tags": []any{"a"}}},
		{"json null", "application/json", `null`, nil},
		{"json string", "application/json", `"x"`, "x"},
		{"json with surrounding whitespace", "application/json", " \n[1] \n", []any{json.Number("1")}},
		{"json with charset", "application/json; charset=utf-8", `{"a":"é"}`, map[string]any{"a": "é"}},
		{"json latin-1 charset", "application/json; charset=iso-8859-1", "{\"a\":\"caf\xe9\"}", map[string]any{"a": "café"}},
		{"json byte order mark", "application/json", "\uFEFF{}", map[string]any{}},
		{"json suffix", "application/problem+json", `{"status":404}`, map[string]any{"status": json.Number("404")}},
		{"json upper case", "Application/JSON", `1`, json.Number("1")},
		{"json malformed parameters", "application/json; charset", `2`, json.Number("2")},
		{"xml kept as string", "application/xml", `<a>1</a>`, `<a>1</a>`},
		{"xml charset not converted", "text/xml; charset=iso-8859-1", "<a>caf\xe9</a>", "<a>caf\xe9</a>"},
		{"text", "text/plain", "hello", "hello"},
		{"text latin-1 converted", "text/plain; charset=ISO-8859-1", "caf\xe9", "café"},
		{"text utf-16le converted", "text/plain; charset=utf-16le", "h\x00i\x00", "hi"},
		{"html", "text/html", "<p>x</p>", "<p>x</p>"},
		{"no content type", "", `{"a":1}`, `{"a":1}`},
		{"binary", "application/octet-stream", "\x00\xff", "\x00\xff"},
		{"json-looking text", "text/plain", `{"a":1}`, `{"a":1}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeBody(tt.ct, []byte(tt.data))
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func TestDecodeBodyErrors(t *testing.T) {
	tests := []struct {
		name string
		ct   string
		data string
		want string
	}{
		{"invalid JSON", "application/json", `{"a":}`, `invalid JSON body: invalid character '}' looking for beginning of value at offset 5`},
		{"truncated JSON", "application/json", `[1,`, `invalid JSON body: unexpected end of JSON input at offset 3`},
		{"trailing data", "application/json", `1 2`, `invalid JSON body: unexpected data after the JSON value at offset 2`},
		{"whitespace only", "application/json", "  ", `invalid JSON body: no JSON value (the text is empty or only whitespace)`},
		{"unknown charset", "text/plain; charset=x-unknown", "a", `unsupported charset "x-unknown"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeBody(tt.ct, []byte(tt.data))
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("error\n got: %s\nwant: %s", err, tt.want)
			}
		})
	}
}

func TestDecodeBodyEmpty(t *testing.T) {
	for _, ct := range []string{"application/json", "text/plain", ""} {
		v, err := DecodeBody(ct, nil)
		if !errors.Is(err, ErrNoBody) || v != nil {
			t.Errorf("DecodeBody(%q, nil) = %v, %v; want nil, ErrNoBody", ct, v, err)
		}
		if _, err := DecodeBody(ct, []byte{}); !errors.Is(err, ErrNoBody) {
			t.Errorf("DecodeBody(%q, []byte{}) error = %v, want ErrNoBody", ct, err)
		}
	}
}

// TestEncodeDecodeRoundTrip checks that what EncodeBody writes for JSON,
// DecodeBody reads back as the same value.
func TestEncodeDecodeRoundTrip(t *testing.T) {
	v := map[string]any{"n": json.Number("12345678901234567890"), "s": "é<&>", "a": []any{nil, true}}
	data, ct, err := EncodeBody("application/json", v)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeBody(ct, data)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(v, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}
