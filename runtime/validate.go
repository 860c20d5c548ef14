package runtime

import (
	"context"

	"github.com/arazzo-dev/arazzo/arazzo"
)

// validate returns the findings of the validator for the bundle: the
// Arazzo JSON Schema and every semantic rule, with operations resolved
// against the loaded sources. Its errors stop New; the compilation that
// follows (compile.go) rechecks only what binding needs, as a guard.
func validate(b *arazzo.Bundle) arazzo.Diagnostics {
	return arazzo.Validate(context.Background(), b)
}
