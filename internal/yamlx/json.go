package yamlx

import (
	"fmt"
	"strconv"
	"unicode/utf8"
)

// jsonReader is a strict RFC 8259 reader that builds a [Tree] with exact
// positions. It stops at the first syntax error; limits, duplicate keys and
// numbers out of range are reported without stopping, up to maxErrors
// problems.
type jsonReader struct {
	src   []byte
	text  string // src as a string; strings without escapes are slices of it
	lines *lines
	lim   Limits
	treeBuilder
	i      int
	errs   []*Error
	syntax bool // the reader stopped at a syntax error
	abort  bool
	tokens int // scalars and keys read so far
}

// decodeJSON reads src as one JSON value. It also reports whether reading
// stopped at a syntax error, and whether it read at least one key or scalar
// before that (a sign that the input is meant to be JSON).
func decodeJSON(src []byte, l *lines, lim Limits) (t *Tree, errs []*Error, syntax, progressed bool) {
	t = &Tree{JSON: true, src: src, text: string(src), lines: l}
	r := &jsonReader{src: src, text: t.text, lines: l, lim: lim, treeBuilder: treeBuilder{t: t}}
	r.skipSpace()
	t.root = r.value(0)
	if !r.abort {
		r.skipSpace()
		if r.i < len(src) {
			r.syntaxError(r.i, "unexpected %s after the JSON value", r.describe(r.i))
		}
	}
	return t, r.errs, r.syntax, r.tokens > 0
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

// null returns a placeholder node for a value that could not be read; the
// tree is not returned then.
func (r *jsonReader) null() int32 { return r.add(tnode{kind: Null}) }

// value reads the value at r.i; depth is the number of enclosing arrays and
// objects.
func (r *jsonReader) value(depth int) int32 {
	if r.abort {
		return r.null()
	}
	if r.i >= len(r.src) {
		r.syntaxError(r.i, "expected a JSON value, found end of input")
		return r.null()
	}
	switch c := r.src[r.i]; {
	case c == '{' || c == '[':
		if depth+1 > r.lim.MaxDepth {
			r.fail(CodeDepth, r.i, r.i+1, "nesting is deeper than the limit of %d levels", r.lim.MaxDepth)
			r.abort = true
			return r.null()
		}
		if c == '{' {
			return r.object(depth + 1)
		}
		return r.array(depth + 1)
	case c == '"':
		start := r.i
		s, ok := r.string()
		if !ok {
			return r.null()
		}
		r.tokens++
		return r.add(tnode{kind: String, val: s.pack(), start: int32(start), end: int32(r.i), first: int32(start), style: styleJSON})
	case c == '-' || c >= '0' && c <= '9':
		return r.number()
	case c == 't':
		return r.literal("true", Bool, 1)
	case c == 'f':
		return r.literal("false", Bool, 0)
	case c == 'n':
		return r.literal("null", Null, 0)
	}
	r.syntaxError(r.i, "expected a JSON value, found %s", r.describe(r.i))
	return r.null()
}

func (r *jsonReader) literal(word string, k Kind, v uint64) int32 {
	start := r.i
	if len(r.src)-start < len(word) || string(r.src[start:start+len(word)]) != word {
		r.syntaxError(start, "expected a JSON value, found %s", r.describe(start))
		return r.null()
	}
	r.i += len(word)
	r.tokens++
	return r.add(tnode{kind: k, val: v, start: int32(start), end: int32(r.i), first: int32(start)})
}

func (r *jsonReader) object(depth int) int32 {
	t := r.t
	n := r.add(tnode{kind: Object, start: int32(r.i)})
	base := len(r.members)
	size := uint64(1)
	r.i++
	var seen map[string]int
	r.skipSpace()
	if r.i < len(r.src) && r.src[r.i] == '}' {
		r.i++
		r.endObject(n, base, size, r.i)
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
		m := tmember{kstart: int32(kstart), kend: int32(r.i), key: key}
		name := t.str(key)
		if prev := findMember(t, r.members[base:], &seen, name); prev >= 0 {
			r.fail(CodeDuplicateKey, kstart, r.i, "duplicate key %q (first defined at %s)", name, r.lines.pos(int(r.members[base+prev].kstart)))
		}
		r.skipSpace()
		if r.i >= len(r.src) || r.src[r.i] != ':' {
			r.syntaxError(r.i, "expected ':' after the key %q, found %s", name, r.describe(r.i))
			break
		}
		r.i++
		r.skipSpace()
		m.value = r.value(depth)
		size += t.size(m.value)
		r.members = append(r.members, m)
		if seen != nil {
			seen[name] = len(r.members) - base
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
	r.endObject(n, base, size, r.i)
	return n
}

func (r *jsonReader) array(depth int) int32 {
	t := r.t
	n := r.add(tnode{kind: Array, start: int32(r.i)})
	base := len(r.items)
	size := uint64(1)
	r.i++
	r.skipSpace()
	if r.i < len(r.src) && r.src[r.i] == ']' {
		r.i++
		r.endArray(n, base, size, r.i)
		return n
	}
	for !r.abort {
		r.skipSpace()
		it := r.value(depth)
		size += t.size(it)
		r.items = append(r.items, it)
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
	r.endArray(n, base, size, r.i)
	return n
}

// string reads the string whose opening quote is at r.i.
func (r *jsonReader) string() (strRef, bool) {
	src := r.src
	start := r.i
	i := start + 1
	for i < len(src) && src[i] != '"' && src[i] != '\\' && src[i] >= 0x20 {
		i++
	}
	if i < len(src) && src[i] == '"' {
		r.i = i + 1
		return subStr(start+1, i), true
	}
	buf := append([]byte(nil), src[start+1:i]...)
	for {
		if i >= len(src) {
			r.syntaxError(i, "unterminated string (which starts at %s)", r.lines.pos(start))
			return strRef{}, false
		}
		c := src[i]
		switch {
		case c == '"':
			r.i = i + 1
			return r.t.ownStr(string(buf)), true
		case c < 0x20:
			r.syntaxError(i, "invalid %s in string (escape it)", r.describe(i))
			return strRef{}, false
		case c == '\\':
			ch, n, ok := unescape(src[i:], true)
			if !ok {
				end := i + 2
				if end > len(src) {
					end = len(src)
				}
				r.syntaxError(i, "invalid escape %q in string", src[i:end])
				return strRef{}, false
			}
			buf = utf8.AppendRune(buf, ch)
			i += n
		default:
			buf = append(buf, c)
			i++
		}
	}
}

func (r *jsonReader) number() int32 {
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
		return r.null()
	}
	if i < len(src) && src[i] == '.' {
		isInt = false
		i++
		if digits() == 0 {
			r.syntaxError(i, "expected a digit after the decimal point, found %s", r.describe(i))
			return r.null()
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
			return r.null()
		}
	}
	r.i = i
	r.tokens++
	text := r.text[start:i]
	n := tnode{kind: Number, start: int32(start), end: int32(i), first: int32(start)}
	if isInt {
		if v, err := strconv.ParseInt(text, 10, 64); err == nil {
			n.val = uint64(v)
			return r.add(n)
		}
	}
	v, _, err := parseFloat(text)
	if err != nil {
		r.fail(CodeNumber, start, i, "number %s is out of range", text)
		n.kind = Null
		return r.add(n)
	}
	n.val, n.flags = v.bits, flagFloat
	return r.add(n)
}
