// Command arazzo validates and runs Arazzo workflows and runs the project's
// conformance suite.
//
// Usage:
//
//	arazzo validate [flags] PATH...
//	arazzo run FILE [flags]
//	arazzo conformance [flags]
//	arazzo conformance serve [--addr ADDR]
//
// Run "arazzo help COMMAND" for the flags of a command.
package main
