package zenml

// The read-only parts of the API: resources that are created by running
// pipelines or by administrators on a real server, and that the OpenAPI
// description only lets clients list or read.

var (
	listUsers             = listOf(rowsOf(func(st *state) *table[*user] { return &st.users }))
	listProjects          = listOf(rowsOf(func(st *state) *table[*project] { return &st.projects }))
	listArtifacts         = listOf(rowsOf(artifacts))
	getArtifact           = getOf(artifacts, "artifact_id", "artifact", nil)
	listDeployments       = listOf(rowsOf(func(st *state) *table[*deployment] { return &st.deployments }))
	listSchedules         = listOf(rowsOf(func(st *state) *table[*schedule] { return &st.schedules }))
	listServiceConnectors = listOf(rowsOf(func(st *state) *table[*connector] { return &st.connectors }))
)

func artifacts(st *state) *table[*artifact] { return &st.artifacts }
