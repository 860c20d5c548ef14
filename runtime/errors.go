package runtime

import (
	"errors"
	"fmt"
)

// Errors that classify why a run could not start or why a workflow failed.
// Test for them with errors.Is on the error [Engine.Run] returns or on
// [Result.Err].
var (
	// ErrUnknownWorkflow: Run was asked for a workflow the document does
	// not have.
	ErrUnknownWorkflow = errors.New("unknown workflow")
	// ErrCriteriaNotMet: a step's success criteria did not all pass and no
	// failure action handled it.
	ErrCriteriaNotMet = errors.New("success criteria not met")
	// ErrEndedByFailureAction: a failure action of type end stopped the
	// workflow (AMB-24).
	ErrEndedByFailureAction = errors.New("ended by failure action")
	// ErrMaxTransitions: a workflow made more step executions than
	// [MaxTransitions] allows, usually because goto actions loop.
	ErrMaxTransitions = errors.New("too many step executions")
	// ErrMaxDepth: workflows called workflows more deeply than [MaxDepth]
	// allows.
	ErrMaxDepth = errors.New("workflows nested too deeply")
	// ErrDependencyFailed: a workflow named in dependsOn did not succeed,
	// so the workflow that depends on it did not run.
	ErrDependencyFailed = errors.New("prerequisite workflow did not succeed")
	// ErrWorkflowFailed: a workflow called by a step, or reached through a
	// goto or retry action, did not succeed.
	ErrWorkflowFailed = errors.New("called workflow did not succeed")
	// ErrResponseTooLarge: a response body was larger than
	// [MaxResponseBytes].
	ErrResponseTooLarge = errors.New("response body too large")
)

// StepError is the reason a workflow failed at one of its steps: the
// workflow, the step, the attempt (1 for the first) and the cause. It is
// what [Result.Err] returns when a step is to blame.
type StepError struct {
	// WorkflowID and StepID name the step.
	WorkflowID string
	StepID     string
	// Attempt is the attempt that failed, counted from 1.
	Attempt int
	// Err is the cause: a transport error, a request that could not be
	// built, or an error matching one of the sentinels of this package,
	// such as [ErrCriteriaNotMet].
	Err error
}

// Error implements the error interface.
func (e *StepError) Error() string {
	if e.Attempt > 1 {
		return fmt.Sprintf("workflow %q, step %q (attempt %d): %v", e.WorkflowID, e.StepID, e.Attempt, e.Err)
	}
	return fmt.Sprintf("workflow %q, step %q: %v", e.WorkflowID, e.StepID, e.Err)
}

// Unwrap returns the cause.
func (e *StepError) Unwrap() error { return e.Err }

// WorkflowError is the reason a workflow failed that is not any one step's
// doing, such as a failed prerequisite or too many step executions.
type WorkflowError struct {
	// WorkflowID names the workflow.
	WorkflowID string
	// Err is the cause, matching a sentinel such as [ErrMaxTransitions],
	// an *arazzo.InputError for a called workflow's inputs, or the
	// context's error.
	Err error
}

// Error implements the error interface.
func (e *WorkflowError) Error() string { return fmt.Sprintf("workflow %q: %v", e.WorkflowID, e.Err) }

// Unwrap returns the cause.
func (e *WorkflowError) Unwrap() error { return e.Err }

// maskedError is an error whose message had secrets masked. It matches the
// original error with errors.Is (so a timeout is still recognised as
// [context.DeadlineExceeded]) but does not unwrap to it, so that the
// unmasked message cannot be reached through it.
type maskedError struct {
	msg   string
	cause error
}

func (e *maskedError) Error() string { return e.msg }

func (e *maskedError) Is(target error) bool { return errors.Is(e.cause, target) }

// wrapf is fmt.Errorf with %w for a sentinel and a detail.
func wrapf(sentinel error, format string, args ...any) error {
	return fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, args...))
}
