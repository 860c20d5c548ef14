package zenml

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/arazzo-dev/arazzo/specs"
	"github.com/google/go-cmp/cmp"
	yaml "go.yaml.in/yaml/v4"
)

// The tests in this file walk the twelve ZenML workflows against the
// server by hand, to show that the seeded data lets each of them run to
// the end, and to record the outputs a conformant engine should produce.
// The walker understands only the expression forms those twelve documents
// use; it is a test fixture, not an Arazzo engine. Optional inputs that are
// not given are left out of requests.

type walker struct {
	t       *testing.T
	c       *testClient
	d       *description
	inputs  map[string]any
	outputs map[string]map[string]any // step id -> output name -> value

	status int
	body   any
}

type step struct {
	StepID      string `yaml:"stepId"`
	OperationID string `yaml:"operationId"`
	Parameters  []struct {
		Name  string `yaml:"name"`
		In    string `yaml:"in"`
		Value any    `yaml:"value"`
	} `yaml:"parameters"`
	RequestBody *struct {
		ContentType string         `yaml:"contentType"`
		Payload     map[string]any `yaml:"payload"`
	} `yaml:"requestBody"`
	SuccessCriteria []struct {
		Condition string `yaml:"condition"`
	} `yaml:"successCriteria"`
	Outputs   map[string]string `yaml:"outputs"`
	OnSuccess []struct {
		Type     string `yaml:"type"`
		StepID   string `yaml:"stepId"`
		Criteria []struct {
			Condition string `yaml:"condition"`
		} `yaml:"criteria"`
	} `yaml:"onSuccess"`
}

type workflowDoc struct {
	Workflows []struct {
		Steps   []step            `yaml:"steps"`
		Outputs map[string]string `yaml:"outputs"`
	} `yaml:"workflows"`
}

// walk runs the single workflow of a document and returns its outputs, or
// the reason it stopped.
func walk(t *testing.T, c *testClient, d *description, file string, inputs map[string]any) (map[string]any, error) {
	t.Helper()
	data, err := fs.ReadFile(specs.FS, "zenml/arazzo/"+file)
	if err != nil {
		t.Fatal(err)
	}
	var doc workflowDoc
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	w := &walker{t: t, c: c, d: d, inputs: inputs, outputs: map[string]map[string]any{}}
	steps := doc.Workflows[0].Steps
	index := map[string]int{}
	for i, s := range steps {
		index[s.StepID] = i
	}
	for i, n := 0, 0; i < len(steps); n++ {
		if n > 50 {
			return nil, fmt.Errorf("more than 50 steps")
		}
		s := steps[i]
		if err := w.run(s); err != nil {
			return nil, fmt.Errorf("step %s: %w", s.StepID, err)
		}
		next := i + 1
	actions:
		for _, a := range s.OnSuccess {
			for _, cr := range a.Criteria {
				if !w.jsonPathish(cr.Condition) {
					continue actions
				}
			}
			switch a.Type {
			case "goto":
				next = index[a.StepID]
			case "end":
				next = len(steps)
			}
			break
		}
		i = next
	}
	out := map[string]any{}
	for name, expr := range doc.Workflows[0].Outputs {
		out[name], _ = w.resolve(expr)
	}
	return out, nil
}

// run sends one step's request and evaluates its criteria and outputs.
func (w *walker) run(s step) error {
	op := w.d.operations[s.OperationID]
	path, query := op.path, url.Values{}
	var auth string
	for _, p := range s.Parameters {
		v, ok := w.resolve(p.Value)
		if !ok {
			continue
		}
		text := fmt.Sprint(v)
		switch p.In {
		case "path":
			path = strings.ReplaceAll(path, "{"+p.Name+"}", url.PathEscape(text))
		case "query":
			query.Set(p.Name, text)
		case "header":
			auth = text
		}
	}
	if len(query) > 0 {
		path += "?" + query.Encode()
	}
	var contentType, body string
	if rb := s.RequestBody; rb != nil {
		contentType = rb.ContentType
		payload := map[string]any{}
		form := url.Values{}
		for k, v := range rb.Payload {
			if x, ok := w.resolve(v); ok {
				payload[k] = x
				form.Set(k, fmt.Sprint(x))
			}
		}
		if contentType == "application/x-www-form-urlencoded" {
			body = form.Encode()
		} else {
			b, _ := json.Marshal(payload)
			body = string(b)
		}
	}
	r := w.c.withAuthorization(auth).send(op.method, path, contentType, body)
	w.status, w.body = r.Status, r.Body
	for _, cr := range s.SuccessCriteria {
		want, err := strconv.Atoi(strings.TrimPrefix(cr.Condition, "$statusCode == "))
		if err != nil {
			w.t.Fatalf("unsupported criterion %q", cr.Condition)
		}
		if r.Status != want {
			return fmt.Errorf("status %d, want %d: %s", r.Status, want, r.Raw)
		}
	}
	w.outputs[s.StepID] = map[string]any{}
	for name, expr := range s.Outputs {
		w.outputs[s.StepID][name], _ = w.resolve(expr)
	}
	return nil
}

// resolve evaluates the expression forms the ZenML workflows use.
func (w *walker) resolve(v any) (any, bool) {
	expr, isString := v.(string)
	if !isString {
		return v, true
	}
	switch {
	case strings.HasPrefix(expr, "Bearer $"):
		x, ok := w.resolve(strings.TrimPrefix(expr, "Bearer "))
		return "Bearer " + fmt.Sprint(x), ok
	case strings.HasPrefix(expr, "$inputs."):
		x, ok := w.inputs[strings.TrimPrefix(expr, "$inputs.")]
		return x, ok
	case strings.HasPrefix(expr, "$steps."):
		parts := strings.Split(strings.TrimPrefix(expr, "$steps."), ".")
		x, ok := w.outputs[parts[0]][parts[2]]
		return x, ok && x != nil
	case expr == "$statusCode":
		return w.status, true
	case strings.HasPrefix(expr, "$response.body#"):
		return pointer(w.body, strings.TrimPrefix(expr, "$response.body#"))
	}
	return expr, true
}

var comparison = regexp.MustCompile(`\$\.(\w+) == '([^']*)'`)

// jsonPathish evaluates the monitor workflow's conditions, written as
// "$.status == 'a' || $.status == 'b'" against the response body.
func (w *walker) jsonPathish(cond string) bool {
	for _, alt := range strings.Split(cond, "||") {
		m := comparison.FindStringSubmatch(alt)
		if m == nil {
			w.t.Fatalf("unsupported condition %q", cond)
		}
		if obj, ok := w.body.(map[string]any); ok && obj[m[1]] == m[2] {
			return true
		}
	}
	return false
}

// pointer resolves a JSON pointer made of member names and array indexes.
func pointer(v any, ptr string) (any, bool) {
	for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[tok]; !ok {
				return nil, false
			}
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

func TestWorkflowsRunAgainstTheSeed(t *testing.T) {
	d := loadDescription(t)
	token := NewHandler().Token()
	comps := map[string]any{"orchestrator": []any{makeID(componentKind, 1)}, "artifact_store": []any{makeID(componentKind, 2)}}
	tests := []struct {
		name   string
		file   string
		inputs map[string]any
		want   map[string]any
		err    string
	}{
		{"authenticate and list pipelines", "zenml-authenticate-and-list-pipelines-workflow.yml",
			map[string]any{"username": "default", "password": "zenml"},
			map[string]any{"userId": defaultUserID, "accessToken": token, "pipelineCount": 4.0}, ""},
		{"authenticate with a wrong password", "zenml-authenticate-and-list-pipelines-workflow.yml",
			map[string]any{"username": "default", "password": "nope"},
			nil, `step login: status 401, want 200: {"detail":["CredentialsNotValid","Authentication error: invalid username or password"]}`},
		{"audit pipeline runs", "zenml-audit-pipeline-runs-workflow.yml",
			map[string]any{"accessToken": token, "pipelineName": "training_pipeline"},
			map[string]any{"pipelineId": trainingID, "runCount": 3.0, "latestRunStatus": "completed"}, ""},
		{"audit a pipeline that failed last", "zenml-audit-pipeline-runs-workflow.yml",
			map[string]any{"accessToken": token, "pipelineName": "etl_pipeline"},
			map[string]any{"pipelineId": etlID, "runCount": 2.0, "latestRunStatus": "failed"}, ""},
		{"bootstrap project pipeline", "zenml-bootstrap-project-pipeline-workflow.yml",
			map[string]any{"accessToken": token, "projectName": "default", "pipelineName": "bootstrap_pipeline", "description": "Created by a workflow."},
			map[string]any{"userId": defaultUserID, "projectId": defaultProject, "pipelineId": makeID(pipelineKind, 1001)}, ""},
		{"inspect run artifacts", "zenml-inspect-run-artifacts-workflow.yml",
			map[string]any{"accessToken": token},
			map[string]any{"runId": makeID(runKind, 5), "artifactId": makeID(artifactKind, 1), "artifactUri": "s3://zenml-example-artifacts/iris_dataset/1"}, ""},
		{"inspect run artifacts of a pipeline", "zenml-inspect-run-artifacts-workflow.yml",
			map[string]any{"accessToken": token, "pipelineId": trainingID},
			map[string]any{"runId": makeID(runKind, 4), "artifactId": makeID(artifactKind, 1), "artifactUri": "s3://zenml-example-artifacts/iris_dataset/1"}, ""},
		{"inspect stack topology", "zenml-inspect-stack-topology-workflow.yml",
			map[string]any{"accessToken": token},
			map[string]any{"stackId": defaultStackID, "stackName": "default", "components": comps, "componentCount": 7.0}, ""},
		{"inspect stack topology, orchestrators only", "zenml-inspect-stack-topology-workflow.yml",
			map[string]any{"accessToken": token, "componentType": "orchestrator"},
			map[string]any{"stackId": defaultStackID, "stackName": "default", "components": comps, "componentCount": 2.0}, ""},
		{"monitor a running run", "zenml-monitor-pipeline-run-workflow.yml",
			map[string]any{"accessToken": token, "pipelineId": inferenceID},
			map[string]any{"runId": runningRunID, "finalStatus": "completed", "pipelineName": "inference_pipeline"}, ""},
		{"monitor a failed run", "zenml-monitor-pipeline-run-workflow.yml",
			map[string]any{"accessToken": token, "pipelineId": etlID},
			map[string]any{"runId": makeID(runKind, 6), "finalStatus": "failed", "pipelineName": nil}, ""},
		{"provision pipeline", "zenml-provision-pipeline-workflow.yml",
			map[string]any{"accessToken": token, "pipelineName": "nightly_eval", "version": "1", "spec": map[string]any{"steps": []any{"evaluate"}}},
			map[string]any{"pipelineId": makeID(pipelineKind, 1001), "pipelineName": "nightly_eval"}, ""},
		{"provision an existing pipeline", "zenml-provision-pipeline-workflow.yml",
			map[string]any{"accessToken": token, "pipelineName": "training_pipeline"},
			nil, `step createPipeline: status 409, want 201: {"detail":["EntityExistsError","Unable to create pipeline in project 'default': A pipeline with name 'training_pipeline' already exists."]}`},
		{"provision a user secret", "zenml-provision-secret-workflow.yml",
			map[string]any{"accessToken": token, "secretName": "slack-token", "scope": "user", "values": map[string]any{"token": "xoxb-1"}},
			map[string]any{"secretId": makeID(secretKind, 1001), "secretName": "slack-token", "ownerId": defaultUserID}, ""},
		{"provision a secret in the default scope", "zenml-provision-secret-workflow.yml",
			map[string]any{"accessToken": token, "secretName": "mlflow_secret", "values": map[string]any{"username": "ci"}},
			map[string]any{"secretId": makeID(secretKind, 1001), "secretName": "mlflow_secret", "ownerId": defaultUserID}, ""},
		{"provision a duplicate user secret", "zenml-provision-secret-workflow.yml",
			map[string]any{"accessToken": token, "secretName": "mlflow_secret", "scope": "user", "values": map[string]any{}},
			nil, `step createSecret: status 409, want 201: {"detail":["EntityExistsError","Unable to create secret: a user scoped secret with name 'mlflow_secret' already exists."]}`},
		{"register model", "zenml-register-model-workflow.yml",
			map[string]any{"accessToken": token, "modelName": "fraud_detector", "license": "Apache-2.0"},
			map[string]any{"modelId": makeID(modelKind, 1001), "modelName": "fraud_detector", "latestVersionId": nil}, ""},
		{"register stack", "zenml-register-stack-workflow.yml",
			map[string]any{"accessToken": token, "stackName": "local-s3", "components": map[string]any{"orchestrator": []any{makeID(componentKind, 1)}, "artifact_store": []any{makeID(componentKind, 4)}}},
			map[string]any{"stackId": makeID(stackKind, 1001), "stackName": "local-s3", "components": map[string]any{"orchestrator": []any{makeID(componentKind, 1)}, "artifact_store": []any{makeID(componentKind, 4)}}}, ""},
		{"trace deployment runs", "zenml-trace-deployment-runs-workflow.yml",
			map[string]any{"accessToken": token},
			map[string]any{"deploymentId": makeID(deploymentKind, 1), "pipelineName": "training_pipeline", "latestRunId": makeID(runKind, 4)}, ""},
		{"track scheduled pipeline", "zenml-track-scheduled-pipeline-workflow.yml",
			map[string]any{"accessToken": token},
			map[string]any{"scheduleId": makeID(scheduleKind, 1), "cronExpression": "0 2 * * *", "runStatus": "completed"}, ""},
	}
	srv := start(t)
	covered := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.srv.Reset()
			covered[tt.file] = true
			got, err := walk(t, srv, d, tt.file, tt.inputs)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("error = %v, want %s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("outputs mismatch (-want +got):\n%s", diff)
			}
		})
	}
	entries, err := fs.ReadDir(specs.FS, "zenml/arazzo")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !covered[e.Name()] {
			t.Errorf("workflow %s is not walked", e.Name())
		}
	}
}

func TestMonitorPollsUntilCompleted(t *testing.T) {
	d := loadDescription(t)
	c := start(t, PollReads(4))
	if _, err := walk(t, c, d, "zenml-monitor-pipeline-run-workflow.yml", map[string]any{"accessToken": c.token, "pipelineId": inferenceID}); err != nil {
		t.Fatal(err)
	}
	var polls []string
	for _, r := range c.srv.Requests() {
		polls = append(polls, r.Operation)
	}
	want := []string{"listPipelineRuns", "getPipelineRun", "getPipelineRun", "getPipelineRun", "getPipelineRun", "getPipelineRun", "getPipeline"}
	if diff := cmp.Diff(want, polls); diff != "" {
		t.Errorf("operations called (-want +got):\n%s", diff)
	}
}
