package arazzo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// Loader fetches the documents that source descriptions name. [Load] calls
// it with URIs it has already resolved: absolute URIs such as
// "file:///srv/api/openapi.yaml" or "https://example.com/openapi.json" for
// documents found through [DefaultLoader], and rooted slash paths such as
// "/specs/openapi.yaml" for documents found through [FSLoader].
// Implementations must be safe for concurrent use; Load fetches independent
// sources in parallel.
type Loader interface {
	// Load returns the bytes of the document at uri. Errors should name
	// uri, as [*LoadError] does.
	Load(ctx context.Context, uri string) ([]byte, error)
}

// LoadError is the error the loaders of this package return: the URI that
// could not be loaded and why.
type LoadError struct {
	// URI is the document that could not be loaded.
	URI string
	// Err is the cause: a file system error, an HTTP status, a broken size
	// limit or a timeout.
	Err error
}

// Error implements the error interface.
func (e *LoadError) Error() string { return e.URI + ": " + e.Err.Error() }

// Unwrap returns the cause, so that errors.Is(err, fs.ErrNotExist) or
// errors.Is(err, context.DeadlineExceeded) can test it.
func (e *LoadError) Unwrap() error { return e.Err }

// Defaults of [DefaultLoader]; see [HTTPTimeout] and [MaxDocumentSize].
const (
	DefaultHTTPTimeout     = 30 * time.Second
	DefaultMaxDocumentSize = 10 << 20
)

// LoaderOption configures [DefaultLoader].
type LoaderOption func(*loaderConfig)

type loaderConfig struct {
	client   *http.Client
	timeout  time.Duration
	maxBytes int64
	bad      []string // descriptions of invalid options
}

// HTTPClient sets the client used for http and https URIs. The default is
// [http.DefaultClient]. Its own Timeout, if any, applies on top of
// [HTTPTimeout].
func HTTPClient(c *http.Client) LoaderOption {
	return func(cfg *loaderConfig) {
		if c == nil {
			cfg.bad = append(cfg.bad, "HTTPClient(nil): the client must not be nil")
			return
		}
		cfg.client = c
	}
}

// HTTPTimeout bounds how long one http or https fetch may take, from
// sending the request to reading the last byte of the body. The default is
// [DefaultHTTPTimeout] (30s). d must be positive.
func HTTPTimeout(d time.Duration) LoaderOption {
	return func(cfg *loaderConfig) {
		if d <= 0 {
			cfg.bad = append(cfg.bad, fmt.Sprintf("HTTPTimeout(%v): the timeout must be positive", d))
			return
		}
		cfg.timeout = d
	}
}

// MaxDocumentSize sets the size of the largest document the loader
// accepts, in bytes, for files and HTTP responses alike. The default is
// [DefaultMaxDocumentSize] (10 MiB). n must be positive.
func MaxDocumentSize(n int64) LoaderOption {
	return func(cfg *loaderConfig) {
		if n <= 0 {
			cfg.bad = append(cfg.bad, fmt.Sprintf("MaxDocumentSize(%d): the limit must be positive", n))
			return
		}
		cfg.maxBytes = n
	}
}

// DefaultLoader returns the [Loader] that [Load] uses unless told
// otherwise. It reads "file:" URIs and plain file paths from disk, and
// fetches "http:" and "https:" URIs with a GET request, bounded by
// [HTTPTimeout] and [MaxDocumentSize]; a response other than 2xx is an
// error. Other schemes are refused. Invalid options make every Load call
// fail with an error that names them.
func DefaultLoader(opts ...LoaderOption) Loader {
	cfg := &loaderConfig{client: http.DefaultClient, timeout: DefaultHTTPTimeout, maxBytes: DefaultMaxDocumentSize}
	for _, o := range opts {
		if o != nil {
			o(cfg)
		}
	}
	return &defaultLoader{cfg: *cfg}
}

type defaultLoader struct {
	cfg loaderConfig
}

// Load implements [Loader].
func (l *defaultLoader) Load(ctx context.Context, uri string) ([]byte, error) {
	if len(l.cfg.bad) > 0 {
		return nil, &LoadError{URI: uri, Err: fmt.Errorf("invalid loader option %s", strings.Join(l.cfg.bad, "; "))}
	}
	if err := ctx.Err(); err != nil {
		return nil, &LoadError{URI: uri, Err: err}
	}
	if isFilePath(uri) {
		return l.readFile(uri, uri)
	}
	u, err := url.Parse(uri)
	if err != nil {
		return nil, &LoadError{URI: uri, Err: fmt.Errorf("invalid URI: %v", unwrapURLError(err))}
	}
	switch u.Scheme {
	case "file":
		p, err := filePath(u)
		if err != nil {
			return nil, &LoadError{URI: uri, Err: err}
		}
		return l.readFile(uri, p)
	case "http", "https":
		return l.fetch(ctx, uri)
	}
	return nil, &LoadError{URI: uri, Err: fmt.Errorf("unsupported URI scheme %q; the default loader reads file, http and https URIs", u.Scheme)}
}

// readFile reads a local file, refusing files over the size limit before
// reading them.
func (l *defaultLoader) readFile(uri, name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, &LoadError{URI: uri, Err: describePathError(err)}
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil {
		if st.IsDir() {
			return nil, &LoadError{URI: uri, Err: errors.New("is a directory")}
		}
		if st.Size() > l.cfg.maxBytes {
			return nil, &LoadError{URI: uri, Err: tooLarge(l.cfg.maxBytes)}
		}
	}
	data, err := readLimited(f, l.cfg.maxBytes)
	if err != nil {
		return nil, &LoadError{URI: uri, Err: describePathError(err)}
	}
	return data, nil
}

// fetch GETs an http or https URI.
func (l *defaultLoader) fetch(ctx context.Context, uri string) ([]byte, error) {
	ctx, cancel := context.WithTimeoutCause(ctx, l.cfg.timeout, timeoutError{l.cfg.timeout})
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, uri, nil)
	if err != nil {
		return nil, &LoadError{URI: uri, Err: unwrapURLError(err)}
	}
	req.Header.Set("Accept", "application/yaml, application/json;q=0.9, text/yaml;q=0.8, */*;q=0.5")
	resp, err := l.cfg.client.Do(req)
	if err != nil {
		return nil, &LoadError{URI: uri, Err: fetchError(ctx, err)}
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, &LoadError{URI: uri, Err: fmt.Errorf("HTTP status %s", resp.Status)}
	}
	if resp.ContentLength > l.cfg.maxBytes {
		return nil, &LoadError{URI: uri, Err: tooLarge(l.cfg.maxBytes)}
	}
	data, err := readLimited(resp.Body, l.cfg.maxBytes)
	if err != nil {
		return nil, &LoadError{URI: uri, Err: fetchError(ctx, err)}
	}
	return data, nil
}

// timeoutError is the cause of a fetch that ran out of time.
type timeoutError struct{ d time.Duration }

func (e timeoutError) Error() string { return fmt.Sprintf("no complete response within %v", e.d) }

// Is lets errors.Is(err, context.DeadlineExceeded) match a timeout.
func (e timeoutError) Is(target error) bool { return target == context.DeadlineExceeded }

// fetchError explains a failed request or body read, preferring the
// timeout or cancellation that caused it.
func fetchError(ctx context.Context, err error) error {
	if cause := context.Cause(ctx); cause != nil {
		return cause
	}
	return unwrapURLError(err)
}

// unwrapURLError drops the "Get \"uri\":" prefix of *url.Error, since
// [LoadError] names the URI already.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// describePathError drops the path from *fs.PathError, since [LoadError]
// names the URI already.
func describePathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// tooLarge reports a document over the size limit.
func tooLarge(limit int64) error {
	return fmt.Errorf("larger than the %s size limit", formatSize(limit))
}

// formatSize renders a byte count, in MiB or KiB when it is a whole number
// of them.
func formatSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d-byte", n)
}

// readLimited reads all of r, failing once more than limit bytes arrive.
func readLimited(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, tooLarge(limit)
	}
	return data, nil
}

// isFilePath reports whether s is a file path rather than a URI: it has no
// scheme, or it starts with a Windows drive letter ("C:\", "C:/").
func isFilePath(s string) bool {
	if len(s) >= 2 && s[1] == ':' && isASCIILetter(s[0]) {
		return len(s) == 2 || s[2] == '\\' || s[2] == '/'
	}
	i := strings.IndexByte(s, ':')
	if i <= 0 {
		return true
	}
	for j := 0; j < i; j++ {
		c := s[j]
		if !isASCIILetter(c) && (j == 0 || (c < '0' || c > '9') && c != '+' && c != '-' && c != '.') {
			return true // not a scheme, so a path that contains a colon
		}
	}
	return false
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// filePath converts a file URI to a local path.
func filePath(u *url.URL) (string, error) {
	if u.Opaque != "" {
		return "", errors.New("a file URI must have an absolute path, as in file:///dir/file.yaml")
	}
	if u.Host != "" && u.Host != "localhost" {
		return "", fmt.Errorf("file URIs on other hosts (%q) are not supported", u.Host)
	}
	p := u.Path
	if p == "" {
		return "", errors.New("the file URI has no path")
	}
	if runtime.GOOS == "windows" && len(p) >= 3 && p[0] == '/' && p[2] == ':' {
		p = p[1:] // "/C:/dir/file" -> "C:/dir/file"
	}
	return filepath.FromSlash(p), nil
}

// fileURI converts an absolute local path to a file URI.
func fileURI(abs string) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows: "C:/dir" -> "/C:/dir"
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// FSLoader returns a [Loader] that reads documents from fsys, for tests and
// for documents embedded in a program. Its URIs are slash-separated paths
// rooted at the top of fsys: "/specs/openapi.yaml" and "specs/openapi.yaml"
// both name the file "specs/openapi.yaml", and so does
// "file:///specs/openapi.yaml". Other schemes are refused. When [Load] uses
// an FSLoader, a document's [Document.File] is taken as its path inside
// fsys. Documents larger than [DefaultMaxDocumentSize] are refused.
func FSLoader(fsys fs.FS) Loader {
	return &fsLoader{fsys: fsys}
}

type fsLoader struct {
	fsys fs.FS
}

// Load implements [Loader].
func (l *fsLoader) Load(ctx context.Context, uri string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, &LoadError{URI: uri, Err: err}
	}
	name, err := fsName(uri)
	if err != nil {
		return nil, &LoadError{URI: uri, Err: err}
	}
	f, err := l.fsys.Open(name)
	if err != nil {
		return nil, &LoadError{URI: uri, Err: describePathError(err)}
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil {
		if st.IsDir() {
			return nil, &LoadError{URI: uri, Err: errors.New("is a directory")}
		}
		if st.Size() > DefaultMaxDocumentSize {
			return nil, &LoadError{URI: uri, Err: tooLarge(DefaultMaxDocumentSize)}
		}
	}
	data, err := readLimited(f, DefaultMaxDocumentSize)
	if err != nil {
		return nil, &LoadError{URI: uri, Err: describePathError(err)}
	}
	return data, nil
}

// fsName converts an FSLoader URI to an fs.FS path.
func fsName(uri string) (string, error) {
	u, err := url.Parse(uri)
	if err != nil {
		return "", fmt.Errorf("invalid URI: %v", unwrapURLError(err))
	}
	switch {
	case u.Scheme == "file" && (u.Host == "" || u.Host == "localhost") && u.Opaque == "":
	case u.Scheme == "" && u.Host == "":
	default:
		return "", errors.New("the file system loader reads paths inside its file system only")
	}
	name := strings.TrimPrefix(path.Clean("/"+u.Path), "/")
	if name == "" {
		name = "."
	}
	if !fs.ValidPath(name) {
		return "", fmt.Errorf("%q is not a valid path inside the file system", name)
	}
	return name, nil
}

// documentNamer is implemented by loaders whose URIs are not file paths or
// absolute URIs, to say how a document's name maps to the URI that
// relative references resolve against, and back.
type documentNamer interface {
	// baseURI returns the URI of the document named name.
	baseURI(name string) (string, error)
	// fileName returns the name to give the document at uri.
	fileName(uri string) string
}

func (l *fsLoader) baseURI(name string) (string, error) {
	if name == "" {
		return "/", nil
	}
	u, err := url.Parse(name)
	if err != nil {
		return "", err
	}
	if u.Scheme != "" {
		return name, nil
	}
	return path.Clean("/" + name), nil
}

func (l *fsLoader) fileName(uri string) string {
	if name, err := fsName(uri); err == nil {
		return name
	}
	return uri
}

// pathNamer is the documentNamer of every other loader: names are file
// paths or absolute URIs.
type pathNamer struct{}

func (pathNamer) baseURI(name string) (string, error) {
	if name != "" && !isFilePath(name) {
		u, err := url.Parse(name)
		if err != nil {
			return "", err
		}
		return u.String(), nil
	}
	if name == "" {
		name = "."
	}
	abs, err := filepath.Abs(name)
	if err != nil {
		return "", err
	}
	uri := fileURI(abs)
	if name == "." {
		uri += "/" // a directory: relative references resolve inside it
	}
	return uri, nil
}

func (pathNamer) fileName(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" {
		return uri
	}
	p, err := filePath(u)
	if err != nil {
		return uri
	}
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, p); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return rel
		}
	}
	return p
}
