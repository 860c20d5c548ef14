// Package jsonpath implements RFC 9535 JSONPath queries over plain decoded
// JSON values: nil, bool, string, numbers (float64, int64, int,
// json.Number and the other kinds internal/jsonvalue knows), []any and
// map[string]any.
//
// The simplest way in is [Parse] followed by [Path.Query]:
//
//	path, err := jsonpath.Parse(`$.pets[?@.status == 'available'].name`)
//	if err != nil {
//		// err is a *SyntaxError with the byte offset of the problem.
//	}
//	for _, node := range path.Query(doc) {
//		fmt.Println(node.Path, node.Value) // $['pets'][0]['name'] Rex
//	}
//
// [Path.Select] returns the values alone and skips building normalized
// paths. [Path.IsSingular] tells whether a query can select more than one
// node.
//
// # Conformance
//
// The package passes all 703 cases of the JSONPath Compliance Test Suite
// (testdata/cts, run by TestJSONPathCompliance against documents holding
// float64, json.Number and int64 numbers), including the normalized paths
// of every result. It implements the whole RFC: child and descendant
// segments; name, wildcard, index, slice and filter selectors; the I-JSON
// range for indexes and slice parameters; logical, comparison and
// existence expressions with the RFC's rules for Nothing, deep equality
// and ordering; the function extensions length, count, match, search and
// value, with the type system checked at parse time; and string literal,
// blank space and member-name-shorthand rules exactly as in the grammar.
// A query that breaks any of these rules, including a well-typedness rule,
// is rejected by Parse.
//
// Choices the RFC leaves open:
//
//   - Members of an object are visited in sorted order of their names, so
//     results are deterministic.
//   - The patterns of match and search are I-Regexps (RFC 9485),
//     translated to Go's RE2 syntax. A pattern that is not a valid
//     I-Regexp makes the function false, as the RFC says. '^' and '$'
//     outside character classes anchor the pattern, as the compliance
//     suite expects (RFC 9485's grammar would make them ordinary
//     characters). Repetition counts above 1000 exceed what RE2 supports
//     and are treated as invalid patterns.
//   - Number literals beyond the float64 range are rejected.
//   - Values of Go types other than plain JSON values are leaves: they are
//     selected and compared as wholes and never descended into.
//
// # Design
//
// Parse is a recursive-descent parser over the RFC grammar that checks
// types as it goes; nesting of filters, parentheses and function calls is
// limited to 64 levels so hostile queries cannot exhaust the stack.
// Patterns given as literals are compiled once, at parse time; patterns
// read from the document are compiled through a small shared cache.
//
// A query runs depth first: each node a segment selects is handed straight
// to the next segment, which yields the RFC's result order without
// building intermediate node lists. Singular queries (such as @.status
// inside a filter, or a whole query given to Select) are plain lookups,
// and existence tests stop at the first node. A compiled [Path] is immutable and safe for concurrent use.
package jsonpath
