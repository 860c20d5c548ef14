package arazzo

import (
	"fmt"
	"strconv"
	"strings"
)

// action is a success or failure action with a Reusable Object resolved to
// its component: the fields the checks read, and where they are.
type action struct {
	failure                 bool
	name, typ               string
	stepID, workflowID      string
	hasRetryAfter, hasLimit bool
	criteria                []*Criterion
	// ptr is the pointer of the object that holds the fields: the list
	// entry, or the component.
	ptr string
	// owner names the action for messages.
	owner string
	// entryPtr is the pointer of the list entry.
	entryPtr string
}

// successAction resolves an entry of an onSuccess or successActions list;
// ok is false when its reference does not resolve (which is reported).
func (v *validator) successAction(a *SuccessAction, owner string) (action, bool) {
	ptr := a.Loc.Pointer
	if r := a.Reusable; r != nil {
		name, ok := v.componentRef(r, ptr, "successActions", owner)
		if !ok {
			return action{}, false
		}
		v.reusableValue(r, ptr, owner)
		c := v.doc.Components.SuccessActions[name]
		return action{name: c.Name, typ: c.Type, stepID: c.StepID, workflowID: c.WorkflowID, criteria: c.Criteria,
			ptr: c.Loc.Pointer, owner: quotedLabel("success action component", "", name), entryPtr: ptr}, true
	}
	return action{name: a.Name, typ: a.Type, stepID: a.StepID, workflowID: a.WorkflowID, criteria: a.Criteria,
		ptr: ptr, owner: quotedLabel(owner, " success action", a.Name), entryPtr: ptr}, true
}

// failureAction resolves an entry of an onFailure or failureActions list.
func (v *validator) failureAction(a *FailureAction, owner string) (action, bool) {
	ptr := a.Loc.Pointer
	if r := a.Reusable; r != nil {
		name, ok := v.componentRef(r, ptr, "failureActions", owner)
		if !ok {
			return action{}, false
		}
		v.reusableValue(r, ptr, owner)
		c := v.doc.Components.FailureActions[name]
		return failureView(c, c.Loc.Pointer, quotedLabel("failure action component", "", name), ptr), true
	}
	return failureView(a, ptr, quotedLabel(owner, " failure action", a.Name), ptr), true
}

func failureView(a *FailureAction, ptr, owner, entryPtr string) action {
	return action{failure: true, name: a.Name, typ: a.Type, stepID: a.StepID, workflowID: a.WorkflowID,
		hasRetryAfter: a.RetryAfter != nil, hasLimit: a.RetryLimit != nil, criteria: a.Criteria,
		ptr: ptr, owner: owner, entryPtr: entryPtr}
}

// reusableValue warns about a value on a Reusable Object that refers to an
// action, where it means nothing (AMB-15).
func (v *validator) reusableValue(r *Reusable, ptr, owner string) {
	if !r.HasValue {
		return
	}
	p := ptr + "/value"
	v.report(ruleReusableValueIgnored, v.keyAt(p), p, "Remove the value; it applies only to references to parameters.",
		"%s: the value of a reference to an action is ignored", owner)
}

// successActions resolves a success action list, reporting what does not
// resolve once per list: the first call for a list reports, later calls
// (the same list seen again) do not.
func (v *validator) successActions(list []*SuccessAction, owner string) []action {
	var out []action
	for _, a := range list {
		if x, ok := v.successAction(a, owner); ok {
			out = append(out, x)
		}
	}
	return out
}

func (v *validator) failureActions(list []*FailureAction, owner string) []action {
	var out []action
	for _, a := range list {
		if x, ok := v.failureAction(a, owner); ok {
			out = append(out, x)
		}
	}
	return out
}

// collectJumps records the goto and retry edges between the steps of a
// workflow. It reads the actions without reporting anything.
func (v *validator) collectJumps(w *workflowInfo) {
	quiet := &validator{doc: v.doc, sources: v.sources, workflows: v.workflows}
	add := func(from int, acts []action) {
		for _, a := range acts {
			switch {
			case a.typ == ActionRetry && a.stepID == "" && a.workflowID == "" && from >= 0:
				w.jumps = append(w.jumps, jump{from: from, to: from})
			case (a.typ == ActionGoto || a.typ == ActionRetry) && a.stepID != "":
				if t, ok := w.steps[a.stepID]; ok {
					w.jumps = append(w.jumps, jump{from: from, to: t.index})
				}
			}
		}
	}
	add(-1, quiet.successActions(w.wf.SuccessActions, w.name))
	add(-1, quiet.failureActions(w.wf.FailureActions, w.name))
	for _, s := range w.stepList {
		add(s.index, quiet.successActions(s.step.OnSuccess, s.name))
		add(s.index, quiet.failureActions(s.step.OnFailure, s.name))
	}
}

// checkSuccessActions checks an onSuccess or successActions list.
func (v *validator) checkSuccessActions(list []*SuccessAction, owner string, sc scope) {
	v.checkActions(v.successActions(list, owner), owner, sc)
}

// checkFailureActions checks an onFailure or failureActions list.
func (v *validator) checkFailureActions(list []*FailureAction, owner string, sc scope) {
	v.checkActions(v.failureActions(list, owner), owner, sc)
}

// checkActions checks the actions of one list: unique names (AMB-09) and
// each action.
func (v *validator) checkActions(acts []action, owner string, sc scope) {
	seen := map[string]action{}
	for _, a := range acts {
		if a.name != "" {
			if first, dup := seen[a.name]; dup {
				if !v.sameValue(first.entryPtr, a.entryPtr) {
					p := a.entryPtr
					if a.ptr == a.entryPtr {
						p += "/name"
					} else {
						p += "/reference"
					}
					v.report(ruleDuplicateActionName, v.at(p), p, "Give each action of a list its own name.",
						"%s: two actions are named %q; the first is at %s", owner, a.name, v.at(first.entryPtr).Start)
				}
			} else {
				seen[a.name] = a
			}
		}
		v.checkAction(a, sc)
	}
}

// checkAction checks one action: fields its type ignores, its target, and
// its criteria.
func (v *validator) checkAction(a action, sc scope) {
	ignored := func(field, why string) {
		p := a.ptr + "/" + field
		v.report(ruleActionFieldIgnored, v.keyAt(p), p, "Remove the field, or change the action's type.",
			"%s: %s has no effect on an action of type %q: %s", a.owner, field, a.typ, why)
	}
	switch a.typ {
	case ActionEnd:
		if a.stepID != "" {
			ignored("stepId", "an end action stops the workflow")
		}
		if a.workflowID != "" {
			ignored("workflowId", "an end action stops the workflow")
		}
	case ActionGoto, ActionRetry:
		if a.stepID != "" && sc.wf != nil && v.isString(a.ptr+"/stepId") {
			if _, ok := sc.wf.steps[a.stepID]; !ok {
				p := a.ptr + "/stepId"
				what := sc.wf.name
				v.report(ruleUnknownStep, v.at(p), p, suggest(a.stepID, sortedNames(sc.wf.steps)),
					"%s: goes to step %q, but %s has no such step; a goto or retry can only name a step of the current workflow",
					a.owner, a.stepID, what)
			}
		}
		if a.workflowID != "" && v.isString(a.ptr+"/workflowId") {
			v.resolveWorkflowRef(a.workflowID, a.ptr+"/workflowId", a.owner)
		}
	}
	if a.failure && a.typ != ActionRetry && a.typ != "" {
		if a.hasRetryAfter {
			ignored("retryAfter", "only retry actions wait")
		}
		if a.hasLimit {
			ignored("retryLimit", "only retry actions repeat")
		}
	}
	v.checkCriteria(a.criteria, a.owner, "criterion", sc)
}

// checkComponentInputs checks the local references of the inputs
// components and notes whether any of them needs compiling (see
// checkSchemaRefs).
func (v *validator) checkComponentInputs() {
	c := v.doc.Components
	if c == nil {
		return
	}
	for _, name := range sortedNames(c.Inputs) {
		if v.checkSchemaRefs(c.Inputs[name], "/components/inputs/"+escapeToken(name), quotedLabel("inputs component", "", name)) {
			v.compileInputs = true
		}
	}
}

// checkComponents checks the parameter and action components on their
// own: their values and criteria compile and their references resolve.
// Checks that depend on the workflow a component is used in run at each
// use.
func (v *validator) checkComponents() {
	c := v.doc.Components
	if c == nil {
		return
	}
	sc := scope{site: siteComponent}
	for _, name := range sortedNames(c.Parameters) {
		p := c.Parameters[name]
		v.checkValue(p.Value, p.Loc.Pointer+"/value", quotedLabel("parameter component", "", name), sc)
	}
	for _, name := range sortedNames(c.SuccessActions) {
		a := c.SuccessActions[name]
		v.checkAction(action{name: a.Name, typ: a.Type, stepID: a.StepID, workflowID: a.WorkflowID, criteria: a.Criteria,
			ptr: a.Loc.Pointer, owner: quotedLabel("success action component", "", name), entryPtr: a.Loc.Pointer}, sc)
	}
	for _, name := range sortedNames(c.FailureActions) {
		a := c.FailureActions[name]
		v.checkAction(failureView(a, a.Loc.Pointer, quotedLabel("failure action component", "", name), a.Loc.Pointer), sc)
	}
}

// wfNode is a workflow in the dependsOn graph of a bundle.
type wfNode struct {
	doc *Document
	id  string
}

// checkCycles reports dependsOn cycles (WF-11, AMB-25) among the
// workflows of docs, following $sourceDescriptions references into the
// bundle's Arazzo sources when b is not nil. Each cycle is reported once,
// at the dependsOn entry that closes it.
func checkCycles(docs []*Document, b *Bundle) Diagnostics {
	type edge struct {
		to  wfNode
		ptr string // the dependsOn entry
	}
	edges := func(n wfNode) []edge {
		wf := findWorkflow(n.doc, n.id)
		if wf == nil {
			return nil
		}
		var out []edge
		idx := -1
		for i, w := range n.doc.Workflows {
			if w == wf {
				idx = i
			}
		}
		for i, dep := range wf.DependsOn {
			ptr := "/workflows/" + strconv.Itoa(idx) + "/dependsOn/" + strconv.Itoa(i)
			target, ok := dependencyTarget(n.doc, dep, b)
			if ok {
				out = append(out, edge{to: target, ptr: ptr})
			}
		}
		return out
	}
	const (
		white = iota
		grey
		black
	)
	color := map[wfNode]int{}
	var stack []wfNode
	var ds Diagnostics
	var visit func(n wfNode)
	visit = func(n wfNode) {
		color[n] = grey
		stack = append(stack, n)
		for _, e := range edges(n) {
			switch color[e.to] {
			case white:
				visit(e.to)
			case grey:
				start := len(stack) - 1
				for stack[start] != e.to {
					start--
				}
				cycle := append(append([]wfNode{}, stack[start:]...), e.to)
				ds = append(ds, cycleDiagnostic(n.doc, e.ptr, cycle))
			}
		}
		stack = stack[:len(stack)-1]
		color[n] = black
	}
	for _, doc := range docs {
		for _, wf := range doc.Workflows {
			n := wfNode{doc: doc, id: wf.WorkflowID}
			if wf.WorkflowID != "" && color[n] == white {
				visit(n)
			}
		}
	}
	return ds
}

// dependencyTarget resolves a dependsOn entry of doc to a workflow node.
func dependencyTarget(doc *Document, dep string, b *Bundle) (wfNode, bool) {
	if dep == "" {
		return wfNode{}, false
	}
	const prefix = "$sourceDescriptions."
	rest, qualified := strings.CutPrefix(dep, prefix)
	if !qualified {
		return wfNode{doc: doc, id: dep}, findWorkflow(doc, dep) != nil
	}
	if b == nil {
		return wfNode{}, false
	}
	for i := 0; i < len(rest); i++ {
		if rest[i] == '.' {
			src := b.Source(doc, rest[:i])
			if src == nil || src.Document == nil {
				return wfNode{}, false
			}
			id := rest[i+1:]
			return wfNode{doc: src.Document, id: id}, findWorkflow(src.Document, id) != nil
		}
	}
	return wfNode{}, false
}

// cycleDiagnostic reports a dependsOn cycle at the entry (in doc, at ptr)
// that closes it.
func cycleDiagnostic(doc *Document, ptr string, cycle []wfNode) Diagnostic {
	names := ""
	for i, n := range cycle {
		if i > 0 {
			names += " → "
		}
		if n.doc == doc {
			names += n.id
		} else {
			names += fmt.Sprintf("%s (%s)", n.id, n.doc.File())
		}
	}
	d := Diagnostic{Severity: ruleSeverity(ruleDependencyCycle), Rule: ruleDependencyCycle, File: doc.File(), Pointer: ptr,
		Hint:    "Remove one of the dependencies; a workflow cannot run before itself.",
		Message: fmt.Sprintf("workflow %q depends on itself through dependsOn: %s", cycle[0].id, names)}
	if rg, ok := doc.Locate(ptr); ok {
		d.Range = rg
	}
	return d
}
