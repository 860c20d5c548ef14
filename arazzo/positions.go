package arazzo

import "github.com/arazzo-dev/arazzo/internal/yamlx"

// positionIndex answers position questions about a parsed document: it
// keeps the decoded node tree, in which every value and every mapping key
// remembers its source range.
type positionIndex struct {
	file *yamlx.File
	// values is how many values the schema check would inspect.
	values int
}

// find returns the node at a JSON Pointer and the object member it was
// reached through.
func (ix *positionIndex) find(pointer string) (*yamlx.Node, *yamlx.Field, bool) {
	if ix == nil || ix.file == nil {
		return nil, nil, false
	}
	return ix.file.Root.Find(pointer)
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
// it and as "#/components/inputs/..." references resolve against. The value
// shares structure with the model's free-form fields and must not be
// modified.
func (d *Document) Raw() any { return d.raw }

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
	return convRange(n.Range), true
}

// LocateKey returns the source range of the mapping key that names the
// value at pointer. It reports false for the root, for array elements, and
// when pointer names nothing.
func (d *Document) LocateKey(pointer string) (Range, bool) {
	_, f, ok := d.index.find(pointer)
	if !ok || f == nil {
		return Range{}, false
	}
	return convRange(f.KeyRange), true
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
	return convPos(d.index.file.StringPos(n, offset))
}
