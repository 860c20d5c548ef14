// Package specs embeds the fixture documents of the project: the ZenML
// OpenAPI description and the twelve ZenML Arazzo workflows written against
// it. See README.md in this directory for where they come from.
package specs
