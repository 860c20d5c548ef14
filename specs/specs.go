package specs

import "embed"

// FS holds the fixture documents under their repository paths, for example
// "zenml/arazzo/zenml-provision-secret-workflow.yml".
//
//go:embed zenml
var FS embed.FS

// Golden is the path in [FS] of the golden fixture: the ZenML
// provision-secret workflow.
const Golden = "zenml/arazzo/zenml-provision-secret-workflow.yml"
