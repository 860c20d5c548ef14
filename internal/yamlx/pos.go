package yamlx

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"sort"
	"unicode/utf8"
)

// Pos is a position in a source. Line and Column are 1-based and Column
// counts Unicode code points; Offset is the 0-based byte offset. The zero
// Pos means "unknown".
type Pos struct {
	Line   int
	Column int
	Offset int
}

// String renders p as "line:column".
func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Column) }

// Range is a span of a source from Start up to, but not including, End.
type Range struct {
	Start Pos
	End   Pos
}

// lines records where each line of a source starts, so that byte offsets
// and line/column pairs can be converted into each other.
//
// YAML counts CR, LF, CRLF, NEL, LS and PS as line breaks (the YAML parser
// does, so positions must agree with it); JSON counts only CR, LF and CRLF.
// A UTF-8 byte order mark at the start is not part of line 1, again to
// agree with the YAML parser's columns.
type lines struct {
	src        []byte
	starts     []int
	yamlBreaks bool
}

func newLines(src []byte, yamlBreaks bool) *lines {
	l := &lines{src: src, yamlBreaks: yamlBreaks}
	if yamlBreaks && onlyLineFeeds(src) || !yamlBreaks && bytes.IndexByte(src, '\r') < 0 {
		// Only line feeds break lines: find them the fast way.
		l.starts = append(make([]int, 0, bytes.Count(src, []byte{'\n'})+1), 0)
		for i := 0; ; {
			j := bytes.IndexByte(src[i:], '\n')
			if j < 0 {
				return l
			}
			i += j + 1
			l.starts = append(l.starts, i)
		}
	}
	first := 0
	if hasBOM(src) {
		first = len(bom)
	}
	l.starts = append(make([]int, 0, len(src)/32+1), first)
	for i := first; i < len(src); {
		if !l.mayBreak(src[i]) {
			i++
			continue
		}
		n := l.breakLen(i)
		if n == 0 {
			i++
			continue
		}
		i += n
		l.starts = append(l.starts, i)
	}
	return l
}

// onlyLineFeeds reports whether the only YAML line breaks in src are line
// feeds (no CR, NEL, LS or PS) and src does not start with a byte order
// mark.
func onlyLineFeeds(src []byte) bool {
	if hasBOM(src) || bytes.IndexByte(src, '\r') >= 0 {
		return false
	}
	return !containsSeq(src, "\u0085") && !containsSeq(src, "\u2028") && !containsSeq(src, "\u2029")
}

// containsSeq reports whether src contains seq, searching for its first
// byte, which is rare in most documents, with the fast byte search.
func containsSeq(src []byte, seq string) bool {
	for i := 0; i < len(src); i++ {
		j := bytes.IndexByte(src[i:], seq[0])
		if j < 0 {
			return false
		}
		i += j
		if bytes.HasPrefix(src[i:], []byte(seq)) {
			return true
		}
	}
	return false
}

// mayBreak reports whether a line break can start with byte c.
func (l *lines) mayBreak(c byte) bool {
	return c == '\n' || c == '\r' || l.yamlBreaks && (c == 0xc2 || c == 0xe2)
}

const bom = "\xef\xbb\xbf"

func hasBOM(src []byte) bool {
	return len(src) >= 3 && src[0] == 0xef && src[1] == 0xbb && src[2] == 0xbf
}

// breakLen returns the byte length of the line break starting at i, or 0
// when there is none.
func (l *lines) breakLen(i int) int {
	src := l.src
	switch c := src[i]; c {
	case '\n':
		return 1
	case '\r':
		if i+1 < len(src) && src[i+1] == '\n' {
			return 2
		}
		return 1
	case 0xc2:
		if l.yamlBreaks && i+1 < len(src) && src[i+1] == 0x85 {
			return 2
		}
	case 0xe2:
		if l.yamlBreaks && i+2 < len(src) && src[i+1] == 0x80 && (src[i+2] == 0xa8 || src[i+2] == 0xa9) {
			return 3
		}
	}
	return 0
}

// pos converts a byte offset into a position. Offsets outside the source
// are clamped to it.
func (l *lines) pos(off int) Pos {
	if off < 0 {
		off = 0
	}
	if off > len(l.src) {
		off = len(l.src)
	}
	line := sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > off }) - 1
	if line < 0 {
		line = 0
	}
	start := l.starts[line]
	col := 1
	if off > start {
		col += utf8.RuneCount(l.src[start:off])
	}
	return Pos{Line: line + 1, Column: col, Offset: off}
}

// posCursor converts byte offsets into positions like lines.pos, in time
// independent of the number of lines when the offsets come in increasing
// order.
type posCursor struct {
	l     *lines
	ascii bool // l.src is all ASCII: columns are byte counts
	line  int  // index in l.starts of the line of the last offset converted
}

func newPosCursor(l *lines) posCursor { return posCursor{l: l, ascii: isASCII(l.src)} }

// isASCII reports whether b is all ASCII, eight bytes at a time.
func isASCII(b []byte) bool {
	for len(b) >= 8 {
		if binary.LittleEndian.Uint64(b)&0x8080808080808080 != 0 {
			return false
		}
		b = b[8:]
	}
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func (c *posCursor) pos(off int) Pos {
	l := c.l
	if off < l.starts[c.line] || off > len(l.src) {
		p := l.pos(off)
		c.line = p.Line - 1
		return p
	}
	for c.line+1 < len(l.starts) && l.starts[c.line+1] <= off {
		c.line++
	}
	start := l.starts[c.line]
	col := 1
	switch {
	case off <= start:
	case c.ascii:
		col += off - start
	default:
		col += utf8.RuneCount(l.src[start:off])
	}
	return Pos{Line: c.line + 1, Column: col, Offset: off}
}

// advance returns the position of byte offset to, counting forward from p.
// It costs time proportional to the distance, which keeps the conversion of
// a whole document linear when nodes are visited in document order.
func (l *lines) advance(p Pos, to int) Pos {
	if to > len(l.src) {
		to = len(l.src)
	}
	if to < p.Offset {
		return l.pos(to)
	}
	i := p.Offset
	for i < to {
		if c := l.src[i]; c < utf8.RuneSelf && !l.mayBreak(c) {
			p.Column++
			i++
			continue
		}
		if n := l.breakLen(i); n > 0 {
			i += n
			p.Line++
			p.Column = 1
			continue
		}
		if l.src[i] < utf8.RuneSelf || utf8.RuneStart(l.src[i]) {
			p.Column++
		}
		i++
	}
	p.Offset = to
	return p
}

// cursor remembers the last line/column pair converted to an offset, so
// that consecutive conversions in document order walk each line once.
type cursor struct {
	line, col, off int
}

// offset returns the byte offset of the 1-based line and column reported by
// the YAML parser.
func (l *lines) offset(c *cursor, line, col int) int {
	if line < 1 {
		return 0
	}
	if line > len(l.starts) {
		return len(l.src)
	}
	end := len(l.src)
	if line < len(l.starts) {
		end = l.starts[line]
	}
	cl, off := 1, l.starts[line-1]
	if c.line == line && c.col <= col {
		cl, off = c.col, c.off
	}
	for cl < col && off < end {
		if l.breakLen(off) > 0 {
			break
		}
		_, size := utf8.DecodeRune(l.src[off:])
		off += size
		cl++
	}
	c.line, c.col, c.off = line, cl, off
	return off
}
