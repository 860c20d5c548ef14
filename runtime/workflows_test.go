package runtime_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/arazzo-dev/arazzo/runtime"
)

// multiDoc has workflows calling workflows of the same document and of an
// Arazzo source ("shared"), which has components of its own (COMP-07).
var multiDoc = files{
	"main.arazzo.yaml": `
arazzo: 1.0.1
info: {title: main, version: 1.0.0}
sourceDescriptions:
  - {name: api, url: ./openapi.yaml, type: openapi}
  - {name: shared, url: ./shared.arazzo.yaml, type: arazzo}
workflows:
  - workflowId: getItem
    inputs:
      type: object
      required: [id]
      properties:
        id: {type: string}
    steps:
      - stepId: get
        operationId: getItem
        parameters:
          - {name: id, in: path, value: $inputs.id}
        outputs:
          code: $statusCode
    outputs:
      code: $steps.get.outputs.code
      id: $inputs.id
  - workflowId: parent
    parameters:
      - {name: id, in: query, value: from-workflow-level}
    steps:
      - stepId: child
        workflowId: getItem
        parameters:
          - {name: id, value: $inputs.id}
        successCriteria:
          - condition: $outputs.code == 200
        outputs:
          childCode: $outputs.code
          childId: $outputs.id
      - stepId: remote
        workflowId: $sourceDescriptions.shared.ping
        parameters:
          - {name: who, value: parent}
        outputs:
          pong: $outputs.pong
    outputs:
      childCode: $steps.child.outputs.childCode
      childId: $steps.child.outputs.childId
      pong: $steps.remote.outputs.pong
      viaWorkflows: $workflows.getItem.outputs.id
  - workflowId: badChildInputs
    steps:
      - stepId: child
        workflowId: getItem
        parameters:
          - {name: id, value: 5}
  - workflowId: recurse
    steps:
      - {stepId: again, workflowId: recurse}
  - workflowId: gotoWorkflow
    inputs:
      type: object
      properties:
        id: {type: string}
        unrelated: {type: string}
    steps:
      - stepId: first
        operationId: getStatus
        onSuccess:
          - {name: handOff, type: goto, workflowId: getItem}
      - {stepId: never, operationId: getStatus}
    outputs:
      handedOff: $workflows.getItem.outputs.id
  - workflowId: retryWorkflow
    inputs:
      type: object
      properties:
        id: {type: string}
    steps:
      - stepId: flaky
        operationId: getStatus
        successCriteria: [{condition: $statusCode == 200}]
        onFailure:
          - {name: fix, type: retry, workflowId: getItem}
`,
	"shared.arazzo.yaml": `
arazzo: 1.0.1
info: {title: shared, version: 1.0.0}
sourceDescriptions:
  - {name: api, url: ./openapi.yaml, type: openapi}
workflows:
  - workflowId: ping
    inputs:
      type: object
      properties:
        who: {type: string}
    steps:
      - stepId: ping
        operationId: listItems
        parameters:
          - reference: $components.parameters.limit
    outputs:
      pong: $inputs.who
components:
  parameters:
    limit: {name: limit, in: query, value: 99}
`,
	"openapi.yaml": openapi,
}

func TestSubWorkflows(t *testing.T) {
	srv := newServer(t, nil)
	e := multiDoc.engine(t, srv)
	res := run(t, e, "parent", map[string]any{"id": "i-1"})
	if res.Status != runtime.StatusSucceeded {
		t.Fatalf("status %s: %s", res.Status, res.Error)
	}
	want := map[string]any{"childCode": 200, "childId": "i-1", "pong": "parent", "viaWorkflows": "i-1"}
	if diff := cmp.Diff(want, res.Outputs); diff != "" {
		t.Errorf("outputs (-want +got):\n%s", diff)
	}
	// COMP-07: the shared document's own component; AMB-11: the
	// workflow-level query parameter does not become a child input.
	wantURIs := []string{"GET /items/i-1", "GET /items?limit=99"}
	if diff := cmp.Diff(wantURIs, srv.uris()); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
	child := res.Steps[0]
	if child.Workflow == nil || child.Workflow.WorkflowID != "getItem" || child.Attempts[0].Workflow != child.Workflow {
		t.Fatalf("step child does not record the called workflow: %+v", child)
	}
	if got := stepTrace(child.Workflow); !cmp.Equal(got, []string{"get:succeeded"}) {
		t.Errorf("child steps %v", got)
	}
}

func TestSubWorkflowInputsRejected(t *testing.T) {
	srv := newServer(t, nil)
	e := multiDoc.engine(t, srv)
	res := run(t, e, "badChildInputs", nil)
	if res.Status != runtime.StatusFailed || len(srv.requests()) != 0 {
		t.Fatalf("status %s with %d requests; want failed with none", res.Status, len(srv.requests()))
	}
	want := `workflow "badChildInputs", step "child": called workflow did not succeed: workflow "getItem" failed: ` +
		`workflow "getItem": invalid inputs for workflow "getItem": input "id": expected string, but got number (type)`
	if res.Error != want {
		t.Errorf("error\n got: %s\nwant: %s", res.Error, want)
	}
	if !errors.Is(res.Err(), runtime.ErrWorkflowFailed) {
		t.Errorf("Err() = %v, want ErrWorkflowFailed", res.Err())
	}
}

func TestMaxDepth(t *testing.T) {
	e := multiDoc.engine(t, newServer(t, nil), runtime.MaxDepth(3))
	res := run(t, e, "recurse", nil)
	depth := 0
	for r := res; r != nil && len(r.Steps) > 0; r = r.Steps[0].Workflow {
		depth++
	}
	if res.Status != runtime.StatusFailed || depth != 4 {
		t.Fatalf("status %s after %d levels; want failed after 4", res.Status, depth)
	}
	innermost := `workflow "recurse": workflows nested too deeply: it would run at depth 4, beyond the limit of 3 (see MaxDepth)`
	if !strings.HasSuffix(res.Error, innermost) {
		t.Errorf("error %q does not end with %q", res.Error, innermost)
	}
}

func TestGotoWorkflow(t *testing.T) {
	srv := newServer(t, nil)
	e := multiDoc.engine(t, srv)
	res := run(t, e, "gotoWorkflow", map[string]any{"id": "g-1", "unrelated": "x"})
	if res.Status != runtime.StatusSucceeded {
		t.Fatalf("status %s: %s", res.Status, res.Error)
	}
	if diff := cmp.Diff([]string{"GET /status", "GET /items/g-1"}, srv.uris()); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]any{"handedOff": "g-1"}, res.Outputs); diff != "" {
		t.Errorf("outputs (-want +got):\n%s", diff)
	}
	act := res.Steps[0].Action
	if act == nil || act.Workflow == nil || act.Workflow.WorkflowID != "getItem" {
		t.Fatalf("the goto action does not record the workflow it ran: %+v", act)
	}
}

func TestRetryWorkflow(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 0 {
			jsonReply(w, 401, `{}`)
			return
		}
		jsonReply(w, 200, `{}`)
	})
	e := multiDoc.engine(t, srv)
	res := run(t, e, "retryWorkflow", map[string]any{"id": "r-1"})
	if res.Status != runtime.StatusSucceeded {
		t.Fatalf("status %s: %s", res.Status, res.Error)
	}
	if diff := cmp.Diff([]string{"GET /status", "GET /items/r-1", "GET /status"}, srv.uris()); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
}

// dependsDoc has a diamond of prerequisites: top depends on left and
// right, which both depend on base.
var dependsDoc = files{
	"main.arazzo.yaml": `
arazzo: 1.0.1
info: {title: deps, version: 1.0.0}
sourceDescriptions:
  - {name: api, url: ./openapi.yaml, type: openapi}
workflows:
  - workflowId: base
    inputs: {type: object, properties: {who: {}}}
    steps:
      - stepId: s
        operationId: getItem
        parameters: [{name: id, in: path, value: base}]
        successCriteria: [{condition: $statusCode == 200}]
    outputs:
      who: $inputs.who
  - workflowId: left
    inputs: {type: object, properties: {who: {}}}
    dependsOn: [base]
    steps:
      - stepId: s
        operationId: getItem
        parameters: [{name: id, in: path, value: left}]
  - workflowId: right
    inputs: {type: object, properties: {who: {}}}
    dependsOn: [base]
    steps:
      - stepId: s
        operationId: getItem
        parameters: [{name: id, in: path, value: right}]
  - workflowId: top
    dependsOn: [left, right]
    steps:
      - stepId: s
        operationId: getItem
        parameters: [{name: id, in: path, value: top}]
    outputs:
      fromBase: $workflows.base.outputs.who
`,
	"openapi.yaml": openapi,
}

func TestDependsOn(t *testing.T) {
	var calls atomic.Int32
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		calls.Add(1)
		jsonReply(w, 200, `{}`)
	})
	e := dependsDoc.engine(t, srv)
	res := run(t, e, "top", map[string]any{"who": "me"})
	if res.Status != runtime.StatusSucceeded {
		t.Fatalf("status %s: %s", res.Status, res.Error)
	}
	uris := srv.uris()
	// base once, first; left and right in either order; top last.
	if len(uris) != 4 || uris[0] != "GET /items/base" || uris[3] != "GET /items/top" {
		t.Fatalf("requests %v", uris)
	}
	if diff := cmp.Diff(map[string]any{"fromBase": "me"}, res.Outputs); diff != "" {
		t.Errorf("outputs (-want +got):\n%s", diff)
	}
	var deps []string
	for _, d := range res.Dependencies {
		deps = append(deps, d.WorkflowID+":"+string(d.Status))
	}
	if diff := cmp.Diff([]string{"left:succeeded", "right:succeeded"}, deps); diff != "" {
		t.Errorf("dependencies (-want +got):\n%s", diff)
	}
}

func TestDependsOnFailure(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if strings.HasSuffix(r.URL.Path, "/base") {
			jsonReply(w, 500, `{}`)
			return
		}
		jsonReply(w, 200, `{}`)
	})
	e := dependsDoc.engine(t, srv)
	res := run(t, e, "left", nil)
	if res.Status != runtime.StatusFailed {
		t.Fatalf("status %s, want failed", res.Status)
	}
	if diff := cmp.Diff([]string{"GET /items/base"}, srv.uris()); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
	want := `workflow "left": prerequisite workflow did not succeed: "base" failed: workflow "base", step "s": success criteria not met: $statusCode is 500, want == 200`
	if res.Error != want {
		t.Errorf("error\n got: %s\nwant: %s", res.Error, want)
	}
	if !errors.Is(res.Err(), runtime.ErrDependencyFailed) {
		t.Errorf("Err() = %v, want ErrDependencyFailed", res.Err())
	}
}

func TestDependsOnCycleRefused(t *testing.T) {
	doc, loader := files{
		"main.arazzo.yaml": `
arazzo: 1.0.1
info: {title: cycle, version: 1.0.0}
sourceDescriptions:
  - {name: api, url: ./openapi.yaml, type: openapi}
workflows:
  - workflowId: a
    dependsOn: [b]
    steps: [{stepId: s, operationId: getStatus}]
  - workflowId: b
    dependsOn: [a]
    steps: [{stepId: s, operationId: getStatus}]
`, "openapi.yaml": openapi}.load(t)
	_, err := runtime.New(doc, runtime.Loader(loader))
	want := `/main.arazzo.yaml:10:17: error[dependency-cycle]: workflow "a" depends on itself through dependsOn: a → b → a`
	if err == nil || err.Error() != want {
		t.Errorf("New error\n got: %v\nwant: %s", err, want)
	}
}

// TestWorkflowActionsStayInTheirWorkflow checks AMB-61: a workflow's
// failureActions apply to its own steps, not to those of the workflows
// its steps call.
func TestWorkflowActionsStayInTheirWorkflow(t *testing.T) {
	srv := newServer(t, script([]int{500}, nil))
	e := files{
		"main.arazzo.yaml": `
arazzo: 1.0.1
info: {title: scope, version: 1.0.0}
sourceDescriptions:
  - {name: api, url: ./openapi.yaml, type: openapi}
workflows:
  - workflowId: child
    steps:
      - stepId: s
        operationId: getStatus
        successCriteria: [{condition: $statusCode == 200}]
  - workflowId: parent
    failureActions:
      - {name: again, type: retry, retryLimit: 3}
    steps:
      - {stepId: call, workflowId: child}
`, "openapi.yaml": openapi}.engine(t, srv)
	res := run(t, e, "parent", nil)
	if n := len(srv.requests()); res.Status != runtime.StatusFailed || n != 4 {
		t.Errorf("status %s after %d requests; want failed after 4 (one per attempt of the parent's step)", res.Status, n)
	}
	if got := stepTrace(res); !cmp.Equal(got, []string{"call:failedx4"}) {
		t.Errorf("steps %v", got)
	}
}

// TestOperationReferences checks the forms of operation references:
// operationId plain and qualified (STEP-06, STEP-07), and operationPath in
// both forms of AMB-53.
func TestOperationReferences(t *testing.T) {
	srv := newServer(t, nil)
	e := workflowDoc(`
steps:
  - stepId: plain
    operationId: getStatus
  - stepId: qualified
    operationId: $sourceDescriptions.api.listItems
  - stepId: pathURL
    operationPath: '{$sourceDescriptions.api.url}#/paths/~1items~1{id}/get'
    parameters: [{name: id, in: path, value: a}]
  - stepId: pathName
    operationPath: '$sourceDescriptions.api#/paths/~1items~1%7Bid%7D/get'
    parameters: [{name: id, in: path, value: b}]
`).engine(t, srv)
	res := run(t, e, "w", nil)
	if res.Status != runtime.StatusSucceeded {
		t.Fatalf("status %s: %s", res.Status, res.Error)
	}
	if diff := cmp.Diff([]string{"GET /status", "GET /items", "GET /items/a", "GET /items/b"}, srv.uris()); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
	var ops []string
	for _, s := range res.Steps {
		ops = append(ops, s.Operation)
	}
	if diff := cmp.Diff([]string{"getStatus", "listItems", "getItem", "getItem"}, ops); diff != "" {
		t.Errorf("operations (-want +got):\n%s", diff)
	}
}

// TestDependsOnForwardsDeclaredInputs checks that a prerequisite gets only
// the inputs its schema declares (AMB-25, as AMB-21 for goto), so that one
// with additionalProperties: false runs, and that a prerequisite of a
// prerequisite also gets those of the running workflow's inputs that it
// declares, whatever its dependent declares.
func TestDependsOnForwardsDeclaredInputs(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		jsonReply(w, 200, `{}`)
	})
	e := files{
		"main.arazzo.yaml": `
arazzo: 1.0.1
info: {title: deps, version: 1.0.0}
sourceDescriptions:
  - {name: api, url: ./openapi.yaml, type: openapi}
workflows:
  - workflowId: base
    inputs:
      type: object
      properties: {token: {type: string}, extra: {type: string}}
    steps: [{stepId: s, operationId: getItem, parameters: [{name: id, in: path, value: base}]}]
    outputs: {token: $inputs.token, extra: $inputs.extra}
  - workflowId: login
    dependsOn: [base]
    inputs:
      type: object
      additionalProperties: false
      required: [token]
      properties: {token: {type: string}}
    steps: [{stepId: s, operationId: getItem, parameters: [{name: id, in: path, value: $inputs.token}]}]
  - workflowId: main
    dependsOn: [login]
    inputs:
      type: object
      properties: {token: {type: string}, extra: {type: string}}
    steps: [{stepId: s, operationId: getItem, parameters: [{name: id, in: path, value: main}]}]
    outputs:
      token: $workflows.base.outputs.token
      extra: $workflows.base.outputs.extra
`, "openapi.yaml": openapi}.engine(t, srv)
	res := run(t, e, "main", map[string]any{"token": "t1", "extra": "x"})
	if res.Status != runtime.StatusSucceeded {
		t.Fatalf("status %s: %s", res.Status, res.Error)
	}
	if diff := cmp.Diff([]string{"GET /items/base", "GET /items/t1", "GET /items/main"}, srv.uris()); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
	// extra does not reach login, whose schema refuses it, but reaches
	// base, which declares it: the inputs of a chain of prerequisites all
	// come from the workflow that started it.
	if diff := cmp.Diff(map[string]any{"token": "t1", "extra": "x"}, res.Outputs); diff != "" {
		t.Errorf("outputs (-want +got):\n%s", diff)
	}

	// The forwarded inputs are what is checked before anything is sent.
	_, err := e.Run(context.Background(), "main", map[string]any{"extra": "x"})
	if want := `invalid inputs for workflow "login": input "token" is required`; err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}
	if n := len(srv.requests()); n != 3 {
		t.Errorf("%d requests sent in all, want the first run's 3", n)
	}
}
