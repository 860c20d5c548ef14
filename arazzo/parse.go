package arazzo

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/arazzo-dev/arazzo/internal/yamlx"
)

// Rule ids of the findings [Parse] reports itself. Decoding problems use the
// ids of internal/yamlx (yaml-syntax, json-syntax, duplicate-key, ...).
const (
	ruleNotAnObject        = "not-an-object"
	ruleUnsupportedVersion = "unsupported-version"
	ruleReusableExtraField = "reusable-extra-field"
	ruleReadError          = "read-error"
	ruleInvalidOption      = "invalid-option"
)

// Default limits of [Parse]; see [MaxBytes], [MaxDepth] and [MaxAliases].
const (
	DefaultMaxBytes   = yamlx.DefaultMaxBytes
	DefaultMaxDepth   = yamlx.DefaultMaxDepth
	DefaultMaxAliases = yamlx.DefaultMaxAliasNodes
)

// ParseOption configures [Parse] and [ParseFile].
type ParseOption func(*parseConfig)

type parseConfig struct {
	filename string
	limits   yamlx.Limits
	bad      []string // descriptions of invalid options
}

// Filename sets the name that diagnostics and [Document.File] report for
// the document. [ParseFile] uses the path it reads unless this option is
// given.
func Filename(name string) ParseOption {
	return func(c *parseConfig) { c.filename = name }
}

// MaxBytes sets the size of the largest document accepted, in bytes. The
// default is [DefaultMaxBytes] (10 MiB). n must be positive.
func MaxBytes(n int) ParseOption {
	return func(c *parseConfig) {
		if n <= 0 {
			c.bad = append(c.bad, fmt.Sprintf("MaxBytes(%d): the limit must be positive", n))
			return
		}
		c.limits.MaxBytes = n
	}
}

// MaxDepth sets the deepest nesting of objects and arrays accepted, counting
// the nodes that aliases repeat. The default is [DefaultMaxDepth]. n must be
// positive.
func MaxDepth(n int) ParseOption {
	return func(c *parseConfig) {
		if n <= 0 {
			c.bad = append(c.bad, fmt.Sprintf("MaxDepth(%d): the limit must be positive", n))
			return
		}
		c.limits.MaxDepth = n
	}
}

// MaxAliases sets how many nodes YAML aliases may repeat in total: each
// alias counts every node of the value it stands for, including nodes
// repeated by aliases inside that value. It stops alias bombs ("billion
// laughs") before any work is done on their expansion. The default is
// [DefaultMaxAliases]. n must be positive.
func MaxAliases(n int) ParseOption {
	return func(c *parseConfig) {
		if n <= 0 {
			c.bad = append(c.bad, fmt.Sprintf("MaxAliases(%d): the limit must be positive", n))
			return
		}
		c.limits.MaxAliasNodes = n
	}
}

func newParseConfig(opts []ParseOption) *parseConfig {
	c := &parseConfig{}
	for _, o := range opts {
		if o != nil {
			o(c)
		}
	}
	return c
}

// optionDiagnostics reports invalid options, or nothing.
func (c *parseConfig) optionDiagnostics() Diagnostics {
	var ds Diagnostics
	for _, msg := range c.bad {
		ds = append(ds, Diagnostic{Severity: SeverityError, Rule: ruleInvalidOption, File: c.filename, Message: "invalid parse option " + msg})
	}
	return ds
}

// Parse reads an Arazzo document written in YAML 1.2 or JSON.
//
// It returns a nil document only when data cannot be read as a single JSON
// object: a syntax error, a broken limit, a YAML feature JSON cannot express
// (custom tags, non-string keys, duplicate keys, infinities), a root that is
// not an object, or an "arazzo" version of another major.minor line than
// 1.0 (a missing, non-string or malformed version is left for the schema
// check to report, and the document is read as 1.0). Otherwise the
// document is filled with everything that could be read, whatever its
// shape: fields of the wrong type are left empty, and the problems are for
// the JSON Schema and semantic checks of the validator to report. The
// diagnostics Parse returns itself are the reasons for a nil document and
// warnings about Reusable Objects with fields the specification says to
// ignore.
//
// Free-form values in the model (inputs, parameter values, payloads,
// extensions) and [Document.Raw] may share structure where a YAML alias
// repeats a value; treat them as read-only.
func Parse(data []byte, opts ...ParseOption) (*Document, Diagnostics) {
	c := newParseConfig(opts)
	if ds := c.optionDiagnostics(); ds != nil {
		return nil, ds
	}
	return parse(data, c)
}

// ParseFile reads the file at path and parses it with [Parse]. The file
// name in diagnostics is path unless [Filename] is given. A file larger than
// the [MaxBytes] limit is rejected without being read.
func ParseFile(path string, opts ...ParseOption) (*Document, Diagnostics) {
	c := newParseConfig(append([]ParseOption{Filename(path)}, opts...))
	if ds := c.optionDiagnostics(); ds != nil {
		return nil, ds
	}
	data, d := readFile(path, c)
	if d != nil {
		return nil, Diagnostics{*d}
	}
	return parse(data, c)
}

// readFile reads at most the byte limit (plus one byte, to notice a file
// that grew) from path.
func readFile(path string, c *parseConfig) ([]byte, *Diagnostic) {
	limit := c.limits.MaxBytes
	if limit == 0 {
		limit = DefaultMaxBytes
	}
	fail := func(rule, msg string) *Diagnostic {
		p := Pos{Line: 1, Column: 1}
		return &Diagnostic{Severity: SeverityError, Rule: rule, File: c.filename, Message: msg, Range: Range{Start: p, End: p}}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fail(ruleReadError, "cannot read the document: "+describeFileError(err))
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() > int64(limit) {
		return nil, fail(yamlx.CodeTooLarge, fmt.Sprintf("the document is %d bytes, more than the limit of %d bytes", st.Size(), limit))
	}
	data, err := io.ReadAll(io.LimitReader(f, int64(limit)+1))
	if err != nil {
		return nil, fail(ruleReadError, "cannot read the document: "+describeFileError(err))
	}
	if len(data) > limit {
		return nil, fail(yamlx.CodeTooLarge, fmt.Sprintf("the document is more than the limit of %d bytes", limit))
	}
	return data, nil
}

func describeFileError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func parse(data []byte, c *parseConfig) (*Document, Diagnostics) {
	tree, errs := yamlx.DecodeTree(data, c.limits)
	if len(errs) > 0 {
		ds := make(Diagnostics, len(errs))
		for i, e := range errs {
			ds[i] = Diagnostic{Severity: SeverityError, Rule: e.Code, Message: e.Msg, File: c.filename, Range: convRange(e.Range)}
		}
		return nil, ds
	}
	root := tree.Root()
	b := &builder{filename: c.filename}
	b.pointers.Grow(len(data) / 3)
	if root.Kind() != yamlx.Object {
		b.errorf(ruleNotAnObject, root.Range(), "", "the document root is %s; an Arazzo document must be an object", article(root.Kind()))
		return nil, b.diags
	}
	if !b.checkVersion(root) {
		return nil, b.diags
	}
	doc := b.document(root)
	doc.file = c.filename
	doc.src = data
	doc.index = &positionIndex{tree: tree, values: b.values}
	return doc, b.diags
}

// article names a kind with its indefinite article.
func article(k yamlx.Kind) string {
	switch k {
	case yamlx.Array, yamlx.Object:
		return "an " + k.String()
	case yamlx.Null:
		return "null"
	}
	return "a " + k.String()
}

// checkVersion rejects documents of another Arazzo line than 1.0 (DOC-03).
// A missing, non-string or malformed version is left for the schema check
// to report, and the document is read as 1.0.
func (b *builder) checkVersion(root yamlx.Value) bool {
	f := root.Get("arazzo")
	if f.Kind() != yamlx.String {
		return true
	}
	v := f.Str()
	major, minor, ok := majorMinor(v)
	if !ok || major == 1 && minor == 0 {
		return true
	}
	d := b.errorf(ruleUnsupportedVersion, f.Range(), "/arazzo", "Arazzo version %q is not supported; only 1.0.x documents can be read", v)
	d.Hint = "This library reads Arazzo 1.0.x documents only. If the document uses no feature of a later version, declare arazzo: 1.0.1."
	return false
}

// majorMinor reads the leading "major.minor" of a version string.
func majorMinor(v string) (major, minor int, ok bool) {
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return 0, 0, false
	}
	end := strings.IndexFunc(parts[1], func(r rune) bool { return r < '0' || r > '9' })
	if end >= 0 {
		parts[1] = parts[1][:end]
	}
	ma, err1 := strconv.Atoi(parts[0])
	mi, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil || ma < 0 || mi < 0 {
		return 0, 0, false
	}
	return ma, mi, true
}

// builder fills the model from the decoded tree.
type builder struct {
	filename string
	diags    Diagnostics
	// values counts the values in the parts of the document that the
	// schema check inspects (everything but payloads, parameter values and
	// extensions); see maxSchemaValues.
	values int
	// pointers holds the text of the JSON Pointers of the model one after
	// another, each pointer a slice of it, which saves an allocation per
	// object. What a strings.Builder has built never changes, so the
	// slices stay valid as it grows.
	pointers strings.Builder
}

// child returns the pointer of the member key of the value at pointer.
func (b *builder) child(pointer, key string) string {
	start := b.pointers.Len()
	b.pointers.WriteString(pointer)
	b.pointers.WriteByte('/')
	if strings.ContainsAny(key, "~/") {
		b.pointers.WriteString(escapeToken(key))
	} else {
		b.pointers.WriteString(key)
	}
	return b.pointers.String()[start:]
}

// index returns the pointer of the element i of the array at pointer.
func (b *builder) index(pointer string, i int) string {
	start := b.pointers.Len()
	b.pointers.WriteString(pointer)
	b.pointers.WriteByte('/')
	var digits [20]byte
	b.pointers.Write(strconv.AppendInt(digits[:0], int64(i), 10))
	return b.pointers.String()[start:]
}

func (b *builder) errorf(rule string, r yamlx.Range, pointer, format string, args ...any) *Diagnostic {
	return b.report(SeverityError, rule, r, pointer, format, args...)
}

func (b *builder) report(sev Severity, rule string, r yamlx.Range, pointer, format string, args ...any) *Diagnostic {
	b.diags = append(b.diags, Diagnostic{Severity: sev, Rule: rule, Message: fmt.Sprintf(format, args...),
		File: b.filename, Range: convRange(r), Pointer: pointer})
	return &b.diags[len(b.diags)-1]
}

func convPos(p yamlx.Pos) Pos { return Pos{Line: p.Line, Column: p.Column, Offset: p.Offset} }

func convRange(r yamlx.Range) Range { return Range{Start: convPos(r.Start), End: convPos(r.End)} }

func location(n yamlx.Value, pointer string) Location {
	return Location{Pointer: pointer, Range: convRange(n.Range())}
}

// escapeToken escapes a key for use in a JSON Pointer (RFC 6901).
func escapeToken(key string) string {
	if !strings.ContainsAny(key, "~/") {
		return key
	}
	return strings.ReplaceAll(strings.ReplaceAll(key, "~", "~0"), "/", "~1")
}

func child(pointer, key string) string { return pointer + "/" + escapeToken(key) }

func index(pointer string, i int) string { return pointer + "/" + strconv.Itoa(i) }

// str returns the value of a string, or "" for anything else.
func str(n yamlx.Value) string { return n.Str() }

// members calls fn for each member of an object, and does nothing for
// other kinds.
func (b *builder) members(n yamlx.Value, fn func(key string, v yamlx.Value)) {
	if n.Kind() != yamlx.Object {
		return
	}
	b.values += n.Len()
	for i := range n.Len() {
		m := n.Member(i)
		fn(m.Key(), m.Value())
	}
}

// objects calls fn for each object element of an array, with the
// element's pointer; other elements and other kinds are skipped.
func (b *builder) objects(n yamlx.Value, pointer string, fn func(v yamlx.Value, pointer string)) {
	if n.Kind() != yamlx.Array {
		return
	}
	b.values += n.Len()
	for i := range n.Len() {
		if it := n.Item(i); it.Kind() == yamlx.Object {
			fn(it, b.index(pointer, i))
		}
	}
}

// extensions collects the "x-" members of an object.
func extensions(n yamlx.Value) Extensions {
	var ext Extensions
	for i := range n.Len() {
		m := n.Member(i)
		if key := m.Key(); strings.HasPrefix(key, "x-") {
			if ext == nil {
				ext = Extensions{}
			}
			ext[key] = m.Value().Plain()
		}
	}
	return ext
}

func (b *builder) document(n yamlx.Value) *Document {
	d := &Document{Extensions: extensions(n), Loc: location(n, "")}
	b.members(n, func(key string, v yamlx.Value) {
		switch key {
		case "arazzo":
			d.Arazzo = str(v)
		case "info":
			if v.Kind() == yamlx.Object {
				d.Info = b.info(v, b.child("", key))
			}
		case "sourceDescriptions":
			b.objects(v, b.child("", key), func(v yamlx.Value, p string) {
				d.SourceDescriptions = append(d.SourceDescriptions, b.sourceDescription(v, p))
			})
		case "workflows":
			b.objects(v, b.child("", key), func(v yamlx.Value, p string) {
				d.Workflows = append(d.Workflows, b.workflow(v, p))
			})
		case "components":
			if v.Kind() == yamlx.Object {
				d.Components = b.components(v, b.child("", key))
			}
		}
	})
	return d
}

func (b *builder) info(n yamlx.Value, pointer string) *Info {
	in := &Info{Extensions: extensions(n), Loc: location(n, pointer)}
	b.members(n, func(key string, v yamlx.Value) {
		switch key {
		case "title":
			in.Title = str(v)
		case "summary":
			in.Summary = str(v)
		case "description":
			in.Description = str(v)
		case "version":
			in.Version = str(v)
		}
	})
	return in
}

func (b *builder) sourceDescription(n yamlx.Value, pointer string) *SourceDescription {
	s := &SourceDescription{Extensions: extensions(n), Loc: location(n, pointer)}
	b.members(n, func(key string, v yamlx.Value) {
		switch key {
		case "name":
			s.Name = str(v)
		case "url":
			s.URL = str(v)
		case "type":
			s.Type = str(v)
		}
	})
	return s
}

func (b *builder) workflow(n yamlx.Value, pointer string) *Workflow {
	w := &Workflow{Extensions: extensions(n), Loc: location(n, pointer)}
	b.members(n, func(key string, v yamlx.Value) {
		switch key {
		case "workflowId":
			w.WorkflowID = str(v)
		case "summary":
			w.Summary = str(v)
		case "description":
			w.Description = str(v)
		case "inputs":
			w.Inputs = v.Plain()
			b.values += v.Size()
		case "dependsOn":
			w.DependsOn = b.stringList(v)
		case "steps":
			b.objects(v, b.child(pointer, key), func(v yamlx.Value, p string) { w.Steps = append(w.Steps, b.step(v, p)) })
		case "successActions":
			w.SuccessActions = b.successActions(v, b.child(pointer, key))
		case "failureActions":
			w.FailureActions = b.failureActions(v, b.child(pointer, key))
		case "outputs":
			w.Outputs = b.outputs(v, b.child(pointer, key))
		case "parameters":
			w.Parameters = b.parameters(v, b.child(pointer, key))
		}
	})
	return w
}

// stringList returns the elements of an array node as strings, keeping one
// entry per element so that indexes match the document: elements that are
// not strings become "".
func (b *builder) stringList(n yamlx.Value) []string {
	if n.Kind() != yamlx.Array {
		return nil
	}
	b.values += n.Len()
	out := make([]string, n.Len())
	for i := range out {
		out[i] = str(n.Item(i))
	}
	return out
}

func (b *builder) step(n yamlx.Value, pointer string) *Step {
	s := &Step{Extensions: extensions(n), Loc: location(n, pointer)}
	b.members(n, func(key string, v yamlx.Value) {
		switch key {
		case "stepId":
			s.StepID = str(v)
		case "description":
			s.Description = str(v)
		case "operationId":
			s.OperationID = str(v)
		case "operationPath":
			s.OperationPath = str(v)
		case "workflowId":
			s.WorkflowID = str(v)
		case "parameters":
			s.Parameters = b.parameters(v, b.child(pointer, key))
		case "requestBody":
			if v.Kind() == yamlx.Object {
				s.RequestBody = b.requestBody(v, b.child(pointer, key))
			}
		case "successCriteria":
			s.SuccessCriteria = b.criteria(v, b.child(pointer, key))
		case "onSuccess":
			s.OnSuccess = b.successActions(v, b.child(pointer, key))
		case "onFailure":
			s.OnFailure = b.failureActions(v, b.child(pointer, key))
		case "outputs":
			s.Outputs = b.outputs(v, b.child(pointer, key))
		}
	})
	return s
}

func (b *builder) outputs(n yamlx.Value, pointer string) Outputs {
	if n.Kind() != yamlx.Object {
		return nil
	}
	b.values += n.Len()
	out := make(Outputs, n.Len())
	outputs := make([]Output, n.Len()) // one allocation for all
	for i := range out {
		m := n.Member(i)
		key, v := m.Key(), m.Value()
		outputs[i] = Output{Name: key, Expression: str(v), Loc: location(v, b.child(pointer, key))}
		out[i] = &outputs[i]
	}
	return out
}

// reusable returns the Reusable Object an entry of a parameter or action
// list holds, or nil when the entry has no "reference" field. Fields other
// than "reference" and "value" are ignored with a warning, as the
// specification says (COMP-14, AMB-14).
func (b *builder) reusable(n yamlx.Value, pointer string) *Reusable {
	if _, ok := n.Lookup("reference"); !ok {
		return nil
	}
	r := &Reusable{Loc: location(n, pointer)}
	for i := range n.Len() {
		m := n.Member(i)
		switch key := m.Key(); key {
		case "reference":
			r.Reference = str(m.Value())
		case "value":
			r.Value, r.HasValue = m.Value().Plain(), true
		default:
			b.report(SeverityWarning, ruleReusableExtraField, m.KeyRange(), child(pointer, key),
				"field %q of a Reusable Object is ignored; a Reusable Object has only \"reference\" and \"value\"", key)
		}
	}
	return r
}

func (b *builder) parameters(n yamlx.Value, pointer string) []*Parameter {
	var out []*Parameter
	b.objects(n, pointer, func(v yamlx.Value, p string) {
		if r := b.reusable(v, p); r != nil {
			out = append(out, &Parameter{Reusable: r, Loc: r.Loc})
			return
		}
		out = append(out, b.parameter(v, p))
	})
	return out
}

func (b *builder) parameter(n yamlx.Value, pointer string) *Parameter {
	prm := &Parameter{Extensions: extensions(n), Loc: location(n, pointer)}
	b.members(n, func(key string, v yamlx.Value) {
		switch key {
		case "name":
			prm.Name = str(v)
		case "in":
			prm.In = str(v)
		case "value":
			prm.Value = v.Plain()
		}
	})
	return prm
}

func (b *builder) successActions(n yamlx.Value, pointer string) []*SuccessAction {
	var out []*SuccessAction
	b.objects(n, pointer, func(v yamlx.Value, p string) {
		if r := b.reusable(v, p); r != nil {
			out = append(out, &SuccessAction{Reusable: r, Loc: r.Loc})
			return
		}
		out = append(out, b.successAction(v, p))
	})
	return out
}

func (b *builder) successAction(n yamlx.Value, pointer string) *SuccessAction {
	a := &SuccessAction{Extensions: extensions(n), Loc: location(n, pointer)}
	b.members(n, func(key string, v yamlx.Value) {
		switch key {
		case "name":
			a.Name = str(v)
		case "type":
			a.Type = str(v)
		case "workflowId":
			a.WorkflowID = str(v)
		case "stepId":
			a.StepID = str(v)
		case "criteria":
			a.Criteria = b.criteria(v, b.child(pointer, key))
		}
	})
	return a
}

func (b *builder) failureActions(n yamlx.Value, pointer string) []*FailureAction {
	var out []*FailureAction
	b.objects(n, pointer, func(v yamlx.Value, p string) {
		if r := b.reusable(v, p); r != nil {
			out = append(out, &FailureAction{Reusable: r, Loc: r.Loc})
			return
		}
		out = append(out, b.failureAction(v, p))
	})
	return out
}

func (b *builder) failureAction(n yamlx.Value, pointer string) *FailureAction {
	a := &FailureAction{Extensions: extensions(n), Loc: location(n, pointer)}
	b.members(n, func(key string, v yamlx.Value) {
		switch key {
		case "name":
			a.Name = str(v)
		case "type":
			a.Type = str(v)
		case "workflowId":
			a.WorkflowID = str(v)
		case "stepId":
			a.StepID = str(v)
		case "retryAfter":
			if f, ok := number(v); ok {
				a.RetryAfter = &f
			}
		case "retryLimit":
			if i, ok := integer(v); ok {
				a.RetryLimit = &i
			}
		case "criteria":
			a.Criteria = b.criteria(v, b.child(pointer, key))
		}
	})
	return a
}

// number returns the value of a number.
func number(n yamlx.Value) (float64, bool) {
	if i, ok := n.Int(); ok {
		return float64(i), true
	}
	return n.Float()
}

// integer returns the value of a number that is a whole number within the
// int64 range (JSON Schema counts 2.0 as an integer).
func integer(n yamlx.Value) (int64, bool) {
	if i, ok := n.Int(); ok {
		return i, true
	}
	if v, ok := n.Float(); ok && v == math.Trunc(v) && v >= math.MinInt64 && v < math.MaxInt64 {
		return int64(v), true
	}
	return 0, false
}

func (b *builder) criteria(n yamlx.Value, pointer string) []*Criterion {
	var out []*Criterion
	b.objects(n, pointer, func(v yamlx.Value, p string) { out = append(out, b.criterion(v, p)) })
	return out
}

func (b *builder) criterion(n yamlx.Value, pointer string) *Criterion {
	c := &Criterion{Extensions: extensions(n), Loc: location(n, pointer)}
	b.members(n, func(key string, v yamlx.Value) {
		switch key {
		case "context":
			c.Context = str(v)
		case "condition":
			c.Condition = str(v)
		case "type":
			switch v.Kind() {
			case yamlx.String:
				c.Type = str(v)
			case yamlx.Object:
				et := &CriterionExpressionType{Extensions: extensions(v), Loc: location(v, b.child(pointer, key))}
				b.members(v, func(key string, v yamlx.Value) {
					switch key {
					case "type":
						et.Type = str(v)
					case "version":
						et.Version = str(v)
					}
				})
				c.ExpressionType = et
				c.Type = et.Type
			}
		}
	})
	return c
}

func (b *builder) requestBody(n yamlx.Value, pointer string) *RequestBody {
	rb := &RequestBody{Extensions: extensions(n), Loc: location(n, pointer)}
	b.members(n, func(key string, v yamlx.Value) {
		switch key {
		case "contentType":
			rb.ContentType = str(v)
		case "payload":
			rb.Payload, rb.HasPayload = v.Plain(), true
		case "replacements":
			b.objects(v, b.child(pointer, key), func(v yamlx.Value, p string) {
				r := &PayloadReplacement{Extensions: extensions(v), Loc: location(v, p)}
				b.members(v, func(key string, v yamlx.Value) {
					switch key {
					case "target":
						r.Target = str(v)
					case "value":
						r.Value = v.Plain()
					}
				})
				rb.Replacements = append(rb.Replacements, r)
			})
		}
	})
	return rb
}

func (b *builder) components(n yamlx.Value, pointer string) *Components {
	c := &Components{Extensions: extensions(n), Loc: location(n, pointer)}
	b.members(n, func(key string, v yamlx.Value) {
		p := b.child(pointer, key)
		switch key {
		case "inputs":
			b.members(v, func(name string, v yamlx.Value) {
				if c.Inputs == nil {
					c.Inputs = map[string]any{}
				}
				c.Inputs[name] = v.Plain()
				b.values += v.Size()
			})
		case "parameters":
			b.members(v, func(name string, v yamlx.Value) {
				if v.Kind() != yamlx.Object {
					return
				}
				if c.Parameters == nil {
					c.Parameters = map[string]*Parameter{}
				}
				c.Parameters[name] = b.parameter(v, b.child(p, name))
			})
		case "successActions":
			b.members(v, func(name string, v yamlx.Value) {
				if v.Kind() != yamlx.Object {
					return
				}
				if c.SuccessActions == nil {
					c.SuccessActions = map[string]*SuccessAction{}
				}
				c.SuccessActions[name] = b.successAction(v, b.child(p, name))
			})
		case "failureActions":
			b.members(v, func(name string, v yamlx.Value) {
				if v.Kind() != yamlx.Object {
					return
				}
				if c.FailureActions == nil {
					c.FailureActions = map[string]*FailureAction{}
				}
				c.FailureActions[name] = b.failureAction(v, b.child(p, name))
			})
		}
	})
	return c
}
