// Package zenml is a reference ZenML server: an in-memory implementation of
// every operation of the ZenML OpenAPI description in the specs package,
// holding a fixed set of seeded data, for running Arazzo workflows against a
// realistic API in tests, in the conformance suite and in benchmarks.
//
// It is shaped like net/http/httptest. [NewServer] starts it on a loopback
// port; [Server.URL] is the base URL of the API, path [BasePath] included
// (http://127.0.0.1:<port>/api/v1), so it replaces the description's server
// URL https://your-zenml-server.example.com/api/v1 as it is:
//
//	srv := zenml.NewServer()
//	defer srv.Close()
//	// POST srv.URL+"/login" with username=default&password=zenml, or:
//	token := srv.Token()
//
// [NewHandler] gives the same server as an http.Handler without a listener.
// [Server.Requests] returns every request received (operation, method, path,
// query, headers with Authorization, body and reply status), and
// [Server.Reset] restores the seed between test cases. Options:
// [PollReads] (how long the running run keeps running), [Clock] (the time
// of created resources and tokens) and [Users] (more accounts).
//
// # Credentials
//
//	user     password    notes
//	default  zenml       administrator; DefaultUsername / DefaultPassword
//	alice    wonderland  regular user
//	bob      builder     inactive: login and tokens are refused
//
// POST /login takes a form (application/x-www-form-urlencoded or
// multipart/form-data) and answers {"access_token", "token_type": "bearer",
// "expires_in": 3600}. The token is an HS256 JWT signed with a fixed key:
// it depends only on the user and the clock, so with the default clock it
// is the same in every run, and it stays valid across Reset and across
// servers. Every other operation needs "Authorization: Bearer <token>".
//
// # Seeded data
//
// Ids are version 4 UUIDs whose first group names the kind of resource and
// whose last group numbers it: KKKKKKKK-0000-4000-8000-NNNNNNNNNNNN. Seeded
// resources are numbered from 1 and resources created through the API from
// 1001, per kind, restarting on Reset. Seeded times are in 2024 (UTC); the
// default clock stands at 2024-06-01T12:00:00Z.
//
//	kind 1  users            1 default, 2 alice, 3 bob
//	kind 2  projects         1 default, 2 research
//	kind 3  pipelines        1 training_pipeline (project default, version 3)
//	                         2 inference_pipeline (default, 1)
//	                         3 etl_pipeline (research, 2)
//	                         4 evaluation_pipeline (research, 1; no runs)
//	kind 4  runs             1 training_pipeline  completed  2024-05-01T02:00:00Z
//	                         2 training_pipeline  failed     2024-05-02T02:00:00Z
//	                         3 etl_pipeline       completed  2024-05-02T06:00:00Z
//	                         4 training_pipeline  completed  2024-05-03T02:00:00Z
//	                         5 inference_pipeline completed  2024-05-03T09:00:00Z
//	                         6 etl_pipeline       failed     2024-05-04T06:00:00Z
//	                         7 inference_pipeline running    2024-05-04T09:00:00Z
//	kind 5  stacks           1 default (orchestrator 1, artifact_store 2)
//	                         2 aws-production (orchestrator 3, artifact_store 4,
//	                           container_registry 5, experiment_tracker 6)
//	kind 6  components       1 default orchestrator (local), 2 default
//	                         artifact_store (local), 3 sagemaker orchestrator,
//	                         4 s3_store artifact_store, 5 ecr container_registry,
//	                         6 mlflow experiment_tracker, 7 slack alerter
//	kind 7  artifacts        1 iris_dataset, 2 iris_classifier,
//	                         3 evaluation_report, 4 predictions; uri
//	                         s3://zenml-example-artifacts/<name>/1
//	kind 8  models           1 iris_classifier, 2 churn_predictor
//	kind 9  model versions   1, 2, 3 of iris_classifier (archived, production,
//	                         staging); 4 = version 1 of churn_predictor (none)
//	kind a  deployments      1 training_pipeline on aws-production (running),
//	                         2 inference_pipeline on aws-production (pending)
//	kind b  schedules        1 nightly-training (cron "0 2 * * *", active,
//	                         training_pipeline), 2 hourly-etl (every 3600 s,
//	                         inactive, etl_pipeline)
//	kind c  secrets          1 aws-credentials (workspace, by default),
//	                         2 mlflow_secret (user scope of default),
//	                         3 notebook-token (user scope of alice)
//	kind d  connectors       1 aws-iam (aws, iam-role), 2 gcp-workload (gcp,
//	                         service-account)
//
// For example the training pipeline is 00000003-0000-4000-8000-000000000001
// and the running run 00000004-0000-4000-8000-000000000007. Artifacts name
// producer step runs of kind e, which the API does not expose.
//
// # Behaviour
//
// Listings answer {index, max_size, total_pages, total, items}; page is
// 1-based, size is 1 to 1000 (default 20); an empty result has one empty
// page and a page past the last is a 400. Runs are listed newest first, the
// order the ZenML workflows assume when they take items/0 as the latest
// run; everything else is listed in creation order. The filters the
// description declares filter by exact match: pipelines by name and
// project_id, runs by pipeline_id and status, components by type, model
// versions by model_id.
//
// Run 7 reports "running" to the first PollReads reads of GET
// /runs/{run_id} ([DefaultPollReads] unless set) and "completed", with an
// end time from the clock, from the next read on. Listings show its
// current status without counting as reads.
//
// JSON bodies are checked like the real server's pydantic models: required
// members, types, enums and length limits (255 characters for names);
// null is accepted for optional members except a secret's scope; unknown
// members are ignored. Problems come back as a 422 listing each one as
// {"type", "loc", "msg", "input", "ctx"}, path, query and body together.
// Other errors have ZenML's shape {"detail": [exception, message]}: 401
// CredentialsNotValid, 403 IllegalOperationError (deleting the default
// stack), 404 KeyError (unknown id), 409 EntityExistsError or
// StackExistsError (duplicate name), 400 ValueError (a page past the end, a
// component listed under the wrong type). Unknown paths and methods get 404
// and 405 with {"detail": "Not Found"} and {"detail": "Method Not Allowed"}.
//
// Secrets: the scope defaults to workspace. Each scope is its own namespace:
// a name is unique among workspace secrets, and among each user's
// user-scoped secrets. A listing shows the workspace secrets and the
// caller's own user secrets, without values; values are only sent back in
// the response to the create request.
//
// Creating a pipeline without project_id puts it in the default project;
// names are unique per project. Creating a stack checks that every
// component exists and has the type it is listed under; stack names are
// unique. Creating a model creates no version. Deleting a pipeline deletes
// its runs, schedules and deployments.
//
// # Differences from a real ZenML server
//
// The API surface is the description's, not ZenML's (whose responses nest
// attributes under body, metadata and resources). Beyond that:
//   - timestamps are RFC 3339 in UTC with a Z, where ZenML omits the offset;
//   - optional members without a value are left out instead of being null,
//     because the description declares nothing nullable;
//   - the Authorization header is checked before the request is validated,
//     so an unauthenticated request with a bad body gets 401, not 422;
//   - an empty query parameter counts as absent instead of failing
//     validation, and name filters match exactly (no "contains:" operators);
//   - in validation errors, JSON decode positions are byte offsets and
//     problems inside an object are reported in member-name order;
//   - request bodies are limited to 1 MiB (413 beyond);
//   - there is no session, CSRF or API-key machinery, and tokens cannot be
//     revoked.
package zenml
