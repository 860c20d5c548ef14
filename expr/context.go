package expr

// Context supplies the values that runtime expressions read. The runtime
// implements it for each step attempt; tests implement it with maps.
//
// Every method returns ok == false when the value does not exist in this
// context (no response yet, an input that was not given, a step that has not
// run). Evaluation turns that into an [UnresolvedError]; it never substitutes
// a Go zero value. Methods must be safe to call from several goroutines when
// the Context itself is shared, and must not modify the values they return.
type Context interface {
	// URL returns the full URL of the current step's request ($url).
	URL() (string, bool)
	// Method returns the HTTP method of the current request ($method).
	Method() (string, bool)
	// StatusCode returns the HTTP status code of the current response
	// ($statusCode).
	StatusCode() (int, bool)

	// RequestHeader returns the first value of a request header. name is
	// the header name as written in the expression; expressions do no case
	// folding, so the implementation must match it case-insensitively.
	RequestHeader(name string) (string, bool)
	// RequestQuery returns the value sent for a query parameter declared by
	// the operation.
	RequestQuery(name string) (any, bool)
	// RequestPath returns the value sent for a path parameter.
	RequestPath(name string) (any, bool)
	// RequestBody returns the request body that was sent: a plain JSON
	// value for JSON bodies, a string otherwise.
	RequestBody() (any, bool)

	// ResponseHeader returns the first value of a response header. name is
	// the header name as written in the expression; expressions do no case
	// folding, so the implementation must match it case-insensitively.
	ResponseHeader(name string) (string, bool)
	// ResponseBody returns the decoded response body: a plain JSON value
	// for JSON media types, a string otherwise.
	ResponseBody() (any, bool)

	// Input returns a workflow input of the current workflow ($inputs.name).
	Input(name string) (any, bool)
	// Output returns an output of the current workflow ($outputs.name).
	Output(name string) (any, bool)
	// StepOutput returns an output of a step of the current workflow
	// ($steps.id.outputs.name).
	StepOutput(stepID, name string) (any, bool)
	// WorkflowInput returns an input of another workflow of the run
	// ($workflows.id.inputs.name).
	WorkflowInput(workflowID, name string) (any, bool)
	// WorkflowOutput returns an output of another workflow of the run
	// ($workflows.id.outputs.name).
	WorkflowOutput(workflowID, name string) (any, bool)
	// SourceDescription resolves $sourceDescriptions.name.ref: an
	// operationId or workflowId first, then a field of the Source
	// Description Object such as "url".
	SourceDescription(name, ref string) (any, bool)
	// Component returns a component by kind ("parameters",
	// "successActions", "failureActions", "inputs") and name, as plain JSON
	// values.
	Component(kind, name string) (any, bool)
}
