package oas

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/arazzo-dev/arazzo/internal/jsonpointer"
)

// PointerError reports a JSON Pointer that does not lead to an Operation
// Object, saying what it leads to instead.
type PointerError struct {
	// Pointer is the pointer as given.
	Pointer string
	// Reason says what the pointer names, or why it names nothing.
	Reason string
}

// Error implements the error interface.
func (e *PointerError) Error() string {
	return fmt.Sprintf("%q does not name an Operation Object: %s", e.Pointer, e.Reason)
}

// methods are the Path Item fields that hold operations.
var methods = map[string]bool{
	"get": true, "put": true, "post": true, "delete": true,
	"options": true, "head": true, "patch": true, "trace": true,
}

// OperationAt returns the operation at a JSON Pointer into the document,
// such as "/paths/~1pets~1{petId}/get" (the fragment of an Arazzo
// operationPath). A pointer written as a URI fragment, with a leading "#"
// or percent-encoded characters such as "%7BpetId%7D", is accepted too. A
// pointer to anything but an Operation Object under /paths, including a
// Path Item Object, yields a [*PointerError] that names what the pointer
// leads to.
func (d *Document) OperationAt(pointer string) (*Operation, error) {
	if op, ok := d.byPointer[pointer]; ok {
		return op, nil
	}
	p := strings.TrimPrefix(pointer, "#")
	if op, ok := d.byPointer[p]; ok {
		return op, nil
	}
	if strings.Contains(p, "%") {
		if dec, err := url.PathUnescape(p); err == nil {
			if op, ok := d.byPointer[dec]; ok {
				return op, nil
			}
			p = dec
		}
	}
	ptr, err := jsonpointer.Parse(p)
	if err != nil {
		return nil, &PointerError{Pointer: pointer, Reason: "it is not a valid JSON pointer: " + pointerProblem(err)}
	}
	return nil, &PointerError{Pointer: pointer, Reason: d.describe(ptr.Tokens())}
}

// describe says what a pointer that names no operation leads to.
func (d *Document) describe(tokens []string) string {
	switch {
	case len(tokens) == 0:
		return "it names the whole document"
	case tokens[0] != "paths":
		if _, err := jsonpointer.FromTokens(tokens...).Get(d.raw); err == nil {
			return "it names a value outside /paths; operations are at /paths/{path}/{method}"
		}
		return "nothing exists there; operations are at /paths/{path}/{method}"
	case len(tokens) == 1:
		return "it names the Paths Object; add a path and a method, as in \"/paths/~1pets/get\""
	}
	path := tokens[1]
	pathPtr := jsonpointer.FromTokens("paths", path).String()
	if _, err := jsonpointer.FromTokens(tokens[:2]...).Get(d.raw); err != nil {
		return fmt.Sprintf("the document has no path %q", path)
	}
	if len(tokens) == 2 {
		return fmt.Sprintf("it names the Path Item Object of %q; add the method, as in %q", path, pathPtr+"/get")
	}
	field := tokens[2]
	lower := strings.ToLower(field)
	if !methods[lower] {
		return fmt.Sprintf("it names the %q field of the Path Item Object of %q", field, path)
	}
	op, ok := d.byPointer[pathPtr+"/"+lower]
	switch {
	case !ok:
		return fmt.Sprintf("path %q has no %s operation", path, lower)
	case field != lower:
		return fmt.Sprintf("methods are lower-case in OpenAPI; use %q", op.Pointer)
	}
	return fmt.Sprintf("it names a value inside the operation %s; use %q", op, op.Pointer)
}

// pointerProblem describes why a JSON Pointer does not parse, without
// repeating the pointer itself (the callers' messages already quote it).
func pointerProblem(err error) string {
	var se *jsonpointer.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("offset %d: %s", se.Offset, se.Msg)
	}
	return err.Error()
}
