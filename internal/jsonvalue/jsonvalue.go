package jsonvalue

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
)

// Kind classifies a JSON value.
type Kind int

// The kinds of JSON value. Invalid is a Go value that is not a JSON value.
const (
	Invalid Kind = iota
	Null
	Bool
	Number
	String
	Array
	Object
)

// String returns the JSON name of the kind ("null", "boolean", "number",
// "string", "array", "object") or "invalid".
func (k Kind) String() string {
	switch k {
	case Null:
		return "null"
	case Bool:
		return "boolean"
	case Number:
		return "number"
	case String:
		return "string"
	case Array:
		return "array"
	case Object:
		return "object"
	}
	return "invalid"
}

// KindOf returns the kind of v.
func KindOf(v any) Kind {
	switch v.(type) {
	case nil:
		return Null
	case bool:
		return Bool
	case string:
		return String
	case []any:
		return Array
	case map[string]any:
		return Object
	case float64, int64, int, json.Number, float32, int32, int16, int8, uint, uint64, uint32, uint16, uint8:
		return Number
	}
	return Invalid
}

// ToFloat returns the numeric value of v and true when v is a number.
// A json.Number that does not parse yields false.
func ToFloat(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case int64:
		return float64(n), true
	case int:
		return float64(n), true
	case json.Number:
		f, err := strconv.ParseFloat(string(n), 64)
		return f, err == nil
	case float32:
		return float64(n), true
	case int32:
		return float64(n), true
	case int16:
		return float64(n), true
	case int8:
		return float64(n), true
	case uint:
		return float64(n), true
	case uint64:
		return float64(n), true
	case uint32:
		return float64(n), true
	case uint16:
		return float64(n), true
	case uint8:
		return float64(n), true
	}
	return 0, false
}

// ParseNumber parses s as a JSON number literal (RFC 8259 grammar, no
// leading '+', no leading zeros, no hex, no NaN or Inf).
func ParseNumber(s string) (float64, bool) {
	if !IsNumberLiteral(s) {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false
	}
	return f, true
}

// IsNumberLiteral reports whether s follows the JSON number grammar.
func IsNumberLiteral(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	if i >= len(s) {
		return false
	}
	switch {
	case s[i] == '0':
		i++
	case s[i] >= '1' && s[i] <= '9':
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	default:
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == start {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == start {
			return false
		}
	}
	return i == len(s)
}

// Equal reports whether a and b are the same JSON value. Numbers compare by
// numeric value (1 equals 1.0), strings byte for byte, arrays element-wise
// and objects member-wise regardless of order.
func Equal(a, b any) bool {
	ka, kb := KindOf(a), KindOf(b)
	if ka != kb {
		return false
	}
	switch ka {
	case Null:
		return true
	case Bool:
		return a.(bool) == b.(bool)
	case String:
		return a.(string) == b.(string)
	case Number:
		fa, oka := ToFloat(a)
		fb, okb := ToFloat(b)
		return oka && okb && fa == fb
	case Array:
		x, y := a.([]any), b.([]any)
		if len(x) != len(y) {
			return false
		}
		for i := range x {
			if !Equal(x[i], y[i]) {
				return false
			}
		}
		return true
	case Object:
		x, y := a.(map[string]any), b.(map[string]any)
		if len(x) != len(y) {
			return false
		}
		for k, vx := range x {
			vy, ok := y[k]
			if !ok || !Equal(vx, vy) {
				return false
			}
		}
		return true
	}
	return false
}

// FormatNumber renders a number as encoding/json writes a float64: integers
// below 1e21 without a fraction or exponent ("200", not "200.0" or
// "2e+02"), other values in the shortest form that round-trips, with an
// exponent only below 1e-6 and from 1e21 on ("0.00001", "1e-7", "1e+21").
func FormatNumber(f float64) string {
	abs := math.Abs(f)
	if abs == 0 || abs >= 1e-6 && abs < 1e21 {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	s := strconv.FormatFloat(f, 'e', -1, 64)
	// Like encoding/json, write a one-digit negative exponent without
	// its leading zero: 1e-7, not 1e-07.
	if n := len(s); n >= 4 && s[n-4] == 'e' && s[n-3] == '-' && s[n-2] == '0' {
		s = s[:n-2] + s[n-1:]
	}
	return s
}

// numberText returns the canonical text of the JSON number literal s, the
// text a number written in a document gets. An integral value below 1e21
// is written exactly, with every digit and without fraction or exponent,
// even beyond the precision of a float64 ("2.0" is "2", "1E3" is "1000");
// a literal without fraction or exponent is already canonical and is kept
// whatever its size. Any other value is the nearest float64, written by
// [FormatNumber] ("10.50" is "10.5"). Text that is not a number literal,
// or beyond the range of a float64, is returned unchanged.
func numberText(s string) string {
	if !IsNumberLiteral(s) {
		return s
	}
	neg := s[0] == '-'
	body := s
	if neg {
		body = s[1:]
	}
	mant, exp, hasExp := body, "", false
	if i := strings.IndexAny(body, "eE"); i >= 0 {
		mant, exp, hasExp = body[:i], body[i+1:], true
	}
	intPart, frac, hasFrac := strings.Cut(mant, ".")
	if !hasFrac && !hasExp {
		return s
	}
	// The value is digits × 10^scale.
	digits := strings.TrimLeft(intPart+frac, "0")
	scale := -len(frac)
	if hasExp {
		e, err := strconv.Atoi(exp)
		if err != nil || e > maxExponent || e < -maxExponent {
			return floatText(s)
		}
		scale += e
	}
	trimmed := strings.TrimRight(digits, "0")
	scale += len(digits) - len(trimmed)
	digits = trimmed
	if digits == "" {
		if neg {
			return "-0"
		}
		return "0"
	}
	if scale < 0 || len(digits)+scale > 21 {
		return floatText(s)
	}
	var b strings.Builder
	b.Grow(1 + len(digits) + scale)
	if neg {
		b.WriteByte('-')
	}
	b.WriteString(digits)
	for range scale {
		b.WriteByte('0')
	}
	return b.String()
}

// maxExponent bounds the exponents numberText reads exactly; larger ones
// are far beyond the range of a float64 anyway.
const maxExponent = 1 << 20

// floatText writes the number literal s as the nearest float64, or returns
// it unchanged when it is beyond the range of a float64.
func floatText(s string) string {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s
	}
	return FormatNumber(f)
}

// Text converts v to the text that stands for it inside a string: strings
// are kept as they are, numbers use their canonical JSON form (a
// json.Number as spelled by a server is canonicalised too: "10.50" is
// "10.5", "1E3" is "1000", and integers keep every digit), booleans are
// "true"/"false", null is "null", and arrays and objects are serialised as
// compact JSON.
func Text(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case nil:
		return "null"
	case bool:
		if x {
			return "true"
		}
		return "false"
	case json.Number:
		return numberText(string(x))
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	}
	if f, ok := ToFloat(v); ok {
		return FormatNumber(f)
	}
	b, err := Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// Marshal encodes v as compact JSON without HTML escaping. Object members
// are written in sorted key order.
func Marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte{'\n'}), nil
}

// Normalize converts a Go value supplied by a caller (for example workflow
// inputs built in Go, with []string or map[string]string members, or
// structs) into plain JSON values. Values that are already plain are
// returned unchanged, without copying.
func Normalize(v any) (any, error) {
	plain, err := isPlain(v, 0)
	if err != nil {
		return nil, err
	}
	if plain {
		return v, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out any
	if err := dec.Decode(&out); err != nil {
		return nil, err
	}
	return out, nil
}

// MaxDepth is the deepest nesting of arrays and objects that [Normalize]
// and the payload checks of package wire follow: a value nested deeper,
// such as a map that contains itself, is refused with [DepthError].
const MaxDepth = 1000

// DepthError returns the error for a value nested more than [MaxDepth]
// levels deep.
func DepthError() error {
	return fmt.Errorf("the value is nested more than %d levels deep; does it contain itself?", MaxDepth)
}

// isPlain reports whether v, found inside depth arrays and objects, is
// already a plain JSON value.
func isPlain(v any, depth int) (bool, error) {
	switch x := v.(type) {
	case nil, bool, string, int64, int, json.Number:
		return true, nil
	case float64:
		return !math.IsInf(x, 0) && !math.IsNaN(x), nil
	case []any:
		if depth >= MaxDepth {
			return false, DepthError()
		}
		for _, e := range x {
			if ok, err := isPlain(e, depth+1); !ok || err != nil {
				return false, err
			}
		}
		return true, nil
	case map[string]any:
		if depth >= MaxDepth {
			return false, DepthError()
		}
		for _, e := range x {
			if ok, err := isPlain(e, depth+1); !ok || err != nil {
				return false, err
			}
		}
		return true, nil
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Float32, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return rv.Type().PkgPath() == "", nil
	}
	return false, nil
}

// Decode parses JSON text into plain values, keeping numbers as json.Number
// so that large integers survive a round trip unchanged.
func Decode(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("unexpected data after the JSON value at offset %d", dec.InputOffset())
	}
	return v, nil
}
