package zenml

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// call is one request being handled: its parts, the authenticated user and
// the validation problems found so far. Handlers read every parameter first
// (each reader records its own problems), then ask [call.failed], so that one
// 422 reply lists every problem at once, as FastAPI does.
type call struct {
	req    *http.Request
	body   []byte
	params map[string]string // canonical UUIDs from the path; invalid ones are absent
	user   *user             // nil on public routes
	now    time.Time
	cfg    *config
	errs   []fieldError
}

func (c *call) fail(e fieldError) { c.errs = append(c.errs, e) }

func (c *call) failed() bool { return len(c.errs) > 0 }

// invalid is the 422 reply listing the problems found.
func (c *call) invalid() reply {
	return reply{status: http.StatusUnprocessableEntity, body: validationErrorBody{Detail: c.errs}}
}

// query returns the value of a query parameter. A parameter given several
// times counts with its last value; an empty value counts as absent.
func (c *call) query(name string) (string, bool) {
	vs := c.req.URL.Query()[name]
	if len(vs) == 0 || vs[len(vs)-1] == "" {
		return "", false
	}
	return vs[len(vs)-1], true
}

// queryInt reads an integer query parameter bounded by [lo, hi] (hi <= 0
// means unbounded), with a default.
func (c *call) queryInt(name string, def, lo, hi int) int {
	raw, ok := c.query(name)
	if !ok {
		return def
	}
	loc := []any{"query", name}
	n, err := strconv.Atoi(raw)
	switch {
	case err != nil:
		c.fail(fieldError{Type: "int_parsing", Loc: loc, Msg: "Input should be a valid integer, unable to parse string as an integer", Input: raw})
	case n < lo:
		c.fail(fieldError{Type: "greater_than_equal", Loc: loc, Msg: "Input should be greater than or equal to " + strconv.Itoa(lo), Input: raw, Ctx: map[string]any{"ge": lo}})
	case hi > 0 && n > hi:
		c.fail(fieldError{Type: "less_than_equal", Loc: loc, Msg: "Input should be less than or equal to " + strconv.Itoa(hi), Input: raw, Ctx: map[string]any{"le": hi}})
	default:
		return n
	}
	return def
}

// queryUUID reads a UUID query parameter and returns its canonical form.
func (c *call) queryUUID(name string) (string, bool) {
	raw, ok := c.query(name)
	if !ok {
		return "", false
	}
	return c.uuid([]any{"query", name}, raw)
}

// queryEnum reads a query parameter that must be one of values.
func (c *call) queryEnum(name string, values []string) (string, bool) {
	raw, ok := c.query(name)
	if !ok {
		return "", false
	}
	return c.enum([]any{"query", name}, raw, values)
}

// uuid checks that a string value at loc is a UUID.
func (c *call) uuid(loc []any, raw string) (string, bool) {
	id, reason := parseUUID(raw)
	if reason != "" {
		c.fail(fieldError{Type: "uuid_parsing", Loc: loc, Msg: "Input should be a valid UUID, " + reason, Input: raw, Ctx: map[string]any{"error": reason}})
		return "", false
	}
	return id, true
}

// enum checks that the value at loc is one of values.
func (c *call) enum(loc []any, raw any, values []string) (string, bool) {
	if s, isString := raw.(string); isString {
		for _, v := range values {
			if s == v {
				return s, true
			}
		}
	}
	expected := quoteList(values)
	c.fail(fieldError{Type: "enum", Loc: loc, Msg: "Input should be " + expected, Input: raw, Ctx: map[string]any{"expected": expected}})
	return "", false
}

// quoteList renders values the way pydantic lists the members of an enum:
// 'a', 'b' or 'c'.
func quoteList(values []string) string {
	var b strings.Builder
	for i, v := range values {
		switch {
		case i == 0:
		case i == len(values)-1:
			b.WriteString(" or ")
		default:
			b.WriteString(", ")
		}
		b.WriteString("'" + v + "'")
	}
	return b.String()
}

// fieldKind says what a JSON body member must hold.
type fieldKind int

const (
	textField         fieldKind = iota // a string
	uuidField                          // a string holding a UUID
	enumField                          // one of field.enum
	objectField                        // any JSON object
	textMapField                       // an object whose members are strings
	componentMapField                  // an object from component type to a list of UUIDs
)

// field describes one member of a JSON request body, like one attribute of
// the pydantic model the real server validates the body with.
type field struct {
	name     string
	kind     fieldKind
	required bool
	nullable bool     // null is accepted and counts as absent
	enum     []string // for enumField, and the allowed keys of componentMapField
	maxLen   int      // for textField, in characters; 0 means unbounded
}

// The length limits of the real server's string attributes.
const (
	nameMaxLen = 255
	textMaxLen = 65535
)

// form holds the validated members of a JSON body, in canonical form. A
// member that was absent, or null where null is accepted, is not in the map.
type form map[string]any

// text returns a string member, or nil when it is absent.
func (f form) text(name string) *string {
	if s, ok := f[name].(string); ok {
		return &s
	}
	return nil
}

// maxBodyBytes bounds the request bodies the server reads.
const maxBodyBytes = 1 << 20

// jsonBody decodes the request body as a JSON object and validates the
// members named by fields. Members not named are ignored, as pydantic does by
// default. It returns nil when the body is not a JSON object; problems are
// recorded on c. A JSON syntax error is located at ["body", offset], offset
// being the 0-based byte offset of the problem.
func (c *call) jsonBody(fields ...field) form {
	obj, ok := c.decodeObject()
	if !ok {
		return nil
	}
	out := form{}
	for _, f := range fields {
		raw, present := obj[f.name]
		loc := []any{"body", f.name}
		if !present || raw == nil && f.nullable {
			if f.required {
				c.fail(fieldError{Type: "missing", Loc: loc, Msg: "Field required", Input: obj})
			}
			continue
		}
		if v, ok := c.check(f, loc, raw); ok {
			out[f.name] = v
		}
	}
	return out
}

// decodeObject reads the body as a single JSON object.
func (c *call) decodeObject() (map[string]any, bool) {
	if !isJSON(c.req.Header.Get("Content-Type")) {
		c.fail(fieldError{Type: "model_attributes_type", Loc: []any{"body"}, Msg: "Input should be a valid dictionary or object to extract fields from", Input: string(c.body)})
		return nil, false
	}
	if len(bytes.TrimSpace(c.body)) == 0 {
		c.fail(fieldError{Type: "missing", Loc: []any{"body"}, Msg: "Field required", Input: nil})
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(c.body))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	offset := int64(len(c.body))
	if err == nil {
		// Anything but white space after the value is a syntax error too.
		rest := bytes.TrimLeft(c.body[dec.InputOffset():], " \t\r\n")
		if len(rest) > 0 {
			offset -= int64(len(rest))
			err = fmt.Errorf("invalid character %q after top-level value", rest[0])
		}
	}
	if err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			// Offset counts the offending byte; report where it starts.
			offset = max(syn.Offset-1, 0)
		} else if errors.Is(err, io.ErrUnexpectedEOF) {
			err = errors.New("unexpected end of JSON input")
		}
		c.fail(fieldError{Type: "json_invalid", Loc: []any{"body", offset}, Msg: "JSON decode error", Input: map[string]any{}, Ctx: map[string]any{"error": err.Error()}})
		return nil, false
	}
	obj, isObject := v.(map[string]any)
	if !isObject {
		c.fail(fieldError{Type: "model_attributes_type", Loc: []any{"body"}, Msg: "Input should be a valid dictionary or object to extract fields from", Input: v})
		return nil, false
	}
	return obj, true
}

// isJSON reports whether a request Content-Type announces JSON. A missing
// Content-Type counts as JSON, as it does for FastAPI.
func isJSON(contentType string) bool {
	if contentType == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	return mt == "application/json" || strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json")
}

// check validates one present member against its field description.
func (c *call) check(f field, loc []any, raw any) (any, bool) {
	switch f.kind {
	case textField:
		return c.text(loc, raw, f.maxLen)
	case uuidField:
		s, isString := raw.(string)
		if !isString {
			c.fail(fieldError{Type: "uuid_type", Loc: loc, Msg: "UUID input should be a string, bytes or UUID object", Input: raw})
			return nil, false
		}
		return c.uuid(loc, s)
	case enumField:
		return c.enum(loc, raw, f.enum)
	case objectField:
		return c.object(loc, raw)
	case textMapField:
		obj, ok := c.object(loc, raw)
		if !ok {
			return nil, false
		}
		out := make(map[string]string, len(obj))
		for _, k := range sortedKeys(obj) {
			if s, ok := c.text(append(loc[:len(loc):len(loc)], k), obj[k], 0); ok {
				out[k] = s
			}
		}
		return out, len(out) == len(obj)
	case componentMapField:
		return c.componentMap(f, loc, raw)
	}
	return nil, false
}

func (c *call) text(loc []any, raw any, maxLen int) (string, bool) {
	s, isString := raw.(string)
	if !isString {
		c.fail(fieldError{Type: "string_type", Loc: loc, Msg: "Input should be a valid string", Input: raw})
		return "", false
	}
	if maxLen > 0 && utf8.RuneCountInString(s) > maxLen {
		c.fail(fieldError{Type: "string_too_long", Loc: loc, Msg: "String should have at most " + strconv.Itoa(maxLen) + " characters", Input: s, Ctx: map[string]any{"max_length": maxLen}})
		return "", false
	}
	return s, true
}

func (c *call) object(loc []any, raw any) (map[string]any, bool) {
	obj, isObject := raw.(map[string]any)
	if !isObject {
		c.fail(fieldError{Type: "dict_type", Loc: loc, Msg: "Input should be a valid dictionary", Input: raw})
		return nil, false
	}
	return obj, true
}

// sortedKeys returns the member names of obj in order. Decoding loses the
// order of members in the body, so problems are reported in name order.
func sortedKeys(obj map[string]any) []string { return slices.Sorted(maps.Keys(obj)) }

// componentMap validates a stack's component map: keys are component types
// and values lists of component ids. Ids come back in canonical form.
func (c *call) componentMap(f field, loc []any, raw any) (map[string][]string, bool) {
	obj, ok := c.object(loc, raw)
	if !ok {
		return nil, false
	}
	before := len(c.errs)
	out := make(map[string][]string, len(obj))
	for _, key := range sortedKeys(obj) {
		v := obj[key]
		keyLoc := append(loc[:len(loc):len(loc)], key)
		c.enum(append(keyLoc[:len(keyLoc):len(keyLoc)], "[key]"), key, f.enum)
		list, isList := v.([]any)
		if !isList {
			c.fail(fieldError{Type: "list_type", Loc: keyLoc, Msg: "Input should be a valid list", Input: v})
			continue
		}
		ids := make([]string, 0, len(list))
		for i, item := range list {
			if id, ok := c.check(field{kind: uuidField}, append(keyLoc[:len(keyLoc):len(keyLoc)], i), item); ok {
				ids = append(ids, id.(string))
			}
		}
		out[key] = ids
	}
	return out, len(c.errs) == before
}
