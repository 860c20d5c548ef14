// Package wire turns evaluated values into their HTTP wire form, following
// OpenAPI 3.x, and reads response bodies back into values. It owns
// parameter serialisation (style and explode), request body encoding,
// payload replacements, response body decoding and the choice of a request
// content type. Every function is pure: nothing here performs I/O or keeps
// state, and everything is safe for concurrent use.
//
// Values are plain JSON values (nil, bool, string, numbers including
// json.Number, []any and map[string]any), plus [File] for binary content.
//
// The simplest way in: serialise each parameter with [Path], [Query],
// [Header] or [Cookie], build the path with [ExpandPath] and the Cookie
// header with [CookieHeader]; pick the body's media type with
// [ChooseContentType], apply replacements with [ReplaceJSON] or
// [ReplaceXML], and encode it with [EncodeBody]; read the response with
// [DecodeBody].
//
// # Parameters
//
// Serialisation follows the Style Values and Style Examples of OpenAPI
// 3.1.1 (section 4.8.12.4), which are RFC 6570 expansions; the tests
// reproduce the Style Examples table cell by cell.
//
//	in      styles (default first)                     explode default   escaping
//	path    simple, label, matrix                      false             all but RFC 3986 unreserved
//	query   form, spaceDelimited, pipeDelimited,       true for form,    all but unreserved, or with
//	        deepObject                                 false otherwise   allowReserved the reserved
//	                                                                     characters a query allows
//	header  simple                                     false             none; control characters refused
//	cookie  form                                       true              bytes that are not RFC 6265
//	                                                                     cookie-octets
//
// Further rules, where OpenAPI leaves the choice to implementations:
//
//   - Primitives become text with [jsonvalue.Text]: strings as they are,
//     numbers in canonical JSON form, booleans as true and false. JSON null
//     is treated like the empty string (query "name=", matrix ";name",
//     label "."): the caller leaves out values that did not resolve, so a
//     null that arrives here was asked for.
//   - Empty arrays and objects are undefined in RFC 6570 and produce
//     nothing: no query pair, no cookie pair, empty path text.
//   - Object members are written in sorted key order, so output is
//     deterministic (the OpenAPI table lists R, G, B; this package writes
//     B, G, R).
//   - Arrays and objects may only hold primitives. Anything deeper is an
//     error for every style, deepObject included, because OpenAPI does not
//     define it.
//   - Delimiters follow OpenAPI 3.1.1, which percent-encodes them as RFC 3986
//     requires: "," for form, "%20" for spaceDelimited, "%7C" for
//     pipeDelimited, and "name%5Bkey%5D=value" for deepObject. Earlier
//     printings of the table showed "|", "[" and "]" unencoded; servers
//     decode both forms, and only the encoded one is a valid URI.
//   - A space in a query value is "%20" and "+" is "%2B": query strings are
//     RFC 3986 URIs, so "+" is never taken to mean a space.
//   - spaceDelimited and pipeDelimited with explode=true, and those styles
//     on a primitive, are undefined in OpenAPI; they are written like form
//     (one pair per value), where no delimiter is needed. deepObject is
//     written the same way whatever explode says.
//   - allowReserved only applies to query parameters, as OpenAPI says.
//   - Header values are not percent-encoded. A value with CR, LF, NUL or any
//     other control character except tab is an error rather than a header
//     injection.
//   - Cookie values keep every cookie-octet, "%" included, so a value copied
//     from a Set-Cookie header is sent unchanged; other bytes (space, '"',
//     ',', ';', '\', controls, non-ASCII) are percent-encoded. The ","
//     between the items of a non-exploded array is written literally, as in
//     the OpenAPI table. All cookie pairs of a request share one Cookie
//     header (BIND-06).
//   - A parameter described with content instead of schema (Param.ContentType)
//     is encoded like a body of that media type and the text is then escaped
//     for its location (strictly, in the path and query).
//
// # Request bodies
//
// [EncodeBody] writes a payload for a media type (BIND-07):
//
//	media type                    payload                      wire form
//	application/json, *+json      string                       sent verbatim; must be valid JSON
//	                              anything else                JSON, object members sorted
//	application/xml, text/xml,    string or File               sent verbatim; must be a
//	*+xml                                                      well-formed document
//	                              anything else                error: give XML as a string
//	application/x-www-form-       object                       one field per member, sorted
//	urlencoded                    string                       pre-encoded form, sent verbatim
//	multipart/form-data           object                       one part per member, sorted
//	                              string                       verbatim; the media type must
//	                                                           carry the boundary
//	text/*, YAML types            string or File               verbatim
//	                              anything else                jsonvalue.Text (JSON for
//	                                                           structures, which YAML accepts)
//	anything else                 string or File               verbatim
//	                              number or boolean            its text
//	                              null, array, object          error
//
// A JSON payload given as a string is the "templated" form of the Arazzo
// specification's examples: JSON text with {$...} placeholders already
// filled in. It is sent as it is when it is valid JSON and refused
// otherwise, never silently turned into a JSON string.
//
// Form fields (BODY-06) are written from the object's members. Scalars are
// text, null is empty, and arrays repeat the field name. Each member's
// [Encoding] can change that: style, explode or allowReserved switch the
// member to style-based serialisation (as for a query parameter: RFC 6570,
// spaces as "%20", deepObject allowed), while a contentType encodes the
// value with that media type (for example application/json for an object).
// Without either, a member that is an object or holds one is an error
// (AMB-46). Content-based fields are encoded as url.Values does, with a
// space as "+", which is the form-urlencoded convention; OpenAPI 3.1.1
// Appendix E describes this split between the two serialisations.
//
// Multipart parts are written in sorted member order; an array member
// becomes one part per item. A primitive part is its text with no
// Content-Type (text/plain is implied). An object or array item is JSON with
// Content-Type application/json. An Encoding contentType (the first of a
// list, when it is not a range) is used to encode the value and is sent as
// the part's Content-Type. A [File] becomes a file part with its name and
// content type, else the Encoding's, else application/octet-stream.
// Part names and file names escape '"', CR and LF as %22, %0D and %0A, as
// browsers do. Encoding style fields do not apply to multipart. The
// boundary is random unless the media type carries one or [Boundary] sets
// it.
//
// Binary content cannot be written in a JSON or YAML document, so [File]
// values are created by the runtime from its inputs (for example a CLI
// input read from a file). Strings are never interpreted as file names.
//
// A charset parameter other than UTF-8 re-encodes textual payloads into that
// charset (any WHATWG encoding label); characters it cannot represent are an
// error. File data is never re-encoded.
//
// # Payload replacements
//
// [ReplaceJSON] writes a value at an RFC 6901 pointer and [ReplaceXML] at
// the nodes an XPath 1.0 expression selects (BODY-10, AMB-45). Both leave
// their input unchanged: ReplaceJSON copies the containers on the pointer's
// path, and ReplaceXML edits a copy of the text, keeping every byte outside
// the replaced content.
//
// # Responses
//
// [DecodeBody] parses JSON bodies (numbers as json.Number) and returns every
// other body as a string (AMB-39). An empty body is [ErrNoBody], which the
// caller treats as "no value", unlike a JSON null body.
//
// # Content type
//
// [ChooseContentType] picks the request media type (AMB-46): the explicit
// one, else the first declared JSON type, else the first declared type,
// else one suited to the payload.
package wire
