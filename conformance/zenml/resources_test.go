package zenml

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func ids(k idKind, ns ...int) []string {
	var out []string
	for _, n := range ns {
		out = append(out, makeID(k, n))
	}
	return out
}

func TestListingsAndFilters(t *testing.T) {
	c := start(t)
	tests := []struct {
		name string
		path string
		want []string
	}{
		{"users", "/users", ids(userKind, 1, 2, 3)},
		{"projects", "/projects", ids(projectKind, 1, 2)},
		{"pipelines", "/pipelines", ids(pipelineKind, 1, 2, 3, 4)},
		{"pipelines by name", "/pipelines?name=etl_pipeline", ids(pipelineKind, 3)},
		{"pipelines by name match exactly", "/pipelines?name=etl", nil},
		{"pipelines by project", "/pipelines?project_id=" + researchProj, ids(pipelineKind, 3, 4)},
		{"pipelines by project, upper-case id", "/pipelines?project_id=" + strings.ToUpper(researchProj), ids(pipelineKind, 3, 4)},
		{"pipelines by name and project", "/pipelines?name=etl_pipeline&project_id=" + defaultProject, nil},
		{"runs newest first", "/runs", ids(runKind, 7, 6, 5, 4, 3, 2, 1)},
		{"runs of a pipeline", "/runs?pipeline_id=" + trainingID, ids(runKind, 4, 2, 1)},
		{"completed runs", "/runs?status=completed", ids(runKind, 5, 4, 3, 1)},
		{"failed runs", "/runs?status=failed", ids(runKind, 6, 2)},
		{"running runs", "/runs?status=running", ids(runKind, 7)},
		{"cached runs", "/runs?status=cached", nil},
		{"runs by pipeline and status", "/runs?pipeline_id=" + inferenceID + "&status=completed", ids(runKind, 5)},
		{"stacks", "/stacks", ids(stackKind, 1, 2)},
		{"components", "/components", ids(componentKind, 1, 2, 3, 4, 5, 6, 7)},
		{"components by type", "/components?type=orchestrator", ids(componentKind, 1, 3)},
		{"components of an unknown type", "/components?type=step_operator", nil},
		{"artifacts", "/artifacts", ids(artifactKind, 1, 2, 3, 4)},
		{"models", "/models", ids(modelKind, 1, 2)},
		{"model versions", "/model_versions", ids(modelVersionKind, 1, 2, 3, 4)},
		{"model versions of a model", "/model_versions?model_id=" + irisModelID, ids(modelVersionKind, 1, 2, 3)},
		{"deployments", "/deployments", ids(deploymentKind, 1, 2)},
		{"schedules", "/schedules", ids(scheduleKind, 1, 2)},
		{"secrets of default", "/secrets", ids(secretKind, 1, 2)},
		{"service connectors", "/service_connectors", ids(connectorKind, 1, 2)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.get(tt.path)
			if diff := cmp.Diff(tt.want, r.ids(t)); diff != "" {
				t.Errorf("ids mismatch (-want +got):\n%s", diff)
			}
			if total := r.object(t, 200)["total"]; total != float64(len(tt.want)) {
				t.Errorf("total = %v, want %d", total, len(tt.want))
			}
		})
	}
}

func TestGetByID(t *testing.T) {
	c := start(t)
	tests := []struct {
		name   string
		path   string
		status int
		want   string
	}{
		{"pipeline", "/pipelines/" + etlID, 200,
			`{"id":"00000003-0000-4000-8000-000000000003","name":"etl_pipeline","description":"Loads and cleans raw measurements.","version":"2","spec":{"steps":["extract","transform","load"],"version":"0.4"},"project_id":"00000002-0000-4000-8000-000000000002","user_id":"00000001-0000-4000-8000-000000000002","created":"2024-04-15T09:00:00Z","updated":"2024-04-22T11:00:00Z"}`},
		{"pipeline by simple-form id", "/pipelines/" + strings.ReplaceAll(etlID, "-", ""), 200, ""},
		{"pipeline by urn", "/pipelines/urn:uuid:" + etlID, 200, ""},
		{"completed run", "/runs/" + makeID(runKind, 4), 200,
			`{"id":"00000004-0000-4000-8000-000000000004","name":"training_pipeline-2024_05_03-02_00_00_000000","pipeline_id":"00000003-0000-4000-8000-000000000001","stack_id":"00000005-0000-4000-8000-000000000002","status":"completed","start_time":"2024-05-03T02:00:00Z","end_time":"2024-05-03T02:12:40Z","user_id":"00000001-0000-4000-8000-000000000001","created":"2024-05-03T02:00:00Z"}`},
		{"stack", "/stacks/" + defaultStackID, 200,
			`{"id":"00000005-0000-4000-8000-000000000001","name":"default","description":"The local stack every ZenML server starts with.","components":{"orchestrator":["00000006-0000-4000-8000-000000000001"],"artifact_store":["00000006-0000-4000-8000-000000000002"]},"user_id":"00000001-0000-4000-8000-000000000001","created":"2024-04-01T09:00:00Z"}`},
		{"artifact", "/artifacts/" + makeID(artifactKind, 1), 200,
			`{"id":"00000007-0000-4000-8000-000000000001","name":"iris_dataset","version":"1","type":"DataArtifact","uri":"s3://zenml-example-artifacts/iris_dataset/1","materializer":"zenml.materializers.pandas_materializer.PandasMaterializer","producer_step_run_id":"0000000e-0000-4000-8000-000000000001","created":"2024-05-01T02:03:00Z"}`},
		{"missing pipeline", "/pipelines/" + missingID, 404,
			`{"detail":["KeyError","Unable to get pipeline with ID 00000000-0000-4000-8000-999999999999: No pipeline with this ID found."]}`},
		{"missing run", "/runs/" + missingID, 404,
			`{"detail":["KeyError","Unable to get pipeline run with ID 00000000-0000-4000-8000-999999999999: No pipeline run with this ID found."]}`},
		{"missing stack", "/stacks/" + missingID, 404,
			`{"detail":["KeyError","Unable to get stack with ID 00000000-0000-4000-8000-999999999999: No stack with this ID found."]}`},
		{"missing artifact", "/artifacts/" + missingID, 404,
			`{"detail":["KeyError","Unable to get artifact with ID 00000000-0000-4000-8000-999999999999: No artifact with this ID found."]}`},
		{"id of another kind", "/stacks/" + trainingID, 404,
			`{"detail":["KeyError","Unable to get stack with ID 00000003-0000-4000-8000-000000000001: No stack with this ID found."]}`},
		{"short id", "/runs/1234", 422,
			`{"detail":[{"type":"uuid_parsing","loc":["path","run_id"],"msg":"Input should be a valid UUID, invalid length: expected length 32 for simple format, found 4","input":"1234","ctx":{"error":"invalid length: expected length 32 for simple format, found 4"}}]}`},
		{"bad group", "/artifacts/0000000-70000-4000-8000-000000000001", 422,
			`{"detail":[{"type":"uuid_parsing","loc":["path","artifact_id"],"msg":"Input should be a valid UUID, invalid group length in group 0: expected 8, found 7","input":"0000000-70000-4000-8000-000000000001","ctx":{"error":"invalid group length in group 0: expected 8, found 7"}}]}`},
		{"name instead of id", "/pipelines/training_pipeline", 422,
			`{"detail":[{"type":"uuid_parsing","loc":["path","pipeline_id"],"msg":"Input should be a valid UUID, invalid character: expected an optional prefix of ` + "`urn:uuid:`" + ` followed by [0-9a-fA-F-], found ` + "`t`" + ` at 1","input":"training_pipeline","ctx":{"error":"invalid character: expected an optional prefix of ` + "`urn:uuid:`" + ` followed by [0-9a-fA-F-], found ` + "`t`" + ` at 1"}}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.get(tt.path)
			if tt.want == "" {
				got.must(t, tt.status)
				return
			}
			expect(t, got, tt.status, tt.want)
		})
	}
}

func TestParseUUID(t *testing.T) {
	tests := []struct {
		in, want, reason string
	}{
		{"00000003-0000-4000-8000-000000000001", "00000003-0000-4000-8000-000000000001", ""},
		{"0000000300004000800000000000000A", "00000003-0000-4000-8000-00000000000a", ""},
		{"{00000003-0000-4000-8000-000000000001}", "00000003-0000-4000-8000-000000000001", ""},
		{"URN:UUID:00000003-0000-4000-8000-000000000001", "00000003-0000-4000-8000-000000000001", ""},
		{"", "", "invalid length: expected length 32 for simple format, found 0"},
		{"{}", "", "invalid length: expected length 32 for simple format, found 0"},
		{"00000003-0000-4000-8000", "", "invalid group count: expected 5, found 4"},
		{"00000003-0000-4000-8000-0000000000011", "", "invalid group length in group 4: expected 12, found 13"},
		{"00000003-0000-4000-8000-00000000000g", "", "invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `g` at 36"},
		{"é", "", "invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `é` at 1"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, reason := parseUUID(tt.in)
			if got != tt.want || reason != tt.reason {
				t.Errorf("parseUUID(%q) = %q, %q; want %q, %q", tt.in, got, reason, tt.want, tt.reason)
			}
		})
	}
}

func TestCreatePipeline(t *testing.T) {
	c := start(t)
	expect(t, c.postJSON("/pipelines", `{"name":"churn_pipeline","description":"Scores churn.","version":"1","project_id":"`+researchProj+`","spec":{"steps":["score"],"retries":2}}`), 201,
		`{"id":"00000003-0000-4000-8000-000000001001","name":"churn_pipeline","description":"Scores churn.","version":"1","spec":{"steps":["score"],"retries":2},"project_id":"00000002-0000-4000-8000-000000000002","user_id":"00000001-0000-4000-8000-000000000001","created":"2024-06-01T12:00:00Z","updated":"2024-06-01T12:00:00Z"}`)
	expect(t, c.get("/pipelines/00000003-0000-4000-8000-000000001001"), 200,
		`{"id":"00000003-0000-4000-8000-000000001001","name":"churn_pipeline","description":"Scores churn.","version":"1","spec":{"steps":["score"],"retries":2},"project_id":"00000002-0000-4000-8000-000000000002","user_id":"00000001-0000-4000-8000-000000000001","created":"2024-06-01T12:00:00Z","updated":"2024-06-01T12:00:00Z"}`)

	// Only the name is required; null counts as absent; unknown members are
	// ignored; the project defaults to the default project.
	expect(t, c.as(mustToken(t, c, "alice")).postJSON("/pipelines", `{"name":"minimal","description":null,"version":null,"spec":null,"project_id":null,"colour":"blue"}`), 201,
		`{"id":"00000003-0000-4000-8000-000000001002","name":"minimal","project_id":"00000002-0000-4000-8000-000000000001","user_id":"00000001-0000-4000-8000-000000000002","created":"2024-06-01T12:00:00Z","updated":"2024-06-01T12:00:00Z"}`)
	// Empty strings and objects are kept.
	expect(t, c.postJSON("/pipelines", `{"name":"empty","description":"","spec":{}}`), 201,
		`{"id":"00000003-0000-4000-8000-000000001003","name":"empty","description":"","spec":{},"project_id":"00000002-0000-4000-8000-000000000001","user_id":"00000001-0000-4000-8000-000000000001","created":"2024-06-01T12:00:00Z","updated":"2024-06-01T12:00:00Z"}`)

	// Names are unique within a project only.
	expect(t, c.postJSON("/pipelines", `{"name":"training_pipeline"}`), 409,
		`{"detail":["EntityExistsError","Unable to create pipeline in project 'default': A pipeline with name 'training_pipeline' already exists."]}`)
	c.postJSON("/pipelines", `{"name":"training_pipeline","project_id":"`+researchProj+`"}`).must(t, 201)
	expect(t, c.postJSON("/pipelines", `{"name":"orphan","project_id":"`+missingID+`"}`), 404,
		`{"detail":["KeyError","Unable to get project with ID 00000000-0000-4000-8000-999999999999: No project with this ID found."]}`)
}

func mustToken(t *testing.T, c *testClient, user string) string {
	t.Helper()
	tok, err := c.srv.IssueToken(user)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestCreateValidation(t *testing.T) {
	c := start(t)
	long := strings.Repeat("n", nameMaxLen+1)
	tests := []struct {
		name        string
		path        string
		contentType string
		body        string
		want        string
	}{
		{"missing name", "/pipelines", "application/json", `{"description":"x"}`,
			`[{"type":"missing","loc":["body","name"],"msg":"Field required","input":{"description":"x"}}]`},
		{"null name", "/models", "application/json", `{"name":null}`,
			`[{"type":"string_type","loc":["body","name"],"msg":"Input should be a valid string","input":null}]`},
		{"number for a string", "/pipelines", "application/json", `{"name":7,"version":3}`,
			`[{"type":"string_type","loc":["body","name"],"msg":"Input should be a valid string","input":7},{"type":"string_type","loc":["body","version"],"msg":"Input should be a valid string","input":3}]`},
		{"name too long", "/stacks", "application/json", `{"name":"` + long + `"}`,
			`[{"type":"string_too_long","loc":["body","name"],"msg":"String should have at most 255 characters","input":"` + long + `","ctx":{"max_length":255}}]`},
		{"spec not an object", "/pipelines", "application/json", `{"name":"p","spec":["a"]}`,
			`[{"type":"dict_type","loc":["body","spec"],"msg":"Input should be a valid dictionary","input":["a"]}]`},
		{"project id not a string", "/pipelines", "application/json", `{"name":"p","project_id":12}`,
			`[{"type":"uuid_type","loc":["body","project_id"],"msg":"UUID input should be a string, bytes or UUID object","input":12}]`},
		{"project id not a UUID", "/pipelines", "application/json", `{"name":"p","project_id":"default"}`,
			`[{"type":"uuid_parsing","loc":["body","project_id"],"msg":"Input should be a valid UUID, invalid character: expected an optional prefix of ` + "`urn:uuid:`" + ` followed by [0-9a-fA-F-], found ` + "`u`" + ` at 5","input":"default","ctx":{"error":"invalid character: expected an optional prefix of ` + "`urn:uuid:`" + ` followed by [0-9a-fA-F-], found ` + "`u`" + ` at 5"}}]`},
		{"malformed JSON", "/models", "application/json", `{"name":"m",}`,
			`[{"type":"json_invalid","loc":["body",12],"msg":"JSON decode error","input":{},"ctx":{"error":"invalid character '}' looking for beginning of object key string"}}]`},
		{"truncated JSON", "/models", "application/json", `{"name":"m"`,
			`[{"type":"json_invalid","loc":["body",11],"msg":"JSON decode error","input":{},"ctx":{"error":"unexpected end of JSON input"}}]`},
		{"two JSON values", "/models", "application/json", `{"name":"m"} {}`,
			`[{"type":"json_invalid","loc":["body",13],"msg":"JSON decode error","input":{},"ctx":{"error":"invalid character '{' after top-level value"}}]`},
		{"array body", "/models", "application/json", `[{"name":"m"}]`,
			`[{"type":"model_attributes_type","loc":["body"],"msg":"Input should be a valid dictionary or object to extract fields from","input":[{"name":"m"}]}]`},
		{"empty body", "/models", "application/json", ``,
			`[{"type":"missing","loc":["body"],"msg":"Field required","input":null}]`},
		{"form body", "/models", "application/x-www-form-urlencoded", `name=m`,
			`[{"type":"model_attributes_type","loc":["body"],"msg":"Input should be a valid dictionary or object to extract fields from","input":"name=m"}]`},
		{"stack components wrong shapes", "/stacks", "application/json", `{"name":"s","components":{"orchestrator":"x","warehouse":[],"artifact_store":["nope"]}}`,
			`[{"type":"uuid_parsing","loc":["body","components","artifact_store",0],"msg":"Input should be a valid UUID, invalid character: expected an optional prefix of ` + "`urn:uuid:`" + ` followed by [0-9a-fA-F-], found ` + "`n`" + ` at 1","input":"nope","ctx":{"error":"invalid character: expected an optional prefix of ` + "`urn:uuid:`" + ` followed by [0-9a-fA-F-], found ` + "`n`" + ` at 1"}},` +
				`{"type":"list_type","loc":["body","components","orchestrator"],"msg":"Input should be a valid list","input":"x"},` +
				`{"type":"enum","loc":["body","components","warehouse","[key]"],"msg":"Input should be 'orchestrator', 'artifact_store', 'container_registry', 'step_operator', 'experiment_tracker', 'model_deployer', 'alerter', 'annotator', 'data_validator', 'feature_store', 'image_builder' or 'model_registry'","input":"warehouse","ctx":{"expected":"'orchestrator', 'artifact_store', 'container_registry', 'step_operator', 'experiment_tracker', 'model_deployer', 'alerter', 'annotator', 'data_validator', 'feature_store', 'image_builder' or 'model_registry'"}}]`},
		{"stack components not an object", "/stacks", "application/json", `{"name":"s","components":[]}`,
			`[{"type":"dict_type","loc":["body","components"],"msg":"Input should be a valid dictionary","input":[]}]`},
		{"model text attribute not a string", "/models", "application/json", `{"name":"m","audience":true}`,
			`[{"type":"string_type","loc":["body","audience"],"msg":"Input should be a valid string","input":true}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expect(t, c.send("POST", tt.path, tt.contentType, tt.body), 422, `{"detail":`+tt.want+`}`)
		})
	}
	// Nothing was stored.
	for path, total := range map[string]float64{"/pipelines": 4, "/stacks": 2, "/models": 2} {
		if got := c.get(path).object(t, 200)["total"]; got != total {
			t.Errorf("%s total = %v, want %v", path, got, total)
		}
	}
}

func TestJSONContentTypes(t *testing.T) {
	c := start(t)
	for i, ct := range []string{"", "application/json; charset=utf-8", "application/vnd.zenml+json", "Application/JSON"} {
		body := `{"name":"m` + string(rune('0'+i)) + `"}`
		if got := c.send("POST", "/models", ct, body); got.Status != 201 {
			t.Errorf("Content-Type %q: status %d, body %s", ct, got.Status, got.Raw)
		}
	}
	if got := c.send("POST", "/models", "application/json;;", `{"name":"x"}`); got.Status != 422 {
		t.Errorf("malformed Content-Type: status %d", got.Status)
	}
}

func TestDeletePipeline(t *testing.T) {
	c := start(t)
	c.delete("/pipelines/"+trainingID).must(t, http.StatusNoContent)
	expect(t, c.get("/pipelines/"+trainingID), 404,
		`{"detail":["KeyError","Unable to get pipeline with ID 00000003-0000-4000-8000-000000000001: No pipeline with this ID found."]}`)
	expect(t, c.delete("/pipelines/"+trainingID), 404,
		`{"detail":["KeyError","Unable to get pipeline with ID 00000003-0000-4000-8000-000000000001: No pipeline with this ID found."]}`)
	// Its runs, schedule and deployment went with it.
	if diff := cmp.Diff(ids(runKind, 7, 6, 5, 3), c.get("/runs").ids(t)); diff != "" {
		t.Errorf("runs after delete (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(ids(scheduleKind, 2), c.get("/schedules").ids(t)); diff != "" {
		t.Errorf("schedules after delete (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(ids(deploymentKind, 2), c.get("/deployments").ids(t)); diff != "" {
		t.Errorf("deployments after delete (-want +got):\n%s", diff)
	}
	expect(t, c.delete("/pipelines/not-a-uuid"), 422,
		`{"detail":[{"type":"uuid_parsing","loc":["path","pipeline_id"],"msg":"Input should be a valid UUID, invalid character: expected an optional prefix of `+"`urn:uuid:`"+` followed by [0-9a-fA-F-], found `+"`n`"+` at 1","input":"not-a-uuid","ctx":{"error":"invalid character: expected an optional prefix of `+"`urn:uuid:`"+` followed by [0-9a-fA-F-], found `+"`n`"+` at 1"}}]}`)
}

func TestStacks(t *testing.T) {
	c := start(t)
	orch, store, tracker := makeID(componentKind, 1), makeID(componentKind, 4), makeID(componentKind, 6)
	expect(t, c.postJSON("/stacks", `{"name":"hybrid","description":"Local runs, S3 artifacts.","components":{"orchestrator":["`+strings.ToUpper(orch)+`"],"artifact_store":["`+store+`"],"experiment_tracker":["`+tracker+`"]}}`), 201,
		`{"id":"00000005-0000-4000-8000-000000001001","name":"hybrid","description":"Local runs, S3 artifacts.","components":{"orchestrator":["`+orch+`"],"artifact_store":["`+store+`"],"experiment_tracker":["`+tracker+`"]},"user_id":"00000001-0000-4000-8000-000000000001","created":"2024-06-01T12:00:00Z"}`)
	c.get("/stacks/00000005-0000-4000-8000-000000001001").must(t, 200)
	expect(t, c.postJSON("/stacks", `{"name":"bare"}`), 201,
		`{"id":"00000005-0000-4000-8000-000000001002","name":"bare","components":{},"user_id":"00000001-0000-4000-8000-000000000001","created":"2024-06-01T12:00:00Z"}`)

	expect(t, c.postJSON("/stacks", `{"name":"hybrid"}`), 409,
		`{"detail":["StackExistsError","Unable to register stack with name 'hybrid': Found an existing stack with the same name."]}`)
	expect(t, c.postJSON("/stacks", `{"name":"ghost","components":{"orchestrator":["`+missingID+`"]}}`), 404,
		`{"detail":["KeyError","Unable to get stack component with ID 00000000-0000-4000-8000-999999999999: No stack component with this ID found."]}`)
	expect(t, c.postJSON("/stacks", `{"name":"mixed","components":{"orchestrator":["`+store+`"]}}`), 400,
		`{"detail":["ValueError","Stack component 's3_store' (00000006-0000-4000-8000-000000000004) is of type artifact_store and cannot be used as the orchestrator of a stack."]}`)

	c.delete("/stacks/00000005-0000-4000-8000-000000001001").must(t, http.StatusNoContent)
	c.get("/stacks/00000005-0000-4000-8000-000000001001").must(t, 404)
	expect(t, c.delete("/stacks/"+defaultStackID), 403, `{"detail":["IllegalOperationError","The default stack cannot be deleted."]}`)
	c.get("/stacks/"+defaultStackID).must(t, 200)
	expect(t, c.delete("/stacks/"+missingID), 404,
		`{"detail":["KeyError","Unable to get stack with ID 00000000-0000-4000-8000-999999999999: No stack with this ID found."]}`)
}

func TestModels(t *testing.T) {
	c := start(t)
	expect(t, c.postJSON("/models", `{"name":"sentiment","description":"Reads the mood of reviews.","license":"MIT","use_cases":"Support triage.","audience":"Support leads","internal":true}`), 201,
		`{"id":"00000008-0000-4000-8000-000000001001","name":"sentiment","description":"Reads the mood of reviews.","license":"MIT","audience":"Support leads","use_cases":"Support triage.","created":"2024-06-01T12:00:00Z"}`)
	expect(t, c.postJSON("/models", `{"name":"iris_classifier"}`), 409,
		`{"detail":["EntityExistsError","Unable to create model iris_classifier: A model with this name already exists."]}`)
	// A new model has no versions.
	expect(t, c.get("/model_versions?model_id=00000008-0000-4000-8000-000000001001"), 200,
		`{"index":1,"max_size":20,"total_pages":1,"total":0,"items":[]}`)
	if got := c.get("/models").object(t, 200)["total"]; got != 3.0 {
		t.Errorf("models = %v, want 3", got)
	}
}

func TestSecrets(t *testing.T) {
	c := start(t)
	alice := c.as(mustToken(t, c, "alice"))

	expect(t, c.postJSON("/secrets", `{"name":"db","values":{"user":"app","password":"s3cr3t"}}`), 201,
		`{"id":"0000000c-0000-4000-8000-000000001001","name":"db","scope":"workspace","created":"2024-06-01T12:00:00Z","values":{"user":"app","password":"s3cr3t"}}`)
	// Scopes are separate namespaces.
	expect(t, c.postJSON("/secrets", `{"name":"db","scope":"user","values":{}}`), 201,
		`{"id":"0000000c-0000-4000-8000-000000001002","name":"db","scope":"user","created":"2024-06-01T12:00:00Z","values":{}}`)
	expect(t, c.postJSON("/secrets", `{"name":"db","scope":"workspace","values":{"k":"v"}}`), 409,
		`{"detail":["EntityExistsError","Unable to create secret: a workspace scoped secret with name 'db' already exists."]}`)
	expect(t, c.postJSON("/secrets", `{"name":"db","scope":"user","values":{"k":"v"}}`), 409,
		`{"detail":["EntityExistsError","Unable to create secret: a user scoped secret with name 'db' already exists."]}`)
	// The workspace namespace is shared; each user has their own.
	expect(t, alice.postJSON("/secrets", `{"name":"db","values":{"k":"v"}}`), 409,
		`{"detail":["EntityExistsError","Unable to create secret: a workspace scoped secret with name 'db' already exists."]}`)
	alice.postJSON("/secrets", `{"name":"db","scope":"user","values":{"k":"v"}}`).must(t, 201)
	alice.postJSON("/secrets", `{"name":"mlflow_secret","scope":"user","values":{"k":"v"}}`).must(t, 201)

	// Listings show workspace secrets and the caller's own, never values.
	want := map[*testClient][]string{
		c:     {makeID(secretKind, 1), makeID(secretKind, 2), makeID(secretKind, 1001), makeID(secretKind, 1002)},
		alice: {makeID(secretKind, 1), makeID(secretKind, 3), makeID(secretKind, 1001), makeID(secretKind, 1003), makeID(secretKind, 1004)},
	}
	for who, ids := range want {
		r := who.get("/secrets?size=100")
		if diff := cmp.Diff(ids, r.ids(t)); diff != "" {
			t.Errorf("visible secrets (-want +got):\n%s", diff)
		}
		for _, item := range r.items(t) {
			if _, has := item["values"]; has {
				t.Errorf("listing carries values: %v", item)
			}
		}
		if strings.Contains(r.Raw, "s3cr3t") || strings.Contains(r.Raw, "abc123") {
			t.Errorf("listing leaks a secret value: %s", r.Raw)
		}
	}
}

func TestSecretValidation(t *testing.T) {
	c := start(t)
	scopeErr := func(input string) string {
		return `{"type":"enum","loc":["body","scope"],"msg":"Input should be 'user' or 'workspace'","input":` + input + `,"ctx":{"expected":"'user' or 'workspace'"}}`
	}
	tests := []struct {
		name string
		body string
		want string
	}{
		{"null scope", `{"name":"s","scope":null,"values":{}}`, `[` + scopeErr(`null`) + `]`},
		{"unknown scope", `{"name":"s","scope":"global","values":{}}`, `[` + scopeErr(`"global"`) + `]`},
		{"scope case matters", `{"name":"s","scope":"User","values":{}}`, `[` + scopeErr(`"User"`) + `]`},
		{"missing values", `{"name":"s"}`, `[{"type":"missing","loc":["body","values"],"msg":"Field required","input":{"name":"s"}}]`},
		{"null values", `{"name":"s","values":null}`, `[{"type":"dict_type","loc":["body","values"],"msg":"Input should be a valid dictionary","input":null}]`},
		{"values not strings", `{"name":"s","values":{"b":2,"a":null,"c":"ok"}}`,
			`[{"type":"string_type","loc":["body","values","a"],"msg":"Input should be a valid string","input":null},{"type":"string_type","loc":["body","values","b"],"msg":"Input should be a valid string","input":2}]`},
		{"everything wrong", `{"scope":1,"values":"x"}`,
			`[{"type":"missing","loc":["body","name"],"msg":"Field required","input":{"scope":1,"values":"x"}},` + scopeErr(`1`) + `,{"type":"dict_type","loc":["body","values"],"msg":"Input should be a valid dictionary","input":"x"}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expect(t, c.postJSON("/secrets", tt.body), 422, `{"detail":`+tt.want+`}`)
		})
	}
}
