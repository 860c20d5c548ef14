package jsonvalue

import (
	"encoding/json"
	"math"
	"testing"
)

func TestText(t *testing.T) {
	tests := []struct {
		name string
		in   any
		want string
	}{
		{"string kept", "a b", "a b"},
		{"null", nil, "null"},
		{"true", true, "true"},
		{"int64", int64(200), "200"},
		{"float integral", 200.0, "200"},
		{"float fraction", 1.5, "1.5"},
		{"json number kept verbatim", json.Number("12345678901234567890"), "12345678901234567890"},
		{"large float", 1e21, "1e+21"},
		{"array", []any{int64(1), "a"}, `[1,"a"]`},
		{"object sorted, no html escape", map[string]any{"b": "<x>", "a": nil}, `{"a":null,"b":"<x>"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.in); got != tt.want {
				t.Errorf("Text(%#v) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestEqual(t *testing.T) {
	tests := []struct {
		name string
		a, b any
		want bool
	}{
		{"int and float", int64(1), 1.0, true},
		{"json number and int", json.Number("2"), 2, true},
		{"string vs number", "1", 1.0, false},
		{"null vs null", nil, nil, true},
		{"null vs false", nil, false, false},
		{"arrays", []any{1.0, "a"}, []any{int64(1), "a"}, true},
		{"arrays differ in length", []any{1.0}, []any{1.0, 2.0}, false},
		{"objects unordered", map[string]any{"a": 1.0, "b": true}, map[string]any{"b": true, "a": int64(1)}, true},
		{"objects differ", map[string]any{"a": 1.0}, map[string]any{"b": 1.0}, false},
		{"invalid go value", struct{}{}, struct{}{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Equal(tt.a, tt.b); got != tt.want {
				t.Errorf("Equal(%#v, %#v) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func TestIsNumberLiteral(t *testing.T) {
	for s, want := range map[string]bool{
		"0": true, "-0": true, "12": true, "1.5": true, "1e3": true, "1E-3": true, "-1.25e+10": true,
		"": false, "-": false, "01": false, "+1": false, "1.": false, ".5": false, "0x10": false,
		"1e": false, "NaN": false, "Infinity": false, "1 ": false,
	} {
		if got := IsNumberLiteral(s); got != want {
			t.Errorf("IsNumberLiteral(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestNormalize(t *testing.T) {
	in := map[string]any{"tags": []string{"a", "b"}, "n": uint8(3), "plain": "x"}
	got, err := Normalize(in)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"tags": []any{"a", "b"}, "n": json.Number("3"), "plain": "x"}
	if !Equal(got, want) {
		t.Fatalf("Normalize = %#v, want %#v", got, want)
	}
	plain := map[string]any{"a": []any{1.0}}
	if got, _ := Normalize(plain); !Equal(got, plain) {
		t.Fatalf("plain value changed: %#v", got)
	}
	if _, err := Normalize(map[string]any{"f": math.Inf(1)}); err == nil {
		t.Fatal("Normalize accepted +Inf, want an error")
	}
}

func TestDecode(t *testing.T) {
	v, err := Decode([]byte(`{"id": 12345678901234567890}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := Text(v.(map[string]any)["id"]); got != "12345678901234567890" {
		t.Fatalf("big integer changed to %s", got)
	}
	if _, err := Decode([]byte(`{} {}`)); err == nil {
		t.Fatal("Decode accepted trailing data")
	}
	if _, err := Decode([]byte(`{`)); err == nil {
		t.Fatal("Decode accepted a truncated document")
	}
}
