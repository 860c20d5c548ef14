package runtime_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/arazzo-dev/arazzo/arazzo"
	"github.com/arazzo-dev/arazzo/conformance/zenml"
	"github.com/arazzo-dev/arazzo/runtime"
	"github.com/arazzo-dev/arazzo/specs"
)

// goldenEngine builds an engine for the golden fixture, the ZenML
// provision-secret workflow, pointed at srvURL.
func goldenEngine(t testing.TB, srvURL string, opts ...runtime.Option) *runtime.Engine {
	t.Helper()
	data, err := specs.FS.ReadFile(specs.Golden)
	if err != nil {
		t.Fatal(err)
	}
	doc, ds := arazzo.Parse(data, arazzo.Filename("/"+specs.Golden))
	if doc == nil {
		t.Fatalf("Parse: %v", ds)
	}
	opts = append([]runtime.Option{runtime.Loader(arazzo.FSLoader(specs.FS)), runtime.Server("zenmlApi", srvURL)}, opts...)
	e, err := runtime.New(doc, opts...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return e
}

// wantRequest is what the golden test checks of each request the server
// received.
type wantRequest struct {
	Operation     string
	Method        string
	Path          string
	Query         url.Values
	Authorization string
	ContentType   string
	Body          any
	Status        int
}

func gotRequests(t *testing.T, reqs []zenml.Request) []wantRequest {
	t.Helper()
	var out []wantRequest
	for _, r := range reqs {
		w := wantRequest{Operation: r.Operation, Method: r.Method, Path: r.Path, Query: r.Query,
			Authorization: r.Header.Get("Authorization"), ContentType: r.Header.Get("Content-Type"), Status: r.Status}
		if len(r.Query) == 0 {
			w.Query = nil
		}
		if len(r.Body) > 0 {
			if err := json.Unmarshal(r.Body, &w.Body); err != nil {
				t.Fatalf("request body %q: %v", r.Body, err)
			}
		}
		out = append(out, w)
	}
	return out
}

// TestGoldenProvisionSecret runs the golden fixture against the reference
// ZenML server and checks every request, with and without the optional
// scope input: without it, createSecret must not send a scope member at
// all.
func TestGoldenProvisionSecret(t *testing.T) {
	srv := zenml.NewServer()
	defer srv.Close()
	e := goldenEngine(t, srv.URL)
	// The fixture writes "Bearer $inputs.accessToken" without braces: the
	// validator's finding is kept, and the engine reads the expression.
	bare := 0
	for _, d := range e.Diagnostics() {
		if d.Rule == "bare-expression" {
			bare++
		}
	}
	if bare != 3 {
		t.Errorf("Diagnostics() has %d bare-expression findings, want 3: %v", bare, e.Diagnostics())
	}
	token := srv.Token()
	bearer := "Bearer " + token
	tests := []struct {
		name     string
		inputs   map[string]any
		wantBody map[string]any
	}{
		{
			name:     "without scope",
			inputs:   map[string]any{"accessToken": token, "secretName": "db-password", "values": map[string]any{"password": "hunter2"}},
			wantBody: map[string]any{"name": "db-password", "values": map[string]any{"password": "hunter2"}},
		},
		{
			name:     "with scope",
			inputs:   map[string]any{"accessToken": token, "secretName": "db-password", "scope": "user", "values": map[string]any{"password": "hunter2"}},
			wantBody: map[string]any{"name": "db-password", "scope": "user", "values": map[string]any{"password": "hunter2"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.Reset()
			res, err := e.Run(context.Background(), "provision-secret", tt.inputs)
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if res.Status != runtime.StatusSucceeded {
				t.Fatalf("status %s: %s", res.Status, res.Error)
			}
			want := []wantRequest{
				{Operation: "getCurrentUser", Method: "GET", Path: "/api/v1/current-user", Authorization: bearer, Status: 200},
				{Operation: "createSecret", Method: "POST", Path: "/api/v1/secrets", Authorization: bearer,
					ContentType: "application/json", Body: tt.wantBody, Status: 201},
				{Operation: "listSecrets", Method: "GET", Path: "/api/v1/secrets", Authorization: bearer,
					Query: url.Values{"page": {"1"}, "size": {"100"}}, Status: 200},
			}
			if diff := cmp.Diff(want, gotRequests(t, srv.Requests())); diff != "" {
				t.Errorf("requests (-want +got):\n%s", diff)
			}
			wantOut := map[string]any{
				"secretId":   "0000000c-0000-4000-8000-000000001001",
				"secretName": "db-password",
				"ownerId":    "00000001-0000-4000-8000-000000000001",
			}
			if diff := cmp.Diff(wantOut, res.Outputs); diff != "" {
				t.Errorf("outputs (-want +got):\n%s", diff)
			}
			js, err := json.Marshal(res)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(js), token) {
				t.Errorf("the result holds the access token: %s", js)
			}
		})
	}
}
