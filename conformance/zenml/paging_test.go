package zenml

import (
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPaging(t *testing.T) {
	c := start(t)
	type meta struct {
		Index, MaxSize, TotalPages, Total float64
		IDs                               []string
	}
	run := func(n int) string { return makeID(runKind, n) }
	tests := []struct {
		name string
		path string
		want meta
	}{
		{"defaults", "/runs", meta{1, 20, 1, 7, []string{run(7), run(6), run(5), run(4), run(3), run(2), run(1)}}},
		{"first page", "/runs?page=1&size=3", meta{1, 3, 3, 7, []string{run(7), run(6), run(5)}}},
		{"middle page", "/runs?page=2&size=3", meta{2, 3, 3, 7, []string{run(4), run(3), run(2)}}},
		{"last partial page", "/runs?page=3&size=3", meta{3, 3, 3, 7, []string{run(1)}}},
		{"size equals total", "/runs?size=7", meta{1, 7, 1, 7, []string{run(7), run(6), run(5), run(4), run(3), run(2), run(1)}}},
		{"maximum size", "/runs?size=1000&page=1", meta{1, 1000, 1, 7, []string{run(7), run(6), run(5), run(4), run(3), run(2), run(1)}}},
		{"filtered then paged", "/runs?pipeline_id=" + trainingID + "&size=2&page=2", meta{2, 2, 2, 3, []string{run(1)}}},
		{"empty result has one page", "/runs?pipeline_id=" + evaluationID, meta{1, 20, 1, 0, nil}},
		{"empty values count as absent", "/runs?page=&size=&pipeline_id=&status=", meta{1, 20, 1, 7, []string{run(7), run(6), run(5), run(4), run(3), run(2), run(1)}}},
		{"last of repeated values counts", "/runs?size=100&size=1", meta{1, 1, 7, 7, []string{run(7)}}},
		{"unknown parameters are ignored", "/runs?sort_by=desc:created&size=1", meta{1, 1, 7, 7, []string{run(7)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.get(tt.path)
			page := r.object(t, http.StatusOK)
			got := meta{page["index"].(float64), page["max_size"].(float64), page["total_pages"].(float64), page["total"].(float64), nil}
			for _, id := range r.ids(t) {
				got.IDs = append(got.IDs, id)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("page mismatch (-want +got):\n%s", diff)
			}
			if _, isArray := page["items"].([]any); !isArray {
				t.Errorf("items = %v, want an array", page["items"])
			}
		})
	}
}

func TestPagingErrors(t *testing.T) {
	c := start(t)
	tests := []struct {
		name   string
		path   string
		status int
		want   string
	}{
		{"page past the end", "/pipelines?page=3&size=2", 400,
			`{"detail":["ValueError","Invalid page 3. The requested page size is 2 and there are a total of 4 items for this query. The maximum page value therefore is 2."]}`},
		{"page past an empty result", "/runs?pipeline_id=" + evaluationID + "&page=2", 400,
			`{"detail":["ValueError","Invalid page 2. The requested page size is 20 and there are a total of 0 items for this query. The maximum page value therefore is 1."]}`},
		{"page zero", "/stacks?page=0", 422,
			`{"detail":[{"type":"greater_than_equal","loc":["query","page"],"msg":"Input should be greater than or equal to 1","input":"0","ctx":{"ge":1}}]}`},
		{"size zero", "/stacks?size=0", 422,
			`{"detail":[{"type":"greater_than_equal","loc":["query","size"],"msg":"Input should be greater than or equal to 1","input":"0","ctx":{"ge":1}}]}`},
		{"size over the maximum", "/stacks?size=1001", 422,
			`{"detail":[{"type":"less_than_equal","loc":["query","size"],"msg":"Input should be less than or equal to 1000","input":"1001","ctx":{"le":1000}}]}`},
		{"page not a number", "/secrets?page=first", 422,
			`{"detail":[{"type":"int_parsing","loc":["query","page"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"first"}]}`},
		{"every problem at once", "/runs?page=-1&size=1.5&pipeline_id=nope&status=done", 422,
			`{"detail":[` +
				`{"type":"greater_than_equal","loc":["query","page"],"msg":"Input should be greater than or equal to 1","input":"-1","ctx":{"ge":1}},` +
				`{"type":"int_parsing","loc":["query","size"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"1.5"},` +
				`{"type":"uuid_parsing","loc":["query","pipeline_id"],"msg":"Input should be a valid UUID, invalid character: expected an optional prefix of ` + "`urn:uuid:`" + ` followed by [0-9a-fA-F-], found ` + "`n`" + ` at 1","input":"nope","ctx":{"error":"invalid character: expected an optional prefix of ` + "`urn:uuid:`" + ` followed by [0-9a-fA-F-], found ` + "`n`" + ` at 1"}},` +
				`{"type":"enum","loc":["query","status"],"msg":"Input should be 'initializing', 'running', 'completed', 'failed', 'cached' or 'stopped'","input":"done","ctx":{"expected":"'initializing', 'running', 'completed', 'failed', 'cached' or 'stopped'"}}` +
				`]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expect(t, c.get(tt.path), tt.status, tt.want)
		})
	}
}

func TestPageReplyBounds(t *testing.T) {
	items := []int{1, 2, 3, 4, 5}
	tests := []struct {
		name string
		p    pageParams
		want page[int]
	}{
		{"exact fit", pageParams{1, 5}, page[int]{1, 5, 1, 5, []int{1, 2, 3, 4, 5}}},
		{"one over", pageParams{2, 4}, page[int]{2, 4, 2, 5, []int{5}}},
		{"size one", pageParams{5, 1}, page[int]{5, 1, 5, 5, []int{5}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := pageReply(items, tt.p)
			if diff := cmp.Diff(tt.want, got.body); diff != "" {
				t.Errorf("page mismatch (-want +got):\n%s", diff)
			}
		})
	}
	empty := pageReply([]int(nil), pageParams{1, 20}).body.(page[int])
	if empty.Items == nil || empty.TotalPages != 1 {
		t.Errorf("empty page = %+v, want non-nil items and one page", empty)
	}
}
