package conformance

import (
	"context"
	"fmt"
	"io/fs"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/arazzo-dev/arazzo/arazzo"
)

// Result is the verdict on one case.
type Result string

// The verdicts.
const (
	// Passed: the implementation did what the case expects.
	Passed Result = "passed"
	// Failed: it did not, or a known failure passed (so its entry in
	// known_failures.yaml must go).
	Failed Result = "failed"
	// Skipped: a known failure failed as expected. It is not counted as a
	// failure; [Case.KnownFailure] says why it fails.
	Skipped Result = "skipped"
)

// Outcome is the verdict on one case and what it is based on.
type Outcome struct {
	// Case is the case that ran.
	Case *Case
	// Result is the verdict.
	Result Result
	// Detail explains a failure: what differed, as a (-want +got) diff,
	// followed by what is needed to reproduce and debug it (the case,
	// the workflow, the implementation's report and every request and
	// response). For a skipped known failure it holds the same account
	// of how the case failed. It is empty when the case passed.
	Detail string
	// Duration is how long the case took, server included.
	Duration time.Duration
}

// DefaultCaseTimeout bounds each case that [Run] runs with a context that
// has no deadline.
const DefaultCaseTimeout = time.Minute

// Run runs one case against impl and judges the result: it starts the
// case's server, resolves the case's variables, asks impl to execute the
// case, and compares the report and the requests the server received
// with the case's expectation. Run never panics on a bad case or a
// misbehaving implementation: every problem is a failed Outcome that says
// what went wrong. Run is safe for concurrent use; each call has its own
// server.
func Run(ctx context.Context, c *Case, impl Implementation) Outcome {
	start := time.Now()
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultCaseTimeout)
		defer cancel()
	}
	problems, record := runCase(ctx, c, impl)
	o := Outcome{Case: c, Duration: time.Since(start)}
	switch {
	case len(problems) == 0 && c.KnownFailure != "":
		o.Result = Failed
		o.Detail = fmt.Sprintf("%s is listed in %s (%q) but passes now: remove the entry.\n\n%s",
			c.Path, KnownFailuresFile, c.KnownFailure, record)
	case len(problems) == 0:
		o.Result = Passed
	default:
		o.Result = Failed
		if c.KnownFailure != "" {
			o.Result = Skipped
		}
		o.Detail = strings.Join(problems, "\n\n") + "\n\n" + record
	}
	return o
}

// runCase runs c and returns the problems found, and the record of the
// run that a failure report shows.
func runCase(ctx context.Context, c *Case, impl Implementation) (problems []string, record string) {
	var srv *testServer
	if c.srv.kind != "" {
		srv = startServer(c)
		defer srv.close()
	}
	lookup := func(name string) (string, error) {
		switch {
		case name == "server":
			return srv.url, nil
		case name == "token":
			return srv.token("default")
		default:
			return srv.token(strings.TrimPrefix(name, "token:"))
		}
	}
	res, err := c.resolve(lookup)
	if err != nil {
		return []string{"resolving the case's variables: " + err.Error()}, c.header(impl)
	}
	if srv != nil && srv.script != nil {
		srv.script.setScript(res.script)
	}
	inv := &Invocation{
		Case:     c,
		Files:    c.files,
		Document: c.Document,
		Validate: c.Expects == ExpectDiagnostics,
		Workflow: c.Workflow,
		Inputs:   res.inputs,
		Servers:  map[string]string{},
	}
	if srv != nil {
		names, err := c.openAPISources()
		if err != nil {
			return []string{err.Error()}, c.header(impl)
		}
		for _, name := range names {
			inv.Servers[name] = srv.url
		}
	}
	rep, err := impl.Execute(ctx, inv)
	var exchanges []*exchange
	if srv != nil {
		exchanges = srv.exchanges()
	}
	record = c.header(impl) + describeRun(rep, exchanges)
	if err != nil {
		return []string{fmt.Sprintf("%s could not execute the case: %v", impl.Name(), err)}, record
	}
	if rep == nil {
		return []string{impl.Name() + " returned no report"}, record
	}
	switch c.Expects {
	case ExpectOutcome:
		problems = append(problems, compareOutcome(c, res, rep)...)
	case ExpectExchange:
		problems = append(problems, compareExchange(res.exchange, exchanges)...)
	case ExpectDiagnostics:
		problems = append(problems, compareDiagnostics(c, rep)...)
	}
	if c.Expects != ExpectDiagnostics && rep.Status == StatusRejected && len(exchanges) > 0 {
		problems = append(problems, fmt.Sprintf("the run was rejected, yet the server received %s; a rejected run sends nothing", nRequests(len(exchanges))))
	}
	if srv != nil && srv.script != nil {
		problems = append(problems, srv.script.unmet()...)
	}
	return problems, record
}

// openAPISources returns the names of the OpenAPI source descriptions of
// the case's documents, found by loading them once.
func (c *Case) openAPISources() ([]string, error) {
	c.sourcesOnce.Do(func() {
		data, err := fs.ReadFile(c.files, c.Document)
		if err != nil {
			c.sourcesErr = err
			return
		}
		doc, _ := arazzo.Parse(data, arazzo.Filename(c.Document))
		if doc == nil {
			return // the implementation will reject it
		}
		b, _ := arazzo.Load(context.Background(), doc, arazzo.UseLoader(arazzo.FSLoader(c.files)))
		seen := map[string]bool{}
		for _, d := range b.Documents() {
			for _, s := range b.Sources(d) {
				if s.Kind == arazzo.SourceTypeOpenAPI && s.Name != "" && !seen[s.Name] {
					seen[s.Name] = true
					c.sources = append(c.sources, s.Name)
				}
			}
		}
		slices.Sort(c.sources)
	})
	return c.sources, c.sourcesErr
}

// outcomeView is the comparable form of a run's outcome.
type outcomeView struct {
	Status     string
	FailedStep string
	Outputs    any
}

func compareOutcome(c *Case, res *resolved, rep *Report) []string {
	want := outcomeView{Status: c.want.status}
	if c.want.failedStep != nil {
		want.FailedStep = *c.want.failedStep
	}
	got := outcomeView{Status: rep.Status, FailedStep: rep.FailedStep}
	if c.want.hasOutputs {
		want.Outputs = canonical(res.outputs)
		outs := rep.Outputs
		if outs == nil {
			outs = map[string]any{}
		}
		got.Outputs = canonical(outs)
	}
	var problems []string
	if diff := cmp.Diff(want, got); diff != "" {
		problems = append(problems, "outcome mismatch (-want +got):\n"+strings.TrimRight(diff, "\n"))
	}
	if c.want.waits != nil {
		// Waits are in seconds, rounded to the millisecond.
		if rep.Waits == nil {
			problems = append(problems, "the case checks the waits before retries, but the implementation does not report them (waits, or delayMs of the retry actions of its steps)")
		} else if diff := cmp.Diff(roundWaits(c.want.waits), roundWaits(rep.Waits)); diff != "" {
			problems = append(problems, "waits before retries mismatch, in seconds (-want +got):\n"+strings.TrimRight(diff, "\n"))
		}
	}
	return problems
}

// roundWaits rounds waits in seconds to the millisecond, the precision a
// case can expect.
func roundWaits(waits []float64) []float64 {
	out := make([]float64, len(waits))
	for i, w := range waits {
		out[i] = math.Round(w*1000) / 1000
	}
	return out
}

func compareExchange(want []*requestSpec, got []*exchange) []string {
	wantViews := make([]requestView, len(want))
	for i, r := range want {
		wantViews[i] = r.view()
	}
	gotViews := make([]requestView, len(got))
	for i, e := range got {
		var spec *requestSpec
		if i < len(want) {
			spec = want[i]
		}
		gotViews[i] = viewRequest(e, spec)
	}
	if diff := cmp.Diff(wantViews, gotViews); diff != "" {
		return []string{fmt.Sprintf("exchange mismatch: want %s, got %d (-want +got):\n%s", nRequests(len(want)), len(got), strings.TrimRight(diff, "\n"))}
	}
	return nil
}

// diagnosticView is the comparable form of a diagnostic.
type diagnosticView struct {
	File     string
	At       string
	Severity string
	Rule     string
}

func compareDiagnostics(c *Case, rep *Report) []string {
	want := make([]diagnosticView, 0, len(c.want.diagnostics))
	for _, d := range c.want.diagnostics {
		want = append(want, diagnosticView{File: d.File, At: d.At, Severity: d.Severity, Rule: d.Rule})
	}
	got := []diagnosticView{}
	for _, d := range rep.Diagnostics {
		if sev, err := arazzo.ParseSeverity(d.Severity); err == nil && sev > c.want.minSeverity {
			continue
		}
		file := strings.TrimPrefix(d.File, "/")
		if file == "" {
			file = c.Document
		}
		got = append(got, diagnosticView{File: file, At: fmt.Sprintf("%d:%d", d.Line, d.Column), Severity: strings.ToLower(d.Severity), Rule: d.Rule})
	}
	sortDiagnostics(want)
	sortDiagnostics(got)
	if diff := cmp.Diff(want, got); diff != "" {
		return []string{fmt.Sprintf("diagnostics of severity %s and above mismatch (-want +got):\n%s", c.want.minSeverity, strings.TrimRight(diff, "\n"))}
	}
	return nil
}

func sortDiagnostics(ds []diagnosticView) {
	pos := func(at string) (int, int) {
		l, col, _ := strings.Cut(at, ":")
		li, _ := strconv.Atoi(l)
		ci, _ := strconv.Atoi(col)
		return li, ci
	}
	slices.SortStableFunc(ds, func(a, b diagnosticView) int {
		if a.File != b.File {
			return strings.Compare(a.File, b.File)
		}
		al, ac := pos(a.At)
		bl, bc := pos(b.At)
		if al != bl {
			return al - bl
		}
		if ac != bc {
			return ac - bc
		}
		return strings.Compare(a.Rule, b.Rule)
	})
}

// header says which case ran and how to run it again.
func (c *Case) header(impl Implementation) string {
	var b strings.Builder
	fmt.Fprintf(&b, "case:           %s\n", c.Path)
	fmt.Fprintf(&b, "about:          %s\n", c.Description)
	if c.Workflow != "" {
		fmt.Fprintf(&b, "workflow:       %s in %s\n", c.Workflow, c.Document)
	} else {
		fmt.Fprintf(&b, "document:       %s (validated)\n", c.Document)
	}
	if c.Server != "" {
		fmt.Fprintf(&b, "server:         %s\n", c.Server)
	}
	fmt.Fprintf(&b, "implementation: %s\n", impl.Name())
	cli := "arazzo conformance"
	if !c.embedded {
		cli += " --cases SUITE-DIRECTORY"
	}
	if cmd, ok := impl.(*command); ok {
		cli += " --impl " + shellQuote(cmd.line)
	}
	cli += " --run " + shellQuote("^"+c.Path+"$")
	if _, ok := impl.(*engine); ok && c.embedded {
		fmt.Fprintf(&b, "reproduce:      go test ./conformance -run %s\n", shellQuote("TestConformance/"+c.Path+"$"))
		fmt.Fprintf(&b, "                %s\n", cli)
	} else {
		fmt.Fprintf(&b, "reproduce:      %s\n", cli)
	}
	return b.String()
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// describeRun renders the implementation's report and the exchanges the
// server recorded.
func describeRun(rep *Report, exchanges []*exchange) string {
	var b strings.Builder
	if rep != nil {
		if rep.Status != "" {
			fmt.Fprintf(&b, "reported:       status %s", rep.Status)
			if rep.FailedStep != "" {
				fmt.Fprintf(&b, ", failed at step %s", rep.FailedStep)
			}
			b.WriteString("\n")
		}
		if rep.Error != "" {
			fmt.Fprintf(&b, "error:          %s\n", rep.Error)
		}
		if len(rep.Waits) > 0 {
			ws := make([]string, len(rep.Waits))
			for i, w := range rep.Waits {
				ws[i] = strconv.FormatFloat(w, 'f', -1, 64) + "s"
			}
			fmt.Fprintf(&b, "retry waits:    %s\n", strings.Join(ws, ", "))
		}
		if len(rep.Outputs) > 0 {
			out, _ := marshalJSON(rep.Outputs)
			fmt.Fprintf(&b, "outputs:        %s\n", truncate(string(out), 2048))
		}
		for _, d := range rep.Diagnostics {
			fmt.Fprintf(&b, "diagnostic:     %s:%d:%d: %s[%s]: %s\n", d.File, d.Line, d.Column, d.Severity, d.Rule, d.Message)
		}
		if rep.Log != "" {
			fmt.Fprintf(&b, "log:\n%s\n", indent(rep.Log, "  "))
		}
	}
	if exchanges == nil {
		return b.String()
	}
	fmt.Fprintf(&b, "exchange:       %s\n", nRequests(len(exchanges)))
	for i, e := range exchanges {
		fmt.Fprintf(&b, "  #%d %s -> %d\n", i+1, e.describe(), e.status)
		for _, name := range sortedHeaderNames(e.header) {
			fmt.Fprintf(&b, "     > %s: %s\n", name, strings.Join(e.header.Values(name), ", "))
		}
		if body := showBody(e.body, 1024); body != "" {
			fmt.Fprintf(&b, "%s\n", indent(body, "     > "))
		}
		if body := showBody(e.respBody, 1024); body != "" {
			fmt.Fprintf(&b, "%s\n", indent(body, "     < "))
		}
	}
	return b.String()
}

// sortedHeaderNames lists the headers worth showing in a report: all but
// those every Go client sends.
func sortedHeaderNames(h http.Header) []string {
	var names []string
	for name := range h {
		switch name {
		case "User-Agent", "Accept-Encoding", "Content-Length":
			continue
		}
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// nRequests counts requests in words.
func nRequests(n int) string {
	if n == 1 {
		return "1 request"
	}
	return fmt.Sprintf("%d requests", n)
}
