package yamlx

import (
	"os"
	"testing"
)

// BenchmarkDecode decodes the golden ZenML workflow and the ZenML OpenAPI
// description with DecodeTree and Decode, which use the block reader for
// them, and with the YAML parser path the block reader stands in for.
func BenchmarkDecode(b *testing.B) {
	for _, name := range []string{"zenml-provision-secret-workflow.yml", "zenml-openapi.yml"} {
		src, err := os.ReadFile("testdata/" + name)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name+"/tree", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				if _, errs := DecodeTree(src, Limits{}); errs != nil {
					b.Fatal(errs)
				}
			}
		})
		b.Run(name+"/block", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				if _, errs := Decode(src, Limits{}); errs != nil {
					b.Fatal(errs)
				}
			}
		})
		b.Run(name+"/parser", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(src)))
			lim := Limits{}.withDefaults()
			for b.Loop() {
				if _, errs := parseYAML(src, newLines(src, true), lim); errs != nil {
					b.Fatal(errs)
				}
			}
		})
	}
}
