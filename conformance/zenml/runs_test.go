package zenml

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestRunPolling(t *testing.T) {
	tests := []struct {
		name  string
		opts  []Option
		reads int // reads that report running
	}{
		{"default", nil, DefaultPollReads},
		{"five polls", []Option{PollReads(5)}, 5},
		{"no polls", []Option{PollReads(0)}, 0},
		{"negative counts as zero", []Option{PollReads(-3)}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := start(t, tt.opts...)
			var got []string
			for range tt.reads + 3 {
				got = append(got, c.get("/runs/"+runningRunID).object(t, 200)["status"].(string))
				// Listings neither advance nor hide the run.
				c.get("/runs?status=running")
			}
			var want []string
			for i := range tt.reads + 3 {
				if i < tt.reads {
					want = append(want, "running")
				} else {
					want = append(want, "completed")
				}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("statuses of successive reads (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRunCompletesAtTheClock(t *testing.T) {
	now := time.Date(2024, time.May, 4, 9, 30, 15, 123456789, time.FixedZone("CEST", 2*60*60))
	c := start(t, PollReads(1), Clock(func() time.Time { return now }))
	running := `{"id":"00000004-0000-4000-8000-000000000007","name":"inference_pipeline-2024_05_04-09_00_00_000000","pipeline_id":"00000003-0000-4000-8000-000000000002","stack_id":"00000005-0000-4000-8000-000000000002","status":"running","start_time":"2024-05-04T09:00:00Z","user_id":"00000001-0000-4000-8000-000000000001","created":"2024-05-04T09:00:00Z"}`
	expect(t, c.get("/runs/"+runningRunID), 200, running)
	if diff := cmp.Diff(ids(runKind, 7), c.get("/runs?status=running").ids(t)); diff != "" {
		t.Errorf("running runs (-want +got):\n%s", diff)
	}
	completed := `{"id":"00000004-0000-4000-8000-000000000007","name":"inference_pipeline-2024_05_04-09_00_00_000000","pipeline_id":"00000003-0000-4000-8000-000000000002","stack_id":"00000005-0000-4000-8000-000000000002","status":"completed","start_time":"2024-05-04T09:00:00Z","end_time":"2024-05-04T07:30:15.123456Z","user_id":"00000001-0000-4000-8000-000000000001","created":"2024-05-04T09:00:00Z"}`
	expect(t, c.get("/runs/"+runningRunID), 200, completed)
	expect(t, c.get("/runs/"+runningRunID), 200, completed)
	// Now it is the newest completed run, and no run is running.
	if diff := cmp.Diff(ids(runKind, 7, 5, 4, 3, 1), c.get("/runs?status=completed").ids(t)); diff != "" {
		t.Errorf("completed runs (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string(nil), c.get("/runs?status=running").ids(t)); diff != "" {
		t.Errorf("running runs (-want +got):\n%s", diff)
	}
}

func TestTerminalRunsDoNotChange(t *testing.T) {
	c := start(t, PollReads(0))
	for _, n := range []int{2, 6} {
		id := makeID(runKind, n)
		first := c.get("/runs/" + id).Raw
		for range 3 {
			if again := c.get("/runs/" + id).Raw; again != first {
				t.Errorf("run %s changed between reads:\n%s\n%s", id, first, again)
			}
		}
	}
}
