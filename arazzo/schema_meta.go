package arazzo

import (
	"errors"

	"github.com/santhosh-tekuri/jsonschema/v5"
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
func checkMetaschema(meta *jsonschema.Schema, v any) verdict {
	if metaschemaValid(v, 0) {
		return verdictValid
	}
	err := meta.Validate(v)
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
func metaschemaValid(v any, depth int) bool {
	if depth > maxFastDepth {
		return false
	}
	switch x := v.(type) {
	case bool:
		return true
	case map[string]any:
		for k, kv := range x {
			ok, known := metaKeyword(k, kv, depth)
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
// invalid or when the function does not check that keyword.
func metaKeyword(k string, v any, depth int) (ok, known bool) {
	switch k {
	case "items", "contains", "additionalProperties", "propertyNames", "if", "then", "else", "not",
		"unevaluatedItems", "unevaluatedProperties", "contentSchema":
		return metaschemaValid(v, depth+1), true
	case "properties", "$defs", "dependentSchemas", "definitions":
		m, isObject := v.(map[string]any)
		if !isObject {
			return false, true
		}
		for _, s := range m {
			if !metaschemaValid(s, depth+1) {
				return false, true
			}
		}
		return true, true
	case "patternProperties":
		m, isObject := v.(map[string]any)
		if !isObject {
			return false, true
		}
		for name, s := range m {
			if !isRegexFormat(name) || !metaschemaValid(s, depth+1) {
				return false, true
			}
		}
		return true, true
	case "allOf", "anyOf", "oneOf", "prefixItems":
		list, isArray := v.([]any)
		if !isArray || len(list) == 0 {
			return false, true
		}
		for _, s := range list {
			if !metaschemaValid(s, depth+1) {
				return false, true
			}
		}
		return true, true
	case "title", "description", "$comment", "format", "contentEncoding", "contentMediaType":
		_, isString := v.(string)
		return isString, true
	case "deprecated", "readOnly", "writeOnly", "uniqueItems":
		_, isBool := v.(bool)
		return isBool, true
	case "default", "const":
		return true, true
	case "enum", "examples":
		_, isArray := v.([]any)
		return isArray, true
	case "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum":
		return kindOf(v)&typeNumber != 0, true
	case "multipleOf":
		switch n := v.(type) {
		case int64:
			return n > 0, true
		case float64:
			return kindOf(n) != 0 && n > 0, true
		}
		return false, true
	case "maxLength", "minLength", "maxItems", "minItems", "maxContains", "minContains", "maxProperties", "minProperties":
		switch n := v.(type) {
		case int64:
			return n >= 0, true
		case float64:
			return kindOf(n)&typeInteger != 0 && n >= 0, true
		}
		return false, true
	case "required":
		return stringArray(v), true
	case "dependentRequired":
		m, isObject := v.(map[string]any)
		if !isObject {
			return false, true
		}
		for _, list := range m {
			if !stringArray(list) {
				return false, true
			}
		}
		return true, true
	case "type":
		if s, isString := v.(string); isString {
			return simpleType(s), true
		}
		list, isArray := v.([]any)
		if !isArray || len(list) == 0 {
			return false, true
		}
		for i, t := range list {
			s, isString := t.(string)
			if !isString || !simpleType(s) {
				return false, true
			}
			for _, u := range list[:i] {
				if u == t {
					return false, true
				}
			}
		}
		return true, true
	case "pattern":
		s, isString := v.(string)
		return isString && isRegexFormat(s), true
	case "$ref":
		s, isString := v.(string)
		return isString && isURIReferenceFormat(s), true
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
func stringArray(v any) bool {
	list, isArray := v.([]any)
	if !isArray {
		return false
	}
	for i, e := range list {
		s, isString := e.(string)
		if !isString {
			return false
		}
		if len(list) > 64 {
			continue // checked below
		}
		for _, f := range list[:i] {
			if f == s {
				return false
			}
		}
	}
	if len(list) > 64 {
		seen := make(map[string]bool, len(list))
		for _, e := range list {
			s := e.(string)
			if seen[s] {
				return false
			}
			seen[s] = true
		}
	}
	return true
}
