package arazzo

import (
	"encoding/json"
	"math"
	"math/big"
	"strings"
)

// This file holds a shortcut for the inputs schemas most workflows have:
// an object with typed properties, some required. Validating inputs with
// the JSON Schema library costs about a hundred allocations even when they
// are valid, and a run validates its inputs every time. For schemas made
// only of the keywords below, quickCheck decides validity without
// allocating; when it cannot say the inputs are valid, the library decides
// and explains. The shortcut never accepts what the library would refuse.

// quickSchema is a schema of the subset quickCheck understands.
type quickSchema struct {
	types    uint8 // bit set of jsonType*; 0 = any type
	required []string
	props    map[string]*quickSchema
	items    *quickSchema
	// noExtra is additionalProperties: false; extra is a schema for the
	// other properties.
	noExtra bool
	extra   *quickSchema
	// intBits is 32 or 64 for the asserted int32 and int64 formats.
	intBits int
}

const (
	typeNull uint8 = 1 << iota
	typeBoolean
	typeInteger
	typeNumber
	typeString
	typeArray
	typeObject
)

var typeBits = map[string]uint8{
	"null": typeNull, "boolean": typeBoolean, "integer": typeInteger, "number": typeNumber,
	"string": typeString, "array": typeArray, "object": typeObject,
}

// annotationKeywords have no effect on validation.
var annotationKeywords = map[string]bool{
	"title": true, "description": true, "default": true, "examples": true, "$comment": true,
	"readOnly": true, "writeOnly": true, "deprecated": true, "contentMediaType": true, "contentEncoding": true,
}

// quick builds the quick form of a raw schema, or returns nil when the
// schema uses anything outside the subset.
func quick(v any, depth int) *quickSchema {
	m, ok := v.(map[string]any)
	if !ok || depth > 16 {
		return nil
	}
	q := &quickSchema{}
	for k, val := range m {
		switch {
		case annotationKeywords[k] || strings.HasPrefix(k, "x-"):
		case k == "type":
			switch t := val.(type) {
			case string:
				if typeBits[t] == 0 {
					return nil
				}
				q.types = typeBits[t]
			case []any:
				for _, e := range t {
					s, _ := e.(string)
					if typeBits[s] == 0 {
						return nil
					}
					q.types |= typeBits[s]
				}
			default:
				return nil
			}
		case k == "format":
			switch val {
			case "int32":
				q.intBits = 32
			case "int64":
				q.intBits = 64
			default:
				if _, ok := val.(string); !ok {
					return nil
				}
			}
		case k == "required":
			list, ok := val.([]any)
			if !ok {
				return nil
			}
			for _, e := range list {
				s, ok := e.(string)
				if !ok {
					return nil
				}
				q.required = append(q.required, s)
			}
		case k == "properties":
			pm, ok := val.(map[string]any)
			if !ok {
				return nil
			}
			q.props = make(map[string]*quickSchema, len(pm))
			for name, ps := range pm {
				sub := quick(ps, depth+1)
				if sub == nil {
					return nil
				}
				q.props[name] = sub
			}
		case k == "items":
			if q.items = quick(val, depth+1); q.items == nil {
				return nil
			}
		case k == "additionalProperties":
			switch a := val.(type) {
			case bool:
				q.noExtra = !a
			default:
				if q.extra = quick(a, depth+1); q.extra == nil {
					return nil
				}
			}
		default:
			return nil
		}
	}
	return q
}

// check reports whether v certainly satisfies q.
func (q *quickSchema) check(v any) bool {
	if q.types != 0 && q.types&typeOf(v) == 0 {
		return false
	}
	if q.intBits != 0 && !fitsInt(v, q.intBits) {
		return false
	}
	switch x := v.(type) {
	case map[string]any:
		for _, name := range q.required {
			if _, ok := x[name]; !ok {
				return false
			}
		}
		for name, e := range x {
			if sub, ok := q.props[name]; ok {
				if !sub.check(e) {
					return false
				}
				continue
			}
			if q.noExtra || q.extra != nil && !q.extra.check(e) {
				return false
			}
		}
	case []any:
		if q.items != nil {
			for _, e := range x {
				if !q.items.check(e) {
					return false
				}
			}
		}
	}
	return true
}

// typeOf returns the JSON Schema types v has: an integer is also a number.
func typeOf(v any) uint8 {
	switch x := v.(type) {
	case nil:
		return typeNull
	case bool:
		return typeBoolean
	case string:
		return typeString
	case []any:
		return typeArray
	case map[string]any:
		return typeObject
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return typeInteger | typeNumber
	case float64:
		if x == math.Trunc(x) && !math.IsInf(x, 0) {
			return typeInteger | typeNumber
		}
		return typeNumber
	case float32:
		if float64(x) == math.Trunc(float64(x)) {
			return typeInteger | typeNumber
		}
		return typeNumber
	case json.Number:
		if r, ok := new(big.Rat).SetString(string(x)); ok {
			if r.IsInt() {
				return typeInteger | typeNumber
			}
			return typeNumber
		}
	}
	return 0
}

// fitsInt reports whether v passes the int32 or int64 format: it is not a
// number, or it is a whole number in range.
func fitsInt(v any, bits int) bool {
	if typeOf(v)&typeNumber == 0 {
		return true
	}
	return intFormat(uint(bits))(v)
}
