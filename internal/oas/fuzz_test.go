package oas

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad checks that Load never panics and that whatever it accepts is
// consistently indexed.
func FuzzLoad(f *testing.F) {
	for _, name := range []string{"petstore-3.0.yaml", "bookshop-3.1.json", "zenml-openapi.yml"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(minimal + "paths:\n  /a/{b}:\n    parameters: [{name: b, in: path, schema: {$ref: '#/components/schemas/S'}}]\n" +
		"    get: {operationId: a, responses: {'200': {description: ok}}}\ncomponents:\n  schemas:\n    S: {items: {$ref: '#/components/schemas/S'}}\n"))
	f.Add([]byte("swagger: '2.0'\n"))
	f.Add([]byte(`{"openapi": "3.0.0", "paths": {"/": {"get": {}}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Load(data, "https://example.com/api/openapi.yaml")
		if err != nil {
			if d != nil {
				t.Fatalf("Load returned a document with error %v", err)
			}
			return
		}
		for _, op := range d.Operations() {
			got, err := d.OperationAt(op.Pointer)
			if err != nil || got != op {
				t.Fatalf("OperationAt(%q) = %v, %v; want %s", op.Pointer, got, err, op)
			}
			if op.OperationID != "" {
				if got, ok := d.OperationByID(op.OperationID); !ok || got != op {
					t.Fatalf("OperationByID(%q) does not find %s", op.OperationID, op)
				}
			}
			if len(op.Servers) == 0 {
				t.Fatalf("%s has no servers", op)
			}
			_ = op.SecurityHeaders()
		}
	})
}

// FuzzSniff checks that Sniff never panics and agrees with itself.
func FuzzSniff(f *testing.F) {
	f.Add([]byte("openapi: 3.1.0\n"))
	f.Add([]byte(`{"arazzo": "1.0.1", "openapi": 3.1}`))
	f.Add([]byte("- a\n"))
	f.Add([]byte("&a {swagger: *a}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		kind, _, present, err := Sniff(data)
		if err != nil {
			if kind != "" || present != nil {
				t.Fatalf("Sniff returned kind %q with error %v", kind, err)
			}
			return
		}
		if (kind == "") != (len(present) == 0) || (kind != "" && present[0] != kind) {
			t.Fatalf("kind %q disagrees with present %q", kind, present)
		}
	})
}
