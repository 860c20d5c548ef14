package arazzo

import (
	"fmt"
	"sort"
	"strings"
)

// Pos is a position in a source document. Line and Column are 1-based;
// Column counts Unicode code points. Offset is the 0-based byte offset.
// The zero Pos means "position unknown".
type Pos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
	Offset int `json:"offset"`
}

// IsValid reports whether p names a real position.
func (p Pos) IsValid() bool { return p.Line > 0 }

// String renders p as "line:column".
func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Column) }

// Range is the span of a node in a source document, from Start up to
// (but not including) End.
type Range struct {
	Start Pos `json:"start"`
	End   Pos `json:"end"`
}

// Location says where a model object sits in its document: the JSON Pointer
// of the object (for example "/workflows/0/steps/2") and its source range.
type Location struct {
	Pointer string `json:"pointer"`
	Range   Range  `json:"range"`
}

// Severity ranks a [Diagnostic]. A broken MUST of the specification is an
// error, a broken SHOULD is a warning, and advice is info.
type Severity int

// The severities, from most to least serious.
const (
	SeverityError Severity = iota + 1
	SeverityWarning
	SeverityInfo
)

// String returns "error", "warning" or "info".
func (s Severity) String() string {
	switch s {
	case SeverityError:
		return "error"
	case SeverityWarning:
		return "warning"
	case SeverityInfo:
		return "info"
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// MarshalText encodes s as its name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText decodes a severity name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// ParseSeverity converts "error", "warning" or "info" to a [Severity].
func ParseSeverity(name string) (Severity, error) {
	switch strings.ToLower(name) {
	case "error":
		return SeverityError, nil
	case "warning":
		return SeverityWarning, nil
	case "info":
		return SeverityInfo, nil
	}
	return 0, fmt.Errorf("unknown severity %q (want error, warning or info)", name)
}

// Diagnostic is one finding about a document: a parse failure, a schema
// violation or a broken semantic rule. Rule is a stable kebab-case id that is
// documented in docs/rules.md.
type Diagnostic struct {
	Severity Severity `json:"severity"`
	Rule     string   `json:"rule"`
	Message  string   `json:"message"`
	// File is the name of the document the finding is about, as given to
	// the parser or loader.
	File string `json:"file,omitempty"`
	// Range is where in File the finding applies; zero when unknown.
	Range Range `json:"range"`
	// Pointer is the JSON Pointer of the node the finding is about.
	Pointer string `json:"pointer"`
	// Hint, when not empty, says how to fix the problem.
	Hint string `json:"hint,omitempty"`
}

// Error renders d as "file:line:col: severity[rule]: message".
func (d Diagnostic) Error() string {
	var b strings.Builder
	if d.File != "" {
		b.WriteString(d.File)
		b.WriteByte(':')
	}
	if d.Range.Start.IsValid() {
		fmt.Fprintf(&b, "%d:%d:", d.Range.Start.Line, d.Range.Start.Column)
	}
	if b.Len() > 0 {
		b.WriteByte(' ')
	}
	fmt.Fprintf(&b, "%s[%s]: %s", d.Severity, d.Rule, d.Message)
	return b.String()
}

// Diagnostics is a list of findings. The zero value is an empty list.
type Diagnostics []Diagnostic

// HasErrors reports whether any diagnostic has error severity.
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if d.Severity == SeverityError {
			return true
		}
	}
	return false
}

// Count returns how many diagnostics are at least as serious as min
// (SeverityError is the most serious).
func (ds Diagnostics) Count(min Severity) int {
	n := 0
	for _, d := range ds {
		if d.Severity <= min {
			n++
		}
	}
	return n
}

// Errors returns only the diagnostics of error severity.
func (ds Diagnostics) Errors() Diagnostics {
	var out Diagnostics
	for _, d := range ds {
		if d.Severity == SeverityError {
			out = append(out, d)
		}
	}
	return out
}

// Err returns ds as an error when it holds at least one error-severity
// diagnostic, and nil otherwise. Warnings alone never make an error.
func (ds Diagnostics) Err() error {
	if !ds.HasErrors() {
		return nil
	}
	return &DiagnosticsError{Diagnostics: ds}
}

// Sort orders ds by file, then position, then rule, keeping the relative
// order of findings that compare equal.
func (ds Diagnostics) Sort() {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Range.Start.Line != b.Range.Start.Line {
			return a.Range.Start.Line < b.Range.Start.Line
		}
		if a.Range.Start.Column != b.Range.Start.Column {
			return a.Range.Start.Column < b.Range.Start.Column
		}
		return a.Rule < b.Rule
	})
}

// DiagnosticsError is the error form of a list of diagnostics that holds at
// least one error. Its message is the first error followed by a count of the
// others.
type DiagnosticsError struct {
	Diagnostics Diagnostics
}

// Error implements the error interface.
func (e *DiagnosticsError) Error() string {
	errs := e.Diagnostics.Errors()
	if len(errs) == 0 {
		return "no errors"
	}
	msg := errs[0].Error()
	if n := len(errs) - 1; n == 1 {
		msg += " (and 1 other error)"
	} else if n > 1 {
		msg += fmt.Sprintf(" (and %d other errors)", n)
	}
	return msg
}
