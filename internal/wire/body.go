package wire

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/textproto"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/htmlindex"

	"github.com/arazzo-dev/arazzo/internal/jsonvalue"
)

// Encoding is the part of an OpenAPI Encoding Object that affects how one
// member of an application/x-www-form-urlencoded or multipart/form-data
// body is written.
type Encoding struct {
	// ContentType is the media type of the member. A comma-separated list
	// or a range such as "image/*" is allowed; the first entry is used when
	// it is a concrete type.
	ContentType string
	// Style, Explode and AllowReserved select style-based serialisation of
	// a form-urlencoded member, as for a query parameter (see [Query]). They
	// take effect when Style is set, Explode is non-nil or AllowReserved is
	// true, and are ignored for multipart bodies.
	Style         string
	Explode       *bool
	AllowReserved bool
}

// styled reports whether the encoding asks for style-based serialisation.
func (e Encoding) styled() bool {
	return e.Style != "" || e.Explode != nil || e.AllowReserved
}

// File is binary content with a file name, for multipart file parts and
// binary bodies. It is not a JSON value: the runtime creates it (for
// example from a CLI input read from a file) and places it in a payload,
// either as the whole payload or as a member of an object sent as
// multipart/form-data. Both File and *File are accepted.
type File struct {
	// Name is the file name sent in the part's Content-Disposition. When it
	// is empty no filename parameter is sent.
	Name string
	// ContentType is the media type of the data. When it is empty the
	// Encoding's contentType is used, then application/octet-stream.
	ContentType string
	// Data is the content.
	Data []byte
}

// contentType returns the file's media type, or fallback, or
// application/octet-stream.
func (f File) contentType(fallback string) string {
	switch {
	case f.ContentType != "":
		return f.ContentType
	case fallback != "":
		return fallback
	}
	return "application/octet-stream"
}

// asFile returns the File held by v, if any.
func asFile(v any) (File, bool) {
	switch x := v.(type) {
	case File:
		return x, true
	case *File:
		if x != nil {
			return *x, true
		}
	}
	return File{}, false
}

// A BodyOption configures [EncodeBody].
type BodyOption func(*bodyConfig)

type bodyConfig struct {
	encodings map[string]Encoding
	boundary  string
}

// Encodings gives the Encoding Objects of the request body's media type,
// keyed by member name. They apply to form-urlencoded and multipart bodies.
func Encodings(m map[string]Encoding) BodyOption {
	return func(c *bodyConfig) { c.encodings = m }
}

// Boundary sets the multipart boundary, for reproducible output. A boundary
// parameter in the media type itself takes precedence; without either, a
// random boundary is used. The boundary must follow RFC 2046 (1 to 70
// characters from a restricted set).
func Boundary(b string) BodyOption {
	return func(c *bodyConfig) { c.boundary = b }
}

// EncodeBody encodes a request payload for a media type and returns the
// bytes and the value to send as the Content-Type header: mediaType itself,
// or for multipart/form-data, mediaType with its boundary parameter.
//
// The payload is a plain JSON value, possibly holding [File] values. How it
// is written depends on the media type (see the package documentation for
// the full table):
//
//   - JSON (application/json, *+json): structured values are marshalled; a
//     string is taken to be JSON text already and sent verbatim, and must be
//     valid JSON.
//   - XML (application/xml, text/xml, *+xml): only a string (or a File) is
//     accepted; it must be a well-formed XML document.
//   - application/x-www-form-urlencoded: an object becomes one field per
//     member in sorted key order; a string is pre-encoded form data and is
//     sent verbatim.
//   - multipart/form-data: an object becomes one part per member in sorted
//     key order, arrays becoming repeated parts; File values become file
//     parts.
//   - text/* and YAML: strings verbatim, other values as their text
//     ([jsonvalue.Text]; structures become JSON, which is also YAML).
//   - anything else: strings and Files verbatim, numbers and booleans as
//     text; null, arrays and objects are refused.
//
// A charset parameter other than UTF-8 re-encodes textual payloads into
// that charset; a character it cannot represent is an error.
func EncodeBody(mediaType string, v any, opts ...BodyOption) ([]byte, string, error) {
	var cfg bodyConfig
	for _, o := range opts {
		o(&cfg)
	}
	base, params, err := parseMediaType(mediaType)
	if err != nil {
		return nil, "", err
	}
	if IsMultipart(base) {
		data, ct, err := encodeMultipart(base, params, v, cfg)
		if err != nil {
			return nil, "", fmt.Errorf("cannot encode the payload as %s: %w", base, err)
		}
		return data, ct, nil
	}
	data, err := encode(base, params, v, cfg.encodings)
	if err != nil {
		return nil, "", fmt.Errorf("cannot encode the payload as %s: %w", base, err)
	}
	return data, mediaType, nil
}

// contentText encodes the value of a parameter described with content.
func contentText(mediaType string, v any) (string, error) {
	base, params, err := parseMediaType(mediaType)
	if err != nil {
		return "", err
	}
	data, err := encode(base, params, v, nil)
	if err != nil {
		return "", fmt.Errorf("cannot encode the value as %s: %w", base, err)
	}
	return string(data), nil
}

// encode writes v for every media type except top-level multipart.
func encode(base string, params map[string]string, v any, encodings map[string]Encoding) ([]byte, error) {
	var data []byte
	var err error
	switch {
	case IsMultipart(base):
		return nil, errors.New("multipart content is only supported as a whole request body")
	case IsJSON(base):
		data, err = encodeJSON(v)
	case IsXML(base):
		data, err = encodeXML(v)
	case IsForm(base):
		data, err = encodeForm(v, encodings)
	case isText(base):
		data, err = encodeText(v)
	default:
		data, err = encodeRaw(v)
	}
	if err != nil {
		return nil, err
	}
	if _, isFile := asFile(v); isFile {
		return data, nil
	}
	return toCharset(data, params["charset"])
}

func encodeJSON(v any) ([]byte, error) {
	if s, ok := v.(string); ok {
		if !json.Valid([]byte(s)) {
			_, err := jsonvalue.Decode([]byte(s))
			if err == nil {
				err = errors.New("invalid JSON")
			}
			return nil, fmt.Errorf("payload string is not valid JSON: %w", jsonError([]byte(s), err))
		}
		return []byte(s), nil
	}
	if err := checkPlain(v, "", 0); err != nil {
		return nil, err
	}
	return jsonvalue.Marshal(v)
}

func encodeXML(v any) ([]byte, error) {
	var data []byte
	if s, ok := v.(string); ok {
		data = []byte(s)
	} else if f, ok := asFile(v); ok {
		data = f.Data
	} else if k := jsonvalue.KindOf(v); k == jsonvalue.Array || k == jsonvalue.Object {
		return nil, errors.New("structured payloads cannot be encoded as XML; give the XML document as a string")
	} else {
		return nil, fmt.Errorf("%s payload cannot be encoded as XML; give the XML document as a string", withArticle(kindName(v)))
	}
	if err := checkXML(data); err != nil {
		return nil, err
	}
	return data, nil
}

func encodeText(v any) ([]byte, error) {
	if s, ok := v.(string); ok {
		return []byte(s), nil
	}
	if f, ok := asFile(v); ok {
		return f.Data, nil
	}
	if err := checkPlain(v, "", 0); err != nil {
		return nil, err
	}
	return []byte(jsonvalue.Text(v)), nil
}

func encodeRaw(v any) ([]byte, error) {
	if s, ok := v.(string); ok {
		return []byte(s), nil
	}
	if f, ok := asFile(v); ok {
		return f.Data, nil
	}
	switch jsonvalue.KindOf(v) {
	case jsonvalue.Bool, jsonvalue.Number:
		t, err := scalarText(v, "", "")
		return []byte(t), err
	}
	return nil, fmt.Errorf("%s payload cannot be sent as a body of this media type; give the payload as a string", withArticle(kindName(v)))
}

// checkPlain returns an error when v is not a plain JSON value (for example
// a File, a Go struct, or a non-finite number), or is nested more than
// [jsonvalue.MaxDepth] levels deep (a map that contains itself). at is the
// JSON pointer of v and depth the number of arrays and objects around it.
func checkPlain(v any, at string, depth int) error {
	switch x := v.(type) {
	case []any:
		if depth >= jsonvalue.MaxDepth {
			return jsonvalue.DepthError()
		}
		for i, e := range x {
			if err := checkPlain(e, fmt.Sprintf("%s/%d", at, i), depth+1); err != nil {
				return err
			}
		}
		return nil
	case map[string]any:
		if depth >= jsonvalue.MaxDepth {
			return jsonvalue.DepthError()
		}
		for _, k := range sortedKeys(x) {
			if err := checkPlain(x[k], at+"/"+escapePointerToken(k), depth+1); err != nil {
				return err
			}
		}
		return nil
	case File, *File:
		return fmt.Errorf("%sa file can only be sent as a multipart part or as the whole body of a binary media type", where(at))
	case nil, string, bool:
		return nil
	}
	_, err := scalarText(v, at, "")
	return err
}

// jsonError adds the byte offset to a JSON decoding error.
func jsonError(data []byte, err error) error {
	var syn *json.SyntaxError
	switch {
	case errors.As(err, &syn):
		off := syn.Offset
		if off > 0 && off <= int64(len(data)) && !strings.HasPrefix(syn.Error(), "unexpected end") {
			off-- // Offset counts the offending byte itself
		}
		return fmt.Errorf("%s at offset %d", syn.Error(), off)
	case errors.Is(err, io.EOF):
		return errors.New("no JSON value (the text is empty or only whitespace)")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("unexpected end of JSON input at offset %d", len(data))
	}
	return err
}

// checkXML returns an error unless data is a well-formed XML document with
// exactly one root element.
func checkXML(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		e, err := htmlindex.Get(label)
		if err != nil {
			return nil, fmt.Errorf("unsupported XML encoding %q", label)
		}
		return e.NewDecoder().Reader(r), nil
	}
	depth, roots := 0, 0
	for {
		off := d.InputOffset()
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("payload is not well-formed XML: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
				if roots > 1 {
					return fmt.Errorf("payload is not well-formed XML: a second root element <%s> at offset %d", t.Name.Local, off)
				}
			}
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth == 0 && len(bytes.TrimSpace(t)) > 0 {
				return fmt.Errorf("payload is not well-formed XML: text outside the root element at offset %d", off)
			}
		}
	}
	if roots == 0 {
		return errors.New("payload is not well-formed XML: no root element")
	}
	return nil
}

// toCharset re-encodes UTF-8 text into the named charset.
func toCharset(data []byte, cs string) ([]byte, error) {
	if cs == "" {
		return data, nil
	}
	switch strings.ToLower(strings.TrimSpace(cs)) {
	case "us-ascii", "ascii":
		for i, c := range data {
			if c >= 0x80 {
				return nil, fmt.Errorf("the payload is not ASCII (byte 0x%02X at offset %d) but the charset is %s", c, i, cs)
			}
		}
		return data, nil
	}
	e, err := htmlindex.Get(cs)
	if err != nil {
		return nil, fmt.Errorf("unsupported charset %q", cs)
	}
	if name, _ := htmlindex.Name(e); name == "utf-8" {
		return data, nil
	}
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("the payload is not valid UTF-8 text and cannot be converted to charset %s", cs)
	}
	out, err := e.NewEncoder().Bytes(data)
	if err != nil {
		enc := e.NewEncoder()
		for i, r := range string(data) {
			if _, err := enc.String(string(r)); err != nil {
				return nil, fmt.Errorf("the payload cannot be represented in charset %s: %U at offset %d", cs, r, i)
			}
		}
		return nil, fmt.Errorf("the payload cannot be represented in charset %s: %v", cs, err)
	}
	return out, nil
}

// encodeForm writes an application/x-www-form-urlencoded body.
func encodeForm(v any, encodings map[string]Encoding) ([]byte, error) {
	switch x := v.(type) {
	case string:
		if err := checkPercent(x); err != nil {
			return nil, fmt.Errorf("payload string is not valid form data: %w", err)
		}
		return []byte(x), nil
	case map[string]any:
		var pairs []string
		for _, k := range sortedKeys(x) {
			ps, err := formField(k, x[k], encodings[k])
			if err != nil {
				return nil, fmt.Errorf("field %q: %w", k, err)
			}
			pairs = append(pairs, ps...)
		}
		return []byte(strings.Join(pairs, "&")), nil
	}
	return nil, fmt.Errorf("a form payload must be an object or a pre-encoded string, got %s", kindName(v))
}

// formField writes the pairs of one form member. Style-based members follow
// RFC 6570 as query parameters do (spaces as %20); content-based members
// follow the form-urlencoded rules (spaces as "+"), as OpenAPI 3.1.1
// Appendix E describes.
func formField(name string, v any, e Encoding) ([]string, error) {
	if e.styled() {
		style := e.Style
		if style == "" {
			style = "form"
		}
		if !slices.Contains(locationStyles["query"], style) {
			return nil, fmt.Errorf("style %q cannot be used for form fields (allowed: %s)", style, strings.Join(locationStyles["query"], ", "))
		}
		explode := style == "form"
		if e.Explode != nil {
			explode = *e.Explode
		}
		return styledPairs(escapeStrict(name), style, explode, e.AllowReserved, v)
	}
	ct := firstConcrete(e.ContentType)
	items := []any{v}
	arr, isArray := v.([]any)
	if isArray {
		items = arr
	}
	pairs := make([]string, 0, len(items))
	for i, item := range items {
		var text string
		var err error
		if ct == "" {
			if k := jsonvalue.KindOf(item); k == jsonvalue.Array || k == jsonvalue.Object {
				at := ""
				if isArray {
					at = fmt.Sprintf(" at /%d", i)
				}
				return nil, fmt.Errorf("cannot encode the nested %s%s; give the field an Encoding with style deepObject or a contentType such as application/json", k, at)
			}
			text, err = scalarText(item, "", "")
		} else {
			text, err = contentText(ct, item)
		}
		if err != nil {
			return nil, err
		}
		pairs = append(pairs, url.QueryEscape(name)+"="+url.QueryEscape(text))
	}
	return pairs, nil
}

// checkPercent returns an error when s has a "%" that does not start a
// percent-encoded triple.
func checkPercent(s string) error {
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && !(i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2])) {
			return fmt.Errorf("invalid percent-encoding at offset %d", i)
		}
	}
	return nil
}

// encodeMultipart writes a multipart/form-data body.
func encodeMultipart(base string, params map[string]string, v any, cfg bodyConfig) ([]byte, string, error) {
	if base != "multipart/form-data" {
		return nil, "", errors.New("only multipart/form-data is supported")
	}
	if s, ok := v.(string); ok {
		if params["boundary"] == "" {
			return nil, "", errors.New("a pre-encoded multipart payload needs a boundary parameter in the content type")
		}
		return []byte(s), mime.FormatMediaType(base, params), nil
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, "", fmt.Errorf("a multipart payload must be an object or a pre-encoded string, got %s", kindName(v))
	}
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	boundary := params["boundary"]
	if boundary == "" {
		boundary = cfg.boundary
	}
	if boundary != "" {
		if err := w.SetBoundary(boundary); err != nil {
			return nil, "", fmt.Errorf("invalid boundary %q: %v", boundary, err)
		}
	}
	for _, k := range sortedKeys(obj) {
		items := []any{obj[k]}
		if arr, ok := obj[k].([]any); ok {
			items = arr
		}
		for _, item := range items {
			if err := writePart(w, k, item, cfg.encodings[k]); err != nil {
				return nil, "", fmt.Errorf("part %q: %w", k, err)
			}
		}
	}
	if err := w.Close(); err != nil {
		return nil, "", err
	}
	out := make(map[string]string, len(params)+1)
	for k, v := range params {
		out[k] = v
	}
	out["boundary"] = w.Boundary()
	return buf.Bytes(), mime.FormatMediaType(base, out), nil
}

// writePart writes one multipart part.
func writePart(w *multipart.Writer, name string, v any, e Encoding) error {
	disp := `form-data; name="` + escapeDisposition(name) + `"`
	h := textproto.MIMEHeader{}
	var data []byte
	if f, ok := asFile(v); ok {
		if f.Name != "" {
			disp += `; filename="` + escapeDisposition(f.Name) + `"`
		}
		ct := f.contentType(firstConcrete(e.ContentType))
		if _, _, err := mime.ParseMediaType(ct); err != nil {
			return fmt.Errorf("invalid file content type %q: %v", ct, err)
		}
		h.Set("Content-Type", ct)
		data = f.Data
	} else {
		ct := firstConcrete(e.ContentType)
		k := jsonvalue.KindOf(v)
		if ct == "" && (k == jsonvalue.Array || k == jsonvalue.Object) {
			ct = "application/json"
		}
		if ct == "" {
			t, err := scalarText(v, "", "")
			if err != nil {
				return err
			}
			data = []byte(t)
		} else {
			text, err := contentText(ct, v)
			if err != nil {
				return err
			}
			h.Set("Content-Type", ct)
			data = []byte(text)
		}
	}
	h.Set("Content-Disposition", disp)
	pw, err := w.CreatePart(h)
	if err != nil {
		return err
	}
	_, err = pw.Write(data)
	return err
}

// escapeDisposition escapes a Content-Disposition parameter value the way
// browsers do for multipart/form-data (WHATWG HTML, "multipart/form-data
// encoding algorithm"): '"' becomes %22, CR %0D and LF %0A.
func escapeDisposition(s string) string {
	if !strings.ContainsAny(s, "\"\r\n") {
		return s
	}
	return strings.NewReplacer(`"`, "%22", "\r", "%0D", "\n", "%0A").Replace(s)
}
