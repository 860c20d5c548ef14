package runtime

import (
	"errors"
	"fmt"
	"slices"
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
		if r.criteriaPass(a, c) {
			return a
		}
	}
	return nil
}

// criteriaPass evaluates the criteria of action a, all of which must pass.
// A criterion that reads a request parameter the operation does not
// declare fails with an evaluation error (AMB-41), which is reported as a
// warning of the step, since the action is then silently passed over.
func (r *run) criteriaPass(a *actionPlan, c *evalContext) bool {
	for _, cp := range a.criteria {
		o := c.criterion(cp)
		if o.Passed {
			continue
		}
		var u *undeclaredError
		if errors.As(o.Err, &u) {
			r.warnOnce(c.x, c.sp.id, fmt.Sprintf("action %q does not apply: criterion %q: %s", a.name, cp.text.Condition, o.Reason))
		}
		return false
	}
	return true
}

// warnOnce adds a warning unless the workflow already has the same one,
// as it would each time a step's failure actions are evaluated again.
func (r *run) warnOnce(x *wfExec, step, msg string) {
	if slices.Contains(x.res.Warnings, Warning{Step: step, Message: msg}) {
		return
	}
	r.warn(x, step, msg)
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
