package yamlx

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file finds where scalars and flow collections end in the source text,
// and maps byte offsets inside decoded strings back to the source. The YAML
// parser reports only where a node starts, so both are recomputed here from
// the node's style and decoded value. Every function degrades gracefully: on
// text it does not understand it returns a shorter range or the start of
// the scalar, never a wrong position past the scalar and never a panic.

func isBlank(c byte) bool { return c == ' ' || c == '\t' }

// skipProperties skips the anchor and tag properties written before a node
// at offset i. It returns the offset just past the last property, the offset
// of the node's content (after the whitespace, comments and line breaks that
// may follow the properties), and whether a non-specific "!" tag was among
// them.
func (l *lines) skipProperties(i int) (propsEnd, content int, nonSpecific bool) {
	src := l.src
	propsEnd = i
	for i < len(src) && (src[i] == '&' || src[i] == '!') {
		j := i + 1
		if src[i] == '!' && j < len(src) && src[j] == '<' {
			for j < len(src) && src[j] != '>' && !isBlank(src[j]) && l.breakLen(j) == 0 {
				j++
			}
			if j < len(src) && src[j] == '>' {
				j++
			}
		} else {
			for j < len(src) && !isBlank(src[j]) && l.breakLen(j) == 0 && !isFlowIndicator(src[j]) {
				j++
			}
		}
		if src[i] == '!' && j == i+1 {
			nonSpecific = true
		}
		propsEnd = j
		i = l.skipSpace(j)
	}
	return propsEnd, i, nonSpecific
}

// skipSpace skips blanks, comments and line breaks from offset i.
func (l *lines) skipSpace(i int) int {
	src := l.src
	for i < len(src) {
		switch {
		case isBlank(src[i]):
			i++
		case src[i] == '#':
			for i < len(src) && l.breakLen(i) == 0 {
				i++
			}
		default:
			n := l.breakLen(i)
			if n == 0 {
				return i
			}
			i += n
		}
	}
	return i
}

func isFlowIndicator(c byte) bool {
	return c == ',' || c == '[' || c == ']' || c == '{' || c == '}'
}

// lineEnd returns the offset of the line break or end of source after i.
func (l *lines) lineEnd(i int) int {
	for i < len(l.src) && l.breakLen(i) == 0 {
		i++
	}
	return i
}

// scalarEnd returns the offset just past the text of a scalar whose content
// starts at i.
func (l *lines) scalarEnd(i int, st style, value string) int {
	src := l.src
	if i >= len(src) {
		return len(src)
	}
	switch st {
	case stylePlain:
		if bytes.HasPrefix(src[i:], []byte(value)) {
			return i + len(value)
		}
		if end, ok := l.walkPlain(i, value, -1); ok {
			return end
		}
		return l.lineEnd(i)
	case styleDouble, styleJSON:
		for j := i + 1; j < len(src); j++ {
			switch src[j] {
			case '\\':
				j++
			case '"':
				return j + 1
			}
		}
	case styleSingle:
		for j := i + 1; j < len(src); j++ {
			if src[j] == '\'' {
				if j+1 < len(src) && src[j+1] == '\'' {
					j++
					continue
				}
				return j + 1
			}
		}
	case styleLiteral, styleFolded:
		return l.blockEnd(i)
	}
	return l.lineEnd(i)
}

// walkPlain follows a plain or folded scalar's decoded value through the
// source from offset i. Plain and folded scalars have no escapes, so every
// character of the value that is not white space appears in the source in
// the same order, separated only by white space and line breaks. It returns
// the source offset reached after the whole value or, when at >= 0, the
// source offset of the value's byte at index at.
func (l *lines) walkPlain(i int, value string, at int) (int, bool) {
	src := l.src
	for k := 0; k < len(value); k++ {
		b := value[k]
		if b == ' ' || b == '\t' || b == '\n' {
			if k == at {
				return i, true
			}
			if i < len(src) && src[i] == b {
				i++
			}
			continue
		}
		for i < len(src) && src[i] != b {
			if isBlank(src[i]) {
				i++
			} else if n := l.breakLen(i); n > 0 {
				i += n
			} else {
				return 0, false
			}
		}
		if i >= len(src) {
			return 0, false
		}
		if k == at {
			return i, true
		}
		i++
	}
	return i, true
}

// blockIndent returns the offset of the first content line of the block
// scalar whose header starts at i, and the indentation of its content.
func (l *lines) blockIndent(i int) (first, indent int) {
	src := l.src
	first = l.lineEnd(i)
	if first < len(src) {
		first += l.breakLen(first)
	}
	indent = -1
	for j := first; j < len(src); {
		k := j
		for k < len(src) && src[k] == ' ' {
			k++
		}
		e := l.lineEnd(k)
		if !allBlank(src[k:e]) {
			indent = k - j
			break
		}
		if e >= len(src) {
			break
		}
		j = e + l.breakLen(e)
	}
	return first, indent
}

// blockEnd returns the offset just past the last non-empty content line of
// the literal or folded block scalar whose header starts at i.
func (l *lines) blockEnd(i int) int {
	src := l.src
	end := l.lineEnd(i)
	first, indent := l.blockIndent(i)
	if indent < 0 {
		return end
	}
	for j := first; j < len(src); {
		k := j
		for k < len(src) && src[k] == ' ' {
			k++
		}
		e := l.lineEnd(k)
		if !allBlank(src[k:e]) {
			if k-j < indent || indent == 0 && isDocumentMarker(src[j:]) {
				break
			}
			end = e
		}
		if e >= len(src) {
			break
		}
		j = e + l.breakLen(e)
	}
	return end
}

// allBlank reports whether b holds nothing but spaces and tabs.
func allBlank(b []byte) bool {
	for _, c := range b {
		if !isBlank(c) {
			return false
		}
	}
	return true
}

func isDocumentMarker(b []byte) bool {
	if !bytes.HasPrefix(b, []byte("---")) && !bytes.HasPrefix(b, []byte("...")) {
		return false
	}
	return len(b) == 3 || b[3] == ' ' || b[3] == '\t' || b[3] == '\n' || b[3] == '\r'
}

// flowEnd returns the offset just past the bracket that closes a flow
// collection, searching from offset i (the end of its last entry, or just
// after its opening bracket). It returns i when the bracket is not found.
func (l *lines) flowEnd(i int, closer byte) int {
	src := l.src
	for j := i; j < len(src); {
		j = l.skipSpace(j)
		if j >= len(src) {
			break
		}
		switch src[j] {
		case closer:
			return j + 1
		case ',', ':', '?':
			j++
		default:
			return i
		}
	}
	return i
}

// StringPos returns the source position of the byte at offset off of the
// decoded string value of n. The position is exact for plain scalars, for
// single- and double-quoted scalars (including escapes and folded line
// breaks), for JSON strings and for literal block scalars; for folded block
// scalars it is exact for characters that are not white space. When the
// mapping cannot be worked out, or n is not a string, it returns the
// position of the start of the scalar's text. Offsets are clamped to the
// string.
func (f *File) StringPos(n *Node, off int) Pos {
	if n.origin != nil {
		n = n.origin
	}
	s, ok := n.Value.(string)
	if !ok || n.Kind != String {
		return n.Range.Start
	}
	return f.lines.pos(f.lines.stringOffset(n.style, n.content, s, n.Range, off))
}

// stringOffset returns the source offset of the byte at offset off of s,
// the decoded text of a string scalar of style st whose content starts at
// offset content and which was written at r (see [File.StringPos]).
func (l *lines) stringOffset(st style, content int, s string, r Range, off int) int {
	if off < 0 {
		off = 0
	}
	if off > len(s) {
		off = len(s)
	}
	start := content
	at := start
	switch st {
	case stylePlain, styleFolded:
		from := start
		if st == styleFolded {
			from, _ = l.blockIndent(start)
		}
		if off == len(s) {
			at = r.End.Offset
		} else if a, ok := l.walkPlain(from, s, off); ok {
			at = a
		}
	case styleDouble, styleSingle, styleJSON, styleLiteral:
		var idx []int
		ok := false
		switch st {
		case styleLiteral:
			var out []byte
			out, idx, ok = l.decodeLiteral(start)
			ok = ok && strings.TrimRight(string(out), "\n") == strings.TrimRight(s, "\n")
		default:
			var out []byte
			out, idx, ok = l.decodeQuoted(start, st)
			ok = ok && string(out) == s
		}
		switch {
		case ok && off < len(idx):
			at = idx[off]
		case ok:
			at = r.End.Offset
		}
	}
	// Whatever went wrong, never point outside the scalar.
	if at < r.Start.Offset || at > r.End.Offset {
		at = start
	}
	return at
}

// decodeLiteral decodes the literal block scalar whose header starts at i,
// recording for each output byte the source offset it came from. Trailing
// line breaks are not chomped.
func (l *lines) decodeLiteral(i int) (out []byte, idx []int, ok bool) {
	src := l.src
	first, indent := l.blockIndent(i)
	if indent < 0 {
		return nil, nil, true
	}
	end := l.blockEnd(i)
	for j := first; j < end; {
		k := j
		for k < end && k-j < indent && src[k] == ' ' {
			k++
		}
		e := l.lineEnd(k)
		if e > end {
			e = end
		}
		for ; k < e; k++ {
			out = append(out, src[k])
			idx = append(idx, k)
		}
		if e >= end {
			break
		}
		out = append(out, '\n')
		idx = append(idx, e)
		j = e + l.breakLen(e)
	}
	return out, idx, true
}

// decodeQuoted decodes the single-quoted, double-quoted or JSON string
// whose opening quote is at offset i, applying escapes and YAML line
// folding, and records for each output byte the source offset it came from.
func (l *lines) decodeQuoted(i int, st style) (out []byte, idx []int, ok bool) {
	src := l.src
	quote := byte('"')
	if st == styleSingle {
		quote = '\''
	}
	if i >= len(src) || src[i] != quote {
		return nil, nil, false
	}
	emit := func(b []byte, at int) {
		out = append(out, b...)
		for range b {
			idx = append(idx, at)
		}
	}
	j := i + 1
	for j < len(src) {
		c := src[j]
		switch {
		case c == quote && st == styleSingle && j+1 < len(src) && src[j+1] == '\'':
			emit([]byte{'\''}, j)
			j += 2
		case c == quote:
			return out, idx, true
		case c == '\\' && st != styleSingle:
			if j+1 >= len(src) {
				return nil, nil, false
			}
			if st == styleDouble {
				if n := l.breakLen(j + 1); n > 0 {
					// An escaped line break joins the lines without a space.
					j = l.fold(j+1+n, &out, &idx, false)
					continue
				}
			}
			r, n, good := unescape(src[j:], st == styleJSON)
			if !good {
				return nil, nil, false
			}
			emit(utf8.AppendRune(nil, r), j)
			j += n
		case isBlank(c) || l.breakLen(j) > 0:
			if st == styleJSON {
				emit([]byte{c}, j)
				j++
				continue
			}
			// White space before a line break is dropped; a line break
			// folds into a space, or into one newline per empty line.
			k := j
			for k < len(src) && isBlank(src[k]) {
				k++
			}
			if k < len(src) && l.breakLen(k) > 0 {
				j = l.fold(k, &out, &idx, true)
				continue
			}
			for ; j < k; j++ {
				emit([]byte{src[j]}, j)
			}
		default:
			emit([]byte{c}, j)
			j++
		}
	}
	return nil, nil, false
}

// fold handles the line break at offset i inside a quoted scalar: it emits
// one newline per following empty line, or a single space when there is
// none and space is set, and returns the offset of the next line's first
// character that is not white space.
func (l *lines) fold(i int, out *[]byte, idx *[]int, space bool) int {
	src := l.src
	at := i
	if n := l.breakLen(i); n > 0 {
		i += n
	}
	empty := 0
	for {
		k := i
		for k < len(src) && isBlank(src[k]) {
			k++
		}
		n := 0
		if k < len(src) {
			n = l.breakLen(k)
		}
		if n == 0 {
			i = k
			break
		}
		empty++
		i = k + n
	}
	switch {
	case empty > 0:
		for range empty {
			*out = append(*out, '\n')
			*idx = append(*idx, at)
		}
	case space:
		*out = append(*out, ' ')
		*idx = append(*idx, at)
	}
	return i
}

// unescape decodes the escape sequence at the start of b (which begins
// with a backslash), returning the rune and the sequence length. json
// selects the JSON escapes instead of the YAML ones.
func unescape(b []byte, json bool) (rune, int, bool) {
	if len(b) < 2 {
		return 0, 0, false
	}
	hex := 0
	switch b[1] {
	case '"', '\\', '/':
		return rune(b[1]), 2, true
	case 'b':
		return '\b', 2, true
	case 'f':
		return '\f', 2, true
	case 'n':
		return '\n', 2, true
	case 'r':
		return '\r', 2, true
	case 't':
		return '\t', 2, true
	case 'u':
		hex = 4
	}
	if !json {
		switch b[1] {
		case '0':
			return 0, 2, true
		case 'a':
			return '\a', 2, true
		case '\t':
			return '\t', 2, true
		case 'v':
			return '\v', 2, true
		case 'e':
			return 0x1b, 2, true
		case ' ':
			return ' ', 2, true
		case 'N':
			return 0x85, 2, true
		case '_':
			return 0xa0, 2, true
		case 'L':
			return 0x2028, 2, true
		case 'P':
			return 0x2029, 2, true
		case 'x':
			hex = 2
		case 'U':
			hex = 8
		}
	}
	if hex == 0 || len(b) < 2+hex {
		return 0, 0, false
	}
	v, err := strconv.ParseUint(string(b[2:2+hex]), 16, 32)
	if err != nil {
		return 0, 0, false
	}
	r := rune(v)
	if json && utf8RuneIsSurrogate(r) {
		if len(b) >= 12 && b[6] == '\\' && b[7] == 'u' {
			if lo, err := strconv.ParseUint(string(b[8:12]), 16, 32); err == nil {
				if c := combineSurrogates(r, rune(lo)); c != utf8.RuneError {
					return c, 12, true
				}
			}
		}
		return utf8.RuneError, 6, true
	}
	return r, 2 + hex, true
}

func utf8RuneIsSurrogate(r rune) bool { return r >= 0xd800 && r < 0xe000 }

// combineSurrogates joins a UTF-16 surrogate pair, or returns RuneError.
func combineSurrogates(hi, lo rune) rune {
	if hi < 0xd800 || hi >= 0xdc00 || lo < 0xdc00 || lo >= 0xe000 {
		return utf8.RuneError
	}
	return (hi-0xd800)<<10 | (lo - 0xdc00) + 0x10000
}
