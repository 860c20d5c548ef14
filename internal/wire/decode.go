package wire

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"strings"

	"golang.org/x/text/encoding/htmlindex"

	"github.com/arazzo-dev/arazzo/internal/jsonvalue"
)

// ErrNoBody is returned by [DecodeBody] for an empty body. An empty body is
// not an error for the exchange, but it has no value: expressions such as
// $response.body stay unresolved, which is different from a JSON null body.
var ErrNoBody = errors.New("wire: the response has no body")

// DecodeBody turns a response body into a plain value, following AMB-39:
//
//   - JSON media types (application/json, *+json) are parsed, numbers
//     becoming json.Number; invalid JSON is an error giving the byte offset
//     (the caller keeps the raw text). A UTF-8 byte order mark is skipped.
//   - Every other body, including XML, text and binary ones, and a body
//     without a Content-Type, is returned as a string holding its bytes.
//   - An empty body returns [ErrNoBody].
//
// A charset parameter other than UTF-8 converts non-XML bodies to UTF-8; an
// unknown charset is an error. XML bodies are kept byte for byte, since an
// XML document declares its own encoding and the XML parser honours it.
// The Content-Type is read leniently: when its parameters are malformed,
// the media type alone is used.
func DecodeBody(contentType string, data []byte) (any, error) {
	if len(data) == 0 {
		return nil, ErrNoBody
	}
	base := mediaBase(contentType)
	if IsXML(base) {
		return string(data), nil
	}
	var params map[string]string
	if strings.Contains(contentType, ";") {
		// Without parameters there is no charset to honour.
		_, params, _ = mime.ParseMediaType(contentType)
	}
	if cs := params["charset"]; cs != "" {
		utf, err := fromCharset(data, cs)
		if err != nil {
			return nil, err
		}
		data = utf
	}
	if !IsJSON(base) {
		return string(data), nil
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	v, err := jsonvalue.Decode(data)
	if err != nil {
		return nil, fmt.Errorf("invalid JSON body: %w", jsonError(data, err))
	}
	return v, nil
}

// fromCharset converts text in the named charset to UTF-8.
func fromCharset(data []byte, cs string) ([]byte, error) {
	e, err := htmlindex.Get(strings.TrimSpace(cs))
	if err != nil {
		return nil, fmt.Errorf("unsupported charset %q", cs)
	}
	if name, _ := htmlindex.Name(e); name == "utf-8" {
		return data, nil
	}
	out, err := e.NewDecoder().Bytes(data)
	if err != nil {
		return nil, fmt.Errorf("the body is not valid %s text: %v", cs, err)
	}
	return out, nil
}
