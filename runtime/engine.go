package runtime

import (
	"context"
	"fmt"

	"github.com/arazzo-dev/arazzo/arazzo"
)

// Engine runs the workflows of one Arazzo document. It is built once by
// [New] or [NewFromBundle], which load, validate and compile everything
// the runs need, and it is immutable afterwards: [Engine.Run] may be called
// from any number of goroutines at once.
type Engine struct {
	cfg   *config
	red   *redactor // the secrets of the Secrets option
	entry *docPlan
	order []string
	diags arazzo.Diagnostics
}

// New prepares doc for running. It loads the source descriptions doc
// names (through [Loader], [arazzo.DefaultLoader] by default), validates
// the bundle, binds every step to its OpenAPI operation or workflow, and
// compiles every runtime expression, criterion and inputs schema once.
//
// Problems that would make a run go wrong are errors: New returns an
// [*arazzo.DiagnosticsError] listing every diagnostic (errors and
// warnings) with its position. Warnings alone do not stop New; they are
// kept in [Engine.Diagnostics]. Invalid options are an [*OptionError].
//
// Loading uses a background context; give the loader its own time limits,
// or load the bundle yourself with [arazzo.Load] and call [NewFromBundle].
func New(doc *arazzo.Document, opts ...Option) (*Engine, error) {
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	if doc == nil {
		return nil, errNilDocument
	}
	loadOpts := []arazzo.LoadOption{arazzo.UseLoader(cfg.loader)}
	if cfg.baseURI != "" {
		loadOpts = append(loadOpts, arazzo.BaseURI(cfg.baseURI))
	}
	b, ds := arazzo.Load(context.Background(), doc, loadOpts...)
	if ds.HasErrors() {
		ds.Sort()
		return nil, &arazzo.DiagnosticsError{Diagnostics: ds}
	}
	return build(b, cfg, nil) // validating reports Load's warnings
}

// NewFromBundle is [New] for a bundle the caller has loaded with
// [arazzo.Load]. The [Loader] and [BaseURI] options do not apply. A bundle
// whose loading reported an error ([arazzo.Bundle.Diagnostics]: a source
// that could not be loaded, a declared type that disagrees with the
// document) is refused with those diagnostics, as New would refuse it.
func NewFromBundle(b *arazzo.Bundle, opts ...Option) (*Engine, error) {
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	if b == nil || b.Entry == nil {
		return nil, errNilDocument
	}
	if ds := b.Diagnostics(); ds.HasErrors() {
		ds.Sort()
		return nil, &arazzo.DiagnosticsError{Diagnostics: ds}
	}
	return build(b, cfg, nil)
}

// build validates and compiles a loaded bundle.
func build(b *arazzo.Bundle, cfg *config, ds arazzo.Diagnostics) (*Engine, error) {
	if err := cfg.checkServers(b); err != nil {
		return nil, err
	}
	ds = append(ds, validate(b)...)
	if ds.HasErrors() {
		ds.Sort()
		return nil, &arazzo.DiagnosticsError{Diagnostics: ds}
	}
	entry, cds := compile(b, cfg)
	ds = append(ds, cds...)
	ds.Sort()
	if ds.HasErrors() {
		return nil, &arazzo.DiagnosticsError{Diagnostics: ds}
	}
	e := &Engine{cfg: cfg, red: newRedactor(cfg), entry: entry, diags: ds}
	for _, wf := range b.Entry.Workflows {
		if wf == nil || wf.WorkflowID == "" {
			continue
		}
		if p := entry.workflows[wf.WorkflowID]; p != nil && !contains(e.order, wf.WorkflowID) {
			e.order = append(e.order, wf.WorkflowID)
		}
	}
	return e, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Workflows returns the workflowIds of the document's workflows, in
// document order.
func (e *Engine) Workflows() []string {
	return append([]string(nil), e.order...)
}

// Diagnostics returns the warnings found while loading, validating and
// compiling the document. (Errors make [New] fail.)
func (e *Engine) Diagnostics() arazzo.Diagnostics {
	return append(arazzo.Diagnostics(nil), e.diags...)
}

// Run executes the workflow workflowID with the given inputs and returns
// its result.
//
// The inputs are checked first against the workflow's inputs schema and
// those of the workflows it depends on; invalid inputs are an
// [*arazzo.InputError] and nothing is sent. An unknown workflow is an error
// matching [ErrUnknownWorkflow]. Those are the only errors: a workflow that
// fails or is cancelled returns a [Result] whose Status says so, with a nil
// error, and [Result.Err] says why.
//
// Inputs may hold any values encoding/json can marshal; they are converted
// to plain JSON values. [File] values may be given for binary bodies and
// multipart file parts.
//
// The context bounds the whole run: when it is done, the request in flight
// or the wait before a retry stops, and the result is cancelled and says
// what ran. Run is safe for concurrent use.
func (e *Engine) Run(ctx context.Context, workflowID string, inputs map[string]any) (*Result, error) {
	p := e.entry.workflows[workflowID]
	if p == nil {
		return nil, fmt.Errorf("%w %q; the document has %s", ErrUnknownWorkflow, workflowID, describeList(e.order))
	}
	in, err := e.prepareInputs(p, inputs)
	if err != nil {
		return nil, err
	}
	if err := e.checkPrerequisites(p, in); err != nil {
		return nil, err
	}
	r := newRun(ctx, e)
	r.addInputSecrets(p, in)
	res := r.workflow(p, in, 0, nil).res
	r.finish(res)
	return res, nil
}

// describeList names the workflows of a document for an error message.
func describeList(ids []string) string {
	switch len(ids) {
	case 0:
		return "no workflows"
	case 1:
		return fmt.Sprintf("one workflow, %q", ids[0])
	}
	s := ""
	for i, id := range ids {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("%q", id)
	}
	return "the workflows " + s
}

// checkPrerequisites validates, before anything is sent, the inputs that
// every workflow p depends on, directly or not, will get: those of p's
// inputs that its schema declares (AMB-25).
func (e *Engine) checkPrerequisites(p *workflowPlan, inputs map[string]any) error {
	seen := map[*workflowPlan]bool{p: true}
	var walk func(*workflowPlan) error
	walk = func(p *workflowPlan) error {
		for _, d := range p.dependsOn {
			if seen[d] {
				continue
			}
			seen[d] = true
			if _, err := e.prepareInputs(d, forwardInputs(inputs, d)); err != nil {
				return err
			}
			if err := walk(d); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(p)
}
