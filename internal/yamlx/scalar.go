package yamlx

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
)

// The scalar tags of the YAML JSON schema, in their short form.
const (
	tagStr   = "!!str"
	tagInt   = "!!int"
	tagFloat = "!!float"
	tagBool  = "!!bool"
	tagNull  = "!!null"
	tagMap   = "!!map"
	tagSeq   = "!!seq"
)

// allowedTags lists the tags a document may write explicitly.
const allowedTags = "!!str, !!int, !!float, !!bool, !!null, !!map and !!seq"

// errNotJSONNumber marks a scalar that is a YAML number JSON cannot hold.
var errNotJSONNumber = errors.New("not a JSON number")

// scalar is a resolved scalar value, kept out of an interface value
// because making one allocates for most strings and numbers.
type scalar struct {
	kind Kind
	// num holds a number (when kind is Number) and a boolean (as 0 or 1).
	num number
}

// number is an int64 or, when float is set, a float64, as its bits.
type number struct {
	bits  uint64
	float bool
}

func intNumber(i int64) number     { return number{bits: uint64(i)} }
func floatNumber(f float64) number { return number{bits: math.Float64bits(f), float: true} }
func (n number) value() any {
	if n.float {
		return math.Float64frombits(n.bits)
	}
	return int64(n.bits)
}

// value returns the plain JSON value of s, whose text (for a string) is
// text.
func (s scalar) value(text string) any {
	switch s.kind {
	case Bool:
		return s.num.bits != 0
	case Number:
		return s.num.value()
	case String:
		return text
	}
	return nil
}

// resolvePlain returns the JSON value of an untagged plain scalar under the
// YAML 1.2 core schema: null, true/false in three spellings, decimal, 0o
// octal and 0x hexadecimal integers, and decimal floats. Everything else is
// a string. Infinity, NaN and numbers out of float64 range are errors,
// because JSON cannot represent them.
func resolvePlain(s string) (Kind, any, error) {
	v, err := resolvePlainScalar(s)
	if err != nil {
		return v.kind, nil, err
	}
	return v.kind, v.value(s), nil
}

// resolvePlainScalar is resolvePlain without the interface value.
func resolvePlainScalar(s string) (scalar, error) {
	if s == "" {
		return scalar{kind: Null}, nil
	}
	switch s[0] {
	case '~', 'n', 'N':
		if isNull(s) {
			return scalar{kind: Null}, nil
		}
	case 't', 'T', 'f', 'F':
		if b, ok := parseBool(s); ok {
			v := scalar{kind: Bool}
			if b {
				v.num.bits = 1
			}
			return v, nil
		}
	case '-', '+', '.', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		if n, ok, err := parseNumber(s, true); ok || err != nil {
			return scalar{kind: Number, num: n}, err
		}
	}
	return scalar{kind: String}, nil
}

// resolveTagged returns the JSON value of a scalar with an explicit JSON
// schema tag.
func resolveTagged(tag, s string) (Kind, any, error) {
	switch tag {
	case tagStr:
		return String, s, nil
	case tagNull:
		if isNull(s) {
			return Null, nil, nil
		}
	case tagBool:
		if b, ok := parseBool(s); ok {
			return Bool, b, nil
		}
	case tagInt:
		if n, ok, err := parseNumber(s, false); ok || err != nil {
			if err != nil {
				return Number, nil, err
			}
			return Number, n.value(), nil
		}
	case tagFloat:
		if n, ok, err := parseNumber(s, true); ok || err != nil {
			if err != nil {
				return Number, nil, err
			}
			if !n.float {
				n = floatNumber(float64(int64(n.bits)))
			}
			return Number, n.value(), nil
		}
	}
	return 0, nil, fmt.Errorf("%q is not a valid %s value", s, tag)
}

func isNull(s string) bool {
	switch s {
	case "", "~", "null", "Null", "NULL":
		return true
	}
	return false
}

func parseBool(s string) (bool, bool) {
	switch s {
	case "true", "True", "TRUE":
		return true, true
	case "false", "False", "FALSE":
		return false, true
	}
	return false, false
}

// parseNumber parses s as a core schema integer or, when floats is set, as
// a core schema float. ok is false when s is neither; err is set when s is
// a number that JSON cannot hold. Integers are int64; decimal integers
// beyond the int64 range become float64.
func parseNumber(s string, floats bool) (n number, ok bool, err error) {
	if s == "" {
		return number{}, false, nil // an empty !!int or !!float scalar
	}
	if len(s) > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'x') {
		base, digits := 8, s[2:]
		if s[1] == 'x' {
			base = 16
		}
		for i := 0; i < len(digits); i++ {
			if digitValue(digits[i]) >= base {
				return number{}, false, nil
			}
		}
		if i, err := strconv.ParseInt(digits, base, 64); err == nil {
			return intNumber(i), true, nil
		}
		b, _ := new(big.Int).SetString(digits, base)
		f, _ := new(big.Float).SetInt(b).Float64()
		if math.IsInf(f, 0) {
			return number{}, false, fmt.Errorf("%w: %s is out of range", errNotJSONNumber, s)
		}
		return floatNumber(f), true, nil
	}
	if isDecimalInt(s) {
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return intNumber(i), true, nil
		}
		return parseFloat(s)
	}
	if !floats {
		return number{}, false, nil
	}
	switch s {
	case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF":
		return number{}, false, fmt.Errorf("%w: %s (infinity) cannot be represented in JSON", errNotJSONNumber, s)
	case ".nan", ".NaN", ".NAN":
		return number{}, false, fmt.Errorf("%w: %s (not a number) cannot be represented in JSON", errNotJSONNumber, s)
	}
	if isDecimalFloat(s) {
		return parseFloat(s)
	}
	return number{}, false, nil
}

func parseFloat(s string) (number, bool, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return number{}, false, nil
	}
	if math.IsInf(f, 0) {
		return number{}, false, fmt.Errorf("%w: %s is out of range", errNotJSONNumber, s)
	}
	return floatNumber(f), true, nil
}

func digitValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return 99
}

// isDecimalInt matches [-+]?[0-9]+.
func isDecimalInt(s string) bool {
	i := 0
	if s[0] == '-' || s[0] == '+' {
		i++
	}
	if i == len(s) {
		return false
	}
	for ; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isDecimalFloat matches [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?.
func isDecimalFloat(s string) bool {
	i := 0
	if s[0] == '-' || s[0] == '+' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	} else {
		if digits() == 0 {
			return false
		}
		if i < len(s) && s[i] == '.' {
			i++
			digits()
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '-' || s[i] == '+') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}
