package runtime

import (
	"net/http"

	"github.com/arazzo-dev/arazzo/expr"
	"github.com/arazzo-dev/arazzo/internal/jsonpointer"
)

// evalContext is the [expr.Context] of one moment of a run: an attempt of a
// step (with its exchange, or the result of the workflow it called), or
// the end of a workflow. It is used by one goroutine at a time.
type evalContext struct {
	r  *run
	x  *wfExec
	ex *exchange // the HTTP exchange of the attempt; nil when none
	// child holds the outputs of the workflow a workflowId step called,
	// which $outputs reads inside that step's criteria and outputs
	// (AMB-37); hasChild says whether there is one.
	child    map[string]any
	hasChild bool
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
// after the Authenticate hook (BIND-08).
func (c *evalContext) RequestHeader(name string) (string, bool) {
	if c.ex == nil || !c.ex.sent {
		return "", false
	}
	return firstHeader(c.ex.header, name)
}

// RequestQuery implements expr.Context: the value sent for a query
// parameter, before serialisation.
func (c *evalContext) RequestQuery(name string) (any, bool) {
	if c.ex == nil || !c.ex.sent {
		return nil, false
	}
	v, ok := c.ex.query[name]
	return v, ok
}

// RequestPath implements expr.Context: the value sent for a path
// parameter, before serialisation.
func (c *evalContext) RequestPath(name string) (any, bool) {
	if c.ex == nil || !c.ex.sent {
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
// is returned (AMB-40).
func (c *evalContext) ResponseHeader(name string) (string, bool) {
	if c.ex == nil || c.ex.status == 0 {
		return "", false
	}
	return firstHeader(c.ex.respHeader, name)
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

// firstHeader returns the first value of a header, matching the name
// case-insensitively.
func firstHeader(h http.Header, name string) (string, bool) {
	if vs := h.Values(name); len(vs) > 0 {
		return vs[0], true
	}
	for k, vs := range h {
		if len(vs) > 0 && equalFoldASCII(k, name) {
			return vs[0], true
		}
	}
	return "", false
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
