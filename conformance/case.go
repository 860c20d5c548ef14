package conformance

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/arazzo-dev/arazzo/arazzo"
	"github.com/arazzo-dev/arazzo/internal/yamlx"
	"github.com/arazzo-dev/arazzo/specs"
)

// CaseFile is the name of the file that makes a directory a case.
const CaseFile = "case.yaml"

// KnownFailuresFile is the name of the file, at the root of a suite, that
// lists the cases the in-process engine does not pass yet.
const KnownFailuresFile = "known_failures.yaml"

// DefaultDocument is the Arazzo document of a case that names none.
const DefaultDocument = "arazzo.yaml"

// Mask is the text that stands for a secret in the outputs of a case with
// [Case.Redaction]: an implementation reports each secret it masks, whole
// or inside a longer string, as this text, whatever its own mask is.
const Mask = "<redacted>"

// The kinds of expectation a case can have; see [Case.Expects].
const (
	// ExpectOutcome: the run's status (succeeded, failed or rejected),
	// the step that failed, and optionally the workflow's outputs.
	ExpectOutcome = "outcome"
	// ExpectExchange: every HTTP request the server received, in order.
	ExpectExchange = "exchange"
	// ExpectDiagnostics: the findings of validating the document.
	ExpectDiagnostics = "diagnostics"
)

// The servers a case can run against; see [Case.Server].
const (
	// ServerZenML is the reference ZenML server of package zenml, holding
	// its seeded data.
	ServerZenML = "zenml"
	// ServerScripted is a server that expects a list of requests, in
	// order, and answers each with the response the case gives.
	ServerScripted = "scripted"
)

// Case is one conformance case: an Arazzo document, how to run it, the
// server it runs against and what must come out. Cases are read from
// directories by [Load] and run by [Run]; README.md in this package's
// directory describes the case.yaml format. A Case may be run by any
// number of goroutines at once; nothing changes it after Load, apart from
// its KnownFailure, which a caller may clear or set before running it (as
// arazzo conformance --impl does, since the known failures are the
// in-process engine's).
type Case struct {
	// Path is the case's directory relative to the suite root,
	// slash-separated, such as "zenml/provision-secret". It is the case's
	// name: the subtest name in go test and the argument of --run.
	Path string
	// Description says in a sentence or two what the case checks.
	Description string
	// Requirements are the ids of the requirements the case covers, such
	// as "RUN-02" or "EXPR-07".
	Requirements []string
	// Decisions are the ids of the ambiguity decisions (AMB-nn) the case
	// pins down.
	Decisions []string
	// Document is the path of the Arazzo document within the case's
	// files.
	Document string
	// Workflow is the workflowId to run; empty for a diagnostics case.
	Workflow string
	// Server is ServerZenML or ServerScripted, or empty for a diagnostics
	// case, which sends nothing.
	Server string
	// Expects is the kind of expectation: ExpectOutcome, ExpectExchange
	// or ExpectDiagnostics.
	Expects string
	// Redaction is true for an outcome case that compares the outputs as
	// the implementation shows them to its users, every secret replaced
	// by [Mask] (case.yaml "redaction: true"). By default outputs are
	// compared unmasked.
	Redaction bool
	// KnownFailure is the reason the in-process engine is known to fail
	// the case, from the suite's known_failures.yaml; empty when it is
	// expected to pass. [Run] reports a known failure that fails as
	// skipped, and one that passes as failed, so that the list is kept
	// honest.
	KnownFailure string

	inputs map[string]any
	mounts []string // paths in the specs fixtures mounted into the files
	srv    serverSpec
	want   expectation
	files  *tree
	// embedded is true for the cases of FS, which go test runs too.
	embedded bool

	sourcesOnce sync.Once
	sources     []string
	sourcesErr  error
}

// serverSpec is the server section of a case.
type serverSpec struct {
	kind      string
	pollReads int
	hasPoll   bool
	users     []zenmlUser
	script    []*scriptEntry
}

type zenmlUser struct {
	name, password  string
	admin, inactive bool
}

// scriptEntry is one exchange a scripted server expects.
type scriptEntry struct {
	line int // where the entry starts in case.yaml
	req  *requestSpec
	resp *responseSpec
}

// requestSpec describes a request: the ones a scripted server expects and
// those of an exchange expectation. Only the headers listed are checked;
// the query and the body must be exactly as given, and absent when not
// given.
type requestSpec struct {
	line     int
	method   string
	path     string
	query    url.Values // decoded; nil when rawQuery is set or no query is expected
	rawQuery *string
	headers  []headerSpec
	body     *bodySpec
	status   int // the status the server answered; 0 when not checked
}

type headerSpec struct {
	name  string
	value *string // nil: the header must not be sent
	// more holds the further values of a scripted response header given
	// as a list, each sent on a header line of its own after value.
	more []string
}

// bodySpec is a body: JSON (compared structurally), text (compared
// exactly) or an HTML form (compared by field).
type bodySpec struct {
	json   any
	isJSON bool
	text   string
	isText bool
	form   url.Values
	isForm bool
}

// responseSpec is what a scripted server answers.
type responseSpec struct {
	status  int
	headers []headerSpec
	body    *bodySpec
}

// expectation is the want section of a case.
type expectation struct {
	status      string
	failedStep  *string
	outputs     map[string]any
	hasOutputs  bool
	waits       []float64 // seconds; nil when the case does not check them
	exchange    []*requestSpec
	diagnostics []wantDiagnostic
	minSeverity arazzo.Severity
}

type wantDiagnostic struct {
	Rule     string
	Severity string
	File     string
	At       string
}

var (
	requirementID = regexp.MustCompile(`^[A-Z]+-[0-9]{2}$`)
	decisionID    = regexp.MustCompile(`^AMB-[0-9A-Z]+$`)
	diagnosticAt  = regexp.MustCompile(`^[1-9][0-9]*:[1-9][0-9]*$`)
	httpMethod    = regexp.MustCompile(`^[A-Z]+$`)
)

// Load reads every case of the suite at the root of fsys.
//
// A case is a directory two levels down, <area>/<case>, holding a
// case.yaml file and the documents it names. Directories that hold no
// case.yaml are an error, except the area "fuzz", which Go's fuzzing
// reserves, and files at the top two levels are ignored apart from
// known_failures.yaml at the root (see [KnownFailuresFile]), which
// Load applies to the cases it names. Fixture files a case mounts with
// "specs:" come from the specs package.
//
// Load checks each case completely (the format, the document's presence,
// the known failures' reasons) and fails on the first problem, naming the
// file and the line. The cases are returned sorted by path.
func Load(fsys fs.FS) ([]*Case, error) {
	areas, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("reading the suite: %w", err)
	}
	embedded := false
	if t, ok := fsys.(*tree); ok {
		embedded = t == FS.(*tree)
	}
	var cases []*Case
	for _, area := range areas {
		if !area.IsDir() || area.Name() == "fuzz" {
			continue
		}
		dirs, err := fs.ReadDir(fsys, area.Name())
		if err != nil {
			return nil, err
		}
		for _, dir := range dirs {
			if !dir.IsDir() {
				continue
			}
			p := area.Name() + "/" + dir.Name()
			c, err := loadCase(fsys, p)
			if err != nil {
				return nil, err
			}
			c.embedded = embedded
			cases = append(cases, c)
		}
	}
	slices.SortFunc(cases, func(a, b *Case) int { return strings.Compare(a.Path, b.Path) })
	data, err := fs.ReadFile(fsys, KnownFailuresFile)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, err
	default:
		if err := applyKnownFailures(cases, data); err != nil {
			return nil, err
		}
	}
	return cases, nil
}

// loadCase reads the case in directory dir of fsys.
func loadCase(fsys fs.FS, dir string) (*Case, error) {
	file := dir + "/" + CaseFile
	data, err := fs.ReadFile(fsys, file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: the directory has no %s; every directory <area>/<case> of the suite is a case", dir, CaseFile)
	}
	if err != nil {
		return nil, err
	}
	c, err := parseCase(file, data)
	if err != nil {
		return nil, err
	}
	c.Path = dir
	c.files = newTree()
	if err := c.files.add(fsys, dir, ""); err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	for _, m := range c.mounts {
		if err := c.files.add(specs.FS, m, m); err != nil {
			return nil, fmt.Errorf("%s: mounting %q from the specs fixtures: %w", file, m, err)
		}
	}
	if _, ok := c.files.files[c.Document]; !ok {
		return nil, fmt.Errorf("%s: the document %q is neither a file of the case nor a mounted fixture", file, c.Document)
	}
	return c, nil
}

// parseCase decodes a case.yaml file named file.
func parseCase(file string, data []byte) (*Case, error) {
	f, errs := yamlx.Decode(data, yamlx.Limits{MaxBytes: 1 << 20})
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s:%s", file, errs[0].Error())
	}
	d := &decoder{file: file}
	top := d.object(f.Root, "the case")
	c := &Case{
		Description:  top.str("description", true),
		Requirements: top.strs("requirements"),
		Decisions:    top.strs("decisions"),
		Document:     top.str("document", false),
		Workflow:     top.str("workflow", false),
		Redaction:    top.boolean("redaction"),
	}
	mounts := top.strs("specs")
	if c.Document == "" {
		c.Document = DefaultDocument
	}
	if d.err == nil && strings.TrimSpace(c.Description) == "" {
		d.errorAt(top.keyPos("description"), "the description is empty")
	}
	for _, id := range c.Requirements {
		if d.err == nil && !requirementID.MatchString(id) {
			d.errorAt(top.keyPos("requirements"), "%q is not a requirement id such as RUN-02", id)
		}
	}
	for _, id := range c.Decisions {
		if d.err == nil && !decisionID.MatchString(id) {
			d.errorAt(top.keyPos("decisions"), "%q is not a decision id such as AMB-07", id)
		}
	}
	if d.err == nil && !fs.ValidPath(c.Document) {
		d.errorAt(top.keyPos("document"), "the document %q is not a slash-separated path inside the case", c.Document)
	}
	for _, m := range mounts {
		if d.err == nil && (!fs.ValidPath(m) || m == ".") {
			d.errorAt(top.keyPos("specs"), "%q is not a path inside the specs fixtures", m)
		}
	}
	c.mounts = mounts
	if n := top.get("inputs"); n != nil {
		if n.Kind != yamlx.Object {
			d.errorf(n, "inputs must be a mapping, not %s", describeKind(n))
		} else {
			c.inputs = n.Value.(map[string]any)
		}
	}
	c.srv = decodeServer(d, top.get("server"))
	c.want = decodeWant(d, top.get("want"), c)
	top.close()
	if d.err != nil {
		return nil, d.err
	}
	c.Server = c.srv.kind
	switch {
	case c.want.diagnostics != nil:
		c.Expects = ExpectDiagnostics
	case c.want.exchange != nil:
		c.Expects = ExpectExchange
	default:
		c.Expects = ExpectOutcome
	}
	if c.Redaction && !c.want.hasOutputs {
		d.errorAt(top.keyPos("redaction"), "redaction only applies to a case whose want has outputs, which it compares masked")
	}
	if c.Expects == ExpectDiagnostics {
		for _, key := range []string{"workflow", "inputs", "server"} {
			if top.has(key) {
				d.errorAt(top.keyPos(key), "a diagnostics case only validates its document: %q does not apply", key)
			}
		}
	} else {
		if c.Workflow == "" {
			d.errorf(f.Root, "the case has no \"workflow\" to run")
		}
		if c.srv.kind == "" {
			d.errorf(f.Root, "the case has no \"server\" to run against (zenml or scripted)")
		}
	}
	if d.err == nil {
		d.err = c.checkVariables(file)
	}
	if d.err != nil {
		return nil, d.err
	}
	return c, nil
}

// decodeServer reads the server section: "zenml", a mapping {zenml: {...}}
// or a mapping {scripted: [...]}.
func decodeServer(d *decoder, n *yamlx.Node) serverSpec {
	var s serverSpec
	if n == nil {
		return s
	}
	if n.Kind == yamlx.String {
		if n.Value != ServerZenML {
			d.errorf(n, "server %q is not known: write zenml, {zenml: {...}} or {scripted: [...]}", n.Value)
		}
		s.kind = ServerZenML
		return s
	}
	o := d.object(n, "server")
	switch {
	case o.has(ServerZenML) && o.has(ServerScripted):
		d.errorf(n, "server has both zenml and scripted; a case runs against one server")
	case o.has(ServerZenML):
		s.kind = ServerZenML
		zn := o.get(ServerZenML)
		if zn.Kind == yamlx.Null {
			zn = nil // "zenml:" with no options
		}
		z := d.object(zn, "server zenml")
		s.pollReads, s.hasPoll = z.integer("pollReads")
		if s.hasPoll && s.pollReads < 0 {
			d.errorAt(z.keyPos("pollReads"), "pollReads must not be negative")
		}
		if un := z.get("users"); un != nil {
			if un.Kind != yamlx.Array {
				d.errorf(un, "server zenml users must be a list, not %s", describeKind(un))
			}
			for _, it := range un.Items {
				u := d.object(it, "a zenml user")
				s.users = append(s.users, zenmlUser{
					name: u.str("name", true), password: u.str("password", true),
					admin: u.boolean("admin"), inactive: u.boolean("inactive"),
				})
				u.close()
			}
		}
		z.close()
	case o.has(ServerScripted):
		s.kind = ServerScripted
		list := o.get(ServerScripted)
		if list.Kind != yamlx.Array {
			d.errorf(list, "server scripted must be a list of {request, response}, not %s", describeKind(list))
			break
		}
		for _, it := range list.Items {
			e := d.object(it, "a scripted exchange")
			entry := &scriptEntry{line: it.Range.Start.Line}
			entry.req = decodeRequest(d, e.get("request"), "a scripted request", false)
			if e.get("request") == nil {
				e.missing("request")
			}
			entry.resp = decodeResponse(d, e.get("response"))
			if e.get("response") == nil {
				e.missing("response")
			}
			e.close()
			s.script = append(s.script, entry)
		}
	default:
		d.errorf(n, "server must have zenml or scripted")
	}
	o.close()
	return s
}

// decodeRequest reads a request description. withStatus allows the
// "status" member of exchange expectations.
func decodeRequest(d *decoder, n *yamlx.Node, what string, withStatus bool) *requestSpec {
	if n == nil {
		return nil
	}
	o := d.object(n, what)
	r := &requestSpec{line: n.Range.Start.Line}
	r.method = o.str("method", true)
	r.path = o.str("path", true)
	if d.err == nil && !httpMethod.MatchString(r.method) {
		d.errorAt(o.keyPos("method"), "method %q must be an upper-case HTTP method such as GET", r.method)
	}
	if d.err == nil && !strings.HasPrefix(r.path, "/") {
		d.errorAt(o.keyPos("path"), "path %q must start with /", r.path)
	}
	if o.has("query") && o.has("rawQuery") {
		d.errorAt(o.keyPos("rawQuery"), "%s has both query and rawQuery; give one", what)
	}
	if q := o.get("query"); q != nil {
		r.query = decodeValues(d, q, what+" query")
	}
	if o.has("rawQuery") {
		s := o.str("rawQuery", false)
		r.rawQuery = &s
	}
	r.headers = decodeHeaders(d, o.get("headers"), what+" headers", true, false)
	r.body = decodeBody(d, o.get("body"), what+" body")
	if withStatus {
		if st, ok := o.integer("status"); ok {
			if st < 100 || st > 599 {
				d.errorAt(o.keyPos("status"), "status %d is not an HTTP status code", st)
			}
			r.status = st
		}
	}
	o.close()
	return r
}

// decodeResponse reads the response a scripted server sends.
func decodeResponse(d *decoder, n *yamlx.Node) *responseSpec {
	if n == nil {
		return nil
	}
	o := d.object(n, "a scripted response")
	r := &responseSpec{status: http.StatusOK}
	if st, ok := o.integer("status"); ok {
		if st < 100 || st > 599 {
			d.errorAt(o.keyPos("status"), "status %d is not an HTTP status code", st)
		}
		r.status = st
	}
	r.headers = decodeHeaders(d, o.get("headers"), "a scripted response's headers", false, true)
	r.body = decodeBody(d, o.get("body"), "a scripted response's body")
	o.close()
	return r
}

// decodeHeaders reads a mapping of header names to values. With
// allowAbsent, a null value means the header must not be sent; with
// allowList, a list of strings gives the values of a header sent several
// times.
func decodeHeaders(d *decoder, n *yamlx.Node, what string, allowAbsent, allowList bool) []headerSpec {
	o := d.object(n, what)
	var out []headerSpec
	seen := map[string]bool{}
	for _, key := range o.keys() {
		v := o.get(key)
		canon := http.CanonicalHeaderKey(key)
		if seen[canon] {
			d.errorAt(o.keyPos(key), "%s name %s twice (header names ignore case)", what, key)
		}
		seen[canon] = true
		switch {
		case v.Kind == yamlx.Null && allowAbsent:
			out = append(out, headerSpec{name: canon})
			continue
		case v.Kind == yamlx.Array && allowList:
			if len(v.Items) == 0 {
				d.errorf(v, "%s %q is an empty list; leave the header out instead", what, key)
				continue
			}
			h := headerSpec{name: canon}
			for i, it := range v.Items {
				s := d.str(it, fmt.Sprintf("%s %q item", what, key))
				if i == 0 {
					h.value = &s
				} else {
					h.more = append(h.more, s)
				}
			}
			out = append(out, h)
			continue
		}
		s := d.str(v, fmt.Sprintf("%s %q", what, key))
		out = append(out, headerSpec{name: canon, value: &s})
	}
	o.close()
	return out
}

// decodeValues reads a mapping of names to a string or a list of strings.
func decodeValues(d *decoder, n *yamlx.Node, what string) url.Values {
	o := d.object(n, what)
	out := url.Values{}
	for _, key := range o.keys() {
		v := o.get(key)
		if v.Kind == yamlx.Array {
			for _, it := range v.Items {
				out[key] = append(out[key], d.str(it, fmt.Sprintf("%s %q item", what, key)))
			}
			if len(v.Items) == 0 {
				d.errorf(v, "%s %q is an empty list; leave the name out instead", what, key)
			}
			continue
		}
		out[key] = []string{d.str(v, fmt.Sprintf("%s %q", what, key))}
	}
	o.close()
	return out
}

// decodeBody reads {json: value}, {text: string} or {form: mapping}.
func decodeBody(d *decoder, n *yamlx.Node, what string) *bodySpec {
	if n == nil {
		return nil
	}
	o := d.object(n, what)
	b := &bodySpec{}
	count := 0
	if v := o.get("json"); v != nil || o.has("json") {
		count++
		b.isJSON = true
		if v != nil {
			b.json = v.Value
		}
	}
	if o.has("text") {
		count++
		b.isText = true
		b.text = o.str("text", false)
	}
	if o.has("form") {
		count++
		b.isForm = true
		b.form = decodeValues(d, o.get("form"), what+" form")
	}
	if count != 1 {
		d.errorf(n, "%s must have exactly one of json, text and form", what)
	}
	o.close()
	return b
}

// decodeWant reads the want section.
func decodeWant(d *decoder, n *yamlx.Node, c *Case) expectation {
	var w expectation
	if n == nil {
		d.errorAt(yamlx.Pos{}, "the case has no \"want\"")
		return w
	}
	o := d.object(n, "want")
	kinds := 0
	for _, k := range []string{"status", "exchange", "diagnostics"} {
		if o.has(k) {
			kinds++
		}
	}
	if kinds != 1 {
		d.errorf(n, "want must have exactly one of status (with failedStep, outputs and waits), exchange and diagnostics")
	}
	switch {
	case o.has("status"):
		w.status = o.str("status", true)
		switch w.status {
		case "succeeded", "failed", "rejected":
		default:
			d.errorAt(o.keyPos("status"), "status %q is not succeeded, failed or rejected", w.status)
		}
		if o.has("failedStep") {
			fn := o.get("failedStep")
			if fn.Kind == yamlx.Null {
				empty := ""
				w.failedStep = &empty
			} else {
				s := d.str(fn, "want failedStep")
				w.failedStep = &s
			}
		}
		switch {
		case w.status == "failed" && w.failedStep == nil:
			d.errorf(n, "a failed run must name its failedStep (null when no step is to blame)")
		case w.status != "failed" && w.failedStep != nil:
			d.errorAt(o.keyPos("failedStep"), "failedStep only applies to status failed")
		}
		if on := o.get("outputs"); on != nil || o.has("outputs") {
			if w.status == "rejected" {
				d.errorAt(o.keyPos("outputs"), "a rejected run has no outputs")
			}
			w.hasOutputs = true
			switch {
			case on == nil || on.Kind == yamlx.Null:
				w.outputs = map[string]any{}
			case on.Kind != yamlx.Object:
				d.errorf(on, "want outputs must be a mapping, not %s", describeKind(on))
			default:
				w.outputs = on.Value.(map[string]any)
			}
		}
		if wn := o.get("waits"); wn != nil {
			w.waits = decodeWaits(d, wn)
			if w.status == "rejected" {
				d.errorAt(o.keyPos("waits"), "a rejected run makes no retries, so it has no waits")
			}
		}
	case o.has("exchange"):
		list := o.get("exchange")
		w.exchange = []*requestSpec{}
		if list.Kind != yamlx.Array {
			d.errorf(list, "want exchange must be a list of requests ([] for none), not %s", describeKind(list))
			break
		}
		for _, it := range list.Items {
			w.exchange = append(w.exchange, decodeRequest(d, it, "an exchange request", true))
		}
	case o.has("diagnostics"):
		list := o.get("diagnostics")
		w.diagnostics = []wantDiagnostic{}
		if list.Kind != yamlx.Array {
			d.errorf(list, "want diagnostics must be a list ([] for none), not %s", describeKind(list))
			break
		}
		for _, it := range list.Items {
			dn := d.object(it, "a diagnostic")
			wd := wantDiagnostic{
				Rule:     dn.str("rule", true),
				Severity: dn.str("severity", true),
				At:       dn.str("at", true),
				File:     dn.str("file", false),
			}
			if _, err := arazzo.ParseSeverity(wd.Severity); d.err == nil && err != nil {
				d.errorAt(dn.keyPos("severity"), "%v", err)
			}
			if d.err == nil && !diagnosticAt.MatchString(wd.At) {
				d.errorAt(dn.keyPos("at"), "at %q must be line:column, such as 12:7", wd.At)
			}
			if wd.File == "" {
				wd.File = c.Document
			}
			dn.close()
			w.diagnostics = append(w.diagnostics, wd)
		}
	}
	w.minSeverity = arazzo.SeverityWarning
	if o.has("minSeverity") {
		s := o.str("minSeverity", false)
		sev, err := arazzo.ParseSeverity(s)
		switch {
		case err != nil:
			d.errorAt(o.keyPos("minSeverity"), "%v", err)
		case w.diagnostics == nil:
			d.errorAt(o.keyPos("minSeverity"), "minSeverity only applies to diagnostics")
		}
		w.minSeverity = sev
	}
	o.close()
	return w
}

// decodeWaits reads want.waits: a list of non-negative numbers of seconds.
func decodeWaits(d *decoder, n *yamlx.Node) []float64 {
	if n.Kind != yamlx.Array {
		d.errorf(n, "want waits must be a list of numbers of seconds ([] for none), not %s", describeKind(n))
		return nil
	}
	out := make([]float64, 0, len(n.Items))
	for _, it := range n.Items {
		var f float64
		switch v := it.Value.(type) {
		case int64:
			f = float64(v)
		case float64:
			f = v
		default:
			d.errorf(it, "a wait must be a number of seconds, not %s", describeKind(it))
			continue
		}
		if f < 0 || math.IsInf(f, 0) || math.IsNaN(f) {
			d.errorf(it, "a wait must be a non-negative number of seconds, not %v", f)
		}
		out = append(out, f)
	}
	return out
}
