package jsonpath

import "fmt"

// Path is a compiled JSONPath query. It is immutable once [Parse] returns
// it, so one Path may be queried from many goroutines at the same time.
type Path struct {
	src  string
	segs []segment
	// steps holds a singular query in the form Select follows without a
	// walker; singular reports whether the query is one.
	steps    []step
	singular bool
}

// Node is one node of a query result: a value found in the queried
// document and the normalized path that locates it.
type Node struct {
	// Path is the normalized path of the node (RFC 9535 section 2.7), for
	// example $['store']['book'][0].
	Path string
	// Value is the value at that location, shared with the queried
	// document (not copied).
	Value any
}

// SyntaxError reports a query that is not a well-formed and valid RFC 9535
// JSONPath query. Type errors in filter expressions (for example comparing
// a non-singular query) are syntax errors too.
type SyntaxError struct {
	// Offset is the byte offset in the query text where the problem was
	// found; it is at most the length of the query.
	Offset int
	// Msg describes the problem, without position.
	Msg string
}

// Error returns the message with its offset, for example
// "jsonpath: offset 4: expected ',' or ']', found '2'".
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("jsonpath: offset %d: %s", e.Offset, e.Msg)
}

// Parse compiles an RFC 9535 JSONPath query. The error, when not nil, is a
// [*SyntaxError].
func Parse(query string) (*Path, error) {
	p := &parser{src: query}
	segs, err := p.parseQuery()
	if err != nil {
		return nil, err
	}
	path := &Path{src: query, segs: segs}
	path.steps, path.singular = singularSteps(segs)
	return path, nil
}

// String returns the query text the Path was parsed from.
func (p *Path) String() string {
	return p.src
}

// IsSingular reports whether the query is a singular query: every segment
// is a child segment holding exactly one name or index selector, so the
// query selects at most one node.
func (p *Path) IsSingular() bool {
	return p.singular
}

// Query applies the query to the plain JSON value v (nil, bool, string, a
// number, []any or map[string]any, without cycles) and returns the
// selected nodes in result order, each with its normalized path. Members
// of an object are visited in the sorted order of their names, so results
// are deterministic. Query returns nil when no node is selected.
func (p *Path) Query(v any) []Node {
	ctx := evalCtx{root: v}
	w := walker{ctx: &ctx, paths: true}
	w.walk(p.segs, v)
	return w.nodes
}

// Select is like [Path.Query] but returns only the values, which saves
// building the normalized paths.
func (p *Path) Select(v any) []any {
	if p.singular {
		if x, ok := lookup(p.steps, v); ok {
			return []any{x}
		}
		return nil
	}
	ctx := evalCtx{root: v}
	w := walker{ctx: &ctx, collect: true}
	w.walk(p.segs, v)
	return w.vals
}
