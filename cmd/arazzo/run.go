package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/arazzo-dev/arazzo/arazzo"
	"github.com/arazzo-dev/arazzo/internal/jsonvalue"
	"github.com/arazzo-dev/arazzo/internal/yamlx"
	"github.com/arazzo-dev/arazzo/runtime"
)

func init() {
	register(&command{
		name:    "run",
		summary: "run a workflow of an Arazzo document against its APIs",
		run:     runRun,
	})
}

// runUsage is the help text of the run command.
const runUsage = `Usage: arazzo run FILE [flags]

Run a workflow of the Arazzo document FILE: its source descriptions are
loaded, the document is validated, and the workflow's steps send their
requests to the servers the OpenAPI descriptions declare (or those given
with --server). Secrets (Authorization and Cookie headers, inputs whose
schema says format password or writeOnly) are masked in all output.

Flags:
  --workflow ID         the workflow to run; may be left out when the
                        document has only one
  --inputs FILE         the inputs as a JSON or YAML object; "-" reads
                        standard input
  --input NAME=VALUE    one input; repeat for more. VALUE is JSON when it
                        parses as JSON, else a string; NAME=@PATH reads the
                        value from a file. Overrides --inputs.
  --server SOURCE=URL   send the requests of the source description SOURCE
                        to URL instead of the servers its description
                        declares; repeat for more sources
  --format FORMAT       text (default): a line per step as it ends, then the
                        outputs and a summary; json: the run's result as one
                        JSON document (see docs/run-output.md)
  --timeout DURATION    stop the run after DURATION, such as 30s or 2m;
                        the run is then reported as cancelled
  --max-steps N         the most step executions (attempts included) a
                        workflow may make (default 1000)
  --verbose             show every request and response (in the json
                        format, record them in the result), and the
                        document's warnings
  --no-redact           show secrets instead of masking them

Exit status: 0 when the workflow succeeds, 1 when it fails or is
cancelled, 2 for a usage error, a document with errors, or invalid inputs
(nothing is sent then).
`

// multiFlag collects the values of a repeated flag.
type multiFlag []string

func (m *multiFlag) String() string { return strings.Join(*m, ",") }

func (m *multiFlag) Set(s string) error {
	*m = append(*m, s)
	return nil
}

// runFlags are the parsed flags of the run command.
type runFlags struct {
	file      string
	workflow  string
	inputs    string
	input     multiFlag
	server    multiFlag
	format    string
	timeout   time.Duration
	maxSteps  int
	verbose   bool
	noRedact  bool
	servers   map[string]string
	inputVals map[string]any
}

// parseRunFlags parses args, which may mix flags and the FILE argument.
func parseRunFlags(args []string) (*runFlags, error) {
	f := &runFlags{format: "text"}
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&f.workflow, "workflow", "", "")
	fs.StringVar(&f.inputs, "inputs", "", "")
	fs.Var(&f.input, "input", "")
	fs.Var(&f.server, "server", "")
	fs.StringVar(&f.format, "format", "text", "")
	fs.DurationVar(&f.timeout, "timeout", 0, "")
	fs.IntVar(&f.maxSteps, "max-steps", 0, "")
	fs.BoolVar(&f.verbose, "verbose", false, "")
	fs.BoolVar(&f.noRedact, "no-redact", false, "")
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
	switch {
	case len(files) == 0:
		return nil, errors.New("no FILE given")
	case len(files) > 1:
		return nil, fmt.Errorf("one FILE expected, got %d: %s", len(files), strings.Join(files, " "))
	}
	f.file = files[0]
	if f.format != "text" && f.format != "json" {
		return nil, fmt.Errorf("unknown --format %q; want text or json", f.format)
	}
	if f.timeout < 0 {
		return nil, fmt.Errorf("--timeout %v must not be negative", f.timeout)
	}
	if f.maxSteps < 0 {
		return nil, fmt.Errorf("--max-steps %d must not be negative", f.maxSteps)
	}
	f.servers = map[string]string{}
	for _, s := range f.server {
		name, u, ok := strings.Cut(s, "=")
		if !ok || name == "" || u == "" {
			return nil, fmt.Errorf("--server %q: want SOURCE=URL", s)
		}
		f.servers[name] = u
	}
	return f, nil
}

func runRun(ctx context.Context, e *env, args []string) int {
	usageError := func(format string, args ...any) int {
		fmt.Fprintf(e.stderr, "arazzo run: "+format+"\n\n", args...)
		fmt.Fprint(e.stderr, runUsage)
		return exitUsage
	}
	for _, a := range args {
		if a == "-h" || a == "-help" || a == "--help" {
			fmt.Fprint(e.stdout, runUsage)
			return exitOK
		}
	}
	f, err := parseRunFlags(args)
	if err != nil {
		return usageError("%v", err)
	}
	fail := func(format string, args ...any) int {
		fmt.Fprintf(e.stderr, "arazzo run: "+format+"\n", args...)
		return exitUsage
	}
	inputs, err := readInputs(f, e.stdin)
	if err != nil {
		return fail("%v", err)
	}

	doc, ds := arazzo.ParseFile(f.file)
	if doc == nil {
		writeDiagnostics(e, ds)
		return exitUsage
	}
	p := &printer{e: e, verbose: f.verbose}
	opts := []runtime.Option{runtime.Redaction(!f.noRedact)}
	for name, u := range f.servers {
		opts = append(opts, runtime.Server(name, u))
	}
	if f.maxSteps > 0 {
		opts = append(opts, runtime.MaxTransitions(f.maxSteps))
	}
	opts = append(opts, runtime.RecordExchanges(f.verbose))
	if f.format == "text" {
		opts = append(opts, runtime.OnEvent(p.event))
	}
	eng, err := runtime.New(doc, opts...)
	var de *arazzo.DiagnosticsError
	switch {
	case errors.As(err, &de):
		writeDiagnostics(e, append(ds, de.Diagnostics...))
		return exitUsage
	case err != nil:
		return fail("%v", err)
	}
	if f.verbose {
		writeDiagnostics(e, append(ds, eng.Diagnostics()...))
	}
	workflow := f.workflow
	ids := eng.Workflows()
	if workflow == "" {
		if len(ids) != 1 {
			return usageError("the document has %d workflows; choose one with --workflow: %s", len(ids), strings.Join(ids, ", "))
		}
		workflow = ids[0]
	}

	if f.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, f.timeout)
		defer cancel()
	}
	res, err := eng.Run(ctx, workflow, inputs)
	if err != nil {
		p.clearLive()
		return fail("%v", err)
	}
	switch f.format {
	case "json":
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(res); err != nil {
			return fail("%v", err)
		}
	default:
		p.summary(res)
	}
	if res.Status != runtime.StatusSucceeded {
		return exitFailure
	}
	return exitOK
}

// writeDiagnostics prints findings to standard error with their source
// lines.
func writeDiagnostics(e *env, ds arazzo.Diagnostics) {
	if len(ds) == 0 {
		return
	}
	ds.Sort()
	source := func(file string) []byte {
		b, err := os.ReadFile(file)
		if err != nil {
			return nil
		}
		return b
	}
	arazzo.WriteText(e.stderr, ds, source, false)
}

// readInputs assembles the inputs from --inputs and --input.
func readInputs(f *runFlags, stdin io.Reader) (map[string]any, error) {
	inputs := map[string]any{}
	if f.inputs != "" {
		var data []byte
		var err error
		if f.inputs == "-" {
			data, err = io.ReadAll(io.LimitReader(stdin, arazzo.DefaultMaxBytes+1))
		} else {
			data, err = os.ReadFile(f.inputs)
		}
		if err != nil {
			return nil, fmt.Errorf("--inputs: %v", describeFileError(err))
		}
		file, errs := yamlx.Decode(data, yamlx.Limits{})
		if len(errs) > 0 {
			return nil, fmt.Errorf("--inputs %s:%d:%d: %s", f.inputs, errs[0].Range.Start.Line, errs[0].Range.Start.Column, errs[0].Msg)
		}
		m, ok := file.Root.Value.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("--inputs %s: the inputs must be an object, not %s", f.inputs, jsonvalue.KindOf(file.Root.Value))
		}
		inputs = m
	}
	for _, in := range f.input {
		name, text, ok := strings.Cut(in, "=")
		if !ok || name == "" {
			return nil, fmt.Errorf("--input %q: want NAME=VALUE or NAME=@PATH", in)
		}
		if path, isFile := strings.CutPrefix(text, "@"); isFile {
			data, err := os.ReadFile(path)
			if err != nil {
				return nil, fmt.Errorf("--input %s: %v", name, describeFileError(err))
			}
			text = string(data)
		}
		inputs[name] = inputValue(text)
	}
	return inputs, nil
}

// inputValue reads an --input value: JSON when it parses as JSON, else the
// text itself.
func inputValue(text string) any {
	if v, err := jsonvalue.Decode([]byte(text)); err == nil {
		return v
	}
	return text
}

// describeFileError drops the operation from a file error ("open x: no
// such file" becomes "x: no such file").
func describeFileError(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Path + ": " + pe.Err.Error()
	}
	return err.Error()
}

// printer writes the text format: a line per step as it ends (with the
// step in progress shown on a terminal), then the outputs and a summary.
type printer struct {
	e       *env
	verbose bool

	mu   sync.Mutex
	live bool // a progress line is on the terminal
}

// event handles the events of the run. Prerequisite workflows run
// concurrently, so lines are written under a lock.
func (p *printer) event(ev runtime.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch ev.Kind {
	case runtime.EventStepStart:
		if p.e.isTerminal {
			p.clearLiveLocked()
			fmt.Fprintf(p.e.stdout, "%s...  %s", indent(ev.Depth), ev.Step)
			p.live = true
		}
	case runtime.EventStepEnd:
		p.clearLiveLocked()
		p.stepLine(ev.Depth, ev.StepResult)
	case runtime.EventWorkflowStart:
		if ev.Depth > 0 {
			p.clearLiveLocked()
			fmt.Fprintf(p.e.stdout, "%sworkflow %s\n", indent(ev.Depth-1), ev.Workflow)
		}
	}
}

func (p *printer) clearLive() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearLiveLocked()
}

// clearLiveLocked erases the progress line.
func (p *printer) clearLiveLocked() {
	if p.live {
		fmt.Fprint(p.e.stdout, "\r\x1b[K")
		p.live = false
	}
}

func indent(depth int) string { return strings.Repeat("  ", depth) }

// statusWord is the label of a step or workflow status.
func statusWord(s runtime.Status) string {
	switch s {
	case runtime.StatusSucceeded:
		return "ok  "
	case runtime.StatusCancelled:
		return "stop"
	}
	return "FAIL"
}

// stepLine writes one step: status, id, request, status code, duration
// and attempts.
func (p *printer) stepLine(depth int, sr *runtime.StepResult) {
	if sr == nil {
		return
	}
	w := p.e.stdout
	var b strings.Builder
	fmt.Fprintf(&b, "%s%s %s", indent(depth), statusWord(sr.Status), sr.StepID)
	if n := len(sr.Attempts); n > 0 {
		at := sr.Attempts[n-1]
		switch {
		case at.Method != "":
			fmt.Fprintf(&b, "  %s %s", at.Method, requestTarget(at.URL))
			if at.StatusCode != 0 {
				fmt.Fprintf(&b, "  %d", at.StatusCode)
			}
		case sr.Workflow != nil:
			fmt.Fprintf(&b, "  workflow %s", sr.Workflow.WorkflowID)
		}
	}
	fmt.Fprintf(&b, "  %s", formatDuration(sr.Duration))
	if n := len(sr.Attempts); n > 1 {
		fmt.Fprintf(&b, "  %d attempts", n)
	}
	if sr.Action != nil {
		fmt.Fprintf(&b, "  -> %s %s", sr.Action.Type, sr.Action.Name)
	}
	fmt.Fprintln(w, b.String())
	if sr.Status != runtime.StatusSucceeded && sr.Error != "" {
		fmt.Fprintf(w, "%s       %s\n", indent(depth), sr.Error)
	}
	if p.verbose {
		for _, at := range sr.Attempts {
			p.exchange(depth, at)
		}
	}
}

// exchange writes the request and response of an attempt.
func (p *printer) exchange(depth int, at *runtime.Attempt) {
	w := p.e.stdout
	pad := indent(depth) + "       "
	if at.Request != nil {
		fmt.Fprintf(w, "%s> %s %s\n", pad, at.Request.Method, at.Request.URL)
		writeHeaders(w, pad+"> ", at.Request.Header)
		writeBody(w, pad+"> ", at.Request.Body, at.Request.Truncated)
	}
	if at.Response != nil {
		fmt.Fprintf(w, "%s< %d %s\n", pad, at.Response.StatusCode, http.StatusText(at.Response.StatusCode))
		writeHeaders(w, pad+"< ", at.Response.Header)
		writeBody(w, pad+"< ", at.Response.Body, at.Response.Truncated)
	}
	if at.Request == nil && at.Error != "" {
		fmt.Fprintf(w, "%s! %s\n", pad, at.Error)
	}
}

func writeHeaders(w io.Writer, prefix string, h http.Header) {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		for _, v := range h[k] {
			fmt.Fprintf(w, "%s%s: %s\n", prefix, k, v)
		}
	}
}

func writeBody(w io.Writer, prefix, body string, truncated bool) {
	if body == "" {
		return
	}
	for _, line := range strings.Split(strings.TrimRight(body, "\n"), "\n") {
		fmt.Fprintf(w, "%s%s\n", prefix, line)
	}
	if truncated {
		fmt.Fprintf(w, "%s(truncated)\n", prefix)
	}
}

// requestTarget returns the path and query of a URL.
func requestTarget(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	return u.RequestURI()
}

// formatDuration rounds a duration for display.
func formatDuration(d time.Duration) string {
	switch {
	case d >= time.Second:
		return d.Round(time.Millisecond).String()
	case d >= time.Millisecond:
		return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 1, 64) + "ms"
	}
	return d.Round(time.Microsecond).String()
}

// summary writes the outputs, the warnings and the outcome.
func (p *printer) summary(res *runtime.Result) {
	p.clearLive()
	w := p.e.stdout
	if len(res.Outputs) > 0 {
		fmt.Fprintln(w, "outputs:")
		names := make([]string, 0, len(res.Outputs))
		for k := range res.Outputs {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			text, err := jsonvalue.Marshal(res.Outputs[k])
			if err != nil {
				text = []byte(fmt.Sprint(res.Outputs[k]))
			}
			fmt.Fprintf(w, "  %s: %s\n", k, text)
		}
	}
	for _, warn := range allWarnings(res) {
		fmt.Fprintf(w, "warning: %s\n", warn)
	}
	steps, requests := countRun(res)
	fmt.Fprintf(w, "workflow %s %s: %s, %s in %s\n", res.WorkflowID, res.Status,
		plural(steps, "step"), plural(requests, "request"), formatDuration(res.Duration))
	if res.Error != "" {
		fmt.Fprintf(w, "error: %s\n", res.Error)
	}
}

// allWarnings lists the warnings of a result and of the workflows it ran.
func allWarnings(res *runtime.Result) []string {
	var out []string
	seen := map[*runtime.Result]bool{}
	var walk func(r *runtime.Result)
	walk = func(r *runtime.Result) {
		if r == nil || seen[r] {
			return
		}
		seen[r] = true
		for _, d := range r.Dependencies {
			walk(d)
		}
		for _, w := range r.Warnings {
			where := "workflow " + r.WorkflowID
			if w.Step != "" {
				where += ", step " + w.Step
			}
			out = append(out, where+": "+w.Message)
		}
		for _, s := range r.Steps {
			for _, at := range s.Attempts {
				walk(at.Workflow)
				if at.Action != nil {
					walk(at.Action.Workflow)
				}
			}
		}
	}
	walk(res)
	return out
}

// countRun counts the step executions and requests of a result, the
// workflows it ran included.
func countRun(res *runtime.Result) (steps, requests int) {
	seen := map[*runtime.Result]bool{}
	var walk func(r *runtime.Result)
	walk = func(r *runtime.Result) {
		if r == nil || seen[r] {
			return
		}
		seen[r] = true
		for _, d := range r.Dependencies {
			walk(d)
		}
		for _, s := range r.Steps {
			steps++
			for _, at := range s.Attempts {
				if at.Method != "" {
					requests++
				}
				walk(at.Workflow)
				if at.Action != nil {
					walk(at.Action.Workflow)
				}
			}
		}
	}
	walk(res)
	return steps, requests
}
