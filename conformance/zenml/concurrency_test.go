package zenml

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
)

// TestConcurrentClients runs many clients at once (meaningful under -race)
// and checks that every request was applied exactly once.
func TestConcurrentClients(t *testing.T) {
	const workers, perWorker = 8, 10
	c := start(t, PollReads(20))

	var wg sync.WaitGroup
	statuses := make(chan string, workers*perWorker)
	errs := make(chan error, workers*perWorker*4)
	for w := range workers {
		wg.Go(func() {
			for i := range perWorker {
				name := fmt.Sprintf("w%d-%d", w, i)
				for _, r := range []struct {
					got  response
					want int
				}{
					{c.postJSON("/secrets", `{"name":"`+name+`","values":{"k":"v"}}`), http.StatusCreated},
					{c.postJSON("/pipelines", `{"name":"`+name+`"}`), http.StatusCreated},
					{c.get("/pipelines?size=5"), http.StatusOK},
				} {
					if r.got.Status != r.want {
						errs <- fmt.Errorf("%s: status %d, want %d: %s", name, r.got.Status, r.want, r.got.Raw)
					}
				}
				run := c.get("/runs/" + runningRunID)
				if run.Status != http.StatusOK {
					errs <- fmt.Errorf("%s: reading the run: %d", name, run.Status)
					continue
				}
				statuses <- run.Body.(map[string]any)["status"].(string)
			}
		})
	}
	wg.Go(func() {
		for range perWorker {
			c.srv.Requests()
			c.srv.Token()
		}
	})
	wg.Wait()
	close(errs)
	close(statuses)
	for err := range errs {
		t.Error(err)
	}

	counts := map[string]int{}
	for s := range statuses {
		counts[s]++
	}
	if counts["running"] != 20 || counts["completed"] != workers*perWorker-20 {
		t.Errorf("run statuses seen = %v, want 20 running and %d completed", counts, workers*perWorker-20)
	}
	if got := c.get("/secrets?size=1000").object(t, 200)["total"]; got != float64(2+workers*perWorker) {
		t.Errorf("secrets = %v, want %d", got, 2+workers*perWorker)
	}
	if got := c.get("/pipelines?size=1000").object(t, 200)["total"]; got != float64(4+workers*perWorker) {
		t.Errorf("pipelines = %v, want %d", got, 4+workers*perWorker)
	}
	if got := len(c.srv.Requests()); got != workers*perWorker*4+2 {
		t.Errorf("logged requests = %d, want %d", got, workers*perWorker*4+2)
	}
	// Every created pipeline has its own id.
	seen := map[string]bool{}
	for _, id := range c.get("/pipelines?size=1000").ids(t) {
		if seen[id] {
			t.Errorf("id %s handed out twice", id)
		}
		seen[id] = true
	}
}

func TestConcurrentReset(t *testing.T) {
	c := start(t)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 20 {
				c.postJSON("/models", `{"name":"racer"}`)
				c.get("/models")
			}
		})
	}
	wg.Go(func() {
		for range 20 {
			c.srv.Reset()
		}
	})
	wg.Wait()
	c.srv.Reset()
	if got := c.get("/models").object(t, 200)["total"]; got != 2.0 {
		t.Errorf("models after the final Reset = %v, want 2", got)
	}
}
