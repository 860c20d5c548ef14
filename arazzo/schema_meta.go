package arazzo

import (
	"errors"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/arazzo-dev/arazzo/internal/yamlx"
)

// Workflow inputs and components.inputs must be valid draft 2020-12
// schemas. The library checks them against its compiled metaschema, with
// format assertion, at a cost of hundreds of allocations for a small
// schema. metaschemaValid proves validity for the keywords inputs schemas
// commonly use; for the rest it is unsure, and the library's metaschema
// decides for that value alone (checkMetaschema).

// Format checks of the metaschema, the library's own functions.
var (
	isRegexFormat        = jsonschema.Formats["regex"]
	isURIReferenceFormat = jsonschema.Formats["uri-reference"]
)

// checkMetaschema returns the verdict of the draft 2020-12 metaschema,
// compiled by the library as meta, for v.
func checkMetaschema(meta *jsonschema.Schema, v yamlx.Value) verdict {
	if metaschemaValid(v, 0) {
		return verdictValid
	}
	err := meta.Validate(v.Plain())
	if err == nil {
		return verdictValid
	}
	var ve *jsonschema.ValidationError
	if errors.As(err, &ve) {
		return verdictInvalid
	}
	return verdictUnsure
}

// metaschemaValid reports whether v is certainly a valid schema under the
// draft 2020-12 metaschema; false means that it cannot tell. A schema is
// an object or a boolean; members that are not keywords of the metaschema
// may have any value.
func metaschemaValid(v yamlx.Value, depth int) bool {
	if depth > maxFastDepth {
		return false
	}
	switch v.Kind() {
	case yamlx.Bool:
		return true
	case yamlx.Object:
		for i := range v.Len() {
			m := v.Member(i)
			ok, known := metaKeyword(m.Key(), m.Value(), depth)
			if known && !ok {
				return false
			}
		}
		return true
	}
	return false
}

// metaKeyword checks the value of the metaschema keyword k. known is false
// when k is not a keyword of the metaschema; ok is false when the value is
// invalid or when the function does not check that keyword. v may be the
// zero Value, which no keyword accepts.
func metaKeyword(k string, v yamlx.Value, depth int) (ok, known bool) {
	switch k {
	case "items", "contains", "additionalProperties", "propertyNames", "if", "then", "else", "not",
		"unevaluatedItems", "unevaluatedProperties", "contentSchema":
		return metaschemaValid(v, depth+1), true
	case "properties", "$defs", "dependentSchemas", "definitions":
		if v.Kind() != yamlx.Object {
			return false, true
		}
		for i := range v.Len() {
			if !metaschemaValid(v.Member(i).Value(), depth+1) {
				return false, true
			}
		}
		return true, true
	case "patternProperties":
		if v.Kind() != yamlx.Object {
			return false, true
		}
		for i := range v.Len() {
			m := v.Member(i)
			if !isRegexFormat(m.Key()) || !metaschemaValid(m.Value(), depth+1) {
				return false, true
			}
		}
		return true, true
	case "allOf", "anyOf", "oneOf", "prefixItems":
		if v.Kind() != yamlx.Array || v.Len() == 0 {
			return false, true
		}
		for i := range v.Len() {
			if !metaschemaValid(v.Item(i), depth+1) {
				return false, true
			}
		}
		return true, true
	case "title", "description", "$comment", "format", "contentEncoding", "contentMediaType":
		return v.Kind() == yamlx.String, true
	case "deprecated", "readOnly", "writeOnly", "uniqueItems":
		return v.Kind() == yamlx.Bool, true
	case "default", "const":
		return true, true
	case "enum", "examples":
		return v.Kind() == yamlx.Array, true
	case "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum":
		return kindOf(v)&typeNumber != 0, true
	case "multipleOf":
		if i, isInt := v.Int(); isInt {
			return i > 0, true
		}
		if f, isFloat := v.Float(); isFloat {
			return kindOf(v) != 0 && f > 0, true
		}
		return false, true
	case "maxLength", "minLength", "maxItems", "minItems", "maxContains", "minContains", "maxProperties", "minProperties":
		if i, isInt := v.Int(); isInt {
			return i >= 0, true
		}
		if f, isFloat := v.Float(); isFloat {
			return kindOf(v)&typeInteger != 0 && f >= 0, true
		}
		return false, true
	case "required":
		return stringArray(v), true
	case "dependentRequired":
		if v.Kind() != yamlx.Object {
			return false, true
		}
		for i := range v.Len() {
			if !stringArray(v.Member(i).Value()) {
				return false, true
			}
		}
		return true, true
	case "type":
		if v.Kind() == yamlx.String {
			return simpleType(v.Str()), true
		}
		if v.Kind() != yamlx.Array || v.Len() == 0 {
			return false, true
		}
		for i := range v.Len() {
			t := v.Item(i)
			if t.Kind() != yamlx.String || !simpleType(t.Str()) {
				return false, true
			}
			for j := range i {
				if v.Item(j).Str() == t.Str() {
					return false, true
				}
			}
		}
		return true, true
	case "pattern":
		return v.Kind() == yamlx.String && isRegexFormat(v.Str()), true
	case "$ref":
		return v.Kind() == yamlx.String && isURIReferenceFormat(v.Str()), true
	case "$id", "$schema", "$anchor", "$dynamicRef", "$dynamicAnchor", "$vocabulary",
		"dependencies", "$recursiveAnchor", "$recursiveRef":
		// Keywords inputs schemas hardly use: the library decides.
		return false, true
	}
	return false, false
}

// simpleType reports whether s is a type name of the metaschema.
func simpleType(s string) bool {
	return typeBits[s] != 0
}

// stringArray reports whether v is an array of distinct strings.
func stringArray(v yamlx.Value) bool {
	if v.Kind() != yamlx.Array {
		return false
	}
	n := v.Len()
	for i := range n {
		e := v.Item(i)
		if e.Kind() != yamlx.String {
			return false
		}
		if n > 64 {
			continue // checked below
		}
		for j := range i {
			if v.Item(j).Str() == e.Str() {
				return false
			}
		}
	}
	if n > 64 {
		seen := make(map[string]bool, n)
		for i := range n {
			s := v.Item(i).Str()
			if seen[s] {
				return false
			}
			seen[s] = true
		}
	}
	return true
}
