package yamlx

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v4"
	"go.yaml.in/yaml/v4/plugin/limit"
)

// Default limits used when a field of [Limits] is zero.
const (
	DefaultMaxBytes      = 10 << 20
	DefaultMaxDepth      = 256
	DefaultMaxAliasNodes = 100_000
)

// Limits bound the resources one [Decode] or [DecodeTree] may use. A zero
// field takes its default.
type Limits struct {
	// MaxBytes is the largest input accepted, in bytes. Inputs of 2 GiB
	// and more are never accepted, whatever it says.
	MaxBytes int
	// MaxDepth is the deepest nesting of arrays and objects accepted,
	// counting aliases as the nodes they repeat.
	MaxDepth int
	// MaxAliasNodes is how many nodes aliases may repeat in total: each
	// alias counts every node of the subtree it stands for, including the
	// nodes repeated by aliases inside that subtree. It bounds the work of
	// everything that walks the decoded values, whatever the aliases do
	// ("billion laughs").
	MaxAliasNodes int
}

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultMaxDepth
	}
	if l.MaxAliasNodes <= 0 {
		l.MaxAliasNodes = DefaultMaxAliasNodes
	}
	return l
}

// File is a decoded document: its root node and the source it came from.
type File struct {
	// Root is the document's root value.
	Root *Node
	// JSON reports whether the source was read as JSON rather than YAML.
	JSON  bool
	src   []byte
	lines *lines
}

// Source returns the bytes the file was decoded from.
func (f *File) Source() []byte { return f.src }

// Pos returns the position of a byte offset in the source. Offsets outside
// the source are clamped to it.
func (f *File) Pos(offset int) Pos { return f.lines.pos(offset) }

// Decode reads src as a single YAML 1.2 or JSON document. It returns the
// decoded file when there is no problem, and otherwise a nil file and the
// problems found (at most 100), each with a position.
func Decode(src []byte, lim Limits) (*File, []*Error) {
	t, f, errs := decode(src, lim)
	switch {
	case len(errs) > 0:
		return nil, errs
	case f != nil:
		return f, nil
	}
	return t.file(), nil
}

// DecodeTree reads src as [Decode] does, into the compact form of a
// [Tree]: the same values, positions and problems, at a fraction of the
// cost.
func DecodeTree(src []byte, lim Limits) (*Tree, []*Error) {
	t, f, errs := decode(src, lim)
	switch {
	case len(errs) > 0:
		return nil, errs
	case f != nil:
		return treeOf(f), nil
	}
	return t, nil
}

// decode reads src into a tree, or into a file when the YAML parser read
// it.
func decode(src []byte, lim Limits) (*Tree, *File, []*Error) {
	lim = lim.withDefaults()
	start := Pos{Line: 1, Column: 1}
	if maxBytes := min(lim.MaxBytes, maxTreeBytes); len(src) > maxBytes {
		return nil, nil, []*Error{{Code: CodeTooLarge, Range: Range{Start: start, End: start},
			Msg: fmt.Sprintf("the document is %d bytes, more than the limit of %d bytes", len(src), maxBytes)}}
	}
	if err := checkEncoding(src); err != nil {
		return nil, nil, []*Error{err}
	}
	if looksLikeJSON(src) {
		l := newLines(src, false)
		t, errs, syntax, progressed := decodeJSON(src, l, lim)
		if len(errs) == 0 {
			return t, nil, nil
		}
		if !syntax {
			return nil, nil, errs
		}
		// Not JSON; it may still be a YAML flow collection. When both
		// fail, report the JSON error if the input started out as JSON,
		// and otherwise the error of whichever reader got further.
		t, f, yerrs := decodeYAML(src, lim)
		if len(yerrs) == 0 {
			return t, f, nil
		}
		if !progressed && yerrs[0].Range.Start.Offset > errs[0].Range.Start.Offset {
			return nil, nil, yerrs
		}
		return nil, nil, errs
	}
	return decodeYAML(src, lim)
}

// checkEncoding rejects input that is not UTF-8.
func checkEncoding(src []byte) *Error {
	switch {
	case bytes.HasPrefix(src, []byte{0, 0, 0xfe, 0xff}), bytes.HasPrefix(src, []byte{0xff, 0xfe, 0, 0}):
		return encodingError(Pos{Line: 1, Column: 1}, "the document is UTF-32 encoded; only UTF-8 is supported")
	case bytes.HasPrefix(src, []byte{0xfe, 0xff}), bytes.HasPrefix(src, []byte{0xff, 0xfe}):
		return encodingError(Pos{Line: 1, Column: 1}, "the document is UTF-16 encoded; only UTF-8 is supported")
	}
	if utf8.Valid(src) {
		return nil
	}
	i := 0
	for i < len(src) {
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n == 1 {
			break
		}
		i += n
	}
	p := newLines(src[:i], true).pos(i)
	return encodingError(p, fmt.Sprintf("invalid UTF-8 byte 0x%02x; the document must be UTF-8 encoded", src[i]))
}

func encodingError(p Pos, msg string) *Error {
	return &Error{Code: CodeEncoding, Msg: msg, Range: Range{Start: p, End: p}}
}

// looksLikeJSON reports whether the first significant character is '{' or
// '['.
func looksLikeJSON(src []byte) bool {
	if hasBOM(src) {
		src = src[len(bom):]
	}
	for _, c := range src {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		case '{', '[':
			return true
		}
		return false
	}
	return false
}

// decodeYAML reads src as YAML: with the block reader, into a tree, when
// src is within its subset, and otherwise with the YAML parser, into a
// file.
func decodeYAML(src []byte, lim Limits) (*Tree, *File, []*Error) {
	l := newLines(src, true)
	if i, r, ok := findNonPrintable(src); ok {
		p := l.pos(i)
		return nil, nil, []*Error{{Code: CodeYAMLSyntax, Range: Range{Start: p, End: p},
			Msg: fmt.Sprintf("control character U+%04X is not allowed in YAML", r)}}
	}
	if t, ok := readBlock(src, l, lim); ok {
		return t, nil, nil
	}
	f, errs := parseYAML(src, l, lim)
	return nil, f, errs
}

// parseYAML reads src with the YAML parser and converts its node tree. The
// caller has checked the printable character set.
func parseYAML(src []byte, l *lines, lim Limits) (*File, []*Error) {
	at := func(code, msg string) []*Error {
		p := l.pos(0)
		return []*Error{{Code: code, Range: Range{Start: p, End: p}, Msg: msg}}
	}
	loader, err := yaml.NewLoader(bytes.NewReader(src),
		yaml.WithPlugin(limit.New(limit.DepthValue(lim.MaxDepth), limit.AliasNone())))
	if err != nil {
		return nil, at(CodeParserFailure, err.Error())
	}
	var doc yaml.Node
	if err := load(loader, &doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, at(CodeEmpty, "the document is empty")
		}
		return nil, []*Error{loadError(l, err, lim)}
	}
	var next yaml.Node
	switch err := load(loader, &next); {
	case err == nil:
		var c cursor
		p := l.pos(l.offset(&c, next.Line, next.Column))
		return nil, []*Error{{Code: CodeMultipleDocuments, Range: Range{Start: p, End: p},
			Msg: "a second YAML document starts here; the input must hold exactly one document"}}
	case !errors.Is(err, io.EOF):
		return nil, []*Error{loadError(l, err, lim)}
	}
	if len(doc.Content) == 0 {
		return nil, at(CodeEmpty, "the document is empty")
	}
	c := &converter{lines: l, lim: lim, anchors: map[*yaml.Node]*Node{}, active: map[*yaml.Node]bool{}}
	root := c.node(doc.Content[0], 0)
	if len(c.errs) > 0 {
		return nil, c.errs
	}
	return &File{Root: root, src: src, lines: l}, nil
}

// findNonPrintable returns the offset of the first character outside the
// YAML printable set (C0 and C1 controls other than tab, line feed, carriage
// return and NEL; DEL; U+FFFE and U+FFFF). The YAML parser rejects these
// too, but without a usable position.
func findNonPrintable(src []byte) (int, rune, bool) {
	for i := 0; i < len(src); {
		// Skip eight printable ASCII characters at a time; where a word
		// holds anything else, look at its bytes one at a time.
		if i+8 <= len(src) && plainWord(binary.LittleEndian.Uint64(src[i:])) {
			i += 8
			continue
		}
		for end := min(i+8, len(src)); i < end; {
			c := src[i]
			switch byteClass[c] {
			case printable:
				i++
				continue
			case control:
				return i, rune(c), true
			}
			r, n := utf8.DecodeRune(src[i:])
			if r >= 0x80 && r <= 0x9f && r != 0x85 || r == 0xfffe || r == 0xffff {
				return i, r, true
			}
			i += n
		}
	}
	return 0, 0, false
}

// plainWord reports whether all eight bytes of w are line feeds or ASCII
// characters from space to '~'. Line feeds are first turned into '*'; then
// the classic carry-free tests flag a byte below 0x20 or equal to 0x7f, and
// the high bits flag bytes above 0x7f. Each test is exact for the word as a
// whole, which is all that is asked of it.
func plainWord(w uint64) bool {
	const ones, highs, lows = 0x0101010101010101, 0x8080808080808080, 0x7f7f7f7f7f7f7f7f
	x := w ^ '\n'*ones
	lf := ^(((x & lows) + lows) | x) & highs // the high bit of each '\n' byte, exactly
	w |= lf >> 2                             // '\n' becomes '*'
	below := (w - 0x20*ones) &^ w            // a byte below 0x20 sets its high bit
	del := w ^ 0x7f*ones
	isDel := (del - ones) &^ del // a byte equal to 0x7f sets its high bit
	return (below|isDel|w)&highs == 0
}

// Classes of bytes for findNonPrintable.
const (
	printable = iota // an ASCII character YAML allows
	control          // an ASCII control character YAML does not allow
	multiByte        // part of a multi-byte character
)

var byteClass = func() (t [256]uint8) {
	for c := range t {
		switch {
		case c >= utf8.RuneSelf:
			t[c] = multiByte
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f:
			t[c] = control
		}
	}
	return t
}()

// parserFailure is a panic of the YAML parser that it did not turn into an
// error itself.
type parserFailure struct{ v any }

func (p parserFailure) Error() string {
	return fmt.Sprintf("the YAML parser failed on this input: %v", p.v)
}

// load reads the next document. The parser reports errors by panicking
// internally and recovering; anything else that escapes is a parser bug,
// returned as a parserFailure rather than crashing the caller.
func load(loader *yaml.Loader, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = parserFailure{r}
		}
	}()
	return loader.Load(n)
}

// loadError converts an error of the YAML parser.
func loadError(l *lines, err error, lim Limits) *Error {
	var pf parserFailure
	if errors.As(err, &pf) {
		p := l.pos(0)
		return &Error{Code: CodeParserFailure, Range: Range{Start: p, End: p}, Msg: pf.Error()}
	}
	var le *yaml.LoadError
	if !errors.As(err, &le) {
		p := l.pos(0)
		return &Error{Code: CodeYAMLSyntax, Range: Range{Start: p, End: p}, Msg: strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	var c cursor
	p := l.pos(l.offset(&c, le.Mark.Line, le.Mark.Column))
	if le.Mark.Line == 0 {
		p = l.pos(0)
	}
	msg := strings.TrimPrefix(le.Message, "yaml: ")
	if strings.Contains(msg, "exceeded max depth") {
		return &Error{Code: CodeDepth, Range: Range{Start: p, End: p},
			Msg: fmt.Sprintf("nesting is deeper than the limit of %d levels", lim.MaxDepth)}
	}
	if le.ContextMsg != "" {
		msg += " " + le.ContextMsg
		if le.ContextMark.Line > 0 && le.ContextMark != le.Mark {
			var c cursor
			cp := l.pos(l.offset(&c, le.ContextMark.Line, le.ContextMark.Column))
			msg += fmt.Sprintf(" (which starts at %s)", cp)
		}
	}
	return &Error{Code: CodeYAMLSyntax, Range: Range{Start: p, End: p}, Msg: msg}
}

// converter turns the YAML parser's node tree into [Node] values, checking
// everything the parser does not: tags, keys, numbers, aliases and depth.
type converter struct {
	lines   *lines
	lim     Limits
	cur     cursor
	errs    []*Error
	anchors map[*yaml.Node]*Node // converted anchored nodes
	active  map[*yaml.Node]bool  // anchored nodes being converted
	aliased int                  // nodes repeated by aliases so far
	abort   bool
}

func (c *converter) fail(code string, r Range, format string, args ...any) {
	if len(c.errs) >= maxErrors {
		c.abort = true
		return
	}
	c.errs = append(c.errs, &Error{Code: code, Range: r, Msg: fmt.Sprintf(format, args...)})
}

// start returns the position where the parser says y starts.
func (c *converter) start(y *yaml.Node) Pos {
	off := c.lines.offset(&c.cur, y.Line, y.Column)
	return Pos{Line: y.Line, Column: y.Column, Offset: off}
}

// node converts y, which sits inside depth arrays and objects.
func (c *converter) node(y *yaml.Node, depth int) *Node {
	if c.abort {
		return &Node{Kind: Null}
	}
	if y.Anchor != "" {
		c.active[y] = true
	}
	var n *Node
	switch y.Kind {
	case yaml.ScalarNode:
		n = c.scalar(y)
	case yaml.MappingNode:
		n = c.mapping(y, depth+1)
	case yaml.SequenceNode:
		n = c.sequence(y, depth+1)
	case yaml.AliasNode:
		n = c.alias(y, depth)
	default:
		p := c.start(y)
		c.fail(CodeYAMLSyntax, Range{Start: p, End: p}, "unexpected YAML node")
		n = &Node{Kind: Null, Range: Range{Start: p, End: p}}
	}
	if y.Anchor != "" {
		delete(c.active, y)
		c.anchors[y] = n
	}
	return n
}

// scalarText returns the range of the scalar y, the offset of its content
// after any properties, its style, and whether a non-specific "!" tag was
// written on it.
func (c *converter) scalarText(y *yaml.Node) (r Range, content int, st style, nonSpecific bool) {
	start := c.start(y)
	src := c.lines.src
	propsEnd := start.Offset
	content = start.Offset
	if y.Anchor != "" || y.Style&yaml.TaggedStyle != 0 || start.Offset < len(src) && src[start.Offset] == '!' {
		propsEnd, content, nonSpecific = c.lines.skipProperties(start.Offset)
	}
	st = scalarStyle(y.Style)
	var end int
	if st == stylePlain && y.Value == "" {
		content, end = propsEnd, propsEnd
	} else {
		end = c.lines.scalarEnd(content, st, y.Value)
	}
	return Range{Start: start, End: c.lines.advance(start, end)}, content, st, nonSpecific
}

func (c *converter) scalar(y *yaml.Node) *Node {
	r, content, st, nonSpecific := c.scalarText(y)
	n := &Node{Kind: Null, Range: r, style: st, content: content, size: 1}
	var err error
	switch {
	case y.Style&yaml.TaggedStyle != 0:
		switch y.Tag {
		case tagStr, tagInt, tagFloat, tagBool, tagNull:
			n.Kind, n.Value, err = resolveTagged(y.Tag, y.Value)
			if err != nil && !errors.Is(err, errNotJSONNumber) {
				c.fail(CodeTagValue, r, "%v", err)
				n.Kind, n.Value, err = Null, nil, nil
			}
		case tagMap, tagSeq:
			c.fail(CodeTagValue, r, "the tag %s cannot be used on a scalar", y.Tag)
		default:
			c.fail(CodeTag, r, "unsupported tag %s; only %s are allowed", y.Tag, allowedTags)
		}
	case nonSpecific || st != stylePlain:
		n.Kind, n.Value = String, y.Value
	default:
		n.Kind, n.Value, err = resolvePlain(y.Value)
	}
	if err != nil {
		c.fail(CodeNumber, r, "%s", strings.TrimPrefix(err.Error(), errNotJSONNumber.Error()+": "))
		n.Kind, n.Value = Null, nil
	}
	return n
}

func scalarStyle(s yaml.Style) style {
	switch {
	case s&yaml.DoubleQuotedStyle != 0:
		return styleDouble
	case s&yaml.SingleQuotedStyle != 0:
		return styleSingle
	case s&yaml.LiteralStyle != 0:
		return styleLiteral
	case s&yaml.FoldedStyle != 0:
		return styleFolded
	}
	return stylePlain
}

func isJSONTag(tag string) bool {
	switch tag {
	case tagStr, tagInt, tagFloat, tagBool, tagNull, tagMap, tagSeq:
		return true
	}
	return false
}

// checkCollectionTag reports an explicit tag on a mapping or sequence other
// than want.
func (c *converter) checkCollectionTag(y *yaml.Node, want string, start Pos) {
	if y.Style&yaml.TaggedStyle == 0 || y.Tag == want {
		return
	}
	propsEnd, _, _ := c.lines.skipProperties(start.Offset)
	r := Range{Start: start, End: c.lines.advance(start, propsEnd)}
	if !isJSONTag(y.Tag) {
		c.fail(CodeTag, r, "unsupported tag %s; only %s are allowed", y.Tag, allowedTags)
		return
	}
	kind := "mapping"
	if y.Kind == yaml.SequenceNode {
		kind = "sequence"
	}
	c.fail(CodeTagValue, r, "the tag %s cannot be used on a %s", y.Tag, kind)
}

func (c *converter) depthError(depth int, at Range) bool {
	if depth <= c.lim.MaxDepth {
		return false
	}
	c.fail(CodeDepth, at, "nesting is deeper than the limit of %d levels", c.lim.MaxDepth)
	c.abort = true
	return true
}

func (c *converter) mapping(y *yaml.Node, depth int) *Node {
	start := c.start(y)
	n := &Node{Kind: Object, Range: Range{Start: start, End: start}, size: 1, height: 1}
	if c.depthError(depth, n.Range) {
		return n
	}
	c.checkCollectionTag(y, tagMap, start)
	var seen map[string]*Field
	last := start
	for i := 0; i+1 < len(y.Content) && !c.abort; i += 2 {
		f, ok := c.key(y.Content[i], depth)
		v := c.node(y.Content[i+1], depth)
		last = maxPos(last, maxPos(f.KeyRange.End, v.Range.End))
		if !ok {
			continue
		}
		f.Value = v
		if prev := findField(n.Fields, &seen, f.Key); prev != nil {
			c.fail(CodeDuplicateKey, f.KeyRange, "duplicate key %q (first defined at %s)", f.Key, prev.KeyRange.Start)
		}
		n.Fields = append(n.Fields, f)
		if seen != nil {
			seen[f.Key] = f
		}
		n.size += v.size
		n.height = max(n.height, v.height+1)
	}
	m := make(map[string]any, len(n.Fields))
	for _, f := range n.Fields {
		m[f.Key] = f.Value.Value
	}
	n.Value = m
	n.Range.End = c.collectionEnd(y, start, last, '}')
	return n
}

// findField returns the earlier field named key, switching from a linear
// scan to a map once an object has many members.
func findField(fields []*Field, seen *map[string]*Field, key string) *Field {
	const linear = 8
	if *seen == nil {
		for _, f := range fields {
			if f.Key == key {
				return f
			}
		}
		if len(fields) >= linear {
			m := make(map[string]*Field, 2*len(fields))
			for _, f := range fields {
				if _, dup := m[f.Key]; !dup {
					m[f.Key] = f
				}
			}
			*seen = m
		}
		return nil
	}
	return (*seen)[key]
}

func maxPos(a, b Pos) Pos {
	if b.Offset > a.Offset {
		return b
	}
	return a
}

// key converts a mapping key, which must be a string scalar. It reports
// false when the key is not usable.
func (c *converter) key(y *yaml.Node, depth int) (*Field, bool) {
	if y.Kind != yaml.ScalarNode {
		start := c.start(y)
		f := &Field{KeyRange: Range{Start: start, End: start}}
		switch y.Kind {
		case yaml.AliasNode:
			f.KeyRange.End = c.lines.advance(start, start.Offset+1+len(y.Value))
			c.fail(CodeKey, f.KeyRange, "an alias cannot be used as a mapping key; keys must be strings")
		default:
			// Convert it anyway, so that anchors inside it are known.
			f.KeyRange.End = c.node(y, depth).Range.End
			kind := "mapping"
			if y.Kind == yaml.SequenceNode {
				kind = "sequence"
			}
			c.fail(CodeKey, f.KeyRange, "a %s cannot be used as a mapping key; keys must be strings", kind)
		}
		return f, false
	}
	r, content, st, _ := c.scalarText(y)
	f := &Field{Key: y.Value, KeyRange: r}
	tagged := y.Style&yaml.TaggedStyle != 0
	switch {
	case tagged && y.Tag == tagStr:
	case tagged && isJSONTag(y.Tag):
		c.fail(CodeKey, r, "a key tagged %s is not a string; keys must be strings", y.Tag)
		return f, false
	case tagged:
		c.fail(CodeTag, r, "unsupported tag %s; only %s are allowed", y.Tag, allowedTags)
		return f, false
	case st == stylePlain && y.Value == "<<":
		c.fail(CodeMergeKey, r, `merge keys ("<<") are a YAML 1.1 feature and are not supported; write the fields out, or quote the key to mean a literal "<<"`)
		return f, false
	}
	if y.Anchor != "" {
		c.anchors[y] = &Node{Kind: String, Value: y.Value, Range: r, style: st, content: content, size: 1}
	}
	return f, true
}

func (c *converter) sequence(y *yaml.Node, depth int) *Node {
	start := c.start(y)
	n := &Node{Kind: Array, Range: Range{Start: start, End: start}, size: 1, height: 1}
	if c.depthError(depth, n.Range) {
		return n
	}
	c.checkCollectionTag(y, tagSeq, start)
	n.Items = make([]*Node, 0, len(y.Content))
	for _, item := range y.Content {
		if c.abort {
			break
		}
		it := c.node(item, depth)
		n.Items = append(n.Items, it)
		n.size += it.size
		n.height = max(n.height, it.height+1)
	}
	vals := make([]any, len(n.Items))
	for i, it := range n.Items {
		vals[i] = it.Value
	}
	n.Value = vals
	last := start
	if len(n.Items) > 0 {
		last = n.Items[len(n.Items)-1].Range.End
	}
	n.Range.End = c.collectionEnd(y, start, last, ']')
	return n
}

// collectionEnd returns where a collection ends: after its closing bracket
// for flow style, after its last entry (which ends at last) for block
// style.
func (c *converter) collectionEnd(y *yaml.Node, start, last Pos, closer byte) Pos {
	if y.Style&yaml.FlowStyle == 0 {
		return last
	}
	from := last.Offset
	if last == start {
		_, content, _ := c.lines.skipProperties(start.Offset)
		from = content + 1
	}
	end := c.lines.flowEnd(from, closer)
	if end <= last.Offset {
		return last
	}
	return c.lines.advance(last, end)
}

// alias returns the node an alias stands for, placed at the alias. It
// counts the nodes the alias repeats against the limit before anything is
// repeated, so that an alias bomb fails as soon as it is seen.
func (c *converter) alias(y *yaml.Node, depth int) *Node {
	start := c.start(y)
	r := Range{Start: start, End: c.lines.advance(start, start.Offset+1+len(y.Value))}
	target := y.Alias
	if target == nil || c.active[target] {
		c.fail(CodeAliasCycle, r, "the alias *%s refers to a node that contains it; the document would be infinite", y.Value)
		c.abort = true
		return &Node{Kind: Null, Range: r}
	}
	t, ok := c.anchors[target]
	if !ok {
		t = c.node(target, depth)
	}
	c.aliased += t.size
	if c.aliased > c.lim.MaxAliasNodes {
		c.fail(CodeAliases, r, "aliases repeat more than %d nodes; the limit guards against alias bombs (\"billion laughs\")", c.lim.MaxAliasNodes)
		c.abort = true
		return &Node{Kind: Null, Range: r}
	}
	if c.depthError(depth+t.height, r) {
		return &Node{Kind: Null, Range: r}
	}
	n := *t
	n.Range = r
	n.origin = t
	if t.origin != nil {
		n.origin = t.origin
	}
	return &n
}
