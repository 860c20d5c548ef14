package oas

import (
	"strings"

	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
)

// Security scheme types defined by OpenAPI.
const (
	SchemeAPIKey        = "apiKey"
	SchemeHTTP          = "http"
	SchemeOAuth2        = "oauth2"
	SchemeOpenIDConnect = "openIdConnect"
	SchemeMutualTLS     = "mutualTLS"
)

// SecurityScheme is a Security Scheme Object from components.
type SecurityScheme struct {
	// Name is the scheme's key under components/securitySchemes.
	Name string
	// Type is "apiKey", "http", "oauth2", "openIdConnect" or "mutualTLS".
	Type string
	// In is where an apiKey goes: "header", "query" or "cookie".
	In string
	// ParamName is the header, query parameter or cookie name of an apiKey.
	ParamName string
	// Scheme is the lower-cased HTTP authentication scheme of an http
	// scheme, such as "bearer" or "basic".
	Scheme       string
	BearerFormat string
}

// SecurityRequirement is one Security Requirement Object: every scheme it
// lists must be satisfied together. A requirement with no schemes makes
// security optional.
type SecurityRequirement struct {
	Schemes []*SecurityUse
}

// SecurityUse is one entry of a Security Requirement Object: a scheme and
// the scopes (or, for other types, roles) it asks for.
type SecurityUse struct {
	Scheme *SecurityScheme
	Scopes []string
}

// newSecurityScheme converts a scheme from components.
func newSecurityScheme(name string, s *v3.SecurityScheme) *SecurityScheme {
	out := &SecurityScheme{Name: name, Type: s.Type, BearerFormat: s.BearerFormat}
	switch s.Type {
	case SchemeAPIKey:
		out.In, out.ParamName = s.In, s.Name
	case SchemeHTTP:
		out.Scheme = strings.ToLower(s.Scheme)
	}
	return out
}

// location returns where a scheme puts its credential: the location
// ("header", "query" or "cookie") and the name there. Schemes that put
// nothing in the request, such as mutualTLS, report false.
func (s *SecurityScheme) location() (in, name string, ok bool) {
	switch s.Type {
	case SchemeAPIKey:
		return s.In, s.ParamName, s.In != "" && s.ParamName != ""
	case SchemeHTTP, SchemeOAuth2, SchemeOpenIDConnect:
		return "header", "Authorization", true
	}
	return "", "", false
}

// SecurityHeaders returns the names of the request headers that the
// operation's security schemes use: "Authorization" for http, oauth2 and
// openIdConnect schemes, and the header name of apiKey schemes in a header.
// Names appear once each (compared case-insensitively), in the order of the
// requirements.
func (o *Operation) SecurityHeaders() []string { return o.SecurityNames("header") }

// SecurityNames returns the names that the operation's security schemes
// use in location in ("header", "query" or "cookie"); see
// [Operation.SecurityHeaders].
func (o *Operation) SecurityNames(in string) []string {
	var out []string
	for _, req := range o.Security {
		for _, use := range req.Schemes {
			where, name, ok := use.Scheme.location()
			if !ok || where != in || containsName(out, name, in == "header") {
				continue
			}
			out = append(out, name)
		}
	}
	return out
}

func containsName(list []string, name string, fold bool) bool {
	for _, s := range list {
		if s == name || (fold && strings.EqualFold(s, name)) {
			return true
		}
	}
	return false
}

// UsesSecurityName reports whether one of the operation's security
// schemes carries a credential in the parameter name of location in (see
// [Operation.SecurityNames]); header names compare case-insensitively.
func (o *Operation) UsesSecurityName(in, name string) bool {
	for _, req := range o.Security {
		for _, use := range req.Schemes {
			where, n, ok := use.Scheme.location()
			if ok && where == in && (n == name || in == "header" && strings.EqualFold(n, name)) {
				return true
			}
		}
	}
	return false
}

// Accepts reports whether the operation takes the parameter name in
// location in: it declares it (see [Operation.Parameter]), one of its
// security schemes carries a credential there (see
// [Operation.UsesSecurityName]), or it is the Accept or Content-Type
// header, which OpenAPI describes outside the parameters.
func (o *Operation) Accepts(in, name string) bool {
	if _, ok := o.Parameter(name, in); ok {
		return true
	}
	if in == "header" && (strings.EqualFold(name, "Accept") || strings.EqualFold(name, "Content-Type")) {
		return true
	}
	return o.UsesSecurityName(in, name)
}
