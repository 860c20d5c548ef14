package yamlx

import (
	"math"
	"strings"
)

// Tree is a decoded document in a compact form: every value is a small
// record in one array, the members of objects and the items of arrays are
// index ranges of two more arrays, and strings are slices of one copy of
// the source wherever the source holds them verbatim. It costs a fraction
// of the allocations and memory of a [Node] tree, and its arrays hold no
// pointers for the garbage collector to scan, which is what a parser that
// runs on every request wants. Positions are kept as byte offsets and
// turned into lines and columns when asked for.
//
// [DecodeTree] returns one; [Value] and [Member] read it. A Tree is never
// modified after DecodeTree returns and is safe for concurrent use.
type Tree struct {
	// JSON reports whether the source was read as JSON rather than YAML.
	JSON bool

	src   []byte
	text  string // src as a string; strings of the tree are mostly slices of it
	lines *lines
	root  int32

	nodes   []tnode
	members []tmember
	items   []int32  // node indexes of array items
	strs    []string // strings that are not slices of text

	// ranges and keyRanges hold the positions of the nodes and member
	// keys of a tree converted from the YAML parser's output, which places
	// some positions where their offsets alone would not (the end of an
	// input without a final line break is on a line of its own); nil for
	// the block and JSON readers, whose positions follow from offsets.
	ranges    []Range
	keyRanges []Range
}

// tnode is one value of a [Tree].
type tnode struct {
	// val is a scalar's value: the bits of an int64 or a float64 (see
	// flagFloat), 1 for true, or a string's place (see strRef). For an
	// array or object it is the number of values in its subtree, counting
	// what aliases repeat.
	val        uint64
	start, end int32 // byte offsets of the node's range
	// For an array or object, first is the index of the first item in
	// Tree.items or member in Tree.members and n how many there are. For a
	// scalar, first is the offset of its content after any tag or anchor.
	first, n int32
	// origin is 1 + the index of the anchored node that this node repeats
	// through an alias, or 0.
	origin int32
	kind   Kind
	style  style
	flags  uint8
}

// Flags of a tnode.
const (
	flagFloat    uint8 = 1 << iota // a number held as a float64 rather than an int64
	flagAnchored                   // a node that aliases repeat
)

// tmember is one member of an object in a [Tree].
type tmember struct {
	kstart, kend int32 // byte offsets of the key as written
	key          strRef
	value        int32 // node index
}

// strRef is where a string of a [Tree] is: text[off:off+n], or strs[off]
// when n is negative.
type strRef struct{ off, n int32 }

func (t *Tree) str(r strRef) string {
	if r.n < 0 {
		return t.strs[r.off]
	}
	return t.text[r.off : r.off+r.n]
}

// ownStr records a string that is not a slice of the source.
func (t *Tree) ownStr(s string) strRef {
	if t.strs == nil {
		// Documents that have such strings mostly have several (block
		// scalars, say): skip the smallest steps of growing.
		t.strs = make([]string, 0, 8)
	}
	t.strs = append(t.strs, s)
	return strRef{off: int32(len(t.strs) - 1), n: -1}
}

// pack and unpackStr store a strRef in the val of a tnode.
func (r strRef) pack() uint64   { return uint64(uint32(r.off))<<32 | uint64(uint32(r.n)) }
func unpackStr(v uint64) strRef { return strRef{off: int32(uint32(v >> 32)), n: int32(uint32(v))} }

// subStr returns the strRef of the text of the source from off to end.
func subStr(off, end int) strRef { return strRef{off: int32(off), n: int32(end - off)} }

// maxTreeBytes is the largest source a [Tree] can hold: offsets are 32-bit.
const maxTreeBytes = math.MaxInt32

// Pos returns the position of a byte offset in the source. Offsets outside
// the source are clamped to it.
func (t *Tree) Pos(offset int) Pos { return t.lines.pos(offset) }

// Root returns the document's root value.
func (t *Tree) Root() Value { return Value{t: t, i: t.root} }

// Value is one value of a [Tree]. The zero Value is no value: IsValid
// reports false, Kind returns 0, and the accessors of scalars and of
// members by name find nothing in it; Item, Member, Range, StringPos,
// Size, Plain and Find must not be called on it.
type Value struct {
	t *Tree
	i int32
}

// IsValid reports whether v is a value rather than the zero Value.
func (v Value) IsValid() bool { return v.t != nil }

// Kind returns the JSON type of v, or 0 for the zero Value.
func (v Value) Kind() Kind {
	if v.t == nil {
		return 0
	}
	return v.t.nodes[v.i].kind
}

// Len returns the number of items of an array or members of an object, and
// 0 for other values.
func (v Value) Len() int {
	if v.t == nil {
		return 0
	}
	n := &v.t.nodes[v.i]
	if n.kind != Array && n.kind != Object {
		return 0
	}
	return int(n.n)
}

// Item returns the element at index i of an array; i must be below Len.
func (v Value) Item(i int) Value {
	n := &v.t.nodes[v.i]
	return Value{t: v.t, i: v.t.items[int(n.first)+i]}
}

// Member returns the member at index i, in document order, of an object; i
// must be below Len.
func (v Value) Member(i int) Member {
	return Member{t: v.t, i: v.t.nodes[v.i].first + int32(i)}
}

// Lookup returns the last member of an object named key. It reports false
// when there is none or v is not an object.
func (v Value) Lookup(key string) (Member, bool) {
	t := v.t
	if t == nil {
		return Member{}, false
	}
	n := &t.nodes[v.i]
	if n.kind != Object {
		return Member{}, false
	}
	for i := n.first + n.n - 1; i >= n.first; i-- {
		if t.str(t.members[i].key) == key {
			return Member{t: t, i: i}, true
		}
	}
	return Member{}, false
}

// Get returns the value of the last member of an object named key, or the
// zero Value.
func (v Value) Get(key string) Value {
	if m, ok := v.Lookup(key); ok {
		return m.Value()
	}
	return Value{}
}

// Str returns the text of a string, and "" for other values.
func (v Value) Str() string {
	if v.t == nil {
		return ""
	}
	n := &v.t.nodes[v.i]
	if n.kind != String {
		return ""
	}
	return v.t.str(unpackStr(n.val))
}

// Bool returns the value of a boolean, and false for other values.
func (v Value) Bool() bool {
	if v.t == nil {
		return false
	}
	n := &v.t.nodes[v.i]
	return n.kind == Bool && n.val != 0
}

// Int returns the value of a number held as an int64: an integer within
// the int64 range. It reports false for other values, including numbers
// held as a float64.
func (v Value) Int() (int64, bool) {
	if v.t == nil {
		return 0, false
	}
	n := &v.t.nodes[v.i]
	if n.kind != Number || n.flags&flagFloat != 0 {
		return 0, false
	}
	return int64(n.val), true
}

// Float returns the value of a number held as a float64: one written with a
// fraction or an exponent, or an integer beyond the int64 range. It reports
// false for other values, including numbers held as an int64.
func (v Value) Float() (float64, bool) {
	if v.t == nil {
		return 0, false
	}
	n := &v.t.nodes[v.i]
	if n.kind != Number || n.flags&flagFloat == 0 {
		return 0, false
	}
	return math.Float64frombits(n.val), true
}

// Scalar returns the plain JSON value of a scalar: nil, bool, int64,
// float64 or string; nil for arrays and objects.
func (v Value) Scalar() any {
	if v.t == nil {
		return nil
	}
	n := &v.t.nodes[v.i]
	switch n.kind {
	case Bool:
		return n.val != 0
	case Number:
		if n.flags&flagFloat != 0 {
			return math.Float64frombits(n.val)
		}
		return int64(n.val)
	case String:
		return v.t.str(unpackStr(n.val))
	}
	return nil
}

// Size returns the number of values in the subtree of v, counting the
// values that aliases repeat as often as they are repeated.
func (v Value) Size() int {
	n := &v.t.nodes[v.i]
	if n.kind == Array || n.kind == Object {
		return int(n.val)
	}
	return 1
}

// Range returns where v was written, including any tag or anchor. A value
// reached through a YAML alias has the range of the alias.
func (v Value) Range() Range {
	if v.t.ranges != nil {
		return v.t.ranges[v.i]
	}
	n := &v.t.nodes[v.i]
	return v.t.rangeOf(n.start, n.end)
}

// rangeOf converts a pair of offsets into a range.
func (t *Tree) rangeOf(start, end int32) Range {
	s := t.lines.pos(int(start))
	if end == start {
		return Range{Start: s, End: s}
	}
	return Range{Start: s, End: t.lines.pos(int(end))}
}

// Plain returns the plain JSON value of the subtree of v: nil, bool, int64,
// float64, string, []any or map[string]any. Each call builds a new value,
// in which the values that aliases repeat share structure.
func (v Value) Plain() any {
	p := plainer{t: v.t}
	return p.value(v.i)
}

// plainer builds plain values, remembering those of anchored nodes so
// that what aliases repeat is built once.
type plainer struct {
	t        *Tree
	anchored map[int32]any
}

func (p *plainer) value(i int32) any {
	t := p.t
	n := &t.nodes[i]
	if n.kind != Array && n.kind != Object {
		return Value{t: t, i: i}.Scalar()
	}
	var anchor int32 // the node whose value aliases repeat
	switch {
	case n.origin != 0:
		anchor = n.origin - 1
	case n.flags&flagAnchored != 0:
		anchor = i
	default:
		return p.collection(n)
	}
	if v, ok := p.anchored[anchor]; ok {
		return v
	}
	v := p.collection(n)
	if p.anchored == nil {
		p.anchored = map[int32]any{}
	}
	p.anchored[anchor] = v
	return v
}

func (p *plainer) collection(n *tnode) any {
	t := p.t
	if n.kind == Array {
		out := make([]any, n.n)
		for k, it := range t.items[n.first : n.first+n.n] {
			out[k] = p.value(it)
		}
		return out
	}
	out := make(map[string]any, n.n)
	for _, m := range t.members[n.first : n.first+n.n] {
		out[t.str(m.key)] = p.value(m.value)
	}
	return out
}

// StringPos returns the source position of the byte at offset off of the
// decoded text of a string, as [File.StringPos] does for a [Node].
func (v Value) StringPos(off int) Pos {
	t := v.t
	i := v.i
	if o := t.nodes[i].origin; o != 0 {
		i = o - 1
	}
	n := &t.nodes[i]
	r := Value{t: t, i: i}.Range()
	if n.kind != String {
		return r.Start
	}
	return t.lines.pos(t.lines.stringOffset(n.style, int(n.first), t.str(unpackStr(n.val)), r, off))
}

// Find returns the value that the JSON Pointer (RFC 6901) pointer names
// within v, and the object member it was reached through (the zero Member
// for v itself and for array elements). It reports false when the pointer
// is malformed or names nothing.
func (v Value) Find(pointer string) (Value, Member, bool) {
	if pointer == "" {
		return v, Member{}, true
	}
	if pointer[0] != '/' {
		return Value{}, Member{}, false
	}
	cur := v
	var via Member
	rest := pointer[1:]
	for {
		tok := rest
		next := strings.IndexByte(rest, '/')
		if next >= 0 {
			tok = rest[:next]
		}
		tok, ok := unescapeToken(tok)
		if !ok {
			return Value{}, Member{}, false
		}
		switch cur.Kind() {
		case Object:
			m, ok := cur.Lookup(tok)
			if !ok {
				return Value{}, Member{}, false
			}
			cur, via = m.Value(), m
		case Array:
			i, ok := arrayIndex(tok)
			if !ok || i >= cur.Len() {
				return Value{}, Member{}, false
			}
			cur, via = cur.Item(i), Member{}
		default:
			return Value{}, Member{}, false
		}
		if next < 0 {
			return cur, via, true
		}
		rest = rest[next+1:]
	}
}

// Member is one member of an object of a [Tree]. The zero Member is no
// member: IsValid reports false and the other methods must not be called
// on it.
type Member struct {
	t *Tree
	i int32
}

// IsValid reports whether m is a member rather than the zero Member.
func (m Member) IsValid() bool { return m.t != nil }

// Key returns the member's name.
func (m Member) Key() string { return m.t.str(m.t.members[m.i].key) }

// Value returns the member's value.
func (m Member) Value() Value { return Value{t: m.t, i: m.t.members[m.i].value} }

// KeyRange returns where the member's key was written.
func (m Member) KeyRange() Range {
	if m.t.keyRanges != nil {
		return m.t.keyRanges[m.i]
	}
	tm := &m.t.members[m.i]
	return m.t.rangeOf(tm.kstart, tm.kend)
}

// size returns the number of values in the subtree of node i.
func (t *Tree) size(i int32) uint64 {
	if n := &t.nodes[i]; n.kind == Array || n.kind == Object {
		return n.val
	}
	return 1
}

// treeBuilder appends to a tree the nodes of a reader that reads the
// source in order.
type treeBuilder struct {
	t *Tree
	// Stacks of the children of the collections being read: the children
	// of a collection go to the tree together when it ends, so that they
	// are contiguous there.
	items   []int32
	members []tmember
}

// add appends n to the tree and returns its index.
func (b *treeBuilder) add(n tnode) int32 {
	b.t.nodes = append(b.t.nodes, n)
	return int32(len(b.t.nodes) - 1)
}

// endObject moves the members of the object at node i, which start at
// index base of the stack, to the tree, and sets the object's size and end
// offset.
func (b *treeBuilder) endObject(i int32, base int, size uint64, end int) {
	t := b.t
	n := &t.nodes[i]
	n.first, n.n = int32(len(t.members)), int32(len(b.members)-base)
	n.val, n.end = size, int32(end)
	t.members = append(t.members, b.members[base:]...)
	b.members = b.members[:base]
}

// endArray moves the items of the array at node i, which start at index
// base of the stack, to the tree, and sets the array's size and end
// offset.
func (b *treeBuilder) endArray(i int32, base int, size uint64, end int) {
	t := b.t
	n := &t.nodes[i]
	n.first, n.n = int32(len(t.items)), int32(len(b.items)-base)
	n.val, n.end = size, int32(end)
	t.items = append(t.items, b.items[base:]...)
	b.items = b.items[:base]
}

// findMember returns the index in members of the first member named key,
// or -1. It switches from a linear scan to the map *seen, of indexes plus
// one, once an object has many members; the caller records each member it
// appends in a non-nil *seen.
func findMember(t *Tree, members []tmember, seen *map[string]int, key string) int {
	const linear = 8
	if *seen == nil {
		for i := range members {
			if t.str(members[i].key) == key {
				return i
			}
		}
		if len(members) >= linear {
			m := make(map[string]int, 2*len(members))
			for i := range members {
				if k := t.str(members[i].key); m[k] == 0 {
					m[k] = i + 1
				}
			}
			*seen = m
		}
		return -1
	}
	return (*seen)[key] - 1
}
