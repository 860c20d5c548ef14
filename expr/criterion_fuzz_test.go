package expr_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/arazzo-dev/arazzo/expr"
)

// criterionFuzzContext holds a JSON body, an XML input and the values the
// criterion seeds read.
var criterionFuzzContext = &expr.MapContext{
	Request: &expr.MapRequest{Method: "GET", Header: map[string]string{"Accept": "a"}},
	Response: &expr.MapResponse{StatusCode: 404, Header: map[string]string{"X-Count": "7"},
		Body: map[string]any{"status": "Running", "items": []any{map[string]any{"id": "a1"}}, "n": nil, "ok": true}},
	Inputs: map[string]any{"flag": false, "limit": int64(20), "xml": "<r><i id='1'>x</i></r>", "p": "^R", "order": map[string]any{"id": "o"}},
}

var criterionSeeds = []expr.Criterion{
	{Condition: "$statusCode == 200"},
	{Condition: "$statusCode == 200 && ($response.body#/ok || !$inputs.flag) && $inputs.limit >= 10"},
	{Condition: "$response.body.items[0]['id'] != null || 'it''s' == 'IT''S' || -1.5e3 < 0"},
	{Condition: "$inputs.order.id == 'O' && $response.header.X-Count > 6"},
	{Condition: "len($inputs.x) > 0"},
	{Type: "regex", Context: "$response.body#/status", Condition: "^run"},
	{Type: "regex", Context: "$response.body#/status", Condition: "{$inputs.p}(?=u)"},
	{Type: "jsonpath", Context: "$response.body", Condition: "$.items[?@.id == 'a1']"},
	{Type: "jsonpath", Context: "$response.body", Condition: "$.status == 'running' || $['n'] != null"},
	{Type: "jsonpath", Context: "$response.body", Condition: "$.x", Version: "draft-goessner-dispatch-jsonpath-00"},
	{Type: "xpath", Context: "$inputs.xml", Condition: "count(/r/i[@id='1']) > 0 and string(/r) != ''"},
	{Type: "xpath", Context: "$inputs.xml", Condition: "for $x in /r return $x", Version: "xpath-10"},
	{Type: "xpath", Context: "$inputs.xml", Condition: "lower-case(/r/i) = 'x' | (: c :) 1 eq 1", Version: "xpath-20"},
}

var criterionTypes = [...]string{"", "simple", "regex", "jsonpath", "xpath"}

func FuzzCompileCriterion(f *testing.F) {
	for _, c := range criterionSeeds {
		kind := uint8(0)
		for i, t := range criterionTypes {
			if t == c.Type {
				kind = uint8(i)
			}
		}
		f.Add(kind, c.Context, c.Condition, c.Version)
	}
	f.Fuzz(func(t *testing.T, kind uint8, context, condition, version string) {
		crit := expr.Criterion{Type: criterionTypes[int(kind)%len(criterionTypes)], Context: context, Condition: condition, Version: version}
		if kind >= 128 {
			crit.Type = version // an arbitrary type now and then
		}
		opts := []expr.CriterionOption{expr.RegexTimeout(time.Millisecond)}
		c, err := expr.CompileCriterion(crit, opts...)
		if err != nil {
			var ce *expr.CriterionError
			if !errors.As(err, &ce) {
				t.Fatalf("error %v (%T) is not a *CriterionError", err, err)
			}
			var se *expr.SyntaxError
			switch ce.Field {
			case "condition":
				if errors.As(err, &se) {
					checkSyntaxError(t, se, condition)
				}
			case "context":
				if errors.As(err, &se) {
					checkSyntaxError(t, se, context)
				}
			case "type", "version":
			default:
				t.Fatalf("CriterionError.Field = %q", ce.Field)
			}
			if ce.Suggestion != "" {
				if _, err := expr.CompileCriterion(expr.Criterion{Condition: ce.Suggestion}); err != nil {
					t.Fatalf("suggestion %q does not compile: %v", ce.Suggestion, err)
				}
			}
			return
		}
		for o := range c.Expressions() {
			text := condition
			if o.Pointer == "/context" {
				text = context
			}
			if o.Offset < 0 || o.Offset >= len(text) || !strings.HasPrefix(text[o.Offset:], o.Expr.String()) {
				t.Fatalf("occurrence %q at %s offset %d is not in %q", o.Expr, o.Pointer, o.Offset, text)
			}
		}
		got := c.Eval(criterionFuzzContext)
		if got.Reason == "" || (got.Passed && got.Err != nil) {
			t.Fatalf("Eval = %+v", got)
		}
		if c.Type() == "simple" {
			// The program is compiled lazily: the parser alone must
			// reject what expr-lang would not compile.
			if err := expr.CompileProgram(c); err != nil {
				t.Fatalf("the accepted condition's program does not compile: %v", err)
			}
			vm, err := expr.CompileCriterion(crit, expr.ForceVM())
			if err != nil {
				t.Fatalf("ForceVM: %v", err)
			}
			if v := vm.Eval(criterionFuzzContext); v.Passed != got.Passed || v.Reason != got.Reason || (v.Err == nil) != (got.Err == nil) {
				t.Fatalf("direct %+v, VM %+v", got, v)
			}
		}
	})
}
