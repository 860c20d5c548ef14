package zenml

import (
	"strings"
)

// route binds one operation of the OpenAPI description to its handler.
type route struct {
	method    string
	path      []string // segments; "{name}" captures a path parameter
	operation string   // the operationId in the description
	public    bool     // served without a bearer token
	handle    handlerFunc
}

// routes lists every operation of the ZenML OpenAPI description. Paths are
// relative to BasePath. All path parameters are UUIDs.
var routes = []route{
	{"POST", split("/login"), "login", true, login},
	{"GET", split("/current-user"), "getCurrentUser", false, currentUser},
	{"GET", split("/pipelines"), "listPipelines", false, listPipelines},
	{"POST", split("/pipelines"), "createPipeline", false, createPipeline},
	{"GET", split("/pipelines/{pipeline_id}"), "getPipeline", false, getPipeline},
	{"DELETE", split("/pipelines/{pipeline_id}"), "deletePipeline", false, deletePipeline},
	{"GET", split("/runs"), "listPipelineRuns", false, listPipelineRuns},
	{"GET", split("/runs/{run_id}"), "getPipelineRun", false, getPipelineRun},
	{"GET", split("/stacks"), "listStacks", false, listStacks},
	{"POST", split("/stacks"), "createStack", false, createStack},
	{"GET", split("/stacks/{stack_id}"), "getStack", false, getStack},
	{"DELETE", split("/stacks/{stack_id}"), "deleteStack", false, deleteStack},
	{"GET", split("/components"), "listStackComponents", false, listStackComponents},
	{"GET", split("/artifacts"), "listArtifacts", false, listArtifacts},
	{"GET", split("/artifacts/{artifact_id}"), "getArtifact", false, getArtifact},
	{"GET", split("/models"), "listModels", false, listModels},
	{"POST", split("/models"), "createModel", false, createModel},
	{"GET", split("/model_versions"), "listModelVersions", false, listModelVersions},
	{"GET", split("/deployments"), "listDeployments", false, listDeployments},
	{"GET", split("/schedules"), "listSchedules", false, listSchedules},
	{"GET", split("/secrets"), "listSecrets", false, listSecrets},
	{"POST", split("/secrets"), "createSecret", false, createSecret},
	{"GET", split("/users"), "listUsers", false, listUsers},
	{"GET", split("/projects"), "listProjects", false, listProjects},
	{"GET", split("/service_connectors"), "listServiceConnectors", false, listServiceConnectors},
}

func split(path string) []string { return strings.Split(strings.TrimPrefix(path, "/"), "/") }

// match finds the route for a method and a path relative to BasePath. When
// the path exists but not for this method, it returns no route and the
// methods the path allows, for the Allow header of a 405.
func match(method, path string) (rt *route, params map[string]string, allow []string) {
	segs := split(path)
	for i := range routes {
		p, ok := capture(routes[i].path, segs)
		if !ok {
			continue
		}
		if routes[i].method == method {
			return &routes[i], p, nil
		}
		allow = append(allow, routes[i].method)
	}
	return nil, nil, allow
}

// capture matches path segments against a route pattern.
func capture(pattern, segs []string) (map[string]string, bool) {
	if len(pattern) != len(segs) {
		return nil, false
	}
	var params map[string]string
	for i, p := range pattern {
		if name, isParam := strings.CutPrefix(p, "{"); isParam {
			if segs[i] == "" {
				return nil, false
			}
			if params == nil {
				params = map[string]string{}
			}
			params[strings.TrimSuffix(name, "}")] = segs[i]
			continue
		}
		if p != segs[i] {
			return nil, false
		}
	}
	return params, true
}
