package runtime

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/arazzo-dev/arazzo/arazzo"
	"github.com/arazzo-dev/arazzo/expr"
)

// run is the state of one call of Engine.Run. Everything a run changes
// lives here or in the wfExec values it creates; the Engine is never
// modified.
type run struct {
	e   *Engine
	cfg *config
	ctx context.Context
	red *redactor

	mu sync.Mutex
	// latest lists, for each workflow that ran, its most recent execution
	// and its most recent completed one (AMB-57). Runs involve few
	// workflows, so a list beats a map.
	latestRuns []latestRun
	// prereqs holds the prerequisite workflows of the run, each run once
	// (AMB-25).
	prereqs map[*workflowPlan]*prereq
}

// latestRun is an entry of run.latestRuns.
type latestRun struct {
	plan               *workflowPlan
	started, completed *wfExec
}

// prereq is a prerequisite workflow run once per run; done is closed when
// res is set.
type prereq struct {
	done chan struct{}
	res  *Result
}

// wfExec is one execution of a workflow.
type wfExec struct {
	plan   *workflowPlan
	depth  int
	inputs map[string]any
	// prereqSource holds the inputs that the workflows this one depends on
	// are given, each filtered by its schema: the inputs of the workflow
	// whose dependsOn started the chain, so that a prerequisite shared by
	// two dependents gets the same inputs whichever reaches it first
	// (AMB-25).
	prereqSource map[string]any
	// steps holds the outputs of the most recent execution of each step.
	steps map[string]map[string]any
	// outputs holds the workflow outputs, once evaluated.
	outputs     map[string]any
	res         *Result
	transitions int
	// state is reused by the attempts of operation steps (see attempt).
	state *attemptState
}

func newRun(ctx context.Context, e *Engine) *run {
	return &run{e: e, cfg: e.cfg, ctx: ctx, red: e.red.fork()}
}

func (r *run) now() time.Time { return r.cfg.clock() }

// since returns the time elapsed from start by the engine's clock.
func (r *run) since(start time.Time) time.Duration { return r.now().Sub(start) }

// latest returns the most recent execution of p (completed or started).
func (r *run) latest(p *workflowPlan, completed bool) *wfExec {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, l := range r.latestRuns {
		if l.plan == p {
			if completed {
				return l.completed
			}
			return l.started
		}
	}
	return nil
}

func (r *run) setLatest(p *workflowPlan, x *wfExec, completed bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	i := 0
	for i < len(r.latestRuns) && r.latestRuns[i].plan != p {
		i++
	}
	if i == len(r.latestRuns) {
		r.latestRuns = append(r.latestRuns, latestRun{plan: p})
	}
	if completed {
		r.latestRuns[i].completed = x
	} else {
		r.latestRuns[i].started = x
	}
}

// warn records a warning in the result of x.
func (r *run) warn(x *wfExec, step, msg string) {
	x.res.Warnings = append(x.res.Warnings, Warning{Step: step, Message: msg})
}

// emit delivers an event, redacted, to the OnEvent function.
func (r *run) emit(ev Event) {
	if r.cfg.onEvent == nil {
		return
	}
	if ev.Time.IsZero() {
		ev.Time = r.now()
	}
	ev.URL = r.red.text(ev.URL)
	ev.Error = r.red.text(ev.Error)
	if ev.Criterion != nil {
		c := *ev.Criterion
		c.Reason = r.red.text(c.Reason)
		ev.Criterion = &c
	}
	r.cfg.onEvent(ev)
}

// addInputSecrets learns the values of p's secret inputs.
func (r *run) addInputSecrets(p *workflowPlan, inputs map[string]any) {
	for _, ptr := range p.secrets {
		if v, ok := lookup(inputs, ptr); ok {
			r.red.addValue(v)
		}
	}
}

// finish masks the whole result once the run is over, with every secret
// learnt along the way.
func (r *run) finish(res *Result) {
	r.red.result(res, &visited{})
}

// flow is what happens after a step execution.
type flow uint8

const (
	flowNext         flow = iota // the next step in order
	flowGotoStep                 // the step at index
	flowGotoWorkflow             // end this workflow by running action.workflow
	flowEnd                      // end the workflow successfully
	flowFail                     // end the workflow as failed, with err
	flowCancel                   // the run's context is done; err is why
)

type stepOutcome struct {
	flow   flow
	index  int
	action *actionPlan
	rec    *ActionRecord
	err    error
}

// workflow executes p with validated inputs at the given call depth.
// source is what p's prerequisites get their inputs from (see
// [wfExec.prereqSource]); nil means p's own inputs.
func (r *run) workflow(p *workflowPlan, inputs map[string]any, depth int, source map[string]any) *wfExec {
	res := &Result{WorkflowID: p.id, Start: r.now(), Steps: make([]*StepResult, 0, len(p.steps))}
	if source == nil {
		source = inputs
	}
	x := &wfExec{plan: p, depth: depth, inputs: inputs, prereqSource: source,
		steps: make(map[string]map[string]any, len(p.steps)), res: res}
	r.emit(Event{Kind: EventWorkflowStart, Workflow: p.id, Depth: depth, Time: res.Start})
	r.setLatest(p, x, false)

	status, err := StatusSucceeded, error(nil)
	if depth > r.cfg.maxDepth {
		status, err = StatusFailed, &WorkflowError{WorkflowID: p.id,
			Err: wrapf(ErrMaxDepth, "it would run at depth %d, beyond the limit of %d (see MaxDepth)", depth, r.cfg.maxDepth)}
	} else if len(p.dependsOn) > 0 {
		status, err = r.prerequisites(x)
	}
	if status == StatusSucceeded && err == nil {
		status, err = r.steps(x)
	}
	x.outputs = r.outputs(x)
	res.Outputs = x.outputs
	res.Status, res.err = status, err
	if err != nil {
		res.Error = err.Error()
	}
	res.Duration = r.since(res.Start)
	r.setLatest(p, x, true)
	if r.cfg.onEvent != nil {
		// Mask the record before it is shown. Prerequisites were masked
		// when they ended, and may be shared with workflows running
		// concurrently, so they are left alone.
		seen := &visited{list: append([]*Result(nil), res.Dependencies...)}
		r.red.result(res, seen)
		r.emit(Event{Kind: EventWorkflowEnd, Workflow: p.id, Depth: depth, Status: status, Duration: res.Duration,
			Error: res.Error, Result: res})
	}
	return x
}

// call runs p as called by a step or an action at the given depth. Inputs
// that p's schema rejects fail the call without running anything.
func (r *run) call(p *workflowPlan, inputs map[string]any, depth int) *wfExec {
	return r.callFrom(p, inputs, depth, nil)
}

// callFrom is call with the source of the inputs of p's prerequisites.
func (r *run) callFrom(p *workflowPlan, inputs map[string]any, depth int, source map[string]any) *wfExec {
	in, err := r.e.prepareInputs(p, inputs)
	if err != nil {
		start := r.now()
		res := &Result{WorkflowID: p.id, Status: StatusFailed, Start: start, Steps: []*StepResult{},
			err: &WorkflowError{WorkflowID: p.id, Err: err}}
		res.Error = res.err.Error()
		return &wfExec{plan: p, depth: depth, res: res}
	}
	r.addInputSecrets(p, in)
	return r.workflow(p, in, depth, source)
}

// prerequisites runs the workflows x depends on, each once per run, the
// independent ones concurrently, each with those inputs of the workflow
// that started the chain of dependsOn that its schema declares (AMB-25),
// and says whether all succeeded.
func (r *run) prerequisites(x *wfExec) (Status, error) {
	deps := x.plan.dependsOn
	entries := make([]*prereq, len(deps))
	var wg sync.WaitGroup
	for i, d := range deps {
		r.mu.Lock()
		if r.prereqs == nil {
			r.prereqs = map[*workflowPlan]*prereq{}
		}
		pr, seen := r.prereqs[d]
		if !seen {
			pr = &prereq{done: make(chan struct{})}
			r.prereqs[d] = pr
		}
		r.mu.Unlock()
		entries[i] = pr
		if seen {
			continue
		}
		start := func() {
			defer close(pr.done)
			pr.res = r.callFrom(d, forwardInputs(x.prereqSource, d), x.depth+1, x.prereqSource).res
		}
		if len(deps) == 1 {
			start()
		} else {
			wg.Go(start)
		}
	}
	wg.Wait()
	for _, pr := range entries {
		<-pr.done
		x.res.Dependencies = append(x.res.Dependencies, pr.res)
	}
	for i, pr := range entries {
		switch pr.res.Status {
		case StatusSucceeded:
			continue
		case StatusCancelled:
			return StatusCancelled, &WorkflowError{WorkflowID: x.plan.id, Err: r.cancelCause()}
		}
		return StatusFailed, &WorkflowError{WorkflowID: x.plan.id,
			Err: wrapf(ErrDependencyFailed, "%q failed: %s", deps[i].id, pr.res.Error)}
	}
	return StatusSucceeded, nil
}

// cancelCause is the run's context error, or context.Canceled.
func (r *run) cancelCause() error {
	if err := r.ctx.Err(); err != nil {
		return err
	}
	return context.Canceled
}

// steps runs the steps of x from the first, following the actions, and
// returns how the workflow ended.
func (r *run) steps(x *wfExec) (Status, error) {
	p := x.plan
	for i := 0; i < len(p.steps); {
		out := r.step(x, p.steps[i])
		switch out.flow {
		case flowNext:
			i++
		case flowGotoStep:
			i = out.index
		case flowEnd:
			return StatusSucceeded, nil
		case flowFail:
			return StatusFailed, out.err
		case flowCancel:
			return StatusCancelled, out.err
		case flowGotoWorkflow:
			target := out.action.workflow
			tx := r.call(target, forwardInputs(x.inputs, target), x.depth+1)
			out.rec.Workflow = tx.res
			switch tx.res.Status {
			case StatusSucceeded:
				return StatusSucceeded, nil
			case StatusCancelled:
				return StatusCancelled, &WorkflowError{WorkflowID: p.id, Err: r.cancelCause()}
			}
			return StatusFailed, &WorkflowError{WorkflowID: p.id,
				Err: wrapf(ErrWorkflowFailed, "goto action %q ran workflow %q, which failed: %s", out.action.name, target.id, tx.res.Error)}
		}
	}
	return StatusSucceeded, nil
}

// forwardInputs returns the inputs a workflow gets from the workflow that
// hands over to it without parameters: a goto or retry action naming it
// (AMB-21) or a dependsOn naming it (AMB-25). It gets those of the
// caller's inputs that its inputs schema declares as top-level
// properties, and none when it has no schema.
func forwardInputs(inputs map[string]any, target *workflowPlan) map[string]any {
	if target.inputs == nil {
		return nil
	}
	out := map[string]any{}
	for _, name := range target.inputs.Properties() {
		if v, ok := inputs[name]; ok {
			out[name] = v
		}
	}
	return out
}

// transition counts a step execution against MaxTransitions.
func (r *run) transition(x *wfExec) error {
	if x.transitions >= r.cfg.maxTransitions {
		return &WorkflowError{WorkflowID: x.plan.id, Err: wrapf(ErrMaxTransitions,
			"%d step executions, the limit (see MaxTransitions); do goto actions loop?", r.cfg.maxTransitions)}
	}
	x.transitions++
	return nil
}

// step executes a step until an action or the default sends the workflow
// elsewhere: it makes attempts, applies the success or failure action of
// each, and retries as the retry actions say.
func (r *run) step(x *wfExec, sp *stepPlan) stepOutcome {
	sr := r.startStep(x, sp)
	var retries map[*actionPlan]int
	for n := 1; ; n++ {
		if err := r.transition(x); err != nil {
			return r.endStep(x, sr, StatusFailed, stepOutcome{flow: flowFail, err: err})
		}
		if r.ctx.Err() != nil {
			return r.endStep(x, sr, StatusCancelled, stepOutcome{flow: flowCancel, err: r.stepError(x, sp, n, r.ctx.Err())})
		}
		at, c, cause := r.attempt(x, sp, sr, n)
		if cause != nil && r.ctx.Err() != nil {
			return r.endStep(x, sr, StatusCancelled, stepOutcome{flow: flowCancel, err: r.stepError(x, sp, n, r.ctx.Err())})
		}
		if cause == nil {
			a := r.choose(sp.onSuccess, c, nil)
			out := stepOutcome{flow: flowNext}
			if a != nil {
				out = r.take(x, sp, sr, at, a)
			}
			return r.endStep(x, sr, StatusSucceeded, out)
		}
		for {
			a := r.choose(sp.onFailure, c, retries)
			if a == nil {
				// ACT-27, AMB-05: break and return, failed.
				return r.endStep(x, sr, StatusFailed, stepOutcome{flow: flowFail, err: r.stepError(x, sp, n, cause)})
			}
			if a.typ != arazzo.ActionRetry {
				out := r.take(x, sp, sr, at, a)
				if out.flow == flowFail {
					out.err = r.stepError(x, sp, n, wrapf(ErrEndedByFailureAction, "%q", a.name))
				}
				return r.endStep(x, sr, StatusFailed, out)
			}
			if retries == nil {
				retries = map[*actionPlan]int{}
			}
			retries[a]++
			rec := r.record(sr, at, a)
			rec.Retry = retries[a]
			rec.Delay = r.retryDelay(a, c.ex)
			r.emit(Event{Kind: EventActionTaken, Workflow: x.plan.id, Step: sp.id, Depth: x.depth, Attempt: n, Action: rec})
			ok, err := r.beforeRetry(x, sp, a, rec)
			switch {
			case err != nil && r.ctx.Err() != nil:
				return r.endStep(x, sr, StatusCancelled, stepOutcome{flow: flowCancel, err: r.stepError(x, sp, n, r.cancelCause())})
			case err != nil:
				return r.endStep(x, sr, StatusFailed, stepOutcome{flow: flowFail, err: err})
			case !ok:
				// AMB-20: a failed prelude counts as a failed attempt; the
				// failure actions are evaluated again.
				continue
			}
			if err := r.cfg.sleep(r.ctx, rec.Delay); err != nil {
				return r.endStep(x, sr, StatusCancelled, stepOutcome{flow: flowCancel, err: r.stepError(x, sp, n, r.cancelCause())})
			}
			break
		}
	}
}

// stepError wraps the cause of a step failure, masking secrets in its
// message.
func (r *run) stepError(x *wfExec, sp *stepPlan, attempt int, cause error) error {
	return &StepError{WorkflowID: x.plan.id, StepID: sp.id, Attempt: attempt, Err: r.red.err(cause)}
}

// record sets a as the action taken after attempt at.
func (r *run) record(sr *StepResult, at *Attempt, a *actionPlan) *ActionRecord {
	rec := a.record()
	at.Action, sr.Action = rec, rec
	return rec
}

// take applies an end or goto action.
func (r *run) take(x *wfExec, sp *stepPlan, sr *StepResult, at *Attempt, a *actionPlan) stepOutcome {
	rec := r.record(sr, at, a)
	r.emit(Event{Kind: EventActionTaken, Workflow: x.plan.id, Step: sp.id, Depth: x.depth, Attempt: at.Number, Action: rec})
	switch {
	case a.typ == arazzo.ActionEnd && a.failure:
		return stepOutcome{flow: flowFail, rec: rec, action: a}
	case a.typ == arazzo.ActionEnd:
		return stepOutcome{flow: flowEnd, rec: rec, action: a}
	case a.workflow != nil:
		return stepOutcome{flow: flowGotoWorkflow, rec: rec, action: a}
	}
	return stepOutcome{flow: flowGotoStep, index: a.stepIndex, rec: rec, action: a}
}

// beforeRetry runs the step or workflow a retry action names before the
// retry (ACT-19, AMB-20): that one step (its own actions do not apply) or
// that workflow. Either counts as a step execution of x. It reports
// whether the prelude succeeded; the error, when not nil, ends the step:
// the run was cancelled or x made too many step executions.
func (r *run) beforeRetry(x *wfExec, sp *stepPlan, a *actionPlan, rec *ActionRecord) (bool, error) {
	switch {
	case a.workflow != nil:
		if err := r.transition(x); err != nil {
			return false, err
		}
		tx := r.call(a.workflow, forwardInputs(x.inputs, a.workflow), x.depth+1)
		rec.Workflow = tx.res
		if tx.res.Status == StatusCancelled {
			return false, r.cancelCause()
		}
		if tx.res.Status != StatusSucceeded {
			r.warn(x, sp.id, fmt.Sprintf("retry action %q ran workflow %q first, which failed; the retry counts as failed: %s", a.name, a.workflow.id, tx.res.Error))
			return false, nil
		}
	case a.stepID != "" && a.stepIndex != sp.index:
		if err := r.transition(x); err != nil {
			return false, err
		}
		side := x.plan.steps[a.stepIndex]
		sr := r.startStep(x, side)
		_, _, cause := r.attempt(x, side, sr, 1)
		if cause != nil && r.ctx.Err() != nil {
			r.endStep(x, sr, StatusCancelled, stepOutcome{flow: flowCancel, err: r.stepError(x, side, 1, r.cancelCause())})
			return false, r.cancelCause()
		}
		if cause != nil {
			r.endStep(x, sr, StatusFailed, stepOutcome{flow: flowFail, err: r.stepError(x, side, 1, cause)})
			r.warn(x, sp.id, fmt.Sprintf("retry action %q ran step %q first, which failed; the retry counts as failed", a.name, side.id))
			return false, nil
		}
		r.endStep(x, sr, StatusSucceeded, stepOutcome{})
	}
	return true, nil
}

// stepRecord is a step record allocated with room for one attempt, which
// most step executions make.
type stepRecord struct {
	sr       StepResult
	attempts [1]*Attempt
}

// attemptRecord is an attempt record allocated with room for one
// criterion result, which most steps have.
type attemptRecord struct {
	at       Attempt
	criteria [1]CriterionResult
}

// attemptState is what the expressions of an operation step's attempt
// read: its context and its HTTP exchange, allocated together.
type attemptState struct {
	c  evalContext
	ex exchange
}

// startStep opens the record of a step execution.
func (r *run) startStep(x *wfExec, sp *stepPlan) *StepResult {
	rec := &stepRecord{}
	sr := &rec.sr
	*sr = StepResult{StepID: sp.id, Operation: sp.label, Start: r.now(), Attempts: rec.attempts[:0]}
	x.res.Steps = append(x.res.Steps, sr)
	r.emit(Event{Kind: EventStepStart, Workflow: x.plan.id, Step: sp.id, Depth: x.depth, Time: sr.Start})
	return sr
}

// endStep closes the record of a step execution and passes out through.
func (r *run) endStep(x *wfExec, sr *StepResult, status Status, out stepOutcome) stepOutcome {
	sr.Status = status
	if out.err != nil {
		sr.Error = out.err.Error()
	} else if status == StatusFailed && len(sr.Attempts) > 0 {
		sr.Error = sr.Attempts[len(sr.Attempts)-1].Error
	}
	sr.Duration = r.since(sr.Start)
	if r.cfg.onEvent != nil {
		r.red.stepResult(sr, &visited{})
		r.emit(Event{Kind: EventStepEnd, Workflow: x.plan.id, Step: sr.StepID, Depth: x.depth, Attempt: len(sr.Attempts),
			Status: status, Duration: sr.Duration, Error: sr.Error, StepResult: sr})
	}
	return out
}

// attempt executes a step once: it sends the request (or calls the
// workflow), evaluates the success criteria (ANDed; with none, any
// response is a success, AMB-01), then the outputs (AMB-58), and returns
// the record, the context the actions are chosen in, and why the attempt
// failed (nil when it succeeded).
func (r *run) attempt(x *wfExec, sp *stepPlan, sr *StepResult, n int) (*Attempt, *evalContext, error) {
	rec := &attemptRecord{}
	at := &rec.at
	*at = Attempt{Number: n, Start: r.now()}
	sr.Attempts = append(sr.Attempts, at)
	var c *evalContext
	var cause error
	if sp.method != "" {
		// The steps of a workflow execution run one at a time, and what
		// an attempt's expressions read is not needed once its step has
		// chosen its action, so one state serves every attempt of x.
		if x.state == nil {
			x.state = &attemptState{}
		}
		st := x.state
		*st = attemptState{c: evalContext{r: r, x: x, sp: sp}}
		c = &st.c
		cause = r.exchange(x, sp, at, c, &st.ex)
	} else {
		c = &evalContext{r: r, x: x, sp: sp}
		cause = r.callStep(x, sp, sr, at, c)
	}
	if cause == nil {
		var failed []string
		switch len(sp.criteria) {
		case 0:
		case 1:
			at.Criteria = rec.criteria[:0]
		default:
			at.Criteria = make([]CriterionResult, 0, len(sp.criteria))
		}
		for _, cp := range sp.criteria {
			o := c.criterion(cp)
			at.Criteria = append(at.Criteria, CriterionResult{Condition: cp.text.Condition, Context: cp.text.Context, Type: cp.text.Type,
				Passed: o.Passed, Reason: o.Reason})
			if r.cfg.onEvent != nil {
				// emit hands out a copy.
				r.emit(Event{Kind: EventCriterionEvaluated, Workflow: x.plan.id, Step: sp.id, Depth: x.depth, Attempt: n,
					Criterion: &at.Criteria[len(at.Criteria)-1]})
			}
			if !o.Passed {
				failed = append(failed, o.Reason)
			}
		}
		if len(failed) > 0 {
			cause = wrapf(ErrCriteriaNotMet, "%s", strings.Join(failed, "; "))
		}
	}
	at.Outputs = r.stepOutputs(x, sp, c, cause == nil)
	x.steps[sp.id] = at.Outputs
	sr.Outputs = at.Outputs
	if cause != nil {
		cause = r.red.err(cause)
		at.Error = cause.Error()
	}
	at.Duration = r.since(at.Start)
	return at, c, cause
}

// exchange builds, sends and reads the HTTP exchange of an attempt, in ex.
func (r *run) exchange(x *wfExec, sp *stepPlan, at *Attempt, c *evalContext, ex *exchange) error {
	if err := r.buildRequest(c, sp, ex); err != nil {
		return err
	}
	c.ex = ex
	at.Method, at.URL = ex.method, ex.url
	req, cancel, err := r.newRequest(ex, sp.source)
	if err != nil {
		return err
	}
	defer cancel()
	if r.cfg.record {
		at.Request = r.recordRequest(ex)
	}
	events := r.cfg.onEvent != nil
	var start time.Time
	if events {
		start = r.now()
		r.emit(Event{Kind: EventRequestSent, Workflow: x.plan.id, Step: sp.id, Depth: x.depth, Attempt: at.Number, Time: start,
			Method: ex.method, URL: ex.url, Request: at.Request})
	}
	err = r.roundTrip(req, ex)
	at.StatusCode = ex.status
	if r.cfg.record && ex.status != 0 {
		at.Response = r.recordResponse(ex)
	}
	if events {
		ev := Event{Kind: EventResponseReceived, Workflow: x.plan.id, Step: sp.id, Depth: x.depth, Attempt: at.Number,
			StatusCode: ex.status, Duration: r.since(start), Response: at.Response}
		if err != nil {
			ev.Error = err.Error()
		}
		r.emit(ev)
	}
	if err != nil {
		return err
	}
	r.decodeResponse(x, sp.id, ex)
	// Everything that needs the raw body (the decoded value, the
	// recording) has its own copy now.
	releaseBody(ex.respBuf, ex.respRaw)
	ex.respRaw, ex.respBuf = nil, nil
	return nil
}

// callStep runs the workflow a workflowId step names, with the step's
// parameters as its inputs (RUN-04). A child that does not succeed fails
// the attempt.
func (r *run) callStep(x *wfExec, sp *stepPlan, sr *StepResult, at *Attempt, c *evalContext) error {
	inputs := make(map[string]any, len(sp.params))
	for _, pp := range sp.params {
		v, err := pp.value.Eval(c)
		if err != nil {
			if errors.Is(err, expr.ErrUnresolved) {
				continue
			}
			return fmt.Errorf("input %q: %w", pp.name, err)
		}
		inputs[pp.name] = v
	}
	cx := r.call(sp.child, inputs, x.depth+1)
	at.Workflow, sr.Workflow = cx.res, cx.res
	c.child, c.hasChild = cx.outputs, true
	switch cx.res.Status {
	case StatusSucceeded:
		return nil
	case StatusCancelled:
		return r.cancelCause()
	}
	return wrapf(ErrWorkflowFailed, "workflow %q failed: %s", sp.child.id, cx.res.Error)
}

// stepOutputs evaluates a step's outputs. An output that does not resolve
// is null, with a warning when the attempt succeeded (AMB-59); after a
// failure the outputs are best effort (AMB-58).
func (r *run) stepOutputs(x *wfExec, sp *stepPlan, c *evalContext, passed bool) map[string]any {
	if len(sp.outputs) == 0 {
		return nil
	}
	out := make(map[string]any, len(sp.outputs))
	for _, o := range sp.outputs {
		v, err := c.value(o.value)
		if err != nil {
			v = nil
			if passed {
				r.warn(x, sp.id, fmt.Sprintf("output %q is null: %v", o.name, err))
			}
		}
		out[o.name] = v
	}
	return out
}

// outputs evaluates the workflow's outputs when it ends, in document
// order, so that later outputs can read earlier ones as $outputs. An
// output that does not resolve, such as one reading a step that never ran
// (AMB-23), is null with a warning (AMB-59).
func (r *run) outputs(x *wfExec) map[string]any {
	out := make(map[string]any, len(x.plan.outputs))
	x.outputs = out
	c := &evalContext{r: r, x: x}
	for _, o := range x.plan.outputs {
		v, err := o.value.Eval(c)
		if err != nil {
			v = nil
			r.warn(x, "", fmt.Sprintf("workflow output %q is null: %v", o.name, err))
		}
		out[o.name] = v
	}
	return out
}
