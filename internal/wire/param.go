package wire

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/arazzo-dev/arazzo/internal/jsonvalue"
)

// Param describes how one OpenAPI parameter is serialised. The location
// (path, query, header or cookie) is given by the function that is called:
// [Path], [Query], [Header] or [Cookie].
type Param struct {
	// Name is the parameter name from the OpenAPI description.
	Name string
	// Style is the OpenAPI style. Empty means the location's default:
	// simple for path and header, form for query and cookie.
	Style string
	// Explode is the OpenAPI explode flag. Nil means the OpenAPI default:
	// true for style form, false for every other style.
	Explode *bool
	// AllowReserved keeps RFC 3986 reserved characters unencoded in query
	// values. Following OpenAPI, it only affects query parameters.
	AllowReserved bool
	// ContentType is the media type of a parameter described with content
	// instead of schema. When it is set, Style, Explode and AllowReserved
	// are ignored: the value is encoded as a body of that media type would
	// be (see [EncodeBody]) and the resulting text is then escaped for the
	// parameter's location.
	ContentType string
}

// explode resolves the OpenAPI default for the explode flag.
func (p Param) explode(style string) bool {
	if p.Explode != nil {
		return *p.Explode
	}
	return style == "form"
}

// A ParamError reports a parameter value that cannot be serialised.
type ParamError struct {
	// In is the parameter location: "path", "query", "header" or "cookie".
	In string
	// Name is the parameter name.
	Name string
	// Err is the reason.
	Err error
}

// Error returns the location, name and reason, as in
// `query parameter "color": style deepObject needs an object value, got array`.
func (e *ParamError) Error() string {
	return fmt.Sprintf("%s parameter %q: %v", e.In, e.Name, e.Err)
}

// Unwrap returns the reason.
func (e *ParamError) Unwrap() error { return e.Err }

var errNoName = errors.New("the parameter has no name")

var locationStyles = map[string][]string{
	"path":   {"simple", "label", "matrix"},
	"query":  {"form", "spaceDelimited", "pipeDelimited", "deepObject"},
	"header": {"simple"},
	"cookie": {"form"},
}

// style returns the effective style of p at location in, or an error when
// the style is unknown or not allowed there.
func (p Param) style(in string) (string, error) {
	allowed := locationStyles[in]
	if p.Style == "" {
		return allowed[0], nil
	}
	if slices.Contains(allowed, p.Style) {
		return p.Style, nil
	}
	for _, styles := range locationStyles {
		if slices.Contains(styles, p.Style) {
			return "", fmt.Errorf("style %q cannot be used for %s parameters (allowed: %s)", p.Style, in, strings.Join(allowed, ", "))
		}
	}
	return "", fmt.Errorf("unknown style %q (allowed for %s parameters: %s)", p.Style, in, strings.Join(allowed, ", "))
}

// shape is a parameter value reduced to text: one primitive, the items of an
// array, or the members of an object in sorted key order.
type shape struct {
	kind  jsonvalue.Kind // String (any primitive), Array or Object
	text  string         // the primitive's text
	items []string       // array items, or object keys and values alternating
}

// empty reports whether the value is an empty array or object, which
// RFC 6570 treats as undefined: it produces no output at all.
func (s shape) empty() bool { return s.kind != jsonvalue.String && len(s.items) == 0 }

// pairs calls f for each member of an object shape.
func (s shape) pairs(f func(k, v string)) {
	for i := 0; i+1 < len(s.items); i += 2 {
		f(s.items[i], s.items[i+1])
	}
}

// flatten reduces v to a shape. Arrays and objects may only hold primitives;
// style names the style in the error for anything deeper.
func flatten(v any, style string) (shape, error) {
	switch x := v.(type) {
	case []any:
		s := shape{kind: jsonvalue.Array, items: make([]string, len(x))}
		for i, e := range x {
			t, err := scalarText(e, fmt.Sprintf("/%d", i), style)
			if err != nil {
				return shape{}, err
			}
			s.items[i] = t
		}
		return s, nil
	case map[string]any:
		keys := sortedKeys(x)
		s := shape{kind: jsonvalue.Object, items: make([]string, 0, 2*len(keys))}
		for _, k := range keys {
			t, err := scalarText(x[k], "/"+escapePointerToken(k), style)
			if err != nil {
				return shape{}, err
			}
			s.items = append(s.items, k, t)
		}
		return s, nil
	}
	t, err := scalarText(v, "", style)
	if err != nil {
		return shape{}, err
	}
	return shape{kind: jsonvalue.String, text: t}, nil
}

// scalarText returns the text of a primitive: strings as they are, numbers
// and booleans through [jsonvalue.Text], and null as the empty string. at is
// the JSON pointer of v inside the parameter value, for errors.
func scalarText(v any, at, style string) (string, error) {
	switch x := v.(type) {
	case nil:
		return "", nil
	case string:
		return x, nil
	case []any, map[string]any:
		return "", fmt.Errorf("cannot serialise the nested %s at %s with style %s; only arrays and objects of primitives can be serialised", jsonvalue.KindOf(v), at, style)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return "", fmt.Errorf("%s%v is not a JSON number", where(at), x)
		}
	case float32:
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return "", fmt.Errorf("%s%v is not a JSON number", where(at), x)
		}
	case json.Number:
		if !jsonvalue.IsNumberLiteral(string(x)) {
			return "", fmt.Errorf("%s%q is not a JSON number", where(at), string(x))
		}
	}
	switch jsonvalue.KindOf(v) {
	case jsonvalue.Bool, jsonvalue.Number:
		return jsonvalue.Text(v), nil
	}
	return "", fmt.Errorf("%sa value of Go type %T is not a JSON value", where(at), v)
}

// where renders a JSON pointer prefix for error messages ("" for the root).
func where(at string) string {
	if at == "" {
		return ""
	}
	return "member " + at + ": "
}

// escapePointerToken escapes one JSON pointer reference token (RFC 6901).
func escapePointerToken(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// mapItems applies f to every item.
func mapItems(items []string, f func(string) string) []string {
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = f(s)
	}
	return out
}

// Path serialises the value of a path parameter and returns the text that
// replaces {name} in the path template (see [ExpandPath]), already
// percent-encoded. Styles simple (the default), label and matrix are
// supported; every byte outside RFC 3986's unreserved set is percent-encoded,
// so reserved characters such as "/" in a value cannot change the path.
func Path(p Param, v any) (string, error) {
	s, err := path(p, v)
	if err != nil {
		return "", &ParamError{In: "path", Name: p.Name, Err: err}
	}
	return s, nil
}

func path(p Param, v any) (string, error) {
	if p.Name == "" {
		return "", errNoName
	}
	if p.ContentType != "" {
		text, err := contentText(p.ContentType, v)
		if err != nil {
			return "", err
		}
		return escapeStrict(text), nil
	}
	style, err := p.style("path")
	if err != nil {
		return "", err
	}
	s, err := flatten(v, style)
	if err != nil {
		return "", err
	}
	if s.empty() {
		return "", nil
	}
	explode := p.explode(style)
	name := escapeStrict(p.Name)
	items := mapItems(s.items, escapeStrict)
	switch style {
	case "label":
		switch {
		case s.kind == jsonvalue.String:
			return "." + escapeStrict(s.text), nil
		case !explode:
			return "." + strings.Join(items, ","), nil
		case s.kind == jsonvalue.Array:
			return "." + strings.Join(items, "."), nil
		}
		return "." + strings.Join(joinPairs(items, "="), "."), nil
	case "matrix":
		switch {
		case s.kind == jsonvalue.String:
			return ";" + name + valueSuffix(escapeStrict(s.text)), nil
		case !explode:
			return ";" + name + "=" + strings.Join(items, ","), nil
		case s.kind == jsonvalue.Array:
			var b strings.Builder
			for _, it := range items {
				b.WriteString(";" + name + valueSuffix(it))
			}
			return b.String(), nil
		}
		var b strings.Builder
		for i := 0; i < len(items); i += 2 {
			b.WriteString(";" + items[i] + valueSuffix(items[i+1]))
		}
		return b.String(), nil
	}
	if s.kind == jsonvalue.String {
		return escapeStrict(s.text), nil
	}
	return simple(s, items, explode), nil
}

// simple renders the RFC 6570 simple expansion of an already escaped shape.
func simple(s shape, items []string, explode bool) string {
	switch {
	case s.kind == jsonvalue.String:
		return s.text
	case s.kind == jsonvalue.Object && explode:
		return strings.Join(joinPairs(items, "="), ",")
	}
	return strings.Join(items, ",")
}

// valueSuffix is "=value", or nothing for an empty value (RFC 6570 matrix
// expansion writes ";name" for an empty string).
func valueSuffix(v string) string {
	if v == "" {
		return ""
	}
	return "=" + v
}

// joinPairs turns alternating keys and values into "k=v" strings.
func joinPairs(items []string, sep string) []string {
	out := make([]string, 0, len(items)/2)
	for i := 0; i+1 < len(items); i += 2 {
		out = append(out, items[i]+sep+items[i+1])
	}
	return out
}

// Query serialises the value of a query parameter into already-encoded
// "name=value" pairs, to be joined with "&" (together with the pairs of the
// other query parameters) to form the query string. Styles form (the
// default), spaceDelimited, pipeDelimited and deepObject are supported.
//
// Names and values are percent-encoded as RFC 3986 requires: everything
// outside the unreserved set is encoded, a space is "%20" and "+" is "%2B".
// With AllowReserved, reserved characters that are allowed in a query and
// have no meaning in form-style query strings pass through, as do existing
// percent-encoded triples. Delimiters follow the OpenAPI 3.1.1 style table:
// "," for form, "%20" for spaceDelimited, "%7C" for pipeDelimited, and
// "name%5Bkey%5D=value" for deepObject.
//
// An empty array or object yields no pairs (RFC 6570 treats it as
// undefined); null yields "name=", like the empty string.
func Query(p Param, v any) ([]string, error) {
	s, err := query(p, v)
	if err != nil {
		return nil, &ParamError{In: "query", Name: p.Name, Err: err}
	}
	return s, nil
}

func query(p Param, v any) ([]string, error) {
	if p.Name == "" {
		return nil, errNoName
	}
	name := escapeStrict(p.Name)
	if p.ContentType != "" {
		text, err := contentText(p.ContentType, v)
		if err != nil {
			return nil, err
		}
		return []string{name + "=" + escapeStrict(text)}, nil
	}
	style, err := p.style("query")
	if err != nil {
		return nil, err
	}
	return styledPairs(name, style, p.explode(style), p.AllowReserved, v)
}

// styledPairs serialises v with a query style; name is already escaped.
// It also serves form-urlencoded body fields that use style-based encoding.
func styledPairs(name, style string, explode, allowReserved bool, v any) ([]string, error) {
	s, err := flatten(v, style)
	if err != nil {
		return nil, err
	}
	enc := escapeStrict
	if allowReserved {
		enc = escapeReserved
	}
	if style == "deepObject" {
		// OpenAPI leaves explode=false undefined for deepObject although it
		// is the default; both are serialised the same way.
		if s.kind != jsonvalue.Object {
			return nil, fmt.Errorf("style deepObject needs an object value, got %s", kindName(v))
		}
		var pairs []string
		s.pairs(func(k, v string) {
			pairs = append(pairs, name+"%5B"+escapeStrict(k)+"%5D="+enc(v))
		})
		return pairs, nil
	}
	if s.kind == jsonvalue.String {
		return []string{name + "=" + enc(s.text)}, nil
	}
	if s.empty() {
		return nil, nil
	}
	if explode {
		// spaceDelimited and pipeDelimited with explode=true are undefined
		// in OpenAPI; each value gets its own pair, as with form, so no
		// delimiter is needed.
		var pairs []string
		if s.kind == jsonvalue.Array {
			for _, it := range s.items {
				pairs = append(pairs, name+"="+enc(it))
			}
			return pairs, nil
		}
		s.pairs(func(k, v string) {
			pairs = append(pairs, escapeStrict(k)+"="+enc(v))
		})
		return pairs, nil
	}
	sep := ","
	switch style {
	case "spaceDelimited":
		sep = "%20"
	case "pipeDelimited":
		sep = "%7C"
	}
	return []string{name + "=" + strings.Join(mapItems(s.items, enc), sep)}, nil
}

// kindName names the JSON kind of v for error messages.
func kindName(v any) string {
	switch v.(type) {
	case File, *File:
		return "file"
	}
	if k := jsonvalue.KindOf(v); k != jsonvalue.Invalid {
		return k.String()
	}
	return fmt.Sprintf("Go type %T", v)
}

// withArticle puts "a" or "an" before a kind name.
func withArticle(s string) string {
	if s != "" && strings.IndexByte("aeiou", s[0]) >= 0 {
		return "an " + s
	}
	return "a " + s
}

// Header serialises the value of a header parameter with style simple (the
// only style OpenAPI allows for headers) and returns the header value.
// Nothing is percent-encoded. A value containing CR, LF, NUL or another
// control character (other than horizontal tab) is refused, so parameter
// values cannot inject headers; so is a name that is not a valid header
// field name.
func Header(p Param, v any) (string, error) {
	s, err := header(p, v)
	if err != nil {
		return "", &ParamError{In: "header", Name: p.Name, Err: err}
	}
	return s, nil
}

func header(p Param, v any) (string, error) {
	if !isToken(p.Name) {
		return "", fmt.Errorf("%q is not a valid header name", p.Name)
	}
	var out string
	if p.ContentType != "" {
		text, err := contentText(p.ContentType, v)
		if err != nil {
			return "", err
		}
		out = text
	} else {
		style, err := p.style("header")
		if err != nil {
			return "", err
		}
		s, err := flatten(v, style)
		if err != nil {
			return "", err
		}
		out = simple(s, s.items, p.explode(style))
	}
	if err := checkFieldValue(out); err != nil {
		return "", err
	}
	return out, nil
}

// Cookie serialises the value of a cookie parameter with style form (the
// only style OpenAPI allows for cookies) into "name=value" pairs. Join the
// pairs of all cookie parameters into one Cookie header with
// [CookieHeader].
//
// Without explode, arrays and objects become one pair whose value is
// comma-separated, as in the OpenAPI style table; with explode (the
// default), each array item becomes its own pair with the parameter's name,
// and each object member a pair named after its key. Bytes that RFC 6265
// does not allow in a cookie value (controls, space, '"', ',', ';', '\' and
// non-ASCII bytes) are percent-encoded; everything else, including "%", is
// sent as it is, so that a valid cookie value passes through unchanged.
// Cookie names (the parameter name and, with explode, object keys) must be
// valid tokens.
func Cookie(p Param, v any) ([]string, error) {
	s, err := cookie(p, v)
	if err != nil {
		return nil, &ParamError{In: "cookie", Name: p.Name, Err: err}
	}
	return s, nil
}

func cookie(p Param, v any) ([]string, error) {
	if !isToken(p.Name) {
		return nil, fmt.Errorf("%q is not a valid cookie name", p.Name)
	}
	if p.ContentType != "" {
		text, err := contentText(p.ContentType, v)
		if err != nil {
			return nil, err
		}
		return []string{p.Name + "=" + escapeCookie(text)}, nil
	}
	style, err := p.style("cookie")
	if err != nil {
		return nil, err
	}
	s, err := flatten(v, style)
	if err != nil {
		return nil, err
	}
	switch {
	case s.kind == jsonvalue.String:
		return []string{p.Name + "=" + escapeCookie(s.text)}, nil
	case s.empty():
		return nil, nil
	case !p.explode(style):
		return []string{p.Name + "=" + strings.Join(mapItems(s.items, escapeCookie), ",")}, nil
	case s.kind == jsonvalue.Array:
		pairs := make([]string, len(s.items))
		for i, it := range s.items {
			pairs[i] = p.Name + "=" + escapeCookie(it)
		}
		return pairs, nil
	}
	var pairs []string
	var bad string
	s.pairs(func(k, v string) {
		if !isToken(k) && bad == "" {
			bad = k
		}
		pairs = append(pairs, k+"="+escapeCookie(v))
	})
	if bad != "" {
		return nil, fmt.Errorf("member name %q is not a valid cookie name", bad)
	}
	return pairs, nil
}

// CookieHeader joins "name=value" pairs from [Cookie] into the value of a
// single Cookie header, separated by "; " (RFC 6265 section 4.2.1).
func CookieHeader(pairs []string) string {
	return strings.Join(pairs, "; ")
}

// ExpandPath substitutes values into an OpenAPI path template such as
// "/pets/{petId}". Each {name} is replaced by values[name] verbatim, so the
// values should come from [Path], which has already percent-encoded them.
// It is an error for the template to name a variable that has no value, for
// a value to have no variable in the template, or for the braces to be
// unbalanced; errors give the byte offset in the template.
func ExpandPath(template string, values map[string]string) (string, error) {
	var b strings.Builder
	used := make(map[string]bool, len(values))
	for i := 0; i < len(template); i++ {
		c := template[i]
		switch c {
		case '}':
			return "", fmt.Errorf("path template %q: unexpected \"}\" at offset %d", template, i)
		case '{':
			end := strings.IndexAny(template[i+1:], "{}")
			if end < 0 || template[i+1+end] == '{' {
				return "", fmt.Errorf("path template %q: unclosed \"{\" at offset %d", template, i)
			}
			name := template[i+1 : i+1+end]
			if name == "" {
				return "", fmt.Errorf("path template %q: empty variable name at offset %d", template, i)
			}
			v, ok := values[name]
			if !ok {
				return "", fmt.Errorf("path template %q: no value for {%s} at offset %d", template, name, i)
			}
			used[name] = true
			b.WriteString(v)
			i += end + 1
		default:
			b.WriteByte(c)
		}
	}
	if len(used) < len(values) {
		var unused []string
		for name := range values {
			if !used[name] {
				unused = append(unused, name)
			}
		}
		slices.Sort(unused)
		return "", fmt.Errorf("path template %q has no variable {%s}", template, unused[0])
	}
	return b.String(), nil
}
