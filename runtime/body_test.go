package runtime_test

import (
	"mime"
	"mime/multipart"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/arazzo-dev/arazzo/runtime"
)

// TestRequestBodies sends one body per case and checks the Content-Type
// and the bytes (BIND-07, AMB-45, AMB-46).
func TestRequestBodies(t *testing.T) {
	tests := []struct {
		name            string
		step            string
		inputs          map[string]any
		wantContentType string
		wantBody        string
	}{
		{name: "AMB-46 JSON preferred among declared types", step: `
operationId: createItem
requestBody:
  payload: {name: $inputs.name, tags: [a, b], n: 1.5}`,
			inputs:          map[string]any{"name": "widget"},
			wantContentType: "application/json",
			wantBody:        `{"n":1.5,"name":"widget","tags":["a","b"]}`},
		{name: "AMB-46 explicit contentType wins", step: `
operationId: createItem
requestBody:
  contentType: text/plain
  payload: "hello {$inputs.name}"`,
			inputs:          map[string]any{"name": "world"},
			wantContentType: "text/plain",
			wantBody:        "hello world"},
		{name: "unresolved payload member is left out", step: `
operationId: createItem
requestBody:
  payload: {name: n, scope: $inputs.scope, list: [$inputs.scope, 1]}`,
			wantContentType: "application/json",
			wantBody:        `{"list":[1],"name":"n"}`},
		{name: "JSON payload given as a templated string", step: `
operationId: createItem
requestBody:
  contentType: application/json
  payload: '{"id": {$inputs.id}, "name": "x"}'`,
			inputs:          map[string]any{"id": 42},
			wantContentType: "application/json",
			wantBody:        `{"id": 42, "name": "x"}`},
		{name: "AMB-45 replacements in order including array elements", step: `
operationId: createItem
requestBody:
  payload: {items: [{id: 1}, {id: 2}], name: old}
  replacements:
    - {target: /name, value: new}
    - {target: /items/1/id, value: $inputs.id}
    - {target: /items/-, value: {id: 3}}
    - {target: /name, value: newest}`,
			inputs:          map[string]any{"id": 20},
			wantContentType: "application/json",
			wantBody:        `{"items":[{"id":1},{"id":20},{"id":3}],"name":"newest"}`},
		{name: "form urlencoded with encoding object", step: `
operationId: postForm
requestBody:
  payload: {name: a b, meta: {k: v}, ids: [1, 2]}`,
			wantContentType: "application/x-www-form-urlencoded",
			wantBody:        `ids=1,2&meta=%7B%22k%22%3A%22v%22%7D&name=a+b`},
		{name: "XML with XPath replacement", step: `
operationId: postXML
requestBody:
  payload: <order><id>0</id><note>keep</note></order>
  replacements:
    - {target: /order/id, value: $inputs.id}`,
			inputs:          map[string]any{"id": 7},
			wantContentType: "application/xml",
			wantBody:        `<order><id>7</id><note>keep</note></order>`},
		{name: "binary body from a File input", step: `
operationId: putBlob
requestBody:
  payload: $inputs.blob`,
			inputs:          map[string]any{"blob": runtime.File{Name: "b.bin", Data: []byte{0, 1, 2, 255}}},
			wantContentType: "application/octet-stream",
			wantBody:        "\x00\x01\x02\xff"},
	}
	srv := newServer(t, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := workflowDoc("steps:\n  - stepId: s\n"+indent(dedent(tt.step), "    ")).engine(t, srv)
			before := len(srv.requests())
			res := run(t, e, "w", tt.inputs)
			if res.Status != runtime.StatusSucceeded {
				t.Fatalf("status %s: %s", res.Status, res.Error)
			}
			req := srv.requests()[before]
			if got := req.Header.Get("Content-Type"); got != tt.wantContentType {
				t.Errorf("Content-Type %q, want %q", got, tt.wantContentType)
			}
			if req.Body != tt.wantBody {
				t.Errorf("body\n got: %q\nwant: %q", req.Body, tt.wantBody)
			}
		})
	}
}

// TestMultipartBody checks multipart/form-data with a file part.
func TestMultipartBody(t *testing.T) {
	srv := newServer(t, nil)
	e := workflowDoc(`
steps:
  - stepId: s
    operationId: upload
    requestBody:
      payload: {title: Report, doc: $inputs.doc}
`).engine(t, srv)
	res := run(t, e, "w", map[string]any{"doc": &runtime.File{Name: "r.pdf", Data: []byte("%PDF-1.7")}})
	if res.Status != runtime.StatusSucceeded {
		t.Fatalf("status %s: %s", res.Status, res.Error)
	}
	req := srv.requests()[0]
	mt, params, err := mime.ParseMediaType(req.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		t.Fatalf("Content-Type %q: %v", req.Header.Get("Content-Type"), err)
	}
	mr := multipart.NewReader(strings.NewReader(req.Body), params["boundary"])
	type part struct{ Name, File, Type, Data string }
	var got []part
	for {
		p, err := mr.NextPart()
		if err != nil {
			break
		}
		var b strings.Builder
		buf := make([]byte, 64)
		for {
			n, err := p.Read(buf)
			b.Write(buf[:n])
			if err != nil {
				break
			}
		}
		got = append(got, part{p.FormName(), p.FileName(), p.Header.Get("Content-Type"), b.String()})
	}
	want := []part{{"doc", "r.pdf", "application/pdf", "%PDF-1.7"}, {"title", "", "", "Report"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("parts (-want +got):\n%s", diff)
	}
}

// TestRequestBodyErrors checks that a body that cannot be built fails the
// step without sending anything.
func TestRequestBodyErrors(t *testing.T) {
	srv := newServer(t, nil)
	e := workflowDoc(`
steps:
  - stepId: s
    operationId: createItem
    requestBody:
      payload: {a: 1}
      replacements:
        - {target: /missing/deep, value: 2}
`).engine(t, srv)
	res := run(t, e, "w", nil)
	if res.Status != runtime.StatusFailed {
		t.Fatalf("status %s, want failed", res.Status)
	}
	if len(srv.requests()) != 0 {
		t.Errorf("%d requests sent, want none", len(srv.requests()))
	}
	want := `workflow "w", step "s": payload replacement "/missing/deep": json pointer "/missing/deep": no member "missing" at the root`
	if res.Error != want {
		t.Errorf("error\n got: %s\nwant: %s", res.Error, want)
	}
}
