package jsonpath_test

import (
	"fmt"

	"github.com/arazzo-dev/arazzo/internal/jsonpath"
)

func Example() {
	doc := map[string]any{
		"pets": []any{
			map[string]any{"name": "Rex", "status": "available", "age": int64(3)},
			map[string]any{"name": "Tom", "status": "sold", "age": int64(5)},
			map[string]any{"name": "Kit", "status": "available", "age": 1.5},
		},
	}
	path, err := jsonpath.Parse(`$.pets[?@.status == 'available' && @.age < 2].name`)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, n := range path.Query(doc) {
		fmt.Println(n.Path, n.Value)
	}
	// Output:
	// $['pets'][2]['name'] Kit
}

func ExamplePath_Select() {
	doc := []any{"apple", "banana", "cherry", int64(7)}
	path, err := jsonpath.Parse(`$[?match(@, '[a-c].*a')]`)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(path.Select(doc))
	// Output:
	// [banana]
}

func ExampleParse_error() {
	_, err := jsonpath.Parse(`$[?@.tags[*] == 'x']`)
	fmt.Println(err)
	// Output:
	// jsonpath: offset 3: only a singular query (names and indexes only, no blank space inside brackets) can be compared
}
