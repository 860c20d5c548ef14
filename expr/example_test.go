package expr_test

import (
	"errors"
	"fmt"

	"github.com/arazzo-dev/arazzo/expr"
)

func ExampleParse() {
	e, err := expr.Parse("$steps.login.outputs.session#/user/id")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(e.Kind(), e.StepID(), e.Name(), e.Pointer(), e.PointerTokens())

	_, err = expr.Parse("$response.body.id")
	fmt.Println(err)
	// Output:
	// $steps login session /user/id [user id]
	// runtime expression "$response.body.id": offset 14: unexpected "." after $response.body: read inside a body with a JSON pointer, as in $response.body#/id
}

func ExampleExpression_Eval() {
	c := &expr.MapContext{
		Response: &expr.MapResponse{
			StatusCode: 200,
			Header:     map[string]string{"Content-Type": "application/json"},
			Body:       map[string]any{"items": []any{map[string]any{"id": "a1"}}},
		},
	}
	for _, s := range []string{"$statusCode", "$response.header.content-type", "$response.body#/items/0/id", "$response.body#/items/1/id"} {
		e, err := expr.Parse(s)
		if err != nil {
			fmt.Println(err)
			return
		}
		v, err := e.Eval(c)
		switch {
		case errors.Is(err, expr.ErrUnresolved):
			fmt.Println(err)
		case err != nil:
			fmt.Println("unexpected:", err)
		default:
			fmt.Printf("%s = %#v\n", s, v)
		}
	}
	// Output:
	// $statusCode = 200
	// $response.header.content-type = "application/json"
	// $response.body#/items/0/id = "a1"
	// unresolved runtime expression "$response.body#/items/1/id": response body has no element 1 at /items (array length 1)
}

func ExampleParsePrefix() {
	// The left side of a simple condition: the pointer stops at white space.
	cond := "$response.body#/status == 'available'"
	e, end, err := expr.ParsePrefix(cond, 0, " \t=!<>")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s | %s\n", e, cond[end:])
	// Output:
	// $response.body#/status |  == 'available'
}

func ExampleParseTemplate() {
	t, err := expr.ParseTemplate(`{"petId": {$inputs.petId}, "tags": {$inputs.tags}, "note": "{literal}"}`)
	if err != nil {
		fmt.Println(err)
		return
	}
	s, err := t.Eval(&expr.MapContext{Inputs: map[string]any{
		"petId": int64(42),
		"tags":  []any{"dog", "brown"},
	}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s)
	// Output:
	// {"petId": 42, "tags": ["dog","brown"], "note": "{literal}"}
}

func ExampleCompileValue() {
	// A request payload as a document gives it: one member per input, one
	// of which was not given.
	payload := map[string]any{
		"name":   "$inputs.secretName",
		"scope":  "$inputs.scope",
		"values": "$inputs.values",
		"labels": []any{"team-{$inputs.team}", "$100"},
	}
	v, err := expr.CompileValue(payload)
	if err != nil {
		fmt.Println(err)
		return
	}
	c := &expr.MapContext{Inputs: map[string]any{
		"secretName": "db",
		"values":     map[string]any{"password": "s3cret"},
		"team":       "ml",
	}}
	got, err := v.EvalReport(c, func(pointer string, err *expr.UnresolvedError) {
		fmt.Printf("left out %s: %s\n", pointer, err.Reason)
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(got)
	// Output:
	// left out /scope: input "scope" was not given
	// map[labels:[team-ml $100] name:db values:map[password:s3cret]]
}

func ExampleBareExpressions() {
	c := &expr.MapContext{Inputs: map[string]any{"accessToken": "tok"}}
	for _, on := range []bool{true, false} {
		v, err := expr.CompileValue("Bearer $inputs.accessToken", expr.BareExpressions(on))
		if err != nil {
			fmt.Println(err)
			return
		}
		got, _ := v.Eval(c)
		fmt.Println(got)
	}
	// Output:
	// Bearer tok
	// Bearer $inputs.accessToken
}

func ExampleValue_Expressions() {
	v, err := expr.CompileValue(map[string]any{
		"Authorization": "Bearer $inputs.accessToken",
		"items":         []any{"{$steps.list.outputs.first}"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for o := range v.Expressions() {
		fmt.Printf("%s at offset %d: %s (%s)\n", o.Pointer, o.Offset, o.Expr, o.Form)
	}
	// Output:
	// /Authorization at offset 7: $inputs.accessToken (bare)
	// /items/0 at offset 1: $steps.list.outputs.first (embedded)
}

func ExampleCompileCriterion() {
	c := &expr.MapContext{Response: &expr.MapResponse{
		StatusCode: 404,
		Body:       map[string]any{"status": "Running"},
	}}
	for _, crit := range []expr.Criterion{
		{Condition: "$statusCode == 200"},
		{Condition: "$statusCode == 404 && $response.body#/status == 'running'"},
		{Context: "$statusCode", Condition: `^2\d\d$`, Type: "regex"},
		{Context: "$response.body", Condition: "$[?@ == 'Running']", Type: "jsonpath"},
	} {
		cond, err := expr.CompileCriterion(crit)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(cond.Eval(c))
	}

	// A JSONPath condition written as a comparison is not a query; the
	// error says which simple condition it means.
	_, err := expr.CompileCriterion(expr.Criterion{
		Context: "$response.body", Condition: "$.status == 'running'", Type: "jsonpath",
	})
	var ce *expr.CriterionError
	if errors.As(err, &ce) {
		fmt.Println(ce.Suggestion)
	}
	// Output:
	// failed: $statusCode is 404, want == 200
	// passed: $statusCode == 404 && $response.body#/status == 'running' holds
	// failed: no match for pattern ^2\d\d$ in "404"
	// passed: JSONPath $[?@ == 'Running'] selected 1 node
	// $response.body#/status == 'running'
}
