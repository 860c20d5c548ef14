// Package arazzo reads, loads and validates Arazzo 1.0.x documents.
//
// [Parse] turns YAML or JSON bytes into a [Document], a typed model in which
// every object remembers where it was written. [Load] fetches the source
// descriptions a document names (OpenAPI descriptions and other Arazzo
// documents, recursively) into a [Bundle], and [Validate] checks the whole
// bundle against the official JSON Schema and every semantic rule of the
// specification, reporting each finding as a [Diagnostic] with a rule id
// ([Rules] lists them), a severity, a position and, where one is known, a
// hint. [WriteText] renders findings for people, with the source line and
// a caret under the offending text.
//
// The ways in, from the simplest:
//
//   - [ValidateFile] reads, loads and validates a document on disk and
//     returns every finding of the three steps, sorted and without repeats.
//     Give the result to [WriteText] to print it.
//   - [Parse], [Load] and [Validate] are the three steps on their own, for
//     documents held in memory or sources read through another [Loader]
//     (such as [FSLoader]). A Bundle keeps the diagnostics of its loading
//     ([Bundle.Diagnostics]) and Validate reports them with its own, so a
//     bundle whose loading failed never validates clean; only the findings
//     of Parse on the entry document are the caller's to add.
//   - [ValidateDocument] checks one document without its sources.
//
// The runtime package runs the workflows of a bundle; it refuses a bundle
// whose loading or validation reported an error.
package arazzo
