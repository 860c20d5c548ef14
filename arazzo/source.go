package arazzo

import "github.com/arazzo-dev/arazzo/internal/oas"

// Bundle is an entry document together with every document its source
// descriptions name, loaded by [Load]: OpenAPI descriptions, and Arazzo
// documents with their own sources in turn. A document reached several
// times, including through a cycle, is loaded once and shared. The bundle
// keeps the diagnostics of its loading ([Bundle.Diagnostics]), so that
// whoever validates or runs it later sees them too. A Bundle is immutable
// and safe for concurrent use.
type Bundle struct {
	// Entry is the document given to [Load].
	Entry *Document

	docs    []*Document
	sources map[*Document][]*Source
	diags   []bundleDiag
}

// bundleDiag is a diagnostic of loading a bundle, with the document it is
// positioned in, so that [Bundle.WithEntry] can move those about the entry
// to the new entry.
type bundleDiag struct {
	d   Diagnostic
	doc *Document // nil when the bundle does not hold the document
}

// Diagnostics returns the diagnostics that [Load] reported while building
// the bundle, the same ones it returned: sources that could not be
// fetched, read or used, declared types that disagree with the documents
// (rule "source-type-mismatch"), and the findings of parsing each Arazzo
// source. [Validate] includes them in its result, and the runtime refuses a
// bundle whose loading reported an error. The result is a new slice; it is
// nil for a bundle that loaded cleanly, and for a Bundle not built by Load.
func (b *Bundle) Diagnostics() Diagnostics {
	if b == nil || len(b.diags) == 0 {
		return nil
	}
	ds := make(Diagnostics, len(b.diags))
	for i, bd := range b.diags {
		ds[i] = bd.d
	}
	return ds
}

// Documents returns every Arazzo document of the bundle, the entry first,
// then the others in the order they are first reached (breadth first, in
// source description order).
func (b *Bundle) Documents() []*Document {
	return b.docs
}

// Sources returns the sources of doc, one per source description in
// document order, including those that could not be loaded. It returns nil
// for a document that is not part of the bundle.
func (b *Bundle) Sources(doc *Document) []*Source {
	return b.sources[doc]
}

// Source returns the source of doc named name, or nil. When several source
// descriptions share the name, which the validator reports, the first one
// wins.
func (b *Bundle) Source(doc *Document, name string) *Source {
	for _, s := range b.sources[doc] {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// Source is one loaded source description: an OpenAPI description or an
// Arazzo document.
type Source struct {
	// Name is the source description's name.
	Name string
	// URL is the resolved absolute URL (or, with [FSLoader], the rooted path)
	// the document was loaded from; empty when the url could not be
	// resolved.
	URL string
	// Kind is "openapi" or "arazzo": what the document turned out to be, or,
	// when it could not be loaded, the declared type (possibly empty).
	Kind string
	// Description is the source description in the referring document.
	Description *SourceDescription
	// Document is the Arazzo document of an Arazzo source, and nil
	// otherwise.
	Document *Document
	// Err says why the source could not be loaded, and is nil when it was.
	// [Load] has reported it as a diagnostic already; it is kept so that
	// later checks can skip a source that is missing rather than report
	// each use of it.
	Err error

	openapi *oas.Document
}

// OpenAPI returns the indexed OpenAPI description of an OpenAPI source, or
// nil for an Arazzo source or one that could not be loaded. It is meant for
// the runtime package and the validator: its type lives in an internal
// package, so other callers can hold the value but not name its type.
func (s *Source) OpenAPI() *oas.Document {
	return s.openapi
}
