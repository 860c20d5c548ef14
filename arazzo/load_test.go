package arazzo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/arazzo-dev/arazzo/specs"
)

// loadDiag is the part of a Load diagnostic the tests compare.
type loadDiag struct {
	Rule, File, Pos, Pointer, Message, Hint string
}

func loadDiags(ds Diagnostics) []loadDiag {
	var out []loadDiag
	for _, d := range ds {
		if d.Severity != SeverityError {
			out = append(out, loadDiag{Rule: "unexpected severity " + d.Severity.String()})
		}
		out = append(out, loadDiag{d.Rule, d.File, d.Range.Start.String(), d.Pointer, d.Message, d.Hint})
	}
	return out
}

// sourceSummary is the part of a Source the tests compare.
type sourceSummary struct {
	Name, URL, Kind string
	Arazzo, OpenAPI string // title of the loaded document
	Err             string
}

func summarize(srcs []*Source) []sourceSummary {
	var out []sourceSummary
	for _, s := range srcs {
		sum := sourceSummary{Name: s.Name, URL: s.URL, Kind: s.Kind}
		if s.Document != nil {
			sum.Arazzo = s.Document.Info.Title
		}
		if api := s.OpenAPI(); api != nil {
			sum.OpenAPI = api.Title()
		}
		if s.Err != nil {
			sum.Err = s.Err.Error()
		}
		out = append(out, sum)
	}
	return out
}

func mustParse(t testing.TB, data []byte, name string) *Document {
	t.Helper()
	doc, ds := Parse(data, Filename(name))
	if doc == nil || ds.HasErrors() {
		t.Fatalf("Parse(%s): %v", name, ds)
	}
	return doc
}

// arazzoDoc writes an Arazzo document with the given source descriptions
// (YAML list items, indented by two spaces) and one trivial workflow.
func arazzoDoc(title, sources string) string {
	return "arazzo: 1.0.1\ninfo:\n  title: " + title + "\n  version: 1.0.0\nsourceDescriptions:\n" + sources +
		"workflows:\n  - workflowId: w\n    steps:\n      - stepId: s\n        operationId: op\n"
}

const (
	openapiDoc = "openapi: 3.1.0\ninfo: {title: API, version: '1'}\npaths:\n  /a:\n    get: {operationId: op, responses: {'200': {description: ok}}}\n"
	swaggerDoc = "swagger: '2.0'\ninfo: {title: Old, version: '1'}\npaths: {}\n"
)

func TestLoadFromDisk(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("testdata", "load"))
	if err != nil {
		t.Fatal(err)
	}
	base := fileURI(dir)
	doc, ds := ParseFile(filepath.Join("testdata", "load", "workflows", "main.arazzo.yaml"))
	if doc == nil {
		t.Fatal(ds)
	}
	b, ds := Load(context.Background(), doc)
	if len(ds) > 0 {
		t.Fatalf("unexpected diagnostics: %v", ds)
	}
	if b.Entry != doc {
		t.Errorf("Entry is not the document given to Load")
	}
	docs := b.Documents()
	if len(docs) != 2 || docs[0] != doc || docs[1].Info.Title != "Shared" {
		t.Fatalf("Documents() = %v; want [Main Shared]", docs)
	}
	shared := docs[1]
	if want := filepath.Join("testdata", "load", "workflows", "shared.arazzo.yaml"); shared.File() != want {
		t.Errorf("shared document File() = %q; want %q (relative to the working directory)", shared.File(), want)
	}

	// SRC-05, GEN-14: relative urls resolve against the referring document.
	wantMain := []sourceSummary{
		{Name: "petstore", URL: base + "/openapi/petstore.yaml", Kind: "openapi", OpenAPI: "Pets"},
		{Name: "shared", URL: base + "/workflows/shared.arazzo.yaml", Kind: "arazzo", Arazzo: "Shared"},
	}
	if diff := cmp.Diff(wantMain, summarize(b.Sources(doc))); diff != "" {
		t.Errorf("Sources(main) (-want +got):\n%s", diff)
	}
	wantShared := []sourceSummary{
		{Name: "back", URL: base + "/workflows/main.arazzo.yaml", Kind: "arazzo", Arazzo: "Main"},
		{Name: "pets", URL: base + "/openapi/petstore.yaml", Kind: "openapi", OpenAPI: "Pets"},
	}
	if diff := cmp.Diff(wantShared, summarize(b.Sources(shared))); diff != "" {
		t.Errorf("Sources(shared) (-want +got):\n%s", diff)
	}

	// The cycle ends at the entry document, and each document is loaded
	// once.
	if got := b.Source(shared, "back").Document; got != doc {
		t.Errorf("shared's source back is not the entry document")
	}
	if a, c := b.Source(doc, "petstore").OpenAPI(), b.Source(shared, "pets").OpenAPI(); a != c {
		t.Errorf("petstore.yaml was loaded twice")
	}
	if b.Source(doc, "shared").Description != doc.SourceDescriptions[1] {
		t.Errorf("Description is not the source description")
	}
	if b.Source(doc, "nope") != nil || b.Source(&Document{}, "petstore") != nil || b.Sources(&Document{}) != nil {
		t.Errorf("lookups of unknown sources or documents are not nil")
	}

	// AMB-54: the relative server URL resolves against the description's
	// location.
	api := b.Source(doc, "petstore").OpenAPI()
	if got, want := api.Servers()[0].URL, "file:///api"; got != want {
		t.Errorf("server URL = %q; want %q", got, want)
	}
	if _, ok := api.OperationByID("showPet"); !ok {
		t.Errorf("the OpenAPI index has no showPet operation")
	}
}

func TestLoadFromDiskFailures(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("testdata", "load"))
	if err != nil {
		t.Fatal(err)
	}
	base := fileURI(dir)
	file := filepath.Join("testdata", "load", "workflows", "broken.arazzo.yaml")
	doc, ds := ParseFile(file)
	if doc == nil {
		t.Fatal(ds)
	}
	b, ds := Load(context.Background(), doc)
	want := []loadDiag{
		{
			Rule: "source-unreachable", File: file, Pos: "7:10", Pointer: "/sourceDescriptions/0/url",
			Message: `source "missing" cannot be loaded: ` + base + "/openapi/missing.yaml: no such file or directory",
		},
		{
			Rule: "source-unsupported", File: file, Pos: "9:10", Pointer: "/sourceDescriptions/1/url",
			Message: `source "old" (` + base + "/openapi/swagger.yaml) is a Swagger 2.0 description, which is not supported",
			Hint:    "Convert the description to OpenAPI 3.0 or 3.1.",
		},
	}
	if diff := cmp.Diff(want, loadDiags(ds)); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	wantSources := []sourceSummary{
		{Name: "missing", URL: base + "/openapi/missing.yaml",
			Err: base + "/openapi/missing.yaml: no such file or directory"},
		{Name: "old", URL: base + "/openapi/swagger.yaml", Kind: "openapi",
			Err: "unsupported: Swagger 2.0: convert the description to OpenAPI 3.0 or 3.1"},
		{Name: "good", URL: base + "/openapi/petstore.yaml", Kind: "openapi", OpenAPI: "Pets"},
	}
	if diff := cmp.Diff(wantSources, summarize(b.Sources(doc))); diff != "" {
		t.Errorf("sources (-want +got):\n%s", diff)
	}
	if err := b.Source(doc, "missing").Err; !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Err of the missing source does not wrap fs.ErrNotExist: %v", err)
	}
}

func TestLoadDiagnostics(t *testing.T) {
	tests := []struct {
		name        string
		sources     string            // source descriptions of the entry document "main.yaml"
		files       map[string]string // the file system, besides main.yaml
		want        []loadDiag
		wantSources []sourceSummary
	}{
		{
			name:        "sniffed OpenAPI (AMB-50)",
			sources:     "  - name: api\n    url: api.yaml\n",
			files:       map[string]string{"api.yaml": openapiDoc},
			wantSources: []sourceSummary{{Name: "api", URL: "/api.yaml", Kind: "openapi", OpenAPI: "API"}},
		},
		{
			name:    "sniffed Swagger is OpenAPI, then refused (AMB-50, AMB-51)",
			sources: "  - name: old\n    url: old.json\n",
			files:   map[string]string{"old.json": `{"swagger": "2.0", "info": {"title": "Old", "version": "1"}, "paths": {}}`},
			want: []loadDiag{{
				Rule: "source-unsupported", File: "main.yaml", Pos: "7:10", Pointer: "/sourceDescriptions/0/url",
				Message: `source "old" (/old.json) is a Swagger 2.0 description, which is not supported`,
				Hint:    "Convert the description to OpenAPI 3.0 or 3.1.",
			}},
			wantSources: []sourceSummary{{Name: "old", URL: "/old.json",
				Err: "unsupported: Swagger 2.0: convert the description to OpenAPI 3.0 or 3.1"}},
		},
		{
			name:        "sniffed Arazzo (AMB-50)",
			sources:     "  - name: flows\n    url: sub/flows.yaml\n",
			files:       map[string]string{"sub/flows.yaml": arazzoDoc("Flows", "  - name: api\n    url: ../api.yaml\n"), "api.yaml": openapiDoc},
			wantSources: []sourceSummary{{Name: "flows", URL: "/sub/flows.yaml", Kind: "arazzo", Arazzo: "Flows"}},
		},
		{
			name:    "declared openapi, content arazzo",
			sources: "  - name: flows\n    url: flows.yaml\n    type: openapi\n",
			files:   map[string]string{"flows.yaml": arazzoDoc("Flows", "  - name: api\n    url: api.yaml\n"), "api.yaml": openapiDoc},
			want: []loadDiag{{
				Rule: "source-type-mismatch", File: "main.yaml", Pos: "8:11", Pointer: "/sourceDescriptions/0/type",
				Message: `source "flows" is declared as type "openapi", but /flows.yaml is an Arazzo document`,
				Hint:    `Set type to "arazzo", or point url at an OpenAPI description.`,
			}},
			wantSources: []sourceSummary{{Name: "flows", URL: "/flows.yaml", Kind: "arazzo", Arazzo: "Flows"}},
		},
		{
			name:    "declared arazzo, content openapi",
			sources: "  - name: api\n    url: api.yaml\n    type: arazzo\n",
			files:   map[string]string{"api.yaml": openapiDoc},
			want: []loadDiag{{
				Rule: "source-type-mismatch", File: "main.yaml", Pos: "8:11", Pointer: "/sourceDescriptions/0/type",
				Message: `source "api" is declared as type "arazzo", but /api.yaml is an OpenAPI description`,
				Hint:    `Set type to "openapi", or point url at an Arazzo document.`,
			}},
			wantSources: []sourceSummary{{Name: "api", URL: "/api.yaml", Kind: "openapi", OpenAPI: "API"}},
		},
		{
			name:    "missing file",
			sources: "  - name: api\n    url: nowhere/api.yaml\n    type: openapi\n",
			want: []loadDiag{{
				Rule: "source-unreachable", File: "main.yaml", Pos: "7:10", Pointer: "/sourceDescriptions/0/url",
				Message: `source "api" cannot be loaded: /nowhere/api.yaml: file does not exist`,
			}},
			wantSources: []sourceSummary{{Name: "api", URL: "/nowhere/api.yaml", Kind: "openapi",
				Err: "/nowhere/api.yaml: file does not exist"}},
		},
		{
			name:    "unknown format",
			sources: "  - name: what\n    url: what.yaml\n",
			files:   map[string]string{"what.yaml": "title: not an API description\n"},
			want: []loadDiag{{
				Rule: "source-unsupported", File: "main.yaml", Pos: "7:10", Pointer: "/sourceDescriptions/0/url",
				Message: `source "what" (/what.yaml) is neither an OpenAPI description nor an Arazzo document: its root has no "openapi", "swagger" or "arazzo" field`,
			}},
			wantSources: []sourceSummary{{Name: "what", URL: "/what.yaml",
				Err: "the document is neither an OpenAPI description nor an Arazzo document"}},
		},
		{
			name:    "AsyncAPI",
			sources: "  - name: events\n    url: events.yaml\n",
			files:   map[string]string{"events.yaml": "asyncapi: 3.0.0\ninfo: {title: Events, version: '1'}\n"},
			want: []loadDiag{{
				Rule: "source-unsupported", File: "main.yaml", Pos: "7:10", Pointer: "/sourceDescriptions/0/url",
				Message: `source "events" (/events.yaml) is an AsyncAPI document, which Arazzo workflows cannot use`,
			}},
			wantSources: []sourceSummary{{Name: "events", URL: "/events.yaml",
				Err: "the document is neither an OpenAPI description nor an Arazzo document"}},
		},
		{
			name:    "OpenAPI 3.2",
			sources: "  - name: api\n    url: api.yaml\n",
			files:   map[string]string{"api.yaml": "openapi: 3.2.0\ninfo: {title: API, version: '1'}\npaths: {}\n"},
			want: []loadDiag{{
				Rule: "source-unsupported", File: "main.yaml", Pos: "7:10", Pointer: "/sourceDescriptions/0/url",
				Message: `source "api" (/api.yaml) cannot be used: unsupported OpenAPI version "3.2.0": supported versions are 3.0.x and 3.1.x`,
			}},
			wantSources: []sourceSummary{{Name: "api", URL: "/api.yaml",
				Err: `unsupported OpenAPI version "3.2.0": supported versions are 3.0.x and 3.1.x`}},
		},
		{
			name:    "invalid OpenAPI",
			sources: "  - name: api\n    url: api.yaml\n",
			files: map[string]string{"api.yaml": "openapi: 3.0.0\ninfo: {title: API, version: '1'}\npaths:\n" +
				"  /a:\n    get:\n      parameters: [{$ref: '#/components/parameters/Nope'}]\n      responses: {'200': {description: ok}}\n"},
			want: []loadDiag{{
				Rule: "source-invalid", File: "main.yaml", Pos: "7:10", Pointer: "/sourceDescriptions/0/url",
				Message: "source \"api\" (/api.yaml) is not a valid OpenAPI description: invalid OpenAPI description: component `#/components/parameters/Nope` does not exist in the specification",
			}},
			wantSources: []sourceSummary{{Name: "api", URL: "/api.yaml",
				Err: "invalid OpenAPI description: component `#/components/parameters/Nope` does not exist in the specification"}},
		},
		{
			name:    "unreadable YAML",
			sources: "  - name: api\n    url: api.yaml\n    type: openapi\n",
			files:   map[string]string{"api.yaml": "openapi: [3.0.0\n"},
			want: []loadDiag{{
				Rule: "source-invalid", File: "main.yaml", Pos: "7:10", Pointer: "/sourceDescriptions/0/url",
				Message: "source \"api\" (/api.yaml) cannot be read: invalid YAML: go-yaml load error in parser (while parsing a flow sequence) at L1.C10-L2.C1: did not find expected ',' or ']'",
			}},
			wantSources: []sourceSummary{{Name: "api", URL: "/api.yaml", Kind: "openapi",
				Err: "invalid YAML: go-yaml load error in parser (while parsing a flow sequence) at L1.C10-L2.C1: did not find expected ',' or ']'"}},
		},
		{
			name:    "invalid Arazzo source reports its own diagnostics too",
			sources: "  - name: flows\n    url: flows.yaml\n    type: arazzo\n",
			files:   map[string]string{"flows.yaml": "arazzo: 1.0.1\ninfo: [\n"},
			want: []loadDiag{
				{
					Rule: "source-invalid", File: "main.yaml", Pos: "7:10", Pointer: "/sourceDescriptions/0/url",
					Message: `source "flows" (/flows.yaml) is not a valid Arazzo document: ` + parseError(t, "arazzo: 1.0.1\ninfo: [\n"),
				},
				parseDiag(t, "arazzo: 1.0.1\ninfo: [\n", "flows.yaml"),
			},
			wantSources: []sourceSummary{{Name: "flows", URL: "/flows.yaml", Kind: "arazzo",
				Err: parseErr(t, "arazzo: 1.0.1\ninfo: [\n", "flows.yaml")}},
		},
		{
			name:    "both openapi and arazzo at the root",
			sources: "  - name: odd\n    url: odd.yaml\n",
			files:   map[string]string{"odd.yaml": "openapi: 3.1.0\narazzo: 1.0.1\ninfo: {title: Odd, version: '1'}\n"},
			want: []loadDiag{{
				Rule: "source-unsupported", File: "main.yaml", Pos: "7:10", Pointer: "/sourceDescriptions/0/url",
				Message: `source "odd" (/odd.yaml) is ambiguous: its root has the fields ["openapi" "arazzo"]`,
				Hint:    "Set the source description's type to say which kind of document it is.",
			}},
			wantSources: []sourceSummary{{Name: "odd", URL: "/odd.yaml", Err: "the document's kind is ambiguous"}},
		},
		{
			name:        "both openapi and arazzo at the root, type decides",
			sources:     "  - name: odd\n    url: odd.yaml\n    type: openapi\n",
			files:       map[string]string{"odd.yaml": "openapi: 3.1.0\narazzo: 1.0.1\ninfo: {title: Odd, version: '1'}\npaths: {}\n"},
			wantSources: []sourceSummary{{Name: "odd", URL: "/odd.yaml", Kind: "openapi", OpenAPI: "Odd"}},
		},
		{
			name:    "invalid url",
			sources: "  - name: api\n    url: 'http://[::1'\n",
			want: []loadDiag{{
				Rule: "source-unreachable", File: "main.yaml", Pos: "7:10", Pointer: "/sourceDescriptions/0/url",
				Message: `source "api" has an invalid url: missing ']' in host`,
				Hint:    `Write the url as a URI reference, such as "openapi.yaml" or "https://example.com/openapi.yaml".`,
			}},
			wantSources: []sourceSummary{{Name: "api", Err: `parse "http://[::1": missing ']' in host`}},
		},
		{
			name:    "scheme the loader refuses",
			sources: "  - name: api\n    url: https://example.com/api.yaml\n",
			want: []loadDiag{{
				Rule: "source-unreachable", File: "main.yaml", Pos: "7:10", Pointer: "/sourceDescriptions/0/url",
				Message: `source "api" cannot be loaded: https://example.com/api.yaml: the file system loader reads paths inside its file system only`,
			}},
			wantSources: []sourceSummary{{Name: "api", URL: "https://example.com/api.yaml",
				Err: "https://example.com/api.yaml: the file system loader reads paths inside its file system only"}},
		},
		{
			name:        "missing url is left to the parser",
			sources:     "  - name: api\n    type: openapi\n",
			wantSources: []sourceSummary{{Name: "api", Kind: "openapi", Err: "the source description has no url"}},
		},
		{
			name:    "same document twice, failure reported at each use",
			sources: "  - name: a\n    url: gone.yaml\n  - name: b\n    url: ./gone.yaml#/ignored\n",
			want: []loadDiag{
				{
					Rule: "source-unreachable", File: "main.yaml", Pos: "7:10", Pointer: "/sourceDescriptions/0/url",
					Message: `source "a" cannot be loaded: /gone.yaml: file does not exist`,
				},
				{
					Rule: "source-unreachable", File: "main.yaml", Pos: "9:10", Pointer: "/sourceDescriptions/1/url",
					Message: `source "b" cannot be loaded: /gone.yaml: file does not exist`,
				},
			},
			wantSources: []sourceSummary{
				{Name: "a", URL: "/gone.yaml", Err: "/gone.yaml: file does not exist"},
				{Name: "b", URL: "/gone.yaml", Err: "/gone.yaml: file does not exist"},
			},
		},
		{
			name:    "failures in a nested Arazzo document are reported there",
			sources: "  - name: flows\n    url: sub/flows.yaml\n",
			files:   map[string]string{"sub/flows.yaml": arazzoDoc("Flows", "  - name: api\n    url: api.yaml\n")},
			want: []loadDiag{{
				Rule: "source-unreachable", File: "sub/flows.yaml", Pos: "7:10", Pointer: "/sourceDescriptions/0/url",
				Message: `source "api" cannot be loaded: /sub/api.yaml: file does not exist`,
			}},
			wantSources: []sourceSummary{{Name: "flows", URL: "/sub/flows.yaml", Kind: "arazzo", Arazzo: "Flows"}},
		},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		if seen[tt.name] {
			t.Fatalf("duplicate test name %q", tt.name)
		}
		seen[tt.name] = true
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for name, text := range tt.files {
				fsys[name] = &fstest.MapFile{Data: []byte(text)}
			}
			doc := mustParse(t, []byte(arazzoDoc("Main", tt.sources)), "main.yaml")
			b, ds := Load(context.Background(), doc, UseLoader(FSLoader(fsys)))
			if diff := cmp.Diff(tt.want, loadDiags(ds)); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantSources, summarize(b.Sources(doc))); diff != "" {
				t.Errorf("sources (-want +got):\n%s", diff)
			}
		})
	}
}

// parseDiag returns the first error Parse reports for text, as Load
// passes it on.
func parseDiag(t *testing.T, text, name string) loadDiag {
	t.Helper()
	_, ds := Parse([]byte(text), Filename(name))
	if !ds.HasErrors() {
		t.Fatalf("Parse(%q) reported no error", text)
	}
	return loadDiags(ds.Errors()[:1])[0]
}

func parseError(t *testing.T, text string) string {
	t.Helper()
	_, ds := Parse([]byte(text))
	if !ds.HasErrors() {
		t.Fatalf("Parse(%q) reported no error", text)
	}
	return ds.Errors()[0].Message
}

func parseErr(t *testing.T, text, name string) string {
	t.Helper()
	_, ds := Parse([]byte(text), Filename(name))
	return ds.Err().Error()
}

func TestLoadOverHTTP(t *testing.T) {
	mux := http.NewServeMux()
	var mu sync.Mutex
	hits := map[string]int{}
	serve := func(path, body string) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			hits[r.URL.Path]++
			mu.Unlock()
			fmt.Fprint(w, body)
		})
	}
	serve("/specs/api.yaml", openapiDoc)
	serve("/flows/flows.yaml", arazzoDoc("Flows", "  - name: api\n    url: /specs/api.yaml\n  - name: back\n    url: ../main.yaml\n"))
	serve("/main.yaml", arazzoDoc("Main", "  - name: flows\n    url: flows/flows.yaml\n  - name: api\n    url: specs/api.yaml?v=1\n  - name: api2\n    url: specs/api.yaml\n"))
	serve("/evil.yaml", arazzoDoc("Evil", "  - name: local\n    url: file:///etc/passwd\n  - name: relative\n    url: specs/api.yaml\n"))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	loader := DefaultLoader(HTTPClient(srv.Client()))

	t.Run("relative urls against an http base", func(t *testing.T) {
		data, err := loader.Load(context.Background(), srv.URL+"/main.yaml")
		if err != nil {
			t.Fatal(err)
		}
		doc := mustParse(t, data, srv.URL+"/main.yaml")
		b, ds := Load(context.Background(), doc, UseLoader(loader))
		if len(ds) > 0 {
			t.Fatalf("unexpected diagnostics: %v", ds)
		}
		want := []sourceSummary{
			{Name: "flows", URL: srv.URL + "/flows/flows.yaml", Kind: "arazzo", Arazzo: "Flows"},
			{Name: "api", URL: srv.URL + "/specs/api.yaml?v=1", Kind: "openapi", OpenAPI: "API"},
			{Name: "api2", URL: srv.URL + "/specs/api.yaml", Kind: "openapi", OpenAPI: "API"},
		}
		if diff := cmp.Diff(want, summarize(b.Sources(doc))); diff != "" {
			t.Errorf("sources (-want +got):\n%s", diff)
		}
		flows := b.Source(doc, "flows").Document
		if flows.File() != srv.URL+"/flows/flows.yaml" {
			t.Errorf("flows File() = %q", flows.File())
		}
		wantFlows := []sourceSummary{
			{Name: "api", URL: srv.URL + "/specs/api.yaml", Kind: "openapi", OpenAPI: "API"},
			{Name: "back", URL: srv.URL + "/main.yaml", Kind: "arazzo", Arazzo: "Main"},
		}
		if diff := cmp.Diff(wantFlows, summarize(b.Sources(flows))); diff != "" {
			t.Errorf("flows sources (-want +got):\n%s", diff)
		}
		if b.Source(flows, "back").Document != doc {
			t.Errorf("the cycle back to main.yaml does not end at the entry document")
		}
		if b.Source(flows, "api").OpenAPI() != b.Source(doc, "api2").OpenAPI() {
			t.Errorf("specs/api.yaml was loaded twice")
		}
		// AMB-54: the OpenAPI location is its URL, so a description without
		// servers gets "/" on its own host.
		if got, want := b.Source(doc, "api2").OpenAPI().Servers()[0].URL, srv.URL+"/"; got != want {
			t.Errorf("server URL = %q; want %q", got, want)
		}
		mu.Lock()
		defer mu.Unlock()
		wantHits := map[string]int{"/main.yaml": 1, "/flows/flows.yaml": 1, "/specs/api.yaml": 2}
		if diff := cmp.Diff(wantHits, hits); diff != "" {
			t.Errorf("requests (-want +got):\n%s", diff)
		}
	})

	t.Run("a remote document may not name a local file", func(t *testing.T) {
		data, err := loader.Load(context.Background(), srv.URL+"/evil.yaml")
		if err != nil {
			t.Fatal(err)
		}
		doc := mustParse(t, data, "evil.yaml")
		b, ds := Load(context.Background(), doc, UseLoader(loader), BaseURI(srv.URL+"/evil.yaml"))
		want := []loadDiag{{
			Rule: "source-unreachable", File: "evil.yaml", Pos: "7:10", Pointer: "/sourceDescriptions/0/url",
			Message: `source "local" refers to file:///etc/passwd, a local document, from ` + srv.URL + `/evil.yaml, a remote one; that is not allowed`,
		}}
		if diff := cmp.Diff(want, loadDiags(ds)); diff != "" {
			t.Errorf("diagnostics (-want +got):\n%s", diff)
		}
		if got := b.Source(doc, "relative").URL; got != srv.URL+"/specs/api.yaml" {
			t.Errorf("BaseURI was not used: relative source URL = %q", got)
		}
	})

	t.Run("404", func(t *testing.T) {
		doc := mustParse(t, []byte(arazzoDoc("Main", "  - name: api\n    url: "+srv.URL+"/nothing.yaml\n")), "main.yaml")
		_, ds := Load(context.Background(), doc, UseLoader(loader))
		want := []loadDiag{{
			Rule: "source-unreachable", File: "main.yaml", Pos: "7:10", Pointer: "/sourceDescriptions/0/url",
			Message: `source "api" cannot be loaded: ` + srv.URL + `/nothing.yaml: HTTP status 404 Not Found`,
		}}
		if diff := cmp.Diff(want, loadDiags(ds)); diff != "" {
			t.Errorf("diagnostics (-want +got):\n%s", diff)
		}
	})
}

func TestLoadBaseURI(t *testing.T) {
	fsys := fstest.MapFS{
		"a/b/api.yaml": {Data: []byte(openapiDoc)},
		"api.yaml":     {Data: []byte(openapiDoc)},
	}
	tests := []struct {
		name    string
		file    string
		opts    []LoadOption
		wantURL string
	}{
		{name: "FSLoader takes File as a path", file: "a/b/main.yaml", wantURL: "/a/b/api.yaml"},
		{name: "FSLoader with a rooted File", file: "/a/b/main.yaml", wantURL: "/a/b/api.yaml"},
		{name: "FSLoader without a File resolves at the root", file: "", wantURL: "/api.yaml"},
		{name: "BaseURI wins over File", file: "elsewhere/main.yaml", opts: []LoadOption{BaseURI("a/b/c.yaml")}, wantURL: "/a/b/api.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := mustParse(t, []byte(arazzoDoc("Main", "  - name: api\n    url: api.yaml\n")), tt.file)
			b, ds := Load(context.Background(), doc, append([]LoadOption{UseLoader(FSLoader(fsys))}, tt.opts...)...)
			if len(ds) > 0 {
				t.Fatalf("unexpected diagnostics: %v", ds)
			}
			if got := b.Source(doc, "api").URL; got != tt.wantURL {
				t.Errorf("URL = %q; want %q", got, tt.wantURL)
			}
		})
	}
}

func TestLoadDefaultBase(t *testing.T) {
	// Without a file name or BaseURI, the default loader resolves against
	// the working directory (the package directory under go test).
	doc := mustParse(t, []byte(arazzoDoc("Main", "  - name: api\n    url: testdata/load/openapi/petstore.yaml\n")), "")
	b, ds := Load(context.Background(), doc)
	if len(ds) > 0 {
		t.Fatalf("unexpected diagnostics: %v", ds)
	}
	abs, err := filepath.Abs(filepath.Join("testdata", "load", "openapi", "petstore.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := b.Source(doc, "api").URL, fileURI(abs); got != want {
		t.Errorf("URL = %q; want %q", got, want)
	}
}

func TestLoadInvalidArguments(t *testing.T) {
	doc := mustParse(t, []byte(arazzoDoc("Main", "  - name: api\n    url: api.yaml\n")), "main.yaml")
	tests := []struct {
		name string
		doc  *Document
		opts []LoadOption
		want []string
	}{
		{name: "nil document", doc: nil, want: []string{"invalid Load argument: the document is nil"}},
		{name: "nil loader", doc: doc, opts: []LoadOption{UseLoader(nil)},
			want: []string{"invalid Load argument: UseLoader(nil): the loader must not be nil"}},
		{name: "bad base URI", doc: doc, opts: []LoadOption{BaseURI("http://[::1/x")},
			want: []string{`invalid base URI "http://[::1/x": parse "http://[::1/x": missing ']' in host`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, ds := Load(context.Background(), tt.doc, tt.opts...)
			var got []string
			for _, d := range ds {
				if d.Rule != "invalid-option" || d.Severity != SeverityError {
					t.Errorf("diagnostic %v: want an invalid-option error", d)
				}
				got = append(got, d.Message)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("messages (-want +got):\n%s", diff)
			}
			if (b == nil) != (tt.doc == nil) {
				t.Errorf("bundle = %v; want nil only for a nil document", b)
			}
			if b != nil && (b.Entry != tt.doc || len(b.Documents()) != 1) {
				t.Errorf("bundle does not hold just the entry document")
			}
		})
	}
}

// memURI is the URI prefix of the documents of gateLoader.
const memURI = "mem:///"

// gateLoader answers each Load call only when the test releases it, so a
// test can finish loads in any order it likes.
type gateLoader struct {
	files   map[string]string
	arrived chan string
	mu      sync.Mutex
	gates   map[string]chan struct{}
	calls   map[string]int
}

func newGateLoader(files map[string]string) *gateLoader {
	g := &gateLoader{files: files, arrived: make(chan string, 100), gates: map[string]chan struct{}{}, calls: map[string]int{}}
	for name := range files {
		g.gates[memURI+name] = make(chan struct{})
	}
	return g
}

func (g *gateLoader) Load(ctx context.Context, uri string) ([]byte, error) {
	g.mu.Lock()
	g.calls[uri]++
	gate := g.gates[uri]
	g.mu.Unlock()
	g.arrived <- uri
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	text, ok := g.files[strings.TrimPrefix(uri, memURI)]
	if !ok || text == "" {
		return nil, &LoadError{URI: uri, Err: fs.ErrNotExist}
	}
	return []byte(text), nil
}

func TestLoadOrderDoesNotDependOnTiming(t *testing.T) {
	// Five sources, four of them broken; the loads finish in reverse order,
	// yet the diagnostics follow the document.
	files := map[string]string{"s0.yaml": openapiDoc, "s1.yaml": swaggerDoc, "s2.yaml": "", "s3.yaml": "x: 1\n", "s4.yaml": "openapi: 9.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n"}
	var sources strings.Builder
	for i := range 5 {
		fmt.Fprintf(&sources, "  - name: s%d\n    url: s%d.yaml\n", i, i)
	}
	doc := mustParse(t, []byte(arazzoDoc("Main", sources.String())), "main.yaml")
	g := newGateLoader(files)
	done := make(chan struct{})
	var ds Diagnostics
	go func() {
		defer close(done)
		_, ds = Load(context.Background(), doc, UseLoader(g), BaseURI(memURI+"main.yaml"))
	}()
	var arrived []string
	for range 5 {
		arrived = append(arrived, <-g.arrived)
	}
	slices.Sort(arrived)
	for i := len(arrived) - 1; i >= 0; i-- {
		close(g.gates[arrived[i]])
	}
	<-done
	var got []string
	for _, d := range ds {
		got = append(got, d.Pointer+" "+d.Rule)
	}
	want := []string{
		"/sourceDescriptions/1/url source-unsupported",
		"/sourceDescriptions/2/url source-unreachable",
		"/sourceDescriptions/3/url source-unsupported",
		"/sourceDescriptions/4/url source-unsupported",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
}

func TestLoadFetchesEachDocumentOnce(t *testing.T) {
	// Many documents naming each other: every one is fetched exactly once,
	// concurrently.
	const n = 20
	files := map[string]string{"api.yaml": openapiDoc}
	for i := range n {
		var sources strings.Builder
		for j := range n {
			fmt.Fprintf(&sources, "  - name: d%d\n    url: d%d.yaml\n", j, j)
		}
		sources.WriteString("  - name: api\n    url: api.yaml\n")
		files[fmt.Sprintf("d%d.yaml", i)] = arazzoDoc(fmt.Sprintf("D%d", i), sources.String())
	}
	g := newGateLoader(files)
	for _, gate := range g.gates {
		close(gate)
	}
	go func() {
		for range g.arrived {
		}
	}()
	defer close(g.arrived)
	doc := mustParse(t, []byte(files["d0.yaml"]), "d0.yaml")
	b, ds := Load(context.Background(), doc, UseLoader(g), BaseURI(memURI+"d0.yaml"))
	if len(ds) > 0 {
		t.Fatalf("unexpected diagnostics: %v", ds)
	}
	if got := len(b.Documents()); got != n {
		t.Errorf("%d documents; want %d", got, n)
	}
	for _, d := range b.Documents()[1:] {
		if got := b.Source(d, "d0").Document; got != doc {
			t.Errorf("%s: d0 is not the entry document", d.Info.Title)
		}
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	for uri, c := range g.calls {
		if c != 1 {
			t.Errorf("%s fetched %d times", uri, c)
		}
	}
	if _, ok := g.calls[memURI+"d0.yaml"]; ok {
		t.Errorf("the entry document was fetched again")
	}
	if len(g.calls) != n { // d1..d19 and api.yaml
		t.Errorf("%d documents fetched; want %d", len(g.calls), n)
	}
}

func TestLoadCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	doc := mustParse(t, []byte(arazzoDoc("Main", "  - name: api\n    url: api.yaml\n")), "main.yaml")
	b, ds := Load(ctx, doc, UseLoader(FSLoader(fstest.MapFS{"api.yaml": {Data: []byte(openapiDoc)}})))
	want := []loadDiag{{
		Rule: "source-unreachable", File: "main.yaml", Pos: "7:10", Pointer: "/sourceDescriptions/0/url",
		Message: `source "api" cannot be loaded: /api.yaml: context canceled`,
	}}
	if diff := cmp.Diff(want, loadDiags(ds)); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	if err := b.Source(doc, "api").Err; !errors.Is(err, context.Canceled) {
		t.Errorf("Err = %v; want context.Canceled", err)
	}
}

func TestLoadZenML(t *testing.T) {
	entries, err := fs.ReadDir(specs.FS, "zenml/arazzo")
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 12 {
		t.Fatalf("%d ZenML workflows; want 12", len(entries))
	}
	var api any
	for _, e := range entries {
		name := "zenml/arazzo/" + e.Name()
		t.Run(e.Name(), func(t *testing.T) {
			data, err := fs.ReadFile(specs.FS, name)
			if err != nil {
				t.Fatal(err)
			}
			doc, pds := Parse(data, Filename(name))
			if doc == nil {
				t.Fatal(pds)
			}
			b, ds := Load(context.Background(), doc, UseLoader(FSLoader(specs.FS)))
			if len(ds) > 0 {
				t.Fatalf("unexpected diagnostics: %v", ds)
			}
			want := []sourceSummary{{Name: "zenmlApi", URL: "/zenml/openapi/zenml-openapi.yml", Kind: "openapi", OpenAPI: "ZenML OSS REST API"}}
			if diff := cmp.Diff(want, summarize(b.Sources(doc))); diff != "" {
				t.Errorf("sources (-want +got):\n%s", diff)
			}
			oapi := b.Source(doc, "zenmlApi").OpenAPI()
			for _, wf := range doc.Workflows {
				for _, st := range wf.Steps {
					if st.OperationID == "" {
						continue
					}
					if _, ok := oapi.OperationByID(st.OperationID); !ok {
						t.Errorf("step %s: operation %q not in the OpenAPI index", st.StepID, st.OperationID)
					}
				}
			}
			if name == specs.Golden {
				api = oapi
			}
		})
	}
	if api == nil {
		t.Errorf("the golden workflow %s was not loaded", specs.Golden)
	}
}

func TestDefaultLoaderFiles(t *testing.T) {
	petstore := filepath.Join("testdata", "load", "openapi", "petstore.yaml")
	abs, err := filepath.Abs(petstore)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Dir(abs)
	want, err := os.ReadFile(petstore)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		loader  Loader
		uri     string
		wantErr string
		is      error
	}{
		{name: "relative path", loader: DefaultLoader(), uri: petstore},
		{name: "absolute path", loader: DefaultLoader(), uri: abs},
		{name: "file URI", loader: DefaultLoader(), uri: fileURI(abs)},
		{name: "file URI on localhost", loader: DefaultLoader(), uri: "file://localhost" + strings.TrimPrefix(fileURI(abs), "file://")},
		{
			name: "missing file", loader: DefaultLoader(), uri: fileURI(filepath.Join(dir, "missing.yaml")),
			wantErr: fileURI(filepath.Join(dir, "missing.yaml")) + ": no such file or directory", is: fs.ErrNotExist,
		},
		{
			name: "directory", loader: DefaultLoader(), uri: fileURI(dir),
			wantErr: fileURI(dir) + ": is a directory",
		},
		{
			name: "file over the size limit", loader: DefaultLoader(MaxDocumentSize(100)), uri: petstore,
			wantErr: petstore + ": larger than the 100-byte size limit",
		},
		{
			name: "file on another host", loader: DefaultLoader(), uri: "file://example.com/x.yaml",
			wantErr: `file://example.com/x.yaml: file URIs on other hosts ("example.com") are not supported`,
		},
		{
			name: "relative file URI", loader: DefaultLoader(), uri: "file:x.yaml",
			wantErr: "file:x.yaml: a file URI must have an absolute path, as in file:///dir/file.yaml",
		},
		{
			name: "unsupported scheme", loader: DefaultLoader(), uri: "ftp://example.com/x.yaml",
			wantErr: `ftp://example.com/x.yaml: unsupported URI scheme "ftp"; the default loader reads file, http and https URIs`,
		},
		{
			name: "invalid options", loader: DefaultLoader(HTTPTimeout(0), MaxDocumentSize(-1), HTTPClient(nil)), uri: petstore,
			wantErr: petstore + ": invalid loader option HTTPTimeout(0s): the timeout must be positive; MaxDocumentSize(-1): the limit must be positive; HTTPClient(nil): the client must not be nil",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.loader.Load(context.Background(), tt.uri)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("Load returned %d bytes; want the %d bytes of %s", len(got), len(want), petstore)
				}
				return
			}
			if err == nil {
				t.Fatalf("Load(%q) succeeded; want error %q", tt.uri, tt.wantErr)
			}
			if err.Error() != tt.wantErr {
				t.Errorf("error:\n got %s\nwant %s", err, tt.wantErr)
			}
			var le *LoadError
			if !errors.As(err, &le) || le.URI != tt.uri {
				t.Errorf("error is not a *LoadError for %q: %#v", tt.uri, err)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("errors.Is(err, %v) = false", tt.is)
			}
		})
	}
}

func TestDefaultLoaderHTTP(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	mux := http.NewServeMux()
	mux.HandleFunc("/ok.yaml", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			t.Errorf("method %s; want GET", r.Method)
		}
		fmt.Fprint(w, openapiDoc)
	})
	mux.HandleFunc("/big.yaml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "2048")
		w.Write(bytes.Repeat([]byte("#"), 2048))
	})
	mux.HandleFunc("/big-chunked.yaml", func(w http.ResponseWriter, r *http.Request) {
		for range 4 {
			w.Write(bytes.Repeat([]byte("#"), 512))
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/hang.yaml", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/hang-body.yaml", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("openapi: 3.1.0\n"))
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/error.yaml", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "boom", http.StatusInternalServerError)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	client := srv.Client()
	tests := []struct {
		name    string
		loader  Loader
		path    string
		wantErr string
		is      error
	}{
		{name: "ok", loader: DefaultLoader(HTTPClient(client)), path: "/ok.yaml"},
		{name: "404", loader: DefaultLoader(HTTPClient(client)), path: "/missing.yaml", wantErr: "HTTP status 404 Not Found"},
		{name: "500", loader: DefaultLoader(HTTPClient(client)), path: "/error.yaml", wantErr: "HTTP status 500 Internal Server Error"},
		{
			name: "declared length over the limit", loader: DefaultLoader(HTTPClient(client), MaxDocumentSize(1024)),
			path: "/big.yaml", wantErr: "larger than the 1 KiB size limit",
		},
		{
			name: "streamed body over the limit", loader: DefaultLoader(HTTPClient(client), MaxDocumentSize(1024)),
			path: "/big-chunked.yaml", wantErr: "larger than the 1 KiB size limit",
		},
		{
			name: "no response in time", loader: DefaultLoader(HTTPClient(client), HTTPTimeout(20*time.Millisecond)),
			path: "/hang.yaml", wantErr: "no complete response within 20ms", is: context.DeadlineExceeded,
		},
		{
			name: "body not finished in time", loader: DefaultLoader(HTTPClient(client), HTTPTimeout(20*time.Millisecond)),
			path: "/hang-body.yaml", wantErr: "no complete response within 20ms", is: context.DeadlineExceeded,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			uri := srv.URL + tt.path
			got, err := tt.loader.Load(context.Background(), uri)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if string(got) != openapiDoc {
					t.Errorf("body = %q", got)
				}
				return
			}
			if err == nil {
				t.Fatalf("Load succeeded; want error %q", tt.wantErr)
			}
			if want := uri + ": " + tt.wantErr; err.Error() != want {
				t.Errorf("error:\n got %s\nwant %s", err, want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("errors.Is(err, %v) = false", tt.is)
			}
		})
	}

	t.Run("caller cancels", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		errc := make(chan error, 1)
		arrived := make(chan struct{})
		mux.HandleFunc("/wait.yaml", func(w http.ResponseWriter, r *http.Request) {
			close(arrived)
			<-r.Context().Done()
		})
		go func() {
			_, err := DefaultLoader(HTTPClient(client)).Load(ctx, srv.URL+"/wait.yaml")
			errc <- err
		}()
		<-arrived
		cancel()
		err := <-errc
		if want := srv.URL + "/wait.yaml: context canceled"; err == nil || err.Error() != want {
			t.Errorf("error = %v; want %s", err, want)
		}
		if !errors.Is(err, context.Canceled) {
			t.Errorf("errors.Is(err, context.Canceled) = false")
		}
	})
}

func TestFSLoader(t *testing.T) {
	fsys := fstest.MapFS{
		"specs/api.yaml": {Data: []byte(openapiDoc)},
		"big.yaml":       {Data: bytes.Repeat([]byte("#"), DefaultMaxDocumentSize+1)},
	}
	tests := []struct {
		uri     string
		wantErr string
	}{
		{uri: "/specs/api.yaml"},
		{uri: "specs/api.yaml"},
		{uri: "file:///specs/api.yaml"},
		{uri: "/specs/../specs/./api.yaml"},
		{uri: "/../specs/api.yaml"}, // cleaned at the root, as URI resolution does
		{uri: "/specs/missing.yaml", wantErr: "/specs/missing.yaml: file does not exist"},
		{uri: "/specs", wantErr: "/specs: is a directory"},
		{uri: "/big.yaml", wantErr: "/big.yaml: larger than the 10 MiB size limit"},
		{uri: "https://example.com/specs/api.yaml", wantErr: "https://example.com/specs/api.yaml: the file system loader reads paths inside its file system only"},
		{uri: "file://host/specs/api.yaml", wantErr: "file://host/specs/api.yaml: the file system loader reads paths inside its file system only"},
		{uri: "%zz", wantErr: `%zz: invalid URI: invalid URL escape "%zz"`},
	}
	l := FSLoader(fsys)
	for _, tt := range tests {
		t.Run(tt.uri, func(t *testing.T) {
			got, err := l.Load(context.Background(), tt.uri)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if string(got) != openapiDoc {
					t.Errorf("body = %q", got)
				}
				return
			}
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("error = %v; want %s", err, tt.wantErr)
			}
		})
	}
}

func TestIsFilePath(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"openapi.yaml", true},
		{"../openapi.yaml", true},
		{"/srv/openapi.yaml", true},
		{`C:\specs\openapi.yaml`, true},
		{"C:/specs/openapi.yaml", true},
		{"dir/a:b.yaml", true},
		{"1http://x", true},
		{"file:///srv/openapi.yaml", false},
		{"https://example.com/x", false},
		{"mem:///x", false},
		{"svn+ssh://host/x", false},
	}
	for _, tt := range tests {
		if got := isFilePath(tt.s); got != tt.want {
			t.Errorf("isFilePath(%q) = %v; want %v", tt.s, got, tt.want)
		}
	}
}

func ExampleLoad() {
	fsys := fstest.MapFS{
		"flows/pets.arazzo.yaml": {Data: []byte(`arazzo: 1.0.1
info: {title: Pets, version: 1.0.0}
sourceDescriptions:
  - name: petstore
    url: ../openapi/petstore.yaml
  - name: missing
    url: ../openapi/missing.yaml
    type: openapi
workflows:
  - workflowId: list
    steps:
      - stepId: list
        operationId: listPets
`)},
		"openapi/petstore.yaml": {Data: []byte(`openapi: 3.1.0
info: {title: Pet Store, version: 1.0.0}
paths:
  /pets:
    get:
      operationId: listPets
      responses: {'200': {description: A page of pets}}
`)},
	}
	data, err := fs.ReadFile(fsys, "flows/pets.arazzo.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	doc, diags := Parse(data, Filename("flows/pets.arazzo.yaml"))
	if diags.HasErrors() {
		fmt.Println(diags.Err())
		return
	}
	bundle, diags := Load(context.Background(), doc, UseLoader(FSLoader(fsys)))
	for _, src := range bundle.Sources(doc) {
		fmt.Printf("%s: %s at %s, loaded: %v\n", src.Name, src.Kind, src.URL, src.Err == nil)
	}
	for _, d := range diags {
		fmt.Println(d)
	}
	// Output:
	// petstore: openapi at /openapi/petstore.yaml, loaded: true
	// missing: openapi at /openapi/missing.yaml, loaded: false
	// flows/pets.arazzo.yaml:7:10: error[source-unreachable]: source "missing" cannot be loaded: /openapi/missing.yaml: file does not exist
}

func ExampleDefaultLoader() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "openapi: 3.1.0\ninfo: {title: Remote, version: '1'}\npaths: {}\n")
	}))
	defer srv.Close()

	loader := DefaultLoader(
		HTTPClient(srv.Client()),
		HTTPTimeout(5*time.Second),
		MaxDocumentSize(1<<20),
	)
	data, err := loader.Load(context.Background(), srv.URL+"/openapi.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d bytes\n", len(data))

	_, err = loader.Load(context.Background(), "ftp://example.com/openapi.yaml")
	fmt.Println(err)
	// Output:
	// 61 bytes
	// ftp://example.com/openapi.yaml: unsupported URI scheme "ftp"; the default loader reads file, http and https URIs
}

func TestLoadDocumentBuiltInGo(t *testing.T) {
	// A document that did not come from Parse has no positions; Load still
	// names the field by pointer.
	doc := &Document{
		Arazzo: "1.0.1",
		SourceDescriptions: []*SourceDescription{
			{Name: "api", URL: "api.yaml", Type: SourceTypeOpenAPI},
			{Name: "gone", URL: "gone.yaml"},
		},
	}
	fsys := fstest.MapFS{"api.yaml": {Data: []byte(openapiDoc)}}
	b, ds := Load(context.Background(), doc, UseLoader(FSLoader(fsys)))
	want := []loadDiag{{
		Rule: "source-unreachable", Pos: "0:0", Pointer: "/sourceDescriptions/1/url",
		Message: `source "gone" cannot be loaded: /gone.yaml: file does not exist`,
	}}
	if diff := cmp.Diff(want, loadDiags(ds)); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	if api := b.Source(doc, "api").OpenAPI(); api == nil || api.Title() != "API" {
		t.Errorf("the OpenAPI source was not loaded")
	}
}
