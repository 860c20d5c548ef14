package conformance_test

import (
	"context"
	"fmt"

	"github.com/arazzo-dev/arazzo/conformance"
)

// Run the golden fixture of the embedded suite against this module's
// engine and the reference ZenML server.
func ExampleRun() {
	cases, err := conformance.Load(conformance.FS)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range cases {
		if c.Path != "zenml/provision-secret" {
			continue
		}
		o := conformance.Run(context.Background(), c, conformance.Engine())
		fmt.Println(c.Path, c.Expects, c.Server, o.Result)
	}
	// Output:
	// zenml/provision-secret outcome zenml passed
}
