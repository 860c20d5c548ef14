package zenml

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/arazzo-dev/arazzo/specs"
	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v5"
	yaml "go.yaml.in/yaml/v4"
)

const specPath = "zenml/openapi/zenml-openapi.yml"

// operation is what the tests need from one operation of the description.
type operation struct {
	id, method, path string
	// responses maps each declared status to the JSON pointer of its
	// application/json schema, or to "" when it declares no content.
	responses map[string]string
}

// description is the ZenML OpenAPI description, read for the tests.
type description struct {
	operations map[string]*operation // by operationId
	compiler   *jsonschema.Compiler
}

const specURL = "mem://zenml-openapi.json"

// loadDescription reads the description from the specs package and
// registers it, turned into JSON Schema, with a schema compiler.
func loadDescription(t *testing.T) *description {
	t.Helper()
	data, err := fs.ReadFile(specs.FS, specPath)
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	doc = toJSONSchema(doc)
	raw, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft7 // formats are asserted in drafts before 2019-09
	if err := c.AddResource(specURL, bytes.NewReader(raw)); err != nil {
		t.Fatal(err)
	}
	if err := c.AddResource("mem://error.json", strings.NewReader(errorSchema)); err != nil {
		t.Fatal(err)
	}

	d := &description{operations: map[string]*operation{}, compiler: c}
	paths := doc.(map[string]any)["paths"].(map[string]any)
	for path, item := range paths {
		for method, v := range item.(map[string]any) {
			op, isOp := v.(map[string]any)
			if !isOp || method == "parameters" {
				continue
			}
			o := &operation{id: op["operationId"].(string), method: strings.ToUpper(method), path: path, responses: map[string]string{}}
			for status, r := range op["responses"].(map[string]any) {
				ptr := ""
				if content, has := r.(map[string]any)["content"].(map[string]any); has {
					if _, hasJSON := content["application/json"]; hasJSON {
						ptr = "#/paths/" + escape(path) + "/" + method + "/responses/" + status + "/content/application~1json/schema"
					}
				}
				o.responses[status] = ptr
			}
			d.operations[o.id] = o
		}
	}
	return d
}

func escape(token string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(token)
}

// toJSONSchema rewrites the OpenAPI 3.0 schema dialect into JSON Schema:
// "nullable: true" becomes a "null" type (and a null enum member). It also
// turns YAML mappings with non-string keys into JSON objects.
func toJSONSchema(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = toJSONSchema(x)
		}
		if nullable, _ := out["nullable"].(bool); nullable {
			delete(out, "nullable")
			if typ, ok := out["type"].(string); ok {
				out["type"] = []any{typ, "null"}
			}
			if enum, ok := out["enum"].([]any); ok {
				out["enum"] = append(enum, nil)
			}
		}
		return out
	case map[any]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[fmt.Sprint(k)] = x
		}
		return toJSONSchema(out)
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = toJSONSchema(x)
		}
		return out
	}
	return v
}

// errorSchema describes the error bodies, which the description leaves
// undeclared: a framework message, a ZenML [exception, message] pair, or a
// list of validation problems.
const errorSchema = `{
  "type": "object",
  "required": ["detail"],
  "additionalProperties": false,
  "properties": {"detail": {"oneOf": [
    {"type": "string"},
    {"type": "array", "minItems": 2, "maxItems": 2, "items": {"type": "string", "minLength": 1}},
    {"type": "array", "minItems": 1, "items": {
      "type": "object",
      "required": ["type", "loc", "msg", "input"],
      "additionalProperties": false,
      "properties": {
        "type": {"type": "string"},
        "loc": {"type": "array", "minItems": 1, "items": {"type": ["string", "integer"]}},
        "msg": {"type": "string"},
        "input": true,
        "ctx": {"type": "object"}
      }
    }}
  ]}}
}`

func TestRoutesMatchDescription(t *testing.T) {
	d := loadDescription(t)
	var want, got []string
	for _, op := range d.operations {
		want = append(want, op.method+" "+op.path+" "+op.id)
	}
	for _, rt := range routes {
		got = append(got, rt.method+" /"+strings.Join(rt.path, "/")+" "+rt.operation)
	}
	sort.Strings(want)
	sort.Strings(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("routes differ from the description's operations (-want +got):\n%s", diff)
	}
}

// TestResponsesConformToDescription drives every operation through its
// success and failure paths and validates every response body: bodies of
// declared responses against the description's schema, error bodies
// against errorSchema. It also checks that every declared response of every
// operation was produced.
func TestResponsesConformToDescription(t *testing.T) {
	d := loadDescription(t)
	c := start(t, PollReads(1))
	anon := c.as("")
	form := func(user, password string) url.Values { return url.Values{"username": {user}, "password": {password}} }

	var got []response
	record := func(r response) { got = append(got, r) }

	// Auth.
	record(anon.postForm("/login", form("default", "zenml")))
	record(anon.postForm("/login", form("default", "wrong")))
	record(anon.postForm("/login", url.Values{}))
	record(c.get("/current-user"))
	record(anon.get("/current-user"))
	record(c.withAuthorization("Bearer not.a.token").get("/current-user"))

	// Every listing, whole, paged, filtered and refused.
	for _, path := range []string{"/pipelines", "/runs", "/stacks", "/components", "/artifacts", "/models",
		"/model_versions", "/deployments", "/schedules", "/secrets", "/users", "/projects", "/service_connectors"} {
		record(c.get(path))
		record(c.get(path + "?page=2&size=1"))
		record(c.get(path + "?page=99"))
		record(c.get(path + "?size=0"))
	}
	record(c.get("/pipelines?name=training_pipeline&project_id=" + defaultProject))
	record(c.get("/pipelines?project_id=x"))
	record(c.get("/runs?pipeline_id=" + inferenceID + "&status=running"))
	record(c.get("/runs?status=unknown"))
	record(c.get("/components?type=artifact_store"))
	record(c.get("/model_versions?model_id=" + irisModelID))

	// Reads by id, including the polled run before and after it completes.
	record(c.get("/pipelines/" + trainingID))
	record(c.get("/pipelines/" + missingID))
	record(c.get("/pipelines/oops"))
	record(c.get("/runs/" + runningRunID))
	record(c.get("/runs/" + runningRunID))
	record(c.get("/runs/" + makeID(runKind, 2)))
	record(c.get("/runs/" + missingID))
	record(c.get("/stacks/" + awsStackID))
	record(c.get("/stacks/" + missingID))
	record(c.get("/artifacts/" + makeID(artifactKind, 3)))
	record(c.get("/artifacts/" + missingID))

	// Creates: full, minimal, conflicting, dangling and invalid.
	record(c.postJSON("/pipelines", `{"name":"p1","description":"d","version":"1","project_id":"`+researchProj+`","spec":{"a":[1,{"b":null}]}}`))
	record(c.postJSON("/pipelines", `{"name":"p2"}`))
	record(c.postJSON("/pipelines", `{"name":"p2"}`))
	record(c.postJSON("/pipelines", `{"name":"p3","project_id":"`+missingID+`"}`))
	record(c.postJSON("/pipelines", `{"name":1}`))
	record(c.postJSON("/stacks", `{"name":"s1","description":"d","components":{"orchestrator":["`+makeID(componentKind, 3)+`"],"alerter":["`+makeID(componentKind, 7)+`"]}}`))
	record(c.postJSON("/stacks", `{"name":"s2"}`))
	record(c.postJSON("/stacks", `{"name":"s2"}`))
	record(c.postJSON("/stacks", `{"name":"s3","components":{"alerter":["`+missingID+`"]}}`))
	record(c.postJSON("/stacks", `{"name":"s3","components":{"alerter":["`+makeID(componentKind, 1)+`"]}}`))
	record(c.postJSON("/stacks", `{"name":"s3","components":{"alerter":"x"}}`))
	record(c.postJSON("/models", `{"name":"m1","description":"d","license":"MIT","use_cases":"u","ethical_considerations":"e","trade_offs":"t","limitations":"l","audience":"a"}`))
	record(c.postJSON("/models", `{"name":"m2"}`))
	record(c.postJSON("/models", `{"name":"m2"}`))
	record(c.postJSON("/models", `{"name":"m3"`))
	record(c.postJSON("/secrets", `{"name":"x","values":{"k":"v"}}`))
	record(c.postJSON("/secrets", `{"name":"x","scope":"user","values":{}}`))
	record(c.postJSON("/secrets", `{"name":"x","scope":"user","values":{}}`))
	record(c.postJSON("/secrets", `{"name":"y","scope":null,"values":{"k":1}}`))
	record(c.get("/secrets?size=100"))

	// Deletes.
	record(c.delete("/pipelines/" + makeID(pipelineKind, 1001)))
	record(c.delete("/pipelines/" + makeID(pipelineKind, 1001)))
	record(c.delete("/pipelines/" + etlID))
	record(c.delete("/stacks/" + makeID(stackKind, 1001)))
	record(c.delete("/stacks/" + defaultStackID))
	record(c.delete("/stacks/x"))

	// No such route or method.
	record(c.get("/triggers"))
	record(c.send("PATCH", "/models", "", ""))

	log := c.srv.Requests()
	if len(log) != len(got) {
		t.Fatalf("server logged %d requests, the test sent %d", len(log), len(got))
	}
	seen := map[string]map[string]bool{}
	for i, r := range got {
		req := log[i]
		name := fmt.Sprintf("%d %s %s -> %d", i, req.Method, req.Path, r.Status)
		if q := req.Query.Encode(); q != "" {
			name = fmt.Sprintf("%d %s %s?%s -> %d", i, req.Method, req.Path, q, r.Status)
		}
		op := d.operations[req.Operation]
		status := fmt.Sprint(r.Status)
		var ptr string
		declared := false
		if op != nil {
			ptr, declared = op.responses[status]
			if seen[op.id] == nil {
				seen[op.id] = map[string]bool{}
			}
			seen[op.id][status] = true
		}
		switch {
		case r.Status == 204:
			if r.Raw != "" {
				t.Errorf("%s: 204 with a body: %s", name, r.Raw)
			}
		case declared && ptr != "":
			validate(t, d, name, specURL+ptr, r)
		case r.Status < 300:
			t.Errorf("%s: success status %d is not declared for %s", name, r.Status, req.Operation)
		default:
			validate(t, d, name, "mem://error.json", r)
		}
	}
	for _, op := range d.operations {
		for status := range op.responses {
			if !seen[op.id][status] {
				t.Errorf("%s: declared response %s was never produced", op.id, status)
			}
		}
	}
}

func validate(t *testing.T, d *description, name, schemaURL string, r response) {
	t.Helper()
	sch, err := d.compiler.Compile(schemaURL)
	if err != nil {
		t.Fatalf("compiling %s: %v", schemaURL, err)
	}
	var body any
	if err := json.Unmarshal([]byte(r.Raw), &body); err != nil {
		t.Errorf("%s: body is not JSON: %v", name, err)
		return
	}
	if err := sch.Validate(body); err != nil {
		t.Errorf("%s: body does not match %s:\n%s\n%v", name, schemaURL, r.Raw, err)
	}
}

// TestSchemaCheckCanFail makes sure the validation above is not vacuous:
// bodies that break the description are rejected.
func TestSchemaCheckCanFail(t *testing.T) {
	d := loadDescription(t)
	listRuns := specURL + "#/paths/~1runs/get/responses/200/content/application~1json/schema"
	getUser := specURL + "#/paths/~1current-user/get/responses/200/content/application~1json/schema"
	bad := []struct{ name, url, body string }{
		{"run status outside the enum", listRuns, `{"index":1,"max_size":1,"total_pages":1,"total":1,"items":[{"status":"done"}]}`},
		{"run id not a uuid", listRuns, `{"index":1,"items":[{"id":"42"}]}`},
		{"total not an integer", listRuns, `{"total":"7","items":[]}`},
		{"start time not a date-time", listRuns, `{"items":[{"start_time":"yesterday"}]}`},
		{"null where nothing is nullable", getUser, `{"name":null}`},
		{"email not an email", getUser, `{"email":"nobody"}`},
		{"error detail of one string in a list", "mem://error.json", `{"detail":["KeyError"]}`},
		{"error without detail", "mem://error.json", `{"message":"no"}`},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			sch, err := d.compiler.Compile(tt.url)
			if err != nil {
				t.Fatal(err)
			}
			var v any
			if err := json.Unmarshal([]byte(tt.body), &v); err != nil {
				t.Fatal(err)
			}
			if sch.Validate(v) == nil {
				t.Errorf("%s passed validation", tt.body)
			}
		})
	}
}

func TestToJSONSchemaNullable(t *testing.T) {
	in := map[string]any{
		"type": "object", "properties": map[string]any{
			"a": map[string]any{"type": "string", "nullable": true},
			"b": map[string]any{"type": "string", "enum": []any{"x"}, "nullable": true},
			"c": map[string]any{"type": "string", "nullable": false},
		},
	}
	want := map[string]any{
		"type": "object", "properties": map[string]any{
			"a": map[string]any{"type": []any{"string", "null"}},
			"b": map[string]any{"type": []any{"string", "null"}, "enum": []any{"x", nil}},
			"c": map[string]any{"type": "string", "nullable": false},
		},
	}
	if diff := cmp.Diff(want, toJSONSchema(in)); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}
