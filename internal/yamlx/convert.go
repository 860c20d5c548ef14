package yamlx

import "math"

// This file converts between the two forms of a decoded document: the
// readers of block YAML and JSON build a [Tree], which [Decode] turns into
// [Node] values; the converter of the YAML parser's output builds nodes,
// which [DecodeTree] turns into a tree.

// file returns the [Node] form of t.
func (t *Tree) file() *File {
	c := &toNodes{t: t, cur: newPosCursor(t.lines), nodes: make([]Node, len(t.nodes)), fields: make([]Field, len(t.members)),
		fptrs: make([]*Field, len(t.members)), iptrs: make([]*Node, len(t.items)), vals: make([]any, len(t.items))}
	return &File{Root: c.node(t.root), JSON: t.JSON, src: t.src, lines: t.lines}
}

// toNodes converts a tree into nodes. Node i of the tree becomes
// nodes[i], and the members and items of a collection become a slice of
// fptrs or iptrs (and the values of an array's items a slice of vals) at
// the same indexes as in the tree, so that a node repeated through an
// alias shares them as the converter's nodes do.
type toNodes struct {
	t      *Tree
	cur    posCursor // positions, converted mostly in document order
	nodes  []Node
	fields []Field
	fptrs  []*Field
	iptrs  []*Node
	vals   []any
}

// start and end return where node i of the tree starts and ends; keyRange
// returns the range of the key of member i. Asked for in document order,
// as node does, they take time independent of the size of the document.
func (c *toNodes) start(i int32) Pos {
	if c.t.ranges != nil {
		return c.t.ranges[i].Start
	}
	return c.cur.pos(int(c.t.nodes[i].start))
}

func (c *toNodes) end(i int32) Pos {
	if c.t.ranges != nil {
		return c.t.ranges[i].End
	}
	return c.cur.pos(int(c.t.nodes[i].end))
}

func (c *toNodes) keyRange(i int32) Range {
	t := c.t
	if t.keyRanges != nil {
		return t.keyRanges[i]
	}
	m := &t.members[i]
	return Range{Start: c.cur.pos(int(m.kstart)), End: c.cur.pos(int(m.kend))}
}

func (c *toNodes) node(i int32) *Node {
	n := &c.nodes[i]
	if n.Kind != 0 {
		return n // an anchored node, converted before
	}
	t := c.t
	tn := &t.nodes[i]
	if tn.origin != 0 {
		o := c.node(tn.origin - 1)
		*n = *o
		n.Range, n.origin = Range{Start: c.start(i), End: c.end(i)}, o
		return n
	}
	// The fields are set one by one: the node is zero, and copying a whole
	// Node in would cost the write barriers of its pointers.
	n.Kind, n.style, n.Range.Start, n.size = tn.kind, tn.style, c.start(i), 1
	first, end := tn.first, tn.first+tn.n
	switch tn.kind {
	case Array:
		items := c.iptrs[first:end:end]
		vals := c.vals[first:end:end]
		n.height = 1
		for k, it := range t.items[first:end] {
			kid := c.node(it)
			items[k], vals[k] = kid, kid.Value
			n.height = max(n.height, kid.height+1)
		}
		if len(items) > 0 || !t.JSON {
			n.Items = items
		}
		n.Value, n.size = vals, int(tn.val)
	case Object:
		fields := c.fptrs[first:end:end]
		vals := make(map[string]any, len(fields))
		n.height = 1
		for k := range fields {
			f := &c.fields[int(first)+k]
			m := Member{t: t, i: first + int32(k)}
			f.Key, f.KeyRange = m.Key(), c.keyRange(m.i)
			kid := c.node(t.members[m.i].value)
			f.Value = kid
			fields[k], vals[f.Key] = f, kid.Value
			n.height = max(n.height, kid.height+1)
		}
		if len(fields) > 0 {
			n.Fields = fields
		}
		n.Value, n.size = vals, int(tn.val)
	default:
		n.content = int(tn.first)
		n.Value = Value{t: t, i: i}.Scalar()
	}
	n.Range.End = c.end(i)
	return n
}

// treeOf returns the [Tree] form of the nodes of f. It keeps their ranges
// as they are, since the YAML parser's positions do not always follow from
// offsets.
func treeOf(f *File) *Tree {
	c := &fromNodes{t: &Tree{JSON: f.JSON, src: f.src, lines: f.lines}, done: map[*Node]int32{}}
	c.t.root = c.node(f.Root)
	return c.t
}

// fromNodes converts nodes into a tree.
type fromNodes struct {
	t    *Tree
	done map[*Node]int32 // nodes converted so far, which aliases may repeat
}

func (c *fromNodes) add(n tnode, r Range) int32 {
	c.t.nodes = append(c.t.nodes, n)
	c.t.ranges = append(c.t.ranges, r)
	return int32(len(c.t.nodes) - 1)
}

func (c *fromNodes) node(n *Node) int32 {
	if i, ok := c.done[n]; ok {
		return i
	}
	t := c.t
	start, end := int32(n.Range.Start.Offset), int32(n.Range.End.Offset)
	var i int32
	switch {
	case n.origin != nil:
		o := c.node(n.origin)
		t.nodes[o].flags |= flagAnchored
		tn := t.nodes[o]
		tn.start, tn.end, tn.origin = start, end, o+1
		tn.flags &^= flagAnchored
		i = c.add(tn, n.Range)
	case n.Kind == Array:
		i = c.add(tnode{kind: Array, style: n.style, start: start, end: end, val: uint64(n.size)}, n.Range)
		items := make([]int32, len(n.Items))
		for k, it := range n.Items {
			items[k] = c.node(it)
		}
		t.nodes[i].first, t.nodes[i].n = int32(len(t.items)), int32(len(items))
		t.items = append(t.items, items...)
	case n.Kind == Object:
		i = c.add(tnode{kind: Object, style: n.style, start: start, end: end, val: uint64(n.size)}, n.Range)
		members := make([]tmember, len(n.Fields))
		keyRanges := make([]Range, len(n.Fields))
		for k, f := range n.Fields {
			members[k] = tmember{kstart: int32(f.KeyRange.Start.Offset), kend: int32(f.KeyRange.End.Offset),
				key: t.ownStr(f.Key), value: c.node(f.Value)}
			keyRanges[k] = f.KeyRange
		}
		t.nodes[i].first, t.nodes[i].n = int32(len(t.members)), int32(len(members))
		t.members = append(t.members, members...)
		t.keyRanges = append(t.keyRanges, keyRanges...)
	default:
		tn := tnode{kind: n.Kind, style: n.style, start: start, end: end, first: int32(n.content)}
		switch v := n.Value.(type) {
		case bool:
			if v {
				tn.val = 1
			}
		case int64:
			tn.val = uint64(v)
		case float64:
			tn.val, tn.flags = math.Float64bits(v), flagFloat
		case string:
			tn.val = t.ownStr(v).pack()
		}
		i = c.add(tn, n.Range)
	}
	c.done[n] = i
	return i
}
