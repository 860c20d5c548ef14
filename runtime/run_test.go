package runtime_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/arazzo-dev/arazzo/arazzo"
	"github.com/arazzo-dev/arazzo/runtime"
)

func TestCancelDuringRequest(t *testing.T) {
	arrived := make(chan struct{})
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		close(arrived)
		<-r.Context().Done()
	})
	e := workflowDoc(`
steps:
  - stepId: a
    operationId: getStatus
    onFailure: [{name: again, type: retry, retryLimit: 5}]
  - {stepId: b, operationId: getStatus}
`).engine(t, srv)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-arrived
		cancel()
	}()
	res, err := e.Run(ctx, "w", nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != runtime.StatusCancelled {
		t.Fatalf("status %s, want cancelled (%s)", res.Status, res.Error)
	}
	if !errors.Is(res.Err(), context.Canceled) {
		t.Errorf("Err() = %v, want context.Canceled", res.Err())
	}
	if diff := cmp.Diff([]string{"a:cancelled"}, stepTrace(res)); diff != "" {
		t.Errorf("steps (-want +got):\n%s", diff)
	}
	if want := `workflow "w", step "a": context canceled`; res.Error != want {
		t.Errorf("error %q, want %q", res.Error, want)
	}
}

func TestCancelDuringRetryWait(t *testing.T) {
	srv := newServer(t, script([]int{503}, nil))
	ctx, cancel := context.WithCancel(context.Background())
	doc, loader := workflowDoc(`
steps:
  - stepId: a
    operationId: getStatus
    successCriteria: [{condition: $statusCode == 200}]
    onFailure: [{name: later, type: retry, retryAfter: 3600}]
`).load(t)
	// The default Sleep waits on a real timer: an hour, unless the
	// context ends it.
	e, err := runtime.New(doc, runtime.Loader(loader), runtime.Server("api", srv.URL),
		runtime.OnEvent(func(ev runtime.Event) {
			if ev.Kind == runtime.EventActionTaken {
				cancel()
			}
		}))
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.Run(ctx, "w", nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != runtime.StatusCancelled || len(srv.requests()) != 1 {
		t.Fatalf("status %s after %d requests; want cancelled after 1", res.Status, len(srv.requests()))
	}
	at := res.Steps[0].Attempts[0]
	if at.Action == nil || at.Action.Delay != time.Hour {
		t.Errorf("the attempt does not record the retry it waited for: %+v", at.Action)
	}
}

func TestRequestTimeout(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 0 {
			<-r.Context().Done()
			return
		}
		jsonReply(w, 200, `{}`)
	})
	e := workflowDoc(`
steps:
  - stepId: a
    operationId: getStatus
    onFailure: [{name: again, type: retry}]
`).engine(t, srv, runtime.RequestTimeout(20*time.Millisecond))
	res := run(t, e, "w", nil)
	if res.Status != runtime.StatusSucceeded {
		t.Fatalf("status %s: %s", res.Status, res.Error)
	}
	first := res.Steps[0].Attempts[0].Error
	want := `no response within 20ms: Get "` + srv.URL + `/status": context deadline exceeded`
	if first != want {
		t.Errorf("first attempt error\n got: %s\nwant: %s", first, want)
	}
}

func TestInputsRejectedBeforeAnythingIsSent(t *testing.T) {
	srv := newServer(t, nil)
	e := multiDoc.engine(t, srv)
	res, err := e.Run(context.Background(), "getItem", map[string]any{"id": 12})
	var ie *arazzo.InputError
	if res != nil || !errors.As(err, &ie) {
		t.Fatalf("Run = %v, %v; want an *arazzo.InputError", res, err)
	}
	if want := `invalid inputs for workflow "getItem": input "id": expected string, but got number (type)`; err.Error() != want {
		t.Errorf("error\n got: %s\nwant: %s", err, want)
	}
	if len(srv.requests()) != 0 {
		t.Errorf("%d requests sent, want none", len(srv.requests()))
	}
}

func TestPrerequisiteInputsCheckedFirst(t *testing.T) {
	srv := newServer(t, nil)
	e := files{
		"main.arazzo.yaml": `
arazzo: 1.0.1
info: {title: deps, version: 1.0.0}
sourceDescriptions:
  - {name: api, url: ./openapi.yaml, type: openapi}
workflows:
  - workflowId: login
    inputs: {type: object, required: [user]}
    steps: [{stepId: s, operationId: getStatus}]
  - workflowId: main
    dependsOn: [login]
    steps: [{stepId: s, operationId: getStatus}]
`, "openapi.yaml": openapi}.engine(t, srv)
	_, err := e.Run(context.Background(), "main", nil)
	if want := `invalid inputs for workflow "login": input "user" is required`; err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}
	if len(srv.requests()) != 0 {
		t.Errorf("%d requests sent, want none", len(srv.requests()))
	}
}

func TestApplyInputDefaults(t *testing.T) {
	srv := newServer(t, nil)
	doc := workflowDoc(`
inputs:
  type: object
  properties:
    limit: {type: integer, default: 5}
steps:
  - stepId: s
    operationId: listItems
    parameters: [{name: limit, in: query, value: $inputs.limit}]
`)
	run(t, doc.engine(t, srv), "w", nil)
	run(t, doc.engine(t, srv, runtime.ApplyInputDefaults()), "w", nil)
	run(t, doc.engine(t, srv, runtime.ApplyInputDefaults()), "w", map[string]any{"limit": 7})
	if diff := cmp.Diff([]string{"GET /items", "GET /items?limit=5", "GET /items?limit=7"}, srv.uris()); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
}

func TestUnknownWorkflow(t *testing.T) {
	e := multiDoc.engine(t, nil)
	_, err := e.Run(context.Background(), "nope", nil)
	if !errors.Is(err, runtime.ErrUnknownWorkflow) {
		t.Fatalf("error %v, want ErrUnknownWorkflow", err)
	}
	want := `unknown workflow "nope"; the document has the workflows "getItem", "parent", "badChildInputs", "recurse", "gotoWorkflow", "retryWorkflow"`
	if err.Error() != want {
		t.Errorf("error\n got: %s\nwant: %s", err, want)
	}
	if diff := cmp.Diff([]string{"getItem", "parent", "badChildInputs", "recurse", "gotoWorkflow", "retryWorkflow"}, e.Workflows()); diff != "" {
		t.Errorf("Workflows (-want +got):\n%s", diff)
	}
}

func TestNewErrors(t *testing.T) {
	tests := []struct {
		name     string
		workflow string
		opts     []runtime.Option
		want     string
	}{
		{name: "unknown operationId", workflow: `
steps: [{stepId: s, operationId: nope}]`,
			want: `/main.arazzo.yaml:7:38: error[unknown-operation]: step "s": operationId "nope" is not defined by source "api"`},
		{name: "operationPath to a path item", workflow: `
steps: [{stepId: s, operationPath: '{$sourceDescriptions.api.url}#/paths/~1items'}]`,
			want: `/main.arazzo.yaml:7:71: error[unknown-operation]: step "s": operationPath: "/paths/~1items" in source "api" does not name an operation: ` +
				`it names the Path Item Object of "/items"; add the method, as in "/paths/~1items/get"`},
		{name: "goto to a step that does not exist", workflow: `
steps:
  - stepId: s
    operationId: getStatus
    onSuccess: [{name: go, type: goto, stepId: elsewhere}]`,
			want: `/main.arazzo.yaml:10:52: error[unknown-step]: step "s" success action "go": goes to step "elsewhere", but workflow "w" has no such step; a goto or retry can only name a step of the current workflow`},
		{name: "criterion that does not compile", workflow: `
steps:
  - stepId: s
    operationId: getStatus
    successCriteria: [{condition: $statusCode = 200}]`,
			want: `/main.arazzo.yaml:10:51: error[invalid-condition]: step "s" success criterion at index 0: simple condition "$statusCode = 200": "=" is not an operator; compare with "=="`},
		{name: "goessner JSONPath criterion cannot be evaluated", workflow: `
steps:
  - stepId: s
    operationId: getStatus
    successCriteria:
      - {context: $response.body, condition: "$[0]", type: {type: jsonpath, version: draft-goessner-dispatch-jsonpath-00}}`,
			want: `/main.arazzo.yaml:11:90: error[unsupported-criterion]: this engine cannot evaluate the criterion: criterion version: ` +
				`JSONPath version draft-goessner-dispatch-jsonpath-00 is not supported: the draft does not define its filter and script semantics ` +
				`precisely enough to implement interoperably; use RFC 9535 JSONPath (version rfc9535, the default)`},
		{name: "XPath 2.0 construct cannot be evaluated", workflow: `
steps:
  - stepId: s
    operationId: getStatus
    successCriteria:
      - {context: $response.body, condition: "for $x in /a return $x", type: {type: xpath, version: xpath-20}}`,
			want: `/main.arazzo.yaml:11:51: error[unsupported-criterion]: this engine cannot evaluate the criterion: criterion condition ` +
				`"for $x in /a return $x": offset 0: the for expression (XPath 2.0) is not supported; ` +
				`XPath conditions are evaluated by an XPath 1.0 engine, which covers the XPath 1.0 subset of later versions`},
		{name: "malformed expression in a parameter value", workflow: `
steps:
  - stepId: s
    operationId: listItems
    parameters: [{name: limit, in: query, value: "{$inputs.}"}]`,
			want: `/main.arazzo.yaml:10:64: error[invalid-expression]: step "s" parameter "limit": invalid runtime expression in "{$inputs.}": expected an input name, found "}"`},
		{name: "operation parameter without in", workflow: `
steps:
  - stepId: s
    operationId: getStatus
    parameters: [{name: x, value: 1}]`,
			want: `/main.arazzo.yaml:10:22: error[schema]: parameter "x": missing required field "in"`},
		{name: "server for an unknown source", workflow: `
steps: [{stepId: s, operationId: getStatus}]`,
			opts: []runtime.Option{runtime.Server("nope", "http://x.test")},
			want: `runtime: invalid options: Server("nope", ...): no source description is named "nope"`},
		{name: "invalid options", workflow: `
steps: [{stepId: s, operationId: getStatus}]`,
			opts: []runtime.Option{runtime.MaxTransitions(0), runtime.Server("api", "ftp://x"), runtime.HTTPClient(nil)},
			want: `runtime: invalid options: MaxTransitions(0): the limit must be positive; Server("api", "ftp://x"): the URL must be an absolute http or https URL; HTTPClient(nil): the client must not be nil`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, loader := workflowDoc(tt.workflow).load(t)
			_, err := runtime.New(doc, append([]runtime.Option{runtime.Loader(loader)}, tt.opts...)...)
			if err == nil || err.Error() != tt.want {
				t.Errorf("New error\n got: %v\nwant: %s", err, tt.want)
			}
		})
	}
}

func TestNoUsableServer(t *testing.T) {
	doc, loader := files{
		"main.arazzo.yaml": `
arazzo: 1.0.1
info: {title: t, version: 1.0.0}
sourceDescriptions:
  - {name: api, url: ./openapi.yaml}
workflows:
  - workflowId: w
    steps: [{stepId: s, operationId: getStatus}]
`, "openapi.yaml": strings.Replace(openapi, "servers:\n  - url: https://api.invalid/v1\n", "", 1)}.load(t)
	e, err := runtime.New(doc, runtime.Loader(loader))
	if err != nil {
		t.Fatal(err)
	}
	res := run(t, e, "w", nil)
	want := `workflow "w", step "s": the server of source "api" is "/", not an http or https URL; set one with the runtime.Server option`
	if res.Error != want {
		t.Errorf("error\n got: %s\nwant: %s", res.Error, want)
	}
}
