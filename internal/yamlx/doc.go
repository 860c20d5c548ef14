// Package yamlx decodes YAML 1.2 and JSON documents into a tree of plain
// JSON values that remembers where every value and every mapping key was
// written.
//
// [Decode] is the way in. It accepts only what maps cleanly onto JSON: one
// document per stream, the YAML 1.2 core schema for untagged scalars, the
// JSON-compatible tags (!!str, !!int, !!float, !!bool, !!null, !!map and
// !!seq), string keys, finite numbers. It is safe on hostile input: the
// size of the input, the nesting depth and the number of nodes that aliases
// may repeat are bounded by [Limits], and every problem comes back as an
// [*Error] with a position instead of a panic.
//
// Input whose first significant character is '{' or '[' is read by a strict
// RFC 8259 JSON reader first, because the YAML parser does not accept every
// JSON text (surrogate-pair escapes, "\/"); when that fails the input is read
// as YAML, which accepts flow-style documents that are not JSON.
//
// The result is a [File]: a tree of [*Node] values whose Value fields hold
// the plain JSON value of each subtree (nil, bool, int64, float64, string,
// []any, map[string]any), and whose ranges can be turned into positions,
// including positions inside a string scalar ([File.StringPos]). Integers
// are int64; an integer beyond the int64 range becomes the nearest float64,
// as most JSON readers do. A YAML alias yields the anchored value again, so
// values may share structure.
//
// [DecodeTree] reads the same documents, with the same problems, into a
// [Tree]: a compact form without a pointer per value, whose [Value] and
// [Member] answer the same questions as nodes and build plain values only
// when asked ([Value.Plain]). It is what a parser that runs on every
// request should use; Decode is the simpler way in.
//
// Plain scalars are typed by the YAML 1.2 core schema, not by YAML 1.1:
// yes, on and 2024-01-01 are strings, 012 is twelve, 0o12 is ten, and the
// merge key "<<" is rejected rather than merged.
package yamlx
