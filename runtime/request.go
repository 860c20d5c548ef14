package runtime

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/arazzo-dev/arazzo/arazzo"
	"github.com/arazzo-dev/arazzo/expr"
	"github.com/arazzo-dev/arazzo/internal/jsonvalue"
	"github.com/arazzo-dev/arazzo/internal/wire"
)

// exchange is one HTTP exchange of an attempt: the request as built and
// sent, and the response as read. It is what $url, $method, $request.*,
// $statusCode and $response.* read.
type exchange struct {
	method string
	url    string
	header http.Header
	// query and path hold the values sent for query and path parameters,
	// before serialisation.
	query map[string]any
	path  map[string]any
	// body is the encoded request body; bodyValue the payload as sent,
	// structured for JSON media types and text otherwise.
	body        []byte
	contentType string
	bodyValue   any
	hasBody     bool
	// sent is set once the request has been handed to the client.
	sent bool

	status      int // 0 when no response came
	respHeader  http.Header
	respRaw     []byte
	respBuf     *[]byte // where respRaw goes back to for reuse (releaseBody)
	respBody    any
	hasRespBody bool
}

// buildRequest evaluates a step's parameters and body in c and builds its
// request (BIND-04 to BIND-07) in ex. A value that does not resolve, or
// that is null, is left out; a required parameter left out that way is
// reported as a warning, and a path parameter left out is an error.
func (r *run) buildRequest(c *evalContext, sp *stepPlan, ex *exchange) error {
	if sp.server == "" {
		return errors.New(sp.noServer)
	}
	*ex = exchange{method: sp.method, header: http.Header{}}
	var (
		pathVals   map[string]string
		queryPairs []string
		cookies    []string
	)
	for _, pp := range sp.params {
		v, err := pp.value.Eval(c)
		if err != nil {
			var ue *expr.UnresolvedError
			if errors.As(err, &ue) {
				if pp.required {
					r.warn(c.x, sp.id, fmt.Sprintf("required %s parameter %q was not sent: %s", pp.in, pp.name, ue.Reason))
				}
				continue
			}
			return fmt.Errorf("%s parameter %q: %w", pp.in, pp.name, err)
		}
		if v == nil {
			// Null is undefined to RFC 6570, so the parameter is left out
			// like one that does not resolve (AMB-X3); a path cannot be
			// built without it.
			if pp.in == arazzo.InPath {
				return fmt.Errorf("path parameter %q is null, so the path %s cannot be built", pp.name, sp.path)
			}
			if pp.required {
				r.warn(c.x, sp.id, fmt.Sprintf("required %s parameter %q was not sent: its value is null", pp.in, pp.name))
			}
			continue
		}
		if pp.secret && !(pp.in == arazzo.InHeader && credentialHeader(pp.name)) {
			// Credential headers are learnt as they are sent
			// (addHeaderSecrets).
			r.red.addValue(v)
		}
		switch pp.in {
		case arazzo.InPath:
			s, err := wire.Path(pp.wire, v)
			if err != nil {
				return err
			}
			if pathVals == nil {
				pathVals = map[string]string{}
				ex.path = map[string]any{}
			}
			pathVals[pp.name] = s
			ex.path[pp.name] = v
		case arazzo.InQuery:
			pairs, err := wire.Query(pp.wire, v)
			if err != nil {
				return err
			}
			if ex.query == nil {
				n := queryParams(sp.params)
				queryPairs = make([]string, 0, n)
				ex.query = make(map[string]any, n)
			}
			queryPairs = append(queryPairs, pairs...)
			ex.query[pp.name] = v
		case arazzo.InHeader:
			s, err := wire.Header(pp.wire, v)
			if err != nil {
				return err
			}
			ex.header.Set(pp.name, s)
		case arazzo.InCookie:
			pairs, err := wire.Cookie(pp.wire, v)
			if err != nil {
				return err
			}
			cookies = append(cookies, pairs...)
		}
	}
	path, err := wire.ExpandPath(sp.path, pathVals)
	if err != nil {
		return fmt.Errorf("building the path %s: %w", sp.path, err)
	}
	var b strings.Builder
	b.Grow(len(sp.server) + len(path) + 32)
	b.WriteString(sp.server)
	b.WriteString(path)
	for i, q := range queryPairs {
		if i == 0 {
			b.WriteByte('?')
		} else {
			b.WriteByte('&')
		}
		b.WriteString(q)
	}
	ex.url = b.String()
	if len(cookies) > 0 {
		ex.header.Set("Cookie", wire.CookieHeader(cookies))
	}
	if sp.body != nil {
		if err := r.buildBody(c, sp, ex); err != nil {
			return err
		}
	}
	return nil
}

// queryParams counts the query parameters in params, to size what holds
// them.
func queryParams(params []*paramPlan) int {
	n := 0
	for _, pp := range params {
		if pp.in == arazzo.InQuery {
			n++
		}
	}
	return n
}

// buildBody evaluates the payload, applies the replacements in order and
// encodes the result (AMB-45, AMB-46).
func (r *run) buildBody(c *evalContext, sp *stepPlan, ex *exchange) error {
	bp := sp.body
	if bp.payload == nil {
		return nil
	}
	payload, err := bp.payload.Eval(c)
	if err != nil {
		var ue *expr.UnresolvedError
		if errors.As(err, &ue) {
			r.warn(c.x, sp.id, "the request body was not sent: "+ue.Error())
			return nil
		}
		return fmt.Errorf("request body: %w", err)
	}
	ct := wire.ChooseContentType(bp.contentType, bp.declared, payload)
	for _, rp := range bp.replacements {
		v, err := rp.value.Eval(c)
		if err != nil {
			var ue *expr.UnresolvedError
			if errors.As(err, &ue) {
				r.warn(c.x, sp.id, fmt.Sprintf("payload replacement %q was not applied: %s", rp.target, ue.Error()))
				continue
			}
			return fmt.Errorf("payload replacement %q: %w", rp.target, err)
		}
		if wire.IsXML(ct) {
			text, ok := payload.(string)
			if !ok {
				return fmt.Errorf("payload replacement %q: an XML payload must be a string, not %s", rp.target, jsonvalue.KindOf(payload))
			}
			if payload, err = wire.ReplaceXML(text, rp.target, v); err != nil {
				return fmt.Errorf("payload replacement %q: %w", rp.target, err)
			}
			continue
		}
		if payload, err = wire.ReplaceJSON(payload, rp.target, v); err != nil {
			return fmt.Errorf("payload replacement %q: %w", rp.target, err)
		}
	}
	data, ctHeader, err := wire.EncodeBody(ct, payload, wire.Encodings(bp.encodingsFor(ct)))
	if err != nil {
		return fmt.Errorf("request body (%s): %w", ct, err)
	}
	ex.body, ex.contentType, ex.hasBody = data, ctHeader, true
	switch s, isString := payload.(string); {
	case wire.IsJSON(ct) && isString:
		if v, err := jsonvalue.Decode([]byte(s)); err == nil {
			ex.bodyValue = v
		} else {
			ex.bodyValue = s
		}
	case wire.IsJSON(ct) || wire.IsForm(ct) && !isString:
		ex.bodyValue = payload
	default:
		ex.bodyValue = string(data)
	}
	if ex.header.Get("Content-Type") == "" {
		ex.header.Set("Content-Type", ctHeader)
	}
	return nil
}
