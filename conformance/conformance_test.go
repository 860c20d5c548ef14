package conformance

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// adapterEnv makes the test binary act as an external implementation
// that follows the command-line contract, for TestCommand.
const adapterEnv = "CONFORMANCE_TEST_ADAPTER"

func TestMain(m *testing.M) {
	if os.Getenv(adapterEnv) == "1" {
		os.Exit(runAdapter())
	}
	os.Exit(m.Run())
}

// runAdapter implements the command-line contract with the in-process
// engine: it reads the case from the ARAZZO_* variables, as any external
// implementation would, and prints the report. Diagnostics name their
// files by absolute path, which the runner must make relative.
func runAdapter() int {
	dir := os.Getenv(EnvDir)
	doc, err := filepath.Rel(dir, os.Getenv(EnvDocument))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	inv := &Invocation{
		Files:    os.DirFS(dir),
		Document: filepath.ToSlash(doc),
		Validate: os.Getenv(EnvMode) == "validate",
		Workflow: os.Getenv(EnvWorkflow),
		Servers:  map[string]string{},
	}
	if !inv.Validate {
		data, err := os.ReadFile(os.Getenv(EnvInputs))
		if err == nil {
			err = json.Unmarshal(data, &inv.Inputs)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "reading the inputs:", err)
			return 3
		}
	}
	for _, pair := range strings.Fields(os.Getenv(EnvServers)) {
		name, u, _ := strings.Cut(pair, "=")
		inv.Servers[name] = u
	}
	rep, err := Engine().Execute(context.Background(), inv)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	for i, d := range rep.Diagnostics {
		if d.File != "" {
			rep.Diagnostics[i].File = filepath.Join(dir, filepath.FromSlash(d.File))
		}
	}
	fmt.Fprint(os.Stderr, rep.Log)
	if err := json.NewEncoder(os.Stdout).Encode(rep); err != nil {
		return 3
	}
	return 0
}

// TestConformance runs every case of the suite against the in-process
// engine, each as a subtest named by its path, so that
// go test -run 'TestConformance/zenml/provision-secret$' runs one.
func TestConformance(t *testing.T) {
	cases, err := Load(FS)
	if err != nil {
		t.Fatal(err)
	}
	impl := Engine()
	for _, c := range cases {
		t.Run(c.Path, func(t *testing.T) {
			t.Parallel()
			o := Run(t.Context(), c, impl)
			switch o.Result {
			case Failed:
				t.Error(o.Detail)
			case Skipped:
				t.Skipf("known failure: %s", c.KnownFailure)
			}
		})
	}
}

// TestCommand runs cases through the command-line contract, with the test
// binary as the external implementation, and checks that every case gets
// the verdict it gets in process. The ZenML cases have every kind of
// expectation; two scripted cases stand for the rest, which would only
// repeat the same path at the cost of a process each (one of them checks
// the waits before retries, which the report carries).
func TestCommand(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("the command-line contract needs a POSIX shell:", err)
	}
	cases, err := Load(FS)
	if err != nil {
		t.Fatal(err)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	impl := Command(adapterEnv + "=1 '" + strings.ReplaceAll(exe, "'", `'\''`) + "'")
	engine := Engine()
	for _, c := range cases {
		if !strings.HasPrefix(c.Path, "zenml/") && c.Path != "runtime/goto-poll" && c.Path != "runtime/retry-after-header-takes-precedence" {
			continue
		}
		t.Run(c.Path, func(t *testing.T) {
			t.Parallel()
			want := Run(t.Context(), c, engine)
			got := Run(t.Context(), c, impl)
			if got.Result != want.Result {
				t.Errorf("through the command: %s, in process: %s\n%s", got.Result, want.Result, got.Detail)
			}
		})
	}
}

func TestCommandFailures(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("the command-line contract needs a POSIX shell:", err)
	}
	cases, err := Load(suiteFS(jobCase(okScript + "want: {status: succeeded}\n")))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		line string
		want string
	}{
		{"echo oops >&2; exit 4", "the command printed no report on stdout: stdout is empty (the command exited with status 4)\nstderr:\n  oops"},
		{`echo '{"status":'`, "the command printed no report on stdout: stdout is not a JSON report: unexpected EOF\nstdout:\n  {\"status\":"},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			o := Run(t.Context(), cases[0], Command(tt.line))
			if o.Result != Failed {
				t.Fatalf("result %s, want failed", o.Result)
			}
			first, _, _ := strings.Cut(o.Detail, "\n\ncase:")
			want := tt.line + " could not execute the case: " + tt.want
			if diff := cmp.Diff(want, first); diff != "" {
				t.Errorf("detail (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCommandEnvironment checks the variables the contract promises.
func TestCommandEnvironment(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("the command-line contract needs a POSIX shell:", err)
	}
	cases, err := Load(suiteFS(jobCase(okScript + "inputs: {a: [1, x]}\nwant: {status: succeeded}\n")))
	if err != nil {
		t.Fatal(err)
	}
	script := `doc=${ARAZZO_DOCUMENT#"$ARAZZO_DIR/"}
inputs=$(cat "$ARAZZO_INPUTS")
files=$(cd "$ARAZZO_DIR" && ls | tr '\n' ' ')
printf '{"status":"succeeded","outputs":{"case":"%s","mode":"%s","doc":"%s","workflow":"%s","inputs":%s,"servers":"%s","json":%s,"files":"%s"}}' \
  "$ARAZZO_CASE" "$ARAZZO_MODE" "$doc" "$ARAZZO_WORKFLOW" "$inputs" "${ARAZZO_SERVERS%%=*}" "$ARAZZO_SERVERS_JSON" "$files"`
	var got *Report
	o := Run(t.Context(), cases[0], &spy{Implementation: Command(script), report: &got})
	if got == nil {
		t.Fatalf("no report: %s", o.Detail)
	}
	servers, _ := got.Outputs["json"].(map[string]any)
	if u, _ := servers["jobs"].(string); !strings.HasPrefix(u, "http://127.0.0.1:") {
		t.Errorf("ARAZZO_SERVERS_JSON = %v, want the jobs source's server", got.Outputs["json"])
	}
	delete(got.Outputs, "json")
	want := map[string]any{
		"case": "t/job", "mode": "run", "doc": "arazzo.yaml", "workflow": "read-job",
		"inputs":  map[string]any{"a": []any{json.Number("1"), "x"}},
		"servers": "jobs", "files": "arazzo.yaml case.yaml openapi.yaml ",
	}
	if diff := cmp.Diff(want, map[string]any(got.Outputs)); diff != "" {
		t.Errorf("what the command saw (-want +got):\n%s", diff)
	}
}

// spy records the report of the implementation it wraps.
type spy struct {
	Implementation
	report **Report
}

func (s *spy) Execute(ctx context.Context, inv *Invocation) (*Report, error) {
	rep, err := s.Implementation.Execute(ctx, inv)
	*s.report = rep
	return rep, err
}
