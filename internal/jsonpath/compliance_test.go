package jsonpath

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// ctsCase is one case of the JSONPath Compliance Test Suite
// (testdata/cts/cts.json, BSD-2 licensed, see testdata/cts/LICENSE).
type ctsCase struct {
	Name            string          `json:"name"`
	Selector        string          `json:"selector"`
	Document        json.RawMessage `json:"document"`
	Result          json.RawMessage `json:"result"`
	ResultPaths     []string        `json:"result_paths"`
	Results         json.RawMessage `json:"results"`
	ResultsPaths    [][]string      `json:"results_paths"`
	InvalidSelector bool            `json:"invalid_selector"`
	Tags            []string        `json:"tags"`
}

// ctsCaseCount is the number of cases in the copy of the suite; the test
// fails if the file loses cases.
const ctsCaseCount = 703

func loadCTS(t testing.TB) []ctsCase {
	t.Helper()
	data, err := os.ReadFile("testdata/cts/cts.json")
	if err != nil {
		t.Fatal(err)
	}
	var suite struct {
		Tests []ctsCase `json:"tests"`
	}
	if err := json.Unmarshal(data, &suite); err != nil {
		t.Fatal(err)
	}
	return suite.Tests
}

// numberForms are the ways a decoded document may hold numbers: every case
// runs with each of them.
var numberForms = []struct {
	name   string
	decode func(t *testing.T, raw []byte) any
}{
	{"float64", func(t *testing.T, raw []byte) any { return decodeJSON(t, raw, false) }},
	{"json.Number", func(t *testing.T, raw []byte) any { return decodeJSON(t, raw, true) }},
	{"int64", func(t *testing.T, raw []byte) any { return integersToInt64(decodeJSON(t, raw, false)) }},
}

func decodeJSON(t *testing.T, raw []byte, useNumber bool) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	if useNumber {
		dec.UseNumber()
	}
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// integersToInt64 replaces integral float64 numbers by int64, the form YAML
// decoding produces.
func integersToInt64(v any) any {
	switch x := v.(type) {
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
			return int64(x)
		}
	case []any:
		for i := range x {
			x[i] = integersToInt64(x[i])
		}
	case map[string]any:
		for k := range x {
			x[k] = integersToInt64(x[k])
		}
	}
	return v
}

func TestJSONPathCompliance(t *testing.T) {
	cases := loadCTS(t)
	if len(cases) != ctsCaseCount {
		t.Fatalf("the suite has %d cases, want %d", len(cases), ctsCaseCount)
	}
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			path, err := Parse(tc.Selector)
			if tc.InvalidSelector {
				var se *SyntaxError
				switch {
				case err == nil:
					t.Fatalf("Parse(%q) succeeded, want a syntax error", tc.Selector)
				case !errors.As(err, &se):
					t.Fatalf("Parse(%q) error is %T, want *SyntaxError", tc.Selector, err)
				case se.Offset < 0 || se.Offset > len(tc.Selector):
					t.Fatalf("Parse(%q) error offset %d is outside the query", tc.Selector, se.Offset)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.Selector, err)
			}
			if tc.Document == nil {
				t.Fatal("case has neither invalid_selector nor document")
			}
			for _, form := range numberForms {
				doc := form.decode(t, tc.Document)
				nodes := path.Query(doc)
				values := make([]any, len(nodes))
				paths := make([]string, len(nodes))
				for i, n := range nodes {
					values[i], paths[i] = n.Value, n.Path
				}
				if diff := cmp.Diff(values, path.Select(doc), cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("%s: Select differs from the values of Query (-query +select):\n%s", form.name, diff)
				}
				switch {
				case tc.Result != nil:
					want := form.decode(t, tc.Result).([]any)
					if diff := cmp.Diff(want, values); diff != "" {
						t.Errorf("%s: %s values (-want +got):\n%s", form.name, tc.Selector, diff)
					}
					if diff := cmp.Diff(tc.ResultPaths, paths); diff != "" {
						t.Errorf("%s: %s paths (-want +got):\n%s", form.name, tc.Selector, diff)
					}
				case tc.Results != nil:
					alternatives := form.decode(t, tc.Results).([]any)
					if len(alternatives) != len(tc.ResultsPaths) {
						t.Fatalf("case has %d results but %d results_paths", len(alternatives), len(tc.ResultsPaths))
					}
					found := false
					for i, alt := range alternatives {
						if cmp.Equal(alt.([]any), values) && cmp.Equal(tc.ResultsPaths[i], paths) {
							found = true
							break
						}
					}
					if !found {
						t.Errorf("%s: %s got values %v with paths %q, which match none of the %d allowed results", form.name, tc.Selector, values, paths, len(alternatives))
					}
				default:
					t.Fatal("case has a document but no result or results")
				}
			}
		})
	}
}
