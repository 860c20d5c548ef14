package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// runCLI runs the CLI in-process and returns its exit code and output.
func runCLI(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = runMain(context.Background(), args, &env{
		stdin:  strings.NewReader(stdin),
		stdout: &out,
		stderr: &errb,
	})
	return code, out.String(), errb.String()
}

func TestUnknownCommand(t *testing.T) {
	code, _, stderr := runCLI(t, "", "frobnicate")
	if code != exitUsage {
		t.Errorf("exit code = %d, want %d", code, exitUsage)
	}
	if !strings.Contains(stderr, `unknown command "frobnicate"`) {
		t.Errorf("stderr does not name the unknown command:\n%s", stderr)
	}
}

func TestNoArguments(t *testing.T) {
	code, _, stderr := runCLI(t, "")
	if code != exitUsage || !strings.Contains(stderr, "Usage: arazzo COMMAND") {
		t.Errorf("got exit %d and stderr:\n%s", code, stderr)
	}
}

func TestHelp(t *testing.T) {
	code, stdout, _ := runCLI(t, "", "help")
	if code != exitOK || !strings.Contains(stdout, "Usage: arazzo COMMAND") {
		t.Errorf("got exit %d and stdout:\n%s", code, stdout)
	}
}
