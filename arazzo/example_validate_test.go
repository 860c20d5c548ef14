package arazzo_test

import (
	"context"
	"fmt"
	"os"
	"testing/fstest"

	"github.com/arazzo-dev/arazzo/arazzo"
)

func ExampleValidate() {
	files := fstest.MapFS{
		"pets.arazzo.yaml": {Data: []byte(`arazzo: 1.0.1
info:
  title: Adopt a pet
  version: 1.0.0
sourceDescriptions:
  - name: petStore
    url: openapi.yaml
workflows:
  - workflowId: adopt
    steps:
      - stepId: find
        operationId: findPets
        outputs:
          petId: $response.body#/0/id
      - stepId: adopt
        operationId: adoptPet
        parameters:
          - name: petId
            in: path
            value: $steps.find.outputs.id
`)},
		"openapi.yaml": {Data: []byte(`openapi: 3.1.0
info: {title: Pet store, version: 1.0.0}
paths:
  /pets:
    get:
      operationId: findPets
      responses: {'200': {description: the pets}}
  /pets/{petId}/adopt:
    post:
      operationId: adoptPet
      parameters:
        - {name: petId, in: path, required: true, schema: {type: string}}
      responses: {'204': {description: adopted}}
`)},
	}
	doc, diags := arazzo.Parse(files["pets.arazzo.yaml"].Data, arazzo.Filename("pets.arazzo.yaml"))
	if doc == nil {
		fmt.Println(diags)
		return
	}
	// Validate reports the diagnostics of Load too (Bundle.Diagnostics),
	// so only Parse's are added.
	bundle, _ := arazzo.Load(context.Background(), doc, arazzo.UseLoader(arazzo.FSLoader(files)))
	diags = append(diags, arazzo.Validate(context.Background(), bundle)...)
	source := func(string) []byte { return doc.Source() }
	arazzo.WriteText(os.Stdout, diags, source, false)
	// Output:
	// pets.arazzo.yaml:20:20: error[unknown-output]: step "adopt" parameter "petId": $steps.find.outputs.id: step "find" declares no output "id"
	//    20 |             value: $steps.find.outputs.id
	//       |                    ^~~~~~~~~~~~~~~~~~~~~~
	//   hint: Step "find" declares "petId".
}

func ExampleValidateDocument() {
	doc, _ := arazzo.Parse([]byte(`arazzo: 1.0.1
info: {title: Orders, version: 1.0.0}
sourceDescriptions:
  - {name: shop, url: https://shop.example/openapi.yaml}
workflows:
  - workflowId: order
    steps:
      - stepId: pay
        operationId: $sourceDescriptions.Shop.pay
        onFailure:
          - {name: again, type: retry, stepId: pay, retryAfter: 1}
          - {name: give-up, type: end, retryAfter: 5}
`), arazzo.Filename("order.yaml"))
	for _, d := range arazzo.ValidateDocument(doc) {
		fmt.Println(d)
		if d.Hint != "" {
			fmt.Println("  hint:", d.Hint)
		}
	}
	// Output:
	// order.yaml:9:22: error[unknown-source]: step "pay" operationId: $sourceDescriptions.Shop.pay: the document has no source description "Shop"
	//   hint: Did you mean "shop"? Names are case-sensitive.
	// order.yaml:12:40: warning[action-field-ignored]: step "pay" failure action "give-up": retryAfter has no effect on an action of type "end": only retry actions wait
	//   hint: Remove the field, or change the action's type.
}

func ExampleIgnoreRules() {
	files := fstest.MapFS{
		"me.arazzo.yaml": {Data: []byte(`arazzo: 1.0.1
info: {title: Token, version: 1.0.0}
sourceDescriptions: [{name: api, url: openapi.yaml}]
workflows:
  - workflowId: me
    inputs: {type: object, properties: {token: {type: string}}}
    steps:
      - stepId: me
        operationId: getMe
        parameters:
          - {name: Authorization, in: header, value: Bearer $inputs.token}
`)},
		"openapi.yaml": {Data: []byte(`openapi: 3.1.0
info: {title: Me, version: 1.0.0}
components:
  securitySchemes: {bearer: {type: http, scheme: bearer}}
security: [{bearer: []}]
paths:
  /me:
    get:
      operationId: getMe
      responses: {'200': {description: the caller}}
`)},
	}
	doc, _ := arazzo.Parse(files["me.arazzo.yaml"].Data, arazzo.Filename("me.arazzo.yaml"))
	bundle, _ := arazzo.Load(context.Background(), doc, arazzo.UseLoader(arazzo.FSLoader(files)))
	for _, d := range arazzo.Validate(context.Background(), bundle) {
		fmt.Println(d)
	}
	fmt.Println(len(arazzo.Validate(context.Background(), bundle, arazzo.IgnoreRules("bare-expression"))), "findings")
	// Output:
	// me.arazzo.yaml:11:61: info[bare-expression]: step "me" parameter "Authorization": $inputs.token is written without braces; it is read as a runtime expression, but the specification asks for {$inputs.token} inside a longer string
	// 0 findings
}

func ExampleValidateFile() {
	path := "testdata/example/adopt.arazzo.yaml"
	diags := arazzo.ValidateFile(context.Background(), path)
	source := func(file string) []byte {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil
		}
		return data
	}
	arazzo.WriteText(os.Stdout, diags, source, false)
	fmt.Println("errors:", diags.HasErrors())
	// Output:
	// testdata/example/adopt.arazzo.yaml:16:22: warning[missing-required-parameter]: step "adopt": operation adoptPet (POST /pets/{petId}/adopt) requires path parameter "petId", which no parameter of the step or its workflow supplies
	//    16 |         operationId: adoptPet
	//       |                      ^~~~~~~~
	//   hint: Add a parameter with name: petId and in: path.
	// testdata/example/adopt.arazzo.yaml:18:19: warning[undeclared-parameter]: step "adopt" parameter "petID": operation adoptPet (POST /pets/{petId}/adopt) declares no path parameter "petID"
	//    18 |           - name: petID
	//       |                   ^~~~~
	//   hint: Did you mean "petId"? Names are case-sensitive.
	// errors: false
}

func ExampleWriteText() {
	src := []byte("arazzo: 1.0.1\ninfo: {title: Pets, version: 1.0.0}\nsourceDescriptions: [{name: api, url: openapi.yaml}]\nworkflows:\n  - workflowId: list\n    steps:\n      - {stepId: list, operationId: listPets}\n    outputs:\n      first: $steps.lst.outputs.first\n")
	doc, _ := arazzo.Parse(src, arazzo.Filename("pets.yaml"))
	diags := arazzo.ValidateDocument(doc)
	source := func(file string) []byte { return src }
	arazzo.WriteText(os.Stdout, diags, source, false)
	// Without the source, each finding is its first line (and its hint).
	arazzo.WriteText(os.Stdout, diags, nil, false)
	// Output:
	// pets.yaml:9:14: error[unknown-step]: workflow "list" output "first": $steps.lst.outputs.first: workflow "list" has no step "lst"
	//     9 |       first: $steps.lst.outputs.first
	//       |              ^~~~~~~~~~~~~~~~~~~~~~~~
	// pets.yaml:9:14: error[unknown-step]: workflow "list" output "first": $steps.lst.outputs.first: workflow "list" has no step "lst"
}

func ExampleBundle_Diagnostics() {
	files := fstest.MapFS{
		"pets.arazzo.yaml": {Data: []byte(`arazzo: 1.0.1
info: {title: Pets, version: 1.0.0}
sourceDescriptions:
  - {name: api, url: openapi.yaml, type: openapi}
  - {name: flows, url: openapi.yaml, type: arazzo}
workflows:
  - workflowId: list
    steps:
      - {stepId: list, operationId: $sourceDescriptions.api.listPets}
`)},
		"openapi.yaml": {Data: []byte(`openapi: 3.1.0
info: {title: Pet store, version: 1.0.0}
paths:
  /pets:
    get:
      operationId: listPets
      responses: {'200': {description: the pets}}
`)},
	}
	doc, _ := arazzo.Parse(files["pets.arazzo.yaml"].Data, arazzo.Filename("pets.arazzo.yaml"))
	bundle, _ := arazzo.Load(context.Background(), doc, arazzo.UseLoader(arazzo.FSLoader(files)))
	// Every source loaded, but the bundle remembers that one was declared
	// with the wrong type, and Validate reports it.
	for _, src := range bundle.Sources(doc) {
		fmt.Printf("%s: %s, loaded: %v\n", src.Name, src.Kind, src.Err == nil)
	}
	fmt.Println(bundle.Diagnostics().HasErrors())
	for _, d := range arazzo.Validate(context.Background(), bundle) {
		fmt.Println(d)
	}
	// Output:
	// api: openapi, loaded: true
	// flows: openapi, loaded: true
	// true
	// pets.arazzo.yaml:5:44: error[source-type-mismatch]: source "flows" is declared as type "arazzo", but /openapi.yaml is an OpenAPI description
}
