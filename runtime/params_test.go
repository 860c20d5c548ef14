package runtime_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/arazzo-dev/arazzo/runtime"
)

// workflowDoc returns a document with one workflow "w" made of the given
// YAML (the workflow's members below workflowId, indented by 4 spaces),
// using the shared OpenAPI description as source "api".
func workflowDoc(workflowYAML string, extra ...string) files {
	doc := `arazzo: 1.0.1
info: {title: test, version: 1.0.0}
sourceDescriptions:
  - {name: api, url: ./openapi.yaml, type: openapi}
workflows:
  - workflowId: w
` + indent(dedent(workflowYAML), "    ") + strings.Join(extra, "")
	return files{"main.arazzo.yaml": doc, "openapi.yaml": openapi}
}

func indent(s, prefix string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

// TestParameterSerialisation sends one request per case and checks the
// request target and headers exactly (BIND-04 to BIND-06).
func TestParameterSerialisation(t *testing.T) {
	tests := []struct {
		name       string
		step       string // the step's members after stepId
		inputs     map[string]any
		wantURI    string
		wantHeader map[string]string // "" = must be absent
	}{
		{name: "query form explode array", step: `
operationId: listItems
parameters:
  - {name: tags, in: query, value: [a, b c]}
  - {name: limit, in: query, value: 10}`,
			wantURI: "/items?tags=a&tags=b%20c&limit=10"},
		{name: "query form no explode", step: `
operationId: listItems
parameters:
  - {name: csv, in: query, value: [x, y, z]}`,
			wantURI: "/items?csv=x,y,z"},
		{name: "query spaceDelimited", step: `
operationId: listItems
parameters:
  - {name: spaced, in: query, value: [x, y]}`,
			wantURI: "/items?spaced=x%20y"},
		{name: "query pipeDelimited", step: `
operationId: listItems
parameters:
  - {name: piped, in: query, value: [x, y]}`,
			wantURI: "/items?piped=x%7Cy"},
		{name: "query deepObject", step: `
operationId: listItems
parameters:
  - {name: filter, in: query, value: {color: red, size: 2}}`,
			wantURI: "/items?filter%5Bcolor%5D=red&filter%5Bsize%5D=2"},
		{name: "query allowReserved", step: `
operationId: listItems
parameters:
  - {name: raw, in: query, value: "a/b:c?d"}`,
			wantURI: "/items?raw=a/b:c?d"},
		{name: "query percent-encoding without allowReserved", step: `
operationId: listItems
parameters:
  - {name: limit, in: query, value: "a/b c+d&e"}`,
			wantURI: "/items?limit=a%2Fb%20c%2Bd%26e"},
		{name: "query value from input keeps its type", step: `
operationId: listItems
parameters:
  - {name: limit, in: query, value: $inputs.limit}`,
			inputs:  map[string]any{"limit": 25},
			wantURI: "/items?limit=25"},
		{name: "query unresolved input is omitted", step: `
operationId: listItems
parameters:
  - {name: limit, in: query, value: $inputs.limit}
  - {name: raw, in: query, value: "x-{$inputs.missing}"}
  - {name: tags, in: query, value: [a]}`,
			wantURI: "/items?tags=a"},
		{name: "query undeclared parameter uses form", step: `
operationId: listItems
parameters:
  - {name: extra, in: query, value: [1, 2]}`,
			wantURI: "/items?extra=1&extra=2"},
		{name: "path simple string escaped", step: `
operationId: getItem
parameters:
  - {name: id, in: path, value: "a/b c"}`,
			wantURI: "/items/a%2Fb%20c"},
		{name: "path label array", step: `
operationId: labelPath
parameters:
  - {name: tags, in: path, value: [x, y]}`,
			wantURI: "/label/.x,y"},
		{name: "path matrix explode object", step: `
operationId: matrixPath
parameters:
  - {name: point, in: path, value: {x: 1, y: 2}}`,
			wantURI: "/matrix/;x=1;y=2"},
		{name: "path simple object", step: `
operationId: simplePath
parameters:
  - {name: point, in: path, value: {x: 1, y: 2}}`,
			wantURI: "/simple/x,1,y,2"},
		{name: "AMB-12 path parameter the path has no place for", step: `
operationId: getStatus
parameters:
  - {name: nope, in: path, value: x}`,
			wantURI: "/status"},
		{name: "path from template", step: `
operationId: getItem
parameters:
  - {name: id, in: path, value: "item-{$inputs.n}"}`,
			inputs:  map[string]any{"n": 7},
			wantURI: "/items/item-7"},
		{name: "header simple string array object", step: `
operationId: listItems
parameters:
  - {name: X-Trace, in: header, value: abc}
  - {name: X-List, in: header, value: [1, 2]}
  - {name: X-Obj, in: header, value: {a: 1, b: x}}`,
			wantURI:    "/items",
			wantHeader: map[string]string{"X-Trace": "abc", "X-List": "1,2", "X-Obj": "a=1,b=x"}},
		{name: "header name case from the operation", step: `
operationId: listItems
parameters:
  - {name: x-trace, in: header, value: lower}`,
			wantURI:    "/items",
			wantHeader: map[string]string{"X-Trace": "lower"}},
		{name: "header undeclared and unresolved", step: `
operationId: listItems
parameters:
  - {name: Authorization, in: header, value: Bearer $inputs.token}
  - {name: X-Missing, in: header, value: $inputs.nothing}`,
			inputs:     map[string]any{"token": "t0k"},
			wantURI:    "/items",
			wantHeader: map[string]string{"Authorization": "Bearer t0k", "X-Missing": ""}},
		{name: "cookies share one header", step: `
operationId: listItems
parameters:
  - {name: session, in: cookie, value: "s 1"}
  - {name: prefs, in: cookie, value: [a, b]}
  - {name: other, in: cookie, value: z}`,
			wantURI:    "/items",
			wantHeader: map[string]string{"Cookie": "session=s%201; prefs=a,b; other=z"}},
	}
	srv := newServer(t, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := workflowDoc("steps:\n  - stepId: s\n"+indent(dedent(tt.step), "    ")).engine(t, srv)
			before := len(srv.requests())
			res := run(t, e, "w", tt.inputs)
			if res.Status != runtime.StatusSucceeded {
				t.Fatalf("status %s: %s", res.Status, res.Error)
			}
			reqs := srv.requests()[before:]
			if len(reqs) != 1 {
				t.Fatalf("%d requests, want 1", len(reqs))
			}
			if got, want := reqs[0].URI, "/"+strings.TrimPrefix(tt.wantURI, "/"); got != want {
				t.Errorf("request target %q, want %q", got, want)
			}
			for name, want := range tt.wantHeader {
				if got := strings.Join(reqs[0].Header.Values(name), "|"); got != want {
					t.Errorf("header %s = %q, want %q", name, got, want)
				}
			}
		})
	}
}

// TestParameterMerging checks AMB-08/10/11 and COMP-12: workflow-level
// parameters apply to every step, the step's win on the same location and
// name (header names compared case-insensitively), and a component
// reference's value overrides the component's.
func TestParameterMerging(t *testing.T) {
	srv := newServer(t, nil)
	e := workflowDoc(`
parameters:
  - {name: X-Trace, in: header, value: from-workflow}
  - {name: limit, in: query, value: 1}
  - {name: tags, in: query, value: [wf]}
steps:
  - stepId: a
    operationId: listItems
    parameters:
      - {name: x-trace, in: header, value: from-step}
      - reference: $components.parameters.limit
        value: 50
  - stepId: b
    operationId: listItems
    parameters:
      - reference: $components.parameters.limit
`, `components:
  parameters:
    limit: {name: limit, in: query, value: 20}
`).engine(t, srv)
	res := run(t, e, "w", nil)
	if res.Status != runtime.StatusSucceeded {
		t.Fatalf("status %s: %s", res.Status, res.Error)
	}
	reqs := srv.requests()
	got := []string{reqs[0].URI, reqs[0].Header.Get("X-Trace"), reqs[1].URI, reqs[1].Header.Get("X-Trace")}
	want := []string{"/items?limit=50&tags=wf", "from-step", "/items?limit=20&tags=wf", "from-workflow"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
}

// TestRequestExpressionsSeeTheSentRequest checks BIND-08: $request.*
// reads the request as sent, after the Authenticate hook.
func TestRequestExpressionsSeeTheSentRequest(t *testing.T) {
	srv := newServer(t, nil)
	e := workflowDoc(`
steps:
  - stepId: s
    operationId: createItem
    parameters:
      - {name: limit, in: query, value: 3}
    requestBody:
      contentType: application/json
      payload: {name: n, count: 1}
      replacements:
        - {target: /count, value: 2}
    outputs:
      url: $url
      method: $method
      limit: $request.query.limit
      key: $request.header.X-Api-Key
      count: $request.body#/count
`).engine(t, srv, runtime.Authenticate(func(r *http.Request, source string) error {
		r.Header.Set("X-Api-Key", "k-"+source)
		return nil
	}))
	res := run(t, e, "w", nil)
	// The header the Authenticate hook sets is a credential, so it is
	// masked in the result like an Authorization header.
	want := map[string]any{"url": srv.URL + "/items?limit=3", "method": "POST", "limit": int64(3), "key": "<redacted>", "count": int64(2)}
	if diff := cmp.Diff(want, res.Steps[0].Outputs); diff != "" {
		t.Errorf("outputs (-want +got):\n%s", diff)
	}
}

// TestExpressionSources checks that every source of a runtime expression
// reads what the run holds: the request as sent, the response, the inputs
// of workflows, the source descriptions and the components.
func TestExpressionSources(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("X-Request-Id", "rid-1")
		w.Header().Add("X-Multi", "first")
		w.Header().Add("X-Multi", "second")
		jsonReply(w, 200, `{"ok": true}`)
	})
	e := workflowDoc(`
inputs:
  type: object
  properties:
    id: {type: string}
steps:
  - stepId: s
    operationId: getItem
    parameters:
      - {name: id, in: path, value: $inputs.id}
    outputs:
      path: $request.path.id
      requestId: $response.header.x-request-id
      multi: $response.header.X-Multi
      type: $response.header.Content-Type
      input: $workflows.w.inputs.id
      source: $sourceDescriptions.api.url
      component: $components.parameters.limit
`, `components:
  parameters:
    limit: {name: limit, in: query, value: 20}
`).engine(t, srv)
	if ds := e.Diagnostics(); ds.HasErrors() {
		t.Fatalf("Diagnostics() holds errors: %v", ds)
	}
	res := run(t, e, "w", map[string]any{"id": "i-9"})
	want := map[string]any{
		"path": "i-9", "requestId": "rid-1", "multi": "first", "type": "application/json", "input": "i-9",
		"source":    "/openapi.yaml",
		"component": map[string]any{"name": "limit", "in": "query", "value": int64(20)},
	}
	if diff := cmp.Diff(want, res.Steps[0].Outputs); diff != "" {
		t.Errorf("outputs (-want +got):\n%s", diff)
	}
}

// TestNullParametersLeftOut checks AMB-X3: a parameter whose whole value is
// null is undefined to RFC 6570 and is left out in every location, not
// sent empty; null inside a template is the text "null" (AMB-42); a null
// path parameter makes the URL impossible to build and fails the step.
func TestNullParametersLeftOut(t *testing.T) {
	srv := newServer(t, nil)
	e := workflowDoc(`
inputs:
  type: object
  properties: {none: {type: "null"}}
steps:
  - stepId: s
    operationId: listItems
    parameters:
      - {name: limit, in: query, value: $inputs.none}
      - {name: raw, in: query, value: "n-{$inputs.none}"}
      - {name: tags, in: query, value: null}
      - {name: X-Trace, in: header, value: $inputs.none}
      - {name: session, in: cookie, value: $inputs.none}
  - stepId: p
    operationId: getItem
    parameters:
      - {name: id, in: path, value: $inputs.none}
`).engine(t, srv)
	res := run(t, e, "w", map[string]any{"none": nil})
	if res.Status != runtime.StatusFailed {
		t.Fatalf("status %s, want failed", res.Status)
	}
	reqs := srv.requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	if got, want := reqs[0].URI, "/items?raw=n-null"; got != want {
		t.Errorf("request target %q, want %q", got, want)
	}
	for _, name := range []string{"X-Trace", "Cookie"} {
		if v, ok := reqs[0].Header[name]; ok {
			t.Errorf("header %s sent as %q, want it left out", name, v)
		}
	}
	want := `workflow "w", step "p": path parameter "id" is null, so the path /items/{id} cannot be built`
	if res.Error != want {
		t.Errorf("error\n got: %s\nwant: %s", res.Error, want)
	}
}
