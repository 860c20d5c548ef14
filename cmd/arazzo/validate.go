package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/arazzo-dev/arazzo/arazzo"
)

func init() {
	register(&command{
		name:    "validate",
		summary: "check Arazzo documents against the schema, the specification's rules and their OpenAPI sources",
		run:     runValidate,
	})
}

// Where the rules are documented, for SARIF output.
const (
	projectURI = "https://github.com/arazzo-dev/arazzo"
	rulesURI   = projectURI + "/blob/main/docs/rules.md"
)

// validateUsage is the help text of the validate command.
const validateUsage = `Usage: arazzo validate [flags] PATH...

Validate Arazzo 1.0.x documents: each PATH is parsed, its source
descriptions are loaded (files relative to the document, or http(s) URLs),
and the document and its Arazzo sources are checked against the Arazzo
JSON Schema, every rule of the specification, and the operations of the
OpenAPI sources. The rules are listed in docs/rules.md.

Flags:
  --format FORMAT   output format: text (default), json, sarif or github
                    (GitHub Actions workflow commands)
  --fail-on LEVEL   the least severe finding that makes the command fail:
                    error (default), warning or info
  --ignore RULE     leave out the findings of a rule; repeat the flag or
                    separate ids with commas

Exit status: 0 when no finding reaches --fail-on, 1 when one does (a
document that does not parse is a finding), 2 for a usage error or a file
that cannot be read.
`

// fileReport is the result of validating one file: one PATH argument, or a
// source document that has findings of its own.
type fileReport struct {
	path  string
	diags arazzo.Diagnostics
}

func runValidate(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	format := fs.String("format", "text", "")
	failOn := fs.String("fail-on", "error", "")
	var ignore []string
	fs.Func("ignore", "", func(s string) error {
		for _, id := range strings.Split(s, ",") {
			if id = strings.TrimSpace(id); id != "" {
				ignore = append(ignore, id)
			}
		}
		return nil
	})
	usageError := func(format string, args ...any) int {
		fmt.Fprintf(e.stderr, "arazzo validate: "+format+"\n\n", args...)
		fmt.Fprint(e.stderr, validateUsage)
		return exitUsage
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(e.stdout, validateUsage)
			return exitOK
		}
		return usageError("%v", err)
	}
	switch *format {
	case "text", "json", "sarif", "github":
	default:
		return usageError("unknown --format %q; want text, json, sarif or github", *format)
	}
	threshold, err := arazzo.ParseSeverity(*failOn)
	if err != nil {
		return usageError("unknown --fail-on %q; want error, warning or info", *failOn)
	}
	for _, id := range ignore {
		if !slices.ContainsFunc(arazzo.Rules(), func(r arazzo.Rule) bool { return r.ID == id }) {
			return usageError("unknown rule %q in --ignore; the rules are listed in docs/rules.md", id)
		}
	}
	paths := fs.Args()
	if len(paths) == 0 {
		return usageError("no PATH given")
	}

	unreadable := false
	var reports []*fileReport
	byPath := map[string]*fileReport{}
	report := func(path string) *fileReport {
		if r, ok := byPath[path]; ok {
			return r
		}
		r := &fileReport{path: path}
		byPath[path] = r
		reports = append(reports, r)
		return r
	}
	seen := map[string]bool{}
	for _, p := range paths {
		report(p)
		for _, d := range arazzo.ValidateFile(ctx, p, arazzo.IgnoreRules(ignore...)) {
			if d.Rule == "read-error" {
				unreadable = true
			}
			file := d.File
			if file == "" {
				file = p
			}
			key := fmt.Sprintf("%s\x00%v\x00%s\x00%s", file, d.Range, d.Rule, d.Message)
			if seen[key] {
				continue // a source shared by several PATHs
			}
			seen[key] = true
			r := report(file)
			r.diags = append(r.diags, d)
		}
	}

	var werr error
	switch *format {
	case "text":
		werr = writeTextReport(e, reports, len(paths))
	case "json":
		werr = writeJSONReport(e.stdout, reports)
	case "sarif":
		werr = writeSARIFReport(e.stdout, reports)
	case "github":
		werr = writeGitHubReport(e.stdout, reports)
	}
	if werr != nil {
		fmt.Fprintf(e.stderr, "arazzo validate: %v\n", werr)
		return exitUsage
	}
	switch {
	case unreadable:
		return exitUsage
	case countAtLeast(reports, threshold) > 0:
		return exitFailure
	}
	return exitOK
}

// countAtLeast counts the findings at least as severe as min.
func countAtLeast(reports []*fileReport, min arazzo.Severity) int {
	n := 0
	for _, r := range reports {
		n += r.diags.Count(min)
	}
	return n
}

// writeTextReport writes each finding with its source line, then a summary.
func writeTextReport(e *env, reports []*fileReport, files int) error {
	sources := map[string][]byte{}
	source := func(file string) []byte {
		if b, ok := sources[file]; ok {
			return b
		}
		b, err := os.ReadFile(file)
		if err != nil {
			b = nil
		}
		sources[file] = b
		return b
	}
	for _, r := range reports {
		if err := arazzo.WriteText(e.stdout, r.diags, source, e.isTerminal); err != nil {
			return err
		}
	}
	var errs, warns, infos int
	for _, r := range reports {
		for _, d := range r.diags {
			switch d.Severity {
			case arazzo.SeverityError:
				errs++
			case arazzo.SeverityWarning:
				warns++
			default:
				infos++
			}
		}
	}
	_, err := fmt.Fprintf(e.stdout, "%s, %s, %s in %s\n",
		plural(errs, "error"), plural(warns, "warning"), plural(infos, "info"), plural(files, "file"))
	return err
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// jsonReport is the --format json document.
type jsonReport struct {
	Files []jsonFile `json:"files"`
}

type jsonFile struct {
	Path        string           `json:"path"`
	Valid       bool             `json:"valid"`
	Diagnostics []jsonDiagnostic `json:"diagnostics"`
}

type jsonDiagnostic struct {
	Rule      string `json:"rule"`
	Severity  string `json:"severity"`
	Message   string `json:"message"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"endLine"`
	EndColumn int    `json:"endColumn"`
	Pointer   string `json:"pointer"`
	Hint      string `json:"hint"`
}

func writeJSONReport(w io.Writer, reports []*fileReport) error {
	out := jsonReport{Files: []jsonFile{}}
	for _, r := range reports {
		f := jsonFile{Path: filepath.ToSlash(r.path), Valid: !r.diags.HasErrors(), Diagnostics: []jsonDiagnostic{}}
		for _, d := range r.diags {
			f.Diagnostics = append(f.Diagnostics, jsonDiagnostic{
				Rule: d.Rule, Severity: d.Severity.String(), Message: d.Message,
				Line: d.Range.Start.Line, Column: d.Range.Start.Column,
				EndLine: d.Range.End.Line, EndColumn: d.Range.End.Column,
				Pointer: d.Pointer, Hint: d.Hint,
			})
		}
		out.Files = append(out.Files, f)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// SARIF 2.1.0 (OASIS), the subset GitHub code scanning reads.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool     `json:"tool"`
	Results    []sarifResult `json:"results"`
	ColumnKind string        `json:"columnKind"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string            `json:"id"`
	ShortDescription     sarifText         `json:"shortDescription"`
	HelpURI              string            `json:"helpUri"`
	DefaultConfiguration sarifRuleDefaults `json:"defaultConfiguration"`
}

type sarifRuleDefaults struct {
	Level string `json:"level"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

// sarifLevel maps a severity to a SARIF result level.
func sarifLevel(s arazzo.Severity) string {
	switch s {
	case arazzo.SeverityError:
		return "error"
	case arazzo.SeverityWarning:
		return "warning"
	}
	return "note"
}

func writeSARIFReport(w io.Writer, reports []*fileReport) error {
	used := map[string]bool{}
	for _, r := range reports {
		for _, d := range r.diags {
			used[d.Rule] = true
		}
	}
	driver := sarifDriver{Name: "arazzo", InformationURI: projectURI, Rules: []sarifRule{}}
	index := map[string]int{}
	for _, rule := range arazzo.Rules() {
		if !used[rule.ID] {
			continue
		}
		index[rule.ID] = len(driver.Rules)
		driver.Rules = append(driver.Rules, sarifRule{
			ID: rule.ID, ShortDescription: sarifText{rule.Summary},
			HelpURI:              rulesURI + "#" + rule.ID,
			DefaultConfiguration: sarifRuleDefaults{sarifLevel(rule.Severity)},
		})
	}
	run := sarifRun{Tool: sarifTool{Driver: driver}, Results: []sarifResult{}, ColumnKind: "unicodeCodePoints"}
	for _, r := range reports {
		for _, d := range r.diags {
			text := d.Message
			if d.Hint != "" {
				text += "\nHint: " + d.Hint
			}
			run.Results = append(run.Results, sarifResult{
				RuleID: d.Rule, RuleIndex: index[d.Rule], Level: sarifLevel(d.Severity),
				Message: sarifText{text},
				Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
					ArtifactLocation: sarifArtifact{URI: artifactURI(r.path)},
					Region:           sarifRegionOf(d.Range),
				}}},
			})
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}})
}

// artifactURI writes a file path as a SARIF artifact URI: a relative
// reference with forward slashes, percent-encoded where needed, so that
// GitHub resolves it against the repository root. URLs stay as they are.
func artifactURI(path string) string {
	if strings.Contains(path, "://") {
		return path
	}
	if filepath.IsAbs(path) {
		if wd, err := os.Getwd(); err == nil {
			if rel, err := filepath.Rel(wd, path); err == nil && !strings.HasPrefix(rel, "..") {
				path = rel
			}
		}
	}
	p := filepath.ToSlash(path)
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~/!$&'()*+,;=:@", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	if filepath.IsAbs(path) {
		return "file://" + b.String()
	}
	return b.String()
}

// sarifRegionOf converts a range; SARIF lines and columns start at 1 and
// the end column is exclusive, as in arazzo.Range. A finding without a
// position is put at the start of the file.
func sarifRegionOf(rg arazzo.Range) sarifRegion {
	reg := sarifRegion{StartLine: rg.Start.Line, StartColumn: rg.Start.Column, EndLine: rg.End.Line, EndColumn: rg.End.Column}
	if reg.StartLine < 1 {
		reg.StartLine, reg.StartColumn = 1, 1
	}
	if reg.StartColumn < 1 {
		reg.StartColumn = 1
	}
	if reg.EndLine < reg.StartLine || (reg.EndLine == reg.StartLine && reg.EndColumn <= reg.StartColumn) {
		reg.EndLine, reg.EndColumn = reg.StartLine, reg.StartColumn+1
	}
	return reg
}

// writeGitHubReport writes GitHub Actions workflow commands, which GitHub
// shows as annotations on the files.
func writeGitHubReport(w io.Writer, reports []*fileReport) error {
	for _, r := range reports {
		for _, d := range r.diags {
			cmd := "notice"
			switch d.Severity {
			case arazzo.SeverityError:
				cmd = "error"
			case arazzo.SeverityWarning:
				cmd = "warning"
			}
			reg := sarifRegionOf(d.Range)
			msg := d.Message
			if d.Hint != "" {
				msg += "\nhint: " + d.Hint
			}
			if _, err := fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d,endLine=%d,endColumn=%d,title=%s::%s\n",
				cmd, escapeProperty(filepath.ToSlash(r.path)), reg.StartLine, reg.StartColumn, reg.EndLine, reg.EndColumn,
				escapeProperty(d.Rule), escapeData(msg)); err != nil {
				return err
			}
		}
	}
	return nil
}

// escapeData escapes the message of a workflow command.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a property value of a workflow command.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
