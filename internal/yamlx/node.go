package yamlx

import (
	"strconv"
	"strings"
)

// Kind is the JSON type of a [Node].
type Kind uint8

// The kinds of node, one per JSON type.
const (
	Null Kind = iota + 1
	Bool
	Number
	String
	Array
	Object
)

// String returns the JSON name of the kind: "null", "boolean", "number",
// "string", "array" or "object".
func (k Kind) String() string {
	switch k {
	case Null:
		return "null"
	case Bool:
		return "boolean"
	case Number:
		return "number"
	case String:
		return "string"
	case Array:
		return "array"
	case Object:
		return "object"
	}
	return "invalid"
}

// style says how a scalar was written, which decides how offsets inside
// its decoded text map back to the source.
type style uint8

const (
	stylePlain style = iota
	styleSingle
	styleDouble
	styleLiteral
	styleFolded
	styleJSON
)

// Node is one value of a decoded document.
//
// A node reached through a YAML alias is a copy of the anchored node whose
// Range is the alias itself; its children are the anchored node's children,
// so positions inside it point at the anchored text. Nodes are never
// modified after [Decode] returns and may be shared.
type Node struct {
	// Kind is the JSON type of the value.
	Kind  Kind
	style style // next to Kind, which it packs with
	// Value is the plain JSON value of the whole subtree: nil, bool, int64,
	// float64, string, []any or map[string]any. Values of different nodes
	// share structure and must not be modified.
	Value any
	// Items holds the elements of an array, in order.
	Items []*Node
	// Fields holds the members of an object, in document order.
	Fields []*Field
	// Range is where the node was written, including any tag or anchor.
	Range Range

	content int   // offset of the scalar's first character after tags and anchors
	origin  *Node // the anchored node, for a node reached through an alias
	size    int   // number of nodes in the subtree with aliases expanded
	height  int   // nesting depth of the subtree with aliases expanded
}

// Field is one member of an object.
type Field struct {
	Key string
	// KeyRange is where the key was written.
	KeyRange Range
	Value    *Node
}

// Size returns the number of values in the subtree of n, counting the
// values that aliases repeat as often as they are repeated.
func (n *Node) Size() int { return n.size }

// Field returns the last member of an object named key, or nil.
func (n *Node) Field(key string) *Field {
	for i := len(n.Fields) - 1; i >= 0; i-- {
		if n.Fields[i].Key == key {
			return n.Fields[i]
		}
	}
	return nil
}

// Find returns the node that the JSON Pointer (RFC 6901) pointer names
// within n, and the object member it was reached through (nil for the root
// and for array elements). It reports false when the pointer is malformed
// or names nothing.
func (n *Node) Find(pointer string) (*Node, *Field, bool) {
	if pointer == "" {
		return n, nil, true
	}
	if pointer[0] != '/' {
		return nil, nil, false
	}
	cur := n
	var via *Field
	rest := pointer[1:]
	for {
		tok := rest
		next := strings.IndexByte(rest, '/')
		if next >= 0 {
			tok = rest[:next]
		}
		tok, ok := unescapeToken(tok)
		if !ok {
			return nil, nil, false
		}
		switch cur.Kind {
		case Object:
			f := cur.Field(tok)
			if f == nil {
				return nil, nil, false
			}
			cur, via = f.Value, f
		case Array:
			i, ok := arrayIndex(tok)
			if !ok || i >= len(cur.Items) {
				return nil, nil, false
			}
			cur, via = cur.Items[i], nil
		default:
			return nil, nil, false
		}
		if next < 0 {
			return cur, via, true
		}
		rest = rest[next+1:]
	}
}

// unescapeToken decodes "~1" and "~0" in a reference token and rejects any
// other use of "~".
func unescapeToken(tok string) (string, bool) {
	if strings.IndexByte(tok, '~') < 0 {
		return tok, true
	}
	var b strings.Builder
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		if c != '~' {
			b.WriteByte(c)
			continue
		}
		if i+1 >= len(tok) {
			return "", false
		}
		switch tok[i+1] {
		case '0':
			b.WriteByte('~')
		case '1':
			b.WriteByte('/')
		default:
			return "", false
		}
		i++
	}
	return b.String(), true
}

// arrayIndex parses an RFC 6901 array index: "0" or a decimal number
// without leading zeros.
func arrayIndex(tok string) (int, bool) {
	if tok == "" || len(tok) > 1 && tok[0] == '0' {
		return 0, false
	}
	for i := 0; i < len(tok); i++ {
		if tok[i] < '0' || tok[i] > '9' {
			return 0, false
		}
	}
	i, err := strconv.Atoi(tok)
	return i, err == nil
}
