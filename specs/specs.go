// Package specs embeds the fixture documents of the project: the ZenML
// OpenAPI description and the twelve ZenML Arazzo workflows written against
// it. See README.md in this directory for where they come from.
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
