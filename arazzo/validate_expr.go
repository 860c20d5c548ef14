package arazzo

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/arazzo-dev/arazzo/expr"
)

// site says where an expression is evaluated, which decides what it may
// read.
type site uint8

const (
	// siteParam: a parameter value, evaluated before the request is built.
	siteParam site = iota
	// siteBody: a request body payload or replacement value, evaluated
	// while the request is built.
	siteBody
	// siteSuccessCriteria: a step's successCriteria, after the response.
	siteSuccessCriteria
	// siteActionCriteria: the criteria of an onSuccess or onFailure action.
	siteActionCriteria
	// siteStepOutputs: a step's outputs.
	siteStepOutputs
	// siteWorkflowOutputs: a workflow's outputs, after its last step.
	siteWorkflowOutputs
	// siteComponent: a component checked on its own, outside any
	// workflow.
	siteComponent
)

// scope is the context an expression is checked in.
type scope struct {
	wf   *workflowInfo // nil when the workflow is not known
	step *stepInfo     // nil at workflow level
	site site
}

// checkValue compiles a parameter value, payload or replacement value (a
// plain value whose strings may hold expressions) and checks the
// expressions in it. ptr is the value's pointer; owner names its holder
// for messages.
func (v *validator) checkValue(val any, ptr, owner string, sc scope) {
	cv, seen := v.values[ptr]
	if !seen {
		var err error
		cv, err = expr.CompileValue(val)
		if err != nil {
			cv = nil
			v.valueError(err, ptr, owner)
		}
		v.values[ptr] = cv
	}
	if cv == nil {
		return
	}
	var buf [8]exprAt
	found := buf[:0] // where the evaluated expressions are
	for o := range cv.Expressions() {
		strPtr := ptr + o.Pointer
		if o.Form == expr.FormBare {
			v.bareExpression(o, strPtr, owner)
		}
		v.checkRef(o.Expr, strPtr, o.Offset, owner, sc, false)
		if !seen {
			found = append(found, exprAt{strPtr, o.Offset})
		}
	}
	if seen {
		return // the literal text was checked when the value was compiled
	}
	walkStrings(val, ptr, func(s, strPtr string) {
		v.literalExpressions(s, strPtr, owner, found)
	})
}

// exprAt locates an evaluated expression: the pointer of the string that
// holds it and its byte offset there.
type exprAt struct {
	ptr string
	off int
}

// walkStrings calls fn for each string in a plain value that holds a "$",
// with its pointer.
func walkStrings(val any, ptr string, fn func(s, ptr string)) {
	switch x := val.(type) {
	case string:
		if strings.IndexByte(x, '$') >= 0 {
			fn(x, ptr)
		}
	case map[string]any:
		for _, k := range sortedNames(x) {
			walkStrings(x[k], ptr+"/"+escapeToken(k), fn)
		}
	case []any:
		for i, e := range x {
			walkStrings(e, ptr+"/"+strconv.Itoa(i), fn)
		}
	}
}

// expressionRoots are the names that follow "$" at the start of a runtime
// expression.
var expressionRoots = []string{"inputs.", "steps.", "response.", "request.", "outputs.", "workflows.",
	"sourceDescriptions.", "components.", "statusCode", "url", "method"}

// literalExpressions warns about text in a string that looks like a
// runtime expression but is not evaluated, because it is neither the whole
// string, nor in a {$...} placeholder, nor a bare expression after white
// space: "scope=$inputs.scope" sends the text "$inputs.scope". evaluated
// locates the expressions that are evaluated.
func (v *validator) literalExpressions(s, strPtr, owner string, evaluated []exprAt) {
	for i := 0; i < len(s); i++ {
		if s[i] != '$' || slices.Contains(evaluated, exprAt{strPtr, i}) || !startsRoot(s[i+1:]) {
			continue
		}
		end := i + 1
		if _, n, err := expr.ParsePrefix(s, i, " \t\r\n{}\"'&,;<>()[]"); err == nil {
			end = n
		} else {
			for end < len(s) && (isWordByte(s[end]) || s[end] == '.') {
				end++
			}
		}
		text := s[i:end]
		v.report(ruleLiteralExpression, v.inString(strPtr, i, len(text)), strPtr,
			fmt.Sprintf("Write %q to insert the value.", s[:i]+"{"+text+"}"+s[end:]),
			"%s: %s is sent as literal text: only a whole value, a {$...} placeholder or an expression after white space is evaluated", owner, text)
		i = end - 1
	}
}

// startsRoot reports whether rest, the text after a "$", starts with the
// name of an expression root; "$url", "$method" and "$statusCode" must not
// go on with a name character.
func startsRoot(rest string) bool {
	for _, r := range expressionRoots {
		if !strings.HasPrefix(rest, r) {
			continue
		}
		if strings.HasSuffix(r, ".") {
			return len(rest) > len(r)
		}
		return len(rest) == len(r) || !isWordByte(rest[len(r)])
	}
	return false
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// valueError reports a value that does not compile.
func (v *validator) valueError(err error, ptr, owner string) {
	var ve *expr.ValueError
	var se *expr.SyntaxError
	if errors.As(err, &ve) && errors.As(ve.Err, &se) {
		p := ptr + ve.Pointer
		v.report(ruleInvalidExpression, v.errorRange(p, se), p, expressionHint(se),
			"%s: %s", owner, syntaxMessage(se))
		return
	}
	v.report(ruleInvalidExpression, v.at(ptr), ptr, "", "%s: %v", owner, err)
}

// syntaxMessage phrases a syntax error without its offset, which the
// diagnostic's position gives.
func syntaxMessage(se *expr.SyntaxError) string {
	return fmt.Sprintf("invalid runtime expression in %q: %s", se.Input, se.Msg)
}

// expressionHint says how to fix common expression mistakes.
func expressionHint(se *expr.SyntaxError) string {
	if strings.Contains(se.Msg, "JSON pointer") && strings.Contains(se.Msg, "body") {
		return "Read inside a body with a JSON Pointer after \"#\", as in $response.body#/id."
	}
	return ""
}

// errorRange is the range of the character at the offset of a syntax
// error inside the string at ptr.
func (v *validator) errorRange(ptr string, se *expr.SyntaxError) Range {
	n := 1
	if se.Offset >= len(se.Input) {
		n = 0
	}
	return v.inString(ptr, se.Offset, n)
}

// bareExpression reports an expression written without braces inside a
// longer string (AMB-X1).
func (v *validator) bareExpression(o expr.Occurrence, strPtr, owner string) {
	text := o.Expr.String()
	// The messages are concatenated rather than formatted: a document may
	// have many of these findings, and they are only informational.
	hint := "Write {" + text + "}."
	if s, ok := v.stringAt(strPtr); ok && o.Offset+len(text) <= len(s) && s[o.Offset:o.Offset+len(text)] == text {
		hint = "Write " + strconv.Quote(s[:o.Offset]+"{"+text+"}"+s[o.Offset+len(text):]) + "."
	}
	v.report(ruleBareExpression, v.inString(strPtr, o.Offset, len(text)), strPtr, hint, "%s",
		owner+": "+text+" is written without braces; it is read as a runtime expression, but the specification asks for {"+text+"} inside a longer string")
}

// stringAt returns the decoded string at pointer in the document.
func (v *validator) stringAt(ptr string) (string, bool) {
	if v.doc.index == nil {
		return "", false
	}
	return v.doc.index.stringAt(ptr)
}

// checkExpression parses a string that must be exactly one runtime
// expression (an output, a criterion context) and checks it.
func (v *validator) checkExpression(text, ptr, owner string, sc scope) *expr.Expression {
	if !v.isString(ptr) {
		return nil // the schema check reports the type
	}
	e, err := expr.Parse(text)
	if err != nil {
		var se *expr.SyntaxError
		if errors.As(err, &se) {
			v.report(ruleInvalidExpression, v.errorRange(ptr, se), ptr, expressionHint(se), "%s: %s", owner, syntaxMessage(se))
		} else {
			v.report(ruleInvalidExpression, v.at(ptr), ptr, "", "%s: %v", owner, err)
		}
		return nil
	}
	v.checkRef(e, ptr, 0, owner, sc, false)
	return e
}

// checkOutputs checks the expressions of an outputs map.
func (v *validator) checkOutputs(outs Outputs, ownerName string, sc scope) {
	for _, o := range outs {
		v.checkExpression(o.Expression, o.Loc.Pointer, quotedLabel(ownerName, " output", o.Name), sc)
	}
}

// checkCriteria checks each criterion of a list.
func (v *validator) checkCriteria(list []*Criterion, owner, what string, sc scope) {
	for i, c := range list {
		v.checkCriterion(c, owner+" "+what+" at index "+strconv.Itoa(i), sc)
	}
}

// jsonpathMember finds the member a JSONPath comparison such as
// "$.status == 'running'" reads.
var jsonpathMember = regexp.MustCompile(`^\s*\$\.([A-Za-z_][A-Za-z0-9_]*)`)

// checkCriterion compiles a criterion and checks the expressions it reads.
// Problems the schema check reports (a missing condition or context, an
// unknown type or version) are left to it; a criterion whose type cannot
// be read (an object without its type, an array) is not checked further,
// since its condition's language is unknown.
func (v *validator) checkCriterion(c *Criterion, owner string, sc scope) {
	ptr := c.Loc.Pointer
	condPtr, ctxPtr := ptr+"/condition", ptr+"/context"
	if !v.isString(condPtr) || (c.Context != "" && !v.isString(ctxPtr)) {
		return
	}
	if c.Type == "" && v.has(ptr+"/type") {
		return
	}
	cond, err := expr.CompileCriterion(expr.Criterion{Context: c.Context, Condition: c.Condition, Type: c.Type, Version: c.Version()})
	if err != nil {
		v.criterionError(c, err, owner)
		return
	}
	simple := cond.Type() == CriterionSimple
	for o := range cond.Expressions() {
		p := ptr + o.Pointer
		v.checkRef(o.Expr, p, o.Offset, owner, sc, simple && o.Pointer == "/condition")
	}
}

// criterionError reports a criterion that does not compile.
func (v *validator) criterionError(c *Criterion, err error, owner string) {
	var ce *expr.CriterionError
	if !errors.As(err, &ce) {
		p := c.Loc.Pointer + "/condition"
		v.report(ruleInvalidCondition, v.at(p), p, "", "%s: %v", owner, err)
		return
	}
	var se *expr.SyntaxError
	hasSyntax := errors.As(ce.Err, &se)
	fieldPtr := c.Loc.Pointer + "/" + ce.Field
	if ce.Field == "version" && c.ExpressionType != nil {
		fieldPtr = c.ExpressionType.Loc.Pointer + "/version"
	}
	switch {
	case ce.Unsupported:
		rg := v.at(fieldPtr)
		if hasSyntax {
			rg = v.errorRange(fieldPtr, se)
		}
		v.report(ruleUnsupportedCriterion, rg, fieldPtr, "This implementation cannot evaluate the criterion; write it as a simple condition or an RFC 9535 (jsonpath) or XPath 1.0 (xpath) one.",
			"%s: %s", owner, unsupportedMessage(ce, se))
	case ce.Field == "context" && hasSyntax:
		v.report(ruleInvalidExpression, v.errorRange(fieldPtr, se), fieldPtr, expressionHint(se), "%s: context: %s", owner, syntaxMessage(se))
	case ce.Field == "condition" && hasSyntax:
		v.report(ruleInvalidCondition, v.errorRange(fieldPtr, se), fieldPtr, conditionHint(c, ce),
			"%s: %s condition %q: %s", owner, c.Kind(), se.Input, se.Msg)
	case ce.Field == "condition":
		v.report(ruleInvalidCondition, v.at(fieldPtr), fieldPtr, conditionHint(c, ce), "%s: %s condition: %v", owner, c.Kind(), ce.Err)
	default:
		// A missing context, an unknown type or version: the JSON Schema
		// check reports these.
	}
}

// unsupportedMessage phrases an unsupported-feature error.
func unsupportedMessage(ce *expr.CriterionError, se *expr.SyntaxError) string {
	if se != nil {
		return fmt.Sprintf("%s %q: %s", ce.Field, se.Input, se.Msg)
	}
	return ce.Err.Error()
}

// conditionHint returns the fix for a condition that does not compile:
// the simple condition a JSONPath comparison was meant to be, with the
// warning that an RFC 9535 filter is not the fix.
func conditionHint(c *Criterion, ce *expr.CriterionError) string {
	if ce.Suggestion == "" {
		return ""
	}
	member := "status"
	if m := jsonpathMember.FindStringSubmatch(c.Condition); m != nil {
		member = m[1]
	}
	return fmt.Sprintf("Use the simple condition %q (without type and context). "+
		"A JSONPath comparison outside a filter is not an RFC 9535 query, and a filter such as $[?@.%s == ...] is not the fix: "+
		"applied to an object, RFC 9535 selects among its member values, not the object itself.", ce.Suggestion, member)
}

// checkRef checks what an expression refers to: inputs, steps, outputs,
// workflows, sources and components that must exist, and request or
// response data that must be available where the expression is evaluated.
// strPtr and off locate the expression; dotted is set in simple
// conditions, where "$inputs.a.b" may mean member b of input a (AMB-C2).
func (v *validator) checkRef(e *expr.Expression, strPtr string, off int, owner string, sc scope, dotted bool) {
	rg := func() Range { return v.inString(strPtr, off, len(e.String())) }
	switch e.Kind() {
	case expr.KindURL, expr.KindMethod, expr.KindStatusCode, expr.KindRequest, expr.KindResponse:
		v.checkAvailable(e, rg, strPtr, owner, sc)
		if e.Kind() == expr.KindRequest {
			v.checkRequestRef(e, rg, strPtr, owner, sc)
		}
	case expr.KindInputs:
		if sc.wf != nil && sc.wf.inputs != nil && !sc.wf.inputs.has(e.Name(), dotted) {
			hint := suggest(e.Name(), sc.wf.inputs.list())
			if i := strings.IndexByte(e.Name(), '.'); i > 0 && hint == "" && sc.wf.inputs.names[e.Name()[:i]] {
				hint = fmt.Sprintf("A dot is part of an input name; to read member %q of input %q, write $inputs.%s#/%s.",
					e.Name()[i+1:], e.Name()[:i], e.Name()[:i], strings.ReplaceAll(e.Name()[i+1:], ".", "/"))
			}
			v.report(ruleUnknownInput, rg(), strPtr, hint, "%s: %s: %s declares no input %q", owner, e, sc.wf.name, e.Name())
		}
	case expr.KindSteps:
		v.checkStepRef(e, rg, strPtr, owner, sc, dotted)
	case expr.KindOutputs:
		v.checkOutputsRef(e, rg, strPtr, owner, sc, dotted)
	case expr.KindWorkflows:
		w, ok := v.workflows[e.WorkflowID()]
		if !ok {
			v.report(ruleUnknownWorkflow, rg(), strPtr, suggest(e.WorkflowID(), sortedNames(v.workflows)),
				"%s: %s: the document has no workflow %q", owner, e, e.WorkflowID())
			return
		}
		switch e.WorkflowField() {
		case "outputs":
			if !hasOutput(w.wf.Outputs, e.Name(), dotted) {
				v.report(ruleUnknownOutput, rg(), strPtr, outputsHint(w.name, w.wf.Outputs, e.Name()),
					"%s: %s: %s declares no output %q", owner, e, w.name, e.Name())
			}
		case "inputs":
			if w.inputs != nil && !w.inputs.has(e.Name(), dotted) {
				v.report(ruleUnknownInput, rg(), strPtr, suggest(e.Name(), w.inputs.list()),
					"%s: %s: %s declares no input %q", owner, e, w.name, e.Name())
			}
		}
	case expr.KindSourceDescriptions:
		if _, ok := v.sources[e.SourceName()]; !ok {
			v.report(ruleUnknownSource, rg(), strPtr, suggest(e.SourceName(), sortedNames(v.sources)),
				"%s: %s: the document has no source description %q", owner, e, e.SourceName())
		}
	case expr.KindComponents:
		if !v.hasComponent(e.ComponentType(), e.Name()) {
			v.report(ruleUnknownComponent, rg(), strPtr, suggest(e.Name(), v.componentNames(e.ComponentType())),
				"%s: %s: components has no %s entry %q", owner, e, e.ComponentType(), e.Name())
		}
	}
}

// checkAvailable warns about request and response data read where there
// is none (AMB-38): in workflow outputs, in steps that call a workflow, and
// in parameter values and payloads, which are evaluated before the
// request is sent.
func (v *validator) checkAvailable(e *expr.Expression, rg func() Range, strPtr, owner string, sc scope) {
	response := e.Kind() == expr.KindStatusCode || e.Kind() == expr.KindResponse
	var why string
	switch {
	case sc.site == siteComponent:
		return
	case sc.site == siteWorkflowOutputs:
		why = "workflow outputs are evaluated after the last step, outside any HTTP exchange"
	case sc.step != nil && sc.step.isWorkflow:
		why = "the step calls a workflow, so it makes no HTTP request of its own"
	case (sc.site == siteParam || sc.site == siteBody) && response:
		why = "parameters and request bodies are evaluated before the request is sent, when there is no response yet"
	case sc.site == siteParam && e.Kind() != expr.KindMethod:
		why = "parameters are evaluated while the request is being built"
	case sc.site == siteBody && e.Kind() == expr.KindRequest && e.Source() == expr.SourceBody:
		why = "the request body is being built from this value"
	default:
		return
	}
	v.report(ruleUnavailableExpression, rg(), strPtr, "", "%s: %s has no value here: %s", owner, e, why)
}

// checkRequestRef warns about $request.query, .path and .header
// expressions naming parameters the step's operation does not declare
// (EXPR-20).
func (v *validator) checkRequestRef(e *expr.Expression, rg func() Range, strPtr, owner string, sc scope) {
	if sc.step == nil || sc.step.op == nil {
		return
	}
	op := sc.step.op
	var in string
	switch e.Source() {
	case expr.SourceQuery:
		in = InQuery
	case expr.SourcePath:
		in = InPath
	case expr.SourceHeader:
		in = InHeader
	default:
		return
	}
	if op.Accepts(in, e.Name()) {
		return
	}
	v.report(ruleUndeclaredRequestRef, rg(), strPtr, "",
		"%s: %s: operation %s declares no %s parameter %q, so the expression has no defined value", owner, e, describeOperation(op), in, e.Name())
}

// checkStepRef checks a $steps expression: the step exists in the
// workflow, declares the output, and has run before the expression is
// evaluated.
func (v *validator) checkStepRef(e *expr.Expression, rg func() Range, strPtr, owner string, sc scope, dotted bool) {
	if sc.wf == nil {
		return
	}
	id := e.StepID()
	target, ok := sc.wf.steps[id]
	if !ok {
		hint := suggest(id, sortedNames(sc.wf.steps))
		if hint == "" {
			for _, w := range v.wfList {
				if _, ok := w.steps[id]; ok && w != sc.wf {
					hint = fmt.Sprintf("Step %q belongs to %s; a step's outputs are visible only inside its workflow, so expose the value as an output of that workflow and read $workflows.%s.outputs.<name>.", id, w.name, w.wf.WorkflowID)
					break
				}
			}
		}
		v.report(ruleUnknownStep, rg(), strPtr, hint, "%s: %s: %s has no step %q", owner, e, sc.wf.name, id)
		return
	}
	if !hasOutput(target.step.Outputs, e.Name(), dotted) {
		v.report(ruleUnknownOutput, rg(), strPtr, outputsHint(target.name, target.step.Outputs, e.Name()),
			"%s: %s: %s declares no output %q", owner, e, target.name, e.Name())
		return
	}
	cur := sc.step
	if cur == nil {
		return
	}
	own := target.index == cur.index
	if own && (sc.site == siteActionCriteria || sc.site == siteStepOutputs) {
		return // outputs are evaluated before the actions are chosen (AMB-58)
	}
	if target.index < cur.index || sc.wf.loopsBack(target.index, cur.index) {
		return
	}
	if own {
		v.report(ruleForwardStepReference, rg(), strPtr, "Outputs exist once the step has completed; read them in onSuccess criteria, in later steps or in the workflow outputs.",
			"%s: %s reads an output of its own step, which does not exist yet when this value is evaluated", owner, e)
		return
	}
	v.report(ruleForwardStepReference, rg(), strPtr, "Move the step, or read the value in a later step.",
		"%s: %s reads an output of %s, which runs after %s, and no goto or retry runs it first", owner, e, target.name, cur.name)
}

// loopsBack reports whether a goto or retry can run the step at index from
// (or a later one) and then the step at index to (or an earlier one), so
// that a step may read outputs of a later step from an earlier run.
func (w *workflowInfo) loopsBack(from, to int) bool {
	for _, j := range w.jumps {
		if (j.from == -1 || j.from >= from) && j.to <= to {
			return true
		}
	}
	return false
}

// checkOutputsRef checks a $outputs expression: inside the outputs and
// criteria of a step that calls a workflow it reads that workflow's
// outputs (AMB-37); elsewhere the current workflow's.
func (v *validator) checkOutputsRef(e *expr.Expression, rg func() Range, strPtr, owner string, sc scope, dotted bool) {
	if sc.step != nil && sc.step.isWorkflow && (sc.site == siteStepOutputs || sc.site == siteSuccessCriteria || sc.site == siteActionCriteria) {
		c := sc.step.child
		if c == nil {
			return
		}
		if !hasOutput(c.wf.Outputs, e.Name(), dotted) {
			name := describeID("workflow", c.wf.WorkflowID, 0)
			v.report(ruleUnknownOutput, rg(), strPtr, outputsHint(name, c.wf.Outputs, e.Name()),
				"%s: %s: the called %s declares no output %q", owner, e, name, e.Name())
		}
		return
	}
	if sc.wf == nil {
		return
	}
	if !hasOutput(sc.wf.wf.Outputs, e.Name(), dotted) {
		v.report(ruleUnknownOutput, rg(), strPtr, outputsHint(sc.wf.name, sc.wf.wf.Outputs, e.Name()),
			"%s: %s: %s declares no output %q", owner, e, sc.wf.name, e.Name())
	}
}

// hasOutput reports whether outs has the output name, or, when dotted, an
// output whose name is a prefix of name ending before a dot (AMB-C2).
func hasOutput(outs Outputs, name string, dotted bool) bool {
	if outs.Get(name) != nil {
		return true
	}
	if !dotted {
		return false
	}
	for i := strings.LastIndexByte(name, '.'); i > 0; i = strings.LastIndexByte(name[:i], '.') {
		if outs.Get(name[:i]) != nil {
			return true
		}
	}
	return false
}

// outputsHint lists the outputs an object declares.
func outputsHint(owner string, outs Outputs, name string) string {
	if len(outs) == 0 {
		return fmt.Sprintf("%s declares no outputs; add an output %q to it.", capitalize(owner), name)
	}
	names := make([]string, len(outs))
	for i, o := range outs {
		names[i] = o.Name
	}
	if h := suggest(name, names); h != "" {
		return h
	}
	return fmt.Sprintf("%s declares %s.", capitalize(owner), quoteNames(names))
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
