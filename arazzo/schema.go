package arazzo

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/arazzo-dev/arazzo/internal/yamlx"
)

// ruleSchema is the rule id of every finding of the JSON Schema check.
const ruleSchema = "schema"

// Bounds of the schema check. The JSON Schema library builds a tree of
// every failure before anything can be reported, at a cost of some
// microseconds and kilobytes per failure, so a hostile document with a
// million malformed entries would take minutes and gigabytes. Documents
// with more values to check than maxSchemaValues (far beyond any real
// Arazzo document) are not checked, and at most maxSchemaDiagnostics
// findings are reported.
const (
	maxSchemaValues      = 100_000
	maxSchemaDiagnostics = 1000
)

// schemaSource is the official Arazzo 1.0 JSON Schema with the patches
// described in schemas/README.md.
//
//go:embed schemas/arazzo-1.0.schema.yaml
var schemaSource []byte

// schemaID is the $id of the embedded schema.
const schemaID = "https://spec.openapis.org/arazzo/1.0/schema/WORK-IN-PROGRESS"

// arazzoSchema is the compiled schema together with its plain-value form,
// in which the checker looks up keyword values (required fields, enums,
// patterns) to phrase its messages.
type arazzoSchema struct {
	compiled *jsonschema.Schema
	doc      any
	// fast proves documents valid without the library (schema_fast.go);
	// nil when it does not build (fastErr says why, and a test fails).
	fast    *fastSchema
	fastErr error
}

var loadSchema = sync.OnceValues(func() (*arazzoSchema, error) {
	f, errs := yamlx.Decode(schemaSource, yamlx.Limits{})
	if len(errs) > 0 {
		return nil, fmt.Errorf("decoding the embedded schema: %v", errs[0])
	}
	js, err := json.Marshal(f.Root.Value)
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	// The only schema referenced from outside the document is the draft
	// 2020-12 metaschema, which the library has built in. Nothing is ever
	// fetched.
	c.LoadURL = func(u string) (io.ReadCloser, error) {
		return nil, fmt.Errorf("schema %s is not available: schemas are never fetched", u)
	}
	if err := c.AddResource(schemaID, bytes.NewReader(js)); err != nil {
		return nil, err
	}
	compiled, err := c.Compile(schemaID)
	if err != nil {
		return nil, err
	}
	s := &arazzoSchema{compiled: compiled, doc: f.Root.Value}
	s.fast, s.fastErr = buildFast(compiled)
	return s, nil
})

// checkSchema validates a parsed document against the Arazzo 1.0 JSON
// Schema and reports each violation as a diagnostic with rule "schema", at
// the position of the offending value (the key, for unknown fields and
// invalid names; the object, for missing fields). Where the schema tries
// several alternatives (a Parameter or a Reusable Object, say), only the
// alternative the document most likely meant is reported. It reports
// nothing for a document that was not produced by [Parse]. A fast
// structural pass proves most valid documents valid without the JSON
// Schema library (schema_fast.go); the library runs, and explains, only
// when that pass cannot. It is safe for concurrent use.
func checkSchema(doc *Document) Diagnostics {
	if doc == nil || !doc.index.root().IsValid() {
		return nil
	}
	if doc.index.values > maxSchemaValues {
		rg, _ := doc.Locate("")
		return Diagnostics{{Severity: SeverityError, Rule: ruleSchema, File: doc.file, Range: Range{Start: rg.Start, End: rg.Start},
			Message: fmt.Sprintf("the document has %d values to check, more than the %d the schema check accepts; it was not checked", doc.index.values, maxSchemaValues)}}
	}
	s, err := loadSchema()
	if err != nil {
		// The schema is embedded and compiled by the tests; this cannot
		// happen in a released build.
		return Diagnostics{{Severity: SeverityError, Rule: ruleSchema, File: doc.file,
			Message: "the embedded Arazzo schema does not compile: " + err.Error()}}
	}
	if s.fast != nil && s.fast.check(doc.index.root(), 0) == verdictValid {
		return nil
	}
	err = s.compiled.Validate(doc.Raw())
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return Diagnostics{{Severity: SeverityError, Rule: ruleSchema, File: doc.file,
			Message: "the JSON Schema check failed: " + err.Error()}}
	}
	r := &schemaReport{schema: s, doc: doc, seen: map[string]bool{}}
	for _, l := range r.leaves(ve) {
		r.describe(l)
	}
	r.diags.Sort()
	if n := len(r.diags) - maxSchemaDiagnostics; n > 0 {
		next := r.diags[maxSchemaDiagnostics]
		r.diags = append(r.diags[:maxSchemaDiagnostics], Diagnostic{Severity: SeverityError, Rule: ruleSchema, File: doc.file,
			Range: next.Range, Pointer: next.Pointer, Message: fmt.Sprintf("%d more schema findings are not reported", n)})
	}
	return r.diags
}

// schemaReport turns a validation error tree into diagnostics.
type schemaReport struct {
	schema *arazzoSchema
	doc    *Document
	diags  Diagnostics
	seen   map[string]bool
}

// leaf is one validation failure to report.
type leaf struct {
	err      *jsonschema.ValidationError
	keywords []string // keyword location tokens
	pointer  string   // instance location as an RFC 6901 pointer
	// fields is set for a oneOf whose alternatives each require one field
	// (a step's operationId, operationPath or workflowId).
	fields []string
}

func newLeaf(e *jsonschema.ValidationError) leaf {
	return leaf{err: e, keywords: splitLocation(e.KeywordLocation), pointer: instancePointer(e.InstanceLocation)}
}

func (l leaf) keyword() string {
	if len(l.keywords) == 0 {
		return ""
	}
	return l.keywords[len(l.keywords)-1]
}

// splitLocation splits a keyword location into its unescaped tokens.
func splitLocation(loc string) []string {
	loc = strings.TrimPrefix(loc, "/")
	if loc == "" {
		return nil
	}
	toks := strings.Split(loc, "/")
	for i, t := range toks {
		if u, err := url.PathUnescape(t); err == nil {
			t = u
		}
		toks[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	return toks
}

// instancePointer converts the library's instance location, whose tokens
// are URL-escaped, into an RFC 6901 pointer.
func instancePointer(loc string) string {
	if loc == "" {
		return ""
	}
	toks := strings.Split(loc, "/")
	for i, t := range toks {
		if u, err := url.PathUnescape(t); err == nil {
			toks[i] = u
		}
	}
	return strings.Join(toks, "/")
}

// lookup returns the value of the embedded schema at an absolute keyword
// location, when the location is inside it.
func (r *schemaReport) lookup(abs string) (any, bool) {
	base, frag, _ := strings.Cut(abs, "#")
	if base != schemaID {
		return nil, false
	}
	cur := r.schema.doc
	for _, tok := range splitLocation(frag) {
		switch v := cur.(type) {
		case map[string]any:
			next, ok := v[tok]
			if !ok {
				return nil, false
			}
			cur = next
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(v) {
				return nil, false
			}
			cur = v[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

// instance returns the document's value at pointer, or the zero Value.
func (r *schemaReport) instance(pointer string) yamlx.Value {
	n, _, _ := r.doc.index.find(pointer)
	return n
}

// has reports whether n is an object with a member named key.
func has(n yamlx.Value, key string) bool {
	_, ok := n.Lookup(key)
	return ok
}

// leaves flattens the error tree into the failures to report. For a oneOf
// or anyOf whose alternatives all failed, it keeps the failures of the one
// alternative the document most likely meant.
func (r *schemaReport) leaves(e *jsonschema.ValidationError) []leaf {
	l := newLeaf(e)
	kw := l.keyword()
	if len(e.Causes) == 0 {
		return []leaf{l}
	}
	if kw == "oneOf" || kw == "anyOf" {
		if fields := r.requiredAlternatives(e); fields != nil {
			l.fields = fields
			return []leaf{l}
		}
		return r.leaves(r.bestAlternative(e))
	}
	var out []leaf
	for _, c := range e.Causes {
		out = append(out, r.leaves(c)...)
	}
	return out
}

// requiredAlternatives returns the field names when every alternative of
// the oneOf or anyOf at e only requires one field, and nil otherwise.
func (r *schemaReport) requiredAlternatives(e *jsonschema.ValidationError) []string {
	v, ok := r.lookup(e.AbsoluteKeywordLocation)
	alts, isList := v.([]any)
	if !ok || !isList {
		return nil
	}
	var fields []string
	for _, a := range alts {
		m, _ := a.(map[string]any)
		req, _ := m["required"].([]any)
		if len(m) != 1 || len(req) != 1 {
			return nil
		}
		name, _ := req[0].(string)
		fields = append(fields, name)
	}
	return fields
}

// bestAlternative picks, among the failed alternatives of a oneOf or anyOf
// (one cause per alternative), the one the document most likely meant: a
// Reusable Object exactly when the value has a "reference" field; otherwise
// an alternative of the value's JSON type, then the one whose failures go
// deepest into the value, then the one with fewest failures, then the
// first.
func (r *schemaReport) bestAlternative(e *jsonschema.ValidationError) *jsonschema.ValidationError {
	at := instancePointer(e.InstanceLocation)
	alts, _ := r.lookup(e.AbsoluteKeywordLocation)
	altList, _ := alts.([]any)
	hasReference := false
	if n := r.instance(at); n.Kind() == yamlx.Object {
		hasReference = has(n, "reference")
	}
	type candidate struct {
		cause                  *jsonschema.ValidationError
		reusable, typeMismatch bool
		depth, count, index    int
	}
	var cands []candidate
	prefix := splitLocation(e.KeywordLocation)
	for _, c := range e.Causes {
		cand := candidate{cause: c, index: math.MaxInt}
		if toks := splitLocation(c.KeywordLocation); len(toks) > len(prefix) {
			if i, err := strconv.Atoi(toks[len(prefix)]); err == nil {
				cand.index = i
				if i < len(altList) {
					m, _ := altList[i].(map[string]any)
					cand.reusable = m["$ref"] == "#/$defs/reusable-object"
				}
			}
		}
		for _, l := range r.leaves(c) {
			cand.count++
			cand.depth = max(cand.depth, strings.Count(l.pointer, "/"))
			if l.pointer == at && (l.keyword() == "type" || r.collectionNotInEnum(l)) {
				cand.typeMismatch = true
			}
		}
		cands = append(cands, cand)
	}
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.reusable != b.reusable {
			return a.reusable == hasReference
		}
		if a.typeMismatch != b.typeMismatch {
			return !a.typeMismatch
		}
		if a.depth != b.depth {
			return a.depth > b.depth
		}
		if a.count != b.count {
			return a.count < b.count
		}
		return a.index < b.index
	})
	return cands[0].cause
}

// collectionNotInEnum reports whether l is an "enum" failure of an object
// or array against an enum of scalars only: a failure of the value's JSON
// type, as much as one of the "type" keyword. A criterion's type may be a
// name (an enum) or a Criterion Expression Type Object; an object is
// explained against the object's schema, not the list of names.
func (r *schemaReport) collectionNotInEnum(l leaf) bool {
	if l.keyword() != "enum" {
		return false
	}
	n := r.instance(l.pointer)
	if n.Kind() != yamlx.Object && n.Kind() != yamlx.Array {
		return false
	}
	v, ok := r.lookup(l.err.AbsoluteKeywordLocation)
	vals, _ := v.([]any)
	if !ok || len(vals) == 0 {
		return false
	}
	for _, x := range vals {
		switch x.(type) {
		case map[string]any, []any:
			return false
		}
	}
	return true
}

// add records a diagnostic once.
func (r *schemaReport) add(pointer string, rg Range, msg, hint string) {
	key := pointer + "\x00" + msg
	if r.seen[key] {
		return
	}
	r.seen[key] = true
	r.diags = append(r.diags, Diagnostic{Severity: SeverityError, Rule: ruleSchema, Message: msg, Hint: hint,
		File: r.doc.file, Range: rg, Pointer: pointer})
}

// valueRange is the range of the value at pointer.
func (r *schemaReport) valueRange(pointer string) Range {
	rg, _ := r.doc.Locate(pointer)
	return rg
}

// keyRange is the range of the key naming the value at pointer, or of the
// value when it has no key.
func (r *schemaReport) keyRange(pointer string) Range {
	if rg, ok := r.doc.LocateKey(pointer); ok {
		return rg
	}
	return r.valueRange(pointer)
}

// describe phrases one failure. Messages name the model object that holds
// the offending value (`step "login"`) and, for values below it, the path
// to the value (`"inputs/properties/id/type"`).
func (r *schemaReport) describe(l leaf) {
	e := l.err
	owner, rel := r.owner(l.pointer)
	say := func(pointer string, rg Range, hint, msg string) {
		if owner != "" {
			msg = owner + ": " + msg
		}
		r.add(pointer, rg, msg, hint)
	}
	// aboutValue phrases a problem of the value itself; aboutObject one of
	// an object's members.
	aboutValue := func(problem string) string {
		if len(rel) == 0 {
			return problem
		}
		return strconv.Quote(strings.Join(rel, "/")) + " " + problem
	}
	aboutObject := func(problem string) string {
		if len(rel) == 0 {
			return problem
		}
		return strconv.Quote(strings.Join(rel, "/")) + ": " + problem
	}
	n := r.instance(l.pointer)
	if r.vacuousThen(l, n) {
		return
	}
	schemaValue, known := r.lookup(e.AbsoluteKeywordLocation)
	at := r.valueRange(l.pointer)

	if l.fields != nil {
		if n.Kind() == yamlx.Object { // otherwise the type failure says it all
			say(l.pointer, at, "", aboutObject("missing one of the fields "+quoteList(l.fields, "or")))
		}
		return
	}
	kw := l.keyword()
	parentKw := ""
	if len(l.keywords) >= 2 {
		parentKw = l.keywords[len(l.keywords)-2]
	}
	switch {
	case kw == "unevaluatedProperties" || kw == "additionalProperties":
		// Reported at the unknown field itself, for the object that holds it.
		parent, name := splitPointer(l.pointer)
		owner, rel = r.owner(parent)
		say(l.pointer, r.keyRange(l.pointer), "", aboutObject("unknown field "+strconv.Quote(name)))
	case kw == "required" && known:
		if n.Kind() != yamlx.Object {
			return
		}
		req, _ := schemaValue.([]any)
		var missing []string
		for _, f := range req {
			if name, _ := f.(string); !has(n, name) {
				missing = append(missing, r.fieldWithValues(e.AbsoluteKeywordLocation, name))
			}
		}
		if strings.HasSuffix(e.AbsoluteKeywordLocation, "/criterion-expression-type-object/required") && len(missing) > 0 {
			// A criterion's type written as an object: say what the object
			// is, since "type" then names both the criterion's field and
			// the object's.
			fields := "field " + missing[0]
			if len(missing) > 1 {
				fields = "fields " + joinList(missing, "and")
			}
			say(l.pointer, at, criterionTypeHint, aboutValue("is a Criterion Expression Type Object without its "+fields))
			return
		}
		for _, f := range missing {
			say(l.pointer, at, "", aboutObject("missing required field "+f))
		}
	case len(l.keywords) >= 3 && l.keywords[len(l.keywords)-3] == "dependentRequired" && known:
		need, _ := schemaValue.(string)
		say(l.pointer, at, "", aboutObject(fmt.Sprintf("missing field %q, which %q requires", need, parentKw)))
	case kw == "type" && n.IsValid():
		want := typeNames(schemaValue, known, e.Message)
		hint := ""
		if k := n.Kind(); strings.Contains(want, "a string") && (k == yamlx.Number || k == yamlx.Bool || k == yamlx.Null) {
			nr := n.Range()
			text := strings.TrimSpace(string(r.doc.src[nr.Start.Offset:nr.End.Offset]))
			hint = fmt.Sprintf("Quote the value, as in %q, so that YAML reads it as a string.", text)
		}
		say(l.pointer, at, hint, aboutValue(fmt.Sprintf("must be %s, not %s", want, article(n.Kind()))))
	case kw == "enum" && known && n.IsValid():
		vals, _ := schemaValue.([]any)
		say(l.pointer, at, "", aboutValue(fmt.Sprintf("must be one of %s, not %s", quoteValues(vals, "or"), showValue(n))))
	case kw == "enum" && n.IsValid():
		// An enum of the JSON Schema metaschema: "value must be one of ...".
		say(l.pointer, at, "", aboutValue(fmt.Sprintf("%s, not %s", strings.TrimPrefix(e.Message, "value "), showValue(n))))
	case kw == "const" && known && n.IsValid():
		say(l.pointer, at, "", aboutValue(fmt.Sprintf("must be %s, not %s", showPlain(schemaValue), showValue(n))))
	case kw == "pattern" && parentKw == "propertyNames" && known:
		// Reported at the key, for the map that holds it.
		parent, name := splitPointer(l.pointer)
		owner, rel = r.owner(parent)
		pattern, _ := schemaValue.(string)
		say(l.pointer, r.keyRange(l.pointer), patternHints[pattern], aboutObject(fmt.Sprintf("name %q does not match %s", name, pattern)))
	case kw == "pattern" && known && n.IsValid():
		pattern, _ := schemaValue.(string)
		say(l.pointer, at, patternHints[pattern], aboutValue(fmt.Sprintf("must match %s, not %s", pattern, showValue(n))))
	case kw == "minItems" && known:
		entries := "entries"
		if showPlain(schemaValue) == "1" {
			entries = "entry"
		}
		say(l.pointer, at, "", aboutValue(fmt.Sprintf("must have at least %s %s", showPlain(schemaValue), entries)))
	case kw == "minimum" && known && n.IsValid():
		say(l.pointer, at, "", aboutValue(fmt.Sprintf("must be at least %s, not %s", showPlain(schemaValue), showValue(n))))
	case kw == "uniqueItems":
		var i, j int
		if _, err := fmt.Sscanf(e.Message, "items at index %d and %d are equal", &i, &j); err == nil {
			p := index(l.pointer, j)
			say(p, r.valueRange(p), "", aboutValue(fmt.Sprintf("has identical entries at index %d and %d", i, j)))
			return
		}
		say(l.pointer, at, "", aboutValue("has identical entries"))
	case kw == "oneOf":
		// More than one alternative matched.
		if fields := r.requiredAlternatives(e); fields != nil && n.Kind() == yamlx.Object {
			var found []string
			for _, f := range fields {
				if has(n, f) {
					found = append(found, f)
				}
			}
			say(l.pointer, at, "", aboutObject(fmt.Sprintf("must have only one of the fields %s, but has %s", quoteList(fields, "or"), quoteList(found, "and"))))
			return
		}
		say(l.pointer, at, "", aboutValue("matches more than one of the allowed forms"))
	default:
		say(l.pointer, at, "", aboutValue(e.Message))
	}
}

// criterionTypeHint is the hint for a Criterion Expression Type Object
// that lacks fields.
const criterionTypeHint = "Give the object both fields, as in type: {type: jsonpath, version: draft-goessner-dispatch-jsonpath-00}, or name the condition type alone, as in type: jsonpath."

// fieldWithValues quotes the field name of the object whose "required"
// keyword is at abs, followed by the values its "enum" allows, if it has
// one: `"type" (one of "end", "goto" or "retry")`.
func (r *schemaReport) fieldWithValues(abs, name string) string {
	q := strconv.Quote(name)
	base, ok := strings.CutSuffix(abs, "/required")
	if !ok {
		return q
	}
	v, _ := r.lookup(base + "/properties/" + strings.ReplaceAll(strings.ReplaceAll(name, "~", "~0"), "/", "~1") + "/enum")
	vals, _ := v.([]any)
	if len(vals) == 0 {
		return q
	}
	return q + " (one of " + quoteValues(vals, "or") + ")"
}

// vacuousThen reports whether the failure l lies in the "then" of an
// allOf entry whose "if" holds only because the fields it tests are
// absent, while the object's schema requires them. The Success and
// Failure Action Objects say "if type is goto, then stepId or workflowId
// is required"; an "if" of properties alone holds for an action without
// type, so the library blames the missing stepId, though the action lacks
// its type, which the "required" keyword reports already.
func (r *schemaReport) vacuousThen(l leaf, n yamlx.Value) bool {
	if n.Kind() != yamlx.Object {
		return false
	}
	// Only failures of the value the "if" tested: nothing below "then"
	// may move into a member.
	then := slices.Index(l.keywords, "then")
	if then < 0 {
		return false
	}
	for _, kw := range l.keywords[then+1:] {
		switch kw {
		case "properties", "patternProperties", "additionalProperties", "unevaluatedProperties",
			"items", "prefixItems", "contains", "unevaluatedItems", "propertyNames", "dependentSchemas":
			return false
		}
	}
	abs := l.err.AbsoluteKeywordLocation
	i := strings.LastIndex(abs, "/then/")
	if i < 0 {
		return false
	}
	entry := abs[:i] // ".../allOf/0"
	cond, ok := r.lookup(entry + "/if")
	m, _ := cond.(map[string]any)
	props, _ := m["properties"].(map[string]any)
	if !ok || len(props) == 0 || m["required"] != nil {
		return false
	}
	j := strings.LastIndex(entry, "/allOf/")
	if j < 0 {
		return false
	}
	req, _ := r.lookup(entry[:j] + "/required")
	required, _ := req.([]any)
	for name := range props {
		if has(n, name) || !slices.Contains(required, any(name)) {
			return false
		}
	}
	return true
}

// patternHints explains the patterns of the schema that users meet most.
var patternHints = map[string]string{
	`^1\.0\.\d+(-.+)?$`:   "An Arazzo 1.0 version has three parts, as in 1.0.1.",
	`^[a-zA-Z0-9\.\-_]+$`: `Use only letters, digits, ".", "-" and "_".`,
}

// splitPointer splits a pointer into its parent and its unescaped last
// token.
func splitPointer(p string) (string, string) {
	i := strings.LastIndexByte(p, '/')
	if i < 0 {
		return "", ""
	}
	tok := strings.ReplaceAll(strings.ReplaceAll(p[i+1:], "~1", "/"), "~0", "~")
	return p[:i], tok
}

// typeNames phrases the types a "type" keyword allows.
func typeNames(v any, known bool, msg string) string {
	var names []string
	switch t := v.(type) {
	case string:
		names = []string{t}
	case []any:
		for _, x := range t {
			if s, ok := x.(string); ok {
				names = append(names, s)
			}
		}
	}
	if !known || len(names) == 0 {
		// "expected string, but got number"
		want, _, _ := strings.Cut(strings.TrimPrefix(msg, "expected "), ", but got")
		names = strings.Split(want, " or ")
	}
	for i, n := range names {
		switch n {
		case "object", "array", "integer":
			names[i] = "an " + n
		case "null":
		default:
			names[i] = "a " + n
		}
	}
	return joinList(names, "or")
}

// quoteList renders names as "a", "b" or "c".
func quoteList(names []string, conj string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return joinList(q, conj)
}

func quoteValues(vals []any, conj string) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = showPlain(v)
	}
	return joinList(q, conj)
}

func joinList(items []string, conj string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + conj + " " + items[len(items)-1]
}

// showPlain renders a plain schema value: strings quoted, numbers as JSON.
func showPlain(v any) string {
	if s, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// showValue renders a document value for a message: scalars as JSON,
// collections by kind.
func showValue(n yamlx.Value) string {
	switch n.Kind() {
	case yamlx.Object, yamlx.Array:
		return article(n.Kind())
	}
	return showPlain(n.Scalar())
}

// owner describes the model object that contains the value at pointer, and
// returns the rest of the pointer, relative to that object, as unescaped
// tokens. For example "/workflows/0/steps/2/parameters/1/in" gives
// `parameter "id"` and ["in"].
func (r *schemaReport) owner(pointer string) (string, []string) {
	toks := strings.Split(pointer, "/")[1:]
	for i, t := range toks {
		toks[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	node := r.doc.index.root()
	desc := ""
	state := "document"
	i := 0
	// enter moves into member key (and the element or entry after it when
	// item is set), naming the new object with describe.
	enter := func(next string, item bool, describe func(n yamlx.Value, tok string) string) bool {
		width := 1
		if item {
			width = 2
		}
		if i+width > len(toks) || node.Kind() != yamlx.Object {
			return false
		}
		f, ok := node.Lookup(toks[i])
		if !ok {
			return false
		}
		n := f.Value()
		if item {
			var ok bool
			if n, ok = member(n, toks[i+1]); !ok {
				return false
			}
		}
		desc = describe(n, toks[i+width-1])
		node, state = n, next
		i += width
		return true
	}
	named := func(kind, nameField string) func(yamlx.Value, string) string {
		return func(n yamlx.Value, tok string) string {
			if n.Kind() == yamlx.Object {
				if v := n.Get(nameField); v.Kind() == yamlx.String {
					return fmt.Sprintf("%s %q", kind, v.Str())
				}
			}
			return kind + " at index " + tok
		}
	}
	keyed := func(kind string) func(yamlx.Value, string) string {
		return func(_ yamlx.Value, tok string) string { return fmt.Sprintf("%s %q", kind, tok) }
	}
	inside := func(kind string, indexed bool) func(yamlx.Value, string) string {
		parent := desc
		return func(_ yamlx.Value, tok string) string {
			s := kind
			if indexed {
				s += " at index " + tok
			}
			if parent != "" {
				s = parent + " " + s
			}
			return s
		}
	}
	for i < len(toks) {
		if i < len(toks) && node.Kind() != yamlx.Object {
			break
		}
		key := toks[i]
		ok := false
		switch state {
		case "document":
			switch key {
			case "info":
				ok = enter("info", false, inside("info", false))
			case "sourceDescriptions":
				ok = enter("source", true, named("source description", "name"))
			case "workflows":
				ok = enter("workflow", true, named("workflow", "workflowId"))
			case "components":
				ok = enter("components", false, inside("components", false))
			}
		case "workflow":
			switch key {
			case "steps":
				ok = enter("step", true, named("step", "stepId"))
			case "successActions":
				ok = enter("action", true, named("success action", "name"))
			case "failureActions":
				ok = enter("action", true, named("failure action", "name"))
			case "parameters":
				ok = enter("parameter", true, named("parameter", "name"))
			}
		case "step":
			switch key {
			case "parameters":
				ok = enter("parameter", true, named("parameter", "name"))
			case "onSuccess":
				ok = enter("action", true, named("success action", "name"))
			case "onFailure":
				ok = enter("action", true, named("failure action", "name"))
			case "successCriteria":
				ok = enter("criterion", true, inside("success criterion", true))
			case "requestBody":
				ok = enter("body", false, inside("request body", false))
			}
		case "action":
			if key == "criteria" {
				ok = enter("criterion", true, inside("criterion", true))
			}
		case "body":
			if key == "replacements" {
				ok = enter("replacement", true, inside("payload replacement", true))
			}
		case "components":
			switch key {
			case "parameters":
				ok = enter("parameter", true, keyed("component parameter"))
			case "successActions":
				ok = enter("action", true, keyed("component success action"))
			case "failureActions":
				ok = enter("action", true, keyed("component failure action"))
			}
		}
		if !ok {
			break
		}
	}
	return desc, toks[i:]
}

// member returns the element or member of a collection named by an
// unescaped pointer token.
func member(n yamlx.Value, tok string) (yamlx.Value, bool) {
	switch n.Kind() {
	case yamlx.Array:
		i, err := strconv.Atoi(tok)
		if err != nil || i < 0 || i >= n.Len() {
			return yamlx.Value{}, false
		}
		return n.Item(i), true
	case yamlx.Object:
		if f, ok := n.Lookup(tok); ok {
			return f.Value(), true
		}
	}
	return yamlx.Value{}, false
}
