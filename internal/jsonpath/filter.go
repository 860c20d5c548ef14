package jsonpath

import (
	"regexp"
	"unicode/utf8"

	"github.com/arazzo-dev/arazzo/internal/jsonvalue"
)

// logical is a filter expression whose result is LogicalTrue or
// LogicalFalse, evaluated with cur as the current node (@).
type logical interface {
	test(c *evalCtx, cur any) bool
}

// valueExpr is an expression of ValueType. ok == false stands for the
// special result Nothing (a missing node or an undefined function result).
type valueExpr interface {
	value(c *evalCtx, cur any) (v any, ok bool)
}

type orExpr []logical

func (e orExpr) test(c *evalCtx, cur any) bool {
	for _, x := range e {
		if x.test(c, cur) {
			return true
		}
	}
	return false
}

type andExpr []logical

func (e andExpr) test(c *evalCtx, cur any) bool {
	for _, x := range e {
		if !x.test(c, cur) {
			return false
		}
	}
	return true
}

type notExpr struct{ x logical }

func (e notExpr) test(c *evalCtx, cur any) bool {
	return !e.x.test(c, cur)
}

// existsExpr is a test expression on a query: true when the query selects
// at least one node.
type existsExpr struct{ q *filterQuery }

func (e existsExpr) test(c *evalCtx, cur any) bool {
	n, _ := e.q.nodes(c, cur, 1)
	return n > 0
}

type cmpOp uint8

const (
	opEq cmpOp = iota
	opNe
	opLt
	opLe
	opGt
	opGe
)

// compareExpr compares two comparables (RFC 9535 section 2.3.5.2.2).
type compareExpr struct {
	op          cmpOp
	left, right valueExpr
}

func (e *compareExpr) test(c *evalCtx, cur any) bool {
	l, lok := e.left.value(c, cur)
	r, rok := e.right.value(c, cur)
	switch e.op {
	case opEq:
		return equalValues(l, lok, r, rok)
	case opNe:
		return !equalValues(l, lok, r, rok)
	case opLt:
		return lessValues(l, lok, r, rok)
	case opLe:
		return lessValues(l, lok, r, rok) || equalValues(l, lok, r, rok)
	case opGt:
		return lessValues(r, rok, l, lok)
	default: // opGe
		return lessValues(r, rok, l, lok) || equalValues(l, lok, r, rok)
	}
}

// equalValues implements ==: Nothing equals only Nothing; numbers compare by
// value; strings, booleans and null by identity; arrays and objects deeply.
func equalValues(a any, aok bool, b any, bok bool) bool {
	if !aok || !bok {
		return !aok && !bok
	}
	if as, ok := a.(string); ok {
		bs, ok := b.(string)
		return ok && as == bs
	}
	return jsonvalue.Equal(a, b)
}

// lessValues implements <: only two numbers or two strings are ordered;
// strings compare by Unicode scalar values, which for UTF-8 is byte order.
func lessValues(a any, aok bool, b any, bok bool) bool {
	if !aok || !bok {
		return false
	}
	if as, ok := a.(string); ok {
		bs, ok := b.(string)
		return ok && as < bs
	}
	if _, ok := b.(string); ok {
		return false
	}
	fa, ok := jsonvalue.ToFloat(a)
	if !ok {
		return false
	}
	fb, ok := jsonvalue.ToFloat(b)
	return ok && fa < fb
}

// literal is a literal value in a filter: a string, a float64 number,
// true, false or null.
type literal struct{ v any }

func (l *literal) value(*evalCtx, any) (any, bool) {
	return l.v, true
}

// step is one segment of a singular query: a member name, or an index.
type step struct {
	name    string
	index   int64
	isIndex bool
}

// filterQuery is a query inside a filter expression, relative to the
// current node (@) or absolute ($).
type filterQuery struct {
	absolute bool
	segs     []segment
	// singular is true when every segment selects at most one child; steps
	// then holds the same query in a form that needs no walker.
	singular bool
	steps    []step
	// grammarSingular is true when the query matches the singular-query
	// production of RFC 9535, which excludes blank space inside brackets.
	// Only such queries may be compared or passed as values.
	grammarSingular bool
}

// newFilterQuery builds the query @segs (or $segs when absolute).
func newFilterQuery(absolute bool, segs []segment) *filterQuery {
	q := &filterQuery{absolute: absolute, segs: segs}
	q.steps, q.singular = singularSteps(segs)
	q.grammarSingular = q.singular
	for i := range segs {
		q.grammarSingular = q.grammarSingular && segs[i].tight
	}
	return q
}

// singularSteps returns segs as steps when every segment selects at most
// one child.
func singularSteps(segs []segment) ([]step, bool) {
	steps := make([]step, 0, len(segs))
	for i := range segs {
		s := &segs[i]
		if !s.isSingular() {
			return nil, false
		}
		sel := &s.sels[0]
		steps = append(steps, step{name: sel.name, index: sel.index, isIndex: sel.kind == selIndex})
	}
	return steps, true
}

// value returns the value of the node a singular query selects, or
// Nothing.
func (q *filterQuery) value(c *evalCtx, cur any) (any, bool) {
	if q.absolute {
		return lookup(q.steps, c.root)
	}
	return lookup(q.steps, cur)
}

// lookup follows the steps of a singular query from v.
func lookup(steps []step, v any) (any, bool) {
	for i := range steps {
		s := &steps[i]
		if s.isIndex {
			a, ok := v.([]any)
			if !ok {
				return nil, false
			}
			j, ok := resolveIndex(s.index, len(a))
			if !ok {
				return nil, false
			}
			v = a[j]
			continue
		}
		m, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = m[s.name]; !ok {
			return nil, false
		}
	}
	return v, true
}

// nodes counts the nodes the query selects, stopping once limit nodes were
// seen when limit > 0, and returns the first of them.
func (q *filterQuery) nodes(c *evalCtx, cur any, limit int) (int, any) {
	if q.singular {
		if v, ok := q.value(c, cur); ok {
			return 1, v
		}
		return 0, nil
	}
	start := cur
	if q.absolute {
		start = c.root
	}
	w := walker{ctx: c, limit: limit}
	w.walk(q.segs, start)
	return w.n, w.first
}

// exprType is a type of the RFC 9535 function type system.
type exprType uint8

const (
	typeValue exprType = iota
	typeLogical
	typeNodes
)

type funcKind uint8

const (
	fnLength funcKind = iota
	fnCount
	fnMatch
	fnSearch
	fnValue
)

// funcDef declares a function extension: its parameter and result types.
type funcDef struct {
	kind   funcKind
	name   string
	params []exprType
	result exprType
}

// functions are the function extensions of RFC 9535 section 2.4.
var functions = [...]funcDef{
	{kind: fnLength, name: "length", params: []exprType{typeValue}, result: typeValue},
	{kind: fnCount, name: "count", params: []exprType{typeNodes}, result: typeValue},
	{kind: fnMatch, name: "match", params: []exprType{typeValue, typeValue}, result: typeLogical},
	{kind: fnSearch, name: "search", params: []exprType{typeValue, typeValue}, result: typeLogical},
	{kind: fnValue, name: "value", params: []exprType{typeNodes}, result: typeValue},
}

func lookupFunction(name string) *funcDef {
	for i := range functions {
		if functions[i].name == name {
			return &functions[i]
		}
	}
	return nil
}

// funcArg is one argument of a function call: val for a ValueType
// parameter, nodes for a NodesType parameter.
type funcArg struct {
	val   valueExpr
	nodes *filterQuery
}

// funcCall is a call of a function extension.
type funcCall struct {
	def  *funcDef
	args []funcArg
	// For match and search with a literal pattern, the pattern is compiled
	// once at parse time: fixed is true and re is the compiled form, or nil
	// when the pattern is not a valid I-Regexp (the call is then false).
	fixed bool
	re    *regexp.Regexp
}

// value evaluates a function whose result is of ValueType.
func (f *funcCall) value(c *evalCtx, cur any) (any, bool) {
	switch f.def.kind {
	case fnLength:
		v, ok := f.args[0].val.value(c, cur)
		if !ok {
			return nil, false
		}
		switch x := v.(type) {
		case string:
			return utf8.RuneCountInString(x), true
		case []any:
			return len(x), true
		case map[string]any:
			return len(x), true
		}
		return nil, false
	case fnCount:
		n, _ := f.args[0].nodes.nodes(c, cur, 0)
		return n, true
	case fnValue:
		n, first := f.args[0].nodes.nodes(c, cur, 2)
		if n == 1 {
			return first, true
		}
		return nil, false
	}
	return nil, false
}

// test evaluates a function whose result is of LogicalType.
func (f *funcCall) test(c *evalCtx, cur any) bool {
	v, ok := f.args[0].val.value(c, cur)
	if !ok {
		return false
	}
	s, ok := v.(string)
	if !ok {
		return false
	}
	full := f.def.kind == fnMatch
	re := f.re
	if !f.fixed {
		pv, ok := f.args[1].val.value(c, cur)
		if !ok {
			return false
		}
		pattern, ok := pv.(string)
		if !ok {
			return false
		}
		re = cachedIRegexp(pattern, full)
	}
	return re != nil && re.MatchString(s)
}
