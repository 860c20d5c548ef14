package arazzo

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/arazzo-dev/arazzo/internal/oas"
)

// idPattern is the pattern that workflowId, stepId and source description
// names should match (SRC-03, WF-03, STEP-03).
var idPattern = regexp.MustCompile(`^[A-Za-z0-9_\-]+$`)

// reservedPrefixes are the extension prefixes the OpenAPI Initiative
// reserves (EXT-02).
var reservedPrefixes = []string{"x-oai-", "x-oas-", "x-arazzo"}

// workflowInfo is what the checks know about one workflow.
type workflowInfo struct {
	wf    *Workflow
	index int
	ptr   string
	// name describes the workflow in messages: `workflow "id"`.
	name     string
	steps    map[string]*stepInfo // by stepId, the first of duplicates
	stepList []*stepInfo
	inputs   *inputSet // nil when the inputs cannot be known
	// jumps are the goto and retry edges between steps, used to tell a
	// loop that makes a forward reference valid.
	jumps []jump
	// firstOperationStep is the first step that calls an operation, or
	// nil.
	firstOperationStep *stepInfo
}

// jump is a goto or retry from the step at index from (or from any step,
// for a workflow-level action: from == -1) to the step at index to.
type jump struct{ from, to int }

// stepInfo is what the checks know about one step.
type stepInfo struct {
	step  *Step
	index int
	ptr   string
	name  string // `step "id"`
	// isWorkflow reports a step that calls a workflow.
	isWorkflow bool
	// op is the operation the step calls, when it could be resolved.
	op *oas.Operation
	// child is the workflow the step calls, when it could be resolved.
	child *workflowRef
}

// workflowRef is a workflow named by a reference, in this document or in
// an Arazzo source.
type workflowRef struct {
	doc    *Document
	wf     *Workflow
	inputs *inputSet
}

// run performs every semantic check of the document.
func (v *validator) run() {
	v.indexSources()
	v.indexWorkflows()
	v.checkExtensions()
	v.checkComponentInputs()
	for _, w := range v.wfList {
		v.collectJumps(w)
	}
	for _, w := range v.wfList {
		v.checkWorkflow(w)
	}
	v.checkComponents()
}

// indexSources records the source descriptions by name and reports
// duplicate names (SRC-02) and names outside the recommended pattern
// (SRC-03).
func (v *validator) indexSources() {
	var loaded []*Source
	if v.bundle != nil {
		loaded = v.bundle.Sources(v.doc)
	}
	for i, sd := range v.doc.SourceDescriptions {
		si := &sourceInfo{sd: sd, index: i}
		if len(loaded) == len(v.doc.SourceDescriptions) {
			si.src = loaded[i]
		}
		v.srcList = append(v.srcList, si)
		ptr := "/sourceDescriptions/" + strconv.Itoa(i)
		if sd.Name == "" {
			continue
		}
		v.checkID("source description name", sd.Name, ptr+"/name")
		if first, ok := v.sources[sd.Name]; ok {
			v.report(ruleDuplicateSourceName, v.at(ptr+"/name"), ptr+"/name", "Give each source description its own name.",
				"source description %q is declared twice; the first is at %s", sd.Name, v.at(first.sd.Loc.Pointer).Start)
			continue
		}
		v.sources[sd.Name] = si
	}
}

// indexWorkflows records workflows and steps by id, reporting duplicates
// (WF-02, STEP-02) and ids outside the recommended pattern (WF-03,
// STEP-03).
func (v *validator) indexWorkflows() {
	for i, wf := range v.doc.Workflows {
		ptr := "/workflows/" + strconv.Itoa(i)
		w := &workflowInfo{wf: wf, index: i, ptr: ptr, steps: map[string]*stepInfo{}}
		w.name = describeID("workflow", wf.WorkflowID, i)
		w.inputs = inputsOf(wf.Inputs, v.doc.Raw)
		v.wfList = append(v.wfList, w)
		if id := wf.WorkflowID; id != "" {
			if first, ok := v.workflows[id]; ok {
				v.report(ruleDuplicateWorkflowID, v.at(ptr+"/workflowId"), ptr+"/workflowId", "Give each workflow its own workflowId.",
					"workflowId %q is used twice; the first workflow with it is at %s", id, v.at(first.ptr).Start)
			} else {
				v.workflows[id] = w
			}
			v.checkID("workflowId", id, ptr+"/workflowId")
		}
		for j, st := range wf.Steps {
			sptr := ptr + "/steps/" + strconv.Itoa(j)
			s := &stepInfo{step: st, index: j, ptr: sptr, name: describeID("step", st.StepID, j), isWorkflow: st.WorkflowID != "" && st.OperationID == "" && st.OperationPath == ""}
			w.stepList = append(w.stepList, s)
			if st.OperationID != "" || st.OperationPath != "" {
				if w.firstOperationStep == nil {
					w.firstOperationStep = s
				}
			}
			if id := st.StepID; id != "" {
				if first, ok := w.steps[id]; ok {
					v.report(ruleDuplicateStepID, v.at(sptr+"/stepId"), sptr+"/stepId", "Give each step of a workflow its own stepId.",
						"%s: stepId %q is used twice; the first step with it is at %s", w.name, id, v.at(first.ptr).Start)
				} else {
					w.steps[id] = s
				}
				v.checkID("stepId", id, sptr+"/stepId")
			}
		}
	}
}

// describeID names an object for messages: `step "login"`, or `step at
// index 2` when it has no id.
func describeID(kind, id string, i int) string {
	if id == "" {
		return kind + " at index " + strconv.Itoa(i)
	}
	return quotedLabel(kind, "", id)
}

// quotedLabel returns prefix, suffix, a space and name quoted as by fmt's
// %q verb, in one allocation: quotedLabel(`step "a"`, " output", "id") is
// `step "a" output "id"`. Messages name objects this way, and every object
// checked gets a name whether or not a message needs it.
func quotedLabel(prefix, suffix, name string) string {
	var buf [64]byte
	q := strconv.AppendQuote(buf[:0], name)
	var b strings.Builder
	b.Grow(len(prefix) + len(suffix) + 1 + len(q))
	b.WriteString(prefix)
	b.WriteString(suffix)
	b.WriteByte(' ')
	b.Write(q)
	return b.String()
}

// idExpressions names, for each field checkID checks, a runtime
// expression the id is written in, for the hint.
var idExpressions = map[string]string{
	"workflowId":              "$workflows.<workflowId>",
	"stepId":                  "$steps.<stepId>",
	"source description name": "$sourceDescriptions.<name>",
}

// checkID warns about an id (a workflowId, stepId or source description
// name) outside [A-Za-z0-9_-]+.
func (v *validator) checkID(field, id, ptr string) {
	if idPattern.MatchString(id) || !v.isString(ptr) {
		return
	}
	v.report(ruleIDPattern, v.at(ptr), ptr, "Use only letters, digits, \"_\" and \"-\"; other characters cannot be written in runtime expressions such as "+idExpressions[field]+".",
		"%s %q should match [A-Za-z0-9_\\-]+", field, id)
}

// checkExtensions warns about extensions with reserved prefixes (EXT-02).
func (v *validator) checkExtensions() {
	d := v.doc
	v.extensions(d.Extensions, "")
	if d.Info != nil {
		v.extensions(d.Info.Extensions, d.Info.Loc.Pointer)
	}
	for _, sd := range d.SourceDescriptions {
		v.extensions(sd.Extensions, sd.Loc.Pointer)
	}
	for _, wf := range d.Workflows {
		v.extensions(wf.Extensions, wf.Loc.Pointer)
		v.paramExtensions(wf.Parameters)
		v.successActionExtensions(wf.SuccessActions)
		v.failureActionExtensions(wf.FailureActions)
		for _, st := range wf.Steps {
			v.extensions(st.Extensions, st.Loc.Pointer)
			v.paramExtensions(st.Parameters)
			if rb := st.RequestBody; rb != nil {
				v.extensions(rb.Extensions, rb.Loc.Pointer)
				for _, r := range rb.Replacements {
					v.extensions(r.Extensions, r.Loc.Pointer)
				}
			}
			v.criteriaExtensions(st.SuccessCriteria)
			v.successActionExtensions(st.OnSuccess)
			v.failureActionExtensions(st.OnFailure)
		}
	}
	if c := d.Components; c != nil {
		v.extensions(c.Extensions, c.Loc.Pointer)
		for _, name := range sortedNames(c.Parameters) {
			v.extensions(c.Parameters[name].Extensions, c.Parameters[name].Loc.Pointer)
		}
		for _, name := range sortedNames(c.SuccessActions) {
			a := c.SuccessActions[name]
			v.extensions(a.Extensions, a.Loc.Pointer)
			v.criteriaExtensions(a.Criteria)
		}
		for _, name := range sortedNames(c.FailureActions) {
			a := c.FailureActions[name]
			v.extensions(a.Extensions, a.Loc.Pointer)
			v.criteriaExtensions(a.Criteria)
		}
	}
}

func (v *validator) paramExtensions(list []*Parameter) {
	for _, p := range list {
		v.extensions(p.Extensions, p.Loc.Pointer)
	}
}

func (v *validator) successActionExtensions(list []*SuccessAction) {
	for _, a := range list {
		v.extensions(a.Extensions, a.Loc.Pointer)
		v.criteriaExtensions(a.Criteria)
	}
}

func (v *validator) failureActionExtensions(list []*FailureAction) {
	for _, a := range list {
		v.extensions(a.Extensions, a.Loc.Pointer)
		v.criteriaExtensions(a.Criteria)
	}
}

func (v *validator) criteriaExtensions(list []*Criterion) {
	for _, c := range list {
		v.extensions(c.Extensions, c.Loc.Pointer)
		if et := c.ExpressionType; et != nil {
			v.extensions(et.Extensions, et.Loc.Pointer)
		}
	}
}

func (v *validator) extensions(ext Extensions, ptr string) {
	for _, key := range sortedNames(ext) {
		for _, prefix := range reservedPrefixes {
			if strings.HasPrefix(strings.ToLower(key), prefix) {
				p := child(ptr, key)
				v.report(ruleReservedExtension, v.keyAt(p), p, "Choose another prefix, such as \"x-\" followed by your organisation's name.",
					"extension %q uses the prefix %q, which is reserved for the OpenAPI Initiative", key, prefix)
				break
			}
		}
	}
}

// sortedNames returns the keys of m in order.
func sortedNames[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// suggest returns a hint naming the candidate that equals name apart from
// case, or "".
func suggest(name string, candidates []string) string {
	for _, c := range candidates {
		if c != name && strings.EqualFold(c, name) {
			return fmt.Sprintf("Did you mean %q? Names are case-sensitive.", c)
		}
	}
	return ""
}

// quoteNames renders names as `"a", "b" and "c"`.
func quoteNames(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return joinList(q, "and")
}
