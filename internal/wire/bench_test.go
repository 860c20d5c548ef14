package wire

import (
	"encoding/json"
	"testing"
)

func BenchmarkPath(b *testing.B) {
	p := Param{Name: "id"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Path(p, "pet/42"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkQueryFormArray(b *testing.B) {
	p := Param{Name: "color"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Query(p, colorArray); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkQueryDeepObject(b *testing.B) {
	p := Param{Name: "color", Style: "deepObject"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Query(p, colorObject); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHeader(b *testing.B) {
	p := Param{Name: "X-Request-Id"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Header(p, "0b5c7c3e-2f7c-4a51-9a8e-1d1f0b9f6a55"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkExpandPath(b *testing.B) {
	values := map[string]string{"owner": "arazzo-dev", "repo": "arazzo", "number": "42"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ExpandPath("/repos/{owner}/{repo}/issues/{number}", values); err != nil {
			b.Fatal(err)
		}
	}
}

var benchPayload = map[string]any{
	"name":   "Tom",
	"age":    int64(3),
	"tags":   []any{"cat", "small"},
	"owner":  map[string]any{"name": "Ann", "id": json.Number("12345678901234567890")},
	"active": true,
}

func BenchmarkEncodeBodyJSON(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := EncodeBody("application/json", benchPayload); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeBodyJSONString(b *testing.B) {
	payload := `{"name":"Tom","age":3,"tags":["cat","small"],"owner":{"name":"Ann"}}`
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := EncodeBody("application/json", payload); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeBodyForm(b *testing.B) {
	payload := map[string]any{"name": "Tom Cat", "age": int64(3), "tags": []any{"a", "b"}}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := EncodeBody("application/x-www-form-urlencoded", payload); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeBodyMultipart(b *testing.B) {
	payload := map[string]any{"name": "Tom", "photo": File{Name: "tom.png", ContentType: "image/png", Data: make([]byte, 1024)}}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := EncodeBody("multipart/form-data", payload, Boundary("bench")); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeBodyJSON(b *testing.B) {
	data, _, err := EncodeBody("application/json", benchPayload)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeBody("application/json; charset=utf-8", data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReplaceJSON(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReplaceJSON(benchPayload, "/owner/name", "Bob"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReplaceXML(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReplaceXML(petXML, "/pet/name", "Bob"); err != nil {
			b.Fatal(err)
		}
	}
}
