// Package jsonvalue holds the helpers every package uses to handle plain
// decoded JSON values: nil, bool, string, numbers (float64, int64, int,
// json.Number and the other Go integer and float kinds), []any and
// map[string]any.
package jsonvalue

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
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

// FormatNumber renders a number the way JSON serialisers do: integers
// without a fraction ("200", not "200.0" or "2e+02"), other values in the
// shortest form that round-trips.
func FormatNumber(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e21 {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// Text converts v to the text that stands for it inside a string: strings
// are kept as they are, numbers use their canonical JSON form, booleans are
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
		return string(x)
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
	if isPlain(v) {
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

func isPlain(v any) bool {
	switch x := v.(type) {
	case nil, bool, string, int64, int, json.Number:
		return true
	case float64:
		return !math.IsInf(x, 0) && !math.IsNaN(x)
	case []any:
		for _, e := range x {
			if !isPlain(e) {
				return false
			}
		}
		return true
	case map[string]any:
		for _, e := range x {
			if !isPlain(e) {
				return false
			}
		}
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Float32, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return rv.Type().PkgPath() == ""
	}
	return false
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
