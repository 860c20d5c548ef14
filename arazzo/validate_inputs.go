package arazzo

import (
	"fmt"
	"sort"
	"strings"

	"github.com/arazzo-dev/arazzo/internal/jsonpointer"
)

// inputSet is what a workflow's inputs schema declares, when it is a plain
// object schema.
type inputSet struct {
	names    map[string]bool
	required []string
}

// has reports whether name is a declared input or, when dotted, whether a
// prefix of it ending before a dot is (AMB-C2).
func (s *inputSet) has(name string, dotted bool) bool {
	if s.names[name] {
		return true
	}
	if !dotted {
		return false
	}
	for i := strings.LastIndexByte(name, '.'); i > 0; i = strings.LastIndexByte(name[:i], '.') {
		if s.names[name[:i]] {
			return true
		}
	}
	return false
}

// list returns the declared names in order.
func (s *inputSet) list() []string {
	out := make([]string, 0, len(s.names))
	for n := range s.names {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// maxRefHops bounds how many "$ref"s are followed to reach an inputs
// schema, so that a cycle of references ends.
const maxRefHops = 32

// notPlain lists the keywords that make a schema's set of properties
// depend on more than its "properties": with them, the validator does not
// guess which inputs exist.
var notPlain = []string{"allOf", "anyOf", "oneOf", "if", "then", "else", "patternProperties",
	"dependentSchemas", "$dynamicRef"}

// inputsOf returns the inputs a workflow's inputs schema declares, or nil
// when the workflow has no inputs schema or its schema is not a plain
// object schema (its "$ref" to components.inputs is followed). raw returns
// the document the schema's local references resolve against; it is only
// called when there is a reference to follow.
func inputsOf(schema any, raw func() any) *inputSet {
	if schema == nil {
		return nil
	}
	for hop := 0; hop <= maxRefHops; hop++ {
		m, ok := schema.(map[string]any)
		if !ok {
			return nil
		}
		ref, isRef := m["$ref"].(string)
		if !isRef {
			return plainInputs(m)
		}
		for k := range m {
			switch k {
			case "$ref", "title", "description", "$comment", "examples", "default", "deprecated", "readOnly", "writeOnly":
			default:
				return nil // "$ref" with other constraints: do not guess
			}
		}
		target, ok := resolveLocalRef(raw(), ref)
		if !ok {
			return nil
		}
		schema = target
	}
	return nil
}

// plainInputs reads the properties and required names of an object
// schema, or returns nil when the schema is not plain.
func plainInputs(m map[string]any) *inputSet {
	for _, k := range notPlain {
		if _, ok := m[k]; ok {
			return nil
		}
	}
	props, hasProps := m["properties"].(map[string]any)
	if !hasProps && m["type"] != "object" {
		return nil
	}
	s := &inputSet{names: map[string]bool{}}
	for name := range props {
		s.names[name] = true
	}
	if req, ok := m["required"].([]any); ok {
		for _, r := range req {
			if name, ok := r.(string); ok {
				s.required = append(s.required, name)
			}
		}
	}
	return s
}

// resolveLocalRef returns the value a "#/..." reference names in raw.
func resolveLocalRef(raw any, ref string) (any, bool) {
	frag, ok := strings.CutPrefix(ref, "#")
	if !ok {
		return nil, false
	}
	v, err := jsonpointer.Get(raw, frag)
	return v, err == nil
}

// subschemaMaps and subschemaValues are the JSON Schema 2020-12 keywords
// whose values hold subschemas: maps of named subschemas, and single
// subschemas or lists of them.
var (
	subschemaMaps   = []string{"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"}
	subschemaValues = []string{"items", "prefixItems", "allOf", "anyOf", "oneOf", "not", "if", "then", "else",
		"additionalProperties", "unevaluatedProperties", "unevaluatedItems", "contains", "propertyNames", "additionalItems"}
)

// resolutionKeywords are the JSON Schema keywords whose meaning depends on
// how schema resources and anchors resolve, which only compiling the
// schema settles.
var resolutionKeywords = []string{"$id", "$schema", "$anchor", "$dynamicAnchor", "$dynamicRef", "$recursiveRef", "$recursiveAnchor"}

// checkSchemaRefs reports local "$ref"s in an inputs schema that name
// nothing in the document (COMP-09), each at its position. It returns
// whether the schema needs compiling to be checked fully: whether it has a
// reference that is not a local JSON Pointer to a schema, or a keyword of
// resolutionKeywords. Everything else a compiler could object to is
// covered by the JSON Schema check of the document, which validates
// inputs against the draft 2020-12 metaschema.
func (v *validator) checkSchemaRefs(schema any, ptr, owner string) (needsCompile bool) {
	m, ok := schema.(map[string]any)
	if !ok {
		return false
	}
	for _, k := range resolutionKeywords {
		if _, ok := m[k]; ok {
			needsCompile = true
		}
	}
	if ref, ok := m["$ref"].(string); ok {
		target, found := resolveLocalRef(v.doc.Raw(), ref)
		switch {
		case !strings.HasPrefix(ref, "#/") && ref != "#":
			needsCompile = true
		case !found && v.doc.Raw() != nil:
			p := ptr + "/$ref"
			rule, hint := ruleInvalidInputsSchema, ""
			if name, ok := strings.CutPrefix(ref, "#/components/inputs/"); ok {
				rule = ruleUnknownComponent
				var names []string
				if v.doc.Components != nil {
					names = sortedNames(v.doc.Components.Inputs)
				}
				hint = suggest(name, names)
			}
			v.report(rule, v.at(p), p, hint, "%s: \"$ref\" %q names nothing in the document", owner, ref)
		case found:
			switch target.(type) {
			case map[string]any, bool:
			default:
				needsCompile = true
			}
		}
	}
	for _, k := range subschemaMaps {
		if sub, ok := m[k].(map[string]any); ok {
			for _, name := range sortedNames(sub) {
				if v.checkSchemaRefs(sub[name], ptr+"/"+k+"/"+escapeToken(name), owner) {
					needsCompile = true
				}
			}
		}
	}
	for _, k := range subschemaValues {
		switch sub := m[k].(type) {
		case map[string]any:
			if v.checkSchemaRefs(sub, ptr+"/"+k, owner) {
				needsCompile = true
			}
		case []any:
			for i, s := range sub {
				if v.checkSchemaRefs(s, fmt.Sprintf("%s/%s/%d", ptr, k, i), owner) {
					needsCompile = true
				}
			}
		}
	}
	return needsCompile
}
