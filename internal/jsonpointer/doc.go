// Package jsonpointer implements RFC 6901 JSON Pointers over plain decoded
// JSON values (nil, bool, string, numbers, []any and map[string]any).
//
// The simplest way in is [Get] and [Set], which take the pointer as text.
// Code that applies the same pointer many times parses it once with [Parse]
// and keeps the [Pointer]: [Pointer.Get] then reads a value without
// allocating, and [Pointer.Set] writes one with the rules Arazzo payload
// replacements need (a missing parent is an error, a missing last member of
// an object is added, "-" appends to an array).
//
// Every failure is reported as data: a [*SyntaxError] gives the byte offset
// of a malformed escape, and an [*Error] names the reference token that
// could not be followed, the value it was applied to and why.
package jsonpointer
