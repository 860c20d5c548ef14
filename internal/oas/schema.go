package oas

import (
	"fmt"
	"net/url"
	"reflect"
	"strings"

	"github.com/arazzo-dev/arazzo/internal/jsonpointer"
)

// schemaInliner turns Schema Objects, held as plain JSON values, into
// self-contained values by replacing every local "$ref" with the schema it
// names. A reference met again while its own target is being inlined (a
// recursive schema) is kept as the "$ref" object, so the result stays finite.
// Results are shared between callers and must not be modified.
type schemaInliner struct {
	root any
	// siblings reports whether keywords next to "$ref" count (OpenAPI 3.1,
	// JSON Schema 2020-12) or are ignored (OpenAPI 3.0).
	siblings bool
	memo     map[string]any
	busy     map[string]bool
}

func newSchemaInliner(root any, siblings bool) *schemaInliner {
	return &schemaInliner{root: root, siblings: siblings, memo: make(map[string]any), busy: make(map[string]bool)}
}

// Keywords whose value is a schema, a list of schemas, or a map of schemas.
// Every other keyword (enum, const, default, examples, ...) holds data and
// is left alone even when it contains a "$ref" member.
var (
	schemaKeywords = map[string]bool{
		"additionalProperties": true, "not": true, "if": true, "then": true, "else": true,
		"contains": true, "propertyNames": true, "unevaluatedItems": true,
		"unevaluatedProperties": true, "additionalItems": true, "contentSchema": true,
		"items": true, // a schema, or a list of schemas in older drafts
	}
	schemaListKeywords = map[string]bool{"allOf": true, "anyOf": true, "oneOf": true, "prefixItems": true}
	schemaMapKeywords  = map[string]bool{
		"properties": true, "patternProperties": true, "$defs": true, "definitions": true,
		"dependentSchemas": true,
	}
)

// schema returns s with its references inlined.
func (in *schemaInliner) schema(s any) (any, error) {
	obj, ok := s.(map[string]any)
	if !ok {
		return s, nil // boolean schemas and malformed values stay as they are
	}
	if ref, ok := obj["$ref"].(string); ok {
		target, err := in.ref(ref)
		if err != nil {
			return nil, err
		}
		if target == nil { // recursion: keep the reference
			return obj, nil
		}
		if !in.siblings || len(obj) == 1 {
			return target, nil
		}
		// 3.1: keywords beside "$ref" apply together with the target, which
		// is what allOf expresses.
		out := make(map[string]any, len(obj))
		for k, v := range obj {
			if k != "$ref" {
				out[k] = v
			}
		}
		rest, err := in.members(out)
		if err != nil {
			return nil, err
		}
		if prev, ok := rest["allOf"].([]any); ok {
			rest["allOf"] = append([]any{target}, prev...)
		} else {
			rest["allOf"] = []any{target}
		}
		return rest, nil
	}
	return in.members(obj)
}

// members inlines the schema-valued keywords of obj, copying obj only when
// something changes.
func (in *schemaInliner) members(obj map[string]any) (map[string]any, error) {
	var out map[string]any
	set := func(k string, v any) {
		if out == nil {
			out = make(map[string]any, len(obj))
			for k2, v2 := range obj {
				out[k2] = v2
			}
		}
		out[k] = v
	}
	for k, v := range obj {
		var nv any
		var err error
		switch {
		case schemaKeywords[k]:
			if list, ok := v.([]any); ok {
				nv, err = in.list(list)
			} else {
				nv, err = in.schema(v)
			}
		case schemaListKeywords[k]:
			list, ok := v.([]any)
			if !ok {
				continue
			}
			nv, err = in.list(list)
		case schemaMapKeywords[k]:
			m, ok := v.(map[string]any)
			if !ok {
				continue
			}
			nv, err = in.namedSchemas(m)
		default:
			continue
		}
		if err != nil {
			return nil, err
		}
		if !same(nv, v) {
			set(k, nv)
		}
	}
	if out == nil {
		return obj, nil
	}
	return out, nil
}

func (in *schemaInliner) list(list []any) (any, error) {
	var out []any
	for i, s := range list {
		ns, err := in.schema(s)
		if err != nil {
			return nil, err
		}
		if out == nil && !same(ns, s) {
			out = make([]any, len(list))
			copy(out, list)
		}
		if out != nil {
			out[i] = ns
		}
	}
	if out == nil {
		return list, nil
	}
	return out, nil
}

func (in *schemaInliner) namedSchemas(m map[string]any) (any, error) {
	var out map[string]any
	for k, s := range m {
		ns, err := in.schema(s)
		if err != nil {
			return nil, err
		}
		if !same(ns, s) {
			if out == nil {
				out = make(map[string]any, len(m))
				for k2, v2 := range m {
					out[k2] = v2
				}
			}
			out[k] = ns
		}
	}
	if out == nil {
		return m, nil
	}
	return out, nil
}

// ref returns the inlined schema that a local reference names, or nil when
// the reference is being inlined already (recursion).
func (in *schemaInliner) ref(ref string) (any, error) {
	if v, ok := in.memo[ref]; ok {
		return v, nil
	}
	if in.busy[ref] {
		return nil, nil
	}
	target, err := in.target(ref)
	if err != nil {
		return nil, err
	}
	in.busy[ref] = true
	out, err := in.schema(target)
	delete(in.busy, ref)
	if err != nil {
		return nil, err
	}
	in.memo[ref] = out
	return out, nil
}

// target returns the raw value a local reference points at.
func (in *schemaInliner) target(ref string) (any, error) {
	frag, ok := strings.CutPrefix(ref, "#")
	if !ok {
		return nil, fmt.Errorf("reference %q is not local; only references inside the document (\"#/...\") are supported", ref)
	}
	if strings.Contains(frag, "%") {
		if dec, err := url.PathUnescape(frag); err == nil {
			frag = dec
		}
	}
	ptr, err := jsonpointer.Parse(frag)
	if err != nil {
		return nil, fmt.Errorf("reference %q: %s", ref, pointerProblem(err))
	}
	v, err := ptr.Get(in.root)
	if err != nil {
		return nil, fmt.Errorf("reference %q names nothing in the document", ref)
	}
	return v, nil
}

// same reports whether a and b are the identical plain value: the same map
// or slice, or equal scalars.
func same(a, b any) bool {
	switch av := a.(type) {
	case map[string]any:
		bv, ok := b.(map[string]any)
		return ok && reflect.ValueOf(av).UnsafePointer() == reflect.ValueOf(bv).UnsafePointer()
	case []any:
		bv, ok := b.([]any)
		return ok && len(av) == len(bv) && (len(av) == 0 || &av[0] == &bv[0])
	}
	switch b.(type) {
	case map[string]any, []any:
		return false
	}
	return a == b
}
