package yamlx

import (
	"bytes"
	"unicode/utf8"
)

// This file is the block reader: a direct reader for the part of YAML that
// real Arazzo and OpenAPI documents are written in. It builds the [Tree]
// of what the YAML parser followed by the converter of decode.go would
// read — the same values, kinds, styles, ranges and string offsets — in a
// fraction of the time, and it declines (and [Decode] falls back to the
// YAML parser) on everything else. The subset, all in block context:
//
//   - one document, optionally opened by a "---" line, whose root is a block
//     mapping or a block sequence;
//   - block mappings whose keys are single-line plain or quoted scalars
//     followed directly by ": " (or ":" at the end of the line), and block
//     sequences, including compact ones ("- a: 1", "- - x") and sequences
//     indented like their parent's keys;
//   - plain scalars, also over several lines; single- and double-quoted
//     scalars on one line; literal and folded block scalars with a chomping
//     indicator but no indentation indicator;
//   - flow sequences and mappings of such scalars written on one line;
//   - comments and empty lines.
//
// It declines tabs, carriage returns and the other YAML line breaks, byte
// order marks, directives, document end markers, anchors, aliases, tags,
// complex keys, scalars that are not plain, quoted or block as above, keys
// longer than 1024 bytes, and anything the YAML parser would reject:
// indentation that does not line up, text after a quoted scalar, ": " inside
// a value, duplicate keys, merge keys, numbers JSON cannot hold, nesting
// deeper than the limit. Where it is unsure it declines; the differential
// fuzz test FuzzFastPathAgrees checks that whatever it accepts, the YAML
// parser path decodes to an identical tree.

// blockMaxDepth bounds the recursion of the block reader whatever the
// configured depth limit, so that hostile nesting never exhausts the stack;
// deeper documents go to the YAML parser.
const blockMaxDepth = 1000

// maxKeyBytes is the longest mapping key the block reader accepts. The YAML
// parser accepts longer keys, but YAML 1.2 limits implicit keys to 1024
// characters, so the reader leaves them to the parser.
const maxKeyBytes = 1024

// decline is the panic value with which the block reader gives up on input
// outside its subset; readBlock recovers it.
type decline struct{}

// strictBlock makes readBlock re-panic on a panic that is not a decline,
// instead of falling back to the YAML parser. Tests set it, so that a bug in
// the reader fails the fuzz tests rather than hiding behind the fallback.
var strictBlock = false

// blockReader holds the state of one read.
type blockReader struct {
	src      []byte
	text     string // src as a string; values copied from the source are substrings of it
	lines    *lines
	maxDepth int
	treeBuilder

	i   int // read offset
	ind int // indentation of the line token at i, set by nextLine; -1 at the end

	buf []byte // scratch space for scalars that are not copies of the source
}

// readBlock reads src with the block reader. It reports false when src is
// outside the subset the reader understands; the caller then reads it with
// the YAML parser. l must be newLines(src, true). The caller has already
// checked the size limit, the encoding and the printable character set.
func readBlock(src []byte, l *lines, lim Limits) (t *Tree, ok bool) {
	if !blockCandidate(src) {
		return nil, false
	}
	// A line of a block document holds about one value, often a mapping
	// key too, and a flow collection a value more per comma: guesses a
	// little above that save most of the growing of the arrays.
	lines := len(l.starts)
	nodes := lines + bytes.Count(src, []byte{','}) + 8
	t = &Tree{src: src, text: string(src), lines: l,
		nodes: make([]tnode, 0, nodes), members: make([]tmember, 0, lines+8), items: make([]int32, 0, lines/4+8)}
	r := &blockReader{src: src, text: t.text, lines: l, maxDepth: min(lim.MaxDepth, blockMaxDepth),
		treeBuilder: treeBuilder{t: t, members: make([]tmember, 0, 32), items: make([]int32, 0, 16)}}
	defer func() {
		if v := recover(); v != nil {
			if _, isDecline := v.(decline); !isDecline && strictBlock {
				panic(v)
			}
			// Any other panic is a bug of the reader; the YAML parser
			// still gives the right answer.
			t, ok = nil, false
		}
	}()
	t.root = r.document()
	return t, true
}

// blockCandidate reports whether src is free of the characters the block
// reader leaves to the YAML parser: tabs, carriage returns, NEL, LS, PS and
// byte order marks.
func blockCandidate(src []byte) bool {
	return bytes.IndexByte(src, '\t') < 0 && onlyLineFeeds(src) && !containsSeq(src, "\ufeff")
}

func (r *blockReader) fail() { panic(decline{}) }

// document reads the whole input: an optional "---" line, then a block
// collection, then nothing but comments and empty lines. It returns the
// root's node index.
func (r *blockReader) document() int32 {
	src := r.src
	ind := r.nextLineAllowMarker()
	if ind == 0 && bytes.HasPrefix(src[r.i:], []byte("---")) && r.blankAt(r.i+3) {
		r.i += 3
		r.endLine()
		ind = r.ind
	} else {
		r.checkMarker()
	}
	var n int32
	switch {
	case ind < 0:
		r.fail() // empty: the YAML parser reports it
	case src[r.i] == '-' && r.blankAt(r.i+1):
		n = r.sequence(ind, 1)
	default:
		k, ok := r.key()
		if !ok {
			r.fail() // a scalar or flow root
		}
		n = r.mapping(ind, 1, k)
	}
	if r.ind >= 0 {
		r.fail()
	}
	return n
}

// blankAt reports whether offset i is a space, a line break or the end of
// the input.
func (r *blockReader) blankAt(i int) bool {
	return i >= len(r.src) || r.src[i] == ' ' || r.src[i] == '\n'
}

// nextLine moves from a line break, a line start or the end of the input to
// the first character of the next line holding more than spaces and a
// comment, records its indentation in r.ind and returns it; at the end of
// the input it returns -1.
func (r *blockReader) nextLine() int {
	ind := r.nextLineAllowMarker()
	r.checkMarker()
	return ind
}

// checkMarker declines a document marker ("---" or "...") at the start of
// the current line.
func (r *blockReader) checkMarker() {
	if r.ind == 0 && r.i+3 <= len(r.src) {
		if s := r.src[r.i : r.i+3]; string(s) == "---" || string(s) == "..." {
			r.fail()
		}
	}
}

func (r *blockReader) nextLineAllowMarker() int {
	src := r.src
	i := r.i
	if i < len(src) && src[i] == '\n' {
		i++
	}
	for {
		start := i
		for i < len(src) && src[i] == ' ' {
			i++
		}
		if i >= len(src) {
			r.i, r.ind = i, -1
			return -1
		}
		switch src[i] {
		case '\n':
			i++
			continue
		case '#':
			if j := bytes.IndexByte(src[i:], '\n'); j >= 0 {
				i += j + 1
				continue
			}
			r.i, r.ind = len(src), -1
			return -1
		}
		r.i, r.ind = i, i-start
		return r.ind
	}
}

// endLine ends the line after a value: spaces and a comment may follow, then
// a line break or the end of the input. It then moves to the next line.
func (r *blockReader) endLine() {
	src := r.src
	i := r.i
	for i < len(src) && src[i] == ' ' {
		i++
	}
	if i < len(src) && src[i] == '#' && i > r.i {
		if j := bytes.IndexByte(src[i:], '\n'); j >= 0 {
			i += j
		} else {
			i = len(src)
		}
	}
	if i < len(src) && src[i] != '\n' {
		r.fail()
	}
	r.i = i
	r.nextLine()
}

func (r *blockReader) checkDepth(depth int) {
	if depth > r.maxDepth {
		r.fail()
	}
}

// blockNode reads the node whose first line token is at r.i, indented by
// ind, inside a block collection indented by parent (-1 for the root) and
// nested depth collections deep.
func (r *blockReader) blockNode(parent, ind, depth int) int32 {
	if r.src[r.i] == '-' && r.blankAt(r.i+1) {
		return r.sequence(ind, depth+1)
	}
	if k, ok := r.key(); ok {
		return r.mapping(ind, depth+1, k)
	}
	return r.inline(parent, depth)
}

// keyToken is a mapping key read by key.
type keyToken struct {
	text       string
	sub        bool // text is a slice of the source, from start+1 for a quoted key
	start, end int  // the key scalar's text
	st         style
}

// keyRef returns where the tree keeps the text of k.
func (r *blockReader) keyRef(k keyToken) strRef {
	switch {
	case !k.sub:
		return r.t.ownStr(k.text)
	case k.st == stylePlain:
		return subStr(k.start, k.start+len(k.text))
	}
	return subStr(k.start+1, k.start+1+len(k.text))
}

// key reads the mapping key at r.i: a plain or quoted scalar on this line
// followed directly by ':' and a space, a line break or the end of the
// input. It leaves r.i on the ':'. It reports false, leaving r.i alone,
// when there is no key at r.i.
func (r *blockReader) key() (keyToken, bool) {
	src := r.src
	start := r.i
	var k keyToken
	switch src[start] {
	case '"', '\'':
		text, sub, end, ok := r.quoted(start)
		if !ok || end >= len(src) || src[end] != ':' || !r.blankAt(end+1) {
			return k, false
		}
		st := styleDouble
		if src[start] == '\'' {
			st = styleSingle
		}
		k = keyToken{text: text, sub: sub, start: start, end: end, st: st}
	default:
		if !r.plainStart(start) {
			return k, false
		}
		// The key runs to the first ':' followed by a space or the end of
		// the line, unless a comment (a '#' after a space) starts first.
		eol := r.lineEnd(start)
		line := src[start:eol]
		colon := 0
		for {
			c := bytes.IndexByte(line[colon:], ':')
			if c < 0 {
				return k, false
			}
			colon += c
			if colon+1 == len(line) || line[colon+1] == ' ' {
				break
			}
			colon++
		}
		if commentStart(line[:colon]) < colon {
			return k, false
		}
		if line[colon-1] == ' ' {
			r.fail() // "a : b"
		}
		k = keyToken{text: r.text[start : start+colon], sub: true, start: start, end: start + colon, st: stylePlain}
		if k.text == "<<" {
			r.fail() // a merge key: the converter reports it
		}
	}
	if k.end-k.start > maxKeyBytes {
		r.fail()
	}
	r.i = k.end
	return k, true
}

// plainStart reports whether a plain scalar may start at offset i. It is
// stricter than YAML: of the indicators, only '-' followed by a letter,
// digit or '.' may start one.
func (r *blockReader) plainStart(i int) bool {
	switch c := r.src[i]; c {
	case '-':
		return i+1 < len(r.src) && isWordByte(r.src[i+1])
	case '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', ' ', '\n':
		return false
	}
	return true
}

func isWordByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '.'
}

// mapping reads a block mapping indented by indent whose first key k has
// just been read.
func (r *blockReader) mapping(indent, depth int, k keyToken) int32 {
	r.checkDepth(depth)
	t := r.t
	n := r.add(tnode{kind: Object, start: int32(k.start)})
	base := len(r.members)
	var seen map[string]int
	last := k.start
	size := uint64(1)
	for {
		end := k.end
		if k.st != stylePlain {
			end = r.lines.scalarEnd(k.start, k.st, k.text)
		}
		if findMember(t, r.members[base:], &seen, k.text) >= 0 {
			r.fail() // a duplicate key: the converter reports it
		}
		m := tmember{kstart: int32(k.start), kend: int32(end), key: r.keyRef(k)}
		r.i++ // the ':'
		m.value = r.value(indent, depth)
		last = max(last, end, int(t.nodes[m.value].end))
		r.members = append(r.members, m)
		if seen != nil {
			seen[k.text] = len(r.members) - base
		}
		size += t.size(m.value)
		if r.ind != indent {
			if r.ind > indent {
				r.fail()
			}
			break
		}
		var ok bool
		if k, ok = r.key(); !ok {
			r.fail()
		}
	}
	r.endObject(n, base, size, last)
	return n
}

// value reads the value of a mapping entry of a mapping indented by indent,
// with r.i just after the ':'.
func (r *blockReader) value(indent, depth int) int32 {
	after := r.i
	if !r.restOfLineEmpty() {
		return r.inline(indent, depth)
	}
	ind := r.nextLine()
	switch {
	case ind > indent:
		return r.blockNode(indent, ind, depth)
	case ind == indent && r.src[r.i] == '-' && r.blankAt(r.i+1):
		return r.sequence(indent, depth+1)
	}
	return r.empty(after)
}

// restOfLineEmpty skips spaces from r.i and reports whether only a comment
// or nothing follows on the line, leaving r.i at the line break or the end
// of the input if so, and at the first character after the spaces if not.
func (r *blockReader) restOfLineEmpty() bool {
	src := r.src
	i := r.i
	for i < len(src) && src[i] == ' ' {
		i++
	}
	switch {
	case i >= len(src) || src[i] == '\n':
	case src[i] == '#' && i > r.i:
		if j := bytes.IndexByte(src[i:], '\n'); j >= 0 {
			i += j
		} else {
			i = len(src)
		}
	default:
		r.i = i
		return false
	}
	r.i = i
	return true
}

// empty returns the null node of an empty value whose indicator ends at
// offset at.
func (r *blockReader) empty(at int) int32 {
	return r.add(tnode{kind: Null, start: int32(at), end: int32(at), first: int32(at)})
}

// sequence reads a block sequence whose first "-" is at r.i, indented by
// indent.
func (r *blockReader) sequence(indent, depth int) int32 {
	r.checkDepth(depth)
	src := r.src
	t := r.t
	n := r.add(tnode{kind: Array, start: int32(r.i)})
	base := len(r.items)
	size := uint64(1)
	for {
		dash := r.i
		r.i++
		after := r.i
		var it int32
		if r.restOfLineEmpty() {
			if ind := r.nextLine(); ind > indent {
				it = r.blockNode(indent, ind, depth)
			} else {
				it = r.empty(after)
			}
		} else {
			col := indent + r.i - dash // '-' and spaces are one column each
			if src[r.i] == '-' && r.blankAt(r.i+1) {
				it = r.sequence(col, depth+1)
			} else if k, ok := r.key(); ok {
				it = r.mapping(col, depth+1, k)
			} else {
				it = r.inline(indent, depth)
			}
		}
		r.items = append(r.items, it)
		size += t.size(it)
		if r.ind == indent && src[r.i] == '-' && r.blankAt(r.i+1) {
			continue
		}
		if r.ind > indent {
			r.fail()
		}
		break
	}
	r.endArray(n, base, size, int(t.nodes[r.items[len(r.items)-1]].end))
	return n
}

// inline reads a scalar or flow collection that starts at r.i, inside a
// block collection indented by parent, and moves to the next line.
func (r *blockReader) inline(parent, depth int) int32 {
	src := r.src
	switch src[r.i] {
	case '"', '\'':
		n := r.quotedNode()
		r.endLine()
		return n
	case '|', '>':
		return r.blockScalar(parent)
	case '[', '{':
		n := r.flow(depth + 1)
		r.endLine()
		return n
	}
	if !r.plainStart(r.i) {
		r.fail()
	}
	return r.plain(parent)
}

// quoted reads the single- or double-quoted scalar whose opening quote is at
// offset i and which must end on the same line. It returns the decoded text,
// whether that is the source from i+1 on, and the offset after the closing
// quote, or false.
func (r *blockReader) quoted(i int) (text string, sub bool, end int, ok bool) {
	src := r.src
	q := src[i]
	j := i + 1
	plain := true // no escapes so far: the text is a substring
	for ; j < len(src); j++ {
		c := src[j]
		if c == '\n' {
			return "", false, 0, false
		}
		if c == q {
			if q == '\'' && j+1 < len(src) && src[j+1] == '\'' {
				plain = false
				j++
				continue
			}
			break
		}
		if c == '\\' && q == '"' {
			plain = false
			j++
			if j < len(src) && src[j] == '\n' {
				return "", false, 0, false // an escaped line break
			}
		}
	}
	if j >= len(src) {
		return "", false, 0, false
	}
	if plain {
		return r.text[i+1 : j], true, j + 1, true
	}
	b := r.buf[:0]
	for k := i + 1; k < j; k++ {
		c := src[k]
		switch {
		case c == '\'' && q == '\'':
			b = append(b, '\'')
			k++
		case c == '\\' && q == '"':
			var ok bool
			if b, k, ok = appendEscape(b, src, k); !ok {
				r.fail()
			}
		default:
			b = append(b, c)
		}
	}
	r.buf = b
	return string(b), false, j + 1, true
}

// appendEscape decodes the escape sequence of a double-quoted scalar whose
// backslash is at offset k, exactly as the YAML parser does, and returns
// the offset of its last byte. It reports false for sequences the parser
// rejects.
func appendEscape(b, src []byte, k int) ([]byte, int, bool) {
	if k+1 >= len(src) {
		return b, k, false
	}
	hex := 0
	switch src[k+1] {
	case '0':
		b = append(b, 0)
	case 'a':
		b = append(b, '\a')
	case 'b':
		b = append(b, '\b')
	case 't':
		b = append(b, '\t')
	case 'n':
		b = append(b, '\n')
	case 'v':
		b = append(b, '\v')
	case 'f':
		b = append(b, '\f')
	case 'r':
		b = append(b, '\r')
	case 'e':
		b = append(b, 0x1b)
	case ' ', '"', '\'', '\\':
		b = append(b, src[k+1])
	case 'N':
		b = append(b, "\u0085"...)
	case '_':
		b = append(b, "\u00a0"...)
	case 'L':
		b = append(b, "\u2028"...)
	case 'P':
		b = append(b, "\u2029"...)
	case 'x':
		hex = 2
	case 'u':
		hex = 4
	case 'U':
		hex = 8
	default:
		return b, k, false
	}
	if hex == 0 {
		return b, k + 1, true
	}
	if k+2+hex > len(src) {
		return b, k, false
	}
	v := 0
	for _, c := range src[k+2 : k+2+hex] {
		d := digitValue(c)
		if d >= 16 {
			return b, k, false
		}
		v = v<<4 | d
	}
	if v >= 0xd800 && v <= 0xdfff || v > 0x10ffff {
		return b, k, false
	}
	return utf8.AppendRune(b, rune(v)), k + 1 + hex, true
}

// quotedNode reads the quoted scalar at r.i.
func (r *blockReader) quotedNode() int32 {
	start := r.i
	text, sub, end, ok := r.quoted(start)
	if !ok {
		r.fail()
	}
	st := styleDouble
	if r.src[start] == '\'' {
		st = styleSingle
	}
	r.i = end
	ref := subStr(start+1, start+1+len(text))
	if !sub {
		ref = r.t.ownStr(text)
	}
	return r.stringNode(start, r.lines.scalarEnd(start, st, text), st, ref)
}

// stringNode returns the node of a quoted or block scalar whose text runs
// from offset start to offset end.
func (r *blockReader) stringNode(start, end int, st style, text strRef) int32 {
	return r.add(tnode{kind: String, val: text.pack(), start: int32(start), end: int32(end), first: int32(start), style: st})
}

// plain reads a plain scalar in block context starting at r.i, inside a
// block collection indented by parent, folding its continuation lines as
// YAML does, and moves to the next line.
func (r *blockReader) plain(parent int) int32 {
	src := r.src
	start := r.i
	end, eol, comment := r.plainLine(start)
	multi := false
	b := r.buf[:0]
	for !comment && eol < len(src) {
		// Look for a continuation: a line indented more than the parent
		// collection, after any number of empty lines.
		empties := 0
		i := eol + 1
		k := i
		for {
			for k < len(src) && src[k] == ' ' {
				k++
			}
			if k < len(src) && src[k] == '\n' {
				empties++
				i = k + 1
				k = i
				continue
			}
			break
		}
		if k >= len(src) || k-i <= parent || src[k] == '#' {
			break
		}
		if isIndicator(src[k]) {
			r.fail()
		}
		if !multi {
			b = append(b, src[start:end]...)
			multi = true
		}
		if empties == 0 {
			b = append(b, ' ')
		}
		for ; empties > 0; empties-- {
			b = append(b, '\n')
		}
		end, eol, comment = r.plainLine(k)
		b = append(b, src[k:end]...)
	}
	var text string
	if multi {
		text = string(b)
		r.buf = b
	} else {
		text = r.text[start:end]
	}
	v, err := resolvePlainScalar(text)
	if err != nil {
		r.fail() // a number JSON cannot hold: the converter reports it
	}
	n := tnode{kind: v.kind, val: v.num.bits, first: int32(start), start: int32(start)}
	if v.num.float {
		n.flags = flagFloat
	}
	if v.kind == String {
		if multi {
			n.val = r.t.ownStr(text).pack()
		} else {
			n.val = subStr(start, end).pack()
		}
	}
	if multi {
		end = r.lines.scalarEnd(start, stylePlain, text)
	}
	n.end = int32(end)
	r.i = eol
	r.nextLine()
	return r.add(n)
}

// isIndicator reports whether c is a YAML indicator character.
func isIndicator(c byte) bool {
	switch c {
	case '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return true
	}
	return false
}

// plainLine reads the part of a block plain scalar on the line from offset
// i: the text up to a comment (a '#' after a space) or the end of the line,
// without trailing spaces. It returns the offset after that text, the
// offset of the line break (or the end of the input), and whether a comment
// ended the line. ": " ends a plain scalar; in a value that is an error, so
// the reader declines.
func (r *blockReader) plainLine(i int) (end, eol int, comment bool) {
	src := r.src
	eol = r.lineEnd(i)
	line := src[i:eol]
	n := commentStart(line)
	comment = n < len(line)
	for c := 0; ; c++ {
		k := bytes.IndexByte(line[c:n], ':')
		if k < 0 {
			break
		}
		c += k
		if c+1 == len(line) || line[c+1] == ' ' {
			r.fail()
		}
	}
	for n > 0 && line[n-1] == ' ' {
		n--
	}
	return i + n, eol, comment
}

// lineEnd returns the offset of the line break at or after offset i, or the
// end of the input.
func (r *blockReader) lineEnd(i int) int {
	if j := bytes.IndexByte(r.src[i:], '\n'); j >= 0 {
		return i + j
	}
	return len(r.src)
}

// commentStart returns the index of the first '#' in line that follows a
// space, where a comment starts, or len(line).
func commentStart(line []byte) int {
	for h := 0; ; h++ {
		k := bytes.IndexByte(line[h:], '#')
		if k < 0 {
			return len(line)
		}
		h += k
		if h > 0 && line[h-1] == ' ' {
			return h
		}
	}
}

// blockScalar reads the literal or folded block scalar whose indicator is
// at r.i, inside a block collection indented by parent, exactly as the YAML
// parser does, and moves to the next line.
func (r *blockReader) blockScalar(parent int) int32 {
	src := r.src
	start := r.i
	literal := src[start] == '|'
	i := start + 1
	chomp := 0
	if i < len(src) && (src[i] == '+' || src[i] == '-') {
		chomp = 1
		if src[i] == '-' {
			chomp = -1
		}
		i++
	}
	j := i
	for j < len(src) && src[j] == ' ' {
		j++
	}
	if j < len(src) && src[j] == '#' && j > i {
		if k := bytes.IndexByte(src[j:], '\n'); k >= 0 {
			j += k
		} else {
			j = len(src)
		}
	}
	if j >= len(src) || src[j] != '\n' {
		r.fail() // an indentation indicator, text after the header, or no content
	}
	// Leading empty lines; the content is indented like the first
	// non-empty line.
	line := j + 1
	maxSpaces, trailing := 0, 0
	k := line
	for {
		for k < len(src) && src[k] == ' ' {
			k++
		}
		maxSpaces = max(maxSpaces, k-line)
		if k < len(src) && src[k] == '\n' {
			trailing++
			line = k + 1
			k = line
			continue
		}
		break
	}
	indent := max(maxSpaces, parent+1)
	if k >= len(src) || k-line < indent {
		r.fail() // empty, or a leading empty line indented more than the content
	}
	b := r.buf[:0]
	cur := line + indent
	last := cur
	leadingBreak, leadingBlank := false, false
	for {
		trailingBlank := src[cur] == ' '
		if !literal && !leadingBlank && !trailingBlank && leadingBreak {
			if trailing == 0 {
				b = append(b, ' ')
			}
		} else if leadingBreak {
			b = append(b, '\n')
		}
		for ; trailing > 0; trailing-- {
			b = append(b, '\n')
		}
		leadingBlank = trailingBlank
		e := len(src)
		if x := bytes.IndexByte(src[cur:], '\n'); x >= 0 {
			e = cur + x
		}
		b = append(b, src[cur:e]...)
		if !trailingBlank || bytes.IndexFunc(src[cur:e], notSpace) >= 0 {
			// The scalar's text ends with its last line holding more
			// than spaces, as blockEnd has it.
			last = e
		}
		if e >= len(src) {
			leadingBreak = false
			line = len(src)
			break
		}
		leadingBreak = true
		line = e + 1
		k = line
		for {
			for k < len(src) && k-line < indent && src[k] == ' ' {
				k++
			}
			if k < len(src) && src[k] == '\n' {
				trailing++
				line = k + 1
				k = line
				continue
			}
			break
		}
		if k-line < indent || k >= len(src) {
			break
		}
		cur = k
	}
	if chomp != -1 && leadingBreak {
		b = append(b, '\n')
	}
	if chomp == 1 {
		for ; trailing > 0; trailing-- {
			b = append(b, '\n')
		}
	}
	r.buf = b
	st := styleFolded
	if literal {
		st = styleLiteral
	}
	n := r.stringNode(start, last, st, r.t.ownStr(string(b)))
	r.i = line
	r.nextLine()
	return n
}

func notSpace(c rune) bool { return c != ' ' }

// flow reads a flow sequence or mapping that starts at r.i and ends on the
// same line, at nesting depth depth.
func (r *blockReader) flow(depth int) int32 {
	r.checkDepth(depth)
	src := r.src
	t := r.t
	open := r.i
	closer, kind := byte(']'), Array
	if src[open] == '{' {
		closer, kind = '}', Object
	}
	n := r.add(tnode{kind: kind, start: int32(open)})
	r.i++
	r.flowSpaces()
	last := open
	size := uint64(1)
	items, members := len(r.items), len(r.members)
	var seen map[string]int
	if src[r.i] != closer {
		for {
			var v int32
			if kind == Object {
				key, m := r.flowKey()
				if findMember(t, r.members[members:], &seen, key) >= 0 {
					r.fail()
				}
				v = r.flowNode(depth)
				m.value = v
				last = max(last, int(m.kend), int(t.nodes[v].end))
				r.members = append(r.members, m)
				if seen != nil {
					seen[key] = len(r.members) - members
				}
			} else {
				v = r.flowNode(depth)
				last = int(t.nodes[v].end)
				r.items = append(r.items, v)
			}
			size += t.size(v)
			r.flowSpaces()
			if src[r.i] == ',' {
				r.i++
				r.flowSpaces()
				if src[r.i] == closer {
					r.fail() // a trailing comma
				}
				continue
			}
			if src[r.i] == closer {
				break
			}
			r.fail()
		}
	}
	r.i++ // the closer
	// Where the collection ends, computed as the converter does.
	from := last
	if last == open {
		from = open + 1
	}
	end := last
	if e := r.lines.flowEnd(from, closer); e > last {
		end = e
	}
	if kind == Object {
		r.endObject(n, members, size, end)
	} else {
		r.endArray(n, items, size, end)
	}
	return n
}

// flowSpaces skips spaces inside a flow collection, which must not reach
// the end of the line.
func (r *blockReader) flowSpaces() {
	src := r.src
	for r.i < len(src) && src[r.i] == ' ' {
		r.i++
	}
	if r.i >= len(src) || src[r.i] == '\n' || src[r.i] == '#' {
		r.fail()
	}
}

// flowKey reads the key of a flow mapping entry and the ": " after it. It
// returns the key's text and its member, without the value.
func (r *blockReader) flowKey() (string, tmember) {
	src := r.src
	start := r.i
	k := keyToken{start: start, st: stylePlain, sub: true}
	var end int
	switch src[start] {
	case '"', '\'':
		var ok bool
		if k.text, k.sub, end, ok = r.quoted(start); !ok {
			r.fail()
		}
		k.st = styleDouble
		if src[start] == '\'' {
			k.st = styleSingle
		}
	default:
		end = r.flowPlain(true)
		k.text = r.text[start:end]
		if k.text == "<<" {
			r.fail()
		}
	}
	if end+1 >= len(src) || src[end] != ':' || src[end+1] != ' ' {
		r.fail()
	}
	kend := end
	if k.st != stylePlain {
		kend = r.lines.scalarEnd(start, k.st, k.text)
	}
	m := tmember{kstart: int32(start), kend: int32(kend), key: r.keyRef(k)}
	r.i = end + 2
	r.flowSpaces()
	return k.text, m
}

// flowNode reads a value inside a flow collection at nesting depth depth.
func (r *blockReader) flowNode(depth int) int32 {
	src := r.src
	switch src[r.i] {
	case '[', '{':
		return r.flow(depth + 1)
	case '"', '\'':
		return r.quotedNode()
	}
	start := r.i
	end := r.flowPlain(false)
	text := r.text[start:end]
	v, err := resolvePlainScalar(text)
	if err != nil {
		r.fail()
	}
	n := tnode{kind: v.kind, val: v.num.bits, start: int32(start), end: int32(end), first: int32(start)}
	if v.num.float {
		n.flags = flagFloat
	}
	if v.kind == String {
		n.val = subStr(start, end).pack()
	}
	r.i = end
	return r.add(n)
}

// flowPlain reads a plain scalar inside a flow collection from r.i and
// returns the offset after it. Inside a mapping key it stops before ": ".
// It declines ':', '?' and '#' anywhere else in the scalar, which YAML
// reads in ways that depend on what follows.
func (r *blockReader) flowPlain(key bool) int {
	src := r.src
	i := r.i
	c := src[i]
	if isIndicator(c) && (c != '-' || i+1 >= len(src) || !isWordByte(src[i+1])) {
		r.fail()
	}
	for {
		for i < len(src) {
			c := src[i]
			if c == ' ' || c == '\n' || c == ',' || c == ']' || c == '}' {
				break
			}
			if c == ':' && key && i+1 < len(src) && src[i+1] == ' ' {
				return i
			}
			if c == ':' || c == '?' || c == '#' || c == '[' || c == '{' {
				r.fail()
			}
			i++
		}
		end := i
		for i < len(src) && src[i] == ' ' {
			i++
		}
		if i >= len(src) {
			r.fail()
		}
		switch c := src[i]; {
		case c == ',' || c == ']' || c == '}':
			return end
		case c == '\n' || isIndicator(c):
			r.fail()
		}
	}
}
