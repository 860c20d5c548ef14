package arazzo

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// ANSI escape sequences of the coloured text rendering.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[1;31m"
	ansiYellow = "\x1b[1;33m"
	ansiCyan   = "\x1b[1;36m"
	ansiGreen  = "\x1b[32m"
	ansiDim    = "\x1b[2m"
)

// WriteText renders diagnostics as text, one block per finding:
//
//	file.yaml:12:15: error[unknown-step]: step "pay": $steps.login.outputs.token: workflow "buy" has no step "login"
//	   12 |         value: $steps.login.outputs.token
//	      |                ^~~~~~~~~~~~~~~~~~~~~~~~~~
//	  hint: Did you mean "Login"? Names are case-sensitive.
//
// source returns the bytes of the named file, or nil when they are not
// available; without them (or with a nil source) the source line and caret
// are left out. Tabs in the source line are kept, and the caret line
// repeats them so that the caret stays under its character; wide
// characters count as two columns. With color set, severities, positions
// and carets are coloured with ANSI escape sequences.
func WriteText(w io.Writer, ds Diagnostics, source func(file string) []byte, color bool) error {
	bw := bufio.NewWriter(w)
	for _, d := range ds {
		writeDiagnostic(bw, d, source, color)
	}
	return bw.Flush()
}

func writeDiagnostic(w *bufio.Writer, d Diagnostic, source func(string) []byte, color bool) {
	paint := func(code, s string) string {
		if !color {
			return s
		}
		return code + s + ansiReset
	}
	var where strings.Builder
	if d.File != "" {
		where.WriteString(d.File)
		where.WriteByte(':')
	}
	if d.Range.Start.IsValid() {
		fmt.Fprintf(&where, "%d:%d:", d.Range.Start.Line, d.Range.Start.Column)
	}
	if where.Len() > 0 {
		w.WriteString(paint(ansiBold, where.String()))
		w.WriteByte(' ')
	}
	sevColor := ansiCyan
	switch d.Severity {
	case SeverityError:
		sevColor = ansiRed
	case SeverityWarning:
		sevColor = ansiYellow
	}
	fmt.Fprintf(w, "%s[%s]: %s\n", paint(sevColor, d.Severity.String()), d.Rule, d.Message)
	if source != nil && d.Range.Start.IsValid() {
		if line, ok := sourceLine(source(d.File), d.Range.Start.Line); ok {
			num := strconv.Itoa(d.Range.Start.Line)
			gutter := strings.Repeat(" ", max(5-len(num), 0)) + num + " | "
			blank := strings.Repeat(" ", len(gutter)-2) + "| "
			w.WriteString(paint(ansiDim, gutter))
			w.WriteString(line)
			w.WriteByte('\n')
			w.WriteString(paint(ansiDim, blank))
			w.WriteString(paint(ansiGreen, caretLine(line, d.Range)))
			w.WriteByte('\n')
		}
	}
	if d.Hint != "" {
		fmt.Fprintf(w, "  %s %s\n", paint(ansiBold, "hint:"), d.Hint)
	}
}

// sourceLine returns line n (1-based) of src without its line break.
func sourceLine(src []byte, n int) (string, bool) {
	if src == nil || n < 1 {
		return "", false
	}
	for i := 1; i < n; i++ {
		j := bytes.IndexByte(src, '\n')
		if j < 0 {
			return "", false
		}
		src = src[j+1:]
	}
	if j := bytes.IndexByte(src, '\n'); j >= 0 {
		src = src[:j]
	}
	src = bytes.TrimSuffix(src, []byte("\r"))
	if !utf8.Valid(src) {
		return "", false
	}
	return string(src), true
}

// caretLine builds the line under a source line that marks a range: white
// space up to the start column (tabs where the source has tabs, two spaces
// under wide characters), a caret, and tildes to the end of the range, or
// to the end of the line for a range that goes on to later lines.
func caretLine(line string, rg Range) string {
	endCol := rg.Start.Column + 1
	switch {
	case rg.End.Line == rg.Start.Line && rg.End.Column > rg.Start.Column:
		endCol = rg.End.Column
	case rg.End.Line > rg.Start.Line:
		endCol = int(^uint(0) >> 1)
	}
	var b strings.Builder
	col := 1
	for _, r := range line {
		if col >= endCol {
			break
		}
		switch {
		case col < rg.Start.Column && r == '\t':
			b.WriteByte('\t')
		case col < rg.Start.Column:
			b.WriteString(strings.Repeat(" ", runeWidth(r)))
		case col == rg.Start.Column:
			b.WriteString("^" + strings.Repeat("~", runeWidth(r)-1))
		default:
			b.WriteString(strings.Repeat("~", runeWidth(r)))
		}
		col++
	}
	if col <= rg.Start.Column {
		b.WriteByte('^') // the range starts at the end of the line
	}
	return b.String()
}

// runeWidth is the number of terminal columns r takes: two for East Asian
// wide and full-width characters, one otherwise.
func runeWidth(r rune) int {
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}
