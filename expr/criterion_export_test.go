package expr

// Hooks for the external tests of criteria.

type forceVMOption struct{}

func (forceVMOption) applyCriterion(c *criterionConfig) { c.forceVM = true }

// ForceVM makes CompileCriterion run every simple condition as its
// expr-lang program, including those the direct path would evaluate, so
// that tests can check that both paths agree.
func ForceVM() CriterionOption { return forceVMOption{} }

// ProgramSource returns the expr-lang source of a simple condition's
// program, or "" for other types.
func ProgramSource(c *Condition) string {
	if sc, ok := c.impl.(*simpleCond); ok {
		return generate(sc.root)
	}
	return ""
}

// CompileProgram compiles the expr-lang program of a simple condition now,
// as its first evaluation on the VM path would, and returns the error, if
// any; nil for other types.
func CompileProgram(c *Condition) error {
	if sc, ok := c.impl.(*simpleCond); ok {
		_, err := sc.program()
		return err
	}
	return nil
}

// ProgramCompiled reports whether the expr-lang program of a simple
// condition has been compiled.
func ProgramCompiled(c *Condition) bool {
	if sc, ok := c.impl.(*simpleCond); ok {
		return sc.prog != nil || sc.progErr != nil
	}
	return false
}
