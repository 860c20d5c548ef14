package arazzo

import (
	"context"
	"io/fs"
	"testing"

	"github.com/pb33f/libopenapi"
	libarazzo "github.com/pb33f/libopenapi/arazzo"

	"github.com/arazzo-dev/arazzo/specs"
)

// BenchmarkParseValidate parses and fully validates the golden ZenML
// workflow, with its OpenAPI description loaded once beforehand: "ours"
// parses the bytes, puts the new document in place of the loaded entry
// ([Bundle.WithEntry]) and runs [Validate] (schema, semantic rules and
// operation resolution); "libopenapi" runs libopenapi's NewArazzoDocument
// and arazzo.Validate on the same bytes, with the same OpenAPI model
// attached for operation lookup.
func BenchmarkParseValidate(b *testing.B) {
	data, err := fs.ReadFile(specs.FS, specs.Golden)
	if err != nil {
		b.Fatal(err)
	}
	doc, pds := Parse(data, Filename(specs.Golden))
	if doc == nil {
		b.Fatal(pds)
	}
	bundle, lds := Load(context.Background(), doc, UseLoader(FSLoader(specs.FS)))
	if len(lds) > 0 {
		b.Fatal(lds)
	}
	api := bundle.Source(doc, "zenmlApi").OpenAPI()
	b.Run("ours", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			d, ds := Parse(data, Filename(specs.Golden))
			if d == nil {
				b.Fatal(ds)
			}
			nb, err := bundle.WithEntry(d)
			if err != nil {
				b.Fatal(err)
			}
			if ds := Validate(context.Background(), nb); len(ds) != 3 || ds.Count(SeverityWarning) > 0 {
				b.Fatal(ds) // the three bare-expression infos only
			}
		}
	})
	b.Run("libopenapi", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			d, err := libopenapi.NewArazzoDocument(data)
			if err != nil {
				b.Fatal(err)
			}
			d.AddOpenAPISourceDocument(api.Model())
			if r := libarazzo.Validate(d); r != nil && r.HasErrors() {
				b.Fatal(r)
			}
		}
	})
}

// BenchmarkValidateParts times the parts of validating the golden
// workflow, parsed and loaded beforehand: the JSON Schema check, the
// semantic rules (with operation resolution), and both through Validate.
func BenchmarkValidateParts(b *testing.B) {
	data, err := fs.ReadFile(specs.FS, specs.Golden)
	if err != nil {
		b.Fatal(err)
	}
	doc, ds := Parse(data, Filename(specs.Golden))
	if doc == nil {
		b.Fatal(ds)
	}
	bundle, ds := Load(context.Background(), doc, UseLoader(FSLoader(specs.FS)))
	if len(ds) > 0 {
		b.Fatal(ds)
	}
	b.Run("schema", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			checkSchema(doc)
		}
	})
	b.Run("semantic", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			checkDocument(doc, bundle)
		}
	})
	b.Run("validate", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			Validate(context.Background(), bundle)
		}
	})
}
