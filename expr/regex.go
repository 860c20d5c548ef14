package expr

import (
	"errors"
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"
	"time"

	"github.com/arazzo-dev/arazzo/internal/jsonvalue"
	"github.com/dlclark/regexp2"
)

// regexCond is a compiled regex condition (CRIT-08, AMB-31): the pattern
// searched for, unanchored, in the text of the context value.
type regexCond struct {
	context *Expression
	pat     *pattern[matcher]
}

// matcher is a compiled pattern of either dialect.
type matcher interface {
	match(s string) (bool, error)
}

type re2Matcher struct{ re *regexp.Regexp }

func (m re2Matcher) match(s string) (bool, error) { return m.re.MatchString(s), nil }

// ecmaMatcher runs patterns RE2 rejects with a backtracking ECMAScript
// engine, bounded by a match timeout.
type ecmaMatcher struct {
	re      *regexp2.Regexp
	timeout time.Duration
}

func (m ecmaMatcher) match(s string) (bool, error) {
	ok, err := m.re.MatchString(s)
	if err != nil {
		return false, fmt.Errorf("the match was stopped after %v (RegexTimeout): %w", m.timeout, err)
	}
	return ok, nil
}

func compileRegex(context *Expression, cond string, cfg criterionConfig) (*regexCond, error) {
	timeout := cfg.regexTimeout
	pat, err := newPattern(cond, func(s string) (matcher, error) {
		return compilePattern(s, timeout)
	})
	if err != nil {
		return nil, err
	}
	return &regexCond{context: context, pat: pat}, nil
}

// compilePattern compiles s as an RE2 pattern (Go's regexp, Perl
// syntax), and when RE2 rejects it as an ECMAScript pattern, so that
// look-around and back-references work. When both reject it the error is
// RE2's, with the offset of the offending part.
func compilePattern(s string, timeout time.Duration) (matcher, error) {
	re, err := regexp.Compile(s)
	if err == nil {
		return re2Matcher{re}, nil
	}
	if ecma, err2 := regexp2.Compile(s, regexp2.ECMAScript); err2 == nil {
		ecma.MatchTimeout = timeout
		return ecmaMatcher{ecma, timeout}, nil
	}
	off := 0
	msg := err.Error()
	var se *syntax.Error
	if errors.As(err, &se) {
		if i := strings.Index(s, se.Expr); i >= 0 && se.Expr != "" {
			off = i
		}
		msg = fmt.Sprintf("%s in %q", se.Code, se.Expr)
	}
	return nil, fieldError("condition", &SyntaxError{Input: s, Offset: off,
		Msg: "invalid regular expression (neither RE2 nor ECMAScript accepts it): " + msg})
}

func (rc *regexCond) eval(c Context) Outcome {
	v, o, ok := contextValue(rc.context, c)
	if !ok {
		return o
	}
	m, pattern, err := rc.pat.get(c)
	if err != nil {
		return patternError("pattern", pattern, err)
	}
	text := jsonvalue.Text(v)
	matched, err := m.match(text)
	if err != nil {
		return Outcome{Reason: fmt.Sprintf("pattern %s on %s: %v", shortText(pattern), quoteShort(text), err), Err: err}
	}
	if matched {
		return Outcome{Passed: true, Reason: fmt.Sprintf("pattern %s matches %s", shortText(pattern), quoteShort(text))}
	}
	return Outcome{Reason: fmt.Sprintf("no match for pattern %s in %s", shortText(pattern), quoteShort(text))}
}

func (rc *regexCond) expressions(yield func(Occurrence) bool) bool {
	return rc.pat.expressions(yield)
}
