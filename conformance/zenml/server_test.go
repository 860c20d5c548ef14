package zenml

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestServerURLHasBasePath(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if u.Scheme != "http" || u.Hostname() != "127.0.0.1" || u.Path != BasePath {
		t.Errorf("URL = %q, want http://127.0.0.1:<port>%s", srv.URL, BasePath)
	}
}

func TestRouting(t *testing.T) {
	c := start(t)
	tests := []struct {
		name, method, path string
		status             int
		body               string
		allow              string
	}{
		{"unknown path", "GET", "/flavors", 404, `{"detail":"Not Found"}`, ""},
		{"trailing slash", "GET", "/pipelines/", 404, `{"detail":"Not Found"}`, ""},
		{"too deep", "GET", "/pipelines/" + trainingID + "/runs", 404, `{"detail":"Not Found"}`, ""},
		{"method not allowed on collection", "DELETE", "/pipelines", 405, `{"detail":"Method Not Allowed"}`, "GET, POST"},
		{"method not allowed on item", "PUT", "/stacks/" + defaultStackID, 405, `{"detail":"Method Not Allowed"}`, "GET, DELETE"},
		{"login only posts", "GET", "/login", 405, `{"detail":"Method Not Allowed"}`, "POST"},
		{"read-only collection", "POST", "/runs", 405, `{"detail":"Method Not Allowed"}`, "GET"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.send(tt.method, tt.path, "", "")
			expect(t, got, tt.status, tt.body)
			if a := got.Header.Get("Allow"); a != tt.allow {
				t.Errorf("Allow = %q, want %q", a, tt.allow)
			}
		})
	}
}

func TestOutsideBasePath(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	root := strings.TrimSuffix(srv.URL, BasePath)
	for _, path := range []string{"/pipelines", "/api/v1", "/api/v2/pipelines", "/api/v1pipelines"} {
		t.Run(path, func(t *testing.T) {
			resp, err := srv.Client().Get(root + path)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusNotFound {
				t.Errorf("status = %d, want 404", resp.StatusCode)
			}
		})
	}
}

func TestHandlerInProcess(t *testing.T) {
	h := NewHandler()
	req := httptest.NewRequest("GET", BasePath+"/projects?size=1", nil)
	req.Header.Set("Authorization", "Bearer "+h.Token())
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("status = %d, body %s", rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	want := `{"index":1,"max_size":1,"total_pages":2,"total":2,"items":[{"id":"00000002-0000-4000-8000-000000000001","name":"default","description":"The project every ZenML server starts with.","created":"2024-04-01T09:00:00Z"}]}`
	if got := rec.Body.String(); got != want {
		t.Errorf("body:\n got %s\nwant %s", got, want)
	}
}

func TestServerHandlerSharesState(t *testing.T) {
	c := start(t)
	c.postJSON("/models", `{"name":"shared"}`).must(t, http.StatusCreated)
	req := httptest.NewRequest("GET", BasePath+"/models", nil)
	req.Header.Set("Authorization", "Bearer "+c.token)
	rec := httptest.NewRecorder()
	c.srv.Handler().ServeHTTP(rec, req)
	if !strings.Contains(rec.Body.String(), `"name":"shared"`) {
		t.Errorf("handler does not see the model created through the listener: %s", rec.Body)
	}
}

func TestRequestLog(t *testing.T) {
	c := start(t)
	c.get("/pipelines?name=etl_pipeline&size=5")
	c.postJSON("/models", `{"name":"logged"}`)
	c.as("").get("/stacks")
	c.send("GET", "/nowhere", "", "")

	auth := http.Header{"Authorization": {"Bearer " + c.token}}
	want := []Request{
		{Operation: "listPipelines", Method: "GET", Path: "/api/v1/pipelines", Query: url.Values{"name": {"etl_pipeline"}, "size": {"5"}}, Header: auth, Body: []byte{}, Status: 200},
		{Operation: "createModel", Method: "POST", Path: "/api/v1/models", Query: url.Values{}, Header: http.Header{"Authorization": {"Bearer " + c.token}, "Content-Type": {"application/json"}}, Body: []byte(`{"name":"logged"}`), Status: 201},
		{Operation: "listStacks", Method: "GET", Path: "/api/v1/stacks", Query: url.Values{}, Header: http.Header{}, Body: []byte{}, Status: 401},
		{Operation: "", Method: "GET", Path: "/api/v1/nowhere", Query: url.Values{}, Header: auth, Body: []byte{}, Status: 404},
	}
	got := c.srv.Requests()
	// Drop the headers the Go client adds on its own.
	for i := range got {
		for _, h := range []string{"User-Agent", "Accept-Encoding", "Content-Length"} {
			got[i].Header.Del(h)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("request log mismatch (-want +got):\n%s", diff)
	}

	// The log hands out copies.
	got[0].Header.Set("Authorization", "changed")
	got[1].Body[0] = 'X'
	again := c.srv.Requests()
	if again[0].Header.Get("Authorization") != "Bearer "+c.token || again[1].Body[0] != '{' {
		t.Error("changing the returned log changed the server's log")
	}
}

func TestReset(t *testing.T) {
	c := start(t)
	created := c.postJSON("/pipelines", `{"name":"temporary"}`).object(t, http.StatusCreated)
	c.postJSON("/secrets", `{"name":"temporary","values":{}}`).must(t, http.StatusCreated)
	c.delete("/stacks/"+awsStackID).must(t, http.StatusNoContent)
	for range DefaultPollReads + 1 {
		c.get("/runs/" + runningRunID)
	}

	c.srv.Reset()

	if got := c.srv.Requests(); len(got) != 0 {
		t.Errorf("Requests after Reset = %d entries, want none", len(got))
	}
	if got := c.get("/pipelines").object(t, 200)["total"]; got != 4.0 {
		t.Errorf("pipelines after Reset = %v, want 4", got)
	}
	if got := c.get("/secrets").object(t, 200)["total"]; got != 2.0 {
		t.Errorf("secrets after Reset = %v, want 2", got)
	}
	c.get("/stacks/"+awsStackID).must(t, http.StatusOK)
	if got := c.get("/runs/"+runningRunID).object(t, 200)["status"]; got != "running" {
		t.Errorf("polled run after Reset reports %v, want running", got)
	}
	// Created ids restart, and the token issued before still works.
	again := c.postJSON("/pipelines", `{"name":"temporary"}`).object(t, http.StatusCreated)
	if again["id"] != created["id"] || created["id"] != makeID(pipelineKind, 1001) {
		t.Errorf("ids of created pipelines: %v before Reset, %v after; want both %s", created["id"], again["id"], makeID(pipelineKind, 1001))
	}
}

func TestBodyTooLarge(t *testing.T) {
	c := start(t)
	big := `{"name":"big","values":{"v":"` + strings.Repeat("x", maxBodyBytes) + `"}}`
	expect(t, c.postJSON("/secrets", big), http.StatusRequestEntityTooLarge, `{"detail":"Request Entity Too Large"}`)
	if got := c.get("/secrets").object(t, 200)["total"]; got != 2.0 {
		t.Errorf("secrets = %v, want the 2 seeded ones", got)
	}
}

func TestJSONResponsesDoNotEscapeHTML(t *testing.T) {
	c := start(t)
	got := c.postJSON("/models", `{"name":"a<b>&c"}`)
	if !strings.Contains(got.Raw, `"name":"a<b>&c"`) {
		t.Errorf("body = %s", got.Raw)
	}
}

func TestClockStampsCreatedResources(t *testing.T) {
	later := time.Date(2030, time.January, 2, 3, 4, 5, 6000, time.UTC)
	tests := []struct {
		name string
		opts []Option
		want string
	}{
		{"default clock", nil, "2024-06-01T12:00:00Z"},
		{"injected clock", []Option{Clock(func() time.Time { return later })}, "2030-01-02T03:04:05.000006Z"},
		{"nil restores the default", []Option{Clock(func() time.Time { return later }), Clock(nil)}, "2024-06-01T12:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := start(t, tt.opts...)
			if got := c.postJSON("/models", `{"name":"stamped"}`).object(t, http.StatusCreated)["created"]; got != tt.want {
				t.Errorf("created = %v, want %s", got, tt.want)
			}
		})
	}
}
