package yamlx

import (
	"fmt"
	"strconv"
	"unicode/utf8"
)

// jsonReader is a strict RFC 8259 reader that builds a [Node] tree with
// exact positions. It stops at the first syntax error; limits, duplicate
// keys and numbers out of range are reported without stopping, up to
// maxErrors problems.
type jsonReader struct {
	src    []byte
	lines  *lines
	lim    Limits
	i      int
	at     Pos // position of offset at.Offset, advanced monotonically
	errs   []*Error
	syntax bool // the reader stopped at a syntax error
	abort  bool
	tokens int // scalars and keys read so far
}

// decodeJSON reads src as one JSON value. It also reports whether reading
// stopped at a syntax error, and whether it read at least one key or scalar
// before that (a sign that the input is meant to be JSON).
func decodeJSON(src []byte, l *lines, lim Limits) (root *Node, errs []*Error, syntax, progressed bool) {
	r := &jsonReader{src: src, lines: l, lim: lim}
	r.at = Pos{Line: 1, Column: 1, Offset: l.starts[0]}
	r.skipSpace()
	root = r.value(0)
	if !r.abort {
		r.skipSpace()
		if r.i < len(src) {
			r.syntaxError(r.i, "unexpected %s after the JSON value", r.describe(r.i))
		}
	}
	return root, r.errs, r.syntax, r.tokens > 0
}

// pos returns the position of offset i, which must not be before the last
// position asked for.
func (r *jsonReader) pos(i int) Pos {
	r.at = r.lines.advance(r.at, i)
	return r.at
}

func (r *jsonReader) fail(code string, start, end int, format string, args ...any) {
	if len(r.errs) >= maxErrors {
		r.abort = true
		return
	}
	s := r.lines.pos(start)
	e := s
	if end > start {
		e = r.lines.advance(s, end)
	}
	r.errs = append(r.errs, &Error{Code: code, Msg: fmt.Sprintf(format, args...), Range: Range{Start: s, End: e}})
}

func (r *jsonReader) syntaxError(i int, format string, args ...any) {
	r.fail(CodeJSONSyntax, i, i, format, args...)
	r.syntax = true
	r.abort = true
}

// describe names the input at offset i for an error message.
func (r *jsonReader) describe(i int) string {
	if i >= len(r.src) {
		return "end of input"
	}
	c, _ := utf8.DecodeRune(r.src[i:])
	if c < 0x20 || c == 0x7f {
		return fmt.Sprintf("control character U+%04X", c)
	}
	return fmt.Sprintf("%q", c)
}

func (r *jsonReader) skipSpace() {
	for r.i < len(r.src) {
		switch r.src[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

// value reads the value at r.i; depth is the number of enclosing arrays and
// objects.
func (r *jsonReader) value(depth int) *Node {
	if r.abort {
		return &Node{Kind: Null}
	}
	if r.i >= len(r.src) {
		r.syntaxError(r.i, "expected a JSON value, found end of input")
		return &Node{Kind: Null}
	}
	switch c := r.src[r.i]; {
	case c == '{' || c == '[':
		if depth+1 > r.lim.MaxDepth {
			r.fail(CodeDepth, r.i, r.i+1, "nesting is deeper than the limit of %d levels", r.lim.MaxDepth)
			r.abort = true
			return &Node{Kind: Null}
		}
		if c == '{' {
			return r.object(depth + 1)
		}
		return r.array(depth + 1)
	case c == '"':
		start := r.i
		s, ok := r.string()
		if !ok {
			return &Node{Kind: Null}
		}
		r.tokens++
		return &Node{Kind: String, Value: s, Range: Range{Start: r.pos(start), End: r.pos(r.i)}, style: styleJSON, content: start, size: 1}
	case c == '-' || c >= '0' && c <= '9':
		return r.number()
	case c == 't':
		return r.literal("true", Bool, true)
	case c == 'f':
		return r.literal("false", Bool, false)
	case c == 'n':
		return r.literal("null", Null, nil)
	}
	r.syntaxError(r.i, "expected a JSON value, found %s", r.describe(r.i))
	return &Node{Kind: Null}
}

func (r *jsonReader) literal(word string, k Kind, v any) *Node {
	start := r.i
	if len(r.src)-start < len(word) || string(r.src[start:start+len(word)]) != word {
		r.syntaxError(start, "expected a JSON value, found %s", r.describe(start))
		return &Node{Kind: Null}
	}
	r.i += len(word)
	r.tokens++
	return &Node{Kind: k, Value: v, Range: Range{Start: r.pos(start), End: r.pos(r.i)}, content: start, size: 1}
}

func (r *jsonReader) object(depth int) *Node {
	n := &Node{Kind: Object, size: 1}
	n.Range.Start = r.pos(r.i)
	r.i++
	var seen map[string]*Field
	r.skipSpace()
	if r.i < len(r.src) && r.src[r.i] == '}' {
		r.i++
		n.Range.End = r.pos(r.i)
		n.Value = map[string]any{}
		return n
	}
	for !r.abort {
		r.skipSpace()
		if r.i >= len(r.src) || r.src[r.i] != '"' {
			r.syntaxError(r.i, "expected a string key, found %s", r.describe(r.i))
			break
		}
		kstart := r.i
		key, ok := r.string()
		if !ok {
			break
		}
		r.tokens++
		f := &Field{Key: key, KeyRange: Range{Start: r.pos(kstart), End: r.pos(r.i)}}
		if prev := findField(n.Fields, &seen, key); prev != nil {
			r.fail(CodeDuplicateKey, kstart, r.i, "duplicate key %q (first defined at %s)", key, prev.KeyRange.Start)
		}
		r.skipSpace()
		if r.i >= len(r.src) || r.src[r.i] != ':' {
			r.syntaxError(r.i, "expected ':' after the key %q, found %s", key, r.describe(r.i))
			break
		}
		r.i++
		r.skipSpace()
		f.Value = r.value(depth)
		n.Fields = append(n.Fields, f)
		if seen != nil {
			seen[key] = f
		}
		r.skipSpace()
		if r.abort {
			break
		}
		if r.i < len(r.src) && r.src[r.i] == ',' {
			r.i++
			continue
		}
		if r.i < len(r.src) && r.src[r.i] == '}' {
			r.i++
			break
		}
		r.syntaxError(r.i, "expected ',' or '}' after an object member, found %s", r.describe(r.i))
	}
	n.Range.End = r.pos(r.i)
	m := make(map[string]any, len(n.Fields))
	for _, f := range n.Fields {
		m[f.Key] = f.Value.Value
		n.size += f.Value.size
	}
	n.Value = m
	return n
}

// findField returns the earlier field named key, switching from a linear
// scan to a map once an object has many members.
func findField(fields []*Field, seen *map[string]*Field, key string) *Field {
	const linear = 8
	if *seen == nil {
		for _, f := range fields {
			if f.Key == key {
				return f
			}
		}
		if len(fields) >= linear {
			m := make(map[string]*Field, 2*len(fields))
			for _, f := range fields {
				if _, dup := m[f.Key]; !dup {
					m[f.Key] = f
				}
			}
			*seen = m
		}
		return nil
	}
	return (*seen)[key]
}

func (r *jsonReader) array(depth int) *Node {
	n := &Node{Kind: Array, size: 1}
	n.Range.Start = r.pos(r.i)
	r.i++
	r.skipSpace()
	if r.i < len(r.src) && r.src[r.i] == ']' {
		r.i++
		n.Range.End = r.pos(r.i)
		n.Value = []any{}
		return n
	}
	for !r.abort {
		r.skipSpace()
		n.Items = append(n.Items, r.value(depth))
		r.skipSpace()
		if r.abort {
			break
		}
		if r.i < len(r.src) && r.src[r.i] == ',' {
			r.i++
			continue
		}
		if r.i < len(r.src) && r.src[r.i] == ']' {
			r.i++
			break
		}
		r.syntaxError(r.i, "expected ',' or ']' after an array element, found %s", r.describe(r.i))
	}
	n.Range.End = r.pos(r.i)
	vals := make([]any, len(n.Items))
	for i, it := range n.Items {
		vals[i] = it.Value
		n.size += it.size
	}
	n.Value = vals
	return n
}

// string reads the string whose opening quote is at r.i.
func (r *jsonReader) string() (string, bool) {
	src := r.src
	start := r.i
	i := start + 1
	for i < len(src) && src[i] != '"' && src[i] != '\\' && src[i] >= 0x20 {
		i++
	}
	if i < len(src) && src[i] == '"' {
		r.i = i + 1
		return string(src[start+1 : i]), true
	}
	buf := append([]byte(nil), src[start+1:i]...)
	for {
		if i >= len(src) {
			r.syntaxError(i, "unterminated string (which starts at %s)", r.lines.pos(start))
			return "", false
		}
		c := src[i]
		switch {
		case c == '"':
			r.i = i + 1
			return string(buf), true
		case c < 0x20:
			r.syntaxError(i, "invalid %s in string (escape it)", r.describe(i))
			return "", false
		case c == '\\':
			ch, n, ok := unescape(src[i:], true)
			if !ok {
				end := i + 2
				if end > len(src) {
					end = len(src)
				}
				r.syntaxError(i, "invalid escape %q in string", src[i:end])
				return "", false
			}
			buf = utf8.AppendRune(buf, ch)
			i += n
		default:
			buf = append(buf, c)
			i++
		}
	}
}

func (r *jsonReader) number() *Node {
	src := r.src
	start := r.i
	i := start
	isInt := true
	if src[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(src) && src[i] >= '0' && src[i] <= '9' {
			i++
			n++
		}
		return n
	}
	switch {
	case i < len(src) && src[i] == '0':
		i++
	case digits() == 0:
		r.syntaxError(i, "expected a digit in a number, found %s", r.describe(i))
		return &Node{Kind: Null}
	}
	if i < len(src) && src[i] == '.' {
		isInt = false
		i++
		if digits() == 0 {
			r.syntaxError(i, "expected a digit after the decimal point, found %s", r.describe(i))
			return &Node{Kind: Null}
		}
	}
	if i < len(src) && (src[i] == 'e' || src[i] == 'E') {
		isInt = false
		i++
		if i < len(src) && (src[i] == '+' || src[i] == '-') {
			i++
		}
		if digits() == 0 {
			r.syntaxError(i, "expected a digit in the exponent, found %s", r.describe(i))
			return &Node{Kind: Null}
		}
	}
	r.i = i
	r.tokens++
	text := string(src[start:i])
	n := &Node{Kind: Number, Range: Range{Start: r.pos(start), End: r.pos(i)}, content: start, size: 1}
	if isInt {
		if v, err := strconv.ParseInt(text, 10, 64); err == nil {
			n.Value = v
			return n
		}
	}
	v, _, err := parseFloat(text)
	if err != nil {
		r.fail(CodeNumber, start, i, "number %s is out of range", text)
		n.Kind = Null
		return n
	}
	n.Value = v
	return n
}
