package jsonpath

import (
	"slices"
	"strconv"
)

// segment is one child or descendant segment of a query.
type segment struct {
	descendant bool
	// tight is true for a shorthand segment (.name) and for a bracketed
	// segment with no blank space inside its brackets: only those can be
	// part of a singular query in the RFC 9535 grammar.
	tight bool
	sels  []selector
}

// isSingular reports whether the segment selects at most one child.
func (s *segment) isSingular() bool {
	return !s.descendant && len(s.sels) == 1 && (s.sels[0].kind == selName || s.sels[0].kind == selIndex)
}

type selKind uint8

const (
	selName selKind = iota
	selWildcard
	selIndex
	selSlice
	selFilter
)

// selector is one selector of a segment. Which fields are used depends on
// kind.
type selector struct {
	kind             selKind
	hasStart, hasEnd bool
	name             string
	index            int64 // the index of selIndex
	start, end, step int64 // selSlice; step defaults to 1
	filter           logical
}

// evalCtx is what filter expressions need while a query runs: the root of
// the queried document, and scratch space for sorting member names.
type evalCtx struct {
	root any
	keys []string
}

// sortedKeys appends the member names of m to the scratch space and
// returns them sorted, with the mark to restore with release.
func (c *evalCtx) sortedKeys(m map[string]any) ([]string, int) {
	mark := len(c.keys)
	for k := range m {
		c.keys = append(c.keys, k)
	}
	keys := c.keys[mark:]
	slices.Sort(keys)
	return keys, mark
}

// release drops the names appended since mark. Slices handed out earlier
// stay valid: later appends only write past mark.
func (c *evalCtx) release(mark int) {
	c.keys = c.keys[:mark]
}

// pathElem is one step of a normalized path: a member name, or an array
// index when index >= 0.
type pathElem struct {
	name  string
	index int
}

// walker applies segments depth first and hands every selected node to its
// sink. Applying the remaining segments to each node as soon as it is
// selected gives the same order as building the nodelist of every segment
// in turn, without the intermediate lists.
type walker struct {
	ctx *evalCtx

	limit int // stop once this many nodes were seen; 0 means no limit
	n     int // nodes seen
	first any // the first node seen

	collect bool // gather values into vals
	vals    []any

	paths bool // gather nodes with their normalized paths into nodes
	nodes []Node
	path  []pathElem
	buf   []byte
}

// emit records one selected node and reports whether the walk should stop.
func (w *walker) emit(v any) bool {
	if w.n == 0 {
		w.first = v
	}
	w.n++
	switch {
	case w.paths:
		if w.nodes == nil {
			w.nodes = make([]Node, 0, 4)
		}
		w.buf = appendNormalizedPath(w.buf[:0], w.path)
		w.nodes = append(w.nodes, Node{Path: string(w.buf), Value: v})
	case w.collect:
		// Start with room for several values: results of non-singular
		// queries rarely hold just one, and each regrowth allocates.
		if w.vals == nil {
			w.vals = make([]any, 0, 8)
		}
		w.vals = append(w.vals, v)
	}
	return w.limit > 0 && w.n >= w.limit
}

func (w *walker) push(name string, index int) {
	if w.paths {
		w.path = append(w.path, pathElem{name: name, index: index})
	}
}

func (w *walker) pop() {
	if w.paths {
		w.path = w.path[:len(w.path)-1]
	}
}

// walk applies segs to v. It reports whether the sink asked to stop.
func (w *walker) walk(segs []segment, v any) bool {
	if len(segs) == 0 {
		return w.emit(v)
	}
	if segs[0].descendant {
		return w.descend(&segs[0], segs[1:], v)
	}
	return w.apply(&segs[0], segs[1:], v)
}

// apply runs the selectors of seg on v and walks rest from every result.
func (w *walker) apply(seg *segment, rest []segment, v any) bool {
	for i := range seg.sels {
		if w.selectFrom(&seg.sels[i], rest, v) {
			return true
		}
	}
	return false
}

// descend applies the selectors of a descendant segment to v and then to
// every descendant of v, parents before children, arrays in order.
func (w *walker) descend(seg *segment, rest []segment, v any) bool {
	if w.apply(seg, rest, v) {
		return true
	}
	switch x := v.(type) {
	case []any:
		for i, e := range x {
			w.push("", i)
			stop := w.descend(seg, rest, e)
			w.pop()
			if stop {
				return true
			}
		}
	case map[string]any:
		keys, mark := w.ctx.sortedKeys(x)
		stop := false
		for _, k := range keys {
			w.push(k, -1)
			stop = w.descend(seg, rest, x[k])
			w.pop()
			if stop {
				break
			}
		}
		w.ctx.release(mark)
		return stop
	}
	return false
}

// child walks rest from one selected child of the current node.
func (w *walker) child(rest []segment, name string, index int, v any) bool {
	w.push(name, index)
	stop := w.walk(rest, v)
	w.pop()
	return stop
}

func (w *walker) selectFrom(sel *selector, rest []segment, v any) bool {
	switch sel.kind {
	case selName:
		if m, ok := v.(map[string]any); ok {
			if c, ok := m[sel.name]; ok {
				return w.child(rest, sel.name, -1, c)
			}
		}
	case selIndex:
		if a, ok := v.([]any); ok {
			if i, ok := resolveIndex(sel.index, len(a)); ok {
				return w.child(rest, "", i, a[i])
			}
		}
	case selWildcard:
		switch x := v.(type) {
		case []any:
			for i, e := range x {
				if w.child(rest, "", i, e) {
					return true
				}
			}
		case map[string]any:
			keys, mark := w.ctx.sortedKeys(x)
			stop := false
			for _, k := range keys {
				if stop = w.child(rest, k, -1, x[k]); stop {
					break
				}
			}
			w.ctx.release(mark)
			return stop
		}
	case selSlice:
		if a, ok := v.([]any); ok {
			return w.slice(sel, rest, a)
		}
	case selFilter:
		switch x := v.(type) {
		case []any:
			for i, e := range x {
				if sel.filter.test(w.ctx, e) && w.child(rest, "", i, e) {
					return true
				}
			}
		case map[string]any:
			keys, mark := w.ctx.sortedKeys(x)
			stop := false
			for _, k := range keys {
				e := x[k]
				if stop = sel.filter.test(w.ctx, e) && w.child(rest, k, -1, e); stop {
					break
				}
			}
			w.ctx.release(mark)
			return stop
		}
	}
	return false
}

// resolveIndex turns an index selector into a position in an array of
// length n (negative indexes count from the end).
func resolveIndex(index int64, n int) (int, bool) {
	if index < 0 {
		index += int64(n)
	}
	if index < 0 || index >= int64(n) {
		return 0, false
	}
	return int(index), true
}

// slice applies a slice selector (RFC 9535 section 2.3.4.2.2). Parameters
// are within ±(2^53-1), so the int64 arithmetic below cannot overflow.
func (w *walker) slice(sel *selector, rest []segment, a []any) bool {
	step := sel.step
	if step == 0 {
		return false
	}
	n := int64(len(a))
	var start, end int64
	if step > 0 {
		start, end = 0, n
	} else {
		start, end = n-1, -n-1
	}
	if sel.hasStart {
		start = sel.start
	}
	if sel.hasEnd {
		end = sel.end
	}
	if start < 0 {
		start += n
	}
	if end < 0 {
		end += n
	}
	if step > 0 {
		lower, upper := min(max(start, 0), n), min(max(end, 0), n)
		for i := lower; i < upper; i += step {
			if w.child(rest, "", int(i), a[i]) {
				return true
			}
		}
		return false
	}
	upper, lower := min(max(start, -1), n-1), min(max(end, -1), n-1)
	for i := upper; lower < i; i += step {
		if w.child(rest, "", int(i), a[i]) {
			return true
		}
	}
	return false
}

// appendNormalizedPath appends the normalized path of elems (RFC 9535
// section 2.7) to b.
func appendNormalizedPath(b []byte, elems []pathElem) []byte {
	b = append(b, '$')
	for _, e := range elems {
		if e.index >= 0 {
			b = append(b, '[')
			b = strconv.AppendInt(b, int64(e.index), 10)
			b = append(b, ']')
			continue
		}
		b = append(b, '[', '\'')
		b = appendNormalizedName(b, e.name)
		b = append(b, '\'', ']')
	}
	return b
}

// appendNormalizedName escapes a member name for a normalized path: the
// quote and backslash are escaped, control characters use the short
// escapes \b \f \n \r \t or \u00xx with lowercase hex, and everything else
// is written as is.
func appendNormalizedName(b []byte, name string) []byte {
	const hex = "0123456789abcdef"
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch c {
		case '\'', '\\':
			b = append(b, '\\', c)
		case '\b':
			b = append(b, '\\', 'b')
		case '\f':
			b = append(b, '\\', 'f')
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			if c < 0x20 {
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			} else {
				b = append(b, c)
			}
		}
	}
	return b
}
