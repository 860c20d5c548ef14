package jsonvalue

import (
	"encoding/json"
	"math"
	"math/big"
	"strconv"
	"strings"
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
		{"large float", 1e21, "1e+21"},
		{"small float in plain form", 0.00001, "0.00001"},
		{"tiny float one-digit exponent", 1e-7, "1e-7"},
		{"tiny float two-digit exponent", -2.5e-12, "-2.5e-12"},
		{"negative zero", math.Copysign(0, -1), "-0"},
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

// TestTextNumber checks AMB-42 for numbers as a server spells them: a
// json.Number becomes the same text as the value written in a document,
// integers keep every digit, and other values are the nearest float64.
func TestTextNumber(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"0", "0"},
		{"-0", "-0"},
		{"42", "42"},
		{"-17", "-17"},
		{"12345678901234567890", "12345678901234567890"},
		{"123456789012345678901234567890", "123456789012345678901234567890"},
		{"10.50", "10.5"},
		{"2.0", "2"},
		{"-2.000", "-2"},
		{"0.0", "0"},
		{"-0.0", "-0"},
		{"0e5", "0"},
		{"1E3", "1000"},
		{"1e+3", "1000"},
		{"1.5e3", "1500"},
		{"25e-1", "2.5"},
		{"2500e-2", "25"},
		{"0.1", "0.1"},
		{"0.10000000000000000001", "0.1"},
		{"1e-7", "1e-7"},
		{"0.00001", "0.00001"},
		{"9007199254740993.0", "9007199254740993"},
		{"9.007199254740993e15", "9007199254740993"},
		{"900719925474099300000e-5", "9007199254740993"},
		{"999999999999999999999.0", "999999999999999999999"},
		{"1e20", "100000000000000000000"},
		{"1e21", "1e+21"},
		{"1.0e21", "1e+21"},
		{"-1.5E+300", "-1.5e+300"},
		{"1e400", "1e400"},
		{"1e99999999999999999999", "1e99999999999999999999"},
		{"1e-400", "0"},
		{"not a number", "not a number"},
		{"01", "01"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Text(json.Number(tt.in)); got != tt.want {
				t.Errorf("Text(json.Number(%q)) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestTextNumberMatchesFloat checks that a json.Number holding the value
// of a float64 gets the text of that float64, and that both are what
// encoding/json writes. (Integers of 1e21 and more written without an
// exponent are kept as written; see TestTextNumber.)
func TestTextNumberMatchesFloat(t *testing.T) {
	for _, f := range []float64{0, 1, -1, 0.5, 10.5, 1e-6, 1e-7, 123.456, 1e20, 1e21, 1.5e300, 5e-324, math.MaxFloat64} {
		js, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		if got := Text(f); got != string(js) {
			t.Errorf("Text(%v) = %q, want %q as encoding/json writes it", f, got, js)
		}
		lits := []string{string(js), strconv.FormatFloat(f, 'e', -1, 64), strconv.FormatFloat(f, 'E', -1, 64)}
		if math.Abs(f) < 1e21 {
			lits = append(lits, strconv.FormatFloat(f, 'f', -1, 64))
		}
		for _, lit := range lits {
			if got := Text(json.Number(lit)); got != string(js) {
				t.Errorf("Text(json.Number(%q)) = %q, want %q", lit, got, js)
			}
		}
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

// FuzzTextNumber checks that the canonical text of any JSON number
// literal is a number literal of the same value: exactly the same for an
// integer kept in full, the same float64 otherwise.
func FuzzTextNumber(f *testing.F) {
	for _, s := range []string{"0", "-0.0", "10.50", "1E3", "9007199254740993.0", "25e-1", "1e21", "1e400", "1e-400", "0.00001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !IsNumberLiteral(s) {
			return
		}
		got := Text(json.Number(s))
		if !IsNumberLiteral(got) {
			t.Fatalf("Text(json.Number(%q)) = %q, not a number literal", s, got)
		}
		if got == s {
			return
		}
		// big.Rat reads exponents up to about a million.
		want, okWant := new(big.Rat).SetString(s)
		have, okHave := new(big.Rat).SetString(got)
		if okWant && okHave && have.Cmp(want) == 0 {
			return
		}
		wf, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("Text(json.Number(%q)) = %q changed a value out of the float64 range", s, got)
		}
		if gf, _ := strconv.ParseFloat(got, 64); gf != wf || okWant && want.IsInt() && !strings.ContainsAny(got, "eE") {
			t.Fatalf("Text(json.Number(%q)) = %q, which is neither the same number nor its float64 %v", s, got, wf)
		}
	})
}

// TestNormalizeDepth checks that a value nested more than MaxDepth levels
// deep, such as a map that contains itself, is refused with an error
// naming the limit instead of being followed forever.
func TestNormalizeDepth(t *testing.T) {
	nest := func(levels int) any {
		var v any = "leaf"
		for i := 0; i < levels; i++ {
			if i%2 == 0 {
				v = []any{v}
			} else {
				v = map[string]any{"a": v}
			}
		}
		return v
	}
	self := map[string]any{}
	self["self"] = self
	selfList := []any{nil}
	selfList[0] = selfList
	const want = "the value is nested more than 1000 levels deep; does it contain itself?"
	tests := []struct {
		name    string
		v       any
		wantErr string
	}{
		{name: "map that contains itself", v: self, wantErr: want},
		{name: "array that contains itself", v: selfList, wantErr: want},
		{name: "nested exactly MaxDepth levels", v: nest(MaxDepth)},
		{name: "nested one level more than MaxDepth", v: nest(MaxDepth + 1), wantErr: want},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Normalize(tt.v)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.wantErr {
				t.Errorf("Normalize error %q, want %q", got, tt.wantErr)
			}
		})
	}
}
