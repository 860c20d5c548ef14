package wire

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestReplaceJSON(t *testing.T) {
	pet := func() any {
		return map[string]any{
			"id":   int64(1),
			"name": "Tom",
			"tags": []any{"a", "b"},
			"owner": map[string]any{
				"name": "Ann",
			},
		}
	}
	tests := []struct {
		name    string
		payload any
		pointer string
		value   any
		want    any
	}{
		{"replace member", pet(), "/name", "Jerry", map[string]any{"id": int64(1), "name": "Jerry", "tags": []any{"a", "b"}, "owner": map[string]any{"name": "Ann"}}},
		{"add missing last member (AMB-45)", pet(), "/owner/age", int64(30), map[string]any{"id": int64(1), "name": "Tom", "tags": []any{"a", "b"}, "owner": map[string]any{"name": "Ann", "age": int64(30)}}},
		{"replace array element", pet(), "/tags/1", "z", map[string]any{"id": int64(1), "name": "Tom", "tags": []any{"a", "z"}, "owner": map[string]any{"name": "Ann"}}},
		{"append with dash", pet(), "/tags/-", "c", map[string]any{"id": int64(1), "name": "Tom", "tags": []any{"a", "b", "c"}, "owner": map[string]any{"name": "Ann"}}},
		{"structured value", pet(), "/owner", map[string]any{"id": int64(9)}, map[string]any{"id": int64(1), "name": "Tom", "tags": []any{"a", "b"}, "owner": map[string]any{"id": int64(9)}}},
		{"escaped tokens", map[string]any{"a/b": map[string]any{"~": int64(0)}}, "/a~1b/~0", int64(1), map[string]any{"a/b": map[string]any{"~": int64(1)}}},
		{"empty pointer replaces everything", pet(), "", "all", "all"},
		{"root array append", []any{int64(1)}, "/-", int64(2), []any{int64(1), int64(2)}},
		{"string payload parsed first (AMB-45)", `{"petId": "{$inputs.id}", "n": 1}`, "/petId", json.Number("42"), map[string]any{"petId": json.Number("42"), "n": json.Number("1")}},
		{"null member replaced", map[string]any{"a": nil}, "/a", "x", map[string]any{"a": "x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReplaceJSON(tt.payload, tt.pointer, tt.value)
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func TestReplaceJSONErrors(t *testing.T) {
	tests := []struct {
		name    string
		payload any
		pointer string
		want    string
	}{
		{"missing parent (AMB-45)", map[string]any{"a": map[string]any{}}, "/b/c", `json pointer "/b/c": no member "b" at the root`},
		{"index out of range", map[string]any{"a": []any{}}, "/a/0", `json pointer "/a/0": no element 0 at /a (array length 0)`},
		{"index through missing element", map[string]any{"a": []any{}}, "/a/3/x", `json pointer "/a/3/x": no element 3 at /a (array length 0)`},
		{"not an index", []any{"x"}, "/x", `json pointer "/x": "x" is not an array index at the root`},
		{"into a string", map[string]any{"a": "s"}, "/a/b", `json pointer "/a/b": cannot look up "b" in a string at /a`},
		{"into a scalar payload", int64(1), "/a", `json pointer "/a": cannot look up "a" in a number at the root`},
		{"syntax", map[string]any{}, "a", `json pointer "a": offset 0: a non-empty pointer must start with "/"`},
		{"bad escape", map[string]any{}, "/a~2", `json pointer "/a~2": offset 2: "~" must be followed by "0" or "1"`},
		{"string payload not JSON", "<a/>", "/a", `the payload string is not valid JSON: invalid character '<' looking for beginning of value at offset 0`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReplaceJSON(tt.payload, tt.pointer, "v")
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("error\n got: %s\nwant: %s", err, tt.want)
			}
		})
	}
}

// TestReplaceJSONLeavesPayloadUnchanged checks that replacements copy the
// containers on their path instead of writing into the caller's value.
func TestReplaceJSONLeavesPayloadUnchanged(t *testing.T) {
	shared := map[string]any{"n": int64(1)}
	payload := map[string]any{
		"a":     map[string]any{"b": []any{map[string]any{"c": int64(1)}}},
		"list":  []any{int64(1)},
		"other": shared,
	}
	before := clone(payload)
	steps := []struct {
		pointer string
		value   any
	}{
		{"/a/b/0/c", int64(2)},
		{"/a/b/-", "new"},
		{"/list/-", int64(2)},
		{"/list/0", int64(3)},
		{"/a/x", "added"},
	}
	cur := any(payload)
	for _, s := range steps {
		next, err := ReplaceJSON(cur, s.pointer, s.value)
		if err != nil {
			t.Fatal(err)
		}
		cur = next
	}
	if diff := cmp.Diff(before, any(payload)); diff != "" {
		t.Errorf("payload changed (-before +after)\n%s", diff)
	}
	want := map[string]any{
		"a":     map[string]any{"b": []any{map[string]any{"c": int64(2)}, "new"}, "x": "added"},
		"list":  []any{int64(3), int64(2)},
		"other": map[string]any{"n": int64(1)},
	}
	if diff := cmp.Diff(want, cur); diff != "" {
		t.Errorf("result (-want +got)\n%s", diff)
	}
	// A value inserted by one replacement and changed by a later one is
	// copied too, so the caller's value is not changed through it.
	out, err := ReplaceJSON(map[string]any{}, "/s", shared)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ReplaceJSON(out, "/s/n", int64(5)); err != nil {
		t.Fatal(err)
	}
	if shared["n"] != int64(1) {
		t.Errorf("inserted value was changed: %v", shared)
	}
}

const petXML = `<?xml version='1.0' encoding="UTF-8"?>
<!-- a pet -->
<!DOCTYPE pet>
<pet xmlns:x="urn:x" id='7' x:kind="cat">
  <name>Tom &amp; Jerry</name>
  <tag/>
  <tag a="1" />
  <x:note><![CDATA[raw <b>]]></x:note>
  <?pi data?>
</pet>
<!-- end -->
`

func TestReplaceXML(t *testing.T) {
	tests := []struct {
		name  string
		doc   string
		xpath string
		value any
		want  string
	}{
		{"element text, escaped", petXML, "/pet/name", "A & B <c> ]]>", `<?xml version='1.0' encoding="UTF-8"?>
<!-- a pet -->
<!DOCTYPE pet>
<pet xmlns:x="urn:x" id='7' x:kind="cat">
  <name>A &amp; B &lt;c&gt; ]]&gt;</name>
  <tag/>
  <tag a="1" />
  <x:note><![CDATA[raw <b>]]></x:note>
  <?pi data?>
</pet>
<!-- end -->
`},
		{"self-closing elements get content", petXML, "//tag", int64(5), `<?xml version='1.0' encoding="UTF-8"?>
<!-- a pet -->
<!DOCTYPE pet>
<pet xmlns:x="urn:x" id='7' x:kind="cat">
  <name>Tom &amp; Jerry</name>
  <tag>5</tag>
  <tag a="1">5</tag>
  <x:note><![CDATA[raw <b>]]></x:note>
  <?pi data?>
</pet>
<!-- end -->
`},
		{"attribute in single quotes", petXML, "/pet/@id", `it's "q"`, `<?xml version='1.0' encoding="UTF-8"?>
<!-- a pet -->
<!DOCTYPE pet>
<pet xmlns:x="urn:x" id='it&apos;s "q"' x:kind="cat">
  <name>Tom &amp; Jerry</name>
  <tag/>
  <tag a="1" />
  <x:note><![CDATA[raw <b>]]></x:note>
  <?pi data?>
</pet>
<!-- end -->
`},
		{"prefixed attribute", petXML, "/pet/@x:kind", `"dog" & <cat>`, `<?xml version='1.0' encoding="UTF-8"?>
<!-- a pet -->
<!DOCTYPE pet>
<pet xmlns:x="urn:x" id='7' x:kind="&quot;dog&quot; &amp; &lt;cat&gt;">
  <name>Tom &amp; Jerry</name>
  <tag/>
  <tag a="1" />
  <x:note><![CDATA[raw <b>]]></x:note>
  <?pi data?>
</pet>
<!-- end -->
`},
		{"attribute whitespace kept as references", petXML, "//@a", "\t\n\r", `<?xml version='1.0' encoding="UTF-8"?>
<!-- a pet -->
<!DOCTYPE pet>
<pet xmlns:x="urn:x" id='7' x:kind="cat">
  <name>Tom &amp; Jerry</name>
  <tag/>
  <tag a="&#x9;&#xA;&#xD;" />
  <x:note><![CDATA[raw <b>]]></x:note>
  <?pi data?>
</pet>
<!-- end -->
`},
		{"CDATA element replaced by text", petXML, "//x:note", "n", `<?xml version='1.0' encoding="UTF-8"?>
<!-- a pet -->
<!DOCTYPE pet>
<pet xmlns:x="urn:x" id='7' x:kind="cat">
  <name>Tom &amp; Jerry</name>
  <tag/>
  <tag a="1" />
  <x:note>n</x:note>
  <?pi data?>
</pet>
<!-- end -->
`},
		{"text node stands for its element", petXML, "/pet/name/text()", "t", `<?xml version='1.0' encoding="UTF-8"?>
<!-- a pet -->
<!DOCTYPE pet>
<pet xmlns:x="urn:x" id='7' x:kind="cat">
  <name>t</name>
  <tag/>
  <tag a="1" />
  <x:note><![CDATA[raw <b>]]></x:note>
  <?pi data?>
</pet>
<!-- end -->
`},
		{"nested selections: outermost wins", petXML, "//*", "all", `<?xml version='1.0' encoding="UTF-8"?>
<!-- a pet -->
<!DOCTYPE pet>
<pet xmlns:x="urn:x" id='7' x:kind="cat">all</pet>
<!-- end -->
`},
		{"ancestor axis: outermost wins", `<a><b/></a>`, "//b/ancestor-or-self::*", "x", `<a>x</a>`},
		{"same empty element selected twice", `<r><a></a></r>`, "//a | /r/a", "x", `<r><a>x</a></r>`},
		{"attribute and its element", `<a k="1">t</a>`, "/a | /a/@k", "x", `<a k="x">x</a>`},
		{"attribute inside a replaced element", `<r><a k="1"/></r>`, "/r | //@k", "x", `<r>x</r>`},
		{"predicate", `<r><i n="1">a</i><i n="2">b</i></r>`, "/r/i[@n='2']", "B", `<r><i n="1">a</i><i n="2">B</i></r>`},
		{"no declaration", `<a>x</a>`, "/a", "y", `<a>y</a>`},
		{"comment before root", `<!-- c --><a>x</a>`, "/a", "y", `<!-- c --><a>y</a>`},
		{"number and boolean text", `<a><n/><b>x</b></a>`, "/a/n", 2.5, `<a><n>2.5</n><b>x</b></a>`},
		{"structured value as JSON text", `<a/>`, "/a", map[string]any{"k": "v"}, `<a>{"k":"v"}</a>`},
		{"null becomes the text null", `<a>x</a>`, "/a", nil, `<a>null</a>`},
		{"empty value empties the element", `<a><b>1</b><c/></a>`, "/a", "", `<a></a>`},
		{"empty value on self-closing element", `<a><c/></a>`, "/a/c", "", `<a><c/></a>`},
		{"self-closing with attributes and spaces", "<a><c k='v'\n  /></a>", "/a/c", "x", "<a><c k='v'>x</c></a>"},
		{"prefixed self-closing", `<a xmlns:p="urn:p"><p:c/></a>`, "//p:c", "x", `<a xmlns:p="urn:p"><p:c>x</p:c></a>`},
		{"CR in content", `<a/>`, "/a", "x\r\ny", "<a>x&#xD;\ny</a>"},
		{"default namespace", `<a xmlns="urn:a"><b>1</b></a>`, "//*[local-name()='b']", "2", `<a xmlns="urn:a"><b>2</b></a>`},
		{"same local name in two namespaces", `<a xmlns:p="urn:p" xmlns:q="urn:q" p:id="1" q:id="2"/>`, "/a/@q:id", "3", `<a xmlns:p="urn:p" xmlns:q="urn:q" p:id="1" q:id="3"/>`},
		{"attribute with spaces around equals", `<a k = "1" m="2"/>`, "/a/@m", "x", `<a k = "1" m="x"/>`},
		{"attribute value with other quote", `<a k="it's" m='say "hi"'/>`, "/a/@m", `"`, `<a k="it's" m='"'/>`},
		{"entity references elsewhere kept", `<a t="&lt;&#65;"><b>&amp;</b><c>x</c></a>`, "/a/c", "y", `<a t="&lt;&#65;"><b>&amp;</b><c>y</c></a>`},
		{"latin-1 document gets references", `<?xml version="1.0" encoding="ISO-8859-1"?><a>x</a>`, "/a", "café", `<?xml version="1.0" encoding="ISO-8859-1"?><a>caf&#xE9;</a>`},
		{"UTF-8 text kept", `<a>x</a>`, "/a", "café ☃", `<a>café ☃</a>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReplaceXML(tt.doc, tt.xpath, tt.value)
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func TestReplaceXMLErrors(t *testing.T) {
	tests := []struct {
		name  string
		doc   string
		xpath string
		value any
		want  string
	}{
		{"no match", petXML, "//nothing", "x", `XPath expression "//nothing" selects nothing in the payload`},
		{"comment", petXML, "//comment()", "x", `XPath expression "//comment()" selects a comment; only elements, attributes and text can be replaced`},
		{"document", petXML, "/", "x", `XPath expression "/" selects the document node; only elements, attributes and text can be replaced`},
		{"processing instruction", `<a><?pi x?></a>`, "/a/node()", "x", `XPath expression "/a/node()" selects a processing instruction; only elements, attributes and text can be replaced`},
		{"number result", petXML, "count(//tag)", "x", `XPath expression "count(//tag)" does not select nodes; it evaluates to the number 2`},
		{"boolean result", petXML, "1 = 1", "x", `XPath expression "1 = 1" does not select nodes; it evaluates to the boolean true`},
		{"string result", petXML, "string(/pet/@id)", "x", `XPath expression "string(/pet/@id)" does not select nodes; it evaluates to the string 7`},
		{"XPath panics during evaluation", petXML, "//*[replace(., '(', 'x')]", "x", "XPath expression \"//*[replace(., '(', 'x')]\" could not be evaluated: replace() function second argument is not a valid regexp pattern, err: error parsing regexp: missing closing ): `(`"},
		{"invalid XPath", petXML, "//[", "x", `invalid XPath expression "//[": expression must evaluate to a node-set`},
		{"empty XPath", petXML, "", "x", `invalid XPath expression "": expr expression is nil`},
		{"not XML", `{"a":1}`, "/a", "x", `payload is not well-formed XML: text outside the root element at offset 0`},
		{"two roots", `<a/><b/>`, "/a", "x", `payload is not well-formed XML: a second root element <b> at offset 4`},
		{"undeclared prefix", `<p:a/>`, "/a", "x", `the payload is not well-formed XML: xmlquery: invalid XML document, namespace p is missing`},
		{"mismatched tags", `<a></b>`, "/a", "x", `payload is not well-formed XML: XML syntax error on line 1: element <a> closed by </b>`},
		{"control character in value", `<a/>`, "/a", "x\x01", `the value contains U+0001 at offset 1, which XML cannot represent`},
		{"invalid UTF-8 in value", `<a/>`, "/a", "\xff", `the value contains U+FFFD at offset 0, which XML cannot represent`},
		{"file value", `<a/>`, "/a", File{}, `a file can only be sent as a multipart part or as the whole body of a binary media type`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReplaceXML(tt.doc, tt.xpath, tt.value)
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("error\n got: %s\nwant: %s", err, tt.want)
			}
		})
	}
}
