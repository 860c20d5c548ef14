package expr

import (
	"errors"
	"fmt"
	"iter"
	"strings"
	"sync"
	"time"

	"github.com/arazzo-dev/arazzo/internal/jsonvalue"
)

// Criterion is the text of an Arazzo Criterion Object, the input of
// [CompileCriterion]. The expr package cannot depend on the document
// model, so the caller copies the fields in; when the document gives type
// as a Criterion Expression Type Object, Type and Version come from its
// type and version members.
type Criterion struct {
	// Context is the runtime expression whose value regex, jsonpath and
	// xpath conditions are applied to; "" when absent. It is checked but
	// not used by simple conditions (AMB-34).
	Context string
	// Condition is the condition text.
	Condition string
	// Type is "simple", "regex", "jsonpath" or "xpath"; "" means simple
	// (CRIT-06).
	Type string
	// Version is the expression language version for jsonpath
	// ("rfc9535", the default) and xpath ("xpath-10", "xpath-20",
	// "xpath-30" or "xpath-31", the default); "" for the default. It must
	// be "" for simple and regex conditions.
	Version string
}

// The criterion types, as written in the type field of a Criterion Object.
const (
	typeSimple   = "simple"
	typeRegex    = "regex"
	typeJSONPath = "jsonpath"
	typeXPath    = "xpath"
)

// CriterionOption configures [CompileCriterion]. Options are made by
// functions of this package, such as [RegexTimeout].
type CriterionOption interface {
	applyCriterion(*criterionConfig)
}

type criterionConfig struct {
	regexTimeout time.Duration
	forceVM      bool // tests: run every simple condition as an expr-lang program
}

// DefaultRegexTimeout is the time a regex condition that needs the
// ECMAScript engine may spend on one match unless [RegexTimeout] says
// otherwise.
const DefaultRegexTimeout = 100 * time.Millisecond

type regexTimeoutOption time.Duration

func (o regexTimeoutOption) applyCriterion(c *criterionConfig) {
	if o > 0 {
		c.regexTimeout = time.Duration(o)
	}
}

// RegexTimeout bounds the time one match of a regex condition may take
// when the pattern is evaluated by the backtracking ECMAScript engine
// (patterns with look-around or back-references, which RE2 does not
// support). A match that runs longer fails the condition with an error.
// Patterns that RE2 accepts run in linear time and ignore the limit. A
// non-positive d leaves the default, [DefaultRegexTimeout]. The clock is
// coarse: a match may overrun the limit by up to about 100ms.
func RegexTimeout(d time.Duration) CriterionOption {
	return regexTimeoutOption(d)
}

// ErrUnsupported is matched (with errors.Is) by a [*CriterionError] for a
// criterion that is valid but uses a language version or construct this
// package does not implement, such as the draft-goessner JSONPath dialect
// or XPath 2.0 "for" expressions.
var ErrUnsupported = errors.New("unsupported criterion language feature")

// CriterionError reports a Criterion Object that cannot be compiled.
type CriterionError struct {
	// Field names the member of the Criterion Object at fault:
	// "condition", "context", "type" or "version".
	Field string
	// Err is the cause. For the condition and context fields it is a
	// [*SyntaxError] whose Input is the text of that field and whose
	// Offset is a byte offset in it.
	Err error
	// Unsupported reports that the text is valid but uses a version or
	// construct this package does not implement; errors.Is(err,
	// [ErrUnsupported]) is true then.
	Unsupported bool
	// Suggestion, when not empty, is a simple condition that says what a
	// JSONPath condition written as a comparison outside a filter (such
	// as "$.status == 'done'" with context $response.body) was meant to
	// say: "$response.body#/status == 'done'".
	Suggestion string
}

// Error returns a message of the form
//
//	criterion condition "$statusCode = 200": offset 12: "=" is not an operator; compare with "=="
func (e *CriterionError) Error() string {
	var b strings.Builder
	var se *SyntaxError
	if errors.As(e.Err, &se) {
		fmt.Fprintf(&b, "criterion %s %q: offset %d: %s", e.Field, se.Input, se.Offset, se.Msg)
	} else {
		fmt.Fprintf(&b, "criterion %s: %v", e.Field, e.Err)
	}
	if e.Suggestion != "" {
		fmt.Fprintf(&b, "; as a simple condition: %s", e.Suggestion)
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *CriterionError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, [ErrUnsupported]) true for unsupported
// features.
func (e *CriterionError) Is(target error) bool {
	return e.Unsupported && target == ErrUnsupported
}

func fieldError(field string, err error) *CriterionError {
	return &CriterionError{Field: field, Err: err}
}

// Outcome is the result of evaluating a [Condition]: whether it passed,
// and why.
type Outcome struct {
	// Passed reports whether the condition holds.
	Passed bool
	// Reason says why: on failure which value did not satisfy what (for
	// example `$statusCode is 404, want == 200`, `no match for pattern
	// ^2 in "404"` or `JSONPath $[?@.x] selected no nodes`), or the
	// evaluation error; on success a short confirmation.
	Reason string
	// Err is the error that kept the condition from being evaluated, if
	// any: an unresolved context, an XML context that does not parse, a
	// pattern that does not compile after substitution, a regex match
	// that timed out. A condition with an error never passes (1.1
	// "Evaluation Errors"). Values that do not resolve inside a simple
	// condition are not errors; they compare as null (see the package
	// documentation).
	Err error
}

// String returns "passed: <reason>" or "failed: <reason>".
func (o Outcome) String() string {
	if o.Passed {
		return "passed: " + o.Reason
	}
	return "failed: " + o.Reason
}

// Condition is a compiled Criterion Object. It is immutable and safe for
// concurrent use by any number of goroutines. (Regex, JSONPath and XPath
// conditions with {$...} placeholders keep a small internal cache of
// compiled patterns, guarded by a lock.)
type Condition struct {
	crit    Criterion
	typ     string
	context *Expression // nil for a simple condition without context
	impl    evaluator
}

type evaluator interface {
	eval(c Context) Outcome
	expressions(yield func(Occurrence) bool) bool
}

// CompileCriterion compiles a Criterion Object for repeated evaluation.
//
// The condition is checked according to its type: a simple condition
// against the grammar in the package documentation, a regex pattern by
// compiling it, a JSONPath query against RFC 9535, and an XPath
// expression against XPath 1.0 (and the subset of later versions that is
// supported). A regex, jsonpath or xpath condition needs a context
// (CRIT-04); its {$...} placeholders are substituted at evaluation time
// (AMB-35), so a condition that has them is compiled then.
//
// Errors are [*CriterionError] values that name the field at fault; for
// the condition and context they wrap a [*SyntaxError] with the byte
// offset of the problem in that field.
func CompileCriterion(c Criterion, opts ...CriterionOption) (*Condition, error) {
	cfg := criterionConfig{regexTimeout: DefaultRegexTimeout}
	for _, o := range opts {
		if o != nil {
			o.applyCriterion(&cfg)
		}
	}
	cond := &Condition{crit: c, typ: c.Type}
	if cond.typ == "" {
		cond.typ = typeSimple
	}
	switch cond.typ {
	case typeSimple, typeRegex, typeJSONPath, typeXPath:
	default:
		return nil, fieldError("type", fmt.Errorf("unknown criterion type %q; want simple, regex, jsonpath or xpath", c.Type))
	}
	if c.Context != "" {
		e, err := Parse(c.Context)
		if err != nil {
			return nil, fieldError("context", err)
		}
		cond.context = e
	} else if cond.typ != typeSimple {
		return nil, fieldError("context", fmt.Errorf("a %s condition needs a context: the runtime expression whose value it is applied to", cond.typ))
	}
	if c.Version != "" && (cond.typ == typeSimple || cond.typ == typeRegex) {
		return nil, fieldError("version", fmt.Errorf("a %s condition has no version; versions apply to jsonpath and xpath", cond.typ))
	}
	var err error
	switch cond.typ {
	case typeSimple:
		cond.impl, err = compileSimple(c.Condition, cfg)
	case typeRegex:
		cond.impl, err = compileRegex(cond.context, c.Condition, cfg)
	case typeJSONPath:
		cond.impl, err = compileJSONPath(cond.context, c.Context, c.Condition, c.Version)
	case typeXPath:
		cond.impl, err = compileXPath(cond.context, c.Condition, c.Version)
	}
	if err != nil {
		return nil, err
	}
	return cond, nil
}

// Criterion returns the criterion the condition was compiled from.
func (c *Condition) Criterion() Criterion { return c.crit }

// Type returns the condition's type: "simple", "regex", "jsonpath" or
// "xpath".
func (c *Condition) Type() string { return c.typ }

// Expressions returns the runtime expressions of the criterion: first the
// context, then those of the condition in order. Each [Occurrence] has
// Pointer "/context" or "/condition" (the member of the Criterion Object
// holding it) and Offset, the byte offset of its "$" in that member. The
// context is of [FormWhole], as is a simple condition that is exactly one
// expression; the operands of other simple conditions are of [FormBare],
// which is their normal form there and calls for no warning; {$...}
// placeholders of regex, jsonpath and xpath conditions are of
// [FormEmbedded].
//
// In a simple condition, a dotted input or output name that does not
// exist is read as a shorter name followed by member access (see the
// package documentation), so "$inputs.customer.name" may refer to the
// input "customer"; a validator should accept such a reference when the
// full name or a prefix of it that ends before a dot is known.
func (c *Condition) Expressions() iter.Seq[Occurrence] {
	return func(yield func(Occurrence) bool) {
		if c.context != nil && !yield(Occurrence{Pointer: "/context", Form: FormWhole, Expr: c.context}) {
			return
		}
		c.impl.expressions(yield)
	}
}

// Eval evaluates the condition against the values of c and says whether
// it passed and why. It never panics on the values it reads; a condition
// that cannot be evaluated fails with Outcome.Err set.
func (c *Condition) Eval(ctx Context) Outcome {
	return c.impl.eval(ctx)
}

// contextValue evaluates the context expression of a regex, jsonpath or
// xpath condition. ok is false, and o the failing outcome, when the value
// does not resolve or is null (1.1: such a condition fails).
func contextValue(e *Expression, c Context) (v any, o Outcome, ok bool) {
	v, err := e.Eval(c)
	if err != nil {
		var ue *UnresolvedError
		reason := err.Error()
		if errors.As(err, &ue) {
			reason = fmt.Sprintf("context %s did not resolve: %s", e, ue.Reason)
		}
		return nil, Outcome{Reason: reason, Err: err}, false
	}
	if v == nil {
		return nil, Outcome{Reason: fmt.Sprintf("context %s is null", e)}, false
	}
	return v, Outcome{}, true
}

// maxShown is the number of bytes of a value's text shown in a reason.
const maxShown = 80

// shown returns the JSON text of v for messages, shortened when long.
func shown(v any) string {
	var s string
	if str, ok := v.(string); ok {
		s = quoteShort(str)
	} else {
		s = jsonvalue.Text(v)
		if len(s) > maxShown {
			s = truncate(s, maxShown) + "…"
		}
	}
	return s
}

// quoteShort quotes s, shortened to maxShown bytes.
func quoteShort(s string) string {
	if len(s) > maxShown {
		return fmt.Sprintf("%q…", truncate(s, maxShown))
	}
	return fmt.Sprintf("%q", s)
}

// shortText returns s, shortened to maxShown bytes.
func shortText(s string) string {
	if len(s) > maxShown {
		return truncate(s, maxShown) + "…"
	}
	return s
}

// truncate cuts s to at most n bytes without splitting a UTF-8 sequence.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// pattern is the condition text of a regex, jsonpath or xpath criterion:
// compiled once when it has no {$...} placeholders, and compiled at
// evaluation time, through a small bounded cache, when it has.
type pattern[T any] struct {
	text    string
	tmpl    *Template // nil without placeholders
	fixed   T
	compile func(string) (T, error)

	mu    sync.Mutex
	cache map[string]compiled[T]
}

type compiled[T any] struct {
	v   T
	err error
}

// patternCacheSize bounds the compiled patterns kept per condition. When
// the cache is full it is emptied, which keeps memory bounded when
// placeholder values never repeat.
const patternCacheSize = 32

// newPattern parses the {$...} placeholders of text and, when there are
// none, compiles it. A text that is exactly one runtime expression is a
// pattern, not a placeholder: only "{$" starts an expression here.
func newPattern[T any](text string, compile func(string) (T, error)) (*pattern[T], error) {
	p := &pattern[T]{text: text, compile: compile}
	t, err := ParseTemplate(text, BareExpressions(false))
	if err != nil {
		return nil, fieldError("condition", err)
	}
	for o := range t.Expressions() {
		if o.Form == FormEmbedded {
			p.tmpl = t
			return p, nil
		}
	}
	p.fixed, err = compile(text)
	if err != nil {
		return nil, err
	}
	return p, nil
}

// get returns the compiled pattern for this evaluation and its text.
func (p *pattern[T]) get(c Context) (T, string, error) {
	if p.tmpl == nil {
		return p.fixed, p.text, nil
	}
	var zero T
	text, err := p.tmpl.Eval(c)
	if err != nil {
		return zero, "", err
	}
	p.mu.Lock()
	e, ok := p.cache[text]
	p.mu.Unlock()
	if ok {
		return e.v, text, e.err
	}
	v, err := p.compile(text)
	p.mu.Lock()
	if p.cache == nil || len(p.cache) >= patternCacheSize {
		p.cache = make(map[string]compiled[T], patternCacheSize)
	}
	p.cache[text] = compiled[T]{v, err}
	p.mu.Unlock()
	return v, text, err
}

// expressions yields the placeholders of the pattern.
func (p *pattern[T]) expressions(yield func(Occurrence) bool) bool {
	if p.tmpl == nil {
		return true
	}
	for o := range p.tmpl.Expressions() {
		o.Pointer = "/condition"
		if !yield(o) {
			return false
		}
	}
	return true
}

// patternError is the outcome of a pattern whose placeholders did not
// resolve or whose substituted text does not compile.
func patternError(kind, text string, err error) Outcome {
	var ue *UnresolvedError
	if errors.As(err, &ue) {
		return Outcome{Reason: fmt.Sprintf("placeholder %s in the %s did not resolve: %s", ue.Expression, kind, ue.Reason), Err: err}
	}
	return Outcome{Reason: fmt.Sprintf("%s %s after substitution: %v", kind, quoteShort(text), plainError(err)), Err: err}
}

// plainError returns the message of a compile error without the
// criterion prefix.
func plainError(err error) string {
	var ce *CriterionError
	if errors.As(err, &ce) {
		var se *SyntaxError
		if errors.As(ce.Err, &se) {
			return fmt.Sprintf("offset %d: %s", se.Offset, se.Msg)
		}
		return ce.Err.Error()
	}
	return err.Error()
}
