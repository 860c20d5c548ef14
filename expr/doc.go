// Package expr parses and evaluates Arazzo runtime expressions: whole
// expressions such as "$response.body#/items/0/id", strings with embedded
// expressions such as "Bearer {$inputs.token}", and plain JSON values whose
// strings hold either (parameter values, request payloads, payload
// replacement values). Criteria (simple, regex, JSONPath and XPath
// conditions) are built on the same parser: [CompileCriterion] compiles a
// Criterion Object into a [Condition] whose Eval says whether it passed
// and why.
//
// Everything is compiled once and evaluated many times. The simplest way
// in is [CompileValue], which accepts any value a document gives for a
// parameter or payload and sorts out which strings are expressions; [Parse]
// and [ParseTemplate] handle a single expression or a single templated
// string. Values come from a [Context], which the workflow engine
// implements for each step; [MapContext] implements it with maps.
//
// A compiled [Expression], [Template], [Value] or [Condition] is immutable
// and safe for concurrent use by any number of goroutines.
//
// # Grammar
//
// The parser accepts the Arazzo 1.0.1 runtime expression grammar read with
// the structure of the Arazzo 1.1 grammar, which accepts every expression
// a valid 1.0.1 document can hold while giving $steps, $workflows,
// $sourceDescriptions and $components their parts (AMB-36):
//
//	expression  = "$url" / "$method" / "$statusCode"
//	            / "$request." source / "$response." source
//	            / "$inputs." identifier [ "#" json-pointer ]
//	            / "$outputs." identifier [ "#" json-pointer ]
//	            / "$steps." identifier-strict ".outputs." identifier [ "#" json-pointer ]
//	            / "$workflows." identifier-strict "." ( "inputs" / "outputs" ) "." identifier [ "#" json-pointer ]
//	            / "$sourceDescriptions." identifier-strict "." 1*CHAR
//	            / "$components." component-type "." identifier
//	component-type = "parameters" / "successActions" / "failureActions" / "inputs"
//	source      = "header." token / "query." 1*CHAR / "path." 1*CHAR
//	            / "body" [ "#" json-pointer ]
//	identifier        = 1*( ALPHA / DIGIT / "." / "-" / "_" )
//	identifier-strict = 1*( ALPHA / DIGIT / "-" / "_" )
//	token       = 1*tchar          ; RFC 9110: ALPHA DIGIT ! # $ % & ' * + - . ^ _ ` | ~
//	CHAR        = a JSON string character (RFC 8259): any character from
//	              U+0020 up except '"' and '\', or a backslash escape
//	              (\" \\ \/ \b \f \n \r \t \uXXXX), which is decoded
//	json-pointer = *( "/" reference-token )   ; RFC 6901, "~0" is "~", "~1" is "/"
//
// Names are never empty. Names and identifiers are case-sensitive; header
// names are matched case-insensitively by the [Context]. A dot in an input
// or output name is part of the name ("$inputs.user.id" is the input named
// "user.id"). The reference of $sourceDescriptions runs to the end of the
// expression, so in "$sourceDescriptions.api.url#/paths" it is
// "url#/paths". The 1.0.0 form "$response.body.id" is an error whose
// message suggests "$response.body#/id". $self, $message and payload
// references are Arazzo 1.1 additions and are rejected.
//
// A whole expression ([Parse]) may hold any character in its names and
// pointer that the grammar allows, including braces and spaces. An
// expression embedded in a longer text ends where the grammar ends, and
// earlier at the characters its context reserves: "{" and "}" inside a
// "{$...}" placeholder (as in Arazzo 1.1), white space and braces for a
// bare expression, and whatever stop characters a caller of [ParsePrefix]
// names.
//
// # Templates
//
// Inside a string, only "{$" starts an embedded expression, and it runs to
// the "}" that closes it (AMB-43); any other brace is literal text, so JSON
// and XML payload strings keep theirs. Each embedded value becomes text
// (AMB-42): strings are inserted as they are, numbers in canonical JSON
// form ("200", "1.5"), booleans as "true" and "false", null as "null", and
// objects and arrays as compact JSON.
//
// Bare expressions (AMB-X1): documents in the wild write "Bearer
// $inputs.token" where the specification asks for "Bearer {$inputs.token}".
// In a string that is not itself exactly one expression, a "$" at the start
// of the string or right after white space, followed by the name of an
// expression root ("url", "method", "statusCode", "request.", "response.",
// "inputs.", "outputs.", "steps.", "workflows.", "sourceDescriptions." or
// "components."), starts a bare expression. It is parsed like any other,
// runs as far as the grammar allows and ends at white space or a brace at
// the latest; what follows is literal text. "$url", "$method" and
// "$statusCode" must not be followed by a letter, digit, "-" or "_". Every
// other "$" is literal, so "$100" and "US$ 5" stay as they are. A string
// whose bare expression is malformed ("Bearer $inputs.") is an error.
// [BareExpressions] turns the rule off; [Template.HasBare] and
// [Occurrence.Form] tell a validator where it applied.
//
// # Values
//
// [CompileValue] classifies each string of a value once (AMB-44). A string
// that is exactly one expression is evaluated and keeps the type of its
// value (EXPR-30): "$inputs.limit" yields the number 10, not "10". A
// string that is exactly one placeholder, "{$inputs.limit}", also keeps the
// type (AMB-X2): authors write the braces for the same intent, and a
// payload member typed by its schema should not turn into a string. A
// string with text around its placeholders is a template and yields a
// string. Every other string is literal.
//
// # Unresolved values
//
// An expression whose value does not exist (an input that was not given,
// a pointer that leads nowhere, a header that was not sent) never yields a
// Go zero value: evaluation returns an [*UnresolvedError] naming the
// expression and the reason, and errors.Is(err, [ErrUnresolved]) holds. A
// template with an unresolved placeholder is unresolved as a whole, so the
// engine can leave out the parameter it fills. Inside a [Value], an object
// member or array element that does not resolve is left out, so a payload
// member "scope: $inputs.scope" disappears when the scope input is not
// given; [Value.EvalReport] says which members were left out.
//
// A JSON pointer applies only to objects and arrays; a pointer into a
// string (including a response body kept as text because it is not JSON)
// does not resolve (AMB-39).
//
// # Criteria
//
// [CompileCriterion] takes the fields of a Criterion Object as a
// [Criterion] and returns a [Condition]; [Condition.Eval] returns an
// [Outcome] that says whether the condition passed and why ("$statusCode
// is 404, want == 200"). A condition that cannot be evaluated (its context
// does not resolve, its XML does not parse, a regex match times out)
// fails with Outcome.Err set, as Arazzo 1.1 prescribes for evaluation
// errors. Compile errors are [*CriterionError] values naming the field at
// fault, with a [*SyntaxError] and its offset for the condition and the
// context; valid criteria that use a version or construct this package
// does not implement match [ErrUnsupported].
//
// The context must be one runtime expression (dot access after a body,
// "$response.body.status", is an error that suggests the JSON pointer
// form). It is required for regex, jsonpath and xpath conditions (CRIT-04)
// and ignored by simple ones (AMB-34). A context that does not resolve or
// is null fails those conditions.
//
// # Simple conditions
//
// A simple condition (type "simple" or no type) is parsed by this grammar
// (AMB-26), where white space (space, tab, CR, LF) may appear between any
// two tokens:
//
//	condition  = or
//	or         = and *( "||" and )
//	and        = comparison *( "&&" comparison )
//	comparison = unary [ compare-op unary ]   ; both sides must be values
//	compare-op = "==" / "!=" / "<" / "<=" / ">" / ">="
//	unary      = "!" unary / primary
//	primary    = "(" or ")" / literal / operand
//	literal    = number / string / "true" / "false" / "null"
//	number     = a JSON number: [ "-" ] int [ frac ] [ exp ]   ; AMB-28
//	string     = "'" *( any character but "'" / "''" ) "'"   ; '' is a quote (CRIT-15)
//	operand    = runtime-expression *access
//	access     = "." member-name / "[" index "]" / "[" string "]"
//	member-name = 1*( ALPHA / DIGIT / "_" / "-" / "$" / "@" / non-ASCII )
//	index      = "0" / %x31-39 *DIGIT
//
// "!" binds tightest, then the comparisons, then "&&", then "||"; a
// comparison takes exactly two values, so "a < b < c" and "!$x == 1" are
// errors (write "!($x == 1)"). A runtime expression ends at white space,
// at "=", "!", "<", ">", "&", "|", "(", ")", "[" and "]", and where its
// grammar ends; "." and "[...]" after it read a member of an object or an
// element of an array (CRIT-26, CRIT-27), so "$response.body.items[0].id"
// and "$response.body#/items/0/id" are the same value. A dotted input or
// output name ("$inputs.customer.name", "$steps.s.outputs.user.id") names
// the input or output with the dots in its name when there is one, and
// otherwise the longest shorter name that exists, followed by member
// access: here the "name" member of the input "customer". Nothing else is
// accepted: no arithmetic, no function or method calls, no other names,
// no double-quoted strings, no array or object literals, no ternaries or
// pipes, no {$...} placeholders.
//
// Comparisons are loose (AMB-27, AMB-60):
//
//   - strings compare case-insensitively: "==" and "!=" by Unicode simple
//     folding (strings.EqualFold), the ordering operators by code point
//     after folding;
//   - a numeric string (a JSON number literal, such as "200") is read as a
//     number when the other side is a number, so '200' == 200;
//   - numbers compare numerically (1 == 1.0), integers exactly;
//   - null equals only null; true and false equal only themselves, so
//     "$response.body#/ok == 1" is false when ok is true;
//   - arrays and objects are equal when they have the same elements or
//     members, compared by these rules (member names exactly);
//   - the ordering operators apply to two numbers or two strings (with
//     numeric strings read as numbers against a number), and are false for
//     every other pair;
//   - any other pair of types is unequal; "!=" is always the negation of
//     "==".
//
// An operand that does not resolve (an input not given, a member not in
// the body, a status code outside an HTTP step) compares as null: so
// "$response.body#/token == null" passes and "... != null" fails when the
// member is absent or null, which is how the specification's examples
// test for presence. It is not an evaluation error, but the Reason of a
// failed outcome says that the value was missing and why.
//
// An operand on its own, in a condition or under "!", "&&" or "||",
// passes only when it is the boolean true (AMB-30): false, null, missing
// values, numbers and strings fail, and "!x" passes exactly when x does
// not.
//
// A simple condition is compiled once into an expr-lang program
// (github.com/expr-lang/expr) with builtins disabled, whose only variable
// is the table of operand values read from the [Context] and whose only
// functions are this package's comparison and truth functions; user text
// never reaches expr-lang, because the grammar above is parsed here
// first. Programs run on pooled virtual machines. A condition that is a
// single comparison or a single operand, such as "$statusCode == 200",
// skips the virtual machine and calls the same comparison function
// directly, which makes the common case allocation-free.
//
// # Regex conditions
//
// The pattern is searched for, unanchored, in the text of the context
// value (AMB-31): strings as they are, numbers in canonical form ("200"),
// booleans and null as words, arrays and objects as compact JSON. Patterns
// use RE2 syntax (Go's regexp package) and run in linear time. A pattern
// RE2 rejects, such as one with look-ahead or back-references, is
// compiled as an ECMAScript pattern by a backtracking engine instead, and
// each match is bounded by [RegexTimeout] (default
// [DefaultRegexTimeout]); a match that runs out of time fails the
// condition with an error. A pattern neither accepts is a compile error.
//
// # JSONPath conditions
//
// The condition is an RFC 9535 query (CRIT-09) whose root is the context
// value; it passes when it selects at least one node (AMB-32). Version
// "rfc9535" is the default. Version "draft-goessner-dispatch-jsonpath-00",
// the only one Arazzo 1.0.1 lets a document name, is refused with an
// [ErrUnsupported] error: the draft leaves filter expressions to the
// underlying script language and defines no precise semantics to
// implement. A JSON response body is a decoded value; a body kept as text
// is a string node, which "$" selects but no member query does. A
// condition such as "$.status == 'done'" (a comparison outside a filter)
// is not a query; its error carries, in CriterionError.Suggestion, the
// simple condition it was meant to be: "$response.body#/status ==
// 'done'".
//
// # XPath conditions
//
// The context value must be a string holding an XML document, which is
// parsed at each evaluation; the expression is evaluated against its
// root, and passes when its effective boolean value is true (AMB-33): a
// non-empty node-set, true, a non-zero number that is not NaN, or a
// non-empty string. Namespace prefixes in the expression match the
// prefixes written in the document. XPath 1.0 (version "xpath-10") is
// supported except for the functions id and lang. For "xpath-20",
// "xpath-30" and "xpath-31" (the default) the expression is checked
// against the XPath 1.0 grammar plus the XPath 2.0 functions lower-case,
// ends-with, matches, replace, reverse and string-join, and evaluated with
// XPath 1.0 rules, which agree with the later versions for such
// expressions except that XPath 1.0 converts where 2.0 raises type
// errors. Constructs of later versions ("for $x in", "if (", "some $x",
// "instance of", "eq", "||", "=>", comments) are named in an
// [ErrUnsupported] error, or in a syntax error when the requested version
// does not have them either.
//
// # Placeholders in conditions
//
// In regex, jsonpath and xpath conditions, "{$...}" placeholders are
// replaced by the text of their values before the condition is compiled
// (AMB-35), as in templates; such a condition is compiled at evaluation
// time, through a small bounded cache. A placeholder that does not
// resolve, or a substituted condition that does not compile, fails the
// condition with an error.
package expr
