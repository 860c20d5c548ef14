package expr_test

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/arazzo-dev/arazzo/expr"
	"github.com/arazzo-dev/arazzo/internal/jsonpointer"
	"github.com/arazzo-dev/arazzo/internal/jsonvalue"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"go.yaml.in/yaml/v4"
)

// The data-driven cases of testdata/; README.md there describes the format.

type contextSpec struct {
	Request *struct {
		URL    string            `yaml:"url"`
		Method string            `yaml:"method"`
		Header map[string]string `yaml:"header"`
		Query  map[string]any    `yaml:"query"`
		Path   map[string]any    `yaml:"path"`
		Body   any               `yaml:"body"`
	} `yaml:"request"`
	Response *struct {
		StatusCode int               `yaml:"statusCode"`
		Header     map[string]string `yaml:"header"`
		Body       any               `yaml:"body"`
	} `yaml:"response"`
	Inputs             map[string]any            `yaml:"inputs"`
	Outputs            map[string]any            `yaml:"outputs"`
	Steps              map[string]map[string]any `yaml:"steps"`
	WorkflowInputs     map[string]map[string]any `yaml:"workflowInputs"`
	WorkflowOutputs    map[string]map[string]any `yaml:"workflowOutputs"`
	SourceDescriptions map[string]map[string]any `yaml:"sourceDescriptions"`
	Components         map[string]map[string]any `yaml:"components"`
}

func (s *contextSpec) build() *expr.MapContext {
	c := &expr.MapContext{
		Inputs:             s.Inputs,
		Outputs:            s.Outputs,
		Steps:              s.Steps,
		WorkflowInputs:     s.WorkflowInputs,
		WorkflowOutputs:    s.WorkflowOutputs,
		SourceDescriptions: s.SourceDescriptions,
		Components:         s.Components,
	}
	if r := s.Request; r != nil {
		c.Request = &expr.MapRequest{URL: r.URL, Method: r.Method, Header: r.Header, Query: r.Query, Path: r.Path, Body: r.Body}
	}
	if r := s.Response; r != nil {
		c.Response = &expr.MapResponse{StatusCode: r.StatusCode, Header: r.Header, Body: r.Body}
	}
	return c
}

func load(t *testing.T, name string, out any) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Load(data, out, yaml.WithKnownFields()); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func loadContexts(t *testing.T) map[string]*expr.MapContext {
	t.Helper()
	var specs map[string]*contextSpec
	load(t, "contexts.yaml", &specs)
	out := map[string]*expr.MapContext{}
	for name, s := range specs {
		if s == nil {
			s = &contextSpec{}
		}
		out[name] = s.build()
	}
	return out
}

func contextNamed(t *testing.T, contexts map[string]*expr.MapContext, name string) *expr.MapContext {
	t.Helper()
	c, ok := contexts[name]
	if !ok {
		t.Fatalf("no context %q in contexts.yaml", name)
	}
	return c
}

// subtest names must be unique, so a duplicated case name is a data error.
func uniqueName(t *testing.T, seen map[string]bool, name string) {
	t.Helper()
	if name == "" || seen[name] {
		t.Fatalf("case name %q is empty or used twice", name)
	}
	seen[name] = true
}

// normalize turns every number into a float64 so that values decoded from
// YAML (int) compare equal to values of other numeric types.
func normalize(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = normalize(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalize(e)
		}
		return out
	}
	if f, ok := jsonvalue.ToFloat(v); ok {
		return f
	}
	return v
}

// sameType reports whether got has the JSON type of want: a number where a
// number is expected, a string where a string is expected.
func sameType(want, got any) bool {
	return jsonvalue.KindOf(want) == jsonvalue.KindOf(got)
}

type unresolvedSpec struct {
	Expr   string `yaml:"expr"`
	Reason string `yaml:"reason"`
}

func checkUnresolved(t *testing.T, err error, wantExpr, wantReason string) {
	t.Helper()
	var ue *expr.UnresolvedError
	if !errors.As(err, &ue) {
		t.Fatalf("error = %v, want *UnresolvedError", err)
	}
	if !errors.Is(err, expr.ErrUnresolved) {
		t.Errorf("errors.Is(err, ErrUnresolved) = false")
	}
	got := unresolvedSpec{Expr: ue.Expression, Reason: ue.Reason}
	if diff := cmp.Diff(unresolvedSpec{Expr: wantExpr, Reason: wantReason}, got); diff != "" {
		t.Errorf("unresolved (-want +got):\n%s", diff)
	}
}

func checkSyntax(t *testing.T, err error, input string, offset int, message string) {
	t.Helper()
	var se *expr.SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("error = %v, want *SyntaxError", err)
	}
	type syntax struct {
		Input  string
		Offset int
		Msg    string
	}
	if diff := cmp.Diff(syntax{input, offset, message}, syntax{se.Input, se.Offset, se.Msg}); diff != "" {
		t.Errorf("syntax error (-want +got):\n%s", diff)
	}
}

type expressionWant struct {
	Kind          string   `yaml:"kind"`
	Source        string   `yaml:"source"`
	Name          string   `yaml:"name"`
	StepID        string   `yaml:"stepId"`
	WorkflowID    string   `yaml:"workflowId"`
	WorkflowField string   `yaml:"workflowField"`
	ComponentType string   `yaml:"componentType"`
	SourceName    string   `yaml:"sourceName"`
	SourceRef     string   `yaml:"sourceRef"`
	Pointer       *string  `yaml:"pointer"`
	Tokens        []string `yaml:"tokens"`
}

func describe(e *expr.Expression) expressionWant {
	d := expressionWant{
		Kind:          strings.TrimPrefix(e.Kind().String(), "$"),
		Source:        e.Source().String(),
		Name:          e.Name(),
		StepID:        e.StepID(),
		WorkflowID:    e.WorkflowID(),
		WorkflowField: e.WorkflowField(),
		ComponentType: e.ComponentType(),
		SourceName:    e.SourceName(),
		SourceRef:     e.SourceRef(),
		Tokens:        e.PointerTokens(),
	}
	if e.HasPointer() {
		p := e.Pointer()
		d.Pointer = &p
	}
	return d
}

type expressionsFile struct {
	Valid []struct {
		Expr           string `yaml:"expr"`
		expressionWant `yaml:",inline"`
	} `yaml:"valid"`
	Invalid []struct {
		Expr    string `yaml:"expr"`
		Offset  int    `yaml:"offset"`
		Message string `yaml:"message"`
	} `yaml:"invalid"`
	Prefix []struct {
		Text    string `yaml:"text"`
		Start   int    `yaml:"start"`
		Stop    string `yaml:"stop"`
		End     int    `yaml:"end"`
		Expr    string `yaml:"expr"`
		Offset  *int   `yaml:"offset"`
		Message string `yaml:"message"`
	} `yaml:"prefix"`
	Eval []struct {
		Expr       string  `yaml:"expr"`
		Context    string  `yaml:"context"`
		Want       any     `yaml:"want"`
		Unresolved *string `yaml:"unresolved"`
	} `yaml:"eval"`
}

func TestExpressions(t *testing.T) {
	var f expressionsFile
	load(t, "expressions.yaml", &f)
	contexts := loadContexts(t)

	t.Run("valid", func(t *testing.T) {
		seen := map[string]bool{}
		for _, tc := range f.Valid {
			uniqueName(t, seen, tc.Expr)
			t.Run(tc.Expr, func(t *testing.T) {
				e, err := expr.Parse(tc.Expr)
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				if e.String() != tc.Expr {
					t.Errorf("String() = %q, want %q", e.String(), tc.Expr)
				}
				if diff := cmp.Diff(tc.expressionWant, describe(e), cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("structure (-want +got):\n%s", diff)
				}
			})
		}
	})

	t.Run("invalid", func(t *testing.T) {
		seen := map[string]bool{}
		for _, tc := range f.Invalid {
			name := tc.Expr
			if name == "" {
				name = "empty"
			}
			uniqueName(t, seen, name)
			t.Run(name, func(t *testing.T) {
				e, err := expr.Parse(tc.Expr)
				if err == nil {
					t.Fatalf("Parse = %s, want an error", e)
				}
				checkSyntax(t, err, tc.Expr, tc.Offset, tc.Message)
			})
		}
	})

	t.Run("prefix", func(t *testing.T) {
		seen := map[string]bool{}
		for _, tc := range f.Prefix {
			name := tc.Text + "@" + strconv.Itoa(tc.Start) + " stop " + tc.Stop
			uniqueName(t, seen, name)
			t.Run(name, func(t *testing.T) {
				e, end, err := expr.ParsePrefix(tc.Text, tc.Start, tc.Stop)
				if tc.Offset != nil {
					if err == nil {
						t.Fatalf("ParsePrefix = %s, %d; want an error", e, end)
					}
					checkSyntax(t, err, tc.Text, *tc.Offset, tc.Message)
					return
				}
				if err != nil {
					t.Fatalf("ParsePrefix: %v", err)
				}
				if e.String() != tc.Expr || end != tc.End {
					t.Errorf("ParsePrefix = %q, %d; want %q, %d", e.String(), end, tc.Expr, tc.End)
				}
			})
		}
	})

	t.Run("eval", func(t *testing.T) {
		seen := map[string]bool{}
		for _, tc := range f.Eval {
			name := tc.Expr + " in " + tc.Context
			uniqueName(t, seen, name)
			t.Run(name, func(t *testing.T) {
				c := contextNamed(t, contexts, tc.Context)
				e, err := expr.Parse(tc.Expr)
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				got, err := e.Eval(c)
				if tc.Unresolved != nil {
					if err == nil {
						t.Fatalf("Eval = %#v, want unresolved", got)
					}
					checkUnresolved(t, err, tc.Expr, *tc.Unresolved)
					return
				}
				if err != nil {
					t.Fatalf("Eval: %v", err)
				}
				if diff := cmp.Diff(normalize(tc.Want), normalize(got)); diff != "" || !sameType(tc.Want, got) {
					t.Errorf("Eval = %#v (-want +got):\n%s", got, diff)
				}
			})
		}
	})
}

type occurrenceSpec struct {
	Pointer string `yaml:"pointer"`
	Offset  int    `yaml:"offset"`
	Form    string `yaml:"form"`
	Expr    string `yaml:"expr"`
}

func occurrences(seq func(func(expr.Occurrence) bool)) []occurrenceSpec {
	out := []occurrenceSpec{}
	for o := range seq {
		out = append(out, occurrenceSpec{Pointer: o.Pointer, Offset: o.Offset, Form: o.Form.String(), Expr: o.Expr.String()})
	}
	return out
}

func TestTemplates(t *testing.T) {
	var cases []struct {
		Name       string          `yaml:"name"`
		Template   string          `yaml:"template"`
		Context    string          `yaml:"context"`
		Bare       *bool           `yaml:"bare"`
		Want       *string         `yaml:"want"`
		Unresolved *unresolvedSpec `yaml:"unresolved"`
		Error      *struct {
			Offset  int    `yaml:"offset"`
			Message string `yaml:"message"`
		} `yaml:"error"`
		HasBare     bool              `yaml:"hasBare"`
		Expressions *[]occurrenceSpec `yaml:"expressions"`
	}
	load(t, "templates.yaml", &cases)
	contexts := loadContexts(t)
	seen := map[string]bool{}
	for _, tc := range cases {
		uniqueName(t, seen, tc.Name)
		t.Run(tc.Name, func(t *testing.T) {
			var opts []expr.Option
			if tc.Bare != nil {
				opts = append(opts, expr.BareExpressions(*tc.Bare))
			}
			tmpl, err := expr.ParseTemplate(tc.Template, opts...)
			if tc.Error != nil {
				if err == nil {
					t.Fatalf("ParseTemplate succeeded, want an error")
				}
				checkSyntax(t, err, tc.Template, tc.Error.Offset, tc.Error.Message)
				return
			}
			if err != nil {
				t.Fatalf("ParseTemplate: %v", err)
			}
			if tmpl.String() != tc.Template {
				t.Errorf("String() = %q", tmpl.String())
			}
			if tmpl.HasBare() != tc.HasBare {
				t.Errorf("HasBare() = %v, want %v", tmpl.HasBare(), tc.HasBare)
			}
			if tc.Expressions != nil {
				if diff := cmp.Diff(*tc.Expressions, occurrences(tmpl.Expressions()), cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("expressions (-want +got):\n%s", diff)
				}
			}
			got, err := tmpl.Eval(contextNamed(t, contexts, tc.Context))
			switch {
			case tc.Unresolved != nil:
				if err == nil {
					t.Fatalf("Eval = %q, want unresolved", got)
				}
				checkUnresolved(t, err, tc.Unresolved.Expr, tc.Unresolved.Reason)
			case tc.Want == nil:
				t.Fatalf("case has no want, unresolved or error")
			case err != nil:
				t.Fatalf("Eval: %v", err)
			case got != *tc.Want:
				t.Errorf("Eval = %q, want %q", got, *tc.Want)
			}
		})
	}
}

func TestValues(t *testing.T) {
	var cases []struct {
		Name       string          `yaml:"name"`
		Value      any             `yaml:"value"`
		Context    string          `yaml:"context"`
		Bare       *bool           `yaml:"bare"`
		Want       any             `yaml:"want"`
		Omitted    []string        `yaml:"omitted"`
		Unresolved *unresolvedSpec `yaml:"unresolved"`
		Error      *struct {
			Pointer string `yaml:"pointer"`
			Offset  int    `yaml:"offset"`
			Message string `yaml:"message"`
		} `yaml:"error"`
		Expressions *[]occurrenceSpec `yaml:"expressions"`
	}
	load(t, "values.yaml", &cases)
	contexts := loadContexts(t)
	seen := map[string]bool{}
	for _, tc := range cases {
		uniqueName(t, seen, tc.Name)
		t.Run(tc.Name, func(t *testing.T) {
			var opts []expr.Option
			if tc.Bare != nil {
				opts = append(opts, expr.BareExpressions(*tc.Bare))
			}
			v, err := expr.CompileValue(tc.Value, opts...)
			if tc.Error != nil {
				var ve *expr.ValueError
				if !errors.As(err, &ve) {
					t.Fatalf("CompileValue error = %v, want *ValueError", err)
				}
				if ve.Pointer != tc.Error.Pointer {
					t.Errorf("Pointer = %q, want %q", ve.Pointer, tc.Error.Pointer)
				}
				str, err := jsonpointer.Get(tc.Value, tc.Error.Pointer)
				if err != nil {
					t.Fatal(err)
				}
				s, _ := str.(string)
				checkSyntax(t, ve.Err, s, tc.Error.Offset, tc.Error.Message)
				return
			}
			if err != nil {
				t.Fatalf("CompileValue: %v", err)
			}
			if tc.Expressions != nil {
				if diff := cmp.Diff(*tc.Expressions, occurrences(v.Expressions()), cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("expressions (-want +got):\n%s", diff)
				}
			}
			var omitted []string
			got, err := v.EvalReport(contextNamed(t, contexts, tc.Context), func(ptr string, err *expr.UnresolvedError) {
				if err == nil {
					t.Errorf("omitted %s without a reason", ptr)
				}
				omitted = append(omitted, ptr)
			})
			if tc.Unresolved != nil {
				if err == nil {
					t.Fatalf("Eval = %#v, want unresolved", got)
				}
				checkUnresolved(t, err, tc.Unresolved.Expr, tc.Unresolved.Reason)
				return
			}
			if err != nil {
				t.Fatalf("Eval: %v", err)
			}
			if diff := cmp.Diff(normalize(tc.Want), normalize(got)); diff != "" || !sameType(tc.Want, got) {
				t.Errorf("Eval = %#v (-want +got):\n%s", got, diff)
			}
			if diff := cmp.Diff(tc.Omitted, omitted, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("omitted (-want +got):\n%s", diff)
			}
		})
	}
}
