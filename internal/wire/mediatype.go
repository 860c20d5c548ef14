package wire

import (
	"fmt"
	"mime"
	"strings"
)

// mediaBase returns the lower-case "type/subtype" of a media type, without
// parameters. It does not validate anything, so it also works on malformed
// Content-Type headers.
func mediaBase(mt string) string {
	if i := strings.IndexByte(mt, ';'); i >= 0 {
		mt = mt[:i]
	}
	return strings.ToLower(strings.TrimSpace(mt))
}

// IsJSON reports whether the media type mt (parameters allowed) is JSON:
// application/json or any type with the +json structured syntax suffix,
// such as application/problem+json.
func IsJSON(mt string) bool {
	b := mediaBase(mt)
	return b == "application/json" || strings.HasSuffix(b, "+json") && strings.Contains(b, "/")
}

// IsXML reports whether the media type mt (parameters allowed) is XML:
// application/xml, text/xml or any type with the +xml suffix.
func IsXML(mt string) bool {
	b := mediaBase(mt)
	return b == "application/xml" || b == "text/xml" || strings.HasSuffix(b, "+xml") && strings.Contains(b, "/")
}

// IsForm reports whether the media type mt (parameters allowed) is
// application/x-www-form-urlencoded.
func IsForm(mt string) bool {
	return mediaBase(mt) == "application/x-www-form-urlencoded"
}

// IsMultipart reports whether the media type mt (parameters allowed) is a
// multipart type. Only multipart/form-data can be encoded by [EncodeBody].
func IsMultipart(mt string) bool {
	return strings.HasPrefix(mediaBase(mt), "multipart/")
}

// isText reports whether a base media type is sent as plain text: text/*
// (other than XML) and the YAML types. Structured values are written as
// JSON text, which is also valid YAML 1.2.
func isText(base string) bool {
	return strings.HasPrefix(base, "text/") || base == "application/yaml" || base == "application/x-yaml" ||
		strings.HasSuffix(base, "+yaml")
}

// isRange reports whether mt is a media type range such as "*/*" or
// "image/*", which cannot be sent as a Content-Type.
func isRange(mt string) bool {
	return strings.Contains(mediaBase(mt), "*")
}

// ChooseContentType picks the media type of a request body (AMB-46). An
// explicit content type (the Arazzo requestBody's contentType) wins.
// Otherwise, among the media types the operation declares, the first JSON
// type is preferred, then the first declared type; media type ranges such
// as "*/*" are skipped. When nothing usable is declared, the choice follows
// the payload: text/plain for a string, the file's own content type (or
// application/octet-stream) for a [File], and application/json for
// anything else.
func ChooseContentType(explicit string, declared []string, payload any) string {
	if explicit != "" {
		return explicit
	}
	for _, d := range declared {
		if IsJSON(d) && !isRange(d) {
			return d
		}
	}
	for _, d := range declared {
		if !isRange(d) && strings.TrimSpace(d) != "" {
			return d
		}
	}
	switch x := payload.(type) {
	case string:
		return "text/plain"
	case File:
		return x.contentType("")
	case *File:
		if x != nil {
			return x.contentType("")
		}
	}
	return "application/json"
}

// firstConcrete returns the first media type of an Encoding Object's
// contentType, which may list several types separated by commas, or "" when
// that type is a range or nothing is given.
func firstConcrete(list string) string {
	first, _, _ := strings.Cut(list, ",")
	first = strings.TrimSpace(first)
	if first == "" || isRange(first) {
		return ""
	}
	return first
}

// parseMediaType parses mt strictly, for request bodies the caller chose.
// The parameters may be nil when there are none.
func parseMediaType(mt string) (string, map[string]string, error) {
	if simpleMediaType(mt) {
		// What mime.ParseMediaType would return, without its work.
		return strings.ToLower(mt), nil, nil
	}
	base, params, err := mime.ParseMediaType(mt)
	if err != nil {
		return "", nil, fmt.Errorf("invalid media type %q: %w", mt, err)
	}
	if !strings.Contains(base, "/") {
		return "", nil, fmt.Errorf("invalid media type %q: want type/subtype", mt)
	}
	return base, params, nil
}

// simpleMediaType reports whether mt is a bare type/subtype, two RFC 2045
// tokens joined by one slash, without parameters or spaces, such as
// "application/json".
func simpleMediaType(mt string) bool {
	slash := -1
	for i := 0; i < len(mt); i++ {
		switch c := mt[i]; {
		case c == '/':
			if slash >= 0 {
				return false
			}
			slash = i
		case c <= ' ' || c >= 0x7f || strings.IndexByte(`()<>@,;:\"[]?=`, c) >= 0:
			return false
		}
	}
	return slash > 0 && slash < len(mt)-1
}
