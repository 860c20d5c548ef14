package oas

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"

	"github.com/pb33f/libopenapi"
	"github.com/pb33f/libopenapi/datamodel"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
	"github.com/pb33f/libopenapi/datamodel/low"
	"github.com/pb33f/libopenapi/index"
	"github.com/pb33f/libopenapi/utils"
)

// Errors that classify a document [Load] refuses. The returned error wraps
// one of them (test with errors.Is) and adds the details.
var (
	// ErrSwagger2 reports a Swagger 2.0 (OpenAPI 2) description.
	ErrSwagger2 = errors.New("unsupported: Swagger 2.0")
	// ErrUnsupportedVersion reports an OpenAPI version other than 3.0.x or
	// 3.1.x.
	ErrUnsupportedVersion = errors.New("unsupported OpenAPI version")
	// ErrNotOpenAPI reports bytes that are not an OpenAPI description at
	// all: unreadable YAML or JSON, a root that is not an object, or a root
	// without an "openapi" field.
	ErrNotOpenAPI = errors.New("not an OpenAPI document")
)

// Document is an OpenAPI 3.0 or 3.1 description, indexed for operation
// lookup and request binding. It is immutable once [Load] returns it and
// safe for concurrent use.
type Document struct {
	location string
	version  string
	title    string
	model    *v3.Document
	raw      any

	servers   []*Server
	schemes   map[string]*SecurityScheme
	schemeSeq []*SecurityScheme // schemes in document order
	ops       []*Operation
	byID      map[string]*Operation
	byPointer map[string]*Operation
}

// Load reads an OpenAPI 3.0.x or 3.1.x description from YAML or JSON bytes
// and indexes its operations. location is the absolute URI the bytes came
// from; relative server URLs resolve against it. It may be empty, in which
// case relative server URLs stay relative.
//
// Load never fetches anything: references must be local ("#/..."), and a
// reference to another file or URL is an error. A Swagger 2.0 description
// yields an error wrapping [ErrSwagger2]; an OpenAPI version other than 3.0
// or 3.1 one wrapping [ErrUnsupportedVersion]; anything else that is not an
// OpenAPI description one wrapping [ErrNotOpenAPI].
func Load(data []byte, location string) (*Document, error) {
	// libopenapi caches, in package-level maps, the hashes of YAML nodes
	// and a table of lookups per index, keyed by the nodes and the index
	// themselves. Nothing ever removes those entries, so every document
	// built would stay reachable for the life of the process. The model is
	// complete once Load returns, so the entries are dropped here. This
	// clears the whole cache: another document being built at the same
	// time only loses cached results, which it computes again.
	defer low.ClearHashCache()
	base, err := parseLocation(location)
	if err != nil {
		return nil, err
	}
	lib, built, err := buildModel(data)
	if err != nil {
		return nil, err
	}
	info := lib.GetSpecInfo()
	nodes := newPlainTree()
	raw, err := nodes.value(info.RootNode)
	if err != nil {
		return nil, fmt.Errorf("invalid OpenAPI description: %w", err)
	}
	d := &Document{
		location: location,
		version:  info.Version,
		model:    &built.Model,
		raw:      raw,
	}
	if built.Model.Info != nil {
		d.title = built.Model.Info.Title
	}
	b := &builder{
		doc:    d,
		base:   base,
		nodes:  nodes,
		schema: newSchemaInliner(raw, strings.HasPrefix(info.Version, "3.1")),
	}
	if err := b.build(); err != nil {
		return nil, err
	}
	return d, nil
}

// buildModel runs libopenapi: it parses the bytes, checks the kind and
// version, and builds the high-level model.
func buildModel(data []byte) (lib libopenapi.Document, built *libopenapi.DocumentModel[v3.Document], err error) {
	// libopenapi is not written for hostile input; a panic inside it must
	// not take the caller down.
	defer func() {
		if r := recover(); r != nil {
			lib, built, err = nil, nil, fmt.Errorf("reading the OpenAPI description failed: %v", r)
		}
	}()
	lib, err = libopenapi.NewDocumentWithConfiguration(data, config())
	if err != nil {
		return nil, nil, classify(data, err)
	}
	info := lib.GetSpecInfo()
	switch info.SpecType {
	case utils.OpenApi3:
	case utils.OpenApi2:
		return nil, nil, fmt.Errorf("%w: convert the description to OpenAPI 3.0 or 3.1", ErrSwagger2)
	default:
		return nil, nil, fmt.Errorf("%w: it is %s", ErrNotOpenAPI, describeKind(info.SpecType))
	}
	if !strings.HasPrefix(info.Version, "3.0") && !strings.HasPrefix(info.Version, "3.1") {
		return nil, nil, fmt.Errorf("%w %q: supported versions are 3.0.x and 3.1.x", ErrUnsupportedVersion, info.Version)
	}
	built, buildErr := lib.BuildV3Model()
	if built != nil {
		if err := checkReferences(built.Index); err != nil {
			return nil, nil, err
		}
	}
	if err := firstBuildError(buildErr); err != nil {
		return nil, nil, fmt.Errorf("invalid OpenAPI description: %w", err)
	}
	if built == nil {
		return nil, nil, errors.New("invalid OpenAPI description: no model could be built")
	}
	return lib, built, nil
}

// config returns the libopenapi settings: no file or network lookups, no
// logging, and no work whose results this package does not use.
func config() *datamodel.DocumentConfiguration {
	c := datamodel.NewDocumentConfiguration()
	c.Logger = slog.New(slog.DiscardHandler)
	c.AllowFileReferences = false
	c.AllowRemoteReferences = false
	c.SkipExternalRefResolution = true
	c.ExcludeExtensionRefs = true
	// Keep "$ref" siblings as written; the schema inliner applies the
	// version's rule itself.
	c.TransformSiblingRefs = false
	// Recursive schemas are legal; the inliner stops at recursion.
	c.SkipCircularReferenceCheck = true
	c.SkipMetadataCollection = true
	return c
}

// parseLocation checks that location is empty or an absolute URI.
func parseLocation(location string) (*url.URL, error) {
	if location == "" {
		return nil, nil
	}
	u, err := url.Parse(location)
	if err != nil {
		return nil, fmt.Errorf("invalid document location %q: %v", location, err)
	}
	if !u.IsAbs() {
		return nil, fmt.Errorf("invalid document location %q: not an absolute URI", location)
	}
	return u, nil
}

// classify explains why libopenapi refused the bytes, using the root of
// the document when it can be read.
func classify(data []byte, libErr error) error {
	kind, version, _, err := Sniff(data)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrNotOpenAPI, err)
	}
	switch kind {
	case KindSwagger:
		return fmt.Errorf("%w: convert the description to OpenAPI 3.0 or 3.1", ErrSwagger2)
	case KindOpenAPI:
		if !strings.HasPrefix(version, "3.") {
			return fmt.Errorf("%w %q: supported versions are 3.0.x and 3.1.x", ErrUnsupportedVersion, version)
		}
		return fmt.Errorf("invalid OpenAPI description: %v", libErr)
	case "":
		return fmt.Errorf("%w: the root has no \"openapi\" field", ErrNotOpenAPI)
	}
	return fmt.Errorf("%w: it is %s", ErrNotOpenAPI, describeKind(kind))
}

// describeKind names a kind of document for messages.
func describeKind(kind string) string {
	switch kind {
	case KindArazzo:
		return "an Arazzo document"
	case KindAsyncAPI:
		return "an AsyncAPI document"
	}
	return fmt.Sprintf("a %q document", kind)
}

// checkReferences refuses references to other documents, which this package
// does not follow. Reporting them here gives a clearer message than the
// lookup failures they cause later.
func checkReferences(idx *index.SpecIndex) error {
	if idx == nil {
		return nil
	}
	for _, ref := range idx.GetRawReferencesSequenced() {
		if strings.HasPrefix(ref.RawRef, "#") {
			continue
		}
		where := ""
		if ref.KeyNode != nil {
			where = fmt.Sprintf(" (line %d, column %d)", ref.KeyNode.Line, ref.KeyNode.Column)
		}
		return fmt.Errorf("reference %q%s points outside the document; only local references (\"#/...\") are supported", ref.RawRef, where)
	}
	return nil
}

// firstBuildError returns the first error from building the model that is
// not about recursive schemas, which are legal.
func firstBuildError(err error) error {
	for _, e := range utils.UnwrapErrors(err) {
		var re *index.ResolvingError
		if errors.As(e, &re) && re.CircularReference != nil {
			continue
		}
		return e
	}
	return nil
}

// Version returns the OpenAPI version the document declares, such as
// "3.0.3".
func (d *Document) Version() string { return d.version }

// Title returns the title from the document's Info Object.
func (d *Document) Title() string { return d.title }

// Location returns the URI the document was loaded from, as given to
// [Load].
func (d *Document) Location() string { return d.location }

// Model returns the libopenapi model of the document, for anything the
// index does not cover. It must not be modified.
func (d *Document) Model() *v3.Document { return d.model }

// Raw returns the whole document as plain JSON values. It must not be
// modified.
func (d *Document) Raw() any { return d.raw }

// Servers returns the document-level servers, with the default applied when
// the document declares none (a single server "/" resolved against the
// document's location).
func (d *Document) Servers() []*Server { return d.servers }

// SecuritySchemes returns the security schemes of components, in document
// order.
func (d *Document) SecuritySchemes() []*SecurityScheme { return d.schemeSeq }

// Operations returns every operation under the document's paths, in
// document order.
func (d *Document) Operations() []*Operation { return d.ops }

// OperationByID returns the operation whose operationId is id. Matching is
// case-sensitive.
func (d *Document) OperationByID(id string) (*Operation, bool) {
	op, ok := d.byID[id]
	return op, ok
}
