package expr

import (
	"errors"
	"fmt"
)

// SyntaxError reports text that is not a valid runtime expression or
// template.
type SyntaxError struct {
	// Input is the whole text that was parsed: the expression, the
	// template, or the larger text given to [ParsePrefix].
	Input string
	// Offset is the byte offset of the problem in Input, between 0 and
	// len(Input) inclusive (len(Input) when the text ends too early).
	Offset int
	// Msg describes the problem.
	Msg string
}

// Error returns a message of the form
//
//	runtime expression "$inputs.": offset 8: expected an input name, found end of text
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("runtime expression %q: offset %d: %s", e.Input, e.Offset, e.Msg)
}

// ErrUnresolved is matched (with errors.Is) by every [*UnresolvedError].
var ErrUnresolved = errors.New("unresolved runtime expression")

// UnresolvedError reports a runtime expression whose value does not exist
// in the [Context]: an input that was not given, a header that was not
// sent, a JSON pointer that leads nowhere. Evaluation never substitutes a
// Go zero value for a missing one.
type UnresolvedError struct {
	// Expression is the text of the expression that did not resolve.
	Expression string
	// Reason says what is missing, such as `input "scope" was not given`
	// or `response body has no member "x" at /items/0`.
	Reason string
}

// Error returns a message naming the expression and the reason.
func (e *UnresolvedError) Error() string {
	return fmt.Sprintf("unresolved runtime expression %q: %s", e.Expression, e.Reason)
}

// Is makes errors.Is(err, [ErrUnresolved]) true.
func (e *UnresolvedError) Is(target error) bool { return target == ErrUnresolved }

// ValueError reports a string inside a value given to [CompileValue] that
// could not be compiled, or a Go value that is not a plain JSON value.
type ValueError struct {
	// Pointer is the JSON pointer of the failing member within the value
	// ("" for the value itself).
	Pointer string
	// Err is the cause: a [*SyntaxError] whose Offset is a byte offset in
	// the string at Pointer, or an error naming an unsupported Go type.
	Err error
}

// Error returns the cause prefixed with the location of the failing
// member.
func (e *ValueError) Error() string {
	if e.Pointer == "" {
		return "value: " + e.Err.Error()
	}
	return fmt.Sprintf("value at %s: %s", e.Pointer, e.Err)
}

// Unwrap returns the cause.
func (e *ValueError) Unwrap() error { return e.Err }
