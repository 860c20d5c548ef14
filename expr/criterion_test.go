package expr_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/arazzo-dev/arazzo/expr"
	"github.com/google/go-cmp/cmp"
)

// criterionCase is one case of testdata/criteria.yaml.
type criterionCase struct {
	Name      string `yaml:"name"`
	In        string `yaml:"in"`
	Type      string `yaml:"type"`
	Context   string `yaml:"context"`
	Condition string `yaml:"condition"`
	Version   string `yaml:"version"`
	Timeout   string `yaml:"timeout"`

	Want         string `yaml:"want"`
	Reason       string `yaml:"reason"`
	ReasonPrefix string `yaml:"reasonPrefix"`
	EvalError    bool   `yaml:"evalError"`

	Error *struct {
		Field       string `yaml:"field"`
		Offset      *int   `yaml:"offset"`
		Message     string `yaml:"message"`
		Unsupported bool   `yaml:"unsupported"`
		Suggestion  string `yaml:"suggestion"`
	} `yaml:"error"`
}

type criteriaFile struct {
	Contexts map[string]*contextSpec `yaml:"contexts"`
	Cases    []criterionCase         `yaml:"cases"`
}

func (tc *criterionCase) criterion() expr.Criterion {
	return expr.Criterion{Context: tc.Context, Condition: tc.Condition, Type: tc.Type, Version: tc.Version}
}

func (tc *criterionCase) options(t *testing.T) []expr.CriterionOption {
	if tc.Timeout == "" {
		return nil
	}
	d, err := time.ParseDuration(tc.Timeout)
	if err != nil {
		t.Fatalf("timeout: %v", err)
	}
	return []expr.CriterionOption{expr.RegexTimeout(d)}
}

// loadCriteria reads criteria.yaml and the contexts it may use: those of
// contexts.yaml and its own.
func loadCriteria(t *testing.T) ([]criterionCase, map[string]*expr.MapContext) {
	t.Helper()
	var f criteriaFile
	load(t, "criteria.yaml", &f)
	contexts := loadContexts(t)
	for name, s := range f.Contexts {
		if _, dup := contexts[name]; dup {
			t.Fatalf("context %q is defined in both contexts.yaml and criteria.yaml", name)
		}
		contexts[name] = s.build()
	}
	return f.Cases, contexts
}

// outcome is the comparable part of an expr.Outcome.
type outcome struct {
	Passed   bool
	Reason   string
	HasError bool
}

func summarize(o expr.Outcome) outcome {
	return outcome{Passed: o.Passed, Reason: o.Reason, HasError: o.Err != nil}
}

func TestCriteria(t *testing.T) {
	cases, contexts := loadCriteria(t)
	seen := map[string]bool{}
	for _, tc := range cases {
		uniqueName(t, seen, tc.Name)
		t.Run(tc.Name, func(t *testing.T) {
			cond, err := expr.CompileCriterion(tc.criterion(), tc.options(t)...)
			if tc.Error != nil {
				checkCriterionError(t, &tc, err)
				return
			}
			if err != nil {
				t.Fatalf("CompileCriterion: %v", err)
			}
			if tc.Want != "pass" && tc.Want != "fail" {
				t.Fatalf("case has want %q; want pass or fail, or an error", tc.Want)
			}
			c := contextNamed(t, contexts, tc.In)
			got := cond.Eval(c)
			if got.Passed != (tc.Want == "pass") {
				t.Errorf("Passed = %v, want %s (reason: %s, err: %v)", got.Passed, tc.Want, got.Reason, got.Err)
			}
			if got.Passed && got.Err != nil {
				t.Errorf("a passing outcome has an error: %v", got.Err)
			}
			if (got.Err != nil) != tc.EvalError {
				t.Errorf("Err = %v, want an error: %v", got.Err, tc.EvalError)
			}
			if got.Reason == "" {
				t.Errorf("outcome without a reason")
			}
			if tc.Reason != "" && got.Reason != tc.Reason {
				t.Errorf("Reason (-want +got):\n%s", cmp.Diff(tc.Reason, got.Reason))
			}
			if tc.ReasonPrefix != "" && !strings.HasPrefix(got.Reason, tc.ReasonPrefix) {
				t.Errorf("Reason = %q, want prefix %q", got.Reason, tc.ReasonPrefix)
			}

			// Every simple condition also runs as its expr-lang program;
			// the direct path must agree with it. The program is compiled
			// lazily, so its compilation must not be able to fail for a
			// condition the parser accepted.
			if tc.Type == "" || tc.Type == "simple" {
				if err := expr.CompileProgram(cond); err != nil {
					t.Fatalf("the accepted condition's program does not compile: %v", err)
				}
				vmCond, err := expr.CompileCriterion(tc.criterion(), expr.ForceVM())
				if err != nil {
					t.Fatalf("CompileCriterion with ForceVM: %v", err)
				}
				if diff := cmp.Diff(summarize(got), summarize(vmCond.Eval(c))); diff != "" {
					t.Errorf("direct and VM evaluation differ (-direct +vm):\n%s", diff)
				}
			}
		})
	}
}

func checkCriterionError(t *testing.T, tc *criterionCase, err error) {
	t.Helper()
	var ce *expr.CriterionError
	if !errors.As(err, &ce) {
		t.Fatalf("error = %v (%T), want *CriterionError", err, err)
	}
	type errorSpec struct {
		Field       string
		Offset      int
		Message     string
		Unsupported bool
		Suggestion  string
	}
	want := errorSpec{Field: tc.Error.Field, Offset: -1, Message: tc.Error.Message, Unsupported: tc.Error.Unsupported, Suggestion: tc.Error.Suggestion}
	if tc.Error.Offset != nil {
		want.Offset = *tc.Error.Offset
	}
	got := errorSpec{Field: ce.Field, Offset: -1, Unsupported: ce.Unsupported, Suggestion: ce.Suggestion}
	var se *expr.SyntaxError
	if errors.As(ce.Err, &se) {
		got.Offset, got.Message = se.Offset, se.Msg
		input := tc.Condition
		if ce.Field == "context" {
			input = tc.Context
		}
		if se.Input != input {
			t.Errorf("SyntaxError.Input = %q, want the %s %q", se.Input, ce.Field, input)
		}
	} else {
		got.Message = ce.Err.Error()
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("error (-want +got):\n%s", diff)
	}
	if errors.Is(err, expr.ErrUnsupported) != tc.Error.Unsupported {
		t.Errorf("errors.Is(err, ErrUnsupported) = %v", !tc.Error.Unsupported)
	}
}

func TestCriterionErrorString(t *testing.T) {
	tests := []struct {
		name string
		crit expr.Criterion
		want string
	}{
		{
			name: "syntax",
			crit: expr.Criterion{Condition: "$statusCode = 200"},
			want: `criterion condition "$statusCode = 200": offset 12: "=" is not an operator; compare with "=="`,
		},
		{
			name: "field",
			crit: expr.Criterion{Type: "regex", Condition: "^2"},
			want: "criterion context: a regex condition needs a context: the runtime expression whose value it is applied to",
		},
		{
			name: "suggestion",
			crit: expr.Criterion{Type: "jsonpath", Context: "$response.body", Condition: "$.ok == true"},
			want: `criterion condition "$.ok == true": offset 5: invalid JSONPath query: unexpected '=': expected '.', '..' or '['; as a simple condition: $response.body#/ok == true`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := expr.CompileCriterion(tt.crit)
			if err == nil {
				t.Fatal("CompileCriterion succeeded, want an error")
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("Error() (-want +got):\n%s", cmp.Diff(tt.want, got))
			}
		})
	}
}

// TestSimpleRejectsBeforeExprLang shows that text outside the grammar of
// simple conditions never reaches expr-lang: each is rejected by this
// package's parser with an offset, and the programs that are generated
// hold nothing but the comparison and truth functions, $env, operand
// indexes and logical operators.
func TestSimpleRejectsBeforeExprLang(t *testing.T) {
	rejected := []struct {
		cond   string
		offset int
	}{
		{"len($inputs.x) > 0", 0},
		{"$inputs.x.Method()", 16},
		{"foo(1)", 0},
		{"1 + 2 == 3", 2},
		{"$inputs.a in [1]", 10},
		{"$inputs.x matches 'a'", 10},
		{"$inputs.x ? 1 : 2", 10},
		{"$inputs.x ?? 1", 10},
		{"$inputs.x | upper()", 10},
		{"$env == 1", 0},
		{"eq($env, 0, 1)", 0},
		{"truthy($env, 0)", 0},
		{"let x = 1; x == 1", 0},
		{"$inputs.x != nil", 13},
		{"#{1} == 1", 0},
		{"`a` == 'a'", 0},
		{"$inputs.x.y == 1 ; 1", 17},
		{"1 == 1 and 2 == 2", 7},
		{"$inputs.x == 1 ? true : false", 15},
		{"[1, 2] == $inputs.x", 0},
		{"{'a': 1} == $inputs.x", 0},
		{"$inputs.list[0:2] == 1", 14},
		{"$inputs.x.0 == 1 .. 3", 17},
		{"now() > 0", 0},
		{"$inputs.x == 1 | 2", 15},
	}
	for _, r := range rejected {
		t.Run(r.cond, func(t *testing.T) {
			_, err := expr.CompileCriterion(expr.Criterion{Condition: r.cond})
			var se *expr.SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("CompileCriterion(%q) = %v, want a syntax error", r.cond, err)
			}
			if se.Offset != r.offset {
				t.Errorf("offset = %d (%s), want %d", se.Offset, se.Msg, r.offset)
			}
			if strings.Contains(se.Msg, "internal error") {
				t.Errorf("rejected by expr-lang, not by the parser: %v", err)
			}
		})
	}

	allowed := "eqnltgruhyfs$v(), 0123456789!&|"
	for _, cond := range []string{
		"$statusCode == 200",
		"!($inputs.a != 'x' || $inputs.b < 3) && $response.body#/ok && !!true",
		"(($statusCode >= 200) && ($statusCode <= 299)) || $statusCode > 300",
	} {
		c, err := expr.CompileCriterion(expr.Criterion{Condition: cond})
		if err != nil {
			t.Fatal(err)
		}
		src := expr.ProgramSource(c)
		if src == "" || strings.Trim(src, allowed) != "" {
			t.Errorf("program for %q is %q; it may only use %q", cond, src, allowed)
		}
	}
}

func TestSimpleProgramSource(t *testing.T) {
	tests := []struct{ cond, want string }{
		{"$statusCode == 200", "eq($env, 0, 1)"},
		{"$response.body#/ok", "truthy($env, 0)"},
		{"!$a.b && ($statusCode < 1 || $statusCode >= 2)", "!truthy($env, 0) && (lt($env, 1, 2) || ge($env, 3, 4))"},
		{"!($statusCode != 1 && true) || (false || null)", "!(ne($env, 0, 1) && truthy($env, 2)) || (truthy($env, 3) || truthy($env, 4))"},
		{"(1 <= 2 && 3 > 4) && 5 == 6", "(le($env, 0, 1) && gt($env, 2, 3)) && eq($env, 4, 5)"},
	}
	for _, tt := range tests {
		cond := strings.ReplaceAll(tt.cond, "$a.b", "$inputs.a.b")
		c, err := expr.CompileCriterion(expr.Criterion{Condition: cond})
		if err != nil {
			t.Fatal(err)
		}
		if got := expr.ProgramSource(c); got != tt.want {
			t.Errorf("ProgramSource(%q) = %q, want %q", cond, got, tt.want)
		}
	}
}

// TestSimpleProgramIsLazy checks that compiling a simple condition does
// not compile its expr-lang program, that a lone comparison or operand
// never does, and that a compound condition does at its first evaluation.
func TestSimpleProgramIsLazy(t *testing.T) {
	c := &expr.MapContext{Response: &expr.MapResponse{StatusCode: 200}, Inputs: map[string]any{"ok": true}}
	tests := []struct {
		cond       string
		compiledBy bool // whether Eval compiles the program
	}{
		{"$statusCode == 200", false},
		{"$inputs.ok", false},
		{"$statusCode == 200 && true", true},
		{"!($statusCode != 200)", true},
	}
	for _, tt := range tests {
		t.Run(tt.cond, func(t *testing.T) {
			cond, err := expr.CompileCriterion(expr.Criterion{Condition: tt.cond})
			if err != nil {
				t.Fatal(err)
			}
			if expr.ProgramCompiled(cond) {
				t.Fatal("CompileCriterion compiled the program")
			}
			if o := cond.Eval(c); !o.Passed {
				t.Fatalf("Eval = %v", o)
			}
			if got := expr.ProgramCompiled(cond); got != tt.compiledBy {
				t.Errorf("program compiled after Eval: %v, want %v", got, tt.compiledBy)
			}
		})
	}
}

func TestSimpleNestingLimit(t *testing.T) {
	deep := strings.Repeat("(", 64) + "true" + strings.Repeat(")", 64)
	if _, err := expr.CompileCriterion(expr.Criterion{Condition: deep}); err != nil {
		t.Fatalf("64 levels: %v", err)
	}
	tooDeep := strings.Repeat("!", 65) + "true"
	_, err := expr.CompileCriterion(expr.Criterion{Condition: tooDeep})
	var se *expr.SyntaxError
	if !errors.As(err, &se) || se.Offset != 64 || se.Msg != "the condition nests more than 64 levels deep" {
		t.Fatalf("65 levels: %v", err)
	}
	many := strings.Repeat("true || ", 512) + "true"
	_, err = expr.CompileCriterion(expr.Criterion{Condition: many})
	if !errors.As(err, &se) || se.Offset != 512*8 || se.Msg != "the condition has more than 512 operands" {
		t.Fatalf("513 operands: %v", err)
	}
}

func TestConditionExpressions(t *testing.T) {
	type occ struct {
		Pointer string
		Offset  int
		Form    string
		Expr    string
	}
	tests := []struct {
		name string
		crit expr.Criterion
		want []occ
	}{
		{
			name: "simple",
			crit: expr.Criterion{Condition: "$statusCode == 200 && $response.body.items[0].id != $inputs.order.id"},
			want: []occ{
				{"/condition", 0, "bare", "$statusCode"},
				{"/condition", 22, "bare", "$response.body"},
				{"/condition", 52, "bare", "$inputs.order.id"},
			},
		},
		{
			name: "simple-whole",
			crit: expr.Criterion{Context: "$response.body", Condition: "$response.body#/ok"},
			want: []occ{
				{"/context", 0, "whole", "$response.body"},
				{"/condition", 0, "whole", "$response.body#/ok"},
			},
		},
		{
			name: "regex-placeholders",
			crit: expr.Criterion{Type: "regex", Context: "$response.header.Location", Condition: "^/pets/{$inputs.petId}$"},
			want: []occ{
				{"/context", 0, "whole", "$response.header.Location"},
				{"/condition", 8, "embedded", "$inputs.petId"},
			},
		},
		{
			name: "regex-without-placeholders",
			crit: expr.Criterion{Type: "regex", Context: "$url", Condition: "$inputs.x"},
			want: []occ{{"/context", 0, "whole", "$url"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := expr.CompileCriterion(tt.crit)
			if err != nil {
				t.Fatal(err)
			}
			var got []occ
			for o := range c.Expressions() {
				got = append(got, occ{o.Pointer, o.Offset, o.Form.String(), o.Expr.String()})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Expressions (-want +got):\n%s", diff)
			}
		})
	}
}

func TestConditionAccessors(t *testing.T) {
	crit := expr.Criterion{Context: "$response.body", Condition: "$.items[*]", Type: "jsonpath", Version: "rfc9535"}
	c, err := expr.CompileCriterion(crit)
	if err != nil {
		t.Fatal(err)
	}
	if c.Criterion() != crit || c.Type() != "jsonpath" {
		t.Errorf("Criterion() = %+v, Type() = %q", c.Criterion(), c.Type())
	}
	s, err := expr.CompileCriterion(expr.Criterion{Condition: "true"})
	if err != nil {
		t.Fatal(err)
	}
	if s.Type() != "simple" {
		t.Errorf("Type() = %q, want simple", s.Type())
	}
	if got := s.Eval(nil).String(); got != "passed: true holds" {
		t.Errorf("String() = %q", got)
	}
	f, err := expr.CompileCriterion(expr.Criterion{Condition: "$statusCode == 200"})
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Eval(nil).String(); got != "failed: $statusCode is missing (there is no evaluation context), want == 200" {
		t.Errorf("String() = %q", got)
	}
}

// TestConditionConcurrent evaluates shared conditions from many
// goroutines; run it with -race.
func TestConditionConcurrent(t *testing.T) {
	crits := []expr.Criterion{
		{Condition: "$statusCode == 200"},
		{Condition: "$statusCode == 200 && $response.body#/ok || $inputs.flag"},
		{Type: "regex", Context: "$response.body#/id", Condition: "^pet-{$inputs.n}$"},
		{Type: "regex", Context: "$response.body#/id", Condition: "^(?=p)pet"},
		{Type: "jsonpath", Context: "$response.body", Condition: "$.items[?@.id == 'a{$inputs.n}']"},
		{Type: "xpath", Context: "$inputs.xml", Condition: "count(/r/i[. = '{$inputs.n}']) > 0"},
	}
	var conds []*expr.Condition
	for _, c := range crits {
		cond, err := expr.CompileCriterion(c)
		if err != nil {
			t.Fatal(err)
		}
		conds = append(conds, cond)
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				n := (g + i) % 40 // more distinct placeholder values than the cache holds
				c := &expr.MapContext{
					Response: &expr.MapResponse{StatusCode: 200, Body: map[string]any{
						"ok": n%2 == 0, "id": "pet-1", "items": []any{map[string]any{"id": "a1"}}}},
					Inputs: map[string]any{"flag": false, "n": int64(n), "xml": "<r><i>1</i><i>2</i></r>"},
				}
				want := []bool{true, n%2 == 0, n == 1, true, n == 1, n == 1 || n == 2}
				for k, cond := range conds {
					if got := cond.Eval(c); got.Passed != want[k] {
						t.Errorf("%s with n=%d: %v", crits[k].Condition, n, got)
						return
					}
				}
			}
		}(g)
	}
	wg.Wait()
}

func ExampleRegexTimeout() {
	// Look-ahead needs the backtracking ECMAScript engine, and this
	// pattern backtracks exponentially on the input.
	cond, err := expr.CompileCriterion(expr.Criterion{
		Type:      "regex",
		Context:   "$inputs.code",
		Condition: `^(?=a)(a+)+c$`,
	}, expr.RegexTimeout(10*time.Millisecond))
	if err != nil {
		fmt.Println(err)
		return
	}
	o := cond.Eval(&expr.MapContext{Inputs: map[string]any{"code": strings.Repeat("a", 40) + "b"}})
	fmt.Println(o.Passed, o.Err != nil)
	// Output:
	// false true
}
