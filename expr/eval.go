package expr

import (
	"errors"
	"fmt"
	"strings"

	"github.com/arazzo-dev/arazzo/internal/jsonpointer"
	"github.com/arazzo-dev/arazzo/internal/jsonvalue"
)

// Eval returns the value of the expression in c. The value keeps its JSON
// type: $statusCode is an int, $url, $method and headers are strings, and
// bodies, inputs and outputs are whatever plain JSON value the Context
// holds. When the expression has a JSON pointer, the pointer is applied to
// that value (RFC 6901); a pointer into anything but an object or array,
// including a body kept as a string, does not resolve.
//
// When the value does not exist the error is an [*UnresolvedError] (and
// errors.Is(err, [ErrUnresolved]) holds); Eval returns no other errors.
// The result is the Context's own value, not a copy: callers must not
// modify it.
func (e *Expression) Eval(c Context) (any, error) {
	if c == nil {
		return nil, e.unresolved("there is no evaluation context")
	}
	var (
		v  any
		ok bool
	)
	switch e.kind {
	case KindURL:
		s, ok := c.URL()
		if !ok {
			return nil, e.unresolved("no request URL is available")
		}
		return s, nil
	case KindMethod:
		s, ok := c.Method()
		if !ok {
			return nil, e.unresolved("no request method is available")
		}
		return s, nil
	case KindStatusCode:
		n, ok := c.StatusCode()
		if !ok {
			return nil, e.unresolved("no response status code is available")
		}
		return n, nil
	case KindRequest:
		switch e.source {
		case SourceHeader:
			s, ok := c.RequestHeader(e.name)
			if !ok {
				return nil, e.unresolved(fmt.Sprintf("request header %q was not sent", e.name))
			}
			return s, nil
		case SourceQuery:
			if v, ok = c.RequestQuery(e.name); !ok {
				return nil, e.unresolved(fmt.Sprintf("request query parameter %q was not sent", e.name))
			}
			return v, nil
		case SourcePath:
			if v, ok = c.RequestPath(e.name); !ok {
				return nil, e.unresolved(fmt.Sprintf("request path parameter %q was not sent", e.name))
			}
			return v, nil
		case SourceBody:
			if v, ok = c.RequestBody(); !ok {
				return nil, e.unresolved("no request body was sent")
			}
			return e.follow(v)
		}
	case KindResponse:
		switch e.source {
		case SourceHeader:
			s, ok := c.ResponseHeader(e.name)
			if !ok {
				return nil, e.unresolved(fmt.Sprintf("response header %q was not received", e.name))
			}
			return s, nil
		case SourceQuery:
			return nil, e.unresolved("a response has no query parameters")
		case SourcePath:
			return nil, e.unresolved("a response has no path parameters")
		case SourceBody:
			if v, ok = c.ResponseBody(); !ok {
				return nil, e.unresolved("no response body was received")
			}
			return e.follow(v)
		}
	case KindInputs:
		if v, ok = c.Input(e.name); !ok {
			return nil, e.unresolved(fmt.Sprintf("input %q was not given", e.name))
		}
		return e.follow(v)
	case KindOutputs:
		if v, ok = c.Output(e.name); !ok {
			return nil, e.unresolved(fmt.Sprintf("output %q is not set", e.name))
		}
		return e.follow(v)
	case KindSteps:
		if v, ok = c.StepOutput(e.id, e.name); !ok {
			return nil, e.unresolved(fmt.Sprintf("step %q has no output %q", e.id, e.name))
		}
		return e.follow(v)
	case KindWorkflows:
		what := "input"
		if e.field == "outputs" {
			what = "output"
			v, ok = c.WorkflowOutput(e.id, e.name)
		} else {
			v, ok = c.WorkflowInput(e.id, e.name)
		}
		if !ok {
			return nil, e.unresolved(fmt.Sprintf("workflow %q has no %s %q", e.id, what, e.name))
		}
		return e.follow(v)
	case KindSourceDescriptions:
		if v, ok = c.SourceDescription(e.id, e.field); !ok {
			return nil, e.unresolved(fmt.Sprintf("source description %q has no operation, workflow or field %q", e.id, e.field))
		}
		return v, nil
	case KindComponents:
		if v, ok = c.Component(e.field, e.name); !ok {
			return nil, e.unresolved(fmt.Sprintf("there is no %s component %q", e.field, e.name))
		}
		return v, nil
	}
	return nil, e.unresolved("the expression was not parsed")
}

// follow applies the expression's JSON pointer, if any, to v.
func (e *Expression) follow(v any) (any, error) {
	if !e.hasPtr {
		return v, nil
	}
	r, err := e.ptr.Get(v)
	if err != nil {
		return nil, e.unresolved(pointerReason(e.subject(), err))
	}
	return r, nil
}

// subject names the value a JSON pointer is applied to, for messages.
func (e *Expression) subject() string {
	switch e.kind {
	case KindRequest:
		return "request body"
	case KindResponse:
		return "response body"
	case KindInputs:
		return fmt.Sprintf("input %q", e.name)
	case KindOutputs:
		return fmt.Sprintf("output %q", e.name)
	case KindSteps:
		return fmt.Sprintf("output %q of step %q", e.name, e.id)
	case KindWorkflows:
		return fmt.Sprintf("%s %q of workflow %q", strings.TrimSuffix(e.field, "s"), e.name, e.id)
	}
	return e.kind.String()
}

func (e *Expression) unresolved(reason string) *UnresolvedError {
	return &UnresolvedError{Expression: e.text, Reason: reason}
}

// pointerReason describes a JSON pointer failure in terms of subject, such
// as `response body has no member "x" at /items/0`.
func pointerReason(subject string, err error) string {
	var pe *jsonpointer.Error
	if !errors.As(err, &pe) {
		return subject + ": " + err.Error()
	}
	at := ""
	if pe.Parent() != "" {
		at = " at " + pe.Parent()
	}
	switch pe.Kind {
	case jsonpointer.MissingMember:
		return fmt.Sprintf("%s has no member %q%s", subject, pe.Token, at)
	case jsonpointer.IndexOutOfRange:
		return fmt.Sprintf("%s has no element %s%s (array length %d)", subject, pe.Token, at, pe.Len)
	case jsonpointer.InvalidIndex:
		return fmt.Sprintf("%s has an array%s, and %q is not an array index", subject, at, pe.Token)
	case jsonpointer.PastEnd:
		return fmt.Sprintf(`%s has no element "-"%s ("-" refers past the end of the array)`, subject, at)
	case jsonpointer.NotContainer:
		if at == "" {
			return fmt.Sprintf("%s is %s, so it has no member %q", subject, article(pe.Found), pe.Token)
		}
		return fmt.Sprintf("%s has %s%s, so it has no member %q", subject, article(pe.Found), at, pe.Token)
	}
	return subject + ": " + pe.Reason()
}

// article returns the kind's JSON name with an indefinite article, or
// "null".
func article(k jsonvalue.Kind) string {
	switch k {
	case jsonvalue.Null:
		return "null"
	case jsonvalue.Object, jsonvalue.Array, jsonvalue.Invalid:
		return "an " + k.String()
	}
	return "a " + k.String()
}
