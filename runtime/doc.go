// Package runtime executes Arazzo workflows over HTTP.
//
// It owns everything that happens after a document has been read: loading
// and binding each step to its OpenAPI operation, building requests the way
// the operation's parameters and request body say, sending them, judging
// the responses with the success criteria, following the success and
// failure actions, running sub-workflows and prerequisite workflows, and
// recording what happened in a [Result].
//
// # Lifecycle
//
// [New] takes a parsed [arazzo.Document] and does all the work that does
// not depend on a run, once: it loads the source descriptions, validates
// the bundle, resolves every operationId and operationPath, merges
// workflow-level and step parameters and actions, and compiles every
// runtime expression, criterion and inputs schema. A document with errors
// is refused with an [*arazzo.DiagnosticsError] that lists them with their
// positions. The returned [Engine] is immutable.
//
// [Engine.Run] then executes one workflow with an input object:
//
//	doc, _ := arazzo.ParseFile("provision.arazzo.yaml")
//	e, err := runtime.New(doc, runtime.Server("zenmlApi", "http://localhost:8237/api/v1"))
//	if err != nil { ... }
//	res, err := e.Run(ctx, "provision-secret", map[string]any{"accessToken": token, ...})
//	if err != nil { ... }          // the run could not start: unknown workflow, invalid inputs
//	if res.Status != runtime.StatusSucceeded { ... res.Err() ... }
//
// Run returns an error only when the run cannot start; then nothing has
// been sent. A workflow that fails returns a Result with Status failed.
//
// # Concurrency
//
// An Engine may be used by any number of goroutines at once: every Run
// keeps its state to itself, and the compiled plan it reads is never
// modified. Within a run, steps execute one at a time (AMB-62); the
// workflows named in dependsOn, which run first, run concurrently when they
// are independent of each other.
//
// # Options
//
// All I/O is injected: HTTP goes through [HTTPClient] or [Transport],
// documents through [Loader], time through [Clock] and [Sleep]. Limits
// ([RequestTimeout], [MaxTransitions], [MaxDepth], [MaxResponseBytes],
// [MaxRetryAfter]) keep a hostile document or server from running forever.
// [Server] points a source's operations at another base URL, and
// [Authenticate] adds credentials per source (AMB-55). [OnEvent] reports
// each step, request, response, criterion and action as it happens.
//
// # Secrets
//
// Results, events and error messages never show credentials: the values of
// the Authorization, Proxy-Authorization, Cookie and Set-Cookie headers
// (with the token after the scheme and decoded Basic credentials), API
// keys of the operations' security schemes, what the [Authenticate] hook
// adds, the inputs whose schema says format password or writeOnly true,
// the values given to [Secrets], and their URL-, form- and JSON-encoded
// forms are replaced by [Mask] wherever they appear, unless [Redaction] is
// turned off. A secret learnt late in a run (a header first sent by a
// later step) is masked in the whole [Result], but events already
// delivered may show it.
//
// # Decisions
//
// Where the specification leaves the behaviour open, the engine does this
// (the ids are those of the project's requirements; docs/decisions.md
// records the reasoning):
//
//   - Success: the success criteria are ANDed; a step without criteria
//     succeeds on any HTTP response (AMB-01), or only on a 2xx one with
//     [RequireSuccessStatus]. A transport error, a timeout, a response body
//     larger than the limit, or a request that cannot be built fails the
//     step without evaluating the criteria (AMB-03, AMB-62).
//   - Outputs are evaluated after the criteria, also after a failure, and
//     the action criteria can read them; an output that does not resolve
//     is null with a warning in the result (AMB-58, AMB-59), also for
//     workflow outputs that read a step that never ran (AMB-23).
//   - Actions: the first action whose criteria all pass is taken (ACT-25);
//     one without criteria always applies (AMB-07). The step's actions come
//     first, then the workflow's whose names the step does not use
//     (AMB-08). No matching success action means the next step (AMB-04);
//     no matching failure action means the workflow fails (AMB-05, AMB-06).
//     A failure action of type end fails the workflow, a success one ends
//     it successfully (AMB-24). Workflow-level actions do not apply inside
//     the workflows a step calls (AMB-61).
//   - Retries: retryLimit counts retries after the failed attempt, one when
//     omitted (ACT-22), none when 0 (AMB-16), per step execution and
//     action, reset when a goto re-enters the step (AMB-17). When a retry
//     action's budget is spent, the failure actions are evaluated again
//     against the latest response and the next matching one runs (ACT-24,
//     AMB-18). The wait is the response's Retry-After header (seconds or
//     HTTP date, capped by [MaxRetryAfter]) when there is one, else
//     retryAfter (fractional seconds), else none (ACT-21, AMB-19). A retry
//     naming a stepId runs that one step first (its own actions do not
//     apply), one naming a workflowId runs that workflow first; if that
//     fails, the retry counts as failed and the failure actions are
//     evaluated again (ACT-19, AMB-20).
//   - goto to a step jumps within the workflow; goto to a workflow runs it
//     and ends the current workflow with its outcome, the target getting
//     the caller's inputs that its inputs schema declares by name (AMB-21).
//     Every attempt counts against [MaxTransitions], which ends goto loops
//     with [ErrMaxTransitions] (AMB-22).
//   - A step with a workflowId runs that workflow (of the same document, or
//     of an Arazzo source as $sourceDescriptions.<name>.<id>, with that
//     document's own components, COMP-07) with the step's parameters as
//     its inputs, checked against its inputs schema. Inside that step's
//     criteria and outputs, $outputs means the called workflow's outputs
//     (AMB-37), and $statusCode, $response and $request do not resolve
//     (AMB-38). The step fails when the workflow fails; otherwise its
//     criteria decide.
//   - dependsOn: the prerequisites run first, each at most once per Run,
//     independent ones concurrently, each getting those inputs of the
//     workflow that started the chain of dependsOn that its inputs schema
//     declares by name, as for goto (AMB-25); if
//     one does not succeed, the workflow fails with [ErrDependencyFailed]
//     naming it. Cycles are refused by New.
//   - $steps, $workflows: the most recent execution wins (AMB-57).
//   - Parameters: a value that does not resolve (an optional input that was
//     not given), or whose whole value is null, is left out of the request,
//     never sent as "null" or "" (AMB-X3); a null path parameter fails the
//     step. A payload member that does not resolve is left out of the
//     payload. Workflow-level and step parameters merge by location and
//     name, header names case-insensitively, the step's winning (AMB-08,
//     AMB-10); on a step that calls a workflow, by name alone (AMB-11).
//     Parameters the operation does not declare are still sent, with their
//     location's default style (AMB-12).
//   - Bodies: the content type is the step's contentType, else the
//     operation's first JSON media type, else its first (AMB-46);
//     replacements apply in order after the payload is evaluated, as JSON
//     Pointers for every media type but XML, where they are XPath
//     expressions (AMB-45).
//   - Responses: JSON bodies become plain values, every other body a
//     string (AMB-39); an empty body leaves $response.body unresolved; of a
//     header with several values, the first is read, or all of them
//     joined with ", " under [JoinHeaderValues] (AMB-40). A requestBody on
//     a step that calls a workflow is ignored (AMB-47).
//   - $request.path, $request.query and $request.header read only the
//     parameters the step's operation declares (for headers also Accept,
//     Content-Type and the headers of its security schemes), even when the
//     step sent others: a criterion reading an undeclared one fails with
//     that reason, and an output reading one is null with a warning
//     (AMB-41).
//   - Inputs are validated against the inputs schema with draft 2020-12
//     rules, formats as annotations except int32 and int64 (AMB-48), with
//     "#/..." references resolved against the Arazzo document (AMB-49);
//     defaults are applied only with [ApplyInputDefaults].
package runtime
