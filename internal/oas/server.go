package oas

import (
	"fmt"
	"net/url"
	"strings"

	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
)

// Server is a Server Object with its URL ready to use.
type Server struct {
	// URL is the server URL with every variable replaced by its default and,
	// when the document's location is known, resolved against it, so a
	// relative URL such as "/v1" becomes absolute.
	URL string
	// Template is the url field as written, such as
	// "https://{region}.example.com/v1".
	Template string
	// Variables maps each server variable to its default value.
	Variables   map[string]string
	Description string
}

// newServers converts a servers list; ptr is the JSON Pointer of the list,
// used in errors.
func newServers(list []*v3.Server, base *url.URL, ptr string) ([]*Server, error) {
	out := make([]*Server, 0, len(list))
	for i, s := range list {
		srv := &Server{Template: s.URL, Description: s.Description}
		for name, v := range s.Variables.FromOldest() {
			if srv.Variables == nil {
				srv.Variables = make(map[string]string)
			}
			if v != nil {
				srv.Variables[name] = v.Default
			}
		}
		u, err := serverURL(s.URL, srv.Variables, base)
		if err != nil {
			return nil, fmt.Errorf("server %s/%d: %v", ptr, i, err)
		}
		srv.URL = u
		out = append(out, srv)
	}
	return out, nil
}

// defaultServers is what applies when a document declares no servers: one
// server "/", which resolves against the document's location.
func defaultServers(base *url.URL) []*Server {
	u, _ := serverURL("/", nil, base)
	return []*Server{{URL: u, Template: "/"}}
}

// serverURL substitutes variables into a server URL template and resolves
// the result against base (RFC 3986 reference resolution).
func serverURL(template string, vars map[string]string, base *url.URL) (string, error) {
	s, err := expandServerVariables(template, vars)
	if err != nil {
		return "", err
	}
	if base == nil {
		return s, nil
	}
	ref, err := url.Parse(s)
	if err != nil {
		return "", fmt.Errorf("invalid URL %q: %v", s, err)
	}
	return base.ResolveReference(ref).String(), nil
}

// expandServerVariables replaces each {name} in template with vars[name].
func expandServerVariables(template string, vars map[string]string) (string, error) {
	if !strings.Contains(template, "{") {
		return template, nil
	}
	var b strings.Builder
	rest := template
	for {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			b.WriteString(rest)
			return b.String(), nil
		}
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 {
			return "", fmt.Errorf("url %q: unclosed \"{\" at offset %d", template, len(template)-len(rest)+open)
		}
		name := rest[open+1 : open+end]
		val, ok := vars[name]
		if !ok {
			return "", fmt.Errorf("url %q: variable %q is not declared", template, name)
		}
		b.WriteString(rest[:open])
		b.WriteString(val)
		rest = rest[open+end+1:]
	}
}
