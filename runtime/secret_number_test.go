package runtime_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/arazzo-dev/arazzo/runtime"
)

// TestSecretNumberSpellings checks that a secret number is masked both as
// the caller spelled it, which a JSON body keeps, and in its canonical
// form, which parameters use (AMB-42).
func TestSecretNumberSpellings(t *testing.T) {
	srv := newServer(t, nil)
	e := workflowDoc(`
inputs:
  type: object
  properties:
    pin: {type: number, writeOnly: true}
steps:
  - stepId: s
    operationId: createItem
    parameters:
      - {name: limit, in: query, value: $inputs.pin}
    requestBody:
      contentType: application/json
      payload: {pin: $inputs.pin}
`).engine(t, srv, runtime.RecordExchanges(true))
	res := run(t, e, "w", map[string]any{"pin": json.Number("4.3215e3")})
	reqs := srv.requests()
	if len(reqs) != 1 || reqs[0].URI != "/items?limit=4321.5" || reqs[0].Body != `{"pin":4.3215e3}` {
		t.Fatalf("requests %+v, want the number canonical in the query and as spelled in the body", reqs)
	}
	js, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(js), "4321.5") || strings.Contains(string(js), "4.3215e3") {
		t.Errorf("the result holds the secret number:\n%s", js)
	}
}
