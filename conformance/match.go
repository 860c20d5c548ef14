package conformance

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strings"

	"github.com/arazzo-dev/arazzo/internal/jsonvalue"
)

// requestView is the comparable form of a request: what a [requestSpec]
// says, and what a recorded request shows of the same things. Two views
// are compared with go-cmp, so that a mismatch prints as a diff.
type requestView struct {
	Method string
	Path   string
	// Query is the decoded query (url.Values), or the raw query string
	// when the case gives rawQuery, or nil when there is none.
	Query any
	// Headers holds the headers the spec lists, by canonical name: their
	// value, several values joined with ", ", or nil when not sent.
	Headers map[string]any
	// Body is the body in the form the spec gives: a JSON value, a text,
	// or the fields of a form (url.Values); nil when there is none.
	Body any
	// Status is the answer's status code, when the spec checks it.
	Status int
}

// view returns the view a request must have to match r.
func (r *requestSpec) view() requestView {
	v := requestView{Method: r.method, Path: r.path}
	switch {
	case r.rawQuery != nil:
		v.Query = *r.rawQuery
	case len(r.query) > 0:
		v.Query = r.query
	}
	if len(r.headers) > 0 {
		v.Headers = map[string]any{}
		for _, h := range r.headers {
			if h.value != nil {
				v.Headers[h.name] = *h.value
			} else {
				v.Headers[h.name] = nil
			}
		}
	}
	if b := r.body; b != nil {
		switch {
		case b.isJSON:
			v.Body = canonical(b.json)
		case b.isText:
			v.Body = b.text
		case b.isForm:
			v.Body = b.form
		}
	}
	v.Status = r.status
	return v
}

// viewRequest returns the view of a recorded request, shaped like spec's
// view so that the two compare field by field. With a nil spec it shows
// the request line, the decoded query and the body as text.
func viewRequest(e *exchange, spec *requestSpec) requestView {
	v := requestView{Method: e.method, Path: e.path}
	if spec != nil && spec.rawQuery != nil {
		v.Query = e.rawQuery
	} else if e.rawQuery != "" {
		if q, err := url.ParseQuery(e.rawQuery); err == nil {
			v.Query = q
		} else {
			v.Query = e.rawQuery
		}
	}
	if spec != nil && len(spec.headers) > 0 {
		v.Headers = map[string]any{}
		for _, h := range spec.headers {
			if vals := e.header.Values(h.name); len(vals) > 0 {
				v.Headers[h.name] = strings.Join(vals, ", ")
			} else {
				v.Headers[h.name] = nil
			}
		}
	}
	if len(e.body) > 0 {
		v.Body = string(e.body)
		if spec != nil && spec.body != nil {
			switch {
			case spec.body.isJSON:
				if val, err := jsonvalue.Decode(e.body); err == nil {
					v.Body = canonical(val)
				}
			case spec.body.isForm:
				if f, err := url.ParseQuery(string(e.body)); err == nil {
					v.Body = f
				}
			}
		}
	}
	if spec != nil && spec.status != 0 {
		v.Status = e.status
	}
	return v
}

// canonical returns v with every number as a float64 and every object and
// array copied, so that values decoded from YAML (int64), from HTTP bodies
// (json.Number) and built by an engine compare equal when JSON would say
// they are equal.
func canonical(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = canonical(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = canonical(e)
		}
		return out
	case nil, bool, string:
		return x
	}
	if f, ok := jsonvalue.ToFloat(v); ok {
		return f
	}
	// Anything else an implementation returned: take its JSON form.
	data, err := json.Marshal(v)
	if err != nil {
		return v
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var out any
	if dec.Decode(&out) != nil {
		return v
	}
	return canonical(out)
}
