package runtime_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"

	"github.com/arazzo-dev/arazzo/conformance/zenml"
	"github.com/arazzo-dev/arazzo/runtime"
)

// TestConcurrentRuns runs the golden workflow hundreds of times at once
// on one engine against one server (run it with -race): every run must
// get its own outputs, and the server must see three requests per run.
func TestConcurrentRuns(t *testing.T) {
	const runs = 300
	srv := zenml.NewServer()
	defer srv.Close()
	var events sync.Map
	e := goldenEngine(t, srv.URL, runtime.RecordExchanges(true), runtime.OnEvent(func(ev runtime.Event) {
		if ev.Kind == runtime.EventWorkflowEnd {
			events.Store(ev.Result, true)
		}
	}))
	token := srv.Token()
	var wg sync.WaitGroup
	results := make([]*runtime.Result, runs)
	for i := range runs {
		wg.Go(func() {
			res, err := e.Run(context.Background(), "provision-secret", map[string]any{
				"accessToken": token, "secretName": fmt.Sprintf("secret-%03d", i), "values": map[string]any{"k": fmt.Sprint(i)},
			})
			if err != nil {
				t.Errorf("run %d: %v", i, err)
				return
			}
			results[i] = res
		})
	}
	wg.Wait()
	ids := map[any]bool{}
	for i, res := range results {
		if res == nil {
			continue
		}
		if res.Status != runtime.StatusSucceeded {
			t.Errorf("run %d: %s: %s", i, res.Status, res.Error)
			continue
		}
		if got, want := res.Outputs["secretName"], fmt.Sprintf("secret-%03d", i); got != want {
			t.Errorf("run %d: secretName %v, want %s", i, got, want)
		}
		ids[res.Outputs["secretId"]] = true
		if _, ok := events.Load(res); !ok {
			t.Errorf("run %d: no workflowEnd event carried its result", i)
		}
	}
	if len(ids) != runs {
		t.Errorf("%d distinct secret ids, want %d", len(ids), runs)
	}
	if n := len(srv.Requests()); n != 3*runs {
		t.Errorf("server saw %d requests, want %d", n, 3*runs)
	}
}

// TestConcurrentPrerequisites runs workflows with concurrent prerequisites
// many times at once, with an event hook that reads every record it is
// given.
func TestConcurrentPrerequisites(t *testing.T) {
	srv := newServer(t, nil)
	e := dependsDoc.engine(t, srv, runtime.OnEvent(func(ev runtime.Event) {
		if _, err := json.Marshal(ev); err != nil {
			t.Error(err)
		}
	}))
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Go(func() {
			res, err := e.Run(context.Background(), "top", map[string]any{"who": i})
			if err != nil || res.Status != runtime.StatusSucceeded || res.Outputs["fromBase"] != i {
				t.Errorf("run %d: %v %v %v", i, err, res.Status, res.Outputs)
			}
		})
	}
	wg.Wait()
	if n := len(srv.requests()); n != 400 {
		t.Errorf("%d requests, want 400", n)
	}
}
