// Package expr parses and evaluates Arazzo runtime expressions: whole
// expressions such as "$response.body#/items/0/id", strings with embedded
// expressions such as "Bearer {$inputs.token}", and plain JSON values whose
// strings hold either (parameter values, request payloads, payload
// replacement values). Criteria (simple, regex, JSONPath and XPath
// conditions) are built on the same parser.
//
// Everything is compiled once and evaluated many times. The simplest way
// in is [CompileValue], which accepts any value a document gives for a
// parameter or payload and sorts out which strings are expressions; [Parse]
// and [ParseTemplate] handle a single expression or a single templated
// string. Values come from a [Context], which the workflow engine
// implements for each step; [MapContext] implements it with maps.
//
// A compiled [Expression], [Template] or [Value] is immutable and safe for
// concurrent use by any number of goroutines.
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
package expr
