package oas

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/pb33f/libopenapi/datamodel/high/base"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
	"github.com/pb33f/libopenapi/orderedmap"
	"go.yaml.in/yaml/v4"

	"github.com/arazzo-dev/arazzo/internal/jsonpointer"
)

// builder fills a Document's index from its libopenapi model.
type builder struct {
	doc    *Document
	base   *url.URL
	nodes  *plainTree
	schema *schemaInliner
	// security is the document-level requirement list, converted once.
	security []*SecurityRequirement
}

func (b *builder) build() error {
	d, m := b.doc, b.doc.model
	d.schemes = make(map[string]*SecurityScheme)
	if m.Components != nil {
		for name, s := range m.Components.SecuritySchemes.FromOldest() {
			if s != nil {
				d.schemes[name] = newSecurityScheme(name, s)
				d.schemeSeq = append(d.schemeSeq, d.schemes[name])
			}
		}
	}
	var err error
	if len(m.Servers) > 0 {
		if d.servers, err = newServers(m.Servers, b.base, "/servers"); err != nil {
			return err
		}
	} else {
		d.servers = defaultServers(b.base)
	}
	if b.security, err = b.requirements(m.Security, "/security"); err != nil {
		return err
	}
	d.byID = make(map[string]*Operation)
	d.byPointer = make(map[string]*Operation)
	if m.Paths == nil {
		return nil
	}
	for path, item := range m.Paths.PathItems.FromOldest() {
		if item == nil {
			continue
		}
		if err := b.pathItem(path, item); err != nil {
			return err
		}
	}
	return nil
}

// pathItem indexes the operations of one Path Item.
func (b *builder) pathItem(path string, item *v3.PathItem) error {
	d := b.doc
	ptr := jsonpointer.FromTokens("paths", path).String()
	servers := d.servers
	if len(item.Servers) > 0 {
		var err error
		if servers, err = newServers(item.Servers, b.base, ptr+"/servers"); err != nil {
			return err
		}
	}
	shared, err := b.parameters(item.Parameters, ptr+"/parameters")
	if err != nil {
		return err
	}
	for method, op := range item.GetOperations().FromOldest() {
		if op == nil {
			continue
		}
		o := &Operation{
			OperationID: op.OperationId,
			Method:      strings.ToUpper(method),
			Path:        path,
			Pointer:     ptr + "/" + jsonpointer.Escape(method),
			Servers:     servers,
		}
		if err := b.operation(o, op, shared); err != nil {
			return fmt.Errorf("operation %s: %w", o, err)
		}
		if o.OperationID != "" {
			if prev, dup := d.byID[o.OperationID]; dup {
				return fmt.Errorf("operationId %q is used by both %s and %s; it must be unique", o.OperationID, prev, o)
			}
			d.byID[o.OperationID] = o
		}
		d.byPointer[o.Pointer] = o
		d.ops = append(d.ops, o)
	}
	return nil
}

// operation fills o from the libopenapi operation and the Path Item's
// parameters.
func (b *builder) operation(o *Operation, op *v3.Operation, shared []*Parameter) error {
	own, err := b.parameters(op.Parameters, o.Pointer+"/parameters")
	if err != nil {
		return err
	}
	o.Parameters = mergeParameters(shared, own)
	if len(op.Servers) > 0 {
		if o.Servers, err = newServers(op.Servers, b.base, o.Pointer+"/servers"); err != nil {
			return err
		}
	}
	o.Security = b.security
	if op.Security != nil { // present, possibly empty: it replaces the document's
		if o.Security, err = b.requirements(op.Security, o.Pointer+"/security"); err != nil {
			return err
		}
	}
	if rb := op.RequestBody; rb != nil {
		body := &RequestBody{Required: rb.Required != nil && *rb.Required}
		if body.Content, err = b.content(rb.Content, o.Pointer+"/requestBody/content"); err != nil {
			return err
		}
		o.RequestBody = body
	}
	if op.Responses != nil {
		for code, r := range op.Responses.Codes.FromOldest() {
			resp, err := b.response(code, r, o.Pointer)
			if err != nil {
				return err
			}
			o.Responses = append(o.Responses, resp)
		}
		if op.Responses.Default != nil {
			resp, err := b.response("default", op.Responses.Default, o.Pointer)
			if err != nil {
				return err
			}
			o.Responses = append(o.Responses, resp)
		}
	}
	return nil
}

func (b *builder) response(code string, r *v3.Response, opPtr string) (*Response, error) {
	resp := &Response{Status: code}
	if r == nil {
		return resp, nil
	}
	var err error
	if resp.Content, err = b.content(r.Content, opPtr+jsonpointer.FromTokens("responses", code, "content").String()); err != nil {
		return nil, err
	}
	return resp, nil
}

// ignoredHeaders are header parameters that OpenAPI says to ignore, because
// other fields of the description control them.
var ignoredHeaders = []string{"Accept", "Content-Type", "Authorization"}

// parameters converts a parameter list; ptr is the list's pointer.
func (b *builder) parameters(list []*v3.Parameter, ptr string) ([]*Parameter, error) {
	var out []*Parameter
	for i, p := range list {
		if p == nil {
			continue
		}
		at := fmt.Sprintf("%s/%d", ptr, i)
		if p.Name == "" {
			return nil, fmt.Errorf("parameter %s has no name", at)
		}
		switch p.In {
		case "path", "query", "header", "cookie":
		case "":
			return nil, fmt.Errorf("parameter %q (%s) has no location (in)", p.Name, at)
		default:
			return nil, fmt.Errorf("parameter %q (%s) has unknown location %q", p.Name, at, p.In)
		}
		if p.In == "header" && containsName(ignoredHeaders, p.Name, true) {
			continue
		}
		prm := &Parameter{
			Name:            p.Name,
			In:              p.In,
			Required:        p.In == "path" || (p.Required != nil && *p.Required),
			Deprecated:      p.Deprecated,
			AllowReserved:   p.AllowReserved,
			AllowEmptyValue: p.AllowEmptyValue,
		}
		var err error
		if first := p.Content.First(); first != nil {
			prm.ContentType = first.Key()
			if mt := first.Value(); mt != nil && mt.Schema != nil {
				prm.Schema, err = b.schemaOf(mt.Schema, at+"/content")
			}
		} else {
			prm.Style, prm.Explode = p.EffectiveStyle(), p.EffectiveExplode()
			if p.Schema != nil {
				prm.Schema, err = b.schemaOf(p.Schema, at+"/schema")
			}
		}
		if err != nil {
			return nil, err
		}
		out = append(out, prm)
	}
	return out, nil
}

// mergeParameters applies OpenAPI's override rule: an operation parameter
// replaces the Path Item parameter with the same name and location.
func mergeParameters(shared, own []*Parameter) []*Parameter {
	if len(shared) == 0 {
		return own
	}
	out := make([]*Parameter, 0, len(shared)+len(own))
	for _, s := range shared {
		overridden := false
		for _, o := range own {
			if o.In == s.In && (o.Name == s.Name || (o.In == "header" && strings.EqualFold(o.Name, s.Name))) {
				overridden = true
				break
			}
		}
		if !overridden {
			out = append(out, s)
		}
	}
	return append(out, own...)
}

// content converts a content map in document order.
func (b *builder) content(m *orderedmap.Map[string, *v3.MediaType], ptr string) ([]*MediaType, error) {
	var out []*MediaType
	for name, mt := range m.FromOldest() {
		entry := &MediaType{Name: name}
		if mt != nil {
			if mt.Schema != nil {
				s, err := b.schemaOf(mt.Schema, ptr+"/"+jsonpointer.Escape(name)+"/schema")
				if err != nil {
					return nil, err
				}
				entry.Schema = s
			}
			for prop, enc := range mt.Encoding.FromOldest() {
				if enc == nil {
					continue
				}
				if entry.Encoding == nil {
					entry.Encoding = make(map[string]*Encoding)
				}
				entry.Encoding[prop] = newEncoding(enc)
			}
		}
		out = append(out, entry)
	}
	return out, nil
}

func newEncoding(enc *v3.Encoding) *Encoding {
	e := &Encoding{ContentType: enc.ContentType, Style: enc.Style, AllowReserved: enc.AllowReserved}
	if e.Style == "" {
		e.Style = "form"
	}
	if enc.Explode != nil {
		e.Explode = *enc.Explode
	} else {
		e.Explode = e.Style == "form"
	}
	e.Styled = enc.Style != "" || enc.Explode != nil || enc.AllowReserved
	if l := enc.GoLow(); l != nil && l.AllowReserved.ValueNode != nil {
		e.Styled = true
	}
	return e
}

// schemaOf returns a schema as plain values with references inlined.
func (b *builder) schemaOf(p *base.SchemaProxy, ptr string) (any, error) {
	low := p.GoLow()
	if low == nil {
		return nil, nil
	}
	// For a reference, libopenapi's value node is the target; the
	// reference node is what the document says, which the inliner needs to
	// apply its own rules (recursion, 3.1 sibling keywords).
	node := low.GetValueNode()
	if p.IsReference() {
		if rn := p.GetReferenceNode(); rn != nil && rn.Kind == yaml.MappingNode {
			node = rn
		}
	}
	if node == nil {
		return nil, nil
	}
	v, err := b.nodes.value(node)
	if err != nil {
		return nil, fmt.Errorf("schema %s: %v", ptr, err)
	}
	s, err := b.schema.schema(v)
	if err != nil {
		return nil, fmt.Errorf("schema %s: %v", ptr, err)
	}
	return s, nil
}

// requirements converts a security requirement list.
func (b *builder) requirements(list []*base.SecurityRequirement, ptr string) ([]*SecurityRequirement, error) {
	out := make([]*SecurityRequirement, 0, len(list))
	for i, req := range list {
		r := &SecurityRequirement{}
		if req != nil {
			for name, scopes := range req.Requirements.FromOldest() {
				scheme := b.doc.schemes[name]
				if scheme == nil {
					return nil, fmt.Errorf("security requirement %s/%d names %q, which is not a security scheme in components/securitySchemes", ptr, i, name)
				}
				r.Schemes = append(r.Schemes, &SecurityUse{Scheme: scheme, Scopes: scopes})
			}
		}
		out = append(out, r)
	}
	return out, nil
}
