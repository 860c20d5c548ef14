// Package expr evaluates Arazzo runtime expressions, {$...} templates and
// criteria.
package expr
