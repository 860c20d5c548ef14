package runtime

import (
	"bytes"
	"encoding/json"
	"net/http"
	"time"
)

// Status is the outcome of a workflow, a step or a run.
type Status string

// The outcomes.
const (
	StatusSucceeded Status = "succeeded"
	StatusFailed    Status = "failed"
	StatusCancelled Status = "cancelled"
)

// Result is the record of one workflow execution: its outcome, its outputs
// and every step it ran, in the order they ran. Secrets in it are masked
// (see [Redaction]). It marshals to the JSON document described in
// docs/run-output.md, with durations in milliseconds.
type Result struct {
	// WorkflowID is the workflow that ran.
	WorkflowID string `json:"workflowId"`
	// Status is succeeded, failed or cancelled.
	Status Status `json:"status"`
	// Outputs are the workflow's outputs, evaluated when it ended, also
	// when it failed; an output that did not resolve is null and has a
	// warning (AMB-59, AMB-23).
	Outputs map[string]any `json:"outputs"`
	// Error says why the workflow did not succeed; empty when it did.
	Error string `json:"error,omitempty"`
	// Warnings are problems that did not fail the workflow, such as an
	// output that did not resolve.
	Warnings []Warning `json:"warnings,omitempty"`
	// Steps are the step executions in the order they started, a step
	// reached again by goto appearing again.
	Steps []*StepResult `json:"steps"`
	// Dependencies are the results of the workflows named in dependsOn,
	// which ran first (AMB-25).
	Dependencies []*Result `json:"dependencies,omitempty"`
	// Start is when the workflow started; Duration how long it took.
	Start    time.Time     `json:"start"`
	Duration time.Duration `json:"-"`

	err error
}

// Err returns why the workflow did not succeed as a typed error (a
// [*StepError] or [*WorkflowError] wrapping one of the package's sentinel
// errors, or the context's error for a cancelled run), or nil when it
// succeeded. Its message is Error.
func (r *Result) Err() error { return r.err }

// Warning is a problem that did not fail the run.
type Warning struct {
	// Step is the step the warning is about; empty for the workflow.
	Step    string `json:"step,omitempty"`
	Message string `json:"message"`
}

// StepResult is the record of one execution of a step: every attempt,
// the final outputs and the action that decided what came next.
type StepResult struct {
	StepID string `json:"stepId"`
	// Operation names the operation of an operation step: its operationId,
	// or "METHOD /path" when it has none. It is empty for a step that
	// calls a workflow.
	Operation string `json:"operation,omitempty"`
	// Workflow is the result of the last execution of the workflow a
	// workflowId step called; nil for operation steps.
	Workflow *Result `json:"workflow,omitempty"`
	// Status is succeeded when the last attempt met the success criteria,
	// failed when it did not, and cancelled when the run was cancelled
	// during the step.
	Status Status `json:"status"`
	// Attempts holds every attempt, retries included.
	Attempts []*Attempt `json:"attempts"`
	// Outputs are the outputs of the last attempt.
	Outputs map[string]any `json:"outputs,omitempty"`
	// Action is the action finally taken; nil when none applied and the
	// default happened (the next step after a success, the end of the
	// workflow after a failure).
	Action *ActionRecord `json:"action,omitempty"`
	// Error says why the step failed; empty when it succeeded.
	Error    string        `json:"error,omitempty"`
	Start    time.Time     `json:"start"`
	Duration time.Duration `json:"-"`
}

// Attempt is one execution of a step: the HTTP exchange (or the workflow
// call), the criteria, the outputs and the action chosen.
type Attempt struct {
	// Number counts the attempts of the step execution from 1.
	Number int `json:"number"`
	// Method and URL are the request's, as sent; StatusCode is the
	// response's, 0 when no response came.
	Method     string `json:"method,omitempty"`
	URL        string `json:"url,omitempty"`
	StatusCode int    `json:"statusCode,omitempty"`
	// Workflow is the result of the workflow a workflowId step called.
	Workflow *Result `json:"workflow,omitempty"`
	// Criteria are the success criteria with their outcomes, in document
	// order; they are not evaluated when no response came.
	Criteria []CriterionResult `json:"criteria,omitempty"`
	// Outputs are the step outputs evaluated after this attempt.
	Outputs map[string]any `json:"outputs,omitempty"`
	// Action is the success or failure action chosen after this attempt;
	// nil when none applied.
	Action *ActionRecord `json:"action,omitempty"`
	// Error is why the attempt failed: the transport error, the request
	// that could not be built, or the criteria that did not pass.
	Error string `json:"error,omitempty"`
	// Request and Response are kept when [RecordExchanges] is on.
	Request  *RecordedRequest  `json:"request,omitempty"`
	Response *RecordedResponse `json:"response,omitempty"`
	Start    time.Time         `json:"start"`
	Duration time.Duration     `json:"-"`
}

// CriterionResult is the outcome of one criterion.
type CriterionResult struct {
	Condition string `json:"condition"`
	Context   string `json:"context,omitempty"`
	// Type is simple, regex, jsonpath or xpath.
	Type   string `json:"type"`
	Passed bool   `json:"passed"`
	// Reason says why it passed or failed, such as "$statusCode is 404,
	// want == 200".
	Reason string `json:"reason"`
}

// Action source values of [ActionRecord].
const (
	ActionFromStep     = "step"
	ActionFromWorkflow = "workflow"
)

// ActionRecord is a success or failure action that was taken.
type ActionRecord struct {
	Name string `json:"name"`
	// Type is end, goto or retry.
	Type string `json:"type"`
	// Target is the stepId or workflowId the action names, if any;
	// TargetKind says which ("step" or "workflow").
	Target     string `json:"target,omitempty"`
	TargetKind string `json:"targetKind,omitempty"`
	// Source is "step" for an action of the step's own list and
	// "workflow" for one of the workflow's defaults (AMB-08).
	Source string `json:"source"`
	// Retry counts the retries this action has made in this step
	// execution, this one included. Delay is the wait chosen before it:
	// what the failed response's Retry-After header asked for, capped by
	// [MaxRetryAfter] (ACT-21), else the action's retryAfter (ACT-20),
	// else 0 (AMB-19).
	Retry int           `json:"retry,omitempty"`
	Delay time.Duration `json:"-"`
	// Workflow is the result of the workflow a goto or retry action ran.
	Workflow *Result `json:"workflow,omitempty"`
}

// RecordedRequest is a request as sent, redacted.
type RecordedRequest struct {
	Method string      `json:"method"`
	URL    string      `json:"url"`
	Header http.Header `json:"header,omitempty"`
	// Body is the body as text (at most [DefaultRecordBodyBytes]), or a
	// note for binary content; Truncated reports a cut.
	Body      string `json:"body,omitempty"`
	Truncated bool   `json:"truncated,omitempty"`
}

// RecordedResponse is a response as received, redacted.
type RecordedResponse struct {
	StatusCode int         `json:"statusCode"`
	Header     http.Header `json:"header,omitempty"`
	Body       string      `json:"body,omitempty"`
	Truncated  bool        `json:"truncated,omitempty"`
}

// millis renders a duration as milliseconds with microsecond precision.
func millis(d time.Duration) float64 {
	return float64(d.Microseconds()) / 1000
}

// marshal encodes v as JSON without escaping HTML characters, so that
// masks and conditions stay readable ("<redacted>", "a < b").
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte{'\n'}), nil
}

// MarshalJSON adds durationMs to the fields of r.
func (r *Result) MarshalJSON() ([]byte, error) {
	type plain Result
	return marshal(struct {
		*plain
		DurationMs float64 `json:"durationMs"`
	}{(*plain)(r), millis(r.Duration)})
}

// MarshalJSON adds durationMs to the fields of s.
func (s *StepResult) MarshalJSON() ([]byte, error) {
	type plain StepResult
	return marshal(struct {
		*plain
		DurationMs float64 `json:"durationMs"`
	}{(*plain)(s), millis(s.Duration)})
}

// MarshalJSON adds durationMs to the fields of a.
func (a *Attempt) MarshalJSON() ([]byte, error) {
	type plain Attempt
	return marshal(struct {
		*plain
		DurationMs float64 `json:"durationMs"`
	}{(*plain)(a), millis(a.Duration)})
}

// MarshalJSON adds delayMs (for retries) to the fields of a.
func (a *ActionRecord) MarshalJSON() ([]byte, error) {
	type plain ActionRecord
	out := struct {
		*plain
		DelayMs *float64 `json:"delayMs,omitempty"`
	}{plain: (*plain)(a)}
	if a.Type == "retry" {
		ms := millis(a.Delay)
		out.DelayMs = &ms
	}
	return marshal(out)
}
