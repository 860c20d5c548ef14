package oas

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v4"
)

// plainTree converts YAML nodes into plain JSON values (nil, bool, string,
// int64, float64, []any, map[string]any). Every mapping and sequence node is
// converted once and remembered, so a subtree reached twice (through an alias,
// or asked for again as an operation's schema) is shared rather than copied,
// and alias bombs cost linear time. The values it returns must not be
// modified.
type plainTree struct {
	done map[*yaml.Node]any
	busy map[*yaml.Node]bool
}

func newPlainTree() *plainTree {
	return &plainTree{done: make(map[*yaml.Node]any), busy: make(map[*yaml.Node]bool)}
}

// errAliasCycle reports an alias that refers to a node containing itself.
var errAliasCycle = errors.New("YAML alias refers to a node that contains it")

// value returns the plain form of n.
func (t *plainTree) value(n *yaml.Node) (any, error) {
	if n == nil || n.Kind == 0 { // 0: an empty document
		return nil, nil
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return t.value(n.Content[0])
	case yaml.AliasNode:
		return t.value(n.Alias)
	case yaml.ScalarNode:
		return scalar(n), nil
	}
	if v, ok := t.done[n]; ok {
		return v, nil
	}
	if t.busy[n] {
		return nil, fmt.Errorf("line %d, column %d: %w", n.Line, n.Column, errAliasCycle)
	}
	t.busy[n] = true
	defer delete(t.busy, n)
	var out any
	switch n.Kind {
	case yaml.SequenceNode:
		arr := make([]any, len(n.Content))
		for i, c := range n.Content {
			v, err := t.value(c)
			if err != nil {
				return nil, err
			}
			arr[i] = v
		}
		out = arr
	case yaml.MappingNode:
		obj := make(map[string]any, len(n.Content)/2)
		if err := t.fill(obj, n); err != nil {
			return nil, err
		}
		out = obj
	default:
		return nil, fmt.Errorf("line %d, column %d: unexpected YAML node kind %v", n.Line, n.Column, n.Kind)
	}
	t.done[n] = out
	return out, nil
}

// fill adds the members of the mapping node n to obj. YAML merge keys ("<<")
// copy the members of the merged mappings, which the explicit members then
// override.
func (t *plainTree) fill(obj map[string]any, n *yaml.Node) error {
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			if err := t.merge(obj, v); err != nil {
				return err
			}
		}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			continue
		}
		val, err := t.value(v)
		if err != nil {
			return err
		}
		obj[keyText(k)] = val
	}
	return nil
}

// merge copies into obj the members of a merge key's value: a mapping, an
// alias of one, or a sequence of those.
func (t *plainTree) merge(obj map[string]any, v *yaml.Node) error {
	src, err := t.value(v)
	if err != nil {
		return err
	}
	var maps []any
	switch s := src.(type) {
	case map[string]any:
		maps = []any{s}
	case []any:
		maps = s
	default:
		return fmt.Errorf("line %d, column %d: a merge key (<<) needs a mapping or a list of mappings", v.Line, v.Column)
	}
	for _, m := range maps {
		mm, ok := m.(map[string]any)
		if !ok {
			return fmt.Errorf("line %d, column %d: a merge key (<<) needs a mapping or a list of mappings", v.Line, v.Column)
		}
		for k, val := range mm {
			if _, set := obj[k]; !set {
				obj[k] = val
			}
		}
	}
	return nil
}

// keyText returns the text of a mapping key. Keys are scalars in every
// OpenAPI document; a composite key is rendered as its source text would be
// unknowable here, so its tag and position stand in for it.
func keyText(k *yaml.Node) string {
	if k.Kind == yaml.AliasNode && k.Alias != nil {
		k = k.Alias
	}
	if k.Kind == yaml.ScalarNode {
		return k.Value
	}
	return fmt.Sprintf("<%s key at %d:%d>", k.Tag, k.Line, k.Column)
}

// scalar converts a scalar node using its resolved YAML tag. Integers that do
// not fit in an int64 become float64; timestamps and binary data stay text.
func scalar(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		switch strings.ToLower(n.Value) {
		case "true", "yes", "on", "y":
			return true
		}
		return false
	case "!!int":
		if i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64); err == nil {
			return i
		}
		if f, ok := parseYAMLFloat(n.Value); ok {
			return f
		}
		return n.Value
	case "!!float":
		if f, ok := parseYAMLFloat(n.Value); ok {
			return f
		}
		return n.Value
	}
	return n.Value
}

// parseYAMLFloat reads a YAML float, including the .inf and .nan spellings.
func parseYAMLFloat(s string) (float64, bool) {
	switch strings.ToLower(strings.TrimLeft(s, "+")) {
	case ".inf":
		return math.Inf(1), true
	case "-.inf":
		return math.Inf(-1), true
	case ".nan":
		return math.NaN(), true
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, "_", ""), 64)
	if err != nil {
		// An integer too large for int64 still has a float value.
		var numErr *strconv.NumError
		if errors.As(err, &numErr) && errors.Is(numErr.Err, strconv.ErrRange) {
			return f, true
		}
		return 0, false
	}
	return f, true
}
