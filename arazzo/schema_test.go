package arazzo

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/arazzo-dev/arazzo/specs"
)

var update = flag.Bool("update", false, "rewrite the .golden files of testdata/schema")

// checkAll parses data and, when that gives a document, checks it against
// the schema, returning every diagnostic rendered without the file name.
func checkAll(data []byte) ([]string, Diagnostics) {
	doc, ds := Parse(data)
	if doc != nil {
		ds = append(ds, checkSchema(doc)...)
	}
	ds.Sort()
	var lines []string
	for _, d := range ds {
		line := d.Error()
		if d.Hint != "" {
			line += " (hint: " + d.Hint + ")"
		}
		lines = append(lines, line)
	}
	return lines, ds
}

// TestSchemaCases runs every document of testdata/schema. Documents under
// pass/ must give no error; documents under fail/ must give at least one.
// Either way the diagnostics must equal the .golden file next to the
// document (no file means no diagnostics). Run with -update to rewrite the
// golden files, and review the difference.
func TestSchemaCases(t *testing.T) {
	for _, dir := range []string{"pass", "fail"} {
		files, err := filepath.Glob(filepath.Join("testdata", "schema", dir, "*.yaml"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no cases in testdata/schema/%s: %v", dir, err)
		}
		for _, path := range files {
			name := dir + "/" + strings.TrimSuffix(filepath.Base(path), ".yaml")
			t.Run(name, func(t *testing.T) {
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				got, ds := checkAll(data)
				switch {
				case dir == "pass" && ds.HasErrors():
					t.Errorf("a valid document gives errors:\n%s", strings.Join(got, "\n"))
				case dir == "fail" && !ds.HasErrors():
					t.Errorf("an invalid document gives no error")
				}
				golden := strings.TrimSuffix(path, ".yaml") + ".golden"
				if *update {
					if len(got) == 0 {
						os.Remove(golden)
						return
					}
					if err := os.WriteFile(golden, []byte(strings.Join(got, "\n")+"\n"), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				var want []string
				if b, err := os.ReadFile(golden); err == nil {
					want = strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("diagnostics mismatch (-want +got):\n%s", diff)
				}
			})
		}
	}
}

// TestSchemaZenML checks that the twelve ZenML workflows parse and are
// valid under the schema.
func TestSchemaZenML(t *testing.T) {
	paths, err := fs.Glob(specs.FS, "zenml/arazzo/*.yml")
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 12 {
		t.Fatalf("found %d ZenML workflows, want 12", len(paths))
	}
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			data, err := fs.ReadFile(specs.FS, p)
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := checkAll(data); len(got) > 0 {
				t.Errorf("diagnostics for a valid document:\n%s", strings.Join(got, "\n"))
			}
		})
	}
}

func TestSchemaCompiles(t *testing.T) {
	s, err := loadSchema()
	if err != nil {
		t.Fatal(err)
	}
	if s.compiled == nil {
		t.Fatal("no compiled schema")
	}
}

// TestCheckSchemaConcurrent runs the check from several goroutines on
// documents with and without errors; run it with -race.
func TestCheckSchemaConcurrent(t *testing.T) {
	valid, err := fs.ReadFile(specs.FS, specs.Golden)
	if err != nil {
		t.Fatal(err)
	}
	invalid, err := os.ReadFile(filepath.Join("testdata", "schema", "fail", "messages.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[bool]string{}
	for _, ok := range []bool{true, false} {
		data := invalid
		if ok {
			data = valid
		}
		got, _ := checkAll(data)
		want[ok] = strings.Join(got, "\n")
	}
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok := i%2 == 0
			data := invalid
			if ok {
				data = valid
			}
			got, _ := checkAll(data)
			if g := strings.Join(got, "\n"); g != want[ok] {
				errs <- fmt.Sprintf("goroutine %d: got\n%s\nwant\n%s", i, g, want[ok])
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestCheckSchemaWithoutParse(t *testing.T) {
	if ds := checkSchema(&Document{Arazzo: "1.0.1"}); ds != nil {
		t.Errorf("checkSchema of a document built by hand = %v, want nothing", ds)
	}
	if ds := checkSchema(nil); ds != nil {
		t.Errorf("checkSchema(nil) = %v, want nothing", ds)
	}
}

// BenchmarkCheckSchema checks the parsed golden ZenML workflow against the
// schema; the schema is compiled before the timer starts.
func BenchmarkCheckSchema(b *testing.B) {
	data, err := fs.ReadFile(specs.FS, specs.Golden)
	if err != nil {
		b.Fatal(err)
	}
	doc, ds := Parse(data)
	if doc == nil || len(ds) > 0 {
		b.Fatal(ds)
	}
	if _, err := loadSchema(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if ds := checkSchema(doc); len(ds) > 0 {
			b.Fatal(ds)
		}
	}
}

func TestCheckSchemaLimits(t *testing.T) {
	head := "arazzo: 1.0.1\ninfo: {title: t, version: v}\nsourceDescriptions: [{name: s, url: u}]\nworkflows:\n- workflowId: w\n"
	t.Run("findings beyond the cap are counted", func(t *testing.T) {
		src := head + "  steps: [{stepId: s, operationId: o}]\n  dependsOn: [" + strings.Repeat("1, ", 1004) + "1]\n"
		doc, ds := Parse([]byte(src))
		if len(ds) > 0 {
			t.Fatal(ds)
		}
		got := checkSchema(doc)
		if len(got) != maxSchemaDiagnostics+1 {
			t.Fatalf("got %d diagnostics, want %d", len(got), maxSchemaDiagnostics+1)
		}
		want := []string{
			`7:15: error[schema]: workflow "w": "dependsOn/0" must be a string, not a number`,
			`7:3012: error[schema]: 6 more schema findings are not reported`,
		}
		if diff := cmp.Diff(want, []string{got[0].Error(), got[len(got)-1].Error()}); diff != "" {
			t.Errorf("first and last diagnostic mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("a document with too many values is not checked", func(t *testing.T) {
		src := head + "  steps: [" + strings.Repeat("1,", maxSchemaValues) + "1]\n"
		doc, ds := Parse([]byte(src))
		if len(ds) > 0 {
			t.Fatal(ds)
		}
		want := []string{"1:1: error[schema]: the document has 100013 values to check, more than the 100000 the schema check accepts; it was not checked"}
		var got []string
		for _, d := range checkSchema(doc) {
			got = append(got, d.Error())
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("diagnostics mismatch (-want +got):\n%s", diff)
		}
	})
}
