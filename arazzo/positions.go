package arazzo

import (
	"sync"

	"github.com/arazzo-dev/arazzo/internal/yamlx"
)

// positionIndex answers position questions about a parsed document: it
// keeps the decoded tree, in which every value and every mapping key
// remembers where it was written.
type positionIndex struct {
	tree *yamlx.Tree
	// values is how many values the schema check would inspect.
	values int
	// raw is the whole document as plain values, built when first asked
	// for: most documents are validated without it.
	rawOnce sync.Once
	raw     any
}

// find returns the value at a JSON Pointer and the object member it was
// reached through.
func (ix *positionIndex) find(pointer string) (yamlx.Value, yamlx.Member, bool) {
	if ix == nil || ix.tree == nil {
		return yamlx.Value{}, yamlx.Member{}, false
	}
	return ix.tree.Root().Find(pointer)
}

// root returns the document's root value, or the zero Value for a document
// that was not produced by [Parse].
func (ix *positionIndex) root() yamlx.Value {
	if ix == nil || ix.tree == nil {
		return yamlx.Value{}
	}
	return ix.tree.Root()
}

// kindAt returns the JSON type of the value at pointer, or 0 when there is
// none.
func (ix *positionIndex) kindAt(pointer string) yamlx.Kind {
	n, _, _ := ix.find(pointer)
	return n.Kind()
}

// stringAt returns the string at pointer; it reports false when there is
// no string there.
func (ix *positionIndex) stringAt(pointer string) (string, bool) {
	n, _, ok := ix.find(pointer)
	if !ok || n.Kind() != yamlx.String {
		return "", false
	}
	return n.Str(), true
}

// plainAt returns the plain value at pointer; it reports false when there
// is none.
func (ix *positionIndex) plainAt(pointer string) (any, bool) {
	n, _, ok := ix.find(pointer)
	if !ok {
		return nil, false
	}
	return n.Plain(), true
}

// plain returns the whole document as plain values, building it once.
func (ix *positionIndex) plain() any {
	if ix == nil || ix.tree == nil {
		return nil
	}
	ix.rawOnce.Do(func() { ix.raw = ix.tree.Root().Plain() })
	return ix.raw
}

// File returns the name the document was parsed under: the path given to
// [ParseFile], or the name given with [Filename]. It is empty when neither
// was given.
func (d *Document) File() string { return d.file }

// Source returns the bytes the document was parsed from, or nil for a
// document that was not produced by [Parse].
func (d *Document) Source() []byte { return d.src }

// Raw returns the whole document as plain JSON values (nil, bool, string,
// int64, float64, []any and map[string]any), as the JSON Schema check sees
// it and as "#/components/inputs/..." references resolve against, or nil
// for a document that was not produced by [Parse]. It is built when first
// asked for, once, and is safe for concurrent use; it must not be
// modified.
func (d *Document) Raw() any { return d.index.plain() }

// Locate returns the source range of the value at the JSON Pointer (RFC
// 6901) pointer, for example "/workflows/0/steps/1/outputs/id". It works for
// any value, including those inside free-form fields such as payloads and
// input schemas. A value reached through a YAML alias has the range of the
// alias; values inside it have the ranges of the anchored text. It reports
// false when the pointer is malformed or names nothing.
func (d *Document) Locate(pointer string) (Range, bool) {
	n, _, ok := d.index.find(pointer)
	if !ok {
		return Range{}, false
	}
	return convRange(n.Range()), true
}

// LocateKey returns the source range of the mapping key that names the
// value at pointer. It reports false for the root, for array elements, and
// when pointer names nothing.
func (d *Document) LocateKey(pointer string) (Range, bool) {
	_, f, ok := d.index.find(pointer)
	if !ok || !f.IsValid() {
		return Range{}, false
	}
	return convRange(f.KeyRange()), true
}

// LocateInString maps a byte offset inside the decoded string at pointer
// (for example the offset of a syntax error inside a runtime expression) to
// a position in the source. The result is exact for plain scalars, for
// single- and double-quoted scalars (escapes and folded lines included),
// for JSON strings and for literal block scalars; for folded block scalars
// it is exact for characters that are not white space. When the offset
// cannot be mapped, or the value is not a string, it is the position where
// the value starts; offsets outside the string are clamped to it. It
// returns the zero Pos when pointer names nothing.
func (d *Document) LocateInString(pointer string, offset int) Pos {
	n, _, ok := d.index.find(pointer)
	if !ok {
		return Pos{}
	}
	return convPos(n.StringPos(offset))
}
