// Package conformance is the Arazzo conformance suite and its runner.
//
// A case is data, not code: a directory holding an Arazzo document, the
// OpenAPI descriptions it needs (or fixtures mounted from the specs
// package), and a case.yaml file saying which workflow to run with which
// inputs, which server to run it against — the reference ZenML server of
// package zenml, or a scripted server that expects a list of requests —
// and exactly one expectation: the outcome (status, failed step, outputs),
// the exact HTTP exchange, or the diagnostics of a document that must be
// rejected. README.md in this directory specifies the format and the
// command-line contract through which other implementations run the suite.
//
// The simplest way in is the suite embedded in the package and this
// module's engine:
//
//	cases, err := conformance.Load(conformance.FS)
//	if err != nil { ... }
//	for _, c := range cases {
//		o := conformance.Run(ctx, c, conformance.Engine())
//		fmt.Println(c.Path, o.Result)
//	}
//
// [Load] reads and checks every case of a suite; [Run] runs one case
// against an [Implementation] and returns an [Outcome] whose Detail shows
// a failure as a (-want +got) diff with everything needed to reproduce it.
// [Engine] is the in-process implementation and [Command] runs any other
// implementation through the command line. Cases the engine does not pass
// yet are listed, each with its reason, in known_failures.yaml.
//
// "go test ./conformance" runs every case as a subtest named by its path
// (TestConformance/zenml/provision-secret), and "arazzo conformance" runs
// them from the command line.
package conformance
