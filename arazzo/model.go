package arazzo

// This file holds the typed model of an Arazzo document: one Go type per
// object of the specification. Every object records its [Location], and
// every object that the specification lets carry "x-" fields keeps them in
// Extensions. Free-form values (parameter values, payloads, input schemas,
// extension values) are plain decoded JSON values: nil, bool, string,
// int64, float64, []any and map[string]any.

// Document is the root Arazzo Specification Object of one document.
type Document struct {
	// Arazzo is the specification version the document declares, such as
	// "1.0.1".
	Arazzo             string               `json:"arazzo"`
	Info               *Info                `json:"info"`
	SourceDescriptions []*SourceDescription `json:"sourceDescriptions"`
	Workflows          []*Workflow          `json:"workflows"`
	Components         *Components          `json:"components,omitempty"`
	Extensions         Extensions           `json:"-"`
	Loc                Location             `json:"-"`

	// file is the name the document was parsed under; src its bytes; index
	// maps JSON Pointers to node positions and holds the document as plain
	// JSON values (see positions.go).
	file  string
	src   []byte
	index *positionIndex
}

// Info is the Info Object: metadata about the workflows of a document.
type Info struct {
	Title       string     `json:"title"`
	Summary     string     `json:"summary,omitempty"`
	Description string     `json:"description,omitempty"`
	Version     string     `json:"version"`
	Extensions  Extensions `json:"-"`
	Loc         Location   `json:"-"`
}

// Source description types defined by the specification.
const (
	SourceTypeOpenAPI = "openapi"
	SourceTypeArazzo  = "arazzo"
)

// SourceDescription names an OpenAPI or Arazzo document that the workflows
// use.
type SourceDescription struct {
	Name string `json:"name"`
	// URL is the location as written in the document; relative references
	// resolve against the document's own location.
	URL string `json:"url"`
	// Type is "openapi", "arazzo" or empty (then detected when loaded).
	Type       string     `json:"type,omitempty"`
	Extensions Extensions `json:"-"`
	Loc        Location   `json:"-"`
}

// Workflow is a Workflow Object: an ordered list of steps with inputs and
// outputs.
type Workflow struct {
	WorkflowID  string `json:"workflowId"`
	Summary     string `json:"summary,omitempty"`
	Description string `json:"description,omitempty"`
	// Inputs is the JSON Schema (2020-12) of the workflow's input object,
	// as plain JSON values; nil when the workflow declares no inputs.
	Inputs         any              `json:"inputs,omitempty"`
	DependsOn      []string         `json:"dependsOn,omitempty"`
	Steps          []*Step          `json:"steps"`
	SuccessActions []*SuccessAction `json:"successActions,omitempty"`
	FailureActions []*FailureAction `json:"failureActions,omitempty"`
	Outputs        Outputs          `json:"outputs,omitempty"`
	Parameters     []*Parameter     `json:"parameters,omitempty"`
	Extensions     Extensions       `json:"-"`
	Loc            Location         `json:"-"`
}

// Step is a Step Object. Exactly one of OperationID, OperationPath and
// WorkflowID is set in a valid document.
type Step struct {
	StepID          string           `json:"stepId"`
	Description     string           `json:"description,omitempty"`
	OperationID     string           `json:"operationId,omitempty"`
	OperationPath   string           `json:"operationPath,omitempty"`
	WorkflowID      string           `json:"workflowId,omitempty"`
	Parameters      []*Parameter     `json:"parameters,omitempty"`
	RequestBody     *RequestBody     `json:"requestBody,omitempty"`
	SuccessCriteria []*Criterion     `json:"successCriteria,omitempty"`
	OnSuccess       []*SuccessAction `json:"onSuccess,omitempty"`
	OnFailure       []*FailureAction `json:"onFailure,omitempty"`
	Outputs         Outputs          `json:"outputs,omitempty"`
	Extensions      Extensions       `json:"-"`
	Loc             Location         `json:"-"`
}

// Parameter locations defined by the specification.
const (
	InPath   = "path"
	InQuery  = "query"
	InHeader = "header"
	InCookie = "cookie"
)

// Parameter is an entry of a parameters list: either an inline Parameter
// Object (Reusable is nil) or a Reusable Object that refers to
// components.parameters (Reusable is set and the other fields are empty).
type Parameter struct {
	Name string `json:"name,omitempty"`
	// In is "path", "query", "header", "cookie", or empty (allowed only when
	// the target is a workflow).
	In string `json:"in,omitempty"`
	// Value is a constant, a runtime expression string, or a string with
	// embedded {$...} expressions.
	Value      any        `json:"value,omitempty"`
	Reusable   *Reusable  `json:"-"`
	Extensions Extensions `json:"-"`
	Loc        Location   `json:"-"`
}

// Success action types.
const (
	ActionEnd   = "end"
	ActionGoto  = "goto"
	ActionRetry = "retry"
)

// SuccessAction is an entry of an onSuccess or successActions list: an inline
// Success Action Object, or a Reusable Object when Reusable is set.
type SuccessAction struct {
	Name       string       `json:"name,omitempty"`
	Type       string       `json:"type,omitempty"`
	WorkflowID string       `json:"workflowId,omitempty"`
	StepID     string       `json:"stepId,omitempty"`
	Criteria   []*Criterion `json:"criteria,omitempty"`
	Reusable   *Reusable    `json:"-"`
	Extensions Extensions   `json:"-"`
	Loc        Location     `json:"-"`
}

// FailureAction is an entry of an onFailure or failureActions list: an inline
// Failure Action Object, or a Reusable Object when Reusable is set.
type FailureAction struct {
	Name       string `json:"name,omitempty"`
	Type       string `json:"type,omitempty"`
	WorkflowID string `json:"workflowId,omitempty"`
	StepID     string `json:"stepId,omitempty"`
	// RetryAfter is the delay in seconds before a retry; nil when omitted.
	RetryAfter *float64 `json:"retryAfter,omitempty"`
	// RetryLimit caps the number of retries; nil when omitted (which means
	// one retry).
	RetryLimit *int64       `json:"retryLimit,omitempty"`
	Criteria   []*Criterion `json:"criteria,omitempty"`
	Reusable   *Reusable    `json:"-"`
	Extensions Extensions   `json:"-"`
	Loc        Location     `json:"-"`
}

// Components is the Components Object: reusable inputs schemas, parameters
// and actions, keyed by name.
type Components struct {
	Inputs         map[string]any            `json:"inputs,omitempty"`
	Parameters     map[string]*Parameter     `json:"parameters,omitempty"`
	SuccessActions map[string]*SuccessAction `json:"successActions,omitempty"`
	FailureActions map[string]*FailureAction `json:"failureActions,omitempty"`
	Extensions     Extensions                `json:"-"`
	Loc            Location                  `json:"-"`
}

// Reusable is a Reusable Object: a reference to a component such as
// "$components.parameters.page", with an optional value that overrides the
// referenced parameter's value.
type Reusable struct {
	Reference string `json:"reference"`
	Value     any    `json:"value,omitempty"`
	// HasValue distinguishes an explicit "value: null" from no value.
	HasValue bool     `json:"-"`
	Loc      Location `json:"-"`
}

// Criterion types defined by the specification.
const (
	CriterionSimple   = "simple"
	CriterionRegex    = "regex"
	CriterionJSONPath = "jsonpath"
	CriterionXPath    = "xpath"
)

// Criterion is a Criterion Object: a condition, optionally applied to a
// context value with a regex, JSONPath or XPath dialect.
type Criterion struct {
	Context   string `json:"context,omitempty"`
	Condition string `json:"condition"`
	// Type is "simple", "regex", "jsonpath", "xpath" or empty (simple). When
	// the document gives a Criterion Expression Type Object, Type is that
	// object's type and ExpressionType holds the object.
	Type           string                   `json:"type,omitempty"`
	ExpressionType *CriterionExpressionType `json:"-"`
	Extensions     Extensions               `json:"-"`
	Loc            Location                 `json:"-"`
}

// Kind returns the effective criterion type: Type, or "simple" when empty.
func (c *Criterion) Kind() string {
	if c.Type == "" {
		return CriterionSimple
	}
	return c.Type
}

// Version returns the dialect version named by the Criterion Expression Type
// Object, or "" for the specification's default dialect.
func (c *Criterion) Version() string {
	if c.ExpressionType == nil {
		return ""
	}
	return c.ExpressionType.Version
}

// CriterionExpressionType is a Criterion Expression Type Object, naming a
// JSONPath or XPath variant such as draft-goessner-dispatch-jsonpath-00 or
// xpath-30.
type CriterionExpressionType struct {
	Type       string     `json:"type"`
	Version    string     `json:"version"`
	Extensions Extensions `json:"-"`
	Loc        Location   `json:"-"`
}

// RequestBody is a Request Body Object: the payload sent to an operation.
type RequestBody struct {
	ContentType string `json:"contentType,omitempty"`
	// Payload is any JSON value; strings in it may be runtime expressions or
	// templates.
	Payload any `json:"payload,omitempty"`
	// HasPayload distinguishes an explicit "payload: null" from no payload.
	HasPayload   bool                  `json:"-"`
	Replacements []*PayloadReplacement `json:"replacements,omitempty"`
	Extensions   Extensions            `json:"-"`
	Loc          Location              `json:"-"`
}

// PayloadReplacement is a Payload Replacement Object: a JSON Pointer or XPath
// target in the payload and the value written there.
type PayloadReplacement struct {
	Target     string     `json:"target"`
	Value      any        `json:"value"`
	Extensions Extensions `json:"-"`
	Loc        Location   `json:"-"`
}

// Output is one named entry of a step's or workflow's outputs map.
type Output struct {
	Name string `json:"name"`
	// Expression is the runtime expression (or template) that computes the
	// output.
	Expression string   `json:"expression"`
	Loc        Location `json:"-"`
}

// Outputs is an outputs map in document order.
type Outputs []*Output

// Get returns the output named name, or nil.
func (o Outputs) Get(name string) *Output {
	for _, out := range o {
		if out.Name == name {
			return out
		}
	}
	return nil
}

// Extensions holds the "x-" fields of an object, keyed by field name, as
// plain JSON values.
type Extensions map[string]any
