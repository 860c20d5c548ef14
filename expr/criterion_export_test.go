package expr

// Hooks for the external tests of criteria.

type forceVMOption struct{}

func (forceVMOption) applyCriterion(c *criterionConfig) { c.forceVM = true }

// ForceVM makes CompileCriterion run every simple condition as its
// expr-lang program, including those the direct path would evaluate, so
// that tests can check that both paths agree.
func ForceVM() CriterionOption { return forceVMOption{} }

// ProgramSource returns the expr-lang source a simple condition was
// compiled to, or "" for other types.
func ProgramSource(c *Condition) string {
	if sc, ok := c.impl.(*simpleCond); ok {
		return sc.progSrc
	}
	return ""
}
