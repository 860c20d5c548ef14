package expr

import "strings"

// MapContext is a [Context] backed by plain Go values, for tests, examples
// and tools that evaluate expressions outside a workflow run. A nil map or
// pointer means the values it would hold are absent. Header names are
// looked up exactly first and then case-insensitively, so a header map
// should not hold two names that differ only in case. A MapContext must
// not be modified while expressions are evaluated against it.
type MapContext struct {
	// Request is the request of the current step; nil when there is none.
	Request *MapRequest
	// Response is the response of the current step; nil when there is
	// none.
	Response *MapResponse
	// Inputs holds the inputs of the current workflow ($inputs.name).
	Inputs map[string]any
	// Outputs holds the outputs of the current workflow ($outputs.name).
	Outputs map[string]any
	// Steps maps a step id to its outputs ($steps.id.outputs.name).
	Steps map[string]map[string]any
	// WorkflowInputs maps a workflow id to its inputs
	// ($workflows.id.inputs.name).
	WorkflowInputs map[string]map[string]any
	// WorkflowOutputs maps a workflow id to its outputs
	// ($workflows.id.outputs.name).
	WorkflowOutputs map[string]map[string]any
	// SourceDescriptions maps a source description name to the values of
	// its references ($sourceDescriptions.name.ref).
	SourceDescriptions map[string]map[string]any
	// Components maps a component type ("parameters", "successActions",
	// "failureActions", "inputs") to its components by name.
	Components map[string]map[string]any
}

// MapRequest is the request part of a [MapContext].
type MapRequest struct {
	URL    string            // $url; "" when absent
	Method string            // $method; "" when absent
	Header map[string]string // matched case-insensitively
	Query  map[string]any
	Path   map[string]any
	Body   any // nil when no body was sent
}

// MapResponse is the response part of a [MapContext].
type MapResponse struct {
	StatusCode int               // $statusCode; 0 when absent
	Header     map[string]string // matched case-insensitively
	Body       any               // nil when no body was received
}

var _ Context = (*MapContext)(nil)

// URL implements [Context].
func (m *MapContext) URL() (string, bool) {
	if m.Request == nil || m.Request.URL == "" {
		return "", false
	}
	return m.Request.URL, true
}

// Method implements [Context].
func (m *MapContext) Method() (string, bool) {
	if m.Request == nil || m.Request.Method == "" {
		return "", false
	}
	return m.Request.Method, true
}

// StatusCode implements [Context].
func (m *MapContext) StatusCode() (int, bool) {
	if m.Response == nil || m.Response.StatusCode == 0 {
		return 0, false
	}
	return m.Response.StatusCode, true
}

// RequestHeader implements [Context].
func (m *MapContext) RequestHeader(name string) (string, bool) {
	if m.Request == nil {
		return "", false
	}
	return header(m.Request.Header, name)
}

// RequestQuery implements [Context].
func (m *MapContext) RequestQuery(name string) (any, bool) {
	if m.Request == nil {
		return nil, false
	}
	v, ok := m.Request.Query[name]
	return v, ok
}

// RequestPath implements [Context].
func (m *MapContext) RequestPath(name string) (any, bool) {
	if m.Request == nil {
		return nil, false
	}
	v, ok := m.Request.Path[name]
	return v, ok
}

// RequestBody implements [Context].
func (m *MapContext) RequestBody() (any, bool) {
	if m.Request == nil || m.Request.Body == nil {
		return nil, false
	}
	return m.Request.Body, true
}

// ResponseHeader implements [Context].
func (m *MapContext) ResponseHeader(name string) (string, bool) {
	if m.Response == nil {
		return "", false
	}
	return header(m.Response.Header, name)
}

// ResponseBody implements [Context].
func (m *MapContext) ResponseBody() (any, bool) {
	if m.Response == nil || m.Response.Body == nil {
		return nil, false
	}
	return m.Response.Body, true
}

// Input implements [Context].
func (m *MapContext) Input(name string) (any, bool) {
	v, ok := m.Inputs[name]
	return v, ok
}

// Output implements [Context].
func (m *MapContext) Output(name string) (any, bool) {
	v, ok := m.Outputs[name]
	return v, ok
}

// StepOutput implements [Context].
func (m *MapContext) StepOutput(stepID, name string) (any, bool) {
	v, ok := m.Steps[stepID][name]
	return v, ok
}

// WorkflowInput implements [Context].
func (m *MapContext) WorkflowInput(workflowID, name string) (any, bool) {
	v, ok := m.WorkflowInputs[workflowID][name]
	return v, ok
}

// WorkflowOutput implements [Context].
func (m *MapContext) WorkflowOutput(workflowID, name string) (any, bool) {
	v, ok := m.WorkflowOutputs[workflowID][name]
	return v, ok
}

// SourceDescription implements [Context].
func (m *MapContext) SourceDescription(name, ref string) (any, bool) {
	v, ok := m.SourceDescriptions[name][ref]
	return v, ok
}

// Component implements [Context].
func (m *MapContext) Component(kind, name string) (any, bool) {
	v, ok := m.Components[kind][name]
	return v, ok
}

// header looks name up exactly, then case-insensitively.
func header(h map[string]string, name string) (string, bool) {
	if v, ok := h[name]; ok {
		return v, true
	}
	for k, v := range h {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return "", false
}
