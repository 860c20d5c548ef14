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
// extensions) and [Document.Raw] share structure; treat them as read-only.
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
	file, errs := yamlx.Decode(data, c.limits)
	if len(errs) > 0 {
		ds := make(Diagnostics, len(errs))
		for i, e := range errs {
			ds[i] = Diagnostic{Severity: SeverityError, Rule: e.Code, Message: e.Msg, File: c.filename, Range: convRange(e.Range)}
		}
		return nil, ds
	}
	root := file.Root
	b := &builder{filename: c.filename}
	if root.Kind != yamlx.Object {
		b.errorf(ruleNotAnObject, root.Range, "", "the document root is %s; an Arazzo document must be an object", article(root.Kind))
		return nil, b.diags
	}
	if !b.checkVersion(root) {
		return nil, b.diags
	}
	doc := b.document(root)
	doc.file = c.filename
	doc.src = data
	doc.index = &positionIndex{file: file, values: b.values}
	doc.raw = root.Value
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
func (b *builder) checkVersion(root *yamlx.Node) bool {
	f := root.Field("arazzo")
	if f == nil || f.Value.Kind != yamlx.String {
		return true
	}
	v := f.Value.Value.(string)
	major, minor, ok := majorMinor(v)
	if !ok || major == 1 && minor == 0 {
		return true
	}
	d := b.errorf(ruleUnsupportedVersion, f.Value.Range, "/arazzo", "Arazzo version %q is not supported; only 1.0.x documents can be read", v)
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

// builder fills the model from the decoded node tree.
type builder struct {
	filename string
	diags    Diagnostics
	// values counts the values in the parts of the document that the
	// schema check inspects (everything but payloads, parameter values and
	// extensions); see maxSchemaValues.
	values int
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

func location(n *yamlx.Node, pointer string) Location {
	return Location{Pointer: pointer, Range: convRange(n.Range)}
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

// str returns the value of a string node, or "" for anything else.
func str(n *yamlx.Node) string {
	if n != nil && n.Kind == yamlx.String {
		return n.Value.(string)
	}
	return ""
}

// members calls fn for each member of an object node, and does nothing for
// other kinds.
func (b *builder) members(n *yamlx.Node, fn func(key string, v *yamlx.Node)) {
	if n == nil || n.Kind != yamlx.Object {
		return
	}
	b.values += len(n.Fields)
	for _, f := range n.Fields {
		fn(f.Key, f.Value)
	}
}

// objects calls fn for each object element of an array node, with the
// element's pointer; other elements and other kinds are skipped.
func (b *builder) objects(n *yamlx.Node, pointer string, fn func(v *yamlx.Node, pointer string)) {
	if n == nil || n.Kind != yamlx.Array {
		return
	}
	b.values += len(n.Items)
	for i, it := range n.Items {
		if it.Kind == yamlx.Object {
			fn(it, index(pointer, i))
		}
	}
}

// extensions collects the "x-" members of an object node.
func extensions(n *yamlx.Node) Extensions {
	var ext Extensions
	for _, f := range n.Fields {
		if strings.HasPrefix(f.Key, "x-") {
			if ext == nil {
				ext = Extensions{}
			}
			ext[f.Key] = f.Value.Value
		}
	}
	return ext
}

func (b *builder) document(n *yamlx.Node) *Document {
	d := &Document{Extensions: extensions(n), Loc: location(n, "")}
	b.members(n, func(key string, v *yamlx.Node) {
		switch key {
		case "arazzo":
			d.Arazzo = str(v)
		case "info":
			if v.Kind == yamlx.Object {
				d.Info = b.info(v, child("", key))
			}
		case "sourceDescriptions":
			b.objects(v, child("", key), func(v *yamlx.Node, p string) {
				d.SourceDescriptions = append(d.SourceDescriptions, b.sourceDescription(v, p))
			})
		case "workflows":
			b.objects(v, child("", key), func(v *yamlx.Node, p string) {
				d.Workflows = append(d.Workflows, b.workflow(v, p))
			})
		case "components":
			if v.Kind == yamlx.Object {
				d.Components = b.components(v, child("", key))
			}
		}
	})
	return d
}

func (b *builder) info(n *yamlx.Node, pointer string) *Info {
	in := &Info{Extensions: extensions(n), Loc: location(n, pointer)}
	b.members(n, func(key string, v *yamlx.Node) {
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

func (b *builder) sourceDescription(n *yamlx.Node, pointer string) *SourceDescription {
	s := &SourceDescription{Extensions: extensions(n), Loc: location(n, pointer)}
	b.members(n, func(key string, v *yamlx.Node) {
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

func (b *builder) workflow(n *yamlx.Node, pointer string) *Workflow {
	w := &Workflow{Extensions: extensions(n), Loc: location(n, pointer)}
	b.members(n, func(key string, v *yamlx.Node) {
		switch key {
		case "workflowId":
			w.WorkflowID = str(v)
		case "summary":
			w.Summary = str(v)
		case "description":
			w.Description = str(v)
		case "inputs":
			w.Inputs = v.Value
			b.values += v.Size()
		case "dependsOn":
			w.DependsOn = b.stringList(v)
		case "steps":
			b.objects(v, child(pointer, key), func(v *yamlx.Node, p string) { w.Steps = append(w.Steps, b.step(v, p)) })
		case "successActions":
			w.SuccessActions = b.successActions(v, child(pointer, key))
		case "failureActions":
			w.FailureActions = b.failureActions(v, child(pointer, key))
		case "outputs":
			w.Outputs = b.outputs(v, child(pointer, key))
		case "parameters":
			w.Parameters = b.parameters(v, child(pointer, key))
		}
	})
	return w
}

// stringList returns the elements of an array node as strings, keeping one
// entry per element so that indexes match the document: elements that are
// not strings become "".
func (b *builder) stringList(n *yamlx.Node) []string {
	if n.Kind != yamlx.Array {
		return nil
	}
	b.values += len(n.Items)
	out := make([]string, len(n.Items))
	for i, it := range n.Items {
		out[i] = str(it)
	}
	return out
}

func (b *builder) step(n *yamlx.Node, pointer string) *Step {
	s := &Step{Extensions: extensions(n), Loc: location(n, pointer)}
	b.members(n, func(key string, v *yamlx.Node) {
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
			s.Parameters = b.parameters(v, child(pointer, key))
		case "requestBody":
			if v.Kind == yamlx.Object {
				s.RequestBody = b.requestBody(v, child(pointer, key))
			}
		case "successCriteria":
			s.SuccessCriteria = b.criteria(v, child(pointer, key))
		case "onSuccess":
			s.OnSuccess = b.successActions(v, child(pointer, key))
		case "onFailure":
			s.OnFailure = b.failureActions(v, child(pointer, key))
		case "outputs":
			s.Outputs = b.outputs(v, child(pointer, key))
		}
	})
	return s
}

func (b *builder) outputs(n *yamlx.Node, pointer string) Outputs {
	if n.Kind != yamlx.Object {
		return nil
	}
	b.values += len(n.Fields)
	out := make(Outputs, 0, len(n.Fields))
	for _, f := range n.Fields {
		out = append(out, &Output{Name: f.Key, Expression: str(f.Value), Loc: location(f.Value, child(pointer, f.Key))})
	}
	return out
}

// reusable returns the Reusable Object an entry of a parameter or action
// list holds, or nil when the entry has no "reference" field. Fields other
// than "reference" and "value" are ignored with a warning, as the
// specification says (COMP-14, AMB-14).
func (b *builder) reusable(n *yamlx.Node, pointer string) *Reusable {
	if n.Field("reference") == nil {
		return nil
	}
	r := &Reusable{Loc: location(n, pointer)}
	for _, f := range n.Fields {
		switch f.Key {
		case "reference":
			r.Reference = str(f.Value)
		case "value":
			r.Value, r.HasValue = f.Value.Value, true
		default:
			b.report(SeverityWarning, ruleReusableExtraField, f.KeyRange, child(pointer, f.Key),
				"field %q of a Reusable Object is ignored; a Reusable Object has only \"reference\" and \"value\"", f.Key)
		}
	}
	return r
}

func (b *builder) parameters(n *yamlx.Node, pointer string) []*Parameter {
	var out []*Parameter
	b.objects(n, pointer, func(v *yamlx.Node, p string) {
		if r := b.reusable(v, p); r != nil {
			out = append(out, &Parameter{Reusable: r, Loc: r.Loc})
			return
		}
		out = append(out, b.parameter(v, p))
	})
	return out
}

func (b *builder) parameter(n *yamlx.Node, pointer string) *Parameter {
	prm := &Parameter{Extensions: extensions(n), Loc: location(n, pointer)}
	b.members(n, func(key string, v *yamlx.Node) {
		switch key {
		case "name":
			prm.Name = str(v)
		case "in":
			prm.In = str(v)
		case "value":
			prm.Value = v.Value
		}
	})
	return prm
}

func (b *builder) successActions(n *yamlx.Node, pointer string) []*SuccessAction {
	var out []*SuccessAction
	b.objects(n, pointer, func(v *yamlx.Node, p string) {
		if r := b.reusable(v, p); r != nil {
			out = append(out, &SuccessAction{Reusable: r, Loc: r.Loc})
			return
		}
		out = append(out, b.successAction(v, p))
	})
	return out
}

func (b *builder) successAction(n *yamlx.Node, pointer string) *SuccessAction {
	a := &SuccessAction{Extensions: extensions(n), Loc: location(n, pointer)}
	b.members(n, func(key string, v *yamlx.Node) {
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
			a.Criteria = b.criteria(v, child(pointer, key))
		}
	})
	return a
}

func (b *builder) failureActions(n *yamlx.Node, pointer string) []*FailureAction {
	var out []*FailureAction
	b.objects(n, pointer, func(v *yamlx.Node, p string) {
		if r := b.reusable(v, p); r != nil {
			out = append(out, &FailureAction{Reusable: r, Loc: r.Loc})
			return
		}
		out = append(out, b.failureAction(v, p))
	})
	return out
}

func (b *builder) failureAction(n *yamlx.Node, pointer string) *FailureAction {
	a := &FailureAction{Extensions: extensions(n), Loc: location(n, pointer)}
	b.members(n, func(key string, v *yamlx.Node) {
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
			a.Criteria = b.criteria(v, child(pointer, key))
		}
	})
	return a
}

// number returns the value of a number node.
func number(n *yamlx.Node) (float64, bool) {
	switch v := n.Value.(type) {
	case int64:
		return float64(v), true
	case float64:
		return v, true
	}
	return 0, false
}

// integer returns the value of a number node that is a whole number within
// the int64 range (JSON Schema counts 2.0 as an integer).
func integer(n *yamlx.Node) (int64, bool) {
	switch v := n.Value.(type) {
	case int64:
		return v, true
	case float64:
		if v == math.Trunc(v) && v >= math.MinInt64 && v < math.MaxInt64 {
			return int64(v), true
		}
	}
	return 0, false
}

func (b *builder) criteria(n *yamlx.Node, pointer string) []*Criterion {
	var out []*Criterion
	b.objects(n, pointer, func(v *yamlx.Node, p string) { out = append(out, b.criterion(v, p)) })
	return out
}

func (b *builder) criterion(n *yamlx.Node, pointer string) *Criterion {
	c := &Criterion{Extensions: extensions(n), Loc: location(n, pointer)}
	b.members(n, func(key string, v *yamlx.Node) {
		switch key {
		case "context":
			c.Context = str(v)
		case "condition":
			c.Condition = str(v)
		case "type":
			switch v.Kind {
			case yamlx.String:
				c.Type = str(v)
			case yamlx.Object:
				et := &CriterionExpressionType{Extensions: extensions(v), Loc: location(v, child(pointer, key))}
				b.members(v, func(key string, v *yamlx.Node) {
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

func (b *builder) requestBody(n *yamlx.Node, pointer string) *RequestBody {
	rb := &RequestBody{Extensions: extensions(n), Loc: location(n, pointer)}
	b.members(n, func(key string, v *yamlx.Node) {
		switch key {
		case "contentType":
			rb.ContentType = str(v)
		case "payload":
			rb.Payload, rb.HasPayload = v.Value, true
		case "replacements":
			b.objects(v, child(pointer, key), func(v *yamlx.Node, p string) {
				r := &PayloadReplacement{Extensions: extensions(v), Loc: location(v, p)}
				b.members(v, func(key string, v *yamlx.Node) {
					switch key {
					case "target":
						r.Target = str(v)
					case "value":
						r.Value = v.Value
					}
				})
				rb.Replacements = append(rb.Replacements, r)
			})
		}
	})
	return rb
}

func (b *builder) components(n *yamlx.Node, pointer string) *Components {
	c := &Components{Extensions: extensions(n), Loc: location(n, pointer)}
	b.members(n, func(key string, v *yamlx.Node) {
		p := child(pointer, key)
		switch key {
		case "inputs":
			b.members(v, func(name string, v *yamlx.Node) {
				if c.Inputs == nil {
					c.Inputs = map[string]any{}
				}
				c.Inputs[name] = v.Value
				b.values += v.Size()
			})
		case "parameters":
			b.members(v, func(name string, v *yamlx.Node) {
				if v.Kind != yamlx.Object {
					return
				}
				if c.Parameters == nil {
					c.Parameters = map[string]*Parameter{}
				}
				c.Parameters[name] = b.parameter(v, child(p, name))
			})
		case "successActions":
			b.members(v, func(name string, v *yamlx.Node) {
				if v.Kind != yamlx.Object {
					return
				}
				if c.SuccessActions == nil {
					c.SuccessActions = map[string]*SuccessAction{}
				}
				c.SuccessActions[name] = b.successAction(v, child(p, name))
			})
		case "failureActions":
			b.members(v, func(name string, v *yamlx.Node) {
				if v.Kind != yamlx.Object {
					return
				}
				if c.FailureActions == nil {
					c.FailureActions = map[string]*FailureAction{}
				}
				c.FailureActions[name] = b.failureAction(v, child(p, name))
			})
		}
	})
	return c
}
