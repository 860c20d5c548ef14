package conformance

import (
	"fmt"
	"slices"
	"strings"

	"github.com/arazzo-dev/arazzo/internal/yamlx"
)

// decoder reads the nodes of one YAML data file strictly: every member
// must be known, every value of the expected type. The first problem is
// kept, with its position, and later calls do nothing, so that decoding
// code can read straight through without checking after every field.
type decoder struct {
	file string // the file's name in messages
	err  error
}

// errorf records a problem at n, unless one is recorded already.
func (d *decoder) errorf(n *yamlx.Node, format string, args ...any) {
	if d.err != nil {
		return
	}
	var pos yamlx.Pos
	if n != nil {
		pos = n.Range.Start
	}
	d.errorAt(pos, format, args...)
}

func (d *decoder) errorAt(pos yamlx.Pos, format string, args ...any) {
	if d.err != nil {
		return
	}
	where := d.file
	if pos.Line > 0 {
		where = fmt.Sprintf("%s:%d:%d", d.file, pos.Line, pos.Column)
	}
	d.err = fmt.Errorf("%s: %s", where, fmt.Sprintf(format, args...))
}

// object is a mapping being read. Reading a member marks it as known;
// close reports the members nobody read.
type object struct {
	d    *decoder
	n    *yamlx.Node
	what string
	read map[string]bool
}

// object starts reading n, which must be a mapping; what names it in
// messages ("the case", "want"). A nil n (an absent member) reads as an
// empty mapping.
func (d *decoder) object(n *yamlx.Node, what string) *object {
	o := &object{d: d, n: n, what: what, read: map[string]bool{}}
	if n != nil && n.Kind != yamlx.Object {
		d.errorf(n, "%s must be a mapping, not %s", what, describeKind(n))
		o.n = nil
	}
	return o
}

// get returns the member key, or nil when it is absent.
func (o *object) get(key string) *yamlx.Node {
	o.read[key] = true
	if o.n == nil {
		return nil
	}
	if f := o.n.Field(key); f != nil {
		return f.Value
	}
	return nil
}

// has reports whether the member key is present.
func (o *object) has(key string) bool {
	return o.n != nil && o.n.Field(key) != nil
}

// keys returns the members' names in document order.
func (o *object) keys() []string {
	if o.n == nil {
		return nil
	}
	out := make([]string, 0, len(o.n.Fields))
	for _, f := range o.n.Fields {
		out = append(out, f.Key)
	}
	return out
}

// keyPos returns where the member key is written.
func (o *object) keyPos(key string) yamlx.Pos {
	if o.n != nil {
		if f := o.n.Field(key); f != nil {
			return f.KeyRange.Start
		}
		return o.n.Range.Start
	}
	return yamlx.Pos{}
}

// str reads a string member; required says whether it must be present.
func (o *object) str(key string, required bool) string {
	n := o.get(key)
	if n == nil {
		if required {
			o.missing(key)
		}
		return ""
	}
	return o.d.str(n, fmt.Sprintf("%s %q", o.what, key))
}

// strs reads a member that is a list of strings.
func (o *object) strs(key string) []string {
	n := o.get(key)
	if n == nil {
		return nil
	}
	what := fmt.Sprintf("%s %q", o.what, key)
	if n.Kind != yamlx.Array {
		o.d.errorf(n, "%s must be a list of strings, not %s", what, describeKind(n))
		return nil
	}
	out := make([]string, 0, len(n.Items))
	for _, it := range n.Items {
		out = append(out, o.d.str(it, what+" item"))
	}
	return out
}

// integer reads an integer member; ok is false when it is absent.
func (o *object) integer(key string) (v int, ok bool) {
	n := o.get(key)
	if n == nil {
		return 0, false
	}
	i, isInt := n.Value.(int64)
	if !isInt || i < -1<<31 || i > 1<<31-1 {
		o.d.errorf(n, "%s %q must be an integer, not %s", o.what, key, describeKind(n))
		return 0, false
	}
	return int(i), true
}

// boolean reads a boolean member, false when absent.
func (o *object) boolean(key string) bool {
	n := o.get(key)
	if n == nil {
		return false
	}
	b, ok := n.Value.(bool)
	if !ok {
		o.d.errorf(n, "%s %q must be true or false, not %s", o.what, key, describeKind(n))
	}
	return b
}

func (o *object) missing(key string) {
	if o.n == nil {
		o.d.errorAt(yamlx.Pos{}, "%s has no %q", o.what, key)
		return
	}
	o.d.errorf(o.n, "%s has no %q", o.what, key)
}

// close reports the first member that was not read, naming the members
// that are known.
func (o *object) close() {
	if o.n == nil || o.d.err != nil {
		return
	}
	for _, f := range o.n.Fields {
		if !o.read[f.Key] {
			known := make([]string, 0, len(o.read))
			for k := range o.read {
				known = append(known, k)
			}
			slices.Sort(known)
			o.d.errorAt(f.KeyRange.Start, "%s has an unknown member %q (known: %s)", o.what, f.Key, strings.Join(known, ", "))
			return
		}
	}
}

// str reads n as a string.
func (d *decoder) str(n *yamlx.Node, what string) string {
	s, ok := n.Value.(string)
	if !ok || n.Kind != yamlx.String {
		d.errorf(n, "%s must be a string, not %s", what, describeKind(n))
	}
	return s
}

// describeKind names the type of a node's value for a message.
func describeKind(n *yamlx.Node) string {
	switch n.Kind {
	case yamlx.Null:
		return "null"
	case yamlx.Bool:
		return fmt.Sprintf("the boolean %v", n.Value)
	case yamlx.Number:
		return fmt.Sprintf("the number %v", n.Value)
	case yamlx.String:
		return fmt.Sprintf("the string %q", n.Value)
	case yamlx.Array:
		return "a list"
	case yamlx.Object:
		return "a mapping"
	}
	return "an unknown value"
}
