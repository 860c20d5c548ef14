package conformance

import (
	"embed"
	"io/fs"
)

//go:embed testdata
var testdata embed.FS

//go:embed known_failures.yaml
var knownFailures []byte

// FS is the project's conformance suite, embedded in the package: the case
// directories of testdata/ with known_failures.yaml at the root, ready for
// [Load]. Its files are the files of this package's testdata directory, so
// go test and the arazzo conformance command run the same cases.
var FS fs.FS = suite()

// suite assembles FS. The embedded files can always be read, so a failure
// here is a broken build, not bad input.
func suite() fs.FS {
	t := newTree()
	if err := t.add(testdata, "testdata", ""); err != nil {
		panic("conformance: reading the embedded suite: " + err.Error())
	}
	t.files[KnownFailuresFile] = knownFailures
	return t
}
