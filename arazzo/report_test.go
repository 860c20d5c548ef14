package arazzo

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestWriteText(t *testing.T) {
	src := map[string][]byte{
		"a.yaml":    []byte("steps:\n  - stepId: one\n    value: $steps.two.outputs.x\n"),
		"tab.txt":   []byte("x\n\tkey:\tvalue\n"),
		"wide.yaml": []byte("名前: $inputs.x\r\n"),
	}
	source := func(file string) []byte { return src[file] }
	at := func(line, col, endLine, endCol int) Range {
		return Range{Start: Pos{Line: line, Column: col}, End: Pos{Line: endLine, Column: endCol}}
	}
	tests := []struct {
		name string
		d    Diagnostic
		src  func(string) []byte
		want string
	}{
		{"range on one line",
			Diagnostic{Severity: SeverityError, Rule: "unknown-step", File: "a.yaml", Range: at(3, 12, 3, 32), Message: "no step", Hint: "Fix it."},
			source,
			"a.yaml:3:12: error[unknown-step]: no step\n" +
				"    3 |     value: $steps.two.outputs.x\n" +
				"      |            ^" + strings.Repeat("~", 19) + "\n" +
				"  hint: Fix it.\n"},
		{"tabs are repeated under the caret",
			Diagnostic{Severity: SeverityWarning, Rule: "r", File: "tab.txt", Range: at(2, 7, 2, 12), Message: "m"},
			source,
			"tab.txt:2:7: warning[r]: m\n" +
				"    2 | \tkey:\tvalue\n" +
				"      | \t    \t^~~~~\n"},
		{"wide characters take two columns",
			Diagnostic{Severity: SeverityInfo, Rule: "r", File: "wide.yaml", Range: at(1, 5, 1, 15), Message: "m"},
			source,
			"wide.yaml:1:5: info[r]: m\n" +
				"    1 | 名前: $inputs.x\n" +
				"      |       ^~~~~~~~~\n"},
		{"a range over several lines is marked to the end of its first line",
			Diagnostic{Severity: SeverityError, Rule: "r", File: "a.yaml", Range: at(2, 5, 3, 10), Message: "m"},
			source,
			"a.yaml:2:5: error[r]: m\n" +
				"    2 |   - stepId: one\n" +
				"      |     ^~~~~~~~~~~\n"},
		{"an empty range gets one caret",
			Diagnostic{Severity: SeverityError, Rule: "r", File: "a.yaml", Range: at(1, 7, 1, 7), Message: "m"},
			source,
			"a.yaml:1:7: error[r]: m\n" +
				"    1 | steps:\n" +
				"      |       ^\n"},
		{"no source",
			Diagnostic{Severity: SeverityError, Rule: "r", File: "a.yaml", Range: at(1, 1, 1, 2), Message: "m"},
			nil,
			"a.yaml:1:1: error[r]: m\n"},
		{"no position",
			Diagnostic{Severity: SeverityError, Rule: "invalid-option", Message: "bad"},
			source,
			"error[invalid-option]: bad\n"},
		{"a line beyond the file",
			Diagnostic{Severity: SeverityError, Rule: "r", File: "a.yaml", Range: at(9, 1, 9, 1), Message: "m"},
			source,
			"a.yaml:9:1: error[r]: m\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			if err := WriteText(&b, Diagnostics{tt.d}, tt.src, false); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, b.String()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestWriteTextColor(t *testing.T) {
	d := Diagnostic{Severity: SeverityWarning, Rule: "r", File: "a.yaml", Message: "m", Hint: "h",
		Range: Range{Start: Pos{Line: 1, Column: 1}, End: Pos{Line: 1, Column: 3}}}
	var b strings.Builder
	WriteText(&b, Diagnostics{d}, func(string) []byte { return []byte("ab\n") }, true)
	want := "\x1b[1ma.yaml:1:1:\x1b[0m \x1b[1;33mwarning\x1b[0m[r]: m\n" +
		"\x1b[2m    1 | \x1b[0mab\n" +
		"\x1b[2m      | \x1b[0m\x1b[32m^~\x1b[0m\n" +
		"  \x1b[1mhint:\x1b[0m h\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
