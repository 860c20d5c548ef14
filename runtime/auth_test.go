package runtime_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/arazzo-dev/arazzo/runtime"
)

// authDoc calls two OpenAPI sources: "api" (the shared description) and
// "billing", whose invoices operation takes its API key in X-Api-Key.
var authDoc = files{
	"main.arazzo.yaml": `arazzo: 1.0.1
info: {title: test, version: 1.0.0}
sourceDescriptions:
  - {name: api, url: ./openapi.yaml, type: openapi}
  - {name: billing, url: ./billing.yaml, type: openapi}
workflows:
  - workflowId: w
    steps:
      - stepId: status
        operationId: $sourceDescriptions.api.getStatus
        successCriteria:
          - condition: $statusCode == 200
        onFailure:
          - {name: again, type: retry}
      - stepId: invoices
        operationId: $sourceDescriptions.billing.listInvoices
        outputs:
          key: $request.header.X-Api-Key
`,
	"openapi.yaml": openapi,
	"billing.yaml": `openapi: 3.1.0
info: {title: billing, version: 1.0.0}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Api-Key}
security: [{key: []}]
paths:
  /invoices:
    get:
      operationId: listInvoices
      responses:
        '200': {description: ok}
`,
}

// TestAuthenticate checks AMB-55: the Authenticate hook is called for
// every request, retries included, with the name of the source whose
// operation is called; what it adds is sent, readable by $request.header
// where the operation's security scheme declares it, and masked in the
// result, its JSON and every event.
func TestAuthenticate(t *testing.T) {
	srv := newServer(t, script([]int{503, 200}, nil))
	var mu sync.Mutex
	var calls, events []string
	doc, loader := authDoc.load(t)
	e, err := runtime.New(doc, runtime.Loader(loader), runtime.Sleep(noSleep), runtime.RecordExchanges(true),
		runtime.Server("api", srv.URL), runtime.Server("billing", srv.URL+"/billing"),
		runtime.Authenticate(func(r *http.Request, source string) error {
			mu.Lock()
			calls = append(calls, source+" "+r.Method+" "+r.URL.Path)
			mu.Unlock()
			r.Header.Set("X-Api-Key", "key-for-"+source)
			return nil
		}),
		runtime.OnEvent(func(ev runtime.Event) {
			js, err := json.Marshal(ev)
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			events = append(events, string(js))
			mu.Unlock()
		}))
	if err != nil {
		t.Fatal(err)
	}
	res := run(t, e, "w", nil)
	if res.Status != runtime.StatusSucceeded {
		t.Fatalf("status %s: %s", res.Status, res.Error)
	}
	wantCalls := []string{"api GET /status", "api GET /status", "billing GET /billing/invoices"}
	if diff := cmp.Diff(wantCalls, calls); diff != "" {
		t.Errorf("Authenticate calls (-want +got):\n%s", diff)
	}
	var sent []string
	for _, r := range srv.requests() {
		sent = append(sent, r.URI+" "+r.Header.Get("X-Api-Key"))
	}
	wantSent := []string{"/status key-for-api", "/status key-for-api", "/billing/invoices key-for-billing"}
	if diff := cmp.Diff(wantSent, sent); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
	inv := res.Steps[1].Attempts[0]
	got := []string{fmtAny(res.Steps[1].Outputs["key"]), inv.Request.Header.Get("X-Api-Key")}
	if diff := cmp.Diff([]string{runtime.Mask, runtime.Mask}, got); diff != "" {
		t.Errorf("output and recorded header (-want +got):\n%s", diff)
	}
	js, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"result JSON": string(js), "events": strings.Join(events, "\n")} {
		if strings.Contains(text, "key-for-") {
			t.Errorf("%s holds a key the Authenticate hook set", name)
		}
		// json.Marshal escapes the angle brackets of the mask.
		if !strings.Contains(text, `\u003credacted\u003e`) {
			t.Errorf("%s holds no mask", name)
		}
	}
}

// TestAuthenticateError checks that an error of the Authenticate hook
// fails the attempt like a transport error: nothing is sent, and the
// failure actions apply.
func TestAuthenticateError(t *testing.T) {
	srv := newServer(t, nil)
	calls := 0
	e := workflowDoc(`
steps:
  - stepId: s
    operationId: getStatus
    onFailure:
      - {name: again, type: retry, retryLimit: 1}
`).engine(t, srv, runtime.Authenticate(func(r *http.Request, source string) error {
		calls++
		return errors.New("no token for " + source)
	}))
	res := run(t, e, "w", nil)
	if res.Status != runtime.StatusFailed {
		t.Fatalf("status %s, want failed", res.Status)
	}
	if calls != 2 || len(srv.requests()) != 0 {
		t.Errorf("%d hook calls and %d requests sent, want 2 and 0", calls, len(srv.requests()))
	}
	want := `workflow "w", step "s" (attempt 2): authenticating the request: no token for api`
	if res.Error != want {
		t.Errorf("error\n got: %s\nwant: %s", res.Error, want)
	}
}

func fmtAny(v any) string {
	s, _ := v.(string)
	return s
}
