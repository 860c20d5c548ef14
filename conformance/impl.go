package conformance

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"time"

	"github.com/arazzo-dev/arazzo/arazzo"
	"github.com/arazzo-dev/arazzo/runtime"
)

// The statuses a [Report] can give.
const (
	// StatusSucceeded: the workflow ran and succeeded.
	StatusSucceeded = "succeeded"
	// StatusFailed: the workflow ran and failed.
	StatusFailed = "failed"
	// StatusCancelled: the run was stopped before the workflow ended.
	StatusCancelled = "cancelled"
	// StatusRejected: the implementation refused to start the run (an
	// invalid document, or inputs its schema rejects) and sent nothing.
	StatusRejected = "rejected"
)

// Implementation is an Arazzo implementation the suite can measure. [Run]
// starts the case's server, then asks the implementation to execute the
// case once; the implementation reports what happened and the runner
// compares it, and the requests the server received, with the case's
// expectation.
//
// [Engine] is this module's engine, in process; [Command] runs another
// implementation through a command line, following the contract in
// README.md. An Implementation must be safe for concurrent use: cases
// may run in parallel.
type Implementation interface {
	// Name identifies the implementation in reports.
	Name() string
	// Execute runs or validates one case. It returns an error only when
	// the implementation could not do its job at all (it crashed, printed
	// no report); a workflow that fails, or a document or inputs that are
	// refused, are reports.
	Execute(ctx context.Context, inv *Invocation) (*Report, error)
}

// Invocation is what an [Implementation] is asked to do for one case.
type Invocation struct {
	// Case is the case being run.
	Case *Case
	// Files holds the case's documents: the files of its directory and
	// the fixtures it mounts, by slash-separated path.
	Files fs.FS
	// Document is the path in Files of the Arazzo document.
	Document string
	// Validate is true for a diagnostics case: validate the document and
	// report its diagnostics; run nothing.
	Validate bool
	// Workflow is the workflowId to run, with Inputs as its inputs.
	Workflow string
	Inputs   map[string]any
	// Servers maps the name of every OpenAPI source description of the
	// document (and of the Arazzo documents it uses) to the base URL the
	// source's operations must be sent to, in place of the servers its
	// OpenAPI description declares: the operation's path is appended to
	// it, as with [runtime.Server].
	Servers map[string]string
}

// Report is what an [Implementation] says happened. Its JSON form is the
// output of the command-line contract (see README.md).
type Report struct {
	// Status is StatusSucceeded, StatusFailed, StatusCancelled or
	// StatusRejected; empty for a validation.
	Status string `json:"status,omitempty"`
	// Outputs are the workflow's outputs, unmasked, or masked with [Mask]
	// for a case with [Case.Redaction].
	Outputs map[string]any `json:"outputs,omitempty"`
	// FailedStep is the stepId of the step the workflow failed at, if a
	// step is to blame.
	FailedStep string `json:"failedStep,omitempty"`
	// Waits are the waits, in seconds, before each retry of the
	// workflow's own steps, in the order they happened: the Retry-After
	// of the failed response when it had one (capped), else the retry
	// action's retryAfter. Retries inside workflows the steps call are not
	// included. Nil (JSON null or absent) means that the implementation
	// does not say; empty, that there was no retry.
	Waits []float64 `json:"waits"`
	// Error says why the run failed or was rejected, for people.
	Error string `json:"error,omitempty"`
	// Diagnostics are the findings of a validation, or the reasons a
	// document was rejected.
	Diagnostics []Diagnostic `json:"diagnostics,omitempty"`
	// Log is anything else worth showing with a failing case, such as a
	// command's standard error.
	Log string `json:"-"`
}

// Diagnostic is one finding about a document, in the terms every
// implementation can give.
type Diagnostic struct {
	// Rule is the finding's rule id, such as "invalid-condition".
	Rule string `json:"rule"`
	// Severity is "error", "warning" or "info".
	Severity string `json:"severity"`
	// File is the path of the document within the case's files; empty
	// means the case's Arazzo document.
	File string `json:"file,omitempty"`
	// Line and Column (1-based, in Unicode code points) are where the
	// finding starts.
	Line   int `json:"line"`
	Column int `json:"column"`
	// Message describes the finding; it is shown, never compared.
	Message string `json:"message,omitempty"`
}

// Engine returns the [Implementation] that runs cases with this module's
// engine in process: [arazzo.Parse], then [runtime.New] and
// [runtime.Engine.Run] for runs, and [arazzo.Load] and [arazzo.Validate]
// for validations.
//
// The engine gets every source's server as a [runtime.Server] option,
// waits before no retry ([runtime.Sleep]) but reports the wait it chose
// for each ([runtime.ActionRecord.Delay]), and does not redact outputs,
// so that they can be compared, unless the case has [Case.Redaction],
// when it keeps its default masking. A validation also checks that
// [runtime.New] refuses every document the validator finds errors in.
func Engine() Implementation {
	return &engine{client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}}
}

type engine struct {
	client *http.Client
}

func (e *engine) Name() string { return "in-process engine" }

// noWait is the engine's sleep function: retries happen at once.
func noWait(ctx context.Context, _ time.Duration) error { return ctx.Err() }

func (e *engine) Execute(ctx context.Context, inv *Invocation) (*Report, error) {
	data, err := fs.ReadFile(inv.Files, inv.Document)
	if err != nil {
		return nil, err
	}
	doc, ds := arazzo.Parse(data, arazzo.Filename(inv.Document))
	loader := arazzo.FSLoader(inv.Files)
	opts := []runtime.Option{
		runtime.Loader(loader),
		runtime.HTTPClient(e.client),
		runtime.Sleep(noWait),
		runtime.Redaction(inv.Case != nil && inv.Case.Redaction),
	}
	for name, u := range inv.Servers {
		opts = append(opts, runtime.Server(name, u))
	}
	if inv.Validate {
		if doc != nil {
			// Validate reports Load's findings too (Bundle.Diagnostics).
			b, _ := arazzo.Load(ctx, doc, arazzo.UseLoader(loader))
			ds = append(ds, arazzo.Validate(ctx, b)...)
			if ds.HasErrors() {
				if _, err := runtime.NewFromBundle(b, opts...); err == nil {
					return nil, errors.New("the validator finds errors in the document, but runtime.NewFromBundle accepts it")
				}
			}
		}
		return &Report{Diagnostics: diagnostics(ds)}, nil
	}
	if doc == nil || ds.HasErrors() {
		msg := "the document cannot be read"
		if err := ds.Err(); err != nil {
			msg = err.Error()
		}
		return &Report{Status: StatusRejected, Error: msg, Diagnostics: diagnostics(ds)}, nil
	}
	eng, err := runtime.New(doc, opts...)
	var de *arazzo.DiagnosticsError
	if errors.As(err, &de) {
		ds = append(ds, de.Diagnostics...)
		return &Report{Status: StatusRejected, Error: err.Error(), Diagnostics: diagnostics(ds)}, nil
	}
	if err != nil {
		return nil, err
	}
	res, err := eng.Run(ctx, inv.Workflow, inv.Inputs)
	var ie *arazzo.InputError
	if errors.As(err, &ie) {
		return &Report{Status: StatusRejected, Error: err.Error()}, nil
	}
	if err != nil {
		return nil, err
	}
	rep := &Report{Status: string(res.Status), Outputs: res.Outputs, Error: res.Error, Waits: retryWaits(res)}
	var se *runtime.StepError
	if errors.As(res.Err(), &se) && se.WorkflowID == res.WorkflowID {
		rep.FailedStep = se.StepID
	}
	for _, w := range res.Warnings {
		if w.Step != "" {
			rep.Log += fmt.Sprintf("warning: step %s: %s\n", w.Step, w.Message)
		} else {
			rep.Log += "warning: " + w.Message + "\n"
		}
	}
	return rep, nil
}

// retryWaits returns the waits before the retries of the steps of res,
// in seconds, in order (see [Report.Waits]).
func retryWaits(res *runtime.Result) []float64 {
	waits := []float64{}
	for _, s := range res.Steps {
		for _, at := range s.Attempts {
			if a := at.Action; a != nil && a.Type == "retry" {
				waits = append(waits, a.Delay.Seconds())
			}
		}
	}
	return waits
}

// diagnostics converts the module's diagnostics to the suite's.
func diagnostics(ds arazzo.Diagnostics) []Diagnostic {
	ds = dedupe(ds)
	out := make([]Diagnostic, 0, len(ds))
	for _, d := range ds {
		out = append(out, Diagnostic{
			Rule: d.Rule, Severity: d.Severity.String(), File: d.File,
			Line: d.Range.Start.Line, Column: d.Range.Start.Column, Message: d.Message,
		})
	}
	return out
}

// dedupe sorts ds and drops findings reported twice (by parsing and by
// validation, for instance).
func dedupe(ds arazzo.Diagnostics) arazzo.Diagnostics {
	ds = append(arazzo.Diagnostics(nil), ds...)
	ds.Sort()
	type key struct {
		file      string
		pos       arazzo.Pos
		rule, msg string
	}
	seen := map[key]bool{}
	out := ds[:0]
	for _, d := range ds {
		k := key{d.File, d.Range.Start, d.Rule, d.Message}
		if !seen[k] {
			seen[k] = true
			out = append(out, d)
		}
	}
	return out
}
