package zenml

import (
	"net/http"
)

func pipelines(st *state) *table[*pipeline] { return &st.pipelines }

var (
	listPipelines = listOf(rowsOf(pipelines),
		matchText("name", func(p *pipeline) string { return p.Name }),
		matchUUID("project_id", func(p *pipeline) string { return p.ProjectID }),
	)
	getPipeline = getOf(pipelines, "pipeline_id", "pipeline", nil)

	// Deleting a pipeline also deletes its runs, schedules and deployments.
	deletePipeline = deleteOf(pipelines, "pipeline_id", "pipeline", func(st *state, p *pipeline) *reply {
		st.runs.removeWhere(func(r *run) bool { return r.PipelineID == p.ID })
		st.schedules.removeWhere(func(s *schedule) bool { return s.PipelineID == p.ID })
		st.deployments.removeWhere(func(d *deployment) bool { return d.PipelineID == p.ID })
		return nil
	})
)

// createPipeline implements POST /pipelines. Without a project_id the
// pipeline goes to the default project; names are unique within a project.
func createPipeline(st *state, c *call) reply {
	f := c.jsonBody(
		field{name: "name", kind: textField, required: true, maxLen: nameMaxLen},
		field{name: "description", kind: textField, nullable: true, maxLen: textMaxLen},
		field{name: "version", kind: textField, nullable: true, maxLen: nameMaxLen},
		field{name: "project_id", kind: uuidField, nullable: true},
		field{name: "spec", kind: objectField, nullable: true},
	)
	if c.failed() {
		return c.invalid()
	}
	projectID := makeID(projectKind, 1)
	if id := f.text("project_id"); id != nil {
		projectID = *id
	}
	proj, found := st.projects.get(projectID)
	if !found {
		return notFound("project", projectID)
	}
	name := *f.text("name")
	if _, dup := st.pipelines.find(func(p *pipeline) bool { return p.ProjectID == proj.ID && p.Name == name }); dup {
		return conflict("EntityExistsError", "Unable to create pipeline in project '%s': A pipeline with name '%s' already exists.", proj.Name, name)
	}
	p := &pipeline{
		ident:       ident{st.newID(pipelineKind)},
		Name:        name,
		Description: f.text("description"),
		Version:     f.text("version"),
		Spec:        f["spec"],
		ProjectID:   proj.ID,
		UserID:      c.user.ID,
		Created:     c.now,
		Updated:     c.now,
	}
	st.pipelines.insert(p)
	return success(http.StatusCreated, p)
}
