package expr

import (
	"iter"
	"strings"

	"github.com/arazzo-dev/arazzo/internal/jsonvalue"
)

// Form says how a runtime expression is written inside a string.
type Form uint8

// The ways an expression can be written inside a string.
const (
	// FormWhole: the string is exactly the expression ("$inputs.id").
	FormWhole Form = iota + 1
	// FormEmbedded: the expression is wrapped in braces ("id={$inputs.id}").
	FormEmbedded
	// FormBare: the expression is written without braces inside a longer
	// string ("Bearer $inputs.token"); see the package documentation.
	FormBare
)

// String returns "whole", "embedded" or "bare".
func (f Form) String() string {
	switch f {
	case FormWhole:
		return "whole"
	case FormEmbedded:
		return "embedded"
	case FormBare:
		return "bare"
	}
	return "invalid"
}

// Occurrence is one runtime expression found inside a string of a
// [Template] or a [Value].
type Occurrence struct {
	// Pointer is the JSON pointer of the string within the compiled
	// [Value] ("" for the value itself, and always "" for a [Template]).
	Pointer string
	// Offset is the byte offset of the expression's "$" in that string.
	Offset int
	// Form says how the expression is written.
	Form Form
	// Expr is the parsed expression.
	Expr *Expression
}

// Option configures [ParseTemplate] and [CompileValue]. Options are made
// by functions of this package, such as [BareExpressions].
type Option interface {
	apply(*config)
}

type config struct {
	bare bool
}

func newConfig(opts []Option) config {
	c := config{bare: true}
	for _, o := range opts {
		if o != nil {
			o.apply(&c)
		}
	}
	return c
}

type bareOption bool

func (b bareOption) apply(c *config) { c.bare = bool(b) }

// BareExpressions turns the recognition of bare expressions in longer
// strings ("Bearer $inputs.token") on or off. It is on by default; when it
// is off, only "{$...}" placeholders are expressions inside a longer
// string, and a string that is exactly one expression is still one.
func BareExpressions(on bool) Option {
	return bareOption(on)
}

// Template is a string with runtime expressions embedded in it. It is
// immutable and safe for concurrent use.
type Template struct {
	text  string
	parts []part
	bare  bool
}

// part is a literal (expr == nil) or an expression of a template.
type part struct {
	lit    string
	expr   *Expression
	offset int
	form   Form
}

// ParseTemplate parses a string that may embed runtime expressions.
//
// A string that is exactly one runtime expression ([Parse] accepts it) is
// a template with that one expression, of [FormWhole].
// Only "{$" starts an embedded expression, which runs to the "}" that
// closes it; other braces are literal text (so JSON and XML payloads keep
// theirs). Unless [BareExpressions] turns it off, a "$" at the start of s
// or right after white space that is followed by the name of an expression
// root ("$inputs.", "$statusCode", ...) starts a bare expression, which
// ends where the grammar ends and at white space at the latest. A malformed
// embedded or bare expression is a [*SyntaxError] with an offset in s.
func ParseTemplate(s string, opts ...Option) (*Template, error) {
	return parseTemplate(s, newConfig(opts).bare)
}

// bareStop ends a bare expression: white space and braces.
const bareStop = " \t\n\r\f\v{}"

func parseTemplate(s string, bare bool) (*Template, error) {
	t := &Template{text: s}
	if strings.HasPrefix(s, "$") {
		if e, err := Parse(s); err == nil {
			t.parts = []part{{expr: e, form: FormWhole}}
			return t, nil
		}
	}
	lit := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c == '{' && i+1 < len(s) && s[i+1] == '$' {
			e, end, err := ParsePrefix(s, i+1, "{}")
			if err != nil {
				return nil, err
			}
			if end >= len(s) || s[end] != '}' {
				if err := bodyDotError(s, e, end); err != nil {
					return nil, err
				}
				p := parser{s: s}
				return nil, p.errorf(end, `expected "}" to close the expression %s that starts at offset %d, found %s`, e.text, i, p.found(end))
			}
			t.add(s[lit:i], e, i+1, FormEmbedded)
			i = end + 1
			lit = i
			continue
		}
		if bare && c == '$' && (i == 0 || isSpace(s[i-1])) && startsBare(s[i+1:]) {
			e, end, err := ParsePrefix(s, i, bareStop)
			if err != nil {
				return nil, err
			}
			if err := bodyDotError(s, e, end); err != nil {
				return nil, err
			}
			t.add(s[lit:i], e, i, FormBare)
			t.bare = true
			i = end
			lit = i
			continue
		}
		i++
	}
	if lit < len(s) || len(t.parts) == 0 {
		t.parts = append(t.parts, part{lit: s[lit:]})
	}
	return t, nil
}

func (t *Template) add(lit string, e *Expression, offset int, form Form) {
	if lit != "" {
		t.parts = append(t.parts, part{lit: lit})
	}
	t.parts = append(t.parts, part{expr: e, offset: offset, form: form})
}

// barePrefixes are the expression roots that start a bare expression,
// without the "$".
var barePrefixes = [...]string{"inputs.", "steps.", "response.", "request.", "outputs.", "statusCode", "url", "method", "workflows.", "sourceDescriptions.", "components."}

// startsBare reports whether rest (the text after a "$") begins with the
// name of an expression root. $url, $method and $statusCode must not be
// followed by a letter, digit, "-" or "_" ("$urlencoded" is literal).
func startsBare(rest string) bool {
	for _, p := range barePrefixes {
		if !strings.HasPrefix(rest, p) {
			continue
		}
		if strings.HasSuffix(p, ".") || len(rest) == len(p) {
			return true
		}
		c := rest[len(p)]
		return !(isAlpha(c) || isDigit(c) || c == '-' || c == '_')
	}
	return false
}

func isSpace(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '\f', '\v':
		return true
	}
	return false
}

// String returns the text the template was parsed from.
func (t *Template) String() string { return t.text }

// HasBare reports whether the template contains bare expressions (written
// without braces), which the validator reports with a suggestion to use
// "{$...}".
func (t *Template) HasBare() bool { return t.bare }

// Expressions returns the expressions of the template in order.
func (t *Template) Expressions() iter.Seq[Occurrence] {
	return func(yield func(Occurrence) bool) {
		for _, p := range t.parts {
			if p.expr != nil && !yield(Occurrence{Offset: p.offset, Form: p.form, Expr: p.expr}) {
				return
			}
		}
	}
}

// Eval returns the template with each expression replaced by the text of
// its value: strings as they are, numbers in canonical JSON form, booleans
// as "true" or "false", null as "null", and objects and arrays as compact
// JSON. If an expression does not resolve, Eval returns its
// [*UnresolvedError] and no text.
func (t *Template) Eval(c Context) (string, error) {
	if len(t.parts) == 1 && t.parts[0].expr == nil {
		return t.parts[0].lit, nil
	}
	var buf [8]string
	texts := buf[:0]
	n := 0
	for _, p := range t.parts {
		s := p.lit
		if p.expr != nil {
			v, err := p.expr.Eval(c)
			if err != nil {
				return "", err
			}
			s = jsonvalue.Text(v)
		}
		texts = append(texts, s)
		n += len(s)
	}
	var b strings.Builder
	b.Grow(n)
	for _, s := range texts {
		b.WriteString(s)
	}
	return b.String(), nil
}
