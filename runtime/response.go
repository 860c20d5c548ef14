package runtime

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/arazzo-dev/arazzo/internal/wire"
)

// newRequest builds the HTTP request of ex for a step of source and runs
// the Authenticate hook on it. The returned cancel function releases the
// request's timeout and must be called once the response is read.
func (r *run) newRequest(ex *exchange, source string) (*http.Request, context.CancelFunc, error) {
	ctx, cancel := r.ctx, context.CancelFunc(func() {})
	if r.cfg.requestTimeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, r.cfg.requestTimeout)
	}
	var body io.Reader
	if ex.hasBody {
		body = bytes.NewReader(ex.body)
	}
	req, err := http.NewRequestWithContext(ctx, ex.method, ex.url, body)
	if err != nil {
		cancel()
		return nil, nil, err
	}
	req.Header = ex.header
	if r.cfg.authenticate != nil {
		before, query := req.Header.Clone(), req.URL.RawQuery
		if err := r.cfg.authenticate(req, source); err != nil {
			cancel()
			return nil, nil, fmt.Errorf("authenticating the request: %w", err)
		}
		r.learnCredentials(before, query, req)
		ex.url = req.URL.String()
	}
	ex.header = req.Header
	r.red.addHeaderSecrets(req.Header)
	return req, cancel, nil
}

// learnCredentials treats what the Authenticate hook added to a request
// as secrets: the values of headers it set or changed, and of query
// parameters it added.
func (r *run) learnCredentials(before http.Header, rawQuery string, req *http.Request) {
	for name, vs := range req.Header {
		old := before.Values(name)
		for _, v := range vs {
			if !slices.Contains(old, v) {
				r.red.add(v)
			}
		}
	}
	if req.URL.RawQuery == rawQuery {
		return
	}
	was, _ := url.ParseQuery(rawQuery)
	now, _ := url.ParseQuery(req.URL.RawQuery)
	for name, vs := range now {
		for _, v := range vs {
			if !slices.Contains(was[name], v) {
				r.red.add(v)
			}
		}
	}
}

// roundTrip sends req and reads the response into ex, bounded by
// MaxResponseBytes. Any error is a transport failure of the attempt
// (AMB-03): no response, a timeout (AMB-62), or a body too large.
func (r *run) roundTrip(req *http.Request, ex *exchange) error {
	ex.sent = true
	resp, err := r.cfg.client.Do(req)
	if err != nil {
		if r.cfg.requestTimeout > 0 && errors.Is(err, context.DeadlineExceeded) && r.ctx.Err() == nil {
			return fmt.Errorf("no response within %v: %w", r.cfg.requestTimeout, err)
		}
		return err
	}
	defer resp.Body.Close()
	ex.status, ex.respHeader = resp.StatusCode, resp.Header
	r.red.addCookieSecrets(resp.Header)
	limit := r.cfg.maxResponseBytes
	data, buf, err := readBody(resp, limit)
	if err != nil {
		if r.cfg.requestTimeout > 0 && errors.Is(err, context.DeadlineExceeded) && r.ctx.Err() == nil {
			return fmt.Errorf("reading the response body: no complete response within %v: %w", r.cfg.requestTimeout, err)
		}
		return fmt.Errorf("reading the response body: %w", err)
	}
	if int64(len(data)) > limit {
		return fmt.Errorf("%w: more than %d bytes", ErrResponseTooLarge, limit)
	}
	ex.respRaw, ex.respBuf = data, buf
	return nil
}

// bodyBuffers recycles the buffers response bodies are read into: a body
// is decoded (strings are copied) and recorded (as a copy) before its
// buffer is released.
var bodyBuffers = sync.Pool{New: func() any { return new([]byte) }}

// maxPooledBody is the largest buffer kept for reuse.
const maxPooledBody = 64 << 10

// readBody reads at most limit+1 bytes of a response body into a recycled
// buffer. It also returns the pointer the buffer came from in bodyBuffers,
// nil when the buffer is not to be recycled, which releaseBody puts back.
func readBody(resp *http.Response, limit int64) ([]byte, *[]byte, error) {
	if n := resp.ContentLength; n > 0 && n <= limit {
		var (
			buf []byte
			p   *[]byte
		)
		if n <= maxPooledBody {
			p = bodyBuffers.Get().(*[]byte)
			if int64(cap(*p)) >= n {
				buf = (*p)[:n]
			}
		}
		if buf == nil {
			buf = make([]byte, n)
		}
		if _, err := io.ReadFull(resp.Body, buf); err != nil {
			releaseBody(p, buf)
			return nil, nil, err
		}
		// A body longer than announced is an error of the transport;
		// read one byte more to let it say so.
		var one [1]byte
		if m, err := resp.Body.Read(one[:]); m > 0 || err != nil && err != io.EOF {
			releaseBody(p, buf)
			if err == nil {
				err = errors.New("the body is longer than its Content-Length")
			}
			return nil, nil, err
		}
		return buf, p, nil
	}
	// A body of unknown length (chunked) is read into a recycled buffer,
	// grown as needed.
	p := bodyBuffers.Get().(*[]byte)
	buf := (*p)[:0]
	r := io.LimitReader(resp.Body, limit+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, p, nil
		}
		if err != nil {
			releaseBody(p, buf)
			return nil, nil, err
		}
	}
}

// releaseBody returns body buffer b for reuse in p, the pointer readBody
// got it with, so that putting it back allocates nothing. A nil p, or a
// buffer grown beyond maxPooledBody, is left to the garbage collector.
func releaseBody(p *[]byte, b []byte) {
	if p == nil || cap(b) == 0 || cap(b) > maxPooledBody {
		return
	}
	*p = b[:0]
	bodyBuffers.Put(p)
}

// decodeResponse parses the response body by its content type (BIND-09,
// AMB-39). A JSON body that does not parse is kept as text, with a
// warning.
func (r *run) decodeResponse(x *wfExec, stepID string, ex *exchange) {
	v, err := wire.DecodeBody(ex.respHeader.Get("Content-Type"), ex.respRaw)
	switch {
	case errors.Is(err, wire.ErrNoBody):
	case err != nil:
		ex.respBody, ex.hasRespBody = string(ex.respRaw), true
		r.warn(x, stepID, "the response body is kept as text: "+err.Error())
	default:
		ex.respBody, ex.hasRespBody = v, true
	}
}

// retryAfter reads a Retry-After header (RFC 9110 section 10.2.3): a
// number of seconds or an HTTP date, relative to now. It reports false when
// the header is absent or malformed.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		return secondsToDuration(float64(n)), true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}

// recordRequest captures a request for the result, redacted.
func (r *run) recordRequest(ex *exchange) *RecordedRequest {
	body, cut := recordBody(ex.body, ex.contentType)
	return &RecordedRequest{Method: ex.method, URL: r.red.text(ex.url), Header: r.red.header(ex.header.Clone()),
		Body: r.red.text(body), Truncated: cut}
}

// recordResponse captures a response for the result, redacted.
func (r *run) recordResponse(ex *exchange) *RecordedResponse {
	body, cut := recordBody(ex.respRaw, ex.respHeader.Get("Content-Type"))
	return &RecordedResponse{StatusCode: ex.status, Header: r.red.header(ex.respHeader.Clone()),
		Body: r.red.text(body), Truncated: cut}
}

// recordBody returns the recorded form of a body: its text, cut at
// DefaultRecordBodyBytes, or a note for content that is not text.
func recordBody(data []byte, contentType string) (string, bool) {
	if len(data) == 0 {
		return "", false
	}
	if !utf8.Valid(data) && !utf8.Valid(trimPartialRune(data[:min(len(data), DefaultRecordBodyBytes)])) {
		return fmt.Sprintf("(%d bytes of binary data, %s)", len(data), orUnknown(contentType)), false
	}
	if len(data) > DefaultRecordBodyBytes {
		return string(trimPartialRune(data[:DefaultRecordBodyBytes])), true
	}
	return string(data), false
}

// trimPartialRune drops an incomplete UTF-8 sequence at the end of data,
// left by cutting it.
func trimPartialRune(data []byte) []byte {
	for i := 1; i < utf8.UTFMax && i <= len(data); i++ {
		if utf8.RuneStart(data[len(data)-i]) {
			if !utf8.FullRune(data[len(data)-i:]) {
				return data[:len(data)-i]
			}
			break
		}
	}
	return data
}

func orUnknown(ct string) string {
	if ct == "" {
		return "no content type"
	}
	return ct
}
