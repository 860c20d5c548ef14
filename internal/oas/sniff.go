package oas

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"go.yaml.in/yaml/v4"
)

// Kinds of API description that [Sniff] recognises, named after the root
// field that identifies them.
const (
	KindOpenAPI  = "openapi"
	KindSwagger  = "swagger"
	KindArazzo   = "arazzo"
	KindAsyncAPI = "asyncapi"
)

// sniffKeys lists the identifying root fields in the order Sniff prefers
// them when a document has more than one.
var sniffKeys = []string{KindOpenAPI, KindSwagger, KindArazzo, KindAsyncAPI}

// Sniff reports which kind of API description data holds, judging by the
// fields of its root object: the first of "openapi", "swagger", "arazzo"
// and "asyncapi" that is present, with that field's value as the version.
// kind is empty when none is present. err is set when data is not a YAML or
// JSON document whose root is an object. When a root holds several of these
// fields, present lists all of them in that order.
func Sniff(data []byte) (kind, version string, present []string, err error) {
	var fields map[string]string
	t := bytes.TrimSpace(data)
	switch {
	case len(t) == 0:
		return "", "", nil, errors.New("the document is empty")
	case t[0] == '{':
		fields, err = jsonRootFields(data)
	default:
		fields, err = yamlRootFields(data)
	}
	if err != nil {
		return "", "", nil, err
	}
	for _, k := range sniffKeys {
		if v, ok := fields[k]; ok {
			if kind == "" {
				kind, version = k, v
			}
			present = append(present, k)
		}
	}
	return kind, version, present, nil
}

// jsonRootFields reads the identifying root fields of a JSON object and
// their scalar values, skipping everything else without building it.
func jsonRootFields(data []byte) (map[string]string, error) {
	if !json.Valid(data) {
		return nil, jsonError(data)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil {
		return nil, jsonError(data)
	} else if tok != json.Delim('{') {
		return nil, errors.New("the document root is not an object")
	}
	fields := make(map[string]string)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, jsonError(data)
		}
		key, _ := tok.(string)
		var val json.RawMessage
		if err := dec.Decode(&val); err != nil {
			return nil, jsonError(data)
		}
		if !isSniffKey(key) {
			continue
		}
		var s any
		if err := json.Unmarshal(val, &s); err == nil {
			switch v := s.(type) {
			case string:
				fields[key] = v
			case float64:
				fields[key] = string(bytes.TrimSpace(val))
			default:
				fields[key] = ""
			}
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, jsonError(data)
	}
	return fields, nil
}

// jsonError describes the first syntax error in data with the 0-based
// byte offset of the offending byte.
func jsonError(data []byte) error {
	var v any
	err := json.Unmarshal(data, &v)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("invalid JSON at offset %d: %v", max(se.Offset-1, 0), err)
	}
	return fmt.Errorf("invalid JSON: %v", err)
}

// yamlRootFields reads the identifying root fields of a YAML mapping.
func yamlRootFields(data []byte) (map[string]string, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("invalid YAML: %v", err)
	}
	root := &doc
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			return nil, errors.New("the document is empty")
		}
		root = root.Content[0]
	}
	if root.Kind == yaml.AliasNode && root.Alias != nil {
		root = root.Alias
	}
	if root.Kind != yaml.MappingNode {
		return nil, errors.New("the document root is not an object")
	}
	fields := make(map[string]string)
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Kind != yaml.ScalarNode || !isSniffKey(k.Value) {
			continue
		}
		if v.Kind == yaml.ScalarNode {
			fields[k.Value] = v.Value
		} else {
			fields[k.Value] = ""
		}
	}
	return fields, nil
}

func isSniffKey(k string) bool {
	for _, s := range sniffKeys {
		if k == s {
			return true
		}
	}
	return false
}
