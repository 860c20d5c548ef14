package arazzo

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/arazzo-dev/arazzo/internal/oas"
)

// Rule ids of the findings [Load] reports.
const (
	// ruleSourceUnreachable: the url cannot be resolved or fetched.
	ruleSourceUnreachable = "source-unreachable"
	// ruleSourceUnsupported: the document is of a kind this package cannot
	// use (Swagger 2.0, AsyncAPI, an unknown format or version).
	ruleSourceUnsupported = "source-unsupported"
	// ruleSourceTypeMismatch: the declared type disagrees with the content.
	ruleSourceTypeMismatch = "source-type-mismatch"
	// ruleSourceInvalid: the document is of the right kind but broken.
	ruleSourceInvalid = "source-invalid"
	// ruleLoadOption: Load was called with a bad argument.
	ruleLoadOption = "invalid-option"
)

const (
	// maxBundleDocuments caps how many documents one Load fetches, so that
	// a server generating endless chains of Arazzo documents cannot keep it
	// busy forever.
	maxBundleDocuments = 256
	// maxParallelLoads caps concurrent Loader calls.
	maxParallelLoads = 8
)

// LoadOption configures [Load].
type LoadOption func(*loadConfig)

type loadConfig struct {
	loader  Loader
	baseURI string
	bad     []string
}

// UseLoader sets the [Loader] that fetches source documents. The default is
// [DefaultLoader] with its default options.
func UseLoader(l Loader) LoadOption {
	return func(c *loadConfig) {
		if l == nil {
			c.bad = append(c.bad, "UseLoader(nil): the loader must not be nil")
			return
		}
		c.loader = l
	}
}

// BaseURI sets the URI of the entry document, against which its relative
// source description urls resolve (RFC 3986). It may be an absolute URI or,
// with the default loader, a file path. The default is derived from the
// document's [Document.File]: an absolute URI is used as it is, and a file
// path is made absolute and turned into a file URI; with no file name,
// urls resolve against the current directory. With [FSLoader], the file
// name is taken as a path inside the file system.
func BaseURI(uri string) LoadOption {
	return func(c *loadConfig) { c.baseURI = uri }
}

// Load fetches the documents that doc's source descriptions name,
// recursively, and returns them as a [Bundle].
//
// Each url is resolved against the URI of the document that holds it
// (see [BaseURI]) and fetched through the [Loader] (see [UseLoader]);
// independent documents are fetched in parallel, and a document is fetched
// once however often it is named, so cycles end. The kind of document is
// taken from its content: a root field "openapi" or "swagger" means an
// OpenAPI description, "arazzo" an Arazzo document. A declared type that
// disagrees is reported. OpenAPI 3.0 and 3.1 descriptions are indexed;
// Swagger 2.0 is refused. Arazzo documents are parsed with [Parse], and
// their own sources loaded in turn.
//
// Every failure is a diagnostic at the source description's url (or type)
// in the document that names it, carrying the underlying error; the other
// sources still load. Diagnostics that parsing an Arazzo source produced are
// returned too. The order of the diagnostics does not depend on timing.
// The Bundle is never nil unless doc is nil, and it keeps the diagnostics
// (see [Bundle.Diagnostics]), so that [Validate] reports them with its own.
func Load(ctx context.Context, doc *Document, opts ...LoadOption) (*Bundle, Diagnostics) {
	cfg := loadConfig{}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	if doc == nil {
		cfg.bad = append(cfg.bad, "the document is nil")
	}
	if len(cfg.bad) > 0 {
		var ds Diagnostics
		for _, msg := range cfg.bad {
			ds = append(ds, Diagnostic{Severity: SeverityError, Rule: ruleLoadOption, Message: "invalid Load argument: " + msg})
		}
		if doc == nil {
			return nil, ds
		}
		return &Bundle{Entry: doc, docs: []*Document{doc}, sources: map[*Document][]*Source{}, diags: aboutDocument(doc, ds)}, ds
	}
	if cfg.loader == nil {
		cfg.loader = DefaultLoader()
	}
	namer, ok := cfg.loader.(documentNamer)
	if !ok {
		namer = pathNamer{}
	}
	name := cfg.baseURI
	if name == "" {
		name = doc.File()
	}
	base, err := namer.baseURI(name)
	if err != nil {
		d := Diagnostic{Severity: SeverityError, Rule: ruleLoadOption, File: doc.File(),
			Message: fmt.Sprintf("invalid base URI %q: %v", name, err)}
		ds := Diagnostics{d}
		return &Bundle{Entry: doc, docs: []*Document{doc}, sources: map[*Document][]*Source{}, diags: aboutDocument(doc, ds)}, ds
	}
	s := &loadState{
		ctx:     ctx,
		loader:  cfg.loader,
		namer:   namer,
		sem:     make(chan struct{}, maxParallelLoads),
		entries: make(map[string]*loadEntry),
	}
	root := &loadEntry{uri: normalizeURI(base), kind: SourceTypeArazzo, doc: doc}
	s.entries[root.uri] = root
	s.count = 1
	s.follow(root)
	s.wg.Wait()
	return s.assemble(root)
}

// loadState is the shared state of one Load call.
type loadState struct {
	ctx    context.Context
	loader Loader
	namer  documentNamer
	sem    chan struct{}
	wg     sync.WaitGroup

	mu      sync.Mutex
	entries map[string]*loadEntry // by normalized URI
	count   int
}

// loadEntry is one document of the bundle, loaded or not. Its fields are
// written by the goroutine that loads it and read once every load is done.
type loadEntry struct {
	uri string

	kind string // SourceTypeOpenAPI or SourceTypeArazzo once loaded
	doc  *Document
	api  *oas.Document
	// parseDiags are the diagnostics parsing an Arazzo document produced.
	parseDiags Diagnostics
	// failure, when set, is why the document could not be used.
	failure *loadFailure
	// refs are the resolved source descriptions of an Arazzo document.
	refs []*sourceRef
}

// loadFailure is a reason a document could not be used, with the rule and
// the hint of the diagnostics that report it.
type loadFailure struct {
	rule, message, hint string
	err                 error
}

// sourceRef is one source description of a loaded Arazzo document.
type sourceRef struct {
	sd      *SourceDescription
	uri     string
	failure *loadFailure // resolution failed; target is nil
	target  *loadEntry
}

// follow resolves the source descriptions of a loaded Arazzo document and
// starts loading the documents not seen yet. It does not wait for them.
func (s *loadState) follow(e *loadEntry) {
	base, baseErr := url.Parse(e.uri)
	for _, sd := range e.doc.SourceDescriptions {
		ref := &sourceRef{sd: sd}
		e.refs = append(e.refs, ref)
		if sd == nil || sd.URL == "" {
			// A missing url is a structural problem that Parse reports.
			continue
		}
		if baseErr != nil {
			ref.failure = &loadFailure{rule: ruleSourceUnreachable, err: baseErr,
				message: fmt.Sprintf("source %q cannot be resolved: the referring document's URI %q is invalid: %v", sd.Name, e.uri, baseErr)}
			continue
		}
		u, err := url.Parse(sd.URL)
		if err != nil {
			ref.failure = &loadFailure{rule: ruleSourceUnreachable, err: err,
				message: fmt.Sprintf("source %q has an invalid url: %v", sd.Name, unwrapURLError(err)),
				hint:    "Write the url as a URI reference, such as \"openapi.yaml\" or \"https://example.com/openapi.yaml\"."}
			continue
		}
		target := base.ResolveReference(u)
		ref.uri = normalizeURI(target.String())
		if isRemote(base) && target.Scheme == "file" {
			ref.failure = &loadFailure{rule: ruleSourceUnreachable, err: errRemoteToLocal,
				message: fmt.Sprintf("source %q refers to %s, a local document, from %s, a remote one; that is not allowed", sd.Name, ref.uri, e.uri)}
			continue
		}
		ref.target = s.entry(ref.uri, sd)
		if ref.target == nil {
			ref.failure = &loadFailure{rule: ruleSourceUnreachable, err: errTooManyDocuments,
				message: fmt.Sprintf("source %q is not loaded: %v", sd.Name, errTooManyDocuments)}
		}
	}
}

var (
	errRemoteToLocal    = errors.New("a remote document may not refer to a local one")
	errTooManyDocuments = fmt.Errorf("the bundle would hold more than %d documents", maxBundleDocuments)
)

// entry returns the entry for uri, creating it and starting its load when
// it is new. It returns nil when the bundle is full.
func (s *loadState) entry(uri string, sd *SourceDescription) *loadEntry {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.entries[uri]; ok {
		return e
	}
	if s.count >= maxBundleDocuments {
		return nil
	}
	s.count++
	e := &loadEntry{uri: uri}
	s.entries[uri] = e
	declared := sd.Type
	s.wg.Go(func() {
		s.load(e, declared)
		if e.doc != nil {
			s.follow(e)
		}
	})
	return e
}

// load fetches and reads one document. declared is the type given by the
// source description that first named it, used only when the content does
// not settle the kind.
func (s *loadState) load(e *loadEntry, declared string) {
	s.sem <- struct{}{}
	data, err := s.loader.Load(s.ctx, e.uri)
	<-s.sem
	if err != nil {
		e.failure = &loadFailure{rule: ruleSourceUnreachable, err: err, message: "cannot be loaded: " + err.Error()}
		return
	}
	kind, _, present, sniffErr := oas.Sniff(data)
	if len(present) > 1 {
		kind = ""
		for _, k := range present {
			if declaredKind(declared) == k || (k == oas.KindSwagger && declared == SourceTypeOpenAPI) {
				kind = k
			}
		}
		if kind == "" {
			e.failure = &loadFailure{rule: ruleSourceUnsupported, err: errAmbiguousKind,
				message: fmt.Sprintf("is ambiguous: its root has the fields %q", present),
				hint:    "Set the source description's type to say which kind of document it is."}
			return
		}
	}
	switch {
	case sniffErr != nil && declared == SourceTypeArazzo:
		kind = oas.KindArazzo // let Parse explain, with positions
	case sniffErr != nil:
		e.failure = &loadFailure{rule: ruleSourceInvalid, err: sniffErr, message: "cannot be read: " + sniffErr.Error()}
		return
	}
	switch kind {
	case oas.KindOpenAPI, oas.KindSwagger:
		s.loadOpenAPI(e, data)
	case oas.KindArazzo:
		s.loadArazzo(e, data)
	case oas.KindAsyncAPI:
		e.failure = &loadFailure{rule: ruleSourceUnsupported, err: errUnknownKind,
			message: "is an AsyncAPI document, which Arazzo workflows cannot use"}
	default:
		e.failure = &loadFailure{rule: ruleSourceUnsupported, err: errUnknownKind,
			message: "is neither an OpenAPI description nor an Arazzo document: its root has no \"openapi\", \"swagger\" or \"arazzo\" field"}
	}
}

var (
	errAmbiguousKind = errors.New("the document's kind is ambiguous")
	errUnknownKind   = errors.New("the document is neither an OpenAPI description nor an Arazzo document")
)

// declaredKind maps a declared source type to the root field it implies.
func declaredKind(t string) string {
	switch t {
	case SourceTypeOpenAPI:
		return oas.KindOpenAPI
	case SourceTypeArazzo:
		return oas.KindArazzo
	}
	return ""
}

func (s *loadState) loadOpenAPI(e *loadEntry, data []byte) {
	location := ""
	if u, err := url.Parse(e.uri); err == nil && u.IsAbs() {
		location = e.uri
	}
	api, err := oas.Load(data, location)
	if err != nil {
		f := &loadFailure{rule: ruleSourceInvalid, err: err, message: "is not a valid OpenAPI description: " + err.Error()}
		switch {
		case errors.Is(err, oas.ErrSwagger2):
			f.rule = ruleSourceUnsupported
			f.message = "is a Swagger 2.0 description, which is not supported"
			f.hint = "Convert the description to OpenAPI 3.0 or 3.1."
		case errors.Is(err, oas.ErrUnsupportedVersion):
			f.rule = ruleSourceUnsupported
			f.message = "cannot be used: " + err.Error()
		}
		e.failure = f
		return
	}
	e.kind, e.api = SourceTypeOpenAPI, api
}

func (s *loadState) loadArazzo(e *loadEntry, data []byte) {
	limit := max(len(data), DefaultMaxBytes)
	doc, ds := Parse(data, Filename(s.namer.fileName(e.uri)), MaxBytes(limit))
	e.parseDiags = ds
	if doc == nil {
		msg := "is not a valid Arazzo document"
		if errs := ds.Errors(); len(errs) > 0 {
			msg += ": " + errs[0].Message
		}
		e.failure = &loadFailure{rule: ruleSourceInvalid, err: ds.Err(), message: msg}
		return
	}
	e.kind, e.doc = SourceTypeArazzo, doc
}

// assemble builds the bundle and its diagnostics once every load is done,
// walking the documents breadth first so that the result does not depend
// on the order in which loads finished.
func (s *loadState) assemble(root *loadEntry) (*Bundle, Diagnostics) {
	b := &Bundle{Entry: root.doc, sources: make(map[*Document][]*Source)}
	var ds Diagnostics
	seen := map[*loadEntry]bool{root: true}
	queue := []*loadEntry{root}
	for len(queue) > 0 {
		e := queue[0]
		queue = queue[1:]
		b.docs = append(b.docs, e.doc)
		sources := make([]*Source, 0, len(e.refs))
		for i, ref := range e.refs {
			src, d := s.source(e.doc, i, ref)
			sources = append(sources, src)
			ds = append(ds, d...)
			b.diags = append(b.diags, aboutDocument(e.doc, d)...)
			t := ref.target
			if t == nil || seen[t] {
				continue
			}
			seen[t] = true
			ds = append(ds, t.parseDiags...)
			b.diags = append(b.diags, aboutDocument(t.doc, t.parseDiags)...)
			if t.doc != nil {
				queue = append(queue, t)
			}
		}
		b.sources[e.doc] = sources
	}
	return b, ds
}

// aboutDocument pairs each of ds with doc, the document it is positioned
// in (nil for one the bundle does not hold), for a Bundle to keep.
func aboutDocument(doc *Document, ds Diagnostics) []bundleDiag {
	out := make([]bundleDiag, len(ds))
	for i, d := range ds {
		out[i] = bundleDiag{d: d, doc: doc}
	}
	return out
}

// source builds the Source for the i-th source description of doc, with
// the diagnostics about it.
func (s *loadState) source(doc *Document, i int, ref *sourceRef) (*Source, Diagnostics) {
	sd := ref.sd
	src := &Source{URL: ref.uri, Description: sd}
	if sd == nil {
		src.Err = errors.New("the source description is empty")
		return src, nil
	}
	src.Name = sd.Name
	if t := declaredKind(sd.Type); t != "" {
		src.Kind = sd.Type
	}
	ptr := "/sourceDescriptions/" + strconv.Itoa(i)
	switch {
	case sd.URL == "":
		src.Err = errors.New("the source description has no url")
		return src, nil
	case ref.failure != nil:
		src.Err = ref.failure.err
		return src, Diagnostics{sourceDiag(doc, ptr, "/url", ref.failure.rule, ref.failure.message, ref.failure.hint)}
	}
	t := ref.target
	if t.failure != nil {
		src.Err = t.failure.err
		msg := fmt.Sprintf("source %q (%s) %s", sd.Name, t.uri, t.failure.message)
		if t.failure.rule == ruleSourceUnreachable {
			msg = fmt.Sprintf("source %q %s", sd.Name, t.failure.message)
		}
		return src, Diagnostics{sourceDiag(doc, ptr, "/url", t.failure.rule, msg, t.failure.hint)}
	}
	src.Kind, src.Document, src.openapi = t.kind, t.doc, t.api
	var ds Diagnostics
	if declaredKind(sd.Type) != "" && sd.Type != t.kind {
		ds = append(ds, sourceDiag(doc, ptr, "/type", ruleSourceTypeMismatch,
			fmt.Sprintf("source %q is declared as type %q, but %s is %s", sd.Name, sd.Type, t.uri, kindPhrase(t.kind)),
			fmt.Sprintf("Set type to %q, or point url at %s.", t.kind, kindPhrase(sd.Type))))
	}
	return src, ds
}

// kindPhrase names a kind of source document for messages.
func kindPhrase(kind string) string {
	if kind == SourceTypeArazzo {
		return "an Arazzo document"
	}
	return "an OpenAPI description"
}

// sourceDiag builds an error about the source description at ptr,
// positioned at its field (url or type) when the document knows where that
// is, and at the source description otherwise.
func sourceDiag(doc *Document, ptr, field, rule, msg, hint string) Diagnostic {
	d := Diagnostic{Severity: SeverityError, Rule: rule, Message: msg, File: doc.File(), Pointer: ptr + field, Hint: hint}
	if r, ok := doc.Locate(ptr + field); ok {
		d.Range = r
	} else if r, ok := doc.Locate(ptr); ok {
		d.Range, d.Pointer = r, ptr
	}
	return d
}

// normalizeURI gives equivalent URIs one spelling for the document cache:
// no fragment, and a lower-case host.
func normalizeURI(uri string) string {
	u, err := url.Parse(uri)
	if err != nil {
		return uri
	}
	u.Fragment, u.RawFragment = "", ""
	u.Host = strings.ToLower(u.Host)
	return u.String()
}

// isRemote reports whether u is fetched over the network. A document
// fetched that way may not name local files, or any server could make the
// loader read the files of whoever loads its documents.
func isRemote(u *url.URL) bool {
	return u.Scheme == "http" || u.Scheme == "https"
}
