package yamlx

import (
	"encoding/binary"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDecodeValues(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want any
	}{
		{"null spellings", "a: ~\nb: null\nc: Null\nd: NULL\ne:\n", map[string]any{"a": nil, "b": nil, "c": nil, "d": nil, "e": nil}},
		{"booleans in three spellings", "[true, True, TRUE, false, False, FALSE]", []any{true, true, true, false, false, false}},
		{"YAML 1.1 booleans are strings", "[yes, no, on, off, y, n]", []any{"yes", "no", "on", "off", "y", "n"}},
		{"decimal integers", "[0, 12, -7, +3, 012, -0]", []any{int64(0), int64(12), int64(-7), int64(3), int64(12), int64(0)}},
		{"octal and hexadecimal integers", "[0o12, 0x1F, 0xff]", []any{int64(10), int64(31), int64(255)}},
		{"integer beyond int64 becomes float64", "[9223372036854775808, 0x10000000000000000]", []any{9223372036854775808.0, 18446744073709551616.0}},
		{"floats", "[1.5, .5, 1., 1e3, -2.5E-1, +0.25, -0.0]", []any{1.5, 0.5, 1.0, 1000.0, -0.25, 0.25, math.Copysign(0, -1)}},
		{"YAML 1.1 numbers are strings", "[1_000, 0b101, 1:30, 0o9, 0x]", []any{"1_000", "0b101", "1:30", "0o9", "0x"}},
		{"timestamps are strings", "[2024-01-01, 2001-12-14t21:59:43.10-05:00]", []any{"2024-01-01", "2001-12-14t21:59:43.10-05:00"}},
		{"quoted scalars are strings", `['12', "true", 'null', "~"]`, []any{"12", "true", "null", "~"}},
		{"block scalars are strings", "a: |\n  12\nb: >-\n  true\n", map[string]any{"a": "12\n", "b": "true"}},
		{"explicit string tag", "[!!str 12, !!str true, !!str ]", []any{"12", "true", ""}},
		{"explicit scalar tags", `[!!int "12", !!float 1, !!float "2.5", !!bool "false", !!null ""]`, []any{int64(12), 1.0, 2.5, false, nil}},
		{"verbatim core tag", "!<tag:yaml.org,2002:str> 12", "12"},
		{"non-specific tag makes a string", "a: ! 12", map[string]any{"a": "12"}},
		{"collection tags", "!!map {a: !!seq [1]}", map[string]any{"a": []any{int64(1)}}},
		{"keys are the text of plain scalars", "200: a\ntrue: b\nnull: c\n1.5: d\n~: e\n'x': f", map[string]any{"200": "a", "true": "b", "null": "c", "1.5": "d", "~": "e", "x": "f"}},
		{"string-tagged key", "!!str 1: a", map[string]any{"1": "a"}},
		{"explicit scalar key", "? a\n: 1", map[string]any{"a": int64(1)}},
		{"quoted merge key is a plain key", "'<<': 1", map[string]any{"<<": int64(1)}},
		{"aliases repeat the anchored value", "a: &x {b: [1, 2]}\nc: *x\nd: &y s\ne: *y", map[string]any{"a": map[string]any{"b": []any{int64(1), int64(2)}}, "c": map[string]any{"b": []any{int64(1), int64(2)}}, "d": "s", "e": "s"}},
		{"anchored key reused as a value", "&k key: *k", map[string]any{"key": "key"}},
		{"multi-line plain scalar folds", "a: one\n  two\n\n  three\n", map[string]any{"a": "one two\nthree"}},
		{"double-quoted escapes", `"a\tb\u00e9\x41\U0001F600\"\\"`, "a\tbéA😀\"\\"},
		{"single-quoted escape", "'it''s'", "it's"},
		{"literal chomping", "a: |+\n  x\n\nb: |-\n  y\n\nc: |\n  z\n\n", map[string]any{"a": "x\n\n", "b": "y", "c": "z\n"}},
		{"flow YAML that is not JSON", "{a: 1, 'b': [x]}", map[string]any{"a": int64(1), "b": []any{"x"}}},
		{"JSON with a trailing comma is read as YAML", `{"a": [1, 2,],}`, map[string]any{"a": []any{int64(1), int64(2)}}},
		{"JSON values", `{"s": "x", "i": 12, "f": 1.5, "e": 1e2, "n": null, "t": true, "a": [], "o": {}}`, map[string]any{"s": "x", "i": int64(12), "f": 1.5, "e": 100.0, "n": nil, "t": true, "a": []any{}, "o": map[string]any{}}},
		{"JSON escapes", `["\/\b\f\n\r\t\u0041", "\ud83d\ude00", "\ud83d", "\u00e9"]`, []any{"/\b\f\n\r\tA", "😀", "\ufffd", "é"}},
		{"JSON integer beyond int64 becomes float64", `[-9223372036854775809, 9223372036854775807]`, []any{-9223372036854775809.0, int64(9223372036854775807)}},
		{"JSON-looking text with a tab in a string is read as YAML", "[\"a\tb\"]", []any{"a\tb"}},
		{"JSON with tabs", "{\n\t\"a\": [\n\t\t1\n\t]\n}\n", map[string]any{"a": []any{int64(1)}}},
		{"byte order mark", "\ufeffa: 1", map[string]any{"a": int64(1)}},
		{"byte order mark before JSON", "\ufeff{\"a\": 1}", map[string]any{"a": int64(1)}},
		{"scalar root", "hello", "hello"},
		{"explicit document markers", "---\na: 1\n...\n", map[string]any{"a": int64(1)}},
		{"comments only around a value", "# c\na: 1 # d\n# e\n", map[string]any{"a": int64(1)}},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		if seen[tt.name] {
			t.Fatalf("duplicate test name %q", tt.name)
		}
		seen[tt.name] = true
		t.Run(tt.name, func(t *testing.T) {
			f, errs := Decode([]byte(tt.in), Limits{})
			if len(errs) > 0 {
				t.Fatalf("Decode(%q) failed: %v", tt.in, errs)
			}
			if diff := cmp.Diff(tt.want, f.Root.Value); diff != "" {
				t.Errorf("Decode(%q) value mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// errorStrings renders errors as "code start-end: message".
func errorStrings(errs []*Error) []string {
	var out []string
	for _, e := range errs {
		out = append(out, fmt.Sprintf("%s %s-%s@%d: %s", e.Code, e.Range.Start, e.Range.End, e.Range.Start.Offset, e.Msg))
	}
	return out
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		lim  Limits
		want []string
	}{
		{"empty input", "", Limits{}, []string{"empty-document 1:1-1:1@0: the document is empty"}},
		{"only comments", "# nothing\n", Limits{}, []string{"empty-document 1:1-1:1@0: the document is empty"}},
		{"two documents", "a: 1\n---\nb: 2\n", Limits{}, []string{"multiple-documents 2:1-2:1@5: a second YAML document starts here; the input must hold exactly one document"}},
		{"syntax error in a second document", "a: 1\n---\nb: [\n", Limits{}, []string{"yaml-syntax 4:1-4:1@14: did not find expected node content while parsing a flow node"}},
		{"YAML syntax error", "a: b: c\n", Limits{}, []string{"yaml-syntax 1:5-1:5@4: mapping values are not allowed in this context"}},
		{"unterminated quoted scalar", "a: \"x\n", Limits{}, []string{"yaml-syntax 2:1-2:1@6: found unexpected end of stream while scanning a quoted scalar (which starts at 1:4)"}},
		{"tab indentation", "a:\n\tb: 1\n", Limits{}, []string{"yaml-syntax 2:1-2:1@3: found character that cannot start any token while scanning for the next token"}},
		{"JSON syntax error", "{\"a\" 1}", Limits{}, []string{`json-syntax 1:6-1:6@5: expected ':' after the key "a", found '1'`}},
		{"JSON unterminated string", "{\"a\": \"x}", Limits{}, []string{"json-syntax 1:10-1:10@9: unterminated string (which starts at 1:7)"}},
		{"JSON control character in string", "[\"a\x01b\"]", Limits{}, []string{"json-syntax 1:4-1:4@3: invalid control character U+0001 in string (escape it)"}},
		{"JSON bad escape", `["\q"]`, Limits{}, []string{`json-syntax 1:3-1:3@2: invalid escape "\\q" in string`}},
		{"JSON trailing content", `{"a": 1} x`, Limits{}, []string{"json-syntax 1:10-1:10@9: unexpected 'x' after the JSON value"}},
		{"flow YAML error", "{a: [x, }", Limits{}, []string{"yaml-syntax 1:9-1:9@8: did not find expected node content while parsing a flow node"}},
		{"JSON missing comma", `{"a": 1 "b": 2}`, Limits{}, []string{`json-syntax 1:9-1:9@8: expected ',' or '}' after an object member, found '"'`}},
		{"JSON duplicate keys", `{"a": 1, "b": 2, "a": 3}`, Limits{}, []string{`duplicate-key 1:18-1:21@17: duplicate key "a" (first defined at 1:2)`}},
		{"JSON duplicate keys in a large object", `{"k0":0,"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k3":3}`, Limits{}, []string{`duplicate-key 1:72-1:76@71: duplicate key "k3" (first defined at 1:23)`}},
		{"JSON number out of range", `[1e400]`, Limits{}, []string{"invalid-number 1:2-1:7@1: number 1e400 is out of range"}},
		{"JSON too deep", strings.Repeat("[", 5) + strings.Repeat("]", 5), Limits{MaxDepth: 4}, []string{"depth-limit 1:5-1:6@4: nesting is deeper than the limit of 4 levels"}},
		{"YAML duplicate keys", "a: 1\nb: 2\na: 3\n", Limits{}, []string{`duplicate-key 3:1-3:2@10: duplicate key "a" (first defined at 1:1)`}},
		{"duplicate keys in different spellings", "a: 1\n'a': 2\n\"a\": 3\n", Limits{}, []string{`duplicate-key 2:1-2:4@5: duplicate key "a" (first defined at 1:1)`, `duplicate-key 3:1-3:4@12: duplicate key "a" (first defined at 1:1)`}},
		{"custom tag", "a: !custom x\n", Limits{}, []string{"unsupported-tag 1:4-1:13@3: unsupported tag !custom; only !!str, !!int, !!float, !!bool, !!null, !!map and !!seq are allowed"}},
		{"binary tag", "a: !!binary aGk=\n", Limits{}, []string{"unsupported-tag 1:4-1:17@3: unsupported tag !!binary; only !!str, !!int, !!float, !!bool, !!null, !!map and !!seq are allowed"}},
		{"timestamp tag", "a: !!timestamp 2024-01-01\n", Limits{}, []string{"unsupported-tag 1:4-1:26@3: unsupported tag !!timestamp; only !!str, !!int, !!float, !!bool, !!null, !!map and !!seq are allowed"}},
		{"set tag", "a: !!set {x: null}\n", Limits{}, []string{"unsupported-tag 1:4-1:9@3: unsupported tag !!set; only !!str, !!int, !!float, !!bool, !!null, !!map and !!seq are allowed"}},
		{"omap tag", "a: !!omap [x: 1]\n", Limits{}, []string{"unsupported-tag 1:4-1:10@3: unsupported tag !!omap; only !!str, !!int, !!float, !!bool, !!null, !!map and !!seq are allowed"}},
		{"empty float", "a: !!float ''\n", Limits{}, []string{`tag-value-mismatch 1:4-1:14@3: "" is not a valid !!float value`}},
		{"empty integer without quotes", "0: !!int", Limits{}, []string{`tag-value-mismatch 1:4-1:9@3: "" is not a valid !!int value`}},
		{"several bad tags are all reported", "a: !x 1\nb: !y 2\n", Limits{}, []string{
			"unsupported-tag 1:4-1:8@3: unsupported tag !x; only !!str, !!int, !!float, !!bool, !!null, !!map and !!seq are allowed",
			"unsupported-tag 2:4-2:8@11: unsupported tag !y; only !!str, !!int, !!float, !!bool, !!null, !!map and !!seq are allowed",
		}},
		{"int tag on a word", "a: !!int ten\n", Limits{}, []string{`tag-value-mismatch 1:4-1:13@3: "ten" is not a valid !!int value`}},
		{"map tag on a scalar", "a: !!map x\n", Limits{}, []string{"tag-value-mismatch 1:4-1:11@3: the tag !!map cannot be used on a scalar"}},
		{"seq tag on a mapping", "a: !!seq {b: 1}\n", Limits{}, []string{"tag-value-mismatch 1:4-1:9@3: the tag !!seq cannot be used on a mapping"}},
		{"sequence as a key", "? [a]\n: 1\n", Limits{}, []string{"non-string-key 1:3-1:6@2: a sequence cannot be used as a mapping key; keys must be strings"}},
		{"mapping as a key", "? {a: 1}\n: 1\n", Limits{}, []string{"non-string-key 1:3-1:9@2: a mapping cannot be used as a mapping key; keys must be strings"}},
		{"alias as a key", "a: &k x\n*k : 1\n", Limits{}, []string{"non-string-key 2:1-2:3@8: an alias cannot be used as a mapping key; keys must be strings"}},
		{"integer-tagged key", "!!int 1: a\n", Limits{}, []string{"non-string-key 1:1-1:8@0: a key tagged !!int is not a string; keys must be strings"}},
		{"custom-tagged key", "!k a: 1\n", Limits{}, []string{"unsupported-tag 1:1-1:5@0: unsupported tag !k; only !!str, !!int, !!float, !!bool, !!null, !!map and !!seq are allowed"}},
		{"merge key", "base: &b {x: 1}\nc:\n  <<: *b\n", Limits{}, []string{`merge-key 3:3-3:5@21: merge keys ("<<") are a YAML 1.1 feature and are not supported; write the fields out, or quote the key to mean a literal "<<"`}},
		{"infinity", "a: .inf\nb: -.Inf\n", Limits{}, []string{"invalid-number 1:4-1:8@3: .inf (infinity) cannot be represented in JSON", "invalid-number 2:4-2:9@11: -.Inf (infinity) cannot be represented in JSON"}},
		{"not a number", "a: .nan\n", Limits{}, []string{"invalid-number 1:4-1:8@3: .nan (not a number) cannot be represented in JSON"}},
		{"float out of range", "a: 1e999\n", Limits{}, []string{"invalid-number 1:4-1:9@3: 1e999 is out of range"}},
		{"float-tagged infinity", "a: !!float .inf\n", Limits{}, []string{"invalid-number 1:4-1:16@3: .inf (infinity) cannot be represented in JSON"}},
		{"alias cycle", "a: &a [1, *a]\n", Limits{}, []string{"alias-cycle 1:11-1:13@10: the alias *a refers to a node that contains it; the document would be infinite"}},
		{"unknown anchor", "a: *nope\n", Limits{}, []string{"yaml-syntax 1:4-1:4@3: unknown anchor 'nope' referenced"}},
		{"aliases over the limit", "a: &a [1, 2, 3]\nb: [*a, *a]\n", Limits{MaxAliasNodes: 7}, []string{`alias-limit 2:9-2:11@24: aliases repeat more than 7 nodes; the limit guards against alias bombs ("billion laughs")`}},
		{"alias deeper than the limit", "a: &a [[1]]\nb: [*a]\n", Limits{MaxDepth: 3}, []string{"depth-limit 2:5-2:7@16: nesting is deeper than the limit of 3 levels"}},
		{"YAML too deep", "a:\n b:\n  c:\n   d: 1\n", Limits{MaxDepth: 3}, []string{"depth-limit 4:5-4:5@16: nesting is deeper than the limit of 3 levels"}},
		{"too large", "a: 1\n", Limits{MaxBytes: 4}, []string{"document-too-large 1:1-1:1@0: the document is 5 bytes, more than the limit of 4 bytes"}},
		{"UTF-16", "\xfe\xff\x00a", Limits{}, []string{"invalid-encoding 1:1-1:1@0: the document is UTF-16 encoded; only UTF-8 is supported"}},
		{"UTF-32", "\xff\xfe\x00\x00a\x00\x00\x00", Limits{}, []string{"invalid-encoding 1:1-1:1@0: the document is UTF-32 encoded; only UTF-8 is supported"}},
		{"invalid UTF-8", "a: b\nc: d\xe9f\n", Limits{}, []string{"invalid-encoding 2:5-2:5@9: invalid UTF-8 byte 0xe9; the document must be UTF-8 encoded"}},
		{"control character", "a: b\x01\n", Limits{}, []string{"yaml-syntax 1:5-1:5@4: control character U+0001 is not allowed in YAML"}},
		{"C1 control character", "a: b\u0080\n", Limits{}, []string{"yaml-syntax 1:5-1:5@4: control character U+0080 is not allowed in YAML"}},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		if seen[tt.name] {
			t.Fatalf("duplicate test name %q", tt.name)
		}
		seen[tt.name] = true
		t.Run(tt.name, func(t *testing.T) {
			f, errs := Decode([]byte(tt.in), tt.lim)
			if f != nil {
				t.Errorf("Decode(%q) returned a file despite errors", tt.in)
			}
			if diff := cmp.Diff(tt.want, errorStrings(errs)); diff != "" {
				t.Errorf("Decode(%q) errors mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestSize(t *testing.T) {
	tests := []struct {
		name, in string
		want     int
	}{
		{"YAML scalars and collections", "a: [1, 2]\nb: {c: x}\n", 6},
		{"aliases count what they repeat", "a: &x [1, 2]\nb: *x\nc: [*x, *x]\n", 14},
		{"JSON", `{"a": [1, 2], "b": {"c": "x"}}`, 6},
		{"scalar", "x", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, errs := Decode([]byte(tt.in), Limits{})
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if got := f.Root.Size(); got != tt.want {
				t.Errorf("Size() = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestFindNonPrintable(t *testing.T) {
	// Every byte value at every position of a word, against a byte-by-byte
	// reading of the rule.
	for c := 0; c < 256; c++ {
		for at := 0; at < 17; at++ {
			src := []byte(strings.Repeat("a", 20))
			src[at] = byte(c)
			i, r, bad := findNonPrintable(src)
			wantBad := c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f || c >= 0x80
			if c >= 0x80 {
				// A lone byte above 0x7f is not UTF-8; DecodeRune reads it
				// as U+FFFD, which is printable.
				wantBad = false
			}
			if bad != wantBad || bad && (i != at || r != rune(c)) {
				t.Fatalf("findNonPrintable with byte %#x at %d = %d, %U, %v; want bad %v", c, at, i, r, bad, wantBad)
			}
		}
	}
}

func TestPlainWord(t *testing.T) {
	// Two bytes of every value in every pair of positions, against the
	// byte-by-byte rule.
	for a := 0; a < 256; a++ {
		for b := 0; b < 256; b++ {
			for _, at := range [][2]int{{0, 1}, {0, 7}, {3, 4}, {6, 7}, {7, 0}, {5, 2}} {
				word := []byte("abcdefgh")
				word[at[0]], word[at[1]] = byte(a), byte(b)
				want := true
				for _, c := range word {
					if c != '\n' && (c < 0x20 || c >= 0x7f) {
						want = false
					}
				}
				if got := plainWord(binary.LittleEndian.Uint64(word)); got != want {
					t.Fatalf("plainWord(%q) = %v, want %v", word, got, want)
				}
			}
		}
	}
}
