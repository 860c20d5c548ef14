package jsonpath

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseErrors(t *testing.T) {
	deepParens := "$[?" + strings.Repeat("(", maxNesting) + "@" + strings.Repeat(")", maxNesting) + "]"
	deepFilters := "$" + strings.Repeat("[?@", maxNesting+1) + strings.Repeat("]", maxNesting+1)
	tests := []struct {
		name  string
		query string
		want  string
	}{
		{"empty", "", "jsonpath: offset 0: empty query: a JSONPath query starts with '$'"},
		{"leading blank", " $", "jsonpath: offset 0: blank space is not allowed before '$'"},
		{"no root", "a", "jsonpath: offset 0: a JSONPath query starts with '$', not 'a'"},
		{"trailing blank", "$.a ", "jsonpath: offset 3: blank space is not allowed at the end of a query"},
		{"junk after root", "$x", "jsonpath: offset 1: unexpected 'x': expected '.', '..' or '['"},
		{"junk after blank", "$.a b", "jsonpath: offset 4: unexpected 'b': expected '.', '..' or '['"},
		{"bare dot", "$.", "jsonpath: offset 2: expected a member name or '*' after '.'"},
		{"bare descendant", "$..", "jsonpath: offset 3: expected a member name or '*' after '..'"},
		{"shorthand digit", "$.1", "jsonpath: offset 2: a member name after '.' cannot start with a digit: use [1] for an index or ['...'] for a name"},
		{"shorthand symbol", "$.&", "jsonpath: offset 2: expected a member name or '*' after '.', found '&': use ['...'] for other names"},
		{"blank after dot", "$. a", "jsonpath: offset 2: blank space is not allowed after '.'"},
		{"blank after descendant", "$..\ta", "jsonpath: offset 3: blank space is not allowed after '..'"},
		{"dot bracket", "$.['a']", "jsonpath: offset 2: '[' cannot follow '.': write [...] or .name"},
		{"invalid UTF-8 after root", "$\xff", "jsonpath: offset 1: unexpected byte 0xff: expected '.', '..' or '['"},
		{"invalid UTF-8 in shorthand", "$.a\xff", "jsonpath: offset 3: invalid UTF-8 in member name"},
		{"open bracket", "$[", "jsonpath: offset 2: expected a selector, found end of query"},
		{"unclosed bracket", "$['a'", "jsonpath: offset 5: missing ']' to close '[' at offset 1"},
		{"space instead of comma", "$[0 2]", "jsonpath: offset 4: expected ',' or ']', found '2'"},
		{"leading comma", "$[,0]", "jsonpath: offset 2: expected a selector (a quoted name, '*', an index, a slice or a '?' filter), found ','"},
		{"empty brackets", "$[]", "jsonpath: offset 2: expected a selector (a quoted name, '*', an index, a slice or a '?' filter), found ']'"},
		{"query without filter", "$[@.a]", "jsonpath: offset 2: a query in brackets must be a filter: write [?@...]"},
		{"unterminated string", "$['a", "jsonpath: offset 2: unterminated string literal"},
		{"escaped single quote in double quotes", `$["\'"]`, `jsonpath: offset 3: \' is not a valid escape inside "..." quotes`},
		{"escaped double quote in single quotes", `$['\"']`, `jsonpath: offset 3: \" is not a valid escape inside '...' quotes`},
		{"unknown escape", `$["\q"]`, `jsonpath: offset 3: invalid escape sequence: only \b \f \n \r \t \/ \\ \" and \uXXXX are allowed`},
		{"escape at end", `$['\`, `jsonpath: offset 3: unterminated escape sequence`},
		{"short unicode escape", `$["\u12"]`, `jsonpath: offset 3: \u must be followed by four hex digits`},
		{"non-hex unicode escape", `$["\u12G4"]`, `jsonpath: offset 3: \u must be followed by four hex digits`},
		{"lone high surrogate", `$["\uD800"]`, `jsonpath: offset 3: \uD800 is a high surrogate and must be followed by a \u escape of a low surrogate`},
		{"lone low surrogate", `$["\udc00"]`, `jsonpath: offset 3: \uDC00 is a low surrogate without a high surrogate before it`},
		{"high surrogate then letter", `$["\uD800\u0041"]`, `jsonpath: offset 9: \u0041 is not a low surrogate, but follows the high surrogate \uD800`},
		{"control character", "$['\x01']", "jsonpath: offset 3: control character U+0001 must be escaped in a string literal"},
		{"invalid UTF-8 in string", "$['a\xff']", "jsonpath: offset 4: invalid UTF-8 in string literal"},
		{"index leading zero", "$[01]", "jsonpath: offset 2: leading zeros are not allowed in an integer"},
		{"index minus zero", "$[-0]", "jsonpath: offset 2: -0 is not allowed as an index or slice parameter"},
		{"index minus blank", "$[- 1]", "jsonpath: offset 3: blank space is not allowed after '-'"},
		{"index minus letter", "$[-a]", "jsonpath: offset 3: expected a digit after '-', found 'a'"},
		{"index above range", "$[9007199254740992]", "jsonpath: offset 2: integer out of range: indexes and slice parameters must be between -(2^53-1) and 2^53-1"},
		{"index below range", "$[-9007199254740992]", "jsonpath: offset 2: integer out of range: indexes and slice parameters must be between -(2^53-1) and 2^53-1"},
		{"index overflowing int64", "$[99999999999999999999999]", "jsonpath: offset 2: integer out of range: indexes and slice parameters must be between -(2^53-1) and 2^53-1"},
		{"decimal index", "$[1.0]", "jsonpath: offset 3: expected ',' or ']', found '.'"},
		{"too many colons", "$[1:2:3:4]", "jsonpath: offset 7: expected ',' or ']', found ':'"},
		{"slice step minus zero", "$[::-0]", "jsonpath: offset 4: -0 is not allowed as an index or slice parameter"},
		{"slice end above range", "$[:9007199254740992]", "jsonpath: offset 3: integer out of range: indexes and slice parameters must be between -(2^53-1) and 2^53-1"},
		{"number plus", "$[?@.a==+1]", "jsonpath: offset 8: expected a literal, a query or a function call, found '+'"},
		{"number leading zero", "$[?@.a==01]", "jsonpath: offset 8: leading zeros are not allowed in a number"},
		{"number minus blank", "$[?@.a==- 1]", "jsonpath: offset 9: blank space is not allowed after '-'"},
		{"number no fraction digit", "$[?@.a==1.]", "jsonpath: offset 10: expected a digit after the decimal point, found ']'"},
		{"number no exponent digit", "$[?@.a==1e]", "jsonpath: offset 10: expected a digit in the exponent, found ']'"},
		{"number overflow", "$[?@.a==1e999]", "jsonpath: offset 8: number 1e999 is out of range"},
		{"literal test", "$[?true]", "jsonpath: offset 3: a literal cannot be used as a test: compare it with a query or a function result"},
		{"negated literal", "$[?!'a']", "jsonpath: offset 4: a literal cannot be used as a test: compare it with a query or a function result"},
		{"literal in and", "$[?@.a && 1]", "jsonpath: offset 10: a literal cannot be used as a test: compare it with a query or a function result"},
		{"capitalized true", "$[?@==True]", "jsonpath: offset 6: expected a literal, a query or a function call, found 'T'"},
		{"unknown name", "$[?@.a==truex]", `jsonpath: offset 8: unknown name "truex": expected true, false, null or a function call`},
		{"compare wildcard", "$[?@.*==1]", "jsonpath: offset 3: only a singular query (names and indexes only, no blank space inside brackets) can be compared"},
		{"compare descendant", "$[?$..a==1]", "jsonpath: offset 3: only a singular query (names and indexes only, no blank space inside brackets) can be compared"},
		{"compare blank in brackets", "$[?@[ 'a' ]==1]", "jsonpath: offset 3: only a singular query (names and indexes only, no blank space inside brackets) can be compared"},
		{"compare right side", "$[?1==@[0,1]]", "jsonpath: offset 6: only a singular query (names and indexes only, no blank space inside brackets) can be compared"},
		{"single equals", "$[?@.a=1]", "jsonpath: offset 6: '=' is not an operator: use '==' to compare"},
		{"negated comparison", "$[?!@.a==1]", "jsonpath: offset 3: '!' cannot negate a comparison: write !(a == b)"},
		{"double negation", "$[?!!@.a]", "jsonpath: offset 4: expected a literal, a query or a function call, found '!'"},
		{"compared parens", "$[?(@.a)==1]", "jsonpath: offset 3: a parenthesized expression is logical and cannot be compared"},
		{"unclosed filter", "$[?@.a", "jsonpath: offset 6: missing ']' to close '[' at offset 1"},
		{"unclosed paren", "$[?(@.a]", "jsonpath: offset 7: expected ')' to close '(' at offset 3, found ']'"},
		{"missing operand", "$[?@.a &&]", "jsonpath: offset 9: expected a literal, a query or a function call, found ']'"},
		{"empty filter", "$[?]", "jsonpath: offset 3: expected a literal, a query or a function call, found ']'"},
		{"filter at end", "$[?", "jsonpath: offset 3: expected a filter expression, found end of query"},
		{"unknown function", "$[?foo(@)]", "jsonpath: offset 3: unknown function foo(): the functions are length, count, match, search and value"},
		{"blank before call", "$[?count (@.*)==1]", "jsonpath: offset 8: blank space is not allowed between a function name and '('"},
		{"count literal", "$[?count(1)>2]", "jsonpath: offset 9: argument 1 of count() must be a query"},
		{"count as test", "$[?count(@..*)]", "jsonpath: offset 3: count() returns a value, which must be compared: for example count(...) == 1"},
		{"value as test", "$[?!value(@.a)]", "jsonpath: offset 4: value() returns a value, which must be compared: for example value(...) == 1"},
		{"count without arguments", "$[?count()==1]", "jsonpath: offset 3: count() takes 1 argument, got 0"},
		{"count two arguments", "$[?count(@.a,@.b)==1]", "jsonpath: offset 13: too many arguments: count() takes 1 argument"},
		{"search one argument", "$[?search(@.a)]", "jsonpath: offset 3: search() takes 2 arguments, got 1"},
		{"match three arguments", "$[?match(@.a,'a',@.c)]", "jsonpath: offset 17: too many arguments: match() takes 2 arguments"},
		{"length of wildcard", "$[?length(@.*)<3]", "jsonpath: offset 10: argument 1 of length() must be a value: use a singular query (names and indexes only, no blank space inside brackets)"},
		{"length of comparison", "$[?length(@.a==1)==1]", "jsonpath: offset 10: argument 1 of length() must be a value (a literal, a singular query or a function returning a value), not a logical expression"},
		{"count of negation", "$[?count(!@.a)==1]", "jsonpath: offset 9: argument 1 of count() must be a query, not a logical expression"},
		{"length of match", "$[?length(match(@,'a'))==1]", "jsonpath: offset 10: argument 1 of length() must be a value, but match() returns a logical result"},
		{"match compared", "$[?match(@.a, 'a.*')==true]", "jsonpath: offset 3: match() returns a logical result, which cannot be compared"},
		{"argument junk", "$[?length(@.a b)==1]", "jsonpath: offset 14: expected ',' or ')' in the arguments of length(), found 'b'"},
		{"parens too deep", deepParens, "jsonpath: offset 66: expression nests more than 64 levels deep"},
		{"filters too deep", deepFilters, "jsonpath: offset 194: expression nests more than 64 levels deep"},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		if seen[tt.name] {
			t.Fatalf("duplicate test name %q", tt.name)
		}
		seen[tt.name] = true
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse(tt.query)
			if err == nil {
				t.Fatalf("Parse(%q) = %v, want error %q", tt.query, p, tt.want)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("Parse(%q) error:\n got %s\nwant %s", tt.query, got, tt.want)
			}
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error is %T, want *SyntaxError", err)
			}
			if se.Offset < 0 || se.Offset > len(tt.query) {
				t.Errorf("offset %d is outside the query of %d bytes", se.Offset, len(tt.query))
			}
		})
	}
}

func TestParseNestingLimit(t *testing.T) {
	deepParens := "$[?" + strings.Repeat("(", maxNesting-1) + "@" + strings.Repeat(")", maxNesting-1) + "]"
	deepFilters := "$" + strings.Repeat("[?@", maxNesting) + strings.Repeat("]", maxNesting)
	for name, q := range map[string]string{"parentheses": deepParens, "filters": deepFilters} {
		t.Run(name, func(t *testing.T) {
			if _, err := Parse(q); err != nil {
				t.Errorf("Parse at the nesting limit: %v", err)
			}
		})
	}
}

func TestParseValid(t *testing.T) {
	tests := []struct {
		name     string
		query    string
		singular bool
	}{
		{"root", "$", true},
		{"shorthand names", "$.store.book", true},
		{"bracketed name and index", "$['store'][0]", true},
		{"blank space inside brackets", "$[ 'a' , 'b' ]", false},
		{"blank space between segments", "$ .a\t[0]\n['b']", true},
		{"single blank bracket is singular", "$[ 0 ]", true},
		{"negative index", "$[-1]", true},
		{"wildcard", "$.*", false},
		{"descendant name", "$..a", false},
		{"slice", "$[1:2:-1]", false},
		{"slice with blank space", "$[ 1 : 2 : 3 ]", false},
		{"two selectors", "$['a','b']", false},
		{"filter", "$[?@.a]", false},
		{"unicode shorthand", "$.☺.é", true},
		{"escapes", `$["\b\f\n\r\t\/\\\"\u00e9\uD83D\uDE00"]`, true},
		{"function calls", "$[?length(@.a) > 1 && count(@.*) == 2 || match(@.b, 'x') && search(@.b, 'y') && value(@..c) == 1]", false},
		{"comparison of functions", "$[?length(value(@..a)) == count($.b)]", false},
		{"blank space everywhere in filters", "$[ ? ( @.a == 1 ) && ! ( @.b ) || ! @.c ]", false},
		{"max index", "$[9007199254740991]", true},
		{"min index", "$[-9007199254740991]", true},
		{"number literals", "$[?@.a == -0 || @.a == 1.5e-3 || @.a == 2E+2 || @.a == 0.25]", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse(tt.query)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.query, err)
			}
			if got := p.String(); got != tt.query {
				t.Errorf("String() = %q, want %q", got, tt.query)
			}
			if got := p.IsSingular(); got != tt.singular {
				t.Errorf("IsSingular() = %v, want %v", got, tt.singular)
			}
		})
	}
}

func TestParseDecodesNames(t *testing.T) {
	p, err := Parse(`$["\b\f\n\r\t\/\\\"\u00e9\uD83D\uDE00", 'it''s']`)
	if err == nil {
		t.Fatalf("Parse accepted an unescaped quote: %v", p)
	}
	p, err = Parse(`$["\b\f\n\r\t\/\\\"\u00e9\uD83D\uDE00", 'it\'s']`)
	if err != nil {
		t.Fatal(err)
	}
	doc := map[string]any{"\b\f\n\r\t/\\\"é😀": 1, "it's": 2}
	if diff := cmp.Diff([]any{1, 2}, p.Select(doc)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
