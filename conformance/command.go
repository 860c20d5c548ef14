package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The environment variables through which [Command] describes a case to
// the command it runs; README.md specifies the contract.
const (
	// EnvCase is the case's path, such as "zenml/provision-secret".
	EnvCase = "ARAZZO_CASE"
	// EnvMode is "run", or "validate" for a diagnostics case.
	EnvMode = "ARAZZO_MODE"
	// EnvDir is the directory holding the case's files.
	EnvDir = "ARAZZO_DIR"
	// EnvDocument is the absolute path of the Arazzo document.
	EnvDocument = "ARAZZO_DOCUMENT"
	// EnvWorkflow is the workflowId to run; empty when validating.
	EnvWorkflow = "ARAZZO_WORKFLOW"
	// EnvInputs is the absolute path of a JSON file holding the inputs.
	EnvInputs = "ARAZZO_INPUTS"
	// EnvServers gives each OpenAPI source's base URL as space-separated
	// NAME=URL pairs, sorted by name.
	EnvServers = "ARAZZO_SERVERS"
	// EnvServersJSON gives the same as a JSON object.
	EnvServersJSON = "ARAZZO_SERVERS_JSON"
	// EnvRedaction is "true" when the outputs must be reported masked
	// (see [Case.Redaction]), "false" otherwise.
	EnvRedaction = "ARAZZO_REDACTION"
)

// maxCommandBytes is how much of a command's stdout and of its stderr is
// kept.
const maxCommandBytes = 16 << 20

// Command returns an [Implementation] that runs each case through the
// command line, following the contract in README.md: for every case the
// runner writes the case's files to a fresh temporary directory, runs
// line with "sh -c" in the current directory, with the case described by
// ARAZZO_* environment variables, and reads the [Report] the command
// prints on its standard output as JSON.
func Command(line string) Implementation {
	return &command{line: line}
}

type command struct {
	line string
}

func (c *command) Name() string { return c.line }

func (c *command) Execute(ctx context.Context, inv *Invocation) (*Report, error) {
	tmp, err := os.MkdirTemp("", "arazzo-conformance-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	dir := filepath.Join(tmp, "case")
	if err := os.CopyFS(dir, inv.Files); err != nil {
		return nil, fmt.Errorf("writing the case's files: %w", err)
	}
	inputs := filepath.Join(tmp, "inputs.json")
	in := inv.Inputs
	if in == nil {
		in = map[string]any{}
	}
	data, err := marshalJSON(in)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(inputs, data, 0o644); err != nil {
		return nil, err
	}
	names := make([]string, 0, len(inv.Servers))
	for name := range inv.Servers {
		names = append(names, name)
	}
	slices.Sort(names)
	pairs := make([]string, 0, len(names))
	for _, name := range names {
		pairs = append(pairs, name+"="+inv.Servers[name])
	}
	serversJSON, err := marshalJSON(inv.Servers)
	if err != nil {
		return nil, err
	}
	mode := "run"
	if inv.Validate {
		mode = "validate"
	}
	cmd := exec.CommandContext(ctx, "sh", "-c", c.line)
	cmd.Env = append(os.Environ(),
		EnvCase+"="+inv.Case.Path,
		EnvMode+"="+mode,
		EnvDir+"="+dir,
		EnvDocument+"="+filepath.Join(dir, filepath.FromSlash(inv.Document)),
		EnvWorkflow+"="+inv.Workflow,
		EnvInputs+"="+inputs,
		EnvServers+"="+strings.Join(pairs, " "),
		EnvServersJSON+"="+string(serversJSON),
		EnvRedaction+"="+strconv.FormatBool(inv.Case.Redaction),
	)
	var stdout, stderr limitedBuffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = 5 * time.Second
	runErr := cmd.Run()
	log := strings.TrimRight(stderr.String(), "\n")
	rep, parseErr := parseReport(stdout.Bytes(), dir)
	if parseErr != nil {
		msg := fmt.Sprintf("the command printed no report on stdout: %v", parseErr)
		if runErr != nil {
			msg = fmt.Sprintf("%s (the command %v)", msg, describeExit(runErr))
		}
		if out := strings.TrimSpace(stdout.String()); out != "" {
			msg += "\nstdout:\n" + indent(truncate(out, 4096), "  ")
		}
		if log != "" {
			msg += "\nstderr:\n" + indent(truncate(log, 4096), "  ")
		}
		return nil, errors.New(msg)
	}
	rep.Log = truncate(log, 8192)
	return rep, nil
}

// describeExit says how a command ended.
func describeExit(err error) string {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return "exited with status " + fmt.Sprint(ee.ExitCode())
	}
	return "failed: " + err.Error()
}

// wireReport is the JSON a command prints. Besides the fields of Report
// it accepts a list of steps, from which the failed step and the waits are
// taken when failedStep and waits are absent, and diagnostics grouped by
// file.
type wireReport struct {
	Status      string         `json:"status"`
	Outputs     map[string]any `json:"outputs"`
	FailedStep  *string        `json:"failedStep"`
	Error       string         `json:"error"`
	Waits       []float64      `json:"waits"`
	Diagnostics []Diagnostic   `json:"diagnostics"`
	Steps       []struct {
		StepID   string `json:"stepId"`
		Status   string `json:"status"`
		Attempts []struct {
			Action *struct {
				Type    string   `json:"type"`
				DelayMs *float64 `json:"delayMs"`
			} `json:"action"`
		} `json:"attempts"`
	} `json:"steps"`
	Files []struct {
		Path        string       `json:"path"`
		Diagnostics []Diagnostic `json:"diagnostics"`
	} `json:"files"`
}

// parseReport decodes a command's report; dir is the directory the case's
// files were written to, against which absolute file names are made
// relative.
func parseReport(data []byte, dir string) (*Report, error) {
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return nil, errors.New("stdout is empty")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var w wireReport
	if err := dec.Decode(&w); err != nil {
		return nil, fmt.Errorf("stdout is not a JSON report: %v", err)
	}
	if dec.More() {
		return nil, errors.New("stdout holds more than one JSON value")
	}
	rep := &Report{Status: w.Status, Outputs: w.Outputs, Error: w.Error}
	switch {
	case w.FailedStep != nil:
		rep.FailedStep = *w.FailedStep
	case w.Status == StatusFailed:
		for i := len(w.Steps) - 1; i >= 0; i-- {
			if w.Steps[i].Status == StatusFailed {
				rep.FailedStep = w.Steps[i].StepID
				break
			}
		}
	}
	switch {
	case w.Waits != nil:
		rep.Waits = w.Waits
	case w.Steps != nil:
		// A JSON list, even an empty one, decodes to a non-nil slice.
		rep.Waits = []float64{}
		for _, s := range w.Steps {
			for _, at := range s.Attempts {
				if a := at.Action; a != nil && a.Type == "retry" && a.DelayMs != nil {
					rep.Waits = append(rep.Waits, *a.DelayMs/1000)
				}
			}
		}
	}
	rep.Diagnostics = append(rep.Diagnostics, w.Diagnostics...)
	for _, f := range w.Files {
		for _, d := range f.Diagnostics {
			if d.File == "" {
				d.File = f.Path
			}
			rep.Diagnostics = append(rep.Diagnostics, d)
		}
	}
	for i := range rep.Diagnostics {
		rep.Diagnostics[i].File = relativeFile(rep.Diagnostics[i].File, dir)
	}
	return rep, nil
}

// relativeFile turns a file name inside dir into a slash-separated path
// relative to it, and leaves other names alone.
func relativeFile(name, dir string) string {
	if name == "" {
		return ""
	}
	p := name
	if strings.HasPrefix(p, "file://") {
		p = strings.TrimPrefix(p, "file://")
	}
	if !filepath.IsAbs(p) {
		return filepath.ToSlash(p)
	}
	if rel, err := filepath.Rel(dir, p); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	// macOS reaches temporary directories through a symbolic link.
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		if rel, err := filepath.Rel(real, p); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	return name
}

// limitedBuffer keeps the first maxCommandBytes written to it.
type limitedBuffer struct {
	bytes.Buffer
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := maxCommandBytes - b.Len(); room > 0 {
		b.Buffer.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

func truncate(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	return s[:limit] + fmt.Sprintf("… (%d more bytes)", len(s)-limit)
}

func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}
