package jsonpath

import (
	"errors"
	"sync"
	"testing"
)

func TestIRegexpMatch(t *testing.T) {
	tests := []struct {
		name    string
		pattern string
		match   []string // match() is true
		noMatch []string // match() is false
	}{
		{"literal", "abc", []string{"abc"}, []string{"ab", "abcd", "xabc"}},
		{"empty pattern", "", []string{""}, []string{"a"}},
		{"empty branch", "a|", []string{"a", ""}, []string{"b"}},
		{"dot excludes CR and LF only", "a.c", []string{"abc", "a\u2028c", "a\u0085c", "a😀c"}, []string{"a\nc", "a\rc", "ac"}},
		{"negated class includes newlines", "[^a]", []string{"\n", "\r", "b"}, []string{"a"}},
		{"group and alternation", "(ab|cd)+", []string{"ab", "abcd", "cdab"}, []string{"", "ac"}},
		{"quantifiers", "a*b+c?", []string{"b", "aabbc"}, []string{"", "c", "abcc"}},
		{"exact repetition", "a{3}", []string{"aaa"}, []string{"aa", "aaaa"}},
		{"open repetition", "a{2,}", []string{"aa", "aaaaa"}, []string{"a"}},
		{"bounded repetition", "a{1,2}", []string{"a", "aa"}, []string{"", "aaa"}},
		{"leading zeros in counts", "a{01,02}", []string{"a", "aa"}, []string{"aaa"}},
		{"range class", "[a-cx]+", []string{"abcx"}, []string{"d"}},
		{"dash first and last", "[-a][a-]", []string{"-a", "a-", "--"}, []string{"ab"}},
		{"negated dash", "[^-]", []string{"a"}, []string{"-"}},
		{"escapes outside classes", `\(\)\*\+\-\.\?\[\\\]\^\{\|\}`, []string{`()*+-.?[\]^{|}`}, nil},
		{"control escapes", `\n\r\t`, []string{"\n\r\t"}, []string{`\n\r\t`}},
		{"escapes inside classes", `[\n\]\-\[\\^]+`, []string{"\n]-[\\^"}, []string{"a"}},
		{"dot in class is literal", "[.]", []string{"."}, []string{"a"}},
		{"caret not first in class", "[a^]+", []string{"^a"}, []string{"b"}},
		{"caret anchors", "^ab", []string{"ab"}, []string{"^ab"}},
		{"dollar anchors", "ab$", []string{"ab"}, []string{"ab$"}},
		{"quantified anchor", "^*a", []string{"a"}, []string{"^a"}},
		{"regexp metacharacters stay literal", "a#b&c", []string{"a#b&c"}, nil},
		{"letter category", `\p{L}+`, []string{"aéЖ"}, []string{"1"}},
		{"uppercase category", `\p{Lu}`, []string{"Ж"}, []string{"ж"}},
		{"negated category", `\P{Lu}`, []string{"ж", "1"}, []string{"Ж"}},
		{"category in class", `[\p{Nd}x]+`, []string{"1x٣"}, []string{"y"}},
		{"negated category in negated class", `[^\P{Ll}]`, []string{"a"}, []string{"A"}},
		{"unassigned category", `\p{Cn}`, []string{"\U000E0080"}, []string{"a", "\u0000"}},
		{"other category includes unassigned", `\p{C}`, []string{"\U000E0080", "\u0000", "\u00ad"}, []string{"a"}},
		{"not other", `\P{C}`, []string{"a", " "}, []string{"\U000E0080", "\u0000"}},
		{"assigned", `\P{Cn}`, []string{"a", "\u0000"}, []string{"\U000E0080"}},
		{"supplementary characters", "😀+", []string{"😀😀"}, []string{"😀a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			re, err := compileIRegexp(tt.pattern, true)
			if err != nil {
				t.Fatalf("compileIRegexp(%q): %v", tt.pattern, err)
			}
			for _, s := range tt.match {
				if !re.MatchString(s) {
					t.Errorf("%q does not match %q", tt.pattern, s)
				}
			}
			for _, s := range tt.noMatch {
				if re.MatchString(s) {
					t.Errorf("%q matches %q", tt.pattern, s)
				}
			}
		})
	}
}

func TestIRegexpSearch(t *testing.T) {
	re, err := compileIRegexp("b.", false)
	if err != nil {
		t.Fatal(err)
	}
	for s, want := range map[string]bool{"abc": true, "ab": false, "b\n": false, "xxbx": true} {
		if got := re.MatchString(s); got != want {
			t.Errorf("search(%q, 'b.') = %v, want %v", s, got, want)
		}
	}
}

func TestIRegexpInvalid(t *testing.T) {
	tests := []struct {
		name    string
		pattern string
		want    string
	}{
		{"multi-character escape", `\d`, "not a valid I-Regexp: invalid escape at offset 1"},
		{"word escape", `\w`, "not a valid I-Regexp: invalid escape at offset 1"},
		{"backreference", `(a)\1`, "not a valid I-Regexp: invalid escape at offset 4"},
		{"trailing backslash", `a\`, `not a valid I-Regexp: '\' at end of pattern at offset 2`},
		{"unclosed group", "(a", "not a valid I-Regexp: missing ')' at offset 2"},
		{"unmatched paren", "a)", "not a valid I-Regexp: unmatched ')' at offset 1"},
		{"non-capturing group syntax", "(?:a)", `not a valid I-Regexp: unexpected '?' at offset 1`},
		{"double quantifier", "a**", `not a valid I-Regexp: unexpected '*' at offset 2`},
		{"lazy quantifier", "a+?", `not a valid I-Regexp: unexpected '?' at offset 2`},
		{"leading quantifier", "*a", `not a valid I-Regexp: unexpected '*' at offset 0`},
		{"bare brace", "a{", "not a valid I-Regexp: expected a number in '{...}' at offset 2"},
		{"bare closing brace", "a}", `not a valid I-Regexp: unexpected '}' at offset 1`},
		{"bare closing bracket", "a]", `not a valid I-Regexp: unexpected ']' at offset 1`},
		{"reversed repetition", "a{2,1}", "not a valid I-Regexp: repetition range is reversed at offset 6"},
		{"unclosed repetition", "a{2,3", "not a valid I-Regexp: expected '}' at offset 5"},
		{"repetition beyond RE2", "a{1001}", "not a valid I-Regexp: repetition counts above 1000 are not supported at offset 7"},
		{"huge repetition", "a{99999999999999999999}", "not a valid I-Regexp: repetition counts above 1000 are not supported at offset 23"},
		{"empty class", "[]", "not a valid I-Regexp: empty character class at offset 1"},
		{"empty negated class", "[^]", "not a valid I-Regexp: empty character class at offset 2"},
		{"unclosed class", "[a", "not a valid I-Regexp: missing ']' at offset 2"},
		{"dash in middle", "[a-b-c]", "not a valid I-Regexp: '-' inside a class must be escaped unless it is first or last at offset 4"},
		{"bracket in class", "[[]", `not a valid I-Regexp: '[' inside a class must be escaped at offset 1`},
		{"class subtraction", "[a-z-[aeiou]]", "not a valid I-Regexp: '-' inside a class must be escaped unless it is first or last at offset 4"},
		{"reversed range", "[z-a]", "not a valid I-Regexp: character range is reversed at offset 4"},
		{"range to category", `[a-\p{L}]`, "not a valid I-Regexp: a range cannot end with a category escape at offset 3"},
		{"POSIX class", "[[:alpha:]]", `not a valid I-Regexp: '[' inside a class must be escaped at offset 1`},
		{"unknown category", `\p{Xx}`, `not a valid I-Regexp: unknown category "Xx" at offset 2`},
		{"block escape", `\p{IsBasicLatin}`, `not a valid I-Regexp: unknown category "IsBasicLatin" at offset 2`},
		{"surrogate category", `\p{Cs}`, `not a valid I-Regexp: unknown category "Cs" at offset 2`},
		{"category without brace", `\pL`, `not a valid I-Regexp: expected '{' after \p at offset 2`},
		{"unclosed category", `\p{L`, `not a valid I-Regexp: missing '}' at offset 2`},
		{"invalid UTF-8", "a\xff", "not a valid I-Regexp: invalid UTF-8 at offset 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := translateIRegexp(tt.pattern)
			if err == nil {
				t.Fatalf("translateIRegexp(%q) succeeded, want an error", tt.pattern)
			}
			if !errors.Is(err, errBadIRegexp) {
				t.Errorf("error %v does not wrap errBadIRegexp", err)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("translateIRegexp(%q) error:\n got %s\nwant %s", tt.pattern, got, tt.want)
			}
			if re := cachedIRegexp(tt.pattern, true); re != nil {
				t.Errorf("cachedIRegexp(%q) = %v, want nil", tt.pattern, re)
			}
		})
	}
}

func TestIRegexpNestingLimit(t *testing.T) {
	ok := ""
	for range maxRegexpNesting {
		ok = "(" + ok + ")"
	}
	if _, err := translateIRegexp(ok); err != nil {
		t.Errorf("groups nested %d deep: %v", maxRegexpNesting, err)
	}
	if _, err := translateIRegexp("(" + ok + ")"); err == nil {
		t.Errorf("groups nested %d deep were accepted", maxRegexpNesting+1)
	}
}

func TestIRegexpCache(t *testing.T) {
	a := cachedIRegexp("cache-[0-9]", true)
	b := cachedIRegexp("cache-[0-9]", true)
	if a == nil || a != b {
		t.Errorf("the cache returned %p and %p for the same pattern", a, b)
	}
	if c := cachedIRegexp("cache-[0-9]", false); c == a {
		t.Error("match and search share a compiled pattern")
	}
	for i := range regexpCacheSize + 1 {
		if cachedIRegexp(string(rune('a'+i%26))+"{"+string(rune('0'+i%10))+"}", i%2 == 0) == nil {
			t.Fatalf("pattern %d did not compile", i)
		}
	}
	n := 0
	for _, c := range []*sync.Map{&matchCache, &searchCache} {
		c.Range(func(any, any) bool { n++; return true })
	}
	if n > regexpCacheSize {
		t.Errorf("the cache holds %d patterns, more than %d", n, regexpCacheSize)
	}
}
