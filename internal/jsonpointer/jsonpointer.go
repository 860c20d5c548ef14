package jsonpointer

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/arazzo-dev/arazzo/internal/jsonvalue"
)

// Index values stored with a token that is not a plain array index.
const (
	notIndex = -1 // the token is not an array index (letters, leading zero, empty)
	dash     = -2 // the token is "-", the element past the end of an array
	tooLarge = -3 // the token is all digits but does not fit in an int
)

type token struct {
	name  string // unescaped reference token
	index int    // array index, or one of notIndex, dash, tooLarge
	start int    // offset in the pointer text of the '/' that opens the token
}

// Pointer is a parsed JSON Pointer. The zero Pointer is the empty pointer,
// which refers to the whole document. A Pointer is immutable and safe for
// concurrent use.
type Pointer struct {
	text   string
	tokens []token
}

// SyntaxError reports pointer text that does not follow RFC 6901.
type SyntaxError struct {
	Pointer string // the text that was parsed
	Offset  int    // byte offset of the problem in Pointer
	Msg     string // what is wrong
}

// Error returns a message naming the pointer, the offset and the problem.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("json pointer %q: offset %d: %s", e.Pointer, e.Offset, e.Msg)
}

// Parse parses the text of a JSON Pointer: either the empty string or a
// sequence of "/"-prefixed reference tokens in which "~0" stands for "~" and
// "~1" for "/". A "~" followed by anything else is a [*SyntaxError] at the
// offset of the "~". The text is not percent-decoded (it is the JSON string
// representation of RFC 6901 section 5, not the URI fragment form).
func Parse(s string) (Pointer, error) {
	if s == "" {
		return Pointer{}, nil
	}
	if s[0] != '/' {
		return Pointer{}, &SyntaxError{Pointer: s, Offset: 0, Msg: `a non-empty pointer must start with "/"`}
	}
	n := strings.Count(s, "/")
	toks := make([]token, 0, n)
	for i := 0; i < len(s); {
		start := i // s[i] == '/'
		j := i + 1
		escaped := false
		for j < len(s) && s[j] != '/' {
			if s[j] == '~' {
				if j+1 >= len(s) || (s[j+1] != '0' && s[j+1] != '1') {
					return Pointer{}, &SyntaxError{Pointer: s, Offset: j, Msg: `"~" must be followed by "0" or "1"`}
				}
				escaped = true
				j++
			}
			j++
		}
		raw := s[start+1 : j]
		name := raw
		if escaped {
			name = unescape(raw)
		}
		toks = append(toks, token{name: name, index: arrayIndex(name), start: start})
		i = j
	}
	return Pointer{text: s, tokens: toks}, nil
}

// MustParse is like [Parse] but panics on malformed text. It is meant for
// pointers written as constants in code.
func MustParse(s string) Pointer {
	p, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return p
}

// FromTokens builds the pointer whose unescaped reference tokens are tokens.
func FromTokens(tokens ...string) Pointer {
	if len(tokens) == 0 {
		return Pointer{}
	}
	var b strings.Builder
	toks := make([]token, len(tokens))
	for i, t := range tokens {
		toks[i] = token{name: t, index: arrayIndex(t), start: b.Len()}
		b.WriteByte('/')
		b.WriteString(Escape(t))
	}
	return Pointer{text: b.String(), tokens: toks}
}

func unescape(raw string) string {
	var b strings.Builder
	b.Grow(len(raw))
	for i := 0; i < len(raw); i++ {
		if raw[i] == '~' {
			i++
			if raw[i] == '0' {
				b.WriteByte('~')
			} else {
				b.WriteByte('/')
			}
			continue
		}
		b.WriteByte(raw[i])
	}
	return b.String()
}

// arrayIndex classifies a token as an RFC 6901 array index: "0" or a decimal
// number without leading zeros.
func arrayIndex(t string) int {
	if t == "-" {
		return dash
	}
	if t == "" || (t[0] == '0' && len(t) > 1) {
		return notIndex
	}
	n := 0
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c < '0' || c > '9' {
			return notIndex
		}
		if n > (math.MaxInt-9)/10 {
			// Keep checking the rest for non-digits, which would make the
			// token a plain member name instead.
			for _, c := range []byte(t[i:]) {
				if c < '0' || c > '9' {
					return notIndex
				}
			}
			return tooLarge
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// Escape encodes one reference token for use in pointer text: "~" becomes
// "~0" and "/" becomes "~1".
func Escape(token string) string {
	if !strings.ContainsAny(token, "~/") {
		return token
	}
	var b strings.Builder
	b.Grow(len(token) + 2)
	for i := 0; i < len(token); i++ {
		switch token[i] {
		case '~':
			b.WriteString("~0")
		case '/':
			b.WriteString("~1")
		default:
			b.WriteByte(token[i])
		}
	}
	return b.String()
}

// String returns the text of the pointer, as it was given to [Parse].
func (p Pointer) String() string { return p.text }

// IsRoot reports whether p is the empty pointer, which refers to the whole
// document.
func (p Pointer) IsRoot() bool { return len(p.tokens) == 0 }

// Len returns the number of reference tokens in p.
func (p Pointer) Len() int { return len(p.tokens) }

// Token returns the i-th reference token of p, unescaped.
func (p Pointer) Token(i int) string { return p.tokens[i].name }

// Tokens returns a new slice holding the unescaped reference tokens of p.
func (p Pointer) Tokens() []string {
	out := make([]string, len(p.tokens))
	for i, t := range p.tokens {
		out[i] = t.name
	}
	return out
}

// ErrNotFound is matched (with errors.Is) by every [*Error]: the pointer
// does not lead to a value.
var ErrNotFound = errors.New("json pointer: value not found")

// ErrorKind says why a reference token could not be followed.
type ErrorKind uint8

// The reasons a reference token cannot be followed.
const (
	// MissingMember: the container is an object without that member.
	MissingMember ErrorKind = iota + 1
	// IndexOutOfRange: the container is an array and the index is not
	// below its length.
	IndexOutOfRange
	// InvalidIndex: the container is an array and the token is not an
	// array index (not decimal, or with a leading zero).
	InvalidIndex
	// PastEnd: the container is an array and the token is "-", which
	// names the (nonexistent) element after the last one.
	PastEnd
	// NotContainer: the value is neither an object nor an array, so it
	// has no members to look up.
	NotContainer
)

// Error reports a reference token that could not be followed.
type Error struct {
	Pointer string         // text of the whole pointer
	Index   int            // position of the failing token in the pointer (0-based)
	Token   string         // the failing token, unescaped
	Kind    ErrorKind      // why it failed
	Len     int            // array length, for IndexOutOfRange and PastEnd
	Found   jsonvalue.Kind // kind of the value the token was applied to
	parent  string
}

// Parent returns the text of the pointer to the value the failing token was
// applied to: a prefix of Pointer, "" when that value is the document root.
func (e *Error) Parent() string { return e.parent }

// Is makes errors.Is(err, [ErrNotFound]) true.
func (e *Error) Is(target error) bool { return target == ErrNotFound }

// Error returns a message naming the pointer, the failing token and the
// reason.
func (e *Error) Error() string {
	return fmt.Sprintf("json pointer %q: %s", e.Pointer, e.Reason())
}

// Reason describes the failure without naming the whole pointer, for
// example `no member "id" at /items/0`.
func (e *Error) Reason() string {
	at := "at the root"
	if e.parent != "" {
		at = "at " + e.parent
	}
	switch e.Kind {
	case MissingMember:
		return fmt.Sprintf("no member %q %s", e.Token, at)
	case IndexOutOfRange:
		return fmt.Sprintf("no element %s %s (array length %d)", e.Token, at, e.Len)
	case InvalidIndex:
		return fmt.Sprintf("%q is not an array index %s", e.Token, at)
	case PastEnd:
		return fmt.Sprintf(`"-" refers past the end of the array %s (array length %d)`, at, e.Len)
	case NotContainer:
		return fmt.Sprintf("cannot look up %q in %s %s", e.Token, article(e.Found), at)
	}
	return "invalid error"
}

// article returns the kind's JSON name with an indefinite article ("an
// object", "a string"), or just "null".
func article(k jsonvalue.Kind) string {
	switch k {
	case jsonvalue.Null:
		return "null"
	case jsonvalue.Object, jsonvalue.Array, jsonvalue.Invalid:
		return "an " + k.String()
	}
	return "a " + k.String()
}

func (p Pointer) fail(i int, kind ErrorKind, found any, n int) *Error {
	return &Error{
		Pointer: p.text,
		Index:   i,
		Token:   p.tokens[i].name,
		Kind:    kind,
		Len:     n,
		Found:   jsonvalue.KindOf(found),
		parent:  p.text[:p.tokens[i].start],
	}
}

// Get returns the value p refers to in doc. Objects are map[string]any and
// arrays []any; anything else is a leaf. A failure is an [*Error]. Get does
// not allocate when it succeeds.
func (p Pointer) Get(doc any) (any, error) {
	return p.get(doc, len(p.tokens))
}

// get follows the first n tokens.
func (p Pointer) get(doc any, n int) (any, error) {
	cur := doc
	for i := 0; i < n; i++ {
		t := &p.tokens[i]
		switch c := cur.(type) {
		case map[string]any:
			v, ok := c[t.name]
			if !ok {
				return nil, p.fail(i, MissingMember, cur, 0)
			}
			cur = v
		case []any:
			switch {
			case t.index == dash:
				return nil, p.fail(i, PastEnd, cur, len(c))
			case t.index == notIndex:
				return nil, p.fail(i, InvalidIndex, cur, len(c))
			case t.index == tooLarge || t.index >= len(c):
				return nil, p.fail(i, IndexOutOfRange, cur, len(c))
			}
			cur = c[t.index]
		default:
			return nil, p.fail(i, NotContainer, cur, 0)
		}
	}
	return cur, nil
}

// Set stores value at the location p refers to in doc and returns the
// document, which is doc itself (changed in place) unless p is the empty
// pointer (the result is then value) or the change appends to an array held
// directly at the root (the result is then the longer array).
//
// Every token but the last must lead to an existing value; otherwise Set
// fails with the [*Error] Get would return. The last token then:
//   - on an object, replaces the member or adds it when it is missing;
//   - on an array, replaces the element at an existing index, or appends
//     value when the token is "-";
//   - on anything else, fails with [NotContainer].
func (p Pointer) Set(doc, value any) (any, error) {
	if len(p.tokens) == 0 {
		return value, nil
	}
	return p.set(doc, 0, value)
}

func (p Pointer) set(cur any, i int, value any) (any, error) {
	t := &p.tokens[i]
	last := i == len(p.tokens)-1
	switch c := cur.(type) {
	case map[string]any:
		if last {
			c[t.name] = value
			return c, nil
		}
		child, ok := c[t.name]
		if !ok {
			return nil, p.fail(i, MissingMember, cur, 0)
		}
		nc, err := p.set(child, i+1, value)
		if err != nil {
			return nil, err
		}
		c[t.name] = nc
		return c, nil
	case []any:
		if last && t.index == dash {
			return append(c, value), nil
		}
		switch {
		case t.index == dash:
			return nil, p.fail(i, PastEnd, cur, len(c))
		case t.index == notIndex:
			return nil, p.fail(i, InvalidIndex, cur, len(c))
		case t.index == tooLarge || t.index >= len(c):
			return nil, p.fail(i, IndexOutOfRange, cur, len(c))
		}
		if last {
			c[t.index] = value
			return c, nil
		}
		nc, err := p.set(c[t.index], i+1, value)
		if err != nil {
			return nil, err
		}
		c[t.index] = nc
		return c, nil
	}
	return nil, p.fail(i, NotContainer, cur, 0)
}

// Get parses ptr and returns the value it refers to in doc.
func Get(doc any, ptr string) (any, error) {
	p, err := Parse(ptr)
	if err != nil {
		return nil, err
	}
	return p.Get(doc)
}

// Set parses ptr and stores value at the location it refers to in doc,
// following the rules of [Pointer.Set].
func Set(doc any, ptr string, value any) (any, error) {
	p, err := Parse(ptr)
	if err != nil {
		return nil, err
	}
	return p.Set(doc, value)
}
