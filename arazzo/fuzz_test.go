package arazzo

import (
	"testing"
)

// FuzzParse checks that Parse and the schema check never panic, that a
// document comes back exactly when there is no error, and that every
// position they report lies inside the source. Its seed corpus in
// testdata/fuzz/FuzzParse holds the ZenML workflows and the schema and
// parser test documents.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"arazzo: 1.0.1\n",
		"a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n",
		"arazzo: &v 1.0.1\nworkflows: [{steps: [{parameters: [{reference: *v, x: 1}]}]}]\n",
		"? [a]\n: 1\n",
		"arazzo: !x 1\n",
		"{\"arazzo\": \"1.0.1\", \"arazzo\": 1}",
		"arazzo: 1.1.0\n",
		"- 1\n",
		"a: 1\n---\nb: 2\n",
		"workflows:\n- steps:\n  - successCriteria:\n    - condition: |\n        $x ==\n         1\n      type: {type: xpath, version: xpath-30}\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, ds := Parse(data, MaxDepth(64), MaxAliases(2000))
		checkDiagnostics(t, data, ds)
		if doc == nil {
			if !ds.HasErrors() {
				t.Fatalf("no document and no error: %v", ds)
			}
			return
		}
		if ds.HasErrors() {
			t.Fatalf("a document and errors: %v", ds)
		}
		checkDiagnostics(t, data, checkSchema(doc))
		checkLocations(t, doc)
		for _, w := range doc.Workflows {
			for _, s := range w.Steps {
				for _, c := range s.SuccessCriteria {
					p := doc.LocateInString(c.Loc.Pointer+"/condition", len(c.Condition)/2)
					if c.Condition != "" && (p.Offset < c.Loc.Range.Start.Offset || p.Offset > c.Loc.Range.End.Offset) {
						t.Fatalf("position %+v of a condition outside its criterion %+v", p, c.Loc.Range)
					}
				}
			}
		}
	})
}

func checkDiagnostics(t *testing.T, data []byte, ds Diagnostics) {
	t.Helper()
	for _, d := range ds {
		if d.Rule == "" || d.Message == "" || d.Severity == 0 {
			t.Fatalf("incomplete diagnostic %#v", d)
		}
		for _, p := range []Pos{d.Range.Start, d.Range.End} {
			if p.Offset < 0 || p.Offset > len(data) || p.Line < 0 || p.Column < 0 {
				t.Fatalf("diagnostic %v has a position outside the source: %+v", d, p)
			}
		}
	}
}
