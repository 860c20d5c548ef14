package conformance

import (
	"io/fs"
	"strings"
	"testing"
)

// FuzzParseCase feeds case.yaml files to the case parser, seeded with
// every case of the suite: whatever the input, parsing must end in a case
// or an error naming the file, never a panic.
func FuzzParseCase(f *testing.F) {
	err := fs.WalkDir(FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, "/"+CaseFile) {
			return err
		}
		data, err := fs.ReadFile(FS, p)
		if err == nil {
			f.Add(data)
		}
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte("want: {exchange: [{method: GET, path: /x, headers: {A: null}, body: {form: {a: [b, c]}}}]}"))
	f.Add([]byte("server: {scripted: [{request: {method: GET, path: /a, rawQuery: ''}, response: {status: 99}}]}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := parseCase("a/b/case.yaml", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "a/b/case.yaml") {
				t.Errorf("error does not name the file: %v", err)
			}
			return
		}
		if c.Expects == "" || c.Document == "" {
			t.Errorf("a parsed case lacks its kind or document: %+v", c)
		}
	})
}

// FuzzKnownFailures feeds known_failures.yaml files to their parser.
func FuzzKnownFailures(f *testing.F) {
	f.Add([]byte("a/b: reason\n"))
	f.Add([]byte("a/b: ''\n"))
	f.Add([]byte("# only a comment\n"))
	f.Add([]byte("[1, 2]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cases := []*Case{{Path: "a/b"}}
		err := applyKnownFailures(cases, data)
		if err != nil && !strings.HasPrefix(err.Error(), KnownFailuresFile) {
			t.Errorf("error does not name the file: %v", err)
		}
		if err == nil && cases[0].KnownFailure != "" && strings.TrimSpace(cases[0].KnownFailure) == "" {
			t.Errorf("a blank reason was accepted")
		}
	})
}
