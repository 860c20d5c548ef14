package oas

import "testing"

func TestAccepts(t *testing.T) {
	d, err := Load([]byte(`openapi: 3.1.0
info: {title: t, version: '1'}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
    key: {type: apiKey, in: query, name: api_key}
paths:
  /items/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
    get:
      operationId: getItem
      security: [{bearer: []}, {key: []}]
      parameters:
        - {name: X-Trace, in: header, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer}}
      responses: {'200': {description: ok}}
`), "")
	if err != nil {
		t.Fatal(err)
	}
	op, ok := d.OperationByID("getItem")
	if !ok {
		t.Fatal("getItem not found")
	}
	tests := []struct {
		in, name       string
		accepts, scred bool
	}{
		{"path", "id", true, false},        // declared by the path item
		{"query", "limit", true, false},    // declared by the operation
		{"query", "Limit", false, false},   // query names are exact
		{"header", "x-trace", true, false}, // header names fold
		{"header", "accept", true, false},  // always accepted
		{"header", "Content-Type", true, false},
		{"header", "authorization", true, true}, // the bearer scheme
		{"query", "api_key", true, true},        // the apiKey scheme
		{"header", "api_key", false, false},     // but not as a header
		{"cookie", "session", false, false},
		{"query", "size", false, false},
	}
	for _, tt := range tests {
		if got := op.Accepts(tt.in, tt.name); got != tt.accepts {
			t.Errorf("Accepts(%q, %q) = %v, want %v", tt.in, tt.name, got, tt.accepts)
		}
		if got := op.UsesSecurityName(tt.in, tt.name); got != tt.scred {
			t.Errorf("UsesSecurityName(%q, %q) = %v, want %v", tt.in, tt.name, got, tt.scred)
		}
	}
}
