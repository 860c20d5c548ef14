package expr

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/arazzo-dev/arazzo/internal/jsonpointer"
)

// Parse parses s, which must be exactly one runtime expression, such as
// "$response.body#/items/0/id" or "$steps.login.outputs.token". A malformed
// expression, or text after a complete one, is a [*SyntaxError] whose
// Offset is a byte offset in s. The grammar is written down in the package
// documentation.
//
// A dot after "$response.body" or "$request.body" (the "$response.body.id"
// form of early examples) is an error whose message suggests the JSON
// pointer form "$response.body#/id".
func Parse(s string) (*Expression, error) {
	e, end, err := ParsePrefix(s, 0, "")
	if err != nil {
		return nil, err
	}
	if end < len(s) {
		return nil, trailingError(s, e, end)
	}
	return e, nil
}

// ParsePrefix parses the runtime expression that starts at byte offset
// start of s (where s[start] must be '$') and returns it together with the
// offset just past its end, so that callers can parse expressions embedded
// in longer text: templates, and the left side of simple conditions. The
// returned expression's String is s[start:end]. Offsets in errors are byte
// offsets in s.
//
// Parsing is greedy and does not backtrack: each name, identifier, header
// token, source reference and JSON pointer runs as far as the grammar
// allows, and a missing or malformed required part is an error rather than
// a shorter match. stop lists ASCII characters that also end those parts
// even where the grammar would accept them. [Parse] uses no stop
// characters; embedded "{$...}" expressions stop at "{" and "}"; a caller
// parsing "$response.body#/status == 'ok'" would stop at white space and
// operator characters. The text after the returned end is left to the
// caller: for "$response.body.id" ParsePrefix returns "$response.body" and
// end 14, where [Parse] reports the dot.
func ParsePrefix(s string, start int, stop string) (e *Expression, end int, err error) {
	if start < 0 || start > len(s) {
		off := 0
		if start > len(s) {
			off = len(s)
		}
		return nil, 0, &SyntaxError{Input: s, Offset: off, Msg: fmt.Sprintf("start offset %d is outside the text", start)}
	}
	p := parser{s: s, i: start}
	for i := 0; i < len(stop); i++ {
		if c := stop[i]; c < utf8.RuneSelf {
			p.stop[c>>6] |= 1 << (c & 63)
		}
	}
	e, err = p.expression()
	if err != nil {
		return nil, 0, err
	}
	return e, p.i, nil
}

type parser struct {
	s    string
	i    int
	stop [2]uint64 // set of ASCII stop characters
}

func (p *parser) stops(c byte) bool {
	return c < utf8.RuneSelf && p.stop[c>>6]&(1<<(c&63)) != 0
}

func (p *parser) errorf(off int, format string, args ...any) error {
	return &SyntaxError{Input: p.s, Offset: off, Msg: fmt.Sprintf(format, args...)}
}

// found describes what is at offset off, for "expected X, found Y"
// messages.
func (p *parser) found(off int) string {
	if off >= len(p.s) {
		return "end of text"
	}
	r, size := utf8.DecodeRuneInString(p.s[off:])
	if r == utf8.RuneError && size == 1 {
		return fmt.Sprintf("invalid UTF-8 byte 0x%02x", p.s[off])
	}
	return strconv.Quote(string(r))
}

func (p *parser) expected(what string) error {
	return p.errorf(p.i, "expected %s, found %s", what, p.found(p.i))
}

// expectedWord reports that the word w read at offset start is not what
// was expected.
func (p *parser) expectedWord(start int, w, what string) error {
	if w == "" {
		p.i = start
		return p.expected(what)
	}
	return p.errorf(start, "expected %s, found %q", what, w)
}

// word reads ASCII letters.
func (p *parser) word() string {
	start := p.i
	for p.i < len(p.s) && isAlpha(p.s[p.i]) {
		p.i++
	}
	return p.s[start:p.i]
}

// dot consumes the '.' that must follow what.
func (p *parser) dot(after string) error {
	if p.i < len(p.s) && p.s[p.i] == '.' {
		p.i++
		return nil
	}
	return p.expected(fmt.Sprintf("%q after %s", ".", after))
}

var roots = []string{"$url", "$method", "$statusCode", "$request.", "$response.", "$inputs.", "$outputs.", "$steps.", "$workflows.", "$sourceDescriptions.", "$components."}

func (p *parser) expression() (*Expression, error) {
	start := p.i
	if p.i >= len(p.s) || p.s[p.i] != '$' {
		return nil, p.expected(`a runtime expression starting with "$"`)
	}
	p.i++
	e := &Expression{}
	w := p.word()
	var err error
	switch w {
	case "url":
		e.kind = KindURL
	case "method":
		e.kind = KindMethod
	case "statusCode":
		e.kind = KindStatusCode
	case "request":
		e.kind = KindRequest
		err = p.source(e, w)
	case "response":
		e.kind = KindResponse
		err = p.source(e, w)
	case "inputs":
		e.kind = KindInputs
		err = p.named(e, "$inputs", "an input name")
	case "outputs":
		e.kind = KindOutputs
		err = p.named(e, "$outputs", "an output name")
	case "steps":
		e.kind = KindSteps
		err = p.steps(e)
	case "workflows":
		e.kind = KindWorkflows
		err = p.workflows(e)
	case "sourceDescriptions":
		e.kind = KindSourceDescriptions
		err = p.sourceDescriptions(e)
	case "components":
		e.kind = KindComponents
		err = p.components(e)
	case "":
		return nil, p.expected(`an expression name after "$"`)
	default:
		return nil, unknownRoot(p, start, w)
	}
	if err != nil {
		return nil, err
	}
	e.text = p.s[start:p.i]
	return e, nil
}

func unknownRoot(p *parser, start int, w string) error {
	name := "$" + w
	switch w {
	case "self", "message":
		return p.errorf(start, "%s is an Arazzo 1.1 expression; Arazzo 1.0 does not define it", name)
	}
	for _, r := range roots {
		r = strings.TrimSuffix(r, ".")
		if strings.EqualFold(r, name) {
			return p.errorf(start, "unknown runtime expression %q; did you mean %q? (names are case-sensitive)", name, r)
		}
	}
	return p.errorf(start, "unknown runtime expression %q; want one of %s", name, strings.Join(roots, ", "))
}

// source parses what follows "$request" or "$response".
func (p *parser) source(e *Expression, root string) error {
	if err := p.dot("$" + root); err != nil {
		return err
	}
	wstart := p.i
	w := p.word()
	switch w {
	case "header":
		e.source = SourceHeader
		if err := p.dot("header"); err != nil {
			return err
		}
		start := p.i
		for p.i < len(p.s) && isTchar(p.s[p.i]) && !p.stops(p.s[p.i]) {
			p.i++
		}
		if p.i == start {
			return p.expected("a header name")
		}
		e.name = p.s[start:p.i]
	case "query", "path":
		e.source = SourceQuery
		what := "a query parameter name"
		if w == "path" {
			e.source = SourcePath
			what = "a path parameter name"
		}
		if err := p.dot(w); err != nil {
			return err
		}
		name, err := p.chars(what)
		if err != nil {
			return err
		}
		e.name = name
	case "body":
		e.source = SourceBody
		return p.pointer(e)
	case "":
		return p.expected("header, query, path or body")
	default:
		if w == "payload" {
			return p.errorf(wstart, "$%s.payload is an Arazzo 1.1 expression; Arazzo 1.0 does not define it", root)
		}
		return p.errorf(wstart, "unknown %s source %q; want header, query, path or body", root, w)
	}
	return nil
}

// named parses "." identifier ["#" json-pointer], the rest of $inputs and
// $outputs.
func (p *parser) named(e *Expression, after, what string) error {
	if err := p.dot(after); err != nil {
		return err
	}
	name, err := p.identifier(what, false)
	if err != nil {
		return err
	}
	e.name = name
	return p.pointer(e)
}

func (p *parser) steps(e *Expression) error {
	if err := p.dot("$steps"); err != nil {
		return err
	}
	id, err := p.identifier("a step id", true)
	if err != nil {
		return err
	}
	e.id = id
	if err := p.dot(fmt.Sprintf("step id %q", id)); err != nil {
		return err
	}
	wstart := p.i
	if w := p.word(); w != "outputs" {
		return p.expectedWord(wstart, w, fmt.Sprintf("%q after \"$steps.%s.\"", "outputs", id))
	}
	return p.named(e, `"outputs"`, "an output name")
}

func (p *parser) workflows(e *Expression) error {
	if err := p.dot("$workflows"); err != nil {
		return err
	}
	id, err := p.identifier("a workflow id", true)
	if err != nil {
		return err
	}
	e.id = id
	if err := p.dot(fmt.Sprintf("workflow id %q", id)); err != nil {
		return err
	}
	wstart := p.i
	w := p.word()
	switch w {
	case "inputs":
		e.field = w
		return p.named(e, `"inputs"`, "an input name")
	case "outputs":
		e.field = w
		return p.named(e, `"outputs"`, "an output name")
	}
	return p.expectedWord(wstart, w, fmt.Sprintf("%q or %q after \"$workflows.%s.\"", "inputs", "outputs", id))
}

func (p *parser) sourceDescriptions(e *Expression) error {
	if err := p.dot("$sourceDescriptions"); err != nil {
		return err
	}
	name, err := p.identifier("a source description name", true)
	if err != nil {
		return err
	}
	e.id = name
	if err := p.dot(fmt.Sprintf("source description name %q", name)); err != nil {
		return err
	}
	ref, err := p.chars("an operationId, workflowId or field name")
	if err != nil {
		return err
	}
	e.field = ref
	return nil
}

func (p *parser) components(e *Expression) error {
	if err := p.dot("$components"); err != nil {
		return err
	}
	wstart := p.i
	w := p.word()
	switch w {
	case "parameters", "successActions", "failureActions", "inputs":
	case "":
		return p.expected("a component type (parameters, successActions, failureActions or inputs)")
	default:
		return p.errorf(wstart, "unknown component type %q; want parameters, successActions, failureActions or inputs", w)
	}
	e.field = w
	if err := p.dot(fmt.Sprintf("%q", w)); err != nil {
		return err
	}
	name, err := p.identifier("a component name", false)
	if err != nil {
		return err
	}
	e.name = name
	return nil
}

// identifier reads 1*( ALPHA / DIGIT / "." / "-" / "_" ), without "." when
// strict.
func (p *parser) identifier(what string, strict bool) (string, error) {
	start := p.i
	for p.i < len(p.s) {
		c := p.s[p.i]
		if !(isAlpha(c) || isDigit(c) || c == '-' || c == '_' || (c == '.' && !strict)) || p.stops(c) {
			break
		}
		p.i++
	}
	if p.i == start {
		return "", p.expected(what)
	}
	return p.s[start:p.i], nil
}

// chars reads 1*CHAR: the characters of a JSON string (RFC 8259) without
// "{" and "}" when they are stop characters, with backslash escapes
// decoded.
func (p *parser) chars(what string) (string, error) {
	start := p.i
	var b *strings.Builder // set once an escape is seen
	for p.i < len(p.s) {
		c := p.s[p.i]
		if c < 0x20 || c == '"' || p.stops(c) {
			break
		}
		if c == '\\' {
			if b == nil {
				b = new(strings.Builder)
				b.WriteString(p.s[start:p.i])
			}
			r, n, err := p.escape()
			if err != nil {
				return "", err
			}
			b.WriteRune(r)
			p.i += n
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(p.s[p.i:])
			if r == utf8.RuneError && size == 1 {
				return "", p.errorf(p.i, "invalid UTF-8 byte 0x%02x", c)
			}
			if b != nil {
				b.WriteString(p.s[p.i : p.i+size])
			}
			p.i += size
			continue
		}
		if b != nil {
			b.WriteByte(c)
		}
		p.i++
	}
	if p.i == start {
		return "", p.expected(what)
	}
	if b != nil {
		return b.String(), nil
	}
	return p.s[start:p.i], nil
}

// escape decodes the JSON escape at p.i, returning the rune and the number
// of bytes it takes.
func (p *parser) escape() (rune, int, error) {
	if p.i+1 >= len(p.s) {
		return 0, 0, p.errorf(p.i, `incomplete escape "\"`)
	}
	switch p.s[p.i+1] {
	case '"':
		return '"', 2, nil
	case '\\':
		return '\\', 2, nil
	case '/':
		return '/', 2, nil
	case 'b':
		return '\b', 2, nil
	case 'f':
		return '\f', 2, nil
	case 'n':
		return '\n', 2, nil
	case 'r':
		return '\r', 2, nil
	case 't':
		return '\t', 2, nil
	case 'u':
		r, ok := hex4(p.s, p.i+2)
		if !ok {
			return 0, 0, p.errorf(p.i, `escape "\u" must be followed by four hexadecimal digits`)
		}
		if utf8.ValidRune(r) {
			return r, 6, nil
		}
		// A surrogate: JSON spells characters outside the BMP as a pair.
		if r >= 0xD800 && r < 0xDC00 && p.i+12 <= len(p.s) && p.s[p.i+6] == '\\' && p.s[p.i+7] == 'u' {
			if lo, ok := hex4(p.s, p.i+8); ok && lo >= 0xDC00 && lo < 0xE000 {
				return 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00), 12, nil
			}
		}
		return 0, 0, p.errorf(p.i, "escape %s is an unpaired surrogate", p.s[p.i:p.i+6])
	}
	r, _ := utf8.DecodeRuneInString(p.s[p.i+1:])
	return 0, 0, p.errorf(p.i, `invalid escape "\%c"; want one of \" \\ \/ \b \f \n \r \t \uXXXX`, r)
}

func hex4(s string, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var r rune
	for _, c := range []byte(s[i : i+4]) {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// pointer parses an optional "#" json-pointer suffix. The pointer runs to
// the first stop character or the end of the text.
func (p *parser) pointer(e *Expression) error {
	if p.i >= len(p.s) || p.s[p.i] != '#' {
		return nil
	}
	p.i++
	start := p.i
	for p.i < len(p.s) && !p.stops(p.s[p.i]) {
		c := p.s[p.i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(p.s[p.i:])
			if r == utf8.RuneError && size == 1 {
				return p.errorf(p.i, "invalid UTF-8 byte 0x%02x in JSON pointer", c)
			}
			p.i += size
			continue
		}
		p.i++
	}
	ptr, err := jsonpointer.Parse(p.s[start:p.i])
	if err != nil {
		if se, ok := err.(*jsonpointer.SyntaxError); ok {
			return p.errorf(start+se.Offset, "invalid JSON pointer: %s", se.Msg)
		}
		return p.errorf(start, "invalid JSON pointer: %v", err)
	}
	e.hasPtr = true
	e.ptr = ptr
	return nil
}

// trailingError reports text after a complete expression.
func trailingError(s string, e *Expression, end int) error {
	if err := bodyDotError(s, e, end); err != nil {
		return err
	}
	p := parser{s: s}
	return p.errorf(end, "unexpected %s after the runtime expression %s", p.found(end), e.text)
}

// bodyDotError returns the error for "$response.body.x" (a dot after a body
// reference), whose message suggests the JSON pointer form, or nil when the
// text at end is not such a dot.
func bodyDotError(s string, e *Expression, end int) error {
	if e.source != SourceBody || e.hasPtr || end >= len(s) || s[end] != '.' {
		return nil
	}
	return &SyntaxError{Input: s, Offset: end, Msg: fmt.Sprintf(
		"unexpected %q after %s: read inside a body with a JSON pointer, as in %s#%s",
		".", e.text, e.text, dotsToPointer(s[end:]))}
}

// dotsToPointer turns a dotted member path such as ".items[0].id" into the
// JSON pointer "/items/0/id". It stops at white space and at braces.
func dotsToPointer(tail string) string {
	var b strings.Builder
	for i := 0; i < len(tail); i++ {
		switch c := tail[i]; c {
		case '.':
			b.WriteByte('/')
		case '[':
			b.WriteByte('/')
		case ']':
		case '~':
			b.WriteString("~0")
		case '/':
			b.WriteString("~1")
		case ' ', '\t', '\n', '\r', '{', '}':
			return b.String()
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isTchar reports whether c is an RFC 9110 token character.
func isTchar(c byte) bool {
	if isAlpha(c) || isDigit(c) {
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}
