package runtime

import (
	"strconv"
	"time"
)

// EventKind says what an [Event] reports.
type EventKind uint8

// The kinds of event, in the order they happen for a step.
const (
	// EventWorkflowStart: a workflow execution begins (the one given to
	// Run, a prerequisite, or one called by a step or an action).
	EventWorkflowStart EventKind = iota + 1
	// EventStepStart: a step execution begins.
	EventStepStart
	// EventRequestSent: an attempt's request is about to be sent; Method
	// and URL are set, and Request when exchanges are recorded.
	EventRequestSent
	// EventResponseReceived: the response arrived, or the exchange failed;
	// StatusCode, Duration and Error are set, and Response when exchanges
	// are recorded.
	EventResponseReceived
	// EventCriterionEvaluated: a success criterion was evaluated;
	// Criterion is set.
	EventCriterionEvaluated
	// EventActionTaken: a success or failure action was chosen; Action is
	// set.
	EventActionTaken
	// EventStepEnd: a step execution ended; Status, Duration, Error and
	// StepResult are set.
	EventStepEnd
	// EventWorkflowEnd: a workflow execution ended; Status, Duration,
	// Error and Result are set.
	EventWorkflowEnd
)

var eventKindNames = [...]string{
	EventWorkflowStart:      "workflowStart",
	EventStepStart:          "stepStart",
	EventRequestSent:        "requestSent",
	EventResponseReceived:   "responseReceived",
	EventCriterionEvaluated: "criterionEvaluated",
	EventActionTaken:        "actionTaken",
	EventStepEnd:            "stepEnd",
	EventWorkflowEnd:        "workflowEnd",
}

// String returns the kind's name, such as "stepEnd".
func (k EventKind) String() string {
	if int(k) < len(eventKindNames) && eventKindNames[k] != "" {
		return eventKindNames[k]
	}
	return "event(" + strconv.Itoa(int(k)) + ")"
}

// MarshalText encodes the kind as its name.
func (k EventKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Event reports one thing that happened during a run, for tracing and live
// progress (see [OnEvent]). Which fields are set depends on Kind. Secrets
// are masked. The records it points to belong to the run and must not be
// modified; read them during the call, since the run may still mask more
// of them (a secret learnt later) before Run returns.
type Event struct {
	Kind EventKind
	// Workflow and Step say where it happened; Step is empty for workflow
	// events. Depth is 0 for the workflow given to Run and one more for
	// each workflow call.
	Workflow string
	Step     string
	Depth    int
	// Attempt counts the attempts of the step execution from 1.
	Attempt int
	// Time is when it happened, by the engine's clock.
	Time time.Time

	Method     string
	URL        string
	StatusCode int
	Duration   time.Duration
	Status     Status
	Error      string

	Criterion  *CriterionResult
	Action     *ActionRecord
	Request    *RecordedRequest
	Response   *RecordedResponse
	StepResult *StepResult
	Result     *Result
}
