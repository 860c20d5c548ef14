package expr

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/arazzo-dev/arazzo/internal/jsonpath"
	"github.com/arazzo-dev/arazzo/internal/jsonpointer"
)

// The JSONPath versions of the Criterion Expression Type Object.
const (
	jsonpathRFC9535  = "rfc9535"
	jsonpathGoessner = "draft-goessner-dispatch-jsonpath-00"
)

// jsonpathCond is a compiled jsonpath condition (CRIT-09, AMB-32): an RFC
// 9535 query whose root is the context value; a non-empty node list
// passes.
type jsonpathCond struct {
	context *Expression
	pat     *pattern[*jsonpath.Path]
}

func compileJSONPath(context *Expression, contextText, cond, version string) (*jsonpathCond, error) {
	switch version {
	case "", jsonpathRFC9535:
	case jsonpathGoessner:
		return nil, &CriterionError{Field: "version", Unsupported: true, Err: fmt.Errorf(
			"JSONPath version %s is not supported: the draft does not define its filter and script semantics precisely enough to implement interoperably; use RFC 9535 JSONPath (version %s, the default)",
			jsonpathGoessner, jsonpathRFC9535)}
	default:
		return nil, fieldError("version", fmt.Errorf("unknown JSONPath version %q; want %s (the default)", version, jsonpathRFC9535))
	}
	pat, err := newPattern(cond, compileQuery)
	if err != nil {
		var ce *CriterionError
		if errors.As(err, &ce) && ce.Suggestion == "" {
			if s, ok := suggestSimple(contextText, cond); ok {
				ce.Suggestion = s
			}
		}
		return nil, err
	}
	return &jsonpathCond{context: context, pat: pat}, nil
}

// compileQuery parses an RFC 9535 query, turning its error into a
// criterion error with the offset in the query.
func compileQuery(s string) (*jsonpath.Path, error) {
	p, err := jsonpath.Parse(s)
	if err != nil {
		var se *jsonpath.SyntaxError
		if errors.As(err, &se) {
			return nil, fieldError("condition", &SyntaxError{Input: s, Offset: se.Offset, Msg: "invalid JSONPath query: " + se.Msg})
		}
		return nil, fieldError("condition", &SyntaxError{Input: s, Msg: "invalid JSONPath query: " + err.Error()})
	}
	return p, nil
}

func (jc *jsonpathCond) eval(c Context) Outcome {
	v, o, ok := contextValue(jc.context, c)
	if !ok {
		return o
	}
	p, query, err := jc.pat.get(c)
	if err != nil {
		return patternError("JSONPath query", query, err)
	}
	nodes := p.Select(v)
	switch len(nodes) {
	case 0:
		return Outcome{Reason: fmt.Sprintf("JSONPath %s selected no nodes", query)}
	case 1:
		return Outcome{Passed: true, Reason: fmt.Sprintf("JSONPath %s selected 1 node", query)}
	}
	return Outcome{Passed: true, Reason: fmt.Sprintf("JSONPath %s selected %d nodes", query, len(nodes))}
}

func (jc *jsonpathCond) expressions(yield func(Occurrence) bool) bool {
	return jc.pat.expressions(yield)
}

// suggestSimple rewrites a JSONPath condition written as a comparison
// outside a filter ("$.status == 'running' || $.status == 'initializing'")
// into the simple condition it was meant to be, with each singular query
// turned into a JSON pointer into the context:
// "$response.body#/status == 'running' || $response.body#/status ==
// 'initializing'". It reports false when the condition is a valid query,
// holds no query to rewrite, or does not become a valid simple condition.
func suggestSimple(context, cond string) (string, bool) {
	if _, err := jsonpath.Parse(cond); err == nil {
		return "", false
	}
	ctx, err := Parse(context)
	if err != nil {
		return "", false
	}
	var b strings.Builder
	rewrote := false
	for i := 0; i < len(cond); {
		c := cond[i]
		switch {
		case c == '\'':
			end := strings.IndexByte(cond[i+1:], '\'')
			if end < 0 {
				return "", false
			}
			b.WriteString(cond[i : i+end+2])
			i += end + 2
		case c == '"':
			s, n, ok := doubleQuoted(cond[i:])
			if !ok {
				return "", false
			}
			b.WriteString("'" + strings.ReplaceAll(s, "'", "''") + "'")
			i += n
		case c == '$' && (i+1 == len(cond) || cond[i+1] == '.' || cond[i+1] == '[' || strings.IndexByte(simpleStop, cond[i+1]) >= 0):
			tokens, n, ok := singularQuery(cond[i:])
			if !ok {
				return "", false
			}
			e, ok := pointerInto(ctx, tokens)
			if !ok {
				return "", false
			}
			b.WriteString(e)
			i += n
			rewrote = true
		case c == '$':
			// A runtime expression already: copy it whole.
			_, end, err := ParsePrefix(cond, i, simpleStop)
			if err != nil {
				return "", false
			}
			b.WriteString(cond[i:end])
			i = end
		default:
			b.WriteByte(c)
			i++
		}
	}
	if !rewrote {
		return "", false
	}
	s := b.String()
	if _, err := compileSimple(s, criterionConfig{}); err != nil {
		return "", false
	}
	return s, true
}

// pointerInto returns the runtime expression for the member at tokens
// within the value of ctx, or false when ctx cannot take a JSON pointer.
func pointerInto(ctx *Expression, tokens []string) (string, bool) {
	if len(tokens) == 0 {
		return ctx.String(), true
	}
	switch {
	case ctx.Kind() == KindRequest || ctx.Kind() == KindResponse:
		if ctx.Source() != SourceBody {
			return "", false
		}
	case ctx.Kind() == KindInputs, ctx.Kind() == KindOutputs, ctx.Kind() == KindSteps, ctx.Kind() == KindWorkflows:
	default:
		return "", false
	}
	var b strings.Builder
	b.WriteString(ctx.String())
	if !ctx.HasPointer() {
		b.WriteByte('#')
	}
	for _, t := range tokens {
		esc := jsonpointer.Escape(t)
		if strings.ContainsAny(esc, simpleStop) {
			return "", false
		}
		b.WriteString("/" + esc)
	}
	return b.String(), true
}

// singularQuery reads a singular JSONPath query ("$", "$.a.b",
// "$['a'][0]") at the start of s and returns its member names and
// indexes as JSON pointer tokens, and its length.
func singularQuery(s string) ([]string, int, bool) {
	i := 1
	var tokens []string
	for i < len(s) {
		switch s[i] {
		case '.':
			j := i + 1
			for j < len(s) && (isAlpha(s[j]) || isDigit(s[j]) || s[j] == '_' || s[j] >= 0x80) {
				j++
			}
			if j == i+1 || isDigit(s[i+1]) {
				return nil, 0, false
			}
			tokens = append(tokens, s[i+1:j])
			i = j
		case '[':
			j := i + 1
			switch {
			case j < len(s) && (s[j] == '\'' || s[j] == '"'):
				q := s[j]
				end := strings.IndexByte(s[j+1:], q)
				if end < 0 || strings.ContainsRune(s[j+1:j+1+end], '\\') {
					return nil, 0, false
				}
				tokens = append(tokens, s[j+1:j+1+end])
				j += end + 2
			default:
				k := j
				for k < len(s) && isDigit(s[k]) {
					k++
				}
				if k == j {
					return nil, 0, false
				}
				if _, err := strconv.Atoi(s[j:k]); err != nil {
					return nil, 0, false
				}
				tokens = append(tokens, s[j:k])
				j = k
			}
			if j >= len(s) || s[j] != ']' {
				return nil, 0, false
			}
			i = j + 1
		default:
			return tokens, i, true
		}
	}
	return tokens, i, true
}

// doubleQuoted reads a JSON-style double-quoted string at the start of s.
func doubleQuoted(s string) (string, int, bool) {
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			v, err := strconv.Unquote(s[:i+1])
			return v, i + 1, err == nil
		}
	}
	return "", 0, false
}
