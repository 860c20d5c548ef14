package expr_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/arazzo-dev/arazzo/expr"
	"github.com/arazzo-dev/arazzo/internal/jsonpointer"
	"github.com/arazzo-dev/arazzo/internal/jsonvalue"
	"github.com/google/go-cmp/cmp"
)

var fuzzSeeds = []string{
	"$url", "$method", "$statusCode", "$request.header.accept", "$request.query.a b",
	`$request.query.\u0041\"`, "$request.path.id", "$request.body#/a/0", "$response.body",
	"$response.body#/items/0/id", "$response.body.field", "$inputs.a.b#/c~1d~0e", "$outputs.x",
	"$steps.s-1.outputs.o#/0", "$workflows.w.inputs.i", "$workflows.w.outputs.o#/x",
	"$sourceDescriptions.api.url#/paths/~1p/get", "$components.parameters.p", "$components.inputs.i",
	"Bearer {$inputs.token}", "Bearer $inputs.token", "{$inputs.", "{$}", "$100", "US$ 5",
	`{"id": "{$response.body#/id}", "x": {}}`, "a $response.body.name b", "$steps.a.b", "{$response.body#/a{b}}",
}

// fuzzContext answers every lookup, so evaluation exercises the pointer
// code on a real document.
var fuzzContext = &expr.MapContext{
	Request: &expr.MapRequest{URL: "u", Method: "GET", Header: map[string]string{"Accept": "a"},
		Query: map[string]any{"a": "q"}, Path: map[string]any{"id": int64(1)}, Body: map[string]any{"a": []any{"x"}}},
	Response: &expr.MapResponse{StatusCode: 200, Body: map[string]any{"items": []any{map[string]any{"id": "a1"}}, "id": "x"}},
	Inputs:   map[string]any{"token": "t", "a.b": map[string]any{"c/d~e": true}},
}

func checkSyntaxError(t *testing.T, err error, input string) {
	t.Helper()
	var se *expr.SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("error %v (%T) is not a *SyntaxError", err, err)
	}
	if se.Input != input {
		t.Fatalf("SyntaxError.Input = %q, want %q", se.Input, input)
	}
	if se.Offset < 0 || se.Offset > len(input) {
		t.Fatalf("SyntaxError.Offset = %d outside [0, %d] for %q", se.Offset, len(input), input)
	}
	if se.Msg == "" {
		t.Fatalf("SyntaxError without a message for %q", input)
	}
}

func checkEvalError(t *testing.T, err error) {
	t.Helper()
	if err != nil && !errors.Is(err, expr.ErrUnresolved) {
		t.Fatalf("evaluation error %v is not unresolved", err)
	}
}

func FuzzParseExpression(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := expr.Parse(s)
		if err != nil {
			checkSyntaxError(t, err, s)
		} else {
			if e.String() != s {
				t.Fatalf("String() = %q, want %q", e.String(), s)
			}
			again, err := expr.Parse(e.String())
			if err != nil {
				t.Fatalf("reparse of %q: %v", s, err)
			}
			if diff := cmp.Diff(describe(e), describe(again)); diff != "" {
				t.Fatalf("reparse of %q (-first +second):\n%s", s, diff)
			}
			_, err = e.Eval(fuzzContext)
			checkEvalError(t, err)
		}

		// Every prefix parse either fails with an offset in s or ends
		// within s on the text of the returned expression.
		for start := 0; start < len(s) && start < 8; start++ {
			e, end, err := expr.ParsePrefix(s, start, " =}")
			if err != nil {
				checkSyntaxError(t, err, s)
				continue
			}
			if end <= start || end > len(s) || e.String() != s[start:end] {
				t.Fatalf("ParsePrefix(%q, %d) = %q, %d", s, start, e, end)
			}
		}
	})
}

func FuzzParseTemplate(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, bare bool) {
		tmpl, err := expr.ParseTemplate(s, expr.BareExpressions(bare))
		if err != nil {
			checkSyntaxError(t, err, s)
			return
		}
		if tmpl.String() != s {
			t.Fatalf("String() = %q, want %q", tmpl.String(), s)
		}
		sawBare := false
		for o := range tmpl.Expressions() {
			if o.Offset < 0 || o.Offset >= len(s) || !strings.HasPrefix(s[o.Offset:], o.Expr.String()) {
				t.Fatalf("occurrence %q at offset %d is not in %q", o.Expr, o.Offset, s)
			}
			sawBare = sawBare || o.Form == expr.FormBare
			if o.Form == expr.FormBare && !bare {
				t.Fatalf("bare expression %q found with bare expressions off", o.Expr)
			}
		}
		if sawBare != tmpl.HasBare() {
			t.Fatalf("HasBare() = %v, but bare occurrences: %v", tmpl.HasBare(), sawBare)
		}
		_, err = tmpl.Eval(fuzzContext)
		checkEvalError(t, err)
	})
}

func FuzzCompileValue(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Add(`{"a": ["$inputs.token", {"b": "{$inputs.x}"}], "c/d": "Bearer $inputs.token"}`)
	f.Add(`["$response.body#/items/0", 1, null, true, "$100"]`)
	f.Fuzz(func(t *testing.T, s string) {
		// Use s as a JSON document when it is one, and as a string
		// member otherwise.
		doc, err := jsonvalue.Decode([]byte(s))
		if err != nil {
			doc = map[string]any{"m": []any{s}}
		}
		v, err := expr.CompileValue(doc)
		if err != nil {
			var ve *expr.ValueError
			if !errors.As(err, &ve) {
				t.Fatalf("CompileValue error %v is not a *ValueError", err)
			}
			str, gerr := jsonpointer.Get(doc, ve.Pointer)
			if gerr != nil {
				t.Fatalf("ValueError.Pointer %q does not resolve: %v", ve.Pointer, gerr)
			}
			text, ok := str.(string)
			if !ok {
				t.Fatalf("ValueError.Pointer %q refers to a %T, not a string", ve.Pointer, str)
			}
			checkSyntaxError(t, ve.Err, text)
			return
		}
		for o := range v.Expressions() {
			str, err := jsonpointer.Get(doc, o.Pointer)
			if err != nil {
				t.Fatalf("occurrence pointer %q does not resolve: %v", o.Pointer, err)
			}
			text, _ := str.(string)
			if o.Offset < 0 || o.Offset >= len(text) || !strings.HasPrefix(text[o.Offset:], o.Expr.String()) {
				t.Fatalf("occurrence %q at %s offset %d is not in %q", o.Expr, o.Pointer, o.Offset, text)
			}
		}
		_, err = v.Eval(fuzzContext)
		checkEvalError(t, err)
	})
}
