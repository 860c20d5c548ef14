package arazzo

import (
	"cmp"
	"fmt"
	"hash/maphash"
	"math"
	"math/big"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/arazzo-dev/arazzo/internal/yamlx"
)

// This file holds the fast path of the schema check. The JSON Schema
// library allocates a tree of results for every value it visits, even in a
// valid document, and checking a workflow's inputs against the draft
// 2020-12 metaschema alone costs hundreds of allocations. Most documents
// are valid, so the check first runs a structural pass that can prove a
// document valid without the library; when it cannot, the library runs as
// before and every diagnostic comes from it.
//
// The pass is not written by hand: it is built, when the schema is first
// needed, from the library's own compiled form of the embedded schema (the
// same types, required fields, enums, regular expressions and references
// the library applies), and it understands only the keywords that schema
// uses. A compiled schema with any other keyword does not build, and the
// check then always uses the library. Each keyword is evaluated to one of
// three verdicts: certainly valid, certainly invalid, or unsure; only a
// certainly valid document skips the library. The free-form schemas of
// workflow inputs are checked by a conservative subset of the metaschema
// (metaschemaValid) and, when that subset cannot tell, by the library's
// compiled metaschema applied to that value alone.
//
// The pass reads the parser's tree of the document, not its plain values:
// a valid document is then checked without building them at all.

// verdict is the result of the fast pass for one value under one schema.
// The order matters: combining verdicts keeps the worst.
type verdict uint8

const (
	verdictValid verdict = iota
	verdictUnsure
	verdictInvalid
)

func (v verdict) String() string {
	switch v {
	case verdictValid:
		return "valid"
	case verdictInvalid:
		return "invalid"
	}
	return "unsure"
}

// fastSchema is one compiled schema of the fast pass.
type fastSchema struct {
	loc string // the library's location of the schema, for tests

	always *bool // a boolean schema
	// meta is the draft 2020-12 metaschema, set for a reference to it.
	meta *jsonschema.Schema

	types    uint8 // bit set of jsonType*; 0 = any
	constant []any // zero or one value
	enum     []any
	hasEnum  bool

	required      []string
	props         map[string]*fastSchema
	patterns      []fastPattern
	additional    *fastSchema
	propertyNames *fastSchema
	depRequired   []dependency
	// propList holds props in a list, and checkPatterns the patterns
	// whose schema is not just true (all of them when additional is set,
	// since they decide what is additional); perName is set when the
	// instance's members must be visited one by one, rather than only
	// those props names.
	propList      []namedSchema
	checkPatterns []fastPattern
	perName       bool
	unevaluated   *fastSchema
	// evaluated holds the names this schema and the subschemas always
	// applied with it ($ref, allOf) evaluate, so that unevaluatedProperties
	// leaves them alone; maybe those that a subschema applied only
	// sometimes (oneOf, anyOf, if, then, else) may evaluate, for which the
	// pass is unsure.
	evaluated, maybe nameSet

	minItems int // -1 when absent
	unique   bool
	items    *fastSchema

	pattern *fastPattern

	hasMinimum bool
	minimum    int64

	ref                        *fastSchema
	allOf, anyOf, oneOf        []*fastSchema
	ifSchema, then, elseSchema *fastSchema
}

// dependency is one entry of dependentRequired.
type dependency struct {
	name     string
	required []string
}

// namedSchema is one entry of properties.
type namedSchema struct {
	name   string
	schema *fastSchema
}

// fastPattern is a regular expression of the schema, with shortcuts for
// the two forms the schema's names use: "^literal" and "^[class]+$" with
// an ASCII class.
type fastPattern struct {
	re     *regexp.Regexp
	prefix string // set when re is exactly "^" followed by this literal
	// class is set when re is "^[...]+$" with only ASCII characters in
	// the brackets: the bytes the class holds.
	class  *[256]bool
	schema *fastSchema
}

func newFastPattern(re *regexp.Regexp, s *fastSchema) fastPattern {
	p := fastPattern{re: re, schema: s}
	src := re.String()
	if lit, ok := strings.CutPrefix(src, "^"); ok && lit != "" && regexp.QuoteMeta(lit) == lit {
		p.prefix = lit
	}
	p.class = asciiClassPlus(src)
	return p
}

// asciiClassPlus returns the byte table of a pattern of the form
// "^[...]+$" whose class holds ASCII characters only, or nil. Such a
// pattern matches exactly the non-empty strings of those bytes: a byte of
// a multi-byte or invalid UTF-8 sequence is never in the table, and such a
// sequence never matches an ASCII class.
func asciiClassPlus(src string) *[256]bool {
	re, err := syntax.Parse(src, syntax.Perl)
	if err != nil {
		return nil
	}
	re = re.Simplify()
	if re.Op != syntax.OpConcat || len(re.Sub) != 3 || re.Sub[0].Op != syntax.OpBeginText || re.Sub[2].Op != syntax.OpEndText {
		return nil
	}
	plus := re.Sub[1]
	if plus.Op != syntax.OpPlus || len(plus.Sub) != 1 || plus.Sub[0].Op != syntax.OpCharClass {
		return nil
	}
	ranges := plus.Sub[0].Rune
	var t [256]bool
	for i := 0; i+1 < len(ranges); i += 2 {
		lo, hi := ranges[i], ranges[i+1]
		if hi >= utf8.RuneSelf {
			return nil
		}
		for r := lo; r <= hi; r++ {
			t[r] = true
		}
	}
	return &t
}

func (p *fastPattern) match(s string) bool {
	switch {
	case p.prefix != "":
		return strings.HasPrefix(s, p.prefix)
	case p.class != nil:
		if s == "" {
			return false
		}
		for i := 0; i < len(s); i++ {
			if !p.class[s[i]] {
				return false
			}
		}
		return true
	}
	return p.re.MatchString(s)
}

// nameSet is a set of property names: every name, or the names listed and
// those matching the patterns.
type nameSet struct {
	all      bool
	names    map[string]bool
	patterns []fastPattern
}

func (s *nameSet) has(name string) bool {
	if s.all || s.names[name] {
		return true
	}
	for i := range s.patterns {
		if s.patterns[i].match(name) {
			return true
		}
	}
	return false
}

func (s *nameSet) addAll(o *nameSet) {
	if o.all {
		s.all = true
	}
	for n := range o.names {
		s.addName(n)
	}
	s.patterns = append(s.patterns, o.patterns...)
}

func (s *nameSet) addName(n string) {
	if s.names == nil {
		s.names = map[string]bool{}
	}
	s.names[n] = true
}

// fastBuilder turns the library's compiled schema into fast schemas.
type fastBuilder struct {
	done map[*jsonschema.Schema]*fastSchema
}

// buildFast builds the fast pass for a compiled schema, or returns an
// error naming the first keyword it does not understand.
func buildFast(root *jsonschema.Schema) (*fastSchema, error) {
	b := &fastBuilder{done: map[*jsonschema.Schema]*fastSchema{}}
	f, err := b.build(root)
	if err != nil {
		return nil, err
	}
	for _, s := range b.done {
		s.collectNames()
	}
	return f, nil
}

func (b *fastBuilder) build(s *jsonschema.Schema) (*fastSchema, error) {
	if s == nil {
		return nil, nil
	}
	if f, ok := b.done[s]; ok {
		return f, nil
	}
	f := &fastSchema{loc: s.Location, minItems: -1}
	b.done[s] = f
	if strings.HasPrefix(s.Location, "https://json-schema.org/draft/2020-12/schema") {
		f.meta = s
		return f, nil
	}
	if !strings.HasPrefix(s.Location, schemaID+"#") {
		return nil, fmt.Errorf("%s: a reference outside the schema", s.Location)
	}
	unsupported := func(keyword string) error {
		return fmt.Errorf("%s: keyword %s is not supported by the fast pass", s.Location, keyword)
	}
	switch {
	case s.RecursiveRef != nil || s.DynamicRef != nil:
		return nil, unsupported("$recursiveRef/$dynamicRef")
	case s.Not != nil:
		return nil, unsupported("not")
	case s.MinProperties != -1 || s.MaxProperties != -1:
		return nil, unsupported("minProperties/maxProperties")
	case s.RegexProperties || s.Dependencies != nil || s.DependentSchemas != nil:
		return nil, unsupported("dependencies/dependentSchemas")
	case s.MaxItems != -1 || s.Items != nil || s.AdditionalItems != nil || s.PrefixItems != nil:
		return nil, unsupported("maxItems/prefixItems")
	case s.Contains != nil || s.MaxContains != -1 || s.MinContains != 1 || s.UnevaluatedItems != nil:
		return nil, unsupported("contains/unevaluatedItems")
	case s.MinLength != -1 || s.MaxLength != -1:
		return nil, unsupported("minLength/maxLength")
	case s.ContentEncoding != "" || s.ContentMediaType != "" || s.ContentSchema != nil:
		return nil, unsupported("content")
	case s.ExclusiveMinimum != nil || s.Maximum != nil || s.ExclusiveMaximum != nil || s.MultipleOf != nil:
		return nil, unsupported("maximum/exclusiveMinimum/multipleOf")
	case len(s.Extensions) > 0:
		return nil, unsupported("extension")
	}
	// "format" is an annotation: the schema is compiled without format
	// assertion (TestSchemaFormatIsAnnotation checks it).
	f.always = s.Always
	for _, t := range s.Types {
		bit := typeBits[t]
		if bit == 0 {
			return nil, fmt.Errorf("%s: unknown type %q", s.Location, t)
		}
		f.types |= bit
	}
	for _, v := range s.Constant {
		if !fastScalar(v) {
			return nil, unsupported("const of a non-scalar")
		}
	}
	f.constant = s.Constant
	if s.Enum != nil {
		for _, v := range s.Enum {
			if !fastScalar(v) {
				return nil, unsupported("enum with a non-scalar")
			}
		}
		f.enum, f.hasEnum = s.Enum, true
	}
	f.required = s.Required
	for name, req := range s.DependentRequired {
		f.depRequired = append(f.depRequired, dependency{name, req})
	}
	f.minItems = s.MinItems
	f.unique = s.UniqueItems
	if s.Minimum != nil {
		if !s.Minimum.IsInt() || s.Minimum.Num().CmpAbs(big.NewInt(1<<53)) > 0 {
			return nil, unsupported("minimum that is not a small integer")
		}
		f.hasMinimum, f.minimum = true, s.Minimum.Num().Int64()
	}
	if s.Pattern != nil {
		p := newFastPattern(s.Pattern, nil)
		f.pattern = &p
	}
	var err error
	one := func(dst **fastSchema, src *jsonschema.Schema) {
		if err == nil {
			*dst, err = b.build(src)
		}
	}
	list := func(src []*jsonschema.Schema) []*fastSchema {
		var out []*fastSchema
		for _, x := range src {
			var y *fastSchema
			one(&y, x)
			out = append(out, y)
		}
		return out
	}
	if len(s.Properties) > 0 {
		f.props = make(map[string]*fastSchema, len(s.Properties))
		for name, ps := range s.Properties {
			var p *fastSchema
			one(&p, ps)
			f.props[name] = p
		}
	}
	for re, ps := range s.PatternProperties {
		var p *fastSchema
		one(&p, ps)
		f.patterns = append(f.patterns, newFastPattern(re, p))
	}
	switch a := s.AdditionalProperties.(type) {
	case nil:
	case bool:
		f.additional = &fastSchema{always: &a, minItems: -1}
	case *jsonschema.Schema:
		one(&f.additional, a)
	default:
		return nil, unsupported("additionalProperties")
	}
	one(&f.propertyNames, s.PropertyNames)
	one(&f.unevaluated, s.UnevaluatedProperties)
	one(&f.items, s.Items2020)
	one(&f.ref, s.Ref)
	f.allOf = list(s.AllOf)
	f.anyOf = list(s.AnyOf)
	f.oneOf = list(s.OneOf)
	one(&f.ifSchema, s.If)
	one(&f.then, s.Then)
	one(&f.elseSchema, s.Else)
	if err != nil {
		return nil, err
	}
	for name, p := range f.props {
		f.propList = append(f.propList, namedSchema{name, p})
	}
	for _, p := range f.patterns {
		if f.additional != nil || p.schema.always == nil || !*p.schema.always {
			f.checkPatterns = append(f.checkPatterns, p)
		}
	}
	f.perName = f.propertyNames != nil || f.unevaluated != nil || f.additional != nil || len(f.checkPatterns) > 0
	return f, nil
}

// fastScalar reports whether a schema's const or enum value is one the
// fast pass compares exactly.
func fastScalar(v any) bool {
	switch v.(type) {
	case nil, bool, string:
		return true
	}
	return false
}

// collectNames fills the evaluated and maybe name sets of f.
func (f *fastSchema) collectNames() {
	f.evaluated, f.maybe = nameSet{}, nameSet{}
	var always, sometimes func(g *fastSchema, seen map[*fastSchema]bool)
	always = func(g *fastSchema, seen map[*fastSchema]bool) {
		if g == nil || seen[g] {
			return
		}
		seen[g] = true
		g.ownNames(&f.evaluated, g != f)
		always(g.ref, seen)
		for _, x := range g.allOf {
			always(x, seen)
		}
		for _, list := range [][]*fastSchema{g.anyOf, g.oneOf, {g.ifSchema, g.then, g.elseSchema}} {
			for _, x := range list {
				sometimes(x, map[*fastSchema]bool{})
			}
		}
	}
	sometimes = func(g *fastSchema, seen map[*fastSchema]bool) {
		if g == nil || seen[g] {
			return
		}
		seen[g] = true
		g.ownNames(&f.maybe, true)
		for _, list := range [][]*fastSchema{{g.ref}, g.allOf, g.anyOf, g.oneOf, {g.ifSchema, g.then, g.elseSchema}} {
			for _, x := range list {
				sometimes(x, seen)
			}
		}
	}
	always(f, map[*fastSchema]bool{})
}

// ownNames adds the names the keywords of g itself evaluate, counting
// its unevaluatedProperties only when asked: a schema's own
// unevaluatedProperties applies to the names the others leave, but for a
// schema that applies g in place, g evaluates them all.
func (g *fastSchema) ownNames(s *nameSet, unevaluated bool) {
	if g.meta != nil || g.additional != nil || (unevaluated && g.unevaluated != nil) {
		// The metaschema may evaluate any name; additionalProperties and
		// unevaluatedProperties evaluate every name left.
		s.all = true
	}
	for n := range g.props {
		s.addName(n)
	}
	for _, p := range g.patterns {
		s.patterns = append(s.patterns, fastPattern{re: p.re, prefix: p.prefix, class: p.class})
	}
}

// maxFastDepth bounds the nesting the fast pass follows; deeper values are
// left to the library.
const maxFastDepth = 256

// check returns the verdict for v.
func (f *fastSchema) check(v yamlx.Value, depth int) verdict {
	if depth > maxFastDepth {
		return verdictUnsure
	}
	if f.always != nil {
		if *f.always {
			return verdictValid
		}
		return verdictInvalid
	}
	if f.meta != nil {
		return checkMetaschema(f.meta, v)
	}
	kind := kindOf(v)
	if kind == 0 {
		return verdictUnsure // not a finite JSON value: the library decides
	}
	if f.types != 0 && f.types&kind == 0 {
		return verdictInvalid
	}
	res := verdictValid
	// add records a verdict and reports whether checking should stop.
	add := func(v verdict) bool {
		res = max(res, v)
		return res == verdictInvalid
	}
	if len(f.constant) > 0 && add(constVerdict(v, f.constant[0])) {
		return res
	}
	if f.hasEnum {
		in := verdictInvalid
		for _, e := range f.enum {
			if in = min(in, constVerdict(v, e)); in == verdictValid {
				break
			}
		}
		if add(in) {
			return res
		}
	}
	switch v.Kind() {
	case yamlx.Object:
		if add(f.checkObject(v, depth)) {
			return res
		}
	case yamlx.Array:
		if f.minItems >= 0 && v.Len() < f.minItems {
			return verdictInvalid
		}
		if f.unique && add(uniqueVerdict(v)) {
			return res
		}
		if f.items != nil {
			for i := range v.Len() {
				if add(f.items.check(v.Item(i), depth+1)) {
					return res
				}
			}
		}
	case yamlx.String:
		if f.pattern != nil && !f.pattern.match(v.Str()) {
			return verdictInvalid
		}
	case yamlx.Number:
		if f.hasMinimum {
			if i, ok := v.Int(); ok && i < f.minimum {
				return verdictInvalid
			}
			if x, ok := v.Float(); ok && x < float64(f.minimum) {
				return verdictInvalid
			}
		}
	}
	if f.ref != nil && add(f.ref.check(v, depth+1)) {
		return res
	}
	for _, s := range f.allOf {
		if add(s.check(v, depth+1)) {
			return res
		}
	}
	if len(f.anyOf) > 0 {
		alt := verdictInvalid
		for _, s := range f.anyOf {
			if alt = min(alt, s.check(v, depth+1)); alt == verdictValid {
				break
			}
		}
		if add(alt) {
			return res
		}
	}
	if len(f.oneOf) > 0 && add(oneOfVerdict(f.oneOf, v, depth)) {
		return res
	}
	if f.ifSchema != nil {
		cond := f.ifSchema.check(v, depth+1)
		branch := func(s *fastSchema) verdict {
			if s == nil {
				return verdictValid
			}
			return s.check(v, depth+1)
		}
		var r verdict
		switch cond {
		case verdictValid:
			r = branch(f.then)
		case verdictInvalid:
			r = branch(f.elseSchema)
		default:
			// Either branch may apply: only agreement is certain.
			t, e := branch(f.then), branch(f.elseSchema)
			if r = verdictUnsure; t == e {
				r = t
			}
		}
		if add(r) {
			return res
		}
	}
	return res
}

// checkObject applies the object keywords of f to x.
func (f *fastSchema) checkObject(x yamlx.Value, depth int) verdict {
	for _, name := range f.required {
		if !has(x, name) {
			return verdictInvalid
		}
	}
	for _, dep := range f.depRequired {
		if has(x, dep.name) {
			for _, d := range dep.required {
				if !has(x, d) {
					return verdictInvalid
				}
			}
		}
	}
	res := verdictValid
	if !f.perName {
		// Only the members properties names need checking: looking each
		// name up among the few members beats hashing every member's name.
		for _, p := range f.propList {
			if m, ok := x.Lookup(p.name); ok {
				if res = max(res, p.schema.check(m.Value(), depth+1)); res == verdictInvalid {
					return res
				}
			}
		}
		return res
	}
	for i := range x.Len() {
		m := x.Member(i)
		name, v := m.Key(), m.Value()
		evaluated := false
		if ps, ok := f.props[name]; ok {
			evaluated = true
			if res = max(res, ps.check(v, depth+1)); res == verdictInvalid {
				return res
			}
		}
		if f.propertyNames != nil {
			if res = max(res, f.propertyNames.checkName(name, depth+1)); res == verdictInvalid {
				return res
			}
		}
		for i := range f.checkPatterns {
			p := &f.checkPatterns[i]
			if p.match(name) {
				evaluated = true
				if res = max(res, p.schema.check(v, depth+1)); res == verdictInvalid {
					return res
				}
			}
		}
		if !evaluated && f.additional != nil {
			if res = max(res, f.additional.check(v, depth+1)); res == verdictInvalid {
				return res
			}
		}
		if f.unevaluated != nil && !evaluated && !f.evaluated.has(name) {
			if f.maybe.has(name) {
				res = max(res, verdictUnsure)
				continue
			}
			if res = max(res, f.unevaluated.check(v, depth+1)); res == verdictInvalid {
				return res
			}
		}
	}
	return res
}

// checkName returns the verdict for a property name, which is not a value
// of the document: only a schema of the keywords that matter to a string
// is applied, and for any other the pass is unsure. (The embedded schema
// checks names with a type and a pattern only.)
func (f *fastSchema) checkName(name string, depth int) verdict {
	if depth > maxFastDepth || f.meta != nil || len(f.constant) > 0 || f.hasEnum || f.ref != nil || f.allOf != nil ||
		f.anyOf != nil || f.oneOf != nil || f.ifSchema != nil {
		return verdictUnsure
	}
	switch {
	case f.always != nil && !*f.always:
		return verdictInvalid
	case f.always != nil:
		return verdictValid
	case f.types != 0 && f.types&typeString == 0:
		return verdictInvalid
	case f.pattern != nil && !f.pattern.match(name):
		return verdictInvalid
	}
	return verdictValid
}

// oneOfVerdict decides a oneOf: valid when exactly one alternative is
// certainly valid and every other certainly invalid.
func oneOfVerdict(alts []*fastSchema, v yamlx.Value, depth int) verdict {
	valid, unsure := 0, 0
	for _, s := range alts {
		switch s.check(v, depth+1) {
		case verdictValid:
			valid++
		case verdictUnsure:
			unsure++
		}
		if valid > 1 {
			return verdictInvalid
		}
	}
	switch {
	case unsure > 0:
		return verdictUnsure
	case valid == 1:
		return verdictValid
	}
	return verdictInvalid
}

// kindOf returns the JSON Schema types a document value has (an integer is
// also a number), or 0 for a number that is not finite, which the fast
// pass leaves to the library.
func kindOf(v yamlx.Value) uint8 {
	switch v.Kind() {
	case yamlx.Null:
		return typeNull
	case yamlx.Bool:
		return typeBoolean
	case yamlx.String:
		return typeString
	case yamlx.Array:
		return typeArray
	case yamlx.Object:
		return typeObject
	case yamlx.Number:
		if _, ok := v.Int(); ok {
			return typeInteger | typeNumber
		}
		if x, _ := v.Float(); !math.IsInf(x, 0) && !math.IsNaN(x) {
			return typeOf(x)
		}
	}
	return 0
}

// constVerdict compares a document value with a const or enum value of the
// schema, which is null, a boolean or a string (see fastScalar).
func constVerdict(v yamlx.Value, c any) verdict {
	switch x := c.(type) {
	case nil:
		return boolVerdict(v.Kind() == yamlx.Null)
	case bool:
		return boolVerdict(v.Kind() == yamlx.Bool && v.Bool() == x)
	case string:
		return boolVerdict(v.Kind() == yamlx.String && v.Str() == x)
	}
	return verdictUnsure
}

// equalVerdict compares two document values as the library's equality
// does (numbers by value, objects regardless of member order): valid when
// they are equal, invalid when not, unsure when the comparison is not
// exact here.
func equalVerdict(a, b yamlx.Value) verdict {
	ka, kb := kindOf(a), kindOf(b)
	if ka == 0 || kb == 0 {
		return verdictUnsure
	}
	if ka&typeNumber != 0 && kb&typeNumber != 0 {
		return numbersEqual(a, b)
	}
	if ka != kb {
		return verdictInvalid
	}
	switch a.Kind() {
	case yamlx.Null:
		return verdictValid
	case yamlx.Bool:
		return boolVerdict(a.Bool() == b.Bool())
	case yamlx.String:
		return boolVerdict(a.Str() == b.Str())
	case yamlx.Array:
		if a.Len() != b.Len() {
			return verdictInvalid
		}
		res := verdictValid
		for i := range a.Len() {
			if res = max(res, equalVerdict(a.Item(i), b.Item(i))); res == verdictInvalid {
				return res
			}
		}
		return res
	case yamlx.Object:
		if a.Len() != b.Len() {
			return verdictInvalid
		}
		res := verdictValid
		for i := range a.Len() {
			m := a.Member(i)
			bm, ok := b.Lookup(m.Key())
			if !ok {
				return verdictInvalid
			}
			if res = max(res, equalVerdict(m.Value(), bm.Value())); res == verdictInvalid {
				return res
			}
		}
		return res
	}
	return verdictUnsure
}

// numbersEqual compares two finite numbers. The library compares the exact
// values of their shortest decimal forms, which is exact comparison for two
// numbers of the same Go type, and for an integer against a float64 below
// 2^53 in magnitude.
func numbersEqual(a, b yamlx.Value) verdict {
	x, xInt := a.Int()
	y, yInt := b.Int()
	fx, _ := a.Float()
	fy, _ := b.Float()
	switch {
	case xInt && yInt:
		return boolVerdict(x == y)
	case xInt:
		return intFloatEqual(x, fy)
	case yInt:
		return intFloatEqual(y, fx)
	}
	return boolVerdict(fx == fy)
}

func intFloatEqual(i int64, f float64) verdict {
	switch {
	case f != math.Trunc(f):
		return verdictInvalid
	case math.Abs(f) < 1<<53:
		return boolVerdict(int64(f) == i)
	}
	return verdictUnsure
}

func boolVerdict(ok bool) verdict {
	if ok {
		return verdictValid
	}
	return verdictInvalid
}

// uniqueVerdict decides uniqueItems for an array: valid when no two items
// are equal. Long arrays are grouped by a hash first, so that only items
// with equal hashes are compared.
func uniqueVerdict(items yamlx.Value) verdict {
	res := verdictValid
	// distinct compares the items at i and j and reports whether they
	// are certainly equal.
	distinct := func(i, j int) bool {
		switch equalVerdict(items.Item(i), items.Item(j)) {
		case verdictValid:
			return false
		case verdictUnsure:
			res = verdictUnsure
		}
		return true
	}
	n := items.Len()
	if n <= 32 {
		for i := 1; i < n; i++ {
			for j := range i {
				if !distinct(i, j) {
					return verdictInvalid
				}
			}
		}
		return res
	}
	type keyed struct {
		hash  uint64
		index int
	}
	keys := make([]keyed, n)
	for i := range keys {
		keys[i] = keyed{valueHash(items.Item(i), 0), i}
	}
	slices.SortFunc(keys, func(a, b keyed) int { return cmp.Compare(a.hash, b.hash) })
	for start := 0; start < len(keys); {
		end := start + 1
		for end < len(keys) && keys[end].hash == keys[start].hash {
			end++
		}
		if end-start > maxHashGroup {
			// Numbers beyond 2^53 all hash alike; comparing a long run of
			// them pairwise would be quadratic.
			res = verdictUnsure
			start = end
			continue
		}
		for i := start + 1; i < end; i++ {
			for j := start; j < i; j++ {
				if !distinct(keys[i].index, keys[j].index) {
					return verdictInvalid
				}
			}
		}
		start = end
	}
	return res
}

// maxHashGroup is the longest run of items with equal hashes that
// uniqueVerdict compares pairwise.
const maxHashGroup = 64

var hashSeed = maphash.MakeSeed()

// valueHash hashes a document value so that values equalVerdict may find
// equal hash equally: object members are combined regardless of order, and
// numbers hash by value (all numbers of 2^53 or more in magnitude, whose
// comparison is not exact here, hash alike).
func valueHash(v yamlx.Value, depth int) uint64 {
	const prime = 1099511628211
	if depth > maxFastDepth {
		return 0
	}
	switch v.Kind() {
	case yamlx.Null:
		return 1
	case yamlx.Bool:
		if v.Bool() {
			return 2
		}
		return 3
	case yamlx.String:
		return maphash.String(hashSeed, v.Str())
	case yamlx.Number:
		if i, ok := v.Int(); ok {
			return numberHash(float64(i), math.Abs(float64(i)) < 1<<53)
		}
		x, _ := v.Float()
		return numberHash(x, math.Abs(x) < 1<<53)
	case yamlx.Array:
		h := uint64(5)
		for i := range v.Len() {
			h = h*prime ^ valueHash(v.Item(i), depth+1)
		}
		return h
	case yamlx.Object:
		h := uint64(7)
		for i := range v.Len() {
			m := v.Member(i)
			h += (maphash.String(hashSeed, m.Key()) ^ 0x9e3779b97f4a7c15) * (valueHash(m.Value(), depth+1) | 1)
		}
		return h
	}
	return 0
}

func numberHash(f float64, exact bool) uint64 {
	if !exact || math.IsNaN(f) {
		return 11
	}
	if f == 0 {
		f = 0 // -0 and 0 are equal
	}
	return math.Float64bits(f) * 0x9e3779b97f4a7c15
}
