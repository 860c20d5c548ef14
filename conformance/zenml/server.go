package zenml

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
)

// BasePath is the path under which the API is served: the path of the
// server URL in the ZenML OpenAPI description
// (https://your-zenml-server.example.com/api/v1).
const BasePath = "/api/v1"

// Handler serves the ZenML API in process, without a listener: every
// request path starts with [BasePath]. It is safe for concurrent use; one
// mutex orders all requests, so each sees the state the previous one left.
type Handler struct {
	cfg config

	mu  sync.Mutex
	st  *state
	log []Request
}

// NewHandler returns a handler holding the seeded data.
func NewHandler(opts ...Option) *Handler {
	cfg := defaultConfig()
	for _, opt := range opts {
		opt(&cfg)
	}
	return &Handler{cfg: cfg, st: seed(cfg.users)}
}

// Request is one request the server received, as the server saw it.
type Request struct {
	// Operation is the operationId the request was routed to, or empty when
	// no operation has its method and path.
	Operation string
	// Method is the HTTP method.
	Method string
	// Path is the URL path, BasePath included, with escapes decoded.
	Path string
	// Query holds the query parameters.
	Query url.Values
	// Header holds the request headers as received, Authorization included.
	Header http.Header
	// Body is the request body, empty when there was none.
	Body []byte
	// Status is the status code of the reply.
	Status int
}

// Requests returns a copy of every request received since the handler was
// made or last reset, oldest first.
func (h *Handler) Requests() []Request {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]Request, len(h.log))
	for i, r := range h.log {
		r.Query = cloneValues(r.Query)
		r.Header = r.Header.Clone()
		r.Body = slices.Clone(r.Body)
		out[i] = r
	}
	return out
}

func cloneValues(v url.Values) url.Values { return url.Values(http.Header(v).Clone()) }

// Reset restores the seeded data, forgets the recorded requests and
// restarts the polled run and the id sequences of created resources.
// Tokens issued before stay valid.
func (h *Handler) Reset() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.st = seed(h.cfg.users)
	h.log = nil
}

// Token returns a valid access token for the default user, for cases that
// start from an access token rather than logging in.
func (h *Handler) Token() string {
	tok, err := h.IssueToken(DefaultUsername)
	if err != nil {
		// The default user is always seeded; Users can only replace it.
		panic(err)
	}
	return tok
}

// IssueToken returns a valid access token for the named user, as POST
// /login would, without recording a request. It fails only for an unknown
// name; a token of an inactive user is issued but refused when used.
func (h *Handler) IssueToken(username string) (string, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return issueFor(h.st, username, h.cfg.now())
}

// ServeHTTP answers one request and records it (see [Handler.Requests]).
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	h.mu.Lock()
	var rep reply
	var op string
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		rep = reply{status: http.StatusRequestEntityTooLarge, body: plainErrorBody{Detail: "Request Entity Too Large"}}
	} else {
		rep, op = h.dispatch(r, body)
	}
	payload, err := encode(rep.body)
	if err != nil {
		rep = zenmlError(http.StatusInternalServerError, "RuntimeError", "encoding the response: %v", err)
		payload, _ = encode(rep.body)
	}
	h.log = append(h.log, Request{
		Operation: op,
		Method:    r.Method,
		Path:      r.URL.Path,
		Query:     r.URL.Query(),
		Header:    r.Header.Clone(),
		Body:      body,
		Status:    rep.status,
	})
	h.mu.Unlock()

	for k, v := range rep.header {
		w.Header().Set(k, v)
	}
	if payload != nil {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(rep.status)
	w.Write(payload)
}

// encode renders a reply body. Encoding happens under the lock, because
// bodies point into the stored state.
func encode(body any) ([]byte, error) {
	if body == nil {
		return nil, nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(body); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// dispatch routes a request, authenticates it and runs its handler. It
// must be called with h.mu held.
func (h *Handler) dispatch(r *http.Request, body []byte) (reply, string) {
	rest, under := strings.CutPrefix(r.URL.Path, BasePath)
	if !under || !strings.HasPrefix(rest, "/") {
		return routeNotFound(), ""
	}
	rt, params, allow := match(r.Method, rest)
	if rt == nil {
		if len(allow) > 0 {
			return methodNotAllowed(strings.Join(allow, ", ")), ""
		}
		return routeNotFound(), ""
	}
	c := &call{req: r, body: body, now: h.cfg.now(), cfg: &h.cfg}
	if !rt.public {
		u, refusal := authenticate(h.st, r, c.now)
		if refusal != nil {
			return *refusal, rt.operation
		}
		c.user = u
	}
	c.params = make(map[string]string, len(params))
	for name, raw := range params {
		if id, ok := c.uuid([]any{"path", name}, raw); ok {
			c.params[name] = id
		}
	}
	return rt.handle(h.st, c), rt.operation
}

// Server is a [Handler] listening on a loopback port, in the manner of
// net/http/httptest.Server. Close it when done.
type Server struct {
	// URL is the base URL of the API, with BasePath:
	// http://127.0.0.1:<port>/api/v1. Use it in place of the server URL of
	// the OpenAPI description.
	URL string

	handler *Handler
	ts      *httptest.Server
}

// NewServer starts a server holding the seeded data on a loopback port.
func NewServer(opts ...Option) *Server {
	h := NewHandler(opts...)
	ts := httptest.NewServer(h)
	return &Server{URL: ts.URL + BasePath, handler: h, ts: ts}
}

// Client returns an HTTP client configured for requests to the server.
func (s *Server) Client() *http.Client { return s.ts.Client() }

// Close shuts the server down, blocking until outstanding requests finish.
func (s *Server) Close() { s.ts.Close() }

// Handler returns the handler the server serves, which shares its state.
func (s *Server) Handler() *Handler { return s.handler }

// Reset restores the seeded data and forgets recorded requests; see
// [Handler.Reset].
func (s *Server) Reset() { s.handler.Reset() }

// Requests returns the requests received since start or the last Reset;
// see [Handler.Requests].
func (s *Server) Requests() []Request { return s.handler.Requests() }

// Token returns a valid access token for the default user; see
// [Handler.Token].
func (s *Server) Token() string { return s.handler.Token() }

// IssueToken returns a valid access token for the named user; see
// [Handler.IssueToken].
func (s *Server) IssueToken(username string) (string, error) {
	return s.handler.IssueToken(username)
}
