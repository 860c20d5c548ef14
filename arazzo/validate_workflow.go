package arazzo

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/arazzo-dev/arazzo/expr"
	"github.com/arazzo-dev/arazzo/internal/jsonpointer"
	"github.com/arazzo-dev/arazzo/internal/jsonvalue"
	"github.com/arazzo-dev/arazzo/internal/oas"
)

// checkWorkflow runs the checks of one workflow and its steps.
func (v *validator) checkWorkflow(w *workflowInfo) {
	wf := w.wf
	if wf.Inputs != nil {
		n := len(v.diags)
		compile := v.checkSchemaRefs(wf.Inputs, w.ptr+"/inputs", w.name+" inputs") || v.compileInputs
		if compile && len(v.diags) == n {
			v.checkInputsSchema(w)
		}
	}
	for i, dep := range wf.DependsOn {
		if dep == "" {
			continue // not a string: the schema check reports it
		}
		v.resolveWorkflowRef(dep, w.ptr+"/dependsOn/"+strconv.Itoa(i), w.name+" dependsOn")
	}
	for _, s := range w.stepList {
		v.resolveStep(w, s)
	}
	wfScope := scope{wf: w, site: siteParam}
	wfParams := v.resolveParams(wf.Parameters, w.name, wfScope)
	if s := w.firstOperationStep; s != nil {
		for _, u := range wfParams {
			if u.in == "" {
				v.report(ruleMissingParameterIn, v.at(u.reportPtr), u.reportPtr, "Add in: path, query, header or cookie.",
					"%s parameter %q has no \"in\", but %s calls an operation, and every parameter applied to an operation step needs one (AMB-11)",
					w.name, u.name, s.name)
			}
		}
	}
	for _, s := range w.stepList {
		v.checkStep(w, s, wfParams)
	}
	actionScope := scope{wf: w, site: siteActionCriteria}
	v.checkSuccessActions(wf.SuccessActions, w.name, actionScope)
	v.checkFailureActions(wf.FailureActions, w.name, actionScope)
	v.checkOutputs(wf.Outputs, w.name, scope{wf: w, site: siteWorkflowOutputs})
}

// checkStep runs the checks of one step.
func (v *validator) checkStep(w *workflowInfo, s *stepInfo, wfParams []paramUse) {
	st := s.step
	params := v.resolveParams(st.Parameters, s.name, scope{wf: w, step: s, site: siteParam})
	if !s.isWorkflow && (st.OperationID != "" || st.OperationPath != "") {
		for _, u := range params {
			if u.in == "" && u.component != "" {
				v.report(ruleMissingParameterIn, v.at(u.reportPtr), u.reportPtr, "Add \"in\" to the component, or use an inline parameter with in.",
					"%s: parameter component %q has no \"in\", but the step calls an operation, and every parameter of an operation step needs one",
					s.name, u.component)
			}
		}
	}
	switch {
	case s.op != nil:
		v.checkOperationParams(s, params, wfParams)
		v.checkOperationBody(s)
	case s.child != nil:
		v.checkWorkflowParams(s, params, wfParams)
	}
	if rb := st.RequestBody; rb != nil {
		if s.isWorkflow {
			p := s.ptr + "/requestBody"
			v.report(ruleRequestBodyWorkflowStep, v.keyAt(p), p, "Pass values to the workflow as parameters; they become its inputs.",
				"%s calls a workflow, so its requestBody is ignored (AMB-47)", s.name)
		}
		v.checkRequestBody(s, rb, scope{wf: w, step: s, site: siteBody})
	}
	v.checkCriteria(st.SuccessCriteria, s.name, "success criterion", scope{wf: w, step: s, site: siteSuccessCriteria})
	actionScope := scope{wf: w, step: s, site: siteActionCriteria}
	v.checkSuccessActions(st.OnSuccess, s.name, actionScope)
	v.checkFailureActions(st.OnFailure, s.name, actionScope)
	v.checkOutputs(st.Outputs, s.name, scope{wf: w, step: s, site: siteStepOutputs})
}

// paramUse is one entry of a parameter list, with a Reusable Object
// resolved to its component.
type paramUse struct {
	name, in string
	// reportPtr is where problems with the parameter's identity are
	// reported: the name of an inline parameter, the reference of a
	// Reusable Object.
	reportPtr string
	// component is the component's name for a Reusable Object.
	component string
	// owner names the parameter for messages.
	owner string
	// folded is the lower-cased name of a header parameter, set by
	// resolveParams.
	folded string
}

// paramKey identifies a parameter; see [paramUse.key].
type paramKey struct {
	in, name string
	byName   bool
}

// key identifies a parameter (AMB-10): its location and name, with header
// names compared case-insensitively. The parameters of a step that calls a
// workflow become inputs and are identified by name alone (byName).
func (u paramUse) key(byName bool) paramKey {
	if byName {
		return paramKey{name: u.name, byName: true}
	}
	if u.in == InHeader {
		name := u.folded
		if name == "" {
			name = strings.ToLower(u.name)
		}
		return paramKey{in: u.in, name: name}
	}
	return paramKey{in: u.in, name: u.name}
}

// describe names the parameter with its location: `header "X-Id"`.
func (u paramUse) describe() string {
	if u.in == "" {
		return strconv.Quote(u.name)
	}
	return fmt.Sprintf("%s parameter %q", u.in, u.name)
}

// resolveParams resolves a parameter list, checks each value and reference,
// and reports duplicates (WF-22, STEP-14, AMB-09).
func (v *validator) resolveParams(list []*Parameter, owner string, sc scope) []paramUse {
	var out []paramUse
	seen := map[paramKey]int{}
	byName := sc.step != nil && sc.step.isWorkflow
	for _, p := range list {
		ptr := p.Loc.Pointer
		var u paramUse
		if r := p.Reusable; r != nil {
			name, ok := v.componentRef(r, ptr, "parameters", owner)
			if !ok {
				continue
			}
			cp := v.doc.Components.Parameters[name]
			u = paramUse{name: cp.Name, in: cp.In, reportPtr: ptr + "/reference", component: name}
			u.owner = quotedLabel(owner, " parameter", cp.Name)
			if r.HasValue {
				v.checkValue(r.Value, ptr+"/value", u.owner, sc)
			} else {
				v.checkValue(cp.Value, cp.Loc.Pointer+"/value", quotedLabel("parameter component", "", name), sc)
			}
		} else {
			u = paramUse{name: p.Name, in: p.In, reportPtr: ptr + "/name"}
			u.owner = quotedLabel(owner, " parameter", p.Name)
			v.checkValue(p.Value, ptr+"/value", u.owner, sc)
		}
		if u.name == "" {
			continue
		}
		if u.in == InHeader {
			u.folded = strings.ToLower(u.name)
		}
		if i, dup := seen[u.key(byName)]; dup {
			first := out[i]
			// Entries that are equal as values are reported by the schema
			// check (uniqueItems).
			if !v.sameValue(first.reportPtr[:strings.LastIndexByte(first.reportPtr, '/')], ptr) {
				v.report(ruleDuplicateParameter, v.at(u.reportPtr), u.reportPtr, "Keep one of the two parameters.",
					"%s: %s is listed twice; the first is at %s", owner, u.describe(), v.at(first.reportPtr).Start)
			}
			continue
		}
		seen[u.key(byName)] = len(out)
		out = append(out, u)
	}
	return out
}

// sameValue reports whether the document holds equal values at two
// pointers.
func (v *validator) sameValue(a, b string) bool {
	if v.doc.index == nil {
		return false
	}
	va, ok1 := v.doc.index.plainAt(a)
	vb, ok2 := v.doc.index.plainAt(b)
	return ok1 && ok2 && jsonvalue.Equal(va, vb)
}

// componentRef resolves the reference of a Reusable Object in a list that
// takes components of type want ("parameters", "successActions" or
// "failureActions"), reporting a malformed reference (COMP-10), one to the
// wrong kind of component or to none (COMP-11).
func (v *validator) componentRef(r *Reusable, ptr, want, owner string) (string, bool) {
	refPtr := ptr + "/reference"
	if !v.isString(refPtr) {
		return "", false
	}
	e, err := expr.Parse(r.Reference)
	hint := "Write $components." + want + ".<name>."
	if err != nil {
		var se *expr.SyntaxError
		if errors.As(err, &se) {
			v.report(ruleInvalidReference, v.errorRange(refPtr, se), refPtr, hint, "%s: reference: %s", owner, syntaxMessage(se))
		} else {
			v.report(ruleInvalidReference, v.at(refPtr), refPtr, hint, "%s: reference: %v", owner, err)
		}
		return "", false
	}
	if e.Kind() != expr.KindComponents {
		v.report(ruleInvalidReference, v.at(refPtr), refPtr, hint,
			"%s: reference %q is not a $components expression", owner, r.Reference)
		return "", false
	}
	if e.ComponentType() != want {
		v.report(ruleWrongComponentType, v.at(refPtr), refPtr, hint,
			"%s: reference %q names a %s component, but this list takes %s", owner, r.Reference, e.ComponentType(), want)
		return "", false
	}
	if !v.hasComponent(want, e.Name()) {
		v.report(ruleUnknownComponent, v.at(refPtr), refPtr, suggest(e.Name(), v.componentNames(want)),
			"%s: reference %q: components has no %s entry %q", owner, r.Reference, want, e.Name())
		return "", false
	}
	return e.Name(), true
}

// hasComponent reports whether components has an entry of the type.
func (v *validator) hasComponent(typ, name string) bool {
	c := v.doc.Components
	if c == nil {
		return false
	}
	switch typ {
	case "parameters":
		return c.Parameters[name] != nil
	case "successActions":
		return c.SuccessActions[name] != nil
	case "failureActions":
		return c.FailureActions[name] != nil
	case "inputs":
		_, ok := c.Inputs[name]
		return ok
	}
	return false
}

// componentNames lists the components of a type.
func (v *validator) componentNames(typ string) []string {
	c := v.doc.Components
	if c == nil {
		return nil
	}
	switch typ {
	case "parameters":
		return sortedNames(c.Parameters)
	case "successActions":
		return sortedNames(c.SuccessActions)
	case "failureActions":
		return sortedNames(c.FailureActions)
	case "inputs":
		return sortedNames(c.Inputs)
	}
	return nil
}

// effectiveParams merges workflow-level parameters into a step's: a step
// parameter replaces the workflow parameter with the same identity
// (PARAM-13; by name alone for a step that calls a workflow). Workflow
// parameters come second, marked.
func effectiveParams(step, wf []paramUse, byName bool) (all []paramUse, fromWorkflow []bool) {
	have := map[paramKey]bool{}
	for _, u := range step {
		have[u.key(byName)] = true
		all = append(all, u)
		fromWorkflow = append(fromWorkflow, false)
	}
	for _, u := range wf {
		if !have[u.key(byName)] {
			all = append(all, u)
			fromWorkflow = append(fromWorkflow, true)
		}
	}
	return all, fromWorkflow
}

// checkOperationParams checks a step's parameters against its operation:
// each must be declared (PARAM-12, AMB-12) and each required operation
// parameter must be supplied.
func (v *validator) checkOperationParams(s *stepInfo, params, wfParams []paramUse) {
	op := s.op
	all, fromWF := effectiveParams(params, wfParams, false)
	supplied := map[paramKey]bool{}
	for i, u := range all {
		if !knownIn(u.in) {
			continue // no in (missing-parameter-in), or one the schema refuses
		}
		supplied[u.key(false)] = true
		if op.Accepts(u.in, u.name) {
			continue
		}
		hint := ""
		for _, p := range op.Parameters {
			if p.Name == u.name || (strings.EqualFold(p.Name, u.name) && (p.In == InHeader || u.in == InHeader)) {
				hint = fmt.Sprintf("The operation declares %s parameter %q.", p.In, p.Name)
				break
			}
		}
		if hint == "" {
			var names []string
			for _, p := range op.Parameters {
				if p.In == u.in {
					names = append(names, p.Name)
				}
			}
			hint = suggest(u.name, names)
		}
		owner := u.owner
		if fromWF[i] {
			owner = fmt.Sprintf("%s, applied to %s", u.owner, s.name)
		}
		v.report(ruleUndeclaredParameter, v.at(u.reportPtr), u.reportPtr, hint,
			"%s: operation %s declares no %s", owner, describeOperation(op), u.describe())
	}
	for _, p := range op.Parameters {
		if !p.Required {
			continue
		}
		if supplied[paramUse{name: p.Name, in: p.In}.key(false)] {
			continue
		}
		ptr := s.targetPtr()
		v.report(ruleMissingRequiredParameter, v.at(ptr), ptr, fmt.Sprintf("Add a parameter with name: %s and in: %s.", p.Name, p.In),
			"%s: operation %s requires %s parameter %q, which no parameter of the step or its workflow supplies", s.name, describeOperation(op), p.In, p.Name)
	}
}

// knownIn reports whether in is a parameter location of Arazzo 1.0: path,
// query, header or cookie. Another value (body, querystring, a typo) is a
// schema error, and comparing it with the operation's parameters would
// only repeat that error as an undeclared parameter.
func knownIn(in string) bool {
	switch in {
	case InPath, InQuery, InHeader, InCookie:
		return true
	}
	return false
}

// targetPtr is the pointer of the field naming the step's target.
func (s *stepInfo) targetPtr() string {
	switch {
	case s.step.OperationID != "":
		return s.ptr + "/operationId"
	case s.step.OperationPath != "":
		return s.ptr + "/operationPath"
	case s.step.WorkflowID != "":
		return s.ptr + "/workflowId"
	}
	return s.ptr
}

// checkWorkflowParams checks the parameters of a step that calls a
// workflow against that workflow's inputs (PARAM-05): each must name an
// input, and each required input must be supplied.
func (v *validator) checkWorkflowParams(s *stepInfo, params, wfParams []paramUse) {
	in := s.child.inputs
	if in == nil {
		return
	}
	name := describeID("workflow", s.child.wf.WorkflowID, 0)
	all, fromWF := effectiveParams(params, wfParams, true)
	supplied := map[string]bool{}
	for i, u := range all {
		supplied[u.name] = true
		if in.names[u.name] {
			continue
		}
		owner := u.owner
		if fromWF[i] {
			owner = fmt.Sprintf("%s, applied to %s", u.owner, s.name)
		}
		v.report(ruleUndeclaredParameter, v.at(u.reportPtr), u.reportPtr, suggest(u.name, in.list()),
			"%s: the called %s declares no input %q", owner, name, u.name)
	}
	for _, r := range in.required {
		if supplied[r] {
			continue
		}
		ptr := s.targetPtr()
		v.report(ruleMissingRequiredParameter, v.at(ptr), ptr, fmt.Sprintf("Add a parameter with name: %s.", r),
			"%s: the called %s requires input %q, which no parameter of the step or its workflow supplies", s.name, name, r)
	}
}

// checkOperationBody checks a step's request body against its operation:
// the method (STEP-16), the operation's request body, and the media type.
func (v *validator) checkOperationBody(s *stepInfo) {
	op, rb := s.op, s.step.RequestBody
	p := s.ptr + "/requestBody"
	if rb == nil {
		if op.RequestBody != nil && op.RequestBody.Required {
			ptr := s.targetPtr()
			v.report(ruleMissingRequestBody, v.at(ptr), ptr, "Add a requestBody with the payload the operation expects.",
				"%s: operation %s requires a request body, and the step has none", s.name, describeOperation(op))
		}
		return
	}
	switch op.Method {
	case "GET", "HEAD", "DELETE":
		v.report(ruleRequestBodyMethod, v.keyAt(p), p, "Remove the requestBody, or call an operation that takes one.",
			"%s: a request body sent with %s has no defined meaning, and servers may reject it (STEP-16)", s.name, op.Method)
		return
	}
	if op.RequestBody == nil {
		v.report(ruleUndeclaredRequestBody, v.keyAt(p), p, "",
			"%s: operation %s declares no request body", s.name, describeOperation(op))
		return
	}
	if ct := rb.ContentType; ct != "" && len(op.RequestBody.Content) > 0 && !acceptsMediaType(op.RequestBody.Content, ct) {
		names := make([]string, len(op.RequestBody.Content))
		for i, mt := range op.RequestBody.Content {
			names[i] = mt.Name
		}
		cp := p + "/contentType"
		v.report(ruleUnknownContentType, v.at(cp), cp, fmt.Sprintf("The operation accepts %s.", quoteNames(names)),
			"%s: operation %s does not accept the media type %q", s.name, describeOperation(op), ct)
	}
}

// acceptsMediaType reports whether a content map accepts a media type,
// directly or through a range such as "application/*".
func acceptsMediaType(content []*oas.MediaType, ct string) bool {
	want := bareType(ct)
	for _, mt := range content {
		name := bareType(mt.Name)
		switch {
		case name == want, name == "*/*":
			return true
		case strings.HasSuffix(name, "/*") && strings.HasPrefix(want, strings.TrimSuffix(name, "*")):
			return true
		}
	}
	return false
}

// bareType lower-cases a media type and drops its parameters.
func bareType(s string) string {
	if i := strings.IndexByte(s, ';'); i >= 0 {
		s = s[:i]
	}
	return strings.ToLower(strings.TrimSpace(s))
}

// checkRequestBody checks the payload and replacements of a request body.
func (v *validator) checkRequestBody(s *stepInfo, rb *RequestBody, sc scope) {
	owner := s.name + " request body"
	if rb.HasPayload {
		v.checkValue(rb.Payload, rb.Loc.Pointer+"/payload", owner, sc)
		if text, ok := rb.Payload.(string); ok && isJSONMediaType(rb.ContentType) {
			v.checkJSONPayload(text, rb.ContentType, rb.Loc.Pointer+"/payload", owner)
		}
	}
	structured := false
	switch rb.Payload.(type) {
	case map[string]any, []any:
		structured = true
	}
	for i, r := range rb.Replacements {
		rOwner := owner + " payload replacement at index " + strconv.Itoa(i)
		tp := r.Loc.Pointer + "/target"
		if v.isString(tp) && (structured || strings.HasPrefix(r.Target, "/")) && !strings.Contains(bareType(rb.ContentType), "xml") {
			if _, err := jsonpointer.Parse(r.Target); err != nil {
				off := 0
				msg := err.Error()
				var se *jsonpointer.SyntaxError
				if errors.As(err, &se) {
					off, msg = se.Offset, se.Msg
				}
				v.report(ruleInvalidReplacementTarget, v.inString(tp, off, 1), tp, "Write a JSON Pointer such as /customer/id, escaping \"~\" as ~0 and \"/\" as ~1.",
					"%s: target %q is not a JSON Pointer: %s", rOwner, r.Target, msg)
			}
		}
		v.checkValue(r.Value, r.Loc.Pointer+"/value", rOwner, sc)
	}
}

// checkInputsSchema compiles a workflow's inputs schema as the runtime
// does (WF-06, with [CompileInputs]), reporting what the JSON Schema check
// of the document does not: references that lead to something that is not
// a schema, or out of the document. Compiling costs far more than every
// other check together, so it runs only for schemas that checkSchemaRefs
// cannot vouch for.
func (v *validator) checkInputsSchema(w *workflowInfo) {
	_, err := CompileInputs(v.doc, w.wf)
	if err == nil {
		return
	}
	var ie *InputSchemaError
	if !errors.As(err, &ie) {
		p := w.ptr + "/inputs"
		v.report(ruleInvalidInputsSchema, v.at(p), p, "", "%s inputs: %v", w.name, err)
		return
	}
	inputs := w.ptr + "/inputs"
	inSchemas := within(ie.Pointer, inputs) || within(ie.Pointer, "/components/inputs")
	if strings.HasPrefix(ie.Message, "not a valid JSON Schema") && inSchemas {
		return // the JSON Schema check of the document reports it
	}
	p, msg := ie.Pointer, ie.Message
	if !inSchemas {
		// A reference led out of the schemas: report it at the reference.
		msg = fmt.Sprintf("%s (at %s)", msg, p)
		p = inputs
		if v.has(inputs + "/$ref") {
			p = inputs + "/$ref"
		}
	}
	v.report(ruleInvalidInputsSchema, v.at(p), p, "", "%s inputs: %s", w.name, msg)
}

// within reports whether pointer is base or below it.
func within(pointer, base string) bool {
	return pointer == base || strings.HasPrefix(pointer, base+"/")
}

// isJSONMediaType reports whether a media type is JSON: application/json or
// a +json suffix type.
func isJSONMediaType(ct string) bool {
	t := bareType(ct)
	return t == "application/json" || strings.HasSuffix(t, "+json")
}

// checkJSONPayload checks that a payload given as a string for a JSON media
// type is JSON once its placeholders are filled in. Each {$...} placeholder
// (and bare expression) is replaced by 0, which is valid both inside a
// JSON string and as a value of its own.
func (v *validator) checkJSONPayload(text, contentType, ptr, owner string) {
	cv := v.values[ptr]
	if cv == nil {
		return
	}
	type span struct{ start, end int }
	var spans []span
	for o := range cv.Expressions() {
		if o.Form == expr.FormWhole {
			return // the whole payload is an expression
		}
		start, end := o.Offset, o.Offset+len(o.Expr.String())
		if o.Form == expr.FormEmbedded && start > 0 && text[start-1] == '{' {
			start--
			if i := strings.IndexByte(text[end:], '}'); i >= 0 {
				end += i + 1
			}
		}
		spans = append(spans, span{start, end})
	}
	var b strings.Builder
	last := 0
	// toOriginal maps offsets of the filled-in text back to the payload.
	type shift struct{ at, delta int }
	var shifts []shift
	for _, sp := range spans {
		if sp.start < last {
			continue
		}
		b.WriteString(text[last:sp.start])
		b.WriteByte('0')
		shifts = append(shifts, shift{b.Len(), sp.end - sp.start - 1})
		last = sp.end
	}
	b.WriteString(text[last:])
	filled := b.String()
	var val any
	err := json.Unmarshal([]byte(filled), &val)
	if err == nil {
		return
	}
	off := len(filled)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off = int(se.Offset) - 1
	}
	orig := off
	for _, sh := range shifts {
		if off >= sh.at {
			orig += sh.delta
		}
	}
	orig = max(0, min(orig, len(text)))
	msg := strings.TrimPrefix(err.Error(), "json: ")
	v.report(ruleInvalidJSONPayload, v.inString(ptr, orig, 1), ptr, "Fix the JSON text, or give the payload as a YAML or JSON object instead of a string.",
		"%s: the payload is sent as %q but is not JSON: %s", owner, contentType, msg)
}
