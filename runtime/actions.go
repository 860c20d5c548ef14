package runtime

import (
	"time"

	"github.com/arazzo-dev/arazzo/arazzo"
)

// choose returns the first action of list whose criteria all pass in c
// (ACT-25; an action without criteria always applies, AMB-07; failure
// action criteria are ANDed too, AMB-29), or nil. Retry actions whose
// budget in this step execution (retries) is spent are passed over, so
// the failure list is evaluated again against the latest response and
// the next matching action runs (ACT-24, AMB-16, AMB-18). retries is nil
// for success actions.
func (r *run) choose(list []*actionPlan, c *evalContext, retries map[*actionPlan]int) *actionPlan {
	for _, a := range list {
		if a.typ == arazzo.ActionRetry && retries[a] >= a.retryLimit {
			continue
		}
		if r.criteriaPass(a.criteria, c) {
			return a
		}
	}
	return nil
}

// criteriaPass evaluates action criteria, all of which must pass.
func (r *run) criteriaPass(list []*criterionPlan, c *evalContext) bool {
	for _, cp := range list {
		if !cp.cond.Eval(c).Passed {
			return false
		}
	}
	return true
}

// retryDelay is the wait before a retry: the failed response's
// Retry-After header, capped by MaxRetryAfter, when it has one (ACT-21),
// else the action's retryAfter (ACT-20; 0 when omitted, AMB-19).
func (r *run) retryDelay(a *actionPlan, ex *exchange) time.Duration {
	if ex != nil && ex.respHeader != nil {
		if d, ok := retryAfter(ex.respHeader, r.cfg.clock()); ok {
			return min(d, r.cfg.maxRetryAfter)
		}
	}
	return a.retryAfter
}
