package runtime

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/arazzo-dev/arazzo/internal/jsonvalue"
)

// redactor masks the secrets of one run. Secrets are learnt as the run
// goes: the Secrets option, the secret inputs, and the credentials in the
// headers sent. Masking replaces each secret, and its URL-, form- and
// JSON-encoded forms, by Mask. It is safe for concurrent use (prerequisite
// workflows run concurrently).
type redactor struct {
	on bool

	mu sync.Mutex
	// base holds the secrets of the Secrets option, shared by every run;
	// secrets those the run learnt.
	base    map[string]bool
	secrets map[string]bool
	// patterns holds the text forms of the secrets; it is replaced, never
	// modified, when a secret is learnt.
	patterns atomic.Pointer[patternSet]
	// lastCredential is the last Authorization value learnt, which most
	// requests of a run repeat.
	lastCredential atomic.Pointer[string]
}

// newRedactor returns the redactor of the Secrets option, which each run
// forks.
func newRedactor(cfg *config) *redactor {
	rd := &redactor{on: cfg.redact}
	rd.add(cfg.secrets...)
	return rd
}

// fork returns a redactor for one run that starts with the secrets of rd,
// which it does not modify.
func (rd *redactor) fork() *redactor {
	rd.mu.Lock()
	defer rd.mu.Unlock()
	f := &redactor{on: rd.on, base: rd.secrets}
	f.patterns.Store(rd.patterns.Load())
	return f
}

// add learns secret values. Empty values are ignored.
func (rd *redactor) add(values ...string) {
	if !rd.on || rd.knows(values) {
		return
	}
	rd.mu.Lock()
	defer rd.mu.Unlock()
	changed := false
	for _, v := range values {
		if v == "" || v == Mask || rd.secrets[v] || rd.base[v] {
			continue
		}
		if rd.secrets == nil {
			rd.secrets = map[string]bool{}
		}
		rd.secrets[v] = true
		changed = true
	}
	if !changed {
		return
	}
	var pats []string
	if old := rd.patterns.Load(); old != nil {
		pats = make([]string, len(old.all), len(old.all)+6*len(values))
		copy(pats, old.all)
	} else {
		pats = make([]string, 0, 6*len(values))
	}
	for _, v := range values {
		for _, f := range forms(v) {
			if f != "" && !slices.Contains(pats, f) {
				pats = append(pats, f)
			}
		}
	}
	rd.patterns.Store(newPatternSet(pats))
}

// patternSet is the text forms of the secrets a redactor knows.
type patternSet struct {
	// all holds every form, longest first, so that a secret containing
	// another is masked whole.
	all []string
	// needles is the part of all that finding a secret in a text needs:
	// the forms that contain no other form. Text that contains any form
	// contains one of them.
	needles []string
}

// newPatternSet sorts pats, which it keeps, and picks its needles.
func newPatternSet(pats []string) *patternSet {
	slices.SortStableFunc(pats, func(a, b string) int { return len(b) - len(a) })
	ps := &patternSet{all: pats}
	for i, p := range pats {
		covered := false
		for _, q := range pats[i+1:] {
			if len(q) < len(p) && strings.Contains(p, q) {
				covered = true
				break
			}
		}
		if !covered {
			ps.needles = append(ps.needles, p)
		}
	}
	return ps
}

// knows reports, without locking, whether every value is empty or a
// secret already learnt (each secret is one of its own patterns).
func (rd *redactor) knows(values []string) bool {
	p := rd.patterns.Load()
	for _, v := range values {
		if v == "" || v == Mask {
			continue
		}
		if p == nil || !slices.Contains(p.all, v) {
			return false
		}
	}
	return true
}

// addValue learns every scalar inside a value (a secret input).
func (rd *redactor) addValue(v any) {
	switch x := v.(type) {
	case nil:
	case map[string]any:
		for _, e := range x {
			rd.addValue(e)
		}
	case []any:
		for _, e := range x {
			rd.addValue(e)
		}
	case bool:
	case json.Number:
		// A number is sent as spelled in JSON bodies, and in canonical
		// form in parameters and templates ("1.50" and "1.5").
		rd.add(string(x), jsonvalue.Text(x))
	default:
		rd.add(jsonvalue.Text(x))
	}
}

// sensitiveHeader reports whether a header carries credentials whose
// values are always masked.
func sensitiveHeader(name string) bool {
	switch http.CanonicalHeaderKey(name) {
	case "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie":
		return true
	}
	return false
}

// addHeaderSecrets learns the credentials in request headers: the values
// of Authorization and Proxy-Authorization, the credentials after their
// scheme (decoded too for Basic), and cookie values.
func (rd *redactor) addHeaderSecrets(h http.Header) {
	if !rd.on {
		return
	}
	// The names are canonical: h[name] is h.Values(name).
	for _, name := range credentialHeaders {
		for _, v := range h[name] {
			if last := rd.lastCredential.Load(); last != nil && *last == v {
				continue
			}
			latest := v
			rd.lastCredential.Store(&latest)
			scheme, cred, ok := strings.Cut(strings.TrimSpace(v), " ")
			if !ok {
				rd.add(v)
				continue
			}
			// Any text holding the whole value holds the credential, so
			// the credential alone is learnt: "Bearer <redacted>".
			cred = strings.TrimSpace(cred)
			rd.add(cred)
			if strings.EqualFold(scheme, "basic") {
				if dec, err := base64.StdEncoding.DecodeString(cred); err == nil {
					rd.add(string(dec))
					if _, pass, ok := strings.Cut(string(dec), ":"); ok {
						rd.add(pass)
					}
				}
			}
		}
	}
	for _, v := range h["Cookie"] {
		for _, pair := range strings.Split(v, ";") {
			if _, val, ok := strings.Cut(strings.TrimSpace(pair), "="); ok {
				rd.add(val)
			}
		}
	}
}

// credentialHeaders are the request headers whose values are credentials.
var credentialHeaders = []string{"Authorization", "Proxy-Authorization"}

// credentialHeader reports whether name is one of credentialHeaders.
func credentialHeader(name string) bool {
	for _, h := range credentialHeaders {
		if strings.EqualFold(name, h) {
			return true
		}
	}
	return false
}

// addCookieSecrets learns the cookie values a response sets.
func (rd *redactor) addCookieSecrets(h http.Header) {
	if !rd.on {
		return
	}
	for _, v := range h.Values("Set-Cookie") {
		first, _, _ := strings.Cut(v, ";")
		if _, val, ok := strings.Cut(first, "="); ok {
			rd.add(strings.TrimSpace(val))
		}
	}
}

// forms returns the encoded forms of a secret that may appear in text:
// the secret itself, its URL query, path and form encodings, and its
// escaped form inside a JSON string (with and without HTML escaping).
func forms(s string) []string {
	if unreserved(s) {
		// No encoding changes it: most tokens and keys are like this.
		return []string{s}
	}
	return encodedForms(s)
}

// encodedForms is forms without the shortcut for unreserved text.
func encodedForms(s string) []string {
	q := url.QueryEscape(s)
	out := []string{s, q, url.PathEscape(s), jsonEscape(s, false), jsonEscape(s, true)}
	if strings.Contains(q, "+") {
		out = append(out, strings.ReplaceAll(q, "+", "%20"))
	}
	return out
}

// unreserved reports whether s holds only the characters that no URL or
// JSON encoding escapes: the unreserved characters of RFC 3986.
func unreserved(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~') {
			return false
		}
	}
	return true
}

// jsonEscape returns s as it appears between the quotes of a JSON string
// written by encoding/json (html: with HTML escaping, as json.Marshal
// does; without, as an Encoder with SetEscapeHTML(false) does).
func jsonEscape(s string, html bool) string {
	plain := true
	for _, r := range s {
		if r < 0x20 || r == '"' || r == '\\' || r == 0x2028 || r == 0x2029 || r == 0xFFFD || html && (r == '<' || r == '>' || r == '&') {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(html)
	if err := enc.Encode(s); err != nil {
		return s
	}
	t := strings.TrimSpace(b.String())
	return t[1 : len(t)-1]
}

// text masks the secrets in s. Text already masked stays as it is, so
// masking twice changes nothing.
func (rd *redactor) text(s string) string {
	if !rd.on || s == "" {
		return s
	}
	p := rd.patterns.Load()
	if p == nil {
		return s
	}
	hit := false
	for _, n := range p.needles {
		if strings.Contains(s, n) {
			hit = true
			break
		}
	}
	if !hit {
		return s
	}
	// Masks already in s are kept whole, and a secret is only looked for
	// between them: one that ran into a mask (a secret "1<" before
	// "<redacted>") would otherwise be masked again on a second pass.
	var b strings.Builder
	b.Grow(len(s))
	for {
		seg, rest, masked := strings.Cut(s, Mask)
		maskSegment(&b, seg, p.all)
		if !masked {
			return b.String()
		}
		b.WriteString(Mask)
		s = rest
	}
}

// maskSegment writes s to b with every occurrence of pats, tried in
// order at each position, replaced by Mask.
func maskSegment(b *strings.Builder, s string, pats []string) {
	for i := 0; i < len(s); {
		matched := false
		for _, pat := range pats {
			if strings.HasPrefix(s[i:], pat) {
				b.WriteString(Mask)
				i += len(pat)
				matched = true
				break
			}
		}
		if !matched {
			b.WriteByte(s[i])
			i++
		}
	}
}

// value returns v with its secrets masked: strings that hold one, and
// numbers whose text is one, become masked strings. Containers are copied
// only when something inside them changes.
func (rd *redactor) value(v any) any {
	if !rd.on || rd.patterns.Load() == nil {
		return v
	}
	out, _ := rd.mask(v)
	return out
}

func (rd *redactor) mask(v any) (any, bool) {
	switch x := v.(type) {
	case nil, bool:
		return v, false
	case string:
		if m := rd.text(x); m != x {
			return m, true
		}
		return v, false
	case map[string]any:
		var out map[string]any
		for k, e := range x {
			m, changed := rd.mask(e)
			if changed {
				if out == nil {
					out = make(map[string]any, len(x))
					for k2, e2 := range x {
						out[k2] = e2
					}
				}
				out[k] = m
			}
		}
		if out == nil {
			return x, false
		}
		return out, true
	case []any:
		var out []any
		for i, e := range x {
			m, changed := rd.mask(e)
			if changed {
				if out == nil {
					out = append([]any(nil), x...)
				}
				out[i] = m
			}
		}
		if out == nil {
			return x, false
		}
		return out, true
	}
	if _, ok := jsonvalue.ToFloat(v); ok {
		t := jsonvalue.Text(v)
		if m := rd.text(t); m != t {
			return Mask, true
		}
	}
	return v, false
}

// outputs masks a map of outputs.
func (rd *redactor) outputs(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	out, _ := rd.value(m).(map[string]any)
	return out
}

// header returns a copy of h with credentials masked: the values of
// Authorization and Proxy-Authorization keep only their scheme, cookie
// values are masked, and secrets in other headers are masked as text.
func (rd *redactor) header(h http.Header) http.Header {
	if !rd.on || h == nil {
		return h
	}
	out := make(http.Header, len(h))
	for name, vs := range h {
		masked := make([]string, len(vs))
		for i, v := range vs {
			switch {
			case !sensitiveHeader(name):
				masked[i] = rd.text(v)
			case strings.EqualFold(name, "Cookie"):
				masked[i] = maskCookies(v, "; ")
			case strings.EqualFold(name, "Set-Cookie"):
				first, rest, hasRest := strings.Cut(v, ";")
				masked[i] = maskCookies(first, "")
				if hasRest {
					masked[i] += ";" + rest
				}
			default:
				if scheme, _, ok := strings.Cut(strings.TrimSpace(v), " "); ok {
					masked[i] = scheme + " " + Mask
				} else {
					masked[i] = Mask
				}
			}
		}
		out[name] = masked
	}
	return out
}

// maskCookies masks the values of "name=value" pairs separated by ";".
func maskCookies(v, sep string) string {
	pairs := strings.Split(v, ";")
	for i, p := range pairs {
		name, _, ok := strings.Cut(strings.TrimSpace(p), "=")
		if ok {
			pairs[i] = name + "=" + Mask
		} else {
			pairs[i] = strings.TrimSpace(p)
		}
	}
	if sep == "" {
		sep = "; "
	}
	return strings.Join(pairs, sep)
}

// err masks an error's message, keeping errors.Is matching on the
// original.
func (rd *redactor) err(err error) error {
	if err == nil || !rd.on {
		return err
	}
	msg := err.Error()
	if m := rd.text(msg); m != msg {
		return &maskedError{msg: m, cause: err}
	}
	return err
}

// visited lists the results a masking pass has seen; runs hold few.
type visited struct{ list []*Result }

func (v *visited) has(r *Result) bool { return slices.Contains(v.list, r) }

func (v *visited) add(r *Result) { v.list = append(v.list, r) }

// stepResult masks a finished step record in place.
func (rd *redactor) stepResult(sr *StepResult, seen *visited) {
	if !rd.on {
		return
	}
	sr.Error = rd.text(sr.Error)
	sr.Outputs = rd.outputs(sr.Outputs)
	for _, a := range sr.Attempts {
		a.URL = rd.text(a.URL)
		a.Error = rd.text(a.Error)
		a.Outputs = rd.outputs(a.Outputs)
		for i := range a.Criteria {
			a.Criteria[i].Reason = rd.text(a.Criteria[i].Reason)
		}
		rd.action(a.Action, seen)
		if a.Request != nil {
			a.Request.URL = rd.text(a.Request.URL)
			a.Request.Header = rd.header(a.Request.Header)
			a.Request.Body = rd.text(a.Request.Body)
		}
		if a.Response != nil {
			a.Response.Header = rd.header(a.Response.Header)
			a.Response.Body = rd.text(a.Response.Body)
		}
		if a.Workflow != nil {
			rd.result(a.Workflow, seen)
		}
	}
	rd.action(sr.Action, seen)
	if sr.Workflow != nil {
		rd.result(sr.Workflow, seen)
	}
}

func (rd *redactor) action(a *ActionRecord, seen *visited) {
	if a != nil && a.Workflow != nil {
		rd.result(a.Workflow, seen)
	}
}

// result masks a finished workflow record in place, with everything it
// holds. seen stops records shared by several parents from being visited
// twice.
func (rd *redactor) result(res *Result, seen *visited) {
	if !rd.on || res == nil || seen.has(res) {
		return
	}
	seen.add(res)
	res.Outputs = rd.outputs(res.Outputs)
	res.Error = rd.text(res.Error)
	if res.err != nil && res.err.Error() != res.Error {
		res.err = &maskedError{msg: res.Error, cause: res.err}
	}
	for i := range res.Warnings {
		res.Warnings[i].Message = rd.text(res.Warnings[i].Message)
	}
	for _, sr := range res.Steps {
		rd.stepResult(sr, seen)
	}
	for _, d := range res.Dependencies {
		rd.result(d, seen)
	}
}
