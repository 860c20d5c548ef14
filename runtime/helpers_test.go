package runtime_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/arazzo-dev/arazzo/arazzo"
	"github.com/arazzo-dev/arazzo/runtime"
)

// recorded is a request as the test server saw it.
type recorded struct {
	Method string
	// URI is the request target as sent: path and query, escapes kept.
	URI    string
	Header http.Header
	Body   string
}

// testServer is an httptest server that records every request and
// answers with a handler the test sets.
type testServer struct {
	*httptest.Server
	mu      sync.Mutex
	reqs    []recorded
	handler func(w http.ResponseWriter, r *http.Request, n int)
}

// newServer starts a recording server. handler gets the 0-based number of
// the request; nil answers 200 with {"ok": true}.
func newServer(t testing.TB, handler func(w http.ResponseWriter, r *http.Request, n int)) *testServer {
	t.Helper()
	s := &testServer{handler: handler}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		n := len(s.reqs)
		s.reqs = append(s.reqs, recorded{Method: r.Method, URI: r.RequestURI, Header: r.Header.Clone(), Body: string(body)})
		h := s.handler
		s.mu.Unlock()
		if h == nil {
			jsonReply(w, 200, `{"ok": true}`)
			return
		}
		h(w, r, n)
	}))
	t.Cleanup(s.Close)
	return s
}

// requests returns the requests received so far.
func (s *testServer) requests() []recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]recorded(nil), s.reqs...)
}

// uris returns the request targets received so far.
func (s *testServer) uris() []string {
	var out []string
	for _, r := range s.requests() {
		out = append(out, r.Method+" "+r.URI)
	}
	return out
}

func jsonReply(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, body)
}

// files is a set of documents by name; "main.arazzo.yaml" is the entry
// document.
type files map[string]string

// load parses the entry document of fs and returns it with a loader for
// the others.
func (fs files) load(t testing.TB) (*arazzo.Document, arazzo.Loader) {
	t.Helper()
	m := fstest.MapFS{}
	for name, text := range fs {
		m[name] = &fstest.MapFile{Data: []byte(dedent(text))}
	}
	doc, ds := arazzo.Parse(m["main.arazzo.yaml"].Data, arazzo.Filename("/main.arazzo.yaml"))
	if doc == nil {
		t.Fatalf("Parse: %v", ds)
	}
	return doc, arazzo.FSLoader(m)
}

// engine builds an engine for fs whose source "api" points at srv.
func (fs files) engine(t testing.TB, srv *testServer, opts ...runtime.Option) *runtime.Engine {
	t.Helper()
	doc, loader := fs.load(t)
	base := []runtime.Option{runtime.Loader(loader), runtime.Sleep(noSleep)}
	if srv != nil {
		base = append(base, runtime.Server("api", srv.URL))
	}
	e, err := runtime.New(doc, append(base, opts...)...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return e
}

// noSleep is a Sleep that does not wait.
func noSleep(ctx context.Context, d time.Duration) error { return ctx.Err() }

// sleeps records the waits asked for.
type sleeps struct {
	mu sync.Mutex
	ds []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.ds = append(s.ds, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleeps) get() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.ds...)
}

// dedent removes the indentation of the first non-empty line from every
// line, so documents can be written indented inside Go code.
func dedent(s string) string {
	lines := strings.Split(strings.TrimLeft(s, "\n"), "\n")
	indent := ""
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			indent = l[:len(l)-len(strings.TrimLeft(l, " \t"))]
			break
		}
	}
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(l, indent)
	}
	return strings.Join(lines, "\n")
}

// run runs a workflow and fails the test when the run cannot start.
func run(t testing.TB, e *runtime.Engine, workflow string, inputs map[string]any) *runtime.Result {
	t.Helper()
	res, err := e.Run(context.Background(), workflow, inputs)
	if err != nil {
		t.Fatalf("Run(%s): %v", workflow, err)
	}
	return res
}

// stepTrace summarises which steps ran, with their attempts and statuses.
func stepTrace(res *runtime.Result) []string {
	var out []string
	for _, s := range res.Steps {
		line := s.StepID + ":" + string(s.Status)
		if len(s.Attempts) > 1 {
			line += "x" + itoa(len(s.Attempts))
		}
		out = append(out, line)
	}
	return out
}

func itoa(n int) string {
	const digits = "0123456789"
	if n < 10 {
		return digits[n : n+1]
	}
	return itoa(n/10) + digits[n%10:n%10+1]
}

// openapi is a small OpenAPI description shared by many tests. Its
// operations cover every parameter style and several request body types;
// listItems and createItem take an API key in the X-Api-Key header, which
// the tests set with the Authenticate hook.
const openapi = `
openapi: 3.1.0
info: {title: test, version: 1.0.0}
servers:
  - url: https://api.invalid/v1
components:
  securitySchemes:
    apiKey: {type: apiKey, in: header, name: X-Api-Key}
paths:
  /items:
    get:
      operationId: listItems
      security: [{apiKey: []}]
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
        - {name: tags, in: query, schema: {type: array, items: {type: string}}}
        - {name: csv, in: query, explode: false, schema: {type: array, items: {type: string}}}
        - {name: spaced, in: query, style: spaceDelimited, explode: false, schema: {type: array, items: {type: string}}}
        - {name: piped, in: query, style: pipeDelimited, explode: false, schema: {type: array, items: {type: string}}}
        - {name: filter, in: query, style: deepObject, schema: {type: object}}
        - {name: raw, in: query, allowReserved: true, schema: {type: string}}
        - {name: X-Trace, in: header, schema: {type: string}}
        - {name: X-List, in: header, schema: {type: array, items: {type: string}}}
        - {name: X-Obj, in: header, explode: true, schema: {type: object}}
        - {name: session, in: cookie, schema: {type: string}}
        - {name: prefs, in: cookie, explode: false, schema: {type: array, items: {type: string}}}
      responses:
        '200': {description: ok}
    post:
      operationId: createItem
      security: [{apiKey: []}]
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
      requestBody:
        content:
          text/plain: {schema: {type: string}}
          application/json: {schema: {type: object}}
      responses:
        '201': {description: created}
  /items/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
    get:
      operationId: getItem
      responses:
        '200': {description: ok}
  /label/{tags}:
    get:
      operationId: labelPath
      parameters:
        - {name: tags, in: path, required: true, style: label, schema: {type: array, items: {type: string}}}
      responses:
        '200': {description: ok}
  /matrix/{point}:
    get:
      operationId: matrixPath
      parameters:
        - {name: point, in: path, required: true, style: matrix, explode: true, schema: {type: object}}
      responses:
        '200': {description: ok}
  /simple/{point}:
    get:
      operationId: simplePath
      parameters:
        - {name: point, in: path, required: true, schema: {type: object}}
      responses:
        '200': {description: ok}
  /form:
    post:
      operationId: postForm
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {type: object}
            encoding:
              meta: {contentType: application/json}
              ids: {style: form, explode: false}
      responses:
        '200': {description: ok}
  /upload:
    post:
      operationId: upload
      requestBody:
        content:
          multipart/form-data:
            schema: {type: object}
            encoding:
              doc: {contentType: application/pdf}
      responses:
        '200': {description: ok}
  /xml:
    post:
      operationId: postXML
      requestBody:
        content:
          application/xml: {schema: {type: string}}
      responses:
        '200': {description: ok}
  /blob:
    put:
      operationId: putBlob
      requestBody:
        content:
          application/octet-stream: {schema: {type: string, format: binary}}
      responses:
        '204': {description: stored}
  /status:
    get:
      operationId: getStatus
      responses:
        '200': {description: ok}
`
