package main

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"regexp"
	goruntime "runtime"
	"strings"
	"sync"
	"time"

	"github.com/arazzo-dev/arazzo/conformance"
	"github.com/arazzo-dev/arazzo/conformance/zenml"
)

func init() {
	register(&command{
		name:    "conformance",
		summary: "run the conformance suite, or serve the reference ZenML server",
		run:     runConformance,
	})
}

const conformanceUsage = `Usage: arazzo conformance [flags]
       arazzo conformance serve [--addr ADDR] [--poll-reads N]

Runs the conformance suite built into arazzo against its engine, each case
with its own reference ZenML server or scripted server, and prints one line
per case and the closing line "N passed, N failed". Cases listed in the
suite's known failures that fail are skipped and not counted as failures;
a known failure that passes is a failure. The exit status is 0 when no case
failed, 1 when one did and 2 for usage errors.

With --impl, the cases run against another implementation through the
command-line contract described in the suite's README.md (conformance/ in
the source tree); the engine's known failures do not apply.

"arazzo conformance serve" runs the reference ZenML server alone, printing
its URL and credentials, until interrupted.

Flags:
`

// runConformance implements "arazzo conformance".
func runConformance(ctx context.Context, e *env, args []string) int {
	if len(args) > 0 && args[0] == "serve" {
		return runServe(ctx, e, args[1:])
	}
	fs := flag.NewFlagSet("conformance", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	format := fs.String("format", "text", "output `format`: text, json or junit")
	pattern := fs.String("run", "", "run only the cases whose path matches this regular `expression`")
	impl := fs.String("impl", "", "run the cases against this `command` (see the contract in conformance/README.md)")
	casesDir := fs.String("cases", "", "run the suite in this `directory` instead of the built-in one")
	parallel := fs.Int("parallel", goruntime.GOMAXPROCS(0), "run up to `n` cases at once")
	timeout := fs.Duration("timeout", conformance.DefaultCaseTimeout, "give each case at most this `duration`")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), conformanceUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(e.stdout)
			fs.Usage()
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "arazzo conformance: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	var render func(io.Writer, *suiteRun) error
	switch *format {
	case "text":
	case "json":
		render = renderSuiteJSON
	case "junit":
		render = renderSuiteJUnit
	default:
		fmt.Fprintf(e.stderr, "arazzo conformance: unknown format %q (want text, json or junit)\n", *format)
		return exitUsage
	}
	if *parallel < 1 || *timeout <= 0 {
		fmt.Fprintln(e.stderr, "arazzo conformance: --parallel and --timeout must be positive")
		return exitUsage
	}
	re, err := regexp.Compile(*pattern)
	if err != nil {
		fmt.Fprintf(e.stderr, "arazzo conformance: --run: %v\n", err)
		return exitUsage
	}
	suite := conformance.FS
	if *casesDir != "" {
		if st, err := os.Stat(*casesDir); err != nil || !st.IsDir() {
			if err == nil {
				err = fmt.Errorf("%s is not a directory", *casesDir)
			}
			fmt.Fprintf(e.stderr, "arazzo conformance: --cases: %v\n", err)
			return exitUsage
		}
		suite = os.DirFS(*casesDir)
	}
	all, err := conformance.Load(suite)
	if err != nil {
		fmt.Fprintf(e.stderr, "arazzo conformance: %v\n", err)
		return exitUsage
	}
	var cases []*conformance.Case
	for _, c := range all {
		if re.MatchString(c.Path) {
			cases = append(cases, c)
		}
	}
	if len(cases) == 0 {
		fmt.Fprintf(e.stderr, "arazzo conformance: no case matches %q\n", *pattern)
		return exitUsage
	}
	implementation := conformance.Engine()
	if *impl != "" {
		implementation = conformance.Command(*impl)
		for _, c := range cases {
			c.KnownFailure = ""
		}
	}
	run := &suiteRun{impl: implementation.Name(), cases: cases, casesDir: *casesDir}
	run.start(ctx, implementation, *parallel, *timeout)
	if render == nil {
		renderSuiteText(e.stdout, run)
	} else if err := render(e.stdout, run); err != nil {
		fmt.Fprintf(e.stderr, "arazzo conformance: %v\n", err)
		return exitFailure
	}
	if run.count(conformance.Failed) > 0 {
		return exitFailure
	}
	return exitOK
}

// suiteRun runs cases concurrently and hands their outcomes out in case
// order.
type suiteRun struct {
	impl     string
	casesDir string // the --cases directory, for the commands that reproduce a case
	cases    []*conformance.Case
	outcomes []conformance.Outcome
	done     []chan struct{}
	elapsed  time.Duration
	finished chan struct{}
}

// start runs the cases in the background, at most parallel at a time.
func (r *suiteRun) start(ctx context.Context, impl conformance.Implementation, parallel int, timeout time.Duration) {
	r.outcomes = make([]conformance.Outcome, len(r.cases))
	r.done = make([]chan struct{}, len(r.cases))
	for i := range r.done {
		r.done[i] = make(chan struct{})
	}
	r.finished = make(chan struct{})
	began := time.Now()
	sem := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	for i, c := range r.cases {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			cctx, cancel := context.WithTimeout(ctx, timeout)
			defer cancel()
			o := conformance.Run(cctx, c, impl)
			if r.casesDir != "" {
				// The runner cannot know where the suite's files came from.
				o.Detail = strings.ReplaceAll(o.Detail, "--cases SUITE-DIRECTORY", "--cases "+shellQuote(r.casesDir))
			}
			r.outcomes[i] = o
			close(r.done[i])
		}()
	}
	go func() {
		wg.Wait()
		r.elapsed = time.Since(began)
		close(r.finished)
	}()
}

// outcome waits for the outcome of case i.
func (r *suiteRun) outcome(i int) conformance.Outcome {
	<-r.done[i]
	return r.outcomes[i]
}

// wait waits for every case.
func (r *suiteRun) wait() { <-r.finished }

func (r *suiteRun) count(res conformance.Result) int {
	r.wait()
	n := 0
	for _, o := range r.outcomes {
		if o.Result == res {
			n++
		}
	}
	return n
}

// summary is the closing line.
func (r *suiteRun) summary() string {
	s := fmt.Sprintf("%d passed, %d failed", r.count(conformance.Passed), r.count(conformance.Failed))
	switch n := r.count(conformance.Skipped); n {
	case 0:
	case 1:
		s += ", 1 known failure skipped (not counted as failed)"
	default:
		s += fmt.Sprintf(", %d known failures skipped (not counted as failed)", n)
	}
	return s
}

var suiteResultLabel = map[conformance.Result]string{
	conformance.Passed:  "pass",
	conformance.Failed:  "FAIL",
	conformance.Skipped: "known failure",
}

func suiteMillis(d time.Duration) string { return fmt.Sprintf("%dms", d.Milliseconds()) }

// renderSuiteText prints a table row as each case ends, in case order, then
// the details of the failures and the summary.
func renderSuiteText(w io.Writer, r *suiteRun) {
	width := len("CASE")
	for _, c := range r.cases {
		width = max(width, len(c.Path))
	}
	fmt.Fprintf(w, "%-*s  %-13s  %s\n", width, "CASE", "RESULT", "TIME")
	for i, c := range r.cases {
		o := r.outcome(i)
		fmt.Fprintf(w, "%-*s  %-13s  %s\n", width, c.Path, suiteResultLabel[o.Result], suiteMillis(o.Duration))
	}
	for i, c := range r.cases {
		o := r.outcome(i)
		switch o.Result {
		case conformance.Failed:
			fmt.Fprintf(w, "\n--- FAIL: %s\n%s\n", c.Path, indentLines(strings.TrimRight(o.Detail, "\n"), "    "))
		case conformance.Skipped:
			fmt.Fprintf(w, "\n--- known failure: %s\n    %s\n", c.Path, c.KnownFailure)
		}
	}
	fmt.Fprintf(w, "\n%s\n", r.summary())
}

func indentLines(s, prefix string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "\n")
}

// suiteJSON is the document of --format json.
type suiteJSON struct {
	Implementation string          `json:"implementation"`
	Cases          []suiteJSONCase `json:"cases"`
	Passed         int             `json:"passed"`
	Failed         int             `json:"failed"`
	Skipped        int             `json:"skipped"`
	DurationMs     int64           `json:"durationMs"`
}

type suiteJSONCase struct {
	Case         string   `json:"case"`
	Description  string   `json:"description"`
	Expects      string   `json:"expects"`
	Requirements []string `json:"requirements,omitempty"`
	Decisions    []string `json:"decisions,omitempty"`
	Result       string   `json:"result"`
	KnownFailure string   `json:"knownFailure,omitempty"`
	DurationMs   int64    `json:"durationMs"`
	Detail       string   `json:"detail,omitempty"`
}

func renderSuiteJSON(w io.Writer, r *suiteRun) error {
	r.wait()
	rep := suiteJSON{
		Implementation: r.impl,
		Cases:          []suiteJSONCase{},
		Passed:         r.count(conformance.Passed),
		Failed:         r.count(conformance.Failed),
		Skipped:        r.count(conformance.Skipped),
		DurationMs:     r.elapsed.Milliseconds(),
	}
	for i, c := range r.cases {
		o := r.outcomes[i]
		rep.Cases = append(rep.Cases, suiteJSONCase{
			Case: c.Path, Description: c.Description, Expects: c.Expects,
			Requirements: c.Requirements, Decisions: c.Decisions,
			Result: string(o.Result), KnownFailure: c.KnownFailure,
			DurationMs: o.Duration.Milliseconds(), Detail: o.Detail,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}

// The JUnit XML document of --format junit, in the shape CI systems read:
// one test suite per area, one test case per case.
type suiteJUnit struct {
	XMLName  xml.Name         `xml:"testsuites"`
	Name     string           `xml:"name,attr"`
	Tests    int              `xml:"tests,attr"`
	Failures int              `xml:"failures,attr"`
	Skipped  int              `xml:"skipped,attr"`
	Time     string           `xml:"time,attr"`
	Suites   []suiteJUnitArea `xml:"testsuite"`
}

type suiteJUnitArea struct {
	Name     string           `xml:"name,attr"`
	Tests    int              `xml:"tests,attr"`
	Failures int              `xml:"failures,attr"`
	Skipped  int              `xml:"skipped,attr"`
	Time     string           `xml:"time,attr"`
	Cases    []suiteJUnitCase `xml:"testcase"`
	elapsed  time.Duration
}

type suiteJUnitCase struct {
	Classname string             `xml:"classname,attr"`
	Name      string             `xml:"name,attr"`
	Time      string             `xml:"time,attr"`
	Failure   *suiteJUnitMessage `xml:"failure,omitempty"`
	Skipped   *suiteJUnitMessage `xml:"skipped,omitempty"`
}

type suiteJUnitMessage struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",cdata"`
}

func suiteSeconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }

func renderSuiteJUnit(w io.Writer, r *suiteRun) error {
	r.wait()
	doc := suiteJUnit{
		Name:     "arazzo conformance (" + r.impl + ")",
		Tests:    len(r.cases),
		Failures: r.count(conformance.Failed),
		Skipped:  r.count(conformance.Skipped),
		Time:     suiteSeconds(r.elapsed),
	}
	index := map[string]int{}
	for i, c := range r.cases {
		o := r.outcomes[i]
		area, name, _ := strings.Cut(c.Path, "/")
		k, ok := index[area]
		if !ok {
			k = len(doc.Suites)
			index[area] = k
			doc.Suites = append(doc.Suites, suiteJUnitArea{Name: area})
		}
		s := &doc.Suites[k]
		tc := suiteJUnitCase{Classname: area, Name: name, Time: suiteSeconds(o.Duration)}
		switch o.Result {
		case conformance.Failed:
			s.Failures++
			msg, _, _ := strings.Cut(o.Detail, "\n")
			tc.Failure = &suiteJUnitMessage{Message: msg, Text: o.Detail}
		case conformance.Skipped:
			s.Skipped++
			tc.Skipped = &suiteJUnitMessage{Message: "known failure: " + c.KnownFailure}
		}
		s.Tests++
		s.elapsed += o.Duration
		s.Time = suiteSeconds(s.elapsed)
		s.Cases = append(s.Cases, tc)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

const serveUsage = `Usage: arazzo conformance serve [--addr ADDR] [--poll-reads N]

Runs the reference ZenML server of the conformance suite, with its seeded
data, until interrupted, and prints its URL and credentials. Point a
workflow's source at it with: arazzo run FILE --server zenmlApi=URL

Flags:
`

// runServe implements "arazzo conformance serve".
func runServe(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("conformance serve", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	addr := fs.String("addr", "127.0.0.1:8237", "listen on this `address` (host:port; port 0 picks a free one)")
	pollReads := fs.Int("poll-reads", zenml.DefaultPollReads, "reads of the running run that answer \"running\" before it completes")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), serveUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(e.stdout)
			fs.Usage()
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "arazzo conformance serve: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(e.stderr, "arazzo conformance serve: %v\n", err)
		return exitUsage
	}
	h := zenml.NewHandler(zenml.PollReads(*pollReads))
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	url := "http://" + ln.Addr().String() + zenml.BasePath
	fmt.Fprintf(e.stdout, "ZenML reference server at %s\n", url)
	fmt.Fprintf(e.stdout, "  login:  %s / %s (POST %s/login, form-encoded)\n", zenml.DefaultUsername, zenml.DefaultPassword, url)
	fmt.Fprintf(e.stdout, "  token:  %s\n", h.Token())
	fmt.Fprintf(e.stdout, "          (user %s; send it as \"Authorization: Bearer <token>\")\n", zenml.DefaultUsername)
	fmt.Fprintln(e.stdout, "  data:   the seeded users, pipelines, runs, stacks and secrets listed by")
	fmt.Fprintln(e.stdout, "          go doc github.com/arazzo-dev/arazzo/conformance/zenml")
	fmt.Fprintln(e.stdout, "Press Ctrl+C to stop.")
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		fmt.Fprintf(e.stderr, "arazzo conformance serve: %v\n", err)
		return exitFailure
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		fmt.Fprintf(e.stderr, "arazzo conformance serve: %v\n", err)
		return exitFailure
	}
	fmt.Fprintln(e.stdout, "Stopped.")
	return exitOK
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
