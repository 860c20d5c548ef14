package wire

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/antchfx/xmlquery"
	"github.com/antchfx/xpath"

	"github.com/arazzo-dev/arazzo/internal/jsonpointer"
	"github.com/arazzo-dev/arazzo/internal/jsonvalue"
)

// ReplaceJSON applies one payload replacement to a JSON payload (BODY-10,
// AMB-45): it writes value at the RFC 6901 pointer and returns the new
// payload. A payload given as a string is parsed as JSON first, so the
// result is then a structure.
//
// Every token of the pointer but the last must lead to an existing value.
// The last token adds or replaces an object member, replaces an existing
// array element, or appends to an array when it is "-". The empty pointer
// replaces the whole payload.
//
// The payload is not modified: the objects and arrays on the pointer's path
// are copied, and the rest is shared with the result. Payloads often come
// from compiled values that are reused by later runs.
func ReplaceJSON(payload any, pointer string, value any) (any, error) {
	p, err := jsonpointer.Parse(pointer)
	if err != nil {
		return nil, err
	}
	if s, ok := payload.(string); ok {
		v, err := jsonvalue.Decode([]byte(s))
		if err != nil {
			return nil, fmt.Errorf("the payload string is not valid JSON: %w", jsonError([]byte(s), err))
		}
		payload = v
	}
	out, err := p.Set(copyPath(payload, p), value)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// copyPath returns doc with shallow copies of the objects and arrays the
// pointer passes through, so that Set can write into them without changing
// doc. Copying stops where the pointer stops leading to a container; Set
// then reports the problem before writing anything.
func copyPath(doc any, p jsonpointer.Pointer) any {
	root := shallowCopy(doc)
	cur := root
	for i := 0; i < p.Len()-1; i++ {
		tok := p.Token(i)
		switch c := cur.(type) {
		case map[string]any:
			child, ok := c[tok]
			if !ok {
				return root
			}
			child = shallowCopy(child)
			c[tok] = child
			cur = child
		case []any:
			idx, ok := arrayIndex(tok, len(c))
			if !ok {
				return root
			}
			c[idx] = shallowCopy(c[idx])
			cur = c[idx]
		default:
			return root
		}
	}
	return root
}

// shallowCopy copies one object or array; other values are returned as
// they are.
func shallowCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x)+1)
		for k, e := range x {
			m[k] = e
		}
		return m
	case []any:
		return slices.Clip(slices.Clone(x))
	}
	return v
}

// arrayIndex parses an RFC 6901 array index below n.
func arrayIndex(tok string, n int) (int, bool) {
	if tok == "" || len(tok) > 1 && tok[0] == '0' {
		return 0, false
	}
	for i := 0; i < len(tok); i++ {
		if tok[i] < '0' || tok[i] > '9' {
			return 0, false
		}
	}
	idx, err := strconv.Atoi(tok)
	if err != nil || idx >= n {
		return 0, false
	}
	return idx, true
}

// ReplaceXML applies one payload replacement to an XML payload (BODY-10,
// AMB-45). The XPath 1.0 expression is evaluated with xmlquery; it must
// select at least one element, attribute or text node. The text content of
// each selected element (all its children) is replaced by the text of value
// ([jsonvalue.Text]), properly escaped; a selected attribute gets that text
// as its value; a selected text node stands for its parent element. When
// selected nodes are nested, the outermost replacement wins.
//
// Everything outside the replaced content is kept byte for byte: the
// declaration, comments, whitespace, quoting and entity references are not
// re-serialised. A self-closing element that receives text is rewritten as
// a start and end tag.
func ReplaceXML(xmlText, xpathExpr string, value any) (string, error) {
	if err := checkPlain(value, "", 0); err != nil {
		return "", err
	}
	expr, err := xpath.Compile(xpathExpr)
	if err != nil {
		return "", fmt.Errorf("invalid XPath expression %q: %v", xpathExpr, err)
	}
	if err := checkXML([]byte(xmlText)); err != nil {
		return "", err
	}
	doc, err := xmlquery.Parse(strings.NewReader(xmlText))
	if err != nil {
		return "", fmt.Errorf("the payload is not well-formed XML: %v", err)
	}
	layout, err := scanXML(xmlText)
	if err != nil {
		return "", fmt.Errorf("the payload is not well-formed XML: %v", err)
	}
	order, ok := elementOrder(doc, layout.elements)
	if !ok {
		return "", errors.New("the payload's XML tree could not be matched with its text")
	}
	text := jsonvalue.Text(value)
	if i := invalidXMLChar(text); i >= 0 {
		r, _ := utf8.DecodeRuneInString(text[i:])
		return "", fmt.Errorf("the value contains %U at offset %d, which XML cannot represent", r, i)
	}
	sel, err := selectNodes(expr, doc)
	if err != nil {
		return "", fmt.Errorf("XPath expression %q %v", xpathExpr, err)
	}
	var edits []edit
	pis := 0
	for _, nav := range sel {
		n := nav.Current()
		if n.Type == xmlquery.ProcessingInstruction {
			// xmlquery presents processing instructions to XPath as
			// elements, so "//*" matches them; they are skipped.
			pis++
			continue
		}
		isAttr := nav.NodeType() == xpath.AttributeNode
		if !isAttr && (n.Type == xmlquery.TextNode || n.Type == xmlquery.CharDataNode) && n.Parent != nil && n.Parent.Type == xmlquery.ElementNode {
			n = n.Parent
		}
		if n.Type != xmlquery.ElementNode {
			return "", fmt.Errorf("XPath expression %q selects %s; only elements, attributes and text can be replaced", xpathExpr, nodeKind(n))
		}
		el := layout.elements[order[n]]
		if isAttr {
			e, err := attrEdit(xmlText, n, el, nav.LocalName(), nav.NamespaceURL(), text, layout.asciiOnly)
			if err != nil {
				return "", err
			}
			edits = append(edits, e)
			continue
		}
		edits = append(edits, contentEdit(xmlText, el, text, layout.asciiOnly))
	}
	if len(edits) == 0 {
		if pis > 0 {
			return "", fmt.Errorf("XPath expression %q selects a processing instruction; only elements, attributes and text can be replaced", xpathExpr)
		}
		return "", fmt.Errorf("XPath expression %q selects nothing in the payload", xpathExpr)
	}
	return applyEdits(xmlText, edits), nil
}

// selectNodes evaluates an XPath expression and returns the navigators of
// the nodes it selects. The xpath package may panic on unusual expressions
// (for example functions given arguments of the wrong kind); that is
// reported as an error, not a crash.
func selectNodes(expr *xpath.Expr, doc *xmlquery.Node) (sel []*xmlquery.NodeNavigator, err error) {
	defer func() {
		if r := recover(); r != nil {
			sel, err = nil, fmt.Errorf("could not be evaluated: %v", r)
		}
	}()
	res := expr.Evaluate(xmlquery.CreateXPathNavigator(doc))
	it, ok := res.(*xpath.NodeIterator)
	if !ok {
		return nil, fmt.Errorf("does not select nodes; it evaluates to the %s %v", xpathKind(res), res)
	}
	for it.MoveNext() {
		if nav, ok := it.Current().(*xmlquery.NodeNavigator); ok {
			sel = append(sel, nav.Copy().(*xmlquery.NodeNavigator))
		}
	}
	return sel, nil
}

func xpathKind(v any) string {
	switch v.(type) {
	case bool:
		return "boolean"
	case float64:
		return "number"
	case string:
		return "string"
	}
	return "value"
}

func nodeKind(n *xmlquery.Node) string {
	switch n.Type {
	case xmlquery.DocumentNode, xmlquery.DeclarationNode:
		return "the document node"
	case xmlquery.CommentNode:
		return "a comment"
	case xmlquery.NotationNode:
		return "a directive"
	}
	return "a text node outside any element"
}

// elementOrder numbers the element nodes of an xmlquery tree in document
// order, which is the order of their start tags in the text, and checks
// that the names agree with the scanned elements.
func elementOrder(doc *xmlquery.Node, spans []elementSpan) (map[*xmlquery.Node]int, bool) {
	order := make(map[*xmlquery.Node]int, len(spans))
	ok := true
	var walk func(n *xmlquery.Node)
	walk = func(n *xmlquery.Node) {
		for ; n != nil && ok; n = n.NextSibling {
			if n.Type == xmlquery.ElementNode {
				i := len(order)
				if i >= len(spans) || spans[i].name != n.Data {
					ok = false
					return
				}
				order[n] = i
			}
			walk(n.FirstChild)
		}
	}
	// xmlquery may attach nodes that precede the root element as siblings
	// of the document node, so the walk starts there rather than at its
	// first child.
	walk(doc)
	return order, ok && len(order) == len(spans)
}

// xmlLayout records where each element of an XML text lies.
type xmlLayout struct {
	elements []elementSpan
	// asciiOnly is set when the document declares an encoding other than
	// UTF-8: inserted text then uses character references for non-ASCII
	// characters.
	asciiOnly bool
}

// elementSpan gives the byte offsets of one element: its start tag
// [tagStart, tagEnd) and its content [tagEnd, contentEnd).
type elementSpan struct {
	name                         string // local name, to check the mapping
	depth                        int    // nesting depth, 0 for the root
	tagStart, tagEnd, contentEnd int
}

// scanXML tokenises the text with encoding/xml, as xmlquery does, and
// records the offsets of every element.
func scanXML(s string) (xmlLayout, error) {
	var layout xmlLayout
	d := xml.NewDecoder(strings.NewReader(s))
	d.Strict = true
	d.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		// The text is already a Go string; syntax is ASCII in every
		// encoding xmlquery accepts, so offsets are read on the bytes as
		// they are.
		switch strings.ToLower(label) {
		case "utf-8", "utf8":
		default:
			layout.asciiOnly = true
		}
		return r, nil
	}
	var open []int
	for {
		start := int(d.InputOffset())
		tok, err := d.Token()
		if err == io.EOF {
			return layout, nil
		}
		if err != nil {
			return layout, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			layout.elements = append(layout.elements, elementSpan{name: t.Name.Local, depth: len(open), tagStart: start, tagEnd: int(d.InputOffset())})
			open = append(open, len(layout.elements)-1)
		case xml.EndElement:
			if len(open) == 0 {
				return layout, errors.New("unbalanced end tag")
			}
			layout.elements[open[len(open)-1]].contentEnd = start
			open = open[:len(open)-1]
		}
	}
}

// edit replaces s[start:end] by text. depth is the nesting depth of the
// element the edit belongs to, which decides between edits of the same
// range.
type edit struct {
	start, end, depth int
	text              string
}

// contentEdit replaces the content of an element.
func contentEdit(s string, el elementSpan, value string, asciiOnly bool) edit {
	escaped := escapeXML(value, false, 0, asciiOnly)
	if strings.HasSuffix(s[el.tagStart:el.tagEnd], "/>") {
		if escaped == "" {
			return edit{start: el.tagEnd, end: el.tagEnd, depth: el.depth}
		}
		inner := strings.TrimRight(s[el.tagStart+1:el.tagEnd-2], " \t\r\n")
		name := inner
		if i := strings.IndexAny(inner, " \t\r\n"); i >= 0 {
			name = inner[:i]
		}
		return edit{start: el.tagStart, end: el.tagEnd, depth: el.depth, text: "<" + inner + ">" + escaped + "</" + name + ">"}
	}
	return edit{start: el.tagEnd, end: el.contentEnd, depth: el.depth, text: escaped}
}

// attrEdit replaces the value of the attribute of n named local in
// namespace ns, locating it in the raw start tag.
func attrEdit(src string, n *xmlquery.Node, el elementSpan, local, ns, value string, asciiOnly bool) (edit, error) {
	idx := -1
	for i, a := range n.Attr {
		if a.Name.Local == local && a.NamespaceURI == ns {
			idx = i
			break
		}
	}
	spans := attrValueSpans(src, el)
	if idx < 0 || idx >= len(spans) {
		return edit{}, fmt.Errorf("the attribute %q of <%s> could not be located in the payload", local, n.Data)
	}
	sp := spans[idx]
	return edit{start: sp.start, end: sp.end, depth: el.depth, text: escapeXML(value, true, sp.quote, asciiOnly)}, nil
}

// attrSpan gives the byte offsets of an attribute value inside its quotes,
// and the quote character.
type attrSpan struct {
	start, end int
	quote      byte
}

// attrValueSpans lists the attribute values of a start tag in source
// order. The tag has already been accepted by encoding/xml, so a simple
// scan is enough.
func attrValueSpans(s string, el elementSpan) []attrSpan {
	end := el.tagEnd
	i := el.tagStart + 1
	for i < end && !isXMLSpace(s[i]) && s[i] != '/' && s[i] != '>' {
		i++
	}
	var spans []attrSpan
	for i < end {
		for i < end && isXMLSpace(s[i]) {
			i++
		}
		if i >= end || s[i] == '/' || s[i] == '>' {
			break
		}
		for i < end && s[i] != '=' && !isXMLSpace(s[i]) {
			i++
		}
		for i < end && isXMLSpace(s[i]) {
			i++
		}
		if i >= end || s[i] != '=' {
			break
		}
		i++
		for i < end && isXMLSpace(s[i]) {
			i++
		}
		if i >= end {
			break
		}
		q := s[i]
		j := strings.IndexByte(s[i+1:end], q)
		if j < 0 {
			break
		}
		spans = append(spans, attrSpan{start: i + 1, end: i + 1 + j, quote: q})
		i += j + 2
	}
	return spans
}

func isXMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n'
}

// applyEdits applies the edits that do not overlap: an edit inside a
// larger one (or covering the same range for a deeper element) is
// dropped, and so is a repeated edit of an empty range.
func applyEdits(s string, edits []edit) string {
	slices.SortStableFunc(edits, func(a, b edit) int {
		switch {
		case a.start != b.start:
			return a.start - b.start
		case a.end != b.end:
			return b.end - a.end
		}
		return a.depth - b.depth
	})
	var b strings.Builder
	pos := 0
	for i, e := range edits {
		if e.start < pos || i > 0 && e.start == edits[i-1].start && e.end == edits[i-1].end {
			continue
		}
		b.WriteString(s[pos:e.start])
		b.WriteString(e.text)
		pos = e.end
	}
	b.WriteString(s[pos:])
	return b.String()
}

// escapeXML escapes text for element content, or for an attribute value
// delimited by quote when attr is set. Characters that XML would normalise
// (CR in content; tab, CR and LF in attributes) become character
// references, and so do non-ASCII characters when asciiOnly is set.
func escapeXML(s string, attr bool, quote byte, asciiOnly bool) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '\r':
			b.WriteString("&#xD;")
		case attr && r == '"' && quote == '"':
			b.WriteString("&quot;")
		case attr && r == '\'' && quote == '\'':
			b.WriteString("&apos;")
		case attr && r == '\t':
			b.WriteString("&#x9;")
		case attr && r == '\n':
			b.WriteString("&#xA;")
		case asciiOnly && r >= 0x80:
			fmt.Fprintf(&b, "&#x%X;", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// invalidXMLChar returns the offset of the first character of s that XML
// 1.0 does not allow (most control characters, surrogates, U+FFFE, U+FFFF
// and invalid UTF-8), or -1.
func invalidXMLChar(s string) int {
	for i, r := range s {
		switch {
		case r == utf8.RuneError:
			if _, size := utf8.DecodeRuneInString(s[i:]); size <= 1 {
				return i
			}
		case r == 0x9 || r == 0xA || r == 0xD:
		case r < 0x20, r == 0xFFFE, r == 0xFFFF, 0xD800 <= r && r <= 0xDFFF:
			return i
		}
	}
	return -1
}
