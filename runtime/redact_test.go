package runtime_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/arazzo-dev/arazzo/runtime"
)

// The secrets of the redaction tests, chosen to have distinct URL-, form-
// and JSON-encoded forms.
const (
	secretPassword = `p@ss w"rd/1+x`
	secretToken    = "tok.abc.DEF"
	secretAPIKey   = "key-0123456789"
	secretCookie   = "srv-cookie-777"
	basicUser      = "alice"
	basicPassword  = "wonder-land-9"
)

var redactionDoc = workflowDoc(`
inputs:
  type: object
  properties:
    password: {type: string, format: password}
    token: {type: string}
    key: {type: string}
steps:
  - stepId: echo
    operationId: listItems
    parameters:
      - {name: limit, in: query, value: $inputs.password}
      - {name: Authorization, in: header, value: "Bearer {$inputs.token}"}
      - {name: session, in: cookie, value: $inputs.token}
    successCriteria:
      - condition: $response.body#/echo == 'something else'
    outputs:
      echo: $response.body#/echo
      sentKey: $request.header.X-Api-Key
    onFailure:
      - {name: carryOn, type: goto, stepId: create}
  - stepId: create
    operationId: createItem
    parameters:
      - {name: Authorization, in: header, value: $inputs.basic}
    requestBody:
      contentType: application/json
      payload: {pw: $inputs.password, key: "k={$inputs.key}"}
    outputs:
      token: $response.body#/token
  - stepId: last
    operationId: getStatus
    successCriteria:
      - condition: $response.body#/echo == 'nope'
outputs:
  echoed: $steps.echo.outputs.echo
  token: $steps.create.outputs.token
`)

// redactionServer echoes the secrets back in every way a server might.
func redactionServer(t *testing.T) *testServer {
	return newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		http.SetCookie(w, &http.Cookie{Name: "sid", Value: secretCookie})
		w.Header().Set("X-Echo-Auth", r.Header.Get("Authorization"))
		body, _ := json.Marshal(map[string]any{"echo": secretPassword, "token": secretToken, "query": r.URL.RawQuery})
		jsonReply(w, 200, string(body))
	})
}

// secretForms lists every secret in the encodings a result may hold.
func secretForms() []string {
	basic := basicUser + ":" + basicPassword
	var out []string
	for _, s := range []string{secretPassword, secretToken, secretAPIKey, secretCookie, basicPassword, basic,
		base64.StdEncoding.EncodeToString([]byte(basic))} {
		js, _ := json.Marshal(s)
		out = append(out, s, url.QueryEscape(s), url.PathEscape(s), strings.ReplaceAll(url.QueryEscape(s), "+", "%20"),
			string(js[1:len(js)-1]))
	}
	return out
}

func redactionInputs() map[string]any {
	basic := base64.StdEncoding.EncodeToString([]byte(basicUser + ":" + basicPassword))
	return map[string]any{"password": secretPassword, "token": secretToken, "key": secretAPIKey, "basic": "Basic " + basic}
}

// TestRedaction checks every output surface: the result and its JSON
// (outputs, URLs, criteria, recorded exchanges, errors), every event, and
// the typed error.
func TestRedaction(t *testing.T) {
	srv := redactionServer(t)
	var mu sync.Mutex
	var events []string
	// The API key is only ever set by the Authenticate hook, which makes it
	// a secret.
	e := redactionDoc.engine(t, srv, runtime.RecordExchanges(true),
		runtime.Authenticate(func(r *http.Request, source string) error {
			r.Header.Set("X-Api-Key", secretAPIKey)
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
	res := run(t, e, "w", redactionInputs())
	if res.Status != runtime.StatusFailed {
		t.Fatalf("status %s, want failed", res.Status)
	}
	js, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	surfaces := map[string]string{"result JSON": string(js), "Result.Err": res.Err().Error(), "events": strings.Join(events, "\n")}
	for name, text := range surfaces {
		for _, s := range secretForms() {
			if strings.Contains(text, s) {
				t.Errorf("%s holds the secret %q", name, s)
			}
		}
	}
	// The masks are where the secrets were.
	echo := res.Steps[0].Attempts[0]
	checks := map[string]string{
		"URL":                  echo.URL,
		"criterion reason":     echo.Criteria[0].Reason,
		"output":               fmt.Sprint(res.Outputs["echoed"]),
		"output from header":   fmt.Sprint(echo.Outputs["sentKey"]),
		"request auth header":  echo.Request.Header.Get("Authorization"),
		"request cookie":       echo.Request.Header.Get("Cookie"),
		"response set-cookie":  echo.Response.Header.Get("Set-Cookie"),
		"response echo header": echo.Response.Header.Get("X-Echo-Auth"),
		"response body":        echo.Response.Body,
		"request body":         res.Steps[1].Attempts[0].Request.Body,
		"basic auth header":    res.Steps[1].Attempts[0].Request.Header.Get("Authorization"),
		"error":                res.Error,
	}
	want := map[string]string{
		"URL":                  srv.URL + "/items?limit=<redacted>",
		"criterion reason":     `$response.body#/echo is "<redacted>", want == 'something else'`,
		"output":               "<redacted>",
		"output from header":   "<redacted>",
		"request auth header":  "Bearer <redacted>",
		"request cookie":       "session=<redacted>",
		"response set-cookie":  "sid=<redacted>",
		"response echo header": "Bearer <redacted>",
		"response body":        `{"echo":"<redacted>","query":"limit=<redacted>","token":"<redacted>"}`,
		"request body":         `{"key":"k=<redacted>","pw":"<redacted>"}`,
		"basic auth header":    "Basic <redacted>",
		"error":                `workflow "w", step "last": success criteria not met: $response.body#/echo is "<redacted>", want == 'nope'`,
	}
	for k, w := range want {
		if checks[k] != w {
			t.Errorf("%s = %q, want %q", k, checks[k], w)
		}
	}
	for _, kind := range []string{"workflowStart", "stepStart", "requestSent", "responseReceived", "criterionEvaluated", "actionTaken", "stepEnd", "workflowEnd"} {
		if !strings.Contains(surfaces["events"], `"Kind":"`+kind+`"`) {
			t.Errorf("no %s event was checked", kind)
		}
	}
}

// TestSecretsOption checks that values given to Secrets are masked
// wherever they appear, here in a response body and an output.
func TestSecretsOption(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		jsonReply(w, 200, `{"session": "sess-4242", "other": "x"}`)
	})
	e := workflowDoc(`
steps:
  - stepId: s
    operationId: getStatus
    outputs:
      session: $response.body#/session
`).engine(t, srv, runtime.Secrets("sess-4242"), runtime.RecordExchanges(true))
	res := run(t, e, "w", nil)
	got := []any{res.Steps[0].Outputs["session"], res.Steps[0].Attempts[0].Response.Body}
	want := []any{"<redacted>", `{"session": "<redacted>", "other": "x"}`}
	if !reflectDeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func reflectDeepEqual(a, b []any) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestRedactionOff checks that Redaction(false) shows everything, for
// debugging.
func TestRedactionOff(t *testing.T) {
	srv := redactionServer(t)
	e := redactionDoc.engine(t, srv, runtime.Redaction(false), runtime.RecordExchanges(true))
	res := run(t, e, "w", redactionInputs())
	if got := res.Outputs["echoed"]; got != secretPassword {
		t.Errorf("output %q, want the secret itself", got)
	}
	if got := res.Steps[0].Attempts[0].Request.Header.Get("Authorization"); got != "Bearer "+secretToken {
		t.Errorf("Authorization %q, want the token itself", got)
	}
}

// TestRedactionOfErrors checks that a transport error quoting a URL with
// a secret in it is masked, and still matches the cause with errors.Is.
func TestRedactionOfErrors(t *testing.T) {
	doc, loader := workflowDoc(`
inputs:
  type: object
  properties:
    pin: {type: string, writeOnly: true}
steps:
  - stepId: s
    operationId: listItems
    parameters: [{name: limit, in: query, value: $inputs.pin}]
`).load(t)
	boom := fmt.Errorf("dial failed")
	e, err := runtime.New(doc, runtime.Loader(loader), runtime.Server("api", "http://api.test"),
		runtime.Transport(roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, boom })))
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.Run(context.Background(), "w", map[string]any{"pin": "9 8/7"})
	if err != nil {
		t.Fatal(err)
	}
	want := `workflow "w", step "s": Get "http://api.test/items?limit=<redacted>": dial failed`
	if res.Error != want || res.Err().Error() != want {
		t.Errorf("error\n got: %s\n     %v\nwant: %s", res.Error, res.Err(), want)
	}
	if !errorsIs(res.Err(), boom) {
		t.Errorf("Err() does not match the transport error")
	}
}

func errorsIs(err, target error) bool {
	for err != nil {
		if err == target {
			return true
		}
		if x, ok := err.(interface{ Is(error) bool }); ok && x.Is(target) {
			return true
		}
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return false
		}
		err = u.Unwrap()
	}
	return false
}

// TestRedactionOfAPIKeys checks that a parameter carrying a credential of
// the operation's security scheme (an API key in the query) is masked.
func TestRedactionOfAPIKeys(t *testing.T) {
	srv := newServer(t, nil)
	e := files{
		"main.arazzo.yaml": `
arazzo: 1.0.1
info: {title: keys, version: 1.0.0}
sourceDescriptions:
  - {name: api, url: ./openapi.yaml, type: openapi}
workflows:
  - workflowId: w
    steps:
      - stepId: s
        operationId: search
        parameters:
          - {name: api_key, in: query, value: $inputs.key}
          - {name: q, in: query, value: cats}
`,
		"openapi.yaml": `
openapi: 3.0.3
info: {title: keys, version: 1.0.0}
servers: [{url: https://keys.invalid}]
components:
  securitySchemes:
    key: {type: apiKey, in: query, name: api_key}
security: [{key: []}]
paths:
  /search:
    get:
      operationId: search
      parameters:
        - {name: q, in: query, schema: {type: string}}
      responses: {'200': {description: ok}}
`}.engine(t, srv)
	res := run(t, e, "w", map[string]any{"key": "k3y-v4lue"})
	if got, want := res.Steps[0].Attempts[0].URL, srv.URL+"/search?api_key=<redacted>&q=cats"; got != want {
		t.Errorf("URL %q, want %q", got, want)
	}
	if got := srv.requests()[0].URI; got != "/search?api_key=k3y-v4lue&q=cats" {
		t.Errorf("sent %q", got)
	}
}
