package arazzo

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/arazzo-dev/arazzo/expr"
	"github.com/arazzo-dev/arazzo/internal/yamlx"
)

// ruleCancelled reports a validation that stopped because its context was
// done.
const ruleCancelled = "cancelled"

// ValidateOption configures [Validate] and [ValidateFile].
type ValidateOption func(*validateConfig)

type validateConfig struct {
	ignore map[string]bool
	bad    []string
}

// IgnoreRules leaves out the findings of the rules with the given ids, such
// as "bare-expression". Every id must be one that [Rules] lists; an
// unknown id is reported as an error of rule "invalid-option". [Validate]
// leaves out the findings of [Load] it reports too (see
// [Bundle.Diagnostics]), and [ValidateFile] also those of [Parse]; the
// findings that a caller gets from Parse itself are its own to filter.
func IgnoreRules(ids ...string) ValidateOption {
	return func(c *validateConfig) {
		for _, id := range ids {
			if !slices.ContainsFunc(rules, func(r Rule) bool { return r.ID == id }) {
				c.bad = append(c.bad, fmt.Sprintf("IgnoreRules: unknown rule %q", id))
				continue
			}
			if c.ignore == nil {
				c.ignore = map[string]bool{}
			}
			c.ignore[id] = true
		}
	}
}

func newValidateConfig(opts []ValidateOption) *validateConfig {
	c := &validateConfig{}
	for _, o := range opts {
		if o != nil {
			o(c)
		}
	}
	return c
}

func (c *validateConfig) optionDiagnostics() Diagnostics {
	var ds Diagnostics
	for _, msg := range c.bad {
		ds = append(ds, Diagnostic{Severity: SeverityError, Rule: ruleValidateOption, Message: "invalid validate option " + msg})
	}
	return ds
}

// filter drops the findings of ignored rules.
func (c *validateConfig) filter(ds Diagnostics) Diagnostics {
	if len(c.ignore) == 0 {
		return ds
	}
	out := ds[:0]
	for _, d := range ds {
		if !c.ignore[d.Rule] {
			out = append(out, d)
		}
	}
	return out
}

// Validate checks every Arazzo document of a bundle that [Load] built: the
// entry document and each Arazzo source, each against the Arazzo 1.0 JSON
// Schema and every semantic rule of the specification, with the operation
// references of its steps resolved against the OpenAPI descriptions the
// bundle holds. Checks that need a source that could not be loaded are
// skipped.
//
// The result includes the diagnostics of loading the bundle
// ([Bundle.Diagnostics]: sources that could not be loaded or whose type
// disagrees with their content, findings of parsing Arazzo sources), so
// that a bundle whose loading failed never validates clean. It does not
// include the diagnostics that [Parse] returned for the entry document;
// [ValidateFile] returns those too. The findings are sorted (by file, then
// position, then rule) and free of duplicates: a caller that collects
// Load's diagnostics as well should drop repeats, or use only Validate's.
//
// Validate reads the documents and never modifies them, so documents and
// bundles may be validated concurrently. The context is checked between
// documents; when it is done, the remaining documents are skipped and the
// result ends with an error of rule "cancelled".
func Validate(ctx context.Context, b *Bundle, opts ...ValidateOption) Diagnostics {
	cfg := newValidateConfig(opts)
	ds := cfg.optionDiagnostics()
	if b == nil || b.Entry == nil {
		return append(ds, Diagnostic{Severity: SeverityError, Rule: ruleValidateOption, Message: "invalid Validate argument: the bundle is nil"})
	}
	for _, bd := range b.diags {
		ds = append(ds, bd.d)
	}
	docs := b.Documents()
	if len(docs) == 0 {
		docs = []*Document{b.Entry}
	}
	for _, doc := range docs {
		if ctx.Err() != nil {
			break
		}
		if !cfg.ignore[ruleSchema] {
			ds = append(ds, checkSchema(doc)...)
		}
		ds = append(ds, checkDocument(doc, b)...)
	}
	if ctx.Err() == nil {
		ds = append(ds, checkCycles(docs, b)...)
	}
	if err := ctx.Err(); err != nil {
		ds = append(ds, Diagnostic{Severity: SeverityError, Rule: ruleCancelled, File: b.Entry.File(),
			Message: "validation stopped before every document was checked: " + err.Error()})
	}
	return finish(cfg.filter(ds))
}

// ValidateDocument checks one document on its own: against the Arazzo 1.0
// JSON Schema and every semantic rule that needs no source document.
// References to operations and to workflows of other Arazzo documents are
// not resolved; use [Load] and [Validate] for those. The findings are
// sorted and free of duplicates.
func ValidateDocument(doc *Document) Diagnostics {
	if doc == nil {
		return Diagnostics{{Severity: SeverityError, Rule: ruleValidateOption, Message: "invalid ValidateDocument argument: the document is nil"}}
	}
	ds := checkSchema(doc)
	ds = append(ds, checkDocument(doc, nil)...)
	ds = append(ds, checkCycles([]*Document{doc}, nil)...)
	return finish(ds)
}

// ValidateFile reads, loads and validates the Arazzo document at path: it
// runs [ParseFile], [Load] with the [DefaultLoader] (so source descriptions
// are read from files relative to the document, or fetched over HTTP) and
// [Validate], and returns all their diagnostics, sorted and free of
// duplicates. A file that cannot be read gives one diagnostic of rule
// "read-error".
func ValidateFile(ctx context.Context, path string, opts ...ValidateOption) Diagnostics {
	cfg := newValidateConfig(opts)
	if ds := cfg.optionDiagnostics(); ds != nil {
		return ds
	}
	doc, ds := ParseFile(path)
	if doc == nil {
		return finish(cfg.filter(ds))
	}
	b, _ := Load(ctx, doc) // Validate reports Load's diagnostics
	ds = append(ds, Validate(ctx, b, opts...)...)
	return finish(cfg.filter(ds))
}

// finish sorts ds and removes exact repeats (same file, position, rule and
// message), which arise when a shared component is checked for each of
// its uses.
func finish(ds Diagnostics) Diagnostics {
	if len(ds) == 0 {
		return nil
	}
	ds.Sort()
	type key struct {
		file       string
		start, end Pos
		rule, msg  string
	}
	seen := make(map[key]bool, len(ds))
	out := ds[:0]
	for _, d := range ds {
		k := key{d.File, d.Range.Start, d.Range.End, d.Rule, d.Message}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, d)
	}
	return out
}

// validator holds the state of the semantic checks of one document.
type validator struct {
	doc    *Document
	bundle *Bundle // nil when the document is checked on its own
	diags  Diagnostics

	sources   map[string]*sourceInfo // by name, the first of duplicates
	srcList   []*sourceInfo          // in document order
	workflows map[string]*workflowInfo
	wfList    []*workflowInfo
	// values caches compiled parameter values and payloads by pointer, so
	// that a component used by several steps is compiled once; a nil entry
	// is a value that failed to compile (and was reported).
	values map[string]*expr.Value
	// compileInputs is set when an inputs component needs compiling to be
	// checked fully (see checkSchemaRefs).
	compileInputs bool
}

// sourceInfo is one source description of the document.
type sourceInfo struct {
	sd    *SourceDescription
	index int
	src   *Source // the loaded source; nil when checked without a bundle
}

// kind returns the source's kind: what the loaded document is, or the
// declared type ("" when unknown).
func (s *sourceInfo) kind() string {
	if s.src != nil && s.src.Err == nil && s.src.Kind != "" {
		return s.src.Kind
	}
	return s.sd.Type
}

// loaded reports whether the source was loaded without error.
func (s *sourceInfo) loaded() bool { return s.src != nil && s.src.Err == nil }

// checkDocument runs the semantic rules on doc; b is nil when the document
// is checked without its sources.
func checkDocument(doc *Document, b *Bundle) Diagnostics {
	v := &validator{
		doc:       doc,
		bundle:    b,
		sources:   map[string]*sourceInfo{},
		workflows: map[string]*workflowInfo{},
		values:    map[string]*expr.Value{},
	}
	v.run()
	return v.diags
}

// report records a finding of rule at rg; the severity is the rule's.
func (v *validator) report(rule string, rg Range, pointer, hint, format string, args ...any) {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	v.diags = append(v.diags, Diagnostic{Severity: ruleSeverity(rule), Rule: rule, Message: msg,
		File: v.doc.file, Range: rg, Pointer: pointer, Hint: hint})
}

// at returns the range of the value at pointer, or of the closest enclosing
// value the document knows (for documents not produced by Parse, the zero
// range).
func (v *validator) at(pointer string) Range {
	for p := pointer; ; {
		if rg, ok := v.doc.Locate(p); ok {
			return rg
		}
		i := strings.LastIndexByte(p, '/')
		if i < 0 {
			return Range{}
		}
		p = p[:i]
	}
}

// keyAt returns the range of the key naming the value at pointer, or of the
// value when it has no key.
func (v *validator) keyAt(pointer string) Range {
	if rg, ok := v.doc.LocateKey(pointer); ok {
		return rg
	}
	return v.at(pointer)
}

// inString returns the range of n bytes at byte offset off of the string at
// pointer.
func (v *validator) inString(pointer string, off, n int) Range {
	start := v.doc.LocateInString(pointer, off)
	if !start.IsValid() {
		return v.at(pointer)
	}
	end := v.doc.LocateInString(pointer, off+n)
	if end.Offset < start.Offset {
		end = start
	}
	return Range{Start: start, End: end}
}

// isString reports whether the document has a string at pointer. Documents
// not produced by Parse are taken at their word.
func (v *validator) isString(pointer string) bool {
	if v.doc.index == nil {
		return true
	}
	return v.doc.index.kindAt(pointer) == yamlx.String
}

// has reports whether the document has a value at pointer. Documents not
// produced by Parse have none.
func (v *validator) has(pointer string) bool {
	_, ok := v.doc.Locate(pointer)
	return ok
}
