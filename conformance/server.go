package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"

	"github.com/arazzo-dev/arazzo/conformance/zenml"
	"github.com/google/go-cmp/cmp"
)

// maxRecordedBody is the largest request body the test server reads.
const maxRecordedBody = 10 << 20

// exchange is one request the test server received and the answer it
// gave, recorded on the server side so that every implementation is
// observed the same way.
type exchange struct {
	method   string
	path     string // escaped, as sent
	rawQuery string
	header   http.Header
	body     []byte

	status     int
	respHeader http.Header
	respBody   []byte
}

// testServer is the server one case runs against: the reference ZenML
// server or a scripted one, behind a recorder.
type testServer struct {
	ts      *httptest.Server
	url     string // the base URL the sources are pointed at
	zenml   *zenml.Handler
	script  *scripted
	handler http.Handler

	mu  sync.Mutex
	log []*exchange
}

// startServer starts the server a case runs against, on a loopback port.
// The script must be resolved already (its variables replaced), which
// needs the server's URL; set it with setScript before the run starts.
func startServer(c *Case) *testServer {
	s := &testServer{}
	switch c.srv.kind {
	case ServerZenML:
		var opts []zenml.Option
		if c.srv.hasPoll {
			opts = append(opts, zenml.PollReads(c.srv.pollReads))
		}
		for _, u := range c.srv.users {
			opts = append(opts, zenml.Users(zenml.User{Name: u.name, Password: u.password, Admin: u.admin, Inactive: u.inactive}))
		}
		s.zenml = zenml.NewHandler(opts...)
		s.handler = s.zenml
	case ServerScripted:
		s.script = &scripted{}
		s.handler = s.script
	}
	s.ts = httptest.NewServer(s)
	s.url = s.ts.URL
	if s.zenml != nil {
		s.url += zenml.BasePath
	}
	return s
}

func (s *testServer) close() { s.ts.Close() }

// exchanges returns the recorded exchanges, oldest first.
func (s *testServer) exchanges() []*exchange {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*exchange(nil), s.log...)
}

// token returns an access token of the reference server's user.
func (s *testServer) token(user string) (string, error) {
	if s.zenml == nil {
		return "", fmt.Errorf("no token for %q: the case does not use the zenml server", user)
	}
	return s.zenml.IssueToken(user)
}

// ServeHTTP records the request and the response of the inner handler.
func (s *testServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRecordedBody+1))
	if err != nil || len(body) > maxRecordedBody {
		http.Error(w, "conformance: the request body cannot be read or is larger than 10 MiB", http.StatusRequestEntityTooLarge)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	ex := &exchange{
		method:   r.Method,
		path:     r.URL.EscapedPath(),
		rawQuery: r.URL.RawQuery,
		header:   r.Header.Clone(),
		body:     body,
	}
	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	s.handler.ServeHTTP(rec, r)
	ex.status = rec.status
	ex.respHeader = w.Header().Clone()
	ex.respBody = rec.body.Bytes()
	s.mu.Lock()
	s.log = append(s.log, ex)
	s.mu.Unlock()
}

// recorder keeps the status and the body a handler writes.
type recorder struct {
	http.ResponseWriter
	status  int
	written bool
	body    bytes.Buffer
}

func (r *recorder) WriteHeader(status int) {
	if !r.written {
		r.status = status
		r.written = true
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.written = true
	if r.body.Len() < maxRecordedBody {
		r.body.Write(b)
	}
	return r.ResponseWriter.Write(b)
}

// scripted is the handler of a scripted server: it expects the requests
// of its script in order and answers each with the scripted response.
// Anything else is answered with a 500 and recorded as a problem.
type scripted struct {
	mu       sync.Mutex
	entries  []*scriptEntry
	next     int
	problems []string
}

func (h *scripted) setScript(entries []*scriptEntry) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.entries = entries
}

func (h *scripted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	got := &exchange{method: r.Method, path: r.URL.EscapedPath(), rawQuery: r.URL.RawQuery, header: r.Header, body: body}
	h.mu.Lock()
	i := h.next
	h.next++
	var problem string
	var e *scriptEntry
	if i >= len(h.entries) {
		problem = fmt.Sprintf("unexpected request #%d, %s: the script has %s", i+1, got.describe(), nRequests(len(h.entries)))
	} else {
		e = h.entries[i]
		want, gotView := e.req.view(), viewRequest(got, e.req)
		if diff := cmp.Diff(want, gotView); diff != "" {
			problem = fmt.Sprintf("request #%d does not match the script (case.yaml line %d) (-want +got):\n%s", i+1, e.line, strings.TrimRight(diff, "\n"))
		}
	}
	if problem != "" {
		h.problems = append(h.problems, problem)
	}
	h.mu.Unlock()
	if problem != "" {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		msg, _ := json.Marshal(map[string]string{"conformance": problem})
		w.Write(msg)
		return
	}
	e.resp.write(w)
}

// unmet returns the problems of the run: requests that did not match and
// scripted requests that never came.
func (h *scripted) unmet() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := append([]string(nil), h.problems...)
	for i := h.next; i < len(h.entries); i++ {
		e := h.entries[i]
		out = append(out, fmt.Sprintf("scripted request #%d, %s %s (case.yaml line %d), was never received", i+1, e.req.method, e.req.path, e.line))
	}
	return out
}

// write sends the scripted response.
func (r *responseSpec) write(w http.ResponseWriter) {
	var payload []byte
	contentType := ""
	if b := r.body; b != nil {
		switch {
		case b.isJSON:
			payload, _ = marshalJSON(b.json)
			contentType = "application/json"
		case b.isText:
			payload = []byte(b.text)
			contentType = "text/plain; charset=utf-8"
		case b.isForm:
			payload = []byte(b.form.Encode())
			contentType = "application/x-www-form-urlencoded"
		}
	}
	if contentType != "" {
		w.Header().Set("Content-Type", contentType)
	}
	for _, h := range r.headers {
		if h.value != nil {
			w.Header().Set(h.name, *h.value)
		}
		for _, m := range h.more {
			w.Header().Add(h.name, m)
		}
	}
	w.WriteHeader(r.status)
	w.Write(payload)
}

// describe renders the request line of an exchange.
func (e *exchange) describe() string {
	s := e.method + " " + e.path
	if e.rawQuery != "" {
		s += "?" + e.rawQuery
	}
	return s
}

// marshalJSON encodes v without escaping HTML characters.
func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// showBody renders a body for a report: indented when it is JSON, as it
// is otherwise, and cut after limit bytes.
func showBody(b []byte, limit int) string {
	if len(b) == 0 {
		return ""
	}
	var out bytes.Buffer
	if json.Valid(b) && json.Indent(&out, b, "", "  ") == nil {
		b = out.Bytes()
	}
	s := string(b)
	if len(s) > limit {
		s = s[:limit] + fmt.Sprintf("… (%d more bytes)", len(s)-limit)
	}
	return strings.TrimRight(s, "\n")
}
