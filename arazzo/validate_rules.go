package arazzo

import (
	"slices"

	"github.com/arazzo-dev/arazzo/internal/yamlx"
)

// Rule ids of the semantic checks of [Validate] and [ValidateDocument].
// Each is documented in docs/rules.md.
const (
	ruleDuplicateSourceName      = "duplicate-source-name"
	ruleDuplicateWorkflowID      = "duplicate-workflow-id"
	ruleDuplicateStepID          = "duplicate-step-id"
	ruleDuplicateParameter       = "duplicate-parameter"
	ruleDuplicateActionName      = "duplicate-action-name"
	ruleIDPattern                = "id-pattern"
	ruleReservedExtension        = "reserved-extension"
	ruleMissingParameterIn       = "missing-parameter-in"
	ruleInvalidExpression        = "invalid-expression"
	ruleBareExpression           = "bare-expression"
	ruleInvalidCondition         = "invalid-condition"
	ruleUnsupportedCriterion     = "unsupported-criterion"
	ruleInvalidReference         = "invalid-reference"
	ruleWrongComponentType       = "wrong-component-type"
	ruleUnknownComponent         = "unknown-component"
	ruleUnknownStep              = "unknown-step"
	ruleUnknownWorkflow          = "unknown-workflow"
	ruleUnknownSource            = "unknown-source"
	ruleWrongSourceType          = "wrong-source-type"
	ruleUnknownInput             = "unknown-input"
	ruleUnknownOutput            = "unknown-output"
	ruleForwardStepReference     = "forward-step-reference"
	ruleUnavailableExpression    = "unavailable-expression"
	ruleDependencyCycle          = "dependency-cycle"
	ruleUnknownOperation         = "unknown-operation"
	ruleAmbiguousOperation       = "ambiguous-operation"
	ruleUnqualifiedOperationID   = "unqualified-operation-id"
	ruleInvalidOperationPath     = "invalid-operation-path"
	rulePreferOperationID        = "prefer-operation-id"
	ruleUndeclaredParameter      = "undeclared-parameter"
	ruleMissingRequiredParameter = "missing-required-parameter"
	ruleUndeclaredRequestRef     = "undeclared-request-reference"
	ruleRequestBodyMethod        = "request-body-method"
	ruleRequestBodyWorkflowStep  = "request-body-workflow-step"
	ruleUndeclaredRequestBody    = "undeclared-request-body"
	ruleMissingRequestBody       = "missing-request-body"
	ruleUnknownContentType       = "unknown-content-type"
	ruleInvalidReplacementTarget = "invalid-replacement-target"
	ruleActionFieldIgnored       = "action-field-ignored"
	ruleReusableValueIgnored     = "reusable-value-ignored"
	ruleInvalidInputsSchema      = "invalid-inputs-schema"
	ruleValidateOption           = "invalid-option"
	ruleSelfReferencingStep      = "recursive-workflow-step"
	ruleLiteralExpression        = "literal-expression"
	ruleInvalidJSONPayload       = "invalid-json-payload"
)

// Rule describes one kind of finding: its id, the severity its findings
// have, and what it checks. Every [Diagnostic] that [Parse], [Load],
// [Validate] and [ValidateDocument] report carries the ID of one of the
// rules that [Rules] lists.
type Rule struct {
	// ID is the stable kebab-case id, such as "unknown-step".
	ID string
	// Severity is the severity of the rule's findings.
	Severity Severity
	// Summary says in one sentence what the rule checks.
	Summary string
}

// rules is the registry of every rule the package reports, in the order
// of docs/rules.md.
var rules = []Rule{
	// Reading documents.
	{yamlx.CodeTooLarge, SeverityError, "The document is larger than the size limit."},
	{yamlx.CodeEncoding, SeverityError, "The document is not UTF-8 text."},
	{yamlx.CodeYAMLSyntax, SeverityError, "The document is not valid YAML."},
	{yamlx.CodeJSONSyntax, SeverityError, "The document is not valid JSON."},
	{yamlx.CodeParserFailure, SeverityError, "The YAML parser failed on the document."},
	{yamlx.CodeEmpty, SeverityError, "The document is empty."},
	{yamlx.CodeMultipleDocuments, SeverityError, "The file holds more than one YAML document."},
	{yamlx.CodeDepth, SeverityError, "Objects and arrays are nested deeper than the limit."},
	{yamlx.CodeAliases, SeverityError, "YAML aliases repeat more nodes than the limit."},
	{yamlx.CodeAliasCycle, SeverityError, "A YAML alias refers to a node that contains it."},
	{yamlx.CodeTag, SeverityError, "A YAML tag outside the JSON-compatible set is used."},
	{yamlx.CodeTagValue, SeverityError, "A tagged YAML scalar is not a value of its tag."},
	{yamlx.CodeKey, SeverityError, "A mapping key is not a string."},
	{yamlx.CodeMergeKey, SeverityError, "A YAML 1.1 merge key (<<) is used."},
	{yamlx.CodeDuplicateKey, SeverityError, "The same key appears twice in one mapping."},
	{yamlx.CodeNumber, SeverityError, "A number cannot be represented in JSON."},
	{ruleNotAnObject, SeverityError, "The document root is not an object."},
	{ruleUnsupportedVersion, SeverityError, "The document declares an Arazzo version other than 1.0.x."},
	{ruleReusableExtraField, SeverityWarning, "A Reusable Object has fields other than reference and value, which are ignored."},
	{ruleReadError, SeverityError, "The document file cannot be read."},
	{ruleInvalidOption, SeverityError, "A function of the package was called with an invalid option or argument."},
	{ruleCancelled, SeverityError, "Validation stopped because its context was cancelled."},
	// Structure.
	{ruleSchema, SeverityError, "The document does not conform to the Arazzo 1.0 JSON Schema (with the specification's corrections)."},
	// Loading sources.
	{ruleSourceUnreachable, SeverityError, "A source description's url cannot be resolved or fetched."},
	{ruleSourceUnsupported, SeverityError, "A source document is of a kind that cannot be used, such as Swagger 2.0."},
	{ruleSourceTypeMismatch, SeverityError, "A source description's type disagrees with the document it names."},
	{ruleSourceInvalid, SeverityError, "A source document is of the right kind but invalid."},
	// Identity and uniqueness.
	{ruleDuplicateSourceName, SeverityError, "Two source descriptions have the same name."},
	{ruleDuplicateWorkflowID, SeverityError, "Two workflows have the same workflowId."},
	{ruleDuplicateStepID, SeverityError, "Two steps of one workflow have the same stepId."},
	{ruleDuplicateParameter, SeverityError, "A parameter list names the same parameter (name and in) twice."},
	{ruleDuplicateActionName, SeverityError, "An action list has two actions with the same name."},
	{ruleIDPattern, SeverityWarning, "A workflowId, stepId or source description name uses characters other than letters, digits, _ and -."},
	{ruleReservedExtension, SeverityWarning, "An extension uses a prefix reserved by the OpenAPI Initiative."},
	// References inside the document.
	{ruleUnknownStep, SeverityError, "A stepId (goto target or $steps expression) names no step of the workflow."},
	{ruleUnknownWorkflow, SeverityError, "A workflowId (step, action, dependsOn or $workflows expression) names no workflow."},
	{ruleUnknownSource, SeverityError, "A $sourceDescriptions expression names no source description."},
	{ruleWrongSourceType, SeverityError, "An OpenAPI source is used for a workflow, or an Arazzo source for an operation."},
	{ruleInvalidReference, SeverityError, "A Reusable Object's reference is not a $components expression."},
	{ruleWrongComponentType, SeverityError, "A Reusable Object refers to a component of the wrong kind for its list."},
	{ruleUnknownComponent, SeverityError, "A reference names a component that does not exist."},
	{ruleUnknownInput, SeverityWarning, "An $inputs expression names an input the workflow's inputs schema does not declare."},
	{ruleUnknownOutput, SeverityError, "An expression reads an output that the step or workflow does not declare."},
	{ruleForwardStepReference, SeverityWarning, "A step reads outputs of a step that has not run yet in document order."},
	{ruleUnavailableExpression, SeverityWarning, "An expression reads request or response data where there is none."},
	{ruleDependencyCycle, SeverityError, "Workflows depend on each other in a cycle (dependsOn)."},
	{ruleSelfReferencingStep, SeverityWarning, "A step calls the workflow it belongs to."},
	// Expressions and criteria.
	{ruleInvalidExpression, SeverityError, "A runtime expression or {$...} template does not parse."},
	{ruleBareExpression, SeverityInfo, "A runtime expression is written inside a longer string without {} braces."},
	{ruleLiteralExpression, SeverityWarning, "Text that looks like a runtime expression is sent literally, because it is not in {} braces."},
	{ruleInvalidCondition, SeverityError, "A criterion's condition does not compile (simple syntax, regex, JSONPath or XPath)."},
	{ruleUnsupportedCriterion, SeverityWarning, "A criterion uses a language version or construct this implementation cannot evaluate."},
	// Steps and operations.
	{ruleMissingParameterIn, SeverityError, "A parameter applied to an operation step has no in."},
	{ruleUnknownOperation, SeverityError, "An operationId or operationPath names no operation of the OpenAPI sources."},
	{ruleAmbiguousOperation, SeverityError, "An unqualified operationId exists in more than one OpenAPI source."},
	{ruleUnqualifiedOperationID, SeverityError, "An operationId is not qualified although several OpenAPI sources are listed."},
	{ruleInvalidOperationPath, SeverityError, "An operationPath is not a source expression followed by a JSON Pointer."},
	{rulePreferOperationID, SeverityWarning, "An operationPath names an operation that has an operationId."},
	{ruleUndeclaredParameter, SeverityWarning, "A parameter is not declared by the target operation or workflow."},
	{ruleMissingRequiredParameter, SeverityWarning, "A required parameter of the operation or input of the workflow is never supplied."},
	{ruleUndeclaredRequestRef, SeverityWarning, "A $request expression reads a parameter the operation does not declare."},
	{ruleRequestBodyMethod, SeverityWarning, "A request body is sent with GET, HEAD or DELETE."},
	{ruleRequestBodyWorkflowStep, SeverityWarning, "A step that calls a workflow has a request body, which means nothing."},
	{ruleUndeclaredRequestBody, SeverityWarning, "A step sends a request body to an operation that declares none."},
	{ruleMissingRequestBody, SeverityWarning, "An operation requires a request body and the step sends none."},
	{ruleUnknownContentType, SeverityWarning, "A request body's contentType is not one the operation accepts."},
	{ruleInvalidJSONPayload, SeverityWarning, "A payload given as a string for a JSON media type is not JSON."},
	{ruleInvalidReplacementTarget, SeverityError, "A payload replacement target is not a valid JSON Pointer."},
	{ruleInvalidInputsSchema, SeverityError, "A workflow's inputs is not a usable JSON Schema 2020-12 schema."},
	// Actions and components.
	{ruleActionFieldIgnored, SeverityWarning, "An action has a field that means nothing for its type."},
	{ruleReusableValueIgnored, SeverityWarning, "A Reusable Object that refers to an action has a value, which is ignored."},
}

// Rules returns every rule that findings of this package can carry, in
// the order docs/rules.md documents them. The result is a new slice.
func Rules() []Rule {
	return slices.Clone(rules)
}

// ruleSeverity returns the severity of a registered rule.
func ruleSeverity(id string) Severity {
	for _, r := range rules {
		if r.ID == id {
			return r.Severity
		}
	}
	return SeverityError
}
