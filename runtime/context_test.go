package runtime_test

import (
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/arazzo-dev/arazzo/runtime"
)

// TestUndeclaredRequestParameters checks EXPR-20 and AMB-41:
// $request.query, .path and .header read only parameters the step's
// operation declares (or, for headers, that its security schemes carry,
// and Accept and Content-Type, as the validator accepts them). Reading
// any other parameter is an evaluation error: the criterion fails with
// the error as its reason, whatever it compares the value with, although
// the parameter itself is sent.
func TestUndeclaredRequestParameters(t *testing.T) {
	tests := []struct {
		name     string
		workflow string

		wantStatus   runtime.Status
		wantCriteria []runtime.CriterionResult
		wantError    string
		wantURIs     []string
	}{
		{name: "declared query parameter reads the value sent", workflow: `
steps:
  - stepId: s
    operationId: listItems
    parameters:
      - {name: limit, in: query, value: 5}
    successCriteria:
      - condition: $request.query.limit == 5`,
			wantStatus: runtime.StatusSucceeded,
			wantCriteria: []runtime.CriterionResult{
				{Condition: "$request.query.limit == 5", Type: "simple", Passed: true, Reason: "$request.query.limit == 5 holds"},
			},
			wantURIs: []string{"GET /items?limit=5"}},
		{name: "undeclared query parameter is sent but cannot be read", workflow: `
steps:
  - stepId: s
    operationId: listItems
    parameters:
      - {name: size, in: query, value: small}
    successCriteria:
      - condition: $request.query.size != 'large'`,
			wantStatus: runtime.StatusFailed,
			wantCriteria: []runtime.CriterionResult{
				{Condition: "$request.query.size != 'large'", Type: "simple",
					Reason: `$request.query.size cannot be evaluated: operation listItems declares no query parameter "size"`},
			},
			wantError: `workflow "w", step "s": success criteria not met: $request.query.size cannot be evaluated: operation listItems declares no query parameter "size"`,
			wantURIs:  []string{"GET /items?size=small"}},
		{name: "undeclared query parameter compared with null still fails", workflow: `
steps:
  - stepId: s
    operationId: listItems
    successCriteria:
      - condition: $request.query.size == null`,
			wantStatus: runtime.StatusFailed,
			wantCriteria: []runtime.CriterionResult{
				{Condition: "$request.query.size == null", Type: "simple",
					Reason: `$request.query.size cannot be evaluated: operation listItems declares no query parameter "size"`},
			},
			wantError: `workflow "w", step "s": success criteria not met: $request.query.size cannot be evaluated: operation listItems declares no query parameter "size"`,
			wantURIs:  []string{"GET /items"}},
		{name: "declared query parameter not sent compares as null", workflow: `
steps:
  - stepId: s
    operationId: listItems
    successCriteria:
      - condition: $request.query.limit == null`,
			wantStatus: runtime.StatusSucceeded,
			wantCriteria: []runtime.CriterionResult{
				{Condition: "$request.query.limit == null", Type: "simple", Passed: true,
					Reason: "$request.query.limit == null holds"},
			},
			wantURIs: []string{"GET /items"}},
		{name: "a dotted name is one parameter name, not member access", workflow: `
steps:
  - stepId: s
    operationId: listItems
    parameters:
      - {name: filter, in: query, value: {state: open}}
    successCriteria:
      - condition: $request.query.filter.state == 'open'`,
			wantStatus: runtime.StatusFailed,
			wantCriteria: []runtime.CriterionResult{
				{Condition: "$request.query.filter.state == 'open'", Type: "simple",
					Reason: `$request.query.filter.state cannot be evaluated: operation listItems declares no query parameter "filter.state"`},
			},
			wantError: `workflow "w", step "s": success criteria not met: $request.query.filter.state cannot be evaluated: operation listItems declares no query parameter "filter.state"`,
			wantURIs:  []string{"GET /items?filter%5Bstate%5D=open"}},
		{name: "path parameter declared on the path item", workflow: `
steps:
  - stepId: s
    operationId: getItem
    parameters:
      - {name: id, in: path, value: i-1}
    successCriteria:
      - condition: $request.path.id == 'i-1'
      - condition: $request.path.other == 'x'`,
			wantStatus: runtime.StatusFailed,
			wantCriteria: []runtime.CriterionResult{
				{Condition: "$request.path.id == 'i-1'", Type: "simple", Passed: true, Reason: `$request.path.id == 'i-1' holds`},
				{Condition: "$request.path.other == 'x'", Type: "simple",
					Reason: `$request.path.other cannot be evaluated: operation getItem declares no path parameter "other"`},
			},
			wantError: `workflow "w", step "s": success criteria not met: $request.path.other cannot be evaluated: operation getItem declares no path parameter "other"`,
			wantURIs:  []string{"GET /items/i-1"}},
		{name: "headers: declared, security scheme, Accept, and undeclared", workflow: `
steps:
  - stepId: s
    operationId: listItems
    parameters:
      - {name: x-trace, in: header, value: t-1}
      - {name: Accept, in: header, value: application/json}
      - {name: X-Other, in: header, value: o-1}
    successCriteria:
      - condition: $request.header.X-Trace == 't-1'
      - condition: $request.header.x-api-key == 'k-api'
      - condition: $request.header.Accept == 'application/json'
      - condition: $request.header.X-Other == 'o-1'`,
			wantStatus: runtime.StatusFailed,
			wantCriteria: []runtime.CriterionResult{
				{Condition: "$request.header.X-Trace == 't-1'", Type: "simple", Passed: true, Reason: `$request.header.X-Trace == 't-1' holds`},
				{Condition: "$request.header.x-api-key == 'k-api'", Type: "simple", Passed: true, Reason: `$request.header.x-api-key == 'k-api' holds`},
				{Condition: "$request.header.Accept == 'application/json'", Type: "simple", Passed: true, Reason: `$request.header.Accept == 'application/json' holds`},
				{Condition: "$request.header.X-Other == 'o-1'", Type: "simple",
					Reason: `$request.header.X-Other cannot be evaluated: operation listItems declares no header parameter "X-Other"`},
			},
			wantError: `workflow "w", step "s": success criteria not met: $request.header.X-Other cannot be evaluated: operation listItems declares no header parameter "X-Other"`,
			wantURIs:  []string{"GET /items"}},
		{name: "regex criterion with an undeclared placeholder", workflow: `
steps:
  - stepId: s
    operationId: listItems
    parameters:
      - {name: size, in: query, value: small}
    successCriteria:
      - {context: $url, condition: "size={$request.query.size}", type: regex}`,
			wantStatus: runtime.StatusFailed,
			wantCriteria: []runtime.CriterionResult{
				{Condition: "size={$request.query.size}", Context: "$url", Type: "regex",
					Reason: `$request.query.size cannot be evaluated: operation listItems declares no query parameter "size"`},
			},
			wantError: `workflow "w", step "s": success criteria not met: $request.query.size cannot be evaluated: operation listItems declares no query parameter "size"`,
			wantURIs:  []string{"GET /items?size=small"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, nil)
			e := workflowDoc(tt.workflow).engine(t, srv, runtime.Authenticate(func(r *http.Request, source string) error {
				r.Header.Set("X-Api-Key", "k-"+source)
				return nil
			}), runtime.Redaction(false))
			res := run(t, e, "w", nil)
			if res.Status != tt.wantStatus {
				t.Errorf("status %s, want %s (error %q)", res.Status, tt.wantStatus, res.Error)
			}
			if diff := cmp.Diff(tt.wantCriteria, res.Steps[0].Attempts[0].Criteria); diff != "" {
				t.Errorf("criteria (-want +got):\n%s", diff)
			}
			if res.Error != tt.wantError {
				t.Errorf("error\n got: %s\nwant: %s", res.Error, tt.wantError)
			}
			if diff := cmp.Diff(tt.wantURIs, srv.uris()); diff != "" {
				t.Errorf("requests (-want +got):\n%s", diff)
			}
		})
	}
}

// TestUndeclaredRequestParameterInActionCriteria checks AMB-41 for action
// criteria: the action whose criterion reads an undeclared parameter does
// not apply, the next one is chosen, and the error is reported as a
// warning of the step, once however often the actions are evaluated.
func TestUndeclaredRequestParameterInActionCriteria(t *testing.T) {
	srv := newServer(t, script([]int{500}, nil))
	e := workflowDoc(`
steps:
  - stepId: s
    operationId: listItems
    parameters:
      - {name: size, in: query, value: small}
    successCriteria:
      - condition: $statusCode == 200
    onFailure:
      - {name: readUndeclared, type: end, criteria: [{condition: $request.query.size == 'small'}]}
      - {name: again, type: retry, retryLimit: 2}
      - {name: recover, type: goto, stepId: next}
  - stepId: next
    operationId: getStatus
`).engine(t, srv)
	res := run(t, e, "w", nil)
	if diff := cmp.Diff([]string{"s:failedx3", "next:succeeded"}, stepTrace(res)); diff != "" {
		t.Errorf("steps (-want +got):\n%s", diff)
	}
	want := []runtime.Warning{{Step: "s", Message: `action "readUndeclared" does not apply: criterion "$request.query.size == 'small'": ` +
		`$request.query.size cannot be evaluated: operation listItems declares no query parameter "size"`}}
	if diff := cmp.Diff(want, res.Warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}

// TestUndeclaredRequestParameterInOutputs checks AMB-41 for step outputs:
// an output reading a parameter the operation does not declare is null,
// and the warning gives the reason a criterion gives (the parameter was
// sent, it just cannot be read), while an output reading a declared
// parameter that was not sent says so.
func TestUndeclaredRequestParameterInOutputs(t *testing.T) {
	srv := newServer(t, nil)
	e := workflowDoc(`
steps:
  - stepId: s
    operationId: listItems
    parameters:
      - {name: size, in: query, value: small}
    outputs:
      size: $request.query.size
      limit: $request.query.limit
`).engine(t, srv)
	res := run(t, e, "w", nil)
	if res.Status != runtime.StatusSucceeded {
		t.Fatalf("status %s: %s", res.Status, res.Error)
	}
	if diff := cmp.Diff(map[string]any{"size": nil, "limit": nil}, res.Steps[0].Outputs); diff != "" {
		t.Errorf("outputs (-want +got):\n%s", diff)
	}
	undeclared := `$request.query.size cannot be evaluated: operation listItems declares no query parameter "size"`
	want := []runtime.Warning{
		{Step: "s", Message: `output "size" is null: ` + undeclared},
		{Step: "s", Message: `output "limit" is null: unresolved runtime expression "$request.query.limit": request query parameter "limit" was not sent`},
	}
	if diff := cmp.Diff(want, res.Warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}

// TestHeaderValues checks AMB-40: a header sent or received several times
// reads as its first value, or as all its values joined with ", " with
// JoinHeaderValues; one header line holding commas reads as it is.
func TestHeaderValues(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Add("X-Multi", "first")
		w.Header().Add("X-Multi", "second")
		w.Header().Set("X-Listed", "a, b")
		jsonReply(w, 200, `{}`)
	})
	doc := workflowDoc(`
steps:
  - stepId: s
    operationId: listItems
    outputs:
      multi: $response.header.x-multi
      listed: $response.header.X-Listed
      key: $request.header.X-Api-Key
`)
	twoKeys := runtime.Authenticate(func(r *http.Request, source string) error {
		r.Header.Add("X-Api-Key", "k1")
		r.Header.Add("X-Api-Key", "k2")
		return nil
	})
	tests := []struct {
		name string
		opts []runtime.Option
		want map[string]any
	}{
		{name: "first value by default",
			want: map[string]any{"multi": "first", "listed": "a, b", "key": "k1"}},
		{name: "JoinHeaderValues(false) is the default",
			opts: []runtime.Option{runtime.JoinHeaderValues(false)},
			want: map[string]any{"multi": "first", "listed": "a, b", "key": "k1"}},
		{name: "JoinHeaderValues(true) joins every value",
			opts: []runtime.Option{runtime.JoinHeaderValues(true)},
			want: map[string]any{"multi": "first, second", "listed": "a, b", "key": "k1, k2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := append([]runtime.Option{twoKeys, runtime.Redaction(false)}, tt.opts...)
			res := run(t, doc.engine(t, srv, opts...), "w", nil)
			if diff := cmp.Diff(tt.want, res.Steps[0].Outputs); diff != "" {
				t.Errorf("outputs (-want +got):\n%s", diff)
			}
		})
	}
}
