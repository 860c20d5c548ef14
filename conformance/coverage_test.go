package conformance

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite COVERAGE.md from the cases' metadata")

// requirement is one row of testdata/requirements.tsv.
type requirement struct {
	id, level, area, summary string
}

// targetAreas are the areas whose requirements the suite aims to cover to
// at least coverageTarget percent.
var targetAreas = []string{"runtime", "criteria", "expression", "binding"}

const coverageTarget = 90.0

// areaOrder is the order of the areas in COVERAGE.md.
var areaOrder = []string{"runtime", "criteria", "expression", "binding", "parse", "validate"}

// readRequirements reads the requirement and decision ids of the table in
// the suite.
func readRequirements(t *testing.T) []requirement {
	t.Helper()
	data, err := fs.ReadFile(FS, "requirements.tsv")
	if err != nil {
		t.Fatal(err)
	}
	var out []requirement
	sc := bufio.NewScanner(bytes.NewReader(data))
	header := true
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			t.Fatalf("requirements.tsv:%d: %d fields, want 4", n, len(f))
		}
		if header {
			header = false
			continue
		}
		out = append(out, requirement{id: f[0], level: f[1], area: f[2], summary: f[3]})
	}
	return out
}

// numberedDecision matches the decisions of the requirements checklist;
// other AMB ids (AMB-X1, AMB-C2) are the project's own.
var numberedDecision = regexp.MustCompile(`^AMB-[0-9]+$`)

// TestCoverage checks that COVERAGE.md is the table that the cases'
// metadata gives, and that every id a case names exists. Run it with
// -update to rewrite the file.
func TestCoverage(t *testing.T) {
	cases, err := Load(FS)
	if err != nil {
		t.Fatal(err)
	}
	reqs := readRequirements(t)
	known := map[string]bool{}
	for _, r := range reqs {
		known[r.id] = true
	}
	for _, c := range cases {
		for _, id := range c.Requirements {
			if !known[id] {
				t.Errorf("%s: requirement %s is not in testdata/requirements.tsv", c.Path, id)
			}
		}
		for _, id := range c.Decisions {
			if numberedDecision.MatchString(id) && !known[id] {
				t.Errorf("%s: decision %s is not in testdata/requirements.tsv", c.Path, id)
			}
		}
	}
	got := coverageReport(cases, reqs)
	if *update {
		if err := os.WriteFile("COVERAGE.md", []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile("COVERAGE.md")
	if err != nil {
		t.Fatalf("%v; run go test ./conformance -run TestCoverage -update", err)
	}
	if string(want) != got {
		t.Errorf("COVERAGE.md is out of date; run go test ./conformance -run TestCoverage -update")
	}
}

// coverageReport renders COVERAGE.md.
func coverageReport(cases []*Case, reqs []requirement) string {
	byID := map[string][]string{}
	for _, c := range cases {
		for _, id := range slices.Concat(c.Requirements, c.Decisions) {
			if !slices.Contains(byID[id], c.Path) {
				byID[id] = append(byID[id], c.Path)
			}
		}
	}
	type tally struct{ total, covered int }
	areas := map[string]*tally{}
	for _, r := range reqs {
		if areas[r.area] == nil {
			areas[r.area] = &tally{}
		}
		areas[r.area].total++
		if len(byID[r.id]) > 0 {
			areas[r.area].covered++
		}
	}
	pct := func(a tally) string {
		if a.total == 0 {
			return "–"
		}
		return fmt.Sprintf("%.1f%%", 100*float64(a.covered)/float64(a.total))
	}
	sum := func(names []string) tally {
		var s tally
		for _, n := range names {
			if a := areas[n]; a != nil {
				s.total += a.total
				s.covered += a.covered
			}
		}
		return s
	}
	target := sum(targetAreas)
	all := sum(areaOrder)
	decisions := *areas["decision"]

	var b strings.Builder
	b.WriteString("# Conformance coverage\n\n")
	b.WriteString("Generated from the `requirements:` and `decisions:` of every case under\n")
	b.WriteString("`testdata/`; do not edit. `go test ./conformance -run TestCoverage -update`\n")
	b.WriteString("rewrites it, and the test fails when it is out of date. The ids are those of\n")
	b.WriteString("the project's Arazzo 1.0.1 requirements checklist, copied in\n")
	b.WriteString("`testdata/requirements.tsv`.\n\n")
	fmt.Fprintf(&b, "%d cases. Target: at least %.0f%% of the requirements in the areas %s and\n",
		len(cases), coverageTarget, strings.Join(targetAreas[:len(targetAreas)-1], ", "))
	fmt.Fprintf(&b, "%s have a case. Now: %d of %d (%s).\n\n", targetAreas[len(targetAreas)-1], target.covered, target.total, pct(target))
	b.WriteString("| area | requirements | with a case | coverage |\n|---|---:|---:|---:|\n")
	for _, name := range areaOrder {
		if a := areas[name]; a != nil {
			fmt.Fprintf(&b, "| %s | %d | %d | %s |\n", name, a.total, a.covered, pct(*a))
		}
	}
	fmt.Fprintf(&b, "| **target areas** | %d | %d | %s |\n", target.total, target.covered, pct(target))
	fmt.Fprintf(&b, "| **all** | %d | %d | %s |\n", all.total, all.covered, pct(all))
	fmt.Fprintf(&b, "| decisions (AMB) | %d | %d | %s |\n\n", decisions.total, decisions.covered, pct(decisions))

	row := func(r requirement) string {
		return fmt.Sprintf("| %s | %s | %s | %s |\n", r.id, r.level, escapeCell(r.summary), listCases(byID[r.id]))
	}
	for _, name := range areaOrder {
		fmt.Fprintf(&b, "## %s\n\n| id | level | requirement | cases |\n|---|---|---|---|\n", name)
		for _, r := range reqs {
			if r.area == name {
				b.WriteString(row(r))
			}
		}
		b.WriteString("\n")
	}
	b.WriteString("## Decisions\n\n| id | | topic | cases |\n|---|---|---|---|\n")
	inTable := map[string]bool{}
	for _, r := range reqs {
		if r.area == "decision" {
			inTable[r.id] = true
			b.WriteString(row(requirement{id: r.id, level: "", summary: r.summary}))
		}
	}
	var own []string
	for id := range byID {
		if strings.HasPrefix(id, "AMB-") && !inTable[id] {
			own = append(own, id)
		}
	}
	if len(own) > 0 {
		slices.Sort(own)
		b.WriteString("\nThe project's own decisions (docs/decisions.md):\n\n| id | cases |\n|---|---|\n")
		for _, id := range own {
			fmt.Fprintf(&b, "| %s | %s |\n", id, listCases(byID[id]))
		}
	}
	return b.String()
}

// listCases names up to four cases, and how many more there are.
func listCases(paths []string) string {
	if len(paths) == 0 {
		return "—"
	}
	slices.Sort(paths)
	const shown = 4
	if len(paths) <= shown {
		return strings.Join(paths, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(paths[:shown], ", "), len(paths)-shown)
}

func escapeCell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
