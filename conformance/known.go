package conformance

import (
	"fmt"
	"strings"

	"github.com/arazzo-dev/arazzo/internal/yamlx"
)

// applyKnownFailures reads a known_failures.yaml file, a mapping from case
// paths to the reason each case fails, and sets the KnownFailure of the
// cases it names. An entry without a reason, or naming no case, is an
// error: the list must say why, and must not outlive its cases.
func applyKnownFailures(cases []*Case, data []byte) error {
	f, errs := yamlx.Decode(data, yamlx.Limits{MaxBytes: 1 << 20})
	if len(errs) > 0 {
		if errs[0].Code == yamlx.CodeEmpty {
			return nil // only comments: nothing is known to fail
		}
		return fmt.Errorf("%s:%s", KnownFailuresFile, errs[0].Error())
	}
	d := &decoder{file: KnownFailuresFile}
	if f.Root.Kind == yamlx.Null {
		return nil
	}
	o := d.object(f.Root, "the known failures")
	byPath := make(map[string]*Case, len(cases))
	for _, c := range cases {
		byPath[c.Path] = c
	}
	for _, key := range o.keys() {
		n := o.get(key)
		reason := ""
		if n.Kind == yamlx.String {
			reason = strings.TrimSpace(n.Value.(string))
		} else if n.Kind != yamlx.Null {
			d.errorf(n, "the reason for %s must be a string, not %s", key, describeKind(n))
		}
		c := byPath[key]
		switch {
		case reason == "":
			d.errorAt(o.keyPos(key), "%s is listed without a reason; say why the case fails", key)
		case c == nil:
			d.errorAt(o.keyPos(key), "%s is listed but there is no such case; remove the entry", key)
		default:
			c.KnownFailure = reason
		}
	}
	return d.err
}
