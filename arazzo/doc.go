// Package arazzo reads, loads and validates Arazzo 1.0.x documents.
//
// [Parse] turns YAML or JSON bytes into a [Document], a typed model in which
// every object remembers where it was written. [Load] fetches the source
// descriptions a document names, and [Validate] checks the whole bundle
// against the official JSON Schema and every semantic rule of the
// specification, reporting each finding as a [Diagnostic] with a rule id,
// a severity, a position and, where one is known, a hint.
package arazzo
