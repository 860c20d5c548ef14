// Package oas reads OpenAPI 3.0 and 3.1 descriptions and indexes them for
// the two jobs an Arazzo engine has: checking that a step names a real
// operation with real parameters, and building that operation's HTTP
// request.
//
// [Load] parses a description (with libopenapi) and returns an immutable
// [Document]. Its operations can be found by operationId
// ([Document.OperationByID]) or by JSON Pointer ([Document.OperationAt], for
// Arazzo operationPath values). Each [Operation] carries its resolved
// parameters with OpenAPI's serialisation defaults, its request body media
// types and encodings, its effective servers with absolute URLs, and its
// effective security requirements. Schemas are plain JSON values with local
// references inlined.
//
// Load never reads files or the network: a description that refers to
// another document is refused, and fetching the description itself is the
// caller's job. [Sniff] tells which kind of API description some bytes
// hold, judging by the fields at their root.
package oas
