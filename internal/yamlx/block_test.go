package yamlx

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func init() {
	// A bug in the block reader must fail the tests, not fall back.
	strictBlock = true
}

// readBoth reads src with the block reader and, when it accepts, with the
// YAML parser too, and fails t unless both give the same tree. It reports
// whether the block reader accepted src. Inputs that Decode would reject
// before reading YAML are skipped.
func readBoth(t *testing.T, src []byte, lim Limits) bool {
	t.Helper()
	lim = lim.withDefaults()
	if len(src) > lim.MaxBytes || checkEncoding(src) != nil {
		return false
	}
	if _, _, bad := findNonPrintable(src); bad {
		return false
	}
	fast, ok := readBlock(src, newLines(src, true), lim)
	if !ok {
		return false
	}
	slow, errs := parseYAML(src, newLines(src, true), lim)
	if len(errs) > 0 {
		t.Fatalf("the block reader accepted %q, which the YAML parser rejects: %v", src, errorStrings(errs))
	}
	if diff := cmp.Diff(slow.Root, fast.file().Root, cmp.AllowUnexported(Node{})); diff != "" {
		t.Fatalf("the block reader and the YAML parser disagree on %q (-parser +block):\n%s", src, diff)
	}
	return true
}

// FuzzFastPathAgrees checks that whatever the block reader accepts, the YAML
// parser path decodes to an identical tree: the same values, kinds, styles,
// ranges, key ranges, string offsets and sizes. The seed corpus holds the
// YAML documents of this repository.
func FuzzFastPathAgrees(f *testing.F) {
	for _, tt := range blockCases {
		f.Add([]byte(tt.in))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		readBoth(t, src, Limits{MaxDepth: 16})
	})
}

// blockCases are inputs the block reader must accept (or decline), each
// checked against the YAML parser.
var blockCases = []struct {
	name   string
	in     string
	accept bool
}{
	{"mapping", "a: 1\nb: two\n", true},
	{"nested mapping", "a:\n  b:\n    c: x\n  d: y\ne: z\n", true},
	{"indented root", "  a: 1\n  b: 2\n", true},
	{"sequence root", "- a\n- b\n", true},
	{"sequence under key at the same indentation", "a:\n- x\n- y\nb: 1\n", true},
	{"indented sequence under key", "a:\n  - x\n  - y\nb: 1\n", true},
	{"compact mapping in sequence", "- name: a\n  in: b\n- name: c\n", true},
	{"compact nested sequence", "- - a\n  - b\n- c\n", true},
	{"compact sequence in compact mapping", "- a:\n  - x\n  b: 1\n", true},
	{"empty values", "a:\nb: \nc: # note\nd:\n- \n-\n- # note\n", true},
	{"empty value at the end", "a: 1\nb:", true},
	{"scalar types", "a: ~\nb: null\nc: true\nd: False\ne: 12\nf: -3\ng: 0x1F\nh: 0o17\ni: 1.5\nj: -.5e3\nk: 1_000\nl: yes\nm: 2024-01-01\n", true},
	{"big integer", "a: 9223372036854775808\n", true},
	{"keys are text", "200: ok\ntrue: x\n1.5: y\nnull: z\n", true},
	{"plain scalar with indicators inside", "a: b: c\n", false},
	{"plain scalar with colon and hash", "a: http://x#y\nb: a:b\nc: x #comment\n", true},
	{"plain scalar with inner indicators", "a: one - two [three] {four}, five\n", true},
	{"multi-line plain", "a: one\n  two\n\n  three\n\n\n  four\nb: 1\n", true},
	{"multi-line plain in sequence", "- one\n  two\n- three\n", true},
	{"multi-line plain after key on own line", "a:\n  one\n  two\nb: 1\n", true},
	{"multi-line plain ended by comment", "a: one\n  # c\nb: 1\n", true},
	{"plain continuation starting with an indicator", "a: one\n  - two\n", false},
	{"plain continuation with a colon", "a: one\n  two: three\n", false},
	{"single-quoted", "a: 'it''s'\n'b c': ''\n", true},
	{"double-quoted escapes", `a: "x\ty\n\u00e9\x41\U0001F600\"\\\/"` + "\n", false},
	{"double-quoted YAML escapes", `a: "\0\a\b\t\n\v\f\r\e\ \"\'\\\N\_\L\P\x7f\xff"` + "\n", true},
	{"double-quoted surrogate", `a: "\ud800"` + "\n", false},
	{"quoted key", "\"a b\": 1\n'c': 2\n", true},
	{"quoted value then comment", "a: \"x\" # c\n", true},
	{"quoted value then text", "a: \"x\" y\n", false},
	{"multi-line quoted", "a: \"one\n  two\"\n", false},
	{"literal", "a: |\n  one\n   two\n\n  three\nb: 1\n", true},
	{"literal keep", "a: |+\n  one\n\n\nb: 1\n", true},
	{"literal strip", "a: |-\n  one\n\n\nb: 1\n", true},
	{"literal at the end without break", "a: |\n  one", true},
	{"literal with leading empty lines", "a: |\n\n  one\n", true},
	{"literal with more-indented leading empty line", "a: |\n     \n  one\n", false},
	{"literal with whitespace-only lines", "a: |\n  one\n     \n  two\n", true},
	{"folded", "a: >\n  one\n  two\n\n  three\n   more\n  four\nb: 1\n", true},
	{"folded strip", "a: >-\n  one\n  two\n", true},
	{"folded in sequence", "- >-\n  one\n  two\n- x\n", true},
	{"block scalar with comment header", "a: | # c\n  x\n", true},
	{"block scalar indentation indicator", "a: |2\n   x\n", false},
	{"empty block scalar", "a: |\nb: 1\n", false},
	{"flow sequence", "a: [x, 'y', \"z\", 1, [2, 3], {b: c}]\n", true},
	{"flow mapping", "a: {b: 1, 'c': [d], \"e\": {}}\n", true},
	{"empty flows", "a: []\nb: {}\nc: [ ]\nd: { }\n", true},
	{"multi-word flow scalars", "a: [one two, three]\n", true},
	{"flow with trailing comma", "a: [x, ]\n", false},
	{"multi-line flow", "a: [x,\n  y]\n", false},
	{"comments everywhere", "# head\na: 1 # one\n  # indented\n# col 0\nb:\n  # before\n  c: 2\n# end\n", true},
	{"document start", "---\na: 1\n", true},
	{"document start with comment", "--- # c\na: 1\n", true},
	{"document end", "a: 1\n...\n", false},
	{"two documents", "a: 1\n---\nb: 2\n", false},
	{"directive", "%YAML 1.2\n---\na: 1\n", false},
	{"anchor and alias", "a: &x 1\nb: *x\n", false},
	{"tag", "a: !!str 1\n", false},
	{"complex key", "? a\n: 1\n", false},
	{"tab", "a:\tb\n", false},
	{"carriage return", "a: 1\r\nb: 2\r\n", false},
	{"byte order mark", "\ufeffa: 1\n", false},
	{"duplicate key", "a: 1\na: 2\n", false},
	{"merge key", "a: {x: 1}\n<<: {y: 2}\n", false},
	{"infinity", "a: .inf\n", false},
	{"scalar root", "hello\n", false},
	{"flow root", "[a, b]\n", false},
	{"empty", "# nothing\n", false},
	{"bad indentation", "a:\n  b: 1\n c: 2\n", false},
	{"sequence entry in a value", "a: - b\n", false},
	{"key with space before the colon", "a : 1\n", false},
	{"non-ASCII", "é: ünï\nb: [ç, \"ø\"]\nc: |\n  ñ\n", true},
}

func TestBlockReader(t *testing.T) {
	seen := map[string]bool{}
	for _, tt := range blockCases {
		if seen[tt.name] {
			t.Fatalf("duplicate test name %q", tt.name)
		}
		seen[tt.name] = true
		t.Run(tt.name, func(t *testing.T) {
			if got := readBoth(t, []byte(tt.in), Limits{}); got != tt.accept {
				t.Errorf("block reader accepted %q: %v, want %v", tt.in, got, tt.accept)
			}
		})
	}
}

// TestBlockReaderAcceptsRealDocuments checks that the block reader reads
// the real documents in testdata (so that the speed-up does not silently
// go away) and agrees with the YAML parser on them.
func TestBlockReaderAcceptsRealDocuments(t *testing.T) {
	paths, err := filepath.Glob("testdata/*.yml")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no documents: %v", err)
	}
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if !readBoth(t, src, Limits{}) {
				t.Errorf("the block reader declined %s", p)
			}
		})
	}
}

func TestBlockReaderDepthLimit(t *testing.T) {
	in := "a:\n b:\n  c:\n   d: 1\n"
	if readBoth(t, []byte(in), Limits{MaxDepth: 3}) {
		t.Error("the block reader accepted nesting deeper than the limit")
	}
	if !readBoth(t, []byte(in), Limits{MaxDepth: 4}) {
		t.Error("the block reader declined nesting within the limit")
	}
	deep := strings.Repeat("[", 2000) + strings.Repeat("]", 2000)
	if readBoth(t, []byte("a: "+deep+"\n"), Limits{MaxDepth: 1 << 20}) {
		t.Error("the block reader accepted nesting deeper than its own bound")
	}
}
