package oas

import "strings"

// Operation is one Operation Object with everything needed to validate a
// step against it and to build its HTTP request, with references resolved
// and OpenAPI defaults applied.
type Operation struct {
	// OperationID is the operationId, or empty when the operation has none.
	OperationID string
	// Method is the HTTP method in upper case, such as "GET".
	Method string
	// Path is the path template, such as "/pets/{petId}".
	Path string
	// Pointer is the JSON Pointer of the operation in its document, such as
	// "/paths/~1pets~1{petId}/get".
	Pointer string
	// Parameters are the parameters that apply: those of the Path Item that
	// the operation does not redefine (same name and location), in document
	// order, followed by the operation's own. Header parameters named
	// Accept, Content-Type or Authorization are left out, as OpenAPI
	// requires.
	Parameters []*Parameter
	// RequestBody is the request body, or nil when the operation takes none.
	RequestBody *RequestBody
	// Servers are the servers that apply: the operation's, else its Path
	// Item's, else the document's (see [Document.Servers]).
	Servers []*Server
	// Security lists the alternative security requirements that apply: the
	// operation's when it declares them (an empty list turns security off),
	// else the document's. Satisfying any one of them is enough.
	Security []*SecurityRequirement
	// Responses are the declared responses in document order, with
	// "default" last.
	Responses []*Response
}

// String describes the operation as "GET /pets/{petId}".
func (o *Operation) String() string { return o.Method + " " + o.Path }

// Parameter returns the parameter named name in location in ("path",
// "query", "header" or "cookie"). Header names match case-insensitively,
// other names exactly.
func (o *Operation) Parameter(name, in string) (*Parameter, bool) {
	for _, p := range o.Parameters {
		if p.In != in {
			continue
		}
		if p.Name == name || (in == "header" && strings.EqualFold(p.Name, name)) {
			return p, true
		}
	}
	return nil, false
}

// Parameter is a Parameter Object with its serialisation defaults applied.
type Parameter struct {
	Name string
	// In is "path", "query", "header" or "cookie".
	In string
	// Required is true when the document says so, and always for path
	// parameters.
	Required   bool
	Deprecated bool
	// Style is the serialisation style; when the document gives none it is
	// "form" for query and cookie parameters and "simple" for path and
	// header parameters. It is empty when the parameter uses Content.
	Style string
	// Explode defaults to true for the form style and false otherwise.
	Explode         bool
	AllowReserved   bool
	AllowEmptyValue bool
	// Schema is the parameter's schema as plain JSON values with local
	// references inlined (a recursive schema keeps "$ref" where it
	// recurs), or nil when there is none. When the parameter uses Content,
	// it is the schema of that media type.
	Schema any
	// ContentType is the media type of a parameter described with content
	// instead of a schema and style, and empty otherwise.
	ContentType string
}

// RequestBody is a Request Body Object.
type RequestBody struct {
	Required bool
	// Content lists the accepted media types in document order.
	Content []*MediaType
}

// MediaType returns the entry of Content whose name is mediaType, comparing
// case-insensitively and ignoring parameters such as "; charset=utf-8", or
// nil.
func (rb *RequestBody) MediaType(mediaType string) *MediaType {
	return findMediaType(rb.Content, mediaType)
}

// MediaType is one entry of a content map: a media type name (or range,
// such as "image/*"), its schema and, for form and multipart bodies, how
// each property is encoded.
type MediaType struct {
	// Name is the media type or media type range as written, such as
	// "application/json".
	Name string
	// Schema is the schema as plain JSON values with local references
	// inlined, or nil.
	Schema any
	// Encoding maps property names to their Encoding Objects; nil when the
	// media type declares none.
	Encoding map[string]*Encoding
}

// Encoding is an Encoding Object: how one property of a form or multipart
// body is serialised. Headers are not kept.
type Encoding struct {
	// ContentType is the contentType as written, or empty; the default then
	// depends on the property's schema.
	ContentType string
	// Style is the serialisation style, "form" when not given.
	Style string
	// Explode defaults to true for the form style and false otherwise.
	Explode       bool
	AllowReserved bool
	// Styled reports whether the document gives any of style, explode or
	// allowReserved. For application/x-www-form-urlencoded bodies, OpenAPI
	// then ignores ContentType.
	Styled bool
}

// Response is one entry of an operation's responses.
type Response struct {
	// Status is the key as written: a status code such as "200", a range
	// such as "2XX", or "default".
	Status string
	// Content lists the response media types in document order.
	Content []*MediaType
}

// findMediaType looks up a media type by name, ignoring case and
// parameters.
func findMediaType(list []*MediaType, name string) *MediaType {
	want := bareMediaType(name)
	for _, mt := range list {
		if bareMediaType(mt.Name) == want {
			return mt
		}
	}
	return nil
}

// bareMediaType lower-cases a media type and drops its parameters.
func bareMediaType(s string) string {
	if i := strings.IndexByte(s, ';'); i >= 0 {
		s = s[:i]
	}
	return strings.ToLower(strings.TrimSpace(s))
}
