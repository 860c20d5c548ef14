package expr

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/antchfx/xmlquery"
	"github.com/antchfx/xpath"
	"github.com/arazzo-dev/arazzo/internal/jsonvalue"
)

// The XPath versions of the Criterion Expression Type Object, as numbers
// for comparison: 10 is XPath 1.0, 31 is XPath 3.1 (the default, CRIT-10).
var xpathVersions = map[string]int{"": 31, "xpath-31": 31, "xpath-30": 30, "xpath-20": 20, "xpath-10": 10}

// xpathCond is a compiled xpath condition (CRIT-10, AMB-33): an XPath
// expression evaluated against the XML document held by the context
// value, passing when its effective boolean value is true.
type xpathCond struct {
	context *Expression
	pat     *pattern[*xpath.Expr]
}

func compileXPath(context *Expression, cond, version string) (*xpathCond, error) {
	v, ok := xpathVersions[version]
	if !ok {
		return nil, fieldError("version", fmt.Errorf("unknown XPath version %q; want xpath-10, xpath-20, xpath-30 or xpath-31 (the default)", version))
	}
	pat, err := newPattern(cond, func(s string) (*xpath.Expr, error) {
		return compileXPathExpr(s, v)
	})
	if err != nil {
		return nil, err
	}
	return &xpathCond{context: context, pat: pat}, nil
}

// compileXPathExpr checks s against the XPath 1.0 grammar, reporting the
// constructs of later versions by name, and compiles it with the XPath
// 1.0 engine.
func compileXPathExpr(s string, version int) (*xpath.Expr, error) {
	if err := checkXPath(s, version); err != nil {
		return nil, err
	}
	x, err := compileAntchfx(s)
	if err != nil {
		msg := err.Error()
		if m := unsupportedFunc.FindStringSubmatch(msg); m != nil {
			return nil, &CriterionError{Field: "condition", Unsupported: true, Err: &SyntaxError{
				Input: s, Offset: max(strings.Index(s, m[1]), 0), Msg: fmt.Sprintf("the XPath function %s() is not supported", m[1])}}
		}
		return nil, fieldError("condition", &SyntaxError{Input: s, Msg: "invalid XPath expression: " + msg})
	}
	return x, nil
}

var unsupportedFunc = regexp.MustCompile(`not yet support this function ([^()\s]+)\(\)`)

// compileAntchfx compiles with the XPath engine, turning a panic into an
// error.
func compileAntchfx(s string) (x *xpath.Expr, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return xpath.Compile(s)
}

func (xc *xpathCond) eval(c Context) Outcome {
	v, o, ok := contextValue(xc.context, c)
	if !ok {
		return o
	}
	x, expr, err := xc.pat.get(c)
	if err != nil {
		return patternError("XPath expression", expr, err)
	}
	doc, ok := v.(string)
	if !ok {
		err := fmt.Errorf("an xpath condition needs an XML document as a string, and context %s is %s", xc.context, article(jsonvalue.KindOf(v)))
		return Outcome{Reason: err.Error(), Err: err}
	}
	root, err := xmlquery.Parse(strings.NewReader(doc))
	if err != nil {
		err = fmt.Errorf("context %s is not an XML document: %w", xc.context, err)
		return Outcome{Reason: err.Error(), Err: err}
	}
	passed, what, err := evalXPath(x, xmlquery.CreateXPathNavigator(root))
	if err != nil {
		return Outcome{Reason: fmt.Sprintf("XPath %s: %v", expr, err), Err: err}
	}
	return Outcome{Passed: passed, Reason: fmt.Sprintf("XPath %s returned %s", expr, what)}
}

// evalXPath evaluates x and returns its effective boolean value (XPath
// 1.0 section 4.2, which agrees with XPath 2.0 and later for the results
// an XPath 1.0 expression has): a non-empty node-set, true, a non-zero
// number that is not NaN and a non-empty string pass. what describes the
// result. A panic of the engine becomes an error.
func evalXPath(x *xpath.Expr, nav xpath.NodeNavigator) (passed bool, what string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("evaluation failed: %v", r)
		}
	}()
	switch r := x.Evaluate(nav).(type) {
	case *xpath.NodeIterator:
		if r.MoveNext() {
			return true, "a non-empty node-set", nil
		}
		return false, "an empty node-set", nil
	case bool:
		return r, fmt.Sprint(r), nil
	case float64:
		return r != 0 && !math.IsNaN(r), "the number " + jsonvalueNumber(r), nil
	case string:
		return r != "", "the string " + quoteShort(r), nil
	case nil:
		return false, "nothing", nil
	default:
		return false, fmt.Sprintf("a value of type %T", r), nil
	}
}

// jsonvalueNumber formats an XPath number, including NaN and infinities.
func jsonvalueNumber(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	return jsonvalue.FormatNumber(f)
}

func (xc *xpathCond) expressions(yield func(Occurrence) bool) bool {
	return xc.pat.expressions(yield)
}

// ---- An XPath 1.0 recognizer ----
//
// The engine accepts a prefix of some texts and ignores the rest ("a eq
// b" compiles as "a"), so each condition is first checked against the
// XPath 1.0 grammar here. Constructs of XPath 2.0 and later are reported
// by name: as syntax errors for xpath-10, and as unsupported for later
// versions.

// xpath10Functions is the XPath 1.0 core function library.
var xpath10Functions = map[string]bool{
	"last": true, "position": true, "count": true, "id": true, "local-name": true, "namespace-uri": true, "name": true,
	"string": true, "concat": true, "starts-with": true, "contains": true, "substring-before": true, "substring-after": true,
	"substring": true, "string-length": true, "normalize-space": true, "translate": true, "boolean": true, "not": true,
	"true": true, "false": true, "lang": true, "number": true, "sum": true, "floor": true, "ceiling": true, "round": true,
}

// xpath20Functions are the XPath 2.0 functions the engine implements.
var xpath20Functions = map[string]bool{
	"lower-case": true, "ends-with": true, "matches": true, "replace": true, "reverse": true, "string-join": true,
}

var xpathAxes = map[string]bool{
	"ancestor": true, "ancestor-or-self": true, "attribute": true, "child": true, "descendant": true,
	"descendant-or-self": true, "following": true, "following-sibling": true, "namespace": true, "parent": true,
	"preceding": true, "preceding-sibling": true, "self": true,
}

// laterOperators are names that are operators in XPath 2.0 and later.
var laterOperators = map[string]string{
	"eq": "value comparison eq", "ne": "value comparison ne", "lt": "value comparison lt", "le": "value comparison le",
	"gt": "value comparison gt", "ge": "value comparison ge", "is": "node comparison is", "to": "range expression to",
	"idiv": "integer division idiv", "except": "except operator", "intersect": "intersect operator",
	"union": "union keyword (XPath 1.0 writes |)", "instance": "instance of expression", "treat": "treat as expression",
	"castable": "castable as expression", "cast": "cast as expression",
}

type xtok uint8

const (
	xEOF xtok = iota
	xLParen
	xRParen
	xLBracket
	xRBracket
	xDot
	xDotDot
	xAt
	xComma
	xColonColon
	xSlash
	xSlashSlash
	xPipe
	xPlus
	xMinus
	xEq
	xNe
	xLt
	xLe
	xGt
	xGe
	xStar
	xLiteral
	xNumber
	xVar
	xName // a QName, or NCName:*
)

type xtoken struct {
	kind       xtok
	start, end int
	text       string
}

type xchecker struct {
	s       string
	version int
	tok     xtoken // current token
	depth   int
}

// checkXPath checks s against the XPath 1.0 grammar.
func checkXPath(s string, version int) error {
	c := &xchecker{s: s, version: version}
	if strings.TrimSpace(s) == "" {
		return fieldError("condition", &SyntaxError{Input: s, Offset: 0, Msg: "empty XPath expression"})
	}
	if err := c.next(0); err != nil {
		return err
	}
	if err := c.expr(); err != nil {
		return err
	}
	if c.tok.kind != xEOF {
		return c.unexpectedOperator()
	}
	return nil
}

func (c *xchecker) errorf(off int, format string, args ...any) error {
	return fieldError("condition", &SyntaxError{Input: c.s, Offset: off, Msg: fmt.Sprintf(format, args...)})
}

// later reports a construct of a later XPath version: a syntax error
// when the requested version does not have it, unsupported otherwise.
func (c *xchecker) later(off int, construct string, since int) error {
	name := fmt.Sprintf("XPath %d.%d", since/10, since%10)
	if c.version < since {
		want := fmt.Sprintf("XPath %d.%d", c.version/10, c.version%10)
		return c.errorf(off, "the %s is %s, not %s", construct, name, want)
	}
	return &CriterionError{Field: "condition", Unsupported: true, Err: &SyntaxError{Input: c.s, Offset: off,
		Msg: fmt.Sprintf("the %s (%s) is not supported; XPath conditions are evaluated by an XPath 1.0 engine, which covers the XPath 1.0 subset of later versions", construct, name)}}
}

func (c *xchecker) skipSpace(i int) int {
	for i < len(c.s) && (c.s[i] == ' ' || c.s[i] == '\t' || c.s[i] == '\n' || c.s[i] == '\r') {
		i++
	}
	return i
}

// next reads the token at or after offset i.
func (c *xchecker) next(i int) error {
	i = c.skipSpace(i)
	t := xtoken{start: i}
	if i >= len(c.s) {
		t.kind, t.end = xEOF, i
		c.tok = t
		return nil
	}
	rest := c.s[i:]
	two := func(k xtok) { t.kind, t.end = k, i+2 }
	one := func(k xtok) { t.kind, t.end = k, i+1 }
	switch ch := c.s[i]; {
	case strings.HasPrefix(rest, "(:"):
		return c.later(i, "comment (: :)", 20)
	case strings.HasPrefix(rest, "||"):
		return c.later(i, "string concatenation operator ||", 30)
	case strings.HasPrefix(rest, "=>"):
		return c.later(i, "arrow operator =>", 31)
	case strings.HasPrefix(rest, "<<") || strings.HasPrefix(rest, ">>"):
		return c.later(i, "node order comparison "+rest[:2], 20)
	case strings.HasPrefix(rest, ":="):
		return c.later(i, "let binding :=", 30)
	case strings.HasPrefix(rest, "!="):
		two(xNe)
	case ch == '!':
		return c.later(i, "simple map operator !", 30)
	case ch == '?':
		return c.later(i, "lookup operator ?", 31)
	case ch == '#':
		return c.later(i, "named function reference #", 30)
	case ch == '{' || ch == '}':
		return c.later(i, "braces of map, array and function constructors", 30)
	case strings.HasPrefix(rest, "::"):
		two(xColonColon)
	case strings.HasPrefix(rest, ".."):
		two(xDotDot)
	case strings.HasPrefix(rest, "//"):
		two(xSlashSlash)
	case strings.HasPrefix(rest, "<="):
		two(xLe)
	case strings.HasPrefix(rest, ">="):
		two(xGe)
	case ch == '.' && (i+1 >= len(c.s) || !isDigit(c.s[i+1])):
		one(xDot)
	case ch == '(':
		one(xLParen)
	case ch == ')':
		one(xRParen)
	case ch == '[':
		one(xLBracket)
	case ch == ']':
		one(xRBracket)
	case ch == '@':
		one(xAt)
	case ch == ',':
		one(xComma)
	case ch == '/':
		one(xSlash)
	case ch == '|':
		one(xPipe)
	case ch == '+':
		one(xPlus)
	case ch == '-':
		one(xMinus)
	case ch == '=':
		one(xEq)
	case ch == '<':
		one(xLt)
	case ch == '>':
		one(xGt)
	case ch == '*':
		one(xStar)
	case ch == '"' || ch == '\'':
		end := strings.IndexByte(c.s[i+1:], ch)
		if end < 0 {
			return c.errorf(i, "unterminated string literal")
		}
		t.kind, t.end = xLiteral, i+end+2
		if t.end < len(c.s) && c.s[t.end] == ch {
			return c.later(t.end-1, "doubled quote inside a string literal", 20)
		}
	case isDigit(ch) || ch == '.':
		j := i
		for j < len(c.s) && isDigit(c.s[j]) {
			j++
		}
		if j < len(c.s) && c.s[j] == '.' {
			j++
			for j < len(c.s) && isDigit(c.s[j]) {
				j++
			}
		}
		if j < len(c.s) && (c.s[j] == 'e' || c.s[j] == 'E') {
			return c.later(i, "exponent in a number literal", 20)
		}
		t.kind, t.end = xNumber, j
	case ch == '$':
		j, ok := c.qname(i + 1)
		if !ok {
			return c.errorf(i, `expected a variable name after "$"`)
		}
		t.kind, t.end = xVar, j
	default:
		j, ok := c.qname(i)
		if !ok {
			r, _ := utf8.DecodeRuneInString(rest)
			return c.errorf(i, "unexpected character %q", r)
		}
		t.kind, t.end = xName, j
	}
	t.text = c.s[t.start:t.end]
	c.tok = t
	return nil
}

// qname reads a QName, or NCName ":*", at i and returns its end.
func (c *xchecker) qname(i int) (int, bool) {
	j, ok := c.ncname(i)
	if !ok {
		return i, false
	}
	if j+1 < len(c.s) && c.s[j] == ':' && c.s[j+1] != ':' {
		if c.s[j+1] == '*' {
			return j + 2, true
		}
		if k, ok := c.ncname(j + 1); ok {
			return k, true
		}
	}
	return j, true
}

func (c *xchecker) ncname(i int) (int, bool) {
	start := i
	for i < len(c.s) {
		r, size := utf8.DecodeRuneInString(c.s[i:])
		first := i == start
		if r == '_' || unicode.IsLetter(r) || (!first && (unicode.IsDigit(r) || r == '-' || r == '.' || unicode.Is(unicode.Mn, r))) {
			i += size
			continue
		}
		break
	}
	return i, i > start
}

// peekByte returns the first non-space byte at or after i.
func (c *xchecker) peekByte(i int) byte {
	i = c.skipSpace(i)
	if i < len(c.s) {
		return c.s[i]
	}
	return 0
}

func (c *xchecker) advance() error { return c.next(c.tok.end) }

func (c *xchecker) expect(k xtok, what string) error {
	if c.tok.kind != k {
		if c.tok.kind == xName {
			if construct, ok := laterOperators[c.tok.text]; ok {
				return c.later(c.tok.start, construct, 20)
			}
		}
		return c.errorf(c.tok.start, "expected %s, found %s", what, c.describe())
	}
	return c.advance()
}

func (c *xchecker) describe() string {
	if c.tok.kind == xEOF {
		return "end of expression"
	}
	return fmt.Sprintf("%q", c.tok.text)
}

func (c *xchecker) isOp(name string) bool {
	return c.tok.kind == xName && c.tok.text == name
}

// unexpectedOperator reports the token after a complete operand.
func (c *xchecker) unexpectedOperator() error {
	if c.tok.kind == xName {
		if what, ok := laterOperators[c.tok.text]; ok {
			return c.later(c.tok.start, what, 20)
		}
	}
	return c.errorf(c.tok.start, "unexpected %s; expected an operator or the end of the expression", c.describe())
}

func (c *xchecker) expr() error {
	c.depth++
	if c.depth > 64 {
		return c.errorf(c.tok.start, "the expression nests more than 64 levels deep")
	}
	defer func() { c.depth-- }()
	return c.binary(0)
}

// binaryLevels lists the binary operators of XPath 1.0 from the loosest
// to the tightest binding.
var binaryLevels = [][]string{{"or"}, {"and"}, {"=", "!="}, {"<", "<=", ">", ">="}, {"+", "-"}, {"*", "div", "mod"}}

func (c *xchecker) atOperator(level int) bool {
	for _, op := range binaryLevels[level] {
		switch op {
		case "or", "and", "div", "mod":
			if c.isOp(op) {
				return true
			}
		default:
			if c.tok.kind != xName && c.tok.kind != xLiteral && c.tok.text == op {
				return true
			}
		}
	}
	return false
}

func (c *xchecker) binary(level int) error {
	if level == len(binaryLevels) {
		return c.unary()
	}
	if err := c.binary(level + 1); err != nil {
		return err
	}
	for c.atOperator(level) {
		if err := c.advance(); err != nil {
			return err
		}
		if err := c.binary(level + 1); err != nil {
			return err
		}
	}
	return nil
}

func (c *xchecker) unary() error {
	for c.tok.kind == xMinus {
		if err := c.advance(); err != nil {
			return err
		}
	}
	if err := c.path(); err != nil {
		return err
	}
	for c.tok.kind == xPipe {
		if err := c.advance(); err != nil {
			return err
		}
		if err := c.path(); err != nil {
			return err
		}
	}
	return nil
}

// path reads a PathExpr: a location path, or a filter expression
// optionally followed by a relative location path.
func (c *xchecker) path() error {
	switch c.tok.kind {
	case xSlash:
		if err := c.advance(); err != nil {
			return err
		}
		if c.startsStep() {
			return c.relativePath()
		}
		return nil
	case xSlashSlash:
		if err := c.advance(); err != nil {
			return err
		}
		return c.relativePath()
	}
	if c.startsPrimary() {
		if err := c.primary(); err != nil {
			return err
		}
		if err := c.predicates(); err != nil {
			return err
		}
		if c.tok.kind == xSlash || c.tok.kind == xSlashSlash {
			if err := c.advance(); err != nil {
				return err
			}
			return c.relativePath()
		}
		return nil
	}
	if c.startsStep() {
		return c.relativePath()
	}
	if c.tok.kind == xEOF {
		return c.errorf(c.tok.start, "expected an expression, found end of expression")
	}
	return c.errorf(c.tok.start, "expected an expression, found %s", c.describe())
}

func (c *xchecker) startsStep() bool {
	switch c.tok.kind {
	case xDot, xDotDot, xAt, xStar, xName:
		return true
	}
	return false
}

func (c *xchecker) startsPrimary() bool {
	switch c.tok.kind {
	case xVar, xLParen, xLiteral, xNumber:
		return true
	case xName:
		// A name followed by "(" is a function call unless it is a node
		// type; a name followed by "::" is an axis.
		if c.peekByte(c.tok.end) != '(' {
			return false
		}
		switch c.tok.text {
		case "node", "text", "comment", "processing-instruction":
			return false
		}
		return true
	}
	return false
}

func (c *xchecker) primary() error {
	t := c.tok
	switch t.kind {
	case xVar:
		return c.errorf(t.start, "variable %s is not defined; XPath conditions have no variables (embed runtime expressions as {$...} placeholders)", t.text)
	case xLParen:
		if err := c.advance(); err != nil {
			return err
		}
		if err := c.expr(); err != nil {
			return err
		}
		return c.expect(xRParen, `")"`)
	case xLiteral, xNumber:
		return c.advance()
	}
	return c.functionCall()
}

func (c *xchecker) functionCall() error {
	t := c.tok
	switch t.text {
	case "if":
		return c.later(t.start, "if expression", 20)
	case "function":
		return c.later(t.start, "inline function", 30)
	case "map", "array":
		return c.later(t.start, t.text+" constructor", 31)
	}
	switch {
	case xpath10Functions[t.text]:
		if t.text == "id" || t.text == "lang" {
			return &CriterionError{Field: "condition", Unsupported: true, Err: &SyntaxError{Input: c.s, Offset: t.start,
				Msg: fmt.Sprintf("the XPath function %s() is not supported", t.text)}}
		}
	case xpath20Functions[t.text]:
		if c.version < 20 {
			return c.later(t.start, fmt.Sprintf("function %s()", t.text), 20)
		}
	case c.version < 20:
		return c.errorf(t.start, "%s() is not an XPath 1.0 function", t.text)
	default:
		return &CriterionError{Field: "condition", Unsupported: true, Err: &SyntaxError{Input: c.s, Offset: t.start,
			Msg: fmt.Sprintf("the XPath function %s() is not supported; the supported functions are those of XPath 1.0 (except id and lang) and lower-case, ends-with, matches, replace, reverse and string-join", t.text)}}
	}
	if err := c.advance(); err != nil {
		return err
	}
	if err := c.expect(xLParen, `"("`); err != nil {
		return err
	}
	if c.tok.kind == xRParen {
		return c.advance()
	}
	for {
		if err := c.expr(); err != nil {
			return err
		}
		if c.tok.kind != xComma {
			break
		}
		if err := c.advance(); err != nil {
			return err
		}
	}
	return c.expect(xRParen, `"," or ")"`)
}

func (c *xchecker) predicates() error {
	for c.tok.kind == xLBracket {
		if err := c.advance(); err != nil {
			return err
		}
		if err := c.expr(); err != nil {
			return err
		}
		if err := c.expect(xRBracket, `"]"`); err != nil {
			return err
		}
	}
	return nil
}

func (c *xchecker) relativePath() error {
	for {
		if err := c.step(); err != nil {
			return err
		}
		if c.tok.kind != xSlash && c.tok.kind != xSlashSlash {
			return nil
		}
		if err := c.advance(); err != nil {
			return err
		}
	}
}

func (c *xchecker) step() error {
	switch c.tok.kind {
	case xDot, xDotDot:
		return c.advance()
	case xAt:
		if err := c.advance(); err != nil {
			return err
		}
	case xName:
		if c.peekByte(c.tok.end) == ':' && strings.HasPrefix(c.s[c.skipSpace(c.tok.end):], "::") {
			if !xpathAxes[c.tok.text] {
				return c.errorf(c.tok.start, "unknown axis %q", c.tok.text)
			}
			if err := c.advance(); err != nil {
				return err
			}
			if err := c.expect(xColonColon, `"::"`); err != nil {
				return err
			}
		} else if err := c.keywordExpr(); err != nil {
			return err
		}
	}
	if err := c.nodeTest(); err != nil {
		return err
	}
	return c.predicates()
}

// keywordExpr reports the XPath 2.0 and 3.0 expressions that start with
// a keyword followed by a variable: "for $x in", "some $x in", "every $x
// in", "let $x :=".
func (c *xchecker) keywordExpr() error {
	if c.peekByte(c.tok.end) != '$' {
		return nil
	}
	switch c.tok.text {
	case "for":
		return c.later(c.tok.start, "for expression", 20)
	case "some", "every":
		return c.later(c.tok.start, "quantified expression ("+c.tok.text+")", 20)
	case "let":
		return c.later(c.tok.start, "let expression", 30)
	}
	return nil
}

func (c *xchecker) nodeTest() error {
	switch c.tok.kind {
	case xStar:
		return c.advance()
	case xName:
		name := c.tok.text
		if c.peekByte(c.tok.end) == '(' {
			switch name {
			case "node", "text", "comment":
				if err := c.advance(); err != nil {
					return err
				}
				if err := c.expect(xLParen, `"("`); err != nil {
					return err
				}
				return c.expect(xRParen, `")"`)
			case "processing-instruction":
				if err := c.advance(); err != nil {
					return err
				}
				if err := c.expect(xLParen, `"("`); err != nil {
					return err
				}
				if c.tok.kind == xLiteral {
					if err := c.advance(); err != nil {
						return err
					}
				}
				return c.expect(xRParen, `")"`)
			}
			return c.later(c.tok.start, "kind test "+name+"()", 20)
		}
		return c.advance()
	}
	return c.errorf(c.tok.start, "expected a node test, found %s", c.describe())
}
