package arazzo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/arazzo-dev/arazzo/internal/jsonpointer"
	"github.com/arazzo-dev/arazzo/internal/jsonvalue"
)

// This file compiles and applies a workflow's inputs JSON Schema (AMB-48,
// AMB-49).

// documentSchemaURI is the URI under which a document is given to the JSON
// Schema compiler when its file name is not an absolute URI. References
// never leave the document, so the URI only needs to be absolute.
const documentSchemaURI = "arazzo:///document"

// InputSchema is a workflow's compiled inputs JSON Schema. It is immutable
// and safe for concurrent use.
type InputSchema struct {
	workflow   string
	schema     *jsonschema.Schema // nil: no inputs schema, any object is accepted
	quick      *quickSchema       // nil when the schema is outside the quick subset
	byLocation map[string]*jsonschema.Schema
	secrets    []string
	properties []string
	defaults   map[string]any
}

// InputSchemaError reports a workflow inputs schema that cannot be
// compiled: one that is not a valid JSON Schema (draft 2020-12), or whose
// $ref leads nowhere or out of the document.
type InputSchemaError struct {
	// Workflow is the workflowId.
	Workflow string
	// Pointer is the JSON Pointer, in the Arazzo document, of the schema
	// value at fault when it is known, else of the workflow's inputs.
	Pointer string
	// Message says what is wrong.
	Message string
}

// Error implements the error interface.
func (e *InputSchemaError) Error() string {
	return fmt.Sprintf("workflow %q: the inputs schema at %s is invalid: %s", e.Workflow, e.Pointer, e.Message)
}

// InputError reports workflow inputs that do not satisfy the workflow's
// inputs schema. Its message names each input and the rule it breaks and
// never quotes the value of a secret input (see [InputSchema.Secrets]).
type InputError struct {
	// Workflow is the workflowId.
	Workflow string
	// Violations lists the problems, ordered by input.
	Violations []InputViolation
}

// InputViolation is one rule of an inputs schema that the inputs break.
type InputViolation struct {
	// Input is the JSON Pointer of the offending value within the inputs
	// object: "/values" for the input named values, "" for the object
	// itself.
	Input string
	// Keyword is the JSON Schema keyword that failed, such as "required",
	// "type" or "maximum".
	Keyword string
	// Message describes the problem without the input's name.
	Message string
}

// Error implements the error interface.
func (e *InputError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "invalid inputs for workflow %q: ", e.Workflow)
	for i, v := range e.Violations {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(v.String())
	}
	return b.String()
}

// String renders the violation as `input "name": message (keyword)`.
func (v InputViolation) String() string {
	where := "inputs"
	if toks := pointerTokens(v.Input); len(toks) == 1 {
		where = "input " + strconv.Quote(toks[0])
	} else if len(toks) > 1 {
		where = fmt.Sprintf("input %q at %s", toks[0], v.Input)
	}
	if v.Keyword == "required" {
		return where + " " + v.Message
	}
	return fmt.Sprintf("%s: %s (%s)", where, v.Message, v.Keyword)
}

// CompileInputs compiles the inputs JSON Schema of wf, a workflow of doc,
// with draft 2020-12 rules (AMB-48). References such as
// "#/components/inputs/customer" resolve against the whole Arazzo document
// (AMB-49); nothing is ever fetched, so a reference to another document is
// an error. The format keyword is an annotation, except that the int32 and
// int64 formats are asserted: a number must then be a whole number in the
// range of that type. Defaults are not applied to the inputs (see
// [InputSchema.Defaults]).
//
// A workflow without inputs gets a schema that accepts any object. An
// inputs schema that cannot be compiled is an [*InputSchemaError].
func CompileInputs(doc *Document, wf *Workflow) (*InputSchema, error) {
	if wf == nil {
		return nil, errors.New("arazzo: CompileInputs: the workflow is nil")
	}
	is := &InputSchema{workflow: wf.WorkflowID}
	if wf.Inputs == nil {
		return is, nil
	}
	root, pointer := schemaRoot(doc, wf)
	base := documentSchemaURI
	if doc != nil && doc.Raw() != nil {
		if u, err := url.Parse(doc.file); err == nil && u.IsAbs() && u.Fragment == "" && u.Opaque == "" {
			base = doc.file
		}
	}
	fail := func(ptr, msg string) error {
		return &InputSchemaError{Workflow: wf.WorkflowID, Pointer: ptr, Message: msg}
	}
	text, err := jsonvalue.Marshal(root)
	if err != nil {
		return nil, fail(pointer, err.Error())
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.ExtractAnnotations = true
	c.AssertFormat = true
	for name := range jsonschema.Formats {
		c.Formats[name] = annotationOnly
	}
	c.Formats["int32"] = intFormat(32)
	c.Formats["int64"] = intFormat(64)
	c.LoadURL = func(u string) (io.ReadCloser, error) {
		u = strings.TrimPrefix(u, "arazzo:///")
		return nil, fmt.Errorf("%s is outside the document; inputs schemas may only refer to the document itself", u)
	}
	if err := c.AddResource(base, bytes.NewReader(text)); err != nil {
		return nil, fail(pointer, err.Error())
	}
	s, err := c.Compile(base + "#" + escapeFragment(pointer))
	if err != nil {
		ptr, msg := describeSchemaError(err, base, pointer)
		return nil, fail(ptr, msg)
	}
	is.schema = s
	is.quick = quick(wf.Inputs, 0)
	is.byLocation = map[string]*jsonschema.Schema{}
	indexSchemas(s, is.byLocation)
	is.properties, is.defaults = topLevel(s)
	is.secrets = findSecrets(s)
	return is, nil
}

// schemaRoot returns the value the compiler sees as the document and the
// pointer of wf's inputs in it. A document made by Parse is used whole; a
// document built in code is represented by its input components and the
// workflow's inputs.
func schemaRoot(doc *Document, wf *Workflow) (any, string) {
	if doc != nil && doc.Raw() != nil && wf.Loc.Pointer != "" {
		if v, err := jsonpointer.Get(doc.Raw(), wf.Loc.Pointer+"/inputs"); err == nil && jsonvalue.Equal(v, wf.Inputs) {
			return doc.Raw(), wf.Loc.Pointer + "/inputs"
		}
	}
	inputs := map[string]any{}
	if doc != nil && doc.Components != nil {
		for k, v := range doc.Components.Inputs {
			inputs[k] = v
		}
	}
	return map[string]any{
		"components": map[string]any{"inputs": inputs},
		"workflows":  []any{map[string]any{"inputs": wf.Inputs}},
	}, "/workflows/0/inputs"
}

// escapeFragment writes a JSON Pointer as a URI fragment.
func escapeFragment(pointer string) string {
	toks := pointerTokens(pointer)
	var b strings.Builder
	for _, t := range toks {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(jsonpointer.Escape(t)))
	}
	return b.String()
}

// pointerTokens splits a JSON Pointer into its unescaped tokens.
func pointerTokens(pointer string) []string {
	if pointer == "" {
		return nil
	}
	p, err := jsonpointer.Parse(pointer)
	if err != nil {
		return []string{strings.TrimPrefix(pointer, "/")}
	}
	return p.Tokens()
}

// describeSchemaError turns a compile error into the pointer of the value
// at fault and a message without the compiler's URIs.
func describeSchemaError(err error, base, inputsPointer string) (string, string) {
	var se *jsonschema.SchemaError
	if errors.As(err, &se) && se.Err != nil {
		err = se.Err
	}
	var ve *jsonschema.ValidationError
	if errors.As(err, &ve) {
		// The schema does not conform to the draft 2020-12 metaschema: report
		// the deepest failure.
		leaf := ve
		for len(leaf.Causes) > 0 {
			leaf = leaf.Causes[0]
		}
		ptr := instancePointer(leaf.InstanceLocation)
		if ptr == "" {
			ptr = inputsPointer
		}
		kw := splitLocation(leaf.KeywordLocation)
		msg := leaf.Message
		if len(kw) > 0 {
			msg = fmt.Sprintf("%s (%s)", msg, kw[len(kw)-1])
		}
		return ptr, "not a valid JSON Schema: " + msg
	}
	msg := err.Error()
	msg = strings.ReplaceAll(msg, base+"#", "#")
	msg = strings.TrimPrefix(msg, "jsonschema: ")
	return inputsPointer, msg
}

// annotationOnly is the format check of every format but int32 and int64:
// formats are annotations (AMB-48).
func annotationOnly(any) bool { return true }

// intFormat asserts that a number is a whole number that fits in a signed
// integer of the given size. Values of other types are not numbers and
// pass, as JSON Schema formats only apply to their own types.
func intFormat(bits uint) func(any) bool {
	lo := new(big.Int).Neg(new(big.Int).Lsh(big.NewInt(1), bits-1))
	hi := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), bits-1), big.NewInt(1))
	return func(v any) bool {
		var r *big.Rat
		switch n := v.(type) {
		case json.Number:
			var ok bool
			if r, ok = new(big.Rat).SetString(string(n)); !ok {
				return false
			}
		case float64:
			if math.IsInf(n, 0) || math.IsNaN(n) {
				return false
			}
			r = new(big.Rat).SetFloat64(n)
		case float32:
			r = new(big.Rat).SetFloat64(float64(n))
		case int, int8, int16, int32, int64:
			i, _ := jsonvalue.ToFloat(n)
			if bits == 64 {
				return true
			}
			return i >= -(1<<31) && i <= 1<<31-1
		case uint, uint8, uint16, uint32, uint64:
			var u uint64
			switch x := n.(type) {
			case uint:
				u = uint64(x)
			case uint8:
				u = uint64(x)
			case uint16:
				u = uint64(x)
			case uint32:
				u = uint64(x)
			case uint64:
				u = x
			}
			return new(big.Int).SetUint64(u).Cmp(hi) <= 0
		default:
			return true
		}
		if !r.IsInt() {
			return false
		}
		i := r.Num()
		return i.Cmp(lo) >= 0 && i.Cmp(hi) <= 0
	}
}

// indexSchemas maps the absolute location of every schema reachable from s
// to the schema, so that a validation failure can be traced back to the
// schema that reported it.
func indexSchemas(s *jsonschema.Schema, seen map[string]*jsonschema.Schema) {
	if s == nil {
		return
	}
	if _, ok := seen[s.Location]; ok {
		return
	}
	seen[s.Location] = s
	for _, sub := range subschemas(s) {
		indexSchemas(sub, seen)
	}
}

// subschemas lists the schemas directly below s.
func subschemas(s *jsonschema.Schema) []*jsonschema.Schema {
	out := []*jsonschema.Schema{s.Ref, s.RecursiveRef, s.DynamicRef, s.Not, s.If, s.Then, s.Else,
		s.PropertyNames, s.UnevaluatedProperties, s.Items2020, s.Contains, s.UnevaluatedItems, s.ContentSchema}
	out = append(out, s.AllOf...)
	out = append(out, s.AnyOf...)
	out = append(out, s.OneOf...)
	out = append(out, s.PrefixItems...)
	for _, k := range sortedKeys(s.Properties) {
		out = append(out, s.Properties[k])
	}
	for _, p := range s.PatternProperties {
		out = append(out, p)
	}
	for _, k := range sortedKeys(s.DependentSchemas) {
		out = append(out, s.DependentSchemas[k])
	}
	if a, ok := s.AdditionalProperties.(*jsonschema.Schema); ok {
		out = append(out, a)
	}
	switch it := s.Items.(type) {
	case *jsonschema.Schema:
		out = append(out, it)
	case []*jsonschema.Schema:
		out = append(out, it...)
	}
	if a, ok := s.AdditionalItems.(*jsonschema.Schema); ok {
		out = append(out, a)
	}
	kept := out[:0]
	for _, sub := range out {
		if sub != nil {
			kept = append(kept, sub)
		}
	}
	return kept
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// facets returns s together with the schemas that apply to the same value
// unconditionally: its $ref targets and allOf members, recursively.
func facets(s *jsonschema.Schema) []*jsonschema.Schema {
	var out []*jsonschema.Schema
	seen := map[*jsonschema.Schema]bool{}
	var walk func(*jsonschema.Schema)
	walk = func(s *jsonschema.Schema) {
		if s == nil || seen[s] {
			return
		}
		seen[s] = true
		out = append(out, s)
		walk(s.Ref)
		walk(s.DynamicRef)
		walk(s.RecursiveRef)
		for _, a := range s.AllOf {
			walk(a)
		}
	}
	walk(s)
	return out
}

// topLevel returns the declared top-level property names and the defaults
// of those properties.
func topLevel(s *jsonschema.Schema) ([]string, map[string]any) {
	names := []string{}
	var defaults map[string]any
	seen := map[string]bool{}
	for _, f := range facets(s) {
		for _, name := range sortedKeys(f.Properties) {
			if !seen[name] {
				seen[name] = true
				names = append(names, name)
			}
			for _, pf := range facets(f.Properties[name]) {
				if pf.Default != nil {
					if _, ok := defaults[name]; !ok {
						if defaults == nil {
							defaults = map[string]any{}
						}
						defaults[name] = pf.Default
					}
				}
			}
		}
	}
	sort.Strings(names)
	return names, defaults
}

// isSecretSchema reports whether a schema marks its value as secret: format
// password or writeOnly true, on the schema or anything it refers to.
func isSecretSchema(s *jsonschema.Schema) bool {
	for _, f := range facets(s) {
		if f.Format == "password" || f.WriteOnly {
			return true
		}
	}
	return false
}

// findSecrets lists the JSON Pointers of the inputs whose schema marks them
// secret, looking into nested object properties and array items.
func findSecrets(s *jsonschema.Schema) []string {
	var out []string
	var walk func(s *jsonschema.Schema, pointer string, depth int)
	walk = func(s *jsonschema.Schema, pointer string, depth int) {
		if depth > 32 {
			return
		}
		if pointer != "" && isSecretSchema(s) {
			out = append(out, pointer)
			return
		}
		for _, f := range facets(s) {
			for _, name := range sortedKeys(f.Properties) {
				walk(f.Properties[name], pointer+"/"+jsonpointer.Escape(name), depth+1)
			}
			var items []*jsonschema.Schema
			switch it := f.Items.(type) {
			case *jsonschema.Schema:
				items = append(items, it)
			case []*jsonschema.Schema:
				items = append(items, it...)
			}
			items = append(items, f.Items2020)
			items = append(items, f.PrefixItems...)
			for _, it := range items {
				if it != nil && pointer != "" && isSecretSchema(it) {
					out = append(out, pointer)
					return
				}
			}
		}
	}
	walk(s, "", 0)
	sort.Strings(out)
	return compact(out)
}

func compact(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// Workflow returns the workflowId of the workflow the schema belongs to.
func (s *InputSchema) Workflow() string { return s.workflow }

// Secrets returns the JSON Pointers (such as "/accessToken" or
// "/credentials/password") of the inputs whose schema says format password
// or writeOnly true, following $ref and allOf and looking into nested
// properties; an array whose items are secret is listed as a whole. A value
// found at one of these pointers must never be shown. The slice is sorted
// and must not be modified.
func (s *InputSchema) Secrets() []string { return s.secrets }

// Properties returns the names of the top-level properties the schema
// declares, sorted. The slice must not be modified.
func (s *InputSchema) Properties() []string { return s.properties }

// Defaults returns the default values the schema declares for top-level
// properties, by name, or nil. The engine fills in absent inputs with them
// only when asked to. The map and its values must not be modified.
func (s *InputSchema) Defaults() map[string]any { return s.defaults }

// Validate checks inputs against the schema and returns nil or an
// [*InputError] listing every violation. Go values that are not plain JSON
// values (such as []string or structs) are converted first, as
// encoding/json would; a value that cannot be converted is a violation. A
// nil map is an empty object. Validate is safe for concurrent use.
func (s *InputSchema) Validate(inputs map[string]any) error {
	if s.schema == nil {
		return nil
	}
	var doc any = map[string]any{}
	if inputs != nil {
		v, err := jsonvalue.Normalize(inputs)
		if err != nil {
			return &InputError{Workflow: s.workflow, Violations: []InputViolation{{Keyword: "type", Message: "not a JSON object: " + err.Error()}}}
		}
		doc = v
	}
	if s.quick != nil && s.quick.check(doc) {
		return nil
	}
	err := s.schema.Validate(doc)
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return &InputError{Workflow: s.workflow, Violations: []InputViolation{{Keyword: "schema", Message: err.Error()}}}
	}
	var vs []InputViolation
	s.collect(ve, doc, &vs)
	sort.SliceStable(vs, func(i, j int) bool {
		if vs[i].Input != vs[j].Input {
			return vs[i].Input < vs[j].Input
		}
		if vs[i].Keyword != vs[j].Keyword {
			return vs[i].Keyword < vs[j].Keyword
		}
		return vs[i].Message < vs[j].Message
	})
	out := vs[:0]
	for i, v := range vs {
		if i == 0 || v != vs[i-1] {
			out = append(out, v)
		}
	}
	return &InputError{Workflow: s.workflow, Violations: out}
}

// collect appends the leaf failures of e as violations.
func (s *InputSchema) collect(e *jsonschema.ValidationError, doc any, vs *[]InputViolation) {
	if len(e.Causes) > 0 {
		for _, c := range e.Causes {
			s.collect(c, doc, vs)
		}
		return
	}
	pointer := instancePointer(e.InstanceLocation)
	toks := splitLocation(e.KeywordLocation)
	kw := ""
	if len(toks) > 0 {
		kw = toks[len(toks)-1]
	}
	switch kw {
	case "required":
		sch := s.byLocation[strings.TrimSuffix(e.AbsoluteKeywordLocation, "/required")]
		obj, _ := lookupValue(doc, pointer).(map[string]any)
		if sch != nil && obj != nil {
			for _, name := range sch.Required {
				if _, ok := obj[name]; !ok {
					*vs = append(*vs, InputViolation{Input: pointer + "/" + jsonpointer.Escape(name), Keyword: kw, Message: "is required"})
				}
			}
			return
		}
	case "format":
		sch := s.byLocation[strings.TrimSuffix(e.AbsoluteKeywordLocation, "/format")]
		if sch != nil && (sch.Format == "int32" || sch.Format == "int64") {
			bits := strings.TrimPrefix(sch.Format, "int")
			*vs = append(*vs, InputViolation{Input: pointer, Keyword: kw,
				Message: fmt.Sprintf("must be a whole number that fits in %s bits (format %s)", bits, sch.Format)})
			return
		}
	}
	msg := e.Message
	if s.isSecret(pointer) {
		msg = fmt.Sprintf("does not satisfy %q", kw)
	}
	*vs = append(*vs, InputViolation{Input: pointer, Keyword: kw, Message: msg})
}

// isSecret reports whether the value at pointer is a secret input or part
// of one. (The messages of failures at an enclosing object never quote the
// values of its members.)
func (s *InputSchema) isSecret(pointer string) bool {
	for _, sp := range s.secrets {
		if pointer == sp || strings.HasPrefix(pointer, sp+"/") {
			return true
		}
	}
	return false
}

// lookupValue returns the value at pointer in doc, or nil.
func lookupValue(doc any, pointer string) any {
	v, err := jsonpointer.Get(doc, pointer)
	if err != nil {
		return nil
	}
	return v
}
