package yamlx

import "fmt"

// Error codes. Each names one kind of problem; packages that report decoding
// problems as diagnostics use the code as the rule id.
const (
	CodeTooLarge          = "document-too-large"  // the input is longer than Limits.MaxBytes
	CodeEncoding          = "invalid-encoding"    // the input is not UTF-8
	CodeYAMLSyntax        = "yaml-syntax"         // the YAML parser rejected the input
	CodeJSONSyntax        = "json-syntax"         // the JSON reader rejected the input
	CodeEmpty             = "empty-document"      // no document at all
	CodeMultipleDocuments = "multiple-documents"  // a YAML stream with more than one document
	CodeDepth             = "depth-limit"         // nesting deeper than Limits.MaxDepth
	CodeAliases           = "alias-limit"         // aliases repeat more than Limits.MaxAliasNodes nodes
	CodeAliasCycle        = "alias-cycle"         // an alias inside the node it refers to
	CodeTag               = "unsupported-tag"     // a tag outside the JSON-compatible set
	CodeTagValue          = "tag-value-mismatch"  // a tagged scalar that is not a value of its tag
	CodeKey               = "non-string-key"      // a mapping key that is not a string scalar
	CodeMergeKey          = "merge-key"           // a YAML 1.1 merge key "<<"
	CodeDuplicateKey      = "duplicate-key"       // the same key twice in one mapping
	CodeNumber            = "invalid-number"      // a number JSON cannot hold (infinity, NaN, out of range)
	CodeParserFailure     = "yaml-parser-failure" // the YAML parser failed internally
)

// Error is one problem found while decoding.
type Error struct {
	// Code is one of the Code constants.
	Code string
	// Msg describes the problem in a sentence fragment without position.
	Msg string
	// Range is where the problem is; Range.Start is always valid.
	Range Range
}

// Error renders e as "line:column: message".
func (e *Error) Error() string {
	return fmt.Sprintf("%d:%d: %s", e.Range.Start.Line, e.Range.Start.Column, e.Msg)
}

// maxErrors caps how many problems one decode reports, so that a hostile
// input cannot make the error list itself large.
const maxErrors = 100
