package runtime_test

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/arazzo-dev/arazzo/arazzo"
	"github.com/arazzo-dev/arazzo/runtime"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestResponses checks how response bodies are read (BIND-09, AMB-39):
// JSON structured, XML and text as strings for xpath and regex criteria,
// invalid JSON kept as text with a warning, an empty body unresolved.
func TestResponses(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch r.URL.Query().Get("limit") {
		case "xml":
			w.Header().Set("Content-Type", "application/xml")
			io.WriteString(w, `<pets><pet id="7">Rex</pet></pets>`)
		case "text":
			w.Header().Set("Content-Type", "text/plain")
			io.WriteString(w, "status: READY")
		case "broken":
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"a": `)
		case "empty":
			w.WriteHeader(204)
		}
	})
	e := workflowDoc(`
steps:
  - stepId: xml
    operationId: listItems
    parameters: [{name: limit, in: query, value: xml}]
    successCriteria:
      - {context: $response.body, condition: "/pets/pet[@id='7']", type: xpath}
    outputs:
      body: $response.body
  - stepId: text
    operationId: listItems
    parameters: [{name: limit, in: query, value: text}]
    successCriteria:
      - {context: $response.body, condition: "READY$", type: regex}
  - stepId: broken
    operationId: listItems
    parameters: [{name: limit, in: query, value: broken}]
    outputs:
      raw: $response.body
  - stepId: empty
    operationId: listItems
    parameters: [{name: limit, in: query, value: empty}]
    successCriteria:
      - condition: $response.body == null
    outputs:
      body: $response.body
      code: $statusCode
`).engine(t, srv)
	res := run(t, e, "w", nil)
	if res.Status != runtime.StatusSucceeded {
		t.Fatalf("status %s: %s", res.Status, res.Error)
	}
	got := []any{res.Steps[0].Outputs["body"], res.Steps[2].Outputs["raw"], res.Steps[3].Outputs}
	want := []any{`<pets><pet id="7">Rex</pet></pets>`, `{"a": `, map[string]any{"body": nil, "code": 204}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("outputs (-want +got):\n%s", diff)
	}
	wantWarn := []runtime.Warning{
		{Step: "broken", Message: "the response body is kept as text: invalid JSON body: unexpected end of JSON input at offset 6"},
		{Step: "empty", Message: `output "body" is null: unresolved runtime expression "$response.body": no response body was received`},
	}
	if diff := cmp.Diff(wantWarn, res.Warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}

// TestRecordedExchanges checks the recording of requests and responses:
// bodies cut at the limit, binary content described, not copied.
func TestRecordedExchanges(t *testing.T) {
	big := strings.Repeat("é", runtime.DefaultRecordBodyBytes) // two bytes each
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 0 {
			w.Header().Set("Content-Type", "text/plain")
			io.WriteString(w, big)
			return
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write([]byte{0xff, 0xfe, 0x00, 0x01})
	})
	e := workflowDoc(`
steps:
  - {stepId: big, operationId: getStatus}
  - stepId: blob
    operationId: putBlob
    requestBody:
      payload: $inputs.blob
`).engine(t, srv, runtime.RecordExchanges(true))
	res := run(t, e, "w", map[string]any{"blob": runtime.File{Data: []byte{0x80, 0x81}}})
	resp := res.Steps[0].Attempts[0].Response
	if !resp.Truncated || len(resp.Body) != runtime.DefaultRecordBodyBytes || !strings.HasPrefix(big, resp.Body) {
		t.Errorf("big body: truncated %v, %d bytes", resp.Truncated, len(resp.Body))
	}
	at := res.Steps[1].Attempts[0]
	got := []string{at.Request.Body, at.Response.Body}
	want := []string{"(2 bytes of binary data, application/octet-stream)", "(4 bytes of binary data, application/octet-stream)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("binary bodies (-want +got):\n%s", diff)
	}
}

// TestEvents checks the order and content of the events of a run with a
// retry.
func TestEvents(t *testing.T) {
	srv := newServer(t, script([]int{500, 200}, nil))
	var mu sync.Mutex
	var got []string
	e := workflowDoc(`
steps:
  - stepId: a
    operationId: getStatus
    successCriteria: [{condition: $statusCode == 200}]
    onFailure: [{name: again, type: retry}]
`).engine(t, srv, runtime.OnEvent(func(ev runtime.Event) {
		line := ev.Kind.String() + " " + ev.Workflow + "/" + ev.Step
		switch ev.Kind {
		case runtime.EventRequestSent:
			line += " " + ev.Method + " " + strings.TrimPrefix(ev.URL, srv.URL)
		case runtime.EventResponseReceived:
			line += " " + itoa(ev.StatusCode)
		case runtime.EventCriterionEvaluated:
			line += " " + ev.Criterion.Reason
		case runtime.EventActionTaken:
			line += " " + ev.Action.Type + " " + ev.Action.Name
		case runtime.EventStepEnd, runtime.EventWorkflowEnd:
			line += " " + string(ev.Status)
		}
		mu.Lock()
		got = append(got, line)
		mu.Unlock()
	}))
	run(t, e, "w", nil)
	want := []string{
		"workflowStart w/",
		"stepStart w/a",
		"requestSent w/a GET /status",
		"responseReceived w/a 500",
		"criterionEvaluated w/a $statusCode is 500, want == 200",
		"actionTaken w/a retry again",
		"requestSent w/a GET /status",
		"responseReceived w/a 200",
		"criterionEvaluated w/a $statusCode == 200 holds",
		"stepEnd w/a succeeded",
		"workflowEnd w/ succeeded",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
}

// tickClock is a clock that advances by one millisecond each time it is
// read, for reproducible durations.
type tickClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *tickClock) read() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(time.Millisecond)
	return c.now
}

// TestResultJSON pins the JSON form of a result (docs/run-output.md)
// against testdata/result.golden; run with -update to rewrite it.
func TestResultJSON(t *testing.T) {
	srv := newServer(t, script([]int{503, 200}, map[int]map[string]string{0: {"Retry-After": "1"}}))
	clock := &tickClock{now: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}
	e := workflowDoc(`
inputs:
  type: object
  properties:
    token: {type: string}
steps:
  - stepId: status
    operationId: getStatus
    parameters:
      - {name: Authorization, in: header, value: "Bearer {$inputs.token}"}
    successCriteria: [{condition: $statusCode == 200}]
    onFailure: [{name: again, type: retry, retryAfter: 0.5}]
    onSuccess: [{name: next, type: goto, stepId: create}]
    outputs:
      code: $statusCode
  - stepId: create
    operationId: createItem
    requestBody:
      payload: {name: widget}
    outputs:
      id: $response.body#/id
outputs:
  code: $steps.status.outputs.code
  created: $steps.create.outputs.id
`).engine(t, srv, runtime.Clock(clock.read), runtime.RecordExchanges(true))
	res := run(t, e, "w", map[string]any{"token": "s3cr3t-token"})
	for _, s := range res.Steps {
		for _, at := range s.Attempts {
			at.URL = strings.Replace(at.URL, srv.URL, "http://server", 1)
			at.Request.URL = strings.Replace(at.Request.URL, srv.URL, "http://server", 1)
			at.Response.Header.Del("Date")
		}
	}
	var buf strings.Builder
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(res); err != nil {
		t.Fatal(err)
	}
	got := buf.String()
	path := filepath.Join("testdata", "result.golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("result JSON differs from %s (-want +got):\n%s", path, diff)
	}
}

// TestNewFromBundle checks the constructor for a bundle loaded by the
// caller, and that it refuses a bundle with a source that did not load.
func TestNewFromBundle(t *testing.T) {
	doc, loader := workflowDoc(`
steps: [{stepId: s, operationId: getStatus}]
`).load(t)
	b, ds := arazzo.Load(context.Background(), doc, arazzo.UseLoader(loader))
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	srv := newServer(t, nil)
	e, err := runtime.NewFromBundle(b, runtime.Server("api", srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if res := run(t, e, "w", nil); res.Status != runtime.StatusSucceeded {
		t.Errorf("status %s: %s", res.Status, res.Error)
	}
	broken, _ := workflowDoc(`
steps: [{stepId: s, operationId: getStatus}]
`).load(t)
	bb, _ := arazzo.Load(context.Background(), broken, arazzo.UseLoader(arazzo.FSLoader(os.DirFS(t.TempDir()))))
	_, err = runtime.NewFromBundle(bb)
	var de *arazzo.DiagnosticsError
	if !errors.As(err, &de) || de.Diagnostics[0].Rule != "source-unreachable" {
		t.Errorf("NewFromBundle error %v, want a source-unreachable diagnostic", err)
	}
}
