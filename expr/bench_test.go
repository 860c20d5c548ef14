package expr_test

import (
	"testing"

	"github.com/arazzo-dev/arazzo/expr"
	"github.com/arazzo-dev/arazzo/internal/jsonvalue"
	"github.com/pb33f/libopenapi/arazzo"
	"github.com/pb33f/libopenapi/arazzo/expression"
	high "github.com/pb33f/libopenapi/datamodel/high/arazzo"
	"go.yaml.in/yaml/v4"
)

// benchBody is the response body both implementations read.
const benchBody = `{"total": 2, "items": [{"id": "a1", "name": "first"}, {"id": "a2", "name": "second"}]}`

// BenchmarkEvalPointer evaluates $response.body#/items/0/id on a decoded
// body, with the expression parsed beforehand, here and through
// libopenapi's arazzo/expression package.
func BenchmarkEvalPointer(b *testing.B) {
	const text = "$response.body#/items/0/id"

	b.Run("ours", func(b *testing.B) {
		body, err := jsonvalue.Decode([]byte(benchBody))
		if err != nil {
			b.Fatal(err)
		}
		c := &expr.MapContext{Response: &expr.MapResponse{StatusCode: 200, Body: body}}
		e, err := expr.Parse(text)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			v, err := e.Eval(c)
			if err != nil || v != "a1" {
				b.Fatalf("Eval = %v, %v", v, err)
			}
		}
	})

	b.Run("libopenapi", func(b *testing.B) {
		var body yaml.Node
		if err := yaml.Unmarshal([]byte(benchBody), &body); err != nil {
			b.Fatal(err)
		}
		c := &expression.Context{StatusCode: 200, ResponseBody: &body}
		e, err := expression.Parse(text)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			v, err := expression.Evaluate(e, c)
			if err != nil || v != "a1" {
				b.Fatalf("Evaluate = %v, %v", v, err)
			}
		}
	})
}

// BenchmarkTemplate evaluates the bearer header template of the ZenML
// workflows.
func BenchmarkTemplate(b *testing.B) {
	b.Run("ours", func(b *testing.B) {
		c := &expr.MapContext{Inputs: map[string]any{"accessToken": "eyJhbGciOiJIUzI1NiJ9.token"}}
		t, err := expr.ParseTemplate("Bearer {$inputs.accessToken}")
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			s, err := t.Eval(c)
			if err != nil || len(s) != len("Bearer eyJhbGciOiJIUzI1NiJ9.token") {
				b.Fatalf("Eval = %q, %v", s, err)
			}
		}
	})
}

// BenchmarkEvalSimple evaluates the criterion every ZenML step uses,
// "$statusCode == 200", compiled beforehand, here and through libopenapi's
// arazzo.EvaluateCriterion. "ours" takes the direct path of a lone
// comparison; "ours-vm" is a compound condition, which runs as an
// expr-lang program.
func BenchmarkEvalSimple(b *testing.B) {
	const condition = "$statusCode == 200"

	b.Run("ours", func(b *testing.B) {
		c := &expr.MapContext{Response: &expr.MapResponse{StatusCode: 200}}
		cond, err := expr.CompileCriterion(expr.Criterion{Condition: condition})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if o := cond.Eval(c); !o.Passed {
				b.Fatalf("Eval = %v", o)
			}
		}
	})

	b.Run("ours-vm", func(b *testing.B) {
		c := &expr.MapContext{Response: &expr.MapResponse{StatusCode: 201}}
		cond, err := expr.CompileCriterion(expr.Criterion{Condition: "$statusCode == 200 || $statusCode == 201"})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if o := cond.Eval(c); !o.Passed {
				b.Fatalf("Eval = %v", o)
			}
		}
	})

	b.Run("libopenapi", func(b *testing.B) {
		c := &expression.Context{StatusCode: 200}
		crit := &high.Criterion{Condition: condition}
		b.ReportAllocs()
		for b.Loop() {
			ok, err := arazzo.EvaluateCriterion(crit, c)
			if err != nil || !ok {
				b.Fatalf("EvaluateCriterion = %v, %v", ok, err)
			}
		}
	})
}
