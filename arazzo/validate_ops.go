package arazzo

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/arazzo-dev/arazzo/expr"
	"github.com/arazzo-dev/arazzo/internal/jsonpointer"
	"github.com/arazzo-dev/arazzo/internal/oas"
)

// sourcesInOrder returns the source descriptions in document order,
// duplicates included.
func (v *validator) sourcesInOrder() []*sourceInfo { return v.srcList }

// resolveStep resolves the target of a step: its operation (operationId or
// operationPath) or its workflow (workflowId).
func (v *validator) resolveStep(w *workflowInfo, s *stepInfo) {
	st := s.step
	switch {
	case st.OperationID != "" && st.OperationPath == "" && st.WorkflowID == "":
		v.resolveOperationID(s)
	case st.OperationPath != "" && st.OperationID == "" && st.WorkflowID == "":
		v.resolveOperationPath(s)
	case s.isWorkflow:
		p := s.ptr + "/workflowId"
		if !v.isString(p) {
			return
		}
		s.child = v.resolveWorkflowRef(st.WorkflowID, p, s.name)
		if st.WorkflowID == w.wf.WorkflowID && w.wf.WorkflowID != "" {
			v.report(ruleSelfReferencingStep, v.at(p), p, "A workflow that calls itself never ends unless a goto skips the step; use a goto to an earlier step to repeat work.",
				"%s calls %s, the workflow it belongs to", s.name, w.name)
		}
	}
}

// resolveWorkflowRef resolves a workflowId as written in a step, an action
// or dependsOn: a workflow of this document, or
// $sourceDescriptions.<name>.<workflowId> for a workflow of an Arazzo
// source (STEP-11, WF-08, WF-09). It reports what does not resolve and
// returns nil then, or when the source could not be loaded.
func (v *validator) resolveWorkflowRef(ref, ptr, owner string) *workflowRef {
	if !strings.HasPrefix(ref, "$") {
		if w, ok := v.workflows[ref]; ok {
			return &workflowRef{doc: v.doc, wf: w.wf, inputs: w.inputs}
		}
		hint := suggest(ref, sortedNames(v.workflows))
		if hint == "" {
			for _, si := range v.sourcesInOrder() {
				if si.loaded() && si.src.Document != nil && findWorkflow(si.src.Document, ref) != nil {
					hint = fmt.Sprintf("Workflow %q is in source %q; a workflow of an Arazzo source is written $sourceDescriptions.%s.%s.", ref, si.sd.Name, si.sd.Name, ref)
					break
				}
			}
		}
		v.report(ruleUnknownWorkflow, v.at(ptr), ptr, hint, "%s: the document has no workflow %q", owner, ref)
		return nil
	}
	e, err := expr.Parse(ref)
	if err != nil {
		v.expressionError(err, ptr, owner)
		return nil
	}
	if e.Kind() != expr.KindSourceDescriptions {
		v.report(ruleUnknownWorkflow, v.at(ptr), ptr, "Write the workflowId of a workflow of this document, or $sourceDescriptions.<name>.<workflowId> for one of an Arazzo source.",
			"%s: %q does not name a workflow", owner, ref)
		return nil
	}
	si := v.source(e, ptr, owner)
	if si == nil {
		return nil
	}
	if si.kind() == SourceTypeOpenAPI {
		v.report(ruleWrongSourceType, v.at(ptr), ptr, "Workflows come from Arazzo sources; operations of an OpenAPI source are called with operationId.",
			"%s: %s: source %q is an OpenAPI description, which has no workflows", owner, ref, si.sd.Name)
		return nil
	}
	if !si.loaded() || si.src.Document == nil {
		return nil
	}
	doc := si.src.Document
	wf := findWorkflow(doc, e.SourceRef())
	if wf == nil {
		var ids []string
		for _, w := range doc.Workflows {
			ids = append(ids, w.WorkflowID)
		}
		v.report(ruleUnknownWorkflow, v.at(ptr), ptr, suggest(e.SourceRef(), ids),
			"%s: %s: source %q (%s) has no workflow %q", owner, ref, si.sd.Name, doc.File(), e.SourceRef())
		return nil
	}
	return &workflowRef{doc: doc, wf: wf, inputs: inputsOf(wf.Inputs, doc.Raw)}
}

// source returns the source description a $sourceDescriptions expression
// names, reporting an unknown name.
func (v *validator) source(e *expr.Expression, ptr, owner string) *sourceInfo {
	si, ok := v.sources[e.SourceName()]
	if !ok {
		v.report(ruleUnknownSource, v.at(ptr), ptr, suggest(e.SourceName(), sortedNames(v.sources)),
			"%s: %s: the document has no source description %q", owner, e, e.SourceName())
		return nil
	}
	return si
}

// expressionError reports a runtime expression that does not parse.
func (v *validator) expressionError(err error, ptr, owner string) {
	var se *expr.SyntaxError
	if errors.As(err, &se) {
		v.report(ruleInvalidExpression, v.errorRange(ptr, se), ptr, expressionHint(se), "%s: %s", owner, syntaxMessage(se))
		return
	}
	v.report(ruleInvalidExpression, v.at(ptr), ptr, "", "%s: %v", owner, err)
}

// findWorkflow returns the workflow of doc with the id, or nil.
func findWorkflow(doc *Document, id string) *Workflow {
	for _, wf := range doc.Workflows {
		if wf.WorkflowID == id {
			return wf
		}
	}
	return nil
}

// resolveOperationID resolves a step's operationId: qualified, in the
// named source; unqualified, in every OpenAPI source (AMB-52), which must
// be the only one (STEP-07).
func (v *validator) resolveOperationID(s *stepInfo) {
	id := s.step.OperationID
	ptr := s.ptr + "/operationId"
	if !v.isString(ptr) {
		return
	}
	if strings.HasPrefix(id, "$") {
		e, err := expr.Parse(id)
		if err != nil {
			v.expressionError(err, ptr, s.name+" operationId")
			return
		}
		if e.Kind() != expr.KindSourceDescriptions {
			v.report(ruleUnknownOperation, v.at(ptr), ptr, "Write an operationId, or $sourceDescriptions.<name>.<operationId> to name the source.",
				"%s: operationId %q names no operation", s.name, id)
			return
		}
		si := v.source(e, ptr, s.name+" operationId")
		if si == nil {
			return
		}
		if si.kind() == SourceTypeArazzo {
			v.report(ruleWrongSourceType, v.at(ptr), ptr, "Operations come from OpenAPI sources; a workflow of an Arazzo source is called with workflowId.",
				"%s: operationId %s: source %q is an Arazzo document, which has no operations", s.name, id, si.sd.Name)
			return
		}
		api := si.openAPI()
		if api == nil {
			return
		}
		op, ok := api.OperationByID(e.SourceRef())
		if !ok {
			v.report(ruleUnknownOperation, v.at(ptr), ptr, suggest(e.SourceRef(), operationIDs(api)),
				"%s: source %q (%s) has no operation with operationId %q", s.name, si.sd.Name, api.Title(), e.SourceRef())
			return
		}
		s.op = op
		return
	}
	if v.bundle == nil {
		return
	}
	var candidates, matches []*sourceInfo
	var found []*oas.Operation
	unsure := false
	for _, si := range v.sourcesInOrder() {
		switch {
		case si.kind() == SourceTypeArazzo:
			continue
		case !si.loaded():
			unsure = true
			if si.kind() == "" {
				continue
			}
		}
		candidates = append(candidates, si)
		if api := si.openAPI(); api != nil {
			if op, ok := api.OperationByID(id); ok {
				matches = append(matches, si)
				found = append(found, op)
			}
		}
	}
	switch {
	case len(matches) > 1:
		names := make([]string, len(matches))
		for i, m := range matches {
			names[i] = m.sd.Name
		}
		v.report(ruleAmbiguousOperation, v.at(ptr), ptr,
			fmt.Sprintf("Name the source, as in $sourceDescriptions.%s.%s.", names[0], id),
			"%s: operationId %q is defined by the sources %s", s.name, id, quoteNames(names))
	case len(matches) == 1 && len(candidates) > 1:
		s.op = found[0]
		v.report(ruleUnqualifiedOperationID, v.at(ptr), ptr,
			fmt.Sprintf("Write $sourceDescriptions.%s.%s.", matches[0].sd.Name, id),
			"%s: operationId %q must name its source, because the document lists %d OpenAPI sources", s.name, id, len(candidates))
	case len(matches) == 1:
		s.op = found[0]
	case unsure:
		// A source that could not be loaded may define it.
	case len(candidates) == 0:
		v.report(ruleUnknownOperation, v.at(ptr), ptr, "Add the OpenAPI description that defines the operation to sourceDescriptions.",
			"%s: operationId %q cannot be resolved: the document lists no OpenAPI source", s.name, id)
	default:
		var all []string
		for _, si := range candidates {
			all = append(all, operationIDs(si.openAPI())...)
		}
		where := fmt.Sprintf("source %q", candidates[0].sd.Name)
		if len(candidates) > 1 {
			where = "any OpenAPI source"
		}
		hint := suggest(id, all)
		if name, rest, ok := strings.Cut(id, "."); ok && v.sources[name] != nil {
			hint = fmt.Sprintf("To name the source, write $sourceDescriptions.%s.%s.", name, rest)
		}
		v.report(ruleUnknownOperation, v.at(ptr), ptr, hint,
			"%s: operationId %q is not defined by %s", s.name, id, where)
	}
}

// openAPI returns the OpenAPI index of a loaded OpenAPI source, or nil.
func (s *sourceInfo) openAPI() *oas.Document {
	if !s.loaded() {
		return nil
	}
	return s.src.OpenAPI()
}

// operationIDs lists the operationIds of a description.
func operationIDs(api *oas.Document) []string {
	if api == nil {
		return nil
	}
	var ids []string
	for _, op := range api.Operations() {
		if op.OperationID != "" {
			ids = append(ids, op.OperationID)
		}
	}
	return ids
}

// describeOperation names an operation for messages: `listSecrets (GET
// /secrets)`, or `GET /secrets` when it has no operationId.
func describeOperation(op *oas.Operation) string {
	if op.OperationID == "" {
		return op.String()
	}
	return fmt.Sprintf("%s (%s)", op.OperationID, op)
}

// operationPathHint shows the forms of operationPath (AMB-53).
const operationPathHint = "Write the source as a runtime expression followed by a JSON Pointer to the operation, as in " +
	"'{$sourceDescriptions.petStore.url}#/paths/~1pets/get' or '$sourceDescriptions.petStore#/paths/~1pets/get'."

// splitOperationPath reads an operationPath in either form of AMB-53,
// "{$sourceDescriptions.<name>.url}#<pointer>" or
// "$sourceDescriptions.<name>#<pointer>" (also with ".url"), and returns
// the source name with its byte offset, and the pointer with its offset.
// When the text is in neither form, it returns a message and the offset
// of the problem.
func splitOperationPath(path string) (name string, nameOff int, pointer string, ptrOff int, problem string, problemOff int) {
	const prefix = "$sourceDescriptions."
	var rest string
	var restOff int
	switch {
	case strings.HasPrefix(path, "{"):
		end := strings.IndexByte(path, '}')
		if end < 0 {
			return "", 0, "", 0, "the \"{\" that starts the source expression is not closed", 0
		}
		e, err := expr.Parse(path[1:end])
		if err != nil {
			var se *expr.SyntaxError
			if errors.As(err, &se) {
				return "", 0, "", 0, "the source expression is invalid: " + se.Msg, 1 + se.Offset
			}
			return "", 0, "", 0, err.Error(), 1
		}
		if e.Kind() != expr.KindSourceDescriptions || e.SourceRef() != "url" {
			return "", 0, "", 0, fmt.Sprintf("the braces hold %s; they must hold $sourceDescriptions.<name>.url", e), 1
		}
		name, nameOff = e.SourceName(), 1+len(prefix)
		rest, restOff = path[end+1:], end+1
	case strings.HasPrefix(path, prefix):
		body := path[len(prefix):]
		end := strings.IndexAny(body, ".#")
		if end < 0 {
			return "", 0, "", 0, "the source expression is not followed by \"#\" and a JSON Pointer", len(path)
		}
		name, nameOff = body[:end], len(prefix)
		if name == "" {
			return "", 0, "", 0, "the source description name is empty", len(prefix)
		}
		for i := 0; i < len(name); i++ {
			if c := name[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
				return "", 0, "", 0, fmt.Sprintf("%q cannot appear in a source description name", string(c)), len(prefix) + i
			}
		}
		rest, restOff = body[end:], len(prefix)+end
		if strings.HasPrefix(rest, ".") {
			if !strings.HasPrefix(rest, ".url") {
				return "", 0, "", 0, "only the url field of a source description can lead to an operation", restOff
			}
			rest, restOff = rest[len(".url"):], restOff+len(".url")
		}
	default:
		return "", 0, "", 0, "the source part is not a runtime expression (STEP-09)", 0
	}
	if !strings.HasPrefix(rest, "#") {
		return "", 0, "", 0, "the source expression must be followed by \"#\" and a JSON Pointer to the operation", restOff
	}
	return name, nameOff, rest[1:], restOff + 1, "", 0
}

// resolveOperationPath resolves a step's operationPath to the Operation
// Object it points at (STEP-08, STEP-09, AMB-53).
func (v *validator) resolveOperationPath(s *stepInfo) {
	path := s.step.OperationPath
	ptr := s.ptr + "/operationPath"
	if !v.isString(ptr) {
		return
	}
	name, nameOff, pointer, ptrOff, problem, off := splitOperationPath(path)
	if problem != "" {
		n := 1
		if off >= len(path) {
			n = 0
		}
		v.report(ruleInvalidOperationPath, v.inString(ptr, off, n), ptr, operationPathHint,
			"%s: operationPath %q: %s", s.name, path, problem)
		return
	}
	si, ok := v.sources[name]
	if !ok {
		v.report(ruleUnknownSource, v.inString(ptr, nameOff, len(name)), ptr, suggest(name, sortedNames(v.sources)),
			"%s: operationPath: the document has no source description %q", s.name, name)
		return
	}
	if si.kind() == SourceTypeArazzo {
		v.report(ruleWrongSourceType, v.inString(ptr, nameOff, len(name)), ptr, "Operations come from OpenAPI sources; a workflow of an Arazzo source is called with workflowId.",
			"%s: operationPath: source %q is an Arazzo document, which has no operations", s.name, name)
		return
	}
	api := si.openAPI()
	if api == nil {
		// Without the description, a pointer into /paths can still be
		// seen not to name an operation.
		if why := notAnOperation(pointer); why != "" {
			v.report(ruleUnknownOperation, v.inString(ptr, ptrOff, len(pointer)), ptr, "",
				"%s: operationPath: %q does not name an operation: %s", s.name, pointer, why)
		}
		return
	}
	op, err := api.OperationAt(pointer)
	if err != nil {
		var pe *oas.PointerError
		msg := err.Error()
		if errors.As(err, &pe) {
			msg = pe.Reason
		}
		v.report(ruleUnknownOperation, v.inString(ptr, ptrOff, len(pointer)), ptr, "",
			"%s: operationPath: %q in source %q does not name an operation: %s", s.name, pointer, name, msg)
		return
	}
	s.op = op
	if op.OperationID != "" {
		ref := op.OperationID
		if v.countOpenAPISources() > 1 {
			ref = "$sourceDescriptions." + name + "." + op.OperationID
		}
		v.report(rulePreferOperationID, v.at(ptr), ptr, fmt.Sprintf("Write operationId: %s.", ref),
			"%s: operation %s has an operationId, which should be used instead of operationPath", s.name, describeOperation(op))
	}
}

// countOpenAPISources counts the source descriptions that are not Arazzo
// documents.
func (v *validator) countOpenAPISources() int {
	n := 0
	for _, si := range v.sourcesInOrder() {
		if si.kind() != SourceTypeArazzo {
			n++
		}
	}
	return n
}

// httpMethods are the fields of a Path Item Object that hold operations.
var httpMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// notAnOperation says why a JSON Pointer into /paths of an OpenAPI
// description cannot name an Operation Object, which is always at
// /paths/{path}/{method}; it returns "" when it may, or when the pointer
// is not into /paths.
func notAnOperation(pointer string) string {
	p, err := jsonpointer.Parse(pointer)
	if err != nil || p.Len() == 0 || p.Token(0) != "paths" {
		return ""
	}
	switch {
	case p.Len() == 1:
		return "it names the Paths Object; add a path and a method, as in \"/paths/~1pets/get\""
	case p.Len() == 2:
		return fmt.Sprintf("it names the Path Item Object of %q; add the method, as in %q", p.Token(1), pointer+"/get")
	case !slices.Contains(httpMethods, p.Token(2)):
		if slices.Contains(httpMethods, strings.ToLower(p.Token(2))) {
			return fmt.Sprintf("methods are lower-case in OpenAPI; use %q", pointer[:len(pointer)-len(p.Token(2))]+strings.ToLower(p.Token(2)))
		}
		return fmt.Sprintf("it names the %q field of the Path Item Object of %q, not an operation", p.Token(2), p.Token(1))
	case p.Len() > 3:
		return fmt.Sprintf("it names a value inside the %s operation of %q; end the pointer at the method", p.Token(2), p.Token(1))
	}
	return ""
}
