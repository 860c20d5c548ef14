package yamlx

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// span renders a range with the source text it covers.
func span(src []byte, r Range) string {
	return fmt.Sprintf("%s-%s %q", r.Start, r.End, src[r.Start.Offset:r.End.Offset])
}

func TestRanges(t *testing.T) {
	const yamlDoc = "a: &x !!str 12\n" +
		"b: *x\n" +
		"c:\n" +
		"d: [ ]\n" +
		"e: {k: 1, l: [x, y] }\n" +
		"f: \"q\\\"é\"\n" +
		"g: 'it''s'\n" +
		"h: |\n  line1\n   line2\n\n" +
		"i: >-\n  folded\n  text\n" +
		"j: plain\n  multi line # comment\n" +
		"k:\n- é1\n- {}\n" +
		"\"quoted key\": 1\n"
	const jsonDoc = "{\n  \"a\": [1, \"x\\u00e9\", {\"b\": null}],\n  \"é\": true\n}"
	tests := []struct {
		name, src, pointer string
		want, wantKey      string
	}{
		{"YAML root", yamlDoc, "", `1:1-20:16 "a: &x !!str 12\nb: *x\nc:\nd: [ ]\ne: {k: 1, l: [x, y] }\nf: \"q\\\"é\"\ng: 'it''s'\nh: |\n  line1\n   line2\n\ni: >-\n  folded\n  text\nj: plain\n  multi line # comment\nk:\n- é1\n- {}\n\"quoted key\": 1"`, ""},
		{"scalar with anchor and tag", yamlDoc, "/a", `1:4-1:15 "&x !!str 12"`, `1:1-1:2 "a"`},
		{"alias", yamlDoc, "/b", `2:4-2:6 "*x"`, `2:1-2:2 "b"`},
		{"empty value", yamlDoc, "/c", `3:3-3:3 ""`, `3:1-3:2 "c"`},
		{"empty flow sequence", yamlDoc, "/d", `4:4-4:7 "[ ]"`, `4:1-4:2 "d"`},
		{"flow mapping", yamlDoc, "/e", `5:4-5:22 "{k: 1, l: [x, y] }"`, `5:1-5:2 "e"`},
		{"flow mapping member", yamlDoc, "/e/l/1", `5:18-5:19 "y"`, ""},
		{"double-quoted with escape", yamlDoc, "/f", `6:4-6:10 "\"q\\\"é\""`, `6:1-6:2 "f"`},
		{"single-quoted", yamlDoc, "/g", `7:4-7:11 "'it''s'"`, `7:1-7:2 "g"`},
		{"literal block", yamlDoc, "/h", `8:4-10:9 "|\n  line1\n   line2"`, `8:1-8:2 "h"`},
		{"folded block", yamlDoc, "/i", `12:4-14:7 ">-\n  folded\n  text"`, `12:1-12:2 "i"`},
		{"multi-line plain", yamlDoc, "/j", `15:4-16:13 "plain\n  multi line"`, `15:1-15:2 "j"`},
		{"block sequence", yamlDoc, "/k", `18:1-19:5 "- é1\n- {}"`, `17:1-17:2 "k"`},
		{"non-ASCII scalar", yamlDoc, "/k/0", `18:3-18:5 "é1"`, ""},
		{"empty flow mapping in sequence", yamlDoc, "/k/1", `19:3-19:5 "{}"`, ""},
		{"quoted key", yamlDoc, "/quoted key", `20:15-20:16 "1"`, `20:1-20:13 "\"quoted key\""`},
		{"JSON root", jsonDoc, "", `1:1-4:2 "{\n  \"a\": [1, \"x\\u00e9\", {\"b\": null}],\n  \"é\": true\n}"`, ""},
		{"JSON array", jsonDoc, "/a", `2:8-2:35 "[1, \"x\\u00e9\", {\"b\": null}]"`, `2:3-2:6 "\"a\""`},
		{"JSON escaped string", jsonDoc, "/a/1", `2:12-2:21 "\"x\\u00e9\""`, ""},
		{"JSON nested null", jsonDoc, "/a/2/b", `2:29-2:33 "null"`, `2:24-2:27 "\"b\""`},
		{"JSON non-ASCII key", jsonDoc, "/é", `3:8-3:12 "true"`, `3:3-3:6 "\"é\""`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, errs := Decode([]byte(tt.src), Limits{})
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			n, field, ok := f.Root.Find(tt.pointer)
			if !ok {
				t.Fatalf("Find(%q) found nothing", tt.pointer)
			}
			if got := span(f.src, n.Range); got != tt.want {
				t.Errorf("range of %q = %s, want %s", tt.pointer, got, tt.want)
			}
			gotKey := ""
			if field != nil {
				gotKey = span(f.src, field.KeyRange)
			}
			if gotKey != tt.wantKey {
				t.Errorf("key range of %q = %s, want %s", tt.pointer, gotKey, tt.wantKey)
			}
		})
	}
}

func TestFind(t *testing.T) {
	f, errs := Decode([]byte(`{"a/b": {"m~n": [10, 11]}, "": 1, "x": [0]}`), Limits{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	tests := []struct {
		pointer string
		want    any // nil when not found
	}{
		{"/a~1b/m~0n/1", int64(11)},
		{"/", int64(1)},
		{"/x/0", int64(0)},
		{"/x/00", nil},
		{"/x/-", nil},
		{"/x/1", nil},
		{"/a~2b", nil},
		{"/a~", nil},
		{"a", nil},
		{"/x/0/y", nil},
		{"/missing", nil},
	}
	for _, tt := range tests {
		t.Run(tt.pointer, func(t *testing.T) {
			n, _, ok := f.Root.Find(tt.pointer)
			if tt.want == nil {
				if ok {
					t.Errorf("Find(%q) = %v, want not found", tt.pointer, n.Value)
				}
				return
			}
			if !ok || n.Value != tt.want {
				t.Errorf("Find(%q) = %v, %v; want %v", tt.pointer, n, ok, tt.want)
			}
		})
	}
}

func TestStringPos(t *testing.T) {
	const doc = "plain: one two\n" +
		"multi: one\n  two\n" +
		"dq: \"a\\tb\\u00e9c\"\n" +
		"dqfold: \"x  \n  y\n\n  z\"\n" +
		"sq: 'it''s'\n" +
		"lit: |\n  ab\n   cd\n" +
		"fold: >\n  ab\n  cd\n" +
		"anchored: &s \"vw\"\n" +
		"alias: *s\n" +
		"num: 12\n"
	tests := []struct {
		pointer string
		offset  int
		want    string // line:column@offset
	}{
		{"/plain", 0, "1:8@7"},
		{"/plain", 4, "1:12@11"},
		{"/plain", 7, "1:15@14"},
		{"/plain", 99, "1:15@14"},
		{"/plain", -1, "1:8@7"},
		{"/multi", 3, "2:11@25"}, // the folded line break
		{"/multi", 4, "3:3@28"},
		{"/dq", 0, "4:6@37"},
		{"/dq", 1, "4:7@38"},  // the escape \t
		{"/dq", 2, "4:9@40"},  // b
		{"/dq", 3, "4:10@41"}, // \u00e9, first byte
		{"/dq", 4, "4:10@41"}, // \u00e9, second byte
		{"/dq", 5, "4:16@47"}, // c
		{"/dq", 6, "4:18@49"}, // the end, after the closing quote
		{"/dqfold", 0, "5:10@59"},
		{"/dqfold", 1, "5:13@62"}, // the folded line break
		{"/dqfold", 2, "6:3@65"},  // y
		{"/dqfold", 3, "6:4@66"},  // the empty line becomes a newline
		{"/dqfold", 4, "8:3@70"},  // z
		{"/sq", 2, "9:8@80"},      // the doubled quote
		{"/sq", 3, "9:10@82"},     // s
		{"/lit", 0, "11:3@94"},
		{"/lit", 2, "11:5@96"},  // line break
		{"/lit", 3, "12:3@99"},  // the extra indentation space
		{"/lit", 4, "12:4@100"}, // c
		{"/fold", 3, "15:3@118"},
		{"/anchored", 1, "16:16@136"},
		{"/alias", 1, "16:16@136"},
		{"/num", 1, "18:6@154"},
	}
	f, errs := Decode([]byte(doc), Limits{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s@%d", tt.pointer, tt.offset), func(t *testing.T) {
			n, _, ok := f.Root.Find(tt.pointer)
			if !ok {
				t.Fatalf("Find(%q) found nothing", tt.pointer)
			}
			p := f.StringPos(n, tt.offset)
			if got := fmt.Sprintf("%s@%d", p, p.Offset); got != tt.want {
				t.Errorf("StringPos(%q, %d) = %s, want %s", tt.pointer, tt.offset, got, tt.want)
			}
		})
	}
}

func TestStringPosJSON(t *testing.T) {
	src := `{"s": "a\"b\ud83d\ude00c"}`
	f, errs := Decode([]byte(src), Limits{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	n, _, _ := f.Root.Find("/s")
	var got []int
	for i := 0; i <= len(n.Value.(string)); i++ {
		got = append(got, f.StringPos(n, i).Offset)
	}
	// a, \", b, four bytes of the surrogate pair, c, end.
	want := []int{7, 8, 10, 11, 11, 11, 11, 23, 25}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("offsets mismatch (-want +got):\n%s", diff)
	}
}

func TestLinesAndOffsets(t *testing.T) {
	// CR, CRLF, NEL, LS and PS all end YAML lines; only CR and CRLF and LF
	// end JSON lines.
	src := []byte("a\rb\r\nc\u0085d\u2028e\u2029f")
	y := newLines(src, true)
	j := newLines(src, false)
	last := len(src) - 1
	if got := y.pos(last).String(); got != "6:1" {
		t.Errorf("YAML position of f = %s, want 6:1", got)
	}
	if got := j.pos(last).String(); got != "3:7" {
		t.Errorf("JSON position of f = %s, want 3:7", got)
	}
	var c cursor
	for _, tt := range []struct{ line, col, want int }{
		{1, 1, 0}, {2, 1, 2}, {3, 1, 5}, {3, 2, 6}, {6, 1, 16},
		{6, 9, 17}, // past the end of the line
		{9, 1, 17}, // past the last line
		{3, 1, 5},  // going back
	} {
		if got := y.offset(&c, tt.line, tt.col); got != tt.want {
			t.Errorf("offset of %d:%d = %d, want %d", tt.line, tt.col, got, tt.want)
		}
	}
	if got := y.advance(Pos{Line: 1, Column: 1}, last).String(); got != "6:1" {
		t.Errorf("advance to f = %s, want 6:1", got)
	}
}

func TestLimits(t *testing.T) {
	t.Run("billion laughs", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
		prev := "a"
		for _, n := range []string{"b", "c", "d", "e", "f", "g", "h", "i", "j"} {
			fmt.Fprintf(&b, "%s: &%s [%s*%s]\n", n, n, strings.Repeat("*"+prev+", ", 8), prev)
			prev = n
		}
		_, errs := Decode([]byte(b.String()), Limits{})
		want := []string{`alias-limit 6:8-6:10@231: aliases repeat more than 100000 nodes; the limit guards against alias bombs ("billion laughs")`}
		if diff := cmp.Diff(want, errorStrings(errs)); diff != "" {
			t.Errorf("errors mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("eleven MiB", func(t *testing.T) {
		src := []byte("a: \"" + strings.Repeat("x", 11<<20) + "\"\n")
		_, errs := Decode(src, Limits{})
		want := []string{"document-too-large 1:1-1:1@0: the document is 11534342 bytes, more than the limit of 10485760 bytes"}
		if diff := cmp.Diff(want, errorStrings(errs)); diff != "" {
			t.Errorf("errors mismatch (-want +got):\n%s", diff)
		}
	})
	for _, tt := range []struct {
		name string
		src  string
		want string
	}{
		{"depth 10000 JSON", strings.Repeat("[", 10000) + strings.Repeat("]", 10000), "depth-limit 1:257-1:258@256: nesting is deeper than the limit of 256 levels"},
		{"depth 10000 flow YAML", "a: " + strings.Repeat("[", 10000) + strings.Repeat("]", 10000), "depth-limit 1:260-1:260@259: nesting is deeper than the limit of 256 levels"},
		{"depth 1000 block YAML", nestedBlock(1000), "depth-limit 257:514-257:514@66561: nesting is deeper than the limit of 256 levels"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := Decode([]byte(tt.src), Limits{})
			if diff := cmp.Diff([]string{tt.want}, errorStrings(errs)); diff != "" {
				t.Errorf("errors mismatch (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("aliases within a raised limit", func(t *testing.T) {
		src := "a: &a [1, 2]\nb: [*a, *a, *a]\n"
		if _, errs := Decode([]byte(src), Limits{MaxAliasNodes: 9}); len(errs) > 0 {
			t.Errorf("9 repeated nodes failed with limit 9: %v", errs)
		}
		if _, errs := Decode([]byte(src), Limits{MaxAliasNodes: 8}); len(errs) != 1 || errs[0].Code != CodeAliases {
			t.Errorf("9 repeated nodes with limit 8: got %v, want one alias-limit error", errs)
		}
	})
}

// nestedBlock returns n block mappings nested in each other.
func nestedBlock(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat(" ", 2*i))
		b.WriteString("a:\n")
	}
	return b.String()
}
