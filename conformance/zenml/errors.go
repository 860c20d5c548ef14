package zenml

import (
	"fmt"
	"net/http"
)

// reply is what a route handler produces: a status, an optional body that
// is sent as JSON, and extra response headers.
type reply struct {
	status int
	body   any // nil for no body
	header map[string]string
}

// success is a reply with a body.
func success(status int, body any) reply { return reply{status: status, body: body} }

// The three error body shapes a ZenML server sends.

// zenmlErrorBody is the body of an error raised by ZenML itself: the
// exception class name and its message.
type zenmlErrorBody struct {
	Detail [2]string `json:"detail"`
}

// plainErrorBody is the body of an error produced by the web framework
// before any ZenML code runs (no such route, method not allowed).
type plainErrorBody struct {
	Detail string `json:"detail"`
}

// validationErrorBody is the body of a request validation failure, one
// entry per problem, in the shape FastAPI and pydantic produce.
type validationErrorBody struct {
	Detail []fieldError `json:"detail"`
}

// fieldError is one request validation problem. Loc is the path to the bad
// value: its source ("body", "query", "path") followed by member names and
// array indexes.
type fieldError struct {
	Type  string         `json:"type"`
	Loc   []any          `json:"loc"`
	Msg   string         `json:"msg"`
	Input any            `json:"input"`
	Ctx   map[string]any `json:"ctx,omitempty"`
}

// zenmlError returns an error reply in ZenML's shape: exception is the name
// of the Python exception class the real server would raise.
func zenmlError(status int, exception, format string, args ...any) reply {
	return reply{status: status, body: zenmlErrorBody{Detail: [2]string{exception, fmt.Sprintf(format, args...)}}}
}

// notFound is the 404 reply for an id that names no resource of a kind.
func notFound(noun, id string) reply {
	return zenmlError(http.StatusNotFound, "KeyError", "Unable to get %s with ID %s: No %s with this ID found.", noun, id, noun)
}

// conflict is the 409 reply for a resource that would duplicate another.
func conflict(exception, format string, args ...any) reply {
	return zenmlError(http.StatusConflict, exception, format, args...)
}

func unauthorized(format string, args ...any) reply {
	r := zenmlError(http.StatusUnauthorized, "CredentialsNotValid", format, args...)
	r.header = map[string]string{"WWW-Authenticate": "Bearer"}
	return r
}

func routeNotFound() reply {
	return reply{status: http.StatusNotFound, body: plainErrorBody{Detail: "Not Found"}}
}

func methodNotAllowed(allow string) reply {
	return reply{
		status: http.StatusMethodNotAllowed,
		body:   plainErrorBody{Detail: "Method Not Allowed"},
		header: map[string]string{"Allow": allow},
	}
}
