package yamlx

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzDecode checks that Decode never panics, that every range it reports
// lies inside the source, that StringPos stays inside the scalar's range,
// and that whatever the JSON reader accepts, encoding/json reads the same.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		"a: 1\n",
		"a: &x [1, *x]\n",
		"{\"a\": [1, 2.5, \"x\\u00e9\"], \"b\": {}}",
		"a: |\n  x\n   y\nb: >-\n  z\n",
		"a: \"q\\tx\n  y\"\nb: 'it''s'\n",
		"? [a]\n: 1\n",
		"a: !!binary aGk=\n",
		"a: 1\n---\nb: 2\n",
		"[[[[[[[[[[]]]]]]]]]]",
		"a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		file, errs := Decode(src, Limits{MaxDepth: 64, MaxAliasNodes: 1000})
		for _, e := range errs {
			checkPos(t, src, e.Range.Start)
			checkPos(t, src, e.Range.End)
		}
		if file == nil {
			if len(errs) == 0 {
				t.Fatal("no file and no errors")
			}
			return
		}
		if len(errs) > 0 {
			t.Fatal("a file and errors")
		}
		walk(t, file, file.Root)
		if file.JSON {
			var want any
			d := json.NewDecoder(bytes.NewReader(src))
			d.UseNumber()
			if err := d.Decode(&want); err != nil {
				t.Fatalf("encoding/json rejects what the JSON reader accepted: %v", err)
			}
			if diff := cmp.Diff(normalize(want), normalize(file.Root.Value)); diff != "" {
				t.Fatalf("value differs from encoding/json (-want +got):\n%s", diff)
			}
		}
	})
}

func checkPos(t *testing.T, src []byte, p Pos) {
	t.Helper()
	if p.Line < 1 || p.Column < 1 || p.Offset < 0 || p.Offset > len(src) {
		t.Fatalf("position %s@%d outside a source of %d bytes", p, p.Offset, len(src))
	}
}

func walk(t *testing.T, f *File, n *Node) {
	t.Helper()
	checkPos(t, f.src, n.Range.Start)
	checkPos(t, f.src, n.Range.End)
	if n.Range.End.Offset < n.Range.Start.Offset {
		t.Fatalf("range %s-%s ends before it starts", n.Range.Start, n.Range.End)
	}
	if s, ok := n.Value.(string); ok && n.origin == nil {
		step := 1 + len(s)/32 // keep the check linear in the input size
		for i := 0; i <= len(s); i += step {
			p := f.StringPos(n, i)
			if p.Offset < n.Range.Start.Offset || p.Offset > n.Range.End.Offset {
				t.Fatalf("StringPos(%d) = %d outside the scalar %d-%d", i, p.Offset, n.Range.Start.Offset, n.Range.End.Offset)
			}
			if want := f.Pos(p.Offset); want != p {
				t.Fatalf("StringPos(%d) = %+v, but that offset is at %+v", i, p, want)
			}
		}
	}
	for _, it := range n.Items {
		walk(t, f, it)
	}
	for _, fl := range n.Fields {
		checkPos(t, f.src, fl.KeyRange.Start)
		checkPos(t, f.src, fl.KeyRange.End)
		walk(t, f, fl.Value)
	}
}

// normalize turns json.Number, int64 and float64 into float64 so that the
// two decoders' values compare.
func normalize(v any) any {
	switch v := v.(type) {
	case json.Number:
		f, _ := v.Float64()
		return f
	case int64:
		return float64(v)
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = normalize(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = normalize(e)
		}
		return out
	}
	return v
}
