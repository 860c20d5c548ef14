package conformance

import (
	"fmt"
	"net/url"
	"strings"
)

// Case files may hold a few values that are only known when the case
// runs, written ${name} inside any string of the inputs, the expected
// outputs and requests, and the scripted responses:
//
//	${server}      the base URL the OpenAPI sources are pointed at
//	${token}       an access token of the reference server's default user
//	${token:NAME}  an access token of the reference server's user NAME
//
// "$${" stands for a literal "${".

// expandString replaces the variables in s with lookup's values.
func expandString(s string, lookup func(name string) (string, error)) (string, error) {
	if !strings.Contains(s, "${") {
		return s, nil
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			return b.String(), nil
		}
		if i > 0 && s[i-1] == '$' {
			b.WriteString(s[:i]) // "$$" + "{": the first "$" escapes
			b.WriteString("{")
			s = s[i+2:]
			continue
		}
		b.WriteString(s[:i])
		end := strings.IndexByte(s[i:], '}')
		if end < 0 {
			return "", fmt.Errorf("%q: ${ without a closing }", s)
		}
		v, err := lookup(s[i+2 : i+end])
		if err != nil {
			return "", err
		}
		b.WriteString(v)
		s = s[i+end+1:]
	}
}

// expandValue returns a copy of the plain value v with the variables in
// its strings (values and object member names) replaced.
func expandValue(v any, lookup func(string) (string, error)) (any, error) {
	switch x := v.(type) {
	case string:
		return expandString(x, lookup)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			ev, err := expandValue(e, lookup)
			if err != nil {
				return nil, err
			}
			out[i] = ev
		}
		return out, nil
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			ek, err := expandString(k, lookup)
			if err != nil {
				return nil, err
			}
			ev, err := expandValue(e, lookup)
			if err != nil {
				return nil, err
			}
			out[ek] = ev
		}
		return out, nil
	}
	return v, nil
}

func expandValues(v url.Values, lookup func(string) (string, error)) (url.Values, error) {
	if v == nil {
		return nil, nil
	}
	out := make(url.Values, len(v))
	for k, list := range v {
		ek, err := expandString(k, lookup)
		if err != nil {
			return nil, err
		}
		for _, s := range list {
			es, err := expandString(s, lookup)
			if err != nil {
				return nil, err
			}
			out[ek] = append(out[ek], es)
		}
	}
	return out, nil
}

func expandHeaders(hs []headerSpec, lookup func(string) (string, error)) ([]headerSpec, error) {
	out := make([]headerSpec, len(hs))
	for i, h := range hs {
		out[i] = headerSpec{name: h.name}
		if h.value != nil {
			s, err := expandString(*h.value, lookup)
			if err != nil {
				return nil, err
			}
			out[i].value = &s
		}
		for _, m := range h.more {
			s, err := expandString(m, lookup)
			if err != nil {
				return nil, err
			}
			out[i].more = append(out[i].more, s)
		}
	}
	return out, nil
}

func expandBody(b *bodySpec, lookup func(string) (string, error)) (*bodySpec, error) {
	if b == nil {
		return nil, nil
	}
	out := *b
	var err error
	switch {
	case b.isJSON:
		out.json, err = expandValue(b.json, lookup)
	case b.isText:
		out.text, err = expandString(b.text, lookup)
	case b.isForm:
		out.form, err = expandValues(b.form, lookup)
	}
	if err != nil {
		return nil, err
	}
	return &out, nil
}

func expandRequest(r *requestSpec, lookup func(string) (string, error)) (*requestSpec, error) {
	if r == nil {
		return nil, nil
	}
	out := *r
	var err error
	if out.path, err = expandString(r.path, lookup); err != nil {
		return nil, err
	}
	if out.query, err = expandValues(r.query, lookup); err != nil {
		return nil, err
	}
	if r.rawQuery != nil {
		s, err := expandString(*r.rawQuery, lookup)
		if err != nil {
			return nil, err
		}
		out.rawQuery = &s
	}
	if out.headers, err = expandHeaders(r.headers, lookup); err != nil {
		return nil, err
	}
	if out.body, err = expandBody(r.body, lookup); err != nil {
		return nil, err
	}
	return &out, nil
}

func expandResponse(r *responseSpec, lookup func(string) (string, error)) (*responseSpec, error) {
	if r == nil {
		return nil, nil
	}
	out := *r
	var err error
	if out.headers, err = expandHeaders(r.headers, lookup); err != nil {
		return nil, err
	}
	if out.body, err = expandBody(r.body, lookup); err != nil {
		return nil, err
	}
	return &out, nil
}

// resolved is a case with its variables replaced, ready to run.
type resolved struct {
	inputs   map[string]any
	outputs  map[string]any
	exchange []*requestSpec
	script   []*scriptEntry
}

// resolve replaces the variables of c with lookup's values.
func (c *Case) resolve(lookup func(string) (string, error)) (*resolved, error) {
	r := &resolved{}
	in, err := expandValue(c.inputs, lookup)
	if err != nil {
		return nil, err
	}
	if m, ok := in.(map[string]any); ok {
		r.inputs = m
	}
	if c.want.hasOutputs {
		out, err := expandValue(c.want.outputs, lookup)
		if err != nil {
			return nil, err
		}
		r.outputs, _ = out.(map[string]any)
	}
	for _, q := range c.want.exchange {
		eq, err := expandRequest(q, lookup)
		if err != nil {
			return nil, err
		}
		r.exchange = append(r.exchange, eq)
	}
	for _, e := range c.srv.script {
		req, err := expandRequest(e.req, lookup)
		if err != nil {
			return nil, err
		}
		resp, err := expandResponse(e.resp, lookup)
		if err != nil {
			return nil, err
		}
		r.script = append(r.script, &scriptEntry{line: e.line, req: req, resp: resp})
	}
	return r, nil
}

// checkVariables reports a variable that is unknown, or that the case's
// server cannot provide, when the case is loaded rather than when it runs.
func (c *Case) checkVariables(file string) error {
	lookup := func(name string) (string, error) {
		switch {
		case name == "server":
			if c.srv.kind == "" {
				return "", fmt.Errorf("${server} is used but the case has no server")
			}
		case name == "token" || strings.HasPrefix(name, "token:") && len(name) > len("token:"):
			if c.srv.kind != ServerZenML {
				return "", fmt.Errorf("${%s} is used but only the zenml server issues tokens", name)
			}
		default:
			return "", fmt.Errorf("unknown variable ${%s}; the variables are ${server}, ${token} and ${token:USER} (write $${ for a literal ${)", name)
		}
		return "", nil
	}
	if _, err := c.resolve(lookup); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	return nil
}
