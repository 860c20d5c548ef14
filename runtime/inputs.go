package runtime

import (
	"fmt"

	"github.com/arazzo-dev/arazzo/arazzo"
	"github.com/arazzo-dev/arazzo/internal/jsonpointer"
	"github.com/arazzo-dev/arazzo/internal/jsonvalue"
	"github.com/arazzo-dev/arazzo/internal/wire"
)

// File is binary content given as a workflow input, for binary request
// bodies and multipart/form-data file parts: a payload (or a payload
// member) that evaluates to a File is sent as its bytes. To the inputs
// schema a File looks like a string, as "type: string, format: binary"
// describes it. File and *File are both accepted.
type File struct {
	// Name is the file name sent in a multipart part; may be empty.
	Name string
	// ContentType is the media type of the data; empty means the encoding
	// object's, else application/octet-stream.
	ContentType string
	// Data is the content.
	Data []byte
}

// prepareInputs converts the caller's inputs to plain JSON values, fills
// in defaults when ApplyInputDefaults is on, and validates them against
// p's inputs schema (WF-07). File values are checked as strings and kept.
func (e *Engine) prepareInputs(p *workflowPlan, inputs map[string]any) (map[string]any, error) {
	var files []placedFile
	stripped, _ := stripFiles(inputs, "", &files).(map[string]any)
	norm := map[string]any{}
	if stripped != nil {
		v, err := jsonvalue.Normalize(stripped)
		if err != nil {
			return nil, &arazzo.InputError{Workflow: p.id, Violations: []arazzo.InputViolation{{Keyword: "type",
				Message: fmt.Sprintf("the inputs are not JSON values: %v", err)}}}
		}
		m, ok := v.(map[string]any)
		if !ok {
			return nil, &arazzo.InputError{Workflow: p.id, Violations: []arazzo.InputViolation{{Keyword: "type", Message: "the inputs are not an object"}}}
		}
		norm = m
	}
	if e.cfg.applyDefaults && p.inputs != nil {
		copied := false
		for name, def := range p.inputs.Defaults() {
			if _, ok := norm[name]; !ok {
				if !copied {
					norm, copied = copyMap(norm), true
				}
				norm[name] = def
			}
		}
	}
	if p.inputs != nil {
		if err := p.inputs.Validate(norm); err != nil {
			return nil, err
		}
	}
	if len(files) > 0 {
		norm = copyMap(norm)
		for _, f := range files {
			if v, err := jsonpointer.Set(norm, f.pointer, f.file); err == nil {
				norm = v.(map[string]any)
			}
		}
	}
	return norm, nil
}

func copyMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	return out
}

// placedFile is a File found in the inputs, with its JSON pointer.
type placedFile struct {
	pointer string
	file    wire.File
}

// stripFiles returns v with every File replaced by an empty string,
// copying the containers on the way, and lists the Files it replaced.
func stripFiles(v any, pointer string, files *[]placedFile) any {
	if !hasFile(v) {
		return v
	}
	switch x := v.(type) {
	case File:
		*files = append(*files, placedFile{pointer, wire.File{Name: x.Name, ContentType: x.ContentType, Data: x.Data}})
		return ""
	case *File:
		if x == nil {
			return nil
		}
		*files = append(*files, placedFile{pointer, wire.File{Name: x.Name, ContentType: x.ContentType, Data: x.Data}})
		return ""
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = stripFiles(e, pointer+"/"+jsonpointer.Escape(k), files)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = stripFiles(e, fmt.Sprintf("%s/%d", pointer, i), files)
		}
		return out
	}
	return v
}

// hasFile reports whether v is or holds a File.
func hasFile(v any) bool {
	switch x := v.(type) {
	case File, *File:
		return true
	case map[string]any:
		for _, e := range x {
			if hasFile(e) {
				return true
			}
		}
	case []any:
		for _, e := range x {
			if hasFile(e) {
				return true
			}
		}
	}
	return false
}

// lookup returns the value at a JSON pointer in m.
func lookup(m map[string]any, pointer string) (any, bool) {
	v, err := jsonpointer.Get(m, pointer)
	return v, err == nil
}
