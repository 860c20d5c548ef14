package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/arazzo-dev/arazzo/conformance/zenml"
)

// goldenWorkflow is a copy of the project's golden fixture, the ZenML
// provision-secret workflow, with its OpenAPI description beside it.
const goldenWorkflow = "testdata/run/zenml/arazzo/zenml-provision-secret-workflow.yml"

// normaliseRun replaces what changes from run to run in the output of the
// run command: durations, start times, the server's port and Date headers.
func normaliseRun(s string) string {
	for _, r := range []struct{ re, with string }{
		{`127\.0\.0\.1:\d+`, "127.0.0.1:PORT"},
		{`"durationMs": [0-9.]+`, `"durationMs": 0`},
		{`"delayMs": [0-9.]+`, `"delayMs": 0`},
		{`"start": "[^"]*"`, `"start": "START"`},
		{`(?m)^(\s*"Date": \[\s*)"[^"]*"`, `$1"DATE"`},
		{`(?m)^(\s*< Date: ).*$`, `${1}DATE`},
		{`\b\d+(\.\d+)?(ms|µs|s)\b`, "DUR"},
	} {
		s = regexp.MustCompile(r.re).ReplaceAllString(s, r.with)
	}
	return s
}

func goldenArgs(srv *zenml.Server, extra ...string) []string {
	args := []string{"run", goldenWorkflow, "--server", "zenmlApi=" + srv.URL,
		"--input", "accessToken=" + srv.Token(), "--input", "secretName=db-password",
		"--input", `values={"password": "hunter2"}`}
	return append(args, extra...)
}

// TestRunFormats runs the golden workflow against the reference ZenML
// server in each output format and compares the output with
// testdata/run/<name>.golden (run with -update to rewrite them).
func TestRunFormats(t *testing.T) {
	srv := zenml.NewServer()
	defer srv.Close()
	tests := []struct {
		name string
		args []string
	}{
		{"text", nil},
		{"verbose", []string{"--verbose"}},
		{"json", []string{"--format", "json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.Reset()
			code, stdout, stderr := runCLI(t, "", goldenArgs(srv, tt.args...)...)
			if code != exitOK {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, exitOK, stderr)
			}
			if strings.Contains(stdout, srv.Token()) {
				t.Errorf("the output shows the access token")
			}
			checkGoldenFile(t, filepath.Join("testdata", "run", tt.name+".golden"), normaliseRun(stdout))
		})
	}
}

func TestRunFailure(t *testing.T) {
	srv := zenml.NewServer()
	defer srv.Close()
	code, stdout, stderr := runCLI(t, "", "run", goldenWorkflow, "--server", "zenmlApi="+srv.URL,
		"--input", "accessToken=not-a-token", "--input", "secretName=x", "--input", "values={}")
	if code != exitFailure || stderr != "" {
		t.Errorf("exit code %d (want %d), stderr:\n%s", code, exitFailure, stderr)
	}
	checkGoldenFile(t, filepath.Join("testdata", "run", "failure.golden"), normaliseRun(stdout))
}

func TestRunInputs(t *testing.T) {
	srv := zenml.NewServer()
	defer srv.Close()
	dir := t.TempDir()
	inputsYAML := filepath.Join(dir, "inputs.yaml")
	valuesJSON := filepath.Join(dir, "values.json")
	if err := os.WriteFile(inputsYAML, []byte("accessToken: "+srv.Token()+"\nsecretName: from-yaml\nvalues: {a: b}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(valuesJSON, []byte(`{"k": "from-file"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		stdin     string
		args      []string
		wantName  string
		wantValue string
	}{
		{"inputs file", "", []string{"--inputs", inputsYAML}, "from-yaml", `{"a":"b"}`},
		{"inputs from stdin", `{"accessToken": "` + srv.Token() + `", "secretName": "from-stdin", "values": {"c": "d"}}`,
			[]string{"--inputs", "-"}, "from-stdin", `{"c":"d"}`},
		{"input overrides and reads a file", "", []string{"--inputs", inputsYAML, "--input", "secretName=over", "--input", "values=@" + valuesJSON},
			"over", `{"k":"from-file"}`},
		{"input that is not JSON is a string", "", []string{"--inputs", inputsYAML, "--input", "secretName=plain text"},
			"plain text", `{"a":"b"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.Reset()
			args := append([]string{"run", goldenWorkflow, "--server", "zenmlApi=" + srv.URL, "--format", "json"}, tt.args...)
			code, _, stderr := runCLI(t, tt.stdin, args...)
			if code != exitOK {
				t.Fatalf("exit code %d; stderr:\n%s", code, stderr)
			}
			body := string(srv.Requests()[1].Body)
			want := `{"name":"` + tt.wantName + `","values":` + tt.wantValue + `}`
			if body != want {
				t.Errorf("createSecret body %s, want %s", body, want)
			}
		})
	}
}

// TestRunExitCodes pins the exit status of errors that stop a run before
// anything is sent: usage errors, documents with errors, invalid inputs.
func TestRunExitCodes(t *testing.T) {
	srv := zenml.NewServer()
	defer srv.Close()
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.arazzo.yaml")
	if err := os.WriteFile(bad, []byte("arazzo: 1.0.1\ninfo: {title: t, version: '1'}\nsourceDescriptions: []\nworkflows: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"no file", []string{"run"}, "arazzo run: no FILE given\n"},
		{"two files", []string{"run", "a", "b"}, "arazzo run: one FILE expected, got 2: a b\n"},
		{"unknown format", []string{"run", goldenWorkflow, "--format", "xml"}, `arazzo run: unknown --format "xml"; want text or json` + "\n"},
		{"bad server flag", []string{"run", goldenWorkflow, "--server", "nope"}, `arazzo run: --server "nope": want SOURCE=URL` + "\n"},
		{"server for an unknown source", []string{"run", goldenWorkflow, "--server", "other=http://x.test"},
			`arazzo run: runtime: invalid options: Server("other", ...): no source description is named "other"` + "\n"},
		{"missing file", []string{"run", filepath.Join(dir, "missing.yaml")}, "read-error"},
		{"document with errors", []string{"run", bad}, "error[schema]"},
		{"unknown workflow", goldenArgs(srv, "--workflow", "nope"), `arazzo run: unknown workflow "nope"; the document has one workflow, "provision-secret"` + "\n"},
		{"invalid inputs", []string{"run", goldenWorkflow, "--server", "zenmlApi=" + srv.URL, "--input", "secretName=5"},
			`arazzo run: invalid inputs for workflow "provision-secret": input "accessToken" is required; input "secretName": expected string, but got number (type); input "values" is required` + "\n"},
		{"bad input flag", []string{"run", goldenWorkflow, "--input", "novalue"}, `arazzo run: --input "novalue": want NAME=VALUE or NAME=@PATH` + "\n"},
		{"unreadable input file", []string{"run", goldenWorkflow, "--input", "x=@" + filepath.Join(dir, "none")},
			"arazzo run: --input x: " + filepath.Join(dir, "none") + ": no such file or directory\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.Reset()
			code, stdout, stderr := runCLI(t, "", tt.args...)
			if code != exitUsage {
				t.Errorf("exit code %d, want %d", code, exitUsage)
			}
			if stdout != "" {
				t.Errorf("stdout:\n%s", stdout)
			}
			first, _, _ := strings.Cut(stderr, "\n\nUsage:")
			if !strings.HasSuffix(tt.stderr, "\n") {
				if !strings.Contains(stderr, tt.stderr) {
					t.Errorf("stderr does not mention %q:\n%s", tt.stderr, stderr)
				}
			} else if strings.TrimSuffix(first, "\n")+"\n" != tt.stderr {
				t.Errorf("stderr\n got: %q\nwant: %q", first, tt.stderr)
			}
			if n := len(srv.Requests()); n != 0 {
				t.Errorf("%d requests sent, want none", n)
			}
		})
	}
}

func TestRunHelp(t *testing.T) {
	code, stdout, _ := runCLI(t, "", "help", "run")
	if code != exitOK || !strings.HasPrefix(stdout, "Usage: arazzo run FILE [flags]") {
		t.Errorf("exit %d, stdout:\n%s", code, stdout)
	}
}

// TestRunLiveProgress checks that on a terminal the step in progress is
// shown and then replaced by its line.
func TestRunLiveProgress(t *testing.T) {
	srv := zenml.NewServer()
	defer srv.Close()
	var out, errb strings.Builder
	code := runMain(context.Background(), goldenArgs(srv), &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, isTerminal: true})
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	want := "...  whoami\r\x1b[Kok   whoami  GET /api/v1/current-user  200  DUR\n...  createSecret\r\x1b[Kok   createSecret"
	if got := normaliseRun(out.String()); !strings.HasPrefix(got, want) {
		t.Errorf("output starts\n%q\nwant\n%q", got[:min(len(got), len(want))], want)
	}
}

// TestRunTimeout checks that --timeout stops the run, which is reported
// as cancelled with exit status 1.
func TestRunTimeout(t *testing.T) {
	srv := zenml.NewServer()
	defer srv.Close()
	code, stdout, stderr := runCLI(t, "", goldenArgs(srv, "--timeout", "1ns")...)
	if code != exitFailure || stderr != "" {
		t.Errorf("exit code %d (want %d), stderr:\n%s", code, exitFailure, stderr)
	}
	want := "stop whoami  DUR\n       workflow \"provision-secret\", step \"whoami\": context deadline exceeded\n"
	if got := normaliseRun(stdout); !strings.HasPrefix(got, want) || !strings.Contains(got, "workflow provision-secret cancelled: 1 step, 0 requests in DUR\n") {
		t.Errorf("output:\n%s", got)
	}
}
