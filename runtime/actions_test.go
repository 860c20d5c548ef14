package runtime_test

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/arazzo-dev/arazzo/runtime"
)

// script answers the n-th request with codes[n] (the last code repeats)
// and the headers given for n.
func script(codes []int, headers map[int]map[string]string) func(http.ResponseWriter, *http.Request, int) {
	return func(w http.ResponseWriter, r *http.Request, n int) {
		for k, v := range headers[n] {
			w.Header().Set(k, v)
		}
		code := codes[min(n, len(codes)-1)]
		jsonReply(w, code, fmt.Sprintf(`{"n": %d, "code": %d}`, n, code))
	}
}

var fixedNow = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

func TestActions(t *testing.T) {
	tests := []struct {
		name     string
		workflow string
		codes    []int
		headers  map[int]map[string]string
		opts     []runtime.Option

		wantStatus runtime.Status
		wantTrace  []string
		wantSleeps []time.Duration
		wantError  string
		wantIs     error
	}{
		{name: "AMB-01 no criteria: any response succeeds", workflow: `
steps:
  - {stepId: a, operationId: getStatus}`,
			codes: []int{500}, wantStatus: runtime.StatusSucceeded, wantTrace: []string{"a:succeeded"}},
		{name: "AMB-01 RequireSuccessStatus: 500 fails", workflow: `
steps:
  - {stepId: a, operationId: getStatus}`,
			codes: []int{500}, opts: []runtime.Option{runtime.RequireSuccessStatus(true)},
			wantStatus: runtime.StatusFailed, wantTrace: []string{"a:failed"}, wantIs: runtime.ErrCriteriaNotMet,
			wantError: `workflow "w", step "a": success criteria not met: $statusCode is 500, want < 300`},
		{name: "criteria are ANDed", workflow: `
steps:
  - stepId: a
    operationId: getStatus
    successCriteria:
      - condition: $statusCode == 200
      - condition: $response.body#/n == 1`,
			codes: []int{200}, wantStatus: runtime.StatusFailed, wantTrace: []string{"a:failed"}, wantIs: runtime.ErrCriteriaNotMet,
			wantError: `workflow "w", step "a": success criteria not met: $response.body#/n is 0, want == 1`},
		{name: "ACT-27 AMB-05 no matching failure action breaks", workflow: `
steps:
  - stepId: a
    operationId: getStatus
    successCriteria: [{condition: $statusCode == 200}]
    onFailure:
      - {name: never, type: retry, criteria: [{condition: $statusCode == 404}]}
  - {stepId: b, operationId: getStatus}`,
			codes: []int{500}, wantStatus: runtime.StatusFailed, wantTrace: []string{"a:failed"}, wantIs: runtime.ErrCriteriaNotMet,
			wantError: `workflow "w", step "a": success criteria not met: $statusCode is 500, want == 200`},
		{name: "ACT-22 retry without retryLimit retries once", workflow: `
steps:
  - stepId: a
    operationId: getStatus
    successCriteria: [{condition: $statusCode == 200}]
    onFailure:
      - {name: again, type: retry}`,
			codes: []int{500, 500, 200}, wantStatus: runtime.StatusFailed, wantTrace: []string{"a:failedx2"},
			wantSleeps: []time.Duration{0}, wantIs: runtime.ErrCriteriaNotMet,
			wantError: `workflow "w", step "a" (attempt 2): success criteria not met: $statusCode is 500, want == 200`},
		{name: "AMB-16 retryLimit 0 falls through at once", workflow: `
steps:
  - stepId: a
    operationId: getStatus
    successCriteria: [{condition: $statusCode == 200}]
    onFailure:
      - {name: again, type: retry, retryLimit: 0}
      - {name: stop, type: end}`,
			codes: []int{500, 200}, wantStatus: runtime.StatusFailed, wantTrace: []string{"a:failed"},
			wantIs: runtime.ErrEndedByFailureAction, wantError: `workflow "w", step "a": ended by failure action: "stop"`},
		{name: "ACT-23 retryLimit 3 until success with fractional retryAfter", workflow: `
steps:
  - stepId: a
    operationId: getStatus
    successCriteria: [{condition: $statusCode == 200}]
    onFailure:
      - {name: again, type: retry, retryLimit: 3, retryAfter: 0.25}
  - {stepId: b, operationId: getStatus}`,
			codes: []int{503, 503, 200}, wantStatus: runtime.StatusSucceeded, wantTrace: []string{"a:succeededx3", "b:succeeded"},
			wantSleeps: []time.Duration{250 * time.Millisecond, 250 * time.Millisecond}},
		{name: "ACT-24 AMB-18 exhausted retries fall through to the next matching action", workflow: `
steps:
  - stepId: a
    operationId: getStatus
    successCriteria: [{condition: $statusCode == 200}]
    onFailure:
      - {name: again, type: retry, retryLimit: 2}
      - {name: only404, type: goto, stepId: c, criteria: [{condition: $statusCode == 404}]}
      - {name: recover, type: goto, stepId: b}
  - {stepId: never, operationId: getStatus}
  - {stepId: b, operationId: getStatus}
  - {stepId: c, operationId: getStatus}`,
			codes: []int{500, 500, 500, 200}, wantStatus: runtime.StatusSucceeded,
			wantTrace: []string{"a:failedx3", "b:succeeded", "c:succeeded"}, wantSleeps: []time.Duration{0, 0}},
		{name: "ACT-21 Retry-After seconds takes precedence over retryAfter", workflow: `
steps:
  - stepId: a
    operationId: getStatus
    successCriteria: [{condition: $statusCode == 200}]
    onFailure:
      - {name: again, type: retry, retryAfter: 1}`,
			codes: []int{429, 200}, headers: map[int]map[string]string{0: {"Retry-After": "3"}},
			wantStatus: runtime.StatusSucceeded, wantTrace: []string{"a:succeededx2"}, wantSleeps: []time.Duration{3 * time.Second}},
		{name: "ACT-21 Retry-After HTTP date", workflow: `
steps:
  - stepId: a
    operationId: getStatus
    successCriteria: [{condition: $statusCode == 200}]
    onFailure:
      - {name: again, type: retry}`,
			codes: []int{503, 200}, headers: map[int]map[string]string{0: {"Retry-After": fixedNow.Add(90 * time.Second).Format(http.TimeFormat)}},
			opts:       []runtime.Option{runtime.Clock(func() time.Time { return fixedNow })},
			wantStatus: runtime.StatusSucceeded, wantTrace: []string{"a:succeededx2"}, wantSleeps: []time.Duration{90 * time.Second}},
		{name: "AMB-19 Retry-After capped by MaxRetryAfter", workflow: `
steps:
  - stepId: a
    operationId: getStatus
    successCriteria: [{condition: $statusCode == 200}]
    onFailure:
      - {name: again, type: retry}`,
			codes: []int{503, 200}, headers: map[int]map[string]string{0: {"Retry-After": "86400"}},
			opts:       []runtime.Option{runtime.MaxRetryAfter(2 * time.Second)},
			wantStatus: runtime.StatusSucceeded, wantTrace: []string{"a:succeededx2"}, wantSleeps: []time.Duration{2 * time.Second}},
		{name: "ACT-25 AMB-07 first matching action; no criteria always applies", workflow: `
steps:
  - stepId: a
    operationId: getStatus
    onSuccess:
      - {name: no, type: goto, stepId: b, criteria: [{condition: $statusCode == 201}]}
      - {name: yes, type: goto, stepId: c}
      - {name: also, type: end}
  - {stepId: b, operationId: getStatus}
  - {stepId: c, operationId: getStatus}`,
			codes: []int{200}, wantStatus: runtime.StatusSucceeded, wantTrace: []string{"a:succeeded", "c:succeeded"}},
		{name: "AMB-04 no matching success action goes on", workflow: `
steps:
  - stepId: a
    operationId: getStatus
    onSuccess:
      - {name: no, type: end, criteria: [{condition: $statusCode == 201}]}
  - {stepId: b, operationId: getStatus}`,
			codes: []int{200}, wantStatus: runtime.StatusSucceeded, wantTrace: []string{"a:succeeded", "b:succeeded"}},
		{name: "AMB-24 success end succeeds at once", workflow: `
steps:
  - stepId: a
    operationId: getStatus
    onSuccess: [{name: done, type: end}]
  - {stepId: b, operationId: getStatus}`,
			codes: []int{200}, wantStatus: runtime.StatusSucceeded, wantTrace: []string{"a:succeeded"}},
		{name: "goto backwards until a condition holds", workflow: `
steps:
  - {stepId: a, operationId: getStatus}
  - stepId: poll
    operationId: getStatus
    onSuccess:
      - {name: wait, type: goto, stepId: poll, criteria: [{condition: $response.body#/n < 3}]}`,
			codes: []int{200}, wantStatus: runtime.StatusSucceeded,
			wantTrace: []string{"a:succeeded", "poll:succeeded", "poll:succeeded", "poll:succeeded"}},
		{name: "AMB-22 goto loop ends at MaxTransitions", workflow: `
steps:
  - stepId: a
    operationId: getStatus
    onSuccess: [{name: loop, type: goto, stepId: a}]`,
			codes: []int{200}, opts: []runtime.Option{runtime.MaxTransitions(3)}, wantStatus: runtime.StatusFailed,
			wantTrace: []string{"a:succeeded", "a:succeeded", "a:succeeded", "a:failed"}, wantIs: runtime.ErrMaxTransitions,
			wantError: `workflow "w": too many step executions: 3 step executions, the limit (see MaxTransitions); do goto actions loop?`},
		{name: "AMB-17 retry budget resets when goto re-enters the step", workflow: `
steps:
  - stepId: a
    operationId: getStatus
    successCriteria: [{condition: $statusCode == 200}]
    onSuccess:
      - {name: again, type: goto, stepId: a, criteria: [{condition: $response.body#/n < 2}]}
    onFailure:
      - {name: retry, type: retry, retryLimit: 1}`,
			codes: []int{500, 200, 500, 200}, wantStatus: runtime.StatusSucceeded,
			wantTrace: []string{"a:succeededx2", "a:succeededx2"}, wantSleeps: []time.Duration{0, 0}},
		{name: "AMB-08 step actions first, workflow actions merged by name", workflow: `
successActions:
  - {name: finish, type: end}
  - {name: skip, type: goto, stepId: c}
failureActions:
  - {name: giveUp, type: end}
steps:
  - stepId: a
    operationId: getStatus
    onSuccess:
      - {name: skip, type: goto, stepId: b, criteria: [{condition: $statusCode == 200}]}
  - {stepId: b, operationId: getStatus}
  - {stepId: c, operationId: getStatus}`,
			codes: []int{200, 201}, wantStatus: runtime.StatusSucceeded, wantTrace: []string{"a:succeeded", "b:succeeded"}},
		{name: "ACT-19 AMB-20 retry with stepId runs that step first", workflow: `
steps:
  - {stepId: login, operationId: getStatus}
  - stepId: a
    operationId: getStatus
    successCriteria: [{condition: $statusCode == 200}]
    onFailure:
      - {name: relogin, type: retry, stepId: login}`,
			codes: []int{200, 401, 200, 200}, wantStatus: runtime.StatusSucceeded,
			wantTrace: []string{"login:succeeded", "a:succeededx2", "login:succeeded"}, wantSleeps: []time.Duration{0}},
		{name: "AMB-20 a failed retry prelude counts as a failed retry", workflow: `
steps:
  - stepId: login
    operationId: getStatus
    successCriteria: [{condition: $statusCode == 200}]
  - stepId: a
    operationId: getStatus
    successCriteria: [{condition: $statusCode == 200}]
    onFailure:
      - {name: relogin, type: retry, stepId: login, retryLimit: 1}
      - {name: stop, type: end}`,
			codes: []int{200, 401, 500}, wantStatus: runtime.StatusFailed,
			wantTrace: []string{"login:succeeded", "a:failed", "login:failed"}, wantIs: runtime.ErrEndedByFailureAction,
			wantError: `workflow "w", step "a": ended by failure action: "stop"`},
		{name: "AMB-20 failing retry preludes end at MaxTransitions", workflow: `
steps:
  - stepId: login
    operationId: getStatus
    successCriteria: [{condition: $statusCode == 200}]
  - stepId: a
    operationId: getStatus
    successCriteria: [{condition: $statusCode == 200}]
    onFailure:
      - {name: relogin, type: retry, stepId: login, retryLimit: 1000000}`,
			codes: []int{200, 401, 500}, opts: []runtime.Option{runtime.MaxTransitions(5)}, wantStatus: runtime.StatusFailed,
			wantTrace: []string{"login:succeeded", "a:failed", "login:failed", "login:failed", "login:failed"}, wantIs: runtime.ErrMaxTransitions,
			wantError: `workflow "w": too many step executions: 5 step executions, the limit (see MaxTransitions); do goto actions loop?`},
		{name: "AMB-58 action criteria read the step's outputs", workflow: `
steps:
  - stepId: a
    operationId: getStatus
    outputs:
      n: $response.body#/n
    onSuccess:
      - {name: stop, type: end, criteria: [{condition: $steps.a.outputs.n == 0}]}
  - {stepId: b, operationId: getStatus}`,
			codes: []int{200}, wantStatus: runtime.StatusSucceeded, wantTrace: []string{"a:succeeded"}},
		{name: "AMB-03 transport error is a step failure", workflow: `
steps:
  - stepId: a
    operationId: getStatus
    onFailure:
      - {name: again, type: retry, retryLimit: 2}`,
			codes: []int{200}, opts: []runtime.Option{runtime.MaxResponseBytes(4)},
			wantStatus: runtime.StatusFailed, wantTrace: []string{"a:failedx3"}, wantSleeps: []time.Duration{0, 0},
			wantIs:    runtime.ErrResponseTooLarge,
			wantError: `workflow "w", step "a" (attempt 3): response body too large: more than 4 bytes`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, script(tt.codes, tt.headers))
			var sl sleeps
			opts := append([]runtime.Option{runtime.Sleep(sl.sleep)}, tt.opts...)
			e := workflowDoc(tt.workflow).engine(t, srv, opts...)
			res := run(t, e, "w", nil)
			if res.Status != tt.wantStatus {
				t.Errorf("status %s, want %s (error %q)", res.Status, tt.wantStatus, res.Error)
			}
			if diff := cmp.Diff(tt.wantTrace, stepTrace(res)); diff != "" {
				t.Errorf("steps (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantSleeps, sl.get()); diff != "" {
				t.Errorf("sleeps (-want +got):\n%s", diff)
			}
			if res.Error != tt.wantError {
				t.Errorf("error\n got: %s\nwant: %s", res.Error, tt.wantError)
			}
			if (tt.wantIs == nil) != (res.Err() == nil) || tt.wantIs != nil && !errors.Is(res.Err(), tt.wantIs) {
				t.Errorf("Err() = %v, want one matching %v", res.Err(), tt.wantIs)
			}
		})
	}
}

// TestActionRecords checks what the result says about the actions taken.
func TestActionRecords(t *testing.T) {
	srv := newServer(t, script([]int{503, 503, 200}, map[int]map[string]string{1: {"Retry-After": "2"}}))
	e := workflowDoc(`
failureActions:
  - {name: again, type: retry, retryLimit: 5, retryAfter: 0.5}
steps:
  - stepId: a
    operationId: getStatus
    successCriteria: [{condition: $statusCode == 200}]
    onSuccess: [{name: next, type: goto, stepId: b}]
  - {stepId: b, operationId: getStatus}
`).engine(t, srv)
	res := run(t, e, "w", nil)
	var got []*runtime.ActionRecord
	for _, at := range res.Steps[0].Attempts {
		got = append(got, at.Action)
	}
	want := []*runtime.ActionRecord{
		{Name: "again", Type: "retry", Source: "workflow", Retry: 1, Delay: 500 * time.Millisecond},
		{Name: "again", Type: "retry", Source: "workflow", Retry: 2, Delay: 2 * time.Second},
		{Name: "next", Type: "goto", Target: "b", TargetKind: "step", Source: "step"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("actions (-want +got):\n%s", diff)
	}
	if res.Steps[0].Action != got[2] {
		t.Errorf("StepResult.Action is not the last attempt's action")
	}
}

// TestTransportError checks AMB-03 with a transport that fails: the
// failure actions run with no response, and criteria are not evaluated.
func TestTransportError(t *testing.T) {
	calls := 0
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		calls++
		return nil, errors.New("connection refused")
	})
	doc, loader := workflowDoc(`
steps:
  - stepId: a
    operationId: getStatus
    successCriteria: [{condition: $statusCode == 200}]
    onFailure:
      - {name: on404, type: end, criteria: [{condition: $statusCode == 404}]}
      - {name: again, type: retry}
`).load(t)
	e, err := runtime.New(doc, runtime.Loader(loader), runtime.Transport(rt), runtime.Server("api", "http://api.test"), runtime.Sleep(noSleep))
	if err != nil {
		t.Fatal(err)
	}
	res := run(t, e, "w", nil)
	if calls != 2 {
		t.Errorf("%d calls, want 2", calls)
	}
	at := res.Steps[0].Attempts[1]
	if at.Criteria != nil || at.StatusCode != 0 {
		t.Errorf("attempt has criteria %v and status %d; want none", at.Criteria, at.StatusCode)
	}
	want := `Get "http://api.test/status": connection refused`
	if at.Error != want {
		t.Errorf("attempt error %q, want %q", at.Error, want)
	}
	if res.Error != `workflow "w", step "a" (attempt 2): `+want {
		t.Errorf("result error %q", res.Error)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestOutputs checks AMB-58/59 and AMB-23: outputs that do not resolve
// are null with a warning, also workflow outputs of steps that never ran.
func TestOutputs(t *testing.T) {
	srv := newServer(t, nil)
	e := workflowDoc(`
steps:
  - stepId: a
    operationId: getStatus
    outputs:
      ok: $response.body#/ok
      missing: $response.body#/nope
      body: $response.body
    onSuccess: [{name: done, type: end}]
  - stepId: b
    operationId: getStatus
    outputs:
      x: $statusCode
outputs:
  ok: $steps.a.outputs.ok
  fromB: $steps.b.outputs.x
  again: $outputs.ok
`).engine(t, srv)
	res := run(t, e, "w", nil)
	wantOut := map[string]any{"ok": true, "fromB": nil, "again": true}
	if diff := cmp.Diff(wantOut, res.Outputs); diff != "" {
		t.Errorf("outputs (-want +got):\n%s", diff)
	}
	wantStep := map[string]any{"ok": true, "missing": nil, "body": map[string]any{"ok": true}}
	if diff := cmp.Diff(wantStep, res.Steps[0].Outputs); diff != "" {
		t.Errorf("step outputs (-want +got):\n%s", diff)
	}
	wantWarn := []runtime.Warning{
		{Step: "a", Message: `output "missing" is null: unresolved runtime expression "$response.body#/nope": response body has no member "nope"`},
		{Message: `workflow output "fromB" is null: unresolved runtime expression "$steps.b.outputs.x": step "b" has no output "x"`},
	}
	if diff := cmp.Diff(wantWarn, res.Warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}
