package arazzo_test

import (
	"fmt"
	"strings"

	"github.com/arazzo-dev/arazzo/arazzo"
)

func ExampleParse() {
	src := []byte(`arazzo: 1.0.1
info:
  title: Pet adoption
  version: 1.0.0
sourceDescriptions:
  - name: petStore
    url: ./openapi.yaml
workflows:
  - workflowId: adopt
    steps:
      - stepId: find
        operationId: findPets
        parameters:
          - reference: $components.parameters.page
            in: query
        outputs:
          petId: $response.body#/0/id
components:
  parameters:
    page:
      name: page
      in: query
      value: 1
`)
	doc, diags := arazzo.Parse(src, arazzo.Filename("adopt.arazzo.yaml"))
	step := doc.Workflows[0].Steps[0]
	fmt.Println(step.StepID, "calls", step.OperationID, "at", step.Loc.Range.Start)
	fmt.Println("parameter:", step.Parameters[0].Reusable.Reference)
	fmt.Println("output petId:", step.Outputs.Get("petId").Expression)
	for _, d := range diags {
		fmt.Println(d)
	}
	// Output:
	// find calls findPets at 11:9
	// parameter: $components.parameters.page
	// output petId: $response.body#/0/id
	// adopt.arazzo.yaml:15:13: warning[reusable-extra-field]: field "in" of a Reusable Object is ignored; a Reusable Object has only "reference" and "value"
}

func ExampleParse_unsupportedVersion() {
	doc, diags := arazzo.Parse([]byte("arazzo: 1.1.0\ninfo: {title: t, version: v}\n"))
	fmt.Println(doc == nil)
	fmt.Println(diags.Err())
	// Output:
	// true
	// 1:9: error[unsupported-version]: Arazzo version "1.1.0" is not supported; only 1.0.x documents can be read
}

// MaxAliases bounds how many nodes YAML aliases may repeat, so an alias bomb
// fails at once instead of expanding.
func ExampleMaxAliases() {
	var b strings.Builder
	b.WriteString("a: &a [x, x, x, x, x, x, x, x, x, x]\n")
	for i, name := range []string{"b", "c", "d", "e", "f"} {
		prev := string(rune('a' + i))
		fmt.Fprintf(&b, "%s: &%s [%s*%s]\n", name, name, strings.Repeat("*"+prev+", ", 9), prev)
	}
	_, diags := arazzo.Parse([]byte(b.String()), arazzo.MaxAliases(1000))
	fmt.Println(diags[0].Rule, diags[0].Range.Start)
	// Output:
	// alias-limit 3:40
}

// LocateInString turns an offset inside a decoded string, such as the
// position of an error inside a runtime expression, into a file position.
func ExampleDocument_LocateInString() {
	src := []byte(`arazzo: 1.0.1
workflows:
  - workflowId: adopt
    steps:
      - stepId: find
        successCriteria:
          - condition: "$statusCode == 200 && \t$response.body#/ok"
`)
	doc, _ := arazzo.Parse(src)
	const pointer = "/workflows/0/steps/0/successCriteria/0/condition"
	cond := doc.Workflows[0].Steps[0].SuccessCriteria[0].Condition
	offset := strings.Index(cond, "$response") // an offset in the decoded string
	fmt.Println(doc.LocateInString(pointer, offset))
	// Output:
	// 7:49
}
