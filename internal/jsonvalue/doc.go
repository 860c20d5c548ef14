// Package jsonvalue holds the helpers every package uses to handle plain
// decoded JSON values: nil, bool, string, numbers (float64, int64, int,
// json.Number and the other Go integer and float kinds), []any and
// map[string]any.
package jsonvalue
