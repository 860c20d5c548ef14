package zenml

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Seeded ids the tests refer to.
var (
	defaultUserID  = makeID(userKind, 1)
	aliceID        = makeID(userKind, 2)
	defaultProject = makeID(projectKind, 1)
	researchProj   = makeID(projectKind, 2)
	trainingID     = makeID(pipelineKind, 1)
	inferenceID    = makeID(pipelineKind, 2)
	etlID          = makeID(pipelineKind, 3)
	evaluationID   = makeID(pipelineKind, 4)
	runningRunID   = makeID(runKind, 7)
	defaultStackID = makeID(stackKind, 1)
	awsStackID     = makeID(stackKind, 2)
	irisModelID    = makeID(modelKind, 1)
	missingID      = "00000000-0000-4000-8000-999999999999"
)

// testClient sends requests to a server started for one test.
type testClient struct {
	t     *testing.T
	srv   *Server
	token string // the bearer token the client sends

	authorization string // the whole Authorization header, if set
}

// start starts a server for the test and returns a client holding a token
// of the default user.
func start(t *testing.T, opts ...Option) *testClient {
	t.Helper()
	srv := NewServer(opts...)
	t.Cleanup(srv.Close)
	return &testClient{t: t, srv: srv, token: srv.Token()}
}

// as returns a client of the same server that sends another token, or no
// Authorization header at all when token is empty.
func (c *testClient) as(token string) *testClient {
	return &testClient{t: c.t, srv: c.srv, token: token}
}

// withAuthorization returns a client of the same server that sends the
// given Authorization header.
func (c *testClient) withAuthorization(header string) *testClient {
	return &testClient{t: c.t, srv: c.srv, authorization: header}
}

// response is a decoded reply. Body holds the JSON body decoded into plain
// values (numbers as float64), or nil when the body is empty.
type response struct {
	Status int
	Header http.Header
	Body   any
	Raw    string
}

func (c *testClient) get(path string) response { return c.send("GET", path, "", "") }

func (c *testClient) delete(path string) response { return c.send("DELETE", path, "", "") }

func (c *testClient) postJSON(path, body string) response {
	return c.send("POST", path, "application/json", body)
}

func (c *testClient) postForm(path string, form url.Values) response {
	return c.send("POST", path, "application/x-www-form-urlencoded", form.Encode())
}

// send issues a request to a path relative to the API base URL.
func (c *testClient) send(method, path, contentType, body string) response {
	c.t.Helper()
	// Problems are reported with Errorf, not Fatal, because concurrent
	// tests call send from goroutines of their own.
	req, err := http.NewRequest(method, c.srv.URL+path, strings.NewReader(body))
	if err != nil {
		c.t.Errorf("%s %s: %v", method, path, err)
		return response{}
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	switch {
	case c.authorization != "":
		req.Header.Set("Authorization", c.authorization)
	case c.token != "":
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.srv.Client().Do(req)
	if err != nil {
		c.t.Errorf("%s %s: %v", method, path, err)
		return response{}
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Errorf("%s %s: reading the body: %v", method, path, err)
	}
	r := response{Status: resp.StatusCode, Header: resp.Header, Raw: string(raw)}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &r.Body); err != nil {
			c.t.Errorf("%s %s: response is not JSON: %v\n%s", method, path, err, raw)
		}
	}
	return r
}

// must checks the status of a response and returns its body.
func (r response) must(t *testing.T, status int) any {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status = %d, want %d; body:\n%s", r.Status, status, r.Raw)
	}
	return r.Body
}

// object returns the body as a JSON object, failing the test otherwise.
func (r response) object(t *testing.T, status int) map[string]any {
	t.Helper()
	obj, ok := r.must(t, status).(map[string]any)
	if !ok {
		t.Fatalf("body is not an object:\n%s", r.Raw)
	}
	return obj
}

// items returns the items of a page body.
func (r response) items(t *testing.T) []map[string]any {
	t.Helper()
	page := r.object(t, http.StatusOK)
	list, ok := page["items"].([]any)
	if !ok {
		t.Fatalf("page has no items array:\n%s", r.Raw)
	}
	out := make([]map[string]any, len(list))
	for i, v := range list {
		out[i] = v.(map[string]any)
	}
	return out
}

// ids returns the ids of the items of a page body.
func (r response) ids(t *testing.T) []string {
	t.Helper()
	var ids []string
	for _, item := range r.items(t) {
		ids = append(ids, item["id"].(string))
	}
	return ids
}

// expect compares a response's status and decoded body with the wanted
// ones, the body given as JSON text.
func expect(t *testing.T, got response, status int, body string) {
	t.Helper()
	var want any
	if body != "" {
		if err := json.Unmarshal([]byte(body), &want); err != nil {
			t.Fatalf("bad expected body: %v", err)
		}
	}
	if got.Status != status {
		t.Errorf("status = %d, want %d", got.Status, status)
	}
	if diff := cmp.Diff(want, got.Body); diff != "" {
		t.Errorf("body mismatch (-want +got):\n%s", diff)
	}
}

// jsonText marshals v for use inside expected bodies.
func jsonText(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
