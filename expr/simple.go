package expr

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/arazzo-dev/arazzo/internal/jsonvalue"
	exprlang "github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
)

// This file compiles simple conditions ("$statusCode == 200 &&
// $response.body#/ok == true"). The grammar is written down in the package
// documentation. A condition is parsed here into a small tree whose leaves
// are operands (literals and runtime expressions with member access); the
// tree is then translated into an expr-lang program whose only variable
// is the table of operand values and whose only functions are the
// comparison and truth functions below. The program is compiled at the
// first evaluation that needs it and run by a pooled expr-lang VM; a
// condition that is one comparison or one operand is evaluated directly
// with the same functions (see [simpleCond.eval]) and never compiles a
// program. The parser alone decides whether a condition is valid: every
// tree it builds translates into a program expr-lang compiles (the tests
// and the fuzz target check this), so deferring the compilation defers
// no error.

// Limits that keep hostile conditions cheap to compile and run.
const (
	maxSimpleDepth    = 64  // nesting of parentheses and "!"
	maxSimpleOperands = 512 // literals and expressions in one condition
)

// simpleStop ends the names and JSON pointers of runtime expressions in a
// simple condition (AMB-26): white space, operator and grouping
// characters, and the brackets of element access.
const simpleStop = " \t\n\r=!<>&|()[]"

type cmpOp uint8

const (
	opEq cmpOp = iota + 1
	opNe
	opLt
	opLe
	opGt
	opGe
)

var cmpNames = [...]string{opEq: "==", opNe: "!=", opLt: "<", opLe: "<=", opGt: ">", opGe: ">="}

// cmpFuncs are the names of the expr-lang functions for each operator.
var cmpFuncs = [...]string{opEq: "eq", opNe: "ne", opLt: "lt", opLe: "le", opGt: "gt", opGe: "ge"}

type snodeKind uint8

const (
	nValue snodeKind = iota // an operand, read for its truth in a logical position
	nCmp                    // kids[0] op kids[1], both nValue
	nNot
	nAnd
	nOr
)

type snode struct {
	kind       snodeKind
	op         cmpOp
	operand    int // nValue: index in simpleCond.ops
	kids       []*snode
	start, end int // source range, without enclosing parentheses
	opAt       int // nCmp: offset of the operator
}

// navStep is one member (".name", "['name']") or element ("[n]") access
// after a runtime expression.
type navStep struct {
	name    string
	index   int    // -1 for a member access
	subject string // text of the value the step applies to, for messages
}

// altExpr is another reading of a dotted input or output name: a shorter
// name followed by member access.
type altExpr struct {
	expr *Expression
	nav  []navStep
}

type operand struct {
	text   string // as written
	start  int    // offset in the condition
	isLit  bool
	lit    any
	expr   *Expression
	alts   []altExpr
	nav    []navStep
	status bool // exactly $statusCode: read without boxing (see boxedInt)
}

type simpleCond struct {
	text       string
	root       *snode
	ops        []operand
	direct     bool // evaluate without the VM (one comparison or one operand)
	passReason string
	whole      bool // the condition is exactly one runtime expression

	// The expr-lang program, compiled by program at the first evaluation
	// that runs it. Compiling costs tens of microseconds and kilobytes,
	// which a validator checking conditions, or a condition taking the
	// direct path, should not pay.
	progOnce sync.Once
	prog     *vm.Program
	progErr  error
}

func compileSimple(s string, cfg criterionConfig) (*simpleCond, error) {
	p := sparser{s: s}
	root, err := p.parse()
	if err != nil {
		return nil, fieldError("condition", err)
	}
	sc := &simpleCond{text: s, root: root, ops: p.ops}
	sc.whole = root.kind == nValue && !sc.ops[0].isLit && root.start == 0 && root.end == len(s)
	sc.direct = !cfg.forceVM && (root.kind == nCmp || root.kind == nValue)
	sc.passReason = strings.TrimSpace(s) + " holds"
	return sc, nil
}

// program returns the condition's expr-lang program, compiling it the
// first time. It is safe for concurrent use.
func (sc *simpleCond) program() (*vm.Program, error) {
	sc.progOnce.Do(func() {
		src := generate(sc.root)
		prog, err := exprlang.Compile(src, simpleOptions()...)
		if err != nil {
			// The program is generated from a tree this package built; a
			// failure here is a bug, reported rather than hidden.
			sc.progErr = fmt.Errorf("internal error compiling %q: %v", src, err)
			return
		}
		sc.prog = prog
	})
	return sc.prog, sc.progErr
}

// ---- Parsing ----

type sparser struct {
	s     string
	i     int
	depth int
	ops   []operand
}

func (p *sparser) errorf(off int, format string, args ...any) error {
	return &SyntaxError{Input: p.s, Offset: off, Msg: fmt.Sprintf(format, args...)}
}

func (p *sparser) skipSpace() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *sparser) parse() (*snode, error) {
	p.skipSpace()
	if p.i >= len(p.s) {
		return nil, p.errorf(p.i, "empty condition")
	}
	n, err := p.or()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.i < len(p.s) {
		if p.s[p.i] == ')' {
			return nil, p.errorf(p.i, `unmatched ")"`)
		}
		return nil, p.expectedOperator()
	}
	return n, nil
}

func (p *sparser) or() (*snode, error) {
	first, err := p.and()
	if err != nil {
		return nil, err
	}
	n := first
	for {
		p.skipSpace()
		if !strings.HasPrefix(p.s[p.i:], "||") {
			return n, nil
		}
		p.i += 2
		next, err := p.and()
		if err != nil {
			return nil, err
		}
		if n == first {
			n = &snode{kind: nOr, kids: []*snode{first}, start: first.start}
		}
		n.kids = append(n.kids, next)
		n.end = next.end
	}
}

func (p *sparser) and() (*snode, error) {
	first, err := p.comparison()
	if err != nil {
		return nil, err
	}
	n := first
	for {
		p.skipSpace()
		if !strings.HasPrefix(p.s[p.i:], "&&") {
			return n, nil
		}
		p.i += 2
		next, err := p.comparison()
		if err != nil {
			return nil, err
		}
		if n == first {
			n = &snode{kind: nAnd, kids: []*snode{first}, start: first.start}
		}
		n.kids = append(n.kids, next)
		n.end = next.end
	}
}

// cmpOperator reads a comparison operator at p.i, if there is one.
func (p *sparser) cmpOperator() (cmpOp, int) {
	rest := p.s[p.i:]
	switch {
	case strings.HasPrefix(rest, "=="):
		return opEq, 2
	case strings.HasPrefix(rest, "!="):
		return opNe, 2
	case strings.HasPrefix(rest, "<="):
		return opLe, 2
	case strings.HasPrefix(rest, ">="):
		return opGe, 2
	case strings.HasPrefix(rest, "<"):
		return opLt, 1
	case strings.HasPrefix(rest, ">"):
		return opGt, 1
	}
	return 0, 0
}

func (p *sparser) comparison() (*snode, error) {
	left, err := p.unary()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	op, size := p.cmpOperator()
	if op == 0 {
		return left, nil
	}
	opAt := p.i
	if err := p.comparable(left, op, opAt, "left"); err != nil {
		return nil, err
	}
	p.i += size
	if strings.HasPrefix(p.s[p.i:], "=") && (op == opEq || op == opNe) {
		return nil, p.errorf(opAt, "%q is not an operator; compare with %q", cmpNames[op]+"=", cmpNames[op])
	}
	right, err := p.unary()
	if err != nil {
		return nil, err
	}
	if err := p.comparable(right, op, opAt, "right"); err != nil {
		return nil, err
	}
	p.skipSpace()
	if op2, _ := p.cmpOperator(); op2 != 0 {
		return nil, p.errorf(p.i, "comparisons cannot be chained; combine them with &&")
	}
	return &snode{kind: nCmp, op: op, kids: []*snode{left, right}, start: left.start, end: right.end, opAt: opAt}, nil
}

// comparable checks that a side of a comparison is a value: a literal or
// a runtime expression, not the result of "!", another comparison or a
// logical operator.
func (p *sparser) comparable(n *snode, op cmpOp, opAt int, side string) error {
	if n.kind == nValue {
		return nil
	}
	if n.kind == nNot && side == "left" {
		return p.errorf(n.start, `cannot compare the result of "!"; to negate a comparison write !(a %s b)`, cmpNames[op])
	}
	return p.errorf(n.start, "the %s side of %s must be a literal or a runtime expression, not a %s", side, cmpNames[op], describeNode(n))
}

func describeNode(n *snode) string {
	switch n.kind {
	case nCmp:
		return "comparison"
	case nNot:
		return `negation ("!")`
	case nAnd:
		return `conjunction ("&&")`
	case nOr:
		return `disjunction ("||")`
	}
	return "value"
}

func (p *sparser) enter(off int) error {
	p.depth++
	if p.depth > maxSimpleDepth {
		return p.errorf(off, "the condition nests more than %d levels deep", maxSimpleDepth)
	}
	return nil
}

func (p *sparser) unary() (*snode, error) {
	p.skipSpace()
	if p.i < len(p.s) && p.s[p.i] == '!' && !strings.HasPrefix(p.s[p.i:], "!=") {
		start := p.i
		if err := p.enter(start); err != nil {
			return nil, err
		}
		p.i++
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		p.depth--
		return &snode{kind: nNot, kids: []*snode{x}, start: start, end: x.end}, nil
	}
	return p.primary()
}

func (p *sparser) primary() (*snode, error) {
	p.skipSpace()
	if p.i >= len(p.s) {
		return nil, p.errorf(p.i, "expected a literal, a runtime expression, \"!\" or \"(\", found end of condition")
	}
	start := p.i
	c := p.s[p.i]
	switch {
	case c == '(':
		if err := p.enter(start); err != nil {
			return nil, err
		}
		p.i++
		x, err := p.or()
		if err != nil {
			return nil, err
		}
		p.skipSpace()
		if p.i >= len(p.s) || p.s[p.i] != ')' {
			if p.i >= len(p.s) {
				return nil, p.errorf(start, `unclosed "("`)
			}
			return nil, p.expectedOperator()
		}
		p.i++
		p.depth--
		return x, nil
	case c == '\'':
		s, err := p.stringLit()
		if err != nil {
			return nil, err
		}
		return p.literal(start, s)
	case c == '-' || isDigit(c):
		v, err := p.number()
		if err != nil {
			return nil, err
		}
		return p.literal(start, v)
	case c == '$':
		return p.expression()
	case isAlpha(c) || c == '_':
		w := p.word()
		switch w {
		case "true":
			return p.literal(start, true)
		case "false":
			return p.literal(start, false)
		case "null":
			return p.literal(start, nil)
		}
		return nil, p.badWord(start, w, true)
	}
	return nil, p.unexpected(start, true)
}

// word reads a run of letters, digits and underscores.
func (p *sparser) word() string {
	start := p.i
	for p.i < len(p.s) && (isAlpha(p.s[p.i]) || isDigit(p.s[p.i]) || p.s[p.i] == '_') {
		p.i++
	}
	return p.s[start:p.i]
}

func (p *sparser) addOperand(o operand) (*snode, error) {
	if len(p.ops) >= maxSimpleOperands {
		return nil, p.errorf(o.start, "the condition has more than %d operands", maxSimpleOperands)
	}
	p.ops = append(p.ops, o)
	return &snode{kind: nValue, operand: len(p.ops) - 1, start: o.start, end: p.i}, nil
}

func (p *sparser) literal(start int, v any) (*snode, error) {
	if p.i < len(p.s) && (p.s[p.i] == '.' || p.s[p.i] == '[') {
		return nil, p.errorf(p.i, "a literal has no members or elements")
	}
	return p.addOperand(operand{text: p.s[start:p.i], start: start, isLit: true, lit: v})
}

// stringLit reads a single-quoted string; a quote inside is written as
// two quotes (CRIT-15).
func (p *sparser) stringLit() (string, error) {
	start := p.i
	p.i++
	var b strings.Builder
	from := p.i
	for p.i < len(p.s) {
		if p.s[p.i] != '\'' {
			p.i++
			continue
		}
		b.WriteString(p.s[from:p.i])
		if p.i+1 < len(p.s) && p.s[p.i+1] == '\'' {
			b.WriteByte('\'')
			p.i += 2
			from = p.i
			continue
		}
		p.i++
		s := b.String()
		if !utf8.ValidString(s) {
			return "", p.errorf(start, "string literal is not valid UTF-8")
		}
		return s, nil
	}
	return "", p.errorf(start, "unterminated string literal; a quote inside a string is written as two quotes ('')")
}

// number reads a number in the JSON grammar (AMB-28). Integers that fit
// are int64; other numbers are float64.
func (p *sparser) number() (any, error) {
	start := p.i
	if p.s[p.i] == '-' {
		p.i++
	}
	for p.i < len(p.s) {
		c := p.s[p.i]
		if isDigit(c) || c == '.' || c == 'e' || c == 'E' ||
			((c == '+' || c == '-') && (p.s[p.i-1] == 'e' || p.s[p.i-1] == 'E')) {
			p.i++
			continue
		}
		break
	}
	text := p.s[start:p.i]
	if text == "-" {
		return nil, p.errorf(start, `"-" must be followed by a number; arithmetic is not supported`)
	}
	if !jsonvalue.IsNumberLiteral(text) {
		return nil, p.errorf(start, "invalid number %q; numbers are written as in JSON (no leading zeros, no hex, no \"+\")", text)
	}
	if !strings.ContainsAny(text, ".eE") {
		if n, err := strconv.ParseInt(text, 10, 64); err == nil {
			return n, nil
		}
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil || math.IsInf(f, 0) {
		return nil, p.errorf(start, "number %s is out of range", text)
	}
	return f, nil
}

// expression reads a runtime expression and the member and element
// accesses after it.
func (p *sparser) expression() (*snode, error) {
	start := p.i
	e, end, err := ParsePrefix(p.s, p.i, simpleStop)
	if err != nil {
		return nil, err
	}
	p.i = end
	o := operand{start: start, expr: e}
	for p.i < len(p.s) && (p.s[p.i] == '.' || p.s[p.i] == '[') {
		at := p.i
		step, err := p.navStep()
		if err != nil {
			return nil, err
		}
		step.subject = p.s[start:at]
		o.nav = append(o.nav, step)
	}
	o.text = p.s[start:p.i]
	o.status = e.Kind() == KindStatusCode && len(o.nav) == 0
	o.alts = dottedAlternatives(e, o.nav)
	if p.i < len(p.s) && p.s[p.i] == '(' {
		return nil, p.errorf(p.i, "function and method calls are not supported in simple conditions")
	}
	return p.addOperand(o)
}

// navStep reads one member or element access at p.i, which holds "."
// or "[".
func (p *sparser) navStep() (navStep, error) {
	if p.s[p.i] == '.' {
		p.i++
		from := p.i
		for p.i < len(p.s) && isNavNameByte(p.s[p.i]) {
			p.i++
		}
		if p.i == from {
			return navStep{}, p.errorf(p.i, `expected a member name after ".", found %s`, p.found(p.i))
		}
		name := p.s[from:p.i]
		if !utf8.ValidString(name) {
			return navStep{}, p.errorf(from, "member name is not valid UTF-8")
		}
		return navStep{name: name, index: -1}, nil
	}
	// "[" index "]" or "[" string "]"
	p.i++
	var step navStep
	switch {
	case p.i < len(p.s) && p.s[p.i] == '\'':
		s, err := p.stringLit()
		if err != nil {
			return navStep{}, err
		}
		step = navStep{name: s, index: -1}
	case p.i < len(p.s) && isDigit(p.s[p.i]):
		from := p.i
		for p.i < len(p.s) && isDigit(p.s[p.i]) {
			p.i++
		}
		text := p.s[from:p.i]
		n, err := strconv.Atoi(text)
		if err != nil || (len(text) > 1 && text[0] == '0') {
			return navStep{}, p.errorf(from, "invalid element index %q", text)
		}
		step = navStep{index: n}
	default:
		return navStep{}, p.errorf(p.i, `expected an element index or a quoted member name after "[", found %s`, p.found(p.i))
	}
	if p.i >= len(p.s) || p.s[p.i] != ']' {
		return navStep{}, p.errorf(p.i, `expected "]", found %s`, p.found(p.i))
	}
	p.i++
	return step, nil
}

// isNavNameByte reports whether c may appear in a member name written
// after ".": letters, digits, "_", "-", "$", "@" and any non-ASCII byte.
func isNavNameByte(c byte) bool {
	return isAlpha(c) || isDigit(c) || c == '_' || c == '-' || c == '$' || c == '@' || c >= utf8.RuneSelf
}

func (p *sparser) found(off int) string {
	return (&parser{s: p.s}).found(off)
}

// dottedAlternatives returns the shorter readings of a dotted input or
// output name, longest name first: "$inputs.order.id" is also the input
// "order" followed by ".id".
func dottedAlternatives(e *Expression, nav []navStep) []altExpr {
	switch e.Kind() {
	case KindInputs, KindOutputs, KindSteps, KindWorkflows:
	default:
		return nil
	}
	name := e.Name()
	if e.HasPointer() || !strings.Contains(name, ".") || !strings.HasSuffix(e.String(), name) {
		return nil
	}
	base := len(e.String()) - len(name)
	var alts []altExpr
	for k := strings.LastIndexByte(name, '.'); k > 0; k = strings.LastIndexByte(name[:k], '.') {
		rest := strings.Split(name[k+1:], ".")
		if slicesContainsEmpty(rest) || strings.HasSuffix(name[:k], ".") {
			continue
		}
		pe, err := Parse(e.String()[:base+k])
		if err != nil {
			continue
		}
		alt := altExpr{expr: pe}
		subject := pe.String()
		for _, r := range rest {
			alt.nav = append(alt.nav, navStep{name: r, index: -1, subject: subject})
			subject += "." + r
		}
		alts = append(alts, alt)
	}
	return alts
}

func slicesContainsEmpty(s []string) bool {
	for _, x := range s {
		if x == "" {
			return true
		}
	}
	return false
}

// expectedOperator reports the text at p.i where an operator, ")" or the
// end of the condition was expected.
func (p *sparser) expectedOperator() error {
	start := p.i
	c := p.s[start]
	if isAlpha(c) || c == '_' {
		w := p.word()
		return p.badWord(start, w, false)
	}
	return p.unexpected(start, false)
}

// badWord reports a word that is not true, false or null.
func (p *sparser) badWord(start int, w string, operandPos bool) error {
	switch w {
	case "and":
		return p.errorf(start, `%q is not an operator; use "&&"`, w)
	case "or":
		return p.errorf(start, `%q is not an operator; use "||"`, w)
	case "not":
		return p.errorf(start, `%q is not an operator; use "!"`, w)
	}
	if operandPos {
		if p.i < len(p.s) && p.s[p.i] == '(' {
			return p.errorf(start, "function calls are not supported in simple conditions (found %s())", w)
		}
		for _, k := range []string{"true", "false", "null"} {
			if strings.EqualFold(w, k) {
				return p.errorf(start, "unknown name %q; did you mean %s? (literals are lower case)", w, k)
			}
		}
		return p.errorf(start, "unknown name %q; a simple condition holds literals (numbers, 'strings', true, false, null), runtime expressions starting with \"$\", comparisons, \"!\", \"&&\", \"||\" and parentheses", w)
	}
	if start > 0 && p.s[start-1] == '\'' {
		return p.errorf(start, "unexpected %q right after a string literal; a quote inside a string is written as two quotes ('')", w)
	}
	return p.errorf(start, "unexpected %q; expected a comparison operator, \"&&\", \"||\", \")\" or the end of the condition", w)
}

// unexpected reports the character at off, which cannot start an operand
// (operandPos) or follow one.
func (p *sparser) unexpected(off int, operandPos bool) error {
	c := p.s[off]
	rest := p.s[off:]
	switch {
	case strings.HasPrefix(rest, "=>"):
		return p.errorf(off, `"=>" is not an operator; did you mean ">="?`)
	case strings.HasPrefix(rest, "=<"):
		return p.errorf(off, `"=<" is not an operator; did you mean "<="?`)
	case c == '=':
		return p.errorf(off, `"=" is not an operator; compare with "=="`)
	case c == '&':
		return p.errorf(off, `"&" is not an operator; use "&&"`)
	case c == '|':
		return p.errorf(off, `"|" is not an operator; use "||" (pipes are not supported)`)
	case strings.IndexByte("+-*/%^", c) >= 0:
		return p.errorf(off, "arithmetic is not supported in simple conditions")
	case c == '?' || c == ':':
		return p.errorf(off, "the conditional operator ?: is not supported in simple conditions")
	case c == '"':
		return p.errorf(off, `string literals are written in single quotes ('...'), not double quotes`)
	case c == '[' && operandPos:
		return p.errorf(off, "array literals are not supported in simple conditions")
	case c == '{':
		if strings.HasPrefix(rest, "{$") {
			return p.errorf(off, "{$...} placeholders belong in regex, jsonpath and xpath conditions; in a simple condition write the runtime expression without braces")
		}
		return p.errorf(off, "object literals are not supported in simple conditions")
	case c == '(' && !operandPos:
		return p.errorf(off, "function and method calls are not supported in simple conditions")
	case c == ')' && operandPos:
		return p.errorf(off, `expected a literal, a runtime expression, "!" or "(", found ")"`)
	case c == '\'' && !operandPos:
		return p.errorf(off, "unexpected string literal; expected a comparison operator, \"&&\", \"||\", \")\" or the end of the condition")
	}
	if operandPos {
		return p.errorf(off, `expected a literal, a runtime expression, "!" or "(", found %s`, p.found(off))
	}
	return p.errorf(off, `unexpected %s; expected a comparison operator, "&&", "||", ")" or the end of the condition`, p.found(off))
}

// ---- Translation to expr-lang ----

// simpleEnv is the environment of the expr-lang programs: the table of
// operand values of one evaluation. It has no exported fields or methods,
// so a program can reach nothing but what the functions below give it.
type simpleEnv struct {
	vals []any
}

var (
	simpleOptsOnce sync.Once
	simpleOpts     []exprlang.Option
)

// simpleOptions configures expr-lang for the generated programs: the
// environment, no builtins, a boolean result, and the comparison and
// truth functions, each taking the environment and operand indexes.
func simpleOptions() []exprlang.Option {
	simpleOptsOnce.Do(func() {
		simpleOpts = []exprlang.Option{
			exprlang.Env(&simpleEnv{}),
			exprlang.DisableAllBuiltins(),
			exprlang.AsBool(),
			exprlang.Function("truthy", func(args ...any) (any, error) {
				env := args[0].(*simpleEnv)
				return truthy(env.vals[args[1].(int)]), nil
			}, new(func(*simpleEnv, int) bool)),
		}
		for op := opEq; op <= opGe; op++ {
			op := op
			simpleOpts = append(simpleOpts, exprlang.Function(cmpFuncs[op], func(args ...any) (any, error) {
				env := args[0].(*simpleEnv)
				return compare(env.vals[args[1].(int)], env.vals[args[2].(int)], op), nil
			}, new(func(*simpleEnv, int, int) bool)))
		}
	})
	return simpleOpts
}

// generate writes the expr-lang program for the tree: "eq($env, 0, 1) &&
// !truthy($env, 2)". Only these function names, $env, operand indexes,
// "!", "&&", "||" and parentheses appear in it.
func generate(n *snode) string {
	var b strings.Builder
	gen(&b, n)
	return b.String()
}

func gen(b *strings.Builder, n *snode) {
	switch n.kind {
	case nValue:
		fmt.Fprintf(b, "truthy($env, %d)", n.operand)
	case nCmp:
		fmt.Fprintf(b, "%s($env, %d, %d)", cmpFuncs[n.op], n.kids[0].operand, n.kids[1].operand)
	case nNot:
		b.WriteByte('!')
		genGrouped(b, n.kids[0], n.kids[0].kind == nAnd || n.kids[0].kind == nOr)
	case nAnd, nOr:
		sep := " && "
		if n.kind == nOr {
			sep = " || "
		}
		for i, k := range n.kids {
			if i > 0 {
				b.WriteString(sep)
			}
			genGrouped(b, k, k.kind == nOr || (k.kind == nAnd && n.kind == nAnd))
		}
	}
}

func genGrouped(b *strings.Builder, n *snode, group bool) {
	if group {
		b.WriteByte('(')
	}
	gen(b, n)
	if group {
		b.WriteByte(')')
	}
}

// ---- Evaluation ----

// simpleRun is the per-evaluation state of the VM path, pooled.
type simpleRun struct {
	vm  vm.VM
	env simpleEnv
}

var simpleRuns = sync.Pool{New: func() any { return new(simpleRun) }}

// eval evaluates the condition. A condition that is one comparison or one
// operand is evaluated directly with the comparison and truth functions
// the programs call; every other condition runs its expr-lang program,
// compiled at the first such evaluation, on a pooled VM. Both paths read every operand first (operands have no side
// effects) and explain a failure by walking the tree.
func (sc *simpleCond) eval(c Context) Outcome {
	if sc.direct {
		return sc.evalDirect(c)
	}
	prog, err := sc.program()
	if err != nil {
		return Outcome{Reason: "evaluation error: " + err.Error(), Err: err}
	}
	r := simpleRuns.Get().(*simpleRun)
	if cap(r.env.vals) < len(sc.ops) {
		r.env.vals = make([]any, len(sc.ops))
	}
	vals := r.env.vals[:len(sc.ops)]
	r.env.vals = vals
	for i := range sc.ops {
		vals[i] = sc.ops[i].value(c)
	}
	out, err := r.vm.Run(prog, &r.env)
	var o Outcome
	switch {
	case err != nil:
		o = Outcome{Reason: "evaluation error: " + err.Error(), Err: err}
	case out == true:
		o = Outcome{Passed: true, Reason: sc.passReason}
	default:
		o = Outcome{Reason: sc.explain(sc.root, vals)}
	}
	clear(vals)
	simpleRuns.Put(r)
	return o
}

func (sc *simpleCond) evalDirect(c Context) Outcome {
	var vals [2]any
	root := sc.root
	var passed bool
	if root.kind == nValue {
		vals[0] = sc.ops[root.operand].value(c)
		passed = truthy(vals[0])
	} else {
		l, r := root.kids[0].operand, root.kids[1].operand
		vals[0] = sc.ops[l].value(c)
		vals[1] = sc.ops[r].value(c)
		passed = compare(vals[0], vals[1], root.op)
	}
	if passed {
		return Outcome{Passed: true, Reason: sc.passReason}
	}
	// The operand indexes of a lone comparison are 0 and 1, of a lone
	// operand 0, so vals is indexed like the operand table.
	return Outcome{Reason: sc.explain(root, vals[:len(sc.ops)])}
}

func (sc *simpleCond) expressions(yield func(Occurrence) bool) bool {
	form := FormBare
	if sc.whole {
		form = FormWhole
	}
	for i := range sc.ops {
		o := &sc.ops[i]
		if o.expr != nil && !yield(Occurrence{Pointer: "/condition", Offset: o.start, Form: form, Expr: o.expr}) {
			return false
		}
	}
	return true
}

// value returns the operand's value in c: a plain JSON value, or the
// *UnresolvedError saying why it does not exist.
func (o *operand) value(c Context) any {
	if o.isLit {
		return o.lit
	}
	if o.status && c != nil {
		if n, ok := c.StatusCode(); ok {
			return boxedInt(n)
		}
	}
	v, err := o.expr.Eval(c)
	if err != nil {
		// A dotted name that does not exist may be a shorter name
		// followed by member access; the longest one that exists wins.
		found := false
		for i := range o.alts {
			a := &o.alts[i]
			av, aerr := a.expr.Eval(c)
			if aerr != nil {
				continue
			}
			var missing *UnresolvedError
			if v, missing = o.navigate(av, a.nav); missing != nil {
				return missing
			}
			found = true
			break
		}
		if !found {
			return err
		}
	}
	if len(o.nav) == 0 {
		return v
	}
	v, missing := o.navigate(v, o.nav)
	if missing != nil {
		return missing
	}
	return v
}

// navigate applies member and element accesses to v.
func (o *operand) navigate(v any, steps []navStep) (any, *UnresolvedError) {
	for i := range steps {
		s := &steps[i]
		switch x := v.(type) {
		case map[string]any:
			if s.index >= 0 {
				return nil, o.missing("%s is an object, so it has no element %d", s.subject, s.index)
			}
			m, ok := x[s.name]
			if !ok {
				return nil, o.missing("%s has no member %q", s.subject, s.name)
			}
			v = m
		case []any:
			if s.index < 0 {
				return nil, o.missing("%s is an array, so it has no member %q", s.subject, s.name)
			}
			if s.index >= len(x) {
				return nil, o.missing("%s has no element %d (array length %d)", s.subject, s.index, len(x))
			}
			v = x[s.index]
		default:
			what := fmt.Sprintf("member %q", s.name)
			if s.index >= 0 {
				what = fmt.Sprintf("element %d", s.index)
			}
			return nil, o.missing("%s is %s, so it has no %s", s.subject, article(jsonvalue.KindOf(v)), what)
		}
	}
	return v, nil
}

func (o *operand) missing(format string, args ...any) *UnresolvedError {
	return &UnresolvedError{Expression: o.text, Reason: fmt.Sprintf(format, args...)}
}

var (
	boxedOnce sync.Once
	boxed     [1000]any
)

// boxedInt returns n as an interface value without allocating for the
// range of HTTP status codes.
func boxedInt(n int) any {
	if n < 0 || n >= len(boxed) {
		return n
	}
	boxedOnce.Do(func() {
		for i := range boxed {
			boxed[i] = i
		}
	})
	return boxed[n]
}

// ---- Semantics ----

// truthy reports whether a value passes on its own: only the boolean true
// does (AMB-30).
func truthy(v any) bool {
	b, ok := v.(bool)
	return ok && b
}

// isMissing reports whether v stands for a value that did not resolve.
func isMissing(v any) bool {
	_, ok := v.(*UnresolvedError)
	return ok
}

// compare applies a comparison operator with the loose rules of simple
// conditions (AMB-27, AMB-60): a value that did not resolve compares as
// null; null equals only null; strings compare case-insensitively; a
// numeric string is read as a number when the other side is a number;
// arrays and objects are equal when their members are; ordering applies
// to numbers and strings only; any other mix of types is unequal and
// unordered. "!=" is the negation of "==".
func compare(a, b any, op cmpOp) bool {
	switch op {
	case opEq:
		return looseEqual(a, b)
	case opNe:
		return !looseEqual(a, b)
	}
	c, ok := order(a, b)
	if !ok {
		return false
	}
	switch op {
	case opLt:
		return c < 0
	case opLe:
		return c <= 0
	case opGt:
		return c > 0
	case opGe:
		return c >= 0
	}
	return false
}

func looseEqual(a, b any) bool {
	if isMissing(a) {
		a = nil
	}
	if isMissing(b) {
		b = nil
	}
	switch x := a.(type) {
	case nil:
		return b == nil
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case string:
		switch y := b.(type) {
		case string:
			return strings.EqualFold(x, y)
		case nil, bool, []any, map[string]any:
			return false
		}
		n, ok := numberOf(b)
		if !ok {
			return false
		}
		m, ok := numericString(x)
		return ok && cmpNumbers(m, n) == 0
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !looseEqual(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, xv := range x {
			yv, ok := y[k]
			if !ok || !looseEqual(xv, yv) {
				return false
			}
		}
		return true
	}
	n, ok := numberOf(a)
	if !ok {
		return false
	}
	var m number
	if s, isStr := b.(string); isStr {
		m, ok = numericString(s)
	} else {
		m, ok = numberOf(b)
	}
	return ok && cmpNumbers(n, m) == 0
}

// order compares two values for <, <=, > and >=: numbers numerically
// (with numeric strings read as numbers when the other side is a number),
// strings by case-folded code points. ok is false for any other pair.
func order(a, b any) (int, bool) {
	sa, aStr := a.(string)
	sb, bStr := b.(string)
	if aStr && bStr {
		return foldCompare(sa, sb), true
	}
	var n, m number
	var ok bool
	if aStr {
		n, ok = numericString(sa)
	} else {
		n, ok = numberOf(a)
	}
	if !ok {
		return 0, false
	}
	if bStr {
		m, ok = numericString(sb)
	} else {
		m, ok = numberOf(b)
	}
	if !ok {
		return 0, false
	}
	return cmpNumbers(n, m), true
}

// number is a JSON number, kept as an integer when it is one so that
// large integers compare exactly.
type number struct {
	i     int64
	f     float64
	isInt bool
}

func numberOf(v any) (number, bool) {
	switch x := v.(type) {
	case int:
		return number{i: int64(x), isInt: true}, true
	case int64:
		return number{i: x, isInt: true}, true
	case int32:
		return number{i: int64(x), isInt: true}, true
	case float64:
		return number{f: x}, true
	case json.Number:
		return parseNumber(string(x))
	}
	if f, ok := jsonvalue.ToFloat(v); ok {
		return number{f: f}, true
	}
	return number{}, false
}

// numericString reads s as a number when it is a JSON number literal.
func numericString(s string) (number, bool) {
	if !jsonvalue.IsNumberLiteral(s) {
		return number{}, false
	}
	return parseNumber(s)
}

func parseNumber(s string) (number, bool) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return number{i: n, isInt: true}, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !math.IsInf(f, 0) {
		return number{}, false
	}
	return number{f: f}, true
}

func (n number) float() float64 {
	if n.isInt {
		return float64(n.i)
	}
	return n.f
}

func cmpNumbers(a, b number) int {
	if a.isInt && b.isInt {
		switch {
		case a.i < b.i:
			return -1
		case a.i > b.i:
			return 1
		}
		return 0
	}
	x, y := a.float(), b.float()
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// foldCompare orders two strings by code point after simple case folding,
// consistently with strings.EqualFold: it returns 0 exactly when
// EqualFold(a, b) holds (AMB-60).
func foldCompare(a, b string) int {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		a, b = a[na:], b[nb:]
		if ra == rb || foldEqual(ra, rb) {
			continue
		}
		ca, cb := foldKey(ra), foldKey(rb)
		if ca == cb {
			ca, cb = ra, rb
		}
		if ca < cb {
			return -1
		}
		return 1
	}
	switch {
	case a == "" && b == "":
		return 0
	case a == "":
		return -1
	}
	return 1
}

// foldEqual reports whether r and s are in the same simple case folding
// orbit.
func foldEqual(r, s rune) bool {
	if r < utf8.RuneSelf && s < utf8.RuneSelf {
		return lowerASCII(r) == lowerASCII(s)
	}
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		if f == s {
			return true
		}
	}
	return false
}

func lowerASCII(r rune) rune {
	if r >= 'A' && r <= 'Z' {
		return r + 'a' - 'A'
	}
	return r
}

// foldKey maps a rune to the lower-case member of its case orbit, the
// key used to order runes that are not equal under folding.
func foldKey(r rune) rune {
	if r < utf8.RuneSelf {
		return lowerASCII(r)
	}
	return unicode.ToLower(unicode.ToUpper(r))
}

// ---- Explanations ----

// truth evaluates a node with the operand values of one evaluation; it
// mirrors the program and is used to explain failures.
func truth(n *snode, vals []any) bool {
	switch n.kind {
	case nValue:
		return truthy(vals[n.operand])
	case nCmp:
		return compare(vals[n.kids[0].operand], vals[n.kids[1].operand], n.op)
	case nNot:
		return !truth(n.kids[0], vals)
	case nAnd:
		for _, k := range n.kids {
			if !truth(k, vals) {
				return false
			}
		}
		return true
	case nOr:
		for _, k := range n.kids {
			if truth(k, vals) {
				return true
			}
		}
	}
	return false
}

// explain says why node n, which evaluated to false, did so.
func (sc *simpleCond) explain(n *snode, vals []any) string {
	switch n.kind {
	case nValue:
		o := &sc.ops[n.operand]
		v := vals[n.operand]
		s := sc.describe(o, v) + ", want true"
		if _, isBool := v.(bool); !isBool && !isMissing(v) && v != nil {
			s += " (only the boolean true passes)"
		}
		return s
	case nCmp:
		return sc.explainCmp(n, vals)
	case nNot:
		return sc.src(n.kids[0]) + " is true, want false"
	case nAnd:
		for _, k := range n.kids {
			if !truth(k, vals) {
				return sc.explain(k, vals)
			}
		}
	case nOr:
		parts := make([]string, 0, len(n.kids))
		for _, k := range n.kids {
			parts = append(parts, sc.explain(k, vals))
		}
		return strings.Join(parts, "; ")
	}
	return sc.src(n) + " is false"
}

func (sc *simpleCond) src(n *snode) string {
	return sc.src0(n.start, n.end)
}

func (sc *simpleCond) src0(start, end int) string {
	return strings.TrimSpace(sc.text[start:end])
}

// describe says what an operand's value is: `$statusCode is 404`,
// `$inputs.x is missing (input "x" was not given)`.
func (sc *simpleCond) describe(o *operand, v any) string {
	if ue, ok := v.(*UnresolvedError); ok {
		return fmt.Sprintf("%s is missing (%s)", o.text, ue.Reason)
	}
	return fmt.Sprintf("%s is %s", o.text, shown(v))
}

func (sc *simpleCond) explainCmp(n *snode, vals []any) string {
	li, ri := n.kids[0].operand, n.kids[1].operand
	l, r := &sc.ops[li], &sc.ops[ri]
	lv, rv := vals[li], vals[ri]
	var s string
	switch {
	case !l.isLit && r.isLit:
		s = fmt.Sprintf("%s, want %s %s", sc.describe(l, lv), cmpNames[n.op], r.text)
	case l.isLit && !r.isLit:
		s = fmt.Sprintf("%s, want %s", sc.describe(r, rv), sc.src(n))
	case l.isLit && r.isLit:
		return sc.src(n) + " is false"
	default:
		s = fmt.Sprintf("%s and %s, want %s", sc.describe(l, lv), sc.describe(r, rv), sc.src(n))
	}
	if note := mismatchNote(lv, rv, n.op); note != "" {
		s += " (" + note + ")"
	}
	return s
}

// mismatchNote explains a comparison that failed because of the types of
// its values rather than their content.
func mismatchNote(a, b any, op cmpOp) string {
	if op == opNe || isMissing(a) || isMissing(b) || a == nil || b == nil {
		return ""
	}
	ka, kb := jsonvalue.KindOf(a), jsonvalue.KindOf(b)
	if ka == jsonvalue.String && kb == jsonvalue.Number {
		if _, ok := numericString(a.(string)); !ok {
			return fmt.Sprintf("%s is not a number", shown(a))
		}
		return ""
	}
	if kb == jsonvalue.String && ka == jsonvalue.Number {
		if _, ok := numericString(b.(string)); !ok {
			return fmt.Sprintf("%s is not a number", shown(b))
		}
		return ""
	}
	if op != opEq {
		if (ka == jsonvalue.Number || ka == jsonvalue.String) && ka == kb {
			return ""
		}
		return "only numbers and strings are ordered"
	}
	if ka != kb {
		return fmt.Sprintf("%s never equals %s", article(ka), article(kb))
	}
	return ""
}
