package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// The golden files of the conformance command are made from a small suite
// of its own, testdata/conformance/suite: one case that passes, one that
// fails and one known failure.
const goldenSuite = "testdata/conformance/suite"

// normalizeConformance removes what changes from run to run: timings, and
// the non-breaking spaces go-cmp puts in some of its diffs on purpose.
func normalizeConformance(s string) string {
	s = strings.ReplaceAll(s, "\u00a0", " ")
	s = regexp.MustCompile(`\b\d+ms\b`).ReplaceAllString(s, "0ms")
	s = regexp.MustCompile(`"durationMs": \d+`).ReplaceAllString(s, `"durationMs": 0`)
	s = regexp.MustCompile(`time="[0-9.]+"`).ReplaceAllString(s, `time="0.000"`)
	return s
}

func TestConformanceFormats(t *testing.T) {
	for _, format := range []string{"text", "json", "junit"} {
		t.Run(format, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, "", "conformance", "--cases", goldenSuite, "--format", format)
			if code != exitFailure {
				t.Errorf("exit code %d, want %d (one case fails); stderr:\n%s", code, exitFailure, stderr)
			}
			got := normalizeConformance(stdout)
			golden := filepath.Join("testdata", "conformance", format+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("output mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestConformanceExitCodes(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		code       int
		wantStdout string // the last line of stdout
		wantStderr string
	}{
		{"all pass", []string{"--cases", goldenSuite, "--run", "pass"}, exitOK, "1 passed, 0 failed", ""},
		{"known failure only", []string{"--cases", goldenSuite, "--run", "known"}, exitOK, "0 passed, 0 failed, 1 known failure skipped (not counted as failed)", ""},
		{"a failure", []string{"--cases", goldenSuite, "--run", "fail"}, exitFailure, "0 passed, 1 failed", ""},
		{"built-in suite", []string{"--run", "^zenml/provision-secret$"}, exitOK, "1 passed, 0 failed", ""},
		{"no case matches", []string{"--run", "nothing-like-this"}, exitUsage, "", `arazzo conformance: no case matches "nothing-like-this"` + "\n"},
		{"bad pattern", []string{"--run", "("}, exitUsage, "", "arazzo conformance: --run: error parsing regexp: missing closing ): `(`\n"},
		{"unknown format", []string{"--format", "xml"}, exitUsage, "", `arazzo conformance: unknown format "xml" (want text, json or junit)` + "\n"},
		{"extra argument", []string{"zenml"}, exitUsage, "", `arazzo conformance: unexpected argument "zenml"` + "\n"},
		{"missing suite", []string{"--cases", "testdata/conformance/none"}, exitUsage, "", "arazzo conformance: --cases: stat testdata/conformance/none: no such file or directory\n"},
		{"zero parallelism", []string{"--parallel", "0"}, exitUsage, "", "arazzo conformance: --parallel and --timeout must be positive\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, "", append([]string{"conformance"}, tt.args...)...)
			if code != tt.code {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, tt.code, stderr)
			}
			lines := strings.Split(strings.TrimRight(stdout, "\n"), "\n")
			if last := lines[len(lines)-1]; last != tt.wantStdout {
				t.Errorf("last line of stdout %q, want %q", last, tt.wantStdout)
			}
			if stderr != tt.wantStderr {
				t.Errorf("stderr %q, want %q", stderr, tt.wantStderr)
			}
		})
	}
}

func TestConformanceHelp(t *testing.T) {
	for _, args := range [][]string{{"conformance", "-h"}, {"help", "conformance"}, {"conformance", "serve", "-h"}} {
		code, stdout, _ := runCLI(t, "", args...)
		if code != exitOK || !strings.HasPrefix(stdout, "Usage: arazzo conformance") {
			t.Errorf("%v: exit %d, stdout:\n%s", args, code, stdout)
		}
	}
}

// syncWriter is an io.Writer whose lines a test can read while the
// command still runs.
type syncWriter struct {
	w *io.PipeWriter
}

func (s syncWriter) Write(p []byte) (int, error) { return s.w.Write(p) }

func TestConformanceServe(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	pr, pw := io.Pipe()
	var stderr strings.Builder
	codec := make(chan int, 1)
	go func() {
		codec <- runMain(ctx, []string{"conformance", "serve", "--addr", "127.0.0.1:0"}, &env{
			stdin: strings.NewReader(""), stdout: syncWriter{pw}, stderr: &stderr,
		})
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	var url, token string
	for lines.Scan() {
		line := lines.Text()
		if u, ok := strings.CutPrefix(line, "ZenML reference server at "); ok {
			url = u
		}
		if tok, ok := strings.CutPrefix(line, "  token:  "); ok {
			token = tok
		}
		if line == "Press Ctrl+C to stop." {
			break
		}
	}
	if !strings.HasPrefix(url, "http://127.0.0.1:") || !strings.HasSuffix(url, "/api/v1") || token == "" {
		t.Fatalf("url %q, token %q; stderr: %s", url, token, stderr.String())
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url+"/current-user", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET /current-user with the printed token: %s", resp.Status)
	}
	cancel()
	go io.Copy(io.Discard, pr)
	select {
	case code := <-codec:
		if code != exitOK {
			t.Errorf("exit code %d after interruption; stderr: %s", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the server did not stop when its context was cancelled")
	}
}

func TestConformanceServeBadAddress(t *testing.T) {
	code, _, stderr := runCLI(t, "", "conformance", "serve", "--addr", "127.0.0.1:-1")
	if code != exitUsage || !strings.HasPrefix(stderr, "arazzo conformance serve: listen tcp: address -1: invalid port") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// cliHelperEnv makes the test binary act as the arazzo command, for
// TestConformanceImpl.
const cliHelperEnv = "ARAZZO_TEST_CLI_HELPER"

// TestCLIHelperProcess is not a test: it is the arazzo command, run by
// the adapter script of TestConformanceImpl through the test binary.
func TestCLIHelperProcess(t *testing.T) {
	if os.Getenv(cliHelperEnv) != "1" {
		t.Skip("runs only as the arazzo command of TestConformanceImpl")
	}
	args := os.Args
	for i, a := range args {
		if a == "--" {
			args = args[i+1:]
			break
		}
	}
	os.Exit(runMain(context.Background(), args, &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}))
}

// TestConformanceImpl runs part of the built-in suite through the
// command-line contract, with conformance/run-adapter.sh adapting
// "arazzo run" and "arazzo validate" to it, as a user would run another
// implementation.
func TestConformanceImpl(t *testing.T) {
	if lookup("run") == nil {
		t.Skip(`the "run" command is not registered in this build`)
	}
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("the command-line contract needs a POSIX shell:", err)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	wrapper := filepath.Join(t.TempDir(), "arazzo")
	script := "#!/bin/sh\n" + cliHelperEnv + "=1 exec '" + exe + "' -test.run='^TestCLIHelperProcess$' -- \"$@\"\n"
	if err := os.WriteFile(wrapper, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("ARAZZO", wrapper)
	adapter, err := filepath.Abs("../../conformance/run-adapter.sh")
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, "", "conformance", "--impl", "sh '"+adapter+"'", "--run", "^zenml/(provision-secret|monitor-pipeline-run$)")
	if code != exitOK {
		t.Fatalf("exit code %d; stdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if !strings.HasSuffix(stdout, "\n10 passed, 0 failed\n") {
		t.Errorf("stdout does not end with the expected summary:\n%s", stdout)
	}
}
