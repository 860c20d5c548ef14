package runtime_test

import (
	"context"
	"errors"
	"fmt"
	goruntime "runtime"
	"testing"
	"testing/fstest"
	"weak"

	"github.com/google/go-cmp/cmp"

	"github.com/arazzo-dev/arazzo/arazzo"
	"github.com/arazzo-dev/arazzo/runtime"
)

// bundleOpenAPI is the OpenAPI description of the bundle tests.
const bundleOpenAPI = `openapi: 3.1.0
info: {title: Pets, version: 1.0.0}
paths:
  /pets:
    get:
      operationId: listPets
      responses: {'200': {description: ok}}
`

// loadBundle parses main.yaml of fsys and loads it through fsys.
func loadBundle(t *testing.T, fsys fstest.MapFS) (*arazzo.Document, *arazzo.Bundle, arazzo.Diagnostics) {
	t.Helper()
	doc, ds := arazzo.Parse(fsys["main.yaml"].Data, arazzo.Filename("main.yaml"))
	if doc == nil || ds.HasErrors() {
		t.Fatalf("Parse: %v", ds)
	}
	b, lds := arazzo.Load(context.Background(), doc, arazzo.UseLoader(arazzo.FSLoader(fsys)))
	return doc, b, lds
}

// diagLines renders diagnostics for comparison.
func diagLines(ds arazzo.Diagnostics) []string {
	var out []string
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%s:%s: %s[%s]", d.File, d.Range.Start, d.Severity, d.Rule))
	}
	return out
}

// TestNewFromBundleRefusesLoadErrors checks that a bundle whose loading
// reported an error is refused even when every source loaded: here the
// source "flows" is declared as an Arazzo document but names an OpenAPI
// description (SRC-06, AMB-50), so the bundle's sources are all usable
// and only Load's diagnostic says the document is wrong.
func TestNewFromBundleRefusesLoadErrors(t *testing.T) {
	fsys := fstest.MapFS{
		"main.yaml": {Data: []byte(`arazzo: 1.0.1
info: {title: Pets, version: 1.0.0}
sourceDescriptions:
- {name: api, url: openapi.yaml, type: openapi}
- {name: flows, url: openapi.yaml, type: arazzo}
workflows:
- workflowId: list
  steps:
  - {stepId: list, operationId: $sourceDescriptions.api.listPets}
`)},
		"openapi.yaml": {Data: []byte(bundleOpenAPI)},
	}
	doc, b, lds := loadBundle(t, fsys)
	want := []string{"main.yaml:5:42: error[source-type-mismatch]"}
	if diff := cmp.Diff(want, diagLines(lds)); diff != "" {
		t.Fatalf("Load (-want +got):\n%s", diff)
	}
	for _, s := range b.Sources(doc) {
		if s.Err != nil {
			t.Fatalf("source %q did not load: %v", s.Name, s.Err)
		}
	}

	e, err := runtime.NewFromBundle(b, runtime.Server("api", "http://127.0.0.1:1"))
	var de *arazzo.DiagnosticsError
	if !errors.As(err, &de) {
		t.Fatalf("NewFromBundle = %v, %v; want an *arazzo.DiagnosticsError", e, err)
	}
	if diff := cmp.Diff(want, diagLines(de.Diagnostics)); diff != "" {
		t.Errorf("NewFromBundle diagnostics (-want +got):\n%s", diff)
	}

	_, err = runtime.New(doc, runtime.Loader(arazzo.FSLoader(fsys)), runtime.Server("api", "http://127.0.0.1:1"))
	if !errors.As(err, &de) {
		t.Fatalf("New error %v; want an *arazzo.DiagnosticsError", err)
	}
	if diff := cmp.Diff(want, diagLines(de.Diagnostics)); diff != "" {
		t.Errorf("New diagnostics (-want +got):\n%s", diff)
	}
}

// TestEngineKeepsLoadWarningsOnce checks that a warning found while
// loading (here, parsing an Arazzo source) reaches Engine.Diagnostics
// exactly once, from New and from NewFromBundle: the validator reports
// the bundle's diagnostics, and the engine does not add them again.
func TestEngineKeepsLoadWarningsOnce(t *testing.T) {
	fsys := fstest.MapFS{
		"main.yaml": {Data: []byte(`arazzo: 1.0.1
info: {title: Main, version: 1.0.0}
sourceDescriptions:
- {name: flows, url: flows.yaml}
workflows:
- workflowId: main
  steps:
  - {stepId: run, workflowId: $sourceDescriptions.flows.sub}
`)},
		"flows.yaml": {Data: []byte(`arazzo: 1.0.1
info: {title: Flows, version: 1.0.0}
sourceDescriptions:
- {name: api, url: openapi.yaml}
workflows:
- workflowId: sub
  steps:
  - stepId: list
    operationId: listPets
    onSuccess:
    - {reference: $components.successActions.done, note: ignored}
components:
  successActions:
    done: {name: done, type: end}
`)},
		"openapi.yaml": {Data: []byte(bundleOpenAPI)},
	}
	doc, b, lds := loadBundle(t, fsys)
	want := []string{"flows.yaml:11:52: warning[reusable-extra-field]"}
	if diff := cmp.Diff(want, diagLines(lds)); diff != "" {
		t.Fatalf("Load (-want +got):\n%s", diff)
	}
	fromBundle, err := runtime.NewFromBundle(b, runtime.Server("api", "http://127.0.0.1:1"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, diagLines(fromBundle.Diagnostics())); diff != "" {
		t.Errorf("NewFromBundle: Engine.Diagnostics (-want +got):\n%s", diff)
	}
	fromDoc, err := runtime.New(doc, runtime.Loader(arazzo.FSLoader(fsys)), runtime.Server("api", "http://127.0.0.1:1"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, diagLines(fromDoc.Diagnostics())); diff != "" {
		t.Errorf("New: Engine.Diagnostics (-want +got):\n%s", diff)
	}
}

// TestEngineReleasesSources checks that an engine keeps only its compiled
// plans: once the bundle is dropped, the OpenAPI description it was built
// from, which is far larger than the plans, can be collected while the
// engine lives on.
func TestEngineReleasesSources(t *testing.T) {
	fsys := fstest.MapFS{
		"main.yaml": {Data: []byte(`arazzo: 1.0.1
info: {title: Pets, version: 1.0.0}
sourceDescriptions:
- {name: api, url: openapi.yaml, type: openapi}
workflows:
- workflowId: list
  steps:
  - stepId: list
    operationId: listPets
`)},
		"openapi.yaml": {Data: []byte(bundleOpenAPI)},
	}
	_, b, ds := loadBundle(t, fsys)
	if ds.HasErrors() {
		t.Fatalf("Load: %v", ds)
	}
	index := weak.Make(b.Source(b.Entry, "api").OpenAPI().Model().Index)
	if index.Value() == nil {
		t.Fatal("the OpenAPI model has no index to watch")
	}
	e, err := runtime.NewFromBundle(b)
	if err != nil {
		t.Fatal(err)
	}
	b = nil
	for range 3 {
		goruntime.GC()
	}
	if index.Value() != nil {
		t.Error("the engine keeps the OpenAPI description it was built from")
	}
	goruntime.KeepAlive(e)
}
