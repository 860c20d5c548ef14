package zenml_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"

	"github.com/arazzo-dev/arazzo/conformance/zenml"
)

// A client logs in with the seeded credentials and lists the pipelines.
func ExampleNewServer() {
	srv := zenml.NewServer()
	defer srv.Close()
	client := srv.Client()

	resp, err := client.PostForm(srv.URL+"/login", url.Values{
		"username": {zenml.DefaultUsername},
		"password": {zenml.DefaultPassword},
	})
	if err != nil {
		panic(err)
	}
	var token struct {
		AccessToken string `json:"access_token"`
	}
	json.NewDecoder(resp.Body).Decode(&token)
	resp.Body.Close()

	req, _ := http.NewRequest("GET", srv.URL+"/pipelines?size=2", nil)
	req.Header.Set("Authorization", "Bearer "+token.AccessToken)
	resp, err = client.Do(req)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	var page struct {
		Total int `json:"total"`
		Items []struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"items"`
	}
	json.NewDecoder(resp.Body).Decode(&page)
	fmt.Println("total:", page.Total)
	for _, p := range page.Items {
		fmt.Println(p.ID, p.Name)
	}
	// Output:
	// total: 4
	// 00000003-0000-4000-8000-000000000001 training_pipeline
	// 00000003-0000-4000-8000-000000000002 inference_pipeline
}

// The seeded running run reports "running" for a configurable number of
// reads, then "completed".
func ExamplePollReads() {
	srv := zenml.NewServer(zenml.PollReads(1))
	defer srv.Close()

	for range 3 {
		req, _ := http.NewRequest("GET", srv.URL+"/runs/00000004-0000-4000-8000-000000000007", nil)
		req.Header.Set("Authorization", "Bearer "+srv.Token())
		resp, err := srv.Client().Do(req)
		if err != nil {
			panic(err)
		}
		var run struct{ Status string }
		json.NewDecoder(resp.Body).Decode(&run)
		resp.Body.Close()
		fmt.Println(run.Status)
	}
	// Output:
	// running
	// completed
	// completed
}

// A handler serves requests in process, and records what it received.
func ExampleNewHandler() {
	h := zenml.NewHandler()

	req := httptest.NewRequest("POST", zenml.BasePath+"/secrets",
		strings.NewReader(`{"name":"db","scope":"user","values":{"password":"hunter2"}}`))
	req.Header.Set("Authorization", "Bearer "+h.Token())
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Body.String())

	for _, r := range h.Requests() {
		fmt.Println(r.Operation, r.Method, r.Path, r.Status)
	}
	// Output:
	// 201 {"id":"0000000c-0000-4000-8000-000000001001","name":"db","scope":"user","created":"2024-06-01T12:00:00Z","values":{"password":"hunter2"}}
	// createSecret POST /api/v1/secrets 201
}
