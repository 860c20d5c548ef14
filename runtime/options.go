package runtime

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/arazzo-dev/arazzo/arazzo"
	"github.com/arazzo-dev/arazzo/expr"
)

// Defaults of the limits an [Engine] applies unless told otherwise.
const (
	// DefaultMaxTransitions is the number of step executions (every
	// attempt of every step, retries included) one workflow execution may
	// make; see [MaxTransitions].
	DefaultMaxTransitions = 1000
	// DefaultMaxDepth is how deeply workflows may call workflows; see
	// [MaxDepth].
	DefaultMaxDepth = 16
	// DefaultMaxResponseBytes is the largest response body read; see
	// [MaxResponseBytes].
	DefaultMaxResponseBytes = 10 << 20
	// DefaultMaxRetryAfter caps the wait a Retry-After response header can
	// ask for; see [MaxRetryAfter].
	DefaultMaxRetryAfter = 5 * time.Minute
	// DefaultRecordBodyBytes is how much of each request and response body
	// is kept when exchanges are recorded; see [RecordExchanges].
	DefaultRecordBodyBytes = 64 << 10
)

// Mask is the text that replaces every secret in results, events and error
// messages; see [Redaction].
const Mask = "<redacted>"

// Option configures an [Engine]. Options are made by the functions of this
// package, such as [HTTPClient] and [MaxTransitions], and checked once by
// [New]: an invalid option makes New fail.
type Option func(*config)

// config is the validated configuration of an Engine. It is never modified
// after New returns.
type config struct {
	client           *http.Client
	transport        http.RoundTripper
	loader           arazzo.Loader
	baseURI          string
	servers          map[string]string
	requestTimeout   time.Duration
	maxTransitions   int
	maxDepth         int
	maxResponseBytes int64
	maxRetryAfter    time.Duration
	clock            func() time.Time
	sleep            func(ctx context.Context, d time.Duration) error
	onEvent          func(Event)
	redact           bool
	secrets          []string
	record           bool
	authenticate     func(req *http.Request, source string) error
	requireSuccess   bool
	regexTimeout     time.Duration
	applyDefaults    bool
	joinHeaders      bool

	bad []string // descriptions of invalid options
}

func newConfig(opts []Option) (*config, error) {
	c := &config{
		servers:          map[string]string{},
		maxTransitions:   DefaultMaxTransitions,
		maxDepth:         DefaultMaxDepth,
		maxResponseBytes: DefaultMaxResponseBytes,
		maxRetryAfter:    DefaultMaxRetryAfter,
		clock:            time.Now,
		sleep:            sleepContext,
		redact:           true,
	}
	for _, o := range opts {
		if o == nil {
			c.bad = append(c.bad, "a nil Option")
			continue
		}
		o(c)
	}
	if c.client != nil && c.transport != nil {
		c.bad = append(c.bad, "HTTPClient and Transport both given; give one")
	}
	if len(c.bad) > 0 {
		return nil, &OptionError{Problems: c.bad}
	}
	if c.client == nil {
		c.client = &http.Client{Transport: c.transport}
	}
	if c.loader == nil {
		c.loader = arazzo.DefaultLoader()
	}
	return c, nil
}

func (c *config) badf(format string, args ...any) {
	c.bad = append(c.bad, fmt.Sprintf(format, args...))
}

// OptionError reports options given to [New] or [NewFromBundle] that are
// invalid, such as a negative limit or a server URL for a source the
// document does not have.
type OptionError struct {
	// Problems describes each invalid option.
	Problems []string
}

// Error implements the error interface.
func (e *OptionError) Error() string {
	return "runtime: invalid options: " + strings.Join(e.Problems, "; ")
}

// sleepContext waits for d or until ctx is done.
func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// HTTPClient sets the client that sends every request of a run. The
// default is a client with [http.DefaultTransport] and no timeout of its
// own (see [RequestTimeout]). It cannot be combined with [Transport].
func HTTPClient(c *http.Client) Option {
	return func(cfg *config) {
		if c == nil {
			cfg.badf("HTTPClient(nil): the client must not be nil")
			return
		}
		cfg.client = c
	}
}

// Transport sets the round tripper of the engine's own HTTP client, for
// tests and for hosts that route requests themselves. It cannot be combined
// with [HTTPClient].
func Transport(rt http.RoundTripper) Option {
	return func(cfg *config) {
		if rt == nil {
			cfg.badf("Transport(nil): the round tripper must not be nil")
			return
		}
		cfg.transport = rt
	}
}

// Loader sets the loader that fetches the source descriptions the document
// names. The default is [arazzo.DefaultLoader]. [NewFromBundle] does not
// load anything and ignores it.
func Loader(l arazzo.Loader) Option {
	return func(cfg *config) {
		if l == nil {
			cfg.badf("Loader(nil): the loader must not be nil")
			return
		}
		cfg.loader = l
	}
}

// BaseURI sets the URI of the document, against which relative source
// description urls resolve; see [arazzo.BaseURI]. The default comes from
// the document's file name.
func BaseURI(uri string) Option {
	return func(cfg *config) { cfg.baseURI = uri }
}

// Server sets the base URL of every operation of the OpenAPI source named
// source, replacing the servers its description declares (AMB-54): the
// operation's path is appended to it. It is how a run is pointed at a test
// server, and how descriptions without usable servers are run. New fails
// when no document of the bundle has a source with that name.
func Server(source, serverURL string) Option {
	return func(cfg *config) {
		u, err := url.Parse(serverURL)
		switch {
		case source == "":
			cfg.badf("Server(%q, %q): the source name is empty", source, serverURL)
		case err != nil:
			cfg.badf("Server(%q, %q): %v", source, serverURL, err)
		case u.Scheme != "http" && u.Scheme != "https" || u.Host == "":
			cfg.badf("Server(%q, %q): the URL must be an absolute http or https URL", source, serverURL)
		default:
			cfg.servers[source] = strings.TrimSuffix(serverURL, "/")
		}
	}
}

// RequestTimeout bounds each HTTP exchange, from sending the request to
// reading the last byte of the response. A request that runs out of time
// is a transport failure of the step (AMB-62, AMB-03), which its failure
// actions may retry. The default is no limit beyond the run's context.
func RequestTimeout(d time.Duration) Option {
	return func(cfg *config) {
		if d <= 0 {
			cfg.badf("RequestTimeout(%v): the timeout must be positive", d)
			return
		}
		cfg.requestTimeout = d
	}
}

// MaxTransitions sets how many step executions one workflow execution may
// make, counting every attempt of every step (AMB-22). A workflow that
// needs more, typically because goto actions loop, fails with
// [ErrMaxTransitions]. The default is [DefaultMaxTransitions].
func MaxTransitions(n int) Option {
	return func(cfg *config) {
		if n <= 0 {
			cfg.badf("MaxTransitions(%d): the limit must be positive", n)
			return
		}
		cfg.maxTransitions = n
	}
}

// MaxDepth sets how deeply workflows may call workflows, through steps
// with a workflowId, goto and retry actions to a workflow, and dependsOn.
// The workflow given to Run is at depth 0. A call beyond the limit fails
// with [ErrMaxDepth]. The default is [DefaultMaxDepth].
func MaxDepth(n int) Option {
	return func(cfg *config) {
		if n <= 0 {
			cfg.badf("MaxDepth(%d): the limit must be positive", n)
			return
		}
		cfg.maxDepth = n
	}
}

// MaxResponseBytes sets the size of the largest response body read. A
// larger body fails the step. The default is [DefaultMaxResponseBytes].
func MaxResponseBytes(n int64) Option {
	return func(cfg *config) {
		if n <= 0 {
			cfg.badf("MaxResponseBytes(%d): the limit must be positive", n)
			return
		}
		cfg.maxResponseBytes = n
	}
}

// MaxRetryAfter caps the wait that a Retry-After response header asks for
// before a retry (ACT-21, AMB-19). The default is [DefaultMaxRetryAfter].
func MaxRetryAfter(d time.Duration) Option {
	return func(cfg *config) {
		if d < 0 {
			cfg.badf("MaxRetryAfter(%v): the cap must not be negative", d)
			return
		}
		cfg.maxRetryAfter = d
	}
}

// Clock sets the source of the current time, used for the start times and
// durations in results and events and to read HTTP-date Retry-After
// headers. The default is [time.Now].
func Clock(now func() time.Time) Option {
	return func(cfg *config) {
		if now == nil {
			cfg.badf("Clock(nil): the clock must not be nil")
			return
		}
		cfg.clock = now
	}
}

// Sleep sets the function that waits before a retry. It must return early
// with ctx.Err() when ctx is done. Tests use it to retry without waiting,
// and durable hosts to substitute their own timers. The default waits on a
// timer.
func Sleep(sleep func(ctx context.Context, d time.Duration) error) Option {
	return func(cfg *config) {
		if sleep == nil {
			cfg.badf("Sleep(nil): the function must not be nil")
			return
		}
		cfg.sleep = sleep
	}
}

// OnEvent sets a function called for every [Event] of a run, as it
// happens, for tracing and live progress. It is called from the goroutine
// that runs the workflow; prerequisite workflows (dependsOn) run
// concurrently, so it may be called from several goroutines at once and
// must be safe for that. It should return quickly. Events are redacted like
// results.
func OnEvent(fn func(Event)) Option {
	return func(cfg *config) { cfg.onEvent = fn }
}

// Redaction turns the masking of secrets on or off. It is on by default:
// the values of the Authorization, Proxy-Authorization, Cookie and
// Set-Cookie headers (and the credentials inside them), the parameters
// that carry a credential of the operation's security schemes (such as an
// API key), what the [Authenticate] hook adds, the inputs whose schema
// says format password or writeOnly true, the values given to [Secrets],
// and their URL-, JSON- and form-encoded forms are replaced by [Mask]
// everywhere in results, events and error messages. Turn it off only to
// debug a run on a private terminal.
func Redaction(on bool) Option {
	return func(cfg *config) { cfg.redact = on }
}

// Secrets adds values to mask wherever they appear, in addition to those
// redaction finds itself (see [Redaction]). Empty values are ignored.
func Secrets(values ...string) Option {
	return func(cfg *config) {
		for _, v := range values {
			if v != "" {
				cfg.secrets = append(cfg.secrets, v)
			}
		}
	}
}

// RecordExchanges makes results keep each request and response: method,
// URL, headers, and the first [DefaultRecordBodyBytes] of the body, all
// redacted. It is off by default.
func RecordExchanges(on bool) Option {
	return func(cfg *config) { cfg.record = on }
}

// Authenticate sets a function that adds credentials to each request
// before it is sent (AMB-55), retries included, for example an
// Authorization header or an API key. source is the name of the source
// description whose operation is called. An error fails the attempt like
// a transport error, and nothing is sent. The values of the headers and
// query parameters it adds or changes are credentials: they are masked
// like Authorization headers (see [Redaction]). $request.header reads a
// header it sets when the operation declares that header, as its security
// schemes do for Authorization or an API key header (EXPR-20).
func Authenticate(fn func(req *http.Request, source string) error) Option {
	return func(cfg *config) { cfg.authenticate = fn }
}

// RequireSuccessStatus makes a step without successCriteria succeed only
// when the response status is 2xx. By default any HTTP response counts as
// success for such a step (AMB-01).
func RequireSuccessStatus(on bool) Option {
	return func(cfg *config) { cfg.requireSuccess = on }
}

// RegexTimeout bounds one match of a regex criterion that needs the
// backtracking engine; see [expr.RegexTimeout]. The default is
// [expr.DefaultRegexTimeout].
func RegexTimeout(d time.Duration) Option {
	return func(cfg *config) {
		if d <= 0 {
			cfg.badf("RegexTimeout(%v): the timeout must be positive", d)
			return
		}
		cfg.regexTimeout = d
	}
}

// ApplyInputDefaults makes a run fill in each top-level input that the
// caller did not give and whose schema declares a default, before the
// inputs are validated. By default inputs are used as given (AMB-48).
func ApplyInputDefaults() Option {
	return func(cfg *config) { cfg.applyDefaults = true }
}

// JoinHeaderValues chooses what $request.header.<name> and
// $response.header.<name> read when the header was sent or received
// several times (AMB-40). By default they read the first value; with on
// they read every value in order, joined with ", ", the combined form
// RFC 9110 section 5.3 allows for most headers (it does not suit
// Set-Cookie). A single header line whose value already holds commas is
// read as it is either way.
func JoinHeaderValues(on bool) Option {
	return func(cfg *config) { cfg.joinHeaders = on }
}

// criterionOptions returns the options every criterion is compiled with.
func (c *config) criterionOptions() []expr.CriterionOption {
	if c.regexTimeout > 0 {
		return []expr.CriterionOption{expr.RegexTimeout(c.regexTimeout)}
	}
	return nil
}

// checkServers reports Server options that name no source of the bundle.
func (c *config) checkServers(b *arazzo.Bundle) error {
	known := map[string]bool{}
	for _, d := range b.Documents() {
		for _, s := range b.Sources(d) {
			known[s.Name] = true
		}
	}
	var bad []string
	for name := range c.servers {
		if !known[name] {
			bad = append(bad, fmt.Sprintf("Server(%q, ...): no source description is named %q", name, name))
		}
	}
	if len(bad) == 0 {
		return nil
	}
	sort.Strings(bad)
	return &OptionError{Problems: bad}
}

var errNilDocument = errors.New("runtime: the document is nil")
