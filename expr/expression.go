package expr

import "github.com/arazzo-dev/arazzo/internal/jsonpointer"

// Kind identifies the root of a runtime expression.
type Kind uint8

// The roots of runtime expressions, one per alternative of the grammar.
// $components.parameters.<name> is a [KindComponents] expression whose
// [Expression.ComponentType] is "parameters".
const (
	KindURL                Kind = iota + 1 // $url
	KindMethod                             // $method
	KindStatusCode                         // $statusCode
	KindRequest                            // $request.<source>
	KindResponse                           // $response.<source>
	KindInputs                             // $inputs.<name>
	KindOutputs                            // $outputs.<name>
	KindSteps                              // $steps.<stepId>.outputs.<name>
	KindWorkflows                          // $workflows.<workflowId>.<inputs|outputs>.<name>
	KindSourceDescriptions                 // $sourceDescriptions.<name>.<reference>
	KindComponents                         // $components.<type>.<name>
)

var kindNames = [...]string{
	KindURL:                "$url",
	KindMethod:             "$method",
	KindStatusCode:         "$statusCode",
	KindRequest:            "$request",
	KindResponse:           "$response",
	KindInputs:             "$inputs",
	KindOutputs:            "$outputs",
	KindSteps:              "$steps",
	KindWorkflows:          "$workflows",
	KindSourceDescriptions: "$sourceDescriptions",
	KindComponents:         "$components",
}

// String returns the root as it is written, such as "$inputs".
func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return "invalid"
}

// Source identifies the part of an HTTP message that a $request or
// $response expression reads.
type Source uint8

// The parts of an HTTP message an expression can read. SourceNone is the
// source of every expression that is neither $request nor $response.
const (
	SourceNone   Source = iota
	SourceHeader        // header.<token>
	SourceQuery         // query.<name>
	SourcePath          // path.<name>
	SourceBody          // body[#<json-pointer>]
)

// String returns the source as it is written ("header", "query", "path",
// "body"), or "" for SourceNone.
func (s Source) String() string {
	switch s {
	case SourceHeader:
		return "header"
	case SourceQuery:
		return "query"
	case SourcePath:
		return "path"
	case SourceBody:
		return "body"
	}
	return ""
}

// Expression is a parsed runtime expression. It is immutable and safe for
// concurrent use. The accessors describe its structure so that a validator
// can check what it refers to; [Expression.Eval] reads its value.
type Expression struct {
	text   string
	kind   Kind
	source Source
	name   string // header, query or path name; input, output or component name
	id     string // step id, workflow id or source description name
	field  string // workflow field, component type or source description reference
	hasPtr bool
	ptr    jsonpointer.Pointer
}

// String returns the text the expression was parsed from.
func (e *Expression) String() string { return e.text }

// Kind returns the root of the expression.
func (e *Expression) Kind() Kind { return e.kind }

// Source returns the part of the message a [KindRequest] or [KindResponse]
// expression reads, and [SourceNone] for the other kinds.
func (e *Expression) Source() Source { return e.source }

// Name returns the name the expression looks up: the header, query or path
// parameter name of a $request or $response expression (a header name as
// written; header names match case-insensitively), the input or output name
// of $inputs, $outputs, $steps and $workflows expressions, and the
// component name of $components expressions. It is "" for $url, $method,
// $statusCode, bodies and $sourceDescriptions. JSON string escapes in query
// and path names (such as \u0041) are decoded.
func (e *Expression) Name() string { return e.name }

// StepID returns the step id of a [KindSteps] expression, "" otherwise.
func (e *Expression) StepID() string {
	if e.kind == KindSteps {
		return e.id
	}
	return ""
}

// WorkflowID returns the workflow id of a [KindWorkflows] expression, ""
// otherwise.
func (e *Expression) WorkflowID() string {
	if e.kind == KindWorkflows {
		return e.id
	}
	return ""
}

// WorkflowField returns "inputs" or "outputs" for a [KindWorkflows]
// expression, "" otherwise.
func (e *Expression) WorkflowField() string {
	if e.kind == KindWorkflows {
		return e.field
	}
	return ""
}

// ComponentType returns the component type of a [KindComponents]
// expression ("parameters", "successActions", "failureActions" or
// "inputs"), "" otherwise.
func (e *Expression) ComponentType() string {
	if e.kind == KindComponents {
		return e.field
	}
	return ""
}

// SourceName returns the source description name of a
// [KindSourceDescriptions] expression, "" otherwise.
func (e *Expression) SourceName() string {
	if e.kind == KindSourceDescriptions {
		return e.id
	}
	return ""
}

// SourceRef returns the reference after the source description name of a
// [KindSourceDescriptions] expression (an operationId, a workflowId or a
// field of the Source Description Object such as "url"), "" otherwise.
// It runs to the end of the expression, so it may contain ".", "#" and "/".
func (e *Expression) SourceRef() string {
	if e.kind == KindSourceDescriptions {
		return e.field
	}
	return ""
}

// HasPointer reports whether the expression ends with a "#" JSON pointer
// fragment. The fragment may be empty ("$response.body#"), which refers to
// the whole value.
func (e *Expression) HasPointer() bool { return e.hasPtr }

// Pointer returns the JSON pointer after "#" as written, with its "~0" and
// "~1" escapes; "" when there is none (see [Expression.HasPointer]).
func (e *Expression) Pointer() string { return e.ptr.String() }

// PointerTokens returns the reference tokens of the JSON pointer, with
// escapes decoded, in a new slice; nil when the expression has no pointer
// or the pointer is empty.
func (e *Expression) PointerTokens() []string {
	if e.ptr.Len() == 0 {
		return nil
	}
	return e.ptr.Tokens()
}
