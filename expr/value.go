package expr

import (
	"errors"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"strings"

	"github.com/arazzo-dev/arazzo/internal/jsonpointer"
	"github.com/arazzo-dev/arazzo/internal/jsonvalue"
)

// Value is a compiled plain JSON value whose strings may hold runtime
// expressions: a parameter value, a request body payload, a payload
// replacement value. It is immutable and safe for concurrent use.
type Value struct {
	root node
}

type nodeKind uint8

const (
	constNode  nodeKind = iota // lit, with no expression anywhere inside
	exprNode                   // a string that is one expression; the value keeps its type
	tmplNode                   // a string with embedded expressions; the value is a string
	objectNode                 // keys and items, some of which are not constant
	arrayNode                  // items, some of which are not constant
)

type node struct {
	kind   nodeKind
	lit    any
	expr   *Expression
	form   Form // of expr
	offset int  // of expr
	tmpl   *Template
	keys   []string // object member names, sorted
	items  []node
}

// CompileValue compiles a plain JSON value (nil, bool, string, a number,
// []any or map[string]any) for repeated evaluation. Each string in it is
// classified once (AMB-44):
//
//   - a string that is exactly one runtime expression ("$inputs.limit") is
//     evaluated and keeps the type of its value (EXPR-30);
//   - a string that is exactly one "{$...}" placeholder ("{$inputs.limit}")
//     does the same;
//   - any other string holding "{$" placeholders or, unless
//     [BareExpressions] turns them off, bare expressions is a [Template]
//     whose value is a string;
//   - every other string ("$100", "US$ 5", "{literal}") is literal.
//
// Object member names are always literal.
//
// A malformed expression is a [*ValueError] that gives the JSON pointer of
// the string within v and wraps a [*SyntaxError] with the offset inside
// that string. v is copied; later changes to it do not affect the Value.
func CompileValue(v any, opts ...Option) (*Value, error) {
	cfg := newConfig(opts)
	var path []string
	root, err := compileNode(v, &path, cfg)
	if err != nil {
		return nil, err
	}
	return &Value{root: root}, nil
}

func compileNode(v any, path *[]string, cfg config) (node, error) {
	switch x := v.(type) {
	case string:
		n, err := compileString(x, cfg)
		if err != nil {
			return node{}, &ValueError{Pointer: pointerOf(*path), Err: err}
		}
		return n, nil
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		items := make([]node, len(keys))
		constant := true
		for i, k := range keys {
			*path = append(*path, k)
			n, err := compileNode(x[k], path, cfg)
			*path = (*path)[:len(*path)-1]
			if err != nil {
				return node{}, err
			}
			items[i] = n
			constant = constant && n.kind == constNode
		}
		if constant {
			return node{kind: constNode, lit: deepCopy(x)}, nil
		}
		return node{kind: objectNode, keys: keys, items: items}, nil
	case []any:
		items := make([]node, len(x))
		constant := true
		for i, e := range x {
			*path = append(*path, strconv.Itoa(i))
			n, err := compileNode(e, path, cfg)
			*path = (*path)[:len(*path)-1]
			if err != nil {
				return node{}, err
			}
			items[i] = n
			constant = constant && n.kind == constNode
		}
		if constant {
			return node{kind: constNode, lit: deepCopy(x)}, nil
		}
		return node{kind: arrayNode, items: items}, nil
	}
	if jsonvalue.KindOf(v) == jsonvalue.Invalid {
		return node{}, &ValueError{Pointer: pointerOf(*path), Err: fmt.Errorf("unsupported Go type %T; want a plain JSON value", v)}
	}
	return node{kind: constNode, lit: v}, nil
}

func compileString(s string, cfg config) (node, error) {
	if !strings.Contains(s, "$") {
		return node{kind: constNode, lit: s}, nil
	}
	if !strings.HasPrefix(s, "$") && !strings.Contains(s, "{$") && !cfg.bare {
		return node{kind: constNode, lit: s}, nil
	}
	t, err := parseTemplate(s, cfg.bare)
	if err != nil {
		return node{}, err
	}
	switch {
	case len(t.parts) == 1 && t.parts[0].expr != nil:
		p := t.parts[0]
		return node{kind: exprNode, expr: p.expr, form: p.form, offset: p.offset}, nil
	case len(t.parts) == 1:
		return node{kind: constNode, lit: s}, nil
	}
	return node{kind: tmplNode, tmpl: t}, nil
}

// pointerOf builds the JSON pointer text for a path of unescaped tokens.
func pointerOf(path []string) string {
	if len(path) == 0 {
		return ""
	}
	return jsonpointer.FromTokens(path...).String()
}

// Eval returns a fresh value: every object and array in the result is
// newly allocated (constants and values read from the Context are copied),
// so the caller may modify it, for example to apply payload replacements.
//
// An object member or array element whose expression or template does not
// resolve is left out of its object or array (so a payload member
// "scope: $inputs.scope" disappears when the input is not given). When the
// value as a whole does not resolve, the error is that [*UnresolvedError].
func (v *Value) Eval(c Context) (any, error) {
	return v.EvalReport(c, nil)
}

// EvalReport is [Value.Eval] that also calls omitted, when it is not nil,
// for each object member or array element left out of the result, with
// the JSON pointer of the member in the compiled value and the reason.
func (v *Value) EvalReport(c Context, omitted func(pointer string, err *UnresolvedError)) (any, error) {
	var path []string
	r, err := v.root.eval(c, &path, omitted)
	if err != nil {
		return nil, err
	}
	return r, nil
}

func (n *node) eval(c Context, path *[]string, omitted func(string, *UnresolvedError)) (any, error) {
	switch n.kind {
	case constNode:
		return deepCopy(n.lit), nil
	case exprNode:
		r, err := n.expr.Eval(c)
		if err != nil {
			return nil, err
		}
		return deepCopy(r), nil
	case tmplNode:
		s, err := n.tmpl.Eval(c)
		if err != nil {
			return nil, err
		}
		return s, nil
	case objectNode:
		out := make(map[string]any, len(n.keys))
		for i, k := range n.keys {
			*path = append(*path, k)
			r, err := n.items[i].eval(c, path, omitted)
			if err != nil {
				if err := report(err, path, omitted); err != nil {
					return nil, err
				}
			} else {
				out[k] = r
			}
			*path = (*path)[:len(*path)-1]
		}
		return out, nil
	case arrayNode:
		out := make([]any, 0, len(n.items))
		for i := range n.items {
			*path = append(*path, strconv.Itoa(i))
			r, err := n.items[i].eval(c, path, omitted)
			if err != nil {
				if err := report(err, path, omitted); err != nil {
					return nil, err
				}
			} else {
				out = append(out, r)
			}
			*path = (*path)[:len(*path)-1]
		}
		return out, nil
	}
	return nil, fmt.Errorf("expr: invalid compiled value node %d", n.kind)
}

// report passes an unresolved member to omitted; any other error is
// returned.
func report(err error, path *[]string, omitted func(string, *UnresolvedError)) error {
	var ue *UnresolvedError
	if !errors.As(err, &ue) {
		return err
	}
	if omitted != nil {
		omitted(pointerOf(*path), ue)
	}
	return nil
}

// Expressions returns every runtime expression inside the value, with the
// JSON pointer of the string that holds it. Object members are visited in
// sorted key order.
func (v *Value) Expressions() iter.Seq[Occurrence] {
	return func(yield func(Occurrence) bool) {
		var path []string
		v.root.walk(&path, yield)
	}
}

func (n *node) walk(path *[]string, yield func(Occurrence) bool) bool {
	switch n.kind {
	case exprNode:
		return yield(Occurrence{Pointer: pointerOf(*path), Offset: n.offset, Form: n.form, Expr: n.expr})
	case tmplNode:
		ptr := pointerOf(*path)
		for o := range n.tmpl.Expressions() {
			o.Pointer = ptr
			if !yield(o) {
				return false
			}
		}
	case objectNode, arrayNode:
		for i := range n.items {
			if n.kind == objectNode {
				*path = append(*path, n.keys[i])
			} else {
				*path = append(*path, strconv.Itoa(i))
			}
			ok := n.items[i].walk(path, yield)
			*path = (*path)[:len(*path)-1]
			if !ok {
				return false
			}
		}
	}
	return true
}

// deepCopy copies the objects and arrays of a plain JSON value; other
// values are immutable and returned as they are.
func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = deepCopy(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = deepCopy(e)
		}
		return out
	}
	return v
}
