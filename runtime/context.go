package runtime

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/arazzo-dev/arazzo/arazzo"
	"github.com/arazzo-dev/arazzo/expr"
	"github.com/arazzo-dev/arazzo/internal/jsonpointer"
)

// evalContext is the [expr.Context] of one moment of a run: an attempt of a
// step (with its exchange, or the result of the workflow it called), or
// the end of a workflow. It is used by one goroutine at a time.
type evalContext struct {
	r  *run
	x  *wfExec
	sp *stepPlan // the step of the attempt; nil at the end of a workflow
	ex *exchange // the HTTP exchange of the attempt; nil when none
	// child holds the outputs of the workflow a workflowId step called,
	// which $outputs reads inside that step's criteria and outputs
	// (AMB-37); hasChild says whether there is one.
	child    map[string]any
	hasChild bool
	// undeclared is set when an expression reads a request parameter
	// that the step's operation does not declare, which cannot be
	// evaluated (EXPR-20, AMB-41); see criterion.
	undeclared *undeclaredError
}

// undeclaredError says that a $request.query, .path or .header expression
// names a parameter the step's operation does not declare.
type undeclaredError struct {
	in, name, operation string
}

func (e *undeclaredError) Error() string {
	return fmt.Sprintf("$request.%s.%s cannot be evaluated: operation %s declares no %s parameter %q",
		e.in, e.name, e.operation, e.in, e.name)
}

// criterion evaluates a criterion in c. A criterion that reads a request
// parameter the step's operation does not declare cannot be evaluated
// (EXPR-20, AMB-41): it fails with an evaluation error, whatever it
// compares the missing value with.
func (c *evalContext) criterion(cp *criterionPlan) expr.Outcome {
	c.undeclared = nil
	o := cp.cond.Eval(c)
	if u := c.undeclared; u != nil {
		c.undeclared = nil
		return expr.Outcome{Reason: u.Error(), Err: u}
	}
	return o
}

// value evaluates an expression in c. One that does not resolve because
// it reads a request parameter the step's operation does not declare
// fails with that reason (AMB-41), as a criterion does, rather than with
// the parameter said to be missing: it may well have been sent.
func (c *evalContext) value(e *expr.Expression) (any, error) {
	c.undeclared = nil
	v, err := e.Eval(c)
	if u := c.undeclared; u != nil {
		c.undeclared = nil
		if err != nil {
			return nil, u
		}
	}
	return v, err
}

// declared reports whether the step's operation lets $request expressions
// read the parameter name in location in: the operation (or its path
// item) declares it, one of its security schemes carries a credential
// under that name (an Authorization header, an API key), or it is the
// Accept or Content-Type header. These are the references the validator
// does not flag as undeclared-request-reference. A name that does not
// pass is recorded in c.undeclared.
func (c *evalContext) declared(in, name string) bool {
	if c.sp == nil || c.sp.op == nil || c.sp.op.Accepts(in, name) {
		return true
	}
	if c.undeclared == nil {
		c.undeclared = &undeclaredError{in: in, name: name, operation: c.sp.label}
	}
	return false
}

var _ expr.Context = (*evalContext)(nil)

// URL implements expr.Context.
func (c *evalContext) URL() (string, bool) {
	if c.ex == nil || !c.ex.sent {
		return "", false
	}
	return c.ex.url, true
}

// Method implements expr.Context.
func (c *evalContext) Method() (string, bool) {
	if c.ex == nil || !c.ex.sent {
		return "", false
	}
	return c.ex.method, true
}

// StatusCode implements expr.Context.
func (c *evalContext) StatusCode() (int, bool) {
	if c.ex == nil || c.ex.status == 0 {
		return 0, false
	}
	return c.ex.status, true
}

// RequestHeader implements expr.Context. It reads the headers as sent,
// after the Authenticate hook (BIND-08), but only a header the operation
// declares (see declared). With several values, the first is returned,
// or all of them joined with [JoinHeaderValues] (AMB-40).
func (c *evalContext) RequestHeader(name string) (string, bool) {
	if !c.declared(arazzo.InHeader, name) || c.ex == nil || !c.ex.sent {
		return "", false
	}
	return headerValue(c.ex.header, name, c.r.cfg.joinHeaders)
}

// RequestQuery implements expr.Context: the value sent for a query
// parameter the operation declares, before serialisation. An undeclared
// parameter is sent all the same, but cannot be read (EXPR-20).
func (c *evalContext) RequestQuery(name string) (any, bool) {
	if !c.declared(arazzo.InQuery, name) || c.ex == nil || !c.ex.sent {
		return nil, false
	}
	v, ok := c.ex.query[name]
	return v, ok
}

// RequestPath implements expr.Context: the value sent for a path
// parameter the operation declares, before serialisation.
func (c *evalContext) RequestPath(name string) (any, bool) {
	if !c.declared(arazzo.InPath, name) || c.ex == nil || !c.ex.sent {
		return nil, false
	}
	v, ok := c.ex.path[name]
	return v, ok
}

// RequestBody implements expr.Context: the payload as sent, after the
// replacements.
func (c *evalContext) RequestBody() (any, bool) {
	if c.ex == nil || !c.ex.sent || !c.ex.hasBody {
		return nil, false
	}
	return c.ex.bodyValue, true
}

// ResponseHeader implements expr.Context. With several values, the first
// is returned, or all of them joined with [JoinHeaderValues] (AMB-40).
func (c *evalContext) ResponseHeader(name string) (string, bool) {
	if c.ex == nil || c.ex.status == 0 {
		return "", false
	}
	return headerValue(c.ex.respHeader, name, c.r.cfg.joinHeaders)
}

// ResponseBody implements expr.Context.
func (c *evalContext) ResponseBody() (any, bool) {
	if c.ex == nil || !c.ex.hasRespBody {
		return nil, false
	}
	return c.ex.respBody, true
}

// Input implements expr.Context.
func (c *evalContext) Input(name string) (any, bool) {
	v, ok := c.x.inputs[name]
	return v, ok
}

// Output implements expr.Context: the child workflow's outputs inside a
// workflowId step (AMB-37), else the current workflow's outputs evaluated
// so far.
func (c *evalContext) Output(name string) (any, bool) {
	if c.hasChild {
		v, ok := c.child[name]
		return v, ok
	}
	v, ok := c.x.outputs[name]
	return v, ok
}

// StepOutput implements expr.Context: the outputs of the most recent
// execution of a step of the current workflow (AMB-57).
func (c *evalContext) StepOutput(stepID, name string) (any, bool) {
	outs, ok := c.x.steps[stepID]
	if !ok {
		return nil, false
	}
	v, ok := outs[name]
	return v, ok
}

// WorkflowInput implements expr.Context: the inputs of the most recent
// execution of a workflow of the same document (AMB-57).
func (c *evalContext) WorkflowInput(workflowID, name string) (any, bool) {
	p := c.x.plan.doc.workflows[workflowID]
	if p == nil {
		return nil, false
	}
	x := c.r.latest(p, false)
	if x == nil {
		return nil, false
	}
	v, ok := x.inputs[name]
	return v, ok
}

// WorkflowOutput implements expr.Context: the outputs of the most recent
// completed execution of a workflow of the same document (AMB-57).
func (c *evalContext) WorkflowOutput(workflowID, name string) (any, bool) {
	p := c.x.plan.doc.workflows[workflowID]
	if p == nil {
		return nil, false
	}
	x := c.r.latest(p, true)
	if x == nil {
		return nil, false
	}
	v, ok := x.outputs[name]
	return v, ok
}

// SourceDescription implements expr.Context for the fields of a Source
// Description Object: url (resolved), name and type.
func (c *evalContext) SourceDescription(name, ref string) (any, bool) {
	src, ok := c.x.plan.doc.sources[name]
	if !ok {
		return nil, false
	}
	switch ref {
	case "url":
		return src.url, src.url != ""
	case "name":
		return name, true
	case "type":
		return src.kind, src.kind != ""
	}
	return nil, false
}

// Component implements expr.Context with the current document's
// components (COMP-07).
func (c *evalContext) Component(kind, name string) (any, bool) {
	v, err := jsonpointer.Get(c.x.plan.doc.components, "/"+jsonpointer.Escape(kind)+"/"+jsonpointer.Escape(name))
	return v, err == nil
}

// headerValue returns the value of a header, matching the name
// case-insensitively: its first value, or with join all its values
// joined with ", ".
func headerValue(h http.Header, name string, join bool) (string, bool) {
	vs := h.Values(name)
	if len(vs) == 0 {
		for k, kvs := range h {
			if len(kvs) > 0 && equalFoldASCII(k, name) {
				vs = kvs
				break
			}
		}
	}
	switch {
	case len(vs) == 0:
		return "", false
	case join && len(vs) > 1:
		return strings.Join(vs, ", "), true
	}
	return vs[0], true
}

func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
