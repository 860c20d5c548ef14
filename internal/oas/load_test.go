package oas

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"weak"

	"github.com/google/go-cmp/cmp"

	"github.com/arazzo-dev/arazzo/internal/jsonpointer"
)

func mustRead(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func mustLoad(t testing.TB, name, location string) *Document {
	t.Helper()
	d, err := Load(mustRead(t, name), location)
	if err != nil {
		t.Fatalf("Load(%s): %v", name, err)
	}
	return d
}

func mustOp(t testing.TB, d *Document, id string) *Operation {
	t.Helper()
	op, ok := d.OperationByID(id)
	if !ok {
		t.Fatalf("no operation %q", id)
	}
	return op
}

// minimal is a valid 3.1 document body to which the error cases add paths
// or components.
const minimal = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n"

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name     string
		data     string
		location string
		want     string
		is       error
	}{
		{
			name: "swagger 2.0 YAML",
			data: "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n",
			want: "unsupported: Swagger 2.0: convert the description to OpenAPI 3.0 or 3.1",
			is:   ErrSwagger2,
		},
		{
			name: "swagger 2.0 JSON",
			data: `{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}}`,
			want: "unsupported: Swagger 2.0: convert the description to OpenAPI 3.0 or 3.1",
			is:   ErrSwagger2,
		},
		{
			name: "openapi field with version 2",
			data: "openapi: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n",
			want: `unsupported OpenAPI version "2.0": supported versions are 3.0.x and 3.1.x`,
			is:   ErrUnsupportedVersion,
		},
		{
			name: "openapi 3.2",
			data: "openapi: 3.2.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
			want: `unsupported OpenAPI version "3.2.0": supported versions are 3.0.x and 3.1.x`,
			is:   ErrUnsupportedVersion,
		},
		{
			name: "arazzo document",
			data: "arazzo: 1.0.1\ninfo: {title: t, version: '1'}\nsourceDescriptions: []\nworkflows: []\n",
			want: "not an OpenAPI document: it is an Arazzo document",
			is:   ErrNotOpenAPI,
		},
		{
			name: "asyncapi document",
			data: "asyncapi: 2.6.0\ninfo: {title: t, version: '1'}\nchannels: {}\n",
			want: "not an OpenAPI document: it is an AsyncAPI document",
			is:   ErrNotOpenAPI,
		},
		{
			name: "no identifying field",
			data: "info: {title: t, version: '1'}\npaths: {}\n",
			want: `not an OpenAPI document: the root has no "openapi" field`,
			is:   ErrNotOpenAPI,
		},
		{
			name: "empty",
			data: " \n",
			want: "not an OpenAPI document: the document is empty",
			is:   ErrNotOpenAPI,
		},
		{
			name: "root is a list",
			data: "- openapi\n- 3.0.0\n",
			want: "not an OpenAPI document: the document root is not an object",
			is:   ErrNotOpenAPI,
		},
		{
			name: "malformed YAML",
			data: "openapi: 3.0.0\ninfo: [\n",
			want: "not an OpenAPI document: invalid YAML: go-yaml load error in parser (while parsing a flow node) at L3.C1: did not find expected node content",
			is:   ErrNotOpenAPI,
		},
		{
			name: "malformed JSON",
			data: `{"openapi": "3.0.0", "info": }`,
			want: "not an OpenAPI document: invalid JSON at offset 29: invalid character '}' looking for beginning of value",
			is:   ErrNotOpenAPI,
		},
		{
			name: "duplicate key",
			data: minimal + "paths: {}\npaths: {}\n",
			want: `invalid OpenAPI description: failed to decode YAML to JSON: yaml: construct errors: line 4: mapping key "paths" already defined at line 3`,
		},
		{
			name: "reference to another file",
			data: minimal + "paths:\n  /a:\n    get:\n      parameters:\n        - $ref: 'common.yaml#/components/parameters/P'\n      responses: {'200': {description: ok}}\n",
			want: `reference "common.yaml#/components/parameters/P" (line 7, column 17) points outside the document; only local references ("#/...") are supported`,
		},
		{
			name: "reference to a URL",
			data: minimal + "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: 'https://example.com/s.json'}\n",
			want: `reference "https://example.com/s.json" (line 11, column 30) points outside the document; only local references ("#/...") are supported`,
		},
		{
			name: "missing local reference",
			data: minimal + "paths:\n  /a:\n    get:\n      parameters:\n        - $ref: '#/components/parameters/Nope'\n      responses: {'200': {description: ok}}\n",
			want: "invalid OpenAPI description: component `#/components/parameters/Nope` does not exist in the specification",
		},
		{
			name: "missing schema reference",
			data: minimal + "paths:\n  /a:\n    get:\n      parameters:\n        - {name: q, in: query, schema: {type: object, properties: {x: {$ref: '#/components/schemas/Nope'}}}}\n      responses: {'200': {description: ok}}\n",
			want: "invalid OpenAPI description: component `#/components/schemas/Nope` does not exist in the specification",
		},
		{
			name: "duplicate operationId",
			data: minimal + "paths:\n  /a:\n    get: {operationId: same, responses: {'200': {description: ok}}}\n  /b:\n    post: {operationId: same, responses: {'200': {description: ok}}}\n",
			want: `operationId "same" is used by both GET /a and POST /b; it must be unique`,
		},
		{
			name: "undefined security scheme",
			data: minimal + "paths:\n  /a:\n    get:\n      security: [{nope: []}]\n      responses: {'200': {description: ok}}\n",
			want: `operation GET /a: security requirement /paths/~1a/get/security/0 names "nope", which is not a security scheme in components/securitySchemes`,
		},
		{
			name: "undefined security scheme at document level",
			data: minimal + "security: [{}, {nope: []}]\npaths: {}\n",
			want: `security requirement /security/1 names "nope", which is not a security scheme in components/securitySchemes`,
		},
		{
			name: "undeclared server variable",
			data: minimal + "servers: [{url: 'https://{host}/v1'}]\npaths: {}\n",
			want: `server /servers/0: url "https://{host}/v1": variable "host" is not declared`,
		},
		{
			name: "unclosed server variable",
			data: minimal + "paths:\n  /a:\n    servers: [{url: 'https://x/{v'}]\n    get: {responses: {'200': {description: ok}}}\n",
			want: `server /paths/~1a/servers/0: url "https://x/{v": unclosed "{" at offset 10`,
		},
		{
			name:     "unparsable server URL",
			data:     minimal + "servers: [{url: 'http://[::1'}]\npaths: {}\n",
			location: "https://example.com/openapi.yaml",
			want:     `server /servers/0: invalid URL "http://[::1": parse "http://[::1": missing ']' in host`,
		},
		{
			name: "parameter location unknown",
			data: minimal + "paths:\n  /a:\n    get:\n      parameters: [{name: q, in: body, schema: {type: string}}]\n      responses: {'200': {description: ok}}\n",
			want: `operation GET /a: parameter "q" (/paths/~1a/get/parameters/0) has unknown location "body"`,
		},
		{
			name: "parameter without location",
			data: minimal + "paths:\n  /a:\n    parameters: [{name: q, schema: {type: string}}]\n    get: {responses: {'200': {description: ok}}}\n",
			want: `parameter "q" (/paths/~1a/parameters/0) has no location (in)`,
		},
		{
			name:     "relative location",
			data:     minimal + "paths: {}\n",
			location: "specs/openapi.yaml",
			want:     `invalid document location "specs/openapi.yaml": not an absolute URI`,
		},
	}
	seen := make(map[string]bool)
	for _, tt := range tests {
		if seen[tt.name] {
			t.Fatalf("duplicate test name %q", tt.name)
		}
		seen[tt.name] = true
		t.Run(tt.name, func(t *testing.T) {
			d, err := Load([]byte(tt.data), tt.location)
			if err == nil {
				t.Fatalf("Load succeeded with %d operations; want error %q", len(d.Operations()), tt.want)
			}
			if d != nil {
				t.Errorf("Load returned a document with its error")
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("error:\n got %s\nwant %s", got, tt.want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("errors.Is(err, %v) = false", tt.is)
			}
		})
	}
}

func TestLoadDocumentInfo(t *testing.T) {
	tests := []struct {
		file, location           string
		version, title           string
		operations               []string
		model                    bool
		rawInfoTitle, rawVersion any
	}{
		{
			file: "petstore-3.0.yaml", location: "https://example.com/specs/petstore.yaml",
			version: "3.0.3", title: "Pet Store",
			operations: []string{"GET /pets", "POST /pets", "GET /pets/{petId}", "PUT /pets/{petId}", "DELETE /a~b/c"},
		},
		{
			file: "bookshop-3.1.json", location: "file:///srv/specs/bookshop.json",
			version: "3.1.0", title: "Book Shop",
			operations: []string{"GET /books", "GET /books/{isbn}"},
		},
		{
			file: "zenml-openapi.yml", location: "",
			version: "3.0.3", title: "ZenML OSS REST API",
			operations: []string{
				"POST /login", "GET /current-user", "GET /pipelines", "POST /pipelines",
				"GET /pipelines/{pipeline_id}", "DELETE /pipelines/{pipeline_id}", "GET /runs",
				"GET /runs/{run_id}", "GET /stacks", "POST /stacks", "GET /stacks/{stack_id}",
				"DELETE /stacks/{stack_id}", "GET /components", "GET /artifacts",
				"GET /artifacts/{artifact_id}", "GET /models", "POST /models", "GET /model_versions",
				"GET /deployments", "GET /schedules", "GET /secrets", "POST /secrets", "GET /users",
				"GET /projects", "GET /service_connectors",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			d := mustLoad(t, tt.file, tt.location)
			if d.Version() != tt.version || d.Title() != tt.title || d.Location() != tt.location {
				t.Errorf("Version, Title, Location = %q, %q, %q; want %q, %q, %q",
					d.Version(), d.Title(), d.Location(), tt.version, tt.title, tt.location)
			}
			var got []string
			for _, op := range d.Operations() {
				got = append(got, op.String())
			}
			if diff := cmp.Diff(tt.operations, got); diff != "" {
				t.Errorf("operations (-want +got):\n%s", diff)
			}
			if d.Model() == nil || d.Model().Info.Title != tt.title {
				t.Errorf("Model() does not hold the libopenapi document")
			}
			if title, _ := jsonpointer.Get(d.Raw(), "/info/title"); title != tt.title {
				t.Errorf("Raw()/info/title = %v, want %q", title, tt.title)
			}
		})
	}
}

func TestOperationByID(t *testing.T) {
	d := mustLoad(t, "petstore-3.0.yaml", "")
	tests := []struct {
		id      string
		pointer string // empty when not found
	}{
		{"listPets", "/paths/~1pets/get"},
		{"showPetById", "/paths/~1pets~1{petId}/get"},
		{"weirdPath", "/paths/~1a~0b~1c/delete"},
		{"ListPets", ""}, // matching is case-sensitive (AMB-52)
		{"listpets", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			op, ok := d.OperationByID(tt.id)
			if tt.pointer == "" {
				if ok {
					t.Fatalf("OperationByID(%q) = %s; want not found", tt.id, op)
				}
				return
			}
			if !ok {
				t.Fatalf("OperationByID(%q) not found", tt.id)
			}
			if op.Pointer != tt.pointer || op.OperationID != tt.id {
				t.Errorf("got %q at %q; want %q at %q", op.OperationID, op.Pointer, tt.id, tt.pointer)
			}
		})
	}
}

func TestOperationAt(t *testing.T) {
	d := mustLoad(t, "petstore-3.0.yaml", "")
	books := mustLoad(t, "bookshop-3.1.json", "")
	tests := []struct {
		name    string
		doc     *Document
		pointer string
		wantID  string
		wantErr string
	}{
		{name: "escaped slashes", doc: d, pointer: "/paths/~1pets~1{petId}/get", wantID: "showPetById"},
		{name: "second method", doc: d, pointer: "/paths/~1pets/post", wantID: "createPet"},
		{name: "escaped tilde", doc: d, pointer: "/paths/~1a~0b~1c/delete", wantID: "weirdPath"},
		{name: "percent-encoded fragment", doc: d, pointer: "/paths/~1pets~1%7BpetId%7D/put", wantID: "updatePet"},
		{name: "path item reached through $ref", doc: books, pointer: "/paths/~1books/get", wantID: "listBooks"},
		{name: "URI fragment with #", doc: d, pointer: "#/paths/~1pets/get", wantID: "listPets"},
		{
			name: "URI fragment with # naming a path item", doc: d, pointer: "#/paths/~1pets",
			wantErr: `"#/paths/~1pets" does not name an Operation Object: it names the Path Item Object of "/pets"; add the method, as in "/paths/~1pets/get"`,
		},
		{
			name: "path item (AMB-53)", doc: d, pointer: "/paths/~1pets",
			wantErr: `"/paths/~1pets" does not name an Operation Object: it names the Path Item Object of "/pets"; add the method, as in "/paths/~1pets/get"`,
		},
		{
			name: "path item with template", doc: d, pointer: "/paths/~1pets~1{petId}",
			wantErr: `"/paths/~1pets~1{petId}" does not name an Operation Object: it names the Path Item Object of "/pets/{petId}"; add the method, as in "/paths/~1pets~1{petId}/get"`,
		},
		{
			name: "upper-case method", doc: d, pointer: "/paths/~1pets/GET",
			wantErr: `"/paths/~1pets/GET" does not name an Operation Object: methods are lower-case in OpenAPI; use "/paths/~1pets/get"`,
		},
		{
			name: "missing method", doc: d, pointer: "/paths/~1pets/delete",
			wantErr: `"/paths/~1pets/delete" does not name an Operation Object: path "/pets" has no delete operation`,
		},
		{
			name: "path item parameters", doc: d, pointer: "/paths/~1pets~1{petId}/parameters",
			wantErr: `"/paths/~1pets~1{petId}/parameters" does not name an Operation Object: it names the "parameters" field of the Path Item Object of "/pets/{petId}"`,
		},
		{
			name: "inside an operation", doc: d, pointer: "/paths/~1pets/get/responses",
			wantErr: `"/paths/~1pets/get/responses" does not name an Operation Object: it names a value inside the operation GET /pets; use "/paths/~1pets/get"`,
		},
		{
			name: "unknown path", doc: d, pointer: "/paths/~1dogs/get",
			wantErr: `"/paths/~1dogs/get" does not name an Operation Object: the document has no path "/dogs"`,
		},
		{
			name: "unescaped slash", doc: d, pointer: "/paths//pets/get",
			wantErr: `"/paths//pets/get" does not name an Operation Object: the document has no path ""`,
		},
		{
			name: "paths object", doc: d, pointer: "/paths",
			wantErr: `"/paths" does not name an Operation Object: it names the Paths Object; add a path and a method, as in "/paths/~1pets/get"`,
		},
		{
			name: "whole document", doc: d, pointer: "",
			wantErr: `"" does not name an Operation Object: it names the whole document`,
		},
		{
			name: "components", doc: d, pointer: "/components/schemas/Pet",
			wantErr: `"/components/schemas/Pet" does not name an Operation Object: it names a value outside /paths; operations are at /paths/{path}/{method}`,
		},
		{
			name: "nothing there", doc: d, pointer: "/webhooks/x",
			wantErr: `"/webhooks/x" does not name an Operation Object: nothing exists there; operations are at /paths/{path}/{method}`,
		},
		{
			name: "not a pointer", doc: d, pointer: "paths/~1pets/get",
			wantErr: `"paths/~1pets/get" does not name an Operation Object: it is not a valid JSON pointer: offset 0: a non-empty pointer must start with "/"`,
		},
		{
			name: "bad escape", doc: d, pointer: "/paths/~2pets/get",
			wantErr: `"/paths/~2pets/get" does not name an Operation Object: it is not a valid JSON pointer: offset 7: "~" must be followed by "0" or "1"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			op, err := tt.doc.OperationAt(tt.pointer)
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("OperationAt(%q) = %s; want error", tt.pointer, op)
				}
				if err.Error() != tt.wantErr {
					t.Errorf("error:\n got %s\nwant %s", err, tt.wantErr)
				}
				var pe *PointerError
				if !errors.As(err, &pe) || pe.Pointer != tt.pointer {
					t.Errorf("error is not a *PointerError for %q: %#v", tt.pointer, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("OperationAt(%q): %v", tt.pointer, err)
			}
			if op.OperationID != tt.wantID {
				t.Errorf("OperationAt(%q) = %q; want %q", tt.pointer, op.OperationID, tt.wantID)
			}
		})
	}
}

func TestParameters(t *testing.T) {
	d := mustLoad(t, "petstore-3.0.yaml", "")
	tests := []struct {
		id   string
		want []*Parameter
	}{
		{
			id: "listPets",
			want: []*Parameter{
				// From components by $ref.
				{Name: "limit", In: "query", Style: "form", Explode: true,
					Schema: map[string]any{"type": "integer", "maximum": int64(100), "default": int64(20)}},
				{Name: "tags", In: "query", Style: "form", Explode: true,
					Schema: map[string]any{"type": "array", "items": map[string]any{"type": "string"}}},
				{Name: "filter", In: "query", Style: "deepObject", Explode: false,
					Schema: map[string]any{"type": "object", "properties": map[string]any{"color": map[string]any{"type": "string"}}}},
				{Name: "X-Trace", In: "header", Required: true, Style: "simple", Explode: false,
					Schema: map[string]any{"type": "string"}},
				// The Accept header parameter is ignored, as OpenAPI requires.
				{Name: "session", In: "cookie", Style: "form", Explode: false,
					Schema: map[string]any{"type": "string"}},
				{Name: "coords", In: "query", ContentType: "application/json",
					Schema: map[string]any{"type": "object", "properties": map[string]any{
						"lat": map[string]any{"type": "number"}, "long": map[string]any{"type": "number"}}}},
			},
		},
		{
			id: "showPetById",
			want: []*Parameter{
				// Path-level; path parameters are always required.
				{Name: "petId", In: "path", Required: true, Style: "simple",
					Schema: map[string]any{"type": "integer", "format": "int64"}},
				// The operation's definition replaces the path-level one.
				{Name: "verbose", In: "query", Required: true, Style: "form", Explode: true,
					Schema: map[string]any{"type": "string", "enum": []any{"yes", "no"}}},
			},
		},
		{
			id: "updatePet",
			want: []*Parameter{
				{Name: "petId", In: "path", Required: true, Style: "simple",
					Schema: map[string]any{"type": "integer", "format": "int64"}},
				{Name: "verbose", In: "query", Style: "form", Explode: true,
					Schema: map[string]any{"type": "boolean"}},
			},
		},
		{id: "createPet", want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			op := mustOp(t, d, tt.id)
			if diff := cmp.Diff(tt.want, op.Parameters); diff != "" {
				t.Errorf("parameters (-want +got):\n%s", diff)
			}
		})
	}
}

func TestOperationParameterLookup(t *testing.T) {
	op := mustOp(t, mustLoad(t, "petstore-3.0.yaml", ""), "listPets")
	tests := []struct {
		name, in string
		found    bool
	}{
		{"X-Trace", "header", true},
		{"x-trace", "header", true}, // header names are case-insensitive
		{"Limit", "query", false},   // other names are not
		{"limit", "query", true},
		{"limit", "header", false},
		{"Accept", "header", false}, // ignored by OpenAPI's rule
	}
	for _, tt := range tests {
		t.Run(tt.in+"/"+tt.name, func(t *testing.T) {
			p, ok := op.Parameter(tt.name, tt.in)
			if ok != tt.found {
				t.Fatalf("Parameter(%q, %q) found = %v; want %v", tt.name, tt.in, ok, tt.found)
			}
			if ok && (p.In != tt.in || !strings.EqualFold(p.Name, tt.name)) {
				t.Errorf("Parameter(%q, %q) = %s %s", tt.name, tt.in, p.In, p.Name)
			}
		})
	}
}

func TestRequestBody(t *testing.T) {
	d := mustLoad(t, "petstore-3.0.yaml", "")
	newPet := map[string]any{
		"type":     "object",
		"required": []any{"name"},
		"properties": map[string]any{
			"name": map[string]any{"type": "string"},
			// 3.0: keywords beside $ref are ignored.
			"tag": map[string]any{"type": "string", "enum": []any{"dog", "cat"}},
			// Recursion keeps the reference.
			"parent": map[string]any{"$ref": "#/components/schemas/NewPet"},
		},
		// Data keywords are not inlined even when they hold "$ref".
		"example": map[string]any{"name": "Rex", "tag": map[string]any{"$ref": "not-a-reference-just-data"}},
	}
	tests := []struct {
		id   string
		want *RequestBody
	}{
		{id: "listPets", want: nil},
		{
			id: "createPet", // by $ref to components/requestBodies
			want: &RequestBody{Required: true, Content: []*MediaType{
				{Name: "application/json", Schema: newPet},
			}},
		},
		{
			id: "updatePet",
			want: &RequestBody{Required: true, Content: []*MediaType{
				{
					Name: "application/x-www-form-urlencoded",
					Schema: map[string]any{"type": "object", "properties": map[string]any{
						"name":  map[string]any{"type": "string"},
						"tags":  map[string]any{"type": "array", "items": map[string]any{"type": "string"}},
						"owner": map[string]any{"type": "object"},
					}},
					Encoding: map[string]*Encoding{
						"tags":  {Style: "spaceDelimited", Explode: false, Styled: true},
						"owner": {ContentType: "application/json", Style: "form", Explode: true, Styled: true},
					},
				},
				{
					Name: "multipart/form-data",
					Schema: map[string]any{"type": "object", "properties": map[string]any{
						"photo": map[string]any{"type": "string", "format": "binary"},
					}},
					Encoding: map[string]*Encoding{
						"photo": {ContentType: "image/png", Style: "form", Explode: true},
					},
				},
			}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			got := mustOp(t, d, tt.id).RequestBody
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("request body (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRequestBodyMediaType(t *testing.T) {
	rb := mustOp(t, mustLoad(t, "petstore-3.0.yaml", ""), "updatePet").RequestBody
	tests := []struct{ ask, want string }{
		{"multipart/form-data", "multipart/form-data"},
		{"Multipart/Form-Data; boundary=x", "multipart/form-data"},
		{"application/x-www-form-urlencoded", "application/x-www-form-urlencoded"},
		{"application/json", ""},
	}
	for _, tt := range tests {
		t.Run(tt.ask, func(t *testing.T) {
			got := ""
			if mt := rb.MediaType(tt.ask); mt != nil {
				got = mt.Name
			}
			if got != tt.want {
				t.Errorf("MediaType(%q) = %q; want %q", tt.ask, got, tt.want)
			}
		})
	}
}

func TestSchemas(t *testing.T) {
	book := map[string]any{"type": "object", "properties": map[string]any{
		"isbn":  map[string]any{"type": "string"},
		"price": map[string]any{"type": "number", "minimum": 0.5},
	}}
	pet := map[string]any{"allOf": []any{
		map[string]any{
			"type":     "object",
			"required": []any{"name"},
			"properties": map[string]any{
				"name":   map[string]any{"type": "string"},
				"tag":    map[string]any{"type": "string", "enum": []any{"dog", "cat"}},
				"parent": map[string]any{"$ref": "#/components/schemas/NewPet"},
			},
			"example": map[string]any{"name": "Rex", "tag": map[string]any{"$ref": "not-a-reference-just-data"}},
		},
		map[string]any{"type": "object", "required": []any{"id"}, "properties": map[string]any{
			"id": map[string]any{"type": "integer", "format": "int64"},
		}},
	}}
	tests := []struct {
		name      string
		file, id  string
		status    string
		mediaType string
		want      any
	}{
		{
			name: "3.1 keywords beside $ref apply with allOf",
			file: "bookshop-3.1.json", id: "getBook", status: "200", mediaType: "application/json",
			want: map[string]any{"description": "The book", "allOf": []any{book}},
		},
		{
			name: "array of references",
			file: "petstore-3.0.yaml", id: "listPets", status: "200", mediaType: "application/json",
			want: map[string]any{"type": "array", "items": pet},
		},
		{
			name: "default response",
			file: "petstore-3.0.yaml", id: "listPets", status: "default", mediaType: "application/problem+json",
			want: map[string]any{"type": "object", "properties": map[string]any{
				"code": map[string]any{"type": "integer"}, "message": map[string]any{"type": "string"},
			}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			op := mustOp(t, mustLoad(t, tt.file, ""), tt.id)
			var got any
			found := false
			for _, r := range op.Responses {
				if r.Status != tt.status {
					continue
				}
				if mt := findMediaType(r.Content, tt.mediaType); mt != nil {
					got, found = mt.Schema, true
				}
			}
			if !found {
				t.Fatalf("no response %s %s", tt.status, tt.mediaType)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("schema (-want +got):\n%s", diff)
			}
		})
	}
}

func TestResponses(t *testing.T) {
	d := mustLoad(t, "petstore-3.0.yaml", "")
	tests := []struct {
		id   string
		want []string
	}{
		{"listPets", []string{"200 application/json", "default application/problem+json"}},
		{"createPet", []string{"201"}},
		{"showPetById", []string{"200 application/json application/xml", "2XX"}},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			var got []string
			for _, r := range mustOp(t, d, tt.id).Responses {
				s := r.Status
				for _, mt := range r.Content {
					s += " " + mt.Name
				}
				got = append(got, s)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("responses (-want +got):\n%s", diff)
			}
		})
	}
}

func TestServers(t *testing.T) {
	type server struct{ URL, Template string }
	tests := []struct {
		name     string
		data     string
		file     string
		location string
		id       string
		want     []server
	}{
		{
			name: "document servers with variables and a relative URL (AMB-54)",
			file: "petstore-3.0.yaml", location: "https://example.com/specs/petstore.yaml", id: "listPets",
			want: []server{
				{"https://eu.pets.example.com:8443/v1", "https://{region}.pets.example.com:{port}/v1"},
				{"https://example.com/fallback", "/fallback"},
			},
		},
		{
			name: "path item servers override the document's",
			file: "petstore-3.0.yaml", location: "https://example.com/specs/petstore.yaml", id: "showPetById",
			want: []server{{"https://pets-by-id.example.com/v2", "https://pets-by-id.example.com/v2"}},
		},
		{
			name: "operation servers override the path item's",
			file: "petstore-3.0.yaml", location: "https://example.com/specs/petstore.yaml", id: "updatePet",
			want: []server{{"http://localhost:8080", "http://localhost:{port}"}},
		},
		{
			name: "relative URL with dot segments",
			file: "bookshop-3.1.json", location: "https://example.com/specs/v2/bookshop.json", id: "getBook",
			want: []server{{"https://example.com/specs/api/v2", "../api/v2"}},
		},
		{
			name: "relative URL against a file location",
			file: "bookshop-3.1.json", location: "file:///srv/specs/bookshop.json", id: "getBook",
			want: []server{{"file:///srv/api/v2", "../api/v2"}},
		},
		{
			name: "relative URL without a location stays relative",
			file: "bookshop-3.1.json", location: "", id: "getBook",
			want: []server{{"../api/v2", "../api/v2"}},
		},
		{
			name:     "no servers means / against the location",
			data:     minimal + "paths:\n  /a:\n    get: {operationId: a, responses: {'200': {description: ok}}}\n",
			location: "https://api.example.com/docs/openapi.yaml", id: "a",
			want: []server{{"https://api.example.com/", "/"}},
		},
		{
			name:     "empty servers list means / too",
			data:     minimal + "servers: []\npaths:\n  /a:\n    get: {operationId: a, responses: {'200': {description: ok}}}\n",
			location: "http://127.0.0.1:8080/openapi.json", id: "a",
			want: []server{{"http://127.0.0.1:8080/", "/"}},
		},
		{
			name: "no servers and no location",
			data: minimal + "paths:\n  /a:\n    get: {operationId: a, responses: {'200': {description: ok}}}\n",
			id:   "a",
			want: []server{{"/", "/"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.data)
			if tt.file != "" {
				data = mustRead(t, tt.file)
			}
			d, err := Load(data, tt.location)
			if err != nil {
				t.Fatal(err)
			}
			var got []server
			for _, s := range mustOp(t, d, tt.id).Servers {
				got = append(got, server{s.URL, s.Template})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("servers (-want +got):\n%s", diff)
			}
		})
	}
}

func TestServerDetails(t *testing.T) {
	d := mustLoad(t, "petstore-3.0.yaml", "https://example.com/specs/petstore.yaml")
	want := []*Server{
		{
			URL:         "https://eu.pets.example.com:8443/v1",
			Template:    "https://{region}.pets.example.com:{port}/v1",
			Variables:   map[string]string{"region": "eu", "port": "8443"},
			Description: "Regional API",
		},
		{URL: "https://example.com/fallback", Template: "/fallback"},
	}
	if diff := cmp.Diff(want, d.Servers()); diff != "" {
		t.Errorf("Servers() (-want +got):\n%s", diff)
	}
}

func TestSecurity(t *testing.T) {
	d := mustLoad(t, "petstore-3.0.yaml", "")
	tests := []struct {
		id      string
		want    [][]string // requirement -> "scheme(type in name scheme) scopes"
		headers []string
		query   []string
		cookie  []string
	}{
		{
			id: "listPets", // document-level requirements
			want: [][]string{
				{"bearerAuth http bearer JWT []"},
				{"apiKeyHeader apiKey header X-API-Key []", "apiKeyQuery apiKey query api_key []"},
			},
			headers: []string{"Authorization", "X-API-Key"},
			query:   []string{"api_key"},
		},
		{
			id:   "createPet", // security: [] turns security off
			want: [][]string{},
		},
		{
			id: "showPetById",
			want: [][]string{
				{"basicAuth http basic []"},
				{"oauth oauth2 [read:pets]", "openId openIdConnect [profile]"},
				{"apiKeyCookie apiKey cookie SESSIONID []"},
				{}, // {} makes security optional
			},
			headers: []string{"Authorization"},
			cookie:  []string{"SESSIONID"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			op := mustOp(t, d, tt.id)
			got := [][]string{}
			for _, req := range op.Security {
				uses := []string{}
				for _, u := range req.Schemes {
					s := u.Scheme
					desc := s.Name + " " + s.Type
					for _, f := range []string{s.In, s.ParamName, s.Scheme, s.BearerFormat} {
						if f != "" {
							desc += " " + f
						}
					}
					desc += " [" + strings.Join(u.Scopes, " ") + "]"
					uses = append(uses, desc)
				}
				got = append(got, uses)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("security (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.headers, op.SecurityHeaders()); diff != "" {
				t.Errorf("SecurityHeaders (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.query, op.SecurityNames("query")); diff != "" {
				t.Errorf("SecurityNames(query) (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.cookie, op.SecurityNames("cookie")); diff != "" {
				t.Errorf("SecurityNames(cookie) (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSecuritySchemes(t *testing.T) {
	var got []string
	for _, s := range mustLoad(t, "petstore-3.0.yaml", "").SecuritySchemes() {
		got = append(got, s.Name+" "+s.Type)
	}
	want := []string{
		"bearerAuth http", "basicAuth http", "apiKeyHeader apiKey", "apiKeyQuery apiKey",
		"apiKeyCookie apiKey", "oauth oauth2", "openId openIdConnect",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("SecuritySchemes (-want +got):\n%s", diff)
	}
}

func TestSecurityMutualTLS(t *testing.T) {
	op := mustOp(t, mustLoad(t, "bookshop-3.1.json", ""), "listBooks")
	if len(op.Security) != 1 || len(op.Security[0].Schemes) != 1 || op.Security[0].Schemes[0].Scheme.Type != SchemeMutualTLS {
		t.Fatalf("security = %+v; want one mutualTLS requirement", op.Security)
	}
	if h := op.SecurityHeaders(); h != nil {
		t.Errorf("SecurityHeaders() = %q; mutualTLS uses no header", h)
	}
}

func TestZenML(t *testing.T) {
	d := mustLoad(t, "zenml-openapi.yml", "file:///specs/zenml/openapi/zenml-openapi.yml")
	tests := []struct {
		id        string
		params    []string // "in name required"
		body      []string
		headers   []string
		serverURL string
	}{
		{
			id: "login", body: []string{"application/x-www-form-urlencoded"},
			headers: []string{"Authorization"}, serverURL: "https://your-zenml-server.example.com/api/v1",
		},
		{
			id: "listPipelines", params: []string{"query page false", "query size false", "query name false", "query project_id false"},
			headers: []string{"Authorization"}, serverURL: "https://your-zenml-server.example.com/api/v1",
		},
		{
			id: "getPipeline", params: []string{"path pipeline_id true"},
			headers: []string{"Authorization"}, serverURL: "https://your-zenml-server.example.com/api/v1",
		},
		{
			id: "createSecret", body: []string{"application/json"},
			headers: []string{"Authorization"}, serverURL: "https://your-zenml-server.example.com/api/v1",
		},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			op := mustOp(t, d, tt.id)
			var params, body []string
			for _, p := range op.Parameters {
				params = append(params, p.In+" "+p.Name+" "+map[bool]string{true: "true", false: "false"}[p.Required])
			}
			if op.RequestBody != nil {
				for _, mt := range op.RequestBody.Content {
					body = append(body, mt.Name)
					if mt.Schema == nil {
						t.Errorf("%s has no schema", mt.Name)
					}
				}
			}
			if diff := cmp.Diff(tt.params, params); diff != "" {
				t.Errorf("parameters (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.body, body); diff != "" {
				t.Errorf("body (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.headers, op.SecurityHeaders()); diff != "" {
				t.Errorf("SecurityHeaders (-want +got):\n%s", diff)
			}
			if len(op.Servers) != 1 || op.Servers[0].URL != tt.serverURL {
				t.Errorf("servers = %+v; want %s", op.Servers, tt.serverURL)
			}
		})
	}
}

func TestLoadConcurrently(t *testing.T) {
	files := []string{"petstore-3.0.yaml", "bookshop-3.1.json", "zenml-openapi.yml"}
	data := make([][]byte, len(files))
	for i, f := range files {
		data[i] = mustRead(t, f)
	}
	errs := make(chan error, 4*len(files))
	for range 4 {
		for _, b := range data {
			go func() {
				d, err := Load(b, "https://example.com/openapi")
				if err == nil && len(d.Operations()) == 0 {
					err = errors.New("no operations")
				}
				errs <- err
			}()
		}
	}
	for range 4 * len(files) {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

func BenchmarkLoadZenML(b *testing.B) {
	data := mustRead(b, "zenml-openapi.yml")
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Load(data, "https://example.com/openapi.yml"); err != nil {
			b.Fatal(err)
		}
	}
}

// TestLoadReleasesDocument checks that nothing global keeps a loaded
// description alive: once the Document is dropped, libopenapi's index of
// it can be collected. libopenapi caches per-index tables in package-level
// maps that are never emptied; without Load clearing them, every document
// loaded in a long-running process would stay in memory.
func TestLoadReleasesDocument(t *testing.T) {
	data, err := os.ReadFile("testdata/petstore-3.0.yaml")
	if err != nil {
		t.Fatal(err)
	}
	d, err := Load(data, "")
	if err != nil {
		t.Fatal(err)
	}
	idx := weak.Make(d.model.GoLow().Index)
	if idx.Value() == nil {
		t.Fatal("the model has no index to watch")
	}
	d = nil
	for range 3 {
		runtime.GC()
	}
	if idx.Value() != nil {
		t.Error("the index of a dropped Document is still reachable")
	}
}
