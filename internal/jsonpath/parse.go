package jsonpath

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// maxNesting bounds how deeply filters, parentheses and function calls may
// nest, so that hostile queries cannot exhaust the stack.
const maxNesting = 64

// maxSafeInt is 2^53-1, the largest integer an index or slice parameter
// may have (the I-JSON exact range).
const maxSafeInt = 1<<53 - 1

// parser is a recursive-descent parser for the RFC 9535 grammar. It checks
// well-typedness of filter expressions as it goes.
type parser struct {
	src   string
	pos   int
	depth int
}

func (p *parser) errorf(off int, format string, args ...any) error {
	return &SyntaxError{Offset: off, Msg: fmt.Sprintf(format, args...)}
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func (p *parser) eof() bool { return p.pos >= len(p.src) }

// at reports whether the next byte is c.
func (p *parser) at(c byte) bool { return p.pos < len(p.src) && p.src[p.pos] == c }

func (p *parser) skipBlank() {
	for p.pos < len(p.src) && isBlank(p.src[p.pos]) {
		p.pos++
	}
}

// describe names the next character for an error message.
func (p *parser) describe() string {
	if p.eof() {
		return "end of query"
	}
	r, size := utf8.DecodeRuneInString(p.src[p.pos:])
	if r == utf8.RuneError && size == 1 {
		return fmt.Sprintf("byte 0x%02x", p.src[p.pos])
	}
	return strconv.QuoteRune(r)
}

func (p *parser) enter(off int) error {
	p.depth++
	if p.depth > maxNesting {
		return p.errorf(off, "expression nests more than %d levels deep", maxNesting)
	}
	return nil
}

// parseQuery parses a whole query: "$" followed by segments.
func (p *parser) parseQuery() ([]segment, error) {
	if p.eof() {
		return nil, p.errorf(0, "empty query: a JSONPath query starts with '$'")
	}
	if p.src[0] != '$' {
		if isBlank(p.src[0]) {
			return nil, p.errorf(0, "blank space is not allowed before '$'")
		}
		return nil, p.errorf(0, "a JSONPath query starts with '$', not %s", p.describe())
	}
	p.pos = 1
	segs, err := p.parseSegments()
	if err != nil {
		return nil, err
	}
	if !p.eof() {
		trailing := p.pos
		p.skipBlank()
		if p.eof() {
			return nil, p.errorf(trailing, "blank space is not allowed at the end of a query")
		}
		return nil, p.errorf(p.pos, "unexpected %s: expected '.', '..' or '['", p.describe())
	}
	return segs, nil
}

// parseSegments parses segments until the next non-blank character cannot
// start one; the blank space before that character is left unread.
func (p *parser) parseSegments() ([]segment, error) {
	var segs []segment
	for {
		save := p.pos
		p.skipBlank()
		if p.eof() || (p.src[p.pos] != '[' && p.src[p.pos] != '.') {
			p.pos = save
			return segs, nil
		}
		seg, err := p.parseSegment()
		if err != nil {
			return nil, err
		}
		segs = append(segs, seg)
	}
}

// parseSegment parses one segment starting at '[' or '.'.
func (p *parser) parseSegment() (segment, error) {
	if p.at('[') {
		sels, tight, err := p.parseBracketed()
		return segment{sels: sels, tight: tight}, err
	}
	p.pos++ // '.'
	descendant := p.at('.')
	if descendant {
		p.pos++
	}
	seg := segment{descendant: descendant, tight: true}
	switch {
	case p.at('['):
		if !descendant {
			return seg, p.errorf(p.pos, "'[' cannot follow '.': write [...] or .name")
		}
		sels, _, err := p.parseBracketed()
		seg.sels = sels
		return seg, err
	case p.at('*'):
		p.pos++
		seg.sels = []selector{{kind: selWildcard}}
		return seg, nil
	}
	name, err := p.parseShorthand(descendant)
	seg.sels = []selector{{kind: selName, name: name}}
	return seg, err
}

// parseShorthand parses a member-name-shorthand after "." or "..".
func (p *parser) parseShorthand(descendant bool) (string, error) {
	after := "'.'"
	if descendant {
		after = "'..'"
	}
	start := p.pos
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if c < utf8.RuneSelf {
			if isAlpha(c) || c == '_' || (p.pos > start && isDigit(c)) {
				p.pos++
				continue
			}
			break
		}
		r, size := utf8.DecodeRuneInString(p.src[p.pos:])
		if r == utf8.RuneError && size == 1 {
			return "", p.errorf(p.pos, "invalid UTF-8 in member name")
		}
		p.pos += size
	}
	if p.pos > start {
		return p.src[start:p.pos], nil
	}
	switch {
	case p.eof():
		return "", p.errorf(p.pos, "expected a member name or '*' after %s", after)
	case isBlank(p.src[p.pos]):
		return "", p.errorf(p.pos, "blank space is not allowed after %s", after)
	case isDigit(p.src[p.pos]):
		return "", p.errorf(p.pos, "a member name after %s cannot start with a digit: use [%c] for an index or ['...'] for a name", after, p.src[p.pos])
	}
	return "", p.errorf(p.pos, "expected a member name or '*' after %s, found %s: use ['...'] for other names", after, p.describe())
}

// parseBracketed parses "[" selector *("," selector) "]". tight reports a
// bracket with no blank space inside.
func (p *parser) parseBracketed() (sels []selector, tight bool, err error) {
	open := p.pos
	p.pos++ // '['
	p.skipBlank()
	tight = p.pos == open+1
	for {
		sel, err := p.parseSelector()
		if err != nil {
			return nil, false, err
		}
		sels = append(sels, sel)
		end := p.pos
		p.skipBlank()
		switch {
		case p.eof():
			return nil, false, p.errorf(p.pos, "missing ']' to close '[' at offset %d", open)
		case p.src[p.pos] == ']':
			tight = tight && end == p.pos
			p.pos++
			return sels, tight, nil
		case p.src[p.pos] == ',':
			p.pos++
			p.skipBlank()
		default:
			return nil, false, p.errorf(p.pos, "expected ',' or ']', found %s", p.describe())
		}
	}
}

func (p *parser) parseSelector() (selector, error) {
	if p.eof() {
		return selector{}, p.errorf(p.pos, "expected a selector, found end of query")
	}
	switch c := p.src[p.pos]; {
	case c == '\'' || c == '"':
		name, err := p.parseString()
		return selector{kind: selName, name: name}, err
	case c == '*':
		p.pos++
		return selector{kind: selWildcard}, nil
	case c == '?':
		f, err := p.parseFilterSelector()
		return selector{kind: selFilter, filter: f}, err
	case c == ':' || c == '-' || isDigit(c):
		return p.parseIndexOrSlice()
	case c == '@' || c == '$':
		return selector{}, p.errorf(p.pos, "a query in brackets must be a filter: write [?%c...]", c)
	}
	return selector{}, p.errorf(p.pos, "expected a selector (a quoted name, '*', an index, a slice or a '?' filter), found %s", p.describe())
}

// parseIndexOrSlice parses an index selector or a slice selector
// "[start S] ':' S [end S] [':' [S step]]".
func (p *parser) parseIndexOrSlice() (selector, error) {
	sel := selector{kind: selSlice, step: 1}
	if !p.at(':') {
		n, err := p.parseInt()
		if err != nil {
			return sel, err
		}
		sel.start, sel.hasStart = n, true
		save := p.pos
		p.skipBlank()
		if !p.at(':') {
			p.pos = save
			return selector{kind: selIndex, index: n}, nil
		}
	}
	p.pos++ // ':'
	p.skipBlank()
	if p.at('-') || (!p.eof() && isDigit(p.src[p.pos])) {
		n, err := p.parseInt()
		if err != nil {
			return sel, err
		}
		sel.end, sel.hasEnd = n, true
		p.skipBlank()
	}
	if p.at(':') {
		p.pos++
		p.skipBlank()
		if p.at('-') || (!p.eof() && isDigit(p.src[p.pos])) {
			n, err := p.parseInt()
			if err != nil {
				return sel, err
			}
			sel.step = n
		}
	}
	return sel, nil
}

// parseInt parses an index or slice parameter: an integer of the "int"
// production within the I-JSON range.
func (p *parser) parseInt() (int64, error) {
	start := p.pos
	neg := p.at('-')
	if neg {
		p.pos++
	}
	if p.eof() || !isDigit(p.src[p.pos]) {
		if !p.eof() && isBlank(p.src[p.pos]) {
			return 0, p.errorf(p.pos, "blank space is not allowed after '-'")
		}
		return 0, p.errorf(p.pos, "expected a digit after '-', found %s", p.describe())
	}
	if p.src[p.pos] == '0' {
		p.pos++
		if !p.eof() && isDigit(p.src[p.pos]) {
			return 0, p.errorf(start, "leading zeros are not allowed in an integer")
		}
		if neg {
			return 0, p.errorf(start, "-0 is not allowed as an index or slice parameter")
		}
		return 0, nil
	}
	digits := p.pos
	for !p.eof() && isDigit(p.src[p.pos]) {
		p.pos++
	}
	n, err := strconv.ParseInt(p.src[digits:p.pos], 10, 64)
	if err != nil || n > maxSafeInt {
		return 0, p.errorf(start, "integer out of range: indexes and slice parameters must be between -(2^53-1) and 2^53-1")
	}
	if neg {
		n = -n
	}
	return n, nil
}

// parseString parses a string literal in single or double quotes and
// returns its value. Strings without escapes share memory with the query.
func (p *parser) parseString() (string, error) {
	open := p.pos
	q := p.src[p.pos]
	p.pos++
	start := p.pos
	var buf []byte // the decoded value once an escape was seen
	for {
		if p.eof() {
			return "", p.errorf(open, "unterminated string literal")
		}
		c := p.src[p.pos]
		switch {
		case c == q:
			s := p.src[start:p.pos]
			if buf != nil {
				s = string(buf)
			}
			p.pos++
			return s, nil
		case c == '\\':
			if buf == nil {
				buf = append([]byte(nil), p.src[start:p.pos]...)
			}
			var err error
			if buf, err = p.parseEscape(buf, q); err != nil {
				return "", err
			}
		case c < 0x20:
			return "", p.errorf(p.pos, "control character U+%04X must be escaped in a string literal", c)
		case c < utf8.RuneSelf:
			if buf != nil {
				buf = append(buf, c)
			}
			p.pos++
		default:
			r, size := utf8.DecodeRuneInString(p.src[p.pos:])
			if r == utf8.RuneError && size == 1 {
				return "", p.errorf(p.pos, "invalid UTF-8 in string literal")
			}
			if buf != nil {
				buf = append(buf, p.src[p.pos:p.pos+size]...)
			}
			p.pos += size
		}
	}
}

// parseEscape decodes the escape sequence at p.pos (a backslash) inside a
// string quoted with q and appends its value to buf.
func (p *parser) parseEscape(buf []byte, q byte) ([]byte, error) {
	esc := p.pos
	p.pos++
	if p.eof() {
		return nil, p.errorf(esc, "unterminated escape sequence")
	}
	c := p.src[p.pos]
	p.pos++
	switch c {
	case 'b':
		return append(buf, '\b'), nil
	case 'f':
		return append(buf, '\f'), nil
	case 'n':
		return append(buf, '\n'), nil
	case 'r':
		return append(buf, '\r'), nil
	case 't':
		return append(buf, '\t'), nil
	case '/', '\\':
		return append(buf, c), nil
	case '\'', '"':
		if c != q {
			return nil, p.errorf(esc, "\\%c is not a valid escape inside %c...%c quotes", c, q, q)
		}
		return append(buf, c), nil
	case 'u':
		r, err := p.parseUnicodeEscape(esc)
		if err != nil {
			return nil, err
		}
		return utf8.AppendRune(buf, r), nil
	}
	p.pos = esc
	return nil, p.errorf(esc, "invalid escape sequence: only \\b \\f \\n \\r \\t \\/ \\\\ \\%c and \\uXXXX are allowed", q)
}

// parseUnicodeEscape decodes the hex digits of a \uXXXX escape (p.pos is
// after the 'u'), with a following low surrogate escape when XXXX is a
// high surrogate.
func (p *parser) parseUnicodeEscape(esc int) (rune, error) {
	hi, err := p.hex4(esc)
	if err != nil {
		return 0, err
	}
	switch {
	case hi >= 0xDC00 && hi <= 0xDFFF:
		return 0, p.errorf(esc, "\\u%04X is a low surrogate without a high surrogate before it", hi)
	case hi < 0xD800 || hi > 0xDBFF:
		return hi, nil
	}
	if !strings.HasPrefix(p.src[p.pos:], `\u`) {
		return 0, p.errorf(esc, "\\u%04X is a high surrogate and must be followed by a \\u escape of a low surrogate", hi)
	}
	low := p.pos
	p.pos += 2
	lo, err := p.hex4(low)
	if err != nil {
		return 0, err
	}
	if lo < 0xDC00 || lo > 0xDFFF {
		return 0, p.errorf(low, "\\u%04X is not a low surrogate, but follows the high surrogate \\u%04X", lo, hi)
	}
	return utf16.DecodeRune(hi, lo), nil
}

// hex4 reads the four hex digits of a \u escape that starts at esc.
func (p *parser) hex4(esc int) (rune, error) {
	if len(p.src)-p.pos < 4 {
		return 0, p.errorf(esc, "\\u must be followed by four hex digits")
	}
	var r rune
	for i := 0; i < 4; i++ {
		c := p.src[p.pos+i]
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, p.errorf(esc, "\\u must be followed by four hex digits")
		}
		r = r<<4 | rune(d)
	}
	p.pos += 4
	return r, nil
}

// parseFilterSelector parses "?" S logical-expr.
func (p *parser) parseFilterSelector() (logical, error) {
	if err := p.enter(p.pos); err != nil {
		return nil, err
	}
	p.pos++ // '?'
	p.skipBlank()
	x, err := p.parseOr()
	p.depth--
	return x, err
}

// hasPrefix reports whether the unread input starts with s.
func (p *parser) hasPrefix(s string) bool {
	return strings.HasPrefix(p.src[p.pos:], s)
}

func (p *parser) parseOr() (logical, error) {
	first, err := p.parseAnd()
	if err != nil {
		return nil, err
	}
	return p.parseOrRest(first)
}

// parseOrRest parses any "|| operand" that follow first.
func (p *parser) parseOrRest(first logical) (logical, error) {
	var terms orExpr
	for {
		save := p.pos
		p.skipBlank()
		if !p.hasPrefix("||") {
			p.pos = save
			break
		}
		p.pos += 2
		p.skipBlank()
		next, err := p.parseAnd()
		if err != nil {
			return nil, err
		}
		if terms == nil {
			terms = orExpr{first}
		}
		terms = append(terms, next)
	}
	if terms == nil {
		return first, nil
	}
	return terms, nil
}

func (p *parser) parseAnd() (logical, error) {
	first, err := p.parseBasic()
	if err != nil {
		return nil, err
	}
	return p.parseAndRest(first)
}

// parseAndRest parses any "&& operand" that follow first.
func (p *parser) parseAndRest(first logical) (logical, error) {
	var terms andExpr
	for {
		save := p.pos
		p.skipBlank()
		if !p.hasPrefix("&&") {
			p.pos = save
			break
		}
		p.pos += 2
		p.skipBlank()
		next, err := p.parseBasic()
		if err != nil {
			return nil, err
		}
		if terms == nil {
			terms = andExpr{first}
		}
		terms = append(terms, next)
	}
	if terms == nil {
		return first, nil
	}
	return terms, nil
}

// parseBasic parses a paren-expr, a comparison or a test expression.
func (p *parser) parseBasic() (logical, error) {
	if p.eof() {
		return nil, p.errorf(p.pos, "expected a filter expression, found end of query")
	}
	switch p.src[p.pos] {
	case '!':
		not := p.pos
		p.pos++
		p.skipBlank()
		var x logical
		var err error
		if p.at('(') {
			x, err = p.parseParen()
		} else {
			var op operand
			if op, err = p.parseOperand(); err != nil {
				return nil, err
			}
			x, err = p.testExpr(op)
		}
		if err != nil {
			return nil, err
		}
		if err := p.noComparison(not, "'!' cannot negate a comparison: write !(a == b)"); err != nil {
			return nil, err
		}
		return notExpr{x}, nil
	case '(':
		open := p.pos
		x, err := p.parseParen()
		if err != nil {
			return nil, err
		}
		if err := p.noComparison(open, "a parenthesized expression is logical and cannot be compared"); err != nil {
			return nil, err
		}
		return x, nil
	}
	op, err := p.parseOperand()
	if err != nil {
		return nil, err
	}
	return p.finishBasic(op)
}

// noComparison fails with msg at off when a comparison operator follows.
func (p *parser) noComparison(off int, msg string) error {
	save := p.pos
	p.skipBlank()
	_, n := p.peekCmpOp()
	p.pos = save
	if n > 0 {
		return p.errorf(off, "%s", msg)
	}
	return nil
}

func (p *parser) parseParen() (logical, error) {
	open := p.pos
	if err := p.enter(open); err != nil {
		return nil, err
	}
	p.pos++ // '('
	p.skipBlank()
	x, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	p.skipBlank()
	if !p.at(')') {
		return nil, p.errorf(p.pos, "expected ')' to close '(' at offset %d, found %s", open, p.describe())
	}
	p.pos++
	p.depth--
	return x, nil
}

// peekCmpOp returns the comparison operator at the read position and its
// length, or length 0.
func (p *parser) peekCmpOp() (cmpOp, int) {
	rest := p.src[p.pos:]
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

// finishBasic completes a comparison or a test expression whose first
// operand has been read.
func (p *parser) finishBasic(left operand) (logical, error) {
	save := p.pos
	p.skipBlank()
	op, n := p.peekCmpOp()
	if n == 0 {
		if p.at('=') {
			return nil, p.errorf(p.pos, "'=' is not an operator: use '==' to compare")
		}
		p.pos = save
		return p.testExpr(left)
	}
	p.pos += n
	p.skipBlank()
	right, err := p.parseOperand()
	if err != nil {
		return nil, err
	}
	l, err := p.comparable(left)
	if err != nil {
		return nil, err
	}
	r, err := p.comparable(right)
	if err != nil {
		return nil, err
	}
	return &compareExpr{op: op, left: l, right: r}, nil
}

// operand is a literal, a query or a function call, before its role in
// the expression is known.
type operand struct {
	off int
	lit *literal
	q   *filterQuery
	fn  *funcCall
}

// parseOperand parses a literal, a query or a function call.
func (p *parser) parseOperand() (operand, error) {
	op := operand{off: p.pos}
	if p.eof() {
		return op, p.errorf(p.pos, "expected a literal, a query or a function call, found end of query")
	}
	switch c := p.src[p.pos]; {
	case c == '@' || c == '$':
		p.pos++
		segs, err := p.parseSegments()
		if err != nil {
			return op, err
		}
		op.q = newFilterQuery(c == '$', segs)
		return op, nil
	case c == '\'' || c == '"':
		s, err := p.parseString()
		op.lit = &literal{v: s}
		return op, err
	case c == '-' || isDigit(c):
		f, err := p.parseNumber()
		op.lit = &literal{v: f}
		return op, err
	case c >= 'a' && c <= 'z':
		start := p.pos
		for !p.eof() && (isDigit(p.src[p.pos]) || p.src[p.pos] == '_' || p.src[p.pos] >= 'a' && p.src[p.pos] <= 'z') {
			p.pos++
		}
		name := p.src[start:p.pos]
		if p.at('(') {
			fn, err := p.parseFunction(name, start)
			op.fn = fn
			return op, err
		}
		switch name {
		case "true":
			op.lit = &literal{v: true}
			return op, nil
		case "false":
			op.lit = &literal{v: false}
			return op, nil
		case "null":
			op.lit = &literal{v: nil}
			return op, nil
		}
		save := p.pos
		p.skipBlank()
		if p.at('(') {
			return op, p.errorf(save, "blank space is not allowed between a function name and '('")
		}
		return op, p.errorf(start, "unknown name %q: expected true, false, null or a function call", name)
	}
	return op, p.errorf(p.pos, "expected a literal, a query or a function call, found %s", p.describe())
}

// parseNumber parses a number literal: (int / "-0") [frac] [exp].
func (p *parser) parseNumber() (float64, error) {
	start := p.pos
	if p.at('-') {
		p.pos++
	}
	if p.eof() || !isDigit(p.src[p.pos]) {
		if !p.eof() && isBlank(p.src[p.pos]) {
			return 0, p.errorf(p.pos, "blank space is not allowed after '-'")
		}
		return 0, p.errorf(p.pos, "expected a digit in number, found %s", p.describe())
	}
	if p.src[p.pos] == '0' {
		p.pos++
		if !p.eof() && isDigit(p.src[p.pos]) {
			return 0, p.errorf(start, "leading zeros are not allowed in a number")
		}
	} else {
		p.digits()
	}
	if p.at('.') {
		p.pos++
		if p.digits() == 0 {
			return 0, p.errorf(p.pos, "expected a digit after the decimal point, found %s", p.describe())
		}
	}
	if p.at('e') || p.at('E') {
		p.pos++
		if p.at('+') || p.at('-') {
			p.pos++
		}
		if p.digits() == 0 {
			return 0, p.errorf(p.pos, "expected a digit in the exponent, found %s", p.describe())
		}
	}
	f, err := strconv.ParseFloat(p.src[start:p.pos], 64)
	if err != nil {
		return 0, p.errorf(start, "number %s is out of range", p.src[start:p.pos])
	}
	return f, nil
}

// digits skips decimal digits and returns how many there were.
func (p *parser) digits() int {
	start := p.pos
	for !p.eof() && isDigit(p.src[p.pos]) {
		p.pos++
	}
	return p.pos - start
}

// testExpr turns an operand into a test expression: a query tests for
// existence, a function must return a logical or a nodelist result.
func (p *parser) testExpr(op operand) (logical, error) {
	switch {
	case op.q != nil:
		return existsExpr{q: op.q}, nil
	case op.fn != nil:
		if op.fn.def.result != typeLogical {
			return nil, p.errorf(op.off, "%s() returns a value, which must be compared: for example %s(...) == 1", op.fn.def.name, op.fn.def.name)
		}
		return op.fn, nil
	}
	return nil, p.errorf(op.off, "a literal cannot be used as a test: compare it with a query or a function result")
}

// comparable checks that an operand can be compared: a literal, a
// singular query or a function returning a value.
func (p *parser) comparable(op operand) (valueExpr, error) {
	switch {
	case op.lit != nil:
		return op.lit, nil
	case op.q != nil:
		if !op.q.grammarSingular {
			return nil, p.errorf(op.off, "only a singular query (names and indexes only, no blank space inside brackets) can be compared")
		}
		return op.q, nil
	}
	if op.fn.def.result != typeValue {
		return nil, p.errorf(op.off, "%s() returns a logical result, which cannot be compared", op.fn.def.name)
	}
	return op.fn, nil
}

// parseFunction parses the arguments of a call to name (p.pos is at '(')
// and checks their types against the function's parameters.
func (p *parser) parseFunction(name string, off int) (*funcCall, error) {
	def := lookupFunction(name)
	if def == nil {
		return nil, p.errorf(off, "unknown function %s(): the functions are length, count, match, search and value", name)
	}
	if err := p.enter(p.pos); err != nil {
		return nil, err
	}
	p.pos++ // '('
	p.skipBlank()
	fn := &funcCall{def: def}
	if p.at(')') {
		p.pos++
	} else {
		for {
			if len(fn.args) == len(def.params) {
				return nil, p.errorf(p.pos, "too many arguments: %s() takes %s", name, plural(len(def.params), "argument"))
			}
			arg, err := p.parseArg(def, len(fn.args))
			if err != nil {
				return nil, err
			}
			fn.args = append(fn.args, arg)
			p.skipBlank()
			if p.at(',') {
				p.pos++
				p.skipBlank()
				continue
			}
			if p.at(')') {
				p.pos++
				break
			}
			return nil, p.errorf(p.pos, "expected ',' or ')' in the arguments of %s(), found %s", name, p.describe())
		}
	}
	if len(fn.args) < len(def.params) {
		return nil, p.errorf(off, "%s() takes %s, got %d", name, plural(len(def.params), "argument"), len(fn.args))
	}
	p.depth--
	if def.kind == fnMatch || def.kind == fnSearch {
		if lit, ok := fn.args[1].val.(*literal); ok {
			fn.fixed = true
			if s, ok := lit.v.(string); ok {
				fn.re, _ = compileIRegexp(s, def.kind == fnMatch)
			}
		}
	}
	return fn, nil
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// parseArg parses argument i of a call to def and checks it against the
// declared parameter type (RFC 9535 section 2.4.3).
func (p *parser) parseArg(def *funcDef, i int) (funcArg, error) {
	off := p.pos
	if !p.at('!') && !p.at('(') {
		op, err := p.parseOperand()
		if err != nil {
			return funcArg{}, err
		}
		save := p.pos
		p.skipBlank()
		_, n := p.peekCmpOp()
		logicalFollows := n > 0 || p.hasPrefix("&&") || p.hasPrefix("||")
		p.pos = save
		if !logicalFollows {
			return p.operandArg(def, i, op)
		}
		b, err := p.finishBasic(op)
		if err == nil {
			b, err = p.parseAndRest(b)
		}
		if err == nil {
			_, err = p.parseOrRest(b)
		}
		if err != nil {
			return funcArg{}, err
		}
	} else if _, err := p.parseOr(); err != nil {
		return funcArg{}, err
	}
	return funcArg{}, p.errorf(off, "argument %d of %s() must be %s, not a logical expression", i+1, def.name, describeType(def.params[i]))
}

func describeType(t exprType) string {
	if t == typeNodes {
		return "a query"
	}
	return "a value (a literal, a singular query or a function returning a value)"
}

// operandArg checks a literal, query or function call passed as argument
// i of def.
func (p *parser) operandArg(def *funcDef, i int, op operand) (funcArg, error) {
	want := def.params[i]
	if want == typeNodes {
		if op.q == nil {
			return funcArg{}, p.errorf(op.off, "argument %d of %s() must be a query", i+1, def.name)
		}
		return funcArg{nodes: op.q}, nil
	}
	switch {
	case op.lit != nil:
		return funcArg{val: op.lit}, nil
	case op.q != nil:
		if !op.q.grammarSingular {
			return funcArg{}, p.errorf(op.off, "argument %d of %s() must be a value: use a singular query (names and indexes only, no blank space inside brackets)", i+1, def.name)
		}
		return funcArg{val: op.q}, nil
	}
	if op.fn.def.result != typeValue {
		return funcArg{}, p.errorf(op.off, "argument %d of %s() must be a value, but %s() returns a logical result", i+1, def.name, op.fn.def.name)
	}
	return funcArg{val: op.fn}, nil
}
