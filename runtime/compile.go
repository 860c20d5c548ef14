package runtime

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/arazzo-dev/arazzo/arazzo"
	"github.com/arazzo-dev/arazzo/expr"
	"github.com/arazzo-dev/arazzo/internal/jsonpointer"
	"github.com/arazzo-dev/arazzo/internal/oas"
	"github.com/arazzo-dev/arazzo/internal/wire"
)

// This file builds the plan an Engine runs: every workflow reachable from
// the entry document, with each step bound to its operation or workflow
// and every expression, criterion and inputs schema compiled once. Plans
// are immutable after New.

// Rule ids of the problems compilation reports: those of the validator
// (docs/rules.md), which reports the same problems first. Compilation is
// the engine's own guard against anything that would make binding
// impossible.
const (
	ruleUnknownOperation     = "unknown-operation"
	ruleUnknownWorkflow      = "unknown-workflow"
	ruleUnknownStep          = "unknown-step"
	ruleUnknownComponent     = "unknown-component"
	ruleBadExpression        = "invalid-expression"
	ruleBadCriterion         = "invalid-condition"
	ruleUnsupportedCriterion = "unsupported-criterion"
	ruleBadInputs            = "invalid-inputs-schema"
	ruleParameterIn          = "missing-parameter-in"
	ruleDependencyCycle      = "dependency-cycle"
	ruleStepTarget           = "schema"
	ruleBadAction            = "schema"
)

// docPlan is the compiled form of one Arazzo document of the bundle. It
// keeps only what runs read, so that the documents and their OpenAPI
// models, which are large, can be freed once New returns.
type docPlan struct {
	// doc is the document, while it is being compiled; nil afterwards.
	doc       *arazzo.Document
	workflows map[string]*workflowPlan
	// components is the document's components object as plain values
	// ($components expressions); sources the fields of its source
	// descriptions ($sourceDescriptions expressions).
	components any
	sources    map[string]sourceInfo
}

// sourceInfo is what $sourceDescriptions.<name>.<field> can read.
type sourceInfo struct {
	url, kind string
}

// workflowPlan is a compiled workflow.
type workflowPlan struct {
	id        string
	loc       arazzo.Location
	doc       *docPlan
	inputs    *arazzo.InputSchema
	steps     []*stepPlan
	stepIndex map[string]int
	outputs   []*outputPlan
	dependsOn []*workflowPlan
	// secrets are the pointers of the secret inputs (InputSchema.Secrets).
	secrets []string
}

// stepPlan is a compiled step: an operation step (op set) or a workflow
// step (child set).
type stepPlan struct {
	id    string
	index int
	wf    *workflowPlan

	// Operation steps: method is empty for a workflow step.
	method string
	path   string // the path template
	source string // the source description's name
	label  string // operationId, or "METHOD /path"
	server string // base URL; "" when none is usable
	// noServer says why server is empty.
	noServer string
	params   []*paramPlan
	body     *bodyPlan
	// op is the bound operation, which says which parameters
	// $request.query, .path and .header may read (EXPR-20, AMB-41).
	op *oas.Operation

	// Workflow steps.
	child *workflowPlan

	criteria  []*criterionPlan
	outputs   []*outputPlan
	onSuccess []*actionPlan
	onFailure []*actionPlan
}

// paramPlan is one parameter of a step after merging (AMB-08, AMB-10).
type paramPlan struct {
	name  string
	in    string // "" for the inputs of a workflow step
	value *expr.Value
	wire  wire.Param
	// required is the OpenAPI parameter's required flag.
	required bool
	// secret marks a parameter that carries a credential of the
	// operation's security schemes (an API key), whose value is masked.
	secret bool
}

// bodyPlan is a compiled request body.
type bodyPlan struct {
	contentType  string // as written; "" to choose
	payload      *expr.Value
	replacements []*replacementPlan
	declared     []string                            // media types the operation declares
	encodings    map[string]map[string]wire.Encoding // by declared media type
}

type replacementPlan struct {
	target string
	value  *expr.Value
}

// criterionPlan is a compiled Criterion Object.
type criterionPlan struct {
	cond *expr.Condition
	text expr.Criterion
}

// outputPlan is a compiled output.
type outputPlan struct {
	name  string
	value *expr.Expression
}

// actionPlan is a compiled success or failure action.
type actionPlan struct {
	name     string
	typ      string
	source   string // ActionFromStep or ActionFromWorkflow
	failure  bool
	criteria []*criterionPlan

	stepID     string // goto or retry target step, "" when none
	stepIndex  int
	workflowID string // the target workflow as written, "" when none
	workflow   *workflowPlan

	retryAfter time.Duration
	retryLimit int
}

// record returns the ActionRecord of the action.
func (a *actionPlan) record() *ActionRecord {
	r := &ActionRecord{Name: a.name, Type: a.typ, Source: a.source}
	switch {
	case a.stepID != "":
		r.Target, r.TargetKind = a.stepID, "step"
	case a.workflowID != "":
		r.Target, r.TargetKind = a.workflowID, "workflow"
	}
	return r
}

// compiler builds the plans of a bundle, collecting problems as
// diagnostics.
type compiler struct {
	bundle *arazzo.Bundle
	cfg    *config
	docs   map[*arazzo.Document]*docPlan
	diags  arazzo.Diagnostics
	// pending holds workflows whose plan exists but is not compiled yet.
	pending []*pendingWorkflow
}

type pendingWorkflow struct {
	plan *workflowPlan
	wf   *arazzo.Workflow
}

// compile compiles every workflow of the entry document and every
// workflow those reach.
func compile(b *arazzo.Bundle, cfg *config) (*docPlan, arazzo.Diagnostics) {
	c := &compiler{bundle: b, cfg: cfg, docs: map[*arazzo.Document]*docPlan{}}
	entry := c.docPlan(b.Entry)
	for _, wf := range b.Entry.Workflows {
		if wf != nil && wf.WorkflowID != "" {
			c.workflow(entry, wf)
		}
	}
	for len(c.pending) > 0 {
		p := c.pending[0]
		c.pending = c.pending[1:]
		c.fill(p.plan, p.wf)
	}
	c.checkCycles(entry)
	for doc, dp := range c.docs {
		if raw := doc.Raw(); raw != nil {
			dp.components, _ = jsonpointer.Get(raw, "/components")
		}
		dp.sources = map[string]sourceInfo{}
		for _, src := range c.bundle.Sources(doc) {
			if _, dup := dp.sources[src.Name]; !dup {
				dp.sources[src.Name] = sourceInfo{url: src.URL, kind: src.Kind}
			}
		}
		dp.doc = nil
	}
	return entry, c.diags
}

func (c *compiler) docPlan(doc *arazzo.Document) *docPlan {
	if dp, ok := c.docs[doc]; ok {
		return dp
	}
	dp := &docPlan{doc: doc, workflows: map[string]*workflowPlan{}}
	c.docs[doc] = dp
	return dp
}

// errorf records an error about the object at loc in doc.
func (c *compiler) errorf(doc *arazzo.Document, loc arazzo.Location, rule, format string, args ...any) {
	c.diags = append(c.diags, arazzo.Diagnostic{
		Severity: arazzo.SeverityError, Rule: rule, Message: fmt.Sprintf(format, args...),
		File: doc.File(), Range: loc.Range, Pointer: loc.Pointer,
	})
}

// at narrows loc, the location of an object, to the position of an
// expression error inside its member field (a JSON Pointer suffix, "" for
// the object's own value): the string holding the expression, and the
// offset of the problem in it when err carries one.
func (c *compiler) at(doc *arazzo.Document, loc arazzo.Location, field string, err error) arazzo.Location {
	pointer := loc.Pointer + field
	var ve *expr.ValueError
	if errors.As(err, &ve) {
		pointer += ve.Pointer
	}
	var se *expr.SyntaxError
	if !errors.As(err, &se) {
		return loc
	}
	pos := doc.LocateInString(pointer, se.Offset)
	if !pos.IsValid() {
		return loc
	}
	return arazzo.Location{Pointer: pointer, Range: arazzo.Range{Start: pos, End: pos}}
}

// workflow returns the plan of wf, creating it (to be filled later) when it
// is new. The first workflow of a given id wins; the validator reports
// duplicates.
func (c *compiler) workflow(dp *docPlan, wf *arazzo.Workflow) *workflowPlan {
	if p, ok := dp.workflows[wf.WorkflowID]; ok {
		return p
	}
	p := &workflowPlan{id: wf.WorkflowID, loc: wf.Loc, doc: dp, stepIndex: map[string]int{}}
	dp.workflows[wf.WorkflowID] = p
	c.pending = append(c.pending, &pendingWorkflow{plan: p, wf: wf})
	return p
}

// findWorkflow resolves a workflow reference written in doc: a plain
// workflowId of doc, or "$sourceDescriptions.<name>.<workflowId>" for a
// workflow of an Arazzo source. It returns nil and a reason when it names
// nothing.
func (c *compiler) findWorkflow(dp *docPlan, ref string) (*workflowPlan, string) {
	doc := dp.doc
	id := ref
	if strings.HasPrefix(ref, "$sourceDescriptions.") {
		name, rest, ok := strings.Cut(strings.TrimPrefix(ref, "$sourceDescriptions."), ".")
		if !ok || name == "" || rest == "" {
			return nil, fmt.Sprintf("%q is not of the form $sourceDescriptions.<name>.<workflowId>", ref)
		}
		src := c.bundle.Source(doc, name)
		switch {
		case src == nil:
			return nil, fmt.Sprintf("no source description is named %q", name)
		case src.Err != nil:
			return nil, fmt.Sprintf("source %q could not be loaded", name)
		case src.Document == nil:
			return nil, fmt.Sprintf("source %q is not an Arazzo document", name)
		}
		doc, id = src.Document, rest
		dp = c.docPlan(doc)
	}
	for _, wf := range doc.Workflows {
		if wf != nil && wf.WorkflowID == id {
			return c.workflow(dp, wf), ""
		}
	}
	if doc != c.bundle.Entry {
		return nil, fmt.Sprintf("%s has no workflow %q", doc.File(), id)
	}
	return nil, fmt.Sprintf("no workflow %q", id)
}

// fill compiles the body of a workflow plan.
func (c *compiler) fill(p *workflowPlan, wf *arazzo.Workflow) {
	dp := p.doc
	doc := dp.doc
	is, err := arazzo.CompileInputs(doc, wf)
	if err != nil {
		loc := wf.Loc
		if se, ok := err.(*arazzo.InputSchemaError); ok {
			loc.Pointer = se.Pointer
			if r, ok := doc.Locate(se.Pointer); ok {
				loc.Range = r
			}
		}
		c.errorf(doc, loc, ruleBadInputs, "%v", err)
	} else {
		p.inputs = is
		p.secrets = is.Secrets()
	}
	for _, ref := range wf.DependsOn {
		if ref == "" {
			continue
		}
		dep, why := c.findWorkflow(dp, ref)
		if dep == nil {
			c.errorf(doc, wf.Loc, ruleUnknownWorkflow, "workflow %q depends on %q: %s", wf.WorkflowID, ref, why)
			continue
		}
		p.dependsOn = append(p.dependsOn, dep)
	}
	for i, s := range wf.Steps {
		if s == nil {
			continue
		}
		if _, dup := p.stepIndex[s.StepID]; !dup {
			p.stepIndex[s.StepID] = i
		}
	}
	wfSuccess := c.successActions(p, wf.SuccessActions, ActionFromWorkflow)
	wfFailure := c.failureActions(p, wf.FailureActions, ActionFromWorkflow)
	for i, s := range wf.Steps {
		if s == nil {
			continue
		}
		sp := &stepPlan{id: s.StepID, index: i, wf: p}
		c.step(sp, wf, s)
		sp.onSuccess = mergeActions(c.successActions(p, s.OnSuccess, ActionFromStep), wfSuccess)
		sp.onFailure = mergeActions(c.failureActions(p, s.OnFailure, ActionFromStep), wfFailure)
		p.steps = append(p.steps, sp)
	}
	p.outputs = c.outputs(doc, wf.Outputs)
}

// step binds a step to its target and compiles its parts.
func (c *compiler) step(sp *stepPlan, wf *arazzo.Workflow, s *arazzo.Step) {
	doc := sp.wf.doc.doc
	switch {
	case s.WorkflowID != "":
		child, why := c.findWorkflow(sp.wf.doc, s.WorkflowID)
		if child == nil {
			c.errorf(doc, s.Loc, ruleUnknownWorkflow, "step %q calls workflow %q: %s", s.StepID, s.WorkflowID, why)
		}
		sp.child = child
		sp.params = c.parameters(sp, wf.Parameters, s.Parameters, nil)
	case s.OperationID != "" || s.OperationPath != "":
		op, src, why := c.operation(doc, s)
		if op == nil {
			c.errorf(doc, s.Loc, ruleUnknownOperation, "step %q: %s", s.StepID, why)
			break
		}
		sp.method, sp.path, sp.source, sp.op = op.Method, op.Path, src.Name, op
		sp.label = op.OperationID
		if sp.label == "" {
			sp.label = op.String()
		}
		sp.server, sp.noServer = c.server(src, op)
		sp.params = c.parameters(sp, wf.Parameters, s.Parameters, op)
		if s.RequestBody != nil {
			sp.body = c.body(doc, s.RequestBody, op)
		}
	default:
		c.errorf(doc, s.Loc, ruleStepTarget, "step %q has no operationId, operationPath or workflowId", s.StepID)
	}
	for _, cr := range s.SuccessCriteria {
		if cp := c.criterion(doc, cr); cp != nil {
			sp.criteria = append(sp.criteria, cp)
		}
	}
	if len(s.SuccessCriteria) == 0 && sp.method != "" && c.cfg.requireSuccess {
		cp := c.criterion(doc, &arazzo.Criterion{Condition: "$statusCode >= 200 && $statusCode < 300"})
		sp.criteria = append(sp.criteria, cp)
	}
	sp.outputs = c.outputs(doc, s.Outputs)
}

// operation resolves the operation of a step (BIND-02, BIND-03).
func (c *compiler) operation(doc *arazzo.Document, s *arazzo.Step) (*oas.Operation, *arazzo.Source, string) {
	if s.OperationPath != "" {
		return c.operationAt(doc, s.OperationPath)
	}
	id := s.OperationID
	if strings.HasPrefix(id, "$sourceDescriptions.") {
		name, opID, ok := strings.Cut(strings.TrimPrefix(id, "$sourceDescriptions."), ".")
		if !ok || name == "" || opID == "" {
			return nil, nil, fmt.Sprintf("operationId %q is not of the form $sourceDescriptions.<name>.<operationId>", id)
		}
		src, why := c.openAPISource(doc, name)
		if src == nil {
			return nil, nil, why
		}
		op, ok := src.OpenAPI().OperationByID(opID)
		if !ok {
			return nil, nil, fmt.Sprintf("source %q has no operation with operationId %q", name, opID)
		}
		return op, src, ""
	}
	var found []*oas.Operation
	var srcs []*arazzo.Source
	for _, src := range c.bundle.Sources(doc) {
		if api := src.OpenAPI(); api != nil {
			if op, ok := api.OperationByID(id); ok {
				found = append(found, op)
				srcs = append(srcs, src)
			}
		}
	}
	switch len(found) {
	case 0:
		return nil, nil, fmt.Sprintf("no source description has an operation with operationId %q", id)
	case 1:
		return found[0], srcs[0], ""
	}
	names := make([]string, len(srcs))
	for i, s := range srcs {
		names[i] = fmt.Sprintf("%q", s.Name)
	}
	return nil, nil, fmt.Sprintf("operationId %q is ambiguous: sources %s all have it; write $sourceDescriptions.<name>.%s", id, strings.Join(names, ", "), id)
}

// operationAt resolves an operationPath in either form of AMB-53:
// "{$sourceDescriptions.<name>.url}#<pointer>" or
// "$sourceDescriptions.<name>#<pointer>".
func (c *compiler) operationAt(doc *arazzo.Document, path string) (*oas.Operation, *arazzo.Source, string) {
	name, pointer, ok := splitOperationPath(path)
	if !ok {
		return nil, nil, fmt.Sprintf("operationPath %q is not of the form {$sourceDescriptions.<name>.url}#<JSON pointer>", path)
	}
	src, why := c.openAPISource(doc, name)
	if src == nil {
		return nil, nil, why
	}
	op, err := src.OpenAPI().OperationAt(pointer)
	if err != nil {
		return nil, nil, fmt.Sprintf("operationPath %q: %v", path, err)
	}
	return op, src, ""
}

// splitOperationPath splits an operationPath into the source name and the
// JSON Pointer (as a URI fragment).
func splitOperationPath(path string) (name, pointer string, ok bool) {
	var ref, rest string
	if strings.HasPrefix(path, "{") {
		end := strings.IndexByte(path, '}')
		if end < 0 {
			return "", "", false
		}
		ref, rest = path[1:end], path[end+1:]
	} else {
		i := strings.IndexByte(path, '#')
		if i < 0 {
			return "", "", false
		}
		ref, rest = path[:i], path[i:]
	}
	if !strings.HasPrefix(rest, "#") || !strings.HasPrefix(ref, "$sourceDescriptions.") {
		return "", "", false
	}
	name, field, _ := strings.Cut(strings.TrimPrefix(ref, "$sourceDescriptions."), ".")
	if name == "" || (field != "" && field != "url") {
		return "", "", false
	}
	return name, rest[1:], true
}

// openAPISource returns the loaded OpenAPI source of doc named name.
func (c *compiler) openAPISource(doc *arazzo.Document, name string) (*arazzo.Source, string) {
	src := c.bundle.Source(doc, name)
	switch {
	case src == nil:
		return nil, fmt.Sprintf("no source description is named %q", name)
	case src.Err != nil:
		return nil, fmt.Sprintf("source %q could not be loaded", name)
	case src.OpenAPI() == nil:
		return nil, fmt.Sprintf("source %q is not an OpenAPI description", name)
	}
	return src, ""
}

// server picks the base URL of an operation (AMB-54): the override for its
// source, else its first server when that is an http(s) URL.
func (c *compiler) server(src *arazzo.Source, op *oas.Operation) (string, string) {
	if u, ok := c.cfg.servers[src.Name]; ok {
		return u, ""
	}
	if len(op.Servers) == 0 {
		return "", fmt.Sprintf("source %q declares no server; set one with the runtime.Server option", src.Name)
	}
	u := op.Servers[0].URL
	if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
		return "", fmt.Sprintf("the server of source %q is %q, not an http or https URL; set one with the runtime.Server option", src.Name, u)
	}
	return strings.TrimSuffix(u, "/"), ""
}

// resolvedParam is a parameter with a Reusable Object resolved.
type resolvedParam struct {
	name, in string
	value    any
	loc      arazzo.Location
}

// resolveParameter resolves a parameter entry written in doc: an inline
// parameter, or a reference to components.parameters with an optional
// value that overrides the component's (COMP-12).
func (c *compiler) resolveParameter(doc *arazzo.Document, p *arazzo.Parameter) (resolvedParam, bool) {
	if p.Reusable == nil {
		return resolvedParam{name: p.Name, in: p.In, value: p.Value, loc: p.Loc}, true
	}
	comp := component(c, doc, p.Reusable, p.Loc, "parameters", "parameter",
		func(cs *arazzo.Components) map[string]*arazzo.Parameter { return cs.Parameters })
	if comp == nil {
		return resolvedParam{}, false
	}
	r := resolvedParam{name: comp.Name, in: comp.In, value: comp.Value, loc: p.Loc}
	if p.Reusable.HasValue {
		r.value = p.Reusable.Value
	}
	return r, true
}

// component returns the component of doc's components.<kind> that r
// references ("$components.<kind>.<name>"), read from its table; when
// there is none it reports the reference, naming it as a what, and
// returns nil.
func component[T any](c *compiler, doc *arazzo.Document, r *arazzo.Reusable, loc arazzo.Location, kind, what string,
	table func(*arazzo.Components) map[string]*T) *T {
	name, ok := strings.CutPrefix(r.Reference, "$components."+kind+".")
	var comp *T
	if ok && name != "" && doc.Components != nil {
		comp = table(doc.Components)[name]
	}
	if comp == nil {
		c.errorf(doc, loc, ruleUnknownComponent, "%s reference %q names no %s in components.%s", what, r.Reference, what, kind)
	}
	return comp
}

// parameters merges the workflow's parameters with the step's (AMB-08,
// AMB-10, AMB-11) and compiles them: the step's in order, then the
// workflow's that the step does not redefine. Parameters are identified by
// location and name, header names case-insensitively; for a step that
// calls a workflow, by name alone, and the location is ignored. op is nil
// for such a step.
func (c *compiler) parameters(sp *stepPlan, wfParams, stepParams []*arazzo.Parameter, op *oas.Operation) []*paramPlan {
	doc := sp.wf.doc.doc
	key := func(r resolvedParam) string {
		if op == nil {
			return r.name
		}
		if r.in == arazzo.InHeader {
			return r.in + "\x00" + strings.ToLower(r.name)
		}
		return r.in + "\x00" + r.name
	}
	var merged []resolvedParam
	seen := map[string]bool{}
	for _, list := range [][]*arazzo.Parameter{stepParams, wfParams} {
		for _, p := range list {
			if p == nil {
				continue
			}
			r, ok := c.resolveParameter(doc, p)
			if !ok {
				continue
			}
			k := key(r)
			if seen[k] {
				continue
			}
			seen[k] = true
			merged = append(merged, r)
		}
	}
	var out []*paramPlan
	for _, r := range merged {
		if op != nil && r.in == "" {
			c.errorf(doc, r.loc, ruleParameterIn, "parameter %q of step %q has no \"in\"; a parameter of an operation step needs one (AMB-11)", r.name, sp.id)
			continue
		}
		if op != nil && r.in == arazzo.InPath && !strings.Contains(op.Path, "{"+r.name+"}") {
			// A path parameter the path has no place for cannot be sent;
			// the validator warns about it (undeclared-parameter).
			continue
		}
		v, err := expr.CompileValue(r.value)
		if err != nil {
			c.errorf(doc, c.at(doc, r.loc, "/value", err), ruleBadExpression, "parameter %q of step %q: %v", r.name, sp.id, err)
			continue
		}
		pp := &paramPlan{name: r.name, value: v}
		if op != nil {
			pp.in = r.in
			pp.wire = wire.Param{Name: r.name}
			pp.secret = op.UsesSecurityName(r.in, r.name)
			if decl, ok := op.Parameter(r.name, r.in); ok {
				explode := decl.Explode
				pp.wire = wire.Param{Name: decl.Name, Style: decl.Style, Explode: &explode,
					AllowReserved: decl.AllowReserved, ContentType: decl.ContentType}
				pp.name = decl.Name
				pp.required = decl.Required
			}
		}
		out = append(out, pp)
	}
	return out
}

// body compiles a request body for an operation.
func (c *compiler) body(doc *arazzo.Document, rb *arazzo.RequestBody, op *oas.Operation) *bodyPlan {
	bp := &bodyPlan{contentType: rb.ContentType}
	if rb.HasPayload {
		v, err := expr.CompileValue(rb.Payload)
		if err != nil {
			c.errorf(doc, c.at(doc, rb.Loc, "/payload", err), ruleBadExpression, "request body payload: %v", err)
			return nil
		}
		bp.payload = v
	}
	for _, r := range rb.Replacements {
		if r == nil {
			continue
		}
		v, err := expr.CompileValue(r.Value)
		if err != nil {
			c.errorf(doc, c.at(doc, r.Loc, "/value", err), ruleBadExpression, "payload replacement %q: %v", r.Target, err)
			continue
		}
		bp.replacements = append(bp.replacements, &replacementPlan{target: r.Target, value: v})
	}
	if op.RequestBody != nil {
		bp.encodings = map[string]map[string]wire.Encoding{}
		for _, mt := range op.RequestBody.Content {
			bp.declared = append(bp.declared, mt.Name)
			if len(mt.Encoding) == 0 {
				continue
			}
			encs := map[string]wire.Encoding{}
			for name, e := range mt.Encoding {
				we := wire.Encoding{ContentType: e.ContentType}
				if e.Styled {
					explode := e.Explode
					we.Style, we.Explode, we.AllowReserved = e.Style, &explode, e.AllowReserved
				}
				encs[name] = we
			}
			bp.encodings[strings.ToLower(mt.Name)] = encs
		}
	}
	return bp
}

// encodingsFor returns the Encoding Objects of the declared media type mt.
func (bp *bodyPlan) encodingsFor(mt string) map[string]wire.Encoding {
	if len(bp.encodings) == 0 {
		return nil
	}
	base, _, _ := strings.Cut(mt, ";")
	return bp.encodings[strings.ToLower(strings.TrimSpace(base))]
}

// criterion compiles a Criterion Object.
func (c *compiler) criterion(doc *arazzo.Document, cr *arazzo.Criterion) *criterionPlan {
	if cr == nil {
		return nil
	}
	text := expr.Criterion{Context: cr.Context, Condition: cr.Condition, Type: cr.Type, Version: cr.Version()}
	cond, err := expr.CompileCriterion(text, c.cfg.criterionOptions()...)
	if err != nil {
		loc := cr.Loc
		var ce *expr.CriterionError
		if errors.As(err, &ce) {
			loc = c.at(doc, cr.Loc, "/"+ce.Field, ce.Err)
		}
		if errors.Is(err, expr.ErrUnsupported) {
			// Valid Arazzo, which the validator only warns about, but
			// this engine could not run it: refused under the same rule
			// id, at the same place, so that the two findings can be
			// matched.
			if ce != nil && ce.Field == "version" && cr.ExpressionType != nil {
				pointer := cr.ExpressionType.Loc.Pointer + "/version"
				if rg, ok := doc.Locate(pointer); ok {
					loc = arazzo.Location{Pointer: pointer, Range: rg}
				}
			}
			c.errorf(doc, loc, ruleUnsupportedCriterion, "this engine cannot evaluate the criterion: %v", err)
			return nil
		}
		c.errorf(doc, loc, ruleBadCriterion, "%v", err)
		return nil
	}
	if text.Type == "" {
		text.Type = arazzo.CriterionSimple
	}
	return &criterionPlan{cond: cond, text: text}
}

// criteria compiles a list of Criterion Objects.
func (c *compiler) criteria(doc *arazzo.Document, list []*arazzo.Criterion) []*criterionPlan {
	var out []*criterionPlan
	for _, cr := range list {
		if cp := c.criterion(doc, cr); cp != nil {
			out = append(out, cp)
		}
	}
	return out
}

// outputs compiles an outputs map. Each output is one runtime expression
// (OUT-03), which keeps the type of its value (OUT-08).
func (c *compiler) outputs(doc *arazzo.Document, outs arazzo.Outputs) []*outputPlan {
	var plans []*outputPlan
	for _, o := range outs {
		if o == nil {
			continue
		}
		v, err := expr.Parse(o.Expression)
		if err != nil {
			c.errorf(doc, c.at(doc, o.Loc, "", err), ruleBadExpression, "output %q: %v", o.Name, err)
			continue
		}
		plans = append(plans, &outputPlan{name: o.Name, value: v})
	}
	return plans
}

// successActions compiles a list of success actions and references to
// them.
func (c *compiler) successActions(p *workflowPlan, list []*arazzo.SuccessAction, source string) []*actionPlan {
	doc := p.doc.doc
	var out []*actionPlan
	for _, a := range list {
		if a == nil {
			continue
		}
		loc := a.Loc
		if a.Reusable != nil {
			comp := component(c, doc, a.Reusable, loc, "successActions", "action",
				func(cs *arazzo.Components) map[string]*arazzo.SuccessAction { return cs.SuccessActions })
			if comp == nil {
				continue
			}
			a = comp
		}
		ap := &actionPlan{name: a.Name, typ: a.Type, source: source, criteria: c.criteria(doc, a.Criteria)}
		if c.target(p, ap, a.StepID, a.WorkflowID, loc) {
			out = append(out, ap)
		}
	}
	return out
}

// failureActions compiles a list of failure actions and references to
// them.
func (c *compiler) failureActions(p *workflowPlan, list []*arazzo.FailureAction, source string) []*actionPlan {
	doc := p.doc.doc
	var out []*actionPlan
	for _, a := range list {
		if a == nil {
			continue
		}
		loc := a.Loc
		if a.Reusable != nil {
			comp := component(c, doc, a.Reusable, loc, "failureActions", "action",
				func(cs *arazzo.Components) map[string]*arazzo.FailureAction { return cs.FailureActions })
			if comp == nil {
				continue
			}
			a = comp
		}
		ap := &actionPlan{name: a.Name, typ: a.Type, source: source, failure: true, criteria: c.criteria(doc, a.Criteria),
			retryLimit: 1} // ACT-22: one retry when retryLimit is omitted
		if a.RetryLimit != nil {
			ap.retryLimit = int(min(max(*a.RetryLimit, 0), math.MaxInt32))
		}
		if a.RetryAfter != nil && *a.RetryAfter > 0 {
			ap.retryAfter = secondsToDuration(*a.RetryAfter)
		}
		if c.target(p, ap, a.StepID, a.WorkflowID, loc) {
			out = append(out, ap)
		}
	}
	return out
}

// secondsToDuration converts fractional seconds, saturating.
func secondsToDuration(s float64) time.Duration {
	d := s * float64(time.Second)
	if d >= math.MaxInt64 || math.IsNaN(d) {
		return math.MaxInt64
	}
	return time.Duration(d)
}

// target resolves the stepId or workflowId of an action and checks that
// its type is one the engine knows.
func (c *compiler) target(p *workflowPlan, ap *actionPlan, stepID, workflowID string, loc arazzo.Location) bool {
	doc := p.doc.doc
	switch ap.typ {
	case arazzo.ActionEnd, arazzo.ActionGoto:
	case arazzo.ActionRetry:
		if !ap.failure {
			c.errorf(doc, loc, ruleBadAction, "action %q: a success action cannot retry", ap.name)
			return false
		}
	default:
		c.errorf(doc, loc, ruleBadAction, "action %q has type %q; want end, goto or retry", ap.name, ap.typ)
		return false
	}
	if ap.typ == arazzo.ActionEnd {
		return true
	}
	switch {
	case stepID != "":
		i, ok := p.stepIndex[stepID]
		if !ok {
			c.errorf(doc, loc, ruleUnknownStep, "action %q goes to step %q, which workflow %q does not have", ap.name, stepID, p.id)
			return false
		}
		ap.stepID, ap.stepIndex = stepID, i
	case workflowID != "":
		wp, why := c.findWorkflow(p.doc, workflowID)
		if wp == nil {
			c.errorf(doc, loc, ruleUnknownWorkflow, "action %q goes to workflow %q: %s", ap.name, workflowID, why)
			return false
		}
		ap.workflowID, ap.workflow = workflowID, wp
	case ap.typ == arazzo.ActionGoto:
		c.errorf(doc, loc, ruleBadAction, "goto action %q names neither a stepId nor a workflowId", ap.name)
		return false
	}
	return true
}

// mergeActions returns the step's actions followed by the workflow's
// whose names the step does not use (AMB-08).
func mergeActions(step, workflow []*actionPlan) []*actionPlan {
	if len(workflow) == 0 {
		return step
	}
	used := map[string]bool{}
	for _, a := range step {
		used[a.name] = true
	}
	out := append([]*actionPlan(nil), step...)
	for _, a := range workflow {
		if !used[a.name] {
			out = append(out, a)
		}
	}
	return out
}

// checkCycles reports dependsOn cycles, which would make a run wait on
// itself.
func (c *compiler) checkCycles(entry *docPlan) {
	const (
		unvisited = iota
		visiting
		done
	)
	state := map[*workflowPlan]int{}
	var visit func(p *workflowPlan, path []string) bool
	visit = func(p *workflowPlan, path []string) bool {
		switch state[p] {
		case visiting:
			c.errorf(p.doc.doc, p.loc, ruleDependencyCycle, "dependsOn forms a cycle: %s -> %s", strings.Join(path, " -> "), p.id)
			return false
		case done:
			return true
		}
		state[p] = visiting
		for _, d := range p.dependsOn {
			if !visit(d, append(path, p.id)) {
				state[p] = done
				return false
			}
		}
		state[p] = done
		return true
	}
	var all []*workflowPlan
	for _, dp := range c.docs {
		for _, p := range dp.workflows {
			all = append(all, p)
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].id < all[j].id })
	for _, p := range all {
		visit(p, nil)
	}
}
