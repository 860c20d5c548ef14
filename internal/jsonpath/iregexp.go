package jsonpath

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// I-Regexp (RFC 9485) patterns are translated into Go regexp (RE2) syntax:
//
//   - '.' outside a character class becomes [^\n\r];
//   - groups become non-capturing groups;
//   - literal characters are quoted, and characters inside classes are
//     written as \x{...} escapes;
//   - \p{..} and \P{..} map onto the RE2 Unicode classes of the same
//     name (Go's tables know Cn, and their C includes Cn as in XML Schema);
//   - '^' and '$' outside classes become start and end of text assertions.
//     RFC 9485's grammar lists them as ordinary characters, but the
//     JSONPath Compliance Test Suite expects them to anchor, as they do in
//     the RFC's mapping to ECMAScript (section 5.3); we follow the suite.
//
// match() wraps the result in \A(?:...)\z; search() uses it as is.

// maxRegexpNesting bounds group nesting in a pattern.
const maxRegexpNesting = 200

// maxRepeat is the largest repetition count RE2 accepts.
const maxRepeat = 1000

var errBadIRegexp = errors.New("not a valid I-Regexp")

// translateIRegexp checks that pattern is an I-Regexp and returns the
// equivalent RE2 syntax.
func translateIRegexp(pattern string) (string, error) {
	t := reTranslator{src: pattern}
	if err := t.alternation(); err != nil {
		return "", err
	}
	if t.pos < len(t.src) { // a ')' without '('
		return "", t.fail("unmatched ')'")
	}
	return t.out.String(), nil
}

type reTranslator struct {
	src   string
	pos   int
	depth int
	out   strings.Builder
}

func (t *reTranslator) fail(msg string) error {
	return fmt.Errorf("%w: %s at offset %d", errBadIRegexp, msg, t.pos)
}

func (t *reTranslator) peek() (byte, bool) {
	if t.pos < len(t.src) {
		return t.src[t.pos], true
	}
	return 0, false
}

// alternation translates branch *("|" branch).
func (t *reTranslator) alternation() error {
	for {
		for t.pos < len(t.src) && t.src[t.pos] != '|' && t.src[t.pos] != ')' {
			if err := t.atom(); err != nil {
				return err
			}
			if err := t.quantifier(); err != nil {
				return err
			}
		}
		if c, ok := t.peek(); !ok || c != '|' {
			return nil
		}
		t.pos++
		t.out.WriteByte('|')
	}
}

func (t *reTranslator) atom() error {
	r, size := utf8.DecodeRuneInString(t.src[t.pos:])
	if r == utf8.RuneError && size == 1 {
		return t.fail("invalid UTF-8")
	}
	switch r {
	case '(':
		t.depth++
		if t.depth > maxRegexpNesting {
			return t.fail("groups nest too deeply")
		}
		t.pos++
		t.out.WriteString("(?:")
		if err := t.alternation(); err != nil {
			return err
		}
		if c, ok := t.peek(); !ok || c != ')' {
			return t.fail("missing ')'")
		}
		t.pos++
		t.out.WriteByte(')')
		t.depth--
		return nil
	case '.':
		t.pos++
		t.out.WriteString(`[^\n\r]`)
		return nil
	case '[':
		return t.charClass()
	case '\\':
		if t.pos+1 < len(t.src) && (t.src[t.pos+1] == 'p' || t.src[t.pos+1] == 'P') {
			items, err := t.categoryEscape()
			if err != nil {
				return err
			}
			t.out.WriteByte('[')
			t.out.WriteString(items)
			t.out.WriteByte(']')
			return nil
		}
		r, err := t.singleCharEscape()
		if err != nil {
			return err
		}
		t.out.WriteString(regexp.QuoteMeta(string(r)))
		return nil
	case '^':
		t.pos++
		t.out.WriteString(`(?:^)`)
		return nil
	case '$':
		t.pos++
		t.out.WriteString(`(?:$)`)
		return nil
	case '*', '+', '?', '{', '}', ']':
		return t.fail(fmt.Sprintf("unexpected %q", r))
	}
	t.pos += size
	t.out.WriteString(regexp.QuoteMeta(string(r)))
	return nil
}

// quantifier translates an optional "*", "+", "?" or "{n}", "{n,}",
// "{n,m}".
func (t *reTranslator) quantifier() error {
	c, ok := t.peek()
	if !ok {
		return nil
	}
	switch c {
	case '*', '+', '?':
		t.pos++
		t.out.WriteByte(c)
		return nil
	case '{':
	default:
		return nil
	}
	t.pos++
	lo, ok := t.count()
	if !ok {
		return t.fail("expected a number in '{...}'")
	}
	hi, bounded := lo, true
	if c, _ := t.peek(); c == ',' {
		t.pos++
		if c, _ := t.peek(); c >= '0' && c <= '9' {
			hi, _ = t.count()
		} else {
			bounded = false
		}
	}
	if c, ok := t.peek(); !ok || c != '}' {
		return t.fail("expected '}'")
	}
	t.pos++
	if bounded && hi < lo {
		return t.fail("repetition range is reversed")
	}
	if lo > maxRepeat || (bounded && hi > maxRepeat) {
		return t.fail(fmt.Sprintf("repetition counts above %d are not supported", maxRepeat))
	}
	switch {
	case !bounded:
		fmt.Fprintf(&t.out, "{%d,}", lo)
	case hi == lo:
		fmt.Fprintf(&t.out, "{%d}", lo)
	default:
		fmt.Fprintf(&t.out, "{%d,%d}", lo, hi)
	}
	return nil
}

// count reads the digits of a repetition count; values too large for RE2
// are clamped to maxRepeat+1 so they are rejected.
func (t *reTranslator) count() (int, bool) {
	start := t.pos
	for t.pos < len(t.src) && t.src[t.pos] >= '0' && t.src[t.pos] <= '9' {
		t.pos++
	}
	if t.pos == start {
		return 0, false
	}
	n, err := strconv.Atoi(t.src[start:t.pos])
	if err != nil || n > maxRepeat {
		n = maxRepeat + 1
	}
	return n, true
}

// singleCharEscape decodes a SingleCharEsc at t.pos (a backslash).
func (t *reTranslator) singleCharEscape() (rune, error) {
	t.pos++
	c, ok := t.peek()
	if !ok {
		return 0, t.fail("'\\' at end of pattern")
	}
	switch c {
	case 'n':
		t.pos++
		return '\n', nil
	case 'r':
		t.pos++
		return '\r', nil
	case 't':
		t.pos++
		return '\t', nil
	case '(', ')', '*', '+', '-', '.', '?', '[', '\\', ']', '^', '{', '|', '}':
		t.pos++
		return rune(c), nil
	}
	return 0, t.fail("invalid escape")
}

// categories are the general categories I-Regexp allows in \p{..}.
var categories = map[string]bool{
	"L": true, "Lu": true, "Ll": true, "Lt": true, "Lm": true, "Lo": true,
	"M": true, "Mn": true, "Mc": true, "Me": true,
	"N": true, "Nd": true, "Nl": true, "No": true,
	"P": true, "Pc": true, "Pd": true, "Ps": true, "Pe": true, "Pi": true, "Pf": true, "Po": true,
	"Z": true, "Zs": true, "Zl": true, "Zp": true,
	"S": true, "Sm": true, "Sc": true, "Sk": true, "So": true,
	"C": true, "Cc": true, "Cf": true, "Co": true, "Cn": true,
}

// categoryEscape translates \p{X} or \P{X} at t.pos into items for a
// bracketed RE2 class.
func (t *reTranslator) categoryEscape() (string, error) {
	negated := t.src[t.pos+1] == 'P'
	t.pos += 2
	if c, ok := t.peek(); !ok || c != '{' {
		return "", t.fail("expected '{' after \\p")
	}
	end := strings.IndexByte(t.src[t.pos:], '}')
	if end < 0 {
		return "", t.fail("missing '}'")
	}
	name := t.src[t.pos+1 : t.pos+end]
	if !categories[name] {
		return "", t.fail(fmt.Sprintf("unknown category %q", name))
	}
	t.pos += end + 1
	if negated {
		return `\P{` + name + `}`, nil
	}
	return `\p{` + name + `}`, nil
}

// charClass translates a charClassExpr: "[" ["^"] ("-" / CCE1) *CCE1
// ["-"] "]".
func (t *reTranslator) charClass() error {
	t.pos++ // '['
	t.out.WriteByte('[')
	if c, _ := t.peek(); c == '^' {
		t.pos++
		t.out.WriteByte('^')
	}
	items := 0
	if c, _ := t.peek(); c == '-' {
		t.pos++
		t.out.WriteString(`\-`)
		items++
	}
	for {
		c, ok := t.peek()
		if !ok {
			return t.fail("missing ']'")
		}
		switch {
		case c == ']':
			if items == 0 {
				return t.fail("empty character class")
			}
			t.pos++
			t.out.WriteByte(']')
			return nil
		case c == '-':
			if items > 0 && t.pos+1 < len(t.src) && t.src[t.pos+1] == ']' {
				t.pos++
				t.out.WriteString(`\-`)
				continue
			}
			return t.fail("'-' inside a class must be escaped unless it is first or last")
		case c == '\\' && t.pos+1 < len(t.src) && (t.src[t.pos+1] == 'p' || t.src[t.pos+1] == 'P'):
			s, err := t.categoryEscape()
			if err != nil {
				return err
			}
			t.out.WriteString(s)
			items++
			continue
		}
		lo, err := t.classChar()
		if err != nil {
			return err
		}
		writeClassRune(&t.out, lo)
		items++
		if t.pos+1 < len(t.src) && t.src[t.pos] == '-' && t.src[t.pos+1] != ']' {
			t.pos++
			if t.src[t.pos] == '\\' && t.pos+1 < len(t.src) && (t.src[t.pos+1] == 'p' || t.src[t.pos+1] == 'P') {
				return t.fail("a range cannot end with a category escape")
			}
			hi, err := t.classChar()
			if err != nil {
				return err
			}
			if hi < lo {
				return t.fail("character range is reversed")
			}
			t.out.WriteByte('-')
			writeClassRune(&t.out, hi)
		}
	}
}

// classChar reads one CCchar: any character but '-', '[', '\' and ']', or
// a SingleCharEsc.
func (t *reTranslator) classChar() (rune, error) {
	switch t.src[t.pos] {
	case '\\':
		return t.singleCharEscape()
	case '[', ']', '-':
		return 0, t.fail(fmt.Sprintf("%q inside a class must be escaped", t.src[t.pos]))
	}
	r, size := utf8.DecodeRuneInString(t.src[t.pos:])
	if r == utf8.RuneError && size == 1 {
		return 0, t.fail("invalid UTF-8")
	}
	t.pos += size
	return r, nil
}

func writeClassRune(b *strings.Builder, r rune) {
	fmt.Fprintf(b, `\x{%x}`, r)
}

// compileIRegexp compiles an I-Regexp for match() (full, anchored at both
// ends) or search().
func compileIRegexp(pattern string, full bool) (*regexp.Regexp, error) {
	s, err := translateIRegexp(pattern)
	if err != nil {
		return nil, err
	}
	if full {
		s = `\A(?:` + s + `)\z`
	}
	return regexp.Compile(s)
}

// The caches hold patterns that come from documents at run time
// (match(@, $.pattern)) so that they are not compiled for every node: one
// for match (anchored) and one for search. Invalid patterns are cached as
// nil. Reads take no lock, so concurrent queries do not contend.
var (
	matchCache, searchCache sync.Map // pattern -> *regexp.Regexp
	regexpCacheLen          atomic.Int64
)

const (
	regexpCacheSize  = 256  // both caches are cleared when they hold more
	regexpCacheBytes = 4096 // longer patterns are compiled every time
)

// cachedIRegexp returns the compiled form of pattern, or nil when it is not
// a valid I-Regexp (or exceeds what RE2 supports).
func cachedIRegexp(pattern string, full bool) *regexp.Regexp {
	if len(pattern) > regexpCacheBytes {
		re, _ := compileIRegexp(pattern, full)
		return re
	}
	cache := &searchCache
	if full {
		cache = &matchCache
	}
	if v, ok := cache.Load(pattern); ok {
		return v.(*regexp.Regexp)
	}
	re, _ := compileIRegexp(pattern, full)
	if regexpCacheLen.Add(1) > regexpCacheSize {
		matchCache.Clear()
		searchCache.Clear()
		regexpCacheLen.Store(1)
	}
	cache.Store(pattern, re)
	return re
}
