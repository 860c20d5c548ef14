package expr_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/arazzo-dev/arazzo/expr"
	"github.com/google/go-cmp/cmp"
)

func TestErrorStrings(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{
			name: "syntax error",
			err:  &expr.SyntaxError{Input: "$inputs.", Offset: 8, Msg: "expected an input name, found end of text"},
			want: `runtime expression "$inputs.": offset 8: expected an input name, found end of text`,
		},
		{
			name: "unresolved",
			err:  &expr.UnresolvedError{Expression: "$inputs.scope", Reason: `input "scope" was not given`},
			want: `unresolved runtime expression "$inputs.scope": input "scope" was not given`,
		},
		{
			name: "value error at the root",
			err:  &expr.ValueError{Err: errors.New("boom")},
			want: `value: boom`,
		},
		{
			name: "value error in a member",
			err:  &expr.ValueError{Pointer: "/a/0", Err: errors.New("boom")},
			want: `value at /a/0: boom`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestParseErrorIsFullMessage(t *testing.T) {
	_, err := expr.Parse("$response.body.field")
	want := `runtime expression "$response.body.field": offset 14: unexpected "." after $response.body: read inside a body with a JSON pointer, as in $response.body#/field`
	if err == nil || err.Error() != want {
		t.Errorf("Parse error =\n%v\nwant\n%s", err, want)
	}
}

// Invalid UTF-8 cannot be written in the YAML test data.
func TestParseInvalidUTF8(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		offset int
		msg    string
	}{
		{"after an identifier", "$inputs.a\xff", 9, `unexpected invalid UTF-8 byte 0xff after the runtime expression $inputs.a`},
		{"in a pointer", "$inputs.a#/b\xff", 12, `invalid UTF-8 byte 0xff in JSON pointer`},
		{"in a query name", "$request.query.a\xfe", 16, `invalid UTF-8 byte 0xfe`},
		{"in a source reference", "$sourceDescriptions.s.\xc3", 22, `invalid UTF-8 byte 0xc3`},
		{"as the root name", "$\xff", 1, `expected an expression name after "$", found invalid UTF-8 byte 0xff`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := expr.Parse(tt.in)
			var se *expr.SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q) error = %v, want *SyntaxError", tt.in, err)
			}
			if se.Offset != tt.offset || se.Msg != tt.msg {
				t.Errorf("offset %d, %q; want %d, %q", se.Offset, se.Msg, tt.offset, tt.msg)
			}
		})
	}
}

func TestParseControlCharacterInPointer(t *testing.T) {
	// EXPR-10: a pointer token may hold any character but "/" and "~".
	e, err := expr.Parse("$response.body#/a\x00b\n")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"a\x00b\n"}, e.PointerTokens()); diff != "" {
		t.Errorf("tokens (-want +got):\n%s", diff)
	}
}

func TestStringers(t *testing.T) {
	got := []string{
		expr.KindURL.String(), expr.KindComponents.String(), expr.Kind(0).String(), expr.Kind(99).String(),
		expr.SourceHeader.String(), expr.SourceBody.String(), expr.SourceNone.String(),
		expr.FormWhole.String(), expr.FormEmbedded.String(), expr.FormBare.String(), expr.Form(0).String(),
	}
	want := []string{
		"$url", "$components", "invalid", "invalid",
		"header", "body", "",
		"whole", "embedded", "bare", "invalid",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestEvalNilContext(t *testing.T) {
	e, err := expr.Parse("$inputs.a")
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.Eval(nil)
	var ue *expr.UnresolvedError
	if !errors.As(err, &ue) || ue.Reason != "there is no evaluation context" {
		t.Errorf("Eval(nil) error = %v", err)
	}
}

func TestEvalPointerDoesNotAllocate(t *testing.T) {
	c := &expr.MapContext{Response: &expr.MapResponse{Body: map[string]any{
		"items": []any{map[string]any{"id": "a1"}},
	}}}
	e, err := expr.Parse("$response.body#/items/0/id")
	if err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := e.Eval(c); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("Eval allocates %v times, want 0", allocs)
	}
}

func TestTemplateManyParts(t *testing.T) {
	// More placeholders than the evaluation's stack buffer holds.
	var src, want strings.Builder
	inputs := map[string]any{}
	for i := range 20 {
		fmt.Fprintf(&src, "[{$inputs.v%d}]", i)
		fmt.Fprintf(&want, "[%d]", i)
		inputs[fmt.Sprintf("v%d", i)] = int64(i)
	}
	tmpl, err := expr.ParseTemplate(src.String())
	if err != nil {
		t.Fatal(err)
	}
	got, err := tmpl.Eval(&expr.MapContext{Inputs: inputs})
	if err != nil {
		t.Fatal(err)
	}
	if got != want.String() {
		t.Errorf("Eval = %q, want %q", got, want.String())
	}
}

func TestExpressionsStopEarly(t *testing.T) {
	v, err := expr.CompileValue(map[string]any{"a": "$inputs.a", "b": []any{"{$inputs.b} {$inputs.c}"}, "c": "$inputs.d"})
	if err != nil {
		t.Fatal(err)
	}
	for _, stopAfter := range []int{1, 2, 3, 4} {
		var seen []string
		for o := range v.Expressions() {
			seen = append(seen, o.Expr.String())
			if len(seen) == stopAfter {
				break
			}
		}
		want := []string{"$inputs.a", "$inputs.b", "$inputs.c", "$inputs.d"}[:stopAfter]
		if diff := cmp.Diff(want, seen); diff != "" {
			t.Errorf("stop after %d (-want +got):\n%s", stopAfter, diff)
		}
	}
}

func TestCompileValueUnsupportedType(t *testing.T) {
	tests := []struct {
		name    string
		v       any
		pointer string
		want    string
	}{
		{"struct at the root", struct{}{}, "", "value: unsupported Go type struct {}; want a plain JSON value"},
		{"string slice in a member", map[string]any{"a": []string{"x"}}, "/a", "value at /a: unsupported Go type []string; want a plain JSON value"},
		{"map with any keys in an array", []any{1, map[any]any{}}, "/1", "value at /1: unsupported Go type map[interface {}]interface {}; want a plain JSON value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := expr.CompileValue(tt.v)
			var ve *expr.ValueError
			if !errors.As(err, &ve) || ve.Pointer != tt.pointer || err.Error() != tt.want {
				t.Errorf("error = %v, want %s", err, tt.want)
			}
		})
	}
}

func TestValueErrorUnwrapsSyntaxError(t *testing.T) {
	_, err := expr.CompileValue(map[string]any{"p": "Bearer {$inputs.}"})
	var se *expr.SyntaxError
	if !errors.As(err, &se) || se.Input != "Bearer {$inputs.}" || se.Offset != 16 {
		t.Fatalf("error = %#v, want a *SyntaxError in the string at offset 16", err)
	}
	want := `value at /p: runtime expression "Bearer {$inputs.}": offset 16: expected an input name, found "}"`
	if err.Error() != want {
		t.Errorf("Error() =\n%s\nwant\n%s", err, want)
	}
}

// The result of Value.Eval belongs to the caller: changing it changes
// neither the compiled value, nor the source it was compiled from, nor the
// values of the Context.
func TestValueEvalReturnsFreshCopies(t *testing.T) {
	src := map[string]any{
		"constant": map[string]any{"list": []any{"x"}},
		"input":    "$inputs.order",
		"name":     "$inputs.name",
	}
	order := map[string]any{"lines": []any{map[string]any{"sku": "s1"}}}
	c := &expr.MapContext{Inputs: map[string]any{"order": order, "name": "n"}}
	v, err := expr.CompileValue(src)
	if err != nil {
		t.Fatal(err)
	}
	// Changing the source after compiling has no effect.
	src["constant"].(map[string]any)["list"].([]any)[0] = "changed"

	first, err := v.Eval(c)
	if err != nil {
		t.Fatal(err)
	}
	m := first.(map[string]any)
	m["constant"].(map[string]any)["list"].([]any)[0] = "mutated"
	m["input"].(map[string]any)["lines"].([]any)[0].(map[string]any)["sku"] = "mutated"
	m["extra"] = true

	second, err := v.Eval(c)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"constant": map[string]any{"list": []any{"x"}},
		"input":    map[string]any{"lines": []any{map[string]any{"sku": "s1"}}},
		"name":     "n",
	}
	if diff := cmp.Diff(want, second); diff != "" {
		t.Errorf("second Eval (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]any{"lines": []any{map[string]any{"sku": "s1"}}}, order); diff != "" {
		t.Errorf("context input changed (-want +got):\n%s", diff)
	}
}

func TestConstantValueIsCopied(t *testing.T) {
	v, err := expr.CompileValue([]any{map[string]any{"a": "b"}})
	if err != nil {
		t.Fatal(err)
	}
	first, _ := v.Eval(nil)
	first.([]any)[0].(map[string]any)["a"] = "changed"
	second, _ := v.Eval(nil)
	if diff := cmp.Diff([]any{map[string]any{"a": "b"}}, second); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestNilOptionIsIgnored(t *testing.T) {
	v, err := expr.CompileValue("Bearer $inputs.t", nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := v.Eval(&expr.MapContext{Inputs: map[string]any{"t": "x"}})
	if err != nil || got != "Bearer x" {
		t.Errorf("Eval = %v, %v", got, err)
	}
}

// Compiled objects are shared by concurrent runs; run with -race.
func TestConcurrentEvaluation(t *testing.T) {
	e, err := expr.Parse("$response.body#/items/0/id")
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := expr.ParseTemplate("Bearer {$inputs.token} $inputs.token")
	if err != nil {
		t.Fatal(err)
	}
	v, err := expr.CompileValue(map[string]any{"a": "$inputs.token", "b": []any{"x", "{$inputs.token}"}, "c": "$inputs.missing", "d": map[string]any{"k": 1}})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			token := fmt.Sprint("t", i)
			c := &expr.MapContext{
				Inputs:   map[string]any{"token": token},
				Response: &expr.MapResponse{Body: map[string]any{"items": []any{map[string]any{"id": token}}}},
			}
			for range 200 {
				if got, err := e.Eval(c); err != nil || got != token {
					t.Errorf("Eval = %v, %v", got, err)
					return
				}
				if got, err := tmpl.Eval(c); err != nil || got != "Bearer "+token+" "+token {
					t.Errorf("template Eval = %v, %v", got, err)
					return
				}
				got, err := v.Eval(c)
				if err != nil {
					t.Errorf("value Eval: %v", err)
					return
				}
				m := got.(map[string]any)
				m["d"].(map[string]any)["k"] = i // callers may modify results
				want := map[string]any{"a": token, "b": []any{"x", token}, "d": map[string]any{"k": i}}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("value Eval (-want +got):\n%s", diff)
					return
				}
			}
		}()
	}
	wg.Wait()
}
