package conformance

import (
	"context"
	"encoding/json"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// suiteFS builds an in-memory suite from file contents.
func suiteFS(files map[string]string) fs.FS {
	m := fstest.MapFS{}
	for name, data := range files {
		m[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return m
}

// jobsAPI is a small OpenAPI description for scripted cases.
const jobsAPI = `openapi: 3.1.0
info: {title: Jobs, version: 1.0.0}
servers:
- url: https://jobs.example.com/v1
paths:
  /jobs/{jobId}:
    get:
      operationId: getJob
      parameters:
      - {name: jobId, in: path, required: true, schema: {type: string}}
      responses:
        '200': {description: The job.}
`

// jobsWorkflow reads one job and returns its state.
const jobsWorkflow = `arazzo: 1.0.1
info: {title: Jobs, version: 1.0.0}
sourceDescriptions:
- {name: jobs, url: openapi.yaml, type: openapi}
workflows:
- workflowId: read-job
  steps:
  - stepId: getJob
    operationId: getJob
    parameters:
    - {name: jobId, in: path, value: "42"}
    successCriteria:
    - condition: $statusCode == 200
    outputs:
      state: $response.body#/state
  outputs:
    state: $steps.getJob.outputs.state
`

// jobCase returns the files of a case named t/job that runs read-job
// against a scripted server, with the given case.yaml after the common
// header.
func jobCase(rest string) map[string]string {
	return map[string]string{
		"t/job/case.yaml":    "description: Reads a job.\nworkflow: read-job\n" + rest,
		"t/job/arazzo.yaml":  jobsWorkflow,
		"t/job/openapi.yaml": jobsAPI,
	}
}

const okScript = `server:
  scripted:
  - request: {method: GET, path: /jobs/42}
    response: {body: {json: {state: done}}}
`

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{
			name:  "directory without case.yaml",
			files: map[string]string{"t/empty/notes.txt": "x"},
			want:  "t/empty: the directory has no case.yaml; every directory <area>/<case> of the suite is a case",
		},
		{
			name:  "YAML syntax error",
			files: map[string]string{"t/bad/case.yaml": "description: [unclosed\n"},
			want:  "t/bad/case.yaml:2:1: did not find expected ',' or ']' while parsing a flow sequence (which starts at 1:14)",
		},
		{
			name:  "unknown member",
			files: jobCase(okScript + "want: {status: succeeded}\nwnat: {}\n"),
			want:  `t/job/case.yaml:8:1: the case has an unknown member "wnat" (known: decisions, description, document, inputs, redaction, requirements, server, specs, want, workflow)`,
		},
		{
			name:  "redaction without outputs",
			files: jobCase(okScript + "redaction: true\nwant: {status: succeeded}\n"),
			want:  "t/job/case.yaml:7:1: redaction only applies to a case whose want has outputs, which it compares masked",
		},
		{
			name:  "two kinds of expectation",
			files: jobCase(okScript + "want: {status: succeeded, exchange: []}\n"),
			want:  "t/job/case.yaml:7:7: want must have exactly one of status (with failedStep, outputs and waits), exchange and diagnostics",
		},
		{
			name:  "no expectation",
			files: jobCase(okScript),
			want:  `t/job/case.yaml: the case has no "want"`,
		},
		{
			name:  "failed without failedStep",
			files: jobCase(okScript + "want: {status: failed}\n"),
			want:  "t/job/case.yaml:7:7: a failed run must name its failedStep (null when no step is to blame)",
		},
		{
			name:  "unknown status",
			files: jobCase(okScript + "want: {status: passed}\n"),
			want:  `t/job/case.yaml:7:8: status "passed" is not succeeded, failed or rejected`,
		},
		{
			name:  "outputs of a rejected run",
			files: jobCase(okScript + "want: {status: rejected, outputs: {}}\n"),
			want:  "t/job/case.yaml:7:26: a rejected run has no outputs",
		},
		{
			name: "run case without a server",
			files: map[string]string{
				"t/job/case.yaml":    "description: d\nworkflow: read-job\nwant: {status: succeeded}\n",
				"t/job/arazzo.yaml":  jobsWorkflow,
				"t/job/openapi.yaml": jobsAPI,
			},
			want: `t/job/case.yaml:1:1: the case has no "server" to run against (zenml or scripted)`,
		},
		{
			name: "diagnostics case with a workflow",
			files: map[string]string{
				"t/job/case.yaml":   "description: d\nworkflow: read-job\nwant: {diagnostics: []}\n",
				"t/job/arazzo.yaml": jobsWorkflow,
			},
			want: `t/job/case.yaml:2:1: a diagnostics case only validates its document: "workflow" does not apply`,
		},
		{
			name: "diagnostic position",
			files: map[string]string{
				"t/job/case.yaml":   "description: d\nwant:\n  diagnostics:\n  - {rule: r, severity: error, at: '12'}\n",
				"t/job/arazzo.yaml": jobsWorkflow,
			},
			want: `t/job/case.yaml:4:32: at "12" must be line:column, such as 12:7`,
		},
		{
			name:  "requirement id",
			files: jobCase("requirements: [run-02]\n" + okScript + "want: {status: succeeded}\n"),
			want:  `t/job/case.yaml:3:1: "run-02" is not a requirement id such as RUN-02`,
		},
		{
			name:  "missing document",
			files: map[string]string{"t/job/case.yaml": "description: d\nworkflow: read-job\n" + okScript + "want: {status: succeeded}\n"},
			want:  `t/job/case.yaml: the document "arazzo.yaml" is neither a file of the case nor a mounted fixture`,
		},
		{
			name:  "unknown fixture",
			files: jobCase("specs: [zenml/nothing.yml]\n" + okScript + "want: {status: succeeded}\n"),
			want:  `t/job/case.yaml: mounting "zenml/nothing.yml" from the specs fixtures: open zenml/nothing.yml: file does not exist`,
		},
		{
			name:  "unknown variable",
			files: jobCase(okScript + "inputs: {id: '${nope}'}\nwant: {status: succeeded}\n"),
			want:  "t/job/case.yaml: unknown variable ${nope}; the variables are ${server}, ${token} and ${token:USER} (write $${ for a literal ${)",
		},
		{
			name:  "token without the zenml server",
			files: jobCase(okScript + "inputs: {token: '${token}'}\nwant: {status: succeeded}\n"),
			want:  "t/job/case.yaml: ${token} is used but only the zenml server issues tokens",
		},
		{
			name:  "query and rawQuery",
			files: jobCase("server:\n  scripted:\n  - request: {method: GET, path: /jobs/42, query: {a: b}, rawQuery: a=b}\n    response: {}\nwant: {status: succeeded}\n"),
			want:  "t/job/case.yaml:5:59: a scripted request has both query and rawQuery; give one",
		},
		{
			name:  "body with two forms",
			files: jobCase("server:\n  scripted:\n  - request: {method: GET, path: /jobs/42}\n    response: {body: {json: 1, text: x}}\nwant: {status: succeeded}\n"),
			want:  "t/job/case.yaml:6:22: a scripted response's body must have exactly one of json, text and form",
		},
		{
			name:  "waits not a list",
			files: jobCase(okScript + "want: {status: succeeded, waits: 1}\n"),
			want:  "t/job/case.yaml:7:34: want waits must be a list of numbers of seconds ([] for none), not the number 1",
		},
		{
			name:  "wait not a number",
			files: jobCase(okScript + "want: {status: succeeded, waits: [1, '2']}\n"),
			want:  "t/job/case.yaml:7:38: a wait must be a number of seconds, not the string \"2\"",
		},
		{
			name:  "negative wait",
			files: jobCase(okScript + "want: {status: succeeded, waits: [-0.5]}\n"),
			want:  "t/job/case.yaml:7:35: a wait must be a non-negative number of seconds, not -0.5",
		},
		{
			name:  "waits of a rejected run",
			files: jobCase(okScript + "want: {status: rejected, waits: []}\n"),
			want:  "t/job/case.yaml:7:26: a rejected run makes no retries, so it has no waits",
		},
		{
			name:  "waits with an exchange",
			files: jobCase(okScript + "want: {exchange: [], waits: []}\n"),
			want:  `t/job/case.yaml:7:22: want has an unknown member "waits" (known: exchange)`,
		},
		{
			name:  "empty list of response header values",
			files: jobCase("server:\n  scripted:\n  - request: {method: GET, path: /jobs/42}\n    response: {headers: {X-A: []}}\nwant: {status: succeeded}\n"),
			want:  `t/job/case.yaml:6:31: a scripted response's headers "X-A" is an empty list; leave the header out instead`,
		},
		{
			name:  "list of request header values",
			files: jobCase("server:\n  scripted:\n  - request: {method: GET, path: /jobs/42, headers: {X-A: [a, b]}}\n    response: {}\nwant: {status: succeeded}\n"),
			want:  `t/job/case.yaml:5:59: a scripted request headers "X-A" must be a string, not a list`,
		},
		{
			name: "known failure without a reason",
			files: func() map[string]string {
				m := jobCase(okScript + "want: {status: succeeded}\n")
				m["known_failures.yaml"] = "t/job: ''\n"
				return m
			}(),
			want: "known_failures.yaml:1:1: t/job is listed without a reason; say why the case fails",
		},
		{
			name: "known failure of no case",
			files: func() map[string]string {
				m := jobCase(okScript + "want: {status: succeeded}\n")
				m["known_failures.yaml"] = "t/other: the engine cannot do it yet\n"
				return m
			}(),
			want: "known_failures.yaml:1:1: t/other is listed but there is no such case; remove the entry",
		},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		if seen[tt.name] {
			t.Fatalf("duplicate test name %q", tt.name)
		}
		seen[tt.name] = true
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(suiteFS(tt.files))
			if err == nil {
				t.Fatalf("Load succeeded, want error %q", tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("error:\n got %s\nwant %s", err, tt.want)
			}
		})
	}
}

// fakeImpl is an implementation that sends the given requests to the
// case's server and then returns a fixed report.
type fakeImpl struct {
	paths  []string
	report *Report
}

func (f *fakeImpl) Name() string { return "fake" }

func (f *fakeImpl) Execute(ctx context.Context, inv *Invocation) (*Report, error) {
	for _, p := range f.paths {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, inv.Servers["jobs"]+p, nil)
		if err != nil {
			return nil, err
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, err
		}
		resp.Body.Close()
	}
	return f.report, nil
}

func TestRunVerdicts(t *testing.T) {
	succeeded := &Report{Status: StatusSucceeded, Outputs: map[string]any{"state": "done"}}
	tests := []struct {
		name       string
		files      map[string]string
		impl       Implementation
		want       Result
		wantDetail string // a line the detail must contain
	}{
		{
			name:  "outputs match",
			files: jobCase(okScript + "want: {status: succeeded, outputs: {state: done}}\n"),
			impl:  &fakeImpl{paths: []string{"/jobs/42"}, report: succeeded},
			want:  Passed,
		},
		{
			name:       "outputs differ",
			files:      jobCase(okScript + "want: {status: succeeded, outputs: {state: pending}}\n"),
			impl:       &fakeImpl{paths: []string{"/jobs/42"}, report: succeeded},
			want:       Failed,
			wantDetail: `- 	Outputs:    map[string]any{"state": string("pending")},`,
		},
		{
			name:       "failed step differs",
			files:      jobCase(okScript + "want: {status: failed, failedStep: getJob}\n"),
			impl:       &fakeImpl{paths: []string{"/jobs/42"}, report: &Report{Status: StatusFailed, FailedStep: "other"}},
			want:       Failed,
			wantDetail: `- 	FailedStep: "getJob",`,
		},
		{
			name:       "unexpected request",
			files:      jobCase(okScript + "want: {status: succeeded}\n"),
			impl:       &fakeImpl{paths: []string{"/jobs/42", "/jobs/43"}, report: succeeded},
			want:       Failed,
			wantDetail: "unexpected request #2, GET /jobs/43: the script has 1 request",
		},
		{
			name:       "request that differs from the script",
			files:      jobCase(okScript + "want: {status: succeeded}\n"),
			impl:       &fakeImpl{paths: []string{"/jobs/41"}, report: succeeded},
			want:       Failed,
			wantDetail: "request #1 does not match the script (case.yaml line 5) (-want +got):",
		},
		{
			name:       "scripted request never sent",
			files:      jobCase(okScript + "want: {status: succeeded}\n"),
			impl:       &fakeImpl{report: succeeded},
			want:       Failed,
			wantDetail: "scripted request #1, GET /jobs/42 (case.yaml line 5), was never received",
		},
		{
			name:       "rejected run that sent a request",
			files:      jobCase(okScript + "want: {status: rejected}\n"),
			impl:       &fakeImpl{paths: []string{"/jobs/42"}, report: &Report{Status: StatusRejected}},
			want:       Failed,
			wantDetail: "the run was rejected, yet the server received 1 request; a rejected run sends nothing",
		},
		{
			name:  "exchange matches",
			files: jobCase(okScript + "want:\n  exchange:\n  - {method: GET, path: /jobs/42, status: 200}\n"),
			impl:  &fakeImpl{paths: []string{"/jobs/42"}, report: succeeded},
			want:  Passed,
		},
		{
			name:       "exchange has an extra request",
			files:      jobCase("server:\n  scripted:\n  - request: {method: GET, path: /jobs/42}\n    response: {}\n  - request: {method: GET, path: /jobs/42}\n    response: {}\nwant:\n  exchange:\n  - {method: GET, path: /jobs/42}\n"),
			impl:       &fakeImpl{paths: []string{"/jobs/42", "/jobs/42"}, report: succeeded},
			want:       Failed,
			wantDetail: "exchange mismatch: want 1 request, got 2 (-want +got):",
		},
		{
			name: "known failure that fails",
			files: func() map[string]string {
				m := jobCase(okScript + "want: {status: succeeded, outputs: {state: pending}}\n")
				m["known_failures.yaml"] = "t/job: pending is not implemented\n"
				return m
			}(),
			impl:       &fakeImpl{paths: []string{"/jobs/42"}, report: succeeded},
			want:       Skipped,
			wantDetail: "outcome mismatch (-want +got):",
		},
		{
			name: "known failure that passes",
			files: func() map[string]string {
				m := jobCase(okScript + "want: {status: succeeded, outputs: {state: done}}\n")
				m["known_failures.yaml"] = "t/job: pending is not implemented\n"
				return m
			}(),
			impl:       &fakeImpl{paths: []string{"/jobs/42"}, report: succeeded},
			want:       Failed,
			wantDetail: `t/job is listed in known_failures.yaml ("pending is not implemented") but passes now: remove the entry.`,
		},
		{
			name:  "waits match",
			files: jobCase(okScript + "want: {status: succeeded, waits: [0.25, 1]}\n"),
			impl:  &fakeImpl{paths: []string{"/jobs/42"}, report: &Report{Status: StatusSucceeded, Waits: []float64{0.25, 1.0000001}}},
			want:  Passed,
		},
		{
			name:  "no waits",
			files: jobCase(okScript + "want: {status: succeeded, waits: []}\n"),
			impl:  &fakeImpl{paths: []string{"/jobs/42"}, report: &Report{Status: StatusSucceeded, Waits: []float64{}}},
			want:  Passed,
		},
		{
			name:       "waits differ",
			files:      jobCase(okScript + "want: {status: succeeded, waits: [0]}\n"),
			impl:       &fakeImpl{paths: []string{"/jobs/42"}, report: &Report{Status: StatusSucceeded, Waits: []float64{0.5}}},
			want:       Failed,
			wantDetail: "waits before retries mismatch, in seconds (-want +got):",
		},
		{
			name:       "waits not reported",
			files:      jobCase(okScript + "want: {status: succeeded, waits: []}\n"),
			impl:       &fakeImpl{paths: []string{"/jobs/42"}, report: succeeded},
			want:       Failed,
			wantDetail: "the case checks the waits before retries, but the implementation does not report them",
		},
		{
			name:  "waits not checked",
			files: jobCase(okScript + "want: {status: succeeded}\n"),
			impl:  &fakeImpl{paths: []string{"/jobs/42"}, report: &Report{Status: StatusSucceeded, Waits: []float64{3}}},
			want:  Passed,
		},
		{
			name:       "implementation error",
			files:      jobCase(okScript + "want: {status: succeeded}\n"),
			impl:       &fakeImpl{paths: []string{"/nowhere\x7f"}},
			want:       Failed,
			wantDetail: "fake could not execute the case: parse",
		},
		{
			name:       "no report",
			files:      jobCase(okScript + "want: {status: succeeded}\n"),
			impl:       &fakeImpl{paths: []string{"/jobs/42"}},
			want:       Failed,
			wantDetail: "fake returned no report",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cases, err := Load(suiteFS(tt.files))
			if err != nil {
				t.Fatal(err)
			}
			o := Run(t.Context(), cases[0], tt.impl)
			if o.Result != tt.want {
				t.Fatalf("result %s, want %s; detail:\n%s", o.Result, tt.want, o.Detail)
			}
			if tt.wantDetail == "" && o.Detail != "" && o.Result == Passed {
				t.Errorf("a passing case has a detail:\n%s", o.Detail)
			}
			if !strings.Contains(stableDiff(o.Detail), tt.wantDetail) {
				t.Errorf("detail does not contain %q:\n%s", tt.wantDetail, o.Detail)
			}
			if o.Result != Passed && !strings.Contains(o.Detail, "reproduce:      arazzo conformance --cases SUITE-DIRECTORY --run '^t/job$'") {
				t.Errorf("detail does not say how to reproduce:\n%s", o.Detail)
			}
		})
	}
}

func TestDiagnosticsComparison(t *testing.T) {
	files := map[string]string{
		"t/doc/case.yaml": `description: d
want:
  diagnostics:
  - {rule: invalid-condition, severity: error, at: 9:5}
  - {rule: other, severity: warning, at: 2:1, file: openapi.yaml}
`,
		"t/doc/arazzo.yaml": jobsWorkflow,
	}
	cases, err := Load(suiteFS(files))
	if err != nil {
		t.Fatal(err)
	}
	report := &Report{Diagnostics: []Diagnostic{
		{Rule: "bare-expression", Severity: "info", File: "arazzo.yaml", Line: 1, Column: 1},
		{Rule: "other", Severity: "warning", File: "/openapi.yaml", Line: 2, Column: 1},
		{Rule: "invalid-condition", Severity: "error", Line: 9, Column: 5},
	}}
	if o := Run(t.Context(), cases[0], &fakeImpl{report: report}); o.Result != Passed {
		t.Errorf("matching diagnostics: %s\n%s", o.Result, o.Detail)
	}
	report.Diagnostics[2].Column = 6
	o := Run(t.Context(), cases[0], &fakeImpl{report: report})
	if d := stableDiff(o.Detail); o.Result != Failed || !strings.Contains(d, `- 		At:       "9:5",`) || !strings.Contains(d, `+ 		At:       "9:6",`) {
		t.Errorf("a moved diagnostic: %s\n%s", o.Result, o.Detail)
	}
}

// stableDiff undoes the one deliberate instability of go-cmp's diffs,
// which sometimes indent with non-breaking spaces, so that tests can look
// for diff lines.
func stableDiff(s string) string { return strings.ReplaceAll(s, "\u00a0", " ") }

func TestExpandString(t *testing.T) {
	vars := map[string]string{"server": "http://h", "token": "T"}
	lookup := func(name string) (string, error) { return vars[name], nil }
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"${server}/x", "http://h/x"},
		{"Bearer ${token}", "Bearer T"},
		{"$${token}", "${token}"},
		{"a $${b} ${token}", "a ${b} T"},
		{"{$inputs.x}", "{$inputs.x}"},
	}
	for _, tt := range tests {
		got, err := expandString(tt.in, lookup)
		if err != nil || got != tt.want {
			t.Errorf("expandString(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	if _, err := expandString("${open", lookup); err == nil || err.Error() != `"${open": ${ without a closing }` {
		t.Errorf("unclosed variable: %v", err)
	}
}

func TestParseReport(t *testing.T) {
	tests := []struct {
		name string
		out  string
		want *Report
		err  string
	}{
		{
			name: "contract form",
			out:  `{"status":"failed","failedStep":"b","outputs":{"n":1},"error":"boom"}`,
			want: &Report{Status: "failed", FailedStep: "b", Outputs: map[string]any{"n": json.Number("1")}, Error: "boom"},
		},
		{
			name: "failed step from the steps",
			out:  `{"status":"failed","steps":[{"stepId":"a","status":"succeeded"},{"stepId":"b","status":"failed"},{"stepId":"c","status":"succeeded"}]}`,
			want: &Report{Status: "failed", FailedStep: "b", Waits: []float64{}},
		},
		{
			name: "waits from the retry actions of the steps",
			out: `{"status":"succeeded","steps":[` +
				`{"stepId":"a","status":"succeeded","attempts":[{"number":1,"action":{"type":"retry","delayMs":250}},{"number":2,"action":{"type":"retry","delayMs":0}},{"number":3}]},` +
				`{"stepId":"b","status":"succeeded","attempts":[{"number":1,"action":{"type":"goto","target":"a"}}]},` +
				`{"stepId":"a","status":"succeeded","attempts":[{"number":1,"action":{"type":"retry","delayMs":1500}},{"number":2}]}]}`,
			want: &Report{Status: "succeeded", Waits: []float64{0.25, 0, 1.5}},
		},
		{
			name: "waits given win over the steps",
			out:  `{"status":"succeeded","waits":[2],"steps":[{"stepId":"a","status":"succeeded","attempts":[{"number":1,"action":{"type":"retry","delayMs":250}}]}]}`,
			want: &Report{Status: "succeeded", Waits: []float64{2}},
		},
		{
			name: "no waits without steps",
			out:  `{"status":"succeeded"}`,
			want: &Report{Status: "succeeded"},
		},
		{
			name: "diagnostics by file, absolute names made relative",
			out:  `{"files":[{"path":"/tmp/x/case/doc.yaml","diagnostics":[{"rule":"r","severity":"error","line":3,"column":4}]}]}`,
			want: &Report{Diagnostics: []Diagnostic{{Rule: "r", Severity: "error", File: "doc.yaml", Line: 3, Column: 4}}},
		},
		{name: "empty", out: "  \n", err: "stdout is empty"},
		{name: "not JSON", out: "hello", err: "stdout is not a JSON report: invalid character 'h' looking for beginning of value"},
		{name: "two values", out: "{} {}", err: "stdout holds more than one JSON value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseReport([]byte(tt.out), "/tmp/x/case")
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("error %v, want %s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("report (-want +got):\n%s", diff)
			}
		})
	}
}

// TestEngineRejects checks the in-process implementation's reports for
// documents it must refuse.
func TestEngineRejects(t *testing.T) {
	unknownOp := strings.Replace(jobsWorkflow, "operationId: getJob", "operationId: getJobs", 1)
	tests := []struct {
		name string
		doc  string
		want string // case.yaml after the description
	}{
		{"unknown operation, run", unknownOp, "workflow: read-job\nserver: {scripted: []}\nwant: {status: rejected}\n"},
		{"unknown operation, validated", unknownOp, "want:\n  diagnostics:\n  - {rule: unknown-operation, severity: error, at: '9:18'}\n"},
		{"YAML syntax, run", "arazzo: [1.0.1\n", "workflow: read-job\nserver: {scripted: []}\nwant: {status: rejected}\n"},
		{"YAML syntax, validated", "arazzo: [1.0.1\n", "want:\n  diagnostics:\n  - {rule: yaml-syntax, severity: error, at: '2:1'}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cases, err := Load(suiteFS(map[string]string{
				"t/doc/case.yaml":    "description: d\n" + tt.want,
				"t/doc/arazzo.yaml":  tt.doc,
				"t/doc/openapi.yaml": jobsAPI,
			}))
			if err != nil {
				t.Fatal(err)
			}
			if o := Run(t.Context(), cases[0], Engine()); o.Result != Passed {
				t.Errorf("%s\n%s", o.Result, o.Detail)
			}
		})
	}
}

// TestScriptedHeaderValues checks that a scripted response header given
// as a list is sent on one header line per value, in order.
func TestScriptedHeaderValues(t *testing.T) {
	cases, err := Load(suiteFS(jobCase("server:\n  scripted:\n  - request: {method: GET, path: /jobs/42}\n" +
		"    response: {headers: {X-Multi: [first, '${server}'], X-One: only}}\nwant: {status: succeeded}\n")))
	if err != nil {
		t.Fatal(err)
	}
	res, err := cases[0].resolve(func(string) (string, error) { return "http://h", nil })
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	res.script[0].resp.write(rec)
	got := map[string][]string{"X-Multi": rec.Result().Header.Values("X-Multi"), "X-One": rec.Result().Header.Values("X-One")}
	want := map[string][]string{"X-Multi": {"first", "http://h"}, "X-One": {"only"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("headers (-want +got):\n%s", diff)
	}
}
