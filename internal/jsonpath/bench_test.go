package jsonpath

import (
	"strconv"
	"testing"
)

// benchDocument is an array of 100 objects, every other one running.
func benchDocument() []any {
	doc := make([]any, 100)
	for i := range doc {
		status := "stopped"
		if i%2 == 0 {
			status = "running"
		}
		doc[i] = map[string]any{
			"id":     "svc-" + strconv.Itoa(i),
			"status": status,
			"port":   int64(8000 + i),
			"tags":   []any{"a", "b"},
		}
	}
	return doc
}

const benchQuery = `$[?@.status == 'running']`

func BenchmarkJSONPath(b *testing.B) {
	doc := benchDocument()
	path, err := Parse(benchQuery)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("ours", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if got := path.Select(doc); len(got) != 50 {
				b.Fatalf("selected %d values, want 50", len(got))
			}
		}
	})
	b.Run("ours-query", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if got := path.Query(doc); len(got) != 50 {
				b.Fatalf("selected %d nodes, want 50", len(got))
			}
		}
	})
	b.Run("ours-parse", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Parse(benchQuery); err != nil {
				b.Fatal(err)
			}
		}
	})
}
