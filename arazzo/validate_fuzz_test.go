package arazzo

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/arazzo-dev/arazzo/specs"
)

// fuzzOpenAPI is the OpenAPI description the documents of FuzzValidate can
// name as "openapi.yaml".
const fuzzOpenAPI = `openapi: 3.1.0
info: {title: Pets, version: 1.0.0}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
security: [{key: []}]
paths:
  /pets:
    get:
      operationId: listPets
      parameters: [{name: limit, in: query, schema: {type: integer}}]
      responses: {'200': {description: ok}}
    post:
      operationId: createPet
      requestBody: {required: true, content: {application/json: {schema: {type: object}}}}
      responses: {'201': {description: ok}}
  /pets/{id}:
    get:
      operationId: getPet
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: ok}}
`

// FuzzValidate checks that validation never panics on a document the
// parser accepts, with and without its sources, and that every finding is
// complete, of a registered rule with that rule's severity, and positioned
// inside the source. The seeds are the ZenML workflows, the rule cases and
// the official fixtures; the fuzzed document may name "openapi.yaml" (an
// OpenAPI description) and "self.yaml" (itself, as an Arazzo source).
func FuzzValidate(f *testing.F) {
	names, _ := fs.Glob(specs.FS, "zenml/arazzo/*.yml")
	for _, n := range names {
		if b, err := fs.ReadFile(specs.FS, n); err == nil {
			f.Add(b)
		}
	}
	for _, pattern := range []string{"testdata/validate/rules/*.txtar", "testdata/schema/*/*.yaml", "testdata/validate/snippets/*"} {
		paths, _ := filepath.Glob(pattern)
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				continue
			}
			if filepath.Ext(p) != ".txtar" {
				f.Add(b)
				continue
			}
			c := parseRuleCase(string(b))
			f.Add([]byte(c.files["bad.yaml"]))
		}
	}
	severities := map[string]Severity{}
	for _, r := range rules {
		severities[r.ID] = r.Severity
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, _ := Parse(data, Filename("self.yaml"), MaxDepth(64), MaxAliases(2000))
		if doc == nil {
			return
		}
		check := func(ds Diagnostics) {
			checkDiagnostics(t, data, ds)
			for _, d := range ds {
				sev, ok := severities[d.Rule]
				if !ok {
					t.Fatalf("diagnostic of an unregistered rule: %v", d)
				}
				if sev != d.Severity {
					t.Fatalf("diagnostic with severity %s, its rule has %s: %v", d.Severity, sev, d)
				}
			}
		}
		check(ValidateDocument(doc))
		fsys := fstest.MapFS{"openapi.yaml": {Data: []byte(fuzzOpenAPI)}, "self.yaml": {Data: data}}
		b, _ := Load(context.Background(), doc, UseLoader(FSLoader(fsys)))
		for _, d := range Validate(context.Background(), b) {
			if d.File == "self.yaml" {
				check(Diagnostics{d})
			}
		}
	})
}
