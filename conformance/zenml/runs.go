package zenml

import (
	"slices"
	"strings"
)

// runStatuses are the values of the RunStatus schema.
var runStatuses = []string{"initializing", "running", "completed", "failed", "cached", "stopped"}

var (
	// listPipelineRuns lists runs newest first, the order the ZenML
	// workflows rely on when they read items/0 as "the latest run".
	listPipelineRuns = listOf(runsNewestFirst,
		matchUUID("pipeline_id", func(r *run) string { return r.PipelineID }),
		matchEnum("status", runStatuses, func(r *run) string { return r.Status }),
	)
	getPipelineRun = getOf(func(st *state) *table[*run] { return &st.runs }, "run_id", "pipeline run", poll)
)

func runsNewestFirst(st *state, _ *call) []*run {
	runs := slices.Clone(st.runs.all())
	slices.SortStableFunc(runs, func(a, b *run) int {
		if c := b.Created.Compare(a.Created); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID)
	})
	return runs
}

// poll advances a run that is still executing: it stays "running" for the
// first PollReads detail reads, and the next read finds it completed, ended
// at that moment. Listings show the current status without advancing it.
func poll(c *call, r *run) {
	if !r.polled {
		return
	}
	if r.reads < c.cfg.pollReads {
		r.reads++
		return
	}
	r.polled = false
	r.Status = "completed"
	end := c.now
	r.EndTime = &end
}
