package zenml

import (
	"net/http"
)

// The paging bounds of every list operation, from the Page and Size
// parameters of the OpenAPI description.
const (
	defaultPageSize = 20
	maxPageSize     = 1000
)

// pageParams are the validated page (1-based) and size of a list request.
type pageParams struct{ page, size int }

// paging reads the page and size query parameters.
func (c *call) paging() pageParams {
	return pageParams{
		page: c.queryInt("page", 1, 1, 0),
		size: c.queryInt("size", defaultPageSize, 1, maxPageSize),
	}
}

// page is the body of every list response.
type page[T any] struct {
	Index      int `json:"index"`
	MaxSize    int `json:"max_size"`
	TotalPages int `json:"total_pages"`
	Total      int `json:"total"`
	Items      []T `json:"items"`
}

// pageReply cuts one page out of items. An empty result has one (empty)
// page; asking for a page past the last one is a 400, as on the real server.
func pageReply[T any](items []T, p pageParams) reply {
	total := len(items)
	pages := max(1, (total+p.size-1)/p.size)
	if p.page > pages {
		return zenmlError(http.StatusBadRequest, "ValueError",
			"Invalid page %d. The requested page size is %d and there are a total of %d items for this query. The maximum page value therefore is %d.",
			p.page, p.size, total, pages)
	}
	start := (p.page - 1) * p.size
	end := min(start+p.size, total)
	return success(http.StatusOK, page[T]{
		Index:      p.page,
		MaxSize:    p.size,
		TotalPages: pages,
		Total:      total,
		Items:      append(make([]T, 0, end-start), items[start:end]...),
	})
}

// handlerFunc handles one routed, authenticated request.
type handlerFunc func(st *state, c *call) reply

// filter is one query parameter that narrows a listing.
type filter[T any] struct {
	read func(c *call) (string, bool) // reads and validates the parameter
	keep func(item T, want string) bool
}

// matchText filters on exact equality of a string attribute.
func matchText[T any](param string, attr func(T) string) filter[T] {
	return filter[T]{
		read: func(c *call) (string, bool) { return c.query(param) },
		keep: func(item T, want string) bool { return attr(item) == want },
	}
}

// matchUUID filters on an id attribute; the parameter must be a UUID.
func matchUUID[T any](param string, attr func(T) string) filter[T] {
	return filter[T]{
		read: func(c *call) (string, bool) { return c.queryUUID(param) },
		keep: func(item T, want string) bool { return attr(item) == want },
	}
}

// matchEnum filters on an attribute whose parameter must be one of values.
func matchEnum[T any](param string, values []string, attr func(T) string) filter[T] {
	return filter[T]{
		read: func(c *call) (string, bool) { return c.queryEnum(param, values) },
		keep: func(item T, want string) bool { return attr(item) == want },
	}
}

// listOf builds a list operation: rows gives the candidate items in listing
// order, and each filter whose parameter is present narrows them.
func listOf[T any](rows func(st *state, c *call) []T, filters ...filter[T]) handlerFunc {
	return func(st *state, c *call) reply {
		p := c.paging()
		type active struct {
			keep func(T, string) bool
			want string
		}
		var use []active
		for _, f := range filters {
			if want, ok := f.read(c); ok {
				use = append(use, active{f.keep, want})
			}
		}
		if c.failed() {
			return c.invalid()
		}
		var items []T
	next:
		for _, item := range rows(st, c) {
			for _, f := range use {
				if !f.keep(item, f.want) {
					continue next
				}
			}
			items = append(items, item)
		}
		return pageReply(items, p)
	}
}

// getOf builds a read-one operation for the table chosen by pick, with the
// id in path parameter param. onRead, if not nil, runs before the reply is
// built (it may change the item).
func getOf[T entity](pick func(*state) *table[T], param, noun string, onRead func(*call, T)) handlerFunc {
	return func(st *state, c *call) reply {
		if c.failed() {
			return c.invalid()
		}
		id := c.params[param]
		item, found := pick(st).get(id)
		if !found {
			return notFound(noun, id)
		}
		if onRead != nil {
			onRead(c, item)
		}
		return success(http.StatusOK, item)
	}
}

// deleteOf builds a delete operation. onDelete, if not nil, runs first: it
// may refuse by returning a reply, or remove dependent resources.
func deleteOf[T entity](pick func(*state) *table[T], param, noun string, onDelete func(*state, T) *reply) handlerFunc {
	return func(st *state, c *call) reply {
		if c.failed() {
			return c.invalid()
		}
		id := c.params[param]
		item, found := pick(st).get(id)
		if !found {
			return notFound(noun, id)
		}
		if onDelete != nil {
			if refusal := onDelete(st, item); refusal != nil {
				return *refusal
			}
		}
		pick(st).removeWhere(func(v T) bool { return v.key() == id })
		return reply{status: http.StatusNoContent}
	}
}

// rowsOf lists every row of a table in creation order.
func rowsOf[T entity](pick func(*state) *table[T]) func(*state, *call) []T {
	return func(st *state, _ *call) []T { return pick(st).all() }
}
