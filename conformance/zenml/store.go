package zenml

import (
	"fmt"
	"time"
)

// idKind is the resource kind encoded in the first group of every id the
// server hands out, so that an id read in a test failure says what it names.
type idKind int

// The resource kinds. The values are part of the seeded ids documented in
// doc.go and must not change.
const (
	userKind idKind = 1 + iota
	projectKind
	pipelineKind
	runKind
	stackKind
	componentKind
	artifactKind
	modelKind
	modelVersionKind
	deploymentKind
	scheduleKind
	secretKind
	connectorKind
	stepRunKind
)

// firstCreated is the serial number of the first resource of a kind created
// through the API; seeded resources use small serial numbers below it.
const firstCreated = 1001

// makeID returns the fixed-shape version 4 UUID for the n-th resource of a
// kind, for example 00000003-0000-4000-8000-000000000001 for the first
// seeded pipeline.
func makeID(k idKind, n int) string {
	return fmt.Sprintf("%08x-0000-4000-8000-%012d", int(k), n)
}

// ident carries the id of a stored resource. Embedding it first gives every
// resource its "id" member in first position and the key method of [entity].
type ident struct {
	ID string `json:"id"`
}

func (i ident) key() string { return i.ID }

// entity is a stored resource.
type entity interface{ key() string }

// table is an ordered collection of resources of one kind, kept in creation
// order. The collections are small (tens of rows), so lookups scan.
type table[T entity] struct {
	rows []T
}

// all returns the rows in creation order. Callers must not modify the slice.
func (t *table[T]) all() []T { return t.rows }

// get returns the row with the given id.
func (t *table[T]) get(id string) (T, bool) {
	return t.find(func(v T) bool { return v.key() == id })
}

// find returns the first row, in creation order, for which match is true.
func (t *table[T]) find(match func(T) bool) (T, bool) {
	for _, v := range t.rows {
		if match(v) {
			return v, true
		}
	}
	var zero T
	return zero, false
}

// insert appends a row.
func (t *table[T]) insert(v T) { t.rows = append(t.rows, v) }

// removeWhere deletes every row for which match is true.
func (t *table[T]) removeWhere(match func(T) bool) {
	kept := t.rows[:0]
	for _, v := range t.rows {
		if !match(v) {
			kept = append(kept, v)
		}
	}
	clear(t.rows[len(kept):])
	t.rows = kept
}

// state is everything the server stores. It is rebuilt from the seed by
// [Handler.Reset] and guarded by the handler's mutex.
type state struct {
	users       table[*user]
	projects    table[*project]
	pipelines   table[*pipeline]
	runs        table[*run]
	stacks      table[*stack]
	components  table[*component]
	artifacts   table[*artifact]
	models      table[*model]
	versions    table[*modelVersion]
	deployments table[*deployment]
	schedules   table[*schedule]
	secrets     table[*secret]
	connectors  table[*connector]

	created map[idKind]int // resources of each kind created through the API
}

// newID returns the id of the next resource of kind k created through the
// API: serial numbers start at 1001 for each kind and restart on Reset.
func (st *state) newID(k idKind) string {
	n := firstCreated + st.created[k]
	st.created[k]++
	return makeID(k, n)
}

// The stored resources. Their JSON form is the response body the OpenAPI
// description declares; optional members that have no value are omitted
// (the description declares no nullable member, so null is never sent).

type user struct {
	ident
	Name     string    `json:"name"`
	FullName string    `json:"full_name,omitempty"`
	Email    string    `json:"email,omitempty"`
	Active   bool      `json:"active"`
	IsAdmin  bool      `json:"is_admin"`
	Created  time.Time `json:"created"`
	Updated  time.Time `json:"updated"`

	password string
}

type project struct {
	ident
	Name        string    `json:"name"`
	Description string    `json:"description,omitempty"`
	Created     time.Time `json:"created"`
}

type pipeline struct {
	ident
	Name        string    `json:"name"`
	Description *string   `json:"description,omitempty"`
	Version     *string   `json:"version,omitempty"`
	Spec        any       `json:"spec,omitempty"` // nil or a JSON object
	ProjectID   string    `json:"project_id"`
	UserID      string    `json:"user_id"`
	Created     time.Time `json:"created"`
	Updated     time.Time `json:"updated"`
}

type run struct {
	ident
	Name       string     `json:"name"`
	PipelineID string     `json:"pipeline_id"`
	StackID    string     `json:"stack_id"`
	Status     string     `json:"status"`
	StartTime  time.Time  `json:"start_time"`
	EndTime    *time.Time `json:"end_time,omitempty"`
	UserID     string     `json:"user_id"`
	Created    time.Time  `json:"created"`

	// polled is true for a run that is still executing: each detail read
	// counts, and the read after the configured number of polls completes it.
	polled bool
	reads  int
}

type stack struct {
	ident
	Name        string              `json:"name"`
	Description *string             `json:"description,omitempty"`
	Components  map[string][]string `json:"components"`
	UserID      string              `json:"user_id"`
	Created     time.Time           `json:"created"`
}

type component struct {
	ident
	Name          string         `json:"name"`
	Type          string         `json:"type"`
	Flavor        string         `json:"flavor"`
	Configuration map[string]any `json:"configuration"`
	Created       time.Time      `json:"created"`
}

type artifact struct {
	ident
	Name              string    `json:"name"`
	Version           string    `json:"version"`
	Type              string    `json:"type"`
	URI               string    `json:"uri"`
	Materializer      string    `json:"materializer"`
	ProducerStepRunID string    `json:"producer_step_run_id"`
	Created           time.Time `json:"created"`
}

type model struct {
	ident
	Name                  string    `json:"name"`
	Description           *string   `json:"description,omitempty"`
	License               *string   `json:"license,omitempty"`
	EthicalConsiderations *string   `json:"ethical_considerations,omitempty"`
	TradeOffs             *string   `json:"trade_offs,omitempty"`
	Limitations           *string   `json:"limitations,omitempty"`
	Audience              *string   `json:"audience,omitempty"`
	UseCases              *string   `json:"use_cases,omitempty"`
	Created               time.Time `json:"created"`
}

type modelVersion struct {
	ident
	ModelID     string    `json:"model_id"`
	Name        string    `json:"name"`
	Number      int       `json:"number"`
	Stage       string    `json:"stage"`
	Description string    `json:"description,omitempty"`
	Created     time.Time `json:"created"`
}

type deployment struct {
	ident
	PipelineID string    `json:"pipeline_id"`
	StackID    string    `json:"stack_id"`
	Status     string    `json:"status"`
	Created    time.Time `json:"created"`
}

type schedule struct {
	ident
	Name            string     `json:"name"`
	CronExpression  string     `json:"cron_expression,omitempty"`
	StartTime       *time.Time `json:"start_time,omitempty"`
	EndTime         *time.Time `json:"end_time,omitempty"`
	IntervalSeconds int        `json:"interval_seconds,omitempty"`
	Active          bool       `json:"active"`
	PipelineID      string     `json:"pipeline_id"`
	Created         time.Time  `json:"created"`
}

// secret is stored with its values, but its own JSON form has none: values
// leave the server only in the response to the create request.
type secret struct {
	ident
	Name    string    `json:"name"`
	Scope   string    `json:"scope"`
	Created time.Time `json:"created"`

	values map[string]string
	owner  string // id of the user who created it
}

type connector struct {
	ident
	Name          string         `json:"name"`
	ConnectorType string         `json:"connector_type"`
	AuthMethod    string         `json:"auth_method"`
	ResourceTypes []string       `json:"resource_types"`
	Configuration map[string]any `json:"configuration"`
	Created       time.Time      `json:"created"`
}
