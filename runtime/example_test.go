package runtime_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing/fstest"

	"github.com/arazzo-dev/arazzo/arazzo"
	"github.com/arazzo-dev/arazzo/runtime"
)

// petStore is the OpenAPI description of the examples.
const petStore = `openapi: 3.0.3
info: {title: Pet store, version: 1.0.0}
servers: [{url: https://petstore.example.com/v1}]
paths:
  /pets:
    get:
      operationId: findPets
      parameters:
        - {name: status, in: query, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        '200': {description: the pets}
  /pets/{petId}/adoption:
    post:
      operationId: adoptPet
      parameters:
        - {name: petId, in: path, required: true, schema: {type: integer}}
      requestBody:
        content:
          application/json: {schema: {type: object}}
      responses:
        '201': {description: adopted}
`

// adoption is the Arazzo document of the examples.
const adoption = `arazzo: 1.0.1
info: {title: Adopt a pet, version: 1.0.0}
sourceDescriptions:
  - {name: petStore, url: ./openapi.yaml, type: openapi}
workflows:
  - workflowId: adopt
    inputs:
      type: object
      required: [owner]
      properties:
        owner: {type: string}
        note: {type: string}
    steps:
      - stepId: find
        operationId: findPets
        parameters:
          - {name: status, in: query, value: available}
          - {name: limit, in: query, value: 1}
        successCriteria:
          - condition: $statusCode == 200
        outputs:
          petId: $response.body#/0/id
      - stepId: adopt
        operationId: adoptPet
        parameters:
          - {name: petId, in: path, value: $steps.find.outputs.petId}
        requestBody:
          payload:
            owner: $inputs.owner
            note: $inputs.note
        successCriteria:
          - condition: $statusCode == 201
        outputs:
          adoptionId: $response.body#/id
    outputs:
      adoptionId: $steps.adopt.outputs.adoptionId
`

// petServer is a stand-in for the pet store API that prints each request.
func petServer() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if len(body) > 0 {
			fmt.Printf("server: %s %s %s\n", r.Method, r.URL.RequestURI(), body)
		} else {
			fmt.Printf("server: %s %s\n", r.Method, r.URL.RequestURI())
		}
		w.Header().Set("Content-Type", "application/json")
		if r.Method == http.MethodGet {
			io.WriteString(w, `[{"id": 7, "name": "Rex"}]`)
			return
		}
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, `{"id": "adoption-1"}`)
	}))
}

// exampleDocument parses the example document; its source description is
// read from an in-memory file system.
func exampleDocument() (*arazzo.Document, arazzo.Loader) {
	fsys := fstest.MapFS{
		"adopt.arazzo.yaml": {Data: []byte(adoption)},
		"openapi.yaml":      {Data: []byte(petStore)},
	}
	doc, _ := arazzo.Parse([]byte(adoption), arazzo.Filename("/adopt.arazzo.yaml"))
	return doc, arazzo.FSLoader(fsys)
}

func ExampleNew() {
	doc, loader := exampleDocument()
	e, err := runtime.New(doc, runtime.Loader(loader))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(e.Workflows())

	// A document with errors is refused with its diagnostics.
	bad, _ := arazzo.Parse([]byte(`arazzo: 1.0.1
info: {title: Broken, version: 1.0.0}
sourceDescriptions:
  - {name: petStore, url: ./openapi.yaml, type: openapi}
workflows:
  - workflowId: w
    steps:
      - {stepId: s, operationId: findPet}
`), arazzo.Filename("/broken.arazzo.yaml"))
	_, err = runtime.New(bad, runtime.Loader(loader))
	var de *arazzo.DiagnosticsError
	if errors.As(err, &de) {
		fmt.Println(de.Diagnostics[0])
	}
	// Output:
	// [adopt]
	// /broken.arazzo.yaml:8:34: error[unknown-operation]: step "s": operationId "findPet" is not defined by source "petStore"
}

func ExampleEngine_Run() {
	srv := petServer()
	defer srv.Close()
	doc, loader := exampleDocument()
	e, err := runtime.New(doc, runtime.Loader(loader), runtime.Server("petStore", srv.URL))
	if err != nil {
		fmt.Println(err)
		return
	}
	// The note input is not given, so the payload has no note member.
	res, err := e.Run(context.Background(), "adopt", map[string]any{"owner": "Ada"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Status, res.Outputs)
	for _, s := range res.Steps {
		at := s.Attempts[len(s.Attempts)-1]
		fmt.Println(s.StepID, at.Method, at.StatusCode, s.Status)
	}

	// Invalid inputs: nothing is sent.
	_, err = e.Run(context.Background(), "adopt", map[string]any{"owner": 42})
	fmt.Println(err)
	// Output:
	// server: GET /pets?status=available&limit=1
	// server: POST /pets/7/adoption {"owner":"Ada"}
	// succeeded map[adoptionId:adoption-1]
	// find GET 200 succeeded
	// adopt POST 201 succeeded
	// invalid inputs for workflow "adopt": input "owner": expected string, but got number (type)
}

func ExampleOnEvent() {
	srv := petServer()
	defer srv.Close()
	doc, loader := exampleDocument()
	e, err := runtime.New(doc, runtime.Loader(loader), runtime.Server("petStore", srv.URL),
		runtime.OnEvent(func(ev runtime.Event) {
			switch ev.Kind {
			case runtime.EventRequestSent:
				fmt.Println("sending", ev.Method, ev.Step)
			case runtime.EventStepEnd:
				fmt.Println("step", ev.Step, ev.Status)
			}
		}))
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := e.Run(context.Background(), "adopt", map[string]any{"owner": "Ada", "note": "friendly"}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// sending GET find
	// server: GET /pets?status=available&limit=1
	// step find succeeded
	// sending POST adopt
	// server: POST /pets/7/adoption {"note":"friendly","owner":"Ada"}
	// step adopt succeeded
}
